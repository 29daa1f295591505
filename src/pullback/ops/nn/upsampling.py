"""interpolate and its deprecated upsample aliases: nearest, nearest-exact, (bi/tri)linear,
bicubic, antialiased bilinear/bicubic and area resampling."""
import numbers
import warnings

import numpy as np

from ... import _signatures
from ..._dtype import not_implemented_for
from ._resample import _RESAMPLE
from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d


def _cubic1(x, a):
    return ((a + 2) * x - (a + 3)) * x * x + 1          # |x| <= 1 (Keys' cubic convolution)


def _cubic2(x, a):
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a     # 1 < |x| < 2


def _triangle(x):
    return np.maximum(0.0, 1 - np.abs(x))


def _keys_half(x):
    """The cubic filter of torch's antialiased bicubic (PIL's, a = -0.5)."""
    x = np.abs(x)
    return np.where(x < 1, _cubic1(x, -0.5), np.where(x < 2, _cubic2(x, -0.5), 0.0))


def _antialias_matrix(n, o, scale, filter, interp_size):
    """Antialiased resampling (torch's, after PIL): the filter widens with the downscale factor,
    each row's weights normalised to sum to one."""
    support = interp_size / 2 * max(scale, 1.0)
    inv = 1.0 / scale if scale >= 1 else 1.0
    a = np.zeros((o, n))
    for i in range(o):
        center = scale * (i + 0.5)
        lo, hi = max(int(center - support + 0.5), 0), min(int(center + support + 0.5), n)
        w = filter((np.arange(lo, hi) - center + 0.5) * inv)
        a[i, lo:hi] = w / w.sum() if w.sum() != 0 else w
    return a


def _nearest_matrix(n, o, scale, shift=0.0, shortcuts=False):
    """torch's nearest indices: the scale in float32 (the product too for 'nearest'; 'nearest-exact'
    rounds its double product to float32); with `shortcuts` (2-d 'nearest', torch's nearest_idx)
    exact copies for o == n and o == 2n whatever the scale."""
    dst = np.arange(o)
    if shortcuts and o == n:
        src = dst
    elif shortcuts and o == 2 * n:
        src = dst >> 1
    elif shift:
        src = np.floor(((dst + shift) * np.float64(np.float32(scale))).astype(np.float32)).astype(np.int64)
    else:
        src = np.floor(dst.astype(np.float32) * np.float32(scale)).astype(np.int64)
    src = np.minimum(src, n - 1)
    a = np.zeros((o, n))
    a[np.arange(o), src] = 1.0
    return a


def _corner_scale(n, o):
    """torch's area_pixel_compute_scale with align_corners."""
    return (n - 1) / (o - 1) if o > 1 else 0.0


def _linear_matrix(n, o, scale, align_corners):
    if align_corners:
        src = np.arange(o) * _corner_scale(n, o)
    else:
        src = np.maximum((np.arange(o) + 0.5) * scale - 0.5, 0.0)
    i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    lam = src - i0
    a = np.zeros((o, n))
    np.add.at(a, (np.arange(o), i0), 1 - lam)
    np.add.at(a, (np.arange(o), i1), lam)
    return a


def _cubic_matrix(n, o, scale, align_corners):
    """torch's bicubic (a = -0.75) on 4 neighbours, source indices unclamped below zero, the
    taps clamped to the border."""
    src = np.arange(o) * _corner_scale(n, o) if align_corners else (np.arange(o) + 0.5) * scale - 0.5
    i0 = np.minimum(np.floor(src).astype(np.int64), n - 1)
    t = np.clip(src - i0, 0.0, 1.0)
    coeffs = (_cubic2(t + 1, -0.75), _cubic1(t, -0.75), _cubic1(1 - t, -0.75), _cubic2(2 - t, -0.75))
    a = np.zeros((o, n))
    for j, c in enumerate(coeffs):
        np.add.at(a, (np.arange(o), np.clip(i0 - 1 + j, 0, n - 1)), c)
    return a


_LINEAR_MODES = ("linear", "bilinear", "bicubic", "trilinear")


def _lanczos(x):
    """PIL's Lanczos filter: sinc(x) sinc(x / 3) on |x| < 3."""
    return np.where(np.abs(x) < 3, np.sinc(x) * np.sinc(x / 3), 0.0)


_ANTIALIAS = {"bilinear": (_triangle, 2), "bicubic": (_keys_half, 4), "lanczos": (_lanczos, 6)}
_DIM_OF_MODE = {"linear": 1, "bilinear": 2, "trilinear": 3}


def _output_sizes(input, size, scale_factor, d, recompute):
    """torch's reading of size / scale_factor: (output sizes, per-dim scales given to the kernel or None)."""
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != d:
                raise ValueError(f"Input and output must have the same number of spatial dimensions, but got input "
                                 f"with spatial dimensions of {list(input.shape[2:])} and output size of {size}. "
                                 f"Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in "
                                 f"(o1, o2, ...,oK) format.")
            if not all(isinstance(n, numbers.Integral) for n in size):
                raise TypeError(f"expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                                f"Tuple[int, int, int], but got size with types {[type(n) for n in size]}")
        if recompute:
            raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
        return (tuple(size) if isinstance(size, (list, tuple)) else (size,) * d), None
    if scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if isinstance(scale_factor, (list, tuple)):
        if len(scale_factor) != d:
            raise ValueError(f"Input and scale_factor must have the same number of spatial dimensions, but got input "
                             f"with spatial dimensions of {list(input.shape[2:])} and scale_factor of shape "
                             f"{scale_factor}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                             f"scale_factor in (s1, s2, ...,sK) format.")
        factors = tuple(float(f) for f in scale_factor)
    else:
        factors = (float(scale_factor),) * d
    out = tuple(int(n * f) for n, f in zip(input.shape[2:], factors))
    return out, (None if recompute else factors)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None,
                antialias=False):
    """Resize the 1-3 spatial dims of an (N, C, ...) input: modes 'nearest', 'nearest-exact',
    'linear' (3-d input), 'bilinear' and 'bicubic' (4-d, optionally antialiased), 'lanczos'
    (4-d, antialiased), 'trilinear' (5-d) and 'area'; checks and dispatch in torch's order."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    d = input.dim() - 2
    out_sizes, factors = _output_sizes(input, size, scale_factor, d,
                                       bool(recompute_scale_factor) or (mode == "area" and size is None))
    if antialias and not (mode in _ANTIALIAS and input.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a "
                         "4-D tensor as input")
    known = d in (1, 2, 3) and (mode in ("nearest", "nearest-exact", "area") or _DIM_OF_MODE.get(mode) == d
                                or (mode in ("bicubic", "lanczos") and d == 2))
    if not known:
        if mode in _DIM_OF_MODE and d in (1, 2, 3):
            raise NotImplementedError(f"Got {input.dim()}D input, but {mode} mode needs {_DIM_OF_MODE[mode] + 2}D input")
        raise NotImplementedError(f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.dim()}D) for "
                                  f"the modes: nearest | linear | bilinear | bicubic | trilinear | lanczos | area | "
                                  f"nearest-exact (got {mode})")
    if not all(type(n) is int for n in out_sizes):
        out_sizes = _parsed_sizes(input, out_sizes, mode, d, antialias, align_corners)
    _check_dtype(input._data.dtype, mode, d, antialias)
    if mode == "area":
        return (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[d - 1](input, out_sizes)
    if mode == "lanczos":
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    in_sizes = tuple(input.shape[2:])
    _check_sizes(in_sizes, out_sizes)
    # the kernels' scale: 1 / scale_factor when one was given, else input / output size
    scales = [n / o if factors is None or f <= 0 else 1 / f
              for n, o, f in zip(in_sizes, out_sizes, factors or in_sizes)]
    if antialias:
        filter, interp_size = _ANTIALIAS[mode]
        mats = [_antialias_matrix(n, o, _corner_scale(n, o) if align_corners else sc, filter, interp_size)
                for n, o, sc in zip(in_sizes, out_sizes, scales)]
        return _RESAMPLE[f"Upsample{mode.capitalize()}2DAa"].apply(input, tuple(mats))
    if mode in ("nearest", "nearest-exact"):
        shift = 0.5 if mode == "nearest-exact" else 0.0
        mats = tuple(_nearest_matrix(n, o, s, shift, not shift and d == 2) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = f"UpsampleNearest{'Exact' if shift else ''}{d}D"
    elif mode == "bicubic":
        mats = tuple(_cubic_matrix(n, o, s, align_corners) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = "UpsampleBicubic2D"
    else:
        mats = tuple(_linear_matrix(n, o, s, align_corners) for n, o, s in zip(in_sizes, out_sizes, scales))
        op = ("UpsampleLinear1D", "UpsampleBilinear2D", "UpsampleTrilinear3D")[d - 1]
    return _RESAMPLE[op].apply(input, mats)


def _kernel(mode, d, antialias):
    """The torch kernel interpolate calls for `mode` on d spatial dims."""
    if mode == "area":
        return f"adaptive_avg_pool{d}d"
    if mode in ("nearest", "nearest-exact"):
        return f"{'_' if mode == 'nearest-exact' else ''}upsample_{mode.replace('-', '_')}{d}d"
    kernel = f"upsample_{mode}{d}d" if mode != "lanczos" else "upsample_lanczos2d"
    return f"_{kernel}_aa" if antialias else kernel


def _parsed_sizes(input, sizes, mode, d, antialias, align_corners):
    """Output sizes not all Python ints, as the kernel torch hands them to parses them: NumPy ints and 0-d
    int tensors are ints, a bool or float its TypeError."""
    given = (input, list(sizes))
    if mode != "area":
        given += ((align_corners, None) if mode not in ("nearest", "nearest-exact") else (None,))
    return tuple(_signatures.as_parsed_by(_kernel(mode, d, antialias), given)[1])


def _check_dtype(dt, mode, d, antialias):
    """Integer and bool inputs: torch's kernels take uint8 in the nearest modes and 2-d (bi)linear,
    bicubic and lanczos resizing, and refuse the others by the kernel that meets them first."""
    nearest = mode in ("nearest", "nearest-exact")
    if dt.kind == "f" or (dt == np.uint8 and (nearest or (d == 2 and mode != "area"))):
        return
    if mode == "area":
        kernel = f"adaptive_avg_pool{d}d"
    elif antialias:
        kernel = "compute_index_ranges_weights"
    elif d == 2 and mode in ("nearest", "nearest-exact", "bilinear"):
        kernel = f"upsample_{'nearest' if nearest else 'bilinear'}2d_channels_last"
    else:
        kernel = f"compute_indices_weights_{'nearest' if nearest else 'cubic' if mode == 'bicubic' else 'linear'}"
    raise not_implemented_for(kernel, dt)


def _check_sizes(in_sizes, out_sizes):
    """upsample_Nd_common_check: every input and output size positive."""
    if all(n > 0 for n in in_sizes) and all(o > 0 for o in out_sizes):
        return
    names = ("W",) if len(in_sizes) == 1 else ("H", "W") if len(in_sizes) == 2 else ("D", "H", "W")
    ins = ", ".join(f"{k}: {n}" for k, n in zip(names, in_sizes))
    outs = ", ".join(f"{k}: {n}" for k, n in zip(names, out_sizes))
    raise RuntimeError(f"Input and output sizes should be greater than 0, but got input ({ins}) output ({outs})")


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
