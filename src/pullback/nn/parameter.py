"""Parameter: a Tensor that a Module registers as learnable."""
from .._tensor import Tensor


def _alias(cls, data, requires_grad):
    """A `cls` instance sharing storage and version counter with `data`, outside any graph."""
    if data is None:
        from .._creation import empty
        data = empty(0)
    if not isinstance(data, Tensor):
        raise TypeError(f"{cls.__name__}(): argument 'data' must be Tensor, not {type(data).__name__}")
    t = cls._wrap(data._data)
    t._vc = data._vc
    if requires_grad:
        t.requires_grad = True
    return t


class Parameter(Tensor):
    """A Tensor that, assigned as a Module attribute, joins the module's parameters()."""

    def __new__(cls, data=None, requires_grad=True):
        return _alias(cls, data, requires_grad)

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, proto):
        return (Parameter, (self.detach(), self._requires_grad))

