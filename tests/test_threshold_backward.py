"""relu's and threshold's gradient is one node, torch's threshold_backward: its values (a NaN input
passes the gradient, a masked gradient is +0 whatever it was), and its graph under create_graph
(ThresholdBackwardBackward0, differentiable again, with zero second derivative)."""
import numpy as np
import pytest
import torch

import pullback

NAN, INF = float("nan"), float("inf")


def _both(fn):
    return [fn(m) for m in (torch, pullback)]


def _names(fn):
    return fn.name() if fn is not None else None


@pytest.mark.parametrize("act", ["relu", "threshold", "relu_module"])
def test_gradient_values_with_non_finite_and_signed_zeros(act):
    x = [NAN, -1.0, 2.0, 0.0, -0.0, -3.0, 4.0]
    g = [1.0, NAN, -3.0, INF, -2.0, -0.0, -0.0]

    def run(m):
        t = m.tensor(x, requires_grad=True)
        f = {"relu": lambda v: m.relu(v), "threshold": lambda v: m.nn.functional.threshold(v, 0.0, 5.0),
             "relu_module": lambda v: m.nn.ReLU()(v)}[act]
        y = f(t)
        y.backward(m.tensor(g))
        return y.detach().numpy(), t.grad.numpy()
    (ty, tg), (py, pg) = _both(run)
    np.testing.assert_array_equal(py, ty)
    np.testing.assert_array_equal(pg, tg)
    np.testing.assert_array_equal(np.signbit(pg), np.signbit(tg))


def test_threshold_keeps_nan_inputs():
    ty, py = _both(lambda m: m.nn.functional.threshold(m.tensor([NAN, -1.0, 2.0]), 0.0, 5.0).numpy())
    np.testing.assert_array_equal(py, ty)


@pytest.mark.parametrize("act", ["relu", "threshold"])
def test_double_backward_graph_matches_torch(act):
    def run(m):
        x = m.tensor([1.0, -2.0, 3.0, 0.5], dtype=m.float64, requires_grad=True)
        y = x.relu() if act == "relu" else m.nn.functional.threshold(x, 0.7, 2.0)
        g, = m.autograd.grad((y * y).sum(), x, create_graph=True)
        fn = g.grad_fn
        gg, = m.autograd.grad((g * g).sum(), x)
        return (fn.name(), [_names(f) for f, _ in fn.next_functions], g.detach().numpy(), gg.numpy(),
                float(fn._saved_threshold))
    (tn, tnext, tg, tgg, tth), (pn, pnext, pg, pgg, pth) = _both(run)
    assert (pn, pnext, pth) == (tn, tnext, tth)
    np.testing.assert_allclose(pg, tg)
    np.testing.assert_allclose(pgg, tgg)


def test_first_gradient_of_relu_requires_grad_as_in_torch():
    def run(m):
        x = m.tensor([1.0, -2.0], requires_grad=True)
        g, = m.autograd.grad(x.relu().sum(), x, create_graph=True)
        second, = m.autograd.grad(g.sum(), x)
        return g.requires_grad, second.numpy()
    (treq, tsec), (preq, psec) = _both(run)
    assert preq == treq
    np.testing.assert_array_equal(psec, tsec)


def test_relu_keeps_negative_zero_and_nan():
    x = np.array([-0.0, NAN, -1.0, 2.0, 0.0, -INF], dtype=np.float32)
    for inplace in (False, True):
        (t, p) = _both(lambda m: (m.tensor(x).relu_() if inplace else m.relu(m.tensor(x))).numpy())
        np.testing.assert_array_equal(p, t)
        np.testing.assert_array_equal(np.signbit(p), np.signbit(t))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_relu_bits_match_torch_on_special_values(dtype):
    rng = np.random.default_rng(5)
    x = rng.standard_normal(1037).astype(dtype)
    for value, share in ((-0.0, 0.2), (NAN, 0.05), (-NAN, 0.05), (-INF, 0.05), (INF, 0.05), (0.0, 0.1)):
        x[rng.random(x.size) < share] = value
    bits = np.dtype(f"u{np.dtype(dtype).itemsize}")
    for probe in (x, x[1:], x[::3], x.reshape(17, 61).T):
        t, p = _both(lambda m: m.relu(m.tensor(probe)).numpy())
        np.testing.assert_array_equal(p.view(bits), t.view(bits))


def test_relu_fast_path_is_taken_only_where_it_is_checked():
    from pullback.ops import pointwise
    assert pointwise._maximum_is_relu(np.dtype(np.float32))
    # operands the other way round: NumPy's SIMD maximum then gives +0 for a -0 input, which the
    # check must catch (and relu would then select bits instead)
    assert not pointwise._maximum_is_relu(np.dtype(np.float32), lambda a, b: np.maximum(b, a))


def test_relu_of_a_zero_dim_tensor_is_silent():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x = pullback.tensor(2.0, requires_grad=True)
        y = pullback.relu(x)
        y.backward()
    assert y.item() == 2.0 and x.grad.item() == 1.0
