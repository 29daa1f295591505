"""Loss modules: each calls the nn.functional loss of the same name with its constructor options.

Class weights are registered as buffers (so they appear in state_dict), as torch does.
"""
import warnings

from ...ops.nn import ctc_loss
from .. import functional as F
from ...ops.nn.loss import legacy_reduction
from ._wrapper import FunctionalModule
from .distance import PairwiseDistance
from .module import Module

_LEGACY = (("size_average", None), ("reduce", None))
_MEAN = (("reduction", "mean"),)


class _Loss(Module):
    """torch's base of the loss modules: `reduction`, or what the deprecated size_average / reduce mean."""

    def __init__(self, size_average=None, reduce=None, reduction="mean"):
        super().__init__()
        if size_average is not None or reduce is not None:
            self.reduction = legacy_reduction(size_average, reduce)
        else:
            self.reduction = reduction


class _WeightedLoss(_Loss):
    """A loss with per-class weights, kept as the buffer `weight`."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction)
        self.register_buffer("weight", weight)


def _loss(name, fn, options=_LEGACY + _MEAN, tensor_options=(), base=_Loss):
    """Define a loss module class: forward(*inputs) = F.<fn>(*inputs, **options)."""
    return type(name, (FunctionalModule, base), {
        "_fn": fn, "_options": tuple(options), "_tensor_options": tensor_options,
        "__doc__": f"The loss nn.functional.{fn} as a module.", "__module__": __name__})


_W = (("weight", None),)
L1Loss = _loss("L1Loss", "l1_loss")
MSELoss = _loss("MSELoss", "mse_loss")
SoftMarginLoss = _loss("SoftMarginLoss", "soft_margin_loss")
MultiLabelMarginLoss = _loss("MultiLabelMarginLoss", "multilabel_margin_loss")
CrossEntropyLoss = _loss("CrossEntropyLoss", "cross_entropy",
                         _W + (("size_average", None), ("ignore_index", -100), ("reduce", None)) + _MEAN
                         + (("label_smoothing", 0.0),), ("weight",), _WeightedLoss)
NLLLoss = _loss("NLLLoss", "nll_loss",
                _W + (("size_average", None), ("ignore_index", -100), ("reduce", None)) + _MEAN, ("weight",),
                _WeightedLoss)
BCELoss = _loss("BCELoss", "binary_cross_entropy", _W + _LEGACY + _MEAN, ("weight",), _WeightedLoss)
BCEWithLogitsLoss = _loss("BCEWithLogitsLoss", "binary_cross_entropy_with_logits",
                          _W + _LEGACY + _MEAN + (("pos_weight", None),), ("weight", "pos_weight"))
MultiLabelSoftMarginLoss = _loss("MultiLabelSoftMarginLoss", "multilabel_soft_margin_loss",
                                 _W + _LEGACY + _MEAN, ("weight",), _WeightedLoss)
MultiMarginLoss = _loss("MultiMarginLoss", "multi_margin_loss", (("p", 1), ("margin", 1.0)) + _W + _LEGACY + _MEAN,
                        ("weight",), _WeightedLoss)
HuberLoss = _loss("HuberLoss", "huber_loss", _MEAN + (("delta", 1.0),))
SmoothL1Loss = _loss("SmoothL1Loss", "smooth_l1_loss", _LEGACY + _MEAN + (("beta", 1.0),))
KLDivLoss = _loss("KLDivLoss", "kl_div", _LEGACY + _MEAN + (("log_target", False),))
MarginRankingLoss = _loss("MarginRankingLoss", "margin_ranking_loss", (("margin", 0.0),) + _LEGACY + _MEAN)
HingeEmbeddingLoss = _loss("HingeEmbeddingLoss", "hinge_embedding_loss", (("margin", 1.0),) + _LEGACY + _MEAN)
CosineEmbeddingLoss = _loss("CosineEmbeddingLoss", "cosine_embedding_loss", (("margin", 0.0),) + _LEGACY + _MEAN)
PoissonNLLLoss = _loss("PoissonNLLLoss", "poisson_nll_loss",
                       (("log_input", True), ("full", False), ("size_average", None), ("eps", 1e-8),
                        ("reduce", None)) + _MEAN)
GaussianNLLLoss = _loss("GaussianNLLLoss", "gaussian_nll_loss", (("full", False), ("eps", 1e-6)) + _MEAN)
TripletMarginLoss = _loss("TripletMarginLoss", "triplet_margin_loss",
                          (("margin", 1.0), ("p", 2.0), ("eps", 1e-6), ("swap", False)) + _LEGACY + _MEAN)


class CTCLoss(FunctionalModule, _Loss):
    """The CTC loss (ctc_loss) as a module."""
    _options = (("blank", 0),) + _MEAN + (("zero_infinity", False),)

    def forward(self, log_probs, targets, input_lengths, target_lengths):
        return ctc_loss(log_probs, targets, input_lengths, target_lengths, self.blank, self.reduction,
                        self.zero_infinity)


_NLLLOSS2D_DEPRECATED = ("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and "
                         "see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.")


class NLLLoss2d(NLLLoss):
    """torch's deprecated alias of NLLLoss (a FutureWarning when one is made or the class subclassed)."""
    __deprecated__ = _NLLLOSS2D_DEPRECATED

    def __new__(cls, *args, **kwargs):
        if cls is NLLLoss2d:  # @deprecated warns for the class itself, not for its subclasses' instances
            warnings.warn(_NLLLOSS2D_DEPRECATED, FutureWarning, stacklevel=2)
        return super().__new__(cls)

    def __init_subclass__(cls, **kwargs):
        warnings.warn(_NLLLOSS2D_DEPRECATED, FutureWarning, stacklevel=2)
        super().__init_subclass__(**kwargs)


class TripletMarginWithDistanceLoss(_Loss):
    """Triplet margin loss under any distance function (pairwise Euclidean by default)."""

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__()
        if margin <= 0:
            raise ValueError(f"TripletMarginWithDistanceLoss: expected margin to be greater than 0, got {margin} "
                             "instead")
        self.distance_function = distance_function if distance_function is not None else PairwiseDistance()
        self.margin = margin
        self.swap = swap
        self.reduction = reduction

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_with_distance_loss(anchor, positive, negative, distance_function=self.distance_function,
                                                   margin=self.margin, swap=self.swap, reduction=self.reduction)
