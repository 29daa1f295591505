# "Extending PyTorch" docs: MulConstant with a non-tensor argument, MyCube returning dx as an output
# for double backward, and the ctx-in-forward (combined) style of the same
import torch
from torch.autograd import Function, gradcheck, gradgradcheck


class MulConstant(Function):
    @staticmethod
    def forward(tensor, constant):
        return tensor * constant

    @staticmethod
    def setup_context(ctx, inputs, output):
        # ctx is a context object that can be used to stash information
        # for backward computation
        tensor, constant = inputs
        ctx.constant = constant

    @staticmethod
    def backward(ctx, grad_output):
        # We return as many input gradients as there were arguments.
        # Gradients of non-Tensor arguments to forward must be None.
        return grad_output * ctx.constant, None


class MyCube(torch.autograd.Function):
    @staticmethod
    def forward(x):
        # We wish to save dx for backward. In order to do so, it must
        # be returned as an output.
        dx = 3 * x ** 2
        result = x ** 3
        return result, dx

    @staticmethod
    def setup_context(ctx, inputs, output):
        x, = inputs
        result, dx = output
        ctx.save_for_backward(x, dx)

    @staticmethod
    def backward(ctx, grad_output, grad_dx):
        x, dx = ctx.saved_tensors
        # In order for the autograd.Function to work with higher-order
        # gradients, we must add the gradient contribution of `dx`,
        # which is grad_dx * 6 * x.
        result = grad_output * dx + grad_dx * 6 * x
        return result


# Wrap MyCube in a function so that it is clearer what the output is
def my_cube(x):
    result, dx = MyCube.apply(x)
    return result


class MulConstantCombined(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        ctx.constant = constant
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.constant, None


a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = MulConstant.apply(a, 5.5)
print(b)
b.sum().backward()
print(a.grad)
c = MulConstantCombined.apply(a, 2)
print(c, c.grad_fn.needs_input_grad if hasattr(c.grad_fn, "needs_input_grad") else None)

x = torch.tensor([1.0, -2.0, 0.5], dtype=torch.double, requires_grad=True)
y = my_cube(x)
print(y)
g, = torch.autograd.grad(y.sum(), x, create_graph=True)
print(g)
gg, = torch.autograd.grad(g.sum(), x)
print(gg)
print(gradcheck(my_cube, (x,)), gradgradcheck(my_cube, (x,)))
print(gradcheck(MulConstant.apply, (x, 3.0)))


class BadCount(Function):
    @staticmethod
    def forward(ctx, tensor, constant):
        return tensor * constant

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, grad_output  # a gradient for the number


BadCount.apply(a, 2.0).sum().backward()
