"""dtype arguments, against torch: Python's float, int and bool stand for float64, int64 and bool
wherever a dtype is taken (tensor(..., dtype=float), x.to(int)); a string or a NumPy type is torch's
TypeError (same class and first line), not an AttributeError from inside."""
import numpy as np
import pytest
import torch

import pullback
from test_autograd_fuzz import compare_error

CALLS = {
    "tensor": lambda m, d: m.tensor([1, 2], dtype=d),
    "zeros": lambda m, d: m.zeros(2, dtype=d),
    "ones": lambda m, d: m.ones(2, 3, dtype=d),
    "full": lambda m, d: m.full((2,), 3, dtype=d),
    "arange": lambda m, d: m.arange(4, dtype=d),
    "linspace": lambda m, d: m.linspace(0, 1, 3, dtype=d),
    "eye": lambda m, d: m.eye(2, dtype=d),
    "randperm shape": lambda m, d: m.randperm(3, dtype=d).shape,
    "rand shape": lambda m, d: m.rand(2, dtype=d).shape,
    "randint shape": lambda m, d: m.randint(3, (2,), dtype=d).shape,
    "randint_like shape": lambda m, d: m.randint_like(m.ones(2), 3, dtype=d).shape,
    "mean": lambda m, d: m.ones(3).mean(dtype=d),
    "prod": lambda m, d: m.prod(m.ones(3), dtype=d),
    "empty shape": lambda m, d: m.empty(2, dtype=d).shape,
    "zeros_like": lambda m, d: m.zeros_like(m.ones(2), dtype=d),
    "ones_like": lambda m, d: m.ones_like(m.ones(2), dtype=d),
    "new_zeros": lambda m, d: m.ones(2).new_zeros(3, dtype=d),
    "new_tensor": lambda m, d: m.ones(2).new_tensor([1, 0], dtype=d),
    "as_tensor": lambda m, d: m.as_tensor([1, 2], dtype=d),
    "sum": lambda m, d: m.ones(3).sum(dtype=d),
    "cumsum": lambda m, d: m.cumsum(m.ones(3), 0, dtype=d),
    "to keyword": lambda m, d: m.ones(2).to(dtype=d),
    "to positional": lambda m, d: m.ones(2).to(d),
    "to device and dtype": lambda m, d: m.ones(2).to("cpu", d),
}
DTYPES = {"float": lambda m: float, "int": lambda m: int, "bool": lambda m: bool, "str": lambda m: "float32",
          "numpy type": lambda m: np.float32, "torch dtype": lambda m: m.float64}


def _outcome(m, call, dtype):
    try:
        return None, call(m, dtype(m))
    except Exception as e:  # noqa: BLE001 (the error is the outcome compared)
        return e, None


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("call", CALLS)
def test_dtype_argument(call, dtype):
    te, tr = _outcome(torch, CALLS[call], DTYPES[dtype])
    pe, pr = _outcome(pullback, CALLS[call], DTYPES[dtype])
    compare_error(pe, te, f"{call} with dtype {dtype}")
    if te is None:
        if hasattr(tr, "dtype"):
            assert str(pr.dtype) == str(tr.dtype)
            np.testing.assert_array_equal(pr.tolist(), tr.tolist())
        else:
            assert tuple(pr) == tuple(tr)
