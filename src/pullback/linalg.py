"""torch.linalg: decompositions, solvers and norms (defined in ops/linalg.py)."""
from .ops import _with_out
from .ops.linalg import (LinAlgError, cholesky, det, eigh, eigvalsh, inv, matrix_norm, matrix_rank, multi_dot,
                         norm, qr, slogdet, solve, solve_triangular, svd, svdvals, vecdot, vector_norm)
from .ops.linalg import linalg_cross as cross
from .ops import matmul, matrix_power  # torch.linalg.matmul is torch.matmul
from .ops.builders import linalg_vander as vander

__all__ = ["LinAlgError", "cholesky", "cross", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm",
           "matrix_power", "matrix_rank", "multi_dot", "norm", "qr", "slogdet", "solve", "solve_triangular", "svd",
           "svdvals", "vander", "vecdot", "vector_norm"]

# every torch.linalg function but vander takes an out= tensor (or tuple of tensors) of the result's dtype
globals().update({name: _with_out(globals()[name], f"linalg_{name}", exact_dtype=True) for name in __all__
                  if name not in ("LinAlgError", "matmul", "matrix_power", "vander")})
