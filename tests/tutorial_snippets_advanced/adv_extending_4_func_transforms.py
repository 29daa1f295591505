# "Extending torch.func with autograd.Function" docs: a Function with setup_context used under
# grad / vmap (generate_vmap_rule=True) / jacrev, and a jvp staticmethod for jvp / jacfwd
import torch
from torch.func import grad, jacfwd, jacrev, jvp, vmap


class MyExp(torch.autograd.Function):
    generate_vmap_rule = True

    @staticmethod
    def forward(x):
        return x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(output)
        ctx.save_for_forward(output)

    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors
        return grad_output * result

    @staticmethod
    def jvp(ctx, x_t):
        result, = ctx.saved_tensors
        return x_t * result


x = torch.tensor([0.0, 1.0, -1.0])
print(grad(lambda t: MyExp.apply(t).sum())(x))
print(vmap(MyExp.apply)(x.reshape(3, 1)))
print(jacrev(MyExp.apply)(x))
print(jvp(MyExp.apply, (x,), (torch.ones(3),)))
print(jacfwd(MyExp.apply)(x))


class NoVmap(torch.autograd.Function):
    @staticmethod
    def forward(x):
        return x * 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        pass

    @staticmethod
    def backward(ctx, g):
        return g * 2


print(NoVmap.apply(x))
vmap(NoVmap.apply)(x)
