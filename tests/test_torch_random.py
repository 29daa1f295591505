"""The same seed gives torch's random numbers: its CPU generator (MT19937, torch's seeding and state bytes)
and the draws of rand, randn, randint, randperm, uniform_, normal_, random_, exponential_, bernoulli,
multinomial, gamma, dropout, nn.init and the DataLoader's shuffles, compared with torch's own."""
import math

import numpy as np
import pytest
import torch

import pullback

DRAWS = {
    "rand": lambda m: m.rand(5), "rand 2-d": lambda m: m.rand(3, 7), "rand float64": lambda m: m.rand(9, dtype=m.float64),
    "rand float16": lambda m: m.rand(9, dtype=m.float16), "randn few": lambda m: m.randn(3),
    "randn odd then even": lambda m: m.cat([m.randn(5), m.randn(4), m.randn(1)]),
    "randn float64 many": lambda m: m.randn(37, dtype=m.float64), "randn 16 float64": lambda m: m.randn(4, 4, dtype=m.float64),
    "randn float16 few": lambda m: m.randn(7, dtype=m.float16),
    "uniform_": lambda m: m.empty(3, 4).uniform_(-2, 5), "uniform_ float64": lambda m: m.empty(6, dtype=m.float64).uniform_(1, 3),
    "uniform_ of a transpose": lambda m: m.empty(4, 5).t().uniform_(),
    "normal_ few": lambda m: m.empty(5).normal_(1, 3), "normal_ float64": lambda m: m.empty(40, dtype=m.float64).normal_(2, 0.5),
    "normal_ of a transpose": lambda m: m.empty(4, 5).t().normal_(),
    "normal tensor mean": lambda m: m.normal(m.arange(5.0, dtype=m.float64), 2.0),
    "normal tensor std": lambda m: m.normal(1.0, m.ones(5, dtype=m.float64) * 2),
    "normal tensors": lambda m: m.normal(m.zeros(20, dtype=m.float64), m.ones(20, dtype=m.float64)),
    "normal size": lambda m: m.normal(2.0, 3.0, (5,)),
    "randint": lambda m: m.randint(3, 9, (2, 3)), "randint wide": lambda m: m.randint(-5, 2 ** 40, (5,)),
    "randint_like": lambda m: m.randint_like(m.zeros(3), 5, 10),
    "randperm": lambda m: m.randperm(12), "randperm long": lambda m: m.randperm(1000),
    "random_ from to": lambda m: m.empty(6, dtype=m.int64).random_(3, 17), "random_ int32": lambda m: m.empty(6, dtype=m.int32).random_(),
    "random_ float": lambda m: m.empty(4).random_(10), "random_ int64": lambda m: m.empty(4, dtype=m.int64).random_(),
    "random_ full int64": lambda m: m.empty(4, dtype=m.int64).random_(-2 ** 63, None),
    "random_ from": lambda m: m.empty(4, dtype=m.int64).random_(-5, None), "random_ bool": lambda m: m.empty(9, dtype=m.bool).random_(),
    "bernoulli": lambda m: m.bernoulli(m.full((7,), 0.3)), "bernoulli float64": lambda m: m.bernoulli(m.linspace(0, 1, 9, dtype=m.float64)),
    "bernoulli_": lambda m: m.empty(8).bernoulli_(0.6), "bernoulli_ tensor": lambda m: m.empty(3, 4).bernoulli_(m.tensor([0.1, 0.5, 0.9, 0.4])),
    "dropout": lambda m: m.nn.functional.dropout(m.ones(12), 0.3), "dropout2d": lambda m: m.nn.functional.dropout2d(m.ones(2, 3, 2, 2), 0.5),
    "alpha_dropout": lambda m: m.nn.functional.alpha_dropout(m.ones(6), 0.2, True),
    "Dropout layer": lambda m: m.nn.Dropout(0.5)(m.ones(10)),
    "rand_like": lambda m: m.rand_like(m.zeros(2, 2)), "randn_like": lambda m: m.randn_like(m.zeros(5, dtype=m.float64)),
    "Linear": lambda m: m.cat([p.detach().reshape(-1) for p in m.nn.Linear(4, 3).parameters()]),
    "Conv2d": lambda m: m.cat([p.detach().reshape(-1) for p in m.nn.Conv2d(2, 3, 3).parameters()]),
    "xavier_normal_": lambda m: m.nn.init.xavier_normal_(m.empty(3, 4, dtype=m.float64)),
    "kaiming_normal_": lambda m: m.nn.init.kaiming_normal_(m.empty(5, 6, dtype=m.float64)),
    "trunc_normal_": lambda m: m.nn.init.trunc_normal_(m.empty(20, 6, dtype=m.float64)),
    "trunc_normal_ narrow": lambda m: m.nn.init.trunc_normal_(m.empty(40, dtype=m.float64), 0, 1, 2.5, 3.0),
    "sparse_": lambda m: m.nn.init.sparse_(m.empty(6, 3, dtype=m.float64), 0.5),
    "cauchy_": lambda m: m.empty(5, dtype=m.float64).cauchy_(1.0, 2.0),
    "geometric_": lambda m: m.empty(6).geometric_(0.3),
    "log_normal_": lambda m: m.empty(20, dtype=m.float64).log_normal_(1.0, 2.0),
    "_standard_gamma": lambda m: m._standard_gamma(m.tensor([0.5, 1.0, 2.5, 7.0, 0.1])),
    "_standard_gamma float64": lambda m: m._standard_gamma(m.tensor([0.5, 1.0, 2.5, 0.0, 0.1], dtype=m.float64)),
    "_sample_dirichlet": lambda m: m._sample_dirichlet(m.tensor([[0.5, 1.0, 2.5], [7.0, 0.1, 1.0]])),
    "Beta": lambda m: __import__(m.__name__ + ".distributions").distributions.Beta(m.tensor([2.0]),
                                                                                    m.tensor([3.0])).sample((4,)),
    "StudentT": lambda m: __import__(m.__name__ + ".distributions").distributions.StudentT(m.tensor([4.0])).sample((3,)),
    "exponential_": lambda m: m.empty(5).exponential_(2.0),
    "exponential_ float64": lambda m: m.empty(4, dtype=m.float64).exponential_(),
    "multinomial": lambda m: m.multinomial(m.tensor([0.1, 0.2, 0.3, 0.4]), 3),
    "multinomial one": lambda m: m.multinomial(m.tensor([0.1, 0.2, 0.3, 0.4]), 1),
    "multinomial rows": lambda m: m.multinomial(m.tensor([[0.1, 0.0, 2.0, 1.0], [1.0, 1.0, 1.0, 1.0]]), 4),
    "multinomial with replacement": lambda m: m.multinomial(m.tensor([[0.0, 1.0, 0.0, 3.0], [2.0, 1.0, 1.0, 0.5]]), 9, True),
    "WeightedRandomSampler": lambda m: m.tensor(list(m.utils.data.WeightedRandomSampler([0.1, 0.5, 0.4], 12))),
    "generator": lambda m: m.randn(2, 3, generator=m.Generator().manual_seed(4)),
    "generator default seed": lambda m: m.rand(3, generator=m.Generator()),
}


@pytest.mark.parametrize("seed", [0, 7, 2 ** 40 + 3, -1])
@pytest.mark.parametrize("name", list(DRAWS))
def test_draws_are_torchs(name, seed):
    """Each draw after the same seed, and the next draw after it (the words it used are torch's)."""
    got = {}
    for m in (pullback, torch):
        m.manual_seed(seed)
        got[m] = (DRAWS[name](m).numpy(), m.rand(3).numpy())
    np.testing.assert_array_equal(got[pullback][0], got[torch][0])
    np.testing.assert_array_equal(got[pullback][1], got[torch][1])


@pytest.mark.parametrize("n", [16, 20, 100])
def test_randn_of_16_or_more_floats_is_torchs_to_an_ulp(n):
    """torch's float32 normal_fill runs vectorised library log, sin and cos: last bits may differ, not the draws."""
    got = {}
    for m in (pullback, torch):
        m.manual_seed(3)
        got[m] = (m.randn(n).numpy(), m.empty(n).normal_(1, 2).numpy(), m.rand(2).numpy())
    for ours, theirs in zip(got[pullback], got[torch]):
        np.testing.assert_allclose(ours, theirs, rtol=3e-7, atol=3e-7)


def test_float16_randn_of_16_or_more_is_torchs_to_a_few_ulps():
    got = {}
    for m in (pullback, torch):
        m.manual_seed(3)
        got[m] = (m.randn(20, dtype=m.float16).float().numpy(), m.rand(2).numpy())
    np.testing.assert_allclose(got[pullback][0], got[torch][0], rtol=4e-3, atol=4e-3)
    np.testing.assert_array_equal(got[pullback][1], got[torch][1])


def test_state_bytes_are_torchs_and_cross_over():
    for m in (pullback, torch):
        m.manual_seed(9)
    assert np.array_equal(pullback.get_rng_state().numpy(), torch.get_rng_state().numpy())
    for m in (pullback, torch):
        m.rand(700)
        m.randn(3)  # leaves a cached normal, which the state holds
    assert np.array_equal(pullback.get_rng_state().numpy(), torch.get_rng_state().numpy())
    theirs = torch.get_rng_state()
    pullback.set_rng_state(pullback.tensor(theirs.numpy()))
    torch.set_rng_state(theirs)
    np.testing.assert_array_equal(pullback.randn(3).numpy(), torch.randn(3).numpy())
    g = pullback.Generator().set_state(pullback.get_rng_state())
    np.testing.assert_array_equal(pullback.rand(2, generator=g).numpy(), torch.rand(2).numpy())


@pytest.mark.parametrize("state", ["m.zeros(10, dtype=m.uint8)", "m.zeros(10)", "[1]"])
def test_a_bad_state_is_refused_as_torch(state):
    errors = []
    for m in (pullback, torch):
        with pytest.raises((RuntimeError, TypeError)) as info:
            m.set_rng_state(eval(state, {"m": m}))
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("seed", [2 ** 64, -2 ** 63 - 1])
def test_a_seed_past_64_bits_is_refused_as_torch(seed):
    for m in (pullback, torch):
        with pytest.raises(ValueError, match="Overflow when unpacking long long"):
            m.manual_seed(seed)


def test_data_loader_shuffles_as_torch():
    def shuffles(m):
        m.manual_seed(3)
        ds = m.utils.data.TensorDataset(m.arange(10.0))
        out = []
        for batch_size in (3, 4):
            loader = m.utils.data.DataLoader(ds, batch_size=batch_size, shuffle=True)
            out += [[b[0].tolist() for b in loader] for _ in range(2)]
        g = m.Generator().manual_seed(5)
        out.append([b[0].tolist() for b in m.utils.data.DataLoader(ds, batch_size=4, shuffle=True, generator=g)])
        out.append(list(m.utils.data.RandomSampler(range(7), replacement=True, num_samples=40)))
        out.append(list(m.utils.data.RandomSampler(range(7), num_samples=10)))
        out.append(list(m.utils.data.SubsetRandomSampler([10, 20, 30, 40])))
        out.append([list(s.indices) for s in m.utils.data.random_split(range(10), [3, 7])])
        out.append(m.rand(2).tolist())
        return out
    assert shuffles(pullback) == shuffles(torch)


@pytest.mark.parametrize("bounds", [("float16", -60000, 60000), ("float32", -3e38, 3e38), ("float16", -1e6, -65000),
                                    ("float32", 1, math.nan), ("float64", -math.inf, 0), ("float32", 2, 1)])
def test_uniform_bounds_are_checked_as_torch(bounds):
    dtype, low, high = bounds
    errors = []
    for m in (pullback, torch):
        with pytest.raises(RuntimeError) as info:
            m.empty(3, dtype=getattr(m, dtype)).uniform_(low, high)
        errors.append(str(info.value))
    assert errors[0] == errors[1]


def test_a_seeded_training_script_prints_torchs_numbers():
    """Initial weights, data, dropout masks and the shuffled batches are torch's, so the losses are."""
    def train(m):
        m.manual_seed(0)
        x, y = m.randn(64, 10), m.randint(0, 3, (64,))
        model = m.nn.Sequential(m.nn.Linear(10, 32), m.nn.ReLU(), m.nn.Dropout(0.2), m.nn.Linear(32, 3))
        opt = m.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        loader = m.utils.data.DataLoader(m.utils.data.TensorDataset(x, y), batch_size=16, shuffle=True)
        losses = []
        for _ in range(3):
            for xb, yb in loader:
                opt.zero_grad()
                loss = m.nn.functional.cross_entropy(model(xb), yb)
                loss.backward()
                opt.step()
                losses.append(loss.item())
        return losses
    np.testing.assert_allclose(train(pullback), train(torch), rtol=1e-5)
