"""torch's C++ argument parser, run on its own signature strings (_signature_table): which overload a
call matches, and torch's TypeError where none does, word for word.

A signature reads "amax(Tensor input, IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)":
a type (`?`: None is taken; `[n]`: an int list that takes a single int too), a name, a default. One
signature raises at the first argument it refuses ("amax(): argument 'dim' (position 2) must be tuple
of ints, not float"); several are tried in order, and where none matches the error is the one of the
only signature whose argument count fits, else "received an invalid combination of arguments", with
every signature listed and, under those whose arity fits, why it did not match. An int list matched by
its first element has the rest checked as it is unpacked ("failed to unpack the object at pos 2").

_numpy_names calls `parse` only for a call its quick test did not pass (`quick_test`), and remembers the
argument types of the calls that passed, so the usual call pays one set lookup."""
import operator
import os

import numpy as np

from ._signature_table import SIGNATURES
from ._size import Size

# the printed name of each parser type, which is also the kind it is checked as
_KINDS = {"Tensor": "Tensor", "Scalar": "Number", "int64_t": "int", "SymInt": "int", "double": "float",
          "complex": "complex", "TensorList": "tuple of Tensors", "IntArrayRef": "tuple of ints",
          "SymIntArrayRef": "tuple of ints", "ArrayRef<double>": "tuple of floats", "Generator": "torch.Generator",
          "bool": "bool", "Storage": "torch.Storage", "PyObject*": "object", "ScalarType": "torch.dtype",
          "Layout": "torch.layout", "MemoryFormat": "torch.memory_format", "Device": "torch.device",
          "std::string": "str", "c10::string_view": "str", "std::string_view": "str", "Dimname": "name",
          "DimnameList": "tuple of names", "ScalarList": "tuple of Scalars",
          "c10::List<::std::optional<Tensor>>": "tuple of Tensors"}  # (index_put's indices: no None taken from Python)

# torch lets a Python number stand for a Tensor argument of these (its should_allow_numbers_as_tensors)
_NUMBERS_AS_TENSORS = {f"{name}{suffix}" for name in ("add", "div", "divide", "mul", "multiply", "sub", "subtract",
                                                     "true_divide", "floor_divide") for suffix in ("", "_", "_out")}
_NUMBERS_AS_TENSORS |= {"to", "_to_copy", "copy_"}

_MISSING = object()

# the NumPy-style names torch's parser takes for these parameters too
NUMPY_NAMES = {"dim": ("axis",), "keepdim": ("keepdims",), "input": ("x", "a", "x1"), "other": ("x2",)}


class Parameter:
    __slots__ = ("kind", "name", "optional", "allow_none", "keyword_only", "size", "sym", "default")

    def __init__(self, text, keyword_only):
        type_text, _, name = text.partition(" ")
        self.allow_none = "?" in type_text
        type_text = type_text.replace("?", "")
        self.size = 0
        if "[" in type_text:
            type_text, _, size = type_text.partition("[")
            self.size = int(size.rstrip("]") or 0)
        self.kind = _KINDS.get(type_text, "object")
        self.sym = type_text.startswith("Sym")
        name, eq, default = name.partition("=")
        self.name = name
        self.optional = bool(eq)
        self.default = default if eq else None
        if default == "None":
            self.allow_none = True
        self.keyword_only = keyword_only

    def printed(self):
        return f"{self.kind} {self.name}" + (f" = {self.default}" if self.optional else "")


class Signature:
    """One overload, parsed from its string as torch's FunctionSignature parses it."""

    def __init__(self, text):
        self.name, _, rest = text.partition("(")
        body, _, suffix = rest.rpartition(")")
        self.deprecated = suffix == "|deprecated"
        self.hidden = self.deprecated or suffix == "|hidden"
        self.params = []
        keyword_only = False
        for part in body.split(", ") if body else ():
            if part == "*":
                keyword_only = True
            else:
                self.params.append(Parameter(part, keyword_only))
        self.numbers_as_tensors = self.name in _NUMBERS_AS_TENSORS
        self.min_args = sum(not p.optional for p in self.params)
        self.max_args = len(self.params)
        self.max_pos_args = sum(not p.keyword_only for p in self.params)
        # view(2, 3) for view((2, 3)): a lone positional int list takes the positional arguments themselves
        self.varargs = self.max_pos_args == 1 and self.params[0].kind == "tuple of ints"

    @property
    def printed(self):
        """The form torch's listing prints."""
        parts, starred = [], False
        for p in self.params:
            if p.keyword_only and not starred:
                parts.append("*")
                starred = True
            parts.append(p.printed())
        return "(" + ", ".join(parts) + ")"


_parsed = {}


def has_signatures(name, method):
    """Whether the table has torch's overloads of the function (or Tensor method) `name`."""
    forms = SIGNATURES.get(name)
    return bool(forms and forms[method])


def signatures(name, method):
    """torch's parsed overloads of the function (or Tensor method) `name`, deprecated ones last; None if
    the table has none."""
    key = (name, method)
    found = _parsed.get(key, _MISSING)
    if found is _MISSING:
        forms = SIGNATURES.get(name)
        texts = forms[method] if forms else None
        found = None
        if texts:
            found = [Signature(t) for t in texts]
            found.sort(key=lambda s: s.deprecated)
        _parsed[key] = found
    return found


# ---------------------------------------------------------------- what each kind takes
def _classes():
    from . import _creation, _dtype, _tensor
    return _tensor.Tensor, _dtype.dtype, _tensor.device, _creation.Generator, _dtype.layout, _dtype.memory_format


def _is_long(v):
    """THPUtils_checkLong: a Python int that is not a bool, or a NumPy integer."""
    return (isinstance(v, int) and not isinstance(v, bool)) or isinstance(v, np.integer)


def _is_index(v):
    """THPUtils_checkIndex: not a bool, and an int or anything with __index__ (a 0-d integer tensor)."""
    if isinstance(v, bool):
        return False
    if _is_long(v):
        return True
    return _unpacks(v)


def _unpacks(v):
    """Whether an int list's element unpacks as an int (its __index__: a bool does)."""
    try:
        operator.index(v)
    except Exception:
        return False
    return True


# what THPUtils_checkDouble takes: a Python int or float (a bool too), any NumPy number or bool
_DOUBLES = (int, float, np.number, np.bool_)


def _is_scalar(v):
    """THPUtils_checkScalar: a Python number (a bool too) or a NumPy scalar number."""
    return isinstance(v, (int, float, complex, np.number, np.bool_))


def _accepts(sig, param, value):
    """FunctionParameter::check: (whether `param` takes `value`, the failing element of an int list or -1)."""
    Tensor, dtype, device, Generator, layout, memory_format = _classes()
    kind = param.kind
    if kind == "Tensor":
        return isinstance(value, Tensor) or (sig.numbers_as_tensors and _is_scalar(value)), -1
    if kind in ("Number", "complex", "float"):
        if kind == "Number" and _is_scalar(value):
            return True, -1
        if kind != "float" and isinstance(value, complex):
            return True, -1
        if isinstance(value, _DOUBLES):
            return True, -1
        return (isinstance(value, Tensor) and not value.requires_grad and value._data.ndim == 0), -1
    if kind == "int":
        if param.sym:
            return _is_index(value), -1
        return _is_long(value) or (isinstance(value, Tensor) and value._data.dtype.kind in "iu"
                                   and not value.requires_grad and value._data.ndim == 0), -1
    if kind == "tuple of ints":
        if isinstance(value, (tuple, list)):
            if not value or _is_index(value[0]):
                return True, -1
            return False, 0
        return param.size > 0 and _is_index(value), -1  # (a single int, or what reads as one)
    if kind == "bool":
        return isinstance(value, bool), -1
    if kind == "tuple of Tensors":
        if not isinstance(value, (tuple, list)):
            return False, -1
        for i, item in enumerate(value):
            if not isinstance(item, Tensor):
                raise TypeError(f"expected Tensor as element {i} in argument {sig.params.index(param)}, but got "
                                f"{_type_name(item)}")
        return True, -1
    if kind == "tuple of floats":
        return isinstance(value, (tuple, list)) and (not value or isinstance(value[0], (complex, *_DOUBLES))), -1
    if kind == "tuple of Scalars":
        return isinstance(value, (tuple, list)) and all(_is_scalar(v) for v in value), -1
    if kind == "torch.dtype":
        return isinstance(value, dtype) or any(value is t for t in (float, int, bool, complex)), -1
    if kind in ("str", "name"):
        return isinstance(value, str), -1
    if kind == "torch.device":
        return _is_long(value) or isinstance(value, (str, device)), -1
    if kind == "torch.Generator":
        return isinstance(value, Generator), -1
    if kind == "torch.layout":
        return isinstance(value, layout), -1
    if kind == "torch.memory_format":
        return isinstance(value, memory_format), -1
    if kind == "torch.Storage":
        from ._storage import is_storage
        return is_storage(value), -1
    return True, -1  # object


def _type_name(value):
    from .ops._op import _type_name
    return _type_name(value)


# ---------------------------------------------------------------- parsing
def _extra_args(sig, nargs):
    if sig.min_args != sig.max_pos_args:
        return TypeError(f"{sig.name}() takes from {sig.min_args} to {sig.max_pos_args} positional arguments but "
                         f"{nargs} were given")
    return TypeError(f"{sig.name}() takes {sig.max_pos_args} positional argument{'' if sig.max_pos_args == 1 else 's'}"
                     f" but {nargs} {'was' if nargs == 1 else 'were'} given")


def _missing_args(sig, index):
    missing = [f'"{p.name}"' for p in sig.params[index:] if not p.optional]
    return TypeError(f"{sig.name}() missing {len(missing)} required positional argument{'s' if len(missing) == 1 else ''}"
                     f": {', '.join(missing)}")  # ('s' for one: torch's own slip, kept)


def _extra_kwargs(sig, kwargs, nargs):
    names = [p.name for p in sig.params]
    for key in kwargs:
        if not isinstance(key, str):
            return TypeError("keywords must be strings")
        if key not in names:
            return TypeError(f"{sig.name}() got an unexpected keyword argument '{key}'")
        if names.index(key) < nargs:
            return TypeError(f"{sig.name}() got multiple values for argument '{key}'")
    return TypeError("invalid keyword arguments")


def _match(sig, args, kwargs, raise_exception):
    """FunctionSignature::parse: the values `sig` takes from `args` and `kwargs` ({parameter index: value}),
    or None; with `raise_exception`, torch's TypeError for the first thing it does not take instead."""
    nargs = len(args)
    remaining = len(kwargs)
    if nargs > sig.max_pos_args and not sig.varargs:
        if raise_exception:
            raise _extra_args(sig, nargs)
        return None
    taken = {}
    arg_pos = 0
    for i, param in enumerate(sig.params):
        is_kwd = arg_pos >= nargs
        if not is_kwd:
            if param.keyword_only:
                if raise_exception:
                    raise _extra_args(sig, nargs)
                return None
            value = args[arg_pos]
        else:
            value = kwargs.get(param.name, _MISSING)
            for alias in NUMPY_NAMES.get(param.name, ()) if value is _MISSING else ():
                value = kwargs.get(alias, _MISSING)
                if value is not _MISSING:
                    break
        if (value is _MISSING and param.optional) or (value is None and param.allow_none):
            pass
        elif value is _MISSING:
            if raise_exception:
                raise _missing_args(sig, i)
            return None
        else:
            ok, failed = _accepts(sig, param, value)
            if ok:
                taken[i] = value
            elif sig.varargs and arg_pos == 0 and not is_kwd and _accepts(sig, param, args)[0]:
                taken[i] = args
                arg_pos = nargs
                continue
            elif not raise_exception:
                return None
            elif sig.varargs and not is_kwd and arg_pos == 0 and nargs > 1:  # (zeros(1.0, 2): no int list's ints)
                raise _extra_args(sig, nargs)
            elif is_kwd:
                raise TypeError(f"{sig.name}(): argument '{param.name}' must be {param.kind}, not {_type_name(value)}")
            else:
                if failed != -1 and isinstance(value, (tuple, list)):
                    raise TypeError(f"{sig.name}(): argument '{param.name}' (position {arg_pos + 1}) must be "
                                    f"{param.kind}, but found element of type {_type_name(value[failed])} at pos "
                                    f"{failed}")
                raise TypeError(f"{sig.name}(): argument '{param.name}' (position {arg_pos + 1}) must be {param.kind}, "
                                f"not {_type_name(value)}")
        if not is_kwd:
            arg_pos += 1
        elif value is not _MISSING:
            remaining -= 1
    if arg_pos < nargs:  # (view((2, 3), 1): a lone int list took the first, nothing takes the rest)
        if raise_exception:
            raise _extra_args(sig, nargs)
        return None
    if remaining > 0:
        if raise_exception:
            raise _extra_kwargs(sig, kwargs, nargs)
        return None
    return taken


def parse(sigs, args, kwargs):
    """torch's PythonArgParser on `args` and `kwargs` (a method's without self) against the overloads
    `sigs`: (the one that matches, the values it takes by parameter index), else torch's TypeError."""
    if len(sigs) == 1:
        matched, taken = sigs[0], _match(sigs[0], args, kwargs, True)
    else:
        for matched in sigs:
            taken = _match(matched, args, kwargs, False)
            if taken is not None:
                break
        else:
            n = len(args) + len(kwargs)
            plausible = [s for s in sigs if s.min_args <= n <= s.max_args and not s.hidden]
            if len(plausible) == 1:
                _match(plausible[0], args, kwargs, True)
            raise TypeError(invalid_arguments(sigs[0].name, args, kwargs, [s.printed for s in sigs if not s.hidden]))
    if matched.name == "new" and len(args) == 1 and taken.get(0) is args[0] and type(args[0]) in (tuple, list):
        return matched, {}  # tensor.new((0, 1.0)): a lone sequence bound to its size is data (torch's legacy_tensor_new)
    for i, value in taken.items():  # a list taken on its first element: the rest must unpack too
        param = matched.params[i]
        if param.kind == "tuple of ints" and isinstance(value, (tuple, list)):
            for pos, item in enumerate(value):
                if not _unpacks(item):
                    raise TypeError(f"{matched.name}(): argument '{param.name}' failed to unpack the object at pos "
                                    f"{pos + 1} with error \"type must be tuple of ints,but got {_type_name(item)}\"")
        elif param.kind == "tuple of floats" and isinstance(value, (tuple, list)):
            for pos, item in enumerate(value):
                if not isinstance(item, _DOUBLES):
                    raise TypeError(f"{matched.name}(): argument '{param.name}' must be tuple of floats, but found "
                                    f"element of type {_type_name(item)} at pos {pos + 1}")
    return matched, taken


# ---------------------------------------------------------------- the invalid-combination message
def invalid_arguments(fn, args, kwargs, options):
    """torch's format_invalid_args: "fn() received an invalid combination of arguments - got (...), but
    expected one of:" and the printed `options`, each followed, where its arity fits the call, by why it
    did not match (its arguments' types marked !so! where they fail, in colour on a terminal)."""
    keywords = _unordered_map_order(kwargs)  # (torch reads them out of a std::unordered_map)
    got = "(" + "".join(f"{_type_name(a)}, " for a in args) + "".join(f"{k}={_type_name(kwargs[k])}, "
                                                                     for k in keywords)
    got = (got[:-2] if args else got) + ")"
    message = f"{fn}() received an invalid combination of arguments - "
    if len(options) == 1:  # (one overload shown, others hidden)
        arguments = _option_arguments(options[0])
        unmatched = _unmatched_keywords(arguments, args, kwargs, keywords)
        if unmatched:
            return message + "got unrecognized keyword arguments: " + ", ".join(unmatched)
        if len(args) + len(kwargs) == len(arguments):
            got = _marked_arguments(arguments, args, kwargs)
        return message + f"got {got}, but expected {options[0]}"
    message += f"got {got}, but expected one of:\n"
    for option in options:
        arguments = _option_arguments(option)
        message += f" * {option}\n"
        if len(args) + len(kwargs) != len(arguments):
            continue
        unmatched = _unmatched_keywords(arguments, args, kwargs, keywords)
        if unmatched:
            message += "      didn't match because some of the keywords were incorrect: " + ", ".join(unmatched) + "\n"
        else:
            message += ("      didn't match because some of the arguments have invalid types: "
                        + _marked_arguments(arguments, args, kwargs) + "\n")
    return message


_HASH_MASK = (1 << 64) - 1
_HASH_MUL = 0xc6a4a7935bd1e995
_FAST_BUCKETS = (2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13)
_PRIMES = (17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 103, 109, 113, 127, 137, 139)


def _string_hash(text):
    """libstdc++'s std::hash<std::string> (_Hash_bytes, 64-bit, seed 0xc70f6907)."""
    data = text.encode()
    n, mask, mul = len(data), _HASH_MASK, _HASH_MUL
    h = (0xc70f6907 ^ (n * mul)) & mask
    for p in range(0, n & ~7, 8):
        v = (int.from_bytes(data[p:p + 8], "little") * mul) & mask
        h = ((h ^ ((v ^ (v >> 47)) * mul & mask)) * mul) & mask
    if n & 7:
        h = ((h ^ int.from_bytes(data[n & ~7:], "little")) * mul) & mask
    h = ((h ^ (h >> 47)) * mul) & mask
    return h ^ (h >> 47)


def _unordered_map_order(keys):
    """The order a libstdc++ std::unordered_map<std::string, ...> filled with `keys` in turn iterates
    them, which is the order torch's message names its keywords in: a key goes first in the list, or,
    where its bucket holds keys already, first among them; a rehash (the prime policy: 13 buckets, then
    at least doubling) inserts the keys again the same way, walking the list."""
    codes = {key: _string_hash(key) for key in keys}

    def insert(order, key, n_buckets):
        b = codes[key] % n_buckets
        first = next((i for i, k in enumerate(order) if codes[k] % n_buckets == b), 0)
        order.insert(first, key)

    order, n_buckets, next_resize = [], 1, 0
    for key in keys:
        if len(order) + 1 > next_resize:
            wanted = max(len(order) + 1, 0 if next_resize else 11)
            if wanted >= n_buckets:
                wanted = max(wanted + 1, 2 * n_buckets)
                n_buckets = _FAST_BUCKETS[wanted] if wanted < len(_FAST_BUCKETS) else \
                    next(p for p in _PRIMES if p >= wanted)
                relinked = []
                for k in order:
                    insert(relinked, k, n_buckets)
                order = relinked
            next_resize = n_buckets
        insert(order, key, n_buckets)
    return order


def _unmatched_keywords(arguments, args, kwargs, keywords):
    """The keywords not among the option's arguments after those the positional arguments fill (torch's
    _tryMatchKwargs)."""
    start = max(len(arguments) - len(kwargs), 0)
    names = [name for name, _ in arguments[start:]]
    return [k for k in keywords if k not in names] if kwargs else []


def _option_arguments(option):
    """(name, type) of each comma-separated piece of a printed option, split as torch's message code
    splits it (at the last space: "bool keepdim = False" is a "bool keepdim =" named "False"; the "*"
    counts as an argument, and "()" as one empty argument)."""
    pieces = option[1:-1].split(", ")
    return [(piece[piece.rfind(" ") + 1:], piece[:piece.rfind(" ")] if " " in piece else piece) for piece in pieces]


def _marked_arguments(arguments, args, kwargs):
    colour = os.isatty(1) and os.isatty(2)
    red, reset = ("\33[31;1m", "\33[0m") if colour else ("!", "!")
    green, green_reset = ("\33[32;1m", "\33[0m") if colour else ("", "")
    parts = []
    for i in range(len(args) + len(kwargs)):
        name, type_name = arguments[i]
        value = args[i] if i < len(args) else kwargs[name]
        matching = _type_name(value) in ({"float", "int"} if type_name == "float" else
                                         {"int"} if type_name == "int" else {type_name})
        text = (f"{name}=" if i >= len(args) else "") + _described(value)
        parts.append((f"{green}{text}{green_reset}" if matching else f"{red}{text}{reset}") + ", ")
    joined = "".join(parts)
    return "(" + (joined[:-2] if args else joined) + ")"  # (torch's: the comma stays after keywords alone)


def _described(value):
    if isinstance(value, (tuple, list)):
        items = ", ".join(_type_name(v) for v in value)
        if isinstance(value, tuple):
            return f"tuple of ({items}{',' if len(value) == 1 else ''})"
        return f"list of [{items}]"
    return _type_name(value)


# ---------------------------------------------------------------- the quick test
def _arity_fits(sig, n, kwargs):
    """Whether `n` positional arguments and the keywords `kwargs` fill `sig`'s required parameters and
    name only its parameters (types aside)."""
    if n > sig.max_pos_args and not sig.varargs:
        return False
    named = 0
    for i, param in enumerate(sig.params):
        if i < n and not param.keyword_only:
            continue
        if param.name in kwargs or any(a in kwargs for a in NUMPY_NAMES.get(param.name, ())):
            named += 1
        elif not param.optional:
            return False
    return named == len(kwargs)


INT_LIST = "a tuple or list of ints"  # (markers in quick_test's sets of types)
TENSOR_LIST = "a tuple or list of Tensors"


def quick_test(sigs, start, spread=False):
    """A test of a call (`start`: 1 for a method, whose self comes first) that passes without parsing it:
    one overload takes its argument count and keywords, and each argument's type as it is (a tuple or
    list of Python ints for an int list, of Tensors for a Tensor list; `spread`: the function takes a
    lone int list's ints one by one too, view(2, 3)). A NumPy integer or a 0-d tensor for an int, and
    everything else, is left to `parse`."""
    Tensor, dtype, device, Generator, layout, memory_format = _classes()
    plain = {"Tensor": {Tensor}, "Number": {int, float, bool}, "float": {int, float}, "int": {int},
             "bool": {bool}, "torch.dtype": {dtype}, "str": {str}, "torch.device": {device, str},
             "torch.Generator": {Generator}, "torch.layout": {layout}, "torch.memory_format": {memory_format}}

    def types(sig, param, after_int_list):
        taken = set(plain.get(param.kind, ()))
        if param.kind == "tuple of ints":
            taken.add(INT_LIST)
            if param.size:
                taken.add(int)
        elif param.kind == "tuple of Tensors" and not after_int_list:
            # (where an earlier overload has an int list, the parser tries it first, and it takes a list of tensors
            # on a first item that reads as an int: histogramdd(x, [tensor(2), tensor(3)]) is bin counts)
            taken.add(TENSOR_LIST)
        elif param.kind == "Tensor" and sig.numbers_as_tensors:
            taken |= {int, float, bool}
        if param.allow_none:
            taken.add(type(None))
        return frozenset(taken)

    overloads = []  # (signature, the types of each positional argument, of each keyword)
    int_lists = set()  # the positions and names of the int lists of the overloads so far
    for sig in sigs:
        positional = [p for p in sig.params if not p.keyword_only]
        if not sig.hidden:
            overloads.append((sig, tuple(types(sig, p, i in int_lists) for i, p in enumerate(positional)),
                              {name: types(sig, p, p.name in int_lists)
                               for p in sig.params for name in (p.name,) + NUMPY_NAMES.get(p.name, ())}))
        int_lists |= {i for i, p in enumerate(positional) if p.kind == "tuple of ints"}
        int_lists |= {p.name for p in sig.params if p.kind == "tuple of ints"}
    fitting = {}  # (number of positional arguments, keyword names) -> (positional types, keyword types) that fit

    def listed(value, taken):
        """Whether `value`, not of a type in `taken`, is still what it takes: a Tensor subclass (a Parameter)
        for a Tensor, the default generator for a Generator, a tuple or list of ints for an int list, of
        Tensors for a Tensor list."""
        if type(value) not in _SEQUENCES:
            return (Tensor in taken and isinstance(value, Tensor)) or (Generator in taken
                                                                      and isinstance(value, Generator))
        if INT_LIST in taken:
            return all(type(v) is int for v in value)
        return TENSOR_LIST in taken and all(isinstance(v, Tensor) for v in value)

    def passes(args, kwargs):
        # (written out: this runs on every call of the functions in the table)
        n = len(args) - start
        shape = (n, *kwargs) if kwargs else n
        candidates = fitting.get(shape)
        if candidates is None:
            if len(fitting) > 256:  # (keyword names that change from call to call: keep it small)
                fitting.clear()
            candidates = fitting[shape] = [(positional, keywords) for sig, positional, keywords in overloads
                                           if n <= len(positional) and _arity_fits(sig, n, kwargs)]
            if spread and n:  # (each of view(2, 3)'s ints as one element of its size)
                candidates += [((_INTS,) * n, keywords) for sig, positional, keywords in overloads
                               if sig.varargs and _arity_fits(sig, 1, kwargs)]
        for positional, keywords in candidates:  # (none for flip(0, 1): parse packs them into its list)
            for i in range(n):
                value = args[start + i]
                if type(value) not in positional[i] and not listed(value, positional[i]):
                    break
            else:
                for key, value in kwargs.items():
                    taken = keywords[key]
                    if type(value) not in taken and not listed(value, taken):
                        break
                else:
                    return True
        return False
    return passes


_SEQUENCES = (tuple, list)
_INTS = frozenset((int,))


def as_parsed_by(name, args, method=False, kwargs=None):
    """`args` (positional; `kwargs` given: with them) as the parser of torch's `name` (a function, or a
    Tensor method without self) reads them: its TypeError where they do not fit it, else NumPy ints and
    0-d tensors taken as ints or floats as Python numbers. For a function torch writes in Python, which
    hands its arguments on to the kernel `name`."""
    args = tuple(args)
    sig, taken = parse(signatures(name, method), args, kwargs or {})
    given, named = normalized(sig, taken, args, kwargs or {}, len(args))
    return given if kwargs is None else (given, named)


_kernel_tests = {}


def kernel_arguments(name, args):
    """`args` as torch's function `name` receives them from its parser: as they are where each has a type
    it takes as it is (a float or int for a double), else as_parsed_by (its TypeError; NumPy numbers,
    0-d tensors and a bool for a double read as Python numbers)."""
    passes = _kernel_tests.get(name)
    if passes is None:
        passes = _kernel_tests[name] = quick_test(signatures(name, False), 0)
    return args if passes(args, {}) else as_parsed_by(name, args)


def normalized(sig, taken, args, kwargs, most):
    """`args` and `kwargs` with the ints `sig` took as NumPy integers or 0-d tensors (alone or in an int
    list) read as Python ints, the way the function behind the parser receives them; a deprecated
    overload's (add(x, 2, y) for add(x, y, alpha=2)) passed by name, after torch's warning, and so are
    positional arguments past the `most` the function takes by position (subtract(x, 2, 3)'s alpha)."""
    if len(args) > most and not (sig.varargs and taken.get(0) is args):
        named = [p.name for p in sig.params if not p.keyword_only][most:len(args)]
        args, kwargs = args[:most], {**kwargs, **dict(zip(named, args[most:]))}
        taken = {i: v for i, v in taken.items() if i < most or sig.params[i].name in named or sig.params[i].keyword_only}
    if sig.deprecated:
        from ._runtime import warn_once
        current = [s for s in signatures(sig.name, not sig.params or sig.params[0].name != "input") or ()
                   if not s.hidden]
        warn_once(f"This overload of {sig.name} is deprecated:\n\t{sig.name}{sig.printed}\nConsider using one of the "
                  "following signatures instead:" + "".join(f"\n\t{s.name}{s.printed}" for s in current))
        return (), {sig.params[i].name: value for i, value in taken.items()}
    if sig.varargs and taken.get(0) is args:  # flip(0, 1): the function takes them as one list, a Size (not data)
        return (Size(operator.index(v) for v in args),), kwargs
    changed = {}
    for i, value in taken.items():
        kind = sig.params[i].kind
        if kind == "float" and (type(value) is bool or not isinstance(value, (int, float))):
            # a NumPy scalar by its __float__ (a complex one: its real part, with NumPy's warning), a 0-d tensor's
            # value, a bool as 1.0 or 0.0 (a double to torch's parser)
            changed[i] = float(value) if isinstance(value, (np.generic, bool)) else float(value.item())
        elif kind == "int" or (kind == "tuple of ints" and not isinstance(value, (tuple, list))):
            if type(value) is not int:
                changed[i] = operator.index(value)
        elif kind == "tuple of ints" and any(type(v) is not int for v in value):
            changed[i] = tuple(operator.index(v) for v in value)
    if not changed:
        return args, kwargs
    args, kwargs = list(args), dict(kwargs)
    for position in range(len(args)):
        if position in changed:  # (positional arguments fill the first parameters)
            args[position] = changed.pop(position)
    for i, value in changed.items():
        name = sig.params[i].name
        kwargs[next(k for k in (name,) + NUMPY_NAMES.get(name, ()) if k in kwargs)] = value
    return tuple(args), kwargs
