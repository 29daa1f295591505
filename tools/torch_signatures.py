"""Writes src/pullback/_signature_table.py: torch's argument-parser signatures of the functions and
Tensor methods whose arguments pullback types as torch's parser does (pullback/_signatures.py).

    .venv/bin/python tools/torch_signatures.py          # rewrite the table
    .venv/bin/python tools/torch_signatures.py --check  # exit 1 if the table is not what torch has

torch's C++ parser keeps each overload as a string in libtorch_python ("amax(Tensor input,
IntArrayRef[1] dim=None, bool keepdim=False, *, Tensor out=None)"). A function's strings start with its
input ("Tensor input"); a method's leave self out. Each parser found is confirmed against torch itself:
called with more positional arguments than any overload takes, an overloaded one prints its listing
(which must be the strings' printed forms, in that order) and a single one says how many positional
arguments it takes (which must be the string's count).

Needs real torch installed (the test oracle); pullback itself never imports it.
"""
import glob
import os
import re
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
from pullback._signatures import Signature  # noqa: E402  (its printed form is the one compared)

TABLE = os.path.join(os.path.dirname(__file__), "..", "src", "pullback", "_signature_table.py")

# torch._C._nn's kernels that torch's Python-level nn.functional hands its arguments to, whose parsers'
# errors pullback's same functions give (F.interpolate's upsample kernels, F.unfold's im2col, ...)
NN_KERNELS = {"max_pool2d_with_indices", "max_pool3d_with_indices", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
              "im2col", "col2im", "cross_entropy_loss", "nll_loss_nd", "elu", "leaky_relu", "huber_loss",
              "smooth_l1_loss", "multi_margin_loss", "binary_cross_entropy", "glu", "fractional_max_pool2d",
              "fractional_max_pool3d", "pad", "pad_sequence",
              "upsample_nearest1d", "upsample_nearest2d", "upsample_nearest3d", "_upsample_nearest_exact1d",
              "_upsample_nearest_exact2d", "_upsample_nearest_exact3d", "upsample_linear1d", "upsample_bilinear2d",
              "upsample_bicubic2d", "upsample_trilinear3d", "_upsample_bilinear2d_aa", "_upsample_bicubic2d_aa",
              "_upsample_lanczos2d_aa"}
# torch._C._VariableFunctions' kernels behind torch's Python-level functions (torch.unique's _unique2, ...),
# keyed "_VF.<name>" so that they do not become the signatures of pullback's functions of the same names
VF_KERNELS = {"_unique2", "unique_dim", "unique_consecutive", "meshgrid", "cdist", "tensordot", "_lu_with_info",
              "split"}
# torch._C.TensorBase's methods behind Tensor methods torch writes in Python, keyed "TensorBase.<name>"
TENSORBASE_KERNELS = {"unflatten"}
_PREFIXES = ("_VF.", "TensorBase.")


def _names():
    """Every function and method pullback puts behind the parser's wrapper (_numpy_names.install): the
    Tensor methods, torch's functions, torch.linalg's and torch.special's (by their prefixed names) and the
    nn.functional functions torch parses in C++; those torch writes in Python are left out below."""
    import inspect
    import pullback
    from pullback import _numpy_names
    names = (set(_numpy_names.NATIVE_FUNCTIONAL) | NN_KERNELS | {"_VF." + name for name in VF_KERNELS}
             | {"TensorBase." + name for name in TENSORBASE_KERNELS})
    for namespace, prefix, skipped in ((pullback.Tensor, "", _numpy_names.PYTHON_METHODS),
                                       (pullback, "", _numpy_names.PYTHON_LEVEL), (pullback.linalg, "linalg_", ()),
                                       (pullback.special, "special_", ())):
        for name in list(vars(namespace)):
            if not name.startswith("_") and name not in skipped and inspect.isfunction(
                    inspect.getattr_static(namespace, name)):
                names.add(prefix + name)
    return sorted(names)


def _parser_strings():
    """[(name, text, whether a tail)] of every parser signature string in libtorch_python; a string that
    ends another ("abs()" inside "fabs()": the linker keeps one copy) is found at every "_"-boundary tail
    too."""
    lib = glob.glob(os.path.join(os.path.dirname(torch.__file__), "lib", "libtorch_python.*"))[0]
    with open(lib, "rb") as f:
        data = f.read()
    found = []
    for m in re.finditer(rb"([a-z_][a-z0-9_]*)(\([^()\x00]*\)(?:\|[a-z]+)?)\x00", data):
        name, rest = m.group(1).decode(), m.group(2).decode("latin-1")
        for i in range(len(name)):
            if i == 0 or name[i - 1] == "_":
                found.append((name[i:], name[i:] + rest, i > 0))
    return found


def _torch_callable(name, method):
    if name.startswith("TensorBase."):
        return getattr(torch._C.TensorBase, name[11:]).__get__(torch.ones(1)) if method else None
    if method:  # (a method torch parses in C++ is a method descriptor of the class)
        descriptor = getattr(torch.Tensor, name, None)
        return getattr(torch.ones(1), name) if type(descriptor).__name__ == "method_descriptor" else None
    if name in NN_KERNELS:
        return getattr(torch._C._nn, name)
    if name.startswith("_VF."):
        return getattr(torch._C._VariableFunctions, name[4:])
    for prefix, module in (("special_", torch.special), ("linalg_", torch.linalg)):
        if name.startswith(prefix):
            return getattr(module, name[len(prefix):], None)
    return getattr(torch, name, None) or getattr(torch.nn.functional, name, None)


def _probe(fn):
    """torch's TypeError for far too many positional arguments: a listing, or a count."""
    try:
        fn(*([object()] * 25))
    except TypeError as e:
        return str(e)
    return ""


def _takes_input(text):
    params = Signature(text).params
    return bool(params) and params[0].name in ("input", "self")


def _best(candidates, method):
    """The candidates most likely `name`'s own: exact names before tails, then those of the form (a
    function's start with its input, a method's leave self out)."""
    for keep in (lambda c: not c[1] and _takes_input(c[0]) != method, lambda c: not c[1], lambda c: True):
        chosen = [c for c in candidates if keep(c)]
        if chosen:
            return chosen
    return []


def _confirmed(name, method, candidates):
    """`name`'s parser (a method's or a function's) as torch orders it, or None where it has none."""
    fn = _torch_callable(name, method)
    if fn is None or type(fn).__name__ not in ("builtin_function_or_method", "method-wrapper"):
        return None  # (absent, or written in Python)
    message = _probe(fn)
    if "takes no arguments" in message or "takes exactly one argument" in message:
        return None  # (no parser)
    form = "method" if method else "function"
    shown = [c for c in candidates if not Signature(c[0]).hidden]
    hidden = [c[0] for c in _best([c for c in candidates if Signature(c[0]).hidden and not c[1]], method)]
    if "expected one of:" in message or ", but expected (" in message:  # (one visible overload, and hidden ones)
        ordered = []
        listing = [line[3:] for line in message.splitlines() if line.startswith(" * ")]
        for line in listing or [message[message.index(", but expected (") + len(", but expected "):]]:
            chosen = _best([c for c in shown if Signature(c[0]).printed == line], method)
            if len(chosen) != 1:
                print(f"  {name} ({form}): {len(chosen)} strings print as {line!r}", file=sys.stderr)
                return None
            ordered.append(chosen[0][0])
        return ordered + hidden
    counts = re.search(r"takes (?:from (\d+) to )?(\d+) positional argument", message)
    if counts is None:
        print(f"  {name} ({form}): torch says {message!r}", file=sys.stderr)
        return None
    low, high = int(counts.group(1) or counts.group(2)), int(counts.group(2))
    chosen = _best([c for c in shown if (Signature(c[0]).min_args, Signature(c[0]).max_pos_args) == (low, high)
                    or (low == high and Signature(c[0]).max_pos_args == high
                        and Signature(c[0]).min_args == Signature(c[0]).max_pos_args)], method)
    if len(chosen) != 1:
        print(f"  {name} ({form}): {len(chosen)} strings {low}-{high} positional arguments", file=sys.stderr)
        return None
    return [chosen[0][0]] + hidden


def table():
    strings = _parser_strings()
    by_name = {}
    for name, text, tail in strings:
        by_name.setdefault(name, []).append((text, tail))
    entries = {}
    for name in _names():
        candidates = by_name.get(name.split(".")[-1], [])
        forms = tuple(_confirmed(name, method, candidates) for method in (False, True))
        if forms != (None, None):
            entries[name] = tuple(tuple(f) if f else None for f in forms)
    return entries


def render(entries):
    lines = ['"""torch\'s argument-parser signatures (function\'s, method\'s; None where torch has no such form or',
             "writes it in Python), as libtorch_python keeps them. Written by tools/torch_signatures.py from",
             f'torch {torch.__version__.split("+")[0]}: do not edit by hand."""', "", "SIGNATURES = {"]
    for name, forms in sorted(entries.items()):
        lines.append(f"    {name!r}: (")
        for form in forms:
            if form is None:
                lines.append("        None,")
            else:
                lines.append("        (" + "".join(f"\n            {s!r}," for s in form) + "\n        ),")
        lines.append("    ),")
    lines.append("}")
    kernels = sorted(n for n in entries if n in NN_KERNELS or n.startswith(_PREFIXES))
    lines += ["", "# the kernels among them (torch._C._nn's; torch._C._VariableFunctions' as _VF.<name>), which torch's",
              "# Python-level functions hand their arguments to",
              "KERNELS = frozenset({" + ", ".join(repr(n) for n in kernels) + "})"]
    return "\n".join(lines) + "\n"


def main():
    text = render(table())
    if "--check" in sys.argv:
        with open(TABLE) as f:
            same = f.read() == text
        print("signature table up to date" if same else "signature table differs from torch's: rerun the tool")
        sys.exit(0 if same else 1)
    with open(TABLE, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(TABLE)}")


if __name__ == "__main__":
    main()
