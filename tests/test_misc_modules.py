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
