"""A number filled into a tensor (fill_, full, masked_fill, threshold's value) is refused as torch
refuses one its dtype cannot hold ("value cannot be converted to type ... without overflow"),
and otherwise converted as torch converts it (truncated into integers, wrapped into uint8)."""
import numpy as np
import pytest
import torch

import pullback

OPS = {
    "fill_": lambda m, dt, v: m.ones(2, dtype=dt).fill_(v),
    "full": lambda m, dt, v: m.full((2,), v, dtype=dt),
    "masked_fill": lambda m, dt, v: m.ones(2, dtype=dt).masked_fill(m.tensor([True, False]), v),
}
CASES = [("float32", 1e39), ("float32", -1e39), ("float32", float("inf")), ("float32", float("nan")),
         ("float32", 3.4e38), ("float16", 65520.0), ("float16", 65504.0), ("float64", 1e308),
         ("int32", float("inf")), ("int32", float("nan")), ("int32", 2.7), ("int32", -2.7), ("int32", 2 ** 31),
         ("int64", 2 ** 63), ("int64", -2 ** 63), ("uint8", -1), ("uint8", -255), ("uint8", -256), ("uint8", -1.5),
         ("uint8", 300), ("int8", 1000), ("bool", 5)]


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("dtype, value", CASES)
def test_like_torch(op, dtype, value):
    results = []
    for m in (torch, pullback):
        try:
            results.append(("value", OPS[op](m, getattr(m, dtype), value).numpy()))
        except RuntimeError as e:
            results.append(("error", str(e)))
    (tk, tv), (pk, pv) = results
    assert pk == tk, results
    if tk == "error":
        assert pv == tv
    else:
        np.testing.assert_array_equal(pv, tv)


@pytest.mark.parametrize("dtype, value, phrase", [
    ("float32", 1e39, "value cannot be converted to type float without overflow"),
    ("int8", 1000, "value cannot be converted to type int8_t without overflow"),
])
def test_threshold_value(dtype, value, phrase):
    for m in (torch, pullback):
        with pytest.raises(RuntimeError, match=phrase):
            m.nn.functional.threshold(m.ones(2, dtype=getattr(m, dtype)), 0, value)


def test_threshold_refuses_bool():
    for m in (torch, pullback):
        with pytest.raises(NotImplementedError, match="\"threshold_cpu\" not implemented for 'Bool'"):
            m.nn.functional.threshold(m.tensor([True, False]), 0.5, 1.0)


@pytest.mark.parametrize("call", [
    lambda m: m.zeros(2).fill_(2 + 0j), lambda m: m.full((2,), 2 + 0j, dtype=m.float32),
    lambda m: m.full((2,), 1 + 2j, dtype=m.float32),
    lambda m: m.ones(2).masked_fill(m.tensor([True, False]), m.tensor(1e39, dtype=m.float64)),
    lambda m: m.nn.functional.threshold(m.arange(4, dtype=m.int8), 1000, 1),
    lambda m: m.nn.functional.threshold(m.tensor([-1, 0, 2]), -1.5, 7),
    lambda m: m.nn.functional.threshold(m.tensor([0.1, 0.2]), 0.1, 5.0),
    lambda m: m.nn.functional.threshold(m.tensor([1.0, 2.0], dtype=m.float16), 1e6, 0.0),
    lambda m: m.zeros(3, dtype=m.int8).fill_(m.tensor(300)),
    lambda m: m.zeros(2, dtype=m.float16).fill_(m.tensor(1e6)),
])
def test_complex_zero_dim_and_threshold_values(call):
    results = []
    for m in (torch, pullback):
        try:
            results.append(call(m).tolist())
        except RuntimeError as e:
            results.append(str(e))
    assert results[1] == results[0]
