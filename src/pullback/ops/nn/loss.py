"""Losses: elementwise ones reduced by 'none' / 'mean' / 'sum' as one node each (as torch records
them), class-index losses (nll, cross-entropy, margins), and the composite ones torch writes in
Tensor ops."""
import functools
import math
import numbers
import warnings

import numpy as np

from ..._creation import ones_like
from .. import pointwise as _pointwise
from .._gradient_op import GradientOp, gradient_node
from .._op import Op
from ... import _dtype, _signatures
from ...autograd import grad_mode as _grad_mode
from ..._dtype import scalar_type_name
from ..indexing import LinearBackward, WithLinearBackward
from ..pointwise import (AddScalar, DivScalar, MulScalar, Sub, SubScalar, _shape_mismatch, _tensor_input, clamp_min,
                         where, xlogy)
from ..shape import broadcast_shapes, broadcast_tensors
from ._common import _const, _refuse_requires_grad
from .activation import logsigmoid
from .distance import pairwise_distance
from .softmax_family import log_softmax


_REDUCTIONS = ("none", "mean", "sum")


def _reduce(loss, reduction):
    """The loss terms reduced as `reduction` says: NumPy arrays in an op's forward, Tensors in the
    losses composed of Tensor ops."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _unreduce(grad, ctx):
    """The gradient of a reduced loss with respect to each elementwise loss term."""
    return grad / ctx.n if ctx.reduction == "mean" else grad


class _ReducedLoss(Op):
    """A loss computed elementwise on (input, target) and then reduced: subclasses give the
    elementwise loss `terms` on NumPy and its derivative in the input, `partial`, on Tensors."""
    saves = (0, 1)

    target_as_input = False   # torch computes some losses in the input's dtype
    gradient = None  # a _LossGradient: the input's gradient as torch records it, one node
    kernel = None  # torch's CPU kernel, where it refuses integer and bool dtypes

    @classmethod
    def forward(cls, ctx, x, y, reduction, param):
        ctx.reduction, ctx.param = reduction, param
        if cls.target_as_input:
            y = y.astype(x.dtype, copy=False)
        elif x.dtype != y.dtype:
            x, y = _pointwise._promote(x, y)  # torch's promotion (long with float is float32, not NumPy's float64)
        if cls.kernel is not None and x.dtype.kind not in "fc":
            raise _dtype.not_implemented_for(cls.kernel, x.dtype)
        terms = cls.terms(x, y, param)
        ctx.n = terms.size
        return _reduce(terms, reduction)

    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad[:2]
        return ((ctx.input_gradient(grad, x, y) if need_x else None),
                (ctx.target_gradient(grad, x, y) if need_y else None), None, None)

    def input_gradient(ctx, grad, x, y):
        if ctx.gradient is not None:
            return ctx.gradient.apply(grad, x, y, ctx.reduction, ctx.n, ctx.param)
        return _unreduce(grad, ctx) * ctx.partial(x, y, ctx.param)

    def target_gradient(ctx, grad, x, y):
        raise RuntimeError("the derivative for 'target' is not implemented.")


class _LossGradient(GradientOp):
    """A loss's gradient for its input as one node, torch's <loss>_backward: the gradient of
    each loss term, times the term's derivative in the input."""
    tensors = 3

    @classmethod
    def formula(cls, grad_output, self, target, reduction, n, param):
        g = grad_output / n if reduction == "mean" else grad_output
        return g * cls.op.partial(self, target, param)


def _fused_gradient(loss):
    """`loss` with its input's gradient recorded as torch's <Loss>BackwardBackward0 node."""
    loss.gradient = gradient_node(loss, _LossGradient, _hidden=loss._hidden << 1)
    return loss


class _DifferenceLoss(_ReducedLoss):
    """A loss of d = input - target, whose derivative in d is odd: the target's gradient is the
    input's with the two swapped (as torch computes it)."""

    @classmethod
    def terms(cls, x, y, param):
        return cls.of_difference(x - y, param)

    @classmethod
    def partial(cls, x, y, param):
        return cls.derivative(x - y, param)

    def target_gradient(ctx, grad, x, y):
        return ctx.input_gradient(grad, y, x)


class MseLoss(_DifferenceLoss):
    kernel = "mse_cpu"

    @staticmethod
    def of_difference(d, param):
        return d * d

    def backward(ctx, grad):  # torch's: mse_loss_backward for each, the target's with the two swapped
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.needs_input_grad[:2]
        return (MseLossBackward.apply(grad, x, y, ctx.reduction) if need_x else None,
                MseLossBackward.apply(grad, y, x, ctx.reduction) if need_y else None, None, None)


class MseLossBackward(Op):
    """mse_loss's gradient for `x`, torch's mse_loss_backward as one node: norm * (x - y) * grad,
    norm 2 (2 / x's size for a mean); its own gradients are torch's formulas."""
    saves = (0, 1, 2)
    node_name = "MseLossBackwardBackward0"

    def forward(ctx, grad, x, y, reduction):
        ctx.reduction = reduction
        ctx.norm = 2.0 / x.size if reduction == "mean" else 2.0
        return ctx.norm * (x - y) * grad

    def backward(ctx, gg):
        grad, x, y = ctx.saved_tensors
        need_grad, need_x, need_y = ctx.needs_input_grad[:3]
        g_grad = g_x = None
        if need_grad:
            g_grad = MseLossBackward.apply(gg, x, y, "none") if ctx.reduction == "none" else \
                (MseLossBackward.apply(ones_like(grad), x, y, ctx.reduction) * gg).sum()
        # torch's mse_loss_double_backward: 2 * gg * grad, for a mean over each one's own size
        g_x = _mse_double_backward(gg * grad, x, ctx.reduction) if need_x else None
        g_y = -_mse_double_backward(gg * grad, y, ctx.reduction) if need_y else None
        return g_grad, g_x, g_y, None


def _mse_double_backward(grad, input, reduction):
    g = MulScalar.apply(grad, 2)
    return DivScalar.apply(g, input.numel()) if reduction == "mean" else g


@_fused_gradient
class SmoothL1Loss(_DifferenceLoss):
    kernel = "smooth_l1_cpu"

    @staticmethod
    def of_difference(d, beta):
        a = np.abs(d)
        return np.where(a < beta, 0.5 * d * d / beta, a - 0.5 * beta).astype(d.dtype, copy=False)

    @staticmethod
    def derivative(d, beta):
        return where(d.abs() < beta, d / beta, d.sign())


@_fused_gradient
class HuberLoss(_DifferenceLoss):
    target_as_input = True

    @staticmethod
    def of_difference(d, delta):
        a = np.abs(d)
        return np.where(a < delta, 0.5 * d * d, delta * (a - 0.5 * delta)).astype(d.dtype, copy=False)

    @staticmethod
    def derivative(d, delta):
        return where(d.abs() <= delta, d, d.sign() * delta)


@_fused_gradient
class BinaryCrossEntropy(_ReducedLoss):
    """-w (y log x + (1 - y) log(1 - x)), each log clamped at -100 as torch does."""
    kernel = "binary_cross_entropy"

    @staticmethod
    def terms(x, y, weight):
        if ((x < 0) | (x > 1)).any():
            raise RuntimeError("all elements of input should be between 0 and 1")
        loss = -(y * np.maximum(np.log(x), -100) + (1 - y) * np.maximum(np.log1p(-x), -100))
        return loss if weight is None else loss * weight.astype(x.dtype, copy=False)

    @staticmethod
    def partial(x, y, weight):
        w = 1 if weight is None else _const(weight.astype(x._data.dtype, copy=False))
        return (x - y) / ((1 - x) * x).clamp(min=1e-12) * w

    def target_gradient(ctx, grad, x, y):  # torch's binary_cross_entropy_target_backward
        return _bce_weighted(-x.logit() * grad, ctx, ctx.param)


class BinaryCrossEntropyWithLogits(_ReducedLoss):
    """-w (p y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) with p = pos_weight, as torch computes it:
    (1 - y) x - ((p - 1) y + 1) log_sigmoid(x), log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|))."""

    @classmethod
    def forward(cls, ctx, x, y, reduction, param):
        # torch's loss is (1 - target).mul_(input)...: in place, so of the target's dtype
        return super().forward(ctx, x, y, reduction, param).astype(y.dtype, copy=False)

    @staticmethod
    def terms(x, y, param):
        weight, pos_weight = param
        log_sig = np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))
        if pos_weight is not None:
            log_sig = log_sig * ((pos_weight - 1) * y + 1)
        loss = (1 - y) * x - log_sig
        return (loss if weight is None else loss * weight).astype(np.result_type(x, y), copy=False)

    def input_gradient(ctx, grad, x, y):  # torch's binary_cross_entropy_with_logits_backward
        weight, pos_weight = ctx.param
        if pos_weight is None:
            if x.shape != y.shape and not _grad_mode.is_grad_enabled():
                _in_place_into(x.shape, y.shape)  # torch's input.sigmoid().sub_(target), in place unless recorded
            g = x.sigmoid() - y
        else:
            t = _const(pos_weight) * y
            g = (t + 1 - y) * x.sigmoid() - t
        return _bce_weighted(g * grad, ctx, weight, x._data.size)  # (torch's mean: over the input's elements)

    def target_gradient(ctx, grad, x, y):  # torch's binary_cross_entropy_with_logits_target_backward
        weight, pos_weight = ctx.param
        if pos_weight is None:
            g = -x * grad
        else:
            g = (logsigmoid(-x) - logsigmoid(x) * _const(pos_weight)) * grad
        return _bce_weighted(g, ctx, weight)


def _bce_weighted(g, ctx, weight, n=None):
    """A binary cross-entropy's gradient `g` times the weight, over the size for a mean (the loss's, or `n`)."""
    if weight is not None:
        g = g * _const(weight.astype(g._data.dtype, copy=False))
    return DivScalar.apply(g, ctx.n if n is None else n) if ctx.reduction == "mean" else g


class _NllLossBackward(LinearBackward):
    """nll_loss's gradient: the upstream gradient times the -w/total coefficient at each sample's
    target and +0 elsewhere (torch writes only the targets, so a negative upstream gradient leaves
    no -0). Its double backward is nll_loss of gg, as torch's."""

    def forward(ctx, grad, self, coef, cdim, args):
        ctx.args = args
        if args[2] == "none":
            grad = np.expand_dims(grad, cdim)  # each sample's loss onto its class dim
        out = np.multiply(grad, coef)
        np.add(out, 0.0, out=out)  # -0 + 0 is +0; every other value is kept
        return out

    def again(ctx, gg):
        return ctx.op.apply(gg, *ctx.args)


_max, _sum = np.maximum.reduce, np.add.reduce  # (ndarray.max and .sum add a Python wrapper's call)


@functools.lru_cache(maxsize=16)
def _arange(n, trailing):
    """0 .. n - 1 along the first of 1 + `trailing` dims, read-only: an index of nll_loss's pick, the
    same few sizes every step."""
    a = np.arange(n).reshape((n,) + (1,) * trailing)
    a.flags.writeable = False
    return a


class NllLoss(WithLinearBackward, Op):
    """Negative log-likelihood of class indices (input: (C,), (N, C) or (N, C, d1, ...))."""
    on_arrays = True
    _hidden = 0b110  # the target and the class weights get no edge in torch
    saves = (0,)  # for the gradient's edge to it, as torch
    gradient_kind = _NllLossBackward

    def forward(ctx, x, target, weight, reduction, ignore_index):
        cdim = 1 if x.ndim >= 2 else 0
        n_classes = x.shape[cdim]
        t = target.reshape(target.shape[:cdim] + (1,) + target.shape[cdim:])
        ignored = None
        # one pass finds the usual case: every target a class (negatives wrap past n_classes), and an
        # ignore_index that can then match none
        if not t.size or 0 <= ignore_index < n_classes or \
                _max(t.view(np.uint64) if t.dtype == np.int64 else t, axis=None) >= n_classes:
            ignored = t == ignore_index
            if not ignored.any():
                ignored = None
            safe = t if ignored is None else np.where(ignored, 0, t)
            if safe.size and _max(safe.view(np.uint64) if safe.dtype == np.int64 else safe, axis=None) >= n_classes:
                raise IndexError(f"Target {safe[(safe < 0) | (safe >= n_classes)].flat[0]} is out of bounds.")
        else:
            safe = t
        # each sample's target class, as a fancy index into x (take_along_axis's, built directly)
        at = tuple(safe if i == cdim else _arange(n, x.ndim - 1 - i) for i, n in enumerate(x.shape))
        picked = x[at]
        if weight is None and ignored is None:  # all weights 1: w * x is x, and their sum the count
            wt = np.array(1, x.dtype)
            losses = -picked
            count = np.array(picked.size, x.dtype)
        else:
            wt = np.ones(safe.shape, x.dtype) if weight is None else weight.astype(x.dtype, copy=False)[safe]
            if ignored is not None:
                wt[ignored] = 0  # each sample's weight, 0 if ignored
            losses = -(wt * picked)
            if ignored is not None:
                losses[ignored] = 0  # +0, as torch's skipped sample (-(0 * x) may be -0)
            count = None
        if reduction == "mean":
            denom = wt.sum() if count is None else count
            out = _sum(losses, axis=None) / denom  # nothing left to average: 0 / 0, the processor's nan (sign set, as torch's)
            wt = wt / denom if denom else wt * np.nan
        elif reduction == "sum":
            out = _sum(losses, axis=None)
        else:
            out = losses.reshape(target.shape)
        # d(out)/d(x) is -w_t at each sample's target class: kept as a dense coefficient
        coef = np.zeros(x.shape, x.dtype)
        wt = -wt
        if ignored is not None:
            wt[ignored] = 0  # an ignored sample is skipped: a +0 gradient, even when nothing is left (torch)
        coef[at] = wt
        ctx.coef, ctx.cdim, ctx.reduction = coef, cdim, reduction
        ctx.args = target, weight, reduction, ignore_index  # nll_loss's, for its double backward
        return np.asarray(out, x.dtype)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return ctx.gradient.apply(grad, x, ctx.coef, ctx.cdim, ctx.args), None, None, None, None


class NllLoss2D(NllLoss):
    """The same loss for inputs with spatial dims, as torch names it."""
    node_name = "NllLoss2DBackward0"


@_fused_gradient
class SoftMarginLoss(_ReducedLoss):
    """log(1 + exp(-y x))."""
    target_as_input = True
    _hidden = 0b10  # torch gives the target no edge

    @staticmethod
    def terms(x, y, param):
        return np.logaddexp(0, -y * x).astype(np.result_type(x, y), copy=False)

    @staticmethod
    def partial(x, y, param):
        return -y * (-y * x).sigmoid()


class MultiMarginLoss(Op):
    """sum over i != y of w_y max(0, margin - x_y + x_i)^p / C, per sample."""
    saves = (0,)
    _hidden = 0b10  # the target gets no edge in torch

    def forward(ctx, x, target, p, margin, weight, reduction):
        x2 = x.reshape(-1, x.shape[-1])
        onehot = np.arange(x2.shape[1]) == target.reshape(-1, 1)
        wy = np.ones(len(x2), x.dtype) if weight is None else weight[target.reshape(-1)].astype(x.dtype)
        z = margin - x2[onehot][:, None] + x2
        h = np.where(onehot, 0, np.maximum(z, 0))
        per = (h ** p).sum(1) * wy / x2.shape[1]
        ctx.onehot, ctx.wy, ctx.p, ctx.margin, ctx.reduction, ctx.n = onehot, wy, p, margin, reduction, len(x2)
        return _reduce(per.reshape(x.shape[:-1]), reduction).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return (ctx.gradient.apply(grad, x, ctx.onehot, ctx.wy, ctx.p, ctx.margin, ctx.reduction, ctx.n),) + \
            (None,) * 5

    @staticmethod
    def gradient(grad_output, self, onehot, wy, p, margin, reduction, n):
        x2 = self.reshape(-1, self.shape[-1])
        onehot = _const(onehot)
        z = (x2 * onehot).sum(1, keepdim=True) * -1 + x2 + margin
        live = z.gt(0).logical_and(onehot.logical_not())
        slope = live if p == 1 else (z * 2).masked_fill(live.logical_not(), 0)
        d = slope * _const((wy / x2.shape[1])[:, None])
        d = d - onehot * d.sum(1, keepdim=True)
        g = grad_output / n if reduction == "mean" else grad_output
        g = g.reshape(-1, 1) if reduction == "none" else g
        return (g * d).reshape(self.shape)


class MultilabelMarginLoss(Op):
    """sum over target classes j and non-target classes i of max(0, 1 - (x_j - x_i)) / C."""
    _hidden = 0b10  # the target gets no edge in torch
    saves = (0,)

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
        ctx.coef, ctx.reduction, ctx.n = coef.astype(x.dtype), reduction, len(x2)
        return _reduce(per.reshape(x.shape[:-1]), reduction).astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return ctx.gradient.apply(grad, x, ctx.coef, ctx.reduction, ctx.n), None, None

    @staticmethod
    def gradient(grad_output, self, coef, reduction, n):  # (self: the input, which coef was computed from)
        g = grad_output / n if reduction == "mean" else grad_output
        g = g.reshape(-1, 1) if reduction == "none" else g
        return (g * _const(coef)).reshape(self.shape)


def _own_gradient(loss):
    """`loss` with its `gradient(grad_output, self, *params)` recorded as one node, which requires grad as
    torch's does; torch's node has no derivative, pullback's is the formula's (docs/differences.md)."""
    loss.gradient = gradient_node(loss, GradientOp, tensors=2, formula=loss.__dict__["gradient"],
                                  zero_when_unused=True)
    return loss


_own_gradient(MultiMarginLoss)
_own_gradient(MultilabelMarginLoss)


def legacy_reduction(size_average, reduce, stacklevel=1):
    """torch's _Reduction.legacy_get_string: the reduction its deprecated size_average / reduce flags
    stand for (None meaning True), with its warning naming it; stacklevel counted from the caller."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn(f"size_average and reduce args will be deprecated, please use reduction='{reduction}' instead.",
                  stacklevel=stacklevel + 1)
    return reduction


def _reduction(size_average, reduce, reduction):
    """The reduction string, from torch's legacy size_average / reduce flags when given."""
    if size_average is not None or reduce is not None:
        return legacy_reduction(size_average, reduce, stacklevel=3)
    if reduction not in _REDUCTIONS and reduction != "batchmean":
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _warn_size(input, target):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have "
                      "the same size.", stacklevel=3)


def _weighted(unweighted, weight, input, reduction, mean_over_weights):
    """torch's elementwise-weighted losses: weight * loss, then reduced (the weight must have the
    input's own shape, before broadcasting with the target)."""
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    loss = unweighted * weight
    if reduction == "mean":
        return loss.sum() / weight.sum() if mean_over_weights else loss.mean()
    return _reduce(loss, reduction)


def _expanded(input, target):
    """As torch's functional: input and target broadcast (expand nodes where they differ), so that the
    kernel and its backward see one shape."""
    return (input, target) if input.shape == target.shape else broadcast_tensors(input, target)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error (MseLossBackward0)."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    x, y = _expanded(input, target)
    if weight is None:
        return MseLoss.apply(x, y, reduction, None)
    return _weighted((x - y) ** 2, weight, input, reduction, True)  # torch's Python, op for op


def _l1(input, target, reduction):
    """torch's l1_loss kernel, composed: |input - target|, reduced."""
    return _reduce((input - target).abs(), reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    x, y = _expanded(input, target)
    if weight is None:
        return _l1(x, y, reduction)
    return _weighted((x - y).abs(), weight, input, reduction, True)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2."""
    reduction = _reduction(size_average, reduce, reduction)
    _warn_size(input, target)
    x, y = _expanded(input, target)
    if beta == 0.0:  # (torch's F tests it, then hands it to its kernel)
        return _l1(x, y, reduction)
    beta = _signatures.kernel_arguments("smooth_l1_loss", (x, y, 1, beta))[3]
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return SmoothL1Loss.apply(x, y, reduction, beta)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2)."""
    _reduction(None, None, reduction)
    _warn_size(input, target)
    delta = _signatures.kernel_arguments("huber_loss", (input, target, 1, delta))[3]  # (torch's F hands it to its kernel)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    x, y = _expanded(input, target)
    if weight is None:
        return HuberLoss.apply(x, y, reduction, delta)
    return _weighted(HuberLoss.apply(x, y, "none", delta), weight, input, reduction, False)


def _class_targets(input, target, weight):
    """Check class-index targets (and the class weights) against the input in torch's words and order:
    nll_loss_nd's, then those of its 1-2d kernel or of its spatial one. Returns the weights' data."""
    t, x = target._data, input._data
    if not x.ndim:
        raise ValueError("Expected 1 or more dimensions (got 0)")
    if x.ndim != 1 and x.shape[0] != (t.shape[0] if t.ndim else 0):  # (torch reads a 0-d target's as 0)
        raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target batch_size "
                         f"({t.shape[0] if t.ndim else 0}).")
    if x.ndim <= 2:
        if t.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        _long_or_byte(t)
        if x.ndim == 1 and t.ndim == 1 and t.shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: {t.shape[0]}")
        return _class_weight(weight, x.shape[-1], input)
    if x.ndim != 4 and t.shape[1:] != x.shape[2:]:  # other ranks are viewed as 4-d once this holds
        raise RuntimeError(f"Expected target size {[x.shape[0], *x.shape[2:]]}, got {list(t.shape)}")
    if t.ndim != x.ndim - 1:
        raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but got targets of dimension: "
                           f"{t.ndim}")
    _long_or_byte(t)
    if weight is not None and weight._data.size != x.shape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if t.shape[1:] != x.shape[2:]:
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: {list(t.shape)}")
    if weight is None:
        return None
    _same_dtype(weight, input)
    return weight._data.reshape(-1)  # the spatial kernel reads any weight of C elements


def _long_or_byte(t):
    if t.dtype != np.int64 and t.dtype != np.uint8:
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {scalar_type_name(t.dtype)}")


def _same_dtype(weight, input):
    if weight.dtype != input.dtype:
        raise RuntimeError(f"expected scalar type {scalar_type_name(input._data.dtype)} but found "
                           f"{scalar_type_name(weight._data.dtype)}")


def _class_weight(weight, n_classes, input):
    if weight is None:
        return None
    if tuple(weight.shape) != (n_classes,):
        raise RuntimeError(f"weight tensor should be defined either for all {n_classes} classes or no classes but "
                           f"got weight tensor of shape: {list(weight.shape)}")
    _same_dtype(weight, input)
    return weight._data


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    """-input[target] (weighted), for log-probabilities `input` and class indices `target`."""
    reduction = _reduction(size_average, reduce, reduction)
    ignore_index = _signatures.kernel_arguments("nll_loss_nd", (input, target, weight, 1, ignore_index))[4]
    return _nll_nd(input, target, _class_targets(input, target, weight), reduction, ignore_index)


def _nll_nd(input, target, weight, reduction, ignore_index):
    """torch's nll_loss_nd: NllLoss for 1- or 2-d input, NllLoss2D for 4-d, other dims through
    (N, C, 1, -1) views of the input (and of the unreduced loss back to the target's shape)."""
    d = input.dim()
    if d <= 2:
        return NllLoss.apply(input, target, weight, reduction, ignore_index)
    if d == 4:
        return NllLoss2D.apply(input, target, weight, reduction, ignore_index)
    n, c = input.shape[:2]
    input, target = input.contiguous(), target.contiguous()
    flat = input.view(n, c, 1, -1) if input.numel() else input.view(n, c, 0, 0)
    target = target.view(n, 1, -1) if target.numel() else target.view(n, 0, 0)
    out = NllLoss2D.apply(flat, target, weight, reduction, ignore_index)
    return out.view((n,) + tuple(input.shape[2:])) if reduction == "none" else out


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean",
                  label_smoothing=0.0):
    """log_softmax over the class dim, then the negative log-likelihood of class indices, or the
    cross-entropy with class probabilities when `target` is floating; optional label smoothing."""
    reduction = _reduction(size_average, reduce, reduction)
    ignore_index, label_smoothing = _signatures.kernel_arguments(
        "cross_entropy_loss", (input, target, weight, 1, ignore_index, label_smoothing))[4:]
    probabilities = tuple(target.shape) == tuple(input.shape)  # torch's test, dtype aside
    if probabilities:
        if not target.is_floating_point():
            raise RuntimeError("Expected floating point type for target with class probabilities, got "
                               f"{scalar_type_name(target._data.dtype)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        if not input.dim():
            raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if label_smoothing > 1.0:  # (a negative one is ignored, as torch ignores it)
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {_dtype.scalar_text(label_smoothing)}")
    cdim = 0 if input.dim() == 1 else 1  # torch's class dim (a 0-d input has none: log_softmax refuses it)
    logp = log_softmax(input, cdim)
    n_classes = input.shape[cdim]
    pshape = [1] * input.dim()
    pshape[cdim] = n_classes
    if probabilities:
        if label_smoothing > 0:
            target = AddScalar.apply(MulScalar.apply(target, 1 - label_smoothing), label_smoothing / n_classes)
        prod = logp * target
        if weight is not None:
            _class_weight(weight, n_classes, input)
            prod = prod * weight.view(pshape)
        if reduction == "none":
            return -prod.sum(cdim)
        if reduction == "sum":
            return -prod.sum()
        if input.numel() == 0:  # torch's: nothing to average over, the sum filled with nan
            return -prod.sum().fill_(float("nan"))
        return DivScalar.apply(-prod.sum(), input.numel() / n_classes)
    w = _class_targets(input, target, weight)
    nll = _nll_nd(logp, target, w, reduction, ignore_index)
    if label_smoothing <= 0:
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
    return MulScalar.apply(nll, 1 - label_smoothing) + MulScalar.apply(smooth, label_smoothing / n_classes)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """-(y log x + (1 - y) log(1 - x)) for probabilities x (logs clamped at -100, as torch)."""
    reduction = _reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size "
                         f"({input.shape}) is deprecated. Please ensure they have the same size.")
    if target.dtype != input.dtype:
        raise RuntimeError(f"Found dtype {scalar_type_name(target._data.dtype)} but expected {scalar_type_name(input._data.dtype)}")
    if weight is not None:  # (as torch's F: its own broadcast, then the kernel's parser)
        new_size = broadcast_shapes(target.size(), weight.size())
        weight = weight.expand(new_size)
    w = None if weight is None else _signatures.kernel_arguments("binary_cross_entropy", (input, target, weight, 1))[2]
    return BinaryCrossEntropy.apply(input, target, reduction, None if w is None else w._data)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target) computed stably from the logits."""
    reduction = _reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    weight, pos_weight = _signatures.kernel_arguments("binary_cross_entropy_with_logits",
                                                      (input, target, weight, pos_weight, 1))[2:4]
    return bce_with_logits_kernel(input, target, weight, pos_weight, reduction)


def bce_with_logits_kernel(input, target, weight, pos_weight, reduction):
    """torch's binary_cross_entropy_with_logits kernel (torch.binary_cross_entropy_with_logits, F's after its
    size check): log_sigmoid(input), scaled in place by (pos_weight - 1) * target + 1, then the loss written
    in place into (1 - target): an input broadcasting to the target's shape is taken, what would grow an
    in-place output is refused in torch's words and order."""
    _refuse_requires_grad(weight, "weight", "binary_cross_entropy_with_logits")  # (autograd's, before the kernel)
    _refuse_requires_grad(pos_weight, "pos_weight", "binary_cross_entropy_with_logits")
    if not input.dtype.is_floating_point:  # log_sigmoid(input)
        raise _dtype.not_implemented_for("log_sigmoid_cpu", input._data.dtype)
    if pos_weight is not None:  # log_sigmoid(input).mul_((pos_weight - 1) * target + 1)
        _in_place_into(input.shape, _broadcast_shape(pos_weight.shape, target.shape))
    if target.dtype is _dtype.bool:  # 1 - target
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    _in_place_into(target.shape, input.shape)  # loss = (1 - target).mul_(input): the shapes, then the dtypes
    if not target.dtype.is_floating_point and not target.dtype.is_complex:
        raise RuntimeError(f"result type {scalar_type_name(input._data.dtype)} can't be cast to the desired output "
                           f"type {scalar_type_name(target._data.dtype)}")
    if weight is not None:  # loss.mul_(weight)
        _in_place_into(target.shape, weight.shape)
    w = None if weight is None else weight._data
    pw = None if pos_weight is None else pos_weight._data
    return BinaryCrossEntropyWithLogits.apply(input, target, reduction, (w, pw))


def _broadcast_shape(a, b):
    """The shape an op of operands of shapes `a` and `b` gives, refused in torch's words."""
    try:
        return np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        raise _shape_mismatch(tuple(a), tuple(b)) from None


def _in_place_into(shape, other):
    """A kernel's in-place op into an output of `shape` with an operand of shape `other`: refused
    in torch's words where they do not broadcast or where the operand would grow the output."""
    shape = tuple(shape)
    joint = _broadcast_shape(shape, other)
    if joint != shape:
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast shape {list(joint)}")


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """target * (log target - input), input being log-probabilities (target too if log_target)."""
    reduction = _reduction(size_average, reduce, reduction)
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
                      "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                      "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
                      stacklevel=2)
    if type(log_target) is not bool or not (isinstance(input, Tensor) and isinstance(target, Tensor)):
        _signatures.as_parsed_by("kl_div", (input, target, 1), kwargs={"log_target": log_target})  # (its TypeError)
    return kl_div_reduced(input, target, reduction, log_target)


def kl_div_reduced(input, target, reduction, log_target):
    """kl_div's loss under the reduction given as a string (batchmean too), without its warning."""
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = xlogy(target, target) - target * input  # torch's C++ kl_div
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.dim() else loss.sum()
    return _reduce(loss, reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -target * (input1 - input2) + margin)."""
    reduction = _reduction(size_average, reduce, reduction)
    if not input1.dim() == input2.dim() == target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           f"input1: {input1.shape}, input2: {input2.shape}, target: {target.shape} ")
    margin = _signatures.kernel_arguments("margin_ranking_loss", (input1, input2, target, margin, 1))[3]
    return _reduce(clamp_min(AddScalar.apply(-target * (input1 - input2), margin), 0), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    margin = _signatures.kernel_arguments("cosine_embedding_loss", (input1, input2, target, margin, 1))[3]
    # torch's checks: the target's rank, then the inputs' (which then broadcast together)
    if target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != target.dim() + 1 or input2.dim() != target.dim() + 1:
        raise RuntimeError(f"{target.dim()}D target tensor expects {target.dim() + 1}D input tensors, but found "
                           f"inputs with sizes {list(input1.shape)} and {list(input2.shape)}.")
    dim = input1.dim() - 1
    eps = 1e-12
    prod = (input1 * input2).sum(dim)
    mag1 = AddScalar.apply((input1 * input1).sum(dim), eps)  # torch's C++ + EPSILON (AddBackward1)
    mag2 = AddScalar.apply((input2 * input2).sum(dim), eps)
    cos = prod / (mag1 * mag2).sqrt()
    # as torch composes it: 1 - cos with the 1 wrapped (SubBackward0), where(), not masked_fill
    pos = where(target == 1, Sub.apply(1, cos), 0)
    neg = where(target == -1, clamp_min(SubScalar.apply(cos, margin), 0), 0)
    return _reduce(pos + neg, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-target * input)), computed stably."""
    reduction = _reduction(size_average, reduce, reduction)  # (no size warning: torch's has none)
    _refuse_requires_grad(target, "target", "soft_margin_loss")
    _in_place_into(input.shape, target.shape)  # the kernel's neg(input).mul_(target)
    return SoftMarginLoss.apply(input, target, reduction, None)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """input where target is 1, max(0, margin - input) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    margin = _signatures.kernel_arguments("hinge_embedding_loss", (input, target, margin, 1))[2]
    margin_part = where(target != 1, clamp_min(Sub.apply(margin, input), 0), 0)  # as torch: where(), margin wrapped
    return _reduce(margin_part + where(target != -1, input, 0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """Poisson negative log-likelihood of `target` with rate exp(input) (log_input) or input."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, stacklevel=2)
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not a valid value for reduction")  # (torch's sum: a non-str's TypeError)
    log_input, full, eps = _signatures.kernel_arguments("poisson_nll_loss", (input, target, log_input, full, eps, 1))[2:5]
    # torch's C++: its numbers are Scalar arguments (AddBackward1, MulBackward1)
    loss = input.exp() - target * input if log_input else input - target * AddScalar.apply(input, eps).log()
    if full:
        stirling = target * target.log() - target + MulScalar.apply(MulScalar.apply(target, 2 * math.pi).log(), 0.5)
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
    reduction = _reduction(size_average, reduce, reduction)
    _check_margin(margin)  # (torch's F, before it hands the options to its kernel)
    margin, p, eps, swap = _signatures.kernel_arguments("triplet_margin_loss", (anchor, positive, negative, margin, p,
                                                                                eps, swap, 1))[3:7]
    return _triplet(anchor, positive, negative, lambda a, b: pairwise_distance(a, b, p, eps), margin, swap,
                    reduction, AddScalar.apply)  # torch's C++ margin + d_pos


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """max(0, margin + d(anchor, positive) - d(anchor, negative)) for any distance d
    (pairwise_distance by default); with swap, d(anchor, negative) is min'd with d(positive, negative)."""
    distance = pairwise_distance if distance_function is None else distance_function
    # torch's Python margin + d_pos: the number wrapped (AddBackward0)
    return _triplet(anchor, positive, negative, distance, margin, swap, reduction, lambda d, m: m + d)


def _check_margin(margin):
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")


def _triplet(anchor, positive, negative, distance, margin, swap, reduction, add_margin):
    """The triplet losses' shared checks and formula; `add_margin(d_pos, margin)` as each torch writes it."""
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    _check_margin(margin)
    dims = (anchor.dim(), positive.dim(), negative.dim())
    if len(set(dims)) != 1:
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the same number of "
                           f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative {dims[2]}D "
                           "inputs")
    d_pos, d_neg = distance(anchor, positive), distance(anchor, negative)
    if swap:
        d_neg = _pointwise.minimum(d_neg, distance(positive, negative))
    return _reduce(clamp_min(add_margin(d_pos, margin) - d_neg, 0), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Mean over classes of the binary logistic loss of each class."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce, stacklevel=2)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(class_dim) / input.shape[class_dim]
    if reduction != "none" and reduction != "mean" and reduction != "sum":  # (torch's F checks it last, in its words)
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
    """Multi-class hinge loss: sum over wrong classes i of max(0, margin - x[y] + x[i])^p / C."""
    reduction = _reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    p, margin, weight = _signatures.kernel_arguments("multi_margin_loss", (input, target, p, margin, weight, 1))[2:5]
    if input.dim() > 2 or input.dim() == 0:
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
                           f"{list(input.shape)}")
    n_classes = input.shape[-1]
    batch = input.shape[0] if input.dim() == 2 else 1
    t = target._data
    if t.size != batch or t.ndim > 1:
        raise RuntimeError(f"inconsistent target size, expected {batch} but got {list(t.shape)}")
    if weight is not None and weight.numel() != n_classes:
        raise RuntimeError(f"inconsistent weight size, expected {n_classes} but got {list(weight.shape)}")
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


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
from ...autograd.grad_mode import no_grad as _no_grad  # noqa: E402
