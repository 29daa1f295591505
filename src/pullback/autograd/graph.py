"""torch.autograd.graph: the Node type and hooks on saved tensors."""
from typing import NamedTuple, Optional

from .node import Node, gradient_edge, saved_tensors_hooks_stack

__all__ = ["Node", "saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks", "increment_version",
           "GradientEdge", "get_gradient_edge"]


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
