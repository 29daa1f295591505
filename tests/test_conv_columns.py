"""A convolution keeps its input's im2col columns for the weight's gradient when they are small:
the same bits as rebuilding them, freed with the saved tensors, still version-checked, and
second backward and retain_graph unaffected."""
import numpy as np
import pytest
import torch

import pullback
from pullback.ops.nn import conv

R = np.random.default_rng(9)


def _grads(m, x, w, b, retain=False):
    xt, wt, bt = m.tensor(x, requires_grad=True), m.tensor(w, requires_grad=True), m.tensor(b, requires_grad=True)
    y = m.nn.functional.conv2d(xt, wt, bt, stride=(1, 2), padding=1, dilation=(2, 1))
    y.backward(m.ones_like(y), retain_graph=retain)
    return y, (xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy())


def _inputs():
    return (R.standard_normal((3, 2, 7, 6)).astype(np.float32), R.standard_normal((4, 2, 3, 3)).astype(np.float32),
            R.standard_normal(4).astype(np.float32))


def test_kept_columns_give_the_same_bits_as_rebuilt_ones(monkeypatch):
    x, w, b = _inputs()
    y, kept = _grads(pullback, x, w, b)
    monkeypatch.setattr(conv, "KEEP_COLUMNS_BYTES", 0)
    _, rebuilt = _grads(pullback, x, w, b)
    _, expected = _grads(torch, x, w, b)
    for k, r, e in zip(kept, rebuilt, expected):
        np.testing.assert_array_equal(k, r)
        np.testing.assert_allclose(k, e, rtol=1e-5, atol=1e-5)


def test_columns_are_kept_only_while_the_saved_tensors_are():
    x, w, b = _inputs()
    y, _ = _grads(pullback, x, w, b, retain=True)
    assert y.grad_fn.cols is not None
    y.backward(pullback.ones_like(y))  # retain_graph=False this time: everything saved is freed
    assert y.grad_fn.cols is None


def test_large_inputs_keep_no_columns():
    x = pullback.randn(2, 8, 64, 64)
    w = pullback.randn(8, 8, 3, 3, requires_grad=True)
    y = pullback.nn.functional.conv2d(x, w, padding=1)
    assert y.grad_fn.cols is None
    y.sum().backward()
    assert w.grad.shape == w.shape


def test_changing_the_input_in_place_is_still_caught():
    x, w, b = _inputs()
    for m in (torch, pullback):
        xt = m.tensor(x)
        wt = m.tensor(w, requires_grad=True)
        y = m.nn.functional.conv2d(xt, wt)
        xt.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def test_second_order_through_the_weight_gradient():
    x, w, b = _inputs()
    results = []
    for m in (torch, pullback):
        xt, wt = m.tensor(x, requires_grad=True), m.tensor(w, requires_grad=True)
        y = m.nn.functional.conv2d(xt, wt, padding=1)
        gw, = m.autograd.grad((y * y).sum(), wt, create_graph=True)
        gx, = m.autograd.grad(gw.square().sum(), xt)
        results.append(gx.numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=1e-4, atol=1e-3)
