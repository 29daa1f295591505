"""Layers and losses given arguments of the wrong type or value (nn.Linear(n / 2, 10): a float), against
torch: the same error class and message (torch's modules pass sizes on to torch.empty, and its Python
functionals their options to a C++ kernel, whose parsers word the refusal; others are checked in Python),
or the same shapes and values."""
import re
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_outcome

# layer: (valid positional arguments, the positions of its size arguments)
LAYERS = {
    "Linear": ((3, 4), (0, 1)), "Bilinear": ((3, 4, 5), (0, 1, 2)), "Embedding": ((5, 3), (0, 1)),
    "EmbeddingBag": ((5, 3), (0, 1)), "Conv1d": ((2, 4, 3), (0, 1, 2)), "Conv2d": ((2, 4, 3), (0, 1, 2)),
    "Conv3d": ((2, 4, 3), (0, 1, 2)), "ConvTranspose1d": ((2, 4, 3), (0, 1, 2)),
    "ConvTranspose2d": ((2, 4, 3), (0, 1, 2)), "BatchNorm1d": ((3,), (0,)), "BatchNorm2d": ((3,), (0,)),
    "InstanceNorm2d": ((3,), (0,)), "LayerNorm": ((3,), (0,)), "GroupNorm": ((1, 3), (0, 1)),
    "RMSNorm": ((3,), (0,)), "PReLU": ((3,), (0,)), "LocalResponseNorm": ((3,), (0,)),
    "RNN": ((3, 4), (0, 1)), "LSTM": ((3, 4), (0, 1)), "GRU": ((3, 4), (0, 1)), "RNNCell": ((3, 4), (0, 1)),
    "LSTMCell": ((3, 4), (0, 1)), "GRUCell": ((3, 4), (0, 1)), "MultiheadAttention": ((4, 2), (0, 1)),
    "TransformerEncoderLayer": ((4, 2), (0, 1)), "Flatten": ((1, -1), (0, 1)), "Unflatten": ((1, (2, 2)), (0,)),
    "Softmax": ((1,), (0,)), "PixelShuffle": ((2,), (0,)), "ChannelShuffle": ((2,), (0,)),
    "MaxPool2d": ((2,), (0,)), "AvgPool2d": ((2,), (0,)), "AdaptiveAvgPool2d": ((2,), (0,)),
    "Upsample": ((2,), (0,)), "Fold": (((4, 4), 2), (0, 1)), "Unfold": ((2,), (0,)), "ZeroPad2d": ((1,), (0,)),
    "ReflectionPad1d": ((1,), (0,)), "ConstantPad1d": ((1, 0.5), (0,)), "LazyLinear": ((3,), (0,)),
    "LazyConv2d": ((3, 2), (0, 1)), "AdaptiveLogSoftmaxWithLoss": ((8, 10, [4]), (0, 1)),
}
VALUES = [2.0, True, np.int64(2), -1, 0, "x", None]


def _outcome(lib, name, args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (a dropout or lazy-module warning is not compared)
        try:
            module = getattr(lib.nn, name)(*args)
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            return type(e).__name__, str(e).split("\n")[0]
    return "built", [tuple(p.shape) for p in module.parameters() if not isinstance(p, lib.nn.parameter.UninitializedParameter)]


@pytest.mark.parametrize("name", LAYERS)
def test_layer_sizes_of_the_wrong_type_or_value_as_torch(name):
    args, positions = LAYERS[name]
    for i in positions:
        for value in VALUES:
            given = list(args)
            given[i] = value
            assert _outcome(pullback, name, given) == _outcome(torch, name, given), f"nn.{name}{tuple(given)}"


@pytest.mark.parametrize("make", [lambda m: m.nn.LayerNorm(3), lambda m: m.nn.GroupNorm(1, 3),
                                  lambda m: m.nn.RMSNorm(3), lambda m: m.nn.PReLU(3, init=0.1)],
                         ids=["LayerNorm", "GroupNorm", "RMSNorm", "PReLU"])
def test_reset_parameters_restores_the_initial_values_as_torch(make):
    for m in (torch, pullback):
        module = make(m)
        with m.no_grad():
            for p in module.parameters():
                p.mul_(3).add_(1)
        module.reset_parameters()
        want = [p.detach().numpy() for p in make(torch).parameters()]
        np.testing.assert_array_equal([p.detach().numpy() for p in module.parameters()], want)


def test_an_invalid_combination_names_a_parameter_by_its_class_as_torch():
    """torch's parser prints a Tensor subclass by its own name (conv2d got (Tensor, Parameter, ...))."""
    assert_same_outcome(lambda m: m.clamp(m.nn.Parameter(m.ones(1)), "x", "y"))
    with pytest.raises(TypeError, match=re.escape("got (Parameter, str, str)")):
        pullback.clamp(pullback.nn.Parameter(pullback.ones(1)), "x", "y")


@pytest.mark.parametrize("shape", [(2, 1, 0), (3, 0), (0, 2, 0)])
def test_linear_with_no_input_features_as_torch(shape):
    """nn.TransformerEncoderLayer(4, 2, dim_feedforward=0) runs a linear layer of 0 input features: torch
    flattens the input by its leading sizes (-1 is ambiguous for an empty input)."""
    results = []
    for m in (torch, pullback):
        x = m.ones(shape, dtype=m.float64, requires_grad=True)
        w = m.ones((4, 0), dtype=m.float64, requires_grad=True)
        b = m.arange(4.0, dtype=m.float64, requires_grad=True)
        y = m.nn.functional.linear(x, w, b)
        (y * m.arange(4.0, dtype=m.float64)).sum().backward()
        results.append([y.detach().numpy(), x.grad.numpy(), w.grad.numpy(), b.grad.numpy(), y.grad_fn.name()])
    for got, want in zip(results[1], results[0]):
        np.testing.assert_array_equal(got, want)


# layer: (positional arguments, keyword options swept, input), each option given each of OPTION_VALUES; the
# module is built and run once (torch checks many options only when its functional hands them to a kernel)
OPTIONS = {
    "Conv2d": ((2, 4, 3), ("stride", "padding", "dilation", "groups"), (1, 2, 6, 6)),
    "Conv1d": ((2, 4, 3), ("stride", "padding", "dilation", "groups"), (1, 2, 6)),
    "ConvTranspose2d": ((2, 4, 3), ("stride", "padding", "output_padding", "groups", "dilation"), (1, 2, 5, 5)),
    "MaxPool2d": ((2,), ("stride", "padding", "dilation"), (1, 1, 6, 6)),
    "MaxPool1d": ((2,), ("stride", "padding", "dilation"), (1, 1, 6)),
    "AvgPool2d": ((2,), ("stride", "padding", "divisor_override"), (1, 1, 6, 6)),
    "AvgPool1d": ((2,), ("stride", "padding"), (1, 1, 6)),
    "Dropout": ((), ("p",), (4,)), "Dropout2d": ((), ("p",), (1, 2, 3, 3)),
    "LayerNorm": ((3,), ("eps",), (2, 3)), "BatchNorm1d": ((3,), ("eps", "momentum"), (2, 3)),
    "GroupNorm": ((1, 3), ("eps",), (2, 3)),
    "Softmax": ((), ("dim",), (2, 3)), "LogSoftmax": ((), ("dim",), (2, 3)),
    "Flatten": ((), ("start_dim", "end_dim"), (2, 3, 4)),
    "LeakyReLU": ((), ("negative_slope",), (4,)), "ELU": ((), ("alpha",), (4,)), "CELU": ((), ("alpha",), (4,)),
    "Hardtanh": ((), ("min_val", "max_val"), (4,)), "Softplus": ((), ("beta", "threshold"), (4,)),
    "Upsample": ((), ("scale_factor",), (1, 1, 2, 2)), "Unfold": ((2,), ("dilation", "padding", "stride"), (1, 1, 4, 4)),
    "Fold": (((4, 4), 2), ("dilation", "padding", "stride"), (1, 4, 9)),
    "Embedding": ((5, 3), ("padding_idx", "max_norm"), "indices"),
    "CrossEntropyLoss": ((), ("ignore_index", "label_smoothing"), "classes"),
    "NLLLoss": ((), ("ignore_index",), "classes"),
    "RNN": ((3, 4), ("dropout",), (2, 1, 3)), "LSTM": ((3, 4), ("proj_size",), (2, 1, 3)),
    "TransformerEncoderLayer": ((4, 2), ("dim_feedforward", "dropout"), (2, 1, 4)),
    "MultiheadAttention": ((4, 2), ("dropout", "kdim"), "attention"),
    "CosineSimilarity": ((), ("dim", "eps"), "pair"), "PairwiseDistance": ((), ("p", "eps"), "pair"),
}
OPTION_VALUES = [2.0, True, np.int64(2), -1, 0, None, "x", 0.5]


def _run(lib, name, args, kwargs, given):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module = getattr(lib.nn, name)(*args, **kwargs)
            lib.manual_seed(0)
            if given == "indices":
                out = module(lib.tensor([[0, 1], [2, 4]]))
            elif given == "classes":
                out = module(lib.tensor([[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]), lib.tensor([0, 2]))
            elif given == "attention":
                x = lib.ones(2, 1, 4)
                out = module(x, x, x)[0]
            elif given == "pair":
                out = module(lib.ones(2, 3), lib.arange(6.0).reshape(2, 3))
            else:
                out = module(lib.arange(float(np.prod(given))).reshape(given) / 7 - 1)
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            return type(e).__name__, str(e).split("\n")[0]
    return "ran", tuple((out[0] if isinstance(out, tuple) else out).shape)  # (an RNN's: output and state)


@pytest.mark.parametrize("name", OPTIONS)
def test_layer_options_of_the_wrong_type_or_value_as_torch(name):
    args, options, given = OPTIONS[name]
    for option in options:
        for value in OPTION_VALUES:
            where = f"nn.{name}{args} {option}={value!r}"
            assert _run(pullback, name, args, {option: value}, given) == _run(torch, name, args, {option: value},
                                                                                given), where


def _loss_inputs(m, kind):
    g = np.random.default_rng(0)
    x = m.tensor(g.standard_normal((4, 3)).astype(np.float32))
    signs = m.tensor([1.0, -1.0, 1.0, -1.0])
    return {
        "pair": lambda: (x, m.tensor(g.standard_normal((4, 3)).astype(np.float32))),
        "probabilities": lambda: (m.sigmoid(x), m.tensor((g.random((4, 3)) > 0.5).astype(np.float32))),
        "classes": lambda: (x, m.tensor([0, 2, 1, 0])),
        "log-probabilities": lambda: (m.log_softmax(x, 1), m.tensor([0, 2, 1, 0])),
        "distributions": lambda: (m.log_softmax(x, 1), m.softmax(x.flip(0), 1)),
        "ranking": lambda: (x[:, 0], x[:, 1], signs),
        "triplet": lambda: (x, x.flip(0), x * 2),
        "signs": lambda: (x, m.tensor([[1.0, -1, 1], [-1, 1, 1], [1, 1, -1], [-1, -1, 1]])),
        "counts": lambda: (x.abs(), m.tensor(g.random((4, 3)).astype(np.float32))),
        "label lists": lambda: (x, m.tensor([[0, 2, -1], [1, -1, 0], [2, 1, 0], [0, -1, 0]])),
        "cosines": lambda: (x, x.flip(0), signs),
    }[kind]()


# functional loss: (its inputs, the options swept)
LOSS_OPTIONS = {
    "mse_loss": ("pair", ("reduction",)), "l1_loss": ("pair", ("reduction",)),
    "smooth_l1_loss": ("pair", ("reduction", "beta")), "huber_loss": ("pair", ("reduction", "delta")),
    "binary_cross_entropy": ("probabilities", ("reduction", "weight")),
    "binary_cross_entropy_with_logits": ("probabilities", ("reduction", "weight", "pos_weight")),
    "cross_entropy": ("classes", ("reduction", "weight", "label_smoothing", "ignore_index")),
    "nll_loss": ("log-probabilities", ("reduction", "weight", "ignore_index")),
    "kl_div": ("distributions", ("reduction", "log_target")), "margin_ranking_loss": ("ranking", ("reduction", "margin")),
    "triplet_margin_loss": ("triplet", ("reduction", "margin", "p", "eps", "swap")),
    "hinge_embedding_loss": ("signs", ("reduction", "margin")), "soft_margin_loss": ("signs", ("reduction",)),
    "poisson_nll_loss": ("counts", ("reduction", "log_input", "full", "eps")),
    "multilabel_margin_loss": ("label lists", ("reduction",)),
    "multi_margin_loss": ("classes", ("reduction", "p", "margin", "weight")),
    "multilabel_soft_margin_loss": ("signs", ("reduction", "weight")),
    "cosine_embedding_loss": ("cosines", ("reduction", "margin")),
}


def _loss_option_values(m):
    return [None, "x", "sum", 2, -1.5, True, np.float64(0.5), m.tensor(0.5), m.tensor([1.0, 2.0, 3.0]),
            m.tensor([1.0, 2.0]), [1.0, 2.0, 3.0], 0]


def _loss_outcome(lib, name, option, index):
    inputs = _loss_inputs(lib, LOSS_OPTIONS[name][0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (kl_div's reduction='mean' warning)
        try:
            out = getattr(lib.nn.functional, name)(*inputs, **{option: _loss_option_values(lib)[index]})
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            return type(e).__name__, str(e).split("\n")[0]
    return "ran", tuple(out.shape), np.round(out.detach().double().numpy(), 4).tolist()


@pytest.mark.parametrize("name", LOSS_OPTIONS)
def test_loss_options_of_the_wrong_type_or_value_as_torch(name):
    """torch's functional losses hand their options to a C++ kernel, whose parser takes a bool or 0-d tensor
    as a double and refuses a str, a list or a larger tensor, or check them in Python (reduction)."""
    for option in LOSS_OPTIONS[name][1]:
        for index in range(len(_loss_option_values(torch))):
            where = f"F.{name}({option}={_loss_option_values(torch)[index]!r})"
            assert _loss_outcome(pullback, name, option, index) == _loss_outcome(torch, name, option, index), where


@pytest.mark.parametrize("shapes", [((4, 3), (2,)), ([4, 3], [2]), "sizes", ((4, 3), 5)])
def test_broadcast_shapes_names_a_mismatching_shape_as_given(shapes):
    assert_same_outcome(lambda m: m.broadcast_shapes(*((m.Size([4, 3]), m.Size([2])) if shapes == "sizes" else shapes)))


def _x(m, shape=(2, 3, 4, 4)):
    return m.tensor((np.arange(np.prod(shape)).reshape(shape) % 7 / 3 - 1).astype(np.float32))


# functional: (its positional arguments, the options swept with valid values)
FUNCTIONAL_OPTIONS = {
    "dropout": (lambda m: (_x(m),), {"p": 0.5, "training": False}),
    "alpha_dropout": (lambda m: (_x(m),), {"p": 0.5, "training": False}),
    "normalize": (lambda m: (_x(m),), {"p": 2.0, "dim": 1, "eps": 1e-12}),
    "pad": (lambda m: (_x(m), (1, 1)), {"mode": "constant", "value": 0.0}),
    "one_hot": (lambda m: (m.tensor([0, 2, 1]),), {"num_classes": 3}),
    "glu": (lambda m: (_x(m),), {"dim": 1}),
    "hardtanh": (lambda m: (_x(m),), {"min_val": -1.0, "max_val": 1.0}),
    "rrelu": (lambda m: (_x(m),), {"lower": 0.1, "upper": 0.3, "training": False}),
    "local_response_norm": (lambda m: (_x(m), 2), {"alpha": 1e-4, "beta": 0.75, "k": 1.0}),
    "instance_norm": (lambda m: (_x(m),), {"eps": 1e-5, "momentum": 0.1, "use_input_stats": True}),
    "pdist": (lambda m: (_x(m, (4, 3)),), {"p": 2.0}),
    "softmax": (lambda m: (_x(m),), {"dim": 1, "dtype": None}),
    "gelu": (lambda m: (_x(m),), {"approximate": "none"}),
    "adaptive_max_pool2d": (lambda m: (_x(m), 2), {"return_indices": False}),
    "avg_pool2d": (lambda m: (_x(m), 2), {"stride": None, "padding": 0, "ceil_mode": False, "count_include_pad": True,
                                          "divisor_override": None}),
    "lp_pool2d": (lambda m: (_x(m), 2.0, 2), {"stride": None, "ceil_mode": False}),
    "embedding_bag": (lambda m: (m.tensor([0, 2, 1, 3]), _x(m, (5, 3)), m.tensor([0, 2])),
                      {"mode": "mean", "max_norm": None, "norm_type": 2}),
    "affine_grid": (lambda m: (m.eye(2, 3).unsqueeze(0), [1, 1, 3, 3]), {"align_corners": False}),
    "grid_sample": (lambda m: (_x(m, (1, 1, 3, 3)), m.zeros(1, 2, 2, 2)),
                    {"mode": "bilinear", "padding_mode": "zeros", "align_corners": False}),
    "bilinear": (lambda m: (_x(m, (2, 3)), _x(m, (2, 3)), _x(m, (4, 3, 3))), {"bias": None}),
    "conv2d": (lambda m: (_x(m), _x(m, (2, 3, 3, 3))), {"bias": None, "stride": 1, "padding": 0, "dilation": 1,
                                                       "groups": 1}),
    "layer_norm": (lambda m: (_x(m), (4,)), {"weight": None, "bias": None, "eps": 1e-5}),
    "rms_norm": (lambda m: (_x(m), (4,)), {"weight": None, "eps": None}),
    "unfold": (lambda m: (_x(m), 2), {"dilation": 1, "padding": 0, "stride": 1}),
    "elu": (lambda m: (_x(m),), {"alpha": 1.0, "inplace": False}),
    "cosine_similarity": (lambda m: (_x(m), _x(m)), {"dim": 1, "eps": 1e-8}),
    "fractional_max_pool2d": (lambda m: (_x(m), 2), {"output_size": 2, "return_indices": False}),
}


def _functional_outcome(lib, name, option, value):
    build, defaults = FUNCTIONAL_OPTIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            lib.manual_seed(0)
            out = getattr(lib.nn.functional, name)(*build(lib), **dict(defaults, **{option: value}))
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            return type(e).__name__, str(e).split("\n")[0]
    out = out[0] if isinstance(out, tuple) else out
    return "ran", tuple(out.shape), str(out.dtype)


@pytest.mark.parametrize("name", FUNCTIONAL_OPTIONS)
def test_functional_options_of_the_wrong_type_or_value_as_torch(name):
    """torch's Python functionals check some options themselves and hand the rest to a C++ kernel, whose
    parser words the refusal; its C++ functionals parse them all."""
    for option in FUNCTIONAL_OPTIONS[name][1]:
        for index in range(11):
            values = [[None, "x", 2, -1, 2.5, True, np.float64(0.5), np.int64(1), m.tensor(0.5), [1, 2], 0][index]
                      for m in (pullback, torch)]
            assert _functional_outcome(pullback, name, option, values[0]) == \
                _functional_outcome(torch, name, option, values[1]), f"F.{name}({option}={values[1]!r})"


# torch's functions written in Python, which check some options and hand the rest to a C++ kernel
PYTHON_FUNCTION_OPTIONS = {
    "unique": (lambda m: (m.tensor([3, 1, 2, 1]),), {"sorted": True, "return_inverse": False, "return_counts": False,
                                                       "dim": None}),
    "unique_consecutive": (lambda m: (m.tensor([3, 1, 1, 2]),), {"return_inverse": False, "return_counts": False,
                                                                 "dim": None}),
    "split": (lambda m: (_x(m, (3, 4)), 2), {"dim": 0}),
    "norm": (lambda m: (_x(m, (3, 4)),), {"p": "fro", "dim": None, "keepdim": False, "dtype": None}),
    "cdist": (lambda m: (_x(m, (3, 4)), _x(m, (3, 4))), {"p": 2.0, "compute_mode": "use_mm_for_euclid_dist_if_necessary"}),
    "tensordot": (lambda m: (_x(m, (3, 4)), _x(m, (4, 3))), {"dims": 1}),
    "meshgrid": (lambda m: (m.arange(3), m.arange(2)), {"indexing": "ij"}),
    "lu": (lambda m: (_x(m, (3, 3)),), {"pivot": True, "get_infos": False}),
}


def _python_function_outcome(lib, name, option, value):
    build, defaults = PYTHON_FUNCTION_OPTIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = getattr(lib, name)(*build(lib), **dict(defaults, **{option: value}))
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            return type(e).__name__, str(e).split("\n")[0]
    while isinstance(out, (tuple, list)):
        out = out[0]
    return "ran", tuple(out.shape), str(out.dtype)


@pytest.mark.parametrize("name", PYTHON_FUNCTION_OPTIONS)
def test_python_function_options_of_the_wrong_type_or_value_as_torch(name):
    for option in PYTHON_FUNCTION_OPTIONS[name][1]:
        for index in range(11):
            values = [[None, "x", 2, -1, 2.5, True, np.float64(0.5), np.int64(1), m.tensor(1), [1, 2], (0,)][index]
                      for m in (pullback, torch)]
            assert _python_function_outcome(pullback, name, option, values[0]) == \
                _python_function_outcome(torch, name, option, values[1]), f"torch.{name}({option}={values[1]!r})"


@pytest.mark.parametrize("call", [
    lambda m: m.linalg.vector_norm(m.ones(3), dtype="x"), lambda m: m.linalg.vector_norm(m.ones(3), foo=1),
    lambda m: m.special.erf(m.ones(3), dtype=1), lambda m: m.norm(m.ones(3), dtype=2)])
def test_keyword_errors_name_the_function_by_its_kernel_name(call):
    """torch.linalg's and torch.special's functions are linalg_<name> and special_<name> to torch's parser."""
    assert_same_outcome(call)


@pytest.mark.parametrize("call", [
    lambda m: m.nn.Linear(2, 2).to(m.float64, True).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to("cpu", m.float64, True).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to(tensor=m.ones(1, dtype=m.float64)).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to(1.5).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to(np.bool_(True)).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to(float).weight.dtype,
    lambda m: m.nn.Linear(2, 2).to(True),
    lambda m: m.nn.Linear(2, 2).to(int),
    lambda m: m.nn.Linear(2, 2).to(foo=1),
    lambda m: m.nn.Linear(2, 2).to(m.float64, copy=True),
    lambda m: m.nn.Linear(2, 2).to("cpu", "x"),
    lambda m: m.nn.Linear(2, 2).to(m.float64, non_blocking="x"),
    lambda m: m.ones(1).to(np.bool_(True)).dtype,
], ids=["dtype, non_blocking", "device, dtype, non_blocking", "tensor=", "a float", "np.bool_", "float", "True",
        "int", "unknown keyword", "copy", "a str dtype", "a str non_blocking", "Tensor.to np.bool_"])
def test_module_to_reads_its_arguments_as_torch_parse_to(call):
    """Module.to's arguments go through torch's _parse_to, Tensor.to's three forms (a number standing for a
    tensor of it: float64 for a float or a NumPy scalar)."""
    assert_same_outcome(lambda m: m.zeros(1, dtype=call(m)))  # (a dtype compared as a tensor of it)


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_reversed_flips_the_first_dim_as_torch(shape):
    for m in (torch, pullback):
        x = m.arange(float(np.prod(shape))).reshape(shape).requires_grad_()
        y = reversed(x)
        assert isinstance(y, m.Tensor)
        if shape:
            assert type(y.grad_fn).__name__ == "FlipBackward0"
    assert_same_outcome(lambda m: reversed(m.arange(float(np.prod(shape))).reshape(shape)))
