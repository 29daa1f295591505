"""torch.jit for pullback: TorchScript's Python API, run eagerly.

pullback has no compiler, so scripted and traced code runs as the Python it is, with torch's results,
warnings and argument checks; torch.jit.is_scripting() / is_tracing() answer as inside torch's compiled
code. What only compiled TorchScript has (graphs, code, archives, compiling source) raises an error
saying so."""
import warnings
from typing import Dict, List, Optional, Tuple  # noqa: F401  (torch.jit re-exports them for annotations)

from ._annotations import (_copy_to_script_wrapper, _drop, _IgnoreContextManager, _isinstance, _overload,  # noqa: F401
                           _overload_method, export, Final, ignore, unused)
from ._async import Future, fork, wait
from ._freeze import freeze, optimize_for_inference, run_frozen_optimizations  # noqa: F401
from ._fuser import (enable_onednn_fusion, fuser, last_executed_optimized_graph, onednn_fusion_enabled,  # noqa: F401
                     optimized_execution, set_fusion_strategy)
from ._script import (_unwrap_optional, Attribute, CompilationUnit, Error, interface, RecursiveScriptClass,  # noqa: F401
                      RecursiveScriptModule, script, script_method, ScriptFunction, ScriptModule, ScriptWarning)
from ._serialization import load, save
from ._state import is_scripting, is_tracing
from ._trace import (_script_if_tracing, TopLevelTracedModule, trace, trace_module, TracedModule,  # noqa: F401
                     TracerWarning, TracingCheckError)

__all__ = ["Attribute", "CompilationUnit", "Error", "Future", "ScriptFunction", "ScriptModule", "annotate",
           "enable_onednn_fusion", "export", "export_opnames", "fork", "freeze", "interface", "ignore", "isinstance",
           "load", "onednn_fusion_enabled", "optimize_for_inference", "save", "script", "script_if_tracing",
           "set_fusion_strategy", "strict_fusion", "trace", "trace_module", "unused", "wait"]

_fork, _wait, _set_fusion_strategy = fork, wait, set_fusion_strategy  # torch's older names


def annotate(the_type, the_value):
    """Give TorchScript the type of `the_value`; returns `the_value`."""
    return the_value


def script_if_tracing(fn):
    """`fn` itself, scripted when called while tracing."""
    return _script_if_tracing(fn)


def isinstance(obj, target_type):
    """Whether `obj` is of `target_type`, containers included (List[int], Dict[str, Tensor], Optional[...]),
    checked element by element as torch's eager torch.jit.isinstance does."""
    return _isinstance(obj, target_type)


def export_opnames(m):
    """The operator names of a scripted module: they come from its TorchScript graph, which pullback lacks."""
    raise RuntimeError("pullback runs TorchScript code eagerly and has no TorchScript IR, so a module's operator "
                       "list does not exist")


class strict_fusion:
    """`with torch.jit.strict_fusion():` checks fusion inside scripted code; from Python it warns, as torch's."""

    def __init__(self):
        if not is_scripting():
            warnings.warn("Only works in script mode", stacklevel=2)

    def __enter__(self):
        pass

    def __exit__(self, type, value, tb):
        pass
