"""Tensor creation: from data, filled, ranges, random (NumPy's generator, seeded by manual_seed)."""
import builtins

import numpy as np

from . import _dtype, _memory_format, _runtime
from ._tensor import Tensor, _check_nested, _unwrap_nested


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
    return t


def _size(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    return tuple(int(s) for s in size)


def _infer_dtype(arr):
    """torch.tensor's dtype inference: Python floats -> default dtype, ints -> int64."""
    kind = arr.dtype.kind
    if kind == "f":
        return _dtype.get_default_dtype().np
    if kind in "iu":
        return np.int64
    if kind == "b":
        return np.bool_
    raise TypeError(f"Could not infer dtype of {arr.dtype}")


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new leaf tensor holding a copy of `data` (nested lists, numbers, arrays or tensors)."""
    if isinstance(data, Tensor):
        import warnings
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
                      "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        arr = data._data.copy()
        if dtype is not None:
            arr = arr.astype(dtype.np)
    elif isinstance(data, np.ndarray) or isinstance(data, np.generic):
        arr = np.array(data, dtype=dtype.np if dtype is not None else None)
        if dtype is None and arr.dtype not in _dtype._from_numpy:
            arr = arr.astype(_infer_dtype(arr))
    else:
        try:
            arr = np.array(_unwrap_nested(data))
        except ValueError:
            _check_nested(data)
            raise ValueError("expected sequence of equal-length lists") from None
        if arr.dtype == object or arr.dtype.kind in "US":
            _refuse_leaf(data)
        target = np.dtype(dtype.np if dtype is not None else _infer_dtype(arr))
        if arr.size and target.kind in "iu" and arr.dtype.kind in "iuf":
            _check_int_range(arr, target)
        arr = arr.astype(target, copy=False)
    if device is not None:
        from ._tensor import _check_device
        _check_device(device)
    return _finish(arr, requires_grad, device)


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


def _refuse_leaf(data):
    """torch's error for data holding something other than numbers: a string's TypeError, or
    the RuntimeError that names the first leaf whose dtype cannot be inferred."""
    def first_bad(x):
        if isinstance(x, (list, tuple)):
            for item in x:
                found = first_bad(item)
                if found is not None:
                    return found
            return None
        return None if isinstance(x, (int, float, bool, complex, np.number, np.bool_, Tensor)) else x

    leaf = first_bad(data)
    if isinstance(leaf, str):
        raise TypeError("new(): invalid data type 'str'")
    _check_nested(data, leaves=False)
    raise RuntimeError(f"Could not infer dtype of {type(leaf).__name__}")


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor) and (dtype is None or data.dtype is dtype):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtype.np):
        return from_numpy(data)
    return tensor(data, dtype=dtype)


def from_numpy(ndarray):
    """A tensor sharing memory with `ndarray`."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    _dtype.from_numpy_dtype(ndarray.dtype)
    return Tensor._wrap(ndarray)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    return _finish(np.zeros(_size(size), _np_dtype(dtype)), requires_grad, device)


def ones(*size, dtype=None, device=None, requires_grad=False):
    return _finish(np.ones(_size(size), _np_dtype(dtype)), requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False):
    return _finish(np.zeros(_size(size), _np_dtype(dtype)), requires_grad, device)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value)
    return _finish(np.full(_size((size,)), _dtype.checked_scalar(fill_value, dtype.np), dtype.np), requires_grad, device)


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
    values = (start, end, step)
    if dtype is None:
        dtype = _dtype.int64 if all(isinstance(v, (int, np.integer)) for v in values) else _dtype.get_default_dtype()
    if step == 0:
        raise RuntimeError("step must be nonzero")
    n = builtins.max(0, int(np.ceil((end - start) / step)))
    return _finish((start + np.arange(n, dtype=np.float64) * step).astype(dtype.np), requires_grad, device)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """`steps` points from start to end; like torch, the second half counts back from `end`."""
    dt = _np_dtype(dtype)
    steps = int(steps)
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


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    return _finish(np.eye(n, m, dtype=_np_dtype(dtype)), requires_grad, device)


# ---------------------------------------------------------------- random
_DEFAULT_SEED = 67280421310721  # the seed of a new torch.Generator


def _fresh_seed():
    return int(np.random.SeedSequence().entropy % (2 ** 63))


# the global generator starts from fresh entropy in each process, as torch's does
_initial_seed = [_fresh_seed()]
_rng = [np.random.default_rng(_initial_seed[0])]


def _encode_state(bit_generator_state, seed):
    import json
    raw = json.dumps({"pullback_rng": 1, "seed": seed, "state": bit_generator_state}).encode()
    return Tensor._wrap(np.frombuffer(raw, dtype=np.uint8).copy())


def _decode_state(new_state):
    import json
    if not isinstance(new_state, Tensor):
        raise TypeError(f"expected a torch.ByteTensor, but got {type(new_state).__name__}")
    if new_state._data.dtype != np.uint8:
        raise TypeError("RNG state must be a torch.ByteTensor")
    try:
        state = json.loads(new_state._data.tobytes().decode())
        if state.get("pullback_rng") != 1:
            raise ValueError
        np.random.default_rng().bit_generator.state = state["state"]  # validates it
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        raise RuntimeError("Expected an RNG state from get_rng_state()/get_state() but found the input RNG state "
                           f"size to be {new_state._data.size}") from None
    return state


class Generator:
    """A random-number generator object, as torch.Generator (NumPy's PCG64: other numbers, same reproducibility)."""

    def __init__(self, device="cpu"):
        self._rng = np.random.default_rng(_DEFAULT_SEED)
        self._seed = _DEFAULT_SEED

    @property
    def device(self):
        from ._tensor import device
        return device("cpu")

    def manual_seed(self, seed):
        self._seed = int(seed)
        self._rng = np.random.default_rng(self._seed)
        return self

    def seed(self):
        """Seed from fresh entropy; returns the seed."""
        self.manual_seed(_fresh_seed())
        return self._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        """The generator's state as a uint8 tensor, for set_state."""
        return _encode_state(self._rng.bit_generator.state, self._seed)

    def set_state(self, new_state):
        state = _decode_state(new_state)
        rng = np.random.default_rng()
        rng.bit_generator.state = state["state"]
        self._rng, self._seed = rng, state["seed"]
        return self


class _DefaultGenerator(Generator):
    """torch.default_generator: the global generator that manual_seed seeds and rand/randn use."""

    def __init__(self):
        pass

    _rng = property(lambda self: _rng[0], lambda self, value: _rng.__setitem__(0, value))
    _seed = property(lambda self: _initial_seed[0], lambda self, value: _initial_seed.__setitem__(0, value))


default_generator = _DefaultGenerator()


def manual_seed(seed):
    """Seed the global generator (the numbers differ from torch's, the reproducibility does not)."""
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


def _gen(generator):
    return generator._rng if generator is not None else _rng[0]


_KERNEL_TYPE_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
                      "bool": "Bool"}


def _floating_kernel(dtype, kernel):
    dt = _np_dtype(dtype)
    if dt.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_KERNEL_TYPE_NAMES[dt.name]}\'')
    return dt


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    dt = _floating_kernel(dtype, "check_uniform_bounds")
    return _finish(_gen(generator).random(_size(size)).astype(dt), requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    dt = _floating_kernel(dtype, "normal_kernel_cpu")
    return _finish(_gen(generator).standard_normal(_size(size)).astype(dt), requires_grad, device)


def randint(low, high=None, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    if size is None and isinstance(high, (tuple, list)):
        high, size = None, high  # randint(high, size)
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional arguments: \"size\"")
    dtype = dtype or _dtype.int64
    return _finish(_gen(generator).integers(low, high, _size((size,))).astype(dtype.np), requires_grad, device)


def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    if dtype is not None and dtype.np.kind == "b":
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    return _finish(_gen(generator).permutation(int(n)).astype((dtype or _dtype.int64).np), requires_grad, device)


def rand_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """rand with the shape (and by default dtype and layout) of `input`."""
    values = rand(*input._data.shape, dtype=dtype or input.dtype)._data
    return _laid_out_like("rand_like", input, values, requires_grad, device, memory_format)


def randn_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """randn with the shape (and by default dtype and layout) of `input`."""
    values = randn(*input._data.shape, dtype=dtype or input.dtype)._data
    return _laid_out_like("randn_like", input, values, requires_grad, device, memory_format)


def _with_out(fn):
    """A factory taking torch's `out=`: the new values fill the given tensor (in its dtype unless
    `dtype` is given), which is returned."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = out.dtype
        from .ops import _write_out
        _write_out(out, fn(*args, **kwargs))
        return out
    return wrapper


zeros, ones, empty, full, arange, linspace, eye, rand, randn, randint, randperm = (
    _with_out(f) for f in (zeros, ones, empty, full, arange, linspace, eye, rand, randn, randint, randperm))
