"""The *_copy functions torch gives every view op: the view's values in a fresh C-contiguous tensor,
recorded under torch's node `<view's node>_copy` (TransposeBackward0_copy) with the view's own
formula. Each op is its view op made over by shape.copy_op; the functions check their arguments
with the view functions' own helpers. Also detach, as a function."""
import numpy as np

from .. import _dtype
from ..autograd.grad_mode import no_grad
from .pointwise import _NoDerivative, _broadcast_error
from .shape import (Alias, Diagonal, DiagonalCopy, Expand, Permute, Select, Slice, Split, SplitWithSizes, Squeeze,
                    SqueezeDim, SqueezeDims, T, Transpose, Unbind, Unfold, Unsqueeze, UnsafeView, View, ViewDtype,
                    copy_op, equal_sizes, listed_sizes, narrowed, selected, sliced, squeeze_op, wrap_dim)
from .strided import AsStridedView, as_strided_args
from .._size import _takes_int, int_list
from ._op import _invalid_combination

COPIES = {op: copy_op(op) for op in (Alias, AsStridedView, Expand, Permute, Select, Slice, Split, SplitWithSizes,
                                     Squeeze, SqueezeDim, SqueezeDims, T, Transpose, Unbind, Unfold, Unsqueeze,
                                     ViewDtype)}
COPIES[Diagonal] = DiagonalCopy
COPIES[View] = copy_op(View, forward=UnsafeView.forward)  # copies what view() could not view, as reshape()


class NarrowCopy(COPIES[Slice]):
    """narrow_copy: torch's own op (NarrowCopyBackward0), with slice's formula."""
    node_name = "NarrowCopyBackward0"


class DetachCopy(_NoDerivative):
    """detach_copy: torch records a node without a derivative (the input still requires grad)."""
    node_name = "torch::autograd::NotImplemented"
    aten = "detach_copy"

    def forward(ctx, x):
        return np.array(x, order="C")


def alias_copy(input):
    """input's values in a new tensor (AliasBackward0_copy)."""
    return COPIES[Alias].apply(input)


def as_strided_copy(input, size, stride, storage_offset=None):
    """as_strided(input, size, stride, storage_offset), as a new tensor."""
    return COPIES[AsStridedView].apply(input, *as_strided_args("as_strided_copy", input, size, stride, storage_offset,
                                                               first=2))


def detach_copy(input):
    """input's values in a new tensor, which records a node without a derivative (as torch's)."""
    return DetachCopy.apply(input)


def diagonal_copy(input, offset=0, dim1=0, dim2=1):
    """diagonal(input, offset, dim1, dim2), as a new tensor."""
    return DiagonalCopy.apply(input, offset, dim1, dim2)


def expand_copy(input, size, *, implicit=False):
    """input.expand(size), as a new tensor."""
    return COPIES[Expand].apply(input, int_list((size,), "expand_copy", "size", 2, sequence_only=True))


def narrow_copy(input, dim, start, length):
    """narrow(input, dim, start, length), as a new tensor (NarrowCopyBackward0)."""
    return NarrowCopy.apply(input, *narrowed(input._data.shape, dim, start, length, copy=True), None)


def permute_copy(input, dims):
    """permute(input, dims), as a new tensor."""
    return COPIES[Permute].apply(input, int_list((dims,), "permute_copy", "dims", 2, sequence_only=True))


def select_copy(input, dim, index):
    """select(input, dim, index), as a new tensor."""
    return COPIES[Select].apply(input, *selected(input._data.shape, dim, index))


def slice_copy(input, dim=0, start=None, end=None, step=1):
    """input[start:end:step] along `dim`, as a new tensor."""
    return COPIES[Slice].apply(input, sliced(input._data.shape, dim, step), start, end, int(step))


def split_copy(input, split_size, dim=0, *, out=None):
    """split(input, split_size, dim), as new tensors (with out=, copied into those and None returned)."""
    if not isinstance(split_size, (int, np.integer)):
        raise TypeError(f"split_copy(): argument 'split_size' (position 2) must be int, not "
                        f"{type(split_size).__name__}")
    return _copies("split_copy", Split, input, equal_sizes(input, split_size, dim), out, "split_copy_Tensor_out()",
                   resize=False)


def split_with_sizes_copy(input, split_sizes, dim=0, *, out=None):
    """split_with_sizes(input, split_sizes, dim), as new tensors (with out=, copied into those)."""
    sizes = listed_sizes(input, split_sizes, dim, "split_with_sizes_copy")
    return _copies("split_with_sizes_copy", SplitWithSizes, input, sizes, out, "split_with_sizes_copy_out")


def squeeze_copy(input, dim=None):
    """squeeze(input, dim), as a new tensor."""
    op, dims = squeeze_op(dim)
    return COPIES[op].apply(input, dims)


def t_copy(input):
    """t(input), as a new tensor."""
    return COPIES[T].apply(input)


def transpose_copy(input, dim0, dim1):
    """transpose(input, dim0, dim1), as a new tensor."""
    return COPIES[Transpose].apply(input, dim0, dim1)


def unbind_copy(input, dim=0, *, out=None):
    """unbind(input, dim), as new tensors (with out=, copied into those and None returned)."""
    return _copies("unbind_copy", Unbind, input, (wrap_dim(dim, input._data.ndim),), out, "unbind_copy_int_out")


def unfold_copy(input, dimension, size, step):
    """input.unfold(dimension, size, step), as a new tensor."""
    return COPIES[Unfold].apply(input, wrap_dim(dimension, input._data.ndim), int(size), int(step))


def unsqueeze_copy(input, dim):
    """unsqueeze(input, dim), as a new tensor."""
    return COPIES[Unsqueeze].apply(input, dim)


def view_copy(input, size=None, *, dtype=None):
    """input.view(size) (a shape or a dtype; by name size= or dtype=), as a new tensor; unlike view, any
    layout takes any shape."""
    if dtype is not None:
        if size is not None or not isinstance(dtype, _dtype.dtype):
            raise TypeError("view_copy() received an invalid combination of arguments: expected (Tensor input, "
                            "tuple of ints size) or (Tensor input, torch.dtype dtype)")
        size = dtype
    if size is None:
        raise TypeError('view_copy() missing 1 required positional arguments: "size"')
    if isinstance(size, _dtype.dtype):
        return COPIES[ViewDtype].apply(input, size.np)
    if not isinstance(size, (tuple, list)) or not all(map(_takes_int, size)):
        raise _invalid_combination("view_copy", (input, size), {}, " * (Tensor input, torch.dtype dtype, *, Tensor out = None)\n"
                                   " * (Tensor input, tuple of ints size, *, Tensor out = None)\n")
    return COPIES[View].apply(input, tuple(size))


def _copies(fn, view_op, input, args, out, out_name, resize=True):
    """The outputs of a view op with several, as new tensors; or, with out=, written into out's tensors
    and None returned, as torch's (`out_name`: its out= kernel in torch's messages): each resized to
    its output's shape and of its dtype, or (not `resize`, split_copy's) copied in as copy_ does."""
    if out is None:
        return COPIES[view_op].apply(input, *args)
    if not isinstance(out, (tuple, list)):
        raise TypeError(f"{fn}(): argument 'out' must be tuple of Tensors, not {type(out).__name__}")
    with no_grad():
        outputs = COPIES[view_op].apply(input, *args)
    if len(out) != len(outputs):
        raise RuntimeError(f"{out_name} expected an out= argument of size {len(outputs)}, got size {len(out)}")
    from . import _grad_enabled, _requires_grad, _write_out
    if _grad_enabled() and _requires_grad(out):  # (an input that requires grad is torch's NotImplemented node)
        raise RuntimeError(f"{fn}(): functions with out=... arguments don't support automatic differentiation, but "
                           "one of the arguments requires grad.")
    for dst, result in zip(out, outputs):
        if resize:
            _write_out(dst, result, exact_dtype=True, stacklevel=4)
            continue
        try:  # copy_: the shapes must broadcast, then the result fills dst, cast to its dtype
            shape = np.broadcast_shapes(dst.shape, result.shape)
        except ValueError:
            raise _broadcast_error(dst._data, result._data) from None
        if shape != tuple(dst.shape):
            raise RuntimeError(f"output with shape {list(dst.shape)} doesn't match the broadcast shape {list(shape)}")
        np.copyto(dst._data, result._data, casting="unsafe")
        dst._vc[0] += 1
    return None


def detach(input):
    """input.detach(): a tensor sharing input's memory and version counter, outside the graph."""
    return input.detach()


__all__ = ["alias_copy", "as_strided_copy", "detach_copy", "diagonal_copy", "expand_copy", "narrow_copy",
           "permute_copy", "select_copy", "slice_copy", "split_copy", "split_with_sizes_copy", "squeeze_copy",
           "t_copy", "transpose_copy", "unbind_copy", "unfold_copy", "unsqueeze_copy", "view_copy", "detach"]
METHODS = {"narrow_copy": narrow_copy}
