"""Lazy modules (UninitializedParameter/Buffer, LazyLinear, LazyConv*, LazyBatchNorm*, LazyInstanceNorm*) and the
remaining torch.nn modules (LPPool3d, MaxUnpool3d, RNNCellBase, CrossMapLRN2d, Container, SyncBatchNorm,
DataParallel), each compared with torch."""
import copy
import warnings

import numpy as np
import pytest
import torch

import pullback


def _outcome(fn):
    """('ok', value) or (exception class name, message)."""
    try:
        return "ok", fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)


def _same_error(fn_ours, fn_theirs, phrase_len=45):
    ours, theirs = _outcome(fn_ours), _outcome(fn_theirs)
    assert ours[0] == theirs[0] != "ok", (ours, theirs)
    assert ours[1][:phrase_len] == theirs[1][:phrase_len], (ours, theirs)


def _sd_shapes(m):
    return [(k, tuple(v.shape), str(v.dtype)) for k, v in m.state_dict().items()]


# (constructor, input shape): the lazy modules and a first input for each
LAZY = [
    (lambda nn: nn.LazyLinear(3), (2, 5)),
    (lambda nn: nn.LazyLinear(3, bias=False), (4, 2, 6)),
    (lambda nn: nn.LazyConv1d(4, 3), (2, 3, 8)),
    (lambda nn: nn.LazyConv1d(4, 3, 2, 1, 1, 1, False, "reflect"), (2, 3, 8)),
    (lambda nn: nn.LazyConv2d(4, 3, padding=1, groups=2), (2, 6, 5, 5)),
    (lambda nn: nn.LazyConv2d(4, 3), (3, 5, 5)),
    (lambda nn: nn.LazyConv3d(2, 2, stride=2), (1, 3, 4, 4, 4)),
    (lambda nn: nn.LazyConvTranspose1d(4, 3, stride=2), (2, 3, 5)),
    (lambda nn: nn.LazyConvTranspose2d(4, 3, 2, 1, 1, 2, False, 1), (1, 4, 5, 5)),
    (lambda nn: nn.LazyConvTranspose3d(2, 2), (1, 3, 3, 3, 3)),
    (lambda nn: nn.LazyBatchNorm1d(), (4, 3)),
    (lambda nn: nn.LazyBatchNorm1d(affine=False, momentum=None), (4, 3, 5)),
    (lambda nn: nn.LazyBatchNorm2d(track_running_stats=False), (2, 3, 4, 4)),
    (lambda nn: nn.LazyBatchNorm3d(bias=False), (2, 3, 2, 2, 2)),
    (lambda nn: nn.LazyInstanceNorm1d(), (2, 3, 5)),
    (lambda nn: nn.LazyInstanceNorm2d(affine=False), (2, 3, 4, 4)),
    (lambda nn: nn.LazyInstanceNorm3d(track_running_stats=False), (2, 3, 2, 2, 2)),
]


def _both(make):
    return make(pullback.nn), make(torch.nn)


@pytest.mark.parametrize("case", range(len(LAZY)))
def test_lazy_module_materializes_as_torch(case):
    make, shape = LAZY[case]
    ours, theirs = _both(make)
    assert repr(ours) == repr(theirs)
    assert ours.has_uninitialized_params() and theirs.has_uninitialized_params()
    assert [(k, repr(v)) for k, v in ours.state_dict().items()] == \
        [(k, repr(v)) for k, v in theirs.state_dict().items()]
    assert [(n, type(p).__name__, p.requires_grad) for n, p in ours.named_parameters()] == \
        [(n, type(p).__name__, p.requires_grad) for n, p in theirs.named_parameters()]
    assert [(n, type(b).__name__) for n, b in ours.named_buffers()] == \
        [(n, type(b).__name__) for n, b in theirs.named_buffers()]
    x = np.random.default_rng(case).standard_normal(shape).astype(np.float32)
    y_ours, y_theirs = ours(pullback.tensor(x)), theirs(torch.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ and type(ours).__name__[:4] != "Lazy"
    assert type(ours) is getattr(pullback.nn, type(theirs).__name__)
    assert repr(ours) == repr(theirs)
    assert not hasattr(ours, "_initialize_hook") and not ours._forward_pre_hooks
    assert tuple(y_ours.shape) == tuple(y_theirs.shape)
    assert _sd_shapes(ours) == _sd_shapes(theirs)
    assert [(n, type(p).__name__) for n, p in ours.named_parameters()] == \
        [(n, type(p).__name__) for n, p in theirs.named_parameters()]
    # deterministic inits (norm layers: ones/zeros; running statistics) match torch's values
    if "Norm" in type(ours).__name__:
        for (k, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)
        np.testing.assert_allclose(y_ours.detach().numpy(), y_theirs.detach().numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", range(len(LAZY)))
def test_lazy_module_output_and_gradients_match_with_torchs_weights(case):
    """Loading a state dict materializes the lazy tensors; the first call then swaps the class."""
    make, shape = LAZY[case]
    ref = make(torch.nn)
    x = np.random.default_rng(case).standard_normal(shape).astype(np.float32)
    ref(torch.tensor(x))
    ours, theirs = _both(make)
    ours.load_state_dict({k: pullback.tensor(v.numpy()) for k, v in ref.state_dict().items()})
    theirs.load_state_dict(ref.state_dict())
    assert type(ours).__name__.startswith("Lazy") and not ours.has_uninitialized_params()
    xo, xt = pullback.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    yo, yt = _outcome(lambda: ours(xo)), _outcome(lambda: theirs(xt))
    assert yo[0] == yt[0]
    if yo[0] != "ok":  # an affine LazyInstanceNorm keeps num_features 0 after loading and refuses the input
        assert yo[1] == yt[1]
        return
    yo, yt = yo[1], yt[1]
    assert type(ours).__name__ == type(theirs).__name__ and repr(ours) == repr(theirs)
    np.testing.assert_allclose(yo.detach().numpy(), yt.detach().numpy(), rtol=1e-4, atol=1e-5)
    yo.square().sum().backward()
    yt.square().sum().backward()
    np.testing.assert_allclose(xo.grad.numpy(), xt.grad.numpy(), rtol=1e-3, atol=1e-4)
    for (n, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-3, atol=1e-4, err_msg=n)


def test_lazy_linear_and_conv_init_follow_reset_parameters(monkeypatch):
    """Materializing calls reset_parameters: kaiming_uniform_(a=sqrt(5)) on the weight, U(+-1/sqrt(fan_in))."""
    calls = []
    original = pullback.nn.init.kaiming_uniform_
    monkeypatch.setattr(pullback.nn.init, "kaiming_uniform_",
                        lambda t, *a, **k: (calls.append((tuple(t.shape), a, k)), original(t, *a, **k))[1])
    m = pullback.nn.LazyLinear(3)
    assert calls == []
    m(pullback.ones(2, 400))
    assert calls == [((3, 400), (), {"a": 5 ** 0.5})]
    assert m.weight.abs().max().item() <= 1 / 20 and m.bias.abs().max().item() <= 1 / 20
    c = pullback.nn.LazyConv2d(5, 3)
    c(pullback.ones(1, 2, 4, 4))
    assert calls[-1][0] == (5, 2, 3, 3)
    assert c.bias.abs().max().item() <= 1 / 18 ** 0.5


def test_dtype_conversion_before_the_first_call():
    for t in (pullback, torch):
        m = t.nn
        lin = m.LazyLinear(3).double()
        bn = m.LazyBatchNorm1d().to(t.float64)
        assert type(lin.weight).__name__ == "UninitializedParameter" and str(lin.weight.dtype) == "torch.float64"
        assert [type(b).__name__ for b in bn.buffers()] == ["UninitializedBuffer", "UninitializedBuffer", "Tensor"]
        lin(t.ones(2, 4, dtype=t.float64))
        bn(t.ones(2, 4, dtype=t.float64))
        assert str(lin.weight.dtype) == "torch.float64" and str(bn.running_mean.dtype) == "torch.float64"
    assert str(pullback.nn.LazyLinear(2, dtype=pullback.float64).weight.dtype) == "torch.float64"


def test_uninitialized_tensors_refuse_use_as_torch():
    po, pt = pullback.nn.UninitializedParameter(), torch.nn.UninitializedParameter()
    assert repr(po) == repr(pt) == "<UninitializedParameter>"
    assert repr(pullback.nn.UninitializedBuffer()) == "<UninitializedBuffer>"
    assert isinstance(po, pullback.nn.Parameter) and isinstance(pullback.nn.UninitializedBuffer(), pullback.nn.Buffer)
    assert (po.dtype, po.requires_grad, po.size(), po.ndim, po.is_leaf, po.grad) == \
        (pullback.float32, True, pullback.Size([0]), 1, True, None)
    assert not pullback.nn.UninitializedBuffer().requires_grad
    assert pullback.nn.parameter.is_lazy(po) and not pullback.nn.parameter.is_lazy(pullback.ones(1))
    for fo, ft in [(lambda p, t: p.shape, None), (lambda p, t: p + 1, None), (lambda p, t: p.dim(), None),
                   (lambda p, t: t.ones(2) * p, None), (lambda p, t: p.sum(), None), (lambda p, t: len(p), None),
                   (lambda p, t: p.detach(), None), (lambda p, t: p.share_memory_(), None),
                   (lambda p, t: t.nn.functional.linear(t.ones(2, 2), p), None)]:
        _same_error(lambda: fo(po, pullback), lambda: fo(pt, torch))
    _same_error(lambda: pullback.nn.UninitializedParameter(dtype=pullback.int64),
                lambda: torch.nn.UninitializedParameter(dtype=torch.int64))
    assert tuple(po.data.shape) == (0,) and po.double().dtype == pullback.float64


def test_materialize():
    for t in (pullback, torch):
        m = t.nn
        p = m.UninitializedParameter(requires_grad=False)
        p.materialize((2, 3))
        assert type(p) is m.Parameter and tuple(p.shape) == (2, 3) and not p.requires_grad
        b = m.UninitializedBuffer()
        b.materialize((4,), dtype=t.float64)
        assert type(b).__name__ == "Tensor" and isinstance(b, m.Buffer) and b.dtype == t.float64


def test_lazy_state_dict_round_trips():
    for t in (pullback, torch):
        m = t.nn
        a, b = m.LazyLinear(3), m.LazyLinear(3)
        assert repr(a.load_state_dict(b.state_dict())) == "<All keys matched successfully>"
        assert type(a).__name__ == "LazyLinear" and a.has_uninitialized_params()
        full = m.Linear(4, 3)
        a.load_state_dict(full.state_dict())
        assert type(a).__name__ == "LazyLinear" and not a.has_uninitialized_params() and a.in_features == 0
        assert t.equal(a.weight, full.weight) and t.equal(a.bias, full.bias)
        a(t.ones(2, 4))
        assert repr(a) == "Linear(in_features=4, out_features=3, bias=True)"
        c = m.LazyLinear(3)
        keys = c.load_state_dict({"weight": full.weight.detach()}, strict=False)
        assert keys.missing_keys == ["bias"] and type(c.bias).__name__ == "UninitializedParameter"
        d = m.LazyLinear(3)
        d.load_state_dict(full.state_dict())
        with pytest.raises(AssertionError, match="The in_features inferred from input: 5"):
            d(t.ones(2, 5))
    _same_error(lambda: pullback.nn.Linear(4, 3).load_state_dict(pullback.nn.LazyLinear(3).state_dict()),
                lambda: torch.nn.Linear(4, 3).load_state_dict(torch.nn.LazyLinear(3).state_dict()))


def test_partly_loaded_module_is_not_fully_initialized():
    for t in (pullback, torch):
        m = t.nn
        c = m.LazyLinear(3)
        c.load_state_dict({"weight": t.ones(3, 4)}, strict=False)
        with pytest.raises(AttributeError, match="has no attribute 'materialize'"):
            c(t.ones(2, 4))  # the bias alone is lazy, but the weight is materialized again


def test_initialize_parameters_and_errors():
    for t in (pullback, torch):
        m = t.nn
        lin = m.LazyLinear(3)
        lin.initialize_parameters(t.ones(2, 7))
        assert type(lin).__name__ == "LazyLinear" and tuple(lin.weight.shape) == (3, 7) and lin.in_features == 7
        assert repr(lin) == "LazyLinear(in_features=7, out_features=3, bias=True)"
        lin(t.ones(2, 7))
        assert type(lin).__name__ == "Linear"
    for make, x in [(lambda nn: nn.LazyConv2d(4, 3), (2, 3)), (lambda nn: nn.LazyConv2d(4, 3, groups=2), (2, 3, 5, 5)),
                    (lambda nn: nn.LazyBatchNorm2d(), (2, 3)), (lambda nn: nn.LazyInstanceNorm1d(), (2,)),
                    (lambda nn: nn.LazyConvTranspose1d(3, 2, padding_mode="reflect"), None)]:
        _same_error(lambda: make(pullback.nn)(pullback.ones(*x)) if x else make(pullback.nn),
                    lambda: make(torch.nn)(torch.ones(*x)) if x else make(torch.nn))


def test_copies_and_optimizer_before_initialization():
    for t in (pullback, torch):
        m, optim = t.nn, t.optim
        lazy = m.LazyLinear(3)
        dup = copy.deepcopy(lazy)
        dup(t.ones(1, 5))
        assert type(lazy).__name__ == "LazyLinear" and len(lazy._forward_pre_hooks) == 1
        assert type(dup).__name__ == "Linear" and len(dup._forward_pre_hooks) == 0
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            opt = optim.SGD(lazy.parameters(), lr=0.1)  # no warning; the same objects become Parameters
        lazy(t.ones(2, 4)).sum().backward()
        before = lazy.weight.detach().clone()
        opt.step()
        assert not t.equal(before, lazy.weight) and opt.param_groups[0]["params"][0] is lazy.weight


def _model(nn, lazy):
    if lazy:
        return nn.Sequential(nn.LazyConv2d(4, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(2))
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 2))


def test_training_step_lazy_matches_eager_and_torch():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 3, 6, 6)).astype(np.float32)
    target = rng.standard_normal((5, 2)).astype(np.float32)
    eager = _model(torch.nn, lazy=False)
    weights = {k: v.numpy().copy() for k, v in eager.state_dict().items()}
    results = []
    for m, optim, lazy in [(torch, torch.optim, False), (pullback, pullback.optim, True), (torch, torch.optim, True),
                           (pullback, pullback.optim, False)]:
        net = _model(m.nn, lazy)
        if lazy:
            net(m.tensor(x[:1]))  # dry run, then the same weights as the eager model
            assert [type(c).__name__ for c in net] == ["Conv2d", "ReLU", "Flatten", "Linear"]
        net.load_state_dict({k: m.tensor(v) for k, v in weights.items()})
        opt = optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
        for _ in range(2):
            opt.zero_grad()
            loss = m.nn.functional.mse_loss(net(m.tensor(x)), m.tensor(target))
            loss.backward()
            opt.step()
        results.append([v.detach().numpy().copy() for v in net.state_dict().values()] + [loss.item()])
    assert repr(_model(pullback.nn, True)) == repr(_model(torch.nn, True))
    for other in results[1:]:
        for a, b in zip(results[0], other):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------------------------------------- other modules

def test_lppool3d_and_maxunpool3d():
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 4, 4)).astype(np.float32)
    for make in (lambda nn: nn.LPPool3d(2, 2), lambda nn: nn.LPPool3d(1.5, (2, 1, 2), stride=1)):
        ours, theirs = _both(make)
        assert repr(ours) == repr(theirs)
        xo, xt = pullback.tensor(np.abs(x), requires_grad=True), torch.tensor(np.abs(x), requires_grad=True)
        yo, yt = ours(xo), theirs(xt)
        np.testing.assert_allclose(yo.detach().numpy(), yt.detach().numpy(), rtol=1e-5, atol=1e-6)
        yo.sum().backward()
        yt.sum().backward()
        np.testing.assert_allclose(xo.grad.numpy(), xt.grad.numpy(), rtol=1e-4, atol=1e-5)
    ours, theirs = _both(lambda nn: nn.MaxUnpool3d(2))
    assert repr(ours) == repr(theirs)
    out_t, idx_t = torch.nn.functional.max_pool3d(torch.tensor(x), 2, return_indices=True)
    yo = ours(pullback.tensor(out_t.numpy()), pullback.tensor(idx_t.numpy()))
    np.testing.assert_array_equal(yo.numpy(), theirs(out_t, idx_t).numpy())
    yo = ours(pullback.tensor(out_t.numpy()), pullback.tensor(idx_t.numpy()), output_size=(5, 5, 5))
    assert tuple(yo.shape) == tuple(theirs(out_t, idx_t, output_size=(5, 5, 5)).shape)


def test_rnn_cell_base():
    for t in (pullback, torch):
        m = t.nn
        assert all(issubclass(c, m.RNNCellBase) for c in (m.RNNCell, m.LSTMCell, m.GRUCell))
    for args in [(2, 3, True, 1), (2, 3, False, 4)]:
        ours, theirs = pullback.nn.RNNCellBase(*args), torch.nn.RNNCellBase(*args)
        assert repr(ours) == repr(theirs)
        assert _sd_shapes(ours) == _sd_shapes(theirs)
    _same_error(lambda: pullback.nn.RNNCellBase(2, 3, True, 1)(pullback.ones(2)),
                lambda: torch.nn.RNNCellBase(2, 3, True, 1)(torch.ones(2)))
    assert repr(pullback.nn.RNNCell(2, 3, False, "relu")) == repr(torch.nn.RNNCell(2, 3, False, "relu"))


@pytest.mark.parametrize("size", [2, 3, 4, 5])
def test_cross_map_lrn2d(size):
    x = np.random.default_rng(size).standard_normal((2, 6, 3, 3))
    g = np.random.default_rng(size + 10).standard_normal((2, 6, 3, 3))
    ours, theirs = _both(lambda nn: nn.CrossMapLRN2d(size, 1e-2, 0.6, 1.5))
    assert repr(ours) == repr(theirs)
    xo, xt = pullback.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    yo, yt = ours(xo), theirs(xt)
    np.testing.assert_allclose(yo.detach().numpy(), yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    yo.backward(pullback.tensor(g))
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(xo.grad.numpy(), xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert type(yo.grad_fn).__name__ == type(yt.grad_fn).__name__ == "CrossMapLRN2dBackward"


def test_cross_map_lrn2d_errors():
    _same_error(lambda: pullback.nn.CrossMapLRN2d(3)(pullback.ones(2, 3, 4)),
                lambda: torch.nn.CrossMapLRN2d(3)(torch.ones(2, 3, 4)))
    _same_error(lambda: pullback.nn.CrossMapLRN2d(1)(pullback.ones(1, 2, 2, 2, requires_grad=True)).sum().backward(),
                lambda: torch.nn.CrossMapLRN2d(1)(torch.ones(1, 2, 2, 2, requires_grad=True)).sum().backward())


def test_container_is_deprecated():
    for t in (pullback, torch):
        m = t.nn
        with pytest.warns(FutureWarning, match="`nn.Container` is deprecated"):
            c = m.Container(a=m.ReLU(), b=m.Linear(2, 3))
        assert repr(c) == "Container(\n  (a): ReLU()\n  (b): Linear(in_features=2, out_features=3, bias=True)\n)"
        with pytest.warns(FutureWarning, match="`nn.Container` is deprecated"):
            type("Sub", (m.Container,), {})


def test_sync_batch_norm_without_process_group():
    x = np.random.default_rng(2).standard_normal((4, 3, 5)).astype(np.float32)
    ours, theirs = _both(lambda nn: nn.SyncBatchNorm(3))
    assert repr(ours) == repr(theirs) and ours.process_group is None
    for train in (True, False):
        ours.train(train)
        theirs.train(train)
        np.testing.assert_allclose(ours(pullback.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-4, atol=1e-5)
    for (k, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-6, err_msg=k)
    for shape in [(3,), (4, 0, 2)]:
        _same_error(lambda: pullback.nn.SyncBatchNorm(3)(pullback.ones(*shape)),
                    lambda: torch.nn.SyncBatchNorm(3)(torch.ones(*shape)))
    for t in (pullback, torch):
        m = t.nn
        net = m.Sequential(m.Conv2d(2, 3, 1), m.BatchNorm2d(3), m.Sequential(m.BatchNorm1d(3, affine=False)))
        weight = net[1].weight
        conv = m.SyncBatchNorm.convert_sync_batchnorm(net)
        assert [type(c).__name__ for c in conv.modules()] == \
            ["Sequential", "Conv2d", "SyncBatchNorm", "Sequential", "SyncBatchNorm"]
        assert conv[1].weight is weight
    assert repr(pullback.nn.SyncBatchNorm.convert_sync_batchnorm(pullback.nn.BatchNorm1d(2))) == \
        repr(torch.nn.SyncBatchNorm.convert_sync_batchnorm(torch.nn.BatchNorm1d(2)))


def test_data_parallel_on_cpu_calls_the_module():
    ours = pullback.nn.DataParallel(pullback.nn.Linear(2, 3))
    theirs = torch.nn.DataParallel(torch.nn.Linear(2, 3))
    assert repr(ours) == repr(theirs) and ours.device_ids == theirs.device_ids == []
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["module.weight", "module.bias"]
    x = pullback.ones(4, 2)
    assert pullback.equal(ours(x), ours.module(x))
