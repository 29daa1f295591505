"""torch.utils.hooks: RemovableHandle (what every register_*hook returns, defined with the hooks in
autograd.node) and the serialization markers."""
from ..autograd.node import RemovableHandle

__all__ = ["RemovableHandle", "unserializable_hook", "warn_if_has_hooks"]


def unserializable_hook(f):
    """Mark a tensor hook as one that is not meant to be saved (warn_if_has_hooks stays quiet about it)."""
    f.__torch_unserializable__ = True
    return f


def warn_if_has_hooks(tensor):
    """Warn for each hook on `tensor` that a save would drop, but those marked unserializable_hook."""
    import warnings
    for hook in (tensor._backward_hooks or {}).values():
        if not hasattr(hook, "__torch_unserializable__"):
            warnings.warn(f"backward hook {hook!r} on tensor will not be serialized.  If this is expected, you can "
                          "decorate the function with @torch.utils.hooks.unserializable_hook to suppress this "
                          "warning", stacklevel=2)
