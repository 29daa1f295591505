"""torch.optim.swa_utils against torch: averaged weights and buffers, update_bn's statistics, SWALR's schedule."""
import warnings

import numpy as np
import pytest
import torch

import pullback

RNG = np.random.default_rng(11)
BATCHES = [RNG.standard_normal((8, 3)).astype(np.float32) for _ in range(4)]


def make_model(m):
    model = m.nn.Sequential(m.nn.Linear(3, 4), m.nn.BatchNorm1d(4), m.nn.ReLU(), m.nn.Linear(4, 2))
    with m.no_grad():
        for i, p in enumerate(model.parameters()):
            p.copy_(m.tensor(np.random.default_rng(i).standard_normal(tuple(p.shape)).astype(np.float32)))
    return model


def train_and_average(m, averaged_kwargs, steps=4):
    model = make_model(m)
    averaged = m.optim.swa_utils.AveragedModel(model, **averaged_kwargs(m.optim.swa_utils))
    optimizer = m.optim.SGD(model.parameters(), lr=0.1)
    for x in BATCHES[:steps]:
        optimizer.zero_grad()
        model(m.tensor(x)).pow(2).mean().backward()
        optimizer.step()
        averaged.update_parameters(model)
    return averaged


def as_arrays(state):
    return {k: v.detach().numpy().copy() for k, v in state.items()}


AVERAGINGS = {
    "swa": lambda s: {},
    "swa buffers": lambda s: {"use_buffers": True},
    "ema multi": lambda s: {"multi_avg_fn": s.get_ema_multi_avg_fn(0.9)},
    "ema multi buffers": lambda s: {"multi_avg_fn": s.get_ema_multi_avg_fn(0.75), "use_buffers": True},
    "swa multi": lambda s: {"multi_avg_fn": s.get_swa_multi_avg_fn()},
    "ema": lambda s: {"avg_fn": s.get_ema_avg_fn(0.5)},
    "ema buffers": lambda s: {"avg_fn": s.get_ema_avg_fn(0.5), "use_buffers": True},
    "custom": lambda s: {"avg_fn": lambda avg, cur, n: avg * 0.25 + cur * 0.75},
}


@pytest.mark.parametrize("name", list(AVERAGINGS))
def test_averaged_weights_and_buffers_match_torch(name):
    ours = train_and_average(pullback, AVERAGINGS[name])
    theirs = train_and_average(torch, AVERAGINGS[name])
    a, b = as_arrays(ours.state_dict()), as_arrays(theirs.state_dict())
    assert list(a) == list(b)  # module.0.weight, ..., n_averaged
    for key in a:
        assert a[key].dtype == b[key].dtype, key
        np.testing.assert_allclose(a[key], b[key], rtol=1e-6, atol=1e-7, err_msg=key)
    x = BATCHES[0]
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(ours(pullback.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-6)


def test_the_first_update_copies_and_the_model_is_a_copy():
    model = make_model(pullback)
    averaged = pullback.optim.swa_utils.AveragedModel(model)
    assert averaged.module is not model and averaged.n_averaged.item() == 0
    assert averaged.n_averaged.dtype == pullback.int64
    with pullback.no_grad():
        model[0].weight.add_(1.0)
    averaged.update_parameters(model)
    assert averaged.n_averaged.item() == 1
    np.testing.assert_array_equal(averaged.module[0].weight.detach().numpy(), model[0].weight.detach().numpy())
    assert averaged.module[0].weight is not model[0].weight


def test_update_bn_matches_torch():
    stats = []
    for m in (pullback, torch):
        model = make_model(m)
        model[1].momentum = 0.3
        loader = [m.tensor(x) for x in BATCHES[:2]] + [(m.tensor(x), m.tensor(0)) for x in BATCHES[2:]]
        model.eval()
        m.optim.swa_utils.update_bn(loader, model)
        bn = model[1]
        assert not model.training and bn.momentum == 0.3
        stats.append([bn.running_mean.numpy().copy(), bn.running_var.numpy().copy(), bn.num_batches_tracked.item()])
    np.testing.assert_allclose(stats[0][0], stats[1][0], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(stats[0][1], stats[1][1], rtol=1e-5)
    assert stats[0][2] == stats[1][2] == 4


def test_update_bn_without_batch_norm_leaves_the_model_alone():
    model = pullback.nn.Linear(3, 2)
    model.eval()
    pullback.optim.swa_utils.update_bn([pullback.ones(1, 3)], model)
    assert not model.training


def swalr_trajectory(m, kwargs, steps=14):
    a, b = m.zeros(2, requires_grad=True), m.zeros(3, requires_grad=True)
    optimizer = m.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
    scheduler = m.optim.swa_utils.SWALR(optimizer, **kwargs)
    lrs = [scheduler.get_last_lr()]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        lrs.append(scheduler.get_last_lr())
    return np.array(lrs), scheduler


@pytest.mark.parametrize("kwargs", [dict(swa_lr=0.05), dict(swa_lr=[0.01, 0.2], anneal_epochs=4),
                                    dict(swa_lr=0.02, anneal_epochs=5, anneal_strategy="linear"),
                                    dict(swa_lr=0.3, anneal_epochs=0)])
def test_swalr_schedule_matches_torch(kwargs):
    ours, scheduler = swalr_trajectory(pullback, kwargs)
    theirs, torch_scheduler = swalr_trajectory(torch, kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert sorted(scheduler.state_dict()) == sorted(torch_scheduler.state_dict())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scheduler.get_lr()
    assert "get_last_lr()" in str(caught[0].message)


def test_swalr_state_dict_restores_the_annealing_function():
    _, scheduler = swalr_trajectory(pullback, dict(swa_lr=0.05, anneal_strategy="linear"), steps=3)
    state = scheduler.state_dict()
    assert "anneal_func" not in state and "optimizer" not in state
    _, fresh = swalr_trajectory(pullback, dict(swa_lr=0.05), steps=0)
    fresh.load_state_dict(state)
    assert fresh.anneal_func is fresh._linear_anneal and fresh._step_count == scheduler._step_count


ERRORS = [
    (lambda m, model, o: m.optim.swa_utils.get_ema_multi_avg_fn(1.5), ValueError, "Invalid decay value 1.5"),
    (lambda m, model, o: m.optim.swa_utils.get_ema_avg_fn(-0.1), ValueError, "Please provide a value in \\[0,1\\]"),
    (lambda m, model, o: m.optim.swa_utils.AveragedModel(model, avg_fn=lambda *a: a[0],
                                                         multi_avg_fn=lambda *a: None),
     AssertionError, "Only one of avg_fn and multi_avg_fn"),
    (lambda m, model, o: m.optim.swa_utils.SWALR(o, 0.1, anneal_strategy="step"), ValueError,
     "anneal_strategy must be one of 'cos' or 'linear', instead got step"),
    (lambda m, model, o: m.optim.swa_utils.SWALR(o, 0.1, anneal_epochs=-1), ValueError,
     "anneal_epochs must be equal or greater than 0, got -1"),
    (lambda m, model, o: m.optim.swa_utils.SWALR(o, 0.1, anneal_epochs=2.0), ValueError, "got 2.0"),
    (lambda m, model, o: m.optim.swa_utils.SWALR(o, [0.1, 0.2]), ValueError,
     "swa_lr must have the same length as optimizer.param_groups. swa_lr has 2 values, param_groups has 1."),
]


@pytest.mark.parametrize("build,exc,phrase", ERRORS)
def test_errors_match_torch(build, exc, phrase):
    for m in (pullback, torch):
        model = m.nn.Linear(2, 2)
        optimizer = m.optim.SGD(model.parameters(), lr=0.1)
        with pytest.raises(exc, match=phrase):
            build(m, model, optimizer)
