"""Matrix products."""
import numpy as np

from .. import _dtype
from ._op import Op


def _check_same_dtype(a, b, what):
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_dtype.from_numpy_dtype(a.dtype).name.replace('float32', 'float').replace('float64', 'double')} "
                           f"!= {_dtype.from_numpy_dtype(b.dtype).name.replace('float32', 'float').replace('float64', 'double')}")


class Mm(Op):
    saves = (0, 1)

    def forward(ctx, a, b):
        if a.ndim != 2:
            raise RuntimeError(f"self must be a matrix")
        if b.ndim != 2:
            raise RuntimeError(f"mat2 must be a matrix")
        if a.shape[1] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                               f"{b.shape[0]}x{b.shape[1]})")
        _check_same_dtype(a, b, "mm")
        return a @ b

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.mm(b.t()) if need_a else None), (a.t().mm(grad) if need_b else None)


class Mv(Op):
    saves = (0, 1)

    def forward(ctx, a, v):
        if a.shape[1] != v.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), "
                               f"vec ({v.shape[0]})")
        _check_same_dtype(a, v, "mv")
        return a @ v

    def backward(ctx, grad):
        a, v = ctx.saved_tensors
        need_a, need_v = ctx.needs_input_grad
        return ((grad.unsqueeze(1) * v.unsqueeze(0)) if need_a else None), (a.t().mv(grad) if need_v else None)


class Dot(Op):
    saves = (0, 1)

    def forward(ctx, a, b):
        if a.ndim != 1 or b.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
        if a.shape[0] != b.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] "
                               "to have the same number of elements, but got "
                               f"{a.shape[0]} and {b.shape[0]} elements respectively")
        _check_same_dtype(a, b, "dot")
        return np.dot(a, b)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * b, grad * a


class Matmul(Op):
    """Batched / broadcast matmul of operands with at least 2 dims; the engine sums the
    gradient of a broadcast batch back to each operand's own shape."""
    saves = (0, 1)
    node_name = "BmmBackward0"

    def forward(ctx, a, b):
        _check_same_dtype(a, b, "matmul")
        try:
            return np.matmul(a, b)
        except ValueError:
            raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{a.shape[0]}, {a.shape[-1]}] but got: [{b.shape[0]}, {b.shape[-2]}].") from None

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.matmul(b.mT) if need_a else None), (a.mT.matmul(grad) if need_b else None)


def mm(input, mat2):
    return Mm.apply(input, mat2)


def mv(input, vec):
    return Mv.apply(input, vec)


def dot(input, other):
    return Dot.apply(input, other)


def matmul(input, other):
    """torch.matmul: dot, mv, mm, or a broadcast batched product depending on the dims."""
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 1 and db == 1:
        return Dot.apply(input, other)
    if da == 2 and db == 1:
        return Mv.apply(input, other)
    if da == 1 and db == 2:
        return Mm.apply(input.unsqueeze(0), other).squeeze(0)
    if da == 2 and db == 2:
        return Mm.apply(input, other)
    if db == 1:
        return Matmul.apply(input, other.unsqueeze(-1)).squeeze(-1)
    if da == 1:
        return Matmul.apply(input.unsqueeze(0), other).squeeze(-2)
    return Matmul.apply(input, other)


__all__ = ["mm", "mv", "dot", "matmul"]
METHODS = {name: globals()[name] for name in __all__}
