"""Spatial transformers: affine_grid (a sampling grid from affine matrices) and grid_sample
(an input read at a grid's normalised coordinates: bilinear, nearest or bicubic; zeros, border or
reflection padding), as torch's CPU kernels compute them.

Sampling is a gather: each output location reads K taps of the input plane (2 per dim for
bilinear, 4 for bicubic, 1 for nearest) with weights that are products of 1-D polynomials in the
coordinate's fractional part t. Its gradient is one node (torch's GridSampler2DBackwardBackward0
under create_graph): a GradientOp whose formula, in Tensor ops, scatters the weighted gradient
back onto the taps and gives the grid the weights' derivatives. There t carries the grid's
derivative (t + (grid - grid.detach()) * dt/dgrid: t's value exactly, its slope through the
padding), so autograd through the formula gives the second derivatives.
"""
import math
import warnings

import numpy as np

from ... import _creation, _dtype
from ..._argument_types import argument_error
from .._gradient_op import GradientOp, gradient_node
from .._op import Op, _Scratch, int_argument
from ..._dtype import not_implemented_for, scalar_type_name
from ..shape import stack
from ._common import _const

_MODES = {"bilinear": 0, "nearest": 1, "bicubic": 2}
_PADDINGS = {"zeros": 0, "border": 1, "reflection": 2}
_BILINEAR, _NEAREST, _BICUBIC = 0, 1, 2
_ZEROS, _BORDER, _REFLECTION = 0, 1, 2

# 1-D tap weights as polynomials in t, rows by power: linear (1 - t, t); cubic convolution with
# A = -0.75 at taps -1, 0, 1, 2 (torch's get_cubic_upsample_coefficients, expanded)
_A = -0.75
_POLYS = {
    _BILINEAR: (np.array([[1.0, 0.0], [-1.0, 1.0]]), (0, 1)),
    _BICUBIC: (np.array([[0.0, 1.0, 0.0, 0.0],
                         [_A, 0.0, -_A, 0.0],
                         [-2 * _A, -(_A + 3), 2 * _A + 3, _A],
                         [_A, _A + 2, -(_A + 2), -_A]]), (-1, 0, 1, 2)),
}


def _derivative(poly):
    return poly[1:] * np.arange(1, len(poly))[:, None]


_WARN_DEFAULT = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                 "Please specify align_corners=True if the old behavior is desired. "
                 "See the documentation of grid_sample for details.")


# ---------------------------------------------------------------- where each output reads (NumPy)

def _unnormalize(g, size, align, two_d):
    """Pixel coordinate of normalised g in [-1, 1] and its derivative (the 2-D kernel's
    vectorised form, the 3-D kernel's scalar one)."""
    one, two = g.dtype.type(1), g.dtype.type(2)
    scale = g.dtype.type(size - 1 if align else size) / two
    if two_d:
        coord = (g + one) * scale if align else (g + one) * scale - g.dtype.type(0.5)
    else:
        coord = ((g + one) / two) * g.dtype.type(size - 1) if align else ((g + one) * g.dtype.type(size) - one) / two
    return coord, scale


def _pad(coord, size, padding, align, two_d):
    """torch's padding of pixel coordinates: (coordinates, their derivative factor). Border
    clips to [0, size - 1]; reflection folds about the edges (align_corners: the border pixels'
    centres, else their outer edges) and then clips. A clipped coordinate, the edges included,
    has derivative 0. A NaN clips to 0 in the 2-D kernel (its vector max), to size - 1 in the 3-D one."""
    dt = coord.dtype.type
    mult = np.ones_like(coord)
    if padding == _ZEROS:
        return coord, mult
    if padding == _REFLECTION:
        if align and size <= 1:
            return np.zeros_like(coord), np.zeros_like(coord)
        low, twice_span = (dt(0), dt(2 * (size - 1))) if align else (dt(-0.5), dt(2 * size))
        shifted = coord - low
        a = np.abs(shifted)
        extra = a - np.trunc(a / twice_span) * twice_span
        flip = extra > twice_span - extra
        coord = np.where(flip, twice_span - extra, extra) + low
        mult = np.where(flip ^ (shifted < 0), dt(-1), dt(1))
    clipped = (np.minimum(np.fmax(coord, dt(0)), dt(size - 1)) if two_d else
               np.fmin(np.maximum(coord, dt(0)), dt(size - 1)))
    mult = mult * ((clipped != 0) & (clipped != size - 1))
    return clipped, mult


class _Plan:
    """Where each output location of an (N, C, *sizes) input reads: `flat` (N, K, Q) tap indices
    into the spatial plane (0 where out of bounds), `mask` (N, K, Q) the taps in bounds (None: all),
    per spatial axis the fractional part `t` (N, Q) and its derivative in the grid `slope`."""

    def __init__(self, grid, sizes, mode, padding, align):
        d, n = len(sizes), grid.shape[0]
        q = math.prod(grid.shape[1:-1])
        g = grid.reshape(n, q, d)
        self.q, self.mode, self.two_d = q, mode, d == 2
        taps = (0,) if mode == _NEAREST else _POLYS[mode][1]
        flat = np.zeros((n,) + (1,) * d + (q,), np.int64)
        mask = np.ones((), bool)
        self.t, self.slope = [], []
        stride = 1
        for axis in reversed(range(d)):  # grid component d-1-axis indexes spatial axis `axis` (x: the last)
            size = sizes[axis]
            coord, scale = _unnormalize(g[..., d - 1 - axis], size, align, d == 2)
            if mode == _BICUBIC:  # padding applies to each tap's position, not to the coordinate
                base = np.floor(coord)
                self.t.insert(0, coord - base)
                self.slope.insert(0, scale)
                pos = _pad(base[:, None, :] + np.array(taps, coord.dtype)[:, None], size, padding, align, d == 2)[0]
            else:
                coord, mult = _pad(coord, size, padding, align, d == 2)
                self.slope.insert(0, mult * scale)
                if mode == _NEAREST:
                    pos = np.rint(coord)[:, None, :]
                else:
                    base = np.floor(coord)
                    self.t.insert(0, coord - base)
                    pos = base[:, None, :] + np.array(taps, coord.dtype)[:, None]
            inside = (pos >= 0) & (pos < size)  # False for NaN too
            pos = np.where(inside, pos, 0).astype(np.int64)
            shape = (n,) + tuple(len(taps) if b == axis else 1 for b in range(d)) + (q,)
            flat = flat + pos.reshape(shape) * stride
            mask = mask & inside.reshape(shape)
            stride *= size
        full, self.k = (n,) + (len(taps),) * d + (q,), len(taps) ** d
        self.flat = np.broadcast_to(flat, full).reshape(n, self.k, q)
        self.mask = None if mask.all() else np.broadcast_to(mask, full).reshape(n, self.k, q)

    def weights(self, ts, dt, deriv_axis=None, tensors=False):
        """(N, K, Q) tap weights from per-axis t (arrays, or Tensors with `tensors`, of shape
        (N, 1, Q)), or their derivative in the t of `deriv_axis`; masked taps weigh 0."""
        lift = (lambda a: _const(a.astype(dt))) if tensors else (lambda a: a.astype(dt))
        if self.mode == _NEAREST:
            return lift(np.ones((1, 1, 1)) if self.mask is None else self.mask)
        poly = _POLYS[self.mode][0]
        d = len(ts)
        w = None
        for axis, t in enumerate(ts):
            p = _derivative(poly) if axis == deriv_axis else poly
            acc = lift(p[-1][None, :, None])
            for row in p[-2::-1]:  # Horner
                acc = acc * t + lift(row[None, :, None])
            taps = p.shape[1]
            acc = acc.reshape((acc.shape[0],) + tuple(taps if b == axis else 1 for b in range(d)) + (acc.shape[-1],))
            w = acc if w is None else w * acc
        w = w.reshape((w.shape[0], self.k, w.shape[-1]))
        if self.mask is None:
            return w
        if not tensors and not self.two_d:  # the 3-D kernel skips out-of-bounds taps: a NaN weight stays out
            return np.where(self.mask, w, dt.type(0))
        return w * lift(self.mask)


# ---------------------------------------------------------------- gather and its adjoint

class _TapGather(Op):
    """x (N, C, P) read at flat (N, K, Q): (N, C, K, Q)."""

    def forward(ctx, x, flat):
        ctx.flat, ctx.p = flat, x.shape[2]
        n, k, q = flat.shape
        return np.take_along_axis(x, flat.reshape(n, 1, k * q), axis=2).reshape(n, x.shape[1], k, q)

    def backward(ctx, grad):
        return _TapScatter.apply(grad, ctx.p, ctx.flat), None


class _TapScatter(Op):
    """src (N, C, K, Q) summed onto the taps flat (N, K, Q) of an (N, C, P) plane (the adjoint of _TapGather)."""

    def forward(ctx, src, p, flat):
        ctx.flat = flat
        n, c = src.shape[:2]
        ids = (np.arange(n * c).reshape(n, c, 1, 1) * p + flat[:, None]).reshape(-1)
        return np.bincount(ids, src.reshape(-1), n * c * p).astype(src.dtype, copy=False).reshape(n, c, p)

    def backward(ctx, grad):
        return _TapGather.apply(grad, ctx.flat), None, None


# ---------------------------------------------------------------- grid_sampler

def _sample(x, plan):
    """Forward on arrays: x (N, C, *sizes) read at the plan."""
    n, c = x.shape[:2]
    w = plan.weights([t[:, None, :] for t in plan.t], x.dtype)
    vals = _TapGather.forward(_Scratch(), x.reshape(n, c, math.prod(x.shape[2:])), plan.flat)
    return (vals * w[:, None]).sum(2)


def _tied(value, grid_delta, slope, dt):
    """t as a Tensor: `value` exactly, with derivative `slope` in the grid (grid_delta is zero-valued)."""
    t = _const(value.astype(dt, copy=False))
    if grid_delta is None:
        return t
    return t + grid_delta * _const(np.asarray(slope, dt))


class _GridSamplerBackward(GradientOp):
    """grid_sampler's gradients for (input, grid) as one node: grad_output scattered onto the taps,
    and the weights' derivatives for the grid (zeros for nearest, as torch)."""
    tensors = 3
    n_outputs = 2

    @staticmethod
    def formula(grad_output, input, grid, mode, padding, align, output_mask):
        n, c = input.shape[:2]
        sizes = tuple(input.shape[2:])
        d, dt = len(sizes), input._data.dtype
        plan = _Plan(grid._data, sizes, mode, padding, align)
        q = plan.q
        go = grad_output.reshape(n, c, 1, q)
        delta = None
        if grid.requires_grad and mode != _NEAREST:
            flat_grid = grid.reshape(n, q, d)
            delta = flat_grid - _const(flat_grid._data)
        ts = [_tied(t, None if delta is None else delta[:, :, d - 1 - axis], s, dt).unsqueeze(1)
              for axis, (t, s) in enumerate(zip(plan.t, plan.slope))]
        gi = gg = None
        if output_mask[0]:
            w = plan.weights(ts, dt, tensors=True)
            gi = _TapScatter.apply(go * w.unsqueeze(1), math.prod(sizes), plan.flat).reshape(input.shape)
        if output_mask[1]:
            if mode == _NEAREST:
                gg = _const(np.zeros(grid.shape, dt))
            else:
                vals = _TapGather.apply(input.reshape(n, c, math.prod(sizes)), plan.flat)
                gsum = (go * vals).sum(1)  # (N, K, Q): each tap's value against the gradient
                parts = [(gsum * plan.weights(ts, dt, axis, tensors=True)).sum(1)
                         * _const(np.asarray(plan.slope[axis], dt)) for axis in reversed(range(d))]
                gg = stack(parts, -1).reshape(grid.shape)
        return gi, gg

    def backward(ctx, *grads):
        result = GradientOp.backward(ctx, *grads)
        if result[2] is None and ctx.needs_input_grad[2]:  # nearest: torch's zeros for the grid
            result = result[:2] + (_creation.zeros_like(ctx.saved_tensors[2]),) + result[3:]
        return result


class _GridSampler(Op):
    saves = (0, 1)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.gradient = gradient_node(cls, _GridSamplerBackward)

    def forward(ctx, input, grid, mode, padding, align):
        ctx.args = mode, padding, align
        plan = _Plan(grid, input.shape[2:], mode, padding, align)
        return _sample(input, plan).reshape(input.shape[:2] + grid.shape[1:-1])

    def backward(ctx, grad):
        x, g = ctx.saved_tensors
        mask = tuple(ctx.needs_input_grad[:2])
        gi, gg = ctx.gradient.apply(grad, x, g, *ctx.args, mask)
        return (gi if mask[0] else None), (gg if mask[1] else None), None, None, None


class GridSampler2D(_GridSampler):
    pass


class GridSampler3D(_GridSampler):
    pass


def _check_grid_sampler(input, grid, mode, d):
    """torch's checks, in its order: shapes common to both, the dims, bicubic, then dtypes."""
    ins, gs = list(input.shape), list(grid.shape)
    if ins[0] != gs[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, but got input with "
                           f"sizes {ins} and grid with sizes {gs}")
    if gs[-1] != input.dim() - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.dim() - 2} in last dimension, but got "
                           f"grid with sizes {gs}")
    for i in range(2, input.dim()):
        if ins[i] <= 0:
            raise RuntimeError(f"grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               f"sizes {ins} with dimension {i} being empty")
    if input.dim() != d + 2 or grid.dim() != d + 2:
        raise RuntimeError(f"grid_sampler(): expected {d + 2}D input and grid with same number of dimensions, but got "
                           f"input with sizes {ins} and grid with sizes {gs}")
    if d == 3 and mode == _BICUBIC:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    dx, dg = input._data.dtype, grid._data.dtype
    if dx.kind != "f":
        kernel = "grid_sampler_2d_cpu_kernel_impl" if d == 2 else "grid_sampler3d_cpu"
        raise not_implemented_for(kernel, dx)
    if dg != dx:
        raise RuntimeError(f"expected scalar type {scalar_type_name(dx)} but found {scalar_type_name(dg)}")


def _check_arguments(name, interpolation_mode, padding_mode, align_corners):
    """torch's parser: the modes ints, align_corners a bool. Modes out of range, which torch's
    kernels read as undefined behaviour, are refused."""
    for position, arg, value in ((3, "interpolation_mode", interpolation_mode), (4, "padding_mode", padding_mode)):
        if not int_argument(value):
            raise argument_error(name, arg, f" (position {position})", "int", value)
    if not isinstance(align_corners, bool):
        raise argument_error(name, "align_corners", " (position 5)", "bool", align_corners)
    if interpolation_mode not in _MODES.values() or padding_mode not in _PADDINGS.values():
        raise RuntimeError(f"{name}(): expected interpolation_mode and padding_mode in 0, 1, 2 (bilinear, nearest, "
                           f"bicubic; zeros, border, reflection), but got {interpolation_mode} and {padding_mode}")


def grid_sampler_2d(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sampler of a 4-d input (N, C, H, W) at a grid (N, H_out, W_out, 2) (GridSampler2DBackward0)."""
    _check_arguments("grid_sampler_2d", interpolation_mode, padding_mode, align_corners)
    _check_grid_sampler(input, grid, interpolation_mode, 2)
    return GridSampler2D.apply(input, grid, int(interpolation_mode), int(padding_mode), align_corners)


def grid_sampler_3d(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sampler of a 5-d input (N, C, D, H, W) at a grid (N, D_out, H_out, W_out, 3).

    (GridSampler3DBackward0; bicubic is refused.)"""
    _check_arguments("grid_sampler_3d", interpolation_mode, padding_mode, align_corners)
    _check_grid_sampler(input, grid, interpolation_mode, 3)
    return GridSampler3D.apply(input, grid, int(interpolation_mode), int(padding_mode), align_corners)


def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sample with ATen's signature, its modes as numbers.

    interpolation_mode: bilinear 0, nearest 1, bicubic 2; padding_mode: zeros 0, border 1,
    reflection 2. grid_sampler_2d for a 4-d input, else grid_sampler_3d."""
    _check_arguments("grid_sampler", interpolation_mode, padding_mode, align_corners)
    _check_grid_sampler(input, grid, interpolation_mode, 2 if input.dim() == 4 else 3)
    cls = GridSampler2D if input.dim() == 4 else GridSampler3D
    return cls.apply(input, grid, int(interpolation_mode), int(padding_mode), align_corners)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample input (N, C, H, W) or (N, C, D, H, W) at grid's normalised (x, y[, z]) locations,
    grid (N, H_out, W_out, 2) or (N, D_out, H_out, W_out, 3); modes 'bilinear', 'nearest' and
    'bicubic' (4-D only), padding 'zeros', 'border' or 'reflection'."""
    if mode != "bilinear" and mode != "nearest" and mode != "bicubic":  # (torch's tests: any value compares)
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', "
                         f"but got: '{mode}'")
    if padding_mode != "zeros" and padding_mode != "border" and padding_mode != "reflection":
        raise ValueError(f"nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         f"'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_WARN_DEFAULT, stacklevel=2)
        align_corners = False
    return grid_sampler(input, grid, _MODES[mode], _PADDINGS[padding_mode], align_corners)


# ---------------------------------------------------------------- affine_grid

def _base_grid(dtype, spatial, align):
    """(prod(spatial), d + 1) rows (x, y[, z], 1) over the output positions (torch's base grid)."""
    axes = []
    for n in spatial:
        if n <= 1:
            r = np.zeros(n, dtype)
        else:
            r = _creation.linspace(-1, 1, n, dtype=_dtype.from_numpy_dtype(dtype))._data
            if not align:  # (an integer theta's grid: the quotient truncated, as torch's copy_ into it)
                r = (r * dtype.type(n - 1) / dtype.type(n)).astype(dtype, copy=False)
        axes.append(r)
    mesh = np.meshgrid(*axes, indexing="ij")  # spatial order (z,) y, x
    cols = [m.reshape(-1) for m in reversed(mesh)] + [np.ones(math.prod(spatial), dtype)]
    return np.stack(cols, -1)


class AffineGridGenerator(Op):
    """grid = base grid @ theta^T per batch: (N, *spatial, d), the base rows (x, y[, z], 1)."""

    def forward(ctx, theta, size, align_corners):
        n, spatial = size[0], tuple(size[2:])
        d = len(spatial)
        base = _base_grid(theta.dtype, spatial, align_corners)
        ctx.base, ctx.n, ctx.d = base, n, d
        # summed term by term in order, as torch's bmm does for these short rows (a BLAS product rounds differently)
        out = base[None, :, 0, None] * theta[:, None, :, 0]
        for k in range(1, d + 1):
            out = out + base[None, :, k, None] * theta[:, None, :, k]
        return out.reshape((n,) + spatial + (d,))

    def backward(ctx, grad):
        # torch's affine_grid_generator_backward: base^T @ grad, transposed (differentiable in grad)
        base = _const(np.broadcast_to(ctx.base.T, (ctx.n,) + ctx.base.T.shape))
        return base.bmm(grad.reshape(ctx.n, -1, ctx.d)).transpose(1, 2), None, None


def affine_grid_generator(theta, size, align_corners):
    """affine_grid's kernel, without its checks: the sampling grid of the affine maps theta.

    theta (N, d, d + 1) and an output `size` (N, C, *spatial) give the grid (N, *spatial, d)
    (AffineGridGeneratorBackward0)."""
    if not isinstance(align_corners, bool):
        raise argument_error("affine_grid_generator", "align_corners", " (position 3)", "bool", align_corners)
    size = tuple(int(s) for s in size)
    if len(size) not in (4, 5):
        raise RuntimeError("AffineGridGenerator needs 4d (spatial) or 5d (volumetric) inputs.")
    n, d = size[0], len(size) - 2
    theta.transpose(1, 2)  # torch's checks, in its order: this transpose's dims, then bmm's and view's shapes
    if theta.dim() != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if theta.shape[0] != n or theta.shape[2] != d + 1:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{n}, {d + 1}] but got: "
                           f"[{theta.shape[0]}, {theta.shape[2]}].")
    if theta.shape[1] != d:
        elements = n * math.prod(size[2:]) * theta.shape[1]
        raise RuntimeError(f"shape '{[n, *size[2:], d]}' is invalid for input of size {elements}")
    return AffineGridGenerator.apply(theta, size, align_corners)


def affine_grid(theta, size, align_corners=None):
    """The sampling grid (N, H, W, 2) or (N, D, H, W, 3) of a batch of affine matrices theta
    (N, 2, 3) or (N, 3, 4), for an output of `size` (N, C, H, W) or (N, C, D, H, W)."""
    if align_corners is None:
        warnings.warn(_WARN_DEFAULT, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = tuple(size)
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. "
                             f"Got {theta.shape}.")
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. "
                             f"Got {theta.shape}.")
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  f"respectively. Got size {size}.")
    if align_corners and min(size[2:]) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    return affine_grid_generator(theta, size, align_corners)
