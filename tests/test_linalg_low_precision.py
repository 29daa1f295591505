"""Half-precision inputs to linear algebra, against torch: the ops with a CPU kernel for it return
float16, the others refuse it as torch does (a "Low precision dtypes" check, or the LAPACK kernel's
NotImplementedError), after the same shape checks."""
import numpy as np
import pytest
import torch

import pullback


def _outcome(fn, m):
    try:
        r = fn(m)
    except Exception as e:  # the error is the observation
        return type(e).__name__, str(e).split("\n")[0]
    first = r[0] if isinstance(r, tuple) else r
    return "ok", str(first.dtype).replace("torch.", "")


def _h(m, *shape):
    rng = np.random.default_rng(len(shape))
    a = rng.standard_normal(shape) + (np.eye(shape[-1]) * 3 if len(shape) > 1 and shape[-1] == shape[-2] else 0)
    return m.tensor(a, dtype=m.float16)


LA = "linalg."
CASES = {
    "inv": lambda m: m.linalg.inv(_h(m, 3, 3)),
    "inv of a vector": lambda m: m.linalg.inv(_h(m, 3)),
    "inv of a rectangle": lambda m: m.linalg.inv(_h(m, 2, 3)),
    "inv of 0x0": lambda m: m.linalg.inv(_h(m, 0, 0)),
    "inv_ex": lambda m: m.linalg.inv_ex(_h(m, 3, 3)),
    "inverse": lambda m: m.inverse(_h(m, 3, 3)),
    "matrix_power -1": lambda m: m.linalg.matrix_power(_h(m, 3, 3), -1),
    "matrix_power 2": lambda m: m.linalg.matrix_power(_h(m, 3, 3), 2),
    "tensorinv": lambda m: m.linalg.tensorinv(_h(m, 3, 3), 1),
    "det": lambda m: m.linalg.det(_h(m, 3, 3)),
    "det of a rectangle": lambda m: m.linalg.det(_h(m, 2, 3)),
    "det of 0x0": lambda m: m.linalg.det(_h(m, 0, 0)),
    "torch.det": lambda m: m.det(_h(m, 2, 2, 2)),
    "det of a batch of 0x0": lambda m: m.linalg.det(_h(m, 2, 0, 0)),
    "det of no matrices": lambda m: m.linalg.det(_h(m, 0, 3, 3)),
    "slogdet": lambda m: m.linalg.slogdet(_h(m, 3, 3)),
    "slogdet of 0x0": lambda m: m.linalg.slogdet(_h(m, 0, 0)),
    "logdet": lambda m: m.logdet(_h(m, 3, 3)),
    "logdet of a rectangle": lambda m: m.logdet(_h(m, 2, 3)),
    "solve": lambda m: m.linalg.solve(_h(m, 3, 3), _h(m, 3)),
    "solve_ex": lambda m: m.linalg.solve_ex(_h(m, 3, 3), _h(m, 3)),
    "solve, mismatched shapes": lambda m: m.linalg.solve(_h(m, 3, 3), _h(m, 4)),
    "solve, mismatched dtypes": lambda m: m.linalg.solve(_h(m, 3, 3), m.ones(3)),
    "tensorsolve": lambda m: m.linalg.tensorsolve(_h(m, 3, 3), _h(m, 3)),
    "cholesky": lambda m: m.linalg.cholesky(_h(m, 3, 3)),
    "cholesky_ex": lambda m: m.linalg.cholesky_ex(_h(m, 3, 3)),
    "cholesky of a rectangle": lambda m: m.linalg.cholesky(_h(m, 2, 3)),
    "qr": lambda m: m.linalg.qr(_h(m, 3, 2)),
    "qr of a vector": lambda m: m.linalg.qr(_h(m, 3)),
    "torch.qr": lambda m: m.qr(_h(m, 3, 2)),
    "svd": lambda m: m.linalg.svd(_h(m, 3, 2)),
    "svdvals": lambda m: m.linalg.svdvals(_h(m, 3, 2)),
    "torch.svd": lambda m: m.svd(_h(m, 3, 2)),
    "eigh": lambda m: m.linalg.eigh(_h(m, 3, 3)),
    "eigvalsh": lambda m: m.linalg.eigvalsh(_h(m, 3, 3)),
    "eigh of a rectangle": lambda m: m.linalg.eigh(_h(m, 2, 3)),
    "eigvals": lambda m: m.linalg.eigvals(_h(m, 3, 3)),
    "matrix_norm fro": lambda m: m.linalg.matrix_norm(_h(m, 3, 3)),
    "matrix_norm 1": lambda m: m.linalg.matrix_norm(_h(m, 3, 3), 1),
    "matrix_norm nuc": lambda m: m.linalg.matrix_norm(_h(m, 3, 3), "nuc"),
    "matrix_norm 2": lambda m: m.linalg.matrix_norm(_h(m, 3, 3), 2),
    "linalg.norm -2": lambda m: m.linalg.norm(_h(m, 3, 3), -2),
    "torch.norm nuc": lambda m: m.norm(_h(m, 3, 3), "nuc"),
    "cond": lambda m: m.linalg.cond(_h(m, 3, 3)),
    "cond 1": lambda m: m.linalg.cond(_h(m, 3, 3), 1),
    "cond fro": lambda m: m.linalg.cond(_h(m, 3, 3), "fro"),
    "cond nuc": lambda m: m.linalg.cond(_h(m, 3, 3), "nuc"),
    "matrix_rank": lambda m: m.linalg.matrix_rank(_h(m, 3, 3)),
    "matrix_rank hermitian": lambda m: m.linalg.matrix_rank(_h(m, 3, 3), hermitian=True),
    "matrix_rank atol": lambda m: m.linalg.matrix_rank(_h(m, 3, 3), atol=0.1, rtol=0.0),
    "pinv": lambda m: m.linalg.pinv(_h(m, 3, 3)),
    "lstsq": lambda m: m.linalg.lstsq(_h(m, 3, 3), _h(m, 3, 3)),
    "lu": lambda m: m.linalg.lu(_h(m, 3, 3)),
    "lu_factor_ex": lambda m: m.linalg.lu_factor_ex(_h(m, 3, 3)),
    "solve_triangular": lambda m: m.linalg.solve_triangular(_h(m, 3, 3), _h(m, 3, 1), upper=True),
    "triangular_solve": lambda m: m.triangular_solve(_h(m, 3, 1), _h(m, 3, 3)),
    "cholesky_solve": lambda m: m.cholesky_solve(_h(m, 3, 1), _h(m, 3, 3)),
    "householder_product": lambda m: m.linalg.householder_product(_h(m, 3, 2), _h(m, 2)),
    "ldl_factor": lambda m: m.linalg.ldl_factor(_h(m, 3, 3)),
    "matrix_exp": lambda m: m.linalg.matrix_exp(_h(m, 3, 3)),
    "multi_dot": lambda m: m.linalg.multi_dot([_h(m, 3, 3), _h(m, 3, 3)]),
    "vector_norm": lambda m: m.linalg.vector_norm(_h(m, 3, 3)),
}


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("name", CASES)
def test_half_precision_as_torch(name):
    fn = CASES[name]
    assert _outcome(fn, pullback) == _outcome(fn, torch)
