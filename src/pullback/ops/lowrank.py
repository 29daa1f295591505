"""svd_lowrank and pca_lowrank: the randomized low-rank SVD of Halko, Martinsson and Tropp (2009),
composed of matmul, linalg.qr and linalg.svd, so gradients flow through them as through any
composite.

Adapted from PyTorch's torch/_lowrank.py (BSD-3-Clause; its copyright notice and license are in
distributions/LICENSE-PyTorch). pullback has no sparse tensors: only torch's dense paths exist.
The random test matrix comes from pullback's generator (manual_seed makes results repeatable):
the draws, and so the approximations, differ from torch's, their accuracy does not.
"""
from .. import _dtype
from .._creation import randn
from .linalg import matmul, qr, svd

__all__ = ["svd_lowrank", "pca_lowrank"]
METHODS = {}


def _floating_dtype(A):
    """The dtype the random matrices take: A's floating dtype, float32 for other dtypes."""
    return A.dtype if A.dtype in (_dtype.float16, _dtype.float32, _dtype.float64) else _dtype.float32


def _approximate_basis(A, q, niter=2, M=None):
    """Q with q orthonormal columns such that Q Q^H (A - M) approximates A - M, without forming
    A - M (Algorithm 4.4 of Halko et al.: a random range finder refined by `niter` subspace
    iterations)."""
    niter = 2 if niter is None else niter
    R = randn(A.shape[-1], q, dtype=_floating_dtype(A))

    # (geqrf + ormqr would be faster, but geqrf is not differentiable)
    X = matmul(A, R)
    if M is not None:
        X = X - matmul(M, R)
    Q = qr(X).Q
    for _ in range(niter):
        X = matmul(A.mH, Q)
        if M is not None:
            X = X - matmul(M.mH, Q)
        Q = qr(X).Q
        X = matmul(A, Q)
        if M is not None:
            X = X - matmul(M, Q)
        Q = qr(X).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    r"""Approximate SVD ``(U, S, V)`` of rank q of a matrix or batch, A ~ U diag(S) V^H (of A - M if given).

    Randomized (Algorithm 5.1 of Halko et al., 2009): take q a little above A's rank; `niter`
    subspace iterations (2 by default) sharpen the basis. M, the mean of A, is broadcast to A's size.
    Set the seed (manual_seed) for repeatable results. For dense matrices linalg.svd is the faster
    exact alternative.
    """
    q = 6 if q is None else q
    m, n = A.shape[-2:]
    if M is not None:
        M = M.broadcast_to(A.size())

    if m < n:  # work with the tall matrix
        A = A.mH
        if M is not None:
            M = M.mH

    Q = _approximate_basis(A, q, niter=niter, M=M)
    B = matmul(Q.mH, A)
    if M is not None:
        B = B - matmul(Q.mH, M)
    U, S, Vh = svd(B, full_matrices=False)
    V = Vh.mH
    U = Q.matmul(U)

    if m < n:
        U, V = V, U
    return U, S, V


def pca_lowrank(A, q=None, center=True, niter=2):
    r"""Linear PCA of a low-rank matrix or batch: ``(U, S, V)``, the approximate SVD of A centered.

    A is (*, m, n): m samples of n features. V's columns are the principal directions, S**2 / (m - 1)
    the eigenvalues of the covariance A^T A / (m - 1) (with center=True), and matmul(A, V[:, :k])
    projects the data on the first k components. q (at most min(m, n), default min(6, m, n)) is a
    slight overestimate of A's rank; see svd_lowrank for `niter`.
    """
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not (q >= 0 and q <= min(m, n)):
        raise ValueError(f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}")
    if not (niter >= 0):
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return svd_lowrank(A, q, niter=niter, M=None)
    C = A.mean(dim=(-2,), keepdim=True)
    return svd_lowrank(A - C, q, niter=niter, M=None)
