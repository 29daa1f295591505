"""Activations with their own nodes (leaky_relu, the elu family, gelu, silu, softplus, mish, the
hard* and shrink families, prelu, rrelu, glu) and torch's in-place F.<name>_ forms.

Forward runs on NumPy in numerically stable forms (log1p(exp(-|x|))); every backward is written
in Tensor ops, so gradients of any order follow.
"""
import math

import numpy as np

from ... import _creation, _dtype, _signatures
from .. import pointwise as _pointwise, shape as _shape
from ..pointwise import _tensor_input
from .._gradient_op import GradientOp, gradient_node
from .._op import Op
from ..._dtype import scalar_type_name
from ..pointwise import (ThresholdBackward, _erf, _require_kind, _sigmoid, computes_half_in_float32, tensors_in_float32,
                         times, where)
from ._common import _const
from ...autograd.grad_mode import _state as _grad_state


_SQRT1_2 = math.sqrt(0.5)

_INV_SQRT_2PI = 1.0 / math.sqrt(2 * math.pi)

_SELU_ALPHA = 1.6732632423543772848170429916717

_SELU_SCALE = 1.0507009873554804934193349852946


class _Activation(Op):
    """An activation of x and the numbers its forward keeps in `ctx.params`, whose gradient torch
    records as one node of its own (<Name>BackwardBackward0): a class's `gradient(grad_output,
    self, *params)`, in Tensor ops, becomes that node's GradientOp (a subclass without one, like
    celu's node, shares its base's)."""
    saves = (0,)
    gradient = None
    masks = False  # the gradient reads x only through masks (leaky_relu's x > 0)
    elementwise = True  # the gradient is grad_output times a factor of x (not glu's)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        formula = cls.__dict__.get("gradient")
        if formula is not None:
            cls.gradient = gradient_node(cls, GradientOp, tensors=2, formula=formula, zero_when_unused=True,
                                         linear=cls.elementwise, masks=cls.masks, half_in_float32=True,
                                         self_derivative=cls.__dict__.get("gradient_in_x"))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return (ctx.gradient.apply(grad, x, *ctx.params),) + (None,) * len(ctx.params)


class LeakyRelu(_Activation):
    masks = True
    def forward(ctx, x, slope):
        _require_kind(x, "f", "leaky_relu_cpu")
        ctx.params = slope,
        return np.where(x > 0, x, times(x, slope))  # (float16: in float32 with the slope as it is, as torch's)

    @staticmethod
    def gradient(grad_output, self, negative_slope):
        return where(self > 0, grad_output, grad_output * negative_slope)


class Elu(_Activation):
    """scale * (x if x > 0 else alpha * (exp(input_scale * x) - 1)); selu and celu are instances."""

    @computes_half_in_float32
    def forward(ctx, x, alpha, scale, input_scale):
        _require_kind(x, "f", "elu_cpu")
        ctx.params = alpha, scale, input_scale
        neg = np.expm1(np.minimum(x, 0) * input_scale) * alpha
        return (np.where(x > 0, x, neg) * scale).astype(x.dtype, copy=False)

    @staticmethod
    def gradient(grad_output, self, alpha, scale, input_scale):
        # exp of the clamped input: the unused branch must stay finite for double backward
        neg = grad_output * ((self.clamp(max=0) * input_scale).exp() * (alpha * scale * input_scale))
        return where(self <= 0, neg, grad_output * scale)  # as torch: NaN takes the positive side

    @staticmethod
    def gradient_in_x(gg, grad_output, self, alpha, scale, input_scale):
        curvature = (self.clamp(max=0) * input_scale).exp() * (alpha * scale * input_scale * input_scale)
        return where(self <= 0, gg * grad_output * curvature, 0)


class Celu(Elu):
    pass


class Gelu(_Activation):
    def forward(ctx, x, approximate):
        _require_kind(x, "f", "GeluKernelImpl")
        ctx.params = approximate,
        if approximate == "tanh":
            k = math.sqrt(2 / math.pi)
            return 0.5 * x * (1 + np.tanh(k * (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1 + _erf(x * _SQRT1_2))

    @staticmethod
    def gradient(grad_output, self, approximate):
        x = self
        if approximate == "tanh":
            k = math.sqrt(2 / math.pi)
            t = ((x + 0.044715 * x ** 3) * k).tanh()
            d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * (k * (1 + 3 * 0.044715 * x * x))
        else:
            d = 0.5 * (1 + (x * _SQRT1_2).erf()) + x * ((x * x * -0.5).exp() * _INV_SQRT_2PI)
        return grad_output * d

    @staticmethod
    def gradient_in_x(gg, grad_output, self, approximate):
        if approximate == "tanh":
            return None
        density = (self * self * -0.5).exp() * _INV_SQRT_2PI  # gelu'' = (2 - x^2) * pdf(x)
        return gg * grad_output * ((2 - self * self) * density)


class Silu(Op):
    saves = (0,)

    @computes_half_in_float32
    def forward(ctx, x):
        _require_kind(x, "f", "silu_cpu")
        return x / (1 + np.exp(-x))  # (torch's kernel's formula)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _kernel_or_composite(_silu_gradient, grad, x)


def _silu_gradient(grad, x):
    s = x.sigmoid()
    return grad * (s * (1 + x * (1 - s)))


def _kernel_or_composite(formula, grad, x):
    """formula(grad, x) as torch's derivative picks it: the *_backward kernel where nothing is recorded
    (float16 computed in float32, rounded once), else its infinitely differentiable composite (each
    float16 step rounded)."""
    return formula(grad, x) if _grad_state.enabled else tensors_in_float32(formula, (grad, x))


def _softplus_np(x, beta, threshold):
    bx = x * beta
    return np.where(bx > threshold, x, np.logaddexp(0, bx) / beta).astype(x.dtype, copy=False)


class Softplus(_Activation):
    def forward(ctx, x, beta, threshold):
        _require_kind(x, "f", "softplus_cpu")
        ctx.params = beta, threshold
        return _softplus_np(x, beta, threshold)

    @staticmethod
    def gradient(grad_output, self, beta, threshold):
        bx = self * beta
        return where(bx > threshold, grad_output, grad_output * bx.sigmoid())

    @staticmethod
    def gradient_in_x(gg, grad_output, self, beta, threshold):
        s = (self * beta).sigmoid()
        return where(self * beta > threshold, 0, gg * grad_output * (s * (1 - s) * beta))


class Mish(Op):
    saves = (0,)

    @computes_half_in_float32
    def forward(ctx, x):
        _require_kind(x, "f", "mish_cpu")
        return x * np.tanh(np.logaddexp(0, x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return _kernel_or_composite(_mish_gradient, grad, x)


def _mish_gradient(grad, x):
    t = softplus(x).tanh()
    return grad * (t + x * x.sigmoid() * (1 - t * t))


class _PassOrBlock(_Activation):
    """A piecewise activation of slope 1 or 0: the gradient passes where the input is live and is
    zero where `dead(x, *params)` (a Tensor mask) holds; `values(x, *params)` is the forward.
    Each has its own gradient node (softshrink too, with hardshrink's mask)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        dead = cls.dead
        cls.gradient = gradient_node(cls, GradientOp, tensors=2, zero_when_unused=True, linear=True, masks=True,
                                     formula=staticmethod(lambda grad_output, self, *params:
                                                          grad_output.masked_fill(dead(self, *params), 0)))

    kernel = None  # the CPU kernel torch names refusing a non-floating input (hardtanh takes integers)

    @classmethod
    def forward(cls, ctx, x, *params):
        if cls.kernel:
            _require_kind(x, "f", cls.kernel)
        ctx.params = params
        return cls.values(x, *params)


class Hardtanh(_PassOrBlock):
    @staticmethod
    def values(x, lo, hi):
        return np.clip(x, lo, hi).astype(x.dtype, copy=False)  # an integer input stays integer, as torch's

    @staticmethod
    def dead(x, lo, hi):
        return (x <= lo).logical_or(x >= hi)


class Threshold(Op):
    """value where x <= threshold, x elsewhere (a NaN stays NaN)."""
    saves = (0,)

    def forward(ctx, x, threshold, value):
        _pointwise._require_kind(x, "iuf", "threshold_cpu")
        ctx.threshold = threshold
        # both numbers converted as torch converts them (checked: one the dtype cannot hold is refused);
        # half precision compares in float32, torch's compute type for it
        bound = _dtype.checked_scalar(threshold, np.float32 if x.dtype == np.float16 else x.dtype)
        return np.where(x <= bound, _dtype.checked_scalar(value, x.dtype), x)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return ThresholdBackward.apply(grad, x, ctx.threshold), None, None


class Hardshrink(_PassOrBlock):
    kernel = "hardshrink_cpu"

    @staticmethod
    def values(x, lambd):  # 0 inside [-lambd, lambd], else x (a NaN stays NaN), as torch's
        return np.where((x >= -lambd) & (x <= lambd), np.zeros((), x.dtype), x)

    @staticmethod
    def dead(x, lambd):
        return x.abs() <= lambd


class Softshrink(Hardshrink):
    kernel = "softshrink_check"

    @staticmethod
    def values(x, lambd):
        return (np.sign(x) * np.maximum(np.abs(x) - lambd, 0)).astype(x.dtype, copy=False)


_ONE_SIXTH = float(np.float32(1 / 6))  # torch's hardsigmoid_backward constant, a float literal for every dtype


class Hardsigmoid(_Activation):
    masks = True  # (so its gradient requires grad as torch's, whose double backward torch does not implement)

    @computes_half_in_float32
    def forward(ctx, x):
        _require_kind(x, "f", "hardsigmoid_cpu")
        ctx.params = ()
        return (np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    @staticmethod
    def gradient(grad_output, self):  # torch's: grad times float32's 1/6 strictly inside (-3, 3), else 0 (NaN too)
        return where((self > -3).logical_and(self < 3), grad_output * _ONE_SIXTH, 0)


class Hardswish(_Activation):
    @computes_half_in_float32
    def forward(ctx, x):
        _require_kind(x, "f", "hardswish_cpu")
        ctx.params = ()
        return (x * np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    @staticmethod
    def gradient(grad_output, self):
        # torch's: 0 up to -3, the slope strictly inside (-3, 3), grad from 3 on (and for NaN)
        return where(self <= -3, 0, where(self < 3, grad_output * (self / 3 + 0.5), grad_output))


class LogSigmoid(_Activation):
    def forward(ctx, x):
        _require_kind(x, "f", "log_sigmoid_cpu")
        ctx.params = ()
        return -np.logaddexp(0, -x).astype(x.dtype, copy=False)

    @staticmethod
    def gradient(grad_output, self):
        return grad_output * (-self).sigmoid()


class Prelu(Op):
    """max(0, x) + weight * min(0, x), weight shared or one per channel (dim 1)."""
    saves = (0, 1)
    node_name = "PreluKernelBackward0"

    def forward(ctx, x, w):
        _require_kind(x, "f", "prelu_cpu")
        ctx.wshape = _channel_shape(x.ndim, w.size)
        return np.where(x > 0, x, w.reshape(ctx.wshape) * x)

    def backward(ctx, grad):
        x, w = ctx.saved_tensors  # w has x's dims (prelu views it so): the engine sums gw to its shape
        gx, gw = PreluKernelBackward.apply(grad, x, w)
        need_x, need_w = ctx.needs_input_grad
        return (gx if need_x else None), (gw if need_w else None)


class PreluKernelBackward(Op):
    """prelu's gradients as one node, torch's _prelu_kernel_backward: for the input, grad where
    x > 0, else w * grad; for the weight (per element), x * grad where x <= 0. Its own gradients
    are torch's formulas, which count x == 0 as positive."""
    saves = (0, 1, 2)
    n_outputs = 2

    def forward(ctx, grad, x, w):
        pos = x > 0
        return np.where(pos, grad, w * grad), np.where(pos, 0, x * grad).astype(grad.dtype, copy=False)

    def backward(ctx, ggx, ggw):
        grad, x, w = ctx.saved_tensors
        nonneg = x >= 0
        need_grad, need_x, need_w = ctx.needs_input_grad
        return (where(nonneg, ggx, ggx * w + ggw * x) if need_grad else None,
                where(nonneg, 0, grad * ggw) if need_x else None,
                where(nonneg, 0, grad * ggx) if need_w else None)


def _channel_shape(ndim, n):
    """Broadcast shape of a per-channel parameter (channels at dim 1; an input of < 2 dims has one)."""
    if n == 1 or ndim < 2:
        return (1,) * ndim
    return (1, n) + (1,) * (ndim - 2)


class RreluWithNoise(_Activation):
    """x where x >= 0, else slope * x with the slope drawn per element (training) or fixed."""
    masks = True  # (not even that: its gradient is grad times the noise)

    def forward(ctx, x, noise):
        ctx.params = noise,
        return x * noise

    @staticmethod
    def gradient(grad_output, self, noise):
        return grad_output * _const(noise)


class Glu(_Activation):
    """a * sigmoid(b) for the two halves (a, b) of `dim`."""
    elementwise = False

    def forward(ctx, x, dim):
        n = x.shape[dim]
        if n % 2:
            raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {n}")
        _require_kind(x, "f", "glu_cpu")
        ctx.params = dim,
        a, b = np.split(x, 2, axis=dim)
        return a * _sigmoid(b)

    @staticmethod
    def gradient(grad_output, self, dim):
        a, b = self.chunk(2, dim)
        s = b.sigmoid()
        return _shape.cat([grad_output * s, grad_output * a * s * (1 - s)], dim)


def _inplace(op, input, *args, inplace=False):
    return _INPLACE_NAMED.get(op, op).apply_(input, *args) if inplace else op.apply(input, *args)


_INPLACE_NAMED = {op: type(op.__qualname__ + "_", (op,), {"node_name": op.__qualname__ + "Backward1", "__module__": __name__})
                  for op in (LeakyRelu, Elu, Celu, Threshold, RreluWithNoise)}


def relu(input, inplace=False):
    """max(x, 0) (ReluBackward0; the op shared with torch.relu)."""
    _tensor_input("relu", input)
    return input.relu_() if inplace else _pointwise.relu(input)


def _scalar(kernel, input, value):
    """F.elu's alpha (F.celu's, F.leaky_relu's slope) as the parser of the `kernel` torch hands (input,
    value) reads it: a NumPy scalar or 0-d tensor as its number, anything else not a number its TypeError."""
    if type(value) is float or type(value) is int:
        return value
    value = _signatures.as_parsed_by(kernel, (input, value))[1]
    return value.item() if isinstance(value, _creation.Tensor) else value


def leaky_relu(input, negative_slope=0.01, inplace=False):
    _tensor_input("leaky_relu", input)
    negative_slope = _scalar("leaky_relu_" if inplace else "leaky_relu", input, negative_slope)
    return _inplace(LeakyRelu, input, negative_slope, inplace=inplace)


def elu(input, alpha=1.0, inplace=False):
    _tensor_input("elu", input)
    alpha = _scalar("elu_" if inplace else "elu", input, alpha)
    return _inplace(Elu, input, alpha, 1.0, 1.0, inplace=inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalising constants (EluBackward0, as in torch)."""
    return _inplace(Elu, input, _SELU_ALPHA, _SELU_SCALE, 1.0, inplace=inplace)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    alpha = _scalar("celu_" if inplace else "celu", input, alpha)
    if alpha == 0:  # (torch's C++ check, before any of the input's)
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _inplace(Celu, input, alpha, 1.0, 1.0 / alpha, inplace=inplace)


def gelu(input, approximate="none"):
    """x * Phi(x), exactly (erf) or with torch's tanh approximation."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate)


def silu(input, inplace=False):
    _tensor_input("silu", input)
    return _inplace(Silu, input, inplace=inplace)


def mish(input, inplace=False):
    return _inplace(Mish, input, inplace=inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, linear above `threshold` (computed without overflow)."""
    return Softplus.apply(input, beta, threshold)


def softsign(input):
    return input / (input.abs() + 1)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    _tensor_input("hardtanh", input)
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype is _dtype.bool:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    return _inplace(Hardtanh, input, min_val, max_val, inplace=inplace)


def relu6(input, inplace=False):
    _tensor_input("relu6", input)
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace=False):
    return _inplace(Hardsigmoid, input, inplace=inplace)


def hardswish(input, inplace=False):
    return _inplace(Hardswish, input, inplace=inplace)


def logsigmoid(input):
    """log(sigmoid(x)) = -softplus(-x), stable for large |x|."""
    return LogSigmoid.apply(input)


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value."""
    return _inplace(Threshold, input, threshold, value, inplace=inplace)


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0."""
    return Hardshrink.apply(input, lambd)


def softshrink(input, lambd=0.5):
    """x shrunk towards 0 by lambd (0 inside [-lambd, lambd])."""
    _require_kind(input._data, "f", "softshrink_check")  # (its dtype dispatch comes before the lambda's check)
    if lambd < 0:
        dt = input._data.dtype
        raise RuntimeError(f"lambda must be in range [0, {np.finfo(dt).max:g}] for input dtype {scalar_type_name(dt)}, but "
                           f"found {lambd:g}")
    return Softshrink.apply(input, lambd)


def tanhshrink(input):
    return input - input.tanh()


def glu(input, dim=-1):
    """Gated linear unit: a * sigmoid(b) for the halves (a, b) of `dim`."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if type(dim) is not int:  # (torch's F.glu hands it to its kernel's parser)
        dim = _signatures.as_parsed_by("glu", (input, dim))[1]
    return Glu.apply(input, _shape.wrap_dim(dim, input.dim()))


def prelu(input, weight):
    """max(0, x) + weight * min(0, x) with a learnable slope (one, or one per channel)."""
    if input.dtype != weight.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {scalar_type_name(input._data.dtype)} and "
                           f"{scalar_type_name(weight._data.dtype)}")
    n, channels = weight.numel(), (input.shape[1] if input.dim() >= 2 else 1)  # a 1-d input: one channel
    if n != 1 and n != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {n} "
                           f"and channel size = {channels}.")
    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}")
    if weight.dim() != input.dim():  # torch views the weight to broadcast (ViewBackward0)
        weight = weight.view(_channel_shape(input.dim(), n))
    return Prelu.apply(input, weight)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky ReLU whose negative slope is drawn from U(lower, upper) per element in training and is
    their mean otherwise."""
    lower, upper, training = _signatures.kernel_arguments("rrelu_" if inplace else "rrelu",
                                                          (input, lower, upper, training))[1:]
    return rrelu_with_generator(input, lower, upper, training, inplace)


def rrelu_with_generator(input, lower, upper, training, inplace, generator=None):
    """rrelu drawing from `generator` (torch.rrelu's), else pullback's global generator."""
    x = input._data
    _require_kind(x, "f", "rrelu_with_noise_out_cpu" if training else "leaky_relu_cpu")
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if training:
        rng = _creation._rng[0] if generator is None else generator._rng
        slope = rng.uniform(lower, upper, x.shape).astype(x.dtype)
    else:
        slope = np.asarray((lower + upper) / 2, x.dtype)
    noise = np.where(x >= 0, np.ones((), x.dtype), slope)
    return _inplace(RreluWithNoise, input, noise, inplace=inplace)


# torch's in-place forms (F.<name>_ is torch.<name>_ or torch._C._nn.<name>_): ATen's parameters, no inplace=
def relu_(input):
    """In-place relu."""
    return relu(input, True)


def elu_(input, alpha=1.0, scale=1.0, input_scale=1.0):
    """In-place elu (scale * elu(input_scale * x, alpha), as ATen's)."""
    return _inplace(Elu, input, alpha, scale, input_scale, inplace=True)


def leaky_relu_(input, negative_slope=0.01):
    """In-place leaky_relu."""
    return leaky_relu(input, negative_slope, True)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """In-place hardtanh."""
    _tensor_input("hardtanh_", input)  # (torch's C++ function: no check that min_val <= max_val, as F.hardtanh's)
    if input.dtype is _dtype.bool:
        raise RuntimeError("Bool inputs not supported for hardtanh")
    return _inplace(Hardtanh, input, min_val, max_val, inplace=True)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """In-place rrelu."""
    return rrelu_with_generator(input, lower, upper, training, True, generator)


def selu_(input):
    """In-place selu."""
    return selu(input, True)


def celu_(input, alpha=1.0):
    """In-place celu."""
    return celu(input, alpha, True)


def threshold_(input, threshold, value):
    """In-place threshold."""
    return _inplace(Threshold, input, threshold, value, inplace=True)
