"""pullback.nn.functional against torch.nn.functional: values, dtypes, node names, first- and
second-order gradients (tests/oracle.py `check`), and float64 finite differences.

Each sample is (id, fn(module, *float_arrays), float_arrays, options); integer arguments
(targets, indices) are closed over so that every array argument is differentiable.
"""
import re
import warnings

import inspect

import numpy as np
import pytest
import torch

import pullback
from oracle import Samples, assert_same_error, check, gradcheck_fd
from test_linear_cross_entropy import COVERED as LINEAR_CROSS_ENTROPY_COVERED
from test_torch_forms import COVERED as TORCH_FORMS_COVERED

SAMPLES = Samples(7)
R = SAMPLES.rng
randn, uniform, away_from, ints = SAMPLES.randn, SAMPLES.uniform, SAMPLES.away_from, SAMPLES.ints


def F(m):
    return m.nn.functional


MHA_MASK = np.array([[0, 0, 1, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 1]], bool)
MHA_PADDING = np.array([[0, 0, 0, 0, 1], [1, 0, 0, 0, 0]], bool)


T3 = ints([0, 2, 1, 2])                   # class targets for a (4, 3) input
T_IGN = ints([0, -100, 1, 2])
T_SPATIAL = ints(R.integers(0, 3, (2, 2, 2)))
PROBS = R.dirichlet(np.ones(3), 4)

# --------------------------------------------------------------------------- the table
ACTIVATIONS = [
    ("relu", lambda m, x: F(m).relu(x), [away_from([0], 3, 4)], {}),
    ("relu6", lambda m, x: F(m).relu6(x * 4), [away_from([0, 1.5], 3, 4)], {}),
    ("leaky_relu", lambda m, x: F(m).leaky_relu(x, 0.2), [away_from([0], 3, 4)], {}),
    ("elu", lambda m, x: F(m).elu(x, 1.5), [away_from([0], 3, 4)], {}),
    ("selu", lambda m, x: F(m).selu(x), [away_from([0], 3, 4)], {}),
    ("celu", lambda m, x: F(m).celu(x, 0.7), [away_from([0], 3, 4)], {}),
    ("gelu", lambda m, x: F(m).gelu(x), [randn(3, 4)], {}),
    ("gelu_tanh", lambda m, x: F(m).gelu(x, approximate="tanh"), [randn(3, 4)], {}),
    ("silu", lambda m, x: F(m).silu(x), [randn(3, 4)], {}),
    ("mish", lambda m, x: F(m).mish(x), [randn(3, 4)], {}),
    ("softplus", lambda m, x: F(m).softplus(x), [randn(3, 4)], {}),
    ("softplus_beta", lambda m, x: F(m).softplus(x * 5, beta=2, threshold=3), [away_from([0.3], 3, 4)], {}),
    ("softsign", lambda m, x: F(m).softsign(x), [away_from([0], 3, 4)], {}),
    ("hardtanh", lambda m, x: F(m).hardtanh(x * 2, -1.5, 0.5), [away_from([-0.75, 0.25], 3, 4)], {}),
    ("hardsigmoid", lambda m, x: F(m).hardsigmoid(x * 4), [away_from([-0.75, 0.75], 3, 4)], {"gradgrad": False}),
    ("hardswish", lambda m, x: F(m).hardswish(x * 4), [away_from([-0.75, 0.75], 3, 4)], {}),
    ("tanh", lambda m, x: F(m).tanh(x), [randn(3, 4)], {}),
    ("sigmoid", lambda m, x: F(m).sigmoid(x), [randn(3, 4)], {}),
    ("logsigmoid", lambda m, x: F(m).logsigmoid(x * 3), [randn(3, 4)], {}),
    ("softmax", lambda m, x: F(m).softmax(x, dim=1), [randn(3, 4)], {}),
    ("softmax_dim0_3d", lambda m, x: F(m).softmax(x, 0), [randn(2, 3, 2)], {}),
    ("log_softmax", lambda m, x: F(m).log_softmax(x, dim=-1), [randn(3, 4)], {}),
    ("softmin", lambda m, x: F(m).softmin(x, 1), [randn(3, 4)], {}),
    ("softmax_method", lambda m, x: x.softmax(0), [randn(3, 4)], {}),
    ("log_softmax_method", lambda m, x: x.log_softmax(1), [randn(3, 4)], {}),
    ("torch_softmax_dtype", lambda m, x: m.softmax(x, 1, dtype=m.float64), [randn(3, 4).astype(np.float32)],
     {"fd": False}),
    ("torch_softmax_positional_dtype", lambda m, x: m.softmax(x, 0, m.float64), [randn(3, 4).astype(np.float32)],
     {"fd": False}),
    ("log_softmax_method_positional_dtype", lambda m, x: x.log_softmax(1, m.float64),
     [randn(3, 4).astype(np.float32)], {"fd": False}),
    ("log_softmax_float32", lambda m, x: F(m).log_softmax(x, 1), [randn(3, 4).astype(np.float32)], {"fd": False}),
]

LOSSES = [
    ("mse_loss", lambda m, x, y: F(m).mse_loss(x, y), [randn(3, 4), randn(3, 4)], {}),
    ("mse_loss_sum", lambda m, x, y: F(m).mse_loss(x, y, reduction="sum"), [randn(3, 4), randn(3, 4)], {}),
    ("mse_loss_none", lambda m, x, y: F(m).mse_loss(x, y, reduction="none"), [randn(3, 4), randn(3, 4)], {}),
    ("mse_loss_weight", lambda m, x, y, w: F(m).mse_loss(x, y, weight=w), [randn(3, 4), randn(3, 4),
                                                                            uniform(0.5, 1, 3, 4)], {}),
    ("l1_loss", lambda m, x, y: F(m).l1_loss(x, y), [randn(3, 4), randn(3, 4)], {}),
    ("l1_loss_none", lambda m, x, y: F(m).l1_loss(x, y, reduction="none"), [randn(3, 4), randn(3, 4)], {}),
    ("smooth_l1", lambda m, x, y: F(m).smooth_l1_loss(x, y, beta=0.5), [randn(3, 4), randn(3, 4)], {}),
    ("smooth_l1_none", lambda m, x, y: F(m).smooth_l1_loss(x, y, reduction="none"), [randn(3, 4), randn(3, 4)],
     {}),
    ("huber", lambda m, x, y: F(m).huber_loss(x, y, delta=0.7), [randn(3, 4), randn(3, 4)], {}),
    ("huber_sum", lambda m, x, y: F(m).huber_loss(x, y, reduction="sum"), [randn(3, 4), randn(3, 4)], {}),
    ("cross_entropy", lambda m, x: F(m).cross_entropy(x, m.tensor(T3)), [randn(4, 3)], {}),
    ("cross_entropy_float32", lambda m, x: F(m).cross_entropy(x, m.tensor(T3)), [randn(4, 3).astype(np.float32)],
     {"fd": False}),
    ("cross_entropy_sum_weight", lambda m, x, w: F(m).cross_entropy(x, m.tensor(T3), weight=w.detach(),
                                                                   reduction="sum"),
     [randn(4, 3), uniform(0.5, 2, 3)], {"fd": False}),
    ("cross_entropy_none", lambda m, x: F(m).cross_entropy(x, m.tensor(T3), reduction="none"), [randn(4, 3)], {}),
    ("cross_entropy_ignore", lambda m, x: F(m).cross_entropy(x, m.tensor(T_IGN)), [randn(4, 3)], {}),
    ("cross_entropy_smoothing", lambda m, x: F(m).cross_entropy(x, m.tensor(T_IGN), label_smoothing=0.2),
     [randn(4, 3)], {}),
    ("cross_entropy_smoothing_weight",
     lambda m, x: F(m).cross_entropy(x, m.tensor(T_IGN), weight=m.tensor([0.5, 1.0, 2.0], dtype=x.dtype),
                                     label_smoothing=0.1), [randn(4, 3)], {}),
    ("cross_entropy_spatial", lambda m, x: F(m).cross_entropy(x, m.tensor(T_SPATIAL)), [randn(2, 3, 2, 2)], {}),
    ("cross_entropy_1d", lambda m, x: F(m).cross_entropy(x, m.tensor(2)), [randn(3)], {}),
    ("cross_entropy_probs", lambda m, x: F(m).cross_entropy(x, m.tensor(PROBS)), [randn(4, 3)], {}),
    ("cross_entropy_probs_none", lambda m, x: F(m).cross_entropy(x, m.tensor(PROBS), reduction="none",
                                                                 label_smoothing=0.1), [randn(4, 3)], {}),
    ("cross_entropy_probs_target_grad", lambda m, x, p: F(m).cross_entropy(x, p, reduction="sum"),
     [randn(4, 3), PROBS], {}),
    ("nll_loss", lambda m, x: F(m).nll_loss(x, m.tensor(T3)), [randn(4, 3)], {}),
    ("nll_loss_weight_ignore", lambda m, x: F(m).nll_loss(x, m.tensor(T_IGN), ignore_index=-100,
                                                          weight=m.tensor([0.2, 1.0, 3.0], dtype=x.dtype)),
     [randn(4, 3)], {}),
    ("nll_loss_none", lambda m, x: F(m).nll_loss(x, m.tensor(T_SPATIAL), reduction="none"), [randn(2, 3, 2, 2)], {}),
    # an ignore_index that is a class: its samples are skipped even though they are in range
    ("nll_loss_ignore_class", lambda m, x: F(m).nll_loss(x, m.tensor(T3), ignore_index=2), [randn(4, 3)], {}),
    ("nll_loss_byte_target", lambda m, x: F(m).nll_loss(x, m.tensor(T3).to(m.uint8), reduction="sum"),
     [randn(4, 3)], {}),
    ("bce", lambda m, x, y: F(m).binary_cross_entropy(x, y), [uniform(0.1, 0.9, 3, 4), uniform(0, 1, 3, 4)], {}),
    ("bce_weight_none", lambda m, x, y: F(m).binary_cross_entropy(x, y, weight=m.tensor(np.linspace(0.5, 2, 4)),
                                                                  reduction="none"),
     [uniform(0.1, 0.9, 3, 4), uniform(0, 1, 3, 4)], {}),
    ("bce_logits", lambda m, x, y: F(m).binary_cross_entropy_with_logits(x * 5, y),
     [randn(3, 4), uniform(0, 1, 3, 4)], {}),
    ("bce_logits_pos_weight",
     lambda m, x, y: F(m).binary_cross_entropy_with_logits(x, y, pos_weight=m.tensor(np.linspace(0.5, 3, 4)),
                                                           weight=m.tensor(np.linspace(1, 2, 4)), reduction="sum"),
     [randn(3, 4), uniform(0, 1, 3, 4)], {}),
    ("kl_div", lambda m, x, y: F(m).kl_div(x.log_softmax(1), y, reduction="batchmean"),
     [randn(3, 4), R.dirichlet(np.ones(4), 3)], {}),
    ("kl_div_none_log_target", lambda m, x, y: F(m).kl_div(x, y, reduction="none", log_target=True),
     [randn(3, 4), randn(3, 4)], {}),
    ("kl_div_sum", lambda m, x, y: F(m).kl_div(x, y, reduction="sum"), [randn(3, 4), uniform(0.1, 1, 3, 4)], {}),
    ("margin_ranking", lambda m, a, b: F(m).margin_ranking_loss(a, b, m.tensor([1.0, -1.0, 1.0, -1.0],
                                                                              dtype=a.dtype), margin=0.1),
     [randn(4), randn(4)], {}),
    ("margin_ranking_none", lambda m, a, b: F(m).margin_ranking_loss(a, b, m.tensor([1.0, -1.0, 1.0, -1.0],
                                                                                   dtype=a.dtype),
                                                                    reduction="none"), [randn(4), randn(4)], {}),
    ("cosine_embedding", lambda m, a, b: F(m).cosine_embedding_loss(a, b, m.tensor([1, -1, 1]), margin=-0.5),
     [randn(3, 5), randn(3, 5)], {}),
    ("cosine_embedding_none", lambda m, a, b: F(m).cosine_embedding_loss(a, b, m.tensor([1, -1, -1]),
                                                                         reduction="none", margin=-1.0),
     [randn(3, 5), randn(3, 5)], {}),
]

LAYERS = [
    ("linear", lambda m, x, w, b: F(m).linear(x, w, b), [randn(4, 3), randn(5, 3), randn(5)], {}),
    ("linear_nobias", lambda m, x, w: F(m).linear(x, w), [randn(4, 3), randn(5, 3)], {}),
    ("linear_3d", lambda m, x, w, b: F(m).linear(x, w, b), [randn(2, 4, 3), randn(5, 3), randn(5)], {}),
    ("linear_3d_nobias", lambda m, x, w: F(m).linear(x, w), [randn(2, 4, 3), randn(5, 3)], {}),
    # torch fuses the bias (addmm) only into a contiguous input; else matmul, then + bias
    ("linear_3d_transposed", lambda m, x, w, b: F(m).linear(x.transpose(0, 1), w, b),
     [randn(2, 4, 3), randn(5, 3), randn(5)], {}),
    ("linear_vector_weight", lambda m, x, w: F(m).linear(x, w), [randn(4, 3), randn(3)], {}),
    ("linear_1d_input", lambda m, x, w, b: F(m).linear(x, w, b), [randn(3), randn(5, 3), randn(5)], {}),
    ("bilinear", lambda m, a, b, w, c: F(m).bilinear(a, b, w, c), [randn(3, 2), randn(3, 4), randn(5, 2, 4),
                                                                   randn(5)], {}),
    ("bilinear_batched_no_bias", lambda m, a, b, w: F(m).bilinear(a, b, w), [randn(2, 3, 2), randn(2, 3, 4),
                                                                             randn(5, 2, 4)], {}),
    ("bilinear_unbatched", lambda m, a, b, w: F(m).bilinear(a, b, w), [randn(2), randn(4), randn(3, 2, 4)], {}),
    ("conv2d", lambda m, x, w, b: F(m).conv2d(x, w, b), [randn(2, 3, 5, 5), randn(4, 3, 3, 3), randn(4)], {}),
    ("conv2d_stride_pad_dil", lambda m, x, w: F(m).conv2d(x, w, stride=(2, 1), padding=(1, 2), dilation=(1, 2)),
     [randn(2, 2, 6, 5), randn(3, 2, 3, 2)], {}),
    ("conv2d_groups", lambda m, x, w, b: F(m).conv2d(x, w, b, padding=1, groups=2),
     [randn(1, 4, 4, 4), randn(6, 2, 3, 3), randn(6)], {}),
    ("conv2d_same", lambda m, x, w: F(m).conv2d(x, w, padding="same", dilation=2), [randn(1, 2, 5, 6),
                                                                                    randn(2, 2, 2, 3)], {}),
    ("conv2d_valid_unbatched", lambda m, x, w: F(m).conv2d(x, w, padding="valid"), [randn(2, 4, 4),
                                                                                    randn(3, 2, 2, 2)], {}),
    ("conv2d_float32", lambda m, x, w, b: F(m).conv2d(x, w, b, stride=2),
     [randn(2, 3, 5, 5).astype(np.float32), randn(4, 3, 3, 3).astype(np.float32), randn(4).astype(np.float32)],
     {"fd": False}),
    ("conv1d", lambda m, x, w, b: F(m).conv1d(x, w, b, stride=2, padding=1, dilation=2),
     [randn(2, 3, 7), randn(4, 3, 2), randn(4)], {}),
    ("conv1d_groups_same", lambda m, x, w: F(m).conv1d(x, w, padding="same", groups=3), [randn(1, 3, 5),
                                                                                         randn(3, 1, 4)], {}),
    ("conv_transpose2d", lambda m, x, w, b: F(m).conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
     [randn(2, 3, 3, 3), randn(3, 2, 3, 3), randn(2)], {}),
    ("conv_transpose2d_groups_dil", lambda m, x, w: F(m).conv_transpose2d(x, w, groups=2, dilation=(2, 1)),
     [randn(1, 4, 3, 2), randn(4, 1, 2, 2)], {}),
    ("conv_transpose1d", lambda m, x, w: F(m).conv_transpose1d(x, w, stride=3), [randn(2, 2, 3), randn(2, 3, 2)],
     {}),
    ("conv3d", lambda m, x, w, b: F(m).conv3d(x, w, b, stride=(1, 2, 1), padding=(1, 0, 1), dilation=(1, 1, 2),
                                             groups=2), [randn(1, 2, 3, 4, 4), randn(4, 1, 2, 2, 2), randn(4)], {}),
    ("conv3d_same_unbatched", lambda m, x, w: m.conv3d(x, w, padding="same"), [randn(1, 3, 3, 3), randn(2, 1, 3, 2, 1)],
     {}),
    ("conv_transpose3d", lambda m, x, w, b: F(m).conv_transpose3d(x, w, b, stride=2, padding=(0, 1, 0),
                                                                  output_padding=(1, 0, 1)),
     [randn(1, 2, 2, 2, 2), randn(2, 1, 2, 3, 2), randn(1)], {}),
    ("max_pool2d", lambda m, x: F(m).max_pool2d(x, 2), [randn(2, 3, 4, 6)], {}),
    ("max_pool2d_full", lambda m, x: F(m).max_pool2d(x, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2),
                                                     ceil_mode=True), [randn(1, 2, 6, 7)], {}),
    ("max_pool2d_indices", lambda m, x: F(m).max_pool2d(x, 3, 2, 1, return_indices=True), [randn(2, 5, 5)],
     {"fd": False}),
    ("max_pool1d", lambda m, x: F(m).max_pool1d(x, 3, stride=2, padding=1, ceil_mode=True), [randn(2, 3, 8)], {}),
    ("max_pool1d_indices", lambda m, x: F(m).max_pool1d(x, 2, return_indices=True), [randn(2, 3, 8)], {"fd": False}),
    ("avg_pool2d", lambda m, x: F(m).avg_pool2d(x, 2), [randn(2, 3, 4, 6)], {}),
    ("avg_pool2d_pad_ceil", lambda m, x: F(m).avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True,
                                                         count_include_pad=False), [randn(1, 2, 6, 7)], {}),
    ("avg_pool2d_include_pad", lambda m, x: F(m).avg_pool2d(x, (2, 3), stride=2, padding=1, ceil_mode=True),
     [randn(1, 2, 5, 6)], {}),
    ("avg_pool2d_divisor", lambda m, x: F(m).avg_pool2d(x, 2, divisor_override=3), [randn(2, 4, 4)], {}),
    ("avg_pool1d", lambda m, x: F(m).avg_pool1d(x, 3, stride=2, padding=1), [randn(2, 3, 8)], {}),
    ("max_pool3d", lambda m, x: F(m).max_pool3d(x, (2, 3, 2), stride=(1, 2, 2), padding=(1, 1, 0), dilation=(2, 1, 1),
                                                ceil_mode=True), [randn(1, 2, 4, 5, 4)], {}),
    ("max_pool3d_indices_unbatched", lambda m, x: F(m).max_pool3d(x, 2, return_indices=True), [randn(2, 4, 4, 3)],
     {"fd": False}),
    ("avg_pool3d", lambda m, x: F(m).avg_pool3d(x, (2, 3, 2), stride=2, padding=(1, 1, 0), ceil_mode=True,
                                                count_include_pad=False), [randn(1, 2, 4, 5, 4)], {}),
    ("avg_pool3d_divisor", lambda m, x: F(m).avg_pool3d(x, 2, divisor_override=5), [randn(1, 1, 4, 2, 2)], {}),
    ("adaptive_avg_pool2d", lambda m, x: F(m).adaptive_avg_pool2d(x, (2, 3)), [randn(2, 3, 5, 7)], {}),
    ("adaptive_avg_pool2d_1", lambda m, x: F(m).adaptive_avg_pool2d(x, 1), [randn(2, 3, 5, 7)], {}),
    ("adaptive_avg_pool2d_none", lambda m, x: F(m).adaptive_avg_pool2d(x, (None, 4)), [randn(3, 5, 7)], {}),
    ("unfold", lambda m, x: F(m).unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1)), [randn(2, 3, 5, 6)],
     {}),
    ("fold", lambda m, x: F(m).fold(x, (4, 5), 2, padding=1, stride=2), [randn(2, 12, 9)], {}),
    ("interp_nearest", lambda m, x: F(m).interpolate(x, scale_factor=2), [randn(1, 2, 3, 3)], {}),
    ("interp_nearest_size", lambda m, x: F(m).interpolate(x, size=(5, 2)), [randn(1, 2, 3, 4)], {}),
    ("interp_nearest_exact", lambda m, x: F(m).interpolate(x, size=(5, 7), mode="nearest-exact"),
     [randn(1, 2, 3, 4)], {}),
    ("interp_nearest_1d", lambda m, x: F(m).interpolate(x, scale_factor=1.7), [randn(2, 2, 5)], {}),
    ("interp_bilinear", lambda m, x: F(m).interpolate(x, size=(5, 7), mode="bilinear"), [randn(1, 2, 3, 4)], {}),
    ("interp_bilinear_ac", lambda m, x: F(m).interpolate(x, scale_factor=(2, 1.5), mode="bilinear",
                                                         align_corners=True), [randn(1, 2, 3, 4)], {}),
    ("interp_linear", lambda m, x: F(m).interpolate(x, size=7, mode="linear"), [randn(2, 2, 4)], {}),
    ("interp_area", lambda m, x: F(m).interpolate(x, size=(2, 3), mode="area"), [randn(1, 2, 5, 7)], {}),
    ("interp_area_1d", lambda m, x: F(m).interpolate(x, size=3, mode="area"), [randn(1, 2, 5)], {}),
    ("interp_area_3d", lambda m, x: F(m).interpolate(x, size=(1, 2, 3), mode="area"), [randn(1, 1, 3, 5, 4)], {}),
    ("interp_nearest_3d", lambda m, x: F(m).interpolate(x, scale_factor=(2, 1.5, 0.5)), [randn(1, 2, 2, 3, 4)], {}),
    ("interp_nearest_exact_3d", lambda m, x: F(m).interpolate(x, size=(3, 4, 5), mode="nearest-exact"),
     [randn(1, 1, 2, 3, 4)], {}),
    ("interp_trilinear", lambda m, x: F(m).interpolate(x, size=(3, 4, 5), mode="trilinear"), [randn(1, 2, 2, 3, 4)],
     {}),
    ("interp_trilinear_ac", lambda m, x: F(m).interpolate(x, scale_factor=2, mode="trilinear", align_corners=True),
     [randn(1, 1, 2, 3, 2)], {}),
    ("adaptive_avg_pool3d", lambda m, x: F(m).adaptive_avg_pool3d(x, (2, None, 3)), [randn(2, 3, 5, 2, 7)], {}),
    ("adaptive_avg_pool3d_1", lambda m, x: F(m).adaptive_avg_pool3d(x, 1), [randn(2, 3, 2, 2)], {}),
    ("layer_norm", lambda m, x, w, b: F(m).layer_norm(x, (3, 4), w, b), [randn(2, 3, 4), randn(3, 4), randn(3, 4)],
     {}),
    ("layer_norm_plain", lambda m, x: F(m).layer_norm(x, [4], eps=1e-3), [randn(3, 4)], {}),
    ("group_norm", lambda m, x, w, b: F(m).group_norm(x, 2, w, b), [randn(2, 4, 3, 2), randn(4), randn(4)], {}),
    ("group_norm_plain", lambda m, x: F(m).group_norm(x, 3), [randn(2, 6, 5)], {}),
    ("batch_norm_train", lambda m, x, w, b: F(m).batch_norm(x, None, None, w, b, training=True),
     [randn(4, 3, 2, 2), randn(3), randn(3)], {}),
    ("batch_norm_eval", lambda m, x, w, b: F(m).batch_norm(x, m.tensor([0.1, -0.2, 0.3], dtype=x.dtype),
                                                           m.tensor([1.5, 0.5, 2.0], dtype=x.dtype), w, b),
     [randn(4, 3, 2), randn(3), randn(3)], {}),
    ("embedding", lambda m, w: F(m).embedding(m.tensor([[0, 2], [3, 2]]), w), [randn(4, 3)], {}),
    ("embedding_padding", lambda m, w: F(m).embedding(m.tensor([0, 2, 1, 2]), w, padding_idx=2), [randn(4, 3)],
     {"fd": False}),
    ("normalize", lambda m, x: F(m).normalize(x, dim=1), [randn(3, 4)], {}),
    ("normalize_p1", lambda m, x: F(m).normalize(x, p=1, dim=0), [away_from([0], 3, 4)], {}),
    ("pairwise_distance", lambda m, a, b: F(m).pairwise_distance(a, b), [randn(3, 4), randn(3, 4)], {}),
    ("pairwise_distance_p3", lambda m, a, b: F(m).pairwise_distance(a, b, p=3, keepdim=True),
     [randn(3, 4), randn(3, 4)], {}),
    ("cosine_similarity", lambda m, a, b: F(m).cosine_similarity(a, b), [randn(3, 4), randn(3, 4)], {}),
    ("cosine_similarity_dim0", lambda m, a, b: F(m).cosine_similarity(a, b, dim=0), [randn(3, 4), randn(1, 4)], {}),
    ("dropout_eval", lambda m, x: F(m).dropout(x, 0.3, training=False), [randn(3, 4)], {}),
    ("torch_conv2d", lambda m, x, w: m.conv2d(x, w, padding=1), [randn(1, 1, 4, 4), randn(2, 1, 3, 3)], {}),
    ("torch_max_pool2d", lambda m, x: m.max_pool2d(x, 2), [randn(1, 2, 4, 4)], {}),
]

SIGNS = np.array([1.0, -1.0, -1.0, 1.0])
SOFT_TARGET = randn(4)
ML_TARGET = ints([[2, 0, -1, 1], [3, -1, 0, 0], [-1, 0, 0, 0]])
FRACTIONAL_SAMPLES = R.random((2, 3, 3))

MORE = [
    ("threshold", lambda m, x: F(m).threshold(x, 0.2, -3.0), [away_from([0.2], 3, 4)], {}),
    ("hardshrink", lambda m, x: F(m).hardshrink(x, 0.4), [away_from([-0.4, 0.4], 3, 4)], {}),
    ("hardshrink_method", lambda m, x: x.hardshrink(), [away_from([-0.5, 0.5], 3, 4)], {}),
    ("softshrink", lambda m, x: F(m).softshrink(x, 0.3), [away_from([-0.3, 0.3], 3, 4)], {}),
    ("tanhshrink", lambda m, x: F(m).tanhshrink(x), [randn(3, 4)], {}),
    ("glu", lambda m, x: F(m).glu(x, 1), [randn(3, 4, 2)], {}),
    ("prelu_shared", lambda m, x, w: F(m).prelu(x, w), [away_from([0], 2, 3, 4), np.array([0.25])], {}),
    ("prelu_channels", lambda m, x, w: m.prelu(x, w), [away_from([0], 2, 3, 4), randn(3)], {}),
    ("rrelu_eval", lambda m, x: F(m).rrelu(x, 0.1, 0.3), [away_from([0], 3, 4)], {}),
    ("adaptive_avg_pool1d", lambda m, x: F(m).adaptive_avg_pool1d(x, 4), [randn(2, 3, 7)], {}),
    ("adaptive_max_pool2d", lambda m, x: F(m).adaptive_max_pool2d(x, (3, 2), return_indices=True),
     [randn(2, 3, 7, 5)], {"fd": False}),
    ("adaptive_max_pool2d_plain", lambda m, x: F(m).adaptive_max_pool2d(x, (3, None)), [randn(3, 5, 4)], {}),
    ("adaptive_max_pool1d", lambda m, x: F(m).adaptive_max_pool1d(x, 3), [randn(2, 3, 7)], {}),
    ("adaptive_max_pool3d", lambda m, x: F(m).adaptive_max_pool3d(x, (2, None, 3), return_indices=True),
     [randn(1, 2, 3, 4, 5)], {"fd": False}),
    ("adaptive_max_pool3d_unbatched", lambda m, x: F(m).adaptive_max_pool3d(x, 2), [randn(2, 3, 3, 5)], {}),
    ("pdist", lambda m, x: F(m).pdist(x), [randn(4, 3)], {"gradgrad": False}),
    ("max_unpool3d", lambda m, x: F(m).max_unpool3d(*F(m).max_pool3d(x, 2, return_indices=True), 2),
     [randn(1, 2, 4, 4, 2)], {}),
    ("lp_pool3d", lambda m, x: F(m).lp_pool3d(x, 2, (2, 1, 2)), [randn(1, 2, 2, 3, 4)], {}),
    # (more in tests/test_fractional_max_pool.py)
    ("fractional_max_pool2d", lambda m, x: F(m).fractional_max_pool2d(
        x, 2, output_size=(3, 2), _random_samples=m.tensor(FRACTIONAL_SAMPLES[:, :, :2], dtype=x.dtype)),
     [randn(2, 3, 6, 5)], {}),
    ("fractional_max_pool2d_with_indices", lambda m, x: F(m).fractional_max_pool2d_with_indices(
        x, (3, 2), output_ratio=(0.5, 0.6), _random_samples=m.tensor(FRACTIONAL_SAMPLES[:, :, 1:], dtype=x.dtype))[0],
     [randn(2, 3, 7, 6)], {}),
    ("fractional_max_pool3d", lambda m, x: F(m).fractional_max_pool3d(
        x, 2, output_size=2, _random_samples=m.tensor(FRACTIONAL_SAMPLES, dtype=x.dtype)), [randn(2, 3, 4, 5, 4)], {}),
    ("fractional_max_pool3d_with_indices", lambda m, x: F(m).fractional_max_pool3d_with_indices(
        x, (1, 2, 2), output_ratio=0.5, _random_samples=m.tensor(FRACTIONAL_SAMPLES[:1], dtype=x.dtype))[0],
     [randn(3, 4, 5, 6)], {}),
    ("lp_pool2d_inf", lambda m, x: F(m).lp_pool2d(x, float("inf"), 2, stride=1), [randn(1, 2, 3, 4)], {}),
    ("lp_pool1d_neg_inf", lambda m, x: F(m).lp_pool1d(x, -float("inf"), 2), [randn(1, 2, 6)], {}),
    ("max_pool2d_with_indices", lambda m, x: F(m).max_pool2d_with_indices(x, 2, 1), [randn(1, 2, 3, 4)],
     {"fd": False}),
    ("max_pool1d_with_indices", lambda m, x: F(m).max_pool1d_with_indices(x, 2), [randn(1, 2, 6)], {"fd": False}),
    ("max_pool3d_with_indices", lambda m, x: F(m).max_pool3d_with_indices(x, kernel_size=2), [randn(1, 1, 2, 2, 4)],
     {"fd": False}),
    ("adaptive_max_pool1d_with_indices", lambda m, x: F(m).adaptive_max_pool1d_with_indices(x, 3), [randn(1, 2, 7)],
     {"fd": False}),
    ("adaptive_max_pool2d_with_indices", lambda m, x: F(m).adaptive_max_pool2d_with_indices(x, (2, 3)),
     [randn(1, 2, 5, 7)], {"fd": False}),
    ("adaptive_max_pool3d_with_indices", lambda m, x: F(m).adaptive_max_pool3d_with_indices(x, 2),
     [randn(1, 1, 3, 3, 5)], {"fd": False}),
    ("upsample", lambda m, x: F(m).upsample(x, scale_factor=2, mode="bilinear"), [randn(1, 1, 2, 3)], {}),
    ("upsample_nearest", lambda m, x: F(m).upsample_nearest(x, size=(3, 5)), [randn(1, 1, 2, 3)], {}),
    ("upsample_bilinear", lambda m, x: F(m).upsample_bilinear(x, scale_factor=2), [randn(1, 1, 2, 3)], {}),
    ("triplet_with_distance", lambda m, a, p, n: F(m).triplet_margin_with_distance_loss(
        a, p, n, distance_function=lambda u, v: 1 - F(m).cosine_similarity(u, v), margin=0.5, swap=True),
     [randn(3, 4), randn(3, 4), randn(3, 4)], {}),
    ("triplet_with_default_distance", lambda m, a, p, n: F(m).triplet_margin_with_distance_loss(a, p, n,
                                                                                                reduction="sum"),
     [randn(3, 4), randn(3, 4), randn(3, 4)], {}),
    ("pdist_p1", lambda m, x: m.pdist(x, p=1), [randn(3, 5)], {"gradgrad": False}),
    ("pdist_inf", lambda m, x: F(m).pdist(x, p=float("inf")), [randn(3, 2)], {"gradgrad": False}),
    ("instance_norm", lambda m, x, w, b: F(m).instance_norm(x, weight=w, bias=b), [randn(2, 3, 4), randn(3),
                                                                                   randn(3)], {}),
    ("soft_margin", lambda m, x: F(m).soft_margin_loss(x, m.tensor(SIGNS)), [randn(4)], {}),
    ("soft_margin_none", lambda m, x: F(m).soft_margin_loss(x, m.tensor(SOFT_TARGET), reduction="none"), [randn(4)],
     {}),
    ("hinge_embedding", lambda m, x: F(m).hinge_embedding_loss(x, m.tensor(SIGNS), margin=0.5),
     [away_from([0.5], 4)], {}),
    ("hinge_embedding_none", lambda m, x: F(m).hinge_embedding_loss(x, m.tensor(SIGNS), reduction="none"),
     [away_from([1.0], 4)], {}),
    ("poisson_nll", lambda m, x, y: F(m).poisson_nll_loss(x, y), [randn(3, 4), uniform(0, 3, 3, 4)], {}),
    ("poisson_nll_full_none", lambda m, x, y: F(m).poisson_nll_loss(x, y, log_input=False, full=True,
                                                                     reduction="none"),
     [uniform(0.5, 2, 3, 4), uniform(0, 3, 3, 4)], {}),
    ("gaussian_nll", lambda m, x, y, v: F(m).gaussian_nll_loss(x, y, v), [randn(3, 4), randn(3, 4),
                                                                          uniform(0.5, 2, 3, 4)], {}),
    ("gaussian_nll_full_sum", lambda m, x, y, v: F(m).gaussian_nll_loss(x, y, v, full=True, reduction="sum"),
     [randn(3, 4), randn(3, 4), uniform(0.5, 2, 3)], {}),
    ("gaussian_nll_none_float_var", lambda m, x, y: F(m).gaussian_nll_loss(x, y, 0.7, reduction="none"),
     [randn(3, 4), randn(3, 4)], {}),
    ("triplet", lambda m, a, p, n: F(m).triplet_margin_loss(a, p, n, margin=2.0), [randn(3, 4), randn(3, 4),
                                                                                    randn(3, 4)], {}),
    ("triplet_swap_none", lambda m, a, p, n: F(m).triplet_margin_loss(a, p, n, p=1, swap=True, reduction="none",
                                                                      margin=3.0),
     [randn(3, 4), randn(3, 4), randn(3, 4)], {}),
    ("multilabel_soft_margin", lambda m, x: F(m).multilabel_soft_margin_loss(x, m.tensor((PROBS > 0.3) * 1.0)),
     [randn(4, 3)], {}),
    ("multilabel_soft_margin_none_weight",
     lambda m, x, w: F(m).multilabel_soft_margin_loss(x, m.tensor((PROBS > 0.3) * 1.0), weight=w, reduction="none"),
     [randn(4, 3), uniform(0.5, 1, 3)], {}),
    ("multi_margin", lambda m, x: F(m).multi_margin_loss(x, m.tensor(T3)), [randn(4, 3)], {"gradgrad": False}),
    ("multi_margin_p2_weight_none",
     lambda m, x: F(m).multi_margin_loss(x, m.tensor(T3), p=2, margin=0.5, reduction="none",
                                         weight=m.tensor([1.0, 2.0, 0.5], dtype=x.dtype)),
     [randn(4, 3)], {"gradgrad": False}),
    ("multilabel_margin", lambda m, x: F(m).multilabel_margin_loss(x, m.tensor(ML_TARGET)), [randn(3, 4)],
     {"gradgrad": False}),
    ("multilabel_margin_none", lambda m, x: F(m).multilabel_margin_loss(x, m.tensor(ML_TARGET), reduction="none"),
     [randn(3, 4)], {"gradgrad": False}),
    ("alpha_dropout_eval", lambda m, x: F(m).alpha_dropout(x, 0.3), [randn(3, 4)], {}),
    ("embedding_freq", lambda m, w: F(m).embedding(m.tensor([[0, 2, 2], [3, 2, 0]]), w, scale_grad_by_freq=True),
     [randn(4, 3)], {"fd": False}),
    ("interp_antialias", lambda m, x: F(m).interpolate(x, size=(3, 4), mode="bilinear", antialias=True),
     [randn(1, 2, 7, 9)], {}),
    ("interp_antialias_up", lambda m, x: F(m).interpolate(x, scale_factor=1.5, mode="bilinear", antialias=True),
     [randn(1, 1, 3, 4)], {}),
    ("pixel_shuffle", lambda m, x: F(m).pixel_shuffle(x, 2), [randn(2, 8, 2, 3)], {}),
    ("pixel_unshuffle", lambda m, x: m.pixel_unshuffle(x, 2), [randn(3, 4, 6)], {}),
    ("sdpa", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v), [randn(2, 2, 3, 4), randn(2, 2, 5, 4),
                                                                            randn(2, 2, 5, 4)], {"gradgrad": False}),
    ("sdpa_value_dim", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v),
     [randn(2, 2, 3, 4), randn(2, 2, 5, 4), randn(2, 2, 5, 3)], {}),
    ("sdpa_causal_scale", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3),
     [randn(1, 2, 4, 3), randn(1, 2, 4, 3), randn(1, 2, 4, 3)], {"gradgrad": False}),
    ("sdpa_bool_mask", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(np.array([[1, 0, 1], [0, 0, 0], [1, 1, 0], [0, 1, 1]], bool))),
     [randn(1, 1, 4, 3), randn(1, 1, 3, 3), randn(1, 1, 3, 3)], {"gradgrad": False}),
    ("sdpa_float_mask_causal", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(ATTN_BIAS, dtype=q.dtype), is_causal=True),
     [randn(1, 2, 4, 3), randn(1, 2, 4, 3), randn(1, 2, 4, 3)], {"gradgrad": False}),
    ("sdpa_gqa", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v, enable_gqa=True),
     [randn(1, 4, 3, 2), randn(1, 2, 3, 2), randn(1, 2, 3, 2)], {"gradgrad": False}),
    ("sdpa_3d", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v),
     [randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 3)], {}),
    ("mha_self", lambda m, x, w, b, wo, bo: F(m).multi_head_attention_forward(
        x, x, x, 4, 2, w, b, None, None, False, 0.0, wo, bo), [randn(3, 2, 4), randn(12, 4), randn(12), randn(4, 4),
                                                              randn(4)], {}),
    ("mha_cross_masked", lambda m, q, kv, w, wo: F(m).multi_head_attention_forward(
        q, kv, kv, 4, 2, w, None, None, None, False, 0.0, wo, None, attn_mask=m.tensor(MHA_MASK),
        key_padding_mask=m.tensor(MHA_PADDING), average_attn_weights=False),
     [randn(3, 2, 4), randn(5, 2, 4), randn(12, 4), randn(4, 4)], {}),
    ("mha_separate_bias_kv_zero_attn", lambda m, q, k, v, wq, wk, wv, b, bk, bv, wo: F(m).multi_head_attention_forward(
        q, k, v, 4, 2, None, b, bk, bv, True, 0.0, wo, None, use_separate_proj_weight=True, q_proj_weight=wq,
        k_proj_weight=wk, v_proj_weight=wv),
     [randn(3, 4), randn(5, 3), randn(5, 2), randn(4, 4), randn(4, 3), randn(4, 2), randn(12), randn(1, 1, 4),
      randn(1, 1, 4), randn(4, 4)], {}),
    ("mha_static_kv_no_weights", lambda m, q, w, wo, sk, sv: F(m).multi_head_attention_forward(
        q, q, q, 4, 2, w, None, None, None, False, 0.0, wo, None, need_weights=False, static_k=sk, static_v=sv)[0],
     [randn(3, 2, 4), randn(12, 4), randn(4, 4), randn(4, 5, 2), randn(4, 5, 2)], {"gradgrad": False}),
    ("rms_norm", lambda m, x, w: F(m).rms_norm(x, (4,), w), [randn(2, 3, 4), randn(4)], {}),
    ("rms_norm_eps", lambda m, x: F(m).rms_norm(x, [3, 4], eps=1e-3), [randn(2, 3, 4)], {}),
    ("local_response_norm", lambda m, x: F(m).local_response_norm(x, 3, alpha=0.5, k=2.0), [randn(2, 5, 3, 2)], {}),
    ("local_response_norm_3d", lambda m, x: F(m).local_response_norm(x, 2), [randn(2, 4, 3)], {}),
    ("lp_pool2d", lambda m, x: F(m).lp_pool2d(x, 2, 2), [randn(1, 2, 4, 5)], {}),
    ("lp_pool1d", lambda m, x: F(m).lp_pool1d(x, 3, 2, stride=1), [uniform(0.5, 2, 2, 2, 5)], {}),
    ("max_unpool2d", lambda m, x: F(m).max_unpool2d(*F(m).max_pool2d(x, 2, return_indices=True), 2),
     [randn(2, 3, 4, 6)], {}),
    ("max_unpool2d_size", lambda m, x: F(m).max_unpool2d(*F(m).max_pool2d(x, 2, stride=2, padding=1,
                                                                          return_indices=True),
                                                        2, stride=2, padding=1, output_size=(1, 1, 5, 5)),
     [randn(1, 1, 5, 5)], {}),
    ("max_unpool1d", lambda m, x: F(m).max_unpool1d(*F(m).max_pool1d(x, 3, return_indices=True), 3),
     [randn(2, 2, 7)], {}),
    ("channel_shuffle", lambda m, x: F(m).channel_shuffle(x, 3), [randn(2, 6, 2, 1)], {}),
    ("embedding_bag_mean", lambda m, w: F(m).embedding_bag(m.tensor([0, 5, 2, 5, 1]), w, m.tensor([0, 2, 2]),
                                                            padding_idx=5), [randn(6, 3)], {}),
    ("embedding_bag_sum_2d", lambda m, w: F(m).embedding_bag(m.tensor([[0, 3, 3], [1, 2, 0]]), w, mode="sum"),
     [randn(4, 3)], {}),
    ("embedding_bag_max", lambda m, w: F(m).embedding_bag(m.tensor([0, 3, 1, 2, 3]), w, m.tensor([0, 2, 2, 5]),
                                                           mode="max", include_last_offset=True), [randn(4, 3)], {}),
    ("embedding_bag_weights", lambda m, w, p: F(m).embedding_bag(m.tensor([0, 3, 1, 2]), w, m.tensor([0, 1]),
                                                                  mode="sum", per_sample_weights=p),
     [randn(4, 3), randn(4)], {"gradgrad": False}),
]
ATTN_BIAS = randn(4, 4)

SAMPLES = ACTIVATIONS + LOSSES + LAYERS + MORE
# every pullback.nn.functional function, each exercised by the samples or tests in this file
COVERED = ["multi_head_attention_forward", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices",
           "adaptive_max_pool3d", "adaptive_max_pool3d_with_indices", "affine_grid", "alpha_dropout", "avg_pool1d", "avg_pool2d",
           "avg_pool3d", "batch_norm", "bilinear", "binary_cross_entropy", "binary_cross_entropy_with_logits",
           "celu", "celu_", "channel_shuffle", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d", "cosine_embedding_loss", "cosine_similarity", "cross_entropy", "ctc_loss", "dropout",
           "dropout1d",
           "dropout2d", "dropout3d", "elu", "elu_", "embedding", "embedding_bag", "feature_alpha_dropout", "fold",
           "fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
           "fractional_max_pool3d_with_indices",
           "gaussian_nll_loss", "gelu", "glu", "grid_sample", "group_norm", "gumbel_softmax", "hardshrink", "hardsigmoid",
           "hardswish", "hardtanh", "hardtanh_", "hinge_embedding_loss", "huber_loss", "instance_norm",
           "interpolate", "kl_div", "l1_loss", "layer_norm", "leaky_relu", "leaky_relu_", "linear",
           "local_response_norm", "log_softmax", "logsigmoid", "lp_pool1d", "lp_pool2d", "lp_pool3d",
           "margin_ranking_loss", "max_pool1d", "max_pool1d_with_indices", "max_pool2d", "max_pool2d_with_indices",
           "max_pool3d", "max_pool3d_with_indices", "max_unpool1d", "max_unpool2d", "max_unpool3d", "mish",
           "mse_loss", "multi_margin_loss", "multilabel_margin_loss", "multilabel_soft_margin_loss", "nll_loss",
           "normalize", "one_hot", "pad", "pairwise_distance", "pdist", "pixel_shuffle", "pixel_unshuffle",
           "poisson_nll_loss", "prelu", "relu", "relu6", "relu_", "rms_norm", "rrelu", "rrelu_",
           "scaled_dot_product_attention", "selu", "selu_", "sigmoid", "silu", "smooth_l1_loss", "soft_margin_loss",
           "softmax", "softmin", "softplus", "softshrink", "softsign", "tanh", "tanhshrink", "threshold",
           "threshold_", "triplet_margin_loss", "triplet_margin_with_distance_loss", "unfold", "upsample",
           "upsample_bilinear", "upsample_nearest"]


def _opts(sample):
    return sample[3]


@pytest.mark.parametrize("sample", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_against_torch(sample):
    _, fn, arrays, opts = sample
    check(fn, *arrays, atol=opts.get("atol", 1e-6), rtol=opts.get("rtol", 1e-5),
          gradgrad=opts.get("gradgrad", True), check_name=opts.get("check_name", True),
          grad_name=opts.get("grad_name", True), whole_graph=opts.get("whole_graph", True))


@pytest.mark.parametrize("sample", [s for s in SAMPLES if _opts(s).get("fd", True)],
                         ids=[s[0] for s in SAMPLES if _opts(s).get("fd", True)])
def test_finite_differences(sample):
    _, fn, arrays, _ = sample
    gradcheck_fd(fn, *arrays)


# --------------------------------------------------------------------------- errors
X43 = randn(4, 3)
ERRORS = [
    ("bilinear_dims", lambda m, x: F(m).bilinear(x[:, None], x, m.ones(2, 3, 3, dtype=x.dtype)), [X43],
     "bilinear(): input dimensions do not match: got 3 and 2"),
    ("bilinear_batch", lambda m, x: F(m).bilinear(x, x[:3], m.ones(2, 3, 3, dtype=x.dtype)), [X43],
     "bilinear(): input batch dimensions do not match at dim 0: got 4 and 3"),
    ("bilinear_input1", lambda m, x: F(m).bilinear(x, x, m.ones(2, 2, 3, dtype=x.dtype)), [X43],
     "bilinear(): input1 size does not match weight size: got 3 but expected 2"),
    ("bilinear_input2", lambda m, x: F(m).bilinear(x, x, m.ones(2, 3, 4, dtype=x.dtype)), [X43],
     "bilinear(): input2 size does not match weight size: got 3 but expected 4"),
    ("bilinear_bias", lambda m, x: F(m).bilinear(x, x, m.ones(2, 3, 3, dtype=x.dtype), m.ones(3, dtype=x.dtype)),
     [X43], "bilinear(): bias size does not match weight size: got 3 but expected 2"),
    ("bilinear_dtype", lambda m, x: F(m).bilinear(x, x, m.ones(2, 3, 3, dtype=m.float32)), [X43],
     "All tensors must have the same dtype, got input1: double, input2: double, weight: float"),
    ("ce_float_class_target", lambda m, x: F(m).cross_entropy(x, m.tensor([0.0, 1.0, 2.0, 1.0])), [X43],
     "expected target dtype to be Long or Byte, but got Float"),
    ("ce_batch_mismatch", lambda m, x: F(m).cross_entropy(x, m.tensor([0, 1])), [X43],
     "Expected input batch_size (4) to match target batch_size (2)."),
    ("ce_target_out_of_range", lambda m, x: F(m).cross_entropy(x, m.tensor([0, 1, 3, 1])), [X43],
     "Target 3 is out of bounds."),
    ("ce_target_negative", lambda m, x: F(m).cross_entropy(x, m.tensor([0, -1, 2, 1])), [X43],
     "Target -1 is out of bounds."),
    ("nll_byte_target_out_of_range", lambda m, x: F(m).nll_loss(x, m.tensor([0, 1, 200, 1]).to(m.uint8)), [X43],
     "Target 200 is out of bounds."),
    ("ce_bad_weight", lambda m, x: F(m).cross_entropy(x, m.tensor(T3), weight=m.ones(2, dtype=m.float64)), [X43],
     "weight tensor should be defined either for all 3 classes or no classes"),
    ("ce_probs_shape", lambda m, x: F(m).cross_entropy(x, m.ones(4, 2, dtype=m.float64)), [X43],
     "0D or 1D target tensor expected, multi-target not supported"),
    ("ce_spatial_target_size", lambda m, x: F(m).cross_entropy(x, m.ones(2, 4, 5, dtype=m.int64)),
     [randn(2, 3, 4, 4)], "size mismatch (got input: [2, 3, 4, 4] , target: [2, 4, 5]"),
    ("ce_label_smoothing", lambda m, x: F(m).cross_entropy(x, m.tensor(T3), label_smoothing=1.5), [X43],
     "label_smoothing must be between 0.0 and 1.0"),
    ("nll_multi_target", lambda m, x: F(m).nll_loss(x, m.zeros(4, 3, dtype=m.int64)), [X43],
     "0D or 1D target tensor expected, multi-target not supported"),
    ("bad_reduction", lambda m, x: F(m).mse_loss(x, x, reduction="avg"), [X43],
     "avg is not a valid value for reduction"),
    ("mse_weight_shape", lambda m, x: F(m).mse_loss(x, x, weight=m.ones(3, dtype=m.float64)), [X43],
     "Weights and input must have the same size."),
    ("bce_range", lambda m, x: F(m).binary_cross_entropy(x, x.detach()), [X43 + 3],
     "all elements of input should be between 0 and 1"),
    ("bce_target_size", lambda m, x: F(m).binary_cross_entropy(x.sigmoid(), m.ones(4, dtype=m.float64)), [X43],
     "that is different to the input size"),
    ("bce_logits_target_size", lambda m, x: F(m).binary_cross_entropy_with_logits(x, m.ones(3, dtype=m.float64)),
     [X43], "must be the same as input size"),
    ("smooth_l1_beta", lambda m, x: F(m).smooth_l1_loss(x, x, beta=-1.0), [X43],
     "smooth_l1_loss does not support negative values for beta."),
    ("huber_delta", lambda m, x: F(m).huber_loss(x, x, delta=0.0), [X43],
     "huber_loss does not support non-positive values for delta."),
    ("margin_ranking_dims", lambda m, x: F(m).margin_ranking_loss(x, x, m.ones(3, dtype=m.float64)), [X43],
     "All input tensors should have same dimension"),
    ("linear_shapes", lambda m, x: F(m).linear(x, m.ones(5, 4, dtype=m.float64)), [X43],
     "mat1 and mat2 shapes cannot be multiplied (4x3 and 4x5)"),
    ("linear_vector_weight_bias", lambda m, x: F(m).linear(x, m.ones(3, dtype=m.float64), m.ones((), dtype=m.float64)),
     [X43],
     "mat2 must be a matrix, got 1-D tensor"),
    ("conv_channels", lambda m, x: F(m).conv2d(x, m.ones(2, 3, 3, 3, dtype=m.float64)), [randn(1, 2, 5, 5)],
     "to have 3 channels, but got 2 channels instead"),
    ("conv_groups", lambda m, x: F(m).conv2d(x, m.ones(3, 2, 3, 3, dtype=m.float64), groups=2),
     [randn(1, 4, 5, 5)], "expected weight to be divisible by 2 at dimension 0"),
    ("conv_input_dims", lambda m, x: F(m).conv2d(x, m.ones(2, 3, 3, 3, dtype=m.float64)), [randn(5, 5)],
     "Expected 3D (unbatched) or 4D (batched) input to conv2d"),
    ("conv_kernel_too_big", lambda m, x: F(m).conv2d(x, m.ones(2, 1, 4, 4, dtype=m.float64)), [randn(1, 1, 3, 3)],
     "Kernel size can't be greater than actual input size"),
    ("conv_dtype", lambda m, x: F(m).conv2d(x, m.ones(2, 1, 2, 2)), [randn(1, 1, 3, 3)],
     "expected scalar type Double but found Float"),
    ("conv_same_strided", lambda m, x: F(m).conv2d(x, m.ones(2, 1, 2, 2, dtype=m.float64), stride=2,
                                                   padding="same"), [randn(1, 1, 3, 3)],
     "padding='same' is not supported for strided convolutions"),
    ("conv_bias_shape", lambda m, x: F(m).conv2d(x, m.ones(2, 1, 2, 2, dtype=m.float64),
                                                 m.ones(3, dtype=m.float64)), [randn(1, 1, 3, 3)],
     "expected bias to be 1-dimensional with 2 elements"),
    ("conv_transpose_output_padding", lambda m, x: F(m).conv_transpose2d(x, m.ones(1, 1, 2, 2, dtype=m.float64),
                                                                         output_padding=1), [randn(1, 1, 3, 3)],
     "output padding must be smaller than either stride or dilation"),
    ("conv_transpose_too_small", lambda m, x: F(m).conv_transpose2d(x, m.ones(1, 1, 1, 1, dtype=m.float64),
                                                                    padding=(0, 1)), [randn(1, 1, 1, 1)],
     "Output size is too small"),
    ("max_pool_pad", lambda m, x: F(m).max_pool2d(x, 2, padding=2), [randn(1, 1, 6, 6)],
     "pad should be at most half of effective kernel size"),
    ("max_pool3d_too_small", lambda m, x: F(m).max_pool3d(x, 2), [randn(1, 2, 1, 1, 1)], "Output size is too small"),
    ("avg_pool_too_small", lambda m, x: F(m).avg_pool2d(x, 3), [randn(1, 1, 2, 2)], "Output size is too small"),
    ("layer_norm_shape", lambda m, x: F(m).layer_norm(x, (4,)), [X43], "Given normalized_shape=[4]"),
    ("group_norm_groups", lambda m, x: F(m).group_norm(x, 3), [randn(2, 4, 3)],
     "Expected number of channels in input to be divisible by num_groups"),
    ("batch_norm_one_value", lambda m, x: F(m).batch_norm(x, None, None, training=True), [randn(1, 3)],
     "Expected more than 1 value per channel when training"),
    ("embedding_float_indices", lambda m, w: F(m).embedding(m.tensor([0.0, 1.0]), w), [X43],
     "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int"),
    ("embedding_out_of_range", lambda m, w: F(m).embedding(m.tensor([0, 4]), w), [X43], "index out of range in self"),
    ("embedding_max_norm_range", lambda m, w: F(m).embedding(m.tensor([0, 4]), w.detach(), max_norm=1.0), [X43],
     "select(): index 4 out of range for tensor of size [4, 3] at dimension 0"),
    ("embedding_max_norm_dtype", lambda m, w: F(m).embedding(m.tensor([0.0]), w.detach(), max_norm=1.0), [X43],
     "to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead"),
    ("pdist_dims", lambda m, x: F(m).pdist(x.unsqueeze(0)), [X43], "pdist only supports 2D tensors, got: 3D"),
    ("pdist_p", lambda m, x: F(m).pdist(x, -1.0), [X43], "pdist only supports non-negative p values"),
    ("one_hot_dtype", lambda m, x: F(m).one_hot(m.tensor([0.0, 1.0])), [X43],
     "one_hot is only applicable to index tensor"),
    ("one_hot_negative", lambda m, x: F(m).one_hot(m.tensor([0, -1])), [X43], "Class values must be non-negative."),
    ("one_hot_too_large", lambda m, x: F(m).one_hot(m.tensor([0, 3]), 3), [X43],
     "Class values must be smaller than num_classes."),
    ("dropout_p", lambda m, x: F(m).dropout(x, 1.5), [X43], "dropout probability has to be between 0 and 1"),
    ("softmax_int", lambda m, x: F(m).softmax(m.tensor([1, 2]), 0), [X43], "not implemented for 'Long'"),
    ("softmax_dim", lambda m, x: F(m).softmax(x, 2), [X43], "Dimension out of range"),
    ("interp_align_nearest", lambda m, x: F(m).interpolate(x, scale_factor=2, align_corners=True),
     [randn(1, 1, 2, 2)], "align_corners option can only be set with the interpolating modes"),
    ("interp_size_and_scale", lambda m, x: F(m).interpolate(x, size=3, scale_factor=2), [randn(1, 1, 2, 2)],
     "only one of size or scale_factor should be defined"),
    ("fold_blocks", lambda m, x: F(m).fold(x, (4, 4), 2), [randn(1, 4, 8)],
     "expected size of input's dimension 2 to match the calculated number of sliding blocks"),
    ("soft_margin_target_grad", lambda m, x, y: F(m).soft_margin_loss(x, y), [randn(4), randn(4)],
     "is not differentiable with respect to argument 'target'"),
    ("glu_odd", lambda m, x: F(m).glu(x), [randn(2, 5)], "Halving dimension must be even"),
    ("prelu_channels", lambda m, x: F(m).prelu(x, m.ones(2, dtype=m.float64)), [randn(2, 3, 4)],
     "Mismatch of parameter numbers and input channel size."),
    ("softshrink_lambda", lambda m, x: F(m).softshrink(x, -1.0), [X43],
     "lambda must be in range [0, 1.79769e+308] for input dtype Double"),
    ("triplet_margin", lambda m, x: F(m).triplet_margin_loss(x, x, x, margin=0.0), [X43],
     "margin must be greater than 0"),
    ("gaussian_var_negative", lambda m, x: F(m).gaussian_nll_loss(x, x, -x.detach().abs()), [X43],
     "var has negative entry/entries"),
    ("gaussian_var_size", lambda m, x: F(m).gaussian_nll_loss(x, x, m.ones(2, dtype=m.float64)), [X43],
     "var is of incorrect size"),
    ("multi_margin_p", lambda m, x: F(m).multi_margin_loss(x, m.tensor(T3), p=3), [X43],
     "only p == 1 and p == 2 supported"),
    ("dropout1d_dims", lambda m, x: F(m).dropout1d(x[0, 0]), [X43], "dropout1d: Expected 2D or 3D input"),
    ("nll_weight_dtype", lambda m, x: F(m).nll_loss(x, m.tensor(T3), weight=m.ones(3)), [X43],
     "expected scalar type Double but found Float"),
    ("bce_target_dtype", lambda m, x: F(m).binary_cross_entropy(x.sigmoid(), m.ones(4, 3)), [X43],
     "Found dtype Float but expected Double"),
    ("linear_bias_dtype", lambda m, x: F(m).linear(x, m.ones(2, 3, dtype=m.float64), m.ones(2)), [X43],
     "self and mat2 must have the same dtype, but got Float and Double"),
    ("conv_bias_dtype", lambda m, x: F(m).conv2d(x, m.ones(1, 1, 2, 2, dtype=m.float64), m.ones(1)),
     [randn(1, 1, 3, 3)], "Input type (double) and bias type (float) should be the same"),
    ("batch_norm_param_dtype", lambda m, x: F(m).batch_norm(x, m.zeros(3), m.ones(3)), [X43],
     "mixed dtype (CPU): all inputs must share same datatype."),
    ("group_norm_param_dtype", lambda m, x: F(m).group_norm(x.float(), 3, m.ones(3, dtype=m.float64)), [X43],
     "mixed dtype (CPU): expect parameter to have scalar type of Float"),
    ("layer_norm_param_dtype", lambda m, x: F(m).layer_norm(x, (3,), m.ones(3)), [X43],
     "mixed dtype (CPU): all inputs must share same datatype."),
    ("sdpa_mask_and_causal", lambda m, x: F(m).scaled_dot_product_attention(x, x, x[..., :2],
                                                                          attn_mask=m.ones(4, 4) > 0,
                                                                          is_causal=True), [randn(1, 1, 4, 3)],
     "Explicit attn_mask should not be set when is_causal=True"),
    ("pixel_shuffle_channels", lambda m, x: F(m).pixel_shuffle(x, 2), [randn(1, 3, 2, 2)],
     "input.size(-3)=3 is not divisible by 4"),
    ("interp_antialias_mode", lambda m, x: F(m).interpolate(x, scale_factor=2, antialias=True), [randn(1, 1, 2, 2)],
     "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes"),
    ("lrn_dims", lambda m, x: F(m).local_response_norm(x, 2), [X43], "Expected 3D or higher dimensionality"),
    ("max_unpool_index", lambda m, x: F(m).max_unpool2d(x, m.tensor([[[[0, 1], [2, 30]]]]), 2), [randn(1, 1, 2, 2)],
     "Found an invalid max index: 30"),
    ("embedding_bag_2d_offsets", lambda m, w: F(m).embedding_bag(m.tensor([[0, 1]]), w, m.tensor([0])), [X43],
     "if input is 2D, then offsets has to be None"),
    ("embedding_bag_weights_mode", lambda m, w: F(m).embedding_bag(m.tensor([0, 1]), w, m.tensor([0]),
                                                                  per_sample_weights=m.ones(2, dtype=m.float64)),
     [X43], "per_sample_weights is only supported for mode='sum'"),
    ("channel_shuffle_groups", lambda m, x: F(m).channel_shuffle(x, 4), [randn(1, 6, 2)],
     "Number of channels must be divisible by groups"),
    ("hardtanh_bounds", lambda m, x: F(m).hardtanh(x, 1.0, 0.0), [X43], "min_val cannot be greater than max_val"),
]


@pytest.mark.parametrize("sample", ERRORS, ids=[s[0] for s in ERRORS])
def test_errors_match_torch(sample):
    _, fn, arrays, phrase = sample
    assert_same_error(fn, *arrays, phrase=phrase)


# --------------------------------------------------------------------------- state, randomness, namespaces
def test_dropout_statistics_and_scaling():
    pullback.manual_seed(0)
    x = pullback.ones(200, 100, requires_grad=True)
    y = F(pullback).dropout(x, p=0.3)
    kept = y.detach().numpy() != 0
    assert abs(kept.mean() - 0.7) < 0.01
    np.testing.assert_allclose(y.detach().numpy()[kept], 1 / 0.7, rtol=1e-6)
    assert y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy() != 0, kept)   # the gradient uses the same mask


def test_dropout_is_repeatable_under_manual_seed_and_identity_when_not_training():
    x = pullback.randn(50)
    pullback.manual_seed(3)
    a = F(pullback).dropout(x)
    pullback.manual_seed(3)
    b = pullback.dropout(x, 0.5, True)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert F(pullback).dropout(x, 0.5, training=False) is x
    assert not F(pullback).dropout(x, 1.0).numpy().any()


def test_dropout_inplace_writes_into_input():
    x = pullback.ones(10, 10)
    out = F(pullback).dropout(x, 0.5, inplace=True)
    assert out is x and (x.numpy() == 0).any() and x._version == 1


@pytest.mark.parametrize("name,args", [("relu", ()), ("leaky_relu", (0.1,)), ("elu", ()), ("selu", ()),
                                       ("celu", ()), ("hardtanh", ()), ("relu6", ()), ("silu", ()), ("mish", ()),
                                       ("hardswish", ()), ("threshold", (0.3, -1.0)), ("rrelu", ())])
def test_inplace_activations(name, args):
    def run(m, x):
        y = x * 2
        out = getattr(F(m), name)(y, *args, inplace=True)
        assert out is y
        return out
    check(run, away_from([0, 0.5, -0.5, 1.5, -1.5, 3], 3, 4) / 2)


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_running_statistics_updated_like_torch(training):
    x = randn(5, 3, 2)
    stats = {}
    for m in (pullback, torch_module()):
        rm, rv = m.tensor([0.5, 0.0, -1.0]), m.tensor([1.0, 2.0, 0.5])
        out = F(m).batch_norm(m.tensor(x, dtype=m.float32), rm, rv, training=training, momentum=0.2)
        stats[m.__name__] = rm.numpy().copy(), rv.numpy().copy(), out.numpy()
    for a, b in zip(stats["pullback"], stats["torch"]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def torch_module():
    import torch
    return torch


def test_one_hot_values():
    t = ints([[0, 3], [2, 1]])
    np.testing.assert_array_equal(F(pullback).one_hot(pullback.tensor(t)).numpy(),
                                  F(torch_module()).one_hot(torch_module().tensor(t)).numpy())
    out = F(pullback).one_hot(pullback.tensor(t), 6)
    assert out.shape == (2, 2, 6) and out.dtype == pullback.int64


def test_softmax_implicit_dim_warns_and_matches_torch():
    x = randn(2, 3)
    with pytest.warns(UserWarning, match="Implicit dimension choice"):
        out = F(pullback).softmax(pullback.tensor(x))
    with pytest.warns(UserWarning):
        expected = F(torch_module()).softmax(torch_module().tensor(x))
    np.testing.assert_allclose(out.numpy(), expected.numpy(), rtol=1e-6)


@pytest.mark.parametrize("call", [
    lambda m, x: m.nn.functional.softmax(x), lambda m, x: m.nn.functional.log_softmax(x),
    lambda m, x: m.nn.functional.softmin(x), lambda m, x: m.nn.Softmax()(x), lambda m, x: m.nn.LogSoftmax()(x),
    lambda m, x: m.nn.Softmin()(x), lambda m, x: m.nn.functional.softmax(x, dtype=m.float64)])
def test_implicit_dim_warning_names_the_function_and_the_callers_line(call):
    # The modules' warning: torch's names a line of its own module.py; pullback's the caller's.
    seen = []
    for m in (pullback, torch_module()):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call(m, m.ones(2, 3))
        seen.append([str(w.message) for w in caught])
        if m is pullback:
            assert [w.filename for w in caught] == [__file__]
    assert seen[0] == seen[1] and len(seen[0]) == 1


@pytest.mark.parametrize("call, phrase", [
    (lambda m: m.softmax(m.ones(2, 3), None), "softmax(): argument 'dim' (position 2) must be int, not NoneType"),
    (lambda m: m.log_softmax(m.ones(2, 3), 1.0), "log_softmax(): argument 'dim' (position 2) must be int, not float"),
    (lambda m: m.ones(2, 3).softmax(None), "softmax(): argument 'dim' (position 1) must be int, not NoneType"),
    (lambda m: m.ones(2, 3).log_softmax(True), "log_softmax(): argument 'dim' (position 1) must be int, not bool"),
])
def test_torch_softmax_requires_an_int_dim(call, phrase):
    for m in (pullback, torch_module()):
        with pytest.raises(TypeError, match=re.escape(phrase)):
            call(m)
    assert pullback.softmax(pullback.ones(2, 3), pullback.tensor(1)).shape == (2, 3)


def test_namespaces():
    top = ["softmax", "log_softmax", "conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "dropout",
           "layer_norm", "group_norm", "max_pool1d", "max_pool2d", "avg_pool1d", "pairwise_distance",
           "cosine_similarity", "bilinear", "celu", "selu", "kl_div", "binary_cross_entropy_with_logits",
           "cosine_embedding_loss", "margin_ranking_loss", "relu", "sigmoid", "tanh"]
    for name in top:
        assert callable(getattr(pullback, name)), name
    # F.sigmoid and F.tanh call the method (torch's are Python: input.sigmoid()); they take no out=
    for name in ("sigmoid", "tanh"):
        x = pullback.tensor([0.5, -1.0], requires_grad=True)
        y = getattr(pullback.nn.functional, name)(x)
        assert y.grad_fn.name() == getattr(x, name)().grad_fn.name()
        for m in (torch, pullback):
            with pytest.raises(AttributeError, match=f"'list' object has no attribute '{name}'"):
                getattr(m.nn.functional, name)([0.5])
            with pytest.raises(TypeError, match="unexpected keyword argument 'out'"):
                getattr(m.nn.functional, name)(m.ones(2), out=m.ones(2))
    assert callable(pullback.Tensor.softmax) and callable(pullback.Tensor.log_softmax)
    missing = [n for n in COVERED if not hasattr(torch_module().nn.functional, n)]
    assert not missing, missing
    public = {n for n in dir(pullback.nn.functional) if not n.startswith("_")
              and callable(getattr(pullback.nn.functional, n))}
    # F.conv_tbc's and F.linear_cross_entropy's samples are in their own tables
    covered = set(COVERED) | {n[2:] for n in TORCH_FORMS_COVERED + LINEAR_CROSS_ENTROPY_COVERED if n.startswith("F.")}
    assert public == covered, "update COVERED (and add samples) for " + str(public ^ covered)


def test_pad_is_reexported():
    check(lambda m, x: F(m).pad(x, (1, 2, 0, 1), value=0.5), randn(2, 3))


def test_legacy_reduction_flags():
    check(lambda m, x, y: F(m).mse_loss(x, y, size_average=False), randn(3), randn(3))
    check(lambda m, x: F(m).nll_loss(x, m.tensor(T3), reduce=False), randn(4, 3))


F32_SAMPLES = [s for s in SAMPLES if _opts(s).get("fd", True) and _opts(s).get("f32", True)]


@pytest.mark.parametrize("sample", F32_SAMPLES, ids=[s[0] for s in F32_SAMPLES])
def test_float32_keeps_dtype(sample):
    """The default dtype end to end: no float64 leaks from constants, matching torch's float32 numbers."""
    _, fn, arrays, opts = sample
    check(fn, *[a.astype(np.float32) for a in arrays], atol=1e-5, rtol=1e-4, gradgrad=False,
          check_name=opts.get("check_name", True), whole_graph=opts.get("whole_graph", True))


def test_embedding_max_norm_renormalises_rows_in_place_like_torch():
    w = randn(5, 3) * 3
    idx = ints([[0, 2], [2, 4]])
    results = []
    for m in (pullback, torch_module()):
        weight = m.tensor(w.copy())
        out = F(m).embedding(m.tensor(idx), weight, max_norm=1.5, norm_type=1)
        results.append((out.numpy(), weight.numpy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6)


@pytest.mark.parametrize("name", ["relu_", "elu_", "leaky_relu_", "hardtanh_", "selu_", "celu_", "rrelu_"])
def test_inplace_function_forms(name):
    x = randn(3, 4)
    outs = []
    for m in (pullback, torch_module()):
        t = m.tensor(x.copy())
        assert getattr(F(m), name)(t) is t
        outs.append(t.numpy())
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-6)
    t = pullback.tensor(x.copy())
    assert F(pullback).threshold_(t, 0.1, 2.0) is t and (t.numpy()[x <= 0.1] == 2.0).all()


def test_sdpa_dropout_zeroes_attention_weights():
    q = pullback.randn(2, 2, 6, 4)
    pullback.manual_seed(1)
    a = F(pullback).scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    pullback.manual_seed(1)
    b = F(pullback).scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    c = F(pullback).scaled_dot_product_attention(q, q, q)
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.allclose(a.numpy(), c.numpy())


@pytest.mark.parametrize("name,shape", [("dropout1d", (8, 50, 3)), ("dropout2d", (8, 50, 2, 2)),
                                        ("dropout3d", (8, 50, 2, 1, 2)), ("feature_alpha_dropout", (8, 50, 3))])
def test_feature_dropout_zeroes_whole_channels(name, shape):
    pullback.manual_seed(0)
    x = pullback.ones(*shape)
    out = getattr(F(pullback), name)(x, 0.4, training=True).numpy().reshape(shape[0] * shape[1], -1)
    assert (out == out[:, :1]).all()                         # one draw per channel
    dropped = out[:, 0] == out.min()
    assert abs(dropped.mean() - 0.4) < 0.06
    assert F(pullback).dropout2d(x, 0.4, training=False) is x


def test_alpha_dropout_keeps_zero_mean_unit_variance():
    pullback.manual_seed(0)
    x = pullback.randn(400, 500)
    out = F(pullback).alpha_dropout(x, 0.3, training=True).numpy()
    assert abs(out.mean()) < 0.02 and abs(out.std() - 1) < 0.02
    _, counts = np.unique(out, return_counts=True)
    assert abs(counts.max() / out.size - 0.3) < 0.01          # dropped units all sit at one value


def test_gumbel_softmax_samples_and_straight_through_gradient():
    pullback.manual_seed(0)
    logits = pullback.tensor(np.log([[0.7, 0.2, 0.1]] * 3000), requires_grad=True)
    soft = F(pullback).gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.sum(-1).detach().numpy(), 1, rtol=1e-6)
    hard = F(pullback).gumbel_softmax(logits, hard=True)
    counts = hard.detach().numpy().sum(0) / 3000
    np.testing.assert_allclose(counts, [0.7, 0.2, 0.1], atol=0.03)   # argmax of Gumbel-perturbed logits
    assert set(np.unique(hard.detach().numpy())) == {0.0, 1.0} and hard.grad_fn.name() == "AddBackward0"
    hard.sum().backward()          # the straight-through estimator: the soft sample's gradient
    assert logits.grad is not None and np.abs(logits.grad.numpy()).max() < 1e-5


def test_rrelu_training_draws_slopes_between_bounds():
    pullback.manual_seed(0)
    x = (-pullback.rand(200) - 0.1).requires_grad_()
    y = F(pullback).rrelu(x, 0.1, 0.3, training=True)
    slopes = (y / x).detach().numpy()
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.03
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), slopes, rtol=1e-5)
    assert y.grad_fn.name() == "RreluWithNoiseBackward0"


FORWARD_AD = [
    ("conv_pool_gelu_log_softmax", lambda m, x: F(m).log_softmax(F(m).max_pool2d(F(m).gelu(
        F(m).conv2d(x, m.tensor(CONV_W), padding=1)), 2).flatten(1), 1), randn(2, 3, 4, 4)),
    ("layer_norm_cross_entropy", lambda m, x: F(m).cross_entropy(F(m).layer_norm(x, (3,)), m.tensor(T3)), randn(4, 3)),
    ("interpolate_avg_pool", lambda m, x: F(m).avg_pool2d(F(m).interpolate(x, scale_factor=2, mode="bilinear"), 3),
     randn(1, 2, 3, 3)),
]
CONV_W = randn(2, 3, 3, 3)


@pytest.mark.parametrize("name,fn,x", FORWARD_AD, ids=[s[0] for s in FORWARD_AD])
def test_forward_mode_tangents_match_torch(name, fn, x):
    tangent = randn(*x.shape)
    results = []
    for m in (pullback, torch_module()):
        fa = m.autograd.forward_ad
        with fa.dual_level():
            primal, out_tangent = fa.unpack_dual(fn(m, fa.make_dual(m.tensor(x), m.tensor(tangent))))
            results.append((primal.detach().numpy(), out_tangent.detach().numpy()))
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)


def _torch_signature(name):
    import inspect
    try:
        sig = inspect.signature(getattr(torch_module().nn.functional, name))
    except (TypeError, ValueError):   # C builtins
        return None
    params = list(sig.parameters.values())
    return None if params and params[0].kind is params[0].VAR_POSITIONAL else sig


@pytest.mark.parametrize("name", [n for n in COVERED if _torch_signature(n) is not None])
def test_signature_matches_torch(name):
    """Same parameter names, order and defaults as torch.nn.functional's Python functions."""
    import inspect
    theirs = _torch_signature(name).parameters.values()
    ours = inspect.signature(getattr(pullback.nn.functional, name)).parameters.values()
    assert [(p.name, p.default) for p in ours] == [(p.name, p.default) for p in theirs]


def test_rejected_calls_leave_state_untouched():
    rm, rv = pullback.zeros(3), pullback.ones(3)
    with pytest.raises(RuntimeError, match="running_var should contain 3 elements not 2"):
        F(pullback).batch_norm(pullback.randn(4, 3), rm, pullback.ones(2), training=True)
    assert not rm.numpy().any() and rm._version == 0
    w = pullback.randn(4, 3)
    before = w.numpy().copy()
    with pytest.raises(IndexError):
        F(pullback).embedding(pullback.tensor([0, 9]), w, max_norm=0.1)
    np.testing.assert_array_equal(w.numpy(), before)
    x = pullback.ones(3)
    with pytest.raises(ValueError):
        F(pullback).dropout(x, 2.0, inplace=True)
    assert (x.numpy() == 1).all() and x._version == 0


def test_log_softmax_of_a_zero_dim_tensor_with_a_gradient_of_another_dtype():
    grads = []
    for m in (torch, pullback):
        x = m.tensor(1.5, requires_grad=True)
        m.nn.functional.log_softmax(x, 0).backward(m.tensor(2.0, dtype=m.float64))
        grads.append(x.grad.item())
    assert grads[1] == grads[0]


@pytest.mark.parametrize("target", [[1, -100, 3], [-100, -100, -100], [0, 2, 1]])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_nll_loss_zeros_keep_torchs_sign(target, reduction):
    """Ignored samples and non-target classes get +0 (torch writes only the targets), also under a
    negative upstream gradient and when every sample is ignored."""
    x0 = np.array([[0.0, -1.0, 2.0, 0.5], [1.0, 0.0, -0.5, 3.0], [0.0, 0.25, 1.5, -2.0]], dtype=np.float32)
    results = []
    for m in (torch, pullback):
        x = m.tensor(x0, requires_grad=True)
        loss = m.nn.functional.nll_loss(x, m.tensor(target), reduction=reduction)
        (-loss.sum()).backward()
        results.append((loss.detach().numpy(), x.grad.numpy()))
    for t, p in zip(*results):
        np.testing.assert_array_equal(p, t)
        np.testing.assert_array_equal(np.signbit(p), np.signbit(t))


@pytest.mark.parametrize("shapes", [((1, 4, 2, 4), (1, 2, 2, 4), (1, 1, 2, 4)), ((1, 4, 2, 4), (1, 2, 2, 4), (1, 2, 2, 4)),
                                    ((4, 2, 4), (2, 2, 4), (1, 2, 4))])
def test_grouped_query_attention_with_key_and_value_head_counts_as_torch(shapes):
    """Keys and values may have different head counts, each dividing the query's (then torch takes
    its unfused path); values and gradients as torch's."""
    rng = np.random.default_rng(8)
    arrays = [rng.standard_normal(s) for s in shapes]
    results = []
    for m in (pullback, torch):
        q, k, v = (m.tensor(a, requires_grad=True) for a in arrays)
        y = m.nn.functional.scaled_dot_product_attention(q, k, v, enable_gqa=True)
        y.backward(m.ones_like(y))
        results.append([y.grad_fn.name()] + [t.detach().numpy() for t in (y, q.grad, k.grad, v.grad)])
    assert results[0][0] == results[1][0]
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_grouped_query_attention_errors_as_torch():
    for q, k in [((1, 3, 2, 4), (1, 2, 2, 4)), ((2, 4), (2, 4))]:
        errors = []
        for m in (pullback, torch):
            with pytest.raises((RuntimeError, IndexError)) as e:
                m.nn.functional.scaled_dot_product_attention(m.ones(q), m.ones(k), m.ones(k), enable_gqa=True)
            errors.append((e.type, str(e.value)))
        assert errors[0] == errors[1]


def test_prelu_second_derivatives_are_torchs_at_zero():
    """prelu's gradient is one PreluKernelBackward node whose own gradients are torch's formulas,
    which count x == 0 as positive (a product rule on where() counted it as negative)."""
    rng = np.random.default_rng(9)
    x0, w0 = rng.standard_normal((2, 3, 4)), rng.random(3)
    x0[0, 0, :2] = 0.0
    results = []
    for m in (pullback, torch):
        x, w = m.tensor(x0, requires_grad=True), m.tensor(w0, requires_grad=True)
        gx, gw = m.autograd.grad((m.nn.functional.prelu(x, w) ** 2).sum(), (x, w), create_graph=True)
        names = [gx.grad_fn.name(), [f.name() if f else None for f, _ in gx.grad_fn.next_functions]]
        hx, hw = m.autograd.grad(gx.sum() + (gw ** 2).sum(), (x, w))
        results.append((names, gx.detach().numpy(), gw.detach().numpy(), hx.numpy(), hw.numpy()))
    assert results[0][0] == results[1][0]
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("target_shape", [(3, 4), (4,)])
def test_mse_loss_gradients_are_torchs_nodes_to_second_order(reduction, target_shape):
    """mse_loss's gradient is torch's MseLossBackwardBackward0 node (norm * (x - y) * grad, bit for
    bit), a broadcast target expanded first as torch's functional does, and its second derivatives
    are torch's formulas."""
    rng = np.random.default_rng(1)
    x0, y0 = rng.standard_normal((3, 4)).astype(np.float32), rng.standard_normal(target_shape).astype(np.float32)
    results = []
    for m in (pullback, torch):
        x, y = m.tensor(x0, requires_grad=True), m.tensor(y0, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the broadcast warning
            loss = m.nn.functional.mse_loss(x, y, reduction=reduction)
        gx, gy = m.autograd.grad(loss.sum(), (x, y), create_graph=True)
        hx, hy = m.autograd.grad((gx ** 2).sum() + (gy ** 3).sum(), (x, y))
        results.append(([gx.grad_fn.name(), gy.grad_fn.name()], gx.detach().numpy(), gy.detach().numpy(),
                        hx.numpy(), hy.numpy()))
    assert results[0][0] == results[1][0]
    np.testing.assert_array_equal(results[0][1], results[1][1])
    for ours, theirs in zip(results[0][2:], results[1][2:]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_broadcast_tensors_returns_a_tensor_of_the_shape_itself():
    for m in (pullback, torch):
        x = m.ones(3, 4, requires_grad=True)
        a, b = m.broadcast_tensors(x, m.ones(4))
        assert a is x and b.shape == (3, 4)


@pytest.mark.parametrize("dim", [0, 1])
def test_softmax_second_derivatives_through_its_backward_node_are_torchs(dim):
    rng = np.random.default_rng(2)
    x0, w0 = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    results = []
    for m in (pullback, torch):
        x = m.tensor(x0, requires_grad=True)
        g, = m.autograd.grad((m.softmax(x, dim) * m.tensor(w0)).sum(), x, create_graph=True)
        h, = m.autograd.grad((g ** 2).sum(), x)
        results.append((g.grad_fn.name(), g.detach().numpy(), h.numpy()))
    assert results[0][0] == results[1][0] == "SoftmaxBackwardDataBackward0"
    for ours, theirs in zip(results[0][1:], results[1][1:]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", ["elu", "selu", "celu", "hardsigmoid", "hardshrink", "softshrink", "hardswish"])
def test_activations_at_nan_infinities_and_their_edges_as_torch(name, dtype):
    """torch's kernels compare so that a NaN takes a definite side (elu's positive one, hardsigmoid's
    zero gradient, hardshrink keeps it); hardsigmoid's gradient is float32's 1/6 for every dtype."""
    values = np.array([0.0, -0.0, 1e-30, 0.5, -0.5, 3.0, -3.0, 30.0, -30.0, np.inf, -np.inf, np.nan], dtype)
    results = []
    for m in (pullback, torch):
        x = m.tensor(values, requires_grad=True)
        y = getattr(m.nn.functional, name)(x)
        g, = m.autograd.grad(y.sum(), x)
        results.append((y.detach().numpy(), g.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, equal_nan=True)


@pytest.mark.parametrize("shape", [(2, 4, 3), (2, 3, 2, 2, 2), (2, 3, 0), (0, 3, 4)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss", ["nll_loss", "cross_entropy"])
def test_class_losses_of_other_dims_go_through_torchs_views(shape, reduction, loss):
    """torch's nll_loss_nd: inputs of 3 or 5+ dims viewed as (N, C, 1, -1) for NllLoss2D (a
    transposed input made contiguous first), an unreduced loss viewed back to the target's shape."""
    from oracle import whole_graph
    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape)
    t = rng.integers(0, shape[1], (shape[0],) + shape[2:])

    def run(m):
        xt = m.tensor(x, requires_grad=True)
        inp = xt.transpose(3, 4) if len(shape) > 3 else xt  # (a strided input when 5-d)
        out = getattr(m.nn.functional, loss)(inp, m.tensor(t), reduction=reduction)
        out.sum().backward()
        return whole_graph(out.grad_fn), out.detach().numpy(), xt.grad.numpy()
    (g1, v1, d1), (g2, v2, d2) = run(pullback), run(torch)
    assert g1 == g2
    np.testing.assert_allclose(v1, v2, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(d1, d2, rtol=1e-6, atol=1e-7)
