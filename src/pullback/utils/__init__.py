"""torch.utils."""
from . import checkpoint, data, dlpack, hooks  # noqa: F401,E402
