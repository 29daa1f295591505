"""x[index], x[index] = value, and the index_* family.

An index is split the way torch splits it: its basic parts (ints, slices, None, Ellipsis)
become a chain of view ops (Select, Slice, Unsqueeze) applied first, so an assignment through
them is an in-place op on a view and the base gets a CopySlices node; what remains (integer
tensors or lists, bool masks) is one advanced key for a single Index op, and assignment
through it one IndexPut. Bool masks are turned into integer indices (their nonzero positions).
"""
import warnings

import numpy as np

from .. import _dtype
from ..autograd.node import FREED_MESSAGE
from ._gradient_op import gradient_node
from ._op import INTERNAL_OVERLAP, Op, _Scratch, warn_expanded_write
from ._views import writable
from .._dtype import not_implemented_for, scalar_type_name
from .shape import (Alias, Expand, Select, Slice, Unsqueeze, _check_index_vector, reduce_backward, reduced_at,
                    wrap_dim)
from .strided import as_strided
from .._runtime import user_stacklevel, warn_once


_NON_TUPLE_WARNING = ("Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
                      "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted "
                      "as tensor index, x[torch.tensor(seq)], which will result either in an error or a different "
                      "result")


def _components(index):
    """The index as a tuple; a list holding sequences is read as a tuple, as torch (still) does, with its
    deprecation warning."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, list) and len(index) < 32 and any(isinstance(c, _SEQUENCES) or c is None or c is Ellipsis
                                                           for c in index):
        warnings.warn(_NON_TUPLE_WARNING, UserWarning, stacklevel=user_stacklevel())
        return tuple(index)
    return (index,)


def _as_index_array(item):
    arr = item._data if isinstance(item, Tensor) else np.asarray(_unwrap(item))
    if arr.dtype.kind not in "biu":
        if isinstance(item, Tensor):
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        arr = _sequence_index(item, arr)
    return arr


def _sequence_index(item, arr):
    """torch's indexing_tensor_from_data, for a list (or array) index that is not all ints and bools:
    a float is cut to an int64 (x[[1.5]] is x[[1]]), anything else refused as torch.tensor refuses it."""
    if not arr.size:
        return arr.astype(np.int64)  # x[[]]
    if isinstance(item, np.ndarray):
        return arr.astype(np.int64) if arr.dtype.kind == "f" else arr
    for leaf in _leaves(item):
        if isinstance(leaf, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(leaf).__name__}'")
        if not isinstance(leaf, (int, float, complex, np.generic, Tensor)):
            raise RuntimeError(f"Could not infer dtype of {type(leaf).__name__}")
        if isinstance(leaf, (complex, np.complexfloating)) or (isinstance(leaf, np.floating) and
                                                              not isinstance(leaf, float)):
            raise TypeError(f"'{_c_type_name(type(leaf))}' object cannot be interpreted as an integer")
        if isinstance(leaf, Tensor) and leaf._data.dtype.kind not in "biu":
            raise TypeError("only integer tensors of a single element can be converted to an index")
    from .._creation import tensor
    return tensor(item, dtype=_dtype.int64)._data  # its overflow check: x[[nan]] raises as torch


def _leaves(obj):
    if isinstance(obj, (list, tuple)):
        for o in obj:
            yield from _leaves(o)
    else:
        yield obj


def _unwrap(obj):
    if isinstance(obj, Tensor):
        return obj._data
    if isinstance(obj, (list, tuple)):
        return [_unwrap(o) for o in obj]
    return obj


def _is_advanced(item):
    if isinstance(item, Tensor):
        return item._data.ndim > 0 or item._data.dtype.kind == "b"  # a 0-d integer tensor acts as an int
    return isinstance(item, (list, tuple, range, np.ndarray, bool))  # any sequence, as torch (np.bool_ is no
                                                                      # Python bool to it: an invalid index)


def _consumed(item):
    """How many dims of the indexed tensor one index component uses up."""
    if item is None or item is Ellipsis or type(item) is bool:
        return 0
    if _is_advanced(item):
        arr = _as_index_array(item)
        return arr.ndim if arr.dtype.kind == "b" else 1
    return 1


def _split_index(x, index, lone_slice_view=True):
    """Apply the basic part of `index` to x as view ops; return (view, advanced NumPy key or None).

    Like torch, a whole-dim slice in a tuple is skipped; a lone slice still makes a view for
    x[:] but not for x[:] = v (torch's setitem skips it too)."""
    ndim = x._data.ndim
    if not ndim and isinstance(index, (slice, int, np.integer)) and not isinstance(index, (bool, np.bool_)):
        _refuse_lone_index(index)  # (torch's path for one int or slice has its own words for a 0-dim tensor)
    comps = _components(index)
    n_real = sum(map(_consumed, comps))  # map, and no ellipsis count for one component: x[i], x[mask] are hot
    if n_real > ndim:
        if type(index) is slice:  # torch's fast paths for a lone int or slice speak of their own
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        if isinstance(index, (int, np.integer)) and not isinstance(index, (bool, np.bool_)):
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    out, dim, key, n_adv = x, 0, [], 0
    lone_slice = lone_slice_view and isinstance(index, slice)
    for position, c in enumerate(comps):  # (an int's error names its position in the index, as torch's)
        if c is Ellipsis:  # each one skips the dims no component names, as torch's (x[..., 0, ...] is x[..., 0])
            skip = ndim - n_real
            key += [slice(None)] * skip
            dim += skip
        elif c is None:
            out = Unsqueeze.apply(out, dim)
            key.append(slice(None))
            dim += 1
        elif isinstance(c, slice):
            if c.step is not None and c.step == 0:
                raise ValueError("slice step cannot be zero")
            if c.step is not None and c.step < 0:
                raise ValueError("step must be greater than zero")
            if lone_slice or not _whole(c, _size_at(out, dim)):  # torch skips whole-dim slices in a tuple
                if dim >= out._data.ndim:  # (past the last dim, after a second ellipsis)
                    wrap_dim(dim, out._data.ndim)
                out = Slice.apply(out, dim, c.start, c.stop, c.step)
            key.append(slice(None))
            dim += 1
        elif _is_advanced(c):
            arr = _as_index_array(c)
            if arr.dtype.kind == "b" and not arr.ndim:
                # x[True], x[x0d > 0]: as torch, a new dim (an Unsqueeze view, so assigning through it
                # is CopySlices) indexed by [0], or by nothing for False
                out = Unsqueeze.apply(out, dim)
                parts = [np.arange(int(arr))]
            else:
                parts = _key_parts(arr, out._data.shape, dim, n_adv)
            key += parts
            dim += len(parts) if parts[0].dtype.kind != "b" else 0
            n_adv += 1
        elif isinstance(c, (int, np.integer, Tensor)):  # (a Tensor here is a 0-d one)
            if isinstance(c, Tensor) and c._data.dtype.kind not in "iu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            i, size = int(c), _size_at(out, dim)
            if not -size <= i < size:
                raise IndexError(f"index {i} is out of bounds for dimension {position} with size {size}")
            out = Select.apply(out, dim, i)
        elif isinstance(c, (str, bytes)):  # a sequence to torch: a lone one is read as a tuple of its letters
            if c is index and c and isinstance(c, str):  # (a bytes' items are ints)
                warnings.warn(_NON_TUPLE_WARNING, UserWarning, stacklevel=user_stacklevel())
                return _split_index(x, tuple(c), lone_slice_view)
            raise TypeError(f"new(): invalid data type '{type(c).__name__}'")
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             f"valid indices (got {_c_type_name(type(c))})")
    if n_adv == 0:
        return out, None
    while key and isinstance(key[-1], slice):
        key.pop()
    return out, tuple(key)


def _size_at(out, dim):
    """The size of `out`'s dim `dim`; 0 past its last dim, where a second ellipsis can leave the index:
    torch reads past its sizes there, which reads 0 in its CPU build (x[..., ..., 0] is out of bounds,
    x[..., ..., :2] the whole tensor)."""
    shape = out._data.shape
    return shape[dim] if dim < len(shape) else 0


def _refuse_lone_index(index):
    if isinstance(index, slice):
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if index == 0:
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ "
                         "to convert a 0-dim tensor to a number")
    raise IndexError(f"index {index} is out of bounds for dimension 0 with size 0")


def _whole(s, size):
    """Whether slice s covers all of a dim, by torch's test (a negative start never counts)."""
    return s.start in (None, 0) and s.step in (None, 1) and (s.stop is None or s.stop >= size)


def _key_parts(arr, shape, dim, position):
    """One advanced index as NumPy key entries: a bool mask becomes its nonzero positions."""
    if arr.dtype.kind == "b":
        if not arr.ndim:
            return [arr]  # index_put's 0-dim mask: all of the dims or none (x[True] is a view first)
        for j, m in enumerate(arr.shape):
            if dim + j >= len(shape) or m != shape[dim + j]:
                raise IndexError(f"The shape of the mask {list(arr.shape)} at index {j} does not match the "
                                 f"shape of the indexed tensor {list(shape)} at index {dim + j}")
        return list(np.nonzero(arr))
    if dim >= len(shape):  # (past the last dim, after a second ellipsis) torch's index gets a key that long
        raise IndexError(f"too many indices for tensor of dimension {len(shape)} (got {dim + 1})")
    size = shape[dim]
    bad = arr[(arr < -size) | (arr >= size)]
    if bad.size:
        if not size:  # torch's empty-dim check, before any index is read
            raise IndexError("index is out of bounds for dimension with size 0")
        raise IndexError(f"index {bad.flat[0]} is out of bounds for dimension {position} with size {size}")
    return [arr]


class Index(Op):
    """Advanced indexing (IndexBackward0); repeated indices accumulate in backward."""

    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        out = x[key]
        # TensorIterator lays the result of a C-contiguous input out in C order; NumPy's puts the indexed
        # dims first in memory when a slice precedes them
        return out if out.flags.c_contiguous or not x.flags.c_contiguous else np.array(out, order="C")

    _frees_more = True

    def _free(ctx):
        Op._free(ctx)
        ctx.key = None  # torch saves the index tensors, and frees them with the graph

    def backward(ctx, grad):
        if ctx.key is None:
            raise RuntimeError(FREED_MESSAGE)
        return IndexPutImpl.apply(ctx.in_shape, grad, ctx.key), None


class IndexAccumulate(Op):
    """zeros(shape) with `grad` added at `key` (the adjoint of Index)."""
    node_name = "IndexPutBackward0"

    def forward(ctx, grad, shape, key):
        ctx.key = key
        out = np.zeros(shape, grad.dtype)
        np.add.at(out, key, grad)
        return out

    def backward(ctx, grad):
        return Index.apply(grad, ctx.key), None, None


class IndexPutImpl(IndexAccumulate):
    """Index's gradient as torch's index_backward makes it: zeros of the input's shape, grad added at
    key by _index_put_impl_, whose node lists the zeros (no gradient) first."""
    node_name = "IndexPutImplBackward0"
    _listed = 0b1

    def forward(ctx, shape, grad, key):
        return IndexAccumulate.forward(ctx, grad, shape, key)

    def backward(ctx, grad):
        return None, Index.apply(grad, ctx.key), None


class IndexScatter(IndexAccumulate):
    """IndexAccumulate for a key that names no position twice: one assignment, no ufunc.at."""

    def forward(ctx, grad, shape, key):
        ctx.key = key
        out = np.zeros(shape, grad.dtype)
        out[key] = grad
        return out


class IndexPut(Op):
    """x with x[key] = value, or x[key] += value with accumulate (IndexPutBackward0)."""
    _listed = 0b100  # x[mask] = 2.5: torch wraps the number as a tensor and lists it
    fills = "index_put_"  # (over an expanded tensor too, with torch's deprecation warning)

    def forward(ctx, x, key, value, accumulate):
        ctx.key, ctx.accumulate = key, accumulate
        out = x.copy()
        value = np.asarray(value).astype(x.dtype, copy=False)
        try:
            if accumulate:
                np.add.at(out, key, np.broadcast_to(value, out[key].shape))
            else:
                out[key] = value
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(value))} cannot be broadcast "
                               f"to indexing result of shape {list(x[key].shape)}") from None
        return out

    def backward(ctx, grad):
        gx = gv = None
        if ctx.needs_input_grad[0]:
            gx = grad if ctx.accumulate else IndexPut.apply(grad, ctx.key, 0, False)
        if ctx.needs_input_grad[2]:
            gv = Index.apply(grad, ctx.key)
        return gx, None, gv, None


class LinearBackward(Op):
    """The gradient of an op linear in its input (pooling, border padding, nll_loss) as one node
    taking (grad, self, *params), as torch's <op>_backward: linear in grad, reading only self's
    shape. self is an input all the same, as in torch, so that under create_graph the gradient is
    recorded (it requires grad through self even when grad does not), with a zero derivative in
    self. Its derivative in grad is `again(gg)`, torch's double backward (the op applied to gg).
    Each forward op gets its own subclass, <op>Backward (so torch's <op>BackwardBackward0), from
    WithLinearBackward."""
    on_arrays = True
    op = None  # the forward op

    def again(ctx, gg):
        raise NotImplementedError

    def backward(ctx, gg):
        need_grad, need_self = ctx.needs_input_grad[:2]
        zeros = None
        if need_self:
            zeros = np.zeros(*ctx._metas[1])
            if type(gg) is not np.ndarray:
                zeros = Tensor._wrap(zeros)
        return (ctx.again(gg) if need_grad else None, zeros) + (None,) * (ctx._arity - 2)


class WithLinearBackward:
    """Mixin for a forward op whose gradient is a LinearBackward: every subclass gets `gradient`,
    its own subclass of the `gradient_kind` it names, bound to it."""
    gradient_kind = LinearBackward

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.gradient = gradient_node(cls, cls.gradient_kind)


class BorderPadBackward(LinearBackward):
    """A border pad's gradient: grad summed back onto the input positions each padded one copies."""

    def forward(ctx, grad, self, key):
        return IndexAccumulate.forward(ctx, grad, self.shape, key)

    def again(ctx, gg):
        return ctx.op.apply(gg, ctx.key)


class BorderPad(WithLinearBackward, Index):
    """nn.functional.pad's reflect and replicate modes: an Index on per-dim index arrays."""
    saves = (0,)  # for the gradient's edge to it
    gradient_kind = BorderPadBackward

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return ctx.gradient.apply(grad, x, ctx.key), None


# named as torch names them
PAD_OPS = {(mode, k): type(f"{word}{k}D", (BorderPad,), {})
           for mode, word in (("reflect", "ReflectionPad"), ("replicate", "ReplicationPad")) for k in (1, 2, 3)}


def getitem(x, index):
    """x[index]: views for basic indices, then one Index op for advanced ones."""
    if type(index) is int and x._data.ndim:  # the common x[i] (loops, unpacking) without the general walk
        return Select.apply(x, 0, index)
    out, key = _split_index(x, index)
    if key is not None:
        return Index.apply(out, key)
    return Alias.apply(x) if out is x else out


_F32_MAX, _INF = float(np.finfo(np.float32).max), float("inf")


def _wrapped_number(value, dt):
    """A number set into x as torch wraps it (listed as an edge): a tensor of x's dtype, so checked as
    fill_ checks, but a double for a half (which then takes it unchecked); an int is read as an int64."""
    if type(value) is int and not -2 ** 63 <= value < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    return _dtype.checked_scalar(value, np.float64 if dt == np.float16 else dt)


def _c_type_name(cls):
    """A type's name as C's tp_name gives it: list, numpy.ndarray, a Python class's own name."""
    if cls.__module__ == "builtins" or cls.__flags__ & _HEAP_TYPE:
        return cls.__name__
    return f"{cls.__module__}.{cls.__name__}"


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class defined in Python


def setitem(x, index, value):
    """x[index] = value (a tensor or a number), in place, recorded for autograd."""
    out, key = _split_index(x, index, lone_slice_view=False)
    number = type(value) is float or type(value) is int
    if number:  # the common x[mask] = 0.: a float or double takes it as it is, unless it overflows a float
        c = x._data.dtype.char
        if (c != "d" and (c != "f" or _F32_MAX < abs(value) < _INF)) or not -2 ** 63 <= value < 2 ** 63:
            value = _wrapped_number(value, x._data.dtype)
    elif isinstance(value, (bool, complex, float, np.integer)):  # torch's numbers (np.float64 is a float)
        value = _wrapped_number(value, x._data.dtype)
        number = True
    elif not isinstance(value, Tensor):  # a list, an ndarray, np.float32, None...: torch takes none
        raise TypeError(f"can't assign a {_c_type_name(type(value))} to a {x.type()}")
    # a tensor of another dtype is cast by the write itself, as torch's (no ToCopy node; the engine
    # casts its gradient back)
    tensor = not number and isinstance(value, Tensor)
    if key is None:
        # torch's copy_to: fill_ with a 0-dim value unless the destination is 0-dim too, else a copy
        # of the value without its leading 1s (a (1, 3) value into a row), expanded
        if out._data.ndim and (number or (value._data.ndim if tensor else np.ndim(value)) == 0):
            FillTensor.apply_(out, value)
        else:
            if tensor and value._data.shape != out._data.shape:
                value = value.view(_without_leading_ones(value._data.shape))
                if value._data.shape != out._data.shape:  # (torch's expand_inplace: only if needed)
                    value = value.expand(out._data.shape)
            Copy.apply_(out, value)
        return
    if tensor:
        shape = _without_leading_ones(value._data.shape)
        if shape != value._data.shape:
            value = value.view(shape)
    if _state.enabled and (out.requires_grad or (tensor and value._requires_grad)):  # (a view: its base's too)
        IndexPut.apply_(out, key, value, False)
        if _one_mask(index, value):  # torch's index_put_ goes on to masked_fill_, which warns again
            warn_expanded_write("masked_fill_", out._data)
        return
    data = out._data
    if not data.flags.writeable:
        data = writable(data, fill=True)
        if data is None:
            raise RuntimeError(INTERNAL_OVERLAP)
        warn_expanded_write("index_put_", out._data)
        if _one_mask(index, value):
            warn_expanded_write("masked_fill_", out._data)
    v = value._data if tensor else value
    try:
        data[key] = v
    except ValueError:
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(v))} cannot be broadcast to "
                           f"indexing result of shape {list(data[key].shape)}") from None
    x._vc[0] += 1


def _one_mask(index, value):
    """Whether torch's index_put_ hands this write to masked_fill_ (canDispatchToMaskedFill): one value,
    and the only tensor index a bool or uint8 mask."""
    items = index if type(index) is tuple else (index,)
    advanced = [i for i in items if isinstance(i, (Tensor, list, np.ndarray))]
    return (len(advanced) == 1 and isinstance(advanced[0], Tensor) and advanced[0]._data.dtype.kind in "bu"
            and advanced[0]._data.dtype.itemsize == 1 and (not isinstance(value, Tensor) or value._data.size == 1))


def _without_leading_ones(shape):
    """torch's slicePrefix1sSize: a value's shape without its leading dims of size 1 (its copy into
    a slot of another shape views it so, even when there are none; an indexed write only if any)."""
    i = 0
    while i < len(shape) and shape[i] == 1:
        i += 1
    return shape[i:]


def _put_key(input, indices):
    """index_put's key: every index is a tensor and advanced, a 0-dim one included."""
    shape = input._data.shape
    if sum(_consumed(i) if i is not None else 1 for i in indices) > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    key, dim = [], 0
    for n, item in enumerate(indices):
        if item is None:
            key.append(slice(None))
            dim += 1
            continue
        parts = _key_parts(_as_index_array(item), shape, dim, n)
        key += parts
        dim += len(parts)
    return tuple(key)


def index_put(input, indices, values, accumulate=False):
    """A copy of input with input[indices] = values (+= with accumulate; repeated indices then add up)."""
    return IndexPut.apply(input, _put_key(input, indices), values, bool(accumulate))


def index_put_(input, indices, values, accumulate=False):
    """In-place index_put."""
    return IndexPut.apply_(input, _put_key(input, indices), values, bool(accumulate))


def _along(dim, index):
    return (slice(None),) * dim + (index,)


def _check_index_source(name, x, dim, index, source):
    _check_index_vector(name, index)
    n = index.size
    src_dim = source.shape[dim] if source.ndim else 1
    if n != src_dim:
        if name == "index_copy_":
            raise IndexError(f"index_copy_(): Number of indices ({n}) should be equal to source.size(dim) "
                             f"({src_dim})")
        raise RuntimeError(f"{name}(): Number of indices ({n}) should be equal to source.size(dim): ({src_dim}), "
                           f"for dim: {dim}")
    ranks_differ = source.ndim != x.ndim and (name != "index_copy_" or (source.ndim and x.ndim))  # (copy: 0-d too)
    if ranks_differ or any(a != b for d, (a, b) in enumerate(zip(x.shape, source.shape)) if d != dim):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(x.shape)} source.shape = {list(source.shape)}")
    _check_index_range(name, x, dim, index)


def _check_index_range(name, x, dim, index):
    size = x.shape[dim] if x.ndim else 1
    bad = index[(index < -size) | (index >= size)]
    if bad.size:
        prefix = "index_copy_(): " if name == "index_copy_" else ""
        raise IndexError(f"{prefix}index {bad.flat[0]} is out of bounds for dimension {dim} with size {size}")


class IndexAdd(Op):
    """x with alpha * source added at `index` along `dim` (repeated indices add up)."""

    def forward(ctx, x, dim, index, source, alpha):
        dim = wrap_dim(dim, x.ndim)
        _check_index_source("index_add_", x, dim, index, source)
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        out = x.copy()
        np.add.at(out.reshape(1) if x.ndim == 0 else out, _along(dim, index.reshape(-1)),
                  source * alpha if alpha != 1 else source)
        return out

    def backward(ctx, grad):
        gs = None
        if ctx.needs_input_grad[3]:
            gs = grad.index_select(ctx.dim, Tensor._wrap(ctx.index))
            if ctx.alpha != 1:
                gs = gs * ctx.alpha
        return grad, None, None, gs, None


class IndexCopy(Op):
    """x with source's slices written at `index` along `dim`."""

    def forward(ctx, x, dim, index, source):
        dim = wrap_dim(dim, x.ndim)
        if x.dtype != source.dtype:
            raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but got (self) "
                               f"{scalar_type_name(x.dtype)} and (source) {scalar_type_name(source.dtype)}")
        _check_index_source("index_copy_", x, dim, index, source)
        ctx.dim, ctx.index = dim, index
        out = x.copy()
        (out.reshape(1) if x.ndim == 0 else out)[_along(dim, index.reshape(-1))] = source  # (0-d x: one element)
        return out

    def backward(ctx, grad):
        index = Tensor._wrap(ctx.index)
        gx = grad.index_fill(ctx.dim, index, 0) if ctx.needs_input_grad[0] else None
        gs = grad.index_select(ctx.dim, index) if ctx.needs_input_grad[3] else None
        return gx, None, None, gs


class IndexFill(Op):
    """x with `value` (a number) written at `index` along `dim`."""
    fills = "index_fill_"  # (over an expanded tensor too, with torch's deprecation warning)
    _scalar_inputs = 0b1000

    def forward(ctx, x, dim, index, value):
        dim = wrap_dim(dim, x.ndim)
        _check_index_vector("index_fill_", index)
        if x.size:  # (torch's kernel reads no index when there is nothing to fill)
            _check_index_range("index_fill_", x, dim, index)
        if np.ndim(value):
            raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{np.ndim(value)} dimension(s).")
        ctx.dim, ctx.index = dim, index
        if not isinstance(value, np.ndarray):
            value = _dtype.checked_scalar(value, x.dtype)  # (refused if x's dtype cannot hold it, as torch)
        out = x.copy(order="K")  # torch's clone(): self's layout
        if x.size:
            (out.reshape(1) if x.ndim == 0 else out)[_along(dim, index.reshape(-1))] = value  # (0-d x: one element)
        return out

    def backward(ctx, grad):
        index = Tensor._wrap(ctx.index)
        gv = grad.index_select(ctx.dim, index).sum() if ctx.needs_input_grad[3] else None
        return grad.index_fill(ctx.dim, index, 0), None, None, gv


class IndexFillTensor(IndexFill):
    """index_fill with a 0-dim tensor value, which gets the sum of the filled gradient."""
    node_name = "IndexFillBackward1"


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of input with alpha * source added at `index` along `dim`."""
    return IndexAdd.apply(input, dim, index, source, alpha)


def index_add_(input, dim, index, source, *, alpha=1):
    """In-place index_add."""
    return IndexAdd.apply_(input, dim, index, source, alpha)


def index_copy(input, dim, index, source):
    """A copy of input with source's slices written at `index` along `dim`."""
    return IndexCopy.apply(input, dim, index, source)


def index_copy_(input, dim, index, source):
    """In-place index_copy."""
    return IndexCopy.apply_(input, dim, index, source)


def _fill_op(value):
    return IndexFillTensor if isinstance(value, Tensor) else IndexFill


def index_fill(input, dim, index, value):
    """A copy of input with `value` written at `index` along `dim`."""
    return _fill_op(value).apply(input, dim, index, value)


def index_fill_(input, dim, index, value):
    """In-place index_fill."""
    return _fill_op(value).apply_(input, dim, index, value)


def fill_diagonal_(input, fill_value, wrap=False):
    """Write fill_value on the main diagonal in place (all dims equal beyond 2-d); with wrap, a tall
    matrix's diagonal restarts every (columns + 1) rows, as NumPy's fill_diagonal does."""
    shape = input._data.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) > 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    rows, cols = shape[0], shape[1]
    # as torch: one strided view along the diagonal, and with wrap a second one from row cols + 1 on
    offset, step, size = input.storage_offset(), sum(input.stride()), min(rows, cols)
    as_strided(input, (size,), (step,), offset).fill_(fill_value)
    if wrap and len(shape) == 2 and rows > cols + 1:
        rest = -(-input.numel() // (cols + 1)) - size
        as_strided(input, (rest,), (step,), offset + input.stride(0) * (cols + 1)).fill_(fill_value)
    return input


class MaskedScatter(Op):
    """self (broadcast with mask) with source's leading elements written, in order, where mask is True."""
    saves = (1,)

    def forward(ctx, x, mask, source):
        try:
            mask_b, x_b = np.broadcast_arrays(mask, x)
        except ValueError:
            raise _broadcast_error(mask, x) from None
        _check_masked_scatter(x, mask, source)
        n = np.count_nonzero(mask_b)
        if n > source.size:
            raise RuntimeError("Number of elements of source < number of ones in mask")
        ctx.source_shape = source.shape
        out = np.array(x_b, order="C")
        out[mask_b] = source.reshape(-1)[:n]
        return out

    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        gx = grad.masked_fill(mask, 0) if ctx.needs_input_grad[0] else None
        gs = MaskedScatterBackward.apply(grad, mask, ctx.source_shape) if ctx.needs_input_grad[2] else None
        return gx, None, gs


def _check_masked_scatter(x, mask, source):
    if x.dtype != source.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but got"
                           f"{scalar_type_name(x.dtype)} and {scalar_type_name(source.dtype)}")
    if mask.dtype != np.bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with dtype "
                           f"{scalar_type_name(mask.dtype)}")


class MaskedScatterBackward(Op):
    """masked_scatter's gradient in source: grad where mask is True, in order, then zeros, shaped as
    source (MaskedScatterBackwardBackward0 under create_graph)."""
    saves = (1,)

    def forward(ctx, grad, mask, sizes):
        ctx.grad_meta = grad.shape, grad.dtype
        picked = grad[np.broadcast_to(mask, grad.shape)]
        out = np.zeros(int(np.prod(sizes)), grad.dtype)
        out[:picked.size] = picked
        return out.reshape(sizes)

    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        return MaskedScatter.apply(Tensor._wrap(np.zeros(*ctx.grad_meta)), mask, grad), None, None


def masked_scatter(input, mask, source):
    """A copy of input (broadcast with mask) with source's elements written, in order, where mask is True."""
    return MaskedScatter.apply(input, mask, source)


def masked_scatter_(input, mask, source):
    """In-place masked_scatter (mask broadcast to input's shape)."""
    _check_masked_scatter(input._data, mask._data, source._data)
    Expand.forward(_Scratch(), mask._data, input._data.shape)  # torch's error for a mask that does not expand
    return MaskedScatter.apply_(input, mask, source)


class Put(Op):
    """self with source's elements written (added, with accumulate) at positions `index` of self
    counted in row-major order."""

    def forward(ctx, x, index, source, accumulate):
        if index.dtype != np.int64:
            raise RuntimeError(f"put_(): Expected a long tensor for index, but got {scalar_type_name(index.dtype)}")
        if x.dtype != source.dtype:
            raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got self.dtype = "
                               f"{scalar_type_name(x.dtype)} and source.dtype = {scalar_type_name(source.dtype)}")
        if index.size != source.size:
            raise IndexError(f"put_(): Expected source and index to have the same number of elements, but got "
                             f"source.numel() = {source.size}, index.numel() = {index.size}")
        if index.size and not x.size:
            raise IndexError("put_(): Tried to put elements into an empty tensor")
        bad = index[(index < -x.size) | (index >= x.size)]
        if bad.size:
            raise IndexError(f"out of range: tried to access index {bad.flat[0]} on a tensor of {x.size} elements.")
        ctx.index, ctx.source_meta, ctx.accumulate = index, (source.shape, source.dtype), accumulate
        flat = np.array(x, order="C").reshape(-1)
        if accumulate:
            np.add.at(flat, index.reshape(-1), source.reshape(-1))
        else:
            flat[index.reshape(-1)] = source.reshape(-1)
        out = np.empty_like(x)  # in x's order of strides, as torch's clone (preserve_format)
        out[...] = flat.reshape(x.shape)
        return out

    def backward(ctx, grad):
        index = Tensor._wrap(ctx.index)
        gx = gs = None
        if ctx.needs_input_grad[0]:
            gx = grad if ctx.accumulate else Put.apply(grad, index, Tensor._wrap(np.zeros(*ctx.source_meta)), False)
        if ctx.needs_input_grad[2]:
            gs = grad.take(index).reshape(ctx.source_meta[0])
        return gx, None, gs, None


def put(input, index, source, accumulate=False):
    """A copy of input with source's elements written (added, with accumulate) at flat positions `index`."""
    return Put.apply(input, index, source, bool(accumulate))


def put_(input, index, source, accumulate=False):
    """In-place put."""
    return Put.apply_(input, index, source, bool(accumulate))


_INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


class IndexReduce(Op):
    """self with source's slices reduced (prod, mean, amax, amin) into its slices at `index` along dim,
    self's own values taking part unless include_self is False."""
    saves = (0, 3, "result")

    def forward(ctx, x, dim, index, source, reduce, include_self):
        dim = wrap_dim(dim, x.ndim)
        _check_index_reduce(x, dim, index, source)
        warn_once("index_reduce() is in beta and the API may change at any time.")
        if x.dtype == np.bool_ and (x.ndim < 2 or reduce == "mean"):  # (torch's kernels for these)
            raise not_implemented_for('index_func_' if x.ndim < 2 else 'div_floor_cpu', x)
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        x1 = x.reshape(1) if x.ndim == 0 else x  # (a 0-d self or source as one element)
        source = source.reshape(x1.shape[:dim] + (index.size,) + x1.shape[dim + 1:])
        return reduced_at(x1, _along(dim, index.reshape(-1)), source, reduce, include_self).reshape(x.shape)

    def backward(ctx, grad):
        """torch's index_reduce_backward, in Tensor ops."""
        x, source, result = ctx.saved_tensors
        dim, reduce, include_self = ctx.dim, ctx.reduce, ctx.include_self
        index = Tensor._wrap(ctx.index)
        at = (lambda t: t.index_select(dim, index), lambda t, s: t.index_add(dim, index, s),
              lambda t: t.index_fill(dim, index, 0),
              lambda t, s: index_reduce(t, dim, index, s, "prod", include_self=include_self))
        gx, gs = reduce_backward(grad, x, source, result, reduce, include_self, at)
        need_x, need_source = ctx.needs_input_grad[0], ctx.needs_input_grad[3]
        return (gx if need_x else None), None, None, (gs if need_source else None), None, None


def _check_index_reduce(x, dim, index, source):
    """torch's checks of index_reduce's arguments, in its order."""
    _check_index_vector("index_reduce_", index)
    if x.dtype != source.dtype:
        raise RuntimeError(f"index_reduce_(): self ({scalar_type_name(x.dtype)}) and source ({scalar_type_name(source.dtype)}) "
                           f"must have the same scalar type")
    n = source.shape[dim] if dim < source.ndim else 1
    if index.size != n:
        raise RuntimeError(f"index_reduce_(): Number of indices ({index.size}) should be equal to source.size(dim): "
                           f"({n}), for dim: {dim}")
    if source.ndim != x.ndim or any(a != b for d, (a, b) in enumerate(zip(x.shape, source.shape)) if d != dim):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the specified dimension. "
                           f"Got self.shape = {list(x.shape)} source.shape = {list(source.shape)}")
    size = x.shape[dim] if x.ndim else 1
    if index.size and (index.min() < 0 or index.max() >= size):
        raise IndexError("index out of range in self")


def _index_reduce_op(reduce, include_self):
    if reduce not in _INDEX_REDUCTIONS:
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got {reduce}.")
    if type(include_self) is not bool:
        raise TypeError(f"index_reduce(): argument 'include_self' must be bool, not {type(include_self).__name__}")
    return IndexReduce


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """A copy of input with source's slices reduced into its slices at `index` along `dim`.

    reduce is "prod", "mean", "amax" or "amin"; with include_self=False input's own values are left
    out where indexed."""
    return _index_reduce_op(reduce, include_self).apply(input, dim, index, source, reduce, include_self)


def index_reduce_(input, dim, index, source, reduce, *, include_self=True):
    """In-place index_reduce."""
    return _index_reduce_op(reduce, include_self).apply_(input, dim, index, source, reduce, include_self)


def _search_array(x, dtype):
    return x._data.astype(dtype, copy=False) if isinstance(x, Tensor) else np.asarray(x, dtype)


def _binary_search(boundaries, values, right, sorter):
    """For each value, the first position along boundaries' last dim whose element is > (right) or >=
    (left) the value: torch's branch-free search, whose comparisons place NaN as torch does."""
    n = boundaries.shape[-1]
    rows = int(np.prod(boundaries.shape[:-1]))
    b = boundaries.reshape(rows, n)
    v = values.reshape(rows, values.size // rows if rows else 0)
    if sorter is not None:
        b = np.take_along_axis(b, sorter.reshape(rows, n), 1)
    start = np.zeros(v.shape, np.int64)
    end = np.full(v.shape, n, np.int64)
    with np.errstate(invalid="ignore"):
        while True:
            active = start < end
            if not active.any():
                break
            mid = (start + end) // 2
            m = np.take_along_axis(b, np.minimum(mid, n - 1), 1)
            below = ~(m > v) if right else ~(m >= v)
            start = np.where(active & below, mid + 1, start)
            end = np.where(active & ~below, mid, end)
    return start.reshape(values.shape)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """Where each value would be inserted along sorted_sequence's last dim to keep it sorted (before equal
    elements, or after them with right=True / side='right'); sorter orders an unsorted sequence."""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    seq = sorted_sequence._data
    value_shape = input._data.shape if isinstance(input, Tensor) else ()
    if not value_shape and seq.ndim != 1:  # (a number is a 0-d input of one element)
        raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when boundaries tensor dimension "
                           f"is 1, but we got boundaries tensor dim({seq.ndim}) and input value's dim(0) numel(1)")
    if seq.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
                           "dimension")
    if seq.ndim > 1 and seq.shape[:-1] != value_shape[:-1]:
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                           f"dimensions of boundaries tensor and input value tensor must match, but we got boundaries "
                           f"tensor {list(seq.shape)} and input value tensor {list(value_shape)}")
    order = None
    if sorter is not None:
        order = sorter._data
        if order.dtype != np.int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                               f"{scalar_type_name(order.dtype)}")
        if order.shape != seq.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same size, but got boundary "
                               f"tensor {list(seq.shape)}and got sorter tensor {list(order.shape)}")
        if order.size and (order.min() < 0 or order.max() >= seq.shape[-1]):
            raise RuntimeError("torch.searchsorted(): sorter index out of range")
    dt = _dtype.result_type(sorted_sequence, input).np
    if dt == np.bool_:
        raise not_implemented_for("searchsorted_out_cpu", dt)
    for what, t in (("input value", input), ("boundary", sorted_sequence), ("sorter", sorter)):
        if isinstance(t, Tensor) and not t._data.flags.c_contiguous:
            warn_once(f"torch.searchsorted(): {what} tensor is non-contiguous, this will lower the performance due to "
                      "extra data copy when converting non-contiguous tensor to contiguous, please use contiguous "
                      f"{what} tensor if possible. This message will only appear once per program.")
    values = _search_array(input, dt)
    if seq.ndim == 1:
        values = values.reshape(1, -1)
    index = _binary_search(seq.astype(dt, copy=False), values, right, order).reshape(value_shape)
    return Tensor._wrap(index.astype(np.int32 if out_int32 else np.int64))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    """The bucket of each element of input between the sorted 1-D boundaries (searchsorted with the
    arguments swapped; right=True puts a value equal to a boundary in the bucket after it)."""
    if boundaries._data.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries._data.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def isin(elements=None, test_elements=None, *, assume_unique=False, invert=False, element=None, test_element=None):
    """Whether each element of `elements` occurs in `test_elements` (compared in their common dtype);
    the opposite with invert=True. A number for either goes by torch's names element= / test_element=."""
    for name, number, tensor in (("element", element, elements), ("test_element", test_element, test_elements)):
        if number is not None and (tensor is not None or isinstance(number, Tensor)):
            raise TypeError(f"isin() received an invalid combination of arguments - got {name}= with a tensor: "
                            f"{name}= is a number, {name}s= a tensor")
    if element is not None and test_element is not None:
        raise TypeError("isin() received an invalid combination of arguments - got element= and test_element=: "
                        "one of them must be a tensor")
    elements = element if element is not None else elements
    test_elements = test_element if test_element is not None else test_elements
    if elements is None or test_elements is None:
        missing = '"elements"' if elements is None else '"test_elements"'
        raise TypeError(f"isin() missing 1 required positional arguments: {missing}")
    for x in (elements, test_elements):
        if (isinstance(x, Tensor) and x._data.dtype == np.bool_) or isinstance(x, (bool, np.bool_)):
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    dt = _dtype.result_type(elements, test_elements).np
    found = np.isin(_search_array(elements, dt), _search_array(test_elements, dt), invert=invert)
    return Tensor._wrap(np.asarray(found))


__all__ = ["index_put", "index_put_", "index_add", "index_copy", "index_fill", "index_reduce", "masked_scatter", "put",
           "isin", "searchsorted", "bucketize"]
METHODS = {name: globals()[name] for name in __all__ if name not in ("isin", "searchsorted", "bucketize")}
METHODS.update({"__getitem__": getitem, "__setitem__": setitem, "index_add_": index_add_,
                "index_copy_": index_copy_, "index_fill_": index_fill_, "index_reduce_": index_reduce_,
                "masked_scatter_": masked_scatter_, "put_": put_, "fill_diagonal_": fill_diagonal_})


from .._tensor import Tensor  # noqa: E402

_SEQUENCES = (list, tuple, Tensor, slice, str, bytes, range, np.ndarray)  # torch's test of a sequence
from ..autograd.grad_mode import _state  # noqa: E402
from .pointwise import Copy, FillTensor, _broadcast_error  # noqa: E402
