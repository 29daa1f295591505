"""addmv, addr, baddbmm, addbmm (and their in-place forms, with addmm_), inner, vdot, chain_matmul
and dist against torch: values, dtypes, node names and graphs, 1st/2nd-order grads, finite
differences, beta/alpha rules, broadcasting, out= and errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import pullback
from oracle import assert_same_error, check, check_error, gradcheck_fd

RNG = np.random.default_rng(5)
INF = float("inf")


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def ints(*shape):
    return RNG.integers(-4, 5, shape)


def f32(*shape):
    return r(*shape, dtype=np.float32)


def chain(m, *xs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (deprecated in torch)
        return m.chain_matmul(*xs)


ADD_PRODUCTS = [
    ("addmv", lambda m, x, a, v: m.addmv(x, a, v), [r(2), r(2, 3), r(3)]),
    ("addmv_scaled", lambda m, x, a, v: m.addmv(x, a, v, beta=0.5, alpha=-2.0), [r(2), r(2, 3), r(3)]),
    ("addmv_int_scalars", lambda m, x, a, v: m.addmv(x, a, v, beta=2, alpha=3), [r(2), r(2, 3), r(3)]),
    ("addmv_beta0", lambda m, x, a, v: m.addmv(x, a, v, beta=0), [r(2), r(2, 3), r(3)]),
    ("addmv_alpha0", lambda m, x, a, v: m.addmv(x, a, v, alpha=0.0), [r(2), r(2, 3), r(3)]),
    ("addmv_0d_input", lambda m, x, a, v: m.addmv(x, a, v, alpha=1.5), [r(), r(2, 3), r(3)]),
    ("addmv_one_input", lambda m, x, a, v: x.addmv(a, v), [r(1), r(4, 3), r(3)]),
    ("addmv_empty_k", lambda m, x, a, v: m.addmv(x, a, v, beta=2.0), [r(2), r(2, 0), r(0)]),
    ("addmv_no_rows", lambda m, x, a, v: m.addmv(x, a, v), [r(0), r(0, 3), r(3)]),
    ("addmv_float32", lambda m, x, a, v: m.addmv(x, a, v, beta=0.25), [f32(3), f32(3, 2), f32(2)]),
    ("addr", lambda m, x, a, b: m.addr(x, a, b), [r(2, 3), r(2), r(3)]),
    ("addr_scaled", lambda m, x, a, b: x.addr(a, b, beta=-1.5, alpha=0.5), [r(2, 3), r(2), r(3)]),
    ("addr_beta0", lambda m, x, a, b: m.addr(x, a, b, beta=0.0, alpha=2), [r(2, 3), r(2), r(3)]),
    ("addr_row_input", lambda m, x, a, b: m.addr(x, a, b), [r(3), r(2), r(3)]),
    ("addr_column_input", lambda m, x, a, b: m.addr(x, a, b, beta=2), [r(2, 1), r(2), r(3)]),
    ("addr_0d_input", lambda m, x, a, b: m.addr(x, a, b), [r(), r(2), r(3)]),
    ("addr_float32", lambda m, x, a, b: m.addr(x, a, b, alpha=3), [f32(2, 3), f32(2), f32(3)]),
    ("addr_empty", lambda m, x, a, b: m.addr(x, a, b), [r(0, 3), r(0), r(3)]),
    ("baddbmm", lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_scaled", lambda m, x, a, b: x.baddbmm(a, b, beta=0.5, alpha=2.5), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_beta0", lambda m, x, a, b: m.baddbmm(x, a, b, beta=0), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_row_input", lambda m, x, a, b: m.baddbmm(x, a, b), [r(3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_matrix_input", lambda m, x, a, b: m.baddbmm(x, a, b, beta=3), [r(2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_0d_input", lambda m, x, a, b: m.baddbmm(x, a, b), [r(), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_ones_input", lambda m, x, a, b: m.baddbmm(x, a, b), [r(1, 1, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_no_batches", lambda m, x, a, b: m.baddbmm(x, a, b), [r(0, 2, 3), r(0, 2, 4), r(0, 4, 3)]),
    ("baddbmm_float32", lambda m, x, a, b: m.baddbmm(x, a, b, alpha=0.5), [f32(2, 2, 3), f32(2, 2, 4), f32(2, 4, 3)]),
    ("addbmm", lambda m, x, a, b: m.addbmm(x, a, b), [r(2, 3), r(4, 2, 5), r(4, 5, 3)]),
    ("addbmm_scaled", lambda m, x, a, b: x.addbmm(a, b, beta=-1, alpha=0.5), [r(2, 3), r(4, 2, 5), r(4, 5, 3)]),
    ("addbmm_beta0", lambda m, x, a, b: m.addbmm(x, a, b, beta=0.0), [r(2, 3), r(4, 2, 5), r(4, 5, 3)]),
    ("addbmm_row_input", lambda m, x, a, b: m.addbmm(x, a, b), [r(3), r(4, 2, 5), r(4, 5, 3)]),
    ("addbmm_0d_input", lambda m, x, a, b: m.addbmm(x, a, b, beta=2), [r(), r(4, 2, 5), r(4, 5, 3)]),
    ("addbmm_no_batches", lambda m, x, a, b: m.addbmm(x, a, b, beta=2), [r(2, 3), r(0, 2, 5), r(0, 5, 3)]),
    ("addbmm_float32", lambda m, x, a, b: m.addbmm(x, a, b), [f32(2, 3), f32(4, 2, 5), f32(4, 5, 3)]),
]

IN_PLACE = [  # the input's history is a clone of a leaf, as torch records it (CloneBackward0 under the node)
    ("addmv_", lambda m, x, a, v: x.clone().addmv_(a, v, beta=0.5, alpha=2), [r(2), r(2, 3), r(3)]),
    ("addr_", lambda m, x, a, b: x.clone().addr_(a, b, alpha=-1), [r(2, 3), r(2), r(3)]),
    ("baddbmm_", lambda m, x, a, b: x.clone().baddbmm_(a, b, beta=0), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("addbmm_", lambda m, x, a, b: x.clone().addbmm_(a, b, beta=2.0), [r(2, 3), r(4, 2, 5), r(4, 5, 3)]),
    ("addmm_", lambda m, x, a, b: x.clone().addmm_(a, b, beta=0.5, alpha=-1.0), [r(2, 3), r(2, 4), r(4, 3)]),
    ("addmm_float32", lambda m, x, a, b: x.clone().addmm_(a, b), [f32(2, 3), f32(2, 4), f32(4, 3)]),
    ("addmv_through_view", lambda m, x, a, v: (lambda y: (y[1].addmv_(a, v), y)[1])(x.clone()),
     [r(3, 2), r(2, 3), r(3)]),
    ("addmv_twice", lambda m, x, a, v: x.clone().addmv_(a, v).addmv_(a, v, alpha=2), [r(2), r(2, 2), r(2)]),
]

VECTOR_PRODUCTS = [
    ("inner_1_1", lambda m, a, b: m.inner(a, b), [r(3), r(3)]),
    ("inner_2_1", lambda m, a, b: m.inner(a, b), [r(2, 3), r(3)]),
    ("inner_1_2", lambda m, a, b: a.inner(b), [r(3), r(4, 3)]),
    ("inner_2_2", lambda m, a, b: m.inner(a, b), [r(2, 3), r(4, 3)]),
    ("inner_3_2", lambda m, a, b: m.inner(a, b), [r(2, 5, 3), r(4, 3)]),
    ("inner_3_3", lambda m, a, b: m.inner(a, b), [r(2, 1, 3), r(2, 2, 3)]),
    ("inner_0d_left", lambda m, a, b: m.inner(a, b), [r(), r(4, 3)]),
    ("inner_0d_right", lambda m, a, b: a.inner(b), [r(4, 3), r()]),
    ("inner_0d_0d", lambda m, a, b: m.inner(a, b), [r(), r()]),
    ("inner_size_one", lambda m, a, b: m.inner(a, b), [r(1), r(1)]),  # torch sums the size-1 dim first
    ("inner_last_dim_one", lambda m, a, b: m.inner(a, b), [r(2, 1), r(3, 1)]),
    ("inner_transposed", lambda m, a, b: m.inner(a.mT, b), [r(3, 1), r(3)]),
    ("inner_empty", lambda m, a, b: m.inner(a, b), [r(0, 3), r(2, 3)]),
    ("inner_no_columns", lambda m, a, b: m.inner(a, b), [r(2, 0), r(3, 0)]),
    ("inner_float32", lambda m, a, b: m.inner(a, b), [f32(2, 3), f32(4, 3)]),
    ("vdot", lambda m, a, b: m.vdot(a, b), [r(3), r(3)]),
    ("vdot_method", lambda m, a, b: a.vdot(b), [r(5), r(5)]),
    ("vdot_empty", lambda m, a, b: m.vdot(a, b), [r(0), r(0)]),
    ("vdot_float32", lambda m, a, b: m.vdot(a, b), [f32(4), f32(4)]),
    ("chain_matmul_1", lambda m, a: chain(m, a), [r(2, 3)]),
    ("chain_matmul_2", lambda m, a, b: chain(m, a, b), [r(2, 3), r(3, 4)]),
    ("chain_matmul_3", lambda m, a, b, c: chain(m, a, b, c), [r(2, 3), r(3, 4), r(4, 2)]),
    ("chain_matmul_3_right_first", lambda m, a, b, c: chain(m, a, b, c), [r(5, 4), r(4, 3), r(3, 1)]),
    ("chain_matmul_4", lambda m, a, b, c, d: chain(m, a, b, c, d), [r(2, 3), r(3, 4), r(4, 2), r(2, 5)]),
    ("chain_matmul_float32", lambda m, a, b: chain(m, a, b), [f32(2, 3), f32(3, 4)]),
]

DIST = [
    *[(f"dist_p{p}", lambda m, a, b, p=p: m.dist(a, b, p), [r(2, 3), r(2, 3)])
      for p in (1, 2, 3, 0.5, 1.5, INF, -INF, -1)],
    ("dist_default", lambda m, a, b: m.dist(a, b), [r(4), r(4)]),
    ("dist_broadcast", lambda m, a, b: m.dist(a, b, 3), [r(2, 3), r(3)]),
    ("dist_broadcast_both", lambda m, a, b: a.dist(b, p=1.5), [r(2, 1), r(1, 3)]),
    ("dist_0d", lambda m, a, b: m.dist(a, b), [r(), r()]),
    ("dist_0d_inf", lambda m, a, b: m.dist(a, b, INF), [r(), r(3)]),
    ("dist_empty", lambda m, a, b: m.dist(a, b), [r(0), r(0)]),
    ("dist_empty_p1", lambda m, a, b: m.dist(a, b, 1), [r(2, 0), r(0)]),
    ("dist_float32", lambda m, a, b: m.dist(a, b, 2.5), [f32(3, 2), f32(3, 2)]),
    ("dist_mixed_float", lambda m, a, b: m.dist(a, b), [f32(3), r(3)]),
    ("dist_float32_0d_float64", lambda m, a, b: m.dist(a, b), [f32(3), r()]),  # 0-d: float32 result
    ("dist_ties_inf", lambda m, a, b: m.dist(a, b, INF), [np.array([1.0, -3.0, 3.0]), np.zeros(3)]),
    ("dist_ties_neg_inf", lambda m, a, b: m.dist(a, b, -INF), [np.array([1.0, -1.0, 3.0]), np.zeros(3)]),
    *[(f"dist_some_zero_p{p}", lambda m, a, b, p=p: m.dist(a, b, p), [np.array([1.0, 0.0, 3.0]), np.zeros(3)])
      for p in (0.5, 1, 1.5, 3, -1)],
]

TABLE = ADD_PRODUCTS + IN_PLACE + VECTOR_PRODUCTS + DIST

COVERED = ["addmv", "addr", "baddbmm", "addbmm", "inner", "vdot", "chain_matmul", "dist"]


def _tolerance(inputs):
    return 1e-5 if any(np.asarray(a).dtype == np.float32 for a in inputs) else 1e-8


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[t[0] for t in TABLE])
def test_against_torch(name, fn, inputs):
    check(fn, *inputs, atol=_tolerance(inputs))


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[t[0] for t in TABLE])
def test_finite_differences(name, fn, inputs):
    if any(np.asarray(a).dtype == np.float32 for a in inputs):
        return  # (a float64 twin of each float32 sample is in the table)
    gradcheck_fd(fn, *inputs)


@pytest.mark.parametrize("requires_grad", [(True, False, False), (False, True, False), (False, False, True)])
@pytest.mark.parametrize("op", ["addmv", "addr", "baddbmm", "addbmm"])
def test_one_input_requiring_grad(op, requires_grad):
    name, fn, inputs = next(t for t in ADD_PRODUCTS if t[0] == op + "_scaled")
    check(fn, *inputs, requires_grad=requires_grad, atol=1e-8)


@st.composite
def broadcast_input(draw, shape):
    """A shape that broadcasts to `shape`: a suffix of it, some sizes made 1."""
    suffix = shape[draw(st.integers(0, len(shape))):]
    return tuple(draw(st.sampled_from([n, 1])) for n in suffix)


@settings(max_examples=20, deadline=None)
@given(st.data(), st.integers(0, 2), st.integers(1, 3), st.integers(0, 3), st.integers(1, 3))
def test_input_broadcast_shapes(data, b, n, k, p):
    """Each op's input broadcasts to the result as torch's does (its gradient summed back)."""
    scalars = {"beta": data.draw(st.sampled_from([1, 0.5, 0])), "alpha": data.draw(st.sampled_from([1, -2.0]))}
    cases = [(lambda m, x, u, v: m.addmv(x, u, v, **scalars), (n,), [r(n, k), r(k)]),
             (lambda m, x, u, v: m.addr(x, u, v, **scalars), (n, p), [r(n), r(p)]),
             (lambda m, x, u, v: m.baddbmm(x, u, v, **scalars), (b, n, p), [r(b, n, k), r(b, k, p)]),
             (lambda m, x, u, v: m.addbmm(x, u, v, **scalars), (n, p), [r(b, n, k), r(b, k, p)])]
    for i, (fn, shape, operands) in enumerate(cases):
        x = r(*data.draw(broadcast_input(shape)))
        # (torch's addmv of an empty matrix takes the input's shape, which its backward then refuses)
        quirk = i == 0 and not k and scalars["beta"] != 0 and x.shape != shape
        check(fn, x, *operands, atol=1e-8, grad=not quirk)


def test_addmv_of_an_empty_matrix_takes_the_input_shape_as_torch():
    """torch's addmv scales the input alone for an empty matrix, into a result resized to the input's
    shape (with its out= warning); its gradient formula then refuses the 0-d gradient."""
    for shape, rows, beta in [((), 3, 1), ((1,), 3, 2.0), ((), 0, 1), ((1,), 3, 0)]:
        outs = []
        for m in (pullback, torch):
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                out = m.addmv(m.ones(shape, dtype=m.float64), m.ones(rows, 0, dtype=m.float64),
                              m.ones(0, dtype=m.float64), beta=beta)
            outs.append((tuple(out.shape), out.tolist(), [str(x.message).split(" (Triggered")[0] for x in w]))
            assert all(x.filename == __file__ for x in w)  # the user's line, as torch's
        assert outs[0] == outs[1]
    assert_same_error(lambda m, x, a, v: m.addmv(x, a, v).sum().backward(), r(), r(3, 0), r(0),
                      phrase="outer: Expected 1-D argument self, but got 0-D")


def test_addr_promotes_its_inputs():
    """addr computes in the three tensors' promoted dtype; its backward then multiplies tensors of
    different dtypes (grad.mv(vec2)), which torch refuses, as here."""
    for dtypes in [(np.float32, np.float64, np.float32), (np.float64, np.float32, np.float32)]:
        inputs = [r(2, 3).astype(dtypes[0]), r(2).astype(dtypes[1]), r(3).astype(dtypes[2])]
        check(lambda m, x, a, b: m.addr(x, a, b, beta=2), *inputs, grad=False)
        check_error(lambda m, x, a, b: m.addr(x, a, b).sum().backward(), *inputs)


def test_dist_at_zero_distance_takes_torch_subgradient():
    """Every p passes zero where the two tensors are equal (torch's norm_backward masks the 0/0)."""
    x = r(2, 3)
    for p in (1, 2, 3, 0.5, 1.5, INF, -INF, -1):
        out = check(lambda m, a, b: m.dist(a, b, p), x, x.copy(), atol=1e-8)
        assert out.item() == 0


def test_dist_p0_counts_and_has_no_gradient():
    a, b = r(2, 3), r(2, 3)
    b[0, 1] = a[0, 1]
    out = check(lambda m, x, y: m.dist(x, y, 0), a, b, requires_grad=(True, False))
    assert out.item() == 5
    x = pullback.tensor(a, requires_grad=True)
    assert pullback.autograd.grad(pullback.dist(x, pullback.tensor(b), 0), x, allow_unused=True) == (None,)
    # torch's formula for other negates the missing gradient of self
    assert_same_error(lambda m, x, y: m.dist(x, y, 0).backward(), a, b,
                      phrase="Expected a proper Tensor but got None (or an undefined Tensor in C++)")


@pytest.mark.parametrize("p", [3, 3.0, True, np.float64(2.5), "tensor"])
def test_dist_p_as_number_or_0d_tensor(p):
    check(lambda m, a, b: m.dist(a, b, m.tensor(1.5) if p == "tensor" else p), r(3), r(3), atol=1e-8)


# ---------------------------------------------------------------- integers, bool, beta = 0 and alpha = 0
INTEGER = [
    ("addmv", lambda m, x, a, v: m.addmv(x, a, v, beta=-2.7, alpha=1.5), [ints(2), ints(2, 3), ints(3)]),
    ("addmv_int32", lambda m, x, a, v: m.addmv(x.int(), a.int(), v.int(), alpha=2), [ints(2), ints(2, 3), ints(3)]),
    ("addr", lambda m, x, a, b: m.addr(x, a, b, beta=2, alpha=3), [ints(2, 3), ints(2), ints(3)]),
    ("addr_int32_int64", lambda m, x, a, b: m.addr(x.int(), a, b.int()), [ints(2, 3), ints(2), ints(3)]),
    ("addr_int_float", lambda m, x, a, b: m.addr(x, a, b, beta=0.5), [ints(2, 3), r(2), r(3)]),
    ("addr_bool", lambda m, x, a, b: m.addr(x > 0, a > 0, b > 0), [ints(2, 3), ints(2), ints(3)]),
    ("addr_bool_beta0", lambda m, x, a, b: m.addr(x > 0, a > 0, b > 0, beta=0), [ints(2, 3), ints(2), ints(3)]),
    ("addr_bool_alpha_false", lambda m, x, a, b: m.addr(x > 0, a > 0, b > 0, alpha=False),
     [ints(2, 3), ints(2), ints(3)]),
    ("addr_bool_int", lambda m, x, a, b: m.addr(x > 0, a, b > 0, beta=2), [ints(2, 3), ints(2), ints(3)]),
    ("baddbmm", lambda m, x, a, b: m.baddbmm(x, a, b, beta=1.5, alpha=-0.5), [ints(2, 2, 3), ints(2, 2, 4),
                                                                              ints(2, 4, 3)]),
    ("addbmm", lambda m, x, a, b: m.addbmm(x, a, b, beta=1.5, alpha=2.9), [ints(2, 3), ints(2, 2, 4), ints(2, 4, 3)]),
    ("addmm", lambda m, x, a, b: m.addmm(x, a, b, beta=1.5, alpha=-1.5), [ints(2, 3), ints(2, 4), ints(4, 3)]),
    ("addmm_", lambda m, x, a, b: x.addmm_(a, b, alpha=2), [ints(2, 3), ints(2, 4), ints(4, 3)]),
    ("inner", lambda m, a, b: m.inner(a, b), [ints(2, 3), ints(3)]),
    ("inner_1_1", lambda m, a, b: m.inner(a, b), [ints(3), ints(3)]),
    ("inner_0d_float", lambda m, a, b: m.inner(a, b), [np.array(2), r(3)]),
    ("vdot", lambda m, a, b: m.vdot(a, b), [ints(4), ints(4)]),
    ("chain_matmul", lambda m, a, b: chain(m, a, b), [ints(2, 3), ints(3, 2)]),
    ("dist_int_float", lambda m, a, b: m.dist(a, b), [ints(3), r(3)]),
    ("dist_float32_int", lambda m, a, b: m.dist(a, b, 1), [f32(3), ints(3)]),
]


@pytest.mark.parametrize("name,fn,inputs", INTEGER, ids=[t[0] for t in INTEGER])
def test_integer_and_bool_inputs(name, fn, inputs):
    check(fn, *inputs, atol=1e-6)


def _nan(*shape):
    a = r(*shape)
    a.reshape(-1)[::2] = np.nan
    a.reshape(-1)[1::3] = INF
    return a


BETA_ALPHA_ZERO = [  # beta = 0 ignores the input's NaN and inf; alpha = 0 the product's where BLAS computes it
    ("addmv_beta0", lambda m, x, a, v: m.addmv(x, a, v, beta=0), [_nan(2), r(2, 3), r(3)]),
    ("addmv_beta_false", lambda m, x, a, v: m.addmv(x, a, v, beta=False), [_nan(2), r(2, 3), r(3)]),
    ("addmv_alpha0", lambda m, x, a, v: m.addmv(x, a, v, alpha=0), [r(2), _nan(2, 3), r(3)]),
    ("addmv_both0", lambda m, x, a, v: m.addmv(x, a, v, beta=0, alpha=0.0), [_nan(2), _nan(2, 3), r(3)]),
    ("addmv_empty_k", lambda m, x, a, v: m.addmv(x, a, v, beta=0), [_nan(2), r(2, 0), r(0)]),
    ("addr_beta0", lambda m, x, a, b: m.addr(x, a, b, beta=0), [_nan(2, 3), r(2), r(3)]),
    ("addr_alpha0_propagates", lambda m, x, a, b: m.addr(x, a, b, alpha=0), [r(2, 3), _nan(2), r(3)]),
    ("baddbmm_beta0", lambda m, x, a, b: m.baddbmm(x, a, b, beta=0), [_nan(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("baddbmm_alpha0_propagates", lambda m, x, a, b: m.baddbmm(x, a, b, alpha=0), [r(2, 2, 3), _nan(2, 2, 4),
                                                                                   r(2, 4, 3)]),
    ("addbmm_beta0", lambda m, x, a, b: m.addbmm(x, a, b, beta=0), [_nan(2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("addbmm_alpha0", lambda m, x, a, b: m.addbmm(x, a, b, alpha=0), [r(2, 3), _nan(2, 2, 4), r(2, 4, 3)]),
    ("addbmm_no_batches_beta0", lambda m, x, a, b: m.addbmm(x, a, b, beta=0), [_nan(2, 3), r(0, 2, 4),
                                                                              r(0, 4, 3)]),
    ("addmm_beta0", lambda m, x, a, b: m.addmm(x, a, b, beta=0), [_nan(2, 3), r(2, 4), r(4, 3)]),
    ("addmm_alpha0", lambda m, x, a, b: m.addmm(x, a, b, alpha=0), [r(2, 3), _nan(2, 4), r(4, 3)]),
    ("addmv_beta0_float32", lambda m, x, a, v: m.addmv(x, a, v, beta=0), [_nan(2).astype(np.float32), f32(2, 3),
                                                                          f32(3)]),
]


@pytest.mark.parametrize("name,fn,inputs", BETA_ALPHA_ZERO, ids=[t[0] for t in BETA_ALPHA_ZERO])
def test_beta_and_alpha_zero(name, fn, inputs):
    out = check(fn, *inputs, atol=_tolerance(inputs), gradgrad=False)
    assert np.isfinite(out.detach().numpy()).all() != name.endswith("propagates")


def test_scalars_as_tensors():
    check(lambda m, x, a, v: m.addmv(x, a, v, beta=m.tensor(0.5), alpha=m.tensor(2)), r(2), r(2, 3), r(3))


# ---------------------------------------------------------------- in place without autograd, out=
@pytest.mark.parametrize("name,inputs", [(t[0], t[2]) for t in IN_PLACE[:5]], ids=[t[0] for t in IN_PLACE[:5]])
def test_in_place_writes_into_self(name, inputs):
    results = []
    for m in (pullback, torch):
        x, *rest = (m.tensor(a) for a in inputs)
        assert getattr(x, name)(*rest, beta=0.5, alpha=2) is x
        results.append((x.numpy().copy(), x._version))
    np.testing.assert_allclose(results[0][0], results[1][0], atol=1e-10)
    assert results[0][1] == results[1][1] == 1


def test_in_place_on_a_leaf_requiring_grad_is_refused():
    assert_same_error(lambda m, x, a, v: x.addmv_(a, v), r(2), r(2, 3), r(3),
                      phrase="a leaf Variable that requires grad is being used in an in-place operation")


OUT = [  # (fn, dtype of a right out= tensor)
    ("addmv", lambda m, x, a, v, out: m.addmv(x, a, v, beta=2, out=out), [r(2), r(2, 3), r(3)]),
    ("addr", lambda m, x, a, b, out: m.addr(x, a, b, alpha=2, out=out), [r(2, 3), r(2), r(3)]),
    ("baddbmm", lambda m, x, a, b, out: m.baddbmm(x, a, b, out=out), [r(3), r(2, 2, 4), r(2, 4, 3)]),
    ("addbmm", lambda m, x, a, b, out: m.addbmm(x, a, b, beta=0.5, out=out), [r(2, 3), r(2, 2, 4), r(2, 4, 3)]),
    ("inner", lambda m, a, b, out: m.inner(a, b, out=out), [r(2, 3), r(3)]),
    ("inner_1_1", lambda m, a, b, out: m.inner(a, b, out=out), [r(3), r(3)]),
    ("vdot", lambda m, a, b, out: m.vdot(a, b, out=out), [r(3), r(3)]),
    ("chain_matmul", lambda m, a, b, c, out: chain_out(m, a, b, c, out=out), [r(2, 3), r(3, 4), r(4, 2)]),
    ("chain_matmul_1", lambda m, a, out: chain_out(m, a, out=out), [r(2, 3)]),
]


def chain_out(m, *xs, out):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return m.chain_matmul(*xs, out=out)


@pytest.mark.parametrize("name,fn,inputs", OUT, ids=[o[0] for o in OUT])
def test_out(name, fn, inputs):
    def with_out(m, *xs):
        out = m.empty(0, dtype=m.float64)
        assert fn(m, *xs, out) is out
        return out
    check(with_out, *inputs, requires_grad=(False,) * len(inputs), grad=False)


@pytest.mark.parametrize("name,fn,inputs", OUT, ids=[o[0] for o in OUT])
@pytest.mark.parametrize("dtype", ["float32", "int64"])
def test_out_of_another_dtype(name, fn, inputs, dtype):
    """Refused with torch's words where torch refuses it (addr and a single matrix's copy cast instead)."""
    def write(m, *xs):
        out = m.empty(0, dtype=getattr(m, dtype))
        fn(m, *xs, out)
        return out
    try:
        expected = write(torch, *map(torch.tensor, inputs))
    except RuntimeError:
        pb_exc, th_exc = check_error(write, *inputs, requires_grad=(False,) * len(inputs))
        assert str(pb_exc) == str(th_exc)
    else:
        np.testing.assert_allclose(write(pullback, *map(pullback.tensor, inputs)).numpy(), expected.numpy(), atol=1e-6)


OUT_GRAD = OUT + [("inner_0d", lambda m, a, b, out: m.inner(a, b, out=out), [r(), r(3)])]


@pytest.mark.parametrize("name,fn,inputs", OUT_GRAD, ids=[o[0] for o in OUT_GRAD])
def test_out_with_autograd(name, fn, inputs):
    """torch's kernels refuse inputs requiring grad with out=; its composites (inner, a single
    matrix's chain_matmul) write the result by a copy that autograd records."""
    try:
        out = torch.empty(0, dtype=torch.float64)
        fn(torch, *[torch.tensor(a, requires_grad=True) for a in inputs], out)
    except RuntimeError as e:
        assert_same_error(lambda m, *xs: fn(m, *xs, m.empty(0, dtype=m.float64)), *inputs,
                          phrase=str(e).split("(")[0] + "(): functions with out=... arguments don't support")
    else:
        def with_out(m, *xs):
            out = m.empty(0, dtype=m.float64)
            fn(m, *xs, out)
            return out
        check(with_out, *inputs, atol=1e-8)


def test_dist_takes_no_out():
    assert_same_error(lambda m, a, b: m.dist(a, b, out=a), r(3), r(3), requires_grad=(False, False),
                      phrase="got an unexpected keyword argument 'out'")


# ---------------------------------------------------------------- chain_matmul's deprecation
def test_chain_matmul_warns_once_as_torch_does():
    pullback._runtime._warned.clear()
    a = pullback.ones(2, 2)
    with pytest.warns(UserWarning, match="torch.chain_matmul is deprecated and will be removed") as w:
        pullback.chain_matmul(a, a)
    assert "Use torch.linalg.multi_dot instead" in str(w[0].message) and w[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pullback.chain_matmul(a, a, a)  # once per process, as torch's TORCH_WARN_ONCE


def test_signatures_match_torch():
    import inspect
    assert str(inspect.signature(pullback.chain_matmul)) == str(inspect.signature(torch.chain_matmul))
    for name in ("addmv", "addr", "baddbmm", "addbmm", "addmv_", "addr_", "baddbmm_", "addbmm_", "addmm_", "inner",
                 "vdot", "dist"):
        assert hasattr(pullback.Tensor, name) and hasattr(torch.Tensor, name)


# ---------------------------------------------------------------- tensordot, as inner composes it
TENSORDOT = [
    ("full_contraction", lambda m, a, b: m.tensordot(a, b, 2), [r(2, 3), r(2, 3)]),
    ("full_contraction_permuted", lambda m, a, b: m.tensordot(a, b, ([0, 1], [1, 0])), [r(2, 3), r(3, 2)]),
    ("size_one_contracted", lambda m, a, b: m.tensordot(a, b, ([0, 1], [0, 1])), [r(3, 1), r(3, 4)]),
    ("size_one_left", lambda m, a, b: m.tensordot(a, b, ([1], [0])), [r(2, 1), r(4, 3)]),
    ("free_dims_of_one", lambda m, a, b: m.tensordot(a, b, 1), [r(1, 3), r(3)]),
    ("0d", lambda m, a, b: m.tensordot(a, b, 0), [r(), r()]),
]


@pytest.mark.parametrize("name,fn,inputs", TENSORDOT, ids=[t[0] for t in TENSORDOT])
def test_tensordot_composes_as_torch(name, fn, inputs):
    check(fn, *inputs, atol=1e-8)


# ---------------------------------------------------------------- errors
ERRORS = [
    (lambda m, x, a, v: m.addmv(x, a, v), [r(3), r(2, 3), r(3)], "size mismatch, got input (3), mat (2x3), vec (3)"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(2), r(2, 3), r(4)], "size mismatch, got input (2), mat (2x3), vec (4)"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(1), r(2, 3), r(4)], "size mismatch, got input (1), mat (2x3), vec (4)"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(), r(2, 3), r(4)], "Dimension specified as 0 but tensor has no"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(1, 2), r(2, 3), r(3)], "vector + matrix @ vector expected, got 2, 2, 1"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(2), r(3), r(3)], "vector + matrix @ vector expected, got 1, 1, 1"),
    (lambda m, x, a, v: m.addmv(x, a, v), [r(2), r(2, 3), r(3, 1)], "vector + matrix @ vector expected, got 1, 2, 2"),
    (lambda m, x, a, v: m.addmv(x.float(), a, v), [r(2), r(2, 3), r(3)],
     "addmv input tensors must have the same dtype, but got Float, Double, and Double"),
    (lambda m, x, a, v: m.addmv(x, a, v.float()), [r(2), r(2, 3), r(3)],
     "addmv input tensors must have the same dtype, but got Double, Double, and Float"),
    (lambda m, x, a, v: m.addmv(x > 0, a > 0, v > 0), [r(2), r(2, 3), r(3)], "\"addmv_impl_cpu\" not implemented for"),
    (lambda m, x, a, v: m.addmv(x, a, v, beta="a"), [r(2), r(2, 3), r(3)],
     "addmv(): argument 'beta' must be Number, not str"),
    (lambda m, x, a, v: x.addmv(a, v, alpha=None), [r(2), r(2, 3), r(3)],
     "addmv(): argument 'alpha' must be Number, not NoneType"),
    (lambda m, x, a, v: m.addmv(x, a, v, 2), [r(2), r(2, 3), r(3)], "addmv() takes 3 positional arguments but 4"),
    (lambda m, x, a, b: m.addr(x, a, b), [r(2), r(2), r(3)], "The expanded size of the tensor (3) must match the"),
    (lambda m, x, a, b: m.addr(x, a, b), [r(1, 2, 3), r(2), r(3)], "must be greater or equal to the number of dim"),
    (lambda m, x, a, b: m.addr(x, a, b), [r(2, 3), r(2, 1), r(3)], "addr: Expected 1-D argument vec1, but got 2-D"),
    (lambda m, x, a, b: m.addr(x, a, b), [r(2, 3), r(2), r()], "addr: Expected 1-D argument vec2, but got 0-D"),
    (lambda m, x, a, b: m.addr(x.long(), a.long(), b.long(), beta=0.5), [r(2, 3), r(2), r(3)],
     "For integral input tensors, argument beta must not be a floating point number."),
    (lambda m, x, a, b: m.addr(x > 0, a > 0, b > 0, alpha=0.5), [r(2, 3), r(2), r(3)],
     "For integral input tensors, argument alpha must not be a floating point number."),
    (lambda m, x, a, b: m.addr(x, a, b, beta=True), [r(2, 3), r(2), r(3)],
     "Boolean beta only supported for Boolean results."),
    (lambda m, x, a, b: m.addr(x, a, b, alpha=True), [r(2, 3), r(2), r(3)],
     "Boolean alpha only supported for Boolean results."),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(3, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(1, 2, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "must be greater or equal to the number of dimensions in the tensor (4)"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(2, 4), r(2, 4, 3)],
     "The expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 1"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 4, 3), r(2, 4), r(2, 4, 3)], "batch1 must be a 3D tensor"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(2, 2, 4), r(4, 3)],
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(2), r(2, 4, 3)],
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(), r(2, 4, 3)],
     "Dimension specified as 0 but tensor has no dimensions"),
    (lambda m, x, a, b: m.baddbmm(x, a, b), [r(2, 2, 3), r(2, 2, 4), r(3, 4, 3)],
     "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4]."),
    (lambda m, x, a, b: m.baddbmm(x.float(), a, b), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "Input dtypes must be the same, got: input float, batch1: double, batch2: double"),
    (lambda m, x, a, b: m.baddbmm(x, a, b.float()), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "expected scalar type Double but found Float"),
    (lambda m, x, a, b: m.baddbmm(x > 0, a > 0, b > 0), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "\"baddbmm\" not implemented for 'Bool'"),
    (lambda m, x, a, b: m.addbmm(x, a, b), [r(1, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "must be greater or equal to the number of dimensions in the tensor (3)"),
    (lambda m, x, a, b: m.addbmm(x, a, b), [r(4, 3), r(2, 4), r(2, 4, 3)], "batch1 must be a 3D tensor"),
    (lambda m, x, a, b: m.addbmm(x, a, b), [r(2, 3), r(2, 2, 4), r(3, 4, 3)],
     "batch1 and batch2 must have same number of batches, got 2 and 3"),
    (lambda m, x, a, b: m.addbmm(x, a, b), [r(2, 3), r(2, 2, 4), r(2, 5, 3)],
     "Incompatible matrix sizes for bmm (2x4 and 5x3)"),
    (lambda m, x, a, b: m.addbmm(x.float(), a, b), [r(2, 3), r(2, 2, 4), r(2, 4, 3)],
     "self and mat2 must have the same dtype, but got Float and Double"),
    (lambda m, x, a, b: m.addbmm(x, a.float(), b), [r(2, 3), r(2, 2, 4), r(2, 4, 3)],
     "mat1 and mat2 must have the same dtype, but got Float and Double"),
    (lambda m, x, a, b: m.addbmm(x, a, b.float()), [r(2, 3), r(2, 2, 4), r(2, 4, 3)],
     "self and mat2 must have the same dtype, but got Double and Float"),
    (lambda m, x, a, b: m.addbmm(x > 0, a > 0, b > 0), [r(2, 3), r(2, 2, 4), r(2, 4, 3)],
     "\"addmm_impl_cpu_\" not implemented for 'Bool'"),
    (lambda m, x, a, b: m.addmm(x, a.float(), b), [r(2, 3), r(2, 4), r(4, 3)],
     "mat1 and mat2 must have the same dtype, but got Float and Double"),
    (lambda m, x, a, b: m.addmm(x, a, b.float()), [r(2, 3), r(2, 4), r(4, 3)],
     "self and mat2 must have the same dtype, but got Double and Float"),
    (lambda m, x, a, b: m.addmm(x.float(), a, b), [r(2, 3), r(2, 3), r(4, 5)],
     "self and mat2 must have the same dtype, but got Float and Double"),
    # in place: the input is not broadcast
    (lambda m, x, a, v: x.addmv_(a, v), [r(1), r(2, 3), r(3)],
     "Bad in-place call: input tensor size [1] and output tensor size [2] should match"),
    (lambda m, x, a, v: x.addmv_(a, v), [r(), r(2, 3), r(3)],
     "Bad in-place call: input tensor size [] and output tensor size [2] should match"),
    (lambda m, x, a, v: x.addmv_(a, v), [r(1), r(2, 3), r(4)], "size mismatch, got input (1), mat (2x3), vec (4)"),
    (lambda m, x, a, b: x.addr_(a, b), [r(3), r(2), r(3)], "2D tensor expected, got 1D tensor for input"),
    (lambda m, x, a, b: x.addr_(a, b), [r(1, 3), r(2), r(3)], "size mismatch, input: [1, 3], v1: [2], v2: [3]"),
    (lambda m, x, a, b: x.addr_(a, b), [r(2, 3), r(2, 1), r(3)], "addr: Expected 1-D argument vec1, but got 2-D"),
    (lambda m, x, a, b: x.addr_(a, b), [np.zeros((2, 3), np.int64), r(2), r(3)],
     "result type Double can't be cast to the desired output type Long"),
    (lambda m, x, a, b: x.baddbmm_(a, b), [r(2, 3), r(2, 2, 4), r(2, 4, 3)],
     "Bad in-place call: input tensor size [2, 3] and output tensor size [2, 2, 3] should match"),
    (lambda m, x, a, b: x.baddbmm_(a, b), [r(3, 2, 3), r(2, 2, 4), r(2, 4, 3)],
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0"),
    (lambda m, x, a, b: x.baddbmm_(a, b), [r(1, 2, 3), r(2, 2, 4), r(2, 5, 3)],
     "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, 5]."),
    (lambda m, x, a, b: x.addbmm_(a, b), [r(3, 3), r(2, 2, 4), r(2, 4, 3)],
     "The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 0"),
    (lambda m, x, a, b: x.addbmm_(a, b), [r(2, 3), r(2, 2, 4), r(3, 4, 3)],
     "batch1 and batch2 must have same number of batches, got 2 and 3"),
    (lambda m, x, a, b: x.addmm_(a, b), [r(3, 3), r(2, 4), r(4, 3)],
     "Bad in-place call: input tensor size [3, 3] and output tensor size [2, 3] should match"),
    (lambda m, x, a, b: x.addmm_(a, b), [r(3), r(2, 4), r(4, 3)],
     "Bad in-place call: input tensor size [3] and output tensor size [2, 3] should match"),
    (lambda m, x, a, b: x.addmm_(a, b), [r(3), r(2, 4), r(5, 3)], "mat1 and mat2 shapes cannot be multiplied (2x4"),
    (lambda m, x, a, b: x.float().addmm_(a, b), [r(2, 3), r(2, 4), r(4, 3)],
     "self and mat2 must have the same dtype, but got Float and Double"),
    (lambda m, x, a, v: x.long().addmv_(a, v), [r(2), r(2, 3), r(3)],
     "addmv input tensors must have the same dtype, but got Long, Double, and Double"),
    (lambda m, x, a, v: x.addmv_(a, v, beta="a"), [r(2), r(2, 3), r(3)],
     "addmv_(): argument 'beta' must be Number, not str"),
    # vector products, chain_matmul, dist
    (lambda m, a, b: m.inner(a, b), [r(2, 3), r(4)],
     "inner() the last dimension must match on both input tensors but got shapes [2, 3] and [4]"),
    (lambda m, a, b: m.inner(a.float(), b), [r(2, 3), r(3)], "both inputs should have same dtype"),
    (lambda m, a, b: m.inner(a.float(), b), [r(3), r(3)], "both inputs should have same dtype"),
    (lambda m, a, b: m.tensordot(a.float(), b, 1), [r(2, 3), r(3)], "both inputs should have same dtype"),
    (lambda m, a, b: m.vdot(a, b), [r(2, 3), r(2, 3)], "1D tensors expected, but got 2D and 2D tensors"),
    (lambda m, a, b: m.vdot(a, b), [r(), r()], "1D tensors expected, but got 0D and 0D tensors"),
    (lambda m, a, b: m.vdot(a, b), [r(3), r(4)], "inconsistent tensor size, expected tensor [3] and src [4]"),
    (lambda m, a, b: m.vdot(a.float(), b), [r(3), r(3)],
     "dot : expected both vectors to have same dtype, but found Float and Double"),
    (lambda m, a, b: m.vdot(a > 0, b > 0), [r(3), r(3)], "\"dot\" not implemented for 'Bool'"),
    (lambda m, a, b: chain(m), [r(2), r(2)], "chain_matmul(): Expected one or more matrices"),
    (lambda m, a, b: chain(m, a, b), [r(3), r(3, 2)], "Tensor dimension is 1, expected 2 instead."),
    (lambda m, a, b: chain(m, b, a), [r(3), r(3, 2)], "Tensor dimension is 1, expected 2 instead."),
    (lambda m, a, b: chain(m, a, b), [r(2, 3), r(2, 3, 2)], "Tensor dimension is 3, expected 2 instead."),
    (lambda m, a, b: chain(m, a, b), [r(2, 3), r(4, 2)],
     "multi_dot(): tensors 0 and 1 with shapes [2, 3] and [4, 2] cannot be multiplied"),
    (lambda m, a, b: chain(m, [a, b]), [r(2, 3), r(3, 2)], "expected Tensor as element 0 in argument 0, but got list"),
    (lambda m, a, b: m.dist(a, b), [r(2, 3), r(4)], "The size of tensor a (3) must match the size of tensor b (4)"),
    (lambda m, a, b: m.dist(a, b), [ints(3), ints(3)],
     "norm(): input dtype should be either floating point or complex. Got Long instead."),
    (lambda m, a, b: m.dist(a > 0, b > 0), [r(3), r(3)], "Subtraction, the `-` operator, with two bool tensors"),
    (lambda m, a, b: m.dist(a, b, INF), [r(0), r(0)], "linalg.vector_norm cannot compute the inf norm on an empty"),
    (lambda m, a, b: m.dist(a, b, -INF), [r(0), r(0)], "cannot compute the -inf norm on an empty tensor"),
    (lambda m, a, b: m.dist(a, b, -1.0), [r(0), r(0)], "cannot compute the -1 norm on an empty tensor"),
    (lambda m, a, b: m.dist(a, b, -0.5), [r(0), r(0)], "cannot compute the -0.5 norm on an empty tensor"),
    (lambda m, a, b: m.dist(a, b, "fro"), [r(3), r(3)], "dist(): argument 'p' (position 3) must be Number, not str"),
    (lambda m, a, b: m.dist(a, b, b), [r(3), r(3)], "dist(): argument 'p' (position 3) must be Number, not Tensor"),
    (lambda m, a, b: a.dist(b, "fro"), [r(3), r(3)], "dist(): argument 'p' (position 2) must be Number, not str"),
    (lambda m, a, b: m.dist(a, 3), [r(3), r(3)], "dist(): argument 'other' (position 2) must be Tensor, not int"),
]


@pytest.mark.parametrize("fn,inputs,phrase", ERRORS, ids=[f"{i}-{e[2][:40]}" for i, e in enumerate(ERRORS)])
def test_errors(fn, inputs, phrase):
    assert_same_error(fn, *inputs, phrase=phrase, requires_grad=(False,) * len(inputs))


@pytest.mark.parametrize("fn,inputs", [
    (lambda m, x, a, v: x.addmv_(a, v), [r(1), r(2, 3), r(3)]),
    (lambda m, x, a, b: x.addr_(a, b), [np.zeros((2, 3), np.int64), r(2), r(3)]),
    (lambda m, x, a, b: x.addmm_(a, b), [r(3, 3), r(2, 4), r(4, 3)]),
    (lambda m, x, a, b: x.baddbmm_(a, b.float()), [r(2, 2, 3), r(2, 2, 4), r(2, 4, 3)]),
])
def test_refused_in_place_leaves_self_unchanged(fn, inputs):
    x, *rest = (pullback.tensor(a) for a in inputs)
    before = x.numpy().copy()
    with pytest.raises(RuntimeError):
        fn(pullback, x, *rest)
    np.testing.assert_array_equal(x.numpy(), before)
    assert x._version == 0


def test_addmv_in_place_function():
    results = []
    for m in (pullback, torch):
        y = m.zeros(2, dtype=m.float64)
        assert m.addmv_(y, m.tensor(MAT), m.tensor(VEC), beta=0.5, alpha=2.0) is y
        results.append(y.numpy())
    np.testing.assert_array_equal(*results)


MAT, VEC = np.arange(6.0).reshape(2, 3), np.array([1.0, -2.0, 0.5])


@pytest.mark.parametrize("code", [
    "m.addmv(m.ones(2), m.ones(2, 2), m.ones(2), beta=m.tensor([2.]))", "m.addmv(m.ones(2), m.ones(2, 2), m.ones(2), beta=m.tensor(2.))",
    "m.addmv(m.ones(2), m.ones(2, 2), m.ones(2), beta=m.tensor(2., requires_grad=True))",
    "m.trapezoid(m.tensor([1., 2., 3.]), dx=m.tensor(2.))", "m.chain_matmul(m.ones(2, 3).t()).stride()",
    "m.dist(m.ones(2), m.zeros(2), m.tensor(3.))", "m.dist(m.ones(2), m.zeros(2), np.float32(3.))",
])
def test_number_arguments_parse_as_torchs(code):
    outcomes = []
    for m in (pullback, torch):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                r = eval(code, {"m": m, "np": np})
            outcomes.append(r if isinstance(r, tuple) else r.tolist())
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, str(e)))
    assert outcomes[0] == outcomes[1]
