# "Hooks for autograd saved tensors" tutorial: saved_tensors_hooks around a forward, packing to
# another representation (device, tensor), to disk, and save_on_cpu
import os
import tempfile
import uuid

import torch
import torch.nn as nn


def pack_hook(x):
    print("Packing", x)
    return x


def unpack_hook(x):
    print("Unpacking", x)
    return x


a = torch.ones(5, requires_grad=True)
b = torch.ones(5, requires_grad=True) * 2
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = a * b

y.sum().backward()
print(a.grad, b.grad)


def pack(x):
    return (x.device, x.cpu())


def unpack(packed):
    device, tensor = packed
    return tensor.to(device)


x = torch.randn(5, requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
    y = x * x
y.sum().backward()

assert (x.grad.equal(2 * x))
print(x.grad.equal(2 * x))

tmp_dir_obj = tempfile.TemporaryDirectory()
tmp_dir = tmp_dir_obj.name


def pack_hook(tensor):
    name = os.path.join(tmp_dir, str(uuid.uuid4()))
    torch.save(tensor, name)
    return name


def unpack_hook(name):
    return torch.load(name, weights_only=True)


x = torch.tensor([0.5, 1.5], requires_grad=True)
with torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook):
    y = x.exp() * x.sin()
print(type(y.grad_fn._raw_saved_other).__name__, len(os.listdir(tmp_dir)))
y.sum().backward()
print(x.grad)


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)

    def forward(self, x):
        with torch.autograd.graph.save_on_cpu(pin_memory=False):
            return self.fc(x).relu()


model = Model()
with torch.no_grad():
    model.fc.weight.copy_(torch.tensor([[1.0, -1.0, 0.5], [0.2, 0.3, -0.4]]))
    model.fc.bias.zero_()
out = model(torch.tensor([[1.0, 2.0, 3.0]]))
out.sum().backward()
print(out, model.fc.weight.grad)

with torch.autograd.graph.saved_tensors_hooks(lambda t: None, lambda p: p):
    y = x.exp()
print(y.grad_fn._saved_result)
y.sum().backward()
