# seed 1: section 8, linear regression (loss.item() printed in full: float32 arithmetic must match)
import torch

# 生成一些样本数据
x_train = torch.tensor([[1.0], [2.0], [3.0]])
y_train = torch.tensor([[2.0], [3.0], [4.0]])

# 初始化参数
w = torch.tensor([[0.0]], requires_grad=True)
b = torch.tensor([[0.0]], requires_grad=True)

# 学习率
lr = 0.01

# 训练过程
for epoch in range(100):
    # 前向传播
    y_pred = x_train.mm(w) + b

    # 计算损失 (均方误差)
    loss = ((y_pred - y_train) ** 2).mean()

    # 反向传播
    loss.backward()

    # 更新参数
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad

    # 清空梯度
    w.grad.zero_()
    b.grad.zero_()

    # 输出损失
    if epoch % 10 == 0:
        print(f'Epoch {epoch}, Loss: {loss.item()}')

print(f'学习后的权重: {w.item()}, 偏置: {b.item()}')
