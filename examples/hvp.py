"""Hessian-vector products by double backward: H v = d/dx <df/dx, v>, without forming H.

grad with create_graph=True records the gradient computation itself as a graph, so the
gradient can be differentiated again. The product is checked against the full Hessian
(built row by row the same way) and against finite differences of the gradient.
Run with `python examples/hvp.py`.
"""
import pullback as torch


def f(x):
    """A non-quadratic scalar function of a vector (so the Hessian depends on x)."""
    return (x ** 3).sum() + (x[:-1] * x[1:]).sum() + x.sin().prod()


def hvp(fn, x, v):
    """H(x) v by two reverse passes."""
    x = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(fn(x), x, create_graph=True)
    (hv,) = torch.autograd.grad((g * v).sum(), x)
    return hv


def hessian(fn, x):
    """The full Hessian, one row per basis vector (n Hessian-vector products)."""
    n = x.numel()
    return torch.stack([hvp(fn, x, torch.eye(n, dtype=x.dtype)[i]) for i in range(n)])


def gradient(fn, x):
    x = x.detach().requires_grad_(True)
    return torch.autograd.grad(fn(x), x)[0]


def main(n=5, seed=0):
    torch.manual_seed(seed)
    x = torch.randn(n, dtype=torch.float64)
    v = torch.randn(n, dtype=torch.float64)
    product = hvp(f, x, v)
    full = hessian(f, x) @ v
    eps = 1e-6
    finite = (gradient(f, x + eps * v) - gradient(f, x - eps * v)) / (2 * eps)
    print("H v (double backward) :", product)
    print("H v (full Hessian)    :", full)
    print("H v (finite diff.)    :", finite)
    return product, full, finite


if __name__ == "__main__":
    main()
