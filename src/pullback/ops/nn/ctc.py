"""Connectionist temporal classification loss (torch's ctc_loss): the alpha recursion of Graves et
al. (2006) in log space for the loss, the alpha-beta products for its gradient, both vectorised over
the batch and the extended label sequence (blank, l1, blank, l2, ..., blank), looping over time.
Like torch's, the gradient is one node with no derivative of its own."""
import numbers
import warnings

import numpy as np

from ..._dtype import not_implemented_for
from ..._creation import tensor, zeros
from ...autograd import forward_ad
from .._op import Op
from ..pointwise import _NoDerivative, where

_NEG_INF = -np.inf
_WHERE = " (while checking arguments for ctc_loss_allocate_outputs)"


def _log_add(*terms):
    """log(sum(exp(terms))) as torch's kernel computes it: the max taken out, 0 when all are -inf."""
    m = terms[0]
    for x in terms[1:]:
        m = np.maximum(m, x)
    m[m == _NEG_INF] = 0
    total = np.exp(terms[0] - m)
    for x in terms[1:]:
        total += np.exp(x - m)
    return np.log(total) + m


def _shifted(rows, k):
    """rows[:, s - k] at each s (k < 0: s + |k|), -inf where that is outside the row."""
    out = np.full_like(rows, _NEG_INF)
    if k > 0:
        out[:, k:] = rows[:, :-k]
    else:
        out[:, :k] = rows[:, -k:]
    return out


class CtcLoss(Op):
    """torch's _ctc_loss: each sequence's negative log-likelihood, and log alpha (batch, time,
    extended label) as a second output that takes no gradient, saved for the backward."""
    on_arrays = True
    n_outputs = 2
    nondiff_outputs = (1,)
    saves = (0, 1, "result", "result1")
    saved_names = ("log_probs", "targets", "result0", "result1")
    _hidden = 0b10  # torch gives the targets no edge

    def forward(ctx, log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
        il, tl = np.asarray(input_lengths, np.int64), np.asarray(target_lengths, np.int64)
        labels = _extended_labels(targets, tl, blank, log_probs.shape[2])
        lab_lp = _at_labels(log_probs, labels)
        n, steps, width = lab_lp.shape
        valid = np.arange(width) < 2 * tl[:, None] + 1
        skip = np.zeros((n, width), bool)  # alpha may come from s - 2: l'[s] differs from l'[s - 2]
        skip[:, 2:] = labels[:, 2:] != labels[:, :-2]
        alpha = np.full((n, steps, width), _NEG_INF, log_probs.dtype)
        alpha[:, 0, 0] = lab_lp[:, 0, 0]
        if width > 1:
            alpha[:, 0, 1] = np.where(tl > 0, lab_lp[:, 0, 1], _NEG_INF)
        for t in range(1, steps):
            prev = alpha[:, t - 1]
            row = _log_add(prev, _shifted(prev, 1), np.where(skip, _shifted(prev, 2), _NEG_INF)) + lab_lp[:, t]
            row[~valid] = _NEG_INF
            alpha[:, t] = row
        alpha[np.arange(steps) >= il[:, None]] = _NEG_INF  # past each sequence's end
        rows = np.arange(n)
        last = alpha[rows, np.maximum(il - 1, 0)]
        end_blank = last[rows, 2 * tl]
        end_label = np.where(tl > 0, last[rows, np.maximum(2 * tl - 1, 0)], _NEG_INF)
        log_likelihood = _log_add(end_blank, end_label)
        log_likelihood[il == 0] = np.where(tl[il == 0] == 0, 0, _NEG_INF)  # no steps: only the empty target
        ctx.args = labels, il, tl, zero_infinity
        return -log_likelihood, alpha

    def backward(ctx, grad, _=None):
        log_probs, _targets, nll, log_alpha = ctx.saved_tensors
        if isinstance(log_alpha, Tensor):
            log_alpha = log_alpha._data
        if isinstance(grad, Tensor) and not grad.requires_grad:
            grad = grad._data  # torch's node lists an edge only for the inputs that require grad
        return (CtcLossBackward.apply(grad, log_probs, nll, log_alpha, *ctx.args),) + (None,) * 5


class CtcLossBackward(_NoDerivative):
    """torch's _ctc_loss_backward, eq. (16): exp(lp) - exp(log sum of alpha beta over the positions
    labelled c, + nll - lp), times each sequence's gradient; zero past a sequence's end, and for an
    infinite loss under zero_infinity. Without it an infinite loss gives NaN, as torch's."""
    node_name = "torch::autograd::NotImplemented"
    aten = "_ctc_loss_backward"

    def forward(ctx, grad, log_probs, nll, log_alpha, labels, il, tl, zero_infinity):
        lab_lp = _at_labels(log_probs, labels)
        n, steps, width = lab_lp.shape
        rows = np.arange(n)
        blocked = np.arange(width) >= 2 * tl[:, None] + 1  # past each extended target's end
        skip = np.zeros((n, width), bool)  # beta may come from s + 2: l'[s + 2] differs from l'[s]
        skip[:, :-2] = labels[:, 2:] != labels[:, :-2]
        beta = np.full((n, steps, width), _NEG_INF, log_probs.dtype)
        start = np.full((n, width), _NEG_INF, log_probs.dtype)
        nxt = start.copy()
        for t in range(steps - 1, -1, -1):
            row = _log_add(nxt, _shifted(nxt, -1), np.where(skip, _shifted(nxt, -2), _NEG_INF)) + lab_lp[:, t]
            first = il - 1 == t  # beta starts at the last step: the final blank and the last label only
            if first.any():
                start.fill(_NEG_INF)
                start[rows, 2 * tl - 1] = np.where(tl > 0, lab_lp[rows, t, 2 * tl - 1], _NEG_INF)
                start[rows, 2 * tl] = lab_lp[rows, t, 2 * tl]  # after: with no label, 2 tl - 1 is -1
                row = np.where(first[:, None], start, row)
            row[blocked | (t >= il)[:, None]] = _NEG_INF
            beta[:, t] = nxt = row
        ab = log_alpha + beta
        # torch writes the last step's two terms without adding them (a blank and a label, it assumes):
        # where the last label is the blank, the final blank's term is overwritten
        last_is_blank = (tl > 0) & (labels[rows, 2 * tl - 1] == labels[rows, 2 * tl]) & (il > 0)
        ab[rows[last_is_blank], il[last_is_blank] - 1, 2 * tl[last_is_blank]] = _NEG_INF
        # log sum over the positions s labelled c of alpha_t(s) beta_t(s), per class: the class's max taken out
        ab = ab.transpose(0, 2, 1)  # (n, width, steps)
        at = (rows[:, None], labels)
        peak = np.full((n, log_probs.shape[2], steps), _NEG_INF, log_probs.dtype)
        np.maximum.at(peak, at, ab)
        peak[peak == _NEG_INF] = 0
        total = np.zeros_like(peak)
        np.add.at(total, at, np.exp(ab - peak[at]))
        log_ab = (np.log(total) + peak).transpose(2, 0, 1)  # (steps, n, classes)
        out = (np.exp(log_probs) - np.exp(log_ab + nll[:, None] - log_probs)) * np.asarray(grad)[:, None]
        out[np.arange(steps)[:, None] >= il] = 0
        if zero_infinity:
            out[:, nll == np.inf] = 0
        return out


def _extended_labels(targets, tl, blank, classes):
    """l' per sequence: blank, t1, blank, t2, ..., blank (2 S + 1, S the longest target), blanks past its end."""
    n = len(tl)
    longest = int(tl.max()) if n else 0
    labels = np.full((n, 2 * longest + 1), blank, np.int64)
    if longest:
        j = np.arange(longest)
        used = j < tl[:, None]
        if targets.ndim == 1:  # concatenated: each target starts where the previous one ends
            starts = np.cumsum(tl) - tl
            lab = targets[np.where(used, starts[:, None] + j, 0)]
        else:
            lab = targets[:, :longest]
        bad = used & ((lab < 0) | (lab >= classes))
        if bad.any():  # torch reads out of bounds here; pullback refuses
            raise IndexError(f"Target {lab[bad][0]} is out of bounds.")
        labels[:, 1::2] = np.where(used, lab, blank)
    return labels


def _at_labels(log_probs, labels):
    """log_probs (time, batch, classes) at each sequence's extended labels: (batch, time, width)."""
    return np.take_along_axis(log_probs.transpose(1, 0, 2), labels[:, None, :], axis=2)


_SIGNATURES = ("\n * (Tensor log_probs, Tensor targets, tuple of ints input_lengths, tuple of ints target_lengths, "
               "int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)"
               "\n * (Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, int blank = 0, "
               "int reduction = at::Reduction::Mean, bool zero_infinity = False)\n")


def _int_sequence(x):
    return isinstance(x, (list, tuple)) and all(isinstance(v, numbers.Integral) for v in x)


def _check_arguments(args):
    """torch's argument parsing: two Tensors, the lengths both Tensors or both sequences of ints,
    an int blank and a bool zero_infinity."""
    log_probs, targets, il, tl, blank, zero_infinity = args
    ok = (isinstance(log_probs, Tensor) and isinstance(targets, Tensor)
          and ((isinstance(il, Tensor) and isinstance(tl, Tensor)) or (_int_sequence(il) and _int_sequence(tl)))
          and isinstance(blank, numbers.Integral) and not isinstance(blank, (bool, np.bool_))
          and isinstance(zero_infinity, (bool, np.bool_)))
    if not ok:
        names = ["Tensor" if isinstance(a, Tensor) else type(a).__name__ if type(a).__module__ == "builtins"
                 else f"{type(a).__module__}.{type(a).__name__}" for a in args]
        names.insert(5, "int")  # the reduction, which torch's Python passes on as an enum
        raise TypeError(f"ctc_loss() received an invalid combination of arguments - got ({', '.join(names)}), "
                        f"but expected one of:{_SIGNATURES}")


def _lengths(lengths, name):
    if isinstance(lengths, Tensor):
        if lengths._data.dtype.kind not in "iu":
            raise RuntimeError(f"{name} must be integral")
        return tuple(int(v) for v in lengths._data.reshape(-1))
    return tuple(int(v) for v in lengths)


def _check_sizes(log_probs, targets, il, tl, blank):
    """torch's checks of the shapes and lengths, in its order and words."""
    if log_probs.dim() != 3:
        raise RuntimeError(f"Expected 3-dimensional tensor, but got {log_probs.dim()}-dimensional tensor for "
                           f"argument #1 'log_probs'{_WHERE}")
    if not 1 <= targets.dim() <= 2:
        raise RuntimeError(f"Expected 1 to 2 dimensions, but got {targets.dim()}-dimensional tensor for argument "
                           f"#2 'targets'{_WHERE}")
    steps, n, classes = log_probs.shape
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if len(il) != n:
        raise RuntimeError("input_lengths must be of size batch_size")
    if len(tl) != n:
        raise RuntimeError("target_lengths must be of size batch_size")
    for v in tl:
        if v < 0:
            raise RuntimeError(f"Expected target_lengths to have value at least 0, but got value {v}{_WHERE}")

    def size_error(expected, dim, got):
        return RuntimeError(f"Expected tensor to have size {expected} at dimension {dim}, but got size {got} for "
                            f"argument #2 'targets'{_WHERE}")
    if targets.dim() == 1:
        if targets.shape[0] != sum(tl):
            raise size_error(sum(tl), 0, targets.shape[0])
    else:
        if targets.shape[0] != n:
            raise size_error(n, 0, targets.shape[0])
        if targets.shape[1] < max(tl, default=0):
            raise size_error(f"at least {max(tl)}", 1, targets.shape[1])
    for v in il:
        if v < 0:
            raise RuntimeError(f"Expected input_lengths to have value at least 0, but got value {v}{_WHERE}")
        if v > steps:
            raise RuntimeError(f"Expected input_lengths to have value at most {steps}, but got value {v}{_WHERE}")


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """The CTC loss of log-probabilities (time, batch, classes) or (time, classes) against targets
    padded (batch, S) or concatenated; 'mean' divides each loss by its target length (at least 1)
    before averaging over the batch, as torch."""
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead.",
                      stacklevel=2)
        reduction = "mean"
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    _check_arguments((log_probs, targets, input_lengths, target_lengths, blank, zero_infinity))
    il, tl = _lengths(input_lengths, "input_lengths"), _lengths(target_lengths, "target_lengths")
    if log_probs._data.dtype not in (np.float32, np.float64):
        raise not_implemented_for("ctc_loss_cpu", log_probs._data)
    if log_probs.numel() == 0:
        raise RuntimeError("log_probs tensor must not be empty")
    if forward_ad.state.active and forward_ad.tangent_of(log_probs) is not None:
        raise NotImplementedError("Trying to use forward AD with _ctc_loss that does not support it because it has "
                                  "not been implemented yet.")  # torch's: its only formula is the reverse one
    batched = log_probs.dim() == 3
    if not batched:
        log_probs = log_probs.unsqueeze(1)
    _check_sizes(log_probs, targets, il, tl, blank)
    if targets._data.dtype != np.int64:
        targets = targets.long()  # as torch, which saves the targets as int64
    loss = CtcLoss.apply(log_probs, targets, il, tl, int(blank), bool(zero_infinity))[0]
    if zero_infinity:
        loss = where(loss == np.inf, zeros((), dtype=loss.dtype), loss)
    if reduction == "mean":
        return (loss / tensor(tl, dtype=loss.dtype).clamp_min(1)).mean()
    if reduction == "sum":
        return loss.sum()
    return loss if batched else loss.squeeze(0)


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
