"""nn.utils.rnn (padding and PackedSequence) and recurrent layers on packed input, against torch."""
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pullback

LIBS = (pullback, torch)
RNG = np.random.default_rng(0)
LENGTHS = [3, 5, 1, 4]
SEQS = [RNG.standard_normal((n, 3)) for n in LENGTHS]
PADDED = np.zeros((5, 4, 3))
for b, s in enumerate(SEQS):
    PADDED[:len(s), b] = s


def same(a, b):
    if isinstance(a, (pullback.Tensor, torch.Tensor)) or isinstance(b, (pullback.Tensor, torch.Tensor)):
        if a is None or b is None:
            return a is None and b is None
        return str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1] and \
            np.allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-12) and a.shape == b.shape
    if isinstance(a, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("kwargs", [{}, dict(batch_first=True, padding_value=-1.0), dict(padding_side="left")])
def test_pad_sequence(kwargs):
    out = [m.nn.utils.rnn.pad_sequence([m.tensor(s) for s in SEQS], **kwargs) for m in LIBS]
    assert same(*out)


@pytest.mark.parametrize("build", [
    lambda m, rnn: rnn.pack_padded_sequence(m.tensor(PADDED), LENGTHS, enforce_sorted=False),
    lambda m, rnn: rnn.pack_padded_sequence(m.tensor(PADDED.transpose(1, 0, 2)), m.tensor(LENGTHS),
                                            batch_first=True, enforce_sorted=False),
    lambda m, rnn: rnn.pack_padded_sequence(m.tensor(PADDED[:, [1, 3, 0, 2]]), [5, 4, 3, 1]),
    lambda m, rnn: rnn.pack_sequence([m.tensor(s) for s in SEQS], enforce_sorted=False),
])
def test_packing_and_unpacking_match_torch(build):
    packed = [build(m, m.nn.utils.rnn) for m in LIBS]
    assert all(same(a, b) for a, b in zip(*packed))
    for kwargs in ({}, dict(batch_first=True, padding_value=2.0, total_length=7)):
        unpacked = [m.nn.utils.rnn.pad_packed_sequence(p, **kwargs) for m, p in zip(LIBS, packed)]
        assert same(unpacked[0][0], unpacked[1][0]) and same(unpacked[0][1], unpacked[1][1])


def test_packing_errors_match_torch():
    for m in LIBS:
        with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
            m.nn.utils.rnn.pack_padded_sequence(m.tensor(PADDED), LENGTHS)


@pytest.mark.parametrize("shape, lengths, enforce_sorted", [
    ((3, 4), [3, 2, 1], True),        # one length per batch element
    ((0, 4), [1, 1, 1, 1], True),     # nothing to pack
    ((3, 0), [], False),
    ((3, 2), [0, 1], False),          # a length of 0 (checked before the order)
    ((3,), [2], True),                # no batch dimension
    ((), [2], True),
])
def test_packing_refusals_match_torch(shape, lengths, enforce_sorted):
    errors = []
    for m in LIBS:
        with pytest.raises(Exception) as info:
            m.nn.utils.rnn.pack_padded_sequence(m.zeros(shape), m.tensor(lengths, dtype=m.int64),
                                                enforce_sorted=enforce_sorted)
        errors.append((type(info.value), str(info.value)))
    assert errors[0] == errors[1]


@pytest.mark.parametrize("batch_first", [False, True])
def test_a_length_past_the_input_is_refused(batch_first):
    # torch's CPU kernel reads past the input's end (batch_sizes for 5 steps, data for 3): pullback refuses it
    x = pullback.arange(12.0).reshape(3, 4, 1)
    if batch_first:
        x = x.transpose(0, 1)
    before = x.clone()
    with pytest.raises(RuntimeError, match="longer than the input's 3 time steps"):
        pullback.nn.utils.rnn.pack_padded_sequence(x, pullback.tensor([5, 2, 1, 1]), batch_first=batch_first,
                                                   enforce_sorted=False)
    assert pullback.equal(x, before)
    packed = pullback.nn.utils.rnn.pack_padded_sequence(x, pullback.tensor([3, 3, 1, 1]), batch_first=batch_first,
                                                        enforce_sorted=False)
    assert packed.batch_sizes.tolist() == [4, 2, 2]


@pytest.mark.parametrize("build, with_hx", [
    (lambda m: m.nn.GRU(3, 4, num_layers=2, bidirectional=True), False),
    (lambda m: m.nn.LSTM(3, 4, bidirectional=True, proj_size=2), True),
    (lambda m: m.nn.RNN(3, 4, batch_first=True), True),
])
def test_recurrent_layers_on_packed_sequences_match_torch(build, with_hx):
    torch.manual_seed(0)
    th = build(torch).double()
    pb = build(pullback).double()
    pb.load_state_dict(OrderedDict((k, pullback.tensor(v.detach().numpy())) for k, v in th.state_dict().items()))
    results = []
    for m, module in ((pullback, pb), (torch, th)):
        x = m.tensor(PADDED, requires_grad=True)
        packed = m.nn.utils.rnn.pack_padded_sequence(x, LENGTHS, enforce_sorted=False)
        hx = None
        if with_hx:
            directions = 2 if module.bidirectional else 1
            h_size = module.proj_size or module.hidden_size
            h0 = m.tensor(np.random.default_rng(1).standard_normal((directions, 4, h_size)))
            c0 = m.tensor(np.random.default_rng(2).standard_normal((directions, 4, module.hidden_size)))
            hx = (h0, c0) if isinstance(module, m.nn.LSTM) else h0
        out, h_n = module(packed, hx)
        padded, lengths = m.nn.utils.rnn.pad_packed_sequence(out)
        h_list = list(h_n) if isinstance(h_n, tuple) else [h_n]
        (padded.sum() + sum((h * 1.5).sum() for h in h_list)).backward()
        results.append((out.data, out.batch_sizes, padded, lengths, *h_list, x.grad,
                        *[p.grad for p in module.parameters()]))
    assert len(results[0]) == len(results[1])
    for i, (a, b) in enumerate(zip(*results)):
        assert same(a, b), f"item {i}"


@pytest.mark.parametrize("batch_first", [True, False])
def test_unpad_and_unpack_sequence_match_torch(batch_first):
    outcomes = []
    for m in (pullback, torch):
        seqs = [m.tensor([1.0, 2.0, 3.0]), m.tensor([4.0, 5.0]), m.tensor([6.0])]
        padded = m.nn.utils.rnn.pad_sequence(seqs, batch_first=batch_first)
        lengths = m.tensor([3, 2, 1])
        unpadded = m.nn.utils.rnn.unpad_sequence(padded, lengths, batch_first=batch_first)
        unpacked = m.nn.utils.rnn.unpack_sequence(m.nn.utils.rnn.pack_sequence(seqs))
        # torch transposes a time-first input in place: the caller's tensor ends batch first
        outcomes.append(([t.tolist() for t in unpadded], [t.tolist() for t in unpacked], tuple(padded.shape)))
    assert outcomes[0] == outcomes[1]
