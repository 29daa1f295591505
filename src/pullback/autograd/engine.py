"""The backward engine: one iterative, dependency-counted walk over the graph.

1. Count, for every node reachable from the roots, how many edges lead into it.
2. Run a node once all its incoming gradients have arrived, most recently created first
   (torch's order), summing gradients per (node, output) in a buffer popped as it runs,
   so memory is returned during the walk.
3. Give every input exactly its own shape and dtype (`_fit`): the one place where
   broadcasting is undone, so no derivative formula has to think about it.
Nothing recurses, so graph depth is limited only by memory.

Without create_graph nothing needs recording, so gradients travel as bare ndarrays: a formula
marked `on_arrays` (plain arithmetic, such as Mul's `grad * b`) runs on them as NumPy code,
and only the other nodes (hooks, captures, formulas using Tensor methods) get Tensors.
"""
import gc
import heapq
import itertools
import sys
import threading

import numpy as np

from .._fperrors import quiet, unquiet
from .._size import broadcasts_to
from . import grad_mode
from .anomaly_mode import _state as _anomaly, run_checked
from .grad_mode import _state as _grad_state
from .forward_ad import state as _fw
from .node import AccumulateGrad, edges_of, gradient_edge


def _fit(grad, meta, node, index, child=None):
    """Sum a gradient (a Tensor, or an array on an array walk) back to its input's shape and
    cast it to the input's dtype (to a leaf's grad_dtype where set: `child` is where it goes)."""
    shape, dtype = meta
    if type(child) is AccumulateGrad and child.variable._grad_dtype is not False:
        dtype = _leaf_grad_dtype(child.variable)
    if not hasattr(grad, "_data"):
        g = np.asarray(grad)
        if g.shape != shape:
            _check_fits(g, shape, node, index)
            g = _sum_to_array(g, shape)
        return g if dtype is None or g.dtype == dtype else _tensor_wrap(g).to(_dtype_of(dtype))._data
    g = grad._data
    if g.shape != shape:
        _check_fits(g, shape, node, index)
        grad = grad.sum_to_size(shape)
    if dtype is not None and grad._data.dtype != dtype:
        grad = grad.to(_dtype_of(dtype))
    return grad


def _leaf_grad_dtype(var):
    """The NumPy dtype gradients arriving at leaf `var` are cast to (None: any is kept), by its grad_dtype."""
    want = var._grad_dtype
    if want is False:
        return var._data.dtype
    if want is not None and not want.is_floating_point:
        raise RuntimeError(f"isDifferentiableType(grad.scalar_type()) INTERNAL ASSERT FAILED: a gradient cannot have "
                           f"the grad_dtype {want} of this leaf, which is not a floating point dtype")
    return None if want is None else want.np


def _to_grad_dtype(grad, var):
    """A leaf's incoming gradient (a Tensor) cast to the leaf's grad_dtype, as torch's engine casts it
    before any hook sees it."""
    dtype = _leaf_grad_dtype(var)
    return grad if dtype is None or grad._data.dtype == dtype else grad.to(_dtype_of(dtype))


def _check_fits(g, shape, node, index):
    if not broadcasts_to(shape, g.shape):
        raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index {index} - got "
                           f"{list(g.shape)} but expected shape compatible with {list(shape)}")


def _dtype_of(np_dtype):
    from .._dtype import from_numpy_dtype
    return from_numpy_dtype(np_dtype)


def _children(node):
    """The nodes `node`'s inputs lead to (None where an input has no edge)."""
    rest = node._erest
    if rest:
        return (node._e0, node._e1) + tuple([c for c, _ in rest])
    return node._e0, node._e1


def _count_dependencies(roots):
    deps = {}
    stack = list(dict.fromkeys(node for node, _ in roots if node is not None))  # a node may be two roots
    roots = set(stack)
    pop, push, get = stack.pop, stack.append, deps.get
    while stack:
        node = pop()
        child = node._e0
        if child is not None:
            d = get(child)
            if d is None:
                deps[child] = 1
                if child not in roots:
                    push(child)
            else:
                deps[child] = d + 1
        if node._e1 is None and not node._erest:
            continue
        for child in _children(node)[1:]:
            if child is None:
                continue
            d = get(child)
            if d is None:
                deps[child] = 1
                if child not in roots:
                    push(child)
            else:
                deps[child] = d + 1
    return deps


def _needed_nodes(roots, deps, wanted, accumulate):
    """(needed, executed) for a backward capturing gradients at the `wanted` nodes: the nodes from which
    some wanted node can be reached (the only ones worth running), and those it runs (torch's exec_info
    needed_): the ones leading on to a needed node, and in backward(inputs=...) the wanted nodes too
    (autograd.grad only captures at them)."""
    nodes = set(deps)
    nodes.update(node for node, _ in roots if node is not None)
    sinks = {node for node in nodes if not _leads_to(node, nodes)}  # (every child of a node is in `nodes`)
    if sinks <= wanted:
        # every path ends at a wanted node (the usual autograd.grad): all are needed, and all but the sinks run
        needed, executed = nodes, nodes - sinks
    else:
        order = []
        remaining = dict(deps)
        ready = [node for node, _ in roots if node is not None and not remaining.get(node)]
        seen = set(ready)
        while ready:
            node = ready.pop()
            order.append(node)
            for child in _children(node):
                if child is None:
                    continue
                left = remaining[child] - 1
                remaining[child] = left
                if not left and child not in seen:
                    seen.add(child)
                    ready.append(child)
        needed = set(wanted)
        for node in reversed(order):
            if node in needed:
                continue
            if _leads_to(node, needed):
                needed.add(node)
        executed = {node for node in needed if _leads_to(node, needed)}
    if accumulate:
        executed.update(wanted & needed)
    return needed, executed


def _leads_to(node, nodes):
    """Whether an edge of `node` goes to one of `nodes`."""
    return node._e0 in nodes or node._e1 in nodes or bool(node._erest and any(c in nodes for c, _ in node._erest))


def _as_tensors(grads):
    """An array walk's gradients, wrapped for a node that works on Tensors."""
    return [None if g is None else _tensor_wrap(g if type(g) is np.ndarray else np.asarray(g)) for g in grads]


def _as_arrays(outs):
    """A Tensor node's gradients, unwrapped for an array walk."""
    return tuple([g if g is None else g._data for g in outs])


def _sum_to_array(g, shape):
    global _sum_to_array
    from ..ops.shape import sum_to_array as _sum_to_array  # the op table imports autograd: looked up on first use
    return _sum_to_array(g, shape)


def _tensor_wrap(data):
    global _tensor_wrap
    from .._tensor import Tensor  # the Tensor module imports autograd: looked up on first use
    _tensor_wrap = Tensor._wrap
    return _tensor_wrap(data)


def _call_tensor_hooks(node, grads):
    hooks = node._tensor_hooks
    if hooks:
        for nr, fns in hooks.items():
            for fn in list(fns.values()):  # (an output that got no gradient: None, as torch's)
                grads[nr] = _hook_value(fn, grads[nr], fn(grads[nr]))
    retained = node._retain_grad
    if retained:
        for nr, ref in retained.items():
            t = ref()
            if t is not None and grads[nr] is not None:
                g = grads[nr]
                if t._grad is None:
                    t._grad = g if g._grad_fn is not None else g._detached_copy()
                else:
                    t._grad = t._grad + g


def _call_leaf_hooks(var, grad):
    for fn in list(var._hooks.values()):
        grad = _hook_value(fn, grad, fn(grad))
    return grad


def _hook_value(fn, old, new):
    """The gradient after a hook: its return value if any, a tensor which must keep the shape and dtype."""
    if new is None:
        return old
    if old is None:
        raise RuntimeError("can't replace a None gradient with a non-None value")
    if not hasattr(new, "_data"):
        raise TypeError(f"expected Variable, but hook returned '{type(new).__name__}'")
    if old is not None and new._data.shape != old._data.shape:
        raise RuntimeError(f"hook '{getattr(fn, '__name__', fn)}' has changed the size of value")
    if old is not None and new._data.dtype != old._data.dtype:
        from .._tensor import tensor_type_name
        raise RuntimeError(f"hook '{getattr(fn, '__name__', fn)}' has changed the type of value (was "
                           f"{tensor_type_name(old._data.dtype)} got {tensor_type_name(new._data.dtype)})")
    return new


def _hook_values(fn, old, new):
    """The gradients after a node hook: a sequence as long as the old one, each keeping its shape."""
    if new is None:
        return old
    if len(new) != len(old):
        raise RuntimeError(f"hook '{getattr(fn, '__name__', fn)}' has returned an incorrect number of values "
                           f"(got {len(new)}, but expected {len(old)})")
    return [_hook_value(fn, o, n) for o, n in zip(old, new)]


class GraphTask:
    """What a running backward pass knows of its graph (torch's GraphTask): its id, the nodes it will
    reach (`deps`, and the `roots` where there are several), those that lead to an input (`needed`,
    None when every node does) and those it runs (`executed`, torch's exec_info), the captured inputs
    (`targets`) and whether it accumulates into .grad."""
    __slots__ = ("id", "deps", "roots", "needed", "targets", "accumulate", "lone_root", "executed")

    def __init__(self, *fields):
        (self.id, self.deps, self.roots, self.needed, self.targets, self.accumulate, self.lone_root,
         self.executed) = fields


_profiling = False  # set while a profiler records (pullback/_profiling.py), which also wraps _run_node
_task_ids = itertools.count()
_running = threading.local()  # this thread's backward passes, innermost last


def current_task():
    """The innermost backward pass running in this thread (a GraphTask), or None."""
    tasks = getattr(_running, "tasks", None)
    return tasks[-1] if tasks else None


def run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=None, accumulate=True):
    """Backpropagate from `outputs`; returns the gradients captured for `inputs` (if given)."""
    roots = []
    for i, (t, g) in enumerate(zip(outputs, grad_outputs)):
        edge = gradient_edge(t)
        if edge[0] is None:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        roots.append((edge, g))

    targets = {}
    if inputs is not None:
        for i, t in enumerate(inputs):
            if not isinstance(t, tuple):
                if not hasattr(t, "requires_grad"):
                    raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")
                if accumulate:  # backward(inputs=[non_leaf]) fills its .grad as retain_grad does (after its hooks)
                    t.retain_grad()
            edge = (t[0], t[1]) if isinstance(t, tuple) else gradient_edge(t)  # a graph.GradientEdge as is
            if edge[0] is None:
                if isinstance(t, tuple) or not t.requires_grad:
                    raise RuntimeError("One of the differentiated Tensors does not require grad")
                continue  # a view requiring grad through its base alone: no edge, so no gradient reaches it
            targets.setdefault(edge, []).append(i)
    captured = [None] * (len(inputs) if inputs is not None else 0)

    root_edges = [e for e, _ in roots]
    deps = _count_dependencies(root_edges)
    target_nodes = {node for node, _ in targets}
    needed, executed = _needed_nodes(root_edges, deps, target_nodes, accumulate) if inputs is not None else (None, None)

    # Without create_graph (and forward AD) nothing is recorded: gradients travel as bare ndarrays,
    # formulas marked `on_arrays` run on them, and only other nodes get them wrapped as Tensors.
    # A profiler wants each node's formula as the ops torch shows (Tensor ops) and each node through
    # _run_node, which it then wraps: one test per backward, none per node.
    profiling = _profiling
    on_arrays = not create_graph and not _fw.active and not profiling
    buffers = {}
    ready = []
    tie = 0
    for (node, nr), g in roots:
        if on_arrays:
            g = g._data
        buf = buffers.get(node)
        if buf is None:
            buf = buffers[node] = [None] * node._n_outputs
        buf[nr] = g if buf[nr] is None else buf[nr] + g
    for node in buffers:
        if not deps.get(node):
            heapq.heappush(ready, (-node._seq, tie, node))
            tie += 1

    prev_mode = grad_mode.is_grad_enabled()
    grad_mode._set_enabled(create_graph)
    # The walk makes no reference cycles (freed nodes and gradients go by reference counting), so
    # the cyclic collector only re-traverses the live graph here: it is paused for the walk.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    heappush, heappop = heapq.heappush, heapq.heappop
    anomaly = _anomaly.enabled
    checked = anomaly or profiling  # every node through _run_node, one at a time
    plain_walk = not targets and not checked  # nothing to capture or check: plain nodes take the fast path
    errors = quiet()  # formulas on arrays divide by zero and overflow silently, as torch's
    arrays_on = False  # this thread's grad_mode._state.on_arrays, as last set here
    tasks = getattr(_running, "tasks", None)
    if tasks is None:
        tasks = _running.tasks = []
    # the roots count as nodes of the graph only where torch gathers them under a GraphRoot (several);
    # a single root is itself torch's graph root, which _will_engine_execute_node reports as not run
    roots_in_graph = {node for node, _ in root_edges} if len(root_edges) > 1 else ()
    lone_root = root_edges[0][0] if len(root_edges) == 1 else None
    tasks.append(GraphTask(next(_task_ids), deps, roots_in_graph, needed, targets, accumulate, lone_root, executed))
    try:
        while ready:
            node = heappop(ready)[2]
            grads = buffers.pop(node, None)
            while node is not None:
                outs = None
                ran = executed is None or node in executed
                if grads is not None:
                    # a plain node (no hooks, one output) that nothing is captured from: just its formula
                    # (being needed, some needed node lies past it, so it runs)
                    fast = node._plain and (plain_walk or (not checked and node in needed and node not in target_nodes))
                    if fast and on_arrays and node._on_arrays:
                        if not arrays_on:  # left on from one such node to the next: off for anything else
                            _grad_state.on_arrays = arrays_on = True
                        outs = node.backward(grads[0])
                        if type(outs) is not tuple:
                            outs = (outs,)
                    elif plain_walk and on_arrays and accumulate and type(node) is AccumulateGrad \
                            and node._pre_hooks is None and node._post_hooks is None and not node.variable._hooks \
                            and node.variable._grad_dtype is False:
                        # a leaf's sink with no hooks: the array goes into .grad without a Tensor round trip
                        if type(grads[0]) is not np.ndarray:
                            grads[0] = np.asarray(grads[0])  # a formula's 0-d result may be a NumPy scalar
                        owned = _array_sole_holder(grads, node.variable)  # (before grads[0] is on the stack)
                        node.accumulate_array(grads[0], owned)
                    else:
                        if arrays_on:
                            _grad_state.on_arrays = arrays_on = False
                        if on_arrays:
                            grads = _as_tensors(grads)
                        if fast:
                            if node._direct_backward:  # an Op's formula, called as Op.backward_grads would
                                outs = node.backward(grads[0])
                                if type(outs) is not tuple:
                                    outs = (outs,)
                            else:
                                outs = node.backward_grads(grads)
                        elif anomaly:
                            # (torch frees a node's saved tensors before it checks its gradients for NaN)
                            outs = run_checked(_run_node, node, grads, targets, captured, needed, accumulate,
                                               create_graph, release=_release if ran and not retain_graph else None)
                        else:
                            outs = _run_node(node, grads, targets, captured, needed, accumulate, create_graph)
                        if on_arrays and outs is not None:
                            outs = _as_arrays(outs)
                    grads = None
                elif ran and (not node._plain or node._runs_without_grads):
                    # torch runs every node it reaches, also with no gradient: hooks see None, a custom
                    # Function's backward gets zeros (or None), whose results flow on
                    if arrays_on:
                        _grad_state.on_arrays = arrays_on = False
                    outs = _run_node(node, [None] * node._n_outputs, targets, captured, needed, accumulate,
                                     create_graph)
                    if on_arrays and outs is not None:
                        outs = _as_arrays(outs)
                if ran and not retain_graph and (node._saved or node._frees_more):  # (with a gradient or not)
                    if node._frees_saved_only:  # _release, inline
                        node._saved = None  # Node._free, inline
                    else:
                        node._free()
                e = node._e0
                if (e is not None and node._e1 is None and not node._erest and not ready and needed is None
                        and deps[e] == 1 and e._n_outputs == 1):
                    # a chain: input 0 is the only edge, and its node waits for nothing else: run it next
                    g = None if outs is None else outs[0]
                    if g is not None:
                        meta = node._metas[0]
                        d = g if on_arrays else g._data
                        if d.shape != meta[0] or (d.dtype is not meta[1] and d.dtype != meta[1]):
                            if arrays_on:  # _fit runs Tensor ops
                                _grad_state.on_arrays = arrays_on = False
                            g = _fit(g, meta, node, 0, e)
                    grads = buffers.pop(e, None) if buffers else None  # a root's gradient, if it is one
                    if grads is None:
                        grads = None if g is None else [g]
                    elif g is not None:
                        grads[0] = g if grads[0] is None else _sum_into(grads, 0, g, on_arrays)
                    g = d = outs = None  # so the gradient handed on is held by `grads` alone (_sole_holder)
                    node = e
                    continue
                # the edges, as (input position, child node, its output_nr)
                if node._e1 is None and not node._erest:
                    edges = ((0, e, node._n0),) if e is not None else ()
                elif not node._erest:
                    edges = ((0, e, node._n0), (1, node._e1, node._n1)) if e is not None else ((1, node._e1, node._n1),)
                else:
                    edges = edges_of(node)
                metas = node._metas
                newly_ready = None
                for i, child, nr in edges:
                    if outs is not None and (needed is None or child in needed):
                        g = outs[i]
                        if g is not None:
                            meta = metas[i]
                            d = g if on_arrays else g._data
                            if d.shape != meta[0] or (d.dtype is not meta[1] and d.dtype != meta[1]):
                                if arrays_on:  # _fit runs Tensor ops
                                    _grad_state.on_arrays = arrays_on = False
                                g = _fit(g, meta, node, i, child)
                    else:
                        g = None
                    left = deps[child] - 1
                    if left:
                        deps[child] = left
                        if g is not None:
                            buf = buffers.get(child)
                            if buf is None:
                                buf = buffers[child] = [None] * child._n_outputs
                            buf[nr] = g if buf[nr] is None else _sum_into(buf, nr, g, on_arrays)
                        continue
                    # the child's last gradient: it is ready, with its buffer in hand
                    buf = buffers.pop(child, None) if buffers else None
                    if g is not None:
                        if buf is None:
                            if child._n_outputs == 1:
                                buf = [g]
                            else:
                                buf = [None] * child._n_outputs
                                buf[nr] = g
                        else:
                            buf[nr] = g if buf[nr] is None else _sum_into(buf, nr, g, on_arrays)
                    if newly_ready is None:
                        newly_ready = (child, buf)
                    else:
                        if type(newly_ready) is not list:
                            newly_ready = [newly_ready]
                        newly_ready.append((child, buf))
                g = d = buf = outs = None  # so the gradient handed on last is held by its buffer alone (_sole_holder)
                # one node became ready and none waits: it is next in any order, so skip the heap
                if newly_ready is None:
                    node = None
                elif type(newly_ready) is not list and not ready:
                    node, grads = newly_ready
                else:
                    for child, buf in (newly_ready if type(newly_ready) is list else (newly_ready,)):
                        if buf is not None:
                            buffers[child] = buf
                        heappush(ready, (-child._seq, tie, child))
                        tie += 1
                    node = None
                newly_ready = buf = None
    finally:
        tasks.pop()
        _grad_state.on_arrays = False
        unquiet(errors)
        if gc_was_enabled:
            gc.enable()
        grad_mode._set_enabled(prev_mode)
    return captured


def _release(node):
    """Drop what a node saved once it has run without retain_graph (torch's release_variables)."""
    if node._saved or node._frees_more:
        if node._frees_saved_only:
            node._saved = None
        else:
            node._free()


def _run_node(node, grads, targets, captured, needed, accumulate, create_graph):
    # torch's order: tensor hooks (retain_grad last), then the node's pre-hooks, then the node
    if targets:
        task = current_task()
        if node not in needed and node is not task.lone_root:
            # a root no input is reached from: torch runs nothing of it, but of a lone root (its graph
            # root, handed its gradient) the tensor hooks
            return None
        will_run = node in task.executed
    else:
        will_run = True
    if type(node) is AccumulateGrad:
        var = node.variable
        if var._grad_dtype is not False and grads[0] is not None:
            grads = [_to_grad_dtype(grads[0], var)]
        if var._hooks:
            grads = [_call_leaf_hooks(var, grads[0])]
        hit = targets.get((node, 0))
        if hit is not None:
            for i in hit:
                captured[i] = grads[0]
        if accumulate and (not targets or hit is not None):
            if node._pre_hooks:  # the node's own hooks run only when it runs (not for autograd.grad)
                grads = _call_pre_hooks(node, grads)
            if grads[0] is None:  # no gradient: nothing to add, but the post-accumulate hooks run
                node._after_accumulate(var)
            else:
                owned = hit is None and not create_graph and var._grad is None and _sole_holder(grads, var)
                node.accumulate(grads[0], create_graph, owned)
            if node._post_hooks:  # grad_fn.register_hook on the AccumulateGrad node: no gradient flows on
                for fn in list(node._post_hooks.values()):
                    _hook_values(fn, [], fn((), tuple(grads)))
        return None
    if targets and will_run:
        _capture(node, grads, targets, captured)  # torch captures a node it runs before its tensor hooks
    if node._tensor_hooks or node._retain_grad:
        _call_tensor_hooks(node, grads)
    if not will_run:
        _capture(node, grads, targets, captured)
        return None
    if node._pre_hooks:
        grads = _call_pre_hooks(node, grads)
    if not node._runs_without_grads and all(g is None for g in grads):
        outs = (None,) * len(node._metas)  # a built-in formula given no gradient gives none
    else:
        if node._out_metas is not None:
            grads = _materialize(node, grads)
        outs = node.backward_grads(grads)
    if node._post_hooks:
        metas = node._metas
        if len(metas) == len(outs):  # as torch's: fitted to their inputs, None for one that needs none
            listed = node._list_formula  # (but where torch's formula covers a whole list)
            edges = node._edges
            outs = tuple([(g if listed else None) if m is None or g is None else _fit(g, m, node, i, edges[i][0])
                          for i, (g, m) in enumerate(zip(outs, metas))])
        hidden = node._hidden  # inputs torch's node has no edge for (dims, flags, ...): not in its grad_inputs
        for fn in list(node._post_hooks.values()):
            shown = [g for i, g in enumerate(outs) if not hidden >> i & 1] if hidden else list(outs)
            shown = iter(_hook_values(fn, shown, fn(tuple(shown), tuple(_shown(node, grads)))))
            outs = tuple([g if hidden >> i & 1 else next(shown) for i, g in enumerate(outs)])
    return outs


def _holders(grads):
    g = grads[0]
    arr = g._data
    owner = arr.base
    base = g._base
    base_arr = None if base is None else base._data
    return (sys.getrefcount(g), sys.getrefcount(arr), 0 if owner is None else sys.getrefcount(owner),
            0 if base is None else sys.getrefcount(base), 0 if base_arr is None else sys.getrefcount(base_arr))


def _unshared(grads):
    """Whether nothing but the list `grads` holds grads[0] and its memory, which may then be
    reused as it is. A gradient that is a view (e.g. through TBackward) qualifies when its base
    tensor is held by the view alone and is no view itself."""
    counts = _holders(grads)
    arr = grads[0]._data
    owner = arr.base
    base = grads[0]._base
    if base is None:
        sole = _SOLE
    elif base._base is None and (base._data is owner or base._data.base is owner):
        sole = _SOLE_VIEW if base._data is owner else _SOLE_VIEW_OF_VIEW
    else:
        return False
    if any(c > s for c, s in zip(counts, sole)):
        return False
    return arr.flags.writeable and (owner is None or (type(owner) is np.ndarray and owner.base is None))


def _sole_holder(grads, variable):
    """Whether `.grad` may take grads[0] without a copy, as torch's AccumulateGrad steals a
    gradient by its use count: nothing else holds it, and it is laid out as `variable`."""
    return _unshared(grads) and grads[0]._data.strides == variable._data.strides


def _array_sole_holder(grads, variable):
    """_sole_holder for an array walk's gradient grads[0]: held by the list alone (as the only
    view of fresh memory if a view), and laid out as `variable`."""
    counts = _array_holder_counts(grads, 0)  # first: a local holding the array here would count
    a = grads[0]
    owner = a.base
    return (a.flags.writeable and a.strides == variable._data.strides
            and (owner is None or (type(owner) is np.ndarray and owner.base is None))
            and counts[0] <= _SOLE_ARRAY[0] and counts[1] <= _SOLE_ARRAY[1])


def _array_holder_counts(buf, nr):
    """References to buf[nr] and to the array owning its memory (0 if it owns it), counted as a
    caller sees them that holds neither itself."""
    a = buf[nr]
    owner = a.base
    return sys.getrefcount(a), 0 if owner is None else sys.getrefcount(owner)


# Below this, a fresh array for the sum costs less than finding out whether nothing else holds the
# first (malloc serves small blocks from its free lists; larger ones are fresh pages to fault in).
_IN_PLACE_SUM_MIN = 1 << 16  # bytes


def _sum_into(buf, nr, g, on_arrays):
    """buf[nr] + g. On an array walk, added into buf[nr]'s own memory when nothing else holds it
    (one allocation less per pair of gradients meeting at an input: large tensors are dominated by
    them); with create_graph, recorded."""
    a = buf[nr]
    if not on_arrays or type(a) is not np.ndarray or a.nbytes < _IN_PLACE_SUM_MIN:
        return a + g
    a = None  # (uncounted by _array_unshared)
    if _array_unshared(buf, nr):
        a = buf[nr]
        if a.shape == g.shape and a.dtype == g.dtype:
            np.add(a, g, out=a)
            return a
    return buf[nr] + g


def _array_unshared(buf, nr):
    """Whether nothing but the list `buf` holds the array buf[nr], which owns its memory."""
    if type(buf[nr]) is not np.ndarray:
        return False
    held = _array_holder_counts(buf, nr)[0]  # before a local here holds it too
    a = buf[nr]
    return a.base is None and a.flags.writeable and held <= _SOLE_ARRAY[0]


class _Probe:
    __slots__ = ("_data", "_base")

    def __init__(self, data, base=None):
        self._data, self._base = data, base


def _probe_gradient(base_of):
    owner = np.empty(2)
    return [_Probe(owner[:1], None if base_of is None else _Probe(base_of(owner)))]


def _calibrate(base_of):
    """The counts _holders sees for a gradient held by its list alone, on this interpreter (they
    depend on how its frames hold references): a view of fresh memory, its base as `base_of` makes it."""
    return _holders(_probe_gradient(base_of))


_SOLE = _calibrate(None)
_SOLE_VIEW = _calibrate(lambda owner: owner)
_SOLE_VIEW_OF_VIEW = _calibrate(lambda owner: owner[:])
_SOLE_ARRAY = _array_holder_counts([np.empty(2)[:1]], 0)


def _capture(node, grads, targets, captured):
    for nr in range(node._n_outputs):
        hit = targets.get((node, nr))
        if hit is not None:
            for i in hit:
                captured[i] = grads[nr]


def _call_pre_hooks(node, grads):
    hidden = getattr(node, "nondiff_outputs", ())  # (indices, ...): not outputs of torch's node
    shown = _shown(node, grads)
    for fn in list(node._pre_hooks.values()):
        shown = _hook_values(fn, list(shown), fn(tuple(shown)))
    if not hidden:
        return shown
    given = iter(shown)
    return [None if i in hidden else next(given) for i in range(len(grads))]


def _shown(node, grads):
    """The output gradients a node's hooks see: those of its differentiable outputs, as torch's
    node has no others (max pooling's and max(dim)'s indices)."""
    hidden = getattr(node, "nondiff_outputs", ())
    return [g for i, g in enumerate(grads) if i not in hidden] if hidden else grads


def _materialize(node, grads):
    """Zeros for the outputs of a multi-output node that received no gradient."""
    from .._tensor import Tensor
    import numpy as np
    return [g if g is not None else Tensor._wrap(np.zeros(shape, dtype))
            for g, (shape, dtype) in zip(grads, node._out_metas)]

