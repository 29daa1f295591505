"""Adagrad (torch/optim/adagrad.py, single-tensor path, dense gradients)."""
from .. import _creation
from .optimizer import Optimizer, check_fused, params_with_grad, step_tensor, update_step, validate


class Adagrad(Optimizer):
    """Scales each coordinate's step by the root of its accumulated squared gradients."""

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        validate(lr=lr, eps=eps, weight_decay=weight_decay)
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                                      maximize=maximize, differentiable=differentiable, fused=fused))
        check_fused(self)
        for group in self.param_groups:  # torch creates Adagrad's state eagerly
            for p in group["params"]:
                self._init_state(p)

    def _init_state(self, p):
        # the constructor's initial_accumulator_value, as torch's, also for a group that names its own
        self.state[p]["step"] = step_tensor()
        self.state[p]["sum"] = _creation.full_like(p, self.defaults["initial_accumulator_value"])

    @update_step
    def step(self):
        for group in self.param_groups:
            for p, grad in params_with_grad(group):
                state = self.state[p]
                if not state:  # a parameter of a group added since
                    self._init_state(p)
                state["step"] += 1
                step = state["step"].item()
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
                state["sum"].addcmul_(grad, grad, value=1)
                std = state["sum"].sqrt().add_(group["eps"])
                p.addcdiv_(grad, std, value=-clr)
