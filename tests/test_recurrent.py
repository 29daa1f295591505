"""torch.rnn_tanh, rnn_relu, lstm and gru (padded and packed overloads) and their cells against
torch: values, graphs node for node, gradients and second-order gradients, errors; and the
nn modules running on them."""
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pullback
from oracle import _graph, assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(5)
T, B, I, H = 3, 2, 4, 5
BATCH_SIZES = np.array([3, 3, 2, 1])  # a packed batch of sequences of lengths 4, 3, 2


def r(*shape):
    return RNG.standard_normal(shape)


def weights(gates, layers=1, directions=1, bias=True, proj=0):
    """The flat parameter list of torch's modules: per layer and direction w_ih, w_hh[, b_ih, b_hh][, w_hr]."""
    out = []
    for layer in range(layers):
        for _ in range(directions):
            width = I if layer == 0 else (proj or H) * directions
            out += [r(gates * H, width), r(gates * H, proj or H)]
            out += [r(gates * H), r(gates * H)] if bias else []
            out += [r(proj, H)] if proj else []
    return out


ONE_HIDDEN = [("rnn_tanh", 1), ("rnn_relu", 1), ("gru", 3)]
# (layers, bidirectional, bias, batch_first)
LAYOUTS = [(1, False, True, False), (2, True, False, True), (2, False, True, False)]
PADDED = [(f"{name}_{layers}l_{'bi' if bi else 'uni'}_{'bias' if bias else 'nobias'}{'_bf' if bf else ''}",
           name, gates, layers, bi, bias, bf) for name, gates in ONE_HIDDEN for layers, bi, bias, bf in LAYOUTS]


@pytest.mark.parametrize("case", PADDED, ids=[c[0] for c in PADDED])
def test_one_hidden_padded(case):
    _, name, gates, layers, bi, bias, bf = case
    dirs = 2 if bi else 1
    check(lambda m, x, h, *ps: getattr(m, name)(x, h, list(ps), bias, layers, 0.0, True, bi, bf),
          r(B, T, I) if bf else r(T, B, I), r(layers * dirs, B, H), *weights(gates, layers, dirs, bias))


@pytest.mark.parametrize("name,gates", ONE_HIDDEN)
@pytest.mark.parametrize("layers,bi,bias", [(1, False, True), (2, True, False)])
def test_one_hidden_packed(name, gates, layers, bi, bias):
    dirs = 2 if bi else 1
    check(lambda m, x, h, *ps: getattr(m, name)(x, m.tensor(BATCH_SIZES), h, list(ps), bias, layers, 0.0, True, bi),
          r(BATCH_SIZES.sum(), I), r(layers * dirs, BATCH_SIZES[0], H), *weights(gates, layers, dirs, bias))


LSTMS = [(1, False, True, False, 0), (2, True, True, True, 3), (1, True, False, False, 0), (1, False, False, True, 2)]


@pytest.mark.parametrize("layers,bi,bias,bf,proj", LSTMS)
def test_lstm_padded(layers, bi, bias, bf, proj):
    dirs, steps = (2 if bi else 1), 5 - 2 * layers  # (the graphs compared grow fast with steps and layers)
    check(lambda m, x, h, c, *ps: m.lstm(x, (h, c), list(ps), bias, layers, 0.0, True, bi, bf),
          r(B, steps, I) if bf else r(steps, B, I), r(layers * dirs, B, proj or H), r(layers * dirs, B, H),
          *weights(4, layers, dirs, bias, proj))


@pytest.mark.parametrize("layers,bi,bias,proj", [(1, False, True, 0), (2, True, True, 3), (1, True, False, 0)])
def test_lstm_packed(layers, bi, bias, proj):
    dirs = 2 if bi else 1
    check(lambda m, x, h, c, *ps: m.lstm(x, m.tensor(BATCH_SIZES), [h, c], tuple(ps), bias, layers, 0.0, True, bi),
          r(BATCH_SIZES.sum(), I), r(layers * dirs, 3, proj or H), r(layers * dirs, 3, H),
          *weights(4, layers, dirs, bias, proj))


def test_keywords_pick_the_overload():
    x, h, ps = r(T, B, I), r(1, B, H), weights(1)
    check(lambda m, x, h, *ps: m.rnn_tanh(input=x, hx=h, params=ps, has_biases=True, num_layers=1, dropout=0.0,
                                          train=False, bidirectional=False, batch_first=False), x, h, *ps)
    check(lambda m, x, h, *ps: m.rnn_tanh(x, batch_sizes=m.tensor(BATCH_SIZES), hx=h, params=ps, has_biases=True,
                                          num_layers=1, dropout=0.0, train=False, bidirectional=False),
          r(9, I), r(1, 3, H), *ps)


@pytest.mark.parametrize("name,gates", ONE_HIDDEN)
def test_one_hidden_cells(name, gates):
    check(lambda m, x, h, *ps: getattr(m, name + "_cell")(x, h, *ps), r(B, I), r(B, H), *weights(gates))
    check(lambda m, x, h, w_ih, w_hh: getattr(m, name + "_cell")(x, h, w_ih, w_hh), r(B, I), r(B, H),
          *weights(gates, bias=False))


def test_lstm_cell():
    check(lambda m, x, h, c, *ps: m.lstm_cell(x, (h, c), *ps), r(B, I), r(B, H), r(B, H), *weights(4))
    w_ih, w_hh, _, b_hh = weights(4)
    check(lambda m, x, h, c, w_ih, w_hh, b_hh: m.lstm_cell(x, [h, c], w_ih, w_hh, None, b_hh),
          r(B, I), r(B, H), r(B, H), w_ih, w_hh, b_hh)


def test_float32():
    """Values and gradients in float32 (torch runs its LSTM through oneDNN there: another graph)."""
    f = [a.astype(np.float32) for a in [r(T, B, I), r(1, B, H), r(1, B, H)] + weights(4)]
    check(lambda m, x, h, c, *ps: m.lstm(x, (h, c), list(ps), True, 1, 0.0, True, False, False), *f,
          atol=1e-5, rtol=1e-4, check_name=False, gradgrad=False)
    g = [a.astype(np.float32) for a in [r(T, B, I), r(1, B, H)] + weights(3)]
    check(lambda m, x, h, *ps: m.gru(x, h, list(ps), True, 1, 0.0, True, False, False), *g, atol=1e-5, rtol=1e-4)


def test_finite_differences():
    gradcheck_fd(lambda m, x, h, c, *ps: m.lstm(x, (h, c), list(ps), True, 1, 0.0, True, False, False),
                 r(2, 1, I), r(1, 1, H), r(1, 1, H), *weights(4))
    gradcheck_fd(lambda m, x, h, *ps: m.gru_cell(x, h, *ps), r(1, I), r(1, H), *weights(3))


def _dropped(m, p, train, packed=False):
    m.manual_seed(0)
    x, h = m.tensor(DROP_X, requires_grad=True), m.tensor(DROP_H)
    ps = [m.tensor(w, requires_grad=True) for w in DROP_W]
    if packed:
        return m.rnn_relu(x.reshape(-1, I), m.tensor(np.array([B] * T)), h, ps, True, 2, p, train, False)
    return m.rnn_relu(x, h, ps, True, 2, p, train, False, False)


DROP_X, DROP_H, DROP_W = r(T, B, I), r(2, B, H), weights(1, layers=2)


@pytest.mark.parametrize("packed", [False, True])
def test_dropout_between_layers(packed):
    # all dropped, and evaluation: deterministic, so torch's values
    for p, train in ((1.0, True), (0.5, False)):
        ours, theirs = _dropped(pullback, p, train, packed), _dropped(torch, p, train, packed)
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-12, atol=1e-12)
            assert _graph(a.grad_fn) == _graph(b.grad_fn)
    # a random mask: torch's graph (a MulBackward0 between the layers), repeatable with the seed
    ours, theirs = _dropped(pullback, 0.5, True, packed), _dropped(torch, 0.5, True, packed)
    assert _graph(ours[0].grad_fn) == _graph(theirs[0].grad_fn)
    again = _dropped(pullback, 0.5, True, packed)
    assert np.array_equal(ours[0].detach().numpy(), again[0].detach().numpy())
    assert not np.allclose(ours[0].detach().numpy(), _dropped(pullback, 0.5, False, packed)[0].detach().numpy())


X, HX, W1 = r(T, B, I), r(1, B, H), weights(1)
ERRORS = [
    (lambda m, x, h, *p: m.rnn_tanh(x, h, list(p[:3]), True, 1, 0.0, True, False, False), [X, HX, *W1],
     "got an incorrect number of RNN parameters"),
    (lambda m, x, h, *p: m.rnn_tanh(x, h, list(p), True, 2, 0.0, True, False, False), [X, HX, *W1],
     "Expected more hidden states in stacked_rnn"),
    (lambda m, x, h, *p: m.rnn_relu(x, h, list(p), False, 1, 0.0, True, False, False), [X, HX, *W1],
     "Expected more weights in stacked_rnn"),
    (lambda m, x, h, *p: m.gru(x, h, list(p), True, 1, 0.0, True, True, False), [X, HX, *weights(3)],
     "Odd number of params or hiddens given to a bidirectional RNN"),
    (lambda m, x, h, *p: m.rnn_tanh(x, h[..., :4], list(p), True, 1, 0.0, True, False, False), [X, HX, *W1],
     "mat1 and mat2 shapes cannot be multiplied (2x4 and 5x5)"),
    (lambda m, x, h, *p: m.rnn_tanh(x[:0], h, list(p), True, 1, 0.0, True, True, False), [X, r(2, B, H), *W1, *W1],
     "Expected sequence length to be larger than 0 in RNN"),
    (lambda m, x, h, *p: m.rnn_tanh(x, h, list(p), True, 1, 0.0, True, False), [X, HX, *W1],
     "rnn_tanh() received an invalid combination of arguments"),
    (lambda m, x, h, *p: m.rnn_relu(x, h, list(p), True, 2, 1.5, True, False, False),
     [X, r(2, B, H), *weights(1, layers=2)], "dropout probability has to be between 0 and 1, but got 1.5"),
    (lambda m, x, h, *p: m.rnn_tanh(x, m.tensor(np.array([3, 3, 2, 1], np.int32)), h, list(p), True, 1, 0.0, True,
                                    False), [r(9, I), r(1, 3, H), *W1], "expected scalar type Long but found Int"),
    (lambda m, x, h, *p: m.gru(x, m.tensor(BATCH_SIZES), h, list(p), True, 1, 0.0, True, False),
     [r(9, I), r(1, 4, H), *weights(3)], "The size of tensor a (4) must match the size of tensor b (3)"),
    # torch adds the input's projection into the hidden one in place: a hidden batch of 1 does not broadcast
    (lambda m, x, h, *p: m.rnn_tanh(x, h[:, :1], list(p), True, 1, 0.0, True, False, False), [X, HX, *W1],
     "output with shape [1, 5] doesn't match the broadcast shape [2, 5]"),
    (lambda m, x, h, *p: m.gru(x, h[:, :1], list(p), True, 1, 0.0, True, False, False), [X, HX, *weights(3)],
     "output with shape [1, 5] doesn't match the broadcast shape [2, 5]"),
    (lambda m, x, h, *p: m.lstm(x, (h[:, :1], h), list(p), True, 1, 0.0, True, False, False), [X, HX, *weights(4)],
     "output with shape [1, 20] doesn't match the broadcast shape [2, 20]"),
    (lambda m, x, h, *p: m.lstm(x, (h,), list(p), True, 1, 0.0, True, False, False), [X, HX, *weights(4)],
     "lstm expects two hidden states"),
    (lambda m, x, h, *p: m.lstm(x, (h[0], h), list(p), True, 1, 0.0, True, False, False), [X, HX, *weights(4)],
     "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
    (lambda m, x, h, *p: m.lstm(x, (h[..., :3], h), list(p), True, 1, 0.0, True, False, False),
     [X, HX, *weights(4)], "got an incorrect number of RNN parameters"),
    (lambda m: m.lstm(1, 2), [], "lstm() received an invalid combination of arguments"),
    (lambda m, x, h, *p: m.lstm_cell(x, (h,), *p), [r(B, I), r(B, H), *weights(4)],
     "lstm_cell expects two hidden states"),
    (lambda m, x, h, *p: m.lstm_cell(x[:, :3], (h, h), *p), [r(B, I), r(B, H), *weights(4)],
     "input has inconsistent input_size: got 3 expected 4"),
    (lambda m, x, h, *p: m.lstm_cell(x, (h[:1], h), *p), [r(B, I), r(B, H), *weights(4)],
     "Input batch size 2 doesn't match hidden0 batch size 1"),
    (lambda m, x, h, *p: m.lstm_cell(x, (h, h[:, :3]), *p), [r(B, I), r(B, H), *weights(4)],
     "hidden1 has inconsistent hidden_size: got 3, expected 5"),
    (lambda m, x, h, w_ih, w_hh: m.lstm_cell(x, (h, h), w_ih[:8], w_hh), [r(B, I), r(B, H), *weights(4, bias=False)],
     "weight_ih first dim must be 4 * hidden_size = 20, but got 8"),
    (lambda m, x, h, w_ih, w_hh: m.rnn_tanh_cell(x, h, w_ih, w_hh), [r(B, I), r(B, H), *weights(4, bias=False)[:1],
                                                                     r(H, H)],
     "weight_ih first dim must be 1 * hidden_size = 5, but got 20"),
    (lambda m, x, h, w_ih, w_hh: m.rnn_relu_cell(x[0], h[0], w_ih, w_hh), [r(B, I), r(B, H), *weights(1, bias=False)],
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    (lambda m, x, h, w_ih, w_hh: m.gru_cell(x, h, w_ih, w_hh[:, :2]), [r(B, I), r(B, H), *weights(3, bias=False)],
     "hidden0 has inconsistent hidden_size: got 5, expected 2"),
    (lambda m, x, h, w_ih, w_hh: m.gru_cell(x.float(), h, w_ih, w_hh), [r(B, I), r(B, H), *weights(3, bias=False)],
     "expected m1 and m2 to have the same dtype, but got: float != double"),
]


@pytest.mark.parametrize("fn,arrays,phrase", ERRORS, ids=[e[2][:40] for e in ERRORS])
def test_errors(fn, arrays, phrase):
    assert_same_error(fn, *arrays, phrase=phrase)


# ---------------------------------------------------------------- the modules on these functions

MODULES = [
    lambda m: m.nn.LSTM(I, H, 2, bidirectional=True),
    lambda m: m.nn.LSTM(I, H, proj_size=2, batch_first=True),
    lambda m: m.nn.GRU(I, H, bias=False),
    lambda m: m.nn.RNN(I, H, nonlinearity="relu", batch_first=True),
]


def _module_pair(build):
    torch.manual_seed(0)
    th = build(torch).double()
    pb = build(pullback).double()
    pb.load_state_dict(OrderedDict((k, pullback.tensor(v.detach().numpy())) for k, v in th.state_dict().items()))
    return pb, th


def _flat(out):
    return [t for o in out for t in (_flat(o) if isinstance(o, tuple) else [o])]


@pytest.mark.parametrize("build", MODULES)
@pytest.mark.parametrize("form", ["batched", "unbatched", "packed"])
def test_modules_record_torchs_graph(build, form):
    pb, th = _module_pair(build)
    x = r(T, I) if form == "unbatched" else r(T, B, I)
    outs = []
    for m, module in ((pullback, pb), (torch, th)):
        inp = m.tensor(x, requires_grad=True)
        if form == "packed":  # (from a leaf: pack_padded_sequence records its own node in torch)
            rnn = m.nn.utils.rnn
            packed = rnn.pack_padded_sequence(inp.detach(), [2, 3], enforce_sorted=False)
            inp = rnn.PackedSequence(packed.data.requires_grad_(), *packed[1:])
        out = module(inp)
        outs.append(_flat([out[0].data if form == "packed" else out[0], out[1]]))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-10, atol=1e-12)
        assert _graph(a.grad_fn) == _graph(b.grad_fn)


COVERED = ["rnn_tanh", "rnn_relu", "lstm", "gru", "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"]
