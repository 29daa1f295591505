"""torch.backends.cudnn: not available (no GPU); the flags are kept and have no effect."""
enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available():
    return False


def version():
    return None
