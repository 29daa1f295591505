"""torch.distributed as a torch built without distributed support has it: pullback runs in one process,
with no process groups or collectives, so code that checks `is_available()` takes its one-process path."""

__all__ = ["is_available"]


def is_available():
    """False: pullback has no process groups (torch built without USE_DISTRIBUTED answers the same)."""
    return False
