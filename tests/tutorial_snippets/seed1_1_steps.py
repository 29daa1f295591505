# seed 1: sections 2-7 (one session: each fragment uses the ones before)
import torch

# 创建一个张量并要求计算梯度
x = torch.tensor(2.0, requires_grad=True)
# 定义一个简单的计算
y = x ** 2 + 3 * x + 1 # y = x^2 + 3x + 1
# 执行反向传播
y.backward()

# 查看梯度
print(x.grad) # 输出 dy/dx,即 y 关于 x 的导数
# 创建两个张量
a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)

# 定义一个依赖于这两个张量的函数
z = a**2 + 3 * b + a * b # z = a^2 + 3b + ab
# 执行反向传播
z.backward()

# 输出各自的梯度
print(a.grad) # 输出 dz/da
print(b.grad) # 输出 dz/db
# 假设我们在使用一个优化器
optimizer = torch.optim.SGD([a, b], lr=0.01)

# 清空梯度
optimizer.zero_grad()

# 计算新一轮的损失和梯度
z = a**2 + 3 * b + a * b
z.backward()

# 更新参数
optimizer.step()
with torch.no_grad():
    # 在这个代码块内不会计算梯度
    result = a * b
print(a, b)  # (not in the post) where the step left them
print(result, result.requires_grad)
