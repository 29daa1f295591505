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
