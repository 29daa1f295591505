"""Fractional max pooling against torch: with the same samples, the same windows (torch's interval
formula in the samples' dtype), picks (ties, NaNs), values, gradients to second order and graph;
the output size from a ratio, the modules, drawn samples, and torch's errors."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

R = np.random.default_rng(31)
COVERED = ["fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
           "fractional_max_pool3d_with_indices"]  # (tests/test_coverage.py)


def _case(d, dtype=np.float64):
    """A random geometry: input shape, kernel, output size, and samples of the input's dtype."""
    batch, channels = int(R.integers(1, 3)), int(R.integers(1, 4))
    size = tuple(int(n) for n in R.integers(3, 11, d))
    kernel = tuple(int(R.integers(1, n // 2 + 1)) for n in size)
    out = tuple(int(R.integers(1, n - k + (2 if d == 2 else 1))) for n, k in zip(size, kernel))  # (3-d: o + k - 1 < n)
    samples = R.random((batch, channels, d)).astype(dtype)
    return (batch, channels) + size, kernel, out, samples


def _pool(d, kernel, out, **kw):
    def fn(m, x, s):
        f = getattr(m.nn.functional, f"fractional_max_pool{d}d")
        return f(x, kernel, output_size=out, _random_samples=s.detach(), **kw)
    return fn


@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matches_torch(d, dtype):
    for _ in range(4):
        shape, kernel, out, samples = _case(d, dtype)
        check(_pool(d, kernel, out), R.standard_normal(shape).astype(dtype), samples, requires_grad=[True, False])


@pytest.mark.parametrize("d", [2, 3])
def test_indices_and_picks_match_torch(d):
    """Many geometries and samples, values full of ties, NaNs and signed zeros: the same indices."""
    for _ in range(30):
        dtype = np.float32 if R.random() < 0.5 else np.float64
        shape, kernel, out, samples = _case(d, dtype)
        x = R.integers(-2, 3, shape).astype(dtype)
        x[R.random(shape) < 0.1] = np.nan
        x[(x == 0) & (R.random(shape) < 0.5)] = -0.0
        got = []
        for m in (pullback, torch):
            f = getattr(m.nn.functional, f"fractional_max_pool{d}d")
            o, i = f(m.tensor(x), kernel, output_size=out, return_indices=True, _random_samples=m.tensor(samples))
            got.append((o.numpy(), i.numpy()))
        (po, pi), (to, ti) = got
        np.testing.assert_array_equal(pi, ti, err_msg=f"{shape} {kernel} {out}")
        np.testing.assert_array_equal(po, to)
        np.testing.assert_array_equal(np.signbit(po), np.signbit(to))


def test_half_precision_windows_match_torch():
    """float16 samples: each step of the interval formula rounds to float16, as torch's Half does."""
    for _ in range(40):
        h, w = (int(v) for v in R.integers(5, 40, 2))
        k = int(R.integers(1, 4))
        out = (int(R.integers(2, h - k + 2)), int(R.integers(2, w - k + 2)))
        x = R.permutation(h * w).reshape(1, 1, h, w).astype(np.float16)
        s = R.random((1, 1, 2)).astype(np.float16)
        got = [m.nn.functional.fractional_max_pool2d(m.tensor(x), k, output_size=out, return_indices=True,
                                                     _random_samples=m.tensor(s)) for m in (pullback, torch)]
        np.testing.assert_array_equal(got[0][1].numpy(), got[1][1].numpy(), err_msg=f"{h} {w} {k} {out} {s}")
        np.testing.assert_array_equal(got[0][0].numpy(), got[1][0].numpy())


@pytest.mark.parametrize("d", [2, 3])
def test_finite_differences(d):
    shape, kernel, out, samples = _case(d)
    x = R.permutation(np.prod(shape)).reshape(shape) * 0.1  # no ties: the pick is stable under a small step
    gradcheck_fd(_pool(d, kernel, out), x, samples)


def test_ratio_unbatched_and_modules_match_torch():
    x = R.standard_normal((3, 9, 11))
    s = R.random((1, 3, 2))
    outs = []
    for m in (pullback, torch):
        F = m.nn.functional
        a = F.fractional_max_pool2d(m.tensor(x), (2, 3), output_ratio=(0.5, 0.7), _random_samples=m.tensor(s))
        pool = m.nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True, _random_samples=m.tensor(s))
        b = pool(m.tensor(x))
        pool3 = m.nn.FractionalMaxPool3d(2, output_size=3, _random_samples=m.tensor(R.random((1, 2, 3))))
        outs.append((a.numpy(), [t.numpy() for t in b], repr(pool), repr(pool3), pool.kernel_size, pool.output_ratio,
                     pool3.output_size, [n for n, _ in pool.named_buffers()]))
    assert outs[0][2:] == outs[1][2:]
    np.testing.assert_array_equal(outs[0][0], outs[1][0])
    for p, t in zip(outs[0][1], outs[1][1]):
        np.testing.assert_array_equal(p, t)


@pytest.mark.parametrize("d", [2, 3])
def test_drawn_samples_give_windows_of_the_kernel(d):
    """Without samples the windows are drawn: each output is the max of a kernel-sized window that
    starts where the pick's window can, and the picks cover the input's ends."""
    x = pullback.tensor(R.permutation(2 * 3 * 9 ** d).reshape((2, 3) + (9,) * d).astype(np.float64))
    f = getattr(pullback.nn.functional, f"fractional_max_pool{d}d")
    out, idx = f(x, 2, output_size=5, return_indices=True)
    assert out.shape == (2, 3) + (5,) * d
    planes = x.numpy().reshape(6, -1)
    np.testing.assert_array_equal(np.take_along_axis(planes, idx.numpy().reshape(6, -1), 1), out.numpy().reshape(6, -1))


ERRORS = [
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2), "requires specifying either an output_size or"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.5, 0.5)),
     "requires output_ratio to either be a single Int or tuple of Ints."),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 5, output_size=(4, 6)),
     "fractional_max_pool2d(): pool height 5 too large relative to input height 7"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, (2, 9), output_size=3),
     "fractional_max_pool2d(): pool width 9 too large relative to input width 9"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, (2, 2, 2), output_size=3),
     "fractional_max_pool2d: kernel_size must either be a single Int or tuple of Ints"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=(3, 3, 3)),
     "fractional_max_pool2d: output_size must either be a single Int or tuple of Ints"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x[:, :, :0], 2, output_size=3),
     "Expected input to have non-zero size for non-batch dimensions, but got[2, 3, 0, 9] with dimension 2"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=m.rand(1, 3, 2)),
     "Expect _random_samples.size(0) no less then input batch size."),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=m.rand(2, 2, 2)),
     "Expect _random_samples.size(1) equals to input channel size."),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=m.rand(2, 3, 3)),
     "Expect _random_samples.size(2) equals to 2; got 3."),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=m.rand(2, 3)),
     "Expect _random_samples to have 3 dimensions, got 2"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 2, output_size=3, _random_samples=m.rand(2, 3, 2).double()),
     "Expect _random_samples to have the same dtype as input"),
    (lambda m, x: m.nn.functional.fractional_max_pool3d(x[..., None], 2, output_size=(3, 3, 3)),
     "fractional_max_pool3d_out(): pool width 2 too large relative to input width 1"),
    # (4-d input to the 3-d pool is one unbatched plane set: (C, T, H, W); sizes are checked before samples)
    (lambda m, x: m.nn.functional.fractional_max_pool3d(x, 2, output_size=3, _random_samples=m.rand(2, 3, 2)),
     "fractional_max_pool3d_out(): pool time 2 too large relative to input time 3"),
    (lambda m, x: m.nn.functional.fractional_max_pool3d(x[None, None], 2, output_size=2),
     "fractional_max_pool3d_out(): Expected 4D or 5D tensor, but got: [1, 1, 2, 3, 7, 9]"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x, 8, output_size=3, _random_samples=m.rand(2, 2, 2)),
     "fractional_max_pool2d(): pool height 8 too large relative to input height 7"),
    (lambda m, x: m.nn.FractionalMaxPool2d(2), "FractionalMaxPool2d requires specifying either an output size, or a"),
    (lambda m, x: m.nn.FractionalMaxPool3d(2, output_size=3, output_ratio=0.5),
     "only one of output_size and output_ratio may be specified"),
    (lambda m, x: m.nn.FractionalMaxPool2d(2, output_ratio=1.5), "output_ratio must be between 0 and 1 (got 1.5)"),
    (lambda m, x: m.nn.functional.fractional_max_pool2d(x.long(), 2, output_size=3),
     "\"check_uniform_bounds\" not implemented for 'Long'"),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_as_torch(i):
    fn, phrase = ERRORS[i]
    assert_same_error(fn, R.standard_normal((2, 3, 7, 9)).astype(np.float32), phrase=phrase)
