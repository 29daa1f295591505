# Learn the Basics, Save and Load the Model (a small model in a temp dir stands in for vgg16 and its weights)
import os
import tempfile

import torch
from torch import nn


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(nn.Linear(4*4, 8), nn.ReLU(), nn.Linear(8, 3))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


with tempfile.TemporaryDirectory() as tmp:
    model = NeuralNetwork()
    torch.save(model.state_dict(), os.path.join(tmp, 'model_weights.pth'))

    model = NeuralNetwork()
    print(model.load_state_dict(torch.load(os.path.join(tmp, 'model_weights.pth'), weights_only=True)))
    print(model.eval())
    print(model.training, model.linear_relu_stack[0].training)

    torch.save(model, os.path.join(tmp, 'model.pth'))
    model = torch.load(os.path.join(tmp, 'model.pth'), weights_only=False)
    print(model)
    print(model(torch.ones(1, 4, 4)))
    print(sorted(torch.load(os.path.join(tmp, 'model_weights.pth')).keys()))

    # The tutorial's earlier edition loaded the whole model with torch.load's default, weights_only=True now
    try:
        torch.load(os.path.join(tmp, 'model.pth'))
    except Exception as e:
        print(type(e).__name__, str(e).splitlines()[0])
