"""Fractional max pooling: windows of a fixed size whose starts advance by a pseudo-random mix of
the floor and the ceiling of the input/output ratio, drawn once per plane (torch's
generate_intervals, in the samples' dtype), and max pooling's pick in each window."""
import itertools
import math
import numbers

import numpy as np

from ... import _creation, _signatures
from ._common import _batched
from .pooling import _first_max, _MaxOverWindows

# which sample of a plane's row each spatial dim reads: (W, H) in 2-d, (T, H, W) in 3-d, as torch
_SAMPLE_OF_DIM = {2: (1, 0), 3: (0, 1, 2)}


def _intervals(samples, in_size, out_size, pool):
    """Each plane's window starts along one dim, for its sample u: floor((i + u) alpha) -
    floor(u alpha) with alpha = (in - pool) / (out - 1), computed in u's dtype, the last window
    flush with the end."""
    starts = np.empty((len(samples), out_size), np.int64)
    if out_size > 1:
        work = samples.dtype.type  # (float16 rounds after each step, as torch's Half arithmetic)
        alpha = work(in_size - pool) / work(out_size - 1)
        i = np.arange(out_size - 1, dtype=work)
        starts[:, :-1] = ((i + samples[:, None]) * alpha).astype(np.int64) - (samples * alpha).astype(np.int64)[:, None]
    if out_size > 0:
        starts[:, -1] = in_size - pool
    return starts


class FractionalMaxPool2D(_MaxOverWindows):
    """The max of each fractional window and its flat index in the input plane (torch's
    fractional_max_pool2d/3d); the gradient goes to the picked positions, added where windows
    overlap."""
    _hidden = 0b1000  # the samples get no edge in torch
    def forward(ctx, x, kernel, out_size, samples):
        d = len(kernel)
        xb = _batched(x, d)
        n, c, size = xb.shape[0], xb.shape[1], xb.shape[2:]
        planes = xb.reshape(n * c, -1)
        rows = samples[:n].reshape(n * c, d)  # (torch reads the first n rows of a larger sample tensor)
        plane_strides = [math.prod(size[j + 1:]) for j in range(d)]
        base = np.zeros((n * c,) + (1,) * d, np.int64)
        for j, (col, o) in enumerate(zip(_SAMPLE_OF_DIM[d], out_size)):
            starts = _intervals(rows[:, col], size[j], o, kernel[j])
            base = base + (starts * plane_strides[j]).reshape((n * c,) + (1,) * j + (o,) + (1,) * (d - 1 - j))
        offsets = np.array([sum(a * s for a, s in zip(at, plane_strides)) for at in itertools.product(*map(range, kernel))],
                           np.int64)
        k = len(offsets)
        at = base + offsets.reshape((k,) + (1,) * (d + 1))  # (k, planes, *out): kernel positions first
        kfirst = planes[np.arange(n * c).reshape((n * c,) + (1,) * d), at]
        if k:
            rank = np.arange(k, 0, -1, dtype=np.uint8 if k < 256 else np.intp).reshape((k,) + (1,) * (d + 1))
            out, before = _first_max(kfirst, rank)
            idx = offsets.take(before) + base
        else:  # an empty kernel: nothing replaces -inf, and the index stays at the window's start
            out = np.full(base.shape, -np.inf, x.dtype)
            idx = base.copy()
        ctx.d = d
        return out.reshape(x.shape[:-d] + tuple(out_size)), idx.reshape(x.shape[:-d] + tuple(out_size))


class FractionalMaxPool3D(FractionalMaxPool2D):
    pass


def _fractional(input, kernel_size, output_size, output_ratio, samples, d):
    """Output size from output_ratio, default samples, and torch's checks; then the op."""
    name = f"fractional_max_pool{d}d"
    if output_size is None and output_ratio is None:
        raise ValueError(f"{name} requires specifying either an output_size or an output_ratio")
    if output_size is None:
        if d == 2 and len(output_ratio) > 2:  # (torch's 2-d wrapper takes len() of the ratio, not a float)
            raise ValueError(f"{name} requires output_ratio to either be a single Int or tuple of Ints.")
        ratio = (output_ratio,) * d if isinstance(output_ratio, numbers.Number) else tuple(output_ratio)
        output_size = [int(input.size(i - d) * r) for i, r in enumerate(ratio)]
    if samples is None:
        batch = 1 if input.dim() == d + 1 else input.size(0)
        samples = _creation.rand(batch, input.size(-d - 1), d, dtype=input.dtype)
    kernel_size, output_size = _signatures.kernel_arguments(name, (input, kernel_size, output_size, samples))[1:3]
    kernel, out_size = _sizes(kernel_size, d, name, "kernel_size"), _sizes(output_size, d, name, "output_size")
    where = name if d == 2 else f"{name}_out"
    shape = list(input.shape)
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"{where}(): Expected {d + 1}D or {d + 2}D tensor, but got: {shape}")
    for i in range(1, input.dim()):
        if shape[i] == 0:
            raise RuntimeError(f"{where}(): Expected input to have non-zero size for non-batch dimensions, but got"
                               f"{shape} with dimension {i} being empty.")
    words = ("height", "width") if d == 2 else ("time", "height", "width")
    for word, k, o, n in zip(words, kernel, out_size, shape[-d:]):
        if o + k - 1 > n or (d == 3 and o + k - 1 == n):  # (torch's 3-d check is strict)
            raise RuntimeError(f"{where}(): pool {word} {k} too large relative to input {word} {n}")
    s = samples._data
    if s.dtype != input._data.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if s.ndim != 3:
        raise RuntimeError(f"Expect _random_samples to have 3 dimensions, got {s.ndim}")
    batch = 1 if input.dim() == d + 1 else shape[0]
    if s.shape[0] < batch:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if s.shape[1] != shape[-d - 1]:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if s.shape[2] != d:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {d}; got {s.shape[2]}.")
    for o in out_size:
        if o < 0:  # (torch's allocation of the output)
            raise RuntimeError(f"Trying to create tensor with negative dimension {o}: {shape[:-d] + list(out_size)}")
    op = FractionalMaxPool2D if d == 2 else FractionalMaxPool3D
    return op.apply(input, kernel, out_size, samples)


def _sizes(v, d, name, what):
    v = (v,) * d if isinstance(v, numbers.Integral) else tuple(v)
    if len(v) == 1:
        v = v * d
    if len(v) != d:
        raise RuntimeError(f"{name}: {what} must either be a single Int or tuple of Ints")
    return tuple(int(a) for a in v)


def fractional_max_pool2d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    """Fractional max pooling of (N, C, H, W) input to `output_size` (or `output_ratio` of the
    input's size), and the flat index of each pick in its input plane."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """Fractional max pooling over (N, C, H, W) input (FractionalMaxPool2DBackward0): window starts
    drawn per plane from `_random_samples` (uniform on [0, 1), shape (N, C, 2), drawn when not given)."""
    out, idx = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)
    return (out, idx) if return_indices else out


def fractional_max_pool3d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    """fractional_max_pool2d_with_indices over (N, C, T, H, W) input."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    """fractional_max_pool2d over (N, C, T, H, W) input (samples of shape (N, C, 3))."""
    out, idx = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)
    return (out, idx) if return_indices else out
