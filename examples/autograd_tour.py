"""The PyTorch autograd tutorials, as one script.

This is a plain PyTorch script. Run it on pullback with
    python -m pullback.run examples/autograd_tour.py
(or `make demo`), and on real PyTorch with `python examples/autograd_tour.py`:
both print the same thing (up to object addresses).
"""
import torch
from torch.autograd import Variable


def section(title):
    print()
    print("=" * 8, title)


section("1. requires_grad, grad_fn, is_leaf; out = mean(3 (x + 2)^2)")
x = torch.ones(2, 2, requires_grad=True)
print(x)
print(x.grad_fn)
y = x + 2
print(y)
print(y.grad_fn)
print(x.is_leaf, y.is_leaf)
z = y * y * 3
out = z.mean()
print(z, out)
if torch.__name__ == "pullback":
    # pullback's extra (prints nothing, so both printouts stay equal): the graph with the
    # gradient that flowed along each edge, i.e. the hand calculation above, drawn
    import os
    from pullback import viz
    os.makedirs("out", exist_ok=True)
    with viz.record():
        out.backward()
    picture = viz.graph(out, params=dict(x=x, y=y, z=z, out=out))
    picture.save("out/tour_graph.html")
    try:
        picture.save("out/tour_graph.svg")
    except viz.ExecutableNotFound:
        pass  # Graphviz is optional: the HTML page has its own layout
else:
    out.backward()
print(x.grad)  # d(out)/dx = 6 (x + 2) / 4 = 4.5

# gradients accumulate across backward calls ...
out2 = x.sum()
out2.backward()
print(x.grad)
out3 = x.sum()
out3.backward()
print(x.grad)
# ... until they are reset
x.grad.data.zero_()
out3 = x.sum()
out3.backward()
print(x.grad)

section("2. y = x^2 + 3x + 1 at x = 2")
x = torch.tensor(2.0, requires_grad=True)
y = x ** 2 + 3 * x + 1
y.backward()
print(x.grad)  # 2x + 3 = 7

section("3. two parameters, then an optimizer step")
a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
z = a ** 2 + 3 * b + a * b
z.backward()
print(a.grad)  # 2a + b = 7
print(b.grad)  # 3 + a = 5
optimizer = torch.optim.SGD([a, b], lr=0.01)
optimizer.zero_grad()
print(a.grad, b.grad)
z = a ** 2 + 3 * b + a * b
z.backward()
optimizer.step()
print(a, b)
with torch.no_grad():
    result = a * b
print(result, result.requires_grad)

section("4. no_grad: y2 is not tracked, so d(y3)/dx = 2x")
x = torch.tensor(1.0, requires_grad=True)
y1 = x ** 2
with torch.no_grad():
    y2 = x ** 3
print(x.requires_grad)
print(y1, y1.requires_grad)
print(y2, y2.requires_grad)
y3 = y1 + y2
print(y3.grad_fn)
y3.backward()
print(x.grad)

section("5. linear regression with hand-written updates")
x_train = torch.tensor([[1.0], [2.0], [3.0]])
y_train = torch.tensor([[2.0], [3.0], [4.0]])
w = torch.tensor([[0.0]], requires_grad=True)
b = torch.tensor([[0.0]], requires_grad=True)
lr = 0.01
for epoch in range(100):
    y_pred = x_train.mm(w) + b
    loss = ((y_pred - y_train) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
    if epoch % 10 == 0:
        print(f"Epoch {epoch}, Loss: {loss.item():.6f}")
print(f"weight: {w.item():.4f}, bias: {b.item():.4f}")

section("6. vector-Jacobian products")
# the tutorial starts from torch.randn(3); fixed values keep both printouts comparable
x = Variable(torch.tensor([0.6022, -1.8668, -4.9433]), requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
gradients = torch.FloatTensor([0.1, 1.0, 0.0001])
y.backward(gradients)
print(x.grad)

x = torch.ones(2, 2, requires_grad=True)
z = (x + 2) ** 2
z.backward(torch.ones_like(z))
print(x.grad)  # 2 (x + 2)

x1 = torch.tensor(1, requires_grad=True, dtype=torch.float)
x2 = torch.tensor(2, requires_grad=True, dtype=torch.float)
x3 = torch.tensor(3, requires_grad=True, dtype=torch.float)
y = torch.randn(3)
y[0] = x1 ** 2 + 2 * x2 + x3
y[1] = x1 + x2 ** 3 + x3 ** 2
y[2] = 2 * x1 + x2 ** 2 + x3 ** 3
print(y.grad_fn)
y.backward(torch.ones(3), retain_graph=True)
print(x1.grad, x2.grad, x3.grad)
for t in (x1, x2, x3):
    t.grad.zero_()
y.backward(torch.tensor([3.0, 2.0, 1.0]))
print(x1.grad, x2.grad, x3.grad)  # v . J = (10, 34, 42)

section("7. .data: change values without autograd noticing")
x = torch.ones(1, requires_grad=True)
print(x.data)
print(x.data.requires_grad)
y = 2 * x
x.data *= 100
y.backward()
print(x)
print(x.grad)

section("8. the legacy Variable API")
x = Variable(torch.ones(2, 2), requires_grad=True)
print(x)
y = x + 2
out = (y * y * 3).mean()
out.backward()
print(x.grad)

section("errors PyTorch users meet")
for label, thunk in [
    ("backward of a non-scalar", lambda: (torch.ones(2, requires_grad=True) * 2).backward()),
    ("backward twice", lambda: (lambda t: (t.backward(), t.backward()))((torch.ones(2, requires_grad=True) ** 2).sum())),
    ("in-place on a leaf", lambda: torch.ones(2, requires_grad=True).add_(1)),
    ("integer requires_grad", lambda: torch.tensor([1, 2], requires_grad=True)),
    ("numpy() of a tracked tensor", lambda: torch.ones(2, requires_grad=True).numpy()),
]:
    try:
        thunk()
    except RuntimeError as e:
        print(f"{label}: RuntimeError: {str(e).splitlines()[0][:70]}")
