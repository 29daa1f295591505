"""Compare pullback against real PyTorch (the specification) and against finite differences.

    check(lambda m, x, y: m.mul(x, y), x_array, y_array)

runs the function once with `m = pullback` and once with `m = torch` on the same inputs
(NumPy arrays; floating ones require grad) and compares: output values, dtype and shape,
the grad_fn name, first-order gradients for a random cotangent, and second-order gradients
(the gradient of <first-order grads, random v> with respect to the inputs).
`gradcheck_fd` is the torch-free witness: central finite differences in float64.
"""
import numpy as np
import torch

import pullback

RNG = np.random.default_rng(0)


def to_pb(a, requires_grad=None):
    t = pullback.tensor(a)
    if requires_grad is None:
        requires_grad = t.is_floating_point()
    return t.requires_grad_(requires_grad) if requires_grad else t


def to_torch(a, requires_grad=None):
    t = torch.tensor(a)
    if requires_grad is None:
        requires_grad = t.is_floating_point()
    return t.requires_grad_(requires_grad) if requires_grad else t


def as_numpy(x):
    if isinstance(x, pullback.Tensor):
        return x.detach().numpy()
    if isinstance(x, torch.Tensor):
        return x.detach().numpy(force=True)  # force: torch's ZeroTensor gradients refuse plain numpy()
    return np.asarray(x)


def _flat(out):
    """Outputs as a flat list of tensors (tuples, lists and named tuples flattened)."""
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flat(o)]
    return [out]


def assert_close(actual, expected, atol, rtol, what=""):
    a, e = as_numpy(actual), as_numpy(expected)
    assert a.shape == e.shape, f"{what}: shape {a.shape} != torch's {e.shape}"
    if a.dtype.kind == "b" or e.dtype.kind == "b" or a.dtype.kind in "iu":
        np.testing.assert_array_equal(a, e, err_msg=what)
    else:
        np.testing.assert_allclose(a, e, atol=atol, rtol=rtol, equal_nan=True, err_msg=what)


def _dtype_name(t):
    return str(t.dtype).replace("torch.", "")


def check(fn, *arrays, requires_grad=None, atol=1e-6, rtol=1e-5, grad=True, gradgrad=True, check_name=True,
          plain_exact=True, grad_name=True, whole_graph=True):
    """Run `fn(module, *tensors)` on pullback and on torch and compare everything that can be compared.

    requires_grad: a tuple of bools, one per input (default: floating inputs require grad).
    check_name: the outputs' grad_fn names and next_functions are torch's, and with whole_graph
    every node's down to the leaves (False where a composite differs inside); with grad_name,
    the last node of each create_graph gradient too (False where pullback's gradient formula is
    composed of other ops than torch's). Values are compared all the same.
    plain_exact: the gradients without create_graph equal those with it bit for bit (False for
    an op whose formula changes with grad mode, as det's does in torch too).
    Returns the pullback outputs for further assertions.
    """
    if requires_grad is None:
        requires_grad = [np.asarray(a).dtype.kind == "f" for a in arrays]
    pb_in = [to_pb(a, r) for a, r in zip(arrays, requires_grad)]
    th_in = [to_torch(a, r) for a, r in zip(arrays, requires_grad)]
    pb_out = fn(pullback, *pb_in)
    th_out = fn(torch, *th_in)
    pb_flat, th_flat = _flat(pb_out), _flat(th_out)
    assert len(pb_flat) == len(th_flat), f"{len(pb_flat)} outputs, torch gives {len(th_flat)}"
    for i, (p, t) in enumerate(zip(pb_flat, th_flat)):
        if not isinstance(t, torch.Tensor):
            assert p == t or np.allclose(p, t), f"output {i}: {p!r} != torch's {t!r}"
            continue
        assert _dtype_name(p) == _dtype_name(t), f"output {i}: dtype {p.dtype} != torch's {t.dtype}"
        assert_close(p, t, atol, rtol, f"output {i} value")
        assert p.requires_grad == t.requires_grad, f"output {i}: requires_grad {p.requires_grad} != {t.requires_grad}"
        if check_name and t.grad_fn is not None:
            assert p.grad_fn is not None, f"output {i}: no grad_fn, torch has {t.grad_fn.name()}"
            assert p.grad_fn.name() == t.grad_fn.name(), f"output {i}: {p.grad_fn.name()} != {t.grad_fn.name()}"
            edges, torch_edges = _edge_names(p.grad_fn), _edge_names(t.grad_fn)
            assert edges == torch_edges, f"output {i}: next_functions {edges} != torch's {torch_edges}"
            if whole_graph:
                ours, theirs = _graph(p.grad_fn), _graph(t.grad_fn)
                assert ours == theirs, f"output {i}: graph {ours} != torch's {theirs}"

    diff_idx = [i for i, r in enumerate(requires_grad) if r]
    outs = [(p, t) for p, t in zip(pb_flat, th_flat) if isinstance(t, torch.Tensor) and t.requires_grad]
    if not grad or not diff_idx or not outs:
        return pb_out
    cots = [RNG.standard_normal(t.shape).astype(as_numpy(t).dtype) for _, t in outs]
    pb_g = pullback.autograd.grad([p for p, _ in outs], [pb_in[i] for i in diff_idx],
                                  [pullback.tensor(c) for c in cots], create_graph=gradgrad, allow_unused=True)
    th_g = torch.autograd.grad([t for _, t in outs], [th_in[i] for i in diff_idx],
                               [torch.tensor(c) for c in cots], create_graph=gradgrad, allow_unused=True)
    if gradgrad:
        _same_as_recorded(pb_g, pullback.autograd.grad(
            [p for p, _ in outs], [pb_in[i] for i in diff_idx], [pullback.tensor(c) for c in cots],
            retain_graph=True, allow_unused=True), 0 if plain_exact else atol * 10, 0 if plain_exact else rtol * 10)
    for i, (p, t) in enumerate(zip(pb_g, th_g)):
        if t is None:
            assert p is None or not as_numpy(p).any(), f"grad {i}: torch gives None, pullback {p}"
            continue
        assert p is not None, f"grad {i}: pullback gives None"
        if gradgrad and check_name and grad_name and t.grad_fn is not None:
            assert p.grad_fn is not None and p.grad_fn.name() == t.grad_fn.name(), \
                f"grad {i}: recorded by {p.grad_fn and p.grad_fn.name()}, torch's by {t.grad_fn.name()}"
        assert _dtype_name(p) == _dtype_name(t), f"grad {i}: dtype {p.dtype} != torch's {t.dtype}"
        assert_close(p, t, atol * 10, rtol * 10, f"grad of input {diff_idx[i]}")
    if not gradgrad:
        return pb_out
    pairs = [(p, t) for p, t in zip(pb_g, th_g) if t is not None and t.requires_grad]
    if not pairs:
        return pb_out
    vs = [RNG.standard_normal(t.shape).astype(as_numpy(t).dtype) for _, t in pairs]
    pb_s = sum((p * pullback.tensor(v)).sum() for (p, _), v in zip(pairs, vs))
    th_s = sum((t * torch.tensor(v)).sum() for (_, t), v in zip(pairs, vs))
    pb_gg = pullback.autograd.grad(pb_s, [pb_in[i] for i in diff_idx], allow_unused=True) \
        if pb_s.requires_grad else [None] * len(diff_idx)
    th_gg = torch.autograd.grad(th_s, [th_in[i] for i in diff_idx], allow_unused=True) \
        if th_s.requires_grad else [None] * len(diff_idx)
    for i, (p, t) in enumerate(zip(pb_gg, th_gg)):
        if t is None:
            assert p is None or not np.abs(as_numpy(p)).max() > atol * 100, f"grad-grad {i}: torch None, got {p}"
            continue
        if p is None:
            assert not np.abs(as_numpy(t)).max() > atol * 100, f"grad-grad {i}: pullback None, torch {t}"
            continue
        assert_close(p, t, atol * 100, rtol * 100, f"second-order grad of input {diff_idx[i]}")
    return pb_out


def _graph(fn, depth=12):
    """The node names of a graph as nested (name, [inputs]) down to the leaves (or `depth`)."""
    if fn is None:
        return None
    name = fn.name().replace("torch::autograd::", "")
    if not depth or not fn.next_functions:
        return name
    return name, [_graph(f, depth - 1) for f, _ in fn.next_functions]


def spd(m, x):
    """A well-conditioned symmetric positive-definite matrix built from x (differentiably)."""
    n = x.shape[-1]
    return x @ x.mT + n * m.eye(n, dtype=x.dtype)


def whole_graph(fn, seen=None):
    """The node names of a graph down to its leaves, shared nodes numbered where met again."""
    seen = {} if seen is None else seen
    if fn is None:
        return None
    if id(fn) in seen:
        return seen[id(fn)]
    seen[id(fn)] = len(seen)
    return fn.name(), tuple(whole_graph(f, seen) for f, _ in fn.next_functions)


def _edge_names(fn):
    return [None if f is None else f.name() for f, _ in fn.next_functions]


def _same_as_recorded(recorded, plain, atol, rtol):
    """The gradients of a plain backward (formulas run on NumPy arrays where they can) are those
    of the recorded one (create_graph: the same formulas on Tensors), exactly unless told."""
    for i, (r, p) in enumerate(zip(recorded, plain)):
        assert (r is None) == (p is None), f"grad {i}: {r} with create_graph, {p} without"
        if r is not None:
            assert p.dtype == r.dtype and p.shape == r.shape, f"grad {i}: {p.dtype} {p.shape} != {r.dtype} {r.shape}"
            np.testing.assert_allclose(as_numpy(p), as_numpy(r), atol=atol, rtol=rtol,
                                       err_msg=f"grad {i} without create_graph")


def check_error(fn, *arrays, requires_grad=None):
    """Both libraries raise the same exception class from fn; pullback's message contains the
    first line of torch's up to its first detail (the key phrase)."""
    if requires_grad is None:
        requires_grad = [np.asarray(a).dtype.kind == "f" for a in arrays]
    th_exc = pb_exc = None
    try:
        fn(torch, *[to_torch(a, r) for a, r in zip(arrays, requires_grad)])
    except Exception as e:  # noqa: BLE001 - we compare whatever torch raises
        th_exc = e
    try:
        fn(pullback, *[to_pb(a, r) for a, r in zip(arrays, requires_grad)])
    except Exception as e:  # noqa: BLE001
        pb_exc = e
    assert th_exc is not None, "torch raised nothing"
    assert pb_exc is not None, f"pullback raised nothing; torch raised {type(th_exc).__name__}: {th_exc}"
    assert isinstance(pb_exc, type(th_exc)) or type(th_exc).__name__ == type(pb_exc).__name__, \
        f"pullback raised {type(pb_exc).__name__}: {pb_exc}; torch {type(th_exc).__name__}: {th_exc}"
    return pb_exc, th_exc


def assert_same_error(fn, *arrays, phrase, requires_grad=None):
    """check_error, plus both messages contain `phrase`."""
    pb_exc, th_exc = check_error(fn, *arrays, requires_grad=requires_grad)
    assert phrase in str(th_exc), f"torch's message changed: {th_exc}"
    assert phrase in str(pb_exc), f"pullback's message lacks {phrase!r}: {pb_exc}"


def assert_same_outcome(call, atol=1e-6, rtol=1e-5):
    """`call(m)` with `m = torch` and `m = pullback`: where torch raises, pullback raises the same class
    with the same message (a TypeError's whole message, any other's first line); otherwise the same
    values, dtypes and shapes (results flattened)."""
    outcomes = {}
    for m in (torch, pullback):
        try:
            outcomes[m] = None, call(m)
        except Exception as e:  # noqa: BLE001 - the error is the outcome compared
            outcomes[m] = e, None
    (th_exc, want), (pb_exc, got) = outcomes[torch], outcomes[pullback]
    if th_exc is not None:
        assert pb_exc is not None, f"pullback raised nothing; torch raised {type(th_exc).__name__}: {th_exc}"
        assert type(pb_exc).__name__ == type(th_exc).__name__, f"pullback {pb_exc!r}, torch {th_exc!r}"
        if isinstance(th_exc, TypeError):
            assert str(pb_exc) == str(th_exc)
        else:
            assert str(pb_exc).splitlines()[:1] == str(th_exc).splitlines()[:1]
        return
    assert pb_exc is None, f"torch took it; pullback raised {type(pb_exc).__name__}: {pb_exc}"
    want, got = _flat(want), _flat(got)
    assert len(got) == len(want)
    for p, t in zip(got, want):
        if isinstance(t, torch.Tensor):
            assert _dtype_name(p) == _dtype_name(t)
        assert_close(p, t, atol, rtol)


def gradcheck_fd(fn, *arrays, eps=1e-6, atol=1e-5, rtol=1e-4):
    """Central finite differences in float64 against pullback's backward, for a scalar-ised fn."""
    xs = [pullback.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    out = fn(pullback, *xs)
    outs = _flat(out)
    cots = [RNG.standard_normal(o.shape) for o in outs]

    def scalar(values):
        ts = [pullback.tensor(v) for v in values]
        with pullback.no_grad():
            o = _flat(fn(pullback, *ts))
        return float(sum((as_numpy(a) * c).sum() for a, c in zip(o, cots)))

    analytic = pullback.autograd.grad(outs, xs, [pullback.tensor(c) for c in cots], allow_unused=True)
    base = [np.asarray(a, dtype=np.float64).copy() for a in arrays]
    for k, x in enumerate(base):
        numeric = np.zeros_like(x)
        flat = x.reshape(-1)
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            plus = scalar(base)
            flat[j] = orig - eps
            minus = scalar(base)
            flat[j] = orig
            numeric.reshape(-1)[j] = (plus - minus) / (2 * eps)
        got = np.zeros_like(x) if analytic[k] is None else as_numpy(analytic[k])
        np.testing.assert_allclose(got, numeric, atol=atol, rtol=rtol,
                                   err_msg=f"finite differences disagree for input {k}")


class Samples:
    """Seeded test inputs: `rng` is the generator itself, for draws of other kinds."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def randn(self, *shape):
        return self.rng.standard_normal(shape)

    def uniform(self, lo, hi, *shape):
        return self.rng.uniform(lo, hi, shape)

    def away_from(self, points, *shape, gap=0.05):
        """Normal samples kept `gap` away from the kinks at `points` (finite differences misbehave there)."""
        x = self.randn(*shape)
        for p in points:
            close = np.abs(x - p) < gap
            x[close] = p + np.where(x[close] >= p, gap, -gap) * 2
        return x

    @staticmethod
    def ints(values):
        return np.asarray(values, dtype=np.int64)


def hunt(check_seed):
    """A fuzzer run as a script, `python tests/test_X.py LO HI`: check_seed over seeds LO..HI-1, each failing
    program printed (a harness error with its traceback), and the count."""
    import sys
    import traceback
    lo, hi = int(sys.argv[1]), int(sys.argv[2])
    bad = 0
    for s in range(lo, hi):
        try:
            check_seed(s)
        except AssertionError as e:
            bad += 1
            print(e, "\n")
        except Exception as e:  # noqa: BLE001
            bad += 1
            traceback.print_exc()
            print(f"seed {s}: harness error {type(e).__name__}: {e}\n")
    print(f"{bad} failing of {hi - lo}")
