"""Parameter (a Tensor a Module registers as learnable) and Buffer (one it registers as state)."""
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
        if data._data.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
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



class _BufferMeta(type):
    """isinstance(t, Buffer) is true for the tensors Buffer(...) marks (they stay plain Tensors)."""

    def __instancecheck__(cls, instance):
        return isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False)


class Buffer(Tensor, metaclass=_BufferMeta):
    """Marks a tensor that, assigned as a Module attribute, is registered as a buffer (persistent or not)."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from .._creation import empty
            data = empty(0)
        t = data.detach().requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t
