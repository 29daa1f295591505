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
    """The gradient of conv1d with respect to its input, of shape `input_size` (minibatch x in_channels
    x iW), for weight (out_channels x in_channels/groups x kW) and grad_output (minibatch x
    out_channels x oW): the transposed convolution, with the input's shape given."""
    return _input_gradient(input_size, weight, grad_output, _single, stride, padding, dilation, groups)


def conv1d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of conv1d with respect to its weight, of shape `weight_size`, for input
    (minibatch x in_channels x iW) and grad_output (minibatch x out_channels x oW)."""
    return _weight_gradient(input, weight_size, grad_output, _single, stride, padding, dilation, groups)


def conv2d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of conv2d with respect to its input, of shape `input_size` (minibatch x in_channels
    x iH x iW), for weight (out_channels x in_channels/groups x kH x kW) and grad_output."""
    return _input_gradient(input_size, weight, grad_output, _pair, stride, padding, dilation, groups)


def conv2d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of conv2d with respect to its weight, of shape `weight_size`, for input
    (minibatch x in_channels x iH x iW) and grad_output (minibatch x out_channels x oH x oW)."""
    return _weight_gradient(input, weight_size, grad_output, _pair, stride, padding, dilation, groups)


def conv3d_input(input_size, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of conv3d with respect to its input, of shape `input_size` (minibatch x in_channels
    x iT x iH x iW), for weight (out_channels x in_channels/groups x kT x kH x kW) and grad_output."""
    return _input_gradient(input_size, weight, grad_output, _triple, stride, padding, dilation, groups)


def conv3d_weight(input, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """The gradient of conv3d with respect to its weight, of shape `weight_size`, for input
    (minibatch x in_channels x iT x iH x iW) and grad_output (minibatch x out_channels x oT x oH x oW)."""
    return _weight_gradient(input, weight_size, grad_output, _triple, stride, padding, dilation, groups)
