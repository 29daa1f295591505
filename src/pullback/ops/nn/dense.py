"""Fully connected (dense) layers: linear and bilinear."""
import numpy as np

from ..linalg import addmm
from ..shape import UnsafeView


def linear(input, weight, bias=None):
    """input @ weight.T + bias over the last dim (AddmmBackward0 for 2-d input with bias)."""
    x = input._data
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
    flat = input.reshape(-1, x.shape[-1])
    out_shape = x.shape[:-1] + (weight.shape[0],)
    if bias is None:
        return UnsafeView.apply(flat.mm(weight.t()), out_shape)
    return addmm(bias, flat, weight.t()).view(out_shape)


def bilinear(input1, input2, weight, bias=None):
    """x1^T W[o] x2 (+ bias[o]) for each output feature o, over the last dims."""
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, input1.shape[-1])
    x2 = input2.reshape(-1, input2.shape[-1])
    out_f, in1, in2 = weight.shape
    t = x1.mm(weight.permute(1, 0, 2).reshape(in1, out_f * in2)).reshape(-1, out_f, in2)
    out = (t * x2.unsqueeze(1)).sum(-1).view(tuple(lead) + (out_f,))
    return out if bias is None else out + bias
