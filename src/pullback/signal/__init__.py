"""torch.signal: signal-processing helpers (for now its window functions, torch.signal.windows)."""
from . import windows

__all__ = ["windows"]
