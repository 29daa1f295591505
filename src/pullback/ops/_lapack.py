"""LAPACK's kernels that NumPy lacks, on batches of arrays (getrf, potf2, sytf2/sytrs, the
Householder reflections, triangular substitution), with LAPACK's pivot choices and failure states
(info, the partial factors), since torch returns those; and the layout LAPACK returns matrices in.
The op families build on them (linalg, factorizations); they import no op."""
import numpy as np

from .._dtype import not_implemented_for

# the dtypes LAPACK's kernels take (torch's CPU kernels have no half or integer forms)
_LAPACK_DTYPES = (np.float32, np.float64)


def check_lapack_dtype(kernel, a):
    """torch's refusal, by its CPU kernel `kernel`, of a dtype LAPACK has no routine for (half precision)."""
    if a.dtype not in _LAPACK_DTYPES:
        raise not_implemented_for(kernel, a)


def check_epsilon_dtype(a):
    """torch's refusal where a default tolerance needs a machine epsilon it knows for float and double only."""
    if a.dtype not in _LAPACK_DTYPES:
        raise RuntimeError("This function doesn't handle types other than float and double")


def _lapack_layout(x):
    """x laid out as LAPACK returns matrices to torch: each matrix column-major, batches in C order
    (a later reshape is then a _reshape_alias, and view() refuses what torch's refuses)."""
    return np.swapaxes(np.ascontiguousarray(np.swapaxes(x, -1, -2)), -1, -2)


def _triangle(a, upper, unitriangular=False):
    """The upper or lower triangle of each matrix of `a` (a new array), with ones on the diagonal if unit."""
    tri = np.triu(a) if upper else np.tril(a)
    if unitriangular:
        i = np.arange(min(a.shape[-2:]))
        tri[..., i, i] = 1
    return tri


def _substitute(tri, b, upper):
    """Solve tri X = b by back (upper) or forward substitution; a zero pivot gives inf / nan, as in torch."""
    n = tri.shape[-1]
    if b.shape[-2] != n:
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the equation AX = B "
                           f"({n}x{n} and {b.shape[-2]}x{b.shape[-1]})")
    x = np.zeros(np.broadcast_shapes(tri.shape[:-2], b.shape[:-2]) + b.shape[-2:], dtype=b.dtype)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for i in (range(n - 1, -1, -1) if upper else range(n)):
            done = slice(i + 1, n) if upper else slice(0, i)  # the rows solved so far
            known = (tri[..., i:i + 1, done] @ x[..., done, :])[..., 0, :]
            x[..., i, :] = (b[..., i, :] - known) / tri[..., i, i:i + 1]
    return x


def _batched(a):
    """a as a flat batch of matrices, and a function giving an array of the batch's shape back."""
    batch = a.shape[:-2]
    return a.reshape((int(np.prod(batch)),) + a.shape[-2:]), lambda x: x.reshape(batch + x.shape[1:])


def _getrf(a):
    """LAPACK's getrf on each matrix of a (..., m, n): LU with partial pivoting (the first largest
    |entry| of the column), packed in one array; pivots 1-based int32; info the first zero pivot
    (1-based, 0 if none), which is skipped as LAPACK skips it."""
    flat, back = _batched(a)
    lu = flat.copy()
    count, m, n = lu.shape
    k = min(m, n)
    rows = np.arange(count)
    pivots = np.empty((count, k), np.int32)
    info = np.zeros(count, np.int32)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for j0 in range(0, k, _LU_BLOCK):  # right-looking, by panels of columns, as LAPACK's getrf
            j1 = min(j0 + _LU_BLOCK, k)
            for j in range(j0, j1):
                p = j + np.argmax(np.abs(lu[:, j:, j]), axis=1)
                pivots[:, j] = p + 1
                swap = rows[p != j]
                if swap.size:  # whole rows: the columns right of the panel follow
                    lu[swap, j], lu[swap, p[swap]] = lu[swap, p[swap]], lu[swap, j].copy()
                pivot = lu[:, j, j]
                zero = pivot == 0
                info[(info == 0) & zero] = j + 1
                if j + 1 < m:
                    lu[:, j + 1:, j] /= np.where(zero, 1, pivot)[:, None]  # (a zero pivot's column is zero)
                    lu[:, j + 1:, j + 1:j1] -= lu[:, j + 1:, j, None] * lu[:, j, None, j + 1:j1]
            if j1 < n:  # the panel's rows of U right of it, then the trailing block's update, by matrix products
                unit_lower = np.tril(lu[:, j0:j1, j0:j1], -1) + np.eye(j1 - j0, dtype=lu.dtype)
                lu[:, j0:j1, j1:] = _substitute(unit_lower, lu[:, j0:j1, j1:], False)
                if j1 < m:
                    lu[:, j1:, j1:] -= lu[:, j1:, j0:j1] @ lu[:, j0:j1, j1:]
    return back(lu), back(pivots), info.reshape(a.shape[:-2])


_LU_BLOCK = 64  # the panel width: small panels by rank-1 updates, the rest by matrix products


def _permutation(pivots, m):
    """The row order P^T puts A's rows in (A = P L U) for LAPACK's pivots: row i of L U is row perm[i] of A."""
    flat = pivots.reshape(int(np.prod(pivots.shape[:-1])), pivots.shape[-1]).astype(np.int64) - 1
    perm = np.broadcast_to(np.arange(m), (flat.shape[0], m)).copy()
    rows = np.arange(flat.shape[0])
    for i in range(flat.shape[1]):
        p = flat[:, i]
        perm[rows, i], perm[rows, p] = perm[rows, p], perm[rows, i].copy()
    return perm.reshape(pivots.shape[:-1] + (m,))


def _lu_triangles(lu):
    """The unit lower L (m x k) and upper U (k x n) packed in LAPACK's LU."""
    m, n = lu.shape[-2:]
    k = min(m, n)
    return _triangle(lu[..., :, :k], False, True), _triangle(lu[..., :k, :], True)


def _lu_solve_arrays(lu, pivots, b, adjoint=False):
    """X with A X = B (A^T X = B if adjoint) for A = P L U given as getrf's LU and pivots."""
    low, up = _lu_triangles(lu)
    batch = np.broadcast_shapes(lu.shape[:-2], pivots.shape[:-1], b.shape[:-2])
    perm = np.broadcast_to(_permutation(pivots, lu.shape[-1]), batch + pivots.shape[-1:])[..., :, None]
    b = np.broadcast_to(b, batch + b.shape[-2:])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if not adjoint:  # U^{-1} L^{-1} P^T B
            return _substitute(up, _substitute(low, np.take_along_axis(b, perm, -2), False), True)
        y = _substitute(np.swapaxes(low, -1, -2), _substitute(np.swapaxes(up, -1, -2), b, False), True)
    x = np.empty_like(y)
    np.put_along_axis(x, np.broadcast_to(perm, y.shape), y, -2)  # P Y
    return x


def _solve_by_lu(a, b, adjoint=False):
    """(X with A X = B, or A^T X = B if adjoint, getrf's info) for square A, singular ones included:
    torch's inf and nan where a pivot is zero."""
    lu, pivots, info = _getrf(a)
    return _lu_solve_arrays(lu, pivots, b, adjoint), info


def _potf2(a):
    """LAPACK's unblocked potf2 (lower) on each matrix: (the factor, info). Where a leading minor of
    order k is not positive-definite, info is k and, as LAPACK leaves it, the factor's diagonal holds
    that step's remainder, the columns from there on A's own (lower) values."""
    flat, back = _batched(a)
    low = np.tril(flat)
    count, n, _ = low.shape
    info = np.zeros(count, np.int32)
    active = np.ones(count, bool)
    with np.errstate(invalid="ignore"):
        for j in range(n):
            row = low[:, j, :j]
            ajj = low[:, j, j] - np.einsum("bi,bi->b", row, row)
            failed = active & ~(ajj > 0)
            low[failed, j, j] = ajj[failed]
            info[failed] = j + 1
            active &= ~failed
            if not active.any():
                break
            go = np.flatnonzero(active)
            d = np.sqrt(ajj[go])
            low[go, j, j] = d
            low[go, j + 1:, j] = (low[go, j + 1:, j] - np.einsum("bri,bi->br", low[go, j + 1:, :j], low[go, j, :j])
                                  ) / d[:, None]
    return back(low), info.reshape(a.shape[:-2])


def _cholesky_solve_arrays(b, factor, upper):
    """X with A X = B for A = L L^T (U^T U if upper), reading only the factor's triangle."""
    tri = _triangle(factor, upper)
    low = np.swapaxes(tri, -1, -2) if upper else tri
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _lapack_layout(_substitute(np.swapaxes(low, -1, -2), _substitute(low, b, False), True))


def _reflect(v, tau, c, left, transpose):
    """Q C, Q^T C, C Q or C Q^T for Q = H_1 ... H_k, H_i = I - tau_i w_i w_i^T with w_i the i-th column
    of v below its diagonal, after a 1 (LAPACK's ormqr)."""
    k = tau.shape[-1]
    c = np.array(np.broadcast_to(c, np.broadcast_shapes(v.shape[:-2], c.shape[:-2]) + c.shape[-2:]))
    # C's side decides the order: H_1 is applied last for Q C and C Q^T, first for Q^T C and C Q
    order = range(k - 1, -1, -1) if left != transpose else range(k)
    for i in order:
        w = v[..., :, i].copy()
        w[..., :i] = 0
        w[..., i] = 1
        t = tau[..., i, None, None]
        if left:
            c -= t * w[..., :, None] * (w[..., None, :] @ c)
        else:
            c -= t * (c @ w[..., :, None]) * w[..., None, :]
    return c


_BUNCH_KAUFMAN = (1 + np.sqrt(17.0)) / 8  # LAPACK's alpha: the growth bound of Bunch-Kaufman pivoting


def _sytf2(a):
    """LAPACK's unblocked sytf2 (lower) on each matrix of a: (LD, pivots, info), A = P L D L^T P^T with
    Bunch-Kaufman pivoting, D of 1 x 1 and 2 x 2 blocks, pivots as LAPACK's ipiv (1-based, negative for a
    2 x 2 block), info the first zero block (1-based, 0 if none). Only the lower triangle is read."""
    flat, back = _batched(a)
    out = np.tril(flat)
    pivots = np.zeros(flat.shape[:2], np.int32)
    info = np.zeros(flat.shape[0], np.int32)
    for b in range(flat.shape[0]):
        info[b] = _sytf2_one(out[b], pivots[b])
    return back(out), back(pivots), info.reshape(a.shape[:-2])


def _sytf2_one(a, ipiv):
    """sytf2 on one matrix, in place on its lower triangle and ipiv; returns info."""
    n = a.shape[0]
    info = k = 0
    while k < n:
        step = 1
        absakk = abs(a[k, k])
        imax = k + 1 + int(np.argmax(np.abs(a[k + 1:, k]))) if k < n - 1 else k
        colmax = abs(a[imax, k]) if k < n - 1 else 0.0
        if max(absakk, colmax) == 0 or np.isnan(absakk):  # a zero column: recorded, left as it is
            info = info or k + 1
            kp = k
        else:
            kp = k
            if absakk < _BUNCH_KAUFMAN * colmax:
                rowmax = np.abs(a[imax, k:imax]).max()  # row imax's largest off-diagonal |entry|
                if imax < n - 1:
                    rowmax = max(rowmax, np.abs(a[imax + 1:, imax]).max())
                if absakk >= _BUNCH_KAUFMAN * colmax * (colmax / rowmax):
                    pass
                elif abs(a[imax, imax]) >= _BUNCH_KAUFMAN * rowmax:
                    kp = imax
                else:
                    kp, step = imax, 2
            kk = k + step - 1
            if kp != kk:  # swap rows and columns kk and kp of the trailing lower triangle
                a[kp + 1:, kk], a[kp + 1:, kp] = a[kp + 1:, kp].copy(), a[kp + 1:, kk].copy()
                a[kk + 1:kp, kk], a[kp, kk + 1:kp] = a[kp, kk + 1:kp].copy(), a[kk + 1:kp, kk].copy()
                a[kk, kk], a[kp, kp] = a[kp, kp], a[kk, kk]
                if step == 2:
                    a[k + 1, k], a[kp, k] = a[kp, k], a[k + 1, k]
            if step == 1 and k < n - 1:
                d11 = 1 / a[k, k]
                w = a[k + 1:, k].copy()
                a[k + 1:, k + 1:] -= np.tril(np.outer(w, w) * d11)
                a[k + 1:, k] *= d11
            elif step == 2 and k < n - 2:
                d21 = a[k + 1, k]
                d11, d22 = a[k + 1, k + 1] / d21, a[k, k] / d21
                d21 = 1 / (d11 * d22 - 1) / d21
                wk = d21 * (d11 * a[k + 2:, k] - a[k + 2:, k + 1])
                wkp1 = d21 * (d22 * a[k + 2:, k + 1] - a[k + 2:, k])
                a[k + 2:, k + 2:] -= np.tril(np.outer(a[k + 2:, k], wk) + np.outer(a[k + 2:, k + 1], wkp1))
                a[k + 2:, k], a[k + 2:, k + 1] = wk, wkp1
        ipiv[k:k + step] = kp + 1 if step == 1 else -(kp + 1)
        k += step
    return info


def _sytrs(ld, pivots, b):
    """LAPACK's sytrs (lower): X with A X = B for A given by sytf2's LD and pivots."""
    batch = np.broadcast_shapes(ld.shape[:-2], b.shape[:-2])
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]))
    lds = np.broadcast_to(ld, batch + ld.shape[-2:]).reshape((-1,) + ld.shape[-2:])
    ipivs = np.broadcast_to(pivots, batch + pivots.shape[-1:]).reshape(-1, pivots.shape[-1]).astype(np.int64)
    flat = x.reshape((-1,) + x.shape[-2:])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for one, ipiv, xb in zip(lds, ipivs, flat):
            _sytrs_one(one, ipiv, xb)
    return flat.reshape(x.shape)


def _sytrs_one(a, ipiv, x):
    n = a.shape[0]
    k = 0
    while k < n:  # L D Y = P^T B
        kp = abs(ipiv[k]) - 1
        if ipiv[k] > 0:
            x[[k, kp]] = x[[kp, k]]
            x[k + 1:] -= np.outer(a[k + 1:, k], x[k])
            x[k] /= a[k, k]
            k += 1
        else:
            x[[k + 1, kp]] = x[[kp, k + 1]]
            x[k + 2:] -= np.outer(a[k + 2:, k], x[k]) + np.outer(a[k + 2:, k + 1], x[k + 1])
            akm1k = a[k + 1, k]
            akm1, ak = a[k, k] / akm1k, a[k + 1, k + 1] / akm1k
            denom = akm1 * ak - 1
            bkm1, bk = x[k] / akm1k, x[k + 1] / akm1k
            x[k], x[k + 1] = (ak * bkm1 - bk) / denom, (akm1 * bk - bkm1) / denom
            k += 2
    k = n - 1
    while k >= 0:  # L^T P^T X = Y
        kp = abs(ipiv[k]) - 1
        x[k] -= a[k + 1:, k] @ x[k + 1:]
        if ipiv[k] < 0:
            x[k - 1] -= a[k + 1:, k - 1] @ x[k + 1:]
        x[[k, kp]] = x[[kp, k]]
        k -= 1 if ipiv[k] > 0 else 2
