"""torch.nn.grad (conv1d/2d/3d _input and _weight) against torch: values, the node torch records
(ConvolutionBackwardBackward0 with edges grad_output, input, weight, and its _saved_* values),
gradients of the first and second order, finite differences, and torch's errors."""
import inspect

import numpy as np
import pytest
import torch

import pullback
from oracle import RNG, assert_same_error, check, gradcheck_fd
from pullback.ops.nn import conv

FUNCTIONS = ["conv1d_input", "conv1d_weight", "conv2d_input", "conv2d_weight", "conv3d_input", "conv3d_weight"]

# (d, input shape, weight shape, keyword arguments)
GEOMETRIES = [
    (1, (2, 3, 7), (4, 3, 3), dict()),
    (1, (1, 4, 9), (6, 2, 2), dict(stride=2, padding=1, dilation=2, groups=2)),
    (2, (2, 2, 5, 6), (3, 2, 3, 2), dict(stride=(2, 1), padding=(1, 0))),
    (2, (1, 4, 7, 5), (4, 2, 2, 3), dict(stride=2, padding=1, dilation=(2, 1), groups=2)),
    (2, (2, 3, 6, 6), (3, 1, 3, 3), dict(stride=3, groups=3)),  # rows past the last window get no gradient
    (3, (1, 2, 4, 5, 3), (2, 2, 2, 3, 1), dict(stride=(1, 2, 1), padding=(1, 0, 0))),
    (3, (1, 4, 5, 4, 4), (2, 2, 3, 2, 2), dict(stride=2, dilation=(1, 2, 1), groups=2)),
]


def _output_shape(d, xs, ws, kw):
    def per_dim(v):
        return (v,) * d if isinstance(v, int) else v
    stride, padding, dilation = (per_dim(kw.get(k, dflt)) for k, dflt in (("stride", 1), ("padding", 0),
                                                                            ("dilation", 1)))
    out = [(n + 2 * p - dl * (k - 1) - 1) // s + 1
           for n, s, p, dl, k in zip(xs[2:], stride, padding, dilation, ws[2:])]
    return (xs[0], ws[0], *out)


def _case(geometry, dtype=np.float64):
    d, xs, ws, kw = geometry
    x, w = RNG.standard_normal(xs).astype(dtype), RNG.standard_normal(ws).astype(dtype)
    go = RNG.standard_normal(_output_shape(d, xs, ws, kw)).astype(dtype)
    return d, x, w, go, kw


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: f"conv{g[0]}d-{g[3]}")
def test_input_gradient_is_torchs(geometry):
    d, x, w, go, kw = _case(geometry)
    # torch's weight gradient of this node is a composite of its own (a transposed convolution of
    # transposed operands); pullback's is its ConvolutionWeight node: the names differ there
    check(lambda m, w, go: getattr(m.nn.grad, f"conv{d}d_input")(x.shape, w, go, **kw), w, go, grad_name=False)


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: f"conv{g[0]}d-{g[3]}")
def test_weight_gradient_is_torchs(geometry):
    d, x, w, go, kw = _case(geometry)
    check(lambda m, x, go: getattr(m.nn.grad, f"conv{d}d_weight")(x, w.shape, go, **kw), x, go)


@pytest.mark.parametrize("geometry", GEOMETRIES[::2], ids=lambda g: f"conv{g[0]}d-{g[3]}")
def test_float32_values_and_gradients(geometry):
    d, x, w, go, kw = _case(geometry, np.float32)
    check(lambda m, w, go: getattr(m.nn.grad, f"conv{d}d_input")(x.shape, w, go, **kw), w, go, grad_name=False,
          atol=1e-5, rtol=1e-4)
    check(lambda m, x, go: getattr(m.nn.grad, f"conv{d}d_weight")(x, w.shape, go, **kw), x, go,
          atol=1e-5, rtol=1e-4)


@pytest.mark.parametrize("which", ["input", "weight"])
def test_second_order_nodes_are_torchs_in_grad_output(which):
    """The derivative in grad_output is the forward convolution (ConvolutionBackward0), as torch's;
    for conv_weight the derivative in its input too."""
    d, x, w, go, kw = _case(GEOMETRIES[3])
    names = []
    for m in (pullback, torch):
        xt, wt, got = (m.tensor(a, requires_grad=True) for a in (x, w, go))
        if which == "input":
            out, wrt = m.nn.grad.conv2d_input(x.shape, wt, got, **kw), (got,)
        else:
            out, wrt = m.nn.grad.conv2d_weight(xt, w.shape, got, **kw), (got, xt)
        grads = m.autograd.grad(out, wrt, m.ones_like(out), create_graph=True)
        names.append([g.grad_fn.name() for g in grads])
    assert names[0] == names[1]


@pytest.mark.parametrize("which", ["input", "weight"])
def test_node_saves_what_torchs_saves(which):
    d, x, w, go, kw = _case(GEOMETRIES[3])
    attrs = ["_saved_stride", "_saved_padding", "_saved_dilation", "_saved_transposed", "_saved_output_padding",
             "_saved_groups"]
    seen = []
    for m in (pullback, torch):
        xt, wt, got = (m.tensor(a, requires_grad=True) for a in (x, w, go))
        out = (m.nn.grad.conv2d_input(x.shape, wt, got, **kw) if which == "input"
               else m.nn.grad.conv2d_weight(xt, w.shape, got, **kw))
        fn = out.grad_fn
        real = fn._saved_weight if which == "input" else fn._saved_input  # (the other is a stand-in)
        seen.append(([getattr(fn, a) for a in attrs], out.output_nr, tuple(fn._saved_input.shape),
                     tuple(fn._saved_weight.shape), fn._saved_grad_output.detach().numpy(), real.detach().numpy()))
    ours, theirs = seen
    assert ours[:4] == theirs[:4]
    for a, b in zip(ours[4:], theirs[4:]):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["input", "weight"])
def test_finite_differences(name):
    d, x, w, go, kw = _case(GEOMETRIES[3])
    if name == "input":
        gradcheck_fd(lambda m, w, go: m.nn.grad.conv2d_input(x.shape, w, go, **kw), w, go)
    else:
        gradcheck_fd(lambda m, x, go: m.nn.grad.conv2d_weight(x, w.shape, go, **kw), x, go)


@pytest.mark.parametrize("size", ["tuple", "list", "Size"])
def test_sizes_as_torch_takes_them(size):
    d, x, w, go, kw = _case(GEOMETRIES[2])

    def sized(m, shape):
        return {"tuple": tuple, "list": list, "Size": m.Size}[size](shape)
    check(lambda m, w, go: m.nn.grad.conv2d_input(sized(m, x.shape), w, go, **kw), w, go, grad_name=False)
    check(lambda m, x, go: m.nn.grad.conv2d_weight(x, sized(m, w.shape), go, **kw), x, go)


def test_a_larger_input_size_gets_the_rows_no_window_reached():
    """input_size fixes the input's extent where the output's does not (6 and 5 both give 2 windows)."""
    w, go = RNG.standard_normal((2, 1, 3, 3)), RNG.standard_normal((1, 2, 2, 2))
    check(lambda m, w, go: m.nn.grad.conv2d_input((1, 1, 6, 6), w, go, stride=2), w, go, grad_name=False)


def test_one_value_params_spread_over_the_weights_dims():
    """torch expands a one-element stride to every dim, and takes its dims from the weight: conv1d_input
    on 2-d data computes the 2-d gradient."""
    d, x, w, go, kw = _case(GEOMETRIES[4])
    check(lambda m, w, go: m.nn.grad.conv2d_input(x.shape, w, go, stride=(3,), groups=3), w, go, grad_name=False)
    check(lambda m, w, go: m.nn.grad.conv1d_input(x.shape, w, go, stride=3, groups=3), w, go, grad_name=False)


def test_empty_batch():
    d, x, w, go, kw = _case(GEOMETRIES[2])
    check(lambda m, w, go: m.nn.grad.conv2d_input((0,) + x.shape[1:], w, go[:0], **kw), w, go, grad_name=False)
    check(lambda m, x, go: m.nn.grad.conv2d_weight(x[:0], w.shape, go[:0], **kw), x, go)


def test_nothing_recorded_without_grad():
    d, x, w, go, kw = _case(GEOMETRIES[2])
    for m in (pullback, torch):
        out = m.nn.grad.conv2d_input(x.shape, m.tensor(w), m.tensor(go), **kw)
        assert not out.requires_grad and out.grad_fn is None


def test_module_and_signatures_are_torchs():
    assert pullback.nn.functional.grad is pullback.nn.grad
    for name in FUNCTIONS:
        ours = inspect.signature(getattr(pullback.nn.grad, name))
        assert ours == inspect.signature(getattr(torch.nn.grad, name)), name
        assert getattr(pullback.nn.functional.grad, name) is getattr(pullback.nn.grad, name)


def _transposed_case(output_padding):
    x, w, b = RNG.standard_normal((2, 4, 3, 2)), RNG.standard_normal((4, 1, 3, 2)), RNG.standard_normal(2)
    args = ([2, 1], [1, 0], [1, 2], True, list(output_padding), 2)
    with torch.no_grad():
        y = torch.nn.functional.conv_transpose2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), stride=(2, 1),
                                                 padding=(1, 0), dilation=(1, 2), output_padding=output_padding,
                                                 groups=2)
    go = RNG.standard_normal(y.shape)

    def backward(m, go, x, w):
        op = torch.ops.aten.convolution_backward if m is torch else conv.convolution_backward
        return op(go, x, w, [2], *args, [True, True, True])
    return backward, go, x, w


def test_convolution_backward_of_a_transposed_convolution():
    """The op under nn.grad on its own (torch.ops.aten.convolution_backward), every output asked for,
    for a transposed convolution."""
    backward, go, x, w = _transposed_case((0, 0))
    # torch's weight gradient of this node is its own composite: values compared, names not
    out = check(backward, go, x, w, grad_name=False)
    assert [o.grad_fn.name() for o in out] == ["ConvolutionBackwardBackward0"] * 3


def test_convolution_backward_with_output_padding():
    """With output_padding the rows that only the padding added are cropped from the gradients; torch's
    own derivative of this node refuses output_padding (it runs a plain convolution with it), so the
    values are compared with torch and the gradients with finite differences."""
    backward, go, x, w = _transposed_case((1, 0))
    check(backward, go, x, w, grad=False)
    gradcheck_fd(backward, go, x, w)


def test_convolution_backward_leaves_unasked_outputs_none():
    x, w, go = RNG.standard_normal((1, 2, 5)), RNG.standard_normal((3, 2, 2)), RNG.standard_normal((1, 3, 4))
    for m in (pullback, torch):
        op = torch.ops.aten.convolution_backward if m is torch else conv.convolution_backward
        out = op(m.tensor(go), m.tensor(x), m.tensor(w), None, [1], [0], [1], False, [0], 1, [False, True, False])
        assert out[0] is None and out[2] is None and tuple(out[1].shape) == w.shape


X, W, GO = RNG.standard_normal((2, 2, 5, 5)), RNG.standard_normal((3, 2, 3, 3)), RNG.standard_normal((2, 3, 2, 2))
G4 = RNG.standard_normal((2, 4, 3, 3))

ERRORS = {
    "input_size without batch": (lambda m, w, go: m.nn.grad.conv2d_input((2, 5, 5), w, go, stride=2),
                                 "Expected 4-dimensional input for 4-dimensional weight"),
    "input_size with an extra dim": (lambda m, w, go: m.nn.grad.conv2d_input((1, 2, 2, 5, 5), w, go, stride=2),
                                     "Expected 4-dimensional input for 4-dimensional weight"),
    "input_size of -1": (lambda m, w, go: m.nn.grad.conv2d_input((-1, 2, 5, 5), w, go, stride=2),
                         "isn't allowed in a leading, non-existing dimension 0"),
    "input channels": (lambda m, w, go: m.nn.grad.conv2d_input((2, 4, 5, 5), w, go, stride=2),
                       "expected input[2, 4, 5, 5] to have 2 channels, but got 4 channels instead"),
    "grad_output dims": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go[0], stride=2),
                         "Expected input and grad_output to have the same number of dimensions, but got: 4 and 3"),
    "grad_output size": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 7, 7), w, go, stride=2),
                         "tensor.size[2] == 3 but got: dimension 4 and tensor.size[2] = 2"),
    "grad_output channels": (lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X), (4, 2, 3, 3), go, stride=2),
                             "tensor.size[1] == 4 but got: dimension 4 and tensor.size[1] = 3"),
    "groups 0": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, groups=0),
                 "expected groups to be greater than 0, but got groups=0"),
    "groups over the weight": (lambda m, w, go: m.nn.grad.conv2d_input((2, 8, 5, 5), w, go, groups=4),
                               "expected weight to be at least 4 at dimension 0"),
    "groups not dividing": (lambda m, w, go: m.nn.grad.conv2d_input((2, 4, 5, 5), w, go, groups=2),
                            "to be divisible by 2 at dimension 0, but got weight of size [[3, 2, 3, 3]]"),
    "stride 0": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, stride=0),
                 "non-positive stride is not supported"),
    "negative padding": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, padding=-1),
                         "negative padding is not supported"),
    "negative dilation": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, dilation=-1),
                          "dilation should be greater than zero"),
    "dilation 0": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, dilation=0),
                   "dilation should be greater than zero, but got [0, 0]"),
    "stride of three": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, stride=(1, 2, 3)),
                        "expected stride to be a single integer value or a list of 2 values"),
    "conv1d padding pair": (lambda m, w, go: m.nn.grad.conv1d_input((2, 2, 5), w[..., 0], go[..., 0], padding=(1, 1)),
                            "expected padding to be a single integer value or a list of 1 values"),
    "3-d weight for conv2d": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5), w[..., 0], go[..., 0], stride=2),
                              "expected stride to be a single integer value or a list of 1 values"),
    "kernel over the input": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 2, 2), w, go),
                              "Kernel size can't be greater than actual input size"),
    "weight_size of two dims": (lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X), (3, 3), go, stride=2),
                                "weight should have at least three dimensions"),
    "weight_size channels": (lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X), (3, 1, 3, 3), go, stride=2),
                             "expected input[2, 2, 5, 5] to have 1 channels, but got 2 channels instead"),
    "unbatched input": (lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X[0]), (3, 2, 3, 3), go[0], stride=2),
                        "Expected 4-dimensional input for 4-dimensional weight"),
    "float weight, double input": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w.float(), go, stride=2),
                                   "expected scalar type Double but found Float"),
    "double input, float grad_output": (
        lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X), (3, 2, 3, 3), go.float(), stride=2),
        "expected scalar type Double but found Float"),
    "padding 'same'": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, padding="same"),
                       "failed to match any schema"),
    "float stride": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, stride=2.0),
                     "failed to match any schema"),
    "float groups": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, go, stride=2, groups=1.0),
                     "failed to match any schema"),
    "number weight": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), 1.0, go, stride=2),
                      "failed to match any schema"),
    "number input": (lambda m, w, go: m.nn.grad.conv2d_weight(1.0, (3, 2, 3, 3), go, stride=2),
                     "failed to match any schema"),
    "number grad_output": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w, 1.0),
                           "object has no attribute 'new_empty'"),
    "integer input gradient": (lambda m, w, go: m.nn.grad.conv2d_input((2, 2, 5, 5), w.long(), go.long(), stride=2),
                               '"slow_conv2d_cpu_grad_input" not implemented for \'Long\''),
    "integer weight gradient": (
        lambda m, w, go: m.nn.grad.conv2d_weight(m.tensor(X).long(), (3, 2, 3, 3), go.long(), stride=2),
        '"slow_conv2d_cpu_grad_weight" not implemented for \'Long\''),
    "integer conv3d": (lambda m, w, go: m.nn.grad.conv3d_input((2, 2, 5, 5, 1), w[..., None].long(),
                                                               go[..., None].long(), stride=2),
                       '"slow_conv3d_cpu_grad_input" not implemented for \'Long\''),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors_are_torchs(name):
    fn, phrase = ERRORS[name]
    assert_same_error(fn, W, GO, phrase=phrase)


def test_output_padding_refused_without_transposed():
    def fn(m, go, x, w):
        op = torch.ops.aten.convolution_backward if m is torch else conv.convolution_backward
        return op(go, x, w, None, [2, 2], [0, 0], [1, 1], False, [1, 1], 1, [True, True, False])
    assert_same_error(fn, GO, X, W, phrase="output_padding is not supported for non-transposed convolutions")


@pytest.mark.parametrize("which", ["input", "weight"])
def test_forward_mode_tangents(which):
    d, x, w, go, kw = _case(GEOMETRIES[3])
    other = w if which == "input" else x
    t_go, t_other = RNG.standard_normal(go.shape), RNG.standard_normal(other.shape)
    tangents = []
    for m in (pullback, torch):
        fwd = m.autograd.forward_ad
        with fwd.dual_level():
            dgo = fwd.make_dual(m.tensor(go), m.tensor(t_go))
            dother = fwd.make_dual(m.tensor(other), m.tensor(t_other))
            out = (m.nn.grad.conv2d_input(x.shape, dother, dgo, **kw) if which == "input"
                   else m.nn.grad.conv2d_weight(dother, w.shape, dgo, **kw))
            tangents.append(fwd.unpack_dual(out).tangent.numpy())
    np.testing.assert_allclose(tangents[0], tangents[1], rtol=1e-10, atol=1e-10)
