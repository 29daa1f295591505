"""The first op set (the tutorials' ops) against torch: values, node names, 1st and 2nd order
gradients, and float64 finite differences."""
import numpy as np
import pytest

from oracle import check, gradcheck_fd

RNG = np.random.default_rng(1)
X = RNG.standard_normal((3, 4))
V = RNG.standard_normal(4)

SAMPLES = {
    "mul broadcast": lambda m, a, b: a * b,
    "add": lambda m, a, b: a + b,
    "sub": lambda m, a, b: a - b,
    "div": lambda m, a, b: a / b,
    "pow scalar + sum dim": lambda m, a, b: (a ** 2).sum(1),
    "exp + mean dim": lambda m, a, b: a.exp().mean(0),
    "mean keepdim": lambda m, a, b: a.mean(1, keepdim=True) * b,
    "sum tuple dims": lambda m, a, b: a.sum((0, 1)),
    "tanh * sigmoid": lambda m, a, b: a.tanh() * b.sigmoid(),
    "norm": lambda m, a, b: a.norm(),
    "norm dim": lambda m, a, b: a.norm(dim=1),
    "matmul mv": lambda m, a, b: a @ b,
    "mm": lambda m, a, b: a.mm(a.t()),
    "t + reshape": lambda m, a, b: a.t().reshape(2, 6),
    "view + transpose": lambda m, a, b: a.view(4, 3).transpose(0, 1),
    "slice + select": lambda m, a, b: a[1:, 2],
    "advanced index with repeats": lambda m, a, b: a[[0, 0, 2]],
    "none + ellipsis": lambda m, a, b: a[None, ..., 1:3],
    "relu + sqrt": lambda m, a, b: a.relu().sqrt(),
    "abs + log": lambda m, a, b: a.abs().log(),
    "rsub": lambda m, a, b: 2 - a,
    "rdiv": lambda m, a, b: 2 / b,
    "rpow": lambda m, a, b: 2 ** b,
    "pow tensor": lambda m, a, b: a.abs() ** b.abs(),
    "sin + cos": lambda m, a, b: a.sin() + a.cos(),
    "neg": lambda m, a, b: -a * b,
    "relu function": lambda m, a, b: m.relu(a) + m.nn.functional.relu(b),
    "clone": lambda m, a, b: a.clone() * 2,
    "comparison mask": lambda m, a, b: a * (a > 0) + (b <= 0) * b,
}


@pytest.mark.parametrize("name", SAMPLES)
def test_against_torch(name):
    check(SAMPLES[name], X, V, atol=1e-9)


@pytest.mark.parametrize("name", SAMPLES)
def test_finite_differences(name):
    gradcheck_fd(SAMPLES[name], X, V)


def test_comparisons_give_bool_without_grad():
    for op in ("eq", "ne", "lt", "le", "gt", "ge"):
        check(lambda m, a, b: getattr(a, op)(b), X, V)
        check(lambda m, a, b: getattr(m, op)(a, 0.5), X, V)
