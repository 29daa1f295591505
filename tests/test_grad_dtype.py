"""Tensor.grad_dtype and the checks on assigning .grad, against torch: gradients reaching a leaf
are cast to its grad_dtype before any hook sees them (None keeps whatever dtype arrives), and
.grad must have that dtype and the tensor's size."""
import copy

import numpy as np
import pytest
import torch

import pullback


def _observed(fn, m):
    """What `fn(m)` shows: its values (tensors as dtype name and array), or its error's class and message."""
    def show(v):
        if isinstance(v, (m.Tensor,)):
            return str(v.dtype).replace("torch.", ""), v.detach().numpy().tolist()
        if isinstance(v, (tuple, list)):
            return [show(e) for e in v]
        return str(v).replace("torch.", "")
    try:
        return "ok", show(fn(m))
    except Exception as e:  # the error is the observation
        return type(e).__name__, str(e).split(" at \"")[0].split(": a gradient cannot")[0]


def _mixed_sum(m, x):
    return (x * m.tensor([3.0, 4.0], dtype=m.float64)).sum()


def _backward_with(grad_dtype, times=1):
    def run(m):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        y = _mixed_sum(m, x)
        x.grad_dtype = grad_dtype(m)  # set after recording: torch reads it when the gradient arrives
        for _ in range(times):
            y.backward(retain_graph=True)
        return x.grad, x.grad_dtype
    return run


def _grad_of(grad_dtype, create_graph=False):
    def run(m):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        x.grad_dtype = grad_dtype(m)
        g, = m.autograd.grad((x ** 3).sum(), x, create_graph=create_graph)
        if not create_graph:
            return g
        g2, = m.autograd.grad(g.sum(), x)
        return g, g2, g.grad_fn.name()
    return run


def _hook_sees(m):
    seen = []
    x = m.tensor([1.0], requires_grad=True)
    x.grad_dtype = m.float64
    x.register_hook(lambda g: seen.append(str(g.dtype)))
    (x * 3).sum().backward()
    return seen, x.grad


def _leaf_root(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    x.grad_dtype = m.float64
    x.backward(m.ones(2))
    return x.grad


def _set_after_grad(new):
    def run(m):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        x.grad_dtype = m.float16
        _mixed_sum(m, x).backward()
        x.grad_dtype = new(m)
        return x.grad_dtype
    return run


def _assign(value, grad_dtype=None):
    def run(m):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        if grad_dtype is not None:
            x.grad_dtype = grad_dtype(m)
        x.grad = value(m)
        return x.grad
    return run


def _non_leaf(action):
    def run(m):
        y = m.ones(2, requires_grad=True) * 2
        return y.grad_dtype if action == "get" else setattr(y, "grad_dtype", m.float64)
    return run


def _defaults(m):
    x = m.tensor([1.0], requires_grad=True)
    x.grad_dtype = m.float64
    p = m.nn.Parameter(m.ones(2))
    b = m.ones(2)
    b.grad_dtype = m.float64  # allowed before requires_grad, and kept
    b.requires_grad_()
    (b * 2).sum().backward()
    return x.detach().grad_dtype, copy.deepcopy(x).grad_dtype, p.grad_dtype, m.tensor([1, 2]).grad_dtype, b.grad


SCENARIOS = {
    "none keeps the arriving dtype": _backward_with(lambda m: None),
    "half": _backward_with(lambda m: m.float16, times=2),
    "double": _backward_with(lambda m: m.float64),
    "integer refused at backward": _backward_with(lambda m: m.int64),
    "autograd.grad": _grad_of(lambda m: m.float64),
    "autograd.grad, create_graph": _grad_of(lambda m: m.float64, create_graph=True),
    "hooks see the cast gradient": _hook_sees,
    "a leaf root": _leaf_root,
    "changed under an existing grad": _set_after_grad(lambda m: m.float64),
    "cleared under an existing grad": _set_after_grad(lambda m: None),
    "kept under an existing grad": _set_after_grad(lambda m: m.float16),
    "not a dtype": _set_after_grad(lambda m: 3),
    "non-leaf get": _non_leaf("get"),
    "non-leaf set": _non_leaf("set"),
    "defaults": _defaults,
    "assign: wrong size": _assign(lambda m: m.zeros(3)),
    "assign: wrong dtype": _assign(lambda m: m.zeros(2, dtype=m.float64)),
    "assign: wrong dtype and size": _assign(lambda m: m.zeros(3, dtype=m.float64)),
    "assign: wrong rank": _assign(lambda m: m.zeros(2, 3)),
    "assign: any dtype under None": _assign(lambda m: m.zeros(2, dtype=m.int64), lambda m: None),
    "assign: the grad_dtype": _assign(lambda m: m.zeros(2, dtype=m.float16), lambda m: m.float16),
    "assign: not the grad_dtype": _assign(lambda m: m.zeros(2), lambda m: m.float16),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_grad_dtype_as_torch(name):
    fn = SCENARIOS[name]
    assert _observed(fn, pullback) == _observed(fn, torch)


def test_the_cast_reaches_the_leaf_without_a_detour_through_its_dtype():
    # a float64 gradient for a float32 leaf with grad_dtype float64 keeps its bits (no float32 rounding)
    third = np.float64(1) / 3
    x = pullback.tensor([1.0], requires_grad=True)
    x.grad_dtype = pullback.float64
    (x * pullback.tensor([third], dtype=pullback.float64)).sum().backward()
    assert x.grad.item() == third
