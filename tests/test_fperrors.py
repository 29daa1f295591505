"""quiet()/unquiet(): NumPy's floating-point warnings off for a block and the caller's own error state
back afterwards, nested, per thread, and through the NumPy 1.x fallback."""
import importlib
import sys
import threading
import types
import warnings

import numpy as np
import pytest

from pullback import _fperrors


def _warns():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        np.log(np.zeros(1))
    return bool(w)


@pytest.fixture(params=["context variable", "seterr fallback"])
def fperrors(request, monkeypatch):
    if request.param == "context variable":
        yield _fperrors
        return
    # NumPy 1.x has no error-state context variable to import
    monkeypatch.setitem(sys.modules, "numpy._core._ufunc_config", types.ModuleType("numpy._core._ufunc_config"))
    fallback = importlib.reload(_fperrors)
    assert fallback.quiet.__name__ == "quiet"  # the seterr functions, not the context variable's setter
    yield fallback
    monkeypatch.undo()
    importlib.reload(_fperrors)


def test_silences_and_restores(fperrors):
    with np.errstate(divide="warn"):
        token = fperrors.quiet()
        try:
            assert not _warns()
            inner = fperrors.quiet()
            fperrors.unquiet(inner)
            assert not _warns()  # still quiet after the nested block
        finally:
            fperrors.unquiet(token)
        assert _warns()
        with np.errstate(divide="raise"):
            token = fperrors.quiet()
            fperrors.unquiet(token)
            with pytest.raises(FloatingPointError):
                np.log(np.zeros(1))


def test_other_threads_keep_their_state():
    seen = []
    token = _fperrors.quiet()
    try:
        t = threading.Thread(target=lambda: seen.append(np.geterr()["divide"]))
        t.start()
        t.join()
    finally:
        _fperrors.unquiet(token)
    assert seen == [np.geterr()["divide"]] and seen[0] != "ignore"


# Ops meeting inf, NaN and overflow, where NumPy's kernels raise floating-point flags and torch's compute
# silently: each runs with warnings as errors and NumPy's error state at "raise" and must give torch's values.
_INF, _NAN = float("inf"), float("nan")
SILENT_CASES = {
    "mul": lambda m: m.tensor([_INF, 1.0]) * m.tensor([0.0, 2.0]),
    "add": lambda m: m.tensor([_INF, 1.0]) + m.tensor([-_INF, 2.0]),
    "sub": lambda m: m.tensor([_INF, 1.0]) - _INF,
    "mul_ in place": lambda m: m.tensor([_INF, 1.0]).mul_(0.0),
    "half overflow": lambda m: m.tensor([300.0, 2.0], dtype=m.float16) * 300,
    "float overflow": lambda m: m.tensor([1e30, 2.0]) * m.tensor([1e30, 3.0]),
    "matmul": lambda m: m.tensor([[_NAN, 1.0], [_INF, 2.0]]) @ m.tensor([[1.0, _INF], [0.0, 1.0]]),
    "bmm": lambda m: m.bmm(m.tensor([[[_INF, 1.0]]]), m.tensor([[[0.0], [1.0]]])),
    "einsum": lambda m: m.einsum("ij,jk->ik", m.tensor([[_INF, 1.0]]), m.tensor([[0.0], [1.0]])),
    "kron": lambda m: m.kron(m.tensor([_INF, 1.0]), m.tensor([0.0, 1.0])),
    "cross": lambda m: m.linalg.cross(m.tensor([_INF, 1.0, 0.0]), m.tensor([0.0, _INF, 1.0])),
    "det": lambda m: m.linalg.det(m.tensor([[_INF, 1.0], [0.0, _INF]])),
    "softmax": lambda m: m.softmax(m.tensor([-_INF, -_INF]), 0),
    "cov": lambda m: m.cov(m.tensor([[_INF, 1.0, 2.0]])),
    "renorm": lambda m: m.renorm(m.tensor([[_INF, 1.0]]), 2, 0, 1.0),
    "logsumexp of nothing": lambda m: m.logsumexp(m.zeros(0), 0),
    "mm backward": lambda m: _grad(m, lambda w: (m.tensor([[_INF, 0.0]]) @ w).sum(), m.tensor([[0.0], [1.0]])),
}


def _grad(m, f, x):
    x.requires_grad_()
    f(x).backward()
    return x.grad


@pytest.mark.parametrize("case", SILENT_CASES)
def test_ops_meet_inf_and_nan_silently(case):
    import torch

    import pullback
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        expected = SILENT_CASES[case](torch)
        got = SILENT_CASES[case](pullback)
    np.testing.assert_array_equal(got.detach().numpy(), expected.detach().numpy())
    assert str(got.dtype) == str(expected.dtype)
