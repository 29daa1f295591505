"""nn.AdaptiveLogSoftmaxWithLoss against torch with the same weights: outputs, loss, gradients of
every parameter and of the input (and second order), the graph, log_prob, predict's three paths,
unbatched input, and torch's errors."""
import numpy as np
import pytest
import torch

import pullback
from oracle import _graph

R = np.random.default_rng(41)


def _build(m, weights, **kw):
    dtype = m.float64 if next(iter(weights.values())).dtype == np.float64 else m.float32
    asm = m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15], div_value=2.0, dtype=dtype, **kw)
    asm.load_state_dict({k: m.tensor(v) for k, v in weights.items()})
    return asm


def _weights(head_bias=False, dtype=np.float64):
    shapes = {k: tuple(v.shape) for k, v in
              torch.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15], div_value=2.0, head_bias=head_bias)
              .state_dict().items()}
    return {k: R.standard_normal(s).astype(dtype) for k, s in shapes.items()}


@pytest.mark.parametrize("head_bias", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_forward_backward_and_second_order_match_torch(head_bias, dtype):
    weights = _weights(head_bias, dtype)
    x0 = R.standard_normal((7, 8)).astype(dtype)
    target = [0, 5, 12, 19, 3, 11, 9]  # every cluster, and the shortlist
    results = []
    for m in (pullback, torch):
        asm = _build(m, weights, head_bias=head_bias)
        x = m.tensor(x0, requires_grad=True)
        out = asm(x, m.tensor(target))
        params = list(asm.parameters())
        grads = m.autograd.grad(out.loss + (out.output ** 2).sum(), [x] + params, create_graph=True)
        second = m.autograd.grad(sum((g ** 2).sum() for g in grads), [x] + params, allow_unused=True)
        results.append(([out.output.detach().numpy(), out.loss.detach().numpy()],
                        [g.detach().numpy() for g in grads], [None if g is None else g.numpy() for g in second],
                        (_graph(out.output.grad_fn), _graph(out.loss.grad_fn), type(out).__name__, out._fields)))
    (p_out, p_g, p_gg, p_meta), (t_out, t_g, t_gg, t_meta) = results
    assert p_meta == t_meta
    tol = 1e-5 if dtype == np.float32 else 1e-10
    for p, t in zip(p_out + p_g, t_out + t_g):
        np.testing.assert_allclose(p, t, rtol=tol, atol=tol)
    for p, t in zip(p_gg, t_gg):
        if t is None:
            assert p is None or not np.abs(p).max()
        else:
            np.testing.assert_allclose(p, t, rtol=tol * 100, atol=tol * 100)


def test_unbatched_log_prob_and_predict_match_torch():
    weights = _weights()
    x0 = R.standard_normal((9, 8))
    results = []
    for m in (pullback, torch):
        asm = _build(m, weights)
        x = m.tensor(x0)
        single = asm(x[2], m.tensor(13))
        obs = [single.output.detach().numpy(), single.loss.detach().numpy(), asm.log_prob(x).detach().numpy()]
        head = asm.head(x).argmax(1)
        shortlist = x[head < 4] if (head < 4).any() else x[:0]
        clusters = x[head >= 4] if (head >= 4).any() else x[:0]
        for rows in (x, shortlist, clusters):  # mixed, all in the shortlist, none in it
            if len(rows):
                obs.append(asm.predict(rows).numpy())
        results.append(obs)
    assert len(results[0]) == len(results[1]) == 6  # (all three of predict's paths taken)
    for p, t in zip(*results):
        np.testing.assert_allclose(p, t, rtol=1e-10, atol=1e-12)


ERRORS = [
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, []), ValueError, "cutoffs should be a sequence of length larger"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [10, 4]), ValueError, "cutoffs should be a sequence of unique"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 20]), ValueError, "each value is between 1 and n_classes-1"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 4]), ValueError, "unique, positive integers"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4])(m.ones(3, 8), m.tensor([0, 1])), RuntimeError,
     "Input and target should have the same size in the batch dimension."),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4])(m.ones(2, 2, 8), m.tensor([0, 1])), RuntimeError,
     "1D target tensor expects 2D input tensors, but found inputs with size torch.Size([2, 2, 8])"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4])(m.ones(2, 8), m.tensor(1)), RuntimeError,
     "0D target tensor expects 1D input tensors, but found inputs with size torch.Size([2, 8])"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4])(m.ones(2, 8), m.tensor([[1]])), RuntimeError,
     "0D or 1D target tensor expected, multi-target not supported"),
    (lambda m: m.nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4])(m.ones(3, 8), m.tensor([0, 20, -1])), RuntimeError,
     "Target values should be in [0, 19], but values in range [-1, 20] were found. "),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_as_torch(i):
    fn, kind, phrase = ERRORS[i]
    for m in (pullback, torch):
        with pytest.raises(kind) as info:
            fn(m)
        assert phrase in str(info.value), (m.__name__, str(info.value))
