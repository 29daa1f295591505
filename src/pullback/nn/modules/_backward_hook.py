"""Full backward hooks for Modules: identity nodes around a forward call that see its gradients.

As in torch (torch/utils/hooks.py, BackwardHook): the module's tensor outputs pass through one
identity node that records grad_output (and runs backward pre-hooks), its tensor inputs through
another that receives grad_input and calls hook(module, grad_input, grad_output).
"""
import warnings

from ...ops._op import Op
from ..._tensor import Tensor

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


def _through_identity(tensors, fn):
    """Route `tensors` through one identity node whose backward is `fn(grads) -> grads`."""
    op = _identity_op(len(tensors))
    out = op.apply(*tensors)
    out = (out,) if len(tensors) == 1 else out
    node = next((t._grad_fn for t in out if t._grad_fn is not None), None)
    if node is not None:
        node.fn = fn
    return out


def _replace_tensors(obj, tensors):
    """Put `tensors` back where the Tensor leaves of `obj` (a tensor or a tuple/list of them) were."""
    it = iter(tensors)
    if isinstance(obj, Tensor):
        return next(it)
    return type(obj)(next(it) if isinstance(o, Tensor) else o for o in obj)


def _tensor_leaves(obj):
    if isinstance(obj, Tensor):
        return [obj]
    if isinstance(obj, (tuple, list)):
        return [o for o in obj if isinstance(o, Tensor)]
    return []


class BackwardHook:
    """One forward call's worth of backward-hook bookkeeping."""

    def __init__(self, module, hooks, pre_hooks):
        self.module = module
        self.hooks = hooks
        self.pre_hooks = pre_hooks
        self.grad_output = None
        self.inputs_need_grad = False

    def _call_hooks(self, grad_input):
        for hook in self.hooks:
            result = hook(self.module, grad_input, self.grad_output)
            if result is not None:
                result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
                if len(result) != len(grad_input):
                    raise RuntimeError(f"Backward hook returned an invalid number of grad_input, got "
                                       f"{len(result)}, but expected {len(grad_input)}")
                grad_input = result
        return grad_input

    def setup_input_hook(self, args):
        tensors = [t for t in _tensor_leaves(args) if t.requires_grad]
        if not tensors or not (self.hooks or self.pre_hooks):
            return args
        self.inputs_need_grad = True
        wrapped = iter(_through_identity(tensors, self._call_hooks))
        return type(args)(next(wrapped) if isinstance(a, Tensor) and a.requires_grad else a for a in args)

    def setup_output_hook(self, output):
        tensors = [t for t in _tensor_leaves(output) if t.requires_grad]
        if not tensors:
            return output

        def on_grad_output(grads):
            for hook in self.pre_hooks:
                result = hook(self.module, grads)
                if result is not None:
                    grads = tuple(result) if isinstance(result, (tuple, list)) else (result,)
            self.grad_output = grads
            if not self.inputs_need_grad and self.hooks:
                warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                              "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/"
                              "generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more "
                              "details.")
                self._call_hooks((None,))
            return grads

        wrapped = iter(_through_identity(tensors, on_grad_output))
        return _replace_tensors(output, [next(wrapped) if t.requires_grad else t for t in _tensor_leaves(output)])
