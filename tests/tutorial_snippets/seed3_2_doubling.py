# seed 3: doubling until the norm passes 1000, then a vector-Jacobian product (torch.randn: the
# test replaces it by the same draws in both libraries)
import torch
from torch.autograd import Variable
x = torch.randn(3)
x = Variable(x, requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)
gradients = torch.FloatTensor([0.1, 1.0, 0.0001])
y.backward(gradients)

print(x.grad)
