"""ctc_loss, nn.CTCLoss and nn.NLLLoss2d against torch: values, gradients (torch's and finite
differences), node names, edges, the missing double backward and the errors."""
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(11)
T, N, C = 7, 4, 5
# per sequence: repeated labels (a blank between them is required), a short input, an empty target
TARGETS = np.array([[1, 1, 2], [1, 2, 3], [2, 2, 2], [4, 3, 0]])
INPUT_LENGTHS = [7, 6, 3, 7]
TARGET_LENGTHS = [3, 2, 2, 0]
# sequence 2 cannot be aligned: "2 2 2" needs 5 steps, it has 4
INFEASIBLE = ([7, 6, 4, 7], [3, 2, 3, 0])


def log_probs(shape=(T, N, C), dtype=np.float64):
    x = RNG.standard_normal(shape)
    return (x - np.log(np.exp(x).sum(-1, keepdims=True))).astype(dtype)


def ctc(m):
    """F.ctc_loss (pullback's through ops.nn until nn.functional lists it)."""
    return getattr(m.nn.functional, "ctc_loss", None) or pullback.ops.nn.ctc_loss


def concatenated(targets, lengths):
    return np.concatenate([t[:n] for t, n in zip(targets, lengths)])


def targets_for(layout, lengths):
    return TARGETS if layout == "padded" else concatenated(TARGETS, lengths)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_matches_torch(reduction, layout, zero_infinity, dtype):
    tol = {"atol": 1e-5, "rtol": 1e-4} if dtype == np.float32 else {}
    check(lambda m, x, t: ctc(m)(x, t, INPUT_LENGTHS, TARGET_LENGTHS, reduction=reduction,
                                 zero_infinity=zero_infinity),
          log_probs(dtype=dtype), targets_for(layout, TARGET_LENGTHS), gradgrad=False, **tol)


@pytest.mark.parametrize("zero_infinity", [False, True])
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_an_infinite_loss_matches_torch(reduction, layout, zero_infinity):
    """Without zero_infinity the loss is inf and the sequence's gradient NaN (torch's formula at
    -inf + inf); with it both are zero."""
    il, tl = INFEASIBLE
    out = check(lambda m, x, t: ctc(m)(x, t, il, tl, reduction=reduction, zero_infinity=zero_infinity),
                log_probs(), targets_for(layout, tl), gradgrad=False)
    assert np.isinf(out.detach().numpy()).any() != zero_infinity


# torch's gradient, exp(lp) - (the alpha-beta term), is the loss's derivative in log_probs plus
# exp(lp): it assumes normalised log-probabilities, and log_softmax's backward removes that part
# (each step's terms sum to 1 - 1). So finite differences are taken through log_softmax.
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("layout", ["padded", "concatenated"])
def test_gradients_through_log_softmax_match_torch_and_finite_differences(reduction, layout):
    t = targets_for(layout, TARGET_LENGTHS)

    def fn(m, x):
        return ctc(m)(x.log_softmax(-1), m.tensor(t), INPUT_LENGTHS, TARGET_LENGTHS, reduction=reduction)
    x = RNG.standard_normal((T, N, C))
    check(fn, x, gradgrad=False)
    gradcheck_fd(fn, x)


@pytest.mark.parametrize("kind", ["int64", "int32", "uint8", "2d"])
def test_lengths_as_tensors(kind):
    def lengths(m, values):
        t = m.tensor(values, dtype=getattr(m, kind if kind != "2d" else "int64"))
        return t.reshape(1, -1) if kind == "2d" else t
    check(lambda m, x, t: ctc(m)(x, t, lengths(m, INPUT_LENGTHS), lengths(m, TARGET_LENGTHS)),
          log_probs(), TARGETS, gradgrad=False)


@pytest.mark.parametrize("target_dtype", [np.int32, np.float64, np.uint8])
def test_targets_of_other_dtypes_are_read_as_int64(target_dtype):
    check(lambda m, x, t: ctc(m)(x, t, INPUT_LENGTHS, TARGET_LENGTHS, reduction="none"),
          log_probs(), TARGETS.astype(target_dtype), requires_grad=[True, False], gradgrad=False)


def test_blank_elsewhere_and_targets_holding_the_blank():
    check(lambda m, x, t: ctc(m)(x, t, INPUT_LENGTHS, TARGET_LENGTHS, blank=C - 1, reduction="none"),
          log_probs(), TARGETS % (C - 1), gradgrad=False)
    check(lambda m, x, t: ctc(m)(x, t, INPUT_LENGTHS, TARGET_LENGTHS, blank=2, reduction="none"),
          log_probs(), TARGETS, gradgrad=False)


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("lengths", ["lists", "tensors"])
def test_unbatched(reduction, lengths):
    def fn(m, x, t):
        il, tl = ([6], [3]) if lengths == "lists" else (m.tensor(6), m.tensor(3))
        return ctc(m)(x, t, il, tl, reduction=reduction)
    check(fn, log_probs((T, C)), TARGETS[0], gradgrad=False)
    gradcheck_fd(lambda m, x: fn(m, x.log_softmax(-1), m.tensor(TARGETS[0])), RNG.standard_normal((T, C)))


def test_empty_inputs_and_targets():
    """No input steps: a loss of -0 for an empty target, inf otherwise; an empty target with steps
    is the all-blank path."""
    out = check(lambda m, x, t: ctc(m)(x, t, [0, 5, 0, 7], [0, 0, 2, 3], reduction="none", zero_infinity=False),
                log_probs(), TARGETS, gradgrad=False)
    assert np.signbit(out.detach().numpy()[0]) and np.isinf(out.detach().numpy()[2])
    check(lambda m, x, t: ctc(m)(x, t, [7, 5, 1, 7], [0, 0, 0, 0], reduction="mean"),
          log_probs(), TARGETS[:, :0], gradgrad=False)


def test_length_one_inputs_and_single_labels():
    check(lambda m, x, t: ctc(m)(x, t, [1, 1, 1], [1, 0, 1], reduction="none"),
          log_probs((1, 3, C)), np.array([[3], [1], [0]]), gradgrad=False)


def test_no_grad_and_requires_grad_false():
    for m in (pullback, torch):
        out = ctc(m)(m.tensor(log_probs()), m.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS)
        assert not out.requires_grad and out.grad_fn is None
    x = pullback.tensor(log_probs(), requires_grad=True)
    with pullback.no_grad():
        assert ctc(pullback)(x, pullback.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS).grad_fn is None


def _edges(node):
    return [None if f is None else f.name() for f, _ in node.next_functions]


@pytest.mark.parametrize("reduction", ["none", "mean"])
@pytest.mark.parametrize("grad_requires_grad", [False, True])
def test_no_double_backward(reduction, grad_requires_grad):
    """create_graph gives a gradient recorded by a node that cannot be differentiated (torch's
    NotImplemented, with edges to the inputs that require grad), and differentiating it raises."""
    x0 = log_probs()
    seen = {}
    for m in (pullback, torch):
        x = m.tensor(x0, requires_grad=True)
        out = ctc(m)(x, m.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS, reduction=reduction)
        cot = m.ones_like(out).requires_grad_(grad_requires_grad)
        g, = m.autograd.grad(out, x, cot, create_graph=True)
        assert g.requires_grad
        seen[m] = (g.grad_fn.name(), _edges(g.grad_fn), g.detach().numpy())
        with pytest.raises(RuntimeError, match="derivative for aten::_ctc_loss_backward is not implemented"):
            m.autograd.grad(g.sum(), x)
    assert seen[pullback][:2] == seen[torch][:2]
    np.testing.assert_allclose(seen[pullback][2], seen[torch][2], rtol=1e-10, atol=1e-12)


def test_forward_ad_is_refused_as_torch():
    def fn(m, x):
        fw = m.autograd.forward_ad
        with fw.dual_level():
            ctc(m)(fw.make_dual(x, m.ones_like(x)), m.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS)
    assert_same_error(fn, X, requires_grad=[False],
                      phrase="Trying to use forward AD with _ctc_loss that does not support it")


def test_saved_tensors_match_torch():
    nodes, x0 = {}, log_probs()
    for m in (pullback, torch):
        x = m.tensor(x0, requires_grad=True)
        nodes[m] = ctc(m)(x, m.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS, reduction="none").grad_fn
    for name in ("_saved_log_probs", "_saved_targets", "_saved_result0"):
        np.testing.assert_allclose(getattr(nodes[pullback], name).detach().numpy(),
                                   getattr(nodes[torch], name).detach().numpy())
    ours, theirs = nodes[pullback]._saved_result1.numpy(), nodes[torch]._saved_result1.numpy()
    assert ours.shape == theirs.shape
    used = np.isfinite(ours)  # torch leaves the rest of log alpha unwritten
    np.testing.assert_allclose(ours[used], theirs[used])


X = log_probs()
ERRORS = [
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 4, blank=C), "blank must be in label range"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 4, blank=-1), "blank must be in label range"),
    (lambda m, x, t: ctc(m)(x[0, 0], t, [7], [3]), "Expected 3-dimensional tensor, but got 2-dimensional tensor"),
    (lambda m, x, t: ctc(m)(x[None], t, [7] * 4, [3] * 4),
     "Expected 3-dimensional tensor, but got 5-dimensional tensor for argument #1 'log_probs'"),
    (lambda m, x, t: ctc(m)(x, t[None], [7] * 4, [3] * 4),
     "Expected 1 to 2 dimensions, but got 3-dimensional tensor for argument #2 'targets'"),
    (lambda m, x, t: ctc(m)(x, t[0, 0], [7] * 4, [0] * 4), "Expected 1 to 2 dimensions, but got 0-dimensional"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 3, [3] * 4), "input_lengths must be of size batch_size"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 5), "target_lengths must be of size batch_size"),
    (lambda m, x, t: ctc(m)(x, t, [8, 7, 7, 7], [3] * 4), "Expected input_lengths to have value at most 7, but got "
     "value 8"),
    (lambda m, x, t: ctc(m)(x, t, [7, -1, 7, 7], [3] * 4), "Expected input_lengths to have value at least 0, but "
     "got value -1"),
    (lambda m, x, t: ctc(m)(x, t, [8, 7, 7, 7], [3, -2, 3, 3]), "Expected target_lengths to have value at least 0, "
     "but got value -2"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3, 4, 3, 3]), "Expected tensor to have size at least 4 at dimension 1, "
     "but got size 3 for argument #2 'targets'"),
    (lambda m, x, t: ctc(m)(x, t[:3], [7] * 4, [3] * 4), "Expected tensor to have size 4 at dimension 0, but got "
     "size 3 for argument #2 'targets'"),
    (lambda m, x, t: ctc(m)(x, t.reshape(-1), [7] * 4, [3, 3, 3, 2]), "Expected tensor to have size 11 at "
     "dimension 0, but got size 12"),
    (lambda m, x, t: ctc(m)(x[:, 0], t, [7], [3]), "Expected tensor to have size 1 at dimension 0, but got size 4"),
    (lambda m, x, t: ctc(m)(x[:0], t, [0] * 4, [0] * 4, blank=9), "log_probs tensor must not be empty"),
    (lambda m, x, t: ctc(m)(x.long(), t, [7] * 4, [3] * 4), "\"ctc_loss_cpu\" not implemented for 'Long'"),
    (lambda m, x, t: ctc(m)(x.half(), t, [7] * 4, [3] * 4), "\"ctc_loss_cpu\" not implemented for 'Half'"),
    (lambda m, x, t: ctc(m)(x, t, m.tensor([7.0] * 4), m.tensor([3] * 4)), "input_lengths must be integral"),
    (lambda m, x, t: ctc(m)(x, t, m.tensor([7] * 4), m.tensor([True] * 4)), "target_lengths must be integral"),
    (lambda m, x, t: ctc(m)(x, t, m.tensor([7] * 4), [3] * 4), "received an invalid combination of arguments"),
    (lambda m, x, t: ctc(m)(x, t, 7, 3), "received an invalid combination of arguments"),
    (lambda m, x, t: ctc(m)(x, t, [7.0] * 4, [3] * 4), "received an invalid combination of arguments"),
    (lambda m, x, t: ctc(m)(x, t.tolist(), [7] * 4, [3] * 4), "received an invalid combination of arguments"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 4, blank=True), "received an invalid combination of arguments"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 4, zero_infinity=1), "received an invalid combination of"),
    (lambda m, x, t: ctc(m)(x, t, [7] * 4, [3] * 4, reduction="batchmean"), "batchmean is not a valid value for "
     "reduction"),
]


@pytest.mark.parametrize("fn, phrase", ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_errors_match_torch(fn, phrase):
    assert_same_error(fn, X, TARGETS, phrase=phrase)


def test_elementwise_mean_warns_and_means_mean():
    results = []
    for m in (pullback, torch):
        with pytest.warns(UserWarning, match="reduction='elementwise_mean' is deprecated"):
            out = ctc(m)(m.tensor(X), m.tensor(TARGETS), INPUT_LENGTHS, TARGET_LENGTHS, reduction="elementwise_mean")
        results.append(out.item())
    assert results[0] == pytest.approx(results[1], rel=1e-12)


@pytest.mark.parametrize("options", [{}, {"blank": 4, "reduction": "sum"},
                                     {"reduction": "none", "zero_infinity": True}])
def test_ctc_loss_module(options):
    il, tl = INFEASIBLE
    targets = TARGETS % 4 if options.get("blank") == 4 else TARGETS
    out = {}
    for m in (pullback, torch):
        module = m.nn.CTCLoss(**options)
        x = m.tensor(X, requires_grad=True)
        loss = module(x, m.tensor(targets), m.tensor(il), m.tensor(tl))
        loss.sum().backward()
        out[m] = (loss.detach().numpy(), x.grad.numpy(), repr(module), list(module.state_dict()),
                  module.blank, module.reduction, module.zero_infinity)
    np.testing.assert_allclose(out[pullback][0], out[torch][0], rtol=1e-10)
    np.testing.assert_allclose(out[pullback][1], out[torch][1], rtol=1e-8, atol=1e-12, equal_nan=True)
    assert out[pullback][2:] == out[torch][2:]


def test_nll_loss_2d_is_a_deprecated_nll_loss():
    x, target = RNG.standard_normal((2, 3, 4, 4)), RNG.integers(0, 3, (2, 4, 4))
    out = {}
    for m in (pullback, torch):
        with pytest.warns(FutureWarning, match="`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead") as w:
            module = m.nn.NLLLoss2d(reduction="sum", ignore_index=1)
        assert w[0].filename == __file__  # the warning names the line that made the module
        with pytest.warns(FutureWarning, match="`NLLLoss2d` has been deprecated"):
            class Sub(m.nn.NLLLoss2d):
                pass
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Sub()  # as torch's @deprecated: a subclass's instances do not warn
        assert isinstance(module, m.nn.NLLLoss)
        t = m.tensor(x, requires_grad=True)
        loss = module(t.log_softmax(1), m.tensor(target))
        loss.backward()
        out[m] = (loss.item(), t.grad.numpy(), repr(module), list(module.state_dict()), loss.grad_fn.name())
    assert out[pullback][0] == pytest.approx(out[torch][0], rel=1e-12)
    np.testing.assert_allclose(out[pullback][1], out[torch][1], rtol=1e-10, atol=1e-14)
    assert out[pullback][2:] == out[torch][2:]
