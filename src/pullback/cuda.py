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
