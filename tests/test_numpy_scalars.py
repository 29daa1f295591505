"""NumPy scalars as arguments, read as torch's parser reads a Scalar (np.bool_ and np.complex64 as floats,
NumPy integers as ints, np.complex128 as complex): every op taking a number, on tensors of several dtypes,
gives torch's values and dtype or torch's error."""
import itertools
import re
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


DIM_VALUES = [np.int64(1), np.int8(-1), np.uint8(1), np.bool_(True), True, 1, 1.0, np.float64(1.0)]
DIM_CALLS = {
    "sum dim": lambda m, x, v: x.sum(v),
    "sum keepdim": lambda m, x, v: x.sum(1, keepdim=v),
    "max dim": lambda m, x, v: x.max(v).values,
    "softmax": lambda m, x, v: x.softmax(v),
    "cat": lambda m, x, v: m.cat([x, x], v),
    "transpose": lambda m, x, v: x.transpose(0, v),
    "unsqueeze": lambda m, x, v: x.unsqueeze(v),
    "chunk": lambda m, x, v: m.stack(x.chunk(2, v)),
    "split size": lambda m, x, v: x.split(v, 1)[0],
    "torch.split size": lambda m, x, v: m.split(x, v, 1)[0],
    "select": lambda m, x, v: x.select(v, 0),
    "std unbiased": lambda m, x, v: x.std(1, unbiased=v),
    "norm dim": lambda m, x, v: x.norm(dim=v),
    "norm p dim": lambda m, x, v: m.norm(x, 3, dim=v),
    "sort descending": lambda m, x, v: x.sort(1, descending=v).values,
    "dropout training": lambda m, x, v: m.nn.functional.dropout(x, 0.0, training=v),
    "dropout2d training": lambda m, x, v: m.nn.functional.dropout2d(x[None, None], 0.0, training=v),
    "alpha_dropout training": lambda m, x, v: m.nn.functional.alpha_dropout(x, 0.0, training=v),
    "diagonal": lambda m, x, v: x.diagonal(v),
}


@pytest.mark.parametrize("call_name", DIM_CALLS)
def test_numpy_scalar_dims_and_flags_as_torch_reads_them(call_name):
    call = DIM_CALLS[call_name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in DIM_VALUES:
            assert_same_outcome(lambda m: call(m, m.arange(6.0).reshape(2, 3), value))


@pytest.mark.parametrize("split_size", [1, 2, "0-d tensor", "two-element tensor", "float tensor"])
def test_split_reads_a_tensor_size_as_torch_python_split(split_size):
    sizes = {"0-d tensor": lambda m: m.tensor(2), "two-element tensor": lambda m: m.tensor([1, 2]),
             "float tensor": lambda m: m.tensor(1.5)}
    assert_same_outcome(lambda m: m.stack([p.sum() for p in m.arange(6.0).reshape(2, 3).split(
        sizes[split_size](m) if split_size in sizes else split_size, 1)]))


@pytest.mark.parametrize("p, dim", [("fro", (0, 1, 2)), ("nuc", None), ("fro", None), ("nuc", (1, 2)), (2, (0, 1, 2)),
                                    ("fro", [True]), (1, 1)])
def test_norm_dispatches_as_torch_python_norm(p, dim):
    """'fro' over more than two dims and a string p without dims go to matrix_norm, and its errors."""
    assert_same_outcome(lambda m: m.norm(m.arange(24.0).reshape(2, 3, 4), p, dim))


@pytest.mark.parametrize("fn", ["softmax", "log_softmax", "softmin"])
@pytest.mark.parametrize("dim", [True, np.bool_(True), np.float32(1), 1.0, np.int64(1), "0-d tensor", -1, None])
def test_functional_softmax_reads_dim_as_the_tensor_method_torch_calls(fn, dim):
    """torch's F.softmax calls input.softmax(dim): that method's parser takes a NumPy or 0-d tensor int and
    refuses a bool or a float, in its words (position 1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (an omitted dim's deprecation warning)
        assert_same_outcome(lambda m: getattr(m.nn.functional, fn)(
            m.arange(6.0).reshape(2, 3), m.tensor(1) if dim == "0-d tensor" else dim))


POOL_CALLS = {
    "max_pool1d kernel": lambda m, v: m.nn.functional.max_pool1d(m.ones(1, 2, 4), v),
    "max_pool1d kernel, indices": lambda m, v: m.nn.functional.max_pool1d(m.ones(1, 2, 4), v, return_indices=True)[0],
    "max_pool2d kernel": lambda m, v: m.nn.functional.max_pool2d(m.ones(1, 1, 4, 4), v),
    "max_pool2d stride": lambda m, v: m.nn.functional.max_pool2d(m.ones(1, 1, 4, 4), 2, stride=v),
    "max_pool2d padding": lambda m, v: m.nn.functional.max_pool2d(m.ones(1, 1, 4, 4), 2, padding=v),
    "max_pool2d kernel list": lambda m, v: m.nn.functional.max_pool2d(m.ones(1, 1, 4, 4), [2, v]),
    "max_pool2d stride, indices": lambda m, v: m.nn.functional.max_pool2d(m.ones(1, 1, 4, 4), 2, v,
                                                                          return_indices=True)[1],
    "max_pool3d kernel": lambda m, v: m.nn.functional.max_pool3d(m.ones(1, 1, 4, 4, 4), v),
    "max_pool3d kernel, indices": lambda m, v: m.nn.functional.max_pool3d(m.ones(1, 1, 4, 4, 4), v,
                                                                          return_indices=True)[1],
    "MaxPool2d": lambda m, v: m.nn.MaxPool2d(v)(m.ones(1, 1, 4, 4)),
}


@pytest.mark.parametrize("call_name", POOL_CALLS)
def test_max_pool_arguments_as_torch_kernel_parser_reads_them(call_name):
    """torch's F.max_pool* hand kernel_size, stride, padding and dilation to the kernel positionally: a
    bool or float is its TypeError, a NumPy int or 0-d int tensor an int."""
    call = POOL_CALLS[call_name]
    for value in (True, 2.0, np.float64(2.0), np.int64(2), 2, np.bool_(True), (2, 2), "0-d tensor"):
        assert_same_outcome(lambda m: call(m, m.tensor(2) if isinstance(value, str) else value))


REFUSED_NUMPY_DATA = {  # torch.tensor inferring a dtype: refused with torch's class and words
    "longdouble": (lambda m: m.tensor(np.longdouble(1.5)), "can't convert np.ndarray of type numpy.longdouble"),
    "longdouble 0-d array": (lambda m: m.tensor(np.array(1.5, np.longdouble)),
                             "can't convert np.ndarray of type numpy.longdouble"),
    "longdouble array with a dtype": (lambda m: m.tensor(np.array([1.5], np.longdouble), dtype=m.float64),
                                      "can't convert np.ndarray of type numpy.longdouble"),
    "longdouble in a list": (lambda m: m.tensor([2.0, np.longdouble(1.5)]),
                             "can't convert np.ndarray of type numpy.longdouble"),
    "uint64": (lambda m: m.tensor(np.uint64(4)), "an integer is required"),
    "uint64 in a list": (lambda m: m.tensor([[np.uint64(4)], [np.uint64(1)]]), "an integer is required"),
}


@pytest.mark.parametrize("name", REFUSED_NUMPY_DATA)
def test_numpy_data_torch_cannot_convert_is_refused(name):
    call, phrase = REFUSED_NUMPY_DATA[name]
    for m in (torch, pullback):
        with pytest.raises(TypeError, match=re.escape(phrase)):
            call(m)


@pytest.mark.parametrize("call", [
    lambda m: m.tensor(np.uint64(4), dtype=m.float32),
    lambda m: m.tensor([1.5, np.uint64(4)]),
    lambda m: m.tensor([np.longdouble(1.5)], dtype=m.float64),
    lambda m: m.tensor([[np.uint64(4)]], dtype=m.int64),
], ids=["uint64 with a dtype", "uint64 among floats", "longdouble in a list with a dtype", "uint64 list with a dtype"])
def test_numpy_data_torch_converts_through_a_given_or_float_dtype(call):
    assert_same_outcome(call)


INTERPOLATE_INPUTS = {"nearest": 4, "nearest-exact": 3, "area": 4, "linear": 3, "bilinear": 4, "bicubic": 4,
                      "trilinear": 5, "bilinear antialias": 4, "area 1-d": 3, "area 3-d": 5}


@pytest.mark.parametrize("mode", INTERPOLATE_INPUTS)
def test_interpolate_size_as_torch_kernel_parser_reads_it(mode):
    """torch's F.interpolate hands the size, each number repeated per dim, to the mode's kernel: a bool or
    float is its TypeError (pullback took True as a size of 1), a NumPy int or 0-d int tensor an int."""
    ndim = INTERPOLATE_INPUTS[mode]
    antialias = mode.endswith("antialias")
    for value in (True, 2.0, np.float64(2.0), np.int64(3), 3, np.bool_(True), "0-d tensor", "list"):
        def call(m):
            size = m.tensor(3) if value == "0-d tensor" else [np.int64(3)] * (ndim - 2) if value == "list" else value
            return m.nn.functional.interpolate(m.arange(4.0 ** (ndim - 2)).reshape((1, 1) + (4,) * (ndim - 2)), size,
                                               mode=mode.split()[0], antialias=antialias)
        assert_same_outcome(call)
