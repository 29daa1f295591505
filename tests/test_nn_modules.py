"""nn.Module behaviour, containers, reprs and state dicts against torch."""
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_close

LIBS = (pullback, torch)


def both(build):
    """build(lib) for pullback and for torch."""
    return build(pullback), build(torch)


# ------------------------------------------------------------------ construction, repr, state_dict
BUILDS = {
    "linear": lambda m: m.nn.Linear(3, 4),
    "linear_nobias": lambda m: m.nn.Linear(3, 4, bias=False),
    "bilinear": lambda m: m.nn.Bilinear(2, 3, 4),
    "identity": lambda m: m.nn.Identity(),
    "flatten": lambda m: m.nn.Flatten(),
    "unflatten": lambda m: m.nn.Unflatten(1, (2, 3)),
    "conv1d": lambda m: m.nn.Conv1d(2, 4, 3, stride=2, padding=1),
    "conv2d": lambda m: m.nn.Conv2d(2, 4, (3, 2), dilation=2, groups=2, bias=False),
    "conv2d_same": lambda m: m.nn.Conv2d(2, 4, 3, padding="same", padding_mode="reflect"),
    "convT2d": lambda m: m.nn.ConvTranspose2d(2, 4, 3, stride=2, output_padding=1),
    "maxpool1d": lambda m: m.nn.MaxPool1d(2),
    "maxpool2d": lambda m: m.nn.MaxPool2d(3, 2, 1),
    "avgpool1d": lambda m: m.nn.AvgPool1d(2),
    "avgpool2d": lambda m: m.nn.AvgPool2d(2, padding=1),
    "adaptive": lambda m: m.nn.AdaptiveAvgPool2d((1, 1)),
    "bn1d": lambda m: m.nn.BatchNorm1d(3, momentum=None, bias=False),
    "bn2d": lambda m: m.nn.BatchNorm2d(3, affine=False, track_running_stats=False),
    "layernorm": lambda m: m.nn.LayerNorm([2, 3]),
    "groupnorm": lambda m: m.nn.GroupNorm(2, 4),
    "dropout": lambda m: m.nn.Dropout(0.2),
    "embedding": lambda m: m.nn.Embedding(10, 3, padding_idx=-1),
    "rnn": lambda m: m.nn.RNN(3, 4, 2, nonlinearity="relu", batch_first=True),
    "lstm": lambda m: m.nn.LSTM(3, 4, bidirectional=True, dropout=0.5, num_layers=2),
    "gru": lambda m: m.nn.GRU(3, 4, bias=False),
    "rnncell": lambda m: m.nn.RNNCell(3, 4, nonlinearity="relu"),
    "lstmcell": lambda m: m.nn.LSTMCell(3, 4, bias=False),
    "grucell": lambda m: m.nn.GRUCell(3, 4),
    "mha": lambda m: m.nn.MultiheadAttention(4, 2),
    "mha_kdim": lambda m: m.nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False),
    "encoder_layer": lambda m: m.nn.TransformerEncoderLayer(4, 2, 8),
    "encoder": lambda m: m.nn.TransformerEncoder(m.nn.TransformerEncoderLayer(4, 2, 8), 2,
                                                 enable_nested_tensor=False),
    "prelu": lambda m: m.nn.PReLU(3),
    "activations": lambda m: m.nn.Sequential(
        m.nn.ReLU(), m.nn.ReLU(inplace=True), m.nn.LeakyReLU(0.2), m.nn.ELU(inplace=True), m.nn.GELU("tanh"),
        m.nn.Softmax(dim=1), m.nn.LogSoftmax(1), m.nn.Hardtanh(-2, 2), m.nn.ReLU6(), m.nn.Softplus(2),
        m.nn.Softshrink(), m.nn.Threshold(0.1, 20), m.nn.GLU(), m.nn.Hardswish(inplace=True), m.nn.SiLU(),
        m.nn.Sigmoid(), m.nn.Tanh(), m.nn.Mish(), m.nn.CELU(), m.nn.SELU(), m.nn.Softsign(), m.nn.Tanhshrink(),
        m.nn.Hardsigmoid(), m.nn.LogSigmoid(), m.nn.Softmin(0), m.nn.Hardshrink(0.3), m.nn.Softmax2d()),
    "losses": lambda m: m.nn.Sequential(OrderedDict(
        (name, getattr(m.nn, name)()) for name in (
            "L1Loss", "MSELoss", "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "HuberLoss",
            "SmoothL1Loss", "KLDivLoss", "SoftMarginLoss", "MarginRankingLoss", "HingeEmbeddingLoss",
            "CosineEmbeddingLoss", "TripletMarginLoss", "MultiLabelSoftMarginLoss", "MultiMarginLoss",
            "PoissonNLLLoss", "GaussianNLLLoss", "CTCLoss"))),
    "weighted_loss": lambda m: m.nn.CrossEntropyLoss(weight=m.ones(3), label_smoothing=0.1),
    "nested": lambda m: m.nn.Sequential(OrderedDict(
        conv=m.nn.Conv2d(1, 2, 3), block=m.nn.Sequential(m.nn.BatchNorm2d(2), m.nn.ReLU()),
        heads=m.nn.ModuleList([m.nn.Linear(2, 2), m.nn.Linear(2, 2), m.nn.Linear(2, 3)]),
        table=m.nn.ModuleDict({"a": m.nn.Tanh(), "b": m.nn.Identity()}))),
    "param_list": lambda m: m.nn.ParameterList([m.nn.Parameter(m.ones(3)), m.ones(2, 2)]),
    "param_dict": lambda m: m.nn.ParameterDict({"a": m.nn.Parameter(m.ones(3)), "b": m.zeros(2, dtype=m.float64)}),
    "empty_list": lambda m: m.nn.ModuleList(),
}


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_repr_state_dict_and_parameters_match_torch(name):
    pb, th = both(BUILDS[name])
    assert repr(pb) == repr(th)
    assert list(pb.state_dict()) == list(th.state_dict())
    for (kp, vp), (kt, vt) in zip(pb.state_dict().items(), th.state_dict().items()):
        assert tuple(vp.shape) == tuple(vt.shape) and str(vp.dtype) == str(vt.dtype), kp
    assert [n for n, _ in pb.named_parameters()] == [n for n, _ in th.named_parameters()]
    assert [n for n, _ in pb.named_buffers()] == [n for n, _ in th.named_buffers()]
    assert [n for n, _ in pb.named_modules()] == [n for n, _ in th.named_modules()]
    assert [n for n, _ in pb.named_children()] == [n for n, _ in th.named_children()]
    assert sum(p.numel() for p in pb.parameters()) == sum(p.numel() for p in th.parameters())
    assert all(p.requires_grad for p in pb.parameters())


def test_parameter_is_a_tensor_sharing_storage():
    for m in LIBS:
        data = m.ones(2)
        p = m.nn.Parameter(data)
        data.add_(1)
        assert isinstance(p, m.Tensor) and p.requires_grad and p.is_leaf
        assert p.tolist() == [2.0, 2.0]
    assert repr(pullback.nn.Parameter(pullback.ones(2))) == repr(torch.nn.Parameter(torch.ones(2)))
    assert repr(pullback.nn.Parameter(pullback.ones(2), requires_grad=False)) == \
        repr(torch.nn.Parameter(torch.ones(2), requires_grad=False))


# ------------------------------------------------------------------ registration
class Net:
    """The same user-defined module in either library."""

    @staticmethod
    def build(m):
        class Block(m.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = m.nn.Linear(2, 2)
                self.scale = m.nn.Parameter(m.ones(1))
                self.register_buffer("steps", m.zeros(1))
                self.register_buffer("cache", m.zeros(2), persistent=False)
                self.plain = 3

            def forward(self, x):
                return self.fc(x) * self.scale

        return Block()


def test_user_module_registration():
    pb, th = both(Net.build)
    for mod in (pb, th):
        assert list(mod.state_dict()) == ["scale", "steps", "fc.weight", "fc.bias"]
        assert [n for n, _ in mod.named_buffers()] == ["steps", "cache"]
        assert mod.plain == 3 and "plain" not in mod._parameters
    assert repr(pb) == repr(th)
    assert set(dir(pb)) >= {"fc", "scale", "steps", "cache"}


@pytest.mark.parametrize("action, phrase", [
    (lambda mod, m: setattr(mod, "scale", m.ones(1)), "cannot assign"),
    (lambda mod, m: setattr(mod, "fc", 3), "cannot assign"),
    (lambda mod, m: setattr(mod, "steps", 3), "cannot assign"),
    (lambda mod, m: mod.register_buffer("plain", m.ones(1)), "already exists"),
    (lambda mod, m: mod.register_buffer("a.b", m.ones(1)), 'contain "."'),
    (lambda mod, m: mod.register_parameter("w", m.ones(1)), "cannot assign"),
    (lambda mod, m: mod.add_module("x", 3), "is not a Module subclass"),
    (lambda mod, m: mod.nothing, "object has no attribute 'nothing'"),
    (lambda mod, m: mod.register_parameter("w", m.nn.Parameter(m.ones(1)) * 2), "cannot assign"),
    (lambda mod, m: mod.train("yes"), "training mode is expected to be boolean"),
    (lambda mod, m: m.nn.Module()(1), 'missing the required "forward" function'),
])
def test_registration_errors_match_torch(action, phrase):
    errors = []
    for m in LIBS:
        mod = Net.build(m)
        with pytest.raises(Exception) as info:
            action(mod, m)
        errors.append(info.value)
    assert type(errors[0]).__name__ == type(errors[1]).__name__
    assert phrase in str(errors[1]) and phrase in str(errors[0])


def test_deleting_and_reassigning_attributes():
    for m in LIBS:
        mod = Net.build(m)
        del mod.fc
        mod.scale = None
        mod.fc = m.nn.Parameter(m.zeros(2))  # a name can change kind
        assert [n for n, _ in mod.named_parameters()] == ["fc"]
        assert list(mod.state_dict()) == ["fc", "steps"]


# ------------------------------------------------------------------ load_state_dict
def test_load_state_dict_round_trip_and_result():
    src, dst = pullback.nn.Linear(3, 2), pullback.nn.Linear(3, 2)
    result = dst.load_state_dict(src.state_dict())
    assert repr(result) == repr(torch.nn.Linear(3, 2).load_state_dict(torch.nn.Linear(3, 2).state_dict()))
    assert np.array_equal(dst.weight.detach().numpy(), src.weight.detach().numpy())
    assert dst.weight is not src.weight


@pytest.mark.parametrize("edit, strict", [
    (lambda sd, m: sd.pop("fc.bias"), True),
    (lambda sd, m: sd.update(extra=m.ones(1)), True),
    (lambda sd, m: sd.update({"fc.weight": m.ones(3, 3)}), True),
    (lambda sd, m: sd.update({"fc.weight": m.ones(3, 3)}), False),
    (lambda sd, m: (sd.pop("scale"), sd.update({"fc.extra": m.ones(1)})), True),
    (lambda sd, m: sd.update({"steps": 3}), True),
])
def test_load_state_dict_errors_match_torch_and_leave_module_unchanged(edit, strict):
    messages = []
    for m in LIBS:
        mod = Net.build(m)
        sd = mod.state_dict()
        sd = OrderedDict((k, v + 1) for k, v in sd.items())
        edit(sd, m)
        before = [p.detach().clone() for p in mod.parameters()]
        with pytest.raises(RuntimeError) as info:
            mod.load_state_dict(sd, strict=strict)
        messages.append(str(info.value))
        if m is pullback:
            assert all(np.array_equal(a.numpy(), b.detach().numpy()) for a, b in zip(before, mod.parameters()))
    assert messages[0] == messages[1]


def test_load_state_dict_not_strict_reports_keys():
    results = []
    for m in LIBS:
        mod = Net.build(m)
        sd = mod.state_dict()
        sd.pop("scale")
        sd["other"] = m.ones(1)
        results.append(mod.load_state_dict(sd, strict=False))
    assert results[0] == tuple(results[1]) and repr(results[0]) == repr(results[1])
    assert results[0].missing_keys == ["scale"]


def test_state_dict_detaches_unless_keep_vars():
    mod = Net.build(pullback)
    assert not mod.state_dict()["scale"].requires_grad
    assert mod.state_dict(keep_vars=True)["scale"] is mod.scale
    sd = mod.state_dict(prefix="model.")
    assert list(sd)[0] == "model.scale"


# ------------------------------------------------------------------ modes and conversions
def test_train_eval_zero_grad_requires_grad_apply_and_to():
    mod = BUILDS["nested"](pullback)
    assert mod.training and all(m.training for m in mod.modules())
    assert mod.eval() is mod and not any(m.training for m in mod.modules())
    mod.train()
    for p in mod.parameters():
        p.grad = pullback.ones_like(p)
    mod.zero_grad(set_to_none=False)
    assert all(p.grad is not None and not p.grad.numpy().any() for p in mod.parameters())
    mod.zero_grad()
    assert all(p.grad is None for p in mod.parameters())
    mod.requires_grad_(False)
    assert not any(p.requires_grad for p in mod.parameters())
    seen = []
    mod.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Sequential" and seen[0] == "Conv2d"
    params = list(mod.parameters())
    mod.to(pullback.float64)
    assert all(p.dtype == pullback.float64 for p in mod.parameters())
    assert all(a is b for a, b in zip(params, mod.parameters()))
    assert mod.block[0].num_batches_tracked.dtype == pullback.int64
    mod.float()
    assert mod.block[0].running_mean.dtype == pullback.float32
    with pytest.raises(TypeError, match="floating point"):
        mod.to(pullback.int64)


# ------------------------------------------------------------------ containers
def test_sequential_indexing_and_editing():
    for m in LIBS:
        seq = m.nn.Sequential(m.nn.Linear(2, 3), m.nn.ReLU(), m.nn.Linear(3, 1))
        assert len(seq) == 3 and isinstance(seq[-1], m.nn.Linear)
        sub = seq[1:]
        assert type(sub) is m.nn.Sequential and list(sub._modules) == ["1", "2"]
        seq.append(m.nn.Tanh())
        del seq[0]
        assert list(seq._modules) == ["0", "1", "2"]
        seq.insert(0, m.nn.Sigmoid())
        assert [type(x).__name__ for x in seq] == ["Sigmoid", "ReLU", "Linear", "Tanh"]
        with pytest.raises(IndexError, match="out of range"):
            seq[10]
    assert repr(BUILDS["nested"](pullback)[1:]) == repr(BUILDS["nested"](torch)[1:])


def test_module_list_and_dict_and_parameter_containers():
    for m in LIBS:
        ml = m.nn.ModuleList([m.nn.ReLU()])
        ml += [m.nn.Tanh()]
        ml.insert(0, m.nn.Sigmoid())
        assert [type(x).__name__ for x in ml] == ["Sigmoid", "ReLU", "Tanh"] and len(ml[1:]) == 2
        md = m.nn.ModuleDict({"a": m.nn.ReLU()})
        md["b"] = m.nn.Tanh()
        assert list(md.keys()) == ["a", "b"] and "b" in md and len(md) == 2
        md.pop("a")
        assert list(md) == ["b"]
        pl = m.nn.ParameterList([m.ones(2)])
        pl.append(m.zeros(3))
        assert isinstance(pl[1], m.nn.Parameter) and len(pl) == 2
        pd = m.nn.ParameterDict({"w": m.ones(1)})
        assert isinstance(pd["w"], m.nn.Parameter) and list(pd.keys()) == ["w"]
        with pytest.raises(RuntimeError, match="should not be called"):
            pl(1)


# ------------------------------------------------------------------ hooks
def _hooked_run(m):
    """Forward pre/post hooks and a full backward hook on a small network; returns what they saw."""
    class Affine(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = m.nn.Parameter(m.tensor([[1.0, -2.0, 0.5], [0.3, 0.2, -1.0]]))
            self.bias = m.nn.Parameter(m.tensor([0.1, -0.2]))

        def forward(self, x):
            return (x @ self.weight.t() + self.bias).tanh()

    lin = Affine()
    seen = []
    lin.register_forward_pre_hook(lambda mod, args: (args[0] * 2,))
    handle = lin.register_forward_hook(lambda mod, args, out: out + 1)
    lin.register_full_backward_hook(lambda mod, gi, go: seen.append((gi[0].detach().numpy().copy(),
                                                                    go[0].detach().numpy().copy())))
    x = m.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    y = lin(x)
    (y * m.tensor([[1.0, 3.0]])).sum().backward()
    handle.remove()
    out2 = lin(x).detach().numpy().copy()
    return y.detach().numpy().copy(), x.grad.numpy().copy(), seen, out2


def test_forward_and_backward_hooks_match_torch():
    y_pb, g_pb, seen_pb, out2_pb = _hooked_run(pullback)
    y_th, g_th, seen_th, out2_th = _hooked_run(torch)
    assert_close(y_pb, y_th, 1e-6, 1e-6)
    assert_close(g_pb, g_th, 1e-6, 1e-6)
    assert_close(out2_pb, out2_th, 1e-6, 1e-6)
    assert len(seen_pb) == len(seen_th) == 1
    for a, b in zip(seen_pb[0], seen_th[0]):
        assert_close(a, b, 1e-6, 1e-6)


def test_backward_hook_can_replace_grad_input():
    for m in LIBS:
        lin = m.nn.Identity()
        lin.register_full_backward_hook(lambda mod, gi, go: (gi[0] * 10,))
        x = m.ones(2, requires_grad=True)
        lin(x).sum().backward()
        assert x.grad.tolist() == [10.0, 10.0]
