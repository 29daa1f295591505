"""Matrix factorizations and the solvers built on them (torch.linalg.lu_factor, lu, lu_solve, ldl_*,
householder_product; torch.lu, lu_unpack, lu_solve, triangular_solve, cholesky_*, geqrf, orgqr, ormqr,
logdet).

They stand on the LAPACK kernels NumPy lacks (getrf, potf2, sytf2: ops/_lapack.py). The derivatives
are torch's (FunctionsManual.cpp) in Tensor ops, so that they differentiate again.
"""

import numpy as np

from ..autograd import forward_ad
from .. import _signatures
from ._op import Op
from ._lapack import (_cholesky_solve_arrays, _getrf, _lapack_layout, _lu_solve_arrays, _lu_triangles, _permutation,
                      _reflect, _substitute, _sytf2, _sytrs, _triangle, check_lapack_dtype)
from .._dtype import scalar_type_name
from .linalg import (LinalgSlogdet, _check_square, _cholesky_backward, _cholesky_factor, _info_error,
                     batch_shape, solve_triangular)
from .pointwise import _NoDerivative, _zeros_like, where
from .reduction import _return_type
from .shape import cat
from .._runtime import warn_once


# ================================================================= LU
class LinalgLuFactorEx(Op):
    """(LU, pivots, info) of A = P L U; the gradient reaches A through L and U (torch's lu_factor_ex_backward)."""
    saves = ("result", "result1")
    n_outputs = 3
    nondiff_outputs = (1, 2)

    def forward(ctx, a, pivot, check_errors, name):
        _check_lu_input(name, a, pivot)
        ctx.pivot = pivot
        lu, pivots, info = _getrf(a)
        if check_errors:
            error = _info_error(f"torch.{name}", a, info, lambda k: (
                f"U[{k},{k}] is zero and using it on lu_solve would result in a division by zero. If you still want "
                "to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, "
                "pivot)"), RuntimeError)
            if error:
                raise error
        return lu, pivots, info

    def backward(ctx, grad, *unused):
        lu, pivots = ctx.saved_tensors
        p, low, up = LuUnpack.apply(lu, pivots, True, ctx.pivot)
        m, n = lu.shape[-2:]
        k = min(m, n)
        return _lu_backward(grad.narrow(-1, 0, k), grad.narrow(-2, 0, k), p, low, up, ctx.pivot), None, None, None


def _check_lu_input(name, a, pivot):
    if a.ndim < 2:
        raise RuntimeError(f"{'linalg.lu' if name == 'linalg.lu' else 'torch.lu_factor'}: Expected tensor with 2 "
                           f"or more dimensions. Got size: {list(a.shape)} instead")
    check_lapack_dtype("lu_cpu", a)
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")


class LinalgLu(Op):
    """(P, L, U) with A = P L U: L unit lower (m x k), U upper (k x n) (torch's linalg_lu_backward)."""
    saves = ("result", "result1", "result2")
    n_outputs = 3
    nondiff_outputs = (0,)

    def forward(ctx, a, pivot):
        _check_lu_input("linalg.lu", a, pivot)
        ctx.pivot = pivot
        lu, pivots, _ = _getrf(a)
        return _unpack(lu, pivots, True, True)

    def backward(ctx, grad_p, grad_l, grad_u):
        p, low, up = ctx.saved_tensors
        return _lu_backward(_taken(grad_l), _taken(grad_u), p, low, up, ctx.pivot), None


def _unpack(lu, pivots, unpack_data, unpack_pivots):
    """(P, L, U) arrays from getrf's LU and pivots; an empty array for what is not unpacked."""
    m = lu.shape[-2]
    empty = np.zeros((0,), lu.dtype)
    low, up = _lu_triangles(lu) if unpack_data else (empty, empty)
    if not unpack_pivots:
        return empty, low, up
    perm = _permutation(pivots, m)
    p = np.zeros(np.broadcast_shapes(lu.shape[:-2], perm.shape[:-1]) + (m, m), lu.dtype)
    np.put_along_axis(p, np.broadcast_to(perm, p.shape[:-1])[..., None], 1, -1)
    return np.swapaxes(p, -1, -2).copy(), low, up


def _lu_backward(grad_l, grad_u, p, low, up, pivot):
    """torch's linalg_lu_backward: A's gradient from those of L and U (either may be None) of A = P L U.
    Square: P L^{-T} [L^T gL o 1_L + gU U^T o 1_U] U^{-T}; a wide or tall A carries the block of U or L
    beyond the square one through."""
    if grad_l is None and grad_u is None:
        return None
    m, n = low.shape[-2], up.shape[-1]
    k = min(m, n)
    if m == n:
        ga = None if grad_l is None else low.mT.matmul(grad_l).tril(-1)
        if grad_u is not None:
            upper = grad_u.matmul(up.mT).triu()
            ga = upper if ga is None else ga + upper
        ga = solve_triangular(up.mT, ga, upper=False, left=False)
        ga = solve_triangular(low.mT, ga, upper=True, left=True, unitriangular=True)
    elif m < n:
        ga = None if grad_l is None else low.mT.matmul(grad_l)
        if grad_u is not None:
            term = grad_u.triu().matmul(up.mT)
            ga = -term if ga is None else ga - term
        ga = solve_triangular(up.narrow(-1, 0, k).mT, ga.tril(-1), upper=False, left=False)
        if grad_u is not None:
            ga = cat([ga + grad_u.narrow(-1, 0, k).triu(), grad_u.narrow(-1, k, n - k)], -1)
        ga = solve_triangular(low.mT, ga, upper=True, left=True, unitriangular=True)
        if grad_u is None:
            ga = cat([ga, _zeros_like(up.narrow(-1, k, n - k))], -1)
    else:
        ga = None if grad_u is None else grad_u.matmul(up.mT)
        if grad_l is not None:
            term = low.mT.matmul(grad_l.tril(-1))
            ga = -term if ga is None else ga - term
        ga = solve_triangular(low.narrow(-2, 0, k).mT, ga.triu(), upper=True, left=True, unitriangular=True)
        if grad_l is not None:
            ga = cat([ga + grad_l.narrow(-2, 0, k).tril(-1), grad_l.narrow(-2, k, m - k)], -2)
        ga = solve_triangular(up.mT, ga, upper=False, left=False)
        if grad_l is None:
            ga = cat([ga, _zeros_like(low.narrow(-2, k, m - k))], -2)
    return p.matmul(ga) if pivot else ga


def _taken(grad):
    """An output's gradient, or None for the zeros the engine hands a node for an output that took none:
    torch's formulas skip such an (undefined) gradient, so the gradient's graph is torch's; the values
    are the same either way."""
    if grad is None or (grad._grad_fn is None and not grad._requires_grad and grad._data.size
                        and not grad._data.any()):
        return None
    return grad


class LuUnpack(Op):
    """(P, L, U) from lu_factor's LU and pivots (torch's lu_unpack_backward: gL's strict lower and gU's
    upper triangles, each where the packed LU holds it)."""
    n_outputs = 3
    nondiff_outputs = (0,)
    _hidden = 0b10  # no edge for the pivots, as torch's node

    def forward(ctx, lu, pivots, unpack_data, unpack_pivots):
        if lu.ndim < 2:
            raise RuntimeError(f"torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: "
                               f"{list(lu.shape)} instead")
        if pivots.dtype != np.int32:
            raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 "
                               "dtype.\nNote: this function is intended to be used with the output produced by "
                               "torch.linalg.lu_factor")
        if unpack_pivots and pivots.size and (pivots.min() < 1 or pivots.max() > lu.shape[-2]):
            raise RuntimeError("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you "
                               "properly pass the result of lu_factor?")
        ctx.shape = lu.shape[-2:]
        return _unpack(lu, pivots, unpack_data, unpack_pivots)

    def backward(ctx, grad_p, grad_l, grad_u):
        m, n = ctx.shape
        k = min(m, n)
        grad_l, grad_u = _taken(grad_l), _taken(grad_u)
        if grad_l is None and grad_u is None:
            return None, None, None, None
        if grad_l is not None and grad_u is not None:
            if m == n:
                return grad_l.tril(-1) + grad_u.triu(), None, None, None
            l1 = grad_l.tril(-1) if m == k else grad_l.narrow(-2, 0, k).tril(-1)
            u1 = grad_u.triu() if n == k else grad_u.narrow(-1, 0, k).triu()
            rest = grad_l.narrow(-2, k, m - k) if m > n else grad_u.narrow(-1, k, n - k)
            return cat([l1 + u1, rest], -2 if m > n else -1), None, None, None
        if grad_l is not None:
            if m >= n:
                return grad_l.tril(-1), None, None, None
            return cat([grad_l.tril(-1), _zeros_shaped(grad_l, -1, n - m)], -1), None, None, None
        if n >= m:
            return grad_u.triu(), None, None, None
        return cat([grad_u.triu(), _zeros_shaped(grad_u, -2, m - n)], -2), None, None, None


def _zeros_shaped(t, dim, size):
    shape = list(t._data.shape)
    shape[dim] = size
    return Tensor._wrap(np.zeros(shape, t._data.dtype))


class LinalgLuSolve(Op):
    """X with A X = B, A^T X = B (adjoint), X A = B or X A^T = B (not left) for A given by lu_factor."""
    saves = (0, 1, "result")
    _hidden = 0b10

    def forward(ctx, lu, pivots, b, left, adjoint):
        _check_square("torch.linalg.lu_solve", lu)
        if b.ndim < 2:
            raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
        if lu.dtype != b.dtype:
            raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type "
                               f"{scalar_type_name(lu)} and B of type {scalar_type_name(b)} instead")
        if pivots.dtype != np.int32:
            raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
        if pivots.shape[-1:] != lu.shape[-1:]:
            raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the "
                               "matrix")
        if pivots.shape != lu.shape[:-1]:
            raise RuntimeError(f"linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got "
                               f"pivots with shape {list(pivots.shape)} instead")
        n = lu.shape[-1]
        if (b.shape[-2] if left else b.shape[-1]) != n:
            raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                               f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {b.shape[-2]}x{b.shape[-1]})")
        if pivots.size and pivots.min() < 1:
            raise RuntimeError("Pivots given to lu_solve must all be greater or equal to 1. Did you properly pass the "
                               "result of lu_factor?")
        if pivots.size and pivots.max() > lu.shape[-2]:
            raise RuntimeError("Pivots given to lu_solve must all be smaller or equal to LU.size(-2). Did you properly "
                               "pass the result of lu_factor?")
        batch_shape(b.shape[:-2], lu.shape[:-2])
        ctx.left, ctx.adjoint = left, adjoint
        if left:
            return _lu_solve_arrays(lu, pivots, b, adjoint)
        # X A = B is A^T X^T = B^T
        return np.swapaxes(_lu_solve_arrays(lu, pivots, np.swapaxes(b, -1, -2), not adjoint), -1, -2)

    def backward(ctx, grad):
        lu, pivots, x = ctx.saved_tensors
        left, adjoint = ctx.left, ctx.adjoint
        need_lu, _, need_b = ctx.needs_input_grad[:3]
        grad_lu = _lu_solve_lu_grad(grad, lu, pivots, x, left, adjoint) if need_lu else None
        grad_b = LinalgLuSolve.apply(lu, pivots, grad, left, not adjoint) if need_b else None
        return grad_lu, None, grad_b, None, None


def _lu_solve_lu_grad(grad, lu, pivots, x, left, adjoint):
    """torch's linalg_lu_solve_LU: the packed LU's gradient, gL's strict lower and gU's upper triangle."""
    p, low, up = LuUnpack.apply(lu, pivots, True, left == adjoint)
    if left != adjoint:
        g_r = solve_triangular(up.mT, -(grad if left else grad.mT).matmul(x.mT if left else x), upper=False)
        g_l = solve_triangular(low.mT, g_r.matmul(up.mT), upper=True, left=True, unitriangular=True).tril(-1)
        return g_l + g_r.triu()
    g_r = -p.mT.matmul(x if left else x.mT).matmul(grad.mT if left else grad).matmul(p)
    g_r = solve_triangular(low.mT, g_r, upper=True, left=False, unitriangular=True)
    g_u = solve_triangular(up.mT, low.mT.matmul(g_r), upper=False, left=False).triu()
    return g_r.tril(-1) + g_u


# ================================================================= triangular and Cholesky solves
class TriangularSolve(Op):
    """(X with op(A) X = B, A broadcast and cloned), op(A) = A or A^T, reading one triangle of A."""
    saves = (1, "result")
    n_outputs = 2

    def forward(ctx, b, a, upper, transpose, unitriangular):
        if b.ndim < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected b to have at least 2 dimensions, but it has "
                               f"{b.ndim} dimensions instead")
        if a.ndim < 2:
            raise RuntimeError(f"torch.triangular_solve: Expected A to have at least 2 dimensions, but it has "
                               f"{a.ndim} dimensions instead")
        _check_solve_operands("triangular_solve", b, a)
        ctx.args = upper, transpose, unitriangular
        ctx.b_shape = b.shape
        batch = np.broadcast_shapes(b.shape[:-2], a.shape[:-2])
        tri = _triangle(a, upper, unitriangular)
        if transpose:
            tri, upper = np.swapaxes(tri, -1, -2), not upper
        x = _substitute(tri, np.broadcast_to(b, batch + b.shape[-2:]), upper)
        return x, np.array(np.broadcast_to(a, batch + a.shape[-2:]))

    def backward(ctx, grad_x, grad_m):
        a, x = ctx.saved_tensors
        upper, transpose, unit = ctx.args
        need_b, need_a = ctx.needs_input_grad[:2]
        grad_x, grad_m = _taken(grad_x), _taken(grad_m)
        if grad_x is None and grad_m is None:
            return None, None, None, None, None
        grad_b = grad_a = None
        if grad_x is not None:
            grad_b = TriangularSolve.apply(grad_x, a, upper, not transpose, unit)[0]
            if need_a:
                grad_a = -x.matmul(grad_b.mT) if transpose else -grad_b.matmul(x.mT)
                grad_a = grad_a.triu(int(unit)) if upper else grad_a.tril(-int(unit))
        if grad_a is None:
            grad_a = Tensor._wrap(np.zeros(a._data.shape, a._data.dtype))
        if grad_b is None:
            grad_b = Tensor._wrap(np.zeros(ctx.b_shape, a._data.dtype))
        if need_a and grad_m is not None:
            grad_a = grad_a + grad_m
        return grad_b, grad_a, None, None, None


def _check_solve_operands(name, b, a):
    """The checks torch's triangular_solve and cholesky_solve share (their messages name no function)."""
    if b.dtype != a.dtype:
        raise RuntimeError(f"Expected b and A to have the same dtype, but found b of type {scalar_type_name(b)} and A "
                           f"of type {scalar_type_name(a)} instead.")
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"A must be batches of square matrices, but they are {a.shape[-2]} by {a.shape[-1]} "
                           "matrices")
    if a.shape[-1] != b.shape[-2]:
        raise RuntimeError(f"Incompatible matrix sizes for {name}: each A matrix is {a.shape[-2]} by {a.shape[-1]} "
                           f"but each b matrix is {b.shape[-2]} by {b.shape[-1]}")
    check_lapack_dtype(f"{name}_cpu", a)
    batch_shape(b.shape[:-2], a.shape[:-2])


class CholeskySolve(Op):
    """X with A X = B for A = L L^T (U^T U if upper) given by its factor (torch's cholesky_solve_backward)."""
    saves = (1, "result")

    def forward(ctx, b, factor, upper):
        if b.ndim < 2:
            raise RuntimeError(f"b should have at least 2 dimensions, but has {b.ndim} dimensions instead")
        if factor.ndim < 2:
            raise RuntimeError(f"u should have at least 2 dimensions, but has {factor.ndim} dimensions instead")
        _check_solve_operands("cholesky_solve", b, factor)
        ctx.upper = upper
        return _cholesky_solve_arrays(b, factor, upper)

    def backward(ctx, grad):
        factor, x = ctx.saved_tensors
        grad_b = CholeskySolve.apply(grad, factor, ctx.upper)
        grad_factor = None
        if ctx.needs_input_grad[1]:
            common = grad_b.matmul(x.mT)
            common = common + common.mT
            grad_factor = -factor.matmul(common) if ctx.upper else -common.matmul(factor)
        return grad_b, grad_factor, None


class CholeskyInverse(Op):
    """(L L^T)^{-1} ((U^T U)^{-1} if upper) from the factor (torch's cholesky_inverse_backward)."""
    saves = (0, "result")

    def forward(ctx, factor, upper):
        if factor.ndim < 2:
            raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 dimensions.")
        if factor.shape[-1] != factor.shape[-2]:
            raise RuntimeError(f"cholesky_inverse: A must be batches of square matrices, but they are "
                               f"{factor.shape[-2]} by {factor.shape[-1]} matrices")
        check_lapack_dtype("cholesky_inverse_out_cpu", factor)
        diagonal = np.diagonal(factor, 0, -2, -1) == 0
        if diagonal.size:
            info = np.where(diagonal.any(-1), diagonal.argmax(-1) + 1, 0)
            error = _info_error("cholesky_inverse", factor, info, lambda k: (
                f"The diagonal element {k} is zero, the inversion could not be completed because the input matrix "
                "is singular."))
            if error:
                raise error
        ctx.upper = upper
        # (L L^T)^-1 = L^-T L^-1 and (U^T U)^-1 = U^-1 U^-T, from the triangle torch reads
        tri_inverse = np.linalg.inv(np.triu(factor) if upper else np.tril(factor)) if factor.size else factor.copy()
        x = tri_inverse @ np.swapaxes(tri_inverse, -1, -2) if upper else np.swapaxes(tri_inverse, -1, -2) @ tri_inverse
        return _lapack_layout(np.tril(x) + np.swapaxes(np.tril(x, -1), -1, -2))  # symmetric, as LAPACK's potri fills it

    def backward(ctx, grad):
        factor, inverse = ctx.saved_tensors
        common = grad + grad.mT
        common = inverse.matmul(common.matmul(inverse))
        return (-factor.matmul(common) if ctx.upper else -common.matmul(factor)), None


class Cholesky(Op):
    """torch.cholesky's factor (CholeskyBackward0; linalg.cholesky's formula)."""
    saves = ("result",)

    def forward(ctx, a, upper):
        if a.ndim >= 2 and a.shape[-1] == a.shape[-2]:
            check_lapack_dtype("cholesky_cpu", a)
        ctx.upper = upper
        return _cholesky_factor(a, upper, "cholesky", "cholesky")[0]

    def backward(ctx, grad):
        factor, = ctx.saved_tensors
        return _cholesky_backward(grad, factor, ctx.upper), None


# ================================================================= Householder (QR) products
class Geqrf(Op):
    """LAPACK's geqrf: R above the diagonal, the Householder vectors below it, and their scales tau.
    torch records its node but has no derivative for it."""
    n_outputs = 2

    def forward(ctx, a):
        if a.ndim < 2:
            raise RuntimeError("torch.geqrf: input must have at least 2 dimensions.")
        check_lapack_dtype("geqrf_cpu", a)
        k = min(a.shape[-2:])
        if a.size == 0:
            return a.copy(), np.zeros(a.shape[:-2] + (k,), a.dtype)
        h, tau = np.linalg.qr(a, mode="raw")
        return np.swapaxes(h, -1, -2).astype(a.dtype), tau.astype(a.dtype)

    def backward(ctx, *grads):
        raise NotImplementedError("the derivative for 'geqrf' is not implemented.")


class LinalgHouseholderProduct(Op):
    """The first n columns of H_1 ... H_k from Householder vectors and scales (LAPACK's orgqr)."""
    saves = (0, 1, "result")

    def forward(ctx, v, tau):
        name = "torch.linalg.householder_product"
        if v.ndim < 2:
            raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
        if v.shape[-2] < v.shape[-1]:
            raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to input.shape[-1]")
        if v.shape[-1] < tau.shape[-1]:
            raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
        _check_tau_shape(name, v, tau)
        if tau.dtype != v.dtype:
            raise RuntimeError(f"{name}: tau dtype {scalar_type_name(tau)} does not match input dtype {scalar_type_name(v)}")
        check_lapack_dtype("orgqr_cpu", v)
        m, n = v.shape[-2:]
        return _reflect(v, tau, np.eye(m, n, dtype=v.dtype), True, False)

    def backward(ctx, grad):
        v, tau, q = ctx.saved_tensors
        grad_v, grad_tau = _householder_product_backward(grad, q, v, tau)
        return grad_v, grad_tau


def _check_tau_shape(name, v, tau):
    if tau.ndim != v.ndim - 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but got tau.ndim equal to "
                           f"{tau.ndim} and input.ndim is equal to {v.ndim}")
    if tau.shape[:-1] != v.shape[:-2]:
        raise RuntimeError(f"{name}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got "
                           f"{list(tau.shape[:-1])}")


def _householder_product_backward(grad, result, v_in, tau, flip_order=False):
    """torch's householder_product_backward (its form under grad mode): K = Q gQ^T is carried from
    one reflector to the next, K <- H_{i+1}^{-1} K H_i, H(tau)^{-1} being H(tau / (tau |v|^2 - 1));
    each reflector's vector and scale take their gradient from it. flip_order walks the reflectors
    backwards (ormqr's C Q and Q^T C)."""
    if v_in._data.size == 0 or tau._data.size == 0:
        return None, None
    m = v_in.shape[-2]
    k = tau.shape[-1]
    v = v_in.tril(-1)
    v.diagonal(0, -2, -1).fill_(1.0)
    first = v.narrow(-1, 0, k)
    sigma = tau / (tau * (first * first).sum(-2) - 1.0)
    big_k = result.matmul(grad.mT)

    def reflect(w, t, kk, left):  # (I - t w w^T) K or K (I - t w w^T)
        if left:
            return kk - (t.unsqueeze(-1) * w) * w.mT.matmul(kk)
        return kk - kk.matmul(t.unsqueeze(-1) * w) * w.mT

    def flip(i):
        return k - i - 1 if flip_order else i

    apply_left = not flip_order
    zero = flip(0)
    big_k = reflect(v.narrow(-1, zero, 1), sigma.narrow(-1, zero, 1), big_k, apply_left)
    grad_v = Tensor._wrap(np.zeros(v_in._data.shape, v_in._data.dtype))
    grad_tau = Tensor._wrap(np.zeros(tau._data.shape, tau._data.dtype))
    for step in range(k):
        i = flip(step)
        w, t = v.narrow(-1, i, 1), tau.narrow(-1, i, 1)
        below = w.narrow(-2, i, m - i)
        wk = below.mT.matmul(big_k.narrow(-2, i, m - i))
        kw = big_k.narrow(-1, i, m - i).matmul(below)
        tu = t.unsqueeze(-1)
        grad_v.select(-1, i).copy_(((-tu) * wk).squeeze(-2) - (tu * kw).squeeze(-1))
        grad_tau.select(-1, i).copy_((-(wk.narrow(-1, i, m - i).matmul(below))).squeeze(-1).squeeze(-1))
        if i != flip(k - 1):
            j = i - 1 if flip_order else i + 1
            big_k = reflect(v.narrow(-1, j, 1), sigma.narrow(-1, j, 1), big_k, apply_left)
            big_k = reflect(w, t, big_k, not apply_left)
    return grad_v.tril(-1), grad_tau


class Ormqr(Op):
    """Q C, Q^T C, C Q or C Q^T, Q = H_1 ... H_k given by geqrf's Householder vectors and scales."""
    saves = (0, 1, "result")

    def forward(ctx, v, tau, c, left, transpose):
        name = "torch.ormqr"
        if v.ndim < 2:
            raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
        if c.ndim < 2:
            raise RuntimeError(f"{name}: other must have at least 2 dimensions.")
        side = -2 if left else -1
        if c.shape[side] != v.shape[-2]:
            raise RuntimeError(f"{name}: other.shape[{side}] must be equal to input.shape[-2]")
        if tau.shape[-1] != min(c.shape[side], v.shape[-1]):
            raise RuntimeError(f"{name}: tau.shape[-1] must be equal to min(other.shape[{side}], input.shape[-1])")
        _check_tau_shape(name, v, tau)
        if c.ndim != v.ndim:
            raise RuntimeError(f"{name}: Expected other to have the same number of dimensions as input, but got "
                               f"other.ndim equal to {c.ndim} and input.ndim is equal to {v.ndim}")
        if c.shape[:-2] != v.shape[:-2]:
            raise RuntimeError(f"{name}: Expected batch dimensions of other to be equal to input.shape[:-2], but got "
                               f"{list(c.shape[:-2])}")
        for what, x in (("tau", tau), ("other", c)):
            if x.dtype != v.dtype:
                raise RuntimeError(f"{name}: Expected input and {what} to have the same dtype, but input has dtype"
                                   f"{scalar_type_name(v)} and {what} has dtype {scalar_type_name(x)}")
        check_lapack_dtype("ormqr_cpu", v)
        ctx.left, ctx.transpose = left, transpose
        return _reflect(v, tau, c, left, transpose)

    def backward(ctx, grad):
        v, tau, result = ctx.saved_tensors
        left, transpose = ctx.left, ctx.transpose
        need_v, need_tau, need_c = ctx.needs_input_grad[:3]
        grad_c = Ormqr.apply(v, tau, grad, left, not transpose) if need_c else None
        grad_v = grad_tau = None
        if need_v or need_tau:
            if left != transpose:  # Q C or C Q^T: the product's gradient as householder_product's
                grad_v, grad_tau = _householder_product_backward(grad if not transpose else grad.mT,
                                                                 result if not transpose else result.mT, v, tau)
            else:
                grad_v, grad_tau = _householder_product_backward(result.mT if not transpose else result,
                                                                 grad.mT if not transpose else grad, v, tau, True)
        return grad_v, grad_tau, grad_c, None, None


# ================================================================= LDL
class LinalgLdlFactorEx(_NoDerivative):
    """(LD, pivots, info) of symmetric A = P L D L^T P^T (LAPACK's sytrf); torch records a node without a
    derivative."""
    node_name = "torch::autograd::NotImplemented"
    n_outputs = 3
    nondiff_outputs = (1, 2)
    aten = "linalg_ldl_factor_ex"

    def forward(ctx, a, hermitian, check_errors, name):
        _check_square("torch.linalg.ldl_factor_ex", a)
        check_lapack_dtype("ldl_factor_kernel_cpu", a)
        ld, pivots, info = _sytf2(a)
        bad = np.flatnonzero(info)
        if check_errors and bad.size:  # torch reports a zero block as an error code it does not know
            raise RuntimeError(f"torch.{name}: Unknown error code: {info.reshape(-1)[bad[0]]}.")
        return ld, pivots, info


class LinalgLdlSolve(_NoDerivative):
    """X with A X = B for A given by ldl_factor (LAPACK's sytrs); torch records a node without a derivative."""
    node_name = "torch::autograd::NotImplemented"
    aten = "linalg_ldl_solve"
    _hidden = 0b10

    def forward(ctx, ld, pivots, b, hermitian):
        _check_square("torch.linalg.ldl_solve", ld)
        if b.ndim < 2:
            raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got -2)")
        if pivots.dtype.kind not in "iu":
            raise RuntimeError(f"torch.linalg.ldl_solve: Expected pivots to be integers. Got {scalar_type_name(pivots)}")
        if pivots.shape != ld.shape[:-1]:
            raise RuntimeError(f"torch.linalg.ldl_solve: Expected LD.shape[:-1] and pivots.shape to be the same, but "
                               f"got pivots with shape {list(pivots.shape)} instead")
        _check_solve_operands("torch.linalg.ldl_solve", b, ld)
        return _sytrs(ld, pivots, b)


# ================================================================= public functions
linalg_lu_factor_type = _return_type("linalg_lu_factor", ("LU", "pivots"))
linalg_lu_factor_ex_type = _return_type("linalg_lu_factor_ex", ("LU", "pivots", "info"))
linalg_lu_type = _return_type("linalg_lu", ("P", "L", "U"))
lu_unpack_type = _return_type("lu_unpack", ("P", "L", "U"))
_lu_with_info_type = _return_type("_lu_with_info", ("LU", "pivots", "info"))
triangular_solve_type = _return_type("triangular_solve", ("solution", "cloned_coefficient"))
geqrf_type = _return_type("geqrf", ("a", "tau"))
linalg_ldl_factor_type = _return_type("linalg_ldl_factor", ("LD", "pivots"))
linalg_ldl_factor_ex_type = _return_type("linalg_ldl_factor_ex", ("LD", "pivots", "info"))
for _t in (linalg_lu_factor_type, linalg_lu_factor_ex_type, linalg_lu_type, lu_unpack_type, _lu_with_info_type,
           triangular_solve_type, geqrf_type, linalg_ldl_factor_type, linalg_ldl_factor_ex_type):
    _t.__module__ = __name__  # pickle finds them here

def lu_factor(A, *, pivot=True):
    """(LU, pivots): A = P L U packed as LAPACK's getrf packs it; raises for a zero pivot."""
    lu, pivots, _ = LinalgLuFactorEx.apply(A, pivot, True, "linalg.lu_factor")
    return linalg_lu_factor_type(lu, pivots)


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """(LU, pivots, info): lu_factor with LAPACK's info (the first zero pivot, 1-based; 0 if none)."""
    return linalg_lu_factor_ex_type(*LinalgLuFactorEx.apply(A, pivot, check_errors, "linalg.lu_factor_ex"))


def linalg_lu(A, *, pivot=True):
    """linalg.lu: (P, L, U) with A = P L U, L unit lower triangular, U upper triangular."""
    return linalg_lu_type(*LinalgLu.apply(A, pivot))


def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """linalg.lu_solve: X with A X = B for A given by lu_factor (A^T X = B if adjoint; X A = B if not left)."""
    return LinalgLuSolve.apply(LU, pivots, B, left, adjoint)


_LU_DEPRECATED = ("torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be "
                  "removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\nshould be replaced "
                  "with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = torch.lu(A, "
                  "compute_pivots, get_infos=True)\nshould be replaced with\nLU, pivots, info = "
                  "torch.linalg.lu_factor_ex(A, compute_pivots)")


def _lu_with_info(A, pivot):
    """torch._lu_with_info: lu_factor_ex, whatever its check_errors (a zero pivot never raises)."""
    warn_once(_LU_DEPRECATED)
    return LinalgLuFactorEx.apply(A, pivot, False, "lu_factor")


def lu(A, pivot=True, get_infos=False, out=None):
    """(LU, pivots), with info if get_infos (deprecated: linalg.lu_factor / lu_factor_ex); a zero
    pivot is no error either way, as torch's."""
    if type(pivot) is not bool or type(get_infos) is not bool:  # (torch's hands them to _lu_with_info's parser)
        pivot = _signatures.as_parsed_by("_VF._lu_with_info", (A,), kwargs={"pivot": pivot,
                                                                           "check_errors": not get_infos})[1]["pivot"]
    result = _lu_with_info(A, pivot)
    if out is not None:
        if len(out) != 2 + get_infos:
            raise TypeError(f"expected tuple of {2 + get_infos} elements but got {len(out)}")
        from . import _write_out
        for dst, r in zip(out, result):
            _write_out(dst, r)
        return out
    return _lu_with_info_type(*result) if get_infos else result[:2]


def _lu_method(self, pivot=True, get_infos=False):
    """Tensor.lu: torch.lu's (LU, pivots) or (LU, pivots, infos), as a plain tuple."""
    result = _lu_with_info(self, pivot)
    return result if get_infos else result[:2]


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """(P, L, U) from lu_factor's LU and pivots; an empty tensor for what is not unpacked."""
    return lu_unpack_type(*LuUnpack.apply(LU_data, LU_pivots, unpack_data, unpack_pivots))


def lu_solve(input, LU_data, LU_pivots):
    """X with A X = input for A given by lu_factor (deprecated: linalg.lu_solve, arguments reversed)."""
    warn_once("torch.lu_solve is deprecated in favor of torch.linalg.lu_solveand will be removed in a "
              "future PyTorch release.\nNote that torch.linalg.lu_solve has its arguments reversed.\nX = "
              "torch.lu_solve(B, LU, pivots)\nshould be replaced with\nX = torch.linalg.lu_solve(LU, pivots, B)")
    return LinalgLuSolve.apply(LU_data, LU_pivots, input, True, False)


def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """(solution, cloned_coefficient): X with op(A) X = input for triangular A, and A (deprecated:
    linalg.solve_triangular)."""
    warn_once("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand "
              "will be removed in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments "
              "reversed and does not return a copy of one of the inputs.\nX = torch.triangular_solve(B, "
              "A).solution\nshould be replaced with\nX = torch.linalg.solve_triangular(A, B).")
    return triangular_solve_type(*TriangularSolve.apply(input, A, upper, transpose, unitriangular))


def cholesky_solve(input, input2, upper=False):
    """X with A X = input for A = L L^T (U^T U if upper) given its Cholesky factor input2."""
    return CholeskySolve.apply(input, input2, upper)


def cholesky_inverse(input, upper=False):
    """A^{-1} for A = L L^T (U^T U if upper) given its Cholesky factor (input)."""
    return CholeskyInverse.apply(input, upper)


def cholesky(input, upper=False):
    """The lower (upper) triangular Cholesky factor (deprecated: linalg.cholesky)."""
    warn_once("torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
              "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\nL = "
              "torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\nshould be replaced with\nU = "
              "torch.linalg.cholesky(A).mH\nThis transform will produce equivalent results for all valid "
              "(symmetric positive definite) inputs.")
    return Cholesky.apply(input, upper)


def logdet(input):
    """log det(A) of square matrices: nan where the determinant is negative, -inf where it is 0."""
    _check_square("logdet", input._data, low_precision=False)
    sign, logabsdet = LinalgSlogdet.apply(input)
    return where(sign == -1., float("nan"), logabsdet)


def geqrf(input):
    """(a, tau): LAPACK's geqrf QR factorization, R above the diagonal and Householder vectors below."""
    if forward_ad.state.active and forward_ad.tangent_of(input) is not None:
        raise NotImplementedError(
            "Trying to use forward AD with geqrf that does not support it because it has not been implemented yet.\n"
            "Please file an issue to PyTorch at https://github.com/pytorch/pytorch/issues/new?template=feature-"
            "request.yml so that we can prioritize its implementation or submit a PR adding the implementation to "
            "derivatives.yaml")
    return geqrf_type(*Geqrf.apply(input))


def householder_product(input, tau):
    """The first n columns of the product of Householder reflectors (I - tau_i v_i v_i^T) (LAPACK's orgqr)."""
    return LinalgHouseholderProduct.apply(input, tau)


def orgqr(input, input2):
    """linalg.householder_product: Q's first columns from geqrf's output (input2: its tau)."""
    return LinalgHouseholderProduct.apply(input, input2)


def ormqr(input, input2, input3, left=True, transpose=False):
    """Q C, Q^T C, C Q or C Q^T for C = input3 and Q given by geqrf's Householder vectors (input) and
    scales (input2)."""
    return Ormqr.apply(input, input2, input3, left, transpose)


def ldl_factor(input, *, hermitian=False):
    """(LD, pivots): symmetric input = P L D L^T P^T, packed as LAPACK's sytrf packs it (Bunch-Kaufman pivots)."""
    ld, pivots, _ = LinalgLdlFactorEx.apply(input, hermitian, True, "linalg.ldl_factor")
    return linalg_ldl_factor_type(ld, pivots)


def ldl_factor_ex(input, *, hermitian=False, check_errors=False):
    """(LD, pivots, info): ldl_factor with LAPACK's info (the first zero block of D, 1-based; 0 if none)."""
    return linalg_ldl_factor_ex_type(*LinalgLdlFactorEx.apply(input, hermitian, check_errors,
                                                              "linalg.ldl_factor_ex"))


def ldl_solve(LD, pivots, B, *, hermitian=False):
    """X with A X = B for symmetric A given by ldl_factor."""
    return LinalgLdlSolve.apply(LD, pivots, B, hermitian)


__all__ = ["lu", "lu_unpack", "lu_solve", "triangular_solve", "cholesky_solve", "cholesky_inverse", "cholesky",
           "logdet", "geqrf", "orgqr", "ormqr"]
METHODS = {"lu": _lu_method, "lu_solve": lu_solve, "triangular_solve": triangular_solve,
           "cholesky_solve": cholesky_solve, "cholesky_inverse": cholesky_inverse, "cholesky": cholesky,
           "logdet": logdet, "geqrf": geqrf, "orgqr": orgqr, "ormqr": ormqr}

from .._tensor import Tensor  # noqa: E402
