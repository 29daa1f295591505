"""Statistics of a tensor's values: quantiles, histograms, renorm and trapezoidal integration.

quantile and the trapezoid rules are compositions in torch (their graphs are those of sort,
gather and lerp, or of slices, sums and cumsum): they are composed here of the same ops in the
same order. renorm has its own node (RenormBackward0). Histograms are counts: histc records
nothing, histogram and histogramdd record torch's NotImplemented node.
"""
import builtins

import numpy as np

from .. import _creation, _dtype
from ..autograd import forward_ad
from ._op import Op, _invalid_combination, _Scratch, int_argument, number_argument
from .pointwise import AddScalar, masked_fill, over, times, where
from .reduction import LinalgVectorNorm, Sort, _return_type, norm_backward
from .._dtype import cpp_type_name, not_implemented_for
from .._size import no_dimensions
from .shape import Slice, broadcast_tensors, wrap_dim

histogram_type, histogramdd_type, histogram_out_type = (_return_type(name, ("hist", "bin_edges"), __name__)
                                                        for name in ("histogram", "histogramdd", "histogram_out"))


def _cpp_double(v):
    """A double as torch's C++ messages print it (six significant digits)."""
    return "%g" % v


def _composite_out(out, result):
    from . import _composite_out as composite_out  # (the op table's __init__ imports this module)
    return composite_out(out, result)


# ================================================================= quantile
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, input, q, dim, keepdim, interpolation, out, ignore_nan):
    """torch's quantile_out_impl / quantile_compute: sort along `dim` (moved last), ranks from q,
    gather the values below and above each rank and lerp between them."""
    number_q = not isinstance(q, Tensor)  # (else a number and an int or None dim: the parser has read them)
    if number_q:
        q = float(q)
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {_cpp_double(q)}")
        q = Tensor._wrap(np.array(q, input._data.dtype))  # torch's scalar_tensor(q, self.options())
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, "
                           f"but got {interpolation}")
    x = input._data
    if x.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if q._data.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if x.dtype not in (np.float32, np.float64):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if q._data.dtype != x.dtype:
        raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
    if out is not None and out._data.dtype != x.dtype:
        raise RuntimeError("quantile() out tensor must be same dtype as the input tensor")
    wrapped = wrap_dim(0 if dim is None else dim, x.ndim)
    # the output shape: q's size, then the reduced shape
    if dim is not None and x.ndim:
        reduced = list(x.shape)
        if keepdim:
            reduced[wrapped] = 1
        else:
            del reduced[wrapped]
    else:
        reduced = [1] * x.ndim if keepdim else []
    qs = q._data
    if not ((qs >= 0) & (qs <= 1)).all():
        raise RuntimeError("quantile() q values must be in the range [0, 1]")

    if dim is None:
        ordered = input.flatten().sort().values
    elif wrapped == x.ndim - 1:
        ordered = input.sort().values
    else:
        ordered = input.unsqueeze(-1).transpose(wrapped, -1).sort().values
    ordered = ordered.view(reduced + [ordered.shape[-1]])

    if ignore_nan:  # ranks among the values that are not NaN (all NaN: rank 0, a NaN)
        ranks = q * (ordered.isnan().logical_not_().sum(-1, True) - 1)
        ranks.masked_fill_(ranks < 0, 0)
    else:  # a row holding NaN takes its last value, a NaN
        last = ordered.shape[-1] - 1
        ranks, has_nan = broadcast_tensors(times(q, last), ordered.isnan().any(-1, True))
        ranks = masked_fill(ranks, has_nan, last)
    if interpolation == "lower":
        ranks.floor_()
    elif interpolation == "higher":
        ranks.ceil_()
    elif interpolation == "nearest":
        ranks.round_()
    below = ranks.long()
    values = ordered.gather(-1, below)
    if interpolation in ("linear", "midpoint"):
        weights = _creation.full_like(ranks, 0.5) if interpolation == "midpoint" else ranks - below
        above = ranks.ceil_().long()
        values.lerp_(ordered.gather(-1, above), weights)
    if qs.ndim == 0:
        values.squeeze_(-1)
    else:  # the quantiles move to the first dim
        values.unsqueeze_(0).transpose_(0, -1).squeeze_(-1)
    return values if out is None else _composite_out(out, values)


def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """The q-th quantiles of `input` (of all of it, or along `dim`); q a number or a 1-D tensor.

    `interpolation` picks between the sorted values around each rank; a tensor q's quantiles
    stack along a new first dim."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, out, ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
    """quantile ignoring NaN values (NaN only where a slice holds nothing else)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, out, ignore_nan=True)


def msort(input, *, out=None):
    """`input` sorted along its first dim (sort(input, 0)'s values)."""
    if out is not None:  # torch's msort_out is sort_out (its messages name sort)
        from . import sort
        sort(input, 0, False, out=(out, Tensor._wrap(np.empty(0, np.int64))))
        return out
    return Sort.apply(input, 0, False)[0]


# ================================================================= histograms
class _NotDifferentiable(Op):
    """A histogram's node: torch records one without a derivative formula, whose backward raises."""
    node_name = "torch::autograd::NotImplemented"
    n_outputs = None

    def backward(ctx, *grads):
        raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")


def _histogram_node(aten, n_outputs, forward):
    return type(aten, (_NotDifferentiable,), {"aten": aten, "n_outputs": n_outputs, "forward": forward,
                                              "node_name": _NotDifferentiable.node_name, "__module__": __name__})


def _tracked(*tensors):
    """The arguments of a NotImplemented node: torch lists an edge only for tensors that require
    grad, so the others pass as arrays (but for forward mode, which refuses one with a tangent)."""
    return [t if t is None or t.requires_grad or forward_ad.state.active else t._data for t in tensors]


def _check_dtype_is_floating(x, kernel, half=True):
    if x.dtype.kind != "f" or not half and x.dtype == np.float16:
        raise not_implemented_for(kernel, x)


def _check_bin_counts(x, counts):
    for d, n in enumerate(counts):
        if n <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {n} for dimension {d}")


def _check_inputs(x, edges, weight):
    """torch's histogramdd_check_inputs: x's points along its last dim, their N sequences of bin
    edges, and weights shaped as x without that dim."""
    n = x.shape[-1]
    if len(edges) != n:
        raise RuntimeError(f"torch.histogramdd: expected {n} sequences of bin edges for a {n}-dimensional histogram "
                           f"but got {len(edges)}")
    for d, e in enumerate(edges):
        if e.dtype != x.dtype:
            raise RuntimeError(f"torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
                               f"got input with dtype {_dtype.cpp_type_name(x)} and bins for dimension {d} with dtype "
                               f"{_dtype.cpp_type_name(e)}")
        if e.ndim != 1:
            raise RuntimeError(f"torch.histogramdd: bins tensor should have one dimension, but got {e.ndim} "
                               f"dimensions in the bins tensor for dimension {d}")
        if e.size == 0:
            raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements "
                               f"in the bins tensor for dimension {d}")
    if weight is not None:
        if weight.dtype != x.dtype:
            raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should "
                               f"have the same dtype, but got input({cpp_type_name(x)}), and weight({cpp_type_name(weight)})")
        if list(x.shape[:-1]) != list(weight.shape or (1,)):
            raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                               "input tensor excluding its innermost dimension, but got input with shape "
                               f"{list(x.shape)} and weight with shape {list(weight.shape)}")


def _torch_dtype(np_dtype):
    return _dtype.from_numpy_dtype(np.dtype(np_dtype))


def _outer_edges(points, range):
    """torch's select_outer_bin_edges: each dim's outermost edges, from `range` or the points' min
    and max (0 and 1 for no points), an empty range widened by 1/2 on each side."""
    n = points.shape[-1]
    if range is not None:
        if len(range) != 2 * n:
            raise RuntimeError(f"torch.histogramdd: for a {n}-dimensional histogram range should have {2 * n} "
                               f"elements, but got {len(range)}")
        lows, highs = [float(v) for v in range[0::2]], [float(v) for v in range[1::2]]
    elif points.shape[0]:
        _check_dtype_is_floating(points, "histogramdd", half=False)
        lows, highs = [float(v) for v in points.min(0)], [float(v) for v in points.max(0)]
    else:
        lows, highs = [0.0] * n, [1.0] * n
    for d in builtins.range(n):
        low, high = lows[d], highs[d]
        if not (np.isfinite(low) and np.isfinite(high)):
            raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{_cpp_double(low)}, {_cpp_double(high)}] is not "
                               "finite")
        if low > high:
            raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got min {_cpp_double(low)} max "
                               f"{_cpp_double(high)} for dimension {d}")
        if low == high:
            lows[d], highs[d] = low - 0.5, high + 0.5
    return lows, highs


def _linear_edges(low, high, count, dtype):
    """`count` equal bins' edges from low to high in `dtype`, as torch's linspace places them."""
    return _creation.linspace(low, high, count + 1, dtype=_torch_dtype(dtype))._data


def _bin_positions(values, edges, search):
    """Each value's bin among `edges` (-1 where it falls outside them or is NaN), as torch's CPU
    kernel finds it: "binary" search of the edges, or a division by the bin width, checked
    against the neighbouring edges where `search` is "local" (histogram) and not for histc."""
    low, high = edges[0], edges[-1]
    with np.errstate(invalid="ignore"):
        inside = (values >= low) & (values <= high)
    n = edges.size
    if search == "binary":
        pos = np.searchsorted(edges, values, side="right") - 1
    else:
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            scaled = (values - low) * values.dtype.type(n - 1) / (high - low)
        pos = np.where(inside, scaled, 0).astype(np.int64)
        if search == "local":  # upper_bound among edges[pos - 1 : pos + 2]
            first = np.maximum(pos - 1, 0)
            stop = np.minimum(pos + 2, n)
            count = np.zeros_like(pos)
            for k in builtins.range(3):
                at = first + k
                count += (at < stop) & (edges[np.minimum(at, n - 1)] <= values)
            pos = first + count - 1
    pos = np.where(pos == n - 1, pos - 1, pos)  # the last bin holds its right edge
    return np.where(inside, pos, -1)


def _histogram_counts(points, edges, weight, density, search):
    """The (M, N) points' histogram over the N dims' `edges`, in the points' dtype: counts, or
    sums of `weight`; with `density`, divided by their total and each bin's volume."""
    shape = tuple(e.size - 1 for e in edges)
    dtype = points.dtype
    if not shape:
        return np.zeros((), dtype)
    flat = np.zeros(points.shape[0], np.int64)
    kept = np.ones(points.shape[0], bool)
    for d, e in enumerate(edges):
        pos = _bin_positions(points[:, d], e, search)
        kept &= pos >= 0
        flat = flat * shape[d] + np.maximum(pos, 0)
    size = int(np.prod(shape))
    if weight is None:
        hist = np.bincount(flat[kept], minlength=size).astype(dtype)
    else:  # summed in the dtype, in order, as torch's kernel adds them
        hist = np.zeros(size, dtype)
        np.add.at(hist, flat[kept], weight.reshape(-1)[kept])
    hist = hist.reshape(shape)
    if density:
        with np.errstate(invalid="ignore", divide="ignore"):
            hist = hist / hist.sum(dtype=dtype)
            for d, e in enumerate(edges):
                widths = np.diff(e).reshape([-1 if k == d else 1 for k in builtins.range(len(edges))])
                hist = hist / widths
    return hist.astype(dtype, copy=False)


def histc(input, bins=100, min=0, max=0, *, out=None):
    """The counts of `input`'s values in `bins` equal bins between min and max (not differentiable).

    Where min equals max, the values' own min and max; values outside are not counted."""
    if not int_argument(bins):
        raise TypeError(f"histc(): argument 'bins' (position 2) must be int, not {type(bins).__name__}")
    bins = int(bins)
    x = input._data
    if out is not None and out._data.dtype != x.dtype:
        raise RuntimeError(f"torch.histogram: input tensor and hist tensor should have the same dtype, but got input "
                           f"{cpp_type_name(x)} and hist {cpp_type_name(out._data)}")
    _check_bin_counts(x, [bins])
    low, high = float(min), float(max)
    if low == high and x.size:
        with np.errstate(invalid="ignore"):
            low, high = float(x.min()), float(x.max())
    if low == high:
        low, high = low - 1, high + 1
    if not (np.isfinite(low) and np.isfinite(high)):
        raise RuntimeError(f"torch.histc: range of [{_cpp_double(low)}, {_cpp_double(high)}] is not finite")
    if not low < high:
        raise RuntimeError("torch.histc: max must be larger than min")
    _check_dtype_is_floating(x, "histogram_cpu")
    edges = _linear_edges(low, high, bins, x.dtype)
    result = Tensor._wrap(_histogram_counts(x.reshape(-1, 1), [edges], None, False, "linear"))
    if out is None:
        return result
    from . import _write_out
    _write_out(out, result)
    return out


def _histogram_forward(ctx, x, bins, range, weight, density):
    points = x.reshape(-1, 1)
    weight = None if weight is None else weight.reshape(-1)
    if isinstance(bins, np.ndarray):  # edges given: checked, then binary search
        _check_inputs(points, [bins], weight)
        _check_bin_counts(x, [bins.size - 1])
        edges, search = bins.copy(), "binary"
    else:
        _check_bin_counts(x, [bins])
        lows, highs = _outer_edges(points, range)
        edges = _linear_edges(lows[0], highs[0], bins, x.dtype)
        _check_inputs(points, [edges], weight)
        search = "local"
    _check_dtype_is_floating(x, "histogram_cpu")
    return _histogram_counts(points, [edges], weight, density, search), edges


Histogram = _histogram_node("histogram", 2, _histogram_forward)


def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    """(hist, bin_edges): the counts of `input`'s values in `bins` bins, or between the edges of a tensor `bins`.

    Equal bins over `range` (the values' min and max by default); `weight` sums weights
    instead of counting, `density` scales to a probability density."""
    tensor_bins = isinstance(bins, Tensor)  # (else an int: the parser has taken no range beside edges)
    if out is not None:
        for dst, what in zip(out, ("hist", "bin_edges")):
            if dst._data.dtype != input._data.dtype:
                raise RuntimeError(f"torch.histogram: input tensor and {what} tensor should have the same dtype, but "
                                   f"got input {cpp_type_name(input._data)} and {what} {cpp_type_name(dst._data)}"
                                   + (" for dimension 0" if what == "bin_edges" else ""))
    x, b, w = _tracked(input, bins if tensor_bins else None, weight)
    result = Histogram.apply(x, b if tensor_bins else int(bins), range, w, density)
    if out is None:
        return histogram_type(*result)
    from . import _write_out
    for dst, r in zip(out, result):
        _write_out(dst, r.detach())
        if r.requires_grad:  # torch's out tensors take the node too
            dst._grad_fn, dst._output_nr, dst._requires_grad = r._grad_fn, r._output_nr, True
    return histogram_out_type(*out)


def _points(x):
    """The points of histogramdd's input: all dims but the last flattened, (M, N)."""
    return x.reshape(int(np.prod(x.shape[:-1])), x.shape[-1])


def _histogramdd_edges_forward(ctx, x, counts, range, weight):
    points = _points(x)
    lows, highs = _outer_edges(points, range)
    if len(counts) != points.shape[1]:
        raise RuntimeError("histogramdd: The size of bins must be equal to the innermost dimension of the input.")
    if any(n < -1 for n in counts):  # (n + 1 edges: torch's linspace refuses a negative count)
        raise RuntimeError("number of steps must be non-negative")
    return tuple(_linear_edges(lo, hi, n, x.dtype) for lo, hi, n in zip(lows, highs, counts))


def _histogramdd_counts_forward(ctx, x, counts, range, weight, density):
    points = _points(x)
    lows, highs = _outer_edges(points, range)
    edges = [_linear_edges(lo, hi, n, x.dtype) for lo, hi, n in zip(lows, highs, counts)]
    _check_inputs(x, edges, weight)  # (an empty edge list, -1 bins, before the counts: torch's order)
    _check_bin_counts(x, counts)
    _check_dtype_is_floating(x, "histogram_cpu")
    return _histogram_counts(points, edges, weight, density, "local")


def _histogramdd_tensors_forward(ctx, x, weight, density, *bins):
    points = _points(x)
    _check_inputs(x, bins, weight)
    _check_bin_counts(x, [b.size - 1 for b in bins])
    _check_dtype_is_floating(x, "histogram_cpu")
    return _histogram_counts(points, bins, weight, density, "binary")


HistogramddBinEdges = _histogram_node("_histogramdd_bin_edges", None, _histogramdd_edges_forward)
HistogramddFromBinCts = _histogram_node("_histogramdd_from_bin_cts", 1, _histogramdd_counts_forward)
HistogramddFromBinTensors = _histogram_node("_histogramdd_from_bin_tensors", 1, _histogramdd_tensors_forward)

def histogramdd(input, bins, range=None, weight=None, density=False):
    """(hist, bin_edges): the N-dimensional histogram of the points along `input`'s last dim.

    `bins`: a number of equal bins for every dim, one per dim, or one 1-D tensor of edges per dim."""
    if isinstance(bins, int):
        if input._data.ndim == 0:
            raise IndexError("Dimension specified as -1 but tensor has no dimensions")
        bins = (bins,) * input._data.shape[-1]
    tensor_bins = bool(bins) and isinstance(bins[0], Tensor)  # (else ints: the parser has read them)
    if input._data.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    if tensor_bins:
        x, w, *edges = _tracked(input, weight, *bins)
        return histogramdd_type(HistogramddFromBinTensors.apply(x, w, density, *edges), tuple(bins))
    x, w = _tracked(input, weight)
    counts = tuple(int(n) for n in bins)
    edges = HistogramddBinEdges.apply(x, counts, range, w)
    return histogramdd_type(HistogramddFromBinCts.apply(x, counts, range, w, density), edges)


# ================================================================= renorm
def _accumulate_dtype(dtype):
    """torch's CPU accumulate type: double for float, float for half."""
    return np.float32 if dtype == np.float16 else np.float64


class Renorm(Op):
    """Each slice along `dim` scaled down to p-norm `maxnorm` where its norm exceeds it (RenormBackward0)."""
    contiguous_output = True  # torch's structured kernel allocates a contiguous result
    saves = (0,)

    def forward(ctx, x, p, dim, maxnorm):
        p, maxnorm = float(p), float(maxnorm)
        if not p > 0:
            raise RuntimeError("renorm: non-positive-norm not supported")
        if maxnorm < 0:
            raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {_cpp_double(maxnorm)}")
        if x.ndim < 2:
            raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {x.ndim} dimensions")
        ctx.p, ctx.dim, ctx.maxnorm = p, wrap_dim(dim, x.ndim), maxnorm
        ctx.dims = tuple(d for d in range(x.ndim) if d != ctx.dim)
        # the norm (half's in float) and the factor maxnorm / (norm + 1e-7) in its dtype, as torch's kernel
        norm = LinalgVectorNorm.forward(_Scratch(), x, p, ctx.dims, True, np.float32 if x.dtype == np.float16 else None)
        t = norm.dtype.type
        factor = np.where(norm > t(maxnorm), t(maxnorm) / (norm + t(1e-7)), t(1))
        return x * factor.astype(x.dtype)

    def backward(ctx, grad):
        """torch's renorm_backward: the norms and their gradient in the accumulate dtype."""
        x, = ctx.saved_tensors
        p, dims, maxnorm = ctx.p, ctx.dims, ctx.maxnorm
        acc = _accumulate_dtype(x._data.dtype)
        norm = LinalgVectorNorm.apply(x, p, dims, True, acc)
        grad_output = (x * grad).sum(dims, keepdim=True, dtype=_torch_dtype(acc))
        nb = norm_backward(grad_output, x, norm, p, dims, True)
        invnorm = AddScalar.apply(norm, 1e-7).reciprocal()
        grad_norm = times(invnorm, maxnorm) * (grad - invnorm * nb)
        return where(norm > maxnorm, grad_norm.to(grad.dtype), grad), None, None, None


def renorm(input, p, dim, maxnorm):
    """`input` with each slice along `dim` whose p-norm exceeds `maxnorm` scaled to norm maxnorm."""
    if not int_argument(dim):
        raise TypeError(f"renorm(): argument 'dim' (position 3) must be int, not {type(dim).__name__}")
    return Renorm.apply(input, p, int(dim), maxnorm)


def _renorm_(self, p, dim, maxnorm):
    """In-place renorm."""
    if not int_argument(dim):
        raise TypeError(f"renorm_(): argument 'dim' (position 2) must be int, not {type(dim).__name__}")
    return Renorm.apply_(self, p, int(dim), maxnorm)


# ================================================================= trapezoid rules
_TRAPEZOID_OVERLOADS = {
    "trapezoid": " * (Tensor y, Tensor x, *, int dim = -1)\n * (Tensor y, *, Number dx = 1, int dim = -1)\n",
    "cumulative_trapezoid": " * (Tensor y, Tensor x, *, int dim = -1)\n * (Tensor y, *, Number dx = 1, int dim = -1)\n",
    "trapz": " * (Tensor y, *, float dx = 1, int dim = -1)\n * (Tensor y, Tensor x, *, int dim = -1)\n",
}


def _trapezoid_arguments(name, y, x, dx, dim):
    """(dx, dim) as given, or torch's TypeError for arguments no overload takes."""
    number = None if dx is None else number_argument(dx)
    if x is not None and (dx is not None or not isinstance(x, Tensor)) or not int_argument(dim) or (
            dx is not None and (number is None or isinstance(number, complex))):
        kwargs = {k: v for k, v in (("dx", dx), ("dim", dim)) if v is not None and (k != "dim" or v != -1)}
        raise _invalid_combination(name, (y,) + (() if x is None else (x,)), kwargs, _TRAPEZOID_OVERLOADS[name])
    return number, int(dim)


def _check_spacing(name, dx):
    if type(dx) is bool and name != "trapz":  # (trapz's dx is a float, which takes a bool)
        raise RuntimeError(f"{name}: Currently, we only support dx as a real number.")
    return 1.0 if dx is None else float(dx)


def _check_not_bool(name, *tensors):
    if any(t._data.dtype == np.bool_ for t in tensors):
        which = "`y`" if len(tensors) == 1 else "`x` or `y`"
        raise RuntimeError(f"{name}: received a bool input for {which}, but bool is not supported")


def _no_slice():
    return IndexError("slice() cannot be applied to a 0-dim tensor.")


def _spacing(name, y, x, dim):
    """x's differences along `dim`, x viewed to broadcast against y's differences: a 1-D x along
    `dim`, fewer dims padded with leading ones."""
    ndim = y._data.ndim
    if x._data.ndim == 1:
        if ndim == 0:
            raise no_dimensions(dim)
        if x._data.shape[0] != y._data.shape[dim]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        x = x.view([x._data.shape[0] if d == dim else 1 for d in range(ndim)])
    elif x._data.ndim < ndim:
        x = x.view((1,) * (ndim - x._data.ndim) + tuple(x._data.shape))
    if x._data.ndim == 0:
        raise _no_slice()
    return Slice.apply(x, dim, 1, None, None) - Slice.apply(x, dim, 0, -1, None)


def _sums(y, dim):
    """Neighbouring samples added: y[:-1] + y[1:] along `dim`."""
    if y._data.ndim == 0:
        raise _no_slice()
    return Slice.apply(y, dim, 0, -1, None) + Slice.apply(y, dim, 1, None, None)


def _trapezoid(name, y, x, dx, dim):
    dx, dim = _trapezoid_arguments(name, y, x, dx, dim)
    data = y._data
    if x is None:
        if data.ndim == 0:
            raise no_dimensions(dim)
        dim = wrap_dim(dim, data.ndim)
    else:
        dim = wrap_dim(dim, data.ndim)
        if data.ndim == 0:
            raise no_dimensions(dim)
    if data.shape[dim] == 0:  # no samples: zeros, as NumPy
        return Tensor._wrap(np.zeros(data.shape[:dim] + data.shape[dim + 1:], data.dtype))
    if x is None:
        _check_not_bool(name, y)
        dx = _check_spacing(name, dx)
        # equal spacing: dx * (sum(y) - (y[0] + y[-1]) / 2)
        ends = y.select(dim, 0) + y.select(dim, -1)
        return times(y.sum(dim) - times(ends, 0.5), dx)
    _check_not_bool(name, y, x)
    return over((_sums(y, dim) * _spacing(name, y, x, dim)).sum(dim), 2.0)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The integral of samples `y` along `dim` by the trapezoid rule, at points `x` or spaced `dx` (1)."""
    return _trapezoid("trapezoid", y, x, dx, dim)


def trapz(y, x=None, *, dx=None, dim=-1):
    """trapezoid (its older name)."""
    return _trapezoid("trapz", y, x, dx, dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running integral of samples `y` along `dim` by the trapezoid rule, at points `x` or spaced `dx` (1)."""
    name = "cumulative_trapezoid"
    dx, dim = _trapezoid_arguments(name, y, x, dx, dim)
    data = y._data
    if x is None:
        _check_not_bool(name, y)
        dx = _check_spacing(name, dx)
        if data.ndim == 0:
            raise _no_slice()
        dim = wrap_dim(dim, data.ndim)
        return times(_sums(y, dim), dx / 2.0).cumsum(dim)
    dim = wrap_dim(dim, data.ndim)
    _check_not_bool(name, y, x)
    spacing = _spacing(name, y, x, dim)
    return over((_sums(y, dim) * spacing).cumsum(dim), 2.0)


__all__ = ["quantile", "nanquantile", "msort", "histc", "histogram", "histogramdd", "renorm", "trapezoid", "trapz",
           "cumulative_trapezoid"]
METHODS = {name: globals()[name] for name in ("quantile", "nanquantile", "msort", "histc", "histogram", "renorm")}
METHODS["renorm_"] = _renorm_

from .._tensor import Tensor  # noqa: E402
