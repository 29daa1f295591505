"""torch.linalg: decompositions, solvers and norms (defined in ops/linalg.py)."""
from .ops.linalg import (LinAlgError, cholesky, det, eigh, eigvalsh, inv, matmul, matrix_norm, norm, qr, slogdet,
                         solve, svd, svdvals, vector_norm)

__all__ = ["LinAlgError", "cholesky", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_norm", "norm", "qr",
           "slogdet", "solve", "svd", "svdvals", "vector_norm"]
