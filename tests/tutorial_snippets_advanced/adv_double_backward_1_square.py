# "Double Backward with Custom Functions" tutorial: Square saves its input; gradcheck/gradgradcheck,
# and the torchviz graph of grad_x (make_dot) printed as grad_fn chains instead
import torch


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        # Because we are saving one of the inputs use `save_for_backward`
        # Save non-tensors and non-inputs/non-outputs directly on ctx
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, grad_out):
        # A function support double backward automatically if autograd
        # is able to record the computations performed in backward
        x, = ctx.saved_tensors
        return grad_out * 2 * x


def show(fn, depth=0):
    print("  " * depth + (type(fn).__name__ if fn is not None else "None"))
    for nxt, _ in getattr(fn, "next_functions", ()):
        show(nxt, depth + 1)


# Use double precision because finite differencing method magnifies errors
x = torch.linspace(0.1, 0.9, 9, dtype=torch.double).reshape(3, 3).requires_grad_()
print(torch.autograd.gradcheck(Square.apply, x))
# Use gradcheck to verify second-order derivatives
print(torch.autograd.gradgradcheck(Square.apply, x))

x = torch.tensor(1., requires_grad=True).clone()
out = Square.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(out, grad_x)
show(grad_x.grad_fn)
print(out.grad_fn.next_functions)
g2, = torch.autograd.grad(grad_x, x)
print(g2)
