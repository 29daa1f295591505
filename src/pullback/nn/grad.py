"""torch.nn.grad (also torch.nn.functional.grad): a convolution's input and weight gradients as
functions of their own, for a given grad_output. Each is torch's convolution_backward with one
output asked for, so it records one ConvolutionBackwardBackward0 node and is differentiable again
in grad_output and in the weight or input it is given."""
from ..ops.nn.conv import convolution_backward
from .modules.utils import _pair, _single, _triple

__all__ = ["conv1d_input", "conv1d_weight", "conv2d_input", "conv2d_weight", "conv3d_input", "conv3d_weight"]


def _input_gradient(input_size, weight, grad_output, as_tuple, stride, padding, dilation, groups):
    # only the input's shape is read: a broadcast of one element stands in for it, as in torch
    input = grad_output.new_empty(1).expand(input_size)
    return convolution_backward(grad_output, input, weight, None, as_tuple(stride), as_tuple(padding),
                                as_tuple(dilation), False, [0], groups, (True, False, False))[0]


def _weight_gradient(input, weight_size, grad_output, as_tuple, stride, padding, dilation, groups):
    weight = grad_output.new_empty(1).expand(weight_size)
    return convolution_backward(grad_output, input, weight, None, as_tuple(stride), as_tuple(padding),
                                as_tuple(dilation), False, [0], groups, (False, True, False))[1]


def conv1d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv1d's gradient in its input, of shape `input_size` (the transposed convolution of grad_output).

    input_size: (minibatch, in_channels, iW); weight: (out_channels, in_channels/groups, kW);
    grad_output: (minibatch, out_channels, oW)."""
    return _input_gradient(input_size, weight, grad_output, _single, stride, padding, dilation, groups)


def conv1d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv1d's gradient in its weight, of shape `weight_size`.

    input: (minibatch, in_channels, iW); grad_output: (minibatch, out_channels, oW)."""
    return _weight_gradient(input, weight_size, grad_output, _single, stride, padding, dilation, groups)


def conv2d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv2d's gradient in its input, of shape `input_size` (the transposed convolution of grad_output).

    input_size: (minibatch, in_channels, iH, iW); weight: (out_channels, in_channels/groups, kH, kW);
    grad_output: (minibatch, out_channels, oH, oW)."""
    return _input_gradient(input_size, weight, grad_output, _pair, stride, padding, dilation, groups)


def conv2d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv2d's gradient in its weight, of shape `weight_size`.

    input: (minibatch, in_channels, iH, iW); grad_output: (minibatch, out_channels, oH, oW)."""
    return _weight_gradient(input, weight_size, grad_output, _pair, stride, padding, dilation, groups)


def conv3d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv3d's gradient in its input, of shape `input_size` (the transposed convolution of grad_output).

    input_size: (minibatch, in_channels, iT, iH, iW); weight: (out_channels, in_channels/groups, kT, kH,
    kW); grad_output: (minibatch, out_channels, oT, oH, oW)."""
    return _input_gradient(input_size, weight, grad_output, _triple, stride, padding, dilation, groups)


def conv3d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """conv3d's gradient in its weight, of shape `weight_size`.

    input: (minibatch, in_channels, iT, iH, iW); grad_output: (minibatch, out_channels, oT, oH, oW)."""
    return _weight_gradient(input, weight_size, grad_output, _triple, stride, padding, dilation, groups)
