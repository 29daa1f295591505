"""The ops torch.distributions stands on, against torch: the gamma, Dirichlet and binomial samplers
with their reparameterization gradients; and what the distributions meet in other ops (LAPACK's
column-major results, CopySlices with a gradient of another layout, stack's and mvlgamma's
gradients, binary_cross_entropy_with_logits' expression).

Deterministic ops are compared with torch value for value (gradients and graphs through
oracle.check); the samplers, whose bits cannot match torch's generator, by their laws on large
fixed-seed samples (6-sigma bounds), reproducibility, support and torch's autograd metadata.
"""
import math

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error, check

COVERED = ["_standard_gamma", "_standard_gamma_grad", "_sample_dirichlet", "_dirichlet_grad", "binomial"]

RNG = np.random.default_rng(5)
N = 200_000
SIGMAS = 6


def _spd(n, batch=()):
    x = RNG.standard_normal(batch + (n, n))
    return x @ np.swapaxes(x, -1, -2) + n * np.eye(n)


# ---------------------------------------------------------------- reparameterization gradients
def _gamma_points(dtype, n=4000):
    alpha = np.exp(RNG.uniform(-4, 5, n))
    x = np.maximum(RNG.gamma(alpha), np.finfo(dtype).tiny)
    return alpha.astype(dtype), x.astype(dtype)


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-12), (np.float32, 1e-6)])
def test_standard_gamma_grad_is_torchs(dtype, rtol):
    # every branch: the Taylor series (x < 0.8), Rice's expansion (alpha > 8, near and far from
    # the mode) and the rational approximation
    alpha, x = _gamma_points(dtype)
    ours = pullback._standard_gamma_grad(pullback.tensor(alpha), pullback.tensor(x))
    theirs = torch._standard_gamma_grad(torch.tensor(alpha), torch.tensor(x))
    assert ours.dtype == getattr(pullback, np.dtype(dtype).name)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol, atol=0)


def test_standard_gamma_grad_is_the_implicit_derivative_of_the_cdf():
    # dx/dalpha = -(dF/dalpha) / (dF/dx) with F the regularized lower incomplete gamma: the
    # approximations hold to a few parts in a thousand
    alpha, x = _gamma_points(np.float64, 300)
    a, s, h = pullback.tensor(alpha), pullback.tensor(x), 1e-6
    dF_da = (pullback.igamma(a + h, s) - pullback.igamma(a - h, s)) / (2 * h)
    pdf = (pullback.xlogy(a - 1, s) - s - pullback.lgamma(a)).exp()
    expected = (-dF_da / pdf).numpy()
    got = pullback._standard_gamma_grad(a, s).numpy()
    keep = pdf.numpy() > 1e-8  # far tails: the quotient of differences loses its digits
    np.testing.assert_allclose(got[keep], expected[keep], rtol=5e-3)


@pytest.mark.parametrize("dtype,rtol", [(np.float64, 1e-10), (np.float32, 1e-3)])
def test_dirichlet_grad_is_torchs(dtype, rtol):
    # the small-x and small-(1 - x) series, Rice's expansion and the rational correction
    alpha = np.exp(RNG.uniform(-3, 4, (3000, 2)))
    x = np.stack([RNG.dirichlet(row) for row in alpha])
    x = np.clip(x, np.finfo(dtype).tiny, 1 - np.finfo(dtype).eps).astype(dtype)
    alpha = alpha.astype(dtype)
    total = np.broadcast_to(alpha.sum(-1, keepdims=True), alpha.shape).astype(dtype)
    ours = pullback._dirichlet_grad(*(pullback.tensor(v) for v in (x, alpha, total)))
    theirs = torch._dirichlet_grad(*(torch.tensor(v) for v in (x, alpha, total)))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=rtol, atol=0)


def test_reparameterization_gradient_nodes_as_torchs():
    for m in (pullback, torch):
        a = m.tensor([0.5, 2.0, 5.0], dtype=m.float64, requires_grad=True)
        s = m._standard_gamma(a)
        assert s.grad_fn.name() == "StandardGammaBackward0"
        g = m._standard_gamma_grad(a, s)
        assert g.grad_fn.name() == "StandardGammaGradBackward0"
        grad, = m.autograd.grad(s.sum(), a)
        np.testing.assert_array_equal(as_numpy(grad), as_numpy(m._standard_gamma_grad(a, s)))
        d = m._dirichlet_grad(s, a, a.sum().expand(3))
        assert d.grad_fn.name() == "torch::autograd::NotImplemented"
    assert_same_error(lambda m, a: m._standard_gamma_grad(a, a + 1).sum().backward(), np.ones(2),
                      phrase="the derivative for '_standard_gamma_grad' is not implemented.")
    assert_same_error(lambda m, a: m._dirichlet_grad(a / 4, a, a * 2).sum().backward(), np.ones(2),
                      phrase="derivative for aten::_dirichlet_grad is not implemented")


@pytest.mark.parametrize("fn,phrase", [
    (lambda m: m._standard_gamma_grad(m.tensor([1, 2]), m.tensor([1, 2])),
     "\"_standard_gamma_grad_cpu\" not implemented for 'Long'"),
    (lambda m: m._standard_gamma_grad(m.ones(2), m.ones(2, dtype=m.float64)), "Found dtype Double but expected Float"),
    (lambda m: m._dirichlet_grad(m.ones(2), m.ones(2), m.ones(2, dtype=m.int64)),
     "Found dtype Long but expected Float"),
    (lambda m: m._standard_gamma(m.tensor([1, 2])), "\"gamma_cpu\" not implemented for 'Long'"),
    (lambda m: m._sample_dirichlet(m.tensor([1, 2])), "\"dirichlet\" not implemented for 'Long'"),
    (lambda m: m.binomial(m.tensor([3, 4]), m.tensor([.5, .5])),
     "binomial only supports floating-point dtypes for count, got: Long"),
    (lambda m: m.binomial(m.tensor([3., 4.]), m.tensor([1, 0])),
     "binomial only supports floating-point dtypes for prob, got: Long"),
    (lambda m: m.binomial(m.ones(2), m.ones(2, dtype=m.float64)), "Found dtype Double but expected Float"),
])
def test_sampler_errors(fn, phrase):
    assert_same_error(fn, phrase=phrase)


# ---------------------------------------------------------------- the samplers' laws
def _assert_mean(samples, mean, sd, what):
    bound = SIGMAS * sd / math.sqrt(samples.size)
    assert abs(samples.mean() - mean) <= bound, f"{what}: mean {samples.mean()} vs {mean} +- {bound}"


@pytest.mark.parametrize("alpha", [0.05, 0.7, 3.0, 50.0])
def test_standard_gamma_draws_have_gammas_moments(alpha):
    pullback.manual_seed(0)
    x = pullback._standard_gamma(pullback.full((N,), alpha, dtype=pullback.float64)).numpy()
    assert (x > 0).all()
    _assert_mean(x, alpha, math.sqrt(alpha), "mean")
    _assert_mean((x - alpha) ** 2, alpha, math.sqrt(6 * alpha ** 3 + 2 * alpha ** 2 * 3 + 6 * alpha), "variance")


def test_standard_gamma_floors_its_draws_at_the_smallest_normal_number_as_torch():
    for m in (pullback, torch):
        x = m._standard_gamma(m.tensor([0., -1., float("nan"), 1e-30]))
        assert (as_numpy(x) == np.finfo(np.float32).tiny).all()


def test_draws_repeat_under_manual_seed_and_generators():
    alpha = pullback.tensor([0.5, 1.0, 4.0])
    for draw in (lambda g: pullback._standard_gamma(alpha, generator=g),
                 lambda g: pullback._sample_dirichlet(alpha, generator=g),
                 lambda g: pullback.binomial(alpha * 10, alpha / 5, generator=g)):
        pullback.manual_seed(3)
        first = draw(None).numpy()
        pullback.manual_seed(3)
        assert np.array_equal(draw(None).numpy(), first)
        g = pullback.Generator().manual_seed(9)
        again = pullback.Generator().manual_seed(9)
        assert np.array_equal(draw(g).numpy(), draw(again).numpy())


def test_sample_dirichlet_draws_lie_on_the_simplex_with_dirichlets_mean():
    alpha = np.array([0.3, 1.0, 4.0])
    pullback.manual_seed(1)
    x = pullback._sample_dirichlet(pullback.tensor(np.tile(alpha, (N, 1)))).numpy()
    np.testing.assert_allclose(x.sum(-1), 1, atol=1e-12)
    total = alpha.sum()
    for k in range(3):
        mean = alpha[k] / total
        _assert_mean(x[:, k], mean, math.sqrt(mean * (1 - mean) / (total + 1)), f"component {k}")


def test_sample_dirichlet_clamps_as_torch_and_records_no_derivative():
    for m in (pullback, torch):
        x = m._sample_dirichlet(m.tensor([1e-3, 1e-3]))
        assert as_numpy(x).min() >= np.finfo(np.float32).tiny and as_numpy(x).max() < 1
        assert m._sample_dirichlet(m.tensor(2.)).item() == np.nextafter(np.float32(1), np.float32(0))
        assert m._sample_dirichlet(m.zeros(2, 0)).shape == (2, 0)
    assert_same_error(lambda m, a: m._sample_dirichlet(a).sum().backward(), np.ones(3),
                      phrase="derivative for aten::_sample_dirichlet is not implemented")


def test_binomial_draws_have_binomials_moments_and_torchs_edge_values():
    pullback.manual_seed(2)
    n, p = 20.0, 0.3
    x = pullback.binomial(pullback.full((N,), n), pullback.full((N,), p)).numpy()
    assert x.dtype == np.float32 and (x == np.round(x)).all() and x.min() >= 0 and x.max() <= n
    _assert_mean(x, n * p, math.sqrt(n * p * (1 - p)), "mean")
    for m in (pullback, torch):
        edge = m.binomial(m.tensor([0., 4., 5., 5., 5.]), m.tensor([.3, 0., 1., 1.5, float("nan")]))
        np.testing.assert_array_equal(as_numpy(edge), [0., 0., 5., 5., np.nan])
    assert_same_error(lambda m, c, p: m.binomial(c, p).sum().backward(), np.ones(2) * 3, np.ones(2) / 2,
                      phrase="derivative for aten::binomial is not implemented")


# ---------------------------------------------------------------- layouts and graphs these ops meet
@pytest.mark.parametrize("fn", [
    lambda m, a, b: m.linalg.cholesky(a),
    lambda m, a, b: m.linalg.cholesky(a, upper=True),
    lambda m, a, b: m.linalg.cholesky_ex(a).L,
    lambda m, a, b: m.cholesky_inverse(a),
    lambda m, a, b: m.cholesky_solve(b, a),
    lambda m, a, b: m.linalg.solve_triangular(a, b, upper=False),
    lambda m, a, b: m.linalg.solve_triangular(a, b.mT, upper=True, left=False),
    lambda m, a, b: m.linalg.solve(a, b),
    lambda m, a, b: m.linalg.solve(a, b.mT, left=False),
    lambda m, a, b: m.linalg.inv(a),
])
def test_lapack_results_are_column_major_as_torchs(fn):
    # torch's LAPACK results are column-major: a later reshape is a _reshape_alias, view() may refuse
    a, b = _spd(3, (2,)), RNG.standard_normal((2, 3, 4))
    ours, theirs = fn(pullback, pullback.tensor(a), pullback.tensor(b)), fn(torch, torch.tensor(a), torch.tensor(b))
    assert ours.stride() == theirs.stride()


@pytest.mark.parametrize("fn", [lambda m, b, a: m.cholesky_solve(b, a), lambda m, b, a: m.triangular_solve(b, a)])
def test_solvers_refuse_batches_that_do_not_broadcast_as_torch(fn):
    assert_same_error(fn, np.ones((4, 3, 2)), np.broadcast_to(np.eye(3), (2, 3, 3)).copy(),
                      phrase="The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension")


def test_an_in_place_change_through_a_view_takes_a_gradient_of_any_layout():
    # CopySlices lays the incoming gradient out as the base before replaying the view, as torch
    for m in (pullback, torch):
        x = m.tensor(RNG.standard_normal((2, 3, 3)), requires_grad=True)
        k = m.matmul(x.mT, x).contiguous()
        k.view(-1, 9)[:, ::4] += 1
        g, = m.autograd.grad(k, x, m.ones(2, 3, 3, dtype=m.float64).mT, create_graph=True)
        assert g.shape == (2, 3, 3)


def test_mvlgammas_gradient_records_torchs_graph():
    check(lambda m, x: m.mvlgamma(x, 3), np.array([2.5, 4.0]), atol=1e-10)


def test_stacks_gradient_is_one_select_per_input_as_torchs():
    for m in (pullback, torch):
        a, b = m.ones(3, requires_grad=True), m.ones(3, requires_grad=True)
        g = m.autograd.grad(m.stack([a, b], -1), [a, b], m.ones(3, 2, requires_grad=True), create_graph=True)
        assert [t.grad_fn.name() for t in g] == ["SelectBackward0", "SelectBackward0"]


def test_binary_cross_entropy_with_logits_computes_torchs_expression():
    # (1 - y) x - log_sigmoid(x): at saturated logits the likely class's loss is exactly 0, as torch's
    x = np.array([-40.0, -15.942385, -3.0, 0.0, 2.5, 15.942385, 40.0], dtype=np.float32)
    y = np.array([0.0, 0.0, 0.3, 1.0, 0.5, 1.0, 1.0], dtype=np.float32)
    w = np.linspace(0.5, 2.0, 7).astype(np.float32)
    for kwargs in ({}, {"pos_weight": w}):
        ours = pullback.nn.functional.binary_cross_entropy_with_logits(
            pullback.tensor(x), pullback.tensor(y), reduction="none",
            **{k: pullback.tensor(v) for k, v in kwargs.items()})
        theirs = torch.nn.functional.binary_cross_entropy_with_logits(
            torch.tensor(x), torch.tensor(y), reduction="none", **{k: torch.tensor(v) for k, v in kwargs.items()})
        np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=2e-7, atol=0)
