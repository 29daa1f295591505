"""torch's memory formats as NumPy layouts: the layout each one names, and whether an array has it.

preserve_format keeps an array's own order of strides (NumPy's order "K": its exact strides where
its elements fill their memory, as torch's, but for the stride of a dim of size 1); channels_last
and channels_last_3d put the channels (dim 1) fastest, the batch slowest.
"""
import numpy as np

from . import _dtype

_CHANNELS_LAST_RANK = {"channels_last": 4, "channels_last_3d": 5}


def checked(fn, memory_format, default):
    """`memory_format`, or `default` for None (where `default` is None, fn takes no None, as
    torch's contiguous); anything else is torch's TypeError."""
    if memory_format is None and default is not None:
        return default
    if not isinstance(memory_format, _dtype.memory_format):
        kind = "torch.dtype" if isinstance(memory_format, _dtype.dtype) else type(memory_format).__name__
        raise TypeError(f"{fn}(): argument 'memory_format' must be torch.memory_format, not {kind}")
    return memory_format


def _channels_last_order(a, memory_format):
    """The order of a's dims from slowest to fastest in a channels-last layout."""
    rank = _CHANNELS_LAST_RANK[memory_format.name]
    if a.ndim != rank:
        raise RuntimeError(f"required rank {rank} tensor to use {memory_format.name} format")
    return (0,) + tuple(range(2, rank)) + (1,)


def dense(a):
    """Whether a's elements fill its memory without gaps or repeats (torch's non-overlapping and dense)."""
    if a.flags.c_contiguous or a.flags.f_contiguous:
        return True
    expected = a.itemsize
    for stride, n in sorted((abs(st), n) for st, n in zip(a.strides, a.shape) if n != 1):
        if stride != expected:
            return False
        expected *= n
    return True


def like(a, layout):
    """A new array of a's values laid out as `layout` (of a's shape) where its elements fill their
    memory, else in C order: torch's empty_like(layout) for a dense layout, and the layout a leaf's
    .grad takes (AccumulateGrad's clone_obey_contract)."""
    out = np.empty_like(layout, dtype=a.dtype) if dense(layout) else np.empty(a.shape, a.dtype)
    out[...] = a
    return out


def empty(a, dtype, memory_format):
    """An uninitialised array of a's shape and `dtype`, laid out in `memory_format`."""
    name = memory_format.name
    if name == "preserve_format":  # a's strides where it is dense, else (expanded, strided) the suggested format
        if not dense(a):
            return empty(a, dtype, suggested(a))
        return np.empty_like(a, dtype=dtype)
    if name == "contiguous_format":
        return np.empty(a.shape, dtype)
    order = _channels_last_order(a, memory_format)
    return np.empty(tuple(a.shape[i] for i in order), dtype).transpose(np.argsort(order))


def copy(a, memory_format, dtype=None):
    """a's values (cast to `dtype`) in a new array laid out in `memory_format`."""
    if memory_format.name == "preserve_format" and dense(a):
        return np.array(a, dtype, copy=True, order="K")
    out = empty(a, a.dtype if dtype is None else dtype, memory_format)
    out[...] = a
    return out


def suggested(a):
    """torch's suggest_memory_format: channels-last where a's strides run as that layout's (its
    is_channels_last_strides: a dim of size 1 may sit anywhere, C's stride may not be 0, and N
    may not share C's stride), else contiguous_format."""
    fmt = _dtype.channels_last if a.ndim == 4 else _dtype.channels_last_3d if a.ndim == 5 else None
    if fmt is None or not a.strides[1]:
        return _dtype.contiguous_format
    least = 0
    for d in reversed(_channels_last_order(a, fmt)):
        stride = a.strides[d]
        if not a.shape[d] or stride < least or (d == 0 and least == a.strides[1]):
            return _dtype.contiguous_format
        least = stride * a.shape[d] if a.shape[d] > 1 else stride
    return fmt


def has(a, memory_format):
    """Tensor.is_contiguous(memory_format): whether `a` is laid out in it (preserve_format reads as
    contiguous_format, as torch's; channels-last of another rank is never)."""
    name = memory_format.name
    if name in ("contiguous_format", "preserve_format"):
        return a.flags.c_contiguous
    if a.ndim != _CHANNELS_LAST_RANK[name]:
        return False
    return a.transpose(_channels_last_order(a, memory_format)).flags.c_contiguous


def contiguous_strides(shape, order=None):
    """Element strides of a dense layout holding `shape`'s dims in `order` (outermost first; C order
    by default); an empty dim steps as one of size 1, as torch's."""
    strides, step = [0] * len(shape), 1
    for d in reversed(range(len(shape)) if order is None else order):
        strides[d] = step
        step *= max(shape[d], 1)
    return tuple(strides)


def span(sizes, strides, offset=0):
    """Elements a layout needs from the start of its memory (the offset alone when it holds none)."""
    if 0 in sizes:
        return offset
    return offset + 1 + sum((n - 1) * s for n, s in zip(sizes, strides))


def checked_span(sizes, strides):
    """span of a layout from offset 0, with torch's errors (computeStorageNbytes): sizes and strides
    of different lengths, or a negative stride on a dim it steps over."""
    if len(sizes) != len(strides):
        raise RuntimeError(f"dimensionality of sizes ({len(sizes)}) must match dimensionality of strides "
                           f"({len(strides)})")
    if 0 not in sizes and any(st < 0 and n > 1 for n, st in zip(sizes, strides)):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(sizes)} and strides={list(strides)}")
    return span(sizes, strides)
