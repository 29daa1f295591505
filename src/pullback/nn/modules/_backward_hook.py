"""Full backward hooks for Modules: identity nodes around a forward call that see its gradients.

As in torch (torch/utils/hooks.py, BackwardHook): the module's top-level tensor outputs pass through
one identity node that records grad_output (and runs backward pre-hooks), its top-level tensor
positional inputs through another that receives grad_input and calls
hook(module, grad_input, grad_output). Both tuples have one entry per top-level argument/output:
None for what is not a tensor; grad_output None for an output that got no gradient; grad_input
zeros for a tensor input that got none (torch's BackwardHookFunction materializes them), including
inputs that do not require grad, as long as one does.
"""
import warnings

from ...autograd import grad_mode
from ...ops._op import Op
from ..._tensor import Tensor
from ..._runtime import user_stacklevel

_IDENTITY_OPS = {}


def _identity_op(n):
    """An Op class with n outputs passing its n inputs through, its backward delegated to ctx.fn."""
    if n not in _IDENTITY_OPS:
        def forward(ctx, *arrays):
            return arrays[0] if n == 1 else arrays

        def backward(ctx, *grads):
            return ctx.fn(grads)

        _IDENTITY_OPS[n] = type("BackwardHookFunction", (Op,), {
            "n_outputs": n, "node_name": "BackwardHookFunctionBackward",
            "forward": forward, "backward": backward})
    return _IDENTITY_OPS[n]


def _apply_on_tensors(args, fn, materialize):
    """Route the top-level tensors of the tuple `args` through one identity node whose backward is
    `fn(grads) -> grads`. Tensors that do not require grad come back as they were (torch marks them
    non-differentiable). Returns (new args, the tensors' positions), or (args, None) when no tensor
    requires grad or grad mode is off. Without `materialize`, fn sees None for an output that got
    no gradient instead of zeros."""
    index = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
    tensors = [args[i] for i in index]
    if not (any(t.requires_grad for t in tensors) and grad_mode.is_grad_enabled()):
        return args, None
    out = _identity_op(len(tensors)).apply(*tensors)
    out = (out,) if len(tensors) == 1 else out
    node = next(t._grad_fn for t in out if t._grad_fn is not None)
    node.fn = fn
    if not materialize:
        node._out_metas = None
    new = list(args)
    for i, t, o in zip(index, tensors, out):
        new[i] = o if t.requires_grad else t
    return tuple(new), index


def _pack_with_none(index, values, size):
    res = [None] * size
    for i, v in zip(index, values):
        res[i] = v
    return tuple(res)


class BackwardHook:
    """One forward call's worth of backward-hook bookkeeping."""

    def __init__(self, module, hooks, pre_hooks):
        self.module = module
        self.hooks = hooks
        self.pre_hooks = pre_hooks
        self.grad_outputs = None
        self.n_inputs = self.n_outputs = -1
        self.input_index = self.output_index = None

    def _on_grad_input(self, grads):
        if self.grad_outputs is None:  # reached without passing through the outputs (double backward)
            return grads
        res = _pack_with_none(self.input_index, grads, self.n_inputs)
        for hook in self.hooks:
            out = hook(self.module, res, self.grad_outputs)
            if out is None:
                continue
            out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
            if len(out) != len(res):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got {len(out)}, "
                                   f"but expected {len(res)}")
            res = out
        self.grad_outputs = None
        return tuple(res[i] for i in self.input_index)

    def _on_grad_output(self, grads):
        self.grad_outputs = _pack_with_none(self.output_index, grads, self.n_outputs)
        expected = len(self.grad_outputs)
        for hook in self.pre_hooks:
            out = hook(self.module, self.grad_outputs)
            if out is None:
                continue
            out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
            if len(out) != expected:
                raise RuntimeError(f"Backward pre hook returned an invalid number of grad_output, got {len(out)}, "
                                   f"but expected {expected}")
            self.grad_outputs = out
        local = self.grad_outputs
        if self.input_index is None:  # no input requires grad: the hooks fire here, with None for every input
            warnings.warn("Full backward hook is firing when gradients are computed with respect to module outputs "
                          "since no inputs require gradients. See https://docs.pytorch.org/docs/main/generated/"
                          "torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.",
                          stacklevel=user_stacklevel())
            grad_inputs = (None,) * self.n_inputs
            for hook in self.hooks:
                res = hook(self.module, grad_inputs, self.grad_outputs)
                if res is not None and not (isinstance(res, tuple) and all(el is None for el in res)):
                    raise RuntimeError("Backward hook for Modules where no input requires gradient should always "
                                       "return None or None for all gradients.")
            self.grad_outputs = None
        return tuple(local[i] for i in self.output_index)

    def setup_input_hook(self, args):
        res, self.input_index = _apply_on_tensors(args, self._on_grad_input, materialize=True)
        self.n_inputs = len(args)
        return res

    def setup_output_hook(self, output):
        is_tuple = isinstance(output, tuple)
        args = output if is_tuple else (output,)
        res, self.output_index = _apply_on_tensors(args, self._on_grad_output, materialize=False)
        self.n_outputs = len(args)
        return res if is_tuple else res[0]


