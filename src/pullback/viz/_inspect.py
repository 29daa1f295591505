"""Reading a backward graph: its nodes, what they saved, and short summaries of arrays."""
import numpy as np

from ..autograd.node import SavedTensor

SHOW = 60    # a label prints the values when they fit in this many characters, else statistics
KEEP = 100   # at most this many elements are kept for the hover details


def _number(v):
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{float(v):.4g}"


def _array_text(a):
    if a.ndim == 0:
        return _number(a.item())
    return np.array2string(a, separator=", ", max_line_width=60, threshold=KEEP + 1,
                           formatter={"all": _number})


def shape_text(shape, dtype):
    return f"({', '.join(map(str, shape))}{',' if len(shape) == 1 else ''}) {np.dtype(dtype).name}"


class Value:
    """A snapshot of an array for display: the values when small, else shape and statistics."""

    __slots__ = ("shape", "dtype", "array", "norm", "min", "max")

    def __init__(self, data):
        data = np.asarray(data)
        self.shape, self.dtype = data.shape, data.dtype
        self.array = data.copy() if data.size <= KEEP else None
        self.norm = self.min = self.max = None
        if data.size and data.dtype.kind in "biuf":
            d = data if data.dtype.kind == "f" else data.astype(np.float64)  # no copy of float weights
            self.norm, self.min, self.max = float(np.linalg.norm(d.reshape(-1))), float(d.min()), float(d.max())

    @property
    def meta(self):
        return shape_text(self.shape, self.dtype)

    def stats(self):
        if self.norm is None:
            return ""
        return f"norm={_number(self.norm)} min={_number(self.min)} max={_number(self.max)}"

    def text(self, limit=SHOW):
        """The values, printed, or None where they would take more than `limit` characters."""
        if self.array is None:
            return None
        text = _array_text(self.array)
        return text if len(text) <= limit else None

    def label(self):
        """Short text for a picture: the values when they are few, else shape and statistics."""
        return self.text() or f"{self.meta}\n{self.stats()}"

    def details(self):
        """Longer text for hover details."""
        text = f"{self.meta}\n{self.stats()}".rstrip()
        if self.array is not None:
            text += "\n" + _array_text(self.array)
        return text


class _Packed:
    """What a saved tensor packed by saved_tensors_hooks (checkpoint, save_on_cpu) shows."""

    meta = "packed (saved_tensors_hooks)"

    def text(self, limit=SHOW):
        return None

    def label(self):
        return self.meta

    def details(self):
        return "packed by a saved_tensors_hooks pack hook (checkpoint, save_on_cpu); not unpacked for the picture"


PACKED = _Packed()


def reachable(roots):
    """Nodes reachable from `roots` (nodes or None), breadth first, each once."""
    order = []
    seen = set()
    for node in roots:
        if node is not None and node not in seen:
            seen.add(node)
            order.append(node)
    i = 0
    while i < len(order):
        for child, _ in order[i].next_functions:
            if child is not None and child not in seen:
                seen.add(child)
                order.append(child)
        i += 1
    return order


def node_name(node):
    """torch's node name, as torchviz prints it (AccumulateGrad, CopySlices without their C++ namespace)."""
    return node.name().rpartition("::")[2]


def saved_items(node, input_names=("self", "other")):
    """[(name, Value)] of what the node saved for its formula; None once freed by backward.

    An op-table node's saved inputs are named by `input_names`, its output `result`."""
    saved = node._saved
    if saved is None:
        return None
    positions = getattr(type(node), "saves", None)
    if positions is None or len(positions) != len(saved):
        names = [f"saved{i}" for i in range(len(saved))]
    else:
        names = [p if type(p) is str else input_names[p] if p < len(input_names) else f"input{p}"
                 for p in positions]  # ("result", "result1": the outputs)
    items = []
    for name, s in zip(names, saved):
        if type(s) is SavedTensor and s.unpack_hook is not None:
            items.append((name, PACKED))  # unpacking could rerun a checkpoint: only say what it is
        elif type(s) is SavedTensor:
            items.append((name, Value(s.tensor._data if s.tensor is not None else s.data)))
        elif isinstance(s, (int, float, bool, np.number)):
            items.append((name, Value(s)))
    return items
