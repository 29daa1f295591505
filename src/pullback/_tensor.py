"""Tensor: a NumPy array plus the autograd metadata torch keeps beside it.

Storage is `_data` (an ndarray). A tensor produced by a recorded op has `_grad_fn` (its node)
and `_output_nr`; a leaf has neither. Views (`_base` set) share storage and the version
counter `_vc` with their base, and remember the view ops that made them (`_view_ops`) so an
in-place change through either side can rewrite the graph as torch does. Operators and
methods are bound at the end of this module to the op-table functions in `ops/`.
"""
import numbers

import numpy as np

from . import _dtype, _memory_format, _transform_levels
from ._size import NO_SIZE, Size, tp_name as _tp_name, wrap_dim
from .autograd import grad_mode
from .autograd.grad_mode import _state as _grad_state

_TYPE_NAMES = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
               "int64": "LongTensor", "int32": "IntTensor", "int16": "ShortTensor", "int8": "CharTensor",
               "uint8": "ByteTensor", "bool": "BoolTensor"}


def tensor_type_name(np_dtype):
    return "torch." + _TYPE_NAMES[np.dtype(np_dtype).name]


_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
                 "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")


_DEVICE_NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"


class device:
    """A device name, as torch's: any known type can be named, but tensors live on the CPU only."""

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, (int, np.integer)) and not isinstance(type, bool):
            raise RuntimeError("Device index must not be negative" if type < 0 else
                               "Cannot access accelerator device when none is available.")
        elif not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got ({_tp_name(type)})")
        else:
            kind, sep, num = type.partition(":")
            if not type:
                raise RuntimeError("Device string must not be empty")
            if not kind or kind.strip(_DEVICE_NAME_CHARS):  # torch's pattern: ASCII letters and _, then ':N'
                raise RuntimeError(f"Invalid device string: '{type}'")
            if kind not in _DEVICE_TYPES:
                raise RuntimeError("Expected one of " + ", ".join(_DEVICE_TYPES)
                                   + f" device type at start of device string: {type}")
            if sep:
                if not num.isdigit() or (len(num) > 1 and num[0] == "0"):
                    raise RuntimeError(f"Invalid device string: '{type}'")
                if index is not None:
                    raise RuntimeError("type (string) must not include an index because index was passed "
                                       f"explicitly: {type}")
                index = int(num)
            type = kind
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = type
        self.index = index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))


_CPU = device()


# pin_memory(device)'s refusals, by device type, where the type is an accelerator torch was built without
_NO_ACCELERATOR = {
    "cuda": "Cannot initialize CUDA without ATen_cuda library. PyTorch splits its backend into two shared libraries: a "
            "CPU library and a CUDA library; this error has occurred because you are trying to use some CUDA "
            "functionality, but the CUDA library has not been loaded by the dynamic linker for some reason.  The CUDA "
            "library MUST be loaded, EVEN IF you don't directly use any symbols from the CUDA library! One common "
            "culprit is a lack of -Wl,--no-as-needed in your link arguments; many dynamic linkers will delete dynamic "
            "library dependencies if you don't depend on any of their symbols.  You can check if this has occurred by "
            "using ldd on your binary to see if there is a dependency on *_cuda.so library.",
    "xpu": "Cannot initialize XPU without ATen_xpu library.", "hip": "Cannot initialize HIP without ATen_hip library.",
    "mps": "Cannot execute init() without MPS backend.", "hpu": "Cannot initialize HPU without HPU backend",
    "mtia": "Cannot execute getPinnedMemoryAllocator() without MTIA backend.",
    "xla": "Cannot initialize XLA without torch_xla library. This error has occurred because you are trying to use "
           "some XLA functionality, but the XLA library has not been loaded by the dynamic linker. You must load xla "
           "libraries by `import torch_xla`",
    "privateuseone": "Please register PrivateUse1HooksInterface by `RegisterPrivateUse1HooksInterface` first."}


def _check_device(d):
    """Refuse a device a tensor cannot be placed on, with torch's error for a CPU-only build."""
    kind = d.type if isinstance(d, device) else device(d).type
    if kind == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if kind != "cpu":
        raise RuntimeError(f"PyTorch is not linked with support for {kind} devices")


class Tensor:
    """An n-dimensional array that can record the operations applied to it."""

    __slots__ = ("_data", "_requires_grad", "_grad_fn", "_output_nr", "_vc", "_base",
                 "_view_ops", "_view_version", "__weakref__", "__dict__")
    __array_priority__ = 1000  # np.float32(2) * t: NumPy defers to Tensor's reflected operator, as for torch
    # rarely set, so class-level defaults rather than slots every new tensor would have to fill
    _grad = None
    _accumulator = None      # weakref to the leaf's AccumulateGrad node
    _retains_grad = False
    _creation_meta = None    # a view's torch CreationMeta (ops._op.NO_GRAD_MODE...): None for the default
    _inference = False       # made in inference_mode (or a view of one)
    _hooks = None            # Tensor.register_hook on a leaf
    _post_acc_hooks = None
    _grad_dtype = False      # the leaf's grad_dtype: False while unset (its own dtype), None for any dtype
    _view_fn = None          # a view made with view replay on: the steps rebuilding its history (ops._op.set_view_fn)

    # ----------------------------------------------------------------- construction
    def __new__(cls, *args, **kwargs):
        # the legacy constructor: Tensor(*sizes) / Tensor(data) / Tensor(tensor) / Tensor(storage)
        t = _legacy.legacy_new(_dtype.get_default_dtype(), args, kwargs, "base")
        if cls is not Tensor:
            t.__class__ = cls
        return t

    def __init__(self, *args, **kwargs):
        pass  # (made by __new__)

    @classmethod
    def _wrap(cls, data):
        """A new leaf tensor around an ndarray (no copy): the one fast constructor ops use."""
        t = object.__new__(cls)
        t._data = data
        t._requires_grad = False
        t._grad_fn = None
        t._output_nr = 0
        t._vc = [0]
        t._base = None
        if _inference_open and _grad_state.inference:
            t._inference = True
        return t

    # ----------------------------------------------------------------- metadata
    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        if type(dim) is not int:  # torch's parser: NumPy and 0-d tensor integers, not bools or floats
            from ._creation import _int_arg
            dim = _int_arg(dim, "size", "dim", 1)
        return self._data.shape[_unscalar_dim(dim, self._data.ndim)]

    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        return _CPU

    @property
    def is_cuda(self):
        return False

    @property
    def is_cpu(self):
        return True

    # the kinds of tensor a dense CPU tensor is not: torch answers False for each
    is_sparse = is_sparse_csr = is_quantized = is_meta = is_mkldnn = is_nested = is_mps = is_xla = is_xpu = \
        is_vulkan = is_ipu = is_maia = is_mtia = property(lambda self: False)

    @property
    def layout(self):
        return _dtype.strided

    def get_device(self):
        """The device index: -1 for the CPU."""
        return -1

    @property
    def name(self):
        """None (torch's name of a tensor a TorchScript graph gave it)."""
        return None

    @name.setter
    def name(self, value):
        raise AttributeError("attribute 'name' of 'torch._C.TensorBase' objects is not writable")

    def is_pinned(self, device=None):
        """False: there is no accelerator to pin memory for."""
        if device is not None:
            _device_kind(device)  # (an index names an accelerator: torch's error, before its warning)
            _warn_device_argument("is_pinned")
        return False

    def pin_memory(self, device=None):
        """Refused as torch refuses it without an accelerator."""
        if device is None:
            raise RuntimeError("Cannot access accelerator device when none is available.")
        kind = _device_kind(device)
        _warn_device_argument("pin_memory")
        _warn_device_argument("is_pinned")
        raise RuntimeError(_NO_ACCELERATOR.get(kind, f"{kind.upper()} device type not an accelerator."))

    def to_dense(self, dtype=None, *, masked_grad=None):
        """A dense tensor is its own dense form (cast to `dtype` if given)."""
        return self if dtype is None else self.to(dtype)

    def dim_order(self, *, ambiguity_check=False):
        """The dims from the outermost in memory to the innermost (torch's dim order of a dense tensor)."""
        if not isinstance(ambiguity_check, bool) and not (isinstance(ambiguity_check, list) and all(
                isinstance(f, _dtype.memory_format) for f in ambiguity_check)):
            raise TypeError("The ambiguity_check argument must be a bool or a list of memory formats.")
        strides = self.stride()
        formats = ambiguity_check if isinstance(ambiguity_check, list) else []
        ambiguous = 1 in self._data.shape or any(a == b for a, b in zip(strides, strides[1:]))
        if (ambiguity_check is not False) and ambiguous and sum(self.is_contiguous(memory_format=f)
                                                                 for f in formats) != 1:
            raise RuntimeError("The tensor does not have unique dim order, or cannot map to exact one of the given "
                               "memory formats.")
        order, ties = _dim_order(self, ambiguity_check is not False and ambiguity_check != [])
        if ties:
            raise RuntimeError("The tensor does not have unique dim order.")
        return order

    @property
    def ndim(self):
        return self._data.ndim

    def dim(self):
        return self._data.ndim

    ndimension = dim

    def numel(self):
        return self._data.size

    nelement = numel

    def element_size(self):
        return self._data.itemsize

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def is_complex(self):
        return False

    def type(self, dtype=None, non_blocking=False, memory_format=None):
        """This tensor's type name, or the tensor cast to the dtype of a type name, legacy tensor class
        (torch.DoubleTensor) or dtype; a class is read by its name, as torch reads it ('float' is none)."""
        if dtype is None:
            return tensor_type_name(self._data.dtype)
        if isinstance(dtype, type):
            dtype = "torch.Tensor" if issubclass(dtype, Tensor) else \
                f"torch.{dtype.__name__}" if hasattr(dtype, "_dtype") else dtype.__name__
        elif not isinstance(dtype, (str, _dtype.dtype)):
            raise TypeError("dtype must be a type, str, or dtype object")
        if isinstance(dtype, str):
            dtype = _dtype_from_type_name(dtype)
        return self.to(dtype, memory_format=memory_format)

    def stride(self, dim=None):
        data = self._data
        if data.size or any(data.strides):
            strides = tuple(s // data.itemsize for s in data.strides)
        else:
            strides = _empty_strides(self)
        return strides if dim is None else strides[_unscalar_dim(dim, data.ndim)]

    def is_contiguous(self, memory_format=_dtype.contiguous_format):
        """Whether the elements are laid out in `memory_format` (by default C order)."""
        if memory_format is _dtype.contiguous_format:
            return self._data.flags.c_contiguous
        return _memory_format.has(self._data, _memory_format.checked("is_contiguous", memory_format, None))

    def data_ptr(self):
        return self._data.__array_interface__["data"][0]

    const_data_ptr = data_ptr

    def storage_offset(self):
        """The position of this tensor's first element in the memory it shares with its base."""
        from .ops._views import storage_of
        return storage_of(self._data)[1]

    def cpu(self, memory_format=None):
        """This tensor (every pullback tensor is on the CPU), laid out in `memory_format` if one is given."""
        return self if memory_format is None else self.to(memory_format=memory_format)

    def cuda(self, device=None, non_blocking=False, memory_format=None):
        """As .to('cuda'): pullback has no CUDA device, so this raises what .to('cuda') does (after torch's
        refusal of a device of another type)."""
        if device is not None and _device_kind(device) != "cuda":
            raise RuntimeError("Invalid device, must be cuda device")
        return self.to("cuda")

    def type_as(self, other):
        """This tensor in `other`'s dtype (itself when they match)."""
        return self.to(other.dtype)

    def __hash__(self):
        return id(self)

    # ----------------------------------------------------------------- autograd metadata
    @property
    def requires_grad(self):
        if not self._requires_grad and self._base is not None:
            # as torch's: a (floating) view requires grad when its base does, even one with no history
            # (made in no-grad mode, or before the base required grad), whose gradient then goes nowhere;
            # read as it is, like torch's (its history is re-derived where it is used, not here)
            return self._base._requires_grad and self._data.dtype.kind == "f"
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if type(value) is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self._grad_fn is not None:
            if value:
                return
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().")
        if value and self._data.dtype.kind != "f":
            raise RuntimeError("only Tensors of floating point and complex dtype can require gradients")
        if value and self._inference and not _grad_state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.")
        if value and not self._requires_grad:
            _transform_levels.note_leaf(self)
        self._requires_grad = bool(value)

    def requires_grad_(self, requires_grad=True):
        """Sets requires_grad in place and returns self. Refused inside a function a torch.func transform
        runs, as torch refuses it (so are autograd.functional's APIs there, which call it)."""
        if _transform_levels.levels.transforms:
            raise RuntimeError(
                "You are attempting to call Tensor.requires_grad_() (or perhaps using torch.autograd.functional.* "
                "APIs) inside of a function being transformed by a functorch transform. This is unsupported, please "
                "attempt to use the functorch transforms (e.g. grad, vjp, jacrev, jacfwd, hessian) or call "
                "requires_grad_() outside of a function being transformed instead.")
        return self._set_requires_grad(requires_grad)

    def _set_requires_grad(self, requires_grad=True):
        """requires_grad_ for the stand-in leaves pullback makes itself (where torch makes none, or sets the
        flag as an attribute), which may be made inside a transform's function."""
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def grad_fn(self):
        if self._base is not None and self._view_version != self._vc[0] and self._base._requires_grad:
            self._regenerate_view_grad_fn()
        return self._grad_fn

    @property
    def grad(self):
        if self._grad_fn is not None and not self._retains_grad and self._grad is None:
            import warnings
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute "
                "won't be populated during autograd.backward(). If you indeed want the .grad field to be populated "
                "for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf "
                "Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 "
                "for more information.", UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}")
            want = self._grad_dtype
            if want is False:
                want = self._data.dtype
            elif want is not None:
                want = want.np
            if want is not None and value._data.dtype != want:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_dtype.cpp_type_name(value)}' to a tensor with "
                    f"grad_dtype '{_dtype.scalar_type_name(want)}'. The gradient must match the tensor's grad_dtype "
                    "(defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific "
                    "dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor "
                    "and its gradient may break downstream systems that assume they match.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"attempting to assign a gradient of size '{list(value._data.shape)}' to a tensor "
                                   f"of size '{list(self._data.shape)}'. Please ensure that the gradient and the "
                                   "tensor are the same size")
        self._grad = value

    @property
    def grad_dtype(self):
        """The dtype a leaf's gradients are cast to as they arrive, and that .grad must have: by default
        the tensor's own dtype; None lets any dtype through."""
        if self.grad_fn is not None:
            raise RuntimeError("grad_dtype can only be accessed on leaf tensors.")
        return self.dtype if self._grad_dtype is False else self._grad_dtype

    @grad_dtype.setter
    def grad_dtype(self, value):
        if self.grad_fn is not None:
            raise RuntimeError("grad_dtype can only be set on leaf tensors.")
        if value is not None and not isinstance(value, _dtype.dtype):
            raise RuntimeError(f"grad_dtype must be a torch.dtype or None, but got {type(value).__name__}")
        grad = self._grad
        if value is not None and grad is not None and grad._data.dtype != value.np:
            raise RuntimeError(f"Cannot set grad_dtype to '{_dtype.scalar_type_name(value)}' because there is already "
                               f"a gradient with dtype '{_dtype.cpp_type_name(grad)}'. Please clear the gradient "
                               "(.grad = None) before changing grad_dtype, or ensure the new grad_dtype matches the "
                               "existing gradient's dtype.")
        self._grad_dtype = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def _version(self):
        return self._vc[0]

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Keep .grad for this non-leaf tensor after backward."""
        if not self.requires_grad:  # (the property: a view made in no_grad mode of a base requiring grad)
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        fn = self.grad_fn
        if fn is None or self._retains_grad:
            return
        import weakref
        if fn._retain_grad is None:
            fn._retain_grad = {}
            fn._plain = False
        fn._retain_grad[self._output_nr] = weakref.ref(self)
        self._retains_grad = True

    def register_hook(self, hook):
        """hook(grad) runs when this tensor's gradient is computed; a returned tensor replaces it."""
        from .autograd.node import RemovableHandle, _HookDict
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        fn = self.grad_fn
        if fn is None:
            if self._hooks is None:
                self._hooks = _HookDict()
            hooks = self._hooks
        else:
            if fn._tensor_hooks is None:
                fn._tensor_hooks = {}
                fn._plain = False
            hooks = fn._tensor_hooks.setdefault(self._output_nr, _HookDict())
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        return handle

    @property
    def _backward_hooks(self):
        """The hooks register_hook added to this tensor (torch's attribute), or None."""
        fn = self.grad_fn
        hooks = self._hooks if fn is None else (fn._tensor_hooks or {}).get(self._output_nr)
        return hooks or None

    def register_post_accumulate_grad_hook(self, hook):
        """hook(tensor) runs after the gradient is accumulated into this leaf's .grad."""
        from .autograd.node import RemovableHandle, _HookDict
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
        if self._post_acc_hooks is None:
            self._post_acc_hooks = _HookDict()
        handle = RemovableHandle(self._post_acc_hooks)
        self._post_acc_hooks[handle.id] = hook
        return handle

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into every leaf's .grad (weighted by `gradient`)."""
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self):
        """A tensor sharing storage and version counter, outside the graph."""
        t = Tensor._wrap(self._data)
        t._vc = self._vc
        if self._inference:
            t._inference = True
        return t

    def is_inference(self):
        """Whether this tensor was made in inference_mode (or is a view or detached alias of one)."""
        return self._inference

    def detach_(self):
        if self._base is not None:
            raise RuntimeError("Can't detach views in-place. Use detach() instead. If you are using "
                               "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as "
                               "True, gradients are views of DDP buckets, and hence detach_() cannot be called on these "
                               "gradients. To fix this error, please refer to the Optimizer.zero_grad() function in "
                               "torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        return self

    def _detached_copy(self):
        return Tensor._wrap(self._data.copy())

    def _history_alias(self, copy):
        """A tensor with this tensor's current history and values (copied if asked)."""
        t = Tensor._wrap(self._data.copy() if copy else self._data)
        fn = self.grad_fn
        t._requires_grad = self._requires_grad
        if fn is not None:
            t._grad_fn = fn
            t._output_nr = self._output_nr
        elif self._requires_grad:
            from .autograd.node import leaf_accumulator
            t._accumulator = _ref(leaf_accumulator(self))
        return t

    def _regenerate_view_grad_fn(self):
        from .ops._op import view_history, view_rebase_error
        if self._creation_meta is not None:
            raise view_rebase_error(self, indirect=True)
        with grad_mode.enable_grad():
            t = view_history(self)
        self._grad_fn = t._grad_fn
        self._output_nr = t._output_nr
        self._requires_grad = t._requires_grad
        self._view_version = self._vc[0]

    @property
    def data(self):
        """The same storage, outside the graph and with its own version counter."""
        t = Tensor._wrap(self._data)
        if self._inference:
            t._inference = True
        return t

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        if self._requires_grad and value._data.dtype.kind != "f":
            raise RuntimeError("data set to a tensor that requires gradients must be floating point or complex dtype")
        self._data = value._data

    @property
    def _base_tensor(self):
        return self._base

    # ----------------------------------------------------------------- conversion
    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(()).item()

    def tolist(self):
        return self._data.tolist()

    def numpy(self, force=False):
        # torch refuses only while grad mode is on: a custom Function's forward may share an input's memory
        if self._requires_grad and not force and _grad_state.enabled:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype=None, copy=None):
        a = self.numpy()
        return a if dtype is None else a.astype(dtype, copy=False)

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A NumPy ufunc's result on a tensor as a tensor (np.sqrt(t)), sharing the result's memory;
        a bool result as uint8 and a 0-d one as a tensor too, as torch's."""
        from ._creation import from_numpy
        return from_numpy(array.astype(np.uint8) if array.dtype == np.bool_ else array)

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))  # as torch's: the rows are unbind's views (UnbindBackward0)

    def __reversed__(self):
        """reversed(t): t flipped along dim 0 (FlipBackward0), a 0-d tensor itself, as torch's."""
        return self if self._data.ndim == 0 else self.flip(0)

    def __contains__(self, element):
        """`element in t`: whether any element of t equals it (a number or a tensor, compared broadcast)."""
        if not isinstance(element, (Tensor, numbers.Number, np.bool_)):
            raise RuntimeError(f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
                               f"{type(element)}.")
        return bool((element == self).any().item())

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with " + ("no values" if self._data.size == 0 else
                                                                  "more than one value") + " is ambiguous")
        return bool(self._data.reshape(()))

    def _python_scalar(self):
        # float(t), int(t), complex(t): torch's ValueError (item() raises a RuntimeError instead)
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.reshape(()).item()

    def __float__(self):
        return float(self._python_scalar())

    def __int__(self):
        return int(self._python_scalar())

    __nonzero__, __long__ = __bool__, __int__  # (Python 2's names, which torch still answers)

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __complex__(self):
        return complex(self._python_scalar())

    def __format__(self, spec):
        # as torch's: only a plain 0-dim Tensor formats as its number (a Parameter prints whole)
        if self._data.ndim == 0 and type(self) is Tensor:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self, *, tensor_contents=None):
        from ._printing import tensor_repr
        return tensor_repr(self, tensor_contents)

    def __reduce_ex__(self, proto):
        return (_rebuild, (self._data, self._requires_grad))

    def __setstate__(self, state):
        """torch's: the state a pickle BUILDs a tensor with ((storage, offset, size, stride) in legacy files;
        (requires_grad, _, backward_hooks) otherwise)."""
        from ._torch_pickle import tensor_setstate
        tensor_setstate(self, state)

    def __deepcopy__(self, memo):
        if self._grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) support the "
                               "deepcopy protocol at the moment.  If you were attempting to deepcopy a module, "
                               "this may be because of a torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        t = type(self).__new__(type(self))
        _init(t, self._data.copy())
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            t._grad = self._grad._detached_copy()
        memo[id(self)] = t
        return t

    def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False, memory_format=None, tensor=None):
        """Cast to a dtype and/or lay out in a memory format (devices other than the CPU are refused).

        torch's three forms, which its parser (the signature table) has told apart: to(device, dtype,
        non_blocking, copy), to(dtype, non_blocking, copy) and to(tensor, non_blocking, copy), whose
        tensor (or `tensor=`) gives its dtype; a number stands for a tensor of it (an int names a device unless
        a bool follows it)."""
        if dtype is not None and type(dtype) is not _dtype.dtype:
            dtype = _dtype.dtype_argument("to", dtype)  # (float, int, bool: the parser took them as dtypes)
        if tensor is not None:
            dtype = tensor.dtype
        if args:
            first, flags = args[0], args[1:]
            if isinstance(first, (_dtype.dtype, type)):
                dtype = _dtype.dtype_argument("to", first)
            elif isinstance(first, Tensor):
                dtype = first.dtype
            elif isinstance(first, (bool, float, np.bool_, np.floating)):
                dtype = _dtype.number_tensor_dtype(first)
            elif isinstance(first, (int, np.integer)) and flags and isinstance(flags[0], (bool, np.bool_)):
                dtype = _dtype.int64  # to(0, True): no device form takes a bool next, the tensor form does
            else:
                if first is not None:
                    _check_device(first)
                if flags:
                    if flags[0] is not None:
                        dtype = _dtype.dtype_argument("to", flags[0])
                    flags = flags[1:]
            if flags:
                non_blocking, copy = flags[0], flags[1] if len(flags) > 1 else copy
        if device is not None:
            _check_device(device)
        fmt = _memory_format.checked("to", memory_format, _dtype.preserve_format)
        if not copy and (dtype is None or dtype.np == self._data.dtype) and (
                fmt is _dtype.preserve_format or _memory_format.suggested(self._data) is fmt):
            return self  # torch's to_will_alias
        return _ops.pointwise.to_dtype(self, dtype or self.dtype, fmt)

    def _cast_to(d, to=to):  # (the function itself: the parser's wrapper installed on Tensor.to has nothing to check here)
        def cast(self, memory_format=None):
            return to(self, d, memory_format=memory_format)
        cast.__doc__ = f"self.to({d!r})"
        return cast

    float, double, half = _cast_to(_dtype.float32), _cast_to(_dtype.float64), _cast_to(_dtype.float16)
    long, int, short = _cast_to(_dtype.int64), _cast_to(_dtype.int32), _cast_to(_dtype.int16)
    char, byte, bool = _cast_to(_dtype.int8), _cast_to(_dtype.uint8), _cast_to(_dtype.bool)
    del _cast_to

    # the new_* factories: torch's keyword-only dtype, layout, device, pin_memory and requires_grad, and
    # the size positionally (ints or one sequence) or as size= (a sequence)
    def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
        from ._creation import tensor
        return tensor(data, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)

    def new_zeros(self, *sizes, size=NO_SIZE, dtype=None, layout=None, device=None, pin_memory=False,
                  requires_grad=False):
        from ._creation import _factory_size, check_placement, zeros
        check_placement("new_zeros", layout, pin_memory)
        return zeros(_factory_size("new_zeros", sizes, size), dtype=dtype or self.dtype, device=device,
                     requires_grad=requires_grad)

    def new_ones(self, *sizes, size=NO_SIZE, dtype=None, layout=None, device=None, pin_memory=False,
                 requires_grad=False):
        from ._creation import _factory_size, check_placement, ones
        check_placement("new_ones", layout, pin_memory)
        return ones(_factory_size("new_ones", sizes, size), dtype=dtype or self.dtype, device=device,
                    requires_grad=requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, layout=None, device=None, pin_memory=False,
                 requires_grad=False):
        from ._creation import check_placement, full
        check_placement("new_full", layout, pin_memory)
        return full(size, fill_value, dtype=dtype or self.dtype, device=device, requires_grad=requires_grad)

    def new_empty(self, *sizes, size=NO_SIZE, dtype=None, layout=None, device=None, pin_memory=False,
                  requires_grad=False):
        from ._creation import _factory_size, check_placement, zeros
        check_placement("new_empty", layout, pin_memory)
        return zeros(_factory_size("new_empty", sizes, size), dtype=dtype or self.dtype, device=device,
                     requires_grad=requires_grad)

    def as_subclass(self, cls):
        """This tensor (an alias in the graph, as torch's) as an instance of `cls`, a subclass of Tensor."""
        if not isinstance(cls, type):
            raise TypeError(f"cls must be a type (got {_tp_name(cls)})")
        if not issubclass(cls, Tensor):
            raise TypeError("Creating a Tensor subclass from a class that does not inherit from Tensor is not "
                            "possible. Make sure your class inherits from Tensor.")
        t = _ops.shape.Alias.apply(self)
        t.__class__ = cls
        return t


def _device_kind(d):
    return device(d).type


def _dim_order(t, check):
    """torch's order of t's dims in memory, outermost first (its elementwise output permutation), and,
    with `check`, whether some neighbours in it could be swapped (a tie of strides, or a zero stride)."""
    ndim = t._data.ndim
    if ndim < 2:
        return tuple(range(ndim)), False
    contiguous, channels_last = t.is_contiguous(), t.is_contiguous(memory_format=_dtype.channels_last)
    if contiguous != channels_last:
        return (tuple(range(ndim)) if contiguous else (0,) + tuple(range(2, ndim)) + (1,)), False
    shape, strides = t._data.shape, t.stride()

    def ge(a, b):
        return b == 0 or (a != 0 and (a >= b or a % b == 0))

    def should_swap(i, j):  # 1: dim i lies inside dim j in memory, -1: outside, 0: either
        si, sj = strides[i], strides[j]
        if si == 0 or sj == 0:
            return 0
        if si == sj:
            return 0 if ge(shape[j], shape[i]) else 1
        return -1 if ge(sj, si) else 1 if ge(si, sj) else 0

    perm = list(reversed(range(ndim)))  # sorted innermost first, then reversed
    for i in range(1, ndim):
        right = i
        for left in reversed(range(i)):
            order = should_swap(perm[left], perm[right])
            if order > 0:
                perm[left], perm[right] = perm[right], perm[left]
                right = left
            elif order < 0:
                break
    ties = check and any(should_swap(a, b) != -1 for a, b in zip(perm, perm[1:]))
    return tuple(reversed(perm)), ties


def _warn_device_argument(method):
    import warnings
    from ._runtime import user_stacklevel
    warnings.warn(f"The argument 'device' of Tensor.{method}() is deprecated. Please do not pass this argument.",
                  DeprecationWarning, stacklevel=user_stacklevel())


def _unscalar_dim(dim, ndim):
    """`dim` wrapped as size(dim) and stride(dim) wrap it: a 0-d tensor has none (torch's IndexError)."""
    if not ndim:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return wrap_dim(dim, ndim)


def _empty_strides(t):
    """torch's strides of `t`, empty, whose array NumPy gave zero strides (as it gives every new empty
    array and keeps in its views): a new tensor's are C order's; a view's follow from its base's through
    its view ops (x.t() of a (0, 3) tensor: (1, 3)), as torch computes them, so they are replayed on an
    array of no elements laid out as the base."""
    shape = t._data.shape
    base = t._base
    if base is not None:
        from .ops._op import _replay_arrays
        item = t._data.itemsize
        try:
            arr = _replay_arrays(t._view_ops, np.lib.stride_tricks.as_strided(
                np.empty(0, t._data.dtype), base._data.shape, [s * item for s in base.stride()]))
        except Exception:  # noqa: BLE001 - an op that cannot replay on it: C order's, as below
            arr = None
        if arr is not None and arr.shape == shape:
            return tuple(s // item for s in arr.strides)
    return _memory_format.contiguous_strides(shape)


def _wrap_result(data, node):
    """Tensor._wrap for an op's output recorded by `node` (its grad_fn, output 0)."""
    t = _new_tensor(Tensor)
    t._data = data
    t._requires_grad = True
    t._grad_fn = node
    t._output_nr = 0
    t._vc = [0]
    t._base = None
    return t


_new_tensor = object.__new__
_inference_open = False  # whether an inference_mode block is open in any thread (kept by grad_mode)


def _set_inference_open(value):
    global _inference_open
    _inference_open = value


grad_mode.on_open = _set_inference_open


def _init(t, data):
    t._data = data
    t._requires_grad = False
    t._grad_fn = None
    t._output_nr = 0
    t._vc = [0]
    t._base = None
    if _inference_open and _grad_state.inference:
        t._inference = True


def _ref(obj):
    import weakref
    return weakref.ref(obj)


def _rebuild(data, requires_grad):
    t = Tensor._wrap(data)
    t._requires_grad = requires_grad
    return t


def _unwrap_nested(data, nested=False):
    """Nested lists with their tensors' arrays; a tensor inside a list is one number to torch (a
    1-element tensor stands for its value, a larger one is refused)."""
    if isinstance(data, Tensor):
        if not nested:
            return data._data
        if data._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if data.requires_grad:
            from ._runtime import warn_once
            warn_once("Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\n"
                      "Consider using tensor.detach() first.")
        return data._data.reshape(())
    if isinstance(data, (list, tuple)):
        return [_unwrap_nested(d, True) for d in data]
    return data


def _check_nested(data, floating=None, leaves=True):
    """Raise torch's error for nested sequences that are not a rectangular array of numbers (called
    once NumPy has refused them): the shape comes from the first element at each depth, and the
    first sequence of another length, or a number where a sequence belongs, or the reverse, names it."""
    shape, first = [], data
    while isinstance(first, (list, tuple, Tensor, np.ndarray)):
        shape.append(len(first))
        if not len(first):
            break
        first = first[0]
    if floating is None:  # torch.tensor infers the dtype from the first number
        floating = isinstance(first, (float, np.floating))

    def walk(seq, dim):
        for item in seq:
            is_seq = isinstance(item, (list, tuple, Tensor, np.ndarray))
            if dim + 1 < len(shape):
                if not is_seq:
                    raise TypeError("not a sequence")
                if len(item) != shape[dim + 1]:
                    raise ValueError(f"expected sequence of length {shape[dim + 1]} at dim {dim + 1} (got {len(item)})")
                walk(item, dim + 1)
            elif is_seq or (leaves and not isinstance(item, (int, float, bool, complex, np.number, np.bool_))):
                name = type(item).__name__
                if floating:
                    raise TypeError(f"must be real number, not {name}")
                raise TypeError(f"'{name}' object cannot be interpreted as an integer")

    if isinstance(data, (list, tuple)):
        walk(data, 0)
    elif not isinstance(data, (Tensor, np.ndarray)):
        walk((data,), -1)  # a lone leaf (None), as one of a sequence's


def _dtype_from_type_name(name):
    if name == "torch.Tensor":
        return _dtype.get_default_dtype()
    short = name.rsplit(".", 1)[-1]
    for np_name, type_name in _TYPE_NAMES.items():
        if type_name == short:
            return _dtype.from_numpy_dtype(np.dtype(np_name))
    raise ValueError(f"invalid type: '{name}'")


from . import autograd as _autograd  # noqa: E402  (imported by the modules above: complete only now)
from . import ops as _ops  # noqa: E402  (ops need Tensor defined; their methods are bound below)

_ops.bind_tensor_methods(Tensor)
Tensor.__div__, Tensor.__idiv__, Tensor.__rdiv__ = Tensor.__truediv__, Tensor.__itruediv__, Tensor.__rtruediv__

from . import _dlpack, _legacy, _storage  # noqa: E402  (they need Tensor; their methods are bound here)

for _name, _method in (*_legacy.METHODS.items(), *_storage.METHODS.items(), *_dlpack.METHODS.items()):
    setattr(Tensor, _name, _method)
del _name, _method
