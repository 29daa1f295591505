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
