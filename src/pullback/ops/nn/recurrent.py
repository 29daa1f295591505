"""Recurrent networks as torch's CPU kernels run them (ATen's RNN.cpp): the cells rnn_tanh_cell,
rnn_relu_cell, lstm_cell and gru_cell, and rnn_tanh, rnn_relu, lstm and gru over a padded
(T, B, *) or a packed sequence, with stacked and bidirectional layers. nn.RNN, nn.LSTM, nn.GRU
and their cells call these, as torch's modules call them through _VF.

A layer projects its whole input through W_ih in one linear and unbinds it into steps; the cell
then updates the hidden state step by step, and the steps' outputs are stacked (padded) or
concatenated (packed). Graphs are torch's node for node: torch's cells change their gates in
place (add_, sigmoid_), which records the same nodes as the out-of-place ops written here. torch
runs float32 LSTMs through oneDNN (one MkldnnRnnLayerBackward0 node per layer); pullback keeps
its native path, torch's for every other dtype.
"""
import inspect

import numpy as np

from ..._dtype import float32, scalar_type_name
from ..._runtime import warn_once
from ..._tensor import Tensor
from .._op import _invalid_combination
from ..pointwise import sigmoid, tanh
from ..shape import cat, stack, unsafe_chunk
from .activation import relu
from .dense import linear
from .dropout_family import _dropout, check_probability


# ---------------------------------------------------------------- cells
# One step: (x, hidden, params, pre) -> the new hidden ((h, c) for an LSTM). params are
# (w_ih, w_hh, b_ih, b_hh, w_hr); with `pre`, x is already x W_ih^T + b_ih (a layer projects the
# whole sequence at once). The hidden projection comes first, as in torch.

def _added(a, b):
    """a + b where torch adds in place (a.add_(b)): b may not broadcast a to a larger shape (a
    hidden state of batch 1 against a larger batch)."""
    out = a + b
    if out.shape != a.shape:
        raise RuntimeError(f"output with shape {list(a.shape)} doesn't match the broadcast shape {list(out.shape)}")
    return out


def _tanh_step(x, h, p, pre):
    hh = linear(h, p[1], p[3])
    return tanh(_added(hh, x if pre else linear(x, p[0], p[2])))


def _relu_step(x, h, p, pre):
    hh = linear(h, p[1], p[3])
    return relu(_added(hh, x if pre else linear(x, p[0], p[2])))


def _lstm_step(x, hidden, p, pre):
    h, c = hidden
    hh = linear(h, p[1], p[3])
    i, f, g, o = unsafe_chunk(_added(hh, x if pre else linear(x, p[0], p[2])), 4, 1)
    c = sigmoid(f) * c + sigmoid(i) * tanh(g)
    h = sigmoid(o) * tanh(c)
    return (h if p[4] is None else h.mm(p[4].t())), c


def _gru_step(x, h, p, pre):
    ir, iz, in_ = unsafe_chunk(x if pre else linear(x, p[0], p[2]), 3, 1)
    hr, hz, hn = unsafe_chunk(linear(h, p[1], p[3]), 3, 1)
    r = sigmoid(_added(hr, ir))
    z = sigmoid(hz + iz)
    n = tanh(in_ + hn * r)
    return (h - n) * z + n


def _check_cell_weights(w_ih, w_hh, gates, hidden_size):
    for name, w in (("weight_ih", w_ih), ("weight_hh", w_hh)):
        if w.shape[0] != gates * hidden_size:
            raise RuntimeError(f"{name} first dim must be {gates} * hidden_size = {gates * hidden_size}, but got "
                               f"{w.shape[0]}")


def _check_cell_input(input, input_size):
    if input.size(1) != input_size:
        raise RuntimeError(f"input has inconsistent input_size: got {input.size(1)} expected {input_size}")


def _check_cell_hidden(input, hx, hidden_size, label):
    if input.size(0) != hx.size(0):
        raise RuntimeError(f"Input batch size {input.size(0)} doesn't match hidden{label} batch size {hx.size(0)}")
    if hx.size(1) != hidden_size:
        raise RuntimeError(f"hidden{label} has inconsistent hidden_size: got {hx.size(1)}, expected {hidden_size}")


def _simple_cell(step, input, hx, w_ih, w_hh, b_ih, b_hh):
    hidden_size = w_hh.size(1)
    _check_cell_weights(w_ih, w_hh, 1, hidden_size)
    _check_cell_input(input, w_ih.size(1))
    _check_cell_hidden(input, hx, hidden_size, 0)
    return step(input, hx, (w_ih, w_hh, b_ih, b_hh, None), False)


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step: tanh(input W_ih^T + b_ih + hx W_hh^T + b_hh), input (B, I), hx (B, H)."""
    return _simple_cell(_tanh_step, input, hx, w_ih, w_hh, b_ih, b_hh)


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One Elman step with relu: relu(input W_ih^T + b_ih + hx W_hh^T + b_hh)."""
    return _simple_cell(_relu_step, input, hx, w_ih, w_hh, b_ih, b_hh)


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One LSTM step from hx = (h, c) to the new (h, c).

    The gates (input, forget, cell, output) are the four row blocks of w_ih and w_hh."""
    if len(hx) != 2:
        raise RuntimeError("lstm_cell expects two hidden states")
    hidden_size = w_hh.size(1)
    _check_cell_input(input, w_ih.size(1))
    _check_cell_weights(w_ih, w_hh, 4, hidden_size)
    _check_cell_hidden(input, hx[0], hidden_size, 0)
    _check_cell_hidden(input, hx[1], hidden_size, 1)
    return _lstm_step(input, tuple(hx), (w_ih, w_hh, b_ih, b_hh, None), False)


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """One GRU step; the gates (reset, update, new) are the three row blocks of W_ih and W_hh."""
    _check_cell_input(input, w_ih.size(1))
    _check_cell_hidden(input, hx, w_hh.size(1), 0)
    _check_cell_weights(w_ih, w_hh, 3, w_hh.size(1))
    return _gru_step(input, hx, (w_ih, w_hh, b_ih, b_hh, None), False)


# ---------------------------------------------------------------- layers: one direction over a sequence

def _as_output(hidden):
    return hidden[0] if type(hidden) is tuple else hidden


def _slice(hidden, start, end):
    if type(hidden) is tuple:
        return tuple(h.narrow(0, start, end - start) for h in hidden)
    return hidden.narrow(0, start, end - start)


def _concat(hiddens):
    if type(hiddens[0]) is tuple:
        return tuple(cat(list(parts)) for parts in zip(*hiddens))
    return cat(hiddens)


def _full_layer(step, input, hidden, p, reverse=False):
    """A padded (T, B, *) input: (the stacked outputs, the final hidden)."""
    steps = linear(input, p[0], p[2]).unbind(0)
    outputs = []
    for x in (reversed(steps) if reverse else steps):
        hidden = step(x, hidden, p, True)
        outputs.append(_as_output(hidden))
    if not outputs:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    if reverse:
        outputs.reverse()
    return stack(outputs), hidden


def _packed_layer(batch_sizes, step, data, hidden, p, reverse=False):
    """A packed sequence (data, batch_sizes): step t reads the next batch_sizes[t] rows. Forwards,
    the sequences that have ended leave the hidden state (their final hidden, kept); backwards,
    each sequence joins it with its initial hidden at its last step."""
    x = linear(data, p[0], p[2])
    outputs = []
    if not reverse:
        finals = []
        offset, last = 0, batch_sizes[0]
        for size in batch_sizes:
            if size < last:
                finals.append(_slice(hidden, size, last))
                hidden = _slice(hidden, 0, size)
            hidden = step(x.narrow(0, offset, size), hidden, p, True)
            outputs.append(_as_output(hidden))
            offset, last = offset + size, size
        finals.append(hidden)
        return cat(outputs), _concat(finals[::-1])
    initial = hidden
    offset, last = data.shape[0], batch_sizes[-1]
    hidden = _slice(initial, 0, last)
    for size in reversed(batch_sizes):
        if size > last:
            hidden = _concat([hidden, _slice(initial, last, size)])
        offset -= size
        hidden = step(x.narrow(0, offset, size), hidden, p, True)
        outputs.append(_as_output(hidden))
        last = size
    return cat(outputs[::-1]), hidden


def _layers(step, input, hiddens, params, num_layers, dropout, train, bidirectional, batch_sizes=None):
    """Stacked layers (torch's apply_layer_stack): (the last layer's output, every layer's and
    direction's final hidden); dropout between layers in training."""
    if batch_sizes is None:
        layer = _full_layer
    else:
        def layer(*args, **kwargs):
            return _packed_layer(batch_sizes, *args, **kwargs)
    if bidirectional:
        if len(hiddens) % 2 or len(params) % 2:
            raise RuntimeError("Odd number of params or hiddens given to a bidirectional RNN")
        hiddens = list(zip(hiddens[::2], hiddens[1::2]))
        params = list(zip(params[::2], params[1::2]))
    if num_layers != len(hiddens):
        raise RuntimeError("Expected more hidden states in stacked_rnn")
    if num_layers != len(params):
        raise RuntimeError("Expected more weights in stacked_rnn")
    finals = []
    for i in range(num_layers):
        if bidirectional:
            out, h = layer(step, input, hiddens[i][0], params[i][0])
            out_reverse, h_reverse = layer(step, input, hiddens[i][1], params[i][1], reverse=True)
            input = cat([out, out_reverse], out.dim() - 1)
            finals += [h, h_reverse]
        else:
            input, h = layer(step, input, hiddens[i], params[i])
            finals.append(h)
        if dropout != 0 and train and i < num_layers - 1:
            check_probability(dropout)
            input = _dropout(input, dropout, True, False)
    return input, finals


def _gather_params(params, has_biases, has_projections=False):
    """The flat weight list as per-layer (w_ih, w_hh, b_ih, b_hh, w_hr), None where absent."""
    n = (4 if has_biases else 2) + has_projections
    if len(params) % n:
        raise RuntimeError("got an incorrect number of RNN parameters")
    groups = []
    for i in range(0, len(params), n):
        w_ih, w_hh = params[i:i + 2]
        b_ih, b_hh = params[i + 2:i + 4] if has_biases else (None, None)
        groups.append((w_ih, w_hh, b_ih, b_hh, params[i + n - 1] if has_projections else None))
    return groups


def _batch_size_list(batch_sizes):
    """batch_sizes as a list of ints (torch reads it as int64 data; an empty one crashes torch)."""
    if batch_sizes._data.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {scalar_type_name(batch_sizes._data.dtype)}")
    sizes = batch_sizes._data.reshape(-1).tolist()
    if not sizes:
        raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
    return sizes


# ---------------------------------------------------------------- rnn_tanh, rnn_relu, gru

def _one_hidden(step, input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first):
    if batch_first:
        input = input.transpose(0, 1)
    groups = _gather_params(params, has_biases)
    output, finals = _layers(step, input, hx.unbind(0), groups, num_layers, dropout, train, bidirectional)
    if batch_first:
        output.transpose_(0, 1)  # (torch's in-place transpose: TransposeBackward1)
    return output, stack(finals)


def _one_hidden_packed(step, data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional):
    groups = _gather_params(params, has_biases)
    output, finals = _layers(step, data, hx.unbind(0), groups, num_layers, dropout, train, bidirectional,
                             _batch_size_list(batch_sizes))
    return output, stack(finals)


def _lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first, batch_sizes=None):
    if len(hx) != 2:
        raise RuntimeError("lstm expects two hidden states")
    has_projections = hx[0].size(2) != hx[1].size(2)  # a smaller h: projected by w_hr
    if has_projections and batch_sizes is None and input.dtype == float32 and input.numel():
        warn_once("LSTM with projections is not supported with oneDNN. Using default implementation.")
    if batch_first:
        input = input.transpose(0, 1)
    groups = _gather_params(params, has_biases, has_projections)
    if batch_sizes is not None:
        batch_sizes = _batch_size_list(batch_sizes)
    hiddens = list(zip(hx[0].unbind(0), hx[1].unbind(0)))
    output, finals = _layers(_lstm_step, input, hiddens, groups, num_layers, dropout, train, bidirectional,
                             batch_sizes)
    if batch_first:
        output = output.transpose(0, 1)
    return output, stack([h for h, _ in finals]), stack([c for _, c in finals])


def _padded_form(step):
    def padded(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first):
        return _one_hidden(step, input, hx, params, has_biases, num_layers, dropout, train, bidirectional,
                           batch_first)
    return padded


def _packed_form(step):
    def packed(data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional):
        return _one_hidden_packed(step, data, batch_sizes, hx, params, has_biases, num_layers, dropout, train,
                                  bidirectional)
    return packed


def _lstm_padded(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first):
    return _lstm(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)


def _lstm_packed(data, batch_sizes, hx, params, has_biases, num_layers, dropout, train, bidirectional):
    return _lstm(data, hx, params, has_biases, num_layers, dropout, train, bidirectional, False, batch_sizes)


def _overloaded(name, padded, packed, hx_type):
    """torch.<name> with ATen's two overloads: (input, hx, params, has_biases, num_layers, dropout,
    train, bidirectional, batch_first) over a padded sequence, and (data, batch_sizes, hx, params,
    has_biases, num_layers, dropout, train, bidirectional) over a packed one, told apart as torch's
    parser does: by a tensor where the padded form has its hx (lstm) or its params (the others)."""
    at = 1 if hx_type == "tuple of Tensors" else 2
    forms = [(packed, inspect.signature(packed)), (padded, inspect.signature(padded))]
    listing = (f" * (Tensor data, Tensor batch_sizes, {hx_type} hx, tuple of Tensors params, bool has_biases, int "
               "num_layers, float dropout, bool train, bool bidirectional)\n"
               f" * (Tensor input, {hx_type} hx, tuple of Tensors params, bool has_biases, int num_layers, float "
               "dropout, bool train, bool bidirectional, bool batch_first)\n")

    def function(*args, **kwargs):
        is_packed = "batch_sizes" in kwargs or (len(args) > at and isinstance(args[at], Tensor))
        fn, signature = forms[0] if is_packed else forms[1]
        try:
            signature.bind(*args, **kwargs)
        except TypeError:
            raise _invalid_combination(name, args, kwargs, listing) from None
        return fn(*args, **kwargs)
    function.__name__ = function.__qualname__ = name
    return function


rnn_tanh = _overloaded("rnn_tanh", _padded_form(_tanh_step), _packed_form(_tanh_step), "Tensor")
rnn_tanh.__doc__ = """Elman RNN layers with tanh over a padded or a packed sequence: (output, h_n).

The input is (T, B, I) ((B, T, I) with batch_first), or packed as (data, batch_sizes); params
lists each layer's and direction's w_ih, w_hh (and b_ih, b_hh with has_biases)."""
rnn_relu = _overloaded("rnn_relu", _padded_form(_relu_step), _packed_form(_relu_step), "Tensor")
rnn_relu.__doc__ = """rnn_tanh with relu: (output, h_n) over a padded or a packed sequence."""
gru = _overloaded("gru", _padded_form(_gru_step), _packed_form(_gru_step), "Tensor")
gru.__doc__ = """GRU layers over a padded or a packed sequence: (output, h_n).

params as rnn_tanh's, each weight holding the rows of three gates (reset, update, new)."""
lstm = _overloaded("lstm", _lstm_padded, _lstm_packed, "tuple of Tensors")
lstm.__doc__ = """LSTM layers over a padded or a packed sequence: (output, h_n, c_n) from hx = (h_0, c_0).

params per layer and direction: w_ih, w_hh (b_ih, b_hh with has_biases) and, when h_0 is
smaller than c_0, the projection w_hr."""


__all__ = ["rnn_tanh", "rnn_relu", "lstm", "gru", "rnn_tanh_cell", "rnn_relu_cell", "lstm_cell", "gru_cell"]
