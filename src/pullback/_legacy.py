"""torch's legacy Tensor API: the legacy constructor (torch.Tensor(...), torch.FloatTensor(...),
tensor.new(...)) and the legacy tensor types; Python callables applied element by element (apply_,
map_, map2_); and the attributes torch removed but still answers (volatile, reinforce).
"""
import warnings

import numpy as np

from . import _creation, _dtype, _storage
from ._size import Size, int_list
from ._tensor import Tensor, _tp_name, device
from .ops._op import _invalid_combination
from ._dtype import cpp_type_name, scalar_type_name
from .ops.shape import Alias

_NEW_SIGNATURES = (" * (*, torch.device device = None)\n * (torch.Storage storage)\n * (Tensor other)\n"
                   " * (tuple of ints size, *, torch.device device = None)\n"
                   " * (object data, *, torch.device device = None)\n")


def legacy_new(d, args, kwargs, form):
    """torch's legacy constructor for dtype `d`, as torch.Tensor(...) (form "base"), torch.FloatTensor(...)
    ("ctor") or tensor.new(...) ("new"): empty; sizes (ints, or one torch.Size); an alias of a tensor
    (of dtype `d`, except for torch.Tensor); a tensor over a storage; or a sequence of numbers."""
    if set(kwargs) - {"device", "size"} or ("size" in kwargs and args):
        raise _invalid_combination("new", args, kwargs, _NEW_SIGNATURES)
    if "size" in kwargs:
        args = (Size(kwargs["size"]),)
    where = kwargs.get("device")
    first = args[0] if args else None
    if where is not None:
        if len(args) == 1 and isinstance(first, Tensor):
            raise RuntimeError("Legacy tensor new of the form tensor.new(tensor, device=device) is not supported.  "
                               "Use torch.as_tensor(...) instead." if form == "new" else
                               "Legacy tensor constructor of the form torch.Tensor(tensor, device=device) is not "
                               "supported.  Use torch.tensor(...) or torch.as_tensor(...) instead.")
        kind = device(where).type
        if kind != "cpu":
            raise RuntimeError(f"legacy constructor expects device type: cpu but device type: {kind} was passed")
    if not args:
        return Tensor._wrap(np.zeros((0,), d.np))
    sizes = None
    if len(args) == 1 and isinstance(first, Size):
        sizes = tuple(first)
    elif len(args) > 1 or (_creation.is_size_int(first) and not isinstance(first, (Tensor, bool))):
        if isinstance(first, bool) or not _creation.is_size_int(first):
            raise _invalid_combination("new", args, kwargs, _NEW_SIGNATURES)
        sizes = args
    if sizes is not None:
        sizes = int_list(sizes, "new", "size")
        _creation._check_sizes(sizes)
        return Tensor._wrap(np.zeros(sizes, d.np))
    if isinstance(first, Tensor):
        if form != "base" and first._data.dtype != d.np:
            raise TypeError(f"expected {_tensor_options(d.np)} (got {_tensor_options(first._data.dtype)})")
        return Alias.apply(first)
    if _storage.is_storage(first):
        return _storage.tensor_on(first, d, scalar_type_name(d))
    if isinstance(first, str):
        raise TypeError("new(): invalid data type 'str'")
    if isinstance(first, np.ndarray):  # shared where it has the dtype, as torch.from_numpy's checks allow
        shared = _creation._sharing(first)
        if first.dtype != d.np:
            return Tensor._wrap(first.astype(d.np))
        if not first.flags.writeable:
            _creation._warn_not_writable()
        return shared
    if not isinstance(first, (list, tuple, range)):
        raise TypeError(f"new(): data must be a sequence (got {_tp_name(first)})")
    return Tensor._wrap(_creation._data_of(first, d))


def _tensor_options(np_dtype):
    return (f"TensorOptions(dtype={cpp_type_name(np.dtype(np_dtype))}, device=cpu, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))")


class _LegacyTensorType(type):
    """torch.FloatTensor and friends: constructors that are also isinstance checks by dtype."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj._data.dtype == cls._dtype.np

    def __call__(cls, *args, **kwargs):
        return legacy_new(cls._dtype, args, kwargs, "ctor")


def _legacy_type(name, d):
    return _LegacyTensorType(name, (), {"_dtype": d})


FloatTensor = _legacy_type("FloatTensor", _dtype.float32)
DoubleTensor = _legacy_type("DoubleTensor", _dtype.float64)
HalfTensor = _legacy_type("HalfTensor", _dtype.float16)
LongTensor = _legacy_type("LongTensor", _dtype.int64)
IntTensor = _legacy_type("IntTensor", _dtype.int32)
ShortTensor = _legacy_type("ShortTensor", _dtype.int16)
CharTensor = _legacy_type("CharTensor", _dtype.int8)
ByteTensor = _legacy_type("ByteTensor", _dtype.uint8)
BoolTensor = _legacy_type("BoolTensor", _dtype.bool)


# ----------------------------------------------------------------- Tensor methods
def new(self, *args, **kwargs):
    """The legacy constructor in this tensor's dtype: new(*sizes), new(data), new(tensor), new(storage)."""
    return legacy_new(self.dtype, args, kwargs, "new")


def apply_(self, callable, /):
    """Replace each element x with callable(x), in C order (a Python function; nothing is recorded)."""
    return _map_python(self, "apply_", callable, ())


def map_(self, other, callable):
    """Replace each element x with callable(x, y), y from `other` broadcast to this shape."""
    return _map_python(self, "map_", callable, ((other, "other", "'other'"),))


def map2_(self, x, y, callable):
    """Replace each element e with callable(e, a, b), a and b from x and y broadcast to this shape."""
    return _map_python(self, "map2_", callable, ((x, "x", "argument 'x'"), (y, "y", "argument 'y'")))


def _volatile(self):
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2)
    return False


def _set_volatile(self, value):
    warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.", UserWarning,
                  stacklevel=2)


def reinforce(self, reward):
    """Removed from torch: raises its RuntimeError, which shows what torch.distributions code to write."""
    raise RuntimeError(_REINFORCE_REMOVED)


_REINFORCE_REMOVED = """reinforce() was removed.
Use torch.distributions instead.
See https://pytorch.org/docs/main/distributions.html

Instead of:

probs = policy_network(state)
action = probs.multinomial()
next_state, reward = env.step(action)
action.reinforce(reward)
action.backward()

Use:

probs = policy_network(state)
# NOTE: categorical is equivalent to what used to be called multinomial
m = torch.distributions.Categorical(probs)
action = m.sample()
next_state, reward = env.step(action)
loss = -m.log_prob(action) * reward
loss.backward()
"""


def _map_python(self, name, fn, others):
    """apply_, map_ and map2_: self's elements replaced, one by one in C order, by fn(element, *others'
    elements) stored as torch stores a Python number (no version bump, no graph: torch's neither); an
    error from fn leaves the elements before it written, as in torch."""
    tensors = []
    for i, (other, arg, what) in enumerate(others, 1):
        if not isinstance(other, Tensor):
            raise TypeError(f"{name}(): argument '{arg}' (position {i}) must be Tensor, not {_tp_name(other)}")
        tensors.append(other)
    if self.requires_grad or any(t.requires_grad for t in tensors):
        raise RuntimeError(f"Can't call {name}() on Variable that requires grad. Use var.detach().{name}() instead.")
    for t, (_, _, what) in zip(tensors, others):
        if t._data.dtype != self._data.dtype:
            raise TypeError(f"{name}: expected {self.type()} for {what} (got {t.type()})")
    arrays = [t.expand(self.shape)._data for t in tensors]
    out = self._data
    if out.size and not out.flags.writeable:
        raise RuntimeError("unsupported operation: more than one element of the written-to tensor refers to a "
                           "single memory location. Please clone() the tensor before performing the operation.")
    # the elements as Python numbers, C order, computed into a list written back at once (also the part
    # done before an error from fn)
    values = [a.ravel(order="C").tolist() for a in [out] + arrays]
    results = []
    try:
        for items in zip(*values):
            results.append(_dtype.stored_scalar(fn(*items), out.dtype))
    finally:
        if results:
            flat = np.array(out, order="C").reshape(-1)
            flat[:len(results)] = results
            out[...] = flat.reshape(out.shape)
    return self


METHODS = {"new": new, "apply_": apply_, "map_": map_, "map2_": map2_, "reinforce": reinforce,
           "volatile": property(_volatile, _set_volatile)}
