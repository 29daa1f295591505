"""Large elementwise ops split across threads (ops/_parallel.py): the same bits as the one-thread
NumPy call, NumPy's error state obeyed in every thread, torch.set_num_threads(1) turning it off, and
the ops that use it giving torch's values and gradients at sizes that split."""
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback.ops import _parallel

BIG = _parallel.CHEAP_MIN + 37  # splits for every ufunc, and not at a multiple of the alignment
R = np.random.default_rng(3)


@pytest.fixture
def two_cores(monkeypatch):
    """A machine with two cores and two threads, wherever the tests run."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    before = pullback.get_num_threads()
    pullback.set_num_threads(2)
    yield
    pullback.set_num_threads(before)


def _spy(monkeypatch):
    """Count the slices the split hands to threads."""
    calls = []
    original = _parallel._slice_call
    monkeypatch.setattr(_parallel, "_slice_call", lambda *a: (calls.append(a[3:]), original(*a))[1])
    return calls


@pytest.mark.parametrize("ufunc, operands", [
    (np.sin, lambda x: (x,)),
    (np.exp, lambda x: (x,)),
    (np.multiply, lambda x: (x, 0.5)),
    (np.add, lambda x: (x, x[::-1].copy())),
    (np.power, lambda x: (x, 3)),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_same_bits_as_one_call(ufunc, operands, dtype):
    x = R.standard_normal(BIG).astype(dtype).reshape(-1, 1)  # 2-d: slices are taken of the flat view
    args = operands(x)
    expected = ufunc(*args)
    got = _parallel.call(ufunc, *args)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_large_calls_split_and_small_or_strided_ones_do_not(monkeypatch, two_cores):
    calls = _spy(monkeypatch)
    x = R.standard_normal(BIG).astype(np.float32)
    _parallel.call(np.sin, x)
    pieces = sorted(calls)  # (the threads record their slices in the order they start)
    assert len(pieces) == 2 and pieces[0][0] == 0 and pieces[-1][1] == BIG and pieces[1][0] % 64 == 0
    calls.clear()
    _parallel.call(np.sin, x[:1000])
    _parallel.call(np.sin, x[::2])                    # not contiguous
    _parallel.call(np.add, x, x[:1].reshape(1))      # broadcasting operands
    _parallel.call(np.multiply, x[:_parallel.CHEAP_MIN - 64], 2.0)  # cheap op below its threshold
    assert calls == []


def test_set_num_threads_one_turns_it_off(monkeypatch, two_cores):
    calls = _spy(monkeypatch)
    x = R.standard_normal(BIG).astype(np.float32)
    pullback.set_num_threads(1)
    np.testing.assert_array_equal(_parallel.call(np.sin, x), np.sin(x))
    assert calls == []


def test_numpy_error_state_holds_in_every_thread():
    x = -np.ones(BIG, np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="ignore"):
            assert np.isnan(_parallel.call(np.log, x)).all()
    with np.errstate(invalid="raise"):
        with pytest.raises(FloatingPointError):
            _parallel.call(np.log, x)


def test_integer_and_weak_scalar_dtypes():
    xi = np.arange(BIG)
    assert _parallel.call(np.sin, xi).dtype == np.sin(xi[:2]).dtype
    assert _parallel.call(np.multiply, xi.astype(np.float32), 0.5).dtype == np.float32
    np.testing.assert_array_equal(_parallel.call(np.add, xi, 1), xi + 1)


def test_ops_at_split_sizes_match_torch():
    x = R.standard_normal(BIG).astype(np.float32)
    results = []
    for m in (torch, pullback):
        t = m.tensor(x, requires_grad=True)
        y = ((t * t + t).sin() * 0.5).exp().sum()
        y.backward()
        results.append((y.item(), t.grad.numpy()))
    (ty, tg), (py, pg) = results
    assert py == pytest.approx(ty, rel=1e-4)
    np.testing.assert_allclose(pg, tg, rtol=1e-5, atol=1e-6)


def test_forked_child_starts_its_own_threads():
    code = ("import numpy as np, os; from pullback.ops import _parallel\n"
            "x = np.ones(_parallel.CHEAP_MIN + 1, np.float32); _parallel.call(np.sin, x)\n"
            "pid = os.fork()\n"
            "if pid == 0:\n"
            "    os._exit(0 if (_parallel.call(np.sin, x) == np.sin(x)).all() else 1)\n"
            "_, status = os.waitpid(pid, 0); raise SystemExit(os.waitstatus_to_exitcode(status))\n")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_bool_operands():
    x = np.ones(BIG, np.float32)
    for other in (True, np.bool_(True)):
        np.testing.assert_array_equal(_parallel.call(np.multiply, x, other), np.multiply(x, other))
    results = [(m.ones(BIG) * True + m.ones(BIG).add(True)).numpy() for m in (torch, pullback)]
    np.testing.assert_array_equal(results[1], results[0])


def test_large_ops_run_while_the_interpreter_shuts_down():
    """After the main thread ends no new thread can start: an atexit handler's large op runs in one."""
    code = ("import atexit, numpy as np, pullback\n"
            "x = pullback.ones(1 << 22)\n"
            "atexit.register(lambda: print('done', float(x.sin().sum()), float((x * 2.0).sum())))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("done"), run.stderr


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_large_sum_is_the_same_for_any_thread_count_and_matches_torch(monkeypatch, two_cores, dtype):
    x = R.standard_normal(2 * BIG).astype(dtype)
    x[5] = 1e6  # a partial sum far from the others
    pieces = x.size // _parallel.SUM_PIECE
    bounds = [x.size * i // pieces // 64 * 64 for i in range(pieces)] + [x.size]
    by_pieces = np.add.reduce(x[bounds[0]:bounds[1]])
    for lo, hi in zip(bounds[1:-1], bounds[2:]):
        by_pieces = by_pieces + np.add.reduce(x[lo:hi])
    sums = []
    for threads in (2, 1):
        pullback.set_num_threads(threads)
        t = pullback.tensor(x)
        sums.append(t.sum().item())
    assert sums[0] == sums[1] == by_pieces  # pieces fixed by the size, added in order
    np.testing.assert_allclose(sums[0], torch.tensor(x).sum().item(), rtol=1e-6 if dtype == np.float32 else 1e-12)
    assert np.isnan(pullback.tensor(np.where(np.arange(x.size) == 7, np.nan, x)).sum().item())
    ints = (x * 100).astype(np.int64)
    assert pullback.tensor(ints).sum().item() == int(ints.sum())  # integers: one exact NumPy call
    strided = x[::2]
    assert pullback.tensor(x)[::2].sum().item() == float(np.add.reduce(strided))  # not contiguous: one call
