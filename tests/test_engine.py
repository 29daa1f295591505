"""The engine's structural promises: iterative (no recursion limit), and a graph with no
reference cycles, so memory comes back through reference counting alone."""
import gc
import sys
import weakref

import numpy as np

import pullback


def test_backward_through_a_million_op_chain():
    x = pullback.tensor(1.0, dtype=pullback.float64, requires_grad=True)
    y = x
    n = 1_000_000
    for _ in range(n):
        y = y * 1.0000001
    assert n > sys.getrecursionlimit() * 100
    y.backward()
    np.testing.assert_allclose(x.grad.item(), 1.0000001 ** n, rtol=1e-9)
    del y  # freeing the chain must not recurse either


def test_deep_chain_with_create_graph_and_grad():
    x = pullback.tensor(0.5, requires_grad=True)
    y = x
    for _ in range(20_000):
        y = (y * 0.9999).tanh() + 0.0001
    g, = pullback.autograd.grad(y, x, create_graph=True)
    gg, = pullback.autograd.grad(g, x)
    assert np.isfinite(g.item()) and np.isfinite(gg.item())


def _graph_features():
    """Builds graphs using every feature that could create a cycle, and returns weakrefs."""
    refs = []
    x = pullback.ones(3, requires_grad=True)
    a = x * 2
    a.retain_grad()
    a.register_hook(lambda g: g * 1)
    b = a.exp()          # saves its own output
    c = b.clone()
    c[0] = x[1] * 3      # CopySlices through a view
    v = c[1:]
    v.mul_(2)            # in-place on a view
    x.register_hook(lambda g: None)
    d = (c * v.sum()).sum()
    refs += [weakref.ref(t) for t in (a, b, c, v, d)]
    refs += [weakref.ref(t.grad_fn) for t in (a, b, c, d)]
    d.backward(retain_graph=True)
    d.backward()
    e = (x ** 2).sum()
    g, = pullback.autograd.grad(e, x, create_graph=True)
    refs += [weakref.ref(g), weakref.ref(g.grad_fn)]
    g.sum().backward()
    return x, refs


def test_no_reference_cycles_with_gc_disabled():
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        x, refs = _graph_features()
        del x
        alive = [r for r in refs if r() is not None]
        assert not alive, f"{len(alive)} graph objects outlived their last reference: {[r() for r in alive][:3]}"
        assert gc.collect() == 0, "the garbage collector found cycles the graph left behind"
    finally:
        if was_enabled:
            gc.enable()


def test_saved_tensors_are_freed_by_backward():
    x = pullback.ones(1000, requires_grad=True)
    y = x.exp()
    node = y.grad_fn
    z = (y * y).sum()
    mul = z.grad_fn.next_functions[0][0]
    assert mul._saved is not None and node._saved is not None
    z.backward()
    assert mul._saved is None and node._saved is None



def test_grad_runs_only_the_nodes_that_lead_to_its_inputs():
    """autograd.grad runs a node only if one of its inputs can be reached from it: a branch to a
    leaf that was not asked for stays untouched (its hooks do not fire), whether or not every
    other path ends at an input; with every path ending at one, all of them run."""
    import torch
    for m in (pullback, torch):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        w = m.tensor([3.0, 4.0], requires_grad=True)
        seen = []
        side = (w * 2).exp()
        side.register_hook(lambda g: seen.append("side"))
        h = x * x
        h.register_hook(lambda g: seen.append("h"))
        y = (h * side).sum() + (x * 3).sum()
        gx, = m.autograd.grad(y, x, retain_graph=True)
        assert seen == ["h"]  # w's branch does not lead to x
        gh, gx2 = m.autograd.grad(y, [h, x])  # every sink (x's, w's) is not a target: w's still skipped
        assert seen == ["h", "h"]
        assert np.allclose(gx.detach().numpy(), 2 * x.detach().numpy() * side.detach().numpy() + 3)
        assert np.allclose(gh.detach().numpy(), side.detach().numpy())
    for m in (pullback, torch):  # every path ends at x: all run
        x = m.tensor([1.0, 2.0], requires_grad=True)
        seen = []
        a = x.exp()
        a.register_hook(lambda g: seen.append("a"))
        b = x.sin()
        b.register_hook(lambda g: seen.append("b"))
        g, = m.autograd.grad((a * b).sum(), x)
        assert sorted(seen) == ["a", "b"]
        assert np.allclose(g.detach().numpy(), (np.exp([1.0, 2.0]) * (np.sin([1.0, 2.0]) + np.cos([1.0, 2.0]))))
