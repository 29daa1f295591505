"""Shape and movement ops. Most are views: they share storage and the version counter."""
import numpy as np

from ._op import Op


def _shape_arg(shape):
    """Accept view(2, 3), view((2, 3)), view([2, 3]) and view(torch.Size([2, 3]))."""
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer)):
        shape = shape[0]
    return tuple(int(s) for s in shape)


def _infer_shape(shape, numel):
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return tuple(numel // known if s == -1 else s for s in shape)
    if known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


def wrap_dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


class View(Op):
    is_view = True

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        shape = _infer_shape(shape, x.size)
        try:
            return np.reshape(x, shape, copy=False)
        except ValueError:
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.") from None

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape), None


class UnsafeView(Op):
    """reshape that had to copy (the input's strides allowed no view)."""

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return np.reshape(x, _infer_shape(shape, x.size)).copy()

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape), None


class Expand(Op):
    is_view = True

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        lead = len(shape) - x.ndim
        if lead < 0:
            raise RuntimeError(f"expand({_type(x)}{{{list(x.shape)}}}, size=[{', '.join(map(str, shape))}]): the number "
                               f"of sizes provided ({len(shape)}) must be greater or equal to the number of dimensions "
                               f"in the tensor ({x.ndim})")
        target = tuple(x.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(shape))
        for i in range(x.ndim):
            if x.shape[i] != 1 and x.shape[i] != target[i + lead]:
                raise RuntimeError(f"The expanded size of the tensor ({target[i + lead]}) must match the existing size "
                                   f"({x.shape[i]}) at non-singleton dimension {i + lead}.  Target sizes: "
                                   f"[{', '.join(map(str, shape))}].  Tensor sizes: [{', '.join(map(str, x.shape))}]")
        return np.broadcast_to(x, target)

    def backward(ctx, grad):
        return grad.sum_to_size(ctx.in_shape), None


def _type(x):
    from .._tensor import tensor_type_name
    return tensor_type_name(x.dtype).split(".")[1].replace("Tensor", "Type")


class SumToSize(Op):
    """Sum a broadcast gradient back to a smaller shape (torch's at::sum_to)."""

    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        lead = x.ndim - len(shape)
        dims = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1)
        out = np.sum(x, axis=dims, keepdims=True) if dims else x
        return out.reshape(shape)

    def backward(ctx, grad):
        return grad.expand(ctx.in_shape), None


SumToSize.node_name = "SumBackward1"


class Transpose(Op):
    is_view = True

    def forward(ctx, x, dim0, dim1):
        ctx.dims = dim0, dim1
        if x.ndim == 0:
            return x
        return np.swapaxes(x, wrap_dim(dim0, x.ndim), wrap_dim(dim1, x.ndim))

    def backward(ctx, grad):
        return grad.transpose(*ctx.dims), None, None


class T(Op):
    is_view = True

    def forward(ctx, x):
        if x.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
        return x.T

    def backward(ctx, grad):
        return grad.t()


class Permute(Op):
    is_view = True

    def forward(ctx, x, dims):
        if len(dims) != x.ndim:
            raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does not match the "
                               f"length of the desired ordering of dimensions i.e. input.dim() = {x.ndim} is not "
                               f"equal to len(dims) = {len(dims)}")
        dims = tuple(wrap_dim(d, x.ndim) for d in dims)
        if len(set(dims)) != len(dims):
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        ctx.dims = dims
        return np.transpose(x, dims)

    def backward(ctx, grad):
        return grad.permute(tuple(np.argsort(ctx.dims).tolist())), None


class Squeeze(Op):
    is_view = True

    def forward(ctx, x, dims):
        ctx.in_shape = x.shape
        if dims is None:
            return np.squeeze(x)
        dims = tuple(d for d in (wrap_dim(d, x.ndim) for d in dims) if x.ndim and x.shape[d] == 1)
        return np.squeeze(x, axis=dims) if dims else x.view()

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape), None


class Unsqueeze(Op):
    is_view = True

    def forward(ctx, x, dim):
        ctx.dim = wrap_dim(dim, x.ndim + 1)
        return np.expand_dims(x, ctx.dim)

    def backward(ctx, grad):
        return grad.squeeze(ctx.dim), None


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


# ---------------------------------------------------------------- functions
def reshape(input, *shape):
    shape = _shape_arg(shape)
    try:
        return View.apply(input, shape)
    except RuntimeError as e:
        if "view size is not compatible" not in str(e):
            raise
        return UnsafeView.apply(input, shape)


def view(input, *shape):
    if len(shape) == 1 and not isinstance(shape[0], (int, np.integer, tuple, list)):
        if hasattr(shape[0], "np"):  # view(dtype)
            raise NotImplementedError("view(dtype) reinterprets bits; use .to(dtype) to convert values")
    return View.apply(input, _shape_arg(shape))


def view_as(input, other):
    return view(input, other.shape)


def reshape_as(input, other):
    return reshape(input, other.shape)


def expand(input, *sizes):
    return Expand.apply(input, _shape_arg(sizes))


def expand_as(input, other):
    return Expand.apply(input, tuple(other.shape))


def sum_to_size(input, *size):
    size = _shape_arg(size)
    if tuple(input._data.shape) == size:
        return input
    return SumToSize.apply(input, size)


def transpose(input, dim0, dim1):
    return Transpose.apply(input, dim0, dim1)


swapaxes = swapdims = transpose


def t(input):
    return T.apply(input)


def permute(input, *dims):
    return Permute.apply(input, _shape_arg(dims))


def squeeze(input, dim=None):
    if dim is not None and not isinstance(dim, (tuple, list)):
        dim = (dim,)
    return Squeeze.apply(input, None if dim is None else tuple(dim))


def unsqueeze(input, dim):
    return Unsqueeze.apply(input, dim)


def select(input, dim, index):
    return Select.apply(input, dim, int(index))


def flatten(input, start_dim=0, end_dim=-1):
    shape = input._data.shape
    if not shape:
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


def contiguous(input, memory_format=None):
    if input._data.flags.c_contiguous:
        return input
    from .pointwise import clone
    return clone(input)


def T_property(input):
    return permute(input, tuple(range(input._data.ndim - 1, -1, -1))) if input._data.ndim != 2 else t(input)


def mT_property(input):
    return transpose(input, -2, -1)


__all__ = ["reshape", "view", "view_as", "reshape_as", "expand", "expand_as", "sum_to_size", "transpose",
           "swapaxes", "swapdims", "t", "permute", "squeeze", "unsqueeze", "select", "flatten", "contiguous"]
METHODS = {name: globals()[name] for name in __all__}
METHODS["T"] = property(T_property)
METHODS["mT"] = property(mT_property)
