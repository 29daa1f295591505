"""PixelShuffle, PixelUnshuffle and ChannelShuffle: rearrangements between channels and space."""
from ._wrapper import FunctionalModule, REQUIRED


class PixelShuffle(FunctionalModule):
    """(N, C r^2, H, W) -> (N, C, H r, W r)."""
    _fn = "pixel_shuffle"
    _options = (("upscale_factor", REQUIRED),)
    _repr_options = ("upscale_factor",)
    _positional = 1


class PixelUnshuffle(FunctionalModule):
    """(N, C, H r, W r) -> (N, C r^2, H, W)."""
    _fn = "pixel_unshuffle"
    _options = (("downscale_factor", REQUIRED),)
    _repr_options = ("downscale_factor",)
    _positional = 1


class ChannelShuffle(FunctionalModule):
    """Interleaves the channels of `groups` groups."""
    _fn = "channel_shuffle"
    _options = (("groups", REQUIRED),)
    _repr_options = ("groups",)
    _positional = 1
