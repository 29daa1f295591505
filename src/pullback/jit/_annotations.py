"""The decorators and type helpers TorchScript reads (torch's torch._jit_internal, Python side).

They only mark functions: pullback compiles nothing, so the marks matter where a scripted module
is made (@unused methods raise there, @ignore'd code runs "as Python": is_scripting() is False)."""
import collections.abc
import typing
import warnings
from typing import Final, Union, get_args, get_origin  # noqa: F401  (Final: torch.jit.Final)
import types

from ._state import python_only_codes


class FunctionModifiers:
    """How TorchScript treats a function (the values torch sets as fn._torchscript_modifier)."""
    UNUSED = "unused (ignored and replaced with raising of an exception)"
    IGNORE = "ignore (leave as a call to Python, cannot be torch.jit.save'd)"
    EXPORT = "export (compile this function even if nothing calls it)"
    DEFAULT = "default (compile if called from an exported function / forward)"
    COPY_TO_SCRIPT_WRAPPER = "if this method is not scripted, copy the python method onto the scripted model"
    _DROP = "_drop (function is fully ignored, declaration can be unscriptable)"


def _mark(fn, modifier):
    fn._torchscript_modifier = modifier
    if modifier is not FunctionModifiers.EXPORT and hasattr(fn, "__code__"):
        python_only_codes.add(fn.__code__)
    return fn


def get_torchscript_modifier(fn):
    if not callable(fn):
        return None
    fn = getattr(fn, "__func__", fn)
    return getattr(fn, "_torchscript_modifier", FunctionModifiers.DEFAULT)


def export(fn):
    """Mark a module method as an entry point of the scripted module (it stays callable on it)."""
    fn._torchscript_modifier = FunctionModifiers.EXPORT
    return fn


def unused(fn):
    """Mark a function or method to be replaced by a raise in scripted modules; eager calls run it."""
    if isinstance(fn, property):
        _mark(fn.fget, FunctionModifiers.UNUSED)
        if fn.fset:
            _mark(fn.fset, FunctionModifiers.UNUSED)
        return fn
    return _mark(fn, FunctionModifiers.UNUSED)


def ignore(drop=False, **kwargs):
    """Mark a function or method to stay Python: scripted code calling it runs it as Python.
    `ignore(True)` / `ignore(drop_on_export=True)` are torch's deprecated spellings of `unused`."""
    if callable(drop):
        return _mark(drop, FunctionModifiers.IGNORE)
    if not isinstance(drop, bool):
        raise RuntimeError(f"Argument to @torch.jit.ignore must be a bool or a function but got {drop}")
    drop_on_export = kwargs.pop("drop_on_export", None)
    if drop_on_export:
        warnings.warn("ignore(drop_on_export=True) has been deprecated. TorchScript will now drop the function "
                      "call on compilation. Use torch.jit.unused now. {}", stacklevel=2, category=FutureWarning)
        drop = drop_on_export
    elif drop:
        warnings.warn("ignore(True) has been deprecated. TorchScript will now drop the function "
                      "call on compilation. Use torch.jit.unused now. {}", stacklevel=2, category=FutureWarning)

    def decorator(fn):
        return _mark(fn, FunctionModifiers.UNUSED if drop else FunctionModifiers.IGNORE)
    return decorator


def _drop(fn):
    return _mark(fn, FunctionModifiers._DROP)


def _copy_to_script_wrapper(fn):
    fn._torchscript_modifier = FunctionModifiers.COPY_TO_SCRIPT_WRAPPER
    return fn


def _overload(func):
    """An overload declaration for TorchScript; Python keeps calling the implementation defined after it."""
    return func


_overload_method = _overload


class _IgnoreContextManager:
    """`with torch.jit._IgnoreContextManager(...)`: a no-op from Python."""

    def __init__(self, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        pass


class _BroadcastingListCls:
    def __getitem__(self, types):
        return None


BroadcastingList1 = BroadcastingList2 = BroadcastingList3 = _BroadcastingListCls()


# ---------------------------------------------------------------- torch.jit.isinstance, as torch runs it eagerly
def _missing_parameter(name):
    if name.endswith("ict"):
        raise RuntimeError(f"Attempted to use {name} without contained types. Please add contained type, "
                           f"e.g. {name}[int, int]")
    raise RuntimeError(f"Attempted to use {name} without a contained type. Please add a contained type, "
                       f"e.g. {name}[int]")


_RAW_TYPE_NAMES = {dict: "dict", list: "list", tuple: "tuple", typing.Dict: "Dict", typing.List: "List",  # noqa: UP006
                   typing.Optional: "Optional", typing.Tuple: "Tuple"}  # noqa: UP006


def _check_args_exist(target_type):
    name = _RAW_TYPE_NAMES.get(target_type)
    if name:
        _missing_parameter(name)


def _check_empty_container(obj):
    if obj == [] or obj == {} or obj == ():
        warnings.warn("The inner type of a container is lost when calling torch.jit.isinstance in eager mode. For "
                      "example, List[int] would become list and therefore falsely return True for List[float] or"
                      " List[str].", stacklevel=3)


def _element_ok(el, el_type):
    return _container_ok(el, el_type) if get_origin(el_type) else isinstance(el, el_type)


def _container_ok(obj, target_type):
    origin = get_origin(target_type)
    _check_args_exist(target_type)
    if origin is None:
        return False
    if origin is list:
        _check_empty_container(obj)
        if not isinstance(obj, list):
            return False
        arg = get_args(target_type)[0]
        return all(_element_ok(el, arg) for el in obj)
    if origin is dict:
        _check_empty_container(obj)
        if not isinstance(obj, dict):
            return False
        key_type, val_type = get_args(target_type)
        return all(isinstance(k, key_type) and _element_ok(v, val_type) for k, v in obj.items())
    if origin is tuple:
        _check_empty_container(obj)
        if not isinstance(obj, tuple):
            return False
        arg_types = get_args(target_type)
        return len(obj) == len(arg_types) and all(_element_ok(el, t) for el, t in zip(obj, arg_types))
    if origin is Union or issubclass(origin, types.UnionType):  # Optional too
        if obj is None:
            return True
        for t in get_args(target_type):
            if get_origin(t):  # torch decides on the first container member, as here
                return _container_ok(obj, t)
            if isinstance(obj, t):
                return True
    return False


def _isinstance(obj, target_type):
    if isinstance(target_type, collections.abc.Container):
        if not isinstance(target_type, tuple):
            raise RuntimeError("The second argument to `torch.jit.isinstance` must be a type or a tuple of types")
        return any(_isinstance(obj, t) for t in target_type)
    if get_origin(target_type):
        return _container_ok(obj, target_type)
    _check_args_exist(target_type)
    return isinstance(obj, target_type)
