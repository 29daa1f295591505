"""torch.linalg: decompositions, solvers and norms (defined in ops/linalg.py and ops/factorizations.py)."""
from .ops import _with_out
from .ops.factorizations import (householder_product, ldl_factor, ldl_factor_ex, ldl_solve, lu_factor,
                                 lu_factor_ex)
from .ops.factorizations import linalg_lu as lu
from .ops.factorizations import linalg_lu_solve as lu_solve
from .ops.linalg import (LinAlgError, cholesky, cholesky_ex, det, eigh, eigvalsh, inv, inv_ex, matrix_norm,
                         matrix_rank, multi_dot, norm, qr, slogdet, solve, solve_ex, solve_triangular, svd, svdvals,
                         vecdot, vector_norm)
from .ops.linalg import linalg_cross as cross
from .ops import matmul, matrix_power  # torch.linalg.matmul is torch.matmul

__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cross", "det", "eigh", "eigvalsh", "householder_product", "inv",
           "inv_ex", "ldl_factor", "ldl_factor_ex", "ldl_solve", "lu", "lu_factor", "lu_factor_ex", "lu_solve",
           "matmul", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "qr", "slogdet", "solve",
           "solve_ex", "solve_triangular", "svd", "svdvals", "vecdot", "vector_norm"]

# every torch.linalg function takes an out= tensor (or tuple of tensors) of the result's dtype
globals().update({name: _with_out(globals()[name], f"linalg_{name}", exact_dtype=True) for name in __all__
                  if name not in ("LinAlgError", "matmul", "matrix_power")})
