# "Jacobians, Hessians, hvp, vhp, and more" tutorial: hvp as jvp(grad(f)), hvp_revrev via vjp,
# against torch.autograd.functional.hvp / vhp
import torch
from torch.func import grad, jvp, vjp


def hvp(f, primals, tangents):
    return jvp(grad(f), primals, tangents)[1]


def f(x):
    return x.sin().sum()


x = torch.randn(64)
tangent = torch.randn(64)

result = hvp(f, (x,), (tangent,))
print(result[:5])


def hvp_revrev(f, primals, tangents):
    _, vjp_fn = vjp(grad(f), *primals)
    return vjp_fn(*tangents)


result_hvp_revrev = hvp_revrev(f, (x,), (tangent,))
assert torch.allclose(result, result_hvp_revrev[0])
print(torch.allclose(result, result_hvp_revrev[0]), type(result_hvp_revrev).__name__)

out, ref = torch.autograd.functional.hvp(f, x, tangent)
print(out, torch.allclose(ref, result))
out, ref = torch.autograd.functional.vhp(f, x, tangent)
print(torch.allclose(ref, result))
print(torch.allclose(result, -x.sin() * tangent))
