"""torch.* NN functions with ATen's signatures (torch.embedding(weight, indices), integer
reductions, (values, indices) pooling, in-place and channel-wise dropout, conv_tbc) against torch:
values, gradients, second-order gradients, finite differences and errors."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

RNG = np.random.default_rng(11)


def r(*shape, dtype=np.float64):
    return RNG.standard_normal(shape).astype(dtype)


def pos(*shape):
    return np.abs(r(*shape)) + 0.1


def prob(*shape):
    e = np.exp(r(*shape))
    return e / e.sum(-1, keepdims=True)


LABELS = np.where(r(4, 3) > 0, 1.0, -1.0)
RANKS = np.where(r(5) > 0, 1.0, -1.0)
WEIGHT, POS_WEIGHT = pos(3), pos(3)  # (torch differentiates neither)
IDX = np.array([[1, 2, 4], [4, 3, 1]])
CASES = [
    ("embedding", lambda m, w, i: m.embedding(w, i), [r(5, 3), IDX]),
    ("embedding_padding", lambda m, w, i: m.embedding(w, i, 4, True), [r(5, 3), IDX]),
    ("embedding_negative_padding_is_none", lambda m, w, i: m.embedding(w, i, -2), [r(5, 3), IDX]),
    ("batch_norm_train", lambda m, x, w, b: m.batch_norm(x, w, b, m.zeros(3, dtype=m.float64),
                                                        m.ones(3, dtype=m.float64), True, 0.1, 1e-5, False),
     [r(4, 3, 5), r(3), r(3)]),
    ("batch_norm_eval", lambda m, x: m.batch_norm(x, None, None, m.full((3,), 0.5, dtype=m.float64),
                                                  m.full((3,), 2.0, dtype=m.float64), False, 0.1, 1e-5, True),
     [r(4, 3, 5)]),
    ("instance_norm", lambda m, x, w, b: m.instance_norm(x, w, b, None, None, True, 0.1, 1e-5, False),
     [r(2, 3, 5), r(3), r(3)]),
    ("native_layer_norm", lambda m, x, w, b: m.native_layer_norm(x, [3, 4], w, b, 1e-5), [r(2, 3, 4), r(3, 4), r(3, 4)]),
    ("native_batch_norm_train", lambda m, x, w: m.native_batch_norm(x, w, None, m.zeros(3, dtype=m.float64),
                                                                     m.ones(3, dtype=m.float64), True, 0.1, 1e-5),
     [r(4, 3, 5), r(3)]),
    ("native_batch_norm_eval", lambda m, x: m.native_batch_norm(x, None, None, m.zeros(3, dtype=m.float64),
                                                                m.ones(3, dtype=m.float64), False, 0.1, 1e-5),
     [r(4, 3, 5)]),
    ("rms_norm", lambda m, x, w: m.rms_norm(x, [4], w, 1e-3), [r(2, 3, 4), r(4)]),
    ("constant_pad_nd", lambda m, x: m.constant_pad_nd(x, (1, 2, 0, 1), 3.0), [r(2, 3, 4)]),
    ("constant_pad_nd_crop", lambda m, x: m.constant_pad_nd(x, [-1, 2]), [r(2, 4)]),
    ("convolution", lambda m, x, w, b: m.convolution(x, w, b, [1], [1], [1], False, [0], 1),
     [r(2, 3, 6), r(4, 3, 2), r(4)]),
    ("convolution_2d_groups", lambda m, x, w: m.convolution(x, w, None, [2, 1], [0, 1], [1, 2], False, [0, 0], 2),
     [r(2, 4, 5, 6), r(2, 2, 2, 2)]),
    ("convolution_transposed", lambda m, x, w, b: m.convolution(x, w, b, [2], [1], [1], True, [1], 1),
     [r(2, 3, 4), r(3, 2, 3), r(2)]),
    ("conv_tbc", lambda m, x, w, b: m.conv_tbc(x, w, b), [r(5, 2, 3), r(2, 3, 4), r(4)]),
    ("conv_tbc_pad", lambda m, x, w, b: m.conv_tbc(x, w, b, 3), [r(4, 3, 5), r(2, 5, 6), r(6)]),
    ("conv_tbc_float32", lambda m, x, w, b: m.conv_tbc(x, w, b, 1),
     [r(5, 2, 3, dtype=np.float32), r(3, 3, 4, dtype=np.float32), r(4, dtype=np.float32)]),
    ("F.conv_tbc", lambda m, x, w, b: m.nn.functional.conv_tbc(x, w, b, 1), [r(5, 2, 3), r(2, 3, 4), r(4)]),
    ("hinge_embedding_loss", lambda m, x, t: m.hinge_embedding_loss(x, t, 0.5, 2), [r(4, 3), LABELS]),
    ("hinge_embedding_loss_none", lambda m, x, t: m.hinge_embedding_loss(x, t, 1.0, 0), [r(4, 3), LABELS]),
    ("hinge_embedding_loss_other_ints_are_none", lambda m, x, t: m.hinge_embedding_loss(x, t, 1.0, 7),
     [r(4, 3), LABELS]),
    ("poisson_nll_loss", lambda m, x, t: m.poisson_nll_loss(x, t, True, False, 1e-8, 1), [r(4, 3), pos(4, 3)]),
    ("poisson_nll_loss_full", lambda m, x, t: m.poisson_nll_loss(x, t, False, True, 1e-6, 2),
     [pos(4, 3), pos(4, 3) + 1]),
    ("triplet_margin_loss", lambda m, a, p, n: m.triplet_margin_loss(a, p, n, 1.0, 2, 1e-6, True, 1),
     [r(4, 3), r(4, 3), r(4, 3)]),
    ("triplet_margin_loss_defaults", lambda m, a, p, n: m.triplet_margin_loss(a, p, n), [r(4, 3), r(4, 3), r(4, 3)]),
    ("hinge_embedding_loss_default_is_none", lambda m, x, t: m.hinge_embedding_loss(x, t), [r(4, 3), LABELS]),
    ("kl_div_default_is_none", lambda m, x, t: m.kl_div(x, t), [r(4, 3), prob(4, 3)]),
    ("bce_with_logits_default_is_none", lambda m, x, t: m.binary_cross_entropy_with_logits(x, t),
     [r(4, 3), prob(4, 3)]),
    ("cosine_embedding_loss_default_is_none", lambda m, a, b, t: m.cosine_embedding_loss(a, b, t),
     [r(4, 3), r(4, 3), LABELS[:, 0]]),
    ("margin_ranking_loss_default_is_none", lambda m, a, b, t: m.margin_ranking_loss(a, b, t),
     [r(5), r(5), RANKS]),
    ("kl_div", lambda m, x, t: m.kl_div(x.log_softmax(1), t, 2), [r(4, 3), prob(4, 3)]),
    ("kl_div_log_target", lambda m, x, t: m.kl_div(x, t, 0, log_target=True), [r(4, 3), r(4, 3)]),
    ("binary_cross_entropy_with_logits", lambda m, x, t: m.binary_cross_entropy_with_logits(
        x, t, m.tensor(WEIGHT), m.tensor(POS_WEIGHT), 2), [r(4, 3), prob(4, 3)]),
    ("cosine_embedding_loss", lambda m, a, b, t: m.cosine_embedding_loss(a, b, t, 0.2, 0),
     [r(4, 3), r(4, 3), LABELS[:, 0]]),
    ("margin_ranking_loss", lambda m, a, b, t: m.margin_ranking_loss(a, b, t, 0.1, 2), [r(5), r(5), RANKS]),
    ("adaptive_max_pool1d", lambda m, x: m.adaptive_max_pool1d(x, 3), [r(2, 3, 7)]),
    ("max_pool1d_with_indices", lambda m, x: m.max_pool1d_with_indices(x, 2), [r(2, 3, 7)]),
    ("max_pool1d_with_indices_args", lambda m, x: m.max_pool1d_with_indices(x, 3, [2], [1], [1], True),
     [r(2, 3, 8)]),
]
COVERED = ["native_layer_norm", "native_batch_norm", "rms_norm", "embedding", "batch_norm", "instance_norm", "constant_pad_nd", "convolution", "conv_tbc", "F.conv_tbc",
           "ctc_loss", "hinge_embedding_loss", "poisson_nll_loss", "triplet_margin_loss", "kl_div",
           "binary_cross_entropy_with_logits", "cosine_embedding_loss", "margin_ranking_loss", "adaptive_max_pool1d",
           "max_pool1d_with_indices", "dropout_", "alpha_dropout_", "feature_dropout", "feature_dropout_",
           "feature_alpha_dropout_"]


@pytest.mark.parametrize("name,fn,inputs", CASES, ids=[c[0] for c in CASES])
def test_against_torch(name, fn, inputs):
    # conv_tbc's gradients are composed of other ops than torch's (CopySlices of its backward kernel)
    check(fn, *inputs, grad_name=not name.startswith(("conv_tbc", "F.conv_tbc")))


# every input a float, one float output (running statistics and indices are not differentiated)
FD_CASES = [c for c in CASES if "batch_norm" not in c[0] and "embedding" not in c[0]
            and not c[0].startswith(("adaptive_max", "max_pool", "native_"))]


@pytest.mark.parametrize("name,fn,inputs", FD_CASES, ids=[c[0] for c in FD_CASES])
def test_finite_differences(name, fn, inputs):
    gradcheck_fd(fn, *inputs)


def test_pooling_values_finite_differences():
    gradcheck_fd(lambda m, x: m.max_pool1d_with_indices(x, 3, [2], [1])[0], r(2, 3, 8))
    gradcheck_fd(lambda m, x: m.adaptive_max_pool1d(x, 3)[0], r(2, 3, 7))


def test_ctc_loss_integer_reduction():
    log_probs = np.log(prob(6, 2, 4))
    targets = np.array([[1, 2], [3, 3]])
    for reduction in (0, 1, 2):
        check(lambda m, lp: m.ctc_loss(lp, m.tensor(targets), [6, 5], [2, 2], 0, reduction, False), log_probs,
              gradgrad=False)
    check(lambda m, lp: m.ctc_loss(lp, m.tensor(targets), [6, 5], [2, 2]), log_probs, gradgrad=False)


def test_batch_norm_updates_running_statistics_as_torch():
    x = r(4, 3, 5)
    stats = {}
    for m in (pullback, torch):
        mean, var = m.zeros(3, dtype=m.float64), m.ones(3, dtype=m.float64)
        m.batch_norm(m.tensor(x), None, None, mean, var, True, 0.3, 1e-5, False)
        stats[m] = (mean.numpy(), var.numpy())
    for a, b in zip(stats[pullback], stats[torch]):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_dropout_in_place_forms():
    for name in ("dropout_", "alpha_dropout_", "feature_dropout_", "feature_alpha_dropout_"):
        x = pullback.ones(8, 4, 3)
        assert getattr(pullback, name)(x, 0.5, True) is x
        assert getattr(pullback, name)(x, 0.0, False) is x
    x = pullback.ones(200, 50)
    pullback.dropout_(x, 0.5, True)
    values = set(np.unique(x.numpy()))
    assert values == {0.0, 2.0}
    assert 0.4 < (x.numpy() == 0).mean() < 0.6


def test_feature_dropout_drops_whole_channels():
    x = pullback.ones(30, 20, 6, requires_grad=True)
    y = pullback.feature_dropout(x, 0.5, True)
    assert y.grad_fn.name() == torch.feature_dropout(torch.ones(2, 2, 2, requires_grad=True), 0.5, True).grad_fn.name()
    out = y.detach().numpy()
    assert (out == out[:, :, :1]).all()  # one draw per (sample, channel)
    assert set(np.unique(out)) == {0.0, 2.0}
    assert pullback.feature_dropout(x, 0.5, False) is x


def test_dropout_errors():
    x = np.ones((3, 4))
    probability = "dropout probability has to be between 0 and 1"
    assert_same_error(lambda m, t: m.dropout_(t, 1.5, True), x, phrase=probability, requires_grad=[False])
    assert_same_error(lambda m, t: m.feature_dropout(t, -0.1, True), x, phrase=probability)
    dims = "Feature dropout requires at least 2 dimensions in the input"
    assert_same_error(lambda m, t: m.feature_dropout(t, 0.5, True), np.ones(4), phrase=dims)
    assert_same_error(lambda m, t: m.feature_alpha_dropout_(t, 0.5, True), np.ones(4), phrase=dims,
                      requires_grad=[False])


@pytest.mark.parametrize("fn", [
    lambda m, x: m.hinge_embedding_loss(x, x, 1.0, "mean"),
    lambda m, x: m.kl_div(x, x, "sum"),
    lambda m, x: m.margin_ranking_loss(x, x, x, 0.0, True),
])
def test_reduction_must_be_an_integer(fn):
    assert_same_error(fn, r(4, 3), phrase="argument 'reduction'")


@pytest.mark.parametrize("shapes,phrase", [
    ([(4, 3), (2, 3, 4), (4,)], "Input must have 3 dims"),
    ([(4, 2, 3), (2, 4, 4), (4,)], "is not == dim 1 in the weight tensor"),
    ([(4, 2, 3), (2, 3, 4), (5,)], "Bias size must equal dim 2"),
    ([(2, 2, 3), (6, 3, 4), (4,)], "Trying to create tensor with negative dimension -3: [-3, 2, 4]"),
])
def test_conv_tbc_errors(shapes, phrase):
    assert_same_error(lambda m, x, w, b: m.conv_tbc(x, w, b), *[r(*s) for s in shapes], phrase=phrase)


def test_conv_tbc_gradient_of_input_does_not_depend_on_input():
    x, w, b = (pullback.tensor(a).requires_grad_() for a in (r(5, 2, 3), r(2, 3, 4), r(4)))
    g, = pullback.autograd.grad(pullback.conv_tbc(x, w, b, 1).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        pullback.autograd.grad(g.sum(), x)


def test_native_norms_finite_differences():
    gradcheck_fd(lambda m, x, w, b: m.native_layer_norm(x, [3, 4], w, b, 1e-5)[0], r(2, 3, 4), r(3, 4), r(3, 4))
