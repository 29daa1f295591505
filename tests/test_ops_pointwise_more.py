"""heaviside, gcd, lcm, ldexp, frexp, nextafter, the bit shifts, the complex-number API on real
tensors and the is_* predicates against torch: values, dtypes, node names, first- and
second-order gradients, finite differences, in-place forms, out= and errors. Also the in-place
comparison aliases, copysign_ and float_power_."""
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import pullback
from oracle import assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(7)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def ints(*shape, low=-20, high=21, dtype=np.int64):
    return RNG.integers(low, high, shape).astype(dtype)


SPECIALS = np.array([-1.5, 0.0, -0.0, 2.0, np.nan, np.inf, -np.inf, 1e-310, 3.0, -7.25])
FLOATS = ["float32", "float64", "float16"]
INTS = ["int64", "int32", "int16", "int8", "uint8"]


def nonleaf(x):
    return x * 1  # a non-leaf copy, so an in-place op on it is recorded


# ================================================================= heaviside
@pytest.mark.parametrize("dtype", FLOATS + ["int64", "uint8", "bool"])
def test_heaviside_values_and_dtypes(dtype):
    x = SPECIALS[:8].astype(dtype) if dtype != "uint8" else np.array([0, 3, 0, 250], np.uint8)
    x = x if dtype != "bool" else np.array([True, False, True, False])
    values = np.array(1 if dtype in ("uint8", "bool") else 0.5).astype(dtype)
    check(lambda m, x, v: m.heaviside(x, v), x, values, requires_grad=(False, False))
    check(lambda m, x, v: x.heaviside(values=v), x, x[::-1].copy(), requires_grad=(False, False))


@pytest.mark.parametrize("shapes", [((2, 3), (3,)), ((2, 1), (1, 3)), ((), (4,))], ids=str)
def test_heaviside_broadcasts_and_records_a_node_without_derivative(shapes):
    x = np.round(r(*shapes[0]))  # some exact zeros
    out = check(lambda m, x, v: m.heaviside(x, v), x, r(*shapes[1]), grad=False)
    assert out.grad_fn.name() == "torch::autograd::NotImplemented"
    assert_same_error(lambda m, x, v: m.heaviside(x, v).sum().backward(), x, r(*shapes[1]),
                      phrase="derivative for aten::heaviside is not implemented")


def test_heaviside_in_place_and_out():
    def inplace(m, x, v):
        y = nonleaf(x)
        assert y.heaviside_(v) is y
        return y
    out = check(inplace, np.array([-1.0, 0.0, 2.0]), np.array(0.25), grad=False)
    assert out.grad_fn.name() == "torch::autograd::NotImplemented"

    def with_out(m):
        o = m.empty(0, dtype=m.float64)
        assert m.heaviside(m.tensor([-1.0, 0.0, 3.0], dtype=m.float64), m.tensor(0.5, dtype=m.float64), out=o) is o
        return o
    check(with_out)


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.heaviside(x, m.tensor(0.5, dtype=m.float32)), "not yet implemented for tensors with different"),
    (lambda m, x: m.heaviside(x.int(), m.tensor([1])), "not yet implemented for tensors with different dtypes"),
    (lambda m, x: m.heaviside(x.detach(), x.detach(), out=m.empty(3)), "with different dtypes"),
    (lambda m, x: m.heaviside(x, 0.5), "argument 'values' (position 2) must be Tensor, not float"),
    (lambda m, x: m.heaviside(x, m.ones(2, dtype=m.float64)), "must match the size of tensor b (2)"),
    (lambda m, x: x.detach().heaviside_(m.ones(2, 3, dtype=m.float64)), "doesn't match the broadcast shape"),
])
def test_heaviside_errors(fn, phrase):
    assert_same_error(fn, np.array([-1.0, 0.0, 2.0]), phrase=phrase)


# ================================================================= gcd, lcm
@pytest.mark.parametrize("name", ["gcd", "lcm"])
@pytest.mark.parametrize("dtypes", [("int64", "int64"), ("int32", "int64"), ("uint8", "uint8"), ("int16", "int8"),
                                    ("uint8", "int8")])
def test_gcd_lcm_values_and_promotion(name, dtypes):
    a = np.array([12, -18, 0, 7, 0, 9, -4, 100]).astype(dtypes[0])
    b = np.array([8, 12, 5, 0, 0, -6, 6, 3]).astype(dtypes[1])
    check(lambda m, a, b: getattr(m, name)(a, b), a, b)
    check(lambda m, a, b: getattr(a, name)(b), a.reshape(2, 4), b[:4].copy())  # broadcast


@pytest.mark.parametrize("name", ["gcd", "lcm"])
def test_gcd_lcm_in_place_and_out(name):
    def inplace(m, a, b):
        y = a.clone()
        assert getattr(y, name + "_")(b) is y
        assert getattr(m, name + "_")(y, b) is y  # torch.gcd_ too
        return y
    check(inplace, ints(2, 3, dtype=np.int32), ints(3))

    def with_out(m, a, b):
        o = m.empty(0, dtype=m.float64)  # an integer result may be written into a float tensor
        assert getattr(m, name)(a, b, out=o) is o
        return o
    check(with_out, ints(2, 3), ints(3))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, a: m.gcd(a.float(), a.float()), "\"gcd_cpu\" not implemented for 'Float'"),
    (lambda m, a: m.lcm(a > 0, a > 0), "\"lcm_cpu\" not implemented for 'Bool'"),
    (lambda m, a: m.gcd(a, a.double()), "\"gcd_cpu\" not implemented for 'Double'"),
    (lambda m, a: m.gcd(a, 3), "argument 'other' (position 2) must be Tensor, not int"),
    (lambda m, a: a.clone().gcd_(a.float()), "result type Float can't be cast to the desired output type Long"),
    (lambda m, a: m.lcm(a, a, out=m.empty(3, dtype=m.bool)), "result type Long can't be cast to the desired output"),
    (lambda m, a: m.gcd(a, a[:2]), "must match the size of tensor b (2)"),
])
def test_gcd_lcm_errors(fn, phrase):
    assert_same_error(fn, np.array([4, 6, 9]), phrase=phrase)


def test_failed_in_place_leaves_the_tensor_unchanged():
    a = pullback.tensor([4, 6, 9])
    for bad in (lambda: a.gcd_(a.float()), lambda: a.bitwise_left_shift_(1.5), lambda: a.ldexp_(a)):
        with pytest.raises(RuntimeError):
            bad()
    assert a.tolist() == [4, 6, 9] and a._version == 0


# ================================================================= ldexp
EXPONENTS = np.array([[1, -2, 0, 7], [30, -30, 3, -1]])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_ldexp_integer_exponent_graph_and_gradients(dtype):
    # torch's self-gradient is grad * pow(2, other): an integer power, 0 for a negative exponent
    out = check(lambda m, x, e: m.ldexp(x, e), r(2, 4, dtype=dtype), EXPONENTS)
    assert out.grad_fn.name() == "LdexpBackward0" and out.dtype == getattr(pullback, dtype)


def test_ldexp_float_exponent_gradients_and_second_order():
    check(lambda m, x, e: m.ldexp(x, e), r(2, 3), r(2, 3))
    check(lambda m, x, e: x.ldexp(e), r(2, 3), r(3))
    check(lambda m, x, e: m.ldexp(x, e), r(3, dtype=np.float32), r(2, 1))
    gradcheck_fd(lambda m, x, e: m.ldexp(x, e), r(2, 3), r(3))
    gradcheck_fd(lambda m, x, e: m.ldexp(x, e) * m.ldexp(e, x), r(3), r(3))


@pytest.mark.parametrize("x_dtype, e_dtype", [("float16", "int64"), ("float32", "int32"), ("int64", "int64"),
                                              ("bool", "bool"), ("int32", "float64"), ("float16", "float32"),
                                              ("uint8", "float16")])
def test_ldexp_dtypes(x_dtype, e_dtype):
    x = np.array([-1.5, 0.0, 2.0, 3.0, 1.0]).astype(x_dtype)
    e = np.array([1, 2, 3, 0, 1]).astype(e_dtype) if e_dtype != "float16" else np.array([0.5, 1, -1.5, 2, 0], e_dtype)
    check(lambda m, x, e: m.ldexp(x, e), x, e, requires_grad=(False, False))
    # a 0-d exponent does not widen the result (second order: half rounds differently along the way)
    check(lambda m, x, e: m.ldexp(x, e[0]), x, e, gradgrad="float16" not in (x_dtype, e_dtype))


def test_ldexp_scales_exactly_beyond_the_float_range_of_two_to_the_power():
    """An integer exponent is an exact scaling (2 ** 140 alone would overflow float32), cast to a C int."""
    x = np.array([1e-40, 1024.0, 3.0, 3.0, 3.0, np.inf, 0.0, 2.0 ** -1000])
    e = np.array([140, -150, 2 ** 40, 2 ** 31 + 3, 200, -1000, 1000, 1100])
    for dtype in ("float32", "float64"):
        check(lambda m, x, e: m.ldexp(x, e), x.astype(dtype), e, requires_grad=(False, False))
    check(lambda m, x, e: m.ldexp(x, e), np.array([3.0, 0.0, 3.0], np.float32), np.array([np.inf, np.inf, np.nan]),
          requires_grad=(False, False))


def test_ldexp_in_place_and_out():
    def inplace(m, x, e):
        y = nonleaf(x)
        assert y.ldexp_(e) is y
        return y
    check(inplace, r(2, 3), r(3))
    check(inplace, r(2, 3), ints(2, 3, low=-3, high=4))
    check(lambda m, x: m.ldexp_(x.double(), m.tensor([2, 3])), np.array([1.0, 2.0]), requires_grad=(False,))

    def with_out(m, x, e):
        o = m.empty(0)
        assert m.ldexp(x, e, out=o) is o
        return o
    check(with_out, r(2, 2, dtype=np.float32), ints(2, 2, low=-3, high=4), requires_grad=(False, False))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: x.long().ldexp_(x.long()), "ldexp can't be cast to the desired output type Long"),
    (lambda m, x: m.ldexp(x.detach(), x.long(), out=m.empty(3, dtype=m.int32)), "ldexp can't be cast to the desired"),
    (lambda m, x: m.ldexp(x, 2), "argument 'other' (position 2) must be Tensor, not int"),
    (lambda m, x: m.ldexp(x, x[:2]), "must match the size of tensor b (2)"),
    (lambda m, x: m.ldexp(x, x.long(), out=m.empty(3)), "don't support automatic differentiation"),
])
def test_ldexp_errors(fn, phrase):
    assert_same_error(fn, np.array([1.0, 2.0, 3.0]), phrase=phrase)


# ================================================================= frexp
@pytest.mark.parametrize("dtype", FLOATS)
def test_frexp_values(dtype):
    values = SPECIALS.astype(dtype)
    mantissa, exponent = check(lambda m, x: m.frexp(x), values, requires_grad=(False,))
    assert exponent.dtype == pullback.int32 and mantissa.dtype == getattr(pullback, dtype)
    check(lambda m, x: x.frexp(), values.reshape(2, 5)[:, ::2], requires_grad=(False,))


@pytest.mark.parametrize("shape", [(), (0,), (2, 3)], ids=str)
def test_frexp_gradients(shape):
    result = check(lambda m, x: m.frexp(x), r(*shape) * 40)
    assert result.mantissa.grad_fn.name() == "FrexpBackward0" and not result.exponent.requires_grad
    assert type(result).__name__ == "frexp" and result._fields == ("mantissa", "exponent")
    assert repr(result).startswith("torch.return_types.frexp(")
    if shape:
        gradcheck_fd(lambda m, x: m.frexp(x)[0] * x, r(*shape) * 40)
    # a float32 input, the exponent's saved tensor and second order through a recorded gradient
    check(lambda m, x: m.frexp(x * x).mantissa, r(3, dtype=np.float32) * 5)
    assert result.mantissa.grad_fn._saved_exponent.dtype == pullback.int32


def test_frexp_out():
    def fn(m, x):
        mantissa, exponent = m.empty(0), m.empty(0, dtype=m.int32)
        res = m.frexp(x, out=(mantissa, exponent))
        assert res.mantissa is mantissa and res.exponent is exponent
        assert repr(res).startswith("torch.return_types.frexp_out(")
        return res
    check(fn, r(2, 3, dtype=np.float32), requires_grad=(False,))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.frexp(x.long()), "torch.frexp() only supports floating-point dtypes"),
    (lambda m, x: m.frexp(x, out=(m.empty(0), m.empty(0, dtype=m.long))),
     "torch.frexp() expects exponent to have int dtype but got long int"),
    (lambda m, x: m.frexp(x, out=(m.empty(0), m.empty(0))), "expects exponent to have int dtype but got float"),
    (lambda m, x: m.frexp(x, out=(m.empty(0, dtype=m.float64), m.empty(0, dtype=m.int32))),
     "torch.frexp() expects mantissa to have dtype float but got double"),
])
def test_frexp_errors(fn, phrase):
    assert_same_error(fn, np.array([1.0, 2.0, 3.0], np.float32), phrase=phrase, requires_grad=(False,))


# ================================================================= nextafter
@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("float64", "float64"), ("float16", "float16"),
                                    ("float32", "float64"), ("float16", "float32"), ("float32", "int64")])
def test_nextafter_values_and_promotion(dtypes):
    x = SPECIALS[:8].astype(dtypes[0])
    other = np.array([0.5, 1.0, -1.0, 2.0, 0.0, 0.0, 0.0, -1.0]).astype(dtypes[1])
    check(lambda m, x, o: m.nextafter(x, o), x, other, requires_grad=(False, False))
    check(lambda m, x, o: x.nextafter(o[0]), x, other, requires_grad=(False, False))


def test_nextafter_gradients():
    x = r(2, 3)
    other = x.copy()
    other[0] += 1  # equal in the second row: the gradient is 0 there
    out = check(lambda m, x, o: m.nextafter(x, o), x, other)
    assert out.grad_fn.name() == "NextafterBackward0"
    check(lambda m, x, o: m.nextafter(x * x, o), r(3, dtype=np.float32), r(2, 1, dtype=np.float32))
    gradcheck_fd(lambda m, x, o: m.nextafter(x, o), x[0], other[0])  # (torch's 0 where equal is no limit)


def test_nextafter_in_place_and_out():
    def inplace(m, x, o):
        y = nonleaf(x)
        assert y.nextafter_(o) is y
        return y
    check(inplace, r(2, 3), r(3))
    check(inplace, r(2, 3, dtype=np.float32), r(3))  # computed in float64, written back as float32

    def with_out(m, x, o):
        out = m.empty(0, dtype=m.float64)
        assert m.nextafter(x, o, out=out) is out
        return out
    check(with_out, r(3, dtype=np.float32), r(3, dtype=np.float32), requires_grad=(False, False))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.nextafter(x.long(), x.long()), "\"nextafter_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.nextafter(x > 0, x > 0), "\"nextafter_cpu\" not implemented for 'Bool'"),
    (lambda m, x: m.nextafter(x, 1.0), "argument 'other' (position 2) must be Tensor, not float"),
])
def test_nextafter_errors(fn, phrase):
    assert_same_error(fn, np.array([1.0, 2.0]), phrase=phrase)


# ================================================================= bit shifts
@pytest.mark.parametrize("dtype", INTS)
@pytest.mark.parametrize("name", ["bitwise_left_shift", "bitwise_right_shift"])
def test_shifts_by_every_amount(name, dtype):
    """Amounts negative, within and beyond the width: torch's 0 (or sign fill for >> of signed ints)."""
    x = np.array([1, -2, 3, 127, -128, 0, 5, -1]).astype(dtype)[:, None]
    amounts = np.array([-1, 0, 1, 3, 7, 8, 15, 16, 31, 32, 63, 64, 70]).astype(dtype)
    check(lambda m, x, s: getattr(m, name)(x, s), x, amounts)
    for amount in (-1, 2, 9, 300):
        check(lambda m, x: getattr(x, name)(amount), x)
    check(lambda m, s: getattr(m, name)(3, s), amounts)  # a number shifted by a tensor


@pytest.mark.parametrize("dtypes", [("uint8", "int8"), ("int8", "uint8"), ("int16", "int8"), ("bool", "int64"),
                                    ("int32", "int64")])
def test_shift_promotion(dtypes):
    x = np.array([3, 1, 0, 1]).astype(dtypes[0])
    s = np.array([1, 2, 3, 4]).astype(dtypes[1])
    check(lambda m, x, s: m.bitwise_left_shift(x, s), x, s)
    check(lambda m, x, s: m.bitwise_right_shift(s, x), x, s)


@settings(max_examples=40, deadline=None)
@given(dtype=st.sampled_from(INTS), values=st.lists(st.integers(-2 ** 31, 2 ** 31), min_size=1, max_size=6),
       amount=st.integers(-3, 70))
def test_shift_property(dtype, values, amount):
    x = np.array(values, np.int64).astype(dtype)
    for op in ("__lshift__", "__rshift__"):
        np.testing.assert_array_equal(getattr(pullback.tensor(x), op)(amount).numpy(),
                                      getattr(torch.tensor(x), op)(amount).numpy())


def test_shift_operators():
    def fn(m, x, s):
        a = x << 2
        b = x >> s
        c = 3 << s
        d = 100 >> s
        e = x.clone()
        e <<= s
        e >>= 1
        return a, b, c, d, e
    check(fn, ints(2, 3, dtype=np.int32), ints(3, low=0, high=6))
    x = pullback.tensor([1, 2])
    assert x.__lshift__("a") is NotImplemented and x.__rrshift__([1]) is NotImplemented
    with pytest.raises(TypeError):
        x << [1]
    with pytest.raises(TypeError):
        [1] >> x


def test_shift_in_place_and_out():
    def inplace(m, x, s):
        y = x.clone()
        assert y.bitwise_left_shift_(s) is y and y.bitwise_right_shift_(1) is y
        return y
    check(inplace, ints(2, 3, dtype=np.int16), ints(3, low=0, high=4))

    def with_out(m, x):
        o = m.empty(0, dtype=m.float64)
        assert m.bitwise_left_shift(x, 1, out=o) is o
        return o
    check(with_out, ints(4))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.bitwise_left_shift(x.float(), 1), "\"lshift_cpu\" not implemented for 'Float'"),
    (lambda m, x: x >> x.double(), "\"rshift_cpu\" not implemented for 'Double'"),
    (lambda m, x: x << 2.5, "\"lshift_cpu\" not implemented for 'Float'"),
    (lambda m, x: 2.5 >> x, "\"rshift_cpu\" not implemented for 'Float'"),
    (lambda m, x: m.bitwise_left_shift(x > 0, x > 0), "\"lshift_cpu\" not implemented for 'Bool'"),
    (lambda m, x: x.clone().bitwise_left_shift_(1.5), "result type Float can't be cast to the desired output type"),
    (lambda m, x: x.int().__ilshift__(x.float()), "result type Float can't be cast to the desired output type Int"),
    (lambda m, x: m.bitwise_right_shift(x, x[:2]), "must match the size of tensor b (2)"),
    (lambda m, x: m.bitwise_left_shift(3, 2), "bitwise_left_shift() received an invalid combination of arguments"),
])
def test_shift_errors(fn, phrase):
    assert_same_error(fn, np.array([4, 6, 9]), phrase=phrase)


# ================================================================= comparison aliases, copysign_, float_power_
COMPARISONS_IN_PLACE = {"greater_": "Gt", "greater_equal_": "Ge", "less_": "Lt", "less_equal_": "Le",
                        "not_equal_": "Ne", "gt_": "Gt", "ge_": "Ge", "lt_": "Lt", "le_": "Le", "ne_": "Ne",
                        "eq_": "Eq"}


@pytest.mark.parametrize("name", sorted(COMPARISONS_IN_PLACE))
def test_in_place_comparisons_record_a_zero_gradient(name):
    def fn(m, x, o):
        y = nonleaf(x)
        z = nonleaf(x)
        assert getattr(y, name)(o) is y and getattr(z, name)(0.1) is z
        return y, z
    y, z = check(fn, np.round(r(2, 3)), np.round(r(3)))
    node = COMPARISONS_IN_PLACE[name]
    assert (y.grad_fn.name(), z.grad_fn.name()) == (f"{node}Backward1", f"{node}Backward0")
    assert getattr(pullback.Tensor, name).__name__ == name
    check(lambda m, a, b: getattr(a.clone(), name)(b), ints(2, 3), ints(3))  # integers: nothing recorded


def test_copysign_in_place():
    def fn(m, x, o):
        y, z = nonleaf(x), nonleaf(x)
        assert y.copysign_(o) is y and z.copysign_(-2) is z
        return y, z
    y, z = check(fn, r(2, 3), r(3))
    assert (y.grad_fn.name(), z.grad_fn.name()) == ("CopysignBackward0", "CopysignBackward1")
    gradcheck_fd(lambda m, x, o: nonleaf(x).copysign_(o), r(2, 3), r(3))
    assert_same_error(lambda m, x: m.tensor([1, 2]).copysign_(-1), np.zeros(1),
                      phrase="result type Float can't be cast to the desired output type Long")


def test_float_power_in_place():
    def fn(m, x, v):
        y, z = x.double(), x.double() + 1
        assert y.float_power_(v) is y and z.float_power_(2) is z
        return y, z
    y, z = check(fn, np.abs(r(2, 3, dtype=np.float32)) + 0.5, r(3, dtype=np.float32))
    assert (y.grad_fn.name(), z.grad_fn.name()) == ("PowBackward1", "PowBackward0")
    check(lambda m, x: nonleaf(x).float_power_(m.tensor([1, 2, 3])), np.abs(r(3)) + 0.5)
    for base in (lambda m: m.ones(2), lambda m: m.ones(2, dtype=m.long)):
        assert_same_error(lambda m, x: base(m).float_power_(2), np.zeros(1),
                          phrase="the base given to float_power_ has dtype")


def test_integer_pow_with_negative_exponents_is_torch_s():
    """An integer base to a negative integer tensor power: 1 for 1, +-1 for -1, 0 otherwise (torch)."""
    base = np.array([2, 1, -1, 0, -1, 3, -2])
    exponent = np.array([-2, -2, -3, -1, -2, 2, -1])
    check(lambda m, a, b: m.pow(a, b), base, exponent)
    check(lambda m, b: m.pow(2, b), exponent)
    check(lambda m, b: m.pow(-1, b), exponent)
    check(lambda m, b: m.pow(2, b), exponent.astype(np.uint8))


# ================================================================= the complex-number API on real tensors
ALL_DTYPES = FLOATS + ["int64", "int32", "uint8", "bool"]


def _sample(dtype):
    if dtype == "bool":
        return np.array([True, False, True])
    if dtype == "uint8":
        return np.array([0, 3, 250], np.uint8)
    return SPECIALS[:7].astype(dtype) if dtype in FLOATS else np.array([-3, 0, 5]).astype(dtype)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_angle_values_and_dtypes(dtype):
    out = check(lambda m, x: m.angle(x), _sample(dtype), requires_grad=(False,))
    assert out.dtype == (getattr(pullback, dtype) if dtype in FLOATS else pullback.float32)
    check(lambda m, x: x.angle(), _sample(dtype).reshape(1, -1).repeat(2, 0)[:, ::2], requires_grad=(False,))


def test_angle_default_dtype_and_layout():
    for m in (torch, pullback):
        m.set_default_dtype(m.float64)
        try:
            assert m.angle(m.tensor([1, -1])).dtype == m.float64
        finally:
            m.set_default_dtype(m.float32)
    for x in (pullback.zeros(3, 4).t(), torch.zeros(3, 4).t()):
        assert x.angle().stride() == (1, 4) and x.isreal().stride() == (1, 4)


def test_angle_gradient_is_zero_and_saves_self():
    out = check(lambda m, x: m.angle(x * 2), r(2, 3))
    assert out.grad_fn.name() == "AngleBackward0"
    check(lambda m, x: m.angle(x), r(3, dtype=np.float32))
    gradcheck_fd(lambda m, x: m.angle(x) + x, r(2, 3))  # (away from 0, where angle jumps)
    assert_same_error(lambda m, x: _backward_after(x * 1, m.angle, lambda y: y.add_(1)), r(3),
                      phrase="modified by an inplace operation")

    def with_out(m, x):
        o = m.empty(0, dtype=m.float64)
        assert m.angle(x, out=o) is o
        return o
    check(with_out, np.array([-2, 0, 3]))


def _backward_after(y, op, change):
    out = op(y)
    change(y)
    out.sum().backward()


@pytest.mark.parametrize("name", ["real", "conj", "conj_physical", "resolve_conj", "resolve_neg"])
def test_identities_of_a_real_tensor(name):
    def fn(m, x):
        y = x * 2
        out = getattr(m, name)(y)
        assert out is y and (getattr(y, name) if name == "real" else getattr(y, name)()) is y
        return out
    out = check(fn, r(2, 3))
    assert out.grad_fn.name() == "MulBackward0"
    for dtype in ALL_DTYPES:
        check(lambda m, x: getattr(m, name)(x), _sample(dtype), requires_grad=(False,))
    assert_same_error(lambda m, x: getattr(m, name)(3), np.zeros(1),
                      phrase=f"{name}(): argument 'input' (position 1) must be Tensor, not int")


def test_real_is_settable_and_imag_refuses():
    def fn(m, x, v):
        y = x.clone()
        y.real = v
        assert y._version == 1
        z = x.clone()
        z.real = 5
        return y, z
    check(fn, r(2, 3), r(3), requires_grad=(False, False))
    phrase = "imag is not implemented for tensors with non-complex dtypes."
    for dtype in ALL_DTYPES:
        assert_same_error(lambda m, x: m.imag(x), _sample(dtype), phrase=phrase)
        assert_same_error(lambda m, x: x.imag, _sample(dtype), phrase=phrase)

    def set_imag(m, x):
        x.imag = x
    assert_same_error(set_imag, r(2), phrase=phrase, requires_grad=(False,))


def test_conj_physical_in_place_records_its_node():
    def fn(m, x):
        y = x * 2
        assert y.conj_physical_() is y and y._version == 1
        base = x * 3
        base[0].conj_physical_()  # through a view: CopySlices
        return y, base
    y, base = check(fn, r(2, 3))
    assert y.grad_fn.name() == "ConjPhysicalBackward1" and base.grad_fn.name() == "torch::autograd::CopySlices"
    gradcheck_fd(lambda m, x: (x * 2).conj_physical_(), r(2, 3))

    def no_grad(m, x):
        assert m.conj_physical_(x) is x and x._version == 1
        return x
    check(no_grad, ints(3))
    assert_same_error(lambda m, x: x.conj_physical_(), r(3),
                      phrase="a leaf Variable that requires grad is being used in an in-place operation.")


def test_conj_physical_out():
    def fn(m, x):
        o = m.empty(0, dtype=m.int64)
        assert m.conj_physical(x, out=o) is o
        return o
    check(fn, ints(2, 3))
    assert_same_error(lambda m, x: m.conj_physical(x, out=m.empty(3, dtype=m.float64)), ints(3),
                      phrase="Found dtype Double but expected Long")
    assert_same_error(lambda m, x: m.conj_physical(x.detach(), out=m.empty(3, dtype=m.float64)),
                      r(3, dtype=np.float32), phrase="Found dtype Double but expected Float")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_predicates_of_a_real_tensor(dtype):
    def fn(m, x):
        return (m.is_complex(x), x.is_complex(), m.is_conj(x), x.is_conj(), m.is_neg(x), x.is_neg(),
                m.is_signed(x), x.is_signed(), m.isreal(x), x.isreal())
    check(fn, _sample(dtype), requires_grad=(False,))
    check(lambda m, x: m.isreal(x), r(2, 3))  # bool: never requires grad


@pytest.mark.parametrize("value", [np.array(0.0), np.array([1.5]), np.array([[0]]), np.array(np.nan),
                                   np.array(False), np.array([True]), np.array([-0.0])], ids=repr)
def test_is_nonzero(value):
    check(lambda m, x: (m.is_nonzero(x), x.is_nonzero()), value, requires_grad=(False,))


@pytest.mark.parametrize("value, phrase", [
    (np.array([1.0, 2.0]), "Boolean value of Tensor with more than one value is ambiguous"),
    (np.zeros(0), "Boolean value of Tensor with no values is ambiguous"),
    (np.zeros((0, 3)), "Boolean value of Tensor with no values is ambiguous"),
])
def test_is_nonzero_errors(value, phrase):
    assert_same_error(lambda m, x: m.is_nonzero(x), value, phrase=phrase)
    assert_same_error(lambda m, x: x.is_nonzero(), value, phrase=phrase)


def test_is_same_size():
    def fn(m, x, y):
        return (m.is_same_size(x, y), x.is_same_size(y), m.is_same_size(x, y.t()),
                m.is_same_size(x, other=x.long()), x.is_same_size(m.zeros(1, 2, 3)))
    check(fn, r(2, 3), r(3, 2))


@pytest.mark.parametrize("name", ["is_complex", "is_conj", "is_neg", "is_signed", "is_nonzero", "isreal", "angle",
                                  "adjoint"])
def test_predicates_want_a_tensor(name):
    assert_same_error(lambda m, x: getattr(m, name)(3), np.zeros(1),
                      phrase=f"{name}(): argument 'input' (position 1) must be Tensor, not int")
    assert_same_error(lambda m, x: m.is_same_size(x, 3), np.zeros(1),
                      phrase="is_same_size(): argument 'other' (position 2) must be Tensor, not int")


# ================================================================= adjoint, H, mH
@pytest.mark.parametrize("shape", [(2, 3), (4, 2, 3), (1, 1)], ids=str)
def test_adjoint_and_mH_transpose_the_last_two_dims(shape):
    def fn(m, x):
        y = x * 1
        a, b, c = m.adjoint(y), y.adjoint(), y.mH
        assert a._base is y and c._base is y  # views
        return (a, b, c, y.H) if len(shape) == 2 else (a, b, c)
    outs = check(fn, r(*shape))
    assert {o.grad_fn.name() for o in outs} == {"TransposeBackward0"}
    gradcheck_fd(lambda m, x: m.adjoint(x) * 2, r(*shape))


def test_H_mH_adjoint_of_a_0d_tensor_warn_once_and_return_it():
    # torch warns once per process (TORCH_WARN_ONCE): its messages are read in a fresh interpreter
    code = ("import warnings, torch\nwarnings.simplefilter('always')\ns = torch.tensor(2.)\n"
            "with warnings.catch_warnings(record=True) as w:\n"
            "    assert s.H is s and s.H is s and s.mH is s and s.adjoint() is s and torch.adjoint(s) is s\n"
            "print('|'.join(str(x.message).split(' (Triggered')[0] for x in w))")
    torch_messages = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    pullback._runtime._warned.clear()
    s = pullback.tensor(2.0)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert s.H is s and s.H is s and s.mH is s and s.adjoint() is s and pullback.adjoint(s) is s
    assert "|".join(str(x.message) for x in w) == torch_messages
    assert torch_messages.count("deprecated on 0-D tensors") == 3


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: x.H, "tensor.H is only supported on matrices (2-D tensors). Got 1-D tensor."),
    (lambda m, x: x.reshape(1, 1, 3).H, "Got 3-D tensor. For batches of matrices, consider using tensor.mH"),
    (lambda m, x: x.mH, "tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor."),
    (lambda m, x: x.adjoint(), "tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D"),
    (lambda m, x: m.adjoint(x), "tensor.adjoint() is only supported on matrices or batches of matrices. Got 1-D"),
])
def test_adjoint_errors(fn, phrase):
    assert_same_error(fn, r(3), phrase=phrase)


COVERED = ["heaviside", "gcd", "lcm", "ldexp", "frexp", "nextafter", "bitwise_left_shift", "bitwise_right_shift",
           "angle", "real", "imag", "conj", "conj_physical", "resolve_conj", "resolve_neg", "isreal", "adjoint",
           "is_complex", "is_conj", "is_neg", "is_signed", "is_nonzero", "is_same_size", "fill"]


@pytest.mark.parametrize("fn", [lambda m, x, v: m.fill(x, 2.5), lambda m, x, v: m.fill(x, v),
                                lambda m, x, v: m.fill(x.float(), v.float())])
def test_fill_out_of_place(fn):
    check(fn, r(2, 3), np.array(1.5))
    gradcheck_fd(lambda m, x, v: fn(m, x, v).double(), r(2, 3), np.array(1.5), eps=1e-3, atol=1e-3, rtol=1e-3)


@pytest.mark.parametrize("fn", [lambda m, x: m.fill(x, m.tensor([1.0, 2.0])),
                                lambda m, x: x.detach().fill_(m.tensor([1.0, 2.0]))])
def test_fill_takes_a_zero_dim_value_tensor_only(fn):
    assert_same_error(fn, r(2), phrase="fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions.")


def test_forward_mode_tangents_match_torch():
    """The dual numbers' tangents come from the same formulas (ldexp's integer power quirk included)."""
    x, t, e = np.array([1.5, -2.0, 3.0]), np.array([0.1, 0.2, 0.3]), np.array([1.0, 2.0, -1.0])
    fns = [lambda m, d: m.ldexp(d, m.tensor(e)), lambda m, d: m.ldexp(d, m.tensor([1, -2, 3])),
           lambda m, d: m.ldexp(m.tensor(e), d), lambda m, d: m.nextafter(d, m.tensor(e)),
           lambda m, d: m.frexp(d)[0], lambda m, d: m.angle(d), lambda m, d: d.reshape(3, 1).adjoint(),
           lambda m, d: (d * 1).conj_physical_()]
    for fn in fns:
        tangents = []
        for m in (torch, pullback):
            with m.autograd.forward_ad.dual_level():
                out = fn(m, m.autograd.forward_ad.make_dual(m.tensor(x), m.tensor(t)))
                tangents.append(np.asarray(m.autograd.forward_ad.unpack_dual(out).tangent.tolist()))
        np.testing.assert_allclose(tangents[1], tangents[0], rtol=1e-12)


@pytest.mark.parametrize("code", [
    "m.tensor([1, 2]) << np.int64(2)", "np.int64(2) << m.tensor([1, 2])", "m.tensor([1, 2]) >> np.int32(1)",
    "m.tensor([4]).gcd_(6)", "m.tensor([4]).lcm_(6)", "m.tensor([4.]).nextafter_(5.)", "m.tensor([4]).bitwise_left_shift_(1)",
    "m.ldexp(m.tensor([1.]), m.tensor([0.3], dtype=m.float16))", "m.ldexp(m.tensor([1.], dtype=m.float64), m.tensor([130.]))",
    "m.ldexp(m.tensor([1.]), m.tensor([True]))", "m.ldexp(m.tensor([1.5], dtype=m.float16), m.tensor([0.7], dtype=m.float16))",
    "m.lcm(m.tensor([2 ** 62, 4, -6, 0]), m.tensor([3, 6, 4, 5]))",
])
def test_numeric_edges_match_torch(code):
    outcomes = []
    for m in (pullback, torch):
        try:
            r = eval(code, {"m": m, "np": np})
            outcomes.append((type(r).__name__, r.tolist(), str(r.dtype)))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, str(e)))
    assert outcomes[0] == outcomes[1]
