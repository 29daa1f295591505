"""svd_lowrank, pca_lowrank and lobpcg against torch 2.13.

Their random draws are pullback's, not torch's, so the tests compare what does not depend on them:
exact reconstructions of low-rank matrices, singular values and eigenvalues against linalg.svd and
eigh (and torch's own results), orthonormality, eigen-residuals, repeatability under manual_seed,
gradients where they are determined (svd_lowrank's singular values; lobpcg with the same initial X
as torch, and its backward for the dense symmetric problem), and torch's errors. pullback has no
sparse tensors: only the dense paths exist.
"""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

R = np.random.default_rng(5)


def low_rank(m, n, r, *batch):
    """An (*batch, m, n) matrix of rank r with well separated singular values."""
    return R.standard_normal((*batch, m, r)) @ np.diag(np.arange(r, 0, -1) * 3.0) @ R.standard_normal((*batch, r, n))


def spd(m):
    """A symmetric positive definite matrix with well separated extreme eigenvalues (fast convergence)."""
    Q = np.linalg.qr(R.standard_normal((m, m)))[0]
    return (Q * 1.4 ** np.arange(m)) @ Q.T


def orthonormal(Q, atol=1e-10):
    np.testing.assert_allclose(Q.mT @ Q, np.broadcast_to(np.eye(Q.shape[-1]), Q.mT.shape[:-1] + Q.shape[-1:]),
                               atol=atol)


# ---------------------------------------------------------------- svd_lowrank / pca_lowrank
@pytest.mark.parametrize("m,n,batch", [(9, 6, ()), (5, 8, ()), (7, 7, (2,))], ids=["tall", "wide", "batched"])
def test_svd_lowrank_recovers_a_low_rank_matrix(m, n, batch):
    A = low_rank(m, n, 3, *batch)
    pullback.manual_seed(0)
    U, S, V = pullback.svd_lowrank(pullback.tensor(A), q=4)
    assert (U.shape, S.shape, V.shape) == ((*batch, m, 4), (*batch, 4), (*batch, n, 4))
    U, S, V = U.numpy(), S.numpy(), V.numpy()
    np.testing.assert_allclose((U * S[..., None, :]) @ V.mT, A, atol=1e-9)
    np.testing.assert_allclose(S[..., :3], torch.linalg.svdvals(torch.tensor(A))[..., :3].numpy(), rtol=1e-10)
    orthonormal(U)
    orthonormal(V)
    U_t, S_t, _ = torch.svd_lowrank(torch.tensor(A), q=4)
    np.testing.assert_allclose(S[..., :3], S_t[..., :3].numpy(), rtol=1e-10)  # torch's, from other draws
    assert U.dtype == U_t.numpy().dtype


def test_svd_lowrank_with_mean_and_defaults():
    A, M = low_rank(8, 6, 2) + 1.5, np.full((1, 6), 1.5)
    pullback.manual_seed(1)
    U, S, V = pullback.svd_lowrank(pullback.tensor(A), q=None, niter=None, M=pullback.tensor(M))
    assert S.shape == (6,)  # q=None is 6
    np.testing.assert_allclose(((U * S) @ V.mT).numpy(), A - M, atol=1e-9)
    x = pullback.tensor(A.astype(np.float32))
    assert all(t.dtype == pullback.float32 for t in pullback.svd_lowrank(x, q=2))


def test_lowrank_repeats_under_manual_seed():
    A = pullback.tensor(R.standard_normal((10, 8)))
    runs = []
    for seed in (3, 3, 4):
        pullback.manual_seed(seed)
        runs.append(pullback.svd_lowrank(A, q=3, niter=0)[0].numpy())
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.allclose(runs[0], runs[2])
    pullback.manual_seed(3)
    np.testing.assert_array_equal(pullback.pca_lowrank(A, q=3, niter=0, center=False)[0].numpy(), runs[0])


def test_pca_lowrank_matches_the_exact_principal_components():
    A = low_rank(12, 5, 2) + R.standard_normal(5)  # rank 2 around a mean
    pullback.manual_seed(0)
    U, S, V = pullback.pca_lowrank(pullback.tensor(A), q=3)
    assert (U.shape, S.shape, V.shape) == ((12, 3), (3,), (5, 3))
    _, S_exact, Vh = np.linalg.svd(A - A.mean(0), full_matrices=False)
    np.testing.assert_allclose(S.numpy()[:2], S_exact[:2], rtol=1e-10)
    np.testing.assert_allclose(np.abs(V.numpy()[:, :2].T @ Vh[:2].T), np.eye(2), atol=1e-9)  # up to sign
    _, S_t, _ = torch.pca_lowrank(torch.tensor(A), q=3)
    np.testing.assert_allclose(S.numpy()[:2], S_t.numpy()[:2], rtol=1e-10)
    assert pullback.pca_lowrank(pullback.tensor(A))[1].shape == (5,)  # q=None: min(6, m, n)


def test_svd_lowrank_singular_value_gradients_match_torch():
    """For A of rank q, S is the exact top-q singular values whatever the draws, and so is its
    gradient: torch's, and linalg.svd's."""
    A = low_rank(7, 5, 3)
    c = R.standard_normal(3)
    check(lambda m, a: (m.svd_lowrank(a, q=3)[1] * m.tensor(c)).sum(), A, grad_name=False,
          gradgrad=False, atol=1e-8)
    x = pullback.tensor(A, requires_grad=True)
    (pullback.svd_lowrank(x, q=3)[1] * pullback.tensor(c)).sum().backward()
    y = torch.tensor(A, requires_grad=True)
    (torch.linalg.svd(y)[1][:3] * torch.tensor(c)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), y.grad.numpy(), atol=1e-8)


def test_lowrank_gradients_match_finite_differences():
    """Under a fixed seed the results are a smooth function of A: its gradients are that function's."""
    def seeded(fn):
        def run(m, a, mean):
            m.manual_seed(7)
            U, S, V = fn(m, a, mean)
            return (U * S) @ V.mT, S, U.abs(), V.abs()  # what the columns' signs do not change
        return run
    A, M = R.standard_normal((6, 5)), R.standard_normal((1, 5))
    gradcheck_fd(seeded(lambda m, a, mean: m.svd_lowrank(a, q=3, M=mean)), A, M, atol=1e-6)
    gradcheck_fd(seeded(lambda m, a, mean: m.pca_lowrank(a + mean, q=2, niter=1)), A.T, M.T, atol=1e-6)


def test_lowrank_tangents_match_torch():
    """Forward mode: for A of rank q the singular values' tangents do not depend on the draws."""
    A, T = low_rank(7, 5, 3), R.standard_normal((7, 5))
    tangents = []
    for m, fw in ((pullback, pullback.autograd.forward_ad), (torch, torch.autograd.forward_ad)):
        with fw.dual_level():
            a = fw.make_dual(m.tensor(A), m.tensor(T))
            tangents.append([fw.unpack_dual(f(a, q=3)[1]).tangent.numpy() for f in (m.svd_lowrank, m.pca_lowrank)])
    np.testing.assert_allclose(tangents[0], tangents[1], atol=1e-9)


@pytest.mark.parametrize("fn,phrase", [
    (lambda m, a: m.pca_lowrank(a, q=6), "q(=6) must be non-negative integer and not greater than min(m, n)=5"),
    (lambda m, a: m.pca_lowrank(a, q=-1), "q(=-1) must be non-negative integer"),
    (lambda m, a: m.pca_lowrank(a, niter=-1), "niter(=-1) must be non-negative integer"),
    (lambda m, a: m.svd_lowrank(a[0], q=3), "not enough values to unpack"),
    (lambda m, a: m.svd_lowrank(a.long(), q=3), "expected m1 and m2 to have the same dtype"),
    (lambda m, a: m.pca_lowrank(a.long(), q=3), "mean(): could not infer output dtype"),
    (lambda m, a: m.svd_lowrank(a.double(), q=3, M=a[:, 0].float()), "The expanded size of the tensor (5)"),
    (lambda m, a: m.svd_lowrank(a.double(), q=3, M=a[0]), "expected m1 and m2 to have the same dtype"),
], ids=["q_large", "q_negative", "niter", "vector", "integer", "pca_integer", "mean_shape", "mean_dtype"])
def test_lowrank_errors_match_torch(fn, phrase):
    assert_same_error(fn, R.standard_normal((6, 5)).astype(np.float32), phrase=phrase)


# ---------------------------------------------------------------- lobpcg
M_SIZE = 15
A_SPD, B_SPD = spd(M_SIZE), spd(M_SIZE)
X0 = R.standard_normal((M_SIZE, 3))


@pytest.mark.parametrize("kwargs", [dict(), dict(largest=False), dict(method="basic"), dict(k=2),
                                    dict(largest=False, method="basic", niter=-1)],
                         ids=["ortho", "smallest", "basic", "k2", "basic_smallest_unbounded"])
def test_lobpcg_from_the_same_start_as_torch(kwargs):
    """Given X, the iteration is deterministic: torch's eigenpairs (vectors up to sign), eigh's values."""
    ours = pullback.lobpcg(pullback.tensor(A_SPD), X=pullback.tensor(X0), **kwargs)
    theirs = torch.lobpcg(torch.tensor(A_SPD), X=torch.tensor(X0), **kwargs)
    k = kwargs.get("k", 3)
    assert ours[0].shape == (k,) and ours[1].shape == (M_SIZE, k)
    np.testing.assert_allclose(ours[0].numpy(), theirs[0].numpy(), rtol=1e-10)
    np.testing.assert_allclose(np.abs(ours[1].numpy().T @ theirs[1].numpy()), np.eye(k), atol=1e-6)
    exact = np.linalg.eigvalsh(A_SPD)
    np.testing.assert_allclose(ours[0].numpy(), exact[:k] if kwargs.get("largest") is False else exact[::-1][:k],
                               rtol=1e-10)


def test_lobpcg_generalized_problem():
    E, X = pullback.lobpcg(pullback.tensor(A_SPD), k=2, B=pullback.tensor(B_SPD), X=pullback.tensor(X0))
    E_t, _ = torch.lobpcg(torch.tensor(A_SPD), k=2, B=torch.tensor(B_SPD), X=torch.tensor(X0))
    E, X = E.numpy(), X.numpy()
    np.testing.assert_allclose(E, E_t.numpy(), rtol=1e-10)
    np.testing.assert_allclose(A_SPD @ X - B_SPD @ X * E, 0, atol=1e-6 * np.abs(A_SPD).max())
    np.testing.assert_allclose(X.T @ B_SPD @ X, np.eye(2), atol=1e-8)


def test_lobpcg_random_start_batches_and_seeds():
    A = np.stack([A_SPD, spd(M_SIZE)])
    pullback.manual_seed(0)
    E, X = pullback.lobpcg(pullback.tensor(A), k=2)
    assert E.shape == (2, 2) and X.shape == (2, M_SIZE, 2)
    np.testing.assert_allclose(E.numpy(), np.linalg.eigvalsh(A)[:, ::-1][:, :2], rtol=1e-10)
    residual = A @ X.numpy() - X.numpy() * E.numpy()[:, None, :]
    assert np.abs(residual).max() < 1e-6 * np.abs(A).max()
    orthonormal(X.numpy(), atol=1e-8)
    pullback.manual_seed(0)
    np.testing.assert_array_equal(pullback.lobpcg(pullback.tensor(A), k=2)[1].numpy(), X.numpy())
    E32, _ = pullback.lobpcg(pullback.tensor(A_SPD, dtype=pullback.float32), k=1)
    assert E32.dtype == pullback.float32
    np.testing.assert_allclose(E32.numpy(), np.linalg.eigvalsh(A_SPD)[-1:], rtol=1e-4)


def test_lobpcg_tracker_sees_and_stops_the_iteration():
    def story(m):
        seen = []

        def tracker(worker):
            seen.append((worker.ivars["istep"], worker.ivars["converged_count"], tuple(worker.X.shape)))
            if worker.ivars["istep"] == 3:
                worker.bvars["force_stop"] = True
        m.lobpcg(m.tensor(A_SPD), X=m.tensor(X0), tracker=tracker, ortho_iparams={"ortho_i_max": 2})
        return seen
    assert story(pullback) == story(torch) and len(story(pullback)) == 3


def _sign_free(m, E, U, c, C):
    """A loss of lobpcg's result that the eigenvectors' signs do not change."""
    return (E * m.tensor(c)).sum() + ((U @ U.mT) * m.tensor(C)).sum()


def test_lobpcg_backward_matches_torch():
    """The dense symmetric backward (the partial-eigenspace Sylvester solution), first and second order;
    A's gradient is symmetric (A is symmetrized first) and agrees with eigh's."""
    c, C = R.standard_normal(2), R.standard_normal((M_SIZE, M_SIZE))
    fn = lambda m, a: _sign_free(m, *m.lobpcg(a, k=2, X=m.tensor(X0[:, :2])), c, C)  # noqa: E731
    check(fn, A_SPD, atol=1e-7)
    x = pullback.tensor(A_SPD, requires_grad=True)
    E, U = pullback.lobpcg(x, k=2, X=pullback.tensor(X0[:, :2]))
    assert E.grad_fn.name() == "LOBPCGAutogradFunctionBackward"
    _sign_free(pullback, E, U, c, C).backward()
    y = torch.tensor(A_SPD, requires_grad=True)
    E_t, U_t = torch.linalg.eigh((y + y.mT) / 2)
    _sign_free(torch, E_t.flip(-1)[:2], U_t.flip(-1)[:, :2], c, C).backward()
    np.testing.assert_allclose(x.grad.numpy(), y.grad.numpy(), atol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), x.grad.numpy().T, atol=1e-10)


def test_lobpcg_tangents_match_torch():
    """Forward mode runs through the iteration's ops (no custom node): for a symmetric tangent T, the
    eigenvalues' tangents are u^T T u, torch's, and the eigenvectors' torch's up to their signs."""
    T = R.standard_normal((M_SIZE, M_SIZE))
    T = T + T.T
    results = []
    for m, fw in ((pullback, pullback.autograd.forward_ad), (torch, torch.autograd.forward_ad)):
        with fw.dual_level():
            E, U = m.lobpcg(fw.make_dual(m.tensor(A_SPD), m.tensor(T)), k=2, X=m.tensor(X0[:, :2]))
            results.append((fw.unpack_dual(E).tangent.numpy(), U.numpy(), fw.unpack_dual(U).tangent.numpy()))
    (dE, U, dU), (dE_t, U_t, dU_t) = results
    np.testing.assert_allclose(dE, dE_t, atol=1e-6)
    np.testing.assert_allclose(dE, np.einsum("ik,ij,jk->k", U, T, U), atol=1e-6)  # to the iteration's tol
    signs = np.sign((U * U_t).sum(0))
    np.testing.assert_allclose(dU * signs, dU_t, atol=1e-6)


@pytest.mark.parametrize("fn,phrase,exc", [
    (lambda m, a: m.lobpcg(a, k=6), "LOBPCG algorithm is not applicable when the number of A rows (=15)", ValueError),
    (lambda m, a: m.lobpcg(a[:, :12]), "A must be square", AssertionError),
    (lambda m, a: m.lobpcg(a, B=a[:12, :12]), "A and B must have same shape", AssertionError),
    (lambda m, a: m.lobpcg(a, k=2, X=a[:12, :2]), "X shape mismatch: got", AssertionError),
    (lambda m, a: m.lobpcg(a.half(), k=2), "float16", KeyError),
    (lambda m, a: m.lobpcg(a.long(), k=2), "expected m1 and m2 to have the same dtype", RuntimeError),
    (lambda m, a: m.lobpcg(a.requires_grad_(), k=2, B=m.eye(15, dtype=a.dtype))[0].sum().backward(),
     "lobpcg.backward does not support backward with B != I yet", ValueError),
], ids=["too_many_pairs", "not_square", "B_shape", "X_shape", "half", "integer", "backward_with_B"])
def test_lobpcg_errors_match_torch(fn, phrase, exc):
    assert_same_error(fn, A_SPD, phrase=phrase, requires_grad=[False])
    with pytest.raises(exc):
        fn(pullback, pullback.tensor(A_SPD))


COVERED = ["svd_lowrank", "pca_lowrank", "lobpcg"]
