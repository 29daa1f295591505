"""Activation checkpointing: trade compute for memory, as torch.utils.checkpoint.

`checkpoint(fn, *args, use_reentrant=False)` runs fn while saving none of its intermediate
activations: every tensor fn's ops save is packed as a position (saved_tensors_hooks), and
the first backward use of one reruns fn (with the random state it first ran with) to get
all of them back. `use_reentrant=True` is torch's older scheme: fn runs without grad, and
backward reruns it with grad and backpropagates through the rerun.
"""
import warnings

from .. import _creation
from ..autograd import backward as _backward
from ..autograd.engine import current_task
from ..autograd.function import Function
from ..autograd.graph import saved_tensors_hooks
from ..autograd.grad_mode import enable_grad, no_grad

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointError"]


class CheckpointError(RuntimeError):
    """The recomputation in backward did not save what the original forward saved."""


def _is_tensor(x):
    from .._tensor import Tensor
    return isinstance(x, Tensor)


def _rng_state():
    return _creation.get_rng_state()


def _set_rng_state(state):
    _creation.set_rng_state(state)


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default", debug=False,
               preserve_rng_state=True, **kwargs):
    """function(*args, **kwargs), keeping none of its activations for backward: they are
    recomputed when backward needs them. Gradients equal those of the plain call."""
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. Starting in "
                      "PyTorch 2.9, calling checkpoint without use_reentrant will raise an exception. "
                      "use_reentrant=False is recommended, but if you need to preserve the current default behavior, "
                      "you can pass use_reentrant=True. Refer to docs for more details on the differences between "
                      "the two variants.", stacklevel=2)
        use_reentrant = True
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        return CheckpointFunction.apply(function, preserve_rng_state, *args)
    return _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs)


class _Recomputation:
    """The packed positions of one checkpointed call, and the tensors its reruns produced.

    As torch's, each backward pass (graph task) reruns the function once and unpacks each
    position once; an unpack outside any backward reruns it for itself. The tensor arguments
    keep the versions they had: changing one in place before backward fails as a saved tensor
    would, instead of recomputing from the new values. As torch (which stops the rerun early),
    a rerun may save more tensors than the forward did, not fewer, and each must have the shape
    and dtype it had."""

    def __init__(self, function, args, kwargs, rng_state):
        self.function, self.args, self.kwargs, self.rng_state = function, args, kwargs, rng_state
        self.versions = [(a, a._vc[0]) for a in args if _is_tensor(a)]
        self.metas = []
        self.recomputed = {}  # graph task id -> the rerun's tensors, None where unpacked

    def pack(self, tensor):
        self.metas.append(_meta(tensor))
        return len(self.metas) - 1

    def unpack(self, position):
        task = current_task()
        tensors = None if task is None else self.recomputed.get(task.id)
        if tensors is None:
            tensors = self.recompute()
            if task is not None:
                self.recomputed[task.id] = tensors
        t = tensors[position]
        if t is None:
            raise CheckpointError("torch.utils.checkpoint: Unpack is being triggered for a tensor that was already "
                                  "unpacked once. If you are calling ctx.saved_tensors in backward, make sure to do "
                                  "so only once. Otherwise please open an issue with details on your use case.")
        tensors[position] = None
        return t

    def recompute(self):
        for t, version in self.versions:
            _check_version(t, version)
        recorded = []
        inputs = [a.detach()._set_requires_grad(a.requires_grad) if _is_tensor(a) else a for a in self.args]
        current = _rng_state()
        if self.rng_state is not None:
            _set_rng_state(self.rng_state)
        try:
            with enable_grad(), saved_tensors_hooks(lambda t: recorded.append(t) or t, lambda t: t):
                self.function(*inputs, **self.kwargs)
        finally:
            _set_rng_state(current)
        count = len(self.metas)
        if len(recorded) < count:
            raise CheckpointError("torch.utils.checkpoint: A different number of tensors was saved during the original "
                                  f"forward and recomputation.\nNumber of tensors saved during forward: {count}\n"
                                  f"Number of tensors saved during recomputation: {len(recorded)}.\n")
        different = [(i, meta, _meta(t)) for i, (meta, t) in enumerate(zip(self.metas, recorded)) if meta != _meta(t)]
        if different:
            raise CheckpointError(
                "torch.utils.checkpoint: Recomputed values for the following tensors have different metadata than "
                "during the forward pass.\n" + "".join(f"tensor at position {i}:\nsaved metadata: {a}\n"
                                                         f"recomputed metadata: {b}\n" for i, a, b in different) + ".\n")
        return recorded[:count]


def _meta(t):
    return {"shape": t.shape, "dtype": t.dtype, "device": t.device}


def _check_version(t, version):
    """The saved-tensor version check, with its message, for an argument changed in place."""
    from ..autograd.node import SavedTensor
    saved = SavedTensor.__new__(SavedTensor)
    saved.tensor, saved.counter, saved.version, saved.unpack_hook = t, t._vc, version, None
    saved.unpack(None)


def _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs):
    frame = _Recomputation(function, args, kwargs, _rng_state() if preserve_rng_state else None)
    with saved_tensors_hooks(frame.pack, frame.unpack):
        return function(*args, **kwargs)


class CheckpointFunction(Function):
    """torch's reentrant checkpoint: the forward runs without grad; backward reruns it."""

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        if not any(a.requires_grad for a in args if _is_tensor(a)):  # torch's check_backward_validity
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None", stacklevel=4)
        ctx.run_function = run_function
        ctx.rng_state = _rng_state() if preserve_rng_state else None
        ctx.tensor_positions = [i for i, a in enumerate(args) if _is_tensor(a)]
        ctx.inputs = [None if _is_tensor(a) else a for a in args]
        ctx.save_for_backward(*[a for a in args if _is_tensor(a)])
        with no_grad():
            return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        from ..autograd import _is_checkpoint_valid
        if not _is_checkpoint_valid():
            raise RuntimeError("When use_reentrant=True, torch.utils.checkpoint is incompatible with .grad() or passing "
                               "an `inputs` parameter to .backward(). To resolve this error, you can either set "
                               "use_reentrant=False, or call .backward() without passing the `inputs` argument.")
        inputs = list(ctx.inputs)
        for i, t in zip(ctx.tensor_positions, ctx.saved_tensors):
            inputs[i] = t.detach()._set_requires_grad(t.requires_grad)
        current = _rng_state()
        if ctx.rng_state is not None:
            _set_rng_state(ctx.rng_state)
        try:
            with enable_grad():
                outputs = ctx.run_function(*inputs)
        finally:
            _set_rng_state(current)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads) if _is_tensor(o) and o.requires_grad]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is not necessary")
        _backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(x.grad if _is_tensor(x) else None for x in inputs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run a sequence of modules/functions in `segments` parts, checkpointing all but the last."""
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed "
                      "explicitly. use_reentrant=False is recommended.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if hasattr(functions, "children"):
        functions = list(functions.children())

    def run(start, end):
        def forward(x):
            for j in range(start, end + 1):
                x = functions[j](x)
            return x
        return forward

    size = len(functions) // segments
    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=use_reentrant, preserve_rng_state=preserve)
    return run(end + 1, len(functions) - 1)(input)
