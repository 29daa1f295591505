# seed 3: the 60-minute blitz's autograd part, written with the legacy Variable (the post shows
# 2018 output; today's torch prints tensors, and pullback must print what today's torch prints)
import torch
from torch.autograd import Variable
x = Variable(torch.ones(2, 2), requires_grad=True)
print(x)
y = x + 2
print(y)
print(y.grad_fn)
z = y * y * 3
out = z.mean()

print(z, out)
out.backward()
print(x.grad)
