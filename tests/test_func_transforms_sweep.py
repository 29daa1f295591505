"""Option sweep of the function transforms against torch: torch.autograd.functional (jacobian, hessian,
vjp, jvp, vhp, hvp with create_graph, strict, vectorize, strategy) and torch.func (grad, grad_and_value,
vjp, jvp, jacrev, jacfwd, hessian, vmap, linearize, functional_call, stack_module_state with argnums,
has_aux, in_dims/out_dims, chunk_size, randomness, nesting), on small float64 problems built from a table
of function bodies. Each case runs under both libraries; the outcomes compared are the results' container
types and nesting, tensor shapes, dtypes, requires_grad and grad_fn presence, values, or the error's class
and first line."""
import itertools

import numpy as np
import pytest
import torch

import pullback

RNG = np.random.default_rng(11)
X = RNG.uniform(0.2, 0.9, (3,))
Y = RNG.uniform(0.2, 0.9, (3,))
V = RNG.standard_normal((3,))
W = RNG.standard_normal((2, 3))
XB = RNG.uniform(0.2, 0.9, (4, 3))
W1, B1, W2 = RNG.standard_normal((4, 3)), RNG.standard_normal(4), RNG.standard_normal((2, 4))


# ------------------------------------------------------------------ outcomes and their comparison
def describe(r):
    """A result as comparable plain data: containers by type, tensors by shape, dtype, requires_grad,
    grad_fn presence and values."""
    if isinstance(r, (pullback.Tensor, torch.Tensor)):
        return ("Tensor", tuple(r.shape), str(r.dtype).replace("torch.", "").replace("pullback.", ""),
                r.requires_grad, r.grad_fn is not None, r.detach().numpy().copy())
    if isinstance(r, (tuple, list)):  # (named tuples by their class name)
        return ("sequence", type(r).__name__, [describe(x) for x in r])
    if isinstance(r, dict):
        return ("dict", {k: describe(v) for k, v in r.items()})
    if callable(r):
        return ("callable",)
    return ("value", r)


def outcome(call, m):
    try:
        return ("ok", describe(call(m)))
    except Exception as e:  # noqa: BLE001 - compared with torch's
        return ("error", type(e).__name__, str(e).strip().split("\n")[0])


def assert_same(p, t, what="result"):
    if t[0] == "Tensor":
        assert p[0] == "Tensor", f"{what}: {p[0]} vs torch's Tensor"
        assert p[1:5] == t[1:5], f"{what}: (shape, dtype, requires_grad, has grad_fn) {p[1:5]} vs torch's {t[1:5]}"
        if p[5].dtype.kind == "f":  # (float32: last bits of transcendental ops may differ, docs/differences.md)
            tol = 1e-10 if p[5].dtype == np.float64 else 1e-6
            np.testing.assert_allclose(p[5], t[5], rtol=tol, atol=tol * 1e-2, err_msg=what)
        else:
            np.testing.assert_array_equal(p[5], t[5], err_msg=what)
    elif t[0] == "sequence":
        assert p[:2] == t[:2] and len(p[2]) == len(t[2]), f"{what}: {p[1]} of {len(p[2])} vs torch's {t[1]} of " \
                                                          f"{len(t[2])}"
        for i, (a, b) in enumerate(zip(p[2], t[2])):
            assert_same(a, b, f"{what}[{i}]")
    elif t[0] == "dict":
        assert p[0] == "dict" and list(p[1]) == list(t[1]), f"{what}: {p} vs torch's dict {list(t[1])}"
        for k in t[1]:
            assert_same(p[1][k], t[1][k], f"{what}[{k!r}]")
    else:
        assert p[0] == t[0] and (t[0] == "callable" or p[1] == t[1]), f"{what}: {p} vs torch's {t}"


def assert_outcomes_match(call):
    p, t = outcome(call, pullback), outcome(call, torch)
    assert p[0] == t[0], f"pullback: {p if p[0] == 'error' else 'ok'}; torch: {t if t[0] == 'error' else 'ok'}"
    if t[0] == "error":
        assert p[1:] == t[1:]
    else:
        assert_same(p[1], t[1])


# ------------------------------------------------------------------ torch.autograd.functional
def _mlp(m):
    """An MLP as a function of its weights (the module is made here, outside any transform: torch refuses
    the `.data` writes of Module.double() on tensors made inside grad or jvp)."""
    model = m.nn.Sequential(m.nn.Linear(3, 4), m.nn.Tanh(), m.nn.Linear(4, 2, bias=False)).double()
    return lambda w1, b1, w2: m.func.functional_call(
        model, {"0.weight": w1, "0.bias": b1, "2.weight": w2}, (m.tensor(XB),)).sin()


# name: (function of m making the function of the inputs, input arrays, does it return a single-element tensor)
BODIES = {
    "elementwise chain": (lambda m: lambda x: (x.sin() * x.exp() + x ** 2).tanh(), (X,), False),
    "reduction": (lambda m: lambda x: (x.sin() * x ** 3).sum(), (X,), True),
    "single-element vector": (lambda m: lambda x: (x.cos() * x).sum().reshape(1), (X,), True),
    "matmul": (lambda m: lambda w, x: m.matmul(w, x).tanh(), (W, X), False),
    "matmul to scalar": (lambda m: lambda w, x: m.matmul(w, x).exp().sum(), (W, X), True),
    "mlp (functional_call)": (_mlp, (W1, B1, W2), False),
    "mlp loss": (lambda m: (lambda f: lambda *ws: (f(*ws) ** 2).mean())(_mlp(m)), (W1, B1, W2), True),
    "tuple out": (lambda m: lambda x, y: (x * y, (x ** 2 * y).sum()), (X, Y), False),
    "output independent of input 0": (lambda m: lambda x, y: y.sin(), (X, Y), False),
    "scalar independent of input 1": (lambda m: lambda x, y: (x ** 3).sum(), (X, Y), True),
    "linear (constant jacobian)": (lambda m: lambda x: (x * 2).sum(), (X,), True),
    "constant output": (lambda m: lambda x: m.ones(3, dtype=m.float64), (X,), False),
    "output is the input": (lambda m: lambda x: x, (X,), False),
    "random": (lambda m: lambda x: x * m.rand(3, dtype=m.float64), (X,), False),
}

AF_OPTIONS = {
    "jacobian": [dict(), dict(create_graph=True), dict(strict=True), dict(strict=True, create_graph=True),
                 dict(vectorize=True), dict(vectorize=True, strategy="forward-mode"),
                 dict(strategy="forward-mode"), dict(vectorize=True, strict=True),
                 dict(vectorize=True, create_graph=True)],
    "hessian": [dict(), dict(create_graph=True), dict(strict=True), dict(vectorize=True),
                dict(vectorize=True, outer_jacobian_strategy="forward-mode"),
                dict(outer_jacobian_strategy="forward-mode"), dict(create_graph=True, vectorize=True),
                dict(strict=True, create_graph=True)],
    "vjp": [dict(), dict(create_graph=True), dict(strict=True), dict(v=None), dict(strict=True, create_graph=True)],
    "jvp": [dict(), dict(create_graph=True), dict(strict=True), dict(v=None), dict(strict=True, create_graph=True)],
    "vhp": [dict(), dict(create_graph=True), dict(strict=True), dict(v=None), dict(strict=True, create_graph=True)],
    "hvp": [dict(), dict(create_graph=True), dict(strict=True), dict(v=None), dict(strict=True, create_graph=True)],
}


def _af_call(fname, body, options, inputs_require_grad):
    make, arrays, _ = BODIES[body]

    def call(m):
        ins = tuple(m.tensor(a, requires_grad=inputs_require_grad) for a in arrays)
        inputs = ins if len(ins) > 1 else ins[0]
        func = make(m)
        kwargs = dict(options)
        fn = getattr(m.autograd.functional, fname)
        if fname in ("jacobian", "hessian"):
            return fn(func, inputs, **kwargs)
        if "v" not in kwargs:
            if fname == "vjp":
                with m.no_grad():
                    outs = func(*(m.tensor(a) for a in arrays))
                outs = outs if isinstance(outs, tuple) else (outs,)
                v = tuple(m.full(o.shape, 0.5, dtype=m.float64) + m.arange(o.numel(), dtype=m.float64).reshape(o.shape)
                          for o in outs)
            else:
                v = tuple(m.tensor(a * 0.5 + 0.25) for a in arrays)
            kwargs["v"] = v if len(v) > 1 else v[0]
        return fn(func, inputs, **kwargs)
    return call


AF_CASES = [(fname, body, i, rg) for fname, opts in AF_OPTIONS.items() for body in BODIES
            for i in range(len(opts)) for rg in (False, True)
            if (fname in ("jacobian", "vjp", "jvp") or BODIES[body][2] or not rg)
            and (rg is False or i in (0, 1)) and (body != "random" or "forward-mode" in opts[i].values())]


@pytest.mark.parametrize("fname, body", sorted({(fname, body) for fname, body, _, _ in AF_CASES}))
def test_autograd_functional(fname, body):
    """Each of the function's options (and inputs that require grad, for the plain and create_graph calls)
    on one body; every mismatch is reported."""
    failures = []
    for _, _, option, inputs_require_grad in [c for c in AF_CASES if c[:2] == (fname, body)]:
        try:
            assert_outcomes_match(_af_call(fname, body, AF_OPTIONS[fname][option], inputs_require_grad))
        except AssertionError as e:
            failures.append(f"{AF_OPTIONS[fname][option]}, inputs_require_grad={inputs_require_grad}: {e}")
    assert not failures, "\n".join(failures)


def test_autograd_functional_create_graph_results_differentiate_as_torch():
    """A create_graph result's own gradient (second or third order) is torch's."""
    results = {}
    for m in (pullback, torch):
        x, y = m.tensor(X, requires_grad=True), m.tensor(Y, requires_grad=True)
        F = m.autograd.functional
        f = lambda a, b: (a.sin() * b ** 2).sum()  # noqa: E731
        outs = [F.jacobian(f, (x, y), create_graph=True)[0], F.hessian(f, (x, y), create_graph=True)[0][1],
                F.vjp(lambda a: a.exp() * a, x, m.tensor(V), create_graph=True)[1],
                F.jvp(lambda a: a.exp() * a, x, m.tensor(V), create_graph=True)[1],
                F.hvp(lambda a: (a ** 4).sum(), x, m.tensor(V), create_graph=True)[1],
                F.vhp(lambda a: (a ** 4).sum(), x, m.tensor(V), create_graph=True)[1]]
        results[m] = [describe(g) for o in outs for g in m.autograd.grad((o * o).sum(), (x, y), allow_unused=True,
                                                                         materialize_grads=True)]
    for a, b in zip(results[pullback], results[torch]):
        assert_same(a, b)


@pytest.mark.parametrize("fname, args, kwargs", [
    ("jacobian", lambda m: (lambda x: x, [m.ones(2)]), {}),
    ("jacobian", lambda m: (lambda x: 3, m.ones(2)), {}),
    ("jacobian", lambda m: (lambda x: [x], m.ones(2)), {}),
    ("hessian", lambda m: (lambda x, y: (x * y).sum(), (m.ones(2), 3.0)), {}),
    ("hessian", lambda m: (lambda x: (x.sum(), x.sum()), m.ones(2)), {}),
    ("hessian", lambda m: (lambda x: 1.0, m.ones(2)), {}),
    ("vjp", lambda m: (lambda x, y: x * y, (m.ones(2), m.ones(2)), (m.ones(2), m.ones(2))), {}),
    ("vjp", lambda m: (lambda x: (x, x), m.ones(2), m.ones(2)), {}),
    ("vjp", lambda m: (lambda x: (x, x), m.ones(2), (m.ones(2), m.ones(3))), {}),
    ("jvp", lambda m: (lambda x, y: x * y, (m.ones(2), m.ones(2)), m.ones(2)), {}),
    ("jvp", lambda m: (lambda x, y: x * y, (m.ones(2), m.ones(2)), (m.ones(2), m.ones(3))), {}),
    ("vhp", lambda m: (lambda x: x * 2, m.ones(2), m.ones(2)), {}),
    ("hvp", lambda m: (lambda x: (x * x).sum(), m.ones(2), m.ones(3)), {}),
    ("vhp", lambda m: (lambda x: (x * x).sum(), m.ones(2)), {}),
    ("jacobian", lambda m: (lambda x: x.detach(), m.ones(2)), {"strict": True}),
    ("vjp", lambda m: (lambda x: x.detach(), m.ones(2), m.ones(2)), {"strict": True}),
    ("jvp", lambda m: (lambda x: x.detach() * x, m.ones(2), m.ones(2)), {"strict": True}),
    ("jvp", lambda m: (lambda x: x * 2, m.ones(2), m.ones(2)), {"strict": True}),
    ("hvp", lambda m: (lambda x: x.sum() * 2, m.ones(2), m.ones(2)), {"strict": True}),
    ("vhp", lambda m: (lambda x: (x ** 2).sum(), m.ones(2), m.ones(2)), {"strict": True}),
    ("hvp", lambda m: (lambda x: (x ** 2).sum(), m.ones(2), m.ones(2)), {"strict": True}),
    ("hessian", lambda m: (lambda x: (x ** 2).sum(), m.ones(2)), {"strict": True}),
    ("hessian", lambda m: (lambda x: (x ** 2).sum(), m.ones(2)), {"strict": True, "vectorize": True}),
    ("jacobian", lambda m: (lambda x: x ** 2, m.ones(2)), {"create_graph": True, "strict": True}),
    ("jacobian", lambda m: (lambda x: x * 2, m.ones(2)), {"create_graph": True, "strict": True}),
    ("jacobian", lambda m: (lambda x: x * 2, (m.ones(2), m.ones(1))), {"vectorize": True, "strategy": "forward-mode"}),
    ("vjp", lambda m: (lambda x: x * 2, m.ones(2), (m.ones(2), m.ones(2))), {}),
    ("jvp", lambda m: (lambda x: x * 2, m.ones(2), (m.ones(2),)), {}),
    ("hvp", lambda m: (lambda x, y: (x * y).sum(), (m.ones(2), m.ones(2)), m.ones(2)), {}),
    ("jacobian", lambda m: (lambda x: x * m.rand(2), m.ones(2)), {"vectorize": True, "strategy": "forward-mode"}),
    ("hessian", lambda m: (lambda x: (x * m.rand(2)).sum(), m.ones(2)),
     {"vectorize": True, "outer_jacobian_strategy": "forward-mode"}),
    ("jacobian", lambda m: (lambda x: x.long(), m.ones(2)), {}),
    ("vjp", lambda m: (lambda x: x.long(), m.ones(2), m.ones(2, dtype=m.long)), {}),
    ("jacobian", lambda m: (lambda x: x * 2, m.arange(2)), {}),
    ("jacobian", lambda m: (lambda x: x * 2, ()), {}),
    ("hessian", lambda m: (lambda x: (x ** 3).sum(), m.ones(2)),
     {"create_graph": True, "vectorize": True, "outer_jacobian_strategy": "forward-mode"}),
    ("jacobian", lambda m: (lambda x: x.float() * x.float() / 3, m.tensor(X[:2])), {}),
    ("jacobian", lambda m: (lambda x: x.float() * x.float() / 3, m.tensor(X[:2])), {"vectorize": True}),
    ("jacobian", lambda m: (lambda x: x.float() * x.float() / 3, m.tensor(X[:2])),
     {"vectorize": True, "strategy": "forward-mode"}),
    ("vjp", lambda m: (lambda x: x.float() * x.float() / 3, m.tensor(X[:2]), m.ones(2, dtype=m.float64)), {}),
    ("jvp", lambda m: (lambda x: x.float() * x.float() / 3, m.tensor(X[:2]), m.ones(2)), {}),
])

def test_autograd_functional_refusals(fname, args, kwargs):
    assert_outcomes_match(lambda m: getattr(m.autograd.functional, fname)(*args(m), **kwargs))


@pytest.mark.parametrize("fname", ["jacobian", "hessian", "vjp", "jvp", "vhp", "hvp"])
def test_autograd_functional_structures_for_one_tensor_tuples(fname):
    """A 1-tuple of inputs gives tuples back where a plain tensor gives tensors; v requiring grad with
    create_graph keeps the result attached to it."""
    def call(m):
        x = m.tensor(X, requires_grad=True)
        v = m.tensor(V, requires_grad=True)
        f = (lambda a: (a ** 3).sum()) if fname in ("hessian", "vhp", "hvp") else (lambda a: (a.exp() * a,))
        fn = getattr(m.autograd.functional, fname)
        if fname in ("jacobian", "hessian"):
            return fn(f, (x,)), fn(f, (x,), create_graph=True), fn(f, (x,), vectorize=True)
        return fn(f, (x,), (v,)), fn(f, (x,), (v,), create_graph=True), fn(f, x, v, create_graph=True)
    assert_outcomes_match(call)


# ------------------------------------------------------------------ torch.func
def _t(m, a, **kw):
    return m.tensor(np.asarray(a, dtype=np.float64), **kw)


def _model(m):
    model = m.nn.Sequential(m.nn.Linear(3, 4), m.nn.Tanh(), m.nn.Linear(4, 2)).double()
    with m.no_grad():
        for p, a in zip(model.parameters(), (W1, B1, W2, B1[:2])):
            p.copy_(m.tensor(a))
    return model


def _params(m):
    return {k: v.detach() for k, v in _model(m).named_parameters()}


def loss_of_params(m):
    model = _model(m)
    return lambda p, x: (m.func.functional_call(model, p, (x,)) ** 2).sum()


def mlp_of(m):
    """The MLP as a function of (parameters, data), its module made outside the transforms."""
    model = _model(m)
    return lambda p, x: m.func.functional_call(model, p, (x,))


FUNC_CASES = {
    # grad / grad_and_value
    "grad argnums=1": lambda m: m.func.grad(lambda x, y: (x.sin() * y ** 2).sum(), argnums=1)(_t(m, X), _t(m, Y)),
    "grad argnums=-1": lambda m: m.func.grad(lambda x, y: (x.sin() * y ** 2).sum(), argnums=-1)(_t(m, X), _t(m, Y)),
    "grad argnums=(1, 0)": lambda m: m.func.grad(lambda x, y: (x.sin() * y ** 2).sum(), argnums=(1, 0))(
        _t(m, X), _t(m, Y)),
    "grad argnums=(0,)": lambda m: m.func.grad(lambda x, y: (x * y).sum(), argnums=(0,))(_t(m, X), _t(m, Y)),
    "grad argnums list": lambda m: m.func.grad(lambda x, y: (x * y).sum(), argnums=[0, 1])(_t(m, X), _t(m, Y)),
    "grad argnums float": lambda m: m.func.grad(lambda x, y: (x * y).sum(), argnums=(0, 1.0))(_t(m, X), _t(m, Y)),
    "grad argnums negative out of range": lambda m: m.func.grad(lambda x: x.sum(), argnums=-2)(_t(m, X)),
    "grad of a nested pytree": lambda m: m.func.grad(lambda t: (t[0] * t[1]["a"] * t[1]["b"][0]).sum())(
        (_t(m, X), {"a": _t(m, Y), "b": [_t(m, V)]})),
    "grad pytree with a list": lambda m: m.func.grad(lambda t: (t[0] * t[1]).sum())([_t(m, X), _t(m, Y)]),
    "grad with an int extra arg": lambda m: m.func.grad(lambda x, k: (x ** k).sum())(_t(m, X), 3),
    "grad with a tensor extra arg": lambda m: m.func.grad(lambda x, w: (x * w).sum())(_t(m, X), _t(m, Y)),
    "grad with a kwarg": lambda m: m.func.grad(lambda x, scale=1.0: (x * scale).sum())(_t(m, X), scale=_t(m, Y)),
    "grad of a tensor extra arg that requires grad": lambda m: m.func.grad(lambda x, w: (x * w).sum())(
        _t(m, X), _t(m, Y, requires_grad=True)),
    "grad has_aux tensor aux": lambda m: m.func.grad(lambda x: ((x ** 2).sum(), x.exp()), has_aux=True)(_t(m, X)),
    "grad has_aux pytree aux": lambda m: m.func.grad(lambda x: (x.sum(), {"a": (x, 2), "b": [x * 3]}),
                                                     has_aux=True)(_t(m, X)),
    "grad has_aux non-tensor aux": lambda m: m.func.grad(lambda x: (x.sum(), 7), has_aux=True)(_t(m, X)),
    "grad has_aux but no tuple": lambda m: m.func.grad(lambda x: x.sum(), has_aux=True)(_t(m, X)),
    "grad has_aux 3-tuple": lambda m: m.func.grad(lambda x: (x.sum(), x, x), has_aux=True)(_t(m, X)),
    "grad has_aux list": lambda m: m.func.grad(lambda x: [x.sum(), x], has_aux=True)(_t(m, X)),
    "grad non-tensor output": lambda m: m.func.grad(lambda x: 3.0)(_t(m, X)),
    "grad vector output": lambda m: m.func.grad(lambda x: x * 2)(_t(m, X)),
    "grad single-element vector output": lambda m: m.func.grad(lambda x: x.sum().reshape(1))(_t(m, X)),
    "grad of a constant output": lambda m: m.func.grad(lambda x: m.tensor(1.0, dtype=m.float64))(_t(m, X)),
    "grad of an int input": lambda m: m.func.grad(lambda x: x.sum())(m.arange(3)),
    "grad of a non-tensor input": lambda m: m.func.grad(lambda x: x * 2)(3.0),
    "grad of a mixed pytree": lambda m: m.func.grad(lambda t: t[0].sum())((_t(m, X), 3)),
    "grad no args": lambda m: m.func.grad(lambda: m.ones(()))(),
    "grad_and_value argnums tuple": lambda m: m.func.grad_and_value(lambda x, y: (x * y.exp()).sum(),
                                                                    argnums=(0, 1))(_t(m, X), _t(m, Y)),
    "grad_and_value has_aux": lambda m: m.func.grad_and_value(lambda x: ((x ** 3).sum(), {"x": x}),
                                                              has_aux=True)(_t(m, X)),
    "grad_and_value vector output": lambda m: m.func.grad_and_value(lambda x: x)(_t(m, X)),
    "grad_and_value non-tensor output": lambda m: m.func.grad_and_value(lambda x: None)(_t(m, X)),
    "grad of an mlp loss": lambda m: m.func.grad(loss_of_params(m))(_params(m), _t(m, XB)),
    "grad of an mlp loss w.r.t. the data": lambda m: m.func.grad(loss_of_params(m), argnums=1)(_params(m),
                                                                                               _t(m, XB)),
    # vjp
    "vjp pytree primals": lambda m: (lambda r: (r[0], r[1]((_t(m, V), _t(m, 2.0)))))(
        m.func.vjp(lambda d: (d["a"] * d["b"], (d["a"] ** 2).sum()), {"a": _t(m, X), "b": _t(m, Y)})),
    "vjp dict output": lambda m: (lambda r: (r[0], r[1]({"s": _t(m, V), "t": _t(m, 1.5)})))(
        m.func.vjp(lambda x: {"s": x.sin(), "t": x.sum()}, _t(m, X))),
    "vjp has_aux": lambda m: (lambda r: (r[0], r[1](_t(m, V)), r[2]))(
        m.func.vjp(lambda x: (x.exp(), {"aux": x.sum()}), _t(m, X), has_aux=True)),
    "vjp has_aux not a tuple": lambda m: m.func.vjp(lambda x: x.exp(), _t(m, X), has_aux=True),
    "vjp two primals": lambda m: (lambda r: (r[0], r[1](_t(m, V[:2]))))(
        m.func.vjp(lambda w, x: m.matmul(w, x), _t(m, W), _t(m, X))),
    "vjp cotangent of the wrong structure": lambda m: m.func.vjp(lambda x: (x, x), _t(m, X))[1](_t(m, V)),
    "vjp cotangent of the wrong shape": lambda m: m.func.vjp(lambda x: x.sin(), _t(m, X))[1](m.ones(2)),
    "vjp non-tensor output": lambda m: m.func.vjp(lambda x: 3, _t(m, X)),
    "vjp non-tensor primal": lambda m: m.func.vjp(lambda x: x, 3.0),
    "vjp output independent of the input": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(
        m.func.vjp(lambda x: m.ones(3, dtype=m.float64), _t(m, X))),
    "vjp of a primal that requires grad": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(
        m.func.vjp(lambda x: x * 2, _t(m, X, requires_grad=True))),
    "vjp cotangent that requires grad": lambda m: m.func.vjp(lambda x: x * x, _t(m, X))[1](
        _t(m, V, requires_grad=True)),
    "vjp of an mlp": lambda m: (lambda f: (lambda r: (r[0], r[1](m.ones(4, 2, dtype=m.float64))))(
        m.func.vjp(lambda p: f(p, _t(m, XB)), _params(m))))(mlp_of(m)),
    # jvp
    "jvp pytree primals": lambda m: m.func.jvp(lambda d: d["a"] * d["b"].sin(), ({"a": _t(m, X), "b": _t(m, Y)},),
                                               ({"a": _t(m, V), "b": _t(m, V)},)),
    "jvp tuple output": lambda m: m.func.jvp(lambda x, y: (x * y, (x ** 2).sum()), (_t(m, X), _t(m, Y)),
                                             (_t(m, V), _t(m, V))),
    "jvp dict output": lambda m: m.func.jvp(lambda x: {"e": x.exp(), "s": x.sum()}, (_t(m, X),), (_t(m, V),)),
    "jvp has_aux": lambda m: m.func.jvp(lambda x: (x.exp(), {"a": x * 2}), (_t(m, X),), (_t(m, V),), has_aux=True),
    "jvp has_aux not a tuple": lambda m: m.func.jvp(lambda x: x.exp(), (_t(m, X),), (_t(m, V),), has_aux=True),
    "jvp strict": lambda m: m.func.jvp(lambda x: x.exp(), (_t(m, X),), (_t(m, V),), strict=True),
    "jvp structures differ": lambda m: m.func.jvp(lambda x, y: x, (_t(m, X), _t(m, Y)), (_t(m, V),)),
    "jvp tangent not a tuple": lambda m: m.func.jvp(lambda x: x, (_t(m, X),), _t(m, V)),
    "jvp tangent of another dtype": lambda m: m.func.jvp(lambda x: x * 2, (_t(m, X),), (m.ones(3),)),
    "jvp non-tensor primal": lambda m: m.func.jvp(lambda x: x, (3.0,), (1.0,)),
    "jvp output independent of the input": lambda m: m.func.jvp(lambda x: m.ones(2, dtype=m.float64), (_t(m, X),),
                                                                (_t(m, V),)),
    "jvp output is the input": lambda m: m.func.jvp(lambda x: x, (_t(m, X),), (_t(m, V),)),
    "jvp of a primal that requires grad": lambda m: m.func.jvp(lambda x: x.sin(), (_t(m, X, requires_grad=True),),
                                                               (_t(m, V),)),
    "jvp of an mlp": lambda m: (lambda f, p: m.func.jvp(lambda x: f(p, x), (_t(m, XB),),
                                                        (m.ones(4, 3, dtype=m.float64),)))(mlp_of(m), _params(m)),
    "jvp empty primals": lambda m: m.func.jvp(lambda: m.ones(2), (), ()),
    # jacrev / jacfwd / hessian
    "jacrev argnums=1": lambda m: m.func.jacrev(lambda w, x: m.matmul(w, x).tanh(), argnums=1)(_t(m, W), _t(m, X)),
    "jacrev argnums=(0, 1)": lambda m: m.func.jacrev(lambda w, x: m.matmul(w, x).tanh(), argnums=(0, 1))(
        _t(m, W), _t(m, X)),
    "jacrev pytree input": lambda m: m.func.jacrev(lambda d: d["a"] * d["b"][0])({"a": _t(m, X), "b": (_t(m, Y),)}),
    "jacrev dict output": lambda m: m.func.jacrev(lambda x: {"s": x.sin(), "t": x.sum()})(_t(m, X)),
    "jacrev tuple output, tuple argnums": lambda m: m.func.jacrev(lambda x, y: (x * y, (x * y).sum()),
                                                                  argnums=(0, 1))(_t(m, X), _t(m, Y)),
    "jacrev has_aux": lambda m: m.func.jacrev(lambda x: (x.sin(), {"c": x.cos()}), has_aux=True)(_t(m, X)),
    "jacrev has_aux not a tuple": lambda m: m.func.jacrev(lambda x: x.sin(), has_aux=True)(_t(m, X)),
    "jacrev chunk_size=1": lambda m: m.func.jacrev(lambda x: x.sin() * x.sum(), chunk_size=1)(_t(m, X)),
    "jacrev chunk_size=2": lambda m: m.func.jacrev(lambda w, x: m.matmul(w, x), chunk_size=2)(_t(m, W), _t(m, X)),
    "jacrev chunk_size=0": lambda m: m.func.jacrev(lambda x: x.sin(), chunk_size=0)(_t(m, X)),
    "jacrev chunk_size=-1": lambda m: m.func.jacrev(lambda x: x.sin(), chunk_size=-1)(_t(m, X)),
    "jacrev scalar output": lambda m: m.func.jacrev(lambda x: (x ** 2).sum())(_t(m, X)),
    "jacrev scalar input": lambda m: m.func.jacrev(lambda x: m.stack([x, x ** 2]))(_t(m, 0.5)),
    "jacrev non-tensor output": lambda m: m.func.jacrev(lambda x: 3)(_t(m, X)),
    "jacrev output independent of the input": lambda m: m.func.jacrev(lambda x: m.ones(2, dtype=m.float64))(
        _t(m, X)),
    "jacrev of an int input": lambda m: m.func.jacrev(lambda x: x * 2)(m.arange(3)),
    "jacrev of an mlp": lambda m: (lambda f: m.func.jacrev(lambda p: f(p, _t(m, XB[:2])))(_params(m)))(mlp_of(m)),
    "jacrev input that requires grad": lambda m: m.func.jacrev(lambda x: x.exp())(_t(m, X, requires_grad=True)),
    "jacfwd argnums=1": lambda m: m.func.jacfwd(lambda w, x: m.matmul(w, x).tanh(), argnums=1)(_t(m, W), _t(m, X)),
    "jacfwd argnums=(1, 0)": lambda m: m.func.jacfwd(lambda w, x: m.matmul(w, x).tanh(), argnums=(1, 0))(
        _t(m, W), _t(m, X)),
    "jacfwd pytree input": lambda m: m.func.jacfwd(lambda d: d["a"] * d["b"][0])({"a": _t(m, X), "b": (_t(m, Y),)}),
    "jacfwd dict output": lambda m: m.func.jacfwd(lambda x: {"s": x.sin(), "t": x.sum()})(_t(m, X)),
    "jacfwd has_aux": lambda m: m.func.jacfwd(lambda x: (x.sin(), {"c": x.cos()}), has_aux=True)(_t(m, X)),
    "jacfwd has_aux not a tuple": lambda m: m.func.jacfwd(lambda x: x.sin(), has_aux=True)(_t(m, X)),
    "jacfwd randomness different": lambda m: m.func.jacfwd(lambda x: x.sin(), randomness="different")(_t(m, X)),
    "jacfwd randomness bad": lambda m: m.func.jacfwd(lambda x: x.sin(), randomness="often")(_t(m, X)),
    "jacfwd random op in error mode": lambda m: m.func.jacfwd(lambda x: x * m.rand(3, dtype=m.float64))(_t(m, X)),
    "jacfwd scalar output": lambda m: m.func.jacfwd(lambda x: (x ** 2).sum())(_t(m, X)),
    "jacfwd scalar input": lambda m: m.func.jacfwd(lambda x: m.stack([x, x ** 2]))(_t(m, 0.5)),
    "jacfwd non-tensor output": lambda m: m.func.jacfwd(lambda x: 3)(_t(m, X)),
    "jacfwd output independent of the input": lambda m: m.func.jacfwd(lambda x: m.ones(2, dtype=m.float64))(
        _t(m, X)),
    "jacfwd of an int input": lambda m: m.func.jacfwd(lambda x: x * 2)(m.arange(3)),
    "jacfwd of an mlp": lambda m: (lambda f, p: m.func.jacfwd(lambda x: f(p, x))(_t(m, XB[:2])))(mlp_of(m),
                                                                                                _params(m)),
    "jacfwd input that requires grad": lambda m: m.func.jacfwd(lambda x: x.exp())(_t(m, X, requires_grad=True)),
    "jacfwd argnums out of range": lambda m: m.func.jacfwd(lambda x: x, argnums=1)(_t(m, X)),
    "hessian argnums=(0, 1)": lambda m: m.func.hessian(lambda w, x: m.matmul(w, x).exp().sum(), argnums=(0, 1))(
        _t(m, W), _t(m, X)),
    "hessian vector output": lambda m: m.func.hessian(lambda x: x ** 3)(_t(m, X)),
    "hessian pytree input": lambda m: m.func.hessian(lambda d: (d["a"] ** 2 * d["b"]).sum())(
        {"a": _t(m, X), "b": _t(m, Y)}),
    "hessian of an mlp loss": lambda m: m.func.hessian(loss_of_params(m), argnums=1)(_params(m), _t(m, XB[:2])),
    # linearize
    "linearize": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(m.func.linearize(lambda x: x.sin() * x.sum(),
                                                                               _t(m, X))),
    "linearize tuple output": lambda m: (lambda r: (r[0], r[1](_t(m, V), _t(m, V))))(
        m.func.linearize(lambda x, y: (x * y, (x - y).sum()), _t(m, X), _t(m, Y))),
    "linearize non-tensor outputs": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(
        m.func.linearize(lambda x: (x.sin(), 3, {"s": x.sum(), "k": "a"}), _t(m, X))),
    "linearize of only non-tensor outputs": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(
        m.func.linearize(lambda x: (3, None), _t(m, X))),
    "linearize of a primal that requires grad": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(
        m.func.linearize(lambda x: x.exp(), _t(m, X, requires_grad=True))),
    "linearize wrong tangent count": lambda m: m.func.linearize(lambda x, y: x * y, _t(m, X), _t(m, Y))[1](_t(m, V)),
    "linearize wrong tangent shape": lambda m: m.func.linearize(lambda x: x * 2, _t(m, X))[1](m.ones(2)),
    # functional_call and stack_module_state
    "functional_call output": lambda m: m.func.functional_call(_model(m), _params(m), (_t(m, XB),)),
    "functional_call of parameters that require grad": lambda m: m.func.functional_call(
        _model(m), {k: v.requires_grad_() for k, v in _params(m).items()}, _t(m, XB)),
    "functional_call of some parameters": lambda m: m.func.functional_call(
        _model(m), {"0.weight": _t(m, W1 * 2)}, _t(m, XB)),
    "functional_call strict, some missing": lambda m: m.func.functional_call(
        _model(m), {"0.weight": _t(m, W1 * 2)}, _t(m, XB), strict=True),
    "functional_call kwargs": lambda m: m.func.functional_call(m.nn.Linear(3, 2).double(),
                                                               {"weight": _t(m, W), "bias": _t(m, X[:2])},
                                                               (), {"input": _t(m, XB)}),
    "stack_module_state": lambda m: m.func.stack_module_state([_model(m), _model(m)]),
    "stack_module_state of no models": lambda m: m.func.stack_module_state([]),
    "stack_module_state of mixed modes": lambda m: m.func.stack_module_state([_model(m), _model(m).eval()]),
    "stack_module_state with buffers": lambda m: m.func.stack_module_state([m.nn.BatchNorm1d(3).double(),
                                                                            m.nn.BatchNorm1d(3).double()]),
    "stack_module_state of different classes": lambda m: m.func.stack_module_state([m.nn.Linear(3, 2),
                                                                                     m.nn.Conv1d(3, 2, 1)]),
    "stack_module_state of a frozen parameter": lambda m: _flags_of_stacked(m, (False, False)),
    "stack_module_state of a parameter frozen in one model": lambda m: _flags_of_stacked(m, (False, True)),
    "ensemble": lambda m: (lambda ps, f: m.func.vmap(lambda p, b, x: f((p, b), x), in_dims=(0, 0, None))(
        ps[0], ps[1], _t(m, XB)))(m.func.stack_module_state([_model(m), _model(m)]), mlp_of(m)),
    "ensemble over data": lambda m: (lambda ps, f: m.func.vmap(lambda p, b, x: f((p, b), x))(
        ps[0], ps[1], _t(m, XB[:2])))(m.func.stack_module_state([_model(m), _model(m)]), mlp_of(m)),
    "module made inside vmap": lambda m: m.func.vmap(lambda x: (_model(m), x.sum())[1])(_t(m, XB)),
    # nested transforms
    "vmap(grad)": lambda m: m.func.vmap(m.func.grad(lambda x: (x.sin() * x).sum()))(_t(m, XB)),
    "vmap(grad) per-sample mlp grads": lambda m: m.func.vmap(m.func.grad(loss_of_params(m)), in_dims=(None, 0))(
        _params(m), _t(m, XB)),
    "vmap(grad has_aux)": lambda m: m.func.vmap(m.func.grad(lambda x: ((x ** 2).sum(), x.max()), has_aux=True))(
        _t(m, XB)),
    "vmap(grad_and_value)": lambda m: m.func.vmap(m.func.grad_and_value(lambda x: (x ** 2).sum()))(_t(m, XB)),
    "vmap(jacrev)": lambda m: m.func.vmap(m.func.jacrev(lambda x: x.sin() * x.sum()))(_t(m, XB)),
    "vmap(jacfwd)": lambda m: m.func.vmap(m.func.jacfwd(lambda x: x.sin() * x.sum()))(_t(m, XB)),
    "vmap(hessian)": lambda m: m.func.vmap(m.func.hessian(lambda x: (x ** 3).sum()))(_t(m, XB)),
    "vmap(jvp)": lambda m: m.func.vmap(lambda x, t: m.func.jvp(lambda a: a.exp(), (x,), (t,)))(_t(m, XB),
                                                                                             _t(m, XB) * 2),
    "vmap(vjp)": lambda m: m.func.vmap(lambda x, c: m.func.vjp(lambda a: a.exp(), x)[1](c))(_t(m, XB),
                                                                                          _t(m, XB) * 2),
    "jacrev(jacfwd)": lambda m: m.func.jacrev(m.func.jacfwd(lambda x: x.sin() * x.sum()))(_t(m, X)),
    "jacfwd(jacrev)": lambda m: m.func.jacfwd(m.func.jacrev(lambda x: x.sin() * x.sum()))(_t(m, X)),
    "jacrev(jacrev)": lambda m: m.func.jacrev(m.func.jacrev(lambda x: x.exp() * x.sum()))(_t(m, X)),
    "jacfwd(jacfwd) argnums": lambda m: m.func.jacfwd(m.func.jacfwd(lambda x, y: x * y.sin(), argnums=1),
                                                      argnums=0)(_t(m, X), _t(m, Y)),
    "grad(grad)": lambda m: m.func.grad(lambda x: m.func.grad(lambda a: (a ** 3).sum())(x).sin().sum())(_t(m, X)),
    "grad(grad) of a scalar": lambda m: m.func.grad(m.func.grad(lambda a: a.sin() * a))(_t(m, 0.3)),
    "grad(grad(grad)) of a scalar": lambda m: m.func.grad(m.func.grad(m.func.grad(lambda a: a ** 4)))(_t(m, 0.3)),
    "vmap(vmap)": lambda m: m.func.vmap(m.func.vmap(lambda a: a.sin() * a.sum()))(_t(m, XB).reshape(2, 2, 3)),
    "vmap(vmap) in_dims": lambda m: m.func.vmap(m.func.vmap(lambda a, b: a * b, in_dims=(None, 0)),
                                                in_dims=(0, None))(_t(m, XB), _t(m, W)),
    "vmap(vmap(grad))": lambda m: m.func.vmap(m.func.vmap(m.func.grad(lambda a: (a ** 2).sum())))(
        _t(m, XB).reshape(2, 2, 3)),
    "grad(vmap)": lambda m: m.func.grad(lambda x: m.func.vmap(lambda r: (r * x).sum())(_t(m, XB)).sum())(_t(m, X)),
    "jacrev(vmap)": lambda m: m.func.jacrev(m.func.vmap(lambda r: r.sin()))(_t(m, W)),
    "jvp(grad)": lambda m: m.func.jvp(m.func.grad(lambda x: (x ** 3).sum()), (_t(m, X),), (_t(m, V),)),
    "grad(jvp)": lambda m: m.func.grad(lambda x: m.func.jvp(lambda a: a.sin(), (x,), (_t(m, V),))[1].sum())(
        _t(m, X)),
    "vjp(grad)": lambda m: m.func.vjp(m.func.grad(lambda x: (x ** 3).sum()), _t(m, X))[1](_t(m, V)),
    "linearize(grad)": lambda m: m.func.linearize(m.func.grad(lambda x: (x ** 3).sum()), _t(m, X))[1](_t(m, V)),
    "jacrev(grad)": lambda m: m.func.jacrev(m.func.grad(lambda x: (x.exp() * x).sum()))(_t(m, X)),
    # more options and edges
    "vjp_fn retain_graph=False, twice": lambda m: (lambda fn: (fn(_t(m, V), retain_graph=False), fn(_t(m, V))))(
        m.func.vjp(lambda x: x.exp() * x, _t(m, X))[1]),
    "vjp_fn create_graph=False": lambda m: m.func.vjp(lambda x: x.exp() * x, _t(m, X, requires_grad=True))[1](
        _t(m, V), create_graph=False),
    "vjp_fn under no_grad": lambda m: (lambda fn: _under_no_grad(m, lambda: fn(_t(m, V))))(
        m.func.vjp(lambda x: x.exp() * x, _t(m, X, requires_grad=True))[1]),
    "vjp integer output": lambda m: m.func.vjp(lambda x: (x * 10).long(), _t(m, X)),
    "vjp None output": lambda m: m.func.vjp(lambda x: None, _t(m, X)),
    "vjp empty output": lambda m: m.func.vjp(lambda x: (), _t(m, X)),
    "vjp has_aux None aux": lambda m: m.func.vjp(lambda x: (x.exp(), None), _t(m, X), has_aux=True),
    "grad has_aux None aux": lambda m: m.func.grad(lambda x: (x.sum(), None), has_aux=True)(_t(m, X)),
    "grad has_aux namedtuple aux": lambda m: m.func.grad(lambda x: (x.sum(), x.max(0)), has_aux=True)(_t(m, XB)),
    "jvp has_aux None aux": lambda m: m.func.jvp(lambda x: (x.exp(), None), (_t(m, X),), (_t(m, V),), has_aux=True),
    "jvp strict, output independent": lambda m: m.func.jvp(lambda x, y: (x * 2, y.detach()), (_t(m, X), _t(m, Y)),
                                                           (_t(m, V), _t(m, V)), strict=True),
    "jvp strict inside jvp": lambda m: m.func.jvp(lambda x: m.func.jvp(lambda a: x.detach() * 2, (x,), (x,),
                                                                       strict=True)[1], (_t(m, X),), (_t(m, V),)),
    "jvp integer output": lambda m: m.func.jvp(lambda x: (x, (x * 10).long()), (_t(m, X),), (_t(m, V),)),
    "jvp integer primal": lambda m: m.func.jvp(lambda x: x * 2, (m.arange(3),), (m.arange(3),)),
    "jvp nested tuple primals": lambda m: m.func.jvp(lambda t, y: t[0] * t[1][0] * y, ((_t(m, X), (_t(m, Y),)),
                                                                                      _t(m, V)),
                                                     ((_t(m, V), (_t(m, V),)), _t(m, X))),
    "jvp list tangents for tuple primals": lambda m: m.func.jvp(lambda x: x, (_t(m, X),), [_t(m, V)]),
    "grad under no_grad": lambda m: _under_no_grad(m, lambda: m.func.grad(lambda x: (x ** 3).sum())(_t(m, X))),
    "jacrev under no_grad": lambda m: _under_no_grad(m, lambda: m.func.jacrev(lambda x: x.exp())(_t(m, X))),
    "jacfwd under no_grad": lambda m: _under_no_grad(m, lambda: m.func.jacfwd(lambda x: x.exp())(_t(m, X))),
    "hessian under no_grad": lambda m: _under_no_grad(m, lambda: m.func.hessian(lambda x: (x ** 3).sum())(_t(m, X))),
    "grad under no_grad of an input that requires grad": lambda m: _under_no_grad(
        m, lambda: m.func.grad(lambda x: (x ** 2).sum())(_t(m, X, requires_grad=True))),
    "grad_and_value under no_grad of a closure that requires grad": lambda m: (lambda w: _under_no_grad(
        m, lambda: m.func.grad_and_value(lambda x: (x * w).sum())(_t(m, X))))(_t(m, Y, requires_grad=True)),
    "vjp under no_grad of a primal that requires grad": lambda m: _under_no_grad(
        m, lambda: (lambda r: (r[0], r[1](_t(m, V))))(m.func.vjp(lambda a: a.sin(), _t(m, X, requires_grad=True)))),
    "jacrev under no_grad of a closure that requires grad": lambda m: (lambda w: _under_no_grad(
        m, lambda: m.func.jacrev(lambda x: x * w)(_t(m, X))))(_t(m, Y, requires_grad=True)),
    "jvp(grad) under no_grad of a primal that requires grad": lambda m: _under_no_grad(
        m, lambda: m.func.jvp(m.func.grad(lambda x: (x ** 3).sum()), (_t(m, X, requires_grad=True),), (_t(m, V),))),
    "grad with no_grad inside": lambda m: m.func.grad(lambda x: _under_no_grad(m, lambda: (x ** 2).sum()) + x.sum())(
        _t(m, X)),
    "grad of a 0-dim input": lambda m: m.func.grad(lambda x: x.sin() * x)(_t(m, 0.4)),
    "grad_and_value of a closure that requires grad": lambda m: (lambda w: m.func.grad_and_value(
        lambda x: (x * w).sum())(_t(m, X)))(_t(m, Y, requires_grad=True)),
    "jacfwd randomness same: one draw for all columns": lambda m: (lambda j: bool((j.diagonal() == j[0, 0]).all()))(
        m.func.jacfwd(lambda x: x * m.rand((), dtype=m.float64), randomness="same")(_t(m, X))),
    "jacfwd randomness different: draws differ": lambda m: (lambda j: bool((j.diagonal() == j[0, 0]).all()))(
        m.func.jacfwd(lambda x: x * m.rand((), dtype=m.float64), randomness="different")(_t(m, X))),
    "jacrev _preallocate_and_copy": lambda m: m.func.jacrev(lambda x: (x.sin(), x.sum()),
                                                            _preallocate_and_copy=True)(_t(m, X)),
    "jacrev of a 0-dim input and output": lambda m: m.func.jacrev(lambda x: x.exp())(_t(m, 0.4)),
    "jacfwd of a 0-dim input and output": lambda m: m.func.jacfwd(lambda x: x.exp())(_t(m, 0.4)),
    "jacrev of an empty input": lambda m: m.func.jacrev(lambda x: x.sum() + 1)(m.ones(0, dtype=m.float64)),
    "jacfwd of an empty and another input": lambda m: m.func.jacfwd(lambda x, y: x.sum() + y, argnums=(0, 1))(
        m.ones(0, dtype=m.float64), _t(m, X)),
    "vjp namedtuple output": lambda m: (lambda r: (r[0], r[1](m.return_types.max((_t(m, V), m.zeros(3, dtype=m.long))))
                                                   ))(m.func.vjp(lambda x: x.max(0), _t(m, XB))),
    "grad has_aux with argnums tuple": lambda m: m.func.grad(lambda x, y: ((x * y).sum(), {"p": x * y}),
                                                             argnums=(0, 1), has_aux=True)(_t(m, X), _t(m, Y)),
    "jacrev has_aux with argnums tuple": lambda m: m.func.jacrev(lambda x, y: (x * y, (x.sum(), [y])),
                                                                 argnums=(1, 0), has_aux=True)(_t(m, X), _t(m, Y)),
    "jacfwd has_aux with argnums tuple": lambda m: m.func.jacfwd(lambda x, y: (x * y, (x.sum(), [y])),
                                                                 argnums=(1, 0), has_aux=True)(_t(m, X), _t(m, Y)),
    "jacfwd has_aux non-tensor aux": lambda m: m.func.jacfwd(lambda x: (x * 2, 3), has_aux=True)(_t(m, X)),
    "jacrev has_aux non-tensor aux": lambda m: m.func.jacrev(lambda x: (x * 2, 3), has_aux=True)(_t(m, X)),
    "grad of an integer output": lambda m: m.func.grad(lambda x: (x * 10).long().sum())(_t(m, X)),
    "jacrev of an integer output": lambda m: m.func.jacrev(lambda x: (x * 10).long())(_t(m, X)),
    "jacfwd of an integer output": lambda m: m.func.jacfwd(lambda x: (x * 10).long())(_t(m, X)),
    "jvp tangent that requires grad": lambda m: m.func.jvp(lambda x: x.sin() * x, (_t(m, X),),
                                                          (_t(m, V, requires_grad=True),)),
    "hessian with an int extra arg": lambda m: m.func.hessian(lambda x, k: (x ** k).sum())(_t(m, X), 4),
    "hessian has no has_aux": lambda m: m.func.hessian(lambda x: (x.sum(), x), has_aux=True),
    # what torch refuses inside a transformed function, and what it allows
    "backward inside grad": lambda m: m.func.grad(lambda a: (a.sum().backward(), a.sum())[1])(_t(m, X)),
    "backward inside vmap": lambda m: _vm(m, lambda a: (m.ones(3, requires_grad=True).sum().backward(), a)[1],
                                          _t(m, XB)),
    "Tensor.backward inside jvp": lambda m: m.func.jvp(lambda a: (_t(m, Y, requires_grad=True).sum().backward(),
                                                                  a)[1], (_t(m, X),), (_t(m, V),)),
    "requires_grad_ inside grad": lambda m: m.func.grad(lambda a: (m.ones(3).requires_grad_() * a).sum())(_t(m, X)),
    "requires_grad_(False) inside vmap": lambda m: _vm(m, lambda a: (m.ones(3).requires_grad_(False), a)[1],
                                                       _t(m, XB)),
    "requires_grad_ of the input inside jvp": lambda m: m.func.jvp(lambda a: (a.requires_grad_(), a)[1], (_t(m, X),),
                                                                   (_t(m, V),)),
    "autograd.functional inside grad": lambda m: m.func.grad(
        lambda a: m.autograd.functional.jacobian(lambda b: b.sin(), a).sum())(_t(m, X)),
    "autograd.grad inside grad": lambda m: m.func.grad(lambda a: m.autograd.grad(
        (_t(m, Y, requires_grad=True) ** 2).sum(), _t(m, Y, requires_grad=True), allow_unused=True)[0] is None
        and a.sum())(_t(m, X)),
    "requires_grad= inside grad": lambda m: m.func.grad(lambda a: (m.ones(3, requires_grad=True) * a).sum())(
        _t(m, X)),
    "Parameter inside grad": lambda m: m.func.grad(lambda a: (m.nn.Parameter(m.ones(3)) * a).sum())(_t(m, X)),
    "requires_grad attribute inside grad": lambda m: m.func.grad(
        lambda a: (setattr(t := m.ones(3), "requires_grad", True), (t * a).sum())[1])(_t(m, X)),
    "checkpoint inside grad": lambda m: m.func.grad(lambda a: m.utils.checkpoint.checkpoint(
        lambda b: b.sin() * b, a, use_reentrant=False).sum())(_t(m, X)),
    "checkpoint inside vmap": lambda m: _vm(m, lambda a: m.utils.checkpoint.checkpoint(
        lambda b: b.sin() * b, a, use_reentrant=False), _t(m, XB)),
    "saved_tensors_hooks inside jacrev": lambda m: m.func.jacrev(lambda a: _with_hooks(m, lambda: a.sin()))(_t(m, X)),
    "saved_tensors_hooks inside jvp": lambda m: m.func.jvp(lambda a: _with_hooks(m, lambda: a.sin()), (_t(m, X),),
                                                           (_t(m, V),)),
    "a module made inside grad (random weights: flags only)": lambda m: (lambda g: (g.shape, g.requires_grad,
                                                                                   g.grad_fn is None))(
        m.func.grad(lambda a: m.nn.Linear(3, 1, dtype=m.float64)(a).sum())(_t(m, X))),
    "vjp of the identity": lambda m: (lambda r: (r[0], r[1](_t(m, V))))(m.func.vjp(lambda x: x, _t(m, X))),
    "jacrev of the identity": lambda m: m.func.jacrev(lambda x: x)(_t(m, X)),
    "jacfwd of the identity": lambda m: m.func.jacfwd(lambda x: x)(_t(m, X)),
    "grad_and_value, aux is the input": lambda m: m.func.grad_and_value(lambda x: (x.sum(), x), has_aux=True)(
        _t(m, X)),
    "jacrev, aux is a view of the input": lambda m: m.func.jacrev(lambda x: (x * 2, x[:2]), has_aux=True)(_t(m, X)),
    "jvp, aux is the input": lambda m: m.func.jvp(lambda x: (x * 2, x), (_t(m, X),), (_t(m, V),), has_aux=True),
    "jacfwd(jacrev has_aux) has_aux": lambda m: m.func.jacfwd(m.func.jacrev(lambda x: ((x ** 3).sum(), x.sin()),
                                                                             has_aux=True), has_aux=True)(_t(m, X)),
    "vmap(jacfwd) randomness same": lambda m: m.func.vmap(m.func.jacfwd(lambda x: x * 2, randomness="same"),
                                                          randomness="same")(_t(m, XB)),
    "grad of a dict with a non-tensor leaf": lambda m: m.func.grad(lambda d: d["a"].sum())({"a": _t(m, X), "k": 2}),
    "grad argnums naming a non-tensor": lambda m: m.func.grad(lambda x, k: x.sum(), argnums=1)(_t(m, X), None),
    "vmap(lambda) of None with in_dims 0": lambda m: _vm(m, lambda a, b: a, _t(m, XB), None),
    "vmap(lambda) of None with in_dims None": lambda m: _vm(m, lambda a, b: a, _t(m, XB), None, in_dims=(0, None)),
    "jacrev, float32 output of a float64 input": lambda m: m.func.jacrev(lambda x: x.float().sin())(_t(m, X)),
    "jacfwd, float32 output of a float64 input": lambda m: m.func.jacfwd(lambda x: x.float().sin())(_t(m, X)),
    "jacrev, float64 output of a float32 input": lambda m: m.func.jacrev(lambda x: x.double().sin())(
        m.tensor(X, dtype=m.float32)),
    "jacfwd, float64 output of a float32 input": lambda m: m.func.jacfwd(lambda x: x.double().sin())(
        m.tensor(X, dtype=m.float32)),
    "hessian of mixed float32/float64": lambda m: m.func.hessian(lambda x, y: (x.float() * y).sum(), argnums=(0, 1))(
        _t(m, X), m.tensor(Y, dtype=m.float32)),
    "grad of a float32 loss of a float64 input": lambda m: m.func.grad(lambda x: x.float().sum())(_t(m, X)),
    "vjp_fn with a float64 cotangent for a float32 output": lambda m: m.func.vjp(lambda x: x.float(), _t(m, X))[1](
        _t(m, V)),
    "jacfwd layouts": lambda m: [j.stride() for j in (
        m.func.jacfwd(lambda a: a.sin())(_t(m, W)),
        *m.func.jacfwd(lambda a, b: (m.matmul(a, b) * 2), argnums=(0, 1))(_t(m, W), _t(m, X)),
        m.func.jacfwd(lambda a: m.stack([a, a * 2]))(_t(m, 0.5)),
        m.func.hessian(lambda a: (a.sin() ** 2).sum())(_t(m, W)),
        *m.func.hessian(lambda a, b: (a * b).sum(), argnums=(0, 1))(_t(m, X), _t(m, Y))[1])],
    "vmap(vjp_fn)": lambda m: m.func.vmap(m.func.vjp(lambda x: x.sin() * x.sum(), _t(m, X))[1])(
        m.eye(3, dtype=m.float64)),
}


def _with_hooks(m, call):
    with m.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
        return call()


def _outcome_of(call):
    try:
        return call()
    except TypeError as e:
        return str(e)


def _flags_of_stacked(m, bias_requires_grad):
    models = [_model(m) for _ in bias_requires_grad]
    for model, flag in zip(models, bias_requires_grad):
        model[0].bias.requires_grad_(flag)
    params, buffers = m.func.stack_module_state(models)
    return {k: (v.requires_grad, v.is_leaf) for k, v in params.items()}, params


def _under_no_grad(m, call):
    with m.no_grad():
        return call()



@pytest.mark.parametrize("key", list(FUNC_CASES))
def test_torch_func(key):
    assert_outcomes_match(FUNC_CASES[key])


# ------------------------------------------------------------------ transforms x extra arguments
def _ones_like_out(m, out):
    return m.ones_like(out)


TRANSFORMS = {
    "grad": lambda m, f, x, rest: m.func.grad(f)(x, *rest),
    "grad_and_value": lambda m, f, x, rest: m.func.grad_and_value(f)(x, *rest),
    "jacrev": lambda m, f, x, rest: m.func.jacrev(f)(x, *rest),
    "jacfwd": lambda m, f, x, rest: m.func.jacfwd(f)(x, *rest),
    "hessian": lambda m, f, x, rest: m.func.hessian(f)(x, *rest),
    "vjp": lambda m, f, x, rest: (lambda r: (r[0], r[1](m.ones_like(r[0]))))(m.func.vjp(lambda a: f(a, *rest), x)),
    "jvp": lambda m, f, x, rest: m.func.jvp(lambda a: f(a, *rest), (x,), (m.ones_like(x),)),
    "linearize": lambda m, f, x, rest: (lambda r: (r[0], r[1](m.ones_like(x))))(
        m.func.linearize(lambda a: f(a, *rest), x)),
    "vmap(grad)": lambda m, f, x, rest: m.func.vmap(m.func.grad(f), in_dims=(0,) + (None,) * len(rest))(
        m.stack([x, x * 2]), *rest),
    "grad(grad)": lambda m, f, x, rest: m.func.grad(lambda a, *r: m.func.grad(f)(a, *r).sum())(x, *rest),
}

# name: (scalar function of (x, extra), the extra arguments made by m, does x require grad)
EXTRAS = {
    "an int": (lambda x, k: (x.sin() ** k).sum(), lambda m: (3,), False),
    "a tensor": (lambda x, w: (x.sin() * w).sum(), lambda m: (_t(m, Y),), False),
    "a tensor that requires grad": (lambda x, w: (x.sin() * w).sum(), lambda m: (_t(m, Y, requires_grad=True),),
                                    False),
    "x requires grad": (lambda x, w: (x.sin() * w).sum(), lambda m: (_t(m, Y),), True),
    "x and the tensor require grad": (lambda x, w: (x.sin() * w ** 2).sum(),
                                      lambda m: (_t(m, Y, requires_grad=True),), True),
    "a requires-grad tensor in a tuple": (lambda x, t: (x.exp() * t[0] + t[1]).sum(),
                                          lambda m: ((_t(m, Y, requires_grad=True), 2.0),), False),
    "an unused tensor that requires grad": (lambda x, w: (x ** 3).sum(), lambda m: (_t(m, Y, requires_grad=True),),
                                            False),
}


@pytest.mark.parametrize("transform", list(TRANSFORMS))
@pytest.mark.parametrize("extra", list(EXTRAS))
def test_transforms_with_extra_arguments(transform, extra):
    """Values, and where a result stays attached (requires_grad, grad_fn) to tensors that require grad
    outside the transform; then an outer backward through it gives torch's gradients."""
    f, make_rest, x_requires_grad = EXTRAS[extra]

    def call(m):
        x = _t(m, X, requires_grad=x_requires_grad)
        rest = make_rest(m)
        out = TRANSFORMS[transform](m, f, x, rest)
        leaves = [o for o in (out if isinstance(out, tuple) else (out,)) if o.requires_grad]
        sources = [t for t in (x,) + tuple(rest) + tuple(r for r in rest if isinstance(r, tuple) for r in r)
                   if isinstance(t, m.Tensor) and t.requires_grad]
        if transform == "linearize":  # (torch's traced jvp_fn keeps no path to them: see docs/differences.md)
            return out
        grads = m.autograd.grad(sum((o.sin().sum() for o in leaves), m.zeros((), dtype=m.float64)), sources,
                                allow_unused=True, materialize_grads=True) if leaves and sources else ()
        return out, tuple(grads)
    assert_outcomes_match(call)


# ------------------------------------------------------------------ vmap options
def _vm(m, f, *args, **options):
    return m.func.vmap(f, **options)(*args)


VMAP_CASES = {
    "in_dims=1": lambda m: _vm(m, lambda a: a * 2, _t(m, XB), in_dims=1),
    "in_dims=-2": lambda m: _vm(m, lambda a: a.sum(), _t(m, XB), in_dims=-2),
    "in_dims=(None, 0)": lambda m: _vm(m, lambda w, x: m.matmul(w, x), _t(m, W), _t(m, XB), in_dims=(None, 0)),
    "in_dims=(0, -1)": lambda m: _vm(m, lambda a, b: a * b, _t(m, X), _t(m, XB), in_dims=(0, -1)),
    "in_dims 1-tuple for one arg": lambda m: _vm(m, lambda a: a * 2, _t(m, XB), in_dims=(1,)),
    "in_dims nested tuple": lambda m: _vm(m, lambda t, c: t[0] * t[1] + c, (_t(m, XB), _t(m, X)), _t(m, Y),
                                          in_dims=((0, None), None)),
    "in_dims dict leaf": lambda m: _vm(m, lambda d: d["a"] + d["b"], {"a": _t(m, XB), "b": _t(m, XB.T)},
                                       in_dims=({"a": 0, "b": 1},)),
    "in_dims int over a pytree": lambda m: _vm(m, lambda d: d["a"] * d["b"], {"a": _t(m, XB), "b": _t(m, XB)}),
    "in_dims dict keys differ": lambda m: _vm(m, lambda d: d["a"], {"a": _t(m, XB)}, in_dims=({"b": 0},)),
    "in_dims too many": lambda m: _vm(m, lambda a: a, _t(m, XB), in_dims=(0, 0)),
    "in_dims list for a list": lambda m: _vm(m, lambda t: t[0] * t[1], [_t(m, XB), _t(m, X)], in_dims=([0, None],)),
    "in_dims bool": lambda m: _vm(m, lambda a: a, _t(m, XB), in_dims=True),
    "Tensor.size of a bool, a float, a numpy int": lambda m: [_outcome_of(lambda: m.ones(2, 3).size(d))
                                                              for d in (True, 1.0, np.int64(1), -1)],
    "in_dims float": lambda m: _vm(m, lambda a: a, _t(m, XB), in_dims=(0.5,)),
    "in_dims out of range": lambda m: _vm(m, lambda a: a, _t(m, X), in_dims=(1,)),
    "in_dims negative out of range": lambda m: _vm(m, lambda a: a, _t(m, X), in_dims=-2),
    "in_dims None for everything": lambda m: _vm(m, lambda a: a, _t(m, X), in_dims=(None,)),
    "non-tensor argument with in_dim None": lambda m: _vm(m, lambda a, k: a * k, _t(m, XB), 3, in_dims=(0, None)),
    "non-tensor argument with in_dim 0": lambda m: _vm(m, lambda a, k: a * k, _t(m, XB), 3),
    "batch sizes differ": lambda m: _vm(m, lambda a, b: a, _t(m, XB), _t(m, W)),
    "batch sizes differ in a pytree": lambda m: _vm(m, lambda t: t[0], (_t(m, XB), _t(m, W))),
    "out_dims=1": lambda m: _vm(m, lambda a: a * 2, _t(m, XB), out_dims=1),
    "out_dims=-1": lambda m: _vm(m, lambda a: m.outer(a, a), _t(m, XB), out_dims=-1),
    "out_dims=-2 for a scalar sample": lambda m: _vm(m, lambda a: a.sum(), _t(m, XB), out_dims=-2),
    "out_dims=1 for a scalar sample": lambda m: _vm(m, lambda a: a.sum(), _t(m, XB), out_dims=1),
    "out_dims tuple": lambda m: _vm(m, lambda a: (a, a.sum()), _t(m, XB), out_dims=(1, 0)),
    "out_dims nested": lambda m: _vm(m, lambda a: (a, (a * 2, {"s": a.sum()})), _t(m, XB),
                                     out_dims=(0, (1, {"s": 0}))),
    "out_dims list": lambda m: _vm(m, lambda a: [a, a], _t(m, XB), out_dims=[0, 1]),
    "out_dims 1-tuple for a tensor": lambda m: _vm(m, lambda a: a, _t(m, XB), out_dims=(1,)),
    "out_dims 1-tuple for a 1-tuple": lambda m: _vm(m, lambda a: (a,), _t(m, XB), out_dims=(1,)),
    "out_dims float": lambda m: _vm(m, lambda a: a, _t(m, XB), out_dims=1.0),
    "out_dims None for a batched tensor": lambda m: _vm(m, lambda a: (a, a), _t(m, XB), out_dims=(0, None)),
    "out_dims None for an unbatched tensor": lambda m: _vm(m, lambda a: (a, _t(m, X)), _t(m, XB),
                                                           out_dims=(0, None)),
    "non-tensor output": lambda m: _vm(m, lambda a: (a, "x"), _t(m, XB)),
    "None output": lambda m: _vm(m, lambda a: None, _t(m, XB)),
    "unbatched output": lambda m: _vm(m, lambda a: _t(m, X), _t(m, XB)),
    "output of an unmapped input": lambda m: _vm(m, lambda a, b: b * 2, _t(m, XB), _t(m, X), in_dims=(0, None)),
    "tuple of tuples output": lambda m: _vm(m, lambda a: ((a,), (a.sum(), (a * 2,))), _t(m, XB)),
    "list output": lambda m: _vm(m, lambda a: [a, a.sum()], _t(m, XB)),
    "dict output": lambda m: _vm(m, lambda a: {"b": a, "a": a.sum()}, _t(m, XB)),
    "kwargs": lambda m: m.func.vmap(lambda a, b=None: a * b)(_t(m, XB), b=_t(m, X)),
    "chunk_size=1": lambda m: _vm(m, lambda a: a.exp(), _t(m, XB), chunk_size=1),
    "chunk_size=3 of 4": lambda m: _vm(m, lambda a: (a.exp(), a.sum()), _t(m, XB), chunk_size=3, out_dims=(1, 0)),
    "chunk_size larger than the batch": lambda m: _vm(m, lambda a: a.exp(), _t(m, XB), chunk_size=10),
    "chunk_size=-1": lambda m: m.func.vmap(lambda a: a, chunk_size=-1),
    "randomness different": lambda m: _vm(m, lambda a: a * 0 + m.rand(3, dtype=m.float64), _t(m, XB),
                                          randomness="different").shape,
    "randomness same: one draw for all": lambda m: (lambda r: bool((r == r[0]).all()))(
        _vm(m, lambda a: a * 0 + m.rand(3, dtype=m.float64), _t(m, XB), randomness="same")),
    "randomness different: draws differ": lambda m: (lambda r: bool((r == r[0]).all()))(
        _vm(m, lambda a: a * 0 + m.rand(3, dtype=m.float64), _t(m, XB), randomness="different")),
    "randomness error": lambda m: _vm(m, lambda a: a * m.randn(3, dtype=m.float64), _t(m, XB)),
    "randomness error with normal_": lambda m: _vm(m, lambda a: a * m.empty(3).normal_(), _t(m, XB)),
    "randomness error with bernoulli": lambda m: _vm(m, lambda a: m.bernoulli(a), _t(m, XB)),
    "randomness error with randn_like": lambda m: _vm(m, lambda a: m.randn_like(a), _t(m, XB)),
    "randomness error with dropout": lambda m: _vm(m, lambda a: m.nn.functional.dropout(a), _t(m, XB)),
    "randomness error with dropout in eval": lambda m: _vm(m, lambda a: m.nn.functional.dropout(a, training=False),
                                                           _t(m, XB)),
    "randomness bad mode": lambda m: m.func.vmap(lambda a: a, randomness="never"),
    "vmap(grad) randomness error": lambda m: _vm(m, m.func.grad(lambda a: (a * m.rand(3, dtype=m.float64)).sum()),
                                                 _t(m, XB)),
    "int tensors": lambda m: _vm(m, lambda a: a * 2 + 1, m.arange(6).reshape(2, 3)),
    "bool output": lambda m: _vm(m, lambda a: a > 0.5, _t(m, XB)),
    "float32 and float64": lambda m: _vm(m, lambda a, b: a * b, _t(m, XB, dtype=m.float32), _t(m, XB)),
    "input that requires grad": lambda m: _vm(m, lambda a: a.sin(), _t(m, XB, requires_grad=True)),
    "unmapped input that requires grad": lambda m: _vm(m, lambda a, w: a * w, _t(m, XB),
                                                       _t(m, X, requires_grad=True), in_dims=(0, None)),
    "scalar input": lambda m: _vm(m, lambda a: a, _t(m, 2.0)),
    "empty batch": lambda m: _vm(m, lambda a: a.sin(), m.ones(0, 3, dtype=m.float64)),
    "size-1 batch": lambda m: _vm(m, lambda a: (a.sum(), a), _t(m, XB[:1])),
    "mlp over a batch": lambda m: (lambda f, p: _vm(m, lambda x: f(p, x), _t(m, XB)))(mlp_of(m), _params(m)),
    "torch.vmap with in_dims": lambda m: m.vmap(lambda a, b: a + b, in_dims=(1, 0))(_t(m, XB), _t(m, X)),
    "identity, in_dims=1": lambda m: _vm(m, lambda a: a, _t(m, XB), in_dims=1),
    "identity of an unmapped input": lambda m: _vm(m, lambda a, b: b, _t(m, XB), _t(m, X), in_dims=(0, None)),
    "view of a mapped input": lambda m: _vm(m, lambda a: a[1:], _t(m, XB), in_dims=1, out_dims=1),
    "in_dims negative in a pytree": lambda m: _vm(m, lambda t: t[0] + t[1], (_t(m, XB), _t(m, XB.T)),
                                                  in_dims=((0, -1),)),
    "in_dims dict in another key order": lambda m: _vm(m, lambda d: d["a"] * 2 + d["b"], {"a": _t(m, XB), "b": _t(m, XB)},
                                                       in_dims=({"b": 0, "a": 0},)),
    "in_dims tuple for a list": lambda m: _vm(m, lambda t: t[0], [_t(m, XB)], in_dims=((0,),)),
    "out_dims nested, incompatible": lambda m: _vm(m, lambda a: (a, (a, a)), _t(m, XB), out_dims=(0, (0,))),
    "out_dims dict keys differ": lambda m: _vm(m, lambda a: {"a": a}, _t(m, XB), out_dims={"b": 0}),
    "randomness same with chunks": lambda m: (lambda r: bool((r == r[0]).all()))(
        _vm(m, lambda a: a * 0 + m.rand(3, dtype=m.float64), _t(m, XB), randomness="same", chunk_size=3)),
    "namedtuple output": lambda m: _vm(m, lambda a: a.max(0), _t(m, XB).reshape(2, 2, 3)),
    "a builtin's name in the error": lambda m: m.func.vmap(m.sin)(3.0),
    "a partial's name in the error": lambda m: m.func.vmap(__import__("functools").partial(m.mul, other=2))(3.0),
    "output attached to a closed-over tensor": lambda m: (lambda w: _vm(m, lambda a: a * w, _t(m, XB)))(
        _t(m, X, requires_grad=True)),
    "vmap of functional_call with batched buffers": lambda m: (lambda bn: m.func.vmap(
        lambda x: m.func.functional_call(bn, {"running_mean": m.zeros(3, dtype=m.float64)}, (x,)))(
        _t(m, XB).reshape(2, 2, 3)))(m.nn.BatchNorm1d(3).double().eval()),
}


@pytest.mark.parametrize("key", list(VMAP_CASES))
def test_vmap(key):
    assert_outcomes_match(VMAP_CASES[key])


def test_inputs_are_unchanged_by_transforms_and_refusals():
    """Refused and accepted transforms leave the user's tensors (values, requires_grad, grad) as they were."""
    for m in (pullback, torch):
        x, w = _t(m, X), _t(m, Y, requires_grad=True)
        calls = [lambda: m.func.grad(lambda a: a * w)(x), lambda: m.func.vmap(lambda a, b: a)(x, m.ones(2)),
                 lambda: m.func.jvp(lambda a: a * w, (x,), (m.ones(3),)),
                 lambda: m.autograd.functional.jacobian(lambda a: a * 2, x, strict=True, vectorize=True),
                 lambda: m.func.jacrev(lambda a: (a * w).sin())(x), lambda: m.func.hessian(lambda a: (a * w).sum())(x)]
        for c in calls:
            try:
                c()
            except (RuntimeError, ValueError):
                pass
        assert (x.requires_grad, x.grad, w.grad, x.grad_fn) == (False, None, None, None)
        assert x.tolist() == X.tolist() and w.tolist() == Y.tolist()


def test_sweep_covers_the_combinations():
    assert len(AF_CASES) > 200 and len(FUNC_CASES) > 100 and len(VMAP_CASES) > 50
    assert {f for f, *_ in AF_CASES} == set(AF_OPTIONS)
    assert set(itertools.chain.from_iterable(o.keys() for opts in AF_OPTIONS.values() for o in opts)) >= {
        "create_graph", "strict", "vectorize", "strategy", "outer_jacobian_strategy", "v"}


@pytest.mark.parametrize("transform", list(TRANSFORMS) + ["vmap", "vmap randomness same"])
def test_transforms_recover_after_an_error_in_the_function(transform):
    """An exception raised inside the transformed function leaves no transform state behind: requires_grad_,
    backward, random draws and forward-mode AD work as before, and the inputs are unchanged."""
    def call(m):
        x = _t(m, X)

        def failing(a, *rest):
            raise KeyError("inside")
        try:
            if transform.startswith("vmap"):
                m.func.vmap(failing, randomness="same" if "same" in transform else "error")(m.stack([x, x]))
            else:
                TRANSFORMS[transform](m, failing, x, ())
        except KeyError:
            pass
        w = m.ones(3, dtype=m.float64).requires_grad_()
        (w * x).sum().backward()
        m.rand(2)
        with m.autograd.forward_ad.dual_level():
            tangent = m.autograd.forward_ad.unpack_dual(m.autograd.forward_ad.make_dual(x, x).sin()).tangent
        return w.grad, tangent, x, m.func.grad(lambda a: (a ** 2).sum())(x)
    assert_outcomes_match(call)


def _documented(x):
    """what the wrappers keep"""
    return (x ** 2).sum()


@pytest.mark.parametrize("transform", ["grad", "grad_and_value", "jacrev", "jacfwd", "hessian", "vmap"])
def test_transformed_functions_keep_the_name_and_doc(transform):
    """As functools.wraps: the name (which vmap's messages print, also of a transformed function), doc and
    __wrapped__."""
    def call(m):
        w = getattr(m.func, transform)(_documented)
        try:
            m.func.vmap(w)(3.0)
        except ValueError as e:
            message = str(e)
        return w.__name__, w.__doc__, getattr(w, "__wrapped__", None) is _documented, message
    assert_outcomes_match(call)
