"""Seeded random training programs, run under torch and under pullback and compared step by step.

A program is a list of Python source lines over a module `m` (torch or pullback), as users write a
training loop: a small model of nn layers (Sequential or a custom Module) whose initial weights are
torch's (`sync(model)` copies them into pullback's), data, a loss, an optimizer with its options
and param groups, maybe a scheduler, and a few steps (zero_grad, micro-batches, clipping, step,
scheduler step) with events between them (train/eval, freezing, add_param_group, state_dict
round trips, torch-format checkpoints in a BytesIO, bad input). `generate(seed)` writes one;
`compare(lines)` runs each line in torch then in pullback and compares the errors and warnings it
gave, and after every line the loss, every parameter, buffer and .grad, the optimizer's state_dict
and the scheduler's state_dict and get_last_lr().

    python tests/test_training_fuzz.py 0 500     # hunt over seeds 0..499, print failing programs
"""
import io
import math
import random
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import hunt
from test_autograd_fuzz import compare_error, first_line, rnd


# ----------------------------------------------------------------------------- the namespaces
def ints(seed, shape, hi):
    return np.random.default_rng(seed).integers(0, hi, shape)


def probs(seed, shape):
    """Rows of probabilities (soft labels) along dim 1."""
    e = np.exp(rnd(seed, shape))
    return e / e.sum(1, keepdims=True)


def unit(seed, shape):
    return np.random.default_rng(seed).uniform(0, 1, shape)


def fresh_namespaces():
    """torch's and pullback's namespaces; `sync(model)` and `checkpoint(obj)` pass torch's values on."""
    shared = {}

    def t_sync(model):
        shared["state"] = {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}

    def p_sync(model):
        model.load_state_dict({k: pullback.tensor(v) for k, v in shared["state"].items()})

    def t_checkpoint(obj):
        buf = io.BytesIO()
        torch.save(obj, buf)
        shared["bytes"] = buf.getvalue()
        return torch.load(io.BytesIO(shared["bytes"]))

    def p_checkpoint(obj):
        # pullback reads torch's file (what a user resuming a torch checkpoint does); torch reads pullback's
        buf = io.BytesIO()
        pullback.save(obj, buf)
        mine = torch.load(io.BytesIO(buf.getvalue()))
        compare_value(mine, torch.load(io.BytesIO(shared["bytes"])), "torch.load of pullback's checkpoint", torch.Tensor)
        return pullback.load(io.BytesIO(shared["bytes"]))

    common = {"rnd": rnd, "ints": ints, "probs": probs, "unit": unit, "io": io, "math": math}
    return ({"m": torch, "sync": t_sync, "checkpoint": t_checkpoint, **common},
            {"m": pullback, "sync": p_sync, "checkpoint": p_checkpoint, **common})


# ----------------------------------------------------------------------------- comparing
_TOL = [(1e-7, 1e-9)]


def _is_tensor(x):
    return isinstance(x, (torch.Tensor, pullback.Tensor))


def compare_value(p, t, what, mine=pullback.Tensor):
    """Raise AssertionError where pullback's value p (any nesting of dicts, lists, tensors, numbers) differs.

    `mine` is the class of p's tensors: torch's for what torch read from pullback's files."""
    if isinstance(t, torch.Tensor):
        assert isinstance(p, mine), f"{what}: pullback {type(p).__name__}, torch a Tensor"
        assert str(p.dtype) == str(t.dtype), f"{what}: dtype {p.dtype} != {t.dtype}"
        assert tuple(p.shape) == tuple(t.shape), f"{what}: shape {tuple(p.shape)} != {tuple(t.shape)}"
        assert p.requires_grad == t.requires_grad, f"{what}: requires_grad {p.requires_grad} != {t.requires_grad}"
        a, e = p.detach().numpy(), t.detach().numpy()
        if e.dtype.kind in "biu":
            np.testing.assert_array_equal(a, e, err_msg=what)
        else:
            rtol, atol = _TOL[0]
            scale = np.abs(e[np.isfinite(e)]).max(initial=1.0)
            if not np.allclose(a, e, rtol=rtol, atol=atol * scale, equal_nan=True):  # the quick test first
                np.testing.assert_allclose(a, e, rtol=rtol, atol=atol * scale, equal_nan=True, err_msg=what)
        return
    assert not isinstance(p, mine), f"{what}: pullback a Tensor, torch {type(t).__name__} {t!r}"
    if isinstance(t, dict):
        assert isinstance(p, dict), f"{what}: pullback {type(p).__name__}, torch a dict"
        assert list(p) == list(t), f"{what}: keys {list(p)} != torch's {list(t)}"
        for k in t:
            compare_value(p[k], t[k], f"{what}[{k!r}]", mine)
    elif isinstance(t, (list, tuple)):
        assert type(p).__name__ == type(t).__name__, f"{what}: pullback {type(p).__name__} {p!r}, torch {t!r}"
        assert len(p) == len(t), f"{what}: {len(p)} items, torch {len(t)}"
        for i, (a, b) in enumerate(zip(p, t)):
            compare_value(a, b, f"{what}[{i}]", mine)
    elif isinstance(t, (bool, int, str, type(None))):
        assert type(p) is type(t) and p == t, f"{what}: pullback {p!r}, torch {t!r}"
    elif isinstance(t, float):
        assert type(p) is float, f"{what}: pullback {p!r}, torch {t!r}"
        rtol, atol = _TOL[0]
        assert p == t or math.isclose(p, t, rel_tol=rtol, abs_tol=atol) or (math.isnan(p) and math.isnan(t)), \
            f"{what}: pullback {p!r}, torch {t!r}"
    else:  # functions, objects: the same kind
        assert type(p).__name__ == type(t).__name__, f"{what}: pullback {type(p).__name__}, torch {type(t).__name__}"


def snapshot(ns):
    """What a user can see of the training state: loss, parameters, buffers, grads, optimizer, scheduler."""
    s = {}
    if _is_tensor(ns.get("loss")):
        s["loss"] = ns["loss"]
    model = ns.get("model")
    if model is not None:
        s["training"] = model.training
        s["repr(model)"] = repr(model)
        for k, p in model.named_parameters():
            s[f"param {k}"] = p
            s[f"grad {k}"] = p.grad
        for k, b in model.named_buffers():
            s[f"buffer {k}"] = b
    swa = ns.get("swa")
    if swa is not None:
        s["swa"] = dict(swa.state_dict())
    scaler = ns.get("scaler")
    if scaler is not None:
        s["scaler"] = scaler.state_dict()
    for k in ("total", "lrs", "res", "ret"):  # what clip_grad_norm_, get_last_lr, load_state_dict returned
        if k in ns:
            s[k] = tuple(ns[k]) if type(ns[k]).__name__ == "_IncompatibleKeys" else ns[k]
    opt = ns.get("opt")
    if opt is not None:
        s["opt.state_dict()"] = opt.state_dict()
        s["repr(opt)"] = repr(opt)
    sched = ns.get("sched")
    if sched is not None:
        s["sched.state_dict()"] = sched.state_dict()
        if hasattr(sched, "get_last_lr") and hasattr(sched, "_last_lr"):
            s["sched.get_last_lr()"] = sched.get_last_lr()
    return s


def run_line(line, ns):
    """Run one line; return (the exception it raised or None, the warnings it gave)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(line, ns)  # noqa: S102 - the programs are ours
        except Exception as e:  # noqa: BLE001 - torch's errors are part of what is compared
            return e, caught
    return None, caught


def _warning_keys(caught):
    return sorted({(w.category.__name__, first_line(w.message)) for w in caught})


def compare(lines, tol=(1e-7, 1e-9)):
    """Run the program in both libraries, comparing after every line."""
    _TOL[0] = tol
    tns, pns = fresh_namespaces()
    # warnings given once per process (TORCH_WARN_ONCE) every time: what earlier programs used up differs
    for m in (torch, pullback):
        m.set_warn_always(True)
    try:
        _compare(lines, tns, pns)
    finally:
        for m in (torch, pullback):
            m.set_warn_always(False)


def _compare(lines, tns, pns):
    synced = False  # the models' initial weights differ until torch's are copied
    for step, line in enumerate(lines):
        synced = synced or line.startswith("sync(")
        te, tw = run_line(line, tns)
        pe, pw = run_line(line, pns)
        compare_error(pe, te, f"line {step} {line!r}")
        assert _warning_keys(pw) == _warning_keys(tw), \
            f"line {step} {line!r}: warnings {_warning_keys(pw)} != torch's {_warning_keys(tw)}"
        if synced:
            compare_value(snapshot(pns), snapshot(tns), f"after line {step} {line!r}")


# ----------------------------------------------------------------------------- writing a program
ACTIVATIONS = ["m.nn.ReLU()", "m.nn.Tanh()", "m.nn.GELU()", "m.nn.GELU(approximate='tanh')", "m.nn.SiLU()",
               "m.nn.LeakyReLU(0.1)", "m.nn.ELU()", "m.nn.Softplus()", "m.nn.Sigmoid()", "m.nn.Hardtanh()",
               "m.nn.Mish()", "m.nn.PReLU()", "m.nn.SELU()", "m.nn.Hardswish()", "m.nn.CELU(0.5)"]


def _drop_bias(layers):
    """A bias feeding a batch, group or instance norm through linear layers only has a gradient of zero,
    computed as rounding noise of any sign, which optimizers normalising each coordinate (Rprop, Adafactor,
    Adagrad) step by lr: such programs would compare noise. So those layers have none."""
    for i in range(len(layers) - 1, -1, -1):
        if "Linear" in layers[i] or "Conv" in layers[i]:
            if "bias=False" not in layers[i]:
                layers[i] = layers[i].replace(", bias=True", "")[:-1] + ", bias=False)"
        elif not any(k in layers[i] for k in ("Dropout", "Identity", "Flatten", "AvgPool")):
            return


def well_conditioned(model_lines, x, dtype):
    """Whether no gradient entry of torch's model is rounding noise: a direction of zero gradient in exact
    arithmetic (a bias feeding a norm through linear layers, a norm of values made equal by padding), whose
    computed gradient has any sign, which optimizers normalising each coordinate (Rprop, Adafactor, Adagrad)
    step by lr. Exact zeros (unused embedding rows, max-pool losers) are fine: both libraries give them.
    For a float32 program, also whether float32's gradients are float64's to 1e-3 (a norm of few values
    after another can cancel most digits)."""
    def grads(dt):
        ns = {"m": torch, "DT": dt, "rnd": rnd, "ints": ints}
        torch.manual_seed(0)
        for line in model_lines:
            exec(line, ns)  # noqa: S102 - the programs are ours
        model = ns["model"].to(dt)
        out = model(eval(x, ns))  # noqa: S307
        (out * torch.tensor(rnd(7, tuple(out.shape)), dtype=dt)).sum().backward()
        return [p.grad.double() for p in model.parameters() if p.grad is not None]

    exact = grads(torch.float64)
    top = max(float(g.abs().max()) for g in exact)
    if any(((g != 0) & (g.abs() < 1e-9 * top)).any() for g in exact):
        return False
    return dtype == "float64" or all(torch.allclose(a, b, rtol=1e-3, atol=1e-3 * top)
                                     for a, b in zip(grads(torch.float32), exact))


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.lines = []
        self.data = seed * 1000

    def seed_(self):
        self.data += 1
        return self.data

    def emit(self, *lines):
        self.lines.extend(lines)

    def choice(self, *xs):
        return self.r.choice(xs)

    # the model -------------------------------------------------------------------------------
    def model(self):
        """Emit `model = ...`; return (input builder, output kind) where the builder writes a batch's line."""
        kind = self.r.choice(["mlp", "mlp", "conv2d", "conv1d", "seq", "attn", "bilinear"])
        return getattr(self, "model_" + kind)()

    def act(self):
        return self.r.choice(ACTIVATIONS)

    def model_mlp(self):
        f = self.r.randint(2, 6)
        h = f
        layers = []
        for _ in range(self.r.randint(1, 4)):
            c = self.r.randrange(8)
            if c <= 2:
                n = self.r.randint(2, 6)
                layers.append(f"m.nn.Linear({h}, {n}, bias={self.r.random() < 0.8})")
                h = n
            elif c <= 4:
                layers.append(self.act())
            elif c == 5 and h >= 3:  # a norm of two values is +-1 whatever they are
                layers.append(self.choice(f"m.nn.LayerNorm({h})", f"m.nn.LayerNorm({h}, elementwise_affine=False)",
                                          f"m.nn.LayerNorm({h}, bias=False)"))
            elif c == 6:
                _drop_bias(layers)
                layers.append(self.choice(f"m.nn.BatchNorm1d({h})", f"m.nn.BatchNorm1d({h}, momentum=0.3, affine=False)",
                                          f"m.nn.BatchNorm1d({h}, track_running_stats=False)",
                                          f"m.nn.BatchNorm1d({h}, momentum=None)"))
            else:
                layers.append(self.choice("m.nn.Dropout(0.0)", "m.nn.Identity()", "m.nn.Flatten()", "m.nn.Dropout(0.4)",
                                          "m.nn.AlphaDropout(0.0)"))
        self.classes = self.r.randint(2, 5)
        layers.append(f"m.nn.Linear({h}, {self.classes})")
        self.emit(f"model = m.nn.Sequential({', '.join(layers)})")
        # a batch norm of two samples gives +-1 whatever its input (a gradient of zero before it), of three cancels
        n = self.r.randint(4 if any("BatchNorm" in layer for layer in layers) else 2, 5)
        return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {f})), dtype=DT)"), n, "logits"

    def _conv_stack(self, d, size):
        c = self.r.choice([2, 4])
        size0 = size
        cname = f"Conv{d}d"
        layers = []
        h = c
        for _ in range(self.r.randint(1, 3)):
            k = self.r.randint(1, 3)
            stride = self.r.choice([1, 1, 2])
            pad = self.r.choice([0, 1])
            groups = self.r.choice([1, 2]) if h % 2 == 0 else 1
            out = self.r.choice([2, 4])
            extra = self.choice("", ", padding_mode='reflect'", ", padding_mode='circular'", ", dilation=2", ", bias=False",
                                ", padding_mode='replicate'")
            if "dilation" in extra:
                k = min(k, 2)
            if "reflect" in extra or "circular" in extra:
                pad = min(pad, size - 1)
            if stride == 1 and self.r.random() < 0.2:
                pad = (k - 1) * (2 if "dilation" in extra else 1)  # what 'same' pads in all
                layers.append(f"m.nn.{cname}({h}, {out}, {k}, padding='same', groups={groups}{extra})")
                pad = pad / 2
            else:
                layers.append(f"m.nn.{cname}({h}, {out}, {k}, stride={stride}, padding={pad}, groups={groups}{extra})")
            eff = k + (k - 1) * (1 if "dilation" in extra else 0)
            size = int(size + 2 * pad - eff) // stride + 1
            h = out
            if size < 1:
                return None
            c2 = self.r.randrange(6)
            if c2 == 0:
                layers.append(self.act())
            elif c2 == 1 and size ** d >= 3:  # an instance or group norm of two values is +-1 (see model_mlp)
                _drop_bias(layers)
                layers.append(self.choice(f"m.nn.BatchNorm{d}d({h})", f"m.nn.BatchNorm{d}d({h}, momentum=0.5)",
                                          f"m.nn.GroupNorm(2, {h})", f"m.nn.GroupNorm(1, {h}, affine=False)",
                                          f"m.nn.InstanceNorm{d}d({h}, affine=True)"))
            elif c2 == 2 and size >= 2:
                pk = 2
                layers.append(self.choice(f"m.nn.MaxPool{d}d({pk})", f"m.nn.AvgPool{d}d({pk}, ceil_mode=True)",
                                          f"m.nn.AvgPool{d}d({pk}, stride=1, padding=1, count_include_pad=False)",
                                          f"m.nn.MaxPool{d}d({pk}, stride=1, padding=1)"))
                if "stride=1" in layers[-1]:
                    size = size + 1
                elif "ceil_mode" in layers[-1]:
                    size = -(-size // 2)
                else:
                    size = size // 2
            elif c2 == 3:
                layers.append(f"m.nn.Dropout{d}d(0.0)" if d == 2 else "m.nn.Dropout(0.0)")
        if self.r.random() < 0.3:
            o = self.r.randint(1, 2)
            layers.append(self.choice(f"m.nn.AdaptiveAvgPool{d}d({o})", f"m.nn.AdaptiveMaxPool{d}d({o})"))
            size = o
        self.classes = self.r.randint(2, 4)
        layers.append("m.nn.Flatten()")
        layers.append(f"m.nn.Linear({h * size ** d}, {self.classes})")
        self.emit(f"model = m.nn.Sequential({', '.join(layers)})")
        n = self.r.randint(2, 4)
        shape = (n, c) + (size0,) * d
        return (lambda: f"m.tensor(rnd({self.seed_()}, {shape}), dtype=DT)"), n, "logits"

    def model_conv2d(self):
        return self._conv(2)

    def model_conv1d(self):
        return self._conv(1)

    def _conv(self, d):
        for _ in range(20):
            out = self._conv_stack(d, self.r.randint(5, 8))
            if out is not None:
                return out
        return self.model_mlp()

    def model_seq(self):
        v, e, hdim = self.r.randint(4, 7), self.r.randint(2, 4), self.r.randint(2, 4)
        t, n = self.r.randint(2, 5), self.r.randint(2, 3)
        cell = self.r.choice(["LSTM", "GRU", "RNN"])
        layers = self.r.choice([1, 1, 2])
        bi = self.r.random() < 0.4
        bf = self.r.random() < 0.5
        extra = ""
        out_h = hdim
        if cell == "LSTM" and self.r.random() < 0.3:
            proj = self.r.randint(1, hdim - 1) if hdim > 1 else 1
            extra = f", proj_size={proj}"
            out_h = proj
        if cell == "RNN" and self.r.random() < 0.4:
            extra = ", nonlinearity='relu'"
        if self.r.random() < 0.2:
            extra += ", bias=False"
        emb = self.choice(f"m.nn.Embedding({v}, {e})", f"m.nn.Embedding({v}, {e}, padding_idx=0)",
                          f"m.nn.Embedding({v}, {e}, max_norm=1.0)", f"m.nn.Embedding({v}, {e}, padding_idx=1, max_norm=2.0, norm_type=1.0)")
        self.classes = self.r.randint(2, 5)
        ctc = self.r.random() < 0.3
        head = f"m.nn.Linear({out_h * (2 if bi else 1)}, {self.classes})"
        pick = "h = out" if ctc else self.choice("h = out.mean(1 if self.bf else 0)",
                                                 "h = out[:, -1] if self.bf else out[-1]")
        reshape = "h = h.transpose(0, 1) if self.bf else h" if ctc else ""
        self.emit("class Net(m.nn.Module):\n"
                  "    def __init__(self):\n"
                  "        super().__init__()\n"
                  f"        self.bf = {bf}\n"
                  f"        self.emb = {emb}\n"
                  f"        self.rnn = m.nn.{cell}({e}, {hdim}, num_layers={layers}, bidirectional={bi}, batch_first={bf}{extra})\n"
                  f"        self.head = {head}\n"
                  "    def forward(self, x):\n"
                  "        out, _ = self.rnn(self.emb(x))\n"
                  f"        {pick}\n"
                  f"        {reshape}\n"
                  "        return self.head(h)",
                  "model = Net()")
        shape = (n, t) if bf else (t, n)
        self.seq = (t, n)
        return (lambda: f"m.tensor(ints({self.seed_()}, {shape}, {v}))"), n, "ctc" if ctc else "logits"

    def model_attn(self):
        heads = self.r.choice([1, 2])
        e = self.r.choice([3, 4] if heads == 1 else [4, 6])  # LayerNorm(e) of at least 3 values (see model_mlp)
        n, length = self.r.randint(2, 3), self.r.randint(2, 4)
        self.classes = self.r.randint(2, 4)
        # no in_proj bias: its key part has a gradient of zero in exact arithmetic (see _drop_bias)
        opts = ", bias=False" + self.choice("", ", add_bias_kv=True", ", add_zero_attn=True", ", kdim=3, vdim=3")
        kv = "self.kv(x)" if "kdim" in opts else "x"
        self.emit("class Net(m.nn.Module):\n"
                  "    def __init__(self):\n"
                  "        super().__init__()\n"
                  f"        self.inp = m.nn.Linear(3, {e})\n"
                  + ("        self.kv = m.nn.Linear(3, 3)\n" if "kdim" in opts else "") +
                  f"        self.attn = m.nn.MultiheadAttention({e}, {heads}, batch_first=True{opts})\n"
                  f"        self.norm = m.nn.LayerNorm({e})\n"
                  f"        self.head = m.nn.Linear({e}, {self.classes})\n"
                  "    def forward(self, x):\n"
                  "        h = self.inp(x)\n"
                  f"        a, w = self.attn(h, {'self.kv(x)' if 'kdim' in opts else 'h'}, "
                  f"{'self.kv(x)' if 'kdim' in opts else 'h'}, need_weights={self.r.random() < 0.5})\n"
                  "        return self.head(self.norm(h + a).mean(1))",
                  "model = Net()")
        del kv
        return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {length}, 3)), dtype=DT)"), n, "logits"

    def model_bilinear(self):
        f, h = self.r.randint(2, 4), self.r.randint(2, 4)
        self.classes = self.r.randint(2, 4)
        self.emit("class Net(m.nn.Module):\n"
                  "    def __init__(self):\n"
                  "        super().__init__()\n"
                  f"        self.a = m.nn.Linear({f}, {h})\n"
                  f"        self.act = {self.act()}\n"
                  f"        self.bil = m.nn.Bilinear({h}, {f}, {self.classes}, bias={self.r.random() < 0.7})\n"
                  "    def forward(self, x):\n"
                  "        return self.bil(self.act(self.a(x)), x)",
                  "model = Net()")
        n = self.r.randint(2, 4)
        return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {f})), dtype=DT)"), n, "logits"

    # the loss ---------------------------------------------------------------------------------
    def loss(self, n, kind):
        """Emit `loss_fn = ...`; return a writer of (target line, loss expression of `out` and `y`)."""
        c = self.classes
        red = self.choice("'mean'", "'mean'", "'sum'")
        if kind == "ctc":
            t, nb = self.seq
            tl = self.r.randint(1, max(1, (t - 1) // 2 + 1))
            self.emit(f"loss_fn = m.nn.CTCLoss(blank=0, reduction={red}, zero_infinity={self.r.random() < 0.5})")

            def target():
                s = self.seed_()
                return (f"(m.tensor(ints({s}, ({nb}, {tl}), {c - 1}) + 1), m.full(({nb},), {t}, dtype=m.long), "
                        f"m.tensor(ints({s + 500}, ({nb},), {tl}) + 1))")
            return target, "loss_fn(out.log_softmax(2), y[0], y[1], y[2])"
        # float32 programs leave out the losses with piecewise-constant gradients (l1, smooth l1 of beta 0, multi
        # margin): their terms cancel to an exact zero in one order of summation and to float32 noise in another,
        # which optimizers normalising each coordinate step by a good part of lr
        choice = self.r.choice([c for c in range(12) if self.dtype == "float64" or c not in (1, 9)])
        if choice == 0:
            self.emit(f"loss_fn = m.nn.MSELoss(reduction={red})")
            return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(out, y)"
        if choice == 1:
            self.emit(self.choice(f"loss_fn = m.nn.HuberLoss(delta={self.choice(0.5, 1.0, 2.0)})",
                                  f"loss_fn = m.nn.SmoothL1Loss(beta={self.choice(0.0, 0.5, 1.0)})",
                                  "loss_fn = m.nn.L1Loss()"))
            return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(out, y)"
        if choice in (2, 3, 4):
            opts = []
            if self.r.random() < 0.4:
                opts.append(f"weight=m.tensor(unit({self.seed_()}, ({c},)) + 0.5, dtype=DT)")
            if self.r.random() < 0.4:
                opts.append(f"label_smoothing={self.choice(0.1, 0.25)}")
            ign = self.r.random() < 0.4
            if ign:
                opts.append("ignore_index=1")
            if self.r.random() < 0.3:
                opts.append(f"reduction={red}")
            self.emit(f"loss_fn = m.nn.CrossEntropyLoss({', '.join(opts)})")
            if not ign and self.r.random() < 0.3:
                return (lambda: f"m.tensor(probs({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(out, y)"
            return (lambda: f"m.tensor(ints({self.seed_()}, ({n},), {c}))"), "loss_fn(out, y)"
        if choice == 5:
            w = f"weight=m.tensor(unit({self.seed_()}, ({c},)) + 0.5, dtype=DT), " if self.r.random() < 0.5 else ""
            self.emit(f"loss_fn = m.nn.NLLLoss({w}ignore_index={self.choice(-100, 0)}, reduction={red})")
            return (lambda: f"m.tensor(ints({self.seed_()}, ({n},), {c}))"), "loss_fn(m.nn.functional.log_softmax(out, 1), y)"
        if choice == 6:
            pw = f"pos_weight=m.tensor(unit({self.seed_()}, ({c},)) * 2, dtype=DT), " if self.r.random() < 0.6 else ""
            self.emit(f"loss_fn = m.nn.BCEWithLogitsLoss({pw}reduction={red})")
            return (lambda: f"m.tensor(unit({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(out, y)"
        if choice == 7:
            lt = self.r.random() < 0.5
            self.emit(f"loss_fn = m.nn.KLDivLoss(reduction={self.choice(repr('batchmean'), red)}, log_target={lt})")
            tgt = (lambda: f"m.tensor(probs({self.seed_()}, ({n}, {c})), dtype=DT)" + (".log()" if lt else ""))
            return tgt, "loss_fn(out.log_softmax(1), y)"
        if choice == 8:
            self.emit("loss_fn = m.nn.BCELoss()")
            return (lambda: f"m.tensor(unit({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(m.sigmoid(out), y)"
        if choice == 9:
            self.emit(self.choice(f"loss_fn = m.nn.MultiMarginLoss(margin={self.choice(1.0, 0.5)})",
                                  "loss_fn = m.nn.MultiMarginLoss(p=2)"))
            return (lambda: f"m.tensor(ints({self.seed_()}, ({n},), {c}))"), "loss_fn(out, y)"
        if choice == 10:
            self.emit(self.choice("loss_fn = m.nn.PoissonNLLLoss()", "loss_fn = m.nn.PoissonNLLLoss(log_input=False, full=True)"))
            return (lambda: f"m.tensor(unit({self.seed_()}, ({n}, {c})) * 3, dtype=DT)"), \
                ("loss_fn(out, y)" if "False" not in self.lines[-1] else "loss_fn(out.exp(), y)")
        self.emit("loss_fn = m.nn.GaussianNLLLoss(full=True)")
        return (lambda: f"m.tensor(rnd({self.seed_()}, ({n}, {c})), dtype=DT)"), "loss_fn(out, y, out.detach() ** 2 + 0.5)"

    # the optimizer ----------------------------------------------------------------------------
    OPTIMIZERS = {
        "SGD": ["lr=0.1", "lr=0.05, momentum=0.9", "lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01",
                "lr=0.05, momentum=0.5, dampening=0.3, maximize=True", "lr=0.1, foreach=False",
                "lr=0.05, momentum=0.9, fused=True"],
        "Adam": ["lr=0.01", "lr=0.01, amsgrad=True, weight_decay=0.1", "lr=0.02, betas=(0.8, 0.9), maximize=True",
                 "lr=0.01, weight_decay=0.1, decoupled_weight_decay=True, foreach=False", "lr=m.tensor(0.01)",
                 "lr=0.01, fused=True", "lr=0.01, amsgrad=True, fused=True, maximize=True"],
        "AdamW": ["lr=0.01", "lr=0.01, amsgrad=True, weight_decay=0.5", "lr=0.01, fused=True"],
        "Adamax": ["lr=0.02", "lr=0.02, weight_decay=0.1, maximize=True"],
        "NAdam": ["lr=0.01", "lr=0.01, momentum_decay=0.005, weight_decay=0.1, decoupled_weight_decay=True"],
        "RAdam": ["lr=0.01", "lr=0.01, weight_decay=0.1, decoupled_weight_decay=True"],
        "Adagrad": ["lr=0.05", "lr=0.05, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.2",
                    "lr=0.05, fused=True"],
        "Muon": ["lr=0.02", "lr=0.02, weight_decay=0.1, momentum=0.9, nesterov=False, adjust_lr_fn='match_rms_adamw'"],
        "Adadelta": ["lr=1.0", "lr=0.5, rho=0.8, weight_decay=0.1"],
        "RMSprop": ["lr=0.01", "lr=0.01, centered=True, momentum=0.9, weight_decay=0.1", "lr=0.01, alpha=0.9, maximize=True"],
        "Rprop": ["lr=0.01", "lr=0.02, etas=(0.4, 1.1), step_sizes=(1e-4, 1.0)"],
        "ASGD": ["lr=0.01", "lr=0.01, lambd=0.001, alpha=0.5, t0=2, weight_decay=0.1"],
        "Adafactor": ["lr=0.01", "lr=0.01, beta2_decay=-0.5, weight_decay=0.1"],
        "LBFGS": ["lr=0.5, max_iter=3", "lr=1.0, max_iter=4, history_size=3, line_search_fn='strong_wolfe'"],
    }
    SCHEDULERS = [
        "m.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)",
        "m.optim.lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.3)",
        "m.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)",
        "m.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=0.001)",
        "m.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2, eta_min=0.0001)",
        "m.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=10)",
        "m.optim.lr_scheduler.OneCycleLR(opt, max_lr=[0.05, 0.02][:len(opt.param_groups)], total_steps=10, "
        "anneal_strategy='linear', three_phase=True)",
        "m.optim.lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.02, step_size_up=2, cycle_momentum=False)",
        "m.optim.lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.02, step_size_up=2, mode='triangular2')",
        "m.optim.lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=3)",
        "m.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2)",
        "m.optim.lr_scheduler.PolynomialLR(opt, total_iters=4, power=2.0)",
        "m.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.9 ** e)",
        "m.optim.lr_scheduler.MultiplicativeLR(opt, lambda e: 0.95)",
        "m.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=0, threshold=0.1)",
        "m.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', factor=0.5, patience=1, cooldown=1, min_lr=0.001)",
        "m.optim.lr_scheduler.SequentialLR(opt, [m.optim.lr_scheduler.LinearLR(opt, start_factor=0.2, total_iters=2), "
        "m.optim.lr_scheduler.ExponentialLR(opt, gamma=0.8)], milestones=[2])",
        "m.optim.lr_scheduler.ChainedScheduler([m.optim.lr_scheduler.ConstantLR(opt, factor=0.5, total_iters=2), "
        "m.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)])",
    ]

    def optimizer(self):
        # LBFGS's line search magnifies float32's rounding into other steps, and so does Muon's bfloat16 rounding
        name = self.r.choice([k for k in self.OPTIMIZERS if k not in ("LBFGS", "Muon") or self.dtype == "float64"])
        kw = self.r.choice(self.OPTIMIZERS[name])
        self.opt_name = name
        self.emit("params = list(model.parameters())")
        self.later_group = False
        g = self.r.random()
        if name == "Muon":  # matrices only; given all parameters it refuses
            self.emit(f"opt = m.optim.Muon({self.choice('[p for p in params if p.dim() == 2]', 'params')}, {kw})")
        elif name != "LBFGS" and g < 0.25:
            self.emit(f"opt = m.optim.{name}([{{'params': params[::2]}}, {{'params': params[1::2], 'lr': 0.003}}], {kw})")
        elif name != "LBFGS" and g < 0.4:
            self.later_group = True
            self.emit(f"opt = m.optim.{name}(params[:1], {kw})")
        else:
            self.emit(f"opt = m.optim.{name}(model.parameters(), {kw})")
        self.sched = None
        self.scaler = name != "LBFGS" and self.r.random() < 0.1
        if self.scaler:
            self.emit(f"scaler = m.amp.GradScaler('cpu', init_scale={self.choice(2.0 ** 16, 4.0)}, growth_interval=2)")
        self.swa = name != "LBFGS" and self.r.random() < 0.1
        if self.swa:
            self.emit(self.choice("swa = m.optim.swa_utils.AveragedModel(model)",
                                  "swa = m.optim.swa_utils.AveragedModel(model, multi_avg_fn="
                                  "m.optim.swa_utils.get_ema_multi_avg_fn(0.9), use_buffers=True)"))
            if self.r.random() < 0.5:
                self.sched = "m.optim.swa_utils.SWALR(opt, swa_lr=0.005, anneal_epochs=2)"
                self.emit(f"sched = {self.sched}")
                return
        if name != "LBFGS" and self.r.random() < 0.6:
            self.sched = self.r.choice(self.SCHEDULERS)
            if "CyclicLR" in self.sched and "cycle_momentum" not in self.sched and name not in ("SGD", "RMSprop"):
                self.sched = self.sched.replace("mode=", "cycle_momentum=False, mode=")
            self.emit(f"sched = {self.sched}")

    # the steps --------------------------------------------------------------------------------
    def step(self, x, y, loss_expr):
        lines = []
        micro = self.r.choice([1, 1, 2])
        if self.opt_name == "LBFGS":
            xs, ys = x(), y()
            lines.append("def closure():\n"
                         "    opt.zero_grad()\n"
                         f"    out = model({xs})\n"
                         f"    y = {ys}\n"
                         f"    loss = {loss_expr}\n"
                         "    loss.backward()\n"
                         "    return loss")
            lines.append("loss = opt.step(closure)")
            return lines
        lines.append(self.choice("opt.zero_grad()", "opt.zero_grad(set_to_none=False)", "model.zero_grad()"))
        for i in range(micro):
            lines.append(f"out = model({x()})")
            lines.append(f"y = {y()}")
            lines.append(f"loss = {loss_expr}" + (f" / {micro}" if micro > 1 else ""))
            lines.append("scaler.scale(loss).backward()" if self.scaler else "loss.backward()")
        if self.scaler:  # GradScaler's loop: unscale before clipping, its step skips on inf
            if self.r.random() < 0.3:
                lines += ["scaler.unscale_(opt)", "total = m.nn.utils.clip_grad_norm_(model.parameters(), 0.5)"]
            lines += ["ret = scaler.step(opt)", f"scaler.update({self.choice('', '', '1024.0')})"]
            return lines + (["swa.update_parameters(model)"] if self.swa else [])
        c = self.r.random()
        if c < 0.2:
            opts = self.choice("", ", norm_type=1.0", ", norm_type=float('inf')", ", foreach=False")
            lines.append(f"total = m.nn.utils.clip_grad_norm_(model.parameters(), {self.choice(0.5, 1.0, 0.1)}{opts})")
        elif c < 0.3:
            lines.append(f"m.nn.utils.clip_grad_value_(model.parameters(), {self.choice(0.05, 0.5)})")
        elif c < 0.35:  # the two halves of clip_grad_norm_
            lines += ["total = m.nn.utils.get_total_norm([p.grad for p in model.parameters() if p.grad is not None])",
                      "m.nn.utils.clip_grads_with_norm_(model.parameters(), 0.5, total)"]
        lines.append("opt.step()")
        if self.swa:
            lines.append("swa.update_parameters(model)")
        if self.sched is not None:
            lines.append("sched.step(loss.item())" if "Plateau" in self.sched else "sched.step()")
        return lines

    def event(self):
        c = self.r.randrange(22)
        if c == 0:
            return ["model.eval()" if self.eval_only else self.choice("model.eval()", "model.train()", "model.train(False)")]
        if c == 1:
            return [f"params[{self.r.randrange(3)} % len(params)].requires_grad_({self.r.random() < 0.3})"]
        if c == 2:
            return ["opt.load_state_dict(opt.state_dict())"]
        if c == 3:
            return ["model.load_state_dict(model.state_dict())"]
        if c == 4:
            return ["ck = checkpoint({'model': model.state_dict(), 'opt': opt.state_dict()"
                    + (", 'sched': sched.state_dict()" if self.sched else "") + "})",
                    "model.load_state_dict(ck['model'])", "opt.load_state_dict(ck['opt'])"] + \
                (["sched.load_state_dict(ck['sched'])"] if self.sched else [])
        if c == 5:
            return ["buf = io.BytesIO()", "m.save({'opt': opt.state_dict(), 'model': model.state_dict()}, buf)",
                    "_ = buf.seek(0)", "ck = m.load(buf, weights_only=True)", "opt.load_state_dict(ck['opt'])",
                    "model.load_state_dict(ck['model'])"]
        if c == 6 and self.later_group:
            self.later_group = False
            return [f"opt.add_param_group({{'params': params[1:], 'lr': 0.004{self.choice('', ', weight_decay=0.2')}}})"]
        if c == 7:
            return ["opt.add_param_group({'params': params[:1]})"]  # refused: already in a group
        if c == 8:
            return [f"opt.param_groups[0]['lr'] = {self.choice(0.02, 0.005)}"]
        if c == 9:
            return ["out = model(m.zeros(1, 1, dtype=DT))"]  # refused: a wrong shape
        if c == 10:
            return ["params[0].grad = None if params[0].grad is None else params[0].grad.fill_(float('nan'))",
                    "total = m.nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)"]
        if c == 11 and self.sched:
            return ["sched.load_state_dict(sched.state_dict())", "lrs = sched.get_last_lr()"]
        if c == 12:
            return ["opt.zero_grad()", "sd = opt.state_dict()", "sd['param_groups'][0]['params'] = []",
                    "opt.load_state_dict(sd)"]  # refused: groups of other sizes
        if c == 13 and "ints(" not in self.x():
            # refused: an input of the other float dtype
            return [f"out = model({self.x()}.to(m.float32 if DT == m.float64 else m.float64))"]
        if c == 14:
            return ["loss.backward()"]  # refused: its graph was freed
        if c == 15:
            return [self.choice("res = model.load_state_dict(dict(list(model.state_dict().items())[1:]), strict=False)",
                                "res = model.load_state_dict({**model.state_dict(), 'extra': m.zeros(1)})",
                                "res = model.load_state_dict({k: v[:1] for k, v in model.state_dict().items()})")]
        if c == 16:
            return [self.choice("model.requires_grad_(False)", "model.requires_grad_()")]
        if c == 17 and self.sched:
            return ["sched.step()", "lrs = sched.get_last_lr()"] if "Plateau" not in self.sched else \
                ["sched.step(float('nan'))", "lrs = sched.get_last_lr()"]
        if c == 20:
            return ["vec = m.nn.utils.parameters_to_vector(model.parameters())",
                    "m.nn.utils.vector_to_parameters(vec * 0.9, model.parameters())"]
        if c == 19 and self.sched and "WarmRestarts" in self.sched:
            return [f"sched.step({self.choice(1.5, 0.25, 7)})", "lrs = sched.get_last_lr()"]
        if c == 18 and self.opt_name == "LBFGS":
            return ["ret = opt.step()"]  # refused: no closure
        return []


def generate(seed):
    g = Generator(seed)
    g.dtype = dtype = "float64" if g.r.random() < 0.8 else "float32"
    g.emit(f"m.manual_seed({seed})", f"DT = m.{dtype}")
    for _ in range(20):
        start = len(g.lines)
        x, n, kind = g.model()
        if well_conditioned(g.lines[start:], x(), dtype):
            break
        del g.lines[start:]
    g.emit("model = model.to(DT)", "sync(model)")
    g.x = x
    g.eval_only = any("Dropout(0.4)" in line for line in g.lines)  # dropout's draws differ: run it in eval mode
    if g.eval_only:
        g.emit("model.eval()")
    y, loss_expr = g.loss(n, kind)
    g.optimizer()
    if g.sched and g.r.random() < 0.1:
        g.emit("sched.step()" if "Plateau" not in g.sched else "sched.step(1.0)")  # warns: before opt.step()
    for _ in range(g.r.randint(2, 5)):
        if g.r.random() < 0.4:
            g.emit(*g.event())
        g.emit(*g.step(x, y, loss_expr))
    return g.lines, dtype


def check_seed(seed):
    lines, dtype = generate(seed)
    try:
        compare(lines, tol=(1e-3, 1e-5) if dtype == "float32" else (1e-7, 1e-9))
    except AssertionError as e:
        raise AssertionError(f"seed {seed}:\n" + "\n".join(lines) + f"\n--> {e}") from None


@pytest.mark.parametrize("seed", range(14))
def test_random_programs(seed):
    check_seed(seed)


_SETUP = ["m.manual_seed(0)", "DT = m.float64"]
_STEP = ["opt.zero_grad()", "out = model(x)", "loss = m.nn.functional.cross_entropy(out, m.tensor([0, 1, 1]))",
         "loss.backward()", "opt.step()"]
REGRESSIONS = {
    # scheduler and optimizer state_dicts list their keys in torch's order (a printed checkpoint shows it)
    "state_dict_key_order": _SETUP + [
        "model = m.nn.Linear(2, 2).to(DT)", "sync(model)", "x = m.tensor(rnd(1, (3, 2)), dtype=DT)",
        "opt = m.optim.ASGD(model.parameters(), lr=0.01, t0=1)",
        "sched = m.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.9 ** e)", *_STEP, "sched.step()",
        "sched = m.optim.lr_scheduler.ReduceLROnPlateau(opt, mode='max', patience=0)", *_STEP,
        "sched.step(loss.item())", "ck = checkpoint({'opt': opt.state_dict(), 'sched': sched.state_dict()})"],
    # padding='same' with reflect/replicate/circular padding pads each side as torch (odd element on the right)
    "conv2d_same_with_padding_modes": _SETUP + [
        "model = m.nn.Sequential(m.nn.Conv2d(2, 2, (2, 3), padding='same', padding_mode='reflect'), "
        "m.nn.Conv2d(2, 3, 4, padding='same', padding_mode='replicate'), m.nn.Flatten(), m.nn.Linear(48, 2)).to(DT)",
        "sync(model)", "x = m.tensor(rnd(2, (3, 2, 4, 4)), dtype=DT)",
        "res = [model[0]._reversed_padding_repeated_twice, model[1]._reversed_padding_repeated_twice]",
        "opt = m.optim.SGD(model.parameters(), lr=0.1)", *_STEP],
    "conv1d_same_circular": _SETUP + [
        "model = m.nn.Sequential(m.nn.Conv1d(2, 2, 2, padding='same', padding_mode='circular', dilation=3), "
        "m.nn.Flatten(), m.nn.Linear(10, 2)).to(DT)", "sync(model)", "x = m.tensor(rnd(3, (3, 2, 5)), dtype=DT)",
        "opt = m.optim.SGD(model.parameters(), lr=0.1)", *_STEP],
    # an input of the other dtype: conv's float32 path words it as oneDNN, bilinear names the bias too
    "input_of_another_dtype": _SETUP + [
        "model = m.nn.Conv1d(2, 2, 2, padding='same').to(DT)", "out = model(m.ones(3, 2, 5))",
        "out = model.float()(m.ones(3, 2, 5, dtype=m.float64))",
        "out = m.nn.ConvTranspose2d(2, 2, 2).double()(m.ones(1, 2, 3, 3))",  # one sample: not oneDNN's
        "out = m.nn.ConvTranspose2d(2, 2, 2).double()(m.ones(2, 2, 3, 3))",
        "out = m.nn.ConvTranspose1d(2, 2, 3, padding=2).double()(m.ones(2, 2, 1))",  # before the output's size
        "out = m.nn.Conv2d(2, 2, 2, bias=False).double()(m.ones(1, 2, 3, 3))",
        "out = m.nn.Bilinear(2, 2, 3).double()(m.ones(1, 2), m.ones(1, 2))",
        "out = m.nn.Bilinear(2, 2, 3, bias=False).double()(m.ones(1, 2), m.ones(1, 2))"],
    # clip_grad_value_ of parameters without gradients: torch's grouping by device refuses the empty list
    "clip_value_without_grads": _SETUP + [
        "model = m.nn.Linear(2, 2).to(DT)", "sync(model)", "x = m.tensor(rnd(4, (3, 2)), dtype=DT)",
        "m.nn.utils.clip_grad_value_(model.parameters(), 0.1)", "total = m.nn.utils.clip_grad_norm_(model.parameters(), 0.1)",
        "opt = m.optim.SGD(model.parameters(), lr=0.1)", *_STEP, "m.nn.utils.clip_grad_value_(model.parameters(), 0.1)",
        "opt.zero_grad()", "m.nn.utils.clip_grad_value_(model.parameters(), 0.1)"],
    # a group added after the scheduler: torch's schedulers zip strictly and refuse; Adagrad's state for it is
    # made at its first step, with the constructor's initial_accumulator_value
    "group_added_after_scheduler": _SETUP + [
        "model = m.nn.Linear(2, 2).to(DT)", "sync(model)", "x = m.tensor(rnd(5, (3, 2)), dtype=DT)",
        "params = list(model.parameters())", "opt = m.optim.Adagrad(params[:1], lr=0.05, initial_accumulator_value=0.2)",
        "sched = m.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.9 ** e)", *_STEP, "sched.step()",
        "opt.add_param_group({'params': params[1:], 'lr': 0.004, 'initial_accumulator_value': 0.7})", *_STEP,
        "sched.step()", "sched = m.optim.lr_scheduler.CyclicLR(opt, base_lr=0.001, max_lr=0.02, cycle_momentum=False)",
        "opt.add_param_group({'params': [m.nn.Parameter(m.ones(1, dtype=DT))]})", "sched.step()",
        "sched = m.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=1)", "opt.add_param_group({'params': "
        "[m.nn.Parameter(m.ones(1, dtype=DT))]})", "sched.step()"],
    # fused=True is refused with foreach=True or differentiable=True, after the groups' own checks
    "fused_refusals": _SETUP + [
        "model = m.nn.Linear(2, 2).to(DT)", "sync(model)", "x = m.tensor(rnd(7, (3, 2)), dtype=DT)",
        "opt = m.optim.Adam(model.parameters(), lr=0.01, fused=True, foreach=True)",
        "opt = m.optim.SGD(model.parameters(), lr=0.01, fused=True, differentiable=True, foreach=True)",
        "opt = m.optim.AdamW(model.parameters(), lr=-1.0, fused=True, foreach=True)",
        "opt = m.optim.Adagrad(model.parameters(), lr=0.01, fused=True, foreach=True)",
        "opt = m.optim.Adagrad(model.parameters(), lr=0.01, fused=True, foreach=False)", *_STEP],
    # a float32 LSTM with projections warns that oneDNN cannot run it (torch's padded path only)
    "lstm_projection_warns": ["m.manual_seed(0)", "DT = m.float32",
        "model = m.nn.LSTM(2, 3, proj_size=2, batch_first=True)", "sync(model)",
        "out, _ = model(m.tensor(rnd(8, (2, 4, 2)), dtype=DT))", "loss = out.sum()",
        "out, _ = model(m.nn.utils.rnn.pack_padded_sequence(m.ones(2, 4, 2), [4, 3], batch_first=True))",
        "out, _ = model.double()(m.ones(2, 4, 2, dtype=m.float64))"],
    # Muon makes every momentum buffer of a group before refusing a parameter that is not a matrix
    "muon_refuses_after_its_buffers": _SETUP + [
        "model = m.nn.Sequential(m.nn.Conv1d(2, 2, 1), m.nn.Flatten(), m.nn.Linear(6, 2)).to(DT)", "sync(model)",
        "x = m.tensor(rnd(6, (3, 2, 3)), dtype=DT)", "params = list(model.parameters())",
        "opt = m.optim.Muon([params[2]], lr=0.02)", "opt.add_param_group({'params': params[:1]})", *_STEP, *_STEP],
}


@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression_programs(name):
    lines = REGRESSIONS[name]
    compare(lines, tol=(1e-5, 1e-7) if "DT = m.float32" in lines else (1e-7, 1e-9))


def test_the_comparison_can_fail():
    """The harness notices a difference (a value, a key order, an error) instead of passing anything."""
    with pytest.raises(AssertionError):
        compare_value(pullback.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5]), "v")
    with pytest.raises(AssertionError):
        compare_value({"b": 1, "a": 2}, {"a": 2, "b": 1}, "v")
    with pytest.raises(AssertionError):
        compare_value([0.1], (0.1,), "v")
    with pytest.raises(AssertionError):
        compare_error(None, RuntimeError("refused"), "line 0")
    with pytest.raises(AssertionError):
        compare(_SETUP + ["model = m.nn.Linear(2, 2)", "sync(model)",
                          "loss = model(m.ones(1, 2)).sum() * (1 if m.__name__ == 'torch' else 2)"])


if __name__ == "__main__":
    hunt(check_seed)
