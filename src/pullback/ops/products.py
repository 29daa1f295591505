"""Matrix products that add to an input (addmv, addr, baddbmm, addbmm and their in-place forms,
addmm_), vector products (inner, vdot), chain_matmul, and dist.

The add-to-input products are one node each, as torch's (`AddmvBackward0`...), computing
beta * input + alpha * product with torch's rules for the scalars (linalg._add_scaled); their
in-place forms record the same node. inner and chain_matmul are torch's composites (tensordot,
multi_dot); dist is one node whose gradient is torch's norm_backward of the difference.
"""
import warnings

import numpy as np

from .. import _dtype
from ._op import Op, number_argument
from .._dtype import cpp_type_name, not_implemented_for, scalar_type_name
from .linalg import (Addmm, Dot, refuse_out_dtype, _add_scaled, _check_addmm_dtypes, _check_bmm, _scaled,
                     multi_dot, outer, tensordot)
from .pointwise import Sub
from .reduction import LinalgVectorNorm, check_norm_identity, norm_backward
from .._size import no_dimensions, wrap_dim
from .shape import Expand
from .._runtime import user_stacklevel, warn_once


def _size(a, dim):
    """a.size(dim) with torch's IndexError for a dim `a` lacks (torch sizes a result before checking ranks)."""
    if a.ndim == 0:
        raise no_dimensions(dim)
    return a.shape[wrap_dim(dim, a.ndim)]


def _not_for_bool(a, kernel):
    if a.dtype == np.bool_:
        raise not_implemented_for(kernel, a)


# ================================================================= beta * input + alpha * product
class Addmv(Op):
    """beta * input + alpha * (mat @ vec)."""
    saves = (1, 2)
    saves_needed_by = (2, 1)  # each factor only for the other's gradient, as torch's

    def forward(ctx, x, mat, vec, beta, alpha):
        if mat.ndim != 2 or vec.ndim != 1 or x.ndim > 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got {x.ndim}, {mat.ndim}, {vec.ndim}")
        if mat.shape[1] != vec.shape[0] or x.size not in (mat.shape[0], 1):
            rows = _size(x, 0)  # (torch's message reads the input's size: an IndexError for a 0-d one)
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({mat.shape[0]}x{mat.shape[1]}), vec "
                               f"({vec.shape[0]})")
        if not x.dtype == mat.dtype == vec.dtype:
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {scalar_type_name(x)}, "
                               f"{scalar_type_name(mat)}, and {scalar_type_name(vec)}")
        _not_for_bool(x, "addmv_impl_cpu")
        ctx.beta, ctx.alpha = beta, alpha
        if not mat.size and beta != 0 and x.shape != mat.shape[:1]:
            # torch's shortcut for an empty matrix scales the input alone, into a result resized to the
            # input's shape (with its out= warning where the result had elements); its backward then fails
            if mat.shape[0]:
                from . import _resized
                warnings.warn(_resized(mat.shape[:1], x.shape), UserWarning, stacklevel=user_stacklevel())
            return _add_scaled(x, np.zeros(x.shape, x.dtype), beta, alpha)
        return _add_scaled(np.broadcast_to(x, mat.shape[:1]), mat @ vec, beta, alpha)

    def backward(ctx, grad):
        mat, vec = ctx.saved_tensors
        need_x, need_mat, need_vec = ctx.needs_input_grad[:3]
        return (_scaled(grad, ctx.beta) if need_x else None,
                _scaled(outer(grad, vec), ctx.alpha) if need_mat else None,
                _scaled(mat.t().mv(grad), ctx.alpha) if need_vec else None, None, None)


def _check_addr_vectors(vec1, vec2):
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.ndim != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.ndim}-D")


class Addr(Op):
    """beta * input + alpha * outer(vec1, vec2), in the three tensors' promoted dtype (bool: or, and)."""
    saves = (1, 2)
    saves_needed_by = (2, 1)  # each factor only for the other's gradient, as torch's

    def forward(ctx, x, vec1, vec2, beta, alpha):
        _check_addr_vectors(vec1, vec2)
        x = Expand.forward(ctx, x, (vec1.shape[0], vec2.shape[0]))
        dt = _dtype.promote_types(_dtype.promote_types(_dtype.from_numpy_dtype(x.dtype),
                                                       _dtype.from_numpy_dtype(vec1.dtype)),
                                  _dtype.from_numpy_dtype(vec2.dtype)).np
        for name, s in (("beta", beta), ("alpha", alpha)):
            if dt.kind in "iub" and isinstance(s, float):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a floating point number.")
            if dt.kind == "f" and isinstance(s, bool):
                raise RuntimeError(f"Boolean {name} only supported for Boolean results.")
        ctx.beta, ctx.alpha = beta, alpha
        x, vec1, vec2 = (a.astype(dt, copy=False) for a in (x, vec1, vec2))
        if dt == np.bool_:  # torch's logical form: (beta and input) or (alpha and vec1 and vec2)
            prod = np.logical_and.outer(vec1, vec2) & bool(alpha)
            return prod | x if beta else prod
        return _add_scaled(x, np.multiply.outer(vec1, vec2), beta, alpha, blas=False)

    def backward(ctx, grad):
        vec1, vec2 = ctx.saved_tensors
        need_x, need_1, need_2 = ctx.needs_input_grad[:3]
        return (_scaled(grad, ctx.beta) if need_x else None,
                _scaled(grad.mv(vec2), ctx.alpha) if need_1 else None,
                _scaled(grad.t().mv(vec1), ctx.alpha) if need_2 else None, None, None)


class Baddbmm(Op):
    """beta * input + alpha * (batch1 @ batch2), batch by batch."""
    saves = (1, 2)
    saves_needed_by = (2, 1)  # each factor only for the other's gradient, as torch's

    def forward(ctx, x, batch1, batch2, beta, alpha):
        x = Expand.forward(ctx, x, (_size(batch1, 0), _size(batch1, 1), _size(batch2, 2)))
        if x.dtype != batch1.dtype:
            raise RuntimeError(f"Input dtypes must be the same, got: input {cpp_type_name(x)}, batch1: "
                               f"{cpp_type_name(batch1)}, batch2: {cpp_type_name(batch2)}")
        _check_bmm(batch1, batch2)
        if batch2.dtype != batch1.dtype:
            raise RuntimeError(f"expected scalar type {scalar_type_name(batch1)} but found {scalar_type_name(batch2)}")
        _not_for_bool(x, "baddbmm")
        ctx.beta, ctx.alpha = beta, alpha
        return _add_scaled(x, np.matmul(batch1, batch2), beta, alpha, blas=False)

    def backward(ctx, grad):
        batch1, batch2 = ctx.saved_tensors
        need_x, need_1, need_2 = ctx.needs_input_grad[:3]
        return (_scaled(grad, ctx.beta) if need_x else None,
                _scaled(grad.bmm(batch2.transpose(1, 2)), ctx.alpha) if need_1 else None,
                _scaled(batch1.transpose(1, 2).bmm(grad), ctx.alpha) if need_2 else None, None, None)


class Addbmm(Op):
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i] (torch adds them by addmm)."""
    saves = (1, 2)

    def forward(ctx, x, batch1, batch2, beta, alpha):
        x = Expand.forward(ctx, x, (_size(batch1, 1), _size(batch2, 2)))
        for name, b in (("batch1", batch1), ("batch2", batch2)):
            if b.ndim != 3:
                raise RuntimeError(f"{name} must be a 3D tensor")
        if batch1.shape[0] != batch2.shape[0]:
            raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {batch1.shape[0]} and "
                               f"{batch2.shape[0]}")
        if batch1.shape[2] != batch2.shape[1]:
            raise RuntimeError(f"Incompatible matrix sizes for bmm ({batch1.shape[1]}x{batch1.shape[2]} and "
                               f"{batch2.shape[1]}x{batch2.shape[2]})")
        ctx.beta, ctx.alpha = beta, alpha
        if not batch1.shape[0]:  # no product: torch scales the input and checks no dtypes
            return _add_scaled(x, np.zeros(x.shape, x.dtype), beta, alpha)
        _check_addmm_dtypes(x, batch1, batch2)
        _not_for_bool(x, "addmm_impl_cpu_")
        return _add_scaled(x, np.matmul(batch1, batch2).sum(0), beta, alpha)

    def backward(ctx, grad):
        batch1, batch2 = ctx.saved_tensors
        need_x, need_1, need_2 = ctx.needs_input_grad[:3]
        if need_1 or need_2:
            grad_batches = grad.unsqueeze(0).expand(batch1.shape[0], batch1.shape[1], batch2.shape[2])
        return (_scaled(grad, ctx.beta) if need_x else None,
                _scaled(grad_batches.bmm(batch2.transpose(1, 2)), ctx.alpha) if need_1 else None,
                _scaled(batch1.transpose(1, 2).bmm(grad_batches), ctx.alpha) if need_2 else None, None, None)


def _in_place(cls, check=None):
    """The in-place form of `cls` (x.addmv_): the same node, but the input is not broadcast: the
    result must have its shape, which torch checks after the op's own checks (`check`: any made
    before them)."""
    def forward(ctx, x, *args):
        if check is not None:
            check(x, *args)
        out = cls.forward(ctx, x, *args)
        if out.shape != x.shape:
            raise RuntimeError(f"Bad in-place call: input tensor size {list(x.shape)} and output tensor size "
                               f"{list(out.shape)} should match")
        return out
    # named as cls, so that grad_fn's saved attributes are cls's
    return type(cls.__qualname__, (cls,), {"forward": forward, "saved_names": cls.saved_names, "_hidden": cls._hidden,
                                       "__module__": __name__, "__doc__": f"{cls.__qualname__}, in place."})


def _addr_in_place(x, vec1, vec2, *scalars):
    _check_addr_vectors(vec1, vec2)
    if x.ndim != 2:
        raise RuntimeError(f"2D tensor expected, got {x.ndim}D tensor for input")
    if x.shape != (vec1.shape[0], vec2.shape[0]):
        raise RuntimeError(f"size mismatch, input: {list(x.shape)}, v1: {list(vec1.shape)}, v2: {list(vec2.shape)}")


def _addmm_in_place(x, mat1, mat2, *scalars):
    _check_addmm_dtypes(x, mat1, mat2)
    if mat1.ndim == 2 and mat2.ndim == 2 and mat1.shape[1] == mat2.shape[0]:
        shape = (mat1.shape[0], mat2.shape[1])
        if x.shape != shape:  # (before the input is broadcast, which would raise its own error)
            raise RuntimeError(f"Bad in-place call: input tensor size {list(x.shape)} and output tensor size "
                               f"{list(shape)} should match")


AddmvInplace, BaddbmmInplace, AddbmmInplace = _in_place(Addmv), _in_place(Baddbmm), _in_place(Addbmm)
AddrInplace, AddmmInplace = _in_place(Addr, _addr_in_place), _in_place(Addmm, _addmm_in_place)


def _number(fn, name, value):
    """beta or alpha as torch parses a Number (see number_argument), else torch's TypeError."""
    number = number_argument(value)
    if number is None:
        raise TypeError(f"{fn}(): argument '{name}' must be Number, not {type(value).__name__}")
    return number


def _scalars(fn, beta, alpha):
    return _number(fn, "beta", beta), _number(fn, "alpha", alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec); beta = 0 ignores input, its NaN and inf too."""
    return Addmv.apply(input, mat, vec, *_scalars("addmv", beta, alpha))


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * the outer product of vec1 and vec2 (input broadcasts to it)."""
    return Addr.apply(input, vec1, vec2, *_scalars("addr", beta, alpha))


def baddbmm(input, batch1, batch2, out_dtype=None, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1 @ batch2) for batches of matrices (input broadcasts)."""
    refuse_out_dtype("baddbmm", out_dtype)
    return Baddbmm.apply(input, batch1, batch2, *_scalars("baddbmm", beta, alpha))


def _baddbmm_method(self, batch1, batch2, *, beta=1, alpha=1):
    return Baddbmm.apply(self, batch1, batch2, *_scalars("baddbmm", beta, alpha))


_baddbmm_method.__name__ = _baddbmm_method.__qualname__ = "baddbmm"


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i]."""
    return Addbmm.apply(input, batch1, batch2, *_scalars("addbmm", beta, alpha))


def addmv_(self, mat, vec, *, beta=1, alpha=1):
    """addmv written into self, which must have the result's shape."""
    return AddmvInplace.apply_(self, mat, vec, *_scalars("addmv_", beta, alpha))


def addr_(self, vec1, vec2, *, beta=1, alpha=1):
    """addr written into self, which must have the result's shape."""
    return AddrInplace.apply_(self, vec1, vec2, *_scalars("addr_", beta, alpha))


def baddbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    """baddbmm written into self, which must have the result's shape."""
    return BaddbmmInplace.apply_(self, batch1, batch2, *_scalars("baddbmm_", beta, alpha))


def addbmm_(self, batch1, batch2, *, beta=1, alpha=1):
    """addbmm written into self, which must have the result's shape."""
    return AddbmmInplace.apply_(self, batch1, batch2, *_scalars("addbmm_", beta, alpha))


def addmm_(self, mat1, mat2, *, beta=1, alpha=1):
    """addmm written into self, which must have the result's shape."""
    return AddmmInplace.apply_(self, mat1, mat2, *_scalars("addmm_", beta, alpha))


# ================================================================= vector products
class Vdot(Dot):
    """The dot product of two vectors (the first conjugated, which changes nothing for real ones)."""

    def forward(ctx, a, b):
        out = Dot.forward(ctx, a, b)
        _not_for_bool(a, "dot")
        return out


def vdot(input, other):
    """The dot product of two 1-D tensors (the first conjugated: the same for real tensors)."""
    return Vdot.apply(input, other)


def inner(input, other, *, out=None):
    """Products summed over the last dim of both (tensordot), or the product where either is 0-d."""
    sa, sb = input._data.shape, other._data.shape
    if not sa or not sb:
        if out is None:
            return input * other
        from . import mul  # (with its out=, as torch's)
        return mul(input, other, out=out)
    if sa[-1] != sb[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes {list(sa)} "
                           f"and {list(sb)}")
    result = tensordot(input, other, ([-1], [-1]))
    if out is None:
        return result
    return _copy_out(out, result, "tensordot: Expected the output tensor to have dtype {Result}, but got an output "
                                  "tensor with dtype {Out}")


def _copy_out(out, result, exact_dtype=None):
    from . import _composite_out  # (the op table's __init__ imports this module)
    return _composite_out(out, result, exact_dtype)


def chain_matmul(*matrices, out=None):
    """The product of 2-D matrices in the order of fewest multiplications (deprecated: linalg.multi_dot)."""
    warn_once("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
              "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
              "parameters.")
    for i, m in enumerate(matrices):
        if not isinstance(m, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got {type(m).__name__}")
    for m in matrices:
        if m._data.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m._data.ndim}, expected 2 instead.")
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    if len(matrices) == 1:  # a clone, keeping its layout
        if out is None:
            return matrices[0].clone()
        return _copy_out(out, matrices[0])
    if out is not None and _grad_mode.is_grad_enabled() and any(m.requires_grad for m in matrices + (out,)):
        raise RuntimeError("mm(): functions with out=... arguments don't support automatic differentiation, but one "
                           "of the arguments requires grad.")
    result = multi_dot(list(matrices))
    if out is None:
        return result
    from . import _write_out
    _write_out(out, result, "multi_dot(): expected out tensor to have dtype {result} but got {out}",
               user_stacklevel() + 1)
    return out


# ================================================================= dist
class Dist(Op):
    """The p-norm of input - other (broadcast together); its gradient is torch's norm_backward of the
    difference, 0 where the distance is 0."""
    saves = (0, 1, "result")

    def forward(ctx, x, other, p):
        diff = Sub.forward(ctx, x, other)
        if diff.dtype.kind != "f":
            raise RuntimeError(f"norm(): input dtype should be either floating point or complex. Got "
                               f"{scalar_type_name(diff)} instead.")
        check_norm_identity(diff, p, None)
        return LinalgVectorNorm.forward(ctx, diff, p, None, False)  # (sets ctx.p and ctx.dims: all)

    def backward(ctx, grad):
        x, other, result = ctx.saved_tensors
        need_x, need_other = ctx.needs_input_grad[:2]
        p = ctx.p
        if p == 0:  # torch's norm_backward gives no tensor, which its formula for other then negates
            if need_other:
                raise RuntimeError("Expected a proper Tensor but got None (or an undefined Tensor in C++) for "
                                   "argument #0 'self'")
            return None, None, None
        # torch's norm_backward(grad, self - other, p, result), over all dims, kept; computed anew for each
        gx = norm_backward(grad, x - other, result, p, ctx.dims, True) if need_x else None
        go = -norm_backward(grad, x - other, result, p, ctx.dims, True) if need_other else None
        return gx, go, None


def _dist_arguments(other, p, position):
    """p as a float, with torch's errors for arguments it cannot parse (`position`: other's)."""
    if not isinstance(other, Tensor):
        raise TypeError(f"dist(): argument 'other' (position {position}) must be Tensor, not {type(other).__name__}")
    number = number_argument(p)
    if number is None:
        raise TypeError(f"dist(): argument 'p' (position {position + 1}) must be Number, not {type(p).__name__}")
    return float(number)


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast together): p = 0 counts nonzeros, inf is the max, -inf the min."""
    return Dist.apply(input, other, _dist_arguments(other, p, 2))


def _dist_method(self, other, p=2):
    return Dist.apply(self, other, _dist_arguments(other, p, 1))


_dist_method.__name__ = _dist_method.__qualname__ = "dist"
_dist_method.__doc__ = dist.__doc__

__all__ = ["addmv", "addr", "baddbmm", "addbmm", "inner", "vdot", "chain_matmul", "dist"]
METHODS = {name: globals()[name] for name in ("addmv", "addmv_", "addr", "addr_", "baddbmm_", "addbmm",
                                                "addbmm_", "addmm_", "inner", "vdot")}
METHODS["baddbmm"] = _baddbmm_method
METHODS["dist"] = _dist_method


from .._tensor import Tensor  # noqa: E402
from ..autograd import grad_mode as _grad_mode  # noqa: E402
