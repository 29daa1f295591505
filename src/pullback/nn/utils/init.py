"""skip_init: a module whose parameters and buffers are left uninitialized."""
import inspect

from ..modules.module import Module


def skip_init(module_cls, *args, **kwargs):
    """Construct module_cls(*args, **kwargs) with uninitialized parameters and buffers (the module must take `device`)."""
    if not issubclass(module_cls, Module):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    # there is no meta device: the module is built on its device and its tensors replaced by empty ones,
    # as torch's to_empty leaves them
    kwargs["device"] = kwargs.pop("device", "cpu")
    return module_cls(*args, **kwargs)._apply(lambda t: t.new_empty(t.shape))
