"""The softmax family: softmax, log_softmax and softmin (shifted by the max, so they never
overflow) and gumbel_softmax."""
import numbers
import warnings

import numpy as np

from ... import _creation, _dtype, _signatures
from .. import shape as _shape
from .._op import Op
from ..pointwise import Exp
from ..._dtype import not_implemented_for
from ..reduction import SumDim, _dims
from ._common import _const


def _check_floating(x, dim, name):
    """torch's softmax kernels are floating only: the last-dim one for the last dim, else the general
    one; an empty input returns before either runs."""
    if x.dtype.kind != "f" and x.size:
        lastdim = x.ndim <= 1 or dim in (-1, x.ndim - 1)
        raise not_implemented_for(f"{name}_lastdim_kernel_impl" if lastdim else f"{name}_kernel_impl", x)


class Softmax(Op):
    contiguous_output = True
    on_arrays = True
    saves = ("result",)

    def forward(ctx, x, dim):
        _check_floating(x, dim, "softmax")
        ctx.dim = dim
        if not x.size:
            return x.copy()
        e = np.exp(x - np.maximum.reduce(x, axis=dim, keepdims=True))
        return e / np.add.reduce(e, axis=dim, keepdims=True)

    def backward(ctx, grad):
        y, = ctx.saved_tensors
        if grad.dtype == y.dtype:
            return SoftmaxBackwardData.apply(grad, y, ctx.dim), None
        return y * (grad - (grad * y).sum(ctx.dim, keepdim=True)), None


class _BackwardData(Op):
    """A softmax-family gradient, of the output's gradient and the result along ctx.dim, as one
    node (torch's _*_backward_data) and differentiable again by torch's formulas."""
    saves = (0, 1)

    @classmethod
    def forward(cls, ctx, grad, result, dim):
        ctx.dim = dim
        return cls.gradient(grad, result, dim)


class SoftmaxBackwardData(_BackwardData):
    """softmax's gradient, result * (grad - sum(grad * result))."""
    node_name = "SoftmaxBackwardDataBackward0"

    @staticmethod
    def gradient(grad, result, dim):
        return result * (grad - np.add.reduce(grad * result, axis=dim, keepdims=True))

    def backward(ctx, gg):
        grad, result = ctx.saved_tensors
        need_grad, need_result = ctx.needs_input_grad[:2]
        d = ctx.dim
        return ((SoftmaxBackwardData.apply(gg, result, d) if need_grad else None),
                (grad * gg - (result * grad).sum(d, keepdim=True) * gg - grad * (result * gg).sum(d, keepdim=True)
                 if need_result else None), None)


class LogSoftmax(Op):
    contiguous_output = True
    on_arrays = True
    saves = ("result",)

    def forward(ctx, x, dim):
        _check_floating(x, dim, "log_softmax")
        ctx.dim = dim
        if not x.size:
            return x.copy()
        shifted = x - np.maximum.reduce(x, axis=dim, keepdims=True)
        return shifted - np.log(np.add.reduce(np.exp(shifted), axis=dim, keepdims=True))

    def backward(ctx, grad):
        y, = ctx.saved_tensors
        if grad.dtype == y.dtype:
            return LogSoftmaxBackwardData.apply(grad, y, ctx.dim), None
        return grad - Exp.apply(y) * SumDim.apply(grad, _dims(ctx.dim, grad.ndim), True, None), None


class LogSoftmaxBackwardData(_BackwardData):
    """log_softmax's gradient, grad - exp(result) * sum(grad)."""
    node_name = "LogSoftmaxBackwardDataBackward0"

    @staticmethod
    def gradient(grad, result, dim):
        return grad - np.exp(result) * np.add.reduce(grad, axis=dim, keepdims=True)

    def backward(ctx, gg):
        grad, result = ctx.saved_tensors
        need_grad, need_result = ctx.needs_input_grad[:2]
        e = result.exp()
        return ((gg - (gg * e).sum(ctx.dim, keepdim=True) if need_grad else None),
                (-grad.sum(ctx.dim, keepdim=True) * e * gg if need_result else None), None)


def _softmax_input(name, input, dim, stacklevel, dtype):
    """The input cast to `dtype` and the wrapped dim. torch.softmax(x, dim, dtype) and
    Tensor.softmax(dim, dtype) pass the dtype where F.softmax has _stacklevel. An omitted dim warns
    as torch's, from as many frames up (this helper stands where torch's _get_softmax_dim does)."""
    if stacklevel is not None and not isinstance(stacklevel, numbers.Integral):
        dtype, stacklevel = stacklevel, 3
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
                      "dim=X as an argument.", stacklevel=3 if stacklevel is None else stacklevel)
        dim = 0 if input.dim() in (0, 1, 3) else 1
    elif type(dim) is not int:  # torch's F.softmax calls input.softmax(dim): that method's parser reads it
        method = "softmax" if name == "softmin" else name
        dim, = _signatures.as_parsed_by(method, (dim,), method=True)
    if dtype is not None and type(dtype) is not _dtype.dtype:  # (and dtype=, the method's keyword)
        dtype = _dtype.dtype_argument(name, dtype)
    if dtype is not None:
        input = input.to(dtype)
    return input, _shape.wrap_dim(dim, input.dim())


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along `dim` (shifted by the max, so it never overflows)."""
    input, dim = _softmax_input("softmax", input, dim, _stacklevel, dtype)
    return Softmax.apply(input, dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """x - logsumexp(x) along `dim`, computed stably."""
    input, dim = _softmax_input("log_softmax", input, dim, _stacklevel, dtype)
    return LogSoftmax.apply(input, dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    input, dim = _softmax_input("softmin", -input, dim, _stacklevel, dtype)  # torch's (-input).softmax(dim, dtype)
    return Softmax.apply(input, dim)


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
