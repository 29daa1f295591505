"""nn.Module behaviour, containers, reprs and state dicts against torch."""
import warnings
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
    "lstm_proj": lambda m: m.nn.LSTM(3, 4, proj_size=2, bias=False),
    "gru": lambda m: m.nn.GRU(3, 4, bias=False),
    "rnncell": lambda m: m.nn.RNNCell(3, 4, nonlinearity="relu"),
    "lstmcell": lambda m: m.nn.LSTMCell(3, 4, bias=False),
    "grucell": lambda m: m.nn.GRUCell(3, 4),
    "mha": lambda m: m.nn.MultiheadAttention(4, 2),
    "mha_kdim": lambda m: m.nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False),
    "mha_bias_kv": lambda m: m.nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True),
    "encoder_layer": lambda m: m.nn.TransformerEncoderLayer(4, 2, 8),
    "decoder": lambda m: m.nn.TransformerDecoder(m.nn.TransformerDecoderLayer(4, 2, 8), 2, m.nn.LayerNorm(4)),
    "transformer": lambda m: m.nn.Transformer(8, 2, 1, 2, 16),
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
            "PoissonNLLLoss", "GaussianNLLLoss"))),
    "resampling": lambda m: m.nn.Sequential(
        m.nn.Upsample(scale_factor=2), m.nn.Upsample(size=(3, 4), mode="bilinear", align_corners=True),
        m.nn.ZeroPad2d(1), m.nn.ZeroPad2d((1, 2, 0, 1)), m.nn.ConstantPad1d(2, 3.5), m.nn.ReflectionPad2d(1),
        m.nn.ReplicationPad1d((1, 2)), m.nn.CircularPad2d(1), m.nn.Fold((4, 5), 2), m.nn.Unfold(2, stride=2),
        m.nn.CosineSimilarity(), m.nn.PairwiseDistance(p=1.0)),
    "more_layers": lambda m: m.nn.Sequential(
        m.nn.RMSNorm([2, 3], eps=1e-6), m.nn.InstanceNorm2d(3), m.nn.InstanceNorm1d(3, affine=True,
                                                                                   track_running_stats=True),
        m.nn.BatchNorm3d(2), m.nn.PixelShuffle(2), m.nn.PixelUnshuffle(2), m.nn.ChannelShuffle(2), m.nn.RReLU(),
        m.nn.AlphaDropout(0.2), m.nn.FeatureAlphaDropout(), m.nn.Dropout3d(), m.nn.LocalResponseNorm(2),
        m.nn.LPPool2d(2, 3), m.nn.LPPool1d(1.5, 2, 1), m.nn.MaxUnpool2d(2), m.nn.MaxUnpool1d(2),
        m.nn.TripletMarginWithDistanceLoss(), m.nn.UpsamplingNearest2d(scale_factor=2),
        m.nn.UpsamplingBilinear2d(size=(3, 4)), m.nn.AvgPool3d(2), m.nn.MaxPool3d(2), m.nn.AdaptiveAvgPool3d(1),
        m.nn.Conv3d(2, 4, 3, padding=1), m.nn.ConvTranspose3d(2, 2, 2), m.nn.ZeroPad3d(1),
        m.nn.ConstantPad3d(1, 2.0), m.nn.ReflectionPad3d(1)),
    "embedding_bags": lambda m: m.nn.ModuleList([m.nn.EmbeddingBag(10, 3), m.nn.EmbeddingBag(
        10, 3, mode="sum", padding_idx=2, include_last_offset=True), m.nn.EmbeddingBag(5, 2, mode="max")]),
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


# ------------------------------------------------------------------ layers against torch, weights copied across
def _copy_weights(pb_module, th_module):
    state = OrderedDict((k, pullback.tensor(v.detach().numpy())) for k, v in th_module.state_dict().items())
    pb_module.load_state_dict(state)


def _inputs(specs, rng):
    arrays = []
    for spec in specs:
        if spec[0] == "long":
            arrays.append(rng.integers(0, spec[2], spec[1]))
        elif spec[0] == "bool":
            arrays.append(rng.random(spec[1]) < 0.3)
        else:
            arrays.append(rng.standard_normal(spec))
    return arrays


def _tensors(m, arrays):
    return [m.tensor(a, requires_grad=a.dtype == np.float64) for a in arrays]


def _flat_outputs(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flat_outputs(o)]
    return [] if out is None else [out]


LAYERS = {
    "linear": (lambda m: m.nn.Linear(4, 3), [(2, 5, 4)]),
    "bilinear": (lambda m: m.nn.Bilinear(3, 2, 4), [(5, 3), (5, 2)]),
    "flatten_unflatten": (lambda m: m.nn.Sequential(m.nn.Flatten(), m.nn.Unflatten(1, (3, 4))), [(2, 3, 2, 2)]),
    "conv1d": (lambda m: m.nn.Conv1d(2, 3, 3, stride=2, padding=1), [(2, 2, 7)]),
    "conv2d": (lambda m: m.nn.Conv2d(2, 4, 3, padding=1, groups=2), [(2, 2, 5, 5)]),
    "conv2d_asym": (lambda m: m.nn.Conv2d(1, 2, (3, 2), padding=(1, 0), dilation=(1, 2)), [(1, 1, 4, 5)]),
    "conv_padding_modes": (lambda m: m.nn.Sequential(m.nn.Conv2d(1, 2, 3, padding=1, padding_mode="reflect"),
                                                     m.nn.Conv2d(2, 2, 3, padding=(1, 2), padding_mode="circular")),
                           [(1, 1, 5, 5)]),
    "conv1d_replicate": (lambda m: m.nn.Conv1d(2, 2, 3, padding=2, padding_mode="replicate"), [(1, 2, 6)]),
    "adaptive_pools": (lambda m: m.nn.Sequential(m.nn.AdaptiveMaxPool2d((3, 2)), m.nn.Flatten(2),
                                                 m.nn.AdaptiveAvgPool1d(4), m.nn.AdaptiveMaxPool1d(2)),
                       [(2, 3, 7, 5)]),
    "prelu": (lambda m: m.nn.PReLU(3), [(2, 3, 4)]),
    "decoder_layer": (lambda m: m.nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), [(3, 2, 4), (5, 2, 4)]),
    "decoder_norm_first": (lambda m: m.nn.TransformerDecoder(
        m.nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, norm_first=True, batch_first=True), 2,
        m.nn.LayerNorm(4)), [(2, 3, 4), (2, 5, 4)]),
    "transformer": (lambda m: m.nn.Transformer(4, 2, 2, 1, 8, dropout=0.0), [(5, 2, 4), (3, 2, 4)]),
    "rms_norm": (lambda m: m.nn.RMSNorm([3, 2], eps=1e-6), [(4, 3, 2)]),
    "max_unpool": (lambda m: m.nn.MaxUnpool2d(2), [(2, 3, 4, 4)]),
    "embedding_bags": (lambda m: m.nn.ModuleList([m.nn.EmbeddingBag(10, 3), m.nn.EmbeddingBag(
        10, 3, mode="sum", padding_idx=2, include_last_offset=True), m.nn.EmbeddingBag(5, 2, mode="max")]), []),
    "instance_norm": (lambda m: m.nn.InstanceNorm1d(3, affine=True, track_running_stats=True), [(2, 3, 5)]),
    "instance_norm2d_unbatched": (lambda m: m.nn.InstanceNorm2d(3), [(3, 4, 4)]),
    "batchnorm3d": (lambda m: m.nn.BatchNorm3d(2), [(3, 2, 2, 2, 2)]),
    "shuffles": (lambda m: m.nn.Sequential(m.nn.PixelShuffle(2), m.nn.ChannelShuffle(2), m.nn.PixelUnshuffle(2)),
                 [(2, 8, 3, 3)]),
    "lrn_lppool": (lambda m: m.nn.Sequential(m.nn.LocalResponseNorm(3), m.nn.LPPool2d(2, 2)), [(2, 4, 4, 4)]),
    "lppool1d": (lambda m: m.nn.LPPool1d(1.5, 3, 2), [(2, 3, 9)]),
    "volumes": (lambda m: m.nn.Sequential(m.nn.Conv3d(2, 3, 3, padding=1), m.nn.MaxPool3d(2),
                                          m.nn.ConvTranspose3d(3, 2, 2, stride=2), m.nn.AvgPool3d(2),
                                          m.nn.ReplicationPad3d(1), m.nn.AdaptiveAvgPool3d((2, 1, 2))),
                [(1, 2, 4, 4, 4)]),
    "upsampling": (lambda m: m.nn.Sequential(m.nn.UpsamplingNearest2d(scale_factor=2),
                                             m.nn.UpsamplingBilinear2d(size=(5, 7))), [(1, 2, 3, 3)]),
    "padding_2d": (lambda m: m.nn.Sequential(m.nn.ZeroPad2d((1, 2, 0, 1)), m.nn.ReflectionPad2d(1),
                                             m.nn.ReplicationPad2d((0, 1, 2, 0)), m.nn.CircularPad2d(1),
                                             m.nn.ConstantPad2d(1, -0.5)), [(2, 3, 4, 4)]),
    "padding_1d": (lambda m: m.nn.Sequential(m.nn.ZeroPad1d(1), m.nn.ReflectionPad1d((2, 1)),
                                             m.nn.ReplicationPad1d(1), m.nn.CircularPad1d((0, 2)),
                                             m.nn.ConstantPad1d((1, 0), 2.0)), [(2, 3, 5)]),
    "upsample_nearest": (lambda m: m.nn.Upsample(scale_factor=2), [(1, 2, 3, 3)]),
    "upsample_bilinear": (lambda m: m.nn.Upsample(size=(5, 4), mode="bilinear", align_corners=True), [(1, 2, 3, 3)]),
    "unfold_fold": (lambda m: m.nn.Sequential(m.nn.Unfold(2, padding=1), m.nn.Fold((4, 5), 2, padding=1)),
                    [(2, 3, 4, 5)]),
    "cosine_similarity": (lambda m: m.nn.CosineSimilarity(dim=2), [(2, 3, 4), (2, 3, 4)]),
    "pairwise_distance": (lambda m: m.nn.PairwiseDistance(p=3.0, keepdim=True), [(5, 4), (5, 4)]),
    "convT2d": (lambda m: m.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1), [(1, 2, 3, 3)]),
    "convT1d": (lambda m: m.nn.ConvTranspose1d(2, 3, 3, stride=2), [(1, 2, 4)]),
    "pools": (lambda m: m.nn.Sequential(m.nn.MaxPool2d(2), m.nn.AvgPool2d(2, padding=1),
                                        m.nn.AdaptiveAvgPool2d((2, 1))), [(2, 3, 8, 8)]),
    "pools1d": (lambda m: m.nn.Sequential(m.nn.MaxPool1d(3, 1), m.nn.AvgPool1d(2)), [(2, 3, 9)]),
    "batchnorm1d": (lambda m: m.nn.BatchNorm1d(3, momentum=0.3), [(6, 3)]),
    "batchnorm2d": (lambda m: m.nn.BatchNorm2d(3), [(4, 3, 2, 2)]),
    "layernorm": (lambda m: m.nn.LayerNorm([3, 2]), [(4, 3, 2)]),
    "groupnorm": (lambda m: m.nn.GroupNorm(2, 4), [(3, 4, 5)]),
    "embedding": (lambda m: m.nn.Embedding(10, 3, padding_idx=0), [("long", (4, 5), 10)]),
    "rnn": (lambda m: m.nn.RNN(3, 4, num_layers=2, batch_first=True), [(2, 5, 3)]),
    "rnn_relu_bidir": (lambda m: m.nn.RNN(3, 4, nonlinearity="relu", bidirectional=True), [(5, 2, 3)]),
    "lstm": (lambda m: m.nn.LSTM(3, 4, num_layers=2, bidirectional=True), [(5, 2, 3)]),
    "lstm_unbatched": (lambda m: m.nn.LSTM(3, 4, bias=False), [(5, 3)]),
    "lstm_proj": (lambda m: m.nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True), [(4, 2, 3)]),
    "gru": (lambda m: m.nn.GRU(3, 4, batch_first=True, bidirectional=True), [(2, 5, 3)]),
    "cells": (lambda m: m.nn.ModuleList([m.nn.RNNCell(3, 4), m.nn.LSTMCell(3, 4), m.nn.GRUCell(3, 4)]), [(2, 3)]),
    "mha": (lambda m: m.nn.MultiheadAttention(4, 2), [(3, 2, 4), (5, 2, 4), (5, 2, 4)]),
    "mha_batch_first_kdim": (lambda m: m.nn.MultiheadAttention(4, 2, kdim=3, vdim=5, batch_first=True),
                             [(2, 3, 4), (2, 6, 3), (2, 6, 5)]),
    "mha_bias_kv_zero_attn": (lambda m: m.nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True),
                              [(3, 2, 4), (5, 2, 4), (5, 2, 4)]),
    "encoder_layer": (lambda m: m.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), [(3, 2, 4)]),
    "encoder_norm_first": (lambda m: m.nn.TransformerEncoder(
        m.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, norm_first=True, batch_first=True, activation="gelu"),
        2, enable_nested_tensor=False), [(2, 3, 4)]),
    # need_weights=False runs torch's scaled_dot_product_attention: a fully masked row gives zeros, not NaN
    "mha_no_weights_masked_row": (lambda m: m.nn.MultiheadAttention(4, 2, kdim=3, vdim=5),
                                  [(3, 2, 4), (5, 2, 3), (5, 2, 5)]),
    # the is_causal hint replaces attn_mask when no key_padding_mask and no weights are asked for
    "mha_causal_hint": (lambda m: m.nn.MultiheadAttention(4, 2, add_bias_kv=True), [(3, 2, 4), (3, 2, 4), (3, 2, 4)]),
    "encoder_masks": (lambda m: m.nn.TransformerEncoder(m.nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2),
                      [(3, 2, 4)]),
}


def _call(name, module, inputs, m):
    if name == "cells":
        x = inputs[0]
        return [module[0](x), module[1](x), module[2](x)]
    if name == "embedding_bags":
        flat = m.tensor([1, 2, 4, 5, 4, 3, 2, 9])
        offsets = m.tensor([0, 2, 5])
        return [module[0](flat, offsets), module[1](flat, m.tensor([0, 2, 5, 8])),
                module[2](m.tensor([[0, 1], [4, 4], [2, 3]])),
                module[0](flat, offsets, per_sample_weights=None)]
    if name == "max_unpool":
        pooled, indices = m.nn.functional.max_pool2d(inputs[0], 2, return_indices=True)
        return module(pooled, indices)
    if name == "transformer":
        mask = m.nn.Transformer.generate_square_subsequent_mask(3, dtype=m.float64)
        pad = m.tensor(np.array([[False] * 4 + [True], [False] * 5]))
        return module(*inputs, tgt_mask=mask, src_key_padding_mask=pad, memory_key_padding_mask=pad)
    if name in ("mha", "mha_bias_kv_zero_attn"):
        mask = m.tensor(np.triu(np.ones((3, 5), bool), 1))
        pad = m.tensor(np.array([[False] * 4 + [True], [False] * 5]))
        return module(*inputs, attn_mask=mask, key_padding_mask=pad if name != "mha" else None)
    if name == "mha_no_weights_masked_row":
        mask = m.tensor(np.triu(np.ones((3, 5), bool), 1))
        pad = m.tensor(np.array([[True] + [False] * 4, [False] * 4 + [True]]))  # row 0 of batch 0: all masked
        return module(*inputs, attn_mask=mask, key_padding_mask=pad, need_weights=False)[0]
    if name == "mha_causal_hint":
        return module(*inputs, attn_mask=m.zeros(3, 3, dtype=m.float64), is_causal=True, need_weights=False)[0]
    if name == "encoder_masks":
        mask = m.nn.Transformer.generate_square_subsequent_mask(3, dtype=m.float64)
        pad = m.tensor(np.array([[False, False, True], [False, False, False]]))
        return [module(*inputs, mask=mask, src_key_padding_mask=pad), module(*inputs, mask=mask, is_causal=True)]
    if name == "mha_batch_first_kdim":
        pad = m.tensor(np.array([[False] * 5 + [True], [False] * 6]))
        return module(*inputs, key_padding_mask=pad, average_attn_weights=False)
    return module(*inputs)


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_forward_and_gradients_match_torch(name):
    build, specs = LAYERS[name]
    rng = np.random.default_rng(0)
    torch.manual_seed(0)
    th = build(torch).double()
    pb = build(pullback).double()
    _copy_weights(pb, th)
    arrays = _inputs(specs, rng)
    outs = []
    for m, module in ((pullback, pb), (torch, th)):
        inputs = _tensors(m, arrays)
        out = _flat_outputs(_call(name, module, inputs, m))
        weights = [np.random.default_rng(i).standard_normal(tuple(o.shape)) for i, o in enumerate(out)]
        sum(((o * m.tensor(w)).sum() for o, w in zip(out, weights)), m.tensor(0.0, dtype=m.float64)).backward()
        grads = [t.grad for t in inputs if t.requires_grad] + [p.grad for p in module.parameters()]
        buffers = [b.detach().numpy().copy() for b in module.buffers()]
        outs.append(([o.detach().numpy() for o in out], [None if g is None else g.numpy() for g in grads], buffers))
    (o1, g1, b1), (o2, g2, b2) = outs
    assert len(o1) == len(o2)
    for a, b in zip(o1, o2):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-10)
    for i, (a, b) in enumerate(zip(g1, g2)):
        if b is None:
            assert a is None or not a.any()
        else:
            np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10, err_msg=f"grad {i}")
    for a, b in zip(b1, b2):
        np.testing.assert_allclose(a, b, rtol=1e-9)


def test_batchnorm_eval_mode_uses_running_statistics():
    results = []
    for m in LIBS:
        bn = m.nn.BatchNorm2d(2, momentum=None)
        for seed in range(3):
            bn(m.tensor(np.random.default_rng(seed).standard_normal((4, 2, 3, 3)).astype(np.float32)))
        bn.eval()
        out = bn(m.tensor(np.ones((1, 2, 3, 3), np.float32)))
        results.append((out.detach().numpy(), bn.running_mean.numpy().copy(), bn.num_batches_tracked.item()))
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-5, atol=1e-7)
    assert results[0][2] == results[1][2] == 3


@pytest.mark.parametrize("name, shape", [("Dropout", (1000,)), ("Dropout1d", (10, 100, 3)),
                                         ("Dropout2d", (10, 100, 2, 2)), ("Dropout3d", (10, 100, 1, 2, 2))])
def test_dropout_train_and_eval(name, shape):
    pullback.manual_seed(0)
    drop = getattr(pullback.nn, name)(0.5)
    x = pullback.ones(*shape)
    y = drop(x).numpy()
    assert 0.4 < (y == 0).mean() < 0.6 and set(np.unique(y)) <= {0.0, 2.0}
    if len(shape) > 1:  # whole channels are dropped together
        per_channel = y.reshape(shape[0], shape[1], -1)
        assert np.all(per_channel.min(axis=2) == per_channel.max(axis=2))
    assert np.array_equal(drop.eval()(x).numpy(), x.numpy())


ACTIVATIONS = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish", "Sigmoid", "Tanh",
               "Softplus", "Softsign", "Hardtanh", "Hardsigmoid", "Hardswish", "LogSigmoid", "Softmax2d",
               "Softshrink", "Hardshrink", "Tanhshrink", "GLU", "PReLU", "RReLU"]


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_modules_match_torch(name):
    x = np.random.default_rng(1).standard_normal((2, 3, 4, 2)) * 3
    outs = []
    for m in LIBS:
        t = m.tensor(x, requires_grad=True)
        y = getattr(m.nn, name)().double().eval()(t)  # eval: RReLU's slope is fixed
        y.backward(m.tensor(np.cos(y.detach().numpy())))
        outs.append((y.detach().numpy(), t.grad.numpy()))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("build", [lambda m: m.nn.Softmax(dim=1), lambda m: m.nn.LogSoftmax(-1),
                                   lambda m: m.nn.Softmin(0), lambda m: m.nn.LeakyReLU(0.2),
                                   lambda m: m.nn.ELU(alpha=0.5), lambda m: m.nn.GELU("tanh"),
                                   lambda m: m.nn.Hardtanh(-2, 3), lambda m: m.nn.Softplus(2, 1),
                                   lambda m: m.nn.Threshold(0.5, -1.0), lambda m: m.nn.GLU(1),
                                   lambda m: m.nn.Softshrink(1.0), lambda m: m.nn.ReLU(inplace=True)])
def test_activation_options_match_torch(build):
    x = np.random.default_rng(2).standard_normal((3, 4)) * 2
    outs = []
    for m in LIBS:
        t = m.tensor(x)
        outs.append((build(m)(t).numpy(), t.numpy()))  # in-place variants change the input too
    for a, b in zip(outs[0], outs[1]):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-9)


LOSSES = {
    "MSELoss": (lambda m: m.nn.MSELoss(), "real"),
    "L1Loss": (lambda m: m.nn.L1Loss(reduction="sum"), "real"),
    "SmoothL1Loss": (lambda m: m.nn.SmoothL1Loss(beta=0.5), "real"),
    "HuberLoss": (lambda m: m.nn.HuberLoss(delta=0.5, reduction="none"), "real"),
    "CrossEntropyLoss": (lambda m: m.nn.CrossEntropyLoss(), "class"),
    "CrossEntropyLoss_weighted": (lambda m: m.nn.CrossEntropyLoss(weight=m.tensor([1.0, 2.0, 0.5], dtype=m.float64),
                                                                  label_smoothing=0.1, ignore_index=1), "class"),
    "NLLLoss": (lambda m: m.nn.NLLLoss(reduction="sum"), "class"),
    "BCELoss": (lambda m: m.nn.BCELoss(), "prob"),
    "BCEWithLogitsLoss": (lambda m: m.nn.BCEWithLogitsLoss(pos_weight=m.tensor([2.0, 1.0, 0.5],
                                                                               dtype=m.float64)), "binary"),
    "KLDivLoss": (lambda m: m.nn.KLDivLoss(reduction="batchmean"), "prob"),
    "legacy_size_average": (lambda m: m.nn.MSELoss(size_average=False), "real"),
    "SoftMarginLoss": (lambda m: m.nn.SoftMarginLoss(), "sign"),
    "MultiLabelSoftMarginLoss": (lambda m: m.nn.MultiLabelSoftMarginLoss(reduction="sum"), "binary"),
    "MultiMarginLoss": (lambda m: m.nn.MultiMarginLoss(p=2, margin=0.5), "class"),
    "MultiLabelMarginLoss": (lambda m: m.nn.MultiLabelMarginLoss(), "labels"),
    "HingeEmbeddingLoss": (lambda m: m.nn.HingeEmbeddingLoss(margin=0.5), "sign"),
    "PoissonNLLLoss": (lambda m: m.nn.PoissonNLLLoss(full=True), "count"),
}

MULTI_INPUT_LOSSES = {
    "MarginRankingLoss": (lambda m: m.nn.MarginRankingLoss(margin=0.2), 2, "sign1d"),
    "TripletMarginWithDistanceLoss": (lambda m: m.nn.TripletMarginWithDistanceLoss(margin=0.5, swap=True), 3, None),
    "CosineEmbeddingLoss": (lambda m: m.nn.CosineEmbeddingLoss(margin=0.1), 2, "sign1d"),
    "TripletMarginLoss": (lambda m: m.nn.TripletMarginLoss(margin=0.5, p=1.5, swap=True), 3, None),
    "GaussianNLLLoss": (lambda m: m.nn.GaussianNLLLoss(full=True), 1, "var"),
}


@pytest.mark.parametrize("name", sorted(MULTI_INPUT_LOSSES))
def test_multi_input_loss_modules_match_torch(name):
    build, n_inputs, extra = MULTI_INPUT_LOSSES[name]
    rng = np.random.default_rng(4)
    arrays = [rng.standard_normal((4, 3)) for _ in range(n_inputs)]
    if extra == "sign1d":
        extra_array = np.where(rng.random(4) < 0.5, -1.0, 1.0)
        if name == "MarginRankingLoss":
            arrays = [a[:, 0] for a in arrays]
    elif extra == "var":
        arrays.append(rng.standard_normal((4, 3)))
        extra_array = rng.random((4, 3)) + 0.1
    outs = []
    for m in LIBS:
        ts = [m.tensor(a, requires_grad=True) for a in arrays]
        args = ts + ([m.tensor(extra_array)] if extra else [])
        loss = build(m)(*args)
        loss.backward()
        outs.append([loss.detach().numpy()] + [t.grad.numpy() for t in ts])
    for a, b in zip(outs[0], outs[1]):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_modules_match_torch(name):
    build, kind = LOSSES[name]
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 3))
    target = {"real": rng.standard_normal((4, 3)), "class": rng.integers(0, 3, 4),
              "prob": rng.random((4, 3)), "binary": (rng.random((4, 3)) < 0.5).astype(float),
              "sign": np.where(rng.random((4, 3)) < 0.5, -1.0, 1.0), "count": rng.poisson(2.0, (4, 3)) * 1.0,
              "labels": np.array([[2, 0, -1], [1, -1, 0], [0, 1, 2], [-1, 0, 0]])}[kind]
    if kind == "prob":
        x = 1 / (1 + np.exp(-x))
    outs = []
    for m in LIBS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss_module = build(m)
        t = m.tensor(x, requires_grad=True)
        loss = loss_module(t, m.tensor(target))
        loss.sum().backward()
        outs.append((loss.detach().numpy(), t.grad.numpy(), repr(loss_module), list(loss_module.state_dict())))
    np.testing.assert_allclose(outs[0][0], outs[1][0], rtol=1e-9)
    np.testing.assert_allclose(outs[0][1], outs[1][1], rtol=1e-9)
    assert outs[0][2:] == outs[1][2:]


@pytest.mark.parametrize("build, args, exc, phrase", [
    (lambda m: m.nn.Linear(3, 2), [(4, 5)], RuntimeError, "cannot be multiplied"),
    (lambda m: m.nn.BatchNorm2d(3), [(4, 3)], ValueError, "expected 4D input (got 2D input)"),
    (lambda m: m.nn.LSTM(3, 4), [(2, 5, 2)], RuntimeError, "input.size(-1) must be equal to input_size"),
    (lambda m: m.nn.RNN(3, 4), [(2, 2, 2, 3)], ValueError, "Expected input to be 2D or 3D"),
    (lambda m: lambda x, h, c: m.nn.LSTM(3, 4, proj_size=2)(x, (h, c)), [(5, 2, 3), (1, 2, 4), (1, 2, 4)],
     RuntimeError, "Expected hidden[0] size (1, 2, 2), got [1, 2, 4]"),
    (lambda m: lambda x, h: m.nn.GRU(3, 4)(x, h), [(5, 2, 3), (1, 2, 3)], RuntimeError, "Expected hidden size"),
    (lambda m: m.nn.RNN(3, 4), [(2, 2, 2, 3)], ValueError, "RNN: Expected input to be 2D or 3D, got 4D tensor instead"),
    (lambda m: m.nn.GRU(3, 4), [(2, 2, 2, 3)], ValueError, "GRU: Expected input to be 2D or 3D, got 4D instead"),
    (lambda m: lambda x, h, c: m.nn.LSTM(3, 4)(x, (h, c)), [(5, 3), (1, 2, 4), (1, 2, 4)], RuntimeError,
     "For unbatched 2-D input, hx and cx should also be 2-D but got (3-D, 3-D) tensors"),
    (lambda m: lambda x, h, c: m.nn.LSTM(3, 4)(x, (h, c)), [(5, 2, 3), (1, 4), (1, 4)], RuntimeError,
     "For batched 3-D input, hx and cx should also be 3-D but got (2-D, 2-D) tensors"),
    (lambda m: lambda x, h: m.nn.RNN(3, 4)(x, h), [(5, 3), (1, 2, 4)], RuntimeError,
     "For unbatched 2-D input, hx should also be 2-D but got 3-D tensor"),
    (lambda m: lambda x, h: m.nn.GRU(3, 4)(x, h), [(5, 2, 3), (1, 4)], RuntimeError,
     "For batched 3-D input, hx should also be 3-D but got 2-D tensor"),
])
def test_layer_errors_match_torch(build, args, exc, phrase):
    for m in LIBS:
        with pytest.raises(exc) as info:
            build(m)(*[m.randn(*s) for s in args])
        assert phrase in str(info.value)


@pytest.mark.parametrize("build, exc, phrase", [
    (lambda m: m.nn.Dropout(1.5), ValueError, "dropout probability has to be between 0 and 1"),
    (lambda m: m.nn.Conv2d(3, 4, 3, groups=2), ValueError, "in_channels must be divisible by groups"),
    (lambda m: m.nn.Conv2d(2, 4, 3, padding="full"), ValueError, "Invalid padding string"),
    (lambda m: m.nn.Conv2d(2, 4, 3, stride=2, padding="same"), ValueError, "not supported for strided"),
    (lambda m: m.nn.GroupNorm(3, 4), ValueError, "must be divisible by num_groups"),
    (lambda m: m.nn.RNN(2, 3, nonlinearity="sigmoid"), ValueError, "Unknown nonlinearity"),
    (lambda m: m.nn.MultiheadAttention(5, 2), AssertionError, "embed_dim must be divisible by num_heads"),
    (lambda m: m.nn.Embedding(3, 2, padding_idx=5), AssertionError, "Padding_idx must be within num_embeddings"),
    (lambda m: m.nn.LSTM(3, 4, proj_size=4), ValueError, "proj_size has to be smaller than hidden_size"),
])
def test_constructor_errors_match_torch(build, exc, phrase):
    for m in LIBS:
        with pytest.raises(exc, match=phrase.replace("(", r"\(").replace(")", r"\)")):
            build(m)


def test_backward_pre_hook_replaces_grad_output_and_hooks_see_no_input_grad():
    results = []
    for m in LIBS:
        seen = []
        layer = m.nn.PReLU()
        layer.register_full_backward_pre_hook(lambda mod, go: (go[0] * 3,))
        layer.register_full_backward_hook(lambda mod, gi, go: seen.append((gi, go[0].tolist())))
        x = m.tensor([0.5, -1.0], requires_grad=True)
        layer(x).sum().backward()
        with pytest.warns(UserWarning, match="no inputs require gradients"):
            layer(m.tensor([0.5, -1.0])).sum().backward()  # input needs no grad: grad_input is (None,)
        results.append((x.grad.tolist(), seen[0][1], seen[1][0], layer.weight.grad.tolist()))
    pb, th = results
    np.testing.assert_allclose(pb[0], th[0], rtol=1e-6)
    np.testing.assert_allclose(pb[1], th[1], rtol=1e-6)
    assert pb[2] == th[2] == (None,)
    np.testing.assert_allclose(pb[3], th[3], rtol=1e-6)


def test_no_input_grad_backward_hook_warning_names_the_users_line():
    # torch's warning points at the line that called backward / autograd.grad, not into the library
    for m in LIBS:
        layer = m.nn.Linear(2, 1)
        layer.register_full_backward_hook(lambda mod, gi, go: None)
        for run in (lambda out: out.sum().backward(),
                    lambda out: m.autograd.backward(out.sum()),
                    lambda out: m.autograd.grad(out.sum(), layer.weight)):
            with pytest.warns(UserWarning, match="no inputs require gradients") as rec:
                run(layer(m.ones(3, 2)))
            assert [w.filename for w in rec] == [__file__], m.__name__


def test_hooks_with_kwargs_prepend_and_removal():
    for m in LIBS:
        class Scale(m.nn.Module):
            def forward(self, x, factor=1.0):
                return x * factor

        order = []
        mod = Scale()
        mod.register_forward_pre_hook(lambda mod, args, kwargs: (args, {"factor": kwargs["factor"] * 10}),
                                      with_kwargs=True)
        mod.register_forward_hook(lambda mod, args, kwargs, out: order.append(("kw", kwargs["factor"])),
                                  with_kwargs=True)
        handle = mod.register_forward_hook(lambda mod, args, out: order.append("first"), prepend=True)
        assert mod(m.ones(1), factor=2.0).item() == 20.0
        handle.remove()
        mod(m.ones(1), factor=1.0)
        assert order == ["first", ("kw", 20.0), ("kw", 10.0)]


def test_load_state_dict_assign_replaces_the_tensors():
    for m in LIBS:
        layer = m.nn.Linear(2, 2)
        new_weight = m.ones(2, 2)
        layer.load_state_dict({"weight": new_weight, "bias": m.zeros(2)}, assign=True)
        assert isinstance(layer.weight, m.nn.Parameter) and layer.weight.requires_grad
        new_weight.add_(1)  # the module now holds the given storage
        assert layer.weight.tolist() == [[2.0, 2.0], [2.0, 2.0]]


def test_embedding_from_pretrained_and_padding_row():
    out = []
    for m in LIBS:
        weights = m.tensor(np.arange(12.0).reshape(4, 3))
        frozen = m.nn.Embedding.from_pretrained(weights)
        trainable = m.nn.Embedding.from_pretrained(weights, freeze=False, padding_idx=1)
        idx = m.tensor([[1, 2], [1, 3]])
        trainable(idx).sum().backward()
        out.append((frozen.weight.requires_grad, frozen(idx).tolist(), trainable.weight.grad.tolist(),
                    repr(trainable)))
        assert not m.nn.Embedding(5, 2, padding_idx=2).weight[2].any()
    assert out[0] == out[1]


def test_square_subsequent_mask_matches_torch():
    np.testing.assert_array_equal(pullback.nn.Transformer.generate_square_subsequent_mask(4).numpy(),
                                  torch.nn.Transformer.generate_square_subsequent_mask(4).numpy())
    for m in LIBS:
        model = m.nn.Transformer(4, 2, 1, 1, 8)
        with pytest.raises(RuntimeError, match="the batch number of src and tgt must be equal"):
            model(m.randn(3, 2, 4), m.randn(3, 3, 4))


def test_get_submodule_and_parameter_match_torch():
    for m in LIBS:
        net = BUILDS["nested"](m)
        assert net.get_submodule("block.0") is net.block[0]
        assert net.get_parameter("heads.2.bias") is net.heads[2].bias
        assert net.get_submodule("") is net
        with pytest.raises(AttributeError, match="has no attribute `nothing`"):
            net.get_submodule("block.nothing")
        with pytest.raises(AttributeError, match="is not an nn.Parameter"):
            net.get_parameter("block.0.running_mean")
    assert [n for n, _ in BUILDS["nested"](pullback).named_parameters(prefix="model")] == \
        [n for n, _ in BUILDS["nested"](torch).named_parameters(prefix="model")]


def test_buffer_marker_registers_buffers():
    results = []
    for m in LIBS:
        class WithBuffers(m.nn.Module):
            def __init__(self):
                super().__init__()
                self.kept = m.nn.Buffer(m.ones(2))
                self.scratch = m.nn.Buffer(m.zeros(1), persistent=False)
                self.plain = m.ones(3)

        mod = WithBuffers()
        mod.kept = m.zeros(2)  # reassigning keeps it a (persistent) buffer
        results.append(([n for n, _ in mod.named_buffers()], list(mod.state_dict()), type(mod.kept).__name__,
                        isinstance(mod.scratch, m.nn.Buffer), isinstance(m.ones(1), m.nn.Buffer)))
    assert results[0] == results[1] == (["kept", "scratch"], ["kept"], "Tensor", True, False)


def test_always_call_forward_hook_runs_when_forward_raises():
    for m in LIBS:
        seen = []

        class Failing(m.nn.Module):
            def forward(self, x):
                raise ValueError("boom")

        mod = Failing()
        mod.register_forward_hook(lambda mod, args, out: seen.append(out), always_call=True)
        mod.register_forward_hook(lambda mod, args, out: seen.append("never"))
        with pytest.raises(ValueError, match="boom"):
            mod(m.ones(1))
        assert seen == [None]
        m.nn.LSTM(2, 3).flatten_parameters()


def test_state_dict_and_load_hooks_match_torch():
    results = []
    for m in LIBS:
        log = []
        net = m.nn.Sequential(m.nn.Linear(2, 2), m.nn.Sequential(m.nn.Linear(2, 1)))
        net[1].register_state_dict_pre_hook(lambda mod, prefix, keep_vars: log.append(("pre", prefix)))
        net.register_state_dict_post_hook(lambda mod, sd, prefix, meta: [sd.pop("0.bias"), None][1])

        def rename(mod, sd, prefix, meta, strict, missing, unexpected, errors):
            if prefix + "w" in sd:
                sd[prefix + "weight"] = sd.pop(prefix + "w")
            log.append(("load_pre", prefix))

        net[0].register_load_state_dict_pre_hook(rename)
        net[1][0].register_load_state_dict_post_hook(lambda mod, keys: log.append(("post1", list(keys.missing_keys))))
        net.register_load_state_dict_post_hook(lambda mod, keys: (log.append(("post", list(keys.missing_keys))),
                                                                  keys.missing_keys.clear())[0])
        sd = net.state_dict()
        keys = list(sd)
        sd["0.w"] = sd.pop("0.weight")
        result = net.load_state_dict(sd)  # the missing 0.bias is forgiven by the root's post hook
        net.register_state_dict_post_hook(lambda mod, sd, prefix, meta: sd)
        with pytest.raises(RuntimeError, match="state_dict post-hook must return None"):
            net.state_dict()
        results.append((keys, log, repr(result), "0.w" in sd))
    assert results[0] == results[1]


@pytest.mark.parametrize("name", ["AlphaDropout", "FeatureAlphaDropout", "RReLU"])
def test_random_modules_in_training_mode(name):
    pullback.manual_seed(0)
    module = getattr(pullback.nn, name)()
    x = pullback.randn(50, 40, 2)
    y = module(x).numpy()
    assert y.shape == x.shape and not np.array_equal(y, x.numpy())
    if name == "RReLU":  # negative inputs scaled by slopes within [lower, upper]
        ratio = y[x.numpy() < 0] / x.numpy()[x.numpy() < 0]
        assert ratio.min() >= 0.125 - 1e-6 and ratio.max() <= 1 / 3 + 1e-6 and ratio.std() > 0.01
    else:  # alpha dropout keeps mean and variance near those of the input
        assert abs(y.mean() - x.numpy().mean()) < 0.1 and abs(y.std() - x.numpy().std()) < 0.15
    np.testing.assert_array_equal(module.eval()(x).numpy(), np.where(x.numpy() < 0, x.numpy() * (0.125 + 1 / 3) / 2,
                                                                     x.numpy()) if name == "RReLU" else x.numpy())


@pytest.mark.parametrize("batch_first", [False, True])
def test_transformer_encoder_eval_with_masks_matches_torch(batch_first):
    """Eval mode is where torch takes its fast path (nested tensors: padded positions come out as 0)."""
    torch.manual_seed(0)
    th = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first), 2).eval()
    pb = pullback.nn.TransformerEncoder(pullback.nn.TransformerEncoderLayer(8, 2, 16, batch_first=batch_first),
                                        2).eval()
    _copy_weights(pb, th)
    x = np.random.default_rng(0).standard_normal((3, 4, 8) if batch_first else (4, 3, 8)).astype(np.float32)
    pad = np.zeros((3, 4), bool)
    pad[0, -1] = True
    pad[1, 1:] = True
    causal = np.triu(np.ones((4, 4), bool), 1)
    for kw in [dict(src_key_padding_mask=pad), dict(mask=causal), dict(mask=causal, src_key_padding_mask=pad)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = th(torch.tensor(x), **{k: torch.tensor(v) for k, v in kw.items()})
        got = pb(pullback.tensor(x), **{k: pullback.tensor(v) for k, v in kw.items()})
        assert_close(got, expected, 1e-5, 1e-4, str(list(kw)))


def test_batchnorm_checkpoint_without_num_batches_tracked_loads_as_torch():
    """A state dict from before BatchNorm's version 2 (or a plain dict, without metadata) may lack
    num_batches_tracked: torch keeps the module's own; with version-2 metadata the key is missing."""
    results = []
    for m in LIBS:
        seen = []
        net = m.nn.Sequential(m.nn.Linear(2, 2), m.nn.BatchNorm1d(2))
        net[1].register_load_state_dict_pre_hook(lambda *args: seen.append(dict(args[3])))
        net(m.ones(3, 2))
        sd = net.state_dict()
        obs = [{k: dict(v) for k, v in sd._metadata.items()}]
        del sd["1.num_batches_tracked"]
        with pytest.raises(RuntimeError) as info:
            net.load_state_dict(sd)
        obs.append(str(info.value))
        obs.append(repr(net.load_state_dict(dict(sd))))
        sd._metadata["1"]["version"] = 1
        obs.append(repr(net.load_state_dict(sd)))
        obs.append((net[1].num_batches_tracked.item(), seen))
        results.append(obs)
    assert results[0] == results[1]


def _grads(gs):
    return [None if g is None else (str(g.dtype), g.tolist()) for g in gs]


def _multi_io_hook_story(m, case):
    """A module with several inputs/outputs, some non-tensors, some not requiring grad."""
    log = []

    class Two(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = m.nn.Parameter(m.tensor([1.0, 1.0]))

        def forward(self, a, b, *rest):
            if case == "int_input":
                return a * self.w * b.float()
            return a * b * self.w, a + 1, 5, b * 2

    t = Two()
    t.register_full_backward_hook(lambda mod, gi, go: log.append(("hook", _grads(gi), _grads(go))))
    t.register_full_backward_pre_hook(lambda mod, go: log.append(("pre", _grads(go))))
    ra, rb = {"a_only": (True, False), "both": (True, True), "none": (False, False), "b_only": (False, True),
              "int_input": (True, False), "extra_args": (True, False)}[case]
    a = m.tensor([1.0, 2.0], requires_grad=ra)
    b = m.tensor([3, 4]) if case == "int_input" else m.tensor([3.0, 4.0], requires_grad=rb)
    outs = t(*((a, b) if case != "extra_args" else (a, b, 7, m.ones(2))))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case == "int_input":
            outs.sum().backward()
        elif ra or rb:
            (outs[0].sum() * 2 + outs[3].sum() * 0).backward()
        else:
            (outs[0].sum() * 2).backward()
    log.append([str(w.message)[:40] for w in caught])
    log.append((_grads([a.grad]), _grads([t.w.grad])))
    return log


@pytest.mark.parametrize("case", ["a_only", "both", "none", "b_only", "int_input", "extra_args"])
def test_full_backward_hook_arguments_match_torch(case):
    """One grad_input entry per positional argument (None for non-tensors, zeros for a tensor that got no
    gradient), one grad_output entry per output (None for non-tensors and outputs without gradient)."""
    assert _multi_io_hook_story(pullback, case) == _multi_io_hook_story(torch, case)


def _hook_order_story(m):
    log = []
    inner, relu = m.nn.Linear(2, 2), m.nn.ReLU()
    outer = m.nn.Sequential(inner, relu, m.nn.Linear(2, 1))
    for name, mod in [("outer", outer), ("inner", inner), ("relu", relu), ("last", outer[2])]:
        mod.register_forward_pre_hook(lambda mod, args, n=name: log.append(("forward_pre", n)))
        mod.register_forward_hook(lambda mod, args, out, n=name: log.append(("forward", n)))
        mod.register_full_backward_pre_hook(lambda mod, go, n=name: log.append(("backward_pre", n)))
        mod.register_full_backward_hook(lambda mod, gi, go, n=name: log.append(("backward", n)))
    inner.register_full_backward_hook(lambda mod, gi, go: log.append(("backward", "inner, prepended")), prepend=True)
    x = m.ones(3, 2, requires_grad=True)
    y = outer(x)
    y.register_hook(lambda g: log.append(("tensor hook", "y")))
    x.register_hook(lambda g: log.append(("tensor hook", "x")))
    y.sum().backward()
    return log


def test_hooks_fire_in_torchs_order():
    assert _hook_order_story(pullback) == _hook_order_story(torch)


@pytest.mark.parametrize("hook, pre, input_requires_grad", [
    (lambda m: lambda mod, gi, go: (gi[0], gi[0]), False, True),
    (lambda m: lambda mod, go: (go[0], go[0]), True, True),
    (lambda m: lambda mod, gi, go: (m.ones(1),), False, False),  # no input requires grad: must return None(s)
])
def test_backward_hook_return_errors_match_torch(hook, pre, input_requires_grad):
    messages = []
    for m in LIBS:
        lin = m.nn.Linear(2, 2)
        (lin.register_full_backward_pre_hook if pre else lin.register_full_backward_hook)(hook(m))
        x = m.ones(1, 2, requires_grad=input_requires_grad)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(RuntimeError) as info:
                lin(x).sum().backward()
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_backward_hook_on_a_list_output_warns_as_torch():
    for m in LIBS:
        class Listed(m.nn.Module):
            def forward(self, x):
                return [x * 2]
        mod = Listed()
        mod.register_full_backward_hook(lambda *args: None)
        with pytest.warns(UserWarning, match="module output should be a Tensor or a tuple of Tensors but received "
                                             "<class 'list'>"):
            mod(m.ones(1, requires_grad=True))


def test_zero_grad_to_zeros_after_linear_backward():
    """set_to_none=False zeroes grads in place, also Linear's weight.grad (which pullback may hold as
    a transposed buffer): module.zero_grad and optimizer.zero_grad, as torch."""
    for m in LIBS:
        lin = m.nn.Linear(3, 2)
        opt = m.optim.SGD(lin.parameters(), lr=0.1)
        for zero in (lambda: lin.zero_grad(set_to_none=False), lambda: opt.zero_grad(set_to_none=False)):
            lin(m.ones(4, 3)).sum().backward()
            grads = [p.grad for p in lin.parameters()]
            zero()
            assert all(p.grad is g and not g.any() and not g.requires_grad for p, g in zip(lin.parameters(), grads))


def _extra_state_model(m):
    class WithExtra(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = m.nn.Linear(1, 1)
            self.steps = 3

        def get_extra_state(self):
            return {"steps": self.steps}

        def set_extra_state(self, state):
            self.steps = state["steps"]
    return m.nn.Sequential(WithExtra(), m.nn.ReLU())


def _extra_state_story(m):
    src, dst = _extra_state_model(m), _extra_state_model(m)
    src[0].steps = 7
    sd = src.state_dict()
    obs = [[k if not isinstance(v, m.Tensor) else (k, tuple(v.shape)) for k, v in sd.items()], sd["0._extra_state"]]
    obs.append(repr(dst.load_state_dict(sd)))
    obs.append(dst[0].steps)
    del sd["0._extra_state"]
    obs.append(repr(dst.load_state_dict(sd, strict=False)))
    for load in (lambda: dst.load_state_dict(sd),
                 lambda: m.nn.Linear(1, 1).load_state_dict({**m.nn.Linear(1, 1).state_dict(), "_extra_state": 1}),
                 lambda: m.nn.Linear(1, 1).get_extra_state()):
        with pytest.raises(RuntimeError) as info:
            load()
        obs.append(str(info.value))
    return obs


def test_extra_state_is_saved_and_loaded_as_torch():
    assert _extra_state_story(pullback) == _extra_state_story(torch)


def test_get_buffer_sequential_repetition_and_int_parameter_match_torch():
    def story(m):
        net = m.nn.Sequential(m.nn.BatchNorm1d(2))
        obs = [net.get_buffer("0.running_var").tolist()]
        for bad in ("0.weight", "0.nope"):
            with pytest.raises(AttributeError) as info:
                net.get_buffer(bad)
            obs.append(str(info.value))
        seq = m.nn.Sequential(m.nn.ReLU(), m.nn.Tanh())
        obs += [repr(seq * 2), repr(3 * seq), (seq * 2)[2] is seq[0]]
        seq *= 2
        obs.append(repr(seq))
        for bad in (0, 1.5):
            with pytest.raises((ValueError, TypeError)) as info:
                seq * bad
            obs.append(type(info.value).__name__)
        with pytest.raises(RuntimeError) as info:
            m.nn.Parameter(m.ones(1, dtype=m.int64))
        obs.append(str(info.value))
        return obs
    assert story(pullback) == story(torch)


def test_accumulated_linear_weight_grad_is_not_a_view():
    lin = pullback.nn.Linear(3, 2)
    lin(pullback.ones(4, 3)).sum().backward()
    assert lin.weight.grad._base is None
    lin.weight.grad.detach_()  # torch allows it


# every module class torch also has, built from its required arguments alone: same repr
_REQUIRED = {"in_features": 3, "out_features": 4, "in1_features": 2, "in2_features": 3, "num_features": 4,
             "normalized_shape": 4, "num_groups": 2, "num_channels": 4, "in_channels": 4, "out_channels": 2,
             "kernel_size": 3, "num_embeddings": 10, "embedding_dim": 3, "input_size": 3, "hidden_size": 4,
             "embed_dim": 4, "num_heads": 2, "d_model": 4, "nhead": 2, "upscale_factor": 2, "downscale_factor": 2,
             "groups": 2, "padding": 1, "output_size": 2, "size": 2, "dim": 1, "unflattened_size": (2, 2),
             "lambd": 0.5, "threshold": 0.1, "value": 0.0, "norm_type": 2, "num_layers": 2, "n_classes": 10,
             "cutoffs": [3, 6], "num_classes": 5}


def _module_classes():
    import inspect
    names = []
    for name in sorted(dir(pullback.nn)):
        ours, theirs = getattr(pullback.nn, name), getattr(torch.nn, name, None)
        # base classes, DataParallel (takes a module) and lazy modules are covered by tests/test_nn_lazy.py
        if inspect.isclass(ours) and inspect.isclass(theirs) and issubclass(theirs, torch.nn.Module) \
                and name not in ("Module", "RNNBase", "RNNCellBase", "DataParallel") and not name.startswith("Lazy"):
            names.append(name)
    return names


def _minimal(m, name):
    import inspect
    cls = getattr(m.nn, name)
    if name in ("RNN", "LSTM", "GRU"):
        return cls(3, 4)
    if name.startswith("FractionalMaxPool"):  # (needs an output size or ratio, both optional)
        return cls(2, output_size=3)
    kwargs = {}
    for pname, p in list(inspect.signature(getattr(torch.nn, name).__init__).parameters.items())[1:]:
        if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            if pname == "encoder_layer":
                kwargs[pname] = m.nn.TransformerEncoderLayer(4, 2, 8)
            elif pname == "decoder_layer":
                kwargs[pname] = m.nn.TransformerDecoderLayer(4, 2, 8)
            else:
                kwargs[pname] = _REQUIRED[pname]
    return cls(**kwargs)


@pytest.mark.parametrize("name", _module_classes())
def test_every_module_class_prints_as_torch(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours, theirs = _minimal(pullback, name), _minimal(torch, name)
    assert repr(ours) == repr(theirs)
    assert [(k, tuple(v.shape), str(v.dtype)) for k, v in ours.state_dict().items()] == \
        [(k, tuple(v.shape), str(v.dtype)) for k, v in theirs.state_dict().items()]
    assert [(n, p.requires_grad) for n, p in ours.named_parameters()] == \
        [(n, p.requires_grad) for n, p in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert ours.training == theirs.training


def _functional_module_classes():
    from pullback.nn.modules._wrapper import FunctionalModule
    return sorted(n for n in dir(pullback.nn) if isinstance(getattr(pullback.nn, n), type)
                  and issubclass(getattr(pullback.nn, n), FunctionalModule) and hasattr(torch.nn, n))


@pytest.mark.parametrize("name", _functional_module_classes())
def test_activation_and_loss_constructors_show_torchs_parameters(name):
    import inspect

    def shown(cls):
        return [(p.name, p.default) for p in inspect.signature(cls).parameters.values()
                if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]  # (torch's Sigmoid() is Module's (*args, **kwargs))
    theirs = shown(getattr(torch.nn, name))
    if name == "NLLLoss2d":  # torch's deprecated alias hides NLLLoss's parameters behind (*args, **kwargs)
        theirs = shown(torch.nn.NLLLoss)
    assert shown(getattr(pullback.nn, name)) == theirs


@pytest.mark.parametrize("build", [lambda m: m.nn.PixelShuffle(), lambda m: m.nn.Threshold(0.1),
                                   lambda m: m.nn.Fold(), lambda m: m.nn.Fold(3), lambda m: m.nn.Unfold(),
                                   lambda m: m.nn.LPPool2d(2), lambda m: m.nn.LocalResponseNorm(alpha=0.1),
                                   lambda m: m.nn.ChannelShuffle()])
def test_a_missing_required_constructor_argument_is_refused(build):
    def message(m):
        with pytest.raises(TypeError) as e:
            build(m)
        return str(e.value).split("__init__() ")[1]
    assert message(pullback) == message(torch)


@pytest.mark.parametrize("build", [lambda m: m.nn.Hardtanh(min_value=-2.0, max_value=3.0),
                                   lambda m: m.nn.Hardtanh(-2.0, max_value=0.5),
                                   lambda m: m.nn.Hardtanh(2, 1), lambda m: m.nn.Hardtanh(1.0, 1.0)])
def test_hardtanh_takes_its_deprecated_names_and_checks_its_range(build):
    def outcome(m):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                module = build(m)
            except AssertionError as e:
                return "AssertionError", str(e)
        out = module(m.tensor([-5.0, 0.25, 5.0]))
        return repr(module), out.tolist(), [(w.category, str(w.message), w.filename) for w in caught]
    assert outcome(pullback) == outcome(torch)
