"""embedding and embedding_bag (rows of a weight picked by integer indices), embedding_renorm_
and one_hot."""
import warnings

import numpy as np

from ... import _creation, _dtype, _signatures
from ..._dtype import from_numpy_dtype, promote_types, scalar_type_name
from .._op import Op, _check_inplace_allowed
from ..indexing import Index, IndexAccumulate
from ..pointwise import _tensor_input
from ._common import _const


def _tensor_name(arr):
    from ..._tensor import tensor_type_name
    return tensor_type_name(arr.dtype)


class EmbeddingBag(Op):
    """Sums, means or maxima of bags of embedding rows, and (output 1, no gradient) the max
    mode's row picked per bag and feature. `bag_of[i]` is the bag of index i; `kept` marks the
    indices that count (not padding_idx); `scale` (per_sample_weights) is input 1; `by_freq`
    divides each row's gradient by how often its index occurs (scale_grad_by_freq, sum and mean)."""
    saves = (0, 1)
    _listed = 0b10  # per_sample_weights left None is an absent optional tensor, listed by torch
    n_outputs = 2
    nondiff_outputs = (1,)

    def forward(ctx, w, scale, idx, bag_of, kept, mode, n_bags, by_freq):
        ctx.idx, ctx.bag_of, ctx.kept, ctx.mode, ctx.w_shape = idx, bag_of, kept, mode, w.shape
        ctx.by_freq, dt = by_freq, w.dtype
        if w.dtype == np.float16 and mode != "max":  # half rows summed in float32, as torch's kernels
            w, scale = w.astype(np.float32), None if scale is None else scale.astype(np.float32)
        rows = w[idx] if scale is None else w[idx] * scale[:, None]
        out = np.zeros((n_bags, w.shape[1]), w.dtype)
        if mode == "max":
            best = np.full((n_bags, w.shape[1]), -np.inf)
            arg = np.zeros((n_bags, w.shape[1]), idx.dtype)
            for i in np.nonzero(kept)[0]:   # bags are short; keep the first maximum, as torch does
                better = rows[i] > best[bag_of[i]]
                best[bag_of[i]] = np.where(better, rows[i], best[bag_of[i]])
                arg[bag_of[i]] = np.where(better, idx[i], arg[bag_of[i]])
            filled = np.isfinite(best)
            out[filled] = best[filled]
            ctx.arg, ctx.filled = arg, filled
            return out, arg
        np.add.at(out, bag_of[kept], rows[kept])
        counts = np.bincount(bag_of[kept], minlength=n_bags)
        ctx.divisor = np.maximum(counts, 1).astype(dt) if mode == "mean" else np.ones(n_bags, dt)
        return (out / ctx.divisor[:, None]).astype(dt, copy=False), np.zeros(0, idx.dtype)

    def backward(ctx, grad, _=None):
        w, scale = ctx.saved_tensors
        need_w, need_scale = ctx.needs_input_grad[:2]
        if ctx.mode == "max":
            g = grad * _const(ctx.filled.astype(grad._data.dtype))
            key = (ctx.arg, np.arange(ctx.w_shape[1]))
            return (IndexAccumulate.apply(g, ctx.w_shape, key),) + (None,) * 7
        kept = np.nonzero(ctx.kept)[0]
        per_index = Index.apply(grad / _const(ctx.divisor[:, None]), (ctx.bag_of[kept],))
        gw = gs = None
        if need_w:
            rows = per_index if scale is None else per_index * Index.apply(scale, (kept,)).unsqueeze(1)
            if ctx.by_freq:
                rows = rows * _const(_frequency_scale(ctx.idx, kept, ctx.w_shape[0]).astype(grad._data.dtype))
            gw = IndexAccumulate.apply(rows, ctx.w_shape, (ctx.idx[kept],))
        if need_scale:
            dots = (per_index * Index.apply(w, (ctx.idx[kept],))).sum(1)
            gs = IndexAccumulate.apply(dots, (len(ctx.idx),), (kept,))
        return (gw, gs) + (None,) * 6


def _frequency_scale(idx, kept, n):
    """scale_grad_by_freq's factor for each kept index, as torch's CPU kernel computes it: the k-th
    distinct index (in sorted order) is divided by the count of the index at position k of the
    sorted indices, not by its own count (which it is when no index repeats before it)."""
    ordered, distinct = np.sort(idx), np.unique(idx)
    counts = np.bincount(idx, minlength=n)
    return (1.0 / counts[ordered[np.searchsorted(distinct, idx[kept])]])[:, None]


_BAG_MODES = ("sum", "mean", "max")


def _embedding_bag(weight, indices, offsets, scale_grad_by_freq, mode, sparse, per_sample_weights,
                        include_last_offset, padding_idx):
    """torch.embedding_bag (ATen's checks, in its order): (output, offset2bag, bag_size,
    max_indices), the last three as torch's CPU kernel leaves them: offset2bag each index's bag
    (empty on the float32/float16 sum path, which skips it), bag_size the bags' counts of indices
    other than padding_idx (mean, max; zeros for sum: one per offset when weight needs no gradient),
    max_indices the max mode's rows (else a copy of bag_size)."""
    n = weight.shape[0]
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise RuntimeError(f"padding_idx must be within the number of embeddings, -{n} through {n - 1}, but got "
                               f"{padding_idx}")
        padding_idx %= n
    if weight.dim() != 2:
        raise RuntimeError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if indices.dim() not in (1, 2):
        raise RuntimeError(f"input has to be a 1D or 2D Tensor, but got Tensor of dimension {indices.dim()}")
    if indices.dim() == 1 and offsets.dim() != 1:
        raise RuntimeError(f"offsets has to be a 1D Tensor, but got Tensor of dimension {offsets.dim()}")
    idx, off, w = indices._data, offsets._data, weight._data
    if idx.dtype != off.dtype:  # torch promotes the two to their common type first
        common = promote_types(from_numpy_dtype(idx.dtype), from_numpy_dtype(off.dtype)).np
        idx, off = idx.astype(common), off.astype(common)
    for name, arr, kinds, names in (("indices", idx, (np.int64, np.int32), "Long, Int"),
                                    ("offsets", off, (np.int64, np.int32), "Long, Int"),
                                    ("weight", w, (np.float16, np.float32, np.float64),
                                     "Half, BFloat16, Float, Double")):
        if arr.dtype not in kinds:
            raise RuntimeError(f"Expected tensor for argument #1 '{name}' to have one of the following scalar types: "
                               f"{names}; but got {_tensor_name(arr)} instead (while checking arguments for "
                               "embedding_bag)")
    if off.size:
        if off[0] != 0:
            raise RuntimeError(f"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                               f"position 0. However, got {off[0]}")
        if off[-1] > idx.shape[0]:
            raise RuntimeError(f"offsets[-1] can not be greater than input's length {idx.shape[0]} but got offsets[-1] "
                               f"of {off[-1]}")
    psw = per_sample_weights
    if psw is not None:
        if mode != 0:
            raise RuntimeError("embedding_bag: per_sample_weights only supported with mode='sum'")
        if psw._data.dtype != w.dtype:
            raise RuntimeError(f"Expected tensor for argument #1 'weight' to have the same type as tensor for argument "
                               f"#1 'per_sample_weights'; but type {_tensor_name(w)} does not equal "
                               f"{_tensor_name(psw._data)} (while checking arguments for embedding_bag)")
        for what, ok in (("dim() == 1", psw.dim() == 1), ("numel() == indices.numel()", psw.numel() == idx.size)):
            if not ok:
                raise RuntimeError(f"Expected per_sample_weights.value().{what} to be true, but got false.  (Could "
                                   "this error message be improved?  If so, please report an enhancement request to "
                                   "PyTorch.)")
    if include_last_offset and not off.size:
        raise RuntimeError("include_last_offset: number of offset should be at least 1")
    if mode not in (0, 1, 2):
        raise RuntimeError("`mode` must be sum, mean, or max.")
    if idx.ndim == 2:  # (torch's kernels read 2-d indices only through nn.functional's flattening)
        raise RuntimeError("Expected select_indices.numel() == add_indices.numel() to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an enhancement request "
                           "to PyTorch.)")
    bad = idx[(idx < 0) | (idx >= n)]
    if bad.size:
        raise RuntimeError(f"embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be {bad[0]}")
    if sparse:
        raise RuntimeError("embedding_bag: sparse gradients are not supported by pullback; use sparse=False")
    starts = off[:-1] if include_last_offset else off
    bag_of = (np.searchsorted(starts, np.arange(idx.size), side="right") - 1).astype(idx.dtype)
    kept = bag_of >= 0  # (all of them but with no offsets, which crashes torch: no bags then)
    if padding_idx is not None:
        kept &= idx != padding_idx
    out, picked = EmbeddingBag.apply(weight, psw, idx, bag_of, kept, _BAG_MODES[mode], len(starts),
                                     bool(scale_grad_by_freq))
    # the CPU kernel's fast path for sum over float32/float16 rows computes no offset2bag
    fast = mode == 0 and w.dtype in (np.float32, np.float16) and padding_idx is None and \
        w.strides[1] == w.itemsize and (psw is None or psw._data.strides[0] == psw._data.itemsize)
    offset2bag = bag_of[:0] if fast else bag_of
    if mode == 0:
        bag_size = np.zeros(len(starts) if weight.requires_grad else off.size, idx.dtype)
    else:
        bag_size = np.bincount(bag_of[kept], minlength=len(starts)).astype(idx.dtype)
    max_indices = picked._data if mode == 2 else bag_size.copy()
    return (out,) + tuple(Tensor._wrap(a) for a in (offset2bag, bag_size, max_indices))


def embedding_renorm_(weight, indices, max_norm, norm_type):
    """Rescale in place each row of `weight` picked by `indices` whose norm exceeds max_norm.

    Such a row (each once, whatever its count) is multiplied by max_norm / (norm + 1e-7), its
    norm_type-norm. Torch records a node without a derivative (EmbeddingRenormBackward0) when
    weight has a history."""
    max_norm, norm_type = _signatures.kernel_arguments("embedding_renorm_", (weight, indices, max_norm, norm_type))[2:]
    recorded = _grad_enabled() and weight.requires_grad
    if recorded:
        _check_inplace_allowed(weight)  # (autograd's refusals come before the kernel's checks)
    if _forward_ad.state.active and _forward_ad.tangent_of(weight) is not None:
        raise NotImplementedError("Trying to use forward AD with embedding_renorm_ that does not support it because it "
                                  "has not been implemented yet.\nPlease file an issue to PyTorch at https://github.com/"
                                  "pytorch/pytorch/issues/new?template=feature-request.yml so that we can prioritize its "
                                  "implementation.")
    idx = indices._data
    if idx.dtype.kind not in "iu":
        raise RuntimeError("Expected tensor for argument #2 'indices' to have one of the following scalar types: "
                           f"Long, Int; but got {_tensor_name(idx)} instead (while checking arguments for "
                           "embedding_renorm_)")
    if weight.dim() != 2:
        raise RuntimeError(f"Expected 2-dimensional tensor, but got {weight.dim()}-dimensional tensor for argument #1 "
                           "'self' (while checking arguments for embedding_renorm_)")
    n = weight.shape[0]
    bad = idx[(idx < -n) | (idx >= n)]
    if bad.size:  # (torch's scales the rows before the bad index first; here nothing changes)
        raise IndexError(f"select(): index {bad.flat[0]} out of range for tensor of size {list(weight.shape)} at "
                         "dimension 0")
    if weight._data.dtype.kind != "f":
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                           f"{scalar_type_name(weight._data.dtype)} instead.")
    rows = np.unique(idx % n)
    if recorded:
        return EmbeddingRenorm.apply_(weight, rows, max_norm, norm_type)
    data = weight._data
    data[rows] = EmbeddingRenorm.scaled(data[rows], max_norm, norm_type)
    weight._vc[0] += 1
    return weight


class EmbeddingRenorm(Op):
    """embedding_renorm_ recorded: torch's node has no derivative (nor a forward-mode one)."""

    @staticmethod
    def scaled(rows, max_norm, norm_type):
        norms = np.linalg.norm(rows, ord=norm_type, axis=1, keepdims=True)
        return np.where(norms > max_norm, rows * (max_norm / (norms + 1e-7)), rows).astype(rows.dtype, copy=False)

    def forward(ctx, w, rows, max_norm, norm_type):
        out = w.copy()
        out[rows] = EmbeddingRenorm.scaled(w[rows], max_norm, norm_type)
        return out

    def backward(ctx, grad):
        raise NotImplementedError("the derivative for 'embedding_renorm' is not implemented.")


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
    if weight.dtype == _dtype.int64 and input.is_floating_point():
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, "
                      "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.", stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and input.shape != per_sample_weights.shape:
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is not None, then it must "
                         f"have the same shape as the input ({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension {weight.dim()}")
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             f"fixed length sequences. However, found offsets of type {type(offsets)}")
        offsets = _creation.arange(0, input.numel(), input.shape[1], dtype=input.dtype)
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}")
    if mode not in _BAG_MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    if max_norm is not None:
        with _no_grad():
            embedding_renorm_(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
                                  "GitHub.")
    return _embedding_bag(weight, input, offsets, scale_grad_by_freq, _BAG_MODES.index(mode), sparse,
                               per_sample_weights, include_last_offset, padding_idx)[0]


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of `weight` picked by the integer `input`; the row `padding_idx` gets no gradient, and
    with max_norm the picked rows are first renormalised in place (as torch does)."""
    _tensor_input("embedding", weight, "weight", 1)  # (torch's kernel takes the weight first)
    _tensor_input("embedding", input, "indices", 2)
    if sparse:
        raise RuntimeError("embedding: sparse gradients are not supported by pullback; use sparse=False")
    if padding_idx is not None:
        n = weight.shape[0]
        if not -n <= padding_idx < n:
            raise AssertionError("Padding_idx must be within num_embeddings")
        if type(padding_idx) is not int:  # (torch's F.embedding hands it to torch.embedding's parser)
            padding_idx = _signatures.as_parsed_by("embedding", (weight, input, padding_idx))[2]
        padding_idx %= n
    if max_norm is not None:
        with _no_grad():
            embedding_renorm_(weight, input, max_norm, norm_type)
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    return Embedding.apply(weight, input, padding_idx, scale_grad_by_freq)


def one_hot(input, num_classes=-1):
    """An int64 tensor with one trailing dim of size num_classes, 1 at each index of `input`."""
    idx = input._data
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


from ...autograd import forward_ad as _forward_ad  # noqa: E402
from ...autograd.grad_mode import is_grad_enabled as _grad_enabled, no_grad as _no_grad  # noqa: E402
from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
