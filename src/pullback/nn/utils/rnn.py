"""Variable-length sequences for recurrent layers: padding, and PackedSequence (torch.nn.utils.rnn).

A PackedSequence stores the time steps of a batch sorted by decreasing length one after another:
step t contributes the first batch_sizes[t] sequences (those still running). RNN, LSTM and GRU
accept it and return one.
"""
import collections.abc
from collections import namedtuple

import numpy as np

import pullback

from ... import _creation, _dtype, _signatures
from ..._tensor import Tensor

__all__ = ["PackedSequence", "pad_sequence", "pack_padded_sequence", "pad_packed_sequence", "pack_sequence",
           "unpad_sequence", "unpack_sequence"]


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """(data, batch_sizes, sorted_indices, unsorted_indices) as built by pack_padded_sequence."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _creation.tensor(np.argsort(sorted_indices.numpy(), kind="stable"))
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)


def _long(values):
    return _creation.tensor(np.asarray(values, dtype=np.int64))


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack tensors of shape (L_i, *) into (max L, B, *) (or (B, max L, *)), padding the short ones: as torch's
    kernel, each copied into its place in a tensor of the first's dtype and trailing dims (CopySlices)."""
    if not isinstance(sequences, collections.abc.Iterable):
        raise RuntimeError(f"pad_sequence: Expected iterable for input sequences, but got arg of type: "
                           f"{type(sequences)}")
    sequences = tuple(sequences)
    if not (all(isinstance(t, Tensor) for t in sequences) and type(batch_first) is bool
            and type(padding_value) in (float, int) and type(padding_side) is str):  # (the kernel's parser)
        sequences, batch_first, padding_value, padding_side = _signatures.as_parsed_by(
            "pad_sequence", (sequences, batch_first, padding_value, padding_side))
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    first = sequences[0]
    longest = max(t.shape[0] for t in sequences)
    out = _creation.full(((len(sequences), longest) if batch_first else (longest, len(sequences)))
                         + tuple(first.shape[1:]), padding_value, dtype=first.dtype)
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    for i, t in enumerate(sequences):
        start = longest - t.shape[0] if padding_side == "left" else 0
        place = out.select(0, i).narrow(0, start, t.shape[0]) if batch_first else \
            out.narrow(0, start, t.shape[0]).select(1, i)
        place.copy_(t)
    return out


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (T, B, *) (or (B, T, *)) whose sequences have the given lengths."""
    lengths = np.asarray(lengths.tolist() if isinstance(lengths, Tensor) else lengths, dtype=np.int64)
    if lengths.ndim != 1:  # (torch's kernel's check)
        raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.ndim}D cpu Long tensor")
    if not enforce_sorted:
        order = np.argsort(-lengths, kind="stable")
        lengths = lengths[order]
        sorted_indices = _long(order)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    else:
        sorted_indices = None
    if batch_first:
        input = input.transpose(0, 1)
    _check_packable(input, lengths)
    batch_sizes = [int((lengths > t).sum()) for t in range(int(lengths[0]))]
    return PackedSequence(pack_steps(input, batch_sizes), _long(batch_sizes), sorted_indices)


def _check_packable(input, lengths):
    """torch's kernel's checks of a (T, B, *) input and its lengths, in its order; and a length past T,
    where its CPU kernel reads past the input's end."""
    batch_size = input.size(1)
    if not input.numel():
        raise RuntimeError("Cannot pack empty tensors.")
    if lengths.size != batch_size:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {lengths.size} "
                           f"(batch_size={batch_size})")
    if lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that "
                           "is <= 0")
    if np.any(np.diff(lengths) > 0):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                           "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    if lengths[0] > input.shape[0]:
        raise RuntimeError(f"pack_padded_sequence: a sequence of length {lengths[0]} is longer than the input's "
                           f"{input.shape[0]} time steps")


def pack_steps(padded, batch_sizes):
    """The packed data of a (T, B, *) tensor in sorted batch order: step t's first batch_sizes[t] rows."""
    return pullback.cat([padded[t, :size] for t, size in enumerate(batch_sizes)])


def unpack_sorted(sequence, padding_value=0.0, total_length=None):
    """The packed steps as a (T, B, *) tensor in sorted batch order, and each sequence's length."""
    batch_sizes = sequence.batch_sizes.tolist()
    batch = batch_sizes[0]
    steps, offset = [], 0
    for size in batch_sizes:
        step = sequence.data[offset:offset + size]
        if size < batch:
            fill = _creation.full((batch - size,) + tuple(step.shape[1:]), padding_value, dtype=step.dtype)
            step = pullback.cat([step, fill])
        steps.append(step)
        offset += size
    if total_length is not None:
        if total_length < len(batch_sizes):
            raise ValueError(f"Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being "
                             f"{len(batch_sizes)}")
        fill = _creation.full((batch,) + tuple(sequence.data.shape[1:]), padding_value, dtype=sequence.data.dtype)
        steps += [fill] * (total_length - len(batch_sizes))
    lengths = np.array([sum(size > b for size in batch_sizes) for b in range(batch)], dtype=np.int64)
    return pullback.stack(steps), lengths


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo pack_padded_sequence: (padded batch in the original order, lengths)."""
    padded, lengths = unpack_sorted(sequence, padding_value, total_length)
    if sequence.unsorted_indices is not None:
        padded = padded.index_select(1, sequence.unsorted_indices)
        lengths = lengths[sequence.unsorted_indices.numpy()]
    return (padded.transpose(0, 1) if batch_first else padded), _creation.tensor(lengths, dtype=_dtype.int64)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of variable-length tensors (L_i, *)."""
    return pack_padded_sequence(pad_sequence(sequences), [s.shape[0] for s in sequences],
                                enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The sequences pad_sequence padded, each cut back to its length. As torch's, a time-first input is
    transposed in place (the caller's tensor is left batch first)."""
    if not batch_first:
        padded_sequences.transpose_(0, 1)
    steps = _creation.arange(padded_sequences.shape[1])
    return [seq[steps < length] for seq, length in zip(padded_sequences, lengths)]


def unpack_sequence(packed_sequences):
    """The sequences pack_sequence packed, as a list of tensors."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
