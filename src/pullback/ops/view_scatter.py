"""select_scatter, slice_scatter and diagonal_scatter: a copy of self with src written where a view
of it looks (each view's inverse, as torch's functionalization uses them). as_strided_scatter,
which reads memory by offsets, lives with as_strided in strided.py."""
import numpy as np

from ._op import Op
from ._views import clone_preserving_strides
from .shape import Diagonal, Select, Slice, _writable_diagonal, diagonal_dims, selected, sliced


def scattered(x, src, view):
    """A copy of x with its strides (torch's clone_preserve_strides), with src written (cast to x's
    dtype) into `view(copy)`, the part of the copy the view looks at."""
    out = clone_preserving_strides(x)
    part = view(out)
    if part.shape != src.shape:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = {list(src.shape)}, "
                           f"slice size = {list(part.shape)}")
    np.copyto(part, src, casting="unsafe")
    return out


def _zeros(shape_and_dtype):
    return Tensor._wrap(np.zeros(*shape_and_dtype))


class SelectScatter(Op):
    """self with src written at `index` along `dim`."""

    def forward(ctx, x, src, dim, index):
        ctx.src_meta, ctx.args = (src.shape, src.dtype), (dim, index)
        return scattered(x, src, lambda out: out[(slice(None),) * dim + (index, Ellipsis)])

    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = SelectScatter.apply(grad, _zeros(ctx.src_meta), *ctx.args) if need_x else None
        return gx, (Select.apply(grad, *ctx.args) if need_src else None), None, None


class SliceScatter(Op):
    """self with src written at start:end:step along `dim`."""

    def forward(ctx, x, src, dim, start, end, step):
        ctx.src_meta, ctx.args = (src.shape, src.dtype), (dim, start, end, step)
        return scattered(x, src, lambda out: out[(slice(None),) * dim + (slice(start, end, step),)])

    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = SliceScatter.apply(grad, _zeros(ctx.src_meta), *ctx.args) if need_x else None
        return (gx, (Slice.apply(grad, *ctx.args) if need_src else None)) + (None,) * 4


class DiagonalScatter(Op):
    """self with src written on diagonal `offset` of the matrices in dims dim1, dim2."""

    def forward(ctx, x, src, offset, dim1, dim2):
        dim1, dim2 = diagonal_dims(x.ndim, dim1, dim2)
        ctx.src_meta, ctx.args = (src.shape, src.dtype), (offset, dim1, dim2)
        return scattered(x, src, lambda out: _writable_diagonal(out, offset, dim1, dim2))

    def backward(ctx, grad):
        need_x, need_src = ctx.needs_input_grad[:2]
        gx = DiagonalScatter.apply(grad, _zeros(ctx.src_meta), *ctx.args) if need_x else None
        return (gx, (Diagonal.apply(grad, *ctx.args) if need_src else None)) + (None,) * 3


def select_scatter(input, src, dim, index):
    """A copy of input with src written at `index` along `dim` (where select(dim, index) looks)."""
    return SelectScatter.apply(input, src, *selected(input._data.shape, dim, index))


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """A copy of input with src written at start:end:step along `dim`."""
    return SliceScatter.apply(input, src, sliced(input._data.shape, dim, step), start, end, int(step))


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """A copy of input with src written on diagonal `offset` (where diagonal(offset, dim1, dim2) looks)."""
    return DiagonalScatter.apply(input, src, offset, dim1, dim2)


__all__ = ["select_scatter", "slice_scatter", "diagonal_scatter"]
METHODS = {name: globals()[name] for name in __all__}


from .._tensor import Tensor  # noqa: E402
