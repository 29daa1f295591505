"""x[index], x[index] = value and the index_* ops against torch: values, node names,
1st/2nd-order grads (repeated indices accumulate), finite differences, views and errors."""
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import pullback
from oracle import assert_same_error, assert_same_outcome, check, gradcheck_fd

RNG = np.random.default_rng(3)


def r(*shape):
    return RNG.standard_normal(shape)


A = r(3, 4)
B = r(2, 3, 4, 5)

GETITEM = [
    ("int", lambda m, x: x[1]),
    ("neg_int", lambda m, x: x[-1, -2]),
    ("slice", lambda m, x: x[1:]),
    ("slice_step", lambda m, x: x[::2, 1::2]),
    ("slice_past_end", lambda m, x: x[2:10]),
    ("none", lambda m, x: x[None]),
    ("none_middle", lambda m, x: x[:, None, 1]),
    ("ellipsis", lambda m, x: x[...]),
    ("ellipsis_int", lambda m, x: x[..., 0]),
    ("full_slice", lambda m, x: x[:]),
    ("whole_slice_in_tuple", lambda m, x: x[0:, :10]),
    ("negative_start_slice_in_tuple", lambda m, x: x[-3:, 1]),
    ("empty_slice", lambda m, x: x[:0]),
    ("list", lambda m, x: x[[0, 2]]),
    ("list_repeats", lambda m, x: x[[0, 2, 0, 0]]),
    ("tensor", lambda m, x: x[m.tensor([2, 1, 2])]),
    ("tensor_2d", lambda m, x: x[m.tensor([[0, 1], [1, 1]])]),
    ("tensor_0d", lambda m, x: x[m.tensor(1)]),
    ("two_lists", lambda m, x: x[[0, 2, 2], [1, 3, 1]]),
    ("broadcast_lists", lambda m, x: x[m.tensor([[0], [2]]), m.tensor([1, 3])]),
    ("mask", lambda m, x: x[x > 0]),
    ("row_mask", lambda m, x: x[m.tensor([True, False, True])]),
    ("mask_after_slice", lambda m, x: x[:, m.tensor([True, False, True, True])]),
    ("int_and_list", lambda m, x: x[0, [0, 1]]),
    ("slice_and_list", lambda m, x: x[1:, [0, 2]]),
    ("list_and_slice", lambda m, x: x[[0, 1], 1:]),
    ("ellipsis_list", lambda m, x: x[..., [0, 1]]),
    ("none_and_list", lambda m, x: x[None, [0, 1]]),
    ("list_and_none", lambda m, x: x[[0, 1], None]),
]

GETITEM_4D = [
    ("separated_lists", lambda m, x: x[[0, 1], :, [1, 2]]),
    ("int_slice_list", lambda m, x: x[0, :, [0, 1], :]),
    ("adjacent_lists", lambda m, x: x[:, [0, 2], [1, 3]]),
    ("mask_2d_middle", lambda m, x: x[:, m.tensor([[True, False, True, False]] * 3)]),
    ("everything", lambda m, x: x[1, None, ..., [0, 3], 1:4:2]),
    # torch takes any number of ellipses, each skipping the dims no other component names
    ("two_ellipses", lambda m, x: x[..., ...]),
    ("ellipses_around_int", lambda m, x: x[..., 1, ...]),
    ("ellipses_and_none", lambda m, x: x[None, ..., None, ...]),
    ("ellipses_and_list", lambda m, x: x[..., [0, 3], ...]),
]

SETITEM = [
    ("int", lambda m, z, v: z.__setitem__(1, v[0]), (4,)),
    ("slice", lambda m, z, v: z.__setitem__((slice(1, None), slice(None, None, 2)), v), (2, 2)),
    ("broadcast", lambda m, z, v: z.__setitem__(slice(0, 2), v), (4,)),
    ("list", lambda m, z, v: z.__setitem__([0, 2], v), (2, 4)),
    ("tensor_broadcast", lambda m, z, v: z.__setitem__(m.tensor([2, 0]), v), (1, 4)),
    ("mask_values", lambda m, z, v: z.__setitem__(z > 0.5, v.sum()), (1,)),
    ("mixed", lambda m, z, v: z.__setitem__((slice(1, None), [0, 3]), v), (2, 2)),
    ("int_list", lambda m, z, v: z.__setitem__((0, [1, 2]), v), (2,)),
    ("ellipsis", lambda m, z, v: z.__setitem__((Ellipsis, 1), v), (3,)),
    ("ellipsis_only", lambda m, z, v: z.__setitem__(Ellipsis, v), (4,)),
    ("empty_slice", lambda m, z, v: z.__setitem__(slice(0), v), (0, 4)),
    ("ellipses", lambda m, z, v: z.__setitem__((Ellipsis, [1], Ellipsis), v), (3, 1)),
]

COVERED = ["index_put", "index_put_", "index_add", "index_add_", "index_copy", "index_copy_", "index_fill",
           "index_fill_", "__getitem__", "__setitem__", "fill_diagonal_", "isin", "searchsorted", "bucketize",
           "nbytes", "itemsize"]


@pytest.mark.parametrize("name,fn", GETITEM, ids=[s[0] for s in GETITEM])
def test_getitem(name, fn):
    check(fn, A)
    gradcheck_fd(fn, A)


@pytest.mark.parametrize("name,fn", GETITEM_4D, ids=[s[0] for s in GETITEM_4D])
def test_getitem_4d(name, fn):
    check(fn, B)


@pytest.mark.parametrize("name,fn,value_shape", SETITEM, ids=[s[0] for s in SETITEM])
def test_setitem(name, fn, value_shape):
    def run(m, x, v):
        z = x * 1
        fn(m, z, v)
        return z * z  # makes the second-order grads depend on where each value went
    check(run, A, r(*value_shape))
    gradcheck_fd(run, A, r(*value_shape))


@pytest.mark.parametrize("value", [2.5, 0])
def test_setitem_scalar(value):
    def run(m, x):
        z = x * 2
        z[x < 0] = value
        z[0, 1:3] = value
        return z
    check(run, A)


def test_setitem_without_grad_writes_in_place():
    for m in (pullback, torch):
        x = m.tensor(A)
        v = x[1]
        x[m.tensor([0, 2]), 1:] = m.tensor([[1.0, 2.0, 3.0]], dtype=x.dtype)
        x[1] = -1
        assert x._version == 2
        np.testing.assert_allclose(v.numpy(), -np.ones(4))  # the view sees the write
    expected = torch.tensor(A)
    expected[torch.tensor([0, 2]), 1:] = torch.tensor([[1.0, 2.0, 3.0]], dtype=expected.dtype)
    expected[1] = -1
    got = pullback.tensor(A)
    got[pullback.tensor([0, 2]), 1:] = pullback.tensor([[1.0, 2.0, 3.0]], dtype=got.dtype)
    got[1] = -1
    np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_assigning_into_a_buffer_and_whole_tensor():
    def run(m, v, w):
        z = m.zeros(3, 4, dtype=m.float64)  # needs no grad itself: the assigned values bring the history
        z[0] = v
        z[[1, 2], 1:3] = w
        z[z > 0.5] = 0.5
        y = m.zeros(2, dtype=m.float64)
        y[...] = v[:2]
        return z * z, y
    check(run, r(4), r(2, 2))


@pytest.mark.parametrize("index", [Ellipsis, slice(None), slice(0, None)], ids=["ellipsis", "colon", "zero_colon"])
def test_assigning_everything_is_a_plain_copy(index):
    def run(m, x, v):
        z = x * 1
        z[index] = v  # torch copies into z itself: z's old history gets a zero gradient
        return z
    check(run, r(3), r(3))


def test_augmented_assignment_through_indices():
    def run(m, x, v):
        z = x * 1
        z[1:] += v
        z[[0, 2]] *= v
        z[z > 0] -= v.sum()
        z[..., 0] /= 2
        return z
    check(run, A, r(4))


def test_inplace_through_basic_index_views():
    def run(m, x, y):
        z = x.clone()
        z[1:, ::2].mul_(y[0])
        z[0].add_(y)
        z[..., -1].zero_()
        return z
    check(run, A, r(4))


SHAPE = (3, 4, 5)


@st.composite
def random_index(draw):
    """A tuple of index components of every kind, consistent with SHAPE."""
    comps, dim, has_ellipsis = [], 0, False
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["int", "slice", "none", "ellipsis", "list", "mask", "tensor"]))
        if kind == "none":
            comps.append(None)
        elif kind == "ellipsis" and not has_ellipsis:
            has_ellipsis = True
            comps.append(Ellipsis)
        elif kind != "ellipsis" and dim < len(SHAPE):
            n = SHAPE[dim]
            bound = st.one_of(st.none(), st.integers(-n, n))
            comps.append({
                "int": lambda: draw(st.integers(-n, n - 1)),
                "slice": lambda: slice(draw(bound), draw(bound), draw(st.one_of(st.none(), st.integers(1, 3)))),
                "list": lambda: draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=3)),
                "mask": lambda: ("mask", draw(st.lists(st.booleans(), min_size=n, max_size=n))),
                "tensor": lambda: ("tensor", draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2))),
            }[kind]())
            dim += 1
    return tuple(comps)


def _build(m, comps):
    def one(c):
        if isinstance(c, tuple):
            return m.tensor(c[1]) if c[0] == "mask" else m.tensor([c[1], c[1][::-1]])
        return c
    return tuple(one(c) for c in comps)


@settings(max_examples=15, deadline=None)
@given(random_index())
def test_random_indices_get_and_set(comps):
    x = r(*SHAPE)
    try:
        torch.tensor(x)[_build(torch, comps)]
    except IndexError:
        return  # e.g. more indexed dims than the tensor has; the error cases are tested below
    check(lambda m, t: t[_build(m, comps)], x)

    def assign(m, t, v):
        z = t * 1
        index = _build(m, comps)
        z[index] = v * m.ones(tuple(z[index].shape), dtype=z.dtype)
        return z * z
    check(assign, x, np.array(1.5))


INDEX_OPS = [
    ("index_put", lambda m, x, v: x.index_put((m.tensor([0, 2]),), v), [A, r(2, 4)]),
    ("index_put_accumulate", lambda m, x, v: m.index_put(x, (m.tensor([0, 0, 2]), m.tensor([1, 1, 3])), v,
                                                         accumulate=True), [A, r(3)]),
    ("index_put_mask", lambda m, x, v: x.index_put((x > 0,), v), [A, r(1)]),
    ("index_put_", lambda m, x, v: (x * 1).index_put_((m.tensor([1]), m.tensor([2])), v), [A, r(1)]),
    ("index_put_accumulate_", lambda m, x, v: (x * 1).index_put_((m.tensor([1, 1]),), v, True), [A, r(4)]),
    ("index_add", lambda m, x, s: x.index_add(0, m.tensor([0, 2, 0]), s), [A, r(3, 4)]),
    ("index_add_alpha", lambda m, x, s: m.index_add(x, 1, m.tensor([3, 1]), s, alpha=-2.0), [A, r(3, 2)]),
    ("index_add_", lambda m, x, s: (x * 1).index_add_(0, m.tensor([1]), s), [A, r(1, 4)]),
    ("index_copy", lambda m, x, s: x.index_copy(0, m.tensor([2, 0]), s), [A, r(2, 4)]),
    ("index_copy_fn", lambda m, x, s: m.index_copy(x, 1, m.tensor([3]), s), [A, r(3, 1)]),
    ("index_copy_", lambda m, x, s: (x * 1).index_copy_(1, m.tensor([0, 2]), s), [A, r(3, 2)]),
    ("index_fill", lambda m, x: x.index_fill(1, m.tensor([0, 2]), -1.5), [A]),
    ("index_fill_fn", lambda m, x: m.index_fill(x, 0, m.tensor([1]), 2.0), [A]),
    ("index_fill_tensor", lambda m, x, v: x.index_fill(0, m.tensor([0, 2]), v.sum()), [A, r(2)]),
    ("index_fill_", lambda m, x: (x * 1).index_fill_(1, m.tensor([3]), 0.5), [A]),
    ("fill_diagonal_", lambda m, x: (x * 1).fill_diagonal_(2.5), [A]),
    ("fill_diagonal_tall_wrap", lambda m, x: (x * 1).fill_diagonal_(-1.0, wrap=True), [r(7, 2)]),
    ("fill_diagonal_tall_no_wrap", lambda m, x: (x * 1).fill_diagonal_(-1.0), [r(7, 2)]),
    ("fill_diagonal_wide_wrap", lambda m, x: (x * 1).fill_diagonal_(3, True), [r(2, 5)]),
    ("fill_diagonal_cube", lambda m, x: (x * 1).fill_diagonal_(0.0), [r(3, 3, 3)]),
    ("fill_diagonal_transposed", lambda m, x: (x * 1).t().fill_diagonal_(1.0), [r(4, 2)]),
    ("fill_diagonal_offset_wrap", lambda m, x: (x * 1)[1:].fill_diagonal_(1.0, wrap=True), [r(8, 2)]),
]


SORTED = np.array([-1.5, 0.0, 0.5, 0.5, 2.0])
# searchsorted / bucketize / isin: integer or bool results, no gradient
SEARCHES = [
    ("searchsorted", lambda m, s, v: m.searchsorted(s, v), [SORTED, np.array([[0.5, 3.0], [-2.0, 0.1]])]),
    ("searchsorted_right", lambda m, s, v: m.searchsorted(s, v, right=True), [SORTED, np.array([0.5, 2.0, -1.5])]),
    ("searchsorted_side", lambda m, s, v: m.searchsorted(s, v, side="right", out_int32=True),
     [SORTED, np.array([0.5, 9.0])]),
    ("searchsorted_side_left", lambda m, s, v: m.searchsorted(s, v, side="left", right=False),
     [SORTED, np.array([0.5])]),
    ("searchsorted_scalar", lambda m, s: m.searchsorted(s, 0.5, right=True), [SORTED]),
    ("searchsorted_0d", lambda m, s, v: m.searchsorted(s, v), [SORTED, np.array(0.7)]),
    ("searchsorted_batched", lambda m, s, v: m.searchsorted(s, v),
     [np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]), np.array([[2.0, 5.0], [-3.0, 0.5]])]),
    ("searchsorted_sorter", lambda m, s, v: m.searchsorted(s, v, sorter=m.argsort(s)),
     [np.array([3.0, -1.0, 2.0, 0.0]), np.array([0.0, 2.5, 9.0])]),
    ("searchsorted_sorter_batched_right", lambda m, s, v: m.searchsorted(s, v, sorter=m.argsort(s), right=True),
     [np.array([[3.0, -1.0, 2.0], [0.0, 5.0, 1.0]]), np.array([[2.0], [1.0]])]),
    ("searchsorted_nan", lambda m, s, v: m.searchsorted(s, v), [np.array([1.0, np.nan]), np.array([np.nan, 2.0])]),
    ("searchsorted_nan_right", lambda m, s, v: m.searchsorted(s, v, right=True),
     [np.array([0.0, 1.0, np.nan]), np.array([np.nan, 1.0])]),
    ("searchsorted_int_sequence", lambda m, s, v: m.searchsorted(s, v), [np.array([1, 3, 5]), np.array([2.5, 3.0])]),
    ("searchsorted_int_values", lambda m, s, v: m.searchsorted(s, v), [SORTED, np.array([0, 2])]),
    ("searchsorted_float32", lambda m, s, v: m.searchsorted(s.float(), v), [SORTED, np.array([0.5, 0.1])]),
    ("searchsorted_empty", lambda m, s, v: m.searchsorted(s[:0], v), [SORTED, np.array([0.5])]),
    ("searchsorted_empty_sorter", lambda m, s, v: m.searchsorted(s[:0], v, sorter=m.argsort(s[:0])),
     [SORTED, np.array([0.5])]),
    ("searchsorted_batched_empty", lambda m, s, v: m.searchsorted(s[:, :0], v), [np.zeros((2, 3)), np.ones((2, 1))]),
    ("bucketize", lambda m, x, b: m.bucketize(x, b), [np.array([[0.5, 3.0], [-2.0, 0.1]]), SORTED]),
    ("bucketize_right_int32", lambda m, x, b: m.bucketize(x, b, out_int32=True, right=True),
     [np.array([0.5, 2.0, -1.5]), SORTED]),
    ("bucketize_scalar", lambda m, b: m.bucketize(0.5, b), [SORTED]),
    ("isin", lambda m, x, t: m.isin(x, t), [np.array([[1.0, 2.5], [3.0, 0.5]]), np.array([0.5, 3.0, 7.0])]),
    ("isin_invert", lambda m, x, t: m.isin(x, t, invert=True, assume_unique=True),
     [np.array([1.0, 2.5, 3.0]), np.array([3.0, 1.0])]),
    ("isin_keywords", lambda m, x, t: m.isin(elements=x, test_elements=t), [np.array([1, 2, 3]), np.array([2.0, 2.5])]),
    ("isin_float32_vs_float64", lambda m, x, t: m.isin(x.float(), t), [np.array([0.1, 0.5]), np.array([0.1, 0.5])]),
    ("isin_scalar_test", lambda m, x: m.isin(x, 2.5), [np.array([1.0, 2.5])]),
    ("isin_scalar_elements", lambda m, t: m.isin(3, t), [np.array([1, 3])]),
    ("isin_nan_and_signed_zero", lambda m, x, t: m.isin(x, t), [np.array([np.nan, 0.0, -0.0, 1.0]),
                                                               np.array([np.nan, -0.0])]),
    ("isin_empty", lambda m, x, t: m.isin(x, t[:0]), [np.array([3, 4]), np.array([3])]),
]


@pytest.mark.parametrize("name,fn,inputs", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_searches(name, fn, inputs):
    check(fn, *inputs)


def test_searchsorted_matches_torch_on_random_ties_nans_and_sorters():
    rng = np.random.default_rng(5)
    for _ in range(200):
        n, batch = int(rng.integers(0, 6)), tuple(int(k) for k in rng.integers(1, 3, rng.integers(0, 3)))
        seq = np.sort(rng.integers(-3, 4, batch + (n,)).astype(float), -1)
        if seq.size and rng.random() < 0.3:
            seq.reshape(-1)[-1] = np.nan
        values = rng.integers(-4, 5, batch + (int(rng.integers(1, 4)),)).astype(float)
        values.reshape(-1)[0] = np.nan if rng.random() < 0.3 else values.reshape(-1)[0]
        right = bool(rng.random() < 0.5)
        perm = np.argsort(rng.random(seq.shape), -1)  # shuffle the sequence, and hand the sorter that undoes it
        shuffled, sorter = np.take_along_axis(seq, perm, -1), np.argsort(perm, -1, kind="stable")
        for args, kwargs in (((seq, values), {}), ((shuffled, values), {"sorter": sorter})):
            expected = torch.searchsorted(*map(torch.tensor, args), right=right,
                                          **{k: torch.tensor(v) for k, v in kwargs.items()})
            got = pullback.searchsorted(*map(pullback.tensor, args), right=right,
                                        **{k: pullback.tensor(v) for k, v in kwargs.items()})
            np.testing.assert_array_equal(got.numpy(), expected.numpy())


def test_nbytes_and_itemsize():
    for m in (pullback, torch):
        for x in (m.zeros(3, 1).expand(3, 5), m.zeros(3, 4, dtype=m.float64)[:, :2], m.zeros((), dtype=m.bool),
                  m.zeros(2, dtype=m.float16), m.zeros(0, 3, dtype=m.int32)):
            assert (x.nbytes, x.itemsize) == (x.numel() * x.element_size(), x.element_size())
    assert pullback.zeros(3, 1).expand(3, 5).nbytes == torch.zeros(3, 1).expand(3, 5).nbytes == 60
    with pytest.raises(AttributeError):
        pullback.zeros(2).nbytes = 3


@pytest.mark.parametrize("name,fn,inputs", INDEX_OPS, ids=[s[0] for s in INDEX_OPS])
def test_index_ops(name, fn, inputs):
    check(fn, *inputs)
    gradcheck_fd(fn, *inputs)


ERRORS = [
    (lambda m, x: x[5], "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda m, x: x[m.tensor([5])], "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda m, x: x[:, [4]], "index 4 is out of bounds for dimension 0 with size 4"),
    (lambda m, x: x[[-4]], "index -4 is out of bounds for dimension 0 with size 3"),
    (lambda m, x: x[m.ones(3, 3, dtype=m.bool)], "The shape of the mask [3, 3] at index 1 does not match"),
    (lambda m, x: x[None, m.ones(3, 3, dtype=m.bool)], "The shape of the mask [3, 3] at index 1 does not match"),
    (lambda m, x: x[0, 0, 0], "too many indices for tensor of dimension 2"),
    (lambda m, x: x[m.tensor([0.])], "tensors used as indices must be long, int, byte or bool tensors"),
    (lambda m, x: x[2.0], "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables"),
    (lambda m, x: x[::0], "slice step cannot be zero"),
    (lambda m, x: x[::-1], "step must be greater than zero"),
    (lambda m, x: x.index_put((m.tensor([0, 1, 2]),), m.ones(2, 4, dtype=x.dtype)), "shape mismatch"),
    (lambda m, x: x.detach().__setitem__([0, 1], m.ones(3, 4, dtype=x.dtype)), "shape mismatch"),
    (lambda m, x: x.index_add(0, m.tensor([0, 1, 2]), m.ones(2, 4, dtype=x.dtype)),
     "Number of indices (3) should be equal to source.size(dim)"),
    (lambda m, x: x.index_add(0, m.tensor([0]), m.ones(1, 3, dtype=x.dtype)),
     "source tensor shape must match self tensor shape"),
    (lambda m, x: x.index_fill(0, m.tensor([0]), m.ones(2, dtype=x.dtype)),
     "index_fill_ only supports a 0-dimensional value tensor"),
    (lambda m, x: x.index_copy(0, m.tensor([5]), m.ones(1, 4, dtype=x.dtype)),
     "index_copy_(): index 5 is out of bounds for dimension 0 with size 3"),
    (lambda m, x: x.index_copy(0, m.tensor([0]), m.ones(2, 4, dtype=x.dtype)),
     "index_copy_(): Number of indices (1) should be equal to source.size(dim) (2)"),
    (lambda m, x: x.__setitem__(0, 1.0), "a leaf Variable that requires grad is being used in an in-place"),
    (lambda m, x: x[0].__setitem__(0, 1.0), "a view of a leaf Variable that requires grad is being used"),
    (lambda m, x: x.fill_diagonal_(1.0), "a view of a leaf Variable that requires grad is being used"),
    (lambda m, x: (x * 1)[0].fill_diagonal_(1.0), "dimensions must larger than 1"),
    # torch's wrapped diagonal steps through memory: past the end of a column-major tall matrix's
    (lambda m, x: m.ones(2, 7, dtype=x.dtype).t().fill_diagonal_(1.0, wrap=True),
     "setStorage: sizes [3], strides [8], storage offset 3, and itemsize 8 requiring a storage size of 160"),
    (lambda m, x: (x * 1)[None].fill_diagonal_(1.0), "all dimensions of input must be of equal length"),
    (lambda m, x: m.searchsorted(x[0], x[0], side="middle"), "side can only be 'left' or 'right' but got middle"),
    (lambda m, x: m.searchsorted(x[0], x[0], side="left", right=True), "side and right can't be set to opposites"),
    (lambda m, x: m.searchsorted(x[0, 0], x[0]), "boundaries tensor should have positive dimension, but got 0"),
    (lambda m, x: m.searchsorted(x, x[0]), "the first N-1 dimensions of boundaries tensor and input value tensor"),
    (lambda m, x: m.searchsorted(x[0], x[0], sorter=x[0]), "sorter must be a tensor of long dtype but got dtype Do"),
    (lambda m, x: m.searchsorted(x[0], x[0], sorter=m.tensor([0, 1])), "boundary and sorter must have the same size"),
    (lambda m, x: m.searchsorted(x[0], x[0], sorter=m.tensor([0, 1, 2, 4])), "sorter index out of range"),
    (lambda m, x: m.bucketize(x, x), "boundaries tensor must be 1 dimension, but got dim(2)"),
    (lambda m, x: m.isin(x > 0, x), "Unsupported input type encountered for isin(): Bool"),
    (lambda m, x: m.isin(x, x > 0), "Unsupported input type encountered for isin(): Bool"),
]


@pytest.mark.parametrize("fn,phrase", ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_errors(fn, phrase):
    assert_same_error(fn, A, phrase=phrase)


@pytest.mark.parametrize("write", [
    lambda x: x.__setitem__(5, 1.0),
    lambda x: x.__setitem__(pullback.tensor([0, 7]), 1.0),
    lambda x: x.__setitem__([0, 1], pullback.ones(3, 4, dtype=pullback.float64)),
    lambda x: x.index_add_(0, pullback.tensor([9]), pullback.ones(1, 4, dtype=pullback.float64)),
    lambda x: x[None].fill_diagonal_(1.0),
])
def test_failed_writes_leave_the_tensor_unchanged(write):
    x = pullback.tensor(A)
    with pytest.raises((IndexError, RuntimeError)):
        write(x)
    np.testing.assert_array_equal(x.numpy(), A)
    assert x._version == 0


@pytest.mark.parametrize("fn", [
    lambda m, x: x[range(3), m.tensor([0, 1, 3])],  # "What is torch.nn really": input[range(n), target]
    lambda m, x: x[range(1, 3)], lambda m, x: x[:, range(0)], lambda m, x: x[range(0)],
    lambda m, x: x[..., range(3, 0, -1)],
], ids=["with tensor", "rows", "empty cols", "empty rows", "reversed"])
def test_a_range_indexes_as_a_sequence(fn):
    check(fn, np.arange(12.0).reshape(3, 4))


def test_a_range_in_setitem():
    def fn(m, v):
        z = m.zeros(3, 4)
        z[range(2)] = 1.0
        z[range(3), [1, 2, 3]] = v
        return z
    check(fn, np.array(5.0, dtype=np.float32), grad=False)


@pytest.mark.parametrize("fn", [
    # the Transforms tutorial's one-hot target: zeros(10).scatter_(0, torch.tensor(y), value=1)
    lambda m, x: m.zeros(10, dtype=m.float).scatter_(0, m.tensor(3), value=1),
    lambda m, x: x.scatter(0, m.tensor(2), 2.0), lambda m, x: x.scatter(0, m.tensor(1), x[4]),
    lambda m, x: x.scatter_add(0, m.tensor(4), x[0]),
    lambda m, x: x.gather(0, m.tensor(2)), lambda m, x: x[1].gather(0, m.tensor([0, 0])),
    lambda m, x: x[1].gather(0, m.tensor(0)), lambda m, x: x[1].scatter(-1, m.tensor([0]), x[2]),
], ids=["one-hot", "scatter value", "scatter 0-d src", "scatter_add", "gather",
        "gather from 0-d", "0-d gather 0-d", "scatter into 0-d"])
def test_a_zero_dim_index_acts_as_one_element(fn):
    """torch's gather and scatter count a 0-d self, index or src as 1-d."""
    check(fn, np.arange(1.0, 6.0))


@pytest.mark.parametrize("fn, phrase", [
    (lambda m, x: x.reshape(1, 5).gather(0, m.tensor(1)), "same number of dimensions as input tensor"),
    (lambda m, x: x.reshape(1, 5).scatter(0, m.tensor([0]), 1.0), "same number of dimensions as self tensor"),
    (lambda m, x: x.reshape(1, 5).scatter_add(0, m.tensor([0]), x[:1]), "same number of dimensions as self tensor"),
])
def test_scatter_gather_rank_errors(fn, phrase):
    assert_same_error(fn, np.arange(1.0, 6.0), phrase=phrase)


def test_a_zero_dim_index_scatters_the_head_of_a_1d_src():
    """Forward only: torch's own ScatterBackward0 rejects the 0-d gradient it makes for a 1-d src."""
    check(lambda m, x: x.scatter(0, m.tensor(1), x[3:]), np.arange(1.0, 6.0), grad=False)


@pytest.mark.parametrize("index", [slice(None), 1, "mask"])
def test_setting_a_tensor_of_another_dtype_casts_in_the_write_as_torch(index):
    """No ToCopy node: the fill/copy/index_put casts the value, and the engine casts its gradient back."""
    seen = []
    for m in (pullback, torch):
        x = m.ones(3, requires_grad=True)
        y = x * 2
        v = m.tensor(2.5, dtype=m.float64, requires_grad=True)
        y[(y > 0) if index == "mask" else index] = v
        names = [y.grad_fn.name(), [n.name() if n else None for n, _ in y.grad_fn.next_functions], str(y.dtype)]
        y.sum().backward()
        z = m.zeros(3, dtype=m.int64)
        z[1:] = m.tensor([2.7, -3.2])
        w = m.zeros(3, dtype=m.int64)
        w.copy_(m.tensor([1.7, -2.7, 3.2]))
        seen.append((names, x.grad.tolist(), v.grad.item(), str(v.grad.dtype), z.tolist(), w.tolist()))
    assert seen[0] == seen[1]


@pytest.mark.parametrize("case", [
    "y = m.zeros(3); y[1] = m.tensor([2.5])",
    "y = m.zeros(3); y[:] = m.tensor([[2.5]])",
    "y = m.zeros(2, 3); y[0] = m.tensor([[1., 2., 3.]])",
    "y = m.zeros(2, 3); y[m.tensor([True, False])] = m.tensor([[[1., 2., 3.]]])",
    "y = m.zeros(3); y[1] = m.tensor([[2.5, 1.0]])",
    "x = m.ones(3, requires_grad=True); y = x * 1; v = m.tensor([[2.5]], requires_grad=True); y[1:] = v; "
    "names = (y.grad_fn.name(), [n.name() for n, _ in y.grad_fn.next_functions]); y.sum().backward(); y = (names, v.grad)",
])
def test_a_value_with_leading_ones_is_set_as_torch_slices_it(case):
    """torch's setitem views the value without its leading 1s, then expands it (copy) or puts it."""
    outcomes = []
    for m in (pullback, torch):
        scope = {"m": m}
        try:
            exec(case, scope)
            outcomes.append(repr(scope["y"]))
        except RuntimeError as e:
            outcomes.append(str(e))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("value", [np.float32(2.5), np.float16(1), np.bool_(True), [1.0, 2.0, 3.0], (1.0, 2.0, 3.0),
                                   np.array([1.0, 2.0, 3.0]), np.array(2.0), "a", None, {}],
                         ids=["np.float32", "np.float16", "np.bool_", "list", "tuple", "ndarray", "0-d ndarray", "str",
                              "None", "dict"])
def test_setitem_refuses_what_torch_does_not_take_as_a_number(value):
    """torch assigns a tensor, a bool/int/float/complex (np.float64 is a float) or a NumPy integer,
    and nothing else: not a list, an array or np.float32. The tensor is left unchanged."""
    x = pullback.zeros(2, 3)
    with pytest.raises(TypeError) as ours:
        x[0] = value
    with pytest.raises(TypeError) as theirs:
        torch.zeros(2, 3)[0] = value
    assert str(ours.value) == str(theirs.value)
    assert not x.numpy().any()


@pytest.mark.parametrize("value", [np.int64(3), np.uint8(3), np.float64(2.5), True, 2, 2.5])
def test_setitem_takes_torch_numbers(value):
    x, t = pullback.zeros(2, 3, dtype=pullback.float64), torch.zeros(2, 3, dtype=torch.float64)
    x[0] = value
    t[0] = value
    np.testing.assert_array_equal(x.numpy(), t.numpy())


@pytest.mark.parametrize("code", [
    "m.tensor(5.).index_select(0, m.tensor([0, 0]))", "m.tensor(5.).index_add(0, m.tensor([0, 0]), m.tensor([2., 3.]))",
    "m.tensor(5.).index_add(0, m.tensor([0]), m.tensor([2.]))", "m.tensor(5.).index_add(0, m.tensor([0]), m.tensor(2.))",
    "m.zeros(3).index_add(0, m.tensor([1]), m.tensor(2.))", "m.zeros(3).index_copy(0, m.tensor([1]), m.tensor(2.))",
    "m.tensor(5.).index_copy(0, m.tensor([0]), m.tensor([2.]))", "m.split(m.zeros(0), [])",
    "m.tril_indices(m.tensor([3]), 3)", "m.tril_indices(m.tensor(3), 3)", "m.scalar_tensor(m.tensor([2]))",
    "m.scalar_tensor(m.tensor(2., requires_grad=True))", "m.scalar_tensor(m.tensor(2.))",
    "m.frombuffer(np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)), dtype=m.int32)",
])
def test_zero_dim_and_empty_edges_match_torch(code):
    outcomes = []
    for m in (pullback, torch):
        try:
            r = eval(code, {"m": m, "np": np})
            outcomes.append(("ok", r.tolist() if hasattr(r, "tolist") else r))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, str(e)))
    assert outcomes[0] == outcomes[1]


def _expanded_write_warnings(m):
    """The deprecation warnings of writes into an expanded tensor (elements repeat), and the result."""
    x = m.zeros(3).expand(2, 3)
    z = m.zeros(3, requires_grad=True).clone().expand(2, 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x.index_put_((m.tensor([0]),), m.tensor(1.))
        x[m.tensor([True, False])] = 2.
        x[m.tensor([0])] = m.tensor(5.)
        x.index_fill_(1, m.tensor([0]), 3.)
        x[:, m.tensor([1])] = 7.
        z[m.tensor([True, False])] = 2.
        m.zeros(2, 3)[m.tensor([True, False])] = 2.  # no repeats: no warning
    return [str(w.message).split(" (Triggered")[0] for w in caught], x.detach().numpy()


def test_writes_into_expanded_tensors_warn_as_torch():
    got, gx = _expanded_write_warnings(pullback)
    want, wx = _expanded_write_warnings(torch)
    assert got == want
    np.testing.assert_array_equal(gx, wx)


@pytest.mark.parametrize("index", [np.True_, (0, np.False_), np.float64(1.0), True, [np.True_, False], (np.int64(1),)],
                         ids=["np.True_", "(0, np.False_)", "np.float64", "True", "[np.True_, False]", "(np.int64,)"])
def test_a_numpy_bool_is_no_bool_index_to_torch(index):
    """torch takes a Python bool as a new dim, but np.bool_ is no Python bool to it: an invalid index,
    counted as one dim inside a tuple; read and written alike."""
    def read(m):
        return m.tensor([1.0, 2.0])[index]

    def write(m):
        x = m.tensor([1.0, 2.0])
        x[index] = 5.0
        return x
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same_outcome(read)
        assert_same_outcome(write)


@pytest.mark.parametrize("index", [(Ellipsis, Ellipsis, None), (Ellipsis, Ellipsis, [0]), (Ellipsis, Ellipsis, slice(1, 2)),
                                   (0, Ellipsis, Ellipsis, Ellipsis), (Ellipsis, 1, Ellipsis, None)])
def test_a_second_ellipsis_leaves_the_index_where_torch_does(index):
    """A second ellipsis can move torch's index past the last dim: None or a slice not from 0 there is a
    dim out of range, a list one index too many. (What an int or a slice from 0 does there depends on
    memory torch reads past the sizes, and is not compared.)"""
    assert_same_outcome(lambda m: m.arange(24.).reshape(2, 3, 4)[index])

    def assign(m):
        z = m.zeros(2, 3, 4)
        z[index] = 1.0
        return z
    assert_same_outcome(assign)
