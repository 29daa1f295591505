"""Separable resampling: a linear map per trailing dim, the one op behind adaptive average pooling
and nearest / (bi/tri)linear / bicubic interpolation (each under torch's node name)."""
import numpy as np

from .._op import Op
from ._common import _const


class _Resample(Op):
    """A linear map per trailing dim, out = x with each of its last len(mats) dims multiplied by
    its matrix. Adaptive average pooling and nearest / (bi/tri)linear interpolation are all of
    this separable form; each subclass carries torch's node name."""

    def forward(ctx, x, mats):
        dtype = x.dtype
        # (uint8 images, which torch resizes in fixed point: in float64 here, rounded, so that a
        # weighted mode may differ from torch's by a unit)
        ctx.mats = [a.astype(dtype if dtype.kind == "f" else np.float64) for a in mats]
        first = x.ndim - len(mats)
        for axis, a in enumerate(ctx.mats, first):
            x = np.moveaxis(np.moveaxis(x, axis, -1) @ a.T, -1, axis)
        if dtype.kind != "f":
            x = np.clip(np.rint(x), np.iinfo(dtype).min, np.iinfo(dtype).max).astype(dtype)
        return np.ascontiguousarray(x)

    def backward(ctx, grad):
        last = grad.dim() - 1
        for axis, a in enumerate(ctx.mats, grad.dim() - len(ctx.mats)):
            if axis == last:
                grad = grad.matmul(_const(a))
            else:
                grad = grad.transpose(axis, -1).matmul(_const(a)).transpose(axis, -1)
        return grad, None


_RESAMPLE = {name: type(name, (_Resample,), {"__module__": __name__})
             for name in ("UpsampleNearest1D", "UpsampleNearest2D",
                          "UpsampleNearest3D", "UpsampleNearestExact1D", "UpsampleNearestExact2D",
                          "UpsampleNearestExact3D", "UpsampleLinear1D", "UpsampleBilinear2D", "UpsampleTrilinear3D",
                          "UpsampleBicubic2D", "UpsampleBilinear2DAa", "UpsampleBicubic2DAa",
                          "UpsampleLanczos2DAa")}
