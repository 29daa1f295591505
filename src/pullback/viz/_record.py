"""Opt-in recording of the gradients that flow through a graph during backward.

While a `record()` block is active, the function that `autograd.backward` and
`autograd.grad` call to run the engine is swapped for one that first puts a pre-hook and
a hook on every node of the graph being differentiated, and removes them afterwards.
Outside the block nothing is swapped or hooked, so the engine runs at full speed.
"""
import threading
import weakref

from .. import autograd
from ..autograd.engine import _fit
from ..autograd.node import gradient_edge
from ._formulas import lookup
from ._inspect import Value, reachable, saved_items

_flows = weakref.WeakKeyDictionary()  # node -> Flow of the latest recorded backward through it
_lock = threading.Lock()
_depth = 0
_run_backward = None  # the engine entry point while a record() block is active


class Flow:
    """What one backward passed through one node."""

    __slots__ = ("grad_outputs", "grad_inputs", "saved")

    def __init__(self, grad_outputs, saved):
        self.grad_outputs = grad_outputs  # per output of the node: Value of the summed gradient, or None
        self.grad_inputs = None           # per input edge: Value of the gradient sent along it, or None
        self.saved = saved                # saved_items(node) before backward freed them


def flow(node):
    """The Flow recorded at `node` by the latest backward inside record(), or None."""
    return _flows.get(node)


class record:
    """Context manager under which every backward records the gradients flowing through the graph.

    `graph()` then labels each edge with the gradient the latest such backward sent along it
    (and shows what each node had saved). Outside the block nothing is hooked or slowed down.
    Recording is process-wide while a block is active.
    """

    def __enter__(self):
        global _depth, _run_backward
        with _lock:
            if _depth == 0:
                _run_backward = autograd.run_backward
                autograd.run_backward = _recording_run_backward
            _depth += 1
        return self

    def __exit__(self, *exc):
        global _depth
        with _lock:
            _depth -= 1
            if _depth == 0:
                autograd.run_backward = _run_backward


def _recording_run_backward(outputs, *args, **kwargs):
    handles = []
    try:
        for node in reachable([gradient_edge(t)[0] for t in outputs]):
            handles.append(node.register_prehook(_arrived(node)))
            handles.append(node.register_hook(_sent(node)))
        return _run_backward(outputs, *args, **kwargs)
    finally:
        for h in handles:  # also breaks the node -> hook -> node cycles
            h.remove()


def _arrived(node):
    def hook(grads):
        arrived = [None if g is None else Value(g._data) for g in grads]
        _flows[node] = Flow(arrived, saved_items(node, lookup(node)[0]))
    return hook


def _sent(node):
    def hook(grad_inputs, grad_outputs):
        # the engine fits each gradient to its input's shape and dtype after the hooks; record it fitted
        _flows[node].grad_inputs = [
            None if g is None or meta is None else Value(_fit(g, meta, node, i)._data)
            for i, (g, meta) in enumerate(zip(grad_inputs, node._metas))]
    return hook
