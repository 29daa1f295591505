"""Factory and dtype arguments torch refuses, against torch (same class and first line; values where
it accepts): arange's range and step sign, a fill value that is no number, bool where a kernel has
no bool version (arange, linspace, cumsum, cumprod), random bounds outside the dtype, a negative
randperm, to() with two devices."""
import math

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_outcome
from test_autograd_fuzz import compare_error

CASES = {
    "arange reversed": lambda m: m.arange(5, 0),
    "arange negative step up": lambda m: m.arange(0, 5, -1),
    "arange floats reversed": lambda m: m.arange(5.5, 0.5),
    "arange down": lambda m: m.arange(5, 0, -2),
    "arange empty": lambda m: m.arange(3, 3),
    "arange empty down": lambda m: m.arange(3, 3, -1),
    "arange inf": lambda m: m.arange(math.inf),
    "arange nan end": lambda m: m.arange(0.5, math.nan),
    "arange -inf start": lambda m: m.arange(-math.inf, 2),
    "arange inf to 0 down": lambda m: m.arange(0, math.inf, -1),
    "arange bool": lambda m: m.arange(4, dtype=m.bool),
    "arange bool reversed": lambda m: m.arange(5, 0, dtype=m.bool),
    "linspace bool": lambda m: m.linspace(0, 1, 3, dtype=m.bool),
    "cumsum to bool": lambda m: m.cumsum(m.ones(3), 0, dtype=m.bool),
    "cumsum method to bool": lambda m: m.ones(3).cumsum(0, dtype=m.bool),
    "cumsum 0-d to bool": lambda m: m.cumsum(m.ones(()), 0, dtype=m.bool),
    "cumprod to bool": lambda m: m.cumprod(m.ones(3), 0, dtype=m.bool),
    "cumprod into bool out": lambda m: m.cumprod(m.ones(3), 0, out=m.empty(0, dtype=m.bool)),
    "randint bool high": lambda m: m.randint(3, (2,), dtype=m.bool),
    "randint bool ok": lambda m: m.randint(0, 1, (2,), dtype=m.bool),
    "randint bool low": lambda m: m.randint(-1, 1, (2,), dtype=m.bool),
    "randint uint8 high": lambda m: m.randint(300, (2,), dtype=m.uint8),
    "randint uint8 low": lambda m: m.randint(-5, 3, (2,), dtype=m.uint8),
    "randint int8 high": lambda m: m.randint(200, (2,), dtype=m.int8),
    "randint int16 high": lambda m: m.randint(2 ** 40, (2,), dtype=m.int16),
    "randint int32 low": lambda m: m.randint(-2 ** 40, 1, (2,), dtype=m.int32),
    "randint float16 high": lambda m: m.randint(2 ** 30, (2,), dtype=m.float16),
    "randperm negative": lambda m: m.randperm(-1),
    "full None": lambda m: m.full((2,), None),
    "full None keyword": lambda m: m.full((2,), fill_value=None),
    "full list": lambda m: m.full((2,), [1, 2]),
    "full tensor": lambda m: m.full((2,), m.ones(2)),
    "full 0-d tensor": lambda m: m.full((2,), m.tensor(3.0)),
    "full numpy scalar": lambda m: m.full((2,), np.float32(1.5)),
    "full_like None": lambda m: m.full_like(m.ones(2), None),
    "new_full None": lambda m: m.ones(2).new_full((2,), None),
    "fill_ None": lambda m: m.zeros(2).fill_(None),
    "fill_ None keyword": lambda m: m.zeros(2).fill_(value=None),
    "fill None": lambda m: m.fill(m.ones(2), None),
    "fill_ number": lambda m: m.zeros(2).fill_(2),
    "to two devices": lambda m: m.ones(2).to("cpu", "float32"),
    "to device and dtype": lambda m: m.ones(2).to("cpu", m.float64),
}


def _outcome(m, case):
    try:
        return None, case(m)
    except Exception as e:  # noqa: BLE001 (the error is the outcome compared)
        return e, None


@pytest.mark.parametrize("name", CASES)
def test_creation_arguments(name):
    te, tr = _outcome(torch, CASES[name])
    pe, pr = _outcome(pullback, CASES[name])
    compare_error(pe, te, name)
    if te is None:
        assert str(pr.dtype) == str(tr.dtype) and tuple(pr.shape) == tuple(tr.shape)
        if not name.startswith("randint"):
            np.testing.assert_array_equal(pr.tolist(), tr.tolist())


@pytest.mark.parametrize("call", [
    "m.linspace(0, 1, 5.0)", "m.linspace(0, 1, True)", "m.linspace(0, 1, np.int64(5))", "m.linspace(0, 1, m.tensor(5))",
    "m.linspace(0, 1, m.tensor(5.))", "m.linspace(0, 1, m.tensor([5]))", "m.linspace(0, 1, 5, requires_grad=None)",
    "m.linspace(0, 1, 5, requires_grad=1)", "m.linspace(0, 1, 5.0, requires_grad=1)", "m.linspace(0, 1, steps=5.0)",
    "m.linspace(0, 1, 5, requires_grad=np.bool_(True))", "m.linspace(0, 1, 5, m.float64)",
    "m.logspace(0, 1, 5.0)", "m.logspace(0, 1, True)", "m.logspace(0, 1, m.tensor(5))", "m.logspace(0, 1, np.int64(5))",
    "m.logspace(0, 1, 5, requires_grad=None)", "m.logspace(0, 1, 5, requires_grad=1)", "m.logspace(0, 1, 5, 'a')",
])
def test_spacing_arguments_as_torch_parses_them(call):
    """linspace's and logspace's steps and requires_grad as torch's parser reads them (requires_grad=None is False)."""
    assert_same_outcome(lambda m: eval(call, {"m": m, "np": np}))
