"""Tensor creation, dtypes, promotion, metadata and conversions, compared with torch."""
import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error


def same(fn):
    """fn(m) on both libraries gives equal values, dtypes and shapes."""
    a, b = fn(pullback), fn(torch)
    if isinstance(b, torch.Tensor):
        assert str(a.dtype) == str(b.dtype), (a.dtype, b.dtype)
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_allclose(as_numpy(a), as_numpy(b), rtol=1e-6, atol=1e-12)
    else:
        assert repr(a) == repr(b), (a, b)


CREATION = [
    lambda m: m.tensor([[1, 2], [3, 4]]),
    lambda m: m.tensor([1.0, 2]),
    lambda m: m.tensor([True, False]),
    lambda m: m.tensor(3),
    lambda m: m.tensor(np.arange(3, dtype=np.float64)),
    lambda m: m.tensor(np.arange(3, dtype=np.int32)),
    lambda m: m.tensor([1, 2], dtype=m.float64),
    lambda m: m.Tensor([1, 2]),
    lambda m: (m.Tensor(2, 3).shape, m.Tensor(2, 3).dtype),
    lambda m: m.FloatTensor([0.1, 1.0]),
    lambda m: m.DoubleTensor([0.1, 1.0]),
    lambda m: m.LongTensor([1, 2]),
    lambda m: m.zeros(2, 3),
    lambda m: m.zeros((2, 3), dtype=m.int32),
    lambda m: m.ones([4]),
    lambda m: m.full((2, 2), 7),
    lambda m: m.full((2, 2), 7.5),
    lambda m: m.full((2,), True),
    lambda m: m.empty(2, 0),
    lambda m: m.zeros_like(m.ones(2, 3, dtype=m.float64)),
    lambda m: m.ones_like(m.ones(2, dtype=m.int64)),
    lambda m: m.full_like(m.ones(2), 3),
    lambda m: m.arange(5),
    lambda m: m.arange(1, 4, 0.5),
    lambda m: m.arange(0.0, 1.0, 0.1),
    lambda m: m.arange(10, 0, -3),
    lambda m: m.linspace(0, 1, 5),
    lambda m: m.linspace(-2, 2, 7, dtype=m.float64),
    lambda m: m.eye(3),
    lambda m: m.eye(2, 3, dtype=m.int64),
    lambda m: m.rand(2, 3).shape,
    lambda m: m.randn(4).dtype,
    lambda m: m.randint(0, 5, (3,)).dtype,
    lambda m: m.randint(5, (2, 2)).shape,
    lambda m: m.ones(2, 3).new_zeros(4),
    lambda m: m.ones(2, dtype=m.float64).new_tensor([1, 2]),
]


@pytest.mark.parametrize("i", range(len(CREATION)))
def test_creation(i):
    same(CREATION[i])


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_linspace_bit_for_bit(dtype):
    # torch rounds start + step*i once (a fused multiply-add): linspace(-1, 1, 7)[3] is -2.98e-08,
    # which a tutorial's `grad[x < 0] = 0` sees as negative
    for start, end, steps in [(-1, 1, 7), (-3.14159, 3.14159, 200), (0, 1, 11), (-2, 2, 64),
                              (0, 6.28, 90), (-7.3, 11.1, 1001), (2, -2, 9)]:
        a = pullback.linspace(start, end, steps, dtype=getattr(pullback, dtype)).numpy()
        b = torch.linspace(start, end, steps, dtype=getattr(torch, dtype)).numpy()
        assert a.dtype == b.dtype and np.array_equal(a, b), (start, end, steps)


@pytest.mark.parametrize("data,dtype", [
    ([-1, 100000], "int16"), ([256], "uint8"), ([-256], "uint8"), ([2 ** 31], "int32"), ([1e10], "int16"),
    ([True, 300], "int8"), ([float("inf")], "int32"), ([float("nan")], "int32"), ([2 ** 63], "int64"),
    ([2 ** 63], None), ([[1, 2], [3, 40000]], "int16")])
def test_tensor_refuses_numbers_past_the_integer_dtype(data, dtype):
    # numpy would wrap 100000 to -31072 in int16; torch refuses
    results = []
    for m in (pullback, torch):
        with pytest.raises((RuntimeError, ValueError)) as info:
            m.tensor(data, dtype=None if dtype is None else getattr(m, dtype))
        results.append((info.type, str(info.value)))
    assert results[0] == results[1]


@pytest.mark.parametrize("data,dtype", [([-1], "uint8"), ([-255, 255], "uint8"), ([2 ** 31 - 1], "int32"),
                                        ([1.5, -2.7], "int8"), ([-128, 127], "int8"), ([], "int8")])
def test_tensor_keeps_numbers_within_the_integer_dtype(data, dtype):
    same(lambda m: m.tensor(data, dtype=getattr(m, dtype)))


def test_default_dtype_switch():
    try:
        pullback.set_default_dtype(pullback.float64)
        torch.set_default_dtype(torch.float64)
        for fn in [lambda m: m.tensor([1.5]), lambda m: m.ones(2), lambda m: m.tensor([1]) * 2.5,
                   lambda m: m.arange(0.0, 1.0, 0.5), lambda m: m.get_default_dtype()]:
            a, b = fn(pullback), fn(torch)
            assert str(getattr(a, "dtype", a)) == str(getattr(b, "dtype", b))
    finally:
        pullback.set_default_dtype(pullback.float32)
        torch.set_default_dtype(torch.float32)
    with pytest.raises(TypeError):
        pullback.set_default_dtype(pullback.int64)


DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"]
SCALARS = [2, 2.5, True]


@pytest.mark.parametrize("a", DTYPES)
@pytest.mark.parametrize("b", DTYPES + SCALARS)
@pytest.mark.parametrize("zero_dim", [False, True])
def test_type_promotion_matches_result_type(a, b, zero_dim):
    def make(m, name, zero):
        if not isinstance(name, str):
            return name
        return m.ones(() if zero else (2,), dtype=getattr(m, name))

    pa, ta = make(pullback, a, False), make(torch, a, False)
    pb, tb = make(pullback, b, zero_dim), make(torch, b, zero_dim)
    assert str(pullback.result_type(pa, pb)) == str(torch.result_type(ta, tb))
    if a != "bool" and b != "bool" and b is not True:
        assert str((pa * pb).dtype) == str((ta * tb).dtype)
        assert str((pa + pb).dtype) == str((ta + tb).dtype)
    assert str((pa / pb).dtype if b is not True and not (a == "bool" and b == "bool") else "skip") == \
        str((ta / tb).dtype if b is not True and not (a == "bool" and b == "bool") else "skip")


def test_conversions_and_metadata():
    for fn in [lambda m: m.ones(2, 3).float(), lambda m: m.ones(2).double(), lambda m: m.ones(2).long(),
               lambda m: m.tensor([1.7, -1.7]).int(), lambda m: m.tensor([0.0, 2.0]).bool(),
               lambda m: m.ones(2).half(), lambda m: m.ones(2).to(m.float64), lambda m: m.ones(2).to("cpu"),
               lambda m: m.ones(2).to(m.ones(1, dtype=m.int64)), lambda m: m.ones(2, 3).T,
               lambda m: m.ones(2, 3).dim(), lambda m: m.ones(2, 3).ndim, lambda m: m.ones(2, 3).numel(),
               lambda m: m.ones(2, 3).size(1), lambda m: m.ones(2, 3).size(-2), lambda m: tuple(m.ones(2, 3).shape),
               lambda m: m.tensor([[1, 2], [3, 4]]).tolist(), lambda m: m.tensor(2.5).item(),
               lambda m: m.tensor([3]).item(), lambda m: len(m.ones(4, 2)), lambda m: bool(m.tensor([1])),
               lambda m: float(m.tensor(1.5)), lambda m: int(m.tensor(7)), lambda m: m.ones(2).type(),
               lambda m: m.ones(2).type(m.float64).dtype == m.float64, lambda m: m.ones(2).is_floating_point(),
               lambda m: m.ones(2, dtype=m.int32).element_size(), lambda m: str(m.ones(1).device),
               lambda m: [t.item() for t in m.tensor([1.0, 2.0])], lambda m: m.ones(2, 3).stride(),
               lambda m: m.ones(2, 3).t().is_contiguous(), lambda m: m.ones(2).is_leaf,
               lambda m: m.ones(3)[1].item(), lambda m: m.tensor([[1.0, 2.0]]).clone(),
               lambda m: m.is_tensor(m.ones(1)), lambda m: isinstance(m.ones(1), m.FloatTensor),
               lambda m: isinstance(m.ones(1), m.LongTensor), lambda m: m.ones(2, 3).shape[1:],
               lambda m: m.ones(2, 3).shape.numel(), lambda m: m.ones(2, dtype=m.int64).dtype.is_floating_point]:
        same(fn)


def test_numpy_sharing():
    a = np.zeros(3, dtype=np.float32)
    t = pullback.from_numpy(a)
    a[0] = 5
    assert t[0].item() == 5
    t.numpy()[1] = 7
    assert a[1] == 7
    np.testing.assert_array_equal(np.asarray(t), a)
    # tensor() copies
    c = pullback.tensor(a)
    a[2] = 1
    assert c[2].item() == 0


def test_array_protocol_and_detach_numpy():
    t = pullback.ones(2, requires_grad=True)
    np.testing.assert_array_equal(t.detach().numpy(), np.ones(2, np.float32))
    assert_same_error(lambda m, x: np.asarray(x), np.ones(2), phrase="Can't call numpy() on Tensor that requires grad")


@pytest.mark.parametrize("ufunc", [
    lambda m: np.sqrt(m.tensor([4.0, 9.0])), lambda m: np.exp(m.tensor([[0.5], [1.0]])),
    lambda m: np.add(m.tensor([1, 2]), 1), lambda m: np.multiply(m.tensor([[1.0], [2.0]]), m.tensor([3.0, 4.0])),
    lambda m: np.greater(m.tensor([4.0, 9.0]), 5), lambda m: np.isnan(m.tensor([1.0, float("nan")])),
    lambda m: np.sqrt(m.tensor(4.0)), lambda m: np.clip(m.tensor([1.0, 7.0, 9.0]), 5, 8)])
def test_numpy_ufunc_on_a_tensor_returns_a_tensor(ufunc):
    """torch's __array_wrap__: a ufunc's result comes back a tensor (a bool one as uint8, a 0-d one too)."""
    p, t = ufunc(pullback), ufunc(torch)
    assert isinstance(p, pullback.Tensor) and isinstance(t, torch.Tensor)
    assert str(p.dtype) == str(t.dtype) and tuple(p.shape) == tuple(t.shape)
    np.testing.assert_allclose(p.tolist(), t.tolist())


def test_numpy_ufunc_of_a_tensor_requiring_grad_is_refused():
    assert_same_error(lambda m, x: np.sqrt(x), np.ones(2), phrase="Can't call numpy() on Tensor that requires grad")


def test_numpy_of_a_tensor_requiring_grad_outside_grad_mode():
    # torch refuses only in grad mode, so a custom Function's forward (the docs' mark_dirty example) can
    # change an input through its NumPy array
    def run(m):
        t = m.tensor([1.0, 2.0], requires_grad=True)
        out = []
        with m.no_grad():
            out.append(t.numpy().tolist())
            out.append(np.asarray(t).tolist())
        with m.inference_mode():
            out.append(t.numpy().tolist())

        class Inplace(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.numpy()[...] += 1
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g

        a = t.clone()
        b = Inplace.apply(a)
        return out, b is a, a.tolist(), a._version, type(a.grad_fn).__name__
    assert run(torch) == run(pullback)


ERRORS = [
    (lambda m: m.tensor([1, 2]).item(), "a Tensor with 2 elements cannot be converted to Scalar", RuntimeError),
    (lambda m: bool(m.ones(2)), "Boolean value of Tensor with more than one value is ambiguous", RuntimeError),
    (lambda m: len(m.tensor(1.0)), "len() of a 0-d tensor", TypeError),
    (lambda m: iter(m.tensor(1.0)), "iteration over a 0-d tensor", TypeError),
    (lambda m: m.ones(2, requires_grad=True).numpy(), "Can't call numpy() on Tensor that requires grad", RuntimeError),
    (lambda m: m.tensor([1, 2], requires_grad=True), "Only Tensors of floating point and complex dtype", RuntimeError),
    (lambda m: m.tensor([1, 2]).requires_grad_(), "only Tensors of floating point dtype can require gradients",
     RuntimeError),
    (lambda m: setattr(m.tensor([1]), "requires_grad", True), "only Tensors of floating point and complex dtype",
     RuntimeError),
    (lambda m: m.ones(2, 3).size(2), "Dimension out of range", IndexError),
    (lambda m: m.tensor([[1, 2], [3]]), "", ValueError),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors(i):
    fn, phrase, cls = ERRORS[i]
    for m in (torch, pullback):
        with pytest.raises(cls) as info:
            fn(m)
        assert phrase in str(info.value), (m.__name__, info.value)


def _outcome(fn, m):
    """(value repr, None) or (None, (error class, message)) of fn(m)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return repr(fn(m)), None
        except Exception as e:  # noqa: BLE001 - the class is what is compared
            return None, (type(e).__name__, str(e))


def _requires_grad_data(m, value):
    x = m.ones(2, requires_grad=True)
    x.data = value(m)
    return x


# creation and conversion edge cases: the value, or the error class and its exact text, as torch's
EXACT = [
    lambda m: m.Tensor(),
    lambda m: m.FloatTensor(),
    lambda m: m.LongTensor(),
    lambda m: m.Tensor(0),
    lambda m: m.Tensor(m.Size([2, 3])).shape,
    lambda m: m.Tensor(2.5),
    lambda m: m.Tensor(None),
    lambda m: m.Tensor("ab"),
    lambda m: m.Tensor([1, None]),
    lambda m: m.LongTensor([1, None]),
    lambda m: m.LongTensor([1, [2]]),
    lambda m: m.Tensor([[1, 2], [3]]),
    lambda m: m.tensor([[1, 2], [3]]),
    lambda m: m.tensor([[1.0, 2], [3.0, 4, 5]]),
    lambda m: m.tensor([[1, 2], []]),
    lambda m: m.tensor([[[1], [2]], [[3], [4, 5]]]),
    lambda m: m.tensor([(1, 2), (3,)]),
    lambda m: m.tensor([[1, 2], 3]),
    lambda m: m.tensor([1, [2]]),
    lambda m: m.tensor([1.0, [2.0]]),
    lambda m: m.tensor([1, None]),
    lambda m: m.tensor([[1], [None]]),
    lambda m: m.tensor(None),
    lambda m: m.tensor("ab"),
    lambda m: m.tensor([1, "a"]),
    lambda m: m.tensor({1: 2}),
    lambda m: bool(m.tensor([])),
    lambda m: float(m.ones(2)),
    lambda m: int(m.ones(2)),
    lambda m: complex(m.ones(2)),
    lambda m: float(m.ones(0)),
    lambda m: _requires_grad_data(m, lambda m: m.tensor([1, 2])),
    lambda m: _requires_grad_data(m, lambda m: m.ones(3)),
    lambda m: _requires_grad_data(m, lambda m: [1.0, 2.0]),
    lambda m: m.randn(2, dtype=m.int64),
    lambda m: m.rand(2, dtype=m.int32),
    lambda m: m.randn_like(m.ones(2, dtype=m.int64)),
    lambda m: m.rand_like(m.ones(2, dtype=m.bool)),
    lambda m: m.randperm(3, dtype=m.bool),
    lambda m: m.set_default_dtype(m.int64),
    lambda m: m.finfo(m.float32),
    lambda m: m.finfo(m.float16),
    lambda m: m.finfo(m.float64),
    lambda m: m.finfo(),
    lambda m: (m.finfo(m.float32).eps, m.finfo(m.float16).tiny, m.finfo(m.float64).max, m.finfo(m.float32).bits,
               m.finfo(m.float16).resolution, m.finfo(m.float32).dtype),
    lambda m: m.finfo(m.int64),
    lambda m: m.iinfo(m.int64),
    lambda m: m.iinfo(m.int8),
    lambda m: m.iinfo(m.uint8),
    lambda m: (m.iinfo(m.int32).max, m.iinfo(m.int32).min, m.iinfo(m.int16).bits),
    lambda m: m.iinfo(m.float32),
    lambda m: m.iinfo(m.bool),
    lambda m: 2 ** m.tensor([True, False]),
    lambda m: 2.5 ** m.tensor([True, False]),
    lambda m: True ** m.tensor([True, False]),
]


@pytest.mark.parametrize("i", range(len(EXACT)))
def test_creation_and_conversion_edges_match_torch_exactly(i):
    assert _outcome(EXACT[i], pullback) == _outcome(EXACT[i], torch)


def test_tensor_of_a_tensor_warns_as_torch():
    import warnings
    for m in (torch, pullback):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            m.tensor(m.ones(2))
        assert [w.category for w in caught] == [UserWarning]
        assert "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone()" in \
            str(caught[0].message)


def _rng_story(m):
    """get/set_rng_state, initial_seed, seed() and Generator state, as torch's (not the numbers)."""
    obs = [m.manual_seed(5).initial_seed(), m.initial_seed(), isinstance(m.manual_seed(1), m.Generator)]
    state = m.get_rng_state()
    first = m.rand(3)
    m.set_rng_state(state)
    obs += [str(state.dtype), state.dim(), m.equal(first, m.rand(3))]
    s = m.seed()
    obs += [type(s).__name__, m.initial_seed() == s]
    g = m.Generator()
    obs.append(g.initial_seed())
    g.manual_seed(3)
    gs = g.get_state()
    a = m.rand(2, generator=g)
    g.set_state(gs)
    obs += [m.equal(a, m.rand(2, generator=g)), g.initial_seed(), str(g.device), g.seed() == g.initial_seed()]
    for bad in ([1], m.ones(3)):
        with pytest.raises(TypeError) as info:
            m.set_rng_state(bad)
        obs.append(str(info.value))
    with pytest.raises(RuntimeError, match="RNG state size to be 3"):
        m.set_rng_state(m.ones(3, dtype=m.uint8))
    m.manual_seed(0)
    return obs


def test_rng_state_api_matches_torch():
    assert _rng_story(pullback) == _rng_story(torch)


def test_type_as_cuda_and_random_fills():
    same(lambda m: m.arange(3).type_as(m.ones(2, dtype=m.float64)))
    same(lambda m: m.ones(2).type_as(m.ones(1)))
    for m in (pullback, torch):
        w = m.empty(300, 4)
        assert w.uniform_(-0.1, 0.1) is w and bool(((w >= -0.1) & (w < 0.1)).all())
        assert w.normal_(2.0, 0.01) is w and abs(w.mean().item() - 2.0) < 0.01 and w.dtype == m.float32
        d = m.empty(5, dtype=m.float64).uniform_()
        assert d.dtype == m.float64
        p = m.nn.Parameter(m.ones(3))
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place"):
            p.uniform_()
        with m.no_grad():
            p.normal_()
        p.data.uniform_(0, 1)
        y = p * 2
        y.normal_()  # recorded like any in-place write: no gradient flows through the overwritten values
        y.sum().backward()
        assert p.grad.tolist() == [0.0, 0.0, 0.0]
    pullback.manual_seed(3)
    a = pullback.empty(4).uniform_()
    pullback.manual_seed(3)
    assert pullback.empty(4).uniform_().tolist() == a.tolist()
    with pytest.raises(Exception):
        pullback.ones(2).cuda()  # no CUDA device, as .to("cuda")


@pytest.mark.parametrize("cast", [lambda m, x: x.long(), lambda m, x: x.to(m.int64), lambda m, x: x.bool(),
                                  lambda m, x: x.type(m.int32), lambda m, x: x.round().int(),
                                  lambda m, x: x.double(), lambda m, x: x.half()])
def test_a_cast_to_an_integer_or_bool_dtype_leaves_the_graph_as_in_torch(cast):
    out = {}
    for m in (pullback, torch):
        x = m.tensor([1.5, -2.0], requires_grad=True)
        y = cast(m, x)
        out[m] = (y.requires_grad, None if y.grad_fn is None else y.grad_fn.name(), str(y.dtype), y.tolist())
    assert out[pullback] == out[torch]

VIEWS = {"plain": lambda x: x, "slice": lambda x: x[1:, 2:], "select": lambda x: x[2], "transpose": lambda x: x.transpose(0, 2),
         "narrow": lambda x: x.narrow(2, 3, 2), "diagonal": lambda x: x[1].diagonal(1),
         "unfold": lambda x: x[0, 1].unfold(0, 2, 1), "expand": lambda x: x[:, :1].expand(3, 4, 5),
         "view of a view": lambda x: x[1:].view(2, 20)[:, 7:], "clone": lambda x: x[1:].clone(),
         "steps": lambda x: x[::2, 1::2], "chunk": lambda x: x.chunk(2, 1)[1], "unbind": lambda x: x.unbind(0)[2],
         "flatten": lambda x: x.flatten()[5:]}


@pytest.mark.parametrize("name", list(VIEWS))
def test_storage_offset_of_views(name):
    """Where a view starts in the memory it shares with its base, as torch counts it."""
    a = np.arange(60.0).reshape(3, 4, 5)
    assert VIEWS[name](pullback.tensor(a)).storage_offset() == VIEWS[name](torch.tensor(a)).storage_offset()
