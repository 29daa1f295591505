"""MultiheadAttention, computed as torch's multi_head_attention_forward does it.

With need_weights=False torch runs scaled_dot_product_attention, whose softmax gives a fully
masked row zeros (not NaN) and which takes an is_causal hint in place of the mask; both kept here."""
import math

import pullback

from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .linear import Linear
from .module import Module


class NonDynamicallyQuantizableLinear(Linear):
    """A Linear (the name torch gives MultiheadAttention's output projection)."""


def _float_mask(mask, dtype):
    """A boolean mask (True = not allowed) as an additive float mask; float masks pass through."""
    if mask is None or mask.is_floating_point():
        return mask
    return _creation.zeros(*mask.shape, dtype=dtype).masked_fill(mask, float("-inf"))


def _allow_one_more_key(mask):
    """A mask with one more (allowed) key position at the end, for the bias_k / zero-attention key."""
    return None if mask is None else F.pad(mask, (0, 1))


class MultiheadAttention(Module):
    """Attention over `num_heads` heads of size embed_dim // num_heads, with input and output projections."""

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(_creation.empty(3 * embed_dim, embed_dim, dtype=dtype))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(_creation.empty(embed_dim, embed_dim, dtype=dtype))
            self.k_proj_weight = Parameter(_creation.empty(embed_dim, self.kdim, dtype=dtype))
            self.v_proj_weight = Parameter(_creation.empty(embed_dim, self.vdim, dtype=dtype))
            self.register_parameter("in_proj_weight", None)
        self.register_parameter("in_proj_bias", Parameter(_creation.empty(3 * embed_dim, dtype=dtype)) if bias
                                else None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        if add_bias_kv:
            self.bias_k = Parameter(_creation.empty(1, 1, embed_dim, dtype=dtype))
            self.bias_v = Parameter(_creation.empty(1, 1, embed_dim, dtype=dtype))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def _projections(self):
        e = self.embed_dim
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            weights = w[:e], w[e:2 * e], w[2 * e:]
        else:
            weights = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        b = self.in_proj_bias
        biases = (None,) * 3 if b is None else (b[:e], b[e:2 * e], b[2 * e:])
        return zip(weights, biases)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        """(attn_output, attn_weights): weights averaged over heads unless average_attn_weights=False."""
        if is_causal and attn_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer "
                               "module method `generate_square_subsequent_mask` to create this mask.")
        batched = query.dim() == 3
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            if key_padding_mask is not None:
                key_padding_mask = key_padding_mask.unsqueeze(0)
        elif self.batch_first:
            query, key, value = query.transpose(0, 1), key.transpose(0, 1), value.transpose(0, 1)
        tgt_len, bsz, embed_dim = query.shape
        if embed_dim != self.embed_dim:
            raise AssertionError(f"was expecting embedding dimension of {self.embed_dim}, but got {embed_dim}")
        heads, hd = self.num_heads, self.head_dim
        q, k, v = (F.linear(x, w, b) for x, (w, b) in zip((query, key, value), self._projections()))
        # torch trusts the is_causal hint over attn_mask when it can hand it to scaled_dot_product_attention
        causal_hint = is_causal and key_padding_mask is None and not need_weights
        mask = None if causal_hint else _float_mask(attn_mask, q.dtype)
        pad = _float_mask(key_padding_mask, q.dtype)
        if self.bias_k is not None:
            k = pullback.cat([k, self.bias_k.expand(1, bsz, embed_dim)])
            v = pullback.cat([v, self.bias_v.expand(1, bsz, embed_dim)])
            mask, pad = _allow_one_more_key(mask), _allow_one_more_key(pad)
        q, k, v = (x.reshape(x.shape[0], bsz * heads, hd).transpose(0, 1) for x in (q, k, v))
        if self.add_zero_attn:
            zeros = _creation.zeros(bsz * heads, 1, hd, dtype=k.dtype)
            k, v = pullback.cat([k, zeros], dim=1), pullback.cat([v, zeros], dim=1)
            mask, pad = _allow_one_more_key(mask), _allow_one_more_key(pad)
        src_len = k.shape[1]
        if causal_hint:  # scaled_dot_product_attention's causal mask: query i sees keys 0..i
            allowed = _creation.ones(tgt_len, src_len, dtype=pullback.bool).tril()
            mask = _float_mask(allowed.logical_not(), q.dtype)
        if mask is not None and mask.dim() == 2:
            mask = mask.unsqueeze(0)
        if pad is not None:
            pad = pad.reshape(bsz, 1, 1, src_len).expand(bsz, heads, 1, src_len).reshape(bsz * heads, 1, src_len)
            mask = pad if mask is None else mask + pad

        scores = (q * math.sqrt(1.0 / hd)) @ k.transpose(-2, -1)
        if mask is not None:
            scores = scores + mask
        if mask is not None and not need_weights:
            # scaled_dot_product_attention's safe softmax: a row with every key masked attends to
            # nothing (zeros, and zero gradients) instead of giving NaN
            dead = (scores == float("-inf")).all(dim=-1, keepdim=True)
            weights = F.softmax(scores.masked_fill(dead, 0.0), dim=-1).masked_fill(dead, 0.0)
        else:
            weights = F.softmax(scores, dim=-1)
        if self.dropout > 0.0 and self.training:
            weights = F.dropout(weights, p=self.dropout)
        out = (weights @ v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = self.out_proj(out).reshape(tgt_len, bsz, embed_dim)
        if self.batch_first and batched:
            out = out.transpose(0, 1)
        if not batched:
            out = out.squeeze(1)
        if not need_weights:
            return out, None
        weights = weights.reshape(bsz, heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(dim=1)
        return out, weights if batched else weights.squeeze(0)
