"""torch.nn.modules.flatten: Flatten and Unflatten, defined in linear (torch's path to them)."""
from .linear import Flatten, Unflatten

__all__ = ["Flatten", "Unflatten"]
