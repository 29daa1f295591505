"""torch's listings of the overloads of the functions taking a dtype that have several, which its
invalid-combination TypeError prints when a dtype of the wrong type matches none of them:
name -> (the function's listing, the method's or None)."""

_FACTORY = ("torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, "
            "bool requires_grad = False")
_LIKE = "torch.memory_format memory_format = None, " + _FACTORY


def _listing(*signatures):
    return "".join(f" * ({s})\n" for s in signatures)


def _with_generator(signature, rest):
    """A random factory's two overloads: with a generator and without."""
    return _listing(f"{signature}, *, torch.Generator generator, {rest}", f"{signature}, *, {rest}")


def _spaced(extra):
    """linspace's and logspace's overloads: each of start and end a Tensor or a Number."""
    return _listing(*(f"{start} start, {end} end, int steps{extra}, *, Tensor out = None, {_FACTORY}"
                      for start, end in (("Tensor", "Tensor"), ("Number", "Tensor"), ("Tensor", "Number"),
                                         ("Number", "Number"))))


DTYPE_OVERLOADS = {
    "arange": (_listing(f"Number end, *, Tensor out = None, {_FACTORY}", f"Number start, Number end, *, {_FACTORY}",
                        f"Number start, Number end, Number step = 1, *, Tensor out = None, {_FACTORY}"), None),
    "linspace": (_spaced(""), None),
    "logspace": (_spaced(", float base = 10.0"), None),
    "eye": (_listing(f"int n, *, Tensor out = None, {_FACTORY}", f"int n, int m, *, Tensor out = None, {_FACTORY}"),
            None),
    "rand": (_with_generator("tuple of ints size", f"Tensor out = None, {_FACTORY}"), None),
    "randn": (_with_generator("tuple of ints size", f"Tensor out = None, {_FACTORY}"), None),
    "randperm": (_with_generator("int n", f"Tensor out = None, {_FACTORY}"), None),
    "rand_like": (_with_generator("Tensor input", _LIKE), None),
    "randn_like": (_with_generator("Tensor input", _LIKE), None),
    "randint": (_with_generator("int high, tuple of ints size", f"Tensor out = None, {_FACTORY}")
                + _with_generator("int low, int high, tuple of ints size", f"Tensor out = None, {_FACTORY}"), None),
    "randint_like": ("".join(_with_generator(f"Tensor input, {bounds}", _LIKE)
                             for bounds in ("int low, int high", "Tensor high", "int high")), None),
}
