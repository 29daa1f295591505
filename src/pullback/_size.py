"""torch.Size: a tuple of ints that prints the way torch prints it; shape helpers."""

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


def wrap_dim(dim, ndim):
    """A possibly negative dim as an index into `ndim` dims (a 0-d tensor accepts 0 and -1)."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim % n


def no_dimensions(dim):
    """torch's error for a dim of a 0-d tensor where an op needs a real dimension."""
    return IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def broadcasts_to(shape, target):
    """Whether an array of `shape` broadcasts to `target` without growing it."""
    if len(shape) > len(target):
        return False
    for s, t in zip(reversed(shape), reversed(target)):
        if s != 1 and s != t:
            return False
    return True
