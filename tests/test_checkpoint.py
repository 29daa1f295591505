"""Activation checkpointing: same gradients as the plain run (and as torch), recomputation,
and far fewer saved bytes for a deep MLP."""
import tracemalloc

import numpy as np
import pytest
import torch
import torch.utils.checkpoint

import pullback
import pullback.utils.checkpoint
from oracle import assert_close

RNG = np.random.default_rng(11)
DEPTH, WIDTH, BATCH = 8, 64, 32
WEIGHTS = [RNG.standard_normal((WIDTH, WIDTH)) / np.sqrt(WIDTH) for _ in range(DEPTH)]
X = RNG.standard_normal((BATCH, WIDTH))


def mlp_layers(m, weights):
    return [lambda h, w=w: m.matmul(h, w).tanh() for w in weights]


def make_leaves(m):
    return [m.tensor(X, requires_grad=True)] + [m.tensor(w, requires_grad=True) for w in WEIGHTS]


def run(m, mode, use_reentrant=False, leaves=None):
    x, *ws = leaves or make_leaves(m)
    layers = mlp_layers(m, ws)
    ck = m.utils.checkpoint
    if mode == "plain":
        h = x
        for f in layers:
            h = f(h)
    elif mode == "checkpoint":
        def block(h):
            for f in layers[:6]:
                h = f(h)
            return h
        h = ck.checkpoint(block, x, use_reentrant=use_reentrant)
        for f in layers[6:]:
            h = f(h)
    else:
        h = ck.checkpoint_sequential(layers, 4, x, use_reentrant=use_reentrant)
    return h, [x] + ws


@pytest.mark.parametrize("mode", ["checkpoint", "sequential"])
@pytest.mark.parametrize("use_reentrant", [False, True])
def test_gradients_equal_the_plain_run_and_torch(mode, use_reentrant):
    grads = {}
    for m in (pullback, torch):
        for kind in ("plain", mode):
            out, leaves = run(m, kind, use_reentrant)
            (out ** 2).sum().backward()
            grads[m, kind] = [t.grad for t in leaves]
    for a, b, c in zip(grads[pullback, "plain"], grads[pullback, mode], grads[torch, mode]):
        assert_close(b, a, 1e-6, 1e-6)
        assert_close(b, c, 1e-6, 1e-6)


@pytest.mark.parametrize("use_reentrant", [False, True])
def test_function_reruns_in_backward_with_the_same_random_state(use_reentrant):
    calls = {}
    for m in (pullback, torch):
        calls[m] = []

        def block(h, m=m):
            calls[m].append("call")
            return m.nn.functional.dropout(h.sin(), p=0.5, training=True) * 3
        m.manual_seed(0)
        x = m.tensor(X[:4, :8], requires_grad=True)
        out = m.utils.checkpoint.checkpoint(block, x, use_reentrant=use_reentrant)
        out.sum().backward()
        mask = (out.detach() != 0).numpy()
        expected = np.where(mask, 3 * 2 * np.cos(X[:4, :8]), 0)  # the rerun must draw the same dropout mask
        assert_close(x.grad, expected.astype(np.float32 if m is torch else np.float64), 1e-6, 1e-6)
    assert calls[pullback] == calls[torch] == ["call", "call"]


def saved_bytes(root):
    """Bytes held by the SavedTensor objects of the graph below `root` (values, or what pack kept)."""
    from pullback.autograd.node import SavedTensor
    seen, stack, total, arrays = set(), [root], 0, set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        for s in node._saved or ():
            if type(s) is not SavedTensor:
                continue
            held = s.tensor if s.tensor is not None else s.data
            if s.unpack_hook is not None:
                held = s.packed
            data = getattr(held, "_data", held)
            if isinstance(data, np.ndarray) and id(data) not in arrays:
                arrays.add(id(data))
                total += data.nbytes
        stack.extend(fn for fn, _ in node.next_functions)
    return total


@pytest.mark.parametrize("mode", ["checkpoint", "sequential"])
def test_saved_bytes_of_a_deep_mlp_fall(mode):
    plain, _ = run(pullback, "plain")
    checkpointed, _ = run(pullback, mode)
    plain_bytes, ck_bytes = saved_bytes(plain.grad_fn), saved_bytes(checkpointed.grad_fn)
    activation = BATCH * WIDTH * 8
    assert plain_bytes >= DEPTH * activation  # every layer keeps its input and its tanh output
    assert ck_bytes <= plain_bytes / 3, (plain_bytes, ck_bytes)


def test_memory_held_after_forward_falls():
    held = {}
    for mode in ("plain", "checkpoint", "sequential"):
        leaves = make_leaves(pullback)
        tracemalloc.start()
        out, _ = run(pullback, mode, leaves=leaves)
        held[mode] = tracemalloc.get_traced_memory()[0]  # what the graph keeps alive after forward
        tracemalloc.stop()
        del out
    activation = BATCH * WIDTH * 8
    rng_state = pullback.get_rng_state().numel()  # (each checkpointed segment keeps one, as torch's)
    # checkpoint keeps its input and output, not the 6 layers inside; sequential keeps 3 of 4 segments' insides
    assert held["checkpoint"] <= held["plain"] - 4 * activation + rng_state, held
    assert held["sequential"] <= held["plain"] - 2 * activation + 3 * rng_state, held


def test_default_use_reentrant_warns_like_torch():
    for m in (pullback, torch):
        with pytest.warns(UserWarning, match="the use_reentrant parameter should be passed explicitly"):
            out = m.utils.checkpoint.checkpoint(lambda x: x.sin(), m.ones(2, requires_grad=True))
        assert out.grad_fn.name() == "CheckpointFunctionBackward"


@pytest.mark.parametrize("use_reentrant", [False, True])
def test_keyword_and_non_tensor_arguments_and_outputs(use_reentrant):
    out = {}
    for m in (pullback, torch):
        x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)

        def block(a, k, tag, nothing, scale=1.0):
            return a.sin() * k * scale, tag, nothing
        kwargs = {} if use_reentrant else {"scale": 3.0}  # torch's reentrant form refuses keyword arguments
        y, tag, nothing = m.utils.checkpoint.checkpoint(block, x, 2, "tag", None, use_reentrant=use_reentrant,
                                                        **kwargs)
        y.sum().backward()
        out[m] = (y.detach().numpy().tolist(), tag, nothing, x.grad.numpy().tolist())
        with pytest.raises(ValueError, match="Unexpected keyword arguments: scale"):
            m.utils.checkpoint.checkpoint(block, x, 2, "t", None, scale=2.0, use_reentrant=True)
    assert out[pullback][1:3] == out[torch][1:3] == ("tag", None)
    assert_close(np.array(out[pullback][0]), np.array(out[torch][0]), 1e-6, 1e-6)
    assert_close(np.array(out[pullback][3]), np.array(out[torch][3]), 1e-6, 1e-6)


@pytest.mark.parametrize("use_reentrant", [False, True])
@pytest.mark.parametrize("preserve_rng_state", [True, False])
def test_preserve_rng_state(use_reentrant, preserve_rng_state):
    """With the state preserved the rerun draws the forward's numbers (the gradient is right);
    without, it draws new ones, in torch as here."""
    seen = {}
    for m in (pullback, torch):
        m.manual_seed(0)
        x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)
        draws = []

        def block(a):
            r = m.rand(3)
            draws.append(r.tolist())
            return a * r
        y = m.utils.checkpoint.checkpoint(block, x, use_reentrant=use_reentrant,
                                          preserve_rng_state=preserve_rng_state)
        m.rand(5)  # the generator moves on before backward
        y.sum().backward()
        seen[m] = (draws[0] == draws[1], bool((x.grad == y.detach() / x.detach()).all()))
    assert seen[pullback] == seen[torch] == (preserve_rng_state, preserve_rng_state)


def test_an_argument_changed_in_place_before_backward_is_caught():
    messages = {}
    for m in (pullback, torch):
        x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)
        c = x * 1
        y = m.utils.checkpoint.checkpoint(lambda a: a.sin(), c, use_reentrant=False)
        c.mul_(2)  # the rerun would see the new values
        with pytest.raises(RuntimeError) as info:
            y.sum().backward()
        messages[m] = str(info.value)
    assert messages[pullback] == messages[torch]
    assert "which is output 0 of Mul, is at version 1; expected version 0 instead" in messages[torch]


def test_recomputation_must_save_what_the_forward_saved():
    for m in (pullback, torch):
        ck = m.utils.checkpoint
        for rerun, phrase in [(lambda a: a.sin().sin(), None),  # saves more: fine (torch stops the rerun early)
                              (lambda a: a[:2].sin(), "have different metadata than during the forward pass"),
                              (lambda a: a * 2, "A different number of tensors was saved")]:
            calls = []

            def block(a, rerun=rerun):
                calls.append(1)
                return a.sin() if len(calls) == 1 else rerun(a)
            x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)
            y = ck.checkpoint(block, x, use_reentrant=False)
            if phrase is None:
                y.sum().backward()
                assert_close(x.grad, np.cos([0.5, -1.0, 2.0]), 1e-6, 1e-6)
                continue
            with pytest.raises(ck.CheckpointError, match=phrase):
                y.sum().backward()
        assert issubclass(ck.CheckpointError, RuntimeError)


def test_reentrant_checkpoint_refuses_autograd_grad_like_torch():
    for m in (pullback, torch):
        x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)
        w = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = m.utils.checkpoint.checkpoint(lambda a: a.sin() * w, x, use_reentrant=True)
        for call in (lambda: m.autograd.grad(y.sum(), x, retain_graph=True),
                     lambda: y.sum().backward(inputs=[x], retain_graph=True)):
            with pytest.raises(RuntimeError, match="When use_reentrant=True, torch.utils.checkpoint is incompatible "
                                                   r"with .grad\(\) or passing an `inputs` parameter"):
                call()
        assert w.grad is None  # nothing leaked into .grad
        y.sum().backward()
        assert_close(w.grad, np.sin([0.5, -1.0, 2.0]), 1e-6, 1e-6)
