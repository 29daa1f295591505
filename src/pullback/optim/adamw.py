"""torch.optim.adamw: AdamW, defined beside Adam (torch's path to it)."""
from .adam import AdamW

__all__ = ["AdamW"]
