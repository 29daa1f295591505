import torch

x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.grad_fn) # None

y = x + 2
print(y)
print(y.grad_fn) # <AddBackward0 object at 0x7f22f7b5a650>

print(x.is_leaf, y.is_leaf) # True False

z = y * y * 3
out = z.mean() # Tensor元素平均值
print(z)
print(out) # tensor(27., grad_fn=<MeanBackward0>)
