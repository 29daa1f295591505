# "Double Backward with Custom Functions" tutorial: Exp saves its output
import torch


class Exp(torch.autograd.Function):
    # Simple case where everything goes well
    @staticmethod
    def forward(ctx, x):
        # This time we save the output
        result = torch.exp(x)
        # Note that we should use `save_for_backward` here when
        # the tensor saved is an ouptut (or an input).
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_out):
        result, = ctx.saved_tensors
        return result * grad_out


def show(fn, depth=0):
    print("  " * depth + (type(fn).__name__ if fn is not None else "None"))
    for nxt, _ in getattr(fn, "next_functions", ()):
        show(nxt, depth + 1)


x = torch.tensor(1., requires_grad=True, dtype=torch.double).clone()
# Validate our gradients using gradcheck
print(torch.autograd.gradcheck(Exp.apply, x))
print(torch.autograd.gradgradcheck(Exp.apply, x))

out = Exp.apply(x)
grad_x, = torch.autograd.grad(out, x, create_graph=True)
print(out)
print(grad_x)
show(grad_x.grad_fn)
grad_x.backward()
print(x.grad)
