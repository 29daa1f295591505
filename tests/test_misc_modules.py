"""torch.random, torch.utils.data's StackDataset/ChainDataset, torch.nn.attention, torch.amp and
torch.autograd.graph's multi-grad hooks, each run against real torch."""
import warnings

import numpy as np
import pytest
import torch

import pullback


def both(fn):
    """fn(torch) and fn(pullback): the two results, to be compared by the caller."""
    return fn(torch), fn(pullback)


def same_error(fn, phrase):
    """fn(m) raises the same exception class for torch and pullback, both messages containing phrase."""
    excs = []
    for m in (torch, pullback):
        with pytest.raises(Exception) as info:
            fn(m)
        excs.append(info.value)
    assert type(excs[0]).__name__ == type(excs[1]).__name__, excs
    assert phrase in str(excs[0]), f"torch's message changed: {excs[0]}"
    assert phrase in str(excs[1]), f"pullback's message lacks {phrase!r}: {excs[1]}"


def plain(x):
    """A result with tensors turned into lists, so torch's and pullback's results compare with ==."""
    if isinstance(x, (torch.Tensor, pullback.Tensor)):
        return x.tolist()
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(plain(v) for v in x)
    return x


def close(a, b, rtol=1e-5):
    """a and b equal in structure, exactly in everything but floats, floats to rtol (nan equal to nan)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b) or abs(a - b) <= rtol * max(abs(a), abs(b))
    if isinstance(a, (list, tuple)) and type(a) is type(b) and len(a) == len(b):
        return all(close(x, y, rtol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys():
        return all(close(a[k], b[k], rtol) for k in a)
    return a == b


# ------------------------------------------------------------------ torch.random
def test_random_exports_are_the_global_generator_functions():
    import pullback.random as r
    assert sorted(r.__all__) == sorted(torch.random.__all__)
    for name in ("manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state"):
        assert getattr(r, name) is getattr(pullback, name)
    assert r.default_generator is pullback.default_generator
    assert r.thread_safe_generator() is None and torch.random.thread_safe_generator() is None


@pytest.mark.parametrize("kwargs", [{}, {"devices": []}, {"device_type": "cuda"}, {"device_type": "meta"}])
def test_fork_rng_restores_the_generator(kwargs):
    def run(m):
        m.random.manual_seed(3)
        with m.random.fork_rng(**kwargs):
            inside = m.rand(4).tolist()
        after = m.rand(4).tolist()
        m.random.manual_seed(3)
        fresh = m.rand(4).tolist()
        return inside == fresh, after == fresh, m.random.initial_seed()
    th, pb = both(run)
    assert th == pb
    assert pb[1] == (kwargs.get("device_type") != "meta")


def test_fork_rng_disabled_does_not_restore():
    def run(m):
        m.random.manual_seed(5)
        with m.random.fork_rng(enabled=False):
            m.rand(3)
        after = m.rand(3).tolist()
        m.random.manual_seed(5)
        return after == m.rand(3).tolist()
    assert both(run) == (False, False)


def test_fork_rng_restores_on_exception():
    def run(m):
        m.manual_seed(1)
        state = m.get_rng_state()
        with pytest.raises(KeyError):
            with m.random.fork_rng():
                m.rand(5)
                raise KeyError
        return bool((m.get_rng_state() == state).all())
    assert both(run) == (True, True)


def test_fork_rng_errors():
    def enter(**kwargs):
        def fn(m):
            with m.random.fork_rng(**kwargs):
                pass
        return fn
    same_error(enter(devices=[0]), "Torch not compiled with CUDA enabled")
    same_error(enter(device_type="foo"), "device type at start of device string: foo")


# ------------------------------------------------------------------ torch.utils.data
def test_stack_dataset_tuple_and_dict():
    def run(m):
        D = m.utils.data
        a, b = m.arange(6.).reshape(3, 2), m.arange(3)
        t = D.StackDataset(D.TensorDataset(a), b)
        d = D.StackDataset(x=a, y=[10, 20, 30])
        return (len(t), plain(t[1]), plain(t.__getitems__([2, 0])), len(d), plain(d[2]),
                plain(d.__getitems__([0, 1])), plain(list(D.DataLoader(d, batch_size=2))))
    th, pb = both(run)
    assert th == pb


class _ItemsDataset:
    def __init__(self, n, short=False):
        self.n, self.short = n, short

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return -i

    def __getitems__(self, indices):
        return [i * 100 for i in indices][: len(indices) - self.short]


def test_stack_dataset_uses_nested_getitems():
    def run(m):
        s = m.utils.data.StackDataset(_ItemsDataset(4), list(range(4)))
        k = m.utils.data.StackDataset(a=_ItemsDataset(4), b=list("wxyz"))
        return s.__getitems__([3, 1]), k.__getitems__([0, 2]), s[3]
    th, pb = both(run)
    assert th == pb


def test_stack_dataset_errors():
    same_error(lambda m: m.utils.data.StackDataset([1], b=[2]), "but both types are given")
    same_error(lambda m: m.utils.data.StackDataset(), "At least one dataset should be passed")
    same_error(lambda m: m.utils.data.StackDataset([1, 2], [3]), "Size mismatch between datasets")
    same_error(lambda m: m.utils.data.StackDataset(a=[1, 2], b=[3]), "Size mismatch between datasets")
    same_error(lambda m: m.utils.data.StackDataset(_ItemsDataset(3, short=True)).__getitems__([0, 1]),
               "Nested dataset's output size mismatch. Expected 2, got 1")


def _stream(m, values):
    class Stream(m.utils.data.IterableDataset):
        def __iter__(self):
            return iter(values)

        def __len__(self):
            return len(values)
    return Stream()


def test_chain_dataset():
    def run(m):
        D = m.utils.data
        c = D.ChainDataset([_stream(m, [1, 2]), _stream(m, [3])])
        added = _stream(m, [4]) + _stream(m, [5, 6])
        return list(c), len(c), type(added).__name__, list(added), plain(list(D.DataLoader(c, batch_size=2)))
    th, pb = both(run)
    assert th == pb


def test_chain_dataset_rejects_map_style():
    same_error(lambda m: list(m.utils.data.ChainDataset([[1, 2]])), "ChainDataset only supports IterableDataset")
    same_error(lambda m: len(m.utils.data.ChainDataset([[1, 2]])), "ChainDataset only supports IterableDataset")


# ------------------------------------------------------------------ torch.autograd.graph
def _multi_grad_calls(m, mode, backward):
    """The calls a multi-grad hook on (a, b, c, d) gets from `backward(a, b, c, d)`."""
    a = m.tensor([1., 2., 3.], requires_grad=True)
    b = m.tensor([4., 5., 6.], requires_grad=True)
    c, d = a * b, a * b
    calls = []
    if mode == "all":
        def fn(grads):
            calls.append([None if g is None else g.tolist() for g in grads])
    else:
        def fn(grad):
            calls.append(grad.tolist())
    handle = m.autograd.graph.register_multi_grad_hook((a, b, c, d), fn, mode=mode)
    backward(m, a, b, c, d)
    handle.remove()
    backward(m, a, b, c, d)  # removed: no call
    return calls


BACKWARDS = {
    "c": lambda m, a, b, c, d: (c * 2).sum().backward(retain_graph=True),
    "c_inputs_a": lambda m, a, b, c, d: (c * 2).sum().backward(inputs=(a,), retain_graph=True),
    "c_and_d": lambda m, a, b, c, d: (c + d * 3).sum().backward(retain_graph=True),
    "grad_a_b": lambda m, a, b, c, d: m.autograd.grad((c * d).sum(), (a, b), retain_graph=True),
    "grad_c": lambda m, a, b, c, d: m.autograd.grad((c * d).sum(), c, retain_graph=True),
    "twice": lambda m, a, b, c, d: (c.sum().backward(retain_graph=True), d.sum().backward(retain_graph=True)),
}


@pytest.mark.parametrize("mode", ["all", "any"])
@pytest.mark.parametrize("backward", list(BACKWARDS))
def test_register_multi_grad_hook(mode, backward):
    if mode == "all" and backward == "grad_a_b":
        same_error(lambda m: _multi_grad_calls(m, mode, BACKWARDS[backward]),
                   "A leaf node was passed to _will_engine_execute_node but we are currently running autograd.grad()")
        return
    th, pb = both(lambda m: _multi_grad_calls(m, mode, BACKWARDS[backward]))
    assert th == pb and pb


def test_multi_grad_hook_in_a_nested_backward():
    def run(m):
        x = m.tensor([1., 2.], requires_grad=True)
        y = m.tensor([3., 4.], requires_grad=True)
        seen = []
        m.autograd.graph.register_multi_grad_hook((x, y), lambda gs: seen.append([g.tolist() for g in gs]))
        z = m.tensor([5., 6.], requires_grad=True)

        def outer(g):
            with m.enable_grad():
                (x * y).sum().backward()  # a backward inside a hook: a task of its own
            return g
        z.register_hook(outer)
        (z * 2).sum().backward()
        return seen
    th, pb = both(run)
    assert th == pb and pb


def test_multi_grad_hook_errors():
    same_error(lambda m: m.autograd.graph.register_multi_grad_hook((m.ones(1, requires_grad=True),), print,
                                                                   mode="some"),
               "Expects mode to be one of ('all', 'any') but got some")
    same_error(lambda m: m.autograd.graph.register_multi_grad_hook((m.ones(1),), print),
               "Expected gradient function to be set")
    # mode "any" skips a tensor without grad
    th, pb = both(lambda m: len(m.autograd.graph.register_multi_grad_hook(
        (m.ones(1), m.ones(1, requires_grad=True)), print, mode="any").handles))
    assert th == pb == 1


def test_multi_grad_hook_called_outside_backward():
    a = pullback.ones(1, requires_grad=True)
    pullback.autograd.graph.register_multi_grad_hook((a,), print)
    with pytest.raises(AssertionError, match="expected this hook to be called inside a backward call"):
        a._hooks[max(a._hooks)](pullback.ones(1))


def _mutated_graph(m, create_graph=False):
    a = m.tensor([1., 2., 3.], requires_grad=True)
    with m.autograd.graph.allow_mutation_on_saved_tensors() as ctx:
        b = a.clone()
        out = (b ** 2).sum() + b.exp().sum()
        b.sin_()
        saved = (b * 1).sin()
        b.mul_(3)
        g, = m.autograd.grad(out + saved.sum(), a, create_graph=create_graph)
        second = m.autograd.grad(g.sum(), a)[0].tolist() if create_graph else None
    return type(ctx).__name__, g.tolist(), second, b.tolist()


@pytest.mark.parametrize("create_graph", [False, True])
def test_allow_mutation_on_saved_tensors(create_graph):
    th, pb = both(lambda m: _mutated_graph(m, create_graph))
    np.testing.assert_allclose(np.array(pb[1]), np.array(th[1]), rtol=1e-6)
    if create_graph:
        np.testing.assert_allclose(np.array(pb[2]), np.array(th[2]), rtol=1e-6)
    assert pb[0] == th[0] and pb[3] == pytest.approx(th[3])


def test_mutation_without_the_context_still_raises():
    def run(m):
        b = m.tensor([1., 2.], requires_grad=True).clone()
        out = b.sin().sum()
        b.add_(1)
        out.backward()
    same_error(run, "modified by an inplace operation")


def test_allow_mutation_on_saved_tensors_errors():
    def nested(m):
        with m.autograd.graph.allow_mutation_on_saved_tensors():
            with m.autograd.graph.allow_mutation_on_saved_tensors():
                pass
    same_error(nested, "allow_mutation_on_saved_tensors contexts cannot be nested")

    def outside(m):
        a = m.ones(2, requires_grad=True)
        with m.autograd.graph.allow_mutation_on_saved_tensors():
            out = a.exp().sum()
        out.backward()
    same_error(outside, "Trying to backward outside of the 'allow_mutation_on_saved_tensors' context")

    def another(m):
        a = m.ones(2, requires_grad=True)
        with m.autograd.graph.allow_mutation_on_saved_tensors():
            out = a.exp().sum()
        with m.autograd.graph.allow_mutation_on_saved_tensors():
            out.backward()
    same_error(another, "Trying to backward outside of the 'allow_mutation_on_saved_tensors' context")


# ------------------------------------------------------------------ torch.nn.attention
SDP_FLAGS = ("flash_sdp_enabled", "mem_efficient_sdp_enabled", "math_sdp_enabled", "cudnn_sdp_enabled")


def _sdp_flags(m):
    return [getattr(m.backends.cuda, f)() for f in SDP_FLAGS]


def test_sdp_backend_enum():
    def run(m):
        B = m.nn.attention.SDPBackend
        return ([(k, int(v), v.name, v.value, repr(v), str(v), f"{v}") for k, v in B.__members__.items()],
                B(1).name, B.MATH == B.MATH, B.MATH == 0, m.nn.attention.WARN_FOR_UNFUSED_KERNELS)
    th, pb = both(run)
    assert th == pb


SDPA_CHOICES = ["MATH", "FLASH_ATTENTION", "EFFICIENT_ATTENTION", "CUDNN_ATTENTION", "OVERRIDEABLE",
                ("MATH", "FLASH_ATTENTION", "MATH"), ("CUDNN_ATTENTION", "MATH"), ()]


# (ERROR with set_priority=True is left out: torch writes priority -1 out of its table's bounds, flipping
# other switches for the rest of the process)
@pytest.mark.parametrize("backends, set_priority", [(b, p) for b in SDPA_CHOICES for p in (False, True)]
                         + [("ERROR", False)])
def test_sdpa_kernel_switches_backends_and_restores_them(backends, set_priority):
    def run(m):
        B = m.nn.attention.SDPBackend
        chosen = getattr(B, backends) if isinstance(backends, str) else [getattr(B, b) for b in backends]
        before = _sdp_flags(m)
        with m.nn.attention.sdpa_kernel(chosen, set_priority=set_priority) as ctx:
            inside = _sdp_flags(m), ctx
            current = m.nn.attention._cur_sdpa_kernel_backends(with_priority=True)
        return before, inside, _sdp_flags(m), [b.name for b in current]
    th, pb = both(run)
    assert th == pb


def test_sdpa_kernel_restores_after_an_exception():
    def run(m):
        with pytest.raises(ValueError):
            with m.nn.attention.sdpa_kernel(m.nn.attention.SDPBackend.MATH):
                raise ValueError
        return _sdp_flags(m)
    th, pb = both(run)
    assert th == pb == [True] * 4


def test_sdpa_kernel_errors():
    same_error(lambda m: m.nn.attention.sdpa_kernel("math").__enter__(),
               "Backend must be an instance of SDPBackend or a list of SDPBackend instances, got str")
    for flag in ("flash", "mem_efficient", "math", "cudnn"):
        same_error(lambda m: getattr(m.backends.cuda, f"enable_{flag}_sdp")(1), "expects a bool, but got")
    same_error(lambda m: m.backends.cuda.allow_fp16_bf16_reduction_math_sdp(None),
               "set_sdp_use_math expects a bool, but got NoneType")


def test_backends_cuda_sdp_switches():
    def run(m):
        c = m.backends.cuda
        c.enable_math_sdp(False)
        c.allow_fp16_bf16_reduction_math_sdp(True)
        out = _sdp_flags(m), c.fp16_bf16_reduction_math_sdp_allowed(), c.is_flash_attention_available()
        c.enable_math_sdp(True)
        c.allow_fp16_bf16_reduction_math_sdp(False)
        with pytest.warns(FutureWarning, match="sdp_kernel\\(\\)` is deprecated"):
            with c.sdp_kernel(enable_flash=False, enable_cudnn=False) as ctx:
                inside = _sdp_flags(m), ctx
        return out, inside, _sdp_flags(m)
    th, pb = both(run)
    assert th == pb


def test_flash_attention_impl_registry():
    def run(m):
        A = m.nn.attention
        calls = []

        class Handle:
            def remove(self):
                calls.append("removed")
        A.register_flash_attention_impl("Mine", register_fn=lambda: calls.append("on") or Handle())
        listed = "Mine" in A.list_flash_attention_impls()
        A.activate_flash_attention_impl("Mine")
        current = A.current_flash_attention_impl()
        A.restore_flash_attention_impl()
        out = listed, current, A.current_flash_attention_impl(), calls
        (A._registry if m is torch else A)._FLASH_ATTENTION_IMPLS.pop("Mine")
        return out
    th, pb = both(run)
    assert th == pb
    same_error(lambda m: m.nn.attention.activate_flash_attention_impl("Nope"), "Unknown flash attention impl 'Nope'")


# ------------------------------------------------------------------ torch.amp
W0 = np.random.default_rng(7).standard_normal((3, 2))


def _scaler_run(m, steps, device="cpu", dtype="float32", **kwargs):
    """A small training loop under a GradScaler; the steps listed in `steps` get an inf (or nan) gradient."""
    w = m.tensor(W0, dtype=getattr(m, dtype), requires_grad=True)
    opt = m.optim.SGD([w], lr=0.1)
    scaler = m.amp.GradScaler(device, **kwargs)
    trace = []
    for i in range(8):
        opt.zero_grad()
        loss = (w ** 2).sum() * (steps.get(i, 1.0))
        scaled = scaler.scale(loss)
        scaled.backward()
        if i % 3 == 1:
            scaler.unscale_(opt)
            trace.append(w.grad.tolist())
        out = scaler.step(opt)
        scaler.update()
        trace.append((out, scaler.get_scale(), scaler._get_growth_tracker(), scaled.item(), w.tolist()))
    return trace, scaler.state_dict(), scaler.is_enabled()


@pytest.mark.parametrize("steps", [{}, {2: float("inf")}, {0: float("nan"), 1: float("inf"), 5: float("inf")}])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_grad_scaler_training_loop(steps, dtype):
    th, pb = both(lambda m: _scaler_run(m, steps, dtype=dtype, init_scale=4.0, growth_interval=2,
                                        growth_factor=3.0, backoff_factor=0.25))
    assert close(th, pb)


def test_grad_scaler_defaults_and_growth_overflow():
    th, pb = both(lambda m: _scaler_run(m, {}, init_scale=3e38, growth_interval=1))
    assert close(th, pb)
    th, pb = both(lambda m: _scaler_run(m, {3: float("inf")}))
    assert close(th, pb)


@pytest.mark.parametrize("kwargs", [{"device": "cpu", "enabled": False}, {"device": "cuda"}])
def test_grad_scaler_disabled_passes_through(kwargs):
    def run(m):
        device = kwargs["device"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = _scaler_run(m, {2: float("inf")}, device=device, enabled=kwargs.get("enabled", True))
        s = m.amp.GradScaler(device, enabled=kwargs.get("enabled", True))
        loss = m.ones(2)
        # (NumPy's RuntimeWarnings from the optimizer's arithmetic on inf are left out: not the scaler's)
        messages = [str(w.message) for w in caught if w.category is not RuntimeWarning]
        return out, messages, s.scale(loss) is loss, s.get_scale(), s.load_state_dict({})
    th, pb = both(run)
    assert close(th, pb)


def test_grad_scaler_scale_iterables():
    def run(m):
        s = m.amp.GradScaler("cpu", init_scale=8.0)
        a, b = m.ones(2), m.tensor(3.)
        out = s.scale([a, (b, [a])])
        gen = s.scale(iter([a]))
        return plain(out), type(gen).__name__, plain(list(gen))
    th, pb = both(run)
    assert th == pb
    same_error(lambda m: m.amp.GradScaler("cpu").scale([m.ones(1), 3]), "outputs must be a Tensor or an iterable")


def test_grad_scaler_update_with_new_scale_and_state_dict():
    def run(m):
        s = m.amp.GradScaler("cpu", init_scale=16.0)
        before = s.get_scale(), s.state_dict()
        w = m.ones(2, requires_grad=True)
        opt = m.optim.SGD([w], lr=1.0)
        s.scale(w.sum()).backward()
        s.step(opt)
        s.update(2.0)
        after_float = s.get_scale()
        s.update(m.tensor(5.0))
        state = s.state_dict()
        other = m.amp.GradScaler("cpu")
        other.load_state_dict(state)
        other.set_growth_factor(4.0)
        other.set_backoff_factor(0.125)
        other.set_growth_interval(7)
        return (before, after_float, state, other.state_dict(), other.get_growth_factor(),
                other.get_backoff_factor(), other.get_growth_interval(), w.tolist())
    th, pb = both(run)
    assert th == pb


def test_grad_scaler_pickles_between_iterations():
    import pickle

    def run(m):
        s = m.amp.GradScaler("cpu", init_scale=32.0)
        s.scale(m.ones(1))
        copy = pickle.loads(pickle.dumps(s))
        return copy.get_scale(), copy._scale is None, copy.state_dict()
    th, pb = both(run)
    assert th == pb


def test_grad_scaler_errors():
    def scaler_and_opt(m, **kwargs):
        w = m.ones(2, requires_grad=True)
        opt = m.optim.SGD([w], lr=1.0)
        s = m.amp.GradScaler("cpu", **kwargs)
        s.scale(w.sum()).backward()
        return s, opt

    same_error(lambda m: m.amp.GradScaler("cpu", growth_factor=1.0), "The growth factor must be > 1.0.")
    same_error(lambda m: m.amp.GradScaler("cpu", backoff_factor=1.0), "The backoff factor must be < 1.0.")
    same_error(lambda m: m.amp.GradScaler("cpu").step(m.optim.SGD([m.ones(1, requires_grad=True)])),
               "Attempted step but _scale is None.")
    same_error(lambda m: m.amp.GradScaler("cpu").update(), "Attempted update but _scale is None.")
    same_error(lambda m: m.amp.GradScaler("cpu").unscale_(None), "Attempted unscale_ but _scale is None.")

    def twice_unscale(m):
        s, opt = scaler_and_opt(m)
        s.unscale_(opt)
        s.unscale_(opt)
    same_error(twice_unscale, "unscale_() has already been called on this optimizer since the last update().")

    def unscale_after_step(m):
        s, opt = scaler_and_opt(m)
        s.step(opt)
        s.unscale_(opt)
    same_error(unscale_after_step, "unscale_() is being called after step().")

    def twice_step(m):
        s, opt = scaler_and_opt(m)
        s.step(opt)
        s.step(opt)
    same_error(twice_step, "step() has already been called since the last update().")

    def closure(m):
        s, opt = scaler_and_opt(m)
        s.step(opt, closure=lambda: 0)
    same_error(closure, "Closure use is not currently supported if GradScaler is enabled.")

    def no_grads(m):
        s = m.amp.GradScaler("cpu")
        s.scale(m.ones(1))
        s.step(m.optim.SGD([m.ones(1, requires_grad=True)]))
    same_error(no_grads, "No inf checks were recorded for this optimizer.")

    def update_without_checks(m):
        s = m.amp.GradScaler("cpu")
        s.scale(m.ones(1))
        s.update()
    same_error(update_without_checks, "No inf checks were recorded prior to update.")

    def fp16_grads(m):
        w = m.ones(2, dtype=m.float16, requires_grad=True)
        s = m.amp.GradScaler("cpu")
        s.scale(w.float().sum()).backward()
        s.unscale_(m.optim.SGD([w]))
    same_error(fp16_grads, "Attempting to unscale FP16 gradients.")

    def bad_new_scale(m):
        s, opt = scaler_and_opt(m)
        s.step(opt)
        s.update(m.ones(2))
    same_error(bad_new_scale, "new_scale should be a float or a 1-element")
    same_error(lambda m: m.amp.GradScaler("cpu").load_state_dict({}), "The source state dict is empty")

    def pickle_mid_iteration(m):
        import pickle
        s, opt = scaler_and_opt(m)
        s.unscale_(opt)
        pickle.dumps(s)
    same_error(pickle_mid_iteration, "A GradScaler instance may only be pickled at the beginning")


class _ScalingSGD:
    """An optimizer that unscales by itself (torch's fused optimizers), seen through what step() gets."""
    _step_supports_amp_scaling = True

    def __init__(self, m, params, with_kwarg):
        self.param_groups = [{"params": params}]
        self.seen = []
        if with_kwarg:
            self.step = self._step_kwarg

    def step(self):
        self.seen.append((self.grad_scale.item(), self.found_inf.item()))

    def _step_kwarg(self, grad_scaler=None):
        found_inf = sum(v.item() for v in grad_scaler._check_inf_per_device(self).values())
        self.seen.append((grad_scaler.get_scale(), found_inf))


@pytest.mark.parametrize("with_kwarg", [False, True])
def test_grad_scaler_with_an_optimizer_that_unscales(with_kwarg):
    def run(m):
        w = m.ones(2, requires_grad=True)
        opt = _ScalingSGD(m, [w], with_kwarg)
        s = m.amp.GradScaler("cpu", init_scale=4.0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for bad in (1.0, float("inf")):
                (s.scale(w.sum()) * bad).backward()
                s.step(opt)
                s.update()
        return opt.seen, s.get_scale(), [w.category.__name__ for w in caught], hasattr(opt, "grad_scale")
    th, pb = both(run)
    assert th == pb


# ------------------------------------------------------------------ torch.autocast
def _autocast_state(m):
    return ([m.is_autocast_enabled(d) for d in ("cpu", "cuda", "mps")], m.is_autocast_enabled(),
            str(m.get_autocast_dtype("cuda")), str(m.get_autocast_dtype("mps")), m.is_autocast_cache_enabled())


@pytest.mark.parametrize("args", [("cpu", None, False), ("cuda", None, True), ("cuda", "float16", False),
                                  ("mps", None, True), ("mps", "float16", False), ("cpu", "float32", True),
                                  ("cpu", "float64", True), ("mps", "float32", True)])
def test_autocast_states_and_warnings(args):
    device, dtype, enabled = args

    def run(m):
        kwargs = {"dtype": getattr(m, dtype)} if dtype else {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ac = m.autocast(device, enabled=enabled, cache_enabled=False, **kwargs)
        x = m.ones(2, requires_grad=True)
        with ac as entered:
            inside = _autocast_state(m), m.autograd.grad((x * 2).sum(), x)[0].tolist()
            nested = m.autocast_increment_nesting()
            m.autocast_decrement_nesting()
        return ([str(w.message) for w in caught], inside, _autocast_state(m), entered is ac, nested,
                m.amp.autocast is m.autocast)
    th, pb = both(run)
    assert th == pb


def test_autocast_as_decorator_and_custom_fwd_bwd():
    def run(m):
        @m.autocast("mps", enabled=True)
        def f(x):
            return m.is_autocast_enabled("mps"), x * 2

        class Double(m.autograd.Function):
            @staticmethod
            @m.amp.custom_fwd(device_type="mps")
            def forward(ctx, x):
                ctx.used = m.is_autocast_enabled("mps")
                return x * 2

            @staticmethod
            @m.amp.custom_bwd(device_type="mps")
            def backward(ctx, g):
                return g * 2 + int(m.is_autocast_enabled("mps"))
        x = m.ones(2, requires_grad=True)
        with m.autocast("mps"):
            y = Double.apply(x)
        y.sum().backward()
        return f(m.ones(1))[0], m.is_autocast_enabled("mps"), x.grad.tolist(), y.grad_fn._fwd_used_autocast
    th, pb = both(run)
    assert th == pb


def test_autocast_switches():
    def run(m):
        m.set_autocast_enabled("mps", True)
        m.set_autocast_dtype("mps", m.float32)
        m.set_autocast_cache_enabled(False)
        state = _autocast_state(m), m.amp.is_autocast_available("cpu"), m.amp.is_autocast_available("meta")
        m.set_autocast_enabled(True)  # "cuda"
        cuda_on = m.is_autocast_enabled("cuda")
        m.set_autocast_enabled(False)
        m.set_autocast_enabled("mps", False)
        m.set_autocast_dtype("mps", m.float16)
        m.set_autocast_cache_enabled(True)
        return state, cuda_on, _autocast_state(m)
    th, pb = both(run)
    assert th == pb


def test_autocast_errors():
    same_error(lambda m: m.autocast(1), "Expected `device_type` of type `str`, got: `<class 'int'>`")
    same_error(lambda m: m.autocast("meta"), "unsupported scalarType")
    same_error(lambda m: m.autocast("meta", dtype=m.float16), "User specified an unsupported autocast device_type 'meta'")
    same_error(lambda m: m.is_autocast_enabled("meta"), "unknown device type for autocast")
    same_error(lambda m: m.set_autocast_enabled("meta", False), "unknown device type for autocast")
    same_error(lambda m: m.is_autocast_enabled("foo"), "device type at start of device string: foo")
    same_error(lambda m: m.autocast("cpu", enabled=False)(3), "autocast()(func) requires a callable, but got int")
    same_error(lambda m: m.set_autocast_enabled("mps", 1), "argument 'enabled' (position 2) must be bool, not int")
    same_error(lambda m: m.amp.custom_fwd(device_type=None), "Expected `device_type` of type `str`")
    same_error(lambda m: m.amp.custom_bwd(device_type=3), "Expected `device_type` of type `str`")


@pytest.mark.parametrize("dtype", [None, "float16"])
def test_cpu_autocast_casting_is_refused(dtype):
    kwargs = {"dtype": getattr(pullback, dtype)} if dtype else {}
    with pytest.raises(NotImplementedError, match="pullback does not cast ops under autocast"):
        pullback.autocast("cpu", **kwargs)
    with pytest.raises(NotImplementedError, match="pullback does not cast ops under autocast"):
        pullback.set_autocast_enabled("cpu", True)
    assert not pullback.is_autocast_enabled("cpu")


def test_scaled_dot_product_attention_follows_the_backend_switches():
    """sdpa_kernel picks the fused kernel or the math path (another graph), or refuses as torch's."""
    import importlib
    res = {}
    for m in (pullback, torch):
        att = importlib.import_module(m.__name__ + ".nn.attention")
        F = m.nn.functional
        q = m.ones(1, 2, 3, 4, requires_grad=True)
        out = []
        for b in [att.SDPBackend.MATH, att.SDPBackend.FLASH_ATTENTION, att.SDPBackend.EFFICIENT_ATTENTION,
                  [att.SDPBackend.EFFICIENT_ATTENTION, att.SDPBackend.MATH]]:
            try:
                with att.sdpa_kernel(b):
                    out.append(F.scaled_dot_product_attention(q, q, q).grad_fn.name())
            except RuntimeError as e:
                out.append(str(e))
        with att.sdpa_kernel(att.SDPBackend.FLASH_ATTENTION):
            try:
                F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
            except RuntimeError as e:
                out.append(str(e))
        out.append(F.scaled_dot_product_attention(q, q, q).grad_fn.name())
        res[m] = out
    assert res[pullback] == res[torch]


@pytest.mark.parametrize("module,names", [
    ("nn.modules.batchnorm", ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LazyBatchNorm1d", "SyncBatchNorm",
                              "_BatchNorm", "_NormBase", "_LazyNormBase"]),
    ("nn.modules.instancenorm", ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "LazyInstanceNorm2d",
                                 "_InstanceNorm"]),
    ("nn.modules.flatten", ["Flatten", "Unflatten"]),
    ("nn.modules.channelshuffle", ["ChannelShuffle"]),
    ("nn.modules.utils", ["_single", "_pair", "_triple", "_quadruple", "_ntuple", "_reverse_repeat_tuple",
                          "_list_with_default", "consume_prefix_in_state_dict_if_present"]),
    ("optim.adamw", ["AdamW"]),
])
def test_torchs_module_paths_import(module, names):
    # custom layers import from torch's module paths (from torch.nn.modules.utils import _pair)
    import importlib
    ours, theirs = importlib.import_module("pullback." + module), importlib.import_module("torch." + module)
    for name in names:
        assert hasattr(theirs, name) and hasattr(ours, name), name
    if module == "nn.modules.batchnorm":
        assert isinstance(pullback.nn.InstanceNorm1d(2), ours._NormBase)  # torch's common base of both kinds


@pytest.mark.parametrize("helper,value", [("_pair", 3), ("_pair", (1, 2)), ("_triple", [1, 2, 3]), ("_single", 5),
                                          ("_quadruple", 0), ("_pair", range(2))])
def test_ntuple_helpers_match_torch(helper, value):
    import torch.nn.modules.utils as theirs
    import pullback.nn.modules.utils as ours
    assert getattr(ours, helper)(value) == getattr(theirs, helper)(value)
    assert ours._reverse_repeat_tuple((1, 2, 3), 2) == theirs._reverse_repeat_tuple((1, 2, 3), 2)
    assert ours._list_with_default([None, 4], [7, 8, 9]) == theirs._list_with_default([None, 4], [7, 8, 9])
    with pytest.raises(ValueError, match="Input dimension should be at least 3"):
        ours._list_with_default([None, 4], [7, 8])


def test_consume_prefix_in_state_dict_matches_torch():
    results = []
    for m in (pullback, torch):
        wrapped = m.nn.Sequential()
        wrapped.add_module("module", m.nn.Sequential(m.nn.Linear(2, 2)))
        state = wrapped.state_dict()
        m.nn.modules.utils.consume_prefix_in_state_dict_if_present(state, "module.")
        results.append((list(state), sorted(state._metadata)))
        inner = m.nn.Sequential(m.nn.Linear(2, 2))
        inner.load_state_dict(state)
    assert results[0] == results[1]


def test_loss_modules_derive_from_torchs_bases():
    from torch.nn.modules.loss import _Loss, _WeightedLoss
    import pullback.nn.modules.loss as ours
    import inspect
    for name in dir(torch.nn):
        cls = getattr(torch.nn, name)
        if inspect.isclass(cls) and issubclass(cls, _Loss):
            mine = getattr(pullback.nn, name)
            assert issubclass(mine, ours._Loss), name
            assert issubclass(mine, ours._WeightedLoss) == issubclass(cls, _WeightedLoss), name


@pytest.mark.parametrize("size_average,reduce", [(False, None), (None, False), (True, True), (False, True)])
def test_a_custom_loss_on_torchs_bases_reads_the_legacy_flags_as_torch(size_average, reduce):
    outcomes = []
    for m in (pullback, torch):
        from importlib import import_module
        base = import_module(m.__name__ + ".nn.modules.loss")

        class Scaled(base._WeightedLoss):
            def forward(self, x):
                return x.sum() if self.reduction == "sum" else x.mean()

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            loss = Scaled(m.ones(2), size_average, reduce)
        outcomes.append((loss.reduction, [str(w.message) for w in caught], list(dict(loss.named_buffers())),
                         loss(m.tensor([1.0, 3.0])).item()))
    assert outcomes[0] == outcomes[1]


def test_type_alias_modules_import_as_torchs():
    # layer code annotates with torch's aliases: from torch.nn.common_types import _size_2_t
    import typing
    import pullback.nn.common_types as ours
    import pullback.types as our_types
    import torch.nn.common_types as theirs
    import torch.types as their_types
    for name in ("_size_1_t", "_size_2_t", "_size_any_t", "_size_2_opt_t", "_ratio_2_t", "_tensor_list_t",
                 "_maybe_indices_t", "_scalar_or_tuple_3_t"):
        assert typing.get_args(getattr(ours, name)).__len__() == typing.get_args(getattr(theirs, name)).__len__()
    for name in ("Number", "Device", "_size", "_TensorOrTensors", "_int", "_float", "_bool", "FileLike", "Storage"):
        assert hasattr(our_types, name) and hasattr(their_types, name)
    assert our_types.Number == their_types.Number


def test_cudnn_flags_context_sets_and_restores():
    # the NTK tutorial wraps its comparison in `with torch.backends.cudnn.flags(allow_tf32=False):`
    def run(m):
        c = m.backends.cudnn
        names = ("enabled", "benchmark", "benchmark_limit", "deterministic", "allow_tf32", "fp32_precision",
                 "depthwise_kernel")
        state = lambda: [getattr(c, n) for n in names]  # noqa: E731
        before = state()
        with c.flags(allow_tf32=False, deterministic=True) as r:
            inside = state(), r
        with pytest.raises(ValueError):
            with c.flags(enabled=True, benchmark=True):
                raise ValueError
        after = state()
        orig = c.set_flags(False, True)
        changed = state()
        c.set_flags(*orig)
        return before, inside, after, orig, changed, state()
    th, pb = both(run)
    assert th == pb
