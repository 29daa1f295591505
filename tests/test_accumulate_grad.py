"""AccumulateGrad takes a gradient buffer without copying it only when nothing else holds it."""
import numpy as np
import pytest
import torch

import pullback
from pullback._tensor import Tensor


@pytest.fixture
def copies(monkeypatch):
    """Counts the copies AccumulateGrad makes of incoming gradients."""
    count = [0]
    original = Tensor._detached_copy

    def counting(self):
        count[0] += 1
        return original(self)
    monkeypatch.setattr(Tensor, "_detached_copy", counting)
    return count


def _shares(a, b):
    return np.shares_memory(a.detach().numpy(), b.detach().numpy())


def _params(*shapes):
    rng = np.random.default_rng(0)
    return [pullback.tensor(rng.standard_normal(s), requires_grad=True) for s in shapes]


def test_sole_gradients_are_taken_without_a_copy(copies):
    x, w, b = _params((5, 3), (4, 3), (4,))
    pullback.nn.functional.linear(x, w, b).tanh().sum().backward()
    assert copies[0] == 0
    assert w.grad._data.strides == w._data.strides  # the transposed product was laid out as the weight
    assert w.grad._base is None  # taken from TBackward's view, yet not a view itself
    xt, wt, bt = (torch.tensor(p.detach().numpy(), requires_grad=True) for p in (x, w, b))
    torch.nn.functional.linear(xt, wt, bt).tanh().sum().backward()
    for p, pt in ((x, xt), (w, wt), (b, bt)):
        np.testing.assert_allclose(p.grad.numpy(), pt.grad.numpy(), rtol=1e-12)


def test_one_gradient_reaching_two_leaves_is_copied_for_one_of_them():
    x, y = _params((3,), (3,))
    (x + y).sum().backward()
    assert not _shares(x.grad, y.grad)
    x.grad.add_(1)
    assert y.grad.tolist() == [1.0, 1.0, 1.0]


def test_a_gradient_the_caller_holds_is_copied():
    x, = _params((2, 2))
    g = pullback.ones(4, dtype=pullback.float64)
    x.view(4).backward(g)
    assert not _shares(x.grad, g)
    x.grad.zero_()
    assert g.tolist() == [1.0] * 4


def test_a_gradient_a_hook_keeps_is_copied():
    x, = _params((3,))
    kept = []
    x.register_hook(kept.append)
    (x * 2).sum().backward()
    assert not _shares(x.grad, kept[0])


def test_a_gradient_retained_on_the_way_is_copied():
    x, = _params((3,))
    y = x.clone()
    y.retain_grad()
    (y * 3).sum().backward()
    assert not _shares(x.grad, y.grad)
    x.grad.zero_()
    assert y.grad.tolist() == [3.0] * 3


def test_a_view_gradient_whose_base_is_kept_is_copied():
    x, = _params((2, 3))
    kept = []
    y = x.t()
    y.register_hook(kept.append)  # holds the gradient TBackward makes a view of
    (y * 1.5).sum().backward()
    assert not _shares(x.grad, kept[0])


def test_accumulation_into_an_existing_grad_adds_in_place():
    x, = _params((3,))
    (x * 2).sum().backward()
    first = x.grad
    (x * 2).sum().backward()
    assert x.grad is first and x.grad.tolist() == [4.0] * 3
