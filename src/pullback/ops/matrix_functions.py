"""Matrix functions beyond the decompositions (the ops behind linalg.lstsq, pinv, matrix_exp, cond,
diagonal, tensorinv, tensorsolve, torch.qr), and what torch removed but still names.

lstsq, pinv and matrix_exp are nodes of their own with torch's derivative formulas
(FunctionsManual.cpp: linalg_lstsq_backward, pinv_backward, and the matrix exponential of a
block matrix), written in Tensor ops so that they differentiate again. cond, tensorinv and
tensorsolve record torch's compositions of the ops in ops/linalg.py.
"""
import numpy as np

from ._op import Op
from .._dtype import scalar_type_name
from ._lapack import check_epsilon_dtype, check_lapack_dtype
from .linalg import (LinAlgError, LinalgInvEx, LinalgQr, _check_float, _check_square, batch_shape, check_square_shape,
                     eigvalsh, inv, matrix_norm, svd_arrays, svdvals)
from .linalg import solve as linalg_solve
from .reduction import _return_type
from .shape import Diagonal, ReshapeAlias, movedim, reshape
from .._runtime import warn_once

linalg_lstsq_type = _return_type("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))
qr_type = _return_type("qr", ("Q", "R"))
for _t in (linalg_lstsq_type, qr_type):
    _t.__module__ = __name__  # pickle finds them here


# ================================================================= pinv
class LinalgPinv(Op):
    """The pseudoinverse, V diag(1/S) U^T over the singular values above max(atol, rtol * S_max)
    (eigenvalues for hermitian A), as torch's linalg_pinv; torch's pinv_backward."""
    saves = (0, "result")

    def forward(ctx, a, atol, rtol, hermitian):
        m, n = a.shape[-2:]
        if a.size == 0:
            return np.zeros(a.shape[:-2] + (n, m), a.dtype)
        if hermitian:
            _check_square("linalg.eigh", a)
            w, u = np.linalg.eigh(a)
            s, v, ut = np.abs(w), u, np.swapaxes(u, -1, -2)
        else:
            u, s, vh = svd_arrays(a, full_matrices=False)
            w, v, ut = s, np.swapaxes(vh, -1, -2), np.swapaxes(u, -1, -2)
        tol = _cutoff(atol, rtol, s.max(-1, keepdims=True))
        inv_w = np.where(s > tol, 1 / w, 0).astype(a.dtype)
        return (v * inv_w[..., None, :]) @ ut

    def backward(ctx, grad):
        a, pinv_a = ctx.saved_tensors
        return _pinv_backward(grad, pinv_a, a), None, None, None


def _pinv_backward(grad, pinv_a, a):
    """torch's pinv_backward, its products ordered to keep the matrices small."""
    m, n = a.shape[-2:]
    pinv_at, gradt = pinv_a.mT, grad.mT
    if m <= n:
        k = gradt.matmul(pinv_a)
        k_pinv_at = k.matmul(pinv_at)
        return -(pinv_a.matmul(k)).mT + k_pinv_at - (a.matmul(pinv_a)).matmul(k_pinv_at) + \
            (pinv_at.matmul(pinv_a)).matmul(gradt - k.matmul(a))
    k = pinv_a.matmul(gradt)
    pinv_at_k = pinv_at.matmul(k)
    return -(k.matmul(pinv_a)).mT + (gradt - a.matmul(k)).matmul(pinv_a).matmul(pinv_at) + pinv_at_k - \
        pinv_at_k.matmul(pinv_a).matmul(a)


def _tolerance(t, name, fn):
    if isinstance(t, Tensor):
        if t.requires_grad and _grad_enabled():
            raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{name}'. "
                               "This input cannot have requires_grad True.")
        return t._data.astype(np.float64)
    return np.asarray(float(t))


def _tolerances(a, atol=None, rtol=None, fn="linalg_pinv"):
    """torch's get_atol_rtol, as float64 arrays: rtol defaults to eps * max(m, n), or to 0 where a
    positive atol is given."""
    atol_a = np.zeros(()) if atol is None else _tolerance(atol, "atol", fn)
    if rtol is not None:
        return atol_a, _tolerance(rtol, "rtol", fn)
    default = np.finfo(a.dtype).eps * max(a.shape[-2:])
    return atol_a, (np.asarray(default) if atol is None else np.where(atol_a > 0, 0.0, default))


def _cutoff(atol, rtol, top):
    """torch's max(atol.unsqueeze(-1), rtol.unsqueeze(-1) * top) of pinv and matrix_rank, `top` the largest
    singular value of each matrix (kept as a dim), in float64, where tolerances given as tensors must
    broadcast against the batch (refused in torch's words)."""
    return _binary(np.maximum, atol[..., None], _binary(np.multiply, rtol[..., None], top.astype(np.float64)))


def linalg_matrix_rank(input, tol=None, hermitian=False, *, atol=None, rtol=None):
    """The number of singular values above max(atol, rtol * largest), not differentiable.

    The tolerances are numbers or tensors broadcasting against the batch, as pinv's; `tol` (torch's
    older overload) is atol with rtol 0."""
    if tol is not None:
        atol, rtol = tol, 0.0
    a = input._data
    if a.ndim < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if rtol is None:
        check_epsilon_dtype(a)  # (its default needs the dtype's epsilon)
    atol, rtol = _tolerances(a, atol, rtol, "linalg_matrix_rank")
    if not a.size:  # no singular values: rank 0
        return Tensor._wrap(np.zeros(a.shape[:-2], np.int64))
    if hermitian:  # its singular values are its eigenvalues' magnitudes (read from its lower triangle)
        with no_grad():
            s = np.abs(eigvalsh(input)._data)
    else:
        _check_float("linalg.svd", a)
        s = svd_arrays(a, compute_uv=False)
    return Tensor._wrap((s > _cutoff(atol, rtol, s.max(-1, keepdims=True))).sum(-1))


def pinv(input, rcond=None, hermitian=False, *, atol=None, rtol=None):
    """The pseudoinverse of each matrix, singular values up to max(atol, rtol * largest) taken as zero.

    rcond (deprecated) is rtol; hermitian=True reads input's lower triangle as a symmetric matrix."""
    a = input._data
    if a.dtype not in (np.float32, np.float64) or a.ndim < 2:
        raise RuntimeError(f"linalg.pinv({scalar_type_name(a)}{{{list(a.shape)}}}): expected a tensor with 2 or more "
                           "dimensions of float, double, cfloat or cdouble types")
    if rcond is not None:  # (the parser has refused it beside atol or rtol)
        atol, rtol = 0.0, rcond
    return LinalgPinv.apply(input, *_tolerances(a, atol, rtol), bool(hermitian))


def pinverse(input, rcond=1e-15):
    """torch.pinverse: linalg.pinv with relative tolerance rcond."""
    return pinv(input, rcond)


# ================================================================= lstsq
_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


class LinalgLstsq(Op):
    """(solution, residuals, rank, singular_values) of min ||A X - B|| with torch's rules for each
    LAPACK driver: rank for all but gels, singular values for gelsd and gelss, residuals for a tall
    A of full rank (gels assumes it) unless gelsy. The solution is the SVD's (rank-revealing drivers
    drop singular values at most rcond * largest); torch's linalg_lstsq_backward."""
    saves = (0, 1, "result")
    n_outputs = 4
    nondiff_outputs = (2, 3)
    # torch's formula tells a gradient that never arrived (solution or residuals unused) from a zero
    # one: with no output metadata on the node the engine leaves it None instead of zeros
    _out_metas = property(lambda node: None, lambda node, metas: None)

    def forward(ctx, a, b, rcond, driver):
        if a.ndim < 2:
            raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
        if b.ndim < 1:
            raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
        if a.dtype != b.dtype:
            raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same dtype, but got "
                               f"input's dtype {scalar_type_name(a)} and other's dtype {scalar_type_name(b)}")
        if not 0 <= a.ndim - b.ndim <= 1:
            raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
                               "(input.dim() - other.dim()) <= 1")
        # a vector right side is one dim shorter and has A's leading dims; B one dim shorter otherwise is a
        # matrix with fewer batch dims
        vector = ctx.vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])
        bm = b[..., None] if vector else b
        if bm.shape[-2] != a.shape[-2]:
            raise RuntimeError(f"torch.linalg.lstsq: input.size(-2) should match other.size({-1 if vector else -2})")
        driver = "gelsy" if driver is None else driver
        if driver not in _DRIVERS:
            raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
        check_epsilon_dtype(a)
        # torch's results take the batch shape of A's leading dims with as many of B's (its rows among them
        # when B is one dim shorter): the solutions of the problems broadcast to it
        batch = batch_shape(a.shape[:-2], b.shape[:a.ndim - 2])
        batch_shape(a.shape[:-2], bm.shape[:-2])
        (m, n), k = a.shape[-2:], bm.shape[-1]
        s = np.zeros(a.shape[:-2] + (min(m, n),), a.dtype)
        x = np.zeros(batch + (n, k), a.dtype)
        keep = np.zeros(s.shape, bool)
        if a.size:
            u, s, vh = svd_arrays(a, full_matrices=False)
            keep = (s > _lstsq_cutoff(s, rcond, driver, m, n)) & (s > 0)
            inv_s = np.where(keep, 1 / s, 0).astype(a.dtype)
            x = np.swapaxes(vh, -1, -2) @ (inv_s[..., None] * (np.swapaxes(u, -1, -2) @ bm))
            if x.shape[:-2] != batch:
                x = np.broadcast_to(x, batch + (n, k)).copy()
        rank = keep.sum(-1, dtype=np.int64)
        residuals = np.zeros((0,), a.dtype)
        if m > n and driver != "gelsy" and (driver == "gels" or (rank == n).all()):
            r = a @ x - bm
            residuals = (r * r).sum(-2) if driver != "gels" or n else np.zeros(batch + (k,), a.dtype)
        return (x[..., 0] if vector else x, residuals,
                np.zeros((0,), np.int64) if driver == "gels" else rank,
                s if driver in ("gelsd", "gelss") else np.zeros((0,), a.dtype))

    def backward(ctx, gx, gres, grank=None, gsv=None):
        a, b, x = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[:2]
        has_gres = gres is not None and gres.numel() > 0
        if gx is None and not has_gres:
            return None, None, None, None
        matrix = (lambda t: t.unsqueeze(-1)) if ctx.vector else (lambda t: t)
        vector = (lambda t: t.squeeze(-1)) if ctx.vector else (lambda t: t)
        bm = matrix(b)
        ga = gb = None
        if gx is not None:
            gx = matrix(gx)
            pinv_a = LinalgPinv.apply(a, *_tolerances(a._data), False)
            if need_a:
                ga = _pinv_backward(gx.matmul(bm.mT), pinv_a, a)
            if need_b:
                gb = vector(pinv_a.mT.matmul(gx))
        if has_gres:  # residuals = sum((A X - B)^2): X's own change does not move them (X is the minimum)
            xm = matrix(x)
            r = a.matmul(xm) - bm
            g = gres.unsqueeze(-2)
            if need_a:
                ga_res = times((g * r).matmul(xm.mT), 2)
                ga = ga_res if ga is None else ga + ga_res
            if need_b:
                gb_res = vector(times(g, -2) * r)
                gb = gb_res if gb is None else gb + gb_res
        return ga, gb, None, None


def _lstsq_cutoff(s, rcond, driver, m, n):
    """The singular values each driver treats as zero: none for gels (it assumes full rank), else
    those at most rcond * largest; gelsd and gelss read a negative rcond as the machine precision."""
    if driver == "gels":
        return 0.0
    eps = np.finfo(s.dtype).eps
    r = eps * max(m, n) if rcond is None else float(rcond)
    if r < 0 and driver != "gelsy":
        r = eps
    return r * s[..., :1]


def linalg_lstsq(input, b, rcond=None, *, driver=None):
    """(solution, residuals, rank, singular_values) of the least-squares problem min ||input X - b||.

    b is a matrix or, one dim shorter, a vector; the LAPACK driver (gels, gelsy (default), gelsd or
    gelss) decides which of residuals, rank and singular values are computed, as in torch."""
    return linalg_lstsq_type(*LinalgLstsq.apply(input, b, rcond, driver))


# ================================================================= matrix_exp
class LinalgMatrixExp(Op):
    """exp(A) of each square matrix. Its gradient is the top-right block of the exponential of
    [[A^T, grad], [0, A^T]] (torch's linalg_matrix_exp_differential), so it differentiates again."""
    saves = (0,)

    def forward(ctx, a):
        _check_square("linalg.matrix_exp", a)
        return _expm(a)

    def backward(ctx, grad):
        a, = ctx.saved_tensors
        n = a.shape[-1]
        at = a.transpose(-2, -1)
        meta = Tensor._wrap(np.zeros(tuple(a.shape[:-2]) + (2 * n, 2 * n), grad._data.dtype))
        meta.narrow(-2, 0, n).narrow(-1, 0, n).copy_(at)
        meta.narrow(-2, n, n).narrow(-1, n, n).copy_(at)
        meta.narrow(-2, 0, n).narrow(-1, n, n).copy_(grad)
        return LinalgMatrixExp.apply(meta).narrow(-2, 0, n).narrow(-1, n, n)


# Higham (2005), "The scaling and squaring method for the matrix exponential revisited": the
# degree-13 Pade approximant is accurate to double precision for 1-norms up to THETA_13
_PADE_13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
            129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0, 40840800.0,
            960960.0, 16380.0, 182.0, 1.0)
_THETA_13 = 5.371920351148152


def _expm(a):
    """exp of each matrix by scaling and squaring with the degree-13 Pade approximant, in float64
    (float32 results are rounded from it); a matrix with a non-finite entry gives NaNs, as torch's."""
    if a.size == 0:
        return np.zeros(a.shape, a.dtype)
    n = a.shape[-1]
    x = a.reshape(-1, n, n).astype(np.float64)
    norm = np.abs(x).sum(-2).max(-1)
    finite = np.isfinite(norm)
    x[~finite] = 0
    squarings = np.maximum(np.ceil(np.log2(np.where(finite, norm, 0) / _THETA_13)), 0).astype(np.int64)
    x = x / np.exp2(squarings)[:, None, None]  # exact: powers of two
    b, eye = _PADE_13, np.eye(n)
    x2 = x @ x
    x4 = x2 @ x2
    x6 = x4 @ x2
    u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) + b[7] * x6 + b[5] * x4 + b[3] * x2 + b[1] * eye)
    v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 + b[0] * eye
    r = np.linalg.solve(v - u, v + u)
    for i in range(int(squarings.max())):
        again = squarings > i
        r[again] = r[again] @ r[again]
    r[~finite] = np.nan
    return r.reshape(a.shape).astype(a.dtype)


def matrix_exp(input):
    """The matrix exponential of each square matrix, sum of input^k / k!."""
    return LinalgMatrixExp.apply(input)


# ================================================================= cond
def cond(input, p=None):
    """The condition number of each matrix in norm p (None or 2, -2, 'fro', 'nuc', inf, -inf, 1, -1).

    None and +-2 use the singular values; the others the inverse (inf for a singular matrix)."""
    A = input
    a = A._data
    if isinstance(p, str):
        check_square_shape(f"linalg.cond(ord={p})", a)
        if p not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
        if a.size == 0:  # NumPy defines no condition number of a 0 x 0 matrix: torch gives 0
            return Tensor._wrap(np.zeros(a.shape[:-2], a.dtype))
        if p == "nuc":  # not matrix_norm, which refuses infinities
            s = svdvals(A)
            return s.sum(-1) * s.reciprocal().sum(-1)
        return _cond_through_inverse(A, p)
    if a.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    ord = 2 if p is None else p.item() if isinstance(p, Tensor) else p  # (a 0-d tensor: its number)
    if abs(ord) not in (1, 2, float("inf")):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {float(ord):g}")
    if a.size == 0:
        return Tensor._wrap(np.zeros(a.shape[:-2], a.dtype))
    if abs(ord) == 2:
        s = svdvals(A)  # descending
        largest, smallest = s.narrow(-1, 0, 1), s.narrow(-1, -1, 1)
        return (smallest / largest if ord == -2 else largest / smallest).squeeze(-1)
    shown = f"{ord:f}" if isinstance(ord, float) else int(ord)  # torch prints a float order as C's %f
    check_square_shape(f"linalg.cond(ord={shown})", a)
    return _cond_through_inverse(A, float(ord))


def _cond_through_inverse(A, ord):
    """torch's _linalg_cond_helper: norm(A) * norm(A^-1), the inverse of a singular matrix filled with
    inf in place (so, as in torch, the result cannot be differentiated), 0 * inf read as inf."""
    inverse, info = LinalgInvEx.apply(A, False)  # linalg.inv_ex(A): no error for a singular matrix
    inverse.masked_fill_(Tensor._wrap(info._data[..., None, None] > 0), float("inf"))
    result = matrix_norm(A, ord) * matrix_norm(inverse, ord)
    return result.nan_to_num_(float("inf"), float("inf"), -float("inf"))


# ================================================================= diagonal, tensorinv, tensorsolve
def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """torch.diagonal with the last two dims as defaults: the diagonal `offset` of each matrix."""
    return Diagonal.apply(A, offset, dim1, dim2)


def tensorinv(input, ind=2):
    """The inverse of input for tensordot(input, ., ind), of shape input.shape[ind:] + input.shape[:ind].

    input is read as a square matrix, its first `ind` dims by the rest."""
    A = input
    ind = int(ind)
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    shape = tuple(A._data.shape)
    if ind > len(shape):
        raise RuntimeError(f"ArrayRef: invalid slice, N = {ind}; size = {len(shape)}")
    rows, cols = int(np.prod(shape[:ind])), int(np.prod(shape[ind:]))
    if rows != cols:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {cols} != {rows}")
    try:
        inverse = inv(reshape(A, (rows, rows)))
    except LinAlgError as e:  # torch reports it as the inverse's check of linalg_inv_ex
        raise LinAlgError(str(e).replace("linalg.inv:", "inv:", 1)) from None
    # torch's inverse is column-major: reshaped through _reshape_alias unless a single element
    return (ReshapeAlias.apply if rows > 1 else reshape)(inverse, shape[ind:] + shape[:ind])


def tensorsolve(input, other, dims=None):
    """X with tensordot(input, X, X.ndim) = other, of shape input.shape[other.ndim:] (input's `dims` moved
    last first).

    input is read as a square matrix, other's dims by the rest, and solved against other flattened."""
    A, B = input, other
    nd, nb = A._data.ndim, B._data.ndim
    if dims is not None:
        if not isinstance(dims, (tuple, list)):
            raise TypeError(f"linalg_tensorsolve(): argument 'dims' must be tuple of ints, not "
                            f"{type(dims).__name__}")
        A = movedim(A, tuple(dims), tuple(range(nd - len(dims), nd)))
    if nb > nd:
        raise RuntimeError("cannot create std::vector larger than max_size()")
    shape = tuple(A._data.shape)[nb:]
    size, b_size = int(np.prod(shape)), int(np.prod(B._data.shape))
    if size != b_size:
        raise RuntimeError(f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
                           f"prod(self.shape[:other.ndim]), but got {size} != {b_size}")
    return reshape(linalg_solve(reshape(A, (size, size)), B.flatten()), shape)


# ================================================================= torch.qr
def qr(input, some=True):
    """torch.qr (deprecated; warned once per process): linalg.qr's (Q, R), reduced unless some=False."""
    warn_once("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\n"
              "The boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = torch.qr(A, "
              "some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")
    return qr_type(*LinalgQr.apply(input, "reduced" if some else "complete"))


# ================================================================= complex results, removed functions
def _no_complex(name, A):
    a = A._data
    if a.dtype.kind != "f":
        raise RuntimeError(f"Unknown Complex ScalarType for {scalar_type_name(a)}")
    _check_square(name, a)
    check_lapack_dtype("linalg_eig_out_cpu", a)
    raise NotImplementedError(f"{name}: the eigenvalues and eigenvectors of a general real matrix are complex, "
                              "returned by torch as cfloat/cdouble tensors, which pullback does not have. For a "
                              "symmetric matrix use linalg.eigh / linalg.eigvalsh.")


def linalg_eig(input):
    """Not supported: torch returns complex tensors (raises after torch's input checks; use linalg.eigh)."""
    _no_complex("linalg.eig", input)


def eigvals(input):
    """Not supported: torch returns a complex tensor (raises after torch's input checks; use linalg.eigvalsh)."""
    _no_complex("linalg.eig" if input.requires_grad and _grad_enabled() else "linalg.eigvals", input)  # torch's


_REMOVED = "This function was deprecated since version 1.9 and is now removed."


def lstsq(input, A, *, out=None):
    """Removed from torch (use linalg.lstsq, arguments reversed): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.lstsq` is deprecated in favor of `torch.linalg.lstsq`.\n`torch.linalg.lstsq` has "
        "reversed arguments and does not return the QR decomposition in the returned tuple (although it returns "
        "other information about the problem).\n\nTo get the QR decomposition consider using `torch.linalg.qr`.\n\n"
        "The returned solution in `torch.lstsq` stored the residuals of the solution in the last m - n columns of "
        "the returned value whenever m > n. In torch.linalg.lstsq, the residuals are in the field 'residuals' of "
        "the returned named tuple.\n\nThe unpacking of the solution, as in\nX, _ = torch.lstsq(B, A).solution[:A."
        "size(1)]\nshould be replaced with:\nX = torch.linalg.lstsq(A, B).solution")


def symeig(input, eigenvectors=False, upper=True, *, out=None):
    """Removed from torch (use linalg.eigh / eigvalsh): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} The default behavior has changed from using the upper triangular portion of the matrix by "
        "default to using the lower triangular portion.\n\nL, _ = torch.symeig(A, upper=upper) should be replaced "
        "with:\nL = torch.linalg.eigvalsh(A, UPLO='U' if upper else 'L')\n\nand\n\nL, V = torch.symeig(A, "
        "eigenvectors=True) should be replaced with:\nL, V = torch.linalg.eigh(A, UPLO='U' if upper else 'L')")


def eig(self, eigenvectors=False, *, e=None, v=None):
    """Removed from torch (its replacement linalg.eig returns complex tensors): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.linalg.eig` returns complex tensors of dtype `cfloat` or `cdouble` rather than real "
        "tensors mimicking complex tensors.\n\nL, _ = torch.eig(A) should be replaced with:\nL_complex = "
        "torch.linalg.eigvals(A)\n\nand\n\nL, V = torch.eig(A, eigenvectors=True) should be replaced with:\n"
        "L_complex, V_complex = torch.linalg.eig(A)")


def solve(input, A, *, out=None):
    """Removed from torch (use linalg.solve, arguments reversed): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED} `torch.solve` is deprecated in favor of `torch.linalg.solve`. `torch.linalg.solve` has its "
        "arguments reversed and does not return the LU factorization.\n\nTo get the LU factorization see "
        "`torch.lu`, which can be used with `torch.lu_solve` or `torch.lu_unpack`.\nX = torch.solve(B, A).solution "
        "should be replaced with:\nX = torch.linalg.solve(A, B)")


def matrix_rank(input, tol=None, symmetric=False, *, out=None):
    """Removed from torch (use linalg.matrix_rank): raises torch's RuntimeError."""
    raise RuntimeError(
        f"{_REMOVED}\nPlease use the `torch.linalg.matrix_rank` function instead. The parameter 'symmetric' was "
        "renamed in `torch.linalg.matrix_rank()` to 'hermitian'.")


# torch's methods of the removed functions are its own Python ones, with their own parameters
def _solve_method(self, other):
    return solve(self, other)


def _lstsq_method(self, other):
    return lstsq(self, other)


def _eig_method(self, eigenvectors=False):
    return eig(self, eigenvectors)


def _symeig_method(self, eigenvectors=False):
    return symeig(self, eigenvectors)


__all__ = ["pinverse", "matrix_exp", "qr", "lstsq", "symeig", "eig", "solve", "matrix_rank"]
METHODS = {name: globals()[name] for name in ("pinverse", "matrix_exp", "qr")}
for _name, _method in (("solve", _solve_method), ("lstsq", _lstsq_method), ("eig", _eig_method),
                      ("symeig", _symeig_method)):
    _method.__name__ = _method.__qualname__ = _name
    METHODS[_name] = _method


from .._tensor import Tensor  # noqa: E402
from ..autograd.grad_mode import is_grad_enabled as _grad_enabled, no_grad  # noqa: E402
from .pointwise import _binary, times  # noqa: E402
