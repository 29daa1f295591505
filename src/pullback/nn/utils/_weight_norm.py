"""torch._weight_norm and torch.norm_except_dim: w = v * g / ||v|| over every dim but one."""
import numpy as np

from ...ops._op import Op


def norm_except_dim(v, pow=2, dim=0):
    """The `pow`-norm of v over every dim but `dim`, kept as size-1 dims (the whole norm for dim=-1)."""
    if dim == -1:
        return v.norm(pow)
    if dim == 0:
        return v.contiguous().view(v.size(0), -1).norm(pow, 1).view([v.size(0)] + [1] * (v.dim() - 1))
    if dim == v.dim() - 1:
        return v.contiguous().view(-1, v.size(-1)).norm(pow, 0).view([1] * (v.dim() - 1) + [v.size(-1)])
    return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim)


def _other_dims(ndim, dim):
    return tuple(d for d in range(ndim) if d != dim)


class WeightNormInterface(Op):
    """torch's fused weight norm (its node when dim is the first or the last)."""
    saves = (0, 1)

    def forward(ctx, v, g, dim):
        ctx.dim = dim
        norms = np.sqrt(np.sum(v * v, axis=_other_dims(v.ndim, dim), keepdims=True, dtype=v.dtype))
        return v * (g / norms).astype(v.dtype, copy=False)

    def backward(ctx, grad):
        # torch's _weight_norm_differentiable_backward, in Tensor ops. torch reads the norms from
        # the node's second output, whose gradient its formula ignores: a double backward does not
        # differentiate through them, hence detach
        v, g = ctx.saved_tensors
        dims = list(_other_dims(v.dim(), ctx.dim))
        norms = (v * v).sum(dims, keepdim=True).sqrt().detach()
        per_dim_sums = (grad * v).sum(dims, keepdim=True)
        grad_v = (g / norms) * (grad - v * (per_dim_sums / (norms * norms)))
        grad_g = per_dim_sums / norms
        return grad_v, grad_g, None


def _weight_norm(v, g, dim=0):
    """v * (g / norm_except_dim(v, 2, dim)), one node when dim is v's first or last."""
    if v.dim() > 0 and dim in (0, v.dim() - 1):
        return WeightNormInterface.apply(v.contiguous(), g.contiguous(), dim)
    return v * (g / norm_except_dim(v, 2, dim))
