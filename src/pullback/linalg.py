"""torch.linalg: decompositions, solvers and norms (defined in ops/linalg.py, ops/factorizations.py and
ops/matrix_functions.py)."""
from .ops import _with_out
from .ops.factorizations import (householder_product, ldl_factor, ldl_factor_ex, ldl_solve, lu_factor,
                                 lu_factor_ex)
from .ops.factorizations import linalg_lu as lu
from .ops.factorizations import linalg_lu_solve as lu_solve
from .ops.linalg import (LinAlgError, cholesky, cholesky_ex, eigh, eigvalsh, inv, inv_ex, matrix_norm, multi_dot,
                         norm, qr, solve, solve_ex, solve_triangular, svd, svdvals, vecdot, vector_norm)
from .ops.linalg import linalg_cross as cross, linalg_det as det, linalg_slogdet as slogdet
from .ops.matrix_functions import cond, eigvals, matrix_exp, pinv, tensorinv, tensorsolve
from .ops.matrix_functions import linalg_diagonal as diagonal, linalg_eig as eig, linalg_lstsq as lstsq
from .ops.matrix_functions import linalg_matrix_rank as matrix_rank
from .ops import matmul, matrix_power  # torch.linalg.matmul is torch.matmul
from .ops.builders import linalg_vander as vander

__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals",
           "eigvalsh", "householder_product", "inv", "inv_ex", "ldl_factor", "ldl_factor_ex", "ldl_solve", "lstsq", "lu",
           "lu_factor", "lu_factor_ex", "lu_solve", "matmul", "matrix_exp", "matrix_norm", "matrix_power",
           "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet", "solve", "solve_ex", "solve_triangular", "svd",
           "svdvals", "tensorinv", "tensorsolve", "vander", "vecdot", "vector_norm"]

# the other torch.linalg functions take an out= tensor (or tuple of tensors) of the result's dtype; the
# composites (and lstsq) cast their results into an out= of another dtype
_NO_OUT = ("LinAlgError", "matmul", "matrix_power", "diagonal", "matrix_exp", "vander")
_CASTING_OUT = ("cond", "lstsq", "pinv", "tensorinv", "tensorsolve")
globals().update({name: _with_out(globals()[name], f"linalg_{name}", exact_dtype=name not in _CASTING_OUT)
                  for name in __all__ if name not in _NO_OUT})
