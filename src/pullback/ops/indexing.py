"""x[index] and x[index] = value.

Basic indexing (ints, slices, None, Ellipsis) becomes torch's chain of view ops (Select,
Slice, Unsqueeze), so an assignment through it is an in-place op on a view and the base gets
a CopySlices node. Advanced indexing (integer tensors or lists, bool masks) is one Index op,
and assignment through it one IndexPut.
"""
import numpy as np

from .. import _dtype
from ._op import Op
from .shape import Alias, Select, Slice, Unsqueeze


def _is_advanced(item):
    return isinstance(item, (Tensor, list, np.ndarray, bool, np.bool_))


def _components(index):
    return index if isinstance(index, tuple) else (index,)


def _numpy_key(index):
    key = []
    for item in _components(index):
        if isinstance(item, Tensor):
            if item._data.dtype.kind not in "biu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            key.append(item._data)
        elif isinstance(item, list):
            arr = np.asarray(_unwrap(item))
            if arr.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            key.append(arr)
        elif isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_)):
            key.append(int(item))
        elif isinstance(item, slice):
            if item.step is not None and item.step <= 0:
                raise ValueError("step must be greater than zero")
            key.append(item)
        else:
            key.append(item)
    return tuple(key)


def _unwrap(obj):
    if isinstance(obj, Tensor):
        return obj._data
    if isinstance(obj, list):
        return [_unwrap(o) for o in obj]
    return obj


def _index_error(e, shape):
    msg = str(e)
    if "out of bounds for axis" in msg:
        msg = msg.replace("axis", "dimension")
    return IndexError(msg)


class Index(Op):
    """Advanced indexing (IndexBackward0); repeated indices accumulate in backward."""

    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        try:
            return x[key]
        except IndexError as e:
            raise _index_error(e, x.shape) from None

    def backward(ctx, grad):
        return IndexAccumulate.apply(grad, ctx.in_shape, ctx.key), None


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


class IndexPut(Op):
    """x with x[key] = value (IndexPutBackward0)."""

    def forward(ctx, x, key, value):
        ctx.key = key
        out = x.copy()
        try:
            out[key] = value
        except IndexError as e:
            raise _index_error(e, x.shape) from None
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(value))} cannot be broadcast "
                               f"to indexing result of shape {list(x[key].shape)}") from None
        return out

    def backward(ctx, grad):
        gx = IndexPut.apply(grad, ctx.key, 0) if ctx.needs_input_grad[0] else None
        gv = Index.apply(grad, ctx.key) if ctx.needs_input_grad[2] else None
        return gx, None, gv


def getitem(x, index):
    comps = _components(index)
    if any(_is_advanced(c) for c in comps):
        return Index.apply(x, _numpy_key(index))
    if any(isinstance(c, Tensor) for c in comps):
        return Index.apply(x, _numpy_key(index))
    n_real = sum(1 for c in comps if c is not None and c is not Ellipsis)
    if n_real > x._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {x._data.ndim}")
    out = x
    dim = 0
    for c in comps:
        if c is Ellipsis:
            dim += x._data.ndim - n_real
        elif c is None:
            out = Unsqueeze.apply(out, dim)
            dim += 1
        elif isinstance(c, slice):
            if c.step is not None and c.step <= 0:
                raise ValueError("step must be greater than zero")
            if c != slice(None) and c != slice(None, None, 1):
                out = Slice.apply(out, dim, c.start, c.stop, c.step)
            dim += 1
        elif isinstance(c, (int, np.integer)):
            out = Select.apply(out, dim, int(c))
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             "valid indices (got " + type(c).__name__ + ")")
    if out is x:
        out = Alias.apply(x)
    return out


def setitem(x, index, value):
    tracked = _state.enabled and (x._requires_grad or (isinstance(value, Tensor) and value._requires_grad))
    advanced = any(_is_advanced(c) or isinstance(c, Tensor) for c in _components(index))
    if not tracked:
        v = value._data if isinstance(value, Tensor) else value
        key = _numpy_key(index)
        try:
            x._data[key] = v
        except IndexError as e:
            raise _index_error(e, x._data.shape) from None
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(np.shape(v))} cannot be broadcast to "
                               f"indexing result of shape {list(x._data[key].shape)}") from None
        x._vc[0] += 1
        return
    if advanced:
        if isinstance(value, Tensor) and value._data.dtype != x._data.dtype:
            value = value.to(_dtype.from_numpy_dtype(x._data.dtype))
        IndexPut.apply_(x, _numpy_key(index), value)
    else:
        getitem(x, index).copy_(value)



__all__ = []
METHODS = {"__getitem__": getitem, "__setitem__": setitem}


from .._tensor import Tensor  # noqa: E402
from ..autograd.grad_mode import _state  # noqa: E402
