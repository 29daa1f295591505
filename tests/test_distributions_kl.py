"""kl_divergence against torch: every pair of types torch registers (values, gradients in both
distributions' parameters, second order, graphs), the lookup's dispatch through subclasses and
its errors, and register_kl."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

R = np.random.default_rng(23)


def pos(*s):
    return R.uniform(0.5, 2.0, s)


def real(*s):
    return R.standard_normal(s)


def prob(*s):
    return R.uniform(0.15, 0.85, s)


def _spd(m, x):
    return x @ x.mT + 3 * m.eye(3, dtype=x.dtype)


# type name -> (build(m, D, *params), param arrays); batch shape (2,) throughout
FAMILIES = {
    "Bernoulli": (lambda m, D, p: D.Bernoulli(probs=p), [prob(2)]),
    "Beta": (lambda m, D, a, b: D.Beta(a, b), [pos(2), pos(2)]),
    "Binomial": (lambda m, D, p: D.Binomial(8, probs=p), [prob(2)]),
    "Categorical": (lambda m, D, p: D.Categorical(logits=p), [real(2, 3)]),
    "Cauchy": (lambda m, D, a, b: D.Cauchy(a, b), [real(2), pos(2)]),
    "ContinuousBernoulli": (lambda m, D, p: D.ContinuousBernoulli(probs=p), [np.array([0.2, 0.7])]),
    "Dirichlet": (lambda m, D, a: D.Dirichlet(a), [pos(2, 3)]),
    "Exponential": (lambda m, D, r: D.Exponential(r), [pos(2)]),
    "Gamma": (lambda m, D, a, b: D.Gamma(a, b), [pos(2), pos(2)]),
    "Geometric": (lambda m, D, p: D.Geometric(probs=p), [prob(2)]),
    "Gumbel": (lambda m, D, a, b: D.Gumbel(a, b), [real(2), pos(2)]),
    "HalfNormal": (lambda m, D, b: D.HalfNormal(b), [pos(2)]),
    "Independent": (lambda m, D, a, b: D.Independent(D.Normal(a, b), 1), [real(2, 3), pos(2, 3)]),
    "Laplace": (lambda m, D, a, b: D.Laplace(a, b), [real(2), pos(2)]),
    "LowRankMultivariateNormal": (lambda m, D, l, f, d: D.LowRankMultivariateNormal(l, f, d),
                                  [real(2, 3), real(3, 2), pos(3)]),
    "MultivariateNormal": (lambda m, D, l, x: D.MultivariateNormal(l, covariance_matrix=_spd(m, x)),
                           [real(2, 3), real(3, 3)]),
    "Normal": (lambda m, D, a, b: D.Normal(a, b), [real(2), pos(2)]),
    "OneHotCategorical": (lambda m, D, p: D.OneHotCategorical(logits=p), [real(2, 3)]),
    "Pareto": (lambda m, D, a, b: D.Pareto(a, b + 1), [pos(2), pos(2)]),
    "Poisson": (lambda m, D, r: D.Poisson(r), [pos(2)]),
    "TransformedDistribution": (lambda m, D, a, b: D.TransformedDistribution(
        D.Normal(a, b), [D.transforms.ExpTransform()]), [real(2), pos(2)]),
    "Uniform": (lambda m, D, a, b: D.Uniform(a, a + b), [real(2), pos(2)]),
    "Wishart": (lambda m, D, d, x: D.Wishart(d + 4, covariance_matrix=_spd(m, x)), [pos(2), real(3, 3)]),
}
# torch's registry, by name; ExponentialFamily's pair is reached through a family with no pair of
# its own (Wishart's), and each other pair directly
PAIRS = sorted({(p.__name__, q.__name__) for p, q in torch.distributions.kl._KL_REGISTRY})
CASES = [("Wishart", "Wishart") if pair == ("ExponentialFamily", "ExponentialFamily") else pair for pair in PAIRS]


def _kl(m, p_name, q_name, params):
    k = len(FAMILIES[p_name][1])
    p = FAMILIES[p_name][0](m, m.distributions, *params[:k])
    q = FAMILIES[q_name][0](m, m.distributions, *params[k:])
    return m.distributions.kl_divergence(p, q)


@pytest.mark.parametrize("p_name,q_name", CASES, ids=[f"{p}-{q}" for p, q in CASES])
def test_kl_divergence_matches_torch(p_name, q_name):
    params = FAMILIES[p_name][1] + FAMILIES[q_name][1]
    # (Wishart's gradient in q's covariance is zero up to rounding, whose last bits differ between
    # a backward on arrays and one recording a graph)
    check(lambda m, *xs: _kl(m, p_name, q_name, xs), *params, atol=1e-8, plain_exact=p_name != "Wishart")


FD_CASES = [c for c in CASES if "Wishart" not in c]
# supports nested with room to spare, so that the perturbations keep the divergence finite
NESTED = {("Pareto", "Pareto"): [np.array([2.0, 3.0]), pos(2), np.array([1.0, 1.5]), pos(2)],
          ("Uniform", "Uniform"): [np.array([0.0, 1.0]), np.array([1.0, 2.0]), np.array([-1.0, 0.5]),
                                   np.array([3.0, 4.0])]}


@pytest.mark.parametrize("p_name,q_name", FD_CASES, ids=[f"{p}-{q}" for p, q in FD_CASES])
def test_kl_divergence_gradient_by_finite_differences(p_name, q_name):
    params = NESTED.get((p_name, q_name), FAMILIES[p_name][1] + FAMILIES[q_name][1])
    value = _kl(pullback, p_name, q_name, [pullback.tensor(a) for a in params])
    if not np.isfinite(value.numpy()).all():
        return  # supports that do not nest: infinity, constant in the parameters
    gradcheck_fd(lambda m, *xs: _kl(m, p_name, q_name, xs), *params)


def test_the_registry_holds_torchs_pairs():
    ours = {(p.__name__, q.__name__) for p, q in pullback.distributions.kl._KL_REGISTRY}
    assert ours == set(PAIRS)


def test_a_pair_without_a_closed_form_raises_torchs_error():
    assert_same_error(lambda m: m.distributions.kl_divergence(m.distributions.Normal(0., 1.),
                                                              m.distributions.Cauchy(0., 1.)),
                      phrase="No KL(p || q) is implemented")
    assert_same_error(lambda m: m.distributions.kl_divergence(
        m.distributions.Independent(m.distributions.Normal(m.zeros(2), 1.), 1),
        m.distributions.Independent(m.distributions.Normal(m.zeros(2, 2), 1.), 2)), phrase="")
    assert_same_error(lambda m: m.distributions.kl_divergence(
        m.distributions.MultivariateNormal(m.zeros(2), m.eye(2)),
        m.distributions.MultivariateNormal(m.zeros(3), m.eye(3))),
        phrase="KL-divergence between two Multivariate Normals with")


def test_register_kl_takes_the_most_specific_pair_and_warns_on_ambiguity():
    D = pullback.distributions

    class MyNormal(D.Normal):
        pass

    class MyOtherNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl_mine(p, q):
        return pullback.tensor(42.0)

    try:
        assert D.kl_divergence(MyNormal(0., 1.), D.Normal(0., 1.)).item() == 42.0
        assert D.kl_divergence(MyNormal(0., 1.), MyOtherNormal(0., 1.)).item() == 42.0
        assert D.kl_divergence(MyOtherNormal(0., 1.), D.Normal(0., 2.)).item() == pytest.approx(
            D.kl_divergence(D.Normal(0., 1.), D.Normal(0., 2.)).item())

        @D.register_kl(D.Normal, MyOtherNormal)
        def _kl_other(p, q):
            return pullback.tensor(7.0)

        with pytest.warns(RuntimeWarning, match="Ambiguous kl_divergence"):
            D.kl_divergence(MyNormal(0., 1.), MyOtherNormal(0., 1.))
    finally:
        for key in [k for k in D.kl._KL_REGISTRY if MyNormal in k or MyOtherNormal in k]:
            del D.kl._KL_REGISTRY[key]
        D.kl._KL_MEMOIZE.clear()
