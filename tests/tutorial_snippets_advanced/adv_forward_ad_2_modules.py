# "Forward-mode Automatic Differentiation" tutorial: using forward AD with nn.Module, by swapping
# parameters for dual tensors and with torch.func.functional_call
import torch
import torch.nn as nn
import torch.autograd.forward_ad as fwAD
from torch.func import functional_call

model = nn.Linear(5, 5)
with torch.no_grad():  # the tutorial's random init: fixed values so both libraries print the same
    model.weight.copy_(torch.linspace(-1, 1, 25).reshape(5, 5))
    model.bias.copy_(torch.linspace(-0.5, 0.5, 5))
input = torch.randn(16, 5)

params = {name: p for name, p in model.named_parameters()}
tangents = {name: torch.randn(p.shape) for name, p in params.items()}

with fwAD.dual_level():
    for name, p in params.items():
        delattr(model, name)
        setattr(model, name, fwAD.make_dual(p, tangents[name]))

    out = model(input)
    jvp = fwAD.unpack_dual(out).tangent
# tangents of parameters that require grad: pullback's tangent requires grad only where it depends on
# them (docs/differences.md), so the tangents are printed detached
print(jvp[:3].detach())
print(dict(model.named_parameters()).keys())

# We need a fresh module because the functional call requires the
# the model to have parameters registered.
model = nn.Linear(5, 5)
with torch.no_grad():
    model.weight.copy_(params["weight"])
    model.bias.copy_(params["bias"])

dual_params = {}
with fwAD.dual_level():
    for name, p in params.items():
        # Using the same ``tangents`` from the above section
        dual_params[name] = fwAD.make_dual(p, tangents[name])
    out = functional_call(model, dual_params, input)
    jvp2 = fwAD.unpack_dual(out).tangent

# Check our results
assert torch.allclose(jvp, jvp2)
print(torch.allclose(jvp, jvp2))
print(jvp2[0].detach())
