"""torch.testing against torch: assert_close's verdicts and messages (exception class and text),
make_tensor's shapes, dtypes, ranges and errors, and assert_allclose's deprecation."""
import numpy as np
import pytest
import torch

import pullback

NAN, INF = float("nan"), float("inf")


def both(build):
    """build(m) for pullback and for torch."""
    return build(pullback), build(torch)


CASES = [
    ("equal", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.])), {}),
    ("close_float32", lambda m: (m.tensor([1., 2., 3.]), m.tensor([1., 2.5, 3.])), {}),
    ("close_2d", lambda m: (m.tensor([[1., 2.], [3., 4.]]), m.tensor([[1., 2.], [3., 5.]])), {}),
    ("within_default_tolerance", lambda m: (m.tensor([1.0, 2.0]), m.tensor([1.0, 2.0 + 1e-6])), {}),
    ("float64", lambda m: (m.tensor([1., 2.], dtype=m.float64), m.tensor([1., 2. + 1e-6], dtype=m.float64)), {}),
    ("shape", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2., 3.])), {}),
    ("dtype", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.], dtype=m.float64)), {}),
    ("dtype_unchecked", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.], dtype=m.float64)),
     {"check_dtype": False}),
    ("int_vs_float_unchecked", lambda m: (m.tensor([1, 2]), m.tensor([1., 2.5])), {"check_dtype": False}),
    ("ints", lambda m: (m.tensor([1, 2]), m.tensor([1, 3])), {}),
    ("bools", lambda m: (m.tensor([True, False]), m.tensor([True, True])), {}),
    ("nan", lambda m: (m.tensor([1., NAN]), m.tensor([1., NAN])), {}),
    ("nan_equal", lambda m: (m.tensor([1., NAN]), m.tensor([1., NAN])), {"equal_nan": True}),
    ("inf", lambda m: (m.tensor([INF, 1.]), m.tensor([INF, 1.])), {}),
    ("opposite_inf", lambda m: (m.tensor([INF, 1.]), m.tensor([-INF, 1.])), {}),
    ("zero_expected", lambda m: (m.tensor([0., 2.]), m.tensor([0., 0.])), {}),
    ("zero_d", lambda m: (m.tensor(1.), m.tensor(2.)), {}),
    ("tolerances", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.1])), {"rtol": 0.1, "atol": 0}),
    ("one_tolerance", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.1])), {"rtol": 0.1}),
    ("msg", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.1])), {"msg": "custom"}),
    ("msg_callable", lambda m: (m.tensor([1., 2.]), m.tensor([1., 2.1])), {"msg": lambda s: "> " + s}),
    ("stride", lambda m: (m.ones(2, 3).t(), m.ones(3, 2)), {"check_stride": True}),
    ("stride_unchecked", lambda m: (m.ones(2, 3).t(), m.ones(3, 2)), {}),
    ("requires_grad_ignored", lambda m: (m.tensor([1., 2.]).requires_grad_(), m.tensor([1., 2.])), {}),
    ("numbers_int_float", lambda m: (1, 1.0), {}),
    ("numbers", lambda m: (1, 2), {}),
    ("floats", lambda m: (1.0, 1.5), {}),
    ("numpy_scalar", lambda m: (np.float32(1.0), 1.0), {}),
    ("booleans", lambda m: (True, False), {}),
    ("none", lambda m: (None, 1), {}),
    ("numpy_arrays", lambda m: (np.array([1., 2.]), np.array([1., 2.5])), {}),
    ("tensor_and_array", lambda m: (m.tensor([1., 2.]), np.array([1., 2.])), {}),
    ("tensor_and_list", lambda m: (m.tensor([1., 2.]), [1., 2.]), {}),
    ("tensor_and_float", lambda m: (m.tensor(1.), 1.0), {}),
    ("sequence_item", lambda m: ([m.tensor(1.), m.tensor(2.)], [m.tensor(1.), m.tensor(3.)]), {}),
    ("sequence_length", lambda m: ([1, 2], [1, 2, 3]), {}),
    ("nested", lambda m: ({"a": [m.tensor([1., 2.]), 3]}, {"a": [m.tensor([1., 2.5]), 3]}), {}),
    ("mapping_keys", lambda m: ({"a": 1}, {"b": 1}), {}),
    ("mapping_item", lambda m: ({"a": m.tensor(1.)}, {"a": m.tensor(2.)}), {}),
]


def outcome(m, build, kwargs):
    actual, expected = build(m)
    try:
        m.testing.assert_close(actual, expected, **kwargs)
    except Exception as e:  # noqa: BLE001 - the class and message are what is compared
        return type(e).__name__, str(e).replace("pullback._tensor.Tensor", "torch.Tensor")
    return None


@pytest.mark.parametrize("name,build,kwargs", CASES, ids=[c[0] for c in CASES])
def test_assert_close_matches_torch(name, build, kwargs):
    assert outcome(pullback, build, kwargs) == outcome(torch, build, kwargs)


def test_assert_close_reports_the_first_of_several_mismatches():
    build = lambda m: ([m.tensor([1., 9.]), m.tensor(5.)], [m.tensor([1., 2.]), m.tensor(3.)])  # noqa: E731
    assert outcome(pullback, build, {}) == outcome(torch, build, {})


@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("kwargs", [{}, {"low": -2, "high": 3}, {"noncontiguous": True}, {"exclude_zero": True}])
def test_make_tensor(dtype, kwargs):
    pullback.manual_seed(0)
    t = pullback.testing.make_tensor(4, 5, dtype=getattr(pullback, dtype), device="cpu", **kwargs)
    ref = torch.testing.make_tensor(4, 5, dtype=getattr(torch, dtype), device="cpu", **kwargs)
    assert tuple(t.shape) == tuple(ref.shape) and str(t.dtype) == str(ref.dtype)
    assert t.is_contiguous() == ref.is_contiguous()
    values = t.numpy().astype(np.float64)
    low, high = (kwargs.get("low", -9), kwargs.get("high", 9 if dtype.startswith("float") else 10))
    if dtype == "uint8":
        low = max(low, 0)
    if dtype == "bool":
        low, high = 0, 2
    assert values.min() >= low and values.max() < high
    if kwargs.get("exclude_zero"):
        assert (values != 0).all()


def test_make_tensor_shape_forms_and_requires_grad():
    t = pullback.testing.make_tensor((2, 3), dtype=pullback.float64, device="cpu", requires_grad=True)
    assert tuple(t.shape) == (2, 3) and t.requires_grad and t.is_leaf
    assert tuple(pullback.testing.make_tensor([4], dtype=pullback.float32, device="cpu").shape) == (4,)


@pytest.mark.parametrize("kwargs", [dict(dtype="int64", requires_grad=True), dict(dtype="float32", low=3, high=1),
                                    dict(dtype="float32", low=float("nan")), dict(dtype="uint8", low=-5, high=-1),
                                    dict(dtype="float32", noncontiguous=True, memory_format="contiguous_format")])
def test_make_tensor_errors(kwargs):
    messages = []
    for m in (pullback, torch):
        args = dict(kwargs, dtype=getattr(m, kwargs["dtype"]))
        if "memory_format" in args:
            args["memory_format"] = getattr(m, args["memory_format"])
        with pytest.raises(ValueError) as info:
            m.testing.make_tensor(2, 3, device="cpu", **args)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_assert_allclose_is_deprecated_and_compares_across_dtypes():
    for m in (pullback, torch):
        with pytest.warns(FutureWarning, match="assert_allclose\\(\\)` is deprecated"):
            m.testing.assert_allclose(m.tensor([1., 2.]), [1., 2.])
        with pytest.warns(FutureWarning), pytest.raises(AssertionError, match="Tensor-likes are not close"):
            m.testing.assert_allclose(m.tensor([1., 2.]), m.tensor([1., 3.], dtype=m.float64))
