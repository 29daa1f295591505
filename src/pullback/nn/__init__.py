"""torch.nn (layers and modules arrive with the nn milestone; functional is usable now)."""
from . import functional  # noqa: F401
