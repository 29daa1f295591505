"""Storages: the memory a tensor views, as bytes (torch.UntypedStorage) or as elements of one dtype
(torch.TypedStorage, deprecated by torch), and the Tensor methods that change which memory a tensor
views (set_, resize_) or ask about it (is_set_to, is_shared).

A tensor's memory is the NumPy array that owns it (ops/_views.storage_of); its storage object is one
per memory, as torch's. NumPy cannot grow memory that other arrays view: where torch reallocates a
storage in place (resize_, or set_ past its end), the tensor gets new memory holding the old bytes,
and the tensors that shared the old memory keep it.
"""
import functools
import operator
import warnings
import weakref

import numpy as np

from . import _creation, _dtype, _memory_format
from ._dtype import cpp_type_name, scalar_type_name
from ._tensor import _CPU, Tensor, _check_device
from .autograd.function import Function
from .autograd.grad_mode import _state as _grad_state
from .ops._op import INFERENCE_INPLACE, _check_inplace_allowed, _move_retain_grad
from .ops._views import storage_of
from .ops.pointwise import _NoDerivative
from ._memory_format import checked_span, contiguous_strides, span

_STORAGES = weakref.WeakValueDictionary()  # id of an owning array -> its UntypedStorage
_SHARED = set()                            # ids of the owning arrays share_memory_ marked


def _owner_bytes(root):
    """The memory an owning array spans, as a flat uint8 array over it."""
    return root.reshape(-1, order="A").view(np.uint8) if root.size else np.empty(0, np.uint8)


class UntypedStorage:
    """torch.UntypedStorage: memory as bytes (a tensor's: the memory it views, shared by all viewing it)."""

    __slots__ = ("_bytes", "__weakref__")
    is_sparse = False
    is_cuda = False

    def __init__(self, *args, device=None):
        if device is not None:
            _check_device(device)
        if len(args) > 1:
            raise TypeError(f"UntypedStorage() takes at most 1 positional argument ({len(args)} given)")
        if not args:
            self._bytes = np.empty(0, np.uint8)
        elif isinstance(args[0], int):
            self._bytes = np.zeros(args[0], np.uint8)
        else:  # bytes from a sequence of ints wrap modulo 256, as torch's
            self._bytes = (np.array(args[0], np.int64).reshape(-1) % 256).astype(np.uint8)

    @classmethod
    def _of(cls, array):
        """The storage of the memory `array` views."""
        root = storage_of(array)[0]
        s = _STORAGES.get(id(root))
        if s is None:  # (a live storage holds its root alive: the id names no other array)
            s = cls.__new__(cls)
            s._bytes = _owner_bytes(root)
            _STORAGES[id(root)] = s
        return s

    def _root(self):
        return storage_of(self._bytes)[0]

    @property
    def device(self):
        return _CPU

    def data_ptr(self):
        """The address of the first byte."""
        return self._bytes.__array_interface__["data"][0]

    def nbytes(self):
        """The size in bytes."""
        return self._bytes.size

    size = nbytes

    def __len__(self):
        return self._bytes.size

    def element_size(self):
        return 1

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return _wrap_bytes(self._bytes[idx])
        n = self._bytes.size
        if not -n <= idx < n:
            raise IndexError(f"index {idx} out of range for storage of size {n}")
        return int(self._bytes[idx])

    def __setitem__(self, idx, value):
        self._bytes[idx] = value

    def __iter__(self):
        return iter(self.tolist())

    def tolist(self):
        """The bytes as a list of ints."""
        return self._bytes.tolist()

    def __repr__(self):
        return _storage_text(self.tolist(), f"[torch.storage.UntypedStorage(device={self.device}) of size {len(self)}]")

    def fill_(self, value):
        self._bytes[...] = value
        return self

    def copy_(self, source, non_blocking=None):
        """Copy another storage's bytes (of the same size) into this one."""
        if source.nbytes() != self.nbytes():
            raise RuntimeError(f"size does not match, self was {self.nbytes()} bytes but src was "
                               f"{source.nbytes()} bytes")
        self._bytes[...] = source.untyped()._bytes
        return self

    def clone(self):
        return _wrap_bytes(self._bytes.copy())

    def cpu(self):
        return self

    def untyped(self):
        return self

    def type(self, dtype=None, non_blocking=False):
        return "torch.storage.UntypedStorage"

    def get_device(self):
        """The device's index: None for the CPU."""
        return None

    def is_pinned(self, device="cuda"):
        return False

    def is_shared(self):
        """Whether share_memory_ marked this memory (pullback has no other processes to share it with)."""
        return id(self._root()) in _SHARED

    def share_memory_(self):
        """Mark the memory as shared; it stays where it is."""
        root = self._root()
        if id(root) not in _SHARED:
            _SHARED.add(id(root))
            weakref.finalize(root, _SHARED.discard, id(root))
        return self


def _wrap_bytes(array):
    s = UntypedStorage.__new__(UntypedStorage)
    s._bytes = array
    return s


def _storage_text(values, info):
    return " " + "\n ".join(str(v) for v in values) + "\n" + info


def _warn_typed(stacklevel=3):
    if not _warned_typed:  # once per process, as torch
        _warned_typed.append(True)
        warnings.warn("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the "
                      "only storage class. This should only matter to you if you are using storages directly.  To "
                      "access UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()",
                      UserWarning, stacklevel=stacklevel)


_warned_typed = []


class TypedStorage:
    """torch.TypedStorage (deprecated by torch, which warns once): a storage read as elements of one dtype."""

    is_sparse = False

    def __init__(self, *args, dtype=None, device=None, wrap_storage=None, _internal=False):
        if not _internal:
            _warn_typed()
        if device is not None:
            _check_device(device)
        self.dtype = dtype or _dtype.get_default_dtype()
        if wrap_storage is not None:
            self._untyped_storage = wrap_storage
            return
        if len(args) > 1:
            raise TypeError(f"TypedStorage() takes at most 1 positional argument ({len(args)} given)")
        if not args:
            values = np.empty(0, self.dtype.np)
        elif isinstance(args[0], int):
            values = np.zeros(args[0], self.dtype.np)
        else:  # (torch.tensor's reading of the numbers: its range checks)
            values = _creation._data_of(list(args[0]), self.dtype).reshape(-1)
        self._untyped_storage = _wrap_bytes(values.view(np.uint8))

    def _values(self):
        b = self._untyped_storage._bytes
        return b[:b.size - b.size % self.dtype.itemsize].view(self.dtype.np)

    @property
    def device(self):
        return _CPU

    def untyped(self):
        """The same memory as an UntypedStorage."""
        _warn_typed()
        return self._untyped_storage

    def size(self):
        """The number of elements."""
        _warn_typed()
        return self._values().size

    def __len__(self):
        _warn_typed()
        return self._values().size

    def nbytes(self):
        _warn_typed()
        return self._untyped_storage.nbytes()

    def element_size(self):
        _warn_typed()
        return self.dtype.itemsize

    def data_ptr(self):
        _warn_typed()
        return self._untyped_storage.data_ptr()

    def get_device(self):
        _warn_typed()
        return None

    def __getitem__(self, idx):
        _warn_typed()
        if isinstance(idx, slice):
            raise RuntimeError("slices are only supported in UntypedStorage.__getitem__")
        if type(idx) is not int:
            raise RuntimeError(f"can't index a {type(self)} with {type(idx)}")
        values = self._values()
        if not -values.size <= idx < values.size:
            raise IndexError(f"index {idx} out of range for storage of size {values.size}")
        return values[idx].item()

    def __setitem__(self, idx, value):
        _warn_typed()
        if not isinstance(idx, (int, slice)):
            raise RuntimeError(f"can't index a {type(self)} with {type(idx)}")
        self._values()[idx] = value

    def __iter__(self):
        _warn_typed()
        return iter(self._values().tolist())

    def tolist(self):
        """The elements as a list of Python numbers."""
        _warn_typed()
        return self._values().tolist()

    def __repr__(self):
        _warn_typed()
        values = self._values()
        return _storage_text(values.tolist(), f"[torch.storage.TypedStorage(dtype={self.dtype}, device=cpu) of size "
                                              f"{values.size}]")

    def fill_(self, value):
        _warn_typed()
        self._values()[...] = value
        return self

    def copy_(self, source, non_blocking=None):
        _warn_typed()
        self._untyped_storage.copy_(source.untyped() if isinstance(source, TypedStorage) else source)
        return self

    def clone(self):
        _warn_typed()
        return TypedStorage(wrap_storage=self._untyped_storage.clone(), dtype=self.dtype, _internal=True)

    def cpu(self):
        _warn_typed()
        return self

    def type(self, dtype=None, non_blocking=False):
        """The legacy storage type's name ('torch.FloatStorage')."""
        _warn_typed()
        return "torch." + _LEGACY[self.dtype].__name__

    def is_pinned(self, device="cuda"):
        _warn_typed()
        return False

    def is_shared(self):
        _warn_typed()
        return self._untyped_storage.is_shared()

    def share_memory_(self):
        _warn_typed()
        self._untyped_storage.share_memory_()
        return self


class _LegacyStorageMeta(type):
    """torch.FloatStorage and friends: FloatStorage(n) or FloatStorage(values) makes a TypedStorage of the
    dtype, and isinstance tests a TypedStorage's dtype."""

    def __instancecheck__(cls, instance):
        return type(instance) is TypedStorage and instance.dtype is cls.dtype

    def __call__(cls, *args, **kwargs):
        return TypedStorage(*args, dtype=cls.dtype, **kwargs)


_LEGACY = {d: _LegacyStorageMeta(type_name[:-len("Tensor")] + "Storage", (TypedStorage,),
                                  {"dtype": d, "__doc__": f"The legacy storage type of {d}: makes a TypedStorage."})
           for d, type_name in ((_dtype.float32, "FloatTensor"), (_dtype.float64, "DoubleTensor"),
                                (_dtype.float16, "HalfTensor"), (_dtype.int64, "LongTensor"),
                                (_dtype.int32, "IntTensor"), (_dtype.int16, "ShortTensor"),
                                (_dtype.int8, "CharTensor"), (_dtype.uint8, "ByteTensor"),
                                (_dtype.bool, "BoolTensor"))}
FloatStorage, DoubleStorage, HalfStorage, LongStorage, IntStorage, ShortStorage, CharStorage, ByteStorage, \
    BoolStorage = _LEGACY.values()


def is_storage(obj, /):
    """Whether obj is a storage (UntypedStorage or TypedStorage)."""
    return type(obj) in (UntypedStorage, TypedStorage)


def tensor_on(storage, d, type_text):
    """A 1-d tensor of dtype `d` over all of a storage's memory (the legacy constructor's form)."""
    _check_typed(storage, d, type_text)
    raw = _bytes_of(storage)
    t = Tensor._wrap(np.empty(0, d.np))
    _view_memory(t, raw, 0, (raw.size // d.itemsize,), (1,))
    t._vc[0] = 1  # (torch's set_ onto the storage counts as one change)
    return t


def _check_typed(storage, d, type_text):
    if isinstance(storage, TypedStorage) and storage.dtype is not d:
        raise RuntimeError(f"Expected a Storage of type {type_text} or an UntypedStorage, but got type "
                           f"{scalar_type_name(storage.dtype)} for argument 1 'storage'")


def _bytes_of(storage):
    return (storage._untyped_storage if isinstance(storage, TypedStorage) else storage)._bytes


def _view_memory(t, raw, offset, shape, strides):
    """Make `t` view the bytes `raw` from element `offset` with the shape and element strides, growing
    them into new memory (the old bytes first, then zeros) where the layout reaches past their end."""
    a = t._data
    need = span(shape, strides, offset) * a.itemsize
    if need > raw.size:
        grown = np.zeros(-(-need // a.itemsize), a.dtype).view(np.uint8)
        grown[:raw.size] = raw
        raw = grown
    t._data = np.ndarray(shape, a.dtype, raw, offset * a.itemsize, tuple(s * a.itemsize for s in strides))
    t._base = None  # it views the memory directly now, not through another tensor's view ops
    t._creation_meta = None
    t._vc[0] += 1


# ----------------------------------------------------------------- Tensor methods
def untyped_storage(self):
    """The memory this tensor views, as bytes (shared with every tensor viewing it)."""
    return UntypedStorage._of(self._data)


def storage(self):
    """The memory this tensor views as elements of its dtype (a TypedStorage; deprecated)."""
    _warn_typed()
    return TypedStorage(wrap_storage=untyped_storage(self), dtype=self.dtype, _internal=True)


def storage_type(self):
    """The legacy storage class of this tensor's dtype (torch.FloatStorage...; deprecated)."""
    _warn_typed()
    return _LEGACY[self.dtype]


def is_shared(self):
    """Whether share_memory_ marked this tensor's memory."""
    return untyped_storage(self).is_shared()


def share_memory_(self):
    """Mark this tensor's memory as shared (pullback runs in one process; the memory stays where it is)."""
    untyped_storage(self).share_memory_()
    return self


class SetStorage(_NoDerivative):
    """The node torch records for set_ on a tensor that requires grad: it has no derivative."""
    node_name = "torch::autograd::NotImplemented"

    def forward(ctx, x, *rest):
        return rest[-1]  # the memory the tensor now views

    def backward(ctx, grad):
        raise RuntimeError("derivative for set_ is not implemented")


def set_(self, source=None, storage_offset=None, size=None, stride=None):
    """Make this tensor view other memory: another tensor's (in its layout, or from storage_offset with size
    and stride), a storage's, or new empty memory."""
    a = self._data  # (torch's parser has checked the overload)
    if isinstance(source, Tensor) and source._data.dtype != a.dtype:
        raise RuntimeError(f"Could not set tensor of type {cpp_type_name(source._data)} to a tensor of type "
                           f"{cpp_type_name(a)}")
    if is_storage(source):
        _check_typed(source, self.dtype, cpp_type_name(a))
    if source is None:
        raw, offset, shape, strides = np.empty(0, np.uint8), 0, (0,), (1,)
    elif size is None and isinstance(source, Tensor):
        s = source._data
        raw, offset = _owner_bytes(storage_of(s)[0]), storage_of(s)[1]
        shape, strides = s.shape, tuple(st // s.itemsize for st in s.strides)
    else:
        raw = _owner_bytes(storage_of(source._data)[0]) if isinstance(source, Tensor) else _bytes_of(source)
        offset = storage_offset or 0
        shape = (raw.size // a.itemsize,) if size is None else tuple(size)
        strides = contiguous_strides(shape) if stride is None else tuple(stride)
        if offset < 0:
            raise RuntimeError(f"Tensor: invalid storage offset {offset}")
        if len(shape) != len(strides):
            raise RuntimeError(f"unequal size length ({len(shape)}) and stride length ({len(strides)})")
        if any(n < 0 for n in shape):
            raise RuntimeError("numel: integer multiplication overflow")
        checked_span(shape, strides)  # (a negative stride it steps over: torch's overflow error)
    if self._inference and not _grad_state.inference:
        raise RuntimeError(INFERENCE_INPLACE)
    source_grad = isinstance(source, Tensor) and source.requires_grad
    track = _grad_state.enabled and (self.requires_grad or source_grad)
    if track:
        _check_inplace_allowed(self)
        old = self._history_alias(False)
    _view_memory(self, raw, offset, shape, strides)
    if track:
        node = SetStorage.apply(old, *((source,) if isinstance(source, Tensor) else ()), self._data)._grad_fn
        if self._retains_grad:
            _move_retain_grad(self, node)
        self._grad_fn, self._output_nr, self._requires_grad = node, 0, True
    return self


def is_set_to(self, tensor):
    """Whether both tensors view the same memory from the same offset with the same sizes and strides."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"is_set_to(): argument 'tensor' (position 1) must be Tensor, not {type(tensor).__name__}")
    a, b = self._data, tensor._data
    (ra, oa), (rb, ob) = storage_of(a), storage_of(b)
    return (ra is rb and oa == ob and a.shape == b.shape
            and tuple(s // a.itemsize for s in a.strides) == tuple(s // b.itemsize for s in b.strides))


def resize_(self, *sizes, size=None, memory_format=None):
    """Give this tensor new sizes (contiguous, or in memory_format), keeping its memory and offset; the
    memory grows (old values first) when the sizes need more of it. Refused for tensors requiring grad."""
    return _resize(self, tuple(size if size is not None else sizes[0] if len(sizes) == 1 and
                               isinstance(sizes[0], (tuple, list)) else sizes), memory_format)


def _resize(self, shape, memory_format):
    order = None
    if memory_format is not None:
        fmt = _memory_format.checked("resize_", memory_format, None)
        if fmt is _dtype.preserve_format:
            raise RuntimeError("Unsupported memory formatPreserve")
        if fmt is not _dtype.contiguous_format:
            order = _memory_format._channels_last_order(np.empty((0,) * len(shape)), fmt)
    if any(n < 0 for n in shape):
        raise RuntimeError("numel: integer multiplication overflow")
    if self.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    if self._inference and not _grad_state.inference:
        raise RuntimeError(INFERENCE_INPLACE)
    a = self._data
    if shape == a.shape and memory_format is None:
        return self
    root, offset = storage_of(a)
    version = self._vc[0]
    _view_memory(self, _owner_bytes(root), offset, shape, contiguous_strides(shape, order))
    self._vc[0] = version + (shape != a.shape)  # torch counts a change of sizes only
    return self


def resize_as_(self, the_template, *, memory_format=None):
    """resize_ to the_template's sizes (in memory_format if given; preserve_format: the template's layout)."""
    if not isinstance(the_template, Tensor):
        raise TypeError(f"resize_as_(): argument 'the_template' (position 1) must be Tensor, not "
                        f"{type(the_template).__name__}")
    if memory_format is not None and _memory_format.checked("resize_as_", memory_format, None) is \
            _dtype.preserve_format:
        memory_format = _memory_format.suggested(the_template._data)
    return _resize(self, the_template._data.shape, memory_format)


class Resize(Function):
    """The deprecated out-of-place resize: a reshape keeping the number of elements (ResizeBackward)."""

    @staticmethod
    def forward(ctx, tensor, sizes):
        ctx.sizes = sizes
        ctx.numel = functools.reduce(operator.mul, sizes, 1)
        if tensor.numel() != ctx.numel:
            raise RuntimeError(f"requested resize to {'x'.join(map(str, sizes))} ({ctx.numel} elements in total), "
                               f"but the given tensor has a size of {'x'.join(map(str, tensor.size()))} "
                               f"({tensor.numel()} elements). autograd's resize can only change the shape of a given "
                               "tensor, while preserving the number of elements. ")
        ctx.input_sizes = tensor.size()
        return tensor.contiguous().view(*sizes)  # (torch's is an alias of a contiguous tensor too)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output.contiguous().view(ctx.input_sizes), None


def resize(self, *sizes):
    """Deprecated: a reshape to `sizes` keeping the number of elements."""
    warnings.warn("non-inplace resize is deprecated", stacklevel=2)
    return Resize.apply(self, sizes)


def resize_as(self, tensor):
    """Deprecated: a reshape to tensor's sizes."""
    warnings.warn("non-inplace resize_as is deprecated", stacklevel=2)
    return Resize.apply(self, tensor.size())


METHODS = {f.__name__: f for f in (untyped_storage, storage, storage_type, is_shared, share_memory_, set_, is_set_to,
                                   resize_, resize_as_, resize, resize_as)}
