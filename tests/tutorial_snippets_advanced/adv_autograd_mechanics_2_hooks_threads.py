# "Autograd mechanics" notes: tensor hooks registered before/after an in-place op, grad_fn hooks,
# post-accumulate-grad hooks, Module hooks basics, and backward in several threads
import threading

import torch
import torch.nn as nn


def fn(grad):
    print("hook sees", grad)
    return grad * 2


t = torch.tensor(1., requires_grad=True).sin()
t.cos_()
t.register_hook(fn)
t.backward()

x = torch.tensor(1., requires_grad=True)
t = x.sin()
t.register_hook(fn)
t.cos_()
t.backward()
print(x.grad)

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x * 3
y.grad_fn.register_prehook(lambda gO: print("prehook", gO))
y.grad_fn.register_hook(lambda gI, gO: print("hook", gI, gO))
x.register_post_accumulate_grad_hook(lambda p: print("accumulated", p.grad))
y.sum().backward()

lin = nn.Linear(2, 1)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[1.0, -2.0]]))
    lin.bias.fill_(0.5)
h1 = lin.register_forward_pre_hook(lambda m, inp: print("pre", inp))
h2 = lin.register_forward_hook(lambda m, inp, out: print("fwd", out))
h3 = lin.register_full_backward_hook(lambda m, gi, go: print("bwd", gi, go))
lin(torch.tensor([[1.0, 1.0]], requires_grad=True)).sum().backward()
h1.remove(); h2.remove(); h3.remove()
print(lin(torch.tensor([[1.0, 1.0]])))

results = []


# Define a train function to be used in different threads
def train_fn():
    x = torch.ones(5, 5, requires_grad=True)
    # forward
    y = (x + 3) * (x + 4) * 0.5
    # backward
    y.sum().backward()
    results.append(x.grad.sum().item())
    # potential optimizer update


# User write their own threading code to drive the train_fn
threads = []
for _ in range(4):
    p = threading.Thread(target=train_fn, args=())
    p.start()
    threads.append(p)

for p in threads:
    p.join()
print(results)

shared = torch.ones(3, requires_grad=True)


def shared_fn():
    (shared * 2).sum().backward()


threads = [threading.Thread(target=shared_fn) for _ in range(4)]
for p in threads:
    p.start()
for p in threads:
    p.join()
print(shared.grad)
