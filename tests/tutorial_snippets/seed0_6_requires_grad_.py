# seed 0's source (Dive-into-DL-PyTorch 2.3.2): requires_grad defaults to False and requires_grad_ flips it
import torch

a = torch.randn(2, 2) # 缺失情况下默认 requires_grad = False
a = ((a * 3) / (a - 1))
print(a.requires_grad) # False
a.requires_grad_(True)
print(a.requires_grad) # True
b = (a * a).sum()
print(b.grad_fn)
