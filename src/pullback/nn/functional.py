"""torch.nn.functional: the functions of pullback.ops.nn, plus the pointwise ops torch also lists here."""
from ..ops.nn import (  # noqa: F401
    adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d, adaptive_max_pool1d,
    adaptive_max_pool1d_with_indices, adaptive_max_pool2d, adaptive_max_pool2d_with_indices, adaptive_max_pool3d,
    adaptive_max_pool3d_with_indices, affine_grid, alpha_dropout, avg_pool1d, avg_pool2d, avg_pool3d, batch_norm, bilinear,
    binary_cross_entropy, binary_cross_entropy_with_logits, celu, celu_, channel_shuffle, conv1d, conv2d, conv3d,
    conv_transpose1d, conv_transpose2d, conv_transpose3d, cosine_embedding_loss, cosine_similarity, cross_entropy,
    ctc_loss, fractional_max_pool2d, fractional_max_pool2d_with_indices, fractional_max_pool3d,
    fractional_max_pool3d_with_indices, grid_sample,
    dropout, dropout1d, dropout2d, dropout3d, elu, elu_, embedding, embedding_bag, feature_alpha_dropout, fold,
    gaussian_nll_loss, gelu, glu, group_norm, gumbel_softmax, hardshrink, hardsigmoid, hardswish, hardtanh, hardtanh_,
    hinge_embedding_loss, huber_loss, instance_norm, interpolate, kl_div, l1_loss, layer_norm, leaky_relu,
    leaky_relu_, linear, linear_cross_entropy, local_response_norm, log_softmax, logsigmoid, lp_pool1d, lp_pool2d, lp_pool3d,
    margin_ranking_loss, max_pool1d, max_pool1d_with_indices, max_pool2d, max_pool2d_with_indices, max_pool3d,
    max_pool3d_with_indices, max_unpool1d, max_unpool2d, max_unpool3d, mish, mse_loss, multi_head_attention_forward,
    multi_margin_loss, multilabel_margin_loss, multilabel_soft_margin_loss, native_channel_shuffle, nll_loss, normalize,
    one_hot, pairwise_distance, pdist,
    pixel_shuffle, pixel_unshuffle, poisson_nll_loss, prelu, relu, relu6, relu_, rms_norm, rrelu, rrelu_,
    scaled_dot_product_attention, selu, selu_, silu, smooth_l1_loss, soft_margin_loss, softmax, softmin, softplus,
    softshrink, softsign, tanhshrink, threshold, threshold_, triplet_margin_loss, triplet_margin_with_distance_loss,
    unfold, upsample, upsample_bilinear, upsample_nearest)
from ..ops.nn.torch_forms import conv_tbc  # noqa: F401


def sigmoid(input):
    """Elementwise sigmoid of `input`, as input.sigmoid() (torch's F.sigmoid calls the method)."""
    return input.sigmoid()


def tanh(input):
    """Elementwise tanh of `input`, as input.tanh() (torch's F.tanh calls the method)."""
    return input.tanh()


from ..ops.shape import pad  # noqa: F401
from . import grad  # noqa: F401  (torch.nn.functional.grad: torch.nn.grad, as torch imports it)

# the functions torch parses in C++ with an out=: {name: (its kernel, torch's refusal of another dtype)}
_FOUND = "Found dtype {Out} but expected {Result}"
_OUT_FORMS = {"gelu": ("gelu", _FOUND), "softplus": ("softplus", _FOUND), "softshrink": ("softshrink", _FOUND),
              "hardshrink": ("hardshrink", _FOUND), "linear": ("linear", True), "avg_pool2d": ("avg_pool2d", True),
              "avg_pool3d": ("avg_pool3d", True),
              "logsigmoid": ("log_sigmoid_forward", "expected scalar type {Result} but found {Out}")}


def _with_outs():
    from ..ops import _with_out
    globals().update({name: _with_out(globals()[name], kernel, exact_dtype=exact)
                      for name, (kernel, exact) in _OUT_FORMS.items()})


_with_outs()
