"""Pointwise ops against torch: values, dtypes, node names, first- and second-order gradients,
float64 finite differences, in-place forms, operators and errors.

Each table row is one sample run through the generic tests below (in the spirit of OpInfo).
"""
import inspect

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import pullback
from oracle import assert_same_error, assert_same_outcome, check, gradcheck_fd, to_pb, to_torch

RNG = np.random.default_rng(1)


def normal(*shape):
    return RNG.standard_normal(shape)


def positive(*shape):
    return RNG.uniform(0.2, 3.0, shape)


def unit(*shape):
    return RNG.uniform(-0.9, 0.9, shape)


def above_one(*shape):
    return RNG.uniform(1.2, 3.0, shape)


def prob(*shape):
    return RNG.uniform(0.05, 0.95, shape)


def away_from_integers(*shape):
    return RNG.integers(-3, 4, shape) + RNG.uniform(0.1, 0.9, shape)


# name -> sampler of its domain (smooth everywhere inside it)
UNARY = {
    "neg": normal, "negative": normal, "abs": normal, "absolute": normal, "sign": normal, "sgn": normal,
    "relu": normal,
    "floor": away_from_integers, "ceil": away_from_integers, "trunc": away_from_integers,
    "fix": away_from_integers, "round": away_from_integers, "frac": away_from_integers,
    "exp": normal, "exp2": normal, "expm1": normal, "log": positive, "log2": positive, "log10": positive,
    "log1p": positive, "sqrt": positive, "rsqrt": positive, "reciprocal": positive, "square": normal,
    "sin": normal, "cos": normal, "tan": unit, "asin": unit, "arcsin": unit, "acos": unit, "arccos": unit,
    "atan": normal, "arctan": normal, "sinh": normal, "cosh": normal, "tanh": normal, "asinh": normal,
    "arcsinh": normal, "acosh": above_one, "arccosh": above_one, "atanh": unit, "arctanh": unit,
    "sigmoid": normal, "logit": prob, "erf": normal, "erfc": normal, "erfinv": unit,
    "deg2rad": normal, "rad2deg": normal, "sinc": normal, "positive": normal, "nan_to_num": normal,
}
# name -> (sampler for input, sampler for other)
BINARY = {
    "add": (normal, normal), "sub": (normal, normal), "subtract": (normal, normal), "mul": (normal, normal),
    "multiply": (normal, normal), "div": (normal, positive), "divide": (normal, positive),
    "true_divide": (normal, positive), "rsub": (normal, normal), "remainder": (normal, positive),
    "fmod": (normal, positive), "pow": (positive, normal), "atan2": (normal, normal), "arctan2": (normal, normal),
    "hypot": (normal, normal), "logaddexp": (normal, normal), "logaddexp2": (normal, normal), "maximum": (normal, normal),
    "minimum": (normal, normal), "fmax": (normal, normal), "fmin": (normal, normal), "xlogy": (normal, positive),
    "float_power": (positive, normal), "copysign": (normal, normal),
}
COMPARISONS = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal",
               "logical_and", "logical_or", "logical_xor"]
BITWISE = ["bitwise_and", "bitwise_or", "bitwise_xor"]
PREDICATES = ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit", "logical_not"]
OTHERS = ["clamp", "clip", "clamp_min", "clamp_max", "where", "lerp", "addcmul", "addcdiv", "isclose", "allclose", "equal", "bitwise_not",
          "floor_divide", "clone", "masked_fill"]
COVERED = sorted(set(UNARY) | set(BINARY) | set(COMPARISONS) | set(BITWISE) | set(PREDICATES) | set(OTHERS))

SHAPES = [(), (4,), (2, 3)]
# (shape of input, shape of other) that broadcast
BROADCASTS = [((2, 3), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)), ((), (3,)), ((3, 1, 2), (2,))]


def fn_of(name, **kwargs):
    return lambda m, *xs: getattr(m, name)(*xs, **kwargs)


def check_or_same_error(fn, *arrays, **kwargs):
    """check(), or, where torch refuses the inputs, the same exception class and message."""
    try:
        fn(torch, *[to_torch(a) for a in arrays])
    except Exception as e:  # noqa: BLE001 - whatever torch raises is the specification
        assert_same_error(fn, *arrays, phrase=str(e).split("\n")[0][:80])
        return
    check(fn, *arrays, **kwargs)


# ---------------------------------------------------------------- unary
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_matches_torch(name, shape):
    x = UNARY[name](*shape).astype(np.float32)
    check(fn_of(name), x)
    check(lambda m, t: getattr(t, name)(), x)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_finite_differences(name):
    gradcheck_fd(fn_of(name), UNARY[name](2, 3))


@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool", "float64", "float16"])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_dtypes(name, dtype):
    """Integer and bool inputs of floating ops compute in the default float dtype; other floats keep theirs."""
    if dtype.startswith("float"):
        x = UNARY[name](2, 3).astype(dtype)
    else:
        x = RNG.integers(0, 2 if dtype == "bool" else 4, (2, 3)).astype(dtype)
    half = dtype == "float16"
    check_or_same_error(fn_of(name), x, atol=1e-3 if half else 1e-6, rtol=1e-3 if half else 1e-5, grad=not half)


@pytest.mark.parametrize("name,values", [
    ("relu", [0.0, -1.0, 2.0]), ("abs", [0.0, -1.0, 2.0]), ("sign", [0.0, -2.0, 3.0]),
    ("sqrt", [0.0, 4.0]), ("log", [0.0, -1.0, 1.0]), ("exp", [1000.0, -1000.0]), ("sigmoid", [-100.0, 100.0, 0.0]),
    ("tanh", [-30.0, 30.0]), ("reciprocal", [0.0, -0.0, 2.0]), ("erf", [-6.0, 0.0, 6.0, np.inf, -np.inf, np.nan]),
    ("erfc", [-6.0, 0.0, 10.0, 27.0, np.inf]), ("erfinv", [-1.0, 1.0, 0.0, 1.5, np.nan, 0.999]), ("logit", [0.0, 1.0, 0.5, 1.5]), ("asin", [1.0, -1.0, 2.0]),
    ("nan_to_num", [np.nan, np.inf, -np.inf, 1.0]), ("round", [0.5, 1.5, 2.5, -0.5, -2.5]),
    ("floor", [-0.0, -1.5, 2.0]), ("frac", [-1.5, 2.25, 0.0]), ("expm1", [1e-10, -1e-10]), ("log1p", [1e-10, -1.0]),
])
def test_unary_edge_values(name, values):
    """Kinks, domain edges, overflow and special values: the same numbers and gradients as torch."""
    check(fn_of(name), np.array(values, dtype=np.float32), gradgrad=name not in ("relu", "abs"))


def test_inf_and_nan_arise_silently_like_torch():
    """torch prints nothing for overflow, 0 * inf, log(0) or x / 0; neither does pullback (run outside
    pytest, whose warning capture would hide the difference)."""
    import subprocess
    import sys
    snippet = ("import {m} as t\nx = t.tensor([0.0, 1.0, 1000.0], requires_grad=True)\n"
               "y = (x * float('inf')).sum() + x.exp().sum() + x.log().sum() + (x / 0).sum() + x.sqrt().sum()\n"
               "y.backward()\nprint(x.grad)")
    out = subprocess.run([sys.executable, "-c", snippet.format(m="pullback")], capture_output=True, text=True)
    assert out.stderr == ""
    x = torch.tensor([0.0, 1.0, 1000.0], requires_grad=True)  # torch, in this process: the expected print
    ((x * float("inf")).sum() + x.exp().sum() + x.log().sum() + (x / 0).sum() + x.sqrt().sum()).backward()
    assert out.stdout == f"{x.grad}\n"


def test_erf_is_float64_accurate():
    x = np.concatenate([np.linspace(-7, 7, 2001), np.geomspace(1e-300, 0.47, 50), [26.0, 26.5, 27.5, 40.0]])
    for name in ("erf", "erfc"):
        ours = getattr(pullback, name)(pullback.tensor(x)).numpy()
        ref = getattr(torch, name)(torch.tensor(x)).numpy()
        np.testing.assert_allclose(ours, ref, rtol=4e-15, atol=1e-300, err_msg=name)
    tail = 1 - np.geomspace(1.2e-16, 0.5, 200)
    p = np.concatenate([np.linspace(-1, 1, 4001), tail, -tail, np.geomspace(1e-300, 0.5, 50), [1.5, -2.0, np.nan]])
    np.testing.assert_allclose(pullback.erfinv(pullback.tensor(p)).numpy(), torch.erfinv(torch.tensor(p)).numpy(),
                               rtol=2e-15, atol=1e-300, err_msg="erfinv")


@pytest.mark.parametrize("kwargs", [{"decimals": 2}, {"decimals": -1}, {"decimals": 0}])
def test_round_decimals(kwargs):
    x = np.array([1.2345, -56.789, 0.125, 1234.5], dtype=np.float32)
    check(fn_of("round", **kwargs), x)
    check(lambda m, t: t.round(**kwargs), x)


@pytest.mark.parametrize("eps", [None, 0.1, 1e-6])
def test_logit_eps(eps):
    check(lambda m, x: m.logit(x, eps), np.array([0.0, 0.05, 0.5, 0.97, 1.0], dtype=np.float64))
    gradcheck_fd(lambda m, x: m.logit(x, eps), prob(5))


@pytest.mark.parametrize("kwargs", [{}, {"nan": 1.5}, {"posinf": 9.0, "neginf": -9.0}])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
def test_nan_to_num(kwargs, dtype):
    x = np.array([np.nan, np.inf, -np.inf, 0.5], dtype=dtype)
    check(fn_of("nan_to_num", **kwargs), x, grad=dtype != np.float16)


# ---------------------------------------------------------------- binary
@pytest.mark.parametrize("shapes", BROADCASTS, ids=str)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_matches_torch(name, shapes):
    fa, fb = BINARY[name]
    a, b = fa(*shapes[0]).astype(np.float32), fb(*shapes[1]).astype(np.float32)
    check(fn_of(name), a, b)
    if name not in ("rsub",):
        check(lambda m, x, y: getattr(x, name)(y), a, b)
    else:
        check(lambda m, x, y: (2 - x, m.rsub(x, 2.5)), a, b)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_finite_differences(name):
    fa, fb = BINARY[name]
    gradcheck_fd(fn_of(name), fa(2, 3), fb(3))


NUMBER_OPS = ["add", "sub", "mul", "div", "true_divide", "rsub", "remainder", "fmod", "pow", "atan2", "logaddexp",
              "logaddexp2", "hypot"]
NUMBER_CASES = [(name, other) for name in NUMBER_OPS for other in (2, 2.5, -1.5, True)
                if not (other is True and name in ("sub", "rsub", "logaddexp", "logaddexp2", "pow"))]  # bool makes no sense there


@pytest.mark.parametrize("name,other", NUMBER_CASES, ids=str)
def test_binary_with_python_number(name, other):
    x = positive(2, 3).astype(np.float32)
    if name in ("atan2", "logaddexp", "logaddexp2", "hypot"):  # torch takes tensors only here
        check(lambda m, t: getattr(m, name)(t, m.tensor(other)), x)
    else:
        check(lambda m, t: getattr(m, name)(t, other), x)
        check(lambda m, t: getattr(m, name)(t, m.tensor(other)), x)  # a zero-dim tensor: its own promotion


def test_python_numbers_do_not_widen_half_or_int():
    """A Python number is a weak operand: float16 stays float16, int stays int where torch keeps it."""
    ops = lambda m, t: (m.atan2(t, m.tensor(2.5)), m.div(t, 3), t % 1.5, m.remainder(t, 2), m.lerp(t, t * 2, 0.3),  # noqa: E731
                        m.hypot(t, t), t.pow(2.5), 2.5 ** t, m.clamp(t, 0.5, 1.5), m.where(t > 1, t, 0.5), t * 2.5)
    check(ops, np.array([1.0, 2.0], np.float16), grad=False, atol=1e-3, rtol=1e-3)
    check(lambda m, t: (t * 2, t + 1, t // 2, t % 3, m.clamp(t, 0, 1), t ** 2, m.where(t > 1, t, 0)),
          np.array([1, 2], np.int32))


SWEEP_DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]


@pytest.mark.parametrize("name", sorted(set(BINARY) - {"rsub", "subtract", "multiply", "divide", "arctan2"}
                                        | {"floor_divide", "eq", "lt", "ge", "logical_and", "logical_xor",
                                           "bitwise_and", "bitwise_or", "isclose"}))
def test_binary_dtype_sweep(name):
    """Every dtype pair, zero-dim tensors and Python numbers: torch's result dtype and values, or its error."""
    others = [(dt, shape) for dt in SWEEP_DTYPES for shape in ((3,), ())] + [(v, None) for v in (2, 2.5, True)]
    for dt in SWEEP_DTYPES:
        x = np.array([[1, 2, 3], [0, 1, 2]]).astype(dt)
        for other, shape in others:
            if shape is None:
                fn = lambda m, t: getattr(m, name)(t, other)  # noqa: E731
                check_or_same_error(fn, x, grad=False, check_name=False, atol=1e-3, rtol=1e-3)
            else:
                y = np.broadcast_to(np.array([2, 1, 3]).astype(other), shape or ()).copy() if shape else \
                    np.array(2).astype(other)
                check_or_same_error(fn_of(name), x, y, grad=False, check_name=False, atol=1e-3, rtol=1e-3)


@pytest.mark.parametrize("mode", ["trunc", "floor"])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int64", "int32"])
def test_div_rounding_modes(mode, dtype):
    a = np.array([[7, -7, 7, -7, 0, 5]], dtype=dtype)
    b = np.array([2, 2, -2, -2, 3, 5], dtype=dtype)
    check(lambda m, x, y: m.div(x, y, rounding_mode=mode), a, b)
    check(lambda m, x: m.div(x, 3, rounding_mode=mode), a)
    check(lambda m, x: m.div(x, 2.5, rounding_mode=mode), a)
    check(lambda m, x, y: x.div(y, rounding_mode=mode), a, b)


@pytest.mark.parametrize("dtype", ["float32", "int64"])
def test_floor_divide_remainder_fmod_signs(dtype):
    a = np.array([7, -7, 7, -7, 0, 6], dtype=dtype)
    b = np.array([2, 2, -2, -2, 3, 4], dtype=dtype)
    for name in ("floor_divide", "remainder", "fmod"):
        check(fn_of(name), a, b, grad=False, check_name=name != "floor_divide")
    check(lambda m, x: m.remainder(-3, x), b, grad=False, check_name=False)
    check(lambda m, x, y: (x // y, x % y, 5 // y, 5 % y, x // 2, x % 2), a, b, grad=False, check_name=False)


def test_no_derivative_nodes_raise_like_torch():
    x = np.array([1.5, 2.5])
    for fn in (lambda m, t: (m.floor_divide(t, 2)).sum().backward(), lambda m, t: (2 % t).sum().backward(),
               lambda m, t: (t // t).sum().backward()):
        assert_same_error(fn, x, phrase="is not implemented")
    out = (to_pb(x) // 2)
    assert out.requires_grad and out.grad_fn.name() == (to_torch(x) // 2).grad_fn.name()


@pytest.mark.parametrize("name", ["maximum", "minimum", "fmax", "fmin"])
def test_min_max_ties_and_nan(name):
    a = np.array([1.0, 2.0, 3.0, np.nan, 1.0, np.nan], dtype=np.float32)
    b = np.array([1.0, 3.0, 2.0, 1.0, np.nan, np.nan], dtype=np.float32)
    check(fn_of(name), a, b)
    check(fn_of(name), np.array([[2.0, 2.0]]), np.array([[2.0], [1.0]]))


def test_max_min_with_tensor_other_are_maximum():
    a, b = normal(2, 3), normal(3)
    check(lambda m, x, y: (x.max(y), x.min(y), m.max(x, y), m.min(x, y)), a, b)


def test_xlogy_and_float_power_edges():
    a, b = np.array([[0.0, 0.0, 1.0, 2.0, -1.5]]), np.array([0.0, np.nan, 0.0, -1.0, 2.0])
    check(lambda m, x, y: (m.xlogy(x, y), m.xlogy(x, 2.5), m.xlogy(3.0, y), m.xlogy(0, y)), a, b)
    check(lambda m, x: (m.xlogy(x, 2), m.xlogy(x, 0.5)), np.array([1.0, 0.0], np.float16), grad=False)
    check(lambda m, x, y: (m.copysign(x, y), m.copysign(x, -2.0), m.sinc(x)), np.array([0.5, 0.0, -0.0, 2.0]),
          np.array([-1.0, -0.0, 2.0, 3.0]), gradgrad=False)  # at 0 torch's second derivatives are 0/0
    check(lambda m, x: (m.xlogy(x, 0.0), m.xlogy(x, -1.0), m.xlogy(x, 2.0)), np.array([0.0, 1.0, 2.0]))
    check(lambda m, x, y: (m.xlogy(x, y), m.float_power(x, 2), m.float_power(2, y), x.float_power(y)),
          np.array([1, 2]), np.array([2, 3]))


def test_pow_edge_cases():
    check(lambda m, x, y: m.pow(x, y), np.array([0.0, 0.0, 2.0, 1.5]), np.array([0.0, 2.0, 0.5, 3.0]))
    check(lambda m, x: (x ** 0, x ** 1, x ** -2, 2 ** x, 0 ** x, x.pow(0.5)), positive(3))
    check(lambda m, x: (x ** 2, x ** -1.0), np.array([1, 2, 3]), grad=False)
    check(lambda m, x: m.square(x), np.array([True, False]))


# ---------------------------------------------------------------- hypothesis: broadcastable shapes
@settings(max_examples=15, deadline=None)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
       name=st.sampled_from(sorted(BINARY)))
def test_binary_broadcast_property(shapes, name):
    fa, fb = BINARY[name]
    a, b = fa(*shapes.input_shapes[0]), fb(*shapes.input_shapes[1])
    check(fn_of(name), a, b)


# ---------------------------------------------------------------- ternary and friends
CLAMP_SAMPLES = [
    ("numbers", lambda m, x: m.clamp(x, -0.5, 0.5)),
    ("min only", lambda m, x: m.clamp(x, min=0.0)),
    ("max only", lambda m, x: x.clamp(max=0.0)),
    ("min above max", lambda m, x: m.clamp(x, 1.0, -1.0)),
    ("clip alias", lambda m, x: m.clip(x, -0.5, 0.5)),
    ("zero-dim tensor bound", lambda m, x: m.clamp(x, m.tensor(-0.5), 0.5)),
    ("clamp_min", lambda m, x: m.clamp_min(x, -0.5)),
    ("clamp_max method", lambda m, x: x.clamp_max(0.5)),
    ("clamp_min_ in place", lambda m, x: (x * 1).clamp_min_(0.0)),
]


@pytest.mark.parametrize("fn", [f for _, f in CLAMP_SAMPLES], ids=[n for n, _ in CLAMP_SAMPLES])
def test_clamp_scalar_bounds(fn):
    x = np.array([[-1.0, -0.5, 0.0, 0.5, 1.0]])  # includes both bounds: gradient passes there
    check(fn, x)
    gradcheck_fd(fn, np.array([-0.9, -0.2, 0.3, 0.8]))


@pytest.mark.parametrize("which", ["both", "min", "max"])
def test_clamp_tensor_bounds(which):
    x = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0, 0.1]])
    lo = np.array([-1.0, -0.5, 0.2, -1.0, 0.0, 0.5])
    hi = np.array([1.0, 1.0, 1.0, 0.5, 1.5, -0.5])  # the last column has min > max
    if which == "both":
        fn = lambda m, x, a, b: m.clamp(x, a, b)  # noqa: E731
        check(fn, x, lo, hi)
        gradcheck_fd(fn, np.array([-2.0, 0.3, 2.0]), np.array([-1.0, -0.1, 0.0]), np.array([1.0, 0.6, 1.5]))
    else:
        fn = lambda m, x, b: m.clamp(x, **{which: b})  # noqa: E731
        check(fn, x, lo if which == "min" else hi)
        check(lambda m, x, b: getattr(m, f"clamp_{which}")(x, b), x, lo if which == "min" else hi)
        gradcheck_fd(fn, np.array([-2.0, 0.3, 2.0]), np.array([-1.0, -0.1, 1.0]))


def test_clamp_int_promotes_with_float_bound():
    check(lambda m, x: m.clamp(x, 0.5), np.array([0, 1, 2]))
    check(lambda m, x, lo: m.clamp(x, lo), np.array([0, 1, 2]), np.array([1.5], dtype=np.float32))


CLAMP_COMPLEX_CALLS = [
    ("clamp", lambda m, x, b: x.clamp(b)), ("clamp max", lambda m, x, b: m.clamp(x, max=b)),
    ("clamp both", lambda m, x, b: x.clamp(b, 2)), ("clip", lambda m, x, b: m.clip(x, 0, b)),
    ("clamp_min", lambda m, x, b: m.clamp_min(x, b)), ("clamp_max", lambda m, x, b: x.clamp_max(b)),
    ("clamp_", lambda m, x, b: x.clamp_(b)), ("clip_", lambda m, x, b: x.clip_(max=b)),
    ("clamp_min_", lambda m, x, b: x.clamp_min_(b)), ("clamp_max_", lambda m, x, b: x.clamp_max_(b)),
]


@pytest.mark.parametrize("dtype", ["float32", "float16", "float64", "int64", "int32", "uint8", "bool"])
def test_clamp_complex_number_bounds(dtype):
    # A floating self reads a complex bound through a double (refused with an imaginary part); any other
    # self promotes to complex and is refused, in place first by the result cast; clamp_min/max always refuse.
    for name, call in CLAMP_COMPLEX_CALLS:
        for b in (1 + 1j, 1 + 0j, 0j, 1e300 + 0j, complex(0, float("nan"))):
            assert_same_outcome(lambda m: call(m, m.ones(3, dtype=getattr(m, dtype)), b))
            if name.endswith("_"):  # a refused in-place call leaves the tensor as it was
                x = pullback.ones(3, dtype=getattr(pullback, dtype))
                try:
                    call(pullback, x, b)
                except (RuntimeError, NotImplementedError):
                    assert x.tolist() == pullback.ones(3, dtype=x.dtype).tolist(), (name, b)


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3), (2, 3)), ((3,), (2, 1), (1, 3)), ((2, 3), (3,), ())], ids=str)
def test_where(shapes):
    cond = RNG.random(shapes[0]) > 0.5
    a, b = normal(*shapes[1]), normal(*shapes[2])
    fn = lambda m, c, x, y: m.where(c, x, y)  # noqa: E731
    check(fn, cond, a, b)
    check(lambda m, c, x, y: x.where(c, y), cond, a, b)
    check(lambda m, c, x: m.where(c, x, 0.0), cond, a)
    check(lambda m, c: m.where(c, 1, 2.5), cond)
    c = pullback.tensor(cond)
    gradcheck_fd(lambda m, x, y: m.where(c if m is pullback else torch.tensor(cond), x, y), a, b)


def test_where_mixed_dtypes():
    cond = np.array([True, False, True])
    check(lambda m, c, x, y: m.where(c, x, y), cond, np.array([1, 2, 3], dtype=np.int32), np.array(2.0))
    check(lambda m, c, x: m.where(c, x, 2), cond, np.array([1, 2, 3]))


def test_where_condition_only():
    check(lambda m, c: m.where(c), np.array([[True, False], [False, True]]))
    check(lambda m, c: m.where(c), np.array([0.0, 1.5, -2.0]), requires_grad=[False])


@pytest.mark.parametrize("weight", [0.3, 0.7, 0.0, 1.0, -0.5, "tensor"])
def test_lerp(weight):
    a, b = normal(2, 3), normal(3)
    if weight == "tensor":
        w = RNG.uniform(0, 1, (2, 1))
        check(lambda m, x, y, z: m.lerp(x, y, z), a, b, w)
        check(lambda m, x, y, z: x.lerp(y, z), a, b, w)
        gradcheck_fd(lambda m, x, y, z: m.lerp(x, y, z), a, b, w)
    else:
        check(lambda m, x, y: m.lerp(x, y, weight), a, b)
        gradcheck_fd(lambda m, x, y: m.lerp(x, y, weight), a, b)


# clamp's and lerp's bounds and weights as torch's parser reads them: a 0-d tensor that needs no grad beside a
# number is a number, any other tensor there (or a non-number) refused with its invalid-combination listing; a
# number weight converted to the kernel's math type (float for float32 and half), refused where it overflows
BOUND_AND_WEIGHT_CALLS = [
    "m.clamp(x, m.tensor(1.), 2)", "m.clamp(x, 1, m.tensor(2.))", "m.clamp(x, m.tensor([1.]), 2)",
    "m.clamp(x, m.tensor(1., requires_grad=True), 2)", "m.clamp(x, min=1, max=m.tensor([2.]))",
    "m.clamp(x, np.float64(1.), m.tensor(2.))", "m.clamp(x, np.float64(1.), m.tensor([2.]))", "m.clamp(x, [1], 2)",
    "m.clamp(x, m.tensor(1.), None)", "m.clamp(x.long(), m.tensor(1), 2.5)", "m.clip(x, m.tensor([1.]), 2)",
    "x.clamp(m.tensor([1.]), 2)", "x.clip(1, m.tensor(2.))", "x.clone().clamp_(m.tensor([1.]), 2)",
    "x.clone().clip_(m.tensor(1.), 2)", "x.long().clamp_(m.tensor(1.), 2)", "m.clamp_(x.clone(), m.tensor([1.]), 2)",
    "m.lerp(x, x, m.tensor(0.5))", "m.lerp(x, x, m.tensor([0.5]))", "m.lerp(x, x, m.tensor(0.5, requires_grad=True))",
    "m.lerp(x, 1.0, 0.5)", "m.lerp(x, x, 'a')", "m.lerp(x, x, None)", "m.lerp(x, x, np.float32(0.5))",
    "m.lerp(x, x, True)", "m.lerp(x, x, 1+1j)", "m.lerp(x, x, 0.25+0j)", "m.lerp(x.double(), x.double(), 1j)",
    "m.lerp(x.half(), x.half(), 1+1j)", "m.lerp(x.long(), x.long(), 1+1j)", "m.lerp(x, x, 1e300)",
    "m.lerp(x.half(), x.half(), 1e300)", "m.lerp(x.double(), x.double(), 1e300)", "x.lerp(x, [0.5])",
    "x.lerp(1.0, 0.5)", "x.clone().lerp_(x, 1+1j)", "x.clone().lerp_(x, 1e300)", "x.clone().lerp_(x, None)",
]


@pytest.mark.parametrize("call", BOUND_AND_WEIGHT_CALLS)
def test_bounds_and_weights_as_torch_reads_them(call):
    assert_same_outcome(lambda m: eval(call, {"m": m, "np": np, "x": m.arange(6.0).reshape(2, 3) / 4 - 0.5}))


@pytest.mark.parametrize("value", [1, 0.5, -2])
@pytest.mark.parametrize("name", ["addcmul", "addcdiv"])
def test_addcmul_addcdiv(name, value):
    x, t1, t2 = normal(2, 3), normal(3), positive(2, 1)
    fn = lambda m, a, b, c: getattr(m, name)(a, b, c, value=value)  # noqa: E731
    check(fn, x, t1, t2)
    check(lambda m, a, b, c: getattr(a, name)(b, c, value=value), x, t1, t2)
    gradcheck_fd(fn, x, t1, t2)


# ---------------------------------------------------------------- comparisons, logic, bits
@pytest.mark.parametrize("name", COMPARISONS)
def test_comparisons(name):
    a = np.array([[1.0, 2.0, np.nan, 0.0], [3.0, -1.0, 2.0, 0.0]], dtype=np.float32)
    b = np.array([1.0, 3.0, np.nan, -0.0], dtype=np.float32)
    out = check(fn_of(name), a, b)
    assert not out.requires_grad
    check(fn_of(name), a, 2.0)
    check(fn_of(name), np.array([1, 2, 3]), np.array([True, False, True]))


def test_comparison_operators():
    a, b = normal(2, 3), normal(3)
    check(lambda m, x, y: (x == y, x != y, x < y, x <= y, x > y, x >= y, x == 0.5, 1 < x), a, b)


@pytest.mark.parametrize("name", BITWISE)
@pytest.mark.parametrize("dtypes", [("int64", "int64"), ("bool", "bool"), ("int32", "int64"), ("uint8", "bool")])
def test_bitwise(name, dtypes):
    a = RNG.integers(0, 8, (2, 3)).astype(dtypes[0])
    b = RNG.integers(0, 8, (3,)).astype(dtypes[1])
    check(fn_of(name), a, b)
    check(fn_of(name), a, 3)
    check(fn_of(name), a, True)


def test_bitwise_operators_follow_torch():
    ints, bools = np.array([3, 5, -2]), np.array([True, False, True])
    check(lambda m, x, y: (x & y, x | y, x ^ y, ~x, x & 1, 6 | x, ~y, y & True, y ^ y), ints, bools)
    check(lambda m, x: (m.bitwise_not(x), x.bitwise_not()), ints)


@pytest.mark.parametrize("name", PREDICATES)
def test_predicates(name):
    check(fn_of(name), np.array([1.0, np.nan, np.inf, -np.inf, 0.0], dtype=np.float32))
    check(fn_of(name), np.array([1, 0, -3]))


@pytest.mark.parametrize("kwargs", [{}, {"rtol": 0.1}, {"atol": 0.5}, {"equal_nan": True}])
def test_isclose_allclose_equal(kwargs):
    a = np.array([1.0, 1.05, np.nan, np.inf, 2.0], dtype=np.float32)
    b = np.array([1.0, 1.0, np.nan, np.inf, 2.4], dtype=np.float32)
    check(fn_of("isclose", **kwargs), a, b)
    for name in ("allclose", "equal"):
        kw = kwargs if name == "allclose" else {}
        for x, y in ((a, b), (a[:2], a[:2]), (b[:1], b[:1])):
            assert getattr(pullback, name)(to_pb(x), to_pb(y), **kw) == getattr(torch, name)(
                to_torch(x), to_torch(y), **kw)
            assert getattr(to_pb(x), name)(to_pb(y), **kw) == getattr(torch, name)(to_torch(x), to_torch(y), **kw)
    assert pullback.equal(pullback.tensor([1.0]), pullback.tensor([1])) == torch.equal(torch.tensor([1.0]),
                                                                                       torch.tensor([1]))
    assert not pullback.equal(pullback.tensor([1.0]), pullback.tensor([1.0, 1.0]))


def test_masked_fill_and_clone():
    x = normal(2, 3)
    mask = np.array([True, False, True])
    check(lambda m, t, k: (m.masked_fill(t, k, 0.5), t.clone() * 2), x, mask)


# ---------------------------------------------------------------- in-place forms
INPLACE = [
    ("sqrt_", positive, ()), ("exp_", normal, ()), ("sin_", normal, ()), ("floor_", away_from_integers, ()),
    ("sigmoid_", normal, ()), ("erf_", normal, ()), ("abs_", normal, ()), ("neg_", normal, ()),
    ("reciprocal_", positive, ()), ("log1p_", positive, ()), ("square_", normal, ()), ("round_", normal, ()),
    ("clamp_", normal, (-0.5, 0.5)), ("clip_", normal, (None, 0.1)), ("nan_to_num_", normal, ()),
    ("logit_", prob, ()), ("frac_", away_from_integers, ()), ("sign_", normal, ()), ("trunc_", normal, ()),
    ("asin_", unit, ()), ("mul_", normal, (2.0,)), ("div_", normal, (3.0,)),
    ("remainder_", normal, (0.7,)), ("fmod_", normal, (0.7,)), ("pow_", positive, (2.5,)), ("add_", normal, (1,)),
    ("sub_", normal, (0.5,)),
]


@pytest.mark.parametrize("name,sampler,args", INPLACE, ids=[r[0] for r in INPLACE])
def test_inplace_matches_torch(name, sampler, args):
    def fn(m, x):
        y = x * 1  # a non-leaf, so the in-place op is recorded
        out = getattr(y, name)(*args)
        assert out is y
        return y
    check(fn, sampler(2, 3))
    assert getattr(pullback.Tensor, name).__name__ == name


def test_inplace_with_tensor_arguments():
    x, a, b, w = normal(2, 3), normal(3), positive(2, 3), RNG.uniform(0, 1, (2, 3))

    def fn(m, x, a, b, w):
        y = x * 1
        y.lerp_(a, w).addcmul_(a, b, value=0.5).addcdiv_(a, b).clamp_(a - 1, a + 1)
        y.div_(b, rounding_mode=None).atan2_(b).hypot_(a)
        return y
    check(fn, x, a, b, w)
    gradcheck_fd(fn, x, a, b, w)


def test_inplace_through_a_view():
    def fn(m, x, y):
        base = x * 1
        base[:, 1].clamp_(min=y[0])
        base.diagonal().mul_(y)
        base[0].sqrt_()  # last: it saves its result, which a later in-place op would invalidate
        return base
    check(fn, positive(2, 2), positive(2))  # positive: sqrt_ then sees positive values
    gradcheck_fd(fn, positive(2, 2), positive(2))


def test_modified_saved_tensor_is_detected():
    """A formula reading a value that an in-place op changed: torch's error, from the same ops."""
    for f in (lambda m, x: _backward_after(x.exp(), lambda y: y.add_(1)),
              lambda m, x: _backward_after(x.sigmoid(), lambda y: y.mul_(2)),
              lambda m, x: _backward_after(x * 1, lambda y: y.sin().sum() + y.tan_().sum())):
        assert_same_error(f, positive(3), phrase="modified by an inplace operation")


def _backward_after(y, change):
    out = change(y)
    (out if out.dim() == 0 else out.sum()).backward()


def test_inplace_operators():
    def fn(m, x, y):
        a = x * 1
        a += y
        a -= 0.5
        a *= y
        a /= 2.0
        a **= 2
        a %= 1.5
        return a
    check(fn, normal(2, 3), normal(3))

    def ints(m, x, y):
        a = x.clone()
        a //= 2
        a &= y
        a |= 8
        a ^= y
        return a
    check(ints, np.array([7, -9, 12]), np.array([3, 5, 6]))


def test_methods_have_their_own_names():
    """Every in-place method and operator reports the name it is reached by (tracebacks, help())."""
    for name, fn in pullback.ops.pointwise.METHODS.items():
        if name.endswith("_") and callable(fn) and not name.startswith("__") or name.startswith("__i"):
            assert fn.__name__ == name, (name, fn.__name__)
            assert inspect.unwrap(getattr(pullback.Tensor, name)) is fn  # (under torch's NumPy-style keyword names)


# ---------------------------------------------------------------- errors
ERRORS = [
    ("bool neg", lambda m, x: -x, np.array([True]), "Negation, the `-` operator, on a bool tensor"),
    ("bool sub", lambda m, x: x - x.long(), np.array([True]), "Subtraction, the `-` operator, with a bool tensor"),
    ("bad rounding mode", lambda m, x: m.div(x, 2, rounding_mode="round"), np.array([1.0]),
     "div expected rounding_mode to be one of None"),
    ("int division by zero", lambda m, x: m.floor_divide(x, m.tensor([0, 1])), np.array([5, 3]), "ZeroDivisionError"),
    ("int remainder by zero", lambda m, x: x % m.tensor([0, 1]), np.array([5, 3]), "ZeroDivisionError"),
    ("int div trunc by zero", lambda m, x: m.div(x, 0, rounding_mode="trunc"), np.array([5, 3]),
     "ZeroDivisionError"),
    ("bitwise on float", lambda m, x: x & x, np.array([1.0], np.float32),
     "\"bitwise_and_cpu\" not implemented for 'Float'"),
    ("bitwise float number", lambda m, x: m.bitwise_and(x, 1.5), np.array([3]), "\"bitwise_and_cpu\" not implemented"),
    ("bitwise_not on float", lambda m, x: x.bitwise_not(), np.array([1.0], np.float32),
     "\"bitwise_not_cpu\" not implemented for 'Float'"),
    ("~ on float", lambda m, x: ~x, np.array([1.0]), "~ (operator.invert) is only implemented on integer"),
    ("two bool sub", lambda m, x: x - x, np.array([True]), "with two bool tensors is not supported"),
    ("bool rsub", lambda m, x: 1 - x, np.array([True]), "with a bool tensor is not supported"),
    ("abs of bool", lambda m, x: x.abs(), np.array([True]), "\"abs_cpu\" not implemented for 'Bool'"),
    ("positive of bool", lambda m, x: m.positive(x), np.array([True]), "The `+` operator, on a bool tensor"),
    ("frac of int", lambda m, x: x.frac(), np.array([1]), "\"frac_cpu\" not implemented for 'Long'"),
    ("round decimals of int", lambda m, x: x.round(decimals=1), np.array([1]), "\"round_cpu\" not implemented"),
    ("hypot of int", lambda m, x: m.hypot(x, x), np.array([1]), "\"hypot_cpu\" not implemented for 'Long'"),
    ("logaddexp of int", lambda m, x: m.logaddexp(x, x), np.array([1]), "\"logaddexp_cpu\" not implemented"),
    ("lerp of int", lambda m, x: m.lerp(x, x, 0.5), np.array([1]), "\"lerp_kernel_scalar\" not implemented"),
    ("clamp without bounds", lambda m, x: m.clamp(x), np.array([1.0]), "At least one of 'min' or 'max'"),
    ("where with int condition", lambda m, x: m.where(x.long(), x, x), np.array([1.0]),
     "where expected condition to be a boolean tensor"),
    ("addcdiv of ints", lambda m, x: m.addcdiv(x, x, x), np.array([1]),
     "Integer division with addcdiv is no longer supported"),
    ("isclose dtypes", lambda m, x: m.isclose(x, x.long()), np.array([1.0], np.float32), "Float did not match Long"),
    ("maximum with a number", lambda m, x: m.maximum(x, 1.0), np.array([1.0]), "must be Tensor, not float"),
    ("atan2 with a number", lambda m, x: m.atan2(x, 2), np.array([1.0]), "must be Tensor, not int"),
    ("logical_and with a number", lambda m, x: m.logical_and(x, True), np.array([1.0]), "must be Tensor, not bool"),
    ("isclose with a number", lambda m, x: m.isclose(x, 1.0), np.array([1.0]), "must be Tensor, not float"),
    ("bool floor division", lambda m, x: x // x, np.array([True]), "\"div_floor_cpu\" not implemented for 'Bool'"),
    ("bool trunc division", lambda m, x: m.div(x, x, rounding_mode="trunc"), np.array([True]),
     "\"div_trunc_cpu\" not implemented for 'Bool'"),
    ("bool remainder", lambda m, x: x % x, np.array([True]), "\"remainder_cpu\" not implemented for 'Bool'"),
    ("bool fmod", lambda m, x: m.fmod(x, x), np.array([True]), "\"fmod_cpu\" not implemented for 'Bool'"),
    ("bool pow", lambda m, x: x ** x, np.array([True]), "\"pow\" not implemented for 'Bool'"),
    ("broadcast", lambda m, x: m.atan2(x, m.ones(3)), np.ones((2,)), "must match the size of tensor b"),
    ("where with a bool condition", lambda m, x: m.where(True, x, x), np.array([1.0]), "where() received an invalid combination of arguments - got (bool, Tensor, Tensor)"),
    ("broadcast where", lambda m, x: m.where(x > 0, x, m.ones(3)), np.ones((2,)), "must match the size"),
    ("broadcast clamp", lambda m, x: m.clamp(x, m.ones(3)), np.ones((2,)), "must match the size"),
    ("int to negative power", lambda m, x: x ** -1, np.array([2]), "Integers to negative integer powers"),
    ("sqrt_ of int", lambda m, x: x.sqrt_(), np.array([2]), "result type Float can't be cast"),
    ("atanh_ has no derivative", lambda m, x: (x * 1).atanh_().sum().backward(), np.array([0.5]),
     "the derivative for 'inplace version of atanh' is not implemented"),
    ("acosh_ has no derivative", lambda m, x: (x * 1).acosh_().sum().backward(), np.array([1.5]),
     "the derivative for 'inplace version of acosh' is not implemented"),
    ("in-place on leaf", lambda m, x: x.exp_(), np.array([1.0]), "a leaf Variable that requires grad"),
    ("in-place broadcast", lambda m, x: (x * 1).add_(m.ones(2, 1)), np.ones(2), "doesn't match the broadcast shape"),
]


@pytest.mark.parametrize("fn,x,phrase", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors(fn, x, phrase):
    assert_same_error(fn, x, phrase=phrase)


def test_failed_inplace_leaves_tensor_unchanged():
    x = pullback.tensor([2, 3])
    with pytest.raises(RuntimeError):
        x.sqrt_()
    with pytest.raises(RuntimeError):
        x.floor_divide_(pullback.tensor([0, 1]))
    assert x.tolist() == [2, 3] and x._version == 0


@pytest.mark.parametrize("fn", [
    lambda m, x: np.float32(2) * x, lambda m, x: x * np.float64(2.5), lambda m, x: np.float64(2.5) + x,
    lambda m, x: x / np.int64(2), lambda m, x: np.float64(3) - x, lambda m, x: np.float64(3) / x,
    lambda m, x: x ** np.float64(2), lambda m, x: np.int64(2) ** x,
    lambda m, x: m.clamp(x, np.float64(0.2), np.float64(0.5)), lambda m, x: m.addcmul(x, x, x, value=np.float64(2)),
], ids=["f32 * x", "x * f64", "f64 + x", "x / i64", "f64 - x", "f64 / x", "x ** f64", "i64 ** x", "clamp", "addcmul"])
def test_numpy_scalars_are_python_numbers(fn):
    """A NumPy scalar neither widens a float32 tensor nor takes over the operator, as in torch."""
    check(fn, RNG.uniform(0.1, 0.9, (2, 3)).astype(np.float32))


_FILLS = [(dtype, value) for dtype in ("float32", "float64", "float16") for value in (0, 1, -2.5, float("nan"),
                                                                                   float("inf"))]
_FILLS += [(dtype, value) for dtype in ("int64", "int32") for value in (0, 1, -2)] + [("bool", True), ("bool", False)]


@pytest.mark.parametrize("dtype, value", _FILLS)
def test_masked_fill_selects_exactly(dtype, value):
    """masked_fill's bitwise select: torch's values for any dtype, fill value and input (inf, NaN)."""
    x = np.array([[np.nan, np.inf, -1.0, 2.0], [0.5, -0.0, 3.0, -np.inf]])
    x = (np.arange(8).reshape(2, 4) % 3 > 0 if dtype == "bool" else
         np.nan_to_num(x).astype(dtype) if dtype in ("int64", "int32") else x.astype(dtype))
    mask = np.array([[True, False, True, False], [False, True, True, False]])
    check(lambda m, x, mask: x.masked_fill(mask, value), x, mask)


def _out_call(m, fn_name, out_shape, out_dtype="float32", *, no_grad=False):
    a = m.tensor(np.arange(6, dtype=np.float32).reshape(2, 3) / 4)
    out = m.zeros(out_shape, dtype=getattr(m, out_dtype))
    args = {"add": (a, a), "mul": (a, a), "matmul": (a, a.T), "exp": (a,), "sum": (a, 1), "cat": ([a, a],),
            "eq": (a, a), "clamp": (a, 0.5)}[fn_name]
    res = getattr(m, fn_name)(*args, out=out)
    assert res is out
    return out


@pytest.mark.parametrize("name, shape, dtype", [
    ("add", (2, 3), "float32"), ("mul", (2, 3), "float64"), ("matmul", (2, 2), "float32"), ("exp", (0,), "float32"),
    ("sum", (2,), "float32"), ("cat", (4, 3), "float32"), ("eq", (2, 3), "float32"), ("clamp", (2, 3), "float32"),
    ("eq", (2, 3), "bool"),
])
def test_out_argument_writes_into_the_given_tensor(name, shape, dtype):
    """torch.f(..., out=t) (the Tensors tutorial's torch.matmul(..., out=y3)) fills t, casting to its dtype."""
    check(lambda m: _out_call(m, name, shape, dtype), grad=False)


def test_out_argument_into_a_view_and_tuple_outputs():
    def fn(m):
        base = m.zeros(4, 4)
        m.add(m.ones(2, 2), 1, out=base[:2, 1:3])
        values, indices = m.empty(0), m.empty(0, dtype=m.long)
        res = m.max(m.tensor([[1., 3.], [4., 2.]]), 1, out=(values, indices))
        assert res.values is values and res.indices is indices and repr(res).startswith("torch.return_types.max_out(")
        return base, values, indices
    check(fn, grad=False)


def test_out_argument_resizes_a_wrong_shape_with_torch_warning():
    for m in (torch, pullback):
        with pytest.warns(UserWarning, match="An output with one or more elements was resized since it had shape "
                                             r"\[3\], which does not match the required output shape \[2, 3\]"):
            out = _out_call(m, "add", (3,))
        assert tuple(out.shape) == (2, 3)


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.add(x, x, out=m.empty(3)),
     "add(): functions with out=... arguments don't support automatic differentiation"),
    (lambda m, x: m.mul(x.detach(), 2, out=m.zeros(3, requires_grad=True)),
     "mul(): functions with out=... arguments don't support automatic differentiation"),
    (lambda m, x: m.add(x.detach(), 1, out=m.empty(3, dtype=m.long)),
     "result type Float can't be cast to the desired output type Long"),
    (lambda m, x: m.transpose(x, 0, 0, out=m.empty(3)), "unexpected keyword argument 'out'"),
])
def test_out_argument_errors(fn, phrase):
    assert_same_error(fn, np.ones(3, dtype=np.float32), phrase=phrase)


def test_out_argument_without_grad_mode_takes_inputs_that_require_grad():
    def fn(m, x):
        with m.no_grad():
            out = m.exp(x, out=m.empty(3))
        assert not out.requires_grad
        return out
    check(fn, np.ones(3, dtype=np.float32), grad=False)


_INPLACE_ARGS = {"clamp_": (0.3, 0.6), "clip_": (0.3, 0.6), "clamp_max_": (0.5,), "clamp_min_": (0.5,),
                 "fill_": (2.0,), "xlogy_": (3.0,)}


# (gcd_, lcm_ of integers and ldexp_ of a tensor exponent: tests/test_ops_pointwise_more.py; addmv_ of
# matrices: tests/test_ops_products.py)
@pytest.mark.parametrize("name", [n for n in pullback._INPLACE_FUNCTIONS if n not in ("gcd_", "lcm_", "ldexp_",
                                                                                      "addmv_")])
def test_torch_level_inplace_functions(name):
    """torch.sin_(b) (the Introduction to PyTorch Tensors tutorial) changes b as b.sin_() does."""
    shift = 1.5 if name in ("acosh_", "arccosh_") else 0.0

    def fn(m, x):
        y = x * 1 + shift
        out = getattr(m, name)(y, *_INPLACE_ARGS.get(name, ()))
        assert out is y
        return y
    # torch has no derivative for in-place acosh, asinh, atanh (checked below)
    no_grad = name == "detach_" or name.strip("_").replace("arc", "a") in ("acosh", "asinh", "atanh")
    check(fn, RNG.uniform(0.1, 0.9, (2, 3)).astype(np.float32), grad=not no_grad)


@pytest.mark.parametrize("name", ["acosh_", "asinh_", "atanh_"])
def test_inplace_inverse_hyperbolics_have_no_derivative(name):
    assert_same_error(lambda m, x: getattr(m, name)(x * 1 + 1.5).sum().backward(), np.ones(3, dtype=np.float32),
                      phrase=f"the derivative for 'inplace version of {name[:-1]}' is not implemented")


def test_fill_and_zero_give_zero_gradients_to_what_they_overwrite():
    def fn(m, x, v):
        a, b, c = x * 1, x * 2, x * 3
        a.fill_(v)
        b.fill_(2.0)
        c.zero_()
        assert (a.grad_fn.name(), b.grad_fn.name(), c.grad_fn.name()) == ("FillBackward3", "FillBackward2",
                                                                        "ZeroBackward0")
        return a + b + c
    check(fn, np.ones(3, dtype=np.float32), np.array(2.0, dtype=np.float32))


def test_xlogy_inplace_with_a_number_records_torch_node():
    def fn(m, x):
        y = x * 1
        y.xlogy_(3.0)
        assert y.grad_fn.name() == "XlogyBackward2"
        return y
    check(fn, np.array([0.5, 1.0, 2.0], dtype=np.float32))


def test_torch_level_inplace_function_refuses_a_number():
    assert_same_error(lambda m: m.sin_(1.0), phrase="sin_(): argument 'input' (position 1) must be Tensor, not float")


def test_factories_take_out():
    """Introduction to PyTorch Tensors: torch.rand(2, 2, out=c) fills c and returns it (c's dtype by default)."""
    def fn(m):
        c, l = m.zeros(2, 2), m.empty(0, dtype=m.long)
        assert m.rand(2, 2, out=c) is c and c.shape == (2, 2)
        assert m.arange(4, out=l) is l and l.dtype == m.long
        return (l, m.zeros(3, out=m.empty(0, dtype=m.int32)), m.ones(2, out=m.empty(2)),
                m.full((2,), 7, out=m.empty(0)), m.eye(2, out=m.empty(0, dtype=m.float64)),
                m.linspace(0, 1, 3, out=m.empty(3)), m.empty(2, out=m.empty(0)).shape)
    check(fn, grad=False)


@pytest.mark.parametrize("exponent", [2, 3, 0.5, -1, 2.5])
def test_pow_is_silent_where_torch_is(exponent):
    """Overflow, 0 ** -1 and (-1) ** 0.5 give inf and nan without a warning, as in torch."""
    import warnings
    x = np.array([1e30, 0.0, -1.0, 2.0], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = (pullback.tensor(x) ** exponent).numpy()
    np.testing.assert_array_equal(got, (torch.tensor(x) ** exponent).numpy())


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("exponent", [2, 2.0, 3, -1, -2, -2.0, 0.5, -0.5])
def test_powers_torch_computes_by_products_and_roots(dtype, exponent):
    """x ** 2, 3, -1, -2, 0.5, -0.5 as torch computes them: products, sqrt and division (x ** 0.5 of
    -0.0 is -0.0, of -inf nan; x ** -2 in float64 is 1 / (x * x) to the last bit); 0.5 is sqrt's bits."""
    rng = np.random.default_rng(3)
    data = np.concatenate([[-0.0, 0.0, -np.inf, np.inf, np.nan, -4.0, 1e-30, 1e30, 1e-45],
                           rng.standard_normal(40) * 3]).astype(dtype)
    ours, theirs = (pullback.tensor(data) ** exponent).numpy(), (torch.tensor(data) ** exponent).numpy()
    if exponent == 0.5 and dtype == "float32":  # torch's float32 sqrt is not correctly rounded; NumPy's is
        np.testing.assert_array_equal(ours, pullback.tensor(data).sqrt().numpy())
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    else:
        np.testing.assert_array_equal(ours, theirs)
    number = ~np.isnan(theirs)
    np.testing.assert_array_equal(np.signbit(ours[number]), np.signbit(theirs[number]))


def test_division_hypot_and_logit_gradients_follow_torchs_formulas():
    """div's gradient for its divisor is -grad * (a / b / b) (a / (b * b) overflowed to -0 where
    b * b leaves float32's range), hypot's grad * a / result, logit's NaN stays NaN with eps."""
    nan = float("nan")
    results = []
    for m in (pullback, torch):
        out = []
        for eps in (None, 0.1):
            x = m.tensor([nan, 0.05, 0.5, 1.2, -0.1, 0.0, 1.0], requires_grad=True)
            m.logit(x, eps).sum().backward()
            out.append(x.grad)
        a = m.tensor([1.0, 3e30, 1e-30, 0.0], requires_grad=True)
        b = m.tensor([3.0, 2e25, 3e-30, 0.0], requires_grad=True)
        (a / b).sum().backward()
        out += [a.grad, b.grad]
        a.grad = b.grad = None
        m.hypot(a, b).sum().backward()
        out += [a.grad, b.grad]
        results.append([g.numpy() for g in out])
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6)


def test_sinc_gradient_is_zero_where_pi_x_squared_underflows_as_torch():
    """torch's sinc_backward masks pi * x * x == 0: x = 1e-170 gave nan (0 / 0)."""
    results = []
    for m in (pullback, torch):
        x = m.tensor([0.0, 1e-170, -1e-200, 0.5, 2.0, 1e-20], dtype=m.float64, requires_grad=True)
        g, = m.autograd.grad(m.sinc(x).sum(), x, create_graph=True)
        x32 = m.tensor([0.0, 1e-30, 1e-20, 0.5], requires_grad=True)
        results.append((g.grad_fn.name(), g.detach().numpy(), m.autograd.grad(m.sinc(x32).sum(), x32)[0].numpy()))
    assert results[0][0] == results[1][0]
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12)
    np.testing.assert_allclose(results[0][2], results[1][2], rtol=1e-6)


def test_sign_and_abs_gradient_of_nan_as_torch():
    for m in (pullback, torch):
        x = m.tensor([float("nan"), -2.0, 0.0, 3.0], requires_grad=True)
        assert m.sign(x).tolist()[0] == 0.0 and m.sgn(x).tolist()[0] == 0.0
        x.abs().sum().backward()
        assert x.grad.tolist() == [0.0, -1.0, 0.0, 1.0]


def test_atan2_gradient_where_the_squares_underflow_is_zero_as_torch():
    """torch's atan2_backward: grad * other / (self**2 + other**2), 0 where that sum is 0 (nan or inf before)."""
    pairs = [(0.0, 0.0), (0.0, -0.0), (0.0, 1e-310), (1e-310, 1e-310), (1e-200, 1e-200), (0.5, 0.0), (1e-160, 1e-160),
             (2.0, -3.0), (float("inf"), 1.0)]
    results = []
    for m in (pullback, torch):
        a = m.tensor([p[0] for p in pairs], dtype=m.float64, requires_grad=True)
        b = m.tensor([p[1] for p in pairs], dtype=m.float64, requires_grad=True)
        m.atan2(a, b).sum().backward()
        results.append((a.grad.numpy(), b.grad.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_array_equal(ours, theirs)
        np.testing.assert_array_equal(np.signbit(ours), np.signbit(theirs))


HALF_WITH_NUMBERS = {
    "mul": lambda x: x * 1.0004, "rmul": lambda x: 1.0004 * x, "mul_int": lambda x: x * 70000,
    "div": lambda x: x / 3.3, "rdiv": lambda x: 3.3 / x, "add": lambda x: x + 0.0004, "sub": lambda x: x - 1e-4,
    "add_alpha": lambda x: x.add(0.3, alpha=1.0001), "mul_": lambda x: x.clone().mul_(1.0004),
    "div_": lambda x: x.clone().div_(3.3), "add_": lambda x: x.clone().add_(0.0004),
}


@pytest.mark.parametrize("size", [5, 40])  # torch's scalar loop, and its 16-wide vectorised one with a tail
@pytest.mark.parametrize("name", list(HALF_WITH_NUMBERS))
def test_half_with_a_python_number_rounds_as_torchs_kernels(name, size):
    """torch's mul and div kernels compute float16 in float32 with the number as it is, then round once:
    1000 * 1.0004 is 1000.5 (NumPy's half arithmetic rounds 1.0004 to 1.0 first: 1000). Its add and sub
    round the number to half first (x + 0.7 is x + 0.7002), as NumPy does."""
    x = np.concatenate([[1000.0, 0.001, 3.0, -2.5, 65504.0], np.linspace(-0.9, 0.9, size - 5)]).astype(np.float16)
    fn = HALF_WITH_NUMBERS[name]
    ours, theirs = fn(pullback.tensor(x)), fn(torch.tensor(x))
    assert ours.dtype == pullback.float16
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


HALF_GRADIENTS = {
    "mul": lambda x: x * 3.3, "mul_int": lambda x: x * 70000, "div": lambda x: x / 3.3, "div_int": lambda x: x / 3,
    "relu_mul": lambda x: x.relu() * 2.3, "sin_mul": lambda x: x.sin() * 2.3, "tanh": lambda x: x.tanh(),
}


@pytest.mark.parametrize("name", list(HALF_GRADIENTS))
def test_half_gradients_by_a_number_round_as_torchs_kernels(name):
    """A float16 gradient times (or over) a Python number, and tanh's, computed in float32 and rounded once
    as torch's kernels do, also on the engine's array path and for a 0-d tensor."""
    for x in (np.linspace(0.3, 0.9, 4), np.array(0.7)):
        grads = []
        for m in (pullback, torch):
            t = m.tensor(x, dtype=m.float16, requires_grad=True)
            y = HALF_GRADIENTS[name](t)
            y.backward(m.full_like(y, 0.37))
            grads.append(t.grad.numpy())
        np.testing.assert_array_equal(*grads)


@pytest.mark.parametrize("size", [7, 40, 1000])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_sigmoid_and_tanh_gradient_kernels_as_torchs(dtype, size):
    """sigmoid's gradient is grad * (1 - y) * y in torch's order (its bits, given the same y, float16's rounded
    at each step as torch's); float16 tanh's is computed in float32 and rounded once. (float32 and float64
    tanh's differ where torch's build fuses 1 - y * y into one multiply-add: differences.md.)"""
    from pullback.ops.pointwise import SigmoidBackward, TanhBackward
    rng = np.random.default_rng(5)
    y, g = np.tanh(rng.standard_normal(size)), rng.standard_normal(size)
    kernels = [(SigmoidBackward, torch.ops.aten.sigmoid_backward)]
    if dtype == "float16":
        kernels.append((TanhBackward, torch.ops.aten.tanh_backward))
    for ours, theirs in kernels:
        got = ours.apply(pullback.tensor(g, dtype=getattr(pullback, dtype)), pullback.tensor(y, dtype=getattr(pullback, dtype)))
        want = theirs(torch.tensor(g, dtype=getattr(torch, dtype)), torch.tensor(y, dtype=getattr(torch, dtype)))
        np.testing.assert_array_equal(got.numpy(), want.numpy())


def test_div_records_the_overload_torch_picks():
    """rounding_mode given, even as None, is torch's div.Tensor_mode (DivBackward2); not given, div."""
    calls = [lambda m, x, b: x.div(b), lambda m, x, b: x.div(b, rounding_mode=None),
             lambda m, x, b: m.div(x, b, rounding_mode=None), lambda m, x, b: x.clone().div_(b, rounding_mode=None),
             lambda m, x, b: x.div(2.0, rounding_mode=None), lambda m, x, b: x.div(b, rounding_mode="floor"),
             lambda m, x, b: x / b]
    for call in calls:
        names = [call(m, m.tensor([1.0, 2.0], requires_grad=True) * 1, m.tensor([3.0, 4.0])).grad_fn.name()
                 for m in (pullback, torch)]
        assert names[0] == names[1]
    assert str(inspect.signature(pullback.div)) == "(input, other, *, rounding_mode=None)"


@pytest.mark.parametrize("op", ["add", "sub"])
def test_half_add_with_alpha_rounds_as_torchs_scalar_loop(op):
    """float16 add/sub with an alpha: torch's scalar loop (tensors shorter than its vector width, and the
    tails) rounds alpha to half and the product to half before adding; an alpha past half's range is refused."""
    rng = np.random.default_rng(11)
    for size in (1, 5, 15):
        a, b = (rng.standard_normal((40, size)).astype(np.float16) for _ in range(2))
        for alpha in (0.3, -1.7, 3.3, 2):
            results = [np.stack([getattr(m, op)(m.tensor(x), m.tensor(y), alpha=alpha).numpy() for x, y in zip(a, b)])
                       for m in (pullback, torch)]
            np.testing.assert_array_equal(*results)
    for m in (pullback, torch):
        x = m.ones(3, dtype=m.float16)
        with pytest.raises(RuntimeError, match="cannot be converted to type c10::Half without overflow"):
            getattr(m, op)(x, x, alpha=1e6)
        assert m.equal(x, m.ones(3, dtype=m.float16))


HALF_IN_FLOAT32 = {"sigmoid": lambda m: m.sigmoid, "special.expit": lambda m: m.special.expit,
                   "deg2rad": lambda m: m.deg2rad, "rad2deg": lambda m: m.rad2deg, "sinc": lambda m: m.sinc,
                   "silu": lambda m: m.nn.functional.silu, "mish": lambda m: m.nn.functional.mish,
                   "selu": lambda m: m.nn.functional.selu, "elu": lambda m: m.nn.functional.elu,
                   "hardsigmoid": lambda m: m.nn.functional.hardsigmoid,
                   "hardswish": lambda m: m.nn.functional.hardswish}


@pytest.mark.parametrize("size", [5, 40, 1000])
@pytest.mark.parametrize("name", list(HALF_IN_FLOAT32))
def test_half_composite_ops_compute_in_float32_as_torchs_kernels(name, size):
    """Ops NumPy computes in several half steps (1 / (1 + exp(-x)), x * sigmoid(x), x * (pi / 180)) give
    torch's float16 bits: its kernels compute half in float32 and round once. So do the gradient kernels
    (elu_backward, silu_backward, ...) that torch runs where nothing is recorded."""
    x = (np.random.default_rng(size).standard_normal(size) * 3).astype(np.float16)
    g = np.random.default_rng(size + 1).standard_normal(size).astype(np.float16)
    results = []
    for m in (pullback, torch):
        t = m.tensor(x, requires_grad=True)
        y = HALF_IN_FLOAT32[name](m)(t)
        y.backward(m.tensor(g))
        results.append((y.detach().numpy(), t.grad.numpy()))
    assert results[0][0].dtype == np.float16
    np.testing.assert_array_equal(results[0][0], results[1][0])
    if name in ("sinc", "mish", "selu", "elu"):  # (their gradients are torch's to a half ulp or two: differences.md)
        np.testing.assert_allclose(results[0][1].astype(np.float32), results[1][1].astype(np.float32), rtol=2e-3,
                                   atol=1e-4)
    else:
        np.testing.assert_array_equal(results[0][1], results[1][1])
