"""Gradients that torch records as one node of their own (elu_backward, the losses' *_backward,
native_layer_norm_backward, convolution_backward, ...): under create_graph pullback's gradient is
that node too (name, edges, requires_grad), and its derivatives of second and third order,
taken through autograd of the formula, are torch's. Also the gradient's dependence on a
cotangent that itself depends on the input (the formula's partial derivatives, not more)."""
import numpy as np
import pytest
import torch

import pullback

from oracle import assert_close

RNG = np.random.default_rng(7)


CASES = {
    "elu": (lambda m, x: m.nn.functional.elu(x, 0.7), (3, 5)),
    "selu": (lambda m, x: m.nn.functional.selu(x), (3, 5)),
    "gelu": (lambda m, x: m.nn.functional.gelu(x), (3, 5)),
    "gelu_tanh": (lambda m, x: m.nn.functional.gelu(x, approximate="tanh"), (3, 5)),
    "softplus": (lambda m, x: m.nn.functional.softplus(x, 2, 1), (3, 5)),
    "glu": (lambda m, x: m.nn.functional.glu(x, 1), (3, 6)),
    "hardtanh": (lambda m, x: m.nn.functional.hardtanh(x, -0.5, 0.5), (3, 5)),
    "relu6": (lambda m, x: m.nn.functional.relu6(x * 4), (3, 5)),
    "leaky_relu": (lambda m, x: m.nn.functional.leaky_relu(x, 0.2), (3, 5)),
    "hardshrink": (lambda m, x: m.nn.functional.hardshrink(x, 0.4), (3, 5)),
    "softshrink": (lambda m, x: m.nn.functional.softshrink(x, 0.4), (3, 5)),
    "layer_norm": (lambda m, x: m.nn.functional.layer_norm(x, (5,), x[0] * 2, x[1]), (3, 5)),
    "layer_norm_plain": (lambda m, x: m.nn.functional.layer_norm(x, (5,)), (3, 5)),
    "batch_norm": (lambda m, x: m.nn.functional.batch_norm(x, None, None, x[0, :, 0] + 1, x[1, :, 0],
                                                           training=True), (4, 3, 2)),
    "batch_norm_eval": (lambda m, x: m.nn.functional.batch_norm(
        x, m.tensor(np.linspace(-0.5, 0.5, 3)), m.tensor(np.linspace(1, 2, 3)), x[0, :, 0], None), (4, 3, 2)),
    "conv2d_bias": (lambda m, x: m.nn.functional.conv2d(x[:, :2], x[:3, 2:].transpose(2, 3)[:, :, :2, :2],
                                                        x[0, 0, 0, :3]), (4, 4, 4, 4)),
    "repeat": (lambda m, x: (x.repeat(2, 3) ** 2), (2, 3)),
    "repeat_new_dims": (lambda m, x: x.repeat(4, 1, 1) ** 3, (2, 3)),
    "addmm_scaled": (lambda m, x: m.addmm(x[0], x, x.t(), beta=0.5, alpha=2.0), (3, 3)),
    "sdpa_math": (lambda m, x: m.nn.functional.scaled_dot_product_attention(x, x * 2, x.exp()), (2, 3, 4)),
}


# torch's third derivatives of layer and batch norm are not those of its second (finite
# differences of torch's own second derivative disagree with it by ~1e4 here): pullback's,
# autograd's through the gradient formula, are checked against finite differences instead
THIRD_ORDER_BY_DIFFERENCES = {"layer_norm", "layer_norm_plain", "batch_norm"}


def _second_order_scalar(m, fn, x0, cot, create_graph):
    x = m.tensor(x0, requires_grad=True)
    g, = m.autograd.grad(fn(m, x), x, m.tensor(cot), create_graph=True)
    gg, = m.autograd.grad((g * g).sum(), x, create_graph=True)
    return x, g, gg, (gg * gg).sum()


def _grads(m, fn, x0, cot):
    """First, second and third order gradients of fn at x0 (float64), the second and third
    taken through the first with create_graph (no third where the second is a constant)."""
    x, g, gg, s = _second_order_scalar(m, fn, x0, cot, True)
    ggg = m.autograd.grad(s, x)[0] if s.requires_grad else None
    return g, gg, ggg


def _third_by_differences(fn, x0, cot, step=1e-5):
    fd = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        up, down = x0.copy(), x0.copy()
        up[i] += step
        down[i] -= step
        fd[i] = (_second_order_scalar(pullback, fn, up, cot, True)[3].item()
                 - _second_order_scalar(pullback, fn, down, cot, True)[3].item()) / (2 * step)
    return fd


def _edge_names(node):
    return [None if n is None else n.name() for n, _ in node.next_functions]


@pytest.mark.parametrize("name", list(CASES))
def test_create_graph_gradient_is_torch_node(name):
    fn, shape = CASES[name]
    x0 = RNG.standard_normal(shape)
    cot = RNG.standard_normal(tuple(fn(torch, torch.tensor(x0)).shape))
    ours, theirs = _grads(pullback, fn, x0, cot), _grads(torch, fn, x0, cot)
    g, t = ours[0], theirs[0]
    assert g.requires_grad == t.requires_grad
    assert g.grad_fn.name() == t.grad_fn.name()
    assert _edge_names(g.grad_fn) == _edge_names(t.grad_fn)
    assert ours[1].requires_grad == theirs[1].requires_grad
    if name in THIRD_ORDER_BY_DIFFERENCES:
        theirs = theirs[:2] + (_third_by_differences(fn, x0, cot),)
    for order, (p, q) in enumerate(zip(ours, theirs), 1):
        if q is None:
            assert p is None
            continue
        assert_close(p, q, 1e-9 if order < 3 else 1e-4, 1e-7 if order < 3 else 1e-6, f"order {order}")


LOSSES = {
    "smooth_l1": lambda m, x, y: m.nn.functional.smooth_l1_loss(x, y, beta=0.3),
    "huber_sum": lambda m, x, y: m.nn.functional.huber_loss(x, y, delta=0.3, reduction="sum"),
    "bce": lambda m, x, y: m.nn.functional.binary_cross_entropy(x, y),
    "bce_weight_none": lambda m, x, y: m.nn.functional.binary_cross_entropy(
        x, y, weight=m.tensor(np.linspace(0.5, 1.5, 4)), reduction="none").sum(),
    "bce_logits": lambda m, x, y: m.nn.functional.binary_cross_entropy_with_logits(x, y),
    "bce_logits_pos_weight": lambda m, x, y: m.nn.functional.binary_cross_entropy_with_logits(
        x, y, pos_weight=m.tensor(np.linspace(0.5, 2, 4))),
    "soft_margin": lambda m, x, y: m.nn.functional.soft_margin_loss(x, y.detach().sign()),
}


@pytest.mark.parametrize("name", list(LOSSES))
def test_loss_gradients_are_torch_nodes(name):
    x0, y0 = RNG.uniform(0.05, 0.95, (3, 4)), RNG.uniform(0.05, 0.95, (3, 4)) - (name == "soft_margin") * 0.5
    results = {}
    for m in (pullback, torch):
        x = m.tensor(x0, requires_grad=True)
        y = m.tensor(y0, requires_grad=name != "soft_margin")
        inputs = [x, y] if y.requires_grad else [x]
        gs = m.autograd.grad(LOSSES[name](m, x, y), inputs, create_graph=True)
        gg = m.autograd.grad(sum((g ** 3).sum() for g in gs), inputs, create_graph=True)
        ggg = m.autograd.grad(sum((g * g).sum() for g in gg), inputs)
        results[m] = ([g.grad_fn.name() for g in gs], [_edge_names(g.grad_fn) for g in gs], gs + gg + ggg)
    (names, edges, values), (t_names, t_edges, t_values) = results[pullback], results[torch]
    assert names == t_names and edges == t_edges
    for p, q in zip(values, t_values):
        assert_close(p, q, 1e-9, 1e-7, name)


def test_gradient_node_differentiates_each_input_on_its_own():
    """A cotangent computed from x: the node's own derivative in x is the formula's partial
    derivative; what reaches x through the cotangent is added by the graph, once."""
    x0 = RNG.standard_normal((3, 4))
    found = {}
    for m in (pullback, torch):
        x = m.tensor(x0, requires_grad=True)
        y = m.nn.functional.elu(x, 0.5)
        g, = m.autograd.grad(y, x, x.sin(), create_graph=True)
        found[m] = m.autograd.grad(g.sum(), x)[0]
    assert_close(found[pullback], found[torch], 1e-12, 1e-10, "through the cotangent")


def test_gradient_node_saves_its_inputs_by_torch_names():
    x = pullback.tensor(RNG.standard_normal(4), requires_grad=True)
    g, = pullback.autograd.grad(pullback.nn.functional.softplus(x).sum(), x, create_graph=True)
    assert g.grad_fn.name() == "SoftplusBackwardBackward0"
    assert g.grad_fn._saved_self is not None and g.grad_fn._saved_grad_output.shape == (4,)
    pullback.autograd.grad(g.sum(), x)
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        pullback.autograd.grad(g.sum(), x)


def test_first_order_gradients_are_unchanged_without_create_graph():
    """Without create_graph the node's formula runs once, recording nothing inside it."""
    for name in ("elu", "layer_norm", "hardtanh", "conv2d_bias"):
        fn, shape = CASES[name]
        x0 = RNG.standard_normal(shape)
        x = pullback.tensor(x0, requires_grad=True)
        g, = pullback.autograd.grad(fn(pullback, x).sum(), x)
        assert g.grad_fn is None and not g.requires_grad
        t = torch.tensor(x0, requires_grad=True)
        tg, = torch.autograd.grad(fn(torch, t).sum(), t)
        assert_close(g, tg, 1e-12, 1e-10, name)


@pytest.mark.parametrize("norm", ["layer", "batch"])
def test_gradient_penalty_through_a_small_net(norm):
    """A WGAN-GP style penalty on the input gradient, backpropagated to the parameters: the
    same gradients as torch, and the same ones left None (a norm's bias gets no gradient from the
    penalty, an activation's input gets zeros)."""
    x0 = RNG.standard_normal((4, 2, 6, 6)).astype(np.float32)
    params = None
    found = {}
    for m in (pullback, torch):
        nn = m.nn
        norm_layer = nn.LayerNorm(16) if norm == "layer" else nn.BatchNorm1d(16)
        net = nn.Sequential(nn.Conv2d(2, 4, 3), nn.LeakyReLU(0.2), nn.AvgPool2d(2), nn.Flatten(), norm_layer,
                            nn.Hardtanh(), nn.Linear(16, 1))
        if params is None:
            params = [RNG.standard_normal(tuple(p.shape)).astype(np.float32) * 0.3 for p in net.parameters()]
        with m.no_grad():
            for p, a in zip(net.parameters(), params):
                p.copy_(m.tensor(a))
        x = m.tensor(x0, requires_grad=True)
        g, = m.autograd.grad(net(x).sum(), x, create_graph=True)
        ((g.flatten(1).norm(dim=1) - 1) ** 2).mean().backward()
        found[m] = [None if p.grad is None else p.grad.numpy().copy() for p in net.parameters()] + [x.grad]
    for ours, theirs in zip(found[pullback], found[torch]):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert_close(ours, theirs, 1e-5, 1e-4, "penalty gradient")
