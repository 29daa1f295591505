"""Formulas the engine runs on bare NumPy arrays when nothing is recorded (Op.on_arrays): the same
formula as with create_graph, the same numbers, and Tensors wherever user code can look."""
import threading
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback.autograd.grad_mode import _state
from pullback.ops import _op
from oracle import check

def _op_classes():
    seen, stack = set(), [_op.Op]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
    return seen


def test_every_on_arrays_op_runs_its_formula_directly():
    marked = [cls for cls in _op_classes() if cls.on_arrays]
    assert len(marked) >= 20
    for cls in marked:
        assert cls._on_arrays, f"{cls.__name__} is marked on_arrays but the engine cannot call its formula directly"


def _pair(m, dtype_a, dtype_b, shape_b=()):
    rng = np.random.default_rng(0)
    a = m.tensor(rng.standard_normal(64).astype(dtype_a), requires_grad=True)
    b = m.tensor((rng.standard_normal(shape_b) * 100 + 3).astype(dtype_b), requires_grad=np.dtype(dtype_b).kind == "f")
    return a, b


@pytest.mark.parametrize("dtype_b", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("op", ["mul", "div"])
def test_operands_of_two_dtypes_take_torch_promotion_not_numpys(op, dtype_b):
    # float32 (4,) * float64 (): torch computes in float32, NumPy would in float64
    grads = {}
    for m in (pullback, torch):
        a, b = _pair(m, np.float32, dtype_b)
        out = getattr(a, op)(b)
        inputs = [t for t in (a, b) if t.requires_grad]
        cotangent = m.tensor(np.random.default_rng(1).standard_normal(64).astype(np.float32))
        grads[m] = m.autograd.grad(out, inputs, cotangent)
        recorded = m.autograd.grad(getattr(a, op)(b), inputs, cotangent, create_graph=True)
        for g, r in zip(grads[m], recorded):
            assert g.dtype == r.dtype
            np.testing.assert_array_equal(g.detach().numpy(), r.detach().numpy())
    for g, t in zip(grads[pullback], grads[torch]):
        assert str(g.dtype) == str(t.dtype)
        np.testing.assert_allclose(g.numpy(), t.numpy(), rtol=1e-6)


def test_a_tensor_hook_on_an_on_arrays_node_sees_tensors():
    seen = []
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.register_hook(lambda g: seen.append(type(g)) or g * 2)
    (y.exp() * 2).sum().backward()
    assert seen == [pullback.Tensor]
    xt = torch.tensor([1.0, 2.0], requires_grad=True)
    yt = xt * 3
    yt.register_hook(lambda g: g * 2)
    (yt.exp() * 2).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)
    assert type(x.grad) is pullback.Tensor


def test_saved_tensor_hooks_see_tensors_and_their_values_are_used():
    unpacked = []

    def unpack(t):
        unpacked.append(type(t))
        return t * 2  # the formula must read what unpack returns

    x = pullback.tensor([0.5, 1.0], requires_grad=True)
    with pullback.autograd.graph.saved_tensors_hooks(lambda t: t, unpack):
        y = x.exp()
    y.sum().backward()
    assert unpacked == [pullback.Tensor]
    np.testing.assert_allclose(x.grad.numpy(), 2 * np.exp([0.5, 1.0]), rtol=1e-6)


def test_a_version_error_inside_a_formula_leaves_ops_returning_tensors():
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    z = y * 2
    with pullback.no_grad():
        y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()
    assert not _state.on_arrays
    out = pullback.ops.pointwise.TanhBackward.apply(np.ones(2), np.ones(2))
    assert type(out) is pullback.Tensor


def test_backward_on_arrays_warns_of_nothing_torch_does_not():
    # 1/x at x = 0: torch's gradient is -inf without a warning; NumPy would warn of a division by zero
    x = pullback.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x.reciprocal().sum().backward()
        x.log().sum().backward()
    xt = torch.tensor([0.0, 1.0], requires_grad=True)
    xt.reciprocal().sum().backward()
    xt.log().sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), xt.grad.numpy())


def test_a_scalar_chain_hands_on_numpy_scalars_and_ends_in_a_tensor_grad():
    # ufuncs on 0-d arrays return NumPy scalars: they travel as such and .grad is still a 0-d tensor
    x = pullback.tensor(1.5, requires_grad=True)
    y = x
    for _ in range(5):
        y = (y * 1.1).tanh() + y
    y.backward()
    xt = torch.tensor(1.5, requires_grad=True)
    yt = xt
    for _ in range(5):
        yt = (yt * 1.1).tanh() + yt
    yt.backward()
    assert type(x.grad) is pullback.Tensor and x.grad.shape == () and x.grad.dtype == pullback.float32
    np.testing.assert_allclose(x.grad.item(), xt.grad.item(), rtol=1e-6)


def test_on_arrays_is_per_thread():
    # another thread's op while this one's engine runs a formula on arrays still returns a Tensor
    results = []
    started, go_on = threading.Event(), threading.Event()

    class Blocking(_op.Op):
        on_arrays = True

        def forward(ctx, x):
            return x * 1

        def backward(ctx, grad):
            assert type(grad) is np.ndarray
            started.set()
            go_on.wait(5)
            return grad

    def other():
        started.wait(5)
        try:
            results.append(type(pullback.ops.pointwise.TanhBackward.apply(np.ones(2), np.ones(2))))
        finally:
            go_on.set()

    thread = threading.Thread(target=other)
    thread.start()
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    Blocking.apply(x).sum().backward()
    thread.join()
    assert results == [pullback.Tensor]
    assert x.grad.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("expr", [
    lambda m, x, y: (x * y + x / y - y).tanh().sigmoid().sum(),
    lambda m, x, y: ((x - 3).exp() * y.log() + (1 - x).reciprocal()).sum(),
    lambda m, x, y: m.add(x, y, alpha=0.5).sub(y, alpha=2).atan().sqrt(),
])
def test_chains_of_on_arrays_ops_match_torch(expr):
    rng = np.random.default_rng(3)
    check(expr, rng.uniform(0.5, 2, (3, 4)), rng.uniform(0.5, 2, (4,)))


def test_a_plain_backward_through_arithmetic_makes_no_tensor_per_op(monkeypatch):
    # the point of the array reading: a Tensor per backward op is most of a small op's cost
    from pullback._tensor import Tensor
    x = pullback.tensor(np.linspace(0.1, 0.9, 16, dtype=np.float32), requires_grad=True)
    y = x
    for _ in range(50):
        y = ((y * 0.5 + x).tanh().exp() - 1).sin() / 2
    loss = y.sum()
    made = [0]
    wrap = Tensor._wrap.__func__

    def counting(cls, data):
        made[0] += 1
        return wrap(cls, data)
    monkeypatch.setattr(Tensor, "_wrap", classmethod(counting))
    loss.backward()
    assert made[0] <= 3, made[0]  # the root's gradient, and .grad at the leaf
    xt = torch.tensor(np.linspace(0.1, 0.9, 16, dtype=np.float32), requires_grad=True)
    yt = xt
    for _ in range(50):
        yt = ((yt * 0.5 + xt).tanh().exp() - 1).sin() / 2
    yt.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("make", [
    lambda m, x: m.nn.functional.max_pool2d(x, 2, return_indices=True),
    lambda m, x: x.max(1),
    lambda m, x: x.cummax(2),
    lambda m, x: x.sort(3, descending=True),
])
@pytest.mark.parametrize("hooked", ["none", "prehook", "posthook", "retain_grad", "tensor hook"])
def test_nodes_with_one_differentiable_output_and_hooks(make, hooked):
    """Max pooling, max(dim), cummax, sort: nodes whose other outputs (indices) take no gradient run
    their formula directly, unless a hook asks for the full path; either way torch's gradients, and
    node hooks see only the gradients of the outputs torch's node has."""
    x0 = np.random.default_rng(3).standard_normal((2, 3, 4, 4)).astype(np.float32)
    results = []
    for m in (torch, pullback):
        x = m.tensor(x0, requires_grad=True)
        values = make(m, x)[0]
        seen = []
        if hooked == "prehook":
            values.grad_fn.register_prehook(lambda grads: seen.append(len(grads)))
        elif hooked == "posthook":
            values.grad_fn.register_hook(lambda grad_inputs, grad_outputs: seen.append(len(grad_outputs)))
        elif hooked == "retain_grad":
            values.retain_grad()
        elif hooked == "tensor hook":
            values.register_hook(lambda g: g * 2)
        (values * values).sum().backward()
        results.append((x.grad.numpy(), seen, None if values.grad is None else values.grad.numpy()))
    (tg, ts, tv), (pg, ps, pv) = results
    np.testing.assert_allclose(pg, tg, rtol=1e-6)
    assert ps == ts
    assert (pv is None) == (tv is None)
    if tv is not None:
        np.testing.assert_allclose(pv, tv, rtol=1e-6)


@pytest.mark.parametrize("expr", [lambda x: x * x, lambda x: x * x + x, lambda x: x * x * x,
                                  lambda x: (x * 3) * (x * 3) - x * x])
def test_a_square_by_product_sends_one_product_to_both_inputs(expr):
    """x * x on arrays computes grad * x once for its two inputs: the gradient keeps torch's bits,
    and the engine sums the shared array without writing into it."""
    data = np.random.default_rng(4).standard_normal(1000).astype(np.float32)
    grads = []
    for m in (pullback, torch):
        x = m.tensor(data, requires_grad=True)
        expr(x).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_array_equal(grads[0], grads[1])
