"""Each benchmark workload runs at a tiny size, and its gradients match torch's (no timings here)."""
import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks"))

import workloads as wl  # noqa: E402


@pytest.mark.parametrize("wid", list(wl.WORKLOADS))
def test_workload_gradients_match_torch(wid):
    lacking = wl.missing(wid)
    if lacking:
        pytest.skip(f"pullback has no {', '.join(lacking)} yet")
    spec = wl.WORKLOADS[wid]
    cfg = dict(spec["smoke"], copy_grads=True)
    data = spec["data"](cfg)
    grads = {impl: build(cfg, data)() for impl, build in spec["builders"].items()}
    expected = grads["torch"]
    assert expected
    for impl, got in grads.items():
        assert set(got) == set(expected), impl
        for name, g in got.items():
            assert g.shape == expected[name].shape, (impl, name)
            np.testing.assert_allclose(g, expected[name], rtol=2e-4, atol=1e-5, err_msg=f"{wid} {impl} {name}")


def test_training_workloads_update_like_torch():
    """A second step starts from weights updated by the first: the SGD updates agree too."""
    spec = wl.WORKLOADS["W2"]
    cfg = dict(spec["smoke"], copy_grads=True)
    data = spec["data"](cfg)
    steps = {impl: build(cfg, data) for impl, build in spec["builders"].items()}
    for step in steps.values():
        step()
    second = {impl: step() for impl, step in steps.items()}
    for impl in ("numpy", "pullback"):
        for name, g in second[impl].items():
            np.testing.assert_allclose(g, second["torch"][name], rtol=2e-4, atol=1e-5, err_msg=f"{impl} {name}")


def test_w5_runs_a_long_chain():
    """The sequential workload at a depth that would overflow a recursive engine."""
    spec = wl.WORKLOADS["W5"]
    cfg = dict(ops=5000)
    data = spec["data"](cfg)
    got = spec["builders"]["pullback"](cfg, data)()["x"]
    np.testing.assert_allclose(got, spec["builders"]["numpy"](cfg, data)()["x"], rtol=1e-5)


def test_instruction_counts_are_a_step_difference(monkeypatch, capsys, tmp_path):
    """benchmarks/instructions.py: (count with k steps - count with none) / k, a row per workload, and
    per op for the chains (callgrind itself is faked: CI has no valgrind)."""
    import instructions
    per_run = {"W5": 2000 * 51_000, "W6": 1_000_000}  # a fake step's instructions, over a start-up of 10**8
    monkeypatch.setattr(instructions, "_collected", lambda src, wid, steps: 10**8 + steps * per_run[wid])
    monkeypatch.setattr(instructions.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(instructions.tempfile, "gettempdir", lambda: str(tmp_path))  # where the tree is copied
    monkeypatch.setattr(sys, "argv", ["instructions.py", "--only", "W6,W5"])
    instructions.main()
    rows = capsys.readouterr().out.splitlines()
    assert rows[2] == "| W6 per step | 1.000M |"
    assert rows[3] == "| W5 per step | 102.000M (51.0k/op) |"  # W5 runs 2,000 ops a step there
    assert instructions.per_step("src", "W6", 4) == 1_000_000


def test_instruction_count_child_runs_each_workload_step():
    """The measured process builds a workload at its instruction-count size and runs its steps."""
    import instructions
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    for wid in instructions.DEFAULT:
        instructions._child(src, wid, 1)
