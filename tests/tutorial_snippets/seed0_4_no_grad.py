# seed 0 (Dive-into-DL-PyTorch 2.3, screenshots): y2 computed under no_grad carries no graph,
# so d(y3)/dx = 2; backward from y2 itself is an error
import torch

x = torch.tensor(1.0, requires_grad=True)
y1 = x ** 2
with torch.no_grad():
    y2 = x ** 3
y3 = y1 + y2

print(x.requires_grad)
print(y1, y1.requires_grad) # True
print(y2, y2.requires_grad) # False
print(y3, y3.requires_grad) # True

y3.backward()
print(x.grad)

y2.backward() # 会报错
