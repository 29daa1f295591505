"""torch.nn.modules.channelshuffle: ChannelShuffle, defined in pixelshuffle (torch's path to it)."""
from .pixelshuffle import ChannelShuffle

__all__ = ["ChannelShuffle"]
