"""The gamma family and torch.special against torch: values at every kind of point (poles, negative
non-integers, tails, infinities), node names, first- and second-order gradients, float64 finite
differences, in-place forms and errors."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(7)

COVERED = ["lgamma", "digamma", "polygamma", "mvlgamma", "special.gammaln", "special.psi", "special.polygamma",
           "special.multigammaln", "special.zeta", "special.entr", "special.xlog1py", "special.erfcx",
           "special.ndtr", "special.ndtri", "special.log_ndtr", "special.expit", "special.logit", "special.erf", "special.erfc", "special.erfinv",
           "special.exp2", "special.expm1", "special.log1p", "special.sinc", "special.round", "special.softmax",
           "special.log_softmax", "special.logsumexp", "special.xlogy", "special.digamma", "i0", "special.i0",
           "special.i0e", "special.i1", "special.i1e", "igamma", "igammac", "special.gammainc", "special.gammaincc",
           "special.modified_bessel_i0", "special.modified_bessel_i1", "special.modified_bessel_k0",
           "special.modified_bessel_k1", "special.scaled_modified_bessel_k0", "special.scaled_modified_bessel_k1",
           "special.spherical_bessel_j0", "special.bessel_j0", "special.bessel_j1", "special.bessel_y0",
           "special.bessel_y1", "special.airy_ai", "special.chebyshev_polynomial_t", "special.chebyshev_polynomial_u",
           "special.chebyshev_polynomial_v", "special.chebyshev_polynomial_w", "special.shifted_chebyshev_polynomial_t",
           "special.shifted_chebyshev_polynomial_u", "special.shifted_chebyshev_polynomial_v",
           "special.shifted_chebyshev_polynomial_w", "special.hermite_polynomial_h", "special.hermite_polynomial_he",
           "special.laguerre_polynomial_l", "special.legendre_polynomial_p"]


def positive(*shape):
    return RNG.uniform(0.3, 6.0, shape)


def negative_non_integer(*shape):
    return -RNG.integers(0, 5, shape) - RNG.uniform(0.1, 0.9, shape)


def shape_a(m, x, first, step):
    """A constant shape parameter for the incomplete gamma functions, x's shape and dtype, first, first + step, ..."""
    return m.arange(x.numel(), dtype=x.dtype).reshape(x.shape) * step + first


# (name, function of (module, x), sampler); each run through check() and finite differences
UNARY = [
    ("lgamma", lambda m, x: m.lgamma(x), positive),
    ("lgamma negative", lambda m, x: m.lgamma(x), negative_non_integer),
    ("digamma", lambda m, x: x.digamma(), positive),
    ("digamma negative", lambda m, x: m.digamma(x), negative_non_integer),
    ("polygamma 1", lambda m, x: m.polygamma(1, x), positive),
    ("polygamma 1 negative", lambda m, x: m.polygamma(1, x), negative_non_integer),
    ("polygamma 2", lambda m, x: m.polygamma(2, x), positive),
    ("polygamma 3 method", lambda m, x: x.polygamma(3), positive),
    ("polygamma 4 negative", lambda m, x: m.polygamma(4, x), negative_non_integer),
    ("polygamma 0", lambda m, x: m.polygamma(0, x), positive),
    ("mvlgamma", lambda m, x: m.mvlgamma(x + 2, 3), positive),
    ("mvlgamma method", lambda m, x: (x + 1).mvlgamma(p=2), positive),
    ("gammaln", lambda m, x: m.special.gammaln(x), positive),
    ("psi", lambda m, x: m.special.psi(x), positive),
    ("multigammaln", lambda m, x: m.special.multigammaln(x + 1, 2), positive),
    ("zeta of q", lambda m, x: m.special.zeta(3.5, x), positive),
    ("zeta of q negative", lambda m, x: m.special.zeta(4.0, x), negative_non_integer),
    ("zeta number q", lambda m, x: m.special.zeta(x.detach() + 1.5, 2.0), positive),
    ("entr", lambda m, x: m.special.entr(x), positive),
    ("xlog1py", lambda m, x: m.special.xlog1py(x, x * 0.5), positive),
    ("xlog1py number self", lambda m, x: m.special.xlog1py(2.0, x), positive),
    ("xlog1py number other", lambda m, x: m.special.xlog1py(x, 2.0), positive),
    ("erfcx", lambda m, x: m.special.erfcx(x - 3), positive),
    ("ndtr", lambda m, x: m.special.ndtr(x - 3), positive),
    ("log_ndtr", lambda m, x: m.special.log_ndtr(x * 3 - 12), positive),
    ("ndtri", lambda m, x: m.special.ndtri(x / 6.5), positive),
    ("expit", lambda m, x: m.special.expit(x - 3), positive),
    ("logit", lambda m, x: m.special.logit(x / 7, eps=1e-3), positive),
    ("erf", lambda m, x: m.special.erf(x - 3), positive),
    ("erfc", lambda m, x: m.special.erfc(x - 3), positive),
    ("erfinv", lambda m, x: m.special.erfinv(x / 7), positive),
    ("exp2", lambda m, x: m.special.exp2(x), positive),
    ("expm1", lambda m, x: m.special.expm1(x), positive),
    ("log1p", lambda m, x: m.special.log1p(x), positive),
    ("sinc", lambda m, x: m.special.sinc(x), positive),
    ("round", lambda m, x: m.special.round(x), positive),
    ("softmax", lambda m, x: m.special.softmax(x, 1), positive),
    ("log_softmax", lambda m, x: m.special.log_softmax(x, 0, dtype=m.float64), positive),
    ("logsumexp", lambda m, x: m.special.logsumexp(x, 1), positive),
    ("xlogy", lambda m, x: m.special.xlogy(x, x + 1), positive),
    ("digamma alias", lambda m, x: m.special.digamma(x), positive),
    # both Chebyshev ranges of the Bessel kernels ([0, 8] and beyond), and negative x
    ("i0", lambda m, x: m.i0(x * 3 - 9), positive),
    ("i0 method", lambda m, x: (x * 2).i0(), positive),
    ("i0 special", lambda m, x: m.special.i0(x - 3), positive),
    ("i0e", lambda m, x: m.special.i0e(x * 3 - 9), positive),
    ("i1", lambda m, x: m.special.i1(x * 3 - 9), positive),
    ("i1e", lambda m, x: m.special.i1e(x * 3 - 9), positive),
    # differentiable in x only: a is a constant; large a ~ x takes the uniform asymptotic expansion
    ("gammainc", lambda m, x: m.special.gammainc(shape_a(m, x, 0.2, 0.7), x), positive),
    ("gammaincc", lambda m, x: m.special.gammaincc(shape_a(m, x, 0.5, 1.1), x * 0.5), positive),
    ("gammainc large a", lambda m, x: m.special.gammainc(m.full_like(x, 50.0), x * 10 + 20), positive),
    ("gammaincc large a", lambda m, x: m.special.gammaincc(m.full_like(x, 400.0), x * 10 + 370), positive),
    ("igamma", lambda m, x: m.igamma(shape_a(m, x, 1.0, 1.3), x * 3), positive),
    ("igammac method", lambda m, x: shape_a(m, x, 0.6, 0.9).igammac(x * 3), positive),
    ("igamma method broadcast", lambda m, x: shape_a(m, x[0], 0.3, 1.9).igamma(x), positive),
]
SMOOTH = [row for row in UNARY if row[0] not in ("round", "zeta number q")]  # nothing to differentiate there


@pytest.mark.parametrize("name, fn, sampler", UNARY, ids=[r[0] for r in UNARY])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_torch(name, fn, sampler, dtype):
    x = sampler(3, 4).astype(dtype)
    tol = dict(atol=1e-10, rtol=1e-9) if dtype == np.float64 else dict(atol=1e-4, rtol=1e-4)
    check(fn, x, **tol)


# torch defines no derivative for these: outputs that never require grad, compared over both kernel ranges
NO_DERIVATIVE = ["modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1",
                 "scaled_modified_bessel_k0", "scaled_modified_bessel_k1", "spherical_bessel_j0",
                 # both kernel ranges ([0, 5] and beyond; Airy's three, split at -+2.09)
                 "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "airy_ai"]


@pytest.mark.parametrize("name", NO_DERIVATIVE)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_functions_without_derivative_match_torch(name, dtype):
    x = np.concatenate([RNG.uniform(-12, 12, 40), RNG.uniform(-2.5, 2.5, 40), [0.0, -0.0, 0.25, 2.0, 8.0, 100.0]])
    tol = dict(atol=1e-10, rtol=1e-9) if dtype == np.float64 else dict(atol=1e-4, rtol=1e-4)
    check(lambda m, x: getattr(m.special, name)(x * 1), x.astype(dtype), **tol)
    check(lambda m, x: getattr(m.special, name)(x), np.array([0, 1, 3]), grad=False)  # integers: default dtype
    got = getattr(pullback.special, name)(pullback.tensor(EDGES)).numpy()
    np.testing.assert_allclose(got, getattr(torch.special, name)(torch.tensor(EDGES)).numpy(), rtol=1e-9,
                               equal_nan=True)


@pytest.mark.parametrize("name", NO_DERIVATIVE)
def test_functions_without_derivative_errors(name):
    assert_same_error(lambda m, x: getattr(m.special, name)(x).sum().backward(), np.array([1.5, 2.5]),
                      phrase="element 0 of tensors does not require grad and does not have a grad_fn")
    assert_same_error(lambda m, x: getattr(m.special, name)(x), np.array([1.5, 2.5], dtype=np.float16),
                      phrase=f"\"{name}_cpu\" not implemented for 'Half'")


@pytest.mark.parametrize("name, fn, sampler", SMOOTH, ids=[r[0] for r in SMOOTH])
def test_finite_differences(name, fn, sampler):
    gradcheck_fd(fn, sampler(2, 3))


EDGES = np.array([-2.5, -2.0, -1.0, -0.5, -0.0, 0.0, 1e-8, 0.5, 1.0, 2.0, 3.7, 10.0, 171.0, 1e5, 1e20,
                  np.inf, -np.inf, np.nan, -100.3])


@pytest.mark.parametrize("fn", [
    lambda m, x: m.lgamma(x), lambda m, x: m.digamma(x), lambda m, x: m.polygamma(1, x),
    lambda m, x: m.polygamma(2, x), lambda m, x: m.polygamma(5, x), lambda m, x: m.special.zeta(2.5, x),
    lambda m, x: m.special.zeta(x.abs() + 1.5, 3.0), lambda m, x: m.special.entr(x),
    lambda m, x: m.special.erfcx(x), lambda m, x: m.special.ndtr(x), lambda m, x: m.mvlgamma(x, 2),
    lambda m, x: m.special.log_ndtr(x), lambda m, x: m.special.ndtri(m.special.ndtr(x)),
    lambda m, x: m.special.ndtri(x.abs() / 100),
    lambda m, x: m.i0(x), lambda m, x: m.special.i0e(x), lambda m, x: m.special.i1(x), lambda m, x: m.special.i1e(x),
    lambda m, x: m.special.gammainc(x, x.flip(0)), lambda m, x: m.special.gammaincc(x, x.flip(0)),
    lambda m, x: m.special.gammainc(m.full_like(x, 2.5), x), lambda m, x: m.special.gammaincc(x, m.full_like(x, 30.0)),
], ids=["lgamma", "digamma", "trigamma", "polygamma2", "polygamma5", "zeta", "zeta x", "entr", "erfcx", "ndtr",
        "mvlgamma", "log_ndtr", "ndtri of ndtr", "ndtri", "i0", "i0e", "i1", "i1e", "gammainc", "gammaincc",
        "gammainc x", "gammaincc a"])
def test_edge_values(fn):
    got = fn(pullback, pullback.tensor(EDGES)).numpy()
    want = fn(torch, torch.tensor(EDGES)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=0, equal_nan=True)


def test_ndtri_inverts_ndtr_into_the_far_tail():
    p = np.concatenate([np.logspace(-300, -1, 200), RNG.uniform(0, 1, 200)])
    np.testing.assert_allclose(pullback.special.ndtri(pullback.tensor(p)).numpy(),
                               torch.special.ndtri(torch.tensor(p)).numpy(), rtol=1e-13)


def test_integer_inputs_compute_in_the_default_float_dtype():
    for fn in (lambda m, x: m.lgamma(x), lambda m, x: m.digamma(x), lambda m, x: m.polygamma(1, x),
               lambda m, x: m.special.entr(x), lambda m, x: m.special.ndtr(x), lambda m, x: m.special.log_ndtr(x),
               lambda m, x: m.special.ndtri(x), lambda m, x: m.i0(x), lambda m, x: m.special.i0e(x),
               lambda m, x: m.special.i1(x), lambda m, x: m.special.i1e(x)):
        check(fn, np.array([1, 2, 5]), grad=False)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_i1_gradients_at_zero_are_one_half(dtype):
    # torch's i1_backward / i1e_backward special-case |x| <= eps, where i1(x) / x would be 0 / 0
    for fn in (lambda m, x: m.special.i1(x), lambda m, x: m.special.i1e(x)):
        check(fn, np.array([0.0, -0.0, 1e-20, 2.0, -3.0], dtype=dtype))


def test_incomplete_gamma_sums_to_one_across_every_method():
    a = np.concatenate([RNG.uniform(0, 3, 200), RNG.uniform(20, 200, 200), 10 ** RNG.uniform(2, 5, 200)])
    x = np.concatenate([RNG.uniform(0, 4, 200), a[200:400] * RNG.uniform(0.7, 1.3, 200), a[400:] * RNG.uniform(0.95, 1.05, 200)])
    for name in ("gammainc", "gammaincc"):
        got = getattr(pullback.special, name)(pullback.tensor(a), pullback.tensor(x)).numpy()
        want = getattr(torch.special, name)(torch.tensor(a), torch.tensor(x)).numpy()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_in_place_forms():
    for name, args in (("lgamma_", ()), ("digamma_", ()), ("polygamma_", (2,)), ("mvlgamma_", (2,))):
        def fn(m, x):
            y = x * 1 + 1.5
            getattr(y, name)(*args)
            return y
        check(fn, RNG.uniform(0.5, 3, (2, 3)))


def test_in_place_bessel_and_incomplete_gamma():
    def i0_function(m, x):
        y = x * 1
        return m.i0_(y)

    def incomplete(name):
        def fn(m, x):  # a in place is the constant; the gradient flows to x, the second argument
            y = x.detach() + 0.5
            getattr(y, name)(x)
            return y
        return fn
    for fn in (i0_function, incomplete("igamma_"), incomplete("igammac_")):
        check(fn, RNG.uniform(0.5, 3, (2, 3)))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.polygamma(-1, x), "does not support negative n"),
    (lambda m, x: m.mvlgamma(x, 0), "p has to be greater than or equal to 1"),
    (lambda m, x: m.special.zeta(x, 2.0).sum().backward(), "the derivative for 'zeta' is not implemented"),
    (lambda m, x: m.special.xlog1py(x, m.ones(3, dtype=m.float64)), "must match the size"),
    (lambda m, x: m.special.gammainc(x, x.detach()).sum().backward(), "the derivative for 'igamma: input' is not"),
    (lambda m, x: m.igammac(x, x.detach()).sum().backward(), "the derivative for 'igammac: input' is not"),
    (lambda m, x: m.special.gammainc(2.0, x), "argument 'input' (position 1) must be Tensor, not float"),
    (lambda m, x: m.special.gammaincc(x, 2), "argument 'other' (position 2) must be Tensor, not int"),
    (lambda m, x: x.igamma(2.0), "igamma(): argument 'other' (position 1) must be Tensor, not float"),
    (lambda m, x: m.igamma(m.tensor([1, 2]), m.tensor([3, 4])), "\"igamma_cpu\" not implemented for 'Long'"),
    (lambda m, x: m.igammac(m.tensor([True]), m.tensor([False])), "\"igammac_cpu\" not implemented for 'Bool'"),
    (lambda m, x: m.special.gammaincc(x, m.ones(3, dtype=m.float64)), "must match the size"),
    (lambda m, x: m.tensor([1, 2]).i0_(), "result type Float can't be cast to the desired output type Long"),
], ids=["polygamma n", "mvlgamma p", "zeta x derivative", "xlog1py shapes", "igamma a derivative",
        "igammac a derivative", "gammainc number", "gammaincc number", "igamma method number", "igamma long",
        "igammac bool", "gammaincc shapes", "i0_ long"])
def test_errors(fn, phrase):
    assert_same_error(fn, np.array([1.5, 2.5]), phrase=phrase)


# (input, n): torch's recurrences, its trigonometric forms above degree 4-8 on (-1, 1), and the special ends
POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w",
               "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
               "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he", "laguerre_polynomial_l",
               "legendre_polynomial_p"]
POLYNOMIAL_X = np.concatenate([RNG.uniform(-1.2, 1.2, 16), RNG.uniform(-4, 4, 6),
                               [0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 1 - 2 ** -53, 3.0, -3.0, np.inf, -np.inf]])
POLYNOMIAL_N = np.array([-2, 0, 1, 2, 3, 5, 7, 9, 12, 40, 127, 129, 300, 513])


@pytest.mark.parametrize("name", POLYNOMIALS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_polynomials_match_torch(name, dtype):
    x, n = np.meshgrid(POLYNOMIAL_X.astype(dtype), POLYNOMIAL_N)
    # float32's trigonometric forms take acos/cos of the C library, whose last bits n amplifies
    tol = dict(rtol=1e-12, atol=0) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-5)
    for n_of in (lambda m: m.tensor(n.astype(dtype)), lambda m: m.tensor(n), lambda m: m.tensor(n + 0.7)):
        got = getattr(pullback.special, name)(pullback.tensor(x), n_of(pullback))
        want = getattr(torch.special, name)(torch.tensor(x), n_of(torch))
        assert str(got.dtype) == str(want.dtype)
        np.testing.assert_allclose(got.numpy(), want.numpy(), equal_nan=True, **tol)


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomial_arguments(name):
    x = np.array([0.25, -0.5, 2.0])
    check(lambda m, x: getattr(m.special, name)(x, 3), x, grad=False)  # a number degree
    check(lambda m, x: getattr(m.special, name)(x, 4.9), x.astype(np.float32), grad=False)  # truncated
    check(lambda m, x: getattr(m.special, name)(0.3, x.to(m.int64) + 3), x, grad=False)  # a number input
    check(lambda m, x: getattr(m.special, name)(x[:, None], m.tensor([0, 1, 2, 6])), x, grad=False)  # broadcast
    check(lambda m, x: getattr(m.special, name)(x.to(m.int64), x.to(m.int64) + 2), x, grad=False)  # default dtype
    check(lambda m, x: getattr(m.special, name)(x.float(), m.tensor(3.0, dtype=m.float64)), x, grad=False)
    check(lambda m, x: getattr(m.special, name)(x.float(), m.tensor([3.0, 2, 1], dtype=m.float64)), x, grad=False)
    check(lambda m, x: getattr(m.special, name)(x, m.tensor([np.nan, np.inf, 1e30])), x, grad=False)  # 0


@pytest.mark.parametrize("name", POLYNOMIALS)
def test_polynomial_errors(name):
    assert_same_error(lambda m, x: getattr(m.special, name)(x, 3).sum().backward(), np.array([1.5, 2.5]),
                      phrase="element 0 of tensors does not require grad and does not have a grad_fn")
    assert_same_error(lambda m, x: getattr(m.special, name)(x, 3), np.array([1.5, 2.5], dtype=np.float16),
                      phrase=f"\"{name}_cpu\" not implemented for 'Half'")
    assert_same_error(lambda m, x: getattr(m.special, name)(x.to(m.int64), x.half()), np.array([1.5, 2.5]),
                      phrase=f"\"{name}_cpu\" not implemented for 'Half'")
    assert_same_error(lambda m, x: getattr(m.special, name)(x, m.tensor([1, 2, 3])), np.array([1.5, 2.5]),
                      phrase="must match the size")
    assert_same_error(lambda m, x: getattr(m.special, name)(0.5, 3), np.array([1.5]),
                      phrase=f"special_{name}() received an invalid combination of arguments - got (float, int)")


@pytest.mark.parametrize("n", [100, 170, 171, 200, np.uint8(200)])
def test_polygamma_of_a_high_order_overflows_to_infinity_as_torch(n):
    """n! is inf from n = 171 in float64 (torch's exp(lgamma(n + 1))): infinities, not Python's OverflowError."""
    x = np.array([1.0, 2.0, 0.5])
    want = torch.polygamma(n, torch.tensor(x)).numpy()
    got = pullback.polygamma(n, pullback.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("n", [2, 9, 20, 34, 35, 40, 100, 171])
def test_polygamma_below_float64_overflows_and_underflows_as_torch(n, dtype):
    """Below float64 torch's kernel takes n! as a float (inf from n = 35) and zeta in the input's dtype:
    inf times an underflowed zeta is nan, and a zeta underflowed to 0 gives 0, not the exact value."""
    x = np.array([0.3, 1.0, 2.5, 7.0, 30.0, 5e4])  # (none whose zeta is subnormal: torch rounds those coarsely)
    want = torch.polygamma(n, torch.tensor(x).to(getattr(torch, dtype))).double().numpy()
    got = pullback.polygamma(n, pullback.tensor(x).to(getattr(pullback, dtype))).double().numpy()
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(got == 0, want == 0)
    np.testing.assert_allclose(got, want, rtol=2e-3 if dtype == "float16" else 1e-4)
