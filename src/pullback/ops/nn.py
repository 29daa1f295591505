"""Neural-network ops: activations with their own nodes, the softmax family, losses, linear and
convolution, pooling, normalization, resampling, dropout and embedding.

Forward runs on NumPy (numerically stable forms: log-sum-exp, log1p(exp(-|x|))); every backward
is written in Tensor ops, so gradients of any order follow. Convolution, unfold/fold and pooling
share one vectorised im2col (a strided window view) and its adjoint col2im.

Public functions are re-exported by pullback.nn.functional; those torch also has at top level
(torch.softmax, torch.conv2d, ...) are listed in __all__ and so become pullback.<name>.
"""
import functools
import inspect
import itertools
import math
import numbers
import warnings

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import _creation
from .._creation import ones_like
from . import pointwise as _pointwise, shape as _shape
from ._op import Op
from .indexing import Index, IndexAccumulate
from .linalg import addmm
from .pointwise import Div, _erf, _sigmoid, clamp_min, where
from .reduction import LinalgVectorNorm
from .shape import UnsafeView

_SQRT1_2 = math.sqrt(0.5)
_INV_SQRT_2PI = 1.0 / math.sqrt(2 * math.pi)
_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _const(arr):
    """A constant (grad-free) tensor for use inside a derivative formula."""
    return Tensor._wrap(np.asarray(arr))


def _type_word(np_dtype):
    return {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
            "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}[np.dtype(np_dtype).name]


# ================================================================= activations
class LeakyRelu(Op):
    saves = (0,)

    def forward(ctx, x, slope):
        ctx.slope = slope
        return np.where(x > 0, x, x * np.asarray(slope, x.dtype))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return where(x > 0, grad, grad * ctx.slope), None


class Elu(Op):
    """scale * (x if x > 0 else alpha * (exp(input_scale * x) - 1)); selu and celu are instances."""
    saves = (0,)

    def forward(ctx, x, alpha, scale, input_scale):
        ctx.params = alpha, scale, input_scale
        with np.errstate(over="ignore"):
            neg = np.expm1(np.minimum(x, 0) * input_scale) * alpha
        return (np.where(x > 0, x, neg) * scale).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        alpha, scale, input_scale = ctx.params
        # exp of the clamped input: the unused branch must stay finite for double backward
        neg = grad * ((x.clamp(max=0) * input_scale).exp() * (alpha * scale * input_scale))
        return where(x > 0, grad * scale, neg), None, None, None


class Celu(Elu):
    pass


class Gelu(Op):
    saves = (0,)

    def forward(ctx, x, approximate):
        ctx.approximate = approximate
        if approximate == "tanh":
            k = math.sqrt(2 / math.pi)
            return 0.5 * x * (1 + np.tanh(k * (x + 0.044715 * x ** 3)))
        return 0.5 * x * (1 + _erf(x * _SQRT1_2))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        if ctx.approximate == "tanh":
            k = math.sqrt(2 / math.pi)
            t = ((x + 0.044715 * x ** 3) * k).tanh()
            d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * (k * (1 + 3 * 0.044715 * x * x))
        else:
            d = 0.5 * (1 + (x * _SQRT1_2).erf()) + x * ((x * x * -0.5).exp() * _INV_SQRT_2PI)
        return grad * d, None


class Silu(Op):
    saves = (0,)

    def forward(ctx, x):
        return x * _sigmoid(x)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        s = x.sigmoid()
        return grad * (s * (1 + x * (1 - s)))


def _softplus_np(x, beta, threshold):
    bx = x * beta
    return np.where(bx > threshold, x, np.logaddexp(0, bx) / beta).astype(x.dtype, copy=False)


class Softplus(Op):
    saves = (0,)

    def forward(ctx, x, beta, threshold):
        ctx.beta, ctx.threshold = beta, threshold
        return _softplus_np(x, beta, threshold)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return where(x * ctx.beta > ctx.threshold, grad, grad * (x * ctx.beta).sigmoid()), None, None


class Mish(Op):
    saves = (0,)

    def forward(ctx, x):
        return x * np.tanh(np.logaddexp(0, x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        t = softplus(x).tanh()
        return grad * (t + x * x.sigmoid() * (1 - t * t))


class _PassOrBlock(Op):
    """A piecewise activation of slope 1 or 0: the gradient passes where the input is live and is
    zero where `dead(x, *params)` (a Tensor mask) holds; `values(x, *params)` is the forward."""
    saves = (0,)

    @classmethod
    def forward(cls, ctx, x, *params):
        ctx.params = params
        return cls.values(x, *params)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return (grad.masked_fill(ctx.dead(x, *ctx.params), 0),) + (None,) * len(ctx.params)


class Hardtanh(_PassOrBlock):
    @staticmethod
    def values(x, lo, hi):
        return np.clip(x, lo, hi)

    @staticmethod
    def dead(x, lo, hi):
        return (x <= lo).logical_or(x >= hi)


class Threshold(_PassOrBlock):
    @staticmethod
    def values(x, threshold, value):
        return np.where(x > threshold, x, np.asarray(value, x.dtype))

    @staticmethod
    def dead(x, threshold, value):
        return x <= threshold


class Hardshrink(_PassOrBlock):
    @staticmethod
    def values(x, lambd):
        return np.where(np.abs(x) > lambd, x, np.zeros((), x.dtype))

    @staticmethod
    def dead(x, lambd):
        return x.abs() <= lambd


class Softshrink(Hardshrink):
    @staticmethod
    def values(x, lambd):
        return (np.sign(x) * np.maximum(np.abs(x) - lambd, 0)).astype(x.dtype, copy=False)


class Hardsigmoid(Op):
    saves = (0,)

    def forward(ctx, x):
        return (np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad.masked_fill((x <= -3).logical_or(x >= 3), 0) / 6


class Hardswish(Op):
    saves = (0,)

    def forward(ctx, x):
        return (x * np.clip(x + 3, 0, 6) / 6).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        inner = where(x <= 3, grad * (x / 3 + 0.5), grad)
        return inner.masked_fill(x < -3, 0)


class LogSigmoid(Op):
    saves = (0,)

    def forward(ctx, x):
        return -np.logaddexp(0, -x).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * (-x).sigmoid()


class Prelu(Op):
    """max(0, x) + weight * min(0, x), weight shared or one per channel (dim 1)."""
    saves = (0, 1)
    node_name = "PreluKernelBackward0"

    def forward(ctx, x, w):
        ctx.wshape = _channel_shape(x.ndim, w.size)
        return np.where(x > 0, x, w.reshape(ctx.wshape) * x)

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        wb = w.reshape(ctx.wshape)
        pos = x > 0
        gx = where(pos, grad, grad * wb) if ctx.needs_input_grad[0] else None
        gw = None
        if ctx.needs_input_grad[1]:
            gw = (grad * x).masked_fill(pos, 0)
            gw = gw.sum(tuple(i for i, n in enumerate(ctx.wshape) if n == 1 and x.dim())).reshape(w.shape)
        return gx, gw


def _channel_shape(ndim, n):
    """Broadcast shape of a per-channel parameter (channels at dim 1, or the only dim)."""
    if n == 1 or ndim == 0:
        return (1,) * ndim
    return (n,) if ndim == 1 else (1, n) + (1,) * (ndim - 2)


class RreluWithNoise(Op):
    """x where x >= 0, else slope * x with the slope drawn per element (training) or fixed."""

    def forward(ctx, x, noise):
        ctx.noise = noise
        return x * noise

    def backward(ctx, grad):
        return grad * _const(ctx.noise), None


class Glu(Op):
    """a * sigmoid(b) for the two halves (a, b) of `dim`."""
    saves = (0,)

    def forward(ctx, x, dim):
        n = x.shape[dim]
        if n % 2:
            raise RuntimeError(f"Halving dimension must be even, but dimension {dim} is size {n}")
        ctx.dim = dim
        a, b = np.split(x, 2, axis=dim)
        return a * _sigmoid(b)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        a, b = x.chunk(2, ctx.dim)
        s = b.sigmoid()
        return _shape.cat([grad * s, grad * a * s * (1 - s)], ctx.dim), None


# ================================================================= softmax family
def _check_float(x, kernel):
    if x.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(x.dtype)}\'')


class Softmax(Op):
    saves = ("result",)

    def forward(ctx, x, dim):
        _check_float(x, "softmax_lastdim_kernel_impl")
        ctx.dim = dim
        e = np.exp(x - np.max(x, axis=dim, keepdims=True)) if x.size else x.copy()
        return e / np.sum(e, axis=dim, keepdims=True)

    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return y * (grad - (grad * y).sum(ctx.dim, keepdim=True)), None


class LogSoftmax(Op):
    saves = ("result",)

    def forward(ctx, x, dim):
        _check_float(x, "log_softmax_lastdim_kernel_impl")
        ctx.dim = dim
        if not x.size:
            return x.copy()
        shifted = x - np.max(x, axis=dim, keepdims=True)
        return shifted - np.log(np.sum(np.exp(shifted), axis=dim, keepdims=True))

    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return grad - y.exp() * grad.sum(ctx.dim, keepdim=True), None


# ================================================================= losses
_REDUCTIONS = ("none", "mean", "sum")


def _reduce_np(loss, reduction):
    if reduction == "mean":
        return np.mean(loss)
    if reduction == "sum":
        return np.sum(loss)
    return loss


def _unreduce(grad, ctx):
    """The gradient of a reduced loss with respect to each elementwise loss term."""
    return grad / ctx.n if ctx.reduction == "mean" else grad


class _ReducedLoss(Op):
    """A loss computed elementwise on (input, target) and then reduced: subclasses give the
    elementwise loss `terms` on NumPy and its partial derivatives `partials` on Tensors."""
    saves = (0, 1)

    target_as_input = False   # torch computes some losses in the input's dtype

    @classmethod
    def forward(cls, ctx, x, y, reduction, param):
        ctx.reduction, ctx.param = reduction, param
        if cls.target_as_input:
            y = y.astype(x.dtype, copy=False)
        terms = cls.terms(x, y, param)
        ctx.n = terms.size
        return _reduce_np(terms, reduction)

    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        g = _unreduce(grad, ctx)
        dx, dy = ctx.partials(x, y, ctx.param, ctx.needs_input_grad)
        return (g * dx if dx is not None else None), (g * dy if dy is not None else None), None, None


class _DifferenceLoss(_ReducedLoss):
    """A loss of d = input - target: d(loss)/d(target) = -d(loss)/d(input)."""

    @classmethod
    def terms(cls, x, y, param):
        return cls.of_difference(x - y, param)

    @classmethod
    def partials(cls, x, y, param, needs):
        d = cls.derivative(x - y, param)
        return d if needs[0] else None, -d if needs[1] else None


class MseLoss(_DifferenceLoss):
    @staticmethod
    def of_difference(d, param):
        return d * d

    @staticmethod
    def derivative(d, param):
        return 2 * d


class SmoothL1Loss(_DifferenceLoss):
    @staticmethod
    def of_difference(d, beta):
        a = np.abs(d)
        return np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta).astype(d.dtype, copy=False)

    @staticmethod
    def derivative(d, beta):
        return where(d.abs() < beta, d / beta, d.sign())


class HuberLoss(_DifferenceLoss):
    target_as_input = True

    @staticmethod
    def of_difference(d, delta):
        a = np.abs(d)
        return np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(d.dtype, copy=False)

    @staticmethod
    def derivative(d, delta):
        return where(d.abs() <= delta, d, d.sign() * delta)


class BinaryCrossEntropy(_ReducedLoss):
    """-w (y log x + (1 - y) log(1 - x)), each log clamped at -100 as torch does."""

    @staticmethod
    def terms(x, y, weight):
        if ((x < 0) | (x > 1)).any():
            raise RuntimeError("all elements of input should be between 0 and 1")
        with np.errstate(divide="ignore"):
            loss = -(y * np.maximum(np.log(x), -100) + (1 - y) * np.maximum(np.log1p(-x), -100))
        return loss if weight is None else loss * weight.astype(x.dtype, copy=False)

    @staticmethod
    def partials(x, y, weight, needs):
        w = 1 if weight is None else _const(weight.astype(x._data.dtype, copy=False))
        dx = (x - y) / ((1 - x) * x).clamp(min=1e-12) * w if needs[0] else None
        dy = ((1 - x).log().clamp(min=-100) - x.log().clamp(min=-100)) * w if needs[1] else None
        return dx, dy


class BinaryCrossEntropyWithLogits(_ReducedLoss):
    """-w (p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) with p = pos_weight, via softplus."""

    @staticmethod
    def terms(x, y, param):
        weight, pos_weight = param
        log_sig_neg = -np.logaddexp(0, x)      # log(1 - sigmoid(x))
        log_sig = -np.logaddexp(0, -x)         # log(sigmoid(x))
        coef = y if pos_weight is None else y * pos_weight
        loss = -(coef * log_sig + (1 - y) * log_sig_neg)
        return (loss if weight is None else loss * weight).astype(np.result_type(x, y), copy=False)

    @staticmethod
    def partials(x, y, param, needs):
        weight, pos_weight = param
        w = 1 if weight is None else _const(weight)
        p = 1 if pos_weight is None else _const(pos_weight)
        dx = ((p * y + 1 - y) * x.sigmoid() - p * y) * w if needs[0] else None
        dy = (logsigmoid(-x) - p * logsigmoid(x)) * w if needs[1] else None
        return dx, dy


class NllLoss(Op):
    """Negative log-likelihood of class indices (input: (C,), (N, C) or (N, C, d1, ...))."""

    def forward(ctx, x, target, weight, reduction, ignore_index):
        cdim = 1 if x.ndim >= 2 else 0
        n_classes = x.shape[cdim]
        t = np.expand_dims(target, cdim)
        ignored = t == ignore_index
        safe = np.where(ignored, 0, t)
        bad = safe[(safe < 0) | (safe >= n_classes)]
        if bad.size:
            raise IndexError(f"Target {bad.flat[0]} is out of bounds.")
        w = np.ones(n_classes, x.dtype) if weight is None else weight.astype(x.dtype, copy=False)
        wt = np.where(ignored, 0, w[safe]).astype(x.dtype)          # each sample's weight, 0 if ignored
        picked = np.take_along_axis(x, safe, axis=cdim)
        losses = -(wt * picked)
        if reduction == "mean":
            denom = wt.sum()
            out = losses.sum() / denom if denom else np.asarray(np.nan, x.dtype)
            wt = wt / denom if denom else wt * np.nan
        elif reduction == "sum":
            out = losses.sum()
        else:
            out = np.squeeze(losses, cdim)
        # d(out)/d(x) is -w_t at each sample's target class: kept as a dense coefficient
        coef = np.zeros_like(x)
        np.put_along_axis(coef, safe, -wt, axis=cdim)
        ctx.coef, ctx.cdim, ctx.reduction = coef, cdim, reduction
        return np.asarray(out, x.dtype)

    def backward(ctx, grad):
        g = grad.unsqueeze(ctx.cdim) if ctx.reduction == "none" else grad
        return g * _const(ctx.coef), None, None, None, None


class NllLoss2D(NllLoss):
    """The same loss for inputs with spatial dims, as torch names it."""
    node_name = "NllLoss2DBackward0"


class SoftMarginLoss(_ReducedLoss):
    """log(1 + exp(-y x))."""
    target_as_input = True

    @staticmethod
    def terms(x, y, param):
        return np.logaddexp(0, -y * x).astype(np.result_type(x, y), copy=False)

    @staticmethod
    def partials(x, y, param, needs):
        return -y * (-y * x).sigmoid(), None


class MultiMarginLoss(Op):
    """sum over i != y of w_y max(0, margin - x_y + x_i)^p / C, per sample."""
    saves = (0,)

    def forward(ctx, x, target, p, margin, weight, reduction):
        x2 = x.reshape(-1, x.shape[-1])
        onehot = np.arange(x2.shape[1]) == target.reshape(-1, 1)
        wy = np.ones(len(x2), x.dtype) if weight is None else weight[target.reshape(-1)].astype(x.dtype)
        z = margin - x2[onehot][:, None] + x2
        h = np.where(onehot, 0, np.maximum(z, 0))
        per = (h ** p).sum(1) * wy / x2.shape[1]
        ctx.onehot, ctx.wy, ctx.p, ctx.margin, ctx.reduction, ctx.n = onehot, wy, p, margin, reduction, len(x2)
        return _reduce_np(per.reshape(x.shape[:-1]), reduction).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        x2 = x.reshape(-1, x.shape[-1])
        onehot = _const(ctx.onehot)
        z = (x2 * onehot).sum(1, keepdim=True) * -1 + x2 + ctx.margin
        live = z.gt(0).logical_and(onehot.logical_not())
        slope = live if ctx.p == 1 else (z * 2).masked_fill(live.logical_not(), 0)
        d = slope * _const((ctx.wy / x2.shape[1])[:, None])
        d = d - onehot * d.sum(1, keepdim=True)
        g = _unreduce(grad, ctx)
        g = g.reshape(-1, 1) if ctx.reduction == "none" else g
        return (g * d).reshape(x.shape), None, None, None, None, None


class MultilabelMarginLoss(Op):
    """sum over target classes j and non-target classes i of max(0, 1 - (x_j - x_i)) / C."""

    def forward(ctx, x, target, reduction):
        x2, t2 = x.reshape(-1, x.shape[-1]), target.reshape(-1, x.shape[-1])
        c = x2.shape[1]
        # the targets are the indices before the first -1 of each row
        valid = np.cumprod(t2 >= 0, axis=1).astype(bool)
        is_target = np.zeros(x2.shape, bool)
        rows = np.nonzero(valid)[0]
        is_target[rows, t2[valid]] = True
        hinge = 1 - x2[:, :, None] + x2[:, None, :]        # [n, j, i]: 1 - (x_j - x_i)
        active = (hinge > 0) & is_target[:, :, None] & ~is_target[:, None, :]
        per = np.where(active, hinge, 0).sum((1, 2)) / c
        # the loss is piecewise linear, so its gradient is a constant coefficient per element
        coef = (active.sum(1) - active.sum(2)) / c
        ctx.coef, ctx.reduction, ctx.n, ctx.shape = coef.astype(x.dtype), reduction, len(x2), x.shape
        return _reduce_np(per.reshape(x.shape[:-1]), reduction).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        g = _unreduce(grad, ctx)
        g = g.reshape(-1, 1) if ctx.reduction == "none" else g
        return (g * _const(ctx.coef)).reshape(ctx.shape), None, None


class _ScalarDiv(Div):
    """tensor / number as ATen's composite losses write it (DivBackward1)."""
    node_name = "DivBackward1"


# ================================================================= im2col / col2im
def _pad_np(x, pads, value=0):
    """Pad the trailing len(pads) dims of x by pads = ((before, after), ...)."""
    if not any(p for pair in pads for p in pair):
        return x
    return np.pad(x, ((0, 0),) * (x.ndim - len(pads)) + tuple(pads), constant_values=value)


def _windows(xp, kernel, stride, dilation):
    """(N, C, *out, *kernel): a strided view of the sliding windows over the trailing len(kernel)
    dims of an already padded input."""
    d = len(kernel)
    eff = tuple((k - 1) * dl + 1 for k, dl in zip(kernel, dilation))
    v = sliding_window_view(xp, eff, axis=tuple(range(-d, 0)))
    steps = tuple(slice(None, None, s) for s in stride) + tuple(slice(None, None, dl) for dl in dilation)
    return v[(Ellipsis,) + steps]


def _col2im(cols, out_size, stride, pads, dilation):
    """Adjoint of padding + _windows: sum window-shaped `cols` (N, C, *out, *kernel) back into an
    (N, C, *out_size) image (the padding cropped away)."""
    d = len(out_size)
    windows, kernel = cols.shape[-2 * d:-d], cols.shape[-d:]
    full = tuple(max(n + sum(p), (k - 1) * dl + s * (o - 1) + 1)
                 for n, p, k, dl, s, o in zip(out_size, pads, kernel, dilation, stride, windows))
    out = np.zeros(cols.shape[:-2 * d] + full, cols.dtype)
    for k_at in itertools.product(*map(range, kernel)):
        dst = tuple(slice(i * dl, i * dl + s * (o - 1) + 1, s) for i, dl, s, o in zip(k_at, dilation, stride, windows))
        out[(Ellipsis,) + dst] += cols[(Ellipsis,) + k_at]
    return out[(Ellipsis,) + tuple(slice(p[0], p[0] + n) for p, n in zip(pads, out_size))]


def _group_slices(n, groups):
    size = n // groups
    return [slice(g * size, (g + 1) * size) for g in range(groups)]


def _conv_np(x, w, stride, pads, dilation, groups):
    """Cross-correlation: x (N, C, *size), w (O, C/groups, *kernel) -> (N, O, *out)."""
    d = w.ndim - 2
    win = _windows(_pad_np(x, pads), w.shape[2:], stride, dilation)
    axes = ([1] + list(range(2 + d, 2 + 2 * d)), list(range(1, 2 + d)))
    outs = [np.tensordot(win[:, ci], w[oi], axes=axes)
            for ci, oi in zip(_group_slices(x.shape[1], groups), _group_slices(w.shape[0], groups))]
    out = outs[0] if groups == 1 else np.concatenate(outs, axis=-1)
    return np.ascontiguousarray(np.moveaxis(out, -1, 1))


def _conv_transpose_np(g, w, stride, pads, dilation, groups, out_size):
    """The adjoint of _conv_np in x: g (N, O, *out), w (O, C/groups, *kernel) -> (N, C, *out_size)."""
    d = w.ndim - 2
    cols = [np.moveaxis(np.tensordot(g[:, oi], w[oi], axes=([1], [0])), 1 + d, 1)
            for oi in _group_slices(w.shape[0], groups)]
    cols = cols[0] if groups == 1 else np.concatenate(cols, axis=1)
    return _col2im(cols, out_size, stride, pads, dilation)


def _conv_weight_np(x, g, kernel, stride, pads, dilation, groups):
    """The adjoint of _conv_np in w: x (N, C, *size), g (N, O, *out) -> (O, C/groups, *kernel)."""
    d = len(kernel)
    # a transposed conv's output_padding may leave windows past the last one that reached g
    win = _windows(_pad_np(x, pads), kernel, stride, dilation)[(slice(None),) * 2 + tuple(map(slice, g.shape[2:]))]
    axes = [0] + list(range(2, 2 + d))
    parts = [np.tensordot(g[:, oi], win[:, ci], axes=(axes, axes))
             for ci, oi in zip(_group_slices(x.shape[1], groups), _group_slices(g.shape[1], groups))]
    return parts[0] if groups == 1 else np.concatenate(parts, axis=0)


class Im2Col(Op):
    """unfold: (N, C, H, W) -> (N, C * kh * kw, L), each column one sliding window."""

    def forward(ctx, x, kernel, dilation, padding, stride):
        x4 = _batched(x)
        ctx.args, ctx.in_hw, ctx.batched = (kernel, dilation, padding, stride), x4.shape[2:], x.ndim == 4
        win = _windows(_pad_np(x4, tuple((p, p) for p in padding)), kernel, stride, dilation)
        n, c, ho, wo, kh, kw = win.shape
        out = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, ho * wo)
        return out if ctx.batched else out[0]

    def backward(ctx, grad):
        return (Col2Im.apply(grad, ctx.in_hw, *ctx.args),) + (None,) * 4


class Col2Im(Op):
    """fold: the adjoint of unfold, summing overlapping window entries back into an image."""

    def forward(ctx, cols, out_hw, kernel, dilation, padding, stride):
        ctx.args = kernel, dilation, padding, stride
        c3 = cols[None] if cols.ndim == 2 else cols
        n, ckk, length = c3.shape
        kh, kw = kernel
        pads = tuple((p, p) for p in padding)
        blocks = [(o + 2 * p - d * (k - 1) - 1) // s + 1 for o, p, d, k, s in zip(out_hw, padding, dilation,
                                                                                      kernel, stride)]
        if ckk % (kh * kw):
            raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
                               f"but got input.size(1)={ckk} and kernel_size=({kh}, {kw})")
        if blocks[0] * blocks[1] != length:
            raise RuntimeError(f"Given output_size=({out_hw[0]}, {out_hw[1]}), kernel_size=({kh}, {kw}), "
                               f"dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, {padding[1]}), "
                               f"stride=({stride[0]}, {stride[1]}), expected size of input's dimension 2 to match the "
                               f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                               f"{blocks[0] * blocks[1]}, but got input.size(2)={length}.")
        six = c3.reshape(n, ckk // (kh * kw), kh, kw, *blocks).transpose(0, 1, 4, 5, 2, 3)
        out = _col2im(six, out_hw, stride, pads, dilation)
        return out if cols.ndim == 3 else out[0]

    def backward(ctx, grad):
        return (Im2Col.apply(grad, *ctx.args),) + (None,) * 5


# ================================================================= convolution
class Convolution(Op):
    """conv (transposed=False) or transposed conv over the dims after (N, C).

    For transposed, `out_size` is the output's spatial size (from output_padding)."""
    saves = (0, 1)

    def forward(ctx, x, w, b, stride, pads, dilation, transposed, out_size, groups):
        ctx.args = stride, pads, dilation, groups
        ctx.transposed, ctx.in_size = transposed, x.shape[2:]
        if transposed:
            out = _conv_transpose_np(x, w, stride, pads, dilation, groups, out_size)
        else:
            out = _conv_np(x, w, stride, pads, dilation, groups)
        if b is not None:
            out += b.reshape((-1,) + (1,) * (x.ndim - 2))
        return out

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        stride, pads, dilation, groups = ctx.args
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = gw = gb = None
        if need_x:  # the adjoint in x: the other kind of convolution with the same weight
            gx = Convolution.apply(grad, w, None, stride, pads, dilation, not ctx.transposed, ctx.in_size, groups)
            gx = _crop(gx, ctx.in_size)
        if need_w:
            pair = (grad, x) if ctx.transposed else (x, grad)
            gw = ConvolutionWeight.apply(*pair, tuple(w.shape[2:]), stride, pads, dilation, groups)
        if need_b:
            gb = grad.sum((0,) + tuple(range(2, grad.dim())))
        return (gx, gw, gb) + (None,) * 6


class ConvolutionWeight(Op):
    """The weight gradient of a convolution, bilinear in (input, grad_output); its own gradients
    are convolutions again, so any order of derivative stays in these two ops."""
    node_name = "ConvolutionBackwardBackward0"
    saves = (0, 1)

    def forward(ctx, x, g, kernel, stride, pads, dilation, groups):
        ctx.args = kernel, stride, pads, dilation, groups
        ctx.in_size, ctx.g_size = x.shape[2:], g.shape[2:]
        return _conv_weight_np(x, g, kernel, stride, pads, dilation, groups)

    def backward(ctx, ggw):
        x, g = ctx.saved_tensors
        kernel, stride, pads, dilation, groups = ctx.args
        need_x, need_g = ctx.needs_input_grad[:2]
        gx = Convolution.apply(g, ggw, None, stride, pads, dilation, True, ctx.in_size, groups) if need_x else None
        gg = None
        if need_g:
            gg = _crop(Convolution.apply(x, ggw, None, stride, pads, dilation, False, None, groups), ctx.g_size)
        return (gx, gg) + (None,) * 5


def _crop(t, size):
    """The leading `size` block of t's spatial dims: a conv of a transposed conv's gradient can reach
    past the input when output_padding added rows and columns that no input position touched."""
    if tuple(t.shape[2:]) == tuple(size):
        return t
    return t[(Ellipsis,) + tuple(map(slice, size))]


def _tuple(v, n, name="value"):
    if isinstance(v, numbers.Integral):
        return (int(v),) * n
    v = tuple(int(a) for a in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                           f"convolution dimensions, but got {name}={list(v)}")
    return v


def _convolution(input, weight, bias, stride, padding, dilation, groups, d, transposed=False, output_padding=0):
    """Shared argument handling of conv1d/conv2d/conv_transpose*: checks in torch's words, then one op."""
    x, w = input._data, weight._data
    unbatched = x.ndim == d + 1
    if x.ndim not in (d + 1, d + 2):
        raise RuntimeError(f"Expected {d + 1}D (unbatched) or {d + 2}D (batched) input to conv{d}d, but got input "
                           f"of size: {list(x.shape)}")
    if unbatched:
        input = input.unsqueeze(0)
        x = input._data
    if w.ndim != d + 2:
        raise RuntimeError(f"weight should have at least three dimensions" if w.ndim < 3 else
                           f"Expected {d + 2}-dimensional input for {d + 2}-dimensional weight {list(w.shape)}, but "
                           f"got {x.ndim}-dimensional input of size {list(x.shape)} instead")
    if x.dtype != w.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(x.dtype)} but found {_type_word(w.dtype)}")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    stride, dilation = _tuple(stride, d, "stride"), _tuple(dilation, d, "dilation")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    kernel = w.shape[2:]
    in_ch = x.shape[1]
    if transposed:
        if in_ch != w.shape[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {list(w.shape)}, expected input{list(x.shape)} to "
                               f"have {w.shape[0]} channels, but got {in_ch} channels instead")
        out_ch = w.shape[1] * groups
    else:
        if in_ch != w.shape[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {list(w.shape)}, expected input{list(x.shape)} "
                               f"to have {w.shape[1] * groups} channels, but got {in_ch} channels instead")
        if w.shape[0] % groups:
            raise RuntimeError("Given groups=" + str(groups) + ", expected weight to be divisible by " + str(groups)
                               + " at dimension 0, but got weight of size " + str(list(w.shape)) + " instead")
        out_ch = w.shape[0]
    if bias is not None and bias.dtype != input.dtype:
        raise RuntimeError(f"Input type ({_c_type(x.dtype)}) and bias type ({_c_type(bias._data.dtype)}) should be "
                           "the same")
    if bias is not None and tuple(bias.shape) != (out_ch,):
        raise RuntimeError(f"Given weight of size {list(w.shape)}, expected bias to be 1-dimensional with "
                           f"{out_ch} elements, but got bias of size {list(bias.shape)} instead")
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0),) * d
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise RuntimeError("padding='same' is not supported for strided convolutions")
            totals = [dl * (k - 1) for dl, k in zip(dilation, kernel)]
            pads = tuple((t // 2, t - t // 2) for t in totals)
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        p = _tuple(padding, d, "padding")
        if any(v < 0 for v in p):
            raise RuntimeError("negative padding is not supported")
        pads = tuple((v, v) for v in p)
    hw = x.shape[2:]
    out_hw = None
    if transposed:
        op = _tuple(output_padding, d, "output_padding")
        if any(o >= max(s, dl) for o, s, dl in zip(op, stride, dilation)):
            raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                               f"output_padding: {', '.join(map(str, op))}, stride: {', '.join(map(str, stride))}, "
                               f"dilation: {', '.join(map(str, dilation))}")
        out_hw = tuple((n - 1) * s - sum(p) + dl * (k - 1) + o + 1
                       for n, s, p, dl, k, o in zip(hw, stride, pads, dilation, kernel, op))
        if min(out_hw) <= 0:
            raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, hw))}). Calculated output size "
                               f"per channel: ({' x '.join(map(str, out_hw))}). Output size is too small")
    else:
        padded = [n + sum(p) for n, p in zip(hw, pads)]
        eff = [dl * (k - 1) + 1 for dl, k in zip(dilation, kernel)]
        if any(e > n for e, n in zip(eff, padded)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                               f"size: ({' x '.join(map(str, eff))}). Kernel size can't be greater than actual input "
                               "size")
    out = Convolution.apply(input, weight, bias, stride, pads, dilation, transposed, out_hw, groups)
    return out.squeeze(0) if unbatched else out


def _c_type(np_dtype):
    return {"float32": "float", "float64": "double"}.get(np.dtype(np_dtype).name, np.dtype(np_dtype).name)


def _check_params_dtype(input, *params):
    """Normalization parameters and statistics must share the input's dtype (torch's CPU kernels)."""
    dt = input._data.dtype
    for p in params:
        if p is not None and p._data.dtype != dt:
            if p._data.dtype.itemsize > dt.itemsize:
                raise RuntimeError(f"mixed dtype (CPU): expect parameter to have scalar type of {_type_word(dt)}")
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _tensor_name(arr):
    from .._tensor import tensor_type_name
    return tensor_type_name(arr.dtype)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d cross-correlation over (N, C, L) (ConvolutionBackward0)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d cross-correlation over (N, C, H, W); padding may be a number, a pair, 'valid' or 'same'."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-d cross-correlation over (N, C, D, H, W)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 3)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv1d in its input ("deconvolution"); weight is (C_in, C_out / groups, k)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1, True, output_padding)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv2d in its input ("deconvolution"); weight is (C_in, C_out / groups, kh, kw)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2, True, output_padding)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv3d in its input; weight is (C_in, C_out / groups, kd, kh, kw)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 3, True, output_padding)


# ================================================================= pooling
def _batched(x, d=2):
    """Unbatched (C, *spatial) inputs run as a batch of one."""
    return x[None] if x.ndim == d + 1 else x


def _pool_geometry(hw, kernel, stride, padding, dilation, ceil_mode):
    """Output size and padding ((before, after), ...) per spatial dim; ceil_mode's last window may
    run past the padding, which `after` then extends to cover."""
    out, pads = [], []
    for n, k, s, p, d in zip(hw, kernel, stride, padding, dilation):
        eff = d * (k - 1) + 1
        span = n + 2 * p - eff
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + p:
            o -= 1
        out.append(o)
        pads.append((p, max(p, (o - 1) * s + eff - n - p)))
    return tuple(out), tuple(pads)


class MaxPool2DWithIndices(Op):
    """Max over each window, and the argmax as a flat index into the input's spatial plane."""
    n_outputs = 2
    nondiff_outputs = (1,)
    node_name = "MaxPool2DWithIndicesBackward0"

    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode):
        d = len(kernel)
        xb = _batched(x, d)
        n, c, size = xb.shape[0], xb.shape[1], xb.shape[2:]
        out_size, pads = _pool_geometry(size, kernel, stride, padding, dilation, ceil_mode)
        fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
        win = _windows(_pad_np(xb, pads, fill), kernel, stride, dilation)
        flat = win.reshape(n, c, *out_size, -1)
        arg = flat.argmax(-1)
        out = np.take_along_axis(flat, arg[..., None], -1)[..., 0]
        idx = np.zeros(arg.shape, np.int64)
        for i, (o, s, p, dl, k_at, extent) in enumerate(zip(out_size, stride, padding, dilation,
                                                            np.unravel_index(arg, kernel), size)):
            start = (np.arange(o) * s - p).reshape((-1,) + (1,) * (d - 1 - i))
            idx = idx * extent + start + k_at * dl
        ctx.in_shape, ctx.idx = x.shape, idx.reshape(n * c, -1)
        ctx.plane = int(np.prod(size))
        return out.reshape(x.shape[:-d] + out_size), idx.reshape(x.shape[:-d] + out_size)

    def backward(ctx, grad, _=None):
        nc = ctx.idx.shape[0]
        key = (np.arange(nc)[:, None], ctx.idx)
        g = IndexAccumulate.apply(grad.reshape(nc, -1), (nc, ctx.plane), key)
        return (g.reshape(ctx.in_shape),) + (None,) * (len(ctx.next_functions) - 1)


class MaxPool3DWithIndices(MaxPool2DWithIndices):
    node_name = "MaxPool3DWithIndicesBackward0"


class AdaptiveMaxPool2D(MaxPool2DWithIndices):
    """The max over adaptive windows (along each dim, floor(i n / o) .. ceil((i + 1) n / o) - 1),
    with flat indices into the input's spatial plane."""

    def forward(ctx, x, out_size):
        d = len(out_size)
        xb = _batched(x, d)
        n, c, size = xb.shape[0], xb.shape[1], xb.shape[2:]
        out = np.empty((n, c) + tuple(out_size), x.dtype)
        idx = np.empty((n, c) + tuple(out_size), np.int64)
        for cell in itertools.product(*map(range, out_size)):
            bounds = [((i * m) // o, -(-((i + 1) * m) // o)) for i, m, o in zip(cell, size, out_size)]
            block = xb[(slice(None),) * 2 + tuple(slice(lo, hi) for lo, hi in bounds)].reshape(n, c, -1)
            arg = block.argmax(-1)
            out[(slice(None),) * 2 + cell] = np.take_along_axis(block, arg[..., None], -1)[..., 0]
            flat = np.zeros_like(arg)
            for (lo, hi), k_at, m in zip(bounds, np.unravel_index(arg, [hi - lo for lo, hi in bounds]), size):
                flat = flat * m + lo + k_at
            idx[(slice(None),) * 2 + cell] = flat
        ctx.in_shape, ctx.idx, ctx.plane = x.shape, idx.reshape(n * c, -1), int(np.prod(size))
        return out.reshape(x.shape[:-d] + tuple(out_size)), idx.reshape(x.shape[:-d] + tuple(out_size))


class AdaptiveMaxPool3D(AdaptiveMaxPool2D):
    pass


def _avg_divisor(size, kernel, stride, padding, out_size, count_include_pad, divisor_override):
    """The divisor of each window (an array over the output's spatial dims), torch's rule for
    padding and ceil_mode's overhang."""
    if divisor_override:
        return np.asarray(divisor_override)
    sizes = []
    for n, k, s, p, o in zip(size, kernel, stride, padding, out_size):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        sizes.append(end - start if count_include_pad else np.minimum(end, n) - np.maximum(start, 0))
    return functools.reduce(np.multiply.outer, sizes)


class AvgPool2D(Op):
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        d = len(kernel)
        xb = _batched(x, d)
        ones = (1,) * d
        out_size, pads = _pool_geometry(xb.shape[2:], kernel, stride, padding, ones, ceil_mode)
        div = _avg_divisor(xb.shape[2:], kernel, stride, padding, out_size, count_include_pad, divisor_override)
        ctx.geometry = x.shape, kernel, stride, pads, div.astype(x.dtype)
        out = _windows(_pad_np(xb, pads), kernel, stride, ones).sum(tuple(range(-d, 0))) / ctx.geometry[-1]
        ctx.args = kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
        return out.astype(x.dtype, copy=False).reshape(x.shape[:-d] + out_size)

    def backward(ctx, grad):
        return (AvgPool2DAdjoint.apply(grad, type(ctx), ctx.geometry, ctx.args),) + (None,) * 6


class AvgPool3D(AvgPool2D):
    pass


class AvgPool2DAdjoint(Op):
    """Each output gradient spread evenly back over its window (the adjoint of average pooling)."""
    node_name = "AvgPool2DBackwardBackward0"

    def forward(ctx, g, pool, geometry, args):
        in_shape, kernel, stride, pads, div = geometry
        d = len(kernel)
        ctx.pool, ctx.args = pool, args
        gb = _batched(g, d) / div
        cols = np.broadcast_to(gb[(Ellipsis,) + (None,) * d], gb.shape + tuple(kernel))
        return _col2im(cols, in_shape[-d:], stride, pads, (1,) * d).reshape(in_shape)

    def backward(ctx, grad):
        return ctx.pool.apply(grad, *ctx.args), None, None, None


# ================================================================= separable resampling
class _Resample(Op):
    """A linear map per trailing dim, out = x with each of its last len(mats) dims multiplied by
    its matrix. Adaptive average pooling and nearest / (bi/tri)linear interpolation are all of
    this separable form; each subclass carries torch's node name."""

    def forward(ctx, x, mats):
        ctx.mats = [a.astype(x.dtype) for a in mats]
        first = x.ndim - len(mats)
        for axis, a in enumerate(ctx.mats, first):
            x = np.moveaxis(np.moveaxis(x, axis, -1) @ a.T, -1, axis)
        return np.ascontiguousarray(x)

    def backward(ctx, grad):
        last = grad.dim() - 1
        for axis, a in enumerate(ctx.mats, grad.dim() - len(ctx.mats)):
            if axis == last:
                grad = grad.matmul(_const(a))
            else:
                grad = grad.transpose(axis, -1).matmul(_const(a)).transpose(axis, -1)
        return grad, None


_RESAMPLE = {name: type(name, (_Resample,), {"__module__": __name__})
             for name in ("AdaptiveAvgPool2D", "AdaptiveAvgPool3D", "UpsampleNearest1D", "UpsampleNearest2D",
                          "UpsampleNearest3D", "UpsampleNearestExact1D", "UpsampleNearestExact2D",
                          "UpsampleNearestExact3D", "UpsampleLinear1D", "UpsampleBilinear2D", "UpsampleTrilinear3D",
                          "UpsampleBilinear2DAa")}


def _antialias_matrix(n, o, scale):
    """Bilinear resampling whose triangle filter widens with the downscale factor (torch's, after PIL)."""
    support = max(scale, 1.0)
    inv = 1.0 / scale if scale >= 1 else 1.0
    a = np.zeros((o, n))
    for i in range(o):
        center = scale * (i + 0.5)
        lo, hi = max(int(center - support + 0.5), 0), min(int(center + support + 0.5), n)
        w = np.maximum(0, 1 - np.abs((np.arange(lo, hi) - center + 0.5) * inv))
        a[i, lo:hi] = w / w.sum()
    return a


def _adaptive_matrix(n, o):
    """Row i averages input positions floor(i n / o) .. ceil((i + 1) n / o) - 1."""
    a = np.zeros((o, n))
    for i in range(o):
        lo, hi = (i * n) // o, -(-((i + 1) * n) // o)
        a[i, lo:hi] = 1.0 / (hi - lo)
    return a


def _nearest_matrix(n, o, scale, shift=0.0):
    src = np.minimum(np.floor((np.arange(o) + shift) * scale).astype(np.int64), n - 1)
    a = np.zeros((o, n))
    a[np.arange(o), src] = 1.0
    return a


def _linear_matrix(n, o, scale, align_corners):
    if align_corners:
        src = np.arange(o) * ((n - 1) / (o - 1) if o > 1 else 0.0)
    else:
        src = np.maximum((np.arange(o) + 0.5) * scale - 0.5, 0.0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    lam = src - i0
    a = np.zeros((o, n))
    np.add.at(a, (np.arange(o), i0), 1 - lam)
    np.add.at(a, (np.arange(o), i1), lam)
    return a


# ================================================================= normalization
class _Normalization(Op):
    """(x - mean) / sqrt(var + eps) over some dims of a view of x, then weight * . + bias.
    A subclass's `layout(shape, arg)` gives (view shape, normalized dims, affine broadcast shape)."""
    saves = (0, 1)

    @classmethod
    def forward(cls, ctx, x, w, b, eps, arg):
        view, dims, pshape = cls.layout(x.shape, arg)
        ctx.view, ctx.dims, ctx.pshape, ctx.eps = view, dims, pshape, eps
        ctx.b_shape = None if b is None else b.shape
        xv = x.reshape(view)
        mean, var, fixed = cls.statistics(xv, dims, pshape, arg)
        ctx.stats = (mean, var) if fixed else None
        y = ((xv - mean) / np.sqrt(var + eps)).reshape(x.shape)
        if w is not None:
            y = y * w.reshape(pshape)
        if b is not None:
            y = y + b.reshape(pshape)
        return y.astype(x.dtype, copy=False)

    @staticmethod
    def statistics(xv, dims, pshape, arg):
        """(mean, biased variance, whether they are fixed constants) over the normalized dims."""
        return xv.mean(dims, keepdims=True), xv.var(dims, keepdims=True), False

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gy = grad if w is None else grad * w.reshape(ctx.pshape)
        xv, gv, dims = x.reshape(ctx.view), gy.reshape(ctx.view), ctx.dims
        if ctx.stats is None:
            xc = xv - xv.mean(dims, keepdim=True)
            rstd = ((xc * xc).mean(dims, keepdim=True) + ctx.eps).rsqrt()
            xhat = xc * rstd
            gx = rstd * (gv - gv.mean(dims, keepdim=True) - xhat * (gv * xhat).mean(dims, keepdim=True))
        else:  # fixed statistics: an affine map of x
            mean, var = ctx.stats
            rstd = _const((1 / np.sqrt(var + ctx.eps)).astype(x._data.dtype))
            xhat = (xv - _const(mean.astype(x._data.dtype))) * rstd
            gx = gv * rstd
        shape = tuple(x.shape)
        param_dims = tuple(i for i, s in enumerate(ctx.pshape) if s == 1)
        gw = (grad * xhat.reshape(shape)).sum(param_dims).reshape(w.shape) if need_w else None
        gb = grad.sum(param_dims).reshape(ctx.b_shape) if need_b else None
        return (gx.reshape(shape) if need_x else None), gw, gb, None, None


class NativeLayerNorm(_Normalization):
    @staticmethod
    def layout(shape, k):
        return shape, tuple(range(len(shape) - k, len(shape))), (1,) * (len(shape) - k) + shape[len(shape) - k:]


class NativeGroupNorm(_Normalization):
    @staticmethod
    def layout(shape, groups):
        return (shape[0], groups, -1), (2,), (1, shape[1]) + (1,) * (len(shape) - 2)


class NativeBatchNorm(_Normalization):
    """arg = (training, momentum, running_mean, running_var): in training the batch statistics
    normalize and update the running ones in place; in evaluation the running ones normalize."""

    @staticmethod
    def layout(shape, arg):
        return shape, (0,) + tuple(range(2, len(shape))), (1, shape[1]) + (1,) * (len(shape) - 2)

    @staticmethod
    def statistics(xv, dims, pshape, arg):
        training, momentum, rm, rv = arg
        if not training:
            return rm.reshape(pshape).astype(xv.dtype), rv.reshape(pshape).astype(xv.dtype), True
        mean, var, _ = _Normalization.statistics(xv, dims, pshape, arg)
        n = xv.size // mean.size
        if rm is not None:
            rm *= 1 - momentum
            rm += momentum * mean.reshape(-1)
        if rv is not None:
            rv *= 1 - momentum
            rv += momentum * var.reshape(-1) * (n / max(n - 1, 1))
        return mean, var, False


# ================================================================= attention, pixel shuffle
def _softmax_np(s):
    """Softmax over the last dim; a row masked out entirely (all -inf) gives zeros, not nan."""
    top = np.max(s, axis=-1, keepdims=True)
    e = np.exp(s - np.where(np.isfinite(top), top, 0))
    total = np.sum(e, axis=-1, keepdims=True)
    return e / np.where(total == 0, 1, total)


class ScaledDotProductAttention(Op):
    """softmax(q k^T * scale + bias) v over the last two dims, as one node (torch's fused CPU kernel);
    `bias` is a constant additive mask (-inf where attention is not allowed) or None."""
    saves = (0, 1, 2)
    node_name = "ScaledDotProductFlashAttentionForCpuBackward0"

    def forward(ctx, q, k, v, bias, scale):
        ctx.bias, ctx.scale = bias, scale
        s = (q @ np.swapaxes(k, -1, -2)) * scale
        if bias is not None:
            s = s + bias
        return (_softmax_np(s) @ v).astype(q.dtype, copy=False)

    def backward(ctx, grad):
        q, k, v = ctx.saved_tensors
        s = q.matmul(k.mT) * ctx.scale
        if ctx.bias is not None:
            s = s + _const(ctx.bias)
        p = _AttentionSoftmax.apply(s)
        gp = grad.matmul(v.mT)
        gs = p * (gp - (gp * p).sum(-1, keepdim=True)) * ctx.scale
        need_q, need_k, need_v = ctx.needs_input_grad[:3]
        return ((gs.matmul(k) if need_q else None), (gs.mT.matmul(q) if need_k else None),
                (p.mT.matmul(grad) if need_v else None), None, None)


class _AttentionSoftmax(Softmax):
    """Softmax over the last dim that leaves fully masked rows at zero (Softmax's derivative)."""

    def forward(ctx, s):
        ctx.dim = -1
        return _softmax_np(s)


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


class MaxUnpool2D(Op):
    """Each value written at its flat index into a zero spatial plane of `out_size` (the partial
    inverse of max pooling)."""

    def forward(ctx, x, idx, out_size):
        d = len(out_size)
        xb, ib = _batched(x, d), _batched(idx, d)
        n, c = xb.shape[:2]
        size = int(np.prod(out_size))
        if idx.size and (idx.min() < 0 or idx.max() >= size):
            bad = idx[(idx < 0) | (idx >= size)].flat[0]
            raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                               f"{'x'.join(map(str, out_size))})")
        ctx.key = (np.arange(n * c)[:, None], ib.reshape(n * c, -1))
        ctx.in_shape = x.shape
        out = np.zeros((n * c, size), x.dtype)
        out[ctx.key] = xb.reshape(n * c, -1)
        return out.reshape(x.shape[:-d] + tuple(out_size))

    def backward(ctx, grad):
        flat = grad.reshape(ctx.key[0].shape[0], -1)
        return Index.apply(flat, ctx.key).reshape(ctx.in_shape), None, None


class MaxUnpool3D(MaxUnpool2D):
    pass


class ChannelShuffle(Op):
    """(N, g * k, *) -> channels regrouped as (N, k * g, *): channel c of group i moves to c * g + i."""

    def forward(ctx, x, groups):
        ctx.groups = groups
        n, c = x.shape[:2]
        split = x.reshape((n, groups, c // groups) + x.shape[2:])
        return np.ascontiguousarray(np.swapaxes(split, 1, 2)).reshape(x.shape)

    def backward(ctx, grad):
        return ChannelShuffle.apply(grad, grad.shape[1] // ctx.groups), None


class EmbeddingBag(Op):
    """Sums, means or maxima of bags of embedding rows. `bag_of[i]` is the bag of index i;
    `kept` marks the indices that count (not padding_idx); `scale` (per_sample_weights) is input 1."""
    saves = (0, 1)

    def forward(ctx, w, scale, idx, bag_of, kept, mode, n_bags):
        ctx.idx, ctx.bag_of, ctx.kept, ctx.mode, ctx.w_shape = idx, bag_of, kept, mode, w.shape
        rows = w[idx] if scale is None else w[idx] * scale[:, None]
        out = np.zeros((n_bags, w.shape[1]), w.dtype)
        if mode == "max":
            best = np.full((n_bags, w.shape[1]), -np.inf)
            arg = np.zeros((n_bags, w.shape[1]), np.int64)
            for i in np.nonzero(kept)[0]:   # bags are short; keep the first maximum, as torch does
                better = rows[i] > best[bag_of[i]]
                best[bag_of[i]] = np.where(better, rows[i], best[bag_of[i]])
                arg[bag_of[i]] = np.where(better, idx[i], arg[bag_of[i]])
            filled = np.isfinite(best)
            out[filled] = best[filled]
            ctx.arg, ctx.filled = arg, filled
            return out
        np.add.at(out, bag_of[kept], rows[kept])
        counts = np.bincount(bag_of[kept], minlength=n_bags)
        ctx.divisor = np.maximum(counts, 1).astype(w.dtype) if mode == "mean" else np.ones(n_bags, w.dtype)
        return out / ctx.divisor[:, None]

    def backward(ctx, grad):
        w, scale = ctx.saved_tensors
        need_w, need_scale = ctx.needs_input_grad[:2]
        if ctx.mode == "max":
            g = grad * _const(ctx.filled.astype(grad._data.dtype))
            key = (ctx.arg, np.arange(ctx.w_shape[1]))
            return (IndexAccumulate.apply(g, ctx.w_shape, key),) + (None,) * 6
        kept = np.nonzero(ctx.kept)[0]
        per_index = Index.apply(grad / _const(ctx.divisor[:, None]), (ctx.bag_of[kept],))
        gw = gs = None
        if need_w:
            rows = per_index if scale is None else per_index * Index.apply(scale, (kept,)).unsqueeze(1)
            gw = IndexAccumulate.apply(rows, ctx.w_shape, (ctx.idx[kept],))
        if need_scale:
            dots = (per_index * Index.apply(w, (ctx.idx[kept],))).sum(1)
            gs = IndexAccumulate.apply(dots, (len(ctx.idx),), (kept,))
        return (gw, gs) + (None,) * 5


# ================================================================= embedding
class Embedding(Op):
    """weight[indices]; in backward, rows of padding_idx get nothing and, with scale_grad_by_freq,
    each row's gradient is divided by how often its index occurs."""

    def forward(ctx, w, idx, padding_idx, scale_grad_by_freq):
        if idx.dtype.kind not in "iu":
            raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                               f"Long, Int; but got {_tensor_name(idx)} instead (while checking arguments for "
                               "embedding)")
        if idx.size and (idx.min() < 0 or idx.max() >= w.shape[0]):
            raise IndexError("index out of range in self")
        ctx.w_shape, ctx.idx, ctx.padding_idx, ctx.by_freq = w.shape, idx, padding_idx, scale_grad_by_freq
        return w[idx]

    def backward(ctx, grad):
        if ctx.padding_idx is not None:
            grad = grad.masked_fill(_const(ctx.idx == ctx.padding_idx).unsqueeze(-1), 0)
        if ctx.by_freq:
            counts = np.bincount(ctx.idx.reshape(-1), minlength=ctx.w_shape[0])
            grad = grad * _const((1.0 / counts[ctx.idx])[..., None].astype(grad._data.dtype))
        return IndexAccumulate.apply(grad, ctx.w_shape, (ctx.idx,)), None, None, None


# ================================================================= functions: activations
def _inplace(op, input, *args, inplace=False):
    return _INPLACE_NAMED.get(op, op).apply_(input, *args) if inplace else op.apply(input, *args)


# torch records these in-place forms under their own node names
_INPLACE_NAMED = {op: type(op.__name__ + "_", (op,), {"node_name": op.__name__ + "Backward1", "__module__": __name__})
                  for op in (LeakyRelu, Elu, Celu, Threshold, RreluWithNoise)}


def relu(input, inplace=False):
    """max(x, 0) (ReluBackward0; the op shared with torch.relu)."""
    return input.relu_() if inplace else _pointwise.relu(input)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _inplace(LeakyRelu, input, negative_slope, inplace=inplace)


def elu(input, alpha=1.0, inplace=False):
    return _inplace(Elu, input, alpha, 1.0, 1.0, inplace=inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalising constants (EluBackward0, as in torch)."""
    return _inplace(Elu, input, _SELU_ALPHA, _SELU_SCALE, 1.0, inplace=inplace)


def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    return _inplace(Celu, input, alpha, 1.0, 1.0 / alpha, inplace=inplace)


def gelu(input, approximate="none"):
    """x * Phi(x), exactly (erf) or with torch's tanh approximation."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError(f"approximate argument must be either none or tanh.")
    return Gelu.apply(input, approximate)


def silu(input, inplace=False):
    return _inplace(Silu, input, inplace=inplace)


def mish(input, inplace=False):
    return _inplace(Mish, input, inplace=inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta x)) / beta, linear above `threshold` (computed without overflow)."""
    return Softplus.apply(input, beta, threshold)


def softsign(input):
    return input / (input.abs() + 1)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _inplace(Hardtanh, input, min_val, max_val, inplace=inplace)


def relu6(input, inplace=False):
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
    if lambd < 0:
        dt = input._data.dtype
        raise RuntimeError(f"lambda must be in range [0, {np.finfo(dt).max:g}] for input dtype {_type_word(dt)}, but "
                           f"found {lambd:g}")
    return Softshrink.apply(input, lambd)


def tanhshrink(input):
    return input - input.tanh()


def glu(input, dim=-1):
    """Gated linear unit: a * sigmoid(b) for the halves (a, b) of `dim`."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return Glu.apply(input, _shape.wrap_dim(dim, input.dim()))


def prelu(input, weight):
    """max(0, x) + weight * min(0, x) with a learnable slope (one, or one per channel)."""
    n, channels = weight.numel(), (input.shape[1] if input.dim() >= 2 else input.numel())
    if weight.dim() > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}")
    if n != 1 and n != channels:
        raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found parameter numbers = {n} "
                           f"and channel size = {channels}.")
    return Prelu.apply(input, weight)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Leaky ReLU whose negative slope is drawn from U(lower, upper) per element in training and is
    their mean otherwise."""
    x = input._data
    if training:
        slope = _creation._rng[0].uniform(lower, upper, x.shape).astype(x.dtype)
    else:
        slope = np.asarray((lower + upper) / 2, x.dtype)
    noise = np.where(x >= 0, np.ones((), x.dtype), slope)
    op = _INPLACE_NAMED[RreluWithNoise] if inplace else RreluWithNoise
    return op.apply_(input, noise) if inplace else op.apply(input, noise)


# ================================================================= functions: softmax family
def _softmax_dim(ndim):
    warnings.warn("Implicit dimension choice for softmax has been deprecated. Change the call to include dim=X "
                  "as an argument.", stacklevel=3)
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(input, dim, stacklevel, dtype):
    """The input cast to `dtype` and the wrapped dim. torch.softmax(x, dim, dtype) and
    Tensor.softmax(dim, dtype) pass the dtype where F.softmax has _stacklevel."""
    if stacklevel is not None and not isinstance(stacklevel, numbers.Integral):
        dtype = stacklevel
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is not None:
        input = input.to(dtype)
    return input, _shape.wrap_dim(dim, input.dim())


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along `dim` (shifted by the max, so it never overflows)."""
    input, dim = _softmax_input(input, dim, _stacklevel, dtype)
    return Softmax.apply(input, dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along `dim`, computed stably."""
    input, dim = _softmax_input(input, dim, _stacklevel, dtype)
    return LogSoftmax.apply(input, dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    input, dim = _softmax_input(input, dim, _stacklevel, dtype)
    return Softmax.apply(-input, dim)


# ================================================================= functions: linear, dropout, embedding
def linear(input, weight, bias=None):
    """input @ weight.T + bias over the last dim (AddmmBackward0 for 2-d input with bias)."""
    x = input._data
    if weight.dim() == 1:   # a single output feature, its dim dropped
        if bias is not None:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        return input.matmul(weight)
    if x.ndim == 0 or x.shape[-1] != weight.shape[-1]:
        shape = (1, 1) if x.ndim == 0 else (int(np.prod(x.shape[:-1])), x.shape[-1])
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({shape[0]}x{shape[1]} and "
                           f"{weight.shape[-1]}x{weight.shape[0]})")
    if x.ndim == 2:
        return input.mm(weight.t()) if bias is None else addmm(bias, input, weight.t())
    flat = input.reshape(-1, x.shape[-1])
    out_shape = x.shape[:-1] + (weight.shape[0],)
    if bias is None:
        return UnsafeView.apply(flat.mm(weight.t()), out_shape)
    return addmm(bias, flat, weight.t()).view(out_shape)


def bilinear(input1, input2, weight, bias=None):
    """x1^T W[o] x2 (+ bias[o]) for each output feature o, over the last dims."""
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, input1.shape[-1])
    x2 = input2.reshape(-1, input2.shape[-1])
    out_f, in1, in2 = weight.shape
    t = x1.mm(weight.permute(1, 0, 2).reshape(in1, out_f * in2)).reshape(-1, out_f, in2)
    out = (t * x2.unsqueeze(1)).sum(-1).view(tuple(lead) + (out_f,))
    return out if bias is None else out + bias


_ALPHA_DROPOUT = 1.7580993408473766   # -selu(-inf): where alpha dropout sends dropped units


def _dropout(input, p, training, inplace, feature=False, alpha=False):
    """torch's dropout family: each element (or, with `feature`, each channel) kept with probability
    1 - p from pullback's global generator; kept ones scaled by 1 / (1 - p), or for `alpha` an affine
    map that keeps a SELU network's mean and variance."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        zero = _const(np.zeros((), dtype))
        return input.mul_(zero) if inplace else input * zero
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2) if feature else tuple(input.shape)
    keep = (_creation._rng[0].random(shape) >= p).astype(dtype)
    if not alpha:
        noise = _const(keep / dtype.type(1 - p))
        return input.mul_(noise) if inplace else input * noise
    a = 1.0 / math.sqrt((_ALPHA_DROPOUT ** 2 * p + 1) * (1 - p))
    noise = _const((keep * a).astype(dtype))
    shift = _const(((keep - 1) * (_ALPHA_DROPOUT * a) + _ALPHA_DROPOUT * a * p).astype(dtype))
    return input.mul_(noise).add_(shift) if inplace else input * noise + shift


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1 / (1 - p), in training only
    (draws from pullback's global generator, so manual_seed makes it repeatable)."""
    return _dropout(input, p, training, inplace)


def _feature_dropout(name, dims, input, p, training, inplace):
    """Channel-wise dropout over inputs with `dims` spatial dims and an optional batch dim."""
    n = input.dim()
    if n not in (dims + 1, dims + 2):
        if dims == 1:
            raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {n}D input. Note that dropout1d "
                               "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                               "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
        warnings.warn(f"{name}: Received a {n}-D input to {name}, which is deprecated and will result in an error "
                      "in a future release.", stacklevel=3)
    elif n == dims + 1 and dims == 2:  # torch reads a 3-d input to dropout2d as (N, C, L)
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim.",
                      stacklevel=3)
    elif n == dims + 1:
        return _dropout(input.unsqueeze(0), p, training, inplace, True).squeeze(0)
    return _dropout(input, p, training, inplace, True)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) inputs."""
    return _feature_dropout("dropout1d", 1, input, p, training, inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) inputs."""
    return _feature_dropout("dropout2d", 2, input, p, training, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    return _feature_dropout("dropout3d", 3, input, p, training, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: dropped units go to SELU's negative saturation, then an affine
    correction keeps mean and variance."""
    return _dropout(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _dropout(input, p, training, inplace, feature=True, alpha=True)


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Sum, mean or max of bags of embedding rows: the rows of a 2-d input, or the runs of a 1-d
    input that start at `offsets`; per_sample_weights scale the rows (mode 'sum')."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError(f"mode has to be one of sum, mean or max")
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    if scale_grad_by_freq or sparse:
        raise RuntimeError("embedding_bag: scale_grad_by_freq and sparse are not supported by pullback")
    idx = input._data
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        n_bags, length = idx.shape
        starts = np.arange(0, idx.size, length) if length else np.zeros(n_bags, np.int64)
        idx = idx.reshape(-1)
    elif idx.ndim == 1:
        if offsets is None or offsets.dim() != 1:
            raise ValueError(f"offsets has to be a 1D Tensor but got {None if offsets is None else offsets.dim()}")
        starts = offsets._data[:-1] if include_last_offset else offsets._data
        n_bags = len(starts)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {idx.ndim}")
    bag_of = np.searchsorted(starts, np.arange(idx.size), side="right") - 1
    kept = np.ones(idx.size, bool) if padding_idx is None else idx != padding_idx % weight.shape[0]
    if max_norm is not None:
        embedding(Tensor._wrap(idx), weight, max_norm=max_norm, norm_type=norm_type)
    if per_sample_weights is not None:
        per_sample_weights = per_sample_weights.reshape(-1)
    return EmbeddingBag.apply(weight, per_sample_weights, idx, bag_of, kept, mode, n_bags)


def channel_shuffle(input, groups):
    """Interleave the channels of `groups` groups (ChannelShuffleBackward0)."""
    if input.dim() < 3:
        raise RuntimeError(f"channel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of groups:{groups}")
    if input.shape[1] % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {input.shape[1]} channels and "
                           f"{groups} groups.")
    return ChannelShuffle.apply(input, groups)


def gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1):
    """A differentiable sample from the categorical distribution of softmax(logits): softmax of
    Gumbel-perturbed logits over tau; `hard` gives a one-hot sample with the soft gradient."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -np.log(_creation._rng[0].exponential(size=logits.shape)).astype(logits._data.dtype)
    y_soft = ((logits + _const(gumbels)) / tau).softmax(dim)
    if not hard:
        return y_soft
    d = _shape.wrap_dim(dim, logits.dim())
    soft = y_soft._data
    y_hard = (np.arange(soft.shape[d]).reshape((-1,) + (1,) * (soft.ndim - d - 1))
              == soft.argmax(d)[(slice(None),) * d + (None,)]).astype(soft.dtype)
    return _const(y_hard) - y_soft.detach() + y_soft


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of `weight` picked by the integer `input`; the row `padding_idx` gets no gradient, and
    with max_norm the picked rows are first renormalised in place (as torch does)."""
    if sparse:
        raise RuntimeError("embedding: sparse gradients are not supported by pullback; use sparse=False")
    if padding_idx is not None:
        n = weight.shape[0]
        if not -n <= padding_idx < n:
            raise AssertionError("Padding_idx must be within num_embeddings")
        padding_idx %= n
    if max_norm is not None:
        idx = input._data
        if idx.dtype.kind not in "iu":
            raise RuntimeError("Expected tensor for argument #2 'indices' to have one of the following scalar types: "
                               f"Long, Int; but got {_tensor_name(idx)} instead (while checking arguments for "
                               "embedding_renorm_)")
        bad = idx[(idx < 0) | (idx >= weight.shape[0])]
        if bad.size:
            raise IndexError(f"select(): index {bad.flat[0]} out of range for tensor of size {list(weight.shape)} at "
                             "dimension 0")
        with _no_grad():
            rows = np.unique(idx)
            norms = np.linalg.norm(weight._data[rows], ord=norm_type, axis=1, keepdims=True)
            scale = np.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
            weight._data[rows] *= scale.astype(weight._data.dtype)
            weight._vc[0] += 1
    return Embedding.apply(weight, input, padding_idx, scale_grad_by_freq)


def one_hot(tensor, num_classes=-1):
    """An int64 tensor with one trailing dim of size num_classes, 1 at each index."""
    idx = tensor._data
    if idx.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if idx.size and idx.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        if not idx.size:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(idx.max()) + 1
    elif idx.size and idx.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    return Tensor._wrap((idx[..., None] == np.arange(num_classes)).astype(np.int64))


# ================================================================= functions: distances
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p, eps) along `dim`."""
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denom


class _NormDim(LinalgVectorNorm):
    """Tensor.norm(p, dim) as torch records it (NormBackward1)."""
    node_name = "NormBackward1"


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim."""
    d = x1 - x2 + eps
    return _NormDim.apply(d, float(p), (d.dim() - 1,), keepdim)


class _Pdist(LinalgVectorNorm):
    """The p-norm of each row pair's difference, as torch's pdist node."""
    node_name = "PdistBackward0"


def pdist(input, p=2):
    """||x_i - x_j||_p for every row pair i < j of a 2-d input, in row-major order."""
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    i, j = np.triu_indices(input.shape[0], 1)
    return _Pdist.apply(input[Tensor._wrap(i)] - input[Tensor._wrap(j)], float(p), (1,), False)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """<x1, x2> / (max(||x1||, eps) max(||x2||, eps)) along `dim`."""
    shape = np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
    x1, x2 = x1.expand(shape), x2.expand(shape)
    n1 = x1.norm(2, dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


# ================================================================= functions: losses
def _reduction(size_average, reduce, reduction):
    """The reduction string, from torch's legacy size_average / reduce flags when given."""
    if size_average is not None or reduce is not None:
        warnings.warn("size_average and reduce args will be deprecated, please use reduction='"
                      + ("none" if reduce is False else "mean" if size_average is not False else "sum")
                      + "' instead.", stacklevel=3)
        if reduce is False:
            return "none"
        return "sum" if size_average is False else "mean"
    if reduction not in _REDUCTIONS and reduction != "batchmean":
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss, reduction):
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _warn_size(input, target):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have "
                      "the same size.", stacklevel=3)


def _weighted(unweighted, weight, input, reduction, mean_over_weights):
    """torch's elementwise-weighted losses: weight * loss, then reduced."""
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    loss = unweighted * weight
    if reduction == "mean":
        return loss.sum() / weight.sum() if mean_over_weights else loss.mean()
    return _reduce(loss, reduction)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error (MseLossBackward0)."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    if weight is None:
        return MseLoss.apply(input, target, reduction, None)
    return _weighted(MseLoss.apply(input, target, "none", None), weight, input, reduction, True)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    if weight is None:
        return _reduce((input - target).abs(), reduction)
    return _weighted((input - target).abs(), weight, input, reduction, True)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    return SmoothL1Loss.apply(input, target, reduction, beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2)."""
    _reduction(None, None, reduction)
    _warn_size(input, target)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    if weight is None:
        return HuberLoss.apply(input, target, reduction, delta)
    return _weighted(HuberLoss.apply(input, target, "none", delta), weight, input, reduction, False)


def _class_targets(input, target, what):
    """Check class-index targets against the input's batch shape, in torch's words."""
    t, x = target._data, input._data
    if x.ndim <= 2 and t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if x.ndim >= 2 and t.ndim and x.shape[0] != t.shape[0]:
        raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target batch_size ({t.shape[0]}).")
    if x.ndim > 2 and (t.ndim != x.ndim - 1 or x.shape[2:] != t.shape[1:]):
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: {list(t.shape)}")
    if t.dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {_type_word(t.dtype)}")


def _class_weight(weight, n_classes, input):
    if weight is None:
        return None
    if weight.dtype != input.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(input._data.dtype)} but found "
                           f"{_type_word(weight._data.dtype)}")
    if tuple(weight.shape) != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    return weight._data


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """-input[target] (weighted), for log-probabilities `input` and class indices `target`."""
    reduction = _reduction(size_average, reduce, reduction)
    _class_targets(input, target, "nll_loss")
    n_classes = input.shape[1 if input.dim() >= 2 else 0]
    op = NllLoss2D if input.dim() > 2 else NllLoss
    return op.apply(input, target, _class_weight(weight, n_classes, input), reduction, ignore_index)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    """log_softmax over the class dim, then the negative log-likelihood of class indices, or the
    cross-entropy with class probabilities when `target` is floating; optional label smoothing."""
    reduction = _reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    cdim = 1 if input.dim() >= 2 else 0
    n_classes = input.shape[cdim]
    pshape = [1] * input.dim()
    pshape[cdim] = n_classes
    logp = log_softmax(input, cdim)
    if tuple(target.shape) == tuple(input.shape) and target.is_floating_point():
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / n_classes
        prod = logp * target
        if weight is not None:
            _class_weight(weight, n_classes, input)
            prod = prod * weight.view(pshape)
        if reduction == "none":
            return -prod.sum(cdim)
        if reduction == "sum":
            return -prod.sum()
        return _ScalarDiv.apply(-prod.sum(), input.numel() / n_classes)
    _class_targets(input, target, "cross_entropy")
    w = _class_weight(weight, n_classes, input)
    nll = (NllLoss2D if input.dim() > 2 else NllLoss).apply(logp, target, w, reduction, ignore_index)
    if label_smoothing == 0:
        return nll
    ignored = _const(np.asarray(target._data == ignore_index))
    smooth = -(logp if weight is None else logp * weight.view(pshape)).sum(cdim)
    smooth = smooth.masked_fill(ignored, 0)
    if reduction == "mean":
        kept = target._data[target._data != ignore_index]
        denom = float(w[kept].sum()) if w is not None else float(kept.size)
        smooth = smooth.sum() / denom
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(y log x + (1 - y) log(1 - x)) for probabilities x (logs clamped at -100, as torch)."""
    reduction = _reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    if target.dtype != input.dtype:
        raise RuntimeError(f"Found dtype {_type_word(target._data.dtype)} but expected {_type_word(input._data.dtype)}")
    w = None if weight is None else np.broadcast_to(weight._data, input.shape)
    return BinaryCrossEntropy.apply(input, target, reduction, w)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target) computed stably from the logits."""
    reduction = _reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    w = None if weight is None else weight._data
    pw = None if pos_weight is None else pos_weight._data
    return BinaryCrossEntropyWithLogits.apply(input, target, reduction, (w, pw))


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """target * (log target - input), input being log-probabilities (target too if log_target)."""
    reduction = _reduction(size_average, reduce, reduction)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      stacklevel=2)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = (target * target.log()).masked_fill(target == 0, 0) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.dim() else loss.sum()
    return _reduce(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target * (input1 - input2) + margin)."""
    reduction = _reduction(size_average, reduce, reduction)
    if not input1.dim() == input2.dim() == target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ")
    return _reduce(clamp_min(-target * (input1 - input2) + margin, 0), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.shape != input2.shape:
        raise RuntimeError(f"cosine_embedding_loss: Input1 and Input2 must have the same shape, got "
                           f"{input1.shape} and {input2.shape}")
    if input1.dim() - 1 != target.dim():
        raise RuntimeError(f"{input1.dim()}D target tensor expects {input1.dim() - 1}D input tensors, but found "
                           f"inputs with sizes {list(input1.shape)} and {list(input2.shape)}.")
    dim = input1.dim() - 1
    eps = 1e-12
    prod = (input1 * input2).sum(dim)
    mag1 = (input1 * input1).sum(dim) + eps
    mag2 = (input2 * input2).sum(dim) + eps
    cos = prod / (mag1 * mag2).sqrt()
    pos = (1 - cos).masked_fill(target != 1, 0)
    neg = clamp_min(cos - margin, 0).masked_fill(target != -1, 0)
    return _reduce(pos + neg, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target * input)), computed stably."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    if target.requires_grad and _is_grad_enabled():
        raise RuntimeError("The function 'soft_margin_loss' is not differentiable with respect to argument "
                           "'target'. This input cannot have requires_grad True.")
    return SoftMarginLoss.apply(input, target, reduction, None)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """input where target is 1, max(0, margin - input) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    margin_part = clamp_min(margin - input, 0).masked_fill(target == 1, 0)
    return _reduce(margin_part + input.masked_fill(target == -1, 0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """Poisson negative log-likelihood of `target` with rate exp(input) (log_input) or input."""
    reduction = _reduction(size_average, reduce, reduction)
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log var + (input - target)^2 / var) (+ 0.5 log 2 pi), var clamped below at eps."""
    if isinstance(var, numbers.Number):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * ones_like(input)
    elif (var._data < 0).any():
        raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (input.dim() == var.dim() and sum(b for a, b in zip(input.shape, var.shape) if a != b) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in _REDUCTIONS:
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with _no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) for the p-norm distance d."""
    return triplet_margin_with_distance_loss(anchor, positive, negative,
                                             distance_function=lambda a, b: pairwise_distance(a, b, p, eps),
                                             margin=margin, swap=swap,
                                             reduction=_reduction(size_average, reduce, reduction))


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) for any distance d
    (pairwise_distance by default); with swap, d(anchor, negative) is min'd with d(positive, negative)."""
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D "
                           "inputs")
    distance = pairwise_distance if distance_function is None else distance_function
    d_pos, d_neg = distance(anchor, positive), distance(anchor, negative)
    if swap:
        d_neg = _pointwise.minimum(d_neg, distance(positive, negative))
    return _reduce(clamp_min(d_pos - d_neg + margin, 0), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Mean over classes of the binary logistic loss of each class."""
    reduction = _reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    return _reduce(loss.sum(class_dim) / input.shape[class_dim], reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Multi-class hinge loss: sum over wrong classes i of max(0, margin - x[y] + x[i])^p / C."""
    reduction = _reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if input.dim() > 2 or input.dim() == 0:
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    n_classes = input.shape[-1]
    batch = input.shape[0] if input.dim() == 2 else 1
    t = target._data
    if t.size != batch or t.ndim > 1:
        raise RuntimeError(f"inconsistent target size, expected {batch} but got {list(t.shape)}")
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        raise RuntimeError("target out of range")
    return MultiMarginLoss.apply(input, target, p, margin, _class_weight(weight, n_classes, input), reduction)


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Hinge loss between each target class (indices before the first -1) and each other class."""
    reduction = _reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape) or input.dim() > 2:
        raise RuntimeError(f"inconsistent target size: {list(target.shape)} for input of size: "
                           f"{list(input.shape)}")
    if target._data.size and target._data.max() >= input.shape[-1]:
        raise RuntimeError("target out of range")
    return MultilabelMarginLoss.apply(input, target, reduction)


# ================================================================= functions: unfold, fold, pooling
def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: every sliding (kernel_size) window of a 4-d input as a column (Im2ColBackward0)."""
    if input.dim() not in (3, 4):
        raise NotImplementedError(f"Input Error: Only 4D input Tensors are supported (got {input.dim()}D)")
    return Im2Col.apply(input, _tuple(kernel_size, 2, "kernel_size"), _tuple(dilation, 2, "dilation"),
                        _tuple(padding, 2, "padding"), _tuple(stride, 2, "stride"))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: sum the columns of unfold back into an (N, C, *output_size) image (Col2ImBackward0)."""
    if input.dim() not in (2, 3):
        raise NotImplementedError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                                  f"(got {input.dim()}D)")
    return Col2Im.apply(input, _tuple(output_size, 2, "output_size"), _tuple(kernel_size, 2, "kernel_size"),
                        _tuple(dilation, 2, "dilation"), _tuple(padding, 2, "padding"), _tuple(stride, 2, "stride"))


def _pool_args(name, input, kernel_size, stride, padding, dilation, d):
    """Kernel, stride (default: the kernel), padding and dilation as d-tuples, checked as torch does."""
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"{name}: Expected {d + 1}D or {d + 2}D (batch mode) tensor with optional 0 dim batch "
                           f"size for input, but got:{list(input.shape)}" if d == 2 else
                           f"{name}() Expected {d + 1}D or {d + 2}D input tensor, but got {list(input.shape)}")
    kernel = _tuple(kernel_size, d, "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, numbers.Integral) and len(stride) == 0) \
        else _tuple(stride, d, "stride")
    padding, dilation = _tuple(padding, d, "padding"), _tuple(dilation, d, "dilation")
    if any(k <= 0 for k in kernel):
        raise RuntimeError(f"{name}: kernel_size must be greater than zero")
    if any(s <= 0 for s in stride):
        raise RuntimeError(f"{name}: stride must be greater than zero")
    for p, k, dl in zip(padding, kernel, dilation):
        if p < 0 or p > (dl * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={dl}")
    return kernel, stride, padding, dilation


def _check_pool_output(name, input, kernel, stride, padding, dilation, ceil_mode):
    d = len(kernel)
    out_size, _ = _pool_geometry(input.shape[-d:], kernel, stride, padding, dilation, ceil_mode)
    if min(out_size) <= 0:
        c = input.shape[-d - 1]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (c,) + tuple(input.shape[-d:])))}). Calculated "
                           f"output size: ({'x'.join(map(str, (c,) + out_size))}). Output size is too small")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max of each window (MaxPool2DWithIndicesBackward0); with return_indices, also the argmax
    as a flat index into each input plane."""
    kernel, stride, padding, dilation = _pool_args("max_pool2d", input, kernel_size, stride, padding, dilation, 2)
    _check_pool_output("max_pool2d", input, kernel, stride, padding, dilation, ceil_mode)
    out, idx = MaxPool2DWithIndices.apply(input, kernel, stride, padding, dilation, ceil_mode)
    return (out, idx) if return_indices else out


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool2d over a unit height, as torch computes it."""
    kernel, stride, padding, dilation = _pool_args("max_pool1d", input, kernel_size, stride, padding, dilation, 1)
    out = max_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + stride, (0,) + padding, (1,) + dilation, ceil_mode,
                     return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max of each 3-d window of (N, C, D, H, W) (MaxPool3DWithIndicesBackward0)."""
    kernel, stride, padding, dilation = _pool_args("max_pool3d", input, kernel_size, stride, padding, dilation, 3)
    _check_pool_output("max_pool3d", input, kernel, stride, padding, dilation, ceil_mode)
    out, idx = MaxPool3DWithIndices.apply(input, kernel, stride, padding, dilation, ceil_mode)
    return (out, idx) if return_indices else out


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each 3-d window of (N, C, D, H, W) (AvgPool3DBackward0)."""
    kernel, stride, padding, _ = _pool_args("avg_pool3d", input, kernel_size, stride, padding, 1, 3)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool_output("avg_pool3d", input, kernel, stride, padding, (1, 1, 1), ceil_mode)
    return AvgPool3D.apply(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each window (AvgPool2DBackward0)."""
    kernel, stride, padding, _ = _pool_args("avg_pool2d", input, kernel_size, stride, padding, 1, 2)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool_output("avg_pool2d", input, kernel, stride, padding, (1, 1), ceil_mode)
    return AvgPool2D.apply(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    kernel, stride, padding, _ = _pool_args("avg_pool1d", input, kernel_size, stride, padding, 1, 1)
    return avg_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + stride, (0,) + padding, ceil_mode,
                      count_include_pad).squeeze(-2)


def _adaptive_avg_pool(input, output_size, d):
    """Average pooling of the last d dims to a fixed size (None keeps a dim's size); all ones is a mean."""
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"adaptive_avg_pool{d}d(): Expected {d + 1}D or {d + 2}D tensor, but got "
                           f"{list(input.shape)}")
    size = (output_size,) * d if isinstance(output_size, numbers.Integral) or output_size is None \
        else tuple(output_size)
    in_size = tuple(input.shape[-d:])
    out_size = tuple(n if o is None else int(o) for n, o in zip(in_size, size))
    if all(o == 1 for o in out_size):
        return input.mean(tuple(range(-1, -d - 1, -1)), keepdim=True)
    mats = tuple(_adaptive_matrix(n, o) for n, o in zip(in_size, out_size))
    return _RESAMPLE[f"AdaptiveAvgPool{d}D"].apply(input, mats)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed (H, W) output size (None keeps that dim's size)."""
    return _adaptive_avg_pool(input, output_size, 2)


def adaptive_avg_pool3d(input, output_size):
    """Average pooling to a fixed (D, H, W) output size."""
    return _adaptive_avg_pool(input, output_size, 3)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of (N, C, L) to a fixed length."""
    if input.dim() not in (2, 3):
        raise RuntimeError(f"adaptive_avg_pool1d() argument 'input' should have 2 or 3 dimensions, got "
                           f"{input.dim()}")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _tuple(output_size, 1)[0])).squeeze(-2)


def _adaptive_max_pool(input, output_size, return_indices, d, op):
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"adaptive_max_pool{d}d(): Expected {d + 1}D or {d + 2}D tensor, but got: "
                           f"{list(input.shape)}")
    size = (output_size,) * d if isinstance(output_size, numbers.Integral) or output_size is None \
        else tuple(output_size)
    out_size = tuple(n if o is None else int(o) for n, o in zip(input.shape[-d:], size))
    out, idx = op.apply(input, out_size)
    return (out, idx) if return_indices else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a fixed (H, W) output size (None keeps that dim's size)."""
    return _adaptive_max_pool(input, output_size, return_indices, 2, AdaptiveMaxPool2D)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Max pooling to a fixed (D, H, W) output size."""
    return _adaptive_max_pool(input, output_size, return_indices, 3, AdaptiveMaxPool3D)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if input.dim() not in (2, 3):
        raise RuntimeError(f"adaptive_max_pool1d() argument 'input' should have 2 or 3 dimensions, got "
                           f"{input.dim()}")
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _tuple(output_size, 1)[0]), return_indices)
    return (out[0].squeeze(-2), out[1].squeeze(-2)) if return_indices else out.squeeze(-2)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, d, op):
    kernel = _tuple(kernel_size, d, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, d, "stride")
    padding = _tuple(padding, d, "padding")
    if output_size is None:
        out_size = tuple((n - 1) * s - 2 * p + k for n, s, p, k in zip(input.shape[-d:], stride, padding, kernel))
    else:
        out_size = tuple(int(n) for n in tuple(output_size)[-d:])
    if indices._data.dtype != np.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {_type_word(indices._data.dtype)}")
    return op.apply(input, indices, out_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Put each pooled value back at the position max_pool2d(return_indices=True) took it from."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, MaxUnpool2D)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Put each pooled value back at the position max_pool3d(return_indices=True) took it from."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3, MaxUnpool3D)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    kernel = _tuple(kernel_size, 1, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, 1, "stride")
    size = None if output_size is None else (1, tuple(output_size)[-1])
    out = max_unpool2d(input.unsqueeze(-2), indices.unsqueeze(-2), (1,) + kernel, (1,) + stride,
                       (0,) + _tuple(padding, 1, "padding"), size)
    return out.squeeze(-2)


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, d):
    """(sum over each window of x^p)^(1/p), composed as torch does; p = +-inf is the max / min of |x|."""
    max_pool = (max_pool1d, max_pool2d, max_pool3d)[d - 1]
    if norm_type == float("inf"):
        return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float("inf"):
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = (avg_pool1d, avg_pool2d, avg_pool3d)[d - 1](input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(math.prod(_tuple(kernel_size, d))).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The p-norm of each window."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 3)


def _with_indices(pool):
    """torch's <pool>_with_indices: the pooling function with return_indices=True."""
    names = list(inspect.signature(pool).parameters)

    @functools.wraps(pool)
    def with_indices(*args, **kwargs):
        return pool(**{**dict(zip(names, args)), **kwargs, "return_indices": True})
    with_indices.__name__ = with_indices.__qualname__ = pool.__name__ + "_with_indices"
    return with_indices


(max_pool1d_with_indices, max_pool2d_with_indices, max_pool3d_with_indices, adaptive_max_pool1d_with_indices,
 adaptive_max_pool2d_with_indices, adaptive_max_pool3d_with_indices) = map(
    _with_indices, (max_pool1d, max_pool2d, max_pool3d, adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d))


# ================================================================= functions: interpolation
_LINEAR_MODES = ("linear", "bilinear", "bicubic", "trilinear")


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """Resize the 1-3 spatial dims of an (N, C, ...) input: modes 'nearest', 'nearest-exact',
    'linear' (3-d input), 'bilinear' (4-d, optionally antialiased), 'trilinear' (5-d) and 'area'."""
    d = input.dim() - 2
    if mode not in _LINEAR_MODES and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined" if size is not None else
                         "either size or scale_factor should be defined")
    expected = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}.get(mode)
    if expected is not None and d != expected:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {expected + 2}D input")
    if d not in (1, 2, 3) or mode not in ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "area"):
        raise NotImplementedError(f"interpolate supports 3-D to 5-D inputs in modes nearest, nearest-exact, linear, "
                                  f"bilinear, trilinear and area; got {input.dim()}D input and mode '{mode}'")
    in_sizes = tuple(input.shape[2:])
    if size is not None:
        out_sizes = _tuple(size, d, "size")
        scales = [n / o for n, o in zip(in_sizes, out_sizes)]
    else:
        factors = (float(scale_factor),) * d if isinstance(scale_factor, numbers.Number) else tuple(scale_factor)
        if len(factors) != d:
            raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {list(in_sizes)} and scale_factor of shape {list(factors)}.")
        out_sizes = tuple(int(math.floor(n * f)) for n, f in zip(in_sizes, factors))
        scales = [n / o for n, o in zip(in_sizes, out_sizes)] if recompute_scale_factor else [1 / f for f in factors]
    if mode == "area":
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[d - 1](input, out_sizes)
    if antialias:
        if mode not in ("bilinear", "bicubic") or d != 2:
            raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
                             "requires a 4-D tensor as input")
        if align_corners:
            raise NotImplementedError("interpolate: antialias=True is supported with align_corners=False only")
        mats = [_antialias_matrix(n, o, sc) for n, o, sc in zip(in_sizes, out_sizes, scales)]
        return _RESAMPLE["UpsampleBilinear2DAa"].apply(input, tuple(mats))
    if mode in ("nearest", "nearest-exact"):
        shift = 0.5 if mode == "nearest-exact" else 0.0
        mats = tuple(_nearest_matrix(n, o, s, shift) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = f"UpsampleNearest{'Exact' if shift else ''}{d}D"
    else:
        mats = tuple(_linear_matrix(n, o, s, bool(align_corners)) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = ("UpsampleLinear1D", "UpsampleBilinear2D", "UpsampleTrilinear3D")[d - 1]
    return _RESAMPLE[op].apply(input, mats)


def _warn_deprecated(name):
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=3)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate."""
    _warn_deprecated("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    _warn_deprecated("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    _warn_deprecated("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ================================================================= functions: attention, pixel shuffle
def pixel_shuffle(input, upscale_factor):
    """(*, C r^2, H, W) -> (*, C, H r, W r) (PixelShuffleBackward0)."""
    if input.dim() < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got input with "
                           f"{input.dim()} dimension(s)")
    r = int(upscale_factor)
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
    for name, n in (("height", input.shape[-2]), ("width", input.shape[-1])):
        if n % r:
            raise RuntimeError(f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but input.size"
                               f"({-2 if name == 'height' else -1})={n} is not divisible by {r}")
    return PixelUnshuffle.apply(input, r, True)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(query key^T * scale + mask) value over the last two dims; a boolean mask says where
    attention is allowed, a float mask is added; is_causal allows only keys up to each query."""
    e = query.shape[-1]
    scale = 1.0 / math.sqrt(e) if scale is None else scale
    if enable_gqa and query.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        repeats = query.shape[-3] // key.shape[-3]
        key, value = key.repeat_interleave(repeats, -3), value.repeat_interleave(repeats, -3)
    if key.shape[-1] != e:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{int(np.prod(key.shape[:-2]))}, {e}] but got: "
                           f"[{int(np.prod(key.shape[:-2]))}, {key.shape[-1]}].")
    math_path = dropout_p > 0.0 or query.dim() != 4 or value.shape[-1] != e  # torch's unfused kernel
    if attn_mask is not None and is_causal and math_path:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    length, source = query.shape[-2], key.shape[-2]
    bias = None
    if is_causal:
        bias = np.where(np.tril(np.ones((length, source), bool)), 0.0, -np.inf)
    if attn_mask is not None:
        m = attn_mask._data
        m = np.where(m, 0.0, -np.inf) if m.dtype == np.bool_ else m
        bias = m if bias is None else bias + m
    if bias is not None:
        bias = bias.astype(query._data.dtype)
    if math_path:
        s = query.matmul(key.mT) * scale
        if bias is not None:
            s = s + _const(bias)
        attn = _AttentionSoftmax.apply(s)
        return dropout(attn, dropout_p).matmul(value)
    return ScaledDotProductAttention.apply(query, key, value, bias, scale)


# ================================================================= functions: normalization
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the trailing `normalized_shape` dims (NativeLayerNormBackward0)."""
    shape = (normalized_shape,) if isinstance(normalized_shape, numbers.Integral) else tuple(normalized_shape)
    k = len(shape)
    if tuple(input.shape[input.dim() - k:]) != shape or input.dim() < k:
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and tuple(p.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(p.shape)} and normalized_shape = {list(shape)}")
    _check_params_dtype(input, weight, bias)
    return NativeLayerNorm.apply(input, weight, bias, eps, k)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalize each sample over groups of channels (NativeGroupNormBackward0)."""
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    c = input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    _check_params_dtype(input, weight, bias)
    return NativeGroupNorm.apply(input, weight, bias, eps, num_groups)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalize each channel by the batch statistics (training, which also updates the running
    ones in place) or by the running statistics (evaluation) (NativeBatchNormBackward0)."""
    if training:
        per_channel = input.numel() // input.shape[1] if input.dim() > 1 else input.numel()
        if per_channel <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
    elif running_mean is None or running_var is None:
        raise RuntimeError("running_mean must be defined in evaluation mode" if running_mean is None else
                           "running_var must be defined in evaluation mode")
    c = input.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    _check_params_dtype(input, running_mean, running_var, weight, bias)
    rm = None if running_mean is None else running_mean._data
    rv = None if running_var is None else running_var._data
    out = NativeBatchNorm.apply(input, weight, bias, eps, (training, momentum, rm, rv))
    if training:
        for t in (running_mean, running_var):
            if t is not None:
                t._vc[0] += 1
    return out


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalize each channel of each sample on its own: batch_norm over a (1, N * C, ...) view."""
    n, c = input.shape[:2]
    if use_input_stats and input.numel() // (n * c) <= 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape}")
    shape = tuple(input.shape)
    stats = [None if t is None else Tensor._wrap(np.tile(t._data, n)) for t in (running_mean, running_var)]
    out = batch_norm(input.reshape((1, n * c) + shape[2:]), stats[0], stats[1],
                     None if weight is None else weight.repeat(n), None if bias is None else bias.repeat(n),
                     use_input_stats, momentum, eps)
    if use_input_stats:
        for t, tiled in zip((running_mean, running_var), stats):
            if t is not None:
                t._data[...] = tiled._data.reshape(n, c).mean(0)
                t._vc[0] += 1
    return out.view(shape)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x^2) + eps) over the trailing normalized_shape dims, times weight."""
    shape = (normalized_shape,) if isinstance(normalized_shape, numbers.Integral) else tuple(normalized_shape)
    if tuple(input.shape[input.dim() - len(shape):]) != shape or input.dim() < len(shape):
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[*, {', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    eps = float(np.finfo(input._data.dtype).eps) if eps is None else eps
    dims = tuple(range(input.dim() - len(shape), input.dim()))
    out = input * (input.pow(2).mean(dims, keepdim=True) + eps).rsqrt()
    return out if weight is None else out * weight


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta."""
    if input.dim() < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {input.dim()} dimensions)")
    if input.numel() == 0:
        return input
    shape = tuple(input.shape)
    sq = (input * input).reshape(shape[0], 1, shape[1], -1)
    sq = _shape.pad(sq, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(sq, (size, 1), stride=1).reshape(shape)
    return input / (div * alpha + k).pow(beta)


# ================================================================= in-place function forms
def _inplace_form(fn):
    """torch's F.<name>_: the function with inplace=True."""
    def inplace(input, *args, **kwargs):
        return fn(input, *args, inplace=True, **kwargs)
    inplace.__name__ = fn.__name__ + "_"
    inplace.__doc__ = f"In-place {fn.__name__}."
    return inplace


relu_, elu_, leaky_relu_, hardtanh_, rrelu_, selu_, celu_, threshold_ = map(
    _inplace_form, (relu, elu, leaky_relu, hardtanh, rrelu, selu, celu, threshold))


__all__ = ["softmax", "log_softmax", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "dropout", "layer_norm", "group_norm", "max_pool1d", "max_pool2d", "max_pool3d",
           "avg_pool1d", "pairwise_distance", "cosine_similarity", "bilinear", "celu", "selu", "kl_div",
           "binary_cross_entropy_with_logits", "cosine_embedding_loss", "margin_ranking_loss", "threshold", "prelu",
           "rrelu", "hardshrink", "alpha_dropout", "feature_alpha_dropout", "adaptive_avg_pool1d", "pixel_shuffle",
           "pixel_unshuffle", "rrelu_", "selu_", "celu_", "threshold_", "channel_shuffle", "pdist"]
METHODS = {"softmax": softmax, "log_softmax": log_softmax, "hardshrink": hardshrink, "prelu": prelu}


from ..autograd.grad_mode import is_grad_enabled as _is_grad_enabled, no_grad as _no_grad  # noqa: E402
from .._tensor import Tensor  # noqa: E402
