"""as_strided against torch: views of the shared memory (values, strides, writes both ways), its
gradient as torch composes it (overlapping outputs and inputs, broadcast and unit dims, offsets,
views of views), second order, finite differences, in-place changes through the view, and errors."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

R = np.random.default_rng(23)
COVERED = ["as_strided"]  # (tests/test_coverage.py)

# (input shape, a view of the input to start from, size, stride, storage_offset)
CASES = {
    "window": ((3, 4), None, (2, 2), (1, 2), None),
    "overlapping rows": ((3, 4), None, (3, 3), (1, 1), None),
    "broadcast dim": ((12,), None, (2, 3), (0, 2), 1),
    "unit dims": ((2, 6), None, (1, 3, 1, 2), (5, 2, 7, 1), 3),
    "offset": ((12,), None, (2, 2), (2, 1), 3),
    "of a slice": ((3, 4), lambda x: x[1:], (2, 2), (1, 2), None),
    "of a slice, absolute offset": ((3, 4), lambda x: x[1:], (2, 3), (4, 1), 0),
    "of a transpose": ((3, 4), lambda x: x.t(), (4, 2), (1, 4), None),
    "of an expanded input": ((3, 1), lambda x: x.expand(3, 4), (3, 2), (1, 0), 0),
    "of a permuted input, overlapping": ((2, 3, 2), lambda x: x.permute(2, 0, 1), (3, 3), (2, 1), 1),
    "empty": ((3, 4), None, (0, 2), (1, 1), 2),
    "scalar": ((3, 4), None, (), (), 5),
}


def _op(case):
    _, view, size, stride, offset = CASES[case]

    def fn(m, x):
        x = (x * 1) if view is None else view(x * 1)  # through an op: the input's own storage is its
        return m.as_strided(x, size, stride, offset) if offset is not None else x.as_strided(size, stride)
    return fn


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_as_strided_matches_torch(case, dtype):
    check(_op(case), R.standard_normal(CASES[case][0]).astype(dtype))


# (reading memory outside the input's own layout: torch takes it as a constant, which a finite
# difference of the base does not)
@pytest.mark.parametrize("case", [c for c in CASES if c not in ("empty", "of a slice, absolute offset")])
def test_as_strided_finite_differences(case):
    gradcheck_fd(_op(case), R.standard_normal(CASES[case][0]))


@pytest.mark.parametrize("case", list(CASES))
def test_as_strided_is_a_view_with_torchs_strides(case):
    shape, view, size, stride, offset = CASES[case]
    a = R.standard_normal(shape)
    seen = []
    for m in (pullback, torch):
        x = m.tensor(a)
        v = (x if view is None else view(x)).as_strided(size, stride, *(() if offset is None else (offset,)))
        seen.append((v.tolist(), v.stride(), v.storage_offset(), v._base is x or (view is not None and v._base is x)))
    assert seen[0] == seen[1]


def test_writes_go_both_ways_and_share_the_version():
    results = []
    for m in (pullback, torch):
        x = m.arange(12.0)
        v = x.as_strided((2, 2), (1, 4), 2)
        v[1, 1] = -1.0
        x[2] = 100.0
        results.append((x.tolist(), v.tolist(), v._version == x._version))
    assert results[0] == results[1]


def test_in_place_through_the_view_differentiates_as_torch():
    grads, names = [], []
    for m in (pullback, torch):
        x = m.tensor(R.standard_normal((3, 4)) if not grads else xs, requires_grad=True)
        xs = x.detach().numpy().copy()
        y = x * 2
        v = y.as_strided((3,), (5,))  # the diagonal, through as_strided
        v.mul_(v.detach() + 3)
        names.append((y.grad_fn.name(), v.grad_fn.name()))
        (y ** 2).sum().backward()
        grads.append(x.grad.numpy())
    assert names[0] == names[1]
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-6)


BASES = {  # bases whose memory is not their own storage in C order from its start
    "column-major result": lambda m, x: x.t() * 2,
    "detached slice": lambda m, x: (x * 2).reshape(-1)[3:].detach().view(3, 3),
}


@pytest.mark.parametrize("base", list(BASES))
def test_in_place_through_a_view_of_an_unusual_base_differentiates_as_torch(base):
    """The base's gradient is laid out as the base before the view's offsets are replayed on it
    (torch's CopySlices), and a view re-derived after its base changed reads the same memory."""
    a, w0 = R.standard_normal((4, 3)), R.standard_normal(2)
    results = []
    for m in (pullback, torch):
        x, w = m.tensor(a, requires_grad=True), m.tensor(w0, requires_grad=True)
        y = BASES[base](m, x)
        v = y.as_strided((2,), (4,), y.storage_offset() + 1)
        u = y.as_strided((2, 2), (1, 3), y.storage_offset())  # a view the in-place change reaches
        v.mul_(w)
        loss = (y ** 2).sum() + (u * u.detach()).sum()
        grads = m.autograd.grad(loss, [x, w] if y._base is None and not base.startswith("detached") else [w])
        results.append((y.tolist(), u.tolist(), u.grad_fn.name(), y.grad_fn.name(),
                        [g.tolist() for g in grads]))
    assert results[0][:4] == results[1][:4]
    for p, t in zip(results[0][4], results[1][4]):
        np.testing.assert_allclose(p, t, rtol=1e-6)


ERRORS = [
    (lambda m, x: x.as_strided((3,), (1,), 12), "requiring a storage size of 60 are out of bounds for storage of size 48"),
    (lambda m, x: x.as_strided((2,), (-1,)), "Negative strides are not supported at the moment, got strides: [-1]"),
    (lambda m, x: x.as_strided((2,), (1,), -1), "invalid storage offset -1"),
    (lambda m, x: x.as_strided((2,), (1, 1)), "mismatch in length of strides and shape"),
    (lambda m, x: x.as_strided((2, -1), (1, 1)), "Storage size calculation overflowed with sizes=[2, -1]"),
    (lambda m, x: x.as_strided(2, 1), "argument 'size' (position 1) must be tuple of ints, not int"),
    (lambda m, x: x[4:].as_strided((3, 3), (3, 1)), "storage offset 4, and itemsize 4 requiring a storage size of 52"),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_as_torch(i):
    fn, phrase = ERRORS[i]
    assert_same_error(fn, np.arange(12.0, dtype=np.float32), phrase=phrase)
