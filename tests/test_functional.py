"""pullback.autograd.functional against torch.autograd.functional: values and return structures."""
import numpy as np
import pytest
import torch

import pullback
from oracle import RNG, assert_close, assert_same_error

A = RNG.standard_normal((3,))
B = RNG.standard_normal((3,))
M = RNG.standard_normal((2, 3))


def both(make):
    """make(m) for m = pullback and torch."""
    return make(pullback), make(torch)


def assert_same_structure(p, t, what="result"):
    """Same nesting of tuples, and close tensors at the leaves."""
    if isinstance(t, (tuple, list)):
        assert type(p) is type(t) and len(p) == len(t), f"{what}: {type(p)} vs torch's {type(t)} of {len(t)}"
        for i, (a, b) in enumerate(zip(p, t)):
            assert_same_structure(a, b, f"{what}[{i}]")
        return
    assert isinstance(p, pullback.Tensor) and isinstance(t, torch.Tensor), f"{what}: {type(p)} vs {type(t)}"
    assert p.requires_grad == t.requires_grad, f"{what}: requires_grad {p.requires_grad} vs {t.requires_grad}"
    assert_close(p, t, 1e-5, 1e-5, what)


def t(m, a):
    return m.tensor(a)


FUNCS = {
    "single in, single out": (lambda m, x: (x.sin() * x).sum(), lambda m: t(m, A)),
    "single in, vector out": (lambda m, x: x.exp() * 2, lambda m: t(m, A)),
    "tuple in, single out": (lambda m, x, y: (x * y + x ** 2).sum(), lambda m: (t(m, A), t(m, B))),
    "tuple in, tuple out": (lambda m, x, y: (x * y, (x.tanh() * y).sum()), lambda m: (t(m, A), t(m, B))),
    "matrix in": (lambda m, w: m.matmul(w, t(m, A)).tanh(), lambda m: t(m, M)),
    "unused input": (lambda m, x, y: x.sin(), lambda m: (t(m, A), t(m, B))),
}
SCALAR = [k for k in FUNCS if k in ("single in, single out", "tuple in, single out")]


def call(fname, key, create_graph=False, vector_like="inputs"):
    out = []
    for m in (pullback, torch):
        f, make_in = FUNCS[key]
        inputs = make_in(m)
        fn = getattr(m.autograd.functional, fname)
        g = lambda *xs, m=m, f=f: f(m, *xs)  # noqa: E731
        if fname in ("jacobian", "hessian"):
            out.append(fn(g, inputs, create_graph=create_graph))
            continue
        with torch.no_grad():
            ref = torch_out(f, inputs) if vector_like == "outputs" else inputs
        v = tuple(m.tensor(np.full(r.shape, 0.5, dtype=np.float32) + np.arange(r.numel()).reshape(r.shape))
                  for r in (ref if isinstance(ref, tuple) else (ref,)))
        out.append(fn(g, inputs, v if isinstance(ref, tuple) else v[0], create_graph=create_graph))
    return out


def torch_out(f, inputs):
    ins = tuple(torch.tensor(np.asarray(x.detach().numpy() if isinstance(x, pullback.Tensor) else x))
                for x in (inputs if isinstance(inputs, tuple) else (inputs,)))
    return f(torch, *ins)


@pytest.mark.parametrize("key", list(FUNCS))
def test_jacobian(key):
    assert_same_structure(*call("jacobian", key))


@pytest.mark.parametrize("key", list(FUNCS))
def test_vjp(key):
    assert_same_structure(*call("vjp", key, vector_like="outputs"))


@pytest.mark.parametrize("key", list(FUNCS))
def test_jvp(key):
    assert_same_structure(*call("jvp", key))


@pytest.mark.parametrize("fname", ["hessian", "vhp", "hvp"])
@pytest.mark.parametrize("key", SCALAR)
def test_second_order(fname, key):
    assert_same_structure(*call(fname, key))


@pytest.mark.parametrize("fname", ["jacobian", "hessian", "vjp", "hvp"])
def test_create_graph_results_are_differentiable(fname):
    key = "single in, single out"
    p, t_ = call(fname, key, create_graph=True, vector_like="outputs" if fname == "vjp" else "inputs")
    assert_same_structure(p, t_)


def test_jacobian_matches_torch_func_jacrev_and_hessian():
    f = FUNCS["single in, single out"][0]
    assert_close(pullback.autograd.functional.hessian(lambda x: f(pullback, x), t(pullback, A)),
                 torch.func.hessian(lambda x: f(torch, x))(t(torch, A)), 1e-5, 1e-5)


ERRORS = [
    ("vjp", lambda m, x: 3, None, TypeError, "must be either a Tensor or a tuple of Tensors"),
    ("vjp", lambda m, x: x * 2, None, RuntimeError, "The vector v can only be None if the user-provided function"),
    ("vjp", lambda m, x: x * 2, np.ones(2, np.float32), RuntimeError, "v has invalid size"),
    ("jvp", lambda m, x: x * 2, None, RuntimeError, "The vector v can only be None if the input"),
    ("hessian", lambda m, x: x ** 3, None, RuntimeError, "should contain a single element"),
    ("hvp", lambda m, x: (x, x), np.ones(3, np.float32), RuntimeError, "should return a single Tensor"),
]


@pytest.mark.parametrize("fname, f, v, exc, phrase", ERRORS)
def test_errors(fname, f, v, exc, phrase):
    for m in (pullback, torch):
        fn = getattr(m.autograd.functional, fname)
        args = (lambda x, m=m: f(m, x), m.tensor(A)) + (() if v is None else (m.tensor(v),))
        with pytest.raises(exc, match=phrase):
            fn(*args)


@pytest.mark.parametrize("fname, phrase", [
    ("jacobian", "Output 0 of the user-provided function is independent of input 1"),
    ("vjp", "The output of the user-provided function is independent of input 1"),
])
def test_strict_mode(fname, phrase):
    for m in (pullback, torch):
        fn = getattr(m.autograd.functional, fname)
        args = (lambda x, y: x * 2, (m.tensor(A), m.tensor(B)))
        if fname == "vjp":
            args += (m.ones(3),)
        with pytest.raises(RuntimeError, match=phrase):
            fn(*args, strict=True)


@pytest.mark.parametrize("key", ["tuple in, tuple out", "tuple in, single out", "single in, vector out"])
@pytest.mark.parametrize("kwargs", [{"vectorize": True}, {"vectorize": True, "strategy": "forward-mode"}])
def test_jacobian_strategies_give_the_same_numbers(kwargs, key):
    f, make_in = FUNCS[key]
    p = pullback.autograd.functional.jacobian(lambda *xs: f(pullback, *xs), make_in(pullback), **kwargs)
    t_ = torch.autograd.functional.jacobian(lambda *xs: f(torch, *xs), make_in(torch), **kwargs)
    assert_same_structure(p, t_)


def test_forward_mode_without_vectorize_is_refused_like_torch():
    for m in (pullback, torch):
        with pytest.raises(NotImplementedError, match="only implemented for `vectorize=True`"):
            m.autograd.functional.jacobian(lambda x: x, m.ones(2), strategy="forward-mode")


@pytest.mark.parametrize("kwargs, exc, phrase", [
    ({"strict": True, "vectorize": True}, RuntimeError, "`strict=True` and `vectorized=True` are not supported"),
    ({"strict": True, "vectorize": True, "strategy": "forward-mode"}, RuntimeError,
     '`strict=True` and `strategy="forward-mode"` are not supported together'),
    ({"create_graph": True, "vectorize": True, "strategy": "forward-mode"}, NotImplementedError,
     '`create_graph=True` and `strategy="forward-mode"` are not supported together'),
    ({"strategy": "sideways"}, AssertionError, 'Expected strategy to be either "forward-mode" or "reverse-mode".'),
])
def test_jacobian_option_conflicts_are_refused_like_torch(kwargs, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc) as info:
            m.autograd.functional.jacobian(lambda x: x * 2, m.tensor(A), **kwargs)
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"
    for m in (pullback, torch):
        with pytest.raises(AssertionError, match='Expected strategy to be either "forward-mode" or "reverse-mode".'):
            m.autograd.functional.hessian(lambda x: (x * x).sum(), m.tensor(A), outer_jacobian_strategy="sideways")


def test_forward_mode_results_stay_attached_like_torch():
    """torch's forward-mode Jacobian is not detached: it requires grad where the inputs do; the
    forward-over-reverse Hessian is right, also for tuple inputs (in lists, as torch returns)."""
    def calls(m):
        x = m.tensor(A, requires_grad=True)
        F = m.autograd.functional
        return (F.jacobian(lambda x, y: (x ** 3, y), (x, m.tensor(B)), vectorize=True, strategy="forward-mode"),
                F.jacobian(lambda x: x.sum() * x, x, vectorize=True, strategy="forward-mode"),
                F.hessian(lambda x: (x ** 3).sum(), m.tensor(A), vectorize=True, outer_jacobian_strategy="forward-mode"),
                F.hessian(lambda x, y: (x ** 3 * y).sum(), (x, m.tensor(B)), vectorize=True,
                          outer_jacobian_strategy="forward-mode"))
    p, t_ = calls(pullback), calls(torch)
    assert_same_structure(p, t_)
    assert isinstance(p[3], list) and isinstance(p[3][0], list)


def _batched_case(m):
    x = m.tensor([0.5, -1.0, 2.0], requires_grad=True)
    w = m.tensor([1.0, 2.0], requires_grad=True)
    return x, w, (x * x).tanh() * 3, x.exp()


@pytest.mark.parametrize("create_graph", [False, True])
def test_grad_with_batched_grad_outputs_is_one_vjp_per_row(create_graph):
    got = {}
    for m in (pullback, torch):
        x, w, y, z = _batched_case(m)
        v = m.tensor(np.arange(6.0).reshape(2, 3).astype(np.float32))
        gx, gw = m.autograd.grad([y, z], [x, w], [m.eye(3)[:2], v], is_grads_batched=True,
                                 create_graph=create_graph, allow_unused=True)
        assert gw is None
        second = m.autograd.grad(gx.sum(), x)[0].detach().numpy() if create_graph else None
        got[m] = (gx.detach().numpy(), gx.requires_grad, second)
    np.testing.assert_allclose(got[pullback][0], got[torch][0], rtol=1e-6)
    assert got[pullback][1] == got[torch][1]
    if create_graph:
        np.testing.assert_allclose(got[pullback][2], got[torch][2], rtol=1e-5)


def test_batched_grad_materializes_unused_inputs_unbatched_as_torch():
    shapes = {}
    for m in (pullback, torch):
        x, w, y, _ = _batched_case(m)
        gx, gw = m.autograd.grad(y, [x, w], m.eye(3), is_grads_batched=True, materialize_grads=True)
        shapes[m] = (tuple(gx.shape), tuple(gw.shape), gw.abs().sum().item())
    assert shapes[pullback] == shapes[torch]


@pytest.mark.parametrize("grad_output, phrase", [
    (lambda m: m.ones(3), "we interpret the first dimension of each grad_output as the batch dimension"),
    (lambda m: m.ones(2, 2), "The sizes of the remaining dimensions are expected to match the shape"),
    (lambda m: None, "grad can be implicitly created only for scalar outputs"),
    (lambda m: m.tensor(1.0), "invalid index of a 0-dim tensor"),
])
def test_batched_grad_errors_match_torch(grad_output, phrase):
    def fn(m, a):
        y = (a * a).tanh() if grad_output(m) is None or grad_output(m).dim() else a.sum()
        return m.autograd.grad(y, a, grad_output(m), is_grads_batched=True)
    assert_same_error(fn, np.array([1.0, 2.0, 3.0]), phrase=phrase)


def test_batched_grad_outputs_of_two_batch_sizes_are_refused_as_by_vmap():
    assert_same_error(lambda m, a: m.autograd.grad([a * 2, a * 3], a, [m.ones(3, 3), m.ones(2, 3)],
                                                   is_grads_batched=True), np.array([1.0, 2.0, 3.0]),
                      phrase="Expected all tensors to have the same size in the mapped dimension")


def test_batched_grad_frees_the_graph_after_the_last_row_as_torch():
    for m in (pullback, torch):
        x, _, y, _ = _batched_case(m)
        m.autograd.grad(y, x, m.eye(3), is_grads_batched=True)
        with pytest.raises(RuntimeError, match="backward through the graph a second time"):
            m.autograd.grad(y, x, m.eye(3), is_grads_batched=True)
