"""torch.utils.data._utils.worker."""


def get_worker_info():
    """Always None: the DataLoader loads in the calling process."""
    return None
