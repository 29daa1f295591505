"""lobpcg: the k largest (or smallest) eigenpairs of a symmetric positive definite generalized
eigenproblem A X = B X E, by the Locally Optimal Block Preconditioned Conjugate Gradient method
(Knyazev 2001; "ortho": Stathopoulos and Wu 2002, Duersch et al. 2018), and its backward for the
dense standard problem (B = None).

Adapted from PyTorch's torch/_lobpcg.py by Pearu Peterson (BSD-3-Clause; its copyright notice and
license are in distributions/LICENSE-PyTorch), written on pullback's ops. pullback has no sparse
tensors: only the dense paths exist. The random initial X (when none is given) comes from
pullback's generator, so iterates differ from torch's while the eigenpairs they converge to agree.
"""
from .. import _dtype
from .._creation import Generator, empty, eye, randn, zeros
from ..autograd.function import Function
from .factorizations import cholesky_solve
from .linalg import cholesky, eigh, matmul, qr, solve_triangular
from .pointwise import addcmul
from .reduction import norm
from .shape import diag_embed, flip

__all__ = ["lobpcg"]
METHODS = {}


# ----------------------------------------------------------------- helpers (torch/_linalg_utils.py)
def _floating_dtype(A):
    return A.dtype if A.dtype in (_dtype.float16, _dtype.float32, _dtype.float64) else _dtype.float32


def _mm(A, B):
    """A @ B, with A = None standing for the identity (B or iK not given)."""
    return B if A is None else matmul(A, B)


def _qform(A, S):
    """S^T A S."""
    return matmul(S.mT, _mm(A, S))


def _symeig(A, largest=False):
    """Eigenpairs of the symmetric A, ascending, or descending if `largest`."""
    E, Z = eigh(A, UPLO="U")
    if largest:
        E, Z = flip(E, (-1,)), flip(Z, (-1,))
    return E, Z


# ----------------------------------------------------------------- backward
def _symeig_backward_complete_eigenspace(D_grad, U_grad, A, D, U):
    """A's gradient when U's columns span the whole space: U (D_grad + (U^T U_grad) * F) U^T with
    F_ij = 1 / (d_j - d_i), F_ii = 0."""
    F = D.unsqueeze(-2) - D.unsqueeze(-1)
    F.diagonal(dim1=-2, dim2=-1).fill_(float("inf"))
    F.pow_(-1)
    Ut = U.mT.contiguous()
    return matmul(U, matmul(diag_embed(D_grad) + matmul(Ut, U_grad) * F, Ut))


def _polynomial_coefficients_given_roots(roots):
    """(a_0, ..., a_n = 1) with x^n + a_{n-1} x^{n-1} + ... + a_0 = prod (x - r_i), by Horner's scheme
    on copies (one graph node per step, so that it differentiates; no roots are ever sought)."""
    poly_order = roots.shape[-1]
    shape = list(roots.shape)
    shape[-1] += 2  # one extra coefficient makes the steps uniform
    poly_coeffs = roots.new_zeros(shape)
    poly_coeffs[..., 0] = 1
    poly_coeffs[..., -1] = 1
    for i in range(1, poly_order + 1):
        poly_coeffs_new = poly_coeffs.clone() if roots.requires_grad else poly_coeffs
        out = poly_coeffs_new.narrow(-1, poly_order - i, i + 1)
        out -= roots.narrow(-1, i - 1, 1) * poly_coeffs.narrow(-1, poly_order - i + 1, i + 1)
        poly_coeffs = poly_coeffs_new
    return poly_coeffs.narrow(-1, 1, poly_order + 1)


def _polynomial_value(poly, x, zero_power, transition):
    """poly(x) by Horner's rule; `transition(value, x, coefficient)` is one step, x * value + c * x^0."""
    res = zero_power.clone()
    for k in range(poly.size(-1) - 2, -1, -1):
        res = transition(res, x, poly[..., k])
    return res


def _matrix_polynomial_value(poly, x, zero_power=None):
    """poly(x) for the (batched) matrix x."""
    def transition(curr_poly_val, x, poly_coeff):
        res = x.matmul(curr_poly_val)
        res.diagonal(dim1=-2, dim2=-1).add_(poly_coeff.unsqueeze(-1))
        return res

    if zero_power is None:
        zero_power = eye(x.size(-1), x.size(-1), dtype=x.dtype).view(*([1] * len(x.shape[:-2])), x.size(-1),
                                                                     x.size(-1))
    return _polynomial_value(poly, x, zero_power, transition)


def _vector_polynomial_value(poly, x, zero_power=None):
    """poly(x) for the (batched) vector x."""
    def transition(curr_poly_val, x, poly_coeff):
        return addcmul(poly_coeff.unsqueeze(-1), x, curr_poly_val)

    if zero_power is None:
        zero_power = x.new_ones(1).expand(x.shape)
    return _polynomial_value(poly, x, zero_power, transition)


def _symeig_backward_partial_eigenspace(D_grad, U_grad, A, D, U, largest):
    """A's gradient when U spans k < m eigenvectors: the complete-eigenspace part, plus the solution
    of the Sylvester equation U_ortho^T A U_ortho dX - dX D = -U_ortho^T A U in the orthogonal
    complement, explicitly through D's characteristic polynomial (Hu and Cheng 2006)."""
    Ut = U.mT.contiguous()
    proj_U_ortho = -U.matmul(Ut)  # I - U U^T
    proj_U_ortho.diagonal(dim1=-2, dim2=-1).add_(1)

    # a basis of span(U)'s complement from a random matrix: a fresh generator, so deterministic
    gen = Generator()
    U_ortho = proj_U_ortho.matmul(randn((*A.shape[:-1], A.size(-1) - D.size(-1)), dtype=A.dtype, generator=gen))
    U_ortho_t = U_ortho.mT.contiguous()

    # D is diagonal: its entries are its characteristic polynomial's roots
    chr_poly_D = _polynomial_coefficients_given_roots(D)

    # sum_k chr_poly_D[k] sum_{i<k} A^(k-1-i) U_grad D^i, with the powers of A shared (Horner)
    U_grad_projected = U_grad
    series_acc = U_grad_projected.new_zeros(U_grad_projected.shape)
    for k in range(1, chr_poly_D.size(-1)):
        poly_D = _vector_polynomial_value(chr_poly_D[..., k:], D)
        series_acc += U_grad_projected * poly_D.unsqueeze(-2)
        U_grad_projected = A.matmul(U_grad_projected)

    chr_poly_D_at_A = _matrix_polynomial_value(chr_poly_D, A)
    chr_poly_D_at_A_to_U_ortho = matmul(U_ortho_t, matmul(chr_poly_D_at_A, U_ortho))
    # definite for distinct eigenvalues: positive unless the largest and k odd, then negative;
    # inverted through its Cholesky factor
    sign = -1 if (largest and (k % 2 == 1)) else +1
    L = cholesky(sign * chr_poly_D_at_A_to_U_ortho)

    res = _symeig_backward_complete_eigenspace(D_grad, U_grad, A, D, U)
    res -= U_ortho.matmul(sign * cholesky_solve(U_ortho_t.matmul(series_acc), L)).matmul(Ut)
    return res


def _symeig_backward(D_grad, U_grad, A, D, U, largest):
    if U.size(-1) == U.size(-2):
        return _symeig_backward_complete_eigenspace(D_grad, U_grad, A, D, U)
    return _symeig_backward_partial_eigenspace(D_grad, U_grad, A, D, U, largest)


class LOBPCGAutogradFunction(Function):
    """lobpcg as one node (LOBPCGAutogradFunctionBackward): the eigenpairs, differentiated as those
    of the symmetric eigenproblem (torch's limits: dense, B = None)."""

    @staticmethod
    def forward(ctx, A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None, method=None,
                tracker=None, ortho_iparams=None, ortho_fparams=None, ortho_bparams=None):
        A = A.contiguous()
        if B is not None:
            B = B.contiguous()
        D, U = _lobpcg(A, k, B, X, n, iK, niter, tol, largest, method, tracker, ortho_iparams, ortho_fparams,
                       ortho_bparams)
        ctx.save_for_backward(A, B, D, U)
        ctx.largest = largest
        return D, U

    @staticmethod
    def backward(ctx, D_grad, U_grad):
        A, B, D, U = ctx.saved_tensors
        if B is not None:
            raise ValueError("lobpcg.backward does not support backward with B != I yet.")
        largest = True if ctx.largest is None else ctx.largest
        return (_symeig_backward(D_grad, U_grad, A, D, U, largest),) + (None,) * 13


def lobpcg(A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None, method=None,
           tracker=None, ortho_iparams=None, ortho_fparams=None, ortho_bparams=None):
    """The k largest (or smallest) eigenpairs (E, X) of A X = B X E, A and B symmetric positive definite.

    LOBPCG, matrix free: method="ortho" (default, robust: orthogonal basis selection) or "basic"
    (Knyazev's original, cheaper per step, may fail in Cholesky). A, B, iK (a preconditioner) are
    (*, m, m); X (*, m, n), k <= n <= m, the initial eigenvectors (else n random ones, n = k by default);
    m must be at least 3n. niter: the most iterations (default 1000, -1 until converged); tol: the
    residual tolerance (default sqrt of the dtype's eps); largest: default True. tracker(worker) is
    called each iteration with the LOBPCG state (setting worker.bvars["force_stop"] stops it);
    ortho_*params tune "ortho". Returns E (*, k) and X (*, m, k).

    Differentiable in A for B = None: A is symmetrized first ((A + A^T) / 2), so its gradient is
    symmetric. Dense tensors only (pullback has no sparse ones).
    """
    if A.requires_grad or (B is not None and B.requires_grad):
        # symmetrized so that A's gradient is symmetric: A - t * A.grad stays symmetric
        A_sym = (A + A.mT) / 2
        B_sym = (B + B.mT) / 2 if B is not None else None
        return LOBPCGAutogradFunction.apply(A_sym, k, B_sym, X, n, iK, niter, tol, largest, method, tracker,
                                            ortho_iparams, ortho_fparams, ortho_bparams)
    return _lobpcg(A, k, B, X, n, iK, niter, tol, largest, method, tracker, ortho_iparams, ortho_fparams,
                   ortho_bparams)


def _lobpcg(A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None, method=None,
            tracker=None, ortho_iparams=None, ortho_fparams=None, ortho_bparams=None):
    if A.shape[-2] != A.shape[-1]:
        raise AssertionError(f"A must be square, got shape {A.shape}")
    if B is not None and A.shape != B.shape:
        raise AssertionError(f"A and B must have same shape, got {A.shape} vs {B.shape}")

    dtype = _floating_dtype(A)
    if tol is None:
        feps = {_dtype.float32: 1.2e-07, _dtype.float64: 2.23e-16}[dtype]
        tol = feps**0.5

    m = A.shape[-1]
    k = (1 if X is None else X.shape[-1]) if k is None else k
    n = (k if n is None else n) if X is None else X.shape[-1]
    if m < 3 * n:
        raise ValueError(f"LOBPCG algorithm is not applicable when the number of A rows (={m})"
                         f" is smaller than 3 x the number of requested eigenpairs (={n})")

    method = "ortho" if method is None else method
    iparams = {"m": m, "n": n, "k": k, "niter": 1000 if niter is None else niter}
    fparams = {"tol": tol}
    bparams = {"largest": True if largest is None else largest}
    if method == "ortho":
        if ortho_iparams is not None:
            iparams.update(ortho_iparams)
        if ortho_fparams is not None:
            fparams.update(ortho_fparams)
        if ortho_bparams is not None:
            bparams.update(ortho_bparams)
        iparams["ortho_i_max"] = iparams.get("ortho_i_max", 3)
        iparams["ortho_j_max"] = iparams.get("ortho_j_max", 3)
        fparams["ortho_tol"] = fparams.get("ortho_tol", tol)
        fparams["ortho_tol_drop"] = fparams.get("ortho_tol_drop", tol)
        fparams["ortho_tol_replace"] = fparams.get("ortho_tol_replace", tol)
        bparams["ortho_use_drop"] = bparams.get("ortho_use_drop", False)

    if len(A.shape) > 2:  # one worker per matrix of the batch
        N = 1
        for size in A.shape[:-2]:
            N *= size
        bA = A.reshape((N,) + A.shape[-2:])
        bB = B.reshape((N,) + A.shape[-2:]) if B is not None else None
        bX = X.reshape((N,) + X.shape[-2:]) if X is not None else None
        bE = empty((N, k), dtype=dtype)
        bXret = empty((N, m, k), dtype=dtype)
        for i in range(N):
            X_ = randn((m, n), dtype=dtype) if bX is None else bX[i]
            if not (len(X_.shape) == 2 and X_.shape == (m, n)):
                raise AssertionError(f"X_ shape mismatch: got {X_.shape}, expected {(m, n)}")
            iparams["batch_index"] = i
            worker = LOBPCG(bA[i], bB[i] if bB is not None else None, X_, iK, iparams, fparams, bparams, method,
                            tracker)
            worker.run()
            bE[i] = worker.E[:k]
            bXret[i] = worker.X[:, :k]
        return bE.reshape(A.shape[:-2] + (k,)), bXret.reshape(A.shape[:-2] + (m, k))

    X = randn((m, n), dtype=dtype) if X is None else X
    if not (len(X.shape) == 2 and X.shape == (m, n)):
        raise AssertionError(f"X shape mismatch: got {X.shape}, expected {(m, n)}")
    worker = LOBPCG(A, B, X, iK, iparams, fparams, bparams, method, tracker)
    worker.run()
    return worker.E[:k], worker.X[:, :k]


class LOBPCG:
    """The state of one LOBPCG iteration (what a tracker sees): the parameters iparams, fparams,
    bparams; the iteration variables ivars, fvars, bvars, tvars; A, B, iK; and E, X, S, R (the current
    eigenvalues, eigenvectors, search basis and residual)."""

    def __init__(self, A, B, X, iK, iparams, fparams, bparams, method, tracker):
        self.A, self.B, self.iK = A, B, iK
        self.iparams, self.fparams, self.bparams = iparams, fparams, bparams
        self.method = method
        self.tracker = tracker
        m, n = iparams["m"], iparams["n"]
        self.X = X
        self.E = zeros((n,), dtype=X.dtype)
        self.R = zeros((m, n), dtype=X.dtype)
        self.S = zeros((m, 3 * n), dtype=X.dtype)
        self.tvars = {}
        self.ivars = {"istep": 0}
        self.fvars = {"_": 0.0}
        self.bvars = {"_": False}

    def __str__(self):
        lines = ["LOBPCG:"]
        lines += [f"  {name}={getattr(self, name)}" for name in ("iparams", "fparams", "bparams", "ivars", "fvars",
                                                                  "bvars", "tvars", "A", "B", "iK", "X", "E")]
        return "".join(line + "\n" for line in lines)

    def update(self):
        """Set and update iteration variables."""
        if self.ivars["istep"] == 0:
            X_norm = float(norm(self.X))
            iX_norm = X_norm**-1
            self.fvars["X_norm"] = X_norm
            self.fvars["A_norm"] = float(norm(_mm(self.A, self.X))) * iX_norm
            self.fvars["B_norm"] = float(norm(_mm(self.B, self.X))) * iX_norm
            self.ivars["iterations_left"] = self.iparams["niter"]
            self.ivars["converged_count"] = 0
            self.ivars["converged_end"] = 0
        if self.method == "ortho":
            self._update_ortho()
        else:
            self._update_basic()
        self.ivars["iterations_left"] = self.ivars["iterations_left"] - 1
        self.ivars["istep"] = self.ivars["istep"] + 1

    def update_residual(self):
        """R = A X - B X E."""
        self.R = _mm(self.A, self.X) - _mm(self.B, self.X) * self.E

    def update_converged_count(self):
        """The number of leading eigenpairs converged by the backward-stable criterion (Sec. 4.3 of
        Duersch et al. 2018); users may redefine it."""
        prev_count = self.ivars["converged_count"]
        E, X, R = self.E, self.X, self.R
        rerr = norm(R, 2, (0,)) / (norm(X, 2, (0,)) * (self.fvars["A_norm"] + abs(E[:X.shape[-1]])
                                                          * self.fvars["B_norm"]))
        count = 0
        for converged in (rerr < self.fparams["tol"]).tolist():
            if not converged:
                break  # the pairs after the first unconverged one wait: strict order
            count += 1
        if count < prev_count:
            raise AssertionError(f"the number of converged eigenpairs (was {prev_count}, got {count}) cannot decrease")
        self.ivars["converged_count"] = count
        self.tvars["rerr"] = rerr
        return count

    def stop_iteration(self):
        """Whether to stop: forced by the tracker (bvars["force_stop"]), out of iterations, or converged."""
        return (self.bvars.get("force_stop", False) or self.ivars["iterations_left"] == 0
                or self.ivars["converged_count"] >= self.iparams["k"])

    def run(self):
        """Run LOBPCG iterations, calling the tracker after each."""
        self.update()
        if self.tracker is not None:
            self.call_tracker()
        while not self.stop_iteration():
            self.update()
            if self.tracker is not None:
                self.call_tracker()

    def call_tracker(self):
        self.tracker(self)

    def _ritz_of_x(self):
        """The first step of either method: the Rayleigh-Ritz eigenpairs of A on the span of X alone,
        as (E, Ri Z) with X Ri Z the new X."""
        Ri = self._get_rayleigh_ritz_transform(self.X)
        E, Z = _symeig(_qform(_qform(self.A, self.X), Ri), self.bparams["largest"])
        return E, matmul(Ri, Z)

    def _update_basic(self):
        """One step of method="basic"."""
        ns = self.ivars["converged_end"]
        nc = self.ivars["converged_count"]
        n = self.iparams["n"]
        largest = self.bparams["largest"]
        if self.ivars["istep"] == 0:
            E, RZ = self._ritz_of_x()
            self.X[:] = matmul(self.X, RZ)
            self.E[:] = E
            np = 0
            self.update_residual()
            nc = self.update_converged_count()
            self.S[..., :n] = self.X
            W = _mm(self.iK, self.R)
            self.ivars["converged_end"] = ns = n + np + W.shape[-1]
            self.S[:, n + np:ns] = W
        else:
            S_ = self.S[:, nc:ns]
            Ri = self._get_rayleigh_ritz_transform(S_)
            M = _qform(_qform(self.A, S_), Ri)
            E_, Z = _symeig(M, largest)
            self.X[:, nc:] = matmul(S_, matmul(Ri, Z[:, :n - nc]))
            self.E[nc:] = E_[:n - nc]
            P = matmul(S_, matmul(Ri, Z[:, n:2 * n - nc]))
            np = P.shape[-1]
            self.update_residual()
            nc = self.update_converged_count()
            self.S[..., :n] = self.X
            self.S[:, n:n + np] = P
            W = _mm(self.iK, self.R[:, nc:])
            self.ivars["converged_end"] = ns = n + np + W.shape[-1]
            self.S[:, n + np:ns] = W

    def _update_ortho(self):
        """One step of method="ortho"."""
        ns = self.ivars["converged_end"]
        nc = self.ivars["converged_count"]
        n = self.iparams["n"]
        largest = self.bparams["largest"]
        if self.ivars["istep"] == 0:
            self.X = matmul(self.X, self._ritz_of_x()[1])
            self.update_residual()
            np = 0
            nc = self.update_converged_count()
            self.S[:, :n] = self.X
            W = self._get_ortho(self.R, self.X)
            ns = self.ivars["converged_end"] = n + np + W.shape[-1]
            self.S[:, n + np:ns] = W
        else:
            S_ = self.S[:, nc:ns]
            E_, Z = _symeig(_qform(self.A, S_), largest)  # Rayleigh-Ritz
            self.X[:, nc:] = matmul(S_, Z[:, :n - nc])
            self.E[nc:] = E_[:n - nc]
            P = matmul(S_, matmul(Z[:, n - nc:], qr(Z[:n - nc, n - nc:].mT).Q))
            np = P.shape[-1]
            self.update_residual()
            nc = self.update_converged_count()
            self.S[:, :n] = self.X
            self.S[:, n:n + np] = P
            W = self._get_ortho(self.R[:, nc:], self.S[:, :n + np])
            ns = self.ivars["converged_end"] = n + np + W.shape[-1]
            self.S[:, n + np:ns] = W

    def _get_rayleigh_ritz_transform(self, S):
        """The upper-triangular Ri reducing (S^T A S) C = (S^T B S) C E to the standard problem
        (Ri^T S^T A S Ri) Z = Z E, C = Ri Z: with d = diag(S^T B S)^-1/2 and R^T R the Cholesky
        factorization of (d d^T) * S^T B S, Ri = R^-1 * d (elementwise products instead of D M D)."""
        SBS = _qform(self.B, S)
        d_row = SBS.diagonal(0, -2, -1) ** -0.5
        d_col = d_row.reshape(d_row.shape[0], 1)
        R = cholesky((SBS * d_row) * d_col, upper=True)
        return solve_triangular(R, d_row.diag_embed(), upper=True, left=False)

    def _get_svqb(self, U, drop, tau):
        """B-orthonormal U (U^T B U = I) by Algorithm 4 of Duersch's thesis (2015); with `drop`, the
        columns contributing little to span(U) are dropped."""
        if U.numel() == 0:
            return U
        UBU = _qform(self.B, U)
        d = UBU.diagonal(0, -2, -1)
        # exact zero columns (possible for constructed inputs) would divide by zero below: dropped
        nz = (abs(d) != 0.0).nonzero(as_tuple=True)
        if len(nz[0]) < len(d):
            U = U[:, nz[0]]
            if U.numel() == 0:
                return U
            UBU = _qform(self.B, U)
            d = UBU.diagonal(0, -2, -1)
            nz = (abs(d) != 0.0).nonzero(as_tuple=True)
            if len(nz[0]) != len(d):
                raise AssertionError(f"expected nz[0] length {len(d)}, got {len(nz[0])}")
        d_col = (d**-0.5).reshape(d.shape[0], 1)
        DUBUD = (UBU * d_col) * d_col.mT
        E, Z = _symeig(DUBUD)
        t = tau * abs(E).max()
        if drop:
            keep = (E > t).nonzero(as_tuple=True)
            E = E[keep[0]]
            Z = Z[:, keep[0]]
            d_col = d_col[keep[0]]
        else:
            E[(E < t).nonzero(as_tuple=True)[0]] = t
        return matmul(U * d_col.mT, Z * E**-0.5)

    def _get_ortho(self, U, V):
        """U made B-orthonormal and B-orthogonal to V (Algorithm 3 of Duersch's thesis, or Algorithm 6
        with bparams["ortho_use_drop"]); empty if all of U's columns are B-collinear to V."""
        m = self.iparams["m"]
        tau_ortho = self.fparams["ortho_tol"]
        tau_drop = self.fparams["ortho_tol_drop"]
        tau_replace = self.fparams["ortho_tol_replace"]
        i_max = self.iparams["ortho_i_max"]
        j_max = self.iparams["ortho_j_max"]
        use_drop = self.bparams["ortho_use_drop"]

        # clean up the previous call's variables
        for vkey in list(self.fvars.keys()):
            if vkey.startswith("ortho_") and vkey.endswith("_rerr"):
                self.fvars.pop(vkey)
        self.ivars.pop("ortho_i", 0)
        self.ivars.pop("ortho_j", 0)

        BV_norm = norm(_mm(self.B, V))
        BU = _mm(self.B, U)
        VBU = matmul(V.mT, BU)
        i = j = 0
        for i in range(i_max):
            U = U - matmul(V, VBU)
            drop = False
            tau_svqb = tau_drop
            for j in range(j_max):
                if use_drop:
                    U = self._get_svqb(U, drop, tau_svqb)
                    drop = True
                    tau_svqb = tau_replace
                else:
                    U = self._get_svqb(U, False, tau_replace)
                if U.numel() == 0:  # all of U's columns were B-collinear to V
                    self.ivars["ortho_i"] = i
                    self.ivars["ortho_j"] = j
                    return U
                BU = _mm(self.B, U)
                UBU = matmul(U.mT, BU)
                U_norm = norm(U)
                BU_norm = norm(BU)
                R = UBU - eye(UBU.shape[-1], dtype=UBU.dtype)
                R_norm = norm(R)
                rerr = float(R_norm) * float(BU_norm * U_norm) ** -1
                self.fvars[f"ortho_UBUmI_rerr[{i}, {j}]"] = rerr
                if rerr < tau_ortho:
                    break
            VBU = matmul(V.mT, BU)
            VBU_norm = norm(VBU)
            U_norm = norm(U)
            rerr = float(VBU_norm) * float(BV_norm * U_norm) ** -1
            self.fvars[f"ortho_VBU_rerr[{i}]"] = rerr
            if rerr < tau_ortho:
                break
            if m < U.shape[-1] + V.shape[-1]:
                B = self.B
                if B is None:
                    raise AssertionError("B must not be None")
                raise ValueError("Overdetermined shape of U:"
                                 f" #B-cols(={B.shape[-1]}) >= #U-cols(={U.shape[-1]}) + #V-cols(={V.shape[-1]}) "
                                 "must hold")
        self.ivars["ortho_i"] = i
        self.ivars["ortho_j"] = j
        return U
