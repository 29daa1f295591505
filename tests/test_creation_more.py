"""torch's remaining factories (index triangles, logspace, windows, range, scalar_tensor, strided and
permuted layouts, asarray, frombuffer, randint_like) and builders (diagflat, vander, linalg.vander,
combinations, unravel_index) against torch: values, dtypes, layouts, memory sharing, graphs,
1st/2nd-order grads, finite differences, warnings and errors."""
import array
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error, check, check_error, gradcheck_fd

COVERED = ["tril_indices", "triu_indices", "logspace", "hann_window", "hamming_window", "bartlett_window",
           "blackman_window", "kaiser_window", "range", "scalar_tensor", "empty_strided", "empty_permuted", "asarray",
           "frombuffer", "randint_like", "diagflat", "vander", "linalg.vander", "combinations", "unravel_index"]

RNG = np.random.default_rng(7)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def both(fn):
    """fn(pullback) and fn(torch), with torch.range's deprecation warning silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return fn(pullback), fn(torch)


def assert_same_tensor(p, t, exact=True):
    """Same dtype, shape, strides, requires_grad and values (exactly, or within a few ulps)."""
    assert str(p.dtype) == str(t.dtype), f"dtype {p.dtype} != torch's {t.dtype}"
    assert tuple(p.shape) == tuple(t.shape), f"shape {tuple(p.shape)} != torch's {tuple(t.shape)}"
    if t.numel():  # (pullback reports NumPy's zero strides for an empty tensor, torch contiguous ones)
        assert p.stride() == t.stride(), f"strides {p.stride()} != torch's {t.stride()}"
    assert p.requires_grad == t.requires_grad and p.is_contiguous() == t.is_contiguous()
    a, e = as_numpy(p), as_numpy(t)
    if exact or a.dtype.kind != "f":
        np.testing.assert_array_equal(a, e)
    else:  # torch's SLEEF cos and exp may differ from NumPy's by an ulp
        np.testing.assert_allclose(a, e, rtol=4 * np.finfo(a.dtype).eps, atol=2 * np.finfo(a.dtype).eps)


# ------------------------------------------------------------------ factories: values and dtypes
FACTORIES = [
    ("tril_indices", lambda m: m.tril_indices(3, 3), True),
    ("tril_indices_offset", lambda m: m.tril_indices(3, 4, 1), True),
    ("tril_indices_negative", lambda m: m.tril_indices(5, 3, -1, dtype=m.int32), True),
    ("tril_indices_none", lambda m: m.tril_indices(3, 4, -5), True),
    ("tril_indices_empty", lambda m: m.tril_indices(0, 4), True),
    ("triu_indices", lambda m: m.triu_indices(3, 4, -1), True),
    ("triu_indices_kw", lambda m: m.triu_indices(row=4, col=3, offset=1, dtype=m.int64), True),
    ("triu_indices_all", lambda m: m.triu_indices(4, 3, -10), True),
    ("triu_indices_numpy_int", lambda m: m.triu_indices(np.int64(3), 3), True),
    ("logspace", lambda m: m.logspace(0, 2, 5), True),
    ("logspace_base", lambda m: m.logspace(-1.5, 2.7, 7, base=3.3), True),
    ("logspace_base_positional", lambda m: m.logspace(0, 2, 5, 2), True),
    ("logspace_float64", lambda m: m.logspace(0.3, 9.7, 13, dtype=m.float64), True),
    ("logspace_float16", lambda m: m.logspace(0, 2, 5, dtype=m.float16), True),
    ("logspace_int64", lambda m: m.logspace(0, 3, 4, dtype=m.int64), True),
    ("logspace_int32_base", lambda m: m.logspace(0.7, 2.9, 3, base=2, dtype=m.int32), True),
    ("logspace_uint8_wraps", lambda m: m.logspace(0, 10, 5, dtype=m.uint8), True),
    ("logspace_int16_past_int32", lambda m: m.logspace(0, 100, 7, dtype=m.int16), True),
    ("logspace_negative_base", lambda m: m.logspace(0, -2, 5, base=-2.0), True),
    ("logspace_one", lambda m: m.logspace(0.7, 2, 1), True),
    ("logspace_one_int", lambda m: m.logspace(0.7, 2, 1, dtype=m.int64), True),
    ("logspace_empty", lambda m: m.logspace(0, 2, 0), True),
    ("logspace_tensor_bounds", lambda m: m.logspace(m.tensor(0.5), m.tensor(2), 4), True),
    ("logspace_requires_grad", lambda m: m.logspace(0, 1, 3, requires_grad=True), True),
    ("range", lambda m: m.range(1, 4), True),
    ("range_step", lambda m: m.range(1, 4, 0.5), True),
    ("range_inexact_step", lambda m: m.range(0, 0.9, 0.1), True),
    ("range_down", lambda m: m.range(4, 1, -1), True),
    ("range_single", lambda m: m.range(1, 1), True),
    ("range_int64", lambda m: m.range(1.5, 4, dtype=m.int64), True),
    ("range_int32", lambda m: m.range(-3, 7, 3, dtype=m.int32), True),
    ("range_uint8", lambda m: m.range(-3, 7, 3, dtype=m.uint8), True),
    ("range_large_int", lambda m: m.range(1, 2 ** 60, 2 ** 58, dtype=m.int64), True),
    ("range_float16", lambda m: m.range(0, 1, 0.1, dtype=m.float16), True),
    ("range_float64", lambda m: m.range(10, -10, -2.5, dtype=m.float64), True),
    ("range_tensor_bounds", lambda m: m.range(m.tensor(1), 4), True),
    ("range_keywords", lambda m: m.range(start=1, end=3, step=1, requires_grad=True), True),
    ("scalar_tensor", lambda m: m.scalar_tensor(3), True),
    ("scalar_tensor_float", lambda m: m.scalar_tensor(3.5), True),
    ("scalar_tensor_bool", lambda m: m.scalar_tensor(True), True),
    ("scalar_tensor_int", lambda m: m.scalar_tensor(3.7, dtype=m.int32), True),
    ("scalar_tensor_uint8_wraps", lambda m: m.scalar_tensor(-1, dtype=m.uint8), True),
    ("scalar_tensor_bool_dtype", lambda m: m.scalar_tensor(2, dtype=m.bool), True),
    ("scalar_tensor_numpy", lambda m: m.scalar_tensor(np.float64(2.5), dtype=m.float64), True),
    ("scalar_tensor_0d_tensor", lambda m: m.scalar_tensor(m.tensor(2)), True),
    ("scalar_tensor_requires_grad", lambda m: m.scalar_tensor(2, requires_grad=True), True),
]
WINDOWS = ["hann_window", "hamming_window", "bartlett_window", "blackman_window", "kaiser_window"]
for _name in WINDOWS:
    FACTORIES += [
        (_name, lambda m, n=_name: getattr(m, n)(5), False),
        (f"{_name}_symmetric", lambda m, n=_name: getattr(m, n)(7, False), False),
        (f"{_name}_periodic_keyword", lambda m, n=_name: getattr(m, n)(6, periodic=True), False),
        (f"{_name}_long", lambda m, n=_name: getattr(m, n)(64, dtype=m.float64), False),
        (f"{_name}_float16", lambda m, n=_name: getattr(m, n)(4, dtype=m.float16), False),
        (f"{_name}_one", lambda m, n=_name: getattr(m, n)(1), True),
        (f"{_name}_two", lambda m, n=_name: getattr(m, n)(2, False), False),
        (f"{_name}_empty", lambda m, n=_name: getattr(m, n)(0, dtype=m.float64), True),
        (f"{_name}_requires_grad", lambda m, n=_name: getattr(m, n)(3, requires_grad=True), False),
    ]
FACTORIES += [
    ("hamming_window_alpha", lambda m: m.hamming_window(5, True, 0.6), False),
    ("hamming_window_alpha_beta", lambda m: m.hamming_window(5, False, alpha=0.5, beta=0.1), False),
    ("kaiser_window_beta", lambda m: m.kaiser_window(9, False, 3.0, dtype=m.float64), False),
    ("kaiser_window_beta_zero", lambda m: m.kaiser_window(6, False, beta=0.0), False),
]


@pytest.mark.parametrize("name,fn,exact", FACTORIES, ids=[f[0] for f in FACTORIES])
def test_factory_matches_torch(name, fn, exact):
    p, t = both(fn)
    assert_same_tensor(p, t, exact)
    assert p.is_leaf and p.grad_fn is None


FACTORY_ERRORS = [
    (lambda m: m.tril_indices(-1, 4), "row must be non-negative"),
    (lambda m: m.triu_indices(3, -4), "col must be non-negative"),
    (lambda m: m.tril_indices(3, 4, dtype=m.float32), "\"tril_indices\" not implemented for 'Float'"),
    (lambda m: m.triu_indices(3, 4, dtype=m.int16), "\"triu_indices\" not implemented for 'Short'"),
    (lambda m: m.tril_indices(3, 4, requires_grad=True), "floating point and complex dtype can require gradients"),
    (lambda m: m.tril_indices(3.0, 4), "must be int, not float"),
    (lambda m: m.tril_indices(True, 4), "must be int, not bool"),
    (lambda m: m.logspace(0, 2, -1), "number of steps must be non-negative"),
    (lambda m: m.logspace(0, 2, 5, dtype=m.bool), "\"logspace_cpu\" not implemented for 'Bool'"),
    (lambda m: m.logspace(0, 300, 3, dtype=m.uint8), "value cannot be converted to type uint8_t without overflow"),
    (lambda m: m.logspace(400, 400, 1, dtype=m.int64), "value cannot be converted to type int64_t without overflow"),
    (lambda m: m.logspace(0, 2, 2.5), "TypeError"),
    (lambda m: m.logspace(0, 1, 3, dtype=m.int64, requires_grad=True), "can require gradients"),
    (lambda m: m.range(4, 1), "upper bound and lower bound inconsistent with step sign"),
    (lambda m: m.range(1, 4, 0), "step must be nonzero"),
    (lambda m: m.range(0, float("inf")), "unsupported range: 0 -> inf"),
    (lambda m: m.range(1.5, float("-inf"), -1), "unsupported range: 1.5 -> -inf"),
    (lambda m: m.range(1, float("nan")), "unsupported range: 1 -> nan"),
    (lambda m: m.range(1, 4, dtype=m.bool), "\"range_cpu\" not implemented for 'Bool'"),
    (lambda m: m.range(1, 4, dtype=m.int64, requires_grad=True), "can require gradients"),
    (lambda m: m.range(4), "TypeError"),
    (lambda m: m.scalar_tensor(m.tensor([2.0, 3.0])), "must be Number, not Tensor"),
    (lambda m: m.scalar_tensor("a"), "must be Number, not str"),
    (lambda m: m.scalar_tensor(300, dtype=m.uint8), "value cannot be converted to type uint8_t without overflow"),
    (lambda m: m.scalar_tensor(1e300), "value cannot be converted to type float without overflow"),
    (lambda m: m.scalar_tensor(float("nan"), dtype=m.int64), "cannot be converted to type int64_t without overflow"),
    (lambda m: m.scalar_tensor(3, dtype=m.int64, requires_grad=True), "can require gradients"),
    (lambda m: m.empty_strided((2, 3), (1,)), "dimensionality of sizes (2) must match dimensionality of strides (1)"),
    (lambda m: m.empty_strided((2, -3), (1, 2)), "Trying to create tensor with negative dimension -3: [2, -3]"),
    (lambda m: m.empty_strided((2, 3), (1, -2)),
     "Storage size calculation overflowed with sizes=[2, 3] and strides=[1, -2]"),
    (lambda m: m.empty_strided((2, 3), (1, 2), dtype=m.int64, requires_grad=True), "can require gradients"),
    (lambda m: m.empty_strided(2, 3), "must be tuple of ints, not int"),
    (lambda m: m.empty_strided((2.0, 3), (1, 2)), "must be tuple of ints, but found element of type float at pos 0"),
    (lambda m: m.empty_permuted((2, 3, 4), (0, 1)), "len(size) = 3 is not equal to len(physical_layout) = 2"),
    (lambda m: m.empty_permuted((2, 3, 4), (0, 1, 1)), "Duplicate dim not allowed"),
    (lambda m: m.empty_permuted((2, 3, 4), (0, 1, 3)),
     "Dimension out of range (expected to be between 0 and 2, but got 3 at index 2).  NB: negative dims"),
    (lambda m: m.empty_permuted((2, 3, 4), (0, 1, -1)), "but got -1 at index 2"),
    (lambda m: m.empty_permuted((2, -1), (1, 0)), "Trying to create tensor with negative dimension -1: [-1, 2]"),
    (lambda m: m.randint_like(m.zeros(2), 5, 3), "random_ expects 'from' to be less than 'to', but got from=5 >= to=3"),
    (lambda m: m.randint_like(m.zeros(2), 0), "but got from=0 >= to=0"),
    (lambda m: m.randint_like(m.zeros(2, dtype=m.uint8), 300), "to - 1 is out of bounds for unsigned char"),
    (lambda m: m.randint_like(m.zeros(2, dtype=m.uint8), -1, 3), "from is out of bounds for unsigned char"),
    (lambda m: m.randint_like(m.zeros(2, dtype=m.bool), 3), "to - 1 is out of bounds for bool"),
    (lambda m: m.randint_like(m.zeros(2), 10.5), "TypeError"),
    (lambda m: m.randint_like(m.zeros(2), 10, dtype=m.int64, requires_grad=True), "can require gradients"),
    (lambda m: m.randint_like(m.zeros(2, 2), 10, memory_format=m.channels_last),
     "required rank 4 tensor to use channels_last format"),
    (lambda m: m.linspace(0, 1, 3.0), "linspace() received an invalid combination of arguments - got (int, int, float)"),
    (lambda m: m.linspace(0, 1, True), "linspace() received an invalid combination of arguments - got (int, int, bool)"),
    (lambda m: m.linspace(0, 1, 3, requires_grad=1), "linspace() received an invalid combination of arguments"),
]
for _name in WINDOWS:
    FACTORY_ERRORS += [
        (lambda m, n=_name: getattr(m, n)(-1), f"{_name} requires non-negative window_length, got window_length=-1"),
        (lambda m, n=_name: getattr(m, n)(4, dtype=m.int64),
         f"{_name} expects floating point dtypes, got: TensorOptions(dtype=long int"),
        (lambda m, n=_name: getattr(m, n)(0, dtype=m.bool), f"{_name} expects floating point dtypes, got: "
                                                             "TensorOptions(dtype=bool"),
        (lambda m, n=_name: getattr(m, n)(4.0), f"{_name}(): argument 'window_length' (position 1) must be int, "
                                                "not float"),
        (lambda m, n=_name: getattr(m, n)(4, 1), "TypeError"),
    ]


@pytest.mark.parametrize("fn,phrase", FACTORY_ERRORS)
def test_factory_errors_match_torch(fn, phrase):
    def call(m):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(m)
    if phrase == "TypeError":
        pb, th = check_error(call)
        assert isinstance(th, TypeError) and isinstance(pb, TypeError)
    else:
        assert_same_error(call, phrase=phrase)


# ------------------------------------------------------------------ range's deprecation, out=
def test_range_warns_its_deprecation_at_the_callers_line():
    records = []
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.range(0, 2)
        records.append([(w.category, str(w.message), w.filename) for w in caught])
    assert records[0] == records[1] and len(records[0]) == 1
    assert records[0][0][2] == __file__ and "torch.range is deprecated" in records[0][0][1]
    for m in (pullback, torch):  # the warning comes first, even where the call then fails
        with pytest.warns(UserWarning, match="deprecated"), pytest.raises(RuntimeError, match="step must be nonzero"):
            m.range(0, 2, 0)


@pytest.mark.parametrize("fn", [
    lambda m, o: m.range(-1, 3, out=o),
    lambda m, o: m.range(0, 1, 0.25 if o.is_floating_point() else 1, out=o),  # (an int step of 0 crashes torch)
    lambda m, o: m.logspace(0, 2, 5, out=o),
    lambda m, o: m.logspace(0, 2, 5, 2.0, out=o),
    lambda m, o: m.linspace(0, 2, 5, out=o),
    lambda m, o: m.zeros(5, out=o),
    lambda m, o: m.full((5,), 2.0, out=o),
])
@pytest.mark.parametrize("dtype,size", [("float64", 3), ("float32", 0), ("int64", 5)])
def test_factories_fill_out_in_its_dtype_and_resize_it_silently(fn, dtype, size):
    outs = {}
    for m in (pullback, torch):
        out = m.zeros(size, dtype=getattr(m, dtype))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert fn(m, out) is out
        assert not [w for w in caught if "deprecated" not in str(w.message)]
        outs[m] = out
    assert_same_tensor(outs[pullback], outs[torch])


@pytest.mark.parametrize("fn,phrase", [
    (lambda m: m.range(0, 2, out=m.empty(3, dtype=m.int64), dtype=m.float32),
     "dtype Float does not match dtype of out parameter (Long)"),
    (lambda m: m.logspace(0, 2, 3, out=m.empty(3), dtype=m.float64),
     "dtype Double does not match dtype of out parameter (Float)"),
    (lambda m: m.zeros(3, out=m.empty(3), dtype=m.int64), "dtype Long does not match dtype of out parameter (Float)"),
    (lambda m: m.logspace(0, 2, 5, out=m.empty(3, requires_grad=True)),
     "aten::logspace(): functions with out=... arguments don't support automatic differentiation"),
    (lambda m: m.range(0, 2, out=m.empty(3, requires_grad=True)), "aten::range(): functions with out=..."),
])
def test_factory_out_errors_match_torch(fn, phrase):
    def call(m):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return fn(m)
    assert_same_error(call, phrase=phrase)


def test_arange_warns_when_it_resizes_a_nonempty_out():
    messages = []
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = m.arange(5.0, out=m.zeros(3))
        messages.append([str(w.message) for w in caught])
        assert tuple(out.shape) == (5,)
    assert len(messages[0]) == 1 and messages[1][0].startswith(messages[0][0])


# ------------------------------------------------------------------ layouts: empty_strided, empty_permuted
LAYOUTS = [
    lambda m: m.empty_strided((2, 3), (1, 2)),
    lambda m: m.empty_strided((2, 3), (3, 1), dtype=m.float64),
    lambda m: m.empty_strided((2, 3), (0, 1)),
    lambda m: m.empty_strided((2, 3), (10, 2), dtype=m.int32),
    lambda m: m.empty_strided((), ()),
    lambda m: m.empty_strided((2, 0), (5, 5)),
    lambda m: m.empty_strided((1,), (-1,)),
    lambda m: m.empty_strided((2, 0), (-1, 1)),
    lambda m: m.empty_strided((1, 2), (-1, 1)),
    lambda m: m.empty_strided([2, 3], [1, 2], requires_grad=True),
    lambda m: m.empty_strided(size=m.Size([2, 3]), stride=[1, 2]),
    lambda m: m.ones(2, dtype=m.float64).new_empty_strided((3, 2), (1, 3)),
    lambda m: m.ones(2, dtype=m.float64).new_empty_strided((3, 2), (1, 3), dtype=m.int32),
    lambda m: m.ones(2).new_empty_strided((3,), (2,), requires_grad=True),
    lambda m: m.empty_permuted((2, 3, 4, 5), (0, 2, 3, 1)),
    lambda m: m.empty_permuted((2, 3, 4), (2, 0, 1), dtype=m.float64),
    lambda m: m.empty_permuted((2, 3, 4), (0, 1, 2)),
    lambda m: m.empty_permuted((), ()),
    lambda m: m.empty_permuted((2, 3), (1, 0), dtype=m.int32),
    lambda m: m.empty_permuted((2, 3), (1, 0), requires_grad=True),
    lambda m: m.empty_permuted((2, 0, 3), (2, 1, 0)),
]


@pytest.mark.parametrize("fn", LAYOUTS)
def test_strided_and_permuted_layouts_match_torch(fn):
    p, t = both(fn)
    assert str(p.dtype) == str(t.dtype) and tuple(p.shape) == tuple(t.shape)
    assert p.stride() == t.stride() and p.is_contiguous() == t.is_contiguous()
    assert p.requires_grad == t.requires_grad and p.is_leaf
    assert not as_numpy(p).any()  # pullback's empty memory is zeros


def test_empty_strided_is_written_and_read_through_its_strides():
    for m in (pullback, torch):
        x = m.empty_strided((2, 3), (1, 2))
        x.copy_(m.arange(6.0).view(2, 3))
        assert x.stride() == (1, 2) and x.T.is_contiguous()
        assert x.reshape(-1).tolist() == list(range(6)) and x.T.reshape(-1).tolist() == [0, 3, 1, 4, 2, 5]


# ------------------------------------------------------------------ asarray and frombuffer: sharing memory
def _facts(t, source=None):
    """What asarray's result shows: layout, autograd state and whether it is, or shares memory with, the source."""
    facts = (str(t.dtype).replace("torch.", ""), tuple(t.shape), t.stride() if t.numel() else None, t.requires_grad,
             t.is_leaf,
             None if t.grad_fn is None else t.grad_fn.name(), as_numpy(t).tolist())
    if source is not None:
        facts += (t is source, t.data_ptr() == source.data_ptr(), source.requires_grad, source.is_leaf)
    return facts


TENSOR_SOURCES = {
    "leaf": lambda m: m.tensor([1.0, 2.0, 3.0], requires_grad=True),
    "computed": lambda m: m.tensor([1.0, 2.0, 3.0], requires_grad=True) * 2,
    "plain": lambda m: m.tensor([[1.0, 2.0], [3.0, 4.0]]).T,
    "integer": lambda m: m.tensor([1, 2]),
}
ASARRAY_OPTIONS = [{}, {"requires_grad": False}, {"requires_grad": True}, {"copy": True},
                   {"copy": True, "requires_grad": False}, {"copy": False}, {"dtype": "float64"},
                   {"dtype": "float64", "copy": True}, {"dtype": "float64", "requires_grad": False},
                   {"dtype": "float32"}, {"device": "cpu"}]


@pytest.mark.parametrize("source", list(TENSOR_SOURCES))
@pytest.mark.parametrize("options", ASARRAY_OPTIONS, ids=str)
def test_asarray_of_a_tensor_aliases_copies_and_sets_requires_grad_as_torch(source, options):
    facts = []
    for m in (pullback, torch):
        kw = {k: getattr(m, v) if k == "dtype" else v for k, v in options.items()}
        src = TENSOR_SOURCES[source](m)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                facts.append(_facts(m.asarray(src, **kw), src))
            except Exception as e:  # noqa: BLE001 - the same refusal is expected of both
                facts.append((type(e).__name__, str(e)))
    assert facts[0] == facts[1]


def test_asarray_copies_without_grad_mode_into_a_leaf():
    facts = []
    for m in (pullback, torch):
        src = m.tensor([1.0, 2.0], requires_grad=True)
        with m.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            facts.append(_facts(m.asarray(src, copy=True), src))
    assert facts[0] == facts[1]


NUMPY_SOURCES = [
    lambda: np.arange(6.0).reshape(2, 3),
    lambda: np.arange(6.0).reshape(2, 3).T,
    lambda: np.arange(12.0).reshape(3, 4)[:, ::2],
    lambda: np.array(2.5),
    lambda: np.arange(4, dtype=np.int32),
    lambda: np.array([True, False]),
]


@pytest.mark.parametrize("make", NUMPY_SOURCES)
@pytest.mark.parametrize("options", [{}, {"copy": True}, {"copy": False}, {"dtype": "float32"},
                                     {"dtype": "float32", "copy": False}, {"requires_grad": True}], ids=str)
def test_asarray_of_a_numpy_array_shares_its_memory_unless_it_must_copy(make, options):
    facts = []
    for m in (pullback, torch):
        a = make()
        kw = {k: getattr(m, v) if k == "dtype" else v for k, v in options.items()}
        try:
            t = m.asarray(a, **kw)
        except Exception as e:  # noqa: BLE001
            facts.append((type(e).__name__, str(e)))
            continue
        facts.append(_facts(t) + (t.data_ptr() == a.__array_interface__["data"][0],))
    assert facts[0] == facts[1]


def test_asarray_writes_reach_the_numpy_array():
    for m in (pullback, torch):
        a = np.zeros((2, 3))
        m.asarray(a)[0, 1] = 5
        m.asarray(a[:, 1:])[1, 0] = 6
        m.asarray(a, copy=True)[1, 2] = 7
        assert a.tolist() == [[0, 5, 0], [0, 6, 0]]


@pytest.mark.parametrize("obj", [
    lambda: [1, 2, 3], lambda: [1.0, 2, 3], lambda: [[1, 2], [3, 4]], lambda: 3, lambda: 3.5, lambda: True,
    lambda: (1, 2),
    lambda: range(3), lambda: [], lambda: np.float32(2.5), lambda: np.int32(2), lambda: [np.float32(2), 3],
    lambda: array.array("d", [1.5, 2.5]), lambda: bytearray(b"\x00\x00\x80\x3f"),
])
@pytest.mark.parametrize("options", [{}, {"dtype": "float64"}, {"copy": True}, {"copy": False},
                                     {"requires_grad": True}], ids=str)
def test_asarray_of_numbers_sequences_and_buffers_matches_torch(obj, options):
    facts = []
    for m in (pullback, torch):
        kw = {k: getattr(m, v) if k == "dtype" else v for k, v in options.items()}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                facts.append(_facts(m.asarray(obj(), **kw)))
            except Exception as e:  # noqa: BLE001
                facts.append((type(e).__name__, str(e)))
    assert facts[0] == facts[1]


def test_asarray_of_a_buffer_shares_it():
    for m in (pullback, torch):
        data = array.array("d", [1.5, 2.5])
        m.asarray(data, dtype=m.float64)[0] = 9
        m.asarray(data, dtype=m.float64, copy=True)[1] = 7
        assert data.tolist() == [9.0, 2.5]


@pytest.mark.parametrize("fn,phrase", [
    (lambda m: m.asarray(np.arange(3.0), dtype=m.float32, copy=False), "can't alias tensor with dtype 'Double' into "
                                                                       "dtype 'Float'."),
    (lambda m: m.asarray(m.tensor([1, 2]), copy=False, dtype=m.float32), "can't alias tensor with dtype 'Long'"),
    (lambda m: m.asarray([1, 2], copy=False), "can't alias arbitrary sequence into a tensor."),
    (lambda m: m.asarray(np.float64(2.0), copy=False), "can't alias NumPy scalars."),
    (lambda m: m.asarray(np.arange(3.0)[::-1]), "At least one stride in the given numpy array is negative"),
    (lambda m: m.asarray(np.arange(3.0)[::-1], copy=True), "tensors with negative strides are not currently supported"),
    (lambda m: m.from_numpy(np.arange(3.0)[::-1]), "At least one stride in the given numpy array is negative"),
    (lambda m: m.as_tensor(np.arange(3.0)[::-1]), "At least one stride in the given numpy array is negative"),
    (lambda m: m.asarray(np.array(["a"])), "can't convert np.ndarray of type"),
    (lambda m: m.asarray("ab"), "new(): invalid data type 'str'"),
    (lambda m: m.asarray([[1, 2], [3]]), "expected sequence of length 2 at dim 1 (got 1)"),
    (lambda m: m.asarray([1, 2], requires_grad=True), "Only Tensors of floating point and complex dtype"),
    (lambda m: m.asarray(m.tensor([1, 2]), requires_grad=True), "Only Tensors of floating point and complex dtype"),
    (lambda m: m.asarray(bytearray(b"ab")), "buffer length (2 bytes) after offset (0 bytes) must be a multiple of "
                                            "element size (4)"),
    (lambda m: m.asarray([1], device="cuda"), "AssertionError"),
])
def test_asarray_errors_match_torch(fn, phrase):
    if phrase == "AssertionError":
        pb, th = check_error(fn)
        assert type(pb).__name__ == type(th).__name__
    else:
        assert_same_error(fn, phrase=phrase)


def _torch_warnings(code):
    """torch's once-per-process warnings, read in a fresh interpreter (here they may have fired already)."""
    run = subprocess.run([sys.executable, "-W", "always", "-c", "import torch, numpy as np\n" + code],
                         capture_output=True, text=True)
    return run.stderr


@pytest.mark.parametrize("name,code,phrase", [
    ("numpy", "a = np.arange(3.0); a.flags.writeable = False\n{m}.from_numpy(a); {m}.asarray(a); {m}.as_tensor(a)",
     "The given NumPy array is not writable, and PyTorch does not support non-writable tensors."),
    ("buffer", "{m}.frombuffer(b'abcd', dtype={m}.uint8); {m}.asarray(b'abcd', dtype={m}.uint8)",
     "The given buffer is not writable, and PyTorch does not support non-writable tensors."),
    ("asarray", "x = {m}.ones(2, requires_grad=True)\n{m}.asarray(x); {m}.asarray(x * 2)",
     "torch.asarray: unspecified requires_grad now defaults to obj.requires_grad instead of False."),
])
def test_not_writable_and_requires_grad_warnings_come_once_per_process(name, code, phrase):
    assert _torch_warnings(code.format(m="torch")).count(phrase) == 1
    pullback._runtime._warned.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(code.format(m="pullback"), {"pullback": pullback, "np": np})
    assert [str(w.message) for w in caught if phrase in str(w.message)] != []
    assert sum(phrase in str(w.message) for w in caught) == 1
    assert all(w.filename == "<string>" for w in caught)


def test_asarray_read_only_array_warns_only_when_it_aliases():
    a = np.arange(3.0)
    a.flags.writeable = False
    for options in ({"copy": True}, {"dtype": pullback.float32}):
        pullback._runtime._warned.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            pullback.asarray(a, **options)


FROMBUFFER = [
    lambda m, b: m.frombuffer(b, dtype=m.int32),
    lambda m, b: m.frombuffer(b, dtype=m.int32, count=2),
    lambda m, b: m.frombuffer(b, dtype=m.int32, count=2, offset=4),
    lambda m, b: m.frombuffer(b, dtype=m.int32, offset=4),
    lambda m, b: m.frombuffer(b, dtype=m.uint8),
    lambda m, b: m.frombuffer(b, dtype=m.float16),
    lambda m, b: m.frombuffer(b, dtype=m.bool, count=3),
    lambda m, b: m.frombuffer(b, dtype=m.float32, requires_grad=True),
    lambda m, b: m.frombuffer(memoryview(b), dtype=m.int16, count=-1, offset=2),
]


@pytest.mark.parametrize("fn", FROMBUFFER)
def test_frombuffer_reads_and_shares_the_buffer(fn):
    results = []
    for m in (pullback, torch):
        b = bytearray(b"\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00")
        t = fn(m, b)
        facts = _facts(t)
        with m.no_grad():
            t[0] = 9
        results.append(facts + (bytes(b),))
    assert results[0] == results[1]


@pytest.mark.parametrize("fn,phrase", [
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, offset=2), "buffer length (10 bytes) after offset (2 bytes) "
                                                                     "must be a multiple of element size (4)"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, count=5), "requested buffer length (5 * 4 bytes) after "
                                                                    "offset (0 bytes) must not be greater than"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, count=0), "both buffer length (12) and count (0) must not "
                                                                    "be 0"),
    (lambda m: m.frombuffer(bytearray(), dtype=m.uint8), "both buffer length (0) and count (-1) must not be 0"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, offset=12), "offset (12 bytes) must be non-negative and no "
                                                                      "greater than buffer length (12 bytes) minus 1"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, offset=-1), "offset (-1 bytes) must be non-negative"),
    (lambda m: m.frombuffer([1, 2], dtype=m.uint8), "object does not implement Python buffer protocol."),
    (lambda m: m.frombuffer(memoryview(bytearray(12))[::2], dtype=m.uint8), "could not retrieve buffer from object"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, requires_grad=True), "can require gradients"),
    (lambda m: m.frombuffer(bytearray(12), dtype=m.int32, count=1.0), "argument 'count' must be int, not float"),
])
def test_frombuffer_errors_match_torch(fn, phrase):
    assert_same_error(fn, phrase=phrase)


# ------------------------------------------------------------------ randint_like
@pytest.mark.parametrize("fn", [
    lambda m, x: m.randint_like(x, 10),
    lambda m, x: m.randint_like(x, 3, 10),
    lambda m, x: m.randint_like(x, low=-3, high=-1),
    lambda m, x: m.randint_like(x, high=4),
    lambda m, x: m.randint_like(x, 10, dtype=m.int64),
    lambda m, x: m.randint_like(x, 2, dtype=m.bool),
    lambda m, x: m.randint_like(x.T, 10),
    lambda m, x: m.randint_like(x.T, 10, memory_format=m.contiguous_format),
    lambda m, x: m.randint_like(x, 10, requires_grad=True),
    lambda m, x: m.randint_like(x, m.tensor(5)),
    lambda m, x: m.randint_like(x.to(m.uint8), 250, 256),
])
def test_randint_like_draws_in_range_with_the_input_layout(fn):
    p, t = both(lambda m: fn(m, m.zeros(20, 30)))
    assert str(p.dtype) == str(t.dtype) and tuple(p.shape) == tuple(t.shape) and p.stride() == t.stride()
    assert p.requires_grad == t.requires_grad
    values, reference = as_numpy(p).astype(np.int64), as_numpy(t).astype(np.int64)
    assert values.min() >= reference.min() - 1 and values.max() <= reference.max() + 1  # same range, 600 draws
    assert len(np.unique(values)) > 1 or len(np.unique(reference)) == 1
    assert np.array_equal(values, np.round(values))


def test_randint_like_follows_the_generator_and_global_seed():
    x = pullback.zeros(4, 5)
    g = pullback.Generator().manual_seed(3)
    a = pullback.randint_like(x, 100, generator=g)
    b = pullback.randint_like(x, 100, generator=pullback.Generator().manual_seed(3))
    assert pullback.equal(a, b)
    pullback.manual_seed(5)
    c = pullback.randint_like(x, 100)
    pullback.manual_seed(5)
    assert pullback.equal(c, pullback.randint_like(x, 100))


def test_randint_like_warns_past_the_float_mantissa_as_torch():
    messages = []
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.randint_like(m.zeros(3), 2 ** 25)
        messages.append([str(w.message) for w in caught])
    assert len(messages[0]) == 1 and messages[0][0] in messages[1][0]


# ------------------------------------------------------------------ builders: graphs and gradients
A = r(2, 3)
BUILDERS = [
    ("diagflat", lambda m, x: m.diagflat(x), [r(3)]),
    ("diagflat_offset", lambda m, x: m.diagflat(x, 2), [A]),
    ("diagflat_negative_offset", lambda m, x: m.diagflat(x, offset=-2), [r(3)]),
    ("diagflat_noncontiguous", lambda m, x: x.T.diagflat(-1), [A]),
    ("diagflat_method", lambda m, x: x.diagflat(offset=1), [r(2, 2, 2)]),
    ("diagflat_0d", lambda m, x: x.diagflat(), [r()]),
    ("diagflat_empty", lambda m, x: m.diagflat(x), [r(0)]),
    ("diagflat_float32", lambda m, x: x.diagflat(1), [r(4, dtype=np.float32)]),
    ("diagflat_int", lambda m, x: m.diagflat(x, 1), [np.arange(6).reshape(2, 3)]),
    ("diagflat_bool", lambda m, x: m.diagflat(x), [np.array([True, False])]),
    ("linalg_vander", lambda m, x: m.linalg.vander(x), [r(3)]),
    ("linalg_vander_N", lambda m, x: m.linalg.vander(x, N=5), [r(3)]),
    ("linalg_vander_N2", lambda m, x: m.linalg.vander(x=x, N=2), [r(4)]),
    ("linalg_vander_batched", lambda m, x: m.linalg.vander(x), [r(2, 2, 3)]),
    ("linalg_vander_0d", lambda m, x: m.linalg.vander(x, N=3), [r()]),
    ("linalg_vander_float32", lambda m, x: m.linalg.vander(x, N=4), [r(3, dtype=np.float32)]),
    ("linalg_vander_int8", lambda m, x: m.linalg.vander(x), [np.arange(4, dtype=np.int8)]),
    ("linalg_vander_int64", lambda m, x: m.linalg.vander(x, N=3), [np.arange(6).reshape(2, 3)]),
    ("combinations", lambda m, x: m.combinations(x), [r(4)]),
    ("combinations_r3", lambda m, x: m.combinations(x, 3), [r(4)]),
    ("combinations_replacement", lambda m, x: m.combinations(x, r=2, with_replacement=True), [r(3)]),
    ("combinations_r1", lambda m, x: m.combinations(x, 1), [r(3)]),
    ("combinations_r_past_n", lambda m, x: m.combinations(x, 4), [r(3)]),
    ("combinations_r0", lambda m, x: m.combinations(x, 0), [r(3)]),
    ("combinations_empty", lambda m, x: m.combinations(x), [r(0)]),
    ("combinations_float32", lambda m, x: m.combinations(input=x, r=2), [r(4, dtype=np.float32)]),
    ("combinations_int", lambda m, x: m.combinations(x, 3, True), [np.arange(3)]),
]


@pytest.mark.parametrize("name,fn,arrays", BUILDERS, ids=[b[0] for b in BUILDERS])
def test_builder_matches_torch(name, fn, arrays):
    check(fn, *arrays)


DIFFERENTIABLE = [b for b in BUILDERS if b[2][0].dtype.kind == "f" and b[2][0].size and b[0] != "combinations_r0"]


@pytest.mark.parametrize("name,fn,arrays", DIFFERENTIABLE, ids=[b[0] for b in DIFFERENTIABLE])
def test_builder_gradients_match_finite_differences(name, fn, arrays):
    gradcheck_fd(fn, *[np.asarray(a, np.float64) for a in arrays])


VANDER = [
    lambda m, x: m.vander(x),
    lambda m, x: m.vander(x, N=2),
    lambda m, x: m.vander(x, 4, True),
    lambda m, x: m.vander(x, increasing=True),
    lambda m, x: m.vander(x, 0),
    lambda m, x: m.vander(x, 1),
    lambda m, x: m.vander(x=x, N=1, increasing=True),
]


@pytest.mark.parametrize("fn", VANDER)
@pytest.mark.parametrize("x", [r(3), r(4, dtype=np.float32), r(2, dtype=np.float16), r(0), np.arange(1, 4),
                               np.arange(3, dtype=np.int32), np.array([True, False])],
                         ids=["float64", "float32", "float16", "empty", "int64", "int32", "bool"])
def test_vander_forward_and_graph_match_torch(fn, x):
    # torch builds vander in place (a cumprod read from the tensor it is written into), so its
    # backward is broken (pytorch/pytorch#60197): the graph, not the gradient, is compared
    check(fn, x, grad=False)


@pytest.mark.parametrize("fn", VANDER[:4])
def test_vander_backward_raises_torchs_inplace_error(fn):
    pb, th = check_error(lambda m, x: fn(m, x).sum().backward(), np.arange(1.0, 4.0))
    assert str(pb) == str(th) and "modified by an inplace operation" in str(pb)


@pytest.mark.parametrize("fn", [
    lambda m, i: m.unravel_index(i, (10, 10, 10, 10)),
    lambda m, i: m.unravel_index(i, [100, 100]),
    lambda m, i: m.unravel_index(i, m.Size([7, 5, 4, 9, 10])),
    lambda m, i: m.unravel_index(i % 17, 17),
    lambda m, i: m.unravel_index(-i, (3, 4)),
    lambda m, i: m.unravel_index(i, ()),
    lambda m, i: m.unravel_index(i.to(m.int32), (12345, 8)),
    lambda m, i: m.unravel_index(i.to(m.uint8), (4, 8, 8)),
    lambda m, i: m.unravel_index(i[0, 0], (50, 200)),
    lambda m, i: m.unravel_index(i[:0], (3, 4)),
])
def test_unravel_index_matches_torch(fn):
    idx = np.array([[4, 1234], [5678, 9999]])
    outs = check(fn, idx)
    assert isinstance(outs, tuple) and not any(o.requires_grad for o in outs)
    assert all(o._base is not None for o in outs)  # unbind's views, as torch's


BUILDER_ERRORS = [
    (lambda m, x: m.diagflat(x, 1.0), "argument 'offset' (position 2) must be int, not float"),
    (lambda m, x: m.vander(x.view(3, 1)), "x must be a one-dimensional tensor."),
    (lambda m, x: m.vander(x.sum()), "x must be a one-dimensional tensor."),
    (lambda m, x: m.vander(x, -1), "N must be non-negative."),
    (lambda m, x: m.vander(x, 2.0), "vander(): argument 'N' (position 2) must be int, not float"),
    (lambda m, x: m.linalg.vander(x, N=1), "N must be greater than 1."),
    (lambda m, x: m.linalg.vander(x[:1]), "N must be greater than 1."),
    (lambda m, x: m.linalg.vander(x.sum()), "N must be greater than 1."),
    (lambda m, x: m.linalg.vander(x[:0]), "N must be greater than 1."),
    (lambda m, x: m.linalg.vander(x, N=3.0), "linalg_vander(): argument 'N' must be int, not float"),
    (lambda m, x: m.linalg.vander(x, 3), "TypeError"),
    (lambda m, x: m.linalg.vander(x > 0), "linalg.vander supports floating point, complex, and integer tensors, but "
                                          "got Bool"),
    (lambda m, x: m.linalg.vander(x.half()), "but got Half"),
    (lambda m, x: m.linalg.vander(x, out=x), "TypeError"),
    (lambda m, x: m.combinations(x, -1), "Expect a non-negative number, but got -1"),
    (lambda m, x: m.combinations(x.view(3, 1)), "Expect a 1D vector, but got shape [3, 1]"),
    (lambda m, x: m.combinations(x.sum()), "Expect a 1D vector, but got shape []"),
    (lambda m, x: m.combinations(x, 2.0), "combinations(): argument 'r' (position 2) must be int, not float"),
    (lambda m, x: m.combinations(x, 2, 1), "argument 'with_replacement' (position 3) must be bool, not int"),
    (lambda m, x: m.unravel_index(x, (3, 4)), "expected 'indices' to be integer dtype, but got torch.float64"),
    (lambda m, x: m.unravel_index(x > 0, (3, 4)), "expected 'indices' to be integer dtype, but got torch.bool"),
    (lambda m, x: m.unravel_index(x.long(), (3.0, 4)), "expected 'shape' sequence to only contain ints, but got "
                                                       "<class 'float'>"),
    (lambda m, x: m.unravel_index(x.long(), None), "expected 'shape' to be int or sequence of ints, but got <class "
                                                   "'NoneType'>"),
    (lambda m, x: m.unravel_index(x.long(), m.tensor([3, 4])), "expected 'shape' to be int or sequence of ints"),
    (lambda m, x: m.unravel_index(x.long(), (3, -4)), "'shape' cannot have negative values, but got (3, -4)"),
    (lambda m, x: m.unravel_index(x.long(), (0, 4)), "ZeroDivisionError"),
]


@pytest.mark.parametrize("fn,phrase", BUILDER_ERRORS)
def test_builder_errors_match_torch(fn, phrase):
    x = np.array([1.0, -2.0, 3.0])
    if phrase == "TypeError":
        pb, th = check_error(fn, x)
        assert isinstance(th, TypeError) and isinstance(pb, TypeError)
    else:
        assert_same_error(fn, x, phrase=phrase)


PLACED = ["arange", "bartlett_window", "blackman_window", "empty", "empty_like", "empty_permuted", "empty_strided",
          "eye", "full", "full_like", "hamming_window", "hann_window", "kaiser_window", "linspace", "logspace", "ones",
          "ones_like", "rand", "rand_like", "randint", "randint_like", "randn", "randn_like", "randperm",
          "scalar_tensor", "tril_indices", "triu_indices", "zeros", "zeros_like"]
PLACED_ARGS = {"empty_like": "x", "ones_like": "x", "zeros_like": "x", "rand_like": "x", "randn_like": "x",
               "full_like": "x, 2.0", "randint_like": "x, 5", "full": "(2,), 1.0", "randint": "5, (2,)",
               "empty_permuted": "(2, 3), (1, 0)", "empty_strided": "(2,), (1,)", "linspace": "0, 1, 3",
               "logspace": "0, 1, 3", "tril_indices": "3, 3", "triu_indices": "3, 3", "scalar_tensor": "1.5",
               }


@pytest.mark.parametrize("name", PLACED)
@pytest.mark.parametrize("options", ["layout={m}.strided", "layout=None, pin_memory=False", "pin_memory=True",
                                     "layout='strided'"])  # (torch words the last as its overloads make it)
def test_factories_take_layout_and_pin_memory_as_torch(name, options):
    outcomes = []  # a layout of the wrong type: torch's message lists the overloads where there are several
    for m in (pullback, torch):
        x = m.ones(2, 3)
        code = f"m.{name}({PLACED_ARGS.get(name, '3')}, {options.format(m='m')})"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = eval(code, {"m": m, "x": x})
            outcomes.append(("ok", tuple(t.shape), str(t.dtype).split(".")[-1]))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, "layout" if "layout='" in options and "layout" in str(e) else str(e)))
    assert outcomes[0] == outcomes[1]


def test_tensor_refuses_pinned_memory_as_torch():
    for m in (pullback, torch):
        with pytest.raises(RuntimeError, match="pin_memory=True requires a CUDA or other accelerator backend"):
            m.tensor([1.0], pin_memory=True)


def test_range_takes_a_strided_layout_only_as_torch():
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert m.range(0, 2, layout=m.strided).tolist() == [0.0, 1.0, 2.0]
            with pytest.raises(TypeError, match="range\\(\\): argument 'layout' must be torch.layout, not NoneType"):
                m.range(0, 2, layout=None)
            with pytest.raises(TypeError):
                m.range(0, 2, pin_memory=False)


EMPTY_LAYOUTS = {
    "zeros(0, 3)": lambda m: m.zeros(0, 3), "zeros(2, 0, 3)": lambda m: m.zeros(2, 0, 3),
    "empty(4, 0)": lambda m: m.empty(4, 0), "arange(0)": lambda m: m.arange(0),
    "empty sum": lambda m: m.zeros(0, 3, 2).sum(2), "empty mm": lambda m: m.mm(m.ones(0, 3), m.ones(3, 2)),
    "empty cat": lambda m: m.cat([m.zeros(0, 2), m.zeros(0, 2)]),
}


@pytest.mark.parametrize("name", list(EMPTY_LAYOUTS))
def test_new_empty_tensors_have_torchs_strides(name):
    ours, theirs = EMPTY_LAYOUTS[name](pullback), EMPTY_LAYOUTS[name](torch)
    assert ours.shape == theirs.shape
    assert ours.stride() == theirs.stride() and ours.is_contiguous() == theirs.is_contiguous()


@pytest.mark.parametrize("value", [np.bool_(True), True, np.float64(0.5), np.float16(0.5), np.int8(3), np.uint8(3),
                                   np.int64(2), np.complex64(2 + 1j), 2, 0.5],
                         ids=lambda v: f"{type(v).__module__}.{type(v).__name__}")
def test_full_reads_a_numpy_scalar_fill_as_torch_parser_does(value):
    """np.bool_ and np.complex64 are floats to torch's parser (so the default dtype), NumPy integers ints."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
        want, got = torch.full((2,), value), pullback.full((2,), value)
    assert str(got.dtype) == str(want.dtype)
    assert got.tolist() == want.tolist()
