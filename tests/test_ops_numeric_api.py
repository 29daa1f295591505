"""torch.gradient, cond and while_loop, nonzero_static, as_strided_ and slice_inverse, the ATen norms
(frobenius_norm, nuclear_norm, native_norm, norm_except_dim), segment_reduce and DLPack against
torch: values, dtypes, graphs (node names down to the leaves), first- and second-order gradients,
float64 finite differences and errors."""
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, assert_same_outcome, check, gradcheck_fd, to_pb, to_torch

RNG = np.random.default_rng(11)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def coords(n, dtype=np.float64):
    """n increasing, unevenly spaced sample coordinates."""
    return np.cumsum(RNG.uniform(0.5, 1.5, n)).astype(dtype)


def ints(*shape):
    return RNG.integers(-5, 6, shape)


# ================================================================= gradient
GRADIENTS = [
    ("gradient", lambda m, x: m.gradient(x), [r(3, 4)]),
    ("gradient 1-d", lambda m, x: m.gradient(x), [r(5)]),
    ("gradient dim int", lambda m, x: m.gradient(x, dim=1), [r(3, 4)]),
    ("gradient dim negative", lambda m, x: m.gradient(x, dim=-2), [r(3, 4, 2)]),
    ("gradient dim list", lambda m, x: m.gradient(x, dim=[2, 0]), [r(3, 4, 2)]),
    ("gradient dim tuple one", lambda m, x: m.gradient(x, dim=(1,)), [r(3, 4)]),
    ("gradient dim empty", lambda m, x: m.gradient(x, dim=[]), [r(3, 4)]),
    ("gradient spacing scalar", lambda m, x: m.gradient(x, spacing=0.5), [r(3, 4)]),
    ("gradient spacing int", lambda m, x: m.gradient(x, spacing=2, dim=0), [r(3, 4)]),
    ("gradient spacing scalar dim list", lambda m, x: m.gradient(x, spacing=2.5, dim=(1, 0)), [r(3, 4)]),
    ("gradient spacing list", lambda m, x: m.gradient(x, spacing=[2, 0.25]), [r(3, 4)]),
    ("gradient spacing tuple dim", lambda m, x: m.gradient(x, spacing=(3.0,), dim=1), [r(3, 4)]),
    ("gradient spacing list dim list", lambda m, x: m.gradient(x, spacing=[0.5, 2], dim=[1, 0]), [r(3, 4)]),
    ("gradient edge_order 2", lambda m, x: m.gradient(x, edge_order=2), [r(3, 4)]),
    ("gradient edge_order 2 spacing", lambda m, x: m.gradient(x, spacing=[0.5, 3], edge_order=2), [r(4, 3)]),
    ("gradient coordinates", lambda m, x, c0, c1: m.gradient(x, spacing=[c0, c1]), [r(3, 4), coords(3), coords(4)]),
    ("gradient coordinates dim", lambda m, x, c: m.gradient(x, spacing=(c,), dim=1), [r(3, 5), coords(5)]),
    ("gradient coordinates dim list", lambda m, x, c: m.gradient(x, spacing=[c], dim=[-1]), [r(2, 4), coords(4)]),
    ("gradient coordinates edge_order 2", lambda m, x, c0, c1: m.gradient(x, spacing=[c0, c1], edge_order=2),
     [r(3, 4), coords(3), coords(4)]),
    ("gradient coordinates edge_order 2 dim", lambda m, x, c: m.gradient(x, spacing=[c], dim=0, edge_order=2),
     [r(5, 2), coords(5)]),
    ("gradient coordinates constant", lambda m, x: m.gradient(x, spacing=[m.tensor([0.0, 1.0, 3.0, 4.5])], dim=1),
     [r(2, 4)]),
    ("gradient int coordinates", lambda m, x: m.gradient(x, spacing=[m.tensor([0, 1, 3, 6])], dim=1), [r(2, 4)]),
    ("gradient float32 coordinates float64", lambda m, x, c: m.gradient(x, spacing=[c], dim=1),
     [r(2, 4, dtype=np.float32), coords(4)]),
    ("gradient float64 coordinates float32", lambda m, x, c: m.gradient(x, spacing=[c], dim=1, edge_order=2),
     [r(2, 4), coords(4, np.float32)]),
    ("gradient coordinates too long", lambda m, x, c: m.gradient(x, spacing=[c], dim=1), [r(2, 3), coords(4)]),
    ("gradient float32", lambda m, x: m.gradient(x, spacing=0.1), [r(3, 4, dtype=np.float32)]),
    ("gradient float16", lambda m, x: m.gradient(x.half(), edge_order=2), [r(3, 4)]),
    ("gradient int64", lambda m, x: m.gradient(x), [ints(3, 4)]),
    ("gradient int64 spacing int", lambda m, x: m.gradient(x, spacing=2, edge_order=2), [ints(3, 4)]),
    ("gradient int8", lambda m, x: m.gradient(x.to(m.int8), dim=0), [ints(3, 4)]),
    ("gradient int coordinates int", lambda m, x: m.gradient(x, spacing=[m.tensor([0, 2, 3])], dim=0), [ints(3, 2)]),
    ("gradient spacing bool", lambda m, x: m.gradient(x, spacing=True), [r(3, 2)]),
    ("gradient 0-d", lambda m, x: m.gradient(x), [np.array(1.5)]),
    ("gradient 0-d spacing empty", lambda m, x: m.gradient(x, spacing=[]), [np.array(1.5)]),
    ("gradient transposed", lambda m, x: m.gradient(x.t(), spacing=[1.5, 2], edge_order=2), [r(4, 3)]),
]

GRADIENT_ERRORS = [
    ("uint8", lambda m, x: m.gradient(x.to(m.uint8)), [ints(3)], "does not support uint8 input"),
    ("bool", lambda m, x: m.gradient(x > 0), [ints(3)], "with two bool tensors is not supported"),
    ("spacing list length", lambda m, x: m.gradient(x, spacing=[2]), [r(3, 4)],
     "since dim argument was not given, but got a list of length 1"),
    ("spacing list and dim int", lambda m, x: m.gradient(x, spacing=[2, 3], dim=1), [r(3, 4)],
     "but got a spacing argument of length 2 and a dim argument of length 1."),
    ("spacing list and dim list", lambda m, x: m.gradient(x, spacing=[2, 3, 4], dim=[1, 0]), [r(3, 4)],
     "but got a spacing argument of length 3 and a dim argument of length 2."),
    ("coordinates list length", lambda m, x, c: m.gradient(x, spacing=[c]), [r(3, 4), coords(3)],
     "expected spacing to be unspecified, a scalar, or a list of length"),
    ("edge_order 3", lambda m, x: m.gradient(x, edge_order=3), [r(3, 4)],
     "only supports edge_order=1 and edge_order=2"),
    ("edge_order 0", lambda m, x: m.gradient(x, edge_order=0, dim=0), [r(3, 4)], "only supports edge_order=1"),
    ("too small", lambda m, x: m.gradient(x), [r(1, 4)], "expected each dimension size to be at least edge_order+1"),
    ("too small edge_order 2", lambda m, x: m.gradient(x, dim=(0,), edge_order=2), [r(2, 4)],
     "at least edge_order+1"),
    ("empty", lambda m, x: m.gradient(x), [np.zeros((2, 0))], "at least edge_order+1"),
    ("dim out of range", lambda m, x: m.gradient(x, dim=2), [r(3, 4)], "Dimension out of range"),
    ("dim list out of range", lambda m, x: m.gradient(x, dim=[0, -3]), [r(3, 4)], "Dimension out of range"),
    ("dim repeated", lambda m, x: m.gradient(x, dim=[1, 0, 1]), [r(3, 4)], "dim 1 appears multiple times"),
    ("0-d dim", lambda m, x: m.gradient(x, dim=0), [np.array(1.0)], "Dimension specified as 0 but tensor has no"),
    ("coordinates 2-d", lambda m, x, c: m.gradient(x, spacing=[c], dim=0), [r(3, 4), r(1, 3)],
     "expected each element of spacing to have one dimension, but got an element with 2 dimensions!"),
    ("coordinates 0-d", lambda m, x: m.gradient(x, spacing=[m.tensor(2.0)]), [r(3)],
     "but got an element with 0 dimensions!"),
    ("bool coordinates", lambda m, x: m.gradient(x, spacing=[m.tensor([True, False, True])]), [r(3)],
     "Negation, the `-` operator, on a bool tensor is not supported"),
    ("spacing tensor", lambda m, x: m.gradient(x, spacing=x), [r(3)],
     "gradient() received an invalid combination of arguments - got (Tensor, spacing=Tensor)"),
    ("spacing str", lambda m, x: m.gradient(x, spacing="a"), [r(3)], "received an invalid combination of arguments"),
    ("positional spacing", lambda m, x: m.gradient(x, 2), [r(3)],
     "received an invalid combination of arguments - got (Tensor, int)"),
    ("dim float", lambda m, x: m.gradient(x, dim=1.0), [r(3)], "received an invalid combination of arguments"),
    ("dim list float", lambda m, x: m.gradient(x, dim=[0, 1.0]), [r(3, 3)],
     "argument 'dim' failed to unpack the object at pos 2"),
    ("edge_order float", lambda m, x: m.gradient(x, edge_order=1.0), [r(3)], "invalid combination of arguments"),
    ("edge_order bool", lambda m, x: m.gradient(x, edge_order=True), [r(3)], "invalid combination of arguments"),
    ("mixed spacing", lambda m, x, c: m.gradient(x, spacing=[c, 2]), [r(3, 3), coords(3)],
     "expected Tensor as element 1 in argument 1, but got int"),
    ("mixed spacing number first", lambda m, x, c: m.gradient(x, spacing=[2, c]), [r(3, 3), coords(3)],
     "expected Tensor as element 0 in argument 1, but got int"),
    ("input list", lambda m: m.gradient([1.0, 2.0]), [], "argument 'input' (position 1) must be Tensor, not list"),
]


@pytest.mark.parametrize("name,op,inputs", GRADIENTS, ids=[g[0] for g in GRADIENTS])
def test_gradient_matches_torch(name, op, inputs):
    atol = 1e-3 if "float16" in name else 1e-5 if any(a.dtype == np.float32 for a in inputs) else 1e-7
    check(op, *inputs, atol=atol, rtol=1e-3 if "float16" in name else 1e-5)


SMOOTH_GRADIENTS = [g for g in GRADIENTS if all(a.dtype == np.float64 for a in g[2]) and g[2][0].ndim
                    and "float16" not in g[0]]


@pytest.mark.parametrize("op,inputs", [g[1:] for g in SMOOTH_GRADIENTS], ids=[g[0] for g in SMOOTH_GRADIENTS])
def test_gradient_finite_differences(op, inputs):
    gradcheck_fd(op, *inputs)


@pytest.mark.parametrize("name,op,inputs,phrase", GRADIENT_ERRORS, ids=[e[0] for e in GRADIENT_ERRORS])
def test_gradient_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


def test_gradient_returns_a_tuple_of_fresh_tensors():
    x = pullback.tensor([[1.0, 2.0, 4.0], [3.0, 7.0, 9.0]])
    out = pullback.gradient(x, dim=[1])
    assert type(out) is tuple and len(out) == 1
    assert pullback.gradient(x, dim=[]) == ()


COVERED = ["gradient"]


# ================================================================= nonzero_static
def sparse(*shape):
    return RNG.integers(0, 3, shape) * RNG.integers(0, 2, shape)


NONZERO_STATIC = [
    ("nonzero_static padded", lambda m, x: m.nonzero_static(x, size=20), [sparse(3, 4)]),
    ("nonzero_static cut", lambda m, x: m.nonzero_static(x, size=2), [sparse(3, 4) + 1]),
    ("nonzero_static exact", lambda m, x: m.nonzero_static(x, size=int((x != 0).sum())), [sparse(2, 5)]),
    ("nonzero_static fill_value", lambda m, x: m.nonzero_static(x, size=9, fill_value=7), [sparse(6)]),
    ("nonzero_static fill_value large", lambda m, x: m.nonzero_static(x, size=5, fill_value=2 ** 62), [sparse(2, 2)]),
    ("nonzero_static size 0", lambda m, x: m.nonzero_static(x, size=0), [sparse(3, 4)]),
    ("nonzero_static size tensor", lambda m, x: m.nonzero_static(x, size=m.tensor(3)), [sparse(3, 4)]),
    ("nonzero_static method", lambda m, x: x.nonzero_static(size=4, fill_value=0), [sparse(2, 3)]),
    ("nonzero_static 3-d", lambda m, x: m.nonzero_static(x, size=6), [sparse(2, 3, 2)]),
    ("nonzero_static float NaN -0", lambda m, x: m.nonzero_static(x, size=5),
     [np.array([0.0, 1.5, -0.0, np.nan, -2.0, 0.0])]),
    ("nonzero_static bool", lambda m, x: m.nonzero_static(x > 0, size=4), [sparse(2, 3)]),
    ("nonzero_static half", lambda m, x: m.nonzero_static(x.half(), size=4), [r(3)]),
    ("nonzero_static requires grad", lambda m, x: m.nonzero_static(x, size=3), [np.array([1.0, 0.0, 2.0])]),
    ("nonzero_static 0-d", lambda m, x: m.nonzero_static(x, size=2), [np.array(5)]),
    ("nonzero_static empty", lambda m, x: m.nonzero_static(x, size=2), [np.zeros((0, 3))]),
    ("nonzero_static transposed", lambda m, x: m.nonzero_static(x.t(), size=8), [sparse(3, 4)]),
    ("nonzero_static out", lambda m, x: m.nonzero_static(x, size=3, out=m.empty(0, dtype=m.int64)), [sparse(3, 4)]),
]

NONZERO_STATIC_ERRORS = [
    ("negative size", lambda m, x: m.nonzero_static(x, size=-1), [sparse(3)], "'size' must be an non-negative integer"),
    ("size float", lambda m, x: m.nonzero_static(x, size=3.0), [sparse(3)], "argument 'size' must be int, not float"),
    ("size bool", lambda m, x: m.nonzero_static(x, size=True), [sparse(3)], "argument 'size' must be int, not bool"),
    ("no size", lambda m, x: m.nonzero_static(x), [sparse(3)], 'missing 1 required positional arguments: "size"'),
    ("size positional", lambda m, x: m.nonzero_static(x, 3), [sparse(3)],
     "takes from 2 to 1 positional arguments but 2 were given"),
    ("method size positional", lambda m, x: x.nonzero_static(3), [sparse(3)],
     "takes from 1 to 0 positional arguments but 1 were given"),
    ("fill_value float", lambda m, x: m.nonzero_static(x, size=3, fill_value=1.5), [sparse(3)],
     "argument 'fill_value' must be int, not float"),
    ("fill_value None", lambda m, x: m.nonzero_static(x, size=3, fill_value=None), [sparse(3)],
     "argument 'fill_value' must be int, not NoneType"),
    ("input list", lambda m: m.nonzero_static([1, 0], size=2), [], "argument 'input' (position 1) must be Tensor"),
    ("out int32", lambda m, x: m.nonzero_static(x, size=2, out=m.empty(0, dtype=m.int32)), [sparse(3)],
     "nonzero_static: Expected out tensor to have scalar type Long but got scalar typeInt"),
]


@pytest.mark.parametrize("name,op,inputs", NONZERO_STATIC, ids=[n[0] for n in NONZERO_STATIC])
def test_nonzero_static_matches_torch(name, op, inputs):
    out = check(op, *inputs)
    if out.numel():
        assert out.stride() == (out.shape[1], 1) or out.shape[1] == 0


@pytest.mark.parametrize("name,op,inputs,phrase", NONZERO_STATIC_ERRORS, ids=[e[0] for e in NONZERO_STATIC_ERRORS])
def test_nonzero_static_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


def test_nonzero_static_out_of_a_tensor_that_requires_grad():
    x, out = pullback.tensor([1.0, 0.0, 3.0], requires_grad=True), pullback.empty(0, dtype=pullback.int64)
    assert pullback.nonzero_static(x, size=3, out=out) is out
    assert out.tolist() == [[0], [2], [-1]]


COVERED += ["nonzero_static"]


# ================================================================= as_strided_, slice_inverse
STRIDED = [
    ("as_strided_", lambda m, x: (x * 1).as_strided_((2, 2), (1, 2)), [r(6)]),
    ("as_strided_ offset", lambda m, x: (x * 1).as_strided_((2, 2), (1, 2), 1), [r(6)]),
    ("as_strided_ function", lambda m, x: m.as_strided_(x * 1, [3], [2], 0), [r(6)]),
    ("as_strided_ keywords", lambda m, x: (x * 1).as_strided_(size=(2,), stride=(1,), storage_offset=3), [r(6)]),
    ("as_strided_ overlapping", lambda m, x: (x * 1).as_strided_((3, 3), (1, 1)), [r(5)]),
    ("as_strided_ stride 0", lambda m, x: (x * 1).as_strided_((3, 2), (0, 1)), [r(4)]),
    ("as_strided_ of a view", lambda m, x: (x * 1)[1:].as_strided_((2, 2), (1, 1)), [r(6)]),
    ("as_strided_ of a transposed view", lambda m, x: (x * 1).t().as_strided_((3, 2), (1, 3)), [r(2, 3)]),
    ("as_strided_ then an op", lambda m, x: (x * 1).as_strided_((2, 3), (1, 2)).exp(), [r(7)]),
    ("as_strided_ twice", lambda m, x: (x * 1).as_strided_((2, 3), (3, 1)).as_strided_((3,), (2,), 1), [r(6)]),
    ("as_strided_ int", lambda m, x: x.clone().as_strided_((2, 2), (2, 1), 1), [ints(6)]),
    ("as_strided_ 0-d result", lambda m, x: (x * 1).as_strided_((), (), 2), [r(4)]),
    ("slice_inverse", lambda m, x: m.slice_inverse((x * 1)[2:8:2], m.zeros(10, dtype=x.dtype), 0, 2, 8, 2), [r(10)]),
    ("slice_inverse src requires grad", lambda m, x, s: m.slice_inverse((x * 1)[1:5], s, 0, 1, 5), [r(8), r(8)]),
    ("slice_inverse 2-d", lambda m, x: m.slice_inverse((x * 1)[:, 1:3], m.empty(3, 4, dtype=x.dtype), 1, 1, 3),
     [r(3, 4)]),
    ("slice_inverse negative dim keywords", lambda m, x, s: (x * 1)[:, :, 2:].slice_inverse(s, dim=-1, start=2),
     [r(2, 2, 5), r(2, 2, 5)]),
    ("slice_inverse of a leaf's view", lambda m, x: m.slice_inverse(x[3:], m.zeros(6, dtype=x.dtype), 0, 3), [r(6)]),
    ("slice_inverse int", lambda m, x: m.slice_inverse(x[1:], m.zeros(2, 3, dtype=m.int64), 0, 1), [ints(6)]),
]

STRIDED_ERRORS = [
    ("as_strided_ leaf", lambda m, x: x.as_strided_((2,), (1,)), [r(4)], "a leaf Variable that requires grad"),
    ("as_strided_ out of bounds", lambda m, x: (x * 1).as_strided_((3, 3), (1, 2)), [r(6)],
     "setStorage: sizes [3, 3], strides [1, 2], storage offset 0, and itemsize 8 requiring a storage size of 56 are "
     "out of bounds for storage of size 48"),
    ("as_strided_ negative stride", lambda m, x: (x * 1).as_strided_((2, 2), (-1, 2)), [r(6)],
     "Negative strides are not supported at the moment, got strides: [-1, 2]"),
    ("as_strided_ lengths", lambda m, x: (x * 1).as_strided_((2, 2), (1,)), [r(6)],
     "mismatch in length of strides and"),
    ("as_strided_ negative offset", lambda m, x: (x * 1).as_strided_((2,), (1,), -1), [r(6)],
     "Tensor: invalid storage offset -1"),
    ("as_strided_ size int", lambda m, x: (x * 1).as_strided_(2, 1), [r(6)],
     "as_strided_(): argument 'size' (position 1) must be tuple of ints, not int"),
    ("as_strided_ function size int", lambda m, x: m.as_strided_(x * 1, 2, 1), [r(6)],
     "as_strided_(): argument 'size' (position 2) must be tuple of ints, not int"),
    ("as_strided_ stride float", lambda m, x: (x * 1).as_strided_((2,), (1.0,)), [r(6)],
     "argument 'stride' (position 2) must be tuple of ints, but found element of type float at pos 0"),
    ("as_strided_ offset float", lambda m, x: (x * 1).as_strided_((2,), (1,), 1.5), [r(6)],
     "argument 'storage_offset' (position 3) must be int, not float"),
    ("as_strided_ input list", lambda m: m.as_strided_([1.0], (1,), (1,)), [],
     "as_strided_(): argument 'input' (position 1) must be Tensor, not list"),
    ("slice_inverse src too large", lambda m, x: m.slice_inverse(x, m.zeros(10, dtype=x.dtype), 0, 2, 6), [r(4)],
     "are out of bounds for storage of size 32"),
    ("slice_inverse slice of another shape", lambda m, x: m.autograd.grad(
        m.slice_inverse((x * 1)[:, 1:3], m.empty(3, 4, dtype=x.dtype), 0, 0, 2), x, m.ones(3, 4, dtype=x.dtype)),
     [r(3, 4)], "Function SliceInverseBackward0 returned an invalid gradient at index 0 - got [2, 4] but expected "
                "shape compatible with [3, 2]"),
    ("slice_inverse src list", lambda m, x: m.slice_inverse(x, [1.0]), [r(4)],
     "slice_inverse(): argument 'src' (position 2) must be Tensor, not list"),
]


@pytest.mark.parametrize("name,op,inputs", STRIDED, ids=[s[0] for s in STRIDED])
def test_strided_matches_torch(name, op, inputs):
    out = check(op, *inputs)
    th = op(torch, *[to_torch(a) for a in inputs])
    assert out.stride() == th.stride() and out.storage_offset() == th.storage_offset()


# slice_inverse's formulas are those of slice_scatter(src, self) (self's gradient the slice of grad,
# src's the rest), not of the memory it reads: finite differences do not witness them, torch does
SMOOTH_STRIDED = [s for s in STRIDED if "int" not in s[0] and "slice_inverse" not in s[0]]


@pytest.mark.parametrize("op,inputs", [s[1:] for s in SMOOTH_STRIDED], ids=[s[0] for s in SMOOTH_STRIDED])
def test_strided_finite_differences(op, inputs):
    gradcheck_fd(op, *inputs)


@pytest.mark.parametrize("name,op,inputs,phrase", STRIDED_ERRORS, ids=[e[0] for e in STRIDED_ERRORS])
def test_strided_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


def test_as_strided_in_place_changes_the_tensor_itself():
    for m in (pullback, torch):
        x = m.arange(6.0)
        assert x.as_strided_((2, 2), (1, 2), 1) is x
        assert x.tolist() == [[1.0, 3.0], [2.0, 4.0]] and x.stride() == (1, 2) and x._version == 1
        try:  # refused: nothing changes
            x.as_strided_((3, 3), (1, 2))
        except RuntimeError:
            pass
        assert x.shape == (2, 2) and x.stride() == (1, 2) and x.storage_offset() == 1 and x._version == 1


def test_as_strided_in_place_of_a_view_writes_through_to_its_base():
    results = []
    for m in (pullback, torch):
        base = m.arange(6.0, requires_grad=True)
        b = base * 1
        v = b.view(2, 3)
        v.as_strided_((3,), (2,))
        assert v._base is b and v.grad_fn.name() == "AsStridedBackward1"
        v.mul_(10)  # through the view: b takes a CopySlices
        assert b.grad_fn.name().endswith("CopySlices")
        results.append((b.tolist(), m.autograd.grad(b.sum(), base)[0].tolist()))
    assert results[0] == results[1]


def test_as_strided_in_place_in_no_grad_and_inference_mode():
    with pullback.no_grad():
        x = pullback.arange(6.0, requires_grad=True)
        x.as_strided_((2, 3), (3, 1))
    assert x.requires_grad and x.grad_fn is None and x.shape == (2, 3)
    with pullback.inference_mode():
        y = pullback.arange(6.0)
    with pytest.raises(RuntimeError, match="Inplace update to inference tensor outside InferenceMode"):
        y.as_strided_((2,), (1,))


COVERED += ["as_strided_", "slice_inverse"]


# ================================================================= ATen's norm functions
@pytest.fixture(autouse=False)
def quiet_deprecations():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


NORMS = [
    ("frobenius_norm dims", lambda m, x: m.frobenius_norm(x, (0, 1)), [r(3, 4)]),
    ("frobenius_norm dim int", lambda m, x: m.frobenius_norm(x, 1), [r(3, 4)]),
    ("frobenius_norm dim list keepdim", lambda m, x: m.frobenius_norm(x, [1], True), [r(3, 4)]),
    ("frobenius_norm keywords", lambda m, x: m.frobenius_norm(x, dim=(-1, 0), keepdim=True), [r(3, 2, 4)]),
    ("frobenius_norm 3-d", lambda m, x: m.frobenius_norm(x, (0, 2)), [r(2, 3, 4)]),
    ("frobenius_norm all dims empty", lambda m, x: m.frobenius_norm(x, ()), [r(3, 4)]),
    ("frobenius_norm 0-d", lambda m, x: m.frobenius_norm(x, (0,)), [np.array(-2.5)]),
    ("frobenius_norm zero row", lambda m, x: m.frobenius_norm(x * m.tensor([[0.0], [1.0]], dtype=x.dtype), 1),
     [r(2, 3)]),
    ("frobenius_norm float32", lambda m, x: m.frobenius_norm(x, (1,)), [r(3, 4, dtype=np.float32)]),
    ("frobenius_norm float16", lambda m, x: m.frobenius_norm(x.half(), (0, 1)), [r(2, 3)]),
    ("frobenius_norm out", lambda m, x: m.frobenius_norm(x.detach(), 1, out=m.empty(0, dtype=x.dtype)), [r(3, 4)]),
    ("nuclear_norm", lambda m, x: m.nuclear_norm(x), [r(3, 4)]),
    ("nuclear_norm keepdim", lambda m, x: m.nuclear_norm(x, True), [r(4, 3)]),
    ("nuclear_norm keepdim keyword", lambda m, x: m.nuclear_norm(x, keepdim=True), [r(3, 3)]),
    ("nuclear_norm batch", lambda m, x: m.nuclear_norm(x), [r(2, 3, 4)]),
    ("nuclear_norm dim", lambda m, x: m.nuclear_norm(x, (0, 2)), [r(3, 2, 4)]),
    ("nuclear_norm dim keepdim", lambda m, x: m.nuclear_norm(x, [2, 0], True), [r(3, 2, 4)]),
    ("nuclear_norm dim keywords", lambda m, x: m.nuclear_norm(x, dim=(1, 0), keepdim=False), [r(3, 4)]),
    ("nuclear_norm float32", lambda m, x: m.nuclear_norm(x), [r(3, 3, dtype=np.float32)]),
    ("nuclear_norm out", lambda m, x: m.nuclear_norm(x.detach(), out=m.empty(0, dtype=x.dtype)), [r(3, 4)]),
    ("norm_except_dim", lambda m, x: m.norm_except_dim(x), [r(3, 4)]),
    ("norm_except_dim pow 1 dim 1", lambda m, x: m.norm_except_dim(x, 1, 1), [r(3, 4)]),
    ("norm_except_dim pow 3 keywords", lambda m, x: m.norm_except_dim(v=x, pow=3, dim=0), [r(3, 4)]),
    ("norm_except_dim -1", lambda m, x: m.norm_except_dim(x, 2, -1), [r(3, 4)]),
    ("norm_except_dim middle", lambda m, x: m.norm_except_dim(x, 2, 1), [r(2, 3, 4)]),
    ("norm_except_dim -2", lambda m, x: m.norm_except_dim(x, 2, -2), [r(2, 3, 4)]),
    ("norm_except_dim last", lambda m, x: m.norm_except_dim(x, 2, 2), [r(2, 3, 4)]),
    ("norm_except_dim 1-d", lambda m, x: m.norm_except_dim(x, 2, 0), [r(4)]),
    ("norm_except_dim transposed", lambda m, x: m.norm_except_dim(x.t(), 2, 0), [r(4, 3)]),
    ("norm_except_dim pow 0", lambda m, x: m.norm_except_dim(x, 0, 0), [r(3, 4)]),
    ("norm_except_dim float32", lambda m, x: m.norm_except_dim(x, 2, 1), [r(3, 4, dtype=np.float32)]),
]

NORM_ERRORS = [
    ("frobenius_norm no dim", lambda m, x: m.frobenius_norm(x), [r(3, 4)],
     'frobenius_norm() missing 1 required positional arguments: "dim"'),
    ("frobenius_norm three dims", lambda m, x: m.frobenius_norm(x, (0, 1, 2)), [r(2, 3, 4)],
     "Expected at most 2 dimensions, but got 3 dimensions instead."),
    ("frobenius_norm repeated dim", lambda m, x: m.frobenius_norm(x, (1, 1)), [r(2, 3)],
     "dim 1 appears multiple times in the list of dims"),
    ("frobenius_norm dim out of range", lambda m, x: m.frobenius_norm(x, (0, 3)), [r(2, 3)], "Dimension out of range"),
    ("frobenius_norm int", lambda m, x: m.frobenius_norm(x, (0,)), [ints(3)],
     "norm(): input dtype should be either floating point or complex. Got Long instead."),
    ("nuclear_norm 1-d", lambda m, x: m.nuclear_norm(x), [r(3)], "The input tensor A must have at least 2 dimensions"),
    ("nuclear_norm int dim", lambda m, x: m.nuclear_norm(x, 1), [r(3, 4)],
     "linalg.matrix_norm: dims must be different. Got (1, 1)"),
    ("nuclear_norm three dims", lambda m, x: m.nuclear_norm(x, (0, 1, 2)), [r(2, 3, 4)],
     "linalg.matrix_norm: dim must be a 2-tuple. Got 0 1 2"),
    ("nuclear_norm dim out of range", lambda m, x: m.nuclear_norm(x, (0, 2)), [r(3, 4)], "Dimension out of range"),
    ("nuclear_norm int", lambda m, x: m.nuclear_norm(x), [ints(2, 2)],
     "linalg.matrix_norm: Expected a floating point or complex tensor as input. Got Long"),
    ("native_norm", lambda m, x: m.native_norm(x), [r(3)],
     "Could not run 'aten::native_norm' with arguments from the 'CPU' backend."),
    ("native_norm p", lambda m, x: m.native_norm(x, 1), [r(3)], "Could not run 'aten::native_norm' with arguments"),
    ("native_norm dim", lambda m, x: m.native_norm(x, 2, [0], False, None), [r(3)],
     "Could not run 'aten::native_norm.ScalarOpt_dim_dtype' with arguments from the 'CPU' backend."),
    ("native_norm dim keywords", lambda m, x: m.native_norm(x, p=None, dim=0, keepdim=True, dtype=m.float64), [r(3)],
     "Could not run 'aten::native_norm.ScalarOpt_dim_dtype'"),
    ("native_norm partial", lambda m, x: m.native_norm(x, 2, 0, True), [r(3)],
     "native_norm() received an invalid combination of arguments - got (Tensor, int, int, bool)"),
    ("native_norm p str", lambda m, x: m.native_norm(x, "fro"), [r(3)],
     "native_norm(): argument 'p' (position 2) must be Number, not str"),
    ("native_norm p None", lambda m, x: m.native_norm(x, None), [r(3)],
     "native_norm(): argument 'p' (position 2) must be Number, not NoneType"),
    ("native_norm input list", lambda m: m.native_norm([1.0]), [], "argument 'input' (position 1) must be Tensor"),
    ("norm_except_dim pow float", lambda m, x: m.norm_except_dim(x, 2.0, 0), [r(3)],
     "norm_except_dim(): argument 'pow' (position 2) must be int, not float"),
    ("norm_except_dim dim out of range", lambda m, x: m.norm_except_dim(x, 2, 3), [r(3, 4)],
     "Dimension out of range (expected to be in range of [-2, 1], but got 3)"),
    ("norm_except_dim 0-d", lambda m, x: m.norm_except_dim(x, 2, 0), [np.array(3.0)],
     "Dimension specified as 0 but tensor has no dimensions"),
    ("norm_except_dim int", lambda m, x: m.norm_except_dim(x), [ints(2, 2)],
     "norm(): input dtype should be either floating point or complex. Got Long instead."),
]


@pytest.mark.usefixtures("quiet_deprecations")
@pytest.mark.parametrize("name,op,inputs", NORMS, ids=[n[0] for n in NORMS])
def test_norms_match_torch(name, op, inputs):
    atol = 1e-3 if "float16" in name else 1e-5 if inputs[0].dtype == np.float32 else 1e-7
    check(op, *inputs, atol=atol, rtol=1e-3 if "float16" in name else 1e-5)


SMOOTH_NORMS = [n for n in NORMS if not any(w in n[0] for w in ("float", "pow 0", "zero row", "out", "0-d"))]


@pytest.mark.usefixtures("quiet_deprecations")
@pytest.mark.parametrize("op,inputs", [n[1:] for n in SMOOTH_NORMS], ids=[n[0] for n in SMOOTH_NORMS])
def test_norms_finite_differences(op, inputs):
    gradcheck_fd(op, *inputs)


@pytest.mark.usefixtures("quiet_deprecations")
@pytest.mark.parametrize("name,op,inputs,phrase", NORM_ERRORS, ids=[e[0] for e in NORM_ERRORS])
def test_norm_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


@pytest.mark.parametrize("fn,replacement", [
    (lambda m, x: m.frobenius_norm(x, (0, 1)), "linalg.vector_norm(A, 2., dim, keepdim)"),
    (lambda m, x: m.nuclear_norm(x), "linalg.matrix_norm(A, 'nuc', dim, keepdim)")])
def test_deprecated_norms_warn_once_as_torch(fn, replacement):
    x = pullback.ones(2, 3)
    pullback.set_warn_always(True)  # (once per process otherwise: an earlier test may have used it up)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fn(pullback, x)
    finally:
        pullback.set_warn_always(False)
    message = str(caught[0].message)
    assert "is deprecated and it is just left for JIT compatibility" in message and replacement in message
    assert caught[0].filename == __file__


COVERED += ["frobenius_norm", "nuclear_norm", "native_norm", "norm_except_dim"]


# ================================================================= segment_reduce
def L(*values, dtype=None):
    return lambda m: m.tensor(list(values), dtype=dtype or m.int64)


TIES = np.array([1.0, 3.0, 3.0, 2.0, -1.0, 5.0, -1.0, 4.0, 4.0, 4.0])
ZEROS = np.array([1.5, 0.0, -2.0, 0.0, 0.0, 3.0, 0.5, -1.0, 2.0, 0.0])
REDUCES = ["sum", "mean", "max", "min", "prod"]

SEGMENTS = []
for _reduce in REDUCES:
    SEGMENTS += [
        (f"segment_reduce {_reduce} lengths", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, lengths=L(3, 0, 4, 3)(m)), [r(10)]),
        (f"segment_reduce {_reduce} offsets", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, offsets=L(0, 2, 2, 7, 10)(m)), [r(10)]),
        (f"segment_reduce {_reduce} initial", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, lengths=L(2, 0, 5, 3)(m), initial=0.75), [r(10)]),
        (f"segment_reduce {_reduce} ties", lambda m, x, red=_reduce: m.segment_reduce(x, red, lengths=L(3, 1, 3, 3)(m)),
         [TIES]),
        (f"segment_reduce {_reduce} zeros", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, lengths=L(2, 3, 1, 4)(m)), [ZEROS]),
        (f"segment_reduce {_reduce} zeros initial", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, offsets=L(0, 2, 5, 6, 10)(m), initial=-2), [ZEROS]),
        (f"segment_reduce {_reduce} 2-d axis 0", lambda m, x, red=_reduce: m.segment_reduce(x, red, lengths=L(1, 3)(m)),
         [r(4, 3)]),
        (f"segment_reduce {_reduce} 2-d axis 1", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, lengths=m.tensor([[1, 3], [2, 2], [4, 0]]), axis=1), [r(3, 4)]),
        (f"segment_reduce {_reduce} 3-d axis -2 offsets", lambda m, x, red=_reduce: m.segment_reduce(
            x, red, offsets=m.tensor([[0, 1, 3], [0, 3, 3]]), axis=-2), [r(2, 3, 2)]),
        (f"segment_reduce {_reduce} float32", lambda m, x, red=_reduce: m.segment_reduce(x, red, lengths=L(2, 4)(m)),
         [r(6, dtype=np.float32)]),
    ]
SEGMENTS += [
    ("segment_reduce amax", lambda m, x: m.segment_reduce(x, "amax", lengths=L(3, 1, 3, 3)(m)), [TIES]),
    ("segment_reduce amin", lambda m, x: m.segment_reduce(x, "amin", lengths=L(3, 1, 3, 3)(m)), [TIES]),
    ("segment_reduce max NaN", lambda m, x: m.segment_reduce(x, "max", lengths=L(2, 2)(m)),
     [np.array([1.0, np.nan, 3.0, 2.0])]),
    ("segment_reduce min NaN", lambda m, x: m.segment_reduce(x, "min", lengths=L(2, 2)(m)),
     [np.array([1.0, np.nan, 3.0, 2.0])]),
    ("segment_reduce prod NaN", lambda m, x: m.segment_reduce(x, "prod", lengths=L(2, 2)(m)),
     [np.array([1.0, np.nan, 3.0, 2.0])]),
    ("segment_reduce mean NaN initial", lambda m, x: m.segment_reduce(x, "mean", lengths=L(2)(m), initial=float("nan")),
     [r(2)]),
    ("segment_reduce max initial above", lambda m, x: m.segment_reduce(x, "max", lengths=L(3, 3)(m), initial=10),
     [r(6)]),
    ("segment_reduce int32 lengths", lambda m, x: m.segment_reduce(x, "sum", lengths=L(2, 4, dtype=m.int32)(m)),
     [r(6)]),
    ("segment_reduce int32 offsets", lambda m, x: m.segment_reduce(x, "mean", offsets=L(1, 4, dtype=m.int32)(m)),
     [r(6)]),
    ("segment_reduce initial 0-d tensor", lambda m, x: m.segment_reduce(x, "sum", lengths=L(2, 4)(m),
                                                                          initial=m.tensor(2.0)), [r(6)]),
    ("segment_reduce unsafe short", lambda m, x: m.segment_reduce(x, "sum", lengths=L(1, 2)(m), unsafe=True), [r(6)]),
    ("segment_reduce offsets inside", lambda m, x: m.segment_reduce(x, "prod", offsets=L(1, 2)(m)), [r(6)]),
    ("segment_reduce offsets one", lambda m, x: m.segment_reduce(x, "sum", offsets=L(0)(m)), [r(6)]),
    ("segment_reduce both: offsets win", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3, 3)(m),
                                                                        offsets=L(0, 1, 6)(m)), [r(6)]),
    ("segment_reduce transposed", lambda m, x: m.segment_reduce(x.t(), "max", lengths=L(1, 3)(m)), [r(3, 4)]),
    ("segment_reduce float16", lambda m, x: m.segment_reduce(x.half(), "sum", lengths=L(2, 4)(m)), [r(6)]),
    ("segment_reduce empty data", lambda m, x: m.segment_reduce(x, "max", lengths=L(0, 0)(m)), [np.zeros(0)]),
    ("segment_reduce empty inner", lambda m, x: m.segment_reduce(x, "sum", lengths=m.tensor([[0], [0]]), axis=1),
     [np.zeros((2, 0))]),
    ("segment_reduce more length rows", lambda m, x: m.segment_reduce(
        x, "sum", lengths=m.tensor([[1, 2], [3, 0], [2, 1]]), axis=1), [r(2, 3)]),
]

SEGMENT_ERRORS = [
    ("indices", lambda m, x: m.segment_reduce(x, "sum", indices=L(0, 0, 1)(m)), [r(3)],
     "segment_reduce(): indices based reduction is not supported yet."),
    ("no lengths", lambda m, x: m.segment_reduce(x, "sum"), [r(3)], "Either lengths or offsets must be defined."),
    ("bad reduce", lambda m, x: m.segment_reduce(x, "avg", lengths=L(3)(m)), [r(3)],
     "reduce argument must be either sum, prod, mean, amax or amin, got avg"),
    ("lengths sum", lambda m, x: m.segment_reduce(x, "sum", lengths=L(1, 1)(m)), [r(3)],
     "Expected all rows of lengths along axis to sum to data.size(lengths.dim()-1) when !unsafe."),
    ("negative lengths", lambda m, x: m.segment_reduce(x, "sum", lengths=L(4, -1)(m)), [r(3)],
     "lengths contains negative value!"),
    ("negative lengths unsafe", lambda m, x: m.segment_reduce(x, "sum", lengths=L(-1, 2)(m), unsafe=True), [r(3)],
     "Expected segment_length >= 0 to be true, but got false."),
    ("decreasing offsets", lambda m, x: m.segment_reduce(x, "sum", offsets=L(3, 1)(m)), [r(3)],
     "Expected segment_length >= 0 to be true"),
    ("empty lengths", lambda m, x: m.segment_reduce(x, "sum", lengths=L()(m)), [r(0)],
     "min(): Expected reduction dim to be specified for input.numel() == 0."),
    ("empty offsets", lambda m, x: m.segment_reduce(x, "sum", offsets=L()(m)), [r(3, 2)],
     "Trying to create tensor with negative dimension -1: [-1, 2]"),
    ("float lengths", lambda m, x: m.segment_reduce(x, "sum", lengths=m.tensor([1.0, 2.0])), [r(3)],
     "\"_segment_reduce_lengths_cpu_kernel1\" not implemented for 'Float'"),
    ("float offsets", lambda m, x: m.segment_reduce(x, "sum", offsets=m.tensor([0.0, 2.0])), [r(3)],
     "\"_segment_reduce_offsets_cpu_kernel1\" not implemented for 'Float'"),
    ("int data", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3)(m)), [ints(3)],
     "\"_segment_reduce_cpu\" not implemented for 'Long'"),
    ("bool data", lambda m, x: m.segment_reduce(x > 0, "max", lengths=L(3)(m)), [r(3)],
     "\"_segment_reduce_cpu\" not implemented for 'Bool'"),
    ("axis not last of lengths", lambda m, x: m.segment_reduce(x, "sum", lengths=L(1, 2)(m), axis=1), [r(3, 3)],
     "segment_reduce(): Expected axis to be the last dimension of lengths but got 1."),
    ("axis not last of offsets", lambda m, x: m.segment_reduce(x, "sum", offsets=m.tensor([[0, 3]])), [r(3, 3)],
     "Expected axis to be the last dimension of offsets but got 0."),
    ("0-d data", lambda m, x: m.segment_reduce(x, "sum", lengths=L(1)(m)), [np.array(1.0)],
     "Expected data.dim() >= lengths_value.dim() to be true, but got false."),
    ("axis out of range", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3)(m), axis=2), [r(3, 3)],
     "Dimension out of range"),
    ("lengths requires grad", lambda m, x: m.segment_reduce(x, "sum", lengths=m.tensor([3.0], requires_grad=True)),
     [r(3)], "The function 'segment_reduce' is not differentiable with respect to argument 'lengths'."),
    ("offsets requires grad", lambda m, x: m.segment_reduce(x, "sum", offsets=m.tensor([0.0, 3.0], requires_grad=True)),
     [r(3)], "is not differentiable with respect to argument 'offsets'."),
    ("half initial overflow", lambda m, x: m.segment_reduce(x.half(), "sum", lengths=L(3)(m), initial=1e6), [r(3)],
     "value cannot be converted to type c10::Half without overflow"),
    ("reduce int", lambda m, x: m.segment_reduce(x, 3, lengths=L(3)(m)), [r(3)],
     "segment_reduce(): argument 'reduce' (position 2) must be str, not int"),
    ("lengths list", lambda m, x: m.segment_reduce(x, "sum", lengths=[3]), [r(3)],
     "segment_reduce(): argument 'lengths' must be Tensor, not list"),
    ("lengths positional", lambda m, x: m.segment_reduce(x, "sum", L(3)(m)), [r(3)],
     "segment_reduce() takes 2 positional arguments but 3 were given"),
    ("axis float", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3)(m), axis=0.0), [r(3)],
     "segment_reduce(): argument 'axis' must be int, not float"),
    ("unsafe int", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3)(m), unsafe=1), [r(3)],
     "segment_reduce(): argument 'unsafe' must be bool, not int"),
    ("initial str", lambda m, x: m.segment_reduce(x, "sum", lengths=L(3)(m), initial="a"), [r(3)],
     "segment_reduce(): argument 'initial' must be Number, not str"),
    ("data list", lambda m: m.segment_reduce([1.0], "sum", lengths=L(1)(m)), [],
     "segment_reduce(): argument 'data' (position 1) must be Tensor, not list"),
]


@pytest.mark.parametrize("name,op,inputs", SEGMENTS, ids=[s[0] for s in SEGMENTS])
def test_segment_reduce_matches_torch(name, op, inputs):
    # torch's gradient is a node without a derivative: second order is compared by test_segment_reduce_double_backward
    atol = 1e-2 if "float16" in name else 1e-5 if "float32" in name else 1e-7
    check(op, *inputs, atol=atol, rtol=1e-2 if "float16" in name else 1e-5, gradgrad=False)


# finite differences: away from ties, zeros (prod's other formula still matches) and NaN
SMOOTH_SEGMENTS = [s for s in SEGMENTS if not any(w in s[0] for w in ("ties", "am", "NaN", "float", "empty"))
                   and not ("zeros" in s[0] and any(w in s[0] for w in ("max", "min")))]


@pytest.mark.parametrize("op,inputs", [s[1:] for s in SMOOTH_SEGMENTS], ids=[s[0] for s in SMOOTH_SEGMENTS])
def test_segment_reduce_finite_differences(op, inputs):
    # an empty segment's value (NaN, -inf, inf) does not depend on data: read as 0
    gradcheck_fd(lambda m, *xs: m.nan_to_num(op(m, *xs), 0.0, 0.0, 0.0), *inputs)


@pytest.mark.parametrize("name,op,inputs,phrase", SEGMENT_ERRORS, ids=[e[0] for e in SEGMENT_ERRORS])
def test_segment_reduce_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


@pytest.mark.parametrize("reduce", REDUCES)
def test_segment_reduce_double_backward(reduce):
    """Under create_graph the gradient is torch's NotImplemented node, and differentiating it raises."""
    def first(m, x):
        out = m.segment_reduce(x, reduce, lengths=m.tensor([2, 3]))
        return m.autograd.grad(out.sum(), x, create_graph=True)[0]
    g = first(pullback, to_pb(ZEROS[:5]))
    assert g.grad_fn.name() == first(torch, to_torch(ZEROS[:5])).grad_fn.name() == "torch::autograd::NotImplemented"
    assert_same_error(lambda m, x: m.autograd.grad(first(m, x).sum(), x), ZEROS[:5],
                      phrase="derivative for aten::_segment_reduce_backward is not implemented")


COVERED += ["segment_reduce"]


# ================================================================= cond, while_loop
def _silenced(fn):
    """fn with torch's warnings (its compile path's) silenced."""
    def run(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    return run


def _outputs_and_grads(fn, m, arrays, grads=True):
    """fn(m, *tensors) and the gradients of its tensor outputs (a fixed cotangent) in the inputs."""
    xs = [m.tensor(a, requires_grad=grads) for a in arrays]
    out = fn(m, *xs)
    leaves = [o for o in _leaves(out) if isinstance(o, m.Tensor)]
    diff = [o for o in leaves if o.requires_grad]
    grads = m.autograd.grad(diff, xs, [m.ones_like(o) * 0.5 + o.detach() for o in diff], allow_unused=True) \
        if diff else [None] * len(xs)
    return out, grads


def _leaves(tree):
    if isinstance(tree, dict):
        return [leaf for v in tree.values() for leaf in _leaves(v)]
    if isinstance(tree, (tuple, list)):
        return [leaf for v in tree for leaf in _leaves(v)]
    return [tree]


def _same_structure(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same_structure, a, b))
    return isinstance(a, pullback.Tensor) == isinstance(b, torch.Tensor)


def _cube(a):
    return a ** 3


def _body(i, a):
    return i + 1, a * a.sin() + 1


CONTROL_FLOW = [
    ("cond True", lambda m, x: m.cond(True, lambda a: a * 2, lambda a: a.exp(), (x,)), [r(3)]),
    ("cond False int", lambda m, x: m.cond(0, lambda a: a * 2, lambda a: a.exp(), (x,)), [r(3)]),
    ("cond tensor pred true", lambda m, x: m.cond(x.sum() > -100, _cube, lambda a: a * 3, (x,)), [r(3)]),
    ("cond tensor pred false", lambda m, x: m.cond(m.tensor([False]), _cube, lambda a: a * 3, [x]), [r(3)]),
    ("cond float pred tensor", lambda m, x: m.cond(m.tensor(0.5), _cube, lambda a: a * 3, (x,)), [r(3)]),
    ("cond two operands", lambda m, x, y: m.cond(m.tensor(True), lambda a, b: a * b, lambda a, b: a - b, (x, y)),
     [r(3), r(3)]),
    ("cond nested operands", lambda m, x, y: m.cond(m.tensor(False), lambda d: d["a"] + d["b"][0],
                                                     lambda d: d["a"] * d["b"][0], ({"a": x, "b": [y]},)),
     [r(2), r(2)]),
    ("cond tuple result", lambda m, x: m.cond(m.tensor(True), lambda a: (a.sin(), {"c": a.cos()}),
                                              lambda a: (a.cos(), {"c": a.sin()}), (x,)), [r(3)]),
    # (torch's CondAutogradOp fails in backward when a branch returns an int: values only)
    ("cond int result no grad", lambda m, x: m.cond(m.tensor(True), lambda a: (a * 2, 3), lambda a: (a * 3, 3),
                                                    (x,)), [r(3)]),
    ("cond no operands closure", lambda m, x: m.cond(m.tensor(True), lambda: x * 2, lambda: x * 3), [r(3)]),
    ("cond constant branch alias", lambda m, x: m.cond(True, lambda a: a, lambda a: a * 1, (x,)), [r(3)]),
    ("while_loop", lambda m, x: m.while_loop(lambda i, a: i < 3, _body, (m.tensor(0), x)), [r(3)]),
    ("while_loop list", lambda m, x: m.while_loop(lambda i, a: i < 2, _body, [m.tensor(0), x]), [r(3)]),
    # torch's while_loop takes int carries, but not in a graph (its backward wants only tensors): values only
    ("while_loop int carry no grad", lambda m, x: m.while_loop(lambda i, a: i < 3, _body, (0, x)), [r(3)]),
    ("while_loop bool condition", lambda m, x: m.while_loop(lambda i, a: bool(i < 2), _body, (m.tensor(0), x)),
     [r(3)]),
    # without an iteration torch's gradient (WhileLoopAutogradOp) is the body's once, not the identity's: values
    # only (the identity's gradient is checked by finite differences)
    ("while_loop no iteration no grad", lambda m, x: m.while_loop(lambda i, a: i < 0, _body, (m.tensor(0), x)),
     [r(3)]),
    ("while_loop no iteration nested no grad", lambda m, x: m.while_loop(
        lambda a, d: a.sum() < -1e9, lambda a, d: (a * 2, {"b": d["b"] + 1}), (x, {"b": x})), [r(2)]),
    ("while_loop nested", lambda m, x, y: m.while_loop(
        lambda a, d: a.abs().sum() < 50, lambda a, d: (a * 2, {"b": d["b"] + a}), (x + 3, {"b": y})), [r(2), r(2)]),
    ("while_loop body list no grad", lambda m, x: m.while_loop(lambda i, a: i < 2, lambda i, a: [i + 1, a.exp()],
                                                               (0, x)), [r(2)]),
    ("while_loop body regrouped no grad", lambda m, x: m.while_loop(lambda i, a: i < 2, lambda i, a: ((i + 1, a * 3),),
                                                            (0, x)), [r(2)]),
    ("while_loop closure", lambda m, x, w: m.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * w),
                                                        (m.tensor(0), x)), [r(3), r(3)]),
    ("while_loop same tensor twice", lambda m, x: m.while_loop(lambda a, b: a.abs().sum() < 100,
                                                               lambda a, b: (b * 2, a * 3), (x + 1, x + 1)), [r(2)]),
]


@pytest.mark.parametrize("name,fn", [c[:2] for c in CONTROL_FLOW], ids=[c[0] for c in CONTROL_FLOW])
def test_control_flow_matches_torch(name, fn):
    arrays = next(c[2] for c in CONTROL_FLOW if c[0] == name)
    grads = "no grad" not in name
    pb_out, pb_grads = _outputs_and_grads(fn, pullback, arrays, grads)
    th_out, th_grads = _silenced(_outputs_and_grads)(fn, torch, arrays, grads)
    assert _same_structure(pb_out, th_out)
    for p, t in zip(_leaves(pb_out), _leaves(th_out)):
        if isinstance(t, torch.Tensor):
            assert str(p.dtype) == str(t.dtype)
            assert p.requires_grad == t.requires_grad
            np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=1e-6, atol=1e-9)
        else:
            assert p == t
    for p, t in zip(pb_grads, th_grads):
        assert (p is None) == (t is None)
        if t is not None:
            np.testing.assert_allclose(p.numpy(), t.numpy(), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name,fn,inputs", [c for c in CONTROL_FLOW if "alias" not in c[0] and "cond int" not in c[0]],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_control_flow_finite_differences(name, fn, inputs):
    gradcheck_fd(lambda m, *xs: [o for o in _leaves(fn(m, *xs)) if isinstance(o, m.Tensor) and o.is_floating_point()],
                 *inputs)


def test_control_flow_second_order():
    """Through the branch's (or body's) own ops the gradient differentiates again, to the derivative of
    what ran. torch's differ: cond's gradient (CondAutogradOp) is not differentiable, and while_loop's
    second order (WhileLoopAutogradOp) is not the loop's (4a**2 for a**4 below, where it is 12a**2)."""
    x = pullback.tensor([0.5, -1.0], requires_grad=True)
    y = pullback.cond(x.sum() < 0, _cube, lambda a: a * 3, (x,))
    g, = pullback.autograd.grad(y.sum(), x, create_graph=True)
    gg, = pullback.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), 6 * x.detach().numpy())
    t = torch.tensor([0.5, -1.0], requires_grad=True)
    th_y = _silenced(torch.cond)(t.sum() < 0, _cube, lambda a: a * 3, (t,))
    assert torch.autograd.grad(th_y.sum(), t, create_graph=True)[0].grad_fn is None
    _, out = pullback.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * a), (pullback.tensor(0), x))
    g, = pullback.autograd.grad(out.sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), 4 * x.detach().numpy() ** 3)
    np.testing.assert_allclose(pullback.autograd.grad(g.sum(), x)[0].numpy(), 12 * x.detach().numpy() ** 2)


def test_while_loop_returns_clones_without_iteration():
    x = pullback.tensor([1.0, 2.0])
    out, = pullback.while_loop(lambda a: a.sum() < 0, lambda a: (a * 2,), (x,))
    assert out is not x and out.tolist() == [1.0, 2.0] and out.data_ptr() != x.data_ptr()


CONTROL_FLOW_ERRORS = [  # checked before torch compiles: torch's class and message
    ("cond pred str", lambda m, x: m.cond("a", lambda a: a, lambda a: a, (x,)), [r(2)],
     "Expected pred to be bool or tensor, but got a."),
    ("cond pred None", lambda m, x: m.cond(None, lambda a: a, lambda a: a, (x,)), [r(2)],
     "Expected pred to be bool or tensor, but got None."),
    ("cond pred two elements", lambda m, x: m.cond(m.tensor([True, False]), lambda a: a, lambda a: a, (x,)), [r(2)],
     "Expected pred to be bool or single-element tensor, but got tensor([ True, False])."),
    ("cond branch not callable", lambda m, x: m.cond(m.tensor(True), 3, lambda a: a, (x,)), [r(2)],
     "Expect both branches to be callable."),
    ("cond operands tensor", lambda m, x: m.cond(m.tensor(True), lambda a: a, lambda a: a, x), [np.array([1.0, 2.0])],
     "Expect operands to be a tuple of possibly nested dict/list/tuple that only consists of tensor leaves, but got "
     "tensor([1., 2.], dtype=torch.float64, requires_grad=True)."),
    ("cond operands int", lambda m, x: m.cond(m.tensor(True), lambda a, b: a, lambda a, b: a, (x, 2)), [r(2)],
     "that only consists of tensor leaves"),
    ("while_loop not callable", lambda m, x: m.while_loop(3, lambda a: (a,), (x,)), [r(2)],
     "Expect cond_fn and body_fn to be callable."),
    ("while_loop float carry", lambda m, x: m.while_loop(lambda a, b: False, lambda a, b: (a, b), (0.5, x)), [r(2)],
     "can only be of"),
]

# refused by torch's tracer (its UncapturedHigherOrderOpError, a RuntimeError): pullback sees these in the
# values it runs and raises a RuntimeError in the tracer's words
TRACER_ERRORS = [
    ("cond branch returns its operand", lambda m, x: m.cond(m.tensor(True), lambda a: a, lambda a: a, (x,)), [r(2)],
     "Encountered aliasing during higher order op tracing"),
    ("cond branch returns a view", lambda m, x: m.cond(m.tensor(True), lambda a: a[:1], lambda a: a[1:], (x,)), [r(2)],
     "Encountered aliasing during higher order op tracing"),
    ("cond branch returns None", lambda m, x: m.cond(m.tensor(True), lambda a: None, lambda a: None, (x,)), [r(2)],
     "unsupported branch return type"),
    ("while_loop body aliases", lambda m, x: m.while_loop(lambda a: a.sum() < 10, lambda a: (a,), (x,)), [r(2)],
     "Encountered aliasing during higher order op tracing"),
    ("while_loop body changes shape", lambda m, x: m.while_loop(lambda a: a.sum() < 10, lambda a: (m.cat([a, a]),),
                                                                (x.abs(),)), [r(2)],
     "Expected body_fn_output and carried_inputs to have same metadata but found:"),
    ("while_loop body changes dtype", lambda m, x: m.while_loop(lambda a: a.sum() < 10, lambda a: (a.float() * 2,),
                                                                (x.abs(),)), [r(2)],
     "Expected body_fn_output and carried_inputs to have same metadata but found:"),
    ("while_loop int carry becomes a tensor", lambda m, x: m.while_loop(lambda i, a: i < 2,
                                                                        lambda i, a: (m.tensor(i + 1), a * 2), (0, x)),
     [r(2)], "Expected body_fn_output and carried_inputs to have same metadata but found:"),
]


@pytest.mark.parametrize("name,op,inputs,phrase", CONTROL_FLOW_ERRORS, ids=[e[0] for e in CONTROL_FLOW_ERRORS])
def test_control_flow_errors(name, op, inputs, phrase):
    assert_same_error(_silenced(op), *inputs, phrase=phrase)


@pytest.mark.parametrize("name,op,inputs,phrase", TRACER_ERRORS, ids=[e[0] for e in TRACER_ERRORS])
def test_control_flow_tracer_refusals(name, op, inputs, phrase):
    with pytest.raises(RuntimeError) as th_exc:  # (torch's: a subclass, from its compiler)
        _silenced(op)(torch, *[to_torch(a) for a in inputs])
    assert phrase in str(th_exc.value) or "making fake tensor call" in str(th_exc.value)
    with pytest.raises(RuntimeError, match=phrase):
        op(pullback, *[to_pb(a) for a in inputs])


@pytest.mark.parametrize("result", [lambda a: a.sum() < 5, lambda a: (a.sum() < 5).long(), lambda a: 1])
def test_while_loop_condition_must_be_a_bool(result):
    x = pullback.tensor([1.0, 2.0])
    if isinstance(result(x), pullback.Tensor) and result(x).dtype == pullback.bool:
        out = pullback.while_loop(result, lambda a: (a * 2,), (x,))
        assert out[0].tolist() == [2.0, 4.0]
        return
    with pytest.raises(RuntimeError, match="cond_fn must return a boolean scalar tensor or a boolean but got"):
        pullback.while_loop(result, lambda a: (a * 2,), (x,))


COVERED += ["cond", "while_loop"]


# ================================================================= DLPack
DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]
LAYOUTS = [  # (id, a view of a fresh 2x3 (or 6) tensor of module m)
    ("contiguous", lambda m, t: t),
    ("transposed", lambda m, t: t.t()),
    ("sliced", lambda m, t: t[:, ::2]),
    ("offset", lambda m, t: t.reshape(-1)[1:]),
    ("expanded", lambda m, t: t[:1].expand(4, 3)),
    ("0-d", lambda m, t: t[1, 2]),
]


def _fresh(m, dtype):
    return m.arange(6).reshape(2, 3).to(getattr(m, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", [lay[1] for lay in LAYOUTS], ids=[lay[0] for lay in LAYOUTS])
def test_dlpack_with_torch_both_ways(dtype, layout):
    """torch.from_dlpack(pullback tensor) and pullback.from_dlpack(torch tensor) see the same memory,
    with the same values, dtype, shape and strides."""
    pb = layout(pullback, _fresh(pullback, dtype))
    th = torch.from_dlpack(pb)
    assert str(th.dtype) == str(pb.dtype) and th.shape == pb.shape and th.stride() == pb.stride()
    assert th.data_ptr() == pb.data_ptr()
    np.testing.assert_array_equal(th.numpy(), pb.numpy())
    th2 = layout(torch, _fresh(torch, dtype))
    pb2 = pullback.from_dlpack(th2)
    assert str(pb2.dtype) == str(th2.dtype) and pb2.shape == th2.shape and pb2.stride() == th2.stride()
    assert pb2.data_ptr() == th2.data_ptr()
    # and through the capsules of to_dlpack
    assert torch.from_dlpack(pullback.to_dlpack(pb)).data_ptr() == pb.data_ptr()
    assert pullback.from_dlpack(torch.to_dlpack(th2)).data_ptr() == th2.data_ptr()


def test_dlpack_shares_memory_with_numpy_as_torch_does():
    for m in (pullback, torch):
        a = np.arange(6.0)
        t = m.from_dlpack(a)
        t[0] = 100.0
        a[1] = -1.0
        assert a[0] == 100.0 and t[1].item() == -1.0 and str(t.dtype) == "torch.float64"
        t.add_(1)  # in place: still the same memory
        assert a[2] == 3.0
        assert m.from_dlpack(a, copy=True).data_ptr() != a.ctypes.data
        v = m.from_dlpack(np.arange(12.0).reshape(3, 4)[:, 1::2])
        assert v.stride() == (4, 2) and v.tolist() == [[1.0, 3.0], [5.0, 7.0], [9.0, 11.0]]


def test_dlpack_round_trip_in_pullback():
    x = pullback.arange(6.0).reshape(2, 3)
    for y in (pullback.from_dlpack(x), pullback.from_dlpack(pullback.to_dlpack(x)),
              pullback.utils.dlpack.from_dlpack(x.t())):
        assert y.data_ptr() == x.data_ptr() and not y.requires_grad
    y = pullback.from_dlpack(x)
    y.mul_(2)
    assert x.tolist() == [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]]
    assert x.__dlpack_device__() == torch.arange(1).__dlpack_device__() == (1, 0)
    assert x.__dlpack_device__()[0] is pullback.utils.dlpack.DLDeviceType.kDLCPU
    capsule = x.__dlpack__(max_version=(1, 0))
    assert "dltensor_versioned" in repr(capsule) and "dltensor_versioned" in repr(torch.ones(1).__dlpack__(
        max_version=(1, 0)))
    assert '"dltensor"' in repr(pullback.to_dlpack(x)) and '"dltensor"' in repr(x.__dlpack__())


DLPACK_ERRORS = [
    ("requires grad", lambda m, x: m.from_dlpack(x), [r(3)], "Can't export tensors that require gradient, use "
                                                             "tensor.detach()"),
    ("__dlpack__ requires grad", lambda m, x: x.__dlpack__(), [r(3)], "Can't export tensors that require gradient"),
    ("stream on cpu", lambda m, x: x.__dlpack__(stream=1), [ints(3)], "stream should be None on cpu."),
    ("stream str", lambda m, x: x.__dlpack__(stream="a"), [ints(3)], "stream must be ``int`` or ``none``"),
    ("capsule used twice", lambda m, x: [m.from_dlpack(c) for c in [m.to_dlpack(x)] * 2], [ints(3)],
     "from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed only once"),
    ("not a capsule", lambda m: m.from_dlpack([1, 2]), [], "from_dlpack received an invalid capsule."),
    ("capsule with copy", lambda m, x: m.from_dlpack(m.to_dlpack(x), copy=True), [ints(3)],
     "device and copy kwargs not supported when ext_tensor is already a DLPack capsule."),
    ("to_dlpack list", lambda m: m.to_dlpack([1, 2]), [],
     "_to_dlpack(): argument 'data' (position 1) must be Tensor, not list"),
]


@pytest.mark.parametrize("name,op,inputs,phrase", DLPACK_ERRORS, ids=[e[0] for e in DLPACK_ERRORS])
def test_dlpack_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase)


def test_dlpack_of_a_dtype_pullback_lacks():
    with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy.uint16"):
        pullback.from_dlpack(np.arange(3, dtype=np.uint16))  # (torch has uint16; pullback has not)


COVERED += ["from_dlpack", "to_dlpack"]


def test_control_flow_forward_mode_tangents_are_the_branch_ones():
    """A dual tensor's tangent flows through the ops the branch or the loop runs: torch's own eager
    cond gives that with a Python predicate; with a tensor predicate (or in a loop) its compiled path
    returns no tangent at all, which pullback does not copy."""
    import pullback.autograd.forward_ad as pfw
    import torch.autograd.forward_ad as tfw
    a, t = r(3), r(3)
    with tfw.dual_level():
        d = tfw.make_dual(torch.tensor(a), torch.tensor(t))
        expected = tfw.unpack_dual(torch.cond(True, lambda x: x.sin() * x, lambda x: x.cos(), (d,))).tangent
        assert tfw.unpack_dual(_silenced(torch.cond)(d.sum() < 100, lambda x: x.sin() * x, lambda x: x.cos(),
                                                     (d,))).tangent is None
        looped = tfw.unpack_dual(d.sin().sin()).tangent
    with pfw.dual_level():
        d = pfw.make_dual(pullback.tensor(a), pullback.tensor(t))
        got = pfw.unpack_dual(pullback.cond(d.sum() < 100, lambda x: x.sin() * x, lambda x: x.cos(), (d,))).tangent
        _, out = pullback.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, x.sin()), (pullback.tensor(0), d))
        got_loop = pfw.unpack_dual(out).tangent
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-12)
    np.testing.assert_allclose(got_loop.numpy(), looped.numpy(), rtol=1e-12)


# ================================================================= keywords
KEYWORDS = {  # torch's C++ parser takes NumPy-style names (axis, keepdims, x/a/x1) for these; its Python cond,
    # while_loop and from_dlpack take only their own
    "gradient axis": lambda m, x: m.gradient(x, axis=0),
    "gradient a": lambda m, x: m.gradient(a=x, spacing=2.0),
    "gradient dim and axis": lambda m, x: m.gradient(x, dim=0, axis=1),
    "nonzero_static x": lambda m, x: m.nonzero_static(x=x, size=2),
    "frobenius_norm axis keepdims": lambda m, x: m.frobenius_norm(x, axis=0, keepdims=True),
    "nuclear_norm axis": lambda m, x: m.nuclear_norm(x, axis=(1, 0)),
    "nuclear_norm keepdims": lambda m, x: m.nuclear_norm(x1=x, keepdims=True),
    "norm_except_dim axis": lambda m, x: m.norm_except_dim(x, 2, axis=1),
    "norm_except_dim input": lambda m, x: m.norm_except_dim(input=x),
    "native_norm x": lambda m, x: m.native_norm(x=x),
    "segment_reduce data reduce": lambda m, x: m.segment_reduce(data=x.reshape(-1), reduce="sum",
                                                                lengths=m.tensor([9])),
    "segment_reduce x": lambda m, x: m.segment_reduce(x=x.reshape(-1), reduce="sum", lengths=m.tensor([9])),
    "as_strided_ x": lambda m, x: m.as_strided_(x=x.clone(), size=(2,), stride=(1,)),
    "slice_inverse axis": lambda m, x: m.slice_inverse(x[1:], src=x, axis=0, start=1),
    "cond keywords": lambda m, x: m.cond(pred=True, true_fn=lambda a: a, false_fn=lambda a: a, operands=(x,)),
    "while_loop keywords": lambda m, x: m.while_loop(cond_fn=lambda a: False, body_fn=lambda a: (a,),
                                                     carried_inputs=(x,)),
    "to_dlpack data": lambda m, x: m.to_dlpack(data=x),
    "to_dlpack tensor": lambda m, x: m.to_dlpack(tensor=x),
    "from_dlpack ext_tensor": lambda m, x: m.from_dlpack(ext_tensor=x),
}


@pytest.mark.parametrize("name", list(KEYWORDS))
def test_keywords_as_torch_takes_them(name):
    outcomes = []
    for m in (pullback, torch):
        x = m.arange(9.0).reshape(3, 3)
        try:
            out = _silenced(KEYWORDS[name])(m, x)
            outcomes.append(("ok", [np.asarray(o.tolist()) for o in _leaves(out) if isinstance(o, m.Tensor)]))
        except Exception as e:  # noqa: BLE001 - compared with torch's
            outcomes.append((type(e).__name__, None))
    assert outcomes[0][0] == outcomes[1][0], outcomes
    for p, t in zip(outcomes[0][1] or [], outcomes[1][1] or []):
        np.testing.assert_allclose(p, t, rtol=1e-6)


# nuclear_norm's overloads as torch's parser tells them apart: a bool second argument is keepdim, an int or int
# list dim (one int naming both), and their keywords (numpy's names too); anything else refused in torch's words
NUCLEAR_NORM_CALLS = [
    "m.nuclear_norm(x)",
    "m.nuclear_norm(x, True)",
    "m.nuclear_norm(x, False)",
    "m.nuclear_norm(x, keepdim=True)",
    "m.nuclear_norm(x, (0, 1))",
    "m.nuclear_norm(x, [0, 1], True)",
    "m.nuclear_norm(x, (0, 1), keepdim=True)",
    "m.nuclear_norm(x, dim=(0, 1), keepdim=True)",
    "m.nuclear_norm(x, dim=(0, 1))",
    "m.nuclear_norm(x, 0)",
    "m.nuclear_norm(x, dim=0)",
    "m.nuclear_norm(x, np.int64(0))",
    "m.nuclear_norm(x, m.tensor(1))",
    "m.nuclear_norm(x, (0, m.tensor(1)))",
    "m.nuclear_norm(x, (0, 1.0))",
    "m.nuclear_norm(x, 1.0)",
    "m.nuclear_norm(x, True, True)",
    "m.nuclear_norm(x, (0, 1), 1)",
    "m.nuclear_norm(x, keepdim=1)",
    "m.nuclear_norm(x, (0, 1), True, 1)",
    "m.nuclear_norm(x, out=m.empty(()))",
    "m.nuclear_norm(x, (0, 1), out=m.empty(()))",
    "m.nuclear_norm(x, True, out=m.empty(()))",
    "m.nuclear_norm(x, foo=1)",
    "m.nuclear_norm(x=x)",
    "m.nuclear_norm(a=x, axis=(0, 1))",
    "m.nuclear_norm(x, axis=(0, 1), keepdims=True)",
    "m.nuclear_norm(x, keepdims=True)",
    "m.nuclear_norm(x, (0, 1), dim=(0, 1))",
    "m.nuclear_norm(x, True, keepdim=True)",
    "m.nuclear_norm()",
    "m.nuclear_norm(input=x, dim=(0, 1))",
    "m.nuclear_norm(x, (0, 1, 2))",
    "m.nuclear_norm(x, (0,))",
    "m.nuclear_norm(x, ())",
    "m.nuclear_norm(x, None)",
    "m.nuclear_norm(x, dim=None)",
    "m.nuclear_norm(x, keepdim=None)",
    "m.nuclear_norm(x, (0, 1), None)",
    "m.nuclear_norm(x, (0, True))",
    "m.nuclear_norm(x, [1, 0])",
]


@pytest.mark.parametrize("call", NUCLEAR_NORM_CALLS)
def test_nuclear_norm_arguments_as_torch_parses_them(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (its deprecation warning, compared elsewhere)
        assert_same_outcome(lambda m: eval(call, {"m": m, "np": np, "x": m.arange(6.0).reshape(2, 3) - 2}))
