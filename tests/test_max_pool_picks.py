"""Which input max pooling picks, against torch: the first maximum of a window (only a larger
value replaces it), the last NaN of a window holding NaNs, never a padded position, over random
geometries (padding, dilation, ceil_mode, 1-3 dims) and values full of ties, NaNs and -inf."""
import math

import numpy as np
import pytest
import torch

import pullback

R = np.random.default_rng(11)


def _values(shape, dtype):
    x = R.integers(-2, 3, shape).astype(dtype)  # few distinct values: many ties
    if dtype.kind == "f":
        x[R.random(shape) < 0.1] = np.nan
        x[R.random(shape) < 0.1] = -np.inf
        x[(x == 0) & (R.random(shape) < 0.5)] = -0.0  # ties of +0 and -0: torch returns the one it picks
    return x


def _geometry(d):
    kernel = tuple(int(k) for k in R.integers(1, 4, d))
    stride = tuple(int(s) for s in R.integers(1, 4, d))
    dilation = tuple(int(v) for v in R.integers(1, 3, d))
    padding = tuple(int(R.integers(0, k // 2 + 1)) for k in kernel)
    size = tuple(int(dl * (k - 1) + 1 + R.integers(0, 5)) for k, dl in zip(kernel, dilation))
    return size, kernel, stride, padding, dilation, bool(R.integers(0, 2))


def _pool(m, x, d, geometry, grad=None):
    """max_pool{d}d's output, indices and (for an output gradient `grad`) input gradient, as arrays."""
    _, kernel, stride, padding, dilation, ceil_mode = geometry
    xt = m.tensor(x, requires_grad=True)
    pool = getattr(m.nn.functional, f"max_pool{d}d")
    out, idx = pool(xt, kernel, stride, padding, dilation, ceil_mode=ceil_mode, return_indices=True)
    if grad is None:
        return out.detach().numpy(), idx.numpy()
    out.backward(m.tensor(grad))
    return out.detach().numpy(), idx.numpy(), xt.grad.numpy()


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_picks_match_torch(d, dtype):
    for _ in range(25):
        geometry = _geometry(d)
        x = _values((2, 3) + geometry[0], np.dtype(dtype))
        grad = R.standard_normal(_pool(torch, x, d, geometry)[0].shape).astype(dtype)
        expected, got = _pool(torch, x, d, geometry, grad), _pool(pullback, x, d, geometry, grad)
        for e, g, what in zip(expected, got, ("output", "indices", "input gradient")):
            np.testing.assert_array_equal(g, e, err_msg=f"{what}, geometry {geometry}")
            np.testing.assert_array_equal(np.signbit(g), np.signbit(e), err_msg=f"{what}'s zeros, geometry {geometry}")


@pytest.mark.parametrize("size, kernel", [((8,), (2,)), ((8, 8), (2, 2)), ((6, 9), (3, 3)), ((4, 6), (1, 3)),
                                          ((4, 6, 8), (2, 3, 2)), ((3, 4, 2), (3, 2, 1))])
@pytest.mark.parametrize("layout", ["contiguous", "transposed", "unbatched"])
def test_windows_that_tile_the_input_pick_as_torch(size, kernel, layout):
    """Windows that tile the plane (stride = kernel, no padding or dilation) are gathered by whole
    runs; ties, NaNs and signed zeros still pick as torch's, in every layout."""
    d = len(size)
    x = _values((2, 3) + size, np.dtype(np.float32))
    results = []
    for m in (torch, pullback):
        xt = m.tensor(x, requires_grad=True)
        v = xt.transpose(0, 1) if layout == "transposed" else xt[0] if layout == "unbatched" else xt
        out, idx = getattr(m.nn.functional, f"max_pool{d}d")(v, kernel, return_indices=True)
        out.backward(m.ones_like(out))
        results.append((out.detach().numpy(), idx.numpy(), xt.grad.numpy()))
    for e, g in zip(*results):
        np.testing.assert_array_equal(g, e)
        np.testing.assert_array_equal(np.signbit(g), np.signbit(e))


def test_large_kernel_counts_past_255():
    # 17 x 17 = 289 kernel positions: the first-match count needs more than a byte
    x = R.standard_normal((1, 2, 17, 17)).astype(np.float32)
    x[0, 0, 16, 16] = 10.0
    t_out, t_idx = torch.nn.functional.max_pool2d(torch.tensor(x), 17, return_indices=True)
    p_out, p_idx = pullback.nn.functional.max_pool2d(pullback.tensor(x), 17, return_indices=True)
    np.testing.assert_array_equal(p_out.numpy(), t_out.numpy())
    np.testing.assert_array_equal(p_idx.numpy(), t_idx.numpy())
    assert p_idx.numpy()[0, 0, 0, 0] == math.prod((17, 17)) - 1


@pytest.mark.parametrize("d", [1, 2, 3])
def test_adaptive_picks_match_torch(d):
    for _ in range(10):
        size = tuple(int(n) for n in R.integers(1, 7, d))
        out_size = tuple(int(R.integers(1, n + 1)) for n in size)
        x = _values((2, 3) + size, np.dtype(np.float64))
        results = []
        for m in (torch, pullback):
            out, idx = getattr(m.nn.functional, f"adaptive_max_pool{d}d")(m.tensor(x), out_size, return_indices=True)
            results.append((out.numpy(), idx.numpy()))
        for e, g in zip(*results):
            np.testing.assert_array_equal(g, e, err_msg=f"size {size}, output size {out_size}")


def test_empty_batch():
    shapes = []
    for m in (torch, pullback):
        x = m.empty(0, 2, 4, 4, requires_grad=True)
        out, idx = m.nn.functional.max_pool2d(x, 2, return_indices=True)
        out.sum().backward()
        shapes.append((tuple(out.shape), tuple(idx.shape), tuple(x.grad.shape)))
    assert shapes[0] == shapes[1]


@pytest.mark.parametrize("call", [
    lambda F, m: F.max_pool2d(m.zeros(2, 0, 4, 4), 2), lambda F, m: F.max_pool2d(m.zeros(0, 4, 4), 2),
    lambda F, m: F.max_pool1d(m.zeros(2, 0, 4), 2), lambda F, m: F.max_pool3d(m.zeros(2, 0, 4, 4, 4), 2),
    lambda F, m: F.avg_pool2d(m.zeros(2, 3, 0, 4), 2), lambda F, m: F.avg_pool1d(m.zeros(2, 0, 4), 2),
    lambda F, m: F.avg_pool3d(m.zeros(2, 0, 4, 4, 4), 2),
])
def test_empty_non_batch_dims_are_refused(call):
    errors = []
    for m in (torch, pullback):
        with pytest.raises(RuntimeError) as info:
            call(m.nn.functional, m)
        errors.append(str(info.value))
    assert errors[1] == errors[0]
