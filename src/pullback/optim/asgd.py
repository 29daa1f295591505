"""ASGD: SGD with a decaying step and a running average of the iterates (torch/optim/asgd.py)."""
from .. import _creation
from .optimizer import Optimizer, params_with_grad, step_tensor, update_step, validate


class ASGD(Optimizer):
    """Averaged SGD: p decays by lambd * eta and steps by eta; `ax` averages the iterates from step t0 on."""

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        validate(lr=lr, weight_decay=weight_decay)
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize, differentiable=differentiable,
                                      capturable=capturable))

    @update_step
    def step(self):
        for group in self.param_groups:
            lr, lambd, alpha, t0 = group["lr"], group["lambd"], group["alpha"], group["t0"]
            for p, grad in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_tensor()
                    state["eta"] = _creation.tensor(lr)  # float32 scalars, as torch keeps them
                    state["mu"] = _creation.tensor(1.0)
                    state["ax"] = _creation.zeros_like(p)
                state["step"] += 1
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                eta = state["eta"].item()
                p.mul_(1 - lambd * eta)
                p.add_(grad, alpha=-eta)
                if state["mu"].item() != 1:
                    state["ax"].add_(p.sub(state["ax"]).mul_(state["mu"]))
                else:
                    state["ax"].copy_(p)
                step = state["step"].item()
                state["eta"].copy_(_creation.tensor(lr / ((1 + lambd * lr * step) ** alpha)))
                state["mu"].copy_(_creation.tensor(1 / max(1, step - t0)))
