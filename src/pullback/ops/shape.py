"""Shape and movement ops. Most are views: they share storage and the version counter."""
import inspect

import numpy as np

from .. import _dtype, _signatures
from .._size import Size, _takes_int, broadcasts_to, int_list, no_dimensions, wrap_dim  # noqa: F401  (wrap_dim re-exported for the op families)
from . import _parallel
from ._op import Op, _invalid_combination
from .pointwise import _NoDerivative, _tensor_input
from ._views import strided_view
from .._runtime import warn_once


def _named_shape_arg(values, by_name, name, fn):
    """The ints of an int-list argument given positionally (view(2, 3), view((2, 3)), view(Size)) or, as
    torch's methods also take them, by name (shape=...)."""
    if not by_name:
        if not values:
            raise TypeError(f'{fn}() missing 1 required positional arguments: "{name}"')
        return int_list(values, fn, name)
    unexpected = [k for k in by_name if k != name]
    if unexpected:
        raise TypeError(f"{fn}() got an unexpected keyword argument '{unexpected[0]}'")
    if values:
        raise TypeError(f"{fn}() got multiple values for argument '{name}'")
    return int_list((by_name[name],), fn, name, None, sequence_only=True)  # (one int only positionally)


def _function_shape_arg(values, by_name, name, fn):
    """The int-list argument of a torch.* function whose method takes the ints as varargs: the function
    takes one sequence, as its second argument."""
    if by_name or not values:
        return _named_shape_arg(values, by_name, name, fn)
    if len(values) > 1:
        raise TypeError(f"{fn}() takes 2 positional arguments but {len(values) + 1} were given")
    return int_list(values, fn, name, 2, sequence_only=True)


def _infer_shape(shape, numel):
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
            known *= s
    if -1 in shape:
        if known == 0 and numel == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} because the unspecified "
                               "dimension size -1 can be any value and is ambiguous")
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return tuple(numel // known if s == -1 else s for s in shape)
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


class View(Op):
    is_view = True
    on_arrays = True

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        shape = _infer_shape(shape, x.size)
        try:
            return x.reshape(shape, copy=False)  # the method: np.reshape's wrapper costs more than the view
        except ValueError:
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None

    def backward(ctx, grad):
        return reshape(grad, ctx.in_shape), None


class ReshapeAlias(View):
    """reshape of a non-contiguous tensor whose strides allow a view (torch's _reshape_alias)."""


class UnsafeView(Op):
    """A reshape that owns its result: of a fresh tensor (a clone, a matmul's output), so no copy
    here; an input whose strides allow no view np.reshape copies anyway."""
    on_arrays = True

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return np.reshape(x, _infer_shape(shape, x.size))

    def backward(ctx, grad):
        return reshape(grad, ctx.in_shape), None


class Expand(Op):
    is_view = True

    def forward(ctx, x, shape):
        if isinstance(x, np.generic):  # a NumPy scalar (an array walk's gradient of a full reduction)
            x = np.asarray(x)
        sizes = x.shape
        ctx.in_shape = sizes
        lead = len(shape) - len(sizes)
        if lead < 0:
            raise RuntimeError(f"expand({_type(x)}{{{list(sizes)}}}, size=[{', '.join(map(str, shape))}]): the number "
                               f"of sizes provided ({len(shape)}) must be greater or equal to the number of dimensions "
                               f"in the tensor ({len(sizes)})")
        if -1 not in shape and tuple(shape[lead:]) == sizes:
            # only new leading dims (a sum's backward, a bias): x's own dims stay as they are
            target = tuple(shape)
            strides = _with_leading(x.strides, target, lead)
            repeats = (lead and max(target[:lead]) > 1) or (0 in x.strides and _repeats(x.strides, sizes))
        else:
            target, strides = _expanded_layout(x, shape, lead)
            strides = _with_leading(strides, target, lead)
            repeats = _repeats(strides, target)
        if target and min(target) < 0:  # a size below -1, or -1 where nothing names it: torch's numel check
            raise RuntimeError("numel: integer multiplication overflow")
        if not repeats:
            # no element repeated: as writable as x (torch refuses in-place writes only where one is)
            return np.lib.stride_tricks.as_strided(x, target, strides, writeable=x.flags.writeable)
        if type(x) is not np.ndarray or not x.flags.c_contiguous:
            return np.broadcast_to(x, target)
        return strided_view(x, target, strides)  # np.broadcast_to's view, which a sum's backward pays

    def backward(ctx, grad):
        return grad.sum_to_size(ctx.in_shape), None


def _expanded_layout(x, shape, lead):
    """expand's target shape, and the byte strides of x's own dims in it, where a size is -1 or one of
    x's dims grows, checked as torch checks them: a leading -1 first, then each dim from the last."""
    for i in range(lead if x.ndim else 0):  # (torch takes a 0-dim tensor's sizes unchecked)
        if shape[i] == -1:
            raise RuntimeError(f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                               f"dimension {i}")
    target = tuple(x.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(shape))
    for i in reversed(range(x.ndim)):
        n = x.shape[i]
        if n != 1 and n != target[i + lead]:
            raise RuntimeError(f"The expanded size of the tensor ({target[i + lead]}) must match the existing size "
                               f"({n}) at non-singleton dimension {i + lead}.  Target sizes: "
                               f"[{', '.join(map(str, shape))}].  Tensor sizes: [{', '.join(map(str, x.shape))}]")
    return target, tuple(x.strides[i] if n == target[i + lead] else 0 for i, n in enumerate(x.shape))


def _with_leading(strides, target, lead):
    """The strides of x's dims (`strides`) with expand's `lead` new dims before them, as torch's
    inferExpandGeometry gives them: 0 where a new dim repeats x, and where it is of size 1, the extent
    of the dim after it (all 0 for a 0-d x)."""
    if not lead:
        return strides
    if not strides or min(target[:lead]) > 1:
        return (0,) * lead + strides
    out = list(strides)
    for i in reversed(range(lead)):
        out.insert(0, target[i + 1] * out[0] if target[i] == 1 else 0)
    return tuple(out)


def _repeats(strides, sizes):
    """Whether a layout visits some element twice: a zero stride over more than one element."""
    return any(s == 0 and n > 1 for s, n in zip(strides, sizes))


def _type(x):
    from .._tensor import tensor_type_name
    return tensor_type_name(x.dtype)  # torch.FloatTensor


def _summed_dims(shape, target):
    """at::sum_to's reduction of an array of `shape` to `target`: how many leading dims go, and
    the dims summed (those, and the dims `target` has as 1)."""
    lead = len(shape) - len(target)
    return lead, tuple(range(lead)) + tuple(lead + i for i, t in enumerate(target) if t == 1 and shape[lead + i] != 1)


def sum_over(x, dims, keepdims, dtype=None):
    """np.add.reduce over the sorted `dims`. NumPy reduces a C-ordered array fast over its outermost
    dims (adding whole slabs) or its innermost (over long runs) but slowly over both at once (a
    short loop per run): such sums run in two steps, the outer dims first (a conv's bias
    gradient, dims (0, 2, 3) of (64, 8, 8, 8): 14 -> 4.6 us)."""
    lead = 0
    while lead < len(dims) and dims[lead] == lead:
        lead += 1
    if 0 < lead < len(dims) and x.flags.c_contiguous:
        part = np.add.reduce(x, axis=dims[:lead], dtype=dtype, keepdims=keepdims)
        inner = dims[lead:] if keepdims else tuple(d - lead for d in dims[lead:])
        return np.add.reduce(part, axis=inner, keepdims=keepdims)
    return np.add.reduce(x, axis=dims, dtype=dtype, keepdims=keepdims)


def sum_to_array(x, target):
    """sum_to_size for a NumPy array (an array walk's gradient), with the same sums, so the same
    bits as the recorded ops: the full sum, or a sum over the broadcast dims kept and reshaped."""
    if not target:
        return np.asarray(_parallel.sum_all(x, x.dtype))
    lead, dims = _summed_dims(x.shape, target)
    return (sum_over(x, dims, True) if dims else x).reshape(target)


class Transpose(Op):
    is_view = True
    on_arrays = True

    def forward(ctx, x, dim0, dim1):
        ctx.dims = dim0, dim1
        if x.ndim == 0:
            wrap_dim(dim0, 0), wrap_dim(dim1, 0)  # (a 0-d tensor has dims 0 and -1 only)
            return x
        return x.swapaxes(wrap_dim(dim0, x.ndim), wrap_dim(dim1, x.ndim))

    def backward(ctx, grad):
        return Transpose.apply(grad, *ctx.dims), None, None


class T(Op):
    is_view = True
    on_arrays = True

    def forward(ctx, x):
        _check_t("t", x)
        return x.T

    def backward(ctx, grad):
        return T.apply(grad)


def _check_t(name, x):
    if x.ndim > 2:
        raise RuntimeError(f"{name}() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")


class Permute(Op):
    is_view = True
    on_arrays = True

    def forward(ctx, x, dims):
        if len(dims) != x.ndim:
            raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                               f"length of the desired ordering of dimensions i.e. input.dim() = {x.ndim} is not "
                               f"equal to len(dims) = {len(dims)}")
        dims = tuple(wrap_dim(d, x.ndim) for d in dims)
        if len(set(dims)) != len(dims):
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        ctx.dims = dims
        return x.transpose(dims)

    def backward(ctx, grad):
        dims = ctx.dims
        return Permute.apply(grad, tuple(sorted(range(len(dims)), key=dims.__getitem__))), None


class Squeeze(Op):
    """squeeze() of every size-1 dim (SqueezeBackward0); the subclasses name torch's dim forms."""
    is_view = True
    on_arrays = True

    def forward(ctx, x, dims):
        ctx.in_shape = x.shape
        if dims is None:
            ctx.squeezed = tuple(d for d, n in enumerate(x.shape) if n == 1)
            return x.squeeze()
        dims = tuple(d for d in _unique_dims(dims, x.ndim) if x.ndim and x.shape[d] == 1)
        ctx.squeezed = tuple(sorted(set(dims)))
        return x.squeeze(axis=dims) if dims else x.view()

    def backward(ctx, grad):  # torch's unsqueeze_to: the squeezed dims unsqueezed back, in order
        for d in ctx.squeezed:
            grad = Unsqueeze.apply(grad, d)
        return grad, None


class SqueezeDim(Squeeze):
    node_name = "SqueezeBackward1"


class SqueezeDims(Squeeze):
    node_name = "SqueezeBackward2"


class Unsqueeze(Op):
    is_view = True
    on_arrays = True

    def forward(ctx, x, dim):
        ctx.dim = wrap_dim(dim, x.ndim + 1)
        d = ctx.dim
        out = x.reshape(x.shape[:d] + (1,) + x.shape[d:])
        # torch's stride for the new dim: the next dim's extent, or one element at the end
        strides = x.strides[:d] + (x.strides[d] * x.shape[d] if d < x.ndim else x.itemsize,) + x.strides[d:]
        return out if out.strides == strides else np.lib.stride_tricks.as_strided(x, out.shape, strides)

    def backward(ctx, grad):
        return SqueezeDim.apply(grad, (ctx.dim,)), None


class Select(Op):
    """x.select(dim, index), i.e. an integer in an index (SelectBackward0)."""
    is_view = True

    def forward(ctx, x, dim, index):
        if x.ndim == 0:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` "
                             "in C++ to convert a 0-dim tensor to a number")
        dim = wrap_dim(dim, x.ndim)
        size = x.shape[dim]
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension {dim} with size {size}")
        ctx.in_shape, ctx.dim, ctx.index = x.shape, dim, index
        return x[(slice(None),) * dim + (index, Ellipsis)]  # Ellipsis keeps a 0-d result a view

    def backward(ctx, grad):
        return _SelectBackward.apply(grad, ctx.in_shape, ctx.dim, ctx.index), None, None


class _SelectBackward(Op):
    node_name = "SelectBackwardBackward0"

    def forward(ctx, grad, shape, dim, index):
        ctx.dim, ctx.index = dim, index
        out = np.zeros(shape, grad.dtype)
        out[(slice(None),) * dim + (index,)] = grad
        return out

    def backward(ctx, grad):
        return grad.select(ctx.dim, ctx.index), None, None, None


class Slice(Op):
    """A slice in an index (SliceBackward0)."""
    is_view = True

    def forward(ctx, x, dim, start, stop, step):
        if step is not None and step <= 0:
            raise ValueError("step must be greater than zero")
        ctx.in_shape, ctx.key = x.shape, (slice(None),) * dim + (slice(start, stop, step),)
        return x[ctx.key]

    def backward(ctx, grad):
        return _SliceBackward.apply(grad, ctx.in_shape, ctx.key), None, None, None, None


class _SliceBackward(Op):
    node_name = "SliceBackwardBackward0"

    def forward(ctx, grad, shape, key):
        ctx.key = key
        out = np.zeros(shape, grad.dtype)
        out[key] = grad
        return out

    def backward(ctx, grad):
        return _Index.apply(grad, ctx.key), None, None


class _Index(Op):
    """A slice through a precomputed NumPy key, for double backward of slicing."""
    node_name = "SliceBackward0"

    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        return x[key]

    def backward(ctx, grad):
        return _SliceBackward.apply(grad, ctx.in_shape, ctx.key), None


class Alias(Op):
    is_view = True

    def forward(ctx, x):
        return x.view()

    def backward(ctx, grad):
        return grad


class Unfold(Op):
    """unfold(dim, size, step): a view whose new last dim walks windows of `size` along `dim`."""
    is_view = True

    def forward(ctx, x, dim, size, step):
        ctx.in_shape, ctx.args = x.shape, (dim, size, step)
        if x.ndim == 0:
            if size > 1:
                raise RuntimeError(f"maximum size for tensor at dimension 0 is 1 but size is {size}")
            return x.reshape(1)
        n = x.shape[dim]
        if size > n:
            raise RuntimeError(f"maximum size for tensor at dimension {dim} is {n} but size is {size}")
        if step <= 0:
            raise RuntimeError(f"step is {step} but must be > 0")
        count = (n - size) // step + 1
        shape = x.shape[:dim] + (count,) + x.shape[dim + 1:] + (size,)
        strides = x.strides[:dim] + (x.strides[dim] * step,) + x.strides[dim + 1:] + (x.strides[dim],)
        # overlapping windows stay read-only: one element written through two windows is ill-defined here
        return np.lib.stride_tricks.as_strided(x, shape, strides, writeable=x.flags.writeable and step >= size)

    def backward(ctx, grad):
        return UnfoldBackward.apply(grad, ctx.in_shape, *ctx.args), None, None, None


class UnfoldBackward(Op):
    """The adjoint of Unfold: each window's gradient added back where the window reads."""

    def forward(ctx, grad, shape, dim, size, step):
        ctx.args = dim, size, step
        if not shape:
            return grad.reshape(())
        count = grad.shape[dim]
        windows = np.arange(count)[:, None] * step + np.arange(size)
        out = np.zeros(shape, grad.dtype)
        np.add.at(out, (slice(None),) * dim + (windows,), np.moveaxis(grad, -1, dim + 1))
        return out

    def backward(ctx, grad):
        return grad.unfold(*ctx.args), None, None, None, None


class ViewDtype(Op):
    """view(dtype): the same bytes read as another dtype (not differentiable, as in torch)."""
    is_view = True
    differentiable = False

    def forward(ctx, x, np_dtype):
        if x.ndim == 0 and np.dtype(np_dtype).itemsize != x.itemsize:
            raise RuntimeError("self.dim() cannot be 0 to view a tensor as a dtype with a different size")
        try:
            return x.view(np_dtype)
        except ValueError:
            raise RuntimeError("self.size(-1) must be divisible by the ratio of element sizes to view a tensor "
                               "as a dtype with a different size") from None


class Diagonal(Op):
    """diagonal(offset, dim1, dim2): a writable strided view of one diagonal."""
    is_view = True

    def forward(ctx, x, offset, dim1, dim2):
        dim1, dim2 = diagonal_dims(x.ndim, dim1, dim2)
        ctx.in_shape, ctx.args = x.shape, (offset, dim1, dim2)
        return _writable_diagonal(x, offset, dim1, dim2)

    def backward(ctx, grad):
        return (DiagonalBackward.apply(grad, ctx.in_shape, *ctx.args),) + (None,) * 3


def diagonal_dims(ndim, dim1, dim2):
    """dim1, dim2 of a diagonal of an ndim-dim tensor, wrapped; torch's error names them as given."""
    d1, d2 = wrap_dim(dim1, ndim), wrap_dim(dim2, ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def _writable_diagonal(x, offset, dim1, dim2):
    d = np.diagonal(x, offset, dim1, dim2)
    if x.flags.writeable:
        d.flags.writeable = True  # NumPy hands out diagonals read-only; torch's are ordinary views
    return d


def copy_op(view_op, node_name=None, forward=None):
    """`view_op` computing a fresh tensor, as torch's *_copy functions: what its forward (or `forward`)
    returns copied out in C order, each output of a split; its node is torch's `<view's node>_copy`
    (DiagonalBackward0_copy), with the view's own formula."""
    view_forward = forward or view_op.forward
    if view_op.n_outputs == 1:
        def fresh(ctx, *args):
            return np.array(view_forward(ctx, *args), order="C")
    else:
        def fresh(ctx, *args):
            return [np.array(o, order="C") for o in view_forward(ctx, *args)]
    fresh.__wrapped__ = view_forward  # (inspect.signature reads the inputs' names through it)
    return type(view_op.__qualname__ + "Copy", (view_op,), {
        "is_view": False, "forward": fresh, "node_name": node_name or view_op.node_name + "_copy",
        "__module__": view_op.__module__, "__doc__": f"{view_op.__qualname__}, as a fresh tensor."})


DiagonalCopy = copy_op(Diagonal)  # diag() of a matrix


class DiagonalBackward(Op):
    """zeros(shape) with `grad` on the diagonal (the adjoint of Diagonal)."""

    def forward(ctx, grad, shape, offset, dim1, dim2):
        ctx.args = offset, dim1, dim2
        out = np.zeros(shape, grad.dtype)
        _writable_diagonal(out, offset, dim1, dim2)[...] = grad
        return out

    def backward(ctx, grad):
        return (grad.diagonal(*ctx.args),) + (None,) * 4


class DiagEmbed(DiagonalBackward):
    """diag() of a vector: a square matrix with the vector on diagonal `offset`."""
    node_name = "DiagEmbedBackward0"


class Trace(Op):
    def forward(ctx, x):
        if x.ndim != 2:
            raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
        if x.dtype == np.bool_:
            raise _dtype.not_implemented_for("trace", x)
        ctx.in_shape = x.shape
        return np.trace(x, dtype=np.int64 if x.dtype.kind in "iu" else None)  # (NumPy: uint64 for unsigned)

    def backward(ctx, grad):
        return DiagonalBackward.apply(grad.expand(min(ctx.in_shape)), ctx.in_shape, 0, 0, 1)


class Tril(Op):
    def forward(ctx, x, diagonal):
        _check_matrix(x, "tril")
        ctx.diagonal = diagonal
        return np.tril(x, diagonal)

    def backward(ctx, grad):
        return grad.tril(ctx.diagonal), None


class Triu(Op):
    def forward(ctx, x, diagonal):
        _check_matrix(x, "triu")
        ctx.diagonal = diagonal
        return np.triu(x, diagonal)

    def backward(ctx, grad):
        return grad.triu(ctx.diagonal), None


def _check_matrix(x, name):
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")


class Flip(Op):
    def forward(ctx, x, dims):
        ctx.dims = _unique_dims(dims, x.ndim)
        return _flipped(x, ctx.dims) if x.ndim else x.copy()

    def backward(ctx, grad):
        return grad.flip(ctx.dims), None


def _flipped(x, dims):
    """x flipped along dims in x's layout (torch's flip writes into empty_like(self))."""
    return _memory_format.like(np.flip(x, dims), x)


def _unique_dims(dims, ndim, repeated=None):
    """dims wrapped, refused when one repeats (with torch's words, or the caller's `repeated`)."""
    dims = tuple(wrap_dim(d, ndim) for d in dims)
    for d in dims:
        if dims.count(d) > 1:
            raise RuntimeError(repeated or f"dim {d} appears multiple times in the list of dims")
    return dims


class Rot90(Op):
    def forward(ctx, x, k, dims):
        if len(dims) != 2:
            raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
        if x.ndim < 2:
            raise RuntimeError(f"expected total dims >= 2, but got total dims = {x.ndim}")
        d0, d1 = (wrap_dim(d, x.ndim) for d in dims)
        if d0 == d1:
            raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}")
        ctx.k, ctx.dims = k, dims
        k %= 4  # as torch: a contiguous clone, one flip, or a flip then a transpose (not contiguous)
        if k == 0:
            return np.array(x, order="C", copy=True)
        if k == 2:
            return _flipped(x, (d0, d1))
        return np.swapaxes(_flipped(x, (d1,) if k == 1 else (d0,)), d0, d1)

    def backward(ctx, grad):
        return grad.rot90(-ctx.k, ctx.dims), None, None


class Roll(Op):
    contiguous_output = True

    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        if dims and not x.ndim:
            raise no_dimensions(dims[0])
        if not dims:
            if len(shifts) != 1:
                raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
            return np.roll(x.reshape(-1), shifts[0]).reshape(x.shape)
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}")
        return np.roll(x, shifts, tuple(wrap_dim(d, x.ndim) for d in dims))

    def backward(ctx, grad):
        return grad.roll(tuple(-s for s in ctx.shifts), ctx.dims), None, None


class Repeat(Op):
    def forward(ctx, x, repeats):
        if len(repeats) < x.ndim:
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions "
                               "of tensor")
        ctx.in_shape, ctx.repeats = x.shape, repeats
        try:
            return np.tile(x, repeats)
        except ValueError:  # a negative repeat: torch's words, naming the result's shape
            lead = len(repeats) - x.ndim
            from .._creation import _check_sizes
            _check_sizes([r * (x.shape[i - lead] if i >= lead else 1) for i, r in enumerate(repeats)])
            raise

    def backward(ctx, grad):
        # torch's repeat_backward: new leading dims summed away one by one, then each repeated dim
        # split in (repeat, size) and summed over the repeats
        repeats, shape = ctx.repeats, tuple(ctx.in_shape)
        if 0 in repeats:
            return grad.new_zeros(shape), None
        lead = len(repeats) - len(shape)
        for _ in range(lead):
            grad = grad.sum(0)
        split, repeated = [], []
        for r, s in zip(repeats[lead:], shape):
            if r != 1:
                repeated.append(len(split))
                split.append(r)
            split.append(s)
        return (grad.reshape(split).sum(repeated) if repeated else grad), None


def _result_dtype(arrays):
    from .._dtype import from_numpy_dtype, promote_types
    d = from_numpy_dtype(arrays[0].dtype)
    for a in arrays[1:]:
        d = promote_types(d, from_numpy_dtype(a.dtype))
    return d.np


def _cat_layout(inputs, out):
    """cat's result layout (torch's compute_output_memory_format): the memory format every input
    suggests (channels-last), else contiguous; NumPy's concatenate follows the inputs' strides."""
    fmt = _memory_format.suggested(inputs[0])
    if fmt is not _dtype.contiguous_format and all(_memory_format.suggested(a) is fmt for a in inputs[1:]):
        return _memory_format.copy(out, fmt) if not _memory_format.has(out, fmt) else out
    return np.ascontiguousarray(out)


class Cat(Op):
    """cat(tensors, dim); as in torch, 1-D empty tensors are skipped."""
    _list_formula = True

    def forward(ctx, dim, *xs):
        for i, x in enumerate(xs):
            if x.ndim == 0:
                raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
        kept = [i for i, x in enumerate(xs) if x.shape != (0,)] or [0]
        ref = xs[kept[0]]
        dim = wrap_dim(dim, ref.ndim)
        for i in kept:
            x = xs[i]
            if x.ndim != ref.ndim:
                raise RuntimeError(f"Tensors must have same number of dimensions: got {ref.ndim} and {x.ndim}")
            for d in range(ref.ndim):
                if d != dim and x.shape[d] != ref.shape[d]:
                    raise RuntimeError(f"Sizes of tensors must match except in dimension {dim}. Expected size "
                                       f"{ref.shape[d]} but got size {x.shape[d]} for tensor number {i} in the list.")
        ctx.dim, ctx.spans = dim, []
        start = 0
        for i, x in enumerate(xs):
            n = x.shape[dim] if i in kept else None
            ctx.spans.append(None if n is None else (start, n))
            start += n or 0
        dt = _result_dtype(xs)
        return _cat_layout([xs[i] for i in kept], np.concatenate([xs[i].astype(dt, copy=False) for i in kept], axis=dim))

    def backward(ctx, grad):
        empty = Tensor._wrap(np.zeros(0, grad._data.dtype))  # a skipped 1-D empty input
        return (None,) + tuple(empty if span is None else grad.narrow(ctx.dim, *span) for span in ctx.spans)


class Stack(Op):
    _list_formula = True

    def forward(ctx, dim, *xs):
        for i, x in enumerate(xs[1:], 1):
            if x.shape != xs[0].shape:
                raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(xs[0].shape)} at "
                                   f"entry 0 and {list(x.shape)} at entry {i}")
        ctx.dim = wrap_dim(dim, xs[0].ndim + 1)
        dt = _result_dtype(xs)
        return _cat_layout([np.expand_dims(x, ctx.dim) for x in xs],
                           np.stack([x.astype(dt, copy=False) for x in xs], axis=ctx.dim))

    def backward(ctx, grad):
        # one select per input, as torch's stack_tensors_backward (a second order sees SelectBackward0s)
        return (None,) + tuple(grad.select(ctx.dim, i) for i in range(grad.shape[ctx.dim]))


class Split(Op):
    """split(int): several views of consecutive slices along `dim` (one node, many outputs)."""
    n_outputs = None

    def forward(ctx, x, dim, sizes):
        ctx.dim = dim
        if not len(sizes):  # (an empty dim split in no pieces: np.split would give the whole)
            return ()
        bounds = np.cumsum(sizes)[:-1]
        return np.split(x, bounds, axis=dim)

    def backward(ctx, *grads):
        return cat(grads, ctx.dim), None, None


class SplitWithSizes(Split):
    pass


class UnsafeSplit(Split):
    """split whose outputs share input's memory but are no views to autograd (each has its own
    version counter, and may be changed in place)."""


class UnsafeSplitWithSizes(Split):
    pass


class Unbind(Op):
    n_outputs = None

    def forward(ctx, x, dim):
        ctx.dim = dim
        return [x[(slice(None),) * dim + (i, Ellipsis)] for i in range(x.shape[dim])]

    def backward(ctx, *grads):
        return stack(grads, ctx.dim), None


def _multi_view(outputs, input, view_ops):
    """Mark each output of a multi-output view op (split, unbind) as a view of `input`, replayable
    through the single-output view op that selects it."""
    for t, (cls, rest) in zip(outputs, view_ops):
        _mark_view(t, (input,) + rest, cls)
        if _grad_state.enabled:  # (made in no_grad mode, it keeps that creation meta)
            t._creation_meta = MULTI_OUTPUT_NODE
    return outputs


def _scatter_key(index, dim):
    """The NumPy fancy key that reads/writes x along `dim` at `index`, elementwise elsewhere."""
    key = [np.arange(n).reshape((-1,) + (1,) * (index.ndim - 1 - d)) for d, n in enumerate(index.shape)]
    key[dim] = index
    return tuple(key)


def _check_scatter_dtypes(x, index, src):
    """torch's scatter_gather_dtype_check: an integer index, then src of self's dtype."""
    if index.dtype in (np.int32, np.int64) and src.dtype != x.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")


def _check_scatter_index(name, x, dim, index, src=None):
    """torch's checks of a gather/scatter index: integer, same rank, within x (and src) and in range."""
    if index.dtype not in (np.int32, np.int64):  # (torch names the gather or scatter family)
        raise RuntimeError(f"{'gather' if name == 'gather' else 'scatter'}(): Expected dtype int32/int64 for index")
    if index.ndim != x.ndim and index.size:
        raise RuntimeError("Index tensor must have the same number of dimensions as "
                           f"{'input' if name == 'gather' else 'self'} tensor")
    for d in range(index.ndim):
        too_big_for_x = d != dim and index.shape[d] > x.shape[d]
        if src is None and too_big_for_x:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(index.shape)} to be "
                               f"no larger than self {list(x.shape)} apart from dimension {dim}")
        if src is not None and (too_big_for_x or index.shape[d] > src.shape[d]):
            raise RuntimeError(f"Expected index {list(index.shape)} to be no larger than self {list(x.shape)} apart "
                               f"from dimension {dim} and to be no larger size than src {list(src.shape)}")
    if index.size:
        bad = index[(index < 0) | (index >= x.shape[dim])]
        if bad.size:
            raise RuntimeError(f"index {bad.flat[0]} is out of bounds for dimension {dim} with size {x.shape[dim]}")


def _head(src, shape):
    """The leading `shape` block of `src` (scatter reads only that much of a larger src)."""
    return src[tuple(slice(0, n) for n in shape)]


def _pad_to(g, shape):
    """Zero-pad `g` at the end of each dim up to `shape` (the adjoint of _head)."""
    if tuple(g.shape) == tuple(shape):
        return g
    if g.ndim < len(shape):  # a 0-d index's gradient for a 1-d src
        g = g.reshape((1,) * len(shape))
    return ConstantPadNd.apply(g, tuple(p for a, b in zip(reversed(shape), reversed(g.shape)) for p in (0, a - b)), 0)


def _lift(a):
    """A 0-d array as 1-d: torch's gather and scatter treat a scalar self, index or src as one element."""
    return a.reshape(1) if a.ndim == 0 else a


class Gather(Op):
    contiguous_output = True

    def forward(ctx, x, dim, index):
        x1, i1 = _lift(x), _lift(index)
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_index("gather", x1, dim, i1)
        ctx.in_shape, ctx.dim, ctx.index = x.shape, dim, index
        return x1[_scatter_key(i1, dim)].reshape(index.shape)

    def backward(ctx, grad):
        zeros = Tensor._wrap(np.zeros(ctx.in_shape, grad._data.dtype))
        return ScatterAdd.apply(zeros, ctx.dim, Tensor._wrap(ctx.index), grad), None, None


class Scatter(Op):
    """scatter(dim, index, src): a copy of x with src's values written at index along dim."""

    def forward(ctx, x, dim, index, src):
        x1, i1, s1 = _lift(x), _lift(index), _lift(src)
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_dtypes(x, index, src)
        _check_scatter_index("scatter", x1, dim, i1, s1)
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = x1.copy()
        out[_scatter_key(i1, dim)] = _head(s1, i1.shape)
        return out.reshape(x.shape)

    def backward(ctx, grad):
        index = Tensor._wrap(ctx.index)
        gx = grad.scatter(ctx.dim, index, 0) if ctx.needs_input_grad[0] else None
        gs = _pad_to(grad.gather(ctx.dim, index), ctx.src_shape) if ctx.needs_input_grad[3] else None
        return gx, None, None, gs


class ScatterValue(Op):
    node_name = "ScatterBackward1"

    def forward(ctx, x, dim, index, value):
        x1, i1 = _lift(x), _lift(index)
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_index("scatter", x1, dim, i1)
        ctx.dim, ctx.index = dim, index
        out = x1.copy()
        out[_scatter_key(i1, dim)] = value
        return out.reshape(x.shape)

    def backward(ctx, grad):
        return grad.scatter(ctx.dim, Tensor._wrap(ctx.index), 0), None, None, None


class ScatterReduceLegacy(_NoDerivative):
    """scatter(..., reduce='add' or 'multiply'): src (a tensor or a number) added into, or multiplying, x
    at index along dim. torch has no derivative for it: its node's backward raises."""
    node_name = "torch::autograd::NotImplemented"
    aten = "scatter"

    def forward(ctx, x, dim, index, src, reduce):
        x1, i1 = _lift(x), _lift(index)
        tensor_src = isinstance(src, np.ndarray)
        if tensor_src and src.dtype != x.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_index("scatter", x1, dim, i1, _lift(src) if tensor_src else None)
        out = x1.copy()
        values = _head(_lift(src), i1.shape) if tensor_src else np.asarray(src).astype(out.dtype)
        (np.add if reduce == "add" else np.multiply).at(out, _scatter_key(i1, dim), values)
        return out.reshape(x.shape)


class ScatterAdd(Op):
    def forward(ctx, x, dim, index, src):
        x1, i1, s1 = _lift(x), _lift(index), _lift(src)
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_dtypes(x, index, src)
        _check_scatter_index("scatter_add", x1, dim, i1, s1)
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = x1.copy()
        np.add.at(out, _scatter_key(i1, dim), _head(s1, i1.shape))
        return out.reshape(x.shape)

    def backward(ctx, grad):
        gs = None
        if ctx.needs_input_grad[3]:
            gs = _pad_to(grad.gather(ctx.dim, Tensor._wrap(ctx.index)), ctx.src_shape)
        return grad, None, None, gs


_REDUCTIONS = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum, "amin": np.minimum,
               "max": np.maximum, "min": np.minimum}  # the last two: torch's forward takes them, its backward not


def _identity(reduce, dtype):
    """The value a position starts from when the reduction leaves self out."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    if dtype.kind == "b":
        return reduce in ("amin", "min")
    if dtype.kind == "f":
        return -np.inf if reduce in ("amax", "max") else np.inf
    return np.iinfo(dtype).min if reduce in ("amax", "max") else np.iinfo(dtype).max


def reduced_at(x, key, src, reduce, include_self):
    """A copy of x with src's values reduced into x[key] (repeats reduced together) by `reduce`, x's own
    values taking part unless include_self is False; a mean of integers rounds down."""
    out = x.copy()
    if not include_self:
        out[key] = _identity(reduce, x.dtype)
    _REDUCTIONS[reduce].at(out, key, src)
    if reduce == "mean":
        count = np.full(x.shape, int(include_self), np.int64)
        np.add.at(count, key, 1)
        count[count == 0] = 1  # positions nothing reached keep their value
        out = out // count if x.dtype.kind in "iu" else (out / count).astype(x.dtype)
    return out


class ScatterReduce(Op):
    """scatter_reduce(dim, index, src, reduce, include_self): src's values reduced (sum, prod, mean,
    amax, amin) into x at index along dim, x's own value taking part unless include_self is False."""
    saves = (0, 3, "result")

    def forward(ctx, x, dim, index, src, reduce, include_self):
        if reduce not in _REDUCTIONS:
            raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}")
        x1, i1, s1 = _lift(x), _lift(index), _lift(src)  # (a 0-d self, index or src: one element)
        dim = wrap_dim(dim, x1.ndim)
        _check_scatter_index("scatter_reduce", x1, dim, i1, s1)
        if src.dtype != x.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        if reduce == "mean" and x.dtype.kind == "b":
            raise _dtype.not_implemented_for("scatter_gather_tensor_cpu_reduce_mean", x)
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self, ctx.src_shape = dim, index, reduce, include_self, src.shape
        return reduced_at(x1, _scatter_key(i1, dim), _head(s1, i1.shape), reduce, include_self).reshape(x.shape)

    def backward(ctx, grad):
        """torch's scatter_reduce_backward, in Tensor ops."""
        dim, reduce, include_self = ctx.dim, ctx.reduce, ctx.include_self
        if reduce in ("max", "min"):
            raise RuntimeError(f"Expected 'reduce' to be one of 'sum', 'prod', 'mean', 'amax', 'amin' but got "
                               f"{reduce}.")
        x, src, result = ctx.saved_tensors
        index = Tensor._wrap(ctx.index)
        if tuple(src.shape) != ctx.index.shape:
            src = src[tuple(slice(0, n) for n in ctx.index.shape)]
        at = (lambda t: t.gather(dim, index), lambda t, s: t.scatter_add(dim, index, s),
              lambda t: t.scatter(dim, index, 0),
              lambda t, s: t.scatter_reduce(dim, index, s, "prod", include_self=include_self))
        gx, gs = reduce_backward(grad, x, src, result, reduce, include_self, at)
        need_x, need_src = ctx.needs_input_grad[0], ctx.needs_input_grad[3]
        return (gx if need_x else None), None, None, (_pad_to(gs, ctx.src_shape) if need_src else None), None, None


def reduce_backward(grad, x, src, result, reduce, include_self, at):
    """The gradients (for x, for src) of src's values reduced into x at some positions: torch's
    scatter_reduce_backward and index_reduce_backward, in Tensor ops. `at` names the positions for
    the op at hand: (pick(t): t's values there, shaped as src; add(t, s): t with s added there;
    zero(t): t zeroed there; prod(t, s): t with s multiplied in there, the op's own forward)."""
    pick, add, zero, prod = at
    if reduce == "sum":
        gx, gs = grad, pick(grad)
    elif reduce == "mean":
        n = Tensor._wrap(np.full(grad.shape, float(include_self), grad._data.dtype))
        n = add(n, Tensor._wrap(np.ones(src.shape, grad._data.dtype)))
        n = n.masked_fill(n == 0, 1)
        gx, gs = grad / n, pick(grad) / pick(n)
    elif reduce == "prod":
        masked_x = x.masked_fill(x == 0, 1)
        gx = grad * prod(masked_x, src) / masked_x
        src_zero = src == 0
        n_zeros = pick(add(Tensor._wrap(np.zeros(x.shape, x._data.dtype)), src_zero.to(x.dtype)))
        single_zero = src_zero.logical_and(n_zeros == 1)
        # a lone zero's gradient is the product of the others, which result / src cannot give
        without_it = prod(x, src.masked_fill(single_zero, 1))
        gs = where(single_zero, pick(grad * without_it), pick(grad * result) / src.masked_fill(src_zero, 1))
    else:  # amax, amin: the gradient is shared evenly by every value that attains the extremum
        x_is_result = (x == result).to(x.dtype)
        src_is_result = (src == pick(result)).to(x.dtype)
        share = grad / add(x_is_result, src_is_result)
        gx, gs = x_is_result * share, src_is_result * pick(share)
    return (gx if include_self else zero(gx)), gs


def _check_index_vector(name, index):
    """torch's checks of the index of index_select and the index_* updates: a vector (or a scalar) of
    the integer dtypes each takes, tested in each one's order, in its words."""
    wide = index.ndim > 1
    typed = index.dtype in ((np.int64,) if name in ("index_copy_", "index_fill_") else (np.int32, np.int64))
    got = _dtype.scalar_type_name(index.dtype)
    if name == "index_fill_":  # (the dtype first)
        if not typed:
            raise IndexError("index_fill_(): Expected dtype int64 for index.")
        if wide:
            raise RuntimeError("Index has to be a vector/scalar")
    elif wide:
        raise IndexError(f"{name}(): Index is supposed to be a vector" if name == "index_select" else
                         f"index_copy_(): Index should have dimension 1 or 0 (got {index.ndim})" if name == "index_copy_"
                         else f"{name}(): Index is supposed to be a vector, but got dim: {index.ndim} with type: {got} "
                              f"and size: {list(index.shape)}")
    elif not typed:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index" if name == "index_select" else
                           f"index_copy_(): Expected a long tensor for index, but got {got}" if name == "index_copy_"
                           else f"{name}(): Expected dtype int32/int64 for index but got: {got}")


class IndexSelect(Op):
    def forward(ctx, x, dim, index):
        _check_index_vector("index_select", index)
        dim = wrap_dim(dim, x.ndim)
        size = x.shape[dim] if x.ndim else 1
        if not x.ndim and index.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {index.size} value(s)")
        if index.size and (index.min() < 0 or index.max() >= size):  # (no negative index counts from the end)
            # torch's CPU kernel has three checks: an empty self's, its dim-1 fast path's and the general one
            if x.ndim > 1 and (x.size == 0 or dim == 1):
                if not size:
                    raise RuntimeError("index_select(): self indexing axis dim should be positive")
                bad = index.reshape(-1)[(index.reshape(-1) < 0) | (index.reshape(-1) >= size)][0]
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad} axis_dim={size}")
            raise IndexError("index out of range in self")
        ctx.in_shape, ctx.dim, ctx.index = x.shape, dim, index
        return np.take(x, index.reshape(-1), axis=dim) if x.ndim else x.reshape(1)[index.reshape(-1)].reshape(())

    def backward(ctx, grad):
        zeros = Tensor._wrap(np.zeros(ctx.in_shape, grad._data.dtype))
        return zeros.index_add(ctx.dim, Tensor._wrap(ctx.index.reshape(-1)), grad), None, None


class MaskedSelect(Op):
    """The elements of x (broadcast with mask) where mask is True, as a 1-D tensor."""

    def forward(ctx, x, mask):
        if mask.dtype.kind != "b":
            raise RuntimeError("masked_select: expected BoolTensor for mask")
        try:
            xb, mb = np.broadcast_arrays(x, mask)
        except ValueError:
            from .pointwise import _broadcast_error
            raise _broadcast_error(x, mask) from None
        ctx.shape, ctx.mask = xb.shape, mb
        return xb[mb]

    def backward(ctx, grad):  # torch's masked_select_backward: zeros with grad scattered where mask is True
        zeros = Tensor._wrap(np.zeros(ctx.shape, grad._data.dtype))
        return zeros.masked_scatter_(Tensor._wrap(np.array(ctx.mask, order="C")), grad), None


class Take(Op):
    def forward(ctx, x, index):
        if index.dtype.kind not in "iu":
            raise RuntimeError(f"take(): Expected a long tensor for index, but got {_dtype.scalar_type_name(index.dtype)}")
        n = x.size
        if index.size:
            if not n:
                raise IndexError("take(): tried to take from an empty tensor")
            bad = index[(index < -n) | (index >= n)]
            if bad.size:
                raise IndexError(f"out of range: tried to access index {bad.flat[0]} on a tensor of {n} elements.")
        ctx.in_shape, ctx.index = x.shape, np.where(index < 0, index + n, index)
        return x.reshape(-1)[ctx.index]

    def backward(ctx, grad):  # torch's: zeros with grad put (accumulated) at the flat indices
        zeros = Tensor._wrap(np.zeros(ctx.in_shape, grad._data.dtype))
        return zeros.put_(Tensor._wrap(ctx.index), grad, accumulate=True), None


class Nonzero(Op):
    differentiable = False

    def forward(ctx, x):
        return np.argwhere(x)


class ConstantPadNd(Op):
    """Constant padding; pad = (left, right) pairs from the last dim backwards; negative pads crop."""

    def forward(ctx, x, pad, value):
        if len(pad) % 2:
            raise RuntimeError("Padding length must be divisible by 2")
        if len(pad) > 2 * x.ndim:
            raise RuntimeError(f"Padding length should be less than or equal to two times the input dimension but "
                               f"got padding length {len(pad)} and input of dimension {x.ndim}")
        ctx.pad = pad
        out_shape, dst, src = list(x.shape), [slice(None)] * x.ndim, [slice(None)] * x.ndim
        for k in range(len(pad) // 2):
            d = x.ndim - 1 - k
            left, right = pad[2 * k], pad[2 * k + 1]
            n = x.shape[d] + left + right
            if x.shape[d] + min(left, 0) < 0 or x.shape[d] + min(left, 0) + min(right, 0) < 0:
                raise RuntimeError("narrow(): length must be non-negative.")  # torch crops by narrow first
            out_shape[d] = n
            dst[d] = slice(max(left, 0), n - max(right, 0))
            src[d] = slice(max(-left, 0), x.shape[d] - max(-right, 0))
        out = np.full(out_shape, value, dtype=x.dtype)
        out[tuple(dst)] = x[tuple(src)]
        return out

    def backward(ctx, grad):
        return ConstantPadNd.apply(grad, tuple(-p for p in ctx.pad), 0), None, None


# ---------------------------------------------------------------- functions
def reshape(input, *shape, **by_name):
    """A view when the strides allow one, else a copy (UnsafeViewBackward0).

    As torch: view of a contiguous tensor, _reshape_alias of another the strides allow, else
    _unsafe_view of a contiguous clone (UnsafeViewBackward0 -> CloneBackward0)."""
    shape = _named_shape_arg(shape, by_name, "shape", "reshape") if by_name or not shape else \
        int_list(shape, "reshape", "shape")
    # (a formula run on arrays passes an ndarray or a NumPy scalar)
    if (input._data if type(input) is Tensor else getattr(input, "_data", input)).flags.c_contiguous:
        return View.apply(input, shape)
    try:
        return ReshapeAlias.apply(input, shape)
    except RuntimeError as e:
        if "view size is not compatible" not in str(e):
            raise
    # without grad np.reshape's own copy is the clone
    return UnsafeView.apply(clone(input) if getattr(input, "_requires_grad", False) else input, shape)


def view(input, *shape, **by_name):
    """A view with a new shape (-1 inferred), or with the same bytes read as another dtype.

    By name, size= or dtype=, as torch's overloads."""
    if by_name:
        if len(by_name) == 1 and "dtype" in by_name and not shape:
            shape = (by_name["dtype"],)
        else:
            shape = (_named_shape_arg(shape, by_name, "size", "view"),)
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        return ViewDtype.apply(input, shape[0].np)
    try:
        if not shape:
            raise TypeError
        sizes = int_list(shape, "view", "size")
    except TypeError:
        if not shape or len(shape) == 1 and not (isinstance(shape[0], (tuple, list)) and shape[0] and _takes_int(shape[0][0])):
            # neither overload takes it (a sequence of sizes must start with an int)
            raise _invalid_combination("view", shape, {}, " * (torch.dtype dtype)\n * (tuple of ints size)\n") from None
        raise
    return View.apply(input, sizes)


def view_as(input, other):
    """view(input, other.shape)."""
    return view(input, other.shape)


def reshape_as(input, other):
    """reshape(input, other.shape)."""
    return reshape(input, other.shape)


def expand(input, *sizes, implicit=False, **by_name):
    """A broadcast view (-1 keeps a size); the gradient sums over the expanded dims.

    By name, size=; implicit (torch's tracer's flag) changes nothing."""
    return Expand.apply(input, _named_shape_arg(sizes, by_name, "size", "expand") if by_name or not sizes else
                        int_list(sizes, "expand", "size"))


def expand_as(input, other):
    """expand(input, other.shape)."""
    return Expand.apply(input, tuple(other.shape))


def broadcast_to(input, size):
    """A broadcast view of input with shape `size`."""
    return Expand.apply(input, int_list((size,), "broadcast_to", "size", 2, sequence_only=True))


def sum_to_size(input, *size, **by_name):
    """Sum the broadcast dims away to reach `size` (the inverse of expand), recorded as torch's
    at::sum_to: sum() to a 0-dim size, else a sum over those dims kept (SumBackward1), viewed
    without the leading ones (ViewBackward0)."""
    if not size and not by_name:
        raise TypeError("sum_to_size() missing 1 required positional arguments: \"size\"")
    size = _named_shape_arg(size, by_name, "size", "sum_to_size")
    if not size:
        return input.sum()  # a new SumBackward0, a 0-d input's too (as torch)
    shape = input._data.shape
    if shape == size:
        return input
    if not broadcasts_to(size, shape):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    lead, dims = _summed_dims(shape, size)
    out = input.sum(dims, keepdim=True) if dims else input
    return out.view(size) if lead else out


def transpose(input, dim0, dim1):
    """A view with dims dim0 and dim1 swapped."""
    return Transpose.apply(input, dim0, dim1)


swapdims = transpose


def swapaxes(input, axis0, axis1):
    """transpose, with NumPy's names for the dims (as torch's swapaxes)."""
    return Transpose.apply(input, axis0, axis1)


def t(input):
    """The transpose of a matrix (vectors and scalars unchanged)."""
    return T.apply(input)


def permute(input, *dims, **by_name):
    """A view with the dims reordered as `dims` (torch.permute(input, dims): one sequence)."""
    return Permute.apply(input, _function_shape_arg(dims, by_name, "dims", "permute"))


def _permute_method(self, *dims, **by_name):
    """Tensor.permute(*dims), or of one sequence."""
    return Permute.apply(self, _named_shape_arg(dims, by_name, "dims", "permute"))


def movedim(input, source, destination):
    """Move dims `source` to positions `destination`, keeping the others in order (a permute)."""
    src = [source] if isinstance(source, (int, np.integer)) else list(source)
    dst = [destination] if isinstance(destination, (int, np.integer)) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) should contain the "
                           f"same number of dims as destination ({dst} dims)")
    n = input._data.ndim
    src = _unique_dims(src, n, f"movedim: repeated dim in `source` ({src})")
    dst = _unique_dims(dst, n, f"movedim: repeated dim in `destination` ({dst})")
    if not n:
        return Alias.apply(input)
    order = [None] * n
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(d for d in range(n) if d not in src)
    return permute(input, tuple(o if o is not None else next(rest) for o in order))


moveaxis = movedim


def squeeze(input, dim=None):
    """A view without size-1 dims (all, or those in `dim`)."""
    op, dims = squeeze_op(dim)
    return op.apply(input, dims)


def squeeze_op(dim):
    """(op, its dims) of squeeze(dim): every size-1 dim, one dim or several (torch's three nodes)."""
    if dim is None:
        return Squeeze, None
    if isinstance(dim, (tuple, list)):
        return SqueezeDims, tuple(dim)
    return SqueezeDim, (dim,)


def unsqueeze(input, dim):
    """A view with a new size-1 dim at `dim`."""
    return Unsqueeze.apply(input, dim)


def select(input, dim, index):
    """The view input[..., index, ...] at `dim`, which drops that dim."""
    return Select.apply(input, *selected(input._data.shape, dim, index))


def selected(shape, dim, index):
    """(dim, index) of select() in a tensor of `shape`, wrapped, after torch's checks."""
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    dim, index = wrap_dim(dim, len(shape)), int(index)
    if not -shape[dim] <= index < shape[dim]:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(shape)} at dimension {dim}")
    return dim, index


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims start_dim..end_dim into one (a view when possible)."""
    shape = input._data.shape
    if not shape:
        wrap_dim(start_dim, 0), wrap_dim(end_dim, 0)
        return reshape(input, (1,))
    s = wrap_dim(start_dim, len(shape))
    e = wrap_dim(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    """Split dim `dim` into `sizes` (one of them may be -1)."""
    shape = input._data.shape
    d = wrap_dim(dim, len(shape))
    sizes = int_list((sizes,), "unflatten", "sizes", 2, sequence_only=True)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    # torch infers -1 from the dim's own size, and words infer_size's errors as its own
    try:
        if not shape:
            raise no_dimensions(d)
        sizes = _infer_shape(sizes, shape[d])
    except (RuntimeError, IndexError) as e:
        if "is invalid for input of size" not in str(e):
            raise RuntimeError(f"unflatten got an unexpected error:\n{e}") from None
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
                           f"({shape[d]}) in the input tensor") from None
    return view(input, shape[:d] + tuple(sizes) + shape[d + 1:])


def _unflatten_method(self, dim, sizes):
    """Tensor.unflatten, which torch writes in Python: its own test of `sizes`, then TensorBase.unflatten's
    parser (a dim of another type, or sizes not a tuple or list of ints, is that parser's TypeError)."""
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if type(dim) is not int or type(sizes) not in (tuple, list):
        dim, sizes = _signatures.as_parsed_by("TensorBase.unflatten", (dim, sizes), method=True)
    return unflatten(self, dim, sizes)


def contiguous(input, memory_format=_dtype.contiguous_format):
    """input itself when laid out in `memory_format` (by default C-contiguous), else a copy that is
    (CloneBackward0)."""
    fmt = _memory_format.checked("contiguous", memory_format, None)
    if _memory_format.has(input._data, fmt):
        return input
    if fmt is _dtype.preserve_format:
        raise RuntimeError("preserve memory format is unsupported by the contiguous operator")
    return clone(input, memory_format=fmt)


def T_property(input):
    """Tensor.T: all dims reversed."""
    if input._data.ndim == 0:
        warn_once("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.")
    elif input._data.ndim != 2:
        warn_once("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it "
                  "will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
                  "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.")
    return permute(input, tuple(range(input._data.ndim - 1, -1, -1)))


def mT_property(input):
    """Tensor.mT: the last two dims swapped (a 0-d tensor: itself, deprecated)."""
    if input._data.ndim == 0:
        warn_once("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.")
        return input
    if input._data.ndim < 2:
        raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. Got "
                           f"{input._data.ndim}-D tensor.")
    return transpose(input, -2, -1)


def nbytes_property(input):
    """Tensor.nbytes: the bytes its elements take (numel * itemsize, an expanded view counted in full)."""
    return input._data.size * input._data.itemsize


def itemsize_property(input):
    """Tensor.itemsize: the bytes of one element."""
    return input._data.itemsize


def repeat(input, *repeats, **by_name):
    """Tile the tensor `repeats[i]` times along each dim (leading new dims allowed)."""
    return Repeat.apply(input, _named_shape_arg(repeats, by_name, "repeats", "repeat"))


def tile(input, dims):
    """repeat, with `dims` padded by leading ones."""
    dims = int_list((dims,), "tile", "dims")
    return Repeat.apply(input, (1,) * (input._data.ndim - len(dims)) + dims)


def _check_repeats_dtype(counts):
    if counts.dtype not in (np.int32, np.int64):  # (torch's kernel is written for index types only)
        raise _dtype.not_implemented_for("repeat_interleave_cpu", counts)


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeat each element `repeats` times along `dim` (the flattened tensor when dim is None)."""
    if repeats is None:  # repeat_interleave(counts): the indices 0..n-1 (of counts' dtype), each counts[i] times
        counts = input._data
        _check_repeats_dtype(counts)
        if counts.ndim != 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        return Tensor._wrap(np.repeat(np.arange(counts.size, dtype=counts.dtype), counts))
    if dim is None:
        input, dim = flatten(input), 0
    dim = wrap_dim(dim, input._data.ndim)
    if isinstance(repeats, Tensor):  # an index_select, as in torch (a one-element tensor repeats every slice)
        if repeats._data.ndim > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        counts = repeats._data.reshape(-1)
        if counts.size == 1:
            counts = np.repeat(counts, input._data.shape[dim])
        if counts.size != input._data.shape[dim]:
            raise RuntimeError(f"repeats must have the same size as input along dim, but got repeats.size(0) = "
                               f"{counts.size} and input.size({dim}) = {input._data.shape[dim]}")
        _check_repeats_dtype(counts)
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
        return index_select(input, dim, Tensor._wrap(np.repeat(np.arange(counts.size), counts)))
    r = int(repeats)
    if r < 0:
        raise RuntimeError("Repeats must be non-negative")  # (a tensor of repeats: torch's other words, above)
    shape = input._data.shape
    expanded = expand(unsqueeze(input, dim + 1), shape[:dim + 1] + (r,) + shape[dim + 1:])
    return flatten(clone(expanded), dim, dim + 1)


def _not_tensors(tensors, exc):
    """torch's TypeError for a list of tensors holding something else, or `exc` where all are tensors."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            return TypeError(f"expected Tensor as element {i} in argument 0, but got {_c_type_name(type(t))}")
    return exc


def _tensor_list(tensors, fn):
    """torch's parser of a tensor list: a tuple or list (not a tensor, an array or a generator) of tensors."""
    if type(tensors) is not list and type(tensors) is not tuple and not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, not "
                        f"{_c_type_name(type(tensors))}")
    for t in tensors:
        if not isinstance(t, Tensor):
            raise _not_tensors(tensors, None)


def _c_type_name(kind):
    """A type's name as C's tp_name gives it: list, numpy.ndarray, a Python class's own name (Tensor)."""
    if kind.__module__ == "builtins" or kind.__flags__ & (1 << 9):  # Py_TPFLAGS_HEAPTYPE: a Python class
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


def _nonempty(tensors, fn):
    _tensor_list(tensors, fn)
    if len(tensors) == 0:
        raise RuntimeError(f"{fn} expects a non-empty TensorList")


def cat(tensors, dim=0):
    """Concatenate along an existing dim (dtypes promoted as in torch)."""
    _tensor_list(tensors, "cat")
    if len(tensors) == 0:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    return Cat.apply(dim, *tensors)


def concat(tensors, dim=0):
    """torch.cat under another name."""
    _tensor_list(tensors, "concat")
    return cat(tensors, dim)


def concatenate(tensors, dim=0):
    """torch.cat under NumPy's name."""
    _tensor_list(tensors, "concatenate")
    return cat(tensors, dim)


def stack(tensors, dim=0):
    """Join equally shaped tensors along a new dim."""
    _tensor_list(tensors, "stack")
    if len(tensors) == 0:
        raise RuntimeError("stack expects a non-empty TensorList")
    return Stack.apply(dim, *tensors)


def _atleast(name, one, tensors):
    """torch's Python atleast_*d(*tensors): one tensor for one tensor, else a tuple (of a sequence too)."""
    if len(tensors) == 1:
        tensors = tensors[0]
    if isinstance(tensors, Tensor):
        return one(tensors)
    if not isinstance(tensors, (tuple, list)):
        raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(tensors).__name__}), "
                        "but expected one of:\n * (Tensor input)\n * (tuple of Tensors tensors)\n")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}")
    return tuple(one(t) for t in tensors)


def atleast_1d(*tensors):
    """Each tensor with at least 1 dim (one tensor, or a tuple of them for several or a sequence)."""
    return _atleast("atleast_1d", _atleast_1d, tensors)


def atleast_2d(*tensors):
    """Each tensor with at least 2 dims (one tensor, or a tuple of them for several or a sequence)."""
    return _atleast("atleast_2d", _atleast_2d, tensors)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dims (one tensor, or a tuple of them for several or a sequence)."""
    return _atleast("atleast_3d", _atleast_3d, tensors)


def _atleast_1d(input):
    return reshape(input, (1,)) if input._data.ndim == 0 else input


def _atleast_2d(input):
    n = input._data.ndim
    return reshape(input, (1, 1)) if n == 0 else unsqueeze(input, 0) if n == 1 else input


def _atleast_3d(input):
    n = input._data.ndim
    if n == 0:
        return reshape(input, (1, 1, 1))
    if n == 1:
        return unsqueeze(unsqueeze(input, 0), -1)
    return unsqueeze(input, -1) if n == 2 else input


def hstack(tensors):
    """Concatenate along dim 1 (dim 0 for vectors)."""
    _nonempty(tensors, "hstack")
    tensors = [_atleast_1d(t) for t in tensors]
    return cat(tensors, 0 if tensors and tensors[0]._data.ndim == 1 else 1)


def vstack(tensors):
    """Concatenate rows (vectors become rows)."""
    _nonempty(tensors, "vstack")
    return cat([_atleast_2d(t) for t in tensors], 0)


def row_stack(tensors):
    """torch.vstack under another name."""
    _tensor_list(tensors, "row_stack")
    return vstack(tensors)


def dstack(tensors):
    """Concatenate along dim 2, after atleast_3d."""
    _nonempty(tensors, "dstack")
    return cat([_atleast_3d(t) for t in tensors], 2)


def column_stack(tensors):
    """Vectors (and scalars) as columns, side by side with the matrices' columns."""
    _nonempty(tensors, "column_stack")
    return cat([reshape(t, (t._data.size, 1)) if t._data.ndim <= 1 else t for t in tensors], 1)


def split(tensor, split_size_or_sections, dim=0):
    """Views of consecutive pieces along `dim`: of equal size (the last may be smaller), or of the listed sizes.
    As torch's Python split, a tensor size is read by int() where it can be, and only a Python int is a size
    (a NumPy integer goes to split_with_sizes' parser, a bool to split's)."""
    if isinstance(split_size_or_sections, Tensor):
        try:
            split_size_or_sections = int(split_size_or_sections)
        except ValueError:  # (more than one element: split_with_sizes refuses the tensor; as torch, only this)
            pass
    if isinstance(split_size_or_sections, int):  # (torch hands it to _VF.split, whose parser refuses a bool)
        if isinstance(split_size_or_sections, bool) or type(dim) is not int:
            _, split_size_or_sections, dim = _signatures.as_parsed_by("_VF.split", (tensor, split_size_or_sections, dim))
        return _split_views(Split, tensor, *equal_sizes(tensor, split_size_or_sections, dim))
    # anything else goes to split_with_sizes, as in torch: its parser's errors for what is no int list
    if type(split_size_or_sections) not in (tuple, list) or any(type(s) is not int for s in split_size_or_sections) \
            or type(dim) is not int:
        _, split_size_or_sections, dim = _signatures.as_parsed_by("split_with_sizes",
                                                                  (tensor, split_size_or_sections, dim))
    return _split_views(SplitWithSizes, tensor, *listed_sizes(tensor, split_size_or_sections, dim))


def _split_method(self, split_size, dim=0):
    """Tensor.split: torch's Python method names its size split_size (torch.split: split_size_or_sections)."""
    return split(self, split_size, dim)


_split_method.__name__ = _split_method.__qualname__ = "split"


def split_with_sizes(input, split_sizes, dim=0):
    """Views of consecutive pieces along `dim` of the listed sizes."""
    return _split_views(SplitWithSizes, input, *listed_sizes(input, split_sizes, dim, "split_with_sizes"))


def _split_views(op, tensor, dim, sizes):
    outputs = op.apply(tensor, dim, sizes)
    starts = np.cumsum((0,) + sizes[:-1]).tolist()
    return _multi_view(outputs, tensor, [(Slice, (dim, s, s + n, None)) for s, n in zip(starts, sizes)])


def equal_sizes(tensor, split_size, dim):
    """(dim, sizes) of split(int): pieces of split_size, the last one what is left."""
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    step = int(split_size)
    if step < 0:
        raise RuntimeError(f"split expects split_size be non-negative, but got split_size={step}")
    if step == 0 and size:
        raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
    return d, tuple(min(step, size - s) for s in range(0, size, step)) if size else (0,)


def listed_sizes(tensor, sizes, dim, fn=None):
    """(dim, sizes) of split_with_sizes, after torch's checks (`fn`: the function whose argument a
    bare int is refused as)."""
    if fn is not None and isinstance(sizes, (int, np.integer)):
        raise TypeError(f"{fn}(): argument 'split_sizes' (position 2) must be tuple of ints, not "
                        f"{type(sizes).__name__}")
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    d = wrap_dim(dim, tensor._data.ndim)
    size = tensor._data.shape[d]
    sizes = tuple(int(s) for s in sizes)
    if any(s < 0 for s in sizes):
        raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative entries, but got "
                           f"split_sizes={list(sizes)}")
    if sum(sizes) != size:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size "
                           f"at dimension {d}), but got split_sizes={list(sizes)}")
    return d, sizes


def chunk(input, chunks, dim=0):
    """split into `chunks` pieces of size ceil(n / chunks) (fewer if they run out).

    An empty dim gives `chunks` empty pieces, as torch's split_with_sizes of zeros."""
    size = chunk_size(input, chunks, dim)
    return split(input, size if size else [0] * chunks, dim)


def chunk_size(input, chunks, dim):
    """The split size of chunk(): ceil(n / chunks), at least 1 (0 for an empty dim)."""
    if not input._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    size = input._data.shape[wrap_dim(dim, input._data.ndim)]
    return max(-(-size // chunks), 1) if size else 0


def unsafe_split(input, split_size, dim=0):
    """split, with outputs autograd does not treat as views (their memory is still input's)."""
    if not isinstance(split_size, (int, np.integer)):
        raise TypeError(f"unsafe_split(): argument 'split_size' (position 2) must be int, not "
                        f"{type(split_size).__name__}")
    return UnsafeSplit.apply(input, *equal_sizes(input, split_size, dim))


def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """split_with_sizes, with outputs autograd does not treat as views."""
    return UnsafeSplitWithSizes.apply(input, *listed_sizes(input, split_sizes, dim, "unsafe_split_with_sizes"))


def unsafe_chunk(input, chunks, dim=0):
    """chunk, with outputs autograd does not treat as views."""
    size = chunk_size(input, chunks, dim)
    if not size:
        return unsafe_split_with_sizes(input, [0] * chunks, dim)
    return unsafe_split(input, size, dim)


def unbind(input, dim=0):
    """The slices along `dim`, as a tuple of views."""
    d = wrap_dim(dim, input._data.ndim)
    if not input._data.ndim:
        raise no_dimensions(d)
    outputs = Unbind.apply(input, d)
    return _multi_view(outputs, input, [(Select, (d, i)) for i in range(len(outputs))])


def tensor_split(input, *args, indices=None, sections=None, tensor_indices_or_sections=None, dim=0):
    """Views split at the given indices, or into `sections` nearly equal parts (the first ones larger).

    The indices or sections come positionally (then dim), or by the keyword of torch's overload for
    them: indices (a list), sections (an int) or tensor_indices_or_sections (a tensor of either).
    Behind torch's parser, exactly one of them is given, as its overload's type."""
    if len(args) == 2:
        args, dim = args[:1], args[1]
    cuts = next(v for v in (*args, indices, sections, tensor_indices_or_sections) if v is not None)
    return _tensor_split(input, cuts, dim)


def _tensor_split(input, indices_or_sections, dim):
    if not input._data.ndim:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims")
    d = wrap_dim(dim, input._data.ndim)
    size = input._data.shape[d]
    cuts = indices_or_sections
    if isinstance(cuts, Tensor):
        if cuts._data.dtype != np.int64:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype of long, but got "
                               f"{_dtype.scalar_type_name(cuts._data.dtype)}")
        if cuts.dim() > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               f"one-dimensional tensor, but got a tensor with {cuts.dim()} dims")
        cuts = cuts.tolist()
    if isinstance(cuts, (int, np.integer)):
        n = int(cuts)
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        q, extra = divmod(size, n)
        bounds = np.cumsum([0] + [q + (i < extra) for i in range(n)]).tolist()
    else:
        bounds = [0] + [min(max(int(c) + size * (c < 0), 0), size) for c in cuts] + [size]
    return tuple(Slice.apply(input, d, a, max(a, b), None) for a, b in zip(bounds, bounds[1:]))


def _directional_split(name, input, args, indices, sections, dim, min_dims):
    """torch.{name}: the parser (the signature table) has checked the arguments: one int (sections) or an
    int list (indices) by position or by those names, or on a method several ints (the indices)."""
    if len(args) > 1:
        sections = list(args)  # x.hsplit(1, 3): the indices one by one
    elif args:
        sections = list(args[0]) if isinstance(args[0], (tuple, list)) else args[0]
    elif indices is not None:
        sections = list(indices)
    n = input._data.ndim
    if n < min_dims:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dims} dimension, but got a tensor with "
                           f"{n} dimensions!")
    if isinstance(sections, (int, np.integer)) and (not sections or input._data.shape[dim] % sections):
        raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size of the dimension "
                           f"{input._data.shape[dim]} is not divisible by the split_size {sections}!")
    return _tensor_split(input, sections, dim)


def hsplit(input, *args, indices=None, sections=None):
    """tensor_split along dim 1 (dim 0 for vectors); sections must divide evenly.

    indices (a list) or sections (an int) come positionally or by those names."""
    return _directional_split("hsplit", input, args, indices, sections, 0 if input._data.ndim == 1 else 1, 1)


def vsplit(input, *args, indices=None, sections=None):
    """tensor_split along dim 0; sections must divide evenly."""
    return _directional_split("vsplit", input, args, indices, sections, 0, 2)


def dsplit(input, *args, indices=None, sections=None):
    """tensor_split along dim 2; sections must divide evenly."""
    return _directional_split("dsplit", input, args, indices, sections, 2, 3)


def unfold(input, dimension, size, step):
    """A view of the windows input[..., i * step : i * step + size, ...] along `dimension`, in a new last dim."""
    return Unfold.apply(input, wrap_dim(dimension, input._data.ndim), int(size), int(step))


def narrow(input, dim, start, length):
    """The view input[..., start:start + length, ...] along `dim`."""
    return Slice.apply(input, *narrowed(input._data.shape, dim, start, length), None)


def sliced(shape, dim, step):
    """dim of a slice(dim, start, end, step) of a tensor of `shape`, wrapped, after torch's checks."""
    if not shape:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    dim = wrap_dim(dim, len(shape))
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    return dim


def narrowed(shape, dim, start, length, copy=False):
    """(dim, start, stop) of narrow() in a tensor of `shape`, wrapped, after torch's checks (narrow_copy
    tells a negative length as one that runs past the end)."""
    if not shape:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    start, length = int(start), int(length)
    if length < 0 and not copy:
        raise RuntimeError("narrow(): length must be non-negative.")
    d = wrap_dim(dim, len(shape))
    size = shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but got {start})")
    if start < 0:
        start += size
    if length < 0 or start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return d, start, start + length


def flip(input, *dims, **by_name):
    """A copy with the order of elements reversed along `dims` (torch.flip(input, dims): one sequence)."""
    return Flip.apply(input, _function_shape_arg(dims, by_name, "dims", "flip"))


def _flip_method(self, *dims, **by_name):
    """Tensor.flip(*dims), or of one sequence."""
    return Flip.apply(self, _named_shape_arg(dims, by_name, "dims", "flip"))


def fliplr(input):
    """flip(input, 1)."""
    if input._data.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return Flip.apply(input, (1,))


def flipud(input):
    """flip(input, 0)."""
    if input._data.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return Flip.apply(input, (0,))


def rot90(input, k=1, dims=(0, 1)):
    """Rotate by 90 degrees k times in the plane of `dims` (from the first towards the second)."""
    return Rot90.apply(input, int(k), tuple(dims))


def roll(input, shifts, dims=None):
    """Shift elements circularly along dims (the flattened tensor when dims is None)."""
    shifts = (shifts,) if isinstance(shifts, (int, np.integer)) else tuple(shifts)
    dims = () if dims is None else (dims,) if isinstance(dims, (int, np.integer)) else tuple(dims)
    return Roll.apply(input, shifts, dims)


def tril(input, diagonal=0):
    """The lower triangle (on and below diagonal `diagonal`), zeros elsewhere."""
    return Tril.apply(input, diagonal)


def tril_(input, diagonal=0):
    """In-place tril."""
    return Tril.apply_(input, diagonal)


def triu(input, diagonal=0):
    """The upper triangle (on and above diagonal `diagonal`), zeros elsewhere."""
    return Triu.apply(input, diagonal)


def triu_(input, diagonal=0):
    """In-place triu."""
    return Triu.apply_(input, diagonal)


def diag(input, diagonal=0):
    """A vector's diagonal matrix, or a matrix's diagonal as a vector."""
    n = input._data.ndim
    if n == 1:
        m = input._data.shape[0] + abs(diagonal)
        return DiagEmbed.apply(input, (m, m), diagonal, 0, 1)
    if n == 2:
        return DiagonalCopy.apply(input, diagonal, 0, 1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {n}D")


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """Matrices (in dims dim1, dim2 of the result) with input's last dim on diagonal `offset`."""
    shape = input._data.shape
    n = len(shape) + 1
    d1, d2 = wrap_dim(dim1, n), wrap_dim(dim2, n)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    m = shape[-1] + abs(offset) if shape else 1 + abs(offset)
    batch = iter(shape[:-1])
    out_shape = tuple(m if d in (d1, d2) else next(batch) for d in range(n))
    return DiagEmbed.apply(input, out_shape, offset, d1, d2)


def diagonal(input, offset=0, dim1=0, dim2=1):
    """A view of diagonal `offset` of the matrices in dims dim1, dim2 (as the last dim)."""
    return Diagonal.apply(input, offset, dim1, dim2)


def trace(input):
    """The sum of a matrix's diagonal."""
    return Trace.apply(input)


def gather(input, dim, index, *, sparse_grad=False):
    """out[i][j] = input[i][index[i][j]] (for dim 1): values picked along `dim`. (The gradient is
    dense, sparse_grad or not: there are no sparse tensors.)"""
    return Gather.apply(input, dim, index)


def take_along_dim(input, indices, dim=None):
    """gather along `dim` with input and indices broadcast against each other elsewhere."""
    if dim is None:  # torch views both flat (a layout that cannot be viewed so is refused) and gathers
        return Gather.apply(view(input, -1), 0, view(indices, -1))
    if indices._data.dtype != np.int64:
        raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{_dtype.scalar_type_name(indices)}")
    n = input._data.ndim
    if indices._data.ndim != n:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {n} dimensions for input, and {indices._data.ndim} dimensions for indices")
    d = wrap_dim(dim, n)
    if not n:  # torch reads indices.size(d) of a 0-d tensor
        raise no_dimensions(d)
    sizes = list(input._data.shape)
    sizes[d] = indices._data.shape[d]
    shape = list(np.broadcast_shapes(tuple(sizes), indices._data.shape))
    indices = broadcast_to(indices, tuple(shape))
    shape[d] = input._data.shape[d]
    return Gather.apply(broadcast_to(input, tuple(shape)), d, indices)


def _scatter_reduce_checked(src, reduce):
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    if isinstance(src, Tensor):
        warn_once("The reduce argument of torch.scatter with Tensor src is deprecated and will be removed in a "
                  "future PyTorch release. Use torch.scatter_reduce instead for more reduction options.")


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """A copy of input with `src` (a tensor) or `value` (a number) written at `index` along `dim`, or
    with reduce='add' / 'multiply' added in or multiplied in (torch's older form, not differentiable)."""
    if src is None:
        src = value
    if reduce is not None:
        _scatter_reduce_checked(src, reduce)
        return ScatterReduceLegacy.apply(input, dim, index, src, reduce)
    if isinstance(src, Tensor):
        return Scatter.apply(input, dim, index, src)
    return ScatterValue.apply(input, dim, index, src)


def scatter_(input, dim, index, src=None, *, value=None, reduce=None):
    """In-place scatter."""
    if src is None:
        src = value
    if reduce is not None:
        _scatter_reduce_checked(src, reduce)
        return ScatterReduceLegacy.apply_(input, dim, index, src, reduce)
    if isinstance(src, Tensor):
        return Scatter.apply_(input, dim, index, src)
    return ScatterValue.apply_(input, dim, index, src)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """A copy of input with src reduced in at `index` along `dim` by "sum", "prod", "mean", "amax" or
    "amin" (input's own values left out of the reduction where src lands when include_self is False)."""
    return ScatterReduce.apply(input, dim, index, src, reduce, bool(include_self))


def scatter_reduce_(input, dim, index, src, reduce, *, include_self=True):
    """In-place scatter_reduce."""
    return ScatterReduce.apply_(input, dim, index, src, reduce, bool(include_self))


def scatter_add(input, dim, index, src):
    """A copy of input with src added at `index` along `dim` (repeats add up)."""
    return ScatterAdd.apply(input, dim, index, src)


def scatter_add_(input, dim, index, src):
    """In-place scatter_add."""
    return ScatterAdd.apply_(input, dim, index, src)


def index_select(input, dim, index):
    """The slices of input at `index` along `dim`."""
    return IndexSelect.apply(input, dim, index)


def masked_select(input, mask):
    """The elements where mask (broadcast with input) is True, as a 1-D tensor."""
    return MaskedSelect.apply(input, mask)


def take(input, index):
    """Elements of the flattened input at `index`, shaped like index."""
    return Take.apply(input, index)


def nonzero(input, *, as_tuple=False):
    """Indices of the non-zero elements: an (n, ndim) tensor, or one 1-D tensor per dim."""
    if not as_tuple:
        return Nonzero.apply(input)
    data = input._data.reshape(1) if input._data.ndim == 0 else input._data
    return tuple(Tensor._wrap(i.astype(np.int64)) for i in np.nonzero(data))


def argwhere(input):
    """The indices of input's non-zero elements, an (n, ndim) tensor (nonzero without as_tuple)."""
    return Nonzero.apply(input)


class NonzeroStatic(Op):
    """nonzero's rows cut or padded with fill_value to exactly `size` rows (a shape known in advance)."""
    differentiable = False

    def forward(ctx, x, size, fill_value):
        found = np.argwhere(x)[:size]
        out = np.full((size, x.ndim), fill_value, np.int64)
        out[:len(found)] = found
        return out


_MISSING = object()


def nonzero_static(input, *args, size=_MISSING, fill_value=-1):
    """The indices of input's nonzero elements, as nonzero(), in a tensor of exactly `size` rows:
    the first `size` of them, then rows of `fill_value`."""
    from .._creation import _int_arg
    if args:  # size and fill_value are keyword-only (torch counts positions without input)
        raise TypeError(f"nonzero_static() takes from 2 to 1 positional arguments but {len(args) + 1} were given")
    if not isinstance(input, Tensor):
        raise TypeError(f"nonzero_static(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
    if size is _MISSING:
        raise TypeError('nonzero_static() missing 1 required positional arguments: "size"')
    size, fill_value = _int_arg(size, "nonzero_static", "size"), _int_arg(fill_value, "nonzero_static", "fill_value")
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    if _forward_ad.state.active and _forward_ad.tangent_of(input) is not None:  # (torch lists no formula, not even
        # "not differentiable", for it: forward mode refuses a dual input, where reverse mode records nothing)
        raise NotImplementedError("Trying to use forward AD with aten::nonzero_static that does not support it.")
    return NonzeroStatic.apply(input, size, fill_value)


def _nonzero_static_method(self, *args, **kwargs):
    """x.nonzero_static(*, size, fill_value=-1): torch.nonzero_static(x, ...)."""
    if args:
        raise TypeError(f"nonzero_static() takes from 1 to 0 positional arguments but {len(args)} were given")
    return nonzero_static(self, **kwargs)


def _check_nonzero_static_out(result, outs):
    if outs[0]._data.dtype != np.int64:
        raise RuntimeError("nonzero_static: Expected out tensor to have scalar type Long but got scalar type"
                           f"{_dtype.scalar_type_name(outs[0])}")  # (no space: torch's message)


nonzero_static.check_out = _check_nonzero_static_out


def broadcast_shapes(*shapes):
    """The shape the given shapes broadcast to, as torch.Size."""
    result = []
    for k, given in enumerate(shapes):
        if isinstance(given, (int, np.integer)):
            given = (given,)
        shape = tuple(int(s) for s in given)
        for i in range(1, len(shape) + 1):
            if i > len(result):
                result.insert(0, shape[-i])
            elif result[-i] == 1:
                result[-i] = shape[-i]
            elif shape[-i] not in (1, result[-i]):  # (the shape printed as given, as torch's: a list, a Size)
                raise RuntimeError(f"Attempting to broadcast a dimension of length {shape[-i]} at {-i}! Mismatching "
                                   f"argument at index {k} had {given}; but expected shape should be broadcastable "
                                   f"to {result}")
    return Size(result)


def broadcast_tensors(*tensors):
    """The tensors expanded to their common broadcast shape (views, as expand gives; a tensor
    already of that shape is returned itself, as torch's)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    shape = ()
    for t in tensors:
        try:
            shape = np.broadcast_shapes(shape, t.shape)
        except ValueError:
            from .pointwise import _shape_mismatch
            raise _shape_mismatch(shape, tuple(t.shape)) from None
    return tuple(t if tuple(t.shape) == shape else t.expand(shape) for t in tensors)  # torch's: as it is if it fits


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors, as views: output k varies along dim k.

    indexing='ij' (the default, with a warning when not given) or 'xy' (the first two dims swapped)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if (indexing is not None and type(indexing) is not str) or not all(isinstance(t, Tensor) for t in tensors):
        _signatures.as_parsed_by("_VF.meshgrid", (list(tensors),), kwargs={} if indexing is None else
                                 {"indexing": indexing})  # (torch's hands them to its kernel's parser)
    if indexing is None:
        import warnings
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
                      UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}')
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t}")
        if t.dtype != tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    sizes = [t.numel() for t in tensors]
    order = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        order[0], order[1] = 1, 0
    shape = [sizes[k] for k in order]
    out = []
    for i, t in enumerate(tensors):
        view_shape = [1] * len(tensors)
        view_shape[order.index(i)] = -1
        out.append(t.reshape(view_shape).expand(shape))
    return tuple(out)


def ravel(input):
    """The elements as a 1-D tensor: a view when input is contiguous (torch's contiguous().view(-1))."""
    return view(contiguous(input), (-1,))


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference along `dim`, after joining `prepend` and `append` on either side."""
    shape = input._data.shape
    if not shape:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, len(shape))
    for other in (prepend, append):
        if other is None:
            continue
        if other._data.ndim != len(shape):
            raise RuntimeError("diff expects prepend or append to be the same dimension as input")
        for i, (a, b) in enumerate(zip(shape, other._data.shape)):
            if i != d and a != b:
                raise RuntimeError(f"diff expects the shape of tensor to prepend or append to match that of input "
                                   f"except along the differencing dimension; input.size({i}) = {a}, but got "
                                   f"tensor.size({i}) = {b}")
    if n == 0:
        # torch copies into a fresh tensor (CopyBackwards), ignoring prepend/append
        return Tensor._wrap(np.zeros_like(input._data)).copy_(input)
    if prepend is not None or append is not None:
        input = cat([t for t in (prepend, input, append) if t is not None], d)
    length = input._data.shape[d] - 1
    for _ in range(min(n, length + 1)):
        head, tail = narrow(input, d, 1, length), narrow(input, d, 0, length)
        input = head.logical_xor(tail) if input._data.dtype == np.bool_ else head - tail
        length -= 1
    return input


class BlockDiag(Op):
    """A block-diagonal matrix of the inputs (0-d as 1x1, 1-d as a row), dtypes promoted."""
    _list_formula = True

    def forward(ctx, *xs):
        for i, x in enumerate(xs):
            if x.ndim > 2:
                raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                                   f"{x.ndim} dimensions")
        blocks = [x.reshape((1,) * (2 - x.ndim) + x.shape) for x in xs]
        ctx.shapes = [x.shape for x in xs]
        ctx.corners = []
        out = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)), _result_dtype(xs))
        r = c = 0
        for b in blocks:
            ctx.corners.append((r, c) + b.shape)
            out[r:r + b.shape[0], c:c + b.shape[1]] = b
            r, c = r + b.shape[0], c + b.shape[1]
        return out

    def backward(ctx, grad):  # every block, as torch's one formula for the list
        return tuple(grad.narrow(0, r, h).narrow(1, c, w).reshape(shape) for (r, c, h, w), shape in
                     zip(ctx.corners, ctx.shapes))


def block_diag(*tensors):
    """The tensors as the blocks on the diagonal of one matrix (zeros elsewhere)."""
    if not tensors:
        return Tensor._wrap(np.zeros((1, 0), _dtype.get_default_dtype().np))
    return BlockDiag.apply(*tensors)


def cartesian_prod(*tensors):
    """Every combination of one element from each 1-D tensor, as rows (the tensor itself when only one)."""
    for t in tensors:
        if t._data.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t._data.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    return stack([flatten(g) for g in meshgrid(*tensors, indexing="ij")], 1)


def pad(input, pad, mode="constant", value=None):
    """nn.functional.pad: pad = (left, right) pairs from the last dim backwards; negative pads crop.

    mode 'constant' fills with `value`; 'reflect', 'replicate' and 'circular' read the border
    (they pad the last 1-3 dims of a batched or unbatched input)."""
    _tensor_input("pad", input)
    if type(mode) is not str or (value is not None and type(value) is not float and type(value) is not int):
        mode, value = _signatures.as_parsed_by("pad", (input, pad, mode, value))[2:]  # (torch's F.pad's kernel)
    pad = int_list((pad,), "pad", "pad", 2, sequence_only=True)
    if mode == "constant":
        return ConstantPadNd.apply(input, pad, 0 if value is None else value)
    if mode not in ("reflect", "replicate", "circular"):
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    shape = input._data.shape
    k = len(pad) // 2
    if len(pad) % 2 or k not in (1, 2, 3) or len(shape) not in (k + 1, k + 2):
        raise NotImplementedError(
            f"Padding size {len(pad)} is not supported for {len(shape)}D input tensor.\nSupported combinations for "
            "non-constant padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: "
            "padding size = 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")
    if mode == "circular":
        return _pad_circular(input, pad)
    if 0 in shape[len(shape) - k - 1:]:  # the reflection/replication kernels take an empty batch only
        raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other "
                           f"non-zero dimensions for input, but got: {list(shape)}")
    _check_border_pad_size(mode, shape, pad)
    index = []
    for j in range(k):
        d = len(shape) - 1 - j
        n, left, right = shape[d], pad[2 * j], pad[2 * j + 1]
        i = np.arange(-left, n + right)
        if mode == "reflect":
            if left >= n or right >= n:
                raise RuntimeError(f"Argument #4: Padding size should be less than the corresponding input dimension, "
                                   f"but got: padding ({left}, {right}) at dimension {d} of input {list(shape)}")
            i = np.abs(i)
            i = np.where(i >= n, 2 * (n - 1) - i, i)
        else:
            i = np.clip(i, 0, n - 1)
        index.insert(0, i)
    from .indexing import PAD_OPS
    return PAD_OPS[mode, k].apply(input, (Ellipsis,) + np.ix_(*index))


def _check_border_pad_size(mode, shape, pad):
    """The reflection/replication kernels' refusals of negative pads that leave too little: the 1-d
    kernels want a positive width, the others fail at allocating a negative size (reflect 2-d in
    its numel check)."""
    k = len(pad) // 2
    out = list(shape)
    for j in range(k):
        out[-1 - j] += pad[2 * j] + pad[2 * j + 1]
    if k == 1 and out[-1] < 1:
        raise RuntimeError(f"input (W: {shape[-1]}) is too small. Calculated output W: {out[-1]}")
    negative = [o for o in out if o < 0]
    if negative:
        if mode == "reflect" and k == 2:
            raise RuntimeError("numel: integer multiplication overflow")
        raise RuntimeError(f"Trying to create tensor with negative dimension {negative[0]}: {out}")


def _pad_circular(input, pad):
    """torch's circular padding: the (cropped) input copied into the middle of a new tensor, then
    each padded dim's borders copied from its other end (so the graph is torch's chain of CopySlices)."""
    shape = input._data.shape
    n = len(shape)
    pads = {d: (pad[2 * (n - 1 - d)], pad[2 * (n - 1 - d) + 1]) for d in range(n - len(pad) // 2, n)}
    if any(left > shape[d] or right > shape[d] for d, (left, right) in pads.items()):
        raise RuntimeError("Padding value causes wrapping around more than once.")
    if any(shape[d] + left + right < 0 for d, (left, right) in pads.items()):
        raise RuntimeError("Negative padding value is resulting in an empty dimension")
    out_shape = tuple(shape[d] + sum(pads.get(d, (0, 0))) for d in range(n))
    out = Tensor._wrap(np.zeros(out_shape, input._data.dtype))
    dst, src = out, input
    for d, (left, right) in pads.items():
        kept = shape[d] - max(-left, 0) - max(-right, 0)
        dst, src = narrow(dst, d, max(left, 0), kept), narrow(src, d, max(-left, 0), kept)
    dst.copy_(src)
    for d, (left, right) in pads.items():
        size = out_shape[d]
        if left > 0:
            narrow(out, d, 0, left).copy_(narrow(out, d, size - left - max(right, 0), left))
        if right > 0:
            narrow(out, d, size - right, right).copy_(narrow(out, d, max(left, 0), right))
    return out


__all__ = ["reshape", "view", "view_as", "reshape_as", "expand", "expand_as", "broadcast_to", "sum_to_size",
           "transpose", "swapaxes", "swapdims", "t", "permute", "movedim", "moveaxis", "squeeze", "unsqueeze",
           "select", "flatten", "unflatten", "contiguous", "repeat", "tile", "repeat_interleave", "cat", "concat",
           "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack", "column_stack", "atleast_1d",
           "atleast_2d", "atleast_3d", "split", "split_with_sizes", "unsafe_split", "unsafe_split_with_sizes", "chunk",
           "unsafe_chunk", "tensor_split", "hsplit", "vsplit", "dsplit", "unbind",
           "narrow", "flip", "fliplr", "flipud", "rot90",
           "roll", "tril", "triu", "diag", "diag_embed", "diagonal", "trace", "gather", "take_along_dim", "scatter",
           "scatter_add", "index_select", "masked_select", "take", "nonzero", "nonzero_static", "argwhere",
           "broadcast_shapes", "broadcast_tensors", "meshgrid", "ravel", "diff", "block_diag", "cartesian_prod",
           "scatter_reduce"]
_FUNCTION_ONLY = {"cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack", "block_diag",
                  "cartesian_prod", "column_stack", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_shapes",
                  "broadcast_tensors", "meshgrid"}
METHODS = {name: globals()[name] for name in __all__ if name not in _FUNCTION_ONLY}
for _method in (_flip_method, _permute_method, _unflatten_method):
    _method.__name__ = _method.__qualname__ = _method.__name__[1:-len("_method")]
METHODS.update({"nonzero_static": _nonzero_static_method, "split": _split_method,
                "flip": _flip_method, "permute": _permute_method, "unflatten": _unflatten_method,
                "scatter_": scatter_, "scatter_add_": scatter_add_, "scatter_reduce_": scatter_reduce_,
                "unfold": unfold, "tril_": tril_, "triu_": triu_,
                "T": property(T_property), "mT": property(mT_property),
                "nbytes": property(nbytes_property), "itemsize": property(itemsize_property)})


from .. import _memory_format  # noqa: E402
from .._tensor import Tensor  # noqa: E402
from ..autograd import forward_ad as _forward_ad  # noqa: E402
from ..autograd import grad_mode as _grad_mode  # noqa: E402
from ..autograd.grad_mode import _state as _grad_state  # noqa: E402
from ..autograd.node import MULTI_OUTPUT_NODE  # noqa: E402
from ._op import (INFERENCE_INPLACE, _Scratch, _check_inplace_allowed, _mark_view, _move_retain_grad,  # noqa: E402
                  set_view_fn)
from .pointwise import clone, where  # noqa: E402


def _inplace_node(name, cls, node_name):
    """`cls` recorded under the node torch gives its in-place form (unsqueeze_: UnsqueezeBackward1)."""
    return type(name, (cls,), {"node_name": node_name, "__module__": __name__})


UnsqueezeInplace = _inplace_node("UnsqueezeInplace", Unsqueeze, "UnsqueezeBackward1")
SqueezeInplace = _inplace_node("SqueezeInplace", Squeeze, "SqueezeBackward3")
SqueezeDimInplace = _inplace_node("SqueezeDimInplace", Squeeze, "SqueezeBackward4")
SqueezeDimsInplace = _inplace_node("SqueezeDimsInplace", Squeeze, "SqueezeBackward5")
TransposeInplace = _inplace_node("TransposeInplace", Transpose, "TransposeBackward1")


class TInplace(T):
    """t_() (TBackward1), which names itself in its error."""
    node_name = "TBackward1"

    def forward(ctx, x):
        _check_t("t_", x)
        return x.T


def _inplace_view(name, op_and_args):
    """x.unsqueeze_(0) and the other in-place view ops: x itself takes the new shape and strides of
    the same memory and, in a graph, the op's node (as torch's in-place variants do). A view also
    records the op among the view ops that re-derive it from its base (CopySlices, AsStrided)."""
    def method(self, *args, **kwargs):
        cls, op_args = op_and_args(*args, **kwargs)
        if self._inference and not _grad_state.inference:
            raise RuntimeError(INFERENCE_INPLACE)
        if self._requires_grad and _grad_state.enabled:
            _check_inplace_allowed(self)
            result = cls.apply(self._history_alias(copy=False), *op_args)
            _move_retain_grad(self, result._grad_fn)
            self._grad_fn, self._output_nr, self._data = result._grad_fn, 0, result._data
        else:
            self._data = cls.forward(_Scratch(), self._data, *op_args)
        if _forward_ad.state.active:  # the tangent takes the same view, in place as torch's (where it can)
            tangent = _forward_ad.tangent_of(self)
            if tangent is not None:
                with _forward_ad._inactive():
                    if tangent._requires_grad:
                        _forward_ad.set_tangent(self, cls.apply(tangent, *op_args))
                    else:
                        method(tangent, *args, **kwargs)
        self._vc[0] += 1
        if self._base is not None:
            if _grad_mode.view_replay_used[0]:  # (before _view_ops grows: the steps start from where the view was)
                set_view_fn(self, self, (cls, op_args))
            self._view_ops = self._view_ops + ((cls, op_args),)
            self._view_version = self._vc[0]  # its own change: the node just recorded stays its grad_fn
        return self
    method.__name__ = method.__qualname__ = name
    parameters = inspect.signature(op_and_args).parameters.values()  # the method's own, after self
    method.__signature__ = inspect.Signature([inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
                                              *parameters])
    return method


def _squeeze_inplace_args(dim=None):
    if dim is None:
        return SqueezeInplace, (None,)
    if isinstance(dim, (tuple, list)):
        return SqueezeDimsInplace, (tuple(dim),)
    return SqueezeDimInplace, ((dim,),)


def _transpose_inplace_args(dim0, dim1):
    return TransposeInplace, (dim0, dim1)


def _swapaxes_inplace_args(axis0, axis1):
    return TransposeInplace, (axis0, axis1)


METHODS.update({
    "unsqueeze_": _inplace_view("unsqueeze_", lambda dim: (UnsqueezeInplace, (dim,))),
    "squeeze_": _inplace_view("squeeze_", _squeeze_inplace_args),
    "t_": _inplace_view("t_", lambda: (TInplace, ())),
    "transpose_": _inplace_view("transpose_", _transpose_inplace_args),
    "swapdims_": _inplace_view("swapdims_", _transpose_inplace_args),
    "swapaxes_": _inplace_view("swapaxes_", _swapaxes_inplace_args),
})
