# "Forward-mode Automatic Differentiation" tutorial: dual_level, make_dual, unpack_dual, tangents
# of a function of a dual and a plain tensor; tangent identity and layout
import torch
import torch.autograd.forward_ad as fwAD

primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)


def fn(x, y):
    return x ** 2 + y ** 2


# All forward AD computation must be performed in the context of
# a ``dual_level`` context. All dual tensors created in such a context
# will have their tangents destroyed upon exit. This is to ensure that
# if the output or intermediate results of this computation are reused
# in a future forward AD computation, their tangents (which are associated
# with this computation) won't be confused with tangents from the later
# computation.
with fwAD.dual_level():
    # To create a dual tensor we associate a tensor, which we call the
    # primal with another tensor of the same size, which we call the tangent.
    # If the layout of the tangent is different from that of the primal,
    # The values of the tangent are copied into a new tensor with the same
    # metadata as the primal. Otherwise, the tangent itself is used as-is.
    #
    # It is also important to note that the dual tensor created by
    # ``make_dual`` is a view of the primal.
    dual_input = fwAD.make_dual(primal, tangent)
    assert fwAD.unpack_dual(dual_input).tangent is tangent
    print(dual_input._base is primal, dual_input._version)

    # To demonstrate the case where the copy of the tangent happens,
    # we pass in a tangent with a layout different from that of the primal
    dual_input_alt = fwAD.make_dual(primal, tangent.T)
    assert fwAD.unpack_dual(dual_input_alt).tangent is not tangent
    print(fwAD.unpack_dual(dual_input_alt).tangent.stride(), tangent.T.stride())

    # Tensors that do not have an associated tangent are automatically
    # considered to have a zero-filled tangent of the same shape.
    plain_tensor = torch.randn(10, 10)
    dual_output = fn(dual_input, plain_tensor)

    # Unpacking the dual returns a ``namedtuple`` with ``primal`` and ``tangent``
    # as its attributes
    jvp = fwAD.unpack_dual(dual_output).tangent
    print(type(fwAD.unpack_dual(dual_output)).__name__, fwAD.unpack_dual(dual_output)._fields)
    print(jvp[:2])
    print(torch.allclose(jvp, 2 * primal * tangent))
    print(dual_output[0, :3])

assert fwAD.unpack_dual(dual_output).tangent is None
print(fwAD.unpack_dual(dual_output).tangent)

x = torch.tensor([1.0, 2.0, 3.0])
with fwAD.dual_level():
    d = fwAD.make_dual(x, torch.ones(3))
    print(d)
    y = d.sin() * d.exp()
    p, t = fwAD.unpack_dual(y)
    print(p, t)
    print(fwAD.unpack_dual(x))
