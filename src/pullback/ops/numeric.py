"""Elementwise number functions beside pointwise's: the unit step (heaviside), integer gcd and lcm,
a float's binary parts (ldexp, frexp, nextafter) and the bit shifts.

As in pointwise, forward runs on NumPy arrays with torch's type promotion; heaviside, gcd, lcm
and the shifts have no derivative (torch records heaviside's node, which refuses backward).
"""
import numpy as np

from .. import _dtype
from ._op import Op
from .._dtype import cpp_type_name, not_implemented_for, scalar_type_name
from .pointwise import (Exp2, PowScalarBase, _alias, _broadcast_error, _named, _NoDerivative, _predicate, _promote,
                        _require_kind, _result_np_dtype, _tensor_input, _tensor_other, _zeros_like, times, where)
from .reduction import _return_type

_LN2 = float(np.log(2.0))


def _float_dtype(a, b):
    """The floating result dtype of a binary float op: torch's promotion, integers in the default dtype."""
    dt = _result_np_dtype(a, b)
    return dt if dt.kind == "f" else _dtype.get_default_dtype().np


# ================================================================= heaviside
class Heaviside(_NoDerivative):
    """0 where input < 0, values where input == 0, 1 where input > 0 (NaN gives 0, as torch's)."""
    node_name = "torch::autograd::NotImplemented"
    aten = "heaviside"

    def forward(ctx, x, values):
        if x.dtype != values.dtype:
            raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
        try:
            return np.where(x == 0, values, x > 0).astype(x.dtype, copy=False)
        except ValueError:
            raise _broadcast_error(x, values) from None


def heaviside(input, values):
    """The unit step of `input`, taking `values` where input is 0 (both of one dtype)."""
    return Heaviside.apply(_tensor_input("heaviside", input), _tensor_input("heaviside", values, "values", 2))


def _same_dtype_out(result, outs):
    if outs[0]._data.dtype != result._data.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")


heaviside.check_out = _same_dtype_out


# ================================================================= gcd, lcm
Gcd = _predicate("Gcd", np.gcd, "iu")


def _lcm(a, b):
    """|a / gcd * b| as torch's kernel computes it: in C's int for the types narrower than it (wrapped
    when stored), else in the type itself (wrapped, then its absolute value)."""
    dt = np.result_type(a, b)
    if dt.itemsize < 4:
        return np.lcm(np.asarray(a, np.int64), np.asarray(b, np.int64)).astype(dt)
    return np.abs(np.lcm(a, b))


Lcm = _predicate("Lcm", _lcm, "iu")


def gcd(input, other):
    """The greatest common divisor of integer tensors, elementwise (non-negative; gcd(0, 0) = 0)."""
    return Gcd.apply(_tensor_input("gcd", input), _tensor_other("gcd", other))


def lcm(input, other):
    """The least common multiple of integer tensors, elementwise (non-negative; 0 where either is 0)."""
    return Lcm.apply(_tensor_input("lcm", input), _tensor_other("lcm", other))


# ================================================================= ldexp, frexp, nextafter
class Ldexp(Op):
    """input * 2 ** other, in floating point (LdexpBackward0). An integer exponent scales exactly (cast
    to a C int, as torch's kernel does); a floating one multiplies by exp2(other); a bool one scales only a non-float input."""
    saves = (1, "result")

    def forward(ctx, x, other):
        dt = _float_dtype(x, other)
        try:
            np.broadcast_shapes(x.shape, other.shape)
        except ValueError:
            raise _broadcast_error(x, other) from None
        if other.dtype == np.bool_ and x.dtype.kind == "f":  # (torch's kernel has no bool exponent for a float)
            raise not_implemented_for("ldexp_cpu_exp", other)
        if other.dtype.kind in "iu":
            return np.ldexp(x.astype(dt, copy=False), other.astype(np.int32))
        # torch's exp2 runs in the exponent's own dtype (half's through float32), the product in the result's
        scale = np.exp2(other.astype(np.float32)).astype(np.float16) if other.dtype == np.float16 else np.exp2(other)
        return x.astype(dt, copy=False) * scale.astype(dt, copy=False)

    def backward(ctx, grad):
        other, result = ctx.saved_tensors
        need_x, need_other = ctx.needs_input_grad
        # torch's pow(2, other): an integer power, so 0 for a negative integer exponent (as torch's)
        gx = grad * PowScalarBase.apply(2, other) if need_x else None
        return gx, (times(grad * result, _LN2) if need_other else None)


def _check_ldexp_cast(out):
    """torch's refusal to write ldexp's floating result into an integer or bool tensor."""
    if not out.dtype.is_floating_point:
        raise RuntimeError(f"ldexp can't be cast to the desired output type {scalar_type_name(out.dtype)}")


def ldexp(input, other):
    """input * 2 ** other, elementwise, in floating point."""
    return Ldexp.apply(_tensor_input("ldexp", input), _tensor_other("ldexp", other))


ldexp.check_out = lambda result, outs: _check_ldexp_cast(outs[0])


def _ldexp_(self, other):
    _check_ldexp_cast(self)
    return Ldexp.apply_(self, _tensor_other("ldexp_", other))


class Frexp(Op):
    """The mantissa in [0.5, 1) (same sign) and the int32 exponent with input = mantissa * 2 ** exponent."""
    n_outputs = 2
    nondiff_outputs = (1,)
    saves = ("result1",)
    saved_names = ("exponent",)

    def forward(ctx, x):
        if x.dtype.kind != "f":
            raise RuntimeError("torch.frexp() only supports floating-point dtypes")
        mantissa, exponent = np.frexp(x)
        return mantissa, exponent.astype(np.int32, copy=False)

    def backward(ctx, grad, grad_exponent=None):
        exponent, = ctx.saved_tensors
        return grad / Exp2.apply(exponent)


frexp_type = _return_type("frexp", ("mantissa", "exponent"))
frexp_type.__module__ = __name__  # (pickle finds it here)


def frexp(input):
    """(mantissa, exponent): input = mantissa * 2 ** exponent, mantissa in [0.5, 1) in magnitude."""
    return frexp_type(*Frexp.apply(input))


def _check_frexp_out(result, outs):
    mantissa, exponent = (o._data.dtype for o in outs)
    if mantissa != result[0]._data.dtype:
        raise RuntimeError(f"torch.frexp() expects mantissa to have dtype {cpp_type_name(result[0]._data)} "
                           f"but got {cpp_type_name(mantissa)}")
    if exponent != np.int32:
        raise RuntimeError(f"torch.frexp() expects exponent to have int dtype but got {cpp_type_name(exponent)}")


frexp.check_out = _check_frexp_out


class Nextafter(Op):
    """The next representable float after input in the direction of other (NextafterBackward0)."""
    saves = (0, 1)

    def forward(ctx, a, b):
        a, b = _promote(a, b)
        _require_kind(a, "f", "nextafter_cpu")
        try:
            return np.nextafter(a, b)
        except ValueError:
            raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (where(a != b, grad, 0) if need_a else None), (_zeros_like(grad) if need_b else None)


def nextafter(input, other):
    """The next floating-point value after input towards other, elementwise."""
    return Nextafter.apply(_tensor_input("nextafter", input), _tensor_other("nextafter", other))


# ================================================================= bit shifts
def _shift(a, b, left):
    """a << b or a >> b as torch's kernels: a shift by a negative amount or by the width or more gives
    0 (a right shift of a signed value: its sign bit repeated)."""
    a, b = _promote(a, b)
    dt = (a if type(a) is np.ndarray else b).dtype
    a, b = (x.astype(dt, copy=False) if type(x) is np.ndarray else np.asarray(x).astype(dt) for x in (a, b))
    _require_kind(a, "iu", "lshift_cpu" if left else "rshift_cpu")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise _broadcast_error(a, b) from None
    bits = dt.itemsize * 8
    outside = (b < 0) | (b >= bits)
    amount = np.where(outside, 0, b).astype(dt, copy=False)
    if left:
        return np.where(outside, 0, np.left_shift(a, amount)).astype(dt, copy=False)
    spilled = np.right_shift(a, bits - 1) if dt.kind == "i" else np.zeros((), dt)
    return np.where(outside, spilled, np.right_shift(a, amount)).astype(dt, copy=False)


class BitwiseLeftShift(Op):
    differentiable = False

    def forward(ctx, a, b):
        return _shift(a, b, True)


class BitwiseRightShift(Op):
    differentiable = False

    def forward(ctx, a, b):
        return _shift(a, b, False)


def _shift_operands(name, input, other):
    if isinstance(input, Tensor) or isinstance(other, Tensor):
        return input, other
    raise TypeError(f"{name}() received an invalid combination of arguments - got ({type(input).__name__}, "
                    f"{type(other).__name__}), but expected one of:\n * (Tensor input, Tensor other, *, Tensor out "
                    "= None)\n * (Number self, Tensor other)\n * (Tensor input, Number other, *, Tensor out = None)\n")


def bitwise_left_shift(input, other):
    """input << other for integer tensors (0 where other is negative or at least the bit width)."""
    return BitwiseLeftShift.apply(*_shift_operands("bitwise_left_shift", input, other))


def bitwise_right_shift(input, other):
    """input >> other for integer tensors, arithmetic for signed ones."""
    return BitwiseRightShift.apply(*_shift_operands("bitwise_right_shift", input, other))


def _shift_operator(fn, reflected=False):
    def operator(self, other):  # (a NumPy number too: left to NumPy, it would turn the tensor into an array)
        if not isinstance(other, (Tensor, int, float, bool, np.number, np.bool_)):
            return NotImplemented
        return fn(other, self) if reflected else fn(self, other)
    return operator


# ================================================================= in-place methods
def _inplace(name, cls, numbers=False):
    """x.gcd_(other): `other` a Tensor, or a number where `numbers` (the shifts take a Scalar)."""
    def method(self, other):
        if not numbers:
            _tensor_input(name, other, "other", 1)
        return cls.apply_(self, other)  # (which refuses a result it cannot cast into self before the kernel)
    return _named(name, method)


__all__ = ["heaviside", "gcd", "lcm", "ldexp", "frexp", "nextafter", "bitwise_left_shift", "bitwise_right_shift"]

METHODS = {name: globals()[name] for name in __all__}
METHODS.update({
    "heaviside_": _named("heaviside_", lambda self, values: Heaviside.apply_(
        self, _tensor_input("heaviside_", values, "values", 2))),
    "gcd_": _inplace("gcd_", Gcd),
    "lcm_": _inplace("lcm_", Lcm),
    "ldexp_": _named("ldexp_", _ldexp_),
    "nextafter_": _inplace("nextafter_", Nextafter),
    "bitwise_left_shift_": _inplace("bitwise_left_shift_", BitwiseLeftShift, numbers=True),
    "bitwise_right_shift_": _inplace("bitwise_right_shift_", BitwiseRightShift, numbers=True),
    "__lshift__": _named("__lshift__", _shift_operator(bitwise_left_shift)),
    "__rlshift__": _named("__rlshift__", _shift_operator(bitwise_left_shift, reflected=True)),
    "__rshift__": _named("__rshift__", _shift_operator(bitwise_right_shift)),
    "__rrshift__": _named("__rrshift__", _shift_operator(bitwise_right_shift, reflected=True)),
})
METHODS["__ilshift__"] = _alias("__ilshift__", METHODS["bitwise_left_shift_"])
METHODS["__irshift__"] = _alias("__irshift__", METHODS["bitwise_right_shift_"])


from .._tensor import Tensor  # noqa: E402
