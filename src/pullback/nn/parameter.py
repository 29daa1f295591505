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
        t = data.detach()._set_requires_grad(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t


_DATA = Tensor._data  # the slot itself: an uninitialized tensor hides it behind a property that raises


class UninitializedTensorMixin:
    """A tensor whose shape is not known yet: only its dtype, requires_grad and .data may be read until
    materialize() gives it a shape and turns it into cls_to_become (in place, so holders keep the object)."""

    def _use_error(self, func):
        return ValueError(
            f"Attempted to use an uninitialized parameter in {func}. "
            "This error happens when you are using a `LazyModule` or explicitly manipulating "
            f"`torch.nn.parameter.{type(self).__name__}` objects. When using LazyModules Call `forward` with a "
            "dummy batch to initialize the parameters before calling torch functions")

    @property
    def _data(self):
        import sys
        raise self._use_error(sys._getframe(1).f_code.co_name)

    def requires_grad_(self, requires_grad=True):
        # refused as torch refuses it (so a lazy module's requires_grad_ raises), named as torch names it
        raise self._use_error("<method 'requires_grad_' of 'torch._C.TensorBase' objects>")

    @_data.setter
    def _data(self, value):
        _DATA.__set__(self, value)

    def _placeholder(self):
        """The empty (0,) tensor standing in for the data (torch's allowed methods act on it)."""
        return Tensor._wrap(_DATA.__get__(self))

    def materialize(self, shape, device=None, dtype=None):
        """Give the tensor `shape` (uninitialized memory, the stored or given dtype) and its final class."""
        from .._creation import empty
        if device is not None:
            from .._tensor import _check_device
            _check_device(device)
        _DATA.__set__(self, empty(shape, dtype=dtype or self.dtype)._data)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in "
            "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call "
            "`forward` to initialize the parameters before accessing their attributes.")

    def share_memory_(self):
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. Call `forward` to initialize the "
            "parameters before calling `module.share_memory()`.")

    # torch's allowed methods and descriptors read the placeholder
    @property
    def data(self):
        return self._placeholder()

    @data.setter
    def data(self, value):
        Tensor.data.__set__(self, value)

    @property
    def dtype(self):
        return self._placeholder().dtype

    @property
    def ndim(self):
        return 1

    def size(self, dim=None):
        return self._placeholder().size(dim)

    def is_floating_point(self):
        return self._placeholder().is_floating_point()

    def to(self, *args, **kwargs):
        # a buffer stays uninitialized (torch converts the result to the subclass); a parameter's is a Tensor
        out = self._placeholder().to(*args, **kwargs)
        if isinstance(self, UninitializedBuffer):
            return UninitializedBuffer(self._requires_grad, dtype=out.dtype,
                                       persistent=getattr(self, "persistent", True))
        return out

    def float(self, memory_format=None):
        from .. import float32
        return self.to(float32)

    def double(self, memory_format=None):
        from .. import float64
        return self.to(float64)

    def half(self, memory_format=None):
        from .. import float16
        return self.to(float16)

    def cpu(self, memory_format=None):
        return self

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __reduce_ex__(self, proto):
        return (_rebuild_uninitialized, (type(self), self._requires_grad, self.dtype))

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = _rebuild_uninitialized(type(self), self._requires_grad, self.dtype)
        return memo[id(self)]


def _rebuild_uninitialized(cls, requires_grad, dtype):
    return cls(requires_grad, dtype=dtype)


def is_lazy(param):
    """Whether `param` is an UninitializedParameter or UninitializedBuffer."""
    return isinstance(param, UninitializedTensorMixin)


def _uninitialized(cls, requires_grad, dtype, device):
    from .._creation import empty
    from .._tensor import _check_device
    if device is not None:
        _check_device(device)
    data = empty(0, dtype=dtype)._data
    if requires_grad and data.dtype.kind != "f":
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    t = cls._wrap(data)
    t._requires_grad = bool(requires_grad)
    return t


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is not known yet (a lazy module's, until its first forward)."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return _uninitialized(cls, requires_grad, dtype, device)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        pass


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet; materialize() turns it into a plain Tensor (still a Buffer)."""

    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None, persistent=True):
        t = _uninitialized(cls, requires_grad, dtype, device)
        t.persistent = persistent
        t._is_buffer = True
        return t

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        pass
