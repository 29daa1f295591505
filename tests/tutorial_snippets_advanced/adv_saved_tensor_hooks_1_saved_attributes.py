# "Hooks for autograd saved tensors" tutorial: what is saved (_saved_self, _saved_result), the
# _raw_saved_ SavedTensor, and its register_hooks
import torch

a = torch.randn(5, requires_grad=True)
b = torch.ones(5, requires_grad=True)


def f(x):
    return x.pow(2)


x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(x.equal(y.grad_fn._saved_self))  # True
print(x is y.grad_fn._saved_self)  # True
print(y.grad_fn._saved_exponent)

x = torch.randn(5, requires_grad=True)
y = x.exp()
print(y.equal(y.grad_fn._saved_result))  # True
print(y is y.grad_fn._saved_result)  # False

x = torch.randn(5, requires_grad=True)
y = x.pow(2)
print(type(y.grad_fn._raw_saved_self).__name__)
y.sum().backward()
try:
    y.grad_fn._saved_self
except RuntimeError as e:
    print(e)


def pack_hook(x):
    print("Packing", x)
    return x


def unpack_hook(x):
    print("Unpacking", x)
    return x


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x.pow(2)
y.grad_fn._raw_saved_self.register_hooks(pack_hook, unpack_hook)
print(y.grad_fn._saved_self)
y.sum().backward()
print(x.grad)

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = x.pow(2)
y.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)
y.grad_fn._raw_saved_self.register_hooks(lambda t: t, lambda t: t)
