"""torch.nn.attention: which backends scaled_dot_product_attention may use (sdpa_kernel, SDPBackend)
and the registry of flash attention implementations. The switches live in backends.cuda, as torch's;
scaled_dot_product_attention does not read them: it chooses its path by its inputs alone, as torch's
CPU kernels do with every backend allowed (torch's "No viable backend" error is not raised here)."""
import contextlib
import enum
import logging

from ..backends import cuda as _cuda

__all__ = ["SDPBackend", "sdpa_kernel", "WARN_FOR_UNFUSED_KERNELS", "register_flash_attention_impl",
           "activate_flash_attention_impl", "list_flash_attention_impls", "current_flash_attention_impl",
           "restore_flash_attention_impl"]

WARN_FOR_UNFUSED_KERNELS = False


class SDPBackend(enum.Enum):
    """The backends of scaled_dot_product_attention, for sdpa_kernel."""
    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __int__(self):
        return self.value

    __index__ = __int__


_backend_names = {"cudnn": "CUDNN_ATTENTION", "flash": "FLASH_ATTENTION", "mem_efficient": "EFFICIENT_ATTENTION",
                  "math": "MATH", "overrideable": "OVERRIDEABLE"}


def _cur_sdpa_kernel_backends(with_priority=False):
    backends = [SDPBackend[val] for name, val in _backend_names.items() if _cuda._sdp_enabled[name]]
    if with_priority:
        backends.sort(key=lambda backend: _cuda._sdp_priority.index(int(backend)))
    return backends


def _sdpa_kernel(backends, set_priority=False):
    for name, val in _backend_names.items():
        _cuda._sdp_enabled[name] = SDPBackend[val] in backends
    if set_priority:
        user_priority = [int(backend) for backend in backends]
        user_priority += [b for b in _cuda._sdp_priority if b not in user_priority]
        _cuda._sdp_priority[:] = user_priority


@contextlib.contextmanager
def sdpa_kernel(backends, set_priority=False):
    """Allow scaled_dot_product_attention only `backends` (a SDPBackend or a list) inside this block.

    The previous switches come back on leaving it; set_priority makes the list's order the priority."""
    if not isinstance(backends, (list, SDPBackend)):
        raise AssertionError("Backend must be an instance of SDPBackend or a list of SDPBackend instances, got "
                             f"{type(backends).__name__}")
    if isinstance(backends, SDPBackend):
        backends = [backends]
    backends = list(dict.fromkeys(backends))
    previous_backends = _cur_sdpa_kernel_backends(with_priority=set_priority)
    try:
        _sdpa_kernel(backends, set_priority)
        yield {}
    finally:
        _sdpa_kernel(previous_backends, set_priority)


# ------------------------------------------------------------------ flash attention implementations
# torch registers its CUDA kernels FA3 and FA4 here; pullback has none, only what users register
_logger = logging.getLogger(__name__)
_FLASH_ATTENTION_IMPLS = {}
_FLASH_ATTENTION_ACTIVE = None


def register_flash_attention_impl(impl, *, register_fn):
    """Register the callable that activates a flash attention implementation named `impl`."""
    _FLASH_ATTENTION_IMPLS[impl] = register_fn


def activate_flash_attention_impl(impl):
    """Activate a registered flash attention implementation (calls its register_fn, keeps its handle)."""
    global _FLASH_ATTENTION_ACTIVE
    restore_flash_attention_impl(_raise_warn=False)
    register_fn = _FLASH_ATTENTION_IMPLS.get(impl)
    if register_fn is None:
        raise ValueError(f"Unknown flash attention impl '{impl}'. Available implementations: "
                         f"{list_flash_attention_impls()}")
    handle = register_fn()
    if handle is not None:
        _FLASH_ATTENTION_ACTIVE = (impl, handle)


def list_flash_attention_impls():
    """The names of the registered flash attention implementations."""
    return sorted(_FLASH_ATTENTION_IMPLS)


def current_flash_attention_impl():
    """The name of the activated flash attention implementation, or None."""
    return _FLASH_ATTENTION_ACTIVE[0] if _FLASH_ATTENTION_ACTIVE is not None else None


def restore_flash_attention_impl(_raise_warn=True):
    """Deactivate the activated flash attention implementation (removing its handle)."""
    global _FLASH_ATTENTION_ACTIVE
    if _FLASH_ATTENTION_ACTIVE is not None:
        _FLASH_ATTENTION_ACTIVE[1].remove()
    elif _raise_warn:
        _logger.warning("Trying to restore default FA2 impl when no custom impl was activated")
    _FLASH_ATTENTION_ACTIVE = None
