"""Channel rearrangements: pixel_shuffle / pixel_unshuffle, channel_shuffle and its kernel form
native_channel_shuffle."""
import numpy as np

from .._op import Op


class PixelShuffle(Op):
    """(*, C r^2, H, W) -> (*, C, H r, W r); `inverse` for pixel_unshuffle."""

    def forward(ctx, x, r, inverse):
        ctx.r, ctx.inverse = r, inverse
        *lead, c, h, w = x.shape
        n = len(lead)
        if inverse:   # (C, H', r, W', r) -> (C, r, r, H', W')
            split = x.reshape(*lead, c, h // r, r, w // r, r)
            order, shape = (0, 2, 4, 1, 3), (c * r * r, h // r, w // r)
        else:         # (C, r, r, H, W) -> (C, H, r, W, r)
            split = x.reshape(*lead, c // (r * r), r, r, h, w)
            order, shape = (0, 3, 1, 4, 2), (c // (r * r), h * r, w * r)
        return split.transpose(tuple(range(n)) + tuple(n + i for i in order)).reshape(*lead, *shape)

    def backward(ctx, grad):
        return _SHUFFLE[not ctx.inverse].apply(grad, ctx.r, not ctx.inverse), None, None


class PixelUnshuffle(PixelShuffle):
    pass


_SHUFFLE = {False: PixelShuffle, True: PixelUnshuffle}


class ChannelShuffle(Op):
    """(N, g * k, *) -> channels regrouped as (N, k * g, *): channel c of group i moves to c * g + i."""

    def forward(ctx, x, groups):
        ctx.groups = groups
        n, c = x.shape[:2]
        split = x.reshape((n, groups, c // groups) + x.shape[2:])
        return np.ascontiguousarray(np.swapaxes(split, 1, 2)).reshape(x.shape)

    def backward(ctx, grad):
        return ChannelShuffle.apply(grad, grad.shape[1] // ctx.groups), None


def channel_shuffle(input, groups):
    """Interleave the channels of `groups` groups (ChannelShuffleBackward0)."""
    _check_shuffle(input, groups)
    return ChannelShuffle.apply(input, groups)


def _check_shuffle(input, groups):
    if input.dim() < 3:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    if input.shape[1] % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {input.shape[1]} channels and "
                           f"{groups} groups.")


class NativeChannelShuffle(ChannelShuffle):
    """native_channel_shuffle's node: torch records one without a derivative, whose backward raises."""
    node_name = "torch::autograd::NotImplemented"
    aten = "native_channel_shuffle"

    def backward(ctx, grad):
        raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")


def native_channel_shuffle(input, groups):
    """channel_shuffle's kernel form: the same values, under a node without a derivative."""
    if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool):
        raise TypeError(f"native_channel_shuffle(): argument 'groups' (position 2) must be int, not "
                        f"{type(groups).__name__}")
    _check_shuffle(input, groups)
    return NativeChannelShuffle.apply(input, int(groups))


def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r) (PixelShuffleBackward0)."""
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    r = int(upscale_factor)
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    if input.shape[-3] % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           f"upscale_factor, but input.size(-3)={input.shape[-3]} is not divisible by {r * r}")
    return PixelShuffle.apply(input, r, False)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H r, W r) -> (*, C r^2, H, W) (PixelUnshuffleBackward0)."""
    if input.dim() < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    r = int(downscale_factor)
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    for name, n in (("height", input.shape[-2]), ("width", input.shape[-1])):
        if n % r:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but input.size"
                               f"({-2 if name == 'height' else -1})={n} is not divisible by {r}")
    return PixelUnshuffle.apply(input, r, True)
