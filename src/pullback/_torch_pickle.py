"""The pickle inside torch's files, written and read without torch.

Writing: a pure-Python pickler (pickle._Pickler, whose save_global can be overridden) that reduces
tensors, Parameters, torch.Size, devices and layouts as torch's __reduce_ex__ methods do and names
pullback's stand-ins by torch's globals (`torch._utils _rebuild_tensor_v2`, `torch FloatStorage`,
`torch float32`...); storages become persistent ids `('storage', <storage type>, key, 'cpu', numel)`.
Any other object pickles as it always does (a pullback Module by reference to pullback's classes).

Reading: torch's globals resolve to pullback's stand-ins (names().from_torch); with weights_only=False
any other torch.X.Y resolves to pullback.X.Y where pullback has it (find_class). weights_only=True is
_weights_only's interpreter, which allows only torch's list of globals (names().allowed).
"""
import functools
import importlib
import pickle
import sys
import threading
from collections import Counter, OrderedDict

import numpy as np

from . import _dtype, _storage
from ._memory_format import checked_span, contiguous_strides
from ._size import Size
from ._storage import TypedStorage, UntypedStorage
from ._tensor import Tensor, device
from .ops._views import storage_of

LOCATION = "cpu"  # every storage's location tag (one object: torch's repeat uses the pickle memo)


# ----------------------------------------------------------------- torch._utils' rebuild functions
def _tensor_on(storage, storage_offset, size, stride, d=None):
    if isinstance(storage, TypedStorage):
        d, storage = d or storage.dtype, storage._untyped_storage
    elif d is None:
        d = _dtype.uint8
    t = Tensor._wrap(np.empty(0, d.np))
    return set_within(t, storage, storage_offset, size, stride)


def set_within(t, storage, storage_offset, size, stride):
    """t.set_(storage, ...) for a storage read from a file, which cannot grow (torch's are not resizable):
    a layout past its end is refused rather than given fresh memory of whatever size the file asks."""
    size, stride = tuple(size), tuple(stride)
    memory = storage._untyped_storage if isinstance(storage, TypedStorage) else storage
    if isinstance(memory, UntypedStorage) and 0 not in size and len(size) == len(stride) and \
            (storage_offset + checked_span(size, stride)) * t._data.itemsize > memory.nbytes():
        raise RuntimeError("Trying to resize storage that is not resizable")
    return t.set_(storage, storage_offset, size, stride)


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _tensor_on(storage, storage_offset, size, stride)


def _set_metadata(t, metadata):
    if any(metadata.values()):  # the conj/neg bits of complex tensors
        raise RuntimeError(f"pullback.load: the file sets tensor metadata {metadata}, which pullback's real tensors "
                           "do not have")


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, metadata=None):
    t = _tensor_on(storage, storage_offset, size, stride)
    t.requires_grad = requires_grad
    if metadata:
        _set_metadata(t, metadata)
    return t


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks, dtype, metadata=None):
    t = _tensor_on(storage, storage_offset, size, stride, dtype)
    t.requires_grad = requires_grad
    if metadata:
        _set_metadata(t, metadata)
    return t


def _rebuild_parameter(data, requires_grad, backward_hooks):
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    return _set_obj_state(_rebuild_parameter(data, requires_grad, backward_hooks), state)


def _set_obj_state(obj, state):
    if isinstance(state, tuple):
        if len(state) != 2:
            raise RuntimeError(f"Invalid serialized state: {state}")
        dict_state, slots_state = state
    else:
        dict_state, slots_state = state, None
    for k, v in (dict_state or {}).items():
        setattr(obj, k, v)
    for k, v in (slots_state or {}).items():
        setattr(obj, k, v)
    return obj


def _rebuild_from_type_v2(func, new_type, args, state):
    ret = func(*args)
    if type(ret) is not new_type:
        ret = ret.as_subclass(new_type)
    setstate = getattr(ret.__class__, "__setstate__", None)
    if setstate is not None and setstate is not getattr(Tensor, "__setstate__", None):
        ret.__setstate__(state)
    else:
        ret = _set_obj_state(ret, state)
    return ret


def _rebuild_device_tensor_from_cpu_tensor(data, dtype, device, requires_grad):
    tensor = data.to(dtype=dtype, device=_restore_device(device))
    tensor.requires_grad = requires_grad
    return tensor


def _rebuild_device_tensor_from_numpy(data, dtype, device, requires_grad):
    from ._creation import from_numpy
    tensor = from_numpy(data).to(dtype=dtype, device=_restore_device(device))
    tensor.requires_grad = requires_grad
    return tensor


class _LoadState(threading.local):
    map_location = None  # the map_location of this thread's load in progress (rebuilds naming a device read it)


load_state = _LoadState()


def _restore_device(where):
    ml = load_state.map_location
    if isinstance(ml, dict):
        return ml.get(where, where)
    if isinstance(ml, (str, device)):
        return ml
    if ml is not None:
        raise RuntimeError("Callable map_location not supported with _rebuild_wrapper_subclass or "
                           "_rebuild_device_tensor_from_numpy")
    return where


def _unsupported(kind):
    def rebuild(*args, **kwargs):
        raise RuntimeError(f"pullback.load: the file holds a {kind}; pullback has dense CPU tensors only")
    rebuild.__name__ = rebuild.__qualname__ = "_rebuild_" + kind.replace(" ", "_")
    return rebuild


def _get_layout(name):
    if name == "torch.strided":
        return _dtype.strided
    raise RuntimeError(f"pullback.load: the file holds the layout {name}; pullback's tensors are all torch.strided")


def tensor_setstate(inst, state):
    """torch's Tensor.__setstate__ (legacy files BUILD a tensor or Parameter with it)."""
    if not inst.is_leaf:
        raise RuntimeError("__setstate__ can be only called on leaf Tensors")
    if len(state) == 4:
        set_within(inst, *state)
        return
    if len(state) == 5:
        inst.data = state[0]
        state = (state[3], state[4], state[2])
    inst.requires_grad = state[0]


# ----------------------------------------------------------------- torch's names for pullback's objects
class _Missing:
    """A torch global pullback has no counterpart for: naming it in a file is an error."""

    def __init__(self, name, why):
        self.name, self.why = name, why

    def error(self):
        return RuntimeError(f"pullback.load: the file refers to {self.name}, {self.why}")


_NO_DTYPE = "a dtype pullback does not have (pullback's: bool, uint8, int8-int64, float16-float64)"
_MISSING_DTYPES = ("bfloat16", "complex32", "complex64", "complex128", "qint8", "quint8", "qint32", "quint4x2",
                   "quint2x4", "uint16", "uint32", "uint64", "float8_e5m2", "float8_e4m3fn", "float8_e5m2fnuz",
                   "float8_e4m3fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2", "bits1x8", "bits2x4", "bits4x2",
                   "bits8", "bits16", *(f"uint{i}" for i in range(1, 8)), *(f"int{i}" for i in range(1, 8)))
_LEGACY_NAMES = {"Float": _dtype.float32, "Double": _dtype.float64, "Half": _dtype.float16, "Long": _dtype.int64,
                 "Int": _dtype.int32, "Short": _dtype.int16, "Char": _dtype.int8, "Byte": _dtype.uint8,
                 "Bool": _dtype.bool}
_MISSING_LEGACY = ("BFloat16", "ComplexFloat", "ComplexDouble", "QInt8", "QUInt8", "QInt32", "QUInt4x2", "QUInt2x4")
_QSCHEMES = ("per_tensor_affine", "per_tensor_symmetric", "per_channel_affine", "per_channel_symmetric",
             "per_channel_affine_float_qparams")


class _Names:
    def __init__(self):
        from . import _legacy
        from .nn.parameter import Parameter
        self.Parameter = Parameter
        table = {  # torch's global name -> pullback's object, both ways
            "torch.Size": Size, "torch.Tensor": Tensor, "torch.device": device,
            "torch.nn.parameter.Parameter": Parameter,
            "torch.storage.UntypedStorage": UntypedStorage, "torch.storage.TypedStorage": TypedStorage,
            "torch.serialization._get_layout": _get_layout,
            "torch._tensor._rebuild_from_type_v2": _rebuild_from_type_v2,
        }
        for f in (_rebuild_tensor, _rebuild_tensor_v2, _rebuild_tensor_v3, _rebuild_parameter,
                  _rebuild_parameter_with_state, _rebuild_device_tensor_from_cpu_tensor,
                  _rebuild_device_tensor_from_numpy):
            table["torch._utils." + f.__name__] = f
        for d in _storage._LEGACY:
            table["torch." + d.name] = d
        for f in (_dtype.contiguous_format, _dtype.preserve_format, _dtype.channels_last, _dtype.channels_last_3d):
            table["torch." + f.name] = f
        for prefix, d in _LEGACY_NAMES.items():
            table[f"torch.{prefix}Storage"] = _storage._LEGACY[d]
            table[f"torch.{prefix}Tensor"] = getattr(_legacy, prefix + "Tensor")
        # Protocol 4 writes a module name once, then from the memo when the next global's module is the same
        # string object: in torch, the dtypes share one 'torch' string and torch's classes another.
        dtype_module = "".join(("tor", "ch"))
        self.to_torch = {id(obj): (dtype_module if isinstance(obj, _dtype.dtype) else sys.intern(name.rpartition(
            ".")[0]), name.rpartition(".")[2]) for name, obj in table.items()}
        # load only: the rest of what torch's weights-only unpickler allows
        for prefix in _LEGACY_NAMES:
            table[f"torch.cuda.{prefix}Storage"] = table[f"torch.{prefix}Storage"]
        for name in _MISSING_DTYPES:
            table["torch." + name] = _Missing("torch." + name, _NO_DTYPE)
        for name in _QSCHEMES:
            table["torch." + name] = _Missing("torch." + name, "a quantization scheme (pullback has no quantized "
                                                               "tensors)")
        for prefix in _MISSING_LEGACY:
            for where in ("torch.", "torch.cuda.") if not prefix.startswith("Q") else ("torch.",):
                table[f"{where}{prefix}Storage"] = _Missing(f"{where}{prefix}Storage", _NO_DTYPE)
        for prefix in list(_LEGACY_NAMES) + ["BFloat16"]:
            for where, why in (("torch.cuda.", "a CUDA tensor type"), ("torch.sparse.", "a sparse tensor type"),
                               ("torch.cuda.sparse.", "a sparse CUDA tensor type")):
                if prefix != "Bool" or where == "torch.cuda.":
                    table[f"{where}{prefix}Tensor"] = _Missing(f"{where}{prefix}Tensor", why + " (pullback has "
                                                                                              "dense CPU tensors)")
        table["torch.BFloat16Tensor"] = _Missing("torch.BFloat16Tensor", _NO_DTYPE)
        for name, kind in (("qtensor", "quantized tensor"), ("sparse_tensor", "sparse tensor"),
                           ("nested_tensor", "nested tensor"), ("meta_tensor_no_storage", "meta tensor"),
                           ("wrapper_subclass", "wrapper tensor subclass")):
            table["torch._utils._rebuild_" + name] = _unsupported(kind)
        self.from_torch = table
        self.storage_types = {name.rpartition(".")[2]: obj for name, obj in table.items()
                              if name.endswith("Storage") and name.count(".") == 1}
        # what weights_only=True accepts: torch's list of allowed globals (and nothing of pullback's)
        self.allowed = {"collections.OrderedDict": OrderedDict, "collections.Counter": Counter,
                        "_codecs.encode": _codecs_encode(), "builtins.bytearray": bytearray,
                        "builtins.set": set, "builtins.complex": complex,
                        **{k: v for k, v in table.items() if not isinstance(v, _dtype.memory_format)}}
        self.allowed_ids = {id(v) for v in self.allowed.values()}


def _codecs_encode():
    from _codecs import encode
    return encode


@functools.lru_cache(maxsize=1)
def names():
    return _Names()


def resolve(obj):
    if isinstance(obj, _Missing):
        raise obj.error()
    return obj


# ----------------------------------------------------------------- pickling
def _user_state(t):
    """A tensor's Python attributes as torch's _get_obj_state sees them: pullback's own bookkeeping (the
    attributes the Tensor class gives defaults for) left out."""
    attrs = getattr(t, "__dict__", None)
    if not attrs:
        return {}
    return {k: v for k, v in attrs.items() if not hasattr(Tensor, k)}


class Storages:
    """The storages a pickle refers to, by memory: their keys ('0', '1'... in the order met; the legacy format
    uses addresses) and the bytes the file will hold for each."""

    def __init__(self, legacy=False):
        self.legacy = legacy
        self._keys = {}
        self.records = {}   # key -> (uint8 array, dtype)
        self._dtypes = {}   # memory -> the dtype it was first saved as
        self._module = None

    def _check(self, memory, d, nbytes):
        if nbytes:
            first = self._dtypes.setdefault(memory, d)
            if first is not d:
                raise RuntimeError("Cannot save multiple tensors or storages that view the same data as different "
                                   "types")

    def _pid(self, memory, raw, storage_type, d, numel):
        self._check(memory, d, raw.size)
        if self.legacy:
            # (torch's key is the storage's address, a new string each time)
            key = str(memory[0]) if not memory[1] else f"{memory[0]}+{memory[1]}"
            self.records.setdefault(key, (raw, d))
            return ("storage", storage_type, key, LOCATION, numel, None)
        key = self._keys.setdefault(memory, str(len(self._keys)))
        self.records[key] = (raw, d)
        return ("storage", storage_type, key, LOCATION, numel)

    def persistent_id(self, obj):
        kind = type(obj)
        if kind is _TensorStorage:
            return self._pid(obj.memory, obj.raw, _storage._LEGACY[obj.dtype], obj.dtype,
                             obj.raw.size // obj.dtype.itemsize)
        if kind is UntypedStorage:
            memory, raw = _bytes_memory(obj._bytes)
            return self._pid(memory, raw, UntypedStorage, _dtype.uint8, raw.size)
        if kind is TypedStorage:
            memory, raw = _bytes_memory(obj._untyped_storage._bytes)
            return self._pid(memory, raw, _storage._LEGACY[obj.dtype], obj.dtype, raw.size // obj.dtype.itemsize)
        if self.legacy and isinstance(obj, type):
            return self._module_pid(obj)
        return None

    def _module_pid(self, cls):
        """The legacy format names every Module class with its source (torch checks it on load)."""
        if self._module is None:
            from .nn import Module
            self._module, self._sources = Module, set()
        if not issubclass(cls, self._module) or cls in self._sources:
            return None
        self._sources.add(cls)
        import inspect
        try:
            source_file, source = inspect.getsourcefile(cls), "".join(inspect.getsourcelines(cls)[0])
        except (OSError, TypeError):
            source_file = source = None
        return ("module", cls, source_file, source)


class _TensorStorage:
    """What a tensor's reduction names as its storage: the memory it views, read as its dtype."""

    __slots__ = ("memory", "raw", "dtype")

    def __init__(self, memory, raw, d):
        self.memory, self.raw, self.dtype = memory, raw, d


def _flat(root):
    """The bytes an owning array spans, as a flat uint8 view (None where its memory has gaps)."""
    if not (root.flags.c_contiguous or root.flags.f_contiguous):
        return None
    return root.reshape(-1, order="A").view(np.uint8) if root.size else np.empty(0, np.uint8)


def _bytes_memory(b):
    """(memory key, bytes) of a storage's uint8 array: where it lies in the memory that owns it."""
    root, start = storage_of(b)
    if _flat(root) is None or not b.flags.c_contiguous:
        b = b.copy()
        root, start = b, 0
    return (id(root), start, b.size), b


def tensor_layout(a):
    """(storage, storage_offset, strides) torch's reduction of the array `a` records: the memory owning it
    read as its dtype, or, where no whole-element strides into one flat memory describe it (negative strides,
    a misaligned view of another dtype), a copy of its own."""
    d = _dtype.from_numpy_dtype(a.dtype)
    n = a.itemsize
    root, _ = storage_of(a)
    raw = _flat(root)
    start = a.__array_interface__["data"][0] - root.__array_interface__["data"][0] if raw is not None else 0
    if raw is None or start % n or raw.size % n or any(s < 0 or s % n for s in a.strides):
        a = np.ascontiguousarray(a)
        root, start = a, 0
        raw = _flat(a)
    memory = (id(root), 0, raw.size)  # (raw keeps root alive while the pickle is written)
    # an empty tensor's strides are any; torch's factories give the dense ones
    strides = contiguous_strides(a.shape) if a.size == 0 else tuple(s // n for s in a.strides)
    return _TensorStorage(memory, raw, d), start // n, strides


def _reduce_tensor_args(t):
    ref, offset, strides = tensor_layout(t._data)
    return (ref, offset, tuple(t._data.shape), strides, t.requires_grad, OrderedDict())


def _reduce_tensor(t):
    args = _reduce_tensor_args(t)
    state = _user_state(t)
    if type(t) is Tensor and not state:
        return (_rebuild_tensor_v2, args)
    return (_rebuild_from_type_v2, (_rebuild_tensor_v2, type(t), args, state))


def _reduce_parameter(p):
    data = Tensor._wrap(p._data)
    state = _user_state(p)
    if not state:
        return (_rebuild_parameter, (data, p.requires_grad, OrderedDict()))
    return (_rebuild_parameter_with_state, (data, p.requires_grad, OrderedDict(), state))


class Pickler(pickle._Pickler):
    """pickle's pure-Python pickler writing torch's reductions and torch's global names."""

    def __init__(self, file, protocol, storages):
        super().__init__(file, protocol)
        self._storages = storages
        self._to_torch = names().to_torch
        self._parameter = names().Parameter

    def persistent_id(self, obj):
        return self._storages.persistent_id(obj)

    def reducer_override(self, obj):
        kind = type(obj)
        if id(obj) in self._to_torch:
            return "torch"  # a global: save_global names it (pickle's dispatch of functions skips the override)
        if kind is Tensor:
            return _reduce_tensor(obj)
        if kind is Size:
            return (Size, (tuple(obj),))
        if kind is device:  # (torch's type is a new string: not a memo hit on the 'cpu' of location tags)
            kind_name = obj.type.encode().decode()
            return (device, (kind_name,) if obj.index is None else (kind_name, obj.index))
        if kind is _dtype.layout:
            return (_get_layout, ("torch." + obj.name,))
        if isinstance(obj, Tensor):
            reduce = kind.__reduce_ex__
            if isinstance(obj, self._parameter) and reduce is self._parameter.__reduce_ex__:
                return _reduce_parameter(obj)
            if reduce is Tensor.__reduce_ex__:
                return _reduce_tensor(obj)
        return NotImplemented

    def save_global(self, obj, name=None):
        torch_name = self._to_torch.get(id(obj))
        if torch_name is None:
            return super().save_global(obj, name)
        module, qualname = torch_name
        if self.proto >= 4:
            self.save(module)
            self.save(qualname)
            self.write(pickle.STACK_GLOBAL)
        else:
            self.write(pickle.GLOBAL + module.encode() + b"\n" + qualname.encode() + b"\n")
        self.memoize(obj)


# ----------------------------------------------------------------- unpickling
_MODULE_MAPPING = {"torch.tensor": "torch._tensor"}


def find_class(module, name, fallback):
    """A global of a file read with weights_only=False: torch's names resolve to pullback's objects, anything
    else as pickle resolves it."""
    table = names()
    if type(name) is str and "Storage" in name and name in table.storage_types:
        return resolve(table.storage_types[name])
    module = _MODULE_MAPPING.get(module, module)
    full = f"{module}.{name}"
    if full in table.from_torch:
        return resolve(table.from_torch[full])
    if module == "torch" or module.startswith("torch."):
        return _pullback_attribute(module, name)
    return fallback(module, name)


def _pullback_attribute(module, name):
    candidates = ["pullback" + module[len("torch"):]]
    for prefix, home in (("torch.nn.modules", "pullback.nn"), ("torch.optim", "pullback.optim"),
                         ("torch.utils.data", "pullback.utils.data")):
        if module.startswith(prefix):
            candidates.append(home)
    for where in candidates:
        try:
            obj = importlib.import_module(where)
            for part in name.split("."):
                obj = getattr(obj, part)
            return obj
        except (ImportError, AttributeError):
            pass
    raise AttributeError(f"pullback.load: the file refers to {module}.{name}, which pullback does not have")
