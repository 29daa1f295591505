"""Quantiles, histograms, renorm and the trapezoid rules against torch: values, dtypes, graphs
(node names down to the leaves), first- and second-order gradients, float64 finite
differences, out=, in-place forms and errors."""
import pickle
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, assert_same_outcome, check, gradcheck_fd, to_pb, to_torch

RNG = np.random.default_rng(5)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def distinct(*shape):
    """Values with no ties (the order statistics are then differentiable)."""
    n = int(np.prod(shape)) if shape else 1
    return ((RNG.permutation(n) + RNG.uniform(0.1, 0.9, n)).reshape(shape) - n / 2) / 3


def with_nans(*shape):
    x = distinct(*shape)
    x.reshape(-1)[RNG.choice(x.size, max(1, x.size // 4), replace=False)] = np.nan
    return x


def q64(*values):
    return lambda m: m.tensor(list(values), dtype=m.float64)


INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"]

# (id, function of (module, *tensors), inputs): the op table
SAMPLES = [
    ("quantile all", lambda m, x: m.quantile(x, 0.3), [distinct(3, 4)]),
    ("quantile dim last", lambda m, x: m.quantile(x, 0.3, dim=1), [distinct(3, 4)]),
    ("quantile dim 0", lambda m, x: m.quantile(x, 0.65, 0), [distinct(3, 4, 2)]),
    ("quantile dim keepdim", lambda m, x: m.quantile(x, 0.5, -2, True), [distinct(3, 4, 2)]),
    ("quantile all keepdim", lambda m, x: x.quantile(0.25, keepdim=True), [distinct(3, 4)]),
    ("quantile q tensor", lambda m, x: m.quantile(x, q64(0.1, 0.5, 1.0)(m), dim=1), [distinct(3, 4)]),
    ("quantile q tensor dim 0 keepdim", lambda m, x: x.quantile(q64(0.0, 0.7)(m), 0, True), [distinct(4, 3, 2)]),
    ("quantile q tensor all", lambda m, x: m.quantile(x, q64(0.2, 0.9)(m)), [distinct(2, 5)]),
    ("quantile q 0-d tensor", lambda m, x: m.quantile(x, m.tensor(0.4, dtype=m.float64), dim=0), [distinct(5, 2)]),
    ("quantile 1-d", lambda m, x: m.quantile(x, 0.8), [distinct(7)]),
    ("quantile 0-d", lambda m, x: m.quantile(x, 0.5), [np.array(1.5)]),
    ("quantile 0-d dim", lambda m, x: m.quantile(x, q64(0.5, 0.2)(m), dim=0, keepdim=True), [np.array(1.5)]),
    ("quantile q empty", lambda m, x: m.quantile(x, m.tensor([], dtype=m.float64), dim=0), [distinct(3, 4)]),
    ("quantile float32", lambda m, x: m.quantile(x, 0.3, dim=1), [distinct(4, 6).astype(np.float32)]),
    ("quantile float32 q tensor", lambda m, x: m.quantile(x, m.tensor([0.15, 0.85]), dim=0),
     [distinct(6, 3).astype(np.float32)]),
    ("quantile with NaN", lambda m, x: m.quantile(x, 0.5, dim=1), [with_nans(4, 5)]),
    ("quantile q requires grad", lambda m, x, q: m.quantile(x, q, dim=1), [distinct(3, 4), np.array([0.2, 0.7])]),
    ("quantile q requires grad all", lambda m, x, q: m.quantile(x, q), [distinct(3, 4), np.array(0.35)]),
    ("quantile transposed", lambda m, x: m.quantile(x.t(), 0.3, dim=0, keepdim=True), [distinct(4, 5)]),
    ("quantile expanded", lambda m, x: m.quantile(x.expand(3, 4, 5), 0.2, dim=0), [distinct(4, 5)]),
    ("quantile q tensor strides", lambda m, x: m.quantile(x, q64(0.3, 0.6)(m), dim=0).stride(), [distinct(4, 5)]),
    ("nanquantile only q requires grad", lambda m, x, q: m.nanquantile(x.detach(), q),
     [with_nans(3, 4), np.array([0.25, 0.5])]),
    ("nanquantile", lambda m, x: m.nanquantile(x, 0.4, dim=1), [with_nans(4, 5)]),
    ("nanquantile all", lambda m, x: x.nanquantile(q64(0.3, 0.6)(m)), [with_nans(3, 4)]),
    ("nanquantile row of NaN", lambda m, x: m.nanquantile(x, 0.5, dim=1),
     [np.array([[np.nan, np.nan, np.nan], [1.0, np.nan, 3.0]])]),
    ("nanquantile no NaN", lambda m, x: m.nanquantile(x, 0.3, dim=0, keepdim=True), [distinct(5, 2)]),
    ("nanquantile q requires grad", lambda m, x, q: m.nanquantile(x, q, dim=1), [with_nans(3, 5), np.array([0.6])]),
    ("msort", lambda m, x: m.msort(x), [distinct(4, 3)]),
    ("msort method 1-d", lambda m, x: x.msort(), [distinct(5)]),
    ("msort 0-d", lambda m, x: m.msort(x), [np.array(2.0)]),
    ("msort ints", lambda m, x: m.msort(x), [np.array([[3, 1], [0, 2]])]),
    ("renorm p2 dim0", lambda m, x: m.renorm(x, 2, 0, 1.0), [r(3, 4)]),
    ("renorm p1 dim1", lambda m, x: x.renorm(1, 1, 1.5), [r(3, 4)]),
    ("renorm p3 neg dim 3-d", lambda m, x: m.renorm(x, 3, -1, 0.8), [r(2, 3, 4)]),
    ("renorm p0.5", lambda m, x: m.renorm(x, 0.5, 0, 2.0), [r(3, 4)]),
    ("renorm p inf", lambda m, x: m.renorm(x, float("inf"), 1, 0.5), [distinct(3, 4)]),
    ("renorm none over", lambda m, x: m.renorm(x, 2, 0, 100.0), [r(3, 4)]),
    ("renorm keyword", lambda m, x: x.renorm(p=2, dim=1, maxnorm=1), [r(3, 2)]),
    ("renorm float32", lambda m, x: m.renorm(x, 2, 1, 1.0), [r(3, 4, dtype=np.float32)]),
    ("renorm float32 p1.5", lambda m, x: m.renorm(x, 1.5, 0, 0.5), [r(3, 4, dtype=np.float32)]),
    ("renorm_", lambda m, x: (x * 1).renorm_(2, 0, 0.7), [r(3, 4)]),
    ("renorm_ float32", lambda m, x: (x + 0).renorm_(1, 1, 1.0), [r(3, 4, dtype=np.float32)]),
    ("trapezoid", lambda m, y: m.trapezoid(y), [r(3, 4)]),
    ("trapezoid dx dim 0", lambda m, y: m.trapezoid(y, dx=0.5, dim=0), [r(3, 4)]),
    ("trapezoid dx int", lambda m, y: m.trapezoid(y, dx=2), [r(5)]),
    ("trapezoid x same shape", lambda m, y, x: m.trapezoid(y, x), [r(3, 4), r(3, 4)]),
    ("trapezoid x 1-d", lambda m, y, x: m.trapezoid(y, x, dim=0), [r(3, 4), r(3)]),
    ("trapezoid x fewer dims", lambda m, y, x: m.trapezoid(y, x=x), [r(2, 3, 4), r(3, 4)]),
    ("trapezoid x broadcast", lambda m, y, x: m.trapezoid(y, x, dim=1), [r(3, 4), r(1, 4)]),
    ("trapezoid one sample", lambda m, y: m.trapezoid(y), [r(3, 1)]),
    ("trapezoid float32", lambda m, y, x: m.trapezoid(y, x), [r(4, dtype=np.float32), r(4, dtype=np.float32)]),
    ("trapz x", lambda m, y, x: m.trapz(y, x), [r(2, 4), r(4)]),
    ("trapz dx", lambda m, y: m.trapz(y, dx=0.25, dim=0), [r(3, 2)]),
    ("cumulative_trapezoid", lambda m, y: m.cumulative_trapezoid(y), [r(3, 4)]),
    ("cumulative_trapezoid dx dim 0", lambda m, y: m.cumulative_trapezoid(y, dx=3, dim=0), [r(4, 2)]),
    ("cumulative_trapezoid x", lambda m, y, x: m.cumulative_trapezoid(y, x), [r(3, 4), r(3, 4)]),
    ("cumulative_trapezoid x 1-d", lambda m, y, x: m.cumulative_trapezoid(y, x, dim=-2), [r(4, 3), r(4)]),
    ("cumulative_trapezoid one sample", lambda m, y: m.cumulative_trapezoid(y), [r(3, 1)]),
    ("cumulative_trapezoid float32", lambda m, y: m.cumulative_trapezoid(y, dx=0.1),
     [r(5, dtype=np.float32)]),
]
SAMPLES += [(f"quantile {mode}", lambda m, x, mode=mode: m.quantile(x, 0.37, dim=0, interpolation=mode),
             [distinct(5, 3)]) for mode in INTERPOLATIONS]
SAMPLES += [(f"quantile q tensor {mode}", lambda m, x, mode=mode: x.quantile(q64(0.0, 0.5, 0.625, 1.0)(m), 1,
                                                                             interpolation=mode),
             [distinct(3, 5)]) for mode in INTERPOLATIONS]
SAMPLES += [(f"nanquantile {mode}", lambda m, x, mode=mode: m.nanquantile(x, 0.45, dim=1, interpolation=mode),
             [with_nans(3, 6)]) for mode in INTERPOLATIONS]
SAMPLES += [(f"quantile q requires grad {mode}", lambda m, x, q, mode=mode: m.quantile(x, q, 0, interpolation=mode),
             [distinct(4, 2), np.array([0.1, 0.4])]) for mode in INTERPOLATIONS]
IDS = [s[0] for s in SAMPLES]

COVERED = ["quantile", "nanquantile", "msort", "histc", "histogram", "histogramdd", "renorm", "trapezoid", "trapz",
           "cumulative_trapezoid"]


@pytest.mark.parametrize("name,op,inputs", SAMPLES, ids=IDS)
def test_matches_torch(name, op, inputs):
    atol = 1e-5 if inputs[0].dtype == np.float32 else 1e-7
    check(op, *inputs, atol=atol)


# the samples whose values vary smoothly with the inputs (finite differences do not cross a tie or a NaN)
SMOOTH = [s for s in SAMPLES if "NaN" not in s[0] and "nanquantile" not in s[0] and "ints" not in s[0]
          and "float32" not in s[0] and "0-d tensor" not in s[0] and "strides" not in s[0]]


@pytest.mark.parametrize("op,inputs", [s[1:] for s in SMOOTH], ids=[s[0] for s in SMOOTH])
def test_finite_differences(op, inputs):
    gradcheck_fd(op, *inputs)


def on_edges(*shape):
    """Values on a grid of bin edges and between them (each must land in torch's bin)."""
    return np.round(RNG.uniform(-1, 1, shape) * 8) / 8


# (id, function, inputs, requires_grad): counts compared exactly; histogram and histogramdd record
# torch's NotImplemented nodes (compared by name and edges) where an input requires grad
HISTOGRAMS = [
    ("histc", lambda m, x: m.histc(x, 4), [r(3, 4)], (False,)),
    ("histc range", lambda m, x: x.histc(bins=16, min=-1, max=1), [on_edges(40)], (False,)),
    ("histc float32 range", lambda m, x: m.histc(x, 7, -0.75, 0.5), [on_edges(60).astype(np.float32)], (False,)),
    ("histc float16", lambda m, x: m.histc(x, 10), [on_edges(30).astype(np.float16)], (False,)),
    ("histc equal values", lambda m, x: m.histc(x, 3), [np.array([2.0, 2.0])], (False,)),
    ("histc empty", lambda m, x: m.histc(x, 3), [np.zeros(0)], (False,)),
    ("histc 0-d", lambda m, x: m.histc(x, 3), [np.array(0.5)], (False,)),
    ("histc NaN", lambda m, x: m.histc(x, 3, 0, 1), [np.array([0.2, np.nan, 0.9, 1.5])], (False,)),
    ("histc requires grad", lambda m, x: m.histc(x, 5), [r(6)], (True,)),
    ("histogram", lambda m, x: m.histogram(x, 5), [r(3, 4)], (False,)),
    ("histogram default bins", lambda m, x: m.histogram(x), [r(50)], (False,)),
    ("histogram on edges", lambda m, x: x.histogram(16), [on_edges(50)], (False,)),
    ("histogram range density", lambda m, x: m.histogram(x, 8, range=(-1.0, 1.5), density=True), [r(20)], (False,)),
    ("histogram int range", lambda m, x: m.histogram(x, bins=3, range=(0, 1)), [RNG.uniform(size=9)], (False,)),
    ("histogram weight", lambda m, x, w: m.histogram(x, 4, weight=w), [r(2, 5), RNG.uniform(size=(2, 5))],
     (False, False)),
    ("histogram weight density", lambda m, x, w: m.histogram(x, 3, weight=w, density=True),
     [r(10, dtype=np.float32), RNG.uniform(size=10).astype(np.float32)], (False, False)),
    ("histogram edges", lambda m, x, e: m.histogram(x, e), [on_edges(30), np.array([-1.0, -0.25, 0.0, 0.5, 1.0])],
     (False, False)),
    ("histogram edges density", lambda m, x, e: m.histogram(x, bins=e, density=True),
     [r(30), np.array([-2.0, 0.0, 0.5, 3.0])], (False, False)),
    ("histogram equal values", lambda m, x: m.histogram(x, 2), [np.array([3.0, 3.0])], (False,)),
    ("histogram empty", lambda m, x: m.histogram(x, 2), [np.zeros(0)], (False,)),
    ("histogram empty density", lambda m, x: m.histogram(x, 2, density=True), [np.zeros(0)], (False,)),
    ("histogram 0-d", lambda m, x: m.histogram(x, 2), [np.array(1.0)], (False,)),
    ("histogram float16 range", lambda m, x: m.histogram(x, 3, range=(0.0, 1.0)),
     [RNG.uniform(size=8).astype(np.float16)], (False,)),
    ("histogram requires grad", lambda m, x: m.histogram(x, 4), [r(6)], (True,)),
    ("histogram weight requires grad", lambda m, x, w: m.histogram(x, 4, weight=w), [r(6), RNG.uniform(size=6)],
     (False, True)),
    ("histogram edges require grad", lambda m, x, e: m.histogram(x, e), [r(6), np.array([-1.0, 0.0, 1.0])],
     (False, True)),
    ("histogram all require grad", lambda m, x, e, w: m.histogram(x, e, weight=w),
     [r(6), np.array([-1.0, 0.0, 1.0]), RNG.uniform(size=6)], (True, True, True)),
    ("histogramdd", lambda m, x: m.histogramdd(x, [2, 3]), [r(10, 2)], (False,)),
    ("histogramdd int bins", lambda m, x: m.histogramdd(x, 3), [r(4, 5, 3)], (False,)),
    ("histogramdd positional range weight density", lambda m, x, w: m.histogramdd(x, (2, 2), [0.0, 1.0, -1.0, 1.0], w,
                                                                                   True),
     [RNG.uniform(size=(12, 2)), RNG.uniform(size=12)], (False, False)),
    ("histogramdd edges", lambda m, x, a, b: m.histogramdd(x, [a, b]),
     [on_edges(20, 2), np.array([-1.0, 0.0, 1.0]), np.array([-0.5, 0.5])], (False, False, False)),
    ("histogramdd weight batch", lambda m, x, w: m.histogramdd(x, [2, 2], weight=w), [r(2, 3, 2), r(2, 3)],
     (False, False)),
    ("histogramdd one point 0-d weight", lambda m, x, w: m.histogramdd(x, 2, weight=w), [r(1, 2), np.array(2.0)],
     (False, False)),
    ("histogramdd no points", lambda m, x: m.histogramdd(x, [2, 2]), [np.zeros((0, 2))], (False,)),
    ("histogramdd no dims", lambda m, x: m.histogramdd(x, []), [np.zeros((4, 0))], (False,)),
    ("histogramdd requires grad", lambda m, x: m.histogramdd(x, [2, 3]), [r(5, 2)], (True,)),
    ("histogramdd weight requires grad", lambda m, x, w: m.histogramdd(x, 2, weight=w), [r(5, 2), RNG.uniform(size=5)],
     (False, True)),
    ("histogramdd edges require grad", lambda m, x, a, b: m.histogramdd(x, [a, b]),
     [r(5, 2), np.array([-1.0, 1.0]), np.array([-2.0, 0.0, 2.0])], (True, True, False)),
]


@pytest.mark.parametrize("name,op,inputs,requires_grad", HISTOGRAMS, ids=[h[0] for h in HISTOGRAMS])
def test_histograms_match_torch(name, op, inputs, requires_grad):
    check(op, *inputs, requires_grad=requires_grad, grad=False, atol=0, rtol=0)


@pytest.mark.parametrize("op", [
    lambda m, x, e, w: m.histogram(x, 3)[0],
    lambda m, x, e, w: m.histogram(x, e, weight=w)[1],
    lambda m, x, e, w: m.histogramdd(x.view(-1, 2), 2).hist,
    lambda m, x, e, w: m.histogramdd(x.view(-1, 2), [2, 2]).bin_edges[1],
    lambda m, x, e, w: m.histogramdd(x.view(-1, 2), [e, e]).hist,
])
def test_histogram_gradients_are_refused_as_in_torch(op):
    def backward(m, x, e, w):
        op(m, x, e, w).sum().backward()
    assert_same_error(backward, r(6), np.array([-1.0, 0.0, 1.0]), RNG.uniform(size=6), phrase="is not implemented")


def test_histc_records_nothing():
    x = pullback.tensor(r(5), requires_grad=True)
    h = pullback.histc(x, 3)
    assert not h.requires_grad and h.grad_fn is None
    assert not x.histc(3).requires_grad


def outcome(fn, m):
    """What fn(m) gives: its printed result (a tuple's items each), or its exception's class and
    message, with the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(m)
        except Exception as e:  # noqa: BLE001 - compared with torch's, whatever it is
            got = (type(e).__name__, str(e))
        else:
            got = ("result", repr(result))
    return got, [str(w.message).split(" (Triggered internally")[0] for w in caught]


def grad_fn_name(t):
    return t.grad_fn.name() if t.grad_fn is not None else None


def inputs(m, requires_grad=True):
    x = m.tensor(np.arange(12.0).reshape(3, 4) / 7 - 0.5, requires_grad=requires_grad)
    return x, m.tensor([0.0, 0.2, 1.0], dtype=m.float64)


def written(op, out):
    """op(m, out) and then the out tensor(s): their values, requires_grad and grad_fn."""
    def run(m):
        outs = out(m)
        result = op(m, outs)
        outs = outs if isinstance(outs, tuple) else (outs,)
        return result, [(o, o.requires_grad, grad_fn_name(o)) for o in outs]
    return run


f64 = lambda m, *shape: m.empty(*shape, dtype=m.float64)  # noqa: E731
OUT_CASES = [
    # quantile's out= is composite: written by copy_, which records CopyBackwards
    ("quantile requires grad", written(lambda m, o: m.quantile(inputs(m)[0], 0.5, dim=1, out=o), lambda m: f64(m, 0))),
    ("nanquantile resized", written(lambda m, o: m.nanquantile(inputs(m, False)[0], q64(0.2, 0.8)(m), dim=0, out=o),
                                    lambda m: f64(m, 5))),
    ("quantile out dtype", written(lambda m, o: m.quantile(inputs(m, False)[0], 0.5, out=o), lambda m: m.empty(0))),
    # msort's is sort's (its messages name sort)
    ("msort requires grad", written(lambda m, o: m.msort(inputs(m)[0], out=o), lambda m: f64(m, 0))),
    ("msort resized", written(lambda m, o: m.msort(inputs(m, False)[0], out=o), lambda m: f64(m, 2))),
    ("msort out dtype", written(lambda m, o: m.msort(inputs(m, False)[0], out=o), lambda m: m.empty(0))),
    ("sort out dtype", written(lambda m, o: m.sort(inputs(m, False)[0], out=o),
                               lambda m: (m.empty(0), m.empty(0, dtype=m.long)))),
    # histc records nothing, even into out
    ("histc requires grad", written(lambda m, o: m.histc(inputs(m)[0], 3, out=o), lambda m: f64(m, 0))),
    ("histc resized", written(lambda m, o: m.histc(inputs(m, False)[0], 3, out=o), lambda m: f64(m, 7))),
    ("histc out dtype", written(lambda m, o: m.histc(inputs(m, False)[0], 3, out=o), lambda m: m.empty(0))),
    # histogram's out tensors take its NotImplemented node
    ("histogram requires grad", written(lambda m, o: m.histogram(inputs(m)[0], 3, out=o),
                                        lambda m: (f64(m, 0), f64(m, 0)))),
    ("histogram edges", written(lambda m, o: m.histogram(*inputs(m, False), out=o), lambda m: (f64(m, 0), f64(m, 9)))),
    ("histogram hist dtype", written(lambda m, o: m.histogram(inputs(m, False)[0], 3, out=o),
                                     lambda m: (m.empty(0), f64(m, 0)))),
    ("histogram edges dtype", written(lambda m, o: m.histogram(inputs(m, False)[0], 3, out=o),
                                      lambda m: (f64(m, 0), m.empty(0)))),
    ("renorm requires grad", written(lambda m, o: m.renorm(inputs(m)[0], 2, 0, 1.0, out=o), lambda m: f64(m, 0))),
    ("renorm", written(lambda m, o: m.renorm(inputs(m, False)[0], 2, 0, 1.0, out=o), lambda m: f64(m, 0))),
    ("renorm out dtype", written(lambda m, o: m.renorm(inputs(m, False)[0], 2, 0, 1.0, out=o), lambda m: m.empty(0))),
]


@pytest.mark.parametrize("name,fn", OUT_CASES, ids=[c[0] for c in OUT_CASES])
def test_out_matches_torch(name, fn):
    assert outcome(fn, pullback) == outcome(fn, torch)


def renorm_inplace(m):
    x = m.tensor(np.arange(12.0).reshape(3, 4) / 7 - 0.5, requires_grad=True)
    y = x.detach().clone()
    version = y._version
    result = y.renorm_(2, 0, 1.0)
    z = x * 1
    z.renorm_(2, 1, 0.5)
    w = x * 1
    w[1:].renorm_(1, 0, 0.25)  # through a view: the base takes CopySlices
    g, = m.autograd.grad((z * w).sum(), x)
    return (result is y, y._version - version, y, z, grad_fn_name(z), z.grad_fn.next_functions[0][0].name(),
            grad_fn_name(w), g)


@pytest.mark.parametrize("fn", [
    renorm_inplace,
    lambda m: m.tensor([[1.0, 2.0]], requires_grad=True).renorm_(2, 0, 1.0),  # a leaf that requires grad
])
def test_renorm_inplace_matches_torch(fn):
    assert outcome(fn, pullback) == outcome(fn, torch)


@pytest.mark.parametrize("p,maxnorm", [(-2, 1.0), (2, -1.0)])
def test_refused_renorm_leaves_its_input_unchanged(p, maxnorm):
    y = pullback.tensor(r(3, 4))
    before, version = y.numpy().copy(), y._version
    with pytest.raises(RuntimeError):
        y.renorm_(p, 0, maxnorm)
    np.testing.assert_array_equal(y.numpy(), before)
    assert y._version == version


def test_named_results_print_and_unpack_as_torch():
    for fn in (lambda m, x: m.histogram(x, 3), lambda m, x: m.histogramdd(x.view(-1, 2), [2, 1])):
        pb, th = fn(pullback, to_pb(r(6), False)), fn(torch, to_torch(r(6), False))
        assert repr(pb).split("(")[0] == repr(th).split("(")[0]
        assert len(pb) == len(th) == 2 and type(pb.bin_edges).__name__ == type(th.bin_edges).__name__
        hist, edges = pb
        assert hist is pb.hist and edges is pb.bin_edges
        np.testing.assert_array_equal(hist.numpy(), pb[0].numpy())
        back = pickle.loads(pickle.dumps(pb))
        assert type(back) is type(pb) and repr(back) == repr(pb)


def test_histogramdd_returns_the_given_edges():
    x, a, b = to_pb(r(5, 2), False), to_pb(np.array([-1.0, 1.0]), False), to_pb(np.array([-2.0, 2.0]), False)
    edges = pullback.histogramdd(x, [a, b]).bin_edges
    assert edges[0] is a and edges[1] is b  # as torch's: the tensors themselves


X = r(3, 4)
EDGES = np.array([-1.0, 0.0, 1.0])
INTS = np.array([1, 2, 3])
# (id, function, inputs, phrase): torch's exception class and key phrase
ERRORS = [
    ("quantile q above 1", lambda m, x: m.quantile(x, 1.5), [X], "q must be in the range [0, 1] but got 1.5"),
    ("nanquantile q below 0", lambda m, x: x.nanquantile(-0.25, dim=0), [X], "but got -0.25"),
    ("quantile q NaN", lambda m, x: m.quantile(x, float("nan")), [X], "but got nan"),
    ("quantile q tensor out of range", lambda m, x: m.quantile(x, m.tensor([0.5, 1.5], dtype=m.float64)), [X],
     "q values must be in the range [0, 1]"),
    ("quantile q tensor NaN", lambda m, x: m.nanquantile(x, m.tensor([float("nan")], dtype=m.float64)), [X],
     "q values must be in the range [0, 1]"),
    ("quantile q dtype", lambda m, x: m.quantile(x, m.tensor([0.5])), [X], "q tensor must be same dtype"),
    ("quantile q 2-d", lambda m, x: m.quantile(x, m.tensor([[0.5]], dtype=m.float64)), [X],
     "q must be a scalar or 1D tensor"),
    ("quantile ints", lambda m, x: m.quantile(x, 0.5), [INTS], "input tensor must be either float or double dtype"),
    ("quantile half", lambda m, x: m.quantile(x.half(), 0.5), [X], "input tensor must be either float or double"),
    ("quantile empty", lambda m, x: m.quantile(x, 0.5, dim=1), [np.zeros((0, 3))], "input tensor must be non-empty"),
    ("quantile interpolation", lambda m, x: m.quantile(x, 0.5, interpolation="cubic"), [X],
     "interpolation must be one of linear, lower, higher, midpoint or nearest, but got cubic"),
    ("quantile dim", lambda m, x: m.quantile(x, 0.5, dim=2), [X], "Dimension out of range"),
    ("quantile dims", lambda m, x: m.quantile(x, 0.5, dim=(0, 1)), [X], "received an invalid combination of arguments"),
    ("quantile q list", lambda m, x: m.quantile(x, [0.5]), [X], "received an invalid combination of arguments"),
    ("histc bins 0", lambda m, x: m.histc(x, 0), [X], "bins must be > 0, but got 0 for dimension 0"),
    ("histc bins float", lambda m, x: m.histc(x, 2.5), [X], "must be int, not float"),
    ("histc min above max", lambda m, x: m.histc(x, 3, 2, 1), [X], "max must be larger than min"),
    ("histc infinite", lambda m, x: m.histc(x, 3), [np.array([1.0, np.inf])], "range of [1, inf] is not finite"),
    ("histc NaN min", lambda m, x: m.histc(x, 3, float("nan"), 2), [X], "is not finite"),
    ("histc ints", lambda m, x: m.histc(x, 3), [INTS], "\"histogram_cpu\" not implemented for 'Long'"),
    ("histogram bins 0", lambda m, x: m.histogram(x, 0), [X], "bins must be > 0"),
    ("histogram bins float", lambda m, x: m.histogram(x, 2.0), [X], "received an invalid combination of arguments"),
    ("histogram range with edges", lambda m, x, e: m.histogram(x, e, range=(0.0, 1.0)), [X, EDGES],
     "received an invalid combination of arguments"),
    ("histogram range reversed", lambda m, x: m.histogram(x, 3, range=(1.0, -1.0)), [X],
     "min should not exceed max, but got min 1 max -1 for dimension 0"),
    ("histogram range infinite", lambda m, x: m.histogram(x, 3, range=(1.0, float("inf"))), [X],
     "dimension 0's range [1, inf] is not finite"),
    ("histogram NaN", lambda m, x: m.histogram(x, 3), [np.array([1.0, np.nan])], "range [nan, nan] is not finite"),
    ("histogram range length", lambda m, x: m.histogram(x, 3, range=(0.0, 1.0, 2.0)), [X],
     "range should have 2 elements, but got 3"),
    ("histogram edges dtype", lambda m, x, e: m.histogram(x, e.float()), [X, EDGES],
     "input tensor and bins tensors should have the same dtype"),
    ("histogram edges 2-d", lambda m, x, e: m.histogram(x, e.view(1, -1)), [X, EDGES],
     "bins tensor should have one dimension"),
    ("histogram one edge", lambda m, x, e: m.histogram(x, e[:1]), [X, EDGES], "bins must be > 0, but got 0"),
    ("histogram no edges", lambda m, x, e: m.histogram(x, e[:0]), [X, EDGES], "should have at least 1 element"),
    ("histogram ints", lambda m, x: m.histogram(x, 3), [INTS], "\"histogramdd\" not implemented for 'Long'"),
    ("histogram ints range", lambda m, x: m.histogram(x, 3, range=(0.0, 1.0)), [INTS],
     "\"histogram_cpu\" not implemented for 'Long'"),
    ("histogram half", lambda m, x: m.histogram(x.half(), 3), [X], "\"histogramdd\" not implemented for 'Half'"),
    ("histogram weight dtype", lambda m, x: m.histogram(x, 3, weight=x.float()), [X],
     "input tensor and weight tensor should have the same dtype, but got input(double), and weight(float)"),
    ("histogram weight shape", lambda m, x, w: m.histogram(x, 3, weight=w), [X, r(5)],
     "same shape as the input tensor excluding its innermost dimension, but got input with shape [12, 1] and weight "
     "with shape [5]"),
    ("histogramdd 1-d", lambda m, x: m.histogramdd(x, [2]), [r(4)], "input tensor should have at least 2 dimensions"),
    ("histogramdd 0-d", lambda m, x: m.histogramdd(x, 2), [np.array(1.0)],
     "Dimension specified as -1 but tensor has no dimensions"),
    ("histogramdd bins count", lambda m, x: m.histogramdd(x, [2, 3, 4]), [X],
     "The size of bins must be equal to the innermost dimension of the input."),
    ("histogramdd edges count", lambda m, x, e: m.histogramdd(x, [e, e]), [X, EDGES],
     "expected 4 sequences of bin edges for a 4-dimensional histogram but got 2"),
    ("histogramdd range length", lambda m, x: m.histogramdd(x.view(-1, 2), 2, range=[0.0, 1.0]), [X],
     "for a 2-dimensional histogram range should have 4 elements, but got 2"),
    ("histogramdd bins 0", lambda m, x: m.histogramdd(x.view(-1, 2), [0, 2]), [X], "bins must be > 0"),
    ("histogramdd bins tensor", lambda m, x, e: m.histogramdd(x, e), [X, EDGES],
     "received an invalid combination of arguments"),
    ("histogramdd weight shape", lambda m, x: m.histogramdd(x.view(2, 3, 2), [2, 2], weight=x.view(-1)[:6]), [X],
     "but got input with shape [2, 3, 2] and weight with shape [6]"),
    ("renorm maxnorm", lambda m, x: m.renorm(x, 2, 0, -1.0), [X], "expected maxnorm to be >= 0 but got -1"),
    ("renorm p", lambda m, x: m.renorm(x, -1, 0, 1.0), [X], "non-positive-norm not supported"),
    ("renorm p 0", lambda m, x: x.renorm(0, 0, 1.0), [X], "non-positive-norm not supported"),
    ("renorm 1-d", lambda m, x: m.renorm(x[0], 2, 0, 1.0), [X], "input needs at least 2 dimensions, got 1 dimensions"),
    ("renorm 0-d", lambda m, x: m.renorm(x, 2, 0, 1.0), [np.array(3.0)], "got 0 dimensions"),
    ("renorm ints", lambda m, x: m.renorm(x.view(1, -1), 2, 0, 1.0), [INTS],
     "Expected a floating point or complex tensor as input. Got Long"),
    ("renorm dim", lambda m, x: m.renorm(x, 2, 2, 1.0), [X], "Dimension out of range"),
    ("renorm dim float", lambda m, x: m.renorm(x, 2, 0.5, 1.0), [X], "argument 'dim' (position 3) must be int"),
    ("trapezoid dx bool", lambda m, y: m.trapezoid(y, dx=True), [X], "we only support dx as a real number"),
    ("cumulative_trapezoid dx bool", lambda m, y: m.cumulative_trapezoid(y, dx=False), [X],
     "we only support dx as a real number"),
    ("trapezoid bool", lambda m, y: m.trapezoid(y > 0), [X],
     "received a bool input for `y`, but bool is not supported"),
    ("trapezoid x bool", lambda m, y: m.trapezoid(y, y > 0), [X],
     "received a bool input for `x` or `y`, but bool is not supported"),
    ("cumulative_trapezoid bool", lambda m, y: m.cumulative_trapezoid(y > 0), [X],
     "cumulative_trapezoid: received a bool input for `y`"),
    ("trapezoid dim", lambda m, y: m.trapezoid(y, dim=2), [X], "Dimension out of range"),
    ("trapezoid x dim", lambda m, y, x: m.trapezoid(y, x, dim=-3), [X, X], "Dimension out of range"),
    ("cumulative_trapezoid dim", lambda m, y: m.cumulative_trapezoid(y, dim=2), [X], "Dimension out of range"),
    ("trapezoid x length", lambda m, y, x: m.trapezoid(y, x), [X, r(3)],
     "trapezoid: There must be one `x` value for each sample point"),
    ("cumulative_trapezoid x length", lambda m, y, x: m.cumulative_trapezoid(y, x, dim=1), [X, r(3)],
     "cumulative_trapezoid: There must be one `x` value for each sample point"),
    ("trapezoid x shape", lambda m, y, x: m.trapezoid(y, x), [X, r(2, 4)],
     "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0"),
    ("trapezoid 0-d", lambda m, y: m.trapezoid(y), [np.array(2.0)], "Dimension specified as -1 but tensor has no"),
    ("trapezoid 0-d x", lambda m, y: m.trapezoid(y, y), [np.array(2.0)], "Dimension specified as 0 but tensor has no"),
    ("cumulative_trapezoid 0-d", lambda m, y: m.cumulative_trapezoid(y), [np.array(2.0)],
     "slice() cannot be applied to a 0-dim tensor."),
    ("trapezoid x and dx", lambda m, y: m.trapezoid(y, y, dx=0.5), [X], "received an invalid combination of arguments"),
    ("trapezoid x number", lambda m, y: m.trapezoid(y, 0.5), [X], "received an invalid combination of arguments"),
    ("trapz x number", lambda m, y: m.trapz(y, 0.5), [X], "received an invalid combination of arguments"),
    ("trapezoid dim float", lambda m, y: m.trapezoid(y, dim=0.0), [X], "received an invalid combination of arguments"),
]


@pytest.mark.parametrize("name,op,inputs,phrase", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(name, op, inputs, phrase):
    assert_same_error(op, *inputs, phrase=phrase, requires_grad=[False] * len(inputs))


@pytest.mark.parametrize("op,aten", [
    (lambda m, x: m.histogram(x, 3), "histogram"),
    (lambda m, x: m.histogram(m.ones(9, dtype=m.float64), 3, weight=x.reshape(-1)), "histogram"),
    (lambda m, x: m.histogramdd(x, 2), "_histogramdd_bin_edges"),
    (lambda m, x: m.histogramdd(x, [x[0], x[1]]), "_histogramdd_from_bin_tensors"),
])
def test_histograms_refuse_forward_mode_as_torch(op, aten):
    for m in (pullback, torch):
        fw = m.autograd.forward_ad
        with fw.dual_level():
            x = fw.make_dual(m.tensor(distinct(3, 3)), m.tensor(r(3, 3)))
            with pytest.raises(NotImplementedError, match=f"Trying to use forward AD with aten::{aten} that does not "
                                                          "support it."):
                op(m, x)


def test_histc_carries_no_tangent_as_torch():
    for m in (pullback, torch):
        fw = m.autograd.forward_ad
        with fw.dual_level():
            x = fw.make_dual(m.tensor(r(6)), m.tensor(r(6)))
            assert fw.unpack_dual(m.histc(x, 3)).tangent is None


@pytest.mark.parametrize("op", [
    lambda m, x: m.quantile(x, 0.3, dim=1),
    lambda m, x: m.quantile(x, q64(0.2, 0.9)(m), dim=0, keepdim=True),
    lambda m, x: m.nanquantile(x, q64(0.5)(m), interpolation="midpoint"),
    lambda m, x: m.renorm(x, 3, 1, 0.5),
    lambda m, x: m.cumulative_trapezoid(x, x.detach().cumsum(0), dim=0),
])
def test_tangents_match_torch(op):
    x, t = distinct(3, 4), r(3, 4)
    tangents = []
    for m in (pullback, torch):
        fw = m.autograd.forward_ad
        with fw.dual_level():
            tangents.append(fw.unpack_dual(op(m, fw.make_dual(m.tensor(x), m.tensor(t)))).tangent)
    assert tuple(tangents[0].shape) == tuple(tangents[1].shape)
    np.testing.assert_allclose(tangents[0].numpy(), tangents[1].numpy(), rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("op", [
    lambda m, x: m.quantile(x, np.float32(0.5), dim=np.int64(1)),
    lambda m, x: m.quantile(x, True),
    lambda m, x: m.renorm(x, 2, np.int64(1), 1.0),
    lambda m, x: x.clone().renorm_(np.float64(2), np.int32(0), np.float32(1.0)),
    lambda m, x: m.trapezoid(x, dim=np.int64(0)),
    lambda m, x: m.cumulative_trapezoid(x, dx=np.float32(0.5), dim=np.int8(0)),
    lambda m, x: m.histc(x, np.int64(3)),
    lambda m, x: m.histogram(x, np.int64(3)),
    lambda m, x: m.histogramdd(x, [np.int64(2)] * 4),
])
def test_numpy_numbers_are_taken_as_torch_takes_them(op):
    check(op, r(3, 4), requires_grad=(False,))


# bins, q and dim as torch's parser reads them: an int list of histogramdd taken on its first item (a one-element
# integer tensor too, each of the rest unpacked as an int or refused), edges beside range= refused, NumPy numbers
HISTOGRAM_AND_QUANTILE_CALLS = [
    "m.histogram(x, 3.0)", "m.histogram(x, True)", "m.histogram(x, np.int64(3))", "m.histogram(x, m.tensor(3))",
    "m.histogram(x, m.tensor([0., 1., 2.]), range=(0., 1.))", "m.histogram(x, m.tensor([0., 1.]), range=None)",
    "m.histogram(x, m.tensor(3), range=(0., 1.))", "m.histogram(x, [1, 2])", "m.histogram(x, None)",
    "m.histogram(x, bins=3.0, range=(0., 1.))", "m.histogram(x, 3, range=[0, 'a'])", "x.histogram(3.0)",
    "x.histogram(m.tensor([0., 1., 2.]), range=(0., 1.))", "x.histogram(np.int64(3))",
    "m.histogramdd(x, 3.0)", "m.histogramdd(x, True)", "m.histogramdd(x, m.tensor(3))", "m.histogramdd(x, [])",
    "m.histogramdd(x, [1, 2.0, 3])", "m.histogramdd(x, [1, m.tensor(2), 3])", "m.histogramdd(x, [1, True, 3])",
    "m.histogramdd(x, [1, m.tensor([0., 1.]), 3])", "m.histogramdd(x, [m.tensor([0., 1.]), 1, 3])",
    "m.histogramdd(x, [True, 1, 3])", "m.histogramdd(x, 'a')", "m.histogramdd(x, [1, None, 3])",
    "m.histogramdd(x, [m.tensor(1), m.tensor(2), m.tensor(3)])", "m.histogramdd(x, (m.tensor([2]), m.tensor(2), 3))",
    "m.histogramdd(x, [m.tensor(1), m.tensor([0., 1.]), m.tensor(3)])", "m.histogramdd(x, [m.tensor(1.)] * 3)",
    "m.histogramdd(x, [m.tensor([0., 1.])] * 3)", "m.histogramdd(m.tensor(1.), 3)",
    "m.quantile(x, 'a')", "m.quantile(x, None)", "m.quantile(x, [0.5])", "m.quantile(x, np.int64(1))",
    "m.quantile(x, 0.5, 1.0)", "m.quantile(x, 0.5, np.int64(1))", "m.quantile(x, 0.5, m.tensor(1))",
    "m.quantile(x, 0.5, True)", "m.quantile(x, 0.5, dim=1.0)", "m.quantile(x, m.tensor(0.5), 1.0)",
    "m.nanquantile(x, 'a')", "x.quantile(0.5, 1.0)", "x.nanquantile(q=0.5, dim=m.tensor(1))",
]


@pytest.mark.parametrize("call", HISTOGRAM_AND_QUANTILE_CALLS)
def test_bins_and_quantiles_as_torch_parses_them(call):
    assert_same_outcome(lambda m: eval(call, {"m": m, "np": np, "x": m.arange(6.0).reshape(2, 3) - 2}))


def test_histogramdd_tensor_list_after_edges():
    """A list of integer tensors is counts even after a list of edge tensors passed the quick test."""
    assert_same_outcome(lambda m: (m.histogramdd(m.arange(6.0).reshape(2, 3), [m.tensor([0., 1.])] * 3),
                                   m.histogramdd(m.arange(6.0).reshape(2, 3), [m.tensor(1), m.tensor(2), m.tensor(3)])))
