"""NumPy's floating-point warnings silenced for a block, as torch computes silently:
`token = quiet()` ... `unquiet(token)`, in a try/finally.

np.errstate builds its error state on every entry, ~0.8 us per `with`, more than the ufunc call of
a small op. On NumPy 2 the state is a context variable, set here to one prebuilt 'ignore' state
(~0.2 us); NumPy 1.x goes through seterr."""
import functools

import numpy as np

try:
    from numpy._core._ufunc_config import _extobj_contextvar, _make_extobj
except ImportError:
    def quiet():
        return np.seterr(all="ignore")

    def unquiet(token):
        np.seterr(**token)
else:
    quiet = functools.partial(_extobj_contextvar.set, _make_extobj(all="ignore"))
    unquiet = _extobj_contextvar.reset

