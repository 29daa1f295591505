"""Helpers shared by the nn op modules: constants inside derivative formulas, per-dim argument
tuples, unbatched inputs run as a batch of one, and the refusal of a gradient for an argument
without a derivative."""
import numbers

import numpy as np


def _int_or_ints(v):
    """A size argument needing no parse: an int, or a list or tuple of them."""
    return type(v) is int or (type(v) in (tuple, list) and all(type(e) is int for e in v))


def _const(arr):
    """A constant (grad-free) tensor for use inside a derivative formula."""
    return Tensor._wrap(np.asarray(arr))


def _tuple(v, n, name="value"):
    if isinstance(v, numbers.Integral):
        return (int(v),) * n
    v = tuple(int(a) for a in v)
    if len(v) == 1:
        return v * n
    if len(v) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} values to match the "
                           f"convolution dimensions, but got {name}={list(v)}")
    return v


def _batched(x, d=2):
    """Unbatched (C, *spatial) inputs run as a batch of one."""
    return x[None] if x.ndim == d + 1 else x


def _refuse_requires_grad(t, arg, fn):
    """torch's check_no_requires_grad: an argument without a derivative may not require grad while
    grad mode is on."""
    if t is not None and t.requires_grad and is_grad_enabled():
        raise RuntimeError(f"The function '{fn}' is not differentiable with respect to argument '{arg}'. This input "
                           f"cannot have requires_grad True.")


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
from ...autograd.grad_mode import is_grad_enabled  # noqa: E402
