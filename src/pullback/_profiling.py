"""What the profiler records, and how it hooks into the library.

No profile running, nothing here is on any path: the op table, Tensor's operators and the engine
run their own code. `start` swaps instrumented entry points in, and `stop` (of the last profile
running) puts the originals back:

- `Op.apply` / `Op.apply_`, and every subclass's own (GradientOp.apply): each op an event
  `aten::<name>` (in place: `aten::<name>_`), the name from the op's `aten` attribute or its node's
  name (MulBackward0 -> mul, NativeLayerNormBackward0 -> native_layer_norm);
- `autograd.Function.apply`: a custom Function's call, an event named after its class (torch's);
- Tensor's operator shortcuts (`__mul__`, `x.tanh()`: `_op.binary_operator`/`unary_operator`, tagged
  with their op as `_op_cls`), which reach the op without Op.apply;
- the composite functions torch shows as an event of their own around their ops (`aten::linear`
  around `aten::t` and `aten::addmm`, the factories...): their code objects are swapped for a
  trampoline, so that every reference to the function, however it was imported, records;
- autograd's `_make_grads` (the implicit gradient, torch's `aten::ones_like`) and the engine's
  `_run_node` with its `_profiling` flag, which sends every node through `_run_node` with Tensor
  gradients: `autograd::engine::evaluate_function: <Node>` around `<Node>` (its formula's ops) and
  the fitting of its gradients to its inputs (torch's sum_to in validate_outputs).

Events are recorded from one thread, the one that started the first profile running; several
profiles may run at once (nested or overlapping), each seeing the events that started and ended
inside its window. An op nested in an op of its own class (GradientOp.apply calling Op.apply, an
operator falling back to its function) is one event.
"""
import functools
import os
import re
import sys
import threading
import time

import numpy as np

_recorder = None        # the running _Recorder, or None
_get_ident = threading.get_ident
_now = time.perf_counter_ns

BACKWARD_FUNCTION = 1   # torch's RecordScope values
USER_SCOPE = 7

_thread_numbers = {}     # thread ident -> torch's small thread id (1 for the first thread that recorded)


class Record:
    """One event: its name, start and end (perf_counter_ns), the enclosing event, and what was asked."""
    __slots__ = ("name", "start", "end", "parent", "shapes", "dtypes", "concrete", "scope", "seq", "fwd_thread",
                 "memory", "stack", "user", "tid", "recorder", "flops")

    def __init__(self, recorder, name, parent, scope, seq, user):
        self.recorder, self.name, self.parent, self.scope, self.seq, self.user = \
            recorder, name, parent, scope, seq, user
        self.start = self.end = None
        self.shapes = self.dtypes = self.concrete = self.stack = None
        self.fwd_thread = 0
        self.memory = self.flops = 0
        self.tid = recorder.tid


class Session:
    """One profile's window on the recorder: the events that start and end between its start and stop."""

    def __init__(self, recorder, record_shapes, profile_memory, with_stack, with_flops):
        self.recorder = recorder
        self.record_shapes, self.profile_memory, self.with_stack = record_shapes, profile_memory, with_stack
        self.with_flops = with_flops
        self.first = len(recorder.log)
        self.paused = []      # (from, to) times of toggle_collection_dynamic(False, [CPU]) ... (True, [CPU])
        self.paused_since = None
        self.start_ns = _now()
        self.base_ns = time.time_ns() - _now()  # perf_counter_ns -> epoch
        self.stop_ns = None


class _Recorder:
    def __init__(self):
        self.thread = _get_ident()
        self.tid = _thread_numbers.setdefault(self.thread, len(_thread_numbers) + 1)
        self.native_tid = threading.get_native_id()
        self.log = []      # every event, in the order they started
        self.stack = []    # the open events, innermost last
        self.key = None    # the op class (or composite name) of the innermost instrumented call
        self.pending = None  # the last node's evaluate_function event, open while the engine passes its gradients on
        self.sessions = []
        self.record_shapes = self.profile_memory = self.with_stack = self.with_flops = False
        self.counted = {}  # id -> weakref of the arrays whose bytes an open event already counted

    def configure(self):
        s = self.sessions
        self.record_shapes = any(x.record_shapes for x in s)
        self.profile_memory = any(x.profile_memory for x in s)
        self.with_stack = any(x.with_stack for x in s)
        self.with_flops = any(x.with_flops for x in s)

    def begin(self, name, args=None, kwargs=None, scope=0, seq=-1, user=False):
        stack = self.stack
        rec = Record(self, name, stack[-1] if stack else None, scope, seq, user)
        if self.record_shapes and args is not None:
            values = args if not kwargs else tuple(args) + tuple(kwargs.values())
            rec.shapes, rec.dtypes, rec.concrete = _describe(values)
        if self.with_stack:
            rec.stack = _python_stack()
        self.log.append(rec)
        stack.append(rec)
        rec.start = _now()  # last: the bookkeeping above is not the op's time
        return rec

    def end(self, rec, out=None, args=()):
        rec.end = _now()
        stack = self.stack
        if stack and stack[-1] is rec:
            stack.pop()
        elif rec in stack:  # ranges closed out of order (record_function's __exit__ called late)
            stack.remove(rec)
        if self.with_flops and rec.name in _FLOPS and rec.shapes is not None and out is not None:
            rec.flops = _FLOPS[rec.name](rec.shapes, out)
        if self.profile_memory:
            if out is not None:
                rec.memory += self._fresh_bytes(out, args)
            parent = rec.parent
            if parent is not None and parent.end is None:
                parent.memory += rec.memory
            if not stack:
                self.counted.clear()

    def discard(self, rec):
        """Forget an event (an operator that returned NotImplemented ran no op)."""
        self.end(rec)
        if self.log and self.log[-1] is rec:
            self.log.pop()

    def _fresh_bytes(self, out, args):
        """Bytes of the new memory among an op's outputs: not a view, not an input's memory, not
        counted already by an op inside it (a composite returning its last op's result)."""
        from weakref import ref
        outs = out if type(out) in (tuple, list) else (out,)
        inputs = [a._data for a in args if hasattr(a, "_data")]
        total = 0
        counted = self.counted
        for t in outs:
            a = getattr(t, "_data", None)
            if type(a) is not np.ndarray or getattr(t, "_base", None) is not None:
                continue
            seen = counted.get(id(a))
            if seen is not None and seen() is a:
                continue
            if any(np.may_share_memory(a, i) for i in inputs):
                continue
            counted[id(a)] = ref(a)
            total += a.nbytes
        return total


def _mm_flops(a, b):
    return 2 * a[0] * a[1] * b[1] if len(a) == 2 and len(b) == 2 else 0


def _bmm_flops(a, b):
    return 2 * a[0] * a[1] * a[2] * b[2] if len(a) == 3 and len(b) == 3 else 0


def _conv2d_flops(shapes, out):
    weight = shapes[1] if len(shapes) > 1 else []
    out_shape = getattr(out, "shape", ())
    if len(weight) != 4 or len(out_shape) != 4:
        return 0
    return 2 * int(np.prod(out_shape)) * weight[1] * weight[2] * weight[3]


# torch's FLOP estimates (profiler/util.cpp computeFlops), from the input shapes (and conv's output)
_FLOPS = {
    "aten::mm": lambda s, out: _mm_flops(s[0], s[1]),
    "aten::addmm": lambda s, out: _mm_flops(s[1], s[2]),
    "aten::bmm": lambda s, out: _bmm_flops(s[0], s[1]),
    "aten::baddbmm": lambda s, out: _bmm_flops(s[1], s[2]),
    "aten::mul": lambda s, out: int(np.prod(s[0])),
    "aten::add": lambda s, out: int(np.prod(s[0])),
    "aten::conv2d": _conv2d_flops,
}


def _describe(values):
    """Input shapes, types and concrete values as torch's profiler records them."""
    from ._dtype import cpp_type_name
    shapes, types, concrete = [], [], []
    for v in values:
        data = getattr(v, "_data", None)
        if type(data) is np.ndarray:
            shapes.append(list(data.shape))
            types.append(cpp_type_name(data.dtype))
            concrete.append(None)
        else:
            shapes.append([])
            if isinstance(v, (bool, int, float, np.generic)):
                types.append("Scalar")
                concrete.append(v.item() if isinstance(v, np.generic) else v)
            elif isinstance(v, (tuple, list)) and v and all(hasattr(x, "_data") for x in v):
                types.append("TensorList")
                concrete.append(None)
            elif isinstance(v, (tuple, list)) and all(isinstance(x, int) for x in v):
                types.append("ScalarList")
                concrete.append(list(v))
            else:
                types.append("")
                concrete.append(None)
    return shapes, types, concrete


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_INTERNAL = tuple(_PACKAGE + d + os.sep for d in ("ops", "autograd", "profiler"))


def _python_stack():
    """The Python frames calling the op, innermost first, as torch's with_stack shows them
    ("file.py(12): fn"), without pullback's own op machinery (torch's would be C++)."""
    frames = []
    f = sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        if not (name.startswith(_INTERNAL) or (name.startswith(_PACKAGE) and os.sep not in name[len(_PACKAGE):])):
            frames.append(f"{name}({f.f_lineno}): {f.f_code.co_name}")
        f = f.f_back
    return frames


# ---- names ----

# torch's node names drop an op's leading underscore and title-case it ("_unsafe_view" ->
# UnsafeViewBackward0, "smooth_l1_loss" -> SmoothL1LossBackward0): what the CamelCase cannot give back
_UNDERSCORED = {"safe_softmax", "to_copy", "unsafe_view", "reshape_alias", "weight_norm_interface", "standard_gamma",
                "standard_gamma_grad", "trilinear", "log_softmax_backward_data", "softmax_backward_data",
                "scaled_dot_product_flash_attention_for_cpu", "prelu_kernel", "prelu_kernel_backward",
                "euclidean_dist", "upsample_bilinear2d_aa", "upsample_nearest_exact1d", "upsample_nearest_exact2d",
                "upsample_nearest_exact3d", "segment_reduce_backward"}
_RENAMED = {"is_close": "isclose", "is_finite": "isfinite", "is_inf": "isinf", "is_nan": "isnan",
            "is_neg_inf": "isneginf", "is_pos_inf": "isposinf", "copy": "copy_", "embedding_renorm": "embedding_renorm_",
            "smooth_l1loss": "smooth_l1_loss", "smooth_l1loss_backward": "smooth_l1_loss_backward",
            "grid_sampler2d": "grid_sampler_2d", "grid_sampler3d": "grid_sampler_3d",
            "grid_sampler2d_backward": "grid_sampler_2d_backward", "grid_sampler3d_backward": "grid_sampler_3d_backward"}
_names = {}


def aten_name(cls, inplace=False):
    """The event name of op class `cls`: aten::<op> (aten::<op>_ in place), as torch's profiler shows it."""
    key = (cls, inplace)
    name = _names.get(key)
    if name is None:
        base = getattr(cls, "aten", None) or _from_node_name(cls)
        if inplace and not base.endswith("_"):
            base += "_"
        name = _names[key] = "aten::" + base
    return name


def _from_node_name(cls):
    m = re.fullmatch(r"(.*?)Backward\d+(_copy)?", cls.node_name)
    name = _snake(m.group(1)) + (m.group(2) or "") if m else _snake(cls.__qualname__.lstrip("_"))
    if name in _UNDERSCORED:
        return "_" + name
    return _RENAMED.get(name, name)


def _snake(camel):
    """torch's CamelCase node names back to op names: NativeLayerNorm -> native_layer_norm,
    MaxPool2DWithIndices -> max_pool2d_with_indices, Log1P -> log1p."""
    s = re.sub(r"(?<=\d)([A-Z])", lambda m: m.group(1).lower(), camel)
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    return s.lower()


# ---- the instrumented entry points ----

def _sequence_nr(out, cls):
    """The sequence number of the node an op made for its output (torch's forward events carry it)."""
    t = out[0] if type(out) is tuple and out else out
    fn = getattr(t, "_grad_fn", None)
    return fn._seq if fn is not None and isinstance(fn, cls) else -1


def _event(r, name, key, fn, call_args, args, kwargs=None):
    """fn(*call_args, **kwargs) as an open event `name` (args: what it shows as inputs), with r.key set to
    `key` inside it so that the entry point's own nested calls record no second event; the caller ends it."""
    rec = r.begin(name, args, kwargs)
    previous, r.key = r.key, key
    try:
        out = fn(*call_args, **(kwargs or {}))
    except BaseException:
        r.end(rec)
        raise
    finally:
        r.key = previous
    return rec, out


def _instrumented_apply(func, name_of, sequenced=True):
    """An apply classmethod's function as one event named name_of(cls) (an op's aten name, a custom
    Function's class name, its forward's ops inside); `sequenced`: the event carries its node's number."""
    def apply(cls, *args, **kwargs):
        r = _recorder
        if r is None or r.key is cls or _get_ident() != r.thread:
            return func(cls, *args, **kwargs)
        rec, out = _event(r, name_of(cls), cls, func, (cls,) + args, args, kwargs or None)
        if sequenced:
            rec.seq = _sequence_nr(out, cls)
        r.end(rec, out, args)
        return out
    apply.__name__ = apply.__qualname__ = func.__name__
    apply.__doc__ = func.__doc__
    return apply


def _instrumented_operator(fn, cls):
    name = aten_name(cls)

    def operator(self, *args):
        r = _recorder
        if r is None or r.key is cls or _get_ident() != r.thread:
            return fn(self, *args)
        args = (self,) + args
        rec, out = _event(r, name, cls, fn, args, args)
        if out is NotImplemented:
            r.discard(rec)
            return out
        rec.seq = _sequence_nr(out, cls)
        r.end(rec, out, args)
        return out
    operator.__name__ = operator.__qualname__ = fn.__name__
    operator.__doc__ = fn.__doc__
    return operator


def _profiled_call(index, args, kwargs):
    """A composite function's trampoline: the original function as one event."""
    fn, name = _composite_originals[index]
    r = _recorder
    if r is None or r.key == name or _get_ident() != r.thread:
        return fn(*args, **kwargs)
    rec, out = _event(r, name, name, fn, args, args, kwargs)
    r.end(rec, out, args)
    return out


def _profiled_make_grads(outputs, grads):
    """autograd's implicit gradients, each torch's aten::ones_like."""
    r = _recorder
    if r is None or _get_ident() != r.thread or any(g is not None for g in grads):
        return _make_grads(outputs, grads)
    result = []
    for out in outputs:
        rec = r.begin("aten::ones_like", (out,))
        try:
            g = _make_grads([out], [None])
        except BaseException:
            r.end(rec)
            raise
        r.end(rec, g[0])
        result += g
    return result


_EVALUATE = "autograd::engine::evaluate_function: "


def _profiled_run_node(node, grads, targets, captured, needed, accumulate, create_graph):
    """A node as torch's engine shows it: evaluate_function around the node (its formula's ops) and
    the gradients' fitting; the event stays open while the engine hands the gradients on (summing
    two that meet at an input, as torch's input buffers do inside it), until the next node runs or
    the backward pass returns."""
    r = _recorder
    if r is None or _get_ident() != r.thread:
        return _run_node(node, grads, targets, captured, needed, accumulate, create_graph)
    from .autograd.node import AccumulateGrad
    if r.pending is not None:
        r.end(r.pending)
        r.pending = None
    name = node.name()
    seq = -1 if type(node) is AccumulateGrad else getattr(node, "_seq", -1)
    key, r.key = r.key, None
    outer = r.begin(_EVALUATE + name, None, seq=seq)
    outer.fwd_thread = r.tid if seq >= 0 else 0
    try:
        inner = r.begin(name, grads, scope=BACKWARD_FUNCTION, seq=seq)
        inner.fwd_thread = outer.fwd_thread
        try:
            outs = _run_node(node, grads, targets, captured, needed, accumulate, create_graph)
        finally:
            r.end(inner)
        if outs is not None:
            outs = _fitted(node, outs, needed)
    except BaseException:
        r.key = key
        r.end(outer)
        raise
    r.key = key
    r.pending = outer
    return outs


def _profiled_run_backward(*args, **kwargs):
    r = _recorder
    if r is None or _get_ident() != r.thread:
        return _run_backward(*args, **kwargs)
    pending, r.pending = r.pending, None  # a backward inside a node (double backward in a formula): its own
    try:
        return _run_backward(*args, **kwargs)
    finally:
        if r.pending is not None:
            r.end(r.pending)
        r.pending = pending


def _fitted(node, outs, needed):
    """Each gradient summed and cast to its input (torch's validate_outputs, inside the node's
    evaluate_function event): the engine then finds nothing to fit."""
    from .autograd.engine import _fit
    from .autograd.node import edges_of
    metas = node._metas
    if metas is None:
        return outs
    outs = list(outs)
    for i, child, _ in edges_of(node):
        if i >= len(outs) or i >= len(metas) or (needed is not None and child not in needed):
            continue
        g, meta = outs[i], metas[i]
        if g is None or meta is None:
            continue
        d = g._data
        if d.shape != meta[0] or (d.dtype is not meta[1] and d.dtype != meta[1]):
            outs[i] = _fit(g, meta, node, i, child)
    return tuple(outs)


# ---- composites: functions torch shows as an event around their ops ----

COMPOSITES = [
    ("pullback.ops.nn.dense", "linear", "aten::linear"),
    ("pullback.ops.linalg", "matmul", "aten::matmul"),
    ("pullback.ops.linalg", "einsum", "aten::einsum"),
    ("pullback.ops.nn.dropout_family", "dropout", "aten::dropout"),
    ("pullback.ops.nn.normalization", "layer_norm", "aten::layer_norm"),
    ("pullback.ops.nn.normalization", "batch_norm", "aten::batch_norm"),
    ("pullback.ops.nn.normalization", "group_norm", "aten::group_norm"),
    ("pullback.ops.nn.normalization", "instance_norm", "aten::instance_norm"),
    ("pullback.ops.nn.conv", "conv1d", "aten::conv1d"),
    ("pullback.ops.nn.conv", "conv2d", "aten::conv2d"),
    ("pullback.ops.nn.conv", "conv3d", "aten::conv3d"),
    ("pullback.ops.nn.conv", "conv_transpose1d", "aten::conv_transpose1d"),
    ("pullback.ops.nn.conv", "conv_transpose2d", "aten::conv_transpose2d"),
    ("pullback.ops.nn.conv", "conv_transpose3d", "aten::conv_transpose3d"),
    ("pullback.ops.nn.loss", "cross_entropy", "aten::cross_entropy_loss"),
    ("pullback.ops.nn.loss", "nll_loss", "aten::nll_loss_nd"),
    ("pullback.ops.nn.pooling", "max_pool1d", "aten::max_pool1d"),
    ("pullback.ops.nn.pooling", "max_pool2d", "aten::max_pool2d"),
    ("pullback.ops.nn.pooling", "max_pool3d", "aten::max_pool3d"),
    ("pullback.ops.nn.attention", "scaled_dot_product_attention", "aten::scaled_dot_product_attention"),
    ("pullback.ops.shape", "reshape", "aten::reshape"),
    ("pullback.ops.shape", "flatten", "aten::flatten"),
    ("pullback.ops.shape", "contiguous", "aten::contiguous"),
    ("pullback.ops.shape", "chunk", "aten::chunk"),
    ("pullback.ops.shape", "expand_as", "aten::expand_as"),
    ("pullback.ops.shape", "view_as", "aten::view_as"),
    ("pullback.ops.shape", "reshape_as", "aten::reshape_as"),
    ("pullback._tensor", "Tensor.to", "aten::to"),
    ("pullback._tensor", "Tensor.item", "aten::item"),
    ("pullback._tensor", "Tensor.detach", "aten::detach"),
    ("pullback._tensor", "Tensor.type_as", "aten::type_as"),
    ("pullback._creation", "zeros", "aten::zeros"),
    ("pullback._creation", "ones", "aten::ones"),
    ("pullback._creation", "empty", "aten::empty"),
    ("pullback._creation", "full", "aten::full"),
    ("pullback._creation", "arange", "aten::arange"),
    ("pullback._creation", "eye", "aten::eye"),
    ("pullback._creation", "linspace", "aten::linspace"),
    ("pullback._creation", "rand", "aten::rand"),
    ("pullback._creation", "randn", "aten::randn"),
    ("pullback._creation", "randint", "aten::randint"),
    ("pullback._creation", "zeros_like", "aten::zeros_like"),
    ("pullback._creation", "ones_like", "aten::ones_like"),
    ("pullback._creation", "empty_like", "aten::empty_like"),
    ("pullback._creation", "full_like", "aten::full_like"),
    ("pullback._creation", "rand_like", "aten::rand_like"),
    ("pullback._creation", "randn_like", "aten::randn_like"),
]
_composite_originals = []  # index -> (a copy of the function as it was, event name)
_TRAMPOLINE_GLOBAL = "_pullback_profiled_call"


def _trampoline_code(fn, index):
    """A code object for `fn` that calls _profiled_call(index, args, kwargs), with fn's free
    variables (so that it fits fn's closure), named as fn."""
    code = fn.__code__
    free = code.co_freevars
    lines = ["def _outer():"]
    if free:
        lines.append(f"    {' = '.join(free)} = None")
    lines.append("    def _trampoline(*args, **kwargs):")
    if free:
        lines.append(f"        {', '.join(free)}")
    lines.append(f"        return {_TRAMPOLINE_GLOBAL}({index}, args, kwargs)")
    lines.append("    return _trampoline")
    namespace = {}
    exec("\n".join(lines), namespace)
    new = namespace["_outer"]().__code__
    if new.co_freevars != free:
        return None
    return new.replace(co_name=code.co_name, co_qualname=code.co_qualname, co_filename=code.co_filename,
                       co_firstlineno=code.co_firstlineno)


def _composites():
    import importlib
    import types
    for module_name, path, name in COMPOSITES:
        obj = importlib.import_module(module_name)
        for part in path.split("."):
            obj = getattr(obj, part, None)
        if isinstance(obj, types.FunctionType):
            yield obj, name


_signatures = {}
_NO_SIGNATURE = object()


def _signature(fn):
    sig = _signatures.get(fn)
    if sig is None:
        import inspect
        sig = _signatures[fn] = inspect.signature(fn)
    return sig


# ---- swapping in and out ----

_saved = None  # what start() replaced, for stop() to put back


def _op_classes():
    from .ops._op import Op
    seen, todo = [], [Op]
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.append(cls)
            todo.extend(cls.__subclasses__())
    return seen


def _install():
    global _saved, _run_node, _make_grads, _run_backward
    from . import autograd
    from ._tensor import Tensor
    from .autograd import engine
    from .autograd.function import Function
    saved = []
    for cls in _op_classes():
        for attr, inplace in (("apply", False), ("apply_", True)):
            d = cls.__dict__.get(attr)
            if isinstance(d, classmethod):
                saved.append((cls, attr, d))
                setattr(cls, attr, classmethod(_instrumented_apply(d.__func__, functools.partial(aten_name,
                                                                                                   inplace=inplace))))
    apply = Function.__dict__["apply"]
    saved.append((Function, "apply", apply))
    Function.apply = classmethod(_instrumented_apply(apply.__func__, lambda cls: cls.__name__, sequenced=False))
    for attr, fn in list(vars(Tensor).items()):
        cls = getattr(fn, "_op_cls", None)
        if cls is not None:
            saved.append((Tensor, attr, fn))
            setattr(Tensor, attr, _instrumented_operator(fn, cls))
    codes = []
    for fn, name in _composites():
        import types
        copy = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
        copy.__kwdefaults__ = fn.__kwdefaults__
        index = len(_composite_originals)
        code = _trampoline_code(fn, index)
        if code is None:
            continue
        _composite_originals.append((copy, name))
        fn.__globals__[_TRAMPOLINE_GLOBAL] = _profiled_call
        codes.append((fn, fn.__code__, fn.__dict__.get("__signature__", _NO_SIGNATURE)))
        fn.__signature__ = _signature(fn)  # inspect.signature still shows the function's own parameters
        fn.__code__ = code
    _run_node = engine._run_node
    engine._run_node = _profiled_run_node
    engine._profiling = True
    _make_grads = autograd._make_grads
    autograd._make_grads = _profiled_make_grads
    _run_backward = autograd.run_backward
    autograd.run_backward = _profiled_run_backward
    _saved = saved, codes


def _uninstall():
    global _saved
    from . import autograd
    from .autograd import engine
    saved, codes = _saved
    for owner, attr, value in reversed(saved):
        setattr(owner, attr, value)
    for fn, code, signature in codes:
        fn.__code__ = code
        if signature is _NO_SIGNATURE:
            del fn.__signature__
        else:
            fn.__signature__ = signature
    _composite_originals.clear()
    engine._run_node = _run_node
    engine._profiling = False
    autograd._make_grads = _make_grads
    autograd.run_backward = _run_backward
    _saved = None


_run_node = None
_make_grads = None
_run_backward = None
_lock = threading.Lock()


def start(record_shapes=False, profile_memory=False, with_stack=False, with_flops=False):
    """Begin a profile's window (installing the instrumentation if none runs): its Session."""
    global _recorder
    with _lock:
        if _recorder is None:
            r = _Recorder()
            _install()
            _recorder = r
        r = _recorder
        session = Session(r, record_shapes or with_flops, profile_memory, with_stack, with_flops)
        r.sessions.append(session)
        r.configure()
        return session


def stop(session):
    """End a profile's window: its Result (uninstalling the instrumentation when no profile runs)."""
    global _recorder
    with _lock:
        r = session.recorder
        session.stop_ns = _now()
        if session.paused_since is not None:
            session.paused.append((session.paused_since, session.stop_ns))
            session.paused_since = None
        records = [rec for rec in r.log[session.first:]
                   if rec.end is not None and rec.end <= session.stop_ns
                   and not any(a <= rec.start < b for a, b in session.paused)]
        if session in r.sessions:
            r.sessions.remove(session)
        r.configure()
        if not r.sessions:
            if r is _recorder:
                _uninstall()
                _recorder = None
        else:
            # the log before the oldest running window is no window's any more
            first = min(s.first for s in r.sessions)
            if first:
                del r.log[:first]
                for s in r.sessions:
                    s.first -= first
        return Result(records, session)


def pause(session, enabled):
    """toggle_collection_dynamic for CPU events: events starting while paused are left out."""
    if not enabled and session.paused_since is None:
        session.paused_since = _now()
    elif enabled and session.paused_since is not None:
        session.paused.append((session.paused_since, _now()))
        session.paused_since = None


def begin_range(name, scope=USER_SCOPE, user=True):
    """record_function's start: an event on the recording thread, else None."""
    r = _recorder
    if r is None or _get_ident() != r.thread:
        return None
    return r.begin(name, scope=scope, user=user)


def end_range(rec):
    r = rec.recorder
    if rec.end is None:
        r.end(rec)


def is_recording():
    return _recorder is not None


class Result:
    """A finished window: its events (Records), as torch's _ProfilerResult holds kineto's."""

    def __init__(self, records, session):
        self.records = records
        self.session = session

    def trace_start_ns(self):
        return self.session.start_ns

    def save(self, path, metadata=None, trace_id=None):
        """The window as a Chrome trace (the JSON torch's kineto writes: traceEvents of phase 'X')."""
        import json
        import os
        s = self.session
        pid = os.getpid()
        tid = s.recorder.native_tid
        base = s.base_ns
        ids = {id(rec): i for i, rec in enumerate(self.records, 1)}
        events = [
            {"ph": "M", "name": "process_name", "ts": s.start_ns / 1000, "pid": pid, "tid": 0,
             "args": {"name": "python"}},
            {"ph": "M", "name": "process_labels", "ts": s.start_ns / 1000, "pid": pid, "tid": 0,
             "args": {"labels": "CPU"}},
            {"ph": "M", "name": "process_sort_index", "ts": s.start_ns / 1000, "pid": pid, "tid": 0,
             "args": {"sort_index": pid}},
            {"ph": "M", "name": "thread_name", "ts": s.start_ns / 1000, "pid": pid, "tid": tid,
             "args": {"name": f"thread {tid} (python)"}},
            {"ph": "M", "name": "thread_sort_index", "ts": s.start_ns / 1000, "pid": pid, "tid": tid,
             "args": {"sort_index": tid}},
        ]
        flows = []
        for i, rec in enumerate(self.records):
            args = {"External id": ids[id(rec)]}
            if rec.seq >= 0:
                args["Sequence number"] = rec.seq
                args["Fwd thread id"] = rec.fwd_thread
            args["Record function id"] = 0
            if s.record_shapes and rec.shapes is not None:
                args["Concrete Inputs"] = ["" if c is None else str(c) for c in rec.concrete]
                args["Input type"] = rec.dtypes
                args["Input Dims"] = rec.shapes
            args["Ev Idx"] = i
            events.append({"ph": "X", "cat": "user_annotation" if rec.user else "cpu_op", "name": rec.name,
                           "pid": pid, "tid": tid, "ts": round(rec.start / 1000, 3),
                           "dur": round((rec.end - rec.start) / 1000, 3), "args": args})
            if rec.seq >= 0 and not rec.user and rec.scope != BACKWARD_FUNCTION and not rec.name.startswith(_EVALUATE):
                flows.append({"ph": "s", "id": rec.seq + 1, "pid": pid, "tid": tid, "ts": round(rec.start / 1000, 3),
                              "cat": "fwdbwd", "name": "fwdbwd"})
            elif rec.seq >= 0 and rec.scope == BACKWARD_FUNCTION:
                flows.append({"ph": "f", "id": rec.seq + 1, "pid": pid, "tid": tid, "ts": round(rec.start / 1000, 3),
                              "cat": "fwdbwd", "name": "fwdbwd", "bp": "e"})
        import socket
        trace = {"schemaVersion": 1, "deviceProperties": []}
        if trace_id:
            trace["trace_id"] = trace_id
        for key, value in (metadata or {}).items():
            try:
                trace[key] = json.loads(value)
            except (TypeError, ValueError):
                trace[key] = value
        trace.update({"host_name": socket.gethostname(), "displayTimeUnit": "ms", "baseTimeNanoseconds": base, "traceEvents": events + flows,
                      "traceName": path})
        with open(path, "w") as f:
            json.dump(trace, f)
