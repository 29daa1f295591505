"""Process-wide settings PyTorch scripts make (threads, matmul precision, determinism, compile).
pullback computes with NumPy on the CPU: these record the setting and validate it as torch does.
The intra-op thread count is the most threads a large elementwise op is split across
(ops/_parallel.py); NumPy's own BLAS decides its threads for matrix products."""
import math
import os
import sys
import warnings

inf, nan, pi, e = math.inf, math.nan, math.pi, math.e

_settings = {"threads": os.cpu_count() or 1, "interop": os.cpu_count() or 1, "precision": "highest",
             "deterministic": False, "warn_only": False, "warn_always": False}

# what the build offers, as torch's flags say it of its own: LAPACK (NumPy's, behind linalg), but no
# FFT module, no MKL and no OpenMP (large ops are split across Python threads, ops/_parallel.py)
has_lapack, has_spectral, has_mkl, has_openmp = True, False, False, False


def set_num_threads(num_threads, /):
    """The most threads a large elementwise op is split across (NumPy's BLAS keeps its own count)."""
    if not isinstance(num_threads, int) or num_threads <= 0:
        raise RuntimeError("set_num_threads expects a positive integer")
    _settings["threads"] = num_threads


def get_num_threads():
    """The number set by set_num_threads (default: the CPU count)."""
    return _settings["threads"]


def set_num_interop_threads(num_threads, /):
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


def set_deterministic_debug_mode(debug_mode):
    """use_deterministic_algorithms by level: "default" or 0 (off), "warn" or 1 (warn only), "error" or 2."""
    if not isinstance(debug_mode, (int, str)):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if isinstance(debug_mode, str):
        if debug_mode not in ("default", "warn", "error"):
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got "
                               f"{debug_mode}")
        debug_mode = ("default", "warn", "error").index(debug_mode)
    if debug_mode not in (0, 1, 2):
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}")
    use_deterministic_algorithms(debug_mode > 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    """The level set_deterministic_debug_mode (or use_deterministic_algorithms) set: 0, 1 or 2."""
    if not _settings["deterministic"]:
        return 0
    return 1 if _settings["warn_only"] else 2


def set_warn_always(b, /):
    """Make the warnings torch gives once per process appear every time (True), or once again (False)."""
    if not isinstance(b, bool):
        raise RuntimeError(f"setWarnOnlyOnce expects a bool, but got {type(b).__name__}")
    _settings["warn_always"] = b


def is_warn_always_enabled():
    """Whether set_warn_always(True) is in effect."""
    return _settings["warn_always"]


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def user_stacklevel():
    """The warnings.warn stacklevel, seen from its caller, of the first frame outside pullback: torch's
    warning names the user's line (`out.sum().backward()`), however deep in the library it fires."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR + os.sep):
        frame, level = frame.f_back, level + 1
    return level if frame is not None else 1


_warned = set()


def warn_once(message, category=UserWarning, stacklevel=None):
    """torch's TORCH_WARN_ONCE: the warning the first time in the process, and every time while
    set_warn_always(True) holds (a warning given then does not use up the first time, as in torch).
    It names the user's line unless `stacklevel` (seen from the caller) says otherwise."""
    level = user_stacklevel() if stacklevel is None else stacklevel + 1
    if _settings["warn_always"]:
        warnings.warn(message, category, stacklevel=level)
    elif message not in _warned:
        _warned.add(message)
        warnings.warn(message, category, stacklevel=level)


def set_flush_denormal(mode, /):
    """Whether denormal flushing could be set: False, as NumPy has no such mode (denormals are kept).

    False is torch's answer on a CPU without the mode."""
    if not isinstance(mode, bool):
        raise RuntimeError(f"flush_denormal expects a bool, but got {type(mode).__name__}")
    return False


def is_vulkan_available():
    """Vulkan is not available (there is no GPU backend)."""
    return False


def compiled_with_cxx11_abi():
    """True, as torch answers for every build since 2.x (pullback builds no C++ extensions)."""
    return True


def set_default_tensor_type(t, /):
    """Deprecated: set_default_dtype by legacy tensor type (torch.DoubleTensor or 'torch.DoubleTensor')."""
    from ._legacy import _LegacyTensorType
    warn_once("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use torch.set_default_dtype() "
              "and torch.set_default_device() as alternatives.")
    if isinstance(t, str):
        if t.startswith("torch.cuda."):
            raise TypeError(f"type {t} not available. Torch not compiled with CUDA enabled.")
        t = _import_dotted_name(t)
    if not isinstance(t, _LegacyTensorType):
        raise TypeError("invalid type object: only floating-point types are supported as the default type")
    from ._dtype import set_default_dtype
    set_default_dtype(t._dtype)


def _import_dotted_name(name):
    """The object a dotted name names, `torch.` read as pullback (torch's _import_dotted_name)."""
    import importlib
    path, *rest = name.split(".")
    obj = importlib.import_module("pullback" if path == "torch" else path)
    for part in rest:
        if not hasattr(obj, part):
            raise AttributeError(f"module '{path}' has no attribute '{part}'")
        obj = getattr(obj, part)
        path += "." + part
    return obj


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
