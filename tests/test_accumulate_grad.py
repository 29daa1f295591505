"""AccumulateGrad takes a gradient buffer without copying it only when nothing else holds it."""
import numpy as np
import pytest
import torch

import pullback
from pullback._tensor import Tensor


@pytest.fixture
def copies(monkeypatch):
    """Counts the copies AccumulateGrad makes of incoming gradients."""
    from pullback.autograd import node
    count = [0]
    original = node._grad_copy

    def counting(grad, variable):
        count[0] += 1
        return original(grad, variable)
    monkeypatch.setattr(node, "_grad_copy", counting)
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


# Two gradients meeting at one input are summed into the first one's memory only when nothing
# else holds it (engine._sum_into), and only for arrays of 64 KiB or more (below, a new one is cheaper):
# the tests use (9000,) float64, 72 KiB.
_LARGE = (9000,)


@pytest.mark.parametrize("shape, in_place_expected", [(_LARGE, True), ((3,), False)])
def test_gradients_meeting_at_an_input_are_summed_in_place(monkeypatch, shape, in_place_expected):
    from pullback.autograd import engine
    in_place = []
    original = engine._sum_into

    def spy(buf, nr, g, on_arrays):
        before = id(buf[nr])  # an id, not a reference: holding the array would forbid the in-place sum
        result = original(buf, nr, g, on_arrays)
        in_place.append(id(result) == before)
        return result
    monkeypatch.setattr(engine, "_sum_into", spy)
    x, = _params(shape)
    y = x * 1.5
    (y.exp().sum() + (y * 2).sum()).backward()
    assert in_place == [in_place_expected]
    xt = torch.tensor(x.detach().numpy(), requires_grad=True)
    yt = xt * 1.5
    (yt.exp().sum() + (yt * 2).sum()).backward()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12)


def test_a_meeting_gradient_the_caller_gave_is_left_unchanged():
    x, = _params(_LARGE)
    y = x * 1.5
    g = pullback.ones(_LARGE, dtype=pullback.float64)
    (y + y.exp()).backward(g)  # y's first gradient is g itself, through AddBackward
    assert g.tolist() == [1.0] * _LARGE[0]


def test_a_meeting_gradient_a_hook_kept_is_left_unchanged():
    x, = _params(_LARGE)
    y = x * 1.5
    a = y * 2
    kept = []
    a.grad_fn.register_hook(lambda grad_inputs, grad_outputs: kept.append(grad_inputs[0]))
    (y.exp().sum() + a.sum()).backward()  # a's node runs first: its gradient for y waits in y's buffer
    assert kept[0].tolist() == [2.0] * _LARGE[0]


@pytest.mark.parametrize("case", ["transposed leaf", "transposed leaf, caller's gradient", "channels-last leaf",
                                  "strided leaf", "hooked transposed leaf"])
def test_a_copied_gradient_is_laid_out_as_its_leaf(case):
    """torch's layout contract for .grad: a gradient AccumulateGrad copies takes its leaf's strides
    where the leaf's elements fill their memory, else C order."""
    strides = []
    for m in (torch, pullback):
        if case == "channels-last leaf":
            x = m.ones(2, 3, 4, 5).to(memory_format=m.channels_last).requires_grad_()
        elif case == "strided leaf":
            x = m.ones(4, 6)[:, ::2].detach().requires_grad_()
        else:
            x = m.ones(4, 3).t().detach().requires_grad_()
        if case.startswith("hooked"):
            x.register_hook(lambda g: g)
        if case.endswith("caller's gradient"):
            x.backward(m.ones(3, 4))
        else:
            (x * 2).sum().backward()
        strides.append((x.grad.stride(), x.grad.tolist()))
    assert strides[0] == strides[1]
