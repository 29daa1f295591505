"""Helpers shared by the nn op modules: constants inside derivative formulas, torch's C++
tensor-number arithmetic (its Backward1 nodes), per-dim argument tuples, and unbatched inputs run
as a batch of one."""
import numbers

import numpy as np

from ..pointwise import Add, Mul, Sub


def _const(arr):
    """A constant (grad-free) tensor for use inside a derivative formula."""
    return Tensor._wrap(np.asarray(arr))


class _AddScalar(Add):
    """tensor + number as torch's C++ composites write it: add(Tensor, Scalar), no edge for the number."""
    node_name = "AddBackward1"
    _listed = 0


class _SubScalar(Sub):
    """tensor - number inside a C++ composite (SubBackward1)."""
    node_name = "SubBackward1"
    _listed = 0


class _MulScalar(Mul):
    """tensor * number inside a C++ composite (MulBackward1)."""
    node_name = "MulBackward1"
    _listed = 0


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


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
