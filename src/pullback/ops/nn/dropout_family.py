"""The dropout family: elementwise, channel-wise (dropout1d/2d/3d) and alpha dropout, and
native_dropout (the kernel returning its mask), drawing from pullback's global generator."""
import math
import numbers
import warnings

import numpy as np

from ... import _creation, _torch_random
from ..._argument_types import argument_error
from .._op import Op, check_result_cast
from ..pointwise import _tensor_input
from ..sampling import _check_p, _coin
from ._common import _const


_ALPHA_DROPOUT = 1.7580993408473766   # -selu(-inf): where alpha dropout sends dropped units


def check_probability(p):
    """ATen's dropouts' check (a RuntimeError; the functional forms raise a ValueError first)."""
    if not 0 <= p <= 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(input, p, training, inplace, feature=False, alpha=False):
    """torch's dropout family: each element (or, with `feature`, each channel) kept with probability
    1 - p from pullback's global generator; kept ones scaled by 1 / (1 - p), or for `alpha` an affine
    map that keeps a SELU network's mean and variance."""
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if type(training) is not bool:  # (torch's functional forms pass it on to the ATen kernel's parser)
        kernel = ("feature_" if feature else "") + ("alpha_" if alpha else "") + "dropout"
        raise argument_error(kernel, "train", " (position 3)", "bool", training)
    if not training or p == 0:
        return input
    dtype = input._data.dtype
    if p == 1:
        zero = _const(np.zeros((), dtype))
        return input.mul_(zero) if inplace else input * zero
    if feature and input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    shape = tuple(input.shape[:2]) + (1,) * (input.dim() - 2) if feature else tuple(input.shape)
    keep = _torch_random.bernoulli(_creation.default_generator, 1 - p, shape).astype(dtype)  # torch's bernoulli_(1 - p)
    if not alpha:
        noise = _const(keep / dtype.type(1 - p))
        return input.mul_(noise) if inplace else input * noise
    a = 1.0 / math.sqrt((_ALPHA_DROPOUT ** 2 * p + 1) * (1 - p))
    noise = _const((keep * a).astype(dtype))
    shift = _const(((keep - 1) * (_ALPHA_DROPOUT * a) + _ALPHA_DROPOUT * a * p).astype(dtype))
    return input.mul_(noise).add_(shift) if inplace else input * noise + shift


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability p and scale the rest by 1 / (1 - p), in training only
    (draws from pullback's global generator, so manual_seed makes it repeatable)."""
    _tensor_input("dropout", input)
    return _dropout(input, p, training, inplace)


def _feature_dropout(name, dims, input, p, training, inplace):
    """Channel-wise dropout over inputs with `dims` spatial dims and an optional batch dim."""
    n = input.dim()
    if n not in (dims + 1, dims + 2):
        if dims == 1:
            raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {n}D input. Note that dropout1d "
                               "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                               "dimension, and an optional batch dimension (i.e. 2D or 3D inputs).")
        warnings.warn(f"{name}: Received a {n}-D input to {name}, which is deprecated and will result in an error "
                      "in a future release.", stacklevel=3)
    if n == 3 and dims == 2:  # torch reads a 3-d input to dropout2d as (N, C, L)
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This "
                      "behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.",
                      stacklevel=3)
    if dims != 2 and n != dims + 2:  # dropout1d/3d take any other input as one unbatched sample
        return _dropout(input.unsqueeze(0), p, training, inplace, True).squeeze(0)
    return _dropout(input, p, training, inplace, True)


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, L) or (C, L) inputs."""
    return _feature_dropout("dropout1d", 1, input, p, training, inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of (N, C, H, W) inputs."""
    return _feature_dropout("dropout2d", 2, input, p, training, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    return _feature_dropout("dropout3d", 3, input, p, training, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: dropped units go to SELU's negative saturation, then an affine
    correction keeps mean and variance."""
    return _dropout(input, p, training, inplace, alpha=True)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _dropout(input, p, training, inplace, feature=True, alpha=True)


class NativeDropout(Op):
    """(input * mask * scale, mask), or with scale None (evaluation, an empty input) a copy of the
    input: the output takes the gradient grad * (mask * scale) (torch's formula when differentiable,
    a MulBackward0 under create_graph), the bool mask none."""
    n_outputs = 2
    nondiff_outputs = (1,)

    def forward(ctx, x, mask, scale):
        ctx.mask, ctx.scale = mask, 1.0 if scale is None else scale
        if scale is None:
            return x.copy(), mask
        if x.dtype.kind != "f":  # torch's mul_ by the float scale
            check_result_cast(np.dtype(np.float32), x.dtype)
        return (x * mask) * x.dtype.type(scale), mask

    def backward(ctx, grad, _=None):
        dt = grad._data.dtype
        return grad * _const(ctx.mask.astype(dt) * dt.type(ctx.scale)), None, None


def native_dropout(input, p, train):
    """Dropout that returns its mask: (output, bool mask).

    In training (train True or None) each element is kept with probability 1 - p (the mask) and
    scaled by 1 / (1 - p) (0 for p = 1); in evaluation the output is a copy, the mask all True."""
    if not isinstance(p, numbers.Real):
        raise TypeError(f"native_dropout(): argument 'p' (position 2) must be float, not {type(p).__name__}")
    if train is not None and not isinstance(train, bool):
        raise TypeError(f"native_dropout(): argument 'train' (position 3) must be bool, not {type(train).__name__}")
    if not input.numel():  # torch's early exit, with a mask of the input's dtype
        return NativeDropout.apply(input, np.empty(input.shape, input._data.dtype), None)
    if train is False:
        return NativeDropout.apply(input, np.ones(input.shape, np.bool_), None)
    keep = 1.0 - p
    _check_p(keep)
    return NativeDropout.apply(input, _coin(None, keep, input.shape, np.bool_), 0.0 if keep == 0 else 1.0 / keep)
