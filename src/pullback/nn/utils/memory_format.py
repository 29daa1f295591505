"""Lay out the weights of 2-d and 3-d convolutions in a given memory format."""
import pullback

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _convert(module, memory_format, classes):
    if isinstance(module, classes):
        weight_data = module.weight.detach().clone(memory_format=memory_format)
        module.weight.data = weight_data.resize_(weight_data.size(), memory_format=memory_format)
    for child in module.children():
        _convert(child, memory_format, classes)
    return module


def convert_conv2d_weight_memory_format(module, memory_format):
    """Give every Conv2d/ConvTranspose2d weight in `module` the layout `memory_format` (e.g. channels_last)."""
    return _convert(module, memory_format, (pullback.nn.Conv2d, pullback.nn.ConvTranspose2d))


def convert_conv3d_weight_memory_format(module, memory_format):
    """Give every Conv3d/ConvTranspose3d weight in `module` the layout `memory_format` (e.g. channels_last_3d)."""
    return _convert(module, memory_format, (pullback.nn.Conv3d, pullback.nn.ConvTranspose3d))
