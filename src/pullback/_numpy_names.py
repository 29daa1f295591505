"""torch's NumPy-style keyword names. Its C++ argument parser takes `axis` for `dim`, `keepdims` for
`keepdim`, `x`, `a` or `x1` for `input` and `x2` for `other`, in every function and Tensor method it
parses, so `x.sum(axis=0, keepdims=True)` works there; the functions torch writes in Python
(norm, split, unique, most of nn.functional) take only their own names. `install` gives the same
functions here the same aliases. Its overloads that take a number where the input tensor goes
(torch.pow(2, t)) name that parameter `self`: `install_scalar_self` takes that name too. The wrapper
`install` puts on a function or method also types its arguments as torch's parser does
(_argument_types: `t.add_(None)` is its TypeError, not NumPy's) and reads its dtype= (float: float64)."""
import functools
import inspect
import types

from . import _argument_types, _signatures
from ._dtype import dtype as _torch_dtype

_PLAIN_DTYPES = (_torch_dtype, type(None))
_SEQUENCES = (tuple, list)

ALIASES = {"axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input", "x2": "other"}

# torch's functions written in Python: no aliases
PYTHON_LEVEL = {"atleast_1d", "atleast_2d", "atleast_3d", "eig", "lstsq", "matrix_rank", "norm", "solve", "split",
                "symeig", "unique", "unique_consecutive"}
# and its methods written in Python (torch.unflatten is C++, Tensor.unflatten Python)
PYTHON_METHODS = PYTHON_LEVEL | {"unflatten"}
# torch's Tensor methods written in Python (torch/_tensor.py) that pullback writes as functions: Python's
# own argument errors name them Tensor.<name> (name_python_methods)
TENSOR_PYTHON_METHODS = PYTHON_METHODS | {"is_shared", "lu", "reinforce", "resize", "resize_as", "share_memory_",
                                          "storage", "storage_type", "__dlpack__", "__dlpack_device__"}
# the nn.functional functions torch parses in C++ (the rest are Python)
NATIVE_FUNCTIONAL = {"adaptive_avg_pool1d", "avg_pool1d", "avg_pool2d", "avg_pool3d", "bilinear", "celu_",
                     "channel_shuffle", "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d", "conv_transpose2d",
                     "conv_transpose3d", "cosine_similarity", "elu_", "gelu", "hardshrink", "hardtanh_", "leaky_relu_",
                     "linear", "logsigmoid", "native_channel_shuffle", "one_hot", "pairwise_distance", "pdist",
                     "pixel_shuffle", "pixel_unshuffle", "prelu", "relu_", "rrelu_", "scaled_dot_product_attention",
                     "selu_", "softplus", "softshrink", "threshold_"}


# the functions with such an overload (torch.special's xlogy, xlog1py and zeta too)
SCALAR_SELF = {"bitwise_and", "bitwise_left_shift", "bitwise_or", "bitwise_right_shift", "bitwise_xor", "bucketize",
               "float_power", "pow", "remainder", "searchsorted", "where", "xlogy", "xlog1py", "zeta"}

_wrappers = {}  # (function, name, method, prefix) -> its wrapper
_KERNEL_NAMES = {"logsigmoid": "log_sigmoid"}  # the name torch's messages give a function, where it differs


def with_numpy_names(fn, name, method=False, prefix=""):
    """`fn` taking torch's aliases of its parameters by keyword too, and refusing an operand of a type
    torch's parser does not take (_argument_types) as it does (itself if it has neither to do); `method`:
    it is the Tensor method `name`, whose argument positions count from the first after self; `prefix`:
    what torch's messages put before the name (special_ for torch.special's functions)."""
    key = (fn, name, method, prefix)  # (the messages name the function and count its positions by the form)
    wrapper = _wrappers.get(key)
    if wrapper is None:
        wrapper = _wrappers[key] = _wrap(fn, name, method, prefix + _KERNEL_NAMES.get(name, name))
    return wrapper


def _wrap(fn, name, method, shown):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return fn
    if _signatures.has_signatures(shown, method):  # (torch.special's by their special_ names)
        return _parsed_by_signatures(fn, shown, method, params)
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return fn
    aliases = _aliases(params)
    typed = _argument_types.typed_arguments(name, params, method, tensor_input=name not in SCALAR_SELF)
    takes_dtype = "dtype" in params and name != "to"  # (Tensor.to parses its overloads itself)
    if not aliases and not typed and not takes_dtype:
        return fn
    # how many positional arguments fill each alias's parameter: torch's parser then has the alias left over
    positions = {alias: _position(params, target) for alias, target in aliases.items()}
    check = _argument_types.check_argument

    @functools.wraps(fn)
    def parsing_arguments(*args, **kwargs):
        if kwargs:
            kwargs = _read_keywords(name, shown, method, args, kwargs, aliases, positions, takes_dtype)
        for index, param, plain in typed:
            value = args[index] if len(args) > index else kwargs.get(param, plain)  # (absent: fn's own error)
            if type(value) not in plain and value is not plain:
                check(shown, method, index, param, args, kwargs)
        return fn(*args, **kwargs)
    return parsing_arguments


def _parsed_by_signatures(fn, name, method, params):
    """`fn` behind torch's parser for `name`, run on its signatures (_signatures): a call whose arguments
    all have the types some overload takes there goes straight on; any other is parsed as torch parses it
    and gets its TypeError, or goes on with its NumPy integers and 0-d tensors read as ints.

    The signatures and their quick test are built on the first call that needs them: most of the ~1,000
    functions wrapped at import are never called in a process, and built for all of them they would be
    ~32,000 objects that every full collection of the cyclic garbage collector traverses."""
    takes_keywords = any(p.kind is p.VAR_KEYWORD for p in params.values())  # (then it reads aliases itself)
    aliases = {} if takes_keywords else _aliases(params)
    positions = {alias: _position(params, target) for alias, target in aliases.items()}
    start = 1 if method else 0  # (a method's signatures leave self out)
    kinds = [p.kind for p in params.values()]
    spread = inspect.Parameter.VAR_POSITIONAL in kinds
    most = float("inf") if spread else \
        sum(k in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD) for k in kinds) - start
    parser = None  # (signatures, their quick test)
    parse, normalized = _signatures.parse, _signatures.normalized
    plain_calls = set()  # the argument types (and keyword names) of calls that passed: they pass again untested
    plain_keywords = frozenset(params) - {"dtype"}  # keywords _read_keywords leaves as they are

    @functools.wraps(fn)
    def parsing_arguments(*args, **kwargs):
        nonlocal parser
        if kwargs and not plain_keywords.issuperset(kwargs):
            kwargs = _read_keywords(name, name, method, args, kwargs, aliases, positions, True)
        kinds = (*map(type, args), *kwargs, *map(type, kwargs.values())) if kwargs else tuple(map(type, args))
        if tuple in kinds or list in kinds:  # (an int or Tensor list passes by its items' types)
            kinds = tuple((type(v), *map(type, v)) if type(v) in _SEQUENCES else v if type(v) is str else type(v)
                          for v in (*args, *kwargs, *kwargs.values()))
        if kinds not in plain_calls:
            if parser is None:
                sigs = _signatures.signatures(name, method)
                parser = sigs, _signatures.quick_test(sigs, start, spread)
            sigs, passes = parser
            if len(args) - start > most or not passes(args, kwargs):
                given = args[start:]
                sig, taken = parse(sigs, given, kwargs)
                given, kwargs = normalized(sig, taken, given, kwargs, most)
                args = args[:start] + given
            else:
                if len(plain_calls) > 64:  # (argument types that change from call to call: keep it small)
                    plain_calls.clear()
                plain_calls.add(kinds)
        return fn(*args, **kwargs)
    return parsing_arguments


def _read_keywords(name, shown, method, args, kwargs, aliases, positions, takes_dtype):
    """`kwargs` with torch's NumPy-style names given as the parameters they stand for (refused where a
    positional argument already fills that parameter, as torch's parser has the alias left over) and,
    where the function takes one, dtype= read as torch's parser reads it (float: float64)."""
    if not aliases.keys().isdisjoint(kwargs):
        for key in kwargs:
            if key in positions and len(args) > positions[key]:
                raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
        kwargs = _renamed(kwargs, aliases, name)
    if takes_dtype and type(kwargs.get("dtype")) not in _PLAIN_DTYPES:
        kwargs = dict(kwargs, dtype=_argument_types.dtype_keyword(name, shown, method, args, kwargs))
    return kwargs


def _position(params, target):
    for i, p in enumerate(params.values()):
        if p.name == target:
            return i if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) else float("inf")
        if p.kind is p.VAR_POSITIONAL:
            break
    return float("inf")


def _aliases(params):
    return {alias: target for alias, target in ALIASES.items() if target in params and alias not in params}


def renamed(kwargs, params, name):
    """kwargs with torch's NumPy-style names given as the parameters `params` they stand for: for the
    functions that parse their keywords themselves (torch's overloads), which `install` cannot wrap."""
    aliases = _aliases(params)
    return _renamed(kwargs, aliases, name) if not aliases.keys().isdisjoint(kwargs) else kwargs


def input_and_keywords(name, input, kwargs, params, unset):
    """(input, the other keywords) of a function `name` parsing torch's overloads itself, whose input
    defaults to the sentinel `unset` so that it can come by an alias (x, a, x1); `params`: the other
    parameters its keywords may alias (dim, keepdim)."""
    named = renamed(kwargs if input is unset else {"input": input, **kwargs}, ("input",) + params, name)
    input = named.pop("input", unset)
    if input is unset:
        raise TypeError(f'{name}() missing 1 required positional arguments: "input"')
    return input, named


def _renamed(kwargs, aliases, name):
    out = {}
    for key, value in kwargs.items():
        target = aliases.get(key, key)
        if target in out or (target != key and target in kwargs):
            raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")  # both spellings, as torch's
        out[target] = value
    return out


def install(namespace, names, python_level=(), prefix=""):
    """Give the plain functions `names` of `namespace` (a module or the Tensor class) the aliases, but
    those named in `python_level`; `prefix`: what torch's messages put before their names."""
    for name in names:
        if name in python_level or name.startswith("__"):
            continue
        fn = inspect.getattr_static(namespace, name, None)
        if inspect.isfunction(fn):
            wrapped = with_numpy_names(fn, name, isinstance(namespace, type), prefix)
            if wrapped is not fn:
                setattr(namespace, name, wrapped)


_self_wrappers = {}


def name_python_methods(cls):
    """Give each of TENSOR_PYTHON_METHODS on Tensor `cls` the qualified name torch's has, Tensor.<name>
    (`x.split(1, foo=2)`: "Tensor.split() got an unexpected keyword argument"), as a copy where the
    function is also a function of the torch namespace (torch.split's errors say "split()")."""
    for name in TENSOR_PYTHON_METHODS:
        fn = inspect.getattr_static(cls, name, None)
        if inspect.isfunction(fn) and fn.__qualname__ != f"Tensor.{name}":
            method = types.FunctionType(fn.__code__, fn.__globals__, name, fn.__defaults__, fn.__closure__)
            method.__kwdefaults__, method.__doc__, method.__module__ = fn.__kwdefaults__, fn.__doc__, fn.__module__
            method.__dict__.update(fn.__dict__)
            method.__qualname__ = f"Tensor.{name}"
            setattr(cls, name, method)


def install_scalar_self(namespace, names):
    """Let the functions `names` of `namespace` take their number-for-the-input overload's `self=`."""
    for name in names:
        fn = inspect.getattr_static(namespace, name, None)
        if inspect.isfunction(fn):
            if fn not in _self_wrappers:
                _self_wrappers[fn] = _with_scalar_self(fn, name)
            setattr(namespace, name, _self_wrappers[fn])


def _with_scalar_self(fn, name):
    position = _position(inspect.signature(fn).parameters, "input")

    @functools.wraps(fn)
    def taking_scalar_self(*args, **kwargs):
        if "self" in kwargs:
            kwargs = dict(kwargs)
            value = kwargs.pop("self")
            if "input" in kwargs or len(args) > position or not _is_scalar(value):
                raise TypeError(f"{name}() received an invalid combination of arguments - got self="
                                f"{type(value).__name__}: self= is the number in place of the input tensor")
            kwargs["input"] = value.item() if hasattr(value, "item") else value  # a 0-dim tensor is read as its number
        return fn(*args, **kwargs)
    return taking_scalar_self


def _is_scalar(value):
    import numbers
    from ._tensor import Tensor
    if isinstance(value, Tensor):  # torch's Scalar parameters take a 0-dim tensor that needs no gradient
        return value.dim() == 0 and not value.requires_grad
    return isinstance(value, numbers.Number)