"""The benchmark workloads of issue 6, each written three times: pullback, PyTorch, hand-written NumPy.

A workload is `data(cfg)` (NumPy inputs shared by the three versions, so their gradients can be
compared) and one builder per implementation, `build(cfg, data) -> step`. Calling `step()` runs
the workload once (forward, backward and, for training workloads, the SGD update) and returns
a dict name -> NumPy array of the gradients it computed. benchmarks/run.py times the steps;
tests/test_benchmarks_smoke.py runs them once at tiny sizes and compares the gradients.

float32 throughout unless a workload says otherwise.
"""
import numpy as np

# ---------------------------------------------------------------- libraries
_libs = {}


def lib(name):
    """The module for 'pullback' or 'torch', imported on first use."""
    mod = _libs.get(name)
    if mod is None:
        if name == "torch":
            import torch
            torch.set_num_threads(2)
            mod = torch
        else:
            import pullback as mod
        _libs[name] = mod
    return mod


def _param(name, arr):
    """A leaf tensor that requires grad, holding a copy of `arr`."""
    t = lib(name).tensor(arr.copy())
    t.requires_grad_(True)
    return t


def _np(t):
    return t.detach().numpy() if hasattr(t, "detach") else t


def _has(path):
    """Whether pullback provides `path` (e.g. 'nn.functional.conv2d') yet."""
    obj = lib("pullback")
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return True


def _cross_entropy(name, logits, target, onehot):
    """Mean softmax cross-entropy: the library's own op when it has one."""
    if name == "torch" or _has("nn.functional.cross_entropy"):
        return lib(name).nn.functional.cross_entropy(logits, target)
    # composite form: log-softmax shifted by the (constant) row maximum
    shift = lib(name).tensor(logits.detach().numpy().max(axis=1, keepdims=True))
    z = logits - shift
    logp = z - z.exp().sum(1, keepdim=True).log()
    return -(logp * onehot).sum() / logits.shape[0]


def _softmax_xent_grad(z, onehot):
    """d(mean cross-entropy)/d(logits) for logits z."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    e /= e.sum(axis=1, keepdims=True)
    e -= onehot
    e /= z.shape[0]
    return e


# ================================================================= W1: chain of elementwise ops
def w1_data(cfg):
    rng = np.random.default_rng(1)
    return {"x": (rng.standard_normal(cfg["n"]) * 0.5).astype(np.float32)}


def _w1_tensor(name):
    def build(cfg, data):
        x = _param(name, data["x"])
        n_ops = cfg["ops"]

        def step():
            x.grad = None
            y = x
            for i in range(n_ops // 4):
                y = y * 0.5
                y = y + x
                y = y.tanh()
                y = y.exp()
            y.sum().backward()
            return {"x": _np(x.grad)}
        return step
    return build


def w1_numpy(cfg, data):
    x = data["x"]
    n_ops = cfg["ops"]

    def step():
        y = x
        tape = []
        for i in range(n_ops // 4):
            y = y * np.float32(0.5)
            y = y + x
            y = np.tanh(y)
            tape.append(y)
            y = np.exp(y)
            tape.append(y)
        g = np.ones_like(x)
        gx = np.zeros_like(x)
        for i in range(n_ops // 4 - 1, -1, -1):
            g = g * tape[2 * i + 1]
            t = tape[2 * i]
            g = g * (1 - t * t)
            gx += g
            g = g * np.float32(0.5)
        gx += g
        return {"x": gx}
    return step


# ================================================================= W2: MLP training step, raw weights
def w2_data(cfg):
    rng = np.random.default_rng(2)
    sizes = cfg["sizes"]
    d = {"X": rng.standard_normal((cfg["batch"], sizes[0])).astype(np.float32)}
    target = rng.integers(0, sizes[-1], cfg["batch"])
    d["target"] = target
    d["onehot"] = np.eye(sizes[-1], dtype=np.float32)[target]
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        bound = 1 / np.sqrt(a)
        d[f"W{i}"] = rng.uniform(-bound, bound, (a, b)).astype(np.float32)
        d[f"b{i}"] = rng.uniform(-bound, bound, b).astype(np.float32)
    return d


def _n_layers(cfg):
    return len(cfg["sizes"]) - 1


def _w2_tensor(name):
    def build(cfg, data):
        mod = lib(name)
        nl = _n_layers(cfg)
        params = []
        for i in range(nl):
            params += [_param(name, data[f"W{i}"]), _param(name, data[f"b{i}"])]
        X = mod.tensor(data["X"])
        target = mod.tensor(data["target"])
        onehot = mod.tensor(data["onehot"])
        lr = cfg["lr"]

        def step():
            h = X
            for i in range(nl):
                h = h @ params[2 * i] + params[2 * i + 1]
                if i < nl - 1:
                    h = h.relu()
            loss = _cross_entropy(name, h, target, onehot)
            loss.backward()
            grads = {}
            with mod.no_grad():
                for i, p in enumerate(params):
                    if cfg.get("copy_grads"):
                        grads[("W", "b")[i % 2] + str(i // 2)] = _np(p.grad).copy()
                    p.add_(p.grad, alpha=-lr)
                    p.grad = None
            return grads
        return step
    return build


def w2_numpy(cfg, data):
    nl = _n_layers(cfg)
    params = {k: data[k].copy() for k in data if k[0] in "Wb"}
    X, onehot, lr = data["X"], data["onehot"], np.float32(cfg["lr"])

    def step():
        acts = [X]
        h = X
        for i in range(nl):
            h = h @ params[f"W{i}"]
            h += params[f"b{i}"]
            if i < nl - 1:
                h = np.maximum(h, 0)
            acts.append(h)
        g = _softmax_xent_grad(h, onehot)
        grads = {}
        for i in range(nl - 1, -1, -1):
            grads[f"W{i}"] = acts[i].T @ g
            grads[f"b{i}"] = g.sum(axis=0)
            if i > 0:
                g = g @ params[f"W{i}"].T
                g *= acts[i] > 0
        for k, gk in grads.items():
            params[k] -= lr * gk
        return grads if cfg.get("copy_grads") else {}
    return step


def _w2_modules(name):
    """W2 with nn.Linear layers and optim.SGD (weights transposed to Linear's (out, in) layout)."""
    def build(cfg, data):
        mod = lib(name)
        nl = _n_layers(cfg)
        layers = []
        for i in range(nl):
            lin = mod.nn.Linear(*data[f"W{i}"].shape)
            with mod.no_grad():
                lin.weight.copy_(mod.tensor(data[f"W{i}"].T.copy()))
                lin.bias.copy_(mod.tensor(data[f"b{i}"]))
            layers.append(lin)
            if i < nl - 1:
                layers.append(mod.nn.ReLU())
        model = mod.nn.Sequential(*layers)
        opt = mod.optim.SGD(model.parameters(), lr=cfg["lr"])
        X = mod.tensor(data["X"])
        target = mod.tensor(data["target"])
        onehot = mod.tensor(data["onehot"])
        linears = [m for m in layers if isinstance(m, mod.nn.Linear)]

        def step():
            opt.zero_grad()
            loss = _cross_entropy(name, model(X), target, onehot)
            loss.backward()
            grads = {}
            if cfg.get("copy_grads"):
                for i, lin in enumerate(linears):
                    grads[f"W{i}"] = _np(lin.weight.grad).T.copy()
                    grads[f"b{i}"] = _np(lin.bias.grad).copy()
            opt.step()
            return grads
        return step
    return build


# ================================================================= W3: large elementwise
def w3_data(cfg):
    rng = np.random.default_rng(3)
    return {"x": rng.standard_normal(cfg["n"]).astype(np.float32)}


def _w3_tensor(name):
    def build(cfg, data):
        x = _param(name, data["x"])

        def step():
            x.grad = None
            ((x * x + x).sin()).sum().backward()
            return {"x": _np(x.grad)}
        return step
    return build


def w3_numpy(cfg, data):
    x = data["x"]

    def step():
        u = x * x
        u += x
        np.sin(u).sum()
        g = np.cos(u, out=u)
        g *= 2 * x + 1
        return {"x": g}
    return step


# ================================================================= W4: matmul
def w4_data(cfg):
    rng = np.random.default_rng(4)
    n = cfg["n"]
    return {k: rng.standard_normal((n, n)).astype(np.float32) for k in ("A", "B", "G")}


def _w4_tensor(name):
    def build(cfg, data):
        mod = lib(name)
        A, B = _param(name, data["A"]), _param(name, data["B"])
        G = mod.tensor(data["G"])

        def step():
            A.grad = B.grad = None
            (A @ B).backward(G)
            return {"A": _np(A.grad), "B": _np(B.grad)}
        return step
    return build


def w4_numpy(cfg, data):
    A, B, G = data["A"], data["B"], data["G"]

    def step():
        A @ B
        return {"A": G @ B.T, "B": A.T @ G}
    return step


# ================================================================= W5: a long chain of scalar ops
def w5_data(cfg):
    return {"x": np.array(1.0, np.float32)}


def _w5_tensor(name):
    def build(cfg, data):
        x = _param(name, data["x"])
        n = cfg["ops"]

        def step():
            x.grad = None
            y = x
            for _ in range(n):
                y = y * 1.0000001
            y.backward()
            return {"x": _np(x.grad)}
        return step
    return build


def w5_numpy(cfg, data):
    x = data["x"]
    n = cfg["ops"]
    c = np.float32(1.0000001)

    def step():
        y = x
        tape = []
        for _ in range(n):
            tape.append(y)          # a multiplication by a constant keeps its input for nothing, but a
            y = y * c               # generic tape would; the backward walks the same length
        g = np.ones_like(x)
        for _ in range(len(tape)):
            g = g * c
        return {"x": g}
    return step


# ================================================================= W6: Hessian-vector product
def w6_data(cfg):
    rng = np.random.default_rng(6)
    return {"x": rng.standard_normal(cfg["n"]).astype(np.float32),
            "v": rng.standard_normal(cfg["n"]).astype(np.float32)}


def _w6_tensor(name):
    def build(cfg, data):
        mod = lib(name)
        x = _param(name, data["x"])
        v = mod.tensor(data["v"])

        def step():
            y = (x.tanh() ** 3).sum()
            g, = mod.autograd.grad(y, x, create_graph=True)
            hv, = mod.autograd.grad((g * v).sum(), x)
            return {"hv": _np(hv)}
        return step
    return build


def w6_numpy(cfg, data):
    x, v = data["x"], data["v"]

    def step():
        t = np.tanh(x)
        t2 = t * t
        # f = sum t^3; f' = 3 t^2 (1 - t^2); f'' = (6 t - 12 t^3)(1 - t^2)
        return {"hv": (6 * t - 12 * t * t2) * (1 - t2) * v}
    return step


# ================================================================= W7: small CNN on 8x8 digits
def w7_data(cfg):
    rng = np.random.default_rng(7)
    batch = cfg["batch"]
    try:
        from sklearn.datasets import load_digits
        digits = load_digits()
        idx = rng.choice(len(digits.target), batch, replace=False)
        X = (digits.images[idx] / 16.0).astype(np.float32)[:, None]
        target = digits.target[idx]
    except ImportError:  # the examples extra is not installed: random images of the same shape
        X = rng.random((batch, 1, 8, 8), dtype=np.float32)
        target = rng.integers(0, 10, batch)
    c = cfg["channels"]
    return {"X": X, "target": target, "onehot": np.eye(10, dtype=np.float32)[target],
            "K": (rng.standard_normal((c, 1, 3, 3)) / 3).astype(np.float32),
            "kb": np.zeros(c, np.float32),
            "W": (rng.standard_normal((c * 16, 10)) / np.sqrt(c * 16)).astype(np.float32),
            "b": np.zeros(10, np.float32)}


W7_NEEDS = ("nn.functional.conv2d", "nn.functional.max_pool2d")


def _w7_tensor(name):
    def build(cfg, data):
        mod = lib(name)
        F = mod.nn.functional
        params = {k: _param(name, data[k]) for k in ("K", "kb", "W", "b")}
        X = mod.tensor(data["X"])
        target = mod.tensor(data["target"])
        onehot = mod.tensor(data["onehot"])
        lr = cfg["lr"]

        def step():
            h = F.conv2d(X, params["K"], params["kb"], padding=1).relu()
            h = F.max_pool2d(h, 2)
            logits = h.reshape(h.shape[0], -1) @ params["W"] + params["b"]
            _cross_entropy(name, logits, target, onehot).backward()
            grads = {}
            with mod.no_grad():
                for k, p in params.items():
                    if cfg.get("copy_grads"):
                        grads[k] = _np(p.grad).copy()
                    p.add_(p.grad, alpha=-lr)
                    p.grad = None
            return grads
        return step
    return build


def w7_numpy(cfg, data):
    params = {k: data[k].copy() for k in ("K", "kb", "W", "b")}
    X, onehot, lr = data["X"], data["onehot"], np.float32(cfg["lr"])
    n = X.shape[0]
    xp = np.pad(X[:, 0], ((0, 0), (1, 1), (1, 1)))
    # im2col once: the input needs no gradient. cols[n, i, j, 3*di+dj] = xp[n, i+di, j+dj]
    cols = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(1, 2)).reshape(n * 64, 9)
    cols = np.ascontiguousarray(cols)

    def step():
        K = params["K"]
        c = K.shape[0]
        conv = cols @ K.reshape(c, 9).T + params["kb"]          # (n*64, c), rows ordered n, i, j
        act = np.maximum(conv, 0).reshape(n, 4, 2, 4, 2, c)      # i = 2*pi + di, j = 2*pj + dj
        pooled = act.max(axis=(2, 4))                             # (n, 4, 4, c)
        flat = pooled.transpose(0, 3, 1, 2).reshape(n, c * 16)    # torch's (c, h, w) flattening
        logits = flat @ params["W"] + params["b"]
        g = _softmax_xent_grad(logits, onehot)
        grads = {"W": flat.T @ g, "b": g.sum(axis=0)}
        gflat = (g @ params["W"].T).reshape(n, c, 4, 4).transpose(0, 2, 3, 1)
        # max-pool backward: the gradient goes to the first maximum of each window, as torch does
        win = act.transpose(0, 1, 3, 5, 2, 4).reshape(n, 4, 4, c, 4)
        first = win.argmax(axis=-1)
        gwin = np.zeros_like(win)
        np.put_along_axis(gwin, first[..., None], gflat[..., None], axis=-1)
        gact = gwin.reshape(n, 4, 4, c, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(n * 64, c)
        gconv = gact * (conv > 0)
        grads["K"] = (gconv.T @ cols).reshape(K.shape)
        grads["kb"] = gconv.sum(axis=0)
        for k, gk in grads.items():
            params[k] -= lr * gk
        return grads if cfg.get("copy_grads") else {}
    return step


# ================================================================= the table
# sizes: "full" for `make bench`, "smoke" for the test suite.
WORKLOADS = {
    "W1": dict(title="chain of 200 elementwise ops on (16,), sum, backward", data=w1_data,
               full=dict(n=16, ops=200), smoke=dict(n=16, ops=8),
               builders={"torch": _w1_tensor("torch"), "numpy": w1_numpy, "pullback": _w1_tensor("pullback")}),
    "W2": dict(title="MLP 784-512-512-10, batch 128, ReLU, cross-entropy, SGD step (raw weights)", data=w2_data,
               full=dict(sizes=(784, 512, 512, 10), batch=128, lr=0.01),
               smoke=dict(sizes=(12, 8, 8, 5), batch=6, lr=0.01),
               builders={"torch": _w2_tensor("torch"), "numpy": w2_numpy, "pullback": _w2_tensor("pullback")}),
    "W2m": dict(title="W2 with nn.Linear + optim.SGD", data=w2_data, needs=("nn.Linear", "nn.Sequential",
                                                                            "nn.ReLU", "optim.SGD"),
                full=dict(sizes=(784, 512, 512, 10), batch=128, lr=0.01),
                smoke=dict(sizes=(12, 8, 8, 5), batch=6, lr=0.01),
                # W2's raw-tensor version again, timed in the same rounds: the 10% is measured under one load
                builders={"torch": _w2_modules("torch"), "pullback": _w2_modules("pullback"),
                          "pullback raw": _w2_tensor("pullback")}),
    "W3": dict(title="4M elements: sum(sin(x*x + x)), backward", data=w3_data,
               full=dict(n=4 * 2**20), smoke=dict(n=1000),
               builders={"torch": _w3_tensor("torch"), "numpy": w3_numpy, "pullback": _w3_tensor("pullback")}),
    "W4": dict(title="1024x1024x1024 matmul forward + backward", data=w4_data,
               full=dict(n=1024), smoke=dict(n=16),
               builders={"torch": _w4_tensor("torch"), "numpy": w4_numpy, "pullback": _w4_tensor("pullback")}),
    "W5": dict(title="100,000 sequential ops on a scalar, backward", data=w5_data,
               full=dict(ops=100_000), smoke=dict(ops=50),
               builders={"torch": _w5_tensor("torch"), "numpy": w5_numpy, "pullback": _w5_tensor("pullback")}),
    "W6": dict(title="Hessian-vector product of sum(tanh(x)**3), n=1000 (double backward)", data=w6_data,
               full=dict(n=1000), smoke=dict(n=10),
               builders={"torch": _w6_tensor("torch"), "numpy": w6_numpy, "pullback": _w6_tensor("pullback")}),
    "W7": dict(title="small CNN (conv 3x3, ReLU, max-pool 2, linear) step on 8x8 digits, batch 64",
               data=w7_data, needs=W7_NEEDS,
               full=dict(batch=64, channels=8, lr=0.05), smoke=dict(batch=4, channels=2, lr=0.05),
               builders={"torch": _w7_tensor("torch"), "numpy": w7_numpy, "pullback": _w7_tensor("pullback")}),
}


def missing(wid):
    """The pullback features a workload needs that do not exist yet (empty when it can run)."""
    return [p for p in WORKLOADS[wid].get("needs", ()) if not _has(p)]
