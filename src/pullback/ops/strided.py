"""as_strided: a view of a tensor's memory with any sizes, strides and offset (in elements, from
the start of the memory it shares with its base), and its gradient as torch composes it."""
import numbers

import numpy as np
from numpy.lib.stride_tricks import as_strided as _np_as_strided

from ._op import Op
from ._views import memory_nbytes, storage_of

__all__ = ["as_strided"]


def _geometry(a):
    """(sizes, strides, storage offset) of an array in elements, as torch's TensorGeometry."""
    root, offset = storage_of(a)
    return a.shape, tuple(s // a.itemsize for s in a.strides), offset


def _min_storage_size(sizes, strides, offset):
    """Elements a layout needs from the start of the storage (its offset when it holds none)."""
    if 0 in sizes:
        return offset
    return offset + 1 + sum((n - 1) * s for n, s in zip(sizes, strides))


def _maybe_overlapping(sizes, strides):
    """Whether two positions of the layout may share an element: each stride, smallest first,
    must pass everything the smaller ones reach (torch's _maybe_overlapping_memory)."""
    reach = 0
    for stride, size in sorted(zip(strides, sizes)):
        if stride <= reach:
            return True
        reach += stride * (size - 1)
    return False


class AsStridedView(Op):
    """x's memory read with the given sizes, strides and storage offset (AsStridedBackward0)."""
    is_view = True
    reads_storage = True
    node_name = "AsStridedBackward0"

    def forward(ctx, x, size, stride, storage_offset):
        ctx.geometry = _geometry(x)
        ctx.args = size, stride, storage_offset
        root, _ = storage_of(x)
        nbytes = memory_nbytes(root)
        needed = _min_storage_size(size, stride, storage_offset) * x.itemsize
        if 0 not in size and needed > nbytes:
            raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                               f"{storage_offset}, and itemsize {x.itemsize} requiring a storage size of {needed} "
                               f"are out of bounds for storage of size {nbytes}")
        if root.dtype != x.dtype:  # x reads the memory as another dtype (Tensor.view(dtype))
            root = root.reshape(-1).view(x.dtype)
        memory = _np_as_strided(root, (nbytes // x.itemsize,), (x.itemsize,), writeable=root.flags.writeable)
        start = min(storage_offset, memory.size)  # (an empty view may start past the end)
        return _np_as_strided(memory[start:], size, tuple(s * x.itemsize for s in stride),
                              writeable=root.flags.writeable)

    def backward(ctx, grad):
        return _as_strided_backward(grad, ctx.geometry, *ctx.args), None, None, None


def _as_strided_backward(grad, input_geometry, sizes, strides, storage_offset):
    """torch's as_strided_backward, in pullback's ops (so its graph is torch's and differentiable):
    the gradient scattered into a zero storage through the output's layout (added up where the
    output repeats an element), divided where the input's own layout repeats one, and read back
    through the input's layout."""
    in_sizes, in_strides, in_offset = input_geometry
    out_sizes, out_strides = [], []
    for i in range(grad.dim() - 1, -1, -1):  # unit dims dropped, broadcast (stride 0) dims summed
        if sizes[i] == 0:
            return grad.new_zeros(in_sizes)
        if sizes[i] == 1:
            grad = grad.squeeze(i)
        elif strides[i] == 0:
            grad = grad.sum(i)
        else:
            out_sizes.insert(0, sizes[i])
            out_strides.insert(0, strides[i])
    if 0 in in_sizes:
        return grad.new_zeros(in_sizes)
    kept = [(n, s) for n, s in zip(in_sizes, in_strides) if n != 1]
    out_overlap = _maybe_overlapping(out_sizes, out_strides)
    in_overlap = _maybe_overlapping([n for n, _ in kept], [s for _, s in kept])
    shared = min(in_offset, storage_offset)
    in_at, out_at = in_offset - shared, storage_offset - shared
    size = max(_min_storage_size([n for n, _ in kept], [s for _, s in kept], in_at),
               _min_storage_size(out_sizes, out_strides, out_at))
    storage = grad.new_zeros(size)
    if in_overlap or out_overlap:
        positions = _arange(size)
    if out_overlap:
        storage.index_add_(0, as_strided(positions, out_sizes, out_strides, out_at).reshape(-1), grad.reshape(-1))
    else:
        as_strided(storage, out_sizes, out_strides, out_at).copy_(grad)
    if in_overlap:
        count = storage.new_zeros(size)
        at = as_strided(positions, [n for n, _ in kept], [s for _, s in kept], in_at).reshape(-1)
        count.index_add_(0, at, storage.new_ones(1).expand_as(at))
        storage.div_(count)  # (nan where the input does not look: never read back)
    return as_strided(storage, in_sizes, in_strides, in_at)


def _arange(n):
    from .._creation import arange
    return arange(n)


def _int_list(value, name, position):
    if isinstance(value, numbers.Integral) or not all(isinstance(v, numbers.Integral) for v in value):
        raise TypeError(f"as_strided(): argument '{name}' (position {position}) must be tuple of ints, not "
                        f"{type(value).__name__}")
    return tuple(int(v) for v in value)


def as_strided(input, size, stride, storage_offset=None):
    """A view of input's memory with the given sizes and strides (in elements), starting
    `storage_offset` elements into the memory it shares with its base (by default where input
    starts)."""
    size, stride = _int_list(size, "size", 1), _int_list(stride, "stride", 2)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {list(stride)}")
    if storage_offset is None:
        storage_offset = storage_of(input._data)[1]
    if storage_offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {storage_offset}")
    return AsStridedView.apply(input, size, stride, int(storage_offset))


METHODS = {"as_strided": as_strided}
