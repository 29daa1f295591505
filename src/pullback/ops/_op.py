"""The op-table machinery: how an entry's forward runs, and how its node joins the graph.

An entry subclasses `Op` and defines
    forward(ctx, *inputs)   on NumPy arrays (Python numbers pass through untouched)
    backward(ctx, grad)     on Tensors, returning one gradient per input (None where unneeded)
and declares what its formula reads back in `saves`: input positions, and "result" for
its output. `ctx` is the node itself: forward may stash small non-tensor facts on it.
Because formulas use Tensor ops, running them with grad mode on records a new graph,
which is all double backward needs.
"""
import functools
import inspect
import warnings
import weakref

import numpy as np

from .. import _dtype
from .._dtype import parsed_number, scalar_type_name
from .._fperrors import quiet, unquiet
from .._memory_format import dense
from .._argument_types import operator_operand
from .._runtime import user_stacklevel
from .._size import broadcasts_to, tp_name
from ..autograd import forward_ad, grad_mode
from ..autograd.anomaly_mode import _state as _anomaly, record_stack
from ..autograd.node import (IN_CUSTOM_FUNCTION, MULTI_OUTPUT_NODE, NO_EDGE, NO_GRAD_MODE, Node, SavedTensor, _sequence, gradient_edge, leaf_accumulator,
                             move_retain_grad as _move_retain_grad, saved_tensors_hooks_stack)
from ._views import geometry as _geometry, stand_in, storage_layout, writable

_state = grad_mode._state
_fw = forward_ad.state
_ndarray = np.ndarray


def _saved_names(cls):
    """grad_fn._saved_<name> for each entry of `saves`, named as torch names them: the first input
    `self`, an output `result`, other inputs by forward's parameter name (`exponent`, `mask`), a
    one-letter name being torch's `other`."""
    params = [p.name for p in inspect.signature(cls.forward).parameters.values()
              if p.kind is p.POSITIONAL_OR_KEYWORD][1:]
    names = []
    for i in cls.saves:
        if type(i) is str:
            names.append(i)
        elif i == 0:
            names.append("self")
        else:
            names.append(params[i] if i < len(params) and len(params[i]) > 1 else "other")
    return tuple(names)


_INDEX_PARAMETERS = ("index", "indices", "mask", "cond", "condition")


def _index_inputs(cls):
    """Bits of the inputs torch lists no edge for although they are tensors: indices and masks."""
    params = [p.name for p in inspect.signature(cls.forward).parameters.values()
              if p.kind is p.POSITIONAL_OR_KEYWORD][1:]
    return sum(1 << i for i, name in enumerate(params) if name in _INDEX_PARAMETERS) | cls._hidden


def _contiguous_outputs(forward):
    """`forward` (a function or classmethod) with its array outputs made C-contiguous."""
    method = isinstance(forward, classmethod)
    fn = forward.__func__ if method else forward

    def contiguous(*args):
        out = fn(*args)
        if type(out) is tuple:
            return tuple([_c_order(o) for o in out])
        return _c_order(out)
    contiguous.__wrapped__ = fn  # (inspect.signature reads the forward's parameter names through it)
    return classmethod(contiguous) if method else contiguous


def _c_order(a):
    return a if type(a) is not _ndarray or a.flags.c_contiguous else np.ascontiguousarray(a)


class _Scratch:
    """Throwaway ctx for a forward that records nothing."""


class Op(Node):
    saves = ()            # input positions the formula needs, plus "result" for the output ("result1"... for others)
    saves_needed_by = None  # per entry of `saves`: the input whose gradient alone reads it, or None
    is_view = False       # output shares storage and version counter with input 0
    reads_storage = False  # a view op placed by memory offsets (as_strided), not by the input's indices:
                           # replayed on a stand-in laid out as the base (_views.stand_in), not on a copy
    differentiable = True
    n_outputs = 1
    nondiff_outputs = ()  # output positions that never require grad (e.g. argmax indices)
    _listed = 0           # bit i: input i is listed in next_functions even as a number or None (torch
                          # wraps x * 2's number as a tensor; an optional tensor argument left None)
    node_name = "Op"
    on_arrays = False     # the formula is arithmetic (operators, Op.apply) that NumPy arrays run as they are:
                          # without create_graph the engine calls it on ndarrays, not Tensors
    into = None           # optional into(x, *others): the forward computed into x's own memory, for an
                          # in-place op that records nothing (see _fits_in_place for when it is used)
    _scalar_inputs = 0    # bit i: input i is a value torch reads as a number (fill_'s), never an overlap
    fills = False         # in place, the op writes values only: torch lets it write memory where elements repeat
                          # (an expanded tensor; every repeat gets the same value), and where a name is given,
                          # warns that doing so under that name is deprecated (_write)
    written_in_place = False  # an in-place form only: its result (bool for x.gt_(y)) goes into self's dtype
    reads_complex = False  # a complex number argument is the forward's to read as torch's kernel does (lerp's
                           # weight); for any other op it makes torch's result complex, which pullback refuses
    no_forward_ad = None  # the op's name where torch has a reverse formula but refuses forward mode
    contiguous_output = False  # torch's reductions, scans and softmax return contiguous tensors whatever
                               # the input's layout (NumPy's follow it: a later view() would fail)
    _one_plain_output = True  # n_outputs == 1 and not is_view: Op.apply just wraps the forward's array
    _saves_result_only = False
    _saves_nothing_or_crosswise = True
    _saves_input0 = False
    _saves_inputs01 = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "node_name" not in cls.__dict__:
            cls.node_name = cls.__qualname__ + "Backward0"  # torch's name for the node: MulBackward0
        if "saved_names" not in cls.__dict__:
            cls.saved_names = _saved_names(cls)
        if "_hidden" not in cls.__dict__:
            cls._hidden = _index_inputs(cls)
        cls._one_plain_output = cls.n_outputs == 1 and not cls.is_view
        cls._saves_result_only = cls.saves == ("result",)
        # (one plain output, two inputs: _record2 records it inline)
        cls._saves_nothing_or_crosswise = cls._one_plain_output and (
            not cls.saves or (cls.saves == (0, 1) and cls.saves_needed_by == (1, 0)))
        # torch packs saved tensors by name, outputs last (what saved-tensor hooks observe)
        set_pack_order(cls)
        cls._saves_input0 = cls.saves == (0,) and cls.saves_needed_by is None
        cls._saves_inputs01 = cls.saves == (0, 1) and cls.saves_needed_by is None
        # one output that takes a gradient (max pooling's indices take none): the engine may call
        # backward(grad) directly, with the other outputs' gradients left at their default
        cls._direct_backward = (cls.backward_grads is Op.backward_grads and 0 not in cls.nondiff_outputs
                                and cls.n_outputs is not None and cls.n_outputs - len(cls.nondiff_outputs) == 1)
        cls._frees_saved_only = cls._free is Node._free
        if cls.contiguous_output and "forward" in cls.__dict__:
            cls.forward = _contiguous_outputs(cls.__dict__["forward"])
        cls._on_arrays = cls.on_arrays and cls._direct_backward

    def name(self):
        return self.node_name

    def forward(ctx, *inputs):
        raise NotImplementedError

    def backward(ctx, *grads):
        raise NotImplementedError

    def backward_grads(self, grads):
        r = self.backward(*grads)
        return r if type(r) is tuple else (r,)

    @classmethod
    def apply(cls, *args):
        """Run the op on Tensors / Python numbers and return Tensor output(s)."""
        if _fw.active:
            return forward_ad.apply(cls, args)
        # One pass over the arguments, unrolled for the common arities; `type(a) is Tensor` first,
        # isinstance for subclasses. Without recording: forward on a throwaway ctx, wrap, no node.
        n = len(args)
        if n == 2:
            a, b = args
            if type(a) is Tensor or isinstance(a, Tensor):
                da = a._data
                track = a._requires_grad or (a._base is not None and _view_takes_grad(a))
            elif _state.on_arrays:  # a formula the engine runs on arrays calls another op: arrays in, array out
                return cls.forward(_Scratch(), a, b)
            else:
                if isinstance(a, np.generic):
                    a = parsed_number(a)  # a NumPy scalar is a Python number to torch
                    args = (a, b)
                if type(a) is complex and not cls.reads_complex:
                    raise complex_result_error(cls)
                da = a
                track = False
            tb = type(b)
            if tb is float or tb is int:
                db = b
            elif tb is Tensor or isinstance(b, Tensor):
                db = b._data
                if b._requires_grad or (b._base is not None and _view_takes_grad(b)):
                    track = True
            else:
                if isinstance(b, np.generic):
                    b = parsed_number(b)
                    args = (a, b)
                if type(b) is complex and not cls.reads_complex:
                    raise complex_result_error(cls)
                db = b
            if track and _state.enabled and cls.differentiable:
                return _record2(cls, a, b, da, db)
            token = quiet()
            try:
                out = cls.forward(_Scratch(), da, db)
            finally:
                unquiet(token)
        elif n == 1:
            a = args[0]
            if type(a) is Tensor or isinstance(a, Tensor):
                da = a._data
                if (a._requires_grad or (a._base is not None and _view_takes_grad(a))) and _state.enabled \
                        and cls.differentiable:
                    return _record1(cls, a, da)
            elif _state.on_arrays:
                return cls.forward(_Scratch(), a)
            else:
                if type(a) is complex and not cls.reads_complex:
                    raise complex_result_error(cls)
                da = a
            token = quiet()
            try:
                out = cls.forward(_Scratch(), da)
            finally:
                unquiet(token)
        else:
            if _state.on_arrays:
                return cls.forward(_Scratch(), *args)
            datas = []
            track = False
            for a in args:
                if type(a) is Tensor or isinstance(a, Tensor):
                    datas.append(a._data)
                    if a._requires_grad or (a._base is not None and _view_takes_grad(a)):
                        track = True
                else:
                    if isinstance(a, np.generic):
                        a = parsed_number(a)
                    if type(a) is complex and not cls.reads_complex:
                        raise complex_result_error(cls)
                    datas.append(a)
            if track and _state.enabled and cls.differentiable:
                return _record(cls, args, datas)
            token = quiet()
            try:
                out = cls.forward(_Scratch(), *datas)
            finally:
                unquiet(token)
        if cls._one_plain_output:
            return _wrap(out if type(out) is _ndarray else np.asarray(out))
        if cls.n_outputs == 1:
            t = _wrap(out if type(out) is _ndarray else np.asarray(out))
            _mark_view(t, args, cls)
            return t
        return tuple(_wrap(o if type(o) is _ndarray else np.asarray(o)) for o in out)

    @classmethod
    def apply_(cls, self, *others):
        """In-place form: compute the op on `self` and write the result into `self`'s storage.

        With grad recording, the op runs out of place on an alias of `self`'s current history
        (a copy when the formula needs the old value), then `self` takes over the result's
        node; a view's base gets a CopySlices node instead. The version counter shared with
        all views is bumped either way.
        """
        if _fw.active:
            return forward_ad.apply_inplace(cls, self, others)
        if self._inference and not _state.inference:
            raise RuntimeError(INFERENCE_INPLACE)
        track = False
        if _state.enabled and cls.differentiable:  # (not under no_grad: an optimizer's step skips all this)
            if self._creation_meta == NO_GRAD_MODE and (
                    self._base._requires_grad or any(isinstance(o, Tensor) and o._requires_grad for o in others)):
                raise view_rebase_error(self, indirect=False)
            leaf = self._grad_fn is None  # (before _takes_grad re-derives a view's node)
            track = _takes_grad(self) or any(isinstance(o, Tensor) and _takes_grad(o) for o in others)
            if track:
                _check_inplace_allowed(self, leaf)  # autograd's checks come before the kernel's, as in torch
        data = self._data
        datas = []  # the operands' arrays and numbers, each tensor checked for a partial overlap with self
        i = 0
        for o in others:
            i += 1
            if type(o) is Tensor or isinstance(o, Tensor):
                d = o._data
                # (two arrays that own their memory share none: _check_no_partial_overlap's first test)
                if d is not data and (d.base is not None or data.base is not None) and not cls._scalar_inputs >> i & 1:
                    _check_no_partial_overlap(data, d)
                datas.append(d)
            else:
                datas.append(parsed_number(o) if isinstance(o, np.generic) else o)
        if not track:
            token = quiet()
            try:
                if cls.into is not None and _fits_in_place(data, datas):
                    cls.into(data, *datas)  # no result array to allocate and copy back (optimizer steps)
                    self._vc[0] += 1
                else:
                    try:
                        out = cls.forward(_Scratch(), data, *datas)
                    except (NotImplementedError, RuntimeError) as e:
                        _refuse_before_kernel(cls, self, datas, e)
                        raise
                    _write(self, out, cls.fills)
            finally:
                unquiet(token)
            return self
        old = self._history_alias(copy=0 in cls.saves)
        try:
            result = cls.apply(old, *others)
        except (NotImplementedError, RuntimeError) as e:
            _refuse_before_kernel(cls, self, [o._data if isinstance(o, Tensor) else o for o in others], e)
            raise
        node = result._grad_fn
        _write(self, result._data, cls.fills)
        results = [s for s in node._saved if type(s) is SavedTensor and s.tensor is None and s.unpack_hook is None]
        for s in results:  # (hooks hold their own)
            s.data, s.counter, s.version = self._data, self._vc, self._vc[0]
        if self._base is None:
            if self._retains_grad:
                _move_retain_grad(self, node)
            self._grad_fn = node
            self._output_nr = 0
            self._requires_grad = True
        else:
            base = self._base
            base_edge = gradient_edge(base)
            base._grad_fn = CopySlices(base_edge, base._data, self._view_ops, node)
            base._output_nr = 0
            base._requires_grad = True
            for s in results:  # torch keeps the view's node, re-derived now, to name in its version message
                s.view_fn = weakref.ref(self.grad_fn)
        return self


INTERNAL_OVERLAP = ("unsupported operation: more than one element of the written-to tensor refers to a single memory "
                    "location. Please clone() the tensor before performing the operation.")
INFERENCE_INPLACE = ("Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to "
                     "get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 "
                     "for more details.")
# why a view whose creation meta is not the default may not take a new history
_REBASE_REFUSALS = {
    NO_GRAD_MODE: "Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code "
                  "by moving both the view and the inplace either both inside the no_grad block (if you don't want "
                  "the inplace to be tracked) or both outside (if you want the inplace to be tracked).",
    MULTI_OUTPUT_NODE: "This view is the output of a function that returns multiple views. Such functions do not "
                       "allow the output views to be modified inplace. You should replace the inplace operation by "
                       "an out-of-place one.",
    IN_CUSTOM_FUNCTION: "This view was created inside a custom Function (or because an input was returned as-is) and "
                        "the autograd logic to handle view+inplace would override the custom backward associated "
                        "with the custom Function, leading to incorrect gradients. This behavior is forbidden. You "
                        "can fix this by cloning the output of the custom Function."}


def view_rebase_error(view, indirect):
    """torch's refusal (handle_view_on_rebase) to give `view`, whose creation meta is not the default, a new
    history: it is being changed in place, or (indirect) its base or another view of it was."""
    meta, fn = view._creation_meta, view._grad_fn
    modified = "its base or another view of its base has been" if indirect else "is being"
    if meta == NO_GRAD_MODE or fn is None:
        prefix = ("A view was created in" if fn is None else
                  f"Output {view._output_nr} of {_forward_op_name(fn)} is a view of a view which was created in")
        msg = f"{prefix} no_grad mode and {modified} modified inplace with grad mode enabled."
    else:
        msg = f"Output {view._output_nr} of {_forward_op_name(fn)} is a view and {modified} modified inplace."
    return RuntimeError(f"{msg} {_REBASE_REFUSALS[meta]}")


def _forward_op_name(fn):
    """The op a node differentiates, as torch's messages name it: Select for SelectBackward0, Squeeze1 for
    SqueezeBackward1, a custom Function's class name for its node."""
    return _op_name(fn.name())


def _op_name(node_name):
    return node_name[:-len("Backward0")] if node_name.endswith("Backward0") else node_name.replace("Backward", "", 1)


def _view_takes_grad(t):
    """For a view that took no grad: whether it does now, its base having taken a history since
    through another view changed in place (the grad_fn property re-derives it from the base, as
    torch's does, and its requires_grad with it); or whether, with no history, it requires grad
    through its base (Tensor.requires_grad), so that what is computed from it records a node
    whose edge for it goes nowhere, as torch's. Nothing is re-derived here: an op that records does
    that when it takes the view's edge (_rederived), as torch's collect_next_edges."""
    return t.requires_grad


def _rederived(t):
    """For a view that took no grad, as an op records it: its history re-derived from its base (which took
    one since, through another view changed in place), and whether it takes grad now."""
    t.grad_fn
    return t._requires_grad


def _takes_grad(t):
    return t._requires_grad or (t._base is not None and _view_takes_grad(t))


def _record(cls, args, datas):
    """Op.apply with recording: the node (an instance of the op's class) is the forward's ctx;
    it gets its edges and input metadata, what the formula saves, and becomes the output's grad_fn.
    (One and two inputs, the usual arities, take _record1 and _record2: the same steps unrolled.)"""
    n = len(args)
    if n == 2:
        return _record2(cls, args[0], args[1], datas[0], datas[1])
    if n == 1:
        return _record1(cls, args[0], datas[0])
    node = _new_node(cls)
    node._seq = next(_sequence)
    if _anomaly.enabled:
        record_stack(node)
    token = quiet()
    try:
        out = cls.forward(node, *datas)
    finally:
        unquiet(token)
    node._arity = n
    metas = []
    rest = None
    for i in range(n):
        a = args[i]
        if (type(a) is Tensor or isinstance(a, Tensor)) and (a._requires_grad or (a._base is not None and _rederived(a))):
            fn = a._grad_fn if a._base is None else a.grad_fn
            if fn is None:
                fn = leaf_accumulator(a)
                nr = 0
            else:
                nr = a._output_nr
            if i == 0:
                node._e0 = fn
                if nr:
                    node._n0 = nr
            elif i == 1:
                node._e1 = fn
                if nr:
                    node._n1 = nr
            else:
                if rest is None:
                    rest = [NO_EDGE] * (n - 2)
                rest[i - 2] = (fn, nr)
            d = datas[i]
            metas.append((d.shape, d.dtype))
        else:
            metas.append(None)
            if not cls._listed >> i & 1 and not isinstance(a, Tensor):
                node._hidden |= 1 << i  # torch lists no edge for a number, a dim or a flag
    if rest is not None:
        node._erest = tuple(rest)
    node._metas = tuple(metas)  # a tuple of untracked values: the garbage collector stops visiting it
    return _record_outputs(cls, node, args, out)


def _record1(cls, a, da):
    """_record for one input."""
    node = _new_node(cls)
    node._seq = next(_sequence)
    if _anomaly.enabled:
        record_stack(node)
    token = quiet()
    try:
        out = cls.forward(node, da)
    finally:
        unquiet(token)
    node._arity = 1
    if (type(a) is Tensor or isinstance(a, Tensor)) and (a._requires_grad or (a._base is not None and _rederived(a))):
        fn = a._grad_fn if a._base is None else a.grad_fn
        if fn is None:
            node._e0 = leaf_accumulator(a)
        else:
            node._e0 = fn
            if a._output_nr:
                node._n0 = a._output_nr
        node._metas = ((da.shape, da.dtype),)
    else:
        node._metas = (None,)
        if not cls._listed & 1 and not isinstance(a, Tensor):
            node._hidden = cls._hidden | 1
    if cls._saves_result_only and cls._one_plain_output and not saved_tensors_hooks_stack:  # exp, tanh: inline
        t = _wrap_result(out if type(out) is _ndarray else np.asarray(out), node)
        if t._data.dtype.kind not in "fc" and not cls.written_in_place:
            raise _no_autograd_dtype(t._data.dtype)
        node._saved = (SavedTensor(t, True),)  # positional: keyword passing costs ~60 ns here
        return t
    return _record_outputs(cls, node, (a,), out)


def _record2(cls, a, b, da, db):
    """_record for two inputs."""
    node = _new_node(cls)
    node._seq = next(_sequence)
    if _anomaly.enabled:
        record_stack(node)
    token = quiet()
    try:
        out = cls.forward(node, da, db)
    finally:
        unquiet(token)
    node._arity = 2
    if (type(a) is Tensor or isinstance(a, Tensor)) and (a._requires_grad or (a._base is not None and _rederived(a))):
        fn = a._grad_fn if a._base is None else a.grad_fn
        if fn is None:
            node._e0 = leaf_accumulator(a)
        else:
            node._e0 = fn
            if a._output_nr:
                node._n0 = a._output_nr
        m0 = (da.shape, da.dtype)
    else:
        m0 = None
        if not cls._listed & 1 and not isinstance(a, Tensor):
            node._hidden = cls._hidden | 1
    if (type(b) is Tensor or isinstance(b, Tensor)) and (b._requires_grad or (b._base is not None and _rederived(b))):
        fn = b._grad_fn if b._base is None else b.grad_fn
        if fn is None:
            node._e1 = leaf_accumulator(b)
        else:
            node._e1 = fn
            if b._output_nr:
                node._n1 = b._output_nr
        m1 = (db.shape, db.dtype)
    else:
        m1 = None
        if not cls._listed & 2 and not isinstance(b, Tensor):
            node._hidden |= 2
    node._metas = (m0, m1)
    if type(db) is _ndarray and type(da) is _ndarray and da.dtype is not db.dtype and da.dtype != db.dtype \
            and cls._on_arrays and cls.saves:
        node._on_arrays = False  # NumPy would promote the operands as torch does not (float32 * int64)
    if cls._saves_nothing_or_crosswise and not saved_tensors_hooks_stack:  # add, sub, mul: inline
        t = _wrap_result(out if type(out) is _ndarray else np.asarray(out), node)
        if t._data.dtype.kind not in "fc" and not cls.written_in_place:
            raise _no_autograd_dtype(t._data.dtype)
        if cls.saves:  # Mul: each input only for the other's gradient
            node._saved = ((None if m1 is None else SavedTensor(a) if isinstance(a, Tensor) else a),
                           (None if m0 is None else SavedTensor(b) if isinstance(b, Tensor) else b))
        return t
    return _record_outputs(cls, node, (a, b), out)


def _record_outputs(cls, node, args, out):
    """The recorded op's output tensor(s), with `node` as their grad_fn, and what its formula saves."""
    if cls.n_outputs == 1:
        t = _wrap_result(out if type(out) is _ndarray else np.asarray(out), node)
        if t._data.dtype.kind not in "fc" and not cls.written_in_place:  # (sum(dtype=torch.int32) requiring grad)
            raise _no_autograd_dtype(t._data.dtype)
        if cls.is_view:
            _mark_view(t, args, cls)
        if cls.saves:
            if saved_tensors_hooks_stack:
                _save(node, cls, args, (t,))
            elif cls._saves_result_only:
                node._saved = (SavedTensor(t, True),)  # positional: keyword passing costs ~60 ns here
            elif cls._saves_input0:  # log, sin, ...: the input
                a = args[0]
                node._saved = (SavedTensor(a) if isinstance(a, Tensor) else a),
            elif cls._saves_inputs01:  # pow, a conv, a loss: both inputs (the order torch packs them in
                a, b = args[0], args[1]  # matters only to pack hooks, which _save serves)
                node._saved = ((SavedTensor(a) if isinstance(a, Tensor) else a),
                               (SavedTensor(b) if isinstance(b, Tensor) else b))
            else:
                _save(node, cls, args, (t,))
        return t
    outputs = tuple(_wrap(o if type(o) is _ndarray else np.asarray(o)) for o in out)
    node._n_outputs = len(outputs)
    node._out_metas = [(o._data.shape, o._data.dtype) for o in outputs]
    node._plain = cls._direct_backward  # (hooks and retain_grad clear it, as for one output)
    for i, t in enumerate(outputs):
        if i not in cls.nondiff_outputs and t._data.dtype.kind in "fc":  # (others: as a custom Function's)
            t._requires_grad = True
            t._grad_fn = node
            t._output_nr = i
    if cls.saves:
        _save(node, cls, args, outputs)
    return outputs


def complex_result_error(cls):
    """pullback's refusal of an op given a complex number (x * 1j, a np.complex128): torch's result is a
    complex tensor, and pullback has no complex dtypes."""
    return NotImplementedError(f"{_op_name(cls.node_name)}: a complex number makes torch's result a complex tensor, "
                               "and pullback has no complex dtypes")


def _no_autograd_dtype(dtype):
    """torch's set_history refuses a result autograd cannot follow (only floating results take gradients)."""
    return RuntimeError(f"Autograd not support dtype: {scalar_type_name(dtype)}")


def set_pack_order(cls):
    """The order torch's node packs and unpacks its saved tensors in (by name, outputs last), which saved-
    tensor hooks observe and which decides the tensor a version error names (MulBackward0: other first)."""
    cls._pack_order = sorted(range(len(cls.saves)), key=lambda k: (type(cls.saves[k]) is str, cls.saved_names[k]))
    cls._unpacks_second_first = cls._pack_order == [1, 0]


def _save(node, cls, args, outputs):
    """node._saved: what `cls.saves` asks for, as SavedTensors (numbers as they are), made in torch's
    order (by saved name, outputs last), which is the order saved-tensor pack hooks see."""
    saved = [None] * len(cls.saves)
    needed_by = cls.saves_needed_by
    metas = node._metas  # None exactly for the inputs whose gradient is not needed
    for k in cls._pack_order:
        i = cls.saves[k]
        if needed_by is not None and needed_by[k] is not None and metas[needed_by[k]] is None:
            continue  # only another input's gradient reads it, and none is needed (torch too)
        if i == "result":
            saved[k] = SavedTensor(outputs[0], is_output=True)
        elif type(i) is str:  # "result1", "result2", ...: another output of a multi-output op
            nr = int(i[6:])
            saved[k] = SavedTensor(outputs[nr], is_output=True, output_nr=nr)
        else:
            a = args[i]
            saved[k] = SavedTensor(a) if isinstance(a, Tensor) else a
    node._saved = tuple(saved)


# Python floats as 0-d arrays of a float tensor's dtype: NumPy takes half the time to combine an
# array with one (~0.25 us a call) and gives the same bits, since a Python float (a weak scalar)
# is first converted to the array's dtype. Zero (whose sign a dict key loses) and NaN stay floats.
_FLOAT_OPERANDS = {np.dtype(np.float32): {}, np.dtype(np.float64): {}}
_NO_OPERANDS = {}
_MAX_FLOAT_OPERANDS = 256


def float_operand(value, dtype):
    """The Python float `value` as the operand NumPy combines fastest with an array of `dtype`,
    giving the same result."""
    operand = _FLOAT_OPERANDS.get(dtype, _NO_OPERANDS).get(value)
    return _new_float_operand(value, dtype) if operand is None else operand


def _new_float_operand(value, dtype):
    operands = _FLOAT_OPERANDS.get(dtype)
    if operands is None or not value or value != value:
        return value
    if len(operands) >= _MAX_FLOAT_OPERANDS:  # a value that changes every step: keep the cache small
        operands.clear()
    token = quiet()  # 1e300 for float32: inf, as the weak scalar would give
    try:
        array = np.array(value, dtype)
    finally:
        unquiet(token)
    array.flags.writeable = False
    operands[value] = array
    return array


def binary_operator(cls, fallback, numbers_only=False):
    """Tensor's Python operator for the binary op `cls` (Mul for __mul__): Op.apply's path for a
    Tensor and a Tensor or Python number, without its generic steps; every other operand goes to
    `fallback` (the op's function)."""
    assert cls.differentiable and cls._one_plain_output
    forward = cls.forward

    def operator(self, other):
        t = type(other)
        if t is float:
            od = float_operand(other, self._data.dtype)
            rg = self._requires_grad or (self._base is not None and _view_takes_grad(self))
        elif t is int:
            od = other
            rg = self._requires_grad or (self._base is not None and _view_takes_grad(self))
        elif t is Tensor and not numbers_only:
            od = other._data
            rg = _takes_grad(self) or _takes_grad(other)
        elif operator_operand(other):
            return fallback(self, other)
        else:
            return NotImplemented  # (Python's TypeError then names the operator: x + None)
        if _fw.active:
            return fallback(self, other)
        if rg and _state.enabled:
            return _record2(cls, self, other, self._data, od)
        token = quiet()
        try:
            out = forward(_Scratch(), self._data, od)
        finally:
            unquiet(token)
        return _wrap(out if type(out) is _ndarray else np.asarray(out))
    operator._op_cls = cls  # a profiler wraps the operator as an event of the op (pullback/_profiling.py)
    return operator


def unary_operator(cls):
    """Tensor's Python operator for the unary op `cls` (Neg for __neg__): Op.apply's path for one Tensor."""
    assert cls.differentiable and cls._one_plain_output
    forward = cls.forward

    def operator(self):
        if _fw.active:
            return cls.apply(self)
        if (self._requires_grad or (self._base is not None and _view_takes_grad(self))) and _state.enabled:
            return _record1(cls, self, self._data)
        token = quiet()
        try:
            out = forward(_Scratch(), self._data)
        finally:
            unquiet(token)
        return _wrap(out if type(out) is _ndarray else np.asarray(out))
    operator._op_cls = cls
    return operator


def _check_no_partial_overlap(dst, src):
    """torch's refusal to write an in-place result over memory an input reads in another layout
    (x[1:].add_(x[:-1]), y.mul_(y.t())): elementwise kernels would read values already written.
    As torch, it judges only arrays whose elements fill their memory (it cannot tell otherwise)."""
    if (dst.base is None and src.base is None) or not np.may_share_memory(dst, src):
        return  # (two arrays that own their memory share none)
    if not (dense(dst) and dense(src)):
        return
    if (dst.shape == src.shape and dst.strides == src.strides
            and dst.__array_interface__["data"][0] == src.__array_interface__["data"][0]):
        return  # the same elements, each read where it is written
    raise RuntimeError("unsupported operation: some elements of the input tensor and the written-to tensor refer to "
                       "a single memory location. Please clone() the tensor before performing the operation.")


def _fits_in_place(dst, others):
    """Whether an op of floating `dst` and `others` gives a result of dst's own dtype and shape, which
    its `into` may then write over dst: every array of dst's dtype and broadcasting to dst's shape,
    every other operand a Python float or int (weak, so it takes dst's dtype). Not float16, which
    torch computes in float32 (the forward's way)."""
    if dst.dtype.kind != "f" or dst.dtype.itemsize < 4 or not dst.flags.writeable:
        return False
    for d in others:
        t = type(d)
        if t is _ndarray:
            if d.dtype != dst.dtype or (d.shape != dst.shape and not broadcasts_to(d.shape, dst.shape)):
                return False
        elif t is not float and t is not int:
            return False
    return True


# the families of elementwise ops, which torch runs through TensorIterator
_ELEMENTWISE = ("pullback.ops.pointwise", "pullback.ops.numeric")


def kernel_refusal(error):
    """Whether `error` is an elementwise kernel's own (no kernel for the dtype, an integer division by
    zero), which torch's TensorIterator checks of shapes and dtypes precede."""
    return isinstance(error, NotImplementedError) or str(error) == "ZeroDivisionError"


def _refuse_before_kernel(cls, self, datas, error):
    """Where an elementwise op's kernel refused `self` in place (`error`), torch's TensorIterator would
    have refused first an operand broadcasting past `self`'s shape, then a common dtype that cannot be
    cast into `self`'s."""
    if cls.__module__ not in _ELEMENTWISE or not kernel_refusal(error):
        return
    check_inplace_shape(self._data, datas)
    dst = self._data
    numbers = [d if type(d) is not _ndarray else _ArrayDtype(d) for i, d in enumerate(datas, 1)
               if (type(d) is _ndarray or type(d) in (bool, int, float)) and not cls._scalar_inputs >> i & 1]
    check_result_cast(_dtype.result_type(_ArrayDtype(dst), *numbers).np, dst.dtype)


def check_inplace_shape(dst, datas):
    """torch's refusal of operands (arrays among `datas`) broadcasting past the shape of `dst`, the
    array an in-place op writes (its kernel's broadcast error stands where they do not broadcast)."""
    shape = dst.shape
    for d in datas:
        if type(d) is _ndarray:
            try:
                shape = np.broadcast_shapes(shape, d.shape)
            except ValueError:
                return
    if shape != dst.shape:
        raise RuntimeError(f"output with shape {list(dst.shape)} doesn't match the broadcast shape {list(shape)}")


class _ArrayDtype:
    """An array as result_type reads an operand: its dtype and dims."""
    __slots__ = ("dtype", "ndim")

    def __init__(self, arr):
        self.dtype = _dtype.from_numpy_dtype(arr.dtype)
        self.ndim = arr.ndim


def check_result_cast(result, out):
    """torch's refusal to write a result of NumPy dtype `result` into a tensor of dtype `out` that
    cannot hold its kind (a float into an int tensor)."""
    if result != out and not _castable(result, out):
        raise RuntimeError(f"result type {scalar_type_name(result)} can't be cast to the desired "
                           f"output type {scalar_type_name(out)}")


def _write(self, out, fills=False):
    """Write an op's result into `self` (casting as torch's in-place ops do) and bump the version.
    `fills`: Op.fills of the op writing."""
    dst = self._data
    src = out if type(out) is _ndarray else np.asarray(out)
    if src.shape != dst.shape:  # (torch's TensorIterator: the shape first, then the dtype)
        try:
            shape = np.broadcast_shapes(src.shape, dst.shape)
        except ValueError:
            shape = src.shape
        if shape != dst.shape:
            raise RuntimeError(f"output with shape {list(dst.shape)} doesn't match the broadcast shape {list(shape)}")
    if src.dtype != dst.dtype:
        check_result_cast(src.dtype, dst.dtype)
    if not dst.flags.writeable:
        writer = writable(dst, fills)
        if writer is None:
            raise RuntimeError(INTERNAL_OVERLAP)
        if fills:
            if type(fills) is str:
                warn_expanded_write(fills, dst)
            # only the elements the fill changed are written (torch's kernel visits no other), so an element
            # left alone does not write its old value back over memory it shares with a filled one
            src = src.astype(dst.dtype, copy=False)
            same = (src == dst) | (np.isnan(src) & np.isnan(dst)) if dst.dtype.kind == "f" else src == dst
            np.copyto(writer, src, where=~same)
            self._vc[0] += 1
            return
        dst = writer
    np.copyto(dst, src, casting="unsafe")
    self._vc[0] += 1


def warn_expanded_write(name, dst):
    """torch's deprecation warning for the fill `name` writing into `dst` where elements repeat."""
    if any(s == 0 and n > 1 for n, s in zip(dst.shape, dst.strides)):
        example = "tensor[indices] = tensor" if name == "index_put_" else "tensor[mask] = scalar"
        warnings.warn(f"Use of {name} on expanded tensors is deprecated. Please clone() the tensor before performing "
                      f"this operation. This also applies to advanced indexing e.g. {example}", UserWarning,
                      stacklevel=user_stacklevel())


def _castable(src, dst):
    kinds = "b", "iu", "f", "c"
    rank = {k: i for i, ks in enumerate(kinds) for k in ks}
    return rank[src.kind] <= rank[dst.kind]


def _type_name(v):
    """A value's type as torch's argument parser names it: its own classes by their C names."""
    if isinstance(v, Tensor):
        return type(v).__name__  # (a subclass by its own name, as torch's: Parameter)
    for cls, name in _c_type_names():
        if isinstance(v, cls):
            return name
    return tp_name(v)


@functools.cache
def _c_type_names():
    from .._creation import Generator
    from .._size import Size
    from .._tensor import device
    return ((_dtype.dtype, "torch.dtype"), (_dtype.layout, "torch.layout"),
            (_dtype.memory_format, "torch.memory_format"), (device, "torch.device"), (Generator, "torch._C.Generator"),
            (Size, "torch.Size"))


def int_argument(value):
    """Whether torch's argument parser takes `value` for an int: a Python or NumPy integer, not a bool."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def number_argument(value):
    """`value` as torch's argument parser reads a Number: a Python or NumPy number, or the value of a
    0-d tensor that does not require grad; None for anything else."""
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, np.generic):
        return parsed_number(value)
    if isinstance(value, Tensor) and value._data.ndim == 0 and not value.requires_grad:
        return value.item()
    return None


def _invalid_combination(fn, args, kwargs, signatures):
    """torch's TypeError for arguments that match none of a function's overloads (`signatures`, its
    listing of them: " * (...)" lines), as _signatures formats it."""
    from .._signatures import invalid_arguments
    return TypeError(invalid_arguments(fn, args, kwargs, [line[3:] for line in signatures.splitlines()
                                                          if line.startswith(" * ")]))


def _check_inplace_allowed(t, leaf=None):
    """torch's check_inplace, in its order: a view's creation meta, then a view of a leaf, then a leaf.
    Like torch's, it reads the nodes as they are, not re-derived (`leaf`: t had none before the caller
    re-derived it), so a view whose base took a history since it last took one counts as a leaf."""
    base = t._base
    if base is not None and t._creation_meta is not None:
        raise view_rebase_error(t, indirect=False)
    # (the view may require grad on its own: requires_grad_() on a view of a tensor that does not)
    requires_grad = t._requires_grad or (base is not None and base._requires_grad)
    if base is not None and base._grad_fn is None and requires_grad:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    if (t._grad_fn is None if leaf is None else leaf) and requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")


def _mark_view(t, args, cls):
    src = args[0]
    if t._data.size and not np.may_share_memory(t._data, src._data):
        return  # e.g. reshape had to copy: not a view (an empty result shares no memory, yet is one)
    t._vc = src._vc
    if t._inference is not src._inference:
        t._inference = src._inference  # a view is an inference tensor exactly when its base is
    meta = src._creation_meta if _state.enabled else NO_GRAD_MODE
    if meta is not None:
        t._creation_meta = meta
    if src._base is None:
        t._base = src
        t._view_ops = ((cls, args[1:]),)
    else:
        t._base = src._base
        t._view_ops = src._view_ops + ((cls, args[1:]),)
    t._view_version = src._vc[0]
    if _view_replay_used:
        set_view_fn(t, src, (cls, args[1:]))


_view_replay_used = False


def _view_replay_turned_on():
    global _view_replay_used
    _view_replay_used = True


grad_mode.on_view_replay = _view_replay_turned_on


def set_view_fn(t, src, op):
    """t._view_fn, for a view `t` made from `src` by `op` (torch's ViewInfo.view_fn): how its history is
    rebuilt from the base after an in-place change, as steps (True, ops) replaying the ops themselves
    and (False, ops) one AsStrided to where they lead. Views are given one only while view replay is
    on; a view of such a view keeps its ancestor's steps and reaches its own place by AsStrided."""
    fn = src._view_fn if src._base is not None else None
    if _state.view_replay:
        if fn is None:
            fn = () if src._base is None else ((False, src._view_ops),)
        t._view_fn = fn + ((True, (op,)),)
    elif fn is not None:
        t._view_fn = fn + ((False, (op,)),)


def view_history(view):
    """A fresh history for `view` after its base changed in place: its view function replayed from the
    base (as torch with view replay) or one AsStrided of the base."""
    fn = view._view_fn
    if fn is None:
        return AsStrided.apply(view._base, view._view_ops)
    t = view._base
    for replayed, ops in fn:
        t = replay_view(ops, t) if replayed else AsStrided.apply(t, ops)
    return t


def replay_view(view_ops, base):
    """Apply a view's recorded view ops to `base` (or a tensor shaped like it)."""
    t = base
    for cls, rest in view_ops:
        t = cls.apply(t, *rest)
    return t


def _replay_arrays(view_ops, arr):
    for cls, rest in view_ops:
        arr = cls.forward(_Scratch(), arr, *[r._data if isinstance(r, Tensor) else r for r in rest])
    return arr


def _reads_storage(view_ops):
    return any(cls.reads_storage for cls, _ in view_ops)


class AsStrided(Op):
    """A view's history re-derived from its base after an in-place change (AsStridedBackward0).
    `layout` (None: the base's own) is where the base's elements sit in memory, for view ops that
    read memory by offset."""

    def forward(ctx, base, view_ops, layout=None):
        ctx.layout = layout or (storage_layout(base) if _reads_storage(view_ops) else None)
        memory = base if ctx.layout is None else stand_in(ctx.layout, base)
        out = _replay_arrays(view_ops, memory)
        ctx.geometry, ctx.args = _geometry(memory), _geometry(out)  # as torch's node keeps them
        return out

    def backward(ctx, grad):
        from .strided import _as_strided_backward  # (strided builds on this module)
        return _as_strided_backward(grad, ctx.geometry, *ctx.args), None, None


class CopySlices(Node):
    """A base tensor's history after an in-place op on one of its views: the op's own node
    runs on the view's part of the gradient, the rest passes through to the old base. `position`
    is the op's input that was the view (0 for an op; any for a custom Function's mark_dirty)."""

    def __init__(self, base_edge, base, view_ops, fn, position=0):
        self._seq = next(_sequence)
        self.fn, self.view_ops, self.position = fn, view_ops, position
        # as torch, the gradient is laid out as the base (its new_empty_strided(base's sizes, strides)):
        # in C order for a C-contiguous base that no view op reads by offset, else as the base sits
        # in its memory; the view is then replayed on it whatever the incoming gradient's layout
        self.base_layout = storage_layout(base) if _reads_storage(view_ops) or not base.flags.c_contiguous else None
        edges, metas = list(fn._edges), list(fn._metas)
        edges[position], metas[position] = base_edge, (base.shape, base.dtype)
        self.next_functions, self._metas = tuple(edges), tuple(metas)
        self._hidden = fn._hidden & ~(1 << position)
        self._saved = fn._saved

    def name(self):
        return "torch::autograd::CopySlices"

    def _free(self):
        self.fn._free()
        self._saved = self.fn._saved

    def backward_grads(self, grads):
        from ..autograd.engine import _fit
        if self.base_layout is None:
            result = grads[0].clone(memory_format=_dtype.contiguous_format)
        else:
            result = Tensor._wrap(stand_in(self.base_layout, np.zeros(self.base_layout[0], grads[0]._data.dtype)))
            result.copy_(grads[0])
        part = replay_view(self.view_ops, result)
        fn_grads = list(self.fn.backward_grads([part.clone()]))
        p = self.position
        g = fn_grads[p]
        if g is None:
            part.zero_()
        else:
            meta = self.fn._metas[p]
            part.copy_(g if meta is None else _fit(g, meta, self.fn, p))
        fn_grads[p] = result
        return tuple(fn_grads)


from .._tensor import Tensor, _wrap_result  # noqa: E402  (the Tensor module imports the op table at its end)

_wrap = Tensor._wrap
_new_node = object.__new__
