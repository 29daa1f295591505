"""Normalization: layer, group and batch norm as one node each, instance norm on batch norm, RMS
and local response norm composed in Tensor ops."""

import math

import numpy as np

from .. import shape as _shape
from .._gradient_op import GradientOp
from .._op import Op
from ... import _dtype, _signatures
from ..._fperrors import quiet, unquiet
from ..._dtype import scalar_type_name
from ._common import _const, _refuse_requires_grad
from ..._size import int_list
from ..pointwise import AddScalar, _require_kind, _tensor_input
from .pooling import avg_pool2d, avg_pool3d


def _check_params_dtype(input, *params):
    """Normalization parameters and statistics must share the input's dtype (torch's CPU kernels)."""
    dt = input._data.dtype
    for p in params:
        if p is not None and p._data.dtype != dt:
            if p._data.dtype.itemsize > dt.itemsize:
                raise RuntimeError(f"mixed dtype (CPU): expect parameter to have scalar type of {scalar_type_name(dt)}")
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


class _Normalization(Op):
    """(x - mean) / sqrt(var + eps) over some dims of a view of x, then weight * . + bias.
    A subclass's `layout(shape, arg)` gives (view shape, normalized dims, affine broadcast shape)."""
    _listed = 0b110  # weight and bias left None are absent optional tensors, listed by torch
    saves = (0, 1)

    @classmethod
    def forward(cls, ctx, x, w, b, eps, arg):
        view, dims, pshape = cls.layout(x.shape, arg)
        ctx.view, ctx.dims, ctx.pshape, ctx.eps = view, dims, pshape, eps
        ctx.b_shape = None if b is None else b.shape
        xv = x.reshape(view)
        mean, var, fixed = cls.statistics(xv, dims, pshape, arg)
        ctx.stats = (mean, var) if fixed else None
        y = ((xv - mean) / np.sqrt(var + eps)).reshape(x.shape)
        if w is not None:
            y = y * w.reshape(pshape)
        if b is not None:
            y = y + b.reshape(pshape)
        return y.astype(x.dtype, copy=False)

    @staticmethod
    def statistics(xv, dims, pshape, arg):
        """(mean, biased variance, whether they are fixed constants) over the normalized dims."""
        return xv.mean(dims, keepdims=True), xv.var(dims, keepdims=True), False

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        return ctx._kept(_gradients(grad, x, w, ctx._geometry(), ctx._mask()))

    def _geometry(ctx):
        return ctx.view, ctx.dims, ctx.pshape, ctx.eps, ctx.stats, ctx.b_shape

    def _mask(ctx):
        return ctx.needs_input_grad[:3]

    def _kept(ctx, grads):
        """The gradients asked for, for (x, weight, bias, eps, arg)."""
        return tuple([g if need else None for g, need in zip(grads, ctx._mask())]) + (None, None)


def _gradients(grad, x, w, geometry, mask):
    """The gradients for (x, weight, bias) that `mask` asks for (None for the others)."""
    view, dims, pshape, eps, stats, b_shape = geometry
    need_x, need_w, need_b = mask
    gy = grad if w is None else grad * w.reshape(pshape)
    xv, gv = x.reshape(view), gy.reshape(view)
    if stats is None:
        xc = xv - xv.mean(dims, keepdim=True)
        rstd = ((xc * xc).mean(dims, keepdim=True) + eps).rsqrt()
        xhat = xc * rstd
        gx = rstd * (gv - gv.mean(dims, keepdim=True) - xhat * (gv * xhat).mean(dims, keepdim=True))
    else:  # fixed statistics: an affine map of x
        mean, var = stats
        rstd = _const((1 / np.sqrt(var + eps)).astype(x._data.dtype))
        xhat = (xv - _const(mean.astype(x._data.dtype))) * rstd
        gx = gv * rstd
    shape = tuple(x.shape)
    param_dims = tuple(i for i, s in enumerate(pshape) if s == 1)

    def to_param(t, size):  # (no dims to sum when the parameters span the whole input: sum(()) would sum all)
        return (t.sum(param_dims) if param_dims else t).reshape(size)

    gw = to_param(grad * xhat.reshape(shape), w.shape) if need_w else None
    gb = to_param(grad, b_shape) if need_b else None
    return (gx.reshape(shape) if need_x else None), gw, gb


class NativeLayerNormBackward(GradientOp):
    """layer norm's gradients as torch records them, one node (native_layer_norm_backward's
    edges: grad_out, input, mean, rstd, weight, bias; the statistics are recomputed, so theirs
    stay empty)."""
    tensors = 6
    n_outputs = 3
    _listed = 0b111100

    @staticmethod
    def formula(grad_out, input, mean, rstd, weight, bias, geometry, output_mask):
        return _gradients(grad_out, input, weight, geometry, output_mask)


class NativeBatchNormBackward(GradientOp):
    """batch norm's gradients as torch records them, one node (native_batch_norm_backward's edges:
    grad_out, input, weight, save_mean, save_invstd)."""
    tensors = 5
    n_outputs = 3
    _listed = 0b11100

    @staticmethod
    def formula(grad_out, input, weight, save_mean, save_invstd, geometry, output_mask):
        return _gradients(grad_out, input, weight, geometry, output_mask)


class NativeLayerNorm(_Normalization):
    saves = (0, 1, 2)  # the bias too, as torch's (its gradient node lists it)

    def backward(ctx, grad):
        x, w, b = ctx.saved_tensors
        return ctx._kept(NativeLayerNormBackward.apply(grad, x, None, None, w, b, ctx._geometry(), ctx._mask()))

    @staticmethod
    def layout(shape, k):
        return shape, tuple(range(len(shape) - k, len(shape))), (1,) * (len(shape) - k) + shape[len(shape) - k:]


class NativeGroupNorm(_Normalization):
    @staticmethod
    def layout(shape, groups):
        return (shape[0], groups, math.prod(shape[1:]) // groups), (2,), (1, shape[1]) + (1,) * (len(shape) - 2)


class NativeGroupNormWithStatistics(NativeGroupNorm):
    """torch.native_group_norm's node: (output, mean, rstd), the statistics (N, groups) of each
    sample's groups. Its backward is torch's infinitely_differentiable_native_group_norm_backward,
    written on the saved statistics so that a second order runs through this node again, as
    torch's: the statistics' gradients count only when both are given (torch's rule), and the
    engine's zeros for an unused output read as none given."""
    n_outputs = 3
    node_name = "NativeGroupNormBackward0"
    saves = (0, 1, "result1", "result2")

    @classmethod
    def forward(cls, ctx, x, w, b, eps, groups):
        y = super().forward(ctx, x, w, b, eps, groups)
        mean, rstd = moments(x.reshape(cls.layout(x.shape, groups)[0]), (2,), eps)
        return y, mean[..., 0], rstd[..., 0]

    def backward(ctx, grad, grad_mean, grad_rstd):
        x, w, mean, rstd = ctx.saved_tensors
        need_x, need_w, need_b = ctx._mask()
        n, groups = mean.shape
        d = x.shape[1] // groups
        size = math.prod(x.shape[1:]) // groups  # D * HxW: the elements of a group
        xg = x.reshape(n, groups, d, size // d)
        mean_g, rstd_g = mean.reshape(n, groups, 1, 1), rstd.reshape(n, groups, 1, 1)
        gamma = None if w is None else w.reshape(1, groups, d, 1)
        given = grad._data.any()
        if given:
            dy = grad.reshape(xg.shape)
            ds = (dy * xg).sum(3).unsqueeze(-1)
            db = dy.sum(3).unsqueeze(-1)
        gx = gw = gb = None
        if need_x:
            rstd_cube = rstd_g * rstd_g * rstd_g
            if given:
                a = rstd_g if gamma is None else rstd_g * gamma
                b = (ds.sum(2) if gamma is None else (ds * gamma).sum(2)).unsqueeze(-2)
                c = (db.sum(2) if gamma is None else (db * gamma).sum(2)).unsqueeze(-2)
                b = (c * mean_g - b) * rstd_cube * (1.0 / size)
                c = -b * mean_g - c * rstd_g * (1.0 / size)
                gx = a * dy + b * xg + c
            if grad_mean._data.any() and grad_rstd._data.any():  # var_mean_backward of (dvar, dmean)
                dvar = -0.5 * rstd_cube * grad_rstd.view(n, groups, 1, 1)
                part = (2.0 / size) * dvar * (xg - xg.mean((2, 3), keepdim=True)) \
                    + grad_mean.view(n, groups, 1, 1).expand(xg.shape) / size
                gx = part if gx is None else gx + part
            gx = None if gx is None else gx.reshape(x.shape)
        if given and need_w:
            gw = ((ds - db * mean_g) * rstd_g).sum(0).reshape(w.shape)
        if given and need_b:
            gb = db.sum(0).reshape(-1)
        return ctx._kept((gx, gw, gb))


class NativeBatchNorm(_Normalization):
    """arg = (training, momentum, running_mean, running_var): in training the batch statistics
    normalize and update the running ones in place; in evaluation the running ones normalize."""

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        return ctx._kept(NativeBatchNormBackward.apply(grad, x, w, None, None, ctx._geometry(), ctx._mask()))

    @staticmethod
    def layout(shape, arg):
        return shape, (0,) + tuple(range(2, len(shape))), (1, shape[1]) + (1,) * (len(shape) - 2)

    @staticmethod
    def statistics(xv, dims, pshape, arg):
        training, momentum, rm, rv = arg
        if not training:
            return rm.reshape(pshape).astype(xv.dtype), rv.reshape(pshape).astype(xv.dtype), True
        mean, var, _ = _Normalization.statistics(xv, dims, pshape, arg)
        n = xv.size // mean.size
        if rm is not None:
            rm *= 1 - momentum
            rm += momentum * mean.reshape(-1)
        if rv is not None:
            rv *= 1 - momentum
            rv += momentum * var.reshape(-1) * (n / max(n - 1, 1))
        return mean, var, False


def moments(x, dims, eps):
    """(mean, 1 / sqrt(biased variance + eps)) of the array x over `dims` (kept), accumulated as
    torch's kernels do (half in float32) and returned in x's dtype: the statistics the native_*
    norms return."""
    acc = x.astype(np.float32) if x.dtype == np.float16 else x
    mean = acc.mean(dims, keepdims=True)
    rstd = 1 / np.sqrt(acc.var(dims, keepdims=True) + eps)
    return mean.astype(x.dtype, copy=False), rstd.astype(x.dtype, copy=False)


def _normalized_shape(input, normalized_shape, star="*, ", fn="layer_norm", **params):
    """normalized_shape as a tuple, checked (with the affine `params` of that shape) against the
    input's trailing dims, as layer_norm and rms_norm check (rms_norm's message writes `[*3]`
    where layer_norm's writes `[*, 3]`)."""
    shape = int_list((normalized_shape,), fn, "normalized_shape", 2)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    for name, p in params.items():
        if p is not None and tuple(p.shape) != shape:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got {name} of shape "
                               f"{list(p.shape)} and normalized_shape = {list(shape)}")
    if tuple(input.shape[input.dim() - len(shape):]) != shape or input.dim() < len(shape):
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[{star}{', '.join(map(str, shape))}], but got input of size{list(input.shape)}")
    return shape


def _is_number(value):
    """A float or int, which a parser's double takes as it is."""
    return type(value) is float or type(value) is int


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the trailing `normalized_shape` dims (NativeLayerNormBackward0)."""
    _tensor_input("layer_norm", input)  # (torch's F.layer_norm hands the rest to torch.layer_norm's parser)
    weight, bias, eps = _signatures.kernel_arguments("layer_norm", (input, normalized_shape, weight, bias, eps))[2:]
    shape = _normalized_shape(input, normalized_shape, weight=weight, bias=bias)
    k = len(shape)
    _check_params_dtype(input, weight, bias)
    return NativeLayerNorm.apply(input, weight, bias, eps, k)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalize each sample over groups of channels (NativeGroupNormBackward0)."""
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received {input.dim()}")
    if type(num_groups) is not int or not _is_number(eps):  # (torch's F.group_norm hands them to torch.group_norm)
        _, num_groups, _, _, eps = _signatures.as_parsed_by("group_norm", (input, num_groups, weight, bias, eps))
    c = input.shape[1]
    if divmod(c, num_groups)[1]:  # (divmod: num_groups=0 fails as torch's `// num_groups` does)
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, but got input of "
                           f"shape {list(input.shape)} and num_groups={num_groups}")
    shown = [0] if weight is None else list(weight.shape)  # torch's message shows the weight's shape for both
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and p._data.shape != (c,):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of channels in input, "
                               f"but got {name} of shape {shown} and input of shape {list(input.shape)}")
    if not input.dtype.is_floating_point:
        raise _dtype.not_implemented_for("GroupNormKernelImpl", input._data.dtype)
    _check_params_dtype(input, weight, bias)
    return NativeGroupNorm.apply(input, weight, bias, eps, num_groups)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalize each channel by the batch statistics (training, which also updates the running
    ones in place) or by the running statistics (evaluation) (NativeBatchNormBackward0)."""
    if not training:  # (training reads the input's size first: torch's AttributeError for a list)
        _tensor_input("batch_norm", input)
    if training:
        # torch's _verify_batch_size: the values per channel, batch size times spatial size, being exactly 1
        if math.prod(input.shape[:1] + input.shape[2:]) == 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input size {input.shape}")
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    if not (_is_number(momentum) and _is_number(eps)):  # (torch's F.batch_norm hands them to torch.batch_norm)
        momentum, eps = _signatures.as_parsed_by("batch_norm", (input, weight, bias, running_mean, running_var,
                                                                training, momentum, eps, False))[6:8]
    return _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def _batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps):
    """torch.batch_norm, without F.batch_norm's Python checks (instance_norm's too)."""
    if input.numel() == 0:  # torch returns early, before its other checks: a copy times weight[0] plus bias[0]
        out = input.clone()
        out = out if weight is None else out * weight[0]
        return out if bias is None else out + bias[0]
    if not training and (running_mean is None or running_var is None):
        raise RuntimeError("running_mean must be defined in evaluation mode" if running_mean is None else
                           "running_var must be defined in evaluation mode")
    _refuse_requires_grad(running_mean, "running_mean", "native_batch_norm")
    _refuse_requires_grad(running_var, "running_var", "native_batch_norm")
    c = input.shape[1]
    for name, t in (("running_mean", running_mean), ("running_var", running_var), ("weight", weight),
                    ("bias", bias)):
        if t is not None and t.numel() != c:
            raise RuntimeError(f"{name} should contain {c} elements not {t.numel()}")
    _check_params_dtype(input, running_mean, running_var, weight, bias)
    rm = None if running_mean is None else running_mean._data
    rv = None if running_var is None else running_var._data
    # (the kernel updates the running statistics in place without bumping their version counters, as torch's)
    return NativeBatchNorm.apply(input, weight, bias, eps, (training, momentum, rm, rv))


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalize each channel of each sample on its own: batch_norm over a (1, N * C, ...) view."""
    n, c = input.shape[:2]
    if use_input_stats and math.prod(input.shape[2:]) == 1:  # torch's _verify_spatial_size
        raise ValueError(f"Expected more than 1 spatial element when training, got input size {input.shape}")
    weight, bias, running_mean, running_var, use_input_stats, momentum, eps = _signatures.kernel_arguments(
        "instance_norm", (input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, False))[1:8]
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when use_input_stats is false")
    shape = tuple(input.shape)
    _refuse_requires_grad(running_mean, "running_mean", "native_batch_norm")  # (torch's repeat keeps it)
    _refuse_requires_grad(running_var, "running_var", "native_batch_norm")
    stats = [None if t is None else Tensor._wrap(np.tile(t._data, n)) for t in (running_mean, running_var)]
    out = _batch_norm(input.reshape((1, n * c) + shape[2:]), stats[0], stats[1],
                      None if weight is None else weight.repeat(n), None if bias is None else bias.repeat(n),
                      use_input_stats, momentum, eps)
    if use_input_stats:
        for t, tiled in zip((running_mean, running_var), stats):
            if t is not None:
                token = quiet()  # (an empty batch averages nothing: NaN, as torch's, without NumPy's warning)
                try:
                    t._data[...] = tiled._data.reshape(n, c).sum(0) / n
                finally:
                    unquiet(token)
                t._vc[0] += 1
    return out.view(shape)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x^2) + eps) over the trailing normalized_shape dims, times weight."""
    weight, eps = _signatures.kernel_arguments("rms_norm", (input, normalized_shape, weight, eps))[2:]
    shape = _normalized_shape(input, normalized_shape, "*", "rms_norm", weight=weight)
    _require_kind(input._data, "f", "rms_norm")
    eps = float(np.finfo(input._data.dtype).eps) if eps is None else eps
    dims = tuple(range(input.dim() - len(shape), input.dim()))
    out = input * AddScalar.apply(input.pow(2).mean(dims, keepdim=True), eps).rsqrt()  # torch's add_(eps)
    return out if weight is None else out * weight


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta."""
    if input.dim() < 3:
        raise ValueError(f"Expected 3D or higher dimensionality input (got {input.dim()} dimensions)")
    if input.numel() == 0:
        return input
    div = input.mul(input)  # torch's Python, op for op
    if input.dim() == 3:
        div = _shape.pad(div.unsqueeze(1), (0, 0, size // 2, (size - 1) // 2))
        div = avg_pool2d(div, (size, 1), stride=1).squeeze(1)
    else:
        sizes = tuple(input.shape)
        div = div.view(sizes[0], 1, sizes[1], sizes[2], -1)
        div = _shape.pad(div, (0, 0, 0, 0, size // 2, (size - 1) // 2))
        div = avg_pool3d(div, (size, 1, 1), stride=1).squeeze(1).view(sizes)
    return input / div.mul(alpha).add(k).pow(beta)


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
