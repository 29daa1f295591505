"""scaled_dot_product_attention: one node, as torch's fused CPU kernel records it, or the composed
math path torch takes with dropout or other shapes."""
import math

import numpy as np

from .._op import Op
from ..pointwise import MulScalar
from ._common import _const
from .dropout_family import dropout
from .softmax_family import Softmax


def _softmax_np(s):
    """Softmax over the last dim; a row masked out entirely (all -inf) gives zeros, not nan."""
    top = np.max(s, axis=-1, keepdims=True)
    e = np.exp(s - np.where(np.isfinite(top), top, 0))
    total = np.sum(e, axis=-1, keepdims=True)
    return e / np.where(total == 0, 1, total)


class ScaledDotProductAttention(Op):
    """softmax(q k^T * scale + bias) v over the last two dims, as one node (torch's fused CPU kernel);
    `bias` is a constant additive mask (-inf where attention is not allowed) or None; with
    `groups` > 1 (grouped-query attention) each key / value head serves that many query heads."""
    saves = (0, 1, 2)
    node_name = "ScaledDotProductFlashAttentionForCpuBackward0"

    def forward(ctx, q, k, v, bias, scale, groups):
        ctx.bias, ctx.scale, ctx.groups = bias, scale, groups
        if groups > 1:
            k, v = np.repeat(k, groups, -3), np.repeat(v, groups, -3)
        s = (q @ np.swapaxes(k, -1, -2)) * scale
        if bias is not None:
            s = s + bias
        return (_softmax_np(s) @ v).astype(q.dtype, copy=False)

    def backward(ctx, grad):
        q, k0, v0 = ctx.saved_tensors
        r = ctx.groups
        k, v = (k0, v0) if r == 1 else (k0.repeat_interleave(r, -3), v0.repeat_interleave(r, -3))
        s = q.matmul(k.mT) * ctx.scale
        if ctx.bias is not None:
            s = s + _const(ctx.bias)
        p = _AttentionSoftmax.apply(s)
        gp = grad.matmul(v.mT)
        gs = p * (gp - (gp * p).sum(-1, keepdim=True)) * ctx.scale
        need_q, need_k, need_v = ctx.needs_input_grad[:3]
        gk = gs.mT.matmul(q) if need_k else None
        gv = p.mT.matmul(grad) if need_v else None
        if r > 1:  # each key / value head's gradient: the sum over the query heads it served
            gk = None if gk is None else gk.unflatten(-3, (-1, r)).sum(-3)
            gv = None if gv is None else gv.unflatten(-3, (-1, r)).sum(-3)
        return (gs.matmul(k) if need_q else None), gk, gv, None, None, None


class _AttentionSoftmax(Softmax):
    """Softmax over the last dim that leaves fully masked rows at zero (Softmax's derivative):
    torch's _safe_softmax."""
    node_name = "SafeSoftmaxBackward0"

    def forward(ctx, s):
        ctx.dim = -1
        return _softmax_np(s)


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(query key^T * scale + mask) value over the last two dims; a boolean mask says where
    attention is allowed, a float mask is added; is_causal allows only keys up to each query."""
    e = query.shape[-1]
    scale = 1.0 / math.sqrt(e) if scale is None else scale
    key_groups = value_groups = 1
    if enable_gqa:  # grouped-query attention: each key and value head serves a group of query heads
        if query.dim() < 3:
            raise IndexError(f"Dimension out of range (expected to be in range of [-{query.dim()}, "
                             f"{query.dim() - 1}], but got -3)")
        heads = query.shape[-3]
        if heads % key.shape[-3] or heads % value.shape[-3]:
            raise RuntimeError("Number of heads in key and value must divide the number of heads in ")
        key_groups, value_groups = heads // key.shape[-3], heads // value.shape[-3]
    if key.shape[-1] != e:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{int(np.prod(key.shape[:-2]))}, {e}] but got: "
                           f"[{int(np.prod(key.shape[:-2]))}, {key.shape[-1]}].")
    # torch's unfused kernel; the fused one takes one group size for keys and values
    math_path = dropout_p > 0.0 or query.dim() != 4 or value.shape[-1] != e or key_groups != value_groups
    if math_path:  # the math path repeats the heads in recorded ops, the fused kernel inside
        if key_groups > 1:
            key = key.repeat_interleave(key_groups, -3)
        if value_groups > 1:
            value = value.repeat_interleave(value_groups, -3)
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
        if scale >= 0:  # torch's math path scales the query and the key each by the root
            root = math.sqrt(scale)
            s = MulScalar.apply(query, root).matmul(MulScalar.apply(key.mT, root))
        else:
            s = query.matmul(key.mT) * scale
        if bias is not None:
            s = s + _const(bias)
        attn = _AttentionSoftmax.apply(s)
        return dropout(attn, dropout_p).matmul(value)
    return ScaledDotProductAttention.apply(query, key, value, bias, scale, key_groups)
