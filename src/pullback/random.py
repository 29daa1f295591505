"""torch.random: the global generator's seeding and state, and fork_rng."""
import contextlib

from ._creation import default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state

__all__ = ["set_rng_state", "get_rng_state", "manual_seed", "seed", "initial_seed", "fork_rng",
           "thread_safe_generator"]


@contextlib.contextmanager
def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None):
    """Forks the RNG: on leaving the block, the global generator is back in the state it had on entering."""
    if device_type == "meta":
        yield
        return
    from ._tensor import device
    device_type = device(device_type or "cuda").type  # torch's check of the device string
    if not enabled:
        yield
        return
    # no accelerator has a generator here: only the CPU's state is forked
    devices = [] if devices is None else list(devices)
    if devices and device_type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    cpu_rng_state = get_rng_state()
    try:
        yield
    finally:
        set_rng_state(cpu_rng_state)


def thread_safe_generator():
    """The DataLoader thread worker's generator; None outside one (always, here: workers are processes or none)."""
    return None
