"""Reductions, scans and selections against torch: values, dtypes, node names, first- and
second-order gradients, float64 finite differences, named-tuple results and errors.

Each table row is one sample run through the generic tests below (in the spirit of OpInfo).
"""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import pullback
from oracle import assert_same_error, check, gradcheck_fd, to_pb, to_torch

RNG = np.random.default_rng(2)


def normal(*shape):
    return RNG.standard_normal(shape)


def distinct(*shape):
    """Values with no ties (selections are then unambiguous)."""
    n = int(np.prod(shape)) if shape else 1
    return (RNG.permutation(n) + RNG.uniform(0.1, 0.9, n)).reshape(shape) - n / 2


def with_zeros(k):
    def sampler(*shape):
        x = normal(*shape)
        x.reshape(-1)[RNG.choice(x.size, k, replace=False)] = 0.0
        return x
    return sampler


def with_ties(*shape):
    return RNG.integers(-2, 3, shape).astype(np.float64)


def fn(name, *args, **kwargs):
    return lambda m, x: getattr(m, name)(x, *args, **kwargs)


def method(name, *args, **kwargs):
    return lambda m, x: getattr(x, name)(*args, **kwargs)


# (id, function, sampler, shape): the op table
SAMPLES = [
    ("sum", fn("sum"), normal, (2, 3)),
    ("sum dim", fn("sum", 1), normal, (2, 3)),
    ("sum neg dim keepdim", method("sum", -1, keepdim=True), normal, (2, 3, 2)),
    ("sum tuple dims", fn("sum", (0, 2)), normal, (2, 3, 2)),
    # outer and inner dims at once (a conv's bias gradient): summed in two steps
    ("sum outer and inner dims keepdim", method("sum", (0, 1, 3), keepdim=True), normal, (3, 2, 2, 3)),
    ("sum outer and inner dims dtype", lambda m, x: x.sum((0, 2), dtype=m.float64), normal, (3, 2, 4)),
    ("sum 0-dim", fn("sum"), normal, ()),
    ("sum all keepdim", fn("sum", None, True), normal, (2, 3)),
    ("mean", fn("mean"), normal, (2, 3)),
    ("mean all keepdim", method("mean", dim=None, keepdim=True), normal, (2, 3)),
    ("keepdim over all dims", lambda m, x: (x.amax(keepdim=True), x.var(keepdim=True), x.nansum(keepdim=True),
                                            x.norm(keepdim=True), x.std(dim=None, keepdim=True)), distinct, (2, 3)),
    ("mean dims keepdim", method("mean", (0, -1), keepdim=True), normal, (2, 3, 2)),
    ("nansum", fn("nansum"), normal, (2, 3)),
    ("nansum dims keepdim", method("nansum", (0, 2), keepdim=True), normal, (2, 3, 2)),
    ("nanmean", fn("nanmean"), normal, (2, 3)),
    ("nanmean dim", method("nanmean", 1, True), normal, (2, 3)),
    ("count_nonzero", lambda m, x: (m.count_nonzero(x), x.count_nonzero(1), m.count_nonzero(x, (0, 1))),
     with_zeros(2), (2, 3)),
    ("aminmax", fn("aminmax"), distinct, (2, 3)),
    ("aminmax dim ties", lambda m, x: m.aminmax(x, dim=1, keepdim=True), with_ties, (3, 4)),
    ("cummax", fn("cummax", 1), distinct, (2, 4)),
    ("cummax ties", method("cummax", 0), with_ties, (4, 3)),
    ("cummin", fn("cummin", -1), distinct, (3, 4)),
    ("cummin ties 0-dim", fn("cummin", 0), normal, ()),
    ("prod", fn("prod"), normal, (2, 3)),
    ("prod one zero", fn("prod"), with_zeros(1), (2, 3)),
    ("prod two zeros", fn("prod"), with_zeros(2), (2, 3)),
    ("prod dim", fn("prod", 1), normal, (2, 3)),
    ("prod dim zeros keepdim", method("prod", 0, keepdim=True), with_zeros(2), (3, 4)),
    ("prod 0-dim", fn("prod"), normal, ()),
    ("cumsum", fn("cumsum", 1), normal, (2, 3)),
    ("cumsum neg dim", method("cumsum", -3), normal, (2, 3, 2)),
    ("logcumsumexp", fn("logcumsumexp", 1), normal, (2, 4)),
    ("logcumsumexp scaled dim0", lambda m, x: (x * 5).logcumsumexp(0), normal, (4, 2)),
    ("logcumsumexp 0-dim", fn("logcumsumexp", 0), normal, ()),
    ("cumprod", fn("cumprod", 1), normal, (2, 4)),
    ("cumprod zeros", fn("cumprod", 1), with_zeros(3), (2, 4)),
    ("cumprod zeros dim0", method("cumprod", 0), with_zeros(2), (4, 3)),
    ("max", fn("max"), distinct, (2, 3)),
    ("max ties", fn("max"), with_ties, (3, 4)),
    ("min ties", method("min"), with_ties, (3, 4)),
    ("max dim", fn("max", 1), distinct, (2, 3)),
    ("max dim keepdim", method("max", -1, keepdim=True), distinct, (2, 3, 2)),
    ("min dim", fn("min", 0), distinct, (3, 2)),
    ("max dim ties", fn("max", 1), with_ties, (3, 4)),
    ("max 0-dim dim", fn("max", 0), normal, ()),
    ("amax", fn("amax"), distinct, (2, 3)),
    ("amax dims ties", fn("amax", (0, 1)), with_ties, (3, 4, 2)),
    ("amin dim keepdim ties", method("amin", 1, keepdim=True), with_ties, (3, 4)),
    ("var", fn("var"), normal, (2, 3)),
    ("var dim", fn("var", 1), normal, (2, 3)),
    ("var unbiased False", method("var", unbiased=False), normal, (2, 3)),
    ("var legacy positional", fn("var", 0, False, True), normal, (3, 2)),
    ("var correction", method("var", (0, 1), correction=2, keepdim=True), normal, (3, 2, 2)),
    ("std", fn("std"), normal, (2, 3)),
    ("std dim", method("std", 0), normal, (3, 2)),
    ("std correction 0", fn("std", 1, correction=0), normal, (2, 3)),
    ("var_mean", fn("var_mean"), normal, (2, 3)),
    ("var_mean dim", fn("var_mean", 1, keepdim=True), normal, (2, 3)),
    ("std_mean", fn("std_mean", 0), normal, (3, 2)),
    ("std_mean correction", fn("std_mean", (0, 1), correction=0), normal, (2, 2, 2)),
    ("norm", fn("norm"), normal, (2, 3)),
    ("norm p1", method("norm", 1), normal, (2, 3)),
    ("norm p3 dim", fn("norm", 3, 1), normal, (2, 3)),
    ("norm fro dims", fn("norm", "fro", (0, 1)), normal, (2, 3, 2)),
    ("norm inf", method("norm", float("inf")), distinct, (2, 3)),
    ("norm -inf dim", method("norm", -float("inf"), 1), distinct, (2, 3)),
    ("norm p0", fn("norm", 0), with_zeros(2), (2, 3)),
    ("norm p0.5 keepdim", method("norm", 0.5, 1, True), normal, (2, 3)),
    ("norm nuc", fn("norm", "nuc"), normal, (3, 2)),
    ("norm nuc dims", method("norm", "nuc", (0, 2), True), normal, (2, 2, 3)),
    ("norm float64 dtype", lambda m, x: m.norm(x, dtype=m.float64), normal, (2, 3)),
    ("logsumexp", fn("logsumexp", 1), normal, (2, 3)),
    ("logsumexp dims keepdim", method("logsumexp", (0, 2), keepdim=True), normal, (2, 3, 2)),
    ("median", fn("median"), distinct, (2, 3)),
    ("median even count", fn("median"), distinct, (2, 2)),
    ("median ties", fn("median"), with_ties, (3, 3)),
    ("median dim", fn("median", 1), distinct, (2, 5)),
    ("median dim keepdim", method("median", 0, keepdim=True), distinct, (4, 3)),
    ("nanmedian", fn("nanmedian"), distinct, (2, 3)),
    ("nanmedian dim", method("nanmedian", 1, keepdim=True), distinct, (3, 4)),
    ("sort", fn("sort"), distinct, (2, 4)),
    ("sort dim0 descending", method("sort", 0, descending=True), distinct, (3, 2)),
    ("sort ties stable", fn("sort", stable=True), with_ties, (3, 5)),
    ("sort ties descending", fn("sort", dim=1, descending=True, stable=True), with_ties, (3, 5)),
    ("topk", fn("topk", 2), distinct, (2, 4)),
    ("topk smallest dim0", method("topk", 2, 0, largest=False), distinct, (3, 2)),
    ("topk k=0", fn("topk", 0), distinct, (2, 3)),
    ("kthvalue", fn("kthvalue", 2), distinct, (2, 4)),
    ("kthvalue dim keepdim", method("kthvalue", 3, 0, True), distinct, (3, 2)),
    ("mode", fn("mode"), with_ties, (3, 6)),
    ("mode dim0 keepdim", method("mode", 0, True), with_ties, (5, 3)),
    ("mode distinct", fn("mode", 1), distinct, (2, 4)),
    ("max 1-d tensor other", lambda m, x: (m.max(x, -x), m.min(x, other=-x)), distinct, (4,)),
    ("cov", fn("cov"), normal, (3, 5)),
    ("cov correction 0", method("cov", correction=0), normal, (2, 4)),
    ("cov correction 3", fn("cov", correction=3), normal, (3, 5)),
    ("cov of a vector", method("cov"), normal, (5,)),
    ("cov one variable", fn("cov"), normal, (1, 4)),
    ("corrcoef", fn("corrcoef"), normal, (3, 5)),
    ("corrcoef of a vector", method("corrcoef"), normal, (4,)),
    ("corrcoef two variables", method("corrcoef"), normal, (2, 3)),
]
IDS = [s[0] for s in SAMPLES]
COVERED = ["sum", "mean", "nansum", "nanmean", "count_nonzero", "prod", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "max",
           "min", "amax", "amin", "aminmax", "argmax", "argmin", "all", "any", "var", "std", "var_mean", "std_mean",
           "logsumexp", "norm", "median", "nanmedian", "sort", "topk", "kthvalue", "mode",
           "argsort", "unique", "unique_consecutive", "bincount",  # these four: UNIQUE_CASES below
           "cov", "corrcoef"]


# cumprod's gradient at zeros is an O(n) scan without grad mode and torch's O(n^2) form with it,
# as torch's: the two round differently in the last bits
NOT_PLAIN_EXACT = {"cumprod zeros", "cumprod zeros dim0"}


@pytest.mark.parametrize("name,op,sampler,shape", SAMPLES, ids=IDS)
def test_reduction_matches_torch(name, op, sampler, shape):
    check(op, sampler(*shape).astype(np.float32), plain_exact=name not in NOT_PLAIN_EXACT)
    check(op, sampler(*shape), plain_exact=name not in NOT_PLAIN_EXACT)


@pytest.mark.parametrize("op,sampler,shape", [s[1:] for s in SAMPLES], ids=IDS)
def test_reduction_finite_differences(op, sampler, shape):
    if sampler is with_ties:  # not differentiable at ties: a finite difference straddles the kink
        sampler = distinct
    gradcheck_fd(lambda m, x: differentiable_outputs(op(m, x)), sampler(*shape))


def differentiable_outputs(out):
    """The floating outputs (a selection's indices have no gradient)."""
    outs = out if isinstance(out, tuple) else (out,)
    return [o for o in outs if o.is_floating_point()]


def test_prod_and_cumprod_hessians_with_zeros():
    """Second derivatives stay exact where inputs are zero (torch's are)."""
    from torch.autograd.functional import hessian
    w = np.array([1.0, 2.0, 3.0, 4.0])
    for x in ([2.0, 0.0, 3.0, 5.0], [2.0, 0.0, 3.0, 0.0], [0.0, 0.0, 0.0, 1.0]):
        for f in (lambda m, t: t.prod(), lambda m, t: (t.cumprod(0) * m.tensor(w)).sum()):
            ours = pullback.autograd.functional.hessian(lambda t: f(pullback, t), pullback.tensor(x))
            ref = hessian(lambda t: f(torch, t), torch.tensor(x))
            np.testing.assert_allclose(ours.numpy(), ref.numpy(), atol=1e-12)


def test_zero_gradients_stay_linear_in_size():
    """A zero in a large product: the gradient needs no n-by-n intermediate (it would not fit)."""
    x = np.ones((400, 500))
    x[3, 7] = 0.0
    x[5, 1] = 2.0
    for f in (lambda m, t: t.prod(), lambda m, t: t.prod(1).sum(), lambda m, t: t.cumprod(1).sum()):
        p, t = to_pb(x), to_torch(x)
        np.testing.assert_allclose(pullback.autograd.grad(f(pullback, p), p)[0].numpy(),
                                   torch.autograd.grad(f(torch, t), t)[0].numpy())


def test_inplace_scans_and_pickled_results():
    import pickle
    check(lambda m, x: (x * 1).cumsum_(1), normal(2, 3))
    check(lambda m, x: (x * 1).cumprod_(0), with_zeros(2)(3, 2), plain_exact=False)  # (NOT_PLAIN_EXACT)
    r = to_pb(distinct(2, 3)).max(1)
    back = pickle.loads(pickle.dumps(r))
    assert type(back) is type(r) and back.values.tolist() == r.values.tolist()
    assert type(r).__name__ == type(to_torch(distinct(2, 3)).max(1)).__name__


CUMPROD = fn("cumprod", 0)


@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "uint8", "float16", "float64"])
@pytest.mark.parametrize("op", [
    fn("sum"), fn("sum", 1), fn("prod"), fn("prod", 0), fn("cumsum", 1), CUMPROD, fn("max"), fn("min", 1),
    fn("amax", 0), fn("argmax"), fn("argmin", 1, keepdim=True), fn("all"), fn("any", 1), fn("all", (0, 1)),
    fn("median"), fn("nanmedian", 0), fn("sort", 1), fn("topk", 2), fn("kthvalue", 1, 0), fn("logsumexp", 1),
    fn("logcumsumexp", 1), fn("mean"), fn("var"),
    fn("norm"), lambda m, x: m.sum(x, dtype=m.float64), lambda m, x: x.cumsum(0, dtype=m.float32),
    fn("nansum", 1), fn("nanmean"), fn("count_nonzero", 0), fn("aminmax"), fn("cummax", 1), fn("cummin", 0),
    fn("std", 0), fn("var_mean"), fn("nanmedian"), fn("mode", 1),
], ids=["sum", "sum dim", "prod", "prod dim", "cumsum", "cumprod", "max", "min dim", "amax", "argmax", "argmin",
        "all", "any dim", "all dims", "median", "nanmedian dim", "sort", "topk", "kthvalue", "logsumexp",
        "logcumsumexp", "mean", "var", "norm", "sum dtype", "cumsum dtype", "nansum", "nanmean", "count_nonzero",
        "aminmax", "cummax", "cummin", "std", "var_mean", "nanmedian", "mode"])
def test_reduction_dtypes(op, dtype):
    """Result dtypes like torch's (int sums are int64, all/any keep uint8...), or torch's error."""
    x = (RNG.integers(0, 2, (2, 3)) if dtype == "bool" else RNG.integers(0, 4, (2, 3))).astype(dtype)
    try:
        op(torch, to_torch(x))
    except Exception as e:  # noqa: BLE001 - whatever torch raises is the specification
        assert_same_error(op, x, phrase=str(e).split("\n")[0][:70])
        return
    check(op, x, grad=dtype.startswith("float") and dtype != "float16", atol=1e-2 if dtype == "float16" else 1e-6,
          rtol=1e-2 if dtype == "float16" else 1e-5, plain_exact=op is not CUMPROD or bool(x.all()))  # (NOT_PLAIN_EXACT)


ZERO_DIM_OPS = [fn("sum", 0), method("mean", -1, keepdim=True), fn("amax", 0), fn("logsumexp", 0), fn("prod", 0),
                fn("cumsum", 0), fn("cumprod", -1), fn("max", 0), fn("sort", 0), fn("median", 0), fn("norm", dim=0),
                fn("all", 0), fn("argmax", 0), fn("var", 0, correction=0), fn("topk", 1), fn("kthvalue", 1, 0)]


@pytest.mark.parametrize("op", ZERO_DIM_OPS)
def test_zero_dim_inputs_take_dim_zero(op):
    check(op, np.array(1.5))


@pytest.mark.parametrize("op", [method("var"), method("std", correction=3), fn("var_mean", correction=2),
                                fn("std_mean", 0, correction=5)])
@pytest.mark.parametrize("x", [np.array([1.5]), np.array(2.0), np.array([[1.0, 2.0]])], ids=str)
def test_correction_at_least_the_count(op, x):
    """N - correction <= 0: torch divides by max(0, N - correction), giving inf or nan."""
    check(op, x, grad=False)


def test_argmax_argmin_all_any():
    x = with_ties(3, 4)
    for name in ("argmax", "argmin"):
        for kwargs in ({}, {"dim": 1}, {"dim": 0, "keepdim": True}, {"dim": None, "keepdim": True}):
            check(fn(name, **kwargs), x)
            check(method(name, **kwargs), x)
    b = x > 0
    for name in ("all", "any"):
        for kwargs in ({}, {"dim": 1}, {"dim": -1, "keepdim": True}, {"dim": (0, 1)}):
            check(fn(name, **kwargs), b)
            check(method(name, **kwargs), x)


def test_nan_handling():
    x = np.array([[1.0, np.nan, 3.0], [2.0, 0.5, 1.0]], dtype=np.float32)
    for op in (fn("max"), fn("min"), fn("amax", 1), fn("max", 1), fn("min", 1), fn("median"), fn("median", 1),
               fn("sort", 1), fn("sort", 1, True), fn("logsumexp", 1), fn("argmax", 1), fn("sum", 1),
               fn("cummax", 1), fn("cummin", 1), fn("aminmax"), fn("count_nonzero")):
        check(op, x, grad=False)
    for op in (fn("nansum"), fn("nansum", 1), fn("nanmean"), fn("nanmean", 0), fn("nanmedian"),
               fn("nanmedian", 1), fn("nanmedian", 0, True)):
        check(op, x)  # NaN positions get no gradient
    for op in (fn("nanmean"), fn("nanmedian"), fn("median")):
        check(op, np.array([np.nan, np.nan]))
    check(fn("logcumsumexp", 1), np.array([[-np.inf, 0.0, 1000.0, 1000.0], [np.nan, 1.0, -np.inf, 2.0]]),
          gradgrad=False)
    check(fn("logsumexp", 1), np.array([[-np.inf, -np.inf], [np.inf, 1.0], [1000.0, 1000.0]]))


def test_named_tuples_print_and_unpack_like_torch():
    x = distinct(2, 3)
    for name, args in (("max", (1,)), ("min", (0,)), ("median", (1,)), ("sort", ()), ("topk", (2,)),
                       ("kthvalue", (1,)), ("mode", (0,))):
        ours, ref = getattr(to_pb(x), name)(*args), getattr(to_torch(x), name)(*args)
        assert isinstance(ours, getattr(pullback.return_types, name))
        assert type(ours).__name__ == type(ref).__name__
        assert repr(ours) == repr(ref)
        assert str(ours) == str(ref)
        values, indices = ours
        assert values is ours.values and indices is ours.indices and ours[0] is values
        assert indices.dtype == pullback.int64 and not indices.requires_grad


def test_selection_indices_match_torch():
    x = distinct(3, 5)
    for name, args in (("max", (1,)), ("min", (0,)), ("median", (1,)), ("sort", (1,)), ("topk", (3,)),
                       ("kthvalue", (2, 0))):
        ours, ref = getattr(to_pb(x), name)(*args), getattr(to_torch(x), name)(*args)
        np.testing.assert_array_equal(ours.indices.numpy(), ref.indices.numpy())


def test_max_with_ties_picks_torch_index_and_grad():
    x = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0], [5.0, 5.0, 5.0]])
    # (torch's median/kthvalue/topk/unstable sort pick an unspecified index among ties)
    for op in (fn("max", 1), fn("min", 1), fn("max", 0), fn("sort", stable=True), fn("sort", dim=0, stable=True),
               fn("sort", stable=True, descending=True), fn("argmax", 1), fn("argmin", 0)):
        check(op, x)


# ---------------------------------------------------------------- hypothesis: shapes, dims and keepdim
@settings(max_examples=15, deadline=None)
@given(data=st.data(), name=st.sampled_from(["sum", "mean", "amax", "logsumexp", "var", "std", "norm", "prod"]),
       keepdim=st.booleans())
def test_reduction_over_random_dims(data, name, keepdim):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=len(shape),
                              unique_by=lambda d: d % len(shape)))
    if name == "prod":
        dims = dims[0]
    x = distinct(*shape)
    op = (lambda m, t: m.norm(t, 2, tuple(dims), keepdim)) if name == "norm" else \
        (lambda m, t: getattr(m, name)(t, dims if name == "prod" else tuple(dims), keepdim=keepdim))
    check(op, x)


@settings(max_examples=15, deadline=None)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=3, max_side=3),
       name=st.sampled_from(["sum", "prod", "cumsum", "amax", "var"]))
def test_reduction_of_broadcast_products(shapes, name):
    """A reduction fed by a broadcasting op: the engine's un-broadcasting meets the reduction's expand."""
    a, b = distinct(*shapes.input_shapes[0]), distinct(*shapes.input_shapes[1])
    dim = -1
    check(lambda m, x, y: getattr(m, name)(x * y, dim), a, b)


# ---------------------------------------------------------------- errors
ERRORS = [
    ("max of empty", fn("max"), np.zeros((0,)), "Expected reduction dim to be specified for input.numel() == 0"),
    ("max over empty dim", fn("max", 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero size"),
    ("amax over empty dim", fn("amax", 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero size"),
    ("argmax of empty", fn("argmax"), np.zeros((0,)), "Expected reduction dim to be specified"),
    ("dim out of range", fn("sum", 2), np.zeros((2, 2)), "Dimension out of range"),
    ("cumsum dim out of range", fn("cumsum", -3), np.zeros((2, 2)), "Dimension out of range"),
    ("repeated dim", fn("sum", (0, 0)), np.zeros((2, 2)), "appears multiple times in the list of dims"),
    ("mean of ints", fn("mean"), np.array([1, 2]), "mean(): could not infer output dtype"),
    ("nanmean of ints", fn("nanmean"), np.array([1, 2]), "nanmean(): expected input to have floating point"),
    ("aminmax of empty", fn("aminmax"), np.zeros((0,)), "cannot compute aminmax over an empty dimension"),
    ("aminmax over empty dim", lambda m, x: m.aminmax(x, dim=1), np.zeros((2, 0)),
     "Expected reduction dim 1 to have non-zero size"),
    ("var of ints", fn("var"), np.array([1, 2]), "std and var only support floating point"),
    ("norm of ints", fn("norm"), np.array([1, 2]), "Expected a floating point or complex tensor as input"),
    ("topk k too large", fn("topk", 3), np.zeros(2), "selected index k out of range"),
    ("kthvalue k too large", fn("kthvalue", 3), np.zeros(2), "selected number k out of range"),
    ("kthvalue k zero", fn("kthvalue", 0), np.zeros(2), "selected number k out of range"),
    ("kthvalue over empty dim", fn("kthvalue", 1, 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero"),
    ("mode over empty dim", fn("mode", 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero"),
    ("median over empty dim", fn("median", 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero"),
    ("argmax over empty dim", fn("argmax", 1), np.zeros((2, 0)), "Expected reduction dim 1 to have non-zero"),
    ("argmax of bool", fn("argmax"), np.array([True]), "argmax(): does not support bool input"),
    ("topk of bool", fn("topk", 1), np.array([True]), "topk does not support bool dtypes on CPU"),
    ("median of bool", fn("median", 0), np.array([True]), "\"median_out\" not implemented for 'Bool'"),
    ("norm nuc of a vector", fn("norm", "nuc"), np.zeros(3), "must have at least 2 dimensions"),
    ("norm unknown order", fn("norm", "abc"), np.zeros((2, 2)), "Order abc not supported"),
    ("logsumexp needs dim", lambda m, x: m.logsumexp(x), np.zeros(2), "missing"),
    ("cumsum needs dim", lambda m, x: m.cumsum(x), np.zeros(2), "missing"),
]


WEIGHTED_COV = [  # (id, fn(m, x, aweights), aweights); frequency weights are integers, fixed here
    ("fweights", lambda m, x, a: m.cov(x, fweights=m.tensor([1, 3, 0, 2])), None),
    ("aweights", lambda m, x, a: m.cov(x, aweights=a), np.array([0.5, 2.0, 1.0, 0.25])),
    ("both", lambda m, x, a: x.cov(fweights=m.tensor([2, 1, 1, 3]), aweights=a), np.array([0.5, 2.0, 1.0, 0.25])),
    ("both correction 2", lambda m, x, a: m.cov(x, correction=2, fweights=m.tensor([2, 1, 1, 3]), aweights=a),
     np.array([0.5, 2.0, 1.0, 0.25])),
    ("aweights correction 0", lambda m, x, a: m.cov(x, correction=0, aweights=a), np.array([0.5, 2.0, 1.0, 0.25])),
    ("vector aweights", lambda m, x, a: m.cov(x[0], aweights=a), np.array([0.5, 2.0, 1.0, 0.25])),
]


@pytest.mark.parametrize("name,op,aweights", WEIGHTED_COV, ids=[c[0] for c in WEIGHTED_COV])
def test_weighted_cov(name, op, aweights):
    x = normal(3, 4)
    if aweights is None:
        check(lambda m, x: op(m, x, None), x)
        gradcheck_fd(lambda m, x: op(m, x, None), x)
    else:
        check(op, x, aweights)
        gradcheck_fd(op, x, aweights)


@pytest.mark.parametrize("fn,dtype", [
    (lambda m, x: m.cov(x), np.int64),
    (lambda m, x: m.cov(x, fweights=m.tensor([1, 2, 1, 1])), np.int64),
    (lambda m, x: m.cov(x, aweights=m.tensor([1.0, 2.0, 0.5, 1.0], dtype=m.float64)), np.float32),
    (lambda m, x: m.corrcoef(x), np.int64),
    (lambda m, x: m.corrcoef(x[:1]), np.float64),
    (lambda m, x: m.cov(x[:, :1], fweights=m.tensor([3])), np.float64),
    (lambda m, x: m.cov(x[:, :1], aweights=m.tensor([3.0])), np.int64),
    (lambda m, x: m.cov(x[:, :1], aweights=m.tensor([2.0]), correction=0), np.float64),
    (lambda m, x: m.cov(x[:, :1], fweights=m.tensor([2]), aweights=m.tensor([2.0])), np.float64),
])
def test_cov_dtypes_and_single_observations(fn, dtype):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a single observation leaves no degrees of freedom
        # the float64 input is used through a non-leaf copy: torch zeroes a single observation in place
        # (in the caller's tensor; pullback zeroes a copy, so its graph has no CopySlices there)
        check(fn if dtype != np.float64 else lambda m, x: fn(m, x * 1), with_ties(3, 4).astype(dtype),
              whole_graph=dtype != np.float64)


def test_cov_warns_without_degrees_of_freedom_and_leaves_its_input_alone():
    x = pullback.tensor([[1.0], [2.0]])
    with pytest.warns(UserWarning, match="cov\\(\\): degrees of freedom is <= 0"):
        c = pullback.cov(x, fweights=pullback.tensor([1]))
    assert c.isnan().all()
    np.testing.assert_array_equal(x.numpy(), [[1.0], [2.0]])  # torch zeroes it here: a bug not copied


COV_ERRORS = [
    (lambda m, x: m.cov(x[None]), "cov(): expected input to have two or fewer dimensions but got an input with 3"),
    (lambda m, x: m.cov(x > 0), "cov(): bool dtype is not supported for input"),
    (lambda m, x: m.cov(x, fweights=m.ones(4)), "expected fweights to have integral dtype but got fweights with Float"),
    (lambda m, x: m.cov(x, fweights=m.ones(1, 4, dtype=m.long)), "expected fweights to have one or fewer dimensions"),
    (lambda m, x: m.cov(x, fweights=m.ones(3, dtype=m.long)), "fweights to have the same numel as there are observ"),
    (lambda m, x: m.cov(x, fweights=m.tensor([1, -1, 1, 1])), "cov(): fweights cannot be negative"),
    (lambda m, x: m.cov(x, aweights=m.ones(4, dtype=m.long)), "expected aweights to have floating point dtype but"),
    (lambda m, x: m.cov(x, aweights=m.ones(1, 4)), "expected aweights to have one or fewer dimensions"),
    (lambda m, x: m.cov(x, aweights=m.ones(5)), "aweights to have the same numel as there are observations in the"),
    (lambda m, x: m.cov(x, aweights=-m.ones(4)), "cov(): aweights cannot be negative"),
    (lambda m, x: m.cov(x, aweights=m.zeros(4)), "cov(): weights sum to zero, can't be normalized"),
    (lambda m, x: m.corrcoef(x[None]), "corrcoef(): expected input to have two or fewer dimensions but got an input"),
]


@pytest.mark.parametrize("op,phrase", COV_ERRORS, ids=[e[1][:40] for e in COV_ERRORS])
def test_cov_errors(op, phrase):
    assert_same_error(op, normal(3, 4), phrase=phrase)


@pytest.mark.parametrize("op,x,phrase", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors(op, x, phrase):
    assert_same_error(op, x, phrase=phrase)


def test_backward_through_indices_is_refused():
    x = to_pb(distinct(2, 3))
    values, indices = x.max(1)
    assert values.requires_grad and values.grad_fn.name() == "MaxBackward0"
    assert not indices.requires_grad and indices.grad_fn is None


# ---------------------------------------------------------------- argsort, unique, bincount
def _flat_results(r):
    r = r if isinstance(r, tuple) else (r,)
    return [(str(t.dtype), tuple(t.shape), t.tolist()) for t in r]


UNIQUE_CASES = [
    lambda m: m.unique(m.tensor([3, 1, 2, 3, 1, 5]), sorted=False),
    lambda m: m.unique(m.tensor([3, 1, 2, 3, 1, 5]), return_inverse=True, return_counts=True),
    lambda m: m.unique(m.tensor([[1, 2], [1, 2], [0, 1]]), dim=0, return_counts=True, return_inverse=True),
    lambda m: m.unique(m.tensor([[1, 2, 1], [0, 2, 0]]), dim=1, return_inverse=True),
    lambda m: m.unique(m.tensor([[3, 1], [1, 3]]), return_inverse=True),
    lambda m: m.unique(m.tensor([True, False, True])),
    lambda m: m.tensor([2.5, 1.0, 2.5]).unique(return_counts=True),
    lambda m: m.unique(m.tensor([], dtype=m.long), return_counts=True),
    lambda m: m.unique_consecutive(m.tensor([1, 1, 2, 2, 3, 1, 1, 2]), return_inverse=True, return_counts=True),
    lambda m: m.tensor([[1, 1], [1, 1], [2, 3], [1, 1]]).unique_consecutive(dim=0, return_counts=True,
                                                                             return_inverse=True),
    lambda m: m.bincount(m.tensor([0, 1, 1, 3])),
    lambda m: m.bincount(m.tensor([0, 1, 1]), weights=m.tensor([0.5, 1.0, 2.0])),
    lambda m: m.bincount(m.tensor([0, 1]), weights=m.tensor([0.5, 1.0], dtype=m.float64), minlength=4),
    lambda m: m.bincount(m.tensor([0, 1]), weights=m.tensor([1, 2])),
    lambda m: m.bincount(m.tensor([], dtype=m.long)),
    lambda m: m.tensor([5, 0, 5]).bincount(minlength=2),
    lambda m: m.argsort(m.tensor([3.0, 1.0, 2.0]), descending=True),
    lambda m: m.tensor([[3, 1], [0, 5]]).argsort(dim=0),
    lambda m: m.argsort(m.tensor([2, 1, 2, 1]), stable=True),
]


@pytest.mark.parametrize("i", range(len(UNIQUE_CASES)))
def test_unique_bincount_argsort_match_torch(i):
    assert _flat_results(UNIQUE_CASES[i](pullback)) == _flat_results(UNIQUE_CASES[i](torch))


@pytest.mark.parametrize("fn", [
    lambda m, x: m.unique(x, return_inverse=True, return_counts=True),
    lambda m, x: m.unique(x, sorted=False),
    lambda m, x: x.unique(dim=0, return_counts=True),
    lambda m, x: m.unique_consecutive(x, return_inverse=True),
    lambda m, x: x.unique_consecutive(dim=0),
])
def test_unique_of_a_tensor_that_requires_grad_is_recorded_but_not_differentiable_as_in_torch(fn):
    seen = {}
    for m in (pullback, torch):
        x = m.tensor([2.0, 1.0, 2.0, 2.0], requires_grad=True)
        out = fn(m, x)
        out = out if isinstance(out, tuple) else (out,)
        flags = [(t.requires_grad, None if t.grad_fn is None else t.grad_fn.name()) for t in out]
        edges = [n.name() for n, _ in out[0].grad_fn.next_functions]
        with pytest.raises(NotImplementedError) as info:
            out[0].sum().backward()
        seen[m] = (flags, edges, str(info.value))
    assert seen[pullback] == seen[torch]


@pytest.mark.parametrize("fn,phrase", [
    (lambda m: m.bincount(m.tensor([-1, 1])), "non-negative"),
    (lambda m: m.bincount(m.tensor([[1]])), "1-d"),
    (lambda m: m.bincount(m.tensor([1.0, 1.0])), "not implemented for 'Float'"),
])
def test_bincount_errors_match_torch(fn, phrase):
    errors = []
    for m in (pullback, torch):
        with pytest.raises(Exception) as info:
            fn(m)
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1] and phrase in errors[0][1]


@pytest.mark.parametrize("shape, axis, keepdim", [((1000,), None, False), ((64, 10), (1,), True), ((64, 10), (0,), False),
                                                  ((3, 4, 5), (0, 2), False), ((2 ** 24 + 5,), None, False)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_mean_has_numpys_bits(shape, axis, keepdim, dtype):
    """mean divides its sum as np.mean does (once, exactly), also past 2**24 elements."""
    x = np.random.default_rng(0).standard_normal(shape).astype(dtype) * 1000
    t = pullback.tensor(x)
    got = (t.mean() if axis is None else t.mean(axis, keepdim=keepdim)).numpy()
    np.testing.assert_array_equal(got, np.mean(x, axis=axis, keepdims=keepdim))
    assert got.dtype == dtype


def test_empty_mean_is_nan_without_a_warning():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = [pullback.empty(0).mean(), pullback.empty(0, 3).mean(0), pullback.empty(2, 0).mean(1, keepdim=True)]
    for g, e in zip(got, [torch.empty(0).mean(), torch.empty(0, 3).mean(0), torch.empty(2, 0).mean(1, keepdim=True)]):
        assert tuple(g.shape) == tuple(e.shape) and np.isnan(g.numpy()).all()


def test_empty_mean_nan_has_torchs_sign():
    for shape, dims in (((0, 3), (0,)), ((0,), None), ((2, 0), (1,))):
        got = pullback.zeros(*shape).mean() if dims is None else pullback.zeros(*shape).mean(dims)
        expected = torch.zeros(*shape).mean() if dims is None else torch.zeros(*shape).mean(dims)
        np.testing.assert_array_equal(np.signbit(got.numpy()), np.signbit(expected.numpy()))


@pytest.mark.parametrize("p", [0.5, 1, 1.5, 2, 3, float("inf")])
@pytest.mark.parametrize("dim", [None, 1])
def test_norm_gradient_at_zero_elements_is_torchs(p, dim):
    """torch's norm_backward: an element at 0 gets 0 (p < 2 gave nan: |x| ** (p - 2) * x), a
    zero norm passes nothing; the recorded gradient's last node is torch's."""
    data = np.array([[0.0, 1.0, -2.0], [0.0, 0.0, 0.0]])
    results = []
    for m in (pullback, torch):
        x = m.tensor(data, requires_grad=True)
        g, = m.autograd.grad(m.linalg.vector_norm(x, p, dim).sum(), x, create_graph=True)
        results.append((g.detach().numpy(), g.grad_fn.name()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-12)
    assert results[0][1] == results[1][1]


@pytest.mark.parametrize("name,op", [
    ("sum", lambda m, y: y.sum(1)), ("mean keepdim", lambda m, y: y.mean(1, keepdim=True)), ("amax", lambda m, y: y.amax(1)),
    ("max", lambda m, y: y.max(1)[0]), ("std", lambda m, y: y.std(1)), ("norm", lambda m, y: y.norm(dim=1)),
    ("logsumexp", lambda m, y: y.logsumexp(1)), ("softmax", lambda m, y: y.softmax(1)),
    ("log_softmax", lambda m, y: y.log_softmax(0)), ("cumsum", lambda m, y: y.cumsum(1)),
    ("cumprod", lambda m, y: y.cumprod(2)), ("prod", lambda m, y: y.prod(1)),
    ("var_mean", lambda m, y: m.var_mean(y, 1)[1]), ("cummax", lambda m, y: y.cummax(1)[0]),
    ("aminmax", lambda m, y: m.aminmax(y, dim=1)[0]), ("topk", lambda m, y: y.topk(2, 1)[0]),
    ("vector_norm", lambda m, y: m.linalg.vector_norm(y, dim=(0, 2)))])
def test_layout_of_a_reduction_of_a_permuted_tensor(name, op):
    """torch's reductions, scans and softmax give contiguous results whatever the input's layout,
    so a view() of them works: the same strides here."""
    a = np.arange(60.0).reshape(3, 4, 5)
    ours, theirs = (op(m, m.tensor(a).permute(2, 0, 1)) for m in (pullback, torch))
    assert ours.stride() == theirs.stride()
    if theirs.is_contiguous():
        ours.view(-1)


def test_logcumsumexp_of_nan_and_infinities_is_silent():
    """torch gives NaN where a NaN enters and inf where inf meets inf, without a warning."""
    import warnings
    a = np.array([[-np.inf, 0.0, np.inf, np.inf], [np.nan, 1.0, -np.inf, 2.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = pullback.tensor(a).logcumsumexp(1)
    np.testing.assert_array_equal(ours.numpy(), torch.tensor(a).logcumsumexp(1).numpy())


@pytest.mark.parametrize("layout", [lambda x: x.t(), lambda x: x[:, ::2], lambda x: x, lambda x: x.t().t()],
                         ids=["transposed", "strided", "contiguous", "round trip"])
def test_sort_keeps_a_dense_inputs_layout_as_torch(layout):
    """torch's sort and argsort write into tensors laid out as a dense input (empty_like): a
    transposed input's sort is transposed, so view() refuses it as torch does."""
    a = distinct(3, 4)
    seen = []
    for m in (pullback, torch):
        x = layout(m.tensor(a))
        values, indices = x.sort(0)
        obs = [values.stride(), indices.stride(), x.argsort(1, descending=True).stride(), values.is_contiguous()]
        try:
            values.view(-1)
            obs.append("viewed")
        except RuntimeError as e:
            obs.append(str(e)[:40])
        seen.append(obs)
    assert seen[0] == seen[1]


@pytest.mark.parametrize("call", [
    lambda m, x: x.sort(0, stable=True), lambda m, x: m.sort(x, 0, stable=True), lambda m, x: x.argsort(0, stable=True),
    lambda m, x: m.argsort(x, 0, stable=True), lambda m, x: x.sort(0, dim=1), lambda m, x: m.sort(x, 0, True, True),
    lambda m, x: x.sort(stable=True, dim=0, foo=1),
], ids=["method", "function", "argsort method", "argsort function", "dim twice", "four positional", "unknown keyword"])
def test_sort_overloads_refuse_as_torch(call):
    """sort and argsort take (dim, descending) or (*, stable, dim, descending): stable is a keyword
    of the other overload, so it cannot follow a positional dim."""
    messages = []
    for m in (torch, pullback):
        with pytest.raises(TypeError) as info:
            call(m, m.tensor([[3.0, 1.0], [0.0, 5.0]]))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("call", [
    lambda m, x: x.sort(stable=True, dim=0, descending=True), lambda m, x: m.sort(x, stable=None),
    lambda m, x: x.sort(0, descending=True), lambda m, x: m.argsort(x, stable=True, descending=True),
    lambda m, x: x.argsort(1, True), lambda m, x: m.sort(x, dim=0, stable=False),
])
def test_sort_overloads_accept_as_torch(call):
    x = np.array([[3.0, 1.0, 3.0], [0.0, 5.0, 0.0]])
    results = [call(m, m.tensor(x)) for m in (torch, pullback)]
    for r, e in zip(results[1], results[0]) if isinstance(results[0], tuple) else [(results[1], results[0])]:
        np.testing.assert_array_equal(r.numpy(), e.numpy())


def test_return_types_lists_every_named_tuple_by_torchs_name():
    names = pullback.return_types.__all__
    assert {"max", "sort", "frexp", "histogram", "linalg_lstsq", "slogdet", "linalg_slogdet", "triangular_solve",
            "geqrf", "lu_unpack", "qr"} <= set(names)
    for name in names:
        ours = getattr(pullback.return_types, name)
        assert hasattr(torch.return_types, name), name
        assert ours._fields == getattr(torch.return_types, name).__match_args__, name
