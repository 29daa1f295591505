"""Recurrent layers RNN, LSTM, GRU and their single-step cells: the parameters, the checks and
the unbatched and packed inputs around torch.rnn_tanh/rnn_relu/lstm/gru and their cells
(ops/nn/recurrent.py), which do the computing, as torch's modules around _VF."""
import math
import numbers
import warnings

from ... import _creation
from ...ops.nn import recurrent
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}
# the torch.* functions the modules run (torch's modules call them through _VF)
_LAYERS = {"RNN_TANH": recurrent.rnn_tanh, "RNN_RELU": recurrent.rnn_relu, "LSTM": recurrent.lstm,
           "GRU": recurrent.gru}
_CELLS = {"RNN_TANH": recurrent.rnn_tanh_cell, "RNN_RELU": recurrent.rnn_relu_cell, "LSTM": recurrent.lstm_cell,
          "GRU": recurrent.gru_cell}


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
    """Shared parameters and forward of RNN, LSTM and GRU (torch's parameter names and layout).

    As torch's, RNNBase itself has no forward: RNN, LSTM and GRU take its `_forward` as theirs."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)  # (before the checks, as torch's: float(None) is its TypeError)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        # torch's checks, in its order
        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the probability of an "
                             "element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
                          f"expects num_layers greater than 1, but got dropout={dropout} and num_layers={num_layers}",
                          stacklevel=2)
        for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                  ("input_size", input_size, int), ("hidden_size", hidden_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f"{name} should be of type {kind.__name__}, got: {type(value).__name__}")
            if kind is int and value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        out_size = proj_size or hidden_size
        directions = 2 if bidirectional else 1
        gate_size = _GATES[mode] * hidden_size if _GATES[mode] > 1 else hidden_size  # (as torch's: True stays a bool)
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
                    setattr(self, name + suffix, Parameter(_creation.empty(shape, dtype=dtype)))
                    self._flat_weights_names.append(name + suffix)
        self.reset_parameters()

    def reset_parameters(self):
        _uniform_init(self)

    def flatten_parameters(self):
        """Nothing to do on the CPU (torch's cuDNN weight compaction)."""

    def _check_input(self, input, packed=False):
        if input.dim() not in (2, 3):
            what = "tensor instead" if self.mode not in ("LSTM", "GRU") else "instead"  # torch's two wordings
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D {what}")
        w = getattr(self, self._flat_weights_names[0])
        if input.dtype != w.dtype and not packed:  # (torch leaves a packed one to the product's error)
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype ({w.dtype}). Convert input: "
                             f"input.to({w.dtype}), or convert model: model.to({input.dtype})")
        if input.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected {self.input_size}, "
                               f"got {input.shape[-1]}")

    def _forward(self, input, hx=None):
        """(output, h_n) ((output, (h_n, c_n)) for LSTM); a PackedSequence input gives a PackedSequence output."""
        lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        if packed:
            input, batch_sizes, sorted_indices, unsorted_indices = input
            self._check_input(input, packed=True)
            batch = int(batch_sizes[0])
            if hx is not None and sorted_indices is not None:
                hx = _select_batch(hx, sorted_indices)
        else:
            self._check_input(input)
            batched = input.dim() == 3
            batch_dim = 0 if self.batch_first else 1
            if hx is not None:
                self._check_hidden_dims(hx, batched)
            if not batched:
                input = input.unsqueeze(batch_dim)
                if hx is not None:
                    hx = tuple(h.unsqueeze(1) for h in hx) if lstm else hx.unsqueeze(1)
            batch = input.shape[batch_dim]
        directions = 2 if self.bidirectional else 1
        if hx is None:
            h0, c0 = (_creation.zeros(self.num_layers * directions, batch, size, dtype=input.dtype)
                      for size in (self.proj_size or self.hidden_size, self.hidden_size))
            hx = (h0, c0) if lstm else h0
        else:
            self._check_hidden(hx, batch, directions)
        weights = [getattr(self, name) for name in self._flat_weights_names]
        run = _LAYERS[self.mode]
        if packed:
            result = run(input, batch_sizes, hx, weights, self.bias, self.num_layers, self.dropout, self.training,
                         self.bidirectional)
        else:
            result = run(input, hx, weights, self.bias, self.num_layers, self.dropout, self.training,
                         self.bidirectional, self.batch_first)
        output, hidden = result[0], (result[1:] if lstm else result[1])
        if packed:
            if unsorted_indices is not None:
                hidden = _select_batch(hidden, unsorted_indices)
            return PackedSequence(output, batch_sizes, sorted_indices, unsorted_indices), hidden
        if not batched:
            output = output.squeeze(batch_dim)
            hidden = tuple(h.squeeze(1) for h in hidden) if lstm else hidden.squeeze(1)
        return output, hidden

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

    forward = RNNBase._forward


class LSTM(RNNBase):
    """Long short-term memory; forward returns (output, (h_n, c_n))."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         proj_size, dtype=dtype)

    forward = RNNBase._forward


class GRU(RNNBase):
    """Gated recurrent unit."""

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0,
                 bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         dtype=dtype)

    forward = RNNBase._forward


class RNNCellBase(Module):
    """Parameters and printing shared by RNNCell, LSTMCell and GRUCell (`num_chunks` gates each)."""

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_creation.empty((num_chunks * hidden_size, input_size), dtype=dtype))
        self.weight_hh = Parameter(_creation.empty((num_chunks * hidden_size, hidden_size), dtype=dtype))
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
        out = _CELLS[mode](input, state, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
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
