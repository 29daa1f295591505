"""LinearCrossEntropyLoss and LinearCrossEntropyOptions (torch 2.13): a Linear head and cross_entropy
in one module, and the options that ask nn.functional.linear_cross_entropy to compute it in chunks.

The options follow torch/nn/modules/linear_cross_entropy_options.py (BSD-3-Clause; its copyright notice
and license are in distributions/LICENSE-PyTorch): the same fields, validation, and resolution of the
"auto" picks into a chunk size. acc_policy only chooses among torch's buffer layouts, which NumPy
has no use for: it is validated and resolved, and every chunk is computed in acc_dtype.
"""
import dataclasses
import math
from typing import NamedTuple

from ... import _dtype
from .. import functional as F
from .linear import Linear
from .loss import _WeightedLoss

__all__ = ["LinearCrossEntropyLoss", "LinearCrossEntropyOptions"]


class _AutoDefault(NamedTuple):
    acc_policy: str
    chunking_method: str


# torch's picks for the "auto" sentinels by (device type, input dtype); unlisted pairs take the fallback
_AUTO_DEFAULTS = {("cpu", _dtype.float16): _AutoDefault("accurate", "aspect_ratio")}
_AUTO_FALLBACK = _AutoDefault("compact", "aspect_ratio:2")
_SUPPORTED_ACC_DTYPES = (_dtype.float16, _dtype.float32, _dtype.float64)


@dataclasses.dataclass(slots=True, frozen=True)
class LinearCrossEntropyOptions:
    """Configuration of the chunked computation of nn.functional.linear_cross_entropy.

    The batch is processed `batch_chunk_size` rows at a time (or as many as `chunking_method` picks:
    "aspect_ratio[:N]" sizes a chunk's logits like the input, divided by N), so the (N, num_classes)
    logits never exist.
    `allow_retain_graph` lets the 'mean'/'sum' backward run more than once; `acc_dtype` is the dtype
    chunks are computed in (float32 for float16 input under "auto"). Configurations the chunked
    path does not support fall back to the reference with a warning."""

    allow_retain_graph: bool = False
    batch_chunk_size: int | None = None
    chunking_method: str | None = "auto"
    acc_policy: str = "auto"
    acc_dtype: _dtype.dtype | None = None

    def __post_init__(self):
        if self.acc_policy not in {"auto", "accurate", "balanced", "compact"}:
            raise ValueError(f"invalid acc_policy: {self.acc_policy!r}")
        if self.chunking_method is not None and self.chunking_method != "auto":
            name, sep, factor = self.chunking_method.partition(":")
            if not sep:
                factor = "1"
            if not (name == "aspect_ratio" and factor.isdigit() and int(factor) > 0):
                raise ValueError(f"invalid chunking_method: {self.chunking_method!r}")
        if not (self.batch_chunk_size is None
                or (isinstance(self.batch_chunk_size, int) and self.batch_chunk_size > 0)):
            raise ValueError(f"batch_chunk_size must be positive int or None, got {self.batch_chunk_size!r}")
        if self.acc_dtype is not None and self.acc_dtype not in _SUPPORTED_ACC_DTYPES:
            raise ValueError(f"acc_dtype must be one of {{None, torch.float16, torch.bfloat16, torch.float32, "
                             f"torch.float64}}, got {self.acc_dtype!r}. Pass acc_dtype=None to let the op pick "
                             "automatically.")

    def _compute_batch_chunk_size(self, num_batches, in_features, num_classes, method=None):
        """"aspect_ratio[:N]": the power of two at least num_batches / ceil(num_classes / in_features),
        divided by N, at most num_batches."""
        method = str(method if method is not None else self.chunking_method)
        factor = int(method.split(":", 1)[1]) if ":" in method else 1
        target = -(-num_batches // -(-num_classes // in_features))
        return min((1 << (target - 1).bit_length()) // factor, num_batches)

    def _adjust(self, num_batches, in_features, num_classes, dtype, device=None):
        """These options with "auto" and None resolved for one call: a concrete chunk size and acc_dtype."""
        acc_policy, chunking_method = self.acc_policy, self.chunking_method
        if chunking_method == "auto" and self.batch_chunk_size is not None:
            chunking_method = None  # an explicit size wins over the automatic pick
        if acc_policy == "auto" or chunking_method == "auto":
            picks = _AUTO_DEFAULTS.get((device.type, dtype), _AUTO_FALLBACK) if device is not None else _AUTO_FALLBACK
            acc_policy = picks.acc_policy if acc_policy == "auto" else acc_policy
            chunking_method = picks.chunking_method if chunking_method == "auto" else chunking_method
        size = num_batches if self.batch_chunk_size is None else min(self.batch_chunk_size, num_batches)
        if chunking_method is not None:
            size = self._compute_batch_chunk_size(num_batches, in_features, num_classes, chunking_method)
            if self.batch_chunk_size is not None and self.batch_chunk_size != size:
                raise ValueError(f"batch_chunk_size (={self.batch_chunk_size}) and chunking_method "
                                 f"('{chunking_method}') give different chunk sizes ({self.batch_chunk_size} vs "
                                 f"{size}); pass only one.")
        acc_dtype = self.acc_dtype
        if acc_dtype is None:  # "auto" computes float16 in float32 on the CPU, as torch
            auto = self.acc_policy == "auto" and device is not None and dtype == _dtype.float16
            acc_dtype = _dtype.float32 if auto else dtype
        return dataclasses.replace(self, acc_policy=acc_policy, chunking_method=chunking_method,
                                   batch_chunk_size=max(1, size), acc_dtype=acc_dtype)


class LinearCrossEntropyLoss(_WeightedLoss):
    """Cross entropy of the logits a Linear layer (no bias by default) makes of the input.

    nn.functional.linear_cross_entropy with the layer's weight viewed as (C, *out_features, in_features).
    As torch's, the weight is stored flat in `linear` (C * prod(out_features) rows), the class weight as
    the buffer `weight`; `options` asks for the chunked computation."""

    def __init__(self, in_features, num_classes, *, out_features=(), bias=False, device=None, dtype=None,
                 reduction="mean", weight=None, ignore_index=None, label_smoothing=0.0, options=None):
        if weight is not None and tuple(weight.shape) != (num_classes,):
            raise RuntimeError(f"expected weight shape to be {(num_classes,)}, got {tuple(weight.shape)}")
        if label_smoothing < 0 or label_smoothing > 1.0:
            raise RuntimeError(f"expected label_smoothing to be in range [0, 1], got {label_smoothing}")
        super().__init__(weight, reduction=reduction)
        self.num_classes = num_classes
        self.out_features = out_features
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing
        self.linear = Linear(in_features, math.prod(out_features, start=num_classes), bias=bias, device=device,
                             dtype=dtype)
        self.options = options

    def forward(self, input, target):
        shape = (self.num_classes, *self.out_features)
        bias = self.linear.bias
        return F.linear_cross_entropy(input, self.linear.weight.reshape((*shape, self.linear.in_features)), target,
                                      linear_bias=None if bias is None else bias.reshape(shape),
                                      weight=self.weight, reduction=self.reduction, ignore_index=self.ignore_index,
                                      label_smoothing=self.label_smoothing, options=self.options)

    def extra_repr(self):
        return (f"in_features={self.linear.in_features}, num_classes={self.num_classes}, "
                f"out_features={self.out_features}, bias={self.linear.bias is not None}, "
                f"reduction={self.reduction}, ignore_index={self.ignore_index}, "
                f"label_smoothing={self.label_smoothing}, options={self.options}")
