"""Fully connected (dense) layers: linear and bilinear."""
import math

import numpy as np

from .._op import Op
from ..linalg import addmm
from ..._dtype import cpp_type_name
from ..shape import UnsafeView


def linear(input, weight, bias=None):
    """input @ weight.T + bias over the last dim (AddmmBackward0 for 2-d input with bias)."""
    x = input._data
    if x.ndim == 0 or weight._data.ndim == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are {x.ndim}D and "
                           f"{weight._data.ndim}D")
    if weight.dim() == 1:   # a single output feature, its dim dropped
        if bias is not None:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        return input.matmul(weight.t())  # torch's t() of a vector, recorded (TBackward0)
    if x.ndim == 0 or x.shape[-1] != weight.shape[-1]:
        shape = (1, 1) if x.ndim == 0 else (int(np.prod(x.shape[:-1])), x.shape[-1])
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({shape[0]}x{shape[1]} and "
                           f"{weight.shape[-1]}x{weight.shape[0]})")
    if x.ndim == 2:
        return input.mm(weight.t()) if bias is None else addmm(bias, input, weight.t())
    if x.ndim == 1 and bias is None:  # torch's matmul of a vector: unsqueeze, mm, squeeze
        return input.matmul(weight.t())
    flat = input.reshape(math.prod(x.shape[:-1]), x.shape[-1])  # (as torch's: -1 is ambiguous with no features)
    out_shape = x.shape[:-1] + (weight.shape[0],)
    if bias is not None and input.is_contiguous():
        return addmm(bias, flat, weight.t()).view(out_shape)  # torch fuses the bias only into a contiguous input
    out = UnsafeView.apply(flat.mm(weight.t()), out_shape)
    return out if bias is None else out + bias


def bilinear(input1, input2, weight, bias=None):
    """x1^T W[o] x2 (+ bias[o]) for each output feature o, over the last dims: torch's
    _trilinear of the flattened inputs and the weight (TrilinearBackward0), viewed back."""
    if input1.dim() != input2.dim():
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {input1.dim()} and {input2.dim()}")
    for i, (a, b) in enumerate(zip(input1.shape[:-1], input2.shape[:-1])):
        if a != b:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: got {a} and {b}")
    for name, size, expected in (("input1", input1.shape[-1], weight.shape[1]),
                                 ("input2", input2.shape[-1], weight.shape[2])):
        if size != expected:
            raise RuntimeError(f"bilinear(): {name} size does not match weight size: got {size} but expected {expected}")
    if bias is not None and bias.size(0) != weight.shape[0]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got {bias.size(0)} but expected "
                           f"{weight.shape[0]}")
    named = [("input1", input1), ("input2", input2), ("weight", weight)] + [("bias", bias)] * (bias is not None)
    if len({t._data.dtype for _, t in named}) > 1:
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{name}: {cpp_type_name(t._data.dtype)}" for name, t in named))
    x1, x2 = input1.reshape(-1, input1.shape[-1]), input2.reshape(-1, input2.shape[-1])
    out = Trilinear.apply(x1, weight, x2, (1, 3), (0,), (1, 2), (2, 3), 1).view(tuple(input1.shape[:-1])
                                                                                 + (weight.shape[0],))
    return out if bias is None else out + bias


class Trilinear(Op):
    """torch's _trilinear: i1, i2 and i3, each with size-1 dims inserted at its `expand` dims,
    multiplied (broadcasting) and summed over `sumdim`. Its gradients are _trilinear again with
    the roles of the dims exchanged, so every order stays in this op."""
    saves = (0, 1, 2)

    def forward(ctx, i1, i2, i3, expand1, expand2, expand3, sumdim, unroll_dim=1):
        ctx.args = expand1, expand2, expand3, sumdim
        operands = [np.expand_dims(a, tuple(e)) if e else a for a, e in zip((i1, i2, i3), (expand1, expand2, expand3))]
        ndim = operands[0].ndim
        letters = [chr(ord("a") + i) for i in range(ndim)]
        size = np.broadcast_shapes(*(op.shape for op in operands))  # (a 0 where one operand is empty)
        # a dim of size 1 in one operand broadcasts: that operand is constant along it
        terms, arrays = [], []
        for op in operands:
            keep = [d for d in range(ndim) if op.shape[d] != 1 or size[d] == 1]
            arrays.append(op.reshape([op.shape[d] for d in keep]))
            terms.append("".join(letters[d] for d in keep))
        out = "".join(letters[d] for d in range(ndim) if d not in sumdim)
        # pairwise, as torch's sumproduct_pair: each product a BLAS contraction (one three-way
        # einsum runs NumPy's own loops, ~8x slower), keeping the labels used later
        term, result = terms[0], arrays[0]
        for k in (1, 2):
            later = set(out).union(*terms[k + 1:])
            result, term = _sumproduct_pair(result, term, arrays[k], terms[k], later)
        return np.asarray(np.einsum(f"{term}->{out}", result))

    def backward(ctx, grad):
        i1, i2, i3 = ctx.saved_tensors
        e1, e2, e3, sumdim = ctx.args
        need = ctx.needs_input_grad
        return ((Trilinear.apply(grad, i2, i3, sumdim, e2, e3, e1) if need[0] else None),
                (Trilinear.apply(i1, grad, i3, e1, sumdim, e3, e2) if need[1] else None),
                (Trilinear.apply(i1, i2, grad, e1, e2, sumdim, e3) if need[2] else None)) + (None,) * 5


def _sumproduct_pair(a, ta, b, tb, later):
    """The product of a and b (dims labelled by the letters ta, tb) summed over the labels not in
    `later`, as one batched matrix product (torch's sumproduct_pair): (result, its labels)."""
    a, ta = _sum_alone(a, ta, tb, later)
    b, tb = _sum_alone(b, tb, ta, later)
    batch = [c for c in ta if c in tb and c in later]
    summed = [c for c in ta if c in tb and c not in later]
    left, right = [c for c in ta if c not in tb], [c for c in tb if c not in ta]
    size = dict(zip(ta, a.shape)) | dict(zip(tb, b.shape))
    n = [math.prod(size[c] for c in group) for group in (batch, left, summed, right)]
    am = a.transpose([ta.index(c) for c in batch + left + summed]).reshape(n[0], n[1], n[2])
    bm = b.transpose([tb.index(c) for c in batch + summed + right]).reshape(n[0], n[2], n[3])
    labels = batch + left + right
    return np.matmul(am, bm).reshape([size[c] for c in labels]), "".join(labels)


def _sum_alone(arr, labels, other, later):
    """arr summed over its labels that neither the other operand has nor a later step reads."""
    alone = tuple(i for i, c in enumerate(labels) if c not in other and c not in later)
    if not alone:
        return arr, labels
    return arr.sum(axis=alone), "".join(c for c in labels if c in other or c in later)
