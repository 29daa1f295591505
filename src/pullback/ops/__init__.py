"""The op table, one module per family, and the binding of Tensor methods and operators to it.

Every Tensor method, `pullback.<fn>` function and Python operator reaches the same function
defined in one of these modules.
"""
from . import indexing, linalg, pointwise, reduction, shape  # noqa: F401
from .indexing import getitem, setitem
from .linalg import dot, matmul, mm, mv
from .pointwise import (abs, add, clamp, clone, cos, div, eq, exp, ge, gt, le, log, logical_and, logical_not,
                        logical_or, logical_xor, lt, masked_fill, mul, ne, neg, pow, reciprocal, relu, rsub,
                        sigmoid, sign, sin, sqrt, sub, tanh, to_dtype)
from .reduction import mean, norm, sum
from .shape import (contiguous, expand, expand_as, flatten, permute, reshape, reshape_as, select, squeeze,
                    sum_to_size, t, transpose, unsqueeze, view, view_as)

# Methods whose name and signature match the function: Tensor.exp(self) is exp(self).
_SAME_NAME = (
    "abs add clamp clone cos div eq exp ge gt le log logical_and logical_not logical_or logical_xor lt "
    "masked_fill mul ne neg pow reciprocal relu sigmoid sign sin sqrt sub tanh "
    "dot matmul mm mv mean norm sum "
    "contiguous expand expand_as flatten permute reshape reshape_as select squeeze sum_to_size t transpose "
    "unsqueeze view view_as"
).split()

_ALIASES = {
    "absolute": abs, "negative": neg, "clip": clamp, "multiply": mul, "divide": div, "true_divide": div,
    "subtract": sub, "swapaxes": transpose, "swapdims": transpose, "greater": gt, "greater_equal": ge,
    "less": lt, "less_equal": le, "not_equal": ne,
}

# In-place methods: name_ -> the op class applied in place through Op.apply_.
_INPLACE = {
    "add_": lambda self, other, *, alpha=1: (
        pointwise.AddAlpha.apply_(self, other, alpha) if alpha != 1 else pointwise.Add.apply_(self, other)),
    "sub_": lambda self, other, *, alpha=1: (
        pointwise.AddAlpha.apply_(self, other, -alpha) if alpha != 1 else pointwise.Sub.apply_(self, other)),
    "mul_": lambda self, other: pointwise.Mul.apply_(self, other),
    "div_": lambda self, other: pointwise.Div.apply_(self, other),
    "pow_": lambda self, exponent: (pointwise.PowTensor.apply_(self, exponent) if isinstance(exponent, Tensor)
                                    else pointwise.Pow.apply_(self, exponent)),
    "neg_": lambda self: pointwise.Neg.apply_(self),
    "exp_": lambda self: pointwise.Exp.apply_(self),
    "log_": lambda self: pointwise.Log.apply_(self),
    "sqrt_": lambda self: pointwise.Sqrt.apply_(self),
    "tanh_": lambda self: pointwise.Tanh.apply_(self),
    "sigmoid_": lambda self: pointwise.Sigmoid.apply_(self),
    "relu_": lambda self: pointwise.Relu.apply_(self),
    "abs_": lambda self: pointwise.Abs.apply_(self),
    "clamp_": lambda self, min=None, max=None: pointwise.Clamp.apply_(self, min, max),
    "masked_fill_": lambda self, mask, value: pointwise.MaskedFill.apply_(self, mask, value),
    "zero_": lambda self: pointwise.Zero.apply_(self),
    "fill_": lambda self, value: pointwise.Fill.apply_(self, value),
    "copy_": lambda self, src, non_blocking=False: pointwise.Copy.apply_(self, src),
}
_INPLACE["clip_"] = _INPLACE["clamp_"]


def _reflected(fn):
    return lambda self, other: fn(other, self)


def bind_tensor_methods(cls):
    """Give Tensor its methods and operators, each the op-table function of the same meaning."""
    global Tensor
    Tensor = cls
    g = globals()
    for name in _SAME_NAME:
        setattr(cls, name, g[name])
    for name, fn in {**_ALIASES, **_INPLACE}.items():
        setattr(cls, name, fn)
    for name, fn in _INPLACE.items():
        getattr(cls, name).__name__ = name
    cls.__getitem__ = getitem
    cls.__setitem__ = setitem
    cls.T = property(shape.T_property)
    cls.mT = property(shape.mT_property)
    cls.__neg__ = neg
    cls.__abs__ = abs
    cls.__pos__ = lambda self: self
    cls.__invert__ = logical_not
    cls.__add__ = add
    cls.__radd__ = _reflected(add)
    cls.__iadd__ = _INPLACE["add_"]
    cls.__sub__ = sub
    cls.__rsub__ = rsub
    cls.__isub__ = _INPLACE["sub_"]
    cls.__mul__ = mul
    cls.__rmul__ = _reflected(mul)
    cls.__imul__ = _INPLACE["mul_"]
    cls.__truediv__ = div
    cls.__rtruediv__ = lambda self, other: reciprocal(self) * other
    cls.__itruediv__ = _INPLACE["div_"]
    cls.__pow__ = pow
    cls.__rpow__ = _reflected(pow)
    cls.__ipow__ = _INPLACE["pow_"]
    cls.__matmul__ = matmul
    cls.__rmatmul__ = _reflected(matmul)
    cls.__and__ = logical_and
    cls.__or__ = logical_or
    cls.__xor__ = logical_xor
    for op, fn in (("eq", eq), ("ne", ne), ("lt", lt), ("le", le), ("gt", gt), ("ge", ge)):
        setattr(cls, f"__{op}__", _comparison_operator(fn))


def _comparison_operator(fn):
    def operator(self, other):
        if not isinstance(other, (Tensor, int, float, bool)):
            return NotImplemented
        return fn(self, other)
    return operator


Tensor = None
