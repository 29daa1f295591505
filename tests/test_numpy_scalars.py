"""NumPy scalars as arguments, read as torch's parser reads a Scalar (np.bool_ and np.complex64 as floats,
NumPy integers as ints, np.complex128 as complex): every op taking a number, on tensors of several dtypes,
gives torch's values and dtype or torch's error."""
import itertools
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_outcome

SCALARS = [np.float16(1.5), np.float32(2.5), np.float64(0.5), np.int8(-3), np.int32(5), np.int64(2), np.uint8(200),
           np.bool_(True), True, 3, 2.5]
DTYPES = ["float32", "float64", "int64", "uint8", "bool"]
CALLS = {
    "x * v": lambda m, x, v: x * v,
    "v + x": lambda m, x, v: v + x,
    "x / v": lambda m, x, v: x / v,
    "v / x": lambda m, x, v: v / x,
    "x ** v": lambda m, x, v: x ** v,
    "v ** x": lambda m, x, v: v ** x,
    "x // v": lambda m, x, v: x // v,
    "x % v": lambda m, x, v: x % v,
    "sub": lambda m, x, v: m.sub(x, v),
    "fmod": lambda m, x, v: m.fmod(x, v),
    "div floor": lambda m, x, v: m.div(x, v, rounding_mode="floor"),
    "where": lambda m, x, v: m.where(x > 0, x, v),
    "x >= v": lambda m, x, v: x >= v,
    "x & v": lambda m, x, v: x & v,
    "clamp max": lambda m, x, v: x.clamp(max=v),
    "add alpha": lambda m, x, v: m.add(x, x, alpha=v),
    "sub alpha": lambda m, x, v: x.sub(x, alpha=v),
    "add_": lambda m, x, v: x.add_(v),
    "add_ alpha": lambda m, x, v: x.add_(x, alpha=v),
    "mul_": lambda m, x, v: x.mul_(v),
    "fill_": lambda m, x, v: x.fill_(v),
    "masked_fill": lambda m, x, v: x.masked_fill(x > 0, v),
    "index_fill": lambda m, x, v: x.index_fill(0, m.tensor([0]), v),
    "addcmul value": lambda m, x, v: m.addcmul(x, x, x, value=v),
    "lerp": lambda m, x, v: m.lerp(x, x, v),
    "full": lambda m, x, v: m.full((2,), v),
    "full_like": lambda m, x, v: m.full_like(x, v),
    "new_full": lambda m, x, v: x.new_full((2,), v),
    "scalar_tensor": lambda m, x, v: m.scalar_tensor(v),
    "arange": lambda m, x, v: m.arange(v),
    "threshold": lambda m, x, v: m.nn.functional.threshold(x.float(), v, v),
}


@pytest.mark.parametrize("call_name", CALLS)
def test_numpy_scalar_arguments_as_torch_reads_them(call_name):
    call = CALLS[call_name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (NumPy's and torch's own warnings on some of these are not compared)
        for value, dtype in itertools.product(SCALARS, DTYPES):
            assert_same_outcome(lambda m: call(m, m.tensor([1, 2], dtype=getattr(m, dtype)), value))


def test_an_integer_addcmul_value_wraps_into_the_dtype_as_torch_kernel():
    for m in (torch, pullback):
        x = m.tensor([1, 2], dtype=m.uint8)
        assert m.addcmul(x, x, x, value=-3).tolist() == [254, 246]
