"""The torch.* forms of NN functions whose signatures are ATen's, not torch.nn.functional's:
torch.embedding(weight, indices) and embedding_bag's four outputs, torch.batch_norm(...,
cudnn_enabled), the native_* norms returning their statistics, losses taking their reduction as
an integer (0 none, 1 mean, 2 sum; none when omitted, as torch's bindings), pooling returning
(values, indices), the in-place and channel-wise dropouts. Each is a thin form over the
functional one; conv_tbc, which has no functional counterpart, is its own op."""
import numpy as np

from ... import _memory_format
from ..._dtype import not_implemented_for
from ..._tensor import Tensor
from .._op import Op, int_argument
from .. import shape as _shape
from .conv import ConvolutionWeight, _conv_np, _convolution, conv_transpose1d
from .ctc import ctc_loss as _ctc_loss
from .dropout_family import _dropout, check_probability as _dropout_probability
from .loss import (bce_with_logits_kernel, cosine_embedding_loss as _cosine_embedding,
                   hinge_embedding_loss as _hinge_embedding, kl_div_reduced, margin_ranking_loss as _margin_ranking,
                   poisson_nll_loss as _poisson_nll, triplet_margin_loss as _triplet_margin)
from .normalization import (NativeGroupNormWithStatistics, _check_params_dtype, _normalized_shape,
                            batch_norm as _batch_norm, instance_norm as _instance_norm, layer_norm as _layer_norm,
                            moments)
from .pooling import adaptive_max_pool1d as _adaptive_max_pool1d, max_pool1d_with_indices as _max_pool1d_with_indices
from .sparse import embedding as _embedding, _embedding_bag, embedding_renorm_ as _embedding_renorm_
from . import activation as _activation, pooling as _pooling, softmax_family as _softmax_family
from .normalization import group_norm as _group_norm


# an omitted reduction: the schemas say Mean, but torch's Python bindings read that default as 0
_UNREDUCED = 0


def _reduction(name, reduction, position):
    """torch's Reduction enum as the functional forms' string: 1 mean, 2 sum, anything else none."""
    if type(reduction) is not int:
        raise TypeError(f"{name}(): argument 'reduction' (position {position}) must be int, not "
                        f"{type(reduction).__name__}")
    return {1: "mean", 2: "sum"}.get(reduction, "none")


def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """Rows of `weight` picked by `indices`; a non-negative padding_idx's row gets no gradient."""
    return _embedding(indices, weight, padding_idx if padding_idx >= 0 else None,
                      scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def embedding_renorm_(input, indices, max_norm, norm_type):
    """Rescale in place the rows of `input` picked by `indices` whose norm exceeds max_norm.

    `input` is an embedding's weight (F.embedding's max_norm renormalises through this)."""
    return _embedding_renorm_(input, indices, max_norm, norm_type)


def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """embedding_bag with ATen's signature: (output, offset2bag, bag_size, max_indices).

    `offsets` cut `indices` into bags; mode 0 sums their rows of `weight`, 1 averages, 2 takes the
    maxima. F.embedding_bag is its first output."""
    return _embedding_bag(weight, indices, offsets, scale_grad_by_freq, mode, sparse, per_sample_weights,
                               include_last_offset, padding_idx)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    """F.batch_norm with ATen's argument order (weight and bias first)."""
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled):
    """F.instance_norm with ATen's argument order (weight and bias first)."""
    return _instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


def _statistics(x, dims, eps):
    """normalization.moments of x's array as tensors without a history (those of layer and batch norm)."""
    mean, rstd = moments(x, dims, eps)
    return Tensor._wrap(mean), Tensor._wrap(rstd)


def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """(layer_norm's output, the mean and 1 / std it normalized each sample by)."""
    out = _layer_norm(input, normalized_shape, weight, bias, eps)
    k = len(_normalized_shape(input, normalized_shape))
    return (out,) + _statistics(input._data, tuple(range(input.dim() - k, input.dim())), eps)


def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """(batch_norm's output, and in training the batch's per-channel mean and 1 / std; else two
    empty tensors)."""
    out = _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if not training:
        empty = np.zeros(0, input._data.dtype)
        return out, Tensor._wrap(empty), Tensor._wrap(empty.copy())
    mean, rstd = _statistics(input._data, (0,) + tuple(range(2, input.dim())), eps)
    return out, mean.reshape(-1), rstd.reshape(-1)


def native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """group_norm's output with the mean and 1 / std of each sample's groups, (N, group) each.

    The input's N * C * HxW elements are read as (N, C, HxW). Unlike native_layer_norm's, the
    statistics carry the node (NativeGroupNormBackward0) and take gradients, as torch's."""
    if group <= 0:
        raise RuntimeError(f"Expected num groups to be greater than 0, got {group}")
    if C % group:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={group}")
    shown = [0] if weight is None else list(weight.shape)  # torch's message shows the weight's shape for both
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and (p.dim() != 1 or p.numel() != C):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, but "
                               f"got {name} of shape {shown} and input of shape {list(input.shape)}")
    x = input._data
    if not _memory_format.has(x, _memory_format.suggested(x)):
        raise RuntimeError("Expected X.is_contiguous(memory_format) to be true, but got false.  (Could this error "
                           "message be improved?  If so, please report an enhancement request to PyTorch.)")
    _check_params_dtype(input, weight, bias)
    if x.dtype.kind != "f":
        raise not_implemented_for("GroupNormKernelImpl", x.dtype)
    if x.size != N * C * HxW:
        raise RuntimeError("Expected X.numel() == N * C * HxW to be true, but got false.  (Could this error message "
                           "be improved?  If so, please report an enhancement request to PyTorch.)")
    if input.dim() >= 2 and tuple(input.shape[:2]) == (N, C):
        return NativeGroupNormWithStatistics.apply(input, weight, bias, eps, group)
    # another layout of the N * C * HxW elements: normalized as (N, C, HxW) (views in the graph, not in torch's)
    out, mean, rstd = NativeGroupNormWithStatistics.apply(input.reshape(N, C, HxW), weight, bias, eps, group)
    return out.reshape(input.shape), mean, rstd


def constant_pad_nd(input, pad, value=0):
    """Pad with `value`: pad lists (before, after) pairs from the last dim backwards (negative crops)."""
    if len(pad) % 2:  # (torch's kernel words it otherwise than F.pad)
        raise RuntimeError(f"Length of pad must be even but instead it equals {len(pad)}")
    return _shape.pad(input, pad, "constant", value)


def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """The convolution every conv*d and conv_transpose*d calls: its dims are the weight's less two."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, weight.dim() - 2, transposed,
                        output_padding)


class ConvTbc(Op):
    """A 1-d convolution of a (time, batch, channels) input with a (kernel, in, out) weight."""
    saves = (0, 1)
    node_name = "ConvTbcBackward0"

    def forward(ctx, x, w, b, pad):
        ctx.pad = pad
        out, _ = _conv_np(x.transpose(1, 2, 0), w.transpose(2, 1, 0), b, (1,), ((pad, pad),), (1,), 1)
        return out.transpose(2, 0, 1)

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        pad = ctx.pad
        g = grad.permute(1, 2, 0)  # as the (batch, out, time) output of conv1d(x', w')
        gx = conv_transpose1d(g, w.permute(2, 1, 0), padding=pad).permute(2, 0, 1) if need_x else None
        gw = ConvolutionWeight.apply(x.permute(1, 2, 0), g, (w.shape[0],), (1,), ((pad, pad),), (1,), 1) \
            .permute(2, 1, 0) if need_w else None
        gb = grad.sum((0, 1)) if need_b else None
        return gx, gw, gb, None


def conv_tbc(input, weight, bias, pad=0):
    """1-d convolution over a (time, batch, in_channels) input with a (kernel, in, out) weight and
    an (out,) bias, zero-padding `pad` steps at both ends of time."""
    if input.dim() != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if weight.dim() != 3:
        raise RuntimeError("Weight tensor must have 3 dims: kernel_width, in_channels, out_channels.")
    if bias.dim() != 1:
        raise RuntimeError("Bias must be 1-D")
    if input.shape[2] != weight.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if bias.shape[0] != weight.shape[2]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output channels).")
    length = input.shape[0] + 2 * pad - weight.shape[0] + 1
    if length < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {length}: "
                           f"[{length}, {input.shape[1]}, {weight.shape[2]}]")
    return ConvTbc.apply(input, weight, bias, pad)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=_UNREDUCED, zero_infinity=False):
    """F.ctc_loss with an integer reduction."""
    return _ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                     _reduction("ctc_loss", reduction, 6), zero_infinity)


def hinge_embedding_loss(input, target, margin=1.0, reduction=_UNREDUCED):
    """F.hinge_embedding_loss with an integer reduction."""
    return _hinge_embedding(input, target, margin, reduction=_reduction("hinge_embedding_loss", reduction, 4))


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """F.poisson_nll_loss with every argument given, the reduction as an integer."""
    return _poisson_nll(input, target, log_input, full, eps=eps,
                        reduction=_reduction("poisson_nll_loss", reduction, 6))


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, reduction=_UNREDUCED):
    """F.triplet_margin_loss with an integer reduction."""
    return _triplet_margin(anchor, positive, negative, margin, p, eps, swap,
                           reduction=_reduction("triplet_margin_loss", reduction, 8))


def kl_div(input, target, reduction=_UNREDUCED, *, log_target=False):
    """F.kl_div with an integer reduction (1, mean, averages over every element, without F's warning)."""
    if any(isinstance(t, Tensor) and t._data.dtype.kind in "biu" for t in (input, target)):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    return kl_div_reduced(input, target, _reduction("kl_div", reduction, 3), log_target)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=_UNREDUCED):
    """F.binary_cross_entropy_with_logits's kernel, with an integer reduction and without F's size check.

    An input broadcasting to the target's shape is taken, as torch's kernel takes it."""
    return bce_with_logits_kernel(input, target, weight, pos_weight,
                                  _reduction("binary_cross_entropy_with_logits", reduction, 5))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=_UNREDUCED):
    """F.cosine_embedding_loss with an integer reduction."""
    return _cosine_embedding(input1, input2, target, margin,
                             reduction=_reduction("cosine_embedding_loss", reduction, 5))


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=_UNREDUCED):
    """F.margin_ranking_loss with an integer reduction."""
    return _margin_ranking(input1, input2, target, margin, reduction=_reduction("margin_ranking_loss", reduction, 5))


def adaptive_max_pool1d(input, output_size):
    """(values, indices) of adaptive max pooling over (N, C, L)."""
    return _adaptive_max_pool1d(input, output_size, return_indices=True)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """(values, indices) of max pooling over (N, C, L); an empty stride is the kernel size."""
    return _max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode)


def dropout(input, p, train):
    """F.dropout with ATen's parameters (train required, a RuntimeError for a bad p)."""
    _dropout_probability(p)
    return _dropout(input, p, train, False)


def alpha_dropout(input, p, train):
    """F.alpha_dropout with ATen's parameters."""
    _dropout_probability(p)
    return _dropout(input, p, train, False, alpha=True)


def feature_alpha_dropout(input, p, train):
    """F.feature_alpha_dropout with ATen's parameters."""
    _dropout_probability(p)
    _feature_input(input, p, train)
    return _dropout(input, p, train, False, feature=True, alpha=True)


def celu(input, alpha=1.0):
    """F.celu, not in place."""
    return _activation.celu(input, alpha)


def selu(input):
    """F.selu, not in place."""
    return _activation.selu(input)


def threshold(input, threshold, value):
    """F.threshold, not in place."""
    return _activation.threshold(input, threshold, value)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """F.rrelu drawing its slopes from `generator` (pullback's global one by default)."""
    return _activation.rrelu_with_generator(input, lower, upper, training, False, generator)


def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """F.max_pool1d's values (an empty stride is the kernel size)."""
    return _pooling.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """F.max_pool2d's values (an empty stride is the kernel size)."""
    return _pooling.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    """F.max_pool3d's values (an empty stride is the kernel size)."""
    return _pooling.max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode)


_NO_DIM = object()  # dim left out: torch's parser names it in its own words, not Python's


def _required_dim(name, dim, position):
    """torch.softmax's parser: dim an int (or a tensor read as one), never None, where F.softmax
    would guess it."""
    if not (int_argument(dim) or isinstance(dim, Tensor)):
        if dim is _NO_DIM:
            raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
        raise TypeError(f"{name}(): argument 'dim' (position {position}) must be int, not {type(dim).__name__}")


def softmax(input, dim=_NO_DIM, dtype=None):
    """F.softmax along `dim`, which torch.softmax and Tensor.softmax require (computed in `dtype`)."""
    _required_dim("softmax", dim, 2)
    return _softmax_family.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=_NO_DIM, dtype=None):
    """F.log_softmax along `dim`, which torch.log_softmax and Tensor.log_softmax require."""
    _required_dim("log_softmax", dim, 2)
    return _softmax_family.log_softmax(input, dim, dtype=dtype)


def _softmax_method(self, dim=_NO_DIM, dtype=None):
    """See torch.softmax."""
    _required_dim("softmax", dim, 1)
    return _softmax_family.softmax(self, dim, dtype=dtype)


def _log_softmax_method(self, dim=_NO_DIM, dtype=None):
    """See torch.log_softmax."""
    _required_dim("log_softmax", dim, 1)
    return _softmax_family.log_softmax(self, dim, dtype=dtype)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    """F.layer_norm; cudnn_enable means nothing on CPU."""
    return _layer_norm(input, normalized_shape, weight, bias, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    """F.group_norm; cudnn_enabled means nothing on CPU."""
    if num_groups <= 0:  # (torch's kernel checks; F.group_norm's Python divides by it first)
        raise RuntimeError(f"Expected num groups to be greater than 0, got {num_groups}")
    return _group_norm(input, num_groups, weight, bias, eps)


def _feature_input(input, p, train):
    """torch's check, after its early exit (nothing to drop: the input as it is)."""
    if p > 0 and train and input.numel() and input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")


def dropout_(input, p, train):
    """F.dropout in place."""
    _dropout_probability(p)
    return _dropout(input, p, train, True)


def alpha_dropout_(input, p, train):
    """F.alpha_dropout in place."""
    _dropout_probability(p)
    return _dropout(input, p, train, True, alpha=True)


def feature_dropout(input, p, train):
    """Dropout of whole channels (dim 1 of an input with at least two dims)."""
    _dropout_probability(p)
    _feature_input(input, p, train)
    return _dropout(input, p, train, False, feature=True)


def feature_dropout_(input, p, train):
    """feature_dropout in place."""
    _dropout_probability(p)
    _feature_input(input, p, train)
    return _dropout(input, p, train, True, feature=True)


def feature_alpha_dropout_(input, p, train):
    """F.feature_alpha_dropout in place."""
    _dropout_probability(p)
    _feature_input(input, p, train)
    return _dropout(input, p, train, True, feature=True, alpha=True)


__all__ = ["embedding", "embedding_bag", "embedding_renorm_", "batch_norm", "instance_norm", "native_layer_norm", "native_batch_norm", "native_group_norm",
           "constant_pad_nd", "convolution", "conv_tbc", "ctc_loss",
           "hinge_embedding_loss", "poisson_nll_loss", "triplet_margin_loss", "kl_div",
           "binary_cross_entropy_with_logits", "cosine_embedding_loss", "margin_ranking_loss", "adaptive_max_pool1d",
           "max_pool1d_with_indices", "dropout_", "alpha_dropout_", "feature_dropout", "feature_dropout_",
           "feature_alpha_dropout_", "dropout", "alpha_dropout", "feature_alpha_dropout", "celu", "selu", "threshold",
           "rrelu", "max_pool1d", "max_pool2d", "max_pool3d", "softmax", "log_softmax", "layer_norm", "group_norm"]
_softmax_method.__name__ = _softmax_method.__qualname__ = "softmax"  # as Python names it in a TypeError
_log_softmax_method.__name__ = _log_softmax_method.__qualname__ = "log_softmax"
METHODS = {"softmax": _softmax_method, "log_softmax": _log_softmax_method}
