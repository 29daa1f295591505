"""Matrix products and linear algebra (the ops behind `pullback.linalg`).

matmul follows torch's decomposition into dot / mv / mm / bmm with folding and views, so its
graphs look like torch's. Decompositions (inv, det, solve, cholesky, qr, eigh, svd) have
torch's derivative formulas (FunctionsManual.cpp), written in Tensor ops so that they can be
differentiated again.
"""
import string

import numpy as np

from .. import _signatures
from ..autograd import grad_mode as _grad_mode
from ._lapack import _lapack_layout, _potf2, _solve_by_lu, _substitute, _triangle, check_epsilon_dtype, check_lapack_dtype
from ._op import Op
from .reduction import SumDim, _return_type
from .shape import Diagonal, Expand, Permute, T, Unsqueeze, UnsafeView, View, wrap_dim
from .._dtype import cpp_type_name, not_implemented_for, scalar_text, scalar_type_name
from .._runtime import warn_once
from .._size import no_dimensions


class _LinAlgError(RuntimeError):
    """A matrix had no inverse / factorization (torch.linalg.LinAlgError, torch._C._LinAlgError)."""


LinAlgError = _LinAlgError


def _check_same_dtype(a, b):
    if a.dtype != b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {cpp_type_name(a)} != {cpp_type_name(b)}")


# ================================================================= products
class Mm(Op):
    on_arrays = True
    saves = (0, 1)
    saves_needed_by = (1, 0)  # as torch's: each factor only for the other's gradient (of itself, its layout)

    def forward(ctx, a, b):
        if a.ndim != 2:
            raise RuntimeError("self must be a matrix")
        if b.ndim != 2:
            raise RuntimeError("mat2 must be a matrix")
        if a.shape[1] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x{a.shape[1]} and "
                               f"{b.shape[0]}x{b.shape[1]})")
        _check_same_dtype(a, b)
        _no_bool_product("addmm_impl_cpu_", a, b.shape[1])
        ctx.column_major = _column_major(a), _column_major(b)
        return a @ b

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (_mm_grad_a(grad, b, ctx.column_major[0]) if need_a else None), \
            (_mm_grad_b(grad, a, ctx.column_major[1]) if need_b else None)


def _column_major(t):
    """torch's test in mm's gradients: element strides (1, rows), so a (1, 1) matrix is one too."""
    d = t if type(t) is np.ndarray else t._data  # a Tensor, or an array on an array walk
    return d.strides == (d.itemsize, d.shape[0] * d.itemsize)


# A factor stored column-major (e.g. nn.Linear's weight.t()) gets its gradient computed as the
# transpose of a row-major product, as torch does: the leaf's .grad then needs no transposing copy.
def _mm_grad_a(grad, b, a_column_major):
    return T.apply(Mm.apply(b, T.apply(grad))) if a_column_major else Mm.apply(grad, T.apply(b))


def _mm_grad_b(grad, a, b_column_major):
    return T.apply(Mm.apply(T.apply(grad), a)) if b_column_major else Mm.apply(T.apply(a), grad)


def _no_bool_product(kernel, a, n):
    """torch's CPU product kernels have no bool version; an empty product (of m x k by k x n, `a` its
    m x k side) returns before dispatching to one."""
    if a.dtype == np.bool_ and a.size and n:
        raise not_implemented_for(kernel, a)


class Bmm(Op):
    saves = (0, 1)
    saves_needed_by = (1, 0)

    def forward(ctx, a, b):
        _check_bmm(a, b)
        if a.dtype != b.dtype:
            raise RuntimeError(f"expected scalar type {scalar_type_name(a)} but found {scalar_type_name(b)}")
        _no_bool_product("bmm", a, b.shape[2])
        return np.matmul(a, b)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad.bmm(b.mT) if need_a else None), (a.mT.bmm(grad) if need_b else None)


def _check_bmm(a, b):
    """torch's shape checks of two batches of matrices to multiply (bmm's, baddbmm's)."""
    if a.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if b.ndim != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if b.shape[:2] != (a.shape[0], a.shape[2]):
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{a.shape[0]}, "
                           f"{a.shape[2]}] but got: [{b.shape[0]}, {b.shape[1]}].")


class Mv(Op):
    saves = (0, 1)
    saves_needed_by = (1, 0)

    def forward(ctx, a, v):
        if a.ndim != 2 or v.ndim != 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got 1, {a.ndim}, {v.ndim}")
        if a.shape[1] != v.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x{a.shape[1]}), "
                               f"vec ({v.shape[0]})")
        if a.dtype != v.dtype:  # torch's mv is addmv into a result of the vector's dtype
            raise RuntimeError(f"addmv input tensors must have the same dtype, but got {scalar_type_name(v)}, "
                               f"{scalar_type_name(a)}, and {scalar_type_name(v)}")
        _no_bool_product("addmv_impl_cpu", a, 1)
        return a @ v

    def backward(ctx, grad):
        a, v = ctx.saved_tensors
        need_a, need_v = ctx.needs_input_grad
        return ((grad.unsqueeze(1) * v.unsqueeze(0)) if need_a else None), (a.t().mv(grad) if need_v else None)


class Dot(Op):
    saves = (0, 1)
    saves_needed_by = (1, 0)

    def forward(ctx, a, b):
        if a.ndim != 1 or b.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
        if a.dtype != b.dtype:
            raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {scalar_type_name(a)} and "
                               f"{scalar_type_name(b)}")
        if a.shape[0] != b.shape[0]:
            raise RuntimeError(f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] "
                               "to have the same number of elements, but got "
                               f"{a.shape[0]} and {b.shape[0]} elements respectively")
        if a.dtype == np.bool_:
            raise not_implemented_for("dot", a)
        return np.dot(a, b)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Addmm(Op):
    """beta * input + alpha * (mat1 @ mat2), one node (nn.Linear's)."""
    on_arrays = True
    saves = (1, 2)
    saves_needed_by = (2, 1)

    def forward(ctx, x, a, b, beta, alpha):
        ctx.beta, ctx.alpha = beta, alpha
        _check_addmm_dtypes(x, a, b)
        prod = Mm.forward(ctx, a, b)
        out = Expand.forward(ctx, x, prod.shape)  # torch's error for an input that does not broadcast
        return _add_scaled(out, prod, beta, alpha)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_x, need_a, need_b = ctx.needs_input_grad[:3]
        gx = _scaled(grad, ctx.beta) if need_x else None
        ga = _scaled(_mm_grad_a(grad, b, ctx.column_major[0]), ctx.alpha) if need_a else None
        gb = _scaled(_mm_grad_b(grad, a, ctx.column_major[1]), ctx.alpha) if need_b else None
        return gx, ga, gb, None, None


def _scaled(t, factor):
    """torch's maybe_multiply: t * factor (MulBackward1 when recorded) unless factor is 1."""
    return t if factor == 1 else times(t, factor)


def _check_addmm_dtypes(x, a, b):
    """torch's dtype checks of addmm (and of addbmm, which adds its products by addmm): input, then
    mat1, against mat2."""
    if x.dtype != b.dtype or a.dtype != b.dtype:
        name, t = ("self", x) if x.dtype != b.dtype else ("mat1", a)
        raise RuntimeError(f"{name} and mat2 must have the same dtype, but got {scalar_type_name(t)} and "
                           f"{scalar_type_name(b)}")


def _add_scaled(x, prod, beta, alpha, blas=True):
    """beta * x + alpha * prod (x broadcast to prod's shape, prod a fresh array) as torch's kernels
    compute it: beta = 0 ignores x, its NaN and inf too; where BLAS scales the product (`blas`: mm,
    mv), alpha = 0 ignores prod likewise; integer tensors take the scalars truncated to integers."""
    if prod.dtype.kind in "iu":
        beta, alpha = int(beta), int(alpha)
    if alpha == 0 and blas:
        prod = np.zeros_like(prod)
    elif alpha != 1:
        prod *= alpha
    if beta == 0:
        return prod
    return prod + (x if beta == 1 else x * beta)


def _should_fold(a, b):
    """torch's rule for computing an N-D @ 1/2-D product as one mm / mv on a folded matrix."""
    da, db = a._data.ndim, b._data.ndim
    a_larger = da >= db
    t1, t2 = (a, b) if a_larger else (b, a)
    dim_t1, dim_t2 = max(da, db), min(da, db)
    if not (dim_t1 >= 3 and dim_t2 in (1, 2)):
        return False
    if t2._requires_grad:  # else t2's gradient would be a batched product summed over the batch
        return True
    if da == 2:
        return False
    data = t1._data if a_larger else np.swapaxes(t1._data, -1, -2)
    if data.size == 0:
        return True
    shape, strides = data.shape, data.strides
    return all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(data.ndim - 2))


def refuse_out_dtype(op, out_dtype):
    """torch's CPU build has no kernel for the products' out_dtype= forms (aten::mm.dtype, ...)."""
    if out_dtype is not None:
        raise NotImplementedError(
            f"Could not run 'aten::{op}.dtype' with arguments from the 'CPU' backend. This could be because the "
            "operator doesn't exist for this backend, or was omitted during the selective/custom build process (if "
            f"using custom build). 'aten::{op}.dtype' is only available for these backends: [Meta, AutogradCUDA, "
            "...] (its kernels are CUDA's).")


def mm(input, mat2, out_dtype=None):
    """The product of two matrices (out_dtype: CUDA's only, refused as torch's CPU build does)."""
    refuse_out_dtype("mm", out_dtype)
    return Mm.apply(input, mat2)


def bmm(input, mat2, out_dtype=None):
    """Products of two batches of matrices."""
    refuse_out_dtype("bmm", out_dtype)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    """The product of a matrix and a vector."""
    return Mv.apply(input, vec)


def dot(input, tensor):
    """The inner product of two vectors."""
    return Dot.apply(input, tensor)


def addmm(input, mat1, mat2, out_dtype=None, *, beta=1, alpha=1):
    """beta * input + alpha * mat1 @ mat2 (input broadcasts to the product's shape)."""
    refuse_out_dtype("addmm", out_dtype)
    return Addmm.apply(input, mat1, mat2, beta, alpha)


# the methods have no out_dtype
def _mm_method(self, mat2):
    return Mm.apply(self, mat2)


def _bmm_method(self, mat2):
    return Bmm.apply(self, mat2)


def _addmm_method(self, mat1, mat2, *, beta=1, alpha=1):
    return Addmm.apply(self, mat1, mat2, beta, alpha)


for _name, _method in (("mm", _mm_method), ("bmm", _bmm_method), ("addmm", _addmm_method)):
    _method.__name__ = _method.__qualname__ = _name


def matmul(input, other):
    """torch.matmul: dot, mv, mm, or a broadcast batched product, decomposed as torch does."""
    da, db = input._data.ndim, other._data.ndim
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if da == 1 and db == 1:
        return Dot.apply(input, other)
    if da == 2 and db == 1:
        return Mv.apply(input, other)
    if da == 1 and db == 2:
        return Mm.apply(input.unsqueeze(0), other).squeeze_(0)  # in place, as torch's: the result is no view
    if da == 2 and db == 2:
        return Mm.apply(input, other)
    if da == 3 and db == 3:  # a batch of one matrix that requires grad is used as that matrix, as torch does
        if input._data.shape[0] == 1 and input._requires_grad and other._data.shape[0] != 1:
            input, da = input.squeeze(0), 2
        elif other._data.shape[0] == 1 and other._requires_grad and input._data.shape[0] != 1:
            other, db = other.squeeze(0), 2
    if _should_fold(input, other):
        transpose = db > da
        t1 = other.mT if transpose else input
        t2 = (input.t() if da == 2 else input) if transpose else other
        out_shape = tuple(t1._data.shape[:-1])
        folded = t1.reshape(int(np.prod(out_shape)), t1._data.shape[-1])
        if t2._data.ndim == 2:
            out = UnsafeView.apply(folded.mm(t2), out_shape + (t2._data.shape[1],))
            return out.mT.contiguous() if transpose else out
        return UnsafeView.apply(folded.mv(t2), out_shape)
    return _batched_matmul(input, other)


def _batched_matmul(a, b):
    sa, sb = a._data.shape, b._data.shape
    n = sa[-2] if len(sa) > 1 else 1
    m1 = sa[-1]
    m2 = sb[-2] if len(sb) > 1 else sb[0]
    p = sb[-1] if len(sb) > 1 else 1
    ba, bb = sa[:-2], sb[:-2]
    try:
        batch = np.broadcast_shapes(ba, bb)
    except ValueError:
        from .pointwise import _broadcast_error
        raise _broadcast_error(np.empty(ba + (0,)), np.empty(bb + (0,))) from None
    count = int(np.prod(batch))
    a3 = a.expand(batch + (n, m1)).reshape(count, n, m1)
    b3 = b.expand(batch + (m2, p)).reshape(count, m2, p)
    out_shape = batch + ((n,) if len(sa) > 1 else ()) + ((p,) if len(sb) > 1 else ())
    return UnsafeView.apply(a3.bmm(b3), out_shape)


def outer(input, vec2):
    """The outer product of two vectors (input[:, None] * vec2)."""
    for name, v in (("self", input), ("vec2", vec2)):
        if v._data.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {v._data.ndim}-D")
    return input.reshape(-1, 1) * vec2


ger = outer


def kron(input, other):
    """The Kronecker product: blocks input[i, j] * other, for any number of dims."""
    nd = max(input._data.ndim, other._data.ndim)
    sa = (1,) * (nd - input._data.ndim) + input._data.shape
    sb = (1,) * (nd - other._data.ndim) + other._data.shape
    # as torch's kron: both operands and the product through _unsafe_view
    a = UnsafeView.apply(input, tuple(s for d in sa for s in (d, 1)))
    b = UnsafeView.apply(other, tuple(s for d in sb for s in (1, d)))
    return UnsafeView.apply(a * b, tuple(x * y for x, y in zip(sa, sb)))


def tensordot(a, b, dims=2, out=None):
    """Contract the last `dims` dims of a with the first of b, or the dims listed as (dims_a, dims_b)."""
    result = _tensordot(a, b, dims)
    if out is None:
        return result
    from . import _composite_out  # torch's Python tensordot writes out= by copy_ (recorded)
    return _composite_out(out, result, "tensordot: Expected the output tensor to have dtype {Result}, but got an "
                                       "output tensor with dtype {Out}")


def _tensordot(a, b, dims):
    # torch's Python tensordot: dims read as its own checks read them, then the kernel's parser
    if not isinstance(dims, (tuple, list, Tensor, int)):
        raise RuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                           f"containing two lists, but got dims={dims}")
    if isinstance(dims, (tuple, list)):
        da, db = dims
    elif isinstance(dims, Tensor) and dims.numel() > 1:
        if dims.size()[0] != 2:
            raise AssertionError
        da, db = dims[0].tolist(), dims[1].tolist()
    else:
        n = int(dims.item()) if isinstance(dims, Tensor) else dims
        if n < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if not isinstance(dims, Tensor) and n > min(a.dim(), b.dim()):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da, db = list(range(-n, 0)), list(range(n))  # (torch's; its messages name a's dims so)
    da, db = _signatures.kernel_arguments("_VF.tensordot", (a, b, da, db))[2:]
    na, nb = a._data.ndim, b._data.ndim
    named = da  # (as given: the mismatch message names them so)
    da = [wrap_dim(d, na) for d in da]
    db = [wrap_dim(d, nb) for d in db]
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    if a._data.dtype != b._data.dtype:
        raise RuntimeError("both inputs should have same dtype")
    t1, t2, k = a, b, 1
    for x, y, shown in zip(da, db, named):
        if not na or not nb:  # torch reads the sizes of the dims to contract
            raise no_dimensions(x if not na else y)
        s1, s2 = a._data.shape[x], b._data.shape[y]
        if s2 == 1:  # a contracted dim of size 1 broadcasts: torch sums the other operand over it first
            t1 = t1.sum(x, keepdim=True)
        elif s1 == 1:
            t2 = t2.sum(y, keepdim=True)
        elif s1 != s2:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {s1} in dim {shown} and "
                               f"second has size {s2} in dim {y}")
        else:
            k *= s1
    free_a = [d for d in range(na) if d not in da]
    free_b = [d for d in range(nb) if d not in db]
    out_a = [a._data.shape[d] for d in free_a]
    out_b = [b._data.shape[d] for d in free_b]
    size_a, size_b = int(np.prod(out_a)), int(np.prod(out_b))
    left, right = t1.permute(free_a + da), t2.permute(db + free_b)
    out_shape = tuple(out_a + out_b)
    if size_a == 1 and size_b == 1:  # a full contraction: torch's dot where flattening is a view, else mul and sum
        if left.is_contiguous() and right.is_contiguous():
            return left.flatten().dot(right.flatten()).reshape(out_shape)
        return (left.squeeze() * right.squeeze()).sum(dtype=left.dtype).reshape(out_shape)
    return left.reshape(size_a, k).mm(right.reshape(k, size_b)).reshape(out_shape)


# ================================================================= einsum
# torch's einsum (aten Linear.cpp) is a composite, not one node: each operand's repeated labels
# become diagonals, its dims are unsqueezed and permuted to one common order (the output's
# labels, then the contracted ones), and the operands are contracted left to right (no
# opt_einsum path) by sumproduct_pair. Recording the same ops gives torch's graph, node names,
# saved tensors and gradients' graphs.
_ELLIPSIS = 52  # labels are 0-51: A-Z, then a-z (the order of an implicit output)


def _label(c):
    return ord(c) - 65 if c <= "Z" else ord(c) - 71


def _einsum_operand_labels(lhs, num_ops):
    """Each operand's labels (_ELLIPSIS for '...'), with torch's parse errors."""
    op_labels = [[] for _ in range(num_ops)]
    ell_in_input, curr, i = False, 0, 0
    while i < len(lhs):
        c = lhs[i]
        if c == ".":
            if ell_in_input:
                raise RuntimeError(f"einsum(): found '.' for operand {curr} for which an ellipsis was already found")
            if not lhs.startswith("...", i):
                raise RuntimeError(f"einsum(): found '.' for operand {curr} that is not part of any ellipsis")
            op_labels[curr].append(_ELLIPSIS)
            ell_in_input = True
            i += 2
        elif c == ",":
            curr += 1
            if curr >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
            ell_in_input = False
        elif c != " ":
            if c not in string.ascii_letters:
                raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation string, "
                                   "subscripts must be in [a-zA-Z]")
            op_labels[curr].append(_label(c))
        i += 1
    if curr != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    return op_labels


def _einsum_output(equation, arrow, lhs_len, label_count, ell_num_dim):
    """Each label's index in the common dim order (-1: unused), the output's dim count, the
    ellipsis' first index and the total dim count: output dims first, then the contracted ones."""
    index = [-1] * _ELLIPSIS
    n = ell_index = 0
    ell_in_output = arrow < 0
    if ell_in_output:  # implicit output: the ellipsis, then the labels seen once, in label order
        n = ell_num_dim
        for s in range(_ELLIPSIS):
            if label_count[s] == 1:
                index[s], n = n, n + 1
    else:
        rhs, i = equation[arrow + 2:], 0
        while i < len(rhs):
            c = rhs[i]
            if c == ".":
                if ell_in_output:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found")
                if not rhs.startswith("...", i):
                    raise RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)")
                ell_index, n, ell_in_output = n, n + ell_num_dim, True
                i += 2
            elif c != " ":
                if c not in string.ascii_letters:
                    raise RuntimeError(f"einsum(): invalid subscript given at index {lhs_len + 2 + i} in the "
                                       "equation string, subscripts must be in [a-zA-Z]")
                s = _label(c)
                if not label_count[s] or index[s] != -1:
                    raise RuntimeError(f"einsum(): output subscript {c}" + (
                        " appears more than once in the output" if index[s] != -1 else
                        " does not appear in the equation for any input operand"))
                index[s], n = n, n + 1
            i += 1
    out_num_dim = n
    if not ell_in_output:
        ell_index, n = n, n + ell_num_dim
    for s in range(_ELLIPSIS):
        if label_count[s] and index[s] == -1:
            index[s], n = n, n + 1
    return index, out_num_dim, ell_index, n


def _einsum(equation, operands):
    """torch's at::native::einsum without a contraction path."""
    num_ops = len(operands)
    if not num_ops:
        raise RuntimeError("einsum(): must provide at least one operand")
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    op_labels = _einsum_operand_labels(lhs, num_ops)
    label_count = [0] * _ELLIPSIS
    ell_num_dim = 0
    for i, (labels, op) in enumerate(zip(op_labels, operands)):
        ndims = op._data.ndim
        has_ell = _ELLIPSIS in labels
        nlabels = len(labels) - has_ell
        for s in labels:
            if s != _ELLIPSIS:
                label_count[s] += 1
        if has_ell:
            ell_num_dim = max(ell_num_dim, ndims - nlabels)
        if nlabels > ndims if has_ell else nlabels != ndims:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({nlabels}) " + (
                f"is more than the number of dimensions ({ndims}) for operand {i}" if has_ell else
                f"does not match the number of dimensions ({ndims}) for operand {i} and no ellipsis was given"))
    index, out_num_dim, ell_index, n = _einsum_output(equation, arrow, len(lhs), label_count, ell_num_dim)

    # Align every operand to the common order: diagonals for repeated labels, size-1 dims for
    # missing ones; dim_counts[d]: how many operands have dim d of a size other than 1.
    label_size, ell_sizes, dim_counts = [1] * _ELLIPSIS, [1] * ell_num_dim, [0] * n
    ops = []
    for i, (labels, op) in enumerate(zip(op_labels, operands)):
        permutation = [-1] * n
        dim = 0
        for s in labels:
            shape = op._data.shape
            if s == _ELLIPSIS:
                covered = operands[i]._data.ndim - (len(labels) - 1)
                for j in range(ell_num_dim - covered, ell_num_dim):
                    size = op._data.shape[dim]
                    if size != 1:
                        if ell_sizes[j] != 1 and ell_sizes[j] != size:
                            raise RuntimeError(
                                f"einsum(): dimension {dim} covered by ellipsis in operand {i}has size {size} which "
                                f"does not broadcast with previously seen ellipsis with size {ell_sizes[j]} for the "
                                "respective dimension")
                        ell_sizes[j] = size
                        dim_counts[ell_index + j] += 1
                    permutation[ell_index + j] = dim
                    dim += 1
            elif permutation[index[s]] == -1:
                size = shape[dim]
                if size != 1:
                    if label_size[s] != 1 and label_size[s] != size:
                        raise RuntimeError(f"einsum(): subscript {_sublist_label(s)} has size "
                                           f"{size} for operand {i} which does not broadcast with previously seen "
                                           f"size {label_size[s]}")
                    label_size[s] = size
                    dim_counts[index[s]] += 1
                permutation[index[s]] = dim
                dim += 1
            else:
                prev = permutation[index[s]]
                if shape[dim] != shape[prev]:
                    raise RuntimeError(f"einsum(): subscript {_sublist_label(s)} is repeated for "
                                       f"operand {i} but the sizes don't match, {shape[dim]} != {shape[prev]}")
                op = movedim(Diagonal.apply(op, 0, prev, dim), -1, prev)
        for k, val in enumerate(permutation):
            if val == -1:
                op = Unsqueeze.apply(op, dim)
                permutation[k] = dim
                dim += 1
        ops.append(Permute.apply(op, tuple(permutation)))

    while len(ops) > 1:
        a, b = ops.pop(0), ops.pop(0)
        sa, sb = a._data.shape, b._data.shape
        # a contracted dim is summed with the product once no later operand has it, and within
        # one operand before the product when no other operand has it
        sum_dims, a_dims, b_dims = [], [], []
        for d in range(out_num_dim, n):
            if sa[d] != 1 and sb[d] != 1:
                dim_counts[d] -= 1
                if dim_counts[d] == 1:
                    sum_dims.append(d)
                    dim_counts[d] = 0
            elif dim_counts[d] == 1:
                if sa[d] != 1:
                    a_dims.append(d)
                    dim_counts[d] = 0
                elif sb[d] != 1:
                    b_dims.append(d)
                    dim_counts[d] = 0
        if a_dims:
            a = SumDim.apply(a, tuple(a_dims), True, None)
        if b_dims:
            b = SumDim.apply(b, tuple(b_dims), True, None)
        ops.insert(0, _sumproduct_pair(a, b, sum_dims))

    out = ops[0]
    if n > out_num_dim:  # the contracted dims: size 1 after a contraction, else summed
        if num_ops > 1:
            return View.apply(out, out._data.shape[:out_num_dim])
        return SumDim.apply(out, tuple(range(out_num_dim, n)), False, None)
    return out


def _sumproduct_pair(left, right, sum_dims):
    """(left * right).sum(sum_dims, keepdim=True) of two aligned operands, as torch's
    sumproduct_pair: a product, or one bmm of [shared, left-only, summed] x [shared, summed, right-only]."""
    if not sum_dims:
        return left * right
    lro, lo, ro = [], [], []
    lro_size = lo_size = ro_size = sum_size = 1
    for i in range(left._data.ndim):
        sl, sr = left._data.shape[i], right._data.shape[i]
        if i in sum_dims:
            if sl != 1 and sr != 1:
                sum_size *= sl
            elif sl != 1:  # in one operand only: summed right away
                left = SumDim.apply(left, (i,), True, None)
            elif sr != 1:
                right = SumDim.apply(right, (i,), True, None)
        elif sl != 1 and sr != 1:
            lro.append(i)
            lro_size *= sl
        elif sl != 1:
            lo.append(i)
            lo_size *= sl
        else:
            ro.append(i)
            ro_size *= sr
    if lo and ro and ro[-1] < lo[0]:  # right's output dims all come first: bmm(right, left) lays them out in order
        left, right, lo, ro, lo_size, ro_size = right, left, ro, lo, ro_size, lo_size
    ls, rs = left._data.shape, right._data.shape
    out_size = tuple(ls[d] for d in lro + lo) + (1,) * len(sum_dims) + tuple(rs[d] for d in ro)
    lperm = lro + lo + sum_dims + ro
    operm = [0] * len(lperm)
    for k, d in enumerate(lperm):
        operm[d] = k
    left = reshape(Permute.apply(left, tuple(lperm)), (lro_size, lo_size, sum_size))
    right = reshape(Permute.apply(right, tuple(lro + sum_dims + ro + lo)), (lro_size, sum_size, ro_size))
    if left._data.dtype != right._data.dtype:  # torch's bmm's own message
        raise RuntimeError(f"expected scalar type {scalar_type_name(left._data)} but found {scalar_type_name(right._data)}")
    return Permute.apply(View.apply(Bmm.apply(left, right), out_size), tuple(operm))


def _sublist_label(n):
    """A sublist entry (a label 0-51, or Ellipsis) as the equation's letter(s)."""
    if n == Ellipsis:
        return "..."
    if 0 <= n < 26:
        return chr(65 + n)
    if 26 <= n < 52:
        return chr(71 + n)
    raise ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)")


def einsum(*args):
    """Einstein summation, recorded as torch's composite of diagonals, permutes, sums and bmm.

    einsum(equation, *operands), einsum(equation, [operands]) or the sublist form
    einsum(op1, sublist1, op2, sublist2, ..., [sublist_out])."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], Tensor):
        equation = ",".join("".join(_sublist_label(s) for s in sub) for sub in args[1::2])
        if len(args) % 2 == 1:
            equation += "->" + "".join(_sublist_label(s) for s in args[-1])
            operands = args[:-1:2]
        else:
            operands = args[::2]
    else:
        equation, operands = args[0], args[1:]
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    return _einsum(equation, operands)


# ================================================================= linalg: helpers
def _check_float(name, a):
    if a.dtype.kind != "f":
        raise RuntimeError(f"{name}: Expected a floating point or complex tensor as input. Got {scalar_type_name(a)}")


def _check_square(name, a, low_precision=True):
    """torch's checks of a batch of square matrices; `low_precision`: whether half precision is taken."""
    _check_float(name, a)
    check_square_shape(name, a)
    if not low_precision:
        _refuse_low_precision(name, a)


def check_square_shape(name, a):
    """torch's squareCheckInputs: the shape only (where the kernel refuses dtypes itself)."""
    if a.ndim < 2:
        raise RuntimeError(f"{name}: The input tensor A must have at least 2 dimensions.")
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError(f"{name}: A must be batches of square matrices, but they are {a.shape[-2]} by "
                           f"{a.shape[-1]} matrices")


def _refuse_low_precision(name, a):
    if a.dtype == np.float16:
        raise RuntimeError(f"{name}: Low precision dtypes not supported. Got {scalar_type_name(a)}")


def _eye_like(t, n):
    return Tensor._wrap(np.eye(n, dtype=t._data.dtype))


def _info_error(name, a, info, message, error=None):
    """torch's error for the first matrix of `a` whose LAPACK `info` is not 0 (None if there is none):
    "name: (Batch element i): message(info)", the batch element named only for a batch."""
    flat = np.asarray(info).reshape(-1)
    bad = np.flatnonzero(flat)
    if not bad.size:
        return None
    where = f"(Batch element {bad[0]}): " if a.ndim > 2 else ""
    return (error or LinAlgError)(f"{name}: {where}{message(flat[bad[0]])}")


def _no_info(a):
    return np.zeros(a.shape[:-2], np.int32)


def batch_shape(a, b):
    """The broadcast of two batch shapes, with torch's error where they do not broadcast."""
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        from .pointwise import _broadcast_error
        raise _broadcast_error(np.empty(a + (0,)), np.empty(b + (0,))) from None


def svd_arrays(a, full_matrices=True, compute_uv=True):
    """np.linalg.svd, its failure to converge (non-finite input) raised as torch's LinAlgError."""
    check_lapack_dtype("linalg_svd_cpu", a)
    try:
        return np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)
    except np.linalg.LinAlgError:
        raise LinAlgError("linalg.svd: The algorithm failed to converge because the input matrix contained "
                          "non-finite values.") from None


# ================================================================= linalg: decompositions
class LinalgInvEx(Op):
    """(A^{-1}, LAPACK's info); with check_errors, a singular matrix raises, named as `name`."""
    saves = ("result",)
    n_outputs = 2
    nondiff_outputs = (1,)

    def forward(ctx, a, check_errors=True, name="linalg.inv"):
        _check_square("linalg.inv", a, low_precision=False)
        try:
            return _lapack_layout(np.linalg.inv(a)), _no_info(a)
        except np.linalg.LinAlgError:
            pass
        inverse, info = _solve_by_lu(a, np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape))
        error = check_errors and _info_error(name, a, info, lambda k: (
            f"The diagonal element {k} is zero, the inversion could not be completed because the input matrix is "
            "singular."))
        if error:
            raise error
        return inverse, info

    def backward(ctx, grad, grad_info=None):
        inv_a, = ctx.saved_tensors
        return -inv_a.mT.matmul(grad).matmul(inv_a.mT), None, None


class LinalgDet(Op):
    """det(A). Its gradient, the cofactor matrix, is det(A) A^{-T} for invertible A; singular
    inputs take the SVD form, which holds for every A. As torch's linalg_det_backward under grad
    mode: a solve where |det| >= 100 eps, the SVD form elsewhere, joined by index_put."""
    saves = (0, "result")

    def forward(ctx, a):
        _check_square("linalg.det", a)
        if not a.size:  # 0 x 0 matrices (determinant 1) or none: no factorization, so any floating dtype
            return np.ones(a.shape[:-2], a.dtype)
        check_lapack_dtype("lu_cpu", a)
        return np.asarray(np.linalg.det(a), dtype=a.dtype)

    def backward(ctx, grad):
        a, d = ctx.saved_tensors
        if a._data.size == 0:
            return Tensor._wrap(np.zeros_like(a._data))
        if not _grad_mode.is_grad_enabled():
            if d._data.all():
                return (grad * d).unsqueeze(-1).unsqueeze(-1) * inv(a).mT
            return _det_grad_singular(a, grad)
        singular = np.abs(d._data) < 100 * np.finfo(d._data.dtype).eps
        if not singular.any():
            return _times_inverse_transpose(a, grad * d)
        if singular.all():
            return _det_grad_singular(a, grad)
        mask = Tensor._wrap(singular)
        out = a.new_empty(a.shape).index_put((mask,), _det_grad_singular(a[mask], grad[mask]))
        return out.index_put((~mask,), _times_inverse_transpose(a[~mask], (grad * d)[~mask]))


def _det_grad_singular(a, grad):
    """det's gradient for any A, from its SVD."""
    u, s, vh = svd(a)
    g = _prod_backward_safe_zeros((grad * (det(u) * det(vh))).unsqueeze(-1), s)
    return (u * g.unsqueeze(-2)).matmul(vh)


def _times_inverse_transpose(a, scale):
    """scale * A^{-T} for each matrix, as torch computes it under grad mode: a solve of A^T
    against scale's diagonal matrix (transposed, the layout torch prepares for lu_solve); a
    singular A raises there, as torch's solve does."""
    return solve(a.mT, diag_embed(scale.unsqueeze(-1).expand(tuple(a.shape[:-1]))).mT)


def _prod_backward_safe_zeros(grad, x):
    """grad * d prod(x, -1) / dx without dividing by x: products of the elements before and after each."""
    n = x._data.shape[-1]
    ones = Tensor._wrap(np.ones(x._data.shape[:-1] + (1,), x._data.dtype))
    before = cat([ones, x.narrow(-1, 0, n - 1)], -1).cumprod(-1)
    after = cat([ones, x.narrow(-1, 1, n - 1).flip(-1)], -1).cumprod(-1).flip(-1)
    return grad * before * after


class LinalgSlogdet(Op):
    """(sign, log|det|); the gradient flows through log|det| only (A^{-T} times its gradient)."""
    saves = (0,)
    n_outputs = 2

    def forward(ctx, a):
        _check_square("linalg.slogdet", a, low_precision=False)
        sign, logabs = np.linalg.slogdet(a)
        # torch's sign is the product of the LU diagonal's signs: 0 once NaN is among them (NumPy's keeps +-1)
        sign = np.where(np.isnan(logabs), 0, sign)
        return np.asarray(sign, dtype=a.dtype), np.asarray(logabs, dtype=a.dtype)

    def backward(ctx, gsign, glogabs):
        a, = ctx.saved_tensors
        if not _grad_mode.is_grad_enabled():  # (a singular A: the inverse's inf and nan, no error, as torch's)
            return glogabs.unsqueeze(-1).unsqueeze(-1) * LinalgInvEx.apply(a, False)[0].mT
        return _times_inverse_transpose(a, glogabs)  # torch's slogdet_backward under grad mode


class LinalgSolveEx(Op):
    """(X with A X = B, LAPACK's info), B a batch of vectors or matrices, or X A = B when not `left`.
    For A X = B: gB = A^{-T} gX, gA = -gB X^T; for X A = B: gB = gX A^{-T}, gA = -X^T gB."""
    saves = (0, "result")
    n_outputs = 2
    nondiff_outputs = (1,)

    def forward(ctx, a, b, left, check_errors=True, name="linalg.solve"):
        _check_float("linalg.solve", a)  # (torch's order: A's kind, the dtypes, then the shapes)
        if a.dtype != b.dtype:
            raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                               f"{scalar_type_name(a)} and B of type {scalar_type_name(b)} instead")
        _check_square("linalg.solve", a)
        vector = b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1])  # torch's, whatever `left`
        ctx.vector, ctx.left = vector, left
        bm = b[..., None] if vector else b
        if not left:
            a, bm = np.swapaxes(a, -1, -2), np.swapaxes(bm, -1, -2)
        if bm.shape[-2] != a.shape[-1]:
            shown = bm if left else np.swapaxes(bm, -1, -2)
            raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                               f"{'AX = B' if left else 'XA = B'} ({a.shape[-2]}x{a.shape[-1]} and "
                               f"{shown.shape[-2]}x{shown.shape[-1]})")
        if vector and not left:
            raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not supported for "
                               "left=False. In this case linalg.solve is equivalent to B / A.squeeze(-1)")
        check_lapack_dtype("lu_cpu", a)
        try:
            x, info = np.linalg.solve(a, bm), _no_info(a)
        except np.linalg.LinAlgError:
            x, info = _solve_by_lu(a if left else np.swapaxes(a, -1, -2), bm, adjoint=not left)
            error = check_errors and _info_error(f"torch.{name}", a, info,
                                                 lambda k: "The solver failed because the input matrix is singular.")
            if error:
                raise error from None
        # LAPACK's solution is column-major (so X A = B's, solved transposed, comes back in C order)
        if vector:
            return x[..., 0], info
        return (_lapack_layout(x) if left else np.swapaxes(_lapack_layout(x), -1, -2)), info

    def backward(ctx, grad, grad_info=None):  # torch's linalg_solve_backward: a vector right side solved as a matrix
        a, x = ctx.saved_tensors
        gb = solve(a.mT, grad.unsqueeze(-1) if ctx.vector else grad, left=ctx.left)
        ga = None
        if ctx.needs_input_grad[0]:
            xm = x.unsqueeze(-1) if ctx.vector else x
            ga = -(gb.matmul(xm.mT) if ctx.left else xm.mT.matmul(gb))
        return ga, (gb.squeeze(-1) if ctx.vector else gb), None, None, None


class LinalgCholeskyEx(Op):
    """(L with A = L L^T for symmetric positive-definite A, LAPACK's info); L^T when `upper`."""
    saves = ("result",)
    n_outputs = 2
    nondiff_outputs = (1,)

    def forward(ctx, a, upper, check_errors=True, name="linalg.cholesky"):
        ctx.upper = upper
        return _cholesky_factor(a, upper, name if check_errors else None)

    def backward(ctx, grad, grad_info=None):
        factor, = ctx.saved_tensors
        return _cholesky_backward(grad, factor, ctx.upper), None, None, None


def _cholesky_factor(a, upper, name=None, checked_as="linalg.cholesky"):
    """(the Cholesky factor of each matrix, LAPACK's info); `name`: raise torch's error, so named, for a
    matrix that is not positive-definite (the input's checks name `checked_as`). As LAPACK's potrf, only
    the lower triangle is read."""
    _check_square(checked_as, a)
    check_lapack_dtype("cholesky_cpu", a)
    try:
        low, info = np.linalg.cholesky(a), _no_info(a)
        if np.isnan(np.diagonal(low, 0, -2, -1)).any():  # NumPy's LAPACK lets a nan through; torch's stops there
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        low, info = _potf2(a)
        error = name and _info_error(name, a, info, lambda k: (
            "The factorization could not be completed because the input is not positive-definite (the leading "
            f"minor of order {k} is not positive-definite)."))
        if error:
            raise error from None
    return _lapack_layout(np.swapaxes(low, -1, -2) if upper else low), info


def _cholesky_backward(grad, factor, upper):
    """torch's _cholesky_backward: with L the lower factor, gA = L^{-T} Φ(L^T gL) L^{-1}, where Φ
    keeps the lower triangle, halves the diagonal and symmetrizes."""
    low, grad = (factor.mT, grad.mT) if upper else (factor, grad)
    ga = low.mT.matmul(grad).tril()
    ga = 0.5 * (ga + ga.tril(-1).mT)
    ga = solve_triangular(low.mT, ga, upper=True, left=True)
    return solve_triangular(low, ga, upper=False, left=False)


def _qr_backward_tall(gq, gr, q, r):
    """A = QR with m >= n (reduced), torch's linalg_qr_backward term for term: with
    X = triu(gR R^T - Q^T gQ), gA = (Q (X + X^T with its diagonal halved) + gQ) R^{-T}, the last
    a triangular solve from the right."""
    x = (gr.matmul(r.mT) - q.mT.matmul(gq)).triu()
    sym = x + x.mT
    sym.diagonal(0, -2, -1).mul_(0.5)
    return solve_triangular(r.mT, q.matmul(sym) + gq, upper=False, left=False)


def _qr_backward_wide(gq, gr, q, r):
    """A = QR with m < n, torch's linalg_qr_backward: with X = Q^T gQ - gR R^T, gA = [Q tril(X - X^T)
    U^{-T} | 0] + Q gR, U the square left block of R."""
    x = -(gr.matmul(r.mT) - q.mT.matmul(gq))
    m, n = r.shape[-2], r.shape[-1]
    ga = solve_triangular(r.narrow(-1, 0, m).mT, q.matmul((x - x.mT).tril()), upper=False, left=False)
    ga = cat([ga, Tensor._wrap(np.zeros(tuple(r.shape[:-1]) + (n - m,), ga._data.dtype))], -1)
    return ga + q.matmul(gr)


class LinalgQr(Op):
    saves = (0, "result", "result1")
    n_outputs = 2

    def forward(ctx, a, mode):
        _check_float("linalg.qr", a)
        if a.ndim < 2:
            raise RuntimeError("linalg.qr: The input tensor A must have at least 2 dimensions.")
        if mode not in ("reduced", "r", "complete"):
            raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
                               "'r', or 'complete'")
        check_lapack_dtype("geqrf_cpu", a)
        ctx.mode = mode
        q, r = np.linalg.qr(a, mode="complete" if mode == "complete" else "reduced")
        if mode == "r":
            q = np.zeros((0,), a.dtype)
        return q.astype(a.dtype, copy=False), r.astype(a.dtype, copy=False)

    def backward(ctx, gq, gr):
        a, q, r = ctx.saved_tensors
        m, n = a._data.shape[-2:]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        return (_qr_backward_tall if m >= n else _qr_backward_wide)(gq, gr, q, r), None


class LinalgEigh(Op):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix (torch's linalg_eig_backward)."""
    saves = ("result", "result1")
    n_outputs = 2

    def forward(ctx, a, uplo):
        check_square_shape("linalg.eigh", a)  # (the kernel refuses other dtypes than float and double)
        if uplo not in ("L", "U"):
            raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
        check_lapack_dtype("linalg_eigh_cpu", a)
        w, v = np.linalg.eigh(a, UPLO=uplo)
        return w.astype(a.dtype, copy=False), v.astype(a.dtype, copy=False)

    def backward(ctx, gl, gv):
        lam, v = ctx.saved_tensors
        n = lam._data.shape[-1]
        vtgv = v.mT.matmul(gv)
        skew = 0.5 * (vtgv - vtgv.mT)
        e = lam.unsqueeze(-2) - lam.unsqueeze(-1) + _eye_like(lam, n)  # 1 on the diagonal, where skew is 0
        inner = skew / e + gl.diag_embed()
        return v.matmul(inner.matmul(v.mT)), None


class LinalgSvd(Op):
    """A = U diag(S) Vh (torch's svd_backward; full matrices are narrowed to the reduced ones)."""
    saves = ("result", "result1", "result2")
    n_outputs = 3

    def forward(ctx, a, full_matrices):
        _check_float("linalg.svd", a)
        if a.ndim < 2:
            raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
        ctx.full = full_matrices
        u, s, vh = svd_arrays(a, full_matrices=full_matrices)
        return u.astype(a.dtype, copy=False), s.astype(a.dtype, copy=False), vh.astype(a.dtype, copy=False)

    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        k = s._data.shape[-1]
        if ctx.full:
            u, vh, gu, gvh = u.narrow(-1, 0, k), vh.narrow(-2, 0, k), gu.narrow(-1, 0, k), gvh.narrow(-2, 0, k)
        m, n = u._data.shape[-2], vh._data.shape[-1]
        v, gv = vh.mT, gvh.mT
        uhgu = u.mT.matmul(gu)
        uhgu = uhgu - uhgu.mT
        vhgv = v.mT.matmul(gv)
        vhgv = vhgv - vhgv.mT
        s2 = s * s
        e = s2.unsqueeze(-2) - s2.unsqueeze(-1) + _eye_like(s, k)
        ga = (uhgu * s.unsqueeze(-2) + s.unsqueeze(-1) * vhgv) / e + gs.diag_embed()
        if m > n:
            gu_sinv = gu / s.unsqueeze(-2)
            ga = (u.matmul(ga) + gu_sinv - u.matmul(u.mT.matmul(gu_sinv))).matmul(vh)
        elif m < n:
            sinv_gvh = gvh / s.unsqueeze(-1)
            ga = u.matmul(ga.matmul(vh) + sinv_gvh - sinv_gvh.matmul(v).matmul(vh))
        else:
            ga = u.matmul(ga.matmul(vh))
        return ga, None


class LinalgSolveTriangular(Op):
    """X with A X = B (X A = B when not `left`) reading only A's upper or lower triangle."""
    saves = (0, "result")

    def forward(ctx, a, b, upper, left, unitriangular):
        _check_float("linalg.solve_triangular", a)
        if a.dtype != b.dtype:
            raise RuntimeError(f"linalg.solve_triangular: Expected A and B to have the same dtype, but found A of "
                               f"type {scalar_type_name(a)} and B of type {scalar_type_name(b)} instead")
        if a.ndim < 2 or b.ndim < 2:
            raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
        check_lapack_dtype("triangular_solve_cpu", a)
        ctx.args = upper, left, unitriangular
        tri = _triangle(a, upper, unitriangular)
        if left:
            return _lapack_layout(_substitute(tri, b, upper))
        return _lapack_layout(np.swapaxes(_substitute(np.swapaxes(tri, -1, -2), np.swapaxes(b, -1, -2), not upper),
                                          -1, -2))

    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        upper, left, unit = ctx.args
        gb = solve_triangular(a.mT, grad, upper=not upper, left=left, unitriangular=unit)
        ga = None
        if ctx.needs_input_grad[0]:
            ga = -(gb.matmul(x.mT) if left else x.mT.matmul(gb))
            ga = ga.triu(int(unit)) if upper else ga.tril(-int(unit))
        return ga, gb, None, None, None


class LinalgCross(Op):
    """The cross product of 3-vectors along `dim`."""
    saves = (0, 1)

    def forward(ctx, a, b, dim):
        if a.ndim != b.ndim:
            raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
        na, nb = a.shape[wrap_dim(dim, a.ndim)], b.shape[wrap_dim(dim, b.ndim)]
        if na != 3 or nb != 3:
            raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got {na} and {nb}")
        try:
            shape = np.broadcast_shapes(a.shape, b.shape)
        except ValueError:
            from .pointwise import _broadcast_error
            raise _broadcast_error(a, b) from None
        d = ctx.dim = wrap_dim(dim, len(shape))
        if a.dtype == np.bool_:
            raise not_implemented_for("cross", a)
        return np.cross(np.broadcast_to(a, shape), np.broadcast_to(b, shape), axis=d)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[:2]
        return (LinalgCross.apply(b, grad, ctx.dim) if need_a else None), \
            (LinalgCross.apply(grad, a, ctx.dim) if need_b else None), None


linalg_slogdet_type = _return_type("linalg_slogdet", ("sign", "logabsdet"))
slogdet_type = _return_type("slogdet", ("sign", "logabsdet"))
linalg_qr_type = _return_type("linalg_qr", ("Q", "R"))
linalg_eigh_type = _return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
linalg_svd_type = _return_type("linalg_svd", ("U", "S", "Vh"))
linalg_inv_ex_type = _return_type("linalg_inv_ex", ("inverse", "info"))
linalg_solve_ex_type = _return_type("linalg_solve_ex", ("result", "info"))
linalg_cholesky_ex_type = _return_type("linalg_cholesky_ex", ("L", "info"))
for _t in (linalg_slogdet_type, slogdet_type, linalg_qr_type, linalg_eigh_type, linalg_svd_type, linalg_inv_ex_type,
           linalg_solve_ex_type, linalg_cholesky_ex_type):
    _t.__module__ = __name__  # pickle finds them here


def inv(A):
    """The inverse of each square matrix in A."""
    return LinalgInvEx.apply(A)[0]


def inv_ex(A, *, check_errors=False):
    """(inverse, info): A's inverse and LAPACK's info (0, or the first zero pivot of a singular matrix)."""
    return linalg_inv_ex_type(*LinalgInvEx.apply(A, check_errors, "linalg.inv_ex"))


def inverse(input):
    """torch.inverse: linalg.inv (whose parameter is named A)."""
    return LinalgInvEx.apply(input)[0]


def linalg_det(A):
    """The determinant of each square matrix in A."""
    return LinalgDet.apply(A)


def det(input):
    """torch.det: linalg.det (whose parameter is named A)."""
    return LinalgDet.apply(input)



def linalg_slogdet(A):
    """(sign, log|det|) of each square matrix in A."""
    return linalg_slogdet_type(*LinalgSlogdet.apply(A))


def slogdet(input):
    """torch.slogdet: linalg.slogdet in torch's older named tuple, `slogdet`."""
    return slogdet_type(*LinalgSlogdet.apply(input))


def solve(A, B, *, left=True):
    """X with A X = B (or X A = B when left=False)."""
    return LinalgSolveEx.apply(A, B, left)[0]


def solve_ex(A, B, *, left=True, check_errors=False):
    """(result, info): linalg.solve's X and LAPACK's info (0, or the first zero pivot of a singular A)."""
    return linalg_solve_ex_type(*LinalgSolveEx.apply(A, B, left, check_errors, "linalg.solve_ex"))


def cholesky(input, *, upper=False):
    """The lower (or upper) triangular L with input = L L^T."""
    return LinalgCholeskyEx.apply(input, upper)[0]


def cholesky_ex(input, *, upper=False, check_errors=False):
    """(L, info): linalg.cholesky's factor and LAPACK's info (0, or the order of the first leading minor
    that is not positive-definite)."""
    return linalg_cholesky_ex_type(*LinalgCholeskyEx.apply(input, upper, check_errors, "linalg.cholesky_ex"))


def qr(A, mode="reduced"):
    """(Q, R) with A = QR: Q orthonormal columns, R upper triangular."""
    return linalg_qr_type(*LinalgQr.apply(A, mode))


def eigh(input, UPLO="L"):
    """(eigenvalues ascending, eigenvectors as columns) of symmetric matrices."""
    return linalg_eigh_type(*LinalgEigh.apply(input, UPLO))


def eigvalsh(input, UPLO="L"):
    """The eigenvalues (ascending) of symmetric matrices."""
    return eigh(input, UPLO).eigenvalues


def _check_driver(name, A, driver):
    """torch's CPU refusal of any driver=, after its checks of the input."""
    if driver is not None:
        if not isinstance(driver, str):
            raise TypeError(f"{name}(): argument 'driver' must be str, not {type(driver).__name__}")
        _check_float("linalg.svd", A._data)
        if A._data.ndim < 2:
            raise RuntimeError("linalg.svd: The input tensor A must have at least 2 dimensions.")
        raise RuntimeError("torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
                           "cuSOLVER backend.")


def svd(A, full_matrices=True, *, driver=None):
    """(U, S, Vh) with A = U diag(S) Vh, S descending (`driver`: cuSOLVER's, which CPU refuses)."""
    _check_driver("linalg_svd", A, driver)
    return linalg_svd_type(*LinalgSvd.apply(A, full_matrices))


def svdvals(A, *, driver=None):
    """The singular values (descending) of each matrix."""
    _check_driver("linalg_svdvals", A, driver)
    return LinalgSvd.apply(A, False)[1]


def solve_triangular(input, B, *, upper, left=True, unitriangular=False):
    """X with input X = B (or X input = B), input upper or lower triangular (unit diagonal if asked)."""
    return LinalgSolveTriangular.apply(input, B, upper, left, unitriangular)


def linalg_cross(input, other, *, dim=-1):
    """linalg.cross: the cross product of 3-vectors along `dim` (inputs broadcast)."""
    return LinalgCross.apply(input, other, dim)


def cross(input, other, dim=None):
    """torch.cross: linalg.cross along `dim`; without one (deprecated, warned once per process as in torch),
    along input's first dim of size 3."""
    if dim is None:
        warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                  "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
                  "that of linalg.cross in a future release.")
        dim = next((d for d, n in enumerate(input._data.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return LinalgCross.apply(input, other, dim)


def vecdot(x, y, *, dim=-1):
    """The dot product of vectors along `dim` (inputs broadcast)."""
    _check_float("linalg.vecdot", x._data)
    if x._data.dtype != y._data.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found x of type "
                           f"{scalar_type_name(x._data)} and y of type {scalar_type_name(y._data)} instead")
    return (x * y).sum(dim)


def matrix_power(input, n):
    """input multiplied by itself n times (n < 0: the inverse's power; n = 0: the identity)."""
    A = input
    _check_square("linalg.matrix_power", A._data)
    n = int(n)
    if n == 0:  # torch writes the identity over a copy of A: a zero gradient, CopyBackwards
        eye = Tensor._wrap(np.broadcast_to(np.eye(A._data.shape[-1], dtype=A._data.dtype), A._data.shape))
        return A.clone().copy_(eye)
    if n < 0:
        A, n = inv(A), -n
        if n == 1:
            return A  # torch's inverse itself (LinalgInvExBackward0), no copy of it
    if n == 1:
        return A.clone()
    if n == 2:
        return A.matmul(A)
    if n == 3:
        return A.matmul(A).matmul(A)
    result = z = None
    while n > 0:  # binary powering, torch's order of products
        bit, n = n % 2, n // 2
        z = A if z is None else z.matmul(z)
        if bit:
            result = z if result is None else result.matmul(z)  # never A itself at the end (n > 3)
    return result


def multi_dot(tensors):
    """The product of a chain of matrices (the first and last may be vectors)."""
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    dims = [t._data.ndim for t in tensors]
    if dims[0] not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {dims[0]}D")
    if dims[-1] not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {dims[-1]}D")
    for i in range(1, n - 1):
        if dims[i] != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {dims[i]}D")
    mats = list(tensors)
    mats[0] = mats[0].unsqueeze(0) if dims[0] == 1 else mats[0]
    mats[-1] = mats[-1].unsqueeze(-1) if dims[-1] == 1 else mats[-1]
    for i in range(n - 1):
        if mats[i]._data.shape[1] != mats[i + 1]._data.shape[0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes {list(tensors[i]._data.shape)} and "
                               f"{list(tensors[i + 1]._data.shape)} cannot be multiplied")
    out = _chain_product(mats)
    shape = tuple(out._data.shape[i] for i, d in ((0, dims[0]), (1, dims[-1])) if d == 2)
    return out.view(shape)


def _chain_product(mats):
    """The matrices' product in torch's order: the cheaper of the two for three, the order of least
    multiplications (Cormen's matrix-chain dynamic program, first minimum kept) for more."""
    n = len(mats)
    if n == 2:
        return mats[0].mm(mats[1])
    p = [mats[0]._data.shape[0]] + [m._data.shape[1] for m in mats]
    if n == 3:
        a, b, c, d = p
        if a * c * (b + d) > b * d * (a + c):
            return mats[0].mm(mats[1].mm(mats[2]))
        return mats[0].mm(mats[1]).mm(mats[2])
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                q = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or q < cost[i][j]:
                    cost[i][j], split[i][j] = q, k

    def product(i, j):
        return mats[i] if i == j else product(i, split[i][j]).mm(product(split[i][j] + 1, j))
    return product(0, n - 1)


# ================================================================= norms
def vector_norm(input, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ord-norm of input over `dim` (all elements by default), seen as a vector."""
    from .reduction import p_norm
    return p_norm(input, ord, dim, keepdim, dtype)


def matrix_norm(input, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """'fro', 'nuc', 1, -1, 2, -2, inf or -inf norm of the matrices over dims `dim`."""
    if ord not in ("fro", "nuc", 1, -1, 2, -2, float("inf"), -float("inf")):  # (torch checks it first)
        raise RuntimeError(f"linalg.matrix_norm: Order {ord if isinstance(ord, str) else scalar_text(ord)} not "
                           "supported.")
    A = input
    if A._data.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    from .reduction import LinalgVectorNorm, _norm_dtype
    _check_float("linalg.matrix_norm", A._data)
    np_dtype = _norm_dtype("linalg.matrix_norm", A, dtype)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got {' '.join(map(str, dim))}")
    d0, d1 = (wrap_dim(d, A._data.ndim) for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({d0}, {d1})")  # (wrapped, as torch prints them)
    if ord == "fro":
        return LinalgVectorNorm.apply(A, 2.0, tuple(sorted((d0, d1))), keepdim, np_dtype)
    if ord == "nuc" or ord in (2, -2):
        _refuse_low_precision("linalg.matrix_norm", A._data)
        order = [d for d in range(A._data.ndim) if d not in (d0, d1)] + [d0, d1]
        s = svdvals((A if dtype is None else A.to(dtype)).permute(order))
        out = s.sum(-1, keepdim) if ord == "nuc" else s.amax(-1, keepdim) if ord == 2 else s.amin(-1, keepdim)
        return out.unsqueeze(-1).permute(np.argsort(order).tolist()) if keepdim else out
    # 1, -1, inf, -inf: torch's max/min of the 1-norms of columns (rows for inf)
    sum_dim, pick_dim = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = LinalgVectorNorm.apply(A, 1.0, (sum_dim,), keepdim, np_dtype)
    if not keepdim and pick_dim > sum_dim:
        pick_dim -= 1
    if ord > 0 and sums.shape[pick_dim] == 0:  # the largest of no norms: 0, as torch (amin still refuses)
        return sums.sum(pick_dim, keepdim)
    return sums.amax(pick_dim, keepdim) if ord > 0 else sums.amin(pick_dim, keepdim)


def norm(input, ord=None, dim=None, keepdim=False, *, dtype=None):
    """linalg.norm: the vector norm, or the matrix norm for a string ord / 2-D input with an ord."""
    A = input
    n = A._data.ndim
    if isinstance(dim, (int, np.integer)):
        dim = (dim,)
    if dim is not None and len(dim) not in (1, 2) and not isinstance(ord, str):
        raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. Got {list(dim)}")
    if ord is None:
        if dim is None or len(dim) == 1:
            return vector_norm(A, 2, dim, keepdim, dtype=dtype)
        return matrix_norm(A, "fro", dim, keepdim, dtype=dtype)
    if dim is None:
        if n not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                               f"Got {n}D.")
        dim = tuple(range(n))
    if isinstance(ord, str) or len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


__all__ = ["mm", "bmm", "mv", "dot", "matmul", "addmm", "outer", "ger", "kron", "tensordot", "einsum", "det",
           "inverse", "slogdet", "matrix_power", "cross"]
METHODS = {name: globals()[name] for name in ("mv", "dot", "matmul", "outer", "ger", "kron", "det", "inverse",
                                                "slogdet", "matrix_power", "cross")}
METHODS.update(mm=_mm_method, bmm=_bmm_method, addmm=_addmm_method)


from .._tensor import Tensor  # noqa: E402
from .pointwise import times  # noqa: E402
from .shape import cat, diag_embed, movedim, reshape  # noqa: E402


svd_type = _return_type("svd", ("U", "S", "V"))


def svd_legacy(input, some=True, compute_uv=True):
    """torch.svd: U, S, V with input = U diag(S) V^T (V, where linalg.svd gives Vh); `some` keeps the
    reduced factors; without compute_uv, U and V are zero matrices of shapes (m, m) and (n, n)."""
    if not compute_uv:
        *batch, m, n = input.shape
        zeros = lambda k: Tensor._wrap(np.zeros((*batch, k, k), input._data.dtype))  # noqa: E731
        return svd_type(zeros(m), svdvals(input), zeros(n))
    U, S, Vh = LinalgSvd.apply(input, not some)
    return svd_type(U, S, Vh.mT)


METHODS["svd"] = svd_legacy
