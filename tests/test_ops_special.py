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
           "special.log_softmax", "special.logsumexp", "special.xlogy", "special.digamma"]


def positive(*shape):
    return RNG.uniform(0.3, 6.0, shape)


def negative_non_integer(*shape):
    return -RNG.integers(0, 5, shape) - RNG.uniform(0.1, 0.9, shape)


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
]
SMOOTH = [row for row in UNARY if row[0] not in ("round", "zeta number q")]  # nothing to differentiate there


@pytest.mark.parametrize("name, fn, sampler", UNARY, ids=[r[0] for r in UNARY])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_torch(name, fn, sampler, dtype):
    x = sampler(3, 4).astype(dtype)
    tol = dict(atol=1e-10, rtol=1e-9) if dtype == np.float64 else dict(atol=1e-4, rtol=1e-4)
    check(fn, x, **tol)


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
], ids=["lgamma", "digamma", "trigamma", "polygamma2", "polygamma5", "zeta", "zeta x", "entr", "erfcx", "ndtr",
        "mvlgamma", "log_ndtr", "ndtri of ndtr", "ndtri"])
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
               lambda m, x: m.special.ndtri(x)):
        check(fn, np.array([1, 2, 5]), grad=False)


def test_in_place_forms():
    for name, args in (("lgamma_", ()), ("digamma_", ()), ("polygamma_", (2,)), ("mvlgamma_", (2,))):
        def fn(m, x):
            y = x * 1 + 1.5
            getattr(y, name)(*args)
            return y
        check(fn, RNG.uniform(0.5, 3, (2, 3)))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: m.polygamma(-1, x), "does not support negative n"),
    (lambda m, x: m.mvlgamma(x, 0), "p has to be greater than or equal to 1"),
    (lambda m, x: m.special.zeta(x, 2.0).sum().backward(), "the derivative for 'zeta' is not implemented"),
    (lambda m, x: m.special.xlog1py(x, m.ones(3, dtype=m.float64)), "must match the size"),
], ids=["polygamma n", "mvlgamma p", "zeta x derivative", "xlog1py shapes"])
def test_errors(fn, phrase):
    assert_same_error(fn, np.array([1.5, 2.5]), phrase=phrase)
