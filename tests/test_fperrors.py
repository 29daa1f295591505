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
