# "Double Backward with Custom Functions" tutorial: Sinh saves intermediates by returning them as
# outputs; then SinhBad, which stashes them on ctx and so cannot be differentiated twice
import torch


class Sinh(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.save_for_backward(expx, expnegx)
        # In order to be able to save the intermediate results, a trick is to
        # include them as our outputs, so that the backward graph is constructed
        return (expx - expnegx) / 2, expx, expnegx

    @staticmethod
    def backward(ctx, grad_out, _grad_out_exp, _grad_out_negexp):
        expx, expnegx = ctx.saved_tensors
        grad_input = grad_out * (expx + expnegx) / 2
        # We cannot skip accumulating these even though we won't use the outputs
        # directly. They will be used later in the second backward.
        grad_input += _grad_out_exp * expx
        grad_input -= _grad_out_negexp * expnegx
        return grad_input


def sinh(x):
    # Create a wrapper that only returns the first output
    return Sinh.apply(x)[0]


def show(fn, depth=0):
    print("  " * depth + (type(fn).__name__ if fn is not None else "None"))
    for nxt, _ in getattr(fn, "next_functions", ()):
        show(nxt, depth + 1)


x = torch.linspace(-1, 1, 9, dtype=torch.double).reshape(3, 3).requires_grad_()
print(torch.autograd.gradcheck(sinh, x))
print(torch.autograd.gradgradcheck(sinh, x))

x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
out = sinh(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(out, grad_x)
show(grad_x.grad_fn)
print(torch.autograd.grad(grad_x, x))


class SinhBad(torch.autograd.Function):
    # This is an example of what NOT to do!
    @staticmethod
    def forward(ctx, x):
        expx = torch.exp(x)
        expnegx = torch.exp(-x)
        ctx.expx = expx
        ctx.expnegx = expnegx
        return (expx - expnegx) / 2

    @staticmethod
    def backward(ctx, grad_out):
        expx = ctx.expx
        expnegx = ctx.expnegx
        grad_input = grad_out * (expx + expnegx) / 2
        return grad_input


x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
out = SinhBad.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(grad_x)
show(grad_x.grad_fn)
# the saved intermediates are not connected to x: the second derivative is missing
print(torch.autograd.grad(grad_x, x, allow_unused=True))
print(torch.autograd.gradgradcheck(SinhBad.apply, x))
