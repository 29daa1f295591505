"""nn.utils.prune against torch's: the same module, weights and pruning calls in both libraries give
the same masks (random methods: the same number and structure of pruned entries), parameters, buffers,
hooks, outputs, gradients, state dicts and errors."""
import io

import numpy as np
import pytest
import torch
from torch.nn.utils import prune as tprune

import pullback
from pullback.nn.utils import prune as pprune

COVERED = []  # prune is no op table: its functions are exercised below

LIBS = ((pullback, pprune), (torch, tprune))


def values(t):
    return t.detach().numpy()


def build(lib, make, seed=0, ints=False):
    m = make(lib)
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for _, t in sorted(m.named_parameters()):
            # integer values make ties, which torch's topk breaks in its own order
            a = rng.integers(-3, 4, tuple(t.shape)) if ints else rng.standard_normal(tuple(t.shape))
            t.copy_(lib.tensor(a, dtype=t.dtype))
    return m


def both(make=lambda lib: lib.nn.Linear(6, 4), seed=0, ints=False):
    return build(pullback, make, seed, ints), build(torch, make, seed, ints)


def assert_same(pt, tt):
    np.testing.assert_array_equal(values(pt), values(tt))


def assert_same_module(pm, tm, x_shape=(3, 6)):
    """Names, hooks, masks, pruned tensors, forward and the gradient reaching *_orig agree."""
    assert [n for n, _ in pm.named_parameters()] == [n for n, _ in tm.named_parameters()]
    assert [n for n, _ in pm.named_buffers()] == [n for n, _ in tm.named_buffers()]
    assert ([type(h).__name__ for h in pm._forward_pre_hooks.values()]
            == [type(h).__name__ for h in tm._forward_pre_hooks.values()])
    for n, b in tm.named_buffers():
        assert_same(dict(pm.named_buffers())[n], b)
        path, _, name = n[:-len("_mask")].rpartition(".")
        assert_same(getattr(pm.get_submodule(path), name), getattr(tm.get_submodule(path), name))
    x = np.random.default_rng(1).standard_normal(x_shape)
    outs = []
    for m, lib in ((pm, pullback), (tm, torch)):
        y = m(lib.tensor(x, dtype=lib.float32))
        (y * y).sum().backward()
        outs.append((y, {n: p.grad for n, p in m.named_parameters()}))
    (py, pg), (ty, tg) = outs
    np.testing.assert_allclose(values(py), values(ty), rtol=1e-5, atol=1e-5)
    for n in tg:
        np.testing.assert_allclose(values(pg[n]), values(tg[n]), rtol=1e-5, atol=1e-5, err_msg=n)
        if n.endswith("_orig"):  # the mask stops the gradient of pruned entries
            mask = values(tm.get_buffer(n[:-len("_orig")] + "_mask"))
            assert not values(pg[n])[mask == 0].any()


def test_import_paths():
    import pullback.nn.utils.prune as a
    from pullback.nn.utils import prune as b
    assert a is b is pullback.nn.utils.prune
    for name in ("BasePruningMethod", "PruningContainer", "Identity", "RandomUnstructured", "L1Unstructured",
                 "RandomStructured", "LnStructured", "CustomFromMask", "identity", "random_unstructured",
                 "l1_unstructured", "random_structured", "ln_structured", "global_unstructured",
                 "custom_from_mask", "remove", "is_pruned"):
        assert hasattr(pprune, name) and hasattr(tprune, name)


def test_identity():
    pm, tm = both()
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        assert not p.is_pruned(m)
        p.identity(m, "weight")
        assert p.is_pruned(m)
        assert isinstance(m.weight_orig, lib.nn.Parameter) and "weight" not in m._parameters
        assert not isinstance(m.weight, lib.nn.Parameter)
        assert isinstance(list(m._forward_pre_hooks.values())[0], p.Identity)
    assert values(pm.weight_mask).all()
    assert_same_module(pm, tm)
    assert repr(pm._forward_pre_hooks).startswith("OrderedDict([(")


@pytest.mark.parametrize("amount", [0, 5, 0.3, 1.0, 24])
@pytest.mark.parametrize("ints", [False, True])
def test_l1_unstructured(amount, ints):
    pm, tm = both(ints=ints)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        assert p.l1_unstructured(m, "weight", amount=amount) is m
    assert_same_module(pm, tm)


def test_l1_ties_pick_torch_entries():
    # many equal values across the k-th place, in both of torch's selection paths (k * 64 <= size or not)
    rng = np.random.default_rng(3)
    for size, k in ((200, 2), (200, 77), (1000, 3), (37, 20), (500, 499)):
        w = rng.integers(-2, 3, size).astype(np.float32)
        masks = []
        for lib, p in LIBS:
            m = lib.nn.Linear(size, 1, bias=False)
            with lib.no_grad():
                m.weight.copy_(lib.tensor(w).reshape(1, size))
            p.l1_unstructured(m, "weight", amount=k)
            masks.append(values(m.weight_mask))
        np.testing.assert_array_equal(*masks)


@pytest.mark.parametrize("amount", [0, 7, 0.5, 1.0])
def test_random_unstructured(amount):
    pullback.manual_seed(0)
    pm, tm = both()
    for lib, p in LIBS:
        p.random_unstructured(pm if lib is pullback else tm, "weight", amount=amount)
    assert values(pm.weight_mask).sum() == values(tm.weight_mask).sum()
    assert_same(pm.weight, pm.weight_orig * pm.weight_mask)
    assert [type(h) for h in pm._forward_pre_hooks.values()] == [pprune.RandomUnstructured]


@pytest.mark.parametrize("dim", [0, -1, 1])
@pytest.mark.parametrize("amount", [1, 0.5, 0])
def test_random_structured(dim, amount):
    pullback.manual_seed(1)
    make = lambda lib: lib.nn.Conv2d(2, 4, 3)
    pm, tm = both(make)
    for lib, p in LIBS:
        p.random_structured(pm if lib is pullback else tm, "weight", amount=amount, dim=dim)
    for m in (pm, tm):
        mask = np.moveaxis(values(m.weight_mask), dim, 0).reshape(m.weight_mask.shape[dim], -1)
        assert (mask.all(1) | ~mask.any(1)).all()  # whole channels
    pc = np.moveaxis(values(pm.weight_mask), dim, 0).reshape(pm.weight_mask.shape[dim], -1).any(1)
    tc = np.moveaxis(values(tm.weight_mask), dim, 0).reshape(tm.weight_mask.shape[dim], -1).any(1)
    assert pc.sum() == tc.sum()


@pytest.mark.parametrize("n", [1, 2, float("inf"), float("-inf"), "fro", 3])
@pytest.mark.parametrize("dim", [0, -1])
@pytest.mark.parametrize("amount", [1, 2, 0.5])
@pytest.mark.parametrize("ints", [False, True])
def test_ln_structured(n, dim, amount, ints):
    make = lambda lib: lib.nn.Linear(4, 4)
    pm, tm = both(make, ints=ints)
    for lib, p in LIBS:
        p.ln_structured(pm if lib is pullback else tm, "weight", amount=amount, n=n, dim=dim)
    assert_same_module(pm, tm, (3, 4))


def test_ln_structured_conv():
    make = lambda lib: lib.nn.Conv2d(2, 5, 3)
    pm, tm = both(make)
    for lib, p in LIBS:
        p.ln_structured(pm if lib is pullback else tm, "weight", amount=0.4, n=2, dim=0)
    assert_same_module(pm, tm, (1, 2, 5, 5))


def test_iterative_pruning_container():
    make = lambda lib: lib.nn.Linear(6, 5)
    pm, tm = both(make)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.l1_unstructured(m, "weight", amount=4)
        p.ln_structured(m, "weight", amount=2, n=1, dim=0)
        p.l1_unstructured(m, "weight", amount=0.25)
        p.ln_structured(m, "weight", amount=1, n=2, dim=-1)
        p.l1_unstructured(m, "bias", amount=2)
        hooks = list(m._forward_pre_hooks.values())
        assert [type(h) for h in hooks] == [p.PruningContainer, p.L1Unstructured]
        container = hooks[0]
        assert container._tensor_name == "weight" and len(container) == 4
        assert [type(x) for x in container] == [p.L1Unstructured, p.LnStructured, p.L1Unstructured,
                                                p.LnStructured]
        assert container[1].dim == 0 and container[-1].n == 2
    assert_same_module(pm, tm)


def test_iterative_random_counts():
    pullback.manual_seed(2)
    make = lambda lib: lib.nn.Linear(6, 5)
    pm, tm = both(make)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.random_unstructured(m, "weight", amount=6)
        p.random_structured(m, "weight", amount=2, dim=0)
        p.random_unstructured(m, "weight", amount=0.5)
    # each step prunes among the entries (channels) left: the number left is certain only for the
    # first step; check the container's structure and that pruned entries stay pruned
    assert [type(h) for h in pm._forward_pre_hooks.values()] == [pprune.PruningContainer]
    assert values(pm.weight_mask).sum() <= 30 - 6
    assert (values(pm.weight_mask).any(1)).sum() <= 3


def test_custom_from_mask():
    pm, tm = both()
    mask = np.random.default_rng(5).integers(0, 2, (4, 6))
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.custom_from_mask(m, "weight", mask=lib.tensor(mask))
        p.custom_from_mask(m, "bias", mask=lib.tensor([0, 1, 0, 1]))
        assert type(m._forward_pre_hooks[list(m._forward_pre_hooks)[0]]) is p.CustomFromMask
    assert_same(pm.weight_mask, tm.weight_mask)
    assert pm.weight_mask.dtype == pullback.float32
    assert_same_module(pm, tm)


def test_importance_scores():
    pm, tm = both(make=lambda lib: lib.nn.Linear(5, 4))
    scores = np.random.default_rng(7).standard_normal((4, 5))
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.l1_unstructured(m, "weight", amount=6, importance_scores=lib.tensor(scores, dtype=lib.float32))
        p.ln_structured(m, "weight", amount=1, n=2, dim=0, importance_scores=lib.tensor(scores, dtype=lib.float32))
    assert_same_module(pm, tm, (3, 5))
    a = values(pm.weight_mask)
    assert set(np.abs(scores)[a == 0]) >= set(np.sort(np.abs(scores).ravel())[:6])


def test_global_unstructured():
    make = lambda lib: lib.nn.Sequential(lib.nn.Linear(6, 5), lib.nn.ReLU(), lib.nn.Linear(5, 3))
    pm, tm = both(make)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        params = [(m[0], "weight"), (m[0], "bias"), (m[2], "weight")]
        p.global_unstructured(params, pruning_method=p.L1Unstructured, amount=0.4)
        p.global_unstructured(params[:1] + params[2:], pruning_method=p.L1Unstructured, amount=5)
    assert [n for n, _ in pm.named_buffers()] == [n for n, _ in tm.named_buffers()]
    assert ([type(h).__name__ for h in pm[0]._forward_pre_hooks.values()]
            == [type(h).__name__ for h in tm[0]._forward_pre_hooks.values()] == ["CustomFromMask", "PruningContainer"])
    assert_same_module(pm, tm)
    total = sum(values(b).size - values(b).sum() for _, b in pm.named_buffers())
    assert total == round(0.4 * (30 + 5 + 15)) + 5


def test_global_unstructured_importance_scores_and_random():
    make = lambda lib: lib.nn.Sequential(lib.nn.Linear(4, 3), lib.nn.Linear(3, 2))
    pm, tm = both(make)
    rng = np.random.default_rng(11)
    s0, s1 = rng.standard_normal((3, 4)), rng.standard_normal((2, 3))
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        scores = {(m[0], "weight"): lib.tensor(s0), (m[1], "weight"): lib.tensor(s1)}
        p.global_unstructured(list(scores), pruning_method=p.L1Unstructured, importance_scores=scores, amount=7)
    assert_same_module(pm, tm, (2, 4))
    pullback.manual_seed(0)
    pm, tm = both(make)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.global_unstructured([(m[0], "weight"), (m[1], "bias")], pruning_method=p.RandomUnstructured, amount=5)
    assert sum(values(b).sum() for _, b in pm.named_buffers()) == 12 + 2 - 5


def test_remove():
    pm, tm = both()
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.l1_unstructured(m, "weight", amount=10)
        p.l1_unstructured(m, "weight", amount=2)
        pruned = values(m.weight).copy()
        assert p.remove(m, "weight") is m
        assert not p.is_pruned(m) and not m._forward_pre_hooks
        assert [n for n, _ in m.named_parameters()] == ["bias", "weight"]
        assert list(m.state_dict()) == ["bias", "weight"] and not list(m.named_buffers())
        assert isinstance(m.weight, lib.nn.Parameter) and m.weight.requires_grad
        np.testing.assert_array_equal(values(m.weight), pruned)
    assert_same(pm.weight, tm.weight)
    assert (values(pm.weight) == 0).sum() == 12


def test_state_dict_round_trip():
    make = lambda lib: lib.nn.Sequential(lib.nn.Linear(6, 4), lib.nn.Linear(4, 2))
    pm, tm = both(make)
    for lib, p in LIBS:
        m = pm if lib is pullback else tm
        p.l1_unstructured(m[0], "weight", amount=0.5)
        p.ln_structured(m[1], "weight", amount=1, n=1, dim=0)
    assert list(pm.state_dict()) == list(tm.state_dict()) == [
        "0.bias", "0.weight_orig", "0.weight_mask", "1.bias", "1.weight_orig", "1.weight_mask"]
    # pullback's state dict into a pruned torch model and torch's into a pruned pullback model
    pm2, tm2 = both(make, seed=9)
    for lib, p in LIBS:
        m = pm2 if lib is pullback else tm2
        p.identity(m[0], "weight")
        p.identity(m[1], "weight")
    buf = io.BytesIO()
    pullback.save(pm.state_dict(), buf)
    buf.seek(0)
    tm2.load_state_dict(torch.load(buf))
    buf = io.BytesIO()
    torch.save(tm.state_dict(), buf)
    buf.seek(0)
    pm2.load_state_dict(pullback.load(buf))
    for a, b in ((pm2, tm), (tm2, tm)):
        for k, v in tm.state_dict().items():
            assert_same(a.state_dict()[k], v)
    x = np.random.default_rng(2).standard_normal((3, 6))
    np.testing.assert_allclose(values(pm2(pullback.tensor(x, dtype=pullback.float32))),
                               values(tm(torch.tensor(x, dtype=torch.float32))), rtol=1e-5, atol=1e-6)


def test_prune_method_and_classes_directly():
    rng = np.random.default_rng(4)
    t = rng.standard_normal((3, 4)).astype(np.float32)
    out = []
    for lib, p in LIBS:
        method = p.L1Unstructured(amount=5)
        out.append(values(method.prune(lib.tensor(t))))
        out.append(values(p.LnStructured(amount=1, n=2, dim=0).prune(lib.tensor(t), importance_scores=lib.tensor(-t))))
        first, second = p.Identity(), p.L1Unstructured(0.25)
        first._tensor_name = second._tensor_name = "w"
        c = p.PruningContainer(first)
        c.add_pruning_method(second)
        assert len(c) == 2 and c._tensor_name == "w"
        out.append(values(c.compute_mask(lib.tensor(t), lib.ones(3, 4))))
        assert issubclass(p.PruningContainer, p.BasePruningMethod)
        assert p.L1Unstructured.PRUNING_TYPE == "unstructured" and p.LnStructured.PRUNING_TYPE == "structured"
        assert p.CustomFromMask.PRUNING_TYPE == "global"
    np.testing.assert_array_equal(out[0], out[3])
    np.testing.assert_array_equal(out[1], out[4])
    np.testing.assert_array_equal(out[2], out[5])


def errors(fn):
    """fn(lib, prune, module) in both libraries: the same exception class and message."""
    caught = []
    for lib, p in LIBS:
        m = build(lib, lambda lib: lib.nn.Linear(3, 2))
        with pytest.raises(Exception) as info:
            fn(lib, p, m)
        caught.append(info.value)
    pe, te = caught
    assert type(pe).__name__ == type(te).__name__, (pe, te)
    assert str(pe).replace("pullback", "torch") == str(te), (str(pe), str(te))
    return pe


@pytest.mark.parametrize("call", [
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount=-1),
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount=1.5),
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount=-0.1),
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount="a"),
    lambda lib, p, m: p.random_unstructured(m, "weight", amount=7),
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount=7),
    lambda lib, p, m: p.ln_structured(m, "weight", amount=3, n=2, dim=0),
    lambda lib, p, m: p.random_structured(m, "weight", amount=4, dim=1),
    lambda lib, p, m: p.ln_structured(m, "bias", amount=1, n=2, dim=0),
    lambda lib, p, m: p.ln_structured(m, "weight", amount=1, n=2, dim=2),
    lambda lib, p, m: p.l1_unstructured(m, "missing", amount=1),
    lambda lib, p, m: p.remove(m, "weight"),
    lambda lib, p, m: (p.l1_unstructured(m, "weight", amount=1), p.remove(m, "bias")),
    lambda lib, p, m: p.l1_unstructured(m, "weight", amount=1, importance_scores=lib.ones(3, 2)),
    lambda lib, p, m: p.L1Unstructured(1).prune(lib.ones(2, 3), importance_scores=lib.ones(3)),
    lambda lib, p, m: p.custom_from_mask(m, "weight", mask=lib.ones(3, 2)),
    lambda lib, p, m: p.global_unstructured([(m, "weight")], p.L1Unstructured, importance_scores=[1], amount=1),
    lambda lib, p, m: p.global_unstructured([(m, "weight")], p.LnStructured, amount=1),
    lambda lib, p, m: p.global_unstructured((m, "weight"), p.L1Unstructured, amount=1),
    lambda lib, p, m: p.PruningContainer(p.Identity()).add_pruning_method(3),
])
def test_errors(call):
    errors(call)


def test_failed_pruning_rolls_back():
    names = []
    for lib, p in LIBS:
        m = build(lib, lambda lib: lib.nn.Linear(3, 2))
        with pytest.raises(ValueError):
            p.l1_unstructured(m, "weight", amount=10)
        names.append([n for n, _ in m.named_parameters()])  # weight re-registered: after bias
        assert not p.is_pruned(m) and not m._forward_pre_hooks
    assert names[0] == names[1] == ["bias", "weight"]
