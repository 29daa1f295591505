"""Unfold (sliding blocks to columns, im2col) and Fold (columns back to an image, summing overlaps)."""
from ._wrapper import FunctionalModule, REQUIRED

_BLOCK = (("dilation", 1), ("padding", 0), ("stride", 1))


class _Blocks(FunctionalModule):
    def extra_repr(self):
        return ", ".join(f"{name}={getattr(self, name)}" for name in self._passed)


class Fold(_Blocks):
    """Combines an array of sliding local blocks into a (N, C, *output_size) tensor."""
    _fn = "fold"
    _options = (("output_size", REQUIRED), ("kernel_size", REQUIRED)) + _BLOCK


class Unfold(_Blocks):
    """Extracts sliding local blocks of a (N, C, H, W) tensor as columns."""
    _fn = "unfold"
    _options = (("kernel_size", REQUIRED),) + _BLOCK
