"""torch.linalg: decompositions, solvers and norms (defined in ops/linalg.py)."""
from .ops.linalg import (LinAlgError, cholesky, det, eigh, eigvalsh, inv, matmul, matrix_norm, matrix_power,
                         matrix_rank, multi_dot, norm, qr, slogdet, solve, solve_triangular, svd, svdvals, vecdot,
                         vector_norm)
from .ops.linalg import linalg_cross as cross

__all__ = ["LinAlgError", "cholesky", "cross", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm",
           "matrix_power", "matrix_rank", "multi_dot", "norm", "qr", "slogdet", "solve", "solve_triangular", "svd",
           "svdvals", "vecdot", "vector_norm"]
