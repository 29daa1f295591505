"""torch.gradient: derivatives estimated from samples by finite differences (second-order central
differences inside, first- or second-order one-sided ones at the two edges).

Composed of pullback's own ops exactly as ATen composes it (slice, sub, mul, div by a Scalar, cat;
for coordinate spacings also diff, select and reshape), so its graph is torch's node for node and
its first and higher derivatives come from those ops.
"""
import numpy as np

from .._numpy_names import input_and_keywords
from .._size import no_dimensions, wrap_dim
from ._op import _invalid_combination, int_argument
from .pointwise import over, times
from .shape import Slice, _unique_dims, cat

_SIGNATURES = (" * (Tensor input, *, tuple of ints dim, int edge_order = 1)\n"
               " * (Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1)\n"
               " * (Tensor input, *, Number spacing = None, int dim = None, int edge_order = 1)\n"
               " * (Tensor input, *, tuple of Scalars spacing, int dim = None, int edge_order = 1)\n"
               " * (Tensor input, *, tuple of Scalars spacing, tuple of ints dim, int edge_order = 1)\n"
               " * (Tensor input, *, tuple of Tensors spacing, int dim = None, int edge_order = 1)\n"
               " * (Tensor input, *, tuple of Tensors spacing, tuple of ints dim, int edge_order = 1)\n")
_UNSET = object()


def _is_number(value):
    return isinstance(value, (bool, int, float, np.number, np.bool_))


def _scalar(value):
    """A Scalar spacing as a Python number (a bool divides as the int it is, as torch's Scalar)."""
    value = value.item() if isinstance(value, (np.number, np.bool_)) else value
    return int(value) if isinstance(value, bool) else value


def _parse(input, spacing, dim, edge_order, extra, kwargs):
    """(spacing, dims, edge_order) from torch's seven overloads: spacing None, a number, a list of
    numbers or a list of tensors; dim None, an int or a list of ints."""
    given = {k: v for k, v in (("spacing", spacing), ("dim", dim), ("edge_order", edge_order)) if v is not _UNSET}

    def refuse():
        return _invalid_combination("gradient", (input, *extra), {**given, **kwargs}, _SIGNATURES)
    if extra or kwargs:
        raise refuse()
    if not isinstance(input, Tensor):
        raise TypeError(f"gradient(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    edge_order = 1 if edge_order is _UNSET else edge_order
    if not int_argument(edge_order):
        raise refuse()
    if dim is _UNSET or dim is None:
        dim = None
    elif isinstance(dim, (list, tuple)):
        for i, d in enumerate(dim):
            if isinstance(d, float):
                raise TypeError(f"gradient(): argument 'dim' failed to unpack the object at pos {i + 1} with error "
                                f"\"type must be tuple of ints,but got float\"")
            if not int_argument(d):
                raise refuse()
        dim = [int(d) for d in dim]
    elif int_argument(dim):
        dim = int(dim)
    else:
        raise refuse()
    if spacing is _UNSET or spacing is None:
        spacing = None
    elif _is_number(spacing):
        spacing = _scalar(spacing)
    elif isinstance(spacing, (list, tuple)):
        if not all(_is_number(s) for s in spacing):
            for i, s in enumerate(spacing):  # torch's parser reports the list as one of Tensors
                if not isinstance(s, Tensor):
                    raise TypeError(f"expected Tensor as element {i} in argument 1, but got {type(s).__name__}")
        spacing = [s if isinstance(s, Tensor) else _scalar(s) for s in spacing]
    else:
        raise refuse()
    return spacing, dim, int(edge_order)


def _check(input, spacing, dim, edge_order):
    """torch's pre_check_gradient, in its order; the dims to differentiate along, as given."""
    x = input._data
    if x.dtype == np.uint8:
        raise RuntimeError("torch.gradient does not support uint8 input.")
    dims = [dim] if isinstance(dim, int) else dim
    # a scalar spacing is one per dim, which always fits; a list must have one per dim
    if isinstance(spacing, list) and dims is None and len(spacing) != x.ndim:
        raise RuntimeError(f"torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal "
                           f"to 'self.dim() = {x.ndim}', since dim argument was not given, but got a list of length "
                           f"{len(spacing)}")
    if isinstance(spacing, list) and dims is not None and len(spacing) != len(dims):
        raise RuntimeError(f"torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
                           f"arguments to have the same length, but got a spacing argument of length {len(spacing)} "
                           f"and a dim argument of length {len(dims)}.")
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    if dims is None:
        dims = list(range(x.ndim))
    else:
        _unique_dims(dims, x.ndim)
        if x.ndim == 0 and dims:
            raise no_dimensions(dims[0])
    if any(x.shape[d] < edge_order + 1 for d in dims):
        raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    return dims


def _along_spacing(x, d, h, edge_order):
    """The estimate along dim d for samples `h` apart (ATen's gradient_helper_float)."""
    def part(start, stop=None):
        return Slice.apply(x, d, start, stop, None)
    center = over(part(2) - part(0, -2), h)
    if edge_order == 1:
        prepend = over(part(1, 2) - part(0, 1), h)
        append = over(part(-1) - part(-2, -1), h)
    else:
        prepend = over(times(part(0, 1), -1.5) + times(part(1, 2), 2) - times(part(2, 3), 0.5), h)
        append = over(times(part(-3, -2), 0.5) - times(part(-2, -1), 2) + times(part(-1), 1.5), h)
    return cat([prepend, over(center, 2), append], d)


def _along_coordinates(x, d, coordinates, edge_order):
    """The estimate along dim d for samples at `coordinates` (ATen's gradient_helper): weights of
    the neighbours from the unequal steps, shaped to broadcast along d."""
    if coordinates._data.ndim != 1:
        raise RuntimeError(f"torch.gradient expected each element of spacing to have one dimension, but got an "
                           f"element with {coordinates._data.ndim} dimensions!")
    shape = [1] * x._data.ndim
    shape[d] = -1

    def part(start, stop=None):
        return Slice.apply(x, d, start, stop, None)
    steps = coordinates.diff(1, 0)
    dx1, dx2 = Slice.apply(steps, 0, 0, -1, None), Slice.apply(steps, 0, 1, None, None)
    a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
    b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
    c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
    center = a * part(0, -2) + b * part(1, -1) + c * part(2)

    def step(i):
        return steps.select(0, i)
    if edge_order == 1:
        prepend = (part(1, 2) - part(0, 1)) / step(0)
        append = (part(-1) - part(-2, -1)) / step(-1)
    else:  # each step read anew, as ATen's ax_dx[0] is a select each time
        a = -(times(step(0), 2.0) + step(1)) / (step(0) * (step(0) + step(1)))
        b = (step(0) + step(1)) / (step(0) * step(1))
        c = -step(0) / (step(1) * (step(0) + step(1)))
        prepend = a * part(0, 1) + b * part(1, 2) + c * part(2, 3)
        a = step(-1) / (step(-2) * (step(-1) + step(-2)))
        b = -(step(-1) + step(-2)) / (step(-1) * step(-2))
        c = (times(step(-1), 2) + step(-2)) / (step(-1) * (step(-1) + step(-2)))
        append = a * part(-3, -2) + b * part(-2, -1) + c * part(-1)
    return cat([prepend, center, append], d)


def gradient(input=_UNSET, *args, spacing=_UNSET, dim=_UNSET, edge_order=_UNSET, **kwargs):
    """Estimates of input's derivative along each dim in `dim` (all by default), one tensor per
    dim, by central differences inside and one-sided ones of order `edge_order` (1 or 2) at the
    edges. `spacing`: the distance between samples (a number, or one per dim), or the samples'
    coordinates along each dim (one 1-D tensor per dim)."""
    if kwargs or input is _UNSET:  # torch's NumPy-style names: a, x or x1 for input, axis for dim
        input, kwargs = input_and_keywords("gradient", input, kwargs if dim is _UNSET else {"dim": dim, **kwargs},
                                           ("dim",), _UNSET)
        dim = kwargs.pop("dim", _UNSET)
    spacing, dim, edge_order = _parse(input, spacing, dim, edge_order, args, kwargs)
    dims = _check(input, spacing, dim, edge_order)
    if not isinstance(spacing, list):
        spacing = [1.0 if spacing is None else spacing] * len(dims)
    results = []
    for d, h in zip(dims, spacing):
        d = wrap_dim(d, input._data.ndim)
        if isinstance(h, Tensor):
            results.append(_along_coordinates(input, d, h, edge_order))
        else:
            results.append(_along_spacing(input, d, h, edge_order))
    return tuple(results)


__all__ = ["gradient"]
METHODS = {}

from .._tensor import Tensor  # noqa: E402
