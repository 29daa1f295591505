"""Distances and similarities: normalize, pairwise_distance, pdist, cosine_similarity."""
import numpy as np

from ..reduction import LinalgVectorNorm


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p, eps) along `dim`."""
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denom


class _NormDim(LinalgVectorNorm):
    """Tensor.norm(p, dim) as torch records it (NormBackward1)."""
    node_name = "NormBackward1"


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim."""
    d = x1 - x2 + eps
    return _NormDim.apply(d, float(p), (d.dim() - 1,), keepdim)


class _Pdist(LinalgVectorNorm):
    """The p-norm of each row pair's difference, as torch's pdist node."""
    node_name = "PdistBackward0"


def pdist(input, p=2):
    """||x_i - x_j||_p for every row pair i < j of a 2-d input, in row-major order."""
    if input.dim() != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.dim()}D")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    i, j = np.triu_indices(input.shape[0], 1)
    return _Pdist.apply(input[Tensor._wrap(i)] - input[Tensor._wrap(j)], float(p), (1,), False)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """<x1, x2> / (max(||x1||, eps) max(||x2||, eps)) along `dim`."""
    shape = np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape))
    x1, x2 = x1.expand(shape), x2.expand(shape)
    n1 = x1.norm(2, dim, keepdim=True).clamp(min=eps)
    n2 = x2.norm(2, dim, keepdim=True).clamp(min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(dim)


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
