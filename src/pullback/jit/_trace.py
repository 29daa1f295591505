"""torch.jit.trace, run eagerly: the function runs on the example inputs (and torch's check runs), and the
traced result calls it again on each call, with torch.jit.is_tracing() True inside as it was when torch
recorded the trace. Replays differ from torch's only where the traced code's path depends on the data or on
Python state: torch replays the recorded operations, pullback re-runs the Python code."""
import warnings

from .. import nn
from .._tensor import Tensor
from ._script import (ScriptFunction, ScriptModule, _copy_module, _create_script_module,
                      _deprecated, _qualified_name, _warn_optimize)
from ._annotations import FunctionModifiers, get_torchscript_modifier
from ._state import tracing


class TracerWarning(Warning):
    """What torch.jit.trace warns of: a trace that may not generalize (here: a check run's outputs differing)."""

    @staticmethod
    def ignore_lib_warnings():
        warnings.filterwarnings("ignore", category=TracerWarning, module="pullback.(?!jit)")


def _indent(s):
    return s if not s else "\t" + "\n\t".join(s.splitlines())


class TracingCheckError(Exception):
    def __init__(self, graph_diff_error, tensor_compare_error, extra_msg=None):
        self.message = "Tracing failed sanity checks!\n"
        if extra_msg is not None:
            self.message += extra_msg + "\n"
        if graph_diff_error is not None:
            self.message += "ERROR: Graphs differed across invocations!\n" + _indent(graph_diff_error) + "\n"
        if tensor_compare_error is not None:
            self.message += ("ERROR: Tensor-valued Constant nodes differed in value across invocations. This often "
                             "indicates that the tracer has encountered untraceable code.\n"
                             + _indent(tensor_compare_error) + "\n")
        super().__init__(self.message)


# ---------------------------------------------------------------- what the tracer accepts, as torch words it
def _type_name(value):
    if isinstance(value, Tensor):
        return "Tensor"
    if isinstance(value, (list, tuple)):
        names = [_type_name(v) for v in value]
        if isinstance(value, tuple):
            return f"Tuple[{', '.join(names)}]"
        return f"List[{names[0] if names else 'Tensor'}]"
    if isinstance(value, dict):
        k, v = next(iter(value.items()), ("", None))
        return f"Dict[{_type_name(k)}, {_type_name(v)}]" if value else "Dict[str, Tensor]"
    return type(value).__name__


def _traceable(value):
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)):
        return all(_traceable(v) for v in value)
    if isinstance(value, dict):
        return all(_traceable(v) for v in value.values())
    return False


def _check_inputs(args):
    if not _traceable(args):
        raise RuntimeError(f"Type '{_type_name(tuple(args))}' cannot be traced. Only Tensors and (possibly nested) "
                           "Lists, Dicts, and Tuples of Tensors can be traced")


def _check_output(out, strict):
    if out is None:
        raise RuntimeError("The traced function didn't return any values! Side-effects are not captured in traces, "
                           "so it would be a no-op.")
    if isinstance(out, dict) and strict:
        raise RuntimeError(
            "Encountering a dict at the output of the tracer might cause the trace to be incorrect, this is only "
            "valid if the container structure does not change based on the module's inputs. Consider using a "
            "constant container instead (e.g. for `list`, use a `tuple` instead. for `dict`, use a `NamedTuple` "
            "instead). If you absolutely need this and know the side effects, pass strict=False to trace() to "
            "allow this behavior.")
    if not _traceable(out):
        raise RuntimeError("Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from "
                           "traced functions")


def _as_tuple(example_inputs):
    if isinstance(example_inputs, (Tensor, dict)):
        return (example_inputs,)
    return example_inputs if isinstance(example_inputs, tuple) else tuple(example_inputs)


def _clone(value):
    if isinstance(value, Tensor):
        return value.detach().clone().requires_grad_(value.requires_grad)
    if isinstance(value, (list, tuple)):
        return type(value)(_clone(v) for v in value)
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    return value


def _run(func, inputs, as_kwargs):
    return func(**inputs) if as_kwargs else func(*_as_tuple(inputs))


def _tensor_outputs(out):
    return [o for o in (out if isinstance(out, tuple) else (out,)) if isinstance(o, Tensor)]


def _compare(traced, reference, tolerance, random_in_graph):
    """torch's check: each tensor output of the trace against the Python function's (TracerWarning if they differ).
    random_in_graph: whether torch's graph would show the random ops (it inlines a function's, not submodules')."""
    from ..testing import assert_close
    from .. import float64
    for i, (orig, ref) in enumerate(zip(_tensor_outputs(traced), _tensor_outputs(reference))):
        try:
            assert_close(orig.to(float64), ref.to(float64), rtol=tolerance, atol=1e-7, equal_nan=True)
        except AssertionError as e:
            if random_in_graph:
                random_in_graph = False
                warnings.warn("Trace had nondeterministic nodes. Did you forget call .eval() on your model? Nodes:\n"
                              "\t(pullback records no graph to list them)\nThis may cause errors in trace checking. "
                              "To disable trace checking, pass check_trace=False to torch.jit.trace()",
                              category=TracerWarning, stacklevel=5)
            warnings.warn(f"Output nr {i + 1}. of the traced function does not match the corresponding output of the "
                          f"Python function. Detailed error:\n{e}", category=TracerWarning, stacklevel=4)


def _check_trace(check_inputs, retrace, func, tolerance, as_kwargs):
    """torch traces again on each check input and compares the trace with the Python function; re-running the
    function traced gives the trace's outputs here (the Python function runs as often as in torch)."""
    from ..autograd import no_grad
    with no_grad():
        for inputs in check_inputs:
            traced_outs = retrace(inputs)
            fn_outs = _run(func, _clone(inputs), as_kwargs)
            _compare(traced_outs, fn_outs, tolerance, True)


# ---------------------------------------------------------------- traced functions
class _TracedFunction(ScriptFunction):
    """torch.jit.trace's result for a function: each call re-runs it as traced (is_tracing() True inside)."""
    def __init__(self, fn, qualified_name):
        self._fn, self.name, self.qualified_name, self.__doc__ = fn, fn.__name__, qualified_name, fn.__doc__

    def __call__(self, *args, **kwargs):
        with tracing():
            return self._fn(*args, **kwargs)


_TracedFunction.__name__ = _TracedFunction.__qualname__ = "ScriptFunction"


def trace(func, example_inputs=None, optimize=None, check_trace=True, check_inputs=None, check_tolerance=1e-5,
          strict=True, _force_outplace=False, _module_class=None, _compilation_unit=None, example_kwarg_inputs=None,
          _store_inputs=True):
    """Trace a function or module on example inputs. The function runs on them (and again for torch's check, which
    warns with TracerWarning where outputs differ); the result is a ScriptFunction (a TopLevelTracedModule for a
    module) whose calls run the Python code again, as traced."""
    _deprecated("trace")
    _warn_optimize(optimize, 2)
    if isinstance(func, ScriptModule):
        warnings.warn("The input to trace is already a ScriptModule, tracing it is a no-op. Returning the object as "
                      "is.", stacklevel=2)
        return func
    module = func if isinstance(func, nn.Module) else None
    if module is None and isinstance(getattr(func, "__self__", None), nn.Module) and func.__name__ == "forward":
        module = func.__self__
    if module is not None:
        if example_inputs is None:
            if not isinstance(example_kwarg_inputs, dict):
                raise RuntimeError("example_kwarg_inputs should be a dict")
            example_inputs = example_kwarg_inputs
        return trace_module(module, {"forward": example_inputs}, None, check_trace,
                            None if check_inputs is None else [{"forward": c} for c in check_inputs],
                            check_tolerance, strict, _force_outplace, _module_class,
                            example_inputs_is_kwarg=isinstance(example_kwarg_inputs, dict))
    as_kwargs = isinstance(example_kwarg_inputs, dict)
    if as_kwargs:
        example_inputs = example_kwarg_inputs
    else:
        example_inputs = _as_tuple(example_inputs)
    if isinstance(getattr(func, "__self__", None), nn.Module):
        raise AttributeError("trace doesn't support compiling individual module's functions.\n"
                             "Please use trace_module")
    name = _qualified_name(func)

    def run_traced(inputs):
        _check_inputs(tuple(inputs.values()) if as_kwargs else inputs)
        with tracing():
            out = _run(func, inputs, as_kwargs)
        _check_output(out, strict)
        return out

    run_traced(example_inputs)
    if check_trace:
        def retrace(inputs):
            _deprecated("trace")  # torch traces again to check
            return run_traced(_clone(inputs))
        _check_trace([example_inputs] if check_inputs is None else [_as_tuple(c) for c in check_inputs],
                     retrace, func, check_tolerance, as_kwargs)
    return _TracedFunction(func, name)


# ---------------------------------------------------------------- traced modules
class TracedModule(ScriptModule):
    """A module from torch.jit.trace: a copy holding the same parameters, buffers and hooks, whose forward re-runs
    the original class's forward as traced."""
    _disable_script_meta = True

    @property
    def original_name(self):
        return self.__dict__["_original_name"]

    def _get_name(self):
        return self.original_name

    def extra_repr(self):
        return f"original_name={self.original_name}"


class TopLevelTracedModule(TracedModule):
    """The traced module torch.jit.trace returns. torch's trace fixed each submodule's training mode at trace
    time, so its calls run with those modes whatever train()/eval() set later."""

    def __call__(self, *args, **kwargs):
        modes = self.__dict__["_trace_modes"]
        current = [(m, m.__dict__["training"]) for m, _ in modes]
        for m, mode in modes:
            m.__dict__["training"] = mode
        try:
            return super().__call__(*args, **kwargs)
        finally:
            for m, mode in current:
                m.__dict__["training"] = mode


def _replayed(fn):
    def method(self, *args, **kwargs):
        with tracing():
            return fn(self, *args, **kwargs)
    method.__name__, method.__qualname__, method.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
    return method


def _traced_method_for(name, fn):
    return _replayed(fn) if name == "forward" else fn


def _traced_child(mod, memo):
    return _copy_module(mod, TracedModule, _traced_method_for, memo, _traced_child)


def _module_has_exports(mod):
    return any(get_torchscript_modifier(getattr(type(mod), name, None)) is FunctionModifiers.EXPORT
               for name in dir(type(mod)))


def trace_module(mod, inputs, optimize=None, check_trace=True, check_inputs=None, check_tolerance=1e-5, strict=True,
                 _force_outplace=False, _module_class=None, _compilation_unit=None, example_inputs_is_kwarg=False,
                 _store_inputs=True):
    """Trace a module's methods (a dict of method name -> example inputs); see trace()."""
    _deprecated("trace_method")
    _warn_optimize(optimize, 2)
    if not isinstance(mod, nn.Module):
        raise AttributeError("expected torch.nn.Module as the first argument")
    if not isinstance(inputs, dict):
        raise AttributeError("expected a dictionary of (method_name, input) pairs")

    def run_traced(method_name, example):
        func = mod if method_name == "forward" else getattr(mod, method_name)
        as_kwargs = isinstance(example, dict) and example_inputs_is_kwarg
        if as_kwargs:
            import inspect
            names = list(inspect.signature(getattr(mod, method_name)).parameters)
            for key in example:
                if key not in names:
                    raise NameError(f"""'{key}' is not in forward() method's arguments,
                         valid arguments name are [{",".join(names)}]""")
            _check_inputs(tuple(example.values()))
        else:
            _check_inputs(_as_tuple(example))
        with tracing():
            out = _run(func, example, as_kwargs)
        _check_output(out, strict)
        return out

    for method_name, example in inputs.items():
        run_traced(method_name, example)
        if check_trace:
            func = mod if method_name == "forward" else getattr(mod, method_name)

            def retrace(check, method_name=method_name):
                _deprecated("trace_method")  # torch traces every method again to check this one
                outs = {name: run_traced(name, _clone(example)) for name, example in check.items()}
                return outs[method_name]
            from ..autograd import no_grad
            for check in ([inputs] if check_inputs is None else check_inputs):
                with no_grad():
                    traced_outs = retrace(check)
                    fn_outs = _run(func, _clone(check[method_name]),
                                   isinstance(check[method_name], dict) and example_inputs_is_kwarg)
                _compare(traced_outs, fn_outs, check_tolerance, not mod._modules)

    if _module_has_exports(mod):  # torch scripts a module with @export methods
        return _create_script_module(mod, {})
    memo = {}
    kind = _module_class if _module_class is not None else TopLevelTracedModule
    top = _copy_module(mod, kind, _traced_method_for, memo, _traced_child)
    top.__dict__["_trace_modes"] = [(m, m.training) for m in top.modules()]
    return top


def _script_if_tracing(fn):
    """Run `fn` as is, except while tracing, where it is scripted first (torch's script_if_tracing)."""
    import functools
    from ._script import script

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from ._state import is_tracing
        if not is_tracing():
            return fn(*args, **kwargs)
        return script(wrapper.__original_fn)(*args, **kwargs)

    wrapper.__original_fn = fn
    wrapper.__script_if_tracing_wrapper = True
    return wrapper
