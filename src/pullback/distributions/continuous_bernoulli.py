"""ContinuousBernoulli(probs or logits) on [0, 1] (Loaiza-Ganem and Cunningham, 2019)
(torch/distributions/continuous_bernoulli.py).
"""
import math

import pullback
from ..nn.functional import binary_cross_entropy_with_logits
from . import constraints
from ._probs_or_logits import _ProbsOrLogitsParam
from .exp_family import ExponentialFamily
from .utils import broadcast_all, clamp_probs, lazy_property, logits_to_probs


__all__ = ["ContinuousBernoulli"]


class ContinuousBernoulli(_ProbsOrLogitsParam, ExponentialFamily):
    r"""
    Creates a continuous Bernoulli distribution parameterized by :attr:`probs`
    or :attr:`logits` (but not both).

    The distribution is supported in [0, 1] and parameterized by 'probs' (in
    (0,1)) or 'logits' (real-valued). Note that, unlike the Bernoulli, 'probs'
    does not correspond to a probability and 'logits' does not correspond to
    log-odds, but the same names are used due to the similarity with the
    Bernoulli. See [1] for more details.

    Example::

        >>> m = ContinuousBernoulli(pullback.tensor([0.3]))
        >>> m.sample()
        tensor([ 0.2538])

    Args:
        probs (Number, Tensor): (0,1) valued parameters
        logits (Number, Tensor): real valued parameters whose sigmoid matches 'probs'

    [1] The continuous Bernoulli: fixing a pervasive error in variational
    autoencoders, Loaiza-Ganem G and Cunningham JP, NeurIPS 2019.
    https://arxiv.org/abs/1907.06845
    """

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    _mean_carrier_measure = 0
    has_rsample = True

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        name, param = self._probs_or_logits(probs, logits)
        (param,) = broadcast_all(param)
        if probs is not None:
            # validate 'probs' here if necessary as it is later clamped for numerical stability
            # close to 0 and 1, later on; otherwise the clamped 'probs' would always pass
            if validate_args is not None:
                if not self.arg_constraints["probs"].check(param).all():
                    raise ValueError("The parameter probs has invalid values")
            param = clamp_probs(param)
        self._set_param(name, param)
        self._lims = lims
        super().__init__(param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expand_probs_or_logits(ContinuousBernoulli, batch_shape, _instance)
        new._lims = self._lims
        return new

    def _outside_unstable_region(self):
        return pullback.max(
            pullback.le(self.probs, self._lims[0]), pullback.gt(self.probs, self._lims[1])
        )

    def _cut_probs(self):
        return pullback.where(
            self._outside_unstable_region(),
            self.probs,
            self._lims[0] * pullback.ones_like(self.probs),
        )

    def _cont_bern_log_norm(self):
        """computes the log normalizing constant as a function of the 'probs' parameter"""
        cut_probs = self._cut_probs()
        cut_probs_below_half = pullback.where(
            pullback.le(cut_probs, 0.5), cut_probs, pullback.zeros_like(cut_probs)
        )
        cut_probs_above_half = pullback.where(
            pullback.ge(cut_probs, 0.5), cut_probs, pullback.ones_like(cut_probs)
        )
        log_norm = pullback.log(
            pullback.abs(pullback.log1p(-cut_probs) - pullback.log(cut_probs))
        ) - pullback.where(
            pullback.le(cut_probs, 0.5),
            pullback.log1p(-2.0 * cut_probs_below_half),
            pullback.log(2.0 * cut_probs_above_half - 1.0),
        )
        x = pullback.pow(self.probs - 0.5, 2)
        taylor = math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x
        return pullback.where(self._outside_unstable_region(), log_norm, taylor)

    @property
    def mean(self):
        cut_probs = self._cut_probs()
        mus = cut_probs / (2.0 * cut_probs - 1.0) + 1.0 / (
            pullback.log1p(-cut_probs) - pullback.log(cut_probs)
        )
        x = self.probs - 0.5
        taylor = 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * pullback.pow(x, 2)) * x
        return pullback.where(self._outside_unstable_region(), mus, taylor)

    @property
    def stddev(self):
        return pullback.sqrt(self.variance)

    @property
    def variance(self):
        cut_probs = self._cut_probs()
        vars = cut_probs * (cut_probs - 1.0) / pullback.pow(
            1.0 - 2.0 * cut_probs, 2
        ) + 1.0 / pullback.pow(pullback.log1p(-cut_probs) - pullback.log(cut_probs), 2)
        x = pullback.pow(self.probs - 0.5, 2)
        taylor = 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x
        return pullback.where(self._outside_unstable_region(), vars, taylor)

    @lazy_property
    def probs(self):
        # (clamped, as given probs are)
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    def sample(self, sample_shape=pullback.Size()):
        shape = self._extended_shape(sample_shape)
        u = pullback.rand(shape, dtype=self.probs.dtype, device=self.probs.device)
        with pullback.no_grad():
            return self.icdf(u)

    def rsample(self, sample_shape=pullback.Size()):
        shape = self._extended_shape(sample_shape)
        u = pullback.rand(shape, dtype=self.probs.dtype, device=self.probs.device)
        return self.icdf(u)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return (
            -binary_cross_entropy_with_logits(logits, value, reduction="none")
            + self._cont_bern_log_norm()
        )

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        cut_probs = self._cut_probs()
        cdfs = (
            pullback.pow(cut_probs, value) * pullback.pow(1.0 - cut_probs, 1.0 - value)
            + cut_probs
            - 1.0
        ) / (2.0 * cut_probs - 1.0)
        unbounded_cdfs = pullback.where(self._outside_unstable_region(), cdfs, value)
        return pullback.where(
            pullback.le(value, 0.0),
            pullback.zeros_like(value),
            pullback.where(pullback.ge(value, 1.0), pullback.ones_like(value), unbounded_cdfs),
        )

    def icdf(self, value):
        cut_probs = self._cut_probs()
        return pullback.where(
            self._outside_unstable_region(),
            (
                pullback.log1p(-cut_probs + value * (2.0 * cut_probs - 1.0))
                - pullback.log1p(-cut_probs)
            )
            / (pullback.log(cut_probs) - pullback.log1p(-cut_probs)),
            value,
        )

    def entropy(self):
        log_probs0 = pullback.log1p(-self.probs)
        log_probs1 = pullback.log(self.probs)
        return (
            self.mean * (log_probs0 - log_probs1)
            - self._cont_bern_log_norm()
            - log_probs0
        )

    @property
    def _natural_params(self):
        return (self.logits,)

    def _log_normalizer(self, x):
        """computes the log normalizing constant as a function of the natural parameter"""
        out_unst_reg = pullback.max(
            pullback.le(x, self._lims[0] - 0.5), pullback.gt(x, self._lims[1] - 0.5)
        )
        cut_nat_params = pullback.where(
            out_unst_reg, x, (self._lims[0] - 0.5) * pullback.ones_like(x)
        )
        log_norm = pullback.log(
            pullback.abs(pullback.special.expm1(cut_nat_params))
        ) - pullback.log(pullback.abs(cut_nat_params))
        taylor = 0.5 * x + pullback.pow(x, 2) / 24.0 - pullback.pow(x, 4) / 2880.0
        return pullback.where(out_unst_reg, log_norm, taylor)
