# "Forward-mode Automatic Differentiation" tutorial: the functional API (torch.func.jvp), partial
# for inputs without tangents, and a Module through functional_call
import functools

import torch
import torch.nn as nn
import torch.func as ft

primal0 = torch.randn(10, 10)
tangent0 = torch.randn(10, 10)
primal1 = torch.randn(10, 10)
tangent1 = torch.randn(10, 10)


def fn(x, y):
    return x ** 2 + y ** 2


# Here is a basic example to compute the JVP of the above function.
# The ``jvp(func, primals, tangents)`` returns ``func(*primals)`` as well as the
# computed Jacobian-vector product (JVP). Each primal must be associated with a tangent of the same shape.
primal_out, tangent_out = ft.jvp(fn, (primal0, primal1), (tangent0, tangent1))
print(primal_out[0, :3], tangent_out[0, :3])
print(torch.allclose(tangent_out, 2 * primal0 * tangent0 + 2 * primal1 * tangent1))

# ``functorch.jvp`` requires every primal to be associated with a tangent.
# If we only want to associate certain inputs to `fn` with tangents,
# then we'll need to create a new function that captures inputs without tangents:
primal = torch.randn(10, 10)
tangent = torch.randn(10, 10)
y = torch.randn(10, 10)

new_fn = functools.partial(fn, y=y)
primal_out, tangent_out = ft.jvp(new_fn, (primal,), (tangent,))
print(tangent_out[1, :3])

model = nn.Linear(5, 5)
with torch.no_grad():
    model.weight.copy_(torch.linspace(-1, 1, 25).reshape(5, 5))
    model.bias.fill_(0.25)
input = torch.randn(16, 5)

params = dict(model.named_parameters())
tangents = {k: torch.ones_like(v) for k, v in params.items()}


def func_params_only(params):
    return ft.functional_call(model, params, input)


model_output, jvp_out = ft.jvp(func_params_only, (params,), (tangents,))
print(model_output.shape, jvp_out.shape)
# jvp's outputs with parameters that require grad: their grad_fn differ (docs/differences.md)
print(jvp_out[:2].detach())
print(model_output.requires_grad)

# tangents must match their primals
ft.jvp(fn, (primal0, primal1), (tangent0, tangent1[:3]))
