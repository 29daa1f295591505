"""repr/str of tensors, sizes, dtypes and nodes match torch's text exactly."""
import re

import numpy as np
import pytest
import torch

import pullback

CASES = [
    lambda m: m.ones(2, 2),
    lambda m: m.ones(2, 2, requires_grad=True),
    lambda m: m.ones(2, 2, requires_grad=True) + 2,
    lambda m: (m.ones(2, 2, requires_grad=True) * 3).mean(),
    lambda m: m.tensor(3.5, requires_grad=True),
    lambda m: m.tensor([1e-5, 1.0]),
    lambda m: m.tensor([[1.5, 2e10]]),
    lambda m: m.tensor([1.0, 2.0], dtype=m.float64),
    lambda m: m.tensor([1, 2, 3]),
    lambda m: m.tensor([1, -2, 300], dtype=m.int32),
    lambda m: m.tensor([True, False]),
    lambda m: m.zeros(0, 3),
    lambda m: m.zeros(0),
    lambda m: m.zeros(0, dtype=m.int64),
    lambda m: m.tensor([float("nan"), float("inf"), -float("inf"), 1.5]),
    lambda m: m.tensor([float("nan"), 2.0]),
    lambda m: m.tensor([0.0, 0.0]),
    lambda m: m.tensor([123456.0, 0.001]),
    lambda m: m.tensor([1e9, 1.0]),
    lambda m: m.tensor([-0.5, 0.25, 1000.125]),
    lambda m: m.tensor(2.0, dtype=m.float16),
    lambda m: m.tensor([1.0, 2.5], dtype=m.float16),
    lambda m: m.arange(24).reshape(2, 3, 4),
    lambda m: m.arange(24.0).reshape(2, 3, 4) / 7,
    lambda m: m.arange(2000).reshape(40, 50),
    lambda m: m.arange(3000.0) / 3,
    lambda m: m.arange(60.0).reshape(3, 20) * 1.37,
    lambda m: m.arange(40.0).reshape(2, 2, 10) - 20,
    lambda m: m.tensor([[1.0, -1.0], [0.5, 3.0]], dtype=m.float64, requires_grad=True) * 2,
    lambda m: m.linspace(0, 1, 100),
]


def _norm(s):
    return re.sub(r"0x[0-9a-f]+", "ADDR", s)


@pytest.mark.parametrize("i", range(len(CASES)))
def test_repr_matches_torch(i):
    make = CASES[i]
    assert repr(make(pullback)) == repr(make(torch))
    assert str(make(pullback)) == str(make(torch))


def test_size_dtype_device_and_node_reprs():
    for m_expr in [lambda m: m.ones(2, 3).shape, lambda m: m.ones(2, 3).size(), lambda m: m.ones(()).shape,
                   lambda m: m.float32, lambda m: m.int64, lambda m: m.ones(1).dtype,
                   lambda m: m.ones(1).device, lambda m: (m.ones(1, requires_grad=True) * 2).grad_fn,
                   lambda m: (m.ones(1, requires_grad=True) * 2).grad_fn.next_functions]:
        assert _norm(repr(m_expr(pullback))) == _norm(repr(m_expr(torch)))


def test_set_printoptions_precision_and_sci_mode():
    try:
        for kw in [dict(precision=2), dict(sci_mode=True), dict(sci_mode=False), dict(linewidth=30)]:
            pullback.set_printoptions(**kw)
            torch.set_printoptions(**kw)
            data = np.array([[1.23456, 1e-5, 7.0], [2.5, 3.75, 100.125]])
            assert repr(pullback.tensor(data)) == repr(torch.tensor(data))
    finally:
        pullback.set_printoptions(profile="default")
        torch.set_printoptions(profile="default")


def test_format_and_item_prints():
    for m in (pullback, torch):
        t = m.tensor(2.5)
        assert f"{t:.3f}" == "2.500"
    assert f"{pullback.tensor(1.0) / 3}" == f"{torch.tensor(1.0) / 3}"
