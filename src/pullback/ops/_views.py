"""Read-only strided views of NumPy arrays, built directly; the memory an array views, and its layout."""
import numpy as np
from numpy.lib.stride_tricks import as_strided


def strided_view(x, shape, strides):
    """A read-only view of `x` with the given shape and byte strides (which must stay inside x's
    memory). On a contiguous array it is built as an ndarray over x's buffer, a fraction of what
    as_strided or broadcast_to cost (Python-level wrappers), which small ops would pay per call."""
    if type(x) is np.ndarray and x.flags.c_contiguous:
        out = np.ndarray(shape, x.dtype, x, 0, strides)
        out.flags.writeable = False
        return out
    return as_strided(x, shape, strides, writeable=False)


def maybe_overlapping(sizes, strides):
    """Whether two positions of the layout may share an element: each stride, smallest first,
    must pass everything the smaller ones reach (torch's _maybe_overlapping_memory)."""
    reach = 0
    for stride, size in sorted(zip(strides, sizes)):
        if stride <= reach:
            return True
        reach += stride * (size - 1)
    return False


class _Memory:
    """An array interface over memory another array owns (`base` keeps it alive), as NumPy's as_strided
    builds one."""
    def __init__(self, interface, base):
        self.__array_interface__, self.base = interface, base


def writable(a, fill=False):
    """`a` as an array that can be written, or None where torch refuses the write. NumPy hands out every
    view of a broadcast (expanded) array read-only; torch refuses only a write into a tensor that itself
    repeats an element (a stride 0), and not even that for a fill (fill_, masked_fill_, index_put_...),
    where every repeat gets the same value. Other overlaps (unfold's windows) stay refused, and so does
    memory that is itself read-only."""
    root, _ = storage_of(a)
    if not root.flags.writeable:
        return None
    kept = [(n, abs(s)) for n, s in zip(a.shape, a.strides) if n != 1]
    if a.size and maybe_overlapping([n for n, _ in kept], [s for _, s in kept]) and not (
            fill and any(s == 0 for _, s in kept)):
        return None
    interface = dict(a.__array_interface__)
    interface["data"] = (interface["data"][0], False)
    return np.asarray(_Memory(interface, root))


def storage_of(a):
    """The array that owns `a`'s memory (what torch calls its storage) and where `a` starts in it,
    in elements of `a`'s dtype."""
    root, owner = a, a.base
    while owner is not None:  # (a strided view's owner may be NumPy's stand-in holding the array)
        if isinstance(owner, np.ndarray):
            root = owner
        owner = getattr(owner, "base", None)
    start = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    return root, start // a.itemsize


def geometry(a):
    """(sizes, strides, storage offset) of an array in elements, as torch's TensorGeometry."""
    _, offset = storage_of(a)
    return a.shape, tuple(s // a.itemsize for s in a.strides), offset


def storage_layout(a):
    """Where `a`'s elements sit in its memory: (shape, strides and storage offset in elements, the
    memory's size in elements), for a stand-in of it."""
    root, offset = storage_of(a)
    return a.shape, tuple(s // a.itemsize for s in a.strides), offset, memory_nbytes(root) // a.itemsize


def memory_nbytes(root):
    """The bytes an array that owns its memory spans (torch's storage size)."""
    if not root.size:
        return 0
    return root.itemsize + sum((n - 1) * abs(s) for n, s in zip(root.shape, root.strides))


def stand_in(layout, values):
    """A fresh zero memory of the layout's size holding `values` (shaped as the layout) where its
    elements sit: the copy of a base that as_strided's offsets and strides replay on as on the base."""
    shape, strides, offset, span = layout
    memory = np.zeros(span, values.dtype)
    out = as_strided(memory[offset:], shape, tuple(s * values.itemsize for s in strides))
    out[...] = values
    return out


def clone_preserving_strides(a):
    """torch's clone_preserve_strides: a copy with a's exact strides and offset; where a's elements do not
    fill their memory, over a copy of all of it (a stand-in), else a dense copy in a's order."""
    from .._memory_format import dense  # (the memory-format module does not import the op table)
    if dense(a):
        return np.array(a, order="K")
    return stand_in(storage_layout(a), a)
