"""Builders: tensors assembled from another's values (diagflat, vander, linalg.vander, combinations,
unravel_index). torch composes each of other ops; so do these, op for op, so that their graphs,
their gradients of every order and their errors are torch's."""
from collections.abc import Sequence
from itertools import accumulate
from operator import mul

import numpy as np

from .. import _dtype
from .._creation import _bool_arg, _int_arg, empty, new_empty_strided, tensor
from .._tensor import Tensor
from .reduction import cumprod
from .shape import cat, diag, meshgrid, stack

__all__ = ["diagflat", "vander", "combinations", "unravel_index"]


def diagflat(input, offset=0):
    """A 2-d tensor with input's elements, flattened, on the diagonal `offset`, zeros elsewhere."""
    offset = _int_arg(offset, "diagflat", "offset", 2)
    return diag(input.contiguous().view(-1), offset)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of the 1-d x: columns x^(N-1), ..., x^0 (increasing: x^0 first).

    N is len(x) by default; integers and bools give int64.

    torch fills the powers in place (a cumprod read from the result it is written into), so its
    backward raises torch's 'modified by an inplace operation' error for N > 1, as torch's does."""
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0]
    if N is not None:
        n = _int_arg(N, "vander", "N", 2)
        if n < 0:
            raise RuntimeError("N must be non-negative.")
    increasing = _bool_arg(increasing, "vander", "increasing", 3)
    result = empty(x.shape[0], n, dtype=_dtype.promote_types(x.dtype, _dtype.int64))
    if n > 0:
        result.fill_(1)
        if n > 1:
            result.narrow(1, 1, n - 1).copy_(x.unsqueeze(1))
            result.narrow(1, 1, n - 1).copy_(cumprod(result.narrow(1, 1, n - 1), 1))
    return result if increasing else result.flip(1)


def linalg_vander(x, *, N=None):
    """The Vandermonde matrices of x's last dim, with increasing powers x^0 ... x^(N-1) (torch.linalg.vander).

    N is x.shape[-1] by default and at least 2; integers give int64."""
    d = x._data.dtype
    if d.kind not in "iuf" or d == np.float16:
        from .._dtype import scalar_type_name
        raise RuntimeError(f"linalg.vander supports floating point, complex, and integer tensors, but got "
                           f"{scalar_type_name(d)}")
    x = x.unsqueeze(-1) if x.dim() == 0 else x
    shape = list(x.shape)
    n = shape[-1] if N is None else _int_arg(N, "linalg_vander", "N")
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    result = cumprod(x.unsqueeze(-1).expand(*shape, n - 1), -1)
    ones = result.new_ones(*shape, 1)
    return cat([ones, result], -1)


def combinations(input, r=2, with_replacement=False):
    """The length-r combinations of a 1-d tensor's elements, as rows, in itertools.combinations' order.

    with_replacement: an element may repeat (itertools.combinations_with_replacement)."""
    r = _int_arg(r, "combinations", "r", 2)
    with_replacement = _bool_arg(with_replacement, "combinations", "with_replacement", 3)
    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return empty(0, dtype=input.dtype)
    grids = meshgrid(*[input] * r, indexing="ij")
    # torch's _triu_mask: positions i < j < ... (i <= j <= ... with replacement) of the r-d grid
    index = np.indices((input.shape[0],) * r, sparse=True)
    mask = np.ones((input.shape[0],) * r, dtype=bool)
    for a, b in zip(index, index[1:]):
        mask &= (a <= b) if with_replacement else (a < b)
    mask = Tensor._wrap(mask)
    return stack([g.masked_select(mask) for g in grids], 1)


def unravel_index(indices, shape):
    """The coordinates in a tensor of `shape` of flat (C-order) indices, one int64 tensor per dim.

    Each has indices' shape; they come as a tuple of views (unbind's)."""
    if indices.is_floating_point() or indices.dtype is _dtype.bool:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    if not isinstance(shape, (int, Sequence)):
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got {type(shape)}")
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    for dim in shape:
        if not isinstance(dim, int):
            raise TypeError(f"expected 'shape' sequence to only contain ints, but got {type(dim)}")
    if any(dim < 0 for dim in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    coefs = list(accumulate(reversed(shape[1:] + (1,)), mul))[::-1]  # elements a step along each dim passes
    flat = indices.unsqueeze(-1).floor_divide(tensor(coefs, dtype=_dtype.int64)) % tensor(shape, dtype=_dtype.int64)
    return flat.unbind(-1)


# Tensor.new_empty_strided (a factory taking self's dtype) is bound here, beside the tensor's other builders
METHODS = {"diagflat": diagflat, "new_empty_strided": new_empty_strided}
