"""save / load: round trips of tensors, state dicts and containers; refusal of pickles and corrupt files."""
import io
import pickle
import zipfile
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pullback

VALUES = {
    "float_tensor": lambda: pullback.randn(3, 4),
    "double_requires_grad": lambda: pullback.ones(2, dtype=pullback.float64, requires_grad=True),
    "int_bool_scalar": lambda: [pullback.arange(5), pullback.tensor([True, False]), pullback.tensor(3.5)],
    "parameter": lambda: pullback.nn.Parameter(pullback.zeros(2, 2)),
    "frozen_parameter": lambda: pullback.nn.Parameter(pullback.zeros(2), requires_grad=False),
    "nested": lambda: {"a": [1, 2.5, None, "s", True], "b": (pullback.ones(1), {"c": OrderedDict(x=1)}),
                       3: float("inf"), "dtype": pullback.float16, "size": pullback.Size([2, 3]),
                       "empty": pullback.zeros(0, 3), "nan": float("nan")},
    "numpy": lambda: {"arr": np.arange(6).reshape(2, 3), "scalar": np.float32(2.5)},
}


def same(a, b):
    """Structural equality, tensors compared by dtype, shape, values, requires_grad and class."""
    if isinstance(a, pullback.Tensor):
        return (type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
                and a.requires_grad == b.requires_grad
                and np.array_equal(a.detach().numpy(), b.detach().numpy(), equal_nan=True))
    if isinstance(a, np.ndarray) or isinstance(a, np.generic):
        return type(a) is type(b) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, dict):
        return type(a) is type(b) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("name", sorted(VALUES))
def test_round_trip_through_a_path(name, tmp_path):
    obj = VALUES[name]()
    pullback.save(obj, tmp_path / "obj.pt")
    assert same(obj, pullback.load(tmp_path / "obj.pt"))


def test_round_trip_through_a_file_object_keeps_shared_tensors_shared():
    t = pullback.ones(3)
    buffer = io.BytesIO()
    pullback.save({"x": t, "y": t}, buffer)
    buffer.seek(0)
    loaded = pullback.load(buffer)
    assert loaded["x"] is loaded["y"]


def test_module_and_optimizer_state_dicts_round_trip(tmp_path):
    model = pullback.nn.Sequential(pullback.nn.Linear(3, 4), pullback.nn.ReLU(), pullback.nn.Linear(4, 2))
    opt = pullback.optim.Adam(model.parameters(), lr=0.01)
    model(pullback.randn(5, 3)).sum().backward()
    opt.step()
    pullback.save({"model": model.state_dict(), "optim": opt.state_dict(), "epoch": 3}, tmp_path / "ckpt.pt")
    ckpt = pullback.load(tmp_path / "ckpt.pt")
    assert same(ckpt["model"], model.state_dict()) and type(ckpt["model"]) is OrderedDict
    assert same(ckpt["optim"], opt.state_dict()) and list(ckpt["optim"]["state"]) == [0, 1, 2, 3]
    fresh = pullback.nn.Sequential(pullback.nn.Linear(3, 4), pullback.nn.ReLU(), pullback.nn.Linear(4, 2))
    fresh.load_state_dict(ckpt["model"])
    fresh_opt = pullback.optim.Adam(fresh.parameters())
    fresh_opt.load_state_dict(ckpt["optim"])
    assert fresh_opt.param_groups[0]["lr"] == 0.01 and fresh_opt.param_groups[0]["betas"] == (0.9, 0.999)
    assert same(fresh.state_dict(), model.state_dict())


class Explode:
    """Unpickling this calls `touch <path>`: proof that code ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_malicious_pickle_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps(Explode(str(marker))))
    with pytest.raises(pickle.UnpicklingError, match="refuses to read a pickle"):
        pullback.load(evil)
    assert not marker.exists()
    # the same payload inside a torch-style archive (data.pkl in a zip)
    archive = tmp_path / "evil_torch.pt"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps(Explode(str(marker))))
    with pytest.raises(pickle.UnpicklingError, match="torch.save archive"):
        pullback.load(archive)
    assert not marker.exists()


def test_torch_files_are_refused(tmp_path):
    torch.save({"w": torch.ones(2)}, tmp_path / "torch.pt")
    with pytest.raises(pickle.UnpicklingError, match="torch.save archive"):
        pullback.load(tmp_path / "torch.pt")


def _corrupt_files(tmp_path):
    good = io.BytesIO()
    pullback.save({"w": pullback.ones(4)}, good)
    data = good.getvalue()
    yield "truncated", data[: len(data) // 2]
    yield "garbage", b"hello, this is not a checkpoint"
    yield "empty", b""

    def rezip(members):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for name, content in members.items():
                z.writestr(name, content)
        return out.getvalue()

    yield "bad_json", rezip({"structure.json": "{not json"})
    yield "foreign_zip", rezip({"readme.txt": "hi"})
    yield "wrong_marker", rezip({"structure.json": '{"format": "other", "version": 1, "object": null}'})
    yield "missing_tensor", rezip({"structure.json":
                                   '{"format": "pullback.save", "version": 1, "object": {"tensor": 0}}'})
    object_npy = io.BytesIO()
    np.save(object_npy, np.array([Explode("x")], dtype=object), allow_pickle=True)
    yield "object_array", rezip({"structure.json": '{"format": "pullback.save", "version": 1, "object": '
                                                   '{"tensor": 0}}', "tensors/0.npy": object_npy.getvalue()})
    yield "bad_dtype", rezip({"structure.json": '{"format": "pullback.save", "version": 1, "object": '
                                                '{"dtype": "__class__"}}'})


@pytest.mark.parametrize("case", range(9))
def test_corrupt_or_foreign_files_raise_a_clear_error(case, tmp_path):
    name, data = list(_corrupt_files(tmp_path))[case]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(RuntimeError, match="pullback.load: (not a pullback file|the file is corrupt)"):
        pullback.load(path)


def test_saving_an_unsupported_object_is_a_clear_error(tmp_path):
    with pytest.raises(TypeError, match="cannot store an object of type"):
        pullback.save({"model": pullback.nn.Linear(2, 2)}, tmp_path / "x.pt")
    assert not (tmp_path / "x.pt").exists()


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
    assert same(loaded["lbfgs"], opt.state_dict())
    assert loaded["sched"]["milestones"] == sched.state_dict()["milestones"]
    assert type(loaded["sched"]["milestones"]).__name__ == "Counter"
