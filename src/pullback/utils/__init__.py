"""torch.utils."""
from . import checkpoint, data, dlpack  # noqa: F401,E402
