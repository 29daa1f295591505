"""Distances and similarities: normalize, pairwise_distance, pdist, cdist, cosine_similarity."""
import numpy as np

from .._op import Op
from ... import _dtype, _signatures
from ..._dtype import scalar_type_name
from ...autograd.grad_mode import no_grad
from ..pointwise import AddScalar, _shape_mismatch, _zeros_like
from ..linalg import vector_norm
from ..reduction import LinalgVectorNorm
from ._common import _const


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p, eps) along `dim`."""
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)  # (torch's: the method parses eps)
    return input / denom


class _NormDim(LinalgVectorNorm):
    """Tensor.norm(p, dim) as torch records it (NormBackward1)."""
    node_name = "NormBackward1"


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim."""
    d = AddScalar.apply(x1 - x2, eps)  # torch's C++ x1 - x2 + eps (AddBackward1)
    return _NormDim.apply(d, float(p), (d.dim() - 1,), keepdim)


def _pnorm(diff, p):
    """The p-norm over the last dim of absolute differences, as torch's distance kernels take it."""
    if p == 2:
        return np.sqrt(np.sum(diff * diff, axis=-1))
    if p == float("inf"):
        return np.max(diff, axis=-1, initial=0)
    if p == 0:
        return np.sum(diff != 0, axis=-1).astype(diff.dtype)
    if p == 1:
        return np.sum(diff, axis=-1)
    return np.power(np.sum(np.power(diff, p), axis=-1), 1.0 / p)


def _pnorm_grad(diff, g, d, p):
    """Each difference's share of the gradient g of its p-norm d, by torch's cdist / pdist formula:
    every coordinate attaining an infinity-norm distance gets the whole gradient, a zero distance
    passes none (p = 0 is the callers': no gradient)."""
    if p == 1:
        return g * diff.sign()
    if p == 2:
        return (g * diff / d).masked_fill(d == 0, 0)
    if p == float("inf"):
        return g * diff.sign() * (diff.abs() == d).to(diff.dtype)
    if p < 2:
        t = (diff.sign() * diff.abs() ** (p - 1) * g / d ** (p - 1)).masked_fill(d == 0, 0)
        return t.masked_fill(diff == 0, 0) if p < 1 else t
    return (diff * diff.abs() ** (p - 2) * g / d ** (p - 1)).masked_fill(d == 0, 0)


class Pdist(Op):
    """The p-norm of x_i - x_j for every row pair i < j, one node on the input (as torch's), with
    torch's gradient formula (written in Tensor ops: torch has no second derivative, pullback does)."""
    saves = (0, "result")

    def forward(ctx, x, p):
        ctx.p = p
        i, j = np.triu_indices(x.shape[0], 1)
        return _pnorm(np.abs(x[i] - x[j]), p)

    def backward(ctx, grad):
        x, dist = ctx.saved_tensors
        if ctx.p == 0:
            return _zeros_like(x), None
        i, j = (_const(k) for k in np.triu_indices(x.shape[0], 1))
        t = _pnorm_grad(x[i] - x[j], grad.unsqueeze(-1), dist.unsqueeze(-1), ctx.p)
        return _zeros_like(x).index_add(0, i, t).index_add(0, j, t, alpha=-1), None


def pdist(input, p=2):
    """||x_i - x_j||_p for every row pair i < j of a 2-d input, in row-major order."""
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return Pdist.apply(input, float(p))


class Cdist(Op):
    """The p-norm distance between every row of x1 and every row of x2 (batch dims broadcast), with
    torch's own gradient: every coordinate that attains an infinity-norm distance gets the whole
    gradient, and a zero distance passes none."""
    saves = (0, 1, "result")

    def forward(ctx, x1, x2, p):
        ctx.p = p
        return _pnorm(np.abs(x1[..., :, None, :] - x2[..., None, :, :]), p)

    def backward(ctx, grad):
        x1, x2, dist = ctx.saved_tensors
        if ctx.p == 0:
            return _zeros_like(x1), _zeros_like(x2), None
        t = _pnorm_grad(x1.unsqueeze(-2) - x2.unsqueeze(-3), grad.unsqueeze(-1), dist.unsqueeze(-1), ctx.p)
        need1, need2 = ctx.needs_input_grad[:2]
        return (t.sum(-2) if need1 else None), (-t.sum(-3) if need2 else None), None


class EuclideanDist(Op):
    """torch's matrix-product form of the 2-norm distance: sqrt(|a|^2 - 2 a.b + |b|^2), clamped at 1e-30
    before the root (so equal rows are 1e-15 apart, not 0), with torch's formula for its gradient."""
    saves = (0, 1, "result")

    def forward(ctx, x1, x2):
        n1 = np.sum(x1 * x1, axis=-1, keepdims=True)
        n2 = np.sum(x2 * x2, axis=-1, keepdims=True)
        a = np.concatenate([x1 * -2, n1, np.ones_like(n1)], axis=-1)
        b = np.concatenate([x2, np.ones_like(n2), n2], axis=-1)
        return np.sqrt(np.maximum(np.matmul(a, np.swapaxes(b, -1, -2)), 1e-30))

    def backward(ctx, grad):
        x1, x2, dist = ctx.saved_tensors
        ratio = (grad / dist).masked_fill(dist == 0, 0)
        need1, need2 = ctx.needs_input_grad
        return (x1 * ratio.sum(-1, keepdim=True) - ratio.matmul(x2) if need1 else None), \
            (x2 * ratio.sum(-2).unsqueeze(-1) - ratio.mT.matmul(x1) if need2 else None)


_COMPUTE_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                  "donot_use_mm_for_euclid_dist": 2}


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """||x1[..., i, :] - x2[..., j, :]||_p for every row pair (batch dims broadcast). For p = 2 with more
    than 25 rows (or compute_mode='use_mm_for_euclid_dist') torch's matrix-product form is used."""
    if not any(compute_mode == mode for mode in _COMPUTE_MODES):  # (torch's tests: any value compares)
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    p = _signatures.kernel_arguments("_VF.cdist", (x1, x2, p, None))[2]  # (torch hands it to its kernel)
    a, b = x1._data, x2._data
    for name, x in (("X1", a), ("X2", b)):
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} X2: {b.shape[-1]}")
    for name, x in (("X1", a), ("X2", b)):
        if x.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: {scalar_type_name(x.dtype)}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected scalar type {scalar_type_name(a.dtype)} but found {scalar_type_name(b.dtype)}")
    try:
        batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    except ValueError:
        raise _shape_mismatch(a.shape[:-2], b.shape[:-2]) from None
    r1, r2, mode = a.shape[-2], b.shape[-2], _COMPUTE_MODES[compute_mode]
    if p == 2 and a.size and b.size and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))):
        out_shape = batch + (r1, r2)
        size = int(np.prod(batch))
        if size != 1:  # torch flattens the broadcast batch into one dim first: contiguous().view()
            x1 = x1.expand(batch + a.shape[-2:]).contiguous().view(size, r1, a.shape[-1])
            x2 = x2.expand(batch + b.shape[-2:]).contiguous().view(size, r2, b.shape[-1])
        return EuclideanDist.apply(x1, x2).view(out_shape)
    return Cdist.apply(x1, x2, float(p))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """<x1, x2> / (max(||x1||, eps) max(||x2||, eps)) along `dim`.

    As torch's C++: each divided by a clone of its norm, clamped in place outside autograd."""
    common = _dtype.result_type(x1, x2)
    if not common.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is {scalar_type_name(common.np)}")
    if eps < 0:
        raise RuntimeError(f"eps must be non-negative, got: {_dtype.scalar_text(eps)}")
    try:
        shape = np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
    except ValueError:
        raise _shape_mismatch(tuple(x1.shape), tuple(x2.shape)) from None
    if tuple(x1.shape) != tuple(x2.shape):  # torch's expand_outplace: both, or neither
        x1, x2 = x1.expand(shape), x2.expand(shape)
    x1, x2 = x1.to(common), x2.to(common)  # (an integer tensor beside a floating one computes in the float)
    n1, n2 = (vector_norm(x, 2, dim, keepdim=True).clone() for x in (x1, x2))
    with no_grad():
        n1.clamp_min_(eps)
        n2.clamp_min_(eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)

