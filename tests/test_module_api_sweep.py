"""A sweep of nn's layers and of the Module API against torch: each case builds the same module in both
libraries and compares what user code can print or inspect (reprs, state dicts, names, shapes, dtypes,
modes, conversions, errors). Parameter values are random in both, so only deterministic tensors
(buffers, norms' weights and biases) are compared by value."""
import warnings
from collections import OrderedDict

import pytest
import torch

import pullback

LIBS = (pullback, torch)

# Every layer class both nn's export (checked below), built with default and with non-default arguments.
# Each spec is an expression over `nn` and `torch`.
LAYERS = [
    # linear
    "nn.Identity()", "nn.Identity(3, foo=4)", "nn.Linear(3, 4)", "nn.Linear(3, 4, bias=False)",
    "nn.Linear(0, 0)", "nn.Bilinear(2, 3, 4)", "nn.Bilinear(2, 3, 4, bias=False)",
    "nn.LazyLinear(4)", "nn.LazyLinear(4, bias=False)",
    # convolutions
    "nn.Conv1d(2, 4, 3)", "nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)",
    "nn.Conv1d(2, 4, 3, padding='same', padding_mode='circular')", "nn.Conv1d(2, 4, 3, padding='valid')",
    "nn.Conv2d(2, 4, 3)", "nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 1))",
    "nn.Conv2d(2, 4, 3, padding_mode='reflect', padding=1)", "nn.Conv2d(2, 4, 3, padding_mode='replicate')",
    "nn.Conv2d(4, 4, 3, groups=4, bias=False, padding='same')", "nn.Conv2d(2, 4, (3,), stride=(1, 1))",
    "nn.Conv3d(2, 4, 3)", "nn.Conv3d(2, 4, (1, 2, 3), stride=2, padding=(0, 1, 2), groups=2)",
    "nn.ConvTranspose1d(2, 4, 3)", "nn.ConvTranspose1d(2, 4, 3, stride=2, output_padding=1, bias=False)",
    "nn.ConvTranspose2d(2, 4, 3)", "nn.ConvTranspose2d(2, 4, (3, 2), stride=2, padding=1, output_padding=(1, 0), "
    "groups=2, dilation=(1, 2))", "nn.ConvTranspose3d(2, 4, 3)", "nn.ConvTranspose3d(2, 4, 2, stride=2, bias=False)",
    "nn.LazyConv1d(4, 3)", "nn.LazyConv2d(4, 3, stride=2, bias=False)", "nn.LazyConv3d(4, 3)",
    "nn.LazyConvTranspose1d(4, 3)", "nn.LazyConvTranspose2d(4, 3, output_padding=1, stride=2)",
    "nn.LazyConvTranspose3d(4, 3)",
    "nn.Fold((4, 5), 2)", "nn.Fold(output_size=4, kernel_size=(2, 3), dilation=2, padding=1, stride=(1, 2))",
    "nn.Unfold(2)", "nn.Unfold((2, 3), dilation=2, padding=1, stride=2)",
    # pooling
    "nn.MaxPool1d(2)", "nn.MaxPool1d(3, 2, 1, dilation=2, return_indices=True, ceil_mode=True)",
    "nn.MaxPool2d(2)", "nn.MaxPool2d((3, 2), stride=(2, 1), padding=1)", "nn.MaxPool3d(2)",
    "nn.MaxPool3d(3, stride=2, padding=1, ceil_mode=True)",
    "nn.AvgPool1d(2)", "nn.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False)",
    "nn.AvgPool2d(2)", "nn.AvgPool2d((3, 2), stride=1, padding=1, divisor_override=2)",
    "nn.AvgPool3d(2)", "nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False, divisor_override=3)",
    "nn.MaxUnpool1d(2)", "nn.MaxUnpool2d(2, stride=1)", "nn.MaxUnpool2d((2, 3), padding=1)", "nn.MaxUnpool3d(2)",
    "nn.LPPool1d(2, 3)", "nn.LPPool1d(1.5, 3, stride=2, ceil_mode=True)", "nn.LPPool2d(2, (2, 3))",
    "nn.LPPool3d(2, 2)",
    "nn.AdaptiveAvgPool1d(3)", "nn.AdaptiveAvgPool2d((3, None))", "nn.AdaptiveAvgPool2d(3)",
    "nn.AdaptiveAvgPool3d((1, 2, 3))", "nn.AdaptiveMaxPool1d(3, return_indices=True)",
    "nn.AdaptiveMaxPool2d((2, 2))", "nn.AdaptiveMaxPool3d(2)",
    "nn.FractionalMaxPool2d(2, output_size=3)", "nn.FractionalMaxPool2d((2, 3), output_ratio=0.5)",
    "nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.5), return_indices=True)",
    # padding
    "nn.ConstantPad1d(2, 3.5)", "nn.ConstantPad1d((1, 2), 0)", "nn.ConstantPad2d(1, -1.0)",
    "nn.ConstantPad2d((1, 2, 3, 4), 2)", "nn.ConstantPad3d(1, 0.5)", "nn.ZeroPad1d(2)", "nn.ZeroPad1d((1, 2))",
    "nn.ZeroPad2d(1)", "nn.ZeroPad2d((1, 2, 3, 4))", "nn.ZeroPad3d(2)", "nn.ReflectionPad1d(2)",
    "nn.ReflectionPad2d((1, 0, 2, 1))", "nn.ReflectionPad3d(1)", "nn.ReplicationPad1d((1, 2))",
    "nn.ReplicationPad2d(2)", "nn.ReplicationPad3d((1, 1, 2, 2, 0, 1))", "nn.CircularPad1d(1)",
    "nn.CircularPad2d((1, 2, 0, 1))", "nn.CircularPad3d(1)",
    # normalization
    "nn.BatchNorm1d(3)", "nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False)",
    "nn.BatchNorm2d(3, track_running_stats=False)", "nn.BatchNorm2d(3, momentum=0.3, bias=False)",
    "nn.BatchNorm3d(3, affine=False, track_running_stats=False)", "nn.LazyBatchNorm1d()",
    "nn.LazyBatchNorm2d(affine=False)", "nn.LazyBatchNorm3d(track_running_stats=False)",
    "nn.SyncBatchNorm(3)", "nn.SyncBatchNorm(3, affine=False, process_group=None)",
    "nn.InstanceNorm1d(3)", "nn.InstanceNorm1d(3, affine=True)", "nn.InstanceNorm2d(3, track_running_stats=True)",
    "nn.InstanceNorm3d(3, eps=1e-3, momentum=0.2, affine=True, track_running_stats=True)",
    "nn.LazyInstanceNorm1d()", "nn.LazyInstanceNorm2d(affine=True)", "nn.LazyInstanceNorm3d(track_running_stats=True)",
    "nn.LayerNorm(4)", "nn.LayerNorm([2, 3], eps=1e-6, elementwise_affine=False)", "nn.LayerNorm((2, 3), bias=False)",
    "nn.GroupNorm(2, 4)", "nn.GroupNorm(1, 3, eps=1e-3, affine=False)", "nn.LocalResponseNorm(2)",
    "nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2.0)", "nn.CrossMapLRN2d(3)",
    "nn.CrossMapLRN2d(5, alpha=1e-3, beta=0.5, k=2)", "nn.RMSNorm(4)", "nn.RMSNorm([2, 3], eps=1e-5)",
    "nn.RMSNorm(4, elementwise_affine=False)",
    # dropout
    "nn.Dropout()", "nn.Dropout(0.2, inplace=True)", "nn.Dropout1d(0.3)", "nn.Dropout2d()", "nn.Dropout3d(0.1, True)",
    "nn.AlphaDropout()", "nn.AlphaDropout(0.2, inplace=True)", "nn.FeatureAlphaDropout(0.4)",
    # activations
    "nn.ReLU()", "nn.ReLU(inplace=True)", "nn.ReLU6()", "nn.ReLU6(True)", "nn.LeakyReLU()",
    "nn.LeakyReLU(0.2, inplace=True)", "nn.ELU()", "nn.ELU(alpha=0.5, inplace=True)", "nn.CELU()",
    "nn.CELU(2.0, True)", "nn.SELU()", "nn.SELU(inplace=True)", "nn.GELU()", "nn.GELU(approximate='tanh')",
    "nn.SiLU()", "nn.SiLU(inplace=True)", "nn.Mish()", "nn.Mish(inplace=True)", "nn.Sigmoid()", "nn.Tanh()",
    "nn.Hardsigmoid()", "nn.Hardsigmoid(inplace=True)", "nn.Hardswish()", "nn.Hardswish(True)", "nn.Hardtanh()",
    "nn.Hardtanh(-2, 3, inplace=True)", "nn.Hardtanh(-2.5, 0.5)", "nn.Hardshrink()", "nn.Hardshrink(0.3)",
    "nn.Softshrink()", "nn.Softshrink(1)", "nn.Tanhshrink()", "nn.Softsign()", "nn.Softplus()",
    "nn.Softplus(beta=2, threshold=10)", "nn.Softplus(0.5, 5.0)", "nn.LogSigmoid()", "nn.Threshold(0.1, 20)",
    "nn.Threshold(1, 2.5, inplace=True)", "nn.GLU()", "nn.GLU(dim=1)", "nn.Softmax()", "nn.Softmax(dim=1)",
    "nn.Softmax(-1)", "nn.Softmin()", "nn.Softmin(0)", "nn.LogSoftmax()", "nn.LogSoftmax(dim=2)", "nn.Softmax2d()",
    "nn.PReLU()", "nn.PReLU(3, init=0.1)", "nn.RReLU()", "nn.RReLU(0.1, 0.3, inplace=True)",
    "nn.MultiheadAttention(4, 2)", "nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False, batch_first=True)",
    "nn.MultiheadAttention(4, 1, dropout=0.1, add_bias_kv=True, add_zero_attn=True)",
    # shape
    "nn.Flatten()", "nn.Flatten(0, 2)", "nn.Unflatten(1, (2, 3))", "nn.Unflatten(-1, torch.Size([2, 2]))",
    "nn.Unflatten(1, [2, 3])", "nn.Unflatten(1, (2, 3.0))", "nn.Unflatten(1, 6)",
    "nn.Unflatten('features', (('C', 2), ('H', 3)))", "nn.PixelShuffle(2)", "nn.PixelUnshuffle(3)",
    "nn.ChannelShuffle(2)", "nn.Upsample(scale_factor=2)", "nn.Upsample(size=(3, 4), mode='bilinear')",
    "nn.Upsample(scale_factor=2.0, mode='bicubic', align_corners=True)", "nn.Upsample(size=5)",
    "nn.UpsamplingNearest2d(scale_factor=2)", "nn.UpsamplingNearest2d(size=3)",
    "nn.UpsamplingBilinear2d(size=(2, 3))", "nn.UpsamplingBilinear2d(scale_factor=1.5)",
    # distance
    "nn.CosineSimilarity()", "nn.CosineSimilarity(dim=0, eps=1e-6)", "nn.PairwiseDistance()",
    "nn.PairwiseDistance(p=1.0, eps=1e-3, keepdim=True)",
    # sparse
    "nn.Embedding(10, 3)", "nn.Embedding(10, 3, padding_idx=-1, max_norm=1.0, norm_type=3.0, "
    "scale_grad_by_freq=True)", "nn.Embedding(5, 2, padding_idx=0, sparse=True)",
    "nn.Embedding.from_pretrained(torch.ones(3, 2), freeze=False)", "nn.Embedding.from_pretrained(torch.ones(3, 2))",
    "nn.EmbeddingBag(10, 3)", "nn.EmbeddingBag(10, 3, mode='sum', max_norm=2.0, padding_idx=1)",
    "nn.EmbeddingBag(10, 3, mode='max', include_last_offset=True, scale_grad_by_freq=True)",
    "nn.EmbeddingBag.from_pretrained(torch.zeros(4, 2), mode='sum')",
    # recurrent
    "nn.RNN(3, 4)", "nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5)",
    "nn.RNN(3, 4, num_layers=2, bidirectional=True)", "nn.LSTM(3, 4)",
    "nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True, proj_size=2)", "nn.LSTM(3, 4, bias=False, dropout=0.0)",
    "nn.GRU(3, 4)", "nn.GRU(3, 4, 3, dropout=0.25, bidirectional=True)", "nn.RNNCell(3, 4)",
    "nn.RNNCell(3, 4, bias=False, nonlinearity='relu')", "nn.LSTMCell(3, 4)", "nn.LSTMCell(3, 4, bias=False)",
    "nn.GRUCell(3, 4)", "nn.GRUCell(3, 4, False)", "nn.RNNBase('LSTM', 3, 4)", "nn.RNNCellBase(3, 4, True, 2)",
    # transformer
    "nn.TransformerEncoderLayer(4, 2, 8)",
    "nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, activation='gelu', batch_first=True, norm_first=True, "
    "bias=False)", "nn.TransformerDecoderLayer(4, 2, 8)",
    "nn.TransformerDecoderLayer(4, 1, 6, activation=torch.nn.functional.gelu, layer_norm_eps=1e-3)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 2, enable_nested_tensor=False)",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 3, nn.LayerNorm(4), "
    "enable_nested_tensor=False)",
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 2, nn.LayerNorm(4))",
    "nn.Transformer(8, 2, 1, 2, 16)", "nn.Transformer(4, 1, 1, 1, 8, dropout=0.0, batch_first=True, norm_first=True)",
    # losses
    "nn.L1Loss()", "nn.L1Loss(reduction='sum')", "nn.MSELoss(reduction='none')", "nn.MSELoss(size_average=False)",
    "nn.CrossEntropyLoss()", "nn.CrossEntropyLoss(weight=torch.ones(3), ignore_index=1, label_smoothing=0.1)",
    "nn.NLLLoss()", "nn.NLLLoss(weight=torch.ones(2), reduction='sum')", "nn.NLLLoss2d()", "nn.BCELoss()",
    "nn.BCELoss(weight=torch.ones(2))", "nn.BCEWithLogitsLoss()", "nn.BCEWithLogitsLoss(pos_weight=torch.ones(3))",
    "nn.BCEWithLogitsLoss(weight=torch.ones(2), pos_weight=torch.ones(2), reduction='sum')",
    "nn.KLDivLoss()", "nn.KLDivLoss(reduction='batchmean', log_target=True)", "nn.HuberLoss()",
    "nn.HuberLoss(delta=0.5, reduction='sum')", "nn.SmoothL1Loss()", "nn.SmoothL1Loss(beta=0.5)",
    "nn.SoftMarginLoss()", "nn.PoissonNLLLoss()", "nn.PoissonNLLLoss(log_input=False, full=True, eps=1e-6)",
    "nn.GaussianNLLLoss()", "nn.GaussianNLLLoss(full=True, eps=1e-3, reduction='sum')",
    "nn.CTCLoss()", "nn.CTCLoss(blank=1, zero_infinity=True)", "nn.HingeEmbeddingLoss()",
    "nn.HingeEmbeddingLoss(margin=2.0)", "nn.CosineEmbeddingLoss(margin=0.5)", "nn.MarginRankingLoss(1.0)",
    "nn.MultiLabelMarginLoss()", "nn.MultiLabelSoftMarginLoss(weight=torch.ones(3))", "nn.MultiMarginLoss()",
    "nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.ones(3))", "nn.TripletMarginLoss()",
    "nn.TripletMarginLoss(margin=2.0, p=1, swap=True)", "nn.TripletMarginWithDistanceLoss()",
    "nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(), margin=0.5, swap=True)",
    "nn.LinearCrossEntropyLoss(5, 10)",
    "nn.LinearCrossEntropyLoss(5, 4, out_features=(2, 3), bias=True, weight=torch.ones(4), ignore_index=-1)",
    "nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])", "nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4], div_value=2.0, "
    "head_bias=True)",
    # containers and wrappers
    "nn.Module()", "nn.Sequential()", "nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))",
    "nn.Sequential(OrderedDict([('fc', nn.Linear(2, 3)), ('act', nn.Tanh()), ('out', nn.Sequential())]))",
    "nn.Sequential(*[nn.Linear(2, 2) for _ in range(3)], nn.ReLU(), nn.ReLU())",
    "nn.Sequential(nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)), nn.Flatten())",
    "nn.ModuleList()", "nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])",
    "nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 3), nn.ReLU(), nn.ReLU(), nn.Linear(2, 2)])",
    "nn.ModuleList([nn.ModuleList([nn.ReLU(), nn.ReLU()]), nn.ModuleList([nn.ReLU(), nn.ReLU()])])",
    "nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.ReLU())] * 2)",
    "nn.ModuleDict()", "nn.ModuleDict({'a': nn.Linear(2, 2), 'b': nn.ReLU(), 'c': nn.ReLU()})",
    "nn.ModuleDict([('z', nn.ModuleList([nn.Tanh()])), ('a', nn.ModuleDict({'x': nn.Identity()}))])",
    "nn.ParameterList()", "nn.ParameterList([nn.Parameter(torch.ones(2, 3)), torch.zeros(4), "
    "nn.Parameter(torch.ones(1).double(), requires_grad=False)])",
    "nn.ParameterList([nn.Parameter(torch.ones(2))] * 2)",
    "nn.ParameterDict()", "nn.ParameterDict({'b': nn.Parameter(torch.ones(2, 2)), 'a': torch.zeros(3)})",
    "nn.ParameterDict([('w', nn.Parameter(torch.ones(0))), ('v', nn.Parameter(torch.ones(2).half()))])",
    "nn.Sequential(nn.ParameterList([nn.Parameter(torch.ones(2))]), nn.ParameterDict({'p': torch.ones(1)}))",
    "nn.Container(a=nn.Linear(2, 2), b=nn.ReLU())", "nn.DataParallel(nn.Linear(2, 3))",
]

# Layers whose parameters are initialized deterministically: their values are compared too.
_DETERMINISTIC = ("nn.BatchNorm", "nn.SyncBatchNorm", "nn.InstanceNorm", "nn.LayerNorm", "nn.GroupNorm", "nn.RMSNorm",
                  "nn.PReLU", "nn.Embedding.from_pretrained", "nn.EmbeddingBag.from_pretrained", "nn.Parameter")


def _try(fn):
    """fn()'s result, or the exception it raises (class and message)."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 (any error is a result to compare)
        return ("raises", type(e).__name__, str(e))


def _tensor(t, values):
    """What user code sees of a tensor: class, shape, dtype, requires_grad (and values if asked)."""
    if t is None:
        return None
    info = (type(t).__name__, tuple(t.shape), str(t.dtype), t.requires_grad)
    return info + (t.tolist(),) if values else info


def _is_lazy(lib, t):
    return isinstance(t, (lib.nn.UninitializedParameter, lib.nn.UninitializedBuffer))


def _tensors(lib, pairs, values):
    return [(k, "uninitialized" if _is_lazy(lib, v) else _tensor(v, values)) for k, v in pairs]


def _build(lib, spec):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = eval(spec, {"nn": lib.nn, "torch": lib, "OrderedDict": OrderedDict})
    return module, [(w.category.__name__, str(w.message)) for w in caught]


def _survey(lib, spec):
    """Everything the sweep compares about one module (a dict of plain Python values)."""
    built = _try(lambda: _build(lib, spec))
    if isinstance(built, tuple) and built[0] == "raises":
        return {"build": built}
    m, warns = built
    values = spec.startswith(_DETERMINISTIC)
    out = {"warnings": warns, "repr": repr(m), "str": str(m), "extra_repr": m.extra_repr(), "name": m._get_name()}
    sd = m.state_dict()
    out["state_dict"] = _tensors(lib, sd.items(), values)
    out["state_dict_vars"] = [(k, type(v).__name__) for k, v in m.state_dict(keep_vars=True, prefix="p.").items()]
    out["params"] = _tensors(lib, m.named_parameters(), values)
    out["params_dup"] = [k for k, _ in m.named_parameters(prefix="top", remove_duplicate=False)]
    out["params_local"] = [k for k, _ in m.named_parameters(recurse=False)]
    out["n_params"] = len(list(m.parameters()))
    out["buffers"] = _tensors(lib, m.named_buffers(), True)
    out["buffers_dup"] = [k for k, _ in m.named_buffers(prefix="x", remove_duplicate=False)]
    out["modules"] = [(k, v._get_name()) for k, v in m.named_modules()]
    out["modules_dup"] = [k for k, _ in m.named_modules(prefix="root", remove_duplicate=False)]
    out["children"] = [(k, v._get_name()) for k, v in m.named_children()]
    names = set(dir(m))
    out["dir"] = [k for k, _ in [*m._parameters.items(), *m._buffers.items(), *m._modules.items()] if k not in names]
    applied = []
    m.apply(lambda mod: applied.append(mod._get_name()))
    out["apply"] = applied
    m.eval()
    out["eval"] = [mod.training for mod in m.modules()]
    m.train()
    out["train"] = [mod.training for mod in m.modules()]
    out["requires_grad_off"] = _try(lambda: [p.requires_grad for p in m.requires_grad_(False).parameters()])
    out["requires_grad_on"] = _try(lambda: [p.requires_grad for p in m.requires_grad_().parameters()])
    if not any(_is_lazy(lib, p) for p in m.parameters()):
        out["double"] = _tensors(lib, m.double().state_dict().items(), False)
        out["half"] = _tensors(lib, m.half().state_dict().items(), False)
        out["float"] = _tensors(lib, m.to(lib.float32).state_dict().items(), False)
        out["params_after"] = _tensors(lib, m.named_parameters(), False)
    out["load"] = _try(lambda: repr(m.load_state_dict(m.state_dict())))
    out["load_loose"] = _try(lambda: repr(m.load_state_dict({"nope": lib.ones(1)}, strict=False)))
    return out


def test_layer_table_covers_both_libraries():
    """Every Module subclass both nn's export is built at least once by the table."""
    def layer_names(lib):
        return {n for n in dir(lib.nn) if isinstance(getattr(lib.nn, n), type)
                and issubclass(getattr(lib.nn, n), lib.nn.Module)}
    common = layer_names(pullback) & layer_names(torch)
    built = {type(_try(lambda: _build(pullback, spec)[0])).__name__ for spec in LAYERS}
    assert common - built == set()


@pytest.mark.parametrize("spec", LAYERS)
def test_layer(spec):
    ours, theirs = (_survey(lib, spec) for lib in LIBS)
    for key in theirs:
        assert ours.get(key) == theirs[key], key


# Module API sessions: each line runs as at a prompt (an expression's repr, or the error a line raises, is what
# the session shows), with `torch` and `nn` the library's.
SESSIONS = {
    "names": """
lin = nn.Linear(2, 3)
lin.add_module('a.b', nn.ReLU())
lin.add_module('', nn.ReLU())
lin.add_module('weight', nn.ReLU())
lin.add_module('training', nn.ReLU())
lin.add_module(1, nn.ReLU())
lin.add_module('x', 3)
lin.add_module('x', None)
lin.register_module('y.z', nn.ReLU())
lin.register_module('y', nn.Tanh())
lin.register_buffer('a.b', torch.ones(1))
lin.register_buffer('', torch.ones(1))
lin.register_buffer('bias', torch.ones(1))
lin.register_buffer('forward', torch.ones(1))
lin.register_buffer(3, torch.ones(1))
lin.register_buffer('buf', [1])
lin.register_parameter('p.q', nn.Parameter(torch.ones(1)))
lin.register_parameter('', nn.Parameter(torch.ones(1)))
lin.register_parameter('y', nn.Parameter(torch.ones(1)))
lin.register_parameter('r', torch.ones(1))
lin.register_parameter('r', torch.ones(1, requires_grad=True) * 2)
lin.register_parameter('s', None)
lin
list(lin.state_dict())
[n for n, _ in lin.named_parameters()]
[n for n, _ in lin.named_modules()]
""",
    "setattr": """
lin = nn.Linear(2, 3)
lin.weight = torch.ones(3, 2)
lin.weight = 3
lin.bias = None
lin.bias
list(lin.state_dict())
lin
seq = nn.Sequential(nn.ReLU())
seq[0] = 3
seq.__setattr__('0', 'relu')
seq.__setattr__('0', None)
seq
list(seq.named_children())
bn = nn.BatchNorm1d(2)
bn.running_mean = 'zeros'
bn.running_mean = torch.ones(2)
bn.running_mean
bn.running_var = None
list(bn.state_dict())
bn.running_var = nn.Parameter(torch.ones(2))
[n for n, _ in bn.named_parameters()], [n for n, _ in bn.named_buffers()]
bn.num_batches_tracked = nn.ReLU()
bn
list(bn.state_dict())
m = nn.Module()
m.t = torch.ones(1)
list(m.state_dict()), 't' in m.__dict__
m.b = nn.Buffer(torch.ones(2), persistent=False)
list(m.state_dict()), [n for n, _ in m.named_buffers()]
m.b = torch.zeros(2)
list(m.state_dict()), m.b
m.c = nn.Buffer(torch.ones(1))
list(m.state_dict())
m.foo
lin.foo
m.__class__.__name__, m._get_name()
class Early(nn.Module):
    def __init__(self):
        self.w = nn.Parameter(torch.ones(1))
Early()
class Early2(nn.Module):
    def __init__(self):
        self.l = nn.Linear(1, 1)
Early2()
class Early3(nn.Module):
    def __init__(self):
        self.register_buffer('b', torch.ones(1))
Early3()
""",
    "delattr": """
lin = nn.Linear(2, 3)
lin.register_buffer('b', torch.ones(1), persistent=False)
lin.sub = nn.ReLU()
del lin.weight
del lin.b
del lin.sub
del lin.nothing
lin
list(lin.state_dict()), list(lin._buffers), lin._non_persistent_buffers_set
lin.weight
lin.b = torch.ones(2)
list(lin.state_dict())
""",
    "get": """
net = nn.Sequential(OrderedDict([('block', nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))), ('act', nn.ReLU())]))
net.get_submodule('')
net.get_submodule('block.1')
net.get_submodule('block.2')
net.get_submodule('block.0.weight')
net.get_submodule('act.x.y')
net.get_parameter('block.0.weight').shape
net.get_parameter('block.1.running_mean')
net.get_parameter('block.0.nope')
net.get_parameter('block.9.weight')
net.get_parameter('block')
net.get_buffer('block.1.num_batches_tracked')
net.get_buffer('block.0.weight')
net.get_buffer('block.1.nope')
net.get_buffer('block.1.training')
net.block.training = 3
net.get_parameter('block.training')
net.block[1].momentum
net.get_submodule('block.1.momentum')
""",
    "traversal": """
shared = nn.Linear(2, 2)
net = nn.Sequential(shared, nn.ReLU(), shared, nn.Sequential(shared, nn.Tanh()))
[n for n, _ in net.named_modules()]
[n for n, _ in net.named_modules(remove_duplicate=False)]
[n for n, _ in net.named_modules(prefix='net')]
[n for n, _ in net.named_children()]
[n for n, _ in net.named_parameters()]
[n for n, _ in net.named_parameters(remove_duplicate=False)]
[n for n, _ in net.named_parameters(prefix='p', recurse=False)]
len(list(net.parameters())), len(list(net.modules())), len(list(net.children()))
list(net.state_dict())
list(net.state_dict(prefix='model.'))
list(net.state_dict(keep_vars=True).values())[0].requires_grad, list(net.state_dict().values())[0].requires_grad
type(list(net.state_dict(keep_vars=True).values())[0]).__name__
net.state_dict()._metadata
nn.BatchNorm2d(2).state_dict()._metadata
order = []
net.apply(lambda mod: order.append(type(mod).__name__)) is net
order
net.eval() is net, [mod.training for mod in net.modules()]
net.train(False) is net, net.training
net.train('yes')
net.train(), [mod.training for mod in net.modules()]
net[3].eval()
[mod.training for mod in net.modules()]
list(net.state_dict(None, 'pre.'))
d = {}
net.state_dict(d, 'pre.') is d, list(d)
list(net.state_dict(None, '', True).values())[0].requires_grad
""",
    "grads": """
lin = nn.Linear(2, 1)
lin(torch.ones(3, 2)).sum().backward()
[p.grad is None for p in lin.parameters()]
lin.zero_grad()
[p.grad for p in lin.parameters()]
lin(torch.ones(3, 2)).sum().backward()
lin.zero_grad(set_to_none=False)
[p.grad for p in lin.parameters()]
lin.requires_grad_(False) is lin
[p.requires_grad for p in lin.parameters()]
lin(torch.ones(1, 2)).requires_grad
lin.requires_grad_()
[p.requires_grad for p in lin.parameters()]
lin.weight.requires_grad_(False).requires_grad
[p.requires_grad for p in lin.parameters()]
lin.requires_grad_(requires_grad=True).weight.requires_grad
""",
    "dtypes": """
bn = nn.BatchNorm1d(2)
bn.double() is bn
[(n, t.dtype) for n, t in bn.state_dict().items()]
bn.half()
[(n, t.dtype) for n, t in bn.state_dict().items()]
bn.float()
bn.to(torch.float64)
[(n, t.dtype) for n, t in bn.state_dict().items()]
bn.to(torch.int32)
bn.to(torch.long)
bn.to(torch.ones(1, dtype=torch.float16)).weight.dtype
bn.to('cpu', torch.float32).weight.dtype
bn.to(dtype=torch.float64).running_var.dtype
bn.to(torch.device('cpu')).weight.dtype
bn.type(torch.float32).weight.dtype
bn.num_batches_tracked.dtype
emb = nn.Embedding(3, 2)
emb.register_buffer('idx', torch.arange(3))
emb.double().idx.dtype, emb.weight.dtype
emb.weight.requires_grad, type(emb.weight).__name__
lin = nn.Linear(2, 2)
w = lin.weight
lin.double().weight is w, w.dtype, w.requires_grad, lin.weight.is_leaf
lin(torch.ones(1, 2, dtype=torch.float64)).dtype
lin.half().bias.dtype
nn.Linear(2, 2, dtype=torch.float64).weight.dtype
nn.Linear(2, 2, dtype=torch.float16).bias.dtype
nn.BatchNorm1d(2, dtype=torch.float64).num_batches_tracked.dtype
nn.Linear(2, 2, dtype=torch.int64)
nn.LSTM(2, 3, dtype=torch.float64).weight_hh_l0.dtype
""",
    "load": """
lin = nn.Linear(2, 3)
lin.load_state_dict(nn.Linear(2, 3).state_dict())
lin.load_state_dict({}, strict=False)
lin.load_state_dict({'weight': torch.ones(3, 2), 'extra': torch.ones(1)}, strict=False)
r = lin.load_state_dict({'weight': torch.ones(3, 2), 'extra': torch.ones(1)}, strict=False)
r.missing_keys, r.unexpected_keys, str(r), r == (['bias'], ['extra'])
lin.load_state_dict({'weight': torch.ones(3, 2)})
lin.load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.ones(3)})
lin.load_state_dict({'weight': torch.ones(3, 2), 'bias': torch.ones(3), 'x.y': torch.ones(1)})
lin.load_state_dict({'weight': torch.ones(3, 2), 'bias': 3})
lin.load_state_dict([('weight', torch.ones(3, 2))])
lin.weight
bn = nn.BatchNorm1d(2)
sd = bn.state_dict()
del sd['num_batches_tracked']
bn.load_state_dict(sd)
bn.register_buffer('np', torch.ones(1), persistent=False)
list(bn.state_dict())
bn.load_state_dict(nn.BatchNorm1d(2).state_dict())
bn.load_state_dict({**nn.BatchNorm1d(2).state_dict(), 'np': torch.ones(1)})
net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 2)))
net.load_state_dict({'0.weight': torch.ones(2, 2)}, strict=False)
net.load_state_dict({'1.0.weight': torch.ones(2, 2), '1.0.bias': torch.zeros(2), '2.weight': torch.ones(1)}, strict=False)
net[1][0].weight
""",
    "containers": """
seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 2), nn.ReLU())
seq[1:3]
seq[-1]
seq[4]
del seq[1]
seq
seq.append(nn.Tanh())
seq.insert(0, nn.Identity())
seq.pop(0)
seq.extend([nn.ReLU(), nn.ReLU()])
len(seq), seq
seq + nn.Sequential(nn.Sigmoid())
seq * 2
seq + 3
ml = nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh()])
ml[5]
ml[-3]
ml.insert(1, nn.Linear(1, 1))
ml
ml.pop(1)
ml[1:]
ml += [nn.ReLU()]
ml
ml + nn.ModuleList([nn.Tanh()])
md = nn.ModuleDict({'b': nn.ReLU(), 'a': nn.Tanh()})
md
list(md.keys()), 'a' in md, len(md)
md['c']
md.pop('a')
md.update([('z', nn.ReLU()), ('y', nn.ReLU())])
md
md['x.y'] = nn.ReLU()
md.clear()
md
pl = nn.ParameterList([torch.ones(2), nn.Parameter(torch.zeros(3, 3), requires_grad=False)])
pl
pl.append('str')
pl.append(torch.ones(1, dtype=torch.float64))
pl
pl[1].requires_grad, type(pl[0]).__name__
pl[9]
len(pl), [n for n, _ in pl.named_parameters()]
pd = nn.ParameterDict({'z': torch.ones(1), 'a': torch.ones(2)})
pd
pd['k'] = 'text'
pd['m'] = torch.ones(2, dtype=torch.float64)
pd
list(pd.keys()), 'z' in pd, len(pd)
pd.pop('z')
pd['nope']
pd.update(OrderedDict([('y', torch.ones(1)), ('b', torch.ones(1))]))
list(pd.keys())
nn.Sequential(OrderedDict([('pl', pl), ('pd', pd), ('md', nn.ModuleDict())]))
pl(1)
pd(1)
nn.ModuleList([nn.Sequential(nn.Linear(1, 1), nn.ReLU()), nn.Sequential(nn.Linear(1, 1), nn.ReLU()), nn.Linear(1, 2)])
nn.Sequential(nn.ModuleList([nn.ReLU()] * 4), nn.ModuleDict({'a': nn.ModuleList()}))
""",
    "custom": """
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.register_buffer('scale', torch.ones(2))
        self.register_buffer('tmp', torch.zeros(1), persistent=False)
        self.w = nn.Parameter(torch.ones(2, 2))
        self.register_parameter('none', None)
        self.register_buffer('nobuf', None)
    def extra_repr(self):
        return 'first line\\nsecond line'
b = Block()
b
[n for n, _ in b.named_parameters()], [n for n, _ in b.named_buffers()], list(b.state_dict())
b.none, b.nobuf
[k for k in ('conv', 'scale', 'tmp', 'w', 'none', 'nobuf') if k in dir(b)]
class One(nn.Module):
    def extra_repr(self):
        return 'just one'
One()
nn.Sequential(One(), Block())
class Named(nn.Module):
    def _get_name(self):
        return 'Renamed'
nn.Sequential(Named())
nn.Module()(1)
nn.Module.__init__(nn.Module(), 3)
nn.Module(foo=1)
""",
    "more": """
class Multi(nn.Module):
    def extra_repr(self):
        return 'a=1,\nb=2'
Multi()
nn.ModuleList([Multi(), Multi()])
import copy
shared = nn.Linear(2, 2)
net = nn.Sequential(shared, shared)
twin = copy.deepcopy(net)
twin[0] is twin[1], twin[0] is shared, twin[0].weight is twin[1].weight, len(list(twin.parameters()))
seq = nn.Sequential(OrderedDict([('a', nn.ReLU()), ('b', nn.Tanh()), ('c', nn.Sigmoid())]))
seq[1:]
seq[::2]
del seq[0]
seq
seq.insert(2, nn.ReLU())
seq.insert(-1, nn.ELU())
seq.insert(9, nn.ReLU())
seq
ml = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()])
ml[::-1]
ml.insert(-1, nn.ELU())
ml
del ml[::2]
ml
md = nn.ModuleDict()
md[1] = nn.ReLU()
md.update(3)
md.update([nn.ReLU()])
md.update([('a', nn.ReLU(), 1)])
pl = nn.ParameterList()
pl.extend(3)
pd = nn.ParameterDict()
pd.update(3)
pd.update([1])
pd.update([('a', 1, 2)])
lazy = nn.LazyLinear(3)
lazy
lazy.weight
[n for n, _ in lazy.named_parameters()], list(lazy.state_dict())
lazy(torch.ones(2, 4)).shape
lazy, type(lazy).__name__
conv = nn.LazyConv2d(4, 3)
conv(torch.ones(1, 2, 5, 5)).shape
conv
bn = nn.LazyBatchNorm1d()
bn(torch.ones(3, 2)).shape
bn, [(n, tuple(t.shape)) for n, t in bn.state_dict().items()]
shared = nn.BatchNorm1d(2)
net = nn.Sequential(shared, shared)
[n for n, _ in net.named_buffers()], [n for n, _ in net.named_buffers(remove_duplicate=False)]
list(net.state_dict())
conv2 = nn.Conv2d(2, 3, 3)
conv2.to(memory_format=torch.channels_last).weight.is_contiguous(memory_format=torch.channels_last)
conv2.weight.stride()
conv2.cpu() is conv2, conv2.float() is conv2, conv2.share_memory() is conv2
conv2.to('cpu', non_blocking=True) is conv2
lin = nn.Linear(2, 2)
lin.weight.grad = torch.ones(2, 2)
lin.double().weight.grad.dtype
lin.weight.grad = torch.ones(2, 2, requires_grad=True) * 1
lin.zero_grad(False)
lin.weight.grad.requires_grad, lin.weight.grad.grad_fn is None
net = nn.Sequential(OrderedDict([('block', nn.Sequential(nn.Linear(2, 2))), ('w', nn.Linear(1, 1))]))
net.set_submodule('block.0', nn.Tanh())
net.set_submodule('block.new', nn.ReLU())
net.set_submodule('block.other', nn.ReLU(), strict=True)
net.set_submodule('', nn.ReLU())
net.set_submodule('block.0', 3)
net.set_submodule('w.weight', nn.ReLU())
net.set_submodule('nope.x', nn.ReLU())
net
nn.Module.dump_patches, nn.Linear.call_super_init
pd = nn.ParameterDict({'a': torch.ones(1), 'b': torch.ones(2)})
pd.setdefault('a').shape, pd.setdefault('c', torch.ones(3)).shape, list(pd.keys())
k, v = pd.popitem()
k, v.shape, list(pd.keys())
pd.copy()
pd.copy()['a'] is pd['a']
pd.fromkeys(['x', 'y'], torch.ones(2))
pd.clear()
pd, len(pd)
pd.popitem()
""",
}


def _session(lib, code):
    """Run code line by line (a def or class with its indented body as one step), as at a prompt."""
    steps, shown = [], []
    for line in code.strip("\n").split("\n"):
        if line.startswith((" ", "\t")) and steps:
            steps[-1] += "\n" + line
        else:
            steps.append(line)
    env = {"torch": lib, "nn": lib.nn, "OrderedDict": OrderedDict}
    for step in steps:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                try:
                    compiled = compile(step, "<session>", "eval")
                except SyntaxError:
                    exec(compile(step, "<session>", "exec"), env)
                    result = None
                else:
                    result = repr(eval(compiled, env))
            except Exception as e:  # noqa: BLE001 (the error is what the session shows)
                result = f"{type(e).__name__}: {e}"
        shown.append((step, result, [str(w.message) for w in caught]))
    return shown


@pytest.mark.parametrize("name", SESSIONS)
def test_module_api_session(name):
    ours, theirs = (_session(lib, SESSIONS[name]) for lib in LIBS)
    assert [mine for mine, ref in zip(ours, theirs) if mine != ref] == []


def test_to_empty_and_compile_as_torch():
    def run(m):
        net = m.nn.Sequential(m.nn.Linear(2, 3), m.nn.BatchNorm1d(3))
        before = [id(p) for p in net.parameters()]
        weight = net[0].weight.data
        assert net.to_empty(device="cpu") is net
        summary = [(n, tuple(t.shape), str(t.dtype), t.requires_grad) for n, t in net.state_dict(keep_vars=True).items()]
        moved = net[0].weight.data is not weight
        shallow = m.nn.Sequential(m.nn.Linear(2, 3))
        child_weight = shallow[0].weight.data
        shallow.to_empty(device="cpu", recurse=False)
        errors = []
        for call in (lambda: net.to_empty(device="cuda"), lambda: net.to_empty("cpu")):
            try:
                call()
            except (AssertionError, TypeError, RuntimeError) as e:
                errors.append((type(e).__name__, str(e).split(" takes")[-1]))
        compiled = net.compile()
        out = net(m.ones(4, 2)).shape
        return (summary, [id(p) for p in net.parameters()] == before, moved, shallow[0].weight.data is child_weight,
                errors, compiled, tuple(out))
    assert run(pullback) == run(torch)
