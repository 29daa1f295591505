"""torch.cuda as seen from a CPU-only library: no device is ever available.

Scripts written as `device = "cuda" if torch.cuda.is_available() else "cpu"` run unchanged.
"""


def is_available():
    return False


def device_count():
    return 0


def manual_seed(seed):
    """Seeding CUDA generators is a no-op here (there are none)."""


manual_seed_all = manual_seed


def _lazy_init():
    raise AssertionError("Torch not compiled with CUDA enabled")


def current_device():
    """Refused as in torch built without CUDA."""
    _lazy_init()


def synchronize(device=None):
    """Refused as in torch built without CUDA."""
    _lazy_init()


def init():
    """Refused as in torch built without CUDA."""
    _lazy_init()


def get_device_name(device=None):
    """Refused as in torch built without CUDA."""
    _lazy_init()


def get_device_properties(device=None):
    """Refused as in torch built without CUDA."""
    _lazy_init()


def get_device_capability(device=None):
    """Refused as in torch built without CUDA."""
    _lazy_init()


def mem_get_info(device=None):
    """Refused as in torch built without CUDA."""
    _lazy_init()


def is_initialized():
    return False


def empty_cache():
    """Nothing to free: a no-op, as torch's before CUDA is initialised."""


def memory_allocated(device=None):
    """0 bytes, as torch reports without CUDA."""
    return 0


max_memory_allocated = memory_reserved = max_memory_reserved = memory_allocated
