"""torch.backends.cuda: not available (no GPU); the flags are kept and have no effect."""
from .. import _runtime


class _Matmul:
    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True

    @property
    def allow_tf32(self):  # torch ties it to the float32 matmul precision
        return _runtime.get_float32_matmul_precision() != "highest"

    @allow_tf32.setter
    def allow_tf32(self, value):
        _runtime.set_float32_matmul_precision("high" if value else "highest")


matmul = _Matmul()


def is_built():
    return False


# scaled_dot_product_attention's backend switches (torch keeps them in torch._C, read on the CPU too)
_sdp_enabled = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True, "overrideable": True}
_sdp_priority = [1, 2, 0, 3, 4]  # FLASH_ATTENTION, EFFICIENT_ATTENTION, MATH, CUDNN_ATTENTION, OVERRIDEABLE
_fp16_bf16_reduction_math_sdp = [False]
# torch's setters name these flags in their errors (sic)
_sdp_setter_names = {"flash": "set_sdp_use_math", "mem_efficient": "set_sdp_use_math", "math": "set_sdp_use_math",
                     "cudnn": "set_sdp_use_cudnn", "overrideable": "set_sdp_use_overrideable"}


def _set_sdp(name, enabled):
    if not isinstance(enabled, bool):
        kind = "%s" if name == "cudnn" else ""
        raise RuntimeError(f"{_sdp_setter_names[name]} expects a bool, but got {kind}{type(enabled).__name__}")
    _sdp_enabled[name] = enabled


def flash_sdp_enabled():
    """Whether scaled_dot_product_attention may use the flash attention backend."""
    return _sdp_enabled["flash"]


def enable_flash_sdp(enabled):
    """Enables or disables the flash attention backend of scaled_dot_product_attention."""
    _set_sdp("flash", enabled)


def mem_efficient_sdp_enabled():
    """Whether scaled_dot_product_attention may use the memory-efficient backend."""
    return _sdp_enabled["mem_efficient"]


def enable_mem_efficient_sdp(enabled):
    """Enables or disables the memory-efficient backend of scaled_dot_product_attention."""
    _set_sdp("mem_efficient", enabled)


def math_sdp_enabled():
    """Whether scaled_dot_product_attention may use the math (composed) backend."""
    return _sdp_enabled["math"]


def enable_math_sdp(enabled):
    """Enables or disables the math backend of scaled_dot_product_attention."""
    _set_sdp("math", enabled)


def cudnn_sdp_enabled():
    """Whether scaled_dot_product_attention may use the cuDNN backend."""
    return _sdp_enabled["cudnn"]


def enable_cudnn_sdp(enabled):
    """Enables or disables the cuDNN backend of scaled_dot_product_attention."""
    _set_sdp("cudnn", enabled)


def allow_fp16_bf16_reduction_math_sdp(enabled):
    """Allows reduced-precision reductions in the math backend for float16/bfloat16."""
    if not isinstance(enabled, bool):
        raise RuntimeError(f"set_sdp_use_math expects a bool, but got {type(enabled).__name__}")
    _fp16_bf16_reduction_math_sdp[0] = enabled


def fp16_bf16_reduction_math_sdp_allowed():
    """Whether the math backend may reduce in float16/bfloat16."""
    return _fp16_bf16_reduction_math_sdp[0]


def is_flash_attention_available():
    """Whether flash attention was built (a CUDA kernel: never here)."""
    return False


def sdp_kernel(enable_flash=True, enable_math=True, enable_mem_efficient=True, enable_cudnn=True):
    """Deprecated: torch.nn.attention.sdpa_kernel with the backends given by flags."""
    import warnings
    from ..nn.attention import SDPBackend, sdpa_kernel
    warnings.warn("`torch.backends.cuda.sdp_kernel()` is deprecated. In the future, this context manager will be "
                  "removed. Please see `torch.nn.attention.sdpa_kernel()` for the new context manager, with updated "
                  "signature.", FutureWarning, stacklevel=2)
    flags = ((enable_flash, SDPBackend.FLASH_ATTENTION), (enable_mem_efficient, SDPBackend.EFFICIENT_ATTENTION),
             (enable_math, SDPBackend.MATH), (enable_cudnn, SDPBackend.CUDNN_ATTENTION))
    return sdpa_kernel([backend for on, backend in flags if on])
