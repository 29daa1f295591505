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
BAG_IDX, BAG_OFF = np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 2, 2, 5])  # bags [1 2] [] [4 5 4] [3 2 9]
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
    ("native_group_norm", lambda m, x, w, b: m.native_group_norm(x, w, b, 2, 6, 6, 3, 1e-5), [r(2, 6, 3, 2), r(6), r(6)]),
    ("native_group_norm_2d_no_affine", lambda m, x: m.native_group_norm(x, None, None, 3, 4, 1, 2, 1e-3), [r(3, 4)]),
    ("native_group_norm_weight_only", lambda m, x, w: m.native_group_norm(x, w, None, 2, 4, 5, 4, 0.1),
     [r(2, 4, 5), r(4)]),
    # the mean and rstd outputs carry gradients (torch's infinitely differentiable formula)
    ("native_group_norm_statistics", lambda m, x, w, b: m.native_group_norm(x, w, b, 2, 6, 6, 3, 1e-5)[1:],
     [r(2, 6, 3, 2), r(6), r(6)]),
    ("native_dropout_eval", lambda m, x: m.native_dropout(x, 0.5, False), [r(3, 4)]),
    ("native_dropout_p0", lambda m, x: m.native_dropout(x, 0.0, True), [r(3, 4)]),
    ("native_dropout_p1", lambda m, x: m.native_dropout(x, 1.0, None), [r(3, 4)]),
    ("embedding_bag_sum", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF)), [r(10, 3)]),
    ("embedding_bag_mean", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), False, 1), [r(10, 3)]),
    ("embedding_bag_max", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), False, 2), [r(10, 3)]),
    ("embedding_bag_last_offset", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF[:3]), False, 2,
                                                              False, None, True), [r(10, 3)]),
    ("embedding_bag_padding", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), False, 1, False,
                                                          None, False, -6), [r(10, 3)]),
    ("embedding_bag_padding_max", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), False, 2,
                                                              False, None, False, 4), [r(10, 3)]),
    # torch's CPU kernel divides the k-th distinct index by the count at position k of the sorted indices
    ("embedding_bag_scale_grad_by_freq", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), True, 0),
     [r(10, 3)]),
    ("embedding_bag_scale_grad_by_freq_mean", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF),
                                                                          True, 1, False, None, False, 2), [r(10, 3)]),
    ("embedding_bag_int32", lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX.astype(np.int32)),
                                                        m.tensor(BAG_OFF.astype(np.int32)), False, 1), [r(10, 3)]),
]
COVERED = ["native_group_norm", "native_dropout", "native_channel_shuffle", "F.native_channel_shuffle", "embedding_bag",
           "embedding_renorm_",
           # (against torch in tests/test_grid_sample.py, with their checks below)
           "grid_sampler", "grid_sampler_2d", "grid_sampler_3d", "affine_grid_generator",
           "native_layer_norm", "native_batch_norm", "rms_norm", "embedding", "batch_norm", "instance_norm", "constant_pad_nd", "convolution", "conv_tbc", "F.conv_tbc",
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


# ---------------------------------------------------------------- native_group_norm

@pytest.mark.parametrize("used", [(0, 1), (0, 2), (1,), (2,), (1, 2)])
def test_native_group_norm_statistics_gradients(used):
    """Only what torch differentiates: the statistics' gradients reach the input when both are given,
    and a second order through them runs back through the node (where a lone one counts for none)."""
    def fn(m, x, w, b):
        out = m.native_group_norm(x, w, b, 2, 6, 6, 3, 1e-5)
        return tuple(out[i] * (i + 1) for i in used)
    check(fn, r(2, 6, 3, 2), r(6), r(6), check_name=False)


def test_native_group_norm_other_layouts():
    # N * C * HxW elements in another shape are read as (N, C, HxW) (views in pullback's graph only)
    check(lambda m, x, w: m.native_group_norm(x, w, None, 2, 6, 6, 3, 0.1), r(12, 6), r(6), check_name=False)
    check(lambda m, x: m.native_group_norm(x.contiguous(memory_format=m.channels_last), None, None, 2, 4, 6, 2, 1e-5),
          r(2, 4, 3, 2), check_name=False)
    check(lambda m, x: m.native_group_norm(x, None, None, 2, 6, 6, 3, 0.1), r(2, 6, 6).astype(np.float32),
          atol=1e-5, rtol=1e-4)
    gradcheck_fd(lambda m, x, w, b: m.native_group_norm(x, w, b, 2, 4, 3, 2, 1e-5), r(2, 4, 3), r(4), r(4))


@pytest.mark.parametrize("fn,phrase", [
    (lambda m, x, w: m.native_group_norm(x, w, None, 2, 6, 6, 0, 1e-5), "Expected num groups to be greater than 0, got 0"),
    (lambda m, x, w: m.native_group_norm(x, w, None, 2, 6, 6, 4, 1e-5),
     "Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 3, 2] and "
     "num_groups=4"),
    (lambda m, x, w: m.native_group_norm(x, w[:3], None, 2, 6, 6, 3, 1e-5),
     "Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [3]"),
    (lambda m, x, w: m.native_group_norm(x, None, w.reshape(2, 3), 2, 6, 6, 3, 1e-5),  # (the weight's shape shown)
     "Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape [0]"),
    (lambda m, x, w: m.native_group_norm(x, w, w[:4], 2, 6, 6, 3, 1e-5),
     "Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape [6]"),
    (lambda m, x, w: m.native_group_norm(x, w, None, 4, 3, 6, 3, 1e-5),
     "Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [6]"),
    (lambda m, x, w: m.native_group_norm(x, w, None, 2, 6, 5, 3, 1e-5), "Expected X.numel() == N * C * HxW"),
    (lambda m, x, w: m.native_group_norm(x.transpose(2, 3), w, None, 2, 6, 6, 3, 1e-5),
     "Expected X.is_contiguous(memory_format) to be true"),
    (lambda m, x, w: m.native_group_norm(x.float(), w, None, 2, 6, 6, 3, 1e-5),
     "mixed dtype (CPU): expect parameter to have scalar type of Float"),
    (lambda m, x, w: m.native_group_norm(x.long(), None, None, 2, 6, 5, 3, 1e-5),
     '"GroupNormKernelImpl" not implemented for \'Long\''),
])
def test_native_group_norm_errors(fn, phrase):
    assert_same_error(fn, r(2, 6, 3, 2), r(6), phrase=phrase)


# ---------------------------------------------------------------- native_dropout

def test_native_dropout_draws_a_mask():
    x = pullback.tensor(r(200, 100), requires_grad=True)
    for p in (0.25, 0.5):
        out, mask = pullback.native_dropout(x, p, True)
        assert mask.dtype == pullback.bool and not mask.requires_grad and out.grad_fn.name() == "NativeDropoutBackward0"
        assert abs(mask.numpy().mean() - (1 - p)) < 0.02  # 20,000 draws
        keep = mask.numpy()
        np.testing.assert_allclose(out.detach().numpy(), x.detach().numpy() * keep / (1 - p), rtol=1e-12)
        # the gradient given the mask: grad * mask / (1 - p), recorded as torch's (a MulBackward0 of grad)
        v = pullback.tensor(r(200, 100), requires_grad=True)
        g, = pullback.autograd.grad(out, x, v, create_graph=True)
        np.testing.assert_allclose(g.detach().numpy(), v.detach().numpy() * keep / (1 - p), rtol=1e-12)
        assert g.grad_fn.name() == "MulBackward0" and g.grad_fn.next_functions[1] == (None, 0)
        gv, = pullback.autograd.grad(g.sum(), v)
        np.testing.assert_allclose(gv.numpy(), keep / (1 - p), rtol=1e-12)
    pullback.manual_seed(3)
    first = pullback.native_dropout(x, 0.5, True)[1].numpy()
    pullback.manual_seed(3)
    assert np.array_equal(first, pullback.native_dropout(x, 0.5, True)[1].numpy())
    out, mask = pullback.native_dropout(pullback.ones(4, dtype=pullback.float16), 0.3, True)
    assert out.dtype == pullback.float16 and set(out.numpy().tolist()) <= {0.0, np.float16(1 / 0.7)}


@pytest.mark.parametrize("fn,phrase,error", [
    (lambda m, x: m.native_dropout(x, 1.5, True), "bernoulli_ expects p to be in [0, 1], but got p=-0.5", RuntimeError),
    (lambda m, x: m.native_dropout(x, -0.1, None), "bernoulli_ expects p to be in [0, 1], but got p=1.1", RuntimeError),
    (lambda m, x: m.native_dropout(x.long(), 0.5, True), "result type Float can't be cast to the desired output type "
     "Long", RuntimeError),
    (lambda m, x: m.native_dropout(x, "a", True), "argument 'p' (position 2) must be float, not str", TypeError),
    (lambda m, x: m.native_dropout(x, 0.5, 1), "argument 'train' (position 3) must be bool, not int", TypeError),
])
def test_native_dropout_errors(fn, phrase, error):
    assert_same_error(fn, r(3, 4), phrase=phrase)


def test_native_dropout_passes_integers_through_in_evaluation():
    check(lambda m, x: m.native_dropout(x, 0.5, False), np.arange(6).reshape(2, 3))
    check(lambda m, x: m.native_dropout(x, 0.5, True), np.zeros((0, 3)))


# ---------------------------------------------------------------- native_channel_shuffle

@pytest.mark.parametrize("f", [lambda m: m, lambda m: m.nn.functional], ids=["torch", "F"])
def test_native_channel_shuffle(f):
    """channel_shuffle's values under a node without a derivative."""
    check(lambda m, x: f(m).native_channel_shuffle(x, 3), r(2, 6, 3), grad=False)
    check(lambda m, x: f(m).native_channel_shuffle(x, 2), r(2, 4, 3, 2, 1), grad=False)
    check(lambda m, x: f(m).native_channel_shuffle(x, 2), np.arange(8).reshape(1, 4, 2))
    assert_same_error(lambda m, x: f(m).native_channel_shuffle(x, 3).sum().backward(), r(2, 6, 3),
                      phrase="derivative for aten::native_channel_shuffle is not implemented")


@pytest.mark.parametrize("shape,groups,phrase", [
    ((2, 6, 3), 4, "Number of channels must be divisible by groups. Got 6 channels and 4 groups."),
    ((2, 6, 3), 0, "Number of groups to divide channels in must be positive. Value of groups:0"),
    ((6, 3), 3, "channel_shuffle expects input with > 2 dims, but got input with sizes [6, 3]"),
    ((2, 6, 3), 3.0, "argument 'groups' (position 2) must be int, not float"),
])
def test_native_channel_shuffle_errors(shape, groups, phrase):
    assert_same_error(lambda m, x: m.native_channel_shuffle(x, groups), r(*shape), phrase=phrase)


# ---------------------------------------------------------------- embedding_bag, embedding_renorm_

@pytest.mark.parametrize("mode", [0, 1, 2])
@pytest.mark.parametrize("last", [False, True])
def test_embedding_bag_float32_outputs(mode, last):
    """float32 (the kernel's fast sum path leaves offset2bag empty) and a weight needing no gradient
    (a sum's bag_size then has one zero per offset)."""
    offsets = np.array([0, 2, 2, 5, 8]) if last else BAG_OFF
    for grad in (True, False):
        check(lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(offsets), False, mode, False, None, last),
              r(10, 3).astype(np.float32), requires_grad=[grad])
    check(lambda m, w, p: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(offsets), False, 0, False, p, last),
          r(10, 3).astype(np.float32), np.linspace(0.5, 2, 8).astype(np.float32), gradgrad=False)


def test_functional_embedding_bag_scale_grad_by_freq():
    check(lambda m, w: m.nn.functional.embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), scale_grad_by_freq=True,
                                                     padding_idx=2), r(10, 3))
    check(lambda m, w: m.nn.functional.embedding_bag(m.tensor([[1, 1, 3], [0, 3, 3]]), w, mode="sum",
                                                     scale_grad_by_freq=True), r(4, 3))


def _bag(m, w, *args):
    return m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF), *args)


@pytest.mark.parametrize("fn,phrase", [
    (lambda m, w: _bag(m, w, False, 3), "`mode` must be sum, mean, or max."),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX).float(), m.tensor(BAG_OFF)),
     "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got "
     "torch.FloatTensor"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF).double()), "but got torch.DoubleTensor"),
    (lambda m, w: m.embedding_bag(w.long(), m.tensor(BAG_IDX), m.tensor(BAG_OFF)),
     "Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, "
     "Double; but got torch.LongTensor"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX + 1), m.tensor(BAG_OFF)),
     "embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be 10"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX - 2), m.tensor(BAG_OFF), False, 2),
     "embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be -1"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor([1, 2])),
     "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got 1"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor([0, 9])),
     "offsets[-1] can not be greater than input's length 8 but got offsets[-1] of 9"),
    (lambda m, w: _bag(m, w, False, 0, False, None, False, 10),
     "padding_idx must be within the number of embeddings, -10 through 9, but got 10"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor([], dtype=m.int64), False, 0, False, None, True),
     "include_last_offset: number of offset should be at least 1"),
    (lambda m, w: _bag(m, w, False, 1, False, m.ones(8, dtype=m.float64)),
     "embedding_bag: per_sample_weights only supported with mode='sum'"),
    (lambda m, w: _bag(m, w, False, 0, False, m.ones(7, dtype=m.float64)),
     "Expected per_sample_weights.value().numel() == indices.numel() to be true"),
    (lambda m, w: _bag(m, w, False, 0, False, m.ones(8)),
     "Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 'per_sample_weights'"),
    (lambda m, w: _bag(m, w[0]), "weight has to be a 2D Tensor, but got Tensor of dimension 1"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX).reshape(2, 2, 2), m.tensor(BAG_OFF)),
     "input has to be a 1D or 2D Tensor, but got Tensor of dimension 3"),
    (lambda m, w: m.embedding_bag(w, m.tensor(BAG_IDX), m.tensor(BAG_OFF).reshape(2, 2)),
     "offsets has to be a 1D Tensor, but got Tensor of dimension 2"),
    (lambda m, w: m.nn.functional.embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), padding_idx=-11),
     "padding_idx must be within the number of embeddings, -10 through 9, but got -11"),
    (lambda m, w: m.nn.functional.embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), mode="max",
                                                scale_grad_by_freq=True),
     "max mode does not support scaling the gradient by the frequency"),
    (lambda m, w: m.nn.functional.embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), per_sample_weights=m.ones(7)),
     "embedding_bag: If per_sample_weights (torch.Size([7])) is not None"),
])
def test_embedding_bag_errors(fn, phrase):
    assert_same_error(fn, r(10, 3), phrase=phrase)


@pytest.mark.parametrize("max_norm,norm_type", [(1.0, 2.0), (1.5, 1), (1.5, float("inf")), (2.0, 0.5), (-1.0, 2.0)])
def test_embedding_renorm_(max_norm, norm_type):
    """Rows picked (once each, negative indices counted from the end) and longer than max_norm are
    scaled to it, in place."""
    weight, indices = r(6, 3) * 3, np.array([[0, 2], [2, -1], [4, 0]])
    results = []
    for m in (pullback, torch):
        w = m.tensor(weight)
        assert m.embedding_renorm_(w, m.tensor(indices), max_norm, norm_type) is w and w._version == 1
        results.append(w.numpy())
    np.testing.assert_allclose(*results, rtol=1e-12)


def test_embedding_renorm_records_a_node_without_derivative():
    for m in (pullback, torch):
        w = m.tensor(r(5, 3), requires_grad=True)
        v = w * 2
        m.embedding_renorm_(v, m.tensor([0, 3]), 1.0, 2.0)
        assert v.grad_fn.name() == "EmbeddingRenormBackward0"
        with pytest.raises(NotImplementedError, match="the derivative for 'embedding_renorm' is not implemented."):
            v.sum().backward()


@pytest.mark.parametrize("fn,phrase,error", [
    (lambda m, w: m.embedding_renorm_(w, m.tensor([0, 2]), 1.0, 2.0),
     "a leaf Variable that requires grad is being used in an in-place operation.", RuntimeError),
    (lambda m, w: m.embedding_renorm_(w.detach(), m.tensor([0.0, 2.0]), 1.0, 2.0),
     "Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but got "
     "torch.FloatTensor", RuntimeError),
    (lambda m, w: m.embedding_renorm_(w.detach()[0], m.tensor([0, 2]), 1.0, 2.0),
     "Expected 2-dimensional tensor, but got 1-dimensional tensor for argument #1 'self'", RuntimeError),
    (lambda m, w: m.embedding_renorm_(w.detach().long(), m.tensor([0, 2]), 1.0, 2.0),
     "norm(): input dtype should be either floating point or complex. Got Long instead.", RuntimeError),
])
def test_embedding_renorm_errors(fn, phrase, error):
    assert_same_error(fn, r(5, 3), phrase=phrase)


def test_embedding_renorm_out_of_range_leaves_weight_unchanged():
    weight = r(5, 3) * 3
    assert_same_error(lambda m, w: m.embedding_renorm_(w, m.tensor([3, 1, 5]), 1.0, 2.0), weight,
                      phrase="select(): index 5 out of range for tensor of size [5, 3] at dimension 0",
                      requires_grad=[False])
    w = pullback.tensor(weight)
    with pytest.raises(IndexError):
        pullback.embedding_renorm_(w, pullback.tensor([3, 1, -6]), 1.0, 2.0)
    assert np.array_equal(w.numpy(), weight) and w._version == 0  # (torch's has scaled row 3 by then)


def test_embedding_bag_without_offsets_has_no_bags():
    """(torch's kernel crashes here)"""
    w = pullback.randn(10, 3, requires_grad=True)
    for mode in (0, 1, 2):
        out = pullback.embedding_bag(w, pullback.tensor([1, 2]), pullback.tensor([], dtype=pullback.int64), False, mode)
        assert out[0].shape == (0, 3)
        out[0].sum().backward()
    assert not w.grad.numpy().any()
