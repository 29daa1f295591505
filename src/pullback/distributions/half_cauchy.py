"""HalfCauchy(scale): |Cauchy(0, scale)| (torch/distributions/half_cauchy.py)."""
import math

import pullback
from ._half import _HalfDistribution
from .cauchy import Cauchy
from .transforms import AbsTransform


__all__ = ["HalfCauchy"]


class HalfCauchy(_HalfDistribution):
    r"""
    Creates a half-Cauchy distribution parameterized by `scale` where::

        X ~ Cauchy(0, scale)
        Y = |X| ~ HalfCauchy(scale)

    Example::

        >>> m = HalfCauchy(pullback.tensor([1.0]))
        >>> m.sample()  # half-cauchy distributed with scale=1
        tensor([ 2.3214])

    Args:
        scale (float or Tensor): scale of the full Cauchy distribution
    """

    def __init__(self, scale, validate_args=None):
        base_dist = Cauchy(0, scale, validate_args=False)
        super().__init__(base_dist, AbsTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(HalfCauchy, _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def mean(self):
        return pullback.full(
            self._extended_shape(),
            math.inf,
            dtype=self.scale.dtype,
            device=self.scale.device,
        )

    @property
    def variance(self):
        return self.base_dist.variance

    def _as_value(self, value):
        # torch's HalfCauchy (not its HalfNormal) reads the value as a tensor of the scale's dtype
        return pullback.as_tensor(value, dtype=self.scale.dtype, device=self.scale.device)
