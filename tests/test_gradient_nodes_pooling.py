"""The create_graph gradients of pooling, border padding, max unpooling and nll_loss are torch's
nodes: one node taking (grad_output, self) (so the gradient requires grad through self even when
grad_output does not, with a zero derivative there), whose own gradient in grad_output is torch's
double backward (the pooling / padding / nll_loss of gg). Compared with torch in float64: the
graph's node names down to the leaves, and the second and third order gradients."""
import numpy as np
import pytest
import torch

import pullback

RNG = np.random.default_rng(0)


def randn(*shape):
    return RNG.standard_normal(shape)


def _graph(fn, depth=6):
    """The node names of a graph as nested (name, [children]) down to `depth`."""
    if fn is None:
        return None
    name = fn.name().replace("torch::autograd::", "")
    if depth == 0:
        return name
    return name, [_graph(f, depth - 1) for f, _ in fn.next_functions]


_, _IDX2 = torch.nn.functional.max_pool2d(torch.tensor(randn(2, 3, 4, 4)), 2, return_indices=True)
_, _IDX1 = torch.nn.functional.max_pool1d(torch.tensor(randn(2, 3, 6)), 3, return_indices=True)
_, _IDX3 = torch.nn.functional.max_pool3d(torch.tensor(randn(1, 2, 4, 4, 4)), 2, return_indices=True)
_TARGET = np.array([0, 2, 1, 2])
_TARGET2 = RNG.integers(0, 3, (2, 3, 2))
_WEIGHT = np.array([0.3, 1.2, 0.7])


def _idx(m, i):
    return m.tensor(i.numpy())


def _target(m, t=_TARGET):
    return m.tensor(t)


CASES = [
    ("max_pool2d", lambda m, x: m.nn.functional.max_pool2d(x, 2), (2, 3, 4, 4)),
    ("max_pool2d_overlap_pad", lambda m, x: m.nn.functional.max_pool2d(x, 3, 1, 1), (2, 3, 5, 5)),
    ("max_pool2d_indices", lambda m, x: m.nn.functional.max_pool2d(x, 2, return_indices=True)[0], (2, 3, 4, 4)),
    ("torch_max_pool2d", lambda m, x: m.max_pool2d(x, 2), (3, 4, 4)),
    ("max_pool1d", lambda m, x: m.nn.functional.max_pool1d(x, 2), (2, 3, 6)),
    ("max_pool3d", lambda m, x: m.nn.functional.max_pool3d(x, 2), (1, 2, 4, 4, 4)),
    ("adaptive_max_pool2d", lambda m, x: m.nn.functional.adaptive_max_pool2d(x, 3), (2, 3, 5, 5)),
    ("adaptive_max_pool1d", lambda m, x: m.nn.functional.adaptive_max_pool1d(x, 3), (2, 3, 5)),
    ("adaptive_max_pool3d", lambda m, x: m.nn.functional.adaptive_max_pool3d(x, 2), (1, 2, 3, 4, 5)),
    ("avg_pool2d", lambda m, x: m.nn.functional.avg_pool2d(x, 2), (2, 3, 4, 4)),
    ("avg_pool2d_pad_ceil", lambda m, x: m.nn.functional.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                                                                      count_include_pad=False), (2, 3, 6, 5)),
    ("avg_pool1d", lambda m, x: m.nn.functional.avg_pool1d(x, 2), (2, 3, 6)),
    ("avg_pool3d", lambda m, x: m.nn.functional.avg_pool3d(x, 2, divisor_override=3), (1, 2, 4, 4, 4)),
    ("adaptive_avg_pool2d", lambda m, x: m.nn.functional.adaptive_avg_pool2d(x, (3, 2)), (2, 3, 5, 5)),
    ("adaptive_avg_pool1d", lambda m, x: m.nn.functional.adaptive_avg_pool1d(x, 3), (2, 3, 5)),
    ("adaptive_avg_pool3d", lambda m, x: m.nn.functional.adaptive_avg_pool3d(x, 2), (1, 2, 3, 4, 5)),
    ("interpolate_area", lambda m, x: m.nn.functional.interpolate(x, size=(2, 3), mode="area"), (2, 3, 5, 5)),
    ("max_unpool2d", lambda m, x: m.nn.functional.max_unpool2d(x, _idx(m, _IDX2), 2), (2, 3, 2, 2)),
    ("max_unpool1d", lambda m, x: m.nn.functional.max_unpool1d(x, _idx(m, _IDX1), 3), (2, 3, 2)),
    ("max_unpool3d", lambda m, x: m.nn.functional.max_unpool3d(x, _idx(m, _IDX3), 2), (1, 2, 2, 2, 2)),
    ("reflect1d", lambda m, x: m.nn.functional.pad(x, (2, 1), mode="reflect"), (2, 3, 5)),
    ("reflect2d", lambda m, x: m.nn.functional.pad(x, (1, 2, 2, 0), mode="reflect"), (2, 3, 4, 5)),
    ("reflect3d", lambda m, x: m.nn.functional.pad(x, (1, 0, 0, 1, 1, 1), mode="reflect"), (2, 3, 3, 4)),
    ("replicate1d", lambda m, x: m.nn.functional.pad(x, (2, 3), mode="replicate"), (3, 5)),
    ("replicate2d", lambda m, x: m.nn.functional.pad(x, (1, 2, 0, 3), mode="replicate"), (2, 3, 4, 5)),
    ("replicate3d", lambda m, x: m.nn.functional.pad(x, (1, 1, 1, 1, 1, 1), mode="replicate"), (1, 2, 3, 4, 2)),
    ("nll_loss", lambda m, x: m.nn.functional.nll_loss(x, _target(m)), (4, 3)),
    ("nll_loss_sum", lambda m, x: m.nn.functional.nll_loss(x, _target(m), reduction="sum"), (4, 3)),
    ("nll_loss_none", lambda m, x: m.nn.functional.nll_loss(x, _target(m), reduction="none"), (4, 3)),
    ("nll_loss_weight_ignore", lambda m, x: m.nn.functional.nll_loss(x, _target(m), m.tensor(_WEIGHT),
                                                                      ignore_index=1), (4, 3)),
    ("nll_loss_1d", lambda m, x: m.nn.functional.nll_loss(x, m.tensor(2), reduction="none"), (3,)),
    ("nll_loss2d", lambda m, x: m.nn.functional.nll_loss(x, _target(m, _TARGET2)), (2, 3, 3, 2)),
    ("nll_loss2d_none", lambda m, x: m.nn.functional.nll_loss(x, _target(m, _TARGET2), reduction="none"),
     (2, 3, 3, 2)),
    ("cross_entropy", lambda m, x: m.nn.functional.cross_entropy(x, _target(m)), (4, 3)),
]


def _run(m, fn, x0, go_requires_grad):
    """The create_graph gradient g of fn at x0 for a random grad_output, then the gradients of
    sum(g * v) in x and grad_output, recorded again, and of that in turn (third order)."""
    rng = np.random.default_rng(1)
    x = m.tensor(x0, requires_grad=True)
    y = fn(m, x)
    go = m.tensor(rng.standard_normal(tuple(y.shape)), requires_grad=go_requires_grad)
    g, = m.autograd.grad(y, x, go, create_graph=True)
    out = {"g": g, "graph": _graph(g.grad_fn), "requires_grad": g.requires_grad}
    if not g.requires_grad:  # (max unpooling's gradient reads grad_output only)
        return out
    s = (g * m.tensor(rng.standard_normal(tuple(g.shape)))).sum()
    inputs = [x, go] if go_requires_grad else [x]
    second = m.autograd.grad(s, inputs, create_graph=True, allow_unused=True)
    out["second"] = second
    out["second_graphs"] = [None if t is None else _graph(t.grad_fn) for t in second]
    if go_requires_grad:
        h = second[1]
        t = (h * m.tensor(rng.standard_normal(tuple(h.shape)))).sum()
        out["third"] = m.autograd.grad(t, [x, go], allow_unused=True) if t.requires_grad else (None, None)
    return out


def _close(p, t, what):
    if t is None or p is None:  # a zero gradient may be given as None by either
        other = t if p is None else p
        assert other is None or not np.asarray(other.detach().numpy()).any(), f"{what}: {p} vs torch's {t}"
        return
    np.testing.assert_allclose(p.detach().numpy(), t.detach().numpy(), rtol=1e-10, atol=1e-12, err_msg=what)


@pytest.mark.parametrize("go_requires_grad", [True, False], ids=["go_requires_grad", "go_constant"])
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_create_graph_gradient_is_torchs(case, go_requires_grad):
    name, fn, shape = case
    x0 = randn(*shape)
    p, t = _run(pullback, fn, x0, go_requires_grad), _run(torch, fn, x0, go_requires_grad)
    assert p["graph"] == t["graph"]
    assert p["requires_grad"] == t["requires_grad"]
    _close(p["g"], t["g"], "first order")
    if not t["requires_grad"]:
        return
    for i, (pg, tg) in enumerate(zip(p["second"], t["second"])):
        _close(pg, tg, f"second order, input {i}")
    assert p["second_graphs"] == t["second_graphs"]
    if go_requires_grad:
        for i, (pg, tg) in enumerate(zip(p["third"], t["third"])):
            _close(pg, tg, f"third order, input {i}")


def test_gradient_in_self_is_zero_not_none():
    # torch's double backward gives self zeros (zeros_like(self)), a tensor, not an unused input
    for m in (pullback, torch):
        x = m.tensor(randn(1, 1, 4, 4), requires_grad=True)
        y = m.nn.functional.max_pool2d(x, 2)
        g, = m.autograd.grad(y, x, m.ones_like(y), create_graph=True)
        assert g.grad_fn.name() == "MaxPool2DWithIndicesBackwardBackward0"
        gg, = m.autograd.grad((g * g).sum(), x)
        assert gg.shape == x.shape and not gg.detach().numpy().any()


def test_plain_gradient_unchanged_on_arrays():
    # without create_graph the gradients are the recorded ones, bit for bit, and hold no graph
    x0 = randn(4, 3, 6, 6)
    for fn in (lambda m, x: m.nn.functional.max_pool2d(x, 2), lambda m, x: m.nn.functional.avg_pool2d(x, 3, 2, 1),
               lambda m, x: m.nn.functional.adaptive_avg_pool2d(x, 4),
               lambda m, x: m.nn.functional.pad(x, (1, 2, 2, 1), mode="reflect")):
        x = pullback.tensor(x0, requires_grad=True)
        y = fn(pullback, x)
        go = pullback.tensor(np.random.default_rng(2).standard_normal(tuple(y.shape)))
        plain, = pullback.autograd.grad(y, x, go, retain_graph=True)
        recorded, = pullback.autograd.grad(y, x, go, create_graph=True)
        assert plain.grad_fn is None and not plain.requires_grad
        np.testing.assert_array_equal(plain.numpy(), recorded.detach().numpy())
