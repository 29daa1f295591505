"""Convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d, and their Lazy variants."""
import inspect

from .. import functional as F
from ..parameter import UninitializedParameter
from .linear import _empty_parameter, init_fan_in_uniform
from .lazy import LazyModuleMixin
from .module import Module
from .utils import _ntuple

_PADDING_MODES = {"zeros", "reflect", "replicate", "circular"}


class _ConvNd(Module):
    _dims = 2
    transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", output_padding=0, device=None, dtype=None):
        super().__init__()
        n = self._dims
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        valid_padding_strings = {"same", "valid"}  # (a set as torch's, printed in the same order)
        if isinstance(padding, str):
            if padding not in valid_padding_strings:
                raise ValueError(f"Invalid padding string {padding!r}, should be one of {valid_padding_strings}")
            if padding == "same" and any(s != 1 for s in _ntuple(n)(stride)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {_PADDING_MODES}, but got padding_mode='{padding_mode}'")
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _ntuple(n)(kernel_size)
        self.stride = _ntuple(n)(stride)
        self.padding = padding if isinstance(padding, str) else _ntuple(n)(padding)
        self.dilation = _ntuple(n)(dilation)
        self.output_padding = _ntuple(n)(output_padding)
        self.groups = groups
        self.padding_mode = padding_mode
        # what F.pad gets for the padding modes other than zeros (last dim first), as torch's: a list for a
        # string padding ('same' puts the odd element on the right), a tuple for sizes
        if isinstance(self.padding, str):
            self._reversed_padding_repeated_twice = [0, 0] * n
            if padding == "same":
                for i, (d, k) in enumerate(zip(reversed(self.dilation), reversed(self.kernel_size))):
                    total = d * (k - 1)
                    self._reversed_padding_repeated_twice[2 * i:2 * i + 2] = [total // 2, total - total // 2]
        else:
            self._reversed_padding_repeated_twice = tuple(p for p in reversed(self.padding) for _ in range(2))
        if self.transposed:
            shape = (in_channels, out_channels // groups) + self.kernel_size
        else:
            shape = (out_channels, in_channels // groups) + self.kernel_size
        self.weight = _empty_parameter(shape, dtype=dtype)
        self.register_parameter("bias", _empty_parameter(out_channels, dtype=dtype) if bias else None)
        self.reset_parameters()

    def reset_parameters(self):
        init_fan_in_uniform(self.weight, self.bias)

    def extra_repr(self):
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        n = self._dims
        if self.padding != (0,) * n:
            s += ", padding={padding}"
        if self.dilation != (1,) * n:
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * n:
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


class _Conv(_ConvNd):
    _fn = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, dtype=dtype)

    def forward(self, input):
        conv = getattr(F, self._fn)
        if self.padding_mode == "zeros":
            return conv(input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
        return conv(F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode), self.weight,
                    self.bias, self.stride, 0, self.dilation, self.groups)


class Conv1d(_Conv):
    """1-D convolution over (N, C_in, L) input."""
    _dims = 1
    _fn = "conv1d"


class Conv2d(_Conv):
    """2-D convolution over (N, C_in, H, W) input."""
    _dims = 2
    _fn = "conv2d"


class Conv3d(_Conv):
    """3-D convolution over (N, C_in, D, H, W) input."""
    _dims = 3
    _fn = "conv3d"


class _ConvTranspose(_ConvNd):
    transposed = True
    _fn = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 bias=True, dilation=1, padding_mode="zeros", device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        padding = _ntuple(self._dims)(padding)  # (as torch's: a string is no padding mode here, F's parser refuses it)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, output_padding, dtype=dtype)

    def _output_padding(self, input, output_size):
        """The output_padding that makes the output spatially `output_size` (torch's rule and messages, which
        print the sizes as given and the input's sizes past the first two dims, batched or not)."""
        if output_size is None:
            return self.output_padding
        n = self._dims
        leading = 2 if input.dim() == n + 2 else 1
        if len(output_size) == leading + n:
            output_size = output_size[leading:]
        if len(output_size) != n:
            raise ValueError(f"ConvTranspose{n}D: for {input.dim()}D input, output_size must have {n} or "
                             f"{leading + n} elements (got {len(output_size)})")
        min_sizes = [(input.shape[d + leading] - 1) * self.stride[d] - 2 * self.padding[d]
                     + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        max_sizes = [m + s - 1 for m, s in zip(min_sizes, self.stride)]
        if any(not lo <= size <= hi for size, lo, hi in zip(output_size, min_sizes, max_sizes)):
            raise ValueError(f"requested an output size of {output_size}, but valid sizes range from {min_sizes} to "
                             f"{max_sizes} (for an input of {input.size()[2:]})")
        return tuple(size - lo for size, lo in zip(output_size, min_sizes))

    def forward(self, input, output_size=None):
        return getattr(F, self._fn)(input, self.weight, self.bias, self.stride, self.padding,
                                    self._output_padding(input, output_size), self.groups, self.dilation)


class ConvTranspose1d(_ConvTranspose):
    """1-D transposed convolution (the gradient of conv1d with respect to its input)."""
    _dims = 1
    _fn = "conv_transpose1d"


class ConvTranspose2d(_ConvTranspose):
    """2-D transposed convolution (the gradient of conv2d with respect to its input)."""
    _dims = 2
    _fn = "conv_transpose2d"


class ConvTranspose3d(_ConvTranspose):
    """3-D transposed convolution (the gradient of conv3d with respect to its input)."""
    _dims = 3
    _fn = "conv_transpose3d"



class _LazyConvXdMixin(LazyModuleMixin):
    """in_channels inferred from the first input's channel dimension (dim 1, or 0 when unbatched)."""

    def __init__(self, out_channels, *args, **kwargs):
        # the eager constructor's arguments less in_channels; it runs with 0 channels and no bias, and the
        # lazy tensors take the parameters' places
        options = inspect.signature(self.cls_to_become.__init__).bind(self, 0, 0, *args, **kwargs)
        options.apply_defaults()
        options = dict(options.arguments)
        del options["self"]
        bias, dtype, device = options["bias"], options["dtype"], options["device"]
        options["bias"] = False
        super().__init__(**options)
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            self.in_channels = self._get_in_channels(input)
            if self.in_channels % self.groups != 0:
                raise ValueError("in_channels must be divisible by groups")
            if self.transposed:
                self.weight.materialize((self.in_channels, self.out_channels // self.groups) + self.kernel_size)
            else:
                self.weight.materialize((self.out_channels, self.in_channels // self.groups) + self.kernel_size)
            if self.bias is not None:
                self.bias.materialize((self.out_channels,))
            self.reset_parameters()

    def _get_in_channels(self, input):
        unbatched = self._dims + 1
        if input.dim() not in (unbatched, unbatched + 1):
            raise RuntimeError(f"Expected {unbatched}D (unbatched) or {unbatched + 1}D (batched) input to "
                               f"{type(self).__name__}, but got input of size: {input.shape}")
        return input.shape[1] if input.dim() == unbatched + 1 else input.shape[0]


class LazyConv1d(_LazyConvXdMixin, Conv1d):
    """A Conv1d whose in_channels is inferred from the first input."""
    cls_to_become = Conv1d


class LazyConv2d(_LazyConvXdMixin, Conv2d):
    """A Conv2d whose in_channels is inferred from the first input."""
    cls_to_become = Conv2d


class LazyConv3d(_LazyConvXdMixin, Conv3d):
    """A Conv3d whose in_channels is inferred from the first input."""
    cls_to_become = Conv3d


class LazyConvTranspose1d(_LazyConvXdMixin, ConvTranspose1d):
    """A ConvTranspose1d whose in_channels is inferred from the first input."""
    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvXdMixin, ConvTranspose2d):
    """A ConvTranspose2d whose in_channels is inferred from the first input."""
    cls_to_become = ConvTranspose2d


class LazyConvTranspose3d(_LazyConvXdMixin, ConvTranspose3d):
    """A ConvTranspose3d whose in_channels is inferred from the first input."""
    cls_to_become = ConvTranspose3d
