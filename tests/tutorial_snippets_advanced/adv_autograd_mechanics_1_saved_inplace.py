# "Autograd mechanics" notes: saved tensors, frozen parameters (requires_grad=False on a pretrained
# part), no_grad / inference_mode / eval, and the in-place correctness check
import torch
import torch.nn as nn
import torch.optim as optim

model = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Linear(4, 4))
for param in model.parameters():
    param.requires_grad = False
# Replace the last fully-connected layer
# Parameters of newly constructed modules have requires_grad=True by default
model[2] = nn.Linear(4, 2)
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.linspace(-1, 1, p.numel()).reshape(p.shape))
# Optimize only the classifier
optimizer = optim.SGD(model[2].parameters(), lr=1e-2, momentum=0.9)
print([p.requires_grad for p in model.parameters()])
out = model(torch.ones(1, 4))
out.sum().backward()
print(model[0].weight.grad, model[2].weight.grad)
optimizer.step()
print(model[2].bias)

x = torch.ones(2, requires_grad=True)
with torch.no_grad():
    y = x * 2
print(y.requires_grad)
with torch.inference_mode():
    z = x * 2
print(z.requires_grad, z.is_inference())
try:
    (z * x).sum().backward()
except RuntimeError as e:
    print(e)
model.eval()
print(model.training, model[0].training)

a = torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0], requires_grad=True)
b = a.exp()
b.add_(1)
b.sum().backward()
