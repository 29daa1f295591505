"""Seeded random programs for the autograd core, run under torch and under pullback and compared.

A program is a list of Python source lines over a module `m` (torch or pullback): leaves of random
shapes and dtypes, pointwise ops with broadcasting, reductions, views and shape ops, products,
in-place ops on tensors and on their views, detach / no_grad / hooks / retain_grad, and backward,
retain_graph and second-order grads. `generate(seed)` writes one, choosing each line from the
shapes that torch's run of the lines before gives; `compare(lines)` runs it in both libraries and
compares each step's outcome (the same exception class and first line where torch raises) and every
tensor's value, dtype, shape, requires_grad, is_leaf, grad_fn and .grad.

    python tests/test_autograd_fuzz.py 0 2000     # hunt over seeds 0..1999, print failing programs
"""
import random
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import hunt


def rnd(seed, shape):
    """The data a line names by seed: normal values, deterministic."""
    return np.random.default_rng(seed).standard_normal(shape)


def fresh_namespace(m):
    return {"m": m, "rnd": rnd}


# ----------------------------------------------------------------------------- running a program
def run_line(line, ns):
    """Run one step; return the exception it raised (None if none)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(line, ns)  # noqa: S102 - the programs are ours
    except Exception as e:  # noqa: BLE001 - torch's errors are part of what is compared
        return e
    return None


def variables(ns):
    """The program's values: every name it bound (the namespace's own `m`, `rnd` and builtins aside)."""
    return {k: v for k, v in ns.items() if k not in ("m", "rnd") and not k.startswith("__")}


def _flat(x):
    if isinstance(x, (tuple, list)):
        return [t for o in x for t in _flat(o)]
    return [x]


_LOOSE = [False]  # the program computes in float32 somewhere: float64 results inherit its rounding


def _tol(t):
    return (1e-4, 1e-5) if t.dtype == torch.float32 or _LOOSE[0] else (1e-7, 1e-9)


def _values(x):
    if isinstance(x, torch.Tensor):
        return x.detach().numpy(force=True) if x.layout == torch.strided else x.detach().to_dense().numpy()
    return x.detach().numpy()


def compare_tensor(p, t, what, full):
    """Raise AssertionError where pullback's tensor p differs from torch's t."""
    if t is None or not isinstance(t, torch.Tensor):
        if isinstance(t, torch.Tensor) != isinstance(p, pullback.Tensor):
            raise AssertionError(f"{what}: pullback {type(p).__name__}, torch {type(t).__name__}")
        if not isinstance(t, torch.Tensor):
            assert p == t, f"{what}: {p!r} != torch's {t!r}"
        return
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1], f"{what}: dtype {p.dtype} != {t.dtype}"
    assert tuple(p.shape) == tuple(t.shape), f"{what}: shape {tuple(p.shape)} != {tuple(t.shape)}"
    a, e = _values(p), _values(t)
    if e.dtype.kind in "biu":
        np.testing.assert_array_equal(a, e, err_msg=what)
    else:
        rtol, atol = _tol(t)
        scale = np.abs(e[np.isfinite(e)]).max(initial=1.0)
        np.testing.assert_allclose(a, e, rtol=rtol, atol=atol * scale, equal_nan=True, err_msg=what)
    if not full:
        return
    for name in ("requires_grad", "is_leaf", "grad_fn", "retains_grad"):
        pa, ta = attr(p, name), attr(t, name)
        assert pa == ta, f"{what}: {name} {pa} != torch's {ta}"
    pg, tg = attr(p, "grad"), attr(t, "grad")
    if isinstance(tg, torch.Tensor):
        assert isinstance(pg, pullback.Tensor), f"{what}.grad: pullback {pg}, torch has one"
        compare_tensor(pg, tg, what + ".grad", full=False)
    else:
        assert pg == tg, f"{what}.grad: pullback {pg}, torch {tg}"


def attr(t, name):
    """t.name, the grad_fn as its name, or the error reading it raised (class and first line)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = getattr(t, name)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e).splitlines()[0]
    if name == "grad_fn":
        return None if a is None else a.name()  # torch's name(): CopySlices as torch::autograd::CopySlices
    if name == "grad" and a is not None:
        return a
    return a


def compare_value(p, t, what, full=True):
    pf, tf = _flat(p), _flat(t)
    assert len(pf) == len(tf), f"{what}: {len(pf)} items, torch {len(tf)}"
    for i, (a, b) in enumerate(zip(pf, tf)):
        compare_tensor(a, b, what if len(tf) == 1 and not isinstance(t, (tuple, list)) else f"{what}[{i}]", full)


def first_line(message):
    """An error's or warning's first line, without the C++ source location torch's own warnings end with."""
    lines = str(message).strip().splitlines()
    return lines[0].split(" (Triggered internally at ")[0] if lines else ""


def compare_error(pe, te, where):
    """pullback's error `pe` as torch's `te` (None: no error): the same class and first line. `where` names
    the program's step in the failure message."""
    if te is None:
        assert pe is None, f"{where}: pullback raised {type(pe).__name__}: {pe}, torch did not"
        return
    assert pe is not None, f"{where}: torch raised {type(te).__name__}: {first_line(te)}; pullback did not"
    assert type(pe).__name__ == type(te).__name__, \
        f"{where}: pullback raised {type(pe).__name__}: {pe}; torch {type(te).__name__}: {te}"
    assert first_line(pe) == first_line(te), f"{where}: message {first_line(pe)!r} != torch's {first_line(te)!r}"


def compare(lines):
    """Run the program in both libraries, comparing step by step and everything at the end."""
    tns, pns = fresh_namespace(torch), fresh_namespace(pullback)
    _LOOSE[0] = any("float32" in line for line in lines)
    for step, line in enumerate(lines):
        before_t = {k: id(v) for k, v in variables(tns).items()}
        te = run_line(line, tns)
        pe = run_line(line, pns)
        compare_error(pe, te, f"step {step}")
        tv, pv = variables(tns), variables(pns)
        assert sorted(tv) == sorted(pv), f"step {step}: names {sorted(pv)} != torch's {sorted(tv)}"
        for k, v in tv.items():
            if before_t.get(k) != id(v):
                compare_value(pv[k], v, f"step {step}: {k}")
    tv, pv = variables(tns), variables(pns)
    for k, v in tv.items():
        compare_value(pv[k], v, f"end: {k}")


# ----------------------------------------------------------------------------- writing a program
SHAPES = [(), (1,), (3,), (2, 3), (2, 1, 4), (4,), (3, 1), (1, 3), (2, 3, 4), (0,), (2, 0)]
AUTOGRAD_PHRASES = ("inplace", "in-place", "leaf Variable", "view", "a second time")

UNARY = ["m.exp({x})", "m.log({x}.abs() + 1)", "{x}.tanh()", "m.sigmoid({x})", "m.relu({x})", "{x}.sin()",
         "{x}.clamp(-0.5, 0.5)", "{x}.clamp(min=0.1)", "{x}.abs()", "({x} * {x} + 0.5).sqrt()", "{x}.pow(2)",
         "{x}.abs().add(0.5).pow(1.5)", "-{x}", "{x} * 2.5", "2.0 - {x}", "{x} / 3", "1 / ({x}.abs() + 1)",
         "{x} ** 3", "2 ** {x}", "{x}.square()", "m.where({x} > 0, {x}, {x} * 0.1)", "{x}.cos()",
         "{x}.clamp(max=0.2)", "m.nn.functional.softplus({x})", "{x}.sign() * {x}", "{x}.float()",
         "{x}.double()", "{x}.to(m.float32)", "m.where({x} > 0, {x}, 0.0)", "{x} + 1", "{x}.rsqrt()",
         "{x}.reciprocal()", "m.clamp({x}, min=-1.0, max=1.0)", "{x}.atan()", "{x}.expm1()", "{x}.pow(0)",
         "m.nn.functional.leaky_relu({x}, 0.2)", "{x}.clamp(0.0)", "m.log({x})", "{x}.sqrt()"]
BINARY = ["{x} + {y}", "{x} - {y}", "{x} * {y}", "{x} / ({y}.abs() + 1)", "m.maximum({x}, {y})",
          "m.minimum({x}, {y})", "m.where({x} > {y}, {x}, {y})", "{x}.abs().add(0.5).pow({y})", "m.atan2({x}, {y})",
          "m.add({x}, {y}, alpha=2)", "{x}.sub({y}, alpha=0.5)", "{x} / {y}", "m.hypot({x}, {y})",
          "m.lerp({x}, {y}, 0.3)", "m.addcmul({x}, {x}, {y}, value=0.5)", "{x} ** {y}", "m.fmax({x}, {y})",
          "{x}.mul({y}).sum()", "m.where({y} > 0, {x}, 1.5)"]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.seed = seed
        self.lines = []
        self.ns = fresh_namespace(torch)
        self.n = 0
        self.data = seed * 1000

    # names ------------------------------------------------------------------------------------
    def new(self):
        self.n += 1
        return f"v{self.n}"

    def seed_(self):
        self.data += 1
        return self.data

    def tensors(self):
        return [k for k, v in variables(self.ns).items() if isinstance(v, torch.Tensor)]

    def pick(self, pred=lambda t: True):
        names = [k for k in self.tensors() if _safe(pred, self.ns[k])]
        if not names:
            return None
        # recent tensors more often: programs grow chains rather than bushes
        w = [(1 + i) * (3 if _safe(lambda t: t.requires_grad, self.ns[k]) else 1) for i, k in enumerate(names)]
        return self.r.choices(names, weights=w)[0]

    def const(self, shape, dtype):
        return f"m.tensor(rnd({self.seed_()}, {tuple(shape)}), dtype=m.{dtype})"

    @staticmethod
    def dt(t):
        return str(t.dtype).split(".")[-1]

    # the program -------------------------------------------------------------------------------
    def try_line(self, line, keep_errors=0.1):
        """Keep `line` if torch runs it, or if torch's error concerns autograd (else rarely)."""
        before = dict(self.ns)
        e = run_line(line, self.ns)
        if e is not None:
            msg = str(e)
            if not (any(p in msg for p in AUTOGRAD_PHRASES) or self.r.random() < keep_errors):
                self.ns.clear()
                self.ns.update(before)  # the names as they were; tensors a line may have changed: replayed
                if self._changed(line):
                    self._replay()
                return False
        self.lines.append(line)
        return True

    def _changed(self, line):
        # in-place statements and hooks might have run partly: be safe and replay
        return ";" in line or "_(" in line or "[" in line and "] =" in line

    def _replay(self):
        self.ns = fresh_namespace(torch)
        for line in self.lines:
            run_line(line, self.ns)

    def leaf(self):
        shape = self.r.choice(SHAPES)
        dtype = "float64" if self.r.random() < 0.85 else "float32"
        rg = self.r.random() < 0.75
        return f"{self.new()} = m.tensor(rnd({self.seed_()}, {shape}), dtype=m.{dtype}, requires_grad={rg})"

    def unary(self):
        x = self.pick()
        return x and f"{self.new()} = " + self.r.choice(UNARY).format(x=x)

    def binary(self):
        x = self.pick()
        if x is None:
            return None
        tx = self.ns[x]
        r = self.r.random()
        if r < 0.5:
            y = self.pick(lambda t: _broadcastable(t.shape, tx.shape))
        elif r < 0.8:
            # a fresh constant broadcasting against x
            shape = list(tx.shape)
            for i in range(len(shape)):
                if self.r.random() < 0.3:
                    shape[i] = 1
            while shape and self.r.random() < 0.3:
                shape.pop(0)
            y = self.const(shape, self.dt(tx))
        else:
            y = repr(round(self.r.uniform(-2, 2), 2))
        if y is None:
            return None
        a, b = (x, y) if self.r.random() < 0.7 else (y, x)
        if b[0] not in "vm" and a[0] not in "vm":
            return None
        expr = self.r.choice(BINARY)
        if a[0] not in "vm":  # a Python scalar first: only the operators take it
            expr = self.r.choice(["{x} + {y}", "{x} - {y}", "{x} * {y}", "{x} / ({y}.abs() + 1)", "{x} ** {y}"])
        elif b[0] not in "vm" and "{y}." in expr:
            expr = "{x} * {y}"
        return f"{self.new()} = " + expr.format(x=a, y=b)

    def reduction(self):
        x = self.pick()
        if x is None:
            return None
        t = self.ns[x]
        nd = t.dim()
        d = self.r.randrange(-nd, nd) if nd else self.r.choice([0, -1])
        kd = self.r.random() < 0.4
        c = self.r.randrange(12)
        v = self.new()
        if c == 0:
            return f"{v} = {x}.sum()"
        if c == 1:
            return f"{v} = {x}.sum({d}, keepdim={kd})"
        if c == 2:
            return f"{v} = {x}.mean({self.r.choice([d, (0, -1) if nd > 1 else d])}, keepdim={kd})"
        if c == 3:
            return f"{v} = {x}.prod({d}, keepdim={kd})" if self.r.random() < 0.7 else f"{v} = {x}.prod()"
        if c == 4:
            return f"{v} = {x}.amax({d}, keepdim={kd})" if self.r.random() < 0.6 else f"{v} = {x}.amin()"
        if c == 5:
            w = self.new()
            return f"{v}, {w} = {x}.max({d}, keepdim={kd})" if self.r.random() < 0.6 else \
                f"{v}, {w} = {x}.min({d})"
        if c == 6:
            return f"{v} = {x}.max()"
        if c == 7:
            return f"{v} = {x}.norm()" if self.r.random() < 0.4 else f"{v} = {x}.norm(dim={d}, keepdim={kd})"
        if c == 8:
            return f"{v} = {x}.logsumexp({d}, keepdim={kd})"
        if c == 9:
            return f"{v} = {x}.std({d}, keepdim={kd})" if self.r.random() < 0.5 else f"{v} = {x}.var()"
        if c == 10:
            return f"{v} = m.linalg.vector_norm({x}, ord={self.r.choice([1, 3, 'inf'])}, dim={d})".replace(
                "'inf'", "float('inf')")
        return f"{v} = {x}.mean()"

    def view(self):
        x = self.pick()
        if x is None:
            return None
        t = self.ns[x]
        nd, shape = t.dim(), list(t.shape)
        v = self.new()
        c = self.r.randrange(16)
        if c == 0:
            return f"{v} = {x}.view({_factor(self.r, t.numel())})"
        if c == 1:
            return f"{v} = {x}.reshape({_factor(self.r, t.numel())})"
        if c == 2 and nd >= 2:
            a, b = self.r.sample(range(nd), 2)
            return f"{v} = {x}.transpose({a}, {b})"
        if c == 3 and nd >= 2:
            p = list(range(nd))
            self.r.shuffle(p)
            return f"{v} = {x}.permute({', '.join(map(str, p))})"
        if c == 4:
            ones = [i for i, s in enumerate(shape) if s == 1]
            return f"{v} = {x}.squeeze({self.r.choice(ones)})" if ones and self.r.random() < 0.6 else f"{v} = {x}.squeeze()"
        if c == 5:
            return f"{v} = {x}.unsqueeze({self.r.randrange(-nd - 1, nd + 1)})"
        if c == 6:
            new = [self.r.choice([2, 3]) if s == 1 and self.r.random() < 0.7 else s for s in shape]
            if self.r.random() < 0.4:
                new = [2] + new
            if self.r.random() < 0.3 and new:
                new[self.r.randrange(len(new))] = -1
            return f"{v} = {x}.expand({tuple(new)})"
        if c == 7 and nd:
            d = self.r.randrange(nd)
            s = self.r.randrange(shape[d] + 1)
            return f"{v} = {x}.narrow({d}, {s}, {self.r.randrange(shape[d] - s + 1)})"
        if c == 8 and nd and shape[0] and self.r.random() < 0.8:
            d = self.r.randrange(nd)
            return f"{v} = {x}.select({d}, {self.r.randrange(-shape[d], shape[d]) if shape[d] else 0})"
        if c in (9, 10):
            return f"{v} = {x}[{_index(self.r, shape, x)}]"
        if c == 11 and nd <= 2:
            return f"{v} = {x}.t()"
        if c == 12:
            return f"{v} = {x}.flatten()" if self.r.random() < 0.5 else f"{v} = {x}.contiguous()"
        if c == 13 and nd:
            d = self.r.randrange(nd)
            k = self.r.randint(1, 3)
            form = self.r.choice([f"chunk({k}, {d})", f"split({k}, {d})", f"unbind({d})"])
            try:
                n = len(eval(f"t.{form}", {"t": t}))  # noqa: S307 - our own expression
            except RuntimeError:  # (torch refuses a multi-output view of a changed view)
                return None
            if n == 0:
                return None
            names = [v] + [self.new() for _ in range(min(n, 3) - 1)]
            return f"{', '.join(names)}{', *_' if n > 3 else ''}{',' if n == 1 else ''} = {x}.{form}"
        if c == 14:
            y = self.pick(lambda u: u.shape == t.shape)
            d = self.r.randrange(-nd - 1, nd + 1)
            return f"{v} = m.stack([{x}, {y}, {x}], {d})"
        if c == 15 and nd:
            d = self.r.randrange(nd)
            y = self.pick(lambda u: u.dim() == nd and all(a == b for i, (a, b) in enumerate(zip(u.shape, shape)) if i != d))
            return f"{v} = m.cat([{x}, {y}], {d})"
        return f"{v} = {x}.view_as({x})" if self.r.random() < 0.3 else f"{v} = {x}.movedim(0, -1)" if nd else None

    def product(self):
        x = self.pick(lambda t: 1 <= t.dim() <= 3)
        if x is None:
            return None
        t = self.ns[x]
        shape, dt, v = list(t.shape), self.dt(t), self.new()
        k = self.r.randint(1, 3)
        c = self.r.randrange(6)
        if c == 0:
            return f"{v} = {x} @ {self.const(shape[-1:] + ([k] if self.r.random() < 0.7 else []), dt)}"
        if c == 1 and t.dim() == 2:
            return f"{v} = {x}.mm({self.const([shape[1], k], dt)})"
        if c == 2 and t.dim() == 3:
            return f"{v} = m.bmm({x}, {self.const([shape[0], shape[2], k], dt)})"
        if c == 3 and t.dim() == 2:
            return f"{v} = m.einsum('ij,jk->ik', {x}, {self.const([shape[1], k], dt)})"
        if c == 4 and t.dim() == 3:
            return f"{v} = m.einsum('bij,bkj->bik', {x}, {x})"
        if c == 5:
            y = self.pick(lambda u: u.dim() >= 1 and u.shape[-1:] == t.shape[-1:])
            return f"{v} = m.matmul({x}, {y}.mT)" if self.ns[y].dim() >= 2 else f"{v} = m.matmul({x}, {y})"
        return f"{v} = m.einsum('...i,...i->...', {x}, {x})"

    def inplace(self):
        x = self.pick(lambda t: t.is_floating_point())
        if x is None:
            return None
        t = self.ns[x]
        shape, dt = list(t.shape), self.dt(t)
        c = self.r.randrange(12)
        target = x
        pre = ""
        if self.r.random() < 0.35 and t.dim():
            v = self.new()
            pre = f"{v} = {x}[{_index(self.r, shape, x, basic=True)}]; "
            target = v
        if c == 0:
            y = self.pick(lambda u: _broadcastable(u.shape, t.shape))
            op = f"{target}.add_({y})"
        elif c == 1:
            op = f"{target}.mul_({round(self.r.uniform(-2, 2), 2)})"
        elif c == 2:
            op = f"{target}.copy_({self.pick()})"
        elif c == 3:
            op = f"{target}.clamp_(-0.5, 0.5)"
        elif c == 4:
            op = f"{target}.zero_()"
        elif c == 5 and shape:
            y = self.pick()
            op = f"{x}[{_index(self.r, shape, x, basic=self.r.random() < 0.7)}] = {self.r.choice([y, '0.5'])}"
            pre = ""
        elif c == 6:
            op = f"{x}[{x} > 0] = {self.r.choice(['0.0', '-1.5'])}"
            pre = ""
        elif c == 7:
            op = f"{target}.{self.r.choice(['exp_', 'sigmoid_', 'tanh_', 'sin_', 'relu_'])}()"
        elif c == 8:
            y = self.pick()
            op = f"{target}.mul_({y})"
        elif c == 9:
            op = f"{target}.div_({self.const(shape[-1:], dt)})"
        elif c == 10:
            op = f"{target}.sub_({self.pick()}, alpha=2)"
        else:
            op = f"{target}.pow_(2)"
        return pre + op

    def misc(self):
        x = self.pick()
        if x is None:
            return None
        c = self.r.randrange(11)
        v = self.new()
        if c == 0:
            return f"{v} = {x}.detach()"
        if c == 1:
            return f"{v} = {x}.data"
        if c == 2:
            return f"with m.no_grad():\n    {v} = {x} * 2\n    {self.new()} = {x}[0:1]"
        if c == 3:
            return f"{v} = {x}.clone()"
        if c == 4:
            return f"{x}.retain_grad()"
        if c == 5:
            # grad_fn read first: torch 2.13 crashes hooking a view whose base changed before it re-derives it
            return f"{x}.grad_fn; {x}.register_hook(lambda g: g * {round(self.r.uniform(-2, 2), 2)})"
        if c == 6:
            return f"{v} = {x}.detach().requires_grad_()"
        if c == 7:
            return f"{x}.requires_grad_({self.r.random() < 0.5})"
        if c == 8:
            return f"with m.no_grad():\n    {x}.mul_(2)"
        if c == 9:
            return f"{v} = {x}.detach(); {v}.add_(1)"
        return f"{x}.grad_fn; {x}.register_hook(lambda g: None)"

    def backward(self):
        x = self.pick()
        if x is None:
            return None
        t = self.ns[x]
        rg = ", retain_graph=True" if self.r.random() < 0.4 else ""
        if self.r.random() < 0.5:
            return f"{x}.sum().backward({rg[2:]})"
        return f"{x}.backward({self.const(list(t.shape), self.dt(t))}{rg})"

    def grad2(self):
        x = self.pick()
        leaves = [k for k in self.tensors() if _safe(lambda t: t.is_leaf and t.requires_grad, self.ns[k])]
        if x is None or not leaves:
            return None
        leaves = self.r.sample(leaves, min(len(leaves), self.r.randint(1, 3)))
        t = self.ns[x]
        g, h = f"g{self.n + 1}", f"h{self.n + 1}"
        self.n += 1
        ins = ", ".join(leaves)
        out = f"({x} * {self.const(list(t.shape), self.dt(t))}).sum()"
        first = f"{g} = m.autograd.grad({out}, [{ins}], create_graph=True, allow_unused=True)"
        if not self.try_line(first, keep_errors=1):
            return None
        gs = self.ns.get(g)
        if gs is None:
            return None
        terms = " + ".join(f"({g}[{i}] * {g}[{i}]).sum()" if i % 2 == 0 else f"{g}[{i}].tanh().sum()"
                           for i, u in enumerate(gs) if u is not None)
        if not terms:
            return None
        return f"{h} = m.autograd.grad({terms}, [{ins}], allow_unused=True)"

    def program(self, steps):
        kinds = [(self.leaf, 3), (self.unary, 4), (self.binary, 4), (self.reduction, 2), (self.view, 5),
                 (self.product, 1), (self.inplace, 3), (self.misc, 2), (self.backward, 0.5)]
        fns, ws = zip(*kinds)
        for _ in range(self.r.randint(1, 3)):
            self.try_line(self.leaf())
        attempts = 0
        while len(self.lines) < steps and attempts < steps * 6:
            attempts += 1
            line = self.r.choices(fns, weights=ws)[0]()
            if line:
                self.try_line(line)
        end = self.r.random()
        if end < 0.6:
            line = self.backward()
            if line and self.try_line(line, keep_errors=1) and "retain_graph" in line and self.r.random() < 0.7:
                self.try_line(self.backward(), keep_errors=1)
        else:
            line = self.grad2()
            if line:
                self.try_line(line, keep_errors=1)
        return self.lines


def _safe(pred, t):
    try:
        return pred(t)
    except RuntimeError:  # torch refuses to say is_leaf or grad_fn for some changed views
        return False


def _broadcastable(a, b):
    try:
        torch.broadcast_shapes(a, b)
        return True
    except RuntimeError:
        return False


def _factor(r, n):
    """A random shape of n elements, sometimes with a -1."""
    if n == 0:
        return r.choice(["-1", "0", "(0, 3)", "2, 0"])
    dims = []
    while n > 1:
        f = r.choice([p for p in range(2, n + 1) if n % p == 0][:3])
        dims.append(f)
        n //= f
    if r.random() < 0.3:
        dims.insert(r.randrange(len(dims) + 1), 1)
    r.shuffle(dims)
    if dims and r.random() < 0.3:
        dims[r.randrange(len(dims))] = -1
    return ", ".join(map(str, dims)) if dims else "()"


def _index(r, shape, name, basic=False):
    """A random index for a tensor of this shape: slices, ints, lists, masks, None, Ellipsis."""
    if not basic and shape and r.random() < 0.15:
        return f"{name} > 0" if r.random() < 0.5 else \
            "m.tensor(" + repr([r.random() < 0.5 for _ in range(shape[0])]) + ")"
    parts, used_list, ell = [], False, False
    for s in shape:
        c = r.randrange(7)
        if c == 0 and s:
            parts.append(str(r.randrange(-s, s)))
        elif c == 1:
            a = r.randrange(-s - 1, s + 1)
            parts.append(f"{a}:" if r.random() < 0.5 else f"{a}::{r.randint(1, 2)}")
        elif c == 2 and s and not basic and not used_list:
            used_list = True
            parts.append(repr([r.randrange(-s, s) for _ in range(r.randint(1, 3))]))
        elif c == 3 and not basic:
            parts.append("None")
            parts.append(":")
        elif c == 4 and not ell:
            ell = True
            parts.append("...")
        else:
            parts.append(":")
        if r.random() < 0.3:
            break
    if not parts:
        return "..."
    return ", ".join(parts) + ("," if len(parts) == 1 else "")


def generate(seed):
    r = random.Random(seed)
    return Generator(seed).program(r.randint(5, 25))


def check_seed(seed):
    lines = generate(seed)
    try:
        compare(lines)
    except AssertionError as e:
        raise AssertionError(f"seed {seed}:\n" + "\n".join(lines) + f"\n--> {e}") from None


# ----------------------------------------------------------------------------- the tests
# 219 meets a documented difference (docs/differences.md: the strides of size-1 dims decide torch's
# partial-overlap refusal of an in-place write), which no seed run should hide: it stays out by name.
KNOWN_DIFFERENCES = {219}
SEEDS = [s for s in range(240) if s not in KNOWN_DIFFERENCES]


@pytest.mark.parametrize("chunk", range(10))
def test_random_programs(chunk):
    for seed in SEEDS[chunk::10]:
        check_seed(seed)


def _leaf(name, shape, seed, rg=True, dtype="float64"):
    return f"{name} = m.tensor(rnd({seed}, {shape}), dtype=m.{dtype}, requires_grad={rg})"


# Programs the fuzzer found differing (minimized), one per root cause, kept as they were found.
REGRESSIONS = {
    # x[mask] with a 0-dim mask is an Unsqueeze view indexed by [0]: assigning through it is CopySlices
    "zero_dim_bool_index": [_leaf("a", (), 1), "b = a * 2", "b[b > 0] = 0.0", "c = (a * 3)[m.tensor(True)]",
                            "d = (a * 1)[..., True, None]", "(b + c.sum() + d.sum()).backward()"],
    # lerp/addcmul/addcdiv gradients multiply by the number through mul(Tensor, Scalar)
    "scalar_formula_nodes": [_leaf("a", (3,), 2), _leaf("b", (3,), 3), "c = m.lerp(a, b, 0.3)",
                             "d = m.addcmul(c, a, b, value=0.5)", "e = m.addcdiv(d, a, b.abs() + 1, value=0.5)",
                             "g = m.autograd.grad((e * e).sum(), [a, b], create_graph=True)",
                             "h = m.autograd.grad((g[0] * g[1]).sum(), [a, b])",
                             "k = m.autograd.grad((c * c).sum(), [a, b], create_graph=True)",
                             "n = m.autograd.grad((m.addcmul(a, a, b, value=0.5) ** 2).sum(), [b], create_graph=True)"],
    # a view re-derived after an in-place change whose output is empty: torch's zeros, no history
    "as_strided_backward_of_empty_view": [_leaf("a", (2, 3), 4), "b = m.where(a > 1.49, a, 1.49)", "c = b[2:]",
                                          "c.div_(m.tensor(rnd(5, (3,)), dtype=m.float64))",
                                          "g = m.autograd.grad(c.sum().atan(), [a], create_graph=True)"],
    # a view made in no_grad mode of a leaf requiring grad requires grad, takes hooks, and no history
    "no_grad_view_of_leaf": [_leaf("a", (3,), 6), "with m.no_grad():\n    v = a[0:1]", "v.register_hook(lambda g: g * 2)",
                             "v.retain_grad()", "(v * a).sum().backward()"],
    # autograd's refusals come before the kernel's memory-overlap check
    "inplace_checks_before_overlap": [_leaf("a", (2, 3, 4), 7), "b = a.reshape(4, 3, 2)", "b[:, ...].mul_(2)",
                                      "a.mul_(b.reshape(2, 3, 4)[:, 1:2])", "c = a.transpose(0, 1)",
                                      "c[m.tensor([True, False, False])] = a[:1]"],
    # an expand that repeats nothing is writable; negative sizes fail as torch's numel check
    "expand_without_repeats": [_leaf("a", (), 8), "b = a * 1", "c = b.expand(())", "c.pow_(2)",
                               "d = (a * 1).expand(1, 1)", "d.add_(1)", "e = b.expand(-1)", "f = b.expand(2, -2)",
                               "(c + d.sum()).backward()"],
    # vector @ matrix squeezes in place (SqueezeBackward4, no view): an in-place change later is plain
    "matmul_vector_matrix_is_no_view": [_leaf("a", (0,), 9), _leaf("w", (0, 2), 10), "v = m.matmul(a, w)",
                                        "v[:,].mul_(1.5)", "v.mul_(v)", "v.sum().backward()"],
    # chunk of an empty dim gives `chunks` pieces (split_with_sizes)
    "chunk_of_empty_dim": [_leaf("a", (0,), 11), "p, q, r = a.chunk(3, 0)", "s, = (a * 1).chunk(1)",
                           "t, u = a.unsafe_chunk(2)"],
    # views of an expanded tensor: writable where they repeat nothing; fills may write repeats
    "writes_into_expanded": [_leaf("a", (), 12, rg=False), "b = a.expand(2)", "b[b > 0] = -1.5", "b[0] = 2.5",
                             "b.masked_fill_(b > 0, 3.5)", "b.index_put_((m.tensor([0]),), m.tensor(1.0, dtype=m.float64),"
                             " accumulate=True)", "b.fill_(0.5)", "b.zero_()", "b.add_(1)",
                             "b.fill_(m.tensor(2.0, dtype=m.float64))", _leaf("c", (), 13),
                             "d = (c * 1).expand(2)", "d[0:1] = 4.0", "d.sum().backward()"],
    # mm/bmm/einsum save a factor only for the other's gradient: changing the other is harmless
    "products_save_crosswise": [_leaf("x", (1, 3), 14), "a = x * 1", "c = m.tensor(rnd(15, (3, 1)), dtype=m.float64)",
                                "y = m.einsum('ij,jk->ik', a, c)", "z = a @ c", "w = m.bmm(a[None], c[None])",
                                "a.mul_(2)", "(y + z + w[0]).sum().backward()"],
    # the version message names a view's re-derived node for a result written in place into it
    "version_message_names": [_leaf("a", (3, 1), 16), "b = m.tensor(rnd(17, (3, 1)), dtype=m.float64) ** a",
                              "c = b[1:, ...]", "c.exp_()", "e = c[:,]", "e.div_(2.0)", "e.sum().backward()",
                              _leaf("d", (3,), 18), "k = d * 1", "f = k.mul(k)", "k.copy_(d)",
                              "f.sum().backward()"],
    # lerp, addcmul, addcdiv take tensors; lerp promotes nothing
    "lerp_addc_arguments": [_leaf("a", (3,), 19), "b = m.lerp(a, 1.5, 0.3)", "c = a.lerp(1.5, 0.3)",
                            "d = m.addcmul(a, a, 1.5)", "e = a.addcdiv(1.5, a)",
                            "f = m.lerp(a, a.float(), 0.3)", "g = m.lerp(a, a, a.float())",
                            "h = m.lerp(a, a, m.tensor(0.5))"],
    # a lone int or slice on a 0-dim tensor
    "zero_dim_lone_index": [_leaf("a", (), 20), "b = a[0:1]", "c = a[0]", "d = a[1]", "e = a[:,]",
                            "a2 = a * 1", "a2[:] = 1.0", "a2[0] = 1.0"],
    # index's gradient is _index_put_impl_ (IndexPutImplBackward0), listing the zeros first
    "index_backward_node": [_leaf("a", (3, 1), 21), "b = a[a > 0]", "c = a[[0, 2, 0]]",
                            "g = m.autograd.grad((b * b).sum() + (c * c).sum(), [a], create_graph=True)",
                            "h = m.autograd.grad((g[0] * g[0]).sum(), [a])",
                            "k = m.autograd.grad((c * c).sum(), [a], create_graph=True)",
                            "n = k[0].grad_fn.next_functions[0][0] is None"],
    # amax/amin share by scale_grad_by_count (nan where the maximum is nan), max() by evenly_distribute
    "extremum_gradients": ["a = m.tensor([float('nan'), 1.0, 1.0], dtype=m.float64, requires_grad=True)",
                           "b = a.amax()", "c = a.amin(0, keepdim=True)", "d = a.max()", "e = m.aminmax(a)",
                           "(b + c.sum() + d + e[1]).backward()", _leaf("x", (2, 3), 22),
                           "y = x.amax(-1)", "z = x.max()", "t = x.median()",
                           "g = m.autograd.grad((y * y).sum() + z * z + t * t, [x], create_graph=True)",
                           "u = x.masked_fill(x > 0, m.tensor(2.0, dtype=m.float64))"],
    # lerp with a number weight saves nothing, so changing its inputs in place is harmless
    "lerp_saves_nothing": [_leaf("a", (4,), 23), "b = a.sqrt()", "c = m.lerp(m.tensor(rnd(24, (4,)), dtype=m.float64), b, 0.3)",
                           _leaf("d", (1,), 25), "b.sub_(d, alpha=2)", "c.sum().backward()"],
    # a hook on an output of a multi-output node that got no gradient runs with None
    "hook_on_unused_output": [_leaf("a", (3,), 26, dtype="float32"), "b, c, d = (a * 1).chunk(3, 0)",
                              "d.register_hook(lambda g: g * -0.24)", "c.sum().backward()"],
    # a view whose base took a history since: in place, it counts as a leaf until re-derived
    "inplace_on_stale_view": [_leaf("a", (3,), 27), "b = m.tensor(2.0, dtype=m.float64)", "c = b ** 3",
                              "d = c.squeeze()", "e = m.exp(a.mean())", "c.sub_(e, alpha=2)", "d.relu_()",
                              "f = c.squeeze()", "c.sub_(e, alpha=2)", "f.relu_()"],
    # amax names an empty dim as given; an inf or negative norm of nothing is refused
    "empty_reductions": [_leaf("a", (1, 0), 28), "b = a.amax(-1)", "c = a.amin((0, -1))",
                         "d = a.norm(float('inf'), dim=-1)", "e = m.linalg.vector_norm(a, -1, dim=1)",
                         "f = a.norm(float('inf'))", "g = m.linalg.vector_norm(a, 3, dim=1)"],
    # a result written in place into a view unpacks with the view's node: second order works
    "second_order_through_inplace_view": [_leaf("a", (0,), 29, dtype="float32"), "b = (a * 0.3).sum()", "c = b[...]",
                                          "c.exp_()", "d = m.relu(b * -0.51)",
                                          "g = m.autograd.grad(d * 2, [a], create_graph=True)",
                                          "h = m.autograd.grad((g[0] * g[0]).sum(), [a], allow_unused=True)"],
    # var saves its input only; a leaf that stopped requiring grad accumulates nothing
    "var_and_stale_leaf": [_leaf("a", (2, 3), 30), "b = a.sum(-1, keepdim=True).var()", "b[b > 0] = -1.5",
                           "c = b.expand(()).flatten().select(0, 0)", "c.sum().backward()", _leaf("x", (0,), 31),
                           "y = x.narrow(0, 0, 0)", "x.requires_grad_(False)",
                           "y.backward(m.tensor(rnd(32, (0,)), dtype=m.float64))"],
    # saved tensors unpack in torch's order (hypot: other first; bmm: mat2 first)
    "unpack_order": [_leaf("a", (), 33), "b = a.amax(-1, keepdim=True)", "c = b.view_as(b)", "d = m.hypot(c, b)",
                     "c.sub_(d, alpha=2)", "(1 / (m.relu(d).abs() + 1)).backward()", _leaf("x", (3,), 34),
                     "y = m.einsum('...i,...i->...', x, x)", "x.detach().add_(1)", "y.backward()",
                     _leaf("p", (), 35), "q = m.ones(2, 0, dtype=m.float64)", "r = m.hypot(p, q)",
                     "q.div_(m.ones(0, dtype=m.float64))", "r.sum().backward()"],
    # requires_grad of a view made in no_grad mode whose base changed: read, not refused
    "requires_grad_of_refused_view": [_leaf("a", (2,), 36), "b = a.clone().view_as(a)",
                                      "with m.no_grad():\n    v = b[0:1]", "b.add_(1)", "r = v.requires_grad"],
}


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression_programs(name):
    compare(REGRESSIONS[name])


def test_the_comparison_can_fail():
    """The harness notices a difference (a value, a node name, an error) instead of passing anything."""
    with pytest.raises(AssertionError):
        compare_value(pullback.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5]), "v")
    with pytest.raises(AssertionError):
        compare_value(pullback.tensor([1.0]) * pullback.tensor([2.0], requires_grad=True),
                      torch.tensor([1.0]) + torch.tensor([1.0], requires_grad=True), "v")
    with pytest.raises(AssertionError):
        compare_error(None, RuntimeError("refused"), "step 0")


if __name__ == "__main__":
    hunt(check_seed)
