"""interpolate and its deprecated upsample aliases: nearest, nearest-exact, (bi/tri)linear,
antialiased bilinear and area resampling."""
import math
import numbers
import warnings

import numpy as np

from ._common import _tuple
from ._resample import _RESAMPLE
from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d


def _antialias_matrix(n, o, scale):
    """Bilinear resampling whose triangle filter widens with the downscale factor (torch's, after PIL)."""
    support = max(scale, 1.0)
    inv = 1.0 / scale if scale >= 1 else 1.0
    a = np.zeros((o, n))
    for i in range(o):
        center = scale * (i + 0.5)
        lo, hi = max(int(center - support + 0.5), 0), min(int(center + support + 0.5), n)
        w = np.maximum(0, 1 - np.abs((np.arange(lo, hi) - center + 0.5) * inv))
        a[i, lo:hi] = w / w.sum()
    return a


def _nearest_matrix(n, o, scale, shift=0.0):
    src = np.minimum(np.floor((np.arange(o) + shift) * scale).astype(np.int64), n - 1)
    a = np.zeros((o, n))
    a[np.arange(o), src] = 1.0
    return a


def _linear_matrix(n, o, scale, align_corners):
    if align_corners:
        src = np.arange(o) * ((n - 1) / (o - 1) if o > 1 else 0.0)
    else:
        src = np.maximum((np.arange(o) + 0.5) * scale - 0.5, 0.0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    lam = src - i0
    a = np.zeros((o, n))
    np.add.at(a, (np.arange(o), i0), 1 - lam)
    np.add.at(a, (np.arange(o), i1), lam)
    return a


_LINEAR_MODES = ("linear", "bilinear", "bicubic", "trilinear")


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """Resize the 1-3 spatial dims of an (N, C, ...) input: modes 'nearest', 'nearest-exact',
    'linear' (3-d input), 'bilinear' (4-d, optionally antialiased), 'trilinear' (5-d) and 'area'."""
    d = input.dim() - 2
    if mode not in _LINEAR_MODES and align_corners is not None:
        raise ValueError("align_corners option can only be set with the interpolating modes: "
                         "linear | bilinear | bicubic | trilinear")
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined" if size is not None else
                         "either size or scale_factor should be defined")
    expected = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}.get(mode)
    if expected is not None and d != expected:
        raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {expected + 2}D input")
    if d not in (1, 2, 3) or mode not in ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "area"):
        raise NotImplementedError(f"interpolate supports 3-D to 5-D inputs in modes nearest, nearest-exact, linear, "
                                  f"bilinear, trilinear and area; got {input.dim()}D input and mode '{mode}'")
    in_sizes = tuple(input.shape[2:])
    if size is not None:
        out_sizes = _tuple(size, d, "size")
        scales = [n / o for n, o in zip(in_sizes, out_sizes)]
    else:
        factors = (float(scale_factor),) * d if isinstance(scale_factor, numbers.Number) else tuple(scale_factor)
        if len(factors) != d:
            raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {list(in_sizes)} and scale_factor of shape {list(factors)}.")
        out_sizes = tuple(int(math.floor(n * f)) for n, f in zip(in_sizes, factors))
        scales = [n / o for n, o in zip(in_sizes, out_sizes)] if recompute_scale_factor else [1 / f for f in factors]
    if mode == "area":
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[d - 1](input, out_sizes)
    if antialias:
        if mode not in ("bilinear", "bicubic") or d != 2:
            raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
                             "requires a 4-D tensor as input")
        if align_corners:
            raise NotImplementedError("interpolate: antialias=True is supported with align_corners=False only")
        mats = [_antialias_matrix(n, o, sc) for n, o, sc in zip(in_sizes, out_sizes, scales)]
        return _RESAMPLE["UpsampleBilinear2DAa"].apply(input, tuple(mats))
    if mode in ("nearest", "nearest-exact"):
        shift = 0.5 if mode == "nearest-exact" else 0.0
        mats = tuple(_nearest_matrix(n, o, s, shift) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = f"UpsampleNearest{'Exact' if shift else ''}{d}D"
    else:
        mats = tuple(_linear_matrix(n, o, s, bool(align_corners)) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = ("UpsampleLinear1D", "UpsampleBilinear2D", "UpsampleTrilinear3D")[d - 1]
    return _RESAMPLE[op].apply(input, mats)


def _warn_deprecated(name):
    warnings.warn(f"`nn.functional.{name}` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=3)


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate."""
    _warn_deprecated("upsample")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    _warn_deprecated("upsample_nearest")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    _warn_deprecated("upsample_bilinear")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
