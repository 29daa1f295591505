"""torch's weights-only unpickler (torch/_weights_only_unpickler.py) over pullback's objects.

An interpreter of the opcodes a protocol-2 state dict needs and no others: GLOBAL resolves only the
globals torch allows by default (their pullback stand-ins) and those add_safe_globals allowed; REDUCE
and NEWOBJ call only those; BUILD sets state only on tensors, Parameters, OrderedDicts and allowed
types; APPEND only to lists; SETITEM only to dicts. Anything else is the pickle.UnpicklingError torch
raises, which load wraps in torch's "Weights only load failed" text (weights_only_message).
"""
import pickle
import re
import warnings
from collections import Counter, OrderedDict
from struct import unpack
from sys import maxsize

from ._tensor import Tensor
from ._torch_pickle import names, resolve, set_within, tensor_setstate

# torch's py2 renames for the weights-only unpickler (torch._utils.IMPORT_MAPPING / NAME_MAPPING)
_IMPORT_MAPPING = {"__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue", "repr": "reprlib",
                   "_abcoll": "collections.abc", "UserDict": "collections", "UserList": "collections",
                   "UserString": "collections", "whichdb": "dbm", "StringIO": "io", "cStringIO": "io"}
_NAME_MAPPING = {("__builtin__", "xrange"): ("builtins", "range"), ("__builtin__", "reduce"): ("functools", "reduce"),
                 ("__builtin__", "intern"): ("sys", "intern"), ("__builtin__", "unichr"): ("builtins", "chr"),
                 ("__builtin__", "unicode"): ("builtins", "str"), ("__builtin__", "long"): ("builtins", "int"),
                 ("itertools", "izip"): ("builtins", "zip"), ("itertools", "imap"): ("builtins", "map"),
                 ("itertools", "ifilter"): ("builtins", "filter"),
                 ("itertools", "ifilterfalse"): ("itertools", "filterfalse"),
                 ("itertools", "izip_longest"): ("itertools", "zip_longest"),
                 ("UserDict", "IterableUserDict"): ("collections", "UserDict"),
                 ("UserList", "UserList"): ("collections", "UserList"),
                 ("UserString", "UserString"): ("collections", "UserString"),
                 ("__builtin__", "basestring"): ("builtins", "str"),
                 ("exceptions", "StandardError"): ("builtins", "Exception"),
                 ("UserDict", "UserDict"): ("collections", "UserDict")}
_BLOCKED_MODULES = ("sys", "os", "posix", "nt")
_DTENSOR_GLOBALS = ("torch.distributed.device_mesh.DeviceMesh", "torch.distributed.tensor._dtensor_spec.DTensorSpec",
                    "torch.distributed.tensor._dtensor_spec.TensorMeta", "torch.distributed.tensor.DTensor",
                    "torch.distributed.tensor.placement_types.Partial",
                    "torch.distributed.tensor.placement_types.Replicate",
                    "torch.distributed.tensor.placement_types.Shard")
SAFE_GLOBALS = set()  # serialization.add_safe_globals


def user_allowed_globals():
    out = {}
    for f in SAFE_GLOBALS:
        if isinstance(f, tuple):
            if len(f) != 2:
                raise ValueError(f"Expected tuple of length 2 (global, str of callable full path), but got tuple of "
                                 f"length: {len(f)}")
            if type(f[1]) is not str:
                raise TypeError(f"Expected second item in tuple to be str of callable full path, but got: "
                                f"{type(f[1])}")
            out[f[1]] = f[0]
        else:
            full = f"{f.__module__}.{f.__qualname__}"
            out[full] = f
            if full.startswith("pullback."):  # a file torch wrote names the object by torch's name
                out["torch." + full[len("pullback."):]] = f
    return out


_OP = {name: getattr(pickle, name)[0] for name in (
    "APPEND", "APPENDS", "BINFLOAT", "BINGET", "BININT", "BININT1", "BININT2", "BINPERSID", "BINPUT", "BINUNICODE",
    "BUILD", "EMPTY_DICT", "EMPTY_LIST", "EMPTY_SET", "EMPTY_TUPLE", "GLOBAL", "LONG1", "LONG_BINGET", "LONG_BINPUT",
    "MARK", "NEWFALSE", "NEWOBJ", "NEWTRUE", "NONE", "PROTO", "REDUCE", "SETITEM", "SETITEMS", "SHORT_BINSTRING",
    "STOP", "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3")}


class WeightsOnlyUnpickler:
    """torch's weights-only unpickler: only the opcodes a protocol-2 state dict needs, only torch's allowed
    globals (and those add_safe_globals allows), calls and BUILDs only on them, appends only to lists and
    item assignment only to dicts; anything else is a pickle.UnpicklingError."""

    def __init__(self, file, *, encoding="bytes"):
        self.encoding = encoding
        self.readline = file.readline
        self.read = file.read
        self.memo = {}
        self.proto = -1

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("unsupported persistent id encountered")

    def _global(self):
        module = self.readline()[:-1].decode("utf-8")
        name = self.readline()[:-1].decode("utf-8")
        if (module, name) in _NAME_MAPPING:
            module, name = _NAME_MAPPING[(module, name)]
        elif module in _IMPORT_MAPPING:
            module = _IMPORT_MAPPING[module]
        full_path = f"{module}.{name}"
        if module in _BLOCKED_MODULES:
            raise pickle.UnpicklingError(f"Trying to load unsupported GLOBAL {full_path} whose module {module} is "
                                         "blocked.")
        allowed, user = names().allowed, user_allowed_globals()
        if full_path in allowed:
            return resolve(allowed[full_path])
        if full_path in user:
            return user[full_path]
        if full_path in ("torch.nested._internal.nested_tensor.NestedTensor",
                         "torch.nested._internal.nested_tensor._rebuild_njt", "torch._dynamo.decorators._DimRange"):
            raise pickle.UnpicklingError("``torch.nested`` and ``torch._dynamo`` must be imported to load nested "
                                         "jagged tensors (NJTs)")
        if full_path in _DTENSOR_GLOBALS:
            raise pickle.UnpicklingError("``torch.distributed.tensor`` must be imported to load DTensors")
        if full_path.startswith("builtins"):
            rest = full_path[len("builtins"):]
            full_path = rest[1:] if rest[:1] == "." else "builtins" + rest
        raise pickle.UnpicklingError(
            f"Unsupported global: GLOBAL {full_path} was not an allowed global by default. Please use "
            f"`torch.serialization.add_safe_globals([{full_path}])` or the "
            f"`torch.serialization.safe_globals([{full_path}])` context manager to allowlist this global if you "
            "trust this class/function.")

    def _allowed(self, value):
        return id(value) in names().allowed_ids or (bool(SAFE_GLOBALS) and any(
            v is value for v in user_allowed_globals().values()))

    def load(self):
        self.metastack = []
        self.stack = []
        read, op = self.read, _OP
        while True:
            key = read(1)
            if not key:
                raise EOFError
            k = key[0]
            stack = self.stack
            if k == op["GLOBAL"]:
                stack.append(self._global())
            elif k == op["NEWOBJ"]:
                args = stack.pop()
                cls = stack.pop()
                if cls is names().Parameter:
                    stack.append(cls(*args))
                elif self._allowed(cls):
                    stack.append(cls.__new__(cls, *args))
                else:
                    raise pickle.UnpicklingError("Can only create new object for nn.Parameter or classes allowlisted "
                                                 f"via `add_safe_globals` but got {cls}")
            elif k == op["REDUCE"]:
                args = stack.pop()
                func = stack[-1]
                if not self._allowed(func):
                    msg = f"Trying to call reduce for unrecognized function {func}"
                    if hasattr(func, "__self__"):
                        msg += f" which belongs to {func.__self__}"
                    raise pickle.UnpicklingError(msg)
                stack[-1] = func(*args)
            elif k == op["BUILD"]:
                state = stack.pop()
                inst = stack[-1]
                kind = type(inst)
                if kind is Tensor:
                    set_within(inst, *state)
                elif kind is names().Parameter:
                    tensor_setstate(inst, state)
                elif kind is OrderedDict:
                    inst.__dict__.update(state)
                elif self._allowed(kind):
                    if hasattr(inst, "__setstate__"):
                        inst.__setstate__(state)
                    else:
                        slotstate = None
                        if isinstance(state, tuple) and len(state) == 2:
                            state, slotstate = state
                        if state:
                            inst.__dict__.update(state)
                        for k2, v in (slotstate or {}).items():
                            setattr(inst, k2, v)
                else:
                    raise pickle.UnpicklingError("Can only build Tensor, Parameter, OrderedDict or types allowlisted "
                                                 f"via `add_safe_globals`, but got {kind}")
            elif k == op["APPEND"]:
                item = stack.pop()
                if type(stack[-1]) is not list:
                    raise pickle.UnpicklingError(f"Can only append to lists, but got {type(stack[-1])}")
                stack[-1].append(item)
            elif k == op["APPENDS"]:
                items = self._pop_mark()
                if type(self.stack[-1]) is not list:
                    raise pickle.UnpicklingError(f"Can only extend lists, but got {type(self.stack[-1])}")
                self.stack[-1].extend(items)
            elif k == op["SETITEM"]:
                v, k2 = stack.pop(), stack.pop()
                self._check_set_item_target("SETITEM")
                stack[-1][k2] = v
            elif k == op["SETITEMS"]:
                items = self._pop_mark()
                self._check_set_item_target("SETITEMS")
                for i in range(0, len(items), 2):
                    self.stack[-1][items[i]] = items[i + 1]
            elif k == op["MARK"]:
                self.metastack.append(self.stack)
                self.stack = []
            elif k == op["TUPLE"]:
                items = self._pop_mark()
                self.stack.append(tuple(items))
            elif k == op["TUPLE1"]:
                stack[-1] = (stack[-1],)
            elif k == op["TUPLE2"]:
                stack[-2:] = [(stack[-2], stack[-1])]
            elif k == op["TUPLE3"]:
                stack[-3:] = [(stack[-3], stack[-2], stack[-1])]
            elif k == op["NONE"]:
                stack.append(None)
            elif k == op["NEWFALSE"]:
                stack.append(False)
            elif k == op["NEWTRUE"]:
                stack.append(True)
            elif k == op["EMPTY_TUPLE"]:
                stack.append(())
            elif k == op["EMPTY_LIST"]:
                stack.append([])
            elif k == op["EMPTY_DICT"]:
                stack.append({})
            elif k == op["EMPTY_SET"]:
                stack.append(set())
            elif k == op["BININT"]:
                stack.append(unpack("<i", read(4))[0])
            elif k == op["BININT1"]:
                stack.append(read(1)[0])
            elif k == op["BININT2"]:
                stack.append(unpack("<H", read(2))[0])
            elif k == op["BINFLOAT"]:
                stack.append(unpack(">d", read(8))[0])
            elif k == op["BINUNICODE"]:
                n = unpack("<I", read(4))[0]
                if n > maxsize:
                    raise pickle.UnpicklingError("String is too long")
                stack.append(str(read(n), "utf-8", "surrogatepass"))
            elif k == op["SHORT_BINSTRING"]:
                data = read(read(1)[0])
                stack.append(data if self.encoding == "bytes" else data.decode(self.encoding, "strict"))
            elif k == op["BINPERSID"]:
                pid = stack.pop()
                if type(pid) is not tuple and type(pid) is not int:
                    raise pickle.UnpicklingError(f"persistent_load id must be tuple or int, but got {type(pid)}")
                if type(pid) is tuple and len(pid) > 0 and _ascii(pid[0]) != "storage":
                    raise pickle.UnpicklingError(f"Only persistent_load of storage is allowed, but got {type(pid[0])}")
                stack.append(self.persistent_load(pid))
            elif k in (op["BINGET"], op["LONG_BINGET"]):
                idx = (read(1) if k == op["BINGET"] else unpack("<I", read(4)))[0]
                stack.append(self.memo[idx])
            elif k in (op["BINPUT"], op["LONG_BINPUT"]):
                i = (read(1) if k == op["BINPUT"] else unpack("<I", read(4)))[0]
                self.memo[i] = stack[-1]
            elif k == op["LONG1"]:
                stack.append(pickle.decode_long(read(read(1)[0])))
            elif k == op["PROTO"]:
                self.proto = read(1)[0]
                if self.proto != 2:
                    warnings.warn(f"Detected pickle protocol {self.proto} in the checkpoint, which was not the default "
                                  "pickle protocol used by `torch.load` (2). The weights_only Unpickler might not "
                                  "support all instructions implemented by this protocol, please file an issue for "
                                  "adding support if you encounter this.", stacklevel=2)
            elif k == op["STOP"]:
                return stack.pop()
            else:
                raise pickle.UnpicklingError(f"Unsupported operand {k}")

    def _pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        return items

    def _check_set_item_target(self, opcode):
        if type(self.stack[-1]) not in (dict, OrderedDict, Counter):
            raise pickle.UnpicklingError(f"Can only {opcode} for dict, collections.OrderedDict, collections.Counter, "
                                         f"but got {type(self.stack[-1])}")


def _ascii(s):
    return s.decode("ascii") if isinstance(s, bytes) else s


UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` from `False` to "
    "`True`. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in "
    "arbitrary code execution. Do it only if you got the file from a trusted source.")
_DOCS_MESSAGE = ("\n\nCheck the documentation of torch.load to learn more about types accepted by default with "
                 "weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")


def weights_only_message(message):
    """torch.load's text around the weights-only unpickler's error."""
    if re.search(r"GLOBAL (\S+) was not an allowed global by default.", message):
        return ("Weights only load failed. This file can still be loaded, to do so you have two options, "
                "\033[1mdo those steps only if you trust the source of the checkpoint\033[0m. "
                f"\n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with `weights_only=True` please check "
                "the recommended steps in the following error message.\n\tWeightsUnpickler error: " + message
                + _DOCS_MESSAGE)
    if re.search(r"(\S+) must be (\S+) to load", message):
        return f"Weights only load failed. {message}\n {UNSAFE_MESSAGE}\n"
    text = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
    if not re.search(r"whose module (\S+) is blocked", message):
        text += ("Please file an issue with the following so that we can make `weights_only=True` compatible with "
                 "your use case: WeightsUnpickler error: ")
    return text + "\n\n" + message + _DOCS_MESSAGE

