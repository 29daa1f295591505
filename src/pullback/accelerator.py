"""torch.accelerator as seen from a CPU-only library: no accelerator is ever available.

The tutorials' `torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"`
runs unchanged and picks the CPU.
"""


def is_available():
    """False: pullback computes on the CPU only."""
    return False


def device_count():
    """The number of accelerator devices: none."""
    return 0


def current_accelerator(check_available=False):
    """The accelerator device type, or None when there is none (always, here)."""
    return None
