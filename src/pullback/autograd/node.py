"""Graph nodes: the base Node, AccumulateGrad for leaves, and saved tensors with version checks.

A node holds edges to the nodes that produced its inputs (`next_functions`), what its
derivative formula needs (saved tensors), and the shape and dtype of each input so the
engine can hand every input a gradient of exactly its own shape and dtype.
Nodes never point back at the tensors they produced, so the graph has no reference cycles.
"""
import itertools
import weakref
from collections import OrderedDict

from .. import _memory_format
from .forward_ad import set_tangent, state as _fw
from .grad_mode import _state as _grad_state

_sequence = itertools.count()

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward.")

NO_EDGE = (None, 0)


# torch's CreationMeta of a view (Tensor._creation_meta; None is DEFAULT): why changing it in place, or its
# base, is refused. A view of a view inherits its parent's unless made in no_grad mode.
NO_GRAD_MODE, MULTI_OUTPUT_NODE, IN_CUSTOM_FUNCTION = "no_grad_mode", "multi_output_node", "in_custom_function"

class RemovableHandle:
    """Returned by register_*hook; `.remove()` unregisters the hook."""

    _ids = itertools.count()

    def __init__(self, hooks_dict):
        self.id = next(RemovableHandle._ids)
        self._hooks = weakref.ref(hooks_dict) if hooks_dict is not None else None

    def remove(self):
        hooks = self._hooks() if self._hooks is not None else None
        if hooks is not None:
            hooks.pop(self.id, None)

    def __getstate__(self):  # (a pickled module keeps its handles, and they keep their hooks dict, as torch's)
        return (self._hooks() if self._hooks is not None else None, self.id)

    def __setstate__(self, state):
        hooks, self.id = state
        self._hooks = weakref.ref(hooks) if hooks is not None else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class _HookDict(OrderedDict):
    """A dict of hooks keyed by handle id (weak-referenceable, for RemovableHandle).

    An OrderedDict printing as one because torch's hook dicts are: code that prints
    module._forward_pre_hooks (pruning's tutorials do) shows what torch shows."""

    __slots__ = ()

    def __repr__(self):
        return OrderedDict.__repr__(OrderedDict(self))


class SavedTensor:
    """A tensor a formula needs later, with the version it had when saved.

    An op's own output is saved as its storage and version counter, not as the output tensor,
    so that the output -> node -> output cycle never forms; unpacking rebuilds a tensor whose
    grad_fn is the node, as torch does, so double backward sees the output's history.
    """

    __slots__ = ("tensor", "data", "counter", "version", "output_nr", "requires_grad", "packed", "unpack_hook",
                 "history", "view_fn")

    def __init__(self, tensor, is_output=False, output_nr=0):
        self.counter = tensor._vc
        self.version = tensor._vc[0]
        self.unpack_hook = None
        self.view_fn = None  # an output written in place into a view: a weak reference to the view's node
        if saved_tensors_hooks_stack:
            _pack(self, tensor, is_output, output_nr)
        elif is_output:
            self.tensor = None
            self.data = tensor._data
            self.output_nr = output_nr
            self.requires_grad = tensor._requires_grad
        else:
            if tensor._inference:
                raise RuntimeError("Inference tensors cannot be saved for backward. Please do not use Tensors created "
                                   "in inference mode in computation tracked by autograd. To work around this, you "
                                   "can make a clone to get a normal tensor and use it in autograd, or use "
                                   "`torch.no_grad()` instead of `torch.inference_mode()`.")
            self.tensor = tensor

    def unpack(self, node):
        if self.unpack_hook is not None:
            return _unpack(self, node)
        if self.counter[0] != self.version:
            raise RuntimeError(_modified_message(self, node))
        if self.tensor is not None:
            return self.tensor
        t = _wrap(self.data)
        t._vc = self.counter
        if self.requires_grad:
            t._requires_grad = True
            fn = self.view_fn and self.view_fn()  # written in place into a view: the view's node, as torch's
            if fn is not None:
                t._grad_fn, t._output_nr = fn, 0
            else:
                t._grad_fn, t._output_nr = node, self.output_nr
        if _fw.level is not None and "_fw_out_tangents" in node.__dict__:
            _restore_tangent(t, node, self.output_nr)
        return t

    def unpack_array(self, node):
        """unpack's values as a bare ndarray, for a formula the engine runs on arrays."""
        if self.unpack_hook is not None:
            _grad_state.on_arrays = False  # the hook is user code: it works on Tensors
            try:
                return _unpack(self, node)._data
            finally:
                _grad_state.on_arrays = True
        if self.counter[0] != self.version:
            raise RuntimeError(_modified_message(self, node))
        t = self.tensor
        return self.data if t is None else t._data


saved_tensors_hooks_stack = []  # (pack, unpack) pairs, innermost last: graph.saved_tensors_hooks


def _wrap(data):
    """Tensor._wrap, looked up on first use (the Tensor module imports this one)."""
    global _wrap
    from .._tensor import Tensor
    _wrap = Tensor._wrap
    return _wrap(data)


def _grad_copy(grad, variable):
    """A leaf's new .grad from an array it may not take: a copy laid out as the leaf where the
    leaf is dense (torch's layout contract for .grad), else in C order."""
    return _wrap(_memory_format.like(grad, variable._data))


def _restore_tangent(t, node, output_nr):
    """A saved output rebuilt while a dual level is live gets the output's tangent back."""
    level, tangents = node._fw_out_tangents
    if level == _fw.level and tangents[output_nr] is not None:
        set_tangent(t, tangents[output_nr])


def _pack(saved, tensor, is_output, output_nr, hooks=None):
    """Save `pack(tensor)` instead of the tensor, and the history the unpacked value will get;
    `hooks`: the (pack, unpack) pair, by default the innermost saved_tensors_hooks."""
    pack, saved.unpack_hook = hooks or saved_tensors_hooks_stack[-1]
    saved.requires_grad = tensor._requires_grad
    saved.output_nr = output_nr
    saved.tensor = saved.data = None  # only what pack returns may hold the values (checkpointing holds none)
    # an output's own node is the node unpacking it, so only an input's history is kept
    saved.history = None
    if not is_output and tensor._requires_grad:
        fn = tensor.grad_fn
        saved.history = (fn, tensor._output_nr) if fn is not None else (None, weakref.ref(leaf_accumulator(tensor)))
    saved.packed = pack(tensor)


class RawSavedTensor:
    """grad_fn._raw_saved_<name>: one saved tensor of a node, to which pack and unpack hooks can be
    given after the fact (torch's torch._C._autograd.SavedTensor)."""

    __slots__ = ("_node", "_index")

    def __init__(self, node, index):
        self._node, self._index = node, index

    def register_hooks(self, pack_hook, unpack_hook):
        """Replace the saved value by pack_hook(value) now; unpack_hook(packed) gives it back when used."""
        if not callable(pack_hook) or not callable(unpack_hook):
            raise TypeError("register_hooks(): incompatible function arguments. The following argument types are "
                            "supported:\n    1. (self: torch._C._autograd.SavedTensor, arg0: "
                            "collections.abc.Callable, arg1: collections.abc.Callable) -> None")
        saved = self._node._saved
        if saved is None:
            raise RuntimeError("Calling register_hooks on a saved tensor after it has been freed. Saved intermediate "
                               "values of the graph are freed when you call .backward() or autograd.grad(). Specify "
                               "retain_graph=True if you need to backward through the graph a second time or if you "
                               "need to access saved variables after calling backward.")
        s = saved[self._index]
        if s.unpack_hook is not None:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. Hint: only "
                               "one pair of hooks is allowed at a time.")
        is_output = s.tensor is None
        value = s.unpack(self._node)
        # torch's pack hook gets the saved values only, without their history (a new tensor)
        _pack(s, value, is_output, s.output_nr if is_output else 0,
              (lambda t: pack_hook(t.detach()), unpack_hook))


RawSavedTensor.__name__ = "SavedTensor"  # torch's type name (printed by tutorials); the module's SavedTensor is the slot


def _unpack(saved, node):
    """The unpack hook's tensor, with the saved tensor's history (no version check, as torch)."""
    from .._tensor import Tensor
    value = saved.unpack_hook(saved.packed)
    if not isinstance(value, Tensor):
        raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                        f"{type(value).__name__}")
    t = Tensor._wrap(value._data)
    if saved.history is not None:
        fn, nr_or_accumulator = saved.history
        t._requires_grad = True
        if fn is not None:
            t._grad_fn, t._output_nr = fn, nr_or_accumulator
        else:
            t._accumulator = nr_or_accumulator
    elif saved.requires_grad:  # one of the node's own outputs
        t._requires_grad, t._grad_fn, t._output_nr = True, node, saved.output_nr
    return t


def _modified_message(saved, node):
    from .._tensor import tensor_type_name
    from .anomaly_mode import _state as anomaly
    data = saved.tensor._data if saved.tensor is not None else saved.data
    if saved.tensor is not None:
        fn = saved.tensor.grad_fn  # a view changed in place names its re-derived node, as torch
        where = f", which is output {saved.tensor._output_nr} of {_short_name(fn)}," if fn is not None else ""
    else:  # torch names the node the view had when saved, while it lives (AsStrided), else the op's
        fn = saved.view_fn and saved.view_fn()
        where = f", which is output {saved.output_nr} of {_short_name(fn or node)},"
    hint = ("Hint: the backtrace further above shows the operation that failed to compute its gradient. The variable "
            "in question was changed in there or anywhere later. Good luck!" if anomaly.enabled else
            "Hint: enable anomaly detection to find the operation that failed to compute its gradient, with "
            "torch.autograd.set_detect_anomaly(True, check_nan=False).")
    return ("one of the variables needed for gradient computation has been modified by an inplace "
            f"operation: [{tensor_type_name(data.dtype)} {list(data.shape)}]{where} is at version "
            f"{saved.counter[0]}; expected version {saved.version} instead. {hint}")


def _short_name(node):
    """The node's name as torch's version-check message gives it: AddBackward0 -> Add, PowBackward1 -> Pow1,
    FnBackward -> Fn; a name not ending so (torch::autograd::CopyBackwards) as it is."""
    name = node.name()
    i = name.rfind("Backward")
    rest = name[i + 8:]
    if i < 0 or not (rest == "" or rest.isdigit()):
        return name
    return name[:i] + ("" if rest == "0" else rest)


_type_name = type.__dict__["__name__"]


class _NodeType(type):
    """Node classes named as torch's: the class of a node is its name() (type(y.grad_fn) prints
    <class 'MulBackward0'>, and so do messages naming it), while __qualname__ and __module__ stay the
    Python ones, so inspect and pickle still find pullback's class (Mul)."""

    @property
    def __name__(cls):
        return cls.__dict__.get("node_name") or _type_name.__get__(cls, type(cls))

    def __repr__(cls):
        if cls._named_as_torch:
            return f"<class '{cls.__name__}'>"  # torch's C++ node classes live in builtins
        return type.__repr__(cls)


class Node(metaclass=_NodeType):
    """A recorded operation in the backward graph (a tensor's `grad_fn`).

    Its edges (`next_functions`, torch's tuple of `(node, output_nr)` pairs, one per input) are
    kept as plain attributes, not as tuples: `_e0, _n0` for input 0, `_e1, _n1` for input 1, and
    `_erest` (a tuple of pairs) for inputs 2 and on; `_arity` inputs in all. A tuple holding a node
    is one more object the cyclic garbage collector tracks and re-traverses in every full
    collection while the graph lives; this way a recorded unary or binary op leaves only the node
    itself tracked. `next_functions` builds torch's tuple when asked.
    """

    _named_as_torch = True  # repr of the class: torch's builtins name (custom Functions show their module)
    # The engine reads these; subclasses add what their formula needs as plain attributes.
    _e0 = None           # the node input 0's gradient flows to (None: no edge)
    _n0 = 0              # ... and which of its outputs that input was
    _e1 = None
    _n1 = 0
    _erest = ()          # (node, output_nr) pairs of inputs 2, 3, ... (those past its end: no edge)
    _arity = 0           # number of inputs (edges, including the (None, 0) ones)
    _hidden = 0          # bit i set: input i is one torch lists no edge for (a number, a dim, a flag)
    _plain = True        # no hooks, no retain_grad, one output taking a gradient: the engine may call the formula directly
    _runs_without_grads = False  # a custom Function's node: its backward runs also when no gradient reaches it
    _direct_backward = False  # backward_grads(grads) is backward(grads[0]) (set per Op class)
    _frees_more = False  # its _free drops state besides _saved (index's index tensors): run it even then
    _frees_saved_only = False  # _free is Node's: the engine may drop _saved itself (set per Op class)
    _on_arrays = False   # _direct_backward, and the formula is arithmetic NumPy arrays can run (set per Op class)
    _saved = ()          # tuple of SavedTensor / raw values; None once freed
    _unpacks_second_first = False  # torch's formula unpacks its second saved tensor first (MulBackward0)
    _metas = ()          # per input edge: (shape, numpy dtype) or None
    _list_formula = False  # torch's one formula gives every input of a tensor list its gradient (cat)
    _n_outputs = 1
    _out_metas = None    # per output (shape, numpy dtype), kept for multi-output nodes
    _pre_hooks = None    # grad_fn.register_prehook
    _post_hooks = None   # grad_fn.register_hook
    _tensor_hooks = None  # {output_nr: _HookDict} from Tensor.register_hook on non-leaves
    _retain_grad = None  # {output_nr: weakref to the tensor} from Tensor.retain_grad
    _seq = 0

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{self.name().rsplit('::', 1)[-1]} object at {hex(id(self))}>"

    @property
    def metadata(self):
        d = self.__dict__.get("_metadata")
        if d is None:
            d = self._metadata = {}
        return d

    def __getattr__(self, name):
        # grad_fn._saved_self / _saved_other / _saved_result ...: named by the op's `saved_names`
        if name.startswith("_saved_"):
            names = getattr(type(self), "saved_names", None)
            if names and name[7:] in names:
                if self._saved is None:
                    raise RuntimeError(FREED_MESSAGE)
                s = self._saved[names.index(name[7:])]
                return s.unpack(self) if type(s) is SavedTensor else s
        # grad_fn._raw_saved_self ...: the saved tensor itself, which register_hooks can be called on
        if name.startswith("_raw_saved_"):
            names = getattr(type(self), "saved_names", None)
            if names and name[11:] in names:
                i = names.index(name[11:])
                if self._saved is None or type(self._saved[i]) is SavedTensor:
                    return RawSavedTensor(self, i)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __dir__(self):
        # the _saved_* / _raw_saved_* attributes __getattr__ gives, listed as torch's node lists them
        names = getattr(type(self), "saved_names", None) or ()
        saved = self._saved
        raw = [n for i, n in enumerate(names) if saved is None or type(saved[i]) is SavedTensor]
        return sorted(set(super().__dir__()) | {"_saved_" + n for n in names} | {"_raw_saved_" + n for n in raw})

    def __call__(self, *grads):
        """Run this node's formula on output gradients: its inputs' gradients, as torch's grad_fn(...)."""
        outs = self.backward_grads(list(grads))
        return outs[0] if len(outs) == 1 else tuple(outs)

    @property
    def _edges(self):
        """One (node, output_nr) pair per input position, (None, 0) where no gradient flows."""
        n = self._arity
        if n == 1:
            return ((self._e0, self._n0),)
        if n == 2:
            return ((self._e0, self._n0), (self._e1, self._n1))
        if n == 0:
            return ()
        rest = self._erest
        return ((self._e0, self._n0), (self._e1, self._n1)) + rest + (NO_EDGE,) * (n - 2 - len(rest))

    @property
    def next_functions(self):
        """torch's tuple of (node, output_nr): one per tensor input (numbers, dims and flags have none)."""
        edges = self._edges
        hidden = self._hidden
        if not hidden:
            return edges
        return tuple([e for i, e in enumerate(edges) if not hidden >> i & 1])

    @next_functions.setter
    def next_functions(self, edges):
        set_edges(self, edges)

    @property
    def needs_input_grad(self):
        n = self._arity
        if n == 2:
            return (self._e0 is not None, self._e1 is not None)
        if n == 1:
            return (self._e0 is not None,)
        return tuple([fn is not None for fn, _ in self._edges])

    @property
    def saved_tensors(self):
        saved = self._saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        if _grad_state.on_arrays:  # the engine runs this formula on ndarrays
            if len(saved) == 1:
                a = saved[0]
                return (a.unpack_array(self) if type(a) is SavedTensor else a),
            if len(saved) == 2:
                a, b = saved
                if self._unpacks_second_first:  # unpack hooks see them in torch's order
                    b = b.unpack_array(self) if type(b) is SavedTensor else b
                    return (a.unpack_array(self) if type(a) is SavedTensor else a), b
                return ((a.unpack_array(self) if type(a) is SavedTensor else a),
                        (b.unpack_array(self) if type(b) is SavedTensor else b))
            return tuple([s.unpack_array(self) if type(s) is SavedTensor else s for s in saved])
        if len(saved) == 1:
            a = saved[0]
            return (a.unpack(self) if type(a) is SavedTensor else a),
        if len(saved) == 2:
            a, b = saved
            if self._unpacks_second_first:  # unpack hooks see them in torch's order
                b = b.unpack(self) if type(b) is SavedTensor else b
                return (a.unpack(self) if type(a) is SavedTensor else a), b
            return (a.unpack(self) if type(a) is SavedTensor else a), (b.unpack(self) if type(b) is SavedTensor else b)
        order = getattr(self, "_pack_order", None)
        if order is None:
            return tuple([s.unpack(self) if type(s) is SavedTensor else s for s in saved])
        out = list(saved)
        for k in order:  # torch's order (by name, outputs last): which change a version check names first
            if type(out[k]) is SavedTensor:
                out[k] = out[k].unpack(self)
        return tuple(out)

    def _free(self):
        if self._saved:
            self._saved = None

    def backward_grads(self, grads):
        """Gradients for each input edge, given the gradient of each output."""
        raise NotImplementedError(f"{self.name()} defines no backward formula")

    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) runs after this node; may return new grad_inputs."""
        if self._post_hooks is None:
            self._post_hooks = _HookDict()
            self._plain = False
        h = RemovableHandle(self._post_hooks)
        self._post_hooks[h.id] = fn
        return h

    def register_prehook(self, fn):
        """fn(grad_outputs) runs before this node; may return new grad_outputs."""
        if self._pre_hooks is None:
            self._pre_hooks = _HookDict()
            self._plain = False
        h = RemovableHandle(self._pre_hooks)
        self._pre_hooks[h.id] = fn
        return h


class AccumulateGrad(Node):
    """The sink of a leaf tensor: adds the incoming gradient into `variable.grad`."""

    _seq = float("inf")  # torch runs leaf accumulation as soon as it is ready
    _plain = False

    def name(self):
        return "torch::autograd::AccumulateGrad"

    def __init__(self, variable):
        self.variable = variable
        self._metas = ((variable._data.shape, variable._data.dtype),)

    def accumulate(self, grad, create_graph, owned=False):
        """Add `grad` into .grad; `owned`: nothing else holds `grad` or its memory, so it is taken as is."""
        var = self.variable
        if not var._requires_grad:
            return  # it stopped requiring grad since the graph was made (requires_grad_(False)): torch drops it
        old = var._grad
        if old is None:
            # otherwise a copy, so later in-place updates of .grad never write into a buffer
            # some other tensor still uses
            if owned:
                # a view the engine made (e.g. through TBackward) is stored as a tensor of its own:
                # .grad is never a view, as in torch
                var._grad = grad if grad._base is None else type(grad)._wrap(grad._data)
            elif create_graph and grad._requires_grad:
                # torch's clone_obey_contract: a fresh tensor laid out as the leaf, copy_'d (CopyBackwards)
                var._grad = _grad_copy(grad._data, var).copy_(grad)
            else:
                var._grad = _grad_copy(grad._data, var)
        elif create_graph:
            var._grad = old + grad
        else:
            old._data += grad._data
        self._after_accumulate(var)

    def accumulate_array(self, grad, owned):
        """accumulate() without create_graph for an array walk's bare array gradient."""
        var = self.variable
        if not var._requires_grad:
            return
        old = var._grad
        if old is None:
            var._grad = _wrap(grad) if owned else _grad_copy(grad, var)
        else:
            old._data += grad
        self._after_accumulate(var)

    @staticmethod
    def _after_accumulate(var):
        hooks = var._post_acc_hooks
        if hooks:
            for hook in list(hooks.values()):
                r = hook(var)
                if r is not None and r is not var:  # torch lets the tensor itself through
                    raise RuntimeError("Tensor post accumulate grad hooks should return None.")


def move_retain_grad(t, node, output_nr=0):
    """retain_grad follows a tensor to the node of its in-place change, as in torch (its other
    hooks stay with the old node and see the old value's gradient)."""
    old = t._grad_fn
    ref = old._retain_grad.pop(t._output_nr, None) if old is not None and old._retain_grad else None
    if ref is not None:
        if node._retain_grad is None:
            node._retain_grad = {}
        node._retain_grad[output_nr] = ref
        node._plain = False  # the engine's fast path skips a node's hooks


def set_edges(node, edges):
    """Give `node` the edges `edges` (torch's next_functions: one (node, output_nr) pair per input)."""
    n = len(edges)
    node._arity = n
    node._e0, node._n0 = edges[0] if n else NO_EDGE
    node._e1, node._n1 = edges[1] if n > 1 else NO_EDGE
    node._erest = tuple(edges[2:])


def edges_of(node):
    """(position, node, output_nr) for each input of `node` whose gradient flows somewhere."""
    out = []
    if node._e0 is not None:
        out.append((0, node._e0, node._n0))
    if node._e1 is not None:
        out.append((1, node._e1, node._n1))
    for i, (fn, nr) in enumerate(node._erest, 2):
        if fn is not None:
            out.append((i, fn, nr))
    return out


def leaf_accumulator(tensor):
    """The AccumulateGrad node of a leaf, shared by every graph that uses the leaf while alive."""
    ref = tensor._accumulator
    node = ref() if ref is not None else None
    if node is None:
        node = AccumulateGrad(tensor)
        tensor._accumulator = weakref.ref(node)
    return node


def gradient_edge(tensor):
    """(node, output_nr) through which a gradient reaches `tensor`."""
    fn = tensor.grad_fn
    if fn is not None:
        return fn, tensor._output_nr
    if tensor._requires_grad:
        return leaf_accumulator(tensor), 0
    return NO_EDGE
