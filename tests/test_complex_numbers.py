"""Complex numbers meeting real tensors. torch's parser reads a Python complex and np.complex128 (a subclass
of it) as complex, np.complex64 as a real number (its real part). Where torch's result is then a complex
tensor, pullback, which has no complex dtypes, refuses with NotImplementedError; where torch raises (an
in-place op on a real tensor, a fill, clamp, lerp), pullback raises the same; where torch reads the number
as real, pullback computes the same values."""
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_outcome

VALUES = {"python complex": 1 + 1j, "np.complex128": np.complex128(1 + 1j), "np.complex64": np.complex64(1 + 1j)}

CALLS = {
    "x * v": lambda m, x, v: x * v,
    "v * x": lambda m, x, v: v * x,
    "x + v": lambda m, x, v: x + v,
    "v - x": lambda m, x, v: v - x,
    "x / v": lambda m, x, v: x / v,
    "x ** v": lambda m, x, v: x ** v,
    "mul": lambda m, x, v: m.mul(x, v),
    "add": lambda m, x, v: m.add(x, v),
    "pow": lambda m, x, v: m.pow(x, v),
    "where": lambda m, x, v: m.where(x > 0, x, v),
    "int tensor * v": lambda m, x, v: m.ones(2, dtype=m.int64) * v,
    "float64 tensor * v": lambda m, x, v: x.double() * v,
    "requires grad * v": lambda m, x, v: x.clone().requires_grad_() * v,
    "full": lambda m, x, v: m.full((2,), v),
    "full, float dtype": lambda m, x, v: m.full((2,), v, dtype=m.float32),
    "tensor": lambda m, x, v: m.tensor(v),
    "add_": lambda m, x, v: x.add_(v),
    "mul_": lambda m, x, v: x.mul_(v),
    "x += v": lambda m, x, v: x.__iadd__(v),
    "fill_": lambda m, x, v: x.fill_(v),
    "masked_fill": lambda m, x, v: x.masked_fill(x > 0, v),
    "lerp": lambda m, x, v: m.lerp(x, x, v),
    "clamp": lambda m, x, v: x.clamp(v),
}


def _complex_result(m, call, value):
    """torch's outcome: whether it returns a complex tensor."""
    try:
        out = call(m, m.tensor([1.0, 2.0]), value)
    except Exception:  # noqa: BLE001 - an error is an outcome too, compared below
        return False
    return isinstance(out, torch.Tensor) and out.is_complex()


@pytest.mark.parametrize("value_name", VALUES)
@pytest.mark.parametrize("call_name", CALLS)
def test_a_complex_number_meets_a_real_tensor_as_in_torch(call_name, value_name):
    call, value = CALLS[call_name], VALUES[value_name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)  # np.complex64's real part, as torch reads it
        if _complex_result(torch, call, value):
            x = pullback.tensor([1.0, 2.0])
            with pytest.raises(NotImplementedError, match="complex tensor, and pullback has no complex dtypes"):
                call(pullback, x, value)
            assert x.tolist() == [1.0, 2.0]
        else:
            tensors = {}

            def run(m):
                tensors[m] = m.tensor([1.0, 2.0])
                return call(m, tensors[m], value)
            assert_same_outcome(run)
            assert tensors[pullback].tolist() == tensors[torch].tolist()  # a refused in-place op changed nothing


def test_complex_numpy_data_is_refused_as_complex():
    for data in (np.array([1j, 2.0]), np.complex64(2j)):
        with pytest.raises(NotImplementedError, match="pullback has no complex dtypes"):
            pullback.tensor(data)
        assert torch.tensor(data).is_complex()
    with pytest.raises(NotImplementedError, match="pullback has no complex dtypes"):
        pullback.from_numpy(np.zeros(2, np.complex128))
