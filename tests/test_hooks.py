"""Hooks (tensor, node, leaf, post-accumulate, saved tensors) and graph introspection, against torch."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_close


def hook_scenario(m):
    """Every kind of gradient hook at once; the log records what each saw and in which order."""
    log = []
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    z = y * 3
    y.register_hook(lambda g: log.append(("y1", g.tolist())))
    y.retain_grad()  # registered before the replacing hook, still sees its result (torch runs it last)
    y.register_hook(lambda g: g * 10)
    y.grad_fn.register_prehook(lambda go: log.append(("pre", go[0].tolist())))
    y.grad_fn.register_hook(lambda gi, go: log.append(("post", gi[0].tolist(), go[0].tolist())))
    removed = x.register_hook(lambda g: log.append(("removed",)))
    x.register_hook(lambda g: g + 1)
    x.register_post_accumulate_grad_hook(lambda t: log.append(("acc", t.grad.tolist())))
    removed.remove()
    z.sum().backward()
    log.append(("grads", x.grad.tolist(), y.grad.tolist()))
    log.append(("grad of leaf", m.autograd.grad((x * x).sum(), x)[0].tolist(), x.grad.tolist()))
    for inputs in ("y2", "y2 and x"):
        y2 = x * 2
        y2.register_hook(lambda g: g * 0 + 7)
        y2.grad_fn.register_prehook(lambda go: (go[0] * 0 + 100,))
        wanted = [y2] if inputs == "y2" else [y2, x]
        log.append((inputs, [t.tolist() for t in m.autograd.grad((y2 * 5).sum(), wanted)]))
    y3 = x * 2
    y3.register_hook(lambda g: g * 0 + 7)
    (y3 * 5).sum().backward(inputs=[y3])
    log.append(("backward inputs", y3.grad.tolist()))
    post = m.tensor([1.0], requires_grad=True)
    post.register_post_accumulate_grad_hook(lambda t: t.grad.mul_(0.5) and None)
    (post * 4).sum().backward()
    log.append(("post-accumulate edits .grad", post.grad.tolist()))
    return log


def test_hook_order_and_values_match_torch():
    assert hook_scenario(pullback) == hook_scenario(torch)


def _size_changing_hook(case, m, x):
    y = x * 2
    if case == "tensor hook":
        y.register_hook(lambda g: g.sum())
    elif case == "leaf hook":
        x.register_hook(lambda g: m.ones(3))
    elif case == "node post-hook":
        y.grad_fn.register_hook(lambda gi, go: (gi[0].sum(),))
    else:
        y.grad_fn.register_prehook(lambda go: (go[0].sum(),))
    y.sum().backward()


@pytest.mark.parametrize("case, phrase", [
    ("tensor hook", "hook '<lambda>' has changed the size of value"),
    ("leaf hook", "hook '<lambda>' has changed the size of value"),
    ("node post-hook", "hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)"),
    ("node pre-hook", "hook '<lambda>' has changed the size of value"),
])
def test_hooks_that_change_shapes_are_refused(case, phrase):
    for m in (pullback, torch):
        with pytest.raises(RuntimeError) as info:
            _size_changing_hook(case, m, m.ones(2, requires_grad=True))
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


@pytest.mark.parametrize("case, phrase", [
    ("post hook returns a value", "Tensor post accumulate grad hooks should return None."),
    ("no-grad tensor", "cannot register a hook on a tensor that doesn't require gradient"),
    ("post hook on non-leaf", "post accumulate grad hooks cannot be registered on non-leaf tensors"),
    ("retain_grad without grad", "can't retain_grad on Tensor that has requires_grad=False"),
])
def test_hook_errors(case, phrase):
    for m in (pullback, torch):
        x = m.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=phrase):
            if case == "post hook returns a value":
                x.register_post_accumulate_grad_hook(lambda t: t * 1)
                x.sum().backward()
            elif case == "no-grad tensor":
                m.ones(2).register_hook(lambda g: g)
            elif case == "post hook on non-leaf":
                (x * 2).register_post_accumulate_grad_hook(lambda t: None)
            else:
                m.ones(2).retain_grad()


def saved_hooks_scenario(m):
    log = []

    def pack(t):
        log.append(("pack", tuple(t.shape), t.requires_grad, None if t.grad_fn is None else t.grad_fn.name()))
        return t.detach() * 1

    def unpack(p):
        log.append(("unpack", tuple(p.shape)))
        return p
    x = m.tensor([1.0, 2.0], requires_grad=True)
    with m.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = x.exp()
        z = (y * x).sum()
    g, = m.autograd.grad(z, x, create_graph=True)
    g.sum().backward()
    c = x * 1
    with m.autograd.graph.save_on_cpu():
        w = (c * c).sum()
    c.add_(1)  # with hooks the version is not checked, as in torch
    w.backward()
    return log, g.detach().numpy(), x.grad.numpy().copy()


def test_saved_tensors_hooks_match_torch():
    pb, th = saved_hooks_scenario(pullback), saved_hooks_scenario(torch)
    packs = [sorted(map(str, log[:3])) for log in (pb[0], th[0])]
    assert packs[0] == packs[1]  # which tensors are saved, with their history (torch's order is codegen's)
    assert len(pb[0]) >= 4 and {e[0] for e in pb[0]} == {"pack", "unpack"}
    assert_close(pb[1], th[1], 1e-5, 1e-5)
    assert_close(pb[2], th[2], 1e-5, 1e-5)


def test_unpack_hook_must_return_a_tensor():
    for m in (pullback, torch):
        x = m.ones(2, requires_grad=True)
        with m.autograd.graph.saved_tensors_hooks(lambda t: 5, lambda p: p):
            y = x.sin()
        with pytest.raises(TypeError, match="Output of saved tensor unpack_hook expected to be a Tensor"):
            y.sum().backward()


def _plain(value):
    return value.detach().numpy() if hasattr(value, "detach") else np.asarray(value)


@pytest.mark.parametrize("expr, attrs", [
    (lambda m, x: x * (x + 1), ("_saved_self", "_saved_other")),
    (lambda m, x: x.exp(), ("_saved_result",)),
    (lambda m, x: x.tanh(), ("_saved_result",)),
    (lambda m, x: x.sigmoid(), ("_saved_result",)),
    (lambda m, x: x.sin(), ("_saved_self",)),
    (lambda m, x: x ** 3, ("_saved_self", "_saved_exponent")),
    (lambda m, x: x.masked_fill(x > 0, 0.0), ("_saved_mask",)),
])
def test_saved_attributes_and_introspection(expr, attrs):
    a = np.array([0.5, -1.0, 2.0], dtype=np.float32)
    outs = {}
    for m in (pullback, torch):
        x = m.tensor(a, requires_grad=True)
        y = expr(m, x)
        fn = y.grad_fn
        fn.metadata["k"] = 1
        outs[m] = [_plain(getattr(fn, n)) for n in attrs]
        # torch omits non-tensor arguments from next_functions; pullback keeps an empty edge for them
        outs[m].append((fn.name(), fn.metadata, [f.name() for f, _ in fn.next_functions if f is not None]))
        with pytest.raises(AttributeError):
            fn._saved_nothing
        y.sum().backward()
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            getattr(fn, attrs[0])
    for p, t in zip(outs[pullback][:-1], outs[torch][:-1]):
        assert_close(p, t, 1e-6, 1e-6)
    assert outs[pullback][-1] == outs[torch][-1]
    assert isinstance(pullback.tensor([1.0], requires_grad=True).exp().grad_fn, pullback.autograd.graph.Node)


@pytest.mark.parametrize("expr", [lambda m, x, y: x * 2, lambda m, x, y: x * y, lambda m, x, y: x.exp(),
                                  lambda m, x, y: m.matmul(x.reshape(1, 3), y.reshape(3, 1))])
def test_calling_a_node_runs_its_formula(expr):
    out = {}
    for m in (pullback, torch):
        x, y = m.tensor([0.5, -1.0, 2.0], requires_grad=True), m.tensor([1.5, 2.0, -0.5], requires_grad=True)
        z = expr(m, x, y)
        r = z.grad_fn(m.ones_like(z) * 3)
        out[m] = [None if g is None else (_plain(g), g.requires_grad) for g in (r if isinstance(r, tuple) else (r,))]
    assert len(out[pullback]) == len(out[torch])
    for p, t in zip(out[pullback], out[torch]):
        assert (p is None) == (t is None)
        if t is not None:
            assert_close(p[0], t[0], 1e-6, 1e-6)
            assert p[1] == t[1]


def test_hooks_and_retain_grad_across_an_inplace_change():
    seen = {}
    for m in (pullback, torch):
        log = []
        x = m.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.retain_grad()  # follows y to its new node
        y.register_hook(lambda g: log.append(("before", g.tolist())))  # stays with the old value
        y.mul_(2)
        y.register_hook(lambda g: log.append(("after", g.tolist())))
        (y * 3).sum().backward()
        seen[m] = (log, y.grad.tolist(), x.grad.tolist())
    assert seen[pullback] == seen[torch]


def test_gradient_edges():
    out = {}
    for m in (pullback, torch):
        graph = m.autograd.graph
        x = m.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        edge = graph.get_gradient_edge(y)
        leaf_edge = graph.get_gradient_edge(x)
        z = (y * 3).sum()
        del y  # the edge outlives the tensor
        out[m] = ([g.tolist() for g in m.autograd.grad(z, [edge, x])], edge.node.name(), edge.output_nr,
                  leaf_edge.node.name(), graph.GradientEdge._fields)
        with pytest.raises(RuntimeError, match="It is not possible to get the gradient edge for a Tensor"):
            graph.get_gradient_edge(m.ones(2))
    assert out[pullback][:3] == out[torch][:3]
    assert out[torch][3].endswith(out[pullback][3]) and out[pullback][4] == out[torch][4]


@pytest.mark.parametrize("where", ["tensor", "leaf"])
@pytest.mark.parametrize("returned, exc, phrase", [
    (lambda g: "bad", TypeError, "expected Variable, but hook returned 'str'"),
    (lambda g: g.double(), RuntimeError, "hook '<lambda>' has changed the type of value (was torch.FloatTensor "
                                         "got torch.DoubleTensor)"),
])
def test_hook_return_values_are_checked_like_torch(where, returned, exc, phrase):
    for m in (pullback, torch):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        (y if where == "tensor" else x).register_hook(returned)
        with pytest.raises(exc) as info:
            y.sum().backward()
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


def test_hooks_on_the_accumulate_grad_node():
    logs = {}
    for m in (pullback, torch):
        log = []
        x = m.tensor([1.0, 2.0], requires_grad=True)
        acc = (x * 1).grad_fn.next_functions[0][0]
        acc.register_prehook(lambda go: log.append(("pre", go[0].tolist())))
        acc.register_hook(lambda gi, go: log.append(("post", gi, go[0].tolist(), x.grad.tolist())))
        x.register_post_accumulate_grad_hook(lambda t: log.append(("post-accumulate", t.grad.tolist())))
        (x * 3).sum().backward()
        m.autograd.grad((x * 5).sum(), x)  # .grad is not accumulated, so the node does not run
        logs[m] = log
    assert logs[pullback] == logs[torch]
    assert [e[0] for e in logs[torch]] == ["pre", "post-accumulate", "post"]
