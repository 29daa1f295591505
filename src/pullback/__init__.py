"""pullback: PyTorch's autograd, in readable Python on NumPy.

`import pullback as torch` and ordinary PyTorch autograd code runs unchanged.
"""
from . import _dtype
from ._dtype import (bool, double, dtype, float, float16, float32, float64, get_default_dtype, half, int,
                     int8, int16, int32, int64, long, promote_types, set_default_dtype, short, uint8)
from ._size import Size
from ._tensor import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor, IntTensor,
                      LongTensor, ShortTensor, Tensor, device)
from ._creation import (Generator, arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like,
                        linspace, manual_seed, ones, ones_like, rand, rand_like, randint, randn, randn_like,
                        randperm, seed, tensor, zeros, zeros_like)
from ._printing import set_printoptions
from .ops import (abs, add, clamp, clone, cos, div, dot, eq, exp, expand, flatten,
                  ge, gt, le, log, logical_and, logical_not, logical_or, logical_xor, lt, masked_fill, matmul,
                  mean, mm, mul, mv, ne, neg, norm, permute, pow, reciprocal, relu, reshape, rsub, select,
                  sigmoid, sign, sin, sqrt, squeeze, sub, sum, t, tanh, transpose, unsqueeze)
from .ops.pointwise import (absolute, clip, divide, greater, greater_equal, less, less_equal, multiply,
                            negative, not_equal, subtract, true_divide)
from .ops.shape import swapaxes, swapdims
from . import autograd
from .autograd import enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad, set_grad_enabled
from . import nn, optim

__version__ = "0.1.0"


def is_tensor(obj):
    return isinstance(obj, Tensor)


def numel(input):
    return input.numel()


def result_type(tensor1, tensor2):
    return _dtype.result_type(tensor1, tensor2)


def is_floating_point(input):
    return input.is_floating_point()
