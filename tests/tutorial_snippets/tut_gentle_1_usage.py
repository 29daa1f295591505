# A Gentle Introduction to torch.autograd: usage in PyTorch (a small CNN stands in for a pretrained resnet18)
import torch
from torch import nn


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
data = torch.rand(1, 3, 64, 64)
labels = torch.rand(1, 1000)

prediction = model(data)  # forward pass
print(prediction.shape, prediction.grad_fn)

loss = (prediction - labels).sum()
loss.backward()  # backward pass
print(loss)
print(model.bn1.bias.grad)  # (conv1.bias.grad, ahead of batch norm, is rounding noise around 0)

optim = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
optim.step()  # gradient descent
print(model.conv1.bias)
