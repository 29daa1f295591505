"""Hooks (tensor, node, leaf, post-accumulate, saved tensors) and graph introspection, against torch."""
import warnings
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


# expression -> torch's _saved_* attributes pullback's node does not keep (everything else must match)
SAVED_CASES = {
    "x * y": (lambda m, x, y: x * y, ()),
    "x * 2": (lambda m, x, y: x * 2, ()),
    "x / 2.5": (lambda m, x, y: x / 2.5, ()),
    "add alpha": (lambda m, x, y: m.add(x, y, alpha=2), ()),
    "sub": (lambda m, x, y: x - y, ()),
    "sub alpha": (lambda m, x, y: m.sub(x, y, alpha=3), ()),
    "pow scalar": (lambda m, x, y: x ** 3, ()),
    "pow tensor": (lambda m, x, y: x.abs() ** y, ()),
    "rpow": (lambda m, x, y: 2 ** x, ()),
    "exp": (lambda m, x, y: x.exp(), ()),
    "relu": (lambda m, x, y: x.relu(), ()),
    "sum": (lambda m, x, y: x.sum(), ()),
    "sum dim": (lambda m, x, y: x.sum(1), ()),
    "mean": (lambda m, x, y: x.mean(), ()),
    "mean dim": (lambda m, x, y: x.mean(1, keepdim=True), ()),
    "var": (lambda m, x, y: x.var(), ()),
    "std dim": (lambda m, x, y: x.std(1), ()),
    "norm": (lambda m, x, y: x.norm(), ()),
    "logsumexp": (lambda m, x, y: x.logsumexp(1), ()),
    "amax": (lambda m, x, y: x.amax(1), ()),
    "max dim": (lambda m, x, y: x.max(1)[0], ()),
    "sort": (lambda m, x, y: x.sort(1)[0], ()),
    "topk": (lambda m, x, y: x.topk(2)[0], ()),
    "cumsum": (lambda m, x, y: x.cumsum(1), ()),
    "softmax": (lambda m, x, y: x.softmax(1), ()),
    "log_softmax": (lambda m, x, y: x.log_softmax(0), ()),
    "mm": (lambda m, x, y: x @ y.t(), ()),
    "mv": (lambda m, x, y: m.mv(x, y[0]), ()),
    "bmm": (lambda m, x, y: m.bmm(x[None], y.t()[None]), ()),
    "dot": (lambda m, x, y: m.dot(x[0], y[0]), ()),
    "linear (addmm)": (lambda m, x, y: m.nn.functional.linear(x, y, y[:, 0]), ()),
    "view": (lambda m, x, y: x.view(3, 2), ()),
    "transpose": (lambda m, x, y: x.transpose(0, 1), ()),
    "permute": (lambda m, x, y: x.permute(1, 0), ()),
    "unsqueeze": (lambda m, x, y: x.unsqueeze(1), ()),
    "expand": (lambda m, x, y: x[0].expand(4, 3), ()),
    "select": (lambda m, x, y: x[1], ()),
    "slice": (lambda m, x, y: x[:, 1:], ()),
    "narrow": (lambda m, x, y: x.narrow(1, 0, 2), ()),
    "index": (lambda m, x, y: x[m.tensor([1, 0])], ()),
    "cat": (lambda m, x, y: m.cat([x, y], 1), ()),
    "stack": (lambda m, x, y: m.stack([x, y]), ()),
    "split": (lambda m, x, y: x.split(1)[0], ("split_size",)),
    "unbind": (lambda m, x, y: x.unbind(1)[0], ()),
    "repeat": (lambda m, x, y: x.repeat(2, 1), ()),
    "flip": (lambda m, x, y: x.flip(0), ()),
    "roll": (lambda m, x, y: x.roll(1, 1), ()),
    "tril": (lambda m, x, y: x.tril(1), ()),
    "pad": (lambda m, x, y: m.nn.functional.pad(x, (1, 2)), ()),
    "diagonal": (lambda m, x, y: x.diagonal(), ()),
    "unfold": (lambda m, x, y: x.unfold(1, 2, 1), ()),
    "gather": (lambda m, x, y: x.gather(1, m.tensor([[0], [1]])), ("self",)),
    "index_select": (lambda m, x, y: x.index_select(1, m.tensor([0, 2])), ()),
    "scatter_add": (lambda m, x, y: x.scatter_add(1, m.tensor([[0], [1]]), y[:, :1]), ()),
    "masked_select": (lambda m, x, y: x.masked_select(x > 0), ("self",)),
    "where": (lambda m, x, y: m.where(x > 0, x, y), ()),
    "masked_fill": (lambda m, x, y: x.masked_fill(x > 0, 0.0), ()),
    "clamp": (lambda m, x, y: x.clamp(-0.5, 0.5), ()),
    "clamp min": (lambda m, x, y: x.clamp(min=0.1), ()),
    "lerp": (lambda m, x, y: m.lerp(x, y, 0.3), ()),
    "addcmul": (lambda m, x, y: m.addcmul(x, x, y, value=2), ()),
    "gelu": (lambda m, x, y: m.nn.functional.gelu(x, approximate="tanh"), ()),
    "leaky_relu": (lambda m, x, y: m.nn.functional.leaky_relu(x, 0.2), ()),
    "elu": (lambda m, x, y: m.nn.functional.elu(x, 0.7), ()),
    "selu": (lambda m, x, y: m.nn.functional.selu(x), ()),
    "softplus": (lambda m, x, y: m.nn.functional.softplus(x, 2.0, 10.0), ()),
    "hardtanh": (lambda m, x, y: m.nn.functional.hardtanh(x, -0.5, 0.8), ()),
    "threshold": (lambda m, x, y: m.nn.functional.threshold(x, 0.1, 20.0), ()),
    "relu double backward": (lambda m, x, y: m.autograd.grad(x.relu().sum(), x, create_graph=True)[0], ()),
    "glu": (lambda m, x, y: m.nn.functional.glu(x[:, :2], 1), ()),
    "prelu": (lambda m, x, y: m.nn.functional.prelu(x, m.tensor([0.25])), ()),
    "mse_loss": (lambda m, x, y: m.nn.functional.mse_loss(x, y), ()),
    "smooth_l1_loss": (lambda m, x, y: m.nn.functional.smooth_l1_loss(x, y, beta=0.5), ()),
    "huber_loss": (lambda m, x, y: m.nn.functional.huber_loss(x, y, delta=2.0), ()),
    "bce": (lambda m, x, y: m.nn.functional.binary_cross_entropy(x.sigmoid(), y.sigmoid()), ("weight",)),
    "embedding": (lambda m, x, y: m.nn.functional.embedding(m.tensor([1, 0]), x, padding_idx=1), ()),
    "layer_norm": (lambda m, x, y: m.nn.functional.layer_norm(x, (3,)), ("bias", "result1", "result2")),
    "logit": (lambda m, x, y: x.sigmoid().logit(1e-3), ()),
    "max_pool2d": (lambda m, x, y: m.nn.functional.max_pool2d(x[None], (1, 2), 1, (0, 1), ceil_mode=True), ()),
    "max_pool2d no stride": (lambda m, x, y: m.nn.functional.max_pool2d(x[None], (1, 2)), ()),  # saved as ()
    "adaptive_max_pool2d": (lambda m, x, y: m.nn.functional.adaptive_max_pool2d(x[None], (2, 2)), ()),
    "vector_norm dim=None": (lambda m, x, y: m.linalg.vector_norm(x), ()),
    "vector_norm every dim listed": (lambda m, x, y: m.linalg.vector_norm(x, 3, dim=(0, 1)), ()),
    "norm dim keepdim dtype": (lambda m, x, y: x.norm(dim=1, keepdim=True, dtype=m.float64), ()),
    "addmv": (lambda m, x, y: m.addmv(x[0, :2], x, y[1], beta=0.5, alpha=2), ()),
    "addr": (lambda m, x, y: m.addr(x, y[:, 0], y[0], alpha=3), ()),
    "baddbmm": (lambda m, x, y: m.baddbmm(x[None, :, :2], x[None], y.mT[None], beta=2), ()),
    "addbmm": (lambda m, x, y: m.addbmm(x[:, :2], x[None], y.mT[None]), ()),
    "dist": (lambda m, x, y: m.dist(x, y, 2.5), ()),
    "renorm": (lambda m, x, y: m.renorm(x, 3.0, 1, 0.5), ()),
}
A2 = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]], dtype=np.float32)
B2 = np.array([[1.5, 2.0, -0.5], [0.2, -0.4, 0.9]], dtype=np.float32)


def _comparable(v):
    """A saved value as plain data; torch shows a negative int64 as unsigned (2**64 - 1 for -1), and
    keeps a negative dim as given where pullback keeps the dim it names (all inputs here are 2-d)."""
    if isinstance(v, (pullback.Tensor, torch.Tensor)):
        return ("tensor", _plain(v).tolist(), str(v.dtype).replace("torch.", ""), tuple(v.shape))
    if isinstance(v, (tuple, list)):
        return tuple(_comparable(e) for e in v)
    if isinstance(v, int) and not isinstance(v, bool) and v >= 2 ** 63:
        return (v - 2 ** 64) % 2
    return v


@pytest.mark.parametrize("key", list(SAVED_CASES))
def test_saved_attributes_of_common_nodes_match_torch(key):
    expr, absent = SAVED_CASES[key]
    nodes = {}
    for m in (pullback, torch):
        x, y = m.tensor(A2, requires_grad=True), m.tensor(B2, requires_grad=True)
        nodes[m] = expr(m, x, y).grad_fn
    t_fn, p_fn = nodes[torch], nodes[pullback]
    assert p_fn.name() == t_fn.name()
    names = sorted(n for n in dir(t_fn) if n.startswith("_saved_"))
    for n in names:
        if n[7:] in absent:
            continue
        t_val = getattr(t_fn, n)
        assert hasattr(p_fn, n), f"{t_fn.name()} has no {n} (torch: {t_val!r})"
        p_val = getattr(p_fn, n)
        t_cmp, p_cmp = _comparable(t_val), _comparable(p_val)
        if isinstance(t_cmp, tuple) and t_cmp[:1] == ("tensor",):
            assert p_cmp[2:] == t_cmp[2:], f"{n}: {p_cmp} vs torch's {t_cmp}"
            assert_close(np.array(p_cmp[1], dtype=float), np.array(t_cmp[1], dtype=float), 1e-6, 1e-6, n)
        else:
            assert p_cmp == t_cmp, f"{n}: {p_val!r} vs torch's {t_val!r}"
    ours = {n for n in dir(p_fn) if n.startswith("_saved_") and not callable(getattr(type(p_fn), n, None))}
    assert ours <= set(names), f"pullback has attributes torch does not: {sorted(ours - set(names))}"


def test_saved_arguments_outlive_backward_and_saved_tensors_do_not():
    for m in (pullback, torch):
        x = m.tensor(A2, requires_grad=True)
        s = x.sum(1)
        p = x * 2.5
        (s.sum() + p.sum()).backward()
        assert s.grad_fn._saved_dim == (1,) and s.grad_fn._saved_self_sym_sizes == (2, 3)
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            p.grad_fn._saved_other
    wrapped = {m: [repr((m.ones(1, requires_grad=True) * v).grad_fn._saved_other) for v in (2, 2.5, True)]
               for m in (pullback, torch)}
    assert wrapped[pullback] == wrapped[torch] == ["tensor(2)", "tensor(2.5000, dtype=torch.float64)", "tensor(True)"]


@pytest.mark.parametrize("op", [lambda m, x, w: x * w, lambda m, x, w: x / w, lambda m, x, w: m.atan2(x, w),
                                lambda m, x, w: x.mm(w), lambda m, x, w: x.pow(w), lambda m, x, w: m.hypot(x, w),
                                lambda m, x, w: m.maximum(x, w), lambda m, x, w: m.addmm(x[0], x, w),
                                lambda m, x, w: m.nn.functional.max_pool2d(x[None], (1, 2), 1)])
def test_pack_hooks_see_saved_tensors_in_torchs_order(op):
    # torch packs an op's saved tensors by name (mul: other before self), its outputs last
    orders = {}
    for m in (pullback, torch):
        x = m.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        w = m.tensor([[0.5, 1.5], [2.5, 3.5]], requires_grad=True)
        order = []

        def pack(t):
            order.append(t.detach().numpy().tolist())
            return t
        with m.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            op(m, x, w)
        orders[m] = order
    assert orders[pullback] == orders[torch]


def test_raw_saved_tensors_take_hooks_after_the_fact_as_in_torch():
    seen = {}
    for m in (pullback, torch):
        calls = []
        x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x.pow(2)
        raw = y.grad_fn._raw_saved_self
        raw.register_hooks(lambda t: calls.append("pack") or t * 2, lambda t: calls.append("unpack") or t)
        with pytest.raises(RuntimeError) as again:
            raw.register_hooks(lambda t: t, lambda t: t)
        y.sum().backward()  # the formula reads the packed (doubled) input: 2 * (2x)
        z = x.pow(3)
        freed = z.grad_fn._raw_saved_self
        z.sum().backward()
        with pytest.raises(RuntimeError) as after_free:
            freed.register_hooks(lambda t: t, lambda t: t)
        with pytest.raises(TypeError):
            y.grad_fn._raw_saved_self.register_hooks(1, lambda t: t)
        u = x.pow(2)
        u.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: 5)
        with pytest.raises(TypeError) as bad_unpack:
            u.sum().backward()
        seen[m] = (calls, x.grad.tolist(), str(again.value), str(after_free.value).split(".")[0],
                   str(bad_unpack.value))
    assert seen[pullback] == seen[torch]


_POST_HOOK_CASES = {
    "sum over a dim": lambda m, x, w: x.sum(1),
    "max pooling": lambda m, x, w: m.nn.functional.max_pool2d(x, 2),
    "times a number": lambda m, x, w: x * 2,
    "conv without bias": lambda m, x, w: m.nn.functional.conv2d(x, w, padding=1),
    "cat with a constant": lambda m, x, w: m.cat([x, x.detach()], 1),
    "index": lambda m, x, w: x[0, 1],
    "broadcast add": lambda m, x, w: x + w[0, 0, :1, :1],  # the second grad_input summed to (1, 1)
    "embedding": lambda m, x, w: m.nn.functional.embedding(m.tensor([0, 2]), x[0, 0]),
    "embedding_bag": lambda m, x, w: m.nn.functional.embedding_bag(m.tensor([0, 1, 2]), x[0, 0], m.tensor([0, 2])),
}


@pytest.mark.parametrize("case", _POST_HOOK_CASES)
def test_post_hooks_see_one_grad_input_per_edge_as_torch(case):
    """A node's post-hook gets a grad_input for each of torch's edges (None for an absent optional
    tensor such as conv's bias), none for dims, flags and indices; what it returns replaces them."""
    rng = np.random.default_rng(5)
    x0, w0 = rng.standard_normal((2, 3, 4, 4)), rng.standard_normal((5, 3, 3, 3))
    seen, grads = {}, {}
    for m in (torch, pullback):
        x, w = m.tensor(x0, requires_grad=True), m.tensor(w0, requires_grad=True)
        y = _POST_HOOK_CASES[case](m, x, w)
        log = seen[m.__name__] = []

        def hook(grad_inputs, grad_outputs, log=log):
            log.append((len(grad_outputs), [None if g is None else tuple(g.shape) for g in grad_inputs]))
            return tuple(None if g is None else g * 3 for g in grad_inputs)
        y.grad_fn.register_hook(hook)
        log.append(len(y.grad_fn.next_functions))
        (y * y).sum().backward()
        grads[m.__name__] = x.grad
    assert seen["pullback"] == seen["torch"]
    assert_close(grads["pullback"], grads["torch"], 1e-12, 1e-12, "gradient scaled by the post-hook")


def test_max_pooling_keeps_its_saved_tensors_as_torch():
    """Its input and indices are saved tensors: a second backward fails, and an in-place change
    of the indices is noticed."""
    for m in (pullback, torch):
        x = m.tensor(np.arange(16.0).reshape(1, 1, 4, 4), requires_grad=True)
        y = m.nn.functional.max_pool2d(x, 2)
        y.sum().backward()
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            y.sum().backward()
        y, idx = m.nn.functional.max_pool2d(x, 2, return_indices=True)
        idx.add_(0)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def _graph_names(fn):
    """The node names of the graph below `fn`, depth first, as a nested list."""
    if fn is None:
        return None
    return [fn.name(), [_graph_names(f) for f, _ in fn.next_functions]]


@pytest.mark.parametrize("expr", [lambda x: (x.tanh() ** 3).sum(), lambda x: (x ** 2).sum(), lambda x: (x ** 0.5).sum(),
                                  lambda x: (x.mean() ** 2), lambda x: (x.mean(0, keepdim=True) ** 2).sum(),
                                  lambda x: x.exp2().sum(), lambda x: (x / 3).sum() ** 2,
                                  lambda x: (x.softmax(0) * x.detach()).sum(), lambda x: (x.log_softmax(0) ** 2).sum()])
def test_a_gradient_recorded_with_create_graph_has_torchs_graph(expr):
    data = np.array([0.5, 1.5, 2.0])
    graphs = []
    for m in (pullback, torch):
        x = m.tensor(data, requires_grad=True)
        g, = m.autograd.grad(expr(x), x, create_graph=True)
        graphs.append(_graph_names(g.grad_fn))
    assert graphs[0] == graphs[1]


@pytest.mark.parametrize("shapes", [((2, 3), (3,)), ((2, 3), (1, 3)), ((2, 3), (2, 1)), ((2, 3), ()),
                                    ((4, 2, 3), (2, 1))])
def test_a_broadcast_input_gradient_is_summed_as_torchs_sum_to(shapes):
    """The gradient of a broadcast input, recorded: sum() to a 0-d input, else a sum over the
    broadcast dims kept, viewed without the leading ones (at::sum_to); the plain backward's bits
    are the recorded one's."""
    rng = np.random.default_rng(2)
    a0, b0 = rng.standard_normal(shapes[0]), rng.standard_normal(shapes[1])
    graphs, grads = [], []
    for m in (pullback, torch):
        a, b = m.tensor(a0, requires_grad=True), m.tensor(b0, requires_grad=True)
        g, = m.autograd.grad((a * b).sum(), b, create_graph=True)
        graphs.append(_graph_names(g.grad_fn))
        grads.append(g.detach().numpy())
    assert graphs[0] == graphs[1]
    a, b = pullback.tensor(a0), pullback.tensor(b0, requires_grad=True)
    (a * b).sum().backward()
    np.testing.assert_array_equal(b.grad.numpy(), grads[0])
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12)


def test_sum_to_size_records_and_refuses_as_torch():
    for m in (pullback, torch):
        x = m.ones(2, 3, requires_grad=True)
        assert [x.sum_to_size(s).grad_fn.name() for s in ((3,), (1, 3), (2, 1), ())] == \
            ["ViewBackward0", "SumBackward1", "SumBackward1", "SumBackward0"]
        with pytest.raises(RuntimeError, match=r"size \{\[4\]\} is not expandable to size \{\[2, 3\]\}"):
            x.sum_to_size(4)
        with pytest.raises(TypeError, match="missing 1 required positional argument"):
            x.sum_to_size()
        y = x.sum() * 1
        assert y.sum_to_size(()) is not y and y.sum_to_size(()).grad_fn.name() == "SumBackward0"


@pytest.mark.parametrize("expr", [
    lambda m, a, b: m.cat([a, b]), lambda m, a, b: m.stack([a, b]), lambda m, a, b: m.block_diag(a[None], b[None]),
    lambda m, a, b: m.where(a > 0, a, b), lambda m, a, b: a * b, lambda m, a, b: a + b, lambda m, a, b: a - b,
    lambda m, a, b: m.addcmul(a, a, b), lambda m, a, b: m.maximum(a, b), lambda m, a, b: m.atan2(a, b),
    lambda m, a, b: m.hstack([a, b])])
def test_post_hooks_see_none_for_an_input_that_needs_no_gradient_as_torch(expr):
    """torch's per-input formulas skip an input that needs no gradient (its grad_input is None);
    a tensor list's one formula (cat, stack, block_diag) gives them all."""
    seen = []
    for m in (pullback, torch):
        a, b = m.ones(2, requires_grad=True), m.ones(2)
        y = expr(m, a, b)
        log = []
        y.grad_fn.register_hook(lambda gi, go, log=log: log.append([None if g is None else tuple(g.shape) for g in gi]))
        y.sum().backward()
        seen.append((y.grad_fn.name(), log))
    assert seen[0] == seen[1]


def _hook_warnings(m):
    x = m.ones(2, requires_grad=True)
    plain = x._backward_hooks
    handle = x.register_hook(lambda g: g)
    x.register_hook(m.utils.hooks.unserializable_hook(lambda g: g))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m.utils.hooks.warn_if_has_hooks(x)
    return (plain, isinstance(handle, m.utils.hooks.RemovableHandle), len(x._backward_hooks), len(caught),
            "will not be serialized" in str(caught[0].message))


def test_utils_hooks_match_torch():
    assert _hook_warnings(pullback) == _hook_warnings(torch)


def _global_module_hooks(m):
    import importlib
    mm = importlib.import_module(m.__name__ + ".nn.modules.module")
    seen = []
    lin = m.nn.Linear(2, 2)
    with m.no_grad():
        lin.weight.copy_(m.tensor([[1.0, 2.0], [3.0, 4.0]]))
        lin.bias.zero_()
    lin.register_forward_pre_hook(lambda mod, a: seen.append("own pre"))
    lin.register_forward_hook(lambda mod, a, o: seen.append("own fwd"))
    lin.register_full_backward_hook(lambda mod, gi, go: seen.append(("own bwd", [g.tolist() for g in gi])))
    handles = [
        mm.register_module_forward_pre_hook(lambda mod, a: seen.append(("global pre", type(mod).__name__))),
        mm.register_module_forward_hook(lambda mod, a, k, o: seen.append(("global fwd", sorted(k))) or o * 2,
                                        with_kwargs=True),
        mm.register_module_full_backward_pre_hook(lambda mod, go: seen.append(("global bwd pre", go[0].tolist()))),
        mm.register_module_full_backward_hook(lambda mod, gi, go: seen.append("global bwd")),
    ]
    x = m.ones(1, 2, requires_grad=True)
    lin(x).sum().backward()
    seen.append(x.grad.tolist())

    class Failing(m.nn.Module):
        def forward(self, x):
            raise ValueError("no")

    handles.append(mm.register_module_forward_hook(lambda mod, a, o: seen.append(("always", o)), always_call=True))
    try:
        Failing()(x)
    except ValueError:
        seen.append("raised")
    for h in handles:
        h.remove()
    lin(x)
    return seen


def test_global_module_hooks_run_as_torchs():
    assert _global_module_hooks(pullback) == _global_module_hooks(torch)


def _registration_hooks(m):
    import importlib
    mm = importlib.import_module(m.__name__ + ".nn.modules.module")
    seen, replacements = [], []

    def replacing(mod, name, p):
        seen.append(("param", type(mod).__name__, name))
        if name == "bias":
            replacements.append(m.nn.Parameter(m.zeros(p.shape)))
            return replacements[-1]
        return None

    handles = [
        mm.register_module_buffer_registration_hook(
            lambda mod, name, b: seen.append(("buffer", type(mod).__name__, name, b is None))),
        mm.register_module_parameter_registration_hook(replacing),
        mm.register_module_module_registration_hook(
            lambda mod, name, sub: seen.append(("module", type(mod).__name__, name, type(sub).__name__))),
    ]
    model = m.nn.Sequential(m.nn.Linear(2, 3), m.nn.BatchNorm1d(3))
    model.extra = m.nn.ReLU()
    model[0].register_parameter("gone", None)
    model.register_buffer("scale", m.ones(1))
    bias = model[0].bias is replacements[0]  # the hook's parameter is the one registered
    for h in handles:
        h.remove()
    m.nn.Linear(1, 1)
    return seen, bias


def test_global_registration_hooks_match_torch():
    assert _registration_hooks(pullback) == _registration_hooks(torch)


def _legacy_backward_hooks(m):
    seen = []
    lin = m.nn.Linear(2, 2)
    with m.no_grad():
        lin.weight.copy_(m.tensor([[1.0, 2.0], [3.0, 4.0]]))
        lin.bias.copy_(m.tensor([0.5, -0.5]))

    def hook(mod, grad_input, grad_output):
        seen.append((type(mod).__name__, [None if g is None else g.tolist() for g in grad_input],
                     [g.tolist() for g in grad_output]))

    lin.register_backward_hook(hook)
    x = m.tensor([[1.0, -1.0]], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = lin(x)
    (out * m.tensor([[1.0, 2.0]])).sum().backward()
    seen.append([str(w.message)[:60] for w in caught])
    seen.append(x.grad.tolist())
    try:
        lin.register_full_backward_hook(hook)
    except RuntimeError as e:
        seen.append(str(e))
    relu = m.nn.ReLU()
    relu.register_backward_hook(lambda mod, gi, go: (gi[0] * 3,))  # a returned grad_input replaces it
    y = m.tensor([1.0, -2.0, 3.0], requires_grad=True)
    relu(y).sum().backward()
    seen.append(y.grad.tolist())
    return seen


def test_legacy_module_backward_hooks_match_torch():
    assert _legacy_backward_hooks(pullback) == _legacy_backward_hooks(torch)


def _global_kind_errors(m):
    import importlib
    mm = importlib.import_module(m.__name__ + ".nn.modules.module")
    out = []
    h = mm.register_module_backward_hook(lambda mod, gi, go: out.append(type(mod).__name__))
    try:
        mm.register_module_full_backward_hook(lambda *a: None)
    except RuntimeError as e:
        out.append(str(e))
    try:
        x = m.ones(3, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tanh = m.nn.Tanh()
            tanh(x).sum().backward()
            try:  # a module gone before backward: its hook cannot be called (torch's weak reference too)
                m.nn.Tanh()(x).sum().backward()
            except RuntimeError as e:
                out.append(str(e))
    finally:
        h.remove()
    return out


def test_global_backward_hooks_of_one_kind_as_torch(monkeypatch):
    # the kind stays set once chosen (torch never resets it): start both from none chosen
    import importlib
    for m in (pullback, torch):
        monkeypatch.setattr(importlib.import_module(m.__name__ + ".nn.modules.module"), "_global_is_full_backward_hook",
                            None)
    assert _global_kind_errors(pullback) == _global_kind_errors(torch)


def test_raw_saved_tensor_hooks_see_values_without_history_as_torch():
    # the saved-tensor hooks tutorial prints what register_hooks' pack and unpack get, and the type's name
    seen = {}
    for m in (pullback, torch):
        calls = []
        x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x.pow(2)
        raw = y.grad_fn._raw_saved_self
        raw.register_hooks(lambda t: calls.append(("pack", t.requires_grad, t.grad_fn, t is x)) or t,
                           lambda t: calls.append(("unpack", t.requires_grad)) or t)
        saved = y.grad_fn._saved_self
        e = x.exp()
        e.grad_fn._raw_saved_result.register_hooks(
            lambda t: calls.append(("pack result", t.requires_grad, t is e, t._base is e)) or t, lambda t: t)
        restored = e.grad_fn._saved_result
        y.sum().backward()
        seen[m] = (calls, type(raw).__name__, saved.requires_grad, type(restored.grad_fn).__name__, x.grad.tolist())
    assert seen[pullback] == seen[torch]


def test_inference_tensor_saved_for_backward_error_as_torch():
    msgs = []
    for m in (pullback, torch):
        x = m.ones(2, requires_grad=True)
        with m.inference_mode():
            z = x * 2
        with pytest.raises(RuntimeError) as info:
            z * x
        msgs.append(str(info.value))
    assert msgs[0] == msgs[1]


def test_mul_unpacks_its_saved_tensors_in_torchs_order():
    # the saved-tensor hooks tutorial prints each unpack of `a * b`: torch's MulBackward0 unpacks other first
    orders = []
    for m in (pullback, torch):
        order = []
        a = m.ones(2, requires_grad=True)
        b = m.ones(2, requires_grad=True) * 2
        with m.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: order.append(t.tolist()) or t):
            y = a * b
        y.sum().backward()
        orders.append(order)
    assert orders[0] == orders[1]
