"""The Optimizer base: parameter groups, per-parameter state, state_dict, zero_grad, step(closure)."""
import copy
import functools
import warnings
from collections import defaultdict

from .._creation import tensor
from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad, no_grad
from ..autograd.node import RemovableHandle, _HookDict
from ..autograd.profiler import record_function


def validate(lr=0.0, eps=0.0, betas=(0.0, 0.0), weight_decay=0.0, momentum=0.0, below_zero=False):
    """Raise torch's ValueError for an invalid common hyper-parameter. `below_zero`: refuse only what
    is below zero, as SGD tests (`lr < 0.0`: a NaN passes, a string fails that comparison), where the
    others test `not 0.0 <= lr`."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    checks = [(lr, f"Invalid learning rate: {lr}"), (eps, f"Invalid epsilon value: {eps}"),
              (momentum, f"Invalid momentum value: {momentum}"),
              (weight_decay, f"Invalid weight_decay value: {weight_decay}")]
    for value, message in checks:
        if (value < 0.0) if below_zero else not 0.0 <= value:
            raise ValueError(message)
    for i in (0, 1):  # (indexed as torch's: a lone float is not subscriptable)
        if not 0.0 <= betas[i] < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {betas[i]}")


def check_fused(optimizer):
    """torch's refusals of fused=True (which pullback runs as the single-tensor path), after the groups'."""
    d = optimizer.defaults
    if d.get("fused"):
        if d["differentiable"]:
            raise RuntimeError("`fused` does not support `differentiable`")
        if d["foreach"]:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")


def step_tensor():
    """A fresh step counter as torch keeps it: a float32 scalar tensor."""
    return tensor(0.0)


def params_with_grad(group):
    """(parameter, gradient) for each parameter of `group` that has a gradient; the gradient
    negated when the group maximizes."""
    for p in group["params"]:
        if p.grad is not None:
            yield p, (-p.grad if group["maximize"] else p.grad)


def update_step(update):
    """Decorator for step(closure=None): runs the closure with grad enabled, the update under no_grad."""
    @functools.wraps(update)
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            update(self)
        return loss
    return step


class _RequiredParameter:
    """The default of an optimizer option that has none (torch's `required`)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()

# hooks every optimizer runs around step(): pre-hooks before its own, post-hooks after its own
_global_optimizer_pre_hooks = _HookDict()
_global_optimizer_post_hooks = _HookDict()


def register_optimizer_step_pre_hook(hook):
    """hook(optimizer, args, kwargs) before every optimizer's step; it may return (new_args, new_kwargs)."""
    handle = RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    return handle


def register_optimizer_step_post_hook(hook):
    """hook(optimizer, args, kwargs) after every optimizer's step."""
    handle = RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    return handle


def _with_step_hooks(step):
    """step as torch's: a profiler range `Optimizer.step#<class>.step`, the global and the optimizer's step
    pre-hooks (which may replace the arguments) before it, its and the global post-hooks after."""
    @functools.wraps(step)
    def wrapper(*args, **kwargs):  # args[0] is the optimizer: hooks see it among the args, as in torch
        self = args[0]
        with record_function(f"Optimizer.step#{type(self).__name__}.step"):
            for hook in [*_global_optimizer_pre_hooks.values(), *self._optimizer_step_pre_hooks.values()]:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError(f"{step} must return None or a tuple of (new_args, new_kwargs), but got "
                                           f"{result}.")
                    args, kwargs = result
            out = step(*args, **kwargs)
            for hook in [*self._optimizer_step_post_hooks.values(), *_global_optimizer_post_hooks.values()]:
                hook(self, args, kwargs)
        return out
    return wrapper


class Optimizer:
    """Holds `param_groups` (each a dict of params and options) and per-parameter `state`."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = _with_step_hooks(cls.__dict__["step"])

    def __init__(self, params, defaults):
        self._optimizer_step_pre_hooks = _HookDict()
        self._optimizer_step_post_hooks = _HookDict()
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            "but got " + params.type())
        param_groups = list(params)
        if not param_groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group of parameters with its own options (missing options take the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        params = list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is " + type(p).__name__)
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        group = {"params": params}
        for key, value in param_group.items():
            if key != "params":
                group[key] = value
        for key, default in self.defaults.items():
            group.setdefault(key, default)
        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will cause "
                          "an error; see github.com/pytorch/pytorch/issues/40967 for more information", stacklevel=3)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def register_step_pre_hook(self, hook):
        """hook(optimizer, args, kwargs) runs before each step; it may return replacement (args, kwargs)."""
        handle = RemovableHandle(self._optimizer_step_pre_hooks)
        self._optimizer_step_pre_hooks[handle.id] = hook
        return handle

    def register_step_post_hook(self, hook):
        """hook(optimizer, args, kwargs) runs after each step."""
        handle = RemovableHandle(self._optimizer_step_post_hooks)
        self._optimizer_step_post_hooks[handle.id] = hook
        return handle

    def zero_grad(self, set_to_none=True):
        """Reset every parameter's .grad: to None (the default, as in torch) or to zeros."""
        with record_function(f"Optimizer.zero_grad#{type(self).__name__}.zero_grad"):
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        if set_to_none:
                            p.grad = None
                        else:
                            if p.grad.grad_fn is not None:  # as torch: only a grad with history is detached
                                p.grad.detach_()
                            else:
                                p.grad.requires_grad_(False)
                            p.grad.zero_()

    def state_dict(self):
        """{'state': {index: {...}}, 'param_groups': [{..., 'params': [indices]}]}: parameters by position."""
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: s for p, s in self.state.items()}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Restore options and state saved by state_dict() (for an optimizer over the same parameters)."""
        state_dict = copy.deepcopy(state_dict)
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(self.param_groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        by_index = {i: p for g, s in zip(self.param_groups, saved_groups) for i, p in zip(s["params"], g["params"])}
        state = defaultdict(dict)
        for i, values in state_dict["state"].items():
            if i in by_index:
                p = by_index[i]
                state[p] = {k: _cast_like(v, p, k) for k, v in values.items()}
        self.state = state
        self.param_groups = [dict(s, params=g["params"]) for g, s in zip(self.param_groups, saved_groups)]

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault("_optimizer_step_pre_hooks", _HookDict())
        self.__dict__.setdefault("_optimizer_step_post_hooks", _HookDict())

    def __repr__(self):
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(f"    {key}: {group[key]}\n" for key in sorted(group) if key != "params")
        return text + ")"


def _cast_like(value, param, key):
    """State tensors take the parameter's dtype, except the step counter (as torch does)."""
    if isinstance(value, Tensor) and key != "step" and value.is_floating_point():
        return value.to(param.dtype)
    return value
