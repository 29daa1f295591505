"""LU, Cholesky, triangular and Householder factorizations and their solvers against torch: values
(pivots and infos included), dtypes, node names, 1st/2nd-order grads, finite differences, LAPACK's
failure states, deprecation warnings, out= and errors."""
import pickle
import re
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd, spd

RNG = np.random.default_rng(3)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def chol(m, x):
    return m.linalg.cholesky(spd(m, x))


def geqrf_arrays(*shape):
    """geqrf's (a, tau) of a random matrix, as arrays: Householder vectors and scales to start from."""
    a, tau = np.linalg.qr(r(*shape), mode="raw")
    return np.swapaxes(a, -1, -2).copy(), tau


def diagonal_dominant(*shape):
    n = shape[-1]
    return r(*shape) + n * np.eye(n)


SQ = r(3, 3)
HA, HT = geqrf_arrays(5, 3)
HA2, HT2 = geqrf_arrays(2, 4, 4)

FACTORIZATIONS = [
    ("lu_factor", lambda m, x: m.linalg.lu_factor(x), [SQ]),
    ("lu_factor_batched", lambda m, x: m.linalg.lu_factor(x), [r(2, 4, 4)]),
    ("lu_factor_wide", lambda m, x: m.linalg.lu_factor(x), [r(3, 5)]),
    ("lu_factor_tall", lambda m, x: m.linalg.lu_factor(x), [r(5, 3)]),
    ("lu_factor_ex", lambda m, x: m.linalg.lu_factor_ex(x), [SQ]),
    ("lu_factor_ex_check_errors", lambda m, x: m.linalg.lu_factor_ex(x, pivot=True, check_errors=True), [r(2, 3, 3)]),
    ("lu", lambda m, x: m.linalg.lu(x), [SQ]),
    ("lu_wide_batched", lambda m, x: m.linalg.lu(x), [r(2, 3, 5)]),
    ("lu_tall", lambda m, x: m.linalg.lu(x), [r(5, 3)]),
    ("lu_L", lambda m, x: m.linalg.lu(x).L, [SQ]),
    ("lu_U", lambda m, x: m.linalg.lu(x, pivot=True).U, [SQ]),
    ("lu_U_tall", lambda m, x: m.linalg.lu(x).U, [r(5, 3)]),
    ("lu_L_tall", lambda m, x: m.linalg.lu(x).L, [r(5, 3)]),
    ("lu_L_wide", lambda m, x: m.linalg.lu(x).L, [r(3, 5)]),
    ("lu_U_wide", lambda m, x: m.linalg.lu(x).U, [r(3, 5)]),
    ("lu_unpack", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)), [SQ]),
    ("lu_unpack_wide", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)), [r(3, 5)]),
    ("lu_unpack_tall_batched", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)), [r(2, 5, 3)]),
    ("lu_unpack_L_tall", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)).L, [r(5, 3)]),
    ("lu_unpack_U_tall", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)).U, [r(5, 3)]),
    ("lu_unpack_L_wide", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)).L, [r(3, 5)]),
    ("lu_unpack_U_wide", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)).U, [r(3, 5)]),
    ("lu_unpack_data_only", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x), unpack_pivots=False), [SQ]),
    ("lu_unpack_pivots_only", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x), unpack_data=False).P, [SQ]),
    ("lu_unpack_pivots_broadcast", lambda m, x: m.lu_unpack(x, m.linalg.lu_factor(x[0]).pivots), [r(2, 3, 3)]),
    ("lu_solve", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b), [SQ, r(3, 2)]),
    ("lu_solve_adjoint", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b, adjoint=True), [SQ, r(3, 2)]),
    ("lu_solve_right", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b, left=False), [SQ, r(2, 3)]),
    ("lu_solve_right_adjoint", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b, left=False,
                                                                 adjoint=True), [SQ, r(2, 3)]),
    ("lu_solve_broadcast", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b), [SQ, r(2, 3, 2)]),
    ("lu_solve_batched", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b, adjoint=True),
     [r(2, 3, 3), r(4, 1, 3, 2)]),
    ("lu_solve_leaf_lu", lambda m, a, b: m.linalg.lu_solve(a, m.tensor([3, 2, 3], dtype=m.int32), b),
     [diagonal_dominant(3, 3), r(3, 2)]),
    ("torch_lu", lambda m, x: m.lu(x), [SQ]),
    ("torch_lu_get_infos", lambda m, x: m.lu(x, get_infos=True), [r(2, 3, 3)]),
    ("torch_lu_no_pivot_keyword", lambda m, x: m.lu(x, pivot=True), [r(3, 4)]),
    ("tensor_lu", lambda m, x: x.lu(), [SQ]),
    ("tensor_lu_get_infos", lambda m, x: x.lu(get_infos=True), [SQ]),
    ("torch_lu_solve", lambda m, a, b: m.lu_solve(b, *m.linalg.lu_factor(a)), [SQ, r(3, 2)]),
    ("tensor_lu_solve", lambda m, a, b: b.lu_solve(*m.linalg.lu_factor(a)), [r(2, 3, 3), r(2, 3, 2)]),
    ("triangular_solve", lambda m, a, b: m.triangular_solve(b, a), [diagonal_dominant(3, 3), r(3, 2)]),
    ("triangular_solve_solution", lambda m, a, b: m.triangular_solve(b, a).solution, [diagonal_dominant(3, 3),
                                                                                     r(3, 2)]),
    ("triangular_solve_coefficient", lambda m, a, b: m.triangular_solve(b, a).cloned_coefficient,
     [diagonal_dominant(3, 3), r(3, 2)]),
    ("triangular_solve_lower_transpose", lambda m, a, b: m.triangular_solve(b, a, upper=False, transpose=True),
     [diagonal_dominant(3, 3), r(3, 2)]),
    ("triangular_solve_unit", lambda m, a, b: b.triangular_solve(a, False, False, True), [SQ, r(3, 2)]),
    ("triangular_solve_upper_unit_transpose", lambda m, a, b: m.triangular_solve(b, a, True, True, True),
     [SQ, r(3, 1)]),
    ("triangular_solve_broadcast_b", lambda m, a, b: m.triangular_solve(b, a, True, True),
     [diagonal_dominant(3, 3), r(2, 3, 2)]),
    ("triangular_solve_broadcast_a", lambda m, a, b: m.triangular_solve(b, a), [diagonal_dominant(2, 3, 3), r(3, 2)]),
    ("cholesky_solve", lambda m, a, b: m.cholesky_solve(b, chol(m, a)), [SQ, r(3, 2)]),
    ("cholesky_solve_upper", lambda m, a, b: b.cholesky_solve(chol(m, a).mT, upper=True), [SQ, r(3, 2)]),
    ("cholesky_solve_broadcast", lambda m, a, b: m.cholesky_solve(b, chol(m, a)), [SQ, r(2, 3, 2)]),
    ("cholesky_solve_batched", lambda m, a, b: m.cholesky_solve(b, chol(m, a).mT, True), [r(2, 3, 3), r(3, 1)]),
    ("cholesky_inverse", lambda m, a: m.cholesky_inverse(chol(m, a)), [SQ]),
    ("cholesky_inverse_upper", lambda m, a: chol(m, a).mT.cholesky_inverse(True), [r(2, 3, 3)]),
    ("cholesky", lambda m, a: m.cholesky(spd(m, a)), [SQ]),
    ("cholesky_upper_batched", lambda m, a: spd(m, a).cholesky(upper=True), [r(2, 3, 3)]),
    ("cholesky_ex", lambda m, a: m.linalg.cholesky_ex(spd(m, a)), [SQ]),
    ("cholesky_ex_upper", lambda m, a: m.linalg.cholesky_ex(spd(m, a), upper=True, check_errors=True), [r(2, 3, 3)]),
    ("inv_ex", lambda m, a: m.linalg.inv_ex(a), [SQ]),
    ("inv_ex_batched", lambda m, a: m.linalg.inv_ex(a, check_errors=True), [r(2, 3, 3)]),
    ("solve_ex", lambda m, a, b: m.linalg.solve_ex(a, b), [SQ, r(3)]),
    ("solve_ex_right", lambda m, a, b: m.linalg.solve_ex(a, b, left=False, check_errors=True), [SQ, r(2, 3)]),
    ("logdet", lambda m, a: m.logdet(spd(m, a)), [SQ]),
    ("logdet_method", lambda m, a: spd(m, a).logdet(), [r(4, 3, 3)]),
    ("householder_product", lambda m, a, t: m.linalg.householder_product(a, t), [HA, HT]),
    ("householder_product_batched", lambda m, a, t: m.linalg.householder_product(a, t), [HA2, HT2]),
    ("householder_product_fewer_tau", lambda m, a, t: m.linalg.householder_product(a, t), [HA, HT[:2]]),
    ("orgqr", lambda m, a, t: a.orgqr(t), [HA, HT]),
    ("torch_orgqr", lambda m, a, t: m.orgqr(a, t), [HA2, HT2]),
    ("ormqr", lambda m, a, t, c: m.ormqr(a, t, c), [HA, HT, r(5, 2)]),
    ("ormqr_transpose", lambda m, a, t, c: m.ormqr(a, t, c, transpose=True), [HA, HT, r(5, 2)]),
    ("ormqr_right", lambda m, a, t, c: m.ormqr(a, t, c, left=False), [HA, HT, r(2, 5)]),
    ("ormqr_right_transpose", lambda m, a, t, c: a.ormqr(t, c, False, True), [HA, HT, r(2, 5)]),
    ("ormqr_batched", lambda m, a, t, c: m.ormqr(a, t, c), [HA2, HT2, r(2, 4, 3)]),
    ("lu_factor_float32", lambda m, x: m.linalg.lu_factor(x), [r(2, 4, 4, dtype=np.float32)]),
    ("lu_float32", lambda m, x: m.linalg.lu(x), [r(3, 4, dtype=np.float32)]),
    ("lu_solve_float32", lambda m, a, b: m.linalg.lu_solve(*m.linalg.lu_factor(a), b),
     [r(3, 3, dtype=np.float32), r(3, 2, dtype=np.float32)]),
    ("triangular_solve_float32", lambda m, a, b: m.triangular_solve(b, a),
     [diagonal_dominant(3, 3).astype(np.float32), r(3, 2, dtype=np.float32)]),
    ("cholesky_solve_float32", lambda m, a, b: m.cholesky_solve(b, chol(m, a)),
     [r(3, 3, dtype=np.float32), r(3, 2, dtype=np.float32)]),
    ("cholesky_inverse_float32", lambda m, a: m.cholesky_inverse(chol(m, a)), [r(3, 3, dtype=np.float32)]),
    ("logdet_float32", lambda m, a: m.logdet(spd(m, a)), [r(3, 3, dtype=np.float32)]),
    ("ormqr_float32", lambda m, a, t, c: m.ormqr(a, t, c), [HA.astype(np.float32), HT.astype(np.float32),
                                                           r(5, 2, dtype=np.float32)]),
]

# torch's gradient here includes the triangle the forward never reads (so no finite-difference check)
UNREAD_TRIANGLE = [
    ("cholesky_inverse_leaf", lambda m, a: m.cholesky_inverse(a), [np.tril(diagonal_dominant(3, 3))]),
    ("cholesky_solve_leaf", lambda m, a, b: m.cholesky_solve(b, a, upper=True),
     [np.triu(diagonal_dominant(3, 3)), r(3, 2)]),
]

NONDIFFERENTIABLE = ("P", "pivots", "info")


def differentiable_outputs(fn):
    """fn with only its floating outputs that take a gradient (no permutation, pivots or infos)."""
    def outputs(m, *xs):
        out = fn(m, *xs)
        if not isinstance(out, tuple):
            return out
        fields = getattr(out, "_fields", None) or ("",) * len(out)
        return [o for f, o in zip(fields, out) if f not in NONDIFFERENTIABLE and o.is_floating_point()]
    return outputs


def atol(inputs):
    return 1e-4 if inputs[0].dtype == np.float32 else 1e-8


TABLE = FACTORIZATIONS + UNREAD_TRIANGLE


@pytest.fixture(autouse=True)
def quiet_deprecations():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[s[0] for s in TABLE])
def test_against_torch(name, fn, inputs):
    # slogdet's gradient (logdet's) is an inverse without grad mode, a solve with it (as in torch)
    check(fn, *inputs, atol=atol(inputs), plain_exact=not name.startswith("logdet"))


FD = [s for s in FACTORIZATIONS if s[2][0].dtype == np.float64 and s[0] != "lu_unpack_pivots_only"]


@pytest.mark.parametrize("name,fn,inputs", FD, ids=[s[0] for s in FD])
def test_finite_differences(name, fn, inputs):
    gradcheck_fd(differentiable_outputs(fn), *inputs)


SINGULAR_Z = np.stack([np.eye(3), np.zeros((3, 3))])
NOT_PD = np.array([[4., 2, 1, 0], [2, 5, 3, 1], [1, 3, 1, 2], [0, 1, 2, 3]])  # fails at order 3

# LAPACK's failure states torch returns: infos, the factor as far as it got, inf / nan from a zero pivot
FAILURES = [
    ("lu_factor_ex_zero_pivot", lambda m, x: m.linalg.lu_factor_ex(x), [np.diag([1., 0, 0])]),
    ("lu_factor_ex_zero_column", lambda m, x: m.linalg.lu_factor_ex(x), [np.array([[0., 1], [0, 2], [0, 3]])]),
    ("lu_factor_ex_wide_zero_column", lambda m, x: m.linalg.lu_factor_ex(x), [np.array([[0., 1, 3], [0, 2, 5]])]),
    ("lu_factor_ex_batched", lambda m, x: m.linalg.lu_factor_ex(x), [SINGULAR_Z]),
    ("lu_singular", lambda m, x: m.linalg.lu(x), [SINGULAR_Z]),
    ("torch_lu_singular", lambda m, x: m.lu(x), [SINGULAR_Z]),  # torch.lu never raises for a zero pivot
    ("torch_lu_singular_infos", lambda m, x: m.lu(x, get_infos=True), [SINGULAR_Z]),
    ("inv_ex_singular", lambda m, x: m.linalg.inv_ex(x), [SINGULAR_Z]),
    ("inv_ex_zero_pivot", lambda m, x: m.linalg.inv_ex(x), [np.diag([1., 0, 0])]),
    ("solve_ex_singular", lambda m, a, b: m.linalg.solve_ex(a, b), [np.diag([1., 0, 0]), r(3, 3)]),
    ("solve_ex_singular_batched", lambda m, a, b: m.linalg.solve_ex(a, b), [SINGULAR_Z, r(2, 3)]),
    ("solve_ex_singular_right", lambda m, a, b: m.linalg.solve_ex(a, b, left=False), [SINGULAR_Z, r(2, 2, 3)]),
    ("cholesky_ex_not_pd", lambda m, x: m.linalg.cholesky_ex(x), [NOT_PD]),
    ("cholesky_ex_not_pd_upper", lambda m, x: m.linalg.cholesky_ex(x, upper=True),
     [np.array([[4., 2, 1], [2, 1, 3], [1, 3, 5]])]),
    ("cholesky_ex_batched", lambda m, x: m.linalg.cholesky_ex(x), [np.stack([np.eye(3), -np.eye(3)])]),
    ("cholesky_ex_nan", lambda m, x: m.linalg.cholesky_ex(x), [np.diag([1., np.nan, 1.])]),
    ("logdet_negative", lambda m, x: m.logdet(x), [np.diag([1., -2, 3])]),
    ("logdet_singular", lambda m, x: m.logdet(x), [np.diag([1., 0, 3])]),
    ("logdet_batched_signs", lambda m, x: m.logdet(x), [np.stack([np.diag([1., -2, 3]), np.diag([1., 2, 3])])]),
]


@pytest.mark.parametrize("name,fn,inputs", FAILURES, ids=[s[0] for s in FAILURES])
def test_failure_states(name, fn, inputs):
    check(fn, *inputs, atol=1e-8, requires_grad=[False] * len(inputs))


def test_logdet_negative_determinant_gradient():
    """nan where the determinant is negative, and the gradient of where: none to those matrices."""
    x = np.stack([np.diag([1., -2, 3]), diagonal_dominant(3, 3)])
    check(lambda m, a: m.logdet(a), x, atol=1e-8, plain_exact=False)


EMPTY = [
    ("lu_factor_empty", lambda m, x: m.linalg.lu_factor(x), [r(0, 3)]),
    ("lu_factor_ex_empty_batch", lambda m, x: m.linalg.lu_factor_ex(x), [r(2, 0, 0)]),
    ("lu_empty", lambda m, x: m.linalg.lu(x), [r(0, 3)]),
    ("lu_unpack_empty", lambda m, x: m.lu_unpack(*m.linalg.lu_factor(x)), [r(0, 0)]),
    ("logdet_empty", lambda m, x: m.logdet(x), [r(0, 0)]),
    ("householder_product_no_tau", lambda m, a, t: m.linalg.householder_product(a, t), [r(4, 3), r(0)]),
    ("geqrf_empty", lambda m, x: m.geqrf(x), [r(0, 3)]),
]


@pytest.mark.parametrize("name,fn,inputs", EMPTY, ids=[s[0] for s in EMPTY])
def test_empty(name, fn, inputs):
    check(fn, *inputs, requires_grad=[name != "geqrf_empty"] * len(inputs), gradgrad=False)


GEQRF = [
    ("tall", lambda m, x: m.geqrf(x), [r(4, 3)]),
    ("wide_batched", lambda m, x: x.geqrf(), [r(2, 3, 5)]),
    ("float32", lambda m, x: m.geqrf(x), [r(3, 3, dtype=np.float32)]),
]


@pytest.mark.parametrize("name,fn,inputs", GEQRF, ids=[s[0] for s in GEQRF])
def test_geqrf(name, fn, inputs):
    """LAPACK's geqrf: values and node (GeqrfBackward0 on both outputs), which has no derivative."""
    check(fn, *inputs, atol=atol(inputs), grad=False)
    assert_same_error(lambda m, x: fn(m, x).a.sum().backward(), *inputs,
                      phrase="the derivative for 'geqrf' is not implemented.")


def symmetric(*shape):
    x = r(*shape)
    return x + np.swapaxes(x, -1, -2)


LDL = [
    ("factor", lambda m, x: m.linalg.ldl_factor(x), [symmetric(4, 4)]),
    ("factor_2x2_pivots", lambda m, x: m.linalg.ldl_factor(x), [np.array([[1., 2, 3], [2, 1, 4], [3, 4, 1]])]),
    ("factor_zero_diagonal", lambda m, x: m.linalg.ldl_factor(x), [np.array([[0., 1], [1, 0]])]),
    ("factor_reads_lower", lambda m, x: m.linalg.ldl_factor(x), [r(3, 3)]),
    ("factor_ex_batched", lambda m, x: m.linalg.ldl_factor_ex(x, hermitian=True), [symmetric(3, 6, 6)]),
    ("factor_ex_singular", lambda m, x: m.linalg.ldl_factor_ex(x), [SINGULAR_Z]),
    ("factor_float32", lambda m, x: m.linalg.ldl_factor(x), [symmetric(5, 5).astype(np.float32)]),
    ("factor_empty", lambda m, x: m.linalg.ldl_factor(x), [r(2, 0, 0)]),
    ("solve", lambda m, x, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), b), [symmetric(5, 5), r(5, 2)]),
    ("solve_2x2_pivots", lambda m, x, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), b),
     [np.array([[1., 2, 3], [2, 1, 4], [3, 4, 1]]), r(3, 1)]),
    ("solve_broadcast_b", lambda m, x, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), b, hermitian=True),
     [symmetric(4, 4), r(3, 4, 2)]),
    ("solve_broadcast_ld", lambda m, x, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), b), [symmetric(2, 4, 4),
                                                                                            r(4, 2)]),
    ("solve_int64_pivots", lambda m, x, b: m.linalg.ldl_solve(m.linalg.ldl_factor(x).LD,
                                                              m.linalg.ldl_factor(x).pivots.long(), b),
     [symmetric(4, 4), r(4, 3)]),
]


@pytest.mark.parametrize("name,fn,inputs", LDL, ids=[s[0] for s in LDL])
def test_ldl(name, fn, inputs):
    """LAPACK's sytrf / sytrs (Bunch-Kaufman): values, pivots and the node torch records without a derivative."""
    check(fn, *inputs, atol=atol(inputs), grad=False)


@pytest.mark.parametrize("fn,aten", [
    (lambda m, x: m.linalg.ldl_factor(x).LD, "linalg_ldl_factor_ex"),
    (lambda m, x: m.linalg.ldl_solve(*m.linalg.ldl_factor(x.detach()), x), "linalg_ldl_solve"),
])
def test_ldl_has_no_derivative(fn, aten):
    assert_same_error(lambda m, x: fn(m, x).sum().backward(), symmetric(3, 3),
                      phrase=f"derivative for aten::{aten} is not implemented")
    for m in (pullback, torch):
        fw = m.autograd.forward_ad
        with fw.dual_level(), pytest.raises(NotImplementedError, match=f"Trying to use forward AD with aten::{aten} "
                                                                        "that does not support it."):
            fn(m, fw.make_dual(m.tensor(symmetric(3, 3)), m.ones(3, 3, dtype=m.float64)))


def ldl_batch(count, n, dtype=np.float64):
    """A batch of symmetric matrices mixing the pivot kinds: random (1 x 1 and 2 x 2 blocks), a zero
    diagonal (a 2 x 2 block first), a zero row and column (singular: info > 0), diagonally dominant."""
    x = symmetric(count, n, n)
    if n:
        x[1::4, np.arange(n), np.arange(n)] = 0
        zero = RNG.integers(0, n, count)
        x[np.arange(2, count, 4), zero[2::4], :] = 0
        x[np.arange(2, count, 4), :, zero[2::4]] = 0
        x[3::4] += 2 * n * np.eye(n)
    return x.astype(dtype)


# a matrix at a time below 8 matrices (and n / 16 of them), the whole batch at once from there
LDL_BATCHES = [(40, 4), (25, 7), (12, 16), (5, 33), (9, 150), (2, 150), (9, 1), (6, 2), (3, 0), (0, 3)]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("count,n", LDL_BATCHES, ids=[f"{c}x{n}x{n}" for c, n in LDL_BATCHES])
def test_ldl_batches_against_torch(count, n, dtype):
    """The batch in one pass, each matrix its own pivots: LD, pivots and info as torch's, singular
    matrices (info > 0) beside regular ones; and the solve with the regular ones."""
    x = ldl_batch(count, n, dtype)
    tol = dict(atol=1e-3 if dtype == np.float32 else 1e-9, rtol=1e-4 if dtype == np.float32 else 1e-7)
    for hermitian in (False, True):
        out = check(lambda m, a: m.linalg.ldl_factor_ex(a, hermitian=hermitian), x, requires_grad=[False], **tol)
    if count >= 4 and n >= 2:  # the batch holds each kind of step
        pivots, info = out.pivots.numpy(), out.info.numpy()
        assert (pivots < 0).any() and (pivots > 0).any() and (info > 0).any() and (info == 0).any()
    regular = x[out.info.numpy() == 0]
    b = r(len(regular), n, 3, dtype=dtype)
    check(lambda m, a, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(a), b), regular, b, requires_grad=[False, False],
          **tol)
    check(lambda m, a, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(a), b[..., :1], hermitian=True), regular, b,
          requires_grad=[False, False], **tol)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("batch,n", [((4, 6), 9), ((2, 5), 60)])
def test_ldl_batch_is_each_matrix_on_its_own(batch, n, dtype):
    """Factoring and solving a batch at once gives each matrix's results alone, bit for bit (nans too,
    up to their sign), for batch shapes of more than one dim and LD broadcast against B."""
    x = ldl_batch(int(np.prod(batch)), n, dtype).reshape(batch + (n, n))
    x[0, 0, 3, 2] = x[0, 0, 2, 3] = np.nan
    x[1, 1, 4, 4] = np.inf
    b = r(*batch, n, 2, dtype=dtype)
    ld, pivots, info = (t.numpy() for t in pullback.linalg.ldl_factor_ex(pullback.tensor(x)))
    solved = pullback.linalg.ldl_solve(pullback.tensor(ld), pullback.tensor(pivots), pullback.tensor(b)).numpy()
    shared = pullback.linalg.ldl_solve(pullback.tensor(ld[0, :1]), pullback.tensor(pivots[0, :1]),
                                       pullback.tensor(b[0])).numpy()
    for i in np.ndindex(*batch):
        one = pullback.linalg.ldl_factor_ex(pullback.tensor(x[i]))
        np.testing.assert_array_equal(ld[i], one.LD.numpy())
        assert pivots[i].tolist() == one.pivots.tolist() and info[i] == one.info.item()
        alone = pullback.linalg.ldl_solve(one.LD, one.pivots, pullback.tensor(b[i])).numpy()
        np.testing.assert_array_equal(solved[i], alone)
        if i[0] == 0:
            np.testing.assert_array_equal(shared[i[1]], pullback.linalg.ldl_solve(
                pullback.tensor(ld[0, 0]), pullback.tensor(pivots[0, 0]), pullback.tensor(b[i])).numpy())


def test_ldl_solve_of_empty_matrices():
    """0 x 0 matrices, batched or not (the batch's size is not inferred from an empty reshape)."""
    for shape in [(3, 0, 0), (0, 0), (0, 4, 4)]:
        check(lambda m, a, b: m.linalg.ldl_solve(*m.linalg.ldl_factor(a), b), np.zeros(shape),
              np.zeros(shape[:-1] + (2,)), requires_grad=[False, False])


def test_geqrf_refuses_forward_mode_as_torch():
    for m in (pullback, torch):
        fw = m.autograd.forward_ad
        with fw.dual_level(), pytest.raises(NotImplementedError, match="Trying to use forward AD with geqrf that "
                                                                        "does not support it"):
            m.geqrf(fw.make_dual(m.tensor(SQ), m.ones(3, 3, dtype=m.float64)))


def test_pivots_are_lapacks():
    """1-based int32 pivots, the first of equal candidates taken, as LAPACK's getrf."""
    x = np.array([[1., 2, 3], [-3, 1, 0], [3, 0, 1]])
    out = check(lambda m, a: m.linalg.lu_factor(a), x, requires_grad=[False])
    assert out.pivots.dtype == pullback.int32 and out.pivots.tolist() == [2, 2, 3]


def test_factors_reconstruct_the_matrix():
    for x in (r(4, 4), r(3, 5), r(5, 3)):
        p, low, up = pullback.linalg.lu(pullback.tensor(x))
        np.testing.assert_allclose((p @ low @ up).numpy(), x, atol=1e-12)


def test_grad_fn_of_lu_factor_is_not_shared_by_its_pivots():
    x = pullback.tensor(r(3, 3), requires_grad=True)
    lu, pivots, info = pullback.linalg.lu_factor_ex(x)
    assert lu.grad_fn.name() == "LinalgLuFactorExBackward0"
    assert not pivots.requires_grad and not info.requires_grad and pivots.grad_fn is None


def test_unpack_skips_what_is_not_asked():
    lu, pivots = pullback.linalg.lu_factor(pullback.tensor(r(3, 3)))
    p, low, up = pullback.lu_unpack(lu, pivots, False, False)
    assert p.shape == low.shape == up.shape == (0,)


DEPRECATED = [
    ("lu", lambda m, a, b: m.lu(a), "torch.lu is deprecated in favor of torch.linalg.lu_factor"),
    ("Tensor.lu", lambda m, a, b: a.lu(), "torch.lu is deprecated in favor of torch.linalg.lu_factor"),
    ("lu_solve", lambda m, a, b: m.lu_solve(b, *m.linalg.lu_factor(a)),
     "torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand"),
    ("triangular_solve", lambda m, a, b: m.triangular_solve(b, a),
     "torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand"),
    ("cholesky", lambda m, a, b: m.cholesky(spd(m, a)),
     "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed"),
]


@pytest.mark.parametrize("name,fn,phrase", DEPRECATED, ids=[d[0] for d in DEPRECATED])
def test_deprecation_warned_once(name, fn, phrase):
    """torch warns once per process (TORCH_WARN_ONCE), naming the user's line."""
    a, b = pullback.tensor(diagonal_dominant(3, 3)), pullback.tensor(r(3, 2))
    pullback._runtime._warned.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn(pullback, a, b)
        fn(pullback, a, b)
    messages = [w for w in caught if phrase in str(w.message)]
    assert len(messages) == 1 and messages[0].category is UserWarning
    assert messages[0].filename == __file__


OUT = [
    ("linalg.lu_factor", lambda m, x, out: m.linalg.lu_factor(x, out=out), (np.float64, np.int32)),
    ("linalg.lu_factor_ex", lambda m, x, out: m.linalg.lu_factor_ex(x, out=out), (np.float64, np.int32, np.int32)),
    ("linalg.lu", lambda m, x, out: m.linalg.lu(x, out=out), (np.float64,) * 3),
    ("linalg.lu_solve", lambda m, x, out: m.linalg.lu_solve(*m.linalg.lu_factor(x), x, out=out[0]), (np.float64,)),
    ("linalg.inv_ex", lambda m, x, out: m.linalg.inv_ex(x, out=out), (np.float64, np.int32)),
    ("linalg.solve_ex", lambda m, x, out: m.linalg.solve_ex(x, x, out=out), (np.float64, np.int32)),
    ("linalg.cholesky_ex", lambda m, x, out: m.linalg.cholesky_ex(spd(m, x), out=out), (np.float64, np.int32)),
    ("linalg.householder_product", lambda m, x, out: m.linalg.householder_product(x, x[0], out=out[0]),
     (np.float64,)),
    ("lu_unpack", lambda m, x, out: m.lu_unpack(*m.linalg.lu_factor(x), out=out), (np.float64,) * 3),
    ("lu_solve", lambda m, x, out: m.lu_solve(x, *m.linalg.lu_factor(x), out=out[0]), (np.float64,)),
    ("triangular_solve", lambda m, x, out: m.triangular_solve(x, x, out=out), (np.float64,) * 2),
    ("cholesky_solve", lambda m, x, out: m.cholesky_solve(x, chol(m, x), out=out[0]), (np.float64,)),
    ("cholesky_inverse", lambda m, x, out: m.cholesky_inverse(chol(m, x), out=out[0]), (np.float64,)),
    ("cholesky", lambda m, x, out: m.cholesky(spd(m, x), out=out[0]), (np.float64,)),
    ("geqrf", lambda m, x, out: m.geqrf(x, out=out), (np.float64,) * 2),
    ("ormqr", lambda m, x, out: m.ormqr(x, x[0], x, out=out[0]), (np.float64,)),
    ("lu", lambda m, x, out: m.lu(x, out=out), (np.float64, np.int32)),
    ("linalg.ldl_factor", lambda m, x, out: m.linalg.ldl_factor(x + x.mT, out=out), (np.float64, np.int32)),
    ("linalg.ldl_factor_ex", lambda m, x, out: m.linalg.ldl_factor_ex(x + x.mT, out=out),
     (np.float64, np.int32, np.int32)),
    ("linalg.ldl_solve", lambda m, x, out: m.linalg.ldl_solve(*m.linalg.ldl_factor(x + x.mT), x, out=out[0]),
     (np.float64,)),
]


@pytest.mark.parametrize("name,fn,dtypes", OUT, ids=[o[0] for o in OUT])
def test_out(name, fn, dtypes):
    x = diagonal_dominant(3, 3)
    results = {}
    for m in (pullback, torch):
        out = [m.empty(0, dtype=getattr(m, np.dtype(d).name)) for d in dtypes]
        returned = fn(m, m.tensor(x), out if len(out) > 1 else out)
        returned = returned if isinstance(returned, (tuple, list)) else (returned,)
        assert all(a is b for a, b in zip(returned, out))  # the out= tensors themselves
        results[m] = type(returned).__name__, [np.asarray(o.tolist()) for o in out]
    assert results[pullback][0] == results[torch][0]
    for a, b in zip(results[pullback][1], results[torch][1]):
        np.testing.assert_allclose(a, b, atol=1e-10)


def test_out_dtype_is_exact_for_linalg():
    for dtype, phrase in ((np.int64, "Expected out tensor to have dtype int, but got long int instead"),):
        assert_same_error(lambda m, x: m.linalg.lu_factor(x, out=(m.empty(0, dtype=m.float64),
                                                                  m.empty(0, dtype=m.int64))),
                          SQ, requires_grad=[False], phrase=phrase)


@pytest.mark.parametrize("fn", [
    lambda m: m.linalg.lu_factor(m.eye(2) * 2),
    lambda m: m.linalg.lu_factor_ex(m.eye(2) * 2),
    lambda m: m.linalg.lu(m.eye(2) * 2),
    lambda m: m.lu_unpack(*m.linalg.lu_factor(m.eye(2) * 2)),
    lambda m: m.triangular_solve(m.ones(2, 1), m.eye(2) * 2),
    lambda m: m.geqrf(m.eye(2) * 2),
    lambda m: m.lu(m.eye(2) * 2, get_infos=True),
    lambda m: (m.eye(2) * 2).lu(get_infos=True),
    lambda m: m.linalg.inv_ex(m.eye(2) * 2),
    lambda m: m.linalg.solve_ex(m.eye(2) * 2, m.ones(2)),
    lambda m: m.linalg.cholesky_ex(m.eye(2) * 2),
    lambda m: m.linalg.ldl_factor(m.eye(2) * 2),
    lambda m: m.linalg.ldl_factor_ex(m.eye(2) * 2),
])
def test_results_print_as_torch(fn):
    assert repr(fn(pullback)) == repr(fn(torch))  # the named tuple (or plain tuple) and its fields


def test_named_results_pickle():
    result = pullback.linalg.lu_factor_ex(pullback.eye(2))
    again = pickle.loads(pickle.dumps(result))
    assert type(again) is type(result) and again.pivots.tolist() == [1, 2]


def test_householder_product_of_geqrf_is_qr():
    x = r(5, 3)
    a, tau = pullback.geqrf(pullback.tensor(x))
    q = pullback.linalg.householder_product(a, tau)
    np.testing.assert_allclose((q @ a.triu()[:3]).numpy(), x, atol=1e-12)
    full = pullback.ormqr(a, tau, pullback.eye(5, dtype=pullback.float64))
    np.testing.assert_allclose(full[:, :3].numpy(), q.numpy(), atol=1e-12)


ERRORS = [
    (lambda m, x: m.linalg.lu_factor(x), [np.diag([1., 0, 0])], RuntimeError,
     "torch.linalg.lu_factor: U[2,2] is zero and using it on lu_solve would result in a division by zero."),
    (lambda m, x: m.linalg.lu_factor(x), [SINGULAR_Z], RuntimeError, "lu_factor: (Batch element 1): U[1,1] is zero"),
    (lambda m, x: m.linalg.lu_factor_ex(x, check_errors=True), [SINGULAR_Z], RuntimeError,
     "torch.linalg.lu_factor_ex: (Batch element 1): U[1,1] is zero"),
    (lambda m, x: m.linalg.lu_factor(x[0]), [SQ], RuntimeError,
     "torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: [3] instead"),
    (lambda m, x: m.linalg.lu(x[0]), [SQ], RuntimeError, "linalg.lu: Expected tensor with 2 or more dimensions."),
    (lambda m, x: m.lu(x[0]), [SQ], RuntimeError, "torch.lu_factor: Expected tensor with 2 or more dimensions."),
    (lambda m, x: m.linalg.lu_factor(x.long()), [SQ], NotImplementedError, "\"lu_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.linalg.lu(x.long()), [SQ], NotImplementedError, "\"lu_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.linalg.lu_factor(x, pivot=False), [SQ], RuntimeError,
     "linalg.lu_factor: LU without pivoting is not implemented on the CPU"),
    (lambda m, x: m.linalg.lu(x, pivot=False), [SQ], RuntimeError, "LU without pivoting is not implemented on the CPU"),
    (lambda m, x: m.lu(x, pivot=False), [SQ], RuntimeError, "LU without pivoting is not implemented on the CPU"),
    (lambda m, x: m.lu_unpack(x, m.linalg.lu_factor(x).pivots.long()), [SQ], RuntimeError,
     "torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype."),
    (lambda m, x: m.lu_unpack(x, m.linalg.lu_factor(x).pivots + 5), [SQ], RuntimeError,
     "pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive."),
    (lambda m, x: m.lu_unpack(x[0], m.linalg.lu_factor(x).pivots), [SQ], RuntimeError,
     "torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: [3] instead"),
    (lambda m, x: m.linalg.lu_solve(*m.linalg.lu_factor(x), x.float()), [SQ], RuntimeError,
     "linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type Double and B of type Float"),
    (lambda m, x: m.linalg.lu_solve(*m.linalg.lu_factor(x), x[0]), [SQ], RuntimeError,
     "linalg.lu_solve: The input tensor B must have at least 2 dimensions."),
    (lambda m, x: m.linalg.lu_solve(*m.linalg.lu_factor(x), x[:2]), [SQ], RuntimeError,
     "linalg.lu_solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x3)"),
    (lambda m, x: m.linalg.lu_solve(*m.linalg.lu_factor(x), x[:, :2], left=False), [SQ], RuntimeError,
     "Incompatible shapes of A and B for the equation XA = B (3x3 and 3x2)"),
    (lambda m, x: m.linalg.lu_solve(m.linalg.lu_factor(x).LU, m.linalg.lu_factor(x).pivots.long(), x), [SQ],
     RuntimeError, "linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32"),
    (lambda m, x: m.linalg.lu_solve(m.linalg.lu_factor(x).LU, m.linalg.lu_factor(x).pivots[:2], x), [SQ],
     RuntimeError, "linalg.lu_solve: Number of pivots per batch should be same as the dimension of the matrix"),
    (lambda m, x: m.linalg.lu_solve(x.expand(2, 3, 3), m.linalg.lu_factor(x).pivots, x), [SQ], RuntimeError,
     "Expected LU.shape[:-1] and pivots.shape to be the same, but got pivots with shape [3] instead"),
    (lambda m, x: m.linalg.lu_solve(x[:, :2], m.linalg.lu_factor(x).pivots, x), [SQ], RuntimeError,
     "torch.linalg.lu_solve: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.linalg.lu_solve(x.long(), m.linalg.lu_factor(x).pivots, x.long()), [SQ], RuntimeError,
     "torch.linalg.lu_solve: Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, x: m.lu_solve(x[0], *m.linalg.lu_factor(x)), [SQ], RuntimeError,
     "linalg.lu_solve: The input tensor B must have at least 2 dimensions."),
    (lambda m, x: m.triangular_solve(x[0], x), [SQ], RuntimeError,
     "torch.triangular_solve: Expected b to have at least 2 dimensions, but it has 1 dimensions instead"),
    (lambda m, x: m.triangular_solve(x.float(), x), [SQ], RuntimeError,
     "Expected b and A to have the same dtype, but found b of type Float and A of type Double instead."),
    (lambda m, x: m.triangular_solve(x[:2], x), [SQ], RuntimeError,
     "Incompatible matrix sizes for triangular_solve: each A matrix is 3 by 3 but each b matrix is 2 by 3"),
    (lambda m, x: m.triangular_solve(x, x[:, :2]), [SQ], RuntimeError,
     "A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.triangular_solve(x.long(), x.long()), [SQ], NotImplementedError,
     "\"triangular_solve_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.cholesky_solve(x[0], x), [SQ], RuntimeError,
     "b should have at least 2 dimensions, but has 1 dimensions instead"),
    (lambda m, x: m.cholesky_solve(x.float(), x), [SQ], RuntimeError,
     "Expected b and A to have the same dtype, but found b of type Float and A of type Double instead."),
    (lambda m, x: m.cholesky_solve(x[:2], x), [SQ], RuntimeError,
     "Incompatible matrix sizes for cholesky_solve: each A matrix is 3 by 3 but each b matrix is 2 by 3"),
    (lambda m, x: m.cholesky_solve(x, x[:, :2]), [SQ], RuntimeError, "A must be batches of square matrices"),
    (lambda m, x: m.cholesky_solve(x.long(), x.long()), [SQ], NotImplementedError,
     "\"cholesky_solve_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.cholesky_inverse(x[0]), [SQ], RuntimeError,
     "cholesky_inverse: The input tensor A must have at least 2 dimensions."),
    (lambda m, x: m.cholesky_inverse(x[:, :2]), [SQ], RuntimeError,
     "cholesky_inverse: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.cholesky_inverse(x * 0), [SQ], pullback.linalg.LinAlgError,
     "cholesky_inverse: The diagonal element 1 is zero, the inversion could not be completed because the input"),
    (lambda m, x: m.cholesky_inverse(x.long()), [SQ], NotImplementedError,
     "\"cholesky_inverse_out_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.cholesky(x[:, :2]), [SQ], RuntimeError,
     "cholesky: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.cholesky(x[0]), [SQ], RuntimeError, "cholesky: The input tensor A must have at least 2 dimensions"),
    (lambda m, x: m.cholesky(x.long()), [SQ], NotImplementedError, "\"cholesky_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.cholesky(-m.eye(3, dtype=x.dtype)), [SQ], pullback.linalg.LinAlgError,
     "cholesky: The factorization could not be completed because the input is not positive-definite (the leading "
     "minor of order 1 is not positive-definite)."),
    (lambda m, x: m.cholesky(m.stack([m.eye(3, dtype=x.dtype), -m.eye(3, dtype=x.dtype)])), [SQ],
     pullback.linalg.LinAlgError, "cholesky: (Batch element 1): The factorization could not be completed"),
    (lambda m, x: m.linalg.cholesky(m.tensor(NOT_PD)), [SQ], pullback.linalg.LinAlgError,
     "linalg.cholesky: The factorization could not be completed because the input is not positive-definite (the "
     "leading minor of order 3 is not positive-definite)."),
    (lambda m, x: m.linalg.cholesky_ex(m.stack([m.eye(3), -m.eye(3)]), check_errors=True), [SQ],
     pullback.linalg.LinAlgError, "linalg.cholesky_ex: (Batch element 1): The factorization could not be completed"),
    (lambda m, x: m.linalg.cholesky_ex(x[:, :2]), [SQ], RuntimeError,
     "linalg.cholesky: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.linalg.cholesky_ex(x[:, :2], check_errors=True), [SQ], RuntimeError,
     "linalg.cholesky: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.linalg.inv_ex(x.long(), check_errors=True), [SQ], RuntimeError,
     "linalg.inv: Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, x: m.linalg.solve_ex(x, x.float(), check_errors=True), [SQ], RuntimeError,
     "linalg.solve: Expected A and B to have the same dtype, but found A of type Double and B of type Float"),
    (lambda m, x: m.linalg.inv(m.tensor(SINGULAR_Z)), [SQ], pullback.linalg.LinAlgError,
     "linalg.inv: (Batch element 1): The diagonal element 1 is zero, the inversion could not be completed"),
    (lambda m, x: m.linalg.inv_ex(m.tensor(SINGULAR_Z), check_errors=True), [SQ], pullback.linalg.LinAlgError,
     "linalg.inv_ex: (Batch element 1): The diagonal element 1 is zero"),
    (lambda m, x: m.linalg.inv_ex(x[:, :2]), [SQ], RuntimeError, "linalg.inv: A must be batches of square matrices"),
    (lambda m, x: m.linalg.solve(m.tensor(SINGULAR_Z), x[:2]), [SQ], pullback.linalg.LinAlgError,
     "torch.linalg.solve: (Batch element 1): The solver failed because the input matrix is singular."),
    (lambda m, x: m.linalg.solve_ex(m.tensor(SINGULAR_Z), x[:2], check_errors=True), [SQ],
     pullback.linalg.LinAlgError, "torch.linalg.solve_ex: (Batch element 1): The solver failed because the input"),
    (lambda m, x: m.linalg.solve_ex(x, x[0, :2]), [SQ], RuntimeError,
     "linalg.solve: Incompatible shapes of A and B for the equation AX = B (3x3 and 2x1)"),
    (lambda m, x: m.linalg.solve(x[None, :1, :1].expand(2, 1, 1), x[:2, :1], left=False), [SQ], RuntimeError,
     "linalg.solve: Vector broadcasting of the left hand side is not supported for left=False."),
    (lambda m, x: m.linalg.solve(x, x[0], left=False), [SQ], RuntimeError,
     "linalg.solve: Incompatible shapes of A and B for the equation XA = B (3x3 and 3x1)"),
    (lambda m, x: m.logdet(x.long()), [SQ], RuntimeError,
     "logdet: Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, x: m.logdet(x[:, :2]), [SQ], RuntimeError,
     "logdet: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.logdet(x[0]), [SQ], RuntimeError, "logdet: The input tensor A must have at least 2 dimensions."),
    (lambda m, x: m.geqrf(x[0]), [SQ], RuntimeError, "torch.geqrf: input must have at least 2 dimensions."),
    (lambda m, x: m.geqrf(x.long()), [SQ], NotImplementedError, "\"geqrf_cpu\" not implemented for 'Long'"),
    (lambda m, a, t: m.linalg.householder_product(a.mT, t), [HA, HT], RuntimeError,
     "torch.linalg.householder_product: input.shape[-2] must be greater than or equal to input.shape[-1]"),
    (lambda m, a, t: m.linalg.householder_product(a, m.cat([t, t])), [HA, HT], RuntimeError,
     "torch.linalg.householder_product: input.shape[-1] must be greater than or equal to tau.shape[-1]"),
    (lambda m, a, t: m.linalg.householder_product(a, t[None]), [HA, HT], RuntimeError,
     "Expected tau to have one dimension less than input, but got tau.ndim equal to 2 and input.ndim is equal to 2"),
    (lambda m, a, t: m.linalg.householder_product(a[0], t), [HA, HT], RuntimeError,
     "torch.linalg.householder_product: input must have at least 2 dimensions."),
    (lambda m, a, t: m.linalg.householder_product(a, t.float()), [HA, HT], RuntimeError,
     "torch.linalg.householder_product: tau dtype Float does not match input dtype Double"),
    (lambda m, a, t: m.linalg.householder_product(a, t[:1]), [HA2, HT2], RuntimeError,
     "Expected batch dimensions of tau to be equal to input.shape[:-2], but got [1]"),
    (lambda m, a, t: m.orgqr(a.long(), t.long()), [HA, HT], NotImplementedError,
     "\"orgqr_cpu\" not implemented for 'Long'"),
    (lambda m, a, t: m.ormqr(a, t, a.mT), [HA, HT], RuntimeError,
     "torch.ormqr: other.shape[-2] must be equal to input.shape[-2]"),
    (lambda m, a, t: m.ormqr(a, t, a, left=False), [HA, HT], RuntimeError,
     "torch.ormqr: other.shape[-1] must be equal to input.shape[-2]"),
    (lambda m, a, t: m.ormqr(a, m.cat([t, t]), a), [HA, HT], RuntimeError,
     "torch.ormqr: tau.shape[-1] must be equal to min(other.shape[-2], input.shape[-1])"),
    (lambda m, x: m.linalg.ldl_factor(m.tensor(SINGULAR_Z)), [SQ], RuntimeError,
     "torch.linalg.ldl_factor: Unknown error code: 1."),
    (lambda m, x: m.linalg.ldl_factor_ex(m.tensor(SINGULAR_Z), check_errors=True), [SQ], RuntimeError,
     "torch.linalg.ldl_factor_ex: Unknown error code: 1."),
    (lambda m, x: m.linalg.ldl_factor(x[0]), [SQ], RuntimeError,
     "torch.linalg.ldl_factor_ex: The input tensor A must have at least 2 dimensions."),
    (lambda m, x: m.linalg.ldl_factor(x[:, :2]), [SQ], RuntimeError,
     "torch.linalg.ldl_factor_ex: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, x: m.linalg.ldl_factor(x.long()), [SQ], RuntimeError,
     "torch.linalg.ldl_factor_ex: Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, x: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), x.float()), [SQ], RuntimeError,
     "Expected b and A to have the same dtype, but found b of type Float and A of type Double instead."),
    (lambda m, x: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), x[:2]), [SQ], RuntimeError,
     "Incompatible matrix sizes for torch.linalg.ldl_solve: each A matrix is 3 by 3 but each b matrix is 2 by 3"),
    (lambda m, x: m.linalg.ldl_solve(*m.linalg.ldl_factor(x), x[0]), [SQ], IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got -2)"),
    (lambda m, x: m.linalg.ldl_solve(m.linalg.ldl_factor(x).LD, m.linalg.ldl_factor(x).pivots.float(), x), [SQ],
     RuntimeError, "torch.linalg.ldl_solve: Expected pivots to be integers. Got Float"),
    (lambda m, x: m.linalg.ldl_solve(m.linalg.ldl_factor(x).LD, m.linalg.ldl_factor(x).pivots[None], x), [SQ],
     RuntimeError, "Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape [1, 3] instead"),
    (lambda m, x: m.linalg.ldl_solve(x[0], m.linalg.ldl_factor(x).pivots, x), [SQ], RuntimeError,
     "torch.linalg.ldl_solve: The input tensor A must have at least 2 dimensions."),
    (lambda m, x: m.linalg.ldl_solve(x[:, :2], m.linalg.ldl_factor(x).pivots, x), [SQ], RuntimeError,
     "torch.linalg.ldl_solve: A must be batches of square matrices, but they are 3 by 2 matrices"),
    (lambda m, a, t: m.ormqr(a[0], t, a), [HA, HT], RuntimeError, "ormqr: input must have at least 2 dimensions."),
    (lambda m, a, t: m.ormqr(a, t, a[0]), [HA, HT], RuntimeError, "ormqr: other must have at least 2 dimensions."),
    (lambda m, a, t: m.ormqr(a, t.float(), a), [HA, HT], RuntimeError,
     "torch.ormqr: Expected input and tau to have the same dtype, but input has dtypeDouble and tau has dtype Float"),
    (lambda m, a, t: m.ormqr(a, t, a.float()), [HA, HT], RuntimeError,
     "Expected input and other to have the same dtype, but input has dtypeDouble and other has dtype Float"),
    (lambda m, a, t: m.ormqr(a, t, a[0]), [HA2, HT2], RuntimeError,
     "Expected other to have the same number of dimensions as input, but got other.ndim equal to 2"),
    (lambda m, a, t: m.ormqr(a, t, a.expand(3, 2, 4, 4)[0, :1]), [HA2, HT2], RuntimeError,
     "Expected batch dimensions of other to be equal to input.shape[:-2], but got [1]"),
    (lambda m, a, t: m.ormqr(a, t[0], a), [HA2, HT2], RuntimeError,
     "Expected tau to have one dimension less than input, but got tau.ndim equal to 1 and input.ndim is equal to 3"),
]


@pytest.mark.parametrize("fn,inputs,error,phrase", ERRORS, ids=[e[3][:50] for e in ERRORS])
def test_errors(fn, inputs, error, phrase):
    assert_same_error(fn, *inputs, phrase=phrase, requires_grad=[False] * len(inputs))
    with pytest.raises(error):
        fn(pullback, *[pullback.tensor(x) for x in inputs])


def test_bad_input_changes_nothing():
    x = pullback.tensor(SINGULAR_Z)
    before, version = x.clone(), x._version
    with pytest.raises(RuntimeError):
        pullback.linalg.lu_factor(x)
    assert pullback.equal(x, before) and x._version == version


COVERED = ["lu", "lu_unpack", "lu_solve", "triangular_solve", "cholesky_solve", "cholesky_inverse", "cholesky",
           "logdet", "geqrf", "orgqr", "ormqr", "linalg.lu_factor", "linalg.lu_factor_ex", "linalg.lu",
           "linalg.lu_solve", "linalg.householder_product", "linalg.cholesky_ex", "linalg.inv_ex", "linalg.solve_ex",
           "linalg.ldl_factor", "linalg.ldl_factor_ex", "linalg.ldl_solve"]



@pytest.mark.parametrize("fn", [
    lambda m, h: m.linalg.lu_factor(h), lambda m, h: m.triangular_solve(h, h), lambda m, h: m.cholesky_solve(h, h),
    lambda m, h: m.cholesky_inverse(h), lambda m, h: m.linalg.householder_product(h, h[0]),
    lambda m, h: m.linalg.ldl_factor(h), lambda m, h: m.geqrf(h),
])
def test_half_precision_is_refused_as_torch(fn):
    messages = []
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(NotImplementedError) as info:
                fn(m, m.eye(3, dtype=m.float16))
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("pivots, phrase", [([0, 2, 3], "must all be greater or equal to 1"),
                                            ([4, 2, 3], "must all be smaller or equal to LU.size(-2)")])
def test_lu_solve_checks_its_pivots(pivots, phrase):
    for m in (pullback, torch):
        with pytest.raises(RuntimeError, match=re.escape(phrase)):
            m.linalg.lu_solve(m.eye(3) + 1, m.tensor(pivots, dtype=m.int32), m.ones(3, 1))


def test_cholesky_inverse_of_empty_matrices():
    for shape in ((0, 0), (3, 0, 0)):
        assert tuple(pullback.cholesky_inverse(pullback.zeros(*shape)).shape) == \
            tuple(torch.cholesky_inverse(torch.zeros(*shape)).shape)


@pytest.mark.parametrize("fn", [
    lambda m: m.linalg.lu_solve(*m.linalg.lu_factor(m.eye(3).expand(4, 1, 3, 3).clone()), m.ones(2, 1, 3, 2)),
    lambda m: m.linalg.ldl_solve(*m.linalg.ldl_factor(m.eye(3).expand(4, 3, 3).clone()), m.ones(2, 3, 2)),
])
def test_batches_that_do_not_broadcast_are_refused_as_torch(fn):
    messages = []
    for m in (pullback, torch):
        with pytest.raises(RuntimeError) as info:
            fn(m)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
