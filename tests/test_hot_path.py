"""The per-op fast paths keep torch's behaviour: edges kept as node attributes, operators that
skip Op.apply's generic steps, the engine's chain hand-off, and one GC-tracked object per op."""
import gc
import subprocess
import sys

import numpy as np
import pytest
import torch

import pullback


def _chain(lib, x, n):
    y = x
    for _ in range(n):
        y = y * 1.5
    return y


def test_a_recorded_op_leaves_one_object_for_the_garbage_collector():
    x = pullback.tensor(np.ones(4, np.float32), requires_grad=True)
    gc.collect()
    before = len(gc.get_objects())
    y = _chain(pullback, x, 1000)
    gc.collect()
    gc.collect()  # a (shape, dtype) tuple is untracked one collection after the shape tuple it holds
    grown = len(gc.get_objects()) - before
    assert grown <= 1000 + 50, grown  # the nodes only: no edge tuples left tracked
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), np.full(4, 1.5 ** 1000, np.float32), rtol=1e-3)


def test_import_leaves_the_argument_parsers_unbuilt():
    # every full collection of the cyclic collector traverses what the import left: torch's parser
    # signatures and their quick tests are built per function on its first call, not for all ~1,000
    code = ("import gc, numpy; gc.collect(); n = len(gc.get_objects()); import pullback, pullback._signatures as s; "
            "gc.collect(); print(len(gc.get_objects()) - n, len(s._parsed)); "
            "pullback.amax(pullback.ones(2, 3), 1); print(len(s._parsed))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    grown, parsed, parsed_after_call = map(int, out)
    assert parsed == 0 and parsed_after_call >= 1
    assert grown < 60_000, grown  # (with every parser built: ~78,000)


def test_next_functions_as_torch_shows_them():
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    w = pullback.tensor([3.0, 4.0], requires_grad=True)
    c = pullback.tensor([5.0, 6.0])
    xt = torch.tensor([1.0, 2.0], requires_grad=True)
    wt = torch.tensor([3.0, 4.0], requires_grad=True)
    ct = torch.tensor([5.0, 6.0])
    for fn in (lambda a, b, k: a * b, lambda a, b, k: k * a, lambda a, b, k: a + b, lambda a, b, k: a - k,
               lambda a, b, k: k / a, lambda a, b, k: a * a, lambda a, b, k: -b):
        got = fn(x, w, c).grad_fn.next_functions
        want = fn(xt, wt, ct).grad_fn.next_functions
        assert [(n.name() if n is not None else None, nr) for n, nr in got] == \
               [(n.name() if n is not None else None, nr) for n, nr in want]
        assert isinstance(got, tuple) and all(isinstance(e, tuple) for e in got)


def test_next_functions_can_be_set_on_a_custom_node():
    from pullback.autograd.node import Node
    x = pullback.tensor([1.0], requires_grad=True)
    y = x * 2
    node = Node()
    node.next_functions = ((y.grad_fn, 0), (None, 0), (y.grad_fn, 0))
    assert node.next_functions == ((y.grad_fn, 0), (None, 0), (y.grad_fn, 0))
    node.next_functions = ((None, 0),)
    assert node.next_functions == ((None, 0),)


@pytest.mark.parametrize("other", [2, 2.5, "tensor"])
def test_operators_take_numbers_tensors_and_numpy_scalars_as_torch(other):
    x = pullback.tensor([1.0, -2.0, 3.0], requires_grad=True)
    xt = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    o = pullback.tensor([0.5, 2.0, -1.0]) if other == "tensor" else other
    ot = torch.tensor([0.5, 2.0, -1.0]) if other == "tensor" else other
    for op in (lambda a, b: a * b, lambda a, b: b * a, lambda a, b: a + b, lambda a, b: b + a,
               lambda a, b: a - b, lambda a, b: b - a, lambda a, b: a / b, lambda a, b: -a * b):
        got, want = op(x, o), op(xt, ot)
        assert str(got.dtype) == str(want.dtype)
        np.testing.assert_allclose(got.detach().numpy(), want.detach().numpy(), rtol=1e-6)
        assert got.requires_grad
        assert got.grad_fn.name() == want.grad_fn.name()
        g, = pullback.autograd.grad(got.sum(), x)
        gt, = torch.autograd.grad(want.sum(), xt)
        np.testing.assert_allclose(g.numpy(), gt.numpy(), rtol=1e-6)


def test_an_operand_the_shortcut_does_not_take_goes_to_the_op_function():
    x = pullback.tensor([1.0, -2.0], requires_grad=True)
    y = x * np.float32(2.0)  # a NumPy scalar: pullback.mul, as before
    assert y.grad_fn.name() == "MulBackward0" and y.tolist() == [2.0, -4.0]
    with pytest.raises(TypeError):
        x * "a"


def test_operators_without_grad_record_nothing():
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    with pullback.no_grad():
        y = x * 2 + x - 1
    assert y.grad_fn is None and not y.requires_grad
    z = pullback.tensor([1.0, 2.0]) * pullback.tensor([3.0, 4.0])
    assert z.grad_fn is None


def test_chain_with_a_root_inside_the_graph():
    # the second root is a node the first one's chain runs through: its gradient is added there
    x = pullback.tensor([1.0, 2.0], requires_grad=True)
    xt = torch.tensor([1.0, 2.0], requires_grad=True)
    for lib, t in ((pullback, x), (torch, xt)):
        a = t.exp()
        b = a * 3
        c = b.tanh()
        lib.autograd.backward([c.sum(), b.sum()])
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)


def test_gradients_meeting_at_a_leaf_are_summed_and_double_backward_still_records():
    x = pullback.tensor([0.5, -1.0], requires_grad=True)
    xt = torch.tensor([0.5, -1.0], requires_grad=True)
    for lib, t in ((pullback, x), (torch, xt)):
        y = t
        for _ in range(5):
            y = (y + t).tanh()
        g, = lib.autograd.grad(y.sum(), t, create_graph=True)
        g.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-5)


_FLOATS = [0.5, -0.0, 0.0, 1.0000001, 1 / 3, -2.75, float("nan"), float("inf"), 1e300, 1e-310]


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64"])
@pytest.mark.parametrize("op", ["mul", "add", "sub", "div", "rsub"])
def test_python_float_operands_give_torchs_values_and_gradients(op, dtype):
    """Python floats reach NumPy as cached 0-d arrays of the tensor's dtype: same bits as the weak
    scalar (zero keeps its sign, nan and overflow as torch)."""
    fns = {"mul": lambda a, s: a * s, "add": lambda a, s: a + s, "sub": lambda a, s: a - s,
           "div": lambda a, s: a / s, "rsub": lambda a, s: s - a}
    data = np.array([1.5, -2.0, 0.0, 3e4, 7.25], dtype)
    floating = dtype != "int64"
    for s in _FLOATS * 2:  # twice: the second time from the cache
        x, xt = pullback.tensor(data, requires_grad=floating), torch.tensor(data, requires_grad=floating)
        y, yt = fns[op](x, s), fns[op](xt, s)
        assert str(y.dtype) == str(yt.dtype)
        np.testing.assert_array_equal(np.signbit(y.detach().numpy()), np.signbit(yt.detach().numpy()))
        np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-6 if dtype != "float16" else 1e-3)
        with np.errstate(all="ignore"):  # the weak Python float's result, bit for bit
            plain = {"mul": np.multiply, "add": np.add, "sub": np.subtract, "div": np.true_divide,
                     "rsub": lambda a, b: np.subtract(b, a)}[op](data, s)
        if floating:
            np.testing.assert_array_equal(y.detach().numpy(), plain)
            y.sum().backward()
            yt.sum().backward()
            np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-6)


def test_python_float_operand_cache_stays_small_and_read_only():
    from pullback.ops import _op
    x = pullback.ones(3)
    for i in range(2 * _op._MAX_FLOAT_OPERANDS):
        x * (i + 0.5)
    cache = _op._FLOAT_OPERANDS[np.dtype(np.float32)]
    assert 0 < len(cache) <= _op._MAX_FLOAT_OPERANDS
    assert not any(a.flags.writeable for a in cache.values())
