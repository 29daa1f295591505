"""Activation modules: each calls the nn.functional of the same name with its constructor options."""
import warnings

from ... import _creation
from .. import functional as F
from .. import init as nn_init
from ..parameter import Parameter
from ._wrapper import FunctionalModule, REQUIRED
from .module import Module

_INPLACE = (("inplace", False),)


class _ImplicitDim(FunctionalModule):
    """Softmax, LogSoftmax, Softmin: forward passes _stacklevel=5 to the functional, as torch's, so
    that the warning for an omitted dim names the line that called the module."""

    def forward(self, input):
        return getattr(F, self._fn)(input, self.dim, _stacklevel=5)


def _activation(name, fn, options=(), repr_inplace=True, doc=None, base=FunctionalModule, positional=0):
    """Define an activation module class: forward(input) = F.<fn>(input, **options) (the first `positional`
    of them by position)."""
    return type(name, (base,), {
        "_fn": fn, "_options": tuple(options), "_positional": positional,
        "_repr_options": tuple(n for n, _ in options if n != "inplace"), "_repr_inplace": repr_inplace,
        "__doc__": doc or f"Applies nn.functional.{fn} elementwise.", "__module__": __name__})


ReLU = _activation("ReLU", "relu", _INPLACE)
ReLU6 = _activation("ReLU6", "relu6", _INPLACE)
LeakyReLU = _activation("LeakyReLU", "leaky_relu", (("negative_slope", 0.01),) + _INPLACE)
ELU = _activation("ELU", "elu", (("alpha", 1.0),) + _INPLACE)
CELU = _activation("CELU", "celu", (("alpha", 1.0),) + _INPLACE)
SELU = _activation("SELU", "selu", _INPLACE)
GELU = _activation("GELU", "gelu", (("approximate", "none"),))
SiLU = _activation("SiLU", "silu", _INPLACE)
Mish = _activation("Mish", "mish", _INPLACE)
Sigmoid = _activation("Sigmoid", "sigmoid")
Tanh = _activation("Tanh", "tanh")
Softplus = _activation("Softplus", "softplus", (("beta", 1.0), ("threshold", 20.0)), positional=2)
Softsign = _activation("Softsign", "softsign")
Tanhshrink = _activation("Tanhshrink", "tanhshrink")
Hardsigmoid = _activation("Hardsigmoid", "hardsigmoid", _INPLACE, repr_inplace=False)
Hardswish = _activation("Hardswish", "hardswish", _INPLACE, repr_inplace=False)
LogSigmoid = _activation("LogSigmoid", "logsigmoid")
Threshold = _activation("Threshold", "threshold", (("threshold", REQUIRED), ("value", REQUIRED)) + _INPLACE)
GLU = _activation("GLU", "glu", (("dim", -1),))
Softmax = _activation("Softmax", "softmax", (("dim", None),), doc="Softmax over `dim`.", base=_ImplicitDim)
LogSoftmax = _activation("LogSoftmax", "log_softmax", (("dim", None),), doc="Log-softmax over `dim`.", base=_ImplicitDim)


class Hardtanh(FunctionalModule):
    """Applies nn.functional.hardtanh elementwise: each value clamped to [min_val, max_val]."""
    _fn = "hardtanh"
    # min_value / max_value: torch's deprecated spellings of min_val / max_val
    _options = (("min_val", -1.0), ("max_val", 1.0)) + _INPLACE + (("min_value", None), ("max_value", None))
    _repr_options = ("min_val", "max_val")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for old, new in (("min_value", "min_val"), ("max_value", "max_val")):
            value = self.__dict__.pop(old)
            self._passed.remove(old)
            if value is not None:
                warnings.warn(f"keyword argument `{old}` is deprecated and renamed to `{new}`", FutureWarning,
                              stacklevel=2)
                setattr(self, new, value)
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val ({self.min_val})")
Softmin = _activation("Softmin", "softmin", (("dim", None),), doc="Softmin over `dim`.", base=_ImplicitDim)


class RReLU(FunctionalModule):
    """Leaky ReLU whose negative slope is drawn from U(lower, upper) in training, their mean in eval."""
    _fn = "rrelu"
    _options = (("lower", 1.0 / 8), ("upper", 1.0 / 3)) + _INPLACE
    _repr_options = ("lower", "upper")

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)


class _Shrink(FunctionalModule):
    _options = (("lambd", 0.5),)
    _positional = 1

    def extra_repr(self):
        return f"{self.lambd}"


class Softshrink(_Shrink):
    """Soft shrinkage: x - lambd, x + lambd, or 0."""
    _fn = "softshrink"


class Hardshrink(_Shrink):
    """Hard shrinkage: x where |x| > lambd, else 0."""
    _fn = "hardshrink"


class Softmax2d(Module):
    """Softmax over the channel dimension of (N, C, H, W) or (C, H, W) input."""

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D instead")
        return F.softmax(input, -3)


class PReLU(Module):
    """max(0, x) + weight * min(0, x), with a learnable weight per channel (or one shared)."""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(_creation.empty(num_parameters, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self):
        nn_init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"
