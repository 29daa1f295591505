"""torch.utils.dlpack: tensors shared with other libraries through DLPack (see pullback._dlpack)."""
from .._dlpack import DLDeviceType, from_dlpack, to_dlpack  # noqa: F401  (to_dlpack: here too, as in torch)

__all__ = ["DLDeviceType", "from_dlpack"]
