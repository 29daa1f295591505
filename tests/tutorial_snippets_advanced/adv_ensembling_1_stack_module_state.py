# "Model ensembling" tutorial: stack_module_state, a stateless base model on the meta device,
# vmap(fmodel) over models and minibatches, and in_dims=(0, 0, None) for one shared minibatch
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, stack_module_state

torch.manual_seed(0)


class SimpleMLP(nn.Module):
    def __init__(self):
        super(SimpleMLP, self).__init__()
        self.fc1 = nn.Linear(16, 12)
        self.fc2 = nn.Linear(12, 12)
        self.fc3 = nn.Linear(12, 10)

    def forward(self, x):
        x = x.flatten(1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.fc2(x)
        x = F.relu(x)
        x = self.fc3(x)
        return x


device = 'cpu'
num_models = 4

data = torch.randn(10, 6, 1, 4, 4, device=device)
targets = torch.arange(60, device=device) % 10

models = [SimpleMLP().to(device) for _ in range(num_models)]
with torch.no_grad():
    for m in models:
        for p in m.parameters():
            p.copy_(torch.randn(p.shape) * 0.3)

minibatches = data[:num_models]
predictions_diff_minibatch_loop = [model(minibatch) for model, minibatch in zip(models, minibatches)]

minibatch = data[0]
predictions2 = [model(minibatch) for model in models]

params, buffers = stack_module_state(models)

# Construct a "stateless" version of one of the models. It is "stateless" in
# the sense that the parameters are meta Tensors and do not have storage.
base_model = copy.deepcopy(models[0])
# base_model = base_model.to('meta')  # pullback has no meta device (docs/differences.md): the copy
# keeps real parameters, which functional_call replaces all the same
print(base_model.fc1.weight.shape)


def fmodel(params, buffers, x):
    return functional_call(base_model, (params, buffers), (x,))


print([p.size(0) for p in params.values()])  # show the leading 'num_models' dimension
print(params["fc1.weight"].requires_grad, params["fc1.weight"].is_leaf, buffers)

assert minibatches.shape == (num_models, 6, 1, 4, 4)  # verify minibatch has leading dimension of size 'num_models'

from torch import vmap

predictions1_vmap = vmap(fmodel)(params, buffers, minibatches)

# verify the ``vmap`` predictions match the
assert torch.allclose(predictions1_vmap, torch.stack(predictions_diff_minibatch_loop), atol=1e-3, rtol=1e-5)
print(predictions1_vmap.shape)
print(predictions1_vmap[1, 0])

predictions2_vmap = vmap(fmodel, in_dims=(0, 0, None))(params, buffers, minibatch)

assert torch.allclose(predictions2_vmap, torch.stack(predictions2), atol=1e-3, rtol=1e-5)
print(predictions2_vmap[2, 3])
