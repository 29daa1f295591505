"""The tutorials' linear regression: fit y = 2x + 1 from noisy samples with nn.Linear and optim.SGD.

Run with `python examples/linear_regression.py`; the code is the PyTorch tutorial's, with
`import pullback as torch`.
"""
import pullback as torch
import pullback.nn as nn


def fit(steps=500, lr=0.1, seed=0):
    """Train nn.Linear(1, 1) by full-batch SGD on MSE; returns (weight, bias, final loss)."""
    torch.manual_seed(seed)
    x = torch.linspace(-1, 1, 100).unsqueeze(1)
    y = 2 * x + 1 + 0.1 * torch.randn(100, 1)
    model = nn.Linear(1, 1)
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    for step in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step:3d}  loss {loss.item():.4f}")
    return model.weight.item(), model.bias.item(), loss.item()


if __name__ == "__main__":
    w, b, loss = fit()
    print(f"learned y = {w:.3f} x + {b:.3f}   (true: y = 2 x + 1), final loss {loss:.4f}")
