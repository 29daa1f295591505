"""Pointwise ops: unary, then binary, then comparisons.

Forward runs on NumPy arrays; promotion follows torch.result_type (see `_promote`), and
any broadcasting in forward is undone once, by the engine, never in these formulas.
"""
import numpy as np

from .. import _dtype
from ._op import Op

_ndarray = np.ndarray


# ---------------------------------------------------------------- dtype helpers
def _result_np_dtype(a, b):
    """torch.result_type for two operands given as arrays or Python numbers."""
    ops = [_DtypeProxy(x) if type(x) is _ndarray else x for x in (a, b)]
    return _dtype.result_type(*ops).np


class _DtypeProxy:
    __slots__ = ("dtype", "ndim")

    def __init__(self, arr):
        self.dtype = _dtype.from_numpy_dtype(arr.dtype)
        self.ndim = arr.ndim


def _promote(a, b):
    """Cast two operands to torch's result dtype; Python numbers stay weak NumPy scalars."""
    ta = type(a) is _ndarray
    tb = type(b) is _ndarray
    if ta and tb:
        if a.dtype is b.dtype or a.dtype == b.dtype:
            return a, b
    elif ta:
        if a.dtype.kind == "f" or (a.dtype.kind in "iu" and type(b) is int) or (type(b) is bool):
            return a, b
    elif tb:
        if b.dtype.kind == "f" or (b.dtype.kind in "iu" and type(a) is int) or (type(a) is bool):
            return a, b
    dt = _result_np_dtype(a, b)
    return _cast(a, dt), _cast(b, dt)


def _cast(x, dt):
    if type(x) is _ndarray:
        return x if x.dtype == dt else x.astype(dt)
    return np.asarray(x, dtype=dt)


def _floating(x):
    """Integer and bool inputs of floating ops compute in the default float dtype, as in torch."""
    if type(x) is _ndarray:
        return x if x.dtype.kind == "f" else x.astype(_dtype.get_default_dtype().np)
    return np.asarray(x, dtype=_dtype.get_default_dtype().np)


def _broadcast_error(a, b):
    sa = np.shape(a)
    sb = np.shape(b)
    for i in range(1, max(len(sa), len(sb)) + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            return RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                                f"at non-singleton dimension {max(len(sa), len(sb)) - i}")
    return RuntimeError(f"shapes {list(sa)} and {list(sb)} cannot be broadcast")


def _binary(ufunc, a, b):
    a, b = _promote(a, b)
    try:
        return ufunc(a, b)
    except ValueError:
        raise _broadcast_error(a, b) from None


# ================================================================= unary
class Neg(Op):
    def forward(ctx, x):
        if x.dtype.kind == "b":
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
                               "to invert a mask, use the `~` or `logical_not()` operator instead.")
        return np.negative(x)

    def backward(ctx, grad):
        return -grad


class Abs(Op):
    saves = (0,)

    def forward(ctx, x):
        return np.abs(x)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * x.sign()


class Sign(Op):
    differentiable = False

    def forward(ctx, x):
        return np.sign(x) if x.dtype.kind != "b" else x.copy()


class Exp(Op):
    saves = ("result",)

    def forward(ctx, x):
        return np.exp(_floating(x))

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad * result


class Log(Op):
    saves = (0,)

    def forward(ctx, x):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(_floating(x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad / x


class Sqrt(Op):
    saves = ("result",)

    def forward(ctx, x):
        with np.errstate(invalid="ignore"):
            return np.sqrt(_floating(x))

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad / (2 * result)


class Sin(Op):
    saves = (0,)

    def forward(ctx, x):
        return np.sin(_floating(x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * x.cos()


class Cos(Op):
    saves = (0,)

    def forward(ctx, x):
        return np.cos(_floating(x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * -x.sin()


class Tanh(Op):
    saves = ("result",)

    def forward(ctx, x):
        return np.tanh(_floating(x))

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad * (1 - result * result)


class Sigmoid(Op):
    saves = ("result",)

    def forward(ctx, x):
        x = _floating(x)
        # split by sign so exp never overflows
        out = np.empty_like(x)
        pos = x >= 0
        out[pos] = 1 / (1 + np.exp(-x[pos]))
        e = np.exp(x[~pos])
        out[~pos] = e / (1 + e)
        return out

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad * (result * (1 - result))


class Relu(Op):
    saves = ("result",)

    def forward(ctx, x):
        if x.dtype.kind == "b":
            raise RuntimeError('"clamp_min_cpu" not implemented for \'Bool\'')
        return np.maximum(x, 0)

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad.masked_fill(result <= 0, 0)  # a select, not a product: inf * 0 would be nan


class Reciprocal(Op):
    saves = ("result",)

    def forward(ctx, x):
        with np.errstate(divide="ignore"):
            return np.reciprocal(_floating(x))

    def backward(ctx, grad):
        result, = ctx.saved_tensors
        return grad * -(result * result)


class Clone(Op):
    def forward(ctx, x):
        return x.copy()

    def backward(ctx, grad):
        return grad


class ToCopy(Op):
    def forward(ctx, x, dtype):
        return x.astype(dtype.np)

    def backward(ctx, grad):
        return grad  # the engine casts it back to the input's dtype


class Clamp(Op):
    """clamp with Python-number bounds (ClampBackward1): gradient passes inside [min, max]."""
    saves = (0,)

    def forward(ctx, x, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        ctx.lo, ctx.hi = lo, hi
        if lo is not None and hi is not None and lo > hi:
            return np.full_like(x, hi)
        return np.clip(x, lo, hi)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        if ctx.lo is not None and ctx.hi is not None:
            mask = (x >= ctx.lo).logical_and(x <= ctx.hi)
        elif ctx.lo is not None:
            mask = x >= ctx.lo
        else:
            mask = x <= ctx.hi
        return grad.masked_fill(mask.logical_not(), 0), None, None


class Fill(Op):
    """fill_ (FillBackward0): every element replaced by a number or a 0-dim tensor."""

    def forward(ctx, x, value):
        return np.full_like(x, value)

    def backward(ctx, grad):
        return None, grad.sum()


class Zero(Op):
    def forward(ctx, x):
        return np.zeros_like(x)

    def backward(ctx, grad):
        return None


class Copy(Op):
    """copy_(src) (CopyBackwards): the destination's old values get no gradient."""

    def forward(ctx, dst, src):
        try:
            return np.broadcast_to(np.asarray(src), dst.shape)
        except ValueError:
            raise RuntimeError(f"The size of tensor a ({dst.shape[-1] if dst.ndim else 1}) must match the size "
                               f"of tensor b ({np.shape(src)[-1] if np.ndim(src) else 1}) at non-singleton "
                               "dimension") from None

    def backward(ctx, grad):
        return None, grad


Copy.node_name = "CopyBackwards"


# ================================================================= binary
class Add(Op):
    def forward(ctx, a, b):
        return _binary(np.add, a, b)

    def backward(ctx, grad):
        return grad, grad


class AddAlpha(Op):
    """add/sub with `alpha`: a + alpha * b."""

    def forward(ctx, a, b, alpha):
        ctx.alpha = alpha
        return _binary(np.add, a, _binary(np.multiply, b, alpha))

    def backward(ctx, grad):
        return grad, grad * ctx.alpha, None


class Sub(Op):
    def forward(ctx, a, b):
        if _is_bool(a) or _is_bool(b):
            raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
                               "trying to invert a mask, use the `~` or `logical_not()` operator instead.")
        return _binary(np.subtract, a, b)

    def backward(ctx, grad):
        return grad, -grad


class Rsub(Op):
    """other - input, for a Python number `other` (RsubBackward1)."""
    node_name = "RsubBackward1"

    def forward(ctx, a, b):
        return _binary(np.subtract, b, a)

    def backward(ctx, grad):
        return -grad, None


class Mul(Op):
    saves = (0, 1)

    def forward(ctx, a, b):
        return _binary(np.multiply, a, b)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Op):
    saves = (0, 1)

    def forward(ctx, a, b):
        a, b = _promote(a, b)
        a = _floating(a) if type(a) is _ndarray and a.dtype.kind != "f" else a
        with np.errstate(divide="ignore", invalid="ignore"):
            try:
                return np.true_divide(a, b)
            except ValueError:
                raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-grad * a / (b * b) if need_b else None)


class Pow(Op):
    """tensor ** number (PowBackward0)."""
    saves = (0, 1)

    def forward(ctx, x, exponent):
        if x.dtype.kind in "iub" and isinstance(exponent, float):
            x = _floating(x)
        if x.dtype.kind in "iu" and isinstance(exponent, int) and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.power(x, exponent)

    def backward(ctx, grad):
        x, exponent = ctx.saved_tensors
        if exponent == 0:
            return grad * 0, None
        return grad * (exponent * x ** (exponent - 1)), None


class PowTensor(Op):
    """tensor ** tensor (PowBackward1)."""
    saves = (0, 1, "result")
    node_name = "PowBackward1"

    def forward(ctx, a, b):
        a, b = _promote(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            try:
                return np.power(a, b)
            except ValueError:
                raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = grad * (b * a ** (b - 1)) if need_a else None
        # d/db a**b = a**b * log(a), taken as 0 where a == 0 and b >= 0 (torch's convention)
        gb = None
        if need_b:
            safe = (a == 0).logical_and(b >= 0)
            gb = (grad * (result * a.log())).masked_fill(safe, 0)
        return ga, gb


class PowScalarBase(Op):
    """number ** tensor (PowBackward2)."""
    saves = (0, "result")
    node_name = "PowBackward2"

    def forward(ctx, base, x):
        x = _floating(x) if isinstance(base, float) else x
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.power(np.asarray(base, dtype=x.dtype), x)

    def backward(ctx, grad):
        base, result = ctx.saved_tensors
        if base == 0:
            return None, grad * 0
        return None, grad * (result * float(np.log(base)))


class MaskedFill(Op):
    saves = (1,)

    def forward(ctx, x, mask, value):
        if mask.dtype.kind != "b":
            raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype {_dtype.from_numpy_dtype(mask.dtype)}")
        return np.where(mask, np.asarray(value, dtype=x.dtype), x)

    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        gv = None
        if ctx.needs_input_grad[2]:
            gv = grad.masked_fill(mask.logical_not(), 0).sum()
        return grad.masked_fill(mask, 0), None, gv


def _is_bool(x):
    return (type(x) is _ndarray and x.dtype.kind == "b") or type(x) is bool


# ================================================================= comparisons and logic
def _comparison(name, ufunc):
    def forward(ctx, a, b):
        return _binary(ufunc, a, b)
    return type(name, (Op,), {"differentiable": False, "forward": forward,
                              "__doc__": f"elementwise {ufunc.__name__}, a bool result"})


Eq = _comparison("Eq", np.equal)
Ne = _comparison("Ne", np.not_equal)
Lt = _comparison("Lt", np.less)
Le = _comparison("Le", np.less_equal)
Gt = _comparison("Gt", np.greater)
Ge = _comparison("Ge", np.greater_equal)
LogicalAnd = _comparison("LogicalAnd", np.logical_and)
LogicalOr = _comparison("LogicalOr", np.logical_or)
LogicalXor = _comparison("LogicalXor", np.logical_xor)


class LogicalNot(Op):
    differentiable = False

    def forward(ctx, x):
        return np.logical_not(x)


# ================================================================= functions (torch.* and Tensor methods)
def add(input, other, *, alpha=1):
    """input + alpha * other"""
    if alpha != 1:
        return AddAlpha.apply(input, other, alpha)
    return Add.apply(input, other)


def sub(input, other, *, alpha=1):
    """input - alpha * other"""
    if alpha != 1:
        return AddAlpha.apply(input, other, -alpha)
    return Sub.apply(input, other)


subtract = sub


def rsub(input, other, *, alpha=1):
    """other - alpha * input"""
    if alpha != 1 or isinstance(other, Tensor):
        return sub(other, input, alpha=alpha)
    return Rsub.apply(input, other)


def mul(input, other):
    return Mul.apply(input, other)


multiply = mul


def div(input, other, *, rounding_mode=None):
    if rounding_mode is not None:
        raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'")
    return Div.apply(input, other)


divide = true_divide = div


def pow(input, exponent):
    """input ** exponent, either side a number or a tensor."""
    if not isinstance(input, Tensor):
        return PowScalarBase.apply(input, exponent)
    if isinstance(exponent, Tensor):
        return PowTensor.apply(input, exponent)
    return Pow.apply(input, exponent)


def neg(input):
    return Neg.apply(input)


negative = neg


def abs(input):
    return Abs.apply(input)


absolute = abs


def sign(input):
    return Sign.apply(input)


def exp(input):
    return Exp.apply(input)


def log(input):
    return Log.apply(input)


def sqrt(input):
    return Sqrt.apply(input)


def sin(input):
    return Sin.apply(input)


def cos(input):
    return Cos.apply(input)


def tanh(input):
    return Tanh.apply(input)


def sigmoid(input):
    return Sigmoid.apply(input)


def relu(input):
    return Relu.apply(input)


def reciprocal(input):
    return Reciprocal.apply(input)


def clone(input, *, memory_format=None):
    return Clone.apply(input)


def to_dtype(input, dtype):
    return ToCopy.apply(input, dtype)


def clamp(input, min=None, max=None):
    return Clamp.apply(input, min, max)


clip = clamp


def masked_fill(input, mask, value):
    return MaskedFill.apply(input, mask, value)


def eq(input, other):
    return Eq.apply(input, other)


def ne(input, other):
    return Ne.apply(input, other)


def lt(input, other):
    return Lt.apply(input, other)


def le(input, other):
    return Le.apply(input, other)


def gt(input, other):
    return Gt.apply(input, other)


def ge(input, other):
    return Ge.apply(input, other)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def logical_and(input, other):
    return LogicalAnd.apply(input, other)


def logical_or(input, other):
    return LogicalOr.apply(input, other)


def logical_xor(input, other):
    return LogicalXor.apply(input, other)


def logical_not(input):
    return LogicalNot.apply(input)


__all__ = ["add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "pow", "neg",
           "negative", "abs", "absolute", "sign", "exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu",
           "reciprocal", "clone", "clamp", "clip", "masked_fill", "eq", "ne", "lt", "le", "gt", "ge", "greater",
           "greater_equal", "less", "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
           "logical_not"]

# Tensor methods: the same functions (Tensor.exp(self) is exp(self)); in-place forms go through Op.apply_.
METHODS = {name: globals()[name] for name in __all__ if name != "rsub"}
METHODS.update({
    "to_dtype": to_dtype,
    "add_": lambda self, other, *, alpha=1: (
        AddAlpha.apply_(self, other, alpha) if alpha != 1 else Add.apply_(self, other)),
    "sub_": lambda self, other, *, alpha=1: (
        AddAlpha.apply_(self, other, -alpha) if alpha != 1 else Sub.apply_(self, other)),
    "mul_": lambda self, other: Mul.apply_(self, other),
    "div_": lambda self, other: Div.apply_(self, other),
    "pow_": lambda self, exponent: (PowTensor.apply_(self, exponent) if isinstance(exponent, Tensor)
                                    else Pow.apply_(self, exponent)),
    "neg_": lambda self: Neg.apply_(self),
    "exp_": lambda self: Exp.apply_(self),
    "log_": lambda self: Log.apply_(self),
    "sqrt_": lambda self: Sqrt.apply_(self),
    "tanh_": lambda self: Tanh.apply_(self),
    "sigmoid_": lambda self: Sigmoid.apply_(self),
    "relu_": lambda self: Relu.apply_(self),
    "abs_": lambda self: Abs.apply_(self),
    "clamp_": lambda self, min=None, max=None: Clamp.apply_(self, min, max),
    "masked_fill_": lambda self, mask, value: MaskedFill.apply_(self, mask, value),
    "zero_": lambda self: Zero.apply_(self),
    "fill_": lambda self, value: Fill.apply_(self, value),
    "copy_": lambda self, src, non_blocking=False: Copy.apply_(self, src),
})
METHODS["clip_"] = METHODS["clamp_"]


from .._tensor import Tensor  # noqa: E402
