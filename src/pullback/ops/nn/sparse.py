"""embedding and embedding_bag (rows of a weight picked by integer indices) and one_hot."""
import numpy as np

from .._op import Op
from ..indexing import Index, IndexAccumulate
from ._common import _const


def _tensor_name(arr):
    from ..._tensor import tensor_type_name
    return tensor_type_name(arr.dtype)


class EmbeddingBag(Op):
    """Sums, means or maxima of bags of embedding rows. `bag_of[i]` is the bag of index i;
    `kept` marks the indices that count (not padding_idx); `scale` (per_sample_weights) is input 1."""
    saves = (0, 1)
    _listed = 0b10  # per_sample_weights left None is an absent optional tensor, listed by torch

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


class Embedding(Op):
    """weight[indices]; in backward, rows of padding_idx get nothing and, with scale_grad_by_freq,
    each row's gradient is divided by how often its index occurs."""

    def forward(ctx, w, indices, padding_idx, scale_grad_by_freq):
        if indices.dtype.kind not in "iu":
            raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                               f"Long, Int; but got {_tensor_name(indices)} instead (while checking arguments for "
                               "embedding)")
        if indices.size and (indices.min() < 0 or indices.max() >= w.shape[0]):
            raise IndexError("index out of range in self")
        ctx.w_shape, ctx.idx, ctx.padding_idx, ctx.by_freq = w.shape, indices, padding_idx, scale_grad_by_freq
        return w[indices]

    def backward(ctx, grad):
        if ctx.padding_idx is not None:
            grad = grad.masked_fill(_const(ctx.idx == ctx.padding_idx).unsqueeze(-1), 0)
        if ctx.by_freq:
            counts = np.bincount(ctx.idx.reshape(-1), minlength=ctx.w_shape[0])
            grad = grad * _const((1.0 / counts[ctx.idx])[..., None].astype(grad._data.dtype))
        return IndexAccumulate.apply(grad, ctx.w_shape, (ctx.idx,)), None, None, None


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """Sum, mean or max of bags of embedding rows: the rows of a 2-d input, or the runs of a 1-d
    input that start at `offsets`; per_sample_weights scale the rows (mode 'sum')."""
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
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
    if per_sample_weights is not None and per_sample_weights.dim() == 2:
        per_sample_weights = per_sample_weights.reshape(-1)
    return EmbeddingBag.apply(weight, per_sample_weights, idx, bag_of, kept, mode, n_bags)


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


from ...autograd.grad_mode import no_grad as _no_grad  # noqa: E402
from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
