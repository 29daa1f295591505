"""Recurrent layers RNN, LSTM, GRU (and their single-step cells), written with pullback ops.

Each layer projects the whole input sequence through W_ih in one matmul, then steps through time
applying the cell to the hidden state; a bidirectional layer runs a second pass backwards in time.
"""
import math

import pullback

from ... import _creation
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence, pack_steps, unpack_sorted
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _rnn_step(mode, x_proj, h, w_hh, b_hh):
    activation = pullback.tanh if mode == "RNN_TANH" else F.relu
    return activation(x_proj + F.linear(h, w_hh, b_hh))


def _lstm_step(x_proj, state, w_hh, b_hh, w_hr=None):
    h, c = state
    gates = x_proj + F.linear(h, w_hh, b_hh)
    n = c.shape[-1]
    i = pullback.sigmoid(gates[..., :n])
    f = pullback.sigmoid(gates[..., n:2 * n])
    g = pullback.tanh(gates[..., 2 * n:3 * n])
    o = pullback.sigmoid(gates[..., 3 * n:])
    c = f * c + i * g
    h = o * pullback.tanh(c)
    return (h if w_hr is None else F.linear(h, w_hr)), c


def _gru_step(x_proj, h, w_hh, b_hh):
    gh = F.linear(h, w_hh, b_hh)
    n = h.shape[-1]
    r = pullback.sigmoid(x_proj[..., :n] + gh[..., :n])
    z = pullback.sigmoid(x_proj[..., n:2 * n] + gh[..., n:2 * n])
    candidate = pullback.tanh(x_proj[..., 2 * n:] + r * gh[..., 2 * n:])
    return (1 - z) * candidate + z * h


def _cell(mode, x_proj, state, w_hh, b_hh, w_hr=None):
    """One time step: the new state ((h, c) for LSTM, h otherwise); w_hr projects an LSTM's h."""
    if mode == "LSTM":
        return _lstm_step(x_proj, state, w_hh, b_hh, w_hr)
    if mode == "GRU":
        return _gru_step(x_proj, state, w_hh, b_hh)
    return _rnn_step(mode, x_proj, state, w_hh, b_hh)


def _select_batch(hidden, indices):
    """Reorder the batch dimension (1) of a hidden state or an LSTM's (h, c)."""
    if isinstance(hidden, tuple):
        return tuple(h.index_select(1, indices) for h in hidden)
    return hidden.index_select(1, indices)


def _uniform_init(module):
    stdv = 1.0 / math.sqrt(module.hidden_size) if module.hidden_size > 0 else 0
    for weight in module.parameters():
        init.uniform_(weight, -stdv, stdv)


class RNNBase(Module):
    """Shared parameters and forward of RNN, LSTM and GRU (torch's parameter names and layout)."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if not isinstance(hidden_size, int) or hidden_size <= 0:
            raise ValueError("hidden_size must be an integer greater than zero")
        if not isinstance(num_layers, int) or num_layers <= 0:
            raise ValueError("num_layers must be an integer greater than zero")
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        out_size = proj_size or hidden_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            layer_input = input_size if layer == 0 else out_size * directions
            for direction in range(directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                shapes = [("weight_ih", (gate_size, layer_input)), ("weight_hh", (gate_size, out_size))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for name, shape in shapes:
                    setattr(self, name + suffix, Parameter(_creation.empty(*shape, dtype=dtype)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def flatten_parameters(self):
        """Nothing to do on the CPU (torch's cuDNN weight compaction)."""

    def _layer_params(self, layer, direction):
        suffix = f"_l{layer}" + ("_reverse" if direction else "")
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")
        return tuple(self._parameters.get(name + suffix) for name in names)

    def _check_input(self, input):
        if input.dim() not in (2, 3):
            what = "tensor instead" if self.mode not in ("LSTM", "GRU") else "instead"  # torch's two wordings
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D {what}")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.shape[-1]}")

    def forward(self, input, hx=None):
        """(output, h_n) ((output, (h_n, c_n)) for LSTM); a PackedSequence input gives a PackedSequence output."""
        packed = input if isinstance(input, PackedSequence) else None
        masks = None
        if packed is not None:
            self._check_input(packed.data)
            input, lengths = unpack_sorted(packed)
            masks = [_creation.tensor(lengths > t, dtype=input.dtype).reshape(-1, 1)
                     for t in range(input.shape[0])]
            if hx is not None and packed.sorted_indices is not None:
                hx = _select_batch(hx, packed.sorted_indices)
            batched = True
        else:
            self._check_input(input)
            batched = input.dim() == 3
            if hx is not None:
                self._check_hidden_dims(hx, batched)
            if not batched:
                input = input.unsqueeze(1)
                if hx is not None:
                    hx = tuple(h.unsqueeze(1) for h in hx) if self.mode == "LSTM" else hx.unsqueeze(1)
            elif self.batch_first:
                input = input.transpose(0, 1)
        directions = 2 if self.bidirectional else 1
        if hx is None:
            h0, c0 = (_creation.zeros(self.num_layers * directions, input.shape[1], size, dtype=input.dtype)
                      for size in (self.proj_size or self.hidden_size, self.hidden_size))
            hx = (h0, c0) if self.mode == "LSTM" else h0
        else:
            self._check_hidden(hx, input.shape[1], directions)
        layer_input = input
        finals = []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                state = (hx[0][k], hx[1][k]) if self.mode == "LSTM" else hx[k]
                out, state = self._run_direction(layer_input, state, *self._layer_params(layer, direction),
                                                 reverse=bool(direction), masks=masks)
                outputs.append(out)
                finals.append(state)
            layer_input = outputs[0] if directions == 1 else pullback.cat(outputs, dim=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        output = layer_input
        if self.mode == "LSTM":
            h_n = (pullback.stack([s[0] for s in finals]), pullback.stack([s[1] for s in finals]))
        else:
            h_n = pullback.stack(finals)
        if packed is not None:
            output = PackedSequence(pack_steps(output, packed.batch_sizes.tolist()), packed.batch_sizes,
                                    packed.sorted_indices, packed.unsorted_indices)
            if packed.unsorted_indices is not None:
                h_n = _select_batch(h_n, packed.unsorted_indices)
        elif not batched:
            output = output.squeeze(1)
            h_n = tuple(h.squeeze(1) for h in h_n) if self.mode == "LSTM" else h_n.squeeze(1)
        elif self.batch_first:
            output = output.transpose(0, 1)
        return output, h_n

    def _check_hidden_dims(self, hx, batched):
        want, kind = (3, "batched 3-D") if batched else (2, "unbatched 2-D")
        if self.mode == "LSTM":
            if hx[0].dim() != want or hx[1].dim() != want:
                raise RuntimeError(f"For {kind} input, hx and cx should also be {want}-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
        elif hx.dim() != want:
            raise RuntimeError(f"For {kind} input, hx should also be {want}-D but got {hx.dim()}-D tensor")

    def _check_hidden(self, hx, batch, directions):
        sizes = (self.proj_size or self.hidden_size, self.hidden_size)
        for i, (h, size) in enumerate(zip(hx if self.mode == "LSTM" else (hx,), sizes)):
            expected = (self.num_layers * directions, batch, size)
            if tuple(h.shape) != expected:
                name = f"hidden[{i}]" if self.mode == "LSTM" else "hidden"
                raise RuntimeError(f"Expected {name} size {expected}, got {list(h.shape)}")

    def _run_direction(self, input, state, w_ih, w_hh, b_ih, b_hh, w_hr, reverse, masks=None):
        """Step through time; with masks (packed input) a finished sequence keeps its state, so running
        backwards each sequence starts from its own last step."""
        x_proj = F.linear(input, w_ih, b_ih)  # every time step at once
        steps = range(input.shape[0] - 1, -1, -1) if reverse else range(input.shape[0])
        outputs = [None] * input.shape[0]
        for t in steps:
            new = _cell(self.mode, x_proj[t], state, w_hh, b_hh, w_hr)
            if masks is not None:
                keep = masks[t]
                new = tuple(keep * n + (1 - keep) * o for n, o in zip(new, state)) if self.mode == "LSTM" \
                    else keep * new + (1 - keep) * state
            state = new
            outputs[t] = state[0] if self.mode == "LSTM" else state
        return pullback.stack(outputs), state

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu)."""

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size, hidden_size,
                         num_layers, bias, batch_first, dropout, bidirectional, dtype=dtype)


class LSTM(RNNBase):
    """Long short-term memory; forward returns (output, (h_n, c_n))."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, dtype=dtype)


class GRU(RNNBase):
    """Gated recurrent unit."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         dtype=dtype)


class RNNCellBase(Module):
    """Parameters and printing shared by RNNCell, LSTMCell and GRUCell (`num_chunks` gates each)."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_creation.empty(num_chunks * hidden_size, input_size, dtype=dtype))
        self.weight_hh = Parameter(_creation.empty(num_chunks * hidden_size, hidden_size, dtype=dtype))
        for name in ("bias_ih", "bias_hh"):
            self.register_parameter(name, Parameter(_creation.empty(num_chunks * hidden_size, dtype=dtype))
                                    if bias else None)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def _step(self, input, state, mode):
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if state is None:
            zeros = _creation.zeros(input.shape[0], self.hidden_size, dtype=input.dtype)
            state = (zeros, zeros) if mode == "LSTM" else zeros
        elif not batched:
            state = tuple(s.unsqueeze(0) for s in state) if mode == "LSTM" else state.unsqueeze(0)
        out = _cell(mode, F.linear(input, self.weight_ih, self.bias_ih), state, self.weight_hh, self.bias_hh)
        if not batched:
            out = tuple(s.squeeze(0) for s in out) if mode == "LSTM" else out.squeeze(0)
        return out

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class RNNCell(RNNCellBase):
    """One step of an Elman RNN."""

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None, dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        super().__init__(input_size, hidden_size, bias, num_chunks=1, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._step(input, hx, "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU")


class LSTMCell(RNNCellBase):
    """One step of an LSTM: returns (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, dtype=dtype)

    def forward(self, input, hx=None):
        return self._step(input, hx, "LSTM")


class GRUCell(RNNCellBase):
    """One step of a GRU."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, dtype=dtype)

    def forward(self, input, hx=None):
        return self._step(input, hx, "GRU")
