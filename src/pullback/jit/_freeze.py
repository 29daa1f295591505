"""torch.jit.freeze / optimize_for_inference, run eagerly: the checks torch makes, then a copy of the scripted
module whose parameters are constants (detached: outputs no longer require grad, as with torch's frozen ones)."""
import warnings

from ._script import RecursiveScriptModule, ScriptModule, _copy_module, _script_method_for


def _frozen_child(mod, memo):
    new = _copy_module(mod, RecursiveScriptModule, _script_method_for, memo, _frozen_child)
    d = new.__dict__
    params, d["_parameters"] = d["_parameters"], {}
    for name, p in params.items():
        d[name] = None if p is None else p.detach()  # torch inlines them as constants
    return new


def freeze(mod, preserved_attrs=None, optimize_numerics=True):
    """A frozen copy of a scripted module in eval mode: its parameters become constants (no longer parameters)."""
    warnings.warn("`torch.jit.freeze` is deprecated. Please use `torch.compile` instead.", DeprecationWarning)
    if not isinstance(mod, ScriptModule):
        raise RuntimeError("Freezing expects a ScriptModule as input. Please use torch.jit.script or torch.jit.trace "
                           "to script your 'nn.Module'.")
    if mod.training:
        raise RuntimeError("Freezing is currently only implemented for modules in eval mode. Please call .eval() on "
                           "your module before freezing.")
    frozen = _frozen_child(mod, {})
    for m in frozen.modules():
        m.__dict__["training"] = False
    return frozen


def run_frozen_optimizations(mod, optimize_numerics=True, preserved_methods=None):
    """torch's graph passes on a frozen module; with no graph there is nothing to rewrite."""


def optimize_for_inference(mod, other_methods=None):
    """freeze() for a scripted module (put in eval mode first, as torch does)."""
    warnings.warn("`torch.jit.optimize_for_inference` is deprecated. Please use `torch.compile` instead.",
                  DeprecationWarning)
    if not isinstance(mod, ScriptModule):
        raise RuntimeError("optimize_for_inference expects a ScriptModule as input. Please use torch.jit.script or "
                           "torch.jit.trace to script your 'nn.Module'.")
    if hasattr(mod, "training"):
        mod = freeze(mod.eval(), preserved_attrs=other_methods or [])
    return mod
