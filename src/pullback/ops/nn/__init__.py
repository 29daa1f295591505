"""Neural-network ops, one module per family: activation, softmax_family, dense (linear,
bilinear), conv, im2col (unfold / fold), pooling, upsampling (interpolate), normalization,
dropout_family, sparse (embedding, embedding_bag, one_hot), distance, loss (and linear_cross_entropy,
linear + cross_entropy, whole or in chunks of rows), attention, shuffle (pixel / channel shuffle),
grid (grid_sample, affine_grid) and recurrent (the RNN, LSTM and GRU functions and cells). What
several families share lives in _common (constants in derivative formulas, per-dim argument
tuples, unbatched inputs), _sliding (the strided window
view that convolution, unfold/fold and pooling share, and its adjoint col2im) and _resample (the
separable linear map behind adaptive average pooling and interpolation).

Forward runs on NumPy (numerically stable forms: log-sum-exp, log1p(exp(-|x|))); every backward
is written in Tensor ops, so gradients of any order follow.

Public functions are re-exported here and by pullback.nn.functional; those torch also has at top
level with F's parameters (torch.conv2d, torch.prelu, ...) are listed in __all__ and so become pullback.<name>.
"""
from .activation import (  # noqa: F401
    Celu, Elu, Gelu, Glu, Hardshrink, Hardsigmoid, Hardswish, Hardtanh, LeakyRelu, LogSigmoid, Mish, Prelu,
    RreluWithNoise, Silu, Softplus, Softshrink, Threshold, celu, celu_, elu, elu_, gelu, glu, hardshrink,
    hardsigmoid, hardswish, hardtanh, hardtanh_, leaky_relu, leaky_relu_, logsigmoid, mish, prelu, relu, relu6,
    relu_, rrelu, rrelu_, selu, selu_, silu, softplus, softshrink, softsign, tanhshrink, threshold, threshold_)
from .softmax_family import LogSoftmax, Softmax, gumbel_softmax, log_softmax, softmax, softmin  # noqa: F401
from .dense import bilinear, linear  # noqa: F401
from .conv import (  # noqa: F401
    Convolution, ConvolutionWeight, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d)
from .im2col import Col2Im, Im2Col, fold, unfold  # noqa: F401
from .pooling import (  # noqa: F401
    AdaptiveMaxPool2D, AdaptiveMaxPool3D, AvgPool2D, AvgPool3D, MaxPool2DWithIndices,
    MaxPool3DWithIndices, MaxUnpool2D, MaxUnpool3D, adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d,
    adaptive_max_pool1d, adaptive_max_pool1d_with_indices, adaptive_max_pool2d, adaptive_max_pool2d_with_indices,
    adaptive_max_pool3d, adaptive_max_pool3d_with_indices, avg_pool1d, avg_pool2d, avg_pool3d, lp_pool1d, lp_pool2d,
    lp_pool3d, max_pool1d, max_pool1d_with_indices, max_pool2d, max_pool2d_with_indices, max_pool3d,
    max_pool3d_with_indices, max_unpool1d, max_unpool2d, max_unpool3d)
from .fractional import (  # noqa: F401
    FractionalMaxPool2D, FractionalMaxPool3D, fractional_max_pool2d, fractional_max_pool2d_with_indices,
    fractional_max_pool3d, fractional_max_pool3d_with_indices)
from .upsampling import interpolate, upsample, upsample_bilinear, upsample_nearest  # noqa: F401
from .normalization import (  # noqa: F401
    NativeBatchNorm, NativeGroupNorm, NativeLayerNorm, batch_norm, group_norm, instance_norm, layer_norm,
    local_response_norm, rms_norm)
from .dropout_family import (  # noqa: F401
    NativeDropout, alpha_dropout, dropout, dropout1d, dropout2d, dropout3d, feature_alpha_dropout, native_dropout)
from .sparse import Embedding, EmbeddingBag, embedding, embedding_bag, one_hot  # noqa: F401
from .distance import cdist, cosine_similarity, normalize, pairwise_distance, pdist  # noqa: F401
from .loss import (  # noqa: F401
    BinaryCrossEntropy, BinaryCrossEntropyWithLogits, HuberLoss, MseLoss, MultiMarginLoss, MultilabelMarginLoss,
    NllLoss, NllLoss2D, SmoothL1Loss, SoftMarginLoss, binary_cross_entropy, binary_cross_entropy_with_logits,
    cosine_embedding_loss, cross_entropy, gaussian_nll_loss, hinge_embedding_loss, huber_loss, kl_div, l1_loss,
    margin_ranking_loss, mse_loss, multi_margin_loss, multilabel_margin_loss, multilabel_soft_margin_loss, nll_loss,
    poisson_nll_loss, smooth_l1_loss, soft_margin_loss, triplet_margin_loss, triplet_margin_with_distance_loss)
from .attention import ScaledDotProductAttention, multi_head_attention_forward, scaled_dot_product_attention  # noqa: F401,E501
from .shuffle import (  # noqa: F401
    ChannelShuffle, NativeChannelShuffle, PixelShuffle, PixelUnshuffle, channel_shuffle, native_channel_shuffle,
    pixel_shuffle, pixel_unshuffle)
from .ctc import CtcLoss, CtcLossBackward, ctc_loss  # noqa: F401
from .linear_cross_entropy import linear_cross_entropy  # noqa: F401
from .grid import (  # noqa: F401
    affine_grid, affine_grid_generator, grid_sample, grid_sampler, grid_sampler_2d, grid_sampler_3d)
from .recurrent import (  # noqa: F401
    gru, gru_cell, lstm, lstm_cell, rnn_relu, rnn_relu_cell, rnn_tanh, rnn_tanh_cell)

# (torch.softmax, torch.dropout, torch.max_pool2d, ... take ATen's parameters: torch_forms has them)
__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "avg_pool1d",
           "rms_norm", "pairwise_distance", "cosine_similarity", "bilinear", "prelu", "hardshrink",
           "adaptive_avg_pool1d", "pixel_shuffle", "pixel_unshuffle", "rrelu_", "selu_", "celu_", "threshold_",
           "channel_shuffle", "pdist", "cdist", "rnn_tanh", "rnn_relu", "lstm", "gru", "rnn_tanh_cell",
           "rnn_relu_cell", "lstm_cell", "gru_cell", "native_dropout", "native_channel_shuffle", "grid_sampler",
           "grid_sampler_2d", "grid_sampler_3d", "affine_grid_generator"]
METHODS = {"hardshrink": hardshrink, "prelu": prelu}
