"""torch.return_types: the named tuples that ops returning several tensors give back."""
from .ops.linalg import (linalg_eigh_type as linalg_eigh, linalg_qr_type as linalg_qr,
                         linalg_slogdet_type as linalg_slogdet, linalg_svd_type as linalg_svd)
from .ops.reduction import (aminmax_type as aminmax, cummax_type as cummax, cummin_type as cummin,
                            kthvalue_type as kthvalue, max_type as max, median_type as median, min_type as min,
                            mode_type as mode, nanmedian_type as nanmedian, sort_type as sort, topk_type as topk)
from .ops.linalg import svd_type as svd

__all__ = ["aminmax", "cummax", "cummin", "kthvalue", "linalg_eigh", "linalg_qr", "linalg_slogdet", "linalg_svd",
           "max", "median", "min", "mode", "nanmedian", "sort", "svd", "topk"]
