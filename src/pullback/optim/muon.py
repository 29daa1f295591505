"""Muon: momentum orthogonalized by a Newton-Schulz iteration, for 2-d parameters (torch/optim/_muon.py)."""
import math

import numpy as np

from .. import _creation
from .._tensor import Tensor
from .optimizer import Optimizer, update_step

_ADJUSTMENTS = (None, "original", "match_rms_adamw")


def _bfloat16(a):
    """a rounded to bfloat16 (8 significant bits, to nearest even) and held in float32: torch runs
    the orthogonalization in bfloat16, which pullback has no dtype for."""
    bits = np.array(a, np.float32, order="C").view(np.uint32)
    return ((bits + np.uint32(0x7FFF) + ((bits >> 16) & np.uint32(1))) & np.uint32(0xFFFF0000)).view(np.float32)


def zeropower_via_newtonschulz(grad, ns_coefficients, ns_steps, eps):
    """An approximate orthogonalization U V^T of the matrix grad = U S V^T (singular values sent
    to about 1) by ns_steps quintic Newton-Schulz iterations in bfloat16, as torch's."""
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if grad.ndim != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(ns_coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = ns_coefficients
    tall = grad.shape[0] > grad.shape[1]
    x = _bfloat16(grad.T if tall else grad)
    x = _bfloat16(x / max(float(_bfloat16(np.linalg.norm(x))), eps))  # spectral norm at most 1
    for _ in range(ns_steps):
        gram = _bfloat16(x @ x.T)
        x = _bfloat16(a * x + _bfloat16(b * gram + c * (gram @ gram)) @ x)
    return x.T if tall else x


def _adjusted_lr(lr, adjust_lr_fn, shape):
    """The step size for a (rows, cols) parameter: scaled so that rectangular updates keep their RMS."""
    rows, cols = shape[:2]
    if adjust_lr_fn in (None, "original"):
        return lr * math.sqrt(max(1, rows / cols))
    return lr * 0.2 * math.sqrt(max(rows, cols))


class Muon(Optimizer):
    """SGD with Nesterov momentum whose update is orthogonalized (its singular values sent to
    about 1) before the step, with decoupled weight decay; for 2-d parameters only."""

    def __init__(self, params, lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=(3.4445, -4.775, 2.0315), eps=1e-7, ns_steps=5, adjust_lr_fn=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        for ok, message in ((0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}"),
                            (0.0 <= momentum, f"momentum should be >= 0 but is: {momentum}"),
                            (0.0 <= weight_decay, f"weight decay should be >= 0 but is: {weight_decay}"),
                            (adjust_lr_fn in _ADJUSTMENTS,
                             f"Adjust learning rate function {adjust_lr_fn} is not supported")):
            if not ok:
                raise ValueError(message)
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum, nesterov=nesterov,
                                      ns_coefficients=ns_coefficients, eps=eps, ns_steps=ns_steps,
                                      adjust_lr_fn=adjust_lr_fn))
        for group in self.param_groups:
            for p in group["params"]:
                if p.dim() != 2:
                    raise ValueError(f"Muon only supports 2D parameters whereas we found a parameter with size: "
                                     f"{p.size()}")

    @update_step
    def step(self):
        for group in self.param_groups:
            lr, momentum = float(group["lr"]), group["momentum"]
            params = [p for p in group["params"] if p.grad is not None]
            for p in params:  # every buffer first, as torch's _init_group: a non-matrix is refused after
                if "momentum_buffer" not in self.state[p]:
                    self.state[p]["momentum_buffer"] = _creation.zeros_like(p.grad)
            for p in params:
                grad = p.grad
                if grad.dim() != 2:
                    raise ValueError("Param gradient must be a 2D matrix")
                buf = self.state[p]["momentum_buffer"]
                buf.lerp_(grad, 1 - momentum)
                update = grad.lerp(buf, momentum) if group["nesterov"] else buf
                ortho = zeropower_via_newtonschulz(update._data, group["ns_coefficients"], group["ns_steps"],
                                                   group["eps"])
                p.mul_(1 - lr * group["weight_decay"])
                p.add_(Tensor._wrap(ortho.astype(p._data.dtype)), alpha=-_adjusted_lr(lr, group["adjust_lr_fn"],
                                                                                      p.shape))
