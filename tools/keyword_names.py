"""Reports the keyword names pullback's functions and Tensor methods take where real torch's differ.

    PYTHONPATH=src python tools/keyword_names.py              # every mismatch
    PYTHONPATH=src python tools/keyword_names.py --extra      # also names torch takes that pullback lacks
    PYTHONPATH=src python tools/keyword_names.py --unchecked  # also the functions that were not compared

torch's C++ argument parser keeps each function's overload signatures as strings in libtorch_python
("linalg_cholesky(Tensor input, *, bool upper=False, Tensor out=None)"), and its TypeErrors print only
some of them; so the candidates come from the library's strings and each is confirmed by calling
torch with all its names as keywords under a TorchFunctionMode, which stops the call once the parser
has taken them (no kernel runs). torch's Python-level functions give their names to
inspect.signature. pullback's names are its signature's, through its wrappers (out= and friends);
a function that parses **kwargs itself (reshape's shape=, result_type's overloads) cannot be told
and is listed by --unchecked, as are torch's functions with no parser string (pybind ones).
A NumPy-style alias (axis, keepdims, x, a, x1, x2) pullback takes counts as torch's where torch has
the parameter it stands for: _numpy_names's tests check the aliases themselves.

Needs real torch installed (the test oracle); pullback itself never imports it.
"""
import collections
import contextlib
import glob
import inspect
import os
import re
import sys

import torch
from torch.overrides import TorchFunctionMode

import pullback

ALIASES = {"axis": "dim", "keepdims": "keepdim", "x": "input", "a": "input", "x1": "input", "x2": "other"}


class _Taken(Exception):
    pass


class _Stop(TorchFunctionMode):
    def __torch_function__(self, func, types, args=(), kwargs=None):
        raise _Taken


def _parser_strings():
    """{parser name: [(names, types, defaults) per overload]} from libtorch_python's string table."""
    lib = glob.glob(os.path.join(os.path.dirname(torch.__file__), "lib", "libtorch_python.*"))[0]
    with open(lib, "rb") as f:
        data = f.read()
    out = collections.defaultdict(list)
    for m in re.finditer(rb"([a-z_][a-z0-9_]*)\(([^()\x00]*)\)(\|[a-z]+)?\x00", data):
        name, params = m.group(1).decode(), m.group(2).decode("latin-1")
        parsed = []
        for p in params.split(", ") if params else []:
            if p == "*":
                continue
            mm = re.fullmatch(r"(.+?) \*?([a-zA-Z_][a-zA-Z0-9_]*)(=.*)?", p)
            if mm is None:
                break
            parsed.append((mm.group(2), mm.group(1), mm.group(3)))
        else:
            # the linker keeps one copy of a string that ends another ("abs()" inside "fabs()"): every tail
            # of the name is a candidate too (the calls confirm only the right ones)
            for i in range(len(name)):
                if name[i] != "_" or i == 0:
                    out[name[i:]].append(parsed)
    return out


def _value(type_, default):
    """A value of torch's parser type `type_` (a string is "cpu", which a device type takes too)."""
    if default == "=None" or type_.endswith("?"):
        return None
    t = re.sub(r"\[\d*\]", "", type_).replace("const ", "").strip()
    one = torch.ones(1)
    table = {"Tensor": one, "Scalar": 1, "ScalarType": torch.float32, "int64_t": 0, "SymInt": 0, "double": 1.0,
             "bool": False, "c10::string_view": "cpu", "std::string_view": "cpu", "std::string": "cpu",
             "Generator": torch.Generator(), "Layout": torch.strided, "Device": torch.device("cpu"),
             "MemoryFormat": torch.contiguous_format, "Dimname": "N", "QScheme": torch.per_tensor_affine,
             "IntArrayRef": [0], "SymIntArrayRef": [0], "ArrayRef<double>": [1.0], "ScalarList": [1],
             "DimnameList": ["N"], "TensorList": [one], "Storage": one.untyped_storage(), "PyObject*": object()}
    if t.startswith("std::array<bool"):
        return [False] * int(t.rstrip(">").split(",")[1])
    if "List<" in t:
        return [one]
    return table.get(t, object())


def _takes(make, names):
    call = make()  # (outside the mode, which would stop torch.ones too)
    try:
        with _Stop():
            call(**names)
    except _Taken:
        return True
    except Exception:
        return False
    return True  # ran without a tensor to dispatch on (factories): the parser took the names


def torch_names(fn, method=False):
    """The names torch's `fn` (a Tensor method if `method`) takes by keyword (None if they cannot be told)."""
    # a method is called on a tensor of its own each time (set_ and the like change theirs)
    make = (lambda: getattr(torch.ones(1), fn.__name__)) if method else (lambda: fn)
    if inspect.isfunction(fn) or inspect.ismethod(fn):  # written in Python
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            return None
        if any(p.kind is p.VAR_KEYWORD for p in params):
            return None
        return _keyword_names(params, method)
    names = None
    for overload in _PARSER.get(fn.__name__, ()):
        kwargs = {n: _value(t, d) for n, t, d in overload}
        if _takes(make, kwargs):
            names = (names or set()) | set(kwargs)
    if names is None:  # no parser: a function of no arguments (METH_NOARGS) says it takes no keywords
        try:
            make()(bogus_keyword=1)
        except TypeError as e:
            if "takes no keyword arguments" in str(e):
                return set()
    return names


def _keyword_names(params, method):
    params = list(params)
    if method and params and params[0].kind in (params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD):
        params = params[1:]  # self, bound
    return {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def pullback_names(fn, method=False):
    """The names pullback's `fn` takes by keyword, through its wrappers (None if it parses them itself)."""
    names, layer = set(), fn
    while layer is not None:
        code = getattr(layer, "__code__", None)
        if code is not None and code.co_name == "taking_scalar_self":
            names.add("self")  # (_numpy_names's self= of the overloads taking a number for the input)
        if code is not None and code is _METHOD_FUNCTION_CODE:
            names_ = pullback_names(getattr(pullback.Tensor, layer.__name__), method=True)
            return None if names_ is None else names | names_ | {"input"}
        try:
            params = inspect.signature(layer, follow_wrapped=False).parameters.values()
        except (TypeError, ValueError):
            return None
        names |= _keyword_names(params, method)
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            return names
        layer = getattr(layer, "__wrapped__", None)
    return None


def _public(module):
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    return sorted(n for n in names if callable(getattr(module, n, None)) and not inspect.isclass(getattr(module, n)))


@contextlib.contextmanager
def _torch_state_kept():
    """torch's setters with no tensor to dispatch on run when probed: what they set is put back."""
    devices = ("cpu", "cuda")
    autocast = {d: (torch.get_autocast_dtype(d), torch.is_autocast_enabled(d)) for d in devices}
    anomaly = torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()
    try:
        yield
    finally:
        for d, (dtype, enabled) in autocast.items():
            torch.set_autocast_dtype(d, dtype)
            torch.set_autocast_enabled(d, enabled)
        torch.set_anomaly_enabled(*anomaly)


def mismatches(extra=False, unchecked=None):
    """[(qualified name, names only pullback takes, names only torch takes)]; the names of the functions
    that could not be compared are appended to the list `unchecked` if one is given."""
    with _torch_state_kept():
        return _mismatches(extra, unchecked)


def _mismatches(extra, unchecked):
    rows = []
    spaces = [("torch", pullback, torch), ("torch.linalg", pullback.linalg, torch.linalg),
              ("torch.special", pullback.special, torch.special),
              ("torch.nn.functional", pullback.nn.functional, torch.nn.functional)]
    if hasattr(pullback, "fft"):
        spaces.append(("torch.fft", pullback.fft, torch.fft))
    for prefix, ours_ns, theirs_ns in spaces:
        for name in _public(ours_ns):
            theirs = getattr(theirs_ns, name, None)
            if theirs is None or inspect.isclass(theirs):
                continue
            rows.append(_compare(f"{prefix}.{name}", getattr(ours_ns, name), theirs, False, extra, unchecked))
    for name in sorted(vars(pullback.Tensor)):
        if name.startswith("_"):
            continue
        ours, theirs = inspect.getattr_static(pullback.Tensor, name), getattr(torch.Tensor, name, None)
        if not inspect.isfunction(ours) or theirs is None or not callable(theirs) or isinstance(theirs, type):
            continue
        rows.append(_compare(f"Tensor.{name}", ours, theirs, True, extra, unchecked))
    return [r for r in rows if r is not None]


def _compare(qualname, ours, theirs, method, extra, unchecked):
    p, t = pullback_names(ours, method), torch_names(theirs, method)
    if p is None or t is None:
        if unchecked is not None:
            unchecked.append(f"{qualname} ({'pullback' if p is None else 'torch'})")
        return None
    only_ours = {n for n in p - t if not (n in ALIASES and ALIASES[n] in t)}
    only_theirs = {n for n in t - p if not (n in ALIASES and ALIASES[n] in p)}  # (a probe by alias)
    if only_ours or (extra and only_theirs):
        return qualname, sorted(only_ours), sorted(only_theirs)
    return None


_PARSER = _parser_strings()
_METHOD_FUNCTION_CODE = getattr(getattr(pullback, "_method_function", None), "__code__", None)
if _METHOD_FUNCTION_CODE is not None:  # the closure's code, made by calling it once
    _METHOD_FUNCTION_CODE = pullback._method_function("abs").__code__


def main(argv):
    unchecked = []
    rows = mismatches(extra="--extra" in argv, unchecked=unchecked)
    for qualname, only_ours, only_theirs in rows:
        print(f"{qualname}: pullback takes {only_ours or '-'}, torch takes {only_theirs or '-'}")
    if "--unchecked" in argv:
        print("not compared:", ", ".join(unchecked))
    print(f"{len(rows)} mismatches ({len(unchecked)} functions not compared)")
    return 1 if rows else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
