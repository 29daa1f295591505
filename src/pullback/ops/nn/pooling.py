"""Pooling over 1-3 spatial dims: max (with indices), average, adaptive average and max, Lp, and
max unpooling."""
import functools
import inspect
import itertools
import math
import numbers

import numpy as np

from ... import _signatures
from .._op import Op
from ..._dtype import scalar_type_name
from ..indexing import IndexAccumulate, IndexScatter, LinearBackward, WithLinearBackward
from ..pointwise import _tensor_input
from ..shape import Gather, reshape
from ._common import _batched, _int_or_ints, _tuple
from ._sliding import _col2im, _pad_np, _windows
from ._resample import _Resample
from .activation import relu


@functools.lru_cache(maxsize=256)
def _pool_geometry(hw, kernel, stride, padding, dilation, ceil_mode):
    """Output size and padding ((before, after), ...) per spatial dim; ceil_mode's last window may
    run past the padding, which `after` then extends to cover."""
    out, pads = [], []
    for n, k, s, p, d in zip(hw, kernel, stride, padding, dilation):
        eff = d * (k - 1) + 1
        span = n + 2 * p - eff
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + p:
            o -= 1
        out.append(o)
        pads.append((p, max(p, (o - 1) * s + eff - n - p)))
    return tuple(out), tuple(pads)


@functools.lru_cache(maxsize=64)
def _max_pool_plan(size, kernel, stride, padding, dilation, ceil_mode):
    """Max pooling's bookkeeping for an input plane of `size` (read-only arrays): the output size
    and padding (_pool_geometry); each kernel position's offset from its window's start (kernel
    positions row-major) and each window's start (over the output), in the input plane; `rank`,
    k - i for kernel position i and 0 where it falls outside the input (padding, or ceil_mode's
    overhang), shaped (k, 1, 1, *out or 1s) to broadcast over (k, N, C, *out); and whether each
    input position is in at most one window (no overlap, no padding), so gradients never collide."""
    out_size, pads = _pool_geometry(size, kernel, stride, padding, dilation, ceil_mode)
    d = len(size)
    plane_strides = [math.prod(size[i + 1:]) for i in range(d)]
    offsets = np.array([sum(k * dl * ps for k, dl, ps in zip(k_at, dilation, plane_strides))
                        for k_at in itertools.product(*map(range, kernel))])
    base = np.zeros((), np.int64)
    outside = np.zeros((1,) * (2 * d), bool)
    for i, (o, s, p, extent, k, dl) in enumerate(zip(out_size, stride, padding, size, kernel, dilation)):
        start = np.arange(o) * s - p
        base = base * extent + start.reshape((-1,) + (1,) * (d - 1 - i))
        at = np.arange(k)[:, None] * dl + start  # (kernel position, window) along this dim
        beyond = (at < 0) | (at >= extent)
        shape = [1] * (2 * d)
        shape[i], shape[d + i] = k, o
        outside = outside | beyond.reshape(shape)
    k = len(offsets)
    outside = outside.reshape((k, 1, 1) + out_size) if outside.any() else np.zeros((k, 1, 1) + (1,) * d, bool)
    rank = np.arange(k, 0, -1, dtype=np.uint8 if k < 256 else np.intp).reshape((k,) + (1,) * (d + 2)) * ~outside
    unique = not any(padding) and all(s >= dl * (kn - 1) + 1 for s, kn, dl in zip(stride, kernel, dilation))
    # windows that tile the plane exactly (the usual 2x2 pooling): _tiles_kernel_first gathers them
    # with the kernel dims reversed: rank permuted to match, and `row`, each position's place there
    tiled = None
    if (not any(padding) and tuple(stride) == tuple(kernel) and all(dl == 1 for dl in dilation)
            and all(o and n == o * kn for n, o, kn in zip(size, out_size, kernel))):
        position = np.arange(k).reshape(kernel).transpose(tuple(reversed(range(d)))).reshape(-1)
        tiled = rank[position], np.argsort(position)
        for a in tiled:
            a.flags.writeable = False
    for a in offsets, base, rank:
        a.flags.writeable = False
    return out_size, pads, offsets, base, rank, unique, tiled


def _tiles_kernel_first(x, kernel):
    """x (N, C, *size), C-contiguous, cut into windows of `kernel` that tile it: (k, N, C, *out)
    with the kernel positions in reversed-dim order (the last dim's position varies slowest). Each step
    moves one kernel dim to the front by one transposing copy whose moved unit is the whole run of
    output positions after it (a void item): long loops, where the direct gather of
    (kh, kw, N, C, oh, ow) runs ow-long ones (half the time for 2x2 pooling of 8x8 planes)."""
    dtype = x.dtype
    lead, unit = 1, 1  # kernel positions moved to the front so far; elements per moved unit
    a = x
    for i in reversed(range(len(kernel))):
        k = kernel[i]
        v = a.reshape(lead, -1, k, unit)
        if unit > 1:
            v = v.view(np.dtype((np.void, unit * dtype.itemsize)))
        v = np.ascontiguousarray(v.reshape(lead, v.shape[1], k).transpose(0, 2, 1))
        a = v.view(dtype) if unit > 1 else v
        lead *= k
        unit *= x.shape[2 + i] // k
    return a.reshape((lead,) + x.shape[:2] + tuple(n // k for n, k in zip(x.shape[2:], kernel)))


def _first_max(kfirst, rank, row=None):
    """Each window's max over `kfirst` (k, *windows), the kernel positions first, and torch's pick
    as a position: the first one holding the max (only a larger value replaces it), except that a
    NaN always replaces it, so a window with NaNs takes its last NaN. `rank` (broadcasting to
    kfirst) is k - position, 0 where a position may not be picked (padding). Positions count in
    kfirst's order, or where `row` gives kfirst's index of each position, in that order."""
    k = len(kfirst)
    out = kfirst.max(0)
    # the first match is the one of highest rank; a window holding a NaN has no match (k here)
    # until the NaN pass below
    score = np.multiply(kfirst == out, rank)
    before = np.subtract(k, score.max(0), dtype=rank.dtype)
    if kfirst.dtype.kind == "f":
        if np.isnan(out).any():
            miss = np.empty(out.shape, bool)
            for i in range(k):
                np.isnan(kfirst[i if row is None else row[i]], out=miss)
                before[miss] = i
        zero = out == 0
        if zero.any() and np.signbit(kfirst).any():  # -0 ties +0: the picked element's own zero, as torch
            at = np.flatnonzero(zero)
            picked = before.reshape(-1)[at]
            out.reshape(-1)[at] = kfirst.reshape(k, -1)[picked if row is None else row[picked], at]
    return out, before


def _gather_at(grad, indices, d):
    """grad read at each flat index of `indices` into its last d dims' plane (torch's
    max_pool_double_backward, a view of a gather): the adjoint of sending values to those
    indices, so max unpooling's gradient and max pooling's double backward."""
    flat = reshape(grad, tuple(grad.shape[:grad.ndim - d]) + (-1,))
    picked = Gather.apply(flat, -1, indices.reshape(indices.shape[:indices.ndim - d] + (-1,)))
    return reshape(picked, indices.shape)


class _MaxPoolBackward(LinearBackward):
    """Max pooling's gradient: each output's gradient added at its argmax."""

    def forward(ctx, grad, self, indices, d, unique):
        ctx.indices, ctx.d = indices, d
        plane = math.prod(self.shape[self.ndim - d:])
        nc = self.size // plane if plane else 0
        idx = indices.reshape(nc, indices.size // nc if nc else 0)
        if unique:  # no index twice: one flat assignment instead of ufunc.at
            flat = (idx + np.arange(0, nc * plane, plane)[:, None]).reshape(-1)
            g = IndexScatter.forward(ctx, grad.reshape(-1), (nc * plane,), flat)
        else:
            g = IndexAccumulate.forward(ctx, grad.reshape(idx.shape), (nc, plane), (np.arange(nc)[:, None], idx))
        return g.reshape(self.shape)

    def again(ctx, gg):
        return _gather_at(gg, ctx.indices, ctx.d)


class _MaxOverWindows(WithLinearBackward, Op):
    """A max pooling node: outputs the max of each window and its argmax as a flat index into the
    input's spatial plane; the gradient goes to the argmax. Forward sets ctx.d (the pooled dims)
    and ctx.unique (whether no input position is the argmax of two windows)."""
    on_arrays = True
    n_outputs = 2
    nondiff_outputs = (1,)
    saves = (0, "result1")  # as torch: its hooks see the input and the indices, a second backward fails
    gradient_kind = _MaxPoolBackward
    unique = False

    def backward(ctx, grad, _=None):
        x, idx = ctx.saved_tensors
        idx = idx if type(idx) is np.ndarray else idx._data
        return (ctx.gradient.apply(grad, x, idx, ctx.d, ctx.unique),) + (None,) * (ctx._arity - 1)


class MaxPool2DWithIndices(_MaxOverWindows):
    """Max pooling over windows of a kernel size, stride, padding and dilation."""
    node_name = "MaxPool2DWithIndicesBackward0"

    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode):
        ctx.args = kernel, stride, padding, dilation, ceil_mode  # stride () when not given, as torch saves it
        d = len(kernel)
        xb = _batched(x, d)
        size = xb.shape[2:]
        out_size, pads, offsets, base, rank, ctx.unique, tiled = _max_pool_plan(
            size, kernel, stride or kernel, padding, dilation, ceil_mode)
        # One contiguous copy with the kernel positions first (NumPy runs long inner loops on it,
        # short strided ones on the window view); the max over them, and its offset in the plane.
        if tiled is not None and xb.flags.c_contiguous:
            rank, row = tiled
            kfirst = _tiles_kernel_first(xb, kernel)
        else:
            fill = -np.inf if x.dtype.kind == "f" else np.iinfo(x.dtype).min
            win = _windows(_pad_np(xb, pads, fill), kernel, stride or kernel, dilation)
            kfirst = np.ascontiguousarray(win.transpose(tuple(range(2 + d, 2 + 2 * d)) + tuple(range(2 + d))))
            kfirst, row = kfirst.reshape((len(offsets),) + kfirst.shape[d:]), None
        out, before = _first_max(kfirst, rank, row)
        idx = offsets.take(before)
        idx += base
        ctx.d = d
        return out.reshape(x.shape[:-d] + out_size), idx.reshape(x.shape[:-d] + out_size)


class MaxPool3DWithIndices(MaxPool2DWithIndices):
    node_name = "MaxPool3DWithIndicesBackward0"


def _adaptive_window(i, n, o):
    """The input positions lo .. hi - 1 that output i of an adaptive pool from n to o covers:
    floor(i n / o) .. ceil((i + 1) n / o) - 1."""
    return (i * n) // o, -(-((i + 1) * n) // o)


class AdaptiveMaxPool2D(_MaxOverWindows):
    """The max over adaptive windows (along each dim, floor(i n / o) .. ceil((i + 1) n / o) - 1),
    with flat indices into the input's spatial plane."""

    def forward(ctx, x, out_size):
        d = len(out_size)
        xb = _batched(x, d)
        n, c, size = xb.shape[0], xb.shape[1], xb.shape[2:]
        out = np.empty((n, c) + tuple(out_size), x.dtype)
        idx = np.empty((n, c) + tuple(out_size), np.int64)
        for cell in itertools.product(*map(range, out_size)):
            bounds = [_adaptive_window(i, m, o) for i, m, o in zip(cell, size, out_size)]
            block = xb[(slice(None),) * 2 + tuple(slice(lo, hi) for lo, hi in bounds)].reshape(n, c, -1)
            arg = block.argmax(-1)
            nan = np.isnan(block) if block.dtype.kind == "f" else None
            if nan is not None and nan.any():  # torch's pick in a window holding NaNs: its last NaN
                arg = np.where(nan.any(-1), nan.shape[-1] - 1 - nan[..., ::-1].argmax(-1), arg)
            out[(slice(None),) * 2 + cell] = np.take_along_axis(block, arg[..., None], -1)[..., 0]
            flat = np.zeros_like(arg)
            for (lo, hi), k_at, m in zip(bounds, np.unravel_index(arg, [hi - lo for lo, hi in bounds]), size):
                flat = flat * m + lo + k_at
            idx[(slice(None),) * 2 + cell] = flat
        ctx.d = d
        return out.reshape(x.shape[:-d] + tuple(out_size)), idx.reshape(x.shape[:-d] + tuple(out_size))


class AdaptiveMaxPool3D(AdaptiveMaxPool2D):
    pass


def _avg_divisor(size, kernel, stride, padding, out_size, count_include_pad, divisor_override):
    """The divisor of each window (an array over the output's spatial dims), torch's rule for
    padding and ceil_mode's overhang."""
    if divisor_override:
        return np.asarray(divisor_override)
    sizes = []
    for n, k, s, p, o in zip(size, kernel, stride, padding, out_size):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        sizes.append(end - start if count_include_pad else np.minimum(end, n) - np.maximum(start, 0))
    return functools.reduce(np.multiply.outer, sizes)


class _AvgPoolBackward(LinearBackward):
    """Each output gradient spread evenly back over its window (the adjoint of average pooling)."""

    def forward(ctx, grad, self, geometry, args):
        in_shape, kernel, stride, pads, div = geometry
        d = len(kernel)
        ctx.args = args
        gb = _batched(grad, d) / div
        cols = np.broadcast_to(gb[(Ellipsis,) + (None,) * d], gb.shape + tuple(kernel))
        return _col2im(cols, in_shape[-d:], stride, pads, (1,) * d).reshape(in_shape)

    def again(ctx, gg):
        return ctx.op.apply(gg, *ctx.args)


class AvgPool2D(WithLinearBackward, Op):
    on_arrays = True
    saves = (0,)  # for the gradient's edge to it, as torch
    gradient_kind = _AvgPoolBackward

    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        d = len(kernel)
        xb = _batched(x, d)
        ones = (1,) * d
        out_size, pads = _pool_geometry(xb.shape[2:], kernel, stride, padding, ones, ceil_mode)
        div = _avg_divisor(xb.shape[2:], kernel, stride, padding, out_size, count_include_pad, divisor_override)
        ctx.geometry = x.shape, kernel, stride, pads, div.astype(x.dtype)
        out = _windows(_pad_np(xb, pads), kernel, stride, ones).sum(tuple(range(-d, 0))) / ctx.geometry[-1]
        ctx.args = kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
        return out.astype(x.dtype, copy=False).reshape(x.shape[:-d] + out_size)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return (ctx.gradient.apply(grad, x, ctx.geometry, ctx.args),) + (None,) * 6


class AvgPool3D(AvgPool2D):
    pass


def _adaptive_matrix(n, o):
    """Row i averages input positions floor(i n / o) .. ceil((i + 1) n / o) - 1."""
    a = np.zeros((o, n))
    for i in range(o):
        lo, hi = _adaptive_window(i, n, o)
        a[i, lo:hi] = 1.0 / (hi - lo)
    return a


class _AdaptiveAvgPoolBackward(LinearBackward):
    """Adaptive average pooling's gradient: the transposed averaging matrix along each dim."""

    def forward(ctx, grad, self, mats):
        ctx.given = mats
        return _Resample.forward(ctx, grad, [a.T for a in mats])

    def again(ctx, gg):
        return ctx.op.apply(gg, ctx.given)


class AdaptiveAvgPool2D(WithLinearBackward, _Resample):
    """Average pooling to a fixed size: a separable linear map of averaging matrices."""
    on_arrays = True
    saves = (0,)  # for the gradient's edge to it, as torch
    gradient_kind = _AdaptiveAvgPoolBackward

    def forward(ctx, x, mats):
        ctx.given = mats
        return _Resample.forward(ctx, x, mats)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return ctx.gradient.apply(grad, x, ctx.given), None


class AdaptiveAvgPool3D(AdaptiveAvgPool2D):
    pass


class MaxUnpool2D(Op):
    """Each value written at its flat index into a zero spatial plane of `out_size` (the partial
    inverse of max pooling)."""
    on_arrays = True

    def forward(ctx, x, indices, out_size):
        d = len(out_size)
        xb, ib = _batched(x, d), _batched(indices, d)
        n, c = xb.shape[:2]
        size = int(np.prod(out_size))
        if indices.size and (indices.min() < 0 or indices.max() >= size):
            bad = indices[(indices < 0) | (indices >= size)].flat[0]
            raise RuntimeError(f"Found an invalid max index: {bad} (output volumes are of size "
                               f"{'x'.join(map(str, out_size))})")
        ctx.indices, ctx.d = indices, d
        out = np.zeros((n * c, size), x.dtype)
        out[np.arange(n * c)[:, None], ib.reshape(n * c, -1)] = xb.reshape(n * c, -1)
        return out.reshape(x.shape[:-d] + tuple(out_size))

    def backward(ctx, grad):
        return _gather_at(grad, ctx.indices, ctx.d), None, None


class MaxUnpool3D(MaxUnpool2D):
    pass


def _pool_args(name, input, kernel_size, stride, padding, dilation, d, indices=False):
    """Kernel, stride (default: the kernel), padding and dilation as d-tuples, checked as torch does (by the
    kernel returning indices, with `indices`)."""
    if not (all(map(_int_or_ints, (kernel_size, padding, dilation))) and (stride is None or _int_or_ints(stride))):
        # torch's F.*_pool* pass them on positionally to the kernel, whose parser has the first word
        if name.startswith("max_pool"):  # (dilation too; a stride left out as [])
            _, kernel_size, stride, padding, dilation = _signatures.as_parsed_by(
                name + "_with_indices" if indices else name, (input, kernel_size, [] if stride is None else stride,
                                                              padding, dilation))
        else:
            _, kernel_size, stride, padding = _signatures.as_parsed_by(name, (input, kernel_size, stride, padding))
    _check_lengths(name, d, indices, kernel_size=kernel_size, stride=stride, padding=padding, dilation=dilation)
    if input.dim() not in (d + 1, d + 2):
        raise _pool_rank_error(name, input, d, indices)
    if 0 in (input.shape[1:] if input.dim() == d + 2 else input.shape) and name != "avg_pool1d":
        shape = list(input.shape)  # (avg_pool1d's is avg_pool2d's, on the unsqueezed input)
        if d == 3:  # torch prints the dimension's size where it means its index
            fn = "max_pool3d_with_indices_out_cpu_template" if name == "max_pool3d" else name
            raise RuntimeError(f"{fn}(): Expected input's non-batch dimensions to have positive length, but input has "
                               f"a shape of {shape} and non-batch dimension 0 has length zero!")
        if indices and d == 1:  # max_pool1d_with_indices: max_pool2d's check, on the input with a unit height
            raise RuntimeError("Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                               f"got:{shape[:-1] + [1] + shape[-1:]}")
        raise RuntimeError(f"{name + ': ' if d == 1 else ''}Expected {d + 1}D or {d + 2}D (batch mode) tensor with "
                           f"optional 0 dim batch size for input, but got:{shape}")
    kernel = _tuple(kernel_size, d, "kernel_size")
    stride = kernel if _no_stride(stride) else _tuple(stride, d, "stride")
    padding, dilation = _tuple(padding, d, "padding"), _tuple(dilation, d, "dilation")
    if name == "max_pool1d" and not indices:
        _check_max_pool1d(kernel, stride, padding, dilation)
    elif d > 1:  # (the 1-d pools run as 2-d ones, which check their arguments)
        _check_pool_values(kernel, stride, padding, dilation)
    return kernel, stride, padding, dilation


def _check_lengths(name, d, indices, **given):
    """A kernel_size, stride, padding or dilation list of the wrong length (torch's checks, before any
    other), in the words of the torch function `name` takes its arguments from."""
    for arg, value in given.items():
        if not isinstance(value, (tuple, list)) or len(value) in (1, d) or (arg == "stride" and not value):
            continue
        n = len(value)
        if d > 1:
            either = "" if name == "avg_pool3d" else "either "
            omitted = "omitted, " if arg == "stride" else ""
            raise RuntimeError(f"{name}: {arg} must {either}be {omitted}a single int, or a tuple of "
                               f"{('two', 'three')[d - 2]} ints")
        if name == "max_pool1d" and not indices:
            kinds = "an int, list of ints or tuple" if arg == "kernel_size" else \
                "None, an int, list of ints, or tuple" if arg == "stride" else "an int, list of ints, or tuple"
            raise RuntimeError(f"max_pool1d() {arg} must be {kinds} of ints of size 1 but got size {n}")
        raise RuntimeError(f"{name}() argument '{arg}' should contain one int (got {n})")


def _check_max_pool1d(kernel, stride, padding, dilation):
    """max_pool1d's own kernel's checks (without indices)."""
    (k,), (s,), (p,), (dl,) = kernel, stride, padding, dilation
    for what, v in (("kernel_size", k), ("stride", s)):
        if v <= 0:
            raise RuntimeError(f"max_pool1d() {what} must be greater than zero, but got {v}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got padding={p} and "
                           f"kernel_size={k}")
    if dl <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {dl}")


def _check_pool_values(kernel, stride, padding, dilation):
    """The pooling kernels' checks in their order: pooling_output_shape's (stride, padding), then
    pool2d/3d_shape_check's, whose messages name each dim (kH kW, or kT kH kW)."""
    if 0 in stride:
        raise RuntimeError("stride should not be zero")
    dims = "THW"[3 - len(kernel):]
    if any(v <= 0 for v in kernel):  # (checked before the padding, as torch's kernels do)
        raise RuntimeError("kernel size should be greater than zero, but got "
                           + " ".join(f"k{axis}: {v}" for axis, v in zip(dims, kernel)))
    for p, k, dl in zip(padding, kernel, dilation):
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > (dl * (k - 1) + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                               f"kernel_size={k} and dilation={dl}")
    for what, prefix, values in (("stride", "d", stride), ("dilation", "dilation", dilation)):
        if any(v <= 0 for v in values):
            named = " ".join(f"{prefix}{axis}: {v}" for axis, v in zip(dims, values))
            raise RuntimeError(f"{what} should be greater than zero, but got {named}")


def _pool_rank_error(name, input, d, indices):
    """An input of the wrong rank, in the words of the torch kernel that `name` (with `indices`) reaches."""
    n, shape = input.dim(), list(input.shape)
    if d == 1 and (name != "max_pool1d" or indices):  # checked by checkDimRange
        return RuntimeError(f"Expected 2 to 3 dimensions, but got {n}-dimensional tensor for argument #1 'self' "
                            f"(while checking arguments for {name})")
    if name == "max_pool1d":
        return RuntimeError(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
                            f"input, but got:{shape}")
    if name == "avg_pool2d":  # its kernel reads input.size(-3) first
        if n == 0:
            return IndexError("Dimension specified as -3 but tensor has no dimensions")
        if n < 3:
            return IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got -3)")
        return RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but "
                            f"got:{shape}")
    return RuntimeError(f"non-empty {d + 1}D or {d + 2}D (batch mode) tensor expected for input")


def _check_pool_output(name, input, kernel, stride, padding, dilation, ceil_mode):
    d = len(kernel)
    out_size, _ = _pool_geometry(input.shape[-d:], kernel, stride, padding, dilation, ceil_mode)
    if min(out_size) <= 0:
        c = input.shape[-d - 1]
        raise RuntimeError(f"Given input size: ({'x'.join(map(str, (c,) + tuple(input.shape[-d:])))}). Calculated "
                           f"output size: ({'x'.join(map(str, (c,) + out_size))}). Output size is too small")


def _no_stride(stride):
    """A pooling stride left out (None or empty): the kernel size."""
    return stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max of each window (MaxPool2DWithIndicesBackward0); with return_indices, also the argmax
    as a flat index into each input plane."""
    _tensor_input("max_pool2d", input)
    kernel, strides, padding, dilation = _pool_args("max_pool2d", input, kernel_size, stride, padding, dilation, 2,
                                                    return_indices)
    _check_pool_output("max_pool2d", input, kernel, strides, padding, dilation, ceil_mode)
    out, idx = MaxPool2DWithIndices.apply(input, kernel, () if _no_stride(stride) else strides, padding, dilation,
                                          ceil_mode)
    return (out, idx) if return_indices else out


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """max_pool2d over a unit height, as torch computes it."""
    kernel, stride, padding, dilation = _pool_args("max_pool1d", input, kernel_size, stride, padding, dilation, 1,
                                                   return_indices)
    if not return_indices:  # max_pool1d's own kernel checks its output size, in its words
        (length,), _ = _pool_geometry(input.shape[-1:], kernel, stride, padding, dilation, ceil_mode)
        if length <= 0:
            raise RuntimeError(f"max_pool1d() Invalid computed output size: {length}")
    out = max_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + stride, (0,) + padding, (1,) + dilation, ceil_mode,
                     return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """The max of each 3-d window of (N, C, D, H, W) (MaxPool3DWithIndicesBackward0)."""
    kernel, strides, padding, dilation = _pool_args("max_pool3d", input, kernel_size, stride, padding, dilation, 3,
                                                    return_indices)
    _check_pool_output("max_pool3d", input, kernel, strides, padding, dilation, ceil_mode)
    out, idx = MaxPool3DWithIndices.apply(input, kernel, () if _no_stride(stride) else strides, padding, dilation,
                                          ceil_mode)
    return (out, idx) if return_indices else out


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each 3-d window of (N, C, D, H, W) (AvgPool3DBackward0)."""
    kernel, stride, padding, _ = _pool_args("avg_pool3d", input, kernel_size, stride, padding, 1, 3)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool_output("avg_pool3d", input, kernel, stride, padding, (1, 1, 1), ceil_mode)
    return AvgPool3D.apply(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """The mean of each window (AvgPool2DBackward0)."""
    kernel, stride, padding, _ = _pool_args("avg_pool2d", input, kernel_size, stride, padding, 1, 2)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    _check_pool_output("avg_pool2d", input, kernel, stride, padding, (1, 1), ceil_mode)
    return AvgPool2D.apply(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    kernel, stride, padding, _ = _pool_args("avg_pool1d", input, kernel_size, stride, padding, 1, 1)
    return avg_pool2d(input.unsqueeze(-2), (1,) + kernel, (1,) + stride, (0,) + padding, ceil_mode,
                      count_include_pad).squeeze(-2)


def _adaptive_size(input, output_size, d, kind="avg"):
    """An adaptive pool's output size over the last d dims: one size for all, or one per dim, None
    keeping that dim's size; a list of another length refused in the words of torch's `kind` pool."""
    size = (output_size,) * d if isinstance(output_size, numbers.Integral) or output_size is None \
        else tuple(output_size)
    if len(size) != d:
        if kind == "avg":
            raise RuntimeError(f"adaptive_avg_pool{d}d: output_size must be {d}")
        raise RuntimeError(f"adaptive_max_pool{d}d(): internal error: output_size.size() must be {d}")
    size = tuple(n if o is None else int(o) for n, o in zip(input.shape[-d:], size))
    if min(size) < 0:
        if kind == "avg":
            raise RuntimeError(f"adaptive_avg_pool{d}d: elements of output_size must be greater than or equal to 0 "
                               f"but received {{{', '.join(map(str, size))}}}")
        shape = list(input.shape[:-d]) + list(size)  # (the max pool allocates its output first)
        raise RuntimeError(f"Trying to create tensor with negative dimension {min(size)}: {shape}")
    return size


def _adaptive_length(output_size, name):
    """A 1-d adaptive pool's output length: torch's parser takes one int, or a list of one."""
    if not isinstance(output_size, numbers.Integral) and len(output_size) != 1:
        raise RuntimeError(f"{name}() argument 'output_size' should contain one int (got {len(output_size)})")
    return _tuple(output_size, 1)[0]


def _adaptive_avg_pool(input, output_size, d):
    """Average pooling of the last d dims to a fixed size (None keeps a dim's size); all ones is a mean."""
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"adaptive_avg_pool{d}d(): Expected {d + 1}D or {d + 2}D tensor, but got "
                           f"{list(input.shape)}")
    in_size = tuple(input.shape[-d:])
    out_size = _adaptive_size(input, output_size, d)
    if all(o == 1 for o in out_size):
        return input.mean(tuple(range(-1, -d - 1, -1)), keepdim=True)
    mats = tuple(_adaptive_matrix(n, o) for n, o in zip(in_size, out_size))
    return (AdaptiveAvgPool2D if d == 2 else AdaptiveAvgPool3D).apply(input, mats)


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed (H, W) output size (None keeps that dim's size)."""
    return _adaptive_avg_pool(input, output_size, 2)


def adaptive_avg_pool3d(input, output_size):
    """Average pooling to a fixed (D, H, W) output size."""
    return _adaptive_avg_pool(input, output_size, 3)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of (N, C, L) to a fixed length."""
    if input.dim() not in (2, 3):
        raise _pool_rank_error("adaptive_avg_pool1d", input, 1, True)
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _adaptive_length(output_size, "adaptive_avg_pool1d"))).squeeze(-2)


def _adaptive_max_pool(input, output_size, return_indices, d, op):
    if input.dim() not in (d + 1, d + 2):
        raise RuntimeError(f"adaptive_max_pool{d}d(): Expected {d + 1}D or {d + 2}D tensor, but got: "
                           f"{list(input.shape)}")
    out_size = _adaptive_size(input, output_size, d, "max")
    out, idx = op.apply(input, out_size)
    return (out, idx) if return_indices else out


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """Max pooling to a fixed (H, W) output size (None keeps that dim's size)."""
    return _adaptive_max_pool(input, output_size, return_indices, 2, AdaptiveMaxPool2D)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """Max pooling to a fixed (D, H, W) output size."""
    return _adaptive_max_pool(input, output_size, return_indices, 3, AdaptiveMaxPool3D)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if input.dim() not in (2, 3):
        raise _pool_rank_error("adaptive_max_pool1d", input, 1, True)
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _adaptive_length(output_size, "adaptive_max_pool1d")),
                              return_indices)
    return (out[0].squeeze(-2), out[1].squeeze(-2)) if return_indices else out.squeeze(-2)


def _max_unpool(input, indices, kernel_size, stride, padding, output_size, d, op):
    kernel = _tuple(kernel_size, d, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, d, "stride")
    padding = _tuple(padding, d, "padding")
    default = tuple((n - 1) * s - 2 * p + k for n, s, p, k in zip(input.shape[-d:], stride, padding, kernel))
    out_size = default if output_size is None else _unpool_output_size(tuple(output_size), default, stride)
    if indices._data.dtype != np.int64:
        raise RuntimeError(f"elements in indices should be type int64 but got: {scalar_type_name(indices._data.dtype)}")
    return op.apply(input, indices, out_size)


def _unpool_output_size(size, default, stride):
    """torch's _unpool_output_size: d sizes (or d + 2, the leading two ignored), each within a stride
    of the default."""
    d = len(default)
    if len(size) == d + 2:
        size = size[2:]
    if len(size) != d:
        raise ValueError(f"output_size should be a sequence containing {d} or {d + 2} elements, but it has a length "
                         f"of '{len(size)}'")
    for k, (n, m, s) in enumerate(zip(size, default, stride)):
        if not m - s < n < m + s:
            raise ValueError(f'invalid output_size "{size}" (dim {k} must be between {m - s} and {m + s})')
    return tuple(int(n) for n in size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Put each pooled value back at the position max_pool2d(return_indices=True) took it from."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 2, MaxUnpool2D)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Put each pooled value back at the position max_pool3d(return_indices=True) took it from."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size, 3, MaxUnpool3D)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    kernel = _tuple(kernel_size, 1, "kernel_size")
    stride = kernel if stride is None else _tuple(stride, 1, "stride")
    size = None if output_size is None else (1, tuple(output_size)[-1])
    out = max_unpool2d(input.unsqueeze(-2), indices.unsqueeze(-2), (1,) + kernel, (1,) + stride,
                       (0,) + _tuple(padding, 1, "padding"), size)
    return out.squeeze(-2)


def _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, d):
    """(sum over each window of x^p)^(1/p), composed as torch does; p = +-inf is the max / min of |x|."""
    if type(ceil_mode) is not bool:  # (torch's hands it to F.avg_pool*, whose parser reads it: by keyword without a stride)
        given = (input, kernel_size) + ((stride, 0, ceil_mode) if stride is not None else ())
        _signatures.as_parsed_by(f"avg_pool{d}d", given, kwargs={} if stride is not None else
                                 {"padding": 0, "ceil_mode": ceil_mode})
    max_pool = (max_pool1d, max_pool2d, max_pool3d)[d - 1]
    if norm_type == float("inf"):
        return max_pool(input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    if norm_type == -float("inf"):
        return -max_pool(-input.abs(), kernel_size, stride, 0, 1, ceil_mode)
    out = (avg_pool1d, avg_pool2d, avg_pool3d)[d - 1](input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return (out.sign() * relu(out.abs())).mul(math.prod(_tuple(kernel_size, d))).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 1)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """The p-norm of each window."""
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 2)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    return _lp_pool(input, norm_type, kernel_size, stride, ceil_mode, 3)


def _with_indices(pool):
    """torch's <pool>_with_indices: the pooling function with return_indices=True."""
    names = list(inspect.signature(pool).parameters)

    @functools.wraps(pool)
    def with_indices(*args, **kwargs):
        return pool(**{**dict(zip(names, args)), **kwargs, "return_indices": True})
    with_indices.__name__ = with_indices.__qualname__ = pool.__name__ + "_with_indices"
    return with_indices


(max_pool1d_with_indices, max_pool2d_with_indices, max_pool3d_with_indices, adaptive_max_pool1d_with_indices,
 adaptive_max_pool2d_with_indices, adaptive_max_pool3d_with_indices) = map(
    _with_indices, (max_pool1d, max_pool2d, max_pool3d, adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d))
