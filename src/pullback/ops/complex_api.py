"""torch's complex-number API on real tensors, and the predicates on a tensor's kind.

pullback has no complex dtypes, so each function does what torch's does for a real tensor:
real, conj, resolve_conj and resolve_neg give the tensor itself, imag refuses, angle is 0 or pi
(AngleBackward0, zero gradient), adjoint, H and mH are transposes; is_complex, is_conj and
is_neg are False.
"""

import numpy as np

from ._op import Op
from .._dtype import scalar_type_name
from .pointwise import _floating, _named, _tensor_input, _zeros_like
from .shape import transpose
from .._runtime import warn_once

# ================================================================= angle, real, imag, conjugates
class Angle(Op):
    """The argument of a real number: pi for a negative one, 0 otherwise, NaN kept; integers in the
    default float dtype. torch's derivative for a real input is zero."""
    saves = (0,)

    def forward(ctx, x):
        x = _floating(x)
        out = (x < 0).astype(x.dtype)
        out *= x.dtype.type(np.pi)
        np.copyto(out, x, where=np.isnan(x))  # NaN stays NaN
        return out

    def backward(ctx, grad):
        x, = ctx.saved_tensors  # (read, as torch's formula does: a changed input is refused)
        return _zeros_like(x)


def angle(input):
    """The elementwise argument (phase) of `input`: pi where negative, 0 elsewhere, for real tensors."""
    return Angle.apply(_tensor_input("angle", input))


def real(input):
    """The real part: a real tensor itself."""
    return _tensor_input("real", input)


def _refuse_imag(input):
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


def imag(input):
    """The imaginary part; refused for real tensors, as in torch."""
    _refuse_imag(_tensor_input("imag", input))


def conj(input):
    """The complex conjugate (lazily, in torch): a real tensor itself."""
    return _tensor_input("conj", input)


def conj_physical(input):
    """The complex conjugate, computed: a real tensor itself."""
    return _tensor_input("conj_physical", input)


def _check_same_dtype(result, outs):
    got, expected = outs[0].dtype, result.dtype
    if got != expected:
        raise RuntimeError(f"Found dtype {scalar_type_name(got)} but expected {scalar_type_name(expected)}")


conj_physical.check_out = _check_same_dtype


class ConjPhysical(Op):
    """x.conj_physical_() of a real x: the values stay, and torch records the in-place op all the
    same (ConjPhysicalBackward1, whose gradient is the incoming one)."""
    node_name = "ConjPhysicalBackward1"

    def forward(ctx, x):
        return x

    def backward(ctx, grad):
        return grad


def resolve_conj(input):
    """`input` with a lazy conjugation materialised: a real tensor itself."""
    return _tensor_input("resolve_conj", input)


def resolve_neg(input):
    """`input` with a lazy negation materialised: a real tensor itself."""
    return _tensor_input("resolve_neg", input)


def isreal(input):
    """True where the imaginary part is 0: everywhere for a real tensor (a bool tensor)."""
    return Tensor._wrap(np.ones_like(_tensor_input("isreal", input)._data, dtype=np.bool_))


# ================================================================= adjoint, H, mH
def adjoint(input):
    """The conjugate transpose of a (batch of) matrix: its last two dims swapped, as a view."""
    ndim = _tensor_input("adjoint", input)._data.ndim
    if ndim == 0:
        warn_once("adjoint() is deprecated on 0-D tensors. Consider using x.conj().")
        return input
    if ndim == 1:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return transpose(input, -2, -1)


def _H(input):
    """Tensor.H: the conjugate transpose of a matrix."""
    ndim = input._data.ndim
    if ndim == 0:
        warn_once("Tensor.H is deprecated on 0-D tensors. Consider using x.conj().")
        return input
    if ndim != 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {ndim}-D tensor."
                           + (" For batches of matrices, consider using tensor.mH" if ndim > 2 else ""))
    return transpose(input, -2, -1)


def _mH(input):
    """Tensor.mH: the conjugate transpose of a batch of matrices (the last two dims swapped)."""
    ndim = input._data.ndim
    if ndim == 0:
        warn_once("Tensor.mH is deprecated on 0-D tensors. Consider using x.conj().")
        return input
    if ndim == 1:
        raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.")
    return transpose(input, -2, -1)


# ================================================================= predicates
def is_complex(input):
    """Whether `input` has a complex dtype: never, in pullback."""
    return _tensor_input("is_complex", input).is_complex()


def is_conj(input):
    """Whether `input` is a lazily conjugated view: never for a real tensor."""
    _tensor_input("is_conj", input)
    return False


def is_neg(input):
    """Whether `input` is a lazily negated view: never for a real tensor."""
    _tensor_input("is_neg", input)
    return False


def is_signed(input):
    """Whether `input`'s dtype holds negative numbers (not bool and uint8)."""
    return _tensor_input("is_signed", input).dtype.is_signed


def is_nonzero(input):
    """The truth of a one-element tensor; torch's error for none or several elements."""
    n = _tensor_input("is_nonzero", input)._data.size
    if n != 1:
        raise RuntimeError("Boolean value of Tensor with " + ("no values" if n == 0 else "more than one value")
                           + " is ambiguous")
    return bool(input._data.reshape(()) != 0)


def is_same_size(input, other):
    """Whether the two tensors have the same shape."""
    _tensor_input("is_same_size", other, "other", 2)
    return _tensor_input("is_same_size", input)._data.shape == other._data.shape


def _set_real(input, value):
    """x.real = value writes value into a real x (copy_, or fill_ for a number)."""
    if isinstance(value, Tensor):
        input.copy_(value)
    else:
        input.fill_(value)


__all__ = ["angle", "real", "imag", "conj", "conj_physical", "resolve_conj", "resolve_neg", "isreal", "adjoint",
           "is_complex", "is_conj", "is_neg", "is_signed", "is_nonzero", "is_same_size"]

METHODS = {name: globals()[name] for name in __all__ if name not in ("real", "imag", "is_complex")}
METHODS.update({
    "conj_physical_": _named("conj_physical_", lambda self: ConjPhysical.apply_(self)),
    "real": property(real, _set_real),
    "imag": property(_refuse_imag, lambda self, value: _refuse_imag(self)),
    "H": property(_H),
    "mH": property(_mH),
})


from .._tensor import Tensor  # noqa: E402
