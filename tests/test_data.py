"""utils.data against torch: datasets, samplers, collation, DataLoader batching and shuffling."""
from collections import namedtuple

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import pullback
import pullback.utils.data as pdata

LIBS = ((pullback, pdata), (torch, tdata))
X = np.arange(30, dtype=np.float32).reshape(10, 3)
Y = np.arange(10) % 3


def flatten(obj):
    """A batch as nested Python structures with numpy leaves, comparable across libraries."""
    if isinstance(obj, (pullback.Tensor, torch.Tensor)):
        return ("tensor", str(obj.dtype).replace("torch.", ""), obj.numpy().tolist())
    if isinstance(obj, dict):
        return {k: flatten(v) for k, v in obj.items()}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return (type(obj).__name__,) + tuple(flatten(o) for o in obj)
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [flatten(o) for o in obj])
    return obj


def dataset(m, d):
    return d.TensorDataset(m.tensor(X), m.tensor(Y))


LOADERS = {
    "batch3": dict(batch_size=3),
    "drop_last": dict(batch_size=4, drop_last=True),
    "no_batching": dict(batch_size=None),
    "batch_sampler": dict(batch_sampler=[[0, 5], [9, 1, 2], [3]]),
    "sampler": dict(batch_size=2, sampler=[9, 8, 7, 1]),
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_sequential_batches_match_torch(name):
    got = []
    for m, d in LIBS:
        loader = d.DataLoader(dataset(m, d), **LOADERS[name])
        got.append(([flatten(b) for b in loader], len(loader)))
    assert got[0] == got[1]


Point = namedtuple("Point", "x y")
SAMPLES = {
    "numbers": [1, 2, 3],
    "floats": [1.5, 2.0],
    "bools": [True, False],
    "numpy": [np.ones(2, np.float32), np.zeros(2, np.float32)],
    "numpy_scalars": [np.float32(1), np.float32(2)],
    "dicts": [{"a": 1, "b": np.ones(2)}, {"a": 2, "b": np.zeros(2)}],
    "tuples": [(1, "a"), (2, "b")],
    "lists": [[1, 2.0], [3, 4.0]],
    "namedtuples": [Point(1, 2.0), Point(3, 4.0)],
    "strings": ["x", "y"],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_default_collate_matches_torch(name):
    assert flatten(pdata.default_collate(SAMPLES[name])) == flatten(tdata.default_collate(SAMPLES[name]))


def test_default_collate_of_tensors_and_convert():
    for m, d in LIBS:
        batch = d.default_collate([(m.ones(2), 1), (m.zeros(2), 2)])
        assert tuple(batch[0].shape) == (2, 2) and batch[1].tolist() == [1, 2]
    assert flatten(pdata.default_convert({"a": np.ones(2)})) == flatten(tdata.default_convert({"a": np.ones(2)}))
    for d in (pdata, tdata):
        with pytest.raises(RuntimeError, match="equal size"):
            d.default_collate([[1, 2], [3]])


def test_shuffling_is_deterministic_under_a_generator_and_covers_every_sample():
    ds = dataset(pullback, pdata)

    def epoch_order(loader):
        return [int(x[0].item()) // 3 for xs, _ in loader for x in xs]

    g1 = pullback.Generator().manual_seed(3)
    g2 = pullback.Generator().manual_seed(3)
    l1 = pdata.DataLoader(ds, batch_size=4, shuffle=True, generator=g1)
    l2 = pdata.DataLoader(ds, batch_size=4, shuffle=True, generator=g2)
    first, second = epoch_order(l1), epoch_order(l2)
    assert first == second and sorted(first) == list(range(10))
    assert any(epoch_order(l1) != first for _ in range(5))  # a new order each epoch
    pullback.manual_seed(0)
    a = epoch_order(pdata.DataLoader(ds, batch_size=4, shuffle=True))
    pullback.manual_seed(0)
    assert epoch_order(pdata.DataLoader(ds, batch_size=4, shuffle=True)) == a


def test_samplers():
    g = pullback.Generator().manual_seed(1)
    perm = list(pdata.RandomSampler(range(6), generator=g))
    assert sorted(perm) == list(range(6))
    drawn = list(pdata.RandomSampler(range(3), replacement=True, num_samples=50, generator=g))
    assert len(drawn) == 50 and set(drawn) <= {0, 1, 2}
    repeated = list(pdata.RandomSampler(range(4), num_samples=10, generator=g))
    assert len(repeated) == 10 and all(repeated.count(i) >= 2 for i in range(4))
    assert sorted(pdata.SubsetRandomSampler([5, 7, 9], generator=g)) == [5, 7, 9]
    weighted = list(pdata.WeightedRandomSampler([0.0, 1.0, 0.0], 20, generator=g))
    assert weighted == [1] * 20
    for d in (pdata, tdata):
        assert list(d.BatchSampler(d.SequentialSampler(range(7)), 3, False)) == [[0, 1, 2], [3, 4, 5], [6]]
        assert len(d.BatchSampler(range(7), 3, True)) == 2


def test_datasets_match_torch():
    for m, d in LIBS:
        ds = dataset(m, d)
        sub = d.Subset(ds, [4, 2])
        assert sub[1][0].tolist() == X[2].tolist() and len(sub) == 2
        cat = ds + sub
        assert isinstance(cat, d.ConcatDataset) and len(cat) == 12
        assert cat[11][0].tolist() == X[2].tolist() and cat[-12][1].item() == Y[0]


def test_random_split_lengths_and_fractions():
    g = pullback.Generator().manual_seed(0)
    parts = pdata.random_split(range(10), [3, 7], generator=g)
    assert [len(p) for p in parts] == [3, 7]
    assert sorted(i for p in parts for i in p) == list(range(10))
    fractions = pdata.random_split(range(11), [0.5, 0.3, 0.2], generator=g)
    expected = tdata.random_split(range(11), [0.5, 0.3, 0.2])
    assert [len(p) for p in fractions] == [len(p) for p in expected]
    a = pdata.random_split(range(10), [5, 5], generator=pullback.Generator().manual_seed(4))
    b = pdata.random_split(range(10), [5, 5], generator=pullback.Generator().manual_seed(4))
    assert list(a[0]) == list(b[0])


class Stream:
    """An iterable dataset in either library."""

    @staticmethod
    def build(d):
        class Counting(d.IterableDataset):
            def __iter__(self):
                return iter(range(7))

            def __len__(self):
                return 7
        return Counting()


def test_iterable_dataset_batches_match_torch():
    got = []
    for _, d in LIBS:
        loader = d.DataLoader(Stream.build(d), batch_size=3)
        got.append(([flatten(b) for b in loader], len(loader)))
    assert got[0] == got[1]


ERRORS = [
    (lambda d, ds: d.DataLoader(ds, sampler=[0], shuffle=True), ValueError, "mutually exclusive with shuffle"),
    (lambda d, ds: d.DataLoader(ds, batch_sampler=[[0]], batch_size=2), ValueError, "batch_sampler option"),
    (lambda d, ds: d.DataLoader(ds, batch_size=None, drop_last=True), ValueError, "disables auto-batching"),
    (lambda d, ds: d.DataLoader(ds, num_workers=-1), ValueError, "should be non-negative"),
    (lambda d, ds: d.BatchSampler(range(3), 0, False), ValueError, "positive integer value"),
    (lambda d, ds: d.random_split(ds, [3, 3]), ValueError, "Sum of input lengths"),
    (lambda d, ds: d.ConcatDataset([]), AssertionError, "should not be an empty iterable"),
    (lambda d, ds: d.RandomSampler(ds, num_samples=0), ValueError, "num_samples should be a positive integer"),
]


@pytest.mark.parametrize("build, exc, phrase", ERRORS)
def test_errors_match_torch(build, exc, phrase):
    for m, d in LIBS:
        with pytest.raises(exc, match=phrase):
            build(d, dataset(m, d))
    for m, d in LIBS:
        with pytest.raises(AssertionError, match="Size mismatch"):
            d.TensorDataset(m.ones(2), m.ones(3))


class Records:
    """A map-style dataset of dict samples: tensors, ints, strings, a nested dict and a tuple."""

    def __init__(self, m):
        self.m = m

    def __len__(self):
        return 7

    def __getitem__(self, i):
        m = self.m
        return {"x": m.tensor([i, i + 1.0]), "y": i % 2, "name": f"s{i}",
                "meta": {"w": i / 2, "arr": np.array([i, i], dtype=np.int32)}, "pair": (i, m.tensor(i))}


@pytest.mark.parametrize("build", [
    lambda m, d: d.DataLoader(Records(m), batch_size=3, sampler=[6, 0, 3, 2, 5]),
    lambda m, d: d.DataLoader(Records(m), batch_size=2, sampler=d.SequentialSampler(range(5)), drop_last=True),
    lambda m, d: d.DataLoader(Records(m), batch_sampler=d.BatchSampler(d.SequentialSampler(range(7)), 3, False)),
    lambda m, d: d.DataLoader(Records(m), batch_size=None, sampler=iter([4, 1])),
])
def test_dict_samples_collate_through_samplers_as_torch(build):
    got = []
    for m, d in LIBS:
        loader = build(m, d)
        got.append([flatten(b) for b in loader])
    assert got[0] == got[1]


def test_loader_with_a_generator_and_a_sampler_is_reproducible_and_complete():
    def epochs(seed, sampler):
        g = pullback.Generator().manual_seed(seed)
        ds = pdata.TensorDataset(pullback.arange(10.0))
        if sampler:
            loader = pdata.DataLoader(ds, batch_size=3, sampler=pdata.RandomSampler(ds, generator=g))
        else:
            loader = pdata.DataLoader(ds, batch_size=3, shuffle=True, generator=g)
        return [[b[0].tolist() for b in loader] for _ in range(2)]
    for sampler in (False, True):
        first, second = epochs(7, sampler), epochs(7, sampler)
        assert first == second                              # same seed, same batches
        assert first[0] != first[1]                         # each epoch reshuffles
        assert [len(b) for b in first[0]] == [3, 3, 3, 1]
        assert sorted(sum(first[0], [])) == list(range(10))


def test_collating_string_arrays_fails_as_torch():
    messages = []
    for _, d in LIBS:
        with pytest.raises(TypeError) as info:
            d.default_collate([np.array(["a"]), np.array(["b"])])
        messages.append(str(info.value))
    assert messages[0] == messages[1]


SHARES = [dict(num_replicas=3, rank=1, shuffle=False), dict(num_replicas=3, rank=2, shuffle=False, drop_last=True),
          dict(num_replicas=4, rank=0, shuffle=False), dict(num_replicas=25, rank=24, shuffle=False),
          dict(num_replicas=2, rank=1, shuffle=False, drop_last=True)]


@pytest.mark.parametrize("kwargs", SHARES)
def test_distributed_sampler_shares_match_torch(kwargs):
    ours = pullback.utils.data.DistributedSampler(pullback.utils.data.TensorDataset(pullback.arange(10)), **kwargs)
    theirs = torch.utils.data.DistributedSampler(torch.utils.data.TensorDataset(torch.arange(10)), **kwargs)
    assert list(ours) == list(theirs) and len(ours) == len(theirs)
    assert (ours.num_samples, ours.total_size) == (theirs.num_samples, theirs.total_size)


def test_distributed_sampler_shuffles_by_seed_and_epoch_into_disjoint_shares():
    ds = pullback.utils.data.TensorDataset(pullback.arange(11))
    samplers = [pullback.utils.data.DistributedSampler(ds, 3, r, seed=5) for r in range(3)]
    first = [list(s) for s in samplers]
    assert sorted(sum(first, [])) == sorted(list(range(11)) + first[0][:1])  # one index repeated as padding
    assert first == [list(s) for s in samplers]  # the same epoch: the same order
    for s in samplers:
        s.set_epoch(1)
    assert [list(s) for s in samplers] != first


@pytest.mark.parametrize("args", [(None, 0), (2, None), (2, 2), (2, -1)])
def test_distributed_sampler_errors_match_torch_without_a_process_group(args):
    # torch reads a missing num_replicas or rank from its default process group; pullback has none, as a
    # torch built without distributed support, whose error this is
    if None in args:
        with pytest.raises(RuntimeError, match="Requires distributed package to be available"):
            pullback.utils.data.DistributedSampler([0, 1], *args)
        assert not pullback.distributed.is_available()
        return
    for m in (pullback, torch):
        with pytest.raises(ValueError, match=f"Invalid rank {args[1]}, rank should be in the interval"):
            m.utils.data.DistributedSampler([0, 1], *args)


@pytest.mark.parametrize("module,names", [
    ("utils.data.dataset", ["Dataset", "IterableDataset", "TensorDataset", "StackDataset", "Subset", "ConcatDataset",
                            "ChainDataset", "random_split"]),
    ("utils.data.sampler", ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
                            "WeightedRandomSampler", "BatchSampler"]),
    ("utils.data.distributed", ["DistributedSampler"]),
    ("utils.data.dataloader", ["DataLoader", "default_collate", "default_convert", "get_worker_info"]),
    ("utils.data._utils.collate", ["default_collate", "default_convert"]),
])
def test_torchs_submodule_paths_import(module, names):
    # code imports from torch's submodules (from torch.utils.data.dataset import Dataset): the same paths,
    # the same objects as the package's
    import importlib
    ours, theirs = importlib.import_module("pullback." + module), importlib.import_module("torch." + module)
    for name in names:
        assert hasattr(theirs, name)
        assert getattr(ours, name) is getattr(pullback.utils.data, name)
