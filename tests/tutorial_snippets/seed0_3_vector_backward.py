# seed 0 (Dive-into-DL-PyTorch 2.3, screenshots): only scalars differentiate implicitly; a
# non-scalar z takes a weight tensor of its shape; the post then changes y to x ** 2 ("y是x^2, 求导后是2x")
import torch

x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
y = 2 * x
z = y.view(2, 2)
print(z)

v = torch.tensor([[1.0, 0.1], [0.01, 0.001]], dtype=torch.float)
z.backward(v)
print(x.grad)

x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
y = x ** 2
z = y.view(2, 2)
print(z)
z.backward(v)
print(x.grad)

try:
    z.backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    torch.tensor([1.0, 2.0], requires_grad=True).mul(2).backward(torch.ones(3))
except RuntimeError as e:
    print("RuntimeError:", e)
