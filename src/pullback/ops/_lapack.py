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

# A batch of `count` n x n matrices goes column by column over the whole batch when
# count >= max(least, n // per), else a matrix at a time: a step over the batch costs several times
# the numpy calls of one matrix's step, which pays back from a few matrices on, and from more of
# them the bigger the matrices, whose own arithmetic (the same either way) is then most of the time.
_LDL_FACTOR_BATCH = (8, 16)  # (least, per), as measured on a 2-core host
_LDL_SOLVE_BATCH = (4, 64)
_LDL_LANE_BLOCK = 48 * 48  # trailing blocks from this size on are updated a matrix at a time
_LDL_PANEL = 64  # row panels for the trailing updates of big blocks: only the lower triangle is computed


def _batchwise(count, n, rule):
    least, per = rule
    return count >= max(least, n // per)


def _update_lower(a, lo, p, q, s=None, r=None, z=None):
    """a[:, lo:, lo:] -= (p q^T) s + r z^T on the lower triangle (p, q, r, z: (matrices, rows from lo
    on); s: a scale per matrix, shaped to broadcast, or None). Above the diagonal what is left holds
    values nothing reads. The per-matrix code's order of products and sums, so its bits."""
    m = a.shape[-1] - lo
    step = m if m <= 2 * _LDL_PANEL else _LDL_PANEL
    for r0 in range(0, m, step):
        r1 = min(r0 + step, m)
        term = p[:, r0:r1, None] * q[:, None, :r1]
        if s is not None:
            term *= s
        if r is not None:
            term += r[:, r0:r1, None] * z[:, None, :r1]
        a[:, lo + r0:lo + r1, lo:lo + r1] -= term


def _sytf2(a):
    """LAPACK's unblocked sytf2 (lower) on each matrix of a: (LD, pivots, info), A = P L D L^T P^T with
    Bunch-Kaufman pivoting, D of 1 x 1 and 2 x 2 blocks, pivots as LAPACK's ipiv (1-based, negative for a
    2 x 2 block), info the first zero block (1-based, 0 if none). Only the lower triangle is read."""
    flat, back = _batched(a)
    out = np.tril(flat)
    count, n = flat.shape[:2]
    pivots = np.zeros((count, n), np.int32)
    info = np.zeros(count, np.int32)
    if out.size:  # (the matrices' own infs and nans: errors are silenced by the op's caller)
        if not _batchwise(count, n, _LDL_FACTOR_BATCH):
            for b in range(count):
                info[b] = _sytf2_one(out[b], pivots[b])
        else:
            _sytf2_columns(out, pivots, info)
        out = np.tril(out)  # the updates' spill above the diagonal, which LAPACK leaves untouched
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
                _sytf2_step1(a, k)
            elif step == 2 and k < n - 2:
                _sytf2_step2(a, k)
        ipiv[k:k + step] = kp + 1 if step == 1 else -(kp + 1)
        k += step
    return info


def _sytf2_step1(a, k):
    """One matrix's 1 x 1 step at column k: the trailing update and L's column."""
    d11 = 1 / a[k, k]
    w = a[k + 1:, k]
    _update_lower(a[None], k + 1, w[None], w[None], d11)
    w *= d11


def _sytf2_step2(a, k):
    """One matrix's 2 x 2 step at columns k, k + 1 (k < n - 2): the trailing update and L's columns."""
    d21 = a[k + 1, k]
    d11, d22 = a[k + 1, k + 1] / d21, a[k, k] / d21
    d21 = 1 / (d11 * d22 - 1) / d21
    wk = d21 * (d11 * a[k + 2:, k] - a[k + 2:, k + 1])
    wkp1 = d21 * (d22 * a[k + 2:, k + 1] - a[k + 2:, k])
    _update_lower(a[None], k + 2, a[None, k + 2:, k], wk[None], None, a[None, k + 2:, k + 1], wkp1[None])
    a[k + 2:, k], a[k + 2:, k + 1] = wk, wkp1


def _sytf2_columns(a, ipiv, info):
    """sytf2 on a batch (count, n, n) at once, in place on the lower triangles, ipiv and info: the loop
    runs over the columns, column k a step for every matrix but those whose k - 1 began a 2 x 2 block,
    each matrix's pivot choice a mask. The same arithmetic as _sytf2_one, so the same bits; its pivot
    tests compare in double (LAPACK's alpha is one), float32 included, and so do these."""
    count, n, _ = a.shape
    rows = np.arange(count)
    wide = a.dtype != np.float64
    kps = np.empty((count, n), np.int64)  # each step's interchange, 0-based
    twos = np.zeros((count, n), bool)  # the steps that took a 2 x 2 block
    second = None  # the matrices whose column k is the second of a 2 x 2 block (None: none)
    for k in range(n):
        colk = np.abs(a[:, k:, k])
        absakk = colk[:, 0]
        if k < n - 1:
            imax = colk[:, 1:].argmax(axis=1)  # the first largest, a nan counting as largest, as in _sytf2_one
            colmax = colk[rows, imax + 1]
            imax += k + 1
        else:
            imax, colmax = np.full(count, k), np.zeros_like(absakk)
        skip = second  # the matrices this column takes no 1 x 1 step in (None: none)
        positive = absakk > 0
        if np.count_nonzero(positive) < count:  # max(absakk, colmax) == 0 as Python's max (a nan colmax
            # loses), or a nan absakk
            zero = ~positive & (np.isnan(absakk) | ~(colmax > 0))
            if second is not None:
                zero &= ~second
            if zero.any():  # a zero column: recorded, left as it is
                info[zero & (info == 0)] = k + 1
                skip = zero if skip is None else skip | zero
        bound = _BUNCH_KAUFMAN * (colmax.astype(np.float64) if wide else colmax)
        need = absakk < bound  # false in the zero columns
        if second is not None:
            need &= ~second
        kp, two = k, None
        if np.count_nonzero(need):  # row imax's largest off-diagonal |entry|: row imax left of it, column imax below
            t = np.arange(k, n)
            im = imax[:, None]
            rowmax = np.where(t < im, np.abs(a[rows, imax, k:]), -np.inf).max(axis=1)
            below = np.where(t > im, np.abs(a[rows, k:, imax]), -np.inf).max(axis=1)
            rowmax = np.where(below > rowmax, below, rowmax)  # as Python's max: a nan below loses
            ratio = colmax / rowmax
            keep = absakk >= bound * (ratio.astype(np.float64) if wide else ratio)
            swap = np.abs(a[rows, imax, imax]) >= _BUNCH_KAUFMAN * (rowmax.astype(np.float64) if wide else rowmax)
            moved = need & ~keep
            kp = np.where(moved, imax, k)
            two = moved & ~swap
            kk = k + two
            moving = (kp != kk).nonzero()[0]
            if moving.size:
                _swap_symmetric(a, moving, k, kk[moving], kp[moving])
            if np.count_nonzero(two):
                twos[:, k] = two
                skip = two if skip is None else skip | two
            else:
                two = None
        kps[:, k] = kp
        if k < n - 1:
            _sytf2_update(a, k, skip, two if two is not None and k < n - 2 else None)
        second = two
    piv = np.where(twos, -(kps + 1), kps + 1)
    seconds = twos[:, :-1]  # a 2 x 2 block's second column repeats its first's pivot
    piv[:, 1:][seconds] = piv[:, :-1][seconds]
    ipiv[...] = piv


def _sytf2_update(a, k, skip, two):
    """Column k's step on the trailing matrices of the batch at once, as one update
    a[:, k+1:, k+1:] -= (p q^T) s + r z^T: a 1 x 1 step's is (w w^T) d11 (r z^T = -0.0 * 0, which
    adds nothing, not even to a -0.0), a 2 x 2 step's (x wk^T) 1 + y wkp1^T from row k + 2 on, and
    where a matrix takes no step here (skip, not two), or in the 2 x 2 step's row k + 1, the vectors
    are zeros and s 1, so what is subtracted is +0.0: the matrix is left as it was. (Column k + 1
    below the 2 x 2 block takes products of zeros, possibly nan, and is then written over with wkp1.)
    One update for all the matrices, whatever their steps: no copies of picked matrices, no masked
    loops; what it costs is the zero lanes' arithmetic, so big trailing blocks go a matrix at a time."""
    if (a.shape[-1] - k - 1) ** 2 >= _LDL_LANE_BLOCK:
        for i in (range(len(a)) if skip is None else (~skip).nonzero()[0]):
            _sytf2_step1(a[i], k)
        for i in (() if two is None else two.nonzero()[0]):
            _sytf2_step2(a[i], k)
        return
    col = a[:, k + 1:, k]
    d11 = 1 / a[:, k, k]
    one = None if skip is None else ~skip
    if one is None:
        p = q = col
        scale = d11[:, None, None]
    else:
        p = np.where(one[:, None], col, 0)
        q = p
        scale = np.where(one, d11, 1)[:, None, None]
    r = z = None
    if two is not None:
        d21 = a[:, k + 1, k]
        d11, d22 = a[:, k + 1, k + 1] / d21, a[:, k, k] / d21
        d21 = (1 / (d11 * d22 - 1) / d21)[:, None]
        x, y = a[:, k + 2:, k], a[:, k + 2:, k + 1]
        wk = d21 * (d11[:, None] * x - y)
        wkp1 = d21 * (d22[:, None] * y - x)
        lanes = two[:, None]
        q = p.copy()
        np.copyto(p[:, 1:], x, where=lanes)
        np.copyto(q[:, 1:], wk, where=lanes)
        r, z = np.full_like(p, -0.0), np.zeros_like(p)
        np.copyto(r[:, 1:], y, where=lanes)
        np.copyto(z[:, 1:], wkp1, where=lanes)
    _update_lower(a, k + 1, p, q, scale, r, z)
    if one is None:
        col *= scale[:, 0]
    else:
        np.multiply(col, scale[:, 0], out=col, where=one[:, None])
    if two is not None:
        np.copyto(x, wk, where=lanes)
        np.copyto(y, wkp1, where=lanes)


def _swap_symmetric(a, which, k, kk, kp):
    """Swap rows and columns kk < kp (per matrix) of the trailing lower triangles of the matrices
    `which`, and for a 2 x 2 step (kk = k + 1) rows kk and kp of column k, by one gather and scatter:
    entry t = k .. n-1 of the position lists pairs two lower-triangle positions, the same one twice
    where nothing moves (t = kp), so no position is written twice."""
    t = np.arange(k, a.shape[-1])
    kk, kp = kk[:, None], kp[:, None]
    head = t < kk  # column k, a 2 x 2 step's
    r1, c1 = np.where(head, kk, t), np.minimum(t, kk)  # (kk, kk), then column kk below it
    r2 = np.where(head, kp, np.maximum(t, kp))  # (kp, kp), row kp to its left, column kp below it
    c2 = np.where(t == kk, kp, np.where(t == kp, kk, np.where(t > kp, kp, t)))
    b = which[:, None]
    first, other = a[b, r1, c1], a[b, r2, c2]
    a[b, r1, c1] = other
    a[b, r2, c2] = first


def _sytrs(ld, pivots, b):
    """LAPACK's sytrs (lower): X with A X = B for A given by sytf2's LD and pivots."""
    batch = np.broadcast_shapes(ld.shape[:-2], b.shape[:-2])
    count = int(np.prod(batch))  # not -1 in the reshapes: 0 x 0 matrices leave it undetermined
    x = np.array(np.broadcast_to(b, batch + b.shape[-2:]))
    a = np.broadcast_to(ld, batch + ld.shape[-2:]).reshape((count,) + ld.shape[-2:])
    ipiv = np.broadcast_to(pivots, batch + pivots.shape[-1:]).reshape(count, pivots.shape[-1]).astype(np.int64)
    flat = x.reshape((count,) + x.shape[-2:])
    if flat.size:
        if not _batchwise(count, ld.shape[-1], _LDL_SOLVE_BATCH):
            for one, p, xb in zip(a, ipiv, flat):
                _sytrs_one(one, p, xb)
        else:
            _sytrs_forward(a, ipiv, flat)
            _sytrs_backward(a, ipiv, flat)
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


def _steps(mask):
    """For each row k of the batch's masks (count, n): how many matrices take that step (a list)."""
    return np.count_nonzero(mask, axis=0).tolist()


def _swap_rows(x, swaps, src, dst, k):
    """Swap rows src and dst of x's matrices where swaps[:, k] holds."""
    w = swaps[:, k].nonzero()[0]
    i, j = src[w, k], dst[w, k]
    x[w, i], x[w, j] = x[w, j], x[w, i]


def _sytrs_forward(a, ipiv, x):
    """L D Y = P^T B on a batch at once, in place on x (count, n, nrhs): the loop runs over the rows,
    each matrix's block there (1 x 1, 2 x 2, or the second row of one) a mask, all found up front."""
    count, n = ipiv.shape
    positive = ipiv > 0
    lead = np.ones((count, n), bool)  # row k begins a block (is not a 2 x 2 block's second)
    for k in range(n - 1):
        np.logical_or(~lead[:, k], positive[:, k], out=lead[:, k + 1])
    one, two = lead & positive, lead & ~positive
    src = np.arange(n) + two  # the row the step's interchange moves: k, k + 1 in a 2 x 2 block
    dst = np.where(lead, np.abs(ipiv) - 1, src)
    swaps = src != dst
    n_one, n_two, n_swap = _steps(one), _steps(two), _steps(swaps)
    for k in range(n):  # each step computed for all matrices, applied where it is theirs
        if n_swap[k]:
            _swap_rows(x, swaps, src, dst, k)
        if n_one[k]:
            where = True if n_one[k] == count else one[:, k, None]
            tail = x[:, k + 1:]
            np.subtract(tail, a[:, k + 1:, k, None] * x[:, k, None, :], out=tail,
                        where=where if where is True else where[..., None])
            np.divide(x[:, k], a[:, k, k, None], out=x[:, k], where=where)
        if n_two[k]:
            where = True if n_two[k] == count else two[:, k, None]
            tail = x[:, k + 2:]
            term = a[:, k + 2:, k, None] * x[:, k, None, :] + a[:, k + 2:, k + 1, None] * x[:, k + 1, None, :]
            np.subtract(tail, term, out=tail, where=where if where is True else where[..., None])
            akm1k = a[:, k + 1, k, None]
            akm1, ak = a[:, k, k, None] / akm1k, a[:, k + 1, k + 1, None] / akm1k
            denom = akm1 * ak - 1
            bkm1, bk = x[:, k] / akm1k, x[:, k + 1] / akm1k
            np.copyto(x[:, k], (ak * bkm1 - bk) / denom, where=where)
            np.copyto(x[:, k + 1], (akm1 * bk - bkm1) / denom, where=where)


def _sytrs_backward(a, ipiv, x):
    """L^T P^T X = Y on a batch at once, in place on x, from the last row up. The dot products go
    through np.matmul on each matrix's own column, not a copy of it: the same BLAS calls, strides
    included, as _sytrs_one's, so the same sums."""
    count, n = ipiv.shape
    positive = ipiv > 0
    lead = np.ones((count, n), bool)  # row k ends a block, going up (is not a 2 x 2 block's first)
    for k in range(n - 1, 0, -1):
        np.logical_or(~lead[:, k], positive[:, k], out=lead[:, k - 1])
    two = lead & (ipiv < 0)
    rows = np.arange(n)
    dst = np.where(lead, np.abs(ipiv) - 1, rows)
    swaps = np.broadcast_to(rows, dst.shape) != dst
    n_lead, n_two, n_swap = _steps(lead), _steps(two), _steps(swaps)
    src = np.broadcast_to(rows, dst.shape)
    for k in range(n - 1, -1, -1):
        if k < n - 1:
            tail = x[:, k + 1:]
            if n_lead[k]:
                np.subtract(x[:, k], np.matmul(a[:, None, k + 1:, k], tail)[:, 0], out=x[:, k],
                            where=True if n_lead[k] == count else lead[:, k, None])
            if n_two[k]:
                np.subtract(x[:, k - 1], np.matmul(a[:, None, k + 1:, k - 1], tail)[:, 0], out=x[:, k - 1],
                            where=True if n_two[k] == count else two[:, k, None])
        if n_swap[k]:
            _swap_rows(x, swaps, src, dst, k)
