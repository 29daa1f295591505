"""scaled_dot_product_attention: one node, as torch's fused CPU kernel records it, or the composed
math path torch takes with dropout or other shapes; multi_head_attention_forward (MultiheadAttention's
computation) composed as torch's, on it or on softmax where the weights are asked for."""
import math
import warnings

import numpy as np

from ... import _creation, _dtype
from ..._memory_format import like
from ...backends.cuda import _sdp_enabled as _sdp_switches
from .. import shape as _shape
from .._op import Op
from ..products import baddbmm
from ..pointwise import MulScalar
from ._common import _const
from .dense import linear
from .dropout_family import dropout
from .softmax_family import Softmax, softmax


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
        out = (_softmax_np(s) @ v).astype(q.dtype, copy=False)
        # torch's kernel lays its output out as the query where the query's rows are unit-strided
        if out.shape == q.shape and q.strides[-1] == q.itemsize and not q.flags.c_contiguous:
            return like(out, q)
        return out

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
    _validate_sdpa_input(query, key, value, attn_mask)
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
    # torch's unfused kernel; the fused one takes one group size for keys and values, and either may be
    # switched off (nn.attention.sdpa_kernel, backends.cuda.enable_*_sdp)
    # (a float mask that requires grad takes the math path, where it is differentiable)
    mask_grad = attn_mask is not None and attn_mask.requires_grad and is_grad_enabled()
    fused_fits = not (dropout_p > 0.0 or query.dim() != 4 or value.shape[-1] != e or key_groups != value_groups
                      or mask_grad)
    if fused_fits and _sdp_switches["flash"]:
        math_path = False
    elif _sdp_switches["math"]:
        math_path = True
    elif _sdp_switches["flash"]:  # (the CPU's one fused kernel is on, but cannot take these inputs)
        raise RuntimeError("No available kernel.  Aborting execution.")
    else:
        raise RuntimeError("No viable backend for scaled_dot_product_attention was found. This is likely due to "
                           "turning off both the math kernel and the fused kernels.")
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
        # torch's math path scales the query and the key each by the root of |scale|, the query's negated
        # for a negative scale
        root = math.sqrt(abs(scale))
        s = MulScalar.apply(query, -root if scale < 0 else root).matmul(MulScalar.apply(key.mT, root))
        if mask_grad:
            s = s + attn_mask
        elif bias is not None:
            s = s + _const(bias)
        attn = _AttentionSoftmax.apply(s)
        return dropout(attn, dropout_p).matmul(value)
    return ScaledDotProductAttention.apply(query, key, value, bias, scale, key_groups)


def _validate_sdpa_input(query, key, value, attn_mask):
    """torch's validate_sdpa_input: dtypes, ranks, then the mask's dtype."""
    names = [_dtype.cpp_type_name(t._data) for t in (query, key, value)]
    if not query.dtype == key.dtype == value.dtype:
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got query.dtype: {names[0]} "
                           f"key.dtype: {names[1]} and value.dtype: {names[2]} instead.")
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead.")
    if attn_mask is not None and attn_mask.dtype not in (_dtype.bool, _dtype.float32, query.dtype):
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {_dtype.cpp_type_name(attn_mask._data)} and  query.dtype: {names[0]} "
                           "instead.")


def _canonical_mask(mask, name, other, other_name, dtype):
    """A boolean mask (True = not allowed) as an additive float one; float masks pass as they are.
    `other`: the mask it should share a dtype with (torch warns when they differ), or None."""
    if mask is None:
        return None
    if mask.dtype != _dtype.bool and not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {name} are supported")
    if other is not None and mask.dtype != other.dtype:
        warnings.warn(f"Support for mismatched {name} and {other_name} is deprecated. Use same type for both "
                      "instead.", stacklevel=3)
    if mask.is_floating_point():
        return mask
    return _creation.zeros_like(mask, dtype=dtype).masked_fill_(mask, float("-inf"))


def _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads):
    """Whether the inputs are batched (3-d query), checking the others agree, in torch's words."""
    kind = {3: ("batched (3-D)", 3, 2), 2: ("unbatched (2-D)", 2, 1)}.get(query.dim())
    if kind is None:
        raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D query "
                             "tensor")
    words, dims, mask_dims = kind
    if key.dim() != dims or value.dim() != dims:
        raise AssertionError(f"For {words} `query`, expected `key` and `value` to be {dims}-D but found "
                             f"{key.dim()}-D and {value.dim()}-D tensors respectively")
    if key_padding_mask is not None and key_padding_mask.dim() != mask_dims:
        raise AssertionError(f"For {words} `query`, expected `key_padding_mask` to be `None` or {mask_dims}-D but "
                             f"found {key_padding_mask.dim()}-D tensor instead")
    if attn_mask is not None:
        if attn_mask.dim() not in (2, 3):
            raise AssertionError(f"For {words} `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found "
                                 f"{attn_mask.dim()}-D tensor instead")
        if dims == 2 and attn_mask.dim() == 3:
            expected = (num_heads, query.shape[0], key.shape[0])
            if tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}")
    return dims == 3


def _packed_projections(query, key, value, w, b):
    """q, k, v projected by one (3E, E) weight: one product where the inputs are the same tensor."""
    e = query.shape[-1]
    if key is value:
        if query is key:
            proj = linear(query, w, b).unflatten(-1, (3, e)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
            return proj[0], proj[1], proj[2]
        w_q, w_kv = w.split([e, e * 2])
        b_q, b_kv = (None, None) if b is None else b.split([e, e * 2])
        kv = linear(key, w_kv, b_kv).unflatten(-1, (2, e)).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous()
        return linear(query, w_q, b_q), kv[0], kv[1]
    w_q, w_k, w_v = w.chunk(3)
    b_q, b_k, b_v = (None,) * 3 if b is None else b.chunk(3)
    return linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)


def _separate_projections(query, key, value, w_q, w_k, w_v, b):
    eq, ek, ev = query.shape[-1], key.shape[-1], value.shape[-1]
    for name, w, shape in (("query", w_q, (eq, eq)), ("key", w_k, (eq, ek)), ("value", w_v, (eq, ev))):
        if tuple(w.shape) != shape:
            raise AssertionError(f"expecting {name} weights shape of {shape}, but got {w.shape}")
    b_q, b_k, b_v = (None,) * 3 if b is None else b.chunk(3)
    return linear(query, w_q, b_q), linear(key, w_k, b_k), linear(value, w_v, b_v)


def _static(t, name, rows, head_dim):
    """A precomputed key or value (static_k / static_v), checked: (bsz * num_heads, length, head_dim)."""
    if t.shape[0] != rows:
        raise AssertionError(f"expecting {name}.size(0) of {rows}, but got {t.shape[0]}")
    if t.shape[2] != head_dim:
        raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got {t.shape[2]}")
    return t


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Attention over num_heads heads of (L, N, E) query and (S, N, E) key and value (or unbatched),
    with input and output projections: (output, weights averaged over heads or None)."""
    batched = _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", attn_mask, "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # scaled_dot_product_attention takes the hint in place of the mask
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                                 f"{value.shape[:2]}")
        for name, w in (("q", q_proj_weight), ("k", k_proj_weight), ("v", v_proj_weight)):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name}_proj_weight is None")
        q, k, v = _separate_projections(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, in_proj_bias)
    else:
        if key.shape != value.shape:
            raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        q, k, v = _packed_projections(query, key, value, in_proj_weight, in_proj_bias)
    src_len = key.shape[0]
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(tgt_len, src_len)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
            raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                               f"{(bsz * num_heads, tgt_len, src_len)}.")
    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        k = _shape.cat([k, bias_k.repeat(1, bsz, 1)])
        v = _shape.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask, key_padding_mask = _one_more_key(attn_mask), _one_more_key(key_padding_mask)
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")
    rows = bsz * num_heads
    q = q.view(tgt_len, rows, head_dim).transpose(0, 1)
    k = k.view(k.shape[0], rows, head_dim).transpose(0, 1) if static_k is None else \
        _static(static_k, "static_k", rows, head_dim)
    v = v.view(v.shape[0], rows, head_dim).transpose(0, 1) if static_v is None else \
        _static(static_v, "static_v", rows, head_dim)
    if add_zero_attn:
        zeros = _creation.zeros((rows, 1, head_dim), dtype=k.dtype)
        k, v = _shape.cat([k, zeros], dim=1), _shape.cat([v, zeros], dim=1)
        attn_mask, key_padding_mask = _one_more_key(attn_mask), _one_more_key(key_padding_mask)
    src_len = k.shape[1]
    if key_padding_mask is not None:
        for i, size in enumerate((bsz, src_len)):
            if key_padding_mask.shape[i] != size:
                raise AssertionError(f"Expected key_padded_mask.shape[{i}] to be {size}, but got "
                                     f"{key_padding_mask.shape[i]}")
        key_padding_mask = key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1) \
            .reshape(rows, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask
    if not training:
        dropout_p = 0.0
    if need_weights:
        q_scaled = q * math.sqrt(1.0 / float(head_dim))
        scores = q_scaled.bmm(k.transpose(-2, -1)) if attn_mask is None else \
            baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
        weights = softmax(scores, dim=-1)
        if dropout_p > 0.0:
            weights = dropout(weights, p=dropout_p)
        out = weights.bmm(v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = linear(out, out_proj_weight, out_proj_bias)
        out = out.view(tgt_len, bsz, out.shape[1])
        weights = weights.view(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        return (out, weights) if batched else (out.squeeze(1), weights.squeeze(0))
    if attn_mask is not None:
        attn_mask = attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1 and attn_mask.dim() == 3 else \
            attn_mask.view(bsz, num_heads, -1, src_len)
    q, k, v = (t.view(bsz, num_heads, -1, head_dim) for t in (q, k, v))
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = linear(out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim), out_proj_weight, out_proj_bias)
    out = out.view(tgt_len, bsz, out.shape[1])
    return (out if batched else out.squeeze(1)), None


def _one_more_key(mask):
    """A mask with one more (allowed) key at the end, for bias_k or the zero-attention key."""
    return None if mask is None else _shape.pad(mask, (0, 1))
from ...autograd.grad_mode import is_grad_enabled  # noqa: E402
