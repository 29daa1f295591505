# seed 3's prose: "out.backward() is equivalent to out.backward(torch.Tensor([1.0]))" -- true in 2018,
# today torch wants the gradient in out's shape (0-dim) and refuses the 1-element vector
import torch
from torch.autograd import Variable
x = Variable(torch.ones(2, 2), requires_grad=True)
out = (3 * (x + 2) ** 2).mean()
out.backward(torch.tensor(1.0), retain_graph=True)
print(x.grad)
out.backward(torch.Tensor([1.0]))
