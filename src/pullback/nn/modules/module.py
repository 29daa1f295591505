"""Module: the base class of every layer, holding parameters, buffers and child modules by name."""
import functools
import weakref
from collections import OrderedDict, namedtuple
import warnings

from ... import _dtype, _signatures
from ..._runtime import typename  # torch's: a function or class is named by its own qualified name
from ..._tensor import Tensor, _check_device
from ...autograd.grad_mode import no_grad
from ...autograd.node import RemovableHandle, _HookDict
from ..parameter import Buffer, Parameter, is_lazy
from ._backward_hook import BackwardHook


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


def _addindent(s, num_spaces):
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    first = lines.pop(0)
    lines = [(num_spaces * " ") + line if line else line for line in lines]
    return first + "\n" + "\n".join(lines)


def _check_name(kind, name, owner, registry):
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {typename(name)}")
    if "." in name:
        raise KeyError(f'{kind} name can\'t contain "."')
    if name == "":
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if hasattr(owner, name) and name not in registry:
        raise KeyError(f"attribute '{name}' already exists")


def _post_order(module):
    """The module tree, children before their parent."""
    for child in module._modules.values():
        if child is not None:
            yield from _post_order(child)
    yield module


_EXTRA_STATE_KEY = "_extra_state"



# hooks every module's call runs (torch.nn.modules.module.register_module_*_hook), before the module's own
_global_forward_pre_hooks = _HookDict()
_global_forward_hooks = _HookDict()
_global_forward_hooks_with_kwargs = set()
_global_forward_hooks_always_called = set()
_global_backward_pre_hooks = _HookDict()
_global_backward_hooks = _HookDict()


def _global_hook(hooks, hook):
    handle = RemovableHandle(hooks)
    hooks[handle.id] = hook
    return handle


def register_module_forward_pre_hook(hook):
    """hook(module, args) before every module's forward (and its own pre-hooks); it may return new args."""
    return _global_hook(_global_forward_pre_hooks, hook)


def register_module_forward_hook(hook, *, with_kwargs=False, always_call=False):
    """hook(module, args, output) (with_kwargs: hook(module, args, kwargs, output)) after every module's
    forward, before its own forward hooks; always_call: also when forward raises (output None)."""
    handle = _global_hook(_global_forward_hooks, hook)
    if with_kwargs:
        _global_forward_hooks_with_kwargs.add(handle.id)
    if always_call:
        _global_forward_hooks_always_called.add(handle.id)
    return handle


def register_module_full_backward_pre_hook(hook):
    """hook(module, grad_output) for every module, before its own backward pre-hooks."""
    return _global_hook(_global_backward_pre_hooks, hook)


_BOTH_KINDS = ("Cannot use both regular backward hooks and full backward hooks on a single Module. Please use only "
               "one of them.")
_global_is_full_backward_hook = None  # which kind the global backward hooks are (None: none registered yet)


def _global_backward_hook(hook, full):
    global _global_is_full_backward_hook
    if _global_is_full_backward_hook is (not full):
        raise RuntimeError(_BOTH_KINDS.replace("on a single Module", "as a global Module hook"))
    _global_is_full_backward_hook = full
    return _global_hook(_global_backward_hooks, hook)


def register_module_full_backward_hook(hook):
    """hook(module, grad_input, grad_output) for every module, before its own backward hooks."""
    return _global_backward_hook(hook, True)


def register_module_backward_hook(hook):
    """The deprecated non-full kind of register_module_full_backward_hook: on the grad_fn of each module's
    output (its last op's gradients only)."""
    return _global_backward_hook(hook, False)


_global_buffer_registration_hooks = _HookDict()
_global_module_registration_hooks = _HookDict()
_global_parameter_registration_hooks = _HookDict()


def register_module_buffer_registration_hook(hook):
    """hook(module, name, buffer) whenever any module registers a buffer; it may return a replacement."""
    return _global_hook(_global_buffer_registration_hooks, hook)


def register_module_module_registration_hook(hook):
    """hook(module, name, submodule) whenever any module registers a child; it may return a replacement."""
    return _global_hook(_global_module_registration_hooks, hook)


def register_module_parameter_registration_hook(hook):
    """hook(module, name, param) whenever any module registers a parameter; it may return a replacement."""
    return _global_hook(_global_parameter_registration_hooks, hook)


def _call_with_module(hook, module_ref, *args):
    module = module_ref()
    if module is None:
        raise RuntimeError("You are trying to call the hook of a dead Module!")
    return hook(module, *args)


def _warn_non_full_backward_hook(inputs, result, grad_fn):
    """torch's FutureWarnings for the cases where a non-full hook misses gradients."""
    def warn(message):
        warnings.warn(message, FutureWarning, stacklevel=4)
    advice = " Please use register_full_backward_hook to get the documented behavior."
    if not isinstance(result, Tensor):
        if not (isinstance(result, tuple) and all(isinstance(r, Tensor) for r in result)):
            return warn("Using non-full backward hooks on a Module that does not return a single Tensor or a tuple "
                        "of Tensors is deprecated and will be removed in future versions. This hook will be missing "
                        "some of the grad_output." + advice)
    else:
        result = (result,)
    if not isinstance(inputs, Tensor):
        if not (isinstance(inputs, tuple) and all(isinstance(i, Tensor) for i in inputs)):
            return warn("Using non-full backward hooks on a Module that does not take as input a single Tensor or a "
                        "tuple of Tensors is deprecated and will be removed in future versions. This hook will be "
                        "missing some of the grad_input." + advice)
    else:
        inputs = (inputs,)
    out_grad_fn = {r.grad_fn for r in result if r.grad_fn is not None}
    if not out_grad_fn or (len(out_grad_fn) == 1 and grad_fn not in out_grad_fn):
        warn("Using a non-full backward hook when outputs are nested in python data structure is deprecated and "
             "will be removed in future versions. This hook will be missing some grad_output.")
    elif len(out_grad_fn) > 1:
        warn("Using a non-full backward hook when outputs are generated by different autograd Nodes is deprecated "
             "and will be removed in future versions. This hook will be missing some grad_output." + advice)
    elif {i.grad_fn for i in inputs if i.grad_fn is not None} != {n[0] for n in grad_fn.next_functions}:
        warn("Using a non-full backward hook when the forward contains multiple autograd Nodes is deprecated and "
             "will be removed in future versions. This hook will be missing some grad_input." + advice)


def _registered(hooks, module, name, value):
    """value as the registration hooks leave it (each may return a replacement)."""
    for hook in list(hooks.values()):
        output = hook(module, name, value)
        if output is not None:
            value = output
    return value


class Module:
    """Base class for all neural network modules; subclasses define forward()."""

    training: bool
    _version = 1
    dump_patches = False  # torch's class flags, read by code that inspects modules
    call_super_init = False

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() takes 1 positional argument but "
                            f"{len(args) + 1} were given" if args else
                            f"{type(self).__name__}.__init__() got an unexpected keyword argument "
                            f"'{next(iter(kwargs))}'")
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = {}
        d["_buffers"] = {}
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = {}
        d["_forward_pre_hooks"] = _HookDict()
        d["_forward_hooks"] = _HookDict()
        d["_forward_hooks_with_kwargs"] = set()
        d["_forward_pre_hooks_with_kwargs"] = set()
        d["_forward_hooks_always_called"] = set()
        d["_backward_hooks"] = _HookDict()
        d["_is_full_backward_hook"] = None  # which kind _backward_hooks holds (None: none registered yet)
        d["_backward_pre_hooks"] = _HookDict()
        d["_state_dict_pre_hooks"] = _HookDict()
        d["_state_dict_hooks"] = _HookDict()
        d["_load_state_dict_pre_hooks"] = _HookDict()
        d["_load_state_dict_post_hooks"] = _HookDict()

    def forward(self, *input):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function')

    # ------------------------------------------------------------------ registration
    def register_buffer(self, name, tensor, persistent=True):
        """Add a tensor the module saves in its state_dict (if persistent) but does not learn."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name("buffer", name, self, self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{typename(tensor)}' object to buffer '{name}' "
                            "(torch Tensor or None required)")
        self._buffers[name] = _registered(_global_buffer_registration_hooks, self, name, tensor)
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def register_parameter(self, name, param):
        """Add a Parameter (or None) under `name`."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name("parameter", name, self, self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{typename(param)}' object to parameter '{name}' "
                            "(torch.nn.Parameter or None required)")
        if param is not None and param.grad_fn is not None:
            raise ValueError(f"Cannot assign non-leaf Tensor to parameter '{name}'. Model parameters must be "
                             f"created explicitly. To express '{name}' as a function of another Tensor, compute "
                             "the value in the forward() method.")
        if param is not None:
            param = _registered(_global_parameter_registration_hooks, self, name, param)
        self._parameters[name] = param

    def add_module(self, name, module):
        """Add a child module under `name`."""
        if not isinstance(module, Module) and module is not None:
            raise TypeError(f"{typename(module)} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {typename(name)}")
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        if "." in name:
            raise KeyError(f'module name can\'t contain ".", got: {name}')
        if name == "":
            raise KeyError('module name can\'t be empty string ""')
        self._modules[name] = _registered(_global_module_registration_hooks, self, name, module)

    register_module = add_module

    def __getattr__(self, name):
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry in d and name in d[registry]:
                return d[registry][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name, d, self._buffers, self._modules, self._non_persistent_buffers_set)
            self.register_parameter(name, value)
        elif params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as parameter '{name}' "
                                "(torch.nn.Parameter or None expected)")
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            if d.get("_modules") is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name, d, self._parameters, self._buffers, self._non_persistent_buffers_set)
            self._modules[name] = _registered(_global_module_registration_hooks, self, name, value)
        elif name in d.get("_modules", ()):
            if value is not None:
                raise TypeError(f"cannot assign '{typename(value)}' as child module '{name}' "
                                "(torch.nn.Module or None expected)")
            self._modules[name] = _registered(_global_module_registration_hooks, self, name, value)
        elif isinstance(value, Buffer) or name in d.get("_buffers", ()):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{typename(value)}' as buffer '{name}' "
                                "(torch.nn.Buffer, torch.Tensor or None expected)")
            persistent = value.persistent if isinstance(value, Buffer) else \
                name not in self._non_persistent_buffers_set
            self.register_buffer(name, value, persistent)
        else:
            object.__setattr__(self, name, value)

    @staticmethod
    def _forget(name, *registries):
        for registry in registries:
            if isinstance(registry, set):
                registry.discard(name)
            else:
                registry.pop(name, None)

    def __delattr__(self, name):
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._parameters) | set(self._buffers) | set(self._modules))

    # ------------------------------------------------------------------ traversal
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """(name, module) for this module and every descendant, each module once."""
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, prefix + ("." if prefix else "") + name, remove_duplicate)

    def modules(self):
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        for _, m in self.named_children():
            yield m

    def _named_members(self, registry, prefix, recurse, remove_duplicate=True):
        seen = set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse \
            else [(prefix, self)]
        for module_prefix, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def get_submodule(self, target):
        module = self
        for atom in target.split(".") if target else ():
            if not hasattr(module, atom):
                raise AttributeError(module._get_name() + " has no attribute `" + atom + "`")
            module = getattr(module, atom)
            if not isinstance(module, Module):
                raise AttributeError("`" + atom + "` is not an nn.Module")
        return module

    def set_submodule(self, target, module, strict=False):
        """Put `module` at the dotted name `target` ("block.0"), replacing the submodule there; with strict,
        only an existing submodule is replaced."""
        if target == "":
            raise ValueError("Cannot set the submodule without a target name!")
        parent_path, _, name = target.rpartition(".")
        if not isinstance(module, Module):
            raise ValueError(f"`module` is not an nn.Module, found {type(module)}")
        parent = self.get_submodule(parent_path)
        if strict and not hasattr(parent, name):
            raise AttributeError(parent._get_name() + " has no attribute `" + name + "`")
        if hasattr(parent, name) and not isinstance(getattr(parent, name), Module):
            raise AttributeError("`" + name + "` is not an nn.Module")
        setattr(parent, name, module)

    def _get_member(self, target, is_member, kind):
        """The attribute `target` ("block.0.weight") names, which `is_member(module, name, value)` accepts."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(module._get_name() + " has no attribute `" + name + "`")
        value = getattr(module, name)
        if not is_member(module, name, value):
            raise AttributeError("`" + name + "` is not " + kind)
        return value

    def get_buffer(self, target):
        return self._get_member(target, lambda module, name, value: name in module._buffers, "a buffer")

    def get_parameter(self, target):
        return self._get_member(target, lambda module, name, value: isinstance(value, Parameter), "an nn.Parameter")

    # ------------------------------------------------------------------ state
    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An OrderedDict of parameters and persistent buffers by dotted name (detached unless keep_vars)."""
        if args:  # torch's deprecated positional form: (destination, prefix, keep_vars)
            warnings.warn("Positional args are being deprecated, use kwargs instead. Refer to "
                          "https://pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.state_dict"
                          " for details.", FutureWarning, stacklevel=2)
            if destination is None:
                destination = args[0]
            if len(args) > 1 and prefix == "":
                prefix = args[1]
            if len(args) > 2 and keep_vars is False:
                keep_vars = args[2]
        if destination is None:
            destination = OrderedDict()
            destination._metadata = OrderedDict()
        local_metadata = dict(version=self._version)
        if hasattr(destination, "_metadata"):
            destination._metadata[prefix[:-1]] = local_metadata
        for hook in list(self._state_dict_pre_hooks.values()):
            hook(self, prefix, keep_vars)
        for name, value in self._local_state().items():
            destination[prefix + name] = value if keep_vars or is_lazy(value) else value.detach()
        if type(self).get_extra_state is not Module.get_extra_state:
            destination[prefix + _EXTRA_STATE_KEY] = self.get_extra_state()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".", keep_vars=keep_vars)
        for hook in list(self._state_dict_hooks.values()):
            if hook(self, destination, prefix, local_metadata) is not None:
                raise RuntimeError("state_dict post-hook must return None")
        return destination

    def _local_state(self):
        state = {k: v for k, v in self._parameters.items() if v is not None}
        state.update((k, v) for k, v in self._buffers.items()
                     if v is not None and k not in self._non_persistent_buffers_set)
        return state

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy parameters and buffers from `state_dict`; with strict, keys must match exactly.

        Every problem is reported before anything is copied, so a failed load leaves the module as it was.
        """
        from collections.abc import Mapping
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        metadata = getattr(state_dict, "_metadata", None)
        state_dict = OrderedDict(state_dict)  # load pre-hooks may edit it; the caller's dict stays as it is
        if metadata is not None:
            state_dict._metadata = metadata
        missing, unexpected, errors, copies, extra_states = [], [], [], [], []
        for prefix, module in self.named_modules(remove_duplicate=False):  # a shared child at each of its names
            local_metadata = {} if metadata is None else metadata.get(prefix, {})
            prefix = prefix + "." if prefix else ""
            for hook in list(module._load_state_dict_pre_hooks.values()):
                hook(module, state_dict, prefix, local_metadata, True, missing, unexpected, errors)
            module._upgrade_state_dict(state_dict, prefix, local_metadata)
            local = module._local_state()
            for name, param in local.items():
                key = prefix + name
                if key not in state_dict:
                    missing.append(key)
                    continue
                value = state_dict[key]
                if not isinstance(value, Tensor):
                    errors.append(f'While copying the parameter named "{key}", expected torch.Tensor or '
                                  f"Tensor-like object from checkpoint but received {type(value)}")
                elif is_lazy(param):  # a lazy value into a lazy module: nothing to copy (the lazy load
                    continue          # hook has already materialized it for an initialized value)
                elif value.shape != param.shape:
                    errors.append(f"size mismatch for {key}: copying a param with shape {value.shape} from "
                                  f"checkpoint, the shape in current model is {param.shape}.")
                else:
                    copies.append((module, name, param, value))
            extra_key = prefix + _EXTRA_STATE_KEY
            if type(module).set_extra_state is not Module.set_extra_state:
                if extra_key in state_dict:
                    extra_states.append((module, state_dict[extra_key]))
                else:
                    missing.append(extra_key)
            elif extra_key in state_dict:
                unexpected.append(extra_key)
            for key in state_dict:
                if key.startswith(prefix) and key != extra_key:
                    rest = key[len(prefix):]
                    if rest.split(".", 1)[0] not in module._modules and rest not in local:
                        unexpected.append(key)
        incompatible = _IncompatibleKeys(missing, unexpected)
        for module in _post_order(self):  # a module's hooks run after its children's, as in torch
            for hook in list(module._load_state_dict_post_hooks.values()):
                if hook(module, incompatible) is not None:
                    raise AssertionError("Hooks registered with ``register_load_state_dict_post_hook`` are not "
                                         "expected to return new values, if incompatible_keys need to be "
                                         "modified, it should be done inplace.")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(
                type(self).__name__, "\n\t".join(errors)))
        with no_grad():
            for module, name, param, value in copies:
                if assign:
                    setattr(module, name, value if not isinstance(param, Parameter) or isinstance(value, Parameter)
                            else Parameter(value, requires_grad=param.requires_grad))
                else:
                    param.copy_(value)
        for module, extra in extra_states:
            module.set_extra_state(extra)
        return _IncompatibleKeys(missing, unexpected)

    def get_extra_state(self):
        """Extra (non-tensor) state for state_dict(), stored under `_extra_state`; override it together
        with set_extra_state."""
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never be called. Please file "
                           "an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to "
                           "report this bug.")

    def set_extra_state(self, state):
        """Receive the `_extra_state` entry of a loaded state dict (override with get_extra_state)."""
        raise RuntimeError("Reached a code path in Module.set_extra_state() that should never be called. Please file "
                           "an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to "
                           "report this bug.")

    def _upgrade_state_dict(self, state_dict, prefix, local_metadata):
        """Bring entries saved by an older `_version` of this module up to date, in place (the part of
        torch's _load_from_state_dict that modules override, e.g. BatchNorm's num_batches_tracked)."""

    def register_state_dict_pre_hook(self, hook):
        """hook(module, prefix, keep_vars) runs before this module's state_dict() collects its entries."""
        return self._add_hook(self._state_dict_pre_hooks, hook)

    def register_state_dict_post_hook(self, hook):
        """hook(module, state_dict, prefix, local_metadata) runs after state_dict(); it may edit it in place."""
        return self._add_hook(self._state_dict_hooks, hook)

    def register_load_state_dict_pre_hook(self, hook):
        """hook(module, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys, error_msgs)
        runs before this module's entries are checked; it may edit state_dict in place (e.g. rename keys)."""
        return self._add_hook(self._load_state_dict_pre_hooks, hook)

    def register_load_state_dict_post_hook(self, hook):
        """hook(module, incompatible_keys) runs after loading; it may edit the key lists in place."""
        return self._add_hook(self._load_state_dict_post_hooks, hook)

    # ------------------------------------------------------------------ modes and conversions
    def train(self, mode=True):
        """Set training mode on this module and every descendant."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    if p.grad.grad_fn is not None:  # as torch: only a grad with history is detached
                        p.grad.detach_()
                    else:
                        p.grad.requires_grad_(False)
                    p.grad.zero_()

    def apply(self, fn):
        """Call fn on every submodule (children first) and on self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def _apply(self, fn, recurse=True):
        """Replace every parameter's and buffer's data (and grad) by fn(data), keeping the objects."""
        if recurse:
            for module in self.children():
                module._apply(fn)
        with no_grad():
            for p in self._parameters.values():
                if p is not None:
                    p.data = fn(p.data)
                    if p.grad is not None:
                        p._grad = fn(p.grad)
            for name, b in self._buffers.items():
                if b is not None:
                    self._buffers[name] = fn(b)
        return self

    def to(self, *args, **kwargs):
        """Cast floating parameters and buffers to a dtype, and lay out those of 4 or 5 dims in
        `memory_format` (devices other than the CPU are refused). The arguments are read by Tensor.to's
        parser, as torch's _parse_to reads them: (device, dtype, non_blocking), (dtype, non_blocking) or
        (tensor, non_blocking), whose tensor (a number standing for one) gives the dtype."""
        sig, taken = _signatures.parse(_signatures.signatures("to", True), args, kwargs)
        given = {sig.params[i].name: value for i, value in taken.items()}
        if given.get("copy"):
            raise RuntimeError(".to() does not accept copy argument")
        if given.get("device") is not None:
            _check_device(given["device"])
        dtype, memory_format = given.get("dtype"), given.get("memory_format")
        if dtype is not None:
            dtype = _dtype.dtype_argument("to", dtype)  # (float, int, bool: the parser took them as dtypes)
        if "tensor" in given:
            tensor = given["tensor"]
            dtype = tensor.dtype if isinstance(tensor, Tensor) else _dtype.number_tensor_dtype(tensor)
        if dtype is not None and not dtype.is_floating_point:
            raise TypeError("nn.Module.to only accepts floating point or complex dtypes, but got desired "
                            f"dtype={dtype}")
        if dtype is None and memory_format is None:
            return self

        def convert(t):
            cast = dtype if t.is_floating_point() else None
            if memory_format is not None and t.dim() in (4, 5):
                return t.to(cast, memory_format=memory_format)
            return t if cast is None else t.to(cast)
        return self._apply(convert)

    def float(self):
        return self._apply(lambda t: t.float() if t.is_floating_point() else t)

    def double(self):
        return self._apply(lambda t: t.double() if t.is_floating_point() else t)

    def half(self):
        return self._apply(lambda t: t.half() if t.is_floating_point() else t)

    def type(self, dst_type):
        return self._apply(lambda t: t.type(dst_type))

    def cpu(self):
        return self

    def to_empty(self, *, device, recurse=True):
        """New uninitialized memory for every parameter and buffer (of submodules too unless not `recurse`)
        on `device`: pullback's empty memory holds zeros."""
        from ..._creation import empty_like
        return self._apply(lambda t: empty_like(t, device=device), recurse=recurse)

    def compile(self, *args, **kwargs):
        """Module.compile: torch.compile of this module's calls; pullback has no compiler, so they run as
        they are (torch.compile's arguments are taken and unused)."""
        from ... import compile
        compile(self, *args, **kwargs)

    def share_memory(self):
        """Tensor.share_memory_ on every parameter and buffer (see it for what sharing means here)."""
        return self._apply(lambda t: t.share_memory_())

    def cuda(self, device=None):
        """As .to('cuda'): there is no CUDA device, so this raises torch's error for a CPU-only build."""
        return self.to("cuda" if device is None else device if isinstance(device, str) else f"cuda:{int(device)}")

    # ------------------------------------------------------------------ hooks and calling
    def _add_hook(self, hooks, hook, prepend=False):
        handle = RemovableHandle(hooks)
        hooks[handle.id] = hook
        if prepend:
            items = [(handle.id, hook)] + [(k, v) for k, v in hooks.items() if k != handle.id]
            hooks.clear()
            hooks.update(items)
        return handle

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """hook(module, args) runs before forward; it may return replacement args."""
        handle = self._add_hook(self._forward_pre_hooks, hook, prepend)
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs.add(handle.id)
        return handle

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False, always_call=False):
        """hook(module, args, output) runs after forward; it may return a replacement output."""
        handle = self._add_hook(self._forward_hooks, hook, prepend)
        if with_kwargs:
            self._forward_hooks_with_kwargs.add(handle.id)
        if always_call:
            self._forward_hooks_always_called.add(handle.id)
        return handle

    def register_full_backward_hook(self, hook, prepend=False):
        """hook(module, grad_input, grad_output) runs when the gradients w.r.t. the inputs are computed."""
        self._backward_hook_kind(True)
        return self._add_hook(self._backward_hooks, hook, prepend)

    def register_backward_hook(self, hook):
        """Deprecated (register_full_backward_hook): hook(module, grad_input, grad_output) on the grad_fn of the
        module's output, so it sees the gradients of the forward's last op only."""
        self._backward_hook_kind(False)
        return self._add_hook(self._backward_hooks, hook)

    def _backward_hook_kind(self, full):
        if self.__dict__.get("_is_full_backward_hook") is (not full):
            raise RuntimeError(_BOTH_KINDS)
        self.__dict__["_is_full_backward_hook"] = full

    def _split_backward_hooks(self):
        """(full, non-full) backward hooks: the global ones first, each list by the kind it was registered as."""
        full, legacy = [], []
        for hooks, is_full in ((_global_backward_hooks, _global_is_full_backward_hook),
                               (self._backward_hooks, self.__dict__.get("_is_full_backward_hook"))):
            (full if is_full else legacy).extend(hooks.values())
        return full, legacy

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """hook(module, grad_output) runs before the module's gradients are computed; it may replace them."""
        return self._add_hook(self._backward_pre_hooks, hook, prepend)

    def __call__(self, *args, **kwargs):
        if not (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks or self._backward_pre_hooks
                or _global_forward_pre_hooks or _global_forward_hooks or _global_backward_hooks
                or _global_backward_pre_hooks):
            return self.forward(*args, **kwargs)
        # every module's hooks (register_module_*_hook) run before this one's own, as torch's
        for hook_id, hook in [*_global_forward_pre_hooks.items(), *self._forward_pre_hooks.items()]:
            if hook_id in self._forward_pre_hooks_with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        bw_hook = None
        full, legacy = self._split_backward_hooks() if self._backward_hooks or _global_backward_hooks else ((), ())
        pre = [*_global_backward_pre_hooks.values(), *self._backward_pre_hooks.values()]
        if full or pre:
            bw_hook = BackwardHook(self, full, pre)
            args = bw_hook.setup_input_hook(args)
        forward_hooks = [*_global_forward_hooks.items(), *self._forward_hooks.items()]
        try:
            output = self.forward(*args, **kwargs)
        except Exception:
            for hook_id, hook in forward_hooks:  # always_call hooks still run, output None
                if hook_id in self._forward_hooks_always_called or hook_id in _global_forward_hooks_always_called:
                    self._run_forward_hook(hook_id, hook, args, kwargs, None)
            raise
        for hook_id, hook in forward_hooks:
            result = self._run_forward_hook(hook_id, hook, args, kwargs, output)
            if result is not None:
                output = result
        if bw_hook is not None:
            if not isinstance(output, (Tensor, tuple)):
                warnings.warn("For backward hooks to be called, module output should be a Tensor or a tuple of "
                              f"Tensors but received {type(output)}")
            output = bw_hook.setup_output_hook(output)
        if legacy:
            self._hook_output_node(legacy, args, output)
        return output

    def _hook_output_node(self, hooks, args, output):
        """The non-full backward hooks, on the grad_fn of the output's first tensor (torch's legacy hooks)."""
        var = output
        while not isinstance(var, Tensor):
            var = next(v for v in var.values() if isinstance(v, Tensor)) if isinstance(var, dict) else var[0]
        grad_fn = var.grad_fn
        if grad_fn is None:
            return
        for hook in hooks:
            grad_fn.register_hook(functools.partial(_call_with_module, hook, weakref.ref(self)))
        _warn_non_full_backward_hook(args, output, grad_fn)

    def _run_forward_hook(self, hook_id, hook, args, kwargs, output):
        if hook_id in self._forward_hooks_with_kwargs or hook_id in _global_forward_hooks_with_kwargs:
            return hook(self, args, kwargs, output)
        return hook(self, args, output)

    # ------------------------------------------------------------------ printing
    def extra_repr(self):
        """The text inside this module's parentheses in its repr; layers override it."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra_lines = self.extra_repr().split("\n") if self.extra_repr() else []
        child_lines = ["(" + key + "): " + _addindent(repr(module), 2) for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __getstate__(self):
        return self.__dict__.copy()

    def __setstate__(self, state):
        self.__dict__.update(state)

