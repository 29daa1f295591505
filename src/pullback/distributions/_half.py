"""The half distributions, |X| for X symmetric about 0: what torch's half_cauchy.py and half_normal.py share."""
import math

import pullback
from pullback import inf
from . import constraints
from .transformed_distribution import TransformedDistribution


class _HalfDistribution(TransformedDistribution):
    """Base of HalfCauchy and HalfNormal: the AbsTransform of a base distribution symmetric about 0
    with a `scale` (Cauchy(0, scale), Normal(0, scale)), so that on [0, inf) the density is twice
    the base's and the cdf is 2 F - 1. Each subclass builds its base and has its own moments."""

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    @property
    def scale(self):
        return self.base_dist.scale

    @property
    def mode(self):
        return pullback.zeros_like(self.scale)

    def _as_value(self, value):
        """log_prob's value as the base reads it (HalfCauchy converts it)."""
        return value

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = self._as_value(value)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        log_prob = pullback.where(value >= 0, log_prob, -inf)
        return log_prob

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)
