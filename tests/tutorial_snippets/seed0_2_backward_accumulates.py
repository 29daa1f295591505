# seed 0 (Dive-into-DL-PyTorch 2.3, shown as screenshots in the post): backward, accumulation,
# grad.data.zero_(); the post's "4.5 -> 5.5 -> 6.5" is two x.sum() backwards without zeroing
import torch

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
out.backward() # 等价于 out.backward(torch.tensor(1.))
print(x.grad)

# 再来反向传播一次,注意grad是累加的
out2 = x.sum()
out2.backward()
print(x.grad)

out3 = x.sum()
out3.backward()
print(x.grad)

out3 = x.sum()
x.grad.data.zero_()
out3.backward()
print(x.grad)

out.backward(torch.tensor(1.))  # the graph of `out` was freed by the first backward
