"""torch.Size: a tuple of ints that prints the way torch prints it; shape helpers."""
from operator import index as _index

NO_SIZE = object()  # a factory's size= not given (its sizes come positionally)


class Size(tuple):
    __slots__ = ()

    def __repr__(self):
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __getitem__(self, item):
        r = tuple.__getitem__(self, item)
        return Size(r) if isinstance(item, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))


def int_list(values, fn, name, position=1, sequence_only=False):
    """The ints of an int-list argument (sizes, dims) as torch's argument parser reads them from `values`,
    the positional arguments given for it (`position`: the first one's; None when given by name):
    several ints, one sequence of them, or (unless `sequence_only`) one int. Ints are Python and NumPy
    integers and integer tensors of one element; a bool is one only after the first; anything else is
    torch's TypeError."""
    try:
        if len(values) == 1:
            v = values[0]
            if isinstance(v, (tuple, list)):
                ints = tuple(map(_index, v))
                if ints and type(v[0]) is bool:
                    raise TypeError
                return ints
            if sequence_only or type(v) is bool:
                raise TypeError
            return (_index(v),)
        ints = tuple(map(_index, values))
        if ints and type(values[0]) is bool:
            raise TypeError
        return ints
    except TypeError:
        raise _int_list_error(values, fn, name, position, sequence_only) from None


def _int_list_error(values, fn, name, position, sequence_only):
    if len(values) > 1 and not _takes_int(values[0]):  # (torch reads several arguments as sizes only from an int)
        return TypeError(f"{fn}() takes 1 positional argument but {len(values)} were given")
    ints = values if len(values) > 1 else values[0]
    argument = f"argument '{name}'" + ("" if position is None else f" (position {position})")
    if not isinstance(ints, (tuple, list)):
        return TypeError(f"{fn}(): {argument} must be tuple of ints, not {tp_name(ints)}")
    if not _takes_int(ints[0]):
        if position is None:  # (by name, torch names the sequence's own type)
            return TypeError(f"{fn}(): {argument} must be tuple of ints, not {tp_name(ints)}")
        return TypeError(f"{fn}(): {argument} must be tuple of ints, but found element of type "
                         f"{tp_name(ints[0])} at pos 0")
    i = next(i for i, v in enumerate(ints) if not _takes_int(v, first=False))
    return TypeError(f"{fn}(): argument '{name}' failed to unpack the object at pos {i + 1} with error \"type "
                     f"must be tuple of ints,but got {tp_name(ints[i])}\"")


def _takes_int(v, first=True):
    if first and type(v) is bool:
        return False
    try:
        _index(v)
    except TypeError:
        return False
    return True


def tp_name(v):
    """An object's type as torch's messages name it (CPython's tp_name: 'numpy.float64', 'Tensor')."""
    t = type(v)
    if t.__flags__ & (1 << 9) or t.__module__ == "builtins":  # (1 << 9: a heap type, a class written in Python)
        return t.__name__
    return f"{t.__module__}.{t.__name__}"


def wrap_dim(dim, ndim):
    """A possibly negative dim as an index into `ndim` dims (a 0-d tensor accepts 0 and -1)."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def no_dimensions(dim):
    """torch's error for a dim of a 0-d tensor where an op needs a real dimension."""
    return IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def wrap_real_dim(dim, ndim):
    """wrap_dim for an op that needs a real dimension: a 0-d tensor has none (torch's wrap_scalar=False)."""
    if ndim == 0:
        raise no_dimensions(dim)
    return wrap_dim(dim, ndim)


def broadcasts_to(shape, target):
    """Whether an array of `shape` broadcasts to `target` without growing it."""
    if len(shape) > len(target):
        return False
    for s, t in zip(reversed(shape), reversed(target)):
        if s != 1 and s != t:
            return False
    return True
