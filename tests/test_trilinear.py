"""The _trilinear op behind bilinear against torch._trilinear, over expand and sum patterns
beyond bilinear's (sums over a dim one operand lacks, none expanded), to second order."""
import numpy as np
import pytest
import torch

import pullback
from oracle import check, gradcheck_fd
from pullback.ops.nn.dense import Trilinear

R = np.random.default_rng(43)

# (shapes of i1, i2, i3, expand1, expand2, expand3, sumdim): each operand reaches 4 dims
CASES = [
    ((4, 3), (2, 3, 5), (4, 5), (1, 3), (0,), (1, 2), (2, 3)),        # bilinear's
    ((4, 3), (2, 3, 5), (4, 5), (1, 3), (0,), (1, 2), (0, 2)),        # a sum over the batch
    ((3, 2), (3, 2), (3, 2), (), (), (), (1,)),                       # no expansion: sum(i1 * i2 * i3, 1)
    ((2, 3), (3, 4), (2, 4), (2,), (0,), (1,), (1,)),                 # a matrix-chain-like product
]


def _op(expand1, expand2, expand3, sumdim):
    def fn(m, a, b, c):
        if m is torch:
            return torch._trilinear(a, b, c, expand1, expand2, expand3, sumdim)
        return Trilinear.apply(a, b, c, expand1, expand2, expand3, sumdim, 1)
    return fn


@pytest.mark.parametrize("case", range(len(CASES)))
def test_trilinear_matches_torch(case):
    *shapes, e1, e2, e3, sumdim = CASES[case]
    arrays = [R.standard_normal(s) for s in shapes]
    check(_op(e1, e2, e3, sumdim), *arrays)
    check(_op(e1, e2, e3, sumdim), *[a.astype(np.float32) for a in arrays])
    gradcheck_fd(_op(e1, e2, e3, sumdim), *arrays)
