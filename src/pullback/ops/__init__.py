"""The op table, one module per family, and the binding of Tensor methods and operators to it.

Each family module lists its public functions in `__all__` (re-exported as `pullback.<name>`)
and its Tensor methods in `METHODS`; every method, function and operator reaches the same
definition.
"""
from . import factorizations, indexing, linalg, nn, pointwise, reduction, sampling, shape, special, strided
from ._op import binary_operator, unary_operator

FAMILIES = (pointwise, reduction, shape, strided, indexing, linalg, factorizations, nn, special, sampling)

__all__ = [name for family in FAMILIES for name in family.__all__]
globals().update({name: getattr(family, name) for family in FAMILIES for name in family.__all__})

# the torch.* functions that take an `out=` tensor (torch's own list, restricted to what pullback has)
_OUT_FUNCTIONS = set("""
add sub subtract mul multiply div divide true_divide floor_divide remainder fmod pow float_power xlogy neg negative
reciprocal abs absolute sign sgn exp exp2 expm1 log log2 log10 log1p sqrt rsqrt square sin cos tan asin acos atan
atan2 arcsin arccos arctan arcsinh arccosh arctanh sinh cosh tanh asinh acosh atanh sigmoid logit erf erfc erfinv
deg2rad rad2deg sinc copysign floor ceil round trunc fix frac clamp clip clamp_min clamp_max maximum minimum fmax
fmin where lerp addcmul addcdiv hypot logaddexp logaddexp2 nan_to_num eq ne lt le gt ge greater greater_equal less less_equal
not_equal logical_and logical_or logical_xor logical_not isposinf isneginf signbit bitwise_and bitwise_or
bitwise_xor bitwise_not hardshrink sum nansum prod mean nanmean cumsum cumprod cummax cummin logcumsumexp max min
amax amin aminmax all any var std var_mean std_mean logsumexp norm median nanmedian sort topk kthvalue mode argmax
argmin isin cat concat concatenate stack hstack vstack row_stack dstack column_stack tril triu diag gather
take_along_dim index_select masked_select nonzero diff searchsorted bucketize scatter mm bmm mv dot matmul addmm
outer ger kron inverse matrix_power cross lu_unpack lu_solve
triangular_solve cholesky_solve cholesky_inverse cholesky geqrf ormqr lgamma digamma polygamma mvlgamma i0 igamma igammac normal bernoulli
multinomial
""".split())


def _requires_grad(args):
    for a in args:
        if isinstance(a, (list, tuple)):
            if _requires_grad(a):
                return True
        elif isinstance(a, Tensor) and a.requires_grad:
            return True
    return False


# C++ type names in torch's message for an out= tensor of the wrong dtype
_CPP_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
             "int16": "short int", "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}

# ops whose out= must have the result's dtype exactly (no cast), as torch's kernels check
_EXACT_DTYPE = {"argmax", "argmin", "isin"}


def _write_out(dst, result, exact_dtype=False):
    """Copy `result` into the out= tensor `dst`, resizing it (with torch's warning) when the shapes differ."""
    import warnings
    import numpy as np
    from ._op import _write, check_result_cast
    src = result._data
    if exact_dtype and src.dtype != dst._data.dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {_CPP_TYPE[src.dtype.name]}, but got "
                           f"{_CPP_TYPE[dst._data.dtype.name]} instead")
    check_result_cast(src.dtype, dst._data.dtype)
    if src.shape != dst._data.shape:
        if dst._data.size:
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"{list(dst._data.shape)}, which does not match the required output shape "
                          f"{list(src.shape)}. This behavior is deprecated, and in a future PyTorch release outputs "
                          "will not be resized unless they have zero elements. You can explicitly reuse an out "
                          "tensor t by resizing it, inplace, to zero elements with t.resize_(0).", UserWarning,
                          stacklevel=3)
        dst._data = np.empty(src.shape, dst._data.dtype)
    _write(dst, src)


def _with_out(fn, name, exact_dtype=False):
    """`fn` taking torch's `out=`: the result is written into the given tensor(s), which are returned."""
    import functools
    exact_dtype = exact_dtype or name in _EXACT_DTYPE

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        if _grad_enabled() and (_requires_grad(args) or _requires_grad(kwargs.values()) or _requires_grad(outs)):
            raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        result = fn(*args, **kwargs)
        if isinstance(result, Tensor):
            if len(outs) != 1:
                raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
            _write_out(outs[0], result, exact_dtype)
            return outs[0]
        if len(outs) != len(result):
            raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors of size {len(result)}")
        for dst, r in zip(outs, result):
            _write_out(dst, r, exact_dtype)
        if not hasattr(result, "_fields"):
            return tuple(outs)
        return _out_return_type(type(result))(*outs)
    return wrapper


_OUT_TYPES = {}


def _out_return_type(cls):
    """torch names the named tuple of an out= call `<op>_out` (torch.return_types.max_out)."""
    if cls not in _OUT_TYPES:
        from .reduction import _return_type
        _OUT_TYPES[cls] = _return_type(f"{cls.__name__}_out", cls._fields)
    return _OUT_TYPES[cls]


def _grad_enabled():
    from ..autograd.grad_mode import is_grad_enabled
    return is_grad_enabled()


globals().update({name: _with_out(globals()[name], name) for name in __all__ if name in _OUT_FUNCTIONS})


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
