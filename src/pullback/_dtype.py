"""dtypes, the default dtype, and type promotion as torch.result_type does it."""
import builtins
import operator

import numpy as np

from ._fperrors import quiet, unquiet


class dtype:
    """A torch-style dtype: a name, its NumPy counterpart and its category."""

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize", "_category")

    def __init__(self, name, np_dtype, category):
        self.name = name
        self.np = np.dtype(np_dtype)
        self._category = category  # 0 bool, 1 integer, 2 floating
        self.is_floating_point = category == 2
        self.is_signed = category == 2 or (category == 1 and self.np.kind == "i")
        self.itemsize = self.np.itemsize

    @property
    def is_complex(self):
        return False

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name

    def to_real(self):
        return self


bool = dtype("bool", np.bool_, 0)
uint8 = dtype("uint8", np.uint8, 1)
int8 = dtype("int8", np.int8, 1)
int16 = dtype("int16", np.int16, 1)
int32 = dtype("int32", np.int32, 1)
int64 = dtype("int64", np.int64, 1)
float16 = dtype("float16", np.float16, 2)
float32 = dtype("float32", np.float32, 2)
float64 = dtype("float64", np.float64, 2)

# torch's aliases name the same objects
half, float, double = float16, float32, float64
short, int, long = int16, int32, int64

_from_numpy = {d.np: d for d in (bool, uint8, int8, int16, int32, int64, float16, float32, float64)}


def from_numpy_dtype(np_dtype):
    try:
        return _from_numpy[np_dtype]
    except KeyError:
        if np.dtype(np_dtype).kind == "c":  # (torch's result: a complex tensor)
            raise NotImplementedError(f"numpy.{np.dtype(np_dtype).type.__name__} data makes torch's result a complex "
                                      "tensor, and pullback has no complex dtypes") from None
        raise TypeError(f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).type.__name__}. The only supported "
                        "types are: "
                        "float64, float32, float16, int64, int32, int16, int8, uint8, and bool.") from None


# Python's number types stand for dtypes wherever torch's parser takes one (dtype=float is float64)
_PYTHON_TYPES = {builtins.float: float64, builtins.int: int64, builtins.bool: bool}


def dtype_argument(fn, value):
    """`value` as torch's parser reads the dtype argument of `fn`: a dtype or None as it is, Python's
    float, int and bool as float64, int64 and bool; anything else its TypeError."""
    if value is None or builtins.type(value) is dtype:
        return value
    if builtins.isinstance(value, builtins.type) and value in _PYTHON_TYPES:
        return _PYTHON_TYPES[value]
    from ._size import tp_name
    raise TypeError(f"{fn}(): argument 'dtype' must be torch.dtype, not {tp_name(value)}")


_default = [float32]


def get_default_dtype():
    return _default[0]


def set_default_dtype(d, /):
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default[0] = d


def promote_types(type1, type2):
    """torch.promote_types: the smallest dtype both convert to safely, except that an integer
    meeting a float gives that float (float16 + int64 is float16, as in torch)."""
    if type1 is type2:
        return type1
    if type1._category != type2._category:
        return type1 if type1._category > type2._category else type2
    return _from_numpy[np.promote_types(type1.np, type2.np)]


def number_tensor_dtype(value):
    """The dtype of the tensor torch's parser makes of a number given for a Tensor (its scalar_to_tensor):
    bool, int64 or float64, a NumPy scalar read as the parser reads it (np.bool_ and np.float32 as floats)."""
    value = parsed_number(value) if isinstance(value, np.generic) else value
    return bool if isinstance(value, builtins.bool) else int64 if isinstance(value, builtins.int) else float64


def parsed_number(value):
    """A NumPy scalar as torch's argument parser reads a Number: an integer as an int, np.complex128 (a
    Python complex) as a complex, and anything else (np.bool_ too: it is no Python bool to the parser;
    np.complex64: its real part, with NumPy's warning) as a float."""
    if isinstance(value, np.integer):
        return builtins.int(value)
    if isinstance(value, builtins.complex):
        return builtins.complex(value)
    return builtins.float(value)


def scalar_dtype(value):
    """The dtype torch gives a Python number (a 'wrapped number')."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return bool
    if isinstance(value, (builtins.int, np.integer)):
        return int64
    return _default[0]


def _combine(higher, lower):
    # c10's combine_categories: a lower-priority operand changes the result only when it is of
    # a higher category (a float scalar meeting an int tensor), never widening within one
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher is bool or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """torch.result_type over tensors and Python numbers: dimensioned tensors first, then
    zero-dim tensors, then Python numbers, each only able to raise the category."""
    dim = zero = wrapped = None
    for op in operands:
        if isinstance(op, np.generic):
            op = parsed_number(op)
        d = getattr(op, "dtype", None)
        if d is None:
            wrapped = scalar_dtype(op) if wrapped is None else promote_types(wrapped, scalar_dtype(op))
        elif op.ndim:
            dim = d if dim is None else promote_types(dim, d)
        else:
            zero = d if zero is None else promote_types(zero, d)
    return _combine(dim, _combine(zero, wrapped))


class finfo:
    """torch.finfo: the limits of a floating dtype (the default dtype when none is given)."""

    def __init__(self, type=None):
        if type is None:
            type = _default[0]
        if not isinstance(type, dtype):
            raise TypeError(f"finfo(): argument 'type' (position 1) must be torch.dtype, not {builtins.type(type).__name__}")
        if not type.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
        info = np.finfo(type.np)
        self.bits = info.bits
        self.eps = builtins.float(info.eps)
        self.max = builtins.float(info.max)
        self.min = builtins.float(info.min)
        self.tiny = self.smallest_normal = builtins.float(info.smallest_normal)
        self.resolution = 10.0 ** -builtins.int(info.precision)
        self.dtype = type.name

    def __eq__(self, other):
        return isinstance(other, finfo) and self.dtype == other.dtype

    def __hash__(self):
        return hash(self.dtype)

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, eps={self.eps:g}, "
                f"smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, dtype={self.dtype})")


class iinfo:
    """torch.iinfo: the limits of an integer dtype."""

    def __init__(self, type):
        if not isinstance(type, dtype):
            raise TypeError(f"iinfo(): argument 'type' (position 1) must be torch.dtype, not {builtins.type(type).__name__}")
        if type is bool:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        info = np.iinfo(type.np)
        self.bits, self.max, self.min, self.dtype = info.bits, builtins.int(info.max), builtins.int(info.min), type.name

    def __eq__(self, other):
        return isinstance(other, iinfo) and self.dtype == other.dtype

    def __hash__(self):
        return hash(self.dtype)

    def __repr__(self):
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


class _Named:
    """A torch constant known by its name: printed as torch.<name>, pickled as that module attribute."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return self.name


class memory_format(_Named):
    """torch.memory_format: the order in which a tensor's dims are laid out in memory."""

    __slots__ = ()


contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


class layout(_Named):
    """torch.layout: how a tensor's elements are stored; pullback's are all `strided` (dense, with strides).

    torch's sparse and mkldnn layouts have no counterpart here."""

    __slots__ = ()


strided = layout("strided")


def can_cast(from_, to):
    """Whether torch's casting rules let a `from_` value be written into a `to` tensor.

    They refuse a floating value for an integer tensor, and any number but a bool for a bool tensor."""
    for name, position, d in (("from_", 1, from_), ("to", 2, to)):
        if not isinstance(d, dtype):
            raise TypeError(f"can_cast(): argument '{name}' (position {position}) must be torch.dtype, "
                            f"not {type(d).__name__}")
    return from_._category <= to._category


# torch's two spellings of a dtype in its messages: the ScalarType name and the C++ type name
_SCALAR_TYPE_NAMES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char", "int16": "Short",
                      "int32": "Int", "int64": "Long", "uint8": "Byte", "bool": "Bool",
                      "complex64": "ComplexFloat", "complex128": "ComplexDouble"}  # (results pullback refuses)
_CPP_TYPE_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int8": "signed char",
                   "int16": "short int", "int32": "int", "int64": "long int", "uint8": "unsigned char", "bool": "bool"}
# c10's overflow checks name the fixed-width types
_C10_TYPE_NAMES = {"float16": "c10::Half", "float32": "float", "float64": "double", "int8": "int8_t",
                   "int16": "int16_t", "int32": "int", "int64": "int64_t", "uint8": "uint8_t", "bool": "bool"}


def scalar_type_name(d):
    """torch's ScalarType name ('Float', 'Long') of a pullback or NumPy dtype, or of an array's or tensor's."""
    name = getattr(d, "dtype", d).name
    return _SCALAR_TYPE_NAMES.get(name, name.capitalize())


def scalar_text(value):
    """A number as torch's C++ messages print it: 0, 0.5, 2 for 2.0, inf (a stream's six significant digits)."""
    return str(value) if builtins.isinstance(value, (builtins.int, np.integer)) else f"{builtins.float(value):g}"


def not_implemented_for(kernel, d):
    """torch's error for a CPU kernel with no version for a dtype (of a pullback or NumPy dtype, array or tensor)."""
    return NotImplementedError(f"\"{kernel}\" not implemented for '{scalar_type_name(d)}'")


def cpp_type_name(d):
    """The C++ type name ('float', 'long int') torch's messages give a pullback or NumPy dtype, or an
    array's or tensor's."""
    name = getattr(d, "dtype", d).name
    return _CPP_TYPE_NAMES.get(name, name)


def checked_scalar(value, np_dtype, type_name=None):
    """A Python number as a 0-d array of `np_dtype` for an op that fills with it (fill_, full,
    masked_fill, threshold), refused as torch refuses a value the dtype cannot hold (c10's
    overflows: inf and nan are values a floating dtype holds), naming the dtype as `type_name`
    (by default its C type)."""
    np_dtype = np.dtype(np_dtype)
    kind = np_dtype.kind
    if type_name is None:
        type_name = _C10_TYPE_NAMES.get(np_dtype.name, np_dtype.name)
    v = value.item() if isinstance(value, np.generic) else value
    if isinstance(v, builtins.complex) and kind != "c":  # a real dtype takes a complex number without its imaginary part
        if v.imag:
            raise RuntimeError(f"value cannot be converted to type {type_name} without overflow")
        value = v = v.real
    if isinstance(v, (builtins.int, builtins.float)) and not isinstance(v, builtins.bool):
        if kind == "f":
            over = v == v and abs(v) != builtins.float("inf") and abs(v) > builtins.float(np.finfo(np_dtype).max)
        elif kind in "iu":  # nan and inf too; an unsigned type takes an int from -max to -1, wrapping around
            info = np.iinfo(np_dtype)
            wraps = kind == "u" and type(v) is builtins.int and -info.max <= v < 0
            over = not (info.min <= v <= info.max or wraps)
            if wraps:
                value = v % (info.max + 1)
        else:
            over = False
        if over:
            raise RuntimeError(f"value cannot be converted to type {type_name} without overflow")
    token = quiet()  # a tensor value past the dtype's range becomes inf silently, as torch's cast
    try:
        return np.asarray(value, np_dtype)
    finally:
        unquiet(token)


def stored_scalar(value, np_dtype):
    """What a Python callable's result becomes in an element of `np_dtype` (torch's store_scalar, for
    apply_ and map_): a float for a floating dtype (through __float__ or __index__, overflowing to inf),
    an integer through __index__ (a float truncated, each refused past the dtype's range), a truth value
    for bool."""
    np_dtype = np.dtype(np_dtype)
    kind = np_dtype.kind
    if kind == "b":
        if isinstance(value, (builtins.float, builtins.complex)):
            return np.asarray(builtins.bool(value))
        return np.asarray(operator.index(value) != 0)
    if kind == "f":
        if not isinstance(value, builtins.float):
            if hasattr(type(value), "__float__"):
                value = builtins.float(value)
            elif hasattr(type(value), "__index__"):
                value = builtins.float(operator.index(value))
            else:
                raise TypeError(f"must be real number, not {type(value).__name__}")
        token = quiet()  # past the dtype's range: inf, as C's conversion
        try:
            return np.asarray(value, np_dtype)
        finally:
            unquiet(token)
    if not isinstance(value, builtins.float):
        value = operator.index(value)
        if not -2 ** 63 <= value < 2 ** 63:
            raise ValueError("Overflow when unpacking long long")
    return checked_scalar(value, np_dtype, np_dtype.name)
