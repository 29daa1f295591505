"""Matrix products and torch.linalg against torch: values, dtypes, node names, 1st/2nd-order
grads, finite differences, broadcast matmul shapes (hypothesis) and errors."""
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import pullback
from oracle import assert_same_error, check, gradcheck_fd, spd, whole_graph

RNG = np.random.default_rng(2)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def sym(m, x):
    return x + x.mT


def gauge(u, vh=None):
    """Fix the sign of each singular/eigen vector (LAPACKs may differ by -1): first row positive."""
    s = u[..., :1, :].sign()
    return (u * s,) if vh is None else (u * s, vh * s.mT)


SQ = r(3, 3)
TALL = r(4, 3)
WIDE = r(2, 4)

PRODUCTS = [
    ("dot", lambda m, a, b: m.dot(a, b), [r(3), r(3)]),
    ("mv", lambda m, a, b: a.mv(b), [r(2, 3), r(3)]),
    ("mm", lambda m, a, b: m.mm(a, b), [r(2, 3), r(3, 4)]),
    ("bmm", lambda m, a, b: a.bmm(b), [r(2, 2, 3), r(2, 3, 4)]),
    ("matmul_1_1", lambda m, a, b: a @ b, [r(3), r(3)]),
    ("matmul_2_1", lambda m, a, b: m.matmul(a, b), [r(2, 3), r(3)]),
    ("matmul_1_2", lambda m, a, b: a @ b, [r(3), r(3, 4)]),
    ("matmul_2_2", lambda m, a, b: a.matmul(b), [r(2, 3), r(3, 4)]),
    ("matmul_3_3", lambda m, a, b: a @ b, [r(5, 2, 3), r(5, 3, 4)]),
    ("matmul_3_2", lambda m, a, b: a @ b, [r(5, 2, 3), r(3, 4)]),
    ("matmul_2_3", lambda m, a, b: a @ b, [r(2, 3), r(5, 3, 4)]),
    ("matmul_3_1", lambda m, a, b: a @ b, [r(5, 2, 3), r(3)]),
    ("matmul_1_3", lambda m, a, b: a @ b, [r(3), r(5, 3, 4)]),
    ("matmul_bcast", lambda m, a, b: a @ b, [r(2, 1, 2, 3), r(5, 3, 4)]),
    ("matmul_float32", lambda m, a, b: a @ b, [r(2, 2, 3, dtype=np.float32), r(3, 4, dtype=np.float32)]),
    ("rmatmul_const", lambda m, a: a @ m.ones(3, 2, dtype=m.float64), [r(4, 3)]),
    ("addmm", lambda m, x, a, b: m.addmm(x, a, b), [r(4), r(2, 3), r(3, 4)]),
    ("addmm_scaled", lambda m, x, a, b: x.addmm(a, b, beta=0.5, alpha=2.0), [r(2, 4), r(2, 3), r(3, 4)]),
    ("outer", lambda m, a, b: m.outer(a, b), [r(2), r(3)]),
    ("ger", lambda m, a, b: a.ger(b), [r(2), r(3)]),
    ("kron", lambda m, a, b: m.kron(a, b), [r(2, 2), r(3, 2)]),
    ("kron_mixed", lambda m, a, b: a.kron(b), [r(2), r(2, 3)]),
    ("tensordot", lambda m, a, b: m.tensordot(a, b, 1), [r(2, 3), r(3, 4)]),
    ("tensordot_lists", lambda m, a, b: m.tensordot(a, b, ([0, 2], [1, 0])), [r(2, 3, 4), r(4, 2, 5)]),
    ("tensordot_0", lambda m, a, b: m.tensordot(a, b, 0), [r(2), r(3)]),
]

EINSUMS = [
    ("ij,jk->ik", [r(2, 3), r(3, 4)]),
    ("ij,jk", [r(2, 3), r(3, 4)]),
    ("ij->ji", [r(2, 3)]),
    ("ii->i", [r(3, 3)]),
    ("ii", [r(3, 3)]),
    ("ij->", [r(2, 3)]),
    ("ij->j", [r(2, 3)]),
    ("i->", [r(3)]),
    ("bij,bjk->bik", [r(2, 2, 3), r(2, 3, 4)]),
    ("bhqd,bhkd->bhqk", [r(2, 2, 3, 4), r(2, 2, 5, 4)]),
    ("...ij,...jk", [r(2, 2, 3), r(3, 4)]),
    ("...i,...i->...", [r(2, 1, 3), r(4, 3)]),
    ("...ii->...i", [r(2, 3, 3)]),
    ("i...->...", [r(2, 3, 4)]),
    ("i,j->ij", [r(2), r(3)]),
    ("i,i", [r(3), r(3)]),
    ("ij,ij->i", [r(2, 3), r(2, 3)]),
    ("ij,ji->", [r(3, 3), r(3, 3)]),
    ("ijk->kji", [r(2, 3, 4)]),
    ("ij,jk,kl->il", [r(2, 3), r(3, 4), r(4, 2)]),
    ("ij,jk,kl,lm->im", [r(2, 3), r(3, 4), r(4, 2), r(2, 3)]),
    ("i,j,k->ijk", [r(2), r(3), r(4)]),
    ("abc,cd,dbe->ae", [r(2, 3, 4), r(4, 2), r(2, 3, 2)]),
    ("iij->j", [r(3, 3, 2)]),
    ("iji->j", [r(3, 2, 3)]),
    ("iijj->ij", [r(2, 2, 3, 3)]),
    ("ab,b...->a...", [r(2, 3), r(3, 2, 2)]),
    ("ij,kl->", [r(2, 3), r(3, 4)]),  # labels summed within one operand
    ("ijkl,jkm->ilm", [r(2, 3, 4, 2), r(3, 4, 3)]),
    ("ij,j->i", [r(1, 3), r(3)]),  # size-1 broadcasting between operands
    ("bij,bjk->bik", [r(1, 2, 3), r(4, 3, 2)]),
    ("ij,kl->ijkl", [r(2, 1), r(1, 3)]),
    ("Ab,bC->AC", [r(2, 3), r(3, 4)]),
    (" i j , j k -> i k ", [r(2, 3), r(3, 4)]),
    (",->", [r(), r()]),
    ("i,->i", [r(3), r()]),
]

DECOMPOSITIONS = [
    ("inv", lambda m, x: m.linalg.inv(spd(m, x)), [SQ]),
    ("inv_batched", lambda m, x: m.linalg.inv(x + 3 * m.eye(3, dtype=x.dtype)), [r(2, 3, 3)]),
    ("inverse", lambda m, x: m.inverse(x + 3 * m.eye(3, dtype=x.dtype)), [SQ]),
    ("inverse_method", lambda m, x: (x + 3 * m.eye(3, dtype=x.dtype)).inverse(), [SQ]),
    ("det", lambda m, x: m.linalg.det(x), [SQ]),
    ("det_batched", lambda m, x: m.det(x), [r(2, 3, 3)]),
    ("det_method", lambda m, x: x.det(), [SQ]),
    ("det_singular", lambda m, x: m.linalg.det(x @ m.diag(m.tensor([1.0, 2.0, 0.0], dtype=x.dtype)) @ x.mT), [SQ]),
    ("det_rank_deficient", lambda m, x: m.det(x[:, :2] @ x[:2]), [SQ]),
    ("det_empty", lambda m, x: m.linalg.det(x), [r(0, 0)]),
    ("det_zero_row", lambda m, x: m.det(x * m.tensor([[1.0], [1.0], [0.0]], dtype=x.dtype)), [SQ]),
    ("slogdet", lambda m, x: m.linalg.slogdet(x), [SQ]),
    ("slogdet_fn", lambda m, x: m.slogdet(x), [r(2, 2, 2)]),
    ("solve_matrix", lambda m, a, b: m.linalg.solve(spd(m, a), b), [SQ, r(3, 2)]),
    ("solve_vector", lambda m, a, b: m.linalg.solve(spd(m, a), b), [SQ, r(3)]),
    ("solve_batched_vector", lambda m, a, b: m.linalg.solve(spd(m, a), b), [r(2, 3, 3), r(2, 3)]),
    ("solve_broadcast", lambda m, a, b: m.linalg.solve(spd(m, a), b), [SQ, r(2, 3, 2)]),
    ("solve_right", lambda m, a, b: m.linalg.solve(spd(m, a), b, left=False), [SQ, r(2, 3)]),
    ("solve_right_batched", lambda m, a, b: m.linalg.solve(a + 3 * m.eye(3, dtype=a.dtype), b, left=False),
     [r(2, 3, 3), r(4, 3)]),
    ("cholesky", lambda m, x: m.linalg.cholesky(spd(m, x)), [SQ]),
    ("cholesky_upper", lambda m, x: m.linalg.cholesky(spd(m, x), upper=True), [r(2, 3, 3)]),
    ("qr_tall", lambda m, x: m.linalg.qr(x), [TALL]),
    ("qr_square", lambda m, x: m.linalg.qr(x), [SQ]),
    ("qr_wide", lambda m, x: m.linalg.qr(x), [WIDE]),
    ("qr_complete_wide", lambda m, x: m.linalg.qr(x, mode="complete"), [WIDE]),
    ("eigh", lambda m, x: (lambda w, v: (w,) + gauge(v))(*m.linalg.eigh(sym(m, x))), [SQ]),
    ("eigh_upper", lambda m, x: m.linalg.eigh(sym(m, x), UPLO="U").eigenvalues, [r(2, 3, 3)]),
    ("eigvalsh", lambda m, x: m.linalg.eigvalsh(sym(m, x)), [SQ]),
    ("svd_tall", lambda m, x: (lambda u, s, vh: (s,) + gauge(u, vh))(*m.linalg.svd(x, full_matrices=False)), [TALL]),
    ("svd_wide", lambda m, x: (lambda u, s, vh: (s,) + gauge(u, vh))(*m.linalg.svd(x, full_matrices=False)), [WIDE]),
    ("svd_square", lambda m, x: (lambda u, s, vh: (s,) + gauge(u, vh))(*m.linalg.svd(x)), [SQ]),
    ("svd_full_s", lambda m, x: m.linalg.svd(x).S, [TALL]),
    ("svdvals", lambda m, x: m.linalg.svdvals(x), [r(2, 4, 3)]),
    ("solve_triangular_upper", lambda m, a, b: m.linalg.solve_triangular(
        a + 3 * m.eye(3, dtype=a.dtype), b, upper=True), [SQ, r(3, 2)]),
    ("solve_triangular_lower_right", lambda m, a, b: m.linalg.solve_triangular(
        a + 3 * m.eye(3, dtype=a.dtype), b, upper=False, left=False), [r(2, 3, 3), r(4, 3)]),
    ("solve_triangular_unit", lambda m, a, b: m.linalg.solve_triangular(a, b, upper=False, unitriangular=True),
     [SQ, r(3, 1)]),
    ("matrix_power_3", lambda m, x: m.linalg.matrix_power(x, 3), [SQ]),
    ("matrix_power_5", lambda m, x: m.matrix_power(x, 5), [SQ]),
    ("matrix_power_1", lambda m, x: x.matrix_power(1), [SQ]),
    ("matrix_power_0", lambda m, x: m.linalg.matrix_power(x, 0), [r(2, 3, 3)]),
    ("matrix_power_neg", lambda m, x: m.linalg.matrix_power(spd(m, x), -2), [SQ]),
    ("matrix_power_batched", lambda m, x: m.linalg.matrix_power(x, 2), [r(2, 3, 3)]),
    ("multi_dot", lambda m, a, b, c: m.linalg.multi_dot([a, b, c]), [r(2, 3), r(3, 4), r(4, 2)]),
    ("multi_dot_vectors", lambda m, a, b, c: m.linalg.multi_dot([a, b, c]), [r(3), r(3, 4), r(4)]),
    ("vecdot", lambda m, a, b: m.linalg.vecdot(a, b), [r(2, 3), r(3)]),
    ("vecdot_dim", lambda m, a, b: m.linalg.vecdot(a, b, dim=0), [r(2, 3), r(2, 3)]),
    ("cross", lambda m, a, b: m.linalg.cross(a, b), [r(2, 3), r(2, 3)]),
    ("cross_bcast_dim", lambda m, a, b: m.linalg.cross(a, b, dim=0), [r(3, 2), r(3, 1)]),
    ("torch_cross", lambda m, a, b: m.cross(a, b, 1), [r(2, 3), r(1, 3)]),
    ("torch_cross_method", lambda m, a, b: a.cross(b, dim=-2), [r(2, 3, 4), r(2, 3, 4)]),
    ("torch_cross_first_dim_of_3", lambda m, a, b: m.cross(a, b), [r(2, 3, 3), r(2, 3, 3)]),
    ("inv_float32", lambda m, x: m.linalg.inv(spd(m, x)), [r(3, 3, dtype=np.float32)]),
    ("det_float32", lambda m, x: m.linalg.det(spd(m, x)), [r(3, 3, dtype=np.float32)]),
    ("svdvals_float32", lambda m, x: m.linalg.svdvals(x), [r(4, 3, dtype=np.float32)]),
    ("cholesky_float32", lambda m, x: m.linalg.cholesky(spd(m, x)), [r(3, 3, dtype=np.float32)]),
]

NORMS = [
    ("vector_norm", lambda m, x: m.linalg.vector_norm(x), [TALL]),
    ("vector_norm_ord", lambda m, x: m.linalg.vector_norm(x, 3, dim=1, keepdim=True), [TALL]),
    ("vector_norm_inf", lambda m, x: m.linalg.vector_norm(x, float("inf"), dim=0), [TALL]),
    ("vector_norm_1", lambda m, x: m.linalg.vector_norm(x, 1, dim=(0, 1)), [TALL]),
    ("norm_default", lambda m, x: m.linalg.norm(x), [r(2, 3, 4)]),
    ("norm_vec_ord", lambda m, x: m.linalg.norm(x, 1), [r(4)]),
    ("norm_dim", lambda m, x: m.linalg.norm(x, dim=1), [TALL]),
    ("norm_fro", lambda m, x: m.linalg.norm(x, "fro"), [TALL]),
    ("norm_nuc", lambda m, x: m.linalg.norm(x, "nuc"), [TALL]),
    ("norm_2", lambda m, x: m.linalg.norm(x, 2), [TALL]),
    ("matrix_norm_fro", lambda m, x: m.linalg.matrix_norm(x), [r(2, 4, 3)]),
    ("matrix_norm_nuc", lambda m, x: m.linalg.matrix_norm(x, "nuc"), [r(2, 4, 3)]),
    ("matrix_norm_nuc_keepdim", lambda m, x: m.linalg.matrix_norm(x, "nuc", dim=(0, 2), keepdim=True), [r(4, 2, 3)]),
    ("matrix_norm_1", lambda m, x: m.linalg.matrix_norm(x, 1), [TALL]),
    ("matrix_norm_-1", lambda m, x: m.linalg.matrix_norm(x, -1), [TALL]),
    ("matrix_norm_2", lambda m, x: m.linalg.matrix_norm(x, 2), [TALL]),
    ("matrix_norm_-2", lambda m, x: m.linalg.matrix_norm(x, -2), [r(2, 4, 3)]),
    ("matrix_norm_inf", lambda m, x: m.linalg.matrix_norm(x, float("inf")), [TALL]),
    ("matrix_norm_-inf_keepdim", lambda m, x: m.linalg.matrix_norm(x, -float("inf"), keepdim=True), [r(2, 4, 3)]),
    ("matrix_norm_dims", lambda m, x: m.linalg.matrix_norm(x, 1, dim=(2, 0)), [r(4, 2, 3)]),
]

COVERED = ["mm", "bmm", "mv", "dot", "matmul", "addmm", "outer", "ger", "kron", "tensordot", "einsum", "det",
           "inverse", "slogdet", "linalg.inv", "linalg.det", "linalg.slogdet", "linalg.solve", "linalg.cholesky",
           "linalg.qr", "linalg.eigh", "linalg.eigvalsh", "linalg.svd", "linalg.svdvals", "linalg.norm",
           "linalg.vector_norm", "linalg.matrix_norm", "linalg.matmul", "linalg.LinAlgError", "linalg.solve_triangular",
           "linalg.matrix_power", "matrix_power", "linalg.multi_dot", "linalg.vecdot", "linalg.cross",
           "linalg.matrix_rank", "cross", "cdist"]

TABLE = PRODUCTS + DECOMPOSITIONS + NORMS


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[s[0] for s in TABLE])
def test_against_torch(name, fn, inputs):
    # det's and slogdet's gradients are an inverse without grad mode, a solve with it (as in torch)
    check(fn, *inputs, atol=1e-5 if inputs[0].dtype == np.float32 else 1e-8,
          plain_exact=not name.startswith(("det", "slogdet")))


@pytest.mark.parametrize("name,fn,inputs", TABLE, ids=[s[0] for s in TABLE])
def test_finite_differences(name, fn, inputs):
    gradcheck_fd(fn, *inputs)


@pytest.mark.parametrize("equation,inputs", EINSUMS, ids=[e[0] for e in EINSUMS])
def test_einsum(equation, inputs):
    check(lambda m, *xs: m.einsum(equation, *xs), *inputs, atol=1e-8)
    gradcheck_fd(lambda m, *xs: m.einsum(equation, *xs), *inputs)


def test_einsum_operand_forms():
    a, b = r(2, 1, 2, 3), r(4, 3, 2)
    check(lambda m, x, y: m.einsum("...ij,...jk->...ik", [x, y]), a, b)
    check(lambda m, x, y: m.einsum("...ij,...jk->...ik", (x, y)), a, b)
    check(lambda m, x, y: m.einsum(x, [0, 1], y, [1, 2], [0, 2]), r(2, 3), r(3, 4))
    check(lambda m, x, y: m.einsum(x, [0, 1], y, [1, 27]), r(2, 3), r(3, 4))
    check(lambda m, x, y: m.einsum(x, [Ellipsis, 0, 1], y, [1, 2], [Ellipsis, 2]), r(2, 2, 3), r(3, 4))
    check(lambda m, x, y: m.einsum("ij,jk", x, y), r(2, 3), r(3, 4), requires_grad=(False, True))
    check(lambda m, x, y: m.einsum("i,j->ij", x.long(), y), r(2), r(3), requires_grad=(False, True))


GRAPH_EINSUMS = ["ij,jk->ik", "ij->ji", "ij->", "i,j->ij", "ii->i", "iij->j", "bij,bjk->bik", "...ij,...jk",
                 "ij,ij->i", "ij,jk,kl->il", "ab,b...->a...", "ij,kl->", "bhqd,bhkd->bhqk", "iji->j", "ij,ji->"]


@pytest.mark.parametrize("equation", GRAPH_EINSUMS)
def test_einsumwhole_graph(equation):
    """The whole graph (torch's composite of views, diagonals, sums, bmm and mul), and that of
    each gradient under create_graph, is torch's."""
    inputs = next(xs for e, xs in EINSUMS if e == equation)
    graphs = {}
    for m in (pullback, torch):
        xs = [m.tensor(x, requires_grad=True) for x in inputs]
        out = m.einsum(equation, *xs)
        grads = m.autograd.grad(out, xs, m.ones_like(out), create_graph=True)
        graphs[m] = [whole_graph(out.grad_fn)] + [whole_graph(g.grad_fn) for g in grads]
    assert graphs[pullback] == graphs[torch]


EINSUM_ERRORS = [
    ("ij,jk", [r(2, 3)], "fewer operands were provided than specified"),
    ("ij", [r(2, 3), r(3)], "more operands were provided than specified"),
    ("ijk", [r(2, 3)], "(3) does not match the number of dimensions (2) for operand 0 and no ellipsis"),
    ("...ijk", [r(2, 3)], "(3) is more than the number of dimensions (2) for operand 0"),
    ("ii", [r(2, 3)], "subscript i is repeated for operand 0 but the sizes don't match, 3 != 2"),
    ("i1", [r(2, 3)], "invalid subscript given at index 1 in the equation string"),
    ("ij->i1", [r(2, 3)], "invalid subscript given at index 5 in the equation string"),
    ("ij->k", [r(2, 3)], "output subscript k does not appear in the equation for any input operand"),
    ("ij->ii", [r(2, 3)], "output subscript i appears more than once in the output"),
    ("i.j", [r(2, 3)], "found '.' for operand 0 that is not part of any ellipsis"),
    ("...i...", [r(2, 3)], "found '.' for operand 0 for which an ellipsis was already found"),
    ("...->......", [r(2, 3)], "found '.' for output but an ellipsis (...) was already found"),
    ("ij->i.", [r(2, 3)], "found '.' for output that is not part of any ellipsis (...)"),
    ("...i,...i", [r(2, 3), r(4, 3)], "does not broadcast with previously seen ellipsis with size 2"),
    ("ij,jk->ik", [r(2, 3), r(3, 4, dtype=np.float32)], "expected scalar type Double but found Float"),
]


@pytest.mark.parametrize("equation,inputs,phrase", EINSUM_ERRORS, ids=[e[0] for e in EINSUM_ERRORS])
def test_einsum_errors(equation, inputs, phrase):
    assert_same_error(lambda m, *xs: m.einsum(equation, *xs), *inputs, phrase=phrase)


@pytest.mark.parametrize("args", [(), ("ij",)])
def test_einsum_needs_an_operand(args):
    assert_same_error(lambda m: m.einsum(*args), phrase="must specify the equation string and at least one")


def test_einsum_sublist_range():
    assert_same_error(lambda m, x: m.einsum(x, [0, 52]), r(2, 3), phrase="not within the valid range [0, 52)")


@st.composite
def matmul_shapes(draw):
    n, k, p = (draw(st.integers(1, 3)) for _ in range(3))
    batch = draw(st.lists(st.integers(1, 3), max_size=2))
    lead_a = [draw(st.sampled_from([b, 1])) for b in batch][draw(st.integers(0, len(batch))):]
    lead_b = [draw(st.sampled_from([b, 1])) for b in batch][draw(st.integers(0, len(batch))):]
    a = draw(st.sampled_from([(k,), tuple(lead_a) + (n, k)]))
    b = draw(st.sampled_from([(k,), tuple(lead_b) + (k, p)]))
    return a, b


@settings(max_examples=15, deadline=None)
@given(matmul_shapes(), st.sampled_from([(True, True), (True, False), (False, True)]))
def test_matmul_broadcast_shapes(shapes, requires_grad):
    a, b = shapes
    check(lambda m, x, y: x @ y, r(*a), r(*b), atol=1e-8, requires_grad=requires_grad)


# torch picks mm, mv or bmm by shapes and by which operand requires grad; the node names follow
BATCH_ONE = [((1, 2, 3), (5, 3, 4)), ((5, 2, 3), (1, 3, 4)), ((1, 2, 3), (1, 3, 4)), ((1, 1, 1), (2, 1, 1)),
             ((2, 3), (5, 3, 4)), ((3,), (1, 3, 4)), ((1, 1, 2, 3), (5, 3, 4))]


@pytest.mark.parametrize("requires_grad", [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("a,b", BATCH_ONE)
def test_matmul_decomposition_follows_requires_grad(a, b, requires_grad):
    check(lambda m, x, y: x @ y, r(*a), r(*b), atol=1e-8, requires_grad=requires_grad)


def test_linalg_namespace():
    """torch.linalg.matmul computes torch.matmul, under its own name (linalg_matmul in its messages)."""
    assert issubclass(pullback.linalg.LinAlgError, RuntimeError)
    a, b = r(2, 3), r(3, 4)
    np.testing.assert_array_equal(pullback.linalg.matmul(pullback.tensor(a), pullback.tensor(b)).numpy(),
                                  pullback.matmul(pullback.tensor(a), pullback.tensor(b)).numpy())
    with pytest.raises(TypeError, match=r"^linalg_matmul\(\): argument 'input' \(position 1\) must be Tensor"):
        pullback.linalg.matmul([1.0], pullback.ones(1))


ERRORS = [
    (lambda m, a, b: m.mm(a, b), [r(2, 3), r(4, 5)], "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    (lambda m, a, b: m.mm(a, b), [r(3), r(3, 3)], "self must be a matrix"),
    (lambda m, a, b: m.bmm(a, b), [r(2, 2, 3), r(3, 3, 3)], "Expected size for first two dimensions of batch2"),
    (lambda m, a, b: m.bmm(a, b), [r(2, 3), r(3, 3)], "batch1 must be a 3D tensor"),
    (lambda m, a, b: m.mv(a, b), [r(2, 3), r(4)], "size mismatch, got input (2), mat (2x3), vec (4)"),
    (lambda m, a, b: m.dot(a, b), [r(3), r(4)], "inconsistent tensor size"),
    (lambda m, a, b: m.matmul(a, b), [r(2, 3), r(4)], "size mismatch"),
    (lambda m, a, b: m.matmul(a, b), [r(2, 2, 3), r(2, 4, 3)], "Expected size for first two dimensions of batch2"),
    (lambda m, a, b: m.matmul(a, b), [r(2, 2, 3), r(3, 4, 3)], "The size of tensor a (2) must match the size"),
    (lambda m, a, b: m.matmul(a, b), [r(3), r(4, 5)], "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)"),
    (lambda m, a, b: m.matmul(a, b), [r(2, 3), r(2, 4, 5)], "mat1 and mat2 shapes cannot be multiplied (10x4 and 3x2)"),
    (lambda m, a, b: m.matmul(a.sum(), b), [r(2), r(2)], "both arguments to matmul need to be at least 1D"),
    (lambda m, a, b: m.mm(a, b), [r(2, 3, dtype=np.float32), r(3, 4)], "expected m1 and m2 to have the same dtype"),
    (lambda m, a, b: m.dot(a, b), [r(3), r(3, dtype=np.float32)], "expected both vectors to have same dtype"),
    (lambda m, a, b: m.mm(a.long(), b), [r(2, 3), r(3, 2)], "but got: long int != double"),
    (lambda m, a, b: m.einsum("ij,jk", a.long(), b), [r(2, 3), r(3, 2)], "expected scalar type Long but found Double"),
    (lambda m, a, b: m.addmm(a, b, b.mT), [r(4), r(2, 3)], "The expanded size of the tensor (2) must match the"),
    (lambda m, a, b: m.addmm(a.float(), b, b.mT), [r(2), r(2, 3)], "self and mat2 must have the same dtype"),
    (lambda m, a, b: m.outer(a, b), [r(2, 2), r(2)], "outer: Expected 1-D argument self, but got 2-D"),
    (lambda m, a, b: m.tensordot(a, b, ([1], [0])), [r(2, 3), r(4, 5)], "contracted dimensions need to match"),
    (lambda m, a, b: m.einsum("ij,jk", a, b), [r(2, 3), r(4, 5)], "subscript j has size 4 for operand 1"),
    (lambda m, x: m.linalg.inv(x * 0), [SQ], "the inversion could not be completed because the input matrix is"),
    (lambda m, x: m.linalg.inv(x), [TALL], "A must be batches of square matrices, but they are 4 by 3 matrices"),
    (lambda m, x: m.linalg.inv(x.long()), [SQ], "Expected a floating point or complex tensor as input. Got Long"),
    (lambda m, x: m.linalg.cholesky(-spd(m, x)), [SQ], "the leading minor of order 1 is not positive-definite"),
    (lambda m, x: m.linalg.cholesky(m.diag(m.tensor([1., -1., 1.], dtype=x.dtype))), [SQ],
     "the leading minor of order 2 is not positive-definite"),
    (lambda m, x: m.linalg.solve(x * 0, x[0]), [SQ], "The solver failed because the input matrix is singular"),
    (lambda m, x: m.linalg.solve(x, x[0, :2]), [SQ], "Incompatible shapes of A and B for the equation AX = B"),
    (lambda m, x: m.linalg.solve(x, x[0], left=False), [SQ], "Incompatible shapes of A and B for the equation XA"),
    (lambda m, x: m.linalg.det(x), [TALL], "linalg.det: A must be batches of square matrices"),
    (lambda m, x: m.linalg.multi_dot([x]), [SQ], "multi_dot(): expected at least 2 tensors but got 1"),
    (lambda m, x: m.linalg.multi_dot([x[None], x]), [SQ], "the first tensor must be 1D or 2D but got 3D"),
    (lambda m, x: m.linalg.multi_dot([x, x[0], x]), [SQ], "multi_dot(): tensor 1 must be 2D but got 1D"),
    (lambda m, x: m.linalg.multi_dot([x, x]), [TALL], "tensors 0 and 1 with shapes [4, 3] and [4, 3] cannot be"),
    (lambda m, x: m.linalg.cross(x, x[:, :2]), [SQ], "linalg.cross: inputs dimension -1 must have length 3"),
    (lambda m, x: m.linalg.cross(x, x[None]), [SQ], "linalg.cross: inputs must have the same number of dimensions"),
    (lambda m, x: m.cross(x, x, dim=0), [TALL], "linalg.cross: inputs dimension 0 must have length 3. Got 4 and 4"),
    (lambda m, x: m.cross(x[:, :2], x[:, :2]), [TALL], "no dimension of size 3 in input"),
    (lambda m, x: m.linalg.matrix_power(x, 2), [TALL], "linalg.matrix_power: A must be batches of square"),
    (lambda m, x: m.linalg.matrix_rank(x[0]), [SQ], "The input tensor input must have at least 2 dimensions"),
    (lambda m, x: m.linalg.eigh(x), [TALL], "linalg.eigh: A must be batches of square matrices"),
    (lambda m, x: m.linalg.qr(x, mode="x"), [TALL], "qr received unrecognized mode 'x'"),
    (lambda m, x: m.linalg.svd(x[0]), [TALL], "The input tensor A must have at least 2 dimensions"),
    (lambda m, x: m.linalg.matrix_norm(x[0]), [TALL], "The input tensor A must have at least 2 dimensions"),
    (lambda m, x: m.linalg.matrix_norm(x, 3), [TALL], "linalg.matrix_norm: Order 3 not supported"),
    (lambda m, x: m.linalg.matrix_norm(x[None], dim=(0,)), [TALL], "linalg.matrix_norm: dim must be a 2-tuple"),
    (lambda m, x: m.linalg.matrix_norm(x[None], dim=(1, 1)), [TALL], "linalg.matrix_norm: dims must be different"),
    (lambda m, x: m.linalg.norm(x[None], dim=(0, 1, 2)), [TALL], "If dim is specified, it must be of length 1 or 2"),
    (lambda m, x: m.linalg.norm(x, "fro", dim=(0,)), [TALL], "linalg.matrix_norm: dim must be a 2-tuple"),
    (lambda m, x: m.linalg.vector_norm(x.long()), [TALL], "Expected a floating point or complex tensor as input"),
    (lambda m, x: m.linalg.norm(x[None], 2), [TALL], "If dim is not specified but ord is, the input must be 1D"),
    (lambda m, x: m.linalg.qr(x, mode="r").R.sum().backward(), [TALL], "which is not computed when mode='r'"),
    (lambda m, x: m.linalg.qr(x, mode="complete").Q.sum().backward(), [TALL],
     "not differentiable when mode='complete' and nrows > ncols"),
]


@pytest.mark.parametrize("fn,inputs,phrase", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors(fn, inputs, phrase):
    assert_same_error(fn, *inputs, phrase=phrase)


@pytest.mark.parametrize("fn", [
    lambda m: m.linalg.slogdet(m.eye(2) * 2),
    lambda m: m.linalg.eigh(m.eye(2) * 2),
    lambda m: m.linalg.svd(m.eye(2) * 2),
    lambda m: m.linalg.qr(m.eye(2) * 2, mode="r"),
])
def test_named_results_print_as_torch(fn):
    import torch
    assert repr(fn(pullback)) == repr(fn(torch))  # field names and values, as torch.return_types prints them


def test_matrix_rank():
    check(lambda m, x: (m.linalg.matrix_rank(x), m.linalg.matrix_rank(x[:, :2] @ x[:2]),
                        m.linalg.matrix_rank(x, atol=1.0), m.linalg.matrix_rank(x * 0)), SQ, grad=False)


def test_matrix_rank_tolerances_and_hermitian_as_torch():
    """Tolerances as tensors broadcast against the batch, a given atol of 0 keeps the default rtol, a
    hermitian input's rank counts its eigenvalues (read from its lower triangle), empty matrices have rank 0."""
    batch = np.stack([SQ, SQ[:, :2] @ SQ[:2], SQ * 1e-3, np.tril(SQ) + np.tril(SQ, -1).T])
    check(lambda m, x: (m.linalg.matrix_rank(x, atol=m.tensor([0.0, 1.0, 1e-4, 10.0], dtype=m.float64)),
                        m.linalg.matrix_rank(x, rtol=m.tensor([0.5, 1e-9, 0.0, 0.9], dtype=m.float64)),
                        m.linalg.matrix_rank(x, atol=0.0), m.linalg.matrix_rank(x, 0.5),
                        m.linalg.matrix_rank(x, hermitian=True), m.linalg.matrix_rank(x, atol=0.5, hermitian=True),
                        m.linalg.matrix_rank(x[:, :0]), m.linalg.matrix_rank(x[:, :0, :0], hermitian=True)),
          batch, grad=False)


def test_linalg_error_class():
    with pytest.raises(pullback.linalg.LinAlgError):
        pullback.linalg.inv(pullback.zeros(2, 2))


def test_cross_without_dim_warns_once_as_torch_does():
    import warnings

    pullback._runtime._warned.clear()
    a = pullback.ones(3, 3)
    with pytest.warns(UserWarning, match="Using torch.cross without specifying the dim arg is deprecated") as w:
        pullback.cross(a, a)
    assert w[0].filename == __file__  # the user's line, through torch.cross's out= wrapper
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a.cross(a)  # once per process, as torch's TORCH_WARN_ONCE


# ---------------------------------------------------------------- cdist (defined beside pdist, in ops/nn/distance.py)
CDIST = [  # (id, fn, inputs, second order compared with torch)
    *[(f"p{p}", lambda m, x, y, p=p: m.cdist(x, y, p), [r(4, 3), r(5, 3)], False)
      for p in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, float("inf"))],
    ("batched", lambda m, x, y: m.cdist(x, y, p=1.5), [r(2, 1, 3, 2), r(3, 4, 2)], False),
    ("keywords_no_mm", lambda m, x, y: m.cdist(x1=x, x2=y, compute_mode="donot_use_mm_for_euclid_dist"),
     [r(30, 2), r(3, 2)], False),
    ("float32", lambda m, x, y: m.cdist(x, y, 3), [r(4, 3, dtype=np.float32), r(2, 3, dtype=np.float32)], False),
    ("no_rows", lambda m, x, y: m.cdist(x, y), [r(0, 3), r(2, 3)], False),
    ("no_columns", lambda m, x, y: m.cdist(x, y, 1.0), [r(3, 0), r(2, 0)], False),
    # torch's matrix-product form (p = 2 with more than 25 rows, or asked for) has a second derivative
    ("mm", lambda m, x, y: m.cdist(x, y, compute_mode="use_mm_for_euclid_dist"), [r(4, 3), r(5, 3)], True),
    ("mm_many_rows", lambda m, x, y: m.cdist(x, y), [r(26, 2), r(3, 2)], True),
    ("mm_batched", lambda m, x, y: m.cdist(x, y), [r(2, 1, 3, 2), r(3, 27, 2)], True),
]


@pytest.mark.parametrize("name,fn,inputs,gradgrad", CDIST, ids=[c[0] for c in CDIST])
def test_cdist(name, fn, inputs, gradgrad):
    check(fn, *inputs, gradgrad=gradgrad, atol=1e-5 if inputs[0].dtype == np.float32 else 1e-7)
    if inputs[0].dtype == np.float64:
        gradcheck_fd(fn, *inputs)


@pytest.mark.parametrize("p", [1.5, 2.0, 3.0])
def test_cdist_second_order_by_finite_differences(p):
    """torch refuses to differentiate CdistBackward0; here its gradient is differentiable, and right."""
    cot = pullback.tensor(r(4, 5))

    def first_order(m, x, y):
        with m.enable_grad():
            x, y = (t if t.requires_grad else t.detach().requires_grad_() for t in (x, y))
            return m.autograd.grad((m.cdist(x, y, p) * cot).sum(), (x, y), create_graph=True)
    gradcheck_fd(first_order, r(4, 3), r(5, 3))


def test_cdist_special_points_match_torch():
    # every coordinate attaining an infinity-norm distance takes the whole gradient; a zero distance none
    check(lambda m, x, y: m.cdist(x, y, float("inf")), np.zeros((1, 2)), np.array([[1.0, 1.0], [1.0, -1.0]]),
          gradgrad=False)
    for p in (0.5, 1.0, 2.0, 3.0):
        check(lambda m, x, y: m.cdist(x, y, p), SQ, SQ.copy(), gradgrad=False)


def test_cdist_signature_matches_torch():
    import inspect

    import torch
    assert str(inspect.signature(pullback.cdist)) == str(inspect.signature(torch.cdist))


CDIST_ERRORS = [
    (lambda m, x: m.cdist(x[0], x), "cdist only supports at least 2D tensors, X1 got: 1D"),
    (lambda m, x: m.cdist(x, x[0]), "cdist only supports at least 2D tensors, X2 got: 1D"),
    (lambda m, x: m.cdist(x, x[:, :2]), "X1 and X2 must have the same number of columns. X1: 3 X2: 2"),
    (lambda m, x: m.cdist(x, x, -1.0), "cdist only supports non-negative p values"),
    (lambda m, x: m.cdist(x.detach().long(), x), "cdist only supports floating-point dtypes, X1 got: Long"),
    (lambda m, x: m.cdist(x, x.detach().long()), "cdist only supports floating-point dtypes, X2 got: Long"),
    (lambda m, x: m.cdist(x.float(), x), "expected scalar type Float but found Double"),
    (lambda m, x: m.cdist(x, x, compute_mode="fast"), "fast is not a valid value for compute_mode"),
    (lambda m, x: m.cdist(x, x, compute_mode=None), "None is not a valid value for compute_mode"),
    (lambda m, x: m.cdist(x.detach().long(), x[:, :2]), "X1 and X2 must have the same number of columns"),
    (lambda m, x: m.cdist(x.expand(2, 4, 3), x.expand(3, 4, 3)),
     "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0"),
]


@pytest.mark.parametrize("fn,phrase", CDIST_ERRORS, ids=[e[1][:40] for e in CDIST_ERRORS])
def test_cdist_errors(fn, phrase):
    assert_same_error(fn, TALL, phrase=phrase)


def test_linalg_functions_take_out():
    def fn(m, a):
        inv, w, v = (m.empty(0, dtype=a.dtype) for _ in range(3))
        assert m.linalg.inv(a, out=inv) is inv
        res = m.linalg.eigh(a, out=(w, v))
        assert res.eigenvalues is w and type(res).__name__ == "linalg_eigh_out"
        return inv, w
    check(fn, np.array([[2.0, 1.0], [1.0, 3.0]]), requires_grad=(False,), grad=False)


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, a: m.linalg.inv(a, out=m.empty(0, dtype=m.float64)),
     "Expected out tensor to have dtype float, but got double instead"),
    (lambda m, a: m.argmax(a, out=m.empty(0)), "Expected out tensor to have dtype long int, but got float instead"),
])
def test_out_of_another_dtype_is_refused_where_torch_refuses(fn, phrase):
    assert_same_error(fn, np.array([[2.0, 1.0], [1.0, 3.0]], dtype=np.float32), phrase=phrase, requires_grad=(False,))


@pytest.mark.parametrize("fn, x", [
    (lambda m, x: (lambda u, s, v: (s,) + gauge(u, v.mT))(*m.svd(x)), TALL),
    (lambda m, x: (lambda u, s, v: (s,) + gauge(u, v.mT))(*x.svd()), WIDE),
    (lambda m, x: (lambda u, s, v: (s, u.shape, v.shape))(*m.svd(x, some=False)), TALL),
    (lambda m, x: m.svd(x, compute_uv=False), r(2, 4, 3)),
], ids=["reduced", "method", "full", "no uv"])
def test_torch_svd_returns_v(fn, x):
    """torch.svd (Introduction to PyTorch Tensors prints torch.svd(m3)): V, not Vh; zero U and V without uv."""
    check(fn, x)


def test_torch_svd_prints_as_torch():
    import torch
    a = np.array([[3.0, 1.0], [1.0, 3.0]], dtype=np.float32)
    assert repr(pullback.svd(pullback.tensor(a))) == repr(torch.svd(torch.tensor(a)))


def test_matrix_norm_of_empty_matrices_and_inverse_power_as_torch():
    for shape in [(3, 0), (0, 3), (2, 0, 3)]:
        for ord in (1, -1, float("inf"), -float("inf")):
            outcomes = []
            for m in (pullback, torch):
                try:
                    outcomes.append(m.linalg.matrix_norm(m.zeros(shape), ord).tolist())
                except IndexError as e:
                    outcomes.append(type(e).__name__)
            assert outcomes[0] == outcomes[1], (shape, ord)
    names = [m.linalg.matrix_power(m.eye(2, requires_grad=True), -1).grad_fn.name() for m in (pullback, torch)]
    assert names[0] == names[1] == "LinalgInvExBackward0"


def test_det_gradient_of_a_batch_with_singular_matrices():
    """Under grad mode torch's det gradient solves for the invertible matrices and takes the SVD
    form for the (nearly) singular ones, joined by index_put: the same node, values and second
    derivatives here."""
    a = RNG.standard_normal((3, 3, 3))
    a[1, 2] = 2 * a[1, 0]
    a[2] = 0
    check(lambda m, x: m.linalg.det(x), a, atol=1e-8, plain_exact=False)
