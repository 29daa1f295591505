"""linear_cross_entropy: cross_entropy(linear(input, linear_weight, linear_bias), target), torch 2.13's
fused loss head, and its chunked form.

The reference path is exactly F.linear then F.cross_entropy. With `options` (an
nn.LinearCrossEntropyOptions) torch processes the batch in chunks of rows so that the full
(N, num_classes) logits never exist: for 'mean' and 'sum' the forward computes the loss and the
gradients together, chunk by chunk, and the backward only scales them by the incoming gradient; for
'none' the forward computes each row's loss and the backward recomputes each chunk's gradients. Here
each chunk is the reference computation on those rows (linear and cross_entropy, differentiated by
autograd on a graph that lives only while the chunk is computed), so the chunked path has the
reference's semantics by construction and holds one chunk of logits at a time. As torch's, its
gradients are constants: no double backward through the chunked path.
"""
import warnings

import numpy as np

from ..._dtype import float16, float32, int64
from ...autograd.grad_mode import enable_grad, is_grad_enabled, no_grad
from .._op import Op, _wrap
from ..linalg import _check_same_dtype
from .dense import linear
from .loss import _REDUCTIONS, cross_entropy


def linear_cross_entropy(input, linear_weight, target, *, linear_bias=None, weight=None, reduction="mean",
                         ignore_index=None, label_smoothing=0.0, options=None):
    """The cross entropy of the logits linear(input, linear_weight, linear_bias), whole or in chunks.

    input is (in_features,) or (N, in_features); linear_weight (C, in_features), or (C, d_1, ..., d_K,
    in_features) for the K-dimensional loss over logits (N, C, d_1, ..., d_K). ignore_index=None means -100
    for class-index targets and is the only value allowed with class probabilities. `options`
    (nn.LinearCrossEntropyOptions) asks for the chunked computation; what it does not cover (label
    smoothing, K dims, probabilities, targets other than int64) falls back to the reference, warning."""
    if input.dim() < 1 or input.dim() > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {input.dim()}")
    if linear_weight.dim() < 2:
        raise RuntimeError(f"expected linear_weight with dimensionality at least 2, got {linear_weight.dim()}")
    num_batches = tuple(input.shape[:-1])
    in_features = input.shape[-1]
    if in_features != linear_weight.shape[-1]:
        raise RuntimeError("expected equal input and linear_weight last dimensions (in_features), "
                           f"got {input.shape[-1]} and {linear_weight.shape[-1]}, respectively")
    num_classes = linear_weight.shape[0]
    out_features = tuple(linear_weight.shape[1:-1])
    if linear_bias is not None and tuple(linear_bias.shape) != (num_classes, *out_features):
        raise RuntimeError(f"expected linear_bias shape {(num_classes, *out_features)}, got {tuple(linear_bias.shape)}")
    if out_features and not num_batches:
        raise RuntimeError(f"K-dimensional loss defined by linear_weight shape {tuple(linear_weight.shape)} requires"
                           f" batched input, (N, {in_features}), got unbatched input with shape {tuple(input.shape)}")
    logits_shape = (*num_batches, num_classes, *out_features)
    # cross_entropy reads class probabilities off a target shaped as the logits
    if tuple(target.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    ignore_index = -100 if ignore_index is None else ignore_index

    if options is not None:
        if (not out_features and reduction in _REDUCTIONS and label_smoothing == 0.0
                and target.dtype == int64):
            return _chunked(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, options)
        # K-dimensional logits fall back too: the chunked op softmaxes over all of linear_weight's rows
        warnings.warn(
            "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in {'mean','sum','none'}, "
            "label_smoothing == 0, target.dtype == int64, out_features == (). Got "
            f"reduction={reduction!r}, label_smoothing={label_smoothing}, target.dtype={target.dtype}, "
            f"out_features={out_features}, tracing=False, linear_bias.shape="
            f"{tuple(linear_bias.shape) if linear_bias is not None else None}.", stacklevel=2)

    if out_features:  # linear's weight is a matrix: the K dims are folded into its rows, then unfolded
        rows = int(np.prod(out_features)) * num_classes
        linear_weight = linear_weight.reshape((rows, in_features))
        if linear_bias is not None:
            linear_bias = linear_bias.reshape(rows)
    logits = linear(input, linear_weight, linear_bias).reshape(logits_shape)
    return cross_entropy(logits, target, weight=weight, reduction=reduction, ignore_index=ignore_index,
                         label_smoothing=label_smoothing)


def _chunked(input, linear_weight, target, linear_bias, weight, reduction, ignore_index, options):
    """The chunked path: options resolved for these shapes, one node of torch's name."""
    batched = input.dim() == 2
    if not batched:
        input, target = input.unsqueeze(0), target.unsqueeze(0)
    options = options._adjust(num_batches=input.shape[0], in_features=input.shape[1],
                              num_classes=linear_weight.shape[0], dtype=input.dtype, device=input.device)
    dtype, acc_dtype = input.dtype, options.acc_dtype
    if dtype != acc_dtype and not (dtype == float16 and acc_dtype == float32):
        raise RuntimeError("linear_cross_entropy supports float32 acc_dtype with float16/bfloat16 inputs, but got "
                           f"{acc_dtype} acc_dtype and {dtype} inputs.")
    _check_same_dtype(input._data, linear_weight._data)
    _check_targets(target._data, input.shape[0], options.batch_chunk_size, linear_weight.shape[0], ignore_index)
    if reduction == "none":
        result = LinearCrossEntropyChunkedNoReduction.apply(input, linear_weight, target, linear_bias, weight,
                                                            ignore_index, options.batch_chunk_size, acc_dtype)
    else:
        # which gradients the forward computes (torch's compute_*_grad flags)
        grad_on = is_grad_enabled()
        needs = (input.requires_grad and grad_on, linear_weight.requires_grad and grad_on,
                 linear_bias is not None and linear_bias.requires_grad and grad_on)
        result = LinearCrossEntropyChunked.apply(input, linear_weight, target, linear_bias, weight, reduction,
                                                 ignore_index, options.batch_chunk_size, acc_dtype,
                                                 options.allow_retain_graph, needs)
    return result if batched else result.squeeze(0)


def _check_targets(target, n, chunk, num_classes, ignore_index):
    """torch's chunked op reads the targets chunk by chunk with narrow and gather: its errors, first
    failing chunk first. A target longer than the batch is refused as the reference refuses it (torch's
    chunked op reads past the batch's rows there)."""
    if target.ndim != 1:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    if target.shape[0] > n:
        raise ValueError(f"Expected input batch_size ({n}) to match target batch_size ({target.shape[0]}).")
    for start in range(0, n, chunk):
        length = min(chunk, n - start)
        if start + length > target.shape[0]:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({target.shape[0]}).")
        rows = target[start:start + length]
        bad = rows[((rows < 0) | (rows >= num_classes)) & (rows != ignore_index)]
        if bad.size:
            raise RuntimeError(f"index {bad[0]} is out of bounds for dimension 1 with size {num_classes}")


def _chunk_terms(x, w, t, b, weight, ignore_index, reduction, needs, cotangent):
    """One chunk of rows: cross_entropy(linear(x, w, b), t) reduced by `reduction` ('sum' or 'none'),
    and the gradients of <loss, cotangent> for each of (x, w, b) that `needs` asks for (else None).
    Arrays in and out: the chunk's graph, and with it its logits, is gone when this returns."""
    leaves = [None if a is None else _wrap(a)._set_requires_grad(need) for a, need in zip((x, w, b), needs)]
    wanted = [leaf for leaf, need in zip(leaves, needs) if need]
    with enable_grad() if wanted else no_grad():
        loss = cross_entropy(linear(*leaves), _wrap(t), weight=weight, ignore_index=ignore_index,
                             reduction=reduction)
    if not wanted:
        return loss._data, (None, None, None)
    from ...autograd import grad  # the engine, below the op table in the layers
    grads = iter(grad(loss, wanted, cotangent))
    return loss._data, tuple(next(grads)._data if need else None for need in needs)


def _accumulate(x, w, t, b, weight, ignore_index, chunk, acc_dtype, reduction, needs, cotangent=None):
    """The loss and the gradients of the inputs in `needs` (input, linear_weight, linear_bias), one chunk
    of `chunk` rows at a time, computed in `acc_dtype` (float32 for float16 input) and returned in the
    input's dtype. 'mean' and 'sum' sum the chunks' summed losses (the gradients of the loss itself);
    'none' gives each row's loss, and with `cotangent` (one value per row) the gradients of
    <loss, cotangent>. 'mean' divides by the weight of the rows not ignored, NaN where that is 0."""
    dtype, acc = x.dtype, acc_dtype.np
    w = w.astype(acc, copy=False)
    b = None if b is None else b.astype(acc, copy=False)
    weight = None if weight is None else _wrap(weight.astype(acc, copy=False))
    n = x.shape[0]
    loss = np.empty(n, acc) if reduction == "none" else np.zeros((), acc)
    gx = np.empty(x.shape, acc) if needs[0] else None
    gw = np.zeros(w.shape, acc) if needs[1] else None
    gb = np.zeros(b.shape, acc) if needs[2] else None
    for start in range(0, n, chunk):
        rows = slice(start, start + chunk)
        cot = None if cotangent is None else _wrap(cotangent[rows].astype(acc, copy=False))
        value, (g0, g1, g2) = _chunk_terms(x[rows].astype(acc, copy=False), w, t[rows], b, weight, ignore_index,
                                           "none" if reduction == "none" else "sum", needs, cot)
        if reduction == "none":
            loss[rows] = value
        else:
            loss += value
        if g0 is not None:
            gx[rows] = g0
        if g1 is not None:
            gw += g1
        if g2 is not None:
            gb += g2
    grads = [gx, gw, gb]
    if reduction == "mean":
        kept = t != ignore_index
        total = kept.sum() if weight is None else weight._data[t[kept]].sum()
        scale = acc.type(np.nan if total == 0 else 1 / total)
        loss = loss * scale
        if n:  # torch's loop never runs for an empty batch: its gradients stay zero
            grads = [None if g is None else g * scale for g in grads]
    return loss.astype(dtype), [None if g is None else g.astype(dtype, copy=False) for g in grads]


_TWICE = ("linear_cross_entropy chunked backward called twice; retain_graph=True / double backward are not "
          "supported.")


class LinearCrossEntropyChunked(Op):
    """The chunked loss for 'mean' and 'sum' (torch's custom op torch_nn::_linear_cross_entropy_batch_chunked):
    the forward computes the gradients too, the backward scales them by the incoming gradient. Unless
    allow_retain_graph, the backward consumes them, as torch's does."""
    node_name = "GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_defaultBackward"

    def forward(ctx, input, linear_weight, target, linear_bias, weight, reduction, ignore_index, chunk, acc_dtype,
                allow_retain_graph, needs):
        loss, ctx.grads = _accumulate(input, linear_weight, target, linear_bias, weight, ignore_index, chunk,
                                      acc_dtype, reduction, needs)
        ctx.allow_retain_graph = allow_retain_graph
        return loss

    def backward(ctx, grad):
        grads = ctx.grads
        if grads is None:
            raise RuntimeError(_TWICE)
        if not ctx.allow_retain_graph:
            ctx.grads = None
        gx, gw, gb = (None if g is None else _wrap(g) * grad for g in grads)
        return (gx, gw, None, gb) + (None,) * 7


class LinearCrossEntropyChunkedNoReduction(Op):
    """The chunked loss for 'none' (torch_nn::_linear_cross_entropy_batch_chunked_no_reduction): each row's
    loss; the backward recomputes the chunks' gradients with the incoming gradient as cotangent, from the
    saved inputs (so retain_graph works, and a second backward without it is refused as any)."""
    node_name = "GeneratedBackwardFor_torch_nn__linear_cross_entropy_batch_chunked_no_reduction_defaultBackward"
    saves = (0, 1, 2, 3, 4)

    def forward(ctx, input, linear_weight, target, linear_bias, weight, ignore_index, chunk, acc_dtype):
        ctx.args = ignore_index, chunk, acc_dtype
        return _accumulate(input, linear_weight, target, linear_bias, weight, ignore_index, chunk, acc_dtype,
                           "none", (False, False, False))[0]

    def backward(ctx, grad):
        input, linear_weight, target, linear_bias, weight = ctx.saved_tensors
        needs = ctx.needs_input_grad
        needs = (needs[0], needs[1], linear_bias is not None and needs[3])
        if not any(needs):
            return (None,) * 8
        arrays = [None if t is None else t._data for t in (input, linear_weight, target, linear_bias, weight)]
        _, (gx, gw, gb) = _accumulate(*arrays, *ctx.args, "none", needs, cotangent=grad._data)
        gx, gw, gb = (None if g is None else _wrap(g) for g in (gx, gw, gb))
        return (gx, gw, None, gb) + (None,) * 4
