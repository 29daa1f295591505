"""The op table, one module per family, and the binding of Tensor methods and operators to it.

Each family module lists its public functions in `__all__` (re-exported as `pullback.<name>`)
and its Tensor methods in `METHODS`; every method, function and operator reaches the same
definition.
"""
import functools

import numpy as np

from .. import _dtype
from .._dtype import scalar_type_name
from .._argument_types import operator_operand
from .._size import tp_name
from . import (builders, complex_api, control_flow, differences, factorizations, indexing, linalg, lobpcg, lowrank,
               matrix_functions, nn, numeric, pointwise, products, reduction, sampling, segments, shape, special,
               statistics, strided, view_copy, view_scatter)
from ._op import binary_operator, check_result_cast, kernel_refusal, unary_operator
from .nn import torch_forms

FAMILIES = (pointwise, numeric, complex_api, reduction, statistics, shape, strided, view_scatter, view_copy, indexing,
            linalg, products, factorizations, matrix_functions, lowrank, lobpcg, nn, torch_forms, special, sampling,
            builders, differences, segments, control_flow)

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
amax amin aminmax all any var std logsumexp norm median nanmedian sort topk kthvalue mode argmax
argmin isin cat concat concatenate stack hstack vstack row_stack dstack column_stack tril triu diag gather
take_along_dim index_select masked_select nonzero diff searchsorted bucketize scatter mm bmm mv dot matmul addmm
addmv addr baddbmm addbmm vdot outer ger kron inverse matrix_power cross lu_unpack lu_solve triangular_solve
cholesky_solve cholesky_inverse cholesky geqrf ormqr lgamma digamma polygamma mvlgamma i0 igamma igammac normal
bernoulli multinomial heaviside gcd lcm ldexp frexp nextafter bitwise_left_shift bitwise_right_shift angle
conj_physical qr slice_scatter index_reduce narrow_copy renorm frobenius_norm nuclear_norm threshold
""".split())

# the *_copy functions of the view ops with one output: their out= takes the result's dtype exactly, and
# nothing refuses inputs that require grad (split_copy and unbind_copy take their out= themselves)
_VIEW_COPY_OUT_FUNCTIONS = set("""
alias_copy as_strided_copy detach_copy diagonal_copy expand_copy permute_copy select_copy slice_copy squeeze_copy
t_copy transpose_copy unfold_copy unsqueeze_copy view_copy
""".split())


def _requires_grad(args):
    for a in args:
        if isinstance(a, (list, tuple)):
            if _requires_grad(a):
                return True
        elif isinstance(a, Tensor) and a.requires_grad:
            return True
    return False


# ops whose out= must have the result's dtype exactly (no cast), as torch's kernels check: True, or
# torch's message where it is not the common one ({result}, {out}: C++ type names; {Result}, {Out}: torch's)
_EXACT_DTYPE = {"argmax": True, "argmin": True, "isin": True, "sort": True, "renorm": True, "qr": True,
                "slice_scatter": True, "index_reduce": True, "narrow_copy": True, "addmv": True, "baddbmm": True,
                "addbmm": "self and mat2 must have the same dtype, but got {Out} and {Result}",
                "vdot": "result dtype {Out} does not match input dtype {Result}",
                "hardshrink": "Found dtype {Out} but expected {Result}",
                "where": "Expected out type to be {Result} but got {Out}",
                "float_power": "the output given to float_power has dtype {Out} but the operation's result requires "
                               "dtype {Result}",
                "nan_to_num": "nan_to_num: dtype of out: {Out} should be same as input: {Result}",
                "amax": "Expected the dtype for input and out to match, but got {Result} for input's dtype and {Out} "
                        "for out's dtype.",
                "max": True, "min": True, "norm": True}
_EXACT_DTYPE["amin"] = _EXACT_DTYPE["amax"]
# unary ops computing in their input's dtype (TensorIterator's check_all_same_dtype, before any kernel is
# looked for), and clamp with Number bounds (with Tensor bounds its result is promoted, and cast to the out=
# as a binary op's)
_SAME_DTYPE = set("""neg negative abs absolute sign sgn round floor ceil trunc fix frac bitwise_not hardshrink
                     clamp clip clamp_min clamp_max""".split())
_NUMBER_BOUNDS = {"clamp", "clip", "clamp_min", "clamp_max"}
# out= only a bool tensor takes (any and all: or uint8, which they compute in): {function: torch's message}
_BOOL_OUT = {name: f"{name} does not support non-boolean outputs." for name in ("signbit", "isposinf", "isneginf")}
_BOOL_OUT.update({name: name + " only supports bool tensor for result, got: {Out}" for name in ("any", "all")})
# reductions whose out= gives the dtype they compute in (the input cast to it first), as their dtype= does
_OUT_DTYPE_COMPUTES = {"sum", "prod", "cumsum", "cumprod"}
_SCANS = ("cumsum", "cumprod")
_OUT_DTYPE_MESSAGE = "Expected out tensor to have dtype {result}, but got {out} instead"


def _resized(had, required):
    """torch's warning for an out= tensor with elements that it resizes."""
    return (f"An output with one or more elements was resized since it had shape {list(had)}, which does not match "
            f"the required output shape {list(required)}. This behavior is deprecated, and in a future PyTorch "
            "release outputs will not be resized unless they have zero elements. You can explicitly reuse an out "
            "tensor t by resizing it, inplace, to zero elements with t.resize_(0).")


def _write_out(dst, result, exact_dtype=False, stacklevel=3, warn_resize=True):
    """Copy `result` into the out= tensor `dst`, resizing it when the shapes differ (with torch's
    warning for the caller `stacklevel` frames up, unless `warn_resize` is False: factories resize
    silently); `exact_dtype` (True, or torch's message for it) refuses an out= of another dtype."""
    import warnings
    import numpy as np
    from ._op import _write, check_result_cast
    from .._dtype import cpp_type_name, scalar_type_name
    src = result._data
    if exact_dtype and src.dtype != dst._data.dtype:
        message = _OUT_DTYPE_MESSAGE if exact_dtype is True else exact_dtype
        raise RuntimeError(message.format(result=cpp_type_name(src), out=cpp_type_name(dst._data),
                                          Result=scalar_type_name(src.dtype), Out=scalar_type_name(dst._data.dtype)))
    check_result_cast(src.dtype, dst._data.dtype)
    if src.shape != dst._data.shape:
        if dst._data.size and warn_resize:
            warnings.warn(_resized(dst._data.shape, src.shape), UserWarning, stacklevel=stacklevel)
        dst._data = np.empty(src.shape, dst._data.dtype)
    _write(dst, src)


def _composite_out(out, result, exact_dtype=None):
    """out= of a function torch composes of others (quantile, inner, chain_matmul's one matrix): out
    resized as any out= (with torch's warning at the user's line), then written by copy_, which
    autograd records (CopyBackwards); `exact_dtype`: torch's message refusing an out= of another
    dtype, else any dtype takes the copy."""
    from .._runtime import user_stacklevel
    values = result.detach()
    _write_out(out, values if exact_dtype else values.to(out.dtype), exact_dtype or False, user_stacklevel() + 1)
    if result.requires_grad and _grad_enabled():
        out.copy_(result)
    return out


def _with_out(fn, name, exact_dtype=False, grad_check=True):
    """`fn` taking torch's `out=`: the result is written into the given tensor(s), which are returned.
    An `fn.check_out(result, outs)` refuses out= tensors with the op's own torch message before any is written."""
    import functools
    exact_dtype = exact_dtype or _EXACT_DTYPE.get(name, False)
    check_out = getattr(fn, "check_out", None)  # an op's own refusal of an out= dtype, before anything is written
    same_dtype = name in _SAME_DTYPE
    number_bounds = name in _NUMBER_BOUNDS

    @functools.wraps(fn)
    def wrapper(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        outs = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        if grad_check and _grad_enabled() and (
                _requires_grad(args) or _requires_grad(kwargs.values()) or _requires_grad(outs)):
            raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                               "differentiation, but one of the arguments requires grad.")
        if name in _BOOL_OUT and isinstance(out, Tensor):
            if out.dtype is not _dtype.bool and (name not in ("any", "all") or out.dtype is not _dtype.uint8):
                raise RuntimeError(_BOOL_OUT[name].format(Out=scalar_type_name(out.dtype)))
            if name in ("any", "all") and args and isinstance(args[0], Tensor):
                args = (args[0].to(out.dtype), *args[1:])  # torch's kernel reads the input in the out='s dtype
        if name == "where" and len(args) == 3:  # torch's where has no out= overload taking numbers
            for position, (arg, value) in enumerate(zip(("condition", "input", "other"), args), 1):
                if not isinstance(value, Tensor):
                    raise TypeError(f"where(): argument '{arg}' (position {position}) must be Tensor, not "
                                    f"{tp_name(value)}")
        if same_dtype and isinstance(out, Tensor) and args and isinstance(args[0], Tensor) \
                and not (number_bounds and _tensor_bound(args, kwargs)) \
                and not (args[0].dtype is _dtype.bool and name in ("neg", "negative")):  # (refused first)
            # the input's dtype, or with Number bounds the dtype they promote it to
            operands = [_dtype.parsed_number(a) if isinstance(a, np.generic) else a for a in (*args, *kwargs.values())]
            expected = _dtype.result_type(*[a for a in operands if isinstance(a, (Tensor, int, float))])
            if out.dtype is not expected:
                raise RuntimeError(f"Found dtype {scalar_type_name(out.dtype)} but expected {scalar_type_name(expected)}")
        if isinstance(out, Tensor) and kwargs.get("dtype") is None and (
                name in _OUT_DTYPE_COMPUTES or name == "mean" and out.dtype.is_floating_point
                and isinstance(args[0], Tensor) and args[0].dtype.is_floating_point) and not (
                name in _SCANS and out.dtype is _dtype.bool):  # (refused below, once the out= is resized)
            kwargs["dtype"] = out.dtype
        try:
            result = fn(*args, **kwargs)
        except (NotImplementedError, RuntimeError) as e:
            if isinstance(out, Tensor) and kernel_refusal(e):
                _before_kernel(args, out)
            raise
        if isinstance(out, Tensor) and isinstance(result, Tensor):
            # out= dtypes torch's kernels refuse once the out= is resized (with its warning)
            if name in _SCANS and out.dtype is _dtype.bool and args[0].ndim:
                _resize_out(out, result._data.shape)
                raise _dtype.not_implemented_for(f"{name}_out_cpu", out.dtype)
            if name == "mean" and not out.dtype.is_floating_point:  # (its message names Float for any input)
                _resize_out(out, result._data.shape)
                check_result_cast(np.dtype(np.float32), out._data.dtype)
        if isinstance(result, Tensor) and len(outs) != 1:
            raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
        if not isinstance(result, Tensor) and len(outs) != len(result):
            raise TypeError(f"{name}(): argument 'out' must be tuple of Tensors of size {len(result)}")
        if check_out is not None:
            check_out(result, outs)
        if isinstance(result, Tensor):
            _write_out(outs[0], result, exact_dtype)
            return outs[0]
        for dst, r in zip(outs, result):
            _write_out(dst, r, exact_dtype)
        if not hasattr(result, "_fields"):
            return tuple(outs)
        return _out_return_type(type(result))(*outs)
    return wrapper


def _before_kernel(args, out):
    """What torch's TensorIterator does with an out= before its kernel refuses the operands (no kernel
    for their dtype, an integer division by zero): refuse a common dtype that cannot be cast to the
    out='s, then resize the out= to the operands' shape (with its warning)."""
    tensors = [a for a in args if isinstance(a, Tensor)]
    try:
        shape = np.broadcast_shapes(*[a._data.shape for a in tensors])
    except ValueError:
        return
    operands = [_dtype.parsed_number(a) if isinstance(a, np.generic) else a for a in args]
    check_result_cast(_dtype.result_type(*[a for a in operands if isinstance(a, (Tensor, int, float))]).np,
                      out._data.dtype)
    _resize_out(out, shape)


def _resize_out(out, shape):
    """The out= tensor resized to `shape` as torch's resize_output does, warning where it held elements."""
    import warnings
    from .._runtime import user_stacklevel
    if out._data.shape != shape:
        if out._data.size:
            warnings.warn(_resized(out._data.shape, shape), UserWarning, stacklevel=user_stacklevel())
        out._data = np.empty(shape, out._data.dtype)


def _tensor_bound(args, kwargs):
    for a in (*args[1:], *kwargs.values()):
        if isinstance(a, Tensor):
            return True
    return False


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
globals().update({name: _with_out(globals()[name], name, exact_dtype=True, grad_check=False)
                  for name in _VIEW_COPY_OUT_FUNCTIONS})
# not differentiable: an input that requires grad does not refuse its out=
globals()["nonzero_static"] = _with_out(globals()["nonzero_static"], "nonzero_static", grad_check=False)
# out= where torch's kernel has another name (in its message refusing inputs that require grad) or
# refuses an out= of another dtype: {function: (kernel, exact dtype: True or torch's message)}
_NAMED_OUT = {"arctan2": ("atan2", False), "index_add": ("index_add", True), "index_copy": ("index_copy", True),
              "scatter_add": ("scatter_add", True), "scatter_reduce": ("scatter_reduce", True),
              "take": ("take", "take(): self and out expected to have the same dtype, but got self.dtype = {Result} "
                               "and out.dtype = {Out}"),
              "slogdet": ("_linalg_slogdet", True), "orgqr": ("linalg_householder_product", False),
              "native_batch_norm": ("native_batch_norm", "expected scalar type {Result} but found {Out}")}
globals().update({name: _with_out(globals()[name], kernel, exact_dtype=exact)
                  for name, (kernel, exact) in _NAMED_OUT.items()})
# torch takes these out= from inputs that require grad too (the out= gets a node whose backward raises)
globals().update({name: _with_out(globals()[name], name, exact_dtype=True, grad_check=False)
                  for name in ("softmax", "log_softmax")})


def _reflected(fn):
    return lambda self, other: fn(other, self)


# the operators the op families define (x // y, x % y, x & y, x << y, ...), both ways and in place
_BINARY_OPERATORS = {f"__{p}{op}__" for op in ("floordiv", "mod", "and", "or", "xor", "lshift", "rshift")
                     for p in ("", "r", "i")}


def _is_tensor(value):
    return isinstance(value, Tensor)


def _operator(fn, takes=operator_operand):
    """The Python operator running `fn(self, other)` for the operands torch's operators take, and
    NotImplemented for the others (Python's TypeError then names the operator and both types)."""
    @functools.wraps(fn)
    def operator(self, other):
        if not takes(other):
            return NotImplemented
        return fn(self, other)
    return operator


def _comparison_operator(fn):
    def operator(self, other):
        if not isinstance(other, (Tensor, int, float, np.number, np.bool_)):
            return NotImplemented
        return fn(self, other)
    return operator


def _without_out(fn):
    """The method form of a function taking out=: torch's methods take none."""
    import functools
    import inspect
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return fn
    if not inspect.isfunction(fn) or "out" not in signature.parameters:
        return fn

    @functools.wraps(fn)
    def method(*args, **kwargs):
        if "out" in kwargs:
            raise TypeError(f"{fn.__name__}() got an unexpected keyword argument 'out'")
        return fn(*args, **kwargs)
    method.__signature__ = signature.replace(parameters=[p for n, p in signature.parameters.items() if n != "out"])
    return method


def bind_tensor_methods(cls):
    """Give Tensor its methods and Python operators from the op table."""
    global Tensor
    Tensor = cls
    for family in FAMILIES:
        for name, fn in family.METHODS.items():
            setattr(cls, name, _operator(fn) if name in _BINARY_OPERATORS else _without_out(fn))
    p = pointwise
    # the arithmetic operators take a shortcut to their op (Op.apply's steps for a Tensor and a
    # Tensor or number, see _op.binary_operator) and hand anything else to the op's function
    operators = {
        "__neg__": unary_operator(p.Neg), "__abs__": p.abs, "__pos__": p.positive,
        "__add__": binary_operator(p.Add, p.add), "__radd__": None,
        "__iadd__": _operator(p.METHODS["add_"]),
        "__sub__": binary_operator(p.Sub, p.sub), "__rsub__": binary_operator(p.Rsub, p.rsub, numbers_only=True),
        "__isub__": _operator(p.METHODS["sub_"]),
        "__mul__": binary_operator(p.Mul, p.mul), "__rmul__": None,
        "__imul__": _operator(p.METHODS["mul_"]),
        "__truediv__": binary_operator(p.Div, p.div),
        "__rtruediv__": _operator(lambda self, other: p.reciprocal(self) * other),
        "__itruediv__": _operator(p.METHODS["div_"]),
        "__pow__": _operator(p.pow), "__rpow__": _operator(_reflected(p.pow)), "__ipow__": _operator(p.METHODS["pow_"]),
        "__matmul__": _operator(linalg.matmul, _is_tensor), "__rmatmul__": _operator(_reflected(linalg.matmul), _is_tensor),
    }
    # as in torch, 2 + x and 2 * x are x + 2 and x * 2 (the tensor stays the node's self)
    operators["__radd__"], operators["__rmul__"] = operators["__add__"], operators["__mul__"]
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        operators[f"__{op}__"] = _comparison_operator(getattr(p, op))
    for name, fn in operators.items():
        setattr(cls, name, fn)


Tensor = None
