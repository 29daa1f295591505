"""LazyModuleMixin: modules whose parameter shapes are inferred from their first input."""
import itertools

from ...autograd.grad_mode import no_grad
from ..parameter import is_lazy


class LazyModuleMixin:
    """Holds UninitializedParameter/UninitializedBuffer until the first forward (or a loaded state dict)
    gives them shapes; the first forward then turns the module into `cls_to_become` (LazyLinear -> Linear).

    Subclasses implement initialize_parameters(*inputs), which materializes the lazy tensors and calls
    reset_parameters.
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._load_hook = self.register_load_state_dict_pre_hook(_lazy_load_hook)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters, with_kwargs=True)

    def initialize_parameters(self, *args, **kwargs):
        raise NotImplementedError(f"initialize_parameters is not implemented for {self.__class__.__name__}")

    def has_uninitialized_params(self):
        """Whether a parameter or buffer of this module (not its children) is still uninitialized."""
        return any(is_lazy(t) for t in itertools.chain(self._parameters.values(), self._buffers.values()))

    def _infer_parameters(self, module, args, kwargs=None):
        module.initialize_parameters(*args, **(kwargs or {}))
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {self._get_name()} has not been fully initialized")
        # removed through the module's own hook dicts (by handle id), so a deep copy removes its own hooks
        module._forward_pre_hooks.pop(module._initialize_hook.id, None)
        module._load_state_dict_pre_hooks.pop(module._load_hook.id, None)
        del module._initialize_hook
        del module._load_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become

    def _replicate_for_data_parallel(self):
        raise RuntimeError("Modules with uninitialized parameters can't be used with `DataParallel`. "
                           "Run a dummy forward pass to correctly initialize the modules")


def _lazy_load_hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                    error_msgs):
    """Give an uninitialized parameter or buffer the shape of the initialized one being loaded into it."""
    for name, param in itertools.chain(module._parameters.items(), module._buffers.items()):
        key = prefix + name
        if key in state_dict and param is not None and is_lazy(param) and not is_lazy(state_dict[key]):
            with no_grad():
                param.materialize(state_dict[key].shape)
