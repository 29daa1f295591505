"""The inverses of views (select/slice/diagonal/as_strided_scatter), masked_scatter, put, index_reduce,
in-place tril_/triu_, split_with_sizes and the unsafe splits, and the *_copy functions of the view ops
against torch: values, dtypes, node names and graphs, 1st/2nd-order grads, finite differences,
in-place forms, out= and errors."""
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(7)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


A = r(3, 4)
B = r(2, 3, 4)
MASK = [[True, False, True], [False, True, False]]
# the values index_reduce and prod/amax meet at one place: ties, a lone zero, a repeated index
TIES = np.array([[1.0, 2.0, 2.0], [0.0, 3.0, -1.0]]), np.array([[2.0, 0.0, 2.0, 5.0], [3.0, 3.0, 0.5, 0.0]])

# (id, fn(m, *tensors), inputs): every input is floating and requires grad; indices and masks are made inside
SAMPLES = [
    ("select_scatter", lambda m, x, s: m.select_scatter(x, s, 0, 1), [A, r(4)]),
    ("select_scatter_negative", lambda m, x, s: x.select_scatter(s, -1, -2), [A, r(3)]),
    ("select_scatter_batched", lambda m, x, s: m.select_scatter(x, s, 1, 2), [B, r(2, 4)]),
    ("select_scatter_0d_src", lambda m, x, s: m.select_scatter(x, s, 0, 1), [r(3), r()]),
    ("select_scatter_transposed", lambda m, x, s: m.select_scatter(x.t(), s, 0, 0), [A, r(3)]),
    ("slice_scatter", lambda m, x, s: m.slice_scatter(x, s, 1, 1, 4, 2), [A, r(3, 2)]),
    ("slice_scatter_kwargs", lambda m, x, s: m.slice_scatter(x, s, start=-2), [A, r(2, 4)]),
    ("slice_scatter_whole", lambda m, x, s: x.slice_scatter(s), [A, r(3, 4)]),
    ("slice_scatter_empty", lambda m, x, s: m.slice_scatter(x, s, 1, 5, 10), [A, r(3, 0)]),
    ("diagonal_scatter", lambda m, x, s: m.diagonal_scatter(x, s), [A, r(3)]),
    ("diagonal_scatter_offset", lambda m, x, s: m.diagonal_scatter(x, s, 1), [A, r(3)]),
    ("diagonal_scatter_below", lambda m, x, s: x.diagonal_scatter(s, -1), [A, r(2)]),
    ("diagonal_scatter_batched", lambda m, x, s: m.diagonal_scatter(x, s, -1, 2, 0), [B, r(3, 2)]),
    ("as_strided_scatter", lambda m, x, s: m.as_strided_scatter(x, s, (2, 2), (1, 2), 1), [A, r(2, 2)]),
    ("as_strided_scatter_default_offset", lambda m, x, s: x.as_strided_scatter(s, (2,), (3,)), [A, r(2)]),
    ("as_strided_scatter_kwargs", lambda m, x, s: m.as_strided_scatter(x, s, size=(3,), stride=(4,),
                                                                       storage_offset=2), [A, r(3)]),
    ("masked_scatter", lambda m, x, s: m.masked_scatter(x, m.tensor(MASK), s), [r(2, 3), r(5)]),
    ("masked_scatter_broadcast_self", lambda m, x, s: x.masked_scatter(m.tensor(MASK), s), [r(3), r(2, 4)]),
    ("masked_scatter_broadcast_mask", lambda m, x, s: m.masked_scatter(x, m.tensor(MASK[0]), s), [r(2, 3), r(4)]),
    ("masked_scatter_none", lambda m, x, s: m.masked_scatter(x, m.zeros(2, 3, dtype=m.bool), s), [r(2, 3), r(2)]),
    ("put", lambda m, x, s: m.put(x, m.tensor([0, 5, -2]), s), [r(2, 3), r(3)]),
    ("put_accumulate", lambda m, x, s: x.put(m.tensor([[0, 5], [0, 0]]), s, accumulate=True), [r(2, 3), r(2, 2)]),
    ("put_accumulate_positional", lambda m, x, s: x.put(m.tensor([1, 1]), s, True), [r(2, 3), r(2)]),
    ("put_transposed", lambda m, x, s: m.put(x.t(), m.tensor([1, 4]), s), [r(2, 3), r(2)]),
    ("put_0d", lambda m, x, s: m.put(x, m.tensor(0), s), [r(), r()]),
    ("put_empty", lambda m, x, s: m.put(x, m.tensor([], dtype=m.long), s), [r(2, 3), r(0)]),
    ("tril_", lambda m, x: (x * 1).tril_(), [A]),
    ("triu_", lambda m, x: (x * 1).triu_(diagonal=1), [B]),
    ("tril_transposed", lambda m, x: (x * 1).t().tril_(-1), [A]),
    ("split_with_sizes", lambda m, x: m.split_with_sizes(x, [1, 3], 1), [A]),
    ("split_with_sizes_method", lambda m, x: x.split_with_sizes(split_sizes=(2, 0, 1)), [A]),
    ("unsafe_split", lambda m, x: m.unsafe_split(x, 3, 1), [A]),
    ("unsafe_split_method", lambda m, x: x.unsafe_split(split_size=2, dim=-1), [A]),
    ("unsafe_split_with_sizes", lambda m, x: m.unsafe_split_with_sizes(x, [1, 3], 1), [A]),
    ("unsafe_chunk", lambda m, x: m.unsafe_chunk(x, 2, 1), [A]),
    ("unsafe_chunk_uneven", lambda m, x: x.unsafe_chunk(4), [r(6)]),
    ("alias_copy", lambda m, x: m.alias_copy(x), [A]),
    ("alias_copy_transposed", lambda m, x: m.alias_copy(x.t()), [A]),
    ("as_strided_copy", lambda m, x: m.as_strided_copy(x, (2, 2), (1, 2), 1), [A]),
    ("as_strided_copy_of_view", lambda m, x: m.as_strided_copy(x[1], (2,), (2,)), [A]),
    ("diagonal_copy", lambda m, x: m.diagonal_copy(x, offset=1, dim1=1, dim2=0), [A]),
    ("expand_copy", lambda m, x: m.expand_copy(x[:1], (2, 3, 4)), [A]),
    ("expand_copy_implicit", lambda m, x: m.expand_copy(x, [-1, 4], implicit=True), [r(3, 1)]),
    ("narrow_copy", lambda m, x: m.narrow_copy(x, 1, 1, 2), [A]),
    ("narrow_copy_method", lambda m, x: x.narrow_copy(-1, -3, 2), [A]),
    ("permute_copy", lambda m, x: m.permute_copy(x, (2, 0, 1)), [B]),
    ("select_copy", lambda m, x: m.select_copy(x, 1, -1), [A]),
    ("slice_copy", lambda m, x: m.slice_copy(x, 1, -3, None, 2), [A]),
    ("slice_copy_default", lambda m, x: m.slice_copy(x), [A]),
    ("slice_copy_empty", lambda m, x: m.slice_copy(x, 0, 2, 1), [A]),
    ("split_copy", lambda m, x: m.split_copy(x, 3, 1), [A]),
    ("split_with_sizes_copy", lambda m, x: m.split_with_sizes_copy(x, [1, 3], dim=1), [A]),
    ("squeeze_copy", lambda m, x: m.squeeze_copy(x[None, :, None]), [A]),
    ("squeeze_copy_dim", lambda m, x: m.squeeze_copy(x[None], 0), [A]),
    ("squeeze_copy_dims", lambda m, x: m.squeeze_copy(x[None], (0, 1)), [A]),
    ("t_copy", lambda m, x: m.t_copy(x), [A]),
    ("t_copy_vector", lambda m, x: m.t_copy(x), [r(3)]),
    ("transpose_copy", lambda m, x: m.transpose_copy(x, 0, -1), [B]),
    ("unbind_copy", lambda m, x: m.unbind_copy(x, 1), [A]),
    ("unfold_copy", lambda m, x: m.unfold_copy(x, 1, 2, 1), [A]),
    ("unsqueeze_copy", lambda m, x: m.unsqueeze_copy(x, -1), [A]),
    ("view_copy", lambda m, x: m.view_copy(x, (2, -1)), [A]),
    ("view_copy_not_viewable", lambda m, x: m.view_copy(x.t(), [12]), [A]),
    ("view_copy_0d", lambda m, x: m.view_copy(x, (1, 1)), [r()]),
]
# index_reduce: every reduction, with and without self, along either dim (ties and zeros: TIES below)
SAMPLES += [(f"index_reduce_{reduce}_{include_self}_{dim}",
             lambda m, x, s, reduce=reduce, include_self=include_self, dim=dim: (
                 m.index_reduce(x, dim, m.tensor([0, 2, 0, 1] if dim else [2, 2]), s, reduce,
                                include_self=include_self)),
             [r(2, 3), r(2, 4)] if dim else [r(3, 2), r(2, 2)])
            for reduce in ("prod", "mean", "amax", "amin") for include_self in (True, False) for dim in (0, 1)]
SAMPLES += [
    ("index_reduce_method", lambda m, x, s: x.index_reduce(-1, m.tensor([1, 1], dtype=m.int32), s, "mean"),
     [r(2, 3), r(2, 2)]),
    ("index_reduce_0d", lambda m, x, s: m.index_reduce(x, 0, m.tensor([0]), s, "prod"), [r(), r()]),
    ("index_reduce_empty", lambda m, x, s: m.index_reduce(x, 1, m.tensor([], dtype=m.long), s, "amax"),
     [r(2, 3), r(2, 0)]),
]

# no finite differences: not differentiable, or (as_strided_scatter's self) torch's own derivative is wrong
NO_FD = {"as_strided_scatter", "as_strided_scatter_default_offset", "as_strided_scatter_kwargs"}

COVERED = ["select_scatter", "slice_scatter", "diagonal_scatter", "as_strided_scatter", "masked_scatter", "put",
           "index_reduce", "split_with_sizes", "unsafe_split", "unsafe_split_with_sizes", "unsafe_chunk", "detach",
           "alias_copy", "as_strided_copy", "detach_copy", "diagonal_copy", "expand_copy", "narrow_copy",
           "permute_copy", "select_copy", "slice_copy", "split_copy", "split_with_sizes_copy", "squeeze_copy",
           "t_copy", "transpose_copy", "unbind_copy", "unfold_copy", "unsqueeze_copy", "view_copy"]


@pytest.fixture(autouse=True)
def _quiet_index_reduce():
    with warnings.catch_warnings():  # index_reduce's beta warning (both libraries): its own test below
        warnings.filterwarnings("ignore", "index_reduce")
        yield


@pytest.mark.parametrize("name,fn,inputs", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_against_torch(name, fn, inputs):
    check(fn, *inputs)


@pytest.mark.parametrize("name,fn,inputs", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_against_torch_float32(name, fn, inputs):
    check(fn, *[a.astype(np.float32) for a in inputs])


@pytest.mark.parametrize("name,fn,inputs", [s for s in SAMPLES if s[0] not in NO_FD],
                         ids=[s[0] for s in SAMPLES if s[0] not in NO_FD])
def test_finite_differences(name, fn, inputs):
    gradcheck_fd(fn, *inputs)


def test_as_strided_scatter_src_by_finite_differences():
    """In src only: torch's derivative in self is not self's (pullback gives torch's numbers)."""
    gradcheck_fd(lambda m, s: m.as_strided_scatter(m.tensor(A), s, (2, 2), (1, 2), 1), r(2, 2))


def test_as_strided_scatter_gives_torchs_gradient_in_self():
    """torch's formula keeps the gradient where src was written: reproduced, against the finite differences."""
    x, s = (pullback.tensor(a, requires_grad=True) for a in (A, r(2, 2)))
    gx, = pullback.autograd.grad(pullback.as_strided_scatter(x, s, (2, 2), (1, 2), 1).sum(), x)
    written = np.zeros(12)
    written[1:5] = 1
    np.testing.assert_array_equal(gx.numpy(), written.reshape(3, 4))


@pytest.mark.parametrize("include_self", [True, False])
@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
def test_index_reduce_ties_and_zeros(reduce, include_self):
    """amax/amin share the gradient among ties; prod's lone zero gets the product of the others."""
    def fn(m, x, s):
        return m.index_reduce(x, 1, m.tensor([0, 2, 0, 1]), s, reduce, include_self=include_self)
    check(fn, *TIES)
    gradcheck_fd(fn, *(a + np.array([[0.0], [0.25]]) * (reduce in ("amax", "amin")) for a in TIES))


def test_index_reduce_prod_with_two_zeros_at_one_place():
    """First order only: torch refuses the second derivative there."""
    check(lambda m, x, s: m.index_reduce(x, 0, m.tensor([0, 0, 2]), s, "prod"), np.array([1.0, 2.0, 3.0]),
          np.array([0.0, 0.0, 4.0]), gradgrad=False)


@pytest.mark.parametrize("reduce", ["prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_index_reduce_of_integers(reduce, include_self):
    """A mean rounds down, as torch's."""
    check(lambda m, x, s: x.index_reduce(0, m.tensor([0, 0, 2]), s, reduce, include_self=include_self),
          np.array([[-7, 2], [3, 4], [5, -6]]), np.array([[1, 0], [0, 5], [2, 2]]))


def test_index_reduce_warns_once_that_it_is_beta():
    code = ("import warnings, pullback as t\nwarnings.simplefilter('always')\n"
            "with warnings.catch_warnings(record=True) as seen:\n"
            "    for _ in range(2): t.ones(2).index_reduce(0, t.tensor([0]), t.ones(1), 'amax')\n"
            "print([str(w.message) for w in seen])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['index_reduce() is in beta and the API may change at any time.']"


# ---------------------------------------------------------------- in place
INPLACE = [
    ("masked_scatter_", lambda m, x, s: (x * 1).masked_scatter_(m.tensor(MASK[1]), s), [r(2, 3), r(4)]),
    ("put_", lambda m, x, s: (x * 1).put_(m.tensor([1, 2]), s), [r(3, 3), r(2)]),
    ("put_accumulate_", lambda m, x, s: (x * 1).put_(m.tensor([1, 1]), s, accumulate=True), [r(3, 3), r(2)]),
    ("index_reduce_", lambda m, x, s: (x * 1).index_reduce_(0, m.tensor([0, 0]), s, "amax"), [r(3, 3), r(2, 3)]),
    ("index_reduce_no_self", lambda m, x, s: (x * 1).index_reduce_(1, m.tensor([2, 0]), s, "mean",
                                                                  include_self=False), [r(3, 3), r(3, 2)]),
    ("through_a_view", lambda m, x, s: _through_view(m, x, s), [r(3, 3), r(2)]),
]


def _through_view(m, x, s):
    y = x * 1
    y[1:].put_(m.tensor([0, 5]), s)
    y[:2].tril_(1)
    y.t()[1:].triu_()
    return y


@pytest.mark.parametrize("name,fn,inputs", INPLACE, ids=[s[0] for s in INPLACE])
def test_inplace_against_torch(name, fn, inputs):
    check(fn, *inputs)


@pytest.mark.parametrize("fn", [
    lambda m, x: x.tril_(), lambda m, x: x.triu_(), lambda m, x: x.put_(m.tensor([0]), m.ones(1, dtype=m.float64)),
    lambda m, x: x.masked_scatter_(m.tensor([True, False, False]), m.ones(1, dtype=m.float64)),
    lambda m, x: x.index_reduce_(0, m.tensor([0]), m.ones(1, 3, dtype=m.float64), "amin"),
], ids=["tril_", "triu_", "put_", "masked_scatter_", "index_reduce_"])
def test_inplace_refuses_a_leaf_that_requires_grad(fn):
    assert_same_error(fn, r(3, 3), phrase="a leaf Variable that requires grad is being used in an in-place")


@pytest.mark.parametrize("fn", [
    lambda m, x: x.put_(m.tensor([0, 9]), m.ones(2, dtype=m.float64)),
    lambda m, x: x.masked_scatter_(m.ones(3, 3, dtype=m.bool), m.ones(8, dtype=m.float64)),
    lambda m, x: x.masked_scatter_(m.ones(3, dtype=m.bool), m.ones(3)),
    lambda m, x: x.index_reduce_(0, m.tensor([0, 3]), m.ones(2, 3, dtype=m.float64), "prod"),
    lambda m, x: x[0].tril_(),
], ids=["put_", "masked_scatter_ count", "masked_scatter_ dtype", "index_reduce_", "tril_"])
def test_failed_inplace_leaves_the_tensor_unchanged(fn):
    """Torch's error, raised before anything is written (torch's put_ and masked_scatter_ have written
    the elements before the bad one by then)."""
    assert_same_error(fn, A[:3, :3], phrase="", requires_grad=(False,))  # the same exception class
    x = pullback.tensor(A[:3, :3])
    with pytest.raises((RuntimeError, IndexError)):
        fn(pullback, x)
    np.testing.assert_array_equal(x.numpy(), A[:3, :3])
    assert x._version == 0


# ---------------------------------------------------------------- what the outputs are
def _layout(t):
    return tuple(t.shape), t.stride(), t.is_contiguous(), t._base is None, t.grad_fn is not None and t.grad_fn.name()


LAID_OUT = [s for s in SAMPLES if ("copy" in s[0] or "scatter" in s[0] or s[0].startswith(("put", "unsafe", "split")))
            and "empty" not in s[0]]  # (an empty array's strides are NumPy's zeros, not torch's)


@pytest.mark.parametrize("name,fn,inputs", LAID_OUT, ids=[s[0] for s in LAID_OUT])
def test_outputs_are_laid_out_as_torchs(name, fn, inputs):
    """Strides, contiguity and whether autograd sees a view (a copy and a scatter never are)."""
    outs = {}
    for m in (pullback, torch):
        out = fn(m, *[m.tensor(a, requires_grad=True) for a in inputs])
        outs[m] = [_layout(t) for t in (out if isinstance(out, tuple) else (out,))]
    assert outs[pullback] == outs[torch]


@pytest.mark.parametrize("make", [lambda m, x: m.t_copy(x), lambda m, x: m.unbind_copy(x)[1],
                                  lambda m, x: m.expand_copy(x[:1], (2, 4)), lambda m, x: m.view_copy(x, (12,))],
                         ids=["t_copy", "unbind_copy", "expand_copy", "view_copy"])
def test_copies_own_their_memory_and_take_in_place_changes(make):
    seen = {}
    for m in (pullback, torch):
        x = m.tensor(A, requires_grad=True)
        y = make(m, x)
        before = y.detach().clone()
        y.mul_(2)  # no view: allowed, and x keeps its values
        (y * m.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum().backward()
        assert m.equal(x.detach(), m.tensor(A)) and m.equal(y.detach(), before * 2)
        seen[m] = (y.grad_fn.name(), x.grad.tolist())
    assert seen[pullback] == seen[torch]


def test_unsafe_split_outputs_share_memory_but_may_be_changed_in_place():
    """Each output has its own version counter; changing one in place changes the input's values
    unnoticed by the input's history, which is torch's documented hazard."""
    seen = {}
    for m in (pullback, torch):
        x = m.tensor(A, requires_grad=True)
        y = x * 1
        parts = m.unsafe_split(y, 2, 1)
        parts[0].mul_(2)
        (parts[0].sum() + parts[1].sum() + y.sum()).backward()
        seen[m] = (y._version, parts[0]._version, parts[1]._version, parts[0].grad_fn.name(), y.grad_fn.name(),
                   y.tolist(), x.grad.tolist())
        plain = m.tensor(A)
        m.unsafe_chunk(plain, 2, 1)[1].zero_()
        assert plain._version == 0 and not plain[:, 2:].any()
    assert seen[pullback] == seen[torch]


def test_split_with_sizes_outputs_are_views_that_refuse_in_place():
    assert_same_error(lambda m, x: m.split_with_sizes(x * 1, [1, 3], 1)[0].mul_(2), A,
                      phrase="is a view and is being modified inplace")


def test_detach_copy_records_a_node_without_a_derivative():
    for m in (pullback, torch):
        x = m.tensor(A, requires_grad=True)
        y = m.detach_copy(x.t())
        assert y.requires_grad and y.grad_fn.name() == "torch::autograd::NotImplemented"
        assert y.is_contiguous() and m.equal(y, x.detach().t()) and y._base is None
        with m.no_grad():
            assert not m.detach_copy(x).requires_grad
    assert_same_error(lambda m, x: m.detach_copy(x).sum().backward(), A,
                      phrase="derivative for aten::detach_copy is not implemented")


def test_detach_shares_memory_and_version():
    for m in (pullback, torch):
        x = m.tensor(A, requires_grad=True)
        d = m.detach(x)
        assert not d.requires_grad and d.grad_fn is None
        with m.no_grad():
            x.mul_(2)
        assert d._version == x._version and m.equal(d, x)


# ---------------------------------------------------------------- out=
@pytest.mark.parametrize("fn,shape", [
    (lambda m, x, o: m.t_copy(x, out=o), (4, 3)), (lambda m, x, o: m.diagonal_copy(x, out=o), (4, 3)),
    (lambda m, x, o: m.view_copy(x, (12,), out=o), (4, 3)), (lambda m, x, o: m.narrow_copy(x, 0, 1, 2, out=o), (2, 4)),
    (lambda m, x, o: m.slice_scatter(x, x[:1] * 2, 0, 0, 1, out=o), (4, 3)),
    (lambda m, x, o: m.index_reduce(x, 0, m.tensor([0]), x[1:2], "prod", out=o), (4, 3)),
], ids=["t_copy", "diagonal_copy", "view_copy", "narrow_copy", "slice_scatter", "index_reduce"])
def test_out(fn, shape):
    """Written into out (resized with torch's warning where its shape differs), of the result's dtype."""
    seen = {}
    for m in (pullback, torch):
        o = m.zeros(*shape)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = fn(m, m.tensor(A, dtype=m.float32), o)
        seen[m] = (got is o, o.tolist(), len([w for w in caught if "resized" in str(w.message)]))
    assert seen[pullback] == seen[torch]
    assert_same_error(lambda m, x: fn(m, x, m.zeros(*shape, dtype=m.long)), A, phrase="Expected ",
                      requires_grad=(False,))


def test_out_of_a_copy_takes_inputs_that_require_grad():
    for m in (pullback, torch):
        o = m.zeros(4, 3)
        assert m.t_copy(m.tensor(A, dtype=m.float32, requires_grad=True), out=o) is o
        assert m.equal(o, m.tensor(A.T, dtype=m.float32))
    assert_same_error(lambda m, x: m.narrow_copy(x, 0, 0, 1, out=m.zeros(1, 4, dtype=m.float64)), A,
                      phrase="functions with out=... arguments don't support automatic differentiation")


@pytest.mark.parametrize("fn,sizes", [
    (lambda m, x, out: m.split_with_sizes_copy(x, [1, 3], 1, out=out), [(3, 1), (3, 3)]),
    (lambda m, x, out: m.unbind_copy(x, out=out), [(4,)] * 3),
], ids=["split_with_sizes_copy", "unbind_copy"])
def test_out_of_the_copies_with_several_outputs(fn, sizes):
    """The results are written into out's tensors (resized, with torch's warning) and None is returned."""
    seen = {}
    for m in (pullback, torch):
        out = [m.zeros(*s, dtype=m.float64) for s in sizes[1:]]
        out.insert(0, m.zeros(2, dtype=m.float64))
        x = m.tensor(A, requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = fn(m, x, out)
        seen[m] = (result, [t.tolist() for t in out], [t.requires_grad for t in out], len(caught))
    assert seen[pullback] == seen[torch]
    assert_same_error(lambda m, x: fn(m, x, [m.zeros(*sizes[0])]), A, phrase="expected an out= argument of size")
    assert_same_error(lambda m, x: fn(m, x, m.zeros(*sizes[0])), A, phrase="argument 'out' must be tuple of Tensors")
    assert_same_error(lambda m, x: fn(m, x, [m.zeros(*s) for s in sizes]), A,
                      phrase="Expected out tensor to have dtype double, but got float instead")


def test_out_of_split_copy_is_copied_in():
    """split_copy's out= takes the results as copy_ does: cast, and broadcast, never resized."""
    seen = {}
    for m in (pullback, torch):
        out = [m.zeros(3, 2, dtype=m.float32), m.zeros(2, 3, 2, dtype=m.float32)]
        seen[m] = (m.split_copy(m.tensor(A, requires_grad=True), 2, 1, out=out), [t.tolist() for t in out])
    assert seen[pullback] == seen[torch]
    fn = lambda m, x, out: m.split_copy(x, 2, 1, out=out)  # noqa: E731
    assert_same_error(lambda m, x: fn(m, x, [m.zeros(3, 2)]), A, phrase="split_copy_Tensor_out() expected an out= "
                                                                       "argument of size 2, got size 1")
    assert_same_error(lambda m, x: fn(m, x, m.zeros(3, 2)), A, phrase="argument 'out' must be tuple of Tensors")
    assert_same_error(lambda m, x: fn(m, x, [m.zeros(1, 9)] * 2), A, phrase="The size of tensor a (9) must match the "
                                                                           "size of tensor b (2)")
    assert_same_error(lambda m, x: fn(m, x, [m.zeros(1, 2)] * 2), A, phrase="output with shape [1, 2] doesn't match "
                                                                           "the broadcast shape [3, 2]")


# ---------------------------------------------------------------- errors
ERRORS = [
    (lambda m, x: m.select_scatter(x, x[0, :3], 0, 1), "expected src to have a size equal to the slice of self. "
                                                       "src size = [3], slice size = [4]"),
    (lambda m, x: m.select_scatter(x, x[0], 0, 5), "select(): index 5 out of range for tensor of size [3, 4] at "
                                                   "dimension 0"),
    (lambda m, x: m.select_scatter(x.sum(), x.sum(), 0, 0), "select() cannot be applied to a 0-dim tensor."),
    (lambda m, x: m.select_scatter(x, x[0], 2, 0), "Dimension out of range (expected to be in range of [-2, 1]"),
    (lambda m, x: m.slice_scatter(x, x, 1, 0, None, 0), "slice step must be positive"),
    (lambda m, x: m.slice_scatter(x, x[:, :3], 1, 0, None, 2), "src size = [3, 3], slice size = [3, 2]"),
    (lambda m, x: m.slice_scatter(x.sum(), x.sum()), "slice() cannot be applied to a 0-dim tensor."),
    (lambda m, x: m.diagonal_scatter(x, x[0]), "src size = [4], slice size = [3]"),
    (lambda m, x: m.diagonal_scatter(x, x[0, :3], 0, 1, -1), "diagonal dimensions cannot be identical 1, -1"),
    (lambda m, x: m.as_strided_scatter(x, x[0], (2, 2), (1, 2)), "src size = [4], slice size = [2, 2]"),
    (lambda m, x: m.as_strided_scatter(x, x[:2, :2], (2, 2), (1, 2), 20), "are out of bounds for storage of size"),
    (lambda m, x: m.as_strided_scatter(x, x[0], (2, 2), (1, 2, 3)), "mismatch in length of strides and shape"),
    (lambda m, x: m.as_strided_scatter(x, x[0], 4, (1,)), "as_strided_scatter(): argument 'size' (position 3) must "
                                                          "be tuple of ints, not int"),
    (lambda m, x: m.as_strided_scatter(x, x[:2, :2], (2, 2), (0, 1)), "more than one element of the written-to tensor "
                                                                      "refers to a single memory location"),
    (lambda m, x: m.as_strided_scatter(x.t().requires_grad_(), x[:2, :2].detach(), (2, 2), (1, 2)),
     "as_strided_scatter is currently only supported for contiguous inputs"),
    (lambda m, x: m.masked_scatter(x, x > 0, m.ones(3)), "Number of elements of source < number of ones in mask"),
    (lambda m, x: m.masked_scatter(x, (x > 0).long(), m.ones(12)), "masked_scatter_ only supports boolean masks, but "
                                                                   "got mask with dtype Long"),
    (lambda m, x: m.masked_scatter(x, x > 0, m.ones(12).long()), "masked_scatter: expected self and source to have "
                                                                 "same dtypes but gotFloat and Long"),
    (lambda m, x: m.masked_scatter(x, x[:, :2] > 0, m.ones(12)), "The size of tensor a (2) must match the size of "
                                                                 "tensor b (4) at non-singleton dimension 1"),
    (lambda m, x: x.clone().masked_scatter_(x[:, :2] > 0, m.ones(12)), "The expanded size of the tensor (4) must "
                                                                       "match the existing size (2)"),
    (lambda m, x: x[0].clone().masked_scatter_(x > 0, m.ones(12)),
     "the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor"),
    (lambda m, x: x.put(m.tensor([0, 12]), m.ones(2)), "out of range: tried to access index 12 on a tensor of 12"),
    (lambda m, x: x.put(m.tensor([0, -13]), m.ones(2)), "tried to access index -13 on a tensor of 12 elements."),
    (lambda m, x: x.put(m.tensor([0, 1]), m.ones(3)), "put_(): Expected source and index to have the same number of "
                                                      "elements, but got source.numel() = 3, index.numel() = 2"),
    (lambda m, x: x.put(m.tensor([0.0]), m.ones(1)), "put_(): Expected a long tensor for index, but got Float"),
    (lambda m, x: x.put(m.tensor([0], dtype=m.int32), m.ones(1)), "Expected a long tensor for index, but got Int"),
    (lambda m, x: m.put(x, m.tensor([0]), m.ones(1).double()), "put_(): self and source expected to have the same "
                                                               "dtype, but got self.dtype = Float and source.dtype = "
                                                               "Double"),
    (lambda m, x: x[:0].put(m.tensor([0]), m.ones(1)), "put_(): Tried to put elements into an empty tensor"),
    (lambda m, x: x.index_reduce(0, m.tensor([0]), x[:1], "sum"), "index_reduce(): Expected reduce to be one of prod, "
                                                                  "mean, amax or amin but got sum."),
    (lambda m, x: x.index_reduce(0, m.tensor([0]), x[:1], "prod", include_self=1), "index_reduce(): argument "
                                                                                   "'include_self' must be bool, not "
                                                                                   "int"),
    (lambda m, x: x.index_reduce(0, m.tensor([0.0]), x[:1], "prod"), "index_reduce_(): Expected dtype int32/int64 for "
                                                                     "index but got: Float"),
    (lambda m, x: x.index_reduce(0, m.tensor([0]), x[:1].double(), "prod"), "index_reduce_(): self (Float) and "
                                                                            "source (Double) must have the same scalar "
                                                                            "type"),
    (lambda m, x: x.index_reduce(0, m.tensor([0, 3]), x[:2], "mean"), "index out of range in self"),
    (lambda m, x: x.index_reduce(0, m.tensor([-1]), x[:1], "mean"), "index out of range in self"),
    (lambda m, x: x.index_reduce(1, m.tensor([0, 1]), x, "amax"), "index_reduce_(): Number of indices (2) should be "
                                                                  "equal to source.size(dim): (4), for dim: 1"),
    (lambda m, x: x.index_reduce(0, m.tensor([[0]]), x[:1], "amax"), "index_reduce_(): Index is supposed to be a "
                                                                     "vector, but got dim: 2 with type: Long and size: "
                                                                     "[1, 1]"),
    (lambda m, x: x.index_reduce(0, m.tensor([0]), x[:1, :2], "amin"), "source tensor shape must match self tensor "
                                                                       "shape, excluding the specified dimension. Got "
                                                                       "self.shape = [3, 4] source.shape = [1, 2]"),
    (lambda m, x: x.sum().index_reduce(0, m.tensor([0]), x[0, :1], "amin"), "Got self.shape = [] source.shape = [1]"),
    (lambda m, x: x.index_reduce(2, m.tensor([0]), x, "amin"), "Dimension out of range"),
    (lambda m, x: (x[0] > 0).index_reduce(0, m.tensor([0]), x[0, :1] > 0, "amin"), "\"index_func_\" not implemented "
                                                                                   "for 'Bool'"),
    (lambda m, x: (x > 0).index_reduce(0, m.tensor([0]), x[:1] > 0, "mean"), "\"div_floor_cpu\" not implemented for "
                                                                             "'Bool'"),
    (lambda m, x: m.split_with_sizes(x, [1, 2], 1), "split_with_sizes expects split_sizes to sum exactly to 4 (input "
                                                    "tensor's size at dimension 1), but got split_sizes=[1, 2]"),
    (lambda m, x: m.split_with_sizes(x, [5, -1], 1), "split_with_sizes expects split_sizes have only non-negative "
                                                     "entries, but got split_sizes=[5, -1]"),
    (lambda m, x: x.split([-1, 5], 1), "split_with_sizes expects split_sizes have only non-negative entries"),
    (lambda m, x: m.split_with_sizes(x, 2, 1), "split_with_sizes(): argument 'split_sizes' (position 2) must be "
                                               "tuple of ints, not int"),
    (lambda m, x: m.unsafe_split(x, 0, 1), "split_size can only be 0 if dimension size is 0, but got dimension size "
                                           "of 4"),
    (lambda m, x: m.unsafe_split(x, -1, 1), "split expects split_size be non-negative, but got split_size=-1"),
    (lambda m, x: m.unsafe_split(x, [1, 3], 1), "unsafe_split(): argument 'split_size' (position 2) must be int, not "
                                                "list"),
    (lambda m, x: m.unsafe_chunk(x, 0, 1), "chunk expects `chunks` to be greater than 0, got: 0"),
    (lambda m, x: m.unsafe_split_with_sizes(x, [1, 1], 1), "split_with_sizes expects split_sizes to sum exactly to 4"),
    (lambda m, x: x[0].tril_(), "tril: input tensor must have at least 2 dimensions"),
    (lambda m, x: x[0].triu_(), "triu: input tensor must have at least 2 dimensions"),
    (lambda m, x: m.select_copy(x, 0, 5), "select(): index 5 out of range for tensor of size [3, 4] at dimension 0"),
    (lambda m, x: x.select(1, -5), "select(): index -5 out of range for tensor of size [3, 4] at dimension 1"),
    (lambda m, x: m.select_copy(x.sum(), 0, 0), "select() cannot be applied to a 0-dim tensor."),
    (lambda m, x: m.narrow_copy(x, 0, 2, 5), "start (2) + length (5) exceeds dimension size (3)."),
    (lambda m, x: m.narrow_copy(x, 0, 0, -1), "start (0) + length (-1) exceeds dimension size (3)."),
    (lambda m, x: x.narrow(0, 0, -1), "narrow(): length must be non-negative."),
    (lambda m, x: m.narrow_copy(x, 0, 4, 0), "start out of range (expected to be in range of [-3, 3], but got 4)"),
    (lambda m, x: m.narrow_copy(x.sum(), 0, 0, 1), "narrow() cannot be applied to a 0-dim tensor."),
    (lambda m, x: x.sum().narrow(0, 0, 1), "narrow() cannot be applied to a 0-dim tensor."),
    (lambda m, x: m.slice_copy(x, 0, 0, 2, 0), "slice step must be positive"),
    (lambda m, x: m.t_copy(x[None]), "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    (lambda m, x: m.permute_copy(x, (0,)), "number of dimensions in the tensor input does not match"),
    (lambda m, x: m.expand_copy(x, (3, 5)), "The expanded size of the tensor (5) must match the existing size (4)"),
    (lambda m, x: m.view_copy(x, (5,)), "shape '[5]' is invalid for input of size 12"),
    (lambda m, x: m.diagonal_copy(x, 0, -1, 1), "diagonal dimensions cannot be identical -1, 1"),
    (lambda m, x: m.unfold_copy(x, 1, 5, 1), "maximum size for tensor at dimension 1 is 4 but size is 5"),
    (lambda m, x: m.as_strided_copy(x, (2, 2), (1, 2), 20), "are out of bounds for storage of size"),
    (lambda m, x: m.as_strided_copy(x, 4, (1,)), "as_strided_copy(): argument 'size' (position 2) must be tuple of "
                                                 "ints, not int"),
    (lambda m, x: m.split_copy(x, [1, 3], 1), "split_copy(): argument 'split_size' (position 2) must be int, not "
                                              "list"),
    (lambda m, x: m.split_with_sizes_copy(x, [1, 2], 1), "split_with_sizes expects split_sizes to sum exactly to 4"),
    (lambda m, x: m.unbind_copy(x, 2), "Dimension out of range"),
    (lambda m, x: m.squeeze_copy(x, 3), "Dimension out of range"),
]


@pytest.mark.parametrize("fn,phrase", ERRORS, ids=[e[1][:50] for e in ERRORS])
def test_errors(fn, phrase):
    assert_same_error(fn, A.astype(np.float32), phrase=phrase, requires_grad=(False,))


def test_review_cases_match_torch():
    """as_strided_scatter's offset counts in self's memory; split_copy casts into out; a copy's out=
    that requires grad is refused; index_reduce with an empty dim."""
    seen = {}
    for m in (pullback, torch):
        b = m.arange(12.)
        r = [m.as_strided_scatter(b[3:9], m.ones(2), (2,), (2,), 4).tolist(),
             m.as_strided_scatter(m.arange(12.)[2:8], m.ones(2), (2,), (1,), 2).tolist()]
        s = m.as_strided_scatter(m.arange(12.).reshape(4, 3)[:, 1:], m.ones(2, 2), (2, 2), (1, 3))
        r += [s.tolist(), s.stride()]
        out = [m.empty(1, 3), m.empty(1, 3, dtype=m.int64)]
        m.split_copy(m.arange(6.).reshape(2, 3), 1, 0, out=out)
        r += [[t.tolist() for t in out], str(out[1].dtype)]
        r.append(tuple(m.zeros(3, 0).index_reduce(0, m.tensor([0, 2]), m.zeros(2, 0), "prod").shape))
        seen[m] = r
    assert seen[pullback] == seen[torch]
    assert_same_error(lambda m, x: m.unbind_copy(x, 0, out=[m.empty(4), m.empty(4, requires_grad=True),
                                                             m.empty(4)]),
                      A, phrase="functions with out=... arguments don't support automatic differentiation",
                      requires_grad=[False])


def test_outputs_of_a_tensor_with_gaps_keep_torchs_strides():
    """select/slice/diagonal_scatter copy self with its exact strides (clone_preserve_strides); put
    clones in self's order of strides (preserve_format)."""
    seen = {}
    for m in (pullback, torch):
        x = m.zeros(4, 6).t()[::2]
        outs = [m.select_scatter(x, m.ones(4), 0, 1), m.slice_scatter(x, m.ones(1, 4), 0, 0, 1),
                m.diagonal_scatter(x, m.ones(3)), x.put(m.tensor([0, 5]), m.ones(2))]
        seen[m] = [(o.stride(), o.tolist()) for o in outs]
    assert seen[pullback] == seen[torch]
