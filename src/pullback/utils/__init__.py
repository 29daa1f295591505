"""torch.utils."""
from . import data  # noqa: F401,E402
