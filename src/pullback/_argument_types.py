"""The argument types torch's parser checks before anything runs, and its TypeErrors for the rest:
`t.add_(None)` says "add_(): argument 'other' (position 1) must be Tensor, not NoneType", not whatever
NumPy would have said, and `nn.Linear(3, 4)([1., 2., 3.])` names its input, not an attribute.

  * A function's input (torch.sum(x), F.linear(x, w), torch.linalg.inv(A)): a Tensor.
  * A binary function's operand, in three kinds: Tensor only (maximum, atan2, ...): "argument 'other'
    (position k) must be Tensor, not X"; one signature whose Tensor also takes a number (add, sub, mul,
    div): the same message, numbers pass; overloads for a Tensor and for a Number (remainder, eq, pow,
    ...): "received an invalid combination of arguments", with the overloads listed as torch lists them.
  * A fill value (full, new_full): a Number ("must be Number").
  * dtype=: a torch dtype, or Python's float, int or bool for float64, int64 and bool.
The position counts from 1 over the function's arguments, from the first one after self for a method,
and is left out for an argument given by keyword. _numpy_names installs the checks, in the wrapper it
puts on the functions and methods torch parses in C++. The functions whose torch signatures pullback
keeps (reductions, dims, ...: _signature_table) are parsed against those instead (_signatures).
"""
import numbers

import numpy as np

from . import _signatures, _tensor  # (its Tensor read at call time: this module loads while it does)
from ._dtype_overloads import DTYPE_OVERLOADS

_TENSOR_ONLY = "Tensor only"
_NUMBERS_TOO = "a number too"
_NUMBER = "a Number"  # a fill value: a number, or a 0-d tensor that needs no gradient ("must be Number")

_METHOD_OVERLOADS = " * (Tensor other)\n * (Number other)\n"
_FUNCTION_OVERLOADS = " * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other, *, Tensor out = None)\n"
_NUMBER_SELF_OVERLOADS = (" * (Tensor input, Tensor other, *, Tensor out = None)\n * (Number self, Tensor other)\n"
                          " * (Tensor input, Number other, *, Tensor out = None)\n")
_PRODUCT_OVERLOADS = " * (Tensor input, Tensor other, *, Tensor out = None)\n * (Tensor input, Number other)\n"
_POWER_OVERLOADS = (" * (Tensor input, Tensor exponent, *, Tensor out = None)\n"
                    " * (Number self, Tensor exponent, *, Tensor out = None)\n"
                    " * (Tensor input, Number exponent, *, Tensor out = None)\n",
                    " * (Tensor exponent)\n * (Number exponent)\n")
_SUBTRACT_OVERLOADS = (" * (Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None)\n"
                       " * (Tensor input, Number other, Number alpha = 1)\n",
                       " * (Tensor other, *, Number alpha = 1)\n * (Number other, Number alpha = 1)\n")
_DIVIDE_OVERLOADS = (" * (Tensor input, Tensor other, *, Tensor out = None)\n"
                     " * (Tensor input, Tensor other, *, str rounding_mode, Tensor out = None)\n"
                     " * (Tensor input, Number other)\n * (Tensor input, Number other, *, str rounding_mode)\n",
                     " * (Tensor other)\n * (Tensor other, *, str rounding_mode)\n * (Number other)\n"
                     " * (Number other, *, str rounding_mode)\n")

# function name -> (its operand's parameter, its kind or its overloads as (function's, method's) listing);
# an in-place method (add_) is typed as its function
OPERANDS = {name: ("other", _TENSOR_ONLY) for name in (
    "atan2", "arctan2", "maximum", "minimum", "fmax", "fmin", "hypot", "logaddexp", "logaddexp2", "logical_and",
    "logical_or", "logical_xor", "nextafter", "ldexp", "igamma", "igammac", "gcd", "lcm", "dist", "isclose",
    "allclose", "equal")}
OPERANDS["heaviside"] = ("values", _TENSOR_ONLY)
OPERANDS.update({name: (param, _TENSOR_ONLY) for name, param in (  # the products
    ("matmul", "other"), ("kron", "other"), ("inner", "other"), ("mm", "mat2"), ("bmm", "mat2"), ("dot", "tensor"),
    ("outer", "vec2"), ("mv", "vec"))})
OPERANDS.update({name: ("other", _NUMBERS_TOO) for name in ("add", "sub", "mul", "div")})
OPERANDS.update({name: ("other", (_FUNCTION_OVERLOADS, _METHOD_OVERLOADS)) for name in (
    "fmod", "copysign", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
    "not_equal")})
OPERANDS.update({name: ("other", (_NUMBER_SELF_OVERLOADS, _METHOD_OVERLOADS)) for name in (
    "remainder", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift")})
OPERANDS.update({name: ("other", (_PRODUCT_OVERLOADS, _METHOD_OVERLOADS)) for name in (
    "multiply", "true_divide", "floor_divide")})
OPERANDS.update({name: ("exponent", _POWER_OVERLOADS) for name in ("pow", "float_power")})
OPERANDS.update({name: ("other", (_POWER_OVERLOADS[0].replace("exponent", "other"), _METHOD_OVERLOADS))
                 for name in ("xlogy", "xlog1py", "zeta")})
OPERANDS["subtract"] = ("other", _SUBTRACT_OVERLOADS)
OPERANDS["rsub"] = ("other", (_SUBTRACT_OVERLOADS[0].replace(", Tensor out = None", ""), None))
OPERANDS["divide"] = ("other", _DIVIDE_OVERLOADS)
OPERANDS["fill"] = ("value", (" * (Tensor input, Tensor value)\n * (Tensor input, Number value)\n",
                              " * (Tensor value)\n * (Number value)\n"))
OPERANDS.update({name: ("fill_value", _NUMBER) for name in ("full", "full_like", "new_full")})
_TENSOR_INPUT_OVERLOADS = (_FUNCTION_OVERLOADS, OPERANDS["rsub"][1][0])

_PLAIN_NUMBERS = frozenset((int, float, bool, complex))

def typed_arguments(name, params, method, tensor_input=True):
    """((index in `params`, parameter, the types it takes without a closer look, its kind), ...) of the
    arguments of the function or method `name` (with the parameters `params`, self or input first) typed
    here: a function's input (a Tensor, unless `tensor_input` is false or its overloads take a number),
    then a binary function's operand or a fill value. (A Tensor subclass or a NumPy scalar takes the
    closer look: check_argument.)"""
    entry = OPERANDS.get(_function_name(name))
    names = list(params)
    input_typed = not method and names and names[0] in ("input", "A")  # (A: torch.linalg's matrix)
    if entry is None or entry[0] not in params:
        return ((0, names[0], _passing(_TENSOR_ONLY, "input"), _TENSOR_ONLY),) if input_typed and tensor_input else ()
    param, kind = entry
    operand = (names.index(param), param, _passing(kind, param), kind)
    if not input_typed:
        return (operand,)
    input_kind = _TENSOR_ONLY if kind is _NUMBER else kind
    return (0, "input", _passing(input_kind, "input"), input_kind), operand


def _passing(kind, param):
    """The types that pass as `param` of a function of `kind` without a closer look: a Tensor (but as a
    Number: a 0-d one needing no gradient passes, after the closer look) and the plain numbers it takes."""
    tensor = frozenset() if kind is _NUMBER else frozenset((_tensor.Tensor,))
    return tensor | _PLAIN_NUMBERS if _takes_numbers(kind, param) else tensor


def _takes_numbers(kind, param):
    """Whether the argument `param` of a function of `kind` takes a number: an operand does unless only a
    Tensor will do; so does an input (torch.mul(2, x), torch.pow(2, x)) but the comparisons', fmod's,
    copysign's and rsub's (no overload of theirs takes a number there)."""
    if kind is _TENSOR_ONLY:
        return False
    if kind is _NUMBER:
        return True
    return param != "input" or kind is _NUMBERS_TOO or kind[0] not in _TENSOR_INPUT_OVERLOADS


def check_argument(name, shown, method, index, param, kind, args, kwargs):
    """Raise torch's TypeError, naming the function `shown`, unless the argument `param` of `name` (at
    `index` of its parameters, or by keyword), typed as `kind`, called with `args` and `kwargs` (self
    first for a method), is one its parser takes."""
    from .ops._op import Tensor, _invalid_combination, number_argument
    value = args[index] if len(args) > index else kwargs[param]
    if kind is _NUMBER:
        if number_argument(value) is not None:
            return
    elif isinstance(value, Tensor) or (_takes_numbers(kind, param) and isinstance(value, (numbers.Number, np.bool_))
                                       and not isinstance(value, np.ndarray)):
        return
    if name in ("div", "div_") and "rounding_mode" in kwargs:
        kind = _DIVIDE_OVERLOADS  # div with a rounding mode is parsed against divide's overloads
    if kind is _TENSOR_ONLY or kind is _NUMBERS_TOO or kind is _NUMBER:
        raise argument_error(shown, param, _position(param, index, method, kwargs),
                             "Number" if kind is _NUMBER else "Tensor", value)
    raise _invalid_combination(shown, args[1:] if method else args, kwargs, kind[1] if method else kind[0])


def argument_error(fn, param, where, expected, value):
    """torch's TypeError for an argument of the wrong type: "fn(): argument 'param' (position k) must be
    Tensor, not list" (`where`: the " (position k)" part, empty for a keyword)."""
    from .ops._op import _type_name
    return TypeError(f"{fn}(): argument '{param}'{where} must be {expected}, not {_type_name(value)}")


def _position(param, index, method, kwargs):
    """How torch's messages place an argument: " (position k)", counted from 1 over a function's
    arguments and from the first after self for a method; nothing for one given by keyword."""
    return "" if param in kwargs else f" (position {index if method else index + 1})"


def dtype_keyword(name, shown, method, args, kwargs):
    """The dtype= of `name` as torch's parser reads it (float: float64), or its TypeError: an invalid
    combination where `name` has overloads (_dtype_overloads), else the argument's type named."""
    from ._dtype import dtype_argument
    try:
        return dtype_argument(shown, kwargs["dtype"])
    except TypeError:
        sigs = _signatures.signatures(name, method)
        if sigs:
            _signatures.parse(sigs, args[1:] if method else args, kwargs)  # (raises torch's TypeError)
        listings = DTYPE_OVERLOADS.get(name)
        if listings is None or listings[method] is None:
            raise
        from .ops._op import _invalid_combination
        raise _invalid_combination(shown, args[1:] if method else args, kwargs, listings[method]) from None


def operator_operand(value):
    """Whether a Python operator (+, -, *, /, **, @, +=, ...) takes `value` beside a Tensor: a Tensor, a
    number or a NumPy array; for anything else it returns NotImplemented, so that Python's own TypeError
    names the operator and both types, as torch's does."""
    return type(value) in _PLAIN_NUMBERS or isinstance(value, (_tensor.Tensor, numbers.Number, np.bool_, np.ndarray))


def _function_name(name):
    """An in-place method's operand is typed as its function's."""
    return name[:-1] if name.endswith("_") and name[:-1] in OPERANDS else name
