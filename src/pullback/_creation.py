"""Tensor creation: from data, filled, ranges, windows, strided layouts, random (NumPy's generator,
seeded by manual_seed)."""
import builtins
import functools
import math
import warnings

import numpy as np

from . import _dtype, _fperrors, _memory_format, _runtime, _torch_random, _transform_levels
from ._size import NO_SIZE, int_list, tp_name
from ._tensor import Tensor, _check_nested, _unwrap_nested
from ._runtime import warn_once


def _np_dtype(dtype):
    return (dtype or _dtype.get_default_dtype()).np


def _finish(data, requires_grad, device=None):
    if device is None:
        device = _runtime.default_device  # None unless set_default_device named another device
    if device is not None:
        from ._tensor import _check_device
        _check_device(device)  # torch's error for a device this machine does not have
    t = Tensor._wrap(data)
    if requires_grad:
        if data.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t._requires_grad = True
        _transform_levels.note_leaf(t)
    return t


def _int_arg(value, fn, name, position=None):
    """An int argument as torch's parser takes one (a Python or NumPy integer, a 0-d integer
    tensor), else its TypeError (bools and floats are refused)."""
    if isinstance(value, Tensor) and value._data.ndim == 0 and value._data.dtype.kind in "iu":
        return builtins.int(value._data)
    if isinstance(value, (builtins.int, np.integer)) and not isinstance(value, (builtins.bool, np.bool_)):
        return builtins.int(value)
    where = f" (position {position})" if position else ""
    raise TypeError(f"{fn}(): argument '{name}'{where} must be int, not {type(value).__name__}")


def _bool_arg(value, fn, name, position=None):
    """A bool argument, else torch's TypeError (an int is refused)."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return builtins.bool(value)
    where = f" (position {position})" if position else ""
    raise TypeError(f"{fn}(): argument '{name}'{where} must be bool, not {type(value).__name__}")


def _int_list(values, fn, name, position):
    """A sequence of ints given as one argument (torch's IntArrayRef of a function that takes no sizes
    as separate arguments), else torch's TypeError."""
    return int_list((values,), fn, name, position, sequence_only=True)


def is_size_int(v):
    """Whether torch reads `v` as one of a list of sizes: an integer, or a 0-d integer tensor."""
    if isinstance(v, Tensor):
        return v._data.ndim == 0 and v._data.dtype.kind in "iu"
    return isinstance(v, (builtins.int, np.integer))


def _check_sizes(size):
    for s in size:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(size)}")


def _infer_dtype(arr):
    """torch.tensor's dtype inference: Python floats -> default dtype, ints -> int64."""
    kind = arr.dtype.kind
    if kind == "f":
        return _dtype.get_default_dtype().np
    if kind in "iu":
        return np.int64
    if kind == "b":
        return np.bool_
    if kind == "c":
        raise NotImplementedError(_COMPLEX_DATA.format("tensor"))
    raise TypeError(f"Could not infer dtype of {arr.dtype}")


_COMPLEX_DATA = "{}: complex data makes torch's result a complex tensor, and pullback has no complex dtypes"


PIN_MEMORY_REFUSED = ("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory allocator is "
                      "available on this system.")


def check_placement(fn, layout, pin_memory):
    """torch's checks of a factory's layout= and pin_memory=: every pullback tensor is strided and in
    ordinary memory, and without an accelerator there is no pinned memory to ask for."""
    if layout is not None and not isinstance(layout, _dtype.layout):
        raise TypeError(f"{fn}(): argument 'layout' must be torch.layout, not {type(layout).__name__}")
    if pin_memory:
        raise RuntimeError(PIN_MEMORY_REFUSED)


def placed(factory):
    """`factory` taking torch's layout= and pin_memory= keywords too (see check_placement); the
    library's own calls use the factory as it is."""
    name = factory.__name__

    @functools.wraps(factory)
    def with_placement(*args, layout=None, pin_memory=False, **kwargs):
        check_placement(name, layout, pin_memory)
        return factory(*args, **kwargs)
    return with_placement


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor holding a copy of `data` (nested lists, numbers, arrays or tensors)."""
    check_placement("tensor", None, pin_memory)
    if isinstance(data, Tensor):
        import warnings
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        arr = data._data.copy()
        if dtype is not None:
            arr = arr.astype(dtype.np)
    elif isinstance(data, np.ndarray) or isinstance(data, np.generic):
        given = np.asarray(data).dtype
        if given.kind not in "biu" and given not in _dtype._from_numpy:  # (strings, objects, np.longdouble:
            _dtype.from_numpy_dtype(given)                                # torch names the array's type)
        if dtype is None and type(data) is np.uint64:
            _check_inferred_leaves(given, (data,))
        arr = np.array(data, dtype=dtype.np if dtype is not None else None)
        if dtype is None and arr.dtype not in _dtype._from_numpy:
            arr = arr.astype(_infer_dtype(arr))
    else:
        arr = _data_of(data, dtype)
    if device is not None:
        from ._tensor import _check_device
        _check_device(device)
    return _finish(arr, requires_grad, device)


def _data_of(data, dtype):
    """Nested lists or numbers as a new array: of `dtype`, else of the dtype torch infers."""
    nested = _unwrap_nested(data)
    try:
        arr = np.array(nested)
    except ValueError:
        _check_nested(data)
        raise ValueError("expected sequence of equal-length lists") from None
    if arr.dtype == object or arr.dtype.kind in "US":
        _refuse_leaf(data, dtype)  # (returns for ints past int64 read as a float dtype)
        arr = np.array(nested, dtype=np.float64)
    if dtype is None and arr.dtype.kind in "uf":
        _check_inferred_leaves(arr.dtype, _leaves(data))
    target = np.dtype(dtype.np if dtype is not None else _infer_dtype(arr))
    if target.kind in "iub" and arr.dtype.kind == "f":
        _check_leaves(data, target)
    elif arr.size and target.kind in "iu" and arr.dtype.kind in "iu":
        _check_int_range(arr, target)
    return arr.astype(target, copy=False)


def _check_inferred_leaves(inferred, leaves):
    """torch.tensor's refusals, inferring the dtype, of NumPy scalars (`inferred`: NumPy's dtype of them
    all): an np.longdouble has no dtype of torch's, and an np.uint64 is no int to its int64."""
    if inferred == np.uint64 and any(type(leaf) is np.uint64 for leaf in leaves):
        raise TypeError("an integer is required")
    if inferred.kind == "f" and inferred not in _dtype._from_numpy:
        _dtype.from_numpy_dtype(inferred)


def _check_int_range(arr, target):
    """torch.tensor's range check of Python numbers stored as an integer dtype: a value past the
    dtype's range raises (numpy would wrap it), except that an unsigned dtype takes negatives down
    to -max (uint8 stores -1 as 255), as c10's `overflows` allows."""
    lo, hi = arr.min(), arr.max()
    if target == np.int64 and arr.dtype == np.uint64 and hi > np.iinfo(np.int64).max:
        raise ValueError("Overflow when unpacking long long")
    info = np.iinfo(target)
    low = -int(info.max) if target.kind == "u" else int(info.min)
    if (arr.dtype.kind == "f" and not np.isfinite(arr).all()) or lo < low or hi > info.max:
        raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")


def _check_leaves(data, target):
    """torch.tensor's conversion, element by element in order, of numbers holding floats into an
    integer or bool dtype: a NumPy float has no __index__ for it, and a float must lie inside the
    range (only an int wraps into an unsigned dtype)."""
    info = np.iinfo(target) if target.kind in "iu" else None
    for leaf in _leaves(data):
        if isinstance(leaf, np.floating):
            raise TypeError(f"'{tp_name(leaf)}' object cannot be interpreted as an integer")
        if info is None:
            continue
        if isinstance(leaf, float):
            if not info.min <= leaf <= info.max:  # (nan too)
                raise RuntimeError(f"value cannot be converted to type {target.name} without overflow")
        else:
            _check_int_range(np.asarray(leaf), target)


def _leaves(data):
    """The numbers of nested lists, depth first."""
    if isinstance(data, (list, tuple)):
        for item in data:
            yield from _leaves(item)
    else:
        yield data


def _refuse_leaf(data, dtype=None):
    """torch's error for data NumPy holds as objects: a string first in a sequence reads as one more
    level of it (ValueError); with a dtype given, a leaf it cannot convert (torch's TypeError); else a
    string's TypeError, or the RuntimeError naming the first leaf whose dtype cannot be inferred; and
    an int past int64 cannot be read as a C long long, unless a float dtype is given."""
    numbers = (int, float, bool, complex, np.number, np.bool_, Tensor)

    def first_bad(x):  # [the leaf] of the first that is no number, or []
        if isinstance(x, (list, tuple)):
            for item in x:
                found = first_bad(item)
                if found:
                    return found
            return []
        return [] if isinstance(x, numbers) else [x]

    first = data
    while isinstance(first, (list, tuple)) and first:
        first = first[0]
    if isinstance(first, str):  # (a string alone is refused as a type, whatever the dtype)
        raise ValueError("too many dimensions 'str'") if first is not data else TypeError("new(): invalid data type 'str'")
    bad = first_bad(data)
    if dtype is not None:
        _check_nested(data, floating=dtype.is_floating_point)
        if not bad and dtype.is_floating_point:
            return
    elif not bad and any(isinstance(v, (float, np.floating)) for v in _leaves(data)):
        return  # a float among them: the ints are read as floats
    elif bad and isinstance(bad[0], str):
        raise TypeError("new(): invalid data type 'str'")
    _check_nested(data, leaves=False)
    if not bad:
        raise ValueError("Overflow when unpacking long long")
    raise RuntimeError(f"Could not infer dtype of {type(bad[0]).__name__}")


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor) and (dtype is None or data.dtype is dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.np):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def from_numpy(ndarray, /):
    """A tensor sharing memory with `ndarray`."""
    tensor = _sharing(ndarray)
    if not ndarray.flags.writeable:
        _warn_not_writable()
    return tensor


def _sharing(ndarray):
    """A tensor sharing memory with `ndarray`, refused as torch refuses one (a dtype it lacks,
    negative strides)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)
    if any(s < 0 for s in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors with negative strides "
                         "are not currently supported. (You can probably work around this by making a copy of your "
                         "array  with array.copy().) ")
    return Tensor._wrap(ndarray)


def _warn_not_writable():
    warn_once("The given NumPy array is not writable, and PyTorch does not support non-writable tensors. "
               "This means writing to this tensor will result in undefined behavior. You may want to copy the array to "
               "protect its data or make it writable before converting it to a tensor. This type of warning will be "
               "suppressed for the rest of this program.")


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d tensor sharing memory with an object that implements the buffer protocol."""
    count, offset = _int_arg(count, "frombuffer", "count"), _int_arg(offset, "frombuffer", "offset")
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    if not view.c_contiguous:
        raise RuntimeError("could not retrieve buffer from object")
    length, size = view.nbytes, dtype.itemsize
    if length <= 0 or count == 0:
        raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
    if not 0 <= offset < length:
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length ({length} "
                         "bytes) minus 1")
    if count < 0:
        if (length - offset) % size:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({size})")
        count = (length - offset) // size
    if offset + count * size > length:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset ({offset} bytes) must not be "
                         f"greater than actual buffer length ({length} bytes)")
    if view.readonly:
        warn_once("The given buffer is not writable, and PyTorch does not support non-writable tensors. "
                   "This means you can write to the underlying (supposedly non-writable) buffer using the tensor. You "
                   "may want to copy the buffer to protect its data or make it writable before converting it to a "
                   "tensor. This type of warning will be suppressed for the rest of this program.")
    data = np.frombuffer(view.cast("B"), dtype.np, count, offset)
    return _finish(data, requires_grad)


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """`obj` as a tensor, sharing memory with a tensor, NumPy array or buffer as torch does.

    copy=None shares where the dtype allows, copy=False always (else ValueError), copy=True never.
    requires_grad defaults to obj's (torch warns once about that default) and is set on obj itself
    where obj is returned as it is."""
    if device is not None:
        from ._tensor import _check_device
        _check_device(device)
    tensor = obj if isinstance(obj, Tensor) else None
    wants_grad = requires_grad if requires_grad is not None else tensor is not None and tensor.requires_grad
    if wants_grad and requires_grad is None:
        warn_once("torch.asarray: unspecified requires_grad now defaults to obj.requires_grad instead "
                   "of False. Pass requires_grad=False explicitly to get the old behavior and silence this warning.")
    force_copy, numpy_read_only = copy is True, False
    if tensor is None and isinstance(obj, (np.ndarray, np.generic)):
        if isinstance(obj, np.generic) and copy is False:
            raise RuntimeError("can't alias NumPy scalars. Either remove copy=False or transform it in a ndarray. ")
        numpy_read_only = isinstance(obj, np.ndarray) and not obj.flags.writeable
        if obj.ndim:
            tensor = _sharing(obj)
        else:  # torch copies a NumPy scalar, and a 0-d array with it, whatever `copy` says
            tensor, force_copy = _sharing(np.array(obj)), False
    if tensor is None and not isinstance(obj, (builtins.list, builtins.tuple)):
        try:
            memoryview(obj)
        except TypeError:
            pass
        else:
            tensor = frombuffer(obj, dtype=dtype or _dtype.get_default_dtype())
    if tensor is None:
        if copy is False:
            raise ValueError("can't alias arbitrary sequence into a tensor.")
        return _finish(_data_of(obj, dtype), wants_grad)
    wrong_dtype = dtype is not None and dtype.np != tensor._data.dtype
    if force_copy or (copy is None and wrong_dtype):
        tensor = tensor.to(dtype or tensor.dtype, copy=force_copy) if wrong_dtype else tensor.clone()
    elif wrong_dtype:
        from ._dtype import scalar_type_name
        raise ValueError(f"can't alias tensor with dtype '{scalar_type_name(tensor._data.dtype)}' into dtype "
                         f"'{scalar_type_name(dtype.np)}'.")
    elif numpy_read_only:
        _warn_not_writable()
    if not wants_grad and not tensor.is_leaf:
        return tensor.detach()  # requires_grad cannot be unset on a computed tensor
    if wants_grad and tensor._data.dtype.kind != "f":
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    tensor.requires_grad = wants_grad  # on obj itself where it is returned as is, as torch's
    return tensor


def _factory_size(fn, sizes, size):
    """The shape given to a factory as ints (or one sequence) positionally, or as size= (a sequence), as
    torch's parser takes it."""
    if size is NO_SIZE:
        if not sizes:
            raise TypeError(f'{fn}() missing 1 required positional arguments: "size"')
        shape = int_list(sizes, fn, "size")
    else:
        if sizes:
            raise TypeError(f"{fn}() got multiple values for argument 'size'")
        shape = int_list((size,), fn, "size", None, sequence_only=True)
    if shape and min(shape) < 0:
        if fn == "zeros":  # (zeros words its own)
            raise RuntimeError("zeros: Dimension size must be non-negative.")
        _check_sizes(shape)
    return shape


def zeros(*sizes, size=NO_SIZE, dtype=None, device=None, requires_grad=False):
    return _finish(np.zeros(_factory_size("zeros", sizes, size), _np_dtype(dtype)), requires_grad, device)


def ones(*sizes, size=NO_SIZE, dtype=None, device=None, requires_grad=False):
    return _finish(np.ones(_factory_size("ones", sizes, size), _np_dtype(dtype)), requires_grad, device)


def empty(*sizes, size=NO_SIZE, dtype=None, device=None, requires_grad=False, memory_format=None):
    """An uninitialised tensor (zeros here), laid out in `memory_format` (contiguous by default)."""
    shape = _factory_size("empty", sizes, size)
    fmt = _memory_format.checked("empty", memory_format, _dtype.contiguous_format)
    if fmt is _dtype.preserve_format:
        raise RuntimeError("unsupported memory format Preserve")
    data = _memory_format.empty(np.empty(shape, np.bool_), _np_dtype(dtype), fmt)
    data[...] = 0
    return _finish(data, requires_grad, device)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    if isinstance(fill_value, np.generic):  # as torch's parser reads a Scalar: np.bool_ and np.complex64 as
        fill_value = _dtype.parsed_number(fill_value)  # floats, np.complex128 as a complex
    if dtype is None:
        if isinstance(fill_value, complex):
            raise NotImplementedError(_COMPLEX_DATA.format("full"))
        dtype = _dtype.scalar_dtype(fill_value)
    shape = _int_list(size, "full", "size", 1)
    _check_sizes(shape)
    return _finish(np.full(shape, _dtype.checked_scalar(fill_value, dtype.np), dtype.np), requires_grad, device)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    """A 0-d tensor holding the number `s`, of the default dtype unless `dtype` is given."""
    from .ops._op import number_argument  # (the op table imports this module)
    number = number_argument(s)
    if number is None:
        raise TypeError(f"scalar_tensor(): argument 's' (position 1) must be Number, not {type(s).__name__}")
    s = number
    dt = _np_dtype(dtype)
    return _finish(_dtype.checked_scalar(s, dt).copy(), requires_grad, device)


def _strided(size, stride, dt):
    """A zero-filled array with exactly these sizes and strides (in elements) over a memory of its own.
    As torch, a negative stride (on a dimension of one element) is replaced by the contiguous one."""
    _check_sizes(size)
    memory = np.zeros(_memory_format.checked_span(size, stride), dt)
    stride, inner = builtins.list(stride), 1
    for d in reversed(builtins.range(len(size))):
        if stride[d] < 0:
            stride[d] = inner
        inner = stride[d] * builtins.max(size[d], 1)
    return np.lib.stride_tricks.as_strided(memory, size, [st * memory.itemsize for st in stride])


def _empty_strided(fn, size, stride, dtype, device, requires_grad):
    size = _int_list(size, fn, "size", 1)
    stride = _int_list(stride, fn, "stride", 2)
    return _finish(_strided(size, stride, _np_dtype(dtype)), requires_grad, device)


def empty_strided(size, stride, *, dtype=None, device=None, requires_grad=False):
    """A tensor of the given sizes and strides (its values are zeros: pullback's empty memory)."""
    return _empty_strided("empty_strided", size, stride, dtype, device, requires_grad)


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, pin_memory=False,
                      requires_grad=False):
    """empty_strided with self's dtype unless `dtype` is given."""
    check_placement("new_empty_strided", layout, pin_memory)
    return _empty_strided("new_empty_strided", size, stride, dtype or self.dtype, device, requires_grad)


def empty_permuted(size, physical_layout, *, dtype=None, device=None, requires_grad=False):
    """An empty tensor of shape `size` whose memory holds its dims in the order `physical_layout`.

    The order is outermost first: (0, 2, 3, 1) is channels_last."""
    size = _int_list(size, "empty_permuted", "size", 1)
    layout = _int_list(physical_layout, "empty_permuted", "physical_layout", 2)
    n = len(size)
    if len(layout) != n:
        raise RuntimeError("Number of dimensions in size does not match the length of the physical_layout; i.e. "
                           f"len(size) = {n} is not equal to len(physical_layout) = {len(layout)}")
    seen = set()
    for i, d in enumerate(layout):
        if not 0 <= d < n:
            raise RuntimeError(f"Dimension out of range (expected to be between 0 and {n - 1}, but got {d} at index "
                               f"{i}).  NB: negative dims not currently supported; file an issue if you want it.")
        if d in seen:
            raise RuntimeError("Duplicate dim not allowed")
        seen.add(d)
    _check_sizes([size[d] for d in layout])
    stride = _memory_format.contiguous_strides(size, layout)  # contiguous in the physical order
    return _finish(_strided(size, stride, _np_dtype(dtype)), requires_grad, device)


def _laid_out_like(name, input, values, requires_grad, device, memory_format):
    """`values` (an array of input's shape, or 0-d) in a new array laid out as `input`
    (preserve_format) or in `memory_format`."""
    fmt = _memory_format.checked(name, memory_format, _dtype.preserve_format)
    out = _memory_format.empty(input._data, values.dtype, fmt)
    out[...] = values
    return _finish(out, requires_grad, device)


def _like(fn):
    name = fn.__name__ + "_like"

    def like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
        filled = fn((), dtype=dtype or input.dtype)._data  # the value and dtype fn fills with
        return _laid_out_like(name, input, filled, requires_grad, device, memory_format)
    like.__name__ = name
    like.__doc__ = f"{fn.__name__} with the shape (and by default dtype and layout) of `input`."
    return like


zeros_like = _like(zeros)
ones_like = _like(ones)
empty_like = _like(empty)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False, memory_format=None):
    """full with the shape (and by default dtype and layout) of `input`."""
    values = full((), fill_value, dtype=dtype or input.dtype)._data
    return _laid_out_like("full_like", input, values, requires_grad, device, memory_format)


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False):
    if end is None:
        start, end = 0, start
    start, end, step = values = tuple(v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    if dtype is None:  # (a 0-d tensor's value counts as the number it holds: arange(tensor(5)) is int64)
        dtype = _dtype.int64 if all(isinstance(v, (int, np.integer)) for v in values) else _dtype.get_default_dtype()
    if dtype.np.kind == "b":
        raise _dtype.not_implemented_for("arange_cpu", dtype)
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {_dtype.scalar_text(start)} -> {_dtype.scalar_text(end)}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = builtins.max(0, int(np.ceil((end - start) / step)))
    return _finish((start + np.arange(n, dtype=np.float64) * step).astype(dtype.np), requires_grad, device)


def _spacing_bounds(fn, start, end):
    """linspace's and logspace's start and end as numbers: a tensor must be 0-d, as torch's."""
    for name, bound in (("start", start), ("end", end)):
        if isinstance(bound, Tensor) and bound._data.ndim:
            raise RuntimeError(f"{fn} only supports 0-dimensional start and end tensors, but got {name} with "
                               f"{bound._data.ndim} dimension(s).")
    return tuple(v.item() if isinstance(v, Tensor) else v for v in (start, end))


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """`steps` points from start to end; like torch, the second half counts back from `end`.

    Behind torch's parser, as logspace: steps is an int, requires_grad a bool or None (False)."""
    start, end = _spacing_bounds("linspace", start, end)
    dt = _np_dtype(dtype)
    if dt.kind == "b":
        raise _dtype.not_implemented_for("linspace_cpu", dt)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if steps == 1:
        return _finish(np.array([start], dtype=dt), requires_grad, device)
    i = np.arange(steps, dtype=dt)
    start, end = dt.type(start), dt.type(end)
    step = (end - start) / dt.type(steps - 1) if steps > 1 else dt.type(0)
    if dt in (np.float32, np.float64):
        # torch's CPU kernel computes start + step*i (end - step*(steps-1-i) past halfway) as a
        # fused multiply-add: one rounding, so linspace(-1, 1, 7)[3] is -2.98e-08, not 0.
        out = np.where(i < steps // 2, _fma(step, i, start), _fma(-step, steps - 1 - i, end)).astype(dt)
    else:
        out = np.where(i < steps // 2, start + step * i, end - step * (steps - 1 - i)).astype(dt)
    return _finish(out, requires_grad, device)


def _fma(a, b, c):
    """a*b + c rounded once, for float32 or float64 a, b, c (elementwise, broadcast)."""
    dt = np.result_type(a, b, c)
    a, b, c = (np.asarray(v, np.float64) for v in (a, b, c))
    p = a * b
    if dt == np.float32:
        return (p + c).astype(np.float32)  # float32 products are exact in float64
    # float64: the product's rounding error by Veltkamp/Dekker, the sum's by TwoSum
    def split(v):
        t = 134217729.0 * v
        hi = t - (t - v)
        return hi, v - hi
    ah, al = split(a)
    bh, bl = split(b)
    ep = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    s = p + c
    bb = s - p
    es = (p - (s - bb)) + (c - bb)
    return s + (ep + es)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    """`steps` powers of `base`, their exponents evenly spaced from start to end.

    As torch's kernel, the second half of the exponents is counted back from `end`."""
    start, end = _spacing_bounds("logspace", start, end)
    dt = _np_dtype(dtype)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if dt.kind == "b":
        raise _dtype.not_implemented_for("logspace_cpu", dt)
    base = builtins.float(base)
    if steps == 1:  # torch fills with the power, refused where the dtype cannot hold it
        return _finish(_dtype.checked_scalar(_pow(base, [builtins.float(start)])[0], dt).reshape(1), requires_grad,
                       device)
    # torch's kernel: start and end in the dtype, their difference in the dtype's own arithmetic (an
    # integer's exactly), the exponents and the power in double
    first, last = (_dtype.checked_scalar(v, dt)[()] for v in (start, end))
    span = builtins.int(last) - builtins.int(first) if dt.kind in "iu" else last - first
    step = builtins.float(span) / (steps - 1)
    i = np.arange(steps)
    values = _pow(base, np.where(i < steps // 2, builtins.float(first) + step * i,
                                 builtins.float(last) - step * (steps - i - 1)))
    token = _fperrors.quiet()
    try:
        if dt.kind in "iu" and dt != np.int64:  # as C converts a double to a narrow integer: through int32
            values = values.astype(np.int32)
        values = values.astype(dt)
    finally:
        _fperrors.unquiet(token)
    return _finish(values, requires_grad, device)


def _pow(base, exponents):
    """base ** each exponent by the C library's pow, as torch's kernel calls it (NumPy's power can
    differ in the last bit)."""
    def one(e):
        try:
            return math.pow(base, e)
        except (ValueError, OverflowError):  # where C's pow gives nan or an infinity
            token = _fperrors.quiet()
            try:
                return builtins.float(np.power(base, e))
            finally:
                _fperrors.unquiet(token)
    return np.array([one(e) for e in np.asarray(exponents, np.float64).tolist()], np.float64)


def range(start, end, step=1, *, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """Deprecated (torch warns; use arange): values from start to end inclusive, `step` apart.

    Of the default dtype unless `dtype` is given, whatever the numbers."""
    if not isinstance(layout, _dtype.layout):  # (range takes no pin_memory and no layout=None: torch's binding)
        raise TypeError(f"range(): argument 'layout' must be torch.layout, not {type(layout).__name__}")
    warnings.warn("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).", UserWarning, stacklevel=_runtime.user_stacklevel())
    dt = _np_dtype(dtype)
    if dt.kind == "b":
        raise _dtype.not_implemented_for("range_cpu", dt)
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    if dt.kind in "iu":  # accumulated in int64, as torch's acc_type; numbers truncated toward zero
        acc = np.int64
        start, end, step = (builtins.int(_dtype.checked_scalar(v, acc)) for v in (start, end, step))
    else:  # in double, float16's in float
        acc = np.float32 if dt == np.float16 else np.float64
        start, end, step = (acc(v) for v in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(start) and math.isfinite(end)):
        raise RuntimeError(f"unsupported range: {builtins.float(start):g} -> {builtins.float(end):g}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = (end - start) // step + 1 if acc is np.int64 else builtins.int((end - start) / step + 1)
    values = start + np.arange(n, dtype=acc) * acc(step)
    return _finish(values.astype(dt), requires_grad, device)


def tril_indices(row, col, offset=0, *, dtype=None, device=None, requires_grad=False):
    """The (row, column) indices of a row x col matrix's lower triangle, as a 2 x N tensor.

    The triangle is on and below the diagonal `offset`, listed row by row."""
    return _triangle_indices("tril_indices", row, col, offset, dtype, device, requires_grad, np.tril_indices)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, requires_grad=False):
    """The (row, column) indices of a row x col matrix's upper triangle, as a 2 x N tensor.

    The triangle is on and above the diagonal `offset`, listed row by row."""
    return _triangle_indices("triu_indices", row, col, offset, dtype, device, requires_grad, np.triu_indices)


def _triangle_indices(name, row, col, offset, dtype, device, requires_grad, indices):
    row, col = _int_arg(row, name, "row", 1), _int_arg(col, name, "col", 2)
    offset = _int_arg(offset, name, "offset", 3)
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    dt = (dtype or _dtype.int64).np
    if dt not in (np.int64, np.int32):
        raise _dtype.not_implemented_for(name, dt)
    return _finish(np.stack(indices(row, offset, col)).astype(dt), requires_grad, device)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    for name, size in (("n", n), ("m", m)):
        if size is not None and size < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {size}")
    return _finish(np.eye(n, m, dtype=_np_dtype(dtype)), requires_grad, device)


# ---------------------------------------------------------------- windows
# Each is torch's composition of in-place ops on arange(N) in the dtype (N one longer when periodic,
# the last point then dropped); a float16 window is computed op by op in float32, rounded after each.
def _window(name, window_length, periodic, dtype, device, requires_grad, shape):
    window_length = _int_arg(window_length, name, "window_length", 1)
    periodic = _bool_arg(periodic, name, "periodic", 2)
    dt = _np_dtype(dtype)
    if dt.kind != "f":
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype={_dtype.cpp_type_name(dt)}, "
                           "device=cpu, layout=Strided (default), requires_grad=false (default), pinned_memory=false, "
                           "memory_format=(nullopt))")
    if window_length < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={window_length}")
    if window_length <= 1:
        return _finish(np.ones(window_length, dt), requires_grad, device)
    n = window_length + periodic
    number = np.float64 if dt == np.float64 else np.float32  # the dtype's opmath type

    def op(x, scale=None, shift=None):
        """x * scale + shift as torch's mul_ and add_ with numbers, each rounded to the dtype: mul_
        takes the number in the opmath type, add_ in the dtype."""
        if scale is not None:
            x = (x * number(scale)).astype(dt)
        return x if shift is None else (x + dt.type(shift)).astype(dt)
    window = shape(np.arange(n, dtype=dt), n, op, number)
    return _finish(window[:-1] if periodic else window, requires_grad, device)


def hann_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The Hann window 0.5 - 0.5 cos(2 pi n / (N - 1)).

    periodic (the default): the window of N + 1 points less its last."""
    return _window("hann_window", window_length, periodic, dtype, device, requires_grad,
                   lambda x, n, op, number: _hamming(x, n, op, 0.5, 0.5))


def hamming_window(window_length, periodic=True, alpha=0.54, beta=0.46, *, dtype=None, device=None,
                   requires_grad=False):
    """The Hamming window alpha - beta cos(2 pi n / (N - 1)).

    periodic (the default): the window of N + 1 points less its last."""
    return _window("hamming_window", window_length, periodic, dtype, device, requires_grad,
                   lambda x, n, op, number: _hamming(x, n, op, builtins.float(alpha), builtins.float(beta)))


def _hamming(x, n, op, alpha, beta):
    return op(np.cos(op(x, math.pi * 2.0 / (n - 1))), -beta, alpha)


def bartlett_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The triangular Bartlett window 1 - |2n / (N - 1) - 1|.

    periodic (the default): the window of N + 1 points less its last."""
    def shape(x, n, op, number):
        x = op(x, 2.0 / (n - 1))
        half = ((n - 1) >> 1) + 1
        x[half:] = op(x[half:], -1.0, 2.0)
        return x
    return _window("bartlett_window", window_length, periodic, dtype, device, requires_grad, shape)


def blackman_window(window_length, periodic=True, *, dtype=None, device=None, requires_grad=False):
    """The Blackman window 0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1)).

    periodic (the default): the window of N + 1 points less its last."""
    def shape(x, n, op, number):
        x = op(x, math.pi / (n - 1))
        return op(op(np.cos(op(x, 4.0)), 0.08) - op(np.cos(op(x, 2.0)), 0.5), shift=0.42)
    return _window("blackman_window", window_length, periodic, dtype, device, requires_grad, shape)


def kaiser_window(window_length, periodic=True, beta=12.0, *, dtype=None, device=None, requires_grad=False):
    """The Kaiser window I0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / I0(beta).

    periodic (the default): the window of N + 1 points less its last."""
    from .ops.special import _bessel_i

    def shape(x, n, op, number):  # torch's kernel, in the dtype's opmath type
        alpha, b = number((n - 1) / 2.0), number(beta)
        t = b * np.sqrt(np.abs(1 - np.power((x.astype(number) - alpha) / alpha, number(2.0))))
        return (_bessel_i(t, 0, False) / _bessel_i(np.asarray(b), 0, False)).astype(x.dtype)
    return _window("kaiser_window", window_length, periodic, dtype, device, requires_grad, shape)


# ---------------------------------------------------------------- random
_DEFAULT_SEED = 67280421310721  # the seed of a new torch.Generator


def _fresh_seed():
    return int(np.random.SeedSequence().entropy % (2 ** 63))


def _seed_value(seed):
    """A seed as torch's generator takes it: an int from -2**63 to 2**64 - 1, negatives wrapping to 64 bits."""
    seed = builtins.int(seed)
    if not -2 ** 63 <= seed < 2 ** 64:
        raise ValueError("Overflow when unpacking long long")
    return seed % 2 ** 64


# the global generator starts from fresh entropy in each process, as torch's does
_initial_seed = [_fresh_seed()]
_rng = [_torch_random.engine(_initial_seed[0])]
_normal_cache = [None]


def _checked_state(new_state):
    """A get_state() tensor's bytes, refused as torch refuses anything else."""
    if not isinstance(new_state, Tensor):
        raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
    if new_state._data.dtype != np.uint8:
        raise TypeError("RNG state must be a torch.ByteTensor")
    if new_state._data.size != _torch_random.STATE_SIZE:
        raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_torch_random.STATE_SIZE} but found the input "
                           f"RNG state size to be {new_state._data.size}")
    return np.ascontiguousarray(new_state._data).reshape(-1)


class Generator:
    """A random-number generator object, as torch.Generator: torch's CPU engine (MT19937) seeded as torch seeds
    it, from which rand, randn, randint, randperm, the in-place samplers, bernoulli and multinomial draw
    torch's numbers (pullback._torch_random)."""

    def __init__(self, device="cpu"):
        self.manual_seed(_DEFAULT_SEED)

    @property
    def device(self):
        from ._tensor import device
        return device("cpu")

    def manual_seed(self, seed):
        self._seed = _seed_value(seed)
        self._rng = _torch_random.engine(self._seed)
        self._normal_cache = None
        return self

    def seed(self):
        """Seed from fresh entropy; returns the seed."""
        self.manual_seed(_fresh_seed())
        return self._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The generator's state as a uint8 tensor (torch's layout: torch's generators take it too)."""
        return Tensor._wrap(_torch_random.get_state(self))

    def set_state(self, new_state):
        _torch_random.set_state(self, _checked_state(new_state))
        return self


class _DefaultGenerator(Generator):
    """torch.default_generator: the global generator that manual_seed seeds and rand/randn use."""

    def __init__(self):
        pass

    _rng = property(lambda self: _rng[0], lambda self, value: _rng.__setitem__(0, value))
    _seed = property(lambda self: _initial_seed[0], lambda self, value: _initial_seed.__setitem__(0, value))
    _normal_cache = property(lambda self: _normal_cache[0], lambda self, value: _normal_cache.__setitem__(0, value))


default_generator = _DefaultGenerator()


def manual_seed(seed):
    """Seed the global generator: the same seed gives torch's numbers (see Generator)."""
    return default_generator.manual_seed(seed)


def seed():
    """Seed the global generator from fresh entropy; returns the seed."""
    return default_generator.seed()


def initial_seed():
    """The seed the global generator was last seeded with."""
    return default_generator.initial_seed()


def get_rng_state():
    """The global generator's state as a uint8 tensor, for set_rng_state."""
    return default_generator.get_state()


def set_rng_state(new_state):
    """Restore the global generator from a get_rng_state() tensor."""
    default_generator.set_state(new_state)


def _generator(generator):
    """The pullback Generator `generator` stands for (None: the global one)."""
    return default_generator if generator is None else generator


def _gen(generator):
    """The NumPy Generator on `generator`'s engine, for the samplers that draw by NumPy's methods."""
    return _generator(generator)._rng


def _floating_kernel(dtype, kernel):
    dt = _np_dtype(dtype)
    if dt.kind != "f":
        raise _dtype.not_implemented_for(kernel, dt)
    return dt


def rand(*sizes, size=NO_SIZE, generator=None, dtype=None, device=None, requires_grad=False):
    shape = _factory_size("rand", sizes, size)
    dt = _floating_kernel(dtype, "check_uniform_bounds")
    return _finish(_torch_random.uniform(_generator(generator), shape, dt, 0.0, 1.0), requires_grad, device)


def randn(*sizes, size=NO_SIZE, generator=None, dtype=None, device=None, requires_grad=False):
    shape = _factory_size("randn", sizes, size)
    dt = _floating_kernel(dtype, "normal_kernel_cpu")
    return _finish(_torch_random.normal(_generator(generator), shape, dt, 0.0, 1.0), requires_grad, device)


def randint(low, high=None, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    if size is None and isinstance(high, (tuple, list)):
        high, size = None, high  # randint(high, size)
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional arguments: \"size\"")
    dtype = dtype or _dtype.int64
    shape = _int_list(size, "randint", "size", 2)
    _check_random_range(low, high, dtype)
    _check_sizes(shape)  # (the tensor is made, then random_ checks the range)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    values = _torch_random.integers(_generator(generator), shape, dtype.np, low, high - low)
    return _finish(values, requires_grad, device)


def _check_random_range(low, high, dtype):
    """torch's check_from_to: the bounds of random integers `low` .. `high` - 1 fit `dtype`."""
    d = dtype.np
    lowest, highest = (0, 1) if d.kind == "b" else (np.iinfo(d).min, np.iinfo(d).max) if d.kind in "iu" else \
        (-np.finfo(d).max, np.finfo(d).max)
    if low < lowest or low > highest:
        raise RuntimeError(f"from is out of bounds for {_dtype.cpp_type_name(d)}")
    if high - 1 < lowest or high - 1 > highest:
        raise RuntimeError(f"to - 1 is out of bounds for {_dtype.cpp_type_name(d)}")


def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    if dtype is not None and dtype.np.kind == "b":
        raise _dtype.not_implemented_for("randperm", dtype)
    _check_sizes([n])
    perm = _torch_random.permutation(_generator(generator), builtins.int(n))
    return _finish(perm.astype((dtype or _dtype.int64).np), requires_grad, device)


def rand_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None):
    """rand with the shape (and by default dtype and layout) of `input`."""
    values = rand(*input._data.shape, generator=generator, dtype=dtype or input.dtype)._data
    return _laid_out_like("rand_like", input, values, requires_grad, device, memory_format)


def randn_like(input, *, generator=None, dtype=None, device=None, requires_grad=False, memory_format=None):
    """randn with the shape (and by default dtype and layout) of `input`."""
    values = randn(*input._data.shape, generator=generator, dtype=dtype or input.dtype)._data
    return _laid_out_like("randn_like", input, values, requires_grad, device, memory_format)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, device=None, requires_grad=False,
                 memory_format=None):
    """Integers drawn uniformly from [low, high), with the shape (and by default dtype and layout) of `input`.

    Given one bound, it is `high` and low is 0."""
    if high is None:
        low, high = 0, low
        if isinstance(high, Tensor):  # (torch's overload taking a tensor high: its value, truncated)
            if high._data.ndim:
                raise RuntimeError("high must be a scalar tensor and on CPU")
            high = builtins.int(high.item())
    low, high = _int_arg(low, "randint_like", "low"), _int_arg(high, "randint_like", "high")
    out = _laid_out_like("randint_like", input, np.zeros((), (dtype or input.dtype).np), False, device, memory_format)
    out.random_(low, high, generator=generator)  # torch's composition: empty_like(...).random_(low, high)
    return _finish(out._data, requires_grad, device)


def _with_out(fn, resize_warning=None):
    """A factory taking torch's `out=`: the new values fill the given tensor (in its dtype, which a
    given `dtype` must be), resized to them silently unless `resize_warning(out, result)` says more."""

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        from .ops import _grad_enabled, _write_out
        from ._dtype import scalar_type_name
        dtype = kwargs.get("dtype")
        if dtype is not None and dtype.np != out._data.dtype:
            raise RuntimeError(f"dtype {scalar_type_name(dtype.np)} does not match dtype of out parameter "
                               f"({scalar_type_name(out._data.dtype)})")
        if out.requires_grad and _grad_enabled():
            raise RuntimeError(f"aten::{fn.__name__}(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        kwargs["dtype"] = out.dtype
        result = fn(*args, **kwargs)
        if resize_warning is not None and out._data.size and out._data.size != result._data.size:
            warnings.warn(resize_warning(out, result), UserWarning, stacklevel=2)
        _write_out(out, result, warn_resize=False)
        return out
    return wrapper


def _arange_resized(out, result):
    n = result._data.size
    return (f"The number of elements in the out tensor of shape {list(out.shape)} is {out._data.size} which does not "
            f"match the computed number of elements {n}. Note that this may occur as a result of rounding error. "
            f"The out tensor will be resized to a tensor of shape ({n},).")


arange = _with_out(arange, _arange_resized)
zeros, ones, empty, full, linspace, logspace, range, eye, rand, randn, randint, randperm = (
    _with_out(f) for f in (zeros, ones, empty, full, linspace, logspace, range, eye, rand, randn, randint, randperm))
