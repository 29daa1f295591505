# "Jacobians, Hessians, hvp, vhp, and more" tutorial: jacfwd vs jacrev on tall and wide Jacobians,
# hessian as jacfwd(jacrev), and its comparisons (small sizes, no timings)
import torch
import torch.nn.functional as F
from torch.func import hessian, jacfwd, jacrev


def predict(weight, bias, x):
    return F.linear(x, weight, bias).tanh()


Din = 8
Dout = 64
weight = torch.randn(Dout, Din)

bias = torch.randn(Dout)
x = torch.randn(Din)

# remember the general rule about taller vs wider... here we have a taller matrix:
print(weight.shape)

using_fwd = jacfwd(predict, argnums=2)(weight, bias, x)
using_bck = jacrev(predict, argnums=2)(weight, bias, x)

print(f'jacfwd-jacrev: {torch.allclose(using_fwd, using_bck)}')

Din = 64
Dout = 8
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)
print(weight.shape)
using_fwd = jacfwd(predict, argnums=2)(weight, bias, x)
using_bck = jacrev(predict, argnums=2)(weight, bias, x)
print(f'jacfwd-jacrev: {torch.allclose(using_fwd, using_bck)}')

# lets reduce the size in order not overwhelm Colab. Hessians require
# significant memory:
Din = 16
Dout = 4
weight = torch.randn(Dout, Din)
bias = torch.randn(Dout)
x = torch.randn(Din)

hess_api = hessian(predict, argnums=2)(weight, bias, x)
hess_fwdfwd = jacfwd(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revrev = jacrev(jacrev(predict, argnums=2), argnums=2)(weight, bias, x)
hess_revfwd = jacrev(jacfwd(predict, argnums=2), argnums=2)(weight, bias, x)

print(hess_api.shape)
print(torch.allclose(hess_api, hess_fwdfwd), torch.allclose(hess_api, hess_revrev, atol=1e-6),
      torch.allclose(hess_api, hess_revfwd, atol=1e-6))
print(hess_api[0, :2, :4])

# torch.autograd.functional's hessian takes a scalar function
ref = torch.autograd.functional.hessian(lambda x: predict(weight, bias, x).sum(), x)
print(torch.allclose(ref, hess_api.sum(0), atol=1e-6), ref.shape)
