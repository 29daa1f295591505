"""Reductions, scans and selections (sort, topk, kthvalue, median).

Backward formulas broadcast the gradient back over the reduced dims with reshape + expand
(`_expand_back`); ops that pick elements (max along a dim, sort, ...) scatter the gradient
back to the picked positions, as torch's value_selecting_reduction_backward does.
"""
import builtins
import collections

import warnings

import numpy as np

from .. import _dtype, _memory_format, _signatures
from . import _parallel
from .._runtime import user_stacklevel, warn_once
from .._size import no_dimensions, wrap_real_dim
from ._op import Op, _invalid_combination, int_argument
from .._dtype import not_implemented_for, scalar_type_name
from .pointwise import MulScalar, SubScalar, _floating, _zeros_like, over, where
from .shape import Expand, _unique_dims, cat, sum_over, wrap_dim


# ---------------------------------------------------------------- helpers
def _dims(dim, ndim):
    """Normalise `dim` (None, int, or sequence) to a sorted tuple of non-negative axes."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, Tensor):  # one integer element reads as its int (torch's __index__); others are refused
        if dim._data.size != 1 or dim._data.dtype.kind not in "iu":
            raise TypeError("argument 'dim' must be tuple of ints, not Tensor")
        dim = dim.item()
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    dims = [wrap_dim(int(d), ndim) for d in dim]
    for i, d in enumerate(dims):
        if d in dims[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    dims = tuple(sorted(dims))
    if ndim == 0:
        return ()  # a 0-dim tensor accepts dim 0 / -1 and has nothing to reduce
    return dims or tuple(range(ndim))


def _kept_shape(in_shape, dims):
    return tuple(1 if i in dims else s for i, s in enumerate(in_shape))


def _expand_back(grad, in_shape, dims, keepdim):
    """Broadcast a reduction's gradient over the reduced dims again."""
    if not keepdim and dims:
        grad = grad.reshape(_kept_shape(in_shape, dims))
    return grad.expand(in_shape)


def _count(in_shape, dims):
    n = 1
    for d in dims:
        n *= in_shape[d]
    return n


def _sum_dtype(x, dtype):
    if dtype is not None:
        return dtype.np
    return np.int64 if x.dtype.kind in "biu" else x.dtype


def _check_nonempty(name, x, dim):
    """torch refuses to pick a value out of nothing."""
    if dim is None:
        if x.size == 0:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify "
                               "the reduction dim with the 'dim' argument.")
    elif x.ndim and x.shape[dim] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {dim} to have non-zero size.")


def _check_nonempty_dims(name, x, dim):
    """torch's zero_numel_check_dims for amax/amin: the dims as given (unwrapped) must each be non-empty."""
    if x.size:
        return
    given = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if not given:
        _check_nonempty(name, x, None)
    for d in given:
        if x.shape[wrap_dim(d, x.ndim)] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _require_not_bool(x, kernel):
    if x.dtype.kind == "b":
        raise not_implemented_for(kernel, x)


def _restore_reduced_dims(t, in_shape, dims, keepdim):
    """torch's restore_reduced_dims: a reduction's result (or gradient) with its reduced dims back as 1s."""
    return t if keepdim else t.reshape(_kept_shape(in_shape, dims))


def _scale_grad_by_count(grad, mask, dims):
    """torch's scale_grad_by_count (amax, amin, aminmax, the inf-norm): the gradient shared equally among
    the places `mask` marks, (grad / count) * mask, so an inf or nan gradient reaches the others as nan."""
    return (grad / mask.sum(dims, keepdim=True)) * mask


def _extremum_backward(grad, x, result, dims, keepdim):
    """amax's and amin's gradient: scale_grad_by_count over the elements equal to the result (none where
    it is nan, as torch's)."""
    g = _restore_reduced_dims(grad, x.shape, dims, keepdim)
    return _scale_grad_by_count(g, _restore_reduced_dims(result, x.shape, dims, keepdim) == x, dims)


def _evenly_distribute(grad, x, value):
    """torch's evenly_distribute_backward (max(), min(), median() of all elements): the gradient shared
    equally among the elements equal to the value, or the nan ones where it is nan."""
    mask = x.isnan() if value.isnan().item() else x == value
    return grad.new_zeros(x.shape).masked_fill_(mask, grad / mask.sum())


def _scatter_back(grad, in_shape, dim, indices, keepdim):
    """Gradient of values picked at `indices` along `dim`: zeros elsewhere (value_selecting_reduction_backward)."""
    if len(in_shape) == 0:
        return grad.reshape(())
    index = Tensor._wrap(indices if keepdim else np.expand_dims(indices, dim))
    if not keepdim:
        grad = grad.unsqueeze(dim)
    return Tensor._wrap(np.zeros(in_shape, grad._data.dtype)).scatter(dim, index, grad)


def _shift(t, dim, fill):
    """t moved one place along `dim` (t[i - 1] at i), `fill` entering at index 0."""
    n = t.shape[dim]
    if n == 0:
        return t
    head = Tensor._wrap(np.full(_kept_shape(t.shape, (dim,)), fill, t._data.dtype))
    return cat([head, t.narrow(dim, 0, n - 1)], dim)


def _exclusive_cumprod(x, dim):
    """prod_{k < i} x_k at each i along `dim`."""
    return _shift(x.cumprod(dim), dim, 1)


def _product_of_others(x, dim):
    """prod over `dim` of every element but the one at each position: the products before it times
    those after it, so no division by a zero and every derivative exact."""
    after = _exclusive_cumprod(x.flip(dim), dim).flip(dim)
    return _exclusive_cumprod(x, dim) * after


# every named tuple an op returns, by torch's name for it (pullback.return_types lists them)
RETURN_TYPES = {}


def _return_type(name, fields=("values", "indices"), module=__name__):
    """A torch.return_types-style named tuple, printed the way torch prints it; pickled as
    `module`'s `<name>_type`."""
    cls = collections.namedtuple(name, fields, module=module)

    def __repr__(self):
        return f"torch.return_types.{name}(\n" + ",\n".join(f"{f}={v!r}" for f, v in zip(fields, self)) + ")"
    cls.__repr__ = __repr__
    cls.__qualname__ = f"{name}_type"  # where pickle finds it: this module's `max_type`, ...
    if not name.startswith("_"):
        RETURN_TYPES[name] = cls
    return cls


(max_type, min_type, median_type, nanmedian_type, sort_type, topk_type, kthvalue_type, mode_type, cummax_type,
 cummin_type) = (_return_type(n) for n in ("max", "min", "median", "nanmedian", "sort", "topk", "kthvalue", "mode",
                                           "cummax", "cummin"))
aminmax_type = _return_type("aminmax", ("min", "max"))


# ================================================================= sum, mean, prod
class Sum(Op):
    on_arrays = True

    def forward(ctx, x, dtype):
        ctx.in_shape = x.shape
        if x.size >= _parallel.CHEAP_MIN:
            return _parallel.sum_all(x, _sum_dtype(x, dtype))
        return np.add.reduce(x, axis=None, dtype=_sum_dtype(x, dtype))  # np.sum without its wrapper

    def backward(ctx, grad):
        return Expand.apply(grad, ctx.in_shape), None


class SumDim(Op):
    contiguous_output = True
    node_name = "SumBackward1"

    def forward(ctx, x, dims, keepdim, dtype):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        return sum_over(x, dims, keepdim, _sum_dtype(x, dtype))

    def backward(ctx, grad):
        return _expand_back(grad, ctx.in_shape, ctx.dims, ctx.keepdim), None, None, None


def _check_mean_dtype(x, dtype):
    d = dtype.np if dtype is not None else x.dtype
    if d.kind != "f":
        raise RuntimeError(f"mean(): could not infer output dtype. {'Input' if dtype is None else 'Optional'} dtype "
                           f"must be either a floating point or complex dtype. Got: {scalar_type_name(d)}")
    return d


def _mean(x, axis, keepdims, dtype, count):
    """np.mean(x, axis, dtype, keepdims=keepdims) over `count` elements: its sum and its division
    (so its bits), without its two layers of Python, for float32 and float64 sums; NumPy's own
    for half precision (which it sums in float32). An empty mean is nan, without np.mean's warning."""
    if count and (dtype.itemsize < 4 or x.dtype.itemsize < 4):
        return np.mean(x, axis=axis, dtype=dtype, keepdims=keepdims)
    total = np.add.reduce(x, axis=axis, dtype=dtype, keepdims=keepdims)
    count = np.intp(count)  # as NumPy divides: exactly, in float64, then rounded once
    if type(total) is np.ndarray:  # (0 / 0 of an empty mean: the processor's nan, sign bit set, as torch's)
        return np.true_divide(total, count, out=total, casting="unsafe")
    return total.dtype.type(total / count)


class Mean(Op):
    on_arrays = True

    def forward(ctx, x, dtype):
        ctx.in_shape, ctx.n = x.shape, x.size
        return _mean(x, None, False, _check_mean_dtype(x, dtype), x.size)

    def backward(ctx, grad):
        return over(Expand.apply(grad, ctx.in_shape), ctx.n), None


class MeanDim(Op):
    contiguous_output = True
    node_name = "MeanBackward1"

    def forward(ctx, x, dims, keepdim, dtype):
        ctx.in_shape, ctx.dims, ctx.keepdim = x.shape, dims, keepdim
        ctx.n = _count(x.shape, dims)
        return _mean(x, dims, keepdim, _check_mean_dtype(x, dtype), ctx.n)

    def backward(ctx, grad):
        return over(_expand_back(grad, ctx.in_shape, ctx.dims, ctx.keepdim), ctx.n), None, None, None


class Nansum(Op):
    """Sum treating NaN as zero (NansumBackward0): NaN positions get no gradient."""
    contiguous_output = True
    saves = (0,)

    def forward(ctx, x, dims, keepdim, dtype):
        ctx.dims, ctx.keepdim = dims, keepdim
        return np.nansum(x, axis=dims, keepdims=keepdim, dtype=_sum_dtype(x, dtype))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        g = _expand_back(grad, x.shape, ctx.dims, ctx.keepdim)
        return g * x.isnan().logical_not(), None, None, None  # a product, as torch: a NaN grad stays NaN


class Prod(Op):
    """Product of all elements (ProdBackward0); exact gradients (of any order) where inputs are zero."""
    saves = (0, "result")

    def forward(ctx, x, dtype):
        return np.multiply.reduce(x, axis=None, dtype=_sum_dtype(x, dtype))  # (np.prod would warn from NumPy's module)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        if not x._data.all():  # torch's prod_safe_zeros_backward on the flattened input, viewed back
            return (grad * _product_of_others(x.reshape(-1), 0)).reshape(x.shape), None
        return grad * (result / x), None


class ProdDim(Op):
    """Product along one dim (ProdBackward1)."""
    contiguous_output = True
    saves = (0, "result")
    node_name = "ProdBackward1"

    def forward(ctx, x, dim, keepdim, dtype):
        ctx.dim, ctx.keepdim = dim, keepdim
        return np.multiply.reduce(x, axis=dim, keepdims=keepdim, dtype=_sum_dtype(x, dtype))

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        dims = (ctx.dim,) if x.ndim else ()
        g = _expand_back(grad, x.shape, dims, ctx.keepdim)
        if not x._data.all():
            return g * (_product_of_others(x, ctx.dim) if x.ndim else 1), None, None, None
        return g * (_expand_back(result, x.shape, dims, ctx.keepdim) / x), None, None, None


# ================================================================= scans
class LinearScan(Op):
    """The first-order linear recurrence along `dim`: s_j = c_j + a_j s_{j-1} (forward), or
    s_i = c_i + a_{i+1} s_{i+1} (reverse). Each direction's adjoint is the other, so the cumprod
    gradient built on it is exact where inputs are zero, to any order, in O(n)."""
    contiguous_output = True
    saves = (1, "result")

    def forward(ctx, c, a, dim, reverse):
        ctx.dim, ctx.reverse = dim, reverse
        out = np.empty(np.broadcast_shapes(c.shape, a.shape), np.result_type(c, a))
        cs, as_ = (np.moveaxis(np.broadcast_to(t, out.shape), dim, -1) for t in (c, a))
        os = np.moveaxis(out, dim, -1)
        n = out.shape[dim]
        acc = np.zeros(os.shape[:-1], out.dtype)
        for j in (range(n - 1, -1, -1) if reverse else range(n)):
            if reverse:
                acc = cs[..., j] + (as_[..., j + 1] * acc if j + 1 < n else 0)
            else:
                acc = cs[..., j] + as_[..., j] * acc
            os[..., j] = acc
        return out

    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        dim = ctx.dim
        adjoint = LinearScan.apply(grad, a, dim, not ctx.reverse)
        if not ctx.needs_input_grad[1]:
            return adjoint, None, None, None
        if ctx.reverse:  # d s_i / d a_m = (prod_{i<k<m} a_k) s_m
            return adjoint, result * _shift(adjoint, dim, 0), None, None
        return adjoint, _shift(result, dim, 0) * adjoint, None, None


_SCAN_ACCUMULATOR = {np.dtype(np.float32): np.float64, np.dtype(np.float16): np.float32}


def _scan(accumulate, x, dim):
    """np.cumsum or np.cumprod along `dim` as torch's CPU scans run them: a float32 running value kept
    in float64 (half's in float32), each output rounded from it."""
    acc = _SCAN_ACCUMULATOR.get(x.dtype)
    # (NumPy would widen a small integer type's scan to int64)
    return accumulate(x, dim, dtype=x.dtype) if acc is None else accumulate(x, dim, dtype=acc).astype(x.dtype)


class Cumsum(Op):
    """Running sum along `dim` (from the end when `reverse`: the adjoint of the forward scan)."""
    contiguous_output = True

    def forward(ctx, x, dim, dtype, reverse):
        ctx.dim, ctx.reverse = dim, reverse
        x = x.astype(_sum_dtype(x, dtype), copy=False)
        if x.ndim == 0:
            return x.copy()
        if reverse:
            return np.flip(_scan(np.cumsum, np.flip(x, dim), dim), dim).copy()
        return _scan(np.cumsum, x, dim)

    def backward(ctx, grad):
        return Cumsum.apply(grad, ctx.dim, None, not ctx.reverse), None, None, None


class Logcumsumexp(Op):
    """log(cumsum(exp(x))) along `dim`, accumulated pairwise in log space (no overflow)."""
    contiguous_output = True
    saves = (0, "result")

    def forward(ctx, x, dim):
        if x.dtype.kind != "f":
            raise not_implemented_for("logcumsumexp_out_cpu", x)
        ctx.dim = dim
        if x.ndim == 0:
            return x.copy()
        return np.logaddexp.accumulate(x, axis=dim)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        if x.ndim == 0:
            return grad, None
        dim = ctx.dim

        def reversed_logcumsumexp(t):
            return t.flip(dim).logcumsumexp(dim).flip(dim)
        # sum_{j >= i} grad_j exp(x_i - out_j), positive and negative parts each summed in log space
        lowest = float(np.finfo(grad._data.dtype).min)
        log_abs = grad.abs().log()
        positive = reversed_logcumsumexp(where(grad > 0, log_abs, lowest) - result)
        negative = reversed_logcumsumexp(where(grad < 0, log_abs, lowest) - result)
        return (positive + x).exp() - (negative + x).exp(), None


class Cumprod(Op):
    """Running product along `dim`; exact gradients where inputs are zero."""
    contiguous_output = True
    saves = (0, "result")

    def forward(ctx, x, dim, dtype):
        ctx.dim = dim
        x = x.astype(_sum_dtype(x, dtype), copy=False)
        return x.copy() if x.ndim == 0 else _scan(np.cumprod, x, dim)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        dim = ctx.dim
        if x._data.size <= 1 or x._data.shape[dim] == 1:
            return grad, None, None
        if x._data.all():
            return Cumsum.apply(grad * result, dim, None, True) / x, None, None
        if _grad_state.enabled:  # recorded (create_graph): torch's O(n^2) form, whose graph it is
            return _cumprod_backward_recorded(grad, x, dim), None, None
        # sum_{j >= i} grad_j prod_{k <= j, k != i} x_k = (prod_{k < i} x_k) (sum_{j >= i} grad_j prod_{i < k <= j} x_k)
        return _shift(result, dim, 1) * LinearScan.apply(grad, x, dim, True), None, None


def _cumprod_backward_recorded(grad, x, dim):
    """cumprod's gradient at zeros as torch records it: element k of the gradient is the sum over
    j >= k of grad_j times the products of x before k and between k and j, written in place."""
    n = x.shape[dim]
    at = (slice(None),) * dim
    grad_input = Tensor._wrap(np.zeros(x._data.shape, grad._data.dtype))
    ones_size = list(x.shape)
    ones_size[dim] = 1
    ones = Tensor._wrap(np.ones(1, grad._data.dtype)).expand(ones_size)
    for k in range(n):
        if k == 0:
            omitted = cat([ones, x[at + (slice(1, None),)].cumprod(dim)], dim)
        else:
            until_k = x[at + (slice(0, k),)].prod(dim, keepdim=True)
            if k == n - 1:
                omitted = until_k
            else:
                from_next = x[at + (slice(k + 1, None),)].cumprod(dim)
                omitted = cat([until_k, until_k.expand_as(from_next) * from_next], dim)
        grad_input.select(dim, k).copy_((grad[at + (slice(k, None),)] * omitted).sum(dim))
    return grad_input


# ================================================================= max, min and friends
# Forward functions are made per op (not read from class attributes): forward also runs on a
# throwaway ctx when nothing is recorded.
def _full_extremum(reduce, word):
    def forward(ctx, x):
        _check_nonempty(word, x, None)
        return reduce(x)
    return forward


class Max(Op):
    """max of all elements (MaxBackward1): ties share the gradient equally."""
    saves = (0, "result")
    node_name = "MaxBackward1"
    forward = _full_extremum(np.max, "max")

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        return _evenly_distribute(grad, x, result)


class Min(Max):
    node_name = "MinBackward1"
    forward = _full_extremum(np.min, "min")


def _extremum_over_dims(reduce):
    def forward(ctx, x, dims, keepdim):  # amax/amin checked the dims as given
        ctx.dims, ctx.keepdim = dims, keepdim
        return reduce(x, axis=dims, keepdims=keepdim)
    return forward


class Amax(Op):
    """amax over dims (AmaxBackward0): ties share the gradient equally."""
    contiguous_output = True
    saves = (0, "result")
    forward = _extremum_over_dims(np.max)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        return _extremum_backward(grad, x, result, ctx.dims, ctx.keepdim), None, None


class Amin(Amax):
    forward = _extremum_over_dims(np.min)


class Aminmax(Op):
    """(amin, amax) over one dim or all (AminmaxBackward0); ties share each gradient equally."""
    contiguous_output = True
    saves = (0, "result", "result1")
    n_outputs = 2

    def forward(ctx, x, dims, keepdim, full):
        if x.size == 0 and full:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        for d in dims:
            if x.shape[d] == 0:
                raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
        ctx.dims, ctx.keepdim = dims, keepdim
        return np.min(x, axis=dims, keepdims=keepdim), np.max(x, axis=dims, keepdims=keepdim)

    def backward(ctx, grad_min, grad_max):
        x, lo, hi = ctx.saved_tensors
        return (_extremum_backward(grad_min, x, lo, ctx.dims, ctx.keepdim)
                + _extremum_backward(grad_max, x, hi, ctx.dims, ctx.keepdim)), None, None, None


def _running_extremum(accumulate):
    def forward(ctx, x, dim):
        ctx.dim, ctx.in_shape = dim, x.shape
        if x.ndim == 0:
            ctx.indices = np.zeros((), np.int64)
            return x.copy(), ctx.indices
        values = accumulate(x, axis=dim)
        # index of the latest element equal to the running extremum (NaN, once seen, stays)
        record = (x == values) | (np.isnan(x) if x.dtype.kind == "f" else False)
        position = np.arange(x.shape[dim]).reshape((-1,) + (1,) * (x.ndim - 1 - dim))
        ctx.indices = np.maximum.accumulate(np.where(record, position, 0), axis=dim)
        return values, ctx.indices
    return forward


class Cummax(Op):
    """Running max along a dim (CummaxBackward0): (values, indices); each gradient goes to its index."""
    contiguous_output = True
    n_outputs = 2
    nondiff_outputs = (1,)
    forward = _running_extremum(np.maximum.accumulate)

    def backward(ctx, grad, grad_indices=None):
        if len(ctx.in_shape) == 0:
            return grad, None
        zeros = Tensor._wrap(np.zeros(ctx.in_shape, grad._data.dtype))
        return zeros.scatter_add(ctx.dim, Tensor._wrap(ctx.indices), grad), None


class Cummin(Cummax):
    forward = _running_extremum(np.minimum.accumulate)


class _Selection(Op):
    """An op returning (values, indices) where values are input elements picked along `dim`."""
    contiguous_output = True
    n_outputs = 2
    nondiff_outputs = (1,)

    def backward(ctx, grad, grad_indices=None):
        gx = _scatter_back(grad, ctx.in_shape, ctx.dim, ctx.indices, ctx.keepdim)
        return (gx,) + (None,) * (ctx._arity - 1)


def _pick(ctx, x, dim, indices, keepdim):
    """(values, indices) of x at `indices` along `dim`, with or without that dim; ctx keeps what backward needs."""
    ctx.in_shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
    if x.ndim == 0:
        ctx.indices = np.zeros((), np.int64)
        return x.copy(), ctx.indices
    values = np.take_along_axis(x, indices, dim)
    if not keepdim:
        values, indices = np.squeeze(values, dim), np.squeeze(indices, dim)
    ctx.indices = indices.astype(np.int64, copy=False)
    return values, ctx.indices


def _laid_out_as(a, x):
    """a's values laid out as torch's sort lays out its outputs: as x (empty_like) where x is
    dense, else in C order."""
    if a.flags.c_contiguous and (x.flags.c_contiguous or not _memory_format.dense(x)):
        return a
    return _memory_format.like(a, x)


def _extremum_along(arg, word):
    def forward(ctx, x, dim, keepdim):
        dim = wrap_dim(dim, x.ndim)
        _check_nonempty(word, x, dim)
        return _pick(ctx, x, dim, arg(x, axis=dim, keepdims=True) if x.ndim else None, keepdim)
    return forward


class MaxDim(_Selection):
    """max along a dim (MaxBackward0): (values, indices), the first index among ties."""
    node_name = "MaxBackward0"
    forward = _extremum_along(np.argmax, "max")


class MinDim(MaxDim):
    node_name = "MinBackward0"
    forward = _extremum_along(np.argmin, "min")


def _stable_order(x, dim, descending):
    """Indices that sort x along dim, ties in their original order; NaN counts as the largest."""
    if not descending:
        return np.argsort(x, axis=dim, kind="stable")
    n = x.shape[dim]
    flipped = np.argsort(np.flip(x, dim), axis=dim, kind="stable")
    return np.flip(n - 1 - flipped, dim)


class Sort(_Selection):
    """sort along a dim (SortBackward0): (values, indices), laid out as the input where its
    elements fill their memory (a transposed input's sort is transposed too), as torch's."""
    contiguous_output = False

    def forward(ctx, x, dim, descending):
        dim = wrap_dim(dim, x.ndim)
        order = _stable_order(x, dim, descending) if x.ndim else None
        values, indices = _pick(ctx, x, dim, order, True)
        return _laid_out_as(values, x), _laid_out_as(indices, x)


class SortStable(Sort):
    """sort with an explicit `stable` (SortBackward1)."""
    node_name = "SortBackward1"


class Topk(_Selection):

    def forward(ctx, x, k, dim, largest):
        if x.dtype.kind == "b":
            raise RuntimeError("topk does not support bool dtypes on CPU")
        dim = wrap_dim(dim, x.ndim)
        if not 0 <= k <= (x.shape[dim] if x.ndim else 1):
            raise RuntimeError("selected index k out of range")
        if x.ndim == 0:
            return _pick(ctx, x, dim, None, True)
        order = np.take(_stable_order(x, dim, largest), np.arange(k), axis=dim)
        return _pick(ctx, x, dim, order, True)


class Kthvalue(_Selection):

    def forward(ctx, x, k, dim, keepdim):
        _require_not_bool(x, "kthvalue_cpu")
        dim = wrap_dim(dim, x.ndim)
        _check_nonempty("kthvalue", x, dim)
        n = x.shape[dim] if x.ndim else 1
        if not 1 <= k <= n:
            raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {dim}")
        if x.ndim == 0:
            return _pick(ctx, x, dim, None, keepdim)
        order = np.take(_stable_order(x, dim, False), [k - 1], axis=dim)
        return _pick(ctx, x, dim, order, keepdim)


class Mode(_Selection):
    """The most frequent value along a dim (the smallest of equally frequent ones) and the index of
    its last occurrence, as torch's CPU kernel picks them."""

    def forward(ctx, x, dim, keepdim):
        dim = wrap_dim(dim, x.ndim)
        _check_nonempty("mode", x, dim)
        if x.ndim == 0:
            return _pick(ctx, x, dim, None, keepdim)
        rows = np.moveaxis(x, dim, -1)
        n = rows.shape[-1]
        flat = rows.reshape(-1, n)
        ordered = np.sort(flat, axis=1)
        position = np.arange(n)
        starts = np.ones(ordered.shape, bool)
        starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
        run_start = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
        seen = position - run_start + 1  # how often each value has been seen up to here, in sorted order
        values = np.take_along_axis(ordered, np.argmax(seen == seen.max(axis=1, keepdims=True), axis=1)[:, None], 1)
        last = n - 1 - np.argmax(flat[:, ::-1] == values, axis=1)
        indices = np.moveaxis(last.reshape(rows.shape[:-1] + (1,)), -1, dim)
        return _pick(ctx, x, dim, indices, keepdim)


def _median_along(skip_nan):
    def forward(ctx, x, dim, keepdim):
        _require_not_bool(x, "median_out")
        dim = wrap_dim(dim, x.ndim)
        _check_nonempty("median", x, dim)
        if x.ndim == 0:
            return _pick(ctx, x, dim, None, keepdim)
        order = _stable_order(x, dim, False)  # NaN sorts last
        n = x.shape[dim]
        nan = np.isnan(x) if x.dtype.kind == "f" else np.zeros(x.shape, bool)
        if skip_nan:  # the lower median of the values that are not NaN
            count = n - nan.sum(axis=dim, keepdims=True)
            return _pick(ctx, x, dim, np.take_along_axis(order, np.maximum(count - 1, 0) // 2, dim), keepdim)
        mid = np.take(order, [(n - 1) // 2], axis=dim)
        # a slice holding NaN has NaN as its median, at its first NaN
        mid = np.where(nan.any(axis=dim, keepdims=True), np.argmax(nan, axis=dim, keepdims=True), mid)
        return _pick(ctx, x, dim, mid, keepdim)
    return forward


class MedianDim(_Selection):
    """The lower median along a dim (MedianBackward1); NaN if the slice holds one."""
    node_name = "MedianBackward1"
    forward = _median_along(False)


class NanmedianDim(_Selection):
    """The lower median along a dim ignoring NaN (NanmedianBackward1)."""
    node_name = "NanmedianBackward1"
    forward = _median_along(True)


def _median_of_all(skip_nan):
    def forward(ctx, x):
        _require_not_bool(x, "median_cpu")
        flat = np.sort(x, axis=None)  # NaN sorts last
        count = x.size - int(np.isnan(flat).sum()) if x.dtype.kind == "f" else x.size
        if count == 0 or not skip_nan and count < x.size:
            return np.array(np.nan, x.dtype)
        return flat[(count - 1) // 2].reshape(()).copy()
    return forward


class Median(Op):
    """The lower median of all elements (MedianBackward0): ties share the gradient equally."""
    saves = (0, "result")
    forward = _median_of_all(False)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        return _evenly_distribute(grad, x, result)


class Nanmedian(Median):
    """The lower median of the elements that are not NaN (NanmedianBackward0)."""
    forward = _median_of_all(True)


def _arg_reduction(arg, word):
    def forward(ctx, x, dim, keepdim):
        if x.dtype.kind == "b":
            raise RuntimeError(f"{word}(): does not support bool input")
        if dim is None:
            if x.size == 0:
                raise IndexError(f"{word}(): Expected reduction dim to be specified for input.numel() == 0.")
            return np.asarray(arg(x.reshape(-1)), np.int64).reshape((1,) * x.ndim if keepdim else ())
        dim = wrap_dim(dim, x.ndim)
        _check_nonempty(word, x, dim)
        if x.ndim == 0:
            return np.zeros((), np.int64)
        return arg(x, axis=dim, keepdims=keepdim).astype(np.int64, copy=False)
    return forward


class Argmax(Op):
    differentiable = False
    forward = _arg_reduction(np.argmax, "argmax")


class Argmin(Op):
    differentiable = False
    forward = _arg_reduction(np.argmin, "argmin")


def _truth(reduce):
    def forward(ctx, x, dims, keepdim):
        out = reduce(x, axis=dims, keepdims=keepdim)
        return out.astype(np.uint8) if x.dtype == np.uint8 else out  # torch keeps uint8 here
    return forward


class All(Op):
    differentiable = False
    forward = _truth(np.all)


class Any(Op):
    differentiable = False
    forward = _truth(np.any)


# ================================================================= statistics
def _moments(std, with_mean):
    name = ("std_mean" if std else "var_mean") if with_mean else "std and var"
    word = ("std" if std else "var") + ("_mean" if with_mean else "")

    def forward(ctx, x, dims, correction, keepdim):
        if x.dtype.kind != "f":
            raise RuntimeError(f"{name} only support floating point and complex dtypes")
        ctx.over_all = dims is None or x.ndim == 0  # torch's dim=None: its gradient differs at dof <= 0
        dims = tuple(range(x.ndim)) if dims is None else dims
        ctx.dims, ctx.correction, ctx.keepdim = dims, correction, keepdim
        count = _count(x.shape, dims)
        kept = _count(x.shape, tuple(d for d in range(x.ndim) if d not in dims))
        if (x.size // kept if kept else 0) - correction <= 0:  # torch's reduction factor: numel in / numel out
            warnings.warn(f"{word}(): degrees of freedom is <= 0. Correction should be strictly less than the "
                          "reduction factor (input numel divided by output numel).", UserWarning,
                          stacklevel=user_stacklevel())
        # (np.mean of nothing warns: the mean of no element is NaN)
        mean = np.mean(x, axis=dims, keepdims=True) if count else np.full_like(np.sum(x, axis=dims, keepdims=True), np.nan)
        # torch divides by max(0, N - correction): inf or nan, never a negative variance
        v = np.sum(np.square(x - mean), axis=dims, keepdims=keepdim) / np.asarray(
            builtins.max(0, count - correction), x.dtype)
        out = np.sqrt(v) if std else v
        if not with_mean:
            return out
        return out, mean if keepdim else np.squeeze(mean, dims)
    return forward


class Var(Op):
    """Variance over dims with `correction` (VarBackward0); Std, VarMean and StdMean share its formula,
    the std ones reading their result too (torch's var formulas read only the input)."""
    contiguous_output = True
    saves = (0,)
    std = False
    forward = _moments(False, False)

    def backward(ctx, grad, grad_mean=None):
        x = ctx.saved_tensors[0]
        dims, keepdim = ctx.dims, ctx.keepdim
        n = _count(x.shape, dims)
        g = _expand_back(grad, x.shape, dims, keepdim)
        if ctx.std:
            r = _expand_back(ctx.saved_tensors[1], x.shape, dims, keepdim)
            g = (g / (2 * r)).masked_fill(r == 0, 0)
        if ctx.over_all and n - ctx.correction <= 0:
            # torch's var_backward: 2 / 0 times x - mean, NaN where that is 0, else inf (no graph through x)
            mean = x._data.mean() if x._data.size else 0
            gx = g * Tensor._wrap(np.where(x._data == mean, np.nan, np.inf).astype(x._data.dtype))
        else:
            with np.errstate(divide="ignore"):
                scale = float(np.float64(2.0) / np.float64(builtins.max(0, n - ctx.correction)))
            gx = g * scale * (x - x.mean(dims, keepdim=True))
        if grad_mean is not None:
            gx = gx + _expand_back(grad_mean, x.shape, dims, keepdim) / n
        return gx, None, None, None


class Std(Var):
    saves = (0, "result")
    std = True
    forward = _moments(True, False)


class VarMean(Var):
    n_outputs = 2
    forward = _moments(False, True)


class StdMean(Var):
    saves = (0, "result")
    n_outputs = 2
    std = True
    forward = _moments(True, True)


class Logsumexp(Op):
    """log(sum(exp(x))) over dims, shifted by the max so it neither overflows nor underflows."""
    contiguous_output = True
    saves = (0, "result")

    def forward(ctx, x, dims, keepdim):
        x = _floating(x)
        ctx.dims, ctx.keepdim = dims, keepdim
        if x.size == 0:
            return np.log(np.sum(np.exp(x), axis=dims, keepdims=keepdim))
        m = np.max(x, axis=dims, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        out = np.log(np.sum(np.exp(x - m), axis=dims, keepdims=True)) + m
        return out if keepdim else np.squeeze(out, dims)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        g = _expand_back(grad, x.shape, ctx.dims, ctx.keepdim)
        return g * (x - _expand_back(result, x.shape, ctx.dims, ctx.keepdim)).exp(), None, None


class LinalgVectorNorm(Op):
    """The p-norm over `dims` (LinalgVectorNormBackward0); its gradient is 0 where the norm is 0."""
    contiguous_output = True
    saves = (0, "result")

    def forward(ctx, x, p, dims, keepdim, dtype=None):
        if x.dtype.kind != "f":
            raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got "
                               f"{scalar_type_name(x)}")
        # dims None: all of them, as torch's dim=None (its saved dim and its gradient differ from a
        # dim listing every dim)
        ctx.over_all = dims is None
        dims = ctx.dims = tuple(range(x.ndim)) if dims is None else dims
        ctx.p, ctx.keepdim = p, keepdim
        if dtype is not None:
            x = x.astype(dtype)  # computed in dtype, as torch (no ToCopy node: the engine casts the gradient back)
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
        return (ctx._input_grad(grad),) + (None,) * (ctx._arity - 1)  # dtype may be left out

    def _input_grad(ctx, grad):
        x, result = ctx.saved_tensors
        return norm_backward(grad, x, result, ctx.p, ctx.dims, ctx.keepdim, ctx.over_all)


def norm_backward(grad, x, result, p, dims, keepdim, over_all=False):
    """torch's norm_backward: the gradient through `result`, the p-norm of x over `dims` (all of them
    when `over_all`, torch's dim=None)."""
    if p == 0:
        return _zeros_like(x)
    g = _expand_back(grad, x.shape, dims, keepdim)
    if p == 1:
        return x.sgn() * g
    if p in (float("inf"), -float("inf")):
        mask = (x.abs() == _restore_reduced_dims(result, x.shape, dims, keepdim)).logical_or(x.abs().isnan())
        return x.sgn() * _scale_grad_by_count(_restore_reduced_dims(grad, x.shape, dims, keepdim), mask, dims)
    # term for term: an element at 0 gets 0 (x.abs() ** (p - 1) is inf there for p < 1), a zero
    # norm passes nothing
    if p == 2:  # torch's form: grad and norm unsqueezed (not for dim=None), broadcast by the ops
        if not keepdim and not over_all:
            for d in sorted(dims):
                grad, result = grad.unsqueeze(d), result.unsqueeze(d)
        return grad * (x / result).masked_fill(result == 0, 0)
    r = _expand_back(result, x.shape, dims, keepdim)
    if p < 1:
        return x.sgn() * x.abs().pow(p - 1).masked_fill(x == 0, 0) * g * r.pow(1 - p)
    scaled = x.sgn() * x.abs().pow(p - 1) if p < 2 else x * x.abs().pow(p - 2)
    return scaled * (g / r.pow(p - 1)).masked_fill(r == 0, 0)


# ================================================================= functions (torch.* and Tensor methods)
def sum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over `dim` (an int, a tuple, or all dims); integers and bools sum in int64."""
    if dim is None and not keepdim:
        return Sum.apply(input, dtype)
    return SumDim.apply(input, _dims(dim, input._data.ndim), keepdim, dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    """Arithmetic mean over `dim` (floating inputs only, as in torch)."""
    if dim is None and not keepdim:
        return Mean.apply(input, dtype)
    return MeanDim.apply(input, _dims(dim, input._data.ndim), keepdim, dtype)


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    """Sum over `dim` treating NaN as zero."""
    return Nansum.apply(input, _dims(dim, input._data.ndim), keepdim, dtype)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """Mean over `dim` of the elements that are not NaN."""
    if input._data.dtype.kind != "f":
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got "
                           f"{scalar_type_name(input._data)}")
    if dtype is not None:
        input = input.to(dtype)
    count = sum(input.isnan().logical_not(), dim, keepdim)
    return nansum(input, dim, keepdim) / count


def count_nonzero(input, dim=None):
    """The number of nonzero elements over `dim` (int64)."""
    return sum(input != 0, dim)


def prod(input, dim=None, keepdim=False, *, dtype=None):
    """Product of all elements, or along one dim."""
    if dim is None:
        return Prod.apply(input, dtype)
    return ProdDim.apply(input, wrap_dim(dim, input._data.ndim), keepdim, dtype)


def _check_scan_dtype(name, input, dtype):
    """torch's cumsum and cumprod kernels have no bool version (a 0-d input needs none)."""
    if dtype is not None and dtype.np.kind == "b" and input._data.ndim:
        raise not_implemented_for(f"{name}_out_cpu", dtype)


def cumsum(input, dim, *, dtype=None):
    """Running sum along `dim`."""
    _check_scan_dtype("cumsum", input, dtype)
    return Cumsum.apply(input, wrap_dim(dim, input._data.ndim), dtype, False)


def logcumsumexp(input, dim):
    """log(cumsum(exp(input))) along `dim`, computed without overflow."""
    return Logcumsumexp.apply(input, wrap_dim(dim, input._data.ndim))


def cumprod(input, dim, *, dtype=None):
    """Running product along `dim`."""
    _check_scan_dtype("cumprod", input, dtype)
    return Cumprod.apply(input, wrap_dim(dim, input._data.ndim), dtype)


def _extremum(full, along, elementwise, input, dim, keepdim, other):
    if isinstance(dim, Tensor):
        return elementwise(input, dim)
    if other is not None:
        return elementwise(input, other)
    if dim is None:
        return full.apply(input)
    values, indices = along.apply(input, dim, keepdim)
    return (max_type if along is MaxDim else min_type)(values, indices)


def max(input, dim=None, keepdim=False, *, other=None):
    """The largest element; along `dim`, a (values, indices) named tuple; with a tensor, maximum."""
    from .pointwise import maximum
    return _extremum(Max, MaxDim, maximum, input, dim, keepdim, other)


def min(input, dim=None, keepdim=False, *, other=None):
    """The smallest element; along `dim`, a (values, indices) named tuple; with a tensor, minimum."""
    from .pointwise import minimum
    return _extremum(Min, MinDim, minimum, input, dim, keepdim, other)


def amax(input, dim=(), keepdim=False):
    """Largest elements over `dim` (all dims by default); ties share the gradient."""
    _check_nonempty_dims("amax", input._data, dim)
    return Amax.apply(input, _dims(dim, input._data.ndim), keepdim)


def amin(input, dim=(), keepdim=False):
    """Smallest elements over `dim` (all dims by default); ties share the gradient."""
    _check_nonempty_dims("amin", input._data, dim)
    return Amin.apply(input, _dims(dim, input._data.ndim), keepdim)


def aminmax(input, *, dim=None, keepdim=False):
    """(min, max) over `dim` (all elements by default) as a named tuple."""
    dims = _dims(dim, input._data.ndim)
    return aminmax_type(*Aminmax.apply(input, dims, keepdim, dim is None))


def cummax(input, dim):
    """Running maximum along `dim` with the index where each was reached, as (values, indices)."""
    return cummax_type(*Cummax.apply(input, wrap_dim(dim, input._data.ndim)))


def cummin(input, dim):
    """Running minimum along `dim` with the index where each was reached, as (values, indices)."""
    return cummin_type(*Cummin.apply(input, wrap_dim(dim, input._data.ndim)))


def argmax(input, dim=None, keepdim=False):
    """Index of the largest element (of the flattened input when dim is None)."""
    return Argmax.apply(input, dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    """Index of the smallest element (of the flattened input when dim is None)."""
    return Argmin.apply(input, dim, keepdim)


def all(input, dim=None, keepdim=False):
    """True where every element over `dim` is nonzero."""
    return All.apply(input, None if dim is None else _dims(dim, input._data.ndim), keepdim)


def any(input, dim=None, keepdim=False):
    """True where some element over `dim` is nonzero."""
    return Any.apply(input, None if dim is None else _dims(dim, input._data.ndim), keepdim)


def _correction(dim, unbiased, keepdim, correction):
    """torch's var/std arguments: var(x, unbiased), var(x, dim, unbiased, keepdim) or correction=."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    elif unbiased is not None:
        raise RuntimeError("Cannot pass both correction and unbiased arguments")
    return dim, correction, keepdim


def _stat(cls, input, dim, unbiased, keepdim, correction):
    dim, correction, keepdim = _correction(dim, unbiased, keepdim, correction)
    return cls.apply(input, None if dim is None else _dims(dim, input._data.ndim), correction, keepdim)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Variance over `dim`, dividing by N - correction (Bessel's correction, 1, by default)."""
    return _stat(Var, input, dim, unbiased, keepdim, correction)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Standard deviation over `dim`, dividing by N - correction."""
    return _stat(Std, input, dim, unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over `dim` in one pass."""
    return _stat(VarMean, input, dim, unbiased, keepdim, correction)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over `dim` in one pass."""
    return _stat(StdMean, input, dim, unbiased, keepdim, correction)


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(input))) over `dim`, computed without overflow."""
    x = input._data
    if not keepdim and x.ndim and x.size and isinstance(dim, (tuple, list)) and not dim:
        # torch's kernel reduces everything for dim=() but adds back the max it kept with every dim
        raise RuntimeError(f"output with shape [] doesn't match the broadcast shape [{', '.join(['1'] * x.ndim)}]")
    return Logsumexp.apply(input, _dims(dim, input._data.ndim), keepdim)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm over `dim` (all elements by default), dispatched as torch's Python norm does:
    'fro' over one int or at most two dims is the 2-norm (linalg.vector_norm), any other string a matrix
    norm (linalg.matrix_norm, over every dim when none is given), so their checks and errors are torch's."""
    from .. import linalg  # (its parsed functions: torch's norm passes their TypeErrors on)
    dims = [dim] if isinstance(dim, int) else dim  # (a Python int only: a NumPy one has no len() below, as in torch)
    if isinstance(p, str):
        if p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
            return linalg.vector_norm(input, 2, dims, keepdim, dtype=dtype)
        return linalg.matrix_norm(input, p, list(range(input.dim())) if dims is None else dims, keepdim, dtype=dtype)
    return linalg.vector_norm(input, 2.0 if p is None else p, dims, keepdim, dtype=dtype)


def p_norm(input, p, dim, keepdim, dtype):
    """torch.norm's and linalg.vector_norm's p-norm over `dim` (None: all elements)."""
    p = float(p)
    check_norm_identity(input._data, p, dim)
    dims = None if dim is None else _dims(dim, input._data.ndim)
    return LinalgVectorNorm.apply(input, p, dims, keepdim, _norm_dtype("linalg.vector_norm", input, dtype))


def check_norm_identity(x, p, dim):
    """An inf or negative-order norm of nothing has no value (no identity): torch refuses it, naming an
    empty dim as given."""
    if x.size or not (p < 0 or p == float("inf")):
        return
    given = () if dim is None else (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if not given:
        raise RuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on an empty tensor because the "
                           "operation does not have an identity")
    for d in given:
        if x.shape[wrap_dim(d, x.ndim)] == 0:  # (no space before 'because': torch's wording)
            raise RuntimeError(f"linalg.vector_norm cannot compute the {p:g} norm on the dimension {d}because this "
                               "dimension is empty and the operation does not have an identity")


def _norm_dtype(name, x, dtype):
    """The NumPy dtype a norm computes in (None: x's own), refused as torch refuses a narrowing one."""
    if dtype is None:
        return None
    if not dtype.is_floating_point:
        raise RuntimeError(f"{name}: dtype should be floating point or complex, but got {scalar_type_name(dtype)}")
    if x._data.dtype.kind == "f" and not np.can_cast(x._data.dtype, dtype.np):
        raise RuntimeError(f"{name}: the dtype of the input ({scalar_type_name(x._data)}) should be convertible without "
                           f"narrowing to the specified dtype ({scalar_type_name(dtype)})")
    return dtype.np


# ================================================================= ATen's norm functions
# torch.norm from Python is linalg.vector_norm's node; ATen's at::norm, which the functions below call
# from C++, records NormBackward0 (over everything) or NormBackward1 (over dims): the same op and
# formula under torch's other names
NormAll = type("NormAll", (LinalgVectorNorm,), {"node_name": "NormBackward0", "__module__": __name__,
                                                 "__doc__": "at::norm(self, p): the p-norm of every element"})
NormDim = type("NormDim", (LinalgVectorNorm,), {"node_name": "NormBackward1", "__module__": __name__,
                                                 "__doc__": "at::norm(self, p, dim, keepdim)"})


def _aten_norm(input, p, dim=None, keepdim=False):
    """at::norm: the p-norm over `dim` (a list of dims; empty is all of them, as ATen's), or over
    everything (NormBackward0) when dim is None."""
    if input._data.dtype.kind != "f":
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                           f"{scalar_type_name(input._data)} instead.")
    if dim is None:
        return NormAll.apply(input, float(p), None, False)
    dims = tuple(sorted(_unique_dims(dim, input._data.ndim))) if input._data.ndim else ()  # (0-d: nothing to reduce)
    return NormDim.apply(input, float(p), dims or None, keepdim)


def _int_dims(fn, dim, position):
    """An int[] argument (a single int stands for a list of it), else torch's TypeError."""
    if int_argument(dim):
        return [int(dim)]
    if isinstance(dim, (tuple, list)) and builtins.all(int_argument(d) for d in dim):
        return [int(d) for d in dim]
    raise TypeError(f"{fn}(): argument 'dim' (position {position}) must be tuple of ints, not {type(dim).__name__}")


_DEPRECATED = ("at::{} is deprecated and it is just left for JIT compatibility. It will be removed in a future "
               "PyTorch release. Please use `{}` instead")
_MISSING = object()


def frobenius_norm(input, dim=_MISSING, keepdim=False):
    """The 2-norm over one or two dims (deprecated in torch: linalg.vector_norm(input, 2, dim, keepdim))."""
    if dim is _MISSING:
        raise TypeError('frobenius_norm() missing 1 required positional arguments: "dim"')
    dim = _int_dims("frobenius_norm", dim, 2)
    warn_once(_DEPRECATED.format("frobenius_norm", "linalg.vector_norm(A, 2., dim, keepdim)"))
    if len(dim) > 2:
        raise RuntimeError(f"Expected at most 2 dimensions, but got {len(dim)} dimensions instead.")
    return _aten_norm(input, 2, dim, keepdim)


def nuclear_norm(input, dim=None, keepdim=False):
    """nuclear_norm(input, keepdim=False) or nuclear_norm(input, dim, keepdim=False): the sum of the
    singular values of the matrices over `dim` (the last two by default; one int names both, as
    torch's int[2]). Deprecated in torch: linalg.matrix_norm(input, 'nuc', dim, keepdim). Behind
    torch's parser: dim is an int or an int list, or a bool that is the first overload's keepdim."""
    if isinstance(dim, bool):
        dim, keepdim = None, dim
    dim = (-2, -1) if dim is None else (dim, dim) if isinstance(dim, int) else tuple(dim)
    warn_once(_DEPRECATED.format("nuclear_norm", "linalg.matrix_norm(A, 'nuc', dim, keepdim)"))
    from .linalg import matrix_norm
    return matrix_norm(input, "nuc", dim, keepdim)


def native_norm(input, p=2, dim=None, keepdim=False, dtype=None):
    """native_norm(input, p=2) or native_norm(input, p, dim, keepdim, dtype): ATen's norm of sparse
    tensors. torch has no kernel for strided (dense) tensors, the only kind pullback has: after
    torch's argument parser it raises torch's NotImplementedError (use linalg.vector_norm)."""
    op = "aten::native_norm" if dim is None else "aten::native_norm.ScalarOpt_dim_dtype"  # (the parser's overload)
    raise NotImplementedError(
        f"Could not run '{op}' with arguments from the 'CPU' backend. This could be because the operator doesn't "
        "exist for this backend, or was omitted during the selective/custom build process (if using custom build). "
        f"'{op}' is only available for these backends: [Meta, SparseCPU, ...] (pullback's tensors are all strided).")


def norm_except_dim(v, pow=2, dim=0):
    """The `pow`-norm of v over every dim but `dim` (kept, the others of size 1); over everything
    for dim=-1. weight_norm's norm, composed as ATen's (views and at::norm)."""
    from .._creation import _int_arg
    pow, dim = _int_arg(pow, "norm_except_dim", "pow", 2), _int_arg(dim, "norm_except_dim", "dim", 3)
    if dim == -1:
        return _aten_norm(v, pow)
    shape = v._data.shape
    if not shape:
        raise no_dimensions(dim)
    if dim == 0 or dim == len(shape) - 1:
        kept = [1] * len(shape)
        kept[dim] = shape[dim]
        rows = (shape[0], -1) if dim == 0 else (-1, shape[-1])
        return _aten_norm(v.contiguous().view(rows), pow, [1 if dim == 0 else 0]).view(kept)
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def median(input, dim=None, keepdim=False):
    """The lower median of all elements, or (values, indices) along `dim`."""
    if dim is None:
        return Median.apply(input)
    return median_type(*MedianDim.apply(input, dim, keepdim))


def nanmedian(input, dim=None, keepdim=False):
    """median ignoring NaN: of all elements, or (values, indices) along `dim`."""
    if dim is None:
        return Nanmedian.apply(input)
    return nanmedian_type(*NanmedianDim.apply(input, dim, keepdim))


_SORT_OVERLOADS = {
    "sort": (" * (*, bool stable, int dim = -1, bool descending = False)\n * (int dim = -1, bool descending = False)\n",
             " * (Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors out = None)\n"
             " * (Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None)\n"),
    "argsort": (" * (*, bool stable, int dim = -1, bool descending = False)\n * (int dim = -1, bool descending = False)\n",
                " * (Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None)\n"
                " * (Tensor input, int dim = -1, bool descending = False)\n"),
}


def _sort_overload(fn, input, args, kwargs, method):
    """(dim, descending, stable) from torch's two overloads of sort and argsort: (dim=-1,
    descending=False), or (*, stable, dim=-1, descending=False), where stable is a keyword."""
    unknown = sorted(set(kwargs) - {"dim", "descending", "stable"})
    if unknown:
        raise TypeError(f"{fn}() got an unexpected keyword argument '{unknown[0]}'")
    clash = [k for k in ("dim", "descending")[:len(args)] if k in kwargs]
    if len(args) > 2 or clash or (args and "stable" in kwargs):
        listing = _SORT_OVERLOADS[fn][not method]
        if (method or fn == "argsort") and len(args) <= 2:  # (torch.sort's listing has no such line)
            listing += f"      didn't match because some of the keywords were incorrect: {', '.join(clash or ['stable'])}\n"
        raise _invalid_combination(fn, args if method else (input,) + args, kwargs, listing)
    given = dict(zip(("dim", "descending"), args), **kwargs)
    return given.get("dim", -1), given.get("descending", False), given.get("stable")


def sort(input, *args, **kwargs):
    """sort(input, dim=-1, descending=False) or sort(input, *, stable, dim=-1, descending=False):
    (values, indices) sorted along `dim`; equal elements keep their order (always stable)."""
    return _sort(input, *_sort_overload("sort", input, args, kwargs, False))


def _sort(input, dim, descending, stable):
    return sort_type(*(Sort if stable is None else SortStable).apply(input, dim, descending))


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The k largest (or smallest) elements along `dim` as (values, indices), in sorted order."""
    return topk_type(*Topk.apply(input, k, dim, largest))


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along `dim` as (values, indices): the smallest of equally frequent
    values, at its last occurrence."""
    return mode_type(*Mode.apply(input, dim, keepdim))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The k-th smallest element along `dim` as (values, indices)."""
    return kthvalue_type(*Kthvalue.apply(input, k, dim, keepdim))


def argsort(input, *args, **kwargs):
    """argsort(input, dim=-1, descending=False) or argsort(input, *, stable, dim=-1,
    descending=False): the indices that sort `input` along `dim` (sort's indices)."""
    return _argsort(input, *_sort_overload("argsort", input, args, kwargs, False))


def _argsort(input, dim, descending, stable):
    return _sort(input, dim, descending, True if stable else None).indices


def _sort_method(self, *args, **kwargs):
    """Tensor.sort(dim=-1, descending=False) or Tensor.sort(*, stable, dim=-1, descending=False)."""
    return _sort(self, *_sort_overload("sort", self, args, kwargs, True))


def _argsort_method(self, *args, **kwargs):
    """Tensor.argsort(dim=-1, descending=False) or Tensor.argsort(*, stable, dim=-1, descending=False)."""
    return _argsort(self, *_sort_overload("argsort", self, args, kwargs, True))


def _unique_parts(data, dim, return_inverse, return_counts, consecutive):
    if dim is None:
        flat = data.reshape(-1)
        if consecutive:
            keep = np.ones(flat.shape, bool)
            keep[1:] = flat[1:] != flat[:-1]
            values, starts = flat[keep], np.flatnonzero(keep)
            inverse = np.cumsum(keep) - 1
            counts = np.diff(np.append(starts, flat.size))
            return values, inverse.reshape(data.shape), counts
        # NaN != NaN: each is its own value, as torch's sort-and-compare finds
        values, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True, equal_nan=False)
        return values, inverse.reshape(data.shape), counts
    dim = wrap_real_dim(dim, data.ndim)
    if data.size == 0:  # torch's unique_dim: only the selected dim may be empty
        if data.shape[dim]:
            raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so unique cannot be applied")
        if data.shape.count(0) > 1:
            raise RuntimeError("Number of zero sized dimensions is more than one, so unique cannot be applied")
        empty = np.zeros(0, np.int64)
        return data, empty, empty
    moved = np.moveaxis(data, dim, 0)
    rows = moved.reshape(moved.shape[0], -1)
    if consecutive:
        keep = np.ones(rows.shape[0], bool)
        keep[1:] = (rows[1:] != rows[:-1]).any(axis=1)
        starts = np.flatnonzero(keep)
        values = np.moveaxis(moved[keep], 0, dim)
        return values, np.cumsum(keep) - 1, np.diff(np.append(starts, rows.shape[0]))
    _, first, inverse, counts = np.unique(rows, axis=0, return_index=True, return_inverse=True, return_counts=True)
    return np.moveaxis(moved[first], 0, dim), inverse.reshape(-1), counts


class Unique2(Op):
    """unique's values, inverse indices and counts. torch records the node (Unique2Backward0) but
    has no derivative for it: backward raises as torch's does."""
    n_outputs = 3
    nondiff_outputs = (1, 2)
    aten = "_unique2"

    def forward(ctx, x, dim, consecutive):
        values, inverse, counts = _unique_parts(x, dim, True, True, consecutive)
        # along a dim, torch stacks the slices on dim 0 and moves it back: a view, not contiguous
        if dim is None:
            values = np.ascontiguousarray(values)
        elif values.ndim:
            d = wrap_dim(dim, values.ndim)
            values = np.moveaxis(np.ascontiguousarray(np.moveaxis(values, d, 0)), 0, d)
        return (values.astype(x.dtype, copy=False), np.asarray(inverse, np.int64),
                np.asarray(counts, np.int64))

    def backward(ctx, *grads):
        raise NotImplementedError(f"the derivative for '{ctx.aten}' is not implemented.")


class UniqueDim(Unique2):
    aten = "unique_dim"


class UniqueConsecutive(Unique2):
    aten = "unique_consecutive"


def _unique_result(input, dim, return_inverse, return_counts, consecutive):
    cls = UniqueConsecutive if consecutive else Unique2 if dim is None else UniqueDim
    values, inverse, counts = cls.apply(input, dim, consecutive)
    out = (values,) + ((inverse,) if return_inverse else ()) + ((counts,) if return_counts else ())
    return out[0] if len(out) == 1 else out


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements of `input` (or its distinct slices along `dim`), sorted.

    return_inverse adds each input element's index into them, return_counts each one's count.
    Recorded but not differentiable, as in torch."""
    flags = {"sorted": sorted, "return_inverse": return_inverse, "return_counts": return_counts}
    if not (type(sorted) is bool and type(return_inverse) is bool and type(return_counts) is bool
            and (dim is None or type(dim) is int)):  # (torch's hands them to its kernel's parser, by keyword)
        given, flags = _signatures.as_parsed_by("_VF._unique2" if dim is None else "_VF.unique_dim",
                                                (input,) if dim is None else (input, dim), kwargs=flags)
        dim = None if dim is None else given[1]
    return _unique_result(input, dim, flags["return_inverse"], flags["return_counts"], consecutive=False)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """unique of each run of equal consecutive elements (or slices along `dim`), in order."""
    if not (type(return_inverse) is bool and type(return_counts) is bool and (dim is None or type(dim) is int)):
        _, flags = _signatures.as_parsed_by("_VF.unique_consecutive", (input,), kwargs={
            "return_inverse": return_inverse, "return_counts": return_counts, "dim": dim})  # (torch's, by keyword)
        return_inverse, return_counts, dim = flags["return_inverse"], flags["return_counts"], flags["dim"]
    return _unique_result(input, dim, return_inverse, return_counts, consecutive=True)


def bincount(input, weights=None, minlength=0):
    """How often each non-negative integer occurs in the 1-D `input` (or the sum of its weights).

    int64 counts; float64 sums of integer or float64 weights, float32 sums of float32 weights."""
    data = input._data
    if data.dtype.kind not in "iu":
        raise not_implemented_for("bincount_cpu", data)
    if data.ndim != 1 or (data.size and data.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        return Tensor._wrap(np.bincount(data, minlength=minlength).astype(np.int64))
    w = weights._data
    if w.shape != data.shape:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    dtype = np.float32 if w.dtype == np.float32 else np.float64
    return Tensor._wrap(np.bincount(data, weights=w.astype(np.float64), minlength=minlength).astype(dtype))


def _check_weights(name, w, n, integral):
    if w._data.ndim > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got {name} with "
                           f"{w._data.ndim} dimensions")
    if (w._data.dtype.kind in "iu") != integral or w._data.dtype == np.bool_:
        kind = "integral" if integral else "floating point"
        raise RuntimeError(f"cov(): expected {name} to have {kind} dtype but got {name} with "
                           f"{scalar_type_name(w._data.dtype)} dtype")
    if w._data.size != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are observations in the input "
                           f"but got {w._data.size} != {n}")
    if n and w._data.min() < 0:
        raise RuntimeError(f"cov(): {name} cannot be negative")


def cov(input, *, correction=1, fweights=None, aweights=None):
    """The covariance matrix of the variables in input's rows (observations in columns), weighted by
    frequency weights and/or observation weights; a 0-d result for a single variable."""
    if input._data.ndim > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an input with "
                           f"{input._data.ndim} dimensions")
    if input._data.dtype == np.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input.view(1, -1) if input._data.ndim < 2 else input
    n = x._data.shape[1]
    w = None
    if fweights is not None:
        _check_weights("fweights", fweights, n, True)
        w = fweights
    if aweights is not None:
        _check_weights("aweights", aweights, n, False)
        w = aweights if w is None else w * aweights
    long_scalar = lambda v: Tensor._wrap(np.array(v, np.int64))  # noqa: E731  (torch's scalar_tensor(kLong))
    if w is None:
        avg = x.sum(1) / long_scalar(n)
        norm_factor = long_scalar(n - correction)
    else:
        w_sum = w.sum()
        if not w_sum._data:
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
        avg = (x * w).sum(1) / w_sum
        # torch's C++: its correction is a Scalar (SubBackward1, MulBackward1)
        if correction == 0:
            norm_factor = w_sum
        elif aweights is None:
            norm_factor = SubScalar.apply(w_sum, correction)
        elif fweights is None and n == 1 and correction == 1:
            norm_factor = long_scalar(0)  # torch's exact zero where rounding would leave a tiny one
        else:
            norm_factor = w_sum - MulScalar.apply((w * aweights).sum(), correction) / w_sum
    if norm_factor._data <= 0:
        import warnings
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of "
                      "observations.", UserWarning, stacklevel=2)
        norm_factor = norm_factor.zero_()
    if n == 1 and (fweights is None) != (aweights is None):
        # torch zeroes the centred observations outright (the weighted mean is the observation itself);
        # it does so in the caller's own tensor, which is not copied here
        x = x * 0
        if x._data.dtype.kind in "iu":
            x = x.to(_dtype.float32)
    else:
        x = x - avg.unsqueeze(1)
    return (x.mm((x if w is None else x * w).t()) / norm_factor).squeeze()


def corrcoef(input):
    """Pearson correlation coefficients of the variables in input's rows, clipped to [-1, 1]."""
    if input._data.ndim > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got an input with "
                           f"{input._data.ndim} dimensions")
    c = cov(input)
    if c._data.ndim == 0:
        return c / c  # nan for a zero, inf or nan variance, 1 otherwise
    stddev = c.diagonal().sqrt()
    c = c / stddev.view(-1, 1)
    c = c / stddev.view(1, -1)
    return c.clip(-1, 1)


__all__ = ["sum", "mean", "nansum", "nanmean", "count_nonzero", "prod", "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "max",
           "min", "amax", "amin", "aminmax", "argmax", "argmin", "all", "any", "var", "std", "var_mean", "std_mean",
           "logsumexp", "norm", "median", "nanmedian", "sort", "topk", "kthvalue", "mode", "argsort", "unique",
           "unique_consecutive", "bincount", "cov", "corrcoef", "frobenius_norm", "nuclear_norm", "native_norm",
           "norm_except_dim"]
_FUNCTION_ONLY = ("var_mean", "std_mean", "frobenius_norm", "nuclear_norm", "native_norm", "norm_except_dim")
METHODS = {name: globals()[name] for name in __all__ if name not in _FUNCTION_ONLY}
METHODS.update(sort=_sort_method, argsort=_argsort_method)


def _cumulative_inplace(cls):
    def method(self, dim, *, dtype=None):
        return cls.apply_(self, wrap_dim(dim, self._data.ndim), dtype, *(() if cls is Cumprod else (False,)))
    method.__name__ = method.__qualname__ = cls.__qualname__.lower() + "_"
    return method


METHODS.update(cumsum_=_cumulative_inplace(Cumsum), cumprod_=_cumulative_inplace(Cumprod))


from .._tensor import Tensor  # noqa: E402
from ..autograd.grad_mode import _state as _grad_state  # noqa: E402
