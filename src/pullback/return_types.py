"""torch.return_types: the named tuples that ops returning several tensors give back (each op
family registers its own with ops.reduction._return_type)."""
from . import ops  # noqa: F401  (every family, so that every type is registered)
from .ops.reduction import RETURN_TYPES

globals().update(RETURN_TYPES)
__all__ = sorted(RETURN_TYPES)
