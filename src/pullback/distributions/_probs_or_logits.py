"""The probs-or-logits parametrization, which torch writes out again in each distribution given that way."""
from .utils import lazy_property, logits_to_probs, probs_to_logits


class _ProbsOrLogits:
    """Mixin of a distribution given either `probs` or `logits`, never both: the one given is
    stored under its name, the other is derived on first use (a lazy_property, which Distribution's
    validation skips until then). The conversions here are a binary event's (logits are log-odds);
    Categorical has its own."""

    @staticmethod
    def _probs_or_logits(probs, logits):
        """The name and value of the one given; torch's ValueError unless exactly one is."""
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        return ("probs", probs) if probs is not None else ("logits", logits)

    def _set_param(self, name, value):
        setattr(self, name, value)

    def _expand_probs_or_logits(self, cls, batch_shape, _instance, *names):
        """expand's body: probs, logits (those set) and `names` expanded by Distribution._expand_params."""
        return self._expand_params(cls, batch_shape, _instance, "probs", "logits", *names)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)


class _ProbsOrLogitsParam(_ProbsOrLogits):
    """_ProbsOrLogits keeping the one given as `_param` too, for `param_shape` and `_new`: torch's
    distributions given by probs or logits have these, all but Geometric."""

    def _set_param(self, name, value):
        super()._set_param(name, value)
        self._param = value

    def _expand_probs_or_logits(self, cls, batch_shape, _instance, *names):
        new = super()._expand_probs_or_logits(cls, batch_shape, _instance, *names)
        new._param = new.logits if "logits" in new.__dict__ else new.probs
        return new

    def _new(self, *args, **kwargs):
        return self._param.new(*args, **kwargs)

    @property
    def param_shape(self):
        return self._param.size()
