"""torch.save / torch.load in torch's own file format, both ways.

save writes what torch.save writes: a zip archive (folder named after the file) of data.pkl, the pickle
of the object with every storage replaced by a persistent id, one raw little-endian record per storage
(data/0, data/1... each 64-byte aligned), and torch's byteorder, version, .format_version,
.storage_alignment and .data/serialization_id records, byte for byte as torch lays them out; or, with
_use_new_zipfile_serialization=False, torch's legacy stream (magic number, protocol, sys info, the
pickle, the storage keys, the raw storages). Views of one memory are saved as one storage with their
offsets and strides, and load as views of one memory again.

load reads both of torch's formats (written by torch or by pullback) and pullback's earlier format
(a zip of structure.json and .npy files). weights_only=True, the default as in torch, unpickles with
torch's weights-only rules (only state-dict objects; anything else is a pickle.UnpicklingError saying
"Weights only load failed"); weights_only=False is the caller's opt-in to unpickle anything, torch's
classes becoming pullback's. The pickling lives in _torch_pickle and _weights_only, the zip layout in _torch_zip.
"""
import io
import json
import os
import pickle
import re
import struct
import sys
import warnings
import zipfile
from collections import Counter, OrderedDict

import numpy as np

from . import _dtype, _storage
from ._size import Size
from ._storage import TypedStorage, UntypedStorage
from ._tensor import Tensor, device
from ._torch_pickle import Pickler, Storages, find_class, load_state
from ._weights_only import SAFE_GLOBALS, WeightsOnlyUnpickler, weights_only_message
from ._torch_zip import Writer, archive_name, data_offset, is_path, read_into

__all__ = ["save", "load", "add_safe_globals", "clear_safe_globals", "get_safe_globals", "safe_globals",
           "DEFAULT_PROTOCOL"]

DEFAULT_PROTOCOL = 2
MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001
_SYS_INFO = {"protocol_version": PROTOCOL_VERSION, "little_endian": sys.byteorder == "little",
             "type_sizes": {"short": struct.calcsize("=h"), "int": struct.calcsize("=i"),
                            "long": struct.calcsize("=l")}}


# ----------------------------------------------------------------- safe globals (torch.serialization's API)
def add_safe_globals(safe_globals):
    """Allow these classes/functions (or (object, "module.name") pairs) in weights_only loads."""
    SAFE_GLOBALS.update(safe_globals)


def clear_safe_globals():
    """Forget every global add_safe_globals allowed."""
    SAFE_GLOBALS.clear()


def get_safe_globals():
    """The globals add_safe_globals allowed."""
    return list(SAFE_GLOBALS)


class safe_globals:
    """Allow these globals in weights_only loads inside this block."""

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc):
        SAFE_GLOBALS.difference_update(self.safe_globals)


# ----------------------------------------------------------------- save
def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL, _use_new_zipfile_serialization=True,
         _disable_byteorder_record=False):
    """Write `obj` (tensors, containers of them, a state dict, a whole Module...) to a path or file, in torch's format.

    The file is the one torch.save writes for the same object: torch.load reads it (a whole pullback
    Module only with weights_only=False and pullback importable, since its classes are pullback's).
    Tensors viewing one memory are saved as one storage. pickle_protocol is data.pkl's (torch's
    weights-only loader reads protocol 2 only); _use_new_zipfile_serialization=False writes torch's
    legacy stream instead of the zip archive.
    """
    if not is_path(f) and not hasattr(f, "write"):
        raise AttributeError("expected 'f' to be string, path, or a file-like object with a 'write' attribute")
    if is_path(f):
        f = os.fspath(f)
    pickler = _pickler_class(pickle_module)
    if not _use_new_zipfile_serialization:
        return _save_legacy(obj, f, pickler, pickle_protocol)
    storages = Storages()
    buffer = io.BytesIO()
    pickler(buffer, pickle_protocol, storages).dump(obj)  # (before the file is opened: a failure leaves none)
    data = buffer.getvalue()
    with _Output(f) as (write, name):
        archive = Writer(write, name)
        archive.record("data.pkl", data)
        archive.record(".format_version", b"1")
        archive.record(".storage_alignment", b"64")
        if not _disable_byteorder_record:
            archive.record("byteorder", sys.byteorder.encode())
        for key, (raw, _) in storages.records.items():
            archive.record(f"data/{key}", raw)
        archive.finish()


def _pickler_class(pickle_module):
    if pickle_module is None or pickle_module is pickle:
        return Pickler
    base = getattr(pickle_module, "Pickler", None)
    if isinstance(base, type) and issubclass(base, pickle._Pickler):
        return type("Pickler", (Pickler, base), {})
    raise TypeError(f"pullback.save names torch's globals through a pure-Python pickler: pickle_module must be "
                    f"pickle or a module whose Pickler subclasses pickle._Pickler, not {pickle_module!r}")


class _Output:
    """The file save writes, and the archive folder torch names after it ('archive' for a buffer, or for a
    path that is not ASCII, which torch writes through Python)."""

    def __init__(self, f):
        self.f = f
        self.file = None

    def __enter__(self):
        f = self.f
        if not is_path(f):
            write = getattr(f, "write", None)
            if not callable(write):
                raise TypeError(f"Buffer of {str(type(f)).strip('<>')} has no callable attribute 'write'")
            return write, "archive"
        name = archive_name(f) if f.isascii() else "archive"
        if not name:
            raise RuntimeError(f"invalid file name: {f}")
        try:
            self.file = open(f, "wb")
        except OSError:
            if not f.isascii():
                raise
            parent = f[:f.rfind("/")] if "/" in f else ""
            if parent and not os.path.isdir(parent):
                raise RuntimeError(f"Parent directory {parent} does not exist.") from None
            raise RuntimeError(f"File {f} cannot be opened.") from None
        return self.file.write, name

    def __exit__(self, *exc):
        if self.file is not None:
            self.file.close()
        elif exc[0] is None and callable(getattr(self.f, "flush", None)):
            self.f.flush()


def _save_legacy(obj, f, pickler, protocol):
    storages = Storages(legacy=True)
    opened = open(f, "wb") if is_path(f) else None
    out = opened or f
    try:
        for header in (MAGIC_NUMBER, PROTOCOL_VERSION, _SYS_INFO):
            pickle.dump(header, out, protocol=protocol)
        pickler(out, protocol, storages).dump(obj)
        keys = sorted(storages.records)
        pickle.dump(keys, out, protocol=protocol)
        for key in keys:
            raw, d = storages.records[key]
            out.write(struct.pack("<q", raw.size // d.itemsize))
            out.write(memoryview(raw))
        if hasattr(out, "flush"):
            out.flush()
    finally:
        if opened is not None:
            opened.close()


# ----------------------------------------------------------------- load
def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None, **pickle_load_args):
    """Read an object torch.save wrote (torch's zip or legacy format, from torch or pullback) from a path or file.

    weights_only=True (the default unless a pickle_module is given) admits only what a state dict holds,
    as torch does; weights_only=False unpickles anything, running whatever code the file names, and maps
    torch's classes to pullback's. Storages are placed by map_location ('cpu', a device, a dict of location
    tags, or a callable(storage, location)); a file tagged for a device pullback lacks fails as torch fails
    on a machine without it. mmap=True maps the storages from the file (copy-on-write) instead of reading
    them. Files in pullback's earlier format (structure.json and .npy records) load too.
    """
    weights_only_not_set = weights_only is None
    if weights_only_not_set:
        weights_only = pickle_module is None
    forced = [os.getenv(v, "0").lower() in ("1", "y", "yes", "true")
              for v in ("TORCH_FORCE_WEIGHTS_ONLY_LOAD", "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD")]
    if all(forced):
        raise RuntimeError("Only one of `TORCH_FORCE_WEIGHTS_ONLY_LOAD` or `TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` should "
                           "be set, but both were set.")
    if forced[0]:
        weights_only = True
    elif forced[1] and weights_only_not_set:
        warnings.warn("Environment variable TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD detected, since the`weights_only` "
                      "argument was not explicitly passed to `torch.load`, forcing weights_only=False.",
                      UserWarning, stacklevel=2)
        weights_only = False
    if weights_only:
        if pickle_module is not None:
            raise RuntimeError("Can not safely load weights when explicit pickle_module is specified")
    elif pickle_module is None:
        pickle_module = pickle
    if pickle_load_args and weights_only:
        warnings.warn("pickle_load_args only works if `weights_only=False`.", stacklevel=2)
    pickle_load_args.setdefault("encoding", "utf-8")
    reading = _Reading(weights_only, pickle_module, pickle_load_args, map_location)
    opened = open(f, "rb") if is_path(f) else None
    try:
        file = opened or f
        if opened is None:
            _check_seekable(file)
        if _is_zipfile(file):
            if mmap and not is_path(f):
                raise ValueError("f must be a file path in order to use the mmap argument")
            return reading.guarded(_load_zip, file, os.fspath(f) if mmap else None)
        if mmap:
            name = f"{f}, " if isinstance(f, str) else ""
            raise RuntimeError(f"mmap can only be used with files saved with `torch.save({name}"
                               "_use_new_zipfile_serialization=True), please torch.save your checkpoint with this "
                               "option in order to use mmap.")
        return reading.guarded(_load_legacy, file)
    finally:
        if opened is not None:
            opened.close()


def _check_seekable(f):
    try:
        f.seek(f.tell())
    except (io.UnsupportedOperation, AttributeError) as e:
        if "seek" in str(e) or "tell" in str(e):
            raise type(e)(f"{e}. You can only torch.load from a file that is seekable. Please pre-load the data into "
                          "a buffer like io.BytesIO and try to load from it instead.") from None
        raise


def _is_zipfile(f):
    start = f.tell()
    magic = f.read(4)
    f.seek(start)
    return magic == b"PK\x03\x04"


class _Reading:
    """One load's settings: how to unpickle, and where storages go (map_location)."""

    def __init__(self, weights_only, pickle_module, pickle_load_args, map_location):
        self.weights_only = weights_only
        self.pickle_module = pickle_module
        self.args = pickle_load_args
        self.map_location = map_location

    def guarded(self, loader, *args):
        previous, load_state.map_location = load_state.map_location, self.map_location
        try:
            if not self.weights_only:
                return loader(self, *args)
            try:
                return loader(self, *args)
            except pickle.UnpicklingError as e:
                raise pickle.UnpicklingError(weights_only_message(str(e))) from None
        finally:
            load_state.map_location = previous

    def unpickler(self, file, persistent_load):
        if self.weights_only:
            u = WeightsOnlyUnpickler(file, encoding=self.args.get("encoding", "bytes"))
            u.persistent_load = persistent_load
            return u

        class Unpickler(self.pickle_module.Unpickler):
            def find_class(self, module, name):
                return find_class(module, name, super().find_class)

        u = Unpickler(file, **self.args)
        u.persistent_load = persistent_load
        return u

    def load_small(self, file):
        """One of the legacy format's header pickles."""
        if self.weights_only:
            return WeightsOnlyUnpickler(file, encoding=self.args.get("encoding", "bytes")).load()
        return self.pickle_module.load(file, **self.args)

    def restore(self, storage, location):
        """A storage read from the file, placed as map_location says (the CPU is the only device)."""
        ml = self.map_location
        if ml is None:
            return _restore(storage, location)
        if isinstance(ml, dict):
            return _restore(storage, ml.get(location, location))
        if isinstance(ml, (str, bytes)):
            return _restore(storage, ml.decode() if isinstance(ml, bytes) else ml)
        if isinstance(ml, device):
            return _restore(storage, str(ml))
        result = ml(storage, location)
        return _restore(storage, location) if result is None else result


_NOT_AVAILABLE = ("Attempting to deserialize object on a {0} device but torch.{1}.is_available() is False. If you are "
                  "running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map "
                  "your storages to the CPU.")
_NOT_REGISTERED = ("The {0} device module is not registered. If you are running on a CPU-only machine, please use "
                   "torch.load with map_location=torch.device('cpu') to map your storages to the CPU.")


def _restore(storage, location):
    """torch's default_restore_location on a machine with only a CPU."""
    if location == "cpu":
        return storage
    if location.startswith("mps"):
        raise RuntimeError("torch.UntypedStorage(): Storage device not recognized: mps")
    if location == "meta":
        raise RuntimeError("pullback.load: map_location 'meta' asks for meta tensors, which pullback does not have")
    for backend, registered in (("cuda", True), ("privateuseone", False), ("hpu", False), ("xpu", True),
                                ("mtia", True)):
        if location == backend or re.match(f"{backend}(:|[0-9]+)", location):
            if not registered:
                raise RuntimeError(_NOT_REGISTERED.format(backend.upper()))
            if not re.fullmatch(f"{backend}(:[0-9]+)?", location):
                raise RuntimeError(f"Invalid device string: '{location}'")
            raise RuntimeError(_NOT_AVAILABLE.format(backend.upper(), backend))
    raise RuntimeError(f"don't know how to restore data location of torch.storage.UntypedStorage (tagged with "
                       f"{location})")


def _storage_dtype(storage_type):
    return _dtype.uint8 if storage_type is UntypedStorage else storage_type.dtype


def _ascii(s):
    return s.decode("ascii") if isinstance(s, bytes) else s


_CORRUPT_ZIP = ("PytorchStreamReader failed reading zip archive: failed finding central directory. This is an internal "
                "miniz error. If you are seeing this error, there is a high likelihood that your checkpoint file is "
                "corrupted. This can happen if the checkpoint was not saved properly, was transferred incorrectly, "
                "or the file was modified after saving.")


def _load_zip(reading, file, mmap_path):
    start = file.tell()
    short = len(file.read(22)) < 22  # (miniz's test: no room for an end record)
    file.seek(start)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise RuntimeError(_CORRUPT_ZIP.replace("failed finding central directory", "not a ZIP archive") if short
                           else _CORRUPT_ZIP) from None
    with archive:
        infos = archive.infolist()
        if any(i.filename == _STRUCTURE for i in infos):
            return _load_pullback_v1(archive)
        if not infos:
            raise RuntimeError("PytorchStreamReader failed reading zip archive: archive does not contain any files")
        if "/" not in infos[0].filename:
            raise RuntimeError(f"file in archive is not in a subdirectory: {infos[0].filename}")
        prefix = infos[0].filename.split("/", 1)[0] + "/"
        records = {i.filename[len(prefix):]: i for i in infos if i.filename.startswith(prefix)}

        def record(name):
            if name not in records:
                raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found")
            try:
                return archive.read(records[name])
            except (zipfile.BadZipFile, OSError, EOFError) as e:
                raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {e}") from None

        if "constants.pkl" in records:
            raise RuntimeError("pullback.load: this is a TorchScript archive (torch.jit.save), which pullback cannot "
                               "load")
        record(".data/version" if ".data/version" in records else "version")
        swap = "byteorder" in records and record("byteorder").decode() != sys.byteorder
        loaded = {}

        def load_storage(d, nbytes, key, location):
            name = f"data/{key}"
            if name not in records:
                raise RuntimeError(f"PytorchStreamReader failed locating file {name}: file not found")
            info = records[name]
            if info.file_size != nbytes:
                raise RuntimeError(f"record size {info.file_size} mismatch with dst size {nbytes}")
            if mmap_path is not None and nbytes and info.compress_type == zipfile.ZIP_STORED:
                raw = np.memmap(mmap_path, np.uint8, "c", offset=data_offset(file, info), shape=(nbytes,))
            else:
                raw = np.empty(nbytes, np.uint8)
                if nbytes:
                    try:
                        read_into(archive, info, raw)
                    except (zipfile.BadZipFile, OSError, EOFError) as e:
                        raise RuntimeError(f"PytorchStreamReader failed reading file {name}: {e}") from None
            if swap and d.itemsize > 1:
                raw.view(d.np).byteswap(inplace=True)
            return _typed(reading.restore(_storage._wrap_bytes(raw), location), d)

        def persistent_load(saved_id):
            if not isinstance(saved_id, tuple):
                raise AssertionError(f"saved_id must be a tuple, got {type(saved_id).__name__}")
            if _ascii(saved_id[0]) != "storage":
                raise AssertionError(f"Unknown typename for persistent_load, expected 'storage' but got "
                                     f"'{_ascii(saved_id[0])}'")
            storage_type, key, location, numel = saved_id[1:]
            d = _storage_dtype(storage_type)
            if key in loaded:
                return loaded[key]
            typed = load_storage(d, numel * d.itemsize, key, _ascii(location))
            if numel:
                loaded[key] = typed
            return typed

        return reading.unpickler(io.BytesIO(record("data.pkl")), persistent_load).load()


def _typed(storage, d):
    if isinstance(storage, TypedStorage):
        storage = storage._untyped_storage
    return TypedStorage(wrap_storage=storage, dtype=d, _internal=True)


def _load_legacy(reading, f):
    start = f.tell()
    head = f.read(512)
    f.seek(start)
    if len(head) >= 262 and head[257:262] == b"ustar":
        raise RuntimeError("pullback.load: this is torch's tar format (PyTorch before 0.4), which pullback does not "
                           "read")
    if reading.load_small(f) != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    protocol_version = reading.load_small(f)
    if protocol_version != PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {protocol_version}")
    reading.load_small(f)  # sys_info
    storages = {}

    def persistent_load(saved_id):
        if not isinstance(saved_id, tuple):
            raise AssertionError(f"saved_id must be a tuple, got {type(saved_id).__name__}")
        typename, data = _ascii(saved_id[0]), saved_id[1:]
        if typename == "module":
            return data[0]
        if typename != "storage":
            raise RuntimeError(f"Unknown saved id type: {saved_id[0]}")
        storage_type, root_key, location, numel, view_metadata = data
        d = _storage_dtype(storage_type)
        if root_key not in storages:
            storages[root_key] = _typed(reading.restore(_storage._wrap_bytes(np.empty(numel * d.itemsize, np.uint8)),
                                                        _ascii(location)), d)
        typed = storages[root_key]
        if view_metadata is None:
            return typed
        view_key, offset, view_size = view_metadata
        if view_key not in storages:
            raw = typed._untyped_storage._bytes
            n = typed.dtype.itemsize
            storages[view_key] = _typed(_storage._wrap_bytes(raw[offset * n:(offset + view_size) * n]), typed.dtype)
        return storages[view_key]

    result = reading.unpickler(f, persistent_load).load()
    for key in reading.load_small(f):
        if key not in storages:
            raise AssertionError(f"storage key {key!r} not found in deserialized_objects")
        typed = storages[key]
        raw = typed._untyped_storage._bytes
        header = f.read(8)
        if len(header) < 8:
            raise RuntimeError("pullback.load: the file ends before its storages (truncated?)")
        nbytes = struct.unpack("<q", header)[0] * typed.dtype.itemsize
        if nbytes != raw.size:
            raise RuntimeError(f"pullback.load: storage {key} holds {nbytes} bytes in the file, {raw.size} in its "
                               "pickle (corrupt file?)")
        data = f.read(nbytes)
        if len(data) < nbytes:
            raise RuntimeError("pullback.load: the file ends inside a storage (truncated?)")
        raw[...] = np.frombuffer(data, np.uint8)
    return result


# ----------------------------------------------------------------- pullback's earlier format (read only)
# A zip of structure.json (the container tree, tensors as references) and tensors/<i>.npy, which save wrote
# before it wrote torch's format. Nothing in it is a pickle.
_STRUCTURE = "structure.json"
_MAPPINGS = {"dict": dict, "OrderedDict": OrderedDict, "Counter": Counter}


def _load_pullback_v1(archive):
    def corrupt(what):
        return RuntimeError(f"pullback.load: the file is corrupt ({what})")

    try:
        structure = json.loads(archive.read(_STRUCTURE))
    except (ValueError, zipfile.BadZipFile) as e:
        raise corrupt(f"structure.json unreadable: {e}") from None
    if not isinstance(structure, dict) or structure.get("format") != "pullback.save":
        raise RuntimeError("pullback.load: not a pullback file (unknown format marker)")
    if structure.get("version") != 1:
        raise RuntimeError(f"pullback.load: unsupported format version {structure.get('version')!r}")
    tensors = {}

    def array(index):
        try:
            with archive.open(f"tensors/{int(index)}.npy") as member:
                a = np.load(io.BytesIO(member.read()), allow_pickle=False)
        except (KeyError, ValueError, OSError, TypeError, zipfile.BadZipFile) as e:
            raise corrupt(f"tensor {index} unreadable: {e}") from None
        if a.dtype.kind not in "biuf":
            raise corrupt(f"tensor of dtype {a.dtype}")
        return a

    def decode(node):
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [decode(n) for n in node]
        if not isinstance(node, dict):
            raise corrupt("unexpected structure")
        if "tensor" in node:
            index = node["tensor"]
            if index not in tensors:
                t = Tensor._wrap(array(index))
                if node.get("parameter"):
                    from .nn.parameter import Parameter
                    t = Parameter(t, requires_grad=bool(node.get("requires_grad")))
                elif node.get("requires_grad"):
                    t.requires_grad_(True)
                tensors[index] = t
            return tensors[index]
        if "tuple" in node:
            return tuple(decode(n) for n in node["tuple"])
        if node.get("mapping") in _MAPPINGS:
            mapping = _MAPPINGS[node["mapping"]]()
            for k, v in node["items"]:
                mapping[decode(k)] = decode(v)
            return mapping
        if "float" in node:
            return float(node["float"])
        if "ndarray" in node:
            return array(node["ndarray"])
        if "npscalar" in node:
            return array(node["npscalar"])[()]
        if "dtype" in node:
            d = getattr(_dtype, str(node["dtype"]), None)
            if not isinstance(d, _dtype.dtype):
                raise corrupt(f"unknown dtype {node['dtype']!r}")
            return d
        if "size" in node:
            return Size(node["size"])
        raise corrupt("unknown entry")

    try:
        return decode(structure.get("object"))
    except (TypeError, KeyError, ValueError, AttributeError, IndexError) as e:
        raise corrupt(f"{type(e).__name__}: {e}") from None
