"""pullback.func against torch.func: grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian, vmap."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_close

RNG = np.random.default_rng(3)
X = RNG.uniform(0.2, 0.9, (3,))
Y = RNG.uniform(0.2, 0.9, (3,))
V = RNG.standard_normal((3,))
M = RNG.uniform(0.2, 0.9, (4, 3))


def same(p, t, what="result"):
    """Same pytree structure, close tensors, equal other leaves."""
    if isinstance(t, (tuple, list)):
        assert isinstance(p, (tuple, list)) and len(p) == len(t), f"{what}: {p!r} vs torch's {t!r}"
        for i, (a, b) in enumerate(zip(p, t)):
            same(a, b, f"{what}[{i}]")
    elif isinstance(t, dict):
        assert isinstance(p, dict) and p.keys() == t.keys(), what
        for k in t:
            same(p[k], t[k], f"{what}[{k!r}]")
    elif isinstance(t, torch.Tensor):
        assert isinstance(p, pullback.Tensor), f"{what}: {type(p)}"
        assert p.requires_grad == t.requires_grad, f"{what}: requires_grad {p.requires_grad} vs {t.requires_grad}"
        assert_close(p, t, 1e-5, 1e-5, what)
    else:
        assert p == t, what


def both(call):
    return call(pullback), call(torch)


def f_scalar(m, x, y):
    return (x.sin() * y + x ** 3).sum()


def f_vector(m, x, y):
    return (x.exp() * y, (x * y).sum())


CASES = {
    "grad": lambda m: m.func.grad(lambda x, y: f_scalar(m, x, y))(m.tensor(X), m.tensor(Y)),
    "grad argnums tuple": lambda m: m.func.grad(lambda x, y: f_scalar(m, x, y), argnums=(0, 1))(m.tensor(X),
                                                                                               m.tensor(Y)),
    "grad has_aux": lambda m: m.func.grad(lambda x: ((x * x).sum(), {"x2": x * 2}), has_aux=True)(m.tensor(X)),
    "grad of grad": lambda m: m.func.grad(lambda x: m.func.grad(lambda z: (z ** 3).sum())(x).sum())(m.tensor(X)),
    "grad_and_value": lambda m: m.func.grad_and_value(lambda x: (x.tanh() ** 2).sum())(m.tensor(X)),
    "grad_and_value aux": lambda m: m.func.grad_and_value(lambda x: ((x * x).sum(), x), has_aux=True)(m.tensor(X)),
    "grad of requires-grad input": lambda m: m.func.grad(lambda x: (x * x).sum())(
        m.tensor(X, requires_grad=True)),
    "jvp": lambda m: m.func.jvp(lambda x, y: f_vector(m, x, y), (m.tensor(X), m.tensor(Y)),
                                (m.tensor(V), m.tensor(V))),
    "jvp has_aux": lambda m: m.func.jvp(lambda x: (x.sin(), x.cos()), (m.tensor(X),), (m.tensor(V),), has_aux=True),
    "jvp of grad (hvp)": lambda m: m.func.jvp(m.func.grad(lambda x: (x.sin() * x ** 2).sum()), (m.tensor(X),),
                                              (m.tensor(V),)),
    "jvp of jvp": lambda m: m.func.jvp(lambda x: m.func.jvp(lambda z: z.exp() * z, (x,), (m.tensor(V),))[1],
                                       (m.tensor(X),), (m.tensor(Y),)),
    "jacrev": lambda m: m.func.jacrev(lambda x: x.sin() * x.sum())(m.tensor(X)),
    "jacrev tuple": lambda m: m.func.jacrev(lambda x, y: f_vector(m, x, y), argnums=(0, 1))(m.tensor(X),
                                                                                           m.tensor(Y)),
    "jacrev matrix": lambda m: m.func.jacrev(lambda w: m.matmul(w, m.tensor(X)).tanh())(m.tensor(M)),
    "jacfwd": lambda m: m.func.jacfwd(lambda x: x.sin() * x.sum())(m.tensor(X)),
    "jacfwd tuple": lambda m: m.func.jacfwd(lambda x, y: f_vector(m, x, y), argnums=(0, 1))(m.tensor(X),
                                                                                           m.tensor(Y)),
    "jacfwd of jacfwd": lambda m: m.func.jacfwd(m.func.jacfwd(lambda x: (x ** 3).sum() * x))(m.tensor(X)),
    "jacrev of jacfwd": lambda m: m.func.jacrev(m.func.jacfwd(lambda x: x.exp() * x.sum()))(m.tensor(X)),
    "hessian": lambda m: m.func.hessian(lambda x: (x.sin() * x ** 2).sum())(m.tensor(X)),
    "hessian two args": lambda m: m.func.hessian(lambda x, y: f_scalar(m, x, y), argnums=1)(m.tensor(X),
                                                                                           m.tensor(Y)),
    "vmap": lambda m: m.func.vmap(lambda r: m.matmul(r, m.tensor(X)).sin())(m.tensor(M)),
    "vmap in_dims out_dims": lambda m: m.func.vmap(lambda a, b: a * b, in_dims=(1, None), out_dims=1)(
        m.tensor(M), m.tensor(M[:, 0])),
    "vmap tuple output": lambda m: m.func.vmap(lambda r: (r.sum(), r * 2))(m.tensor(M)),
    "vmap of vmap": lambda m: m.func.vmap(m.func.vmap(lambda v: (v * v).sum()))(m.tensor(M)[None].expand(2, 4, 3)),
    "vmap nested in_dims": lambda m: m.func.vmap(lambda t: t[0] * t[1], in_dims=((0, None),))(
        (m.tensor(M), m.tensor(X))),
    "vmap of grad (per-sample grads)": lambda m: m.func.vmap(m.func.grad(lambda w, r: (w * r).sum().tanh()),
                                                             in_dims=(None, 0))(m.tensor(X), m.tensor(M)),
    "vmap of jacrev": lambda m: m.func.vmap(m.func.jacrev(lambda r: r.exp() * r[0]))(m.tensor(M)),
}


@pytest.mark.parametrize("key", list(CASES))
def test_matches_torch_func(key):
    same(*both(CASES[key]))


def test_vjp_function_and_structure():
    out = {}
    for m in (pullback, torch):
        value, fn = m.func.vjp(lambda x, y: f_vector(m, x, y), m.tensor(X), m.tensor(Y))
        out[m] = (value, fn((m.tensor(V), m.tensor(2.0))), fn((m.ones(3), m.tensor(0.0))))
        value, fn, aux = m.func.vjp(lambda x: (x.exp(), x.sum()), m.tensor(X), has_aux=True)
        out[m] += (fn(m.tensor(V)), aux)
    same(out[pullback], out[torch])


def test_hessian_matches_autograd_functional():
    h = pullback.func.hessian(lambda x: (x.sin() * x ** 2).sum())(pullback.tensor(X))
    same(h, torch.autograd.functional.hessian(lambda x: (x.sin() * x ** 2).sum(), torch.tensor(X)))


@pytest.mark.parametrize("call, exc, phrase", [
    (lambda m: m.func.grad(lambda x: x * 2)(m.tensor(X)), RuntimeError, "Expected f(*args) to return a scalar Tensor"),
    (lambda m: m.func.jvp(lambda x: x, m.tensor(X), m.tensor(X)), RuntimeError, "Expected primals to be a tuple"),
    (lambda m: m.func.vmap(lambda x, y: x)(m.ones(2), m.ones(3)), ValueError,
     "Expected all tensors to have the same size in the mapped dimension, got sizes [2, 3]"),
    (lambda m: m.func.vmap(lambda x: 3)(m.ones(2)), ValueError, "must only return Tensors"),
    (lambda m: m.func.vmap(lambda x: x, in_dims=(0, 0))(m.ones(2)), ValueError,
     "in_dims is not compatible with the structure of `inputs`"),
])
def test_errors(call, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc) as info:
            call(m)
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


def test_per_sample_gradients_with_functional_call():
    """The torch.func recipe: vmap(grad(loss of functional_call)) over a batch, for an nn module."""
    w, b = RNG.standard_normal((2, 3)), RNG.standard_normal(2)
    results = {}
    for m in (pullback, torch):
        model = m.nn.Linear(3, 2)
        params = {"weight": m.tensor(w), "bias": m.tensor(b)}

        def loss(p, x, y, m=m, model=model):
            return ((m.func.functional_call(model, p, (x[None],)) - y) ** 2).sum()
        results[m] = m.func.vmap(m.func.grad(loss), in_dims=(None, 0, 0))(params, m.tensor(M), m.tensor(M[:, :2]))
        before = model.weight.detach().clone()
        m.func.functional_call(model, params, m.tensor(M))
        assert (model.weight.detach() == before).all()  # the module's own weights are back
    same(results[pullback], results[torch])


def test_model_ensemble_with_stack_module_state():
    weights = [(RNG.standard_normal((2, 3)), RNG.standard_normal(2)) for _ in range(3)]
    results = {}
    for m in (pullback, torch):
        models = []
        for w, b in weights:
            model = m.nn.Linear(3, 2)
            with m.no_grad():
                model.weight.copy_(m.tensor(w, dtype=m.float32))
                model.bias.copy_(m.tensor(b, dtype=m.float32))
            models.append(model)
        params, buffers = m.func.stack_module_state(models)
        base = models[0]
        out = m.func.vmap(lambda p, b, x: m.func.functional_call(base, (p, b), (x,)), in_dims=(0, 0, None))(
            params, buffers, m.tensor(M, dtype=m.float32))
        out.sum().backward()
        results[m] = (out, {k: (v.shape, v.requires_grad, v.is_leaf) for k, v in params.items()},
                      params["weight"].grad)
    same(results[pullback][0], results[torch][0])
    assert results[pullback][1] == {k: (tuple(s), r, l) for k, (s, r, l) in results[torch][1].items()}
    same(results[pullback][2], results[torch][2])


def test_jvp_and_hessian_through_a_small_network_loss():
    """Forward mode and forward-over-reverse through nn.functional ops (linear, gelu, layer_norm,
    cross_entropy, log_softmax, mse_loss)."""
    w1, w2 = RNG.standard_normal((5, 3)), RNG.standard_normal((3, 5))
    x, t, y = RNG.standard_normal((4, 3)), RNG.standard_normal((4, 3)), np.array([0, 1, 2, 0])
    results = {}
    for m in (pullback, torch):
        F = m.nn.functional

        def loss(inp, m=m, F=F):
            h = F.layer_norm(F.gelu(F.linear(inp, m.tensor(w1))), (5,))
            logits = F.linear(h, m.tensor(w2))
            return F.cross_entropy(logits, m.tensor(y[:inp.shape[0]])) + F.log_softmax(logits, -1).mean() \
                + F.mse_loss(h, h * 0.5)
        results[m] = (m.func.jvp(loss, (m.tensor(x),), (m.tensor(t),)), m.func.hessian(loss)(m.tensor(x[:2])))
    same(results[pullback], results[torch])


def same_types(p, t, what="result"):
    """same(), and every container is of torch's type (a tuple where torch returns a tuple)."""
    if isinstance(t, (tuple, list, dict)):
        assert type(p) is type(t), f"{what}: {type(p).__name__} vs torch's {type(t).__name__}"
        for k in (t.keys() if isinstance(t, dict) else range(len(t))):
            same_types(p[k], t[k], f"{what}[{k!r}]")
    same(p, t, what)


VMAP_CASES = {
    "negative in_dims and out_dims": lambda m: m.func.vmap(lambda a: a * 2, in_dims=-1, out_dims=-1)(m.tensor(M)),
    "out_dims None for a non-tensor": lambda m: m.func.vmap(lambda a: (a * 2, 3), out_dims=(0, None))(m.tensor(M)),
    "out_dims None for an unbatched tensor": lambda m: m.func.vmap(lambda a: (a.sum(), m.ones(2)),
                                                                   out_dims=(0, None))(m.tensor(M)),
    "nested out_dims": lambda m: m.func.vmap(lambda a: (a * 2, (a.sum(), a)), out_dims=(0, (0, 1)))(m.tensor(M)),
    "keyword arguments are not mapped": lambda m: m.func.vmap(lambda a, scale=1: a * scale)(m.tensor(M),
                                                                                            scale=m.tensor(X)),
    "empty batch": lambda m: m.func.vmap(lambda a: (a.sum(), a * 2), out_dims=(0, 1))(m.ones(0, 3)),
    "dict in_dims": lambda m: m.func.vmap(lambda d: d["a"] * d["b"], in_dims=({"a": 0, "b": None},))(
        {"a": m.tensor(M), "b": m.tensor(X)}),
    "dict output": lambda m: m.func.vmap(lambda a: {"s": a.sum(), "d": a * 2})(m.tensor(M)),
    "nested vmap with in_dims": lambda m: m.func.vmap(m.func.vmap(lambda a, b: a * b, in_dims=(0, None)),
                                                      in_dims=(1, 0))(m.tensor(M), m.tensor(X)),
    "chunk_size": lambda m: m.func.vmap(lambda a: a.sum(), chunk_size=2)(m.tensor(M)),
    "torch.vmap": lambda m: m.vmap(lambda a: a.sum())(m.tensor(M)),
    "integer output": lambda m: m.func.vmap(lambda a: a.argmax())(m.tensor(M)),
    "hessian with tuple argnums": lambda m: m.func.hessian(lambda x, y: (x * x * y).sum(), argnums=(0, 1))(
        m.tensor(X), m.tensor(Y)),
    "jacrev with tuple argnums": lambda m: m.func.jacrev(lambda x, y: x * y, argnums=(0, 1))(m.tensor(X),
                                                                                             m.tensor(Y)),
    "jacfwd with tuple argnums": lambda m: m.func.jacfwd(lambda x, y: x * y, argnums=(1, 0))(m.tensor(X),
                                                                                             m.tensor(Y)),
    "grad with tuple argnums": lambda m: m.func.grad(lambda x, y: (x * y).sum(), argnums=(0, 1))(m.tensor(X),
                                                                                                 m.tensor(Y)),
    "grad of a dict": lambda m: m.func.grad(lambda d: (d["a"] * d["b"]).sum())({"a": m.tensor(X), "b": m.tensor(Y)}),
}


@pytest.mark.parametrize("key", list(VMAP_CASES))
def test_structures_match_torch_func(key):
    same_types(*both(VMAP_CASES[key]))


@pytest.mark.parametrize("call, exc, phrase", [
    (lambda m: m.func.vmap(lambda a: a, in_dims=2)(m.tensor(M)), ValueError,
     "Got in_dim=2 for some input, but that input is a Tensor of dimensionality 2 so expected in_dim to satisfy "
     "-2 <= in_dim < 2."),
    (lambda m: m.func.vmap(lambda a: a)(m.tensor(2.0)), ValueError, "expected in_dim to satisfy -0 <= in_dim < 0."),
    (lambda m: m.func.vmap(lambda a: a, in_dims=[0])(m.tensor(M)), ValueError,
     "expected `in_dims` to be int or a (potentially nested) tuple matching the structure of inputs, got: "
     "<class 'list'>."),
    (lambda m: m.func.vmap(lambda a: a, in_dims=None)(m.tensor(M)), ValueError,
     "expected `in_dims` to be int or a (potentially nested) tuple"),
    (lambda m: m.func.vmap(lambda a: a)(3.0), ValueError,
     "Got in_dim=0 for an input but the input is of type <class 'float'>. We cannot vmap over non-Tensor arguments"),
    (lambda m: m.func.vmap(lambda a, b: a, in_dims=(None, None))(m.ones(2), m.ones(2)), ValueError,
     "vmap: Expected at least one Tensor to vmap over"),
    (lambda m: m.func.vmap(lambda: 1)(), ValueError, "got no inputs. Maybe you forgot to add inputs"),
    (lambda m: m.func.vmap(lambda a: a * 2, out_dims=None)(m.tensor(M)), ValueError,
     "can not return a BatchedTensor when out_dim is None"),
    (lambda m: m.func.vmap(lambda a: (a, a), out_dims=(0, 0, 0))(m.tensor(M)), ValueError,
     "out_dims is not compatible with the structure of `outputs`."),
    (lambda m: m.func.vmap(lambda a: a, out_dims=(0, 1))(m.tensor(M)), ValueError,
     "out_dims is not compatible with the structure of `outputs`."),
    (lambda m: m.func.vmap(lambda a: (a, a), out_dims=("x", 0))(m.tensor(M)), ValueError,
     "`out_dims` must be an int, None or a python collection of ints"),
    (lambda m: m.func.vmap(lambda a: a + m.rand(3))(m.tensor(M)), RuntimeError,
     "vmap: called random operation while in randomness error mode."),
    (lambda m: m.func.vmap(lambda a: m.nn.functional.dropout(a, 0.5))(m.tensor(M)), RuntimeError,
     "vmap: called random operation while in randomness error mode."),
    (lambda m: m.func.vmap(lambda a: a, randomness="sometimes"), RuntimeError,
     "Only allowed values for randomness are 'error', 'different', or 'same'. Got sometimes"),
    (lambda m: m.func.vmap(lambda a: a, chunk_size=0), ValueError, "vmap: chunk_size should be None or greater than 0"),
    (lambda m: m.func.grad(lambda x: x.sum(), argnums=2)(m.tensor(X)), RuntimeError,
     "Got argnum=2, but only 1 positional inputs"),
    (lambda m: m.func.grad(lambda x, y: x.sum(), argnums=(0, 0))(m.tensor(X), m.tensor(X)), RuntimeError,
     "argnums elements must be unique, got (0, 0)"),
    (lambda m: m.func.grad(lambda x: x.sum(), argnums=())(m.tensor(X)), RuntimeError, "argnums must be non-empty"),
    (lambda m: m.func.jvp(lambda x: x, (m.tensor(X),), (m.ones(2),)), RuntimeError,
     "Trying to set a forward gradient that has a different size than that of the original Tensor"),
    (lambda m: m.func.jvp(lambda x: 3, (m.tensor(X),), (m.ones(3),)), RuntimeError,
     "jvp(f, primals, tangents): expected f(*primals) to return only tensors, got unsupported type <class 'int'>"),
])
def test_more_errors_match_torch(call, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc) as info:
            call(m)
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


@pytest.mark.parametrize("randomness", ["same", "different"])
def test_vmap_randomness_same_and_different(randomness):
    for m in (pullback, torch):
        m.manual_seed(0)
        r = m.func.vmap(lambda a: a * 0 + m.rand(3), randomness=randomness)(m.tensor(M))
        rows_equal = all(bool((r[0] == r[i]).all()) for i in range(1, r.shape[0]))
        assert rows_equal == (randomness == "same"), m.__name__
        m.rand(2)  # the generator is usable again after the vmap


CLOSURE_CASES = {
    "grad": lambda m, w: m.func.grad(lambda x: (x * x * w).sum())(m.tensor(X)),
    "grad_and_value": lambda m, w: m.func.grad_and_value(lambda x: (x * w).sum())(m.tensor(X)),
    "grad has_aux": lambda m, w: m.func.grad(lambda x: ((x * x).sum(), x * w), has_aux=True)(m.tensor(X)),
    "vjp": lambda m, w: (lambda r: (r[0], r[1](m.ones(3))))(m.func.vjp(lambda x: x * w, m.tensor(X))),
    "jacrev": lambda m, w: m.func.jacrev(lambda x: x * w)(m.tensor(X)),
    "jacrev without the closure": lambda m, w: m.func.jacrev(lambda x: x * x)(m.tensor(X)),
    "jacfwd": lambda m, w: m.func.jacfwd(lambda x: x * w)(m.tensor(X)),
    "jvp": lambda m, w: m.func.jvp(lambda x: x * w, (m.tensor(X),), (m.ones(3),)),
    "hessian": lambda m, w: m.func.hessian(lambda x: (x * x * w).sum())(m.tensor(X)),
}


@pytest.mark.parametrize("key", list(CLOSURE_CASES))
def test_results_stay_attached_to_tensors_the_function_closed_over(key):
    """torch.func keeps a transform's result in the outer graph of a closed-over tensor that
    requires grad (so an outer backward, as in meta-learning, sees through the transform)."""
    results = {}
    for m in (pullback, torch):
        w = m.tensor(Y, requires_grad=True)
        results[m] = CLOSURE_CASES[key](m, w)
    same(results[pullback], results[torch])


def test_outer_backward_through_grad_of_a_closure():
    grads = {}
    for m in (pullback, torch):
        w = m.tensor(Y, requires_grad=True)
        inner = m.func.grad(lambda x: (x * x * w).sum().tanh())(m.tensor(X))
        (inner ** 2).sum().backward()
        grads[m] = w.grad
    same(grads[pullback], grads[torch])


def test_linearize_and_non_tensor_transform_inputs():
    out = {}
    for m in (pullback, torch):
        value, jvp_fn = m.func.linearize(lambda x, y: (x.sin() * y, x.sum()), m.tensor(X), m.tensor(Y))
        out[m] = (value, jvp_fn(m.tensor(V), m.tensor(np.ones(3))), jvp_fn(m.tensor(np.ones(3)), m.tensor(V)))
        with pytest.raises(RuntimeError, match="tangent:1 with dtype torch.float32 in flattened pytree doesn't "
                                               "match the dtype torch.float64 of the corresponding primal."):
            jvp_fn(m.tensor(V), m.ones(3))
        for call in (lambda: m.func.jacrev(lambda x, k: x * k, argnums=1)(m.tensor(X), 3.0),
                     lambda: m.func.grad(lambda x, k: (x * k).sum(), argnums=1)(m.tensor(X), 3.0)):
            with pytest.raises(ValueError, match="Thing passed to transform API must be Tensor, got <class 'float'>"):
                call()
    same(out[pullback], out[torch])


# ------------------------------------------------------------------ functional_call, as torch's stateless module
def _functional_call_outcomes(m):
    class Foo(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = m.nn.Linear(2, 2, bias=False)
            self.tied = self.lin
            self.register_buffer("buf", m.ones(2))
            with m.no_grad(): self.lin.weight.copy_(m.tensor([[1., 2.], [3., 4.]]))
        def forward(self, x):
            return self.lin(x) + self.tied(x) + self.buf + getattr(self, "extra", 0)
    x = m.ones(1, 2); W = m.zeros(2, 2)
    out=[]
    for name, f in [
        ("tied", lambda mod: m.func.functional_call(mod, {"lin.weight": W}, (x,))),
        ("untied", lambda mod: m.func.functional_call(mod, {"lin.weight": W}, (x,), tie_weights=False)),
        ("both diff", lambda mod: m.func.functional_call(mod, {"lin.weight": W, "tied.weight": W + 1}, (x,))),
        ("both same", lambda mod: m.func.functional_call(mod, {"lin.weight": W, "tied.weight": W}, (x,))),
        ("strict", lambda mod: m.func.functional_call(mod, {"lin.weight": W, "zz": W}, (x,), strict=True)),
        ("unknown", lambda mod: m.func.functional_call(mod, {"extra": m.ones(2)}, (x,))),
        ("unknown nested", lambda mod: m.func.functional_call(mod, {"lin.nope": W}, (x,))),
        ("bad path", lambda mod: m.func.functional_call(mod, {"zzz.weight": W}, (x,))),
        ("not tensor", lambda mod: m.func.functional_call(mod, {"buf": 3}, (x,))),
        ("kwargs", lambda mod: m.func.functional_call(mod, {"buf": m.zeros(2)}, (), {"x": x})),
        ("args not tuple", lambda mod: m.func.functional_call(mod, {"buf": m.zeros(2)}, x)),
        ("dup dicts", lambda mod: m.func.functional_call(mod, ({"buf": m.zeros(2)}, {"buf": m.zeros(2)}), x)),
        ("bad dicts", lambda mod: m.func.functional_call(mod, [1], x)),
        ("bad type", lambda mod: m.func.functional_call(mod, 1, x)),
        ("stateless", lambda mod: m.nn.utils.stateless.functional_call(mod, {"buf": m.zeros(2)}, x)),
    ]:
        mod = Foo()
        try: r = f(mod); res = r.tolist()
        except Exception as e: res = (type(e).__name__, str(e))
        out.append((name, res, mod.lin.weight.tolist(), mod.buf.tolist(), hasattr(mod, "extra"), hasattr(mod.lin, "nope")))
    return out


def test_functional_call_matches_torch_on_ties_strictness_and_names():
    """Tied weights (one module under two names: torch leaves the tied value in place after the call, and so
    does pullback), strict key checks, names the module lacks (set for the call), bad paths and values, the
    argument forms, and the deprecated stateless.functional_call: results, errors and the module after."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        ours, theirs = _functional_call_outcomes(pullback), _functional_call_outcomes(torch)
    for a, b in zip(ours, theirs):
        assert a == b


def test_stateless_functional_call_is_deprecated_as_in_torch():
    for m in (pullback, torch):
        with pytest.warns(FutureWarning, match="Please use `torch.func.functional_call` instead"):
            m.nn.utils.stateless.functional_call(m.nn.Linear(2, 1), {}, m.ones(1, 2))


# ------------------------------------------------------------------ rearrange (einops patterns)
_REARRANGE_INPUT = np.random.default_rng(0).standard_normal((2, 6, 4, 3)).astype(np.float32)
REARRANGE_CASES = [('b h w c -> b c h w',{}),('b (h1 h) (w1 w) c -> (b h1 w1) h w c',dict(h1=2,w1=2)),('b ... c -> b c ...',{}),
 ('b h w c -> b h w c 1',{}),('b h w c -> (b h w c)',{}), ('b (h h1) (w w1) c -> b h w (c h1 w1)', dict(h1=2, w1=2)),
 ('b (h1 h) w c -> b h1 h w c',dict(h1=4)),('b (h1 h) w c -> b h1 h w c',{}),('b h w c -> b h w c',dict(h=5)),
 ('b (h1 h) w c -> b h1 h w c',dict(h1=2,h=2)), ('b h w c -> b h w c', dict(h=6)), ('b h w c -> b h w c', dict(zz=6)),
 ('b h w c -> b h w c', dict(h=6.5)), ('b h w c -> b () h w c',{}), ('b h w c -> b 2 h w c',{}), ('b h w c -> b h w c -> x',{}),
 ('b h w c', {}), ('b h w (c) -> b h w c',{}), ('b h w ((c)) -> b h w c',{}), ('b h w c. -> b h w c',{}),
 ('b h w _c -> b h w _c',{}), ('... -> ...',{}), ('b ... -> ... b',{}), ('b (...) -> b ...',{}), ('b h w c -> b ... c h w',{}),
 ('(b h) w c -> b h w c',{}), ('b h w c -> b h w c 1 1',{}), ('b 1 w c -> b w c',{}), ('b h w c -> c h w b', {}),
 ('b h w c -> b h (w c)', {}), ('b h w -> b h w', {}), ('b h w c -> b h w', {}), ('b h h c -> b h c', {}),
 ('b h w c -> b h w c)', {}), ('b h w c -> b h w c(', {}), ('b h w c -> b h w c$', {}), ('b ... c ... -> b c', {}),
 ('a b c d e -> e', {}), ('b h w c -> b h w 0', {}), ('b h w () -> b h w', {}), ('b h w c -> (b) (h) (w) (c)', {}),
 ('b h w c -> b h w c', dict(c=3, b=2)), ('b (h w) q c -> b h w q c', dict(h=0)),
 ('b ... -> (b ...)', {}), ('... c -> (c ...)', {}), ('b h ... -> (... 1) h b', {}),
]


def _rearranged(m, pattern, lengths):
    x = m.tensor(_REARRANGE_INPUT, requires_grad=True)
    try:
        y = m.func.rearrange(x, pattern, **lengths)
    except Exception as e:  # noqa: BLE001 - compared with torch's
        return type(e).__name__, str(e)
    g, = m.autograd.grad((y * m.arange(y.numel(), dtype=y.dtype).reshape(y.shape)).sum(), x)
    return "ok", tuple(y.shape), y.stride(), y.is_contiguous(), y.detach().numpy(), g.numpy()


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("pattern,lengths", REARRANGE_CASES)
def test_rearrange_matches_torch(pattern, lengths):
    """Values, layouts and gradients of each pattern, or torch's exception and message (its parser's, and
    first-class dims' DimensionBindError, matched by class name)."""
    ours, theirs = _rearranged(pullback, pattern, lengths), _rearranged(torch, pattern, lengths)
    assert ours[:4] == theirs[:4]
    if ours[0] == "ok":
        np.testing.assert_allclose(ours[4], theirs[4], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(ours[5], theirs[5], rtol=1e-6)


def test_rearrange_stacks_a_sequence_and_warns_on_discouraged_names():
    for m in (pullback, torch):
        out = m.func.rearrange([m.ones(2), m.zeros(2)], "n d -> d n")
        assert out.tolist() == [[1.0, 0.0], [1.0, 0.0]]
        with pytest.warns(FutureWarning, match="It is discouraged to use 'axis' as an axis name"):
            m.func.rearrange(m.ones(2, 3), "axis b -> b axis")


def test_replace_all_batch_norm_modules_matches_torch():
    results = []
    for m in (pullback, torch):
        model = m.nn.Sequential(m.nn.Linear(3, 4), m.nn.BatchNorm1d(4), m.nn.Sequential(m.nn.BatchNorm1d(4)))
        with m.no_grad():
            model[0].weight.copy_(m.tensor(_REARRANGE_INPUT.reshape(-1)[:12].reshape(4, 3)))
        assert m.func.replace_all_batch_norm_modules_(model) is model
        bns = [model[1], model[2][0]]
        results.append([(bn.running_mean, bn.running_var, bn.num_batches_tracked, bn.track_running_stats)
                        for bn in bns] + [sorted(model.state_dict())])
        model.eval()  # no running statistics: batch statistics even in eval
        x = m.tensor(_REARRANGE_INPUT.reshape(-1, 3)[:8])
        results[-1].append(np.round(model(x).detach().numpy(), 5).tolist())
    assert results[0] == results[1]
    assert pullback.func.debug_unwrap(x := pullback.ones(2)) is x


def _functions(m):
    class Old(m.autograd.Function):  # ctx in forward: no setup_context
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class New(m.autograd.Function):
        @staticmethod
        def forward(x):
            return x * 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

        @staticmethod
        def backward(ctx, g):
            return g * 2

    class Generated(New):
        generate_vmap_rule = True

    return Old, New, Generated


TRANSFORMED_FUNCTIONS = {
    "vmap old": lambda m, F: m.func.vmap(F[0].apply)(m.ones(3)),
    "grad old": lambda m, F: m.func.grad(lambda t: F[0].apply(t).sum())(m.ones(3)),
    "jacrev old": lambda m, F: m.func.jacrev(F[0].apply)(m.ones(3)),
    "jvp old": lambda m, F: m.func.jvp(F[0].apply, (m.ones(3),), (m.ones(3),)),
    "vjp old": lambda m, F: m.func.vjp(F[0].apply, m.ones(3))[0],
    "vmap in a lambda old": lambda m, F: m.func.vmap(lambda t: F[0].apply(t) + 1)(m.ones(3)),
    "vmap new": lambda m, F: m.func.vmap(F[1].apply)(m.ones(3)),
    "vmap(grad) new": lambda m, F: m.func.vmap(m.func.grad(lambda t: F[1].apply(t).sum()))(m.ones(2, 3)),
    "grad new": lambda m, F: m.func.grad(lambda t: F[1].apply(t).sum())(m.ones(3)),
    "jacrev new": lambda m, F: m.func.jacrev(F[1].apply)(m.ones(2)),
    "vmap generated": lambda m, F: m.func.vmap(F[2].apply)(m.ones(3)),
    "vmap(jacrev) generated": lambda m, F: m.func.vmap(m.func.jacrev(F[2].apply))(m.ones(2, 2)),
    "old outside transforms": lambda m, F: F[0].apply(m.ones(3)),
    "new after a failed vmap": lambda m, F: (_swallow(lambda: m.func.vmap(F[1].apply)(m.ones(3))),
                                             F[1].apply(m.ones(3)))[1],
}


def _swallow(call):
    try:
        call()
    except RuntimeError:
        pass


@pytest.mark.parametrize("name", TRANSFORMED_FUNCTIONS)
def test_custom_functions_under_transforms_as_torch(name):
    # torch.func refuses a Function without setup_context under any transform, and one without a vmap rule
    # (or generate_vmap_rule) under vmap
    results = []
    for m in (pullback, torch):
        try:
            results.append(("ok", TRANSFORMED_FUNCTIONS[name](m, _functions(m))))
        except RuntimeError as e:
            results.append(("error", str(e)))
    (kind_p, p), (kind_t, t) = results
    assert kind_p == kind_t, (p, t)
    if kind_t == "error":
        assert p == t
    else:
        same(p, t)
