"""torch.nn.modules.instancenorm: the instance-norm layers, defined in normalization (torch's path to them)."""
from .batchnorm import _NormBase  # noqa: F401 (torch's names here)
from .normalization import (  # noqa: F401
    _InstanceNorm, _LazyNormBase, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LazyInstanceNorm1d,
    LazyInstanceNorm2d, LazyInstanceNorm3d)

__all__ = ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm1d", "LazyInstanceNorm2d",
           "LazyInstanceNorm3d"]
