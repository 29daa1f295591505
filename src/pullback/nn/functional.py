"""torch.nn.functional: the functions of pullback.ops.nn, plus the pointwise ops torch also lists here."""
from ..ops.nn import (adaptive_avg_pool2d, avg_pool1d, avg_pool2d, batch_norm, bilinear, binary_cross_entropy,  # noqa: F401
                      binary_cross_entropy_with_logits, celu, conv1d, conv2d, conv_transpose1d, conv_transpose2d,
                      cosine_embedding_loss, cosine_similarity, cross_entropy, dropout, elu, embedding, fold, gelu,
                      group_norm, hardsigmoid, hardswish, hardtanh, huber_loss, interpolate, kl_div, l1_loss,
                      layer_norm, leaky_relu, linear, log_softmax, logsigmoid, margin_ranking_loss, max_pool1d,
                      max_pool2d, mish, mse_loss, nll_loss, normalize, one_hot, pairwise_distance, relu, relu6, selu,
                      silu, smooth_l1_loss, softmax, softmin, softplus, softsign, unfold)
from ..ops.pointwise import sigmoid, tanh  # noqa: F401
from ..ops.shape import pad  # noqa: F401
