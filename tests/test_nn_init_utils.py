"""nn.init (checked statistically: the numbers come from pullback's own generator) and nn.utils against torch."""
import math
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback.nn import init
from oracle import assert_same_outcome

LIBS = (pullback, torch)


def values(t):
    return t.detach().numpy().ravel()


@pytest.mark.parametrize("fill, check", [
    (lambda t: init.uniform_(t, -2.0, 3.0), lambda v: v.min() >= -2 and v.max() <= 3 and abs(v.mean() - 0.5) < 0.1),
    (lambda t: init.normal_(t, 1.0, 2.0), lambda v: abs(v.mean() - 1) < 0.1 and abs(v.std() - 2) < 0.1),
    (lambda t: init.trunc_normal_(t, 0.0, 1.0, -1.0, 1.5), lambda v: v.min() >= -1 and v.max() <= 1.5
     and abs(v.mean() - 0.14) < 0.05),
    (lambda t: init.constant_(t, 0.3), lambda v: np.allclose(v, 0.3)),
    (lambda t: init.zeros_(t), lambda v: not v.any()),
    (lambda t: init.ones_(t), lambda v: np.all(v == 1)),
    (lambda t: init.xavier_uniform_(t, gain=2.0),
     lambda v: np.abs(v).max() <= 2 * math.sqrt(6 / 300) and abs(v.std() - 2 * math.sqrt(2 / 300)) < 0.01),
    (lambda t: init.xavier_normal_(t), lambda v: abs(v.std() - math.sqrt(2 / 300)) < 0.005),
    (lambda t: init.kaiming_uniform_(t, a=math.sqrt(5)), lambda v: np.abs(v).max() <= 1 / math.sqrt(100)
     and abs(v.std() - 1 / math.sqrt(300)) < 0.005),
    (lambda t: init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu"),
     lambda v: abs(v.std() - math.sqrt(2 / 200)) < 0.005),
])
def test_fill_distributions(fill, check):
    pullback.manual_seed(0)
    t = pullback.empty(200, 100)
    version = t._version
    assert fill(t) is t and t._version > version
    assert check(values(t).astype(np.float64))


def test_fills_do_not_record_a_graph_and_keep_the_parameter():
    p = pullback.nn.Parameter(pullback.empty(3, 4))
    init.normal_(p)
    assert p.is_leaf and p.requires_grad and p.grad_fn is None


def test_orthogonal_and_eye():
    for shape in ((4, 6), (6, 4), (3, 2, 2)):
        t = init.orthogonal_(pullback.empty(*shape), gain=2.0)
        flat = t.numpy().reshape(shape[0], -1)
        gram = flat @ flat.T if shape[0] <= flat.shape[1] else flat.T @ flat
        np.testing.assert_allclose(gram, 4 * np.eye(len(gram)), atol=1e-5)
    np.testing.assert_array_equal(init.eye_(pullback.empty(2, 3)).numpy(), np.eye(2, 3))


def test_gain_and_fans_match_torch():
    for args in [("linear",), ("tanh",), ("relu",), ("leaky_relu",), ("leaky_relu", 0.2), ("selu",), ("sigmoid",)]:
        assert init.calculate_gain(*args) == torch.nn.init.calculate_gain(*args)
    for shape in [(3, 4), (5, 2, 3, 3), (2, 3, 4)]:
        assert init._calculate_fan_in_and_fan_out(pullback.empty(*shape)) == \
            torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))


@pytest.mark.parametrize("call, exc, phrase", [
    (lambda m: m.nn.init.calculate_gain("swish"), ValueError, "Unsupported nonlinearity swish"),
    (lambda m: m.nn.init.calculate_gain("leaky_relu", "x"), ValueError, "not a valid number"),
    (lambda m: m.nn.init.xavier_uniform_(m.empty(3)), ValueError, "fewer than 2 dimensions"),
    (lambda m: m.nn.init.kaiming_uniform_(m.empty(3, 3), mode="fan"), ValueError, "not supported"),
    (lambda m: m.nn.init.eye_(m.empty(3, 3, 3)), ValueError, "Only tensors with 2 dimensions"),
    (lambda m: m.nn.init.orthogonal_(m.empty(3)), ValueError, "2 or more dimensions"),
])
def test_init_errors_match_torch(call, exc, phrase):
    for m in LIBS:
        with pytest.raises(exc, match=phrase):
            call(m)


@pytest.mark.parametrize("call, exc, phrase", [
    (lambda m: m.nn.init.uniform_(m.zeros(3, dtype=m.long)), NotImplementedError, "check_uniform_bounds"),
    (lambda m: m.nn.init.kaiming_uniform_(m.zeros(3, 3, dtype=m.long)), NotImplementedError, "for 'Long'"),
    (lambda m: m.nn.init.xavier_normal_(m.zeros(3, 3, dtype=m.int32)), NotImplementedError, "normal_kernel_cpu"),
    (lambda m: m.nn.init.trunc_normal_(m.zeros(3, dtype=m.long)), NotImplementedError, "normal_kernel_cpu"),
    (lambda m: m.nn.init.orthogonal_(m.zeros(3, 3, dtype=m.long)), NotImplementedError, "normal_kernel_cpu"),
    (lambda m: m.nn.init.sparse_(m.zeros(3, 3, dtype=m.long), 0.5), NotImplementedError, "normal_kernel_cpu"),
    (lambda m: m.nn.init.uniform_(m.zeros(3), 2, 1), RuntimeError, r"\[from, to\) range, but found from=2 > to=1"),
    (lambda m: m.nn.init.normal_(m.zeros(3), 0, -1), RuntimeError, "normal expects std >= 0.0, but found std -1"),
])
def test_init_fills_through_the_tensors_own_sampler_as_torch(call, exc, phrase):
    # torch's initializers call tensor.uniform_/normal_: their dtype and bound checks, not a silent cast.
    for m in LIBS:
        with pytest.raises(exc, match=phrase):
            call(m)


def test_module_init_draws_through_a_patched_tensor_uniform_():
    # Linear's default init reaches Tensor.uniform_ (weight then bias) in both libraries.
    for m in LIBS:
        calls, original = [], m.Tensor.uniform_
        m.Tensor.uniform_ = lambda self, *a, **k: calls.append(tuple(self.shape)) or original(self, *a, **k)
        try:
            m.nn.Linear(2, 3)
        finally:
            m.Tensor.uniform_ = original
        assert calls == [(3, 2), (3,)]


DEPRECATED_INITS = ["uniform", "normal", "constant", "eye", "dirac", "xavier_uniform", "xavier_normal",
                    "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse"]


@pytest.mark.parametrize("name", DEPRECATED_INITS)
def test_deprecated_initializers_warn_as_torch_and_fill_as_the_new_ones(name):
    args = {"constant": (0.25,), "sparse": (0.5,)}.get(name, ())
    shape = (3, 4, 3) if name == "dirac" else (4, 6)
    messages = []
    for m in LIBS:
        with pytest.warns(FutureWarning) as record:
            t = getattr(m.nn.init, name)(m.empty(*shape), *args)
        messages.append(str(record[0].message))
        assert record[0].filename == __file__  # pointing at the caller
        assert tuple(t.shape) == shape
    assert messages[0] == messages[1]
    pullback.manual_seed(3)
    old = getattr(pullback.nn.init, name)(pullback.empty(*shape), *args)
    pullback.manual_seed(3)
    new = getattr(pullback.nn.init, name + "_")(pullback.empty(*shape), *args)
    np.testing.assert_array_equal(values(old), values(new))


@pytest.mark.parametrize("build, bound", [
    (lambda m: m.nn.Linear(50, 20), 1 / math.sqrt(50)),
    (lambda m: m.nn.Conv2d(4, 8, 3), 1 / math.sqrt(36)),
    (lambda m: m.nn.LSTM(10, 25), 1 / math.sqrt(25)),
])
def test_default_initialisation_is_torchs(build, bound):
    """The same seed gives the layers torch's initial parameters (torch's generator and draws), in the bound."""
    made = {}
    for m in LIBS:
        m.manual_seed(1)
        made[m] = [values(p) for p in build(m).parameters()]
    for ours, theirs in zip(made[pullback], made[torch]):
        np.testing.assert_array_equal(ours, theirs)
        assert np.abs(ours).max() <= bound + 1e-7


def _grads(m, scale):
    rng = np.random.default_rng(0)
    params = [m.tensor(rng.standard_normal(s), requires_grad=True) for s in [(3, 4), (5,), (2, 2)]]
    for p in params:
        p.grad = m.tensor(rng.standard_normal(tuple(p.shape)) * scale)
    return params


@pytest.mark.parametrize("max_norm, norm_type, scale", [(1.0, 2.0, 1.0), (100.0, 2.0, 1.0), (0.5, 1, 3.0),
                                                         (0.5, float("inf"), 2.0), (2.0, 3.0, 1.0)])
def test_clip_grad_norm_matches_torch(max_norm, norm_type, scale):
    out = []
    for m in LIBS:
        params = _grads(m, scale)
        total = m.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
        out.append((total.item(), [p.grad.numpy().copy() for p in params]))
    assert math.isclose(out[0][0], out[1][0], rel_tol=1e-12)
    for a, b in zip(out[0][1], out[1][1]):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_clip_grad_norm_nonfinite_and_value_clipping():
    for m in LIBS:
        params = _grads(m, 1.0)
        params[0].grad[0, 0] = float("inf")
        with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
            m.nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
        params = _grads(m, 3.0)
        m.nn.utils.clip_grad_value_(params, 0.5)
        assert all(np.abs(p.grad.numpy()).max() <= 0.5 for p in params)
        assert m.nn.utils.clip_grad_norm_([m.zeros(2, requires_grad=True)], 1.0).item() == 0.0


def test_parameters_to_vector_and_back():
    out = []
    for m in LIBS:
        layer = m.nn.Linear(3, 2).double()
        with m.no_grad():
            layer.weight.copy_(m.tensor(np.arange(6.0).reshape(2, 3)))
            layer.bias.copy_(m.tensor([7.0, 8.0]))
        vec = m.nn.utils.parameters_to_vector(layer.parameters())
        m.nn.utils.vector_to_parameters(vec * 2, layer.parameters())
        out.append((vec.detach().numpy().copy(), layer.weight.detach().numpy().copy(), layer.bias.detach().numpy()))
        with pytest.raises(TypeError, match="expected torch.Tensor"):
            m.nn.utils.vector_to_parameters([1.0], layer.parameters())
    for a, b in zip(out[0], out[1]):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape, groups", [((4, 2, 3), 1), ((6, 3, 3, 3), 2), ((2, 4, 1, 3, 3), 1)])
def test_dirac_matches_torch(shape, groups):
    ours = init.dirac_(pullback.empty(*shape), groups).numpy()
    np.testing.assert_array_equal(ours, torch.nn.init.dirac_(torch.empty(*shape), groups).numpy())


def test_sparse_zeroes_the_requested_fraction_of_each_column():
    pullback.manual_seed(0)
    t = init.sparse_(pullback.empty(10, 50), sparsity=0.3, std=0.5)
    assert np.all((t.numpy() == 0).sum(axis=0) == 3)
    assert abs(t.numpy()[t.numpy() != 0].std() - 0.5) < 0.05
    for m in LIBS:
        with pytest.raises(ValueError, match="Only tensors with 2 dimensions"):
            m.nn.init.sparse_(m.empty(2, 2, 2), 0.1)
        with pytest.raises(ValueError, match="Only tensors with 3, 4, or 5 dimensions"):
            m.nn.init.dirac_(m.empty(2, 2))


def test_vector_to_parameters_with_a_short_vector_changes_nothing():
    errors = []
    for m in LIBS:
        layer = m.nn.Linear(3, 2)
        with pytest.raises(RuntimeError) as info:
            m.nn.utils.vector_to_parameters(m.zeros(7), layer.parameters())
        errors.append(str(info.value))
    assert "is invalid for input of size" in errors[0] and "is invalid for input of size" in errors[1]
    layer = pullback.nn.Linear(3, 2)
    before = layer.weight.detach().numpy().copy()
    with pytest.raises(RuntimeError):
        pullback.nn.utils.vector_to_parameters(pullback.zeros(7), layer.parameters())
    np.testing.assert_array_equal(layer.weight.detach().numpy(), before)


def _mixed_dtype_clipping(m):
    """float32 and float64 gradients: the total norm takes the wider dtype, each grad keeps its own."""
    rng = np.random.default_rng(0)
    params = [m.tensor(rng.standard_normal((3, 4)).astype(np.float32), requires_grad=True),
              m.tensor(rng.standard_normal(5), requires_grad=True)]
    out = []
    for norm_type in (2.0, 1, "inf", 0.5):
        for p in params:
            p.grad = m.tensor(np.random.default_rng(1).standard_normal(tuple(p.shape))).to(p.dtype)
        total = m.nn.utils.clip_grad_norm_((p for p in params), 0.5, norm_type=norm_type)  # a generator
        out.append((str(total.dtype), total.item(), [(str(p.grad.dtype), p.grad.numpy().copy()) for p in params]))
    total = m.nn.utils.get_total_norm([p.grad for p in params], 3.0)
    m.nn.utils.clip_grads_with_norm_(params, 0.1, total)
    out.append((str(total.dtype), total.item(), [(str(p.grad.dtype), p.grad.numpy().copy()) for p in params]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m.nn.utils.clip_grad_norm_((p for p in []), 1.0)
        m.nn.utils.clip_grad_norm(params, 1.0)
    out.append([(w.category.__name__, str(w.message)) for w in caught])
    return out


def test_clip_grad_norm_with_mixed_dtypes_and_the_split_api_match_torch():
    ours, theirs = _mixed_dtype_clipping(pullback), _mixed_dtype_clipping(torch)
    assert ours[-1] == theirs[-1]
    for (d1, t1, g1), (d2, t2, g2) in zip(ours[:-1], theirs[:-1]):
        assert d1 == d2 and math.isclose(t1, t2, rel_tol=1e-6)  # float32 norms: summation order
        for (k1, a), (k2, b) in zip(g1, g2):
            assert k1 == k2
            np.testing.assert_allclose(a, b, rtol=1e-6)  # the total includes float32 norms


@pytest.mark.parametrize("a, b, mean, std", [(-2.0, 2.0, 0.0, 1.0), (5.0, 6.0, 0.0, 1.0), (0.0, 0.1, 0.0, 1.0),
                                             (-1e-3, 1e-3, 0.0, 1.0), (3.0, 4.0, 0.0, 0.5), (-1.0, 1.0, 10.0, 2.0)])
def test_trunc_normal_of_any_interval_matches_torch_distribution(a, b, mean, std):
    """A narrow or distant interval (where redrawing normals would take forever) is sampled as torch's
    does, by uniform draws kept with the normal's density: the same range, mean and spread."""
    stats = []
    for m in (torch, pullback):
        m.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (the mean-outside-the-interval warning)
            v = m.nn.init.trunc_normal_(m.empty(200_000, dtype=m.float64), mean, std, a, b).numpy()
        assert a <= v.min() and v.max() <= b
        stats.append((v.mean(), v.std()))
    np.testing.assert_allclose(stats[1], stats[0], atol=0.01 * (b - a))


@pytest.mark.parametrize("call", [
    lambda m: m.nn.init.trunc_normal_(m.empty(3), a=2.0, b=-2.0),
    lambda m: m.nn.init.trunc_normal_(m.empty(3), std=0.0),
    lambda m: m.nn.init.constant_(m.empty(3), "x"),
    lambda m: m.nn.init.constant_(m.empty(3), None),
    lambda m: m.nn.init.kaiming_uniform_(m.empty(3, 4), mode="x"),
    lambda m: m.nn.init.orthogonal_(m.empty(3, 4), gain="x"),
], ids=["trunc_normal a > b", "trunc_normal std 0", "constant str", "constant None", "kaiming mode",
        "orthogonal gain"])
def test_init_misuse_as_torch(call):
    assert_same_outcome(call)


@pytest.mark.parametrize("side", ["right", "left"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pad_sequence_copies_into_place_as_torch(side, batch_first):
    """torch's kernel copies each sequence into a tensor of the first's dtype (CopySlices), any other
    dtype cast: the same values, node and gradients."""
    results = []
    for m in (torch, pullback):
        a, b = m.ones(2, 2, requires_grad=True), m.arange(6.0, requires_grad=True).reshape(3, 2)
        y = m.nn.utils.rnn.pad_sequence([a, b, m.ones(1, 2, dtype=m.long)], batch_first, -1.0, side)
        (y * m.arange(float(y.numel())).reshape(y.shape)).sum().backward()
        results.append((y.detach().numpy(), type(y.grad_fn).__name__, a.grad.numpy()))
    np.testing.assert_array_equal(results[1][0], results[0][0])
    assert results[1][1] == results[0][1]
    np.testing.assert_array_equal(results[1][2], results[0][2])


@pytest.mark.parametrize("call", [
    lambda m: m.nn.utils.rnn.pad_sequence([]),
    lambda m: m.nn.utils.rnn.pad_sequence([m.ones(2)], padding_side="x"),
    lambda m: m.nn.utils.rnn.pad_sequence([m.ones(2), m.ones(2, 3)]),
    lambda m: m.nn.utils.rnn.pad_sequence([m.ones(2)], padding_value="x"),
    lambda m: m.nn.utils.rnn.pad_sequence(5),
    lambda m: m.nn.utils.rnn.pack_padded_sequence(m.ones(3, 2, 1), m.tensor([[3, 1]])),
    lambda m: m.nn.utils.parameters_to_vector([1.0]),
], ids=["empty", "side", "trailing dims", "padding_value", "not iterable", "2-d lengths", "not a tensor"])
def test_rnn_utils_misuse_as_torch(call):
    assert_same_outcome(call)
