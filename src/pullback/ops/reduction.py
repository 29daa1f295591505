"""Reductions. Their backward formulas broadcast the gradient back with reshape + expand."""
import numpy as np

from .. import _dtype
from ._op import Op
from .shape import wrap_dim


def _dims(dim, ndim):
    """Normalise `dim` (None, int, or sequence) to a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    dims = tuple(sorted(wrap_dim(int(d), ndim) for d in dim))
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"dim {dims[0]} appears multiple times in the list of dims")
    return dims if dims or ndim == 0 else tuple(range(ndim))


def _kept_shape(in_shape, dims):
    return tuple(1 if i in dims else s for i, s in enumerate(in_shape))


def _expand_back(grad, in_shape, dims, keepdim):
    """Broadcast a reduction's gradient over the reduced dims again."""
    if not keepdim and dims:
        grad = grad.reshape(_kept_shape(in_shape, dims))
    return grad.expand(in_shape)


def _sum_dtype(x, dtype):
    if dtype is not None:
        return dtype.np
    return np.int64 if x.dtype.kind in "biu" else x.dtype


class Sum(Op):
    def forward(ctx, x, dtype):
        ctx.in_shape = x.shape
        return np.sum(x, dtype=_sum_dtype(x, dtype))

    def backward(ctx, grad):
        return grad.expand(ctx.in_shape), None


class SumDim(Op):
    node_name = "SumBackward1"

    def forward(ctx, x, dims, keepdim, dtype):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        return np.sum(x, axis=dims, keepdims=keepdim, dtype=_sum_dtype(x, dtype))

    def backward(ctx, grad):
        return _expand_back(grad, ctx.in_shape, ctx.dims, ctx.keepdim), None, None, None


def _check_mean_dtype(x, dtype):
    d = dtype.np if dtype is not None else x.dtype
    if d.kind != "f":
        raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either a floating point or "
                           f"complex dtype. Got: {_dtype.from_numpy_dtype(d).name.capitalize().replace('Int64', 'Long')}")
    return d


class Mean(Op):
    def forward(ctx, x, dtype):
        ctx.in_shape, ctx.n = x.shape, x.size
        return np.mean(x, dtype=_check_mean_dtype(x, dtype))

    def backward(ctx, grad):
        return grad.expand(ctx.in_shape) / ctx.n, None


class MeanDim(Op):
    node_name = "MeanBackward1"

    def forward(ctx, x, dims, keepdim, dtype):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.n = int(np.prod([x.shape[d] for d in dims])) if x.ndim else 1
        return np.mean(x, axis=dims, keepdims=keepdim, dtype=_check_mean_dtype(x, dtype))

    def backward(ctx, grad):
        return _expand_back(grad, ctx.in_shape, ctx.dims, ctx.keepdim) / ctx.n, None, None, None


class LinalgVectorNorm(Op):
    """The p-norm over `dims` (LinalgVectorNormBackward0); its gradient is 0 where the norm is 0."""
    saves = (0, "result")

    def forward(ctx, x, p, dims, keepdim):
        if x.dtype.kind != "f":
            raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                               f"{_dtype.from_numpy_dtype(x.dtype).name.capitalize()}")
        ctx.p, ctx.dims, ctx.keepdim, ctx.in_shape = p, dims, keepdim, x.shape
        a = np.abs(x)
        if p == 2:
            return np.sqrt(np.sum(a * a, axis=dims, keepdims=keepdim))
        if p == float("inf"):
            return np.max(a, axis=dims, keepdims=keepdim)
        if p == -float("inf"):
            return np.min(a, axis=dims, keepdims=keepdim)
        if p == 0:
            return np.sum(a != 0, axis=dims, keepdims=keepdim).astype(x.dtype)
        if p == 1:
            return np.sum(a, axis=dims, keepdims=keepdim)
        return np.power(np.sum(np.power(a, p), axis=dims, keepdims=keepdim), 1.0 / p)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        p = ctx.p
        g = _expand_back(grad, ctx.in_shape, ctx.dims, ctx.keepdim)
        r = _expand_back(result, ctx.in_shape, ctx.dims, ctx.keepdim)
        if p == 0:
            return x * 0, None, None, None
        if p == 1:
            return g * x.sign(), None, None, None
        if p == 2:
            return (g * x / r).masked_fill(r == 0, 0), None, None, None
        if p in (float("inf"), -float("inf")):
            mask = x.abs() == r
            count = _expand_back(mask.sum(ctx.dims, keepdim=ctx.keepdim), ctx.in_shape, ctx.dims, ctx.keepdim)
            return g * x.sign() * mask / count, None, None, None
        scale = x.abs() ** (p - 2) * x / r ** (p - 1)
        return (g * scale).masked_fill(r == 0, 0), None, None, None


# ---------------------------------------------------------------- functions
def sum(input, dim=None, keepdim=False, *, dtype=None):
    if dim is None:
        return Sum.apply(input, dtype)
    return SumDim.apply(input, _dims(dim, input._data.ndim), keepdim, dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    if dim is None:
        return Mean.apply(input, dtype)
    return MeanDim.apply(input, _dims(dim, input._data.ndim), keepdim, dtype)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Tensor.norm: the vector p-norm over `dim` (all elements by default)."""
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise RuntimeError(f"norm: unsupported p '{p}' in this form; use linalg.matrix_norm")
    return LinalgVectorNorm.apply(input, float(p), _dims(dim, input._data.ndim), keepdim)


__all__ = ["sum", "mean", "norm"]
METHODS = {name: globals()[name] for name in __all__}
