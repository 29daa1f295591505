# A Gentle Introduction to torch.autograd: exclusion from the DAG, frozen parameters and fine-tuning a new
# classifier (a small CNN stands in for a pretrained resnet18)
import torch
from torch import nn, optim

x = torch.rand(5, 5)
y = torch.rand(5, 5)
z = torch.rand((5, 5), requires_grad=True)

a = x + y
print(f"Does `a` require gradients?: {a.requires_grad}")
b = x + z
print(f"Does `b` require gradients?: {b.requires_grad}")


class SmallNet(nn.Module):
    def __init__(self, num_classes=1000):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, stride=2)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(4, num_classes)

    def forward(self, x):
        x = self.avgpool(self.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(x, 1))


model = SmallNet()

# Freeze all the parameters in the network
for param in model.parameters():
    param.requires_grad = False
model.requires_grad_(False)

model.fc = nn.Linear(4, 10)
print(model)
print([(name, p.requires_grad) for name, p in model.named_parameters()])

# Optimize only the classifier
optimizer = optim.SGD(model.fc.parameters(), lr=1e-2, momentum=0.9)
print(optimizer)

out = model(torch.rand(2, 3, 16, 16))
print(out.requires_grad, out.grad_fn)
out.sum().backward()
print(model.conv1.weight.grad, model.fc.bias.grad)
optimizer.step()
print(model.fc.bias)
