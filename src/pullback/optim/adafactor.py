"""Adafactor: second moments kept as row and column factors (torch/optim/_adafactor.py, single-tensor path)."""
from .. import _creation, _dtype
from ..linalg import vector_norm
from .optimizer import Optimizer, params_with_grad, step_tensor, update_step


class Adafactor(Optimizer):
    """Adam-like steps whose second moment of a matrix gradient is the outer product of a row and
    a column average (memory of one row and one column), scaled by the parameter's RMS and clipped
    by the update's RMS over d."""

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        checks = [(0.0 <= lr, f"Learning rate should be >= 0 but is: {lr}"),
                  (0.0 >= beta2_decay, f"beta2_decay should be <= 0 but is: {beta2_decay}"),
                  (eps[0] is None or 0.0 <= eps[0], f"epsilon1 should be >= 0 but is: {eps[0]}"),
                  (0.0 <= eps[1], f"epsilon2 should be >= 0 but is: {eps[1]}"),
                  (1.0 <= d, f"Clipping threshold d should be >= 1 but is: {d}"),
                  (0.0 <= weight_decay, f"weight_decay should be >= 0 but is: {weight_decay}")]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
                                      foreach=foreach, maximize=maximize))

    @update_step
    def step(self):
        for group in self.param_groups:
            lr, weight_decay = group["lr"], group["weight_decay"]
            eps1, eps2 = group["eps"]
            for p, grad in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_tensor()
                    if grad.dim() > 1:
                        state["row_var"] = grad.new_zeros(tuple(grad.shape[:-1]) + (1,))
                        state["col_var"] = grad.new_zeros(tuple(grad.shape[:-2]) + (1, grad.shape[-1]))
                    else:
                        state["variance"] = _creation.zeros_like(grad)
                if eps1 is None:
                    eps1 = _dtype.finfo(p.dtype).eps
                state["step"] += 1
                step = state["step"].item()
                one_minus_beta2 = step ** group["beta2_decay"]
                rho = min(lr, 1 / step ** 0.5)
                alpha = max(eps2, p.norm(2).item() / p.numel() ** 0.5) * rho
                if weight_decay != 0:
                    p.mul_(1 - lr * weight_decay)
                if grad.dim() > 1:
                    row_var, col_var = state["row_var"], state["col_var"]
                    row_var.lerp_(vector_norm(grad, dim=-1, keepdim=True).square_().div_(grad.shape[-1]),
                                  one_minus_beta2)
                    col_var.lerp_(vector_norm(grad, dim=-2, keepdim=True).square_().div_(grad.shape[-2]),
                                  one_minus_beta2)
                    var_estimate = row_var @ col_var
                    var_estimate.div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
                else:
                    variance = state["variance"]
                    variance.lerp_(grad * grad, one_minus_beta2)
                    var_estimate = variance.clone()
                update = var_estimate.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
                denom = max(1.0, update.norm(2).item() / (update.numel() ** 0.5 * group["d"]))
                p.add_(update, alpha=-alpha / denom)
