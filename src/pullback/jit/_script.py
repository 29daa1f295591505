"""torch.jit.script, run eagerly: a scripted function calls the Python function, a scripted module is a
RecursiveScriptModule sharing the original's parameters and buffers (as torch's shares them) and
running its Python methods; inside them torch.jit.is_scripting() is True, as in torch's compiled code."""
import collections
import copy
import enum
import functools
import inspect
import types
import warnings
import weakref

from .. import nn
from ._annotations import FunctionModifiers, get_torchscript_modifier
from ._state import entry_codes, scripting

_NO_IR = ("pullback runs TorchScript code eagerly as Python and has no TorchScript IR, so {} does not exist; "
          "print the Python source instead")
_NO_ARCHIVE = ("pullback cannot write TorchScript archives (they hold compiled TorchScript code); save the "
               "weights with torch.save(module.state_dict(), f) and rebuild the module from its Python class")


def _deprecated(name):
    # no stacklevel, as torch's: the warning is attributed to the library, so Python's default
    # filters hide it unless the user asks for DeprecationWarnings
    warnings.warn(f"`torch.jit.{name}` is deprecated. Please switch to `torch.compile` or `torch.export`.",
                  DeprecationWarning)


def _warn_optimize(optimize, stacklevel):
    if optimize is not None:
        warnings.warn("`optimize` is deprecated and has no effect. Use `with torch.jit.optimized_execution()` "
                      "instead", FutureWarning, stacklevel=stacklevel + 1)


def _no_ir(what):
    raise RuntimeError(_NO_IR.format(what))


def _qualified_name(obj):
    name = getattr(obj, "__name__", None)
    if not name:
        raise RuntimeError("Could not get name of python class object")
    name = "_lambda" if name == "<lambda>" else name
    module = obj.__module__
    return ("__torch__" if module == "__main__" else "__torch__." + module) + "." + name


class ScriptWarning(Warning):
    pass


Attribute = collections.namedtuple("Attribute", ["value", "type"])
Attribute.__doc__ = """A module attribute's value with its TorchScript type: `self.x = torch.jit.Attribute(value, type)`
in a ScriptModule's __init__ stores `value` (the type only guides TorchScript's compiler)."""


class RecursiveScriptClass:
    """torch's wrapper of a scripted class instance; pullback's scripted instances stay Python objects."""


class _IRAccess:
    """The attributes of torch's compiled objects that show TorchScript IR or archives: none exist here."""

    @property
    def graph(self):
        _no_ir("graph")

    @property
    def inlined_graph(self):
        _no_ir("inlined_graph")

    @property
    def code(self):
        _no_ir("code")

    @property
    def code_with_constants(self):
        _no_ir("code_with_constants")

    def graph_for(self, *args, **kwargs):
        _no_ir("graph_for")

    def get_debug_state(self, *args, **kwargs):
        _no_ir("the debug state")

    def save(self, f, **kwargs):
        raise RuntimeError(_NO_ARCHIVE)

    def save_to_buffer(self, *args, **kwargs):
        raise RuntimeError(_NO_ARCHIVE)


class ScriptFunction(_IRAccess):
    """A function from torch.jit.script or torch.jit.trace: calling it calls the Python function."""
    def __init__(self, fn, qualified_name):
        self._fn = fn
        self.name = fn.__name__
        self.qualified_name = qualified_name
        self.__doc__ = fn.__doc__
        # torch names its compiled functions so
        self.__name__, self.__qualname__ = "ScriptFunction", "torch.jit.ScriptFunction"

    def __call__(self, *args, **kwargs):
        with scripting():
            return self._fn(*args, **kwargs)

    @property
    def schema(self):
        _no_ir("schema")

    def __repr__(self):
        return f"<torch.jit.ScriptFunction object at {hex(id(self))}>"


entry_codes.add(ScriptFunction.__call__.__code__)


def _compiled(fn):
    """A module method as TorchScript runs it: is_scripting() is True inside."""
    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        with scripting():
            return fn(self, *args, **kwargs)
    return method


def _unused(fn):
    """An @unused method: TorchScript compiled a raise in its place."""
    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        raise Error("The following operation failed in the TorchScript interpreter.\nRuntimeError: This Python "
                    f"function is annotated to be ignored and cannot be run ({fn.__qualname__} is @unused)")
    return method


entry_codes.add(_compiled(lambda self: None).__code__)


class ScriptModule(_IRAccess, nn.Module):
    """Base class of scripted and traced modules. Subclassing it with @torch.jit.script_method methods
    gives a module whose script methods run eagerly (is_scripting() True inside)."""

    def __setattr__(self, name, value):
        # torch.jit.Attribute stores its value (its type only guides TorchScript)
        if isinstance(value, Attribute):
            value = value.value
        super().__setattr__(name, value)

    def define(self, src):
        raise RuntimeError("pullback has no TorchScript compiler: ScriptModule.define cannot compile source; "
                           "write the method in Python")


def _refused(name):
    def refused(self, *args, **kwargs):
        raise RuntimeError(name + " is not supported on ScriptModules")
    refused.__name__ = name
    return refused


class RecursiveScriptModule(ScriptModule):
    """A module from torch.jit.script: a copy of the module (own attributes and training flag) holding the same
    parameters, buffers and hooks, with scripted copies of its submodules and the original class's methods."""
    _disable_script_meta = True

    def __call__(self, *args, **kwargs):
        with scripting():
            return super().__call__(*args, **kwargs)

    def __setattr__(self, name, value):
        if name in getattr(type(self), "__constants__", ()) and name in self.__dict__:
            raise RuntimeError(f"Can't set constant '{name}' which has value:{self.__dict__[name]}")
        super().__setattr__(name, value)

    @property
    def original_name(self):
        return self.__dict__["_original_name"]

    def __reduce_ex__(self, protocol):
        original = self.__dict__["_original"]
        raise RuntimeError(f"Tried to serialize object {_qualified_name(type(original))} which does not have a "
                           "__getstate__ method defined! (pickle the module's state_dict instead)")

    def __deepcopy__(self, memo):  # pickling is refused, so deepcopy copies the state itself
        new = object.__new__(type(self))
        memo[id(self)] = new
        new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        return new

    def _get_name(self):
        return "RecursiveScriptModule"

    def extra_repr(self):
        return f"original_name={self.original_name}"


entry_codes.add(RecursiveScriptModule.__call__.__code__)

# the nn.Module methods torch's scripted modules refuse (hooks are compiled in when the module is scripted)
for _name in ("bfloat16", "compile", "get_buffer", "get_parameter", "get_submodule", "register_backward_hook",
              "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
              "register_full_backward_pre_hook", "register_load_state_dict_post_hook",
              "register_load_state_dict_pre_hook", "register_state_dict_post_hook", "register_state_dict_pre_hook",
              "requires_grad_", "set_submodule", "to_empty", "xpu", "ipu", "mtia"):
    setattr(RecursiveScriptModule, _name, _refused(_name))
del _name

_RESERVED = {name for cls in RecursiveScriptModule.__mro__[:-1] if cls is not nn.Module for name in vars(cls)}
_classes = weakref.WeakKeyDictionary()  # (module class -> its RecursiveScriptModule class), per kind


def _module_methods(cls):
    """The functions a module class defines (its own and its bases', nn.Module's excepted), nearest first."""
    seen = {}
    for klass in cls.__mro__:
        if klass is object or klass is nn.Module or issubclass(nn.Module, klass):
            continue
        for name, value in vars(klass).items():
            if isinstance(value, types.FunctionType) and name not in seen and name not in _RESERVED \
                    and not (name.startswith("__") and name.endswith("__")):
                seen[name] = value
    return seen


def _script_class(cls, kind, wrap):
    """A subclass of `kind` and `cls` whose methods are `wrap`ped; made once per module class."""
    made = _classes.setdefault(cls, {})
    if kind not in made:
        namespace = {"__module__": kind.__module__, "__qualname__": kind.__qualname__}
        for name, fn in _module_methods(cls).items():
            wrapped = wrap(name, fn)
            if wrapped is not fn:
                namespace[name] = wrapped
        made[kind] = type(kind.__name__, (kind, cls), namespace)
    return made[kind]


def _script_method_for(name, fn):
    modifier = get_torchscript_modifier(fn)
    if modifier is FunctionModifiers.IGNORE:
        return fn
    if modifier is FunctionModifiers.UNUSED or modifier is FunctionModifiers._DROP:
        return _unused(fn)
    return _compiled(fn)


def _copy_module(mod, kind, wrap, memo, child):
    """A `kind` copy of `mod`: its attributes copied (containers shallowly), the same parameters, buffers and
    hooks, each submodule made by `child`."""
    if id(mod) in memo:
        return memo[id(mod)]
    # a scripted module is copied with its own state but its original class
    original = mod.__dict__.get("_original", mod) if isinstance(mod, ScriptModule) else mod
    new = object.__new__(_script_class(type(original), kind, wrap))
    memo[id(mod)] = new
    d = new.__dict__
    for name, value in mod.__dict__.items():
        if isinstance(value, Attribute):
            value = value.value
        elif type(value) in (list, dict, set) or isinstance(value, (collections.OrderedDict, dict, set)):
            value = copy.copy(value)
        d[name] = value
    d["_modules"] = {name: None if m is None else child(m, memo) for name, m in mod._modules.items()}
    d["_original_name"] = type(original).__name__
    d["_original"] = original
    return new


def _create_script_module(mod, memo):
    if isinstance(mod, ScriptModule):
        return mod
    prepare = getattr(mod, "__prepare_scriptable__", None)
    if prepare is not None:
        mod = prepare()
    return _copy_module(mod, RecursiveScriptModule, _script_method_for, memo, _create_script_module)


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """Script a function, module, class, list or dict. pullback compiles nothing: the result runs the Python code
    (a ScriptFunction, a RecursiveScriptModule, the class itself, a copy of the container), with
    torch.jit.is_scripting() True inside scripted code as in torch's compiled code."""
    _deprecated("script")
    _warn_optimize(optimize, 2)
    if isinstance(obj, (ScriptModule, ScriptFunction)):
        return obj
    if example_inputs:
        # torch needs MonkeyType to use them and only warns without it; the eager run needs no types
        warnings.warn("Warning: monkeytype is not installed. Please install https://github.com/Instagram/MonkeyType "
                      "to enable Profile-Directed Typing in TorchScript. Refer to "
                      "https://github.com/Instagram/MonkeyType/blob/master/README.rst to install MonkeyType. ",
                      stacklevel=2)
    if isinstance(obj, nn.Module):
        return _create_script_module(obj, {})
    prepare = getattr(obj, "__prepare_scriptable__", None)
    if prepare is not None:
        obj = prepare()
    if isinstance(obj, (dict, list)):
        return type(obj)(obj) if type(obj) in (dict, list) else copy.copy(obj)  # torch copies into a ScriptDict/List
    if inspect.isclass(obj):
        if issubclass(obj, nn.Module):
            raise RuntimeError(f"Type '{obj}' cannot be compiled since it inherits from nn.Module, pass an instance "
                               "instead")
        if issubclass(obj, enum.Enum):
            return obj
        if len(obj.mro()) > 2:
            raise RuntimeError("TorchScript classes does not support inheritance yet. Please directly inherit from "
                               "'object'.")
        return obj
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        original = getattr(obj, "__original_fn", None)
        if getattr(obj, "__script_if_tracing_wrapper", False) and original is not None:
            obj = original
        unsupported = getattr(obj, "__script_unsupported", None)
        if unsupported is not None:
            raise RuntimeError("TorchScript error: " + unsupported)
        return ScriptFunction(obj, _qualified_name(obj))
    if type(obj).__module__ == "builtins":
        raise TypeError(f"{type(obj)} is a built-in class")
    return obj  # an instance of a scriptable class: torch compiles the class; here it stays itself


def script_method(fn):
    """Mark a ScriptModule subclass's method as TorchScript: it runs eagerly with is_scripting() True inside."""
    _deprecated("script_method")
    return _compiled(fn)


def interface(obj):
    """Declare a TorchScript interface class (checked as torch checks it; the class is returned unchanged)."""
    warnings.warn("`torch.jit.interface` is deprecated. Please use `torch.compile` instead.", DeprecationWarning)
    if not inspect.isclass(obj):
        raise RuntimeError("interface must be applied to a class")
    is_module_interface = issubclass(obj, nn.Module) and len(obj.mro()) == 3
    if not is_module_interface and len(obj.mro()) > 2:
        raise RuntimeError("TorchScript interface does not support inheritance yet. Please directly inherit from "
                           "'object' or 'nn.Module'.")
    obj.__torch_script_interface__ = "__torch__." + obj.__qualname__
    return obj


class CompilationUnit:
    """torch's unit of compiled TorchScript source. pullback has no TorchScript compiler, so source
    cannot be compiled: define the functions in Python (and torch.jit.script them) instead."""

    def __init__(self, lang=None, _frames_up=0):
        if lang is not None:
            self.define(lang)

    def define(self, src, rcb=None, _frames_up=0):
        raise RuntimeError("pullback has no TorchScript compiler: CompilationUnit cannot compile TorchScript source; "
                           "write the functions in Python and call them (or torch.jit.script them)")


def _unwrap_optional(x):
    assert x is not None, "Unwrapping null optional"
    return x


class Error(Exception):
    """torch.jit.Error: what failing TorchScript code raises (here: a call of an @unused method of a scripted
    module)."""


Error.__module__ = "torch.jit"
