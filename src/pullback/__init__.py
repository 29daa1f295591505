"""pullback: PyTorch's autograd, in readable Python on NumPy.

`import pullback as torch` and ordinary PyTorch autograd code runs unchanged.
"""
from . import _dtype
from ._dtype import (bool, double, dtype, finfo, float, float16, float32, float64, get_default_dtype, half, iinfo, int,
                     int8, int16, int32, int64, long, promote_types, set_default_dtype, short, uint8)
from ._dtype import channels_last, channels_last_3d, contiguous_format, memory_format, preserve_format
from ._dtype import can_cast, layout, strided
from ._size import Size
from ._tensor import Tensor, device
from ._legacy import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor, IntTensor, LongTensor,
                      ShortTensor)
from ._storage import (BoolStorage, ByteStorage, CharStorage, DoubleStorage, FloatStorage, HalfStorage, IntStorage,
                       LongStorage, ShortStorage, TypedStorage, UntypedStorage, is_storage)
from ._creation import (Generator, arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like,
                        linspace, manual_seed, ones, ones_like, rand, rand_like, randint, randn, randn_like,
                        randperm, seed, tensor, zeros, zeros_like)
from ._creation import (asarray, bartlett_window, blackman_window, empty_permuted, empty_strided, frombuffer,
                        hamming_window, hann_window, kaiser_window, logspace, randint_like, range, scalar_tensor,
                        tril_indices, triu_indices)
from ._creation import default_generator, get_rng_state, initial_seed, set_rng_state
from ._creation import placed as _placed

# the factories take torch's layout= and pin_memory= (checked: strided, unpinned)
(arange, bartlett_window, blackman_window, empty, empty_like, empty_permuted, empty_strided, eye, full, full_like,
 hamming_window, hann_window, kaiser_window, linspace, logspace, ones, ones_like, rand, rand_like, randint, randint_like,
 randn, randn_like, randperm, scalar_tensor, tril_indices, triu_indices, zeros, zeros_like) = map(_placed, (
    arange, bartlett_window, blackman_window, empty, empty_like, empty_permuted, empty_strided, eye, full, full_like,
    hamming_window, hann_window, kaiser_window, linspace, logspace, ones, ones_like, rand, rand_like, randint,
    randint_like, randn, randn_like, randperm, scalar_tensor, tril_indices, triu_indices, zeros, zeros_like))
from ._printing import set_printoptions
from . import _tensor_str
from . import ops
from .ops import *  # noqa: F401,F403  (every op-table function, listed in ops.__all__)
from . import linalg
from . import autograd
from .autograd.anomaly_mode import is_anomaly_check_nan_enabled, is_anomaly_enabled, set_anomaly_enabled
from .autograd import enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad, set_grad_enabled
from . import accelerator, backends, cuda, distributed, nn, optim, random
from . import amp
from .amp import GradScaler, autocast
from .amp.autocast_mode import (autocast_decrement_nesting, autocast_increment_nesting, clear_autocast_cache,
                                get_autocast_dtype, is_autocast_cache_enabled, is_autocast_enabled,
                                set_autocast_cache_enabled, set_autocast_dtype, set_autocast_enabled)
from ._runtime import (are_deterministic_algorithms_enabled, compile, compiled_with_cxx11_abi, e,
                       get_default_device, get_deterministic_debug_mode, get_float32_matmul_precision,
                       get_num_interop_threads, get_num_threads, has_lapack, has_mkl, has_openmp, has_spectral, inf,
                       is_deterministic_algorithms_warn_only_enabled, is_vulkan_available, is_warn_always_enabled,
                       nan, pi, set_default_device, set_default_tensor_type, set_deterministic_debug_mode,
                       set_float32_matmul_precision, set_flush_denormal, set_num_interop_threads, set_num_threads,
                       set_warn_always, typename, use_deterministic_algorithms)
from .serialization import load, save
from ._dlpack import from_dlpack, to_dlpack
from . import viz
from . import func, jit, return_types, signal, special, testing, utils
from . import profiler
from .func import vmap  # torch.vmap is torch.func.vmap
from .ops.linalg import svd_legacy as svd  # torch.svd (V, not linalg.svd's Vh)
svd = ops._with_out(svd, "_linalg_svd", exact_dtype=True)
from .autograd import _saved_attributes  # noqa: E402  (grad_fn._saved_* as torch names them)
_saved_attributes.install()

__version__ = "0.1.0"


def is_tensor(obj, /):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


# torch's overloads, in its order: (Tensor tensor, Tensor or number other), (number scalar, Tensor tensor),
# (number scalar1, number scalar2); the number parameters take a 0-dim tensor as its number
_RESULT_TYPE_OVERLOADS = (("tensor", "other"), ("scalar", "tensor"), ("scalar1", "scalar2"))


def _result_type_operand(name, value):
    import numbers
    if name == "tensor":
        return value if isinstance(value, Tensor) else None
    if isinstance(value, Tensor):
        if name == "other":
            return value
        return value.item() if value.dim() == 0 and not value.requires_grad else None
    return value if isinstance(value, numbers.Number) else None


def result_type(*args, **kwargs):
    """The dtype an op on two operands gives: result_type(tensor, other), (scalar, tensor) or
    (scalar1, scalar2), positionally or by those names, as torch's overloads."""
    for names in _RESULT_TYPE_OVERLOADS:
        bound = dict(zip(names, args))
        if len(args) > 2 or not bound.keys().isdisjoint(kwargs) or not set(kwargs) <= set(names):
            continue
        bound.update(kwargs)
        operands = [_result_type_operand(n, bound[n]) if n in bound else None for n in names]
        if None not in operands:
            return _dtype.result_type(*operands)
    got = ", ".join([type(a).__name__ for a in args] + [f"{k}={type(v).__name__}" for k, v in kwargs.items()])
    raise TypeError(f"result_type() received an invalid combination of arguments - got ({got}), but expected one "
                    "of:\n * (Tensor tensor, Tensor other)\n * (Scalar scalar, Tensor tensor)\n"
                    " * (Tensor tensor, Number other)\n * (Number scalar1, Number scalar2)\n")


def is_floating_point(input):
    return input.is_floating_point()


# torch.sin_(t) and the other in-place functions torch keeps beside its methods: t.sin_(); and
# torch.get_device(t), torch.is_inference(t), torch.resize_as_(t, other): the methods
_METHOD_FUNCTIONS = ("get_device", "is_inference", "resize_as_")
_INPLACE_FUNCTIONS = ("abs_", "acos_", "addmv_", "acosh_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
                      "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_", "clamp_min_", "clip_",
                      "conj_physical_", "cos_", "cosh_", "deg2rad_", "detach_", "erf_", "erfc_", "exp2_", "exp_",
                      "expm1_", "fill_", "fix_", "floor_", "frac_", "gcd_", "i0_", "lcm_", "ldexp_", "log10_",
                      "log1p_", "log2_", "log_", "logit_", "nan_to_num_", "neg_",
                      "negative_", "rad2deg_", "reciprocal_", "relu_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_",
                      "sinh_", "sqrt_", "square_", "tan_", "tanh_", "trunc_", "xlogy_", "zero_")


def _method_function(name):
    method = getattr(Tensor, name)

    def fn(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        return method(input, *args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"In place: input.{name}(...)." if name.endswith("_") else f"input.{name}()"
    return fn


globals().update({_name: _method_function(_name) for _name in _METHOD_FUNCTIONS + _INPLACE_FUNCTIONS})

# x.sum(axis=0, keepdims=True), torch.add(x1=a, x2=b): the NumPy-style names torch's C++ parser takes
from . import _numpy_names  # noqa: E402
_numpy_names.install_scalar_self(__import__("sys").modules[__name__], _numpy_names.SCALAR_SELF)
_numpy_names.install_scalar_self(special, ("xlogy", "xlog1py", "zeta"))
_numpy_names.install(Tensor, list(vars(Tensor)), python_level=_numpy_names.PYTHON_METHODS)
_numpy_names.name_python_methods(Tensor)
_numpy_names.install(__import__("sys").modules[__name__], [_n for _n in list(globals()) if not _n.startswith("_")],
                     python_level=_numpy_names.PYTHON_LEVEL)
_numpy_names.install(linalg, list(vars(linalg)), prefix="linalg_")
_numpy_names.install(special, list(vars(special)), prefix="special_")
_numpy_names.install(nn.functional, _numpy_names.NATIVE_FUNCTIONAL)


def __getattr__(name):
    # torch.distributions is imported on first use (it is ~40 modules on the namespace above, a tenth
    # of the package's import time); `import pullback.distributions` works as well
    if name == "distributions":
        import importlib
        return importlib.import_module(".distributions", __name__)
    raise AttributeError(f"module 'pullback' has no attribute '{name}'")
