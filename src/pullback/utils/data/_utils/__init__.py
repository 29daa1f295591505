"""torch.utils.data._utils: collation and the worker information."""
from . import collate, worker  # noqa: F401
