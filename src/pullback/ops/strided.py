"""as_strided: a view of a tensor's memory with any sizes, strides and offset (in elements, from
the start of the memory it shares with its base), and its gradient as torch composes it."""

import numpy as np
from numpy.lib.stride_tricks import as_strided as _np_as_strided

from .. import _dtype, _memory_format
from .._creation import _int_list
from .._memory_format import span
from ._op import Op, _Scratch
from ._views import geometry as _geometry, maybe_overlapping as _maybe_overlapping, memory_nbytes, stand_in, storage_layout, storage_of


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
        needed = span(size, stride, storage_offset) * x.itemsize
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
    size = max(span([n for n, _ in kept], [s for _, s in kept], in_at),
               span(out_sizes, out_strides, out_at))
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


def strided_layout(fn, size, stride, storage_offset, first=1):
    """(size, stride) as tuples of ints, checked as torch checks as_strided's (`first`: size's
    position among fn's arguments); a storage_offset given must not be negative."""
    size, stride = _int_list(size, fn, "size", first), _int_list(stride, fn, "stride", first + 1)
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and strides={list(stride)}")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got strides: {list(stride)}")
    if storage_offset is not None and storage_offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {storage_offset}")
    return size, stride


def as_strided(input, size, stride, storage_offset=None):
    """A view of input's memory with the given sizes and strides (in elements), starting
    `storage_offset` elements into the memory it shares with its base (by default where input
    starts)."""
    return AsStridedView.apply(input, *as_strided_args("as_strided", input, size, stride, storage_offset))


def as_strided_args(fn, input, size, stride, storage_offset, first=1):
    """(size, stride, storage_offset) of as_strided, checked; the offset by default input's own."""
    size, stride = strided_layout(fn, size, stride, storage_offset, first)
    return size, stride, storage_of(input._data)[1] if storage_offset is None else int(storage_offset)


class AsStridedScatter(Op):
    """A copy of self with src written where as_strided(size, stride, storage_offset) of the copy looks.
    With `in_storage`, the copy is of self's whole memory (torch's clone_preserve_strides) and the offset
    counts in it, self's own by default; else (torch's autograd path, contiguous self only) the copy is
    self alone and the offset counts from its first element."""

    def forward(ctx, x, src, size, stride, storage_offset, in_storage=False):
        ctx.geometry, ctx.args = (x.shape, tuple(s // x.itemsize for s in x.strides)), (size, stride, storage_offset)
        if in_storage:
            layout = storage_layout(x)
            out = stand_in(layout, x)
            offset = layout[2] if storage_offset is None else storage_offset
        else:
            out, offset = _memory_format.copy(x, _dtype.preserve_format), storage_offset or 0
        part = AsStridedView.forward(_Scratch(), out, size, stride, offset)
        if part.shape != src.shape:
            raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                               f"{list(src.shape)}, slice size = {list(part.shape)}")
        if any(s == 0 and n > 1 for n, s in zip(size, stride)):
            raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                               "single memory location. Please clone() the tensor before performing the operation.")
        np.copyto(part, src, casting="unsafe")
        return out

    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = _as_strided_scatter_backward(grad, *ctx.geometry, *ctx.args) if need_x else None
        gs = as_strided(grad.contiguous(), *ctx.args) if need_src else None
        return gx, gs, None, None, None, None


def _as_strided_scatter_backward(grad, in_sizes, in_strides, size, stride, storage_offset):
    """torch's as_strided_scatter_backward, op for op: grad where src was written, zeros elsewhere. That
    is the derivative in src laid out as self, not self's (grad with those places zeroed): torch's
    formula is wrong there (its OpInfo marks the gradient check as an expected failure), and
    pullback gives torch's numbers all the same."""
    grad = grad.contiguous()
    part = as_strided(grad, size, stride, storage_offset)
    buffer = grad.new_zeros(in_sizes)
    result = as_strided(buffer, in_sizes, in_strides)
    as_strided(buffer, size, stride, storage_offset).copy_(part)
    return result


def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """A copy of input with src written where as_strided(size, stride, storage_offset) of the copy looks."""
    size, stride = strided_layout("as_strided_scatter", size, stride, storage_offset, first=3)
    if input.requires_grad and not input._data.flags.c_contiguous:
        raise RuntimeError("!self.requires_grad() || self.is_contiguous() INTERNAL ASSERT FAILED, please report a bug "
                           "to PyTorch. as_strided_scatter is currently only supported for contiguous inputs")
    return AsStridedScatter.apply(input, src, size, stride, None if storage_offset is None else int(storage_offset),
                                  not input.requires_grad)


# ================================================================= slice_inverse
class SliceInverse(AsStridedView):
    """slice's inverse view (SliceInverseBackward0): self, a slice of src's shape, read back with src's
    sizes, strides and storage offset, so memory self shares with a larger base is seen as src
    lays it out. dim, start, end and step name the slice: only its gradients use them."""
    node_name = "SliceInverseBackward0"

    def forward(ctx, x, src, dim, start, end, step):
        ctx.slice, ctx.self_shape = (dim, start, end, step), x.shape
        return AsStridedView.forward(ctx, x, *_geometry(src))

    def backward(ctx, grad):
        from .shape import Slice, sliced
        from .view_scatter import slice_scatter
        dim, start, end, step = ctx.slice
        need_self, need_src = ctx.needs_input_grad[:2]
        # torch's formulas: self's the slice of grad, src's grad with the slice zeroed
        g_self = Slice.apply(grad, sliced(grad.shape, dim, step), start, end, step) if need_self else None
        g_src = slice_scatter(grad, grad.new_zeros(ctx.self_shape), dim, start, end, step) if need_src else None
        return g_self, g_src, None, None, None, None


def slice_inverse(input, src, dim=0, start=None, end=None, step=1):
    """The inverse of input = src.slice(dim, start, end, step): a view of input's memory laid out
    as src (sizes, strides and storage offset), which must lie within that memory."""
    for name, value, position in (("input", input, 1), ("src", src, 2)):
        if not isinstance(value, Tensor):
            raise TypeError(f"slice_inverse(): argument '{name}' (position {position}) must be Tensor, not "
                            f"{type(value).__name__}")
    dim, step = _int_arg(dim, "slice_inverse", "dim", 3), _int_arg(step, "slice_inverse", "step", 6)
    start, end = (None if v is None else _int_arg(v, "slice_inverse", name, position)
                  for v, name, position in ((start, "start", 4), (end, "end", 5)))
    return SliceInverse.apply(input, src, dim, start, end, step)


# ================================================================= in place
def _as_strided_inplace_args(fn, input, size, stride, storage_offset, first):
    """as_strided_'s (size, stride, storage_offset), checked as torch's parser and as_strided check them."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{fn}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if storage_offset is not None:
        storage_offset = _int_arg(storage_offset, fn, "storage_offset", first + 2)
    return as_strided_args(fn, input, size, stride, storage_offset, first)


def as_strided_(input, size, stride, storage_offset=None):
    """In place: input itself becomes the view as_strided(size, stride, storage_offset) of its
    memory (in a graph, its node is torch's AsStridedBackward1)."""
    return _as_strided_inplace(input, *_as_strided_inplace_args("as_strided_", input, size, stride, storage_offset, 2))


def _as_strided_method(self, size, stride, storage_offset=None):
    """x.as_strided_(size, stride, storage_offset=None): torch.as_strided_(x, ...)."""
    return _as_strided_inplace(self, *_as_strided_inplace_args("as_strided_", self, size, stride, storage_offset, 1))


__all__ = ["as_strided", "as_strided_", "as_strided_scatter", "slice_inverse"]
METHODS = {"as_strided": as_strided, "as_strided_": _as_strided_method, "as_strided_scatter": as_strided_scatter,
           "slice_inverse": slice_inverse}

from .._creation import _int_arg  # noqa: E402
from .._tensor import Tensor  # noqa: E402
from .shape import _inplace_node, _inplace_view  # noqa: E402

AsStridedInplace = _inplace_node("AsStridedInplace", AsStridedView, "AsStridedBackward1")
AsStridedInplace.__module__ = __name__
_as_strided_inplace = _inplace_view("as_strided_", lambda *args: (AsStridedInplace, args))
