"""save / load in torch's file format, checked against real torch both ways: byte-identical files,
values, dtypes, layouts and storage sharing across the two libraries, the weights-only rules and
their errors, whole modules, map_location, mmap, the legacy format, pullback's earlier format."""
import io
import json
import os
import pickle
import re
import zipfile
from collections import Counter, OrderedDict

import numpy as np
import pytest
import torch

import pullback


def _saved(lib, obj, f=None, **kwargs):
    buffer = io.BytesIO() if f is None else f
    lib.save(obj, buffer, **kwargs)
    return buffer.getvalue() if f is None else None


def _sample(m):
    """The same objects in either library: every dtype, 0-d, empty, transposed, views sharing memory,
    Parameters, torch.Size, dtypes, devices, layouts and nested containers."""
    x = m.arange(12.0).reshape(3, 4)
    return {
        "f32": x, "view": x[1:, 1:3], "t": x.t(), "f64": m.ones(3, dtype=m.float64) / 3,
        "f16": m.tensor([1.5, -2.0], dtype=m.float16),
        "ints": [m.arange(-2, 3, dtype=d) for d in (m.int8, m.int16, m.int32, m.int64)] + [m.arange(4, dtype=m.uint8)],
        "bool": m.tensor([True, False]), "scalar": m.tensor(3.5), "empty": m.zeros(0), "empty2d": m.zeros(0, 3),
        "param": m.nn.Parameter(m.ones(2)), "frozen": m.nn.Parameter(m.ones(2), requires_grad=False),
        "requires_grad": m.ones(2, requires_grad=True), "size": m.Size([2, 3]),
        "dtypes": [m.float32, m.int64, m.bool], "device": m.device("cpu"), "layout": m.strided,
        "nested": (1, 2.5, None, "str", True, [OrderedDict(a=1)], {3, 4}, b"bytes", Counter("aab"), -5, 10 ** 30),
        "od": OrderedDict([("x", x)]),
    }


def _np(t):
    return t.detach().numpy()


def _same_across(a, b):
    """A pullback object equal to a torch object (or the reverse): tensors by class, dtype, shape, strides,
    storage offset, values and requires_grad."""
    ta, tb = isinstance(a, (torch.Tensor, pullback.Tensor)), isinstance(b, (torch.Tensor, pullback.Tensor))
    if ta or tb:
        assert ta and tb
        assert type(a).__name__ == type(b).__name__ and str(a.dtype) == str(b.dtype)
        assert tuple(a.shape) == tuple(b.shape) and a.requires_grad == b.requires_grad
        if a.numel():
            assert a.stride() == b.stride() and a.storage_offset() == b.storage_offset()
        assert np.array_equal(_np(a), _np(b))
        return
    if isinstance(a, dict):
        assert type(a).__name__ == type(b).__name__ and list(a) == list(b)
        for k in a:
            _same_across(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert type(a).__name__ == type(b).__name__ and len(a) == len(b)
        for x, y in zip(a, b):
            _same_across(x, y)
    else:
        assert str(a) == str(b)


def _shares(lib, a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


# ----------------------------------------------------------------- the bytes torch writes
@pytest.mark.parametrize("kwargs", [{}, {"pickle_protocol": 3}, {"pickle_protocol": 4},
                                    {"_disable_byteorder_record": True}])
def test_files_are_byte_identical_to_torch_save(kwargs):
    mine, theirs = _saved(pullback, _sample(pullback), **kwargs), _saved(torch, _sample(torch), **kwargs)
    assert zipfile.ZipFile(io.BytesIO(mine)).namelist() == zipfile.ZipFile(io.BytesIO(theirs)).namelist()
    assert mine == theirs


def test_record_names_follow_the_file_name_as_torch(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    pullback.save({"w": pullback.ones(2)}, tmp_path / "a" / "my.model.pt")
    torch.save({"w": torch.ones(2)}, str(tmp_path / "b" / "my.model.pt"))
    mine, theirs = (tmp_path / "a" / "my.model.pt").read_bytes(), (tmp_path / "b" / "my.model.pt").read_bytes()
    assert zipfile.ZipFile(io.BytesIO(mine)).namelist() == [
        "my.model/data.pkl", "my.model/.format_version", "my.model/.storage_alignment", "my.model/byteorder",
        "my.model/data/0", "my.model/version", "my.model/.data/serialization_id"]
    assert mine == theirs


def test_a_linear_state_dict_is_the_same_file_and_runs_the_same_in_torch():
    theirs = torch.nn.Linear(3, 4)
    mine = pullback.nn.Linear(3, 4)
    mine.load_state_dict({k: pullback.tensor(_np(v)) for k, v in theirs.state_dict().items()})
    assert _saved(pullback, mine.state_dict()) == _saved(torch, theirs.state_dict())
    fresh = torch.nn.Linear(3, 4)
    fresh.load_state_dict(torch.load(io.BytesIO(_saved(pullback, mine.state_dict()))))
    back = pullback.nn.Linear(3, 4)
    back.load_state_dict(pullback.load(io.BytesIO(_saved(torch, fresh.state_dict()))))
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    assert np.allclose(_np(fresh(torch.tensor(x))), _np(mine(pullback.tensor(x))), rtol=1e-6, atol=1e-7)
    assert np.array_equal(_np(back(pullback.tensor(x))), _np(mine(pullback.tensor(x))))


# ----------------------------------------------------------------- across the two libraries
@pytest.mark.parametrize("weights_only", [True, False])
def test_pullback_files_load_in_torch(weights_only):
    loaded = torch.load(io.BytesIO(_saved(pullback, _sample(pullback))), weights_only=weights_only)
    _same_across(_sample(pullback), loaded)
    assert _shares(torch, loaded["f32"], loaded["view"]) and _shares(torch, loaded["f32"], loaded["od"]["x"])
    loaded["f32"][1, 1] = -1
    assert loaded["view"][0, 0] == -1 and loaded["t"][1, 1] == -1


@pytest.mark.parametrize("weights_only", [True, False])
def test_torch_files_load_in_pullback(weights_only):
    loaded = pullback.load(io.BytesIO(_saved(torch, _sample(torch))), weights_only=weights_only)
    _same_across(_sample(torch), loaded)
    assert type(loaded["param"]) is pullback.nn.Parameter and loaded["size"] == pullback.Size([2, 3])
    assert loaded["dtypes"][0] is pullback.float32 and loaded["layout"] is pullback.strided
    assert _shares(pullback, loaded["f32"], loaded["view"]) and _shares(pullback, loaded["f32"], loaded["t"])
    loaded["f32"][1, 1] = -1
    assert loaded["view"][0, 0] == -1 and loaded["t"][1, 1] == -1


@pytest.mark.parametrize("direction", ["pullback->torch", "torch->pullback"])
def test_the_legacy_format_both_ways(direction):
    src, dst = (pullback, torch) if direction == "pullback->torch" else (torch, pullback)
    data = _saved(src, _sample(src), _use_new_zipfile_serialization=False)
    assert not data.startswith(b"PK")
    for weights_only in (True, False):
        loaded = dst.load(io.BytesIO(data), weights_only=weights_only)
        _same_across(_sample(src), loaded)
        assert _shares(dst, loaded["f32"], loaded["view"])


def test_optimizer_state_dicts_both_ways():
    rng = np.random.default_rng(1)
    w, x = rng.standard_normal((4, 3)).astype(np.float32), rng.standard_normal((5, 3)).astype(np.float32)
    opts = {}
    for lib in (pullback, torch):
        p = lib.nn.Parameter(lib.tensor(w))
        opt = lib.optim.Adam([p], lr=0.01)
        (lib.tensor(x) @ p.t()).square().sum().backward()
        opt.step()
        opts[lib] = (p, opt)
    into_torch = torch.load(io.BytesIO(_saved(pullback, opts[pullback][1].state_dict())))
    _same_across(opts[pullback][1].state_dict(), into_torch)
    into_pullback = pullback.load(io.BytesIO(_saved(torch, opts[torch][1].state_dict())))
    _same_across(opts[torch][1].state_dict(), into_pullback)
    for lib, state in ((torch, into_torch), (pullback, into_pullback)):  # a fresh optimizer resumes from it
        p = lib.nn.Parameter(lib.tensor(_np(opts[lib][0])))
        opt = lib.optim.Adam([p], lr=0.5)
        opt.load_state_dict(state)
        (lib.tensor(x) @ p.t()).square().sum().backward()
        opt.step()
        opts[lib] = p
    assert np.allclose(_np(opts[torch]), _np(opts[pullback]), atol=1e-6)


def test_scheduler_and_lbfgs_state_dicts_round_trip(tmp_path):
    p = pullback.tensor([1.0, -2.0], requires_grad=True)
    opt = pullback.optim.LBFGS([p], max_iter=3)

    def closure():
        opt.zero_grad()
        loss = (p ** 4).sum()
        loss.backward()
        return loss

    opt.step(closure)
    sched = pullback.optim.lr_scheduler.MultiStepLR(pullback.optim.SGD([p], lr=0.1), milestones=[2, 2, 5])
    pullback.save({"lbfgs": opt.state_dict(), "sched": sched.state_dict()}, tmp_path / "s.pt")
    loaded = pullback.load(tmp_path / "s.pt")
    _same_across(opt.state_dict(), loaded["lbfgs"])
    assert loaded["sched"]["milestones"] == Counter({2: 2, 5: 1}) and type(loaded["sched"]["milestones"]) is Counter
    _same_across(loaded, torch.load(tmp_path / "s.pt"))


def test_tensor_attributes_and_tensors_saved_twice():
    mine, theirs = pullback.ones(2), torch.ones(2)
    mine.note, theirs.note = "kept", "kept"
    assert _saved(pullback, [mine, mine]) == _saved(torch, [theirs, theirs])
    loaded = pullback.load(io.BytesIO(_saved(torch, [theirs, theirs])))
    assert loaded[0] is loaded[1] and loaded[0].note == "kept"


def test_storages_and_layouts_torch_has_no_counterpart_for():
    x = pullback.arange(4.0)
    storage = torch.load(io.BytesIO(_saved(pullback, x.untyped_storage())))
    assert bytes(storage.untyped()) == np.arange(4.0, dtype=np.float32).tobytes()
    with pytest.raises(RuntimeError, match="Cannot save multiple tensors or storages that view the same data as "
                                           "different types"):
        pullback.save([x, x.view(pullback.int32)], io.BytesIO())
    flipped = pullback.Tensor._wrap(np.arange(5.0)[::-1])  # negative strides: saved as a copy of its own
    assert torch.load(io.BytesIO(_saved(pullback, flipped))).tolist() == [4.0, 3.0, 2.0, 1.0, 0.0]


# ----------------------------------------------------------------- weights_only
class Explode:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def _errors(lib, data, **kwargs):
    with pytest.raises(Exception) as info:
        lib.load(io.BytesIO(data), **kwargs)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("payload", ["global_in_zip", "plain_pickle", "protocol_4", "blocked_module"])
def test_weights_only_refusals_are_torchs(payload, tmp_path):
    marker = tmp_path / "pwned"
    if payload == "global_in_zip":
        data = _saved(torch, {"w": torch.ones(1), "evil": Explode(str(marker))})
    elif payload == "plain_pickle":
        data = pickle.dumps(Explode(str(marker)), protocol=2)
    elif payload == "protocol_4":
        data = pickle.dumps(Explode(str(marker)), protocol=4)
    else:
        data = b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00trueq\x00\x85R."
    with pytest.warns(UserWarning) if payload == "protocol_4" else _nothing():
        kind, message = _errors(pullback, data)
    assert not marker.exists()
    assert kind is pickle.UnpicklingError and message.startswith("Weights only load failed")
    with pytest.warns(UserWarning) if payload == "protocol_4" else _nothing():
        assert (kind, message) == _errors(torch, data)
    assert not marker.exists()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_whole_modules_need_weights_only_false():
    model = pullback.nn.Sequential(pullback.nn.Linear(3, 4), pullback.nn.ReLU(), pullback.nn.Linear(4, 2))
    model.register_buffer("scale", pullback.tensor([2.0]))
    data = _saved(pullback, model)
    for lib in (pullback, torch):
        with pytest.raises(pickle.UnpicklingError, match="(?s)Weights only load failed.*GLOBAL pullback.nn.modules"):
            lib.load(io.BytesIO(data))
    loaded = pullback.load(io.BytesIO(data), weights_only=False)
    x = pullback.randn(5, 3)
    assert type(loaded) is pullback.nn.Sequential and pullback.equal(loaded(x), model(x))
    assert pullback.equal(loaded.scale, model.scale) and type(loaded[0].weight) is pullback.nn.Parameter
    lazy = pullback.load(io.BytesIO(_saved(pullback, pullback.nn.LazyLinear(3))), weights_only=False)
    assert lazy(pullback.ones(2, 5)).shape == (2, 3) and type(lazy) is pullback.nn.Linear  # (its hooks came along)


def test_a_whole_torch_module_loads_as_pullbacks():
    model = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3), torch.nn.ReLU(), torch.nn.Flatten(),
                                torch.nn.Linear(12, 2)).eval()
    loaded = pullback.load(io.BytesIO(_saved(torch, model)), weights_only=False)
    assert type(loaded[0]) is pullback.nn.Conv2d and type(loaded[2]) is pullback.nn.ReLU
    x = np.random.default_rng(2).standard_normal((2, 2, 4, 4)).astype(np.float32)
    assert np.allclose(_np(loaded.eval()(pullback.tensor(x))), _np(model(torch.tensor(x))), atol=1e-6)


class Point:
    def __init__(self, x):
        self.x = x


def test_safe_globals_allow_a_class():
    data = _saved(torch, {"p": Point(3)})
    with pytest.raises(pickle.UnpicklingError, match="safe_globals"):
        pullback.load(io.BytesIO(data))
    with pullback.serialization.safe_globals([Point]):
        assert pullback.load(io.BytesIO(data))["p"].x == 3
    assert Point not in pullback.serialization.get_safe_globals()


def test_the_weights_only_allowlist_is_torchs():
    from torch._weights_only_unpickler import _get_allowed_globals
    assert set(pullback._torch_pickle.names().allowed) == set(_get_allowed_globals())


def test_a_big_endian_file_is_swapped():
    data = _saved(torch, {"x": torch.tensor([1.5, -2.0]), "i": torch.tensor([1, 256], dtype=torch.int16)})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            record = src.read(name)
            if name.endswith("byteorder"):
                record = b"big"
            elif name.endswith("data/0"):
                record = np.frombuffer(record, np.float32).byteswap().tobytes()
            elif name.endswith("data/1"):
                record = np.frombuffer(record, np.int16).byteswap().tobytes()
            dst.writestr(name, record)
    loaded = pullback.load(io.BytesIO(out.getvalue()))
    assert loaded["x"].tolist() == [1.5, -2.0] and loaded["i"].tolist() == [1, 256]


def test_what_pullback_cannot_hold_is_a_clear_error():
    data = _saved(torch, torch.ones(2, dtype=torch.bfloat16))
    with pytest.raises(RuntimeError, match="torch.BFloat16Storage, a dtype pullback does not have"):
        pullback.load(io.BytesIO(data))


# ----------------------------------------------------------------- map_location and mmap
def _tagged(location):
    """A file whose storage says it lives on `location` (as one torch wrote on that device would)."""
    data = _saved(pullback, {"w": pullback.arange(3.0)})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            record = src.read(name)
            if name.endswith("data.pkl"):
                record = record.replace(b"X\x03\x00\x00\x00cpu", b"X" + len(location).to_bytes(4, "little")
                                        + location.encode())
            dst.writestr(name, record)
    return out.getvalue()


@pytest.mark.parametrize("location", ["cuda:0", "cuda", "hpu:0", "mystery"])
def test_other_devices_fail_as_in_torch_without_them(location):
    data = _tagged(location)
    assert _errors(pullback, data) == _errors(torch, data)
    assert _errors(pullback, data, map_location="cuda") == _errors(torch, data, map_location="cuda")


@pytest.mark.parametrize("map_location", ["cpu", "device", "dict", "callable"])
def test_map_location_onto_the_cpu(map_location):
    seen = []

    def callable_location(storage, location):
        seen.append(location)
        return storage

    for lib in (pullback, torch):
        where = {"cpu": "cpu", "device": lib.device("cpu"), "dict": {"cuda:0": "cpu"},
                 "callable": callable_location}[map_location]
        assert lib.load(io.BytesIO(_tagged("cuda:0")), map_location=where)["w"].tolist() == [0.0, 1.0, 2.0]
    assert seen in ([], ["cuda:0", "cuda:0"])


def test_mmap_maps_storages_from_the_file(tmp_path):
    path = tmp_path / "m.pt"
    pullback.save({"a": pullback.arange(6.0), "b": pullback.ones(2, 2, dtype=pullback.int64)}, path)
    before = path.read_bytes()
    loaded = pullback.load(path, mmap=True)
    assert loaded["a"].tolist() == list(range(6)) and loaded["b"].tolist() == [[1, 1], [1, 1]]
    assert isinstance(loaded["a"]._data.base, np.memmap)
    loaded["a"] += 1  # copy-on-write, as torch's default MAP_PRIVATE
    assert path.read_bytes() == before
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap argument"):
        pullback.load(io.BytesIO(before), mmap=True)
    legacy = tmp_path / "legacy.pt"
    pullback.save(pullback.ones(1), legacy, _use_new_zipfile_serialization=False)
    with pytest.raises(RuntimeError, match="mmap can only be used with files saved with"):
        pullback.load(str(legacy), mmap=True)


# ----------------------------------------------------------------- pullback's earlier format
def _pullback_v1(obj_json, arrays=(), allow_pickle=False):
    """A file as pullback.save wrote it before it wrote torch's format."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("structure.json", obj_json if isinstance(obj_json, str) else json.dumps(
            {"format": "pullback.save", "version": 1, "object": obj_json}))
        for i, a in enumerate(arrays):
            data = io.BytesIO()
            np.save(data, a, allow_pickle=allow_pickle)
            z.writestr(f"tensors/{i}.npy", data.getvalue())
    return out.getvalue()


def test_files_in_pullbacks_earlier_format_still_load():
    structure = {"mapping": "OrderedDict", "items": [
        ["w", {"tensor": 0, "requires_grad": True, "parameter": True}], ["b", {"tensor": 1}],
        ["again", {"tensor": 1}], ["meta", {"tuple": [{"dtype": "float16"}, {"size": [2, 3]}, {"float": "inf"}]}],
        ["counts", {"mapping": "Counter", "items": [["a", 2]]}], ["arr", {"ndarray": 2}]]}
    arrays = [np.ones((2, 2), np.float32), np.arange(3), np.eye(2)]
    loaded = pullback.load(io.BytesIO(_pullback_v1(structure, arrays)))
    assert type(loaded) is OrderedDict and list(loaded) == ["w", "b", "again", "meta", "counts", "arr"]
    assert type(loaded["w"]) is pullback.nn.Parameter and loaded["w"].requires_grad
    assert loaded["b"] is loaded["again"] and loaded["b"].dtype is pullback.int64
    assert loaded["meta"] == (pullback.float16, pullback.Size([2, 3]), float("inf"))
    assert loaded["counts"] == Counter(a=2) and np.array_equal(loaded["arr"], np.eye(2))


@pytest.mark.parametrize("structure,arrays", [
    ("{not json", ()),
    ('{"format": "other", "version": 1, "object": null}', ()),
    ({"tensor": 0}, ()),
    ({"tensor": 0}, (np.array([Explode("x")], dtype=object),)),
    ({"dtype": "__class__"}, ()),
])
def test_corrupt_files_in_the_earlier_format(structure, arrays):
    with pytest.raises(RuntimeError, match="pullback.load: (not a pullback file|the file is corrupt)"):
        pullback.load(io.BytesIO(_pullback_v1(structure, arrays, allow_pickle=True)))


# ----------------------------------------------------------------- bad input
def test_bad_input_fails_as_in_torch(tmp_path):
    good = _saved(pullback, {"w": pullback.ones(4)})
    for data in (good[:len(good) // 2], b"hello, this is not a checkpoint", b"", b"PK\x03\x04 not really a zip"):
        for weights_only in (True, False):
            assert _errors(pullback, data, weights_only=weights_only) == _errors(torch, data,
                                                                                 weights_only=weights_only)
    with pytest.raises(AttributeError, match="'int' object has no attribute 'seek'. You can only torch.load from a "
                                             "file that is seekable"):
        pullback.load(123)
    with pytest.raises(FileNotFoundError):
        pullback.load(tmp_path / "missing.pt")
    with pytest.raises(AttributeError, match="expected 'f' to be string, path, or a file-like object"):
        pullback.save(pullback.ones(1), 123)
    with pytest.raises(RuntimeError, match=re.escape(f"Parent directory {tmp_path}/nowhere does not exist.")):
        pullback.save(pullback.ones(1), str(tmp_path / "nowhere" / "x.pt"))


def test_open_files_and_paths(tmp_path):
    path = tmp_path / "f.pt"
    with open(path, "wb") as f:
        pullback.save({"w": pullback.ones(2)}, f)
    with open(path, "rb") as f:
        assert pullback.load(f)["w"].tolist() == [1.0, 1.0]
    assert torch.load(str(path))["w"].tolist() == [1.0, 1.0]
    assert pullback.load(os.fspath(path))["w"].tolist() == [1.0, 1.0]


def _with_patched_pickle(raw, old, new):
    """A torch.save file whose data.pkl has the bytes `old` replaced by `new`."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name in src.namelist():
            data = src.read(name)
            if name.endswith("data.pkl"):
                assert old in data
                data = data.replace(old, new, 1)
            z.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("old,new", [
    (b"K\x04\x85", b"J\x40\x42\x0f\x00\x85"),  # size 4 -> 1,000,000 elements of a 4-element storage
    (b"K\x00K\x04\x85", b"K\x03K\x04\x85"),      # storage offset 0 -> 3: the last element past the end
])
def test_a_layout_past_its_storage_is_refused_as_torch_refuses_it(old, new):
    buf = io.BytesIO()
    torch.save(torch.arange(4.0), buf)
    evil = _with_patched_pickle(buf.getvalue(), old, new)
    for m in (pullback, torch):
        with pytest.raises(RuntimeError, match="Trying to resize storage that is not resizable"):
            m.load(io.BytesIO(evil))


def _built_tensor_file(size):
    """A file whose pickle BUILDs a torch.Tensor with (storage, offset, (size,), (1,)): the legacy state."""
    P = pickle
    body = (P.PROTO + b"\x02" + P.GLOBAL + b"torch\nTensor\n" + P.EMPTY_TUPLE + P.NEWOBJ
            + P.MARK + P.MARK + P.BINUNICODE + (7).to_bytes(4, "little") + b"storage" + P.GLOBAL + b"torch\nFloatStorage\n"
            + P.BINUNICODE + (1).to_bytes(4, "little") + b"0" + P.BINUNICODE + (3).to_bytes(4, "little") + b"cpu"
            + P.BININT1 + b"\x04" + P.TUPLE + P.BINPERSID
            + P.BININT1 + b"\x00" + P.BININT + size.to_bytes(4, "little") + P.TUPLE1 + P.BININT1 + b"\x01" + P.TUPLE1
            + P.TUPLE + P.BUILD + P.STOP)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("archive/data.pkl", body)
        z.writestr("archive/byteorder", "little")
        z.writestr("archive/data/0", bytes(16))
        z.writestr("archive/version", "3\n")
    return out.getvalue()


@pytest.mark.parametrize("weights_only", [True, False])
def test_a_tensor_built_from_its_state_loads_and_stays_inside_its_storage(weights_only):
    for m in (pullback, torch):
        t = m.load(io.BytesIO(_built_tensor_file(4)), weights_only=weights_only)
        assert t.tolist() == [0.0] * 4
        with pytest.raises(RuntimeError, match="Trying to resize storage that is not resizable"):
            m.load(io.BytesIO(_built_tensor_file(1000000)), weights_only=weights_only)
