"""Large elementwise NumPy calls split across threads, as torch splits its kernels over its
intra-op threads (torch.set_num_threads sets how many).

NumPy releases the GIL inside a ufunc's loop, so the slices of one call run at once on separate
cores. Handing a slice to a thread costs tens of microseconds, so only large calls split: from
2**19 elements for transcendental functions (sin of 2**20 float32 elements: 0.41 -> 0.28 ms on
two cores), from 2**21 for cheap arithmetic, which memory bandwidth bounds (a multiply of 2**22:
0.51 -> 0.35 ms, and no gain at 2**20). Each element is computed by the same NumPy loop either
way; slices start at multiples of 64 elements, so SIMD lanes line up as in the one-thread call.
"""
import contextvars
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .._runtime import _settings

_ndarray = np.ndarray
EXPENSIVE_MIN = 1 << 19
CHEAP_MIN = 1 << 21
_ALIGN = 64
_TRANSCENDENTAL = frozenset([np.sin, np.cos, np.tan, np.arcsin, np.arccos, np.arctan, np.sinh, np.cosh, np.tanh,
                             np.arcsinh, np.arccosh, np.arctanh, np.exp, np.exp2, np.expm1, np.log, np.log2,
                             np.log10, np.log1p, np.power, np.float_power, np.arctan2, np.logaddexp,
                             np.logaddexp2, np.cbrt])

_pool = None
_pool_lock = threading.Lock()


def min_elements(ufunc):
    """The size from which `ufunc` is split across threads."""
    return EXPENSIVE_MIN if ufunc in _TRANSCENDENTAL else CHEAP_MIN


def call(ufunc, *operands, out=None):
    """ufunc(*operands), split across threads where it pays: every array operand C-contiguous and
    of one shape (Python numbers and 0-d arrays may join them), and at least min_elements(ufunc)
    elements. Anything else is the plain call. Callers on hot paths test `size >= EXPENSIVE_MIN`
    first (the smaller threshold), so that small arrays never pay for this function."""
    threads = min(_settings["threads"], os.cpu_count() or 1)
    shape = None
    for a in operands:
        if type(a) is _ndarray and a.ndim:
            if not a.flags.c_contiguous or (shape is not None and a.shape != shape):
                return ufunc(*operands, out=out)
            shape = a.shape
    if shape is None or threads < 2 or ufunc.nout != 1 or (out is not None and (
            type(out) is not _ndarray or out.shape != shape or not out.flags.c_contiguous)):
        return ufunc(*operands, out=out)
    size = math.prod(shape)
    least = min_elements(ufunc)
    if size < least:
        return ufunc(*operands, out=out)
    if out is None:
        try:
            out = np.empty(shape, ufunc.resolve_dtypes(tuple(_dtype_of(a) for a in operands) + (None,))[-1])
        except TypeError:  # an operand NumPy's dtype resolution takes no type for: the one call decides
            return ufunc(*operands)
    flat = [a.reshape(-1) if type(a) is _ndarray and a.ndim else a for a in operands]
    flat_out = out.reshape(-1)
    pieces = min(threads, size // (least // 2))
    bounds = [size * i // pieces // _ALIGN * _ALIGN for i in range(pieces)] + [size]
    try:
        pool = _workers()
        # NumPy's errstate lives in a context variable: each worker runs in a copy of this thread's
        jobs = [pool.submit(contextvars.copy_context().run, _slice_call, ufunc, flat, flat_out, lo, hi)
                for lo, hi in zip(bounds[1:-1], bounds[2:])]
    except RuntimeError:  # the interpreter is shutting down (atexit, threads outliving main): no new threads
        return ufunc(*operands, out=out)
    try:
        _slice_call(ufunc, flat, flat_out, bounds[0], bounds[1])
    finally:
        for job in jobs:
            job.exception()  # wait for every slice before anything returns or raises
    for job in jobs:
        job.result()
    return out


SUM_PIECE = 1 << 20


def sum_all(x, dtype):
    """np.add.reduce(x, axis=None, dtype=dtype); a contiguous floating x of CHEAP_MIN elements or
    more is summed in pieces of about SUM_PIECE elements, spread over the threads, and the
    pieces' sums added in order. The pieces depend on the size alone, so the result's bits do not
    depend on the thread count."""
    if x.size < CHEAP_MIN or x.dtype.kind != "f" or np.dtype(dtype).kind != "f" or not x.flags.c_contiguous:
        return np.add.reduce(x, axis=None, dtype=dtype)
    flat = x.reshape(-1)
    size = flat.size
    pieces = size // SUM_PIECE
    bounds = [size * i // pieces // _ALIGN * _ALIGN for i in range(pieces)] + [size]
    spans = list(zip(bounds[:-1], bounds[1:]))
    threads = min(_settings["threads"], os.cpu_count() or 1, pieces)
    partial = [None] * pieces

    def run(first):
        for i in range(first, pieces, threads):
            lo, hi = spans[i]
            partial[i] = np.add.reduce(flat[lo:hi], dtype=dtype)
    jobs = []
    if threads > 1:
        try:
            pool = _workers()
            jobs = [pool.submit(contextvars.copy_context().run, run, t) for t in range(1, threads)]
        except RuntimeError:  # the interpreter is shutting down: no new threads
            threads = 1
    try:
        run(0)
    finally:
        for job in jobs:
            job.exception()
    for job in jobs:
        job.result()
    total = partial[0]
    for p in partial[1:]:
        total = total + p
    return total


def _dtype_of(operand):
    """What ufunc.resolve_dtypes takes for an operand: an array's or NumPy scalar's dtype, the
    Python type of a weak int or float (a bool is not weak: NumPy promotes it as bool)."""
    if isinstance(operand, (_ndarray, np.generic)):
        return operand.dtype
    if type(operand) is bool:
        return np.dtype(bool)
    return type(operand)


def _slice_call(ufunc, flat, flat_out, lo, hi):
    ufunc(*[a[lo:hi] if type(a) is _ndarray and a.ndim else a for a in flat], out=flat_out[lo:hi])


def _workers():
    global _pool
    if _pool is None:
        with _pool_lock:  # two threads' first large ops would otherwise each start a pool
            if _pool is None:
                _pool = ThreadPoolExecutor(max(1, (os.cpu_count() or 1) - 1), thread_name_prefix="pullback-intraop")
    return _pool


def _forget_workers():
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()  # a forked child has none of the parent's threads


os.register_at_fork(after_in_child=_forget_workers)
