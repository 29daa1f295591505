"""Optimizers against torch: the same parameters and loss in both libraries, compared after every step."""
import copy

import numpy as np
import pytest
import torch

import pullback

STEPS = 12
RNG = np.random.default_rng(5)
INIT = [RNG.standard_normal(3), RNG.standard_normal((2, 2))]


def loss_fn(m, params):
    """A smooth non-quadratic loss written with ops both libraries share."""
    a, b = params
    return ((a - 0.5) ** 2 * m.tensor([1.0, 2.0, 3.0], dtype=a.dtype)).sum() + (b.sin() * b).sum() + (a[0] * b).sum()


def bounded_loss(m, params):
    """A loss with a minimum (a double well in b), for methods that search along a direction."""
    a, b = params
    return ((a - 0.5) ** 2).sum() + ((b ** 2 - 1) ** 2).sum() + 0.1 * (a[0] * b).sum()


def make_params(m, dtype):
    return [m.tensor(x.astype(dtype), requires_grad=True) for x in INIT]


def trajectory(m, opt_name, kwargs, dtype=np.float64, groups=False, steps=STEPS):
    params = make_params(m, dtype)
    spec = [{"params": [params[0]]}, {"params": [params[1]], "lr": 0.05}] if groups else params
    opt = getattr(m.optim, opt_name)(spec, **kwargs)
    out = []
    for _ in range(steps):
        opt.zero_grad()
        loss_fn(m, params).backward()
        opt.step()
        out.append([p.detach().numpy().copy() for p in params])
    return out, opt


CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.1, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.5, dampening=0.5, maximize=True)),
    ("Adam", dict(lr=0.1)),
    ("Adam", dict(lr=0.1, amsgrad=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.1, maximize=True, betas=(0.8, 0.9), decoupled_weight_decay=True, weight_decay=0.1)),
    ("AdamW", dict(lr=0.1)),
    ("AdamW", dict(lr=0.1, amsgrad=True, weight_decay=0.5)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9, weight_decay=0.1)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5)),
    ("Adadelta", dict(lr=1.0)),
    ("Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.1, maximize=True)),
    ("Adamax", dict(lr=0.1)),
    ("Adamax", dict(lr=0.1, weight_decay=0.1)),
    ("NAdam", dict(lr=0.1)),
    ("NAdam", dict(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True, momentum_decay=0.01)),
    ("RAdam", dict(lr=0.1)),
    ("RAdam", dict(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True)),
    ("Rprop", dict(lr=0.01)),
    ("Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2), maximize=True)),
    ("ASGD", dict(lr=0.05)),
    ("ASGD", dict(lr=0.05, lambd=0.01, alpha=0.5, t0=4, weight_decay=0.1)),
    ("Adafactor", dict(lr=0.1)),
    ("Adafactor", dict(lr=0.1, beta2_decay=-0.5, eps=(1e-4, 1e-2), d=1.5, weight_decay=0.1, maximize=True)),
]


@pytest.mark.parametrize("name, kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_trajectory_matches_torch_step_by_step(name, kwargs):
    ours, _ = trajectory(pullback, name, kwargs)
    theirs, _ = trajectory(torch, name, kwargs)
    for step, (a, b) in enumerate(zip(ours, theirs)):
        for x, y in zip(a, b):
            np.testing.assert_allclose(x, y, rtol=1e-10, atol=1e-12, err_msg=f"{name} step {step}")


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
def test_float32_trajectory_and_per_group_options(name):
    kwargs = dict(lr=0.1, momentum=0.9) if name != "Adam" else dict(lr=0.1)
    ours, _ = trajectory(pullback, name, kwargs, dtype=np.float32, groups=True)
    theirs, _ = trajectory(torch, name, kwargs, dtype=np.float32, groups=True)
    for a, b in zip(ours, theirs):
        for x, y in zip(a, b):
            assert x.dtype == np.float32
            np.testing.assert_allclose(x, y, rtol=1e-5, atol=1e-6)


def _state_summary(state_dict):
    state = {i: {k: np.asarray(v.detach().numpy() if hasattr(v, "detach") else v) for k, v in s.items()}
             for i, s in state_dict["state"].items()}
    return state, state_dict["param_groups"]


@pytest.mark.parametrize("name, kwargs", [("SGD", dict(lr=0.1, momentum=0.9)), ("Adam", dict(lr=0.1, amsgrad=True)),
                                          ("RMSprop", dict(centered=True, momentum=0.5)), ("NAdam", {}),
                                          ("Adagrad", {}), ("Adadelta", {}), ("Adamax", {}), ("RAdam", {}),
                                          ("Rprop", {}), ("ASGD", dict(t0=1)), ("Adafactor", {})])
def test_state_dict_format_matches_torch(name, kwargs):
    _, ours = trajectory(pullback, name, kwargs, groups=True, steps=2)
    _, theirs = trajectory(torch, name, kwargs, groups=True, steps=2)
    s_ours, g_ours = _state_summary(ours.state_dict())
    s_theirs, g_theirs = _state_summary(theirs.state_dict())
    assert g_ours == g_theirs
    assert list(s_ours) == list(s_theirs)
    for i in s_ours:
        assert list(s_ours[i]) == list(s_theirs[i])
        for k in s_ours[i]:
            np.testing.assert_allclose(s_ours[i][k], s_theirs[i][k], rtol=1e-10, err_msg=k)
    assert repr(ours) == repr(theirs)


def test_load_state_dict_resumes_the_same_trajectory():
    full, _ = trajectory(pullback, "Adam", dict(lr=0.1), steps=6)
    params = make_params(pullback, np.float64)
    opt = pullback.optim.Adam(params, lr=0.1)
    for _ in range(3):
        opt.zero_grad()
        loss_fn(pullback, params).backward()
        opt.step()
    saved = copy.deepcopy(opt.state_dict())
    resumed = pullback.optim.Adam(params, lr=0.5)
    resumed.load_state_dict(saved)
    assert resumed.param_groups[0]["lr"] == 0.1 and resumed.param_groups[0]["params"][0] is params[0]
    for _ in range(3):
        resumed.zero_grad()
        loss_fn(pullback, params).backward()
        resumed.step()
    for x, y in zip(params, full[-1]):
        np.testing.assert_array_equal(x.detach().numpy(), y)


@pytest.mark.parametrize("kwargs", [dict(lr=0.5, max_iter=5, history_size=3),
                                    dict(lr=1, max_iter=6, history_size=4, line_search_fn="strong_wolfe")])
def test_lbfgs_matches_torch(kwargs):
    results = []
    for m in (pullback, torch):
        params = make_params(m, np.float64)
        opt = m.optim.LBFGS(params, **kwargs)
        losses = []

        def closure():
            opt.zero_grad()
            loss = bounded_loss(m, params)
            loss.backward()
            return loss

        for _ in range(3):
            losses.append(opt.step(closure).item())
        results.append((losses, [p.detach().numpy().copy() for p in params], opt.state[params[0]]["func_evals"]))
    (l1, p1, e1), (l2, p2, e2) = results
    np.testing.assert_allclose(l1, l2, rtol=1e-9)
    for a, b in zip(p1, p2):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)
    assert e1 == e2


def test_step_with_closure_returns_loss_and_zero_grad_modes():
    for m in (pullback, torch):
        p = m.tensor([1.0, 2.0], requires_grad=True)
        opt = m.optim.SGD([p], lr=0.1)

        def closure():
            opt.zero_grad()
            loss = (p ** 2).sum()
            loss.backward()
            return loss

        assert opt.step(closure).item() == 5.0
        assert np.allclose(p.detach().numpy(), [0.8, 1.6])
        opt.zero_grad(set_to_none=False)
        assert p.grad is not None and not p.grad.numpy().any()
        opt.zero_grad()
        assert p.grad is None


def test_add_param_group_and_defaults():
    for m in (pullback, torch):
        a, b = m.zeros(2, requires_grad=True), m.zeros(3, requires_grad=True)
        opt = m.optim.SGD([a], lr=0.1, momentum=0.9)
        opt.add_param_group({"params": b, "lr": 0.01})
        assert opt.param_groups[1]["lr"] == 0.01 and opt.param_groups[1]["momentum"] == 0.9
        with pytest.raises(ValueError, match="more than one parameter group"):
            opt.add_param_group({"params": [a]})


ERRORS = [
    (lambda m, p: m.optim.SGD(p, lr=-1), ValueError, "Invalid learning rate"),
    (lambda m, p: m.optim.SGD(p, lr=0.1, nesterov=True), ValueError, "Nesterov momentum requires"),
    (lambda m, p: m.optim.Adam(p, betas=(1.0, 0.9)), ValueError, "Invalid beta parameter at index 0"),
    (lambda m, p: m.optim.Adam(p, eps=-1), ValueError, "Invalid epsilon value"),
    (lambda m, p: m.optim.RMSprop(p, momentum=-1), ValueError, "Invalid momentum value"),
    (lambda m, p: m.optim.AdamW(p, weight_decay=-1), ValueError, "Invalid weight_decay value"),
    (lambda m, p: m.optim.Rprop(p, etas=(1.5, 1.2)), ValueError, "Invalid eta values"),
    (lambda m, p: m.optim.Adam([]), ValueError, "empty parameter list"),
    (lambda m, p: m.optim.Adam(p[0]), TypeError, "should be an iterable of Tensors or dicts"),
    (lambda m, p: m.optim.Adam([{"params": {p[0], p[1]}}]), TypeError, "ordered collections"),
    (lambda m, p: m.optim.Adam([p[0] * 2]), ValueError, "can't optimize a non-leaf Tensor"),
    (lambda m, p: m.optim.Adam(p).load_state_dict({"state": {}, "param_groups": []}), ValueError,
     "different number of parameter groups"),
    (lambda m, p: m.optim.Adam(p).load_state_dict(m.optim.Adam(p[:1]).state_dict()), ValueError,
     "doesn't match the size"),
]


@pytest.mark.parametrize("build, exc, phrase", ERRORS)
def test_errors_match_torch(build, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc, match=phrase):
            build(m, make_params(m, np.float32))


def test_step_hooks_match_torch():
    logs = []
    for m in (pullback, torch):
        log = []
        p = m.tensor([1.0, 2.0], requires_grad=True)
        opt = m.optim.Adam([p], lr=0.1)

        def closure():
            opt.zero_grad()
            loss = (p ** 2).sum()
            loss.backward()
            log.append("closure")
            return loss

        pre = opt.register_step_pre_hook(lambda o, args, kwargs: log.append(("pre", len(args), sorted(kwargs))))
        opt.register_step_post_hook(lambda o, args, kwargs: log.append(("post", type(o).__name__)))
        opt.step(closure)
        pre.remove()
        opt.step(closure=closure)
        opt.register_step_pre_hook(lambda o, args, kwargs: "bad")
        with pytest.raises(RuntimeError, match="must return None or a tuple"):
            opt.step(closure)
        logs.append(log)
    assert logs[0] == logs[1]


def _lbfgs_float32_story(m):
    x = m.tensor(np.array([-1.2, 1.0, 0.5], np.float32), requires_grad=True)
    opt = m.optim.LBFGS([x], lr=1, max_iter=4, history_size=3, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = ((x - 1) ** 2).sum() + (x[0] * x[1]) ** 2
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(3)]
    state = opt.state[x]
    kinds = {k: type(v).__name__ if not isinstance(v, (m.Tensor, list)) else
             ("tensor", str(v.dtype), tuple(v.shape)) if isinstance(v, m.Tensor) else
             ("list", [type(e).__name__ for e in v]) for k, v in state.items()}
    return losses, x.detach().numpy().copy(), state["func_evals"], state["n_iter"], kinds


def test_lbfgs_strong_wolfe_float32_follows_torch():
    """float32 parameters: torch keeps ys, ro, H_diag, al and the directional derivatives as float32
    tensors, so its step sizes are float32 arithmetic; pullback's state holds the same kinds of values."""
    (l1, x1, e1, n1, k1), (l2, x2, e2, n2, k2) = _lbfgs_float32_story(pullback), _lbfgs_float32_story(torch)
    np.testing.assert_allclose(l1, l2, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(x1, x2, rtol=1e-5, atol=1e-6)
    assert (e1, n1) == (e2, n2)
    assert k1 == k2


W0, X0 = RNG.standard_normal((5, 3)), RNG.standard_normal((7, 5))


def muon_trajectory(m, kwargs, dtype, steps=10):
    """Muon takes 2-d parameters only: a (5, 3) weight under a sine loss, and a (3, 5) one."""
    params = [m.tensor(W0.astype(dtype), requires_grad=True), m.tensor(W0.T.astype(dtype), requires_grad=True)]
    opt = m.optim.Muon(params, **kwargs)
    x = m.tensor(X0.astype(dtype))
    out = []
    for _ in range(steps):
        opt.zero_grad()
        ((x @ params[0]).sin().sum() + (params[1] @ params[0]).cos().sum()).backward()
        opt.step()
        out.append([p.detach().numpy().copy() for p in params])
    return out, opt


@pytest.mark.parametrize("kwargs", [dict(lr=0.05), dict(lr=0.05, nesterov=False, weight_decay=0.0,
                                                        adjust_lr_fn="match_rms_adamw"),
                                    dict(lr=0.02, momentum=0.5, ns_steps=3, ns_coefficients=(2.0, -1.5, 0.5))])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_muon_matches_torch(kwargs, dtype):
    # the orthogonalization runs in bfloat16 in torch; pullback rounds to bfloat16 as it goes, to the same bits
    ours, opt = muon_trajectory(pullback, kwargs, dtype)
    theirs, topt = muon_trajectory(torch, kwargs, dtype)
    for a, b in zip(ours, theirs):
        for x, y in zip(a, b):
            assert x.dtype == dtype
            np.testing.assert_allclose(x, y, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-7)
    s_ours, g_ours = _state_summary(opt.state_dict())
    s_theirs, g_theirs = _state_summary(topt.state_dict())
    assert g_ours == g_theirs and list(s_ours[0]) == list(s_theirs[0])


@pytest.mark.parametrize("make, phrase", [
    (lambda m, p: m.optim.Adafactor([p], lr=-1), "Learning rate should be >= 0"),
    (lambda m, p: m.optim.Adafactor([p], beta2_decay=0.5), "beta2_decay should be <= 0"),
    (lambda m, p: m.optim.Adafactor([p], eps=(-1.0, 1e-3)), "epsilon1 should be >= 0"),
    (lambda m, p: m.optim.Adafactor([p], d=0.5), "Clipping threshold d should be >= 1"),
    (lambda m, p: m.optim.Muon([p], momentum=-0.1), "momentum should be >= 0"),
    (lambda m, p: m.optim.Muon([p], adjust_lr_fn="other"), "Adjust learning rate function other is not supported"),
    (lambda m, p: m.optim.Muon([m.ones(3, requires_grad=True)]), "Muon only supports 2D parameters"),
])
def test_adafactor_and_muon_argument_errors(make, phrase):
    for m in (pullback, torch):
        with pytest.raises(ValueError, match=phrase):
            make(m, m.ones(2, 2, requires_grad=True))


def _global_step_hooks(m):
    import importlib
    opt_mod = importlib.import_module(m.__name__ + ".optim.optimizer")
    seen = []
    p = m.nn.Parameter(m.ones(2))
    opt = m.optim.SGD([p], lr=0.5)
    opt.register_step_pre_hook(lambda o, a, k: seen.append("own pre"))
    opt.register_step_post_hook(lambda o, a, k: seen.append("own post"))
    pre = opt_mod.register_optimizer_step_pre_hook(lambda o, a, k: seen.append(("global pre", type(o).__name__)))
    post = opt_mod.register_optimizer_step_post_hook(lambda o, a, k: seen.append("global post"))
    p.grad = m.ones(2)
    with m.profiler.profile() as prof:
        opt.step()
        opt.zero_grad()
    pre.remove()
    post.remove()
    opt.step()  # removed: only the optimizer's own hooks
    names = [e.name for e in prof.events() if e.name.startswith("Optimizer.")]
    return seen, names, repr(opt_mod.required), p.tolist()


def test_global_step_hooks_required_and_profiler_ranges_match_torch():
    assert _global_step_hooks(pullback) == _global_step_hooks(torch)
