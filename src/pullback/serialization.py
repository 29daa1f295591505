"""save / load: tensors, state dicts and nested containers, in a format loading cannot turn into code.

A saved file is a zip archive holding `structure.json` (the container tree, with every tensor
replaced by a reference) and one `.npy` file per tensor, read back with allow_pickle=False. Nothing
is unpickled, so a file can describe data but never run anything: pickles (including torch's own
files, which are pickles inside a zip) are refused with a clear error.
"""
import io
import json
import os
import pickle
import zipfile
from collections import Counter, OrderedDict

import numpy as np

from . import _dtype
from ._size import Size
from ._tensor import Tensor

__all__ = ["save", "load"]

_FORMAT = "pullback.save"
_VERSION = 1
_STRUCTURE = "structure.json"
_MAPPINGS = {"dict": dict, "OrderedDict": OrderedDict, "Counter": Counter}


class _Writer:
    def __init__(self):
        self.arrays = []
        self.memo = {}  # id(tensor) -> index, so a tensor stored twice loads as one object

    def encode(self, obj):
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, (int, float)) and type(obj) in (int, float):
            return obj if isinstance(obj, int) or np.isfinite(obj) else {"float": repr(obj)}
        if isinstance(obj, Tensor):
            return self._tensor(obj)
        if isinstance(obj, np.ndarray):
            return {"ndarray": self._array(obj)}
        if isinstance(obj, np.generic):
            return {"npscalar": self._array(np.asarray(obj))}
        if isinstance(obj, _dtype.dtype):
            return {"dtype": obj.name}
        if isinstance(obj, Size):
            return {"size": list(obj)}
        if isinstance(obj, tuple) and not hasattr(obj, "_fields"):
            return {"tuple": [self.encode(o) for o in obj]}
        if isinstance(obj, list):
            return [self.encode(o) for o in obj]
        kind = type(obj).__name__
        if kind in _MAPPINGS and isinstance(obj, _MAPPINGS[kind]):
            return {"mapping": kind, "items": [[self.encode(k), self.encode(v)] for k, v in obj.items()]}
        raise TypeError(f"pullback.save stores tensors, numbers, strings, None, dtypes and lists, tuples and dicts "
                        f"of them; cannot store an object of type {type(obj).__module__}.{type(obj).__qualname__}")

    def _array(self, array):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"pullback.save cannot store a NumPy array of dtype {array.dtype}")
        self.arrays.append(array)
        return len(self.arrays) - 1

    def _tensor(self, t):
        if id(t) not in self.memo:
            self.memo[id(t)] = self._array(t._data)
        from .nn.parameter import Parameter
        return {"tensor": self.memo[id(t)], "requires_grad": t.requires_grad,
                "parameter": isinstance(t, Parameter)}


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Write `obj` (tensors, numbers, strings, None, dtypes, and lists/tuples/dicts of them) to a path or file
    (NumPy's headers record each array's byte order whatever _disable_byteorder_record says)."""
    writer = _Writer()
    structure = {"format": _FORMAT, "version": _VERSION, "object": writer.encode(obj)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(_STRUCTURE, json.dumps(structure))
        for i, array in enumerate(writer.arrays):
            data = io.BytesIO()
            np.save(data, array, allow_pickle=False)
            archive.writestr(f"tensors/{i}.npy", data.getvalue())
    if isinstance(f, (str, os.PathLike)):
        with open(f, "wb") as out:
            out.write(buffer.getvalue())
    else:
        f.write(buffer.getvalue())


class _Reader:
    def __init__(self, archive):
        self.archive = archive
        self.tensors = {}

    def array(self, index):
        try:
            with self.archive.open(f"tensors/{int(index)}.npy") as member:
                array = np.load(io.BytesIO(member.read()), allow_pickle=False)
        except (KeyError, ValueError, OSError) as e:
            raise RuntimeError(f"pullback.load: the file is corrupt (tensor {index} unreadable: {e})") from None
        if array.dtype.kind not in "biuf":
            raise RuntimeError(f"pullback.load: the file is corrupt (tensor of dtype {array.dtype})")
        return array

    def decode(self, node):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.decode(n) for n in node]
        if not isinstance(node, dict):
            raise RuntimeError("pullback.load: the file is corrupt (unexpected structure)")
        if "tensor" in node:
            return self._tensor(node)
        if "tuple" in node:
            return tuple(self.decode(n) for n in node["tuple"])
        if "mapping" in node and node["mapping"] in _MAPPINGS:
            mapping = _MAPPINGS[node["mapping"]]()
            for k, v in node["items"]:
                mapping[self.decode(k)] = self.decode(v)
            return mapping
        if "float" in node:
            return float(node["float"])
        if "ndarray" in node:
            return self.array(node["ndarray"])
        if "npscalar" in node:
            return self.array(node["npscalar"])[()]
        if "dtype" in node:
            d = getattr(_dtype, str(node["dtype"]), None)
            if not isinstance(d, _dtype.dtype):
                raise RuntimeError(f"pullback.load: the file is corrupt (unknown dtype {node['dtype']!r})")
            return d
        if "size" in node:
            return Size(node["size"])
        raise RuntimeError("pullback.load: the file is corrupt (unknown entry)")

    def _tensor(self, node):
        index = node["tensor"]
        if index not in self.tensors:
            t = Tensor._wrap(self.array(index))
            if node.get("parameter"):
                from .nn.parameter import Parameter
                t = Parameter(t, requires_grad=bool(node.get("requires_grad")))
            elif node.get("requires_grad"):
                t.requires_grad_(True)
            self.tensors[index] = t
        return self.tensors[index]


def _read_bytes(f):
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as file:
            return file.read()
    return f.read()


def load(f, map_location=None, pickle_module=None, *, weights_only=True, mmap=None, **pickle_load_args):
    """Read an object written by pullback.save. Never unpickles: pickles and torch files are refused."""
    data = _read_bytes(f)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:1] == b"\x80" or data[:1] in (b"(", b"]", b"}", b"c"):
            raise pickle.UnpicklingError(
                "pullback.load refuses to read a pickle: unpickling can execute arbitrary code. Only files written "
                "by pullback.save can be loaded.")
        raise RuntimeError("pullback.load: not a pullback file (it is not a zip archive written by pullback.save)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _load_archive(archive)
    except (zipfile.BadZipFile, TypeError, KeyError, ValueError, AttributeError, IndexError) as e:
        raise RuntimeError(f"pullback.load: the file is corrupt ({type(e).__name__}: {e})") from None


def _load_archive(archive):
    names = archive.namelist()
    if _STRUCTURE not in names:
        if any(name.endswith("data.pkl") for name in names):
            raise pickle.UnpicklingError(
                "pullback.load refuses to read this file: it is a torch.save archive, whose data.pkl is a pickle "
                "(unpickling can execute arbitrary code). Save tensors with pullback.save instead.")
        raise RuntimeError("pullback.load: not a pullback file (no structure.json in the archive)")
    try:
        structure = json.loads(archive.read(_STRUCTURE))
    except ValueError as e:
        raise RuntimeError(f"pullback.load: the file is corrupt (structure.json unreadable: {e})") from None
    if not isinstance(structure, dict) or structure.get("format") != _FORMAT:
        raise RuntimeError("pullback.load: not a pullback file (unknown format marker)")
    if structure.get("version") != _VERSION:
        raise RuntimeError(f"pullback.load: unsupported format version {structure.get('version')!r}")
    return _Reader(archive).decode(structure.get("object"))
