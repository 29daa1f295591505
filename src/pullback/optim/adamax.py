"""Adamax: Adam with an infinity-norm second moment (torch/optim/adamax.py, single-tensor path)."""
from .. import _creation
from ..ops.pointwise import maximum
from .optimizer import Optimizer, params_with_grad, step_tensor, update_step, validate


class Adamax(Optimizer):
    """Adam variant dividing by a running max of |grad| instead of a root-mean-square."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        validate(lr=lr, eps=eps, betas=betas, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, capturable=capturable))

    @update_step
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p, grad in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_tensor()
                    state["exp_avg"] = _creation.zeros_like(p)
                    state["exp_inf"] = _creation.zeros_like(p)
                state["step"] += 1
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
                exp_avg.lerp_(grad, 1 - beta1)
                exp_inf.copy_(maximum(exp_inf.mul_(beta2), grad.abs().add_(group["eps"])))
                clr = group["lr"] / (1 - beta1 ** state["step"].item())
                p.addcdiv_(exp_avg, exp_inf, value=-clr)
