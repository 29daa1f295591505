"""An option grid over torch.nn.functional: the keyword arguments and input layouts where bugs hide
(strides, paddings, groups, modes, reductions, masks, batchless inputs), each run on pullback and on
torch with small float64 inputs that require grad. tests/oracle.py `check` compares values, dtypes,
shapes, graphs, first- and second-order gradients. Where torch refuses the double backward, pullback
refuses it the same way (`gg_refused`), or, for the ops whose backward formulas pullback keeps
differentiable for its forward mode (`gg_beyond_torch`, docs/differences.md), its second derivatives
are checked by central differences. Errors compare the exception class and the first line's key
phrase, and leave the caller's tensors as they were; in-place state (running statistics, max_norm
rows) is compared with torch's, version counters included.
"""
import numpy as np
import pytest
import torch

import pullback
from oracle import Samples, as_numpy, check, check_error, to_pb, to_torch

SAMPLES = Samples(2024)
R = SAMPLES.rng
randn, uniform, away_from, ints = SAMPLES.randn, SAMPLES.uniform, SAMPLES.away_from, SAMPLES.ints


def F(m):
    return m.nn.functional


def case(name, fn, arrays, **opts):
    return pytest.param(fn, arrays, opts, id=name)


# --------------------------------------------------------------------------- convolutions
CONV = [
    case("conv1d_groups_stride_pad_dil_bias", lambda m, x, w, b: F(m).conv1d(x, w, b, 2, 1, 2, 2),
         [randn(2, 4, 9), randn(6, 2, 3), randn(6)]),
    case("conv1d_same_even_kernel_dil", lambda m, x, w: F(m).conv1d(x, w, padding="same", dilation=3),
         [randn(2, 2, 7), randn(3, 2, 2)]),
    case("conv1d_same_even_kernel", lambda m, x, w, b: F(m).conv1d(x, w, b, padding="same"),
         [randn(1, 2, 6), randn(3, 2, 4), randn(3)]),
    case("conv1d_valid_batchless", lambda m, x, w: F(m).conv1d(x, w, padding="valid", stride=3),
         [randn(2, 8), randn(3, 2, 2)]),
    case("conv1d_pad_wider_than_kernel", lambda m, x, w: F(m).conv1d(x, w, padding=3, stride=2),
         [randn(1, 1, 4), randn(2, 1, 2)]),
    case("conv1d_tuple_args", lambda m, x, w: F(m).conv1d(x, w, stride=(2,), padding=(1,), dilation=(2,)),
         [randn(1, 1, 7), randn(1, 1, 3)]),
    case("conv2d_depthwise_tuple", lambda m, x, w, b: F(m).conv2d(x, w, b, (2, 1), (1, 2), (2, 1), 4),
         [randn(2, 4, 6, 5), randn(8, 1, 2, 3), randn(8)]),
    case("conv2d_same_even_dil_batchless", lambda m, x, w: F(m).conv2d(x, w, padding="same", dilation=(2, 1)),
         [randn(3, 5, 4), randn(2, 3, 2, 4)]),
    case("conv2d_same_groups", lambda m, x, w, b: F(m).conv2d(x, w, b, padding="same", groups=3),
         [randn(1, 3, 4, 4), randn(6, 1, 3, 2), randn(6)]),
    case("conv2d_stride_gt_kernel", lambda m, x, w: F(m).conv2d(x, w, stride=(3, 4), padding=(0, 1)),
         [randn(1, 2, 7, 8), randn(2, 2, 2, 1)]),
    case("conv2d_1x1_nobias", lambda m, x, w: F(m).conv2d(x, w), [randn(2, 3, 2, 3), randn(4, 3, 1, 1)]),
    case("conv3d_tuple_groups_bias", lambda m, x, w, b: F(m).conv3d(x, w, b, (1, 2, 1), (0, 1, 1), (2, 1, 1), 2),
         [randn(1, 4, 5, 4, 3), randn(2, 2, 2, 2, 2), randn(2)]),
    case("conv3d_same_batchless", lambda m, x, w: F(m).conv3d(x, w, padding="same", dilation=(1, 2, 1)),
         [randn(2, 3, 4, 3), randn(2, 2, 2, 2, 3)]),
    case("conv3d_valid_stride", lambda m, x, w: F(m).conv3d(x, w, stride=2, padding="valid"),
         [randn(2, 1, 4, 5, 3), randn(1, 1, 2, 1, 2)]),
    case("conv_transpose1d_all", lambda m, x, w, b: F(m).conv_transpose1d(x, w, b, 2, 1, 1, 2, 2),
         [randn(2, 4, 5), randn(4, 3, 3), randn(6)]),
    case("conv_transpose1d_batchless", lambda m, x, w: F(m).conv_transpose1d(x, w, stride=3, output_padding=2),
         [randn(2, 4), randn(2, 2, 2)]),
    case("conv_transpose1d_op_with_dilation", lambda m, x, w: F(m).conv_transpose1d(x, w, stride=1, dilation=3,
                                                                                    output_padding=2),
         [randn(1, 1, 3), randn(1, 2, 2)]),
    case("conv_transpose2d_tuples", lambda m, x, w, b: F(m).conv_transpose2d(
        x, w, b, stride=(2, 3), padding=(1, 0), output_padding=(1, 2), dilation=(1, 2)),
         [randn(2, 2, 3, 3), randn(2, 3, 2, 2), randn(3)]),
    case("conv_transpose2d_groups_batchless", lambda m, x, w: F(m).conv_transpose2d(x, w, groups=3, stride=2),
         [randn(3, 2, 3), randn(3, 2, 2, 3)]),
    case("conv_transpose2d_padding_crops", lambda m, x, w: F(m).conv_transpose2d(x, w, padding=(2, 1)),
         [randn(1, 1, 3, 3), randn(1, 1, 3, 3)]),
    case("conv_transpose3d_groups_bias", lambda m, x, w, b: F(m).conv_transpose3d(
        x, w, b, stride=(1, 2, 2), padding=(0, 1, 0), output_padding=(0, 1, 1), groups=2, dilation=(2, 1, 1)),
         [randn(1, 4, 2, 2, 3), randn(4, 1, 2, 2, 2), randn(2)]),
    case("conv_transpose3d_batchless", lambda m, x, w: F(m).conv_transpose3d(x, w, stride=2),
         [randn(1, 2, 2, 2), randn(1, 2, 1, 2, 2)]),
]

CONV_ERRORS = [
    case("conv_negative_padding", lambda m, x, w: F(m).conv2d(x, w, padding=-1),
         [randn(1, 1, 4, 4), randn(1, 1, 2, 2)], phrase="negative padding is not supported"),
    case("conv_zero_stride", lambda m, x, w: F(m).conv1d(x, w, stride=0),
         [randn(1, 1, 4), randn(1, 1, 2)], phrase="non-positive stride is not supported"),
    case("conv_zero_dilation", lambda m, x, w: F(m).conv1d(x, w, dilation=0),
         [randn(1, 1, 4), randn(1, 1, 2)], phrase="dilation should be greater than zero"),
    case("conv_bad_padding_string", lambda m, x, w: F(m).conv1d(x, w, padding="full"),
         [randn(1, 1, 4), randn(1, 1, 2)], phrase="Invalid padding string"),
    case("conv_transpose_groups", lambda m, x, w: F(m).conv_transpose2d(x, w, groups=2),
         [randn(1, 3, 3, 3), randn(3, 1, 2, 2)], phrase="expected"),
    case("conv_transpose_channels", lambda m, x, w: F(m).conv_transpose1d(x, w),
         [randn(1, 3, 3), randn(2, 1, 2)], phrase="expected"),
    case("conv_transpose_output_padding_dilation", lambda m, x, w: F(m).conv_transpose1d(
        x, w, stride=2, dilation=2, output_padding=2), [randn(1, 1, 3), randn(1, 1, 2)],
         phrase="output padding must be smaller than either stride or dilation"),
    case("conv_transpose_padding_string", lambda m, x, w: F(m).conv_transpose2d(x, w, padding="same"),
         [randn(1, 1, 3, 3), randn(1, 1, 2, 2)], phrase="conv_transpose2d(): argument 'padding' must be tuple of ints"),
    case("conv3d_batchless_wrong_rank", lambda m, x, w: F(m).conv3d(x, w),
         [randn(2, 3, 3), randn(1, 2, 1, 1, 1)], phrase="Expected 4D (unbatched) or 5D (batched) input to conv3d"),
    case("conv_weight_rank", lambda m, x, w: F(m).conv2d(x, w), [randn(1, 1, 4, 4), randn(1, 1, 2)],
         phrase="expected stride to be a single integer value"),
]

# --------------------------------------------------------------------------- padding
PAD = []
for mode in ["constant", "reflect", "replicate", "circular"]:
    for name, shape, pad in [("1d_neg", (2, 3, 5), (-1, 2)), ("1d_batchless", (3, 5), (1, 2)),
                             ("2d_neg", (1, 2, 4, 5), (-1, 2, 1, -2)), ("2d_batchless", (2, 4, 5), (0, 1, 3, 2)),
                             ("3d_neg", (1, 2, 3, 4, 3), (1, -1, 0, 2, -1, 1)),
                             ("3d_batchless", (2, 3, 4, 3), (2, 1, 0, 1, 1, 0))]:
        PAD.append(case(f"pad_{mode}_{name}", lambda m, x, mode=mode, pad=pad: F(m).pad(x, pad, mode=mode),
                        [randn(*shape)]))
PAD += [
    case("pad_constant_value", lambda m, x: F(m).pad(x, (1, 2, 0, 1), value=2.5), [randn(2, 3, 2)]),
    case("pad_constant_last_dim_of_4d", lambda m, x: F(m).pad(x, (3, -1)), [randn(2, 2, 2, 3)]),
    case("pad_constant_all_dims", lambda m, x: F(m).pad(x, (1, 1, 0, 2, 1, 0, 2, 1)), [randn(2, 2, 2, 3)]),
    case("pad_constant_1d_tensor", lambda m, x: F(m).pad(x, (2, 0), value=-1.0), [randn(4)]),
    case("pad_zero_pads", lambda m, x: F(m).pad(x, (0, 0, 0, 0), mode="reflect"), [randn(1, 2, 3, 3)]),
    case("pad_reflect_full_width", lambda m, x: F(m).pad(x, (3, 3), mode="reflect"), [randn(1, 2, 4)]),
    case("pad_border_modes_to_empty", lambda m, x: (F(m).pad(x, (-2, -2, 0, 0), mode="replicate"),
                                                   F(m).pad(x, (0, 0, -2, -1), mode="reflect"),
                                                   F(m).pad(x, (-2, -2), mode="circular")), [randn(2, 3, 4)]),
    case("pad_circular_full_width", lambda m, x: F(m).pad(x, (4, 4, 0, 1), mode="circular"), [randn(1, 1, 2, 4)]),
]
PAD_ERRORS = [
    case("pad_float_pads", lambda m, x: F(m).pad(x, (1.5, 1)), [randn(1, 2, 4)],
         phrase="pad(): argument 'pad' (position 2) must be tuple of ints"),
    case("pad_reflect_too_wide", lambda m, x: F(m).pad(x, (4, 0), mode="reflect"), [randn(1, 2, 4)],
         phrase="Padding size should be less than the corresponding input dimension"),
    case("pad_circular_wraps_twice", lambda m, x: F(m).pad(x, (5, 0), mode="circular"), [randn(1, 2, 4)],
         phrase="Padding value causes wrapping around more than once."),
    case("pad_odd_length", lambda m, x: F(m).pad(x, (1, 2, 3)), [randn(1, 2, 4)],
         phrase="Padding length must be divisible by 2"),
    case("pad_too_long", lambda m, x: F(m).pad(x, (1, 1, 1, 1, 1, 1, 1, 1)), [randn(2, 4)],
         phrase="Padding length should be less than or equal to two times the input dimension"),
    case("pad_bad_mode", lambda m, x: F(m).pad(x, (1, 1), mode="edge"), [randn(1, 2, 4)], phrase="edge"),
    case("pad_reflect_wrong_rank", lambda m, x: F(m).pad(x, (1, 1), mode="reflect"), [randn(4)],
         phrase="Padding size 2 is not supported for 1D input tensor."),
    case("pad_replicate_4_pads_on_3d", lambda m, x: F(m).pad(x, (1, 1, 1, 1, 1, 1), mode="replicate"),
         [randn(2, 4, 4)], phrase="Padding size 6 is not supported for 3D input tensor."),
    case("pad_negative_size", lambda m, x: F(m).pad(x, (-3, -2)), [randn(1, 2, 4)], phrase="narrow(): length must be non-negative."),
    case("pad_replicate_1d_negative_empty", lambda m, x: F(m).pad(x, (-2, -2), mode="replicate"), [randn(2, 4)],
         phrase="input (W: 4) is too small. Calculated output W: 0"),
    case("pad_reflect_2d_negative_size", lambda m, x: F(m).pad(x, (0, 0, -3, -1), mode="reflect"), [randn(1, 2, 3, 4)],
         phrase="numel: integer multiplication overflow"),
    case("pad_replicate_3d_negative_size", lambda m, x: F(m).pad(x, (-3, -2, 0, 0, 0, 0), mode="replicate"),
         [randn(1, 2, 3, 3, 4)], phrase="Trying to create tensor with negative dimension -1"),
    case("pad_reflect_negative_size", lambda m, x: F(m).pad(x, (-3, -2), mode="reflect"), [randn(1, 2, 4)], phrase=""),
    case("pad_circular_negative_size", lambda m, x: F(m).pad(x, (-3, -2), mode="circular"), [randn(1, 2, 4)], phrase=""),
]

# --------------------------------------------------------------------------- interpolation
UINT8_IMAGE = R.integers(0, 256, (1, 2, 3, 5)).astype(np.uint8)
INTERP = [
    case("nearest_1d_scale_recompute", lambda m, x: F(m).interpolate(x, scale_factor=1.7,
                                                                      recompute_scale_factor=True), [randn(1, 2, 5)]),
    case("nearest_2d_scale_down", lambda m, x: F(m).interpolate(x, scale_factor=(0.6, 1.3)), [randn(1, 1, 5, 4)]),
    case("nearest_2d_scale_recompute", lambda m, x: F(m).interpolate(x, scale_factor=(0.6, 1.3),
                                                                      recompute_scale_factor=True),
         [randn(1, 1, 5, 4)]),
    case("nearest_exact_1d_scale", lambda m, x: F(m).interpolate(x, scale_factor=2.5, mode="nearest-exact"),
         [randn(2, 1, 3)]),
    case("nearest_exact_2d_down", lambda m, x: F(m).interpolate(x, size=(2, 3), mode="nearest-exact"),
         [randn(1, 2, 5, 7)]),
    case("nearest_exact_3d_scale", lambda m, x: F(m).interpolate(x, scale_factor=(1.5, 0.5, 2), mode="nearest-exact"),
         [randn(1, 1, 2, 4, 2)]),
    case("linear_scale_align", lambda m, x: F(m).interpolate(x, scale_factor=1.6, mode="linear", align_corners=True),
         [randn(2, 2, 4)]),
    case("linear_scale_noalign", lambda m, x: F(m).interpolate(x, scale_factor=1.6, mode="linear"), [randn(2, 2, 4)]),
    case("linear_scale_recompute", lambda m, x: F(m).interpolate(x, scale_factor=1.6, mode="linear",
                                                                  recompute_scale_factor=True), [randn(2, 2, 4)]),
    case("linear_down", lambda m, x: F(m).interpolate(x, size=3, mode="linear"), [randn(1, 2, 7)]),
    case("linear_to_one", lambda m, x: F(m).interpolate(x, size=1, mode="linear", align_corners=True),
         [randn(1, 2, 4)]),
    case("bilinear_scale_down_noalign", lambda m, x: F(m).interpolate(x, scale_factor=(0.7, 0.5), mode="bilinear"),
         [randn(1, 2, 5, 6)]),
    case("bilinear_size_align", lambda m, x: F(m).interpolate(x, size=(4, 2), mode="bilinear", align_corners=True),
         [randn(2, 1, 3, 5)]),
    case("bilinear_antialias_align", lambda m, x: F(m).interpolate(x, size=(2, 3), mode="bilinear",
                                                                    align_corners=True, antialias=True),
         [randn(1, 1, 6, 7)]),
    case("bilinear_antialias_scale", lambda m, x: F(m).interpolate(x, scale_factor=0.4, mode="bilinear",
                                                                    antialias=True), [randn(1, 2, 8, 6)]),
    case("bicubic_size", lambda m, x: F(m).interpolate(x, size=(5, 3), mode="bicubic"), [randn(1, 2, 3, 4)]),
    case("bicubic_align_scale", lambda m, x: F(m).interpolate(x, scale_factor=1.5, mode="bicubic", align_corners=True),
         [randn(1, 1, 3, 4)]),
    case("bicubic_down", lambda m, x: F(m).interpolate(x, size=(2, 3), mode="bicubic"), [randn(1, 1, 5, 6)]),
    case("bicubic_recompute", lambda m, x: F(m).interpolate(x, scale_factor=(1.3, 0.8), mode="bicubic",
                                                             recompute_scale_factor=True), [randn(1, 1, 4, 5)]),
    case("bicubic_antialias_down", lambda m, x: F(m).interpolate(x, size=(3, 2), mode="bicubic", antialias=True),
         [randn(1, 2, 7, 5)]),
    case("bicubic_antialias_up_align", lambda m, x: F(m).interpolate(x, size=(5, 6), mode="bicubic", antialias=True,
                                                                       align_corners=True), [randn(1, 1, 3, 4)]),
    case("lanczos_down", lambda m, x: F(m).interpolate(x, size=(3, 2), mode="lanczos", antialias=True),
         [randn(1, 2, 8, 5)]),
    case("lanczos_up_scale", lambda m, x: F(m).interpolate(x, scale_factor=1.5, mode="lanczos", antialias=True),
         [randn(1, 1, 3, 4)]),
    # 2-d 'nearest' copies for an output of the input's size or twice it whatever the scale; 1-d and 3-d do not
    case("nearest_same_size_scale", lambda m, x: F(m).interpolate(x, scale_factor=1.2), [randn(1, 1, 3, 4)]),
    # (values only: torch's backward of these takes the shortcuts its forward does not, docs/differences.md)
    case("nearest_same_size_scale_1d_3d", lambda m, x: (F(m).interpolate(x[0], scale_factor=1.2),
                                                     F(m).interpolate(x[None], scale_factor=(1, 1.2, 2.3))),
         [randn(1, 1, 3, 4)], grad=False),
    case("nearest_exact_same_size_scale", lambda m, x: F(m).interpolate(x, scale_factor=1.2, mode="nearest-exact"),
         [randn(1, 1, 3, 4)]),
    case("nearest_float32_index_product", lambda m, x: F(m).interpolate(x, scale_factor=2.3), [randn(1, 1, 11)]),
    case("nearest_exact_scale_third", lambda m, x: F(m).interpolate(x, scale_factor=1 / 3, mode="nearest-exact"),
         [randn(1, 1, 9)]),
    case("nearest_float32_scale", lambda m, x: F(m).interpolate(x, size=7), [randn(1, 1, 10)]),
    # (uint8 in the weighted modes: docs/differences.md)
    case("uint8_nearest", lambda m, x: (
        x * 1, F(m).interpolate(m.tensor(UINT8_IMAGE), scale_factor=(1.5, 0.7), mode="nearest-exact"),
        F(m).interpolate(m.tensor(UINT8_IMAGE[0]), scale_factor=2.3)), [randn(2)]),
    case("trilinear_scale_noalign", lambda m, x: F(m).interpolate(x, scale_factor=(1.5, 0.7, 2), mode="trilinear"),
         [randn(1, 1, 2, 4, 2)]),
    case("trilinear_size_align", lambda m, x: F(m).interpolate(x, size=(3, 1, 2), mode="trilinear", align_corners=True),
         [randn(1, 2, 2, 3, 3)]),
    case("area_scale", lambda m, x: F(m).interpolate(x, scale_factor=0.5, mode="area"), [randn(1, 2, 5, 6)]),
    case("area_up", lambda m, x: F(m).interpolate(x, size=(4, 5), mode="area"), [randn(1, 1, 3, 2)]),
    case("area_1d_scale", lambda m, x: F(m).interpolate(x, scale_factor=0.7, mode="area"), [randn(2, 1, 6)]),
    case("area_3d_scale", lambda m, x: F(m).interpolate(x, scale_factor=(0.5, 1, 2), mode="area"),
         [randn(1, 1, 4, 2, 2)]),
    case("upsample_nearest_scale", lambda m, x: F(m).upsample_nearest(x, scale_factor=3), [randn(1, 1, 2)]),
    case("upsample_bilinear_size", lambda m, x: F(m).upsample_bilinear(x, size=(3, 5)), [randn(1, 2, 2, 3)]),
    case("upsample_trilinear", lambda m, x: F(m).upsample(x, size=(2, 3, 2), mode="trilinear"),
         [randn(1, 1, 2, 2, 3)]),
]
INTERP_ERRORS = [
    case("linear_on_4d", lambda m, x: F(m).interpolate(x, size=3, mode="linear"), [randn(1, 1, 2, 2)],
         phrase="Got 4D input, but linear mode needs 3D input"),
    case("bicubic_on_3d", lambda m, x: F(m).interpolate(x, size=3, mode="bicubic"), [randn(1, 1, 2)],
         phrase="Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D)"),
    case("bad_mode", lambda m, x: F(m).interpolate(x, size=3, mode="cubic"), [randn(1, 1, 2)], phrase="cubic"),
    case("scale_length", lambda m, x: F(m).interpolate(x, scale_factor=(2, 2, 2)), [randn(1, 1, 2, 2)],
         phrase="Input and scale_factor must have the same number of spatial dimensions"),
    case("size_length", lambda m, x: F(m).interpolate(x, size=(2, 2, 2)), [randn(1, 1, 2, 2)],
         phrase="Input and output must have the same number of spatial dimensions"),
    case("neither", lambda m, x: F(m).interpolate(x), [randn(1, 1, 2, 2)],
         phrase="either size or scale_factor should be defined"),
    case("recompute_with_size", lambda m, x: F(m).interpolate(x, size=3, recompute_scale_factor=True),
         [randn(1, 1, 2)], phrase="recompute_scale_factor is not meaningful with an explicit size."),
    case("integer_linear", lambda m, x: F(m).interpolate(m.tensor([[[1, 2, 3]]]), scale_factor=2.0, mode="linear"),
         [randn(2)], phrase='"compute_indices_weights_linear" not implemented for'),
    case("integer_nearest_2d", lambda m, x: F(m).interpolate(m.tensor([[[[1, 2]]]]), scale_factor=2.0), [randn(2)],
         phrase='"upsample_nearest2d_channels_last" not implemented for'),
    case("bool_antialias", lambda m, x: F(m).interpolate(m.ones(1, 1, 4, 4, dtype=m.bool), size=2, mode="bilinear",
                                                         antialias=True), [randn(2)],
         phrase='"compute_index_ranges_weights" not implemented for'),
    case("uint8_area", lambda m, x: F(m).interpolate(m.ones(1, 1, 4, 4, dtype=m.uint8), size=2, mode="area"),
         [randn(2)], phrase='"adaptive_avg_pool2d" not implemented for'),
    case("lanczos_align", lambda m, x: F(m).interpolate(x, size=2, mode="lanczos", antialias=True, align_corners=True),
         [randn(1, 1, 4, 4)], phrase="Lanczos mode does not support align_corners=True"),
    case("lanczos_no_antialias", lambda m, x: F(m).interpolate(x, size=2, mode="lanczos"), [randn(1, 1, 4, 4)],
         phrase="Lanczos mode requires antialias=True"),
    case("output_size_zero", lambda m, x: F(m).interpolate(x, scale_factor=0.4, mode="bilinear"), [randn(1, 1, 2, 4)],
         phrase="Input and output sizes should be greater than 0"),
    case("size_float", lambda m, x: F(m).interpolate(x, size=(2.0, 3)), [randn(1, 1, 2, 4)],
         phrase="expected size to be one of int"),
    case("nearest_5d_input_bad", lambda m, x: F(m).interpolate(x, size=2), [randn(1, 1, 2, 2, 2, 2)],
         phrase="Input Error: Only 3D, 4D and 5D input Tensors supported"),
    case("area_antialias", lambda m, x: F(m).interpolate(x, size=1, mode="area", antialias=True),
         [randn(1, 1, 2, 2)], phrase="Anti-alias option is restricted to bilinear, bicubic, and lanczos modes"),
]

# --------------------------------------------------------------------------- pooling
POOL = [
    case("max_pool1d_ceil_pad_dil", lambda m, x: F(m).max_pool1d(x, 3, 2, 1, 2, ceil_mode=True), [randn(2, 2, 8)]),
    case("max_pool1d_batchless_indices", lambda m, x: F(m).max_pool1d(x, 2, 1, 1, return_indices=True),
         [randn(3, 5)]),
    case("max_pool2d_ceil_last_window_starts_in_pad", lambda m, x: F(m).max_pool2d(x, 2, 2, 1, ceil_mode=True),
         [randn(1, 1, 4, 5)]),
    case("max_pool2d_tuple_indices_batchless", lambda m, x: F(m).max_pool2d(x, (2, 3), (1, 2), (1, 0), (2, 1),
                                                                            ceil_mode=True, return_indices=True),
         [randn(2, 5, 6)]),
    case("max_pool3d_ceil_indices", lambda m, x: F(m).max_pool3d(x, 2, (1, 2, 2), (0, 1, 1), ceil_mode=True,
                                                                 return_indices=True), [randn(1, 2, 3, 4, 5)]),
    case("max_pool3d_batchless_dil", lambda m, x: F(m).max_pool3d(x, (2, 1, 2), dilation=(1, 2, 2), stride=1),
         [randn(2, 3, 4, 5)]),
    case("avg_pool1d_ceil_nopad_count", lambda m, x: F(m).avg_pool1d(x, 3, 2, 1, ceil_mode=True,
                                                                     count_include_pad=False), [randn(2, 2, 8)]),
    case("avg_pool1d_ceil_count", lambda m, x: F(m).avg_pool1d(x, 3, 2, 1, ceil_mode=True), [randn(2, 2, 8)]),
    case("avg_pool1d_batchless", lambda m, x: F(m).avg_pool1d(x, 2), [randn(3, 5)]),
    case("avg_pool2d_divisor_pad_ceil", lambda m, x: F(m).avg_pool2d(x, 3, 2, 1, ceil_mode=True, divisor_override=2),
         [randn(1, 2, 5, 6)]),
    case("avg_pool2d_nopad_count_tuple", lambda m, x: F(m).avg_pool2d(x, (2, 3), (2, 1), (1, 1),
                                                                      count_include_pad=False), [randn(2, 4, 5)]),
    case("avg_pool2d_stride_none_ceil", lambda m, x: F(m).avg_pool2d(x, 2, ceil_mode=True), [randn(1, 1, 5, 5)]),
    case("avg_pool3d_ceil_count_pad", lambda m, x: F(m).avg_pool3d(x, 2, 2, 1, ceil_mode=True), [randn(1, 1, 3, 4, 5)]),
    case("avg_pool3d_divisor_nopad_batchless", lambda m, x: F(m).avg_pool3d(x, (1, 2, 2), 1, (0, 1, 0),
                                                                            count_include_pad=False,
                                                                            divisor_override=3),
         [randn(2, 2, 3, 3)]),
    case("lp_pool1d_p1", lambda m, x: F(m).lp_pool1d(x, 1, 3, 2), [uniform(0.2, 2, 2, 2, 7)]),
    case("lp_pool1d_p2_ceil", lambda m, x: F(m).lp_pool1d(x, 2, 2, ceil_mode=True), [randn(2, 2, 7)]),
    case("lp_pool2d_p3_stride", lambda m, x: F(m).lp_pool2d(x, 3, (2, 3), stride=1), [uniform(0.2, 2, 1, 2, 4, 5)]),
    case("lp_pool2d_p1_5_ceil_batchless", lambda m, x: F(m).lp_pool2d(x, 1.5, 2, ceil_mode=True),
         [uniform(0.2, 2, 2, 3, 5)]),
    case("lp_pool3d_p2_stride", lambda m, x: F(m).lp_pool3d(x, 2, 2, stride=(1, 2, 1)), [randn(1, 1, 3, 4, 3)]),
    case("adaptive_avg_pool1d_up", lambda m, x: F(m).adaptive_avg_pool1d(x, 7), [randn(1, 2, 3)]),
    case("adaptive_avg_pool1d_batchless", lambda m, x: F(m).adaptive_avg_pool1d(x, 2), [randn(3, 5)]),
    case("adaptive_avg_pool2d_up_mixed", lambda m, x: F(m).adaptive_avg_pool2d(x, (5, 2)), [randn(1, 2, 3, 7)]),
    case("adaptive_avg_pool3d_batchless", lambda m, x: F(m).adaptive_avg_pool3d(x, (1, 3, 2)), [randn(2, 3, 5, 4)]),
    case("adaptive_max_pool1d_up_indices", lambda m, x: F(m).adaptive_max_pool1d(x, 5, return_indices=True),
         [randn(1, 2, 3)]),
    case("adaptive_max_pool1d_batchless", lambda m, x: F(m).adaptive_max_pool1d(x, 3), [randn(2, 7)]),
    case("adaptive_max_pool2d_none_batchless", lambda m, x: F(m).adaptive_max_pool2d(x, (None, 2), True),
         [randn(2, 3, 5)]),
    case("adaptive_max_pool3d_up", lambda m, x: F(m).adaptive_max_pool3d(x, (3, 1, 4)), [randn(1, 1, 2, 3, 3)]),
]
POOL_ERRORS = [
    case("adaptive_max_negative_size", lambda m, x: F(m).adaptive_max_pool2d(x, (-1, 2)), [randn(2, 4, 3, 3)],
         phrase="Trying to create tensor with negative dimension -1: [2, 4, -1, 2]"),
    case("max_unpool_output_size_range", lambda m, x: F(m).max_unpool2d(
        x, m.zeros(1, 1, 2, 2, dtype=m.int64), 2, output_size=(9, 3)), [randn(1, 1, 2, 2)],
         phrase='invalid output_size "(9, 3)" (dim 0 must be between 2 and 6)'),
    case("max_unpool_output_size_length", lambda m, x: F(m).max_unpool2d(
        x, m.zeros(1, 1, 2, 2, dtype=m.int64), 2, output_size=(3,)), [randn(1, 1, 2, 2)],
         phrase="output_size should be a sequence containing 2 or 4 elements"),
    case("max_pool_zero_kernel", lambda m, x: F(m).max_pool2d(x, 0), [randn(1, 1, 4, 4)],
         phrase="stride should not be zero"),
    case("max_pool_zero_stride", lambda m, x: F(m).max_pool1d(x, 2, stride=0), [randn(1, 1, 4)],
         phrase="stride must be greater than zero"),
    case("max_pool_zero_dilation", lambda m, x: F(m).max_pool2d(x, 2, dilation=0), [randn(1, 1, 4, 4)],
         phrase="dilation should be greater than zero"),
    case("avg_pool_pad_over_half", lambda m, x: F(m).avg_pool2d(x, 2, padding=2), [randn(1, 1, 4, 4)],
         phrase="pad should be at most half of effective kernel size"),
    case("avg_pool1d_pad_over_half", lambda m, x: F(m).avg_pool1d(x, 3, padding=2), [randn(1, 1, 6)],
         phrase="pad should be at most half of effective kernel size"),
    case("avg_pool_divisor_zero", lambda m, x: F(m).avg_pool2d(x, 2, divisor_override=0), [randn(1, 1, 4, 4)],
         phrase="divisor must be not zero"),
    case("avg_pool3d_divisor_zero", lambda m, x: F(m).avg_pool3d(x, 2, divisor_override=0), [randn(1, 1, 2, 4, 4)],
         phrase="divisor must be not zero"),
    case("adaptive_avg_size_length", lambda m, x: F(m).adaptive_avg_pool2d(x, (2, 2, 2)), [randn(1, 1, 4, 4)],
         phrase="adaptive_avg_pool2d: output_size must be 2"),
    case("adaptive_max3d_size_length", lambda m, x: F(m).adaptive_max_pool3d(x, (2, 2)), [randn(1, 1, 4, 4, 4)],
         phrase="adaptive_max_pool3d(): internal error: output_size.size() must be 3"),
    case("adaptive_avg1d_size_length", lambda m, x: F(m).adaptive_avg_pool1d(x, (2, 2)), [randn(1, 1, 4)],
         phrase="adaptive_avg_pool1d() argument 'output_size' should contain one int (got 2)"),
    case("adaptive_avg_negative", lambda m, x: F(m).adaptive_avg_pool2d(x, (-1, 2)), [randn(1, 1, 4, 4)],
         phrase="adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0"),
    case("max_pool2d_zero_kernel_stride_one", lambda m, x: F(m).max_pool2d(x, 0, 1), [randn(1, 1, 4, 4)],
         phrase="kernel size should be greater than zero, but got kH: 0 kW: 0"),
    case("max_pool3d_negative_stride", lambda m, x: F(m).max_pool3d(x, 2, -1), [randn(1, 1, 4, 4, 4)],
         phrase="stride should be greater than zero, but got dT: -1 dH: -1 dW: -1"),
    case("max_pool1d_indices_zero_dilation", lambda m, x: F(m).max_pool1d(x, 2, dilation=0, return_indices=True),
         [randn(1, 1, 6)], phrase="dilation should be greater than zero, but got dilationH: 1 dilationW: 0"),
    case("max_pool1d_padding", lambda m, x: F(m).max_pool1d(x, 3, padding=2), [randn(1, 1, 6)],
         phrase="max_pool1d() padding should be at most half of kernel size"),
    case("avg_pool2d_negative_padding", lambda m, x: F(m).avg_pool2d(x, 2, 1, -1), [randn(1, 1, 4, 4)],
         phrase="pad must be non-negative, but got pad: -1"),

]

# --------------------------------------------------------------------------- unfold/fold, shuffles
FOLD = [
    case("unfold_batchless", lambda m, x: F(m).unfold(x, 2, stride=(1, 2)), [randn(2, 4, 5)]),
    case("unfold_dil_pad_tuple", lambda m, x: F(m).unfold(x, (3, 2), (2, 1), (1, 2), (2, 3)), [randn(1, 2, 6, 5)]),
    case("fold_batchless", lambda m, x: F(m).fold(x, (3, 4), 2), [randn(8, 6)]),
    case("fold_dil_pad_tuple", lambda m, x: F(m).fold(x, (5, 4), (2, 2), dilation=(2, 1), padding=(1, 0),
                                                      stride=(1, 2)), [randn(2, 4, 10)]),
    case("fold_overlaps", lambda m, x: F(m).fold(x, 4, 3, stride=1, padding=1), [randn(1, 9, 16)]),
    case("pixel_shuffle_5d", lambda m, x: F(m).pixel_shuffle(x, 2), [randn(2, 1, 4, 2, 3)]),
    case("pixel_shuffle_batchless_3", lambda m, x: F(m).pixel_shuffle(x, 3), [randn(9, 1, 2)]),
    case("pixel_shuffle_1", lambda m, x: F(m).pixel_shuffle(x, 1), [randn(1, 2, 2, 3)]),
    case("pixel_unshuffle_5d", lambda m, x: F(m).pixel_unshuffle(x, 2), [randn(2, 1, 1, 4, 2)]),
    case("pixel_unshuffle_3", lambda m, x: F(m).pixel_unshuffle(x, 3), [randn(1, 2, 3, 6)]),
]
FOLD_ERRORS = [
    case("fold_4d_input", lambda m, x: F(m).fold(x, (3, 3), 2), [randn(1, 4, 3, 3)],
         phrase="Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size"),
    case("fold_zero_stride_dilation", lambda m, x: F(m).fold(x, (3, 3), 2, stride=0, dilation=0), [randn(1, 4, 4)],
         phrase="stride should be greater than zero, but got stride_height: 0"),
    case("pixel_shuffle_factor", lambda m, x: F(m).pixel_shuffle(x, 0), [randn(1, 4, 2, 2)],
         phrase="pixel_shuffle expects a positive upscale_factor, but got 0"),
    case("pixel_unshuffle_factor", lambda m, x: F(m).pixel_unshuffle(x, -1), [randn(1, 4, 2, 2)],
         phrase="pixel_unshuffle expects a positive downscale_factor, but got -1"),
    case("unfold_3d_input", lambda m, x: F(m).unfold(x, 2), [randn(1, 1, 2, 2, 2)], phrase="Expected 3D or 4D (batch mode) tensor"),
    case("unfold_kernel_too_big", lambda m, x: F(m).unfold(x, 5), [randn(1, 1, 3, 3)], phrase=""),
    case("unfold_2d_input", lambda m, x: F(m).unfold(x, 2), [randn(2, 2)], phrase="Dimension out of range"),
    case("unfold_empty_channels", lambda m, x: F(m).unfold(x, 2), [randn(1, 0, 3, 3)],
         phrase="Expected 3D or 4D (batch mode) tensor with possibly 0 batch size"),
    case("unfold_zero_dilation_negative_padding", lambda m, x: F(m).unfold(x, 2, dilation=0, padding=-1),
         [randn(1, 1, 3, 3)], phrase="dilation should be greater than zero, but got dilation_height: 0"),
    case("unfold_negative_padding_zero_stride", lambda m, x: F(m).unfold(x, 2, padding=-1, stride=0),
         [randn(1, 1, 3, 3)], phrase="padding should be non-negative, but got pad_height: -1 pad_width: -1"),
    case("unfold_strided_too_small", lambda m, x: F(m).unfold(x, (2, 6), stride=2), [randn(1, 3, 3)],
         phrase="calculated shape of the array of sliding blocks as (1, -1)"),
    case("fold_channels", lambda m, x: F(m).fold(x, (3, 3), 2), [randn(1, 5, 4)],
         phrase="Expected size of input's dimension 1 to be divisible by the product of kernel_size"),
    case("pixel_unshuffle_width", lambda m, x: F(m).pixel_unshuffle(x, 2), [randn(1, 1, 4, 3)],
         phrase="is not divisible by"),
    case("pixel_shuffle_rank", lambda m, x: F(m).pixel_shuffle(x, 2), [randn(4, 2)],
         phrase="pixel_shuffle expects input to have at least 3 dimensions"),
]

# --------------------------------------------------------------------------- grid sampling
GRID = []
for mode in ["bilinear", "nearest", "bicubic"]:
    for pad_mode in ["zeros", "border", "reflection"]:
        for ac in [False, True]:
            GRID.append(case(f"grid_sample_2d_{mode}_{pad_mode}_{'ac' if ac else 'noac'}",
                             lambda m, x, g, mode=mode, pad_mode=pad_mode, ac=ac: F(m).grid_sample(
                                 x, g, mode=mode, padding_mode=pad_mode, align_corners=ac),
                             [randn(2, 2, 3, 4), uniform(-1.3, 1.3, 2, 3, 2, 2)],
                             ))
for mode in ["bilinear", "nearest"]:
    for pad_mode in ["zeros", "border", "reflection"]:
        GRID.append(case(f"grid_sample_3d_{mode}_{pad_mode}",
                         lambda m, x, g, mode=mode, pad_mode=pad_mode: F(m).grid_sample(
                             x, g, mode=mode, padding_mode=pad_mode, align_corners=pad_mode == "border"),
                         [randn(1, 2, 2, 3, 2), uniform(-1.3, 1.3, 1, 2, 2, 1, 3)]))
GRID += [
    case("affine_grid_2d_noac", lambda m, t: F(m).affine_grid(t, (2, 3, 4, 5), align_corners=False), [randn(2, 2, 3)]),
    case("affine_grid_2d_ac", lambda m, t: F(m).affine_grid(t, [1, 1, 3, 2], align_corners=True), [randn(1, 2, 3)]),
    case("affine_grid_3d_noac", lambda m, t: F(m).affine_grid(t, (1, 2, 2, 3, 4), align_corners=False),
         [randn(1, 3, 4)]),
    case("affine_grid_3d_ac", lambda m, t: F(m).affine_grid(t, (2, 1, 3, 2, 2), align_corners=True), [randn(2, 3, 4)]),
    case("affine_grid_size_one", lambda m, t: F(m).affine_grid(t, (1, 1, 1, 3), align_corners=True), [randn(1, 2, 3)]),
    case("affine_then_sample", lambda m, x, t: F(m).grid_sample(x, F(m).affine_grid(t, (1, 2, 3, 3), False),
                                                                 align_corners=False),
         [randn(1, 2, 4, 4), randn(1, 2, 3)]),
]
GRID_ERRORS = [
    case("grid_sample_bicubic_5d", lambda m, x, g: F(m).grid_sample(x, g, mode="bicubic", align_corners=False),
         [randn(1, 1, 2, 2, 2), randn(1, 1, 1, 1, 3)], phrase="bicubic"),
    case("grid_sample_bad_mode", lambda m, x, g: F(m).grid_sample(x, g, mode="linear", align_corners=False),
         [randn(1, 1, 2, 2), randn(1, 1, 1, 2)], phrase="nn.functional.grid_sample(): expected mode to be"),
    case("grid_sample_bad_padding", lambda m, x, g: F(m).grid_sample(x, g, padding_mode="wrap", align_corners=False),
         [randn(1, 1, 2, 2), randn(1, 1, 1, 2)], phrase="expected padding_mode to be"),
    case("grid_sample_grid_last_dim", lambda m, x, g: F(m).grid_sample(x, g, align_corners=False),
         [randn(1, 1, 2, 2), randn(1, 1, 1, 3)], phrase="grid_sampler(): expected grid to have size 2 in last dimension"),
    case("grid_sample_batch", lambda m, x, g: F(m).grid_sample(x, g, align_corners=False),
         [randn(2, 1, 2, 2), randn(1, 1, 1, 2)], phrase="expected grid and input to have same batch size"),
    case("affine_grid_theta_shape", lambda m, t: F(m).affine_grid(t, (1, 1, 2, 2), align_corners=False),
         [randn(1, 3, 3)], phrase="Expected a batch of 2D affine matrices of shape Nx2x3 for size"),
    case("affine_grid_size_rank", lambda m, t: F(m).affine_grid(t, (1, 1, 2), align_corners=False),
         [randn(1, 2, 3)], phrase="affine_grid only supports 4D and 5D sizes"),
]


# --------------------------------------------------------------------------- normalisation
def stats(c, seed_shift=0.0):
    return R.standard_normal(c) * 0.3 + seed_shift, R.uniform(0.5, 2, c)


RM3, RV3 = stats(3)


def running(m, x):
    return m.tensor(RM3, dtype=x.dtype), m.tensor(RV3, dtype=x.dtype)


NORM = [
    case("batch_norm_train_running_momentum", lambda m, x, w, b: F(m).batch_norm(
        x, *running(m, x), w, b, training=True, momentum=0.3, eps=1e-3), [randn(4, 3, 2), randn(3), randn(3)]),
    case("batch_norm_train_no_affine", lambda m, x: F(m).batch_norm(x, None, None, training=True),
         [randn(3, 3, 2, 2)]),
    case("batch_norm_train_weight_only_2d", lambda m, x, w: F(m).batch_norm(x, None, None, w, training=True),
         [randn(5, 3), randn(3)]),
    # (bias without weight: torch's double backward fails on the undefined weight, "Expected a proper Tensor
    # but got None", a torch bug: first order only)
    case("batch_norm_train_bias_only_5d", lambda m, x, b: F(m).batch_norm(x, None, None, None, b, True),
         [randn(2, 3, 2, 1, 2), randn(3)], gradgrad=False),
    case("batch_norm_eval_no_affine", lambda m, x: F(m).batch_norm(x, *running(m, x)), [randn(2, 3, 4)]),
    case("batch_norm_eval_weight_only", lambda m, x, w: F(m).batch_norm(x, *running(m, x), weight=w, eps=0.1),
         [randn(2, 3), randn(3)]),
    case("layer_norm_weight_only", lambda m, x, w: F(m).layer_norm(x, (4,), w), [randn(2, 3, 4), randn(4)]),
    case("layer_norm_bias_only", lambda m, x, b: F(m).layer_norm(x, (3, 4), None, b, 0.1), [randn(2, 3, 4), randn(3, 4)],
         gradgrad=False),
    case("layer_norm_bias_only_x_gradgrad", lambda m, x: F(m).layer_norm(x, (3, 4), None, m.tensor(W3[0] + X43.T, dtype=x.dtype)),
         [randn(2, 3, 4)]),
    case("layer_norm_unit_dims", lambda m, x, w, b: F(m).layer_norm(x, (1, 4), w, b), [randn(3, 1, 4), randn(1, 4), randn(1, 4)]),
    case("layer_norm_whole", lambda m, x, w, b: F(m).layer_norm(x, x.shape, w, b), [randn(2, 3), randn(2, 3), randn(2, 3)]),
    case("group_norm_one_group", lambda m, x, w, b: F(m).group_norm(x, 1, w, b, 1e-3), [randn(2, 4, 3), randn(4), randn(4)]),
    case("group_norm_groups_eq_channels_5d", lambda m, x: F(m).group_norm(x, 2), [randn(2, 2, 2, 2, 2)]),
    case("group_norm_weight_only_2d", lambda m, x, w: F(m).group_norm(x, 2, w), [randn(3, 4), randn(4)]),
    case("instance_norm_running_stats", lambda m, x: F(m).instance_norm(x, *running(m, x), momentum=0.2),
         [randn(2, 3, 5)]),
    case("instance_norm_eval_stats", lambda m, x, w, b: F(m).instance_norm(x, *running(m, x), w, b,
                                                                         use_input_stats=False),
         [randn(2, 3, 2, 2), randn(3), randn(3)]),
    case("instance_norm_weight_only_5d", lambda m, x, w: F(m).instance_norm(x, weight=w, eps=0.01),
         [randn(1, 3, 2, 2, 2), randn(3)]),
    case("lrn_even_size_beta", lambda m, x: F(m).local_response_norm(x, 4, alpha=0.3, beta=0.5, k=0.5),
         [randn(2, 5, 3)]),
    case("lrn_5d", lambda m, x: F(m).local_response_norm(x, 3, beta=1.2), [randn(1, 4, 2, 2, 3)]),
    case("lrn_size_bigger_than_channels", lambda m, x: F(m).local_response_norm(x, 7), [randn(1, 3, 2, 2)]),
    case("normalize_p3_dim0", lambda m, x: F(m).normalize(x, 3, 0), [randn(3, 4)]),
    case("normalize_inf", lambda m, x: F(m).normalize(x, float("inf"), -1), [randn(3, 4)]),
    case("normalize_big_eps", lambda m, x: F(m).normalize(x, 2, 1, eps=2.0), [randn(3, 4)]),
    case("normalize_1d", lambda m, x: F(m).normalize(x, dim=0), [randn(5)]),
    case("normalize_p1_3d_dim1", lambda m, x: F(m).normalize(x, 1.0, 1), [away_from([0], 2, 3, 2)]),
    case("rms_norm_weight_2dims", lambda m, x, w: F(m).rms_norm(x, (3, 4), w), [randn(2, 3, 4), randn(3, 4)]),
    case("rms_norm_eps_none_1d", lambda m, x: F(m).rms_norm(x, [5]), [randn(5)]),
    case("rms_norm_eps", lambda m, x, w: F(m).rms_norm(x, (2,), w, eps=0.5), [randn(3, 2), randn(2)]),
]
NORM_ERRORS = [
    case("batch_norm_running_size", lambda m, x: F(m).batch_norm(x, m.zeros(4, dtype=x.dtype), m.ones(4, dtype=x.dtype)),
         [randn(2, 3)], phrase="running_mean should contain 3 elements not 4"),
    case("batch_norm_stats_require_grad", lambda m, x, rm, rv: F(m).batch_norm(x, rm, rv),
         [randn(2, 3, 2), randn(3), uniform(0.5, 2, 3)],
         phrase="The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'"),
    case("batch_norm_weight_size", lambda m, x: F(m).batch_norm(x, None, None, m.ones(2, dtype=x.dtype), training=True),
         [randn(2, 3)], phrase=""),
    case("instance_norm_stats_require_grad", lambda m, x, rm: F(m).instance_norm(x, rm, None), [randn(2, 3, 4), randn(3)],
         phrase="The function 'native_batch_norm' is not differentiable with respect to argument 'running_mean'"),
    case("batch_norm_train_var_requires_grad", lambda m, x, rv: F(m).batch_norm(x.detach(), None, rv, training=True),
         [randn(2, 3), uniform(0.5, 2, 3)],
         phrase="The function 'native_batch_norm' is not differentiable with respect to argument 'running_var'"),
    case("instance_norm_one_value", lambda m, x: F(m).instance_norm(x), [randn(2, 3, 1)],
         phrase="Expected more than 1 spatial element when training"),
    case("layer_norm_weight_shape", lambda m, x: F(m).layer_norm(x, (4,), m.ones(3, dtype=x.dtype)), [randn(2, 4)],
         phrase="Expected weight to be of same shape as normalized_shape"),
    case("group_norm_weight_count", lambda m, x: F(m).group_norm(x, 2, m.ones(3, dtype=x.dtype)), [randn(2, 4, 3)],
         phrase="Expected weight to be a vector of size equal to the number of channels in input"),
    case("rms_norm_shape", lambda m, x: F(m).rms_norm(x, (3,)), [randn(2, 4)], phrase="Given normalized_shape=[3]"),
    case("layer_norm_weight_before_input", lambda m, x: F(m).layer_norm(x, (3,), m.ones(2, dtype=x.dtype)),
         [randn(2, 4)], phrase="Expected weight to be of same shape as normalized_shape"),
    case("rms_norm_weight_shape", lambda m, x: F(m).rms_norm(x, (4,), m.ones(3, dtype=x.dtype)), [randn(2, 4)],
         phrase="Expected weight to be of same shape as normalized_shape"),
    case("rms_norm_empty_shape", lambda m, x: F(m).rms_norm(x, ()), [randn(2, 4)],
         phrase="Expected normalized_shape to be at least 1-dimensional"),
    case("layer_norm_float_shape", lambda m, x: F(m).layer_norm(x, 4.0), [randn(2, 4)],
         phrase="layer_norm(): argument 'normalized_shape' (position 2) must be tuple of ints, not float"),
    case("rms_norm_int", lambda m, x: F(m).rms_norm(m.tensor([[1, 2]]), (2,)), [randn(2)],
         phrase='"rms_norm" not implemented for'),
    case("normalize_int", lambda m, x: F(m).normalize(m.tensor([1, 2]), dim=0), [randn(2)], phrase=""),
]

# --------------------------------------------------------------------------- activations
X34 = away_from([0], 3, 4) * 2
ACT = [
    case("elu_alpha_half", lambda m, x: F(m).elu(x, 0.5), [X34]),
    case("elu_alpha_neg", lambda m, x: F(m).elu(x, -0.7), [X34]),
    case("celu_alpha", lambda m, x: F(m).celu(x, 2.5), [X34]),
    case("selu_3d", lambda m, x: F(m).selu(x), [away_from([0], 2, 2, 3)]),
    case("gelu_tanh_wide", lambda m, x: F(m).gelu(x * 3, approximate="tanh"), [randn(3, 4)]),
    case("gelu_none_kw", lambda m, x: F(m).gelu(x, approximate="none"), [randn(3, 4)]),
    case("softplus_beta_half_threshold", lambda m, x: F(m).softplus(x * 3, beta=0.5, threshold=1.0),
         [away_from([2 / 3], 3, 4)]),
    case("softplus_beta_neg", lambda m, x: F(m).softplus(x, beta=-2.0, threshold=5.0), [away_from([0], 3, 4)]),
    case("hardtanh_bounds", lambda m, x: F(m).hardtanh(x, -0.3, 1.2), [away_from([-0.3, 1.2], 3, 4)]),
    case("hardtanh_equal_bounds", lambda m, x: F(m).hardtanh(x, 0.5, 0.5), [away_from([0.5], 3, 4)]),
    case("leaky_relu_neg_slope", lambda m, x: F(m).leaky_relu(x, -0.5), [X34]),
    case("leaky_relu_big_slope", lambda m, x: F(m).leaky_relu(x, 2.0), [X34]),
    case("rrelu_eval_bounds", lambda m, x: F(m).rrelu(x, 0.2, 0.6, training=False), [X34]),
    case("glu_dim0", lambda m, x: F(m).glu(x, 0), [randn(4, 3)]),
    case("glu_dim_neg2", lambda m, x: F(m).glu(x, -2), [randn(2, 6, 3)]),
    case("softmax_dtype_from_float32", lambda m, x: F(m).softmax(x.float(), -1, dtype=m.float64), [randn(3, 4)]),
    case("softmin_dtype", lambda m, x: F(m).softmin(x.float(), 0, dtype=m.float64), [randn(3, 4)]),
    case("log_softmax_dtype_down", lambda m, x: F(m).log_softmax(x, 1, dtype=m.float32), [randn(3, 4)], atol=1e-5,
         rtol=1e-4),
    case("softmax_0d", lambda m, x: F(m).softmax(x, 0), [np.array(1.5)]),
    case("log_softmax_dim0_3d", lambda m, x: F(m).log_softmax(x, 0), [randn(3, 2, 2)]),
    case("softmin_neg_dim", lambda m, x: F(m).softmin(x, -2), [randn(2, 3, 2)]),
    case("threshold_value", lambda m, x: F(m).threshold(x, -0.5, 7.0), [away_from([-0.5], 3, 4)]),
    case("softshrink_zero", lambda m, x: F(m).softshrink(x, 0.0), [X34]),
    case("hardshrink_zero", lambda m, x: F(m).hardshrink(x, 0.0), [X34]),
    case("relu6_wide", lambda m, x: F(m).relu6(x * 5), [away_from([0, 1.2], 3, 4)]),
    case("hardtanh_relu6_integer", lambda m, x: (x * 1, F(m).hardtanh(m.tensor([[-3, 0], [2, 9]]), -1.5, 2.5),
                                                 F(m).relu6(m.tensor([-3, 4, 9]))), [randn(2)]),
    case("prelu_2d", lambda m, x, w: F(m).prelu(x, w), [away_from([0], 3, 4), randn(4)]),
    case("prelu_1d", lambda m, x, w: F(m).prelu(x, w), [away_from([0], 4), randn(1)]),
    case("logsigmoid_wide", lambda m, x: F(m).logsigmoid(x * 30), [randn(3, 4)]),
    case("softplus_wide", lambda m, x: F(m).softplus(x * 30), [away_from([0], 3, 4)]),
    # on a leaf, the gradient's own node is torch's (HardswishBackwardBackward0, LogSigmoidBackwardBackward0)
    case("hardswish_leaf", lambda m, x: F(m).hardswish(x), [away_from([-3, 3], 3, 4) * 2.5]),
    case("logsigmoid_leaf", lambda m, x: F(m).logsigmoid(x), [randn(3, 4) * 3]),
    case("silu_mish_hardswish", lambda m, x: (F(m).silu(x * 3), F(m).mish(x * 3), F(m).hardswish(x * 4)),
         [away_from([-0.75, 0.75], 3, 4)]),
]
ACT_ERRORS = [
    case("glu_dim_range", lambda m, x: F(m).glu(x, 2), [randn(2, 4)], phrase="Dimension out of range"),
    case("glu_0d", lambda m, x: F(m).glu(x), [np.array(1.0)], phrase="glu does not support scalars"),
    case("gelu_bad_approx", lambda m, x: F(m).gelu(x, approximate="fast"), [randn(3)], phrase="approximate"),
    case("rrelu_bounds", lambda m, x: F(m).rrelu(x, 0.6, 0.2, training=True), [randn(3)], phrase="Lower bound should"),
    case("rrelu_bounds_eval", lambda m, x: F(m).rrelu(x, 0.6, 0.2), [randn(3)], phrase="Lower bound should"),
    case("prelu_count_before_rank", lambda m, x: F(m).prelu(x, m.ones(1, 3, dtype=x.dtype)), [randn(2, 3, 2)],
         phrase="prelu: Expected `weight` to be a scalar or 1D tensor"),
    case("prelu_weight_rank", lambda m, x: F(m).prelu(x, m.ones(2, 2, dtype=x.dtype)), [randn(2, 2, 2)],
         phrase="Mismatch of parameter numbers and input channel size."),
    # integer inputs: refused by the float-only kernels in their names (hardtanh keeps integers)
    *[case(f"{name}_int", lambda m, x, name=name: getattr(F(m), name)(m.tensor([[1, -2], [3, 4]])), [randn(2)],
           phrase="not implemented for 'Long'")
      for name in ["leaky_relu", "elu", "selu", "gelu", "softplus", "silu", "mish", "hardswish", "hardsigmoid",
                   "logsigmoid", "hardshrink", "glu", "rrelu"]],
    case("softshrink_int_before_lambda", lambda m, x: F(m).softshrink(m.tensor([1, 2]), -1.0), [randn(2)],
         phrase='"softshrink_check" not implemented for'),
    case("hardtanh_bool", lambda m, x: F(m).hardtanh(m.tensor([True, False])), [randn(2)],
         phrase="Bool inputs not supported for hardtanh"),
    case("prelu_weight_dtype", lambda m, x: F(m).prelu(x, m.ones(3)), [randn(2, 3)],
         phrase="prelu: Type promoting not supported. Got Double and Float"),
    case("elu_inplace_leaf", lambda m, x: F(m).elu(x, inplace=True), [randn(3)],
         phrase="a leaf Variable that requires grad is being used in an in-place operation."),
]

# --------------------------------------------------------------------------- losses
X43, Y43 = randn(4, 3), randn(4, 3)
T3 = ints([0, 2, 1, 2])
T_IGN = ints([0, 1, 1, 2])
T_K = ints(R.integers(0, 3, (2, 2, 3)))
T_K_IGN = T_K.copy()
T_K_IGN[0, 1, 1] = T_K_IGN[1, 0, 2] = -1
PROBS = R.dirichlet(np.ones(3), 4)
PROBS_K = np.moveaxis(R.dirichlet(np.ones(3), (2, 2, 3)), -1, 1)
W3 = uniform(0.5, 2, 3)
SIGNS = np.array([1.0, -1.0, -1.0, 1.0])
ML_T = ints([[2, 0, -1], [1, -1, 0], [-1, 0, 0], [0, 1, 2]])
REDUCTIONS = ["none", "mean", "sum"]

LOSS = []
for red in REDUCTIONS:
    LOSS += [
        case(f"l1_{red}", lambda m, x, y, red=red: F(m).l1_loss(x, y, reduction=red), [X43, Y43]),
        case(f"mse_{red}", lambda m, x, y, red=red: F(m).mse_loss(x, y, reduction=red), [X43, Y43]),
        case(f"smooth_l1_beta0_{red}", lambda m, x, y, red=red: F(m).smooth_l1_loss(x, y, reduction=red, beta=0.0),
             [X43, Y43]),
        case(f"smooth_l1_beta2_{red}", lambda m, x, y, red=red: F(m).smooth_l1_loss(x, y, reduction=red, beta=2.0),
             [X43, Y43]),
        case(f"huber_delta_{red}", lambda m, x, y, red=red: F(m).huber_loss(x, y, reduction=red, delta=0.4),
             [X43, Y43]),
        case(f"ce_weight_ignore_smooth_{red}", lambda m, x, red=red: F(m).cross_entropy(
            x, m.tensor(T_IGN), m.tensor(W3, dtype=x.dtype), ignore_index=1, reduction=red, label_smoothing=0.15),
             [X43]),
        case(f"ce_kdim_weight_ignore_{red}", lambda m, x, red=red: F(m).cross_entropy(
            x, m.tensor(T_K_IGN), m.tensor(W3, dtype=x.dtype), ignore_index=-1, reduction=red), [randn(2, 3, 2, 3)]),
        case(f"ce_kdim_smooth_{red}", lambda m, x, red=red: F(m).cross_entropy(
            x, m.tensor(T_K_IGN), ignore_index=-1, reduction=red, label_smoothing=0.3), [randn(2, 3, 2, 3)]),
        case(f"ce_probs_weight_smooth_{red}", lambda m, x, p, red=red: F(m).cross_entropy(
            x, p, m.tensor(W3, dtype=x.dtype), reduction=red, label_smoothing=0.2), [X43, PROBS]),
        case(f"ce_probs_kdim_{red}", lambda m, x, p, red=red: F(m).cross_entropy(x, p, reduction=red),
             [randn(2, 3, 2, 3), PROBS_K]),
        case(f"ce_1d_weight_{red}", lambda m, x, red=red: F(m).cross_entropy(
            x, m.tensor(1), m.tensor(W3, dtype=x.dtype), reduction=red, label_smoothing=0.1), [randn(3)]),
        case(f"nll_kdim_weight_{red}", lambda m, x, red=red: F(m).nll_loss(
            x, m.tensor(T_K_IGN), m.tensor(W3, dtype=x.dtype), ignore_index=-1, reduction=red), [randn(2, 3, 2, 3)]),
        case(f"nll_4d_{red}", lambda m, x, red=red: F(m).nll_loss(x, m.tensor(T_K[..., None].repeat(2, -1)),
                                                                  reduction=red), [randn(2, 3, 2, 3, 2)]),
        case(f"bce_weight_{red}", lambda m, x, y, red=red: F(m).binary_cross_entropy(
            x, y, weight=m.tensor(W3, dtype=x.dtype), reduction=red), [uniform(0.1, 0.9, 4, 3), uniform(0, 1, 4, 3)]),
        case(f"bce_logits_pos_weight_{red}", lambda m, x, y, red=red: F(m).binary_cross_entropy_with_logits(
            x, y, pos_weight=m.tensor(W3, dtype=x.dtype), reduction=red), [X43 * 3, uniform(0, 1, 4, 3)]),
        case(f"bce_logits_weight_pos_weight_col_{red}", lambda m, x, y, red=red:
             F(m).binary_cross_entropy_with_logits(x, y, m.tensor(W3[:, None] + 1, dtype=x.dtype)[:1],
                                                   pos_weight=m.tensor(W3[:1], dtype=x.dtype), reduction=red),
             [X43, uniform(0, 1, 4, 3)]),
        case(f"kl_div_{red}", lambda m, x, y, red=red: F(m).kl_div(x, y, reduction=red), [X43, uniform(0.1, 1, 4, 3)]),
        case(f"kl_div_log_target_{red}", lambda m, x, y, red=red: F(m).kl_div(x, y, reduction=red, log_target=True),
             [X43, Y43]),
        case(f"poisson_log_full_{red}", lambda m, x, y, red=red: F(m).poisson_nll_loss(
            x, y, full=True, reduction=red), [X43, uniform(0, 3, 4, 3)]),
        case(f"poisson_nolog_eps_{red}", lambda m, x, y, red=red: F(m).poisson_nll_loss(
            x, y, log_input=False, eps=0.1, reduction=red), [uniform(0.1, 2, 4, 3), uniform(0, 3, 4, 3)]),
        case(f"gaussian_full_eps_{red}", lambda m, x, y, v, red=red: F(m).gaussian_nll_loss(
            x, y, v, full=True, eps=0.5, reduction=red), [X43, Y43, uniform(0.1, 2, 4, 3)]),
        case(f"gaussian_var_col_{red}", lambda m, x, y, v, red=red: F(m).gaussian_nll_loss(x, y, v, reduction=red),
             [X43, Y43, uniform(0.1, 2, 4, 1)]),
        case(f"gaussian_var_batch_{red}", lambda m, x, y, v, red=red: F(m).gaussian_nll_loss(x, y, v, reduction=red),
             [X43, Y43, uniform(0.1, 2, 4)]),
        case(f"margin_ranking_{red}", lambda m, a, b, red=red: F(m).margin_ranking_loss(
            a, b, m.tensor(SIGNS, dtype=a.dtype), margin=0.3, reduction=red), [away_from([0], 4), away_from([0], 4)]),
        case(f"hinge_{red}", lambda m, x, red=red: F(m).hinge_embedding_loss(x, m.tensor(SIGNS, dtype=x.dtype),
                                                                            margin=2.0, reduction=red),
             [away_from([2], 4)]),
        case(f"soft_margin_{red}", lambda m, x, red=red: F(m).soft_margin_loss(x, m.tensor(SIGNS, dtype=x.dtype),
                                                                              reduction=red), [randn(4)]),
        case(f"cosine_embedding_{red}", lambda m, a, b, red=red: F(m).cosine_embedding_loss(
            a, b, m.tensor([1, -1, 1, -1]), margin=0.2, reduction=red), [X43, Y43]),
        case(f"multi_margin_{red}", lambda m, x, red=red: F(m).multi_margin_loss(
            x, m.tensor(T3), p=2, margin=1.5, weight=m.tensor(W3, dtype=x.dtype), reduction=red), [X43],
             gg_beyond_torch=True),
        case(f"multilabel_margin_{red}", lambda m, x, red=red: F(m).multilabel_margin_loss(x, m.tensor(ML_T),
                                                                                          reduction=red), [X43],
             gg_beyond_torch=True),
        case(f"multilabel_soft_margin_{red}", lambda m, x, red=red: F(m).multilabel_soft_margin_loss(
            x, m.tensor(PROBS > 0.3, dtype=x.dtype), weight=m.tensor(W3, dtype=x.dtype), reduction=red), [X43]),
        case(f"triplet_swap_p1_{red}", lambda m, a, p, n, red=red: F(m).triplet_margin_loss(
            a, p, n, margin=1.5, p=1, swap=True, reduction=red), [X43, Y43, randn(4, 3)]),
        case(f"triplet_with_distance_{red}", lambda m, a, p, n, red=red: F(m).triplet_margin_with_distance_loss(
            a, p, n, distance_function=F(m).pairwise_distance, margin=0.7, swap=True, reduction=red),
             [X43, Y43, randn(4, 3)]),
    ]
LOSS += [
    case("ce_ignore_all_mean", lambda m, x: F(m).cross_entropy(x, m.tensor([1, 1, 1, 1]), ignore_index=1), [X43]),
    case("nll_ignore_all_weight_mean", lambda m, x: F(m).nll_loss(x, m.tensor([2, 2, 2, 2]), m.tensor(W3, dtype=x.dtype),
                                                                  ignore_index=2), [X43]),
    case("kl_div_batchmean_3d", lambda m, x, y: F(m).kl_div(x, y, reduction="batchmean"),
         [randn(2, 3, 2), uniform(0.1, 1, 2, 3, 2)]),
    case("kl_div_batchmean_log_target", lambda m, x, y: F(m).kl_div(x, y, reduction="batchmean", log_target=True),
         [X43, Y43]),
    case("kl_div_zero_target", lambda m, x, y: F(m).kl_div(x, y * m.tensor([0.0, 1, 1], dtype=y.dtype),
                                                           reduction="sum"), [X43, uniform(0.1, 1, 4, 3)]),
    case("poisson_log_full_small_target", lambda m, x: F(m).poisson_nll_loss(x, m.tensor([[0.0, 1.0, 0.5, 3.0]],
                                                                                         dtype=x.dtype), full=True),
         [randn(1, 4)]),
    case("gaussian_var_float", lambda m, x, y: F(m).gaussian_nll_loss(x, y, 0.4, full=True, reduction="sum"),
         [X43, Y43]),
    case("gaussian_var_small_eps", lambda m, x, y, v: F(m).gaussian_nll_loss(x, y, v, eps=0.3, reduction="none"),
         [X43, Y43, uniform(0.01, 0.6, 4, 3)]),
    case("gaussian_1d_var_scalar_shape", lambda m, x, y, v: F(m).gaussian_nll_loss(x, y, v),
         [randn(4), randn(4), uniform(0.5, 1, 1)]),
    case("mse_broadcast_target", lambda m, x, y: F(m).mse_loss(x, y.expand(4, 3)), [X43, randn(1, 3)]),
    # a target of another shape is broadcast first (expand nodes), as torch's functional does
    case("l1_smooth_huber_broadcast_target", lambda m, x, y: (
        F(m).l1_loss(x, y), F(m).smooth_l1_loss(x, y, beta=0.0, reduction="none"),
        F(m).smooth_l1_loss(x, y, beta=0.5, reduction="sum"), F(m).huber_loss(x, y, delta=0.3)), [X43, randn(3)]),
    case("mse_l1_weighted_input_broadcast", lambda m, x, y, w: (F(m).mse_loss(x, y, weight=w),
                                                               F(m).l1_loss(x, y, weight=w, reduction="sum")),
         [randn(1, 3), randn(4, 3), uniform(0.5, 1, 1, 3)]),
    case("soft_margin_target_broadcast", lambda m, x: F(m).soft_margin_loss(x, m.tensor([1.0, -1.0, 1.0],
                                                                                         dtype=x.dtype)), [X43]),
    case("l1_target_no_grad", lambda m, x: F(m).l1_loss(x, m.tensor(Y43, dtype=x.dtype), reduction="sum"), [X43]),
    case("bce_logits_pos_weight_target_grad", lambda m, x, y: F(m).binary_cross_entropy_with_logits(
        x, y, pos_weight=m.tensor(W3, dtype=x.dtype)), [X43, uniform(0, 1, 4, 3)]),
    case("bce_target_grad", lambda m, x, y: F(m).binary_cross_entropy(x, y), [uniform(0.1, 0.9, 4, 3),
                                                                              uniform(0, 1, 4, 3)]),
    case("huber_target_grad", lambda m, x, y: F(m).huber_loss(x, y, delta=2.0), [X43, Y43]),
    case("smooth_l1_target_grad_beta0", lambda m, x, y: F(m).smooth_l1_loss(x, y, beta=0.0), [X43, Y43]),
    case("triplet_1d_inputs", lambda m, a, p, n: F(m).triplet_margin_loss(a, p, n, eps=0.1), [randn(3), randn(3),
                                                                                             randn(3)]),
    case("cosine_embedding_1d", lambda m, a, b: F(m).cosine_embedding_loss(a, b, m.tensor(-1), margin=-0.5),
         [randn(5), randn(5)]),
    case("multi_margin_1d_p1", lambda m, x: F(m).multi_margin_loss(x, m.tensor(1)), [randn(3)], gg_beyond_torch=True),
    case("multilabel_margin_1d", lambda m, x: F(m).multilabel_margin_loss(x, m.tensor([2, 0, -1])), [randn(3)],
         gg_beyond_torch=True),
]

CTC_LP = np.log(R.dirichlet(np.ones(4), (6, 2)))
CTC = []
for red in REDUCTIONS:
    CTC += [
        case(f"ctc_{red}", lambda m, lp, red=red: F(m).ctc_loss(lp, m.tensor([[1, 2, 2], [3, 1, 0]]), m.tensor([6, 5]),
                                                                m.tensor([3, 2]), reduction=red), [CTC_LP],
             gg_refused=True),
        case(f"ctc_infinite_zero_{red}", lambda m, lp, red=red: F(m).ctc_loss(
            lp, m.tensor([[1, 1, 1, 1], [2, 3, 0, 0]]), m.tensor([4, 6]), m.tensor([4, 2]), reduction=red,
            zero_infinity=True), [CTC_LP], gg_refused=True),
        case(f"ctc_blank_concat_targets_{red}", lambda m, lp, red=red: F(m).ctc_loss(
            lp, m.tensor([1, 2, 0, 2]), m.tensor([6, 6]), m.tensor([1, 3]), blank=3, reduction=red), [CTC_LP],
             gg_refused=True),
    ]
CTC += [
    case("ctc_unbatched", lambda m, lp: F(m).ctc_loss(lp, m.tensor([1, 2]), m.tensor(6), m.tensor(2)),
         [CTC_LP[:, 0]], gg_refused=True),
    case("ctc_infinite_kept", lambda m, lp: F(m).ctc_loss(lp, m.tensor([[1, 1, 1, 1], [2, 3, 0, 0]]), m.tensor([4, 6]),
                                                          m.tensor([4, 2]), reduction="none"), [CTC_LP],
         grad=False),
]

LOSS_ERRORS = [
    case("ce_probs_ignore_index", lambda m, x: F(m).cross_entropy(x, m.tensor(PROBS), ignore_index=1), [X43],
         phrase="ignore_index is not supported for floating point target"),
    case("ce_kdim_probs_shape", lambda m, x: F(m).cross_entropy(x, m.tensor(PROBS)), [randn(2, 3, 2)],
         phrase=""),
    case("nll_weight_kdim_size", lambda m, x: F(m).nll_loss(x, m.tensor(T_K), m.ones(2, dtype=x.dtype)),
         [randn(2, 3, 2, 3)], phrase="weight tensor should be defined either for all or no classes"),
    case("bce_logits_weight_requires_grad", lambda m, x, y, w: F(m).binary_cross_entropy_with_logits(x, y, w),
         [X43, uniform(0, 1, 4, 3), W3],
         phrase="The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument"),
    case("bce_logits_pos_weight_requires_grad", lambda m, x, y, w: F(m).binary_cross_entropy_with_logits(
        x, y, pos_weight=w), [X43, uniform(0, 1, 4, 3), W3],
         phrase="The function 'binary_cross_entropy_with_logits' is not differentiable with respect to argument"),
    case("bce_logits_weight_shape", lambda m, x, y: F(m).binary_cross_entropy_with_logits(
        x, y, m.ones(2, dtype=x.dtype)), [X43, uniform(0, 1, 4, 3)], phrase="The size of tensor a (3)"),
    case("bce_logits_weight_grows_output", lambda m, x, y: F(m).binary_cross_entropy_with_logits(
        x, y, m.ones(5, 1, 3, dtype=x.dtype)), [X43, uniform(0, 1, 4, 3)],
         phrase="output with shape [4, 3] doesn't match the broadcast shape [5, 4, 3]"),
    case("bce_logits_pos_weight_shape", lambda m, x, y: F(m).binary_cross_entropy_with_logits(
        x, y, pos_weight=m.ones(2, dtype=x.dtype)), [X43, uniform(0, 1, 4, 3)], phrase="size of tensor a"),
    case("soft_margin_target_grows_input", lambda m, x: F(m).soft_margin_loss(x, m.ones(4, 3, dtype=x.dtype)),
         [randn(4, 1)], phrase="output with shape [4, 1] doesn't match the broadcast shape [4, 3]"),
    case("soft_margin_target_shape", lambda m, x: F(m).soft_margin_loss(x, m.ones(4, 2, dtype=x.dtype)),
         [X43], phrase="The size of tensor a (3) must match the size of tensor b (2)"),
    case("kl_div_bad_reduction", lambda m, x, y: F(m).kl_div(x, y, reduction="batchsum"), [X43, Y43],
         phrase="batchsum is not a valid value for reduction"),
    case("poisson_bad_reduction", lambda m, x, y: F(m).poisson_nll_loss(x, y, reduction="avg"), [X43, Y43],
         phrase="avg is not a valid value for reduction"),
    case("gaussian_bad_reduction", lambda m, x, y: F(m).gaussian_nll_loss(x, y, m.ones(4, 3, dtype=x.dtype),
                                                                          reduction="all"), [X43, Y43],
         phrase="all is not valid"),
    case("margin_ranking_shape", lambda m, a, b: F(m).margin_ranking_loss(a, b, m.ones(3, dtype=a.dtype)),
         [randn(4), randn(4)], phrase="The size of tensor a"),
    case("ctc_target_lengths_count", lambda m, lp: F(m).ctc_loss(lp, m.tensor([[1, 2], [1, 2]]), m.tensor([6, 6]),
                                                                 m.tensor([2])), [CTC_LP],
         phrase="target_lengths must be of size batch_size"),
    case("ctc_input_length_too_long", lambda m, lp: F(m).ctc_loss(lp, m.tensor([[1, 2], [1, 2]]), m.tensor([7, 6]),
                                                                   m.tensor([2, 2])), [CTC_LP],
         phrase="Expected input_lengths to have value at most 6, but got value 7"),
    case("triplet_dims", lambda m, a: F(m).triplet_margin_loss(a, a[0], a), [X43],
         phrase="The anchor, positive, and negative tensors are expected to have the same number of dimensions"),
    case("multilabel_margin_shape", lambda m, x: F(m).multilabel_margin_loss(x, m.tensor([[0, 1]])), [X43],
         phrase="inconsistent target size"),
]

# --------------------------------------------------------------------------- embeddings
IDX = ints([[0, 2, 4], [4, 1, 2]])
EMB = [
    case("embedding_padding_neg", lambda m, w: F(m).embedding(m.tensor(IDX), w, padding_idx=-1), [randn(5, 3)]),
    case("embedding_freq_padding", lambda m, w: F(m).embedding(m.tensor(IDX), w, padding_idx=2,
                                                               scale_grad_by_freq=True), [randn(5, 3)]),
    case("embedding_max_norm_grad", lambda m, w: F(m).embedding(m.tensor(IDX), w * 1, max_norm=0.5, norm_type=1.0),
         [randn(5, 3)], check_name=False),
    case("embedding_0d_index", lambda m, w: F(m).embedding(m.tensor(3), w), [randn(5, 3)]),
    case("embedding_int32", lambda m, w: F(m).embedding(m.tensor(IDX).int(), w, padding_idx=0), [randn(5, 3)]),
]
BAG_IDX = ints([0, 2, 4, 4, 1, 3, 2])
BAG_OFF = ints([0, 3, 3, 5])
EMB_BAG = []
for mode in ["sum", "mean", "max"]:
    for last in [False, True]:
        EMB_BAG.append(case(f"embedding_bag_{mode}_{'last' if last else 'nolast'}",
                            lambda m, w, mode=mode, last=last: F(m).embedding_bag(
                                m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), mode=mode, include_last_offset=last),
                            [randn(5, 3)]))
    EMB_BAG.append(case(f"embedding_bag_{mode}_padding_2d",
                        lambda m, w, mode=mode: F(m).embedding_bag(m.tensor(IDX), w, mode=mode, padding_idx=4),
                        [randn(5, 3)]))
EMB_BAG += [
    case("embedding_bag_psw_last", lambda m, w, p: F(m).embedding_bag(
        m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), mode="sum", per_sample_weights=p, include_last_offset=True),
         [randn(5, 3), randn(7)], gg_beyond_torch=True),
    case("embedding_bag_psw_2d_padding", lambda m, w, p: F(m).embedding_bag(
        m.tensor(IDX), w, mode="sum", per_sample_weights=p, padding_idx=2), [randn(5, 3), randn(2, 3)],
         gg_beyond_torch=True),
    case("embedding_bag_freq", lambda m, w: F(m).embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF),
                                                               scale_grad_by_freq=True, mode="sum"), [randn(5, 3)]),
    case("embedding_bag_max_norm", lambda m, w: F(m).embedding_bag(m.tensor(BAG_IDX), w * 1, m.tensor(BAG_OFF),
                                                                   max_norm=1.0), [randn(5, 3)], check_name=False),
]
EMB_ERRORS = [
    case("embedding_padding_range", lambda m, w: F(m).embedding(m.tensor(IDX), w, padding_idx=5), [randn(5, 3)],
         phrase="Padding_idx must be within num_embeddings"),
    case("embedding_weight_1d", lambda m, w: F(m).embedding(m.tensor([0, 1]), w), [randn(5)],
         phrase="'weight' must be 2-D"),
    case("embedding_bag_offsets_start", lambda m, w: F(m).embedding_bag(m.tensor(BAG_IDX), w, m.tensor([1, 3])),
         [randn(5, 3)], phrase="offsets[0] has to be 0"),
    case("embedding_bag_psw_shape", lambda m, w: F(m).embedding_bag(
        m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), mode="sum", per_sample_weights=m.ones(6, dtype=w.dtype)),
         [randn(5, 3)], phrase=""),
    case("embedding_bag_mode", lambda m, w: F(m).embedding_bag(m.tensor(BAG_IDX), w, m.tensor(BAG_OFF), mode="min"),
         [randn(5, 3)], phrase="mode has to be one of sum, mean or max"),
    case("embedding_bag_1d_no_offsets", lambda m, w: F(m).embedding_bag(m.tensor(BAG_IDX), w), [randn(5, 3)],
         phrase="offsets has to be a 1D Tensor but got None"),
]

# --------------------------------------------------------------------------- dropout family, eval and p in {0, 1}
DROP = []
for name, shape in [("dropout", (3, 4)), ("alpha_dropout", (3, 4)), ("feature_alpha_dropout", (2, 3, 4)),
                    ("dropout1d", (3, 4)), ("dropout2d", (2, 3, 2, 2)), ("dropout3d", (3, 2, 2, 2))]:
    DROP.append(case(f"{name}_eval", lambda m, x, name=name: getattr(F(m), name)(x, 0.4, training=False),
                     [randn(*shape)]))
    DROP.append(case(f"{name}_p0_training", lambda m, x, name=name: getattr(F(m), name)(x, 0.0, training=True),
                     [randn(*shape)], check_name=False))
    DROP.append(case(f"{name}_p1_training", lambda m, x, name=name: getattr(F(m), name)(x, 1.0, training=True),
                     [randn(*shape)], check_name=False))

DROP_ERRORS = [
    case("dropout2d_1d_training", lambda m, x: F(m).dropout2d(x, 0.5), [randn(3)],
         phrase="Feature dropout requires at least 2 dimensions in the input"),
]
DROP += [  # dropout3d runs any input but 5-d as one unbatched sample (a whole 2-d input is one channel's)
    case("dropout3d_2d_input_p1", lambda m, x: F(m).dropout3d(x, 1.0), [randn(2, 3)], check_name=False),
    case("dropout2d_1d_eval", lambda m, x: F(m).dropout2d(x, 0.5, training=False), [randn(3)]),
]

# --------------------------------------------------------------------------- attention
MASK_BOOL = np.array([[1, 0, 1, 1, 0], [0, 1, 1, 0, 1], [1, 1, 0, 0, 0], [0, 0, 1, 1, 1]], bool)
MASK_ROW_EMPTY = MASK_BOOL.copy()
MASK_ROW_EMPTY[1] = False
MHA_BIAS = randn(3, 5)
QKV = [randn(2, 2, 4, 3), randn(2, 2, 5, 3), randn(2, 2, 5, 2)]
QKV_FUSED = [randn(2, 2, 4, 3), randn(2, 2, 5, 3), randn(2, 2, 5, 3)]
FUSED_BIAS = randn(4, 5)
# torch's CPU sdpa runs its fused kernel (whose backward it cannot differentiate) where the shapes
# allow, and the math path (differentiable twice) with another value width, dropout, or a float
# mask that requires grad
ATTN = [
    case("sdpa_math_bool_mask_broadcast", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(MASK_BOOL)), QKV),
    case("sdpa_math_bool_mask_empty_row", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(MASK_ROW_EMPTY)), QKV),
    case("sdpa_math_float_mask_per_head_grad", lambda m, q, k, v, b: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=b), QKV + [randn(1, 2, 4, 5)]),
    case("sdpa_math_causal_rectangular_scale", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, is_causal=True, scale=0.7), QKV),
    case("sdpa_math_dropout0_negative_scale", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(MASK_BOOL), dropout_p=0.0, scale=-0.5), QKV),
    case("sdpa_fused_float_mask_grad", lambda m, q, k, v, b: F(m).scaled_dot_product_attention(q, k, v, attn_mask=b),
         QKV_FUSED + [randn(4, 5)]),
    case("sdpa_fused_bool_mask_empty_row", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(MASK_ROW_EMPTY)), QKV_FUSED, gg_beyond_torch=True),
    case("sdpa_fused_float_mask_const", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(FUSED_BIAS, dtype=q.dtype), scale=2.0), QKV_FUSED,
         gg_beyond_torch=True),
    case("sdpa_fused_causal_more_queries", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v, is_causal=True),
         [randn(1, 1, 5, 3), randn(1, 1, 3, 3), randn(1, 1, 3, 3)], gg_beyond_torch=True),
    case("sdpa_fused_causal_mask", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(MASK_BOOL), is_causal=True), QKV_FUSED, gg_beyond_torch=True),
    case("sdpa_fused_gqa", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v, enable_gqa=True),
         [randn(1, 4, 3, 2), randn(1, 2, 4, 2), randn(1, 2, 4, 2)], gg_beyond_torch=True),
    case("sdpa_math_gqa_mask", lambda m, q, k, v, b: F(m).scaled_dot_product_attention(q, k, v, attn_mask=b,
                                                                                      enable_gqa=True),
         [randn(1, 4, 3, 2), randn(1, 2, 4, 2), randn(1, 2, 4, 3), randn(3, 4)]),
    case("sdpa_float32_mask_on_float64", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.tensor(FUSED_BIAS, dtype=m.float32)), QKV_FUSED, gg_beyond_torch=True),
    case("sdpa_unbatched_2d", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v), [randn(4, 3), randn(5, 3),
                                                                                             randn(5, 2)]),
    case("mha_batch_first_shapes", lambda m, x, w, b, wo, bo: F(m).multi_head_attention_forward(
        x, x, x, 4, 4, w, b, None, None, False, 0.0, wo, bo, training=False, is_causal=False,
        attn_mask=m.tensor(MASK_BOOL[:3, :3])), [randn(3, 1, 4), randn(12, 4), randn(12), randn(4, 4), randn(4)]),
    case("mha_float_mask_kpm", lambda m, q, k, w, wo: F(m).multi_head_attention_forward(
        q, k, k, 4, 1, w, None, None, None, False, 0.0, wo, None, attn_mask=m.tensor(MHA_BIAS, dtype=q.dtype),
        key_padding_mask=m.tensor(MASK_BOOL[:2] & False | np.eye(2, 5, 1, dtype=bool)), average_attn_weights=True),
         [randn(3, 2, 4), randn(5, 2, 4), randn(12, 4), randn(4, 4)]),
    case("mha_3d_mask_no_weights", lambda m, q, w, wo: F(m).multi_head_attention_forward(
        q, q, q, 4, 2, w, None, None, None, False, 0.0, wo, None, need_weights=False,
        attn_mask=m.tensor(np.tril(np.ones((4, 3, 3), bool))))[0], [randn(3, 2, 4), randn(12, 4), randn(4, 4)],
         gg_beyond_torch=True),
]
ATTN_ERRORS = [
    case("sdpa_dropout_shape_mask", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.ones(3, 5, dtype=m.bool)), QKV, phrase=""),
    case("sdpa_gqa_heads", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k, v, enable_gqa=True),
         [randn(1, 3, 3, 2), randn(1, 2, 4, 2), randn(1, 2, 4, 3)], phrase=""),
    case("sdpa_mask_dtype", lambda m, q, k, v: F(m).scaled_dot_product_attention(
        q, k, v, attn_mask=m.ones(4, 5, dtype=m.int64)), QKV, phrase="Expected attn_mask dtype to be bool or float"),
    case("sdpa_1d_query", lambda m, q, k, v: F(m).scaled_dot_product_attention(q[0, 0, 0], k, v), QKV,
         phrase="Expected query, key, and value to all be  at least 2 dimensional"),
    case("sdpa_dtype_mismatch", lambda m, q, k, v: F(m).scaled_dot_product_attention(q, k.float(), v), QKV,
         phrase="Expected query, key, and value to have the same dtype"),
]

# --------------------------------------------------------------------------- distances
DIST = [
    case("cosine_similarity_eps_broadcast", lambda m, a, b: F(m).cosine_similarity(a, b, dim=-1, eps=0.5),
         [randn(2, 1, 3) * 0.2, randn(4, 3)]),
    case("cosine_similarity_1d", lambda m, a, b: F(m).cosine_similarity(a, b, 0), [randn(4), randn(4)]),
    case("cosine_similarity_zero_vector", lambda m, a, b: F(m).cosine_similarity(a * m.tensor([[0.0], [1.0]],
                                                                                              dtype=a.dtype), b),
         [randn(2, 3), randn(2, 3)]),
    case("pairwise_distance_p1_eps", lambda m, a, b: F(m).pairwise_distance(a, b, 1.0, 0.1), [randn(3, 4),
                                                                                              randn(3, 4)]),
    case("pairwise_distance_inf", lambda m, a, b: F(m).pairwise_distance(a, b, float("inf")), [randn(3, 4),
                                                                                               randn(3, 4)]),
    case("pairwise_distance_p0", lambda m, a, b: F(m).pairwise_distance(a, b, 0.0), [randn(3, 4), randn(3, 4)]),
    case("pairwise_distance_1d_broadcast", lambda m, a, b: F(m).pairwise_distance(a, b, 3.0, keepdim=True),
         [randn(4), randn(2, 4)]),
    case("pairwise_distance_0d_like", lambda m, a, b: F(m).pairwise_distance(a, b), [randn(4), randn(4)]),
    case("pdist_p0", lambda m, x: F(m).pdist(x, 0.0), [randn(4, 3)], gg_beyond_torch=True),
    case("pdist_p3", lambda m, x: F(m).pdist(x, 3.0), [randn(4, 3)], gg_beyond_torch=True),
    case("pdist_p1_5", lambda m, x: F(m).pdist(x, 1.5), [randn(3, 2)], gg_beyond_torch=True),
    case("pdist_one_row", lambda m, x: F(m).pdist(x), [randn(1, 3)], gg_beyond_torch=True),
    case("cdist_p2_batched", lambda m, a, b: m.cdist(a, b), [randn(2, 3, 4), randn(2, 5, 4)], gg_beyond_torch=True),
    case("cdist_p2_mm", lambda m, a, b: m.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
         [randn(3, 4), randn(5, 4)]),
    case("cdist_p2_no_mm", lambda m, a, b: m.cdist(a, b, compute_mode="donot_use_mm_for_euclid_dist"),
         [randn(3, 4), randn(5, 4)], gg_beyond_torch=True),
    case("cdist_p1_broadcast", lambda m, a, b: m.cdist(a, b, p=1), [randn(2, 1, 3, 2), randn(3, 4, 2)], gg_beyond_torch=True),
    case("cdist_p0", lambda m, a, b: m.cdist(a, b, p=0), [randn(3, 2), randn(4, 2)], gg_beyond_torch=True),
    case("cdist_inf", lambda m, a, b: m.cdist(a, b, p=float("inf")), [randn(3, 2), randn(4, 2)], gg_beyond_torch=True),
    case("cdist_p3", lambda m, a, b: m.cdist(a, b, p=3), [randn(3, 2), randn(4, 2)], gg_beyond_torch=True),
    case("cdist_p1_5", lambda m, a, b: m.cdist(a, b, p=1.5), [randn(3, 2), randn(4, 2)], gg_beyond_torch=True),
    case("one_hot_multi_dim", lambda m, x: (x * 1, F(m).one_hot(m.tensor([[0, 3], [2, 1]]))), [randn(2)]),
    case("one_hot_num_classes", lambda m, x: (x * 1, F(m).one_hot(m.tensor([1, 0, 2]), num_classes=5)), [randn(2)]),
    case("one_hot_empty", lambda m, x: (x * 1, F(m).one_hot(m.tensor([], dtype=m.int64), num_classes=3)), [randn(2)]),
    case("one_hot_0d", lambda m, x: (x * 1, F(m).one_hot(m.tensor(2))), [randn(2)]),
]
DIST_ERRORS = [
    case("cdist_p_negative", lambda m, a, b: m.cdist(a, b, p=-1), [randn(3, 2), randn(4, 2)],
         phrase="cdist only supports non-negative p values"),
    case("cdist_feature_mismatch", lambda m, a, b: m.cdist(a, b), [randn(3, 2), randn(4, 3)],
         phrase="X1 and X2 must have the same number of columns"),
    case("cdist_1d", lambda m, a, b: m.cdist(a, b), [randn(3), randn(3)], phrase="cdist only supports at least 2D tensors"),
    case("cdist_bad_mode", lambda m, a, b: m.cdist(a, b, compute_mode="fast"), [randn(3, 2), randn(4, 2)],
         phrase="fast is not a valid value for compute_mode"),
    case("one_hot_empty_no_classes", lambda m, x: F(m).one_hot(m.tensor([], dtype=m.int64)), [randn(2)],
         phrase="Can not infer total number of classes from empty tensor."),
    case("pairwise_distance_shape", lambda m, a, b: F(m).pairwise_distance(a, b), [randn(3, 4), randn(2, 4)],
         phrase="The size of tensor a"),
    case("cosine_similarity_shape", lambda m, a, b: F(m).cosine_similarity(a, b), [randn(3, 4), randn(3, 5)],
         phrase="The size of tensor a"),
]

CASES = CONV + PAD + INTERP + POOL + FOLD + GRID + NORM + ACT + LOSS + CTC + EMB + EMB_BAG + DROP + ATTN + DIST
ERRORS = (CONV_ERRORS + PAD_ERRORS + INTERP_ERRORS + POOL_ERRORS + FOLD_ERRORS + GRID_ERRORS + NORM_ERRORS
          + ACT_ERRORS + LOSS_ERRORS + EMB_ERRORS + DROP_ERRORS + ATTN_ERRORS + DIST_ERRORS)


def _scalarised_gradient(m, fn, ins, wrt, create_graph):
    """<d<fn(ins), c>/d wrt, v> for fixed random c and v (seeded by the shapes)."""
    out = fn(m, *ins)
    out = out[0] if isinstance(out, (tuple, list)) else out
    rng = np.random.default_rng(out.numel())
    c = m.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    g = m.autograd.grad(out, wrt, c, create_graph=create_graph, allow_unused=True)
    return sum((x * m.tensor(rng.standard_normal(tuple(x.shape)), dtype=x.dtype)).sum() for x in g if x is not None)


def _second_order_refusal(fn, arrays):
    """torch refuses this op's double backward: pullback refuses it with the same class and first line."""
    diff = [i for i, a in enumerate(arrays) if np.asarray(a).dtype.kind == "f"]
    errors = []
    for m, to in ((torch, to_torch), (pullback, to_pb)):
        ins = [to(a) for a in arrays]
        with pytest.raises(RuntimeError) as info:
            m.autograd.grad(_scalarised_gradient(m, fn, ins, [ins[i] for i in diff], True), [ins[i] for i in diff],
                            allow_unused=True)
        errors.append(info.value)
    assert type(errors[1]) is type(errors[0]) and str(errors[0]).splitlines()[0] in str(errors[1]), errors


def _second_order_beyond_torch(fn, arrays, eps=1e-6):
    """torch refuses this op's double backward (no derivative for its backward kernel); pullback's
    backward formulas are differentiable (its forward-mode tangents rely on them: docs/differences.md),
    so its second derivatives are checked by central differences of its own first derivatives."""
    diff = [i for i, a in enumerate(arrays) if np.asarray(a).dtype.kind == "f"]
    th_in = [to_torch(a) for a in arrays]
    with pytest.raises((RuntimeError, NotImplementedError)):  # (keeps the marking honest)
        torch.autograd.grad(_scalarised_gradient(torch, fn, th_in, [th_in[i] for i in diff], True),
                            [th_in[i] for i in diff], allow_unused=True)
    pb_in = [to_pb(a) for a in arrays]
    s = _scalarised_gradient(pullback, fn, pb_in, [pb_in[i] for i in diff], True)
    second = pullback.autograd.grad(s, [pb_in[i] for i in diff], allow_unused=True) if s.requires_grad \
        else [None] * len(diff)
    rng = np.random.default_rng(0)
    for k, i in enumerate(diff):
        base = np.asarray(arrays[i], dtype=np.float64)
        for j in rng.choice(base.size, min(base.size, 4), replace=False):  # a few coordinates of each input
            values = []
            for step in (eps, -eps):
                moved = [np.array(a, copy=True) for a in arrays]
                moved[i].reshape(-1)[j] += step
                ins = [to_pb(a) for a in moved]
                values.append(float(_scalarised_gradient(pullback, fn, ins, [ins[d] for d in diff], False)))
            numeric = (values[0] - values[1]) / (2 * eps)
            got = 0.0 if second[k] is None else float(as_numpy(second[k]).reshape(-1)[j])
            assert abs(got - numeric) <= 1e-5 + 1e-4 * abs(numeric), f"input {i}[{j}]: {got} vs {numeric}"


@pytest.mark.parametrize("fn, arrays, opts", CASES)
def test_options_against_torch(fn, arrays, opts):
    beyond, refused = opts.get("gg_beyond_torch", False), opts.get("gg_refused", False)
    check(fn, *arrays, atol=opts.get("atol", 1e-7), rtol=opts.get("rtol", 1e-6), grad=opts.get("grad", True),
          gradgrad=not (beyond or refused) and opts.get("gradgrad", True), check_name=opts.get("check_name", True),
          whole_graph=opts.get("whole_graph", True))
    if beyond:
        _second_order_beyond_torch(fn, arrays)
    if refused:
        _second_order_refusal(fn, arrays)


@pytest.mark.parametrize("fn, arrays, opts", ERRORS)
def test_option_errors_against_torch(fn, arrays, opts):
    pb_exc, th_exc = check_error(fn, *arrays)
    phrase = opts["phrase"]
    assert phrase in str(th_exc), f"torch's message changed: {th_exc}"
    first = str(th_exc).strip().splitlines()[0] if str(th_exc).strip() else ""
    key = first.split(" got ")[0].split(", but ")[0]
    assert key in str(pb_exc), f"pullback: {pb_exc}\ntorch: {th_exc}"
    inputs = [to_pb(a) for a in arrays]
    before = [as_numpy(t).copy() for t in inputs]
    with pytest.raises(type(pb_exc)):
        fn(pullback, *inputs)
    for t, b in zip(inputs, before):   # bad input leaves the user's tensors as they were
        np.testing.assert_array_equal(as_numpy(t), b)
        assert t._version == 0


# --------------------------------------------------------------------------- state the calls change in place
STATEFUL = [
    ("batch_norm_momentum", lambda m, x, s: F(m).batch_norm(x, s[0], s[1], training=True, momentum=0.35)),
    ("batch_norm_momentum_one_5d", lambda m, x, s: F(m).batch_norm(x.reshape(2, 3, 1, 2, 2), s[0], s[1], training=True,
                                                                  momentum=1.0)),
    ("batch_norm_eval_untouched", lambda m, x, s: F(m).batch_norm(x, s[0], s[1], training=False, momentum=0.5)),
    ("instance_norm_running", lambda m, x, s: F(m).instance_norm(x, s[0], s[1], momentum=0.2)),
    ("instance_norm_eval_stats", lambda m, x, s: F(m).instance_norm(x, s[0], s[1], use_input_stats=False)),
    ("embedding_max_norm_p1", lambda m, x, s: F(m).embedding(m.tensor([[0, 2], [2, 1]]), s[2], max_norm=0.7,
                                                             norm_type=1.0)),
    ("embedding_bag_max_norm", lambda m, x, s: F(m).embedding_bag(m.tensor([0, 2, 2, 1]), s[2], m.tensor([0, 1]),
                                                                  max_norm=0.5, mode="max")),
]
STATE = [randn(3) * 0.3, uniform(0.5, 2, 3), randn(3, 4)]


@pytest.mark.parametrize("name, fn", STATEFUL, ids=[s[0] for s in STATEFUL])
def test_in_place_state_against_torch(name, fn):
    """Running statistics and max_norm rows are updated in place as torch updates them (values and
    version counters), and the output matches."""
    x = randn(2, 3, 4)
    results = []
    for m in (pullback, torch):
        state = [m.tensor(a) for a in STATE]
        out = fn(m, m.tensor(x), state)
        results.append((out, state))
    (pb_out, pb_state), (th_out, th_state) = results
    np.testing.assert_allclose(as_numpy(pb_out), as_numpy(th_out), rtol=1e-6, atol=1e-8)
    for p, t in zip(pb_state, th_state):
        np.testing.assert_allclose(as_numpy(p), as_numpy(t), rtol=1e-6, atol=1e-8)
        assert p._version == t._version
