# "Jacobians, Hessians, hvp, vhp, and more: composing function transforms" tutorial: a Jacobian
# row by row with autograd.grad, then vmap(vjp), then jacrev with argnums (timings left out)
from functools import partial

import torch
import torch.nn.functional as F
from torch.func import jacrev, vjp, vmap

_ = torch.manual_seed(0)


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


D = 16
weight = torch.randn(D, D)
bias = torch.randn(D)
x = torch.randn(D)  # feature vector


def compute_jac(xp):
    jacobian_rows = [torch.autograd.grad(predict(weight, bias, xp), xp, vec)[0]
                     for vec in unit_vectors]
    return torch.stack(jacobian_rows)


xp = x.clone().requires_grad_()
unit_vectors = torch.eye(D)

jacobian = compute_jac(xp)

print(jacobian.shape)
print(jacobian[0])  # show first row

_, vjp_fn = vjp(partial(predict, weight, bias), x)

ft_jacobian, = vmap(vjp_fn)(unit_vectors)

# let's confirm both methods compute the same result
assert torch.allclose(ft_jacobian, jacobian)
print(torch.allclose(ft_jacobian, jacobian))

ft_jacobian = jacrev(predict, argnums=2)(weight, bias, x)

# Confirm by running the same vmap jacobian
assert torch.allclose(ft_jacobian, jacobian)

# note the change in input via ``argnums`` parameters of 0,1 to map to weight and bias
ft_jac_weight, ft_jac_bias = jacrev(predict, argnums=(0, 1))(weight, bias, x)
print(ft_jac_weight.shape, ft_jac_bias.shape)

# the same with torch.autograd.functional
ref_weight, ref_bias, ref_x = torch.autograd.functional.jacobian(predict, (weight, bias, x))
print(torch.allclose(ft_jac_weight, ref_weight), torch.allclose(ft_jac_bias, ref_bias), torch.allclose(ref_x, jacobian))
print(ft_jac_bias[:2, :4])
print(ft_jacobian.requires_grad, ft_jacobian.grad_fn)
