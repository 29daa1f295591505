"""torch.cond and torch.while_loop, eagerly: the predicate is evaluated and the branch or the loop's
body called in Python, so gradients flow through the ops the chosen branch or each iteration ran
(to any order, and into tensors the functions close over).

torch runs a tensor predicate or a loop through torch.compile even outside compiled code, which traces
both branches (or the body) and refuses what it cannot capture. pullback compiles nothing: it
checks what torch checks before compiling, with torch's messages, and of the tracer's refusals those
it can see in the values run (outputs aliasing inputs, a body changing its carries' metadata). Where
torch records one CondAutogradOp/WhileLoopAutogradOp node (whose gradient is not differentiable
again), pullback's graph is the branch's own ops.
"""
from .._pytree import flatten, unflatten
from ._views import storage_of

_ALIASING = ("Encountered aliasing during higher order op tracing: {} returned an input or a view of one "
             "(torch's higher order ops do not support aliasing: return input.clone() instead)")


def _shares_memory(a, b):
    return isinstance(a, Tensor) and isinstance(b, Tensor) and storage_of(a._data)[0] is storage_of(b._data)[0]


def _check_no_aliasing(what, outputs, inputs):
    if any(_shares_memory(o, i) for o in outputs for i in inputs):
        raise RuntimeError(_ALIASING.format(what))


def cond(pred, true_fn, false_fn, operands=()):
    """true_fn(*operands) if pred else false_fn(*operands). pred: a Python bool or number (its branch
    is called as it is), or a one-element tensor; then operands must be a tuple or list of (nested
    tuples, lists, dicts of) tensors, and the branch must return new tensors (or ints), not operands."""
    if isinstance(pred, (bool, int, float)):  # a Python constant: torch calls the branch as it is
        return true_fn(*operands) if pred else false_fn(*operands)
    if not isinstance(pred, Tensor):
        raise RuntimeError(f"Expected pred to be bool or tensor, but got {pred}.")
    if pred.numel() != 1:
        raise RuntimeError(f"Expected pred to be bool or single-element tensor, but got {pred}.")
    if not callable(true_fn) or not callable(false_fn):
        raise RuntimeError("Expect both branches to be callable.")
    leaves = flatten(operands)[0] if isinstance(operands, (tuple, list)) else None
    if leaves is None or not all(isinstance(t, Tensor) for t in leaves):
        raise RuntimeError("Expect operands to be a tuple of possibly nested dict/list/tuple that only consists of "
                           f"tensor leaves, but got {operands}.")
    result = (true_fn if bool(pred) else false_fn)(*operands)
    outputs = flatten(result)[0]
    for out in outputs:
        if not isinstance(out, (Tensor, int)):  # what torch's tracing of the branches takes
            raise RuntimeError(f"torch.cond: unsupported branch return type {type(out).__name__} (the branches must "
                               "return tensors or ints)")
    _check_no_aliasing("a branch of torch.cond", outputs, leaves)
    return result


def _metadata_differs(out, carried):
    """How a body output differs from the carry it replaces, in torch's words, or None."""
    if isinstance(out, Tensor) != isinstance(carried, Tensor) or not isinstance(out, (Tensor, int)):
        return f"type: {type(out).__name__} vs {type(carried).__name__}"
    if not isinstance(out, Tensor):
        return None
    for name, a, b in (("shape", out.shape, carried.shape), ("dtype", out.dtype, carried.dtype),
                       ("stride", out.stride(), carried.stride())):
        if a != b:
            return f"{name}: {a} vs {b}"
    return None


def while_loop(cond_fn, body_fn, carried_inputs):
    """Runs carried_inputs = body_fn(*carried_inputs) while cond_fn(*carried_inputs) is true (a Python
    bool or a 0-d bool tensor) and returns the last carries (body_fn's structure), or clones of the
    first when cond_fn is false at once. The carries are (nested tuples, lists, dicts of) tensors and
    ints; body_fn must keep each one's metadata and return new tensors, not its inputs."""
    flat, spec = flatten((carried_inputs, ()))  # (torch's loop takes the captured inputs after the carries)
    if not callable(cond_fn) or not callable(body_fn):
        raise RuntimeError("Expect cond_fn and body_fn to be callable.")
    if not all(isinstance(x, (Tensor, int)) for x in flat):
        raise AssertionError(f"{flat} can only be of {(Tensor, int)} but got {tuple(type(x) for x in flat)}")
    if not isinstance(carried_inputs, (tuple, list)):
        raise RuntimeError(f"carried_inputs must be a tuple or list but got {type(carried_inputs)}")
    carried, result = carried_inputs, None
    while _should_loop(cond_fn(*carried)):
        out = body_fn(*carried)
        outputs, out_spec = flatten(out)
        if len(outputs) != len(flat):
            raise RuntimeError(f"body_fn should return the same number of elements as carried_inputs, got "
                               f"{len(outputs)} vs {len(flat)}")
        for i, (o, c) in enumerate(zip(outputs, flat)):
            difference = _metadata_differs(o, c)
            if difference is not None:
                raise RuntimeError(f"Expected body_fn_output and carried_inputs to have same metadata but found:\n"
                                   f"pair[{i}] differ in '{difference}'")
        _check_no_aliasing("body_fn of torch.while_loop", outputs, flat)
        flat, result = outputs, out
        carried = unflatten(spec, flat)[0]
    if result is None:  # no iteration: the carries, cloned (torch never returns its inputs)
        return unflatten(flatten(carried_inputs)[1], [x.clone() if isinstance(x, Tensor) else x for x in flat])
    return result


def _should_loop(pred):
    if isinstance(pred, bool) or isinstance(pred, Tensor) and pred.dim() == 0 and pred.dtype == _dtype.bool:
        return bool(pred)
    raise RuntimeError(f"cond_fn must return a boolean scalar tensor or a boolean but got {pred}")


__all__ = ["cond", "while_loop"]
METHODS = {}

from .. import _dtype  # noqa: E402
from .._tensor import Tensor  # noqa: E402
