"""What torch.distributions meets in other ops, against torch: LAPACK's column-major results,
CopySlices with a gradient of another layout, stack's and mvlgamma's gradients, the solvers'
batch broadcasting error, binary_cross_entropy_with_logits' expression."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check


RNG = np.random.default_rng(5)


def _spd(n, batch=()):
    x = RNG.standard_normal(batch + (n, n))
    return x @ np.swapaxes(x, -1, -2) + n * np.eye(n)


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
                      phrase="The size of tensor a (4) must match the size of tensor b (2) at non-singleton dimension 0")


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
