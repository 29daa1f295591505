"""segment_reduce: a reduction (sum, mean, max, min, prod) over consecutive segments along one axis,
the segments given by their lengths or by their offsets, as ATen's CPU kernel computes it.

Its gradient is ATen's `_segment_reduce_backward` kernel (SegmentReduceBackward0), itself without a
derivative: under create_graph the gradient is recorded as torch's NotImplemented node, whose
backward raises as torch's does.
"""
import numpy as np

from .. import _dtype
from .._dtype import not_implemented_for
from .._size import wrap_dim
from ._op import Op, number_argument

_REDUCTIONS = {"sum": "sum", "mean": "mean", "max": "max", "amax": "max", "min": "min", "amin": "min",
               "prod": "prod"}
_START = {"sum": 0.0, "mean": 0.0, "max": -np.inf, "min": np.inf, "prod": 1.0}  # a segment's fold starts here
                                                                                # (without initial)
_UFUNCS = {"sum": np.add, "mean": np.add, "max": np.maximum, "min": np.minimum, "prod": np.multiply}
_UNCLEAR = ("(Could this error message be improved?  If so, please report an enhancement request to "
            "PyTorch.)")


def _bounds(boundaries, is_offsets, rows, count):
    """(starts, lengths) of each segment, one row per outer index: a row of lengths counts from 0, a row
    of offsets names each segment's start and end. ATen reads row `o` of the lengths viewed as (-1, count)."""
    table = np.ascontiguousarray(boundaries).reshape(-1, count + 1 if is_offsets else count).astype(np.int64)
    if table.shape[0] < rows:  # torch reads past the end of lengths here: refused
        raise RuntimeError(f"segment_reduce(): expected lengths or offsets to give segments for each of the {rows} "
                           f"rows of data before axis, but they give {table.shape[0]}")
    table = table[:rows]
    if is_offsets:
        return table[:, :-1], np.diff(table, axis=1)
    return np.concatenate([np.zeros((rows, 1), np.int64), np.cumsum(table, 1)[:, :-1]], 1), table


def _as_rows(a, axis):
    """a as (outer, size along axis, inner), the layout ATen's kernel walks."""
    outer, inner = (int(np.prod(part, dtype=np.int64)) for part in (a.shape[:axis], a.shape[axis + 1:]))
    return np.ascontiguousarray(a).reshape(outer, a.shape[axis], inner)


def _segments_of(starts, lengths, size):
    """For one row: the positions the segments cover and the segment of each (a segment running
    past `size`, which torch reads beyond data, is refused)."""
    if len(starts) and (starts.min() < 0 or (starts + lengths).max() > size):
        raise RuntimeError(f"segment_reduce(): segments reach outside data, whose size along axis is {size}")
    positions = np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths)] or [np.zeros(0, np.int64)])
    return positions.astype(np.int64), np.repeat(np.arange(len(lengths)), lengths)


class SegmentReduce(Op):
    """reduce over segments along axis (SegmentReduceBackward0); `boundaries`: the lengths or offsets
    as an array (not an input of the node, as in torch)."""
    saves = (0, "result")
    no_forward_ad = "segment_reduce"  # (torch has no forward formula)

    def forward(ctx, data, reduce, boundaries, is_offsets, axis, initial):
        ctx.args = reduce, boundaries, is_offsets, axis, initial
        if data.dtype.kind != "f":
            raise not_implemented_for("_segment_reduce_cpu", data)
        count = boundaries.shape[-1] - 1 if is_offsets else boundaries.shape[-1]
        rows = _as_rows(data, axis)
        starts, lengths = _bounds(boundaries, is_offsets, rows.shape[0], count)
        if rows.shape[2] and (lengths < 0).any():
            raise RuntimeError(f"Expected segment_length >= 0 to be true, but got false.  {_UNCLEAR}")
        out = np.full((rows.shape[0], count, rows.shape[2]), _START[reduce] if initial is None else initial,
                      data.dtype)
        for o in range(rows.shape[0]):
            positions, segment = _segments_of(starts[o], lengths[o], rows.shape[1])
            # each segment folded into its start value in order, NaN kept (ATen's max/min return NaN)
            _UFUNCS[reduce].at(out[o], segment, rows[o, positions])
        if reduce == "mean":  # the sum over the count; an empty segment is initial, else NaN
            n = lengths[:, :, None]
            out = np.where(n > 0, out / np.maximum(n, 1).astype(data.dtype), np.nan if initial is None else out)
        shape = list(data.shape)
        shape[axis] = count
        return out.astype(data.dtype, copy=False).reshape(shape)

    def backward(ctx, grad):
        data, result = ctx.saved_tensors
        return (SegmentReduceBackward.apply(grad, result, data, *ctx.args),) + (None,) * 5


class SegmentReduceBackward(Op):
    """ATen's _segment_reduce_backward kernel, which torch cannot differentiate (NotImplemented)."""
    node_name = "torch::autograd::NotImplemented"

    def forward(ctx, grad, result, data, reduce, boundaries, is_offsets, axis, initial):
        g_rows, out_rows, rows = _as_rows(grad, axis), _as_rows(result, axis), _as_rows(data, axis)
        count = out_rows.shape[1]
        starts, lengths = _bounds(boundaries, is_offsets, rows.shape[0], count)
        g_in = np.zeros_like(rows)
        for o in range(rows.shape[0]):
            positions, segment = _segments_of(starts[o], lengths[o], rows.shape[1])
            values, g, out = rows[o, positions], g_rows[o, segment], out_rows[o, segment]
            if reduce == "sum":
                g_in[o, positions] = g
            elif reduce == "mean":
                g_in[o, positions] = g / lengths[o][segment][:, None].astype(g.dtype)
            elif reduce in ("max", "min"):
                # every element equal to the result (or NaN) takes the gradient; where several do, the
                # positive gradients are shared among them and the others are not (ATen's kernel)
                hit = np.isnan(values) | (values == out)
                picked = np.where(hit, g, 0)
                ties = np.zeros((count, rows.shape[2]), np.int64)
                np.add.at(ties, segment, hit)
                share = ties[segment]
                g_in[o, positions] = np.where((share >= 2) & (picked > 0), picked / np.maximum(share, 1), picked)
            else:
                g_in[o, positions] = _prod_backward(values, g, out, segment, initial)
        return g_in.reshape(data.shape)

    def backward(ctx, grad):
        raise RuntimeError("derivative for aten::_segment_reduce_backward is not implemented")


def _prod_backward(values, g, out, segment, initial):
    """grad * result / value, and for a zero or NaN value the product of the segment's others
    (and initial) written out, as ATen's kernel."""
    g_in = g * out / values
    for j, c in zip(*np.nonzero(np.isnan(values) | (values == 0))):
        others = np.nonzero(segment == segment[j])[0]
        others = others[others != j]
        exclusive = np.array(1.0 if initial is None else initial, values.dtype)
        for k in others:
            exclusive = exclusive * values[k, c]
        g_in[j, c] = g[j, c] * exclusive
    return g_in


def _optional_tensor(name, value):
    if value is not None and not isinstance(value, Tensor):
        raise TypeError(f"segment_reduce(): argument '{name}' must be Tensor, not {type(value).__name__}")
    if value is not None and value.requires_grad:
        raise RuntimeError(f"The function 'segment_reduce' is not differentiable with respect to argument '{name}'. "
                           "This input cannot have requires_grad True.")
    return value


def segment_reduce(data, reduce, *args, lengths=None, indices=None, offsets=None, axis=0, unsafe=False,
                   initial=None):
    """`reduce` ('sum', 'mean', 'max' or 'amax', 'min' or 'amin', 'prod') over consecutive segments of
    data along `axis`, which must be the last dim of `lengths` (each row: the segments' lengths, summing
    to data's size along axis unless `unsafe`) or of `offsets` (each row: the segments' bounds). Each
    segment starts from `initial` when given; an empty one is that value (else 0, 1, -inf, inf, or NaN
    for a mean)."""
    from .._creation import _bool_arg, _int_arg
    if args:
        raise TypeError(f"segment_reduce() takes 2 positional arguments but {len(args) + 2} were given")
    if not isinstance(data, Tensor):
        raise TypeError(f"segment_reduce(): argument 'data' (position 1) must be Tensor, not {type(data).__name__}")
    if not isinstance(reduce, str):
        raise TypeError(f"segment_reduce(): argument 'reduce' (position 2) must be str, not {type(reduce).__name__}")
    lengths, indices, offsets = (_optional_tensor(n, v) for n, v in
                                 (("lengths", lengths), ("indices", indices), ("offsets", offsets)))
    axis, unsafe = _int_arg(axis, "segment_reduce", "axis"), _bool_arg(unsafe, "segment_reduce", "unsafe")
    if initial is not None:
        value = number_argument(initial)
        if value is None:
            raise TypeError(f"segment_reduce(): argument 'initial' must be Number, not {type(initial).__name__}")
        initial = value
    x = data._data
    axis = wrap_dim(axis, x.ndim)
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    if lengths is None and offsets is None:
        raise RuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    if reduce not in _REDUCTIONS:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
    is_offsets = offsets is not None
    name, bounds = ("offsets", offsets._data) if is_offsets else ("lengths", lengths._data)
    if x.ndim < bounds.ndim:
        raise RuntimeError(f"Expected data.dim() >= {name}_value.dim() to be true, but got false.  {_UNCLEAR}")
    if axis != bounds.ndim - 1:
        raise RuntimeError(f"segment_reduce(): Expected axis to be the last dimension of {name} but got {axis}.")
    if not is_offsets and not unsafe:
        if bounds.size == 0:
            raise RuntimeError("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                               "reduction dim with the 'dim' argument.")
        if bounds.min() < 0:
            raise RuntimeError("lengths contains negative value!")
        if not (bounds.sum(-1) == x.shape[axis]).all():
            raise RuntimeError("segment_reduce(): Expected all rows of lengths along axis to sum to "
                               "data.size(lengths.dim()-1) when !unsafe.")
    count = bounds.shape[-1] - 1 if is_offsets else bounds.shape[-1]
    if count < 0:  # (ATen's empty result, before its kernels dispatch on the dtypes)
        shape = list(x.shape)
        shape[axis] = count
        raise RuntimeError(f"Trying to create tensor with negative dimension {count}: {shape}")
    if bounds.dtype not in (np.int32, np.int64):
        raise not_implemented_for(f"_segment_reduce_{name}_cpu_kernel1", bounds)
    if initial is not None and x.dtype.kind == "f":
        initial = _dtype.checked_scalar(initial, x.dtype)[()]  # (torch's Scalar conversion refuses an overflow)
    return SegmentReduce.apply(data, _REDUCTIONS[reduce], bounds, is_offsets, axis, initial)


__all__ = ["segment_reduce"]
METHODS = {}

from .._tensor import Tensor  # noqa: E402
