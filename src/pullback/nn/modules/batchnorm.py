"""torch.nn.modules.batchnorm: the batch-norm layers, defined in normalization (this is torch's path to them)."""
from .normalization import (  # noqa: F401 (torch's names, _LazyNormBase among them)
    _BatchNorm, _LazyNormBase, BatchNorm1d, BatchNorm2d, BatchNorm3d, LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d,
    SyncBatchNorm)

_NormBase = _BatchNorm  # torch's common base of batch and instance norm; pullback's is _BatchNorm

__all__ = ["BatchNorm1d", "LazyBatchNorm1d", "BatchNorm2d", "LazyBatchNorm2d", "BatchNorm3d", "LazyBatchNorm3d",
           "SyncBatchNorm"]
