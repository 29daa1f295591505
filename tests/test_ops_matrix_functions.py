"""linalg.lstsq, pinv, matrix_exp, cond, diagonal, tensorinv, tensorsolve and torch.qr against torch:
values, dtypes, node names and graphs, 1st/2nd-order grads, finite differences, each lstsq driver's
outputs, out=, errors; the removed torch.lstsq/symeig/eig/solve/matrix_rank raise torch's errors and
linalg.eig/eigvals (complex results) raise a clear one."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import pullback
from oracle import assert_close, assert_same_error, check, check_error, gradcheck_fd, whole_graph

RNG = np.random.default_rng(5)
INF = float("inf")


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def well(m, x):
    """A well-conditioned square matrix built from x (differentiably)."""
    return x + 3 * m.eye(x.shape[-1], dtype=x.dtype)


SQ, TALL, WIDE = r(3, 3), r(4, 3), r(2, 4)

LSTSQ = [
    ("lstsq_tall", lambda m, a, b: m.linalg.lstsq(a, b), [TALL, r(4, 2)]),
    ("lstsq_wide", lambda m, a, b: m.linalg.lstsq(a, b), [WIDE, r(2, 3)]),
    ("lstsq_gels_tall", lambda m, a, b: m.linalg.lstsq(a, b, driver="gels"), [TALL, r(4, 2)]),
    ("lstsq_gels_wide", lambda m, a, b: m.linalg.lstsq(a, b, driver="gels"), [WIDE, r(2, 3)]),
    ("lstsq_gelsy", lambda m, a, b: m.linalg.lstsq(a, b, 1e-10, driver="gelsy"), [r(2, 4, 3), r(2, 4, 2)]),
    ("lstsq_gelsd_tall", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"), [TALL, r(4, 2)]),
    ("lstsq_gelsd_wide", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"), [WIDE, r(2, 1)]),
    ("lstsq_gelss_batched", lambda m, a, b: m.linalg.lstsq(a, b, rcond=None, driver="gelss"),
     [r(2, 5, 3), r(2, 5, 2)]),
    ("lstsq_vector", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"), [TALL, r(4)]),
    ("lstsq_batched_vector", lambda m, a, b: m.linalg.lstsq(a, b, driver="gels"), [r(2, 4, 3), r(2, 4)]),
    ("lstsq_broadcast_a", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"), [r(1, 4, 3), r(3, 4, 2)]),
    ("lstsq_broadcast_b", lambda m, a, b: m.linalg.lstsq(a, b), [r(3, 4, 3), r(1, 4, 2)]),
    ("lstsq_shorter_matrix", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"), [r(1, 4, 3), r(4, 2)]),
    ("lstsq_solution_only", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd").solution, [TALL, r(4, 2)]),
    ("lstsq_residuals_only", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd").residuals, [TALL, r(4, 2)]),
    ("lstsq_residuals_vector", lambda m, a, b: m.linalg.lstsq(a, b, driver="gels")[1], [r(5, 2), r(5)]),
    ("lstsq_float32", lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd"),
     [r(4, 3, dtype=np.float32), r(4, 2, dtype=np.float32)]),
]

PINV = [
    ("pinv_tall", lambda m, x: m.linalg.pinv(x), [TALL]),
    ("pinv_wide", lambda m, x: m.linalg.pinv(x), [WIDE]),
    ("pinv_square", lambda m, x: m.linalg.pinv(x), [SQ]),
    ("pinv_batched", lambda m, x: m.linalg.pinv(x), [r(2, 3, 4)]),
    ("pinv_hermitian", lambda m, x: m.linalg.pinv(x + x.mT, hermitian=True), [SQ]),
    ("pinv_hermitian_batched", lambda m, x: m.linalg.pinv(x @ x.mT, hermitian=True), [r(2, 3, 2)]),
    ("pinv_atol", lambda m, x: m.linalg.pinv(x, atol=1e-3), [TALL]),
    ("pinv_rtol", lambda m, x: m.linalg.pinv(x, rtol=1e-3), [WIDE]),
    ("pinv_atol_tensor", lambda m, x: m.linalg.pinv(x, atol=m.tensor([1e-3, 1e-2]), rtol=m.tensor(1e-4)), [r(2, 4, 3)]),
    ("pinv_rcond", lambda m, x: m.linalg.pinv(x, 1e-5), [TALL]),
    ("pinv_rcond_hermitian", lambda m, x: m.linalg.pinv(x + x.mT, 1e-5, True), [SQ]),
    ("pinverse", lambda m, x: m.pinverse(x), [TALL]),
    ("pinverse_method", lambda m, x: x.pinverse(rcond=1e-3), [r(2, 2, 3)]),
    ("pinv_float32", lambda m, x: m.linalg.pinv(x), [r(3, 4, dtype=np.float32)]),
]

MATRIX_EXP = [
    ("matrix_exp", lambda m, x: m.linalg.matrix_exp(x), [SQ]),
    ("matrix_exp_batched", lambda m, x: m.linalg.matrix_exp(x), [r(2, 3, 3)]),
    ("matrix_exp_squarings", lambda m, x: m.linalg.matrix_exp(4 * x), [SQ]),
    ("matrix_exp_small", lambda m, x: m.linalg.matrix_exp(1e-3 * x), [r(2, 2)]),
    ("matrix_exp_1x1", lambda m, x: m.linalg.matrix_exp(x), [r(2, 1, 1)]),
    ("matrix_exp_fn", lambda m, x: m.matrix_exp(x), [r(2, 2)]),
    ("matrix_exp_method", lambda m, x: x.matrix_exp(), [SQ]),
    ("matrix_exp_float32", lambda m, x: m.linalg.matrix_exp(x), [r(3, 3, dtype=np.float32)]),
]

# the orders through the inverse write into it in place: torch cannot differentiate them (test below)
COND_DIFFERENTIABLE = [None, 2, -2, "nuc"]
COND = [
    *[(f"cond_{p}", lambda m, x, p=p: m.linalg.cond(x, p), [SQ]) for p in COND_DIFFERENTIABLE],
    ("cond_tall", lambda m, x: m.linalg.cond(x), [TALL]),
    ("cond_batched", lambda m, x: m.linalg.cond(x, -2), [r(2, 3, 4)]),
    ("cond_float32", lambda m, x: m.linalg.cond(x), [r(3, 3, dtype=np.float32)]),
]

SHAPES = [
    ("diagonal", lambda m, x: m.linalg.diagonal(x), [r(2, 3, 4)]),
    ("diagonal_offset", lambda m, x: m.linalg.diagonal(x, offset=-1, dim1=0, dim2=2), [r(3, 2, 4)]),
    ("tensorinv", lambda m, x: m.linalg.tensorinv(well(m, x.reshape(6, 6)).reshape(2, 3, 6)), [r(6, 6)]),
    ("tensorinv_ind1", lambda m, x: m.linalg.tensorinv(well(m, x), ind=1), [SQ]),
    ("tensorinv_3d_ind1", lambda m, x: m.linalg.tensorinv(well(m, x.reshape(4, 4)).reshape(4, 2, 2), 1), [r(4, 4)]),
    ("tensorinv_1x1", lambda m, x: m.linalg.tensorinv(x, 1), [np.array([[2.0]])]),
    ("tensorinv_transposed", lambda m, x: m.linalg.tensorinv(well(m, x).mT, 1), [SQ]),
    ("tensorsolve", lambda m, a, b: m.linalg.tensorsolve(well(m, a.reshape(6, 6)).reshape(2, 3, 6), b),
     [r(6, 6), r(2, 3)]),
    ("tensorsolve_dims", lambda m, a, b: m.linalg.tensorsolve(well(m, a.reshape(6, 6)).reshape(6, 2, 3), b, dims=(0,)),
     [r(6, 6), r(2, 3)]),
    ("tensorsolve_vector", lambda m, a, b: m.linalg.tensorsolve(well(m, a), b), [SQ, r(3)]),
    ("tensorsolve_scalar", lambda m, a, b: m.linalg.tensorsolve(a, b), [np.array(2.0), np.array(3.0)]),
    ("qr", lambda m, x: m.qr(x), [TALL]),
    ("qr_method", lambda m, x: x.qr(), [r(2, 3, 3)]),
    ("qr_complete", lambda m, x: m.qr(x, some=False), [WIDE]),
]

TABLE = LSTSQ + PINV + MATRIX_EXP + COND + SHAPES

COVERED = ["linalg.lstsq", "linalg.pinv", "pinverse", "linalg.matrix_exp", "matrix_exp", "linalg.cond",
           "linalg.diagonal", "linalg.tensorinv", "linalg.tensorsolve", "qr", "lstsq", "symeig", "eig", "solve",
           "matrix_rank", "linalg.eig", "linalg.eigvals"]


@pytest.fixture(autouse=True)
def _quiet_qr():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="torch.qr is deprecated")
        yield


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[s[0] for s in TABLE])
def test_against_torch(name, fn, inputs):
    check(fn, *inputs, atol=1e-5 if inputs[0].dtype == np.float32 else 1e-8)


def _differentiable(out):
    """The outputs that take gradients (not lstsq's rank and singular values)."""
    if isinstance(out, tuple) and hasattr(out, "rank"):
        return out.solution, out.residuals
    return out


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[s[0] for s in TABLE])
def test_finite_differences(name, fn, inputs):
    gradcheck_fd(lambda m, *xs: _differentiable(fn(m, *xs)), *inputs)


@pytest.mark.parametrize("name", ["lstsq_gelsd_tall", "pinv_wide", "matrix_exp", "cond_nuc"])
def test_second_order_by_finite_differences(name):
    """The first derivative is itself differentiable, and its derivative is right (not only torch's)."""
    fn, inputs = next((f, xs) for n, f, xs in TABLE if n == name)

    def first_order(m, *xs):
        with m.enable_grad():
            xs = [x if x.requires_grad else x.detach().requires_grad_() for x in xs]
            outs = [o for o in _flat(_differentiable(fn(m, *xs))) if o.numel()]
            cots = [m.tensor(np.linspace(-1, 1, o.numel()).reshape(tuple(o.shape))) for o in outs]
            return m.autograd.grad(outs, xs, cots, create_graph=True)
    gradcheck_fd(first_order, *inputs)


def _flat(out):
    return [t for o in out for t in _flat(o)] if isinstance(out, (tuple, list)) else [out]


# ---------------------------------------------------------------- lstsq: each driver's outputs
@st.composite
def lstsq_cases(draw):
    m, n, k = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    batch = draw(st.lists(st.integers(1, 3), max_size=2))
    a_batch = [draw(st.sampled_from([b, 1])) for b in batch]
    vector = draw(st.booleans())
    b_shape = tuple(a_batch) + (m,) if vector else tuple(draw(st.sampled_from([b, 1])) for b in batch) + (m, k)
    driver = draw(st.sampled_from([None, "gels", "gelsy", "gelsd", "gelss"]))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 16)))
    return rng.standard_normal(tuple(a_batch) + (m, n)), rng.standard_normal(b_shape), driver


@settings(max_examples=25, deadline=None)
@given(lstsq_cases())
def test_lstsq_outputs_per_driver(case):
    """Shapes, dtypes and values of all four outputs: rank for all but gels, singular values for gelsd and
    gelss, residuals for a tall full-rank A unless gelsy; batch dims broadcast (rank and singular values
    keep A's)."""
    a, b, driver = case
    # (torch's matmul computes a broadcast batch by mm or by bmm as its operands require grad or not: the
    # gradients without create_graph may round differently in the last bit)
    check(lambda m, x, y: m.linalg.lstsq(x, y, driver=driver), a, b, atol=1e-8, plain_exact=False)


@pytest.mark.parametrize("driver", ["gelsy", "gelsd", "gelss"])
def test_lstsq_rank_deficient(driver):
    """Singular values at most rcond * largest are dropped: the minimum-norm solution and the rank (gelsy,
    a pivoted QR, truncates as the SVD does where the dropped singular values are negligible)."""
    a = TALL.copy()
    a[:, 2] = a[:, 0] + a[:, 1]
    b = r(4, 2)
    for rcond in (None, 1e-6) + ((0.3,) if driver != "gelsy" else ()):
        check(lambda m, x, y: m.linalg.lstsq(x, y, rcond, driver=driver), a, b, atol=1e-8, grad=False)
    check(lambda m, x, y: m.linalg.lstsq(x, y, -1, driver=driver).rank, a, b, grad=False)


@pytest.mark.parametrize("driver", ["gels", "gelsy", "gelsd", "gelss"])
@pytest.mark.parametrize("a,b", [(r(0, 3), r(0, 2)), (r(4, 0), r(4, 2)), (r(0, 4, 3), r(0, 4, 2))],
                         ids=["no_rows", "no_columns", "no_matrices"])
def test_lstsq_empty(driver, a, b):
    check(lambda m, x, y: m.linalg.lstsq(x, y, driver=driver), a, b, grad=False)


def test_lstsq_prints_and_takes_out_as_torch():
    a, b = TALL, r(4, 2)
    assert repr(pullback.linalg.lstsq(pullback.tensor(a), pullback.tensor(b), driver="gelsd")).replace("-0.", " 0.") \
        == repr(torch.linalg.lstsq(torch.tensor(a), torch.tensor(b), driver="gelsd")).replace("-0.", " 0.")

    def fn(m, x, y):
        outs = tuple(m.empty(0, dtype=m.float64) for _ in range(4))
        res = m.linalg.lstsq(x, y, driver="gelsd", out=outs)
        assert res.solution is outs[0] and type(res).__name__ == "linalg_lstsq_out"
        return res  # the rank cast into the float64 tensor given, as torch casts it
    check(fn, a, b, requires_grad=(False, False), grad=False)


# ---------------------------------------------------------------- pinv, matrix_exp
def test_pinv_edges():
    check(lambda m, x: m.linalg.pinv(x), r(0, 3))
    check(lambda m, x: m.linalg.pinv(x), r(2, 3, 0))
    check(lambda m, x: m.linalg.pinv(x, hermitian=True), r(0, 0))
    # singular values under the tolerance count as zero: the pseudoinverse of a lower rank
    a = TALL.copy()
    a[:, 2] = a[:, 0]
    check(lambda m, x: m.linalg.pinv(x), a, grad=False, atol=1e-8)
    check(lambda m, x: m.linalg.pinv(x, atol=1.0), TALL, grad=False, atol=1e-8)
    check(lambda m, x: m.linalg.pinv(x, atol=m.tensor(1.0), rtol=m.tensor([0.1, 0.9])), r(2, 3, 3), grad=False)
    check(lambda m, x: m.linalg.pinv(x, hermitian=True, atol=0.5), SQ + SQ.T, grad=False, atol=1e-8)


@pytest.mark.parametrize("scale", [1e-8, 1e-2, 1.0, 10.0, 60.0])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matrix_exp_accuracy(scale, dtype):
    """Scaling and squaring with the degree-13 Pade approximant: torch's values to the precision of the
    dtype, from tiny norms to many squarings, and exp(A) exp(-A) = I for commuting A, -A."""
    x = (scale * r(3, 4, 4) / 4).astype(dtype)
    got = pullback.linalg.matrix_exp(pullback.tensor(x))
    assert got.dtype == getattr(pullback, np.dtype(dtype).name)
    expected = torch.linalg.matrix_exp(torch.tensor(x, dtype=torch.float64)).numpy()
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(got.numpy(), expected, rtol=tol * 10, atol=tol * np.abs(expected).max())
    if scale <= 10:
        inverse = pullback.linalg.matrix_exp(-pullback.tensor(x.astype(np.float64))).numpy()
        np.testing.assert_allclose(got.numpy().astype(np.float64) @ inverse, np.broadcast_to(np.eye(4), x.shape),
                                   atol=tol * 100 * max(1.0, scale ** 2))


def test_matrix_exp_edges():
    check(lambda m, x: m.linalg.matrix_exp(x), r(0, 0))
    check(lambda m, x: m.linalg.matrix_exp(x), r(0, 2, 2))
    check(lambda m, x: m.linalg.matrix_exp(x), np.array([[np.nan, 1.0], [0.0, 1.0]]), grad=False)
    check(lambda m, x: m.linalg.matrix_exp(x), np.array([[[INF, 1.0], [0.0, 1.0]], [[1.0, 2.0], [0.0, 1.0]]]),
          grad=False)
    check(lambda m, x: m.linalg.matrix_exp(x), np.diag([-30.0, 0.0, 5.0]), atol=1e-8)


def test_backward_graphs_are_torchs():
    """Under create_graph the gradient's graph is torch's formula, op for op: matrix_exp's exp of the
    block matrix (three copies into zeros), pinv's products, lstsq's pinv and residual terms."""
    cases = [(lambda m, x: m.linalg.matrix_exp(x), [SQ]),
             (lambda m, x: m.linalg.pinv(x), [TALL]),
             (lambda m, x: m.linalg.pinv(x), [WIDE]),
             (lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd").solution, [TALL, r(4, 2)]),
             (lambda m, a, b: m.linalg.lstsq(a, b, driver="gelsd").residuals, [TALL, r(4, 2)]),
             (lambda m, a, b: m.linalg.lstsq(a, b, driver="gels"), [TALL, r(4)])]
    for fn, inputs in cases:
        graphs = {}
        for m in (pullback, torch):
            xs = [m.tensor(x, requires_grad=True) for x in inputs]
            outs = _flat(_differentiable(fn(m, *xs)))
            grads = m.autograd.grad(outs, xs, [m.ones_like(o) for o in outs], create_graph=True)
            graphs[m] = [whole_graph(g.grad_fn) for g in grads]
        assert graphs[pullback] == graphs[torch]


# ---------------------------------------------------------------- cond
@pytest.mark.parametrize("p", ["fro", INF, -INF, 1, -1, 1.0])
def test_cond_through_the_inverse(p):
    """Values and graph as torch's; the inverse is overwritten in place, so the backward raises torch's
    error (torch cannot differentiate these orders either)."""
    check(lambda m, x: m.linalg.cond(x, p), SQ, grad=False)
    check(lambda m, x: m.linalg.cond(x, p), r(2, 3, 3, dtype=np.float32), grad=False)
    assert_same_error(lambda m, x: m.linalg.cond(x, p).backward(), SQ,
                      phrase="which is output 0 of LinalgInvEx, is at version 1; expected version 0 instead")


def test_cond_edges():
    singular = np.array([[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]])
    for p in ("fro", INF, 1, -1):  # inf for a singular matrix
        check(lambda m, x: m.linalg.cond(x, p), singular, grad=False)
    for p in (None, "fro", "nuc", 1, -INF):  # 0 for empty matrices
        check(lambda m, x: m.linalg.cond(x, p), r(2, 0, 0))
        check(lambda m, x: m.linalg.cond(x, p), r(2, 0, 0, dtype=np.float32))
    check(lambda m, x: m.linalg.cond(x, 1), r(3, 0))
    check(lambda m, x: m.linalg.cond(x, p=True), SQ, grad=False)
    check(lambda m, x: (m.linalg.cond(x, "fro", out=m.empty(0)), m.linalg.cond(x, -2, out=m.empty(0))), SQ,
          requires_grad=(False,), grad=False)


# ---------------------------------------------------------------- out=, torch.qr's warning
def test_out_tensors():
    def fn(m, x):
        p, t, s, q, rr = (m.empty(0, dtype=m.float32 if i < 3 else m.float64) for i in range(5))
        assert m.linalg.pinv(x, out=p) is p  # cast into the float32 tensor given, as torch does
        assert m.linalg.tensorinv(x, 1, out=t) is t
        assert m.linalg.tensorsolve(x, x[0], out=s) is s
        res = m.qr(x, out=(q, rr))
        assert res.Q is q and type(res).__name__ == "qr_out"
        return p, t, s, q, rr
    check(fn, well(np, SQ), requires_grad=(False,), grad=False)
    assert_same_error(lambda m, x: m.qr(x, out=(m.empty(0), m.empty(0))), SQ,
                      phrase="Expected out tensor to have dtype double, but got float instead", requires_grad=(False,))
    assert_same_error(lambda m, x: m.linalg.pinv(x, out=m.empty(0, dtype=m.float64)), SQ,
                      phrase="functions with out=... arguments don't support automatic differentiation")


def test_qr_warns_once_at_the_callers_line():
    pullback._runtime._warned.clear()
    x = pullback.tensor(SQ)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pullback.qr(x)
        x.qr(some=False)
    assert len(caught) == 1 and caught[0].filename == __file__
    assert str(caught[0].message).startswith("torch.qr is deprecated in favor of torch.linalg.qr and will be removed "
                                             "in a future PyTorch release.\nThe boolean parameter 'some'")


def test_named_results_print_as_torch():
    a = np.array([[3.0, 1.0], [1.0, 3.0]], dtype=np.float32)
    assert repr(pullback.qr(pullback.tensor(a))) == repr(torch.qr(torch.tensor(a)))


# ---------------------------------------------------------------- removed and complex-valued functions
REMOVED = [
    ("lstsq", lambda m, x: m.lstsq(x, x)), ("lstsq method", lambda m, x: x.lstsq(x)),
    ("symeig", lambda m, x: m.symeig(x, eigenvectors=True)), ("symeig method", lambda m, x: x.symeig()),
    ("eig", lambda m, x: m.eig(x)), ("eig method", lambda m, x: x.eig(eigenvectors=True)),
    ("solve", lambda m, x: m.solve(x, x)), ("solve method", lambda m, x: x.solve(x)),
    ("matrix_rank", lambda m, x: m.matrix_rank(x, symmetric=True)),
]


@pytest.mark.parametrize("name,fn", REMOVED, ids=[e[0] for e in REMOVED])
def test_removed_functions_raise_torchs_error(name, fn):
    pb_exc, th_exc = check_error(fn, SQ)
    assert type(pb_exc) is RuntimeError and str(pb_exc) == str(th_exc)


@pytest.mark.parametrize("name", ["eig", "eigvals"])
def test_complex_valued_eig_raises_a_clear_error(name):
    fn = getattr(pullback.linalg, name)
    with pytest.raises(NotImplementedError, match="complex") as e:
        fn(pullback.tensor(SQ))
    assert isinstance(e.value, RuntimeError) and "linalg.eigh" in str(e.value)
    # torch's own checks come first (eigvals names itself linalg.eig for an input that requires grad)
    for requires_grad in (False, True):
        for fn, x in ((lambda m, x: getattr(m.linalg, name)(x), TALL), (lambda m, x: getattr(m.linalg, name)(x[0]), SQ),
                      (lambda m, x: getattr(m.linalg, name)(x.long()), SQ)):
            pb_exc, th_exc = check_error(fn, x, requires_grad=(requires_grad,))
            assert str(pb_exc) == str(th_exc)


# ---------------------------------------------------------------- errors
ERRORS = [
    (lambda m, a: m.linalg.lstsq(a[0], a[0]), [TALL], "torch.linalg.lstsq: input must have at least 2 dimensions."),
    (lambda m, a: m.linalg.lstsq(a, a.sum()), [TALL], "other must have at least 1 dimension."),
    (lambda m, a: m.linalg.lstsq(a, a.float()), [TALL],
     "Expected input and other to have the same dtype, but got input's dtype Double and other's dtype Float"),
    (lambda m, a: m.linalg.lstsq(a, a[None]), [TALL], "input.dim() must be greater or equal to other.dim() and"),
    (lambda m, a: m.linalg.lstsq(a, a[:3]), [TALL], "torch.linalg.lstsq: input.size(-2) should match other.size(-2)"),
    (lambda m, a: m.linalg.lstsq(a, a[0]), [TALL], "torch.linalg.lstsq: input.size(-2) should match other.size(-1)"),
    (lambda m, a: m.linalg.lstsq(a, a, driver="qr"), [TALL], "parameter `driver` should be one of (gels, gelsy"),
    (lambda m, a: m.linalg.lstsq(a.long(), a.long()), [TALL], "This function doesn't handle types other than float"),
    (lambda m, a: m.linalg.lstsq(a.expand(2, 4, 3), a.expand(3, 4, 3)), [TALL],
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
    (lambda m, a: m.linalg.lstsq(a.expand(5, 4, 3), a[:, :2]), [TALL],
     "The size of tensor a (5) must match the size of tensor b (4) at non-singleton dimension 0"),
    (lambda m, a, b: m.linalg.lstsq(a, b), [r(3, 2, 1, 3), r(3, 1, 1)],
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 1"),
    (lambda m, a, b: m.linalg.lstsq(a, b), [r(2, 4, 3), r(1, 4)], "input.size(-2) should match other.size(-2)"),
    (lambda m, a: m.linalg.pinv(a.long()), [TALL],
     "linalg.pinv(Long{[4, 3]}): expected a tensor with 2 or more dimensions of float, double, cfloat or cdouble"),
    (lambda m, a: m.linalg.pinv(a[0]), [TALL], "linalg.pinv(Double{[3]}): expected a tensor with 2 or more"),
    (lambda m, a: m.linalg.pinv(a, hermitian=True), [TALL],
     "linalg.eigh: A must be batches of square matrices, but they are 4 by 3 matrices"),
    (lambda m, a: m.linalg.pinv(a, atol=a[0, 0]), [TALL],
     "The function 'linalg_pinv' is not differentiable with respect to argument 'atol'. This input cannot have"),
    (lambda m, a: m.linalg.pinv(a, rtol=a.sum()), [TALL], "with respect to argument 'rtol'"),
    (lambda m, a: m.linalg.pinv(a, 0.1, atol=0.1), [TALL], "linalg_pinv() received an invalid combination of"),
    (lambda m, a: m.linalg.matrix_exp(a), [TALL], "linalg.matrix_exp: A must be batches of square matrices, but they"),
    (lambda m, a: m.matrix_exp(a[0]), [TALL], "linalg.matrix_exp: The input tensor A must have at least 2 dim"),
    (lambda m, a: m.linalg.matrix_exp(a.long()), [SQ], "linalg.matrix_exp: Expected a floating point or complex"),
    (lambda m, a: m.linalg.cond(a[0]), [TALL], "linalg.cond: The input tensor must have at least 2 dimensions."),
    (lambda m, a: m.linalg.cond(a[0], "fro"), [TALL], "linalg.cond(ord=fro): The input tensor A must have at least"),
    (lambda m, a: m.linalg.cond(a, 3), [TALL], "linalg.cond got an invalid norm type: 3"),
    (lambda m, a: m.linalg.cond(a, 0.5), [TALL], "linalg.cond got an invalid norm type: 0.5"),
    (lambda m, a: m.linalg.cond(a, "foo"), [SQ], "linalg.cond got an invalid norm type: foo"),
    (lambda m, a: m.linalg.cond(a, "foo"), [TALL], "linalg.cond(ord=foo): A must be batches of square matrices"),
    (lambda m, a: m.linalg.cond(a, 1), [TALL], "linalg.cond(ord=1): A must be batches of square matrices, but they"),
    (lambda m, a: m.linalg.cond(a, 1.0), [TALL], "linalg.cond(ord=1.000000): A must be batches of square matrices"),
    (lambda m, a: m.linalg.cond(a, -INF), [TALL], "linalg.cond(ord=-inf): A must be batches of square matrices"),
    (lambda m, a: m.linalg.cond(a, "nuc"), [TALL], "linalg.cond(ord=nuc): A must be batches of square matrices"),
    (lambda m, a: m.linalg.cond(a.long()), [SQ], "linalg.svd: Expected a floating point or complex tensor as input"),
    (lambda m, a: m.linalg.cond(a.long(), "fro"), [SQ], "linalg.inv: Expected a floating point or complex tensor"),
    (lambda m, a: m.linalg.diagonal(a[0]), [TALL], "Dimension out of range (expected to be in range of [-1, 0], but"),
    (lambda m, a: m.linalg.tensorinv(a, 0), [SQ], "Expected a strictly positive integer for 'ind', but got 0"),
    (lambda m, a: m.linalg.tensorinv(a, 3), [SQ], "ArrayRef: invalid slice, N = 3; size = 2"),
    (lambda m, a: m.linalg.tensorinv(a, 1), [TALL],
     "Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got 3 != 4"),
    (lambda m, a: m.linalg.tensorinv(a * 0, 1), [SQ],
     "inv: The diagonal element 1 is zero, the inversion could not be completed because the input matrix is"),
    (lambda m, a: m.linalg.tensorinv(a.long(), 1), [SQ], "linalg.inv: Expected a floating point or complex tensor"),
    (lambda m, a: m.linalg.tensorsolve(a, a[0, :2]), [SQ],
     "requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got 3 != 2"),
    (lambda m, a: m.linalg.tensorsolve(a, a[0], dims=(5,)), [SQ], "Dimension out of range"),
    (lambda m, a: m.linalg.tensorsolve(a, a[0], dims=0), [SQ], "argument 'dims' must be tuple of ints, not int"),
    (lambda m, a: m.linalg.tensorsolve(a, a[0].float()), [SQ], "linalg.solve: Expected A and B to have the same"),
    (lambda m, a: m.linalg.tensorsolve(a * 0, a[0]), [SQ],
     "torch.linalg.solve: The solver failed because the input matrix is singular."),
    (lambda m, a: m.qr(a.long()), [SQ], "linalg.qr: Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, a: a[0].qr(), [SQ], "linalg.qr: The input tensor A must have at least 2 dimensions."),
    (lambda m, a: m.qr(a, some=False)[0].sum().backward(), [TALL],
     "The QR decomposition is not differentiable when mode='complete' and nrows > ncols."),
]


@pytest.mark.parametrize("fn,inputs,phrase", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors(fn, inputs, phrase):
    assert_same_error(fn, *inputs, phrase=phrase)


def test_linalg_errors_are_linalg_errors():
    for fn in (lambda m: m.linalg.tensorinv(m.zeros(2, 2), 1),
               lambda m: m.linalg.tensorsolve(m.zeros(2, 2), m.ones(2))):
        with pytest.raises(pullback.linalg.LinAlgError):
            fn(pullback)
        with pytest.raises(torch.linalg.LinAlgError):
            fn(torch)


def test_inputs_are_left_unchanged():
    a, b = pullback.tensor(TALL), pullback.tensor(r(4, 2))
    before = a.numpy().copy(), b.numpy().copy()
    pullback.linalg.lstsq(a, b, driver="gelsd")
    pullback.linalg.pinv(a)
    pullback.linalg.cond(a[:3], "fro")
    pullback.linalg.matrix_exp(a[:3])
    assert np.array_equal(a.numpy(), before[0]) and np.array_equal(b.numpy(), before[1])
    assert_close(a, before[0], 0, 0)


@pytest.mark.parametrize("fn", [lambda m, a: m.linalg.svdvals(a), lambda m, a: m.linalg.matrix_norm(a, "nuc"),
                                lambda m, a: m.linalg.svd(a), lambda m, a: m.linalg.pinv(a), lambda m, a: m.linalg.cond(a),
                                lambda m, a: m.linalg.matrix_rank(a)])
def test_svd_of_non_finite_input_raises_torchs_linalg_error(fn):
    for m in (pullback, torch):
        with pytest.raises(m.linalg.LinAlgError, match="linalg.svd: The algorithm failed to converge because the input "
                                                       "matrix contained non-finite values."):
            fn(m, m.tensor([[float("nan"), 1.0], [2.0, 3.0]]))


def test_log_determinant_gradient_of_a_singular_matrix_is_torchs_inf_and_nan():
    grads = []
    for m in (pullback, torch):
        a = m.tensor([[1.0, 2.0], [2.0, 4.0]], requires_grad=True)
        m.logdet(a).backward()
        b = m.zeros(3, 3, requires_grad=True)
        m.linalg.slogdet(b).logabsdet.backward()
        grads.append((a.grad.tolist(), b.grad.tolist()))
    assert str(grads[0]) == str(grads[1])
