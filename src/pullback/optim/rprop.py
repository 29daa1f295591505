"""Rprop: per-coordinate step sizes adapted by the sign of successive gradients (torch/optim/rprop.py)."""
from .. import _creation
from .optimizer import Optimizer, params_with_grad, step_tensor, update_step, validate


class Rprop(Optimizer):
    """Each coordinate moves by its own step size against the gradient's sign; the size grows by etas[1]
    while the sign holds and shrinks by etas[0] when it flips (and that step is skipped)."""

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False, foreach=None,
                 maximize=False, differentiable=False):
        validate(lr=lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        super().__init__(params, dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                                      differentiable=differentiable, capturable=capturable))

    @update_step
    def step(self):
        for group in self.param_groups:
            etaminus, etaplus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            for p, grad in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_tensor()
                    state["prev"] = _creation.zeros_like(p)
                    state["step_size"] = _creation.full_like(grad, group["lr"])
                state["step"] += 1
                agreement = grad.mul(state["prev"]).sign()
                factor = agreement.masked_fill(agreement > 0, etaplus).masked_fill(
                    agreement < 0, etaminus).masked_fill(agreement == 0, 1)
                step_size = state["step_size"]
                step_size.mul_(factor).clamp_(step_size_min, step_size_max)
                grad = grad.masked_fill(agreement < 0, 0)  # a flipped sign: no step this time
                p.addcmul_(grad.sign(), step_size, value=-1)
                state["prev"].copy_(grad)
