"""torch.distributions against torch: every distribution's deterministic methods (log_prob, cdf,
icdf, entropy, mean, mode, variance, stddev, perplexity) with their gradients, second-order
gradients and recorded graphs; shapes under sample_shape and expand; reprs, supports and
constraints; enumerate_support; validation errors.

Draws come from pullback's generator, so they cannot equal torch's: samples are checked by their
shapes, dtypes, support and laws (moments and quantiles on large fixed-seed samples, 6-sigma
bounds), reproducibility under manual_seed, and rsample's gradients by the reparameterization
identities, by finite differences at a fixed seed, and (gamma, beta, Dirichlet) against torch's
implicit gradient at the same draw. KL divergences: tests/test_distributions_kl.py; transforms,
constraints and their registry: tests/test_distributions_transforms.py.
"""
import math
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error, check, check_error, gradcheck_fd, to_torch

R = np.random.default_rng(17)


def pos(*s):
    return R.uniform(0.5, 2.0, s)


def real(*s):
    return R.standard_normal(s)


def prob(*s):
    return R.uniform(0.1, 0.9, s)


def simplex(*s):
    x = R.uniform(0.1, 1, s)
    return x / x.sum(-1, keepdims=True)


def spd(m, x):
    """A symmetric positive-definite matrix built differentiably from x."""
    n = x.shape[-1]
    return x @ x.mT + n * m.eye(n, dtype=x.dtype)


def tril(m, x):
    """A lower-triangular matrix with a positive diagonal built differentiably from x."""
    return x.tril(-1) + x.diagonal(dim1=-2, dim2=-1).exp().diag_embed()


Q = R.uniform(0.05, 0.95, (3,))  # icdf's argument

# name: (build(m, D, *params), params, value for log_prob / cdf (None: none fixed), value is differentiable)
CASES = {
    "Normal": (lambda m, D, a, b: D.Normal(a, b), [real(3), pos(3)], real(2, 3), True),
    "Normal, a number scale": (lambda m, D, a: D.Normal(a, 2.0), [real(3)], real(3), True),
    "Normal float32": (lambda m, D, a, b: D.Normal(a.float(), b.float()), [real(3), pos(3)], real(3).astype(np.float32),
                       True),
    "Uniform": (lambda m, D, a, b: D.Uniform(a, a + b), [real(3), pos(3)], None, True),
    "Bernoulli probs": (lambda m, D, p: D.Bernoulli(probs=p), [prob(3)], np.array([0., 1., 1.]), False),
    "Bernoulli logits": (lambda m, D, p: D.Bernoulli(logits=p), [real(3)], np.array([0., 1., 1.]), False),
    "Categorical probs": (lambda m, D, p: D.Categorical(probs=p), [simplex(2, 4)], np.array([1, 3]), False),
    "Categorical logits": (lambda m, D, p: D.Categorical(logits=p), [real(2, 4)], np.array([1, 3]), False),
    "OneHotCategorical": (lambda m, D, p: D.OneHotCategorical(probs=p), [simplex(2, 4)],
                          np.array([[0., 1, 0, 0], [0, 0, 0, 1]]), False),
    "OneHotCategorical logits": (lambda m, D, p: D.OneHotCategorical(logits=p), [real(2, 4)],
                                 np.array([[0., 1, 0, 0], [0, 0, 0, 1]]), False),
    "OneHotCategoricalStraightThrough": (lambda m, D, p: D.OneHotCategoricalStraightThrough(probs=p), [simplex(4)],
                                         np.array([0., 0, 1, 0]), False),
    "MultivariateNormal covariance": (lambda m, D, l, x: D.MultivariateNormal(l, covariance_matrix=spd(m, x)),
                                      [real(2, 3), real(3, 3)], real(2, 3), True),
    "MultivariateNormal precision": (lambda m, D, l, x: D.MultivariateNormal(l, precision_matrix=spd(m, x)),
                                     [real(3), real(2, 3, 3)], real(2, 3), True),
    "MultivariateNormal scale_tril": (lambda m, D, l, x: D.MultivariateNormal(l, scale_tril=tril(m, x)),
                                      [real(3), real(3, 3)], real(2, 3), True),
    "Exponential": (lambda m, D, r: D.Exponential(r), [pos(3)], pos(3), True),
    "Laplace": (lambda m, D, a, b: D.Laplace(a, b), [real(3), pos(3)], real(3), True),
    "Cauchy": (lambda m, D, a, b: D.Cauchy(a, b), [real(3), pos(3)], real(3), True),
    "LogNormal": (lambda m, D, a, b: D.LogNormal(a, b), [real(3), pos(3)], pos(3), True),
    "Gumbel": (lambda m, D, a, b: D.Gumbel(a, b), [real(3), pos(3)], real(3), True),
    "HalfNormal": (lambda m, D, b: D.HalfNormal(b), [pos(3)], pos(3), True),
    "HalfCauchy": (lambda m, D, b: D.HalfCauchy(b), [pos(3)], pos(3), True),
    "Poisson": (lambda m, D, r: D.Poisson(r), [pos(3)], np.array([0., 2., 5.]), False),
    "Geometric probs": (lambda m, D, p: D.Geometric(probs=p), [prob(3)], np.array([0., 2., 5.]), False),
    "Geometric logits": (lambda m, D, p: D.Geometric(logits=p), [real(3)], np.array([0., 2., 5.]), False),
    "Binomial probs": (lambda m, D, p: D.Binomial(10, probs=p), [prob(3)], np.array([0., 2., 10.]), False),
    "Binomial logits": (lambda m, D, p: D.Binomial(m.tensor([5., 10., 20.], dtype=p.dtype), logits=p), [real(3)],
                        np.array([0., 2., 10.]), False),
    "Multinomial": (lambda m, D, p: D.Multinomial(6, probs=p), [simplex(2, 3)], np.array([[1., 2, 3], [6, 0, 0]]),
                    False),
    "Multinomial logits": (lambda m, D, p: D.Multinomial(6, logits=p), [real(2, 3)],
                           np.array([[1., 2, 3], [6, 0, 0]]), False),
    "Beta": (lambda m, D, a, b: D.Beta(a, b), [pos(3), pos(3)], prob(3), True),
    "Gamma": (lambda m, D, a, b: D.Gamma(a, b), [pos(3), pos(3)], pos(3), True),
    "Gamma float32": (lambda m, D, a, b: D.Gamma(a.float(), b.float()), [pos(3), pos(3)],
                      pos(3).astype(np.float32), True),
    "Chi2": (lambda m, D, a: D.Chi2(a), [pos(3) * 3], pos(3), True),
    "Dirichlet": (lambda m, D, a: D.Dirichlet(a), [pos(2, 3)], simplex(2, 3), True),
    "StudentT": (lambda m, D, d, a, b: D.StudentT(d + 2, a, b), [pos(3), real(3), pos(3)], real(3), True),
    "RelaxedBernoulli": (lambda m, D, t, p: D.RelaxedBernoulli(t, probs=p), [pos(3), prob(3)], prob(3), True),
    "RelaxedOneHotCategorical": (lambda m, D, t, p: D.RelaxedOneHotCategorical(t, logits=p), [pos(1), real(2, 3)],
                                 simplex(2, 3), True),
    "LowRankMultivariateNormal": (lambda m, D, l, f, d: D.LowRankMultivariateNormal(l, f, d),
                                  [real(3), real(2, 3, 2), pos(3)], real(2, 3), True),
    # (probabilities kept off 0.5 +- 0.01, where torch's closed forms cancel catastrophically)
    "ContinuousBernoulli": (lambda m, D, p: D.ContinuousBernoulli(probs=p), [np.array([0.2, 0.35, 0.8])], prob(3),
                            True),
    "ContinuousBernoulli logits": (lambda m, D, p: D.ContinuousBernoulli(logits=p), [np.array([-1.2, 0.4, 2.0])],
                                   prob(3), True),
    "FisherSnedecor": (lambda m, D, a, b: D.FisherSnedecor(a, b + 4), [pos(3), pos(3)], pos(3), True),
    "Pareto": (lambda m, D, a, b: D.Pareto(a, b + 2), [pos(3), pos(3)], pos(3) + 2, True),
    "Weibull": (lambda m, D, a, b: D.Weibull(a, b), [pos(3), pos(3)], pos(3), True),
    "Kumaraswamy": (lambda m, D, a, b: D.Kumaraswamy(a, b), [pos(3), pos(3)], prob(3), True),
    "InverseGamma": (lambda m, D, a, b: D.InverseGamma(a + 2, b), [pos(3), pos(3)], pos(3), True),
    "NegativeBinomial": (lambda m, D, c, p: D.NegativeBinomial(c, probs=p), [pos(3), prob(3)],
                         np.array([0., 2., 5.]), False),
    "NegativeBinomial logits": (lambda m, D, c, p: D.NegativeBinomial(c, logits=p), [pos(3), real(3)],
                                np.array([0., 2., 5.]), False),
    "VonMises": (lambda m, D, a, b: D.VonMises(a, b), [real(3), pos(3)], real(3), True),
    "LogisticNormal": (lambda m, D, a, b: D.LogisticNormal(a, b), [real(2), pos(2)], simplex(3), True),
    "GeneralizedPareto": (lambda m, D, a, b, c: D.GeneralizedPareto(a, b, c * 0.3), [real(3), pos(3), real(3)], None,
                          True),
    "MixtureSameFamily": (lambda m, D, w, a, b: D.MixtureSameFamily(D.Categorical(logits=w), D.Normal(a, b)),
                          [real(2, 3), real(2, 3), pos(2, 3)], real(2), True),
    "Independent": (lambda m, D, a, b: D.Independent(D.Normal(a, b), 1), [real(2, 3), pos(2, 3)], real(2, 3), True),
    "LKJCholesky": (lambda m, D, c: D.LKJCholesky(3, c), [pos(2)], None, True),
    "Wishart": (lambda m, D, d, x: D.Wishart(d + 4, covariance_matrix=spd(m, x)), [pos(2), real(3, 3)], None, True),
    "TransformedDistribution": (lambda m, D, a, b: D.TransformedDistribution(
        D.Normal(a, b), [D.transforms.TanhTransform(), D.transforms.AffineTransform(1.0, 2.0)]), [real(3), pos(3)],
        real(3) * 0.5 + 1, True),
}

METHODS = {
    "log_prob": lambda d, v: d.log_prob(v), "cdf": lambda d, v: d.cdf(v), "icdf": lambda d, q: d.icdf(q),
    "entropy": lambda d, v: d.entropy(), "mean": lambda d, v: d.mean, "mode": lambda d, v: d.mode,
    "variance": lambda d, v: d.variance, "stddev": lambda d, v: d.stddev, "perplexity": lambda d, v: d.perplexity(),
}
# torch's cdf of these is the regularized incomplete gamma, whose derivative in its first argument
# torch does not implement: only the value's gradient is compared
CDF_OF_VALUE_ONLY = {"Gamma", "Gamma float32", "Chi2", "InverseGamma"}
# torch records index_put's gradient of a masked read as _index_put_impl_, pullback's as index_put
GRAD_NAME_DIFFERS = {("StudentT", "variance"), ("StudentT", "stddev")}


def build(m, name, params):
    return CASES[name][0](m, m.distributions, *params)


def _method_inputs(name, method):
    _, params, value, value_grad = CASES[name]
    if method in ("log_prob", "cdf"):
        if value is None:
            return None
        requires = [method != "cdf" or name not in CDF_OF_VALUE_ONLY] * len(params) + [value_grad]
        return list(params) + [value], requires
    if method == "icdf":
        return list(params) + [Q.astype(params[0].dtype)], [True] * (len(params) + 1)
    return list(params), [True] * len(params)


METHOD_CASES = [(n, meth) for n in CASES for meth in METHODS if _method_inputs(n, meth) is not None]


def _call(m, name, method, inputs):
    k = len(CASES[name][1])
    return METHODS[method](build(m, name, inputs[:k]), inputs[k] if len(inputs) > k else None)


def _torch_implements(name, method, inputs):
    try:
        _call(torch, name, method, [to_torch(a) for a in inputs])
        return True
    except (NotImplementedError, ValueError, RuntimeError):
        return False


@pytest.mark.parametrize("name,method", METHOD_CASES, ids=[f"{n}-{meth}" for n, meth in METHOD_CASES])
def test_deterministic_methods_match_torch(name, method):
    inputs, requires = _method_inputs(name, method)
    fn = lambda m, *xs: _call(m, name, method, xs)  # noqa: E731
    if not _torch_implements(name, method, inputs):
        check_error(fn, *inputs, requires_grad=requires)  # the same exception class (NotImplementedError...)
        return
    check(fn, *inputs, requires_grad=requires, atol=1e-5 if "float32" in name else 1e-8,
          grad_name=(name, method) not in GRAD_NAME_DIFFERS)


# continuous densities: log_prob's gradient in the parameters and the value, by finite differences
FD_CASES = [n for n in CASES if CASES[n][2] is not None and CASES[n][3] and "float32" not in n]


@pytest.fixture
def unvalidated():
    """Validation off: a perturbed simplex point is off the simplex by the perturbation."""
    pullback.distributions.Distribution.set_default_validate_args(False)
    yield
    pullback.distributions.Distribution.set_default_validate_args(True)


@pytest.mark.parametrize("name", FD_CASES)
def test_log_prob_gradient_by_finite_differences(name, unvalidated):
    _, params, value, _ = CASES[name]
    gradcheck_fd(lambda m, *xs: build(m, name, xs[:-1]).log_prob(xs[-1]), *params, value)


ENTROPY_FD_CASES = [n for n in CASES if "float32" not in n and n != "Normal, a number scale"  # constant entropy
                    and _torch_implements(n, "entropy", CASES[n][1])]


@pytest.mark.parametrize("name", ENTROPY_FD_CASES)
def test_entropy_gradient_by_finite_differences(name):
    gradcheck_fd(lambda m, *xs: build(m, name, xs).entropy(), *CASES[name][1])


# ---------------------------------------------------------------- structure: shapes, reprs, supports
def _structure(m, name):
    d = build(m, name, [m.tensor(p) for p in CASES[name][1]])
    D = m.distributions
    out = {"repr": repr(d), "batch": tuple(d.batch_shape), "event": tuple(d.event_shape),
           "has_rsample": d.has_rsample, "has_enumerate_support": d.has_enumerate_support,
           "arg_constraints": {k: repr(v) for k, v in d.arg_constraints.items()}}
    if not isinstance(d, D.MixtureSameFamily):  # its support's repr names an object address
        out["support"] = repr(d.support)
    for shape in [(), (2,), (2, 1), m.Size([3])]:
        s = d.sample(shape)
        out[f"sample{tuple(shape)}"] = (tuple(s.shape), repr(s.dtype), s.requires_grad)
        out[f"in support {tuple(shape)}"] = bool(d.support.check(s).all())
        if d.has_rsample:
            r = d.rsample(shape)
            out[f"rsample{tuple(shape)}"] = (tuple(r.shape), repr(r.dtype), r.requires_grad,
                                             r.grad_fn.name() if r.grad_fn else None)
    e = d.expand((4,) + tuple(d.batch_shape))
    out["expand"] = (repr(e), tuple(e.batch_shape), tuple(e.event_shape), tuple(e.sample((2,)).shape),
                     type(e).__name__)
    if d.has_enumerate_support:
        for expand in (True, False):
            try:
                out[f"enumerate_support({expand})"] = as_numpy(d.enumerate_support(expand=expand)).tolist()
            except NotImplementedError as e:  # Binomial with counts that differ
                out[f"enumerate_support({expand})"] = str(e)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_structure_matches_torch(name):
    ours, theirs = _structure(pullback, name), _structure(torch, name)
    for key in theirs:
        assert ours[key] == theirs[key], key


@pytest.mark.parametrize("build_fn", [
    lambda m: m.distributions.Normal(0., 1.),
    lambda m: m.distributions.Normal(m.tensor([0.5]), 1.),
    lambda m: m.distributions.Gamma(2., m.tensor(3.)),
    lambda m: m.distributions.Bernoulli(0.3),
    lambda m: m.distributions.Categorical(m.tensor([0.2, 0.8])),
    lambda m: m.distributions.MultivariateNormal(m.zeros(2), m.eye(2)),
    lambda m: m.distributions.Independent(m.distributions.Normal(m.zeros(2), 1.), 1),
    lambda m: m.distributions.TransformedDistribution(m.distributions.Normal(0., 1.),
                                                      [m.distributions.transforms.ExpTransform()]),
])
def test_reprs_match_torch(build_fn):
    assert repr(build_fn(pullback)) == repr(build_fn(torch))


def test_the_package_is_imported_on_first_use():
    import subprocess
    import sys
    code = ("import sys, pullback; assert 'pullback.distributions' not in sys.modules; "
            "assert pullback.distributions.Normal(0., 1.).mean.item() == 0; "
            "assert 'distributions' in vars(pullback); import pullback.distributions.kl")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_the_package_offers_torchs_names():
    public = {n for n in torch.distributions.__all__}
    assert public <= set(dir(pullback.distributions)), sorted(public - set(dir(pullback.distributions)))
    assert set(pullback.distributions.__all__) == public
    assert pullback.distributions.constraints.__all__ == torch.distributions.constraints.__all__
    assert pullback.distributions.transforms.__all__ == torch.distributions.transforms.__all__


# ---------------------------------------------------------------- validation
def _validation_message(fn):
    messages = {}
    for m in (pullback, torch):
        with pytest.raises(ValueError) as e:
            fn(m)
        messages[m] = str(e.value)
    return messages


@pytest.mark.parametrize("fn", [
    lambda m: m.distributions.Normal(m.zeros(3), -m.ones(3)),
    lambda m: m.distributions.Normal(0., -1.),
    lambda m: m.distributions.Bernoulli(probs=m.tensor([0.5, 1.5])),
    lambda m: m.distributions.Categorical(probs=m.tensor([0.5, -0.5])),
    lambda m: m.distributions.Beta(m.tensor([1.0, -2.0]), 1.0),
    lambda m: m.distributions.MultivariateNormal(m.zeros(2), m.tensor([[1.0, 2.0], [2.0, 1.0]])),
    lambda m: m.distributions.Normal(m.zeros(3), m.ones(3)).log_prob(m.zeros(2)),
    lambda m: m.distributions.Normal(m.zeros(3), m.ones(3)).log_prob([0.0]),
    lambda m: m.distributions.Exponential(1.).log_prob(m.tensor([-1.])),
    lambda m: m.distributions.Categorical(logits=m.zeros(3)).log_prob(m.tensor([3])),
    lambda m: m.distributions.Dirichlet(m.ones(3)).log_prob(m.ones(2)),
    lambda m: m.distributions.Bernoulli(probs=0.5, logits=0.0),
    lambda m: m.distributions.Categorical(probs=m.tensor(1.0)),
])
def test_invalid_arguments_and_values_raise_torchs_value_error(fn):
    messages = _validation_message(fn)
    assert messages[pullback] == messages[torch]


def test_validation_can_be_turned_off_per_instance_and_by_default():
    for m in (pullback, torch):
        D = m.distributions
        d = D.Normal(m.zeros(2), -m.ones(2), validate_args=False)
        assert d.log_prob(m.zeros(2)).isnan().all()
        D.Distribution.set_default_validate_args(False)
        try:
            D.Normal(0., -1.)
            assert D.Exponential(2.).log_prob(m.tensor(-1.)).item() == pytest.approx(math.log(2.) + 2)  # off support
        finally:
            D.Distribution.set_default_validate_args(True)
        with pytest.raises(ValueError):
            D.Distribution.set_default_validate_args("yes")
        with pytest.raises(ValueError):
            D.Normal(0., -1.)


def test_base_distribution_raises_what_torch_raises():
    for m in (pullback, torch):
        d = m.distributions.Distribution(m.Size([2]), validate_args=False)
        for attr in ("mean", "variance", "support", "arg_constraints"):
            with pytest.raises(NotImplementedError):
                getattr(d, attr)
        with pytest.raises(NotImplementedError, match="does not implement mode"):
            d.mode
        with pytest.raises(NotImplementedError):
            d.sample()
    with pytest.warns(UserWarning, match="does not define `arg_constraints`"):
        pullback.distributions.Distribution(pullback.Size([2]))
    assert_same_error(lambda m: type("Sub", (m.distributions.Normal,), {"__init__": lambda s: None})().expand((2,)),
                      phrase="that defines a custom __init__ method must also define a custom .expand() method")


def test_sample_n_warns_as_torch_and_perplexity_is_exp_entropy():
    d = pullback.distributions.Normal(pullback.zeros(2), pullback.ones(2))
    with pytest.warns(FutureWarning, match=r"`sample_n\(n\)` will be deprecated"):
        assert d.sample_n(3).shape == (3, 2)
    np.testing.assert_allclose(d.perplexity().numpy(), np.exp(d.entropy().numpy()))


# ---------------------------------------------------------------- draws: reproducibility and laws
def _sampled_cases():
    return [n for n in CASES if "float32" not in n]


@pytest.mark.parametrize("name", _sampled_cases())
def test_draws_repeat_under_manual_seed_and_are_detached(name):
    params = [pullback.tensor(p, requires_grad=True) for p in CASES[name][1]]
    d = build(pullback, name, params)
    pullback.manual_seed(11)
    first = d.sample((5,))
    pullback.manual_seed(11)
    again = d.sample((5,))
    assert not first.requires_grad and first.grad_fn is None
    np.testing.assert_array_equal(first.numpy(), again.numpy())
    if d.has_rsample:
        pullback.manual_seed(11)
        r = d.rsample((5,))
        assert r.requires_grad
        pullback.manual_seed(11)
        np.testing.assert_array_equal(r.detach().numpy(), d.rsample((5,)).detach().numpy())


N = 40_000
SIGMAS = 6


def _draws(d, n=N):
    pullback.manual_seed(5)
    return d.sample((n,)).double().numpy()


# distributions with finite variance and light enough tails that the sample variance settles
MOMENT_CASES = {
    "Normal": lambda D, m: D.Normal(m.tensor([0.5, -1.0]), m.tensor([1.0, 2.0])),
    "Uniform": lambda D, m: D.Uniform(m.tensor([0.0, -2.0]), m.tensor([1.0, 3.0])),
    "Bernoulli": lambda D, m: D.Bernoulli(m.tensor([0.2, 0.7])),
    "Categorical": lambda D, m: D.Categorical(m.tensor([0.2, 0.3, 0.5])),
    "OneHotCategorical": lambda D, m: D.OneHotCategorical(m.tensor([0.2, 0.3, 0.5])),
    "MultivariateNormal": lambda D, m: D.MultivariateNormal(m.tensor([1.0, -1.0]),
                                                            m.tensor([[2.0, 0.6], [0.6, 1.0]])),
    "LowRankMultivariateNormal": lambda D, m: D.LowRankMultivariateNormal(m.zeros(3), m.tensor([[1.0], [0.5], [-1.0]]),
                                                                          m.tensor([0.5, 1.0, 2.0])),
    "Exponential": lambda D, m: D.Exponential(m.tensor([0.5, 2.0])),
    "Laplace": lambda D, m: D.Laplace(m.tensor([0.0, 1.0]), m.tensor([1.0, 0.5])),
    "LogNormal": lambda D, m: D.LogNormal(m.tensor([0.0, 0.5]), m.tensor([0.3, 0.5])),
    "Gumbel": lambda D, m: D.Gumbel(m.tensor([0.0, 1.0]), m.tensor([1.0, 2.0])),
    "HalfNormal": lambda D, m: D.HalfNormal(m.tensor([1.0, 3.0])),
    "Poisson": lambda D, m: D.Poisson(m.tensor([0.5, 4.0, 30.0])),
    "Geometric": lambda D, m: D.Geometric(m.tensor([0.2, 0.7])),
    "Binomial": lambda D, m: D.Binomial(m.tensor([5.0, 40.0]), m.tensor([0.3, 0.8])),
    "Multinomial": lambda D, m: D.Multinomial(10, m.tensor([0.2, 0.3, 0.5])),
    "Beta": lambda D, m: D.Beta(m.tensor([0.5, 2.0]), m.tensor([0.5, 3.0])),
    "Gamma": lambda D, m: D.Gamma(m.tensor([0.3, 2.0, 9.0]), m.tensor([1.0, 0.5, 2.0])),
    "Chi2": lambda D, m: D.Chi2(m.tensor([1.0, 5.0])),
    "Dirichlet": lambda D, m: D.Dirichlet(m.tensor([0.5, 1.0, 3.0])),
    "StudentT": lambda D, m: D.StudentT(m.tensor([9.0, 12.0]), m.tensor([0.0, 1.0]), m.tensor([1.0, 2.0])),
    "ContinuousBernoulli": lambda D, m: D.ContinuousBernoulli(m.tensor([0.2, 0.5, 0.9])),
    "Weibull": lambda D, m: D.Weibull(m.tensor([1.0, 2.0]), m.tensor([1.5, 3.0])),
    "Kumaraswamy": lambda D, m: D.Kumaraswamy(m.tensor([0.5, 2.0]), m.tensor([2.0, 1.5])),
    "NegativeBinomial": lambda D, m: D.NegativeBinomial(m.tensor([2.0, 5.5]), m.tensor([0.3, 0.6])),
    "VonMises": lambda D, m: D.VonMises(m.tensor([0.0, 1.0]), m.tensor([2.0, 8.0])),
    "Pareto": lambda D, m: D.Pareto(m.tensor([1.0, 2.0]), m.tensor([9.0, 12.0])),
    "InverseGamma": lambda D, m: D.InverseGamma(m.tensor([9.0, 12.0]), m.tensor([1.0, 2.0])),
    "FisherSnedecor": lambda D, m: D.FisherSnedecor(m.tensor([5.0, 8.0]), m.tensor([20.0, 30.0])),
    "GeneralizedPareto": lambda D, m: D.GeneralizedPareto(m.tensor([0.0, 1.0]), m.tensor([1.0, 2.0]),
                                                          m.tensor([-0.2, 0.1])),
    "MixtureSameFamily": lambda D, m: D.MixtureSameFamily(D.Categorical(m.tensor([0.3, 0.7])),
                                                          D.Normal(m.tensor([-2.0, 2.0]), m.tensor([0.5, 1.0]))),
    "Wishart": lambda D, m: D.Wishart(m.tensor(6.0), m.tensor([[1.0, 0.3], [0.3, 0.5]])),
}


@pytest.mark.parametrize("name", list(MOMENT_CASES))
def test_draws_have_the_distributions_mean_and_variance(name):
    d = MOMENT_CASES[name](pullback.distributions, pullback)
    x = _draws(d)
    if isinstance(d, pullback.distributions.Categorical):
        x = np.eye(3)[x.astype(int)]  # category frequencies: the one-hot mean is the probabilities
        mean, var = d.probs.numpy(), (d.probs * (1 - d.probs)).numpy()
    elif isinstance(d, pullback.distributions.VonMises):
        x = np.stack([np.cos(x - d.loc.numpy()), np.sin(x - d.loc.numpy())])  # the circular mean
        ratio = (pullback.special.i1(d.concentration) / pullback.special.i0(d.concentration)).numpy()
        mean, var = np.stack([ratio, 0 * ratio]), np.ones((2, 2))
    else:
        mean, var = d.mean.double().numpy(), d.variance.double().numpy()
    assert np.isfinite(x).all() and bool(d.support.check(pullback.tensor(_draws(d, 100)).to(d.sample().dtype)).all())
    sd = np.sqrt(var)
    bound = SIGMAS * sd / math.sqrt(len(x) if x.ndim < 3 or name != "VonMises" else x.shape[1])
    axis = 1 if name == "VonMises" else 0
    np.testing.assert_array_less(np.abs(x.mean(axis) - mean), bound + 1e-12)
    if name in ("VonMises", "Wishart"):
        return
    # the variance settles within a few percent for these laws at this sample size
    np.testing.assert_allclose(x.var(0), var, rtol=0.08, atol=1e-12)


def test_multivariate_normal_draws_have_its_covariance():
    for kw in ("covariance_matrix", "precision_matrix", "scale_tril"):
        cov = np.array([[2.0, 0.6, 0.0], [0.6, 1.0, -0.3], [0.0, -0.3, 0.5]])
        arg = {"covariance_matrix": cov, "precision_matrix": np.linalg.inv(cov),
               "scale_tril": np.linalg.cholesky(cov)}[kw]
        d = pullback.distributions.MultivariateNormal(pullback.zeros(3, dtype=pullback.float64),
                                                      **{kw: pullback.tensor(arg)})
        np.testing.assert_allclose(d.covariance_matrix.numpy(), cov, atol=1e-12)
        x = _draws(d, 100_000)
        np.testing.assert_allclose(np.cov(x.T), cov, atol=0.04)


# heavy-tailed laws and those without a finite variance: the fraction of draws below the draws'
# own quantiles, read through the (torch-checked) cdf, is the quantile's level
QUANTILE_CASES = {
    "Cauchy": lambda D, m: D.Cauchy(m.tensor([0.0, 2.0]), m.tensor([1.0, 0.3])),
    "HalfCauchy": lambda D, m: D.HalfCauchy(m.tensor([1.0, 3.0])),
    "Pareto": lambda D, m: D.Pareto(m.tensor([1.0, 2.0]), m.tensor([0.8, 1.5])),
    "LogNormal": lambda D, m: D.LogNormal(m.tensor([0.0, 1.0]), m.tensor([1.5, 2.0])),
    "Gamma": lambda D, m: D.Gamma(m.tensor([0.05, 0.5]), m.tensor([1.0, 2.0])),
    "Uniform": lambda D, m: D.Uniform(m.tensor([0.0]), m.tensor([2.0])),
    "Exponential": lambda D, m: D.Exponential(m.tensor([0.3])),
    "Laplace": lambda D, m: D.Laplace(m.tensor([1.0]), m.tensor([3.0])),
    "Gumbel": lambda D, m: D.Gumbel(m.tensor([1.0]), m.tensor([3.0])),
    "HalfNormal": lambda D, m: D.HalfNormal(m.tensor([2.0])),
    "Weibull": lambda D, m: D.Weibull(m.tensor([1.0, 2.0]), m.tensor([0.5, 3.0])),
    "Kumaraswamy": lambda D, m: D.Kumaraswamy(m.tensor([0.3]), m.tensor([0.4])),
    "ContinuousBernoulli": lambda D, m: D.ContinuousBernoulli(m.tensor([0.05, 0.6])),
    "GeneralizedPareto": lambda D, m: D.GeneralizedPareto(m.tensor([0.0]), m.tensor([1.0]), m.tensor([0.7])),
}


@pytest.mark.parametrize("name", list(QUANTILE_CASES))
def test_draws_follow_the_cdf(name):
    d = QUANTILE_CASES[name](pullback.distributions, pullback)
    x = _draws(d)
    for level in (0.05, 0.25, 0.5, 0.75, 0.95):
        at = pullback.tensor(np.quantile(x, level, axis=0)).to(d.sample().dtype)
        bound = SIGMAS * math.sqrt(level * (1 - level) / len(x))
        np.testing.assert_array_less(np.abs(d.cdf(at).double().numpy() - level), bound)


def test_relaxed_draws_approach_their_discrete_laws_as_the_temperature_falls():
    D = pullback.distributions
    probs = pullback.tensor([0.2, 0.3, 0.5])
    x = _draws(D.RelaxedOneHotCategorical(pullback.tensor(0.05), probs))
    np.testing.assert_allclose(x.sum(-1), 1, atol=1e-5)  # float32 draws
    hits = np.eye(3)[x.argmax(-1)].mean(0)  # the argmax of a Gumbel-softmax draw is a categorical draw
    np.testing.assert_array_less(np.abs(hits - probs.numpy()), SIGMAS * np.sqrt(0.25 / N))
    y = _draws(D.RelaxedBernoulli(pullback.tensor(0.05), pullback.tensor([0.3, 0.8])))
    np.testing.assert_array_less(np.abs((y > 0.5).mean(0) - [0.3, 0.8]), SIGMAS * np.sqrt(0.25 / N))
    lkj = D.LKJCholesky(3, pullback.tensor(2.0)).sample((200,))
    assert bool(D.constraints.corr_cholesky.check(lkj).all())
    z = _draws(D.LogisticNormal(pullback.zeros(2), pullback.ones(2)), 2000)
    assert bool(D.constraints.simplex.check(pullback.tensor(z)).all())


# ---------------------------------------------------------------- rsample's gradients
def _rsample_grads(d_fn, params, shape=(4,), seed=3):
    xs = [pullback.tensor(p, requires_grad=True) for p in params]
    pullback.manual_seed(seed)
    sample = d_fn(pullback.distributions, *xs).rsample(shape)
    cot = np.random.default_rng(seed).standard_normal(sample.shape)
    grads = pullback.autograd.grad(sample, xs, pullback.tensor(cot), allow_unused=True)
    return sample, [np.zeros_like(p) if g is None else g.numpy() for g, p in zip(grads, params)], cot


def test_location_scale_draws_move_with_their_location_and_scale():
    # x = loc + scale * eps: dx/dloc = 1, dx/dscale = (x - loc) / scale
    for cls in ("Normal", "Laplace", "Cauchy"):
        loc = pullback.tensor([0.5, -1.0], dtype=pullback.float64, requires_grad=True)
        scale = pullback.tensor([1.5, 0.3], dtype=pullback.float64, requires_grad=True)
        x = getattr(pullback.distributions, cls)(loc, scale).rsample((3,))
        g_loc, g_scale = pullback.autograd.grad(x.sum(), [loc, scale])
        np.testing.assert_allclose(g_loc.numpy(), [3.0, 3.0])
        np.testing.assert_allclose(g_scale.numpy(), ((x - loc) / scale).sum(0).detach().numpy(), rtol=1e-6)
    low = pullback.tensor([0.0], dtype=pullback.float64, requires_grad=True)
    high = pullback.tensor([2.0], dtype=pullback.float64, requires_grad=True)
    x = pullback.distributions.Uniform(low, high).rsample((5,))
    g_low, g_high = pullback.autograd.grad(x.sum(), [low, high])
    u = ((x - low) / (high - low)).detach().numpy()
    np.testing.assert_allclose(g_low.numpy(), (1 - u).sum(0), rtol=1e-6)
    np.testing.assert_allclose(g_high.numpy(), u.sum(0), rtol=1e-6)
    rate = pullback.tensor([0.5, 2.0], dtype=pullback.float64, requires_grad=True)
    x = pullback.distributions.Exponential(rate).rsample((4,))
    g, = pullback.autograd.grad(x.sum(), rate)  # x = E / rate
    np.testing.assert_allclose(g.numpy(), (-x / rate).sum(0).detach().numpy(), rtol=1e-6)


# rsample as a smooth function of the parameters at fixed noise: finite differences at a fixed seed
FIXED_NOISE = {
    "Normal": (lambda D, a, b: D.Normal(a, b), [real(2), pos(2)]),
    "Uniform": (lambda D, a, b: D.Uniform(a, a + b), [real(2), pos(2)]),
    "Exponential": (lambda D, r: D.Exponential(r), [pos(2)]),
    "Laplace": (lambda D, a, b: D.Laplace(a, b), [real(2), pos(2)]),
    "Cauchy": (lambda D, a, b: D.Cauchy(a, b), [real(2), pos(2)]),
    "LogNormal": (lambda D, a, b: D.LogNormal(a, b), [real(2), pos(2)]),
    "Gumbel": (lambda D, a, b: D.Gumbel(a, b), [real(2), pos(2)]),
    "HalfNormal": (lambda D, b: D.HalfNormal(b), [pos(2)]),
    "HalfCauchy": (lambda D, b: D.HalfCauchy(b), [pos(2)]),
    "MultivariateNormal": (lambda D, l, x: D.MultivariateNormal(l, scale_tril=x.tril(-1) + x.diagonal().exp().diag()),
                           [real(3), real(3, 3)]),
    "MultivariateNormal covariance": (lambda D, l, x: D.MultivariateNormal(l, x @ x.mT + 3 * x.new_ones(3).diag()),
                                      [real(3), real(3, 3)]),
    "LowRankMultivariateNormal": (lambda D, l, f, d: D.LowRankMultivariateNormal(l, f, d),
                                  [real(3), real(3, 2), pos(3)]),
    "RelaxedBernoulli": (lambda D, t, p: D.RelaxedBernoulli(t, logits=p), [pos(2), real(2)]),
    "RelaxedOneHotCategorical": (lambda D, t, p: D.RelaxedOneHotCategorical(t, logits=p), [pos(1), real(3)]),
    "ContinuousBernoulli": (lambda D, p: D.ContinuousBernoulli(logits=p), [real(2)]),
    "Pareto": (lambda D, a, b: D.Pareto(a, b), [pos(2), pos(2)]),
    "Weibull": (lambda D, a, b: D.Weibull(a, b), [pos(2), pos(2)]),
    "Kumaraswamy": (lambda D, a, b: D.Kumaraswamy(a, b), [pos(2), pos(2)]),
    "LogisticNormal": (lambda D, a, b: D.LogisticNormal(a, b), [real(2), pos(2)]),
    "GeneralizedPareto": (lambda D, a, b, c: D.GeneralizedPareto(a, b, c * 0.3), [real(2), pos(2), real(2)]),
    "Independent": (lambda D, a, b: D.Independent(D.Normal(a, b), 1), [real(2), pos(2)]),
}


@pytest.mark.parametrize("name", list(FIXED_NOISE))
def test_rsample_gradient_by_finite_differences_at_a_fixed_seed(name):
    d_fn, params = FIXED_NOISE[name]
    _, grads, cot = _rsample_grads(d_fn, params)
    eps = 1e-6
    for k, p in enumerate(params):
        numeric = np.zeros_like(p)
        for j in range(p.size):
            values = []
            for sign in (1, -1):
                shifted = [q.copy() for q in params]
                shifted[k].reshape(-1)[j] += sign * eps
                pullback.manual_seed(3)
                with pullback.no_grad():
                    s = d_fn(pullback.distributions, *[pullback.tensor(q) for q in shifted]).rsample((4,))
                values.append((s.numpy() * cot).sum())
            numeric.reshape(-1)[j] = (values[0] - values[1]) / (2 * eps)
        np.testing.assert_allclose(grads[k], numeric, rtol=1e-4, atol=1e-6, err_msg=f"parameter {k}")


def test_gamma_beta_and_dirichlet_draws_take_torchs_implicit_gradient_at_the_same_draw():
    # the draws differ from torch's; at one draw x the gradient is a function of x and the
    # parameters, which torch's own formulas give from the same x
    a, b = pos(3), pos(3)
    for m_name, d_fn, torch_grad in [
        ("Gamma", lambda D, a, b: D.Gamma(a, b),
         lambda x, a, b: (torch._standard_gamma_grad(a, x * b) / b, -x / b)),
        ("Beta", lambda D, a, b: D.Beta(a, b), None),
        ("Dirichlet", lambda D, a, b: D.Dirichlet(torch.stack([a, b], -1) if isinstance(a, torch.Tensor)
                                                  else pullback.stack([a, b], -1)), None),
    ]:
        xs = [pullback.tensor(p, requires_grad=True) for p in (a, b)]
        pullback.manual_seed(7)
        x = d_fn(pullback.distributions, *xs).rsample()
        cot = R.standard_normal(x.shape)
        ours = pullback.autograd.grad(x, xs, pullback.tensor(cot))
        ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
        tx = torch.tensor(x.detach().numpy())
        if m_name == "Gamma":
            # Gamma's draw is _standard_gamma(a) / b: d/da = grad(a, x b) / b, d/db = -x / b
            ga, gb = torch_grad(tx, ta.detach(), tb.detach())
            theirs = ((ga * torch.tensor(cot)).numpy(), (gb * torch.tensor(cot)).numpy())
        else:
            # Beta and Dirichlet: torch's _Dirichlet backward at the same draw, through the stack
            conc = torch.stack([ta, tb], -1)
            draw = tx if m_name == "Dirichlet" else torch.stack([tx, 1 - tx], -1)
            g_out = torch.tensor(cot) if m_name == "Dirichlet" else torch.stack(
                [torch.tensor(cot), torch.zeros(3, dtype=torch.float64)], -1)
            g_conc = torch.distributions.dirichlet._Dirichlet_backward(draw, conc.detach(), g_out)
            theirs = (g_conc[..., 0].numpy(), g_conc[..., 1].numpy())
        for o, t in zip(ours, theirs):
            np.testing.assert_allclose(o.numpy(), t, rtol=1e-10, atol=1e-12, err_msg=m_name)


def test_chi2_and_student_t_draws_are_differentiable_in_their_degrees_of_freedom():
    df = pullback.tensor([3.0, 7.0], requires_grad=True)
    for d in (pullback.distributions.Chi2(df), pullback.distributions.StudentT(df)):
        x = d.rsample((5,))
        assert x.requires_grad
        g, = pullback.autograd.grad(x.sum(), df)
        assert np.isfinite(g.numpy()).all() and (g.numpy() != 0).all()
    assert_same_error(lambda m, a: m.autograd.grad(
        m.autograd.grad(m.distributions.Gamma(a, 1.).rsample().sum(), a, create_graph=True)[0].sum(), a),
        pos(2), phrase="the derivative for '_standard_gamma_grad' is not implemented.")


def test_discrete_distributions_have_no_rsample_as_in_torch():
    for name in ("Bernoulli probs", "Categorical probs", "Poisson", "Binomial probs", "Multinomial", "Geometric probs"):
        for m in (pullback, torch):
            d = build(m, name, [m.tensor(p) for p in CASES[name][1]])
            assert not d.has_rsample
            with pytest.raises(NotImplementedError):
                d.rsample()


def test_straight_through_one_hot_passes_the_gradient_to_the_probabilities():
    # x + (probs - probs.detach()): the gradient reaches the (normalized) probabilities as if x were them
    grads = {}
    for m in (pullback, torch):
        p = m.tensor([0.4, 0.6, 1.0], dtype=m.float64, requires_grad=True)
        x = m.distributions.OneHotCategoricalStraightThrough(probs=p).rsample((4,))
        grads[m], = m.autograd.grad((x * m.tensor([1.0, 2.0, 3.0], dtype=m.float64)).sum(), p)
        assert x.grad_fn is not None
    np.testing.assert_allclose(as_numpy(grads[pullback]), as_numpy(grads[torch]), rtol=1e-12)


def test_numbers_warn_nothing_and_broadcast_all_refuses_other_types():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pullback.distributions.Normal(0.0, 1.0).log_prob(pullback.tensor(0.5))
    assert_same_error(lambda m: m.distributions.utils.broadcast_all(m.ones(2), "a"),
                      phrase="Input arguments must all be instances of Number, torch.Tensor or objects implementing")


# ---------------------------------------------------------------- edges of the parameter spaces
@pytest.mark.parametrize("fn", [
    lambda m: m.distributions.Categorical(m.tensor([0.0, 0.3, 0.7])).entropy(),
    lambda m: m.distributions.Categorical(m.tensor([0.0, 0.3, 0.7])).log_prob(m.tensor(0)),
    lambda m: m.distributions.Categorical(logits=m.tensor([-float("inf"), 0.0])).entropy(),
    lambda m: m.distributions.Bernoulli(m.tensor([0.0, 1.0])).entropy(),
    lambda m: m.distributions.Bernoulli(m.tensor([0.0, 1.0])).log_prob(m.tensor([0.0, 1.0])),
    lambda m: m.distributions.Bernoulli(m.tensor([0.5, 0.7])).mode,
    lambda m: m.distributions.Binomial(5, m.tensor([0.0, 1.0])).log_prob(m.tensor([0.0, 5.0])),
    lambda m: m.distributions.Poisson(m.tensor([0.0, 2.0])).log_prob(m.tensor([0.0, 1.0])),
    lambda m: m.distributions.Geometric(m.tensor([1.0, 0.5])).entropy(),
    lambda m: m.distributions.Uniform(0., 1., validate_args=False).log_prob(m.tensor([-0.5, 0.5, 1.0])),
    lambda m: m.distributions.Exponential(m.tensor([1.0])).cdf(m.tensor([0.0, 1.0])),
    lambda m: m.distributions.Dirichlet(m.tensor([1.0, 1.0])).log_prob(m.tensor([[0.0, 1.0]])),
    lambda m: m.distributions.Beta(1., 1.).log_prob(m.tensor([0.0, 1.0])),
    lambda m: m.distributions.StudentT(m.tensor([0.5, 1.5, 3.0])).variance,
    lambda m: m.distributions.StudentT(m.tensor([0.5, 1.5, 3.0])).mean,
    lambda m: m.distributions.Pareto(1., m.tensor([0.5, 1.5, 3.0])).variance,
    lambda m: m.distributions.Cauchy(0., 1.).variance,
    lambda m: m.distributions.Laplace(0., 1.).icdf(m.tensor([0.0, 0.5, 1.0])),
    lambda m: m.distributions.Normal(0., 1.).icdf(m.tensor([0.0, 0.5, 1.0])),
    lambda m: m.distributions.Normal(m.tensor([0.0], dtype=m.float32), 1.).log_prob(m.tensor([0.5], dtype=m.float64)),
])
def test_edges_of_the_parameter_spaces_match_torch(fn):
    ours, theirs = fn(pullback), fn(torch)
    assert repr(ours.dtype) == repr(theirs.dtype)
    # zeros, infinities and NaNs exactly; other values to float32's last bit (libm's exp differs)
    np.testing.assert_allclose(as_numpy(ours), as_numpy(theirs), rtol=2e-7, atol=0)


# ---------------------------------------------------------------- in use
def test_a_maximum_likelihood_fit_follows_torchs_trajectory():
    data = R.standard_normal(64) * 2.0 + 1.0
    fitted = {}
    for m in (pullback, torch):
        loc = m.zeros(1, dtype=m.float64, requires_grad=True)
        log_scale = m.zeros(1, dtype=m.float64, requires_grad=True)
        opt = m.optim.Adam([loc, log_scale], lr=0.1)
        for _ in range(40):
            opt.zero_grad()
            d = m.distributions.Normal(loc, log_scale.exp())
            loss = -d.log_prob(m.tensor(data)).mean() + 0.01 * m.distributions.kl_divergence(
                d, m.distributions.Normal(0.0, 1.0)).sum()
            loss.backward()
            opt.step()
        fitted[m] = np.concatenate([as_numpy(loc), as_numpy(log_scale)])
    np.testing.assert_allclose(fitted[pullback], fitted[torch], rtol=1e-10)


SCRIPT = '''
import torch
from torch.distributions import Categorical, MultivariateNormal, Normal, kl_divergence, transforms

loc = torch.tensor([0.5, -1.0], requires_grad=True)
scale = torch.tensor([1.5, 0.5], requires_grad=True)
p, q = Normal(loc, scale), Normal(0.0, 1.0)
print(p, q, p.batch_shape, p.event_shape, p.support, p.arg_constraints)
lp = p.log_prob(torch.tensor([[0.0, 1.0], [2.0, -1.0]]))
print(lp, p.entropy(), p.cdf(torch.zeros(2)), p.icdf(torch.tensor([0.2, 0.7])))
kl = kl_divergence(p, q)
print(kl)
kl.sum().backward()
print(loc.grad, scale.grad)
c = Categorical(logits=torch.tensor([[0.1, 0.2, 0.7], [1.0, -1.0, 0.0]]))
print(c, c.probs, c.log_prob(torch.tensor([2, 0])), c.entropy(), c.enumerate_support())
mvn = MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.0], [0.3, 0.8]]))
print(mvn, mvn.covariance_matrix, mvn.log_prob(torch.ones(2)), mvn.expand((3,)))
t = transforms.ComposeTransform([transforms.ExpTransform(), transforms.AffineTransform(1.0, 2.0)])
print(t, t(torch.zeros(2)), t.inv(torch.tensor([3.0, 5.0])), t.domain, t.codomain)
print(p.sample((3,)).shape, p.rsample((2, 1)).grad_fn.name())
'''


def test_a_torch_script_prints_the_same_lines_under_the_runner(tmp_path):
    import re
    import subprocess
    import sys
    script = tmp_path / "distributions_script.py"
    script.write_text(SCRIPT)
    outs = [subprocess.run([sys.executable, *pre, str(script)], capture_output=True, text=True, timeout=300)
            for pre in ([], ["-m", "pullback.run"])]
    for out in outs:
        assert out.returncode == 0, out.stderr
    theirs, ours = (re.sub(r"0x[0-9a-f]+", "ADDR", o.stdout) for o in outs)
    assert ours == theirs
