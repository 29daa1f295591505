"""torch.autocast and the autocast switches. pullback never casts ops under autocast: enabling it
for the CPU (the one device tensors live on here) raises; for other devices, whose autocast reaches
no tensor here, the switches are kept as torch keeps them."""
import collections
import functools
import warnings

import numpy as np

from .. import _dtype
from .._tensor import Tensor, device as _device

__all__ = ["autocast_decorator", "autocast", "is_autocast_available", "custom_fwd", "custom_bwd"]

_AVAILABLE = ("cpu", "cuda", "ipu", "xpu", "maia", "xla", "mps", "hpu", "mtia", "privateuseone")
# torch's default fast dtypes; bfloat16 (cpu, maia, xla, hpu) does not exist here: None stands for it
_dtypes = {d: _dtype.float16 for d in _AVAILABLE}
_dtypes.update(cpu=None, maia=None, xla=None, hpu=None)
_enabled = dict.fromkeys(_AVAILABLE, False)
_cache = [True]
_nesting = [0]


def _cpu_casting_error(dtype):
    name = "torch.bfloat16" if dtype is None else str(dtype)
    return NotImplementedError(f"pullback does not cast ops under autocast: CPU autocast to {name} is not "
                               "supported (run the model in float32, or pass enabled=False)")


def is_autocast_available(device_type):
    """Whether autocast can be used for device_type."""
    return _device(device_type).type in _AVAILABLE


def _checked(device_type):
    device_type = _device(device_type).type
    if device_type not in _AVAILABLE:
        raise RuntimeError("unknown device type for autocast in get_autocast_dispatch_key_from_device_type")
    return device_type


def is_autocast_enabled(device_type=None):
    """Whether autocast is on for device_type (by default "cuda")."""
    return _enabled[_checked(device_type or "cuda")]


def set_autocast_enabled(*args, **kwargs):
    """set_autocast_enabled(device_type, enabled), or set_autocast_enabled(enabled) for "cuda".

    Positionally or by those names, as torch's two overloads."""
    unexpected = set(kwargs) - {"device_type", "enabled"}
    if unexpected or len(args) + len(kwargs) > 2 or (len(args) == 2 and kwargs) or (args and "device_type" in kwargs):
        raise TypeError("set_autocast_enabled() received an invalid combination of arguments: expected (bool enabled) "
                        "or (str device_type, bool enabled)")
    if "enabled" not in kwargs and len(args) + len(kwargs) < (2 if "device_type" in kwargs else 1):
        raise TypeError('set_autocast_enabled() missing 1 required positional arguments: "enabled"')
    args = args + tuple(kwargs[k] for k in ("device_type", "enabled") if k in kwargs)
    device_type, enabled = args if len(args) == 2 else ("cuda",) + args
    if not isinstance(enabled, bool):
        raise TypeError(f"set_autocast_enabled(): argument 'enabled' (position {len(args)}) must be bool, not "
                        f"{type(enabled).__name__}")
    device_type = _checked(device_type)
    if enabled and device_type == "cpu":
        raise _cpu_casting_error(_dtypes["cpu"])
    _enabled[device_type] = enabled


def get_autocast_dtype(device_type):
    """The dtype autocast casts to on device_type (None for torch's bfloat16, absent here)."""
    device_type = _device(device_type).type
    if device_type not in _dtypes:
        raise RuntimeError("unsupported scalarType")
    return _dtypes[device_type]


def set_autocast_dtype(device_type, dtype):
    """Set the dtype autocast casts to on device_type."""
    _dtypes[_device(device_type).type] = dtype


def is_autocast_cache_enabled():
    """Whether autocast caches casted weights (nothing is cast here, so nothing is cached)."""
    return _cache[0]


def set_autocast_cache_enabled(enabled, /):
    """Set whether autocast caches casted weights."""
    _cache[0] = enabled


def autocast_increment_nesting():
    """One autocast block deeper; returns the depth."""
    _nesting[0] += 1
    return _nesting[0]


def autocast_decrement_nesting():
    """One autocast block out; returns the depth."""
    _nesting[0] -= 1
    return _nesting[0]


def clear_autocast_cache():
    """Drop the autocast cache (always empty here)."""


def autocast_decorator(autocast_instance, func):
    """func run inside autocast_instance."""
    @functools.wraps(func)
    def decorate_autocast(*args, **kwargs):
        with autocast_instance:
            return func(*args, **kwargs)
    return decorate_autocast


class autocast:
    """Mixed-precision context manager and decorator; CPU casting to float16/bfloat16 raises here.

    enabled=False, other devices' autocast and torch's unsupported-dtype fallbacks behave as torch's."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        self.fast_dtype = get_autocast_dtype(device_type) if dtype is None else dtype
        self.device = device_type
        if not is_autocast_available(self.device):
            raise RuntimeError(f"User specified an unsupported autocast device_type '{self.device}'")
        self._cache_enabled = is_autocast_cache_enabled() if cache_enabled is None else cache_enabled
        if enabled:
            if self.device == "cuda":
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
                enabled = False
            elif self.fast_dtype is not None and self.fast_dtype != _dtype.float16:
                name = self.device.upper()
                warnings.warn(f"In {name} autocast, but the target dtype is not supported. Disabling autocast.\n"
                              f"{name} Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                              stacklevel=2)
                enabled = False
            elif self.device == "cpu":
                raise _cpu_casting_error(self.fast_dtype)
        self._enabled = enabled

    def __enter__(self):
        self.prev_cache_enabled = is_autocast_cache_enabled()
        self.prev = is_autocast_enabled(self.device)
        self.prev_fastdtype = get_autocast_dtype(self.device)
        set_autocast_enabled(self.device, self._enabled)
        set_autocast_dtype(self.device, self.fast_dtype)
        autocast_increment_nesting()
        set_autocast_cache_enabled(self._cache_enabled)
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if autocast_decrement_nesting() == 0:
            clear_autocast_cache()
        set_autocast_enabled(self.device, self.prev)
        set_autocast_dtype(self.device, self.prev_fastdtype)
        set_autocast_cache_enabled(self.prev_cache_enabled)
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(f"autocast()(func) requires a callable, but got {type(func).__name__}. Did you mean to "
                            "use autocast as a context manager? For example:\n    with torch.autocast(device_type=...):"
                            "\n        output = model(input)")
        return autocast_decorator(self, func)


def _cast(value, device_type, dtype):
    if isinstance(value, Tensor):
        eligible = value.is_floating_point() and value.device.type == device_type and value.dtype is not _dtype.float64
        return value.to(dtype) if eligible else value
    if isinstance(value, (str, bytes, np.ndarray)):
        return value
    if isinstance(value, collections.abc.Mapping):
        return {_cast(k, device_type, dtype): _cast(v, device_type, dtype) for k, v in value.items()}
    if isinstance(value, collections.abc.Iterable):
        iterable = (_cast(v, device_type, dtype) for v in value)
        return type(value)(iterable) if isinstance(value, (list, tuple)) else iterable
    return value


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorator for a custom autograd Function's forward, recording the autocast state for custom_bwd.

    Given cast_inputs, forward runs with autocast off on its inputs cast to that dtype."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        args[0]._dtype = get_autocast_dtype(device_type)
        if cast_inputs is None:
            args[0]._fwd_used_autocast = is_autocast_enabled(device_type)
            return fwd(*args, **kwargs)
        autocast_context = is_autocast_enabled(device_type)
        args[0]._fwd_used_autocast = False
        if autocast_context:
            with autocast(device_type=device_type, enabled=False):
                return fwd(*_cast(args, device_type, cast_inputs), **_cast(kwargs, device_type, cast_inputs))
        return fwd(*args, **kwargs)
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorator for a custom autograd Function's backward: runs it under the autocast state of its forward."""
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        with autocast(device_type=device_type, enabled=args[0]._fwd_used_autocast, dtype=args[0]._dtype):
            return bwd(*args, **kwargs)
    return decorate_bwd
