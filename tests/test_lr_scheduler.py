"""Learning-rate schedules against torch: the lr of every group after every step."""
import warnings

import numpy as np
import pytest
import torch

import pullback

EPOCHS = 25
METRICS = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1] * 2


def make_optimizer(m, opt="SGD"):
    a, b = m.zeros(2, requires_grad=True), m.zeros(3, requires_grad=True)
    kwargs = dict(momentum=0.9) if opt == "SGD" else {}
    return getattr(m.optim, opt)([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, **kwargs)


def lr_trajectory(m, build, opt="SGD", metrics=None, epochs=EPOCHS):
    optimizer = make_optimizer(m, opt)
    scheduler = build(m.optim.lr_scheduler, optimizer)
    lrs = [scheduler.get_last_lr()]
    momenta = []
    for epoch in range(epochs):
        optimizer.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[epoch])
        lrs.append(scheduler.get_last_lr())
        momenta.append([g.get("momentum", g.get("betas", (None,))[0]) for g in optimizer.param_groups])
    return np.array(lrs, dtype=float), momenta


SCHEDULES = {
    "step": lambda s, o: s.StepLR(o, step_size=3, gamma=0.5),
    "multistep": lambda s, o: s.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3),
    "exponential": lambda s, o: s.ExponentialLR(o, gamma=0.9),
    "cosine": lambda s, o: s.CosineAnnealingLR(o, T_max=7, eta_min=0.01),
    "warm_restarts": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001),
    "lambda": lambda s, o: s.LambdaLR(o, lr_lambda=lambda e: 1 / (e + 1)),
    "lambdas": lambda s, o: s.LambdaLR(o, lr_lambda=[lambda e: 0.9 ** e, lambda e: e % 3 + 1]),
    "linear": lambda s, o: s.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=6),
    "onecycle": lambda s, o: s.OneCycleLR(o, max_lr=[1.0, 2.0], total_steps=EPOCHS),
    "onecycle_3phase": lambda s, o: s.OneCycleLR(o, max_lr=1.0, epochs=5, steps_per_epoch=5, three_phase=True,
                                                 anneal_strategy="linear"),
    "multiplicative": lambda s, o: s.MultiplicativeLR(o, lr_lambda=lambda e: 0.95 if e % 2 else 1.0),
    "constant": lambda s, o: s.ConstantLR(o, factor=0.5, total_iters=4),
    "polynomial": lambda s, o: s.PolynomialLR(o, total_iters=10, power=2.0),
    "chained": lambda s, o: s.ChainedScheduler([s.ConstantLR(o, 0.1, total_iters=3), s.ExponentialLR(o, 0.9)]),
    "cyclic": lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=3, step_size_down=5),
    "cyclic_triangular2": lambda s, o: s.CyclicLR(o, 0.01, 0.1, step_size_up=2, mode="triangular2"),
    "cyclic_exp_range": lambda s, o: s.CyclicLR(o, 0.01, 0.1, step_size_up=4, mode="exp_range", gamma=0.9),
    "cyclic_custom": lambda s, o: s.CyclicLR(o, 0.01, 0.1, step_size_up=3, scale_fn=lambda x: 0.8 ** x,
                                             scale_mode="iterations"),
    "sequential": lambda s, o: s.SequentialLR(o, [s.LinearLR(o, 0.1, total_iters=4), s.ExponentialLR(o, 0.8),
                                                  s.StepLR(o, 2)], milestones=[5, 12]),
}


@pytest.mark.parametrize("name", sorted(SCHEDULES))
@pytest.mark.parametrize("opt", ["SGD", "Adam"])
def test_schedule_matches_torch(name, opt):
    ours, momenta_ours = lr_trajectory(pullback, SCHEDULES[name], opt)
    theirs, momenta_theirs = lr_trajectory(torch, SCHEDULES[name], opt)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    np.testing.assert_allclose(np.array(momenta_ours, float), np.array(momenta_theirs, float), rtol=1e-12)


@pytest.mark.parametrize("kwargs", [dict(patience=2), dict(mode="max", factor=0.5, patience=1, cooldown=2),
                                    dict(threshold_mode="abs", threshold=0.05, patience=0, min_lr=[0.02, 0.1])])
def test_reduce_on_plateau_matches_torch(kwargs):
    build = lambda s, o: s.ReduceLROnPlateau(o, **kwargs)  # noqa: E731
    ours, _ = lr_trajectory(pullback, build, metrics=METRICS)
    theirs, _ = lr_trajectory(torch, build, metrics=METRICS)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_two_schedulers_compose_on_one_optimizer():
    def run(m):
        optimizer = make_optimizer(m)
        s1 = m.optim.lr_scheduler.ExponentialLR(optimizer, 0.9)
        s2 = m.optim.lr_scheduler.MultiStepLR(optimizer, [3, 6])
        out = []
        for _ in range(8):
            optimizer.step()
            s1.step()
            s2.step()
            out.append(s2.get_last_lr())
        return np.array(out)
    np.testing.assert_allclose(run(pullback), run(torch), rtol=1e-12)


@pytest.mark.parametrize("name", ["step", "multistep", "exponential", "cosine", "linear", "constant", "polynomial"])
def test_explicit_epoch_uses_the_closed_form(name):
    results = []
    for m in (pullback, torch):
        optimizer = make_optimizer(m)
        scheduler = SCHEDULES[name](m.optim.lr_scheduler, optimizer)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results.append([(scheduler.step(e), scheduler.get_last_lr())[1] for e in (4, 2, 9)])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)


def test_state_dict_round_trip_resumes_schedule():
    optimizer = make_optimizer(pullback)
    scheduler = pullback.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=10)
    for _ in range(4):
        optimizer.step()
        scheduler.step()
    state = scheduler.state_dict()
    assert "optimizer" not in state and state["last_epoch"] == 4
    expected = []
    for _ in range(3):
        scheduler.step()
        expected.append(scheduler.get_last_lr())
    fresh_opt = make_optimizer(pullback)
    fresh = pullback.optim.lr_scheduler.CosineAnnealingLR(fresh_opt, T_max=10)
    fresh.load_state_dict(state)
    for group, lr in zip(fresh_opt.param_groups, state["_last_lr"]):
        group["lr"] = lr
    got = []
    for _ in range(3):
        fresh.step()
        got.append(fresh.get_last_lr())
    np.testing.assert_allclose(got, expected, rtol=1e-12)


ERRORS = [
    (lambda s, o: s.StepLR(object(), 2), TypeError, "is not an Optimizer"),
    (lambda s, o: s.LinearLR(o, start_factor=0), ValueError, "Starting multiplicative factor"),
    (lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=0), ValueError, "Expected positive integer T_0"),
    (lambda s, o: s.OneCycleLR(o, max_lr=1.0), ValueError, "You must define either total_steps"),
    (lambda s, o: s.ReduceLROnPlateau(o, factor=1.0), ValueError, "Factor should be < 1.0"),
    (lambda s, o: s.LambdaLR(o, [lambda e: 1]), ValueError, "Expected 2 lr_lambdas"),
    (lambda s, o: s.SequentialLR(o, [s.StepLR(o, 2)], milestones=[3]), ValueError, "one more than the number"),
    (lambda s, o: s.StepLR(o, 2, last_epoch=3), KeyError, "when resuming scheduler with last_epoch >= 0"),
]


@pytest.mark.parametrize("build, exc, phrase", ERRORS)
def test_errors_match_torch(build, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc, match=phrase):
            build(m.optim.lr_scheduler, make_optimizer(m))


def test_onecycle_refuses_stepping_past_total_steps():
    for m in (pullback, torch):
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=2)
        optimizer.step()
        scheduler.step()
        scheduler.step()
        with pytest.raises(ValueError, match="Tried to step 3 times"):
            scheduler.step()


def test_stepping_the_scheduler_before_the_optimizer_warns_like_torch():
    for m in (pullback, torch):
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.StepLR(optimizer, 2)
        with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
            scheduler.step()
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.StepLR(optimizer, 2)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            optimizer.step()
            scheduler.step()


def test_warm_restarts_with_fractional_epochs_matches_torch():
    """The documented per-batch use: scheduler.step(epoch + i / iters)."""
    def run(m):
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer, T_0=4, T_mult=2, eta_min=0.01)
        out = []
        for epoch in range(12):
            for i in range(5):
                optimizer.step()
                scheduler.step(epoch + i / 5)
                out.append(scheduler.get_last_lr() + [scheduler.T_cur, scheduler.T_i])
        for epoch in (2.5, 0, 7, 30):  # jumping back and forth
            scheduler.step(epoch)
            out.append(scheduler.get_last_lr() + [scheduler.T_cur, scheduler.T_i])
        return np.array(out, float)
    np.testing.assert_allclose(run(pullback), run(torch), rtol=1e-12)


@pytest.mark.parametrize("opt", ["RMSprop", "AdamW", "NAdam"])
def test_onecycle_cycles_each_optimizers_momentum_as_torch(opt):
    kwargs = dict(momentum=0.9) if opt == "RMSprop" else {}

    def run(m):
        a = m.zeros(2, requires_grad=True)
        optimizer = getattr(m.optim, opt)([a], lr=0.1, **kwargs)
        scheduler = m.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=20, three_phase=True,
                                                    base_momentum=0.8, max_momentum=0.95)
        out = []
        for _ in range(20):
            optimizer.step()
            scheduler.step()
            group = optimizer.param_groups[0]
            out.append(scheduler.get_last_lr() + [group.get("momentum", group.get("betas", (0.0,))[0])])
        return np.array(out, float)
    np.testing.assert_allclose(run(pullback), run(torch), rtol=1e-12)


@pytest.mark.parametrize("min_lr", [0.01, [0.0, 0.01]])
def test_reduce_on_plateau_after_a_param_group_is_added(min_lr):
    """A scalar min_lr extends to the new group; a per-group list cannot, and torch says so."""
    results = []
    for m in (pullback, torch):
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=0, min_lr=min_lr)
        optimizer.add_param_group({"params": [m.zeros(1, requires_grad=True)], "lr": 0.2})
        try:
            for value in (1.0, 2.0, 3.0):
                scheduler.step(value)
            results.append((scheduler.get_last_lr(), scheduler.min_lrs))
        except RuntimeError as e:
            results.append(str(e))
    assert results[0] == results[1]


def _stepped(m, name):
    optimizer = make_optimizer(m)
    scheduler = SCHEDULES[name](m.optim.lr_scheduler, optimizer)
    optimizer.step()
    scheduler.step()
    return scheduler


@pytest.mark.parametrize("name", sorted(SCHEDULES))
def test_state_dict_keys_and_get_lr_warning_match_torch(name):
    outcomes = []
    for m in (pullback, torch):
        scheduler = _stepped(m, name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:  # outside step(): torch's schedules warn that get_last_lr() is the latest lr
                scheduler.get_lr()
                refused = None
            except NotImplementedError:  # the schedulers of schedulers have none
                refused = NotImplementedError
        outcomes.append((sorted(scheduler.state_dict()), [str(w.message) for w in caught], refused))
    assert outcomes[0] == outcomes[1]


def test_a_tensor_lr_is_updated_in_place_and_never_aliased():
    results = []
    for m in (pullback, torch):
        p = m.zeros(2, requires_grad=True)
        optimizer = m.optim.Adam([p], lr=m.tensor(0.1))
        lr = optimizer.param_groups[0]["lr"]
        scheduler = m.optim.lr_scheduler.StepLR(optimizer, 1, gamma=0.5)
        for _ in range(2):
            p.grad = m.ones(2)
            optimizer.step()
            scheduler.step()
        last = scheduler.get_last_lr()[0]
        group = optimizer.param_groups[0]
        assert group["lr"] is lr and last is not lr and group["initial_lr"] is not lr
        results.append((lr.item(), last.item(), group["initial_lr"].item(), p.tolist()))
    assert results[0] == results[1]


def test_an_optimizer_step_replaced_after_the_scheduler_warns_like_torch():
    for m in (pullback, torch):
        optimizer = make_optimizer(m)
        scheduler = m.optim.lr_scheduler.StepLR(optimizer, 2)
        optimizer.step = lambda: None
        with pytest.warns(UserWarning, match="has been overridden after learning rate scheduler"):
            scheduler.step()
        assert issubclass(m.optim.lr_scheduler._LRScheduler, m.optim.lr_scheduler.LRScheduler)
