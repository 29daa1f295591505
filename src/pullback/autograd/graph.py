"""torch.autograd.graph: the Node type, hooks on saved tensors and hooks on several gradients."""
import contextlib
import threading
import weakref
from collections import defaultdict
from typing import NamedTuple, Optional

from . import grad_mode
from .node import AccumulateGrad, Node, RemovableHandle, gradient_edge, saved_tensors_hooks_stack

__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks", "increment_version",
           "GradientEdge", "get_gradient_edge", "register_multi_grad_hook", "allow_mutation_on_saved_tensors"]


class saved_tensors_hooks:
    """Inside this block, every tensor saved for backward is stored as `pack_hook(tensor)` and
    read back as `unpack_hook(packed)` (which must return a tensor)."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _disabled:
            raise RuntimeError(_disabled[-1])
        saved_tensors_hooks_stack.append((self.pack_hook, self.unpack_hook))
        return self

    def __exit__(self, *exc):
        saved_tensors_hooks_stack.pop()


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors are moved to the CPU while the graph waits (here they already are)."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        super().__init__(lambda t: (t.device, t.cpu()), lambda packed: packed[1])


_disabled = []


class disable_saved_tensors_hooks:
    """Makes saved_tensors_hooks raise `error_message` inside this block."""

    def __init__(self, error_message):
        self.error_message = error_message

    def __enter__(self):
        _disabled.append(self.error_message)

    def __exit__(self, *exc):
        _disabled.pop()


def increment_version(tensor):
    """Bump the version counter, as an in-place change would."""
    tensor._vc[0] += 1


class GradientEdge(NamedTuple):
    """Where a gradient enters the graph: (node, output_nr). autograd.grad accepts one as an input."""
    node: Node
    output_nr: int
    ownership_token: Optional[Node] = None


def get_gradient_edge(tensor):
    """The GradientEdge of a tensor: its grad_fn (or, for a leaf, its AccumulateGrad) and output number."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require "
                           "gradients")
    return GradientEdge(*gradient_edge(tensor))


class _MultiHandle(RemovableHandle):
    """The handle of a multi-grad hook: removes the hook from every tensor."""

    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for handle in self.handles:
            handle.remove()

    def __getstate__(self):
        return self.handles

    def __setstate__(self, state):
        self.handles = state


def _current_backward():
    """The innermost running backward pass as (task id, will_execute(node))."""
    from .engine import current_task
    task = current_task()
    if task is None:
        raise AssertionError("expected this hook to be called inside a backward call")
    deps, needed, targets, roots = task.deps, task.needed, task.targets, task.roots
    grad_call = not task.accumulate

    def will_execute(node):
        if not (node in deps or node in roots) or (needed is not None and node not in needed):
            return False
        if grad_call and isinstance(node, AccumulateGrad) and (node, 0) in targets:
            raise RuntimeError("A leaf node was passed to _will_engine_execute_node but we are currently running "
                               "autograd.grad(). This is currently not supported.")
        return True
    return task.id, will_execute


def _grad_fn_or_grad_acc(tensor):
    node = gradient_edge(tensor)[0]
    if node is None:
        raise AssertionError("Expected gradient function to be set")
    return node


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """Call fn once per backward with the gradients of several tensors (mode "all") or the first (mode "any").

    Mode "all": fn(grads) once every one of tensors that this backward reaches has its gradient, None
    standing for the others. Mode "any": fn(grad) with the first of them computed."""
    supported_modes = ("all", "any")
    lock = threading.Lock()
    if mode not in supported_modes:
        raise ValueError(f"Expects mode to be one of {supported_modes} but got {mode}")
    if mode == "all":
        count, buffer = {}, {}
        nb_calls = None
        nodes = [_grad_fn_or_grad_acc(t) for t in tensors]
        len_tensors = len(tensors)

        def get_inner_hook(idx):
            def inner_hook(grad):
                nonlocal nb_calls
                task, will_execute = _current_backward()
                count.setdefault(task, 0)
                buffer.setdefault(task, [None] * len_tensors)
                with lock:
                    curr_count, count[task] = count[task], count[task] + 1
                    if curr_count == 0:
                        nb_calls = sum(map(will_execute, nodes))
                buffer[task][idx] = grad
                if curr_count == nb_calls - 1:
                    fn(buffer[task])
                    del count[task]
                    del buffer[task]
            return inner_hook
        handles = tuple(t.register_hook(get_inner_hook(i)) for i, t in enumerate(tensors))
    else:
        ran_hook = defaultdict(bool)

        def wrapped_fn(grad):
            task = _current_backward()[0]
            with lock:
                prev, ran_hook[task] = ran_hook[task], True
            if not prev:
                fn(grad)
        handles = tuple(t.register_hook(wrapped_fn) for t in tensors if t.requires_grad)
    return _MultiHandle(handles)


class _AllowMutationOnSavedContext:
    """The state of an allow_mutation_on_saved_tensors block: the copies of the tensors saved in it."""

    def __init__(self):
        self.cloned = weakref.WeakKeyDictionary()  # freed with the graph holding the handle

    def clear(self):
        self.cloned.clear()


class _Handle:
    pass


_allow_mutation_on_saved_tensors_enabled = False


@contextlib.contextmanager
def allow_mutation_on_saved_tensors():
    """Inside this block, tensors saved for backward may be changed in place without breaking backward.

    Backward uses their values at the time they were saved: here each is copied when saved (torch
    copies on the first mutation, which pullback has no dispatch layer to see coming)."""
    global _allow_mutation_on_saved_tensors_enabled
    ctx = _AllowMutationOnSavedContext()
    error_msg = ("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
                 "in which the graph was originally recorded.")

    def pack_hook(tensor):
        handle = _Handle()
        with grad_mode.no_grad():
            ctx.cloned[handle] = tensor.detach().clone()
        return handle

    def unpack_hook(handle):
        if not _allow_mutation_on_saved_tensors_enabled or handle not in ctx.cloned:
            raise AssertionError(error_msg)
        return ctx.cloned[handle]

    with saved_tensors_hooks(pack_hook, unpack_hook):
        try:
            if _allow_mutation_on_saved_tensors_enabled:
                raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
            _allow_mutation_on_saved_tensors_enabled = True
            yield ctx
        finally:
            ctx.clear()
            _allow_mutation_on_saved_tensors_enabled = False
