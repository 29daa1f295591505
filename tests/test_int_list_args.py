"""Sizes and dims given as int lists (view(2, 3), zeros((2, 3)), expand(size=...)) are read as torch's
argument parser reads them: ints, NumPy ints and one-element integer tensors taken, anything else
refused with torch's TypeError (which of its three wordings depends on where the bad value sits)."""
import numpy as np
import pytest
import torch

import pullback

CASES = [
    "x.expand(2, 3.0)", "x.expand((2, 3.0))", "x.expand(2.0, 3)", "x.expand(True, 3)", "x.expand(2, True)",
    "x.expand(np.float64(2), 3)", "x.expand(np.int64(2), 3)", "x.expand(m.tensor(2), 3)", "x.expand(size=(2, 3.0))",
    "x.expand(m.Size([2, 3]))", "x.expand([])",
    "x.view(3.0)", "x.view(3, 1.0)", "x.view((3, 1.0))", "x.view([3.0, 1])", "x.view(-1.0)", "x.view(np.int64(3))",
    "x.view(m.tensor(3.0))", "x.view(())",
    "x.reshape(3.0)", "x.reshape((1, 3.0))", "x.reshape(3, 1.0)", "x.reshape(3.0, 1)", "x.reshape(shape=3)",
    "m.zeros(2.0)", "m.zeros(2, 3.0)", "m.zeros(2.0, 3)", "m.zeros(True)", "m.zeros(2, True)", "m.zeros((True, 2))",
    "m.zeros(m.tensor([2, 3]))", "m.zeros(m.tensor([2]))", "m.zeros(np.array([2, 3]))", "m.zeros(np.array(2))",
    "m.zeros([2, np.int64(3)])", "m.zeros((2, m.tensor(3)))", "m.zeros((2, m.tensor(3.0)))", "m.zeros(2, None)",
    "m.zeros(None)", "m.zeros('a')", "m.zeros([2, '3'])", "m.zeros(np.float32(2))", "m.zeros(2, np.float64(3))",
    "m.zeros((2, 3), 4)", "m.zeros(2.0, dtype=m.int64)", "m.zeros(size=3)", "m.zeros(size=(2.0, 3))",
    "m.zeros(size=(2, 3.0))", "m.zeros(())", "m.zeros([])",
    "m.ones((2.5,))", "m.ones(2, 3.0, dtype=m.float64)", "m.empty(2.0)", "m.empty(2, 3.0)", "m.rand(2.0)",
    "m.rand((2.0, 3))", "m.randn(2, 3.0)", "m.full((2.0,), 1.0)", "m.full((2, 3.0), 1.0)", "m.full(2, 1.0)",
    "m.randint(3, (2.0,))", "m.randint(3, (2, 3.0))", "m.normal(0., 1., (2, 3.0))",
    "m.empty_strided((2, 3.0), (3, 1))", "m.empty_permuted((2, 3.0), (0, 1))",
    "x.new_zeros(2.0)", "x.new_ones(2, 3.0)", "x.new_empty((2, 3.0))", "x.new_zeros(size=(2.0,))",
    "x.repeat(2.0, 1)", "x.repeat((2.0, 1))", "x.repeat(2, 1.0)", "x.permute(1.0, 0)", "x.permute(1, 0.0)",
    "x.permute((1, 0.0))", "m.ones(3).permute(0)", "x.tile(2.0)", "x.tile((2, 1.0))", "x.tile(2)", "x.flip(0.0)",
    "x.flip((0, 1.0))", "x.flip(0)", "x.sum_to_size(1, 3.0)", "x.sum_to_size(3)", "m.broadcast_to(x, 3)",
    "m.broadcast_to(x, (2, 3.0))", "x.unflatten(1, (3.0, 1))", "x.unflatten(1, (3, 1.0))", "x.resize_(2.0)",
    "x.resize_(2, 3.0)", "m.expand_copy(x, 2)", "m.expand_copy(x, (2, 3.0))", "m.permute_copy(m.ones(3), 0)",
    "m.view_copy(x, 3)", "m.view_copy(x, (3.0,))", "m.view_copy(x, 3.0)", "m.Tensor(2, 3.0)",
]


def _outcome(m, expr):
    x = m.ones(1, 3)
    try:
        r = eval(expr, {"m": m, "x": x, "np": np})
        return tuple(r.shape)
    except (TypeError, RuntimeError) as e:
        return type(e), str(e).split("\n")[0]


@pytest.mark.parametrize("expr", CASES)
def test_int_list_argument_as_torch(expr):
    assert _outcome(pullback, expr) == _outcome(torch, expr)
