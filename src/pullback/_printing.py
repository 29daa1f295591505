"""repr/str of tensors, laid out exactly as torch/_tensor_str.py lays them out."""
import contextlib
import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from . import _dtype
from ._tensor import Tensor as _Tensor
from .autograd.forward_ad import state as _fw, tangent_of


@dataclass
class _PrintOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: object = None


PRINT_OPTS = _PrintOptions()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """torch.set_printoptions."""
    if profile == "default":
        PRINT_OPTS.__init__()
    elif profile == "short":
        PRINT_OPTS.__init__(precision=2, threshold=1000, edgeitems=2, linewidth=80)
    elif profile == "full":
        PRINT_OPTS.__init__(precision=4, threshold=math.inf, edgeitems=3, linewidth=80)
    for name, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """The current print options, as a dict that set_printoptions takes back (torch._tensor_str's)."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """set_printoptions(**kwargs) for the duration of a with block (torch._tensor_str's)."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


class _Formatter:
    """Chooses integer, fixed or scientific notation and the column width from the values."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        p = PRINT_OPTS.precision
        if not floating:
            for v in values.tolist():
                self.max_width = max(self.max_width, len(str(v)))
            return
        finite = values[np.isfinite(values) & (values != 0)]
        if finite.size == 0:
            return
        absv = np.abs(finite.astype(np.float64))
        # Python floats: max / min overflows to inf silently, as torch's (NumPy's scalars would warn)
        vmin, vmax = float(absv.min()), float(absv.max())
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        as_float = finite.astype(np.float64).tolist()
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = bool(vmax / vmin > 1000.0 or vmax > 1.0e8 or vmin < 1.0e-4)
        else:
            self.sci_mode = PRINT_OPTS.sci_mode
        if self.sci_mode:
            self.max_width = max(len(f"{v:.{p}e}") for v in as_float)
        elif self.int_mode:
            # integral floats print as "3." : one more character than the digits
            self.max_width = max(len(f"{v:.0f}") + 1 for v in as_float)
        else:
            self.max_width = max(len(f"{v:.{p}f}") for v in as_float)

    def format(self, value):
        p = PRINT_OPTS.precision
        if self.floating:
            if self.sci_mode:
                ret = f"{value:{self.max_width}.{p}e}"
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{value:.{p}f}"
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _vector_str(a, indent, summarize, fmt):
    element_length = fmt.max_width + 2
    per_line = max(1, int(math.floor((PRINT_OPTS.linewidth - indent) / element_length)))
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and a.shape[0] > 2 * e:
        data = [fmt.format(v) for v in a[:e].tolist()] + [" ..."] + [fmt.format(v) for v in a[-e:].tolist()]
    else:
        data = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _array_str(a, indent, summarize, fmt):
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector_str(a, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems
    if summarize and a.shape[0] > 2 * e:
        slices = ([_array_str(a[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."] +
                  [_array_str(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0] - e, a.shape[0])])
    else:
        slices = [_array_str(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def _summarized(a):
    """Only the edge items that will be printed, for choosing the format."""
    e = PRINT_OPTS.edgeitems
    if a.ndim == 0:
        return a.reshape(1)
    if a.ndim == 1:
        # with edgeitems=0, a[-0:] is all of a: torch formats a vector by all its values then
        return np.concatenate((a[:e], a[-e:])) if a.shape[0] > 2 * e else a
    if not e:
        return a[:0].reshape(-1)
    rows = list(range(e)) + list(range(a.shape[0] - e, a.shape[0])) if a.shape[0] > 2 * e else range(a.shape[0])
    return np.concatenate([_summarized(a[i]).reshape(-1) for i in rows])


def array_str(a, indent):
    """The bracketed body of a tensor's repr."""
    if a.size == 0:
        return "[]"
    summarize = a.size > PRINT_OPTS.threshold
    if a.dtype == np.float16:
        a = a.astype(np.float32)
    floating = a.dtype.kind == "f"
    fmt = _Formatter((_summarized(a) if summarize else a).reshape(-1), floating)
    return _array_str(a, indent, summarize, fmt)


def _add_suffixes(body, suffixes, indent):
    parts = [body]
    last_line_len = len(body) - body.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(t, tensor_contents=None):
    """torch's Tensor.__repr__: the body, then dtype, grad and tangent suffixes wrapped at the line width.

    tensor_contents, when given, stands in for the bracketed body (as torch's, for subclasses)."""
    a = t._data
    cls = type(t)
    plain = cls is _Tensor
    if not plain:
        from .nn.parameter import Parameter
        plain = cls is Parameter
    # a subclass prints its own name: MyTensor([1., 2.])
    prefix = "tensor(" if plain else cls.__name__ + "("
    indent = len(prefix)
    suffixes = []
    d = _dtype.from_numpy_dtype(a.dtype)
    default = d in (_dtype.get_default_dtype(), _dtype.int64, _dtype.bool)
    if a.size == 0:
        if a.ndim != 1:
            suffixes.append("size=" + str(tuple(a.shape)))
        if d is not _dtype.get_default_dtype():
            suffixes.append("dtype=" + repr(d))
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append("size=" + str(tuple(a.shape)))
        if not default:
            suffixes.append("dtype=" + repr(d))
        body = None if tensor_contents is not None else array_str(a, indent)
    if tensor_contents is not None:
        body = tensor_contents
    fn = t.grad_fn
    if fn is not None:
        suffixes.append(f"grad_fn=<{fn.name().rsplit('::', 1)[-1]}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    tangent = tangent_of(t) if _fw.level is not None else None
    if tangent is not None:
        # a 0-dim tangent prints as its Python number, as torch's
        suffixes.append(f"tangent={tangent._data.item()!r}" if tangent._data.ndim == 0 else f"tangent={tangent!r}")
    out = _add_suffixes(prefix + body, suffixes, indent)
    if not plain and isinstance(t, Parameter):
        out = f"Parameter({out})"
    return out
