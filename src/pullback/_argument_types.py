"""The argument types torch's parser checks before anything runs, for the functions outside
_signature_table (which _signatures parses against torch's own signatures): a function's input (torch.sqrt(4.),
F.linear(x, w), torch.linalg.inv(A)) is a Tensor, else torch's TypeError ("sqrt(): argument 'input' (position 1) must be Tensor, not float"). dtype= is a
torch dtype, or Python's float, int or bool for float64, int64 and bool. The position counts from 1 over
the function's arguments, from the first one after self for a method, and is left out for an argument
given by keyword. _numpy_names installs the checks, in the wrapper it puts on the functions and methods
torch parses in C++. The operators return NotImplemented for an operand no overload takes
(`operator_operand`), so that Python's TypeError names them.
"""
import numbers

import numpy as np

from . import _signatures, _tensor  # (its Tensor read at call time: this module loads while it does)

_PLAIN_NUMBERS = frozenset((int, float, bool, complex))


def typed_arguments(name, params, method, tensor_input=True):
    """((index in `params`, parameter, the types it takes without a closer look), ...) of the arguments of
    the function or method `name` (with the parameters `params`, self or input first) typed here: a
    function's input, a Tensor, unless `tensor_input` is false (its overloads take a number there). (A
    Tensor subclass takes the closer look: check_argument.)"""
    names = list(params)
    if not method and names and names[0] in ("input", "A") and tensor_input:  # (A: torch.linalg's matrix)
        return ((0, names[0], frozenset((_tensor.Tensor,))),)
    return ()


def check_argument(shown, method, index, param, args, kwargs):
    """Raise torch's TypeError, naming the function `shown`, unless the Tensor argument `param` (at `index`
    of its parameters, or by keyword) of a call with `args` and `kwargs` (self first for a method) is one."""
    value = args[index] if len(args) > index else kwargs[param]
    if not isinstance(value, _tensor.Tensor):
        raise argument_error(shown, param, _position(param, index, method, kwargs), "Tensor", value)


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
    """The dtype= of `name` as torch's parser reads it (float: float64), or its TypeError: the one torch's
    signatures of `name` give where pullback keeps them (_signatures), else the argument's type named."""
    from ._dtype import dtype_argument
    try:
        return dtype_argument(shown, kwargs["dtype"])
    except TypeError:
        sigs = _signatures.signatures(shown, method)
        if sigs:
            _signatures.parse(sigs, args[1:] if method else args, kwargs)  # (raises torch's TypeError)
        raise


def operator_operand(value):
    """Whether a Python operator (+, -, *, /, **, @, +=, ...) takes `value` beside a Tensor: a Tensor, a
    number or a NumPy array; for anything else it returns NotImplemented, so that Python's own TypeError
    names the operator and both types, as torch's does."""
    return type(value) in _PLAIN_NUMBERS or isinstance(value, (_tensor.Tensor, numbers.Number, np.bool_, np.ndarray))
