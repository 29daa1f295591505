"""Process-wide settings PyTorch scripts make (threads, matmul precision, determinism, compile).
pullback computes with NumPy on the CPU: these record the setting and validate it as torch does.
The intra-op thread count is the most threads a large elementwise op is split across
(ops/_parallel.py); NumPy's own BLAS decides its threads for matrix products."""
import math
import os
import warnings

inf, nan, pi, e = math.inf, math.nan, math.pi, math.e

_settings = {"threads": os.cpu_count() or 1, "interop": os.cpu_count() or 1, "precision": "highest",
             "deterministic": False, "warn_only": False}


def set_num_threads(num_threads):
    """The most threads a large elementwise op is split across (NumPy's BLAS keeps its own count)."""
    if not isinstance(num_threads, int) or num_threads <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _settings["threads"] = num_threads


def get_num_threads():
    """The number set by set_num_threads (default: the CPU count)."""
    return _settings["threads"]


def set_num_interop_threads(num_threads):
    """Record the inter-op thread count."""
    if not isinstance(num_threads, int) or num_threads <= 0:
        raise RuntimeError("Expected positive number of threads")
    _settings["interop"] = num_threads


def get_num_interop_threads():
    """The number set by set_num_interop_threads (default: the CPU count)."""
    return _settings["interop"]


def set_float32_matmul_precision(precision):
    """Record 'highest', 'high' or 'medium' (NumPy computes float32 products in float32 either way)."""
    if precision not in ("highest", "high", "medium"):
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      "setFloat32MatmulPrecision call has no effect.")
        return
    _settings["precision"] = precision


def get_float32_matmul_precision():
    """The precision set by set_float32_matmul_precision (default 'highest')."""
    return _settings["precision"]


def use_deterministic_algorithms(mode, *, warn_only=False):
    """pullback's ops are deterministic whatever the setting."""
    _settings["deterministic"], _settings["warn_only"] = bool(mode), bool(warn_only)


def are_deterministic_algorithms_enabled():
    """Whether use_deterministic_algorithms(True) was called."""
    return _settings["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    """Whether use_deterministic_algorithms(..., warn_only=True) was called."""
    return _settings["warn_only"]


def compile(model=None, **kwargs):
    """torch.compile: there is no compiler here, so the model (or function) runs as it is."""
    if model is None:
        return lambda m: m
    return model


def typename(obj, /):
    """'torch.FloatTensor' for a tensor, else the object's module-qualified type name."""
    from ._tensor import Tensor
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module, qualname = obj.__class__.__module__ or "", obj.__class__.__qualname__
    return qualname if module in ("", "builtins") else f"{module}.{qualname}"


default_device = None  # a non-CPU device named by set_default_device: making a tensor then fails


def set_default_device(device):
    """Set the device new tensors are made on (only the CPU can hold them).

    Another device is recorded, as torch does, and making a tensor (or get_default_device) then raises
    torch's error for that device."""
    global default_device
    from ._tensor import device as _device
    d = None if device is None else _device(device)
    default_device = None if d is None or d.type == "cpu" else d


def get_default_device():
    """The device new tensors are made on: the CPU."""
    from ._tensor import _CPU, _check_device
    if default_device is not None:
        _check_device(default_device)
    return _CPU
