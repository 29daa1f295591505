"""The sliding windows that convolution, unfold/fold and pooling share: one vectorised im2col (a
strided window view of the padded input) and its adjoint col2im."""
import itertools

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._views import strided_view


def _pad_np(x, pads, value=0):
    """Pad the trailing len(pads) dims of x by pads = ((before, after), ...)."""
    if not any(p for pair in pads for p in pair):
        return x
    lead = x.ndim - len(pads)
    shape = x.shape[:lead] + tuple(n + a + b for n, (a, b) in zip(x.shape[lead:], pads))
    out = np.zeros(shape, x.dtype) if value == 0 else np.full(shape, value, x.dtype)  # zeros: no pass to fill
    out[(Ellipsis,) + tuple(slice(a, a + n) for n, (a, _) in zip(x.shape[lead:], pads))] = x
    return out


def _windows(xp, kernel, stride, dilation):
    """(N, C, *out, *kernel): a strided view of the sliding windows over the trailing len(kernel)
    dims of an already padded input."""
    d = len(kernel)
    size, strides = xp.shape[-d:], xp.strides[-d:]
    out = tuple((n - (k - 1) * dl - 1) // s + 1 for n, k, dl, s in zip(size, kernel, dilation, stride))
    if min(out) <= 0:  # no window fits: sliding_window_view's error
        eff = tuple((k - 1) * dl + 1 for k, dl in zip(kernel, dilation))
        return sliding_window_view(xp, eff, axis=tuple(range(-d, 0)))
    # sliding_window_view's read-only view with the steps folded into its strides
    return strided_view(xp, xp.shape[:-d] + out + tuple(kernel),
                        xp.strides[:-d] + tuple(st * s for st, s in zip(strides, stride))
                        + tuple(st * dl for st, dl in zip(strides, dilation)))


def _col2im(cols, out_size, stride, pads, dilation):
    """Adjoint of padding + _windows: sum window-shaped `cols` (N, C, *out, *kernel) back into an
    (N, C, *out_size) image (the padding cropped away)."""
    d = len(out_size)
    windows, kernel = cols.shape[-2 * d:-d], cols.shape[-d:]
    full = tuple(max(n + sum(p), (k - 1) * dl + s * (o - 1) + 1)
                 for n, p, k, dl, s, o in zip(out_size, pads, kernel, dilation, stride, windows))
    out = np.zeros(cols.shape[:-2 * d] + full, cols.dtype)
    for k_at in itertools.product(*map(range, kernel)):
        dst = tuple(slice(i * dl, i * dl + s * (o - 1) + 1, s) for i, dl, s, o in zip(k_at, dilation, stride, windows))
        out[(Ellipsis,) + dst] += cols[(Ellipsis,) + k_at]
    return out[(Ellipsis,) + tuple(slice(p[0], p[0] + n) for p, n in zip(pads, out_size))]
