"""Random sampling (normal, bernoulli, poisson, multinomial, the in-place samplers) against torch.

The random bits cannot match torch's generator, so torch is the oracle for everything else: shapes,
dtypes, requires_grad, grad_fn names and edges, gradients (torch defines them as zero for all of
these), errors and warnings. The draws themselves are checked for reproducibility (manual_seed,
generator=), support, and their statistics on large fixed-seed samples, with 6-sigma bounds.
"""
import math
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error, assert_same_outcome

COVERED = ["normal", "bernoulli", "multinomial", "poisson"]

RNG = np.random.default_rng(11)
PROBS = RNG.uniform(0.1, 0.9, (2, 3))
STDS = RNG.uniform(0.5, 2.0, (2, 3))
N = 200_000  # draws per statistics test: 6-sigma bounds below are tight enough to catch a wrong law
SIGMAS = 6


def _edges(fn):
    return [None if n is None else n.name() for n, _ in fn.next_functions]


# name -> (fn(m, *inputs), input arrays, which inputs require grad)
META_CASES = {
    "normal(Tensor, Tensor)": (lambda m, a, b: m.normal(a, b), (PROBS, STDS), (True, True)),
    "normal(Tensor, Tensor) broadcast": (lambda m, a, b: m.normal(a[:, :1], b[0]), (PROBS, STDS), (True, True)),
    "normal(Tensor, Tensor) std only": (lambda m, a, b: m.normal(a, b), (PROBS, STDS), (False, True)),
    "normal(mean=, std=)": (lambda m, a, b: m.normal(mean=a, std=b), (PROBS, STDS), (True, True)),
    "normal(float64 mean, float32 std)": (lambda m, a, b: m.normal(a, b.float()), (PROBS, STDS), (True, True)),
    "normal(float32 mean, float64 std)": (lambda m, a, b: m.normal(a.float(), b), (PROBS, STDS), (True, True)),
    "normal(Tensor, float)": (lambda m, a: m.normal(a, 2.0), (PROBS,), (True,)),
    "normal(Tensor)": (lambda m, a: m.normal(a), (PROBS,), (True,)),
    "normal(Tensor, int)": (lambda m, a: m.normal(a.float(), 3), (PROBS,), (True,)),
    "normal(float, Tensor)": (lambda m, b: m.normal(1.5, b), (STDS,), (True,)),
    "normal(float, float, size)": (lambda m: m.normal(1.0, 2.0, (2, 3)), (), ()),
    "normal(int, int, list size)": (lambda m: m.normal(1, 2, [4]), (), ()),
    "normal(float, float, Size)": (lambda m: m.normal(0.0, 1.0, m.Size([2, 2])), (), ()),
    "normal(float, float, ())": (lambda m: m.normal(0.0, 1.0, ()), (), ()),
    "normal(..., dtype, requires_grad)": (
        lambda m: m.normal(0.0, 1.0, size=(3,), dtype=m.float64, requires_grad=True), (), ()),
    "normal(Tensor) no grad": (lambda m, a: m.normal(a), (PROBS,), (False,)),
    "bernoulli": (lambda m, a: m.bernoulli(a), (PROBS,), (True,)),
    "bernoulli float32": (lambda m, a: m.bernoulli(a.float()), (PROBS,), (True,)),
    "Tensor.bernoulli": (lambda m, a: a.bernoulli(), (PROBS,), (True,)),
    "bernoulli(input, p)": (lambda m, a: m.bernoulli(a, 0.5), (PROBS,), (True,)),
    "bernoulli(int input, p)": (lambda m: m.bernoulli(m.tensor([3, 4, 5]), p=0.5), (), ()),
    "Tensor.bernoulli(p)": (lambda m, a: a.bernoulli(0.25), (PROBS,), (True,)),
    "bernoulli_(float)": (lambda m, a: (a * 1).bernoulli_(0.5), (PROBS,), (True,)),
    "bernoulli_()": (lambda m, a: (a * 1).bernoulli_(), (PROBS,), (True,)),
    "bernoulli_(Tensor)": (lambda m, a, b: (a * 1).bernoulli_(b[0] * 0.4), (PROBS, STDS), (True, True)),
    "bernoulli_(Tensor) p only": (lambda m, a, b: m.zeros(2, 3).bernoulli_(b[0] * 0.4), (PROBS, STDS), (False, True)),
    "bernoulli_ on int64": (lambda m: m.zeros(5, dtype=m.int64).bernoulli_(0.5), (), ()),
    "bernoulli_ on bool with tensor p": (lambda m: m.zeros(3, dtype=m.bool).bernoulli_(m.tensor([0.1, 0.5, 0.9])),
                                         (), ()),
    "poisson": (lambda m, a: m.poisson(a * 4), (PROBS,), (True,)),
    "poisson float32": (lambda m, a: m.poisson(a.float() * 4), (PROBS,), (True,)),
    "multinomial 1-D": (lambda m, a: m.multinomial(a[0], 2), (PROBS,), (True,)),
    "multinomial 2-D": (lambda m, a: m.multinomial(a, 3), (PROBS,), (True,)),
    "multinomial replacement": (lambda m, a: m.multinomial(a, 7, replacement=True), (PROBS,), (False,)),
    "Tensor.multinomial": (lambda m, a: a.multinomial(1, True), (PROBS,), (False,)),
    "multinomial no rows": (lambda m: m.multinomial(m.zeros(0, 3), 2), (), ()),
    "random_()": (lambda m, a: (a * 1).random_(), (PROBS,), (True,)),
    "random_(to)": (lambda m, a: (a * 1).random_(10), (PROBS,), (True,)),
    "random_(from, to)": (lambda m, a: (a * 1).random_(-5, 5), (PROBS,), (True,)),
    "random_(from, None)": (lambda m, a: (a * 1).random_(3, None), (PROBS,), (True,)),
    "random_(to=)": (lambda m, a: (a * 1).random_(to=4), (PROBS,), (True,)),
    "random_(from=, to=)": (lambda m, a: (a * 1).random_(**{"from": 2, "to": 4}), (PROBS,), (True,)),
    "random_ int8": (lambda m: m.zeros(4, dtype=m.int8).random_(), (), ()),
    "random_ bool": (lambda m: m.zeros(4, dtype=m.bool).random_(2), (), ()),
    "exponential_()": (lambda m, a: (a * 1).exponential_(), (PROBS,), (True,)),
    "exponential_(lambd=)": (lambda m, a: (a * 1).exponential_(lambd=3), (PROBS,), (True,)),
    "geometric_": (lambda m, a: (a * 1).geometric_(0.3), (PROBS,), (True,)),
    "geometric_ int32": (lambda m: m.zeros(4, dtype=m.int32).geometric_(0.3), (), ()),
    "log_normal_()": (lambda m, a: (a * 1).log_normal_(), (PROBS,), (True,)),
    "log_normal_(mean=, std=)": (lambda m, a: (a * 1).log_normal_(mean=0, std=0.5), (PROBS,), (True,)),
    "cauchy_()": (lambda m, a: (a * 1).cauchy_(), (PROBS,), (True,)),
    "normal_()": (lambda m, a: (a * 1).normal_(), (PROBS,), (True,)),
    "normal_(mean, std)": (lambda m, a: (a * 1).normal_(2, 3), (PROBS,), (True,)),
    "uniform_()": (lambda m, a: (a * 1).uniform_(), (PROBS,), (True,)),
    "uniform_(from, to)": (lambda m, a: (a * 1).uniform_(-1, 2), (PROBS,), (True,)),
    "normal_ through a view": (lambda m, a: _through_view(m, a, "normal_"), (PROBS,), (True,)),
    "cauchy_(median=, sigma=)": (lambda m, a: (a * 1).cauchy_(median=1, sigma=2), (PROBS,), (True,)),
    "exponential_ through a view": (lambda m, a: _through_view(m, a, "exponential_"), (PROBS,), (True,)),
    "random_ through a view": (lambda m, a: _through_view(m, a, "random_", 3), (PROBS,), (True,)),
}


def _through_view(m, a, name, *args):
    base = a * 1
    getattr(base[0], name)(*args)
    return base


def _inputs(m, arrays, requires_grad):
    return [m.tensor(a).requires_grad_(r) for a, r in zip(arrays, requires_grad)]


@pytest.mark.parametrize("name", list(META_CASES))
def test_output_and_autograd_metadata_and_gradients_match_torch(name):
    fn, arrays, requires_grad = META_CASES[name]
    got = {}
    for m in (pullback, torch):
        m.manual_seed(0)
        xs = _inputs(m, arrays, requires_grad)
        y = fn(m, *xs)
        info = [tuple(y.shape), str(y.dtype).replace("torch.", ""), y.requires_grad, y.is_leaf, str(y.device)]
        if y.grad_fn is not None:
            info += [y.grad_fn.name(), _edges(y.grad_fn)]
            diff = [x for x in xs if x.requires_grad]
            cot = m.tensor(np.ones(tuple(y.shape)), dtype=y.dtype)
            if y.grad_fn.name() != "torch::autograd::NotImplemented":
                for create_graph in (True, False):  # create_graph keeps the graph for the second pass
                    grads = m.autograd.grad(y, diff, cot, create_graph=create_graph, allow_unused=True)
                    info += [(tuple(g.shape), str(g.dtype).replace("torch.", ""), g.requires_grad,
                              as_numpy(g).tolist()) for g in grads]
        got[m] = info
    assert got[pullback] == got[torch]


def test_bernoulli_with_a_number_p_has_no_derivative_as_in_torch():
    assert_same_error(lambda m, a: m.autograd.grad(m.bernoulli(a, 0.5).sum(), a), PROBS,
                      phrase="derivative for aten::bernoulli is not implemented")


def test_in_place_samplers_return_self_bump_the_version_and_refuse_leaves_that_require_grad():
    for name, args in (("random_", ()), ("random_", (4,)), ("random_", (1, 4)), ("exponential_", ()),
                       ("geometric_", (0.5,)), ("log_normal_", ()), ("cauchy_", ()), ("bernoulli_", ()),
                       ("normal_", ()), ("uniform_", (-1, 1)),
                       ("bernoulli_", (pullback.full((3,), 0.5),))):
        x = pullback.zeros(3)
        version = x._version
        assert getattr(x, name)(*args) is x
        assert x._version == version + 1
        th_args = tuple(torch.full((3,), 0.5) if isinstance(a, pullback.Tensor) else a for a in args)
        assert_same_error(lambda m, a: getattr(a, name)(*(th_args if m is torch else args)), np.zeros(3),
                          phrase="a leaf Variable that requires grad is being used in an in-place operation.")


# ---------------------------------------------------------------- reproducibility
SAMPLERS = {
    "normal(Tensor, Tensor)": lambda g: pullback.normal(pullback.zeros(50), pullback.ones(50), generator=g),
    "normal(Tensor, float)": lambda g: pullback.normal(pullback.zeros(50), 2.0, generator=g),
    "normal(float, Tensor)": lambda g: pullback.normal(1.0, pullback.ones(50), generator=g),
    "normal(float, float, size)": lambda g: pullback.normal(0.0, 1.0, (50,), generator=g),
    "bernoulli": lambda g: pullback.bernoulli(pullback.full((50,), 0.5), generator=g),
    "bernoulli(p)": lambda g: pullback.bernoulli(pullback.zeros(50), 0.5, generator=g),
    "bernoulli_": lambda g: pullback.zeros(50).bernoulli_(0.5, generator=g),
    "bernoulli_(Tensor)": lambda g: pullback.zeros(50).bernoulli_(pullback.full((50,), 0.5), generator=g),
    "poisson": lambda g: pullback.poisson(pullback.full((50,), 3.0), g),
    "multinomial": lambda g: pullback.multinomial(pullback.ones(50), 10, generator=g),
    "multinomial replacement": lambda g: pullback.multinomial(pullback.ones(2, 50), 10, True, generator=g),
    "random_": lambda g: pullback.zeros(50).random_(generator=g),
    "random_(to)": lambda g: pullback.zeros(50).random_(100, generator=g),
    "random_(from, to)": lambda g: pullback.zeros(50).random_(-100, 100, generator=g),
    "exponential_": lambda g: pullback.zeros(50).exponential_(generator=g),
    "geometric_": lambda g: pullback.zeros(50).geometric_(0.2, generator=g),
    "log_normal_": lambda g: pullback.zeros(50).log_normal_(generator=g),
    "cauchy_": lambda g: pullback.zeros(50).cauchy_(generator=g),
    "normal_": lambda g: pullback.zeros(50).normal_(generator=g),
    "uniform_": lambda g: pullback.zeros(50).uniform_(generator=g),
}


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_draws_repeat_under_manual_seed_and_a_seeded_generator(name):
    draw = SAMPLERS[name]
    pullback.manual_seed(123)
    first = draw(None).numpy().copy()
    second = draw(None).numpy().copy()
    pullback.manual_seed(123)
    assert np.array_equal(draw(None).numpy(), first)
    assert not np.array_equal(first, second)  # 50 draws repeating by chance: vanishingly unlikely
    state = pullback.get_rng_state()
    g = pullback.Generator().manual_seed(7)
    from_generator = draw(g).numpy().copy()
    assert np.array_equal(pullback.get_rng_state().numpy(), state.numpy())  # the global generator is untouched
    assert np.array_equal(draw(pullback.Generator().manual_seed(7)).numpy(), from_generator)


# ---------------------------------------------------------------- statistics
def _assert_mean(samples, mean, sd, what):
    """The sample mean of draws with expected value `mean` and standard deviation `sd`."""
    bound = SIGMAS * sd / math.sqrt(samples.size)
    assert abs(samples.mean() - mean) <= bound, f"{what}: mean {samples.mean()} vs {mean} +- {bound}"


def _assert_frequency(hits, p, what):
    _assert_mean(np.asarray(hits, dtype=np.float64), p, math.sqrt(p * (1 - p)), what)


def test_normal_overloads_have_the_asked_mean_and_spread():
    pullback.manual_seed(1)
    mean, std = 2.0, 3.0
    for samples in (pullback.normal(mean, std, (N,)), pullback.normal(pullback.full((N,), mean), std),
                    pullback.normal(mean, pullback.full((N,), std)),
                    pullback.normal(pullback.full((N,), mean), pullback.full((N,), std),
                                    generator=pullback.Generator())):
        x = samples.numpy().astype(np.float64)
        _assert_mean(x, mean, std, "normal")
        _assert_mean((x - mean) ** 2, std ** 2, math.sqrt(2) * std ** 2, "normal variance")
    # elementwise parameters: each column keeps its own mean and std
    x = pullback.normal(pullback.tensor([[-5.0, 0.0, 5.0]]).expand(N, 3).contiguous(),
                        pullback.tensor([0.5, 1.0, 2.0])).numpy().astype(np.float64)
    for j, (mu, sd) in enumerate(((-5.0, 0.5), (0.0, 1.0), (5.0, 2.0))):
        _assert_mean(x[:, j], mu, sd, f"normal column {j}")
        _assert_mean((x[:, j] - mu) ** 2, sd ** 2, math.sqrt(2) * sd ** 2, f"normal column {j} variance")
    assert np.array_equal(pullback.normal(pullback.tensor([1.0, 2.0]), 0.0).numpy(), [1.0, 2.0])


def test_normal_and_uniform_in_place_have_the_asked_laws():
    pullback.manual_seed(5)
    x = pullback.zeros(N, dtype=pullback.float64).normal_(2.0, 3.0).numpy()
    _assert_mean(x, 2.0, 3.0, "normal_")
    _assert_mean((x - 2.0) ** 2, 9.0, math.sqrt(2) * 9.0, "normal_ variance")
    u = pullback.zeros(N).uniform_(-1.0, 3.0).numpy().astype(np.float64)
    assert (u >= -1.0).all() and (u < 3.0).all()
    _assert_mean(u, 1.0, 4.0 / math.sqrt(12), "uniform_")
    _assert_frequency(u < 0.0, 0.25, "uniform_ P(u < 0)")


def test_bernoulli_is_zero_or_one_with_the_given_probabilities():
    pullback.manual_seed(2)
    probs = pullback.tensor([0.0, 0.1, 0.5, 0.9, 1.0], dtype=pullback.float64)
    x = pullback.bernoulli(probs.expand(N, 5).contiguous())
    assert x.dtype == pullback.float64 and set(np.unique(x.numpy())) <= {0.0, 1.0}
    for j, p in enumerate(probs.tolist()):
        _assert_frequency(x.numpy()[:, j], p, f"bernoulli p={p}")
    _assert_frequency(pullback.bernoulli(pullback.zeros(N), 0.3).numpy(), 0.3, "bernoulli(input, p)")
    y = pullback.zeros(N, dtype=pullback.int64).bernoulli_(0.7)
    assert y.dtype == pullback.int64 and set(np.unique(y.numpy())) == {0, 1}
    _assert_frequency(y.numpy(), 0.7, "bernoulli_(p)")
    z = pullback.zeros(N, 2).bernoulli_(pullback.tensor([0.2, 0.8]))  # p broadcast over rows
    _assert_frequency(z.numpy()[:, 0], 0.2, "bernoulli_(Tensor) column 0")
    _assert_frequency(z.numpy()[:, 1], 0.8, "bernoulli_(Tensor) column 1")
    _assert_frequency(pullback.zeros(N).bernoulli_().numpy(), 0.5, "bernoulli_() default p")


def test_poisson_has_mean_and_variance_equal_to_its_rate():
    pullback.manual_seed(3)
    for rate in (0.5, 4.0, 100.0):
        x = pullback.poisson(pullback.full((N,), rate, dtype=pullback.float64)).numpy()
        assert (x >= 0).all() and np.array_equal(x, np.round(x))
        _assert_mean(x, rate, math.sqrt(rate), f"poisson({rate})")
        # the variance estimate's spread: sqrt(mu4 - sigma^4) with mu4 = rate * (1 + 3 rate) for Poisson
        _assert_mean((x - rate) ** 2, rate, math.sqrt(rate * (1 + 3 * rate) - rate ** 2), f"poisson({rate}) var")
    assert not pullback.poisson(pullback.zeros(10)).numpy().any()


def test_exponential_geometric_log_normal_and_cauchy_follow_their_laws():
    pullback.manual_seed(4)
    x = pullback.zeros(N, dtype=pullback.float64).exponential_(2.5).numpy()
    assert (x > 0).all()
    _assert_mean(x, 1 / 2.5, 1 / 2.5, "exponential mean")
    _assert_frequency(x > 1.0, math.exp(-2.5), "exponential tail")

    p = 0.3
    g = pullback.zeros(N, dtype=pullback.float64).geometric_(p).numpy()
    assert g.min() >= 1 and np.array_equal(g, np.round(g))
    _assert_mean(g, 1 / p, math.sqrt(1 - p) / p, "geometric mean")
    _assert_frequency(g == 1, p, "geometric P(1)")
    gi = pullback.zeros(N, dtype=pullback.int64).geometric_(p).numpy()
    _assert_mean(gi.astype(np.float64), 1 / p, math.sqrt(1 - p) / p, "geometric int64")

    ln = pullback.zeros(N, dtype=pullback.float64).log_normal_(0.5, 0.75).numpy()
    assert (ln > 0).all()
    _assert_mean(np.log(ln), 0.5, 0.75, "log_normal log-mean")
    _assert_mean((np.log(ln) - 0.5) ** 2, 0.75 ** 2, math.sqrt(2) * 0.75 ** 2, "log_normal log-variance")
    default = pullback.zeros(N, dtype=pullback.float64).log_normal_().numpy()
    _assert_mean(np.log(default), 1.0, 2.0, "log_normal default mean=1")

    c = pullback.zeros(N, dtype=pullback.float64).cauchy_(1.0, 2.0).numpy()
    _assert_frequency(c < 1.0, 0.5, "cauchy median")
    _assert_frequency(np.abs(c - 1.0) < 2.0, 0.5, "cauchy quartiles at median +- sigma")
    _assert_frequency(pullback.zeros(N).cauchy_().numpy() < 1.0, 0.75, "cauchy default (0, 1): P(x < 1) = 3/4")


def test_random_stays_in_its_range_and_is_uniform_there():
    pullback.manual_seed(5)
    x = pullback.zeros(N).random_(-3, 4).numpy()
    values, counts = np.unique(x, return_counts=True)
    assert values.tolist() == list(range(-3, 4))
    for c in counts:
        _assert_frequency(np.arange(N) < c, 1 / 7, "random_(from, to) frequency")
    assert np.unique(pullback.zeros(N, dtype=pullback.int64).random_(5).numpy()).tolist() == [0, 1, 2, 3, 4]
    b = pullback.zeros(N, dtype=pullback.bool).random_().numpy()
    _assert_frequency(b, 0.5, "random_ bool")
    for dtype, top in ((pullback.float32, 2 ** 24), (pullback.float64, 2 ** 53), (pullback.int8, 127),
                       (pullback.uint8, 255), (pullback.int16, 2 ** 15 - 1), (pullback.int32, 2 ** 31 - 1),
                       (pullback.int64, 2 ** 63 - 1)):
        r = pullback.zeros(N, dtype=dtype).random_().numpy()
        assert r.min() >= 0 and r.max() <= top and np.array_equal(r, np.round(r))
        # uniform on [0, top]: mean top/2, standard deviation top/sqrt(12)
        _assert_mean(r.astype(np.float64) / top, 0.5, 1 / math.sqrt(12), f"random_() {dtype}")
    high = pullback.zeros(N, dtype=pullback.int8).random_(100, None).numpy()
    assert high.min() >= 100 and high.max() == 127
    lowest = pullback.zeros(N, dtype=pullback.int64).random_(-2 ** 63, None).numpy()
    _assert_frequency(lowest < 0, 0.5, "random_ over the full int64 range")


def test_multinomial_draws_by_weight_and_without_replacement_never_repeats():
    pullback.manual_seed(6)
    weights = [1.0, 0.0, 3.0, 4.0]  # unnormalised; the zero-weight category is never drawn
    x = pullback.multinomial(pullback.tensor(weights), N, replacement=True).numpy()
    assert x.dtype == np.int64
    for k, w in enumerate(weights):
        _assert_frequency(x == k, w / 8, f"multinomial with replacement, category {k}")
    probs = pullback.tensor([[1.0, 2.0, 3.0, 4.0], [4.0, 0.0, 0.0, 1.0]])
    draws = np.stack([pullback.multinomial(probs, 2).numpy() for _ in range(N // 20)])
    assert (draws[..., 0] != draws[..., 1]).all()  # without replacement: distinct indices in each row
    first = draws[:, 0, 0]
    for k, w in enumerate([1.0, 2.0, 3.0, 4.0]):
        _assert_frequency(first == k, w / 10, f"multinomial first draw, category {k}")
    assert set(draws[:, 1].reshape(-1).tolist()) == {0, 3}  # both nonzero categories, nothing else
    _assert_frequency(draws[:, 1, 0] == 0, 0.8, "multinomial second row, first draw")
    # a single positive category, however small, is the only one drawn (zero-weight ones on either side never)
    edge = pullback.multinomial(pullback.tensor([[0.0, 1e-300, 0.0], [3.0, 0.0, 0.0]], dtype=pullback.float64),
                                1000, replacement=True).numpy()
    assert (edge[0] == 1).all() and (edge[1] == 0).all()
    # all categories without replacement: a permutation
    perm = pullback.multinomial(pullback.rand(3, 10) + 0.1, 10).numpy()
    assert all(sorted(row) == list(range(10)) for row in perm.tolist())


# ---------------------------------------------------------------- errors
ERROR_CASES = [
    ("normal std < 0", lambda m, a: m.normal(a, -1.0), "normal expects std >= 0.0, but found std -1"),
    ("normal std nan", lambda m, a: m.normal(a, float("nan")), "normal expects std >= 0.0, but found std nan"),
    ("normal size std < 0", lambda m, a: m.normal(0.0, -1.5, (2,)), "normal expects std >= 0.0, but found std -1.5"),
    ("normal tensor std < 0", lambda m, a: m.normal(a, -a), "normal expects all elements of std >= 0.0"),
    ("normal float, tensor std < 0", lambda m, a: m.normal(1.0, -a), "normal expects all elements of std >= 0.0"),
    ("normal shapes", lambda m, a: m.normal(a, m.ones(4)),
     "The size of tensor a (3) must match the size of tensor b (4)"),
    ("normal int mean", lambda m, a: m.normal(m.tensor([1, 2]), 1.0),
     '"normal_kernel_cpu" not implemented for \'Long\''),
    ("normal int std", lambda m, a: m.normal(1.0, m.tensor([1, 2])),
     '"normal_kernel_cpu" not implemented for \'Long\''),
    ("normal int dtype", lambda m, a: m.normal(0.0, 1.0, (2,), dtype=m.int64),
     '"normal_kernel_cpu" not implemented for \'Long\''),
    ("normal no size", lambda m, a: m.normal(1.0, 2.0), "received an invalid combination of arguments"),
    ("normal int size", lambda m, a: m.normal(1.0, 2.0, 3), "received an invalid combination of arguments"),
    ("normal tensor with size", lambda m, a: m.normal(a, 1.0, (3,)), "received an invalid combination of arguments"),
    ("normal tensor with dtype", lambda m, a: m.normal(a, 1.0, dtype=m.float64),
     "received an invalid combination of arguments"),
    ("normal bad generator", lambda m, a: m.normal(0.0, 1.0, (2,), generator=3),
     "received an invalid combination of arguments"),
    ("normal negative size", lambda m, a: m.normal(0.0, 1.0, (-1,)),
     "Trying to create tensor with negative dimension -1"),
    ("bernoulli p > 1", lambda m, a: m.bernoulli(a + 1), "Expected p_in >= 0 && p_in <= 1 to be true, but got false."),
    ("bernoulli nan", lambda m, a: m.bernoulli(a * float("nan")), "Expected p_in >= 0 && p_in <= 1 to be true"),
    ("bernoulli int", lambda m, a: m.bernoulli(m.tensor([1, 0])),
     '"bernoulli_tensor_cpu_p_" not implemented for \'Long\''),
    ("bernoulli bool", lambda m, a: m.bernoulli(m.tensor([True])),
     '"bernoulli_tensor_cpu_p_" not implemented for \'Bool\''),
    ("bernoulli float p > 1", lambda m, a: m.bernoulli(a, 1.5), "bernoulli_ expects p to be in [0, 1], but got p=1.5"),
    ("bernoulli tensor p", lambda m, a: m.bernoulli(a, a), "received an invalid combination of arguments"),
    ("bernoulli_ p < 0", lambda m, a: a.bernoulli_(-0.1), "bernoulli_ expects p to be in [0, 1], but got p=-0.1"),
    ("bernoulli_ tensor p > 1", lambda m, a: a.bernoulli_(a + 1), "Expected p_in >= 0 && p_in <= 1 to be true"),
    ("bernoulli_ int p", lambda m, a: a.bernoulli_(m.tensor([0, 1, 1])), '"bernoulli_tensor_cpu_p_" not implemented'),
    ("bernoulli_ p shape", lambda m, a: a.bernoulli_(m.ones(2)), "The expanded size of the tensor (3) must match the "
                                                                "existing size (2) at non-singleton dimension 0"),
    ("poisson negative", lambda m, a: m.poisson(-a), "invalid Poisson rate, expected rate to be non-negative"),
    ("poisson nan", lambda m, a: m.poisson(a * float("nan")), "invalid Poisson rate, expected rate to be non-negative"),
    ("poisson int", lambda m, a: m.poisson(m.tensor([1, 2])), '"poisson_cpu" not implemented for \'Long\''),
    ("multinomial 3-D", lambda m, a: m.multinomial(a.reshape(1, 1, 3), 1), "prob_dist must be 1 or 2 dim"),
    ("multinomial 0-D", lambda m, a: m.multinomial(a[0], 1), "prob_dist must be 1 or 2 dim"),
    ("multinomial int", lambda m, a: m.multinomial(m.tensor([1, 2]), 1),
     "multinomial only supports floating-point dtypes for input, got: Long"),
    ("multinomial zero samples", lambda m, a: m.multinomial(a, 0), "cannot sample n_sample <= 0 samples"),
    ("multinomial too many", lambda m, a: m.multinomial(a, 4),
     "cannot sample n_sample > prob_dist.size(-1) samples without replacement"),
    ("multinomial negative", lambda m, a: m.multinomial(a - 1, 1),
     "probability tensor contains either `inf`, `nan` or element < 0"),
    ("multinomial inf", lambda m, a: m.multinomial(a / 0, 2),
     "probability tensor contains either `inf`, `nan` or element < 0"),
    ("multinomial zero sum", lambda m, a: m.multinomial(a * 0, 2),
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    ("multinomial zero row", lambda m, a: m.multinomial(m.stack([a, a * 0]), 1),
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    ("multinomial replacement negative", lambda m, a: m.multinomial(a - 1, 2, True),
     "invalid multinomial distribution (encountering probability entry < 0)"),
    ("multinomial replacement nan", lambda m, a: m.multinomial(a * float("nan"), 2, True),
     "invalid multinomial distribution (encountering probability entry < 0)"),
    ("multinomial replacement inf", lambda m, a: m.multinomial(a / 0, 2, True),
     "invalid multinomial distribution (encountering probability entry = infinity or NaN)"),
    ("multinomial replacement zero sum", lambda m, a: m.multinomial(a * 0, 2, True),
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    ("multinomial no categories", lambda m, a: m.multinomial(a[:0], 1, True), "cannot compute aminmax over an empty"),
    ("multinomial no categories replacement", lambda m, a: m.multinomial(a[:0].expand(2, 0), 2, True),
     "invalid multinomial distribution (sum of probabilities <= 0)"),
    ("multinomial float count", lambda m, a: m.multinomial(a, 2.0),
     "multinomial(): argument 'num_samples' (position 2) must be int, not float"),
    ("multinomial categories", lambda m, a: m.multinomial(m.ones(2 ** 24 + 1), 1),
     "number of categories cannot exceed 2^24"),
    ("random_ to 0", lambda m, a: a.random_(0), "random_ expects 'from' to be less than 'to', but got from=0 >= to=0"),
    ("random_ from >= to", lambda m, a: a.random_(6, 5),
     "random_ expects 'from' to be less than 'to', but got from=6 >= to=5"),
    ("random_ float32 rounds from onto to", lambda m, a: m.zeros(2).random_(2 ** 25 - 1, 2 ** 25),
     "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=33554431 >= "
     "to=33554430"),
    ("random_ float32 from past the top", lambda m, a: m.zeros(2).random_(2 ** 25 + 1, None),
     "random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype"),
    ("random_ float to", lambda m, a: a.random_(2.5), "received an invalid combination of arguments"),
    ("random_ three args", lambda m, a: a.random_(1, 2, 3), "random_() takes 2 positional arguments but 3 were given"),
    ("random_ int8 to", lambda m, a: m.zeros(2, dtype=m.int8).random_(200), "to - 1 is out of bounds for signed char"),
    ("random_ int8 from", lambda m, a: m.zeros(2, dtype=m.int8).random_(-129, 0),
     "from is out of bounds for signed char"),
    ("random_ uint8 from", lambda m, a: m.zeros(2, dtype=m.uint8).random_(-1, 5),
     "from is out of bounds for unsigned char"),
    ("random_ int16", lambda m, a: m.zeros(2, dtype=m.int16).random_(-100000, 0),
     "from is out of bounds for short int"),
    ("random_ bool", lambda m, a: m.zeros(2, dtype=m.bool).random_(3), "to - 1 is out of bounds for bool"),
    ("random_ half", lambda m, a: m.zeros(2, dtype=m.float16).random_(0, 70000),
     "to - 1 is out of bounds for c10::Half"),
    ("exponential_ lambda 0", lambda m, a: a.exponential_(0), "exponential_ expects lambda > 0.0, but found lambda=0"),
    ("exponential_ lambda nan", lambda m, a: a.exponential_(float("nan")),
     "exponential_ expects lambda > 0.0, but found lambda=nan"),
    ("exponential_ int", lambda m, a: m.zeros(2, dtype=m.int64).exponential_(),
     "Exponential distribution is a continuous probability distribution. dtype must be a floating point but you "
     "specified Long"),
    ("geometric_ p 0", lambda m, a: a.geometric_(0), "geometric_ expects p to be in (0, 1), but got p=0"),
    ("geometric_ p 1", lambda m, a: a.geometric_(1), "geometric_ expects p to be in (0, 1), but got p=1"),
    ("geometric_ bool", lambda m, a: m.zeros(2, dtype=m.bool).geometric_(0.5),
     '"geometric_cpu" not implemented for \'Bool\''),
    ("log_normal_ std 0", lambda m, a: a.log_normal_(1, 0), "log_normal_ expects std > 0.0, but found std=0"),
    ("log_normal_ int", lambda m, a: m.zeros(2, dtype=m.int64).log_normal_(),
     '"log_normal_cpu" not implemented for \'Long\''),
    ("cauchy_ sigma < 0", lambda m, a: a.cauchy_(0, -1), "cauchy_ expects sigma > 0.0, but found sigma=-1"),
    ("normal_ std < 0", lambda m, a: a.normal_(0, -1), "normal expects std >= 0.0, but found std -1"),
    ("normal_ int", lambda m, a: m.zeros(2, dtype=m.int64).normal_(),
     '"normal_kernel_cpu" not implemented for \'Long\''),
    ("uniform_ from > to", lambda m, a: a.uniform_(2, 1),
     "uniform_ expects to return a [from, to) range, but found from=2 > to=1"),
    ("uniform_ int", lambda m, a: m.zeros(2, dtype=m.int64).uniform_(),
     '"check_uniform_bounds" not implemented for \'Long\''),
    ("cauchy_ int", lambda m, a: m.zeros(2, dtype=m.int64).cauchy_(),
     "Cauchy distribution is a continuous probability distribution. dtype must be a floating point but you "
     "specified long int"),
]


@pytest.mark.parametrize("name, fn, phrase", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors_match_torch_and_leave_the_input_unchanged(name, fn, phrase):
    a = np.array([0.25, 0.5, 0.75])
    assert_same_error(fn, a, phrase=phrase, requires_grad=[False])
    x = pullback.tensor(a)
    version = x._version
    with pytest.raises(Exception):
        fn(pullback, x)
    assert np.array_equal(x.numpy(), a) and x._version == version


def test_random_warns_like_torch_past_the_integers_a_float_holds_exactly():
    for m in (pullback, torch):
        with pytest.warns(UserWarning, match=r"to - 1 is out of bounds \[-\(2\^24\), 2\^24\]. Due to precision "
                                             r"limitations float can support discrete uniform distribution"):
            x = m.zeros(3).random_(2 ** 25)
        assert (x.numpy() >= 0).all() and (x.numpy() <= 2 ** 25).all()
        with pytest.warns(UserWarning, match=r"from is out of bounds \[-\(2\^11\), 2\^11\]. Due to precision "
                                             r"limitations c10::Half"):
            m.zeros(3, dtype=m.float16).random_(-3000, 0)
        with pytest.warns(UserWarning, match="is out of bounds"):
            # bounds the dtype rounds past themselves are moved inside, so draws stay in [from, to)
            y = m.zeros(1000).random_(-2 ** 25 - 1, -2 ** 25 + 3).numpy()
        assert (y >= -2 ** 25 - 1).all() and (y < -2 ** 25 + 3).all()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            m.zeros(3).random_(-2 ** 24, 2 ** 24 + 1)  # the edges themselves are exact


def test_sampling_under_no_grad_records_nothing():
    x = pullback.tensor(PROBS, requires_grad=True)
    with pullback.no_grad():
        outs = [pullback.normal(x, x), pullback.bernoulli(x), pullback.poisson(x), (x * 1).exponential_()]
    assert all(o.grad_fn is None and not o.requires_grad for o in outs)


def test_draws_past_the_dtype_range_overflow_to_inf_silently_as_in_torch():
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            big = m.zeros(1000).log_normal_(0.0, 300.0).numpy()
            wide = m.normal(0.0, 1e300, (1000,)).numpy()
        assert np.isinf(big).any() and (big >= 0).all()
        assert np.isinf(wide).any() and not np.isnan(wide).any()


# bernoulli's p and generator as torch's parser reads them (p of 0 or 1, or a refusal: no randomness compared)
@pytest.mark.parametrize("call", [
    "m.bernoulli(x, 'a')", "m.bernoulli(x, None)", "m.bernoulli(x, [0.5])", "m.bernoulli(x, m.tensor([0.5]))",
    "m.bernoulli(x, 1+1j)", "m.bernoulli(x, np.complex128(1))", "m.bernoulli(x, np.bool_(True))",
    "m.bernoulli(x, True)", "m.bernoulli(x, m.tensor(1.))", "m.bernoulli(x, np.float32(0))", "m.bernoulli(x, 2)",
    "m.bernoulli(x, generator=1)", "m.bernoulli(x, 1, generator='a')", "m.bernoulli(x, 0, m.default_generator)",
    "x.bernoulli('a')", "x.bernoulli(None)", "x.bernoulli(generator=1)", "x.bernoulli(np.bool_(False))",
    "x.bernoulli_('a')", "x.bernoulli_(None)", "x.bernoulli_(np.int64(1))", "x.bernoulli_(1+1j)",
])
def test_bernoulli_arguments_as_torch_parses_them(call):
    assert_same_outcome(lambda m: eval(call, {"m": m, "np": np, "x": m.full((2, 3), 0.5)}))
