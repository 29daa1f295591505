"""The op table, one module per family, and the binding of Tensor methods and operators to it.

Each family module lists its public functions in `__all__` (re-exported as `pullback.<name>`)
and its Tensor methods in `METHODS`; every method, function and operator reaches the same
definition.
"""
from . import indexing, linalg, nn, pointwise, reduction, sampling, shape, special
from ._op import binary_operator, unary_operator

FAMILIES = (pointwise, reduction, shape, indexing, linalg, nn, special, sampling)

__all__ = [name for family in FAMILIES for name in family.__all__]
globals().update({name: getattr(family, name) for family in FAMILIES for name in family.__all__})


def _reflected(fn):
    return lambda self, other: fn(other, self)


def _comparison_operator(fn):
    def operator(self, other):
        if not isinstance(other, (Tensor, int, float, bool)):
            return NotImplemented
        return fn(self, other)
    return operator


def bind_tensor_methods(cls):
    """Give Tensor its methods and Python operators from the op table."""
    global Tensor
    Tensor = cls
    for family in FAMILIES:
        for name, fn in family.METHODS.items():
            setattr(cls, name, fn)
    p = pointwise
    # the arithmetic operators take a shortcut to their op (Op.apply's steps for a Tensor and a
    # Tensor or number, see _op.binary_operator) and hand anything else to the op's function
    operators = {
        "__neg__": unary_operator(p.Neg), "__abs__": p.abs, "__pos__": lambda self: self,
        "__add__": binary_operator(p.Add, p.add), "__radd__": None,
        "__iadd__": p.METHODS["add_"],
        "__sub__": binary_operator(p.Sub, p.sub), "__rsub__": binary_operator(p.Rsub, p.rsub, numbers_only=True),
        "__isub__": p.METHODS["sub_"],
        "__mul__": binary_operator(p.Mul, p.mul), "__rmul__": None,
        "__imul__": p.METHODS["mul_"],
        "__truediv__": binary_operator(p.Div, p.div), "__rtruediv__": lambda self, other: p.reciprocal(self) * other,
        "__itruediv__": p.METHODS["div_"],
        "__pow__": p.pow, "__rpow__": _reflected(p.pow), "__ipow__": p.METHODS["pow_"],
        "__matmul__": linalg.matmul, "__rmatmul__": _reflected(linalg.matmul),
    }
    # as in torch, 2 + x and 2 * x are x + 2 and x * 2 (the tensor stays the node's self)
    operators["__radd__"], operators["__rmul__"] = operators["__add__"], operators["__mul__"]
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        operators[f"__{op}__"] = _comparison_operator(getattr(p, op))
    for name, fn in operators.items():
        setattr(cls, name, fn)


Tensor = None
