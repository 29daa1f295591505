"""Every nn layer's numbers against torch: each case builds a layer in torch (seeded, float64), copies its
state_dict into the same pullback layer, and runs the same calls in train() and in eval() on both, comparing
outputs (values, dtypes, shapes, grad_fn names), the gradients of a random weighted sum of the outputs with
respect to the inputs and every parameter, the gradients of the squared norm of those gradients (double
backward), the buffers after each call (running stats, num_batches_tracked), and what the call raises or warns.

A case is a layer spec (as in test_module_api_sweep's LAYERS) and its calls, each a string of arguments
over the input makers below; a bad shape among them is a call like any other, whose result is its error."""
import warnings
import zlib
from collections import OrderedDict

import numpy as np
import pytest
import torch

import pullback
from test_module_api_sweep import LAYERS


class In:
    """An input as NumPy data, made into each library's tensor the same way."""

    def __init__(self, array, grad=False, leaf=True, packed=None):
        self.array, self.grad, self.leaf, self.packed = array, grad, leaf, packed

    def make(self, lib):
        t = lib.tensor(self.array, requires_grad=self.grad)
        if self.packed is not None:  # a PackedSequence of the padded batch (T, B, *) with these lengths
            return lib.nn.utils.rnn.pack_padded_sequence(t, self.packed, enforce_sorted=False)
        return t if self.leaf else t * 1  # a non-leaf, for layers writing into their input

    def __mul__(self, k):
        return In(self.array * k, self.grad, self.leaf)

    def __eq__(self, k):
        return In(self.array == k, self.grad, self.leaf)

    __hash__ = None

    def __getitem__(self, key):
        return In(self.array[key], self.grad, self.leaf)


def _makers(rng):
    def normal(*shape):
        return rng.standard_normal(shape)

    def unit(*shape):
        return rng.uniform(0.05, 0.95, shape)
    return {
        "r": lambda *s: In(normal(*s), True),                 # float64 requiring grad
        "rn": lambda *s: In(normal(*s), True, leaf=False),    # the same, not a leaf (in-place layers)
        "p": lambda *s: In(unit(*s), True),                   # in (0, 1), requiring grad (probabilities)
        "t": lambda *s: In(normal(*s)),                       # float64 constant (targets)
        "tp": lambda *s: In(unit(*s)),                        # in (0, 1), constant
        "f32": lambda *s: In(normal(*s).astype(np.float32), True),
        "i": lambda hi, *s: In(rng.integers(0, hi, s)),       # int64 in [0, hi)
        "sign": lambda *s: In(np.where(rng.standard_normal(s) > 0, 1.0, -1.0)),
        "b": lambda *s: In(rng.standard_normal(s) > 0.5),     # a bool mask, mostly False
        "ints": lambda *v: In(np.asarray(v, dtype=np.int64)),
        "causal": lambda n: In(np.triu(np.full((n, n), -np.inf), 1)),
        "logp": lambda *s: In(torch.tensor(normal(*s)).log_softmax(-1).numpy(), True),  # log-probabilities
        "picks": lambda d, k, *s, **kw: In(getattr(torch.nn.functional, f"max_pool{d}d")(  # max pooling's indices
            torch.tensor(normal(*s)), k, return_indices=True, **kw)[1].numpy()),
        "packed": lambda lengths, *s: In(normal(*s), True, packed=lengths),  # (T, B, *) packed to these lengths
        "args": lambda *a, **k: (a, k),
    }


def _convert(lib, x):
    if isinstance(x, In):
        return x.make(lib)
    if isinstance(x, (tuple, list)):
        return type(x)(_convert(lib, v) for v in x)
    if isinstance(x, dict):
        return {k: _convert(lib, v) for k, v in x.items()}
    return x


def _leaves(x):
    """The inputs requiring grad, in order."""
    if type(x).__name__ == "PackedSequence":
        return []  # (its data is not a leaf: the gradients are the parameters')
    if isinstance(x, (tuple, list)):
        return [t for v in x for t in _leaves(v)]
    if isinstance(x, dict):
        return [t for v in x.values() for t in _leaves(v)]
    return [x] if getattr(x, "requires_grad", False) and x.is_leaf else []


def _flat(out):
    if isinstance(out, dict):
        return _flat(list(out.values()))
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flat(o)]
    return [out]


def _np(t):
    return t.detach().numpy() if isinstance(t, pullback.Tensor) else t.detach().numpy(force=True)


def _error(e):
    # the first line, with the class paths that differ by design (docs/differences.md) spelled as torch's
    return type(e).__name__, str(e).strip().split("\n")[0].replace("pullback._tensor.", "torch.")


def _raised(value):
    return isinstance(value, tuple) and value[:1] == ("raises",)


def _run(lib, fn):
    """fn()'s value (or ("raises", class, first line)) and the warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = fn()
        except Exception as e:  # noqa: BLE001 (an error is a result to compare)
            value = ("raises",) + _error(e)
    # each distinct warning once (torch's internal ones may repeat per op under set_warn_always), without the
    # path of torch's build its C++ ones name
    return value, list(dict.fromkeys((w.category.__name__, str(w.message).split(" (Triggered internally")[0])
                                     for w in caught))


def _close(ours, theirs, what, atol=1e-9, rtol=1e-7):
    a, e = _np(ours), _np(theirs)
    assert (a.shape, a.dtype) == (e.shape, e.dtype), f"{what}: {a.shape} {a.dtype} != torch's {e.shape} {e.dtype}"
    if a.dtype.kind in "biu":
        np.testing.assert_array_equal(a, e, err_msg=what)
    else:
        np.testing.assert_allclose(a, e, atol=atol, rtol=rtol, equal_nan=True, err_msg=what)


def _same_tensors(ours, theirs, what, **tol):
    assert len(ours) == len(theirs), f"{what}: {len(ours)} values, torch {len(theirs)}"
    for k, (p, t) in enumerate(zip(ours, theirs)):
        if not isinstance(t, torch.Tensor):
            assert not isinstance(p, pullback.Tensor) and p == t, f"{what} {k}: {p!r} != torch's {t!r}"
            continue
        assert isinstance(p, pullback.Tensor), f"{what} {k}: {p!r}, torch gives a tensor"
        _close(p, t, f"{what} {k}", **tol)


def _grads(lib, outs, wrt, weights, create_graph):
    """d(sum_k <weights_k, outs_k>) / d(wrt), None where unused."""
    total = sum((o * lib.tensor(w)).sum() for o, w in zip(outs, weights))
    return lib.autograd.grad(total, wrt, retain_graph=True, create_graph=create_graph, allow_unused=True)


def _build(lib, spec):
    with warnings.catch_warnings():  # (a constructor's warnings are test_module_api_sweep's)
        warnings.simplefilter("ignore")
        module = eval(spec, {"nn": lib.nn, "torch": lib, "OrderedDict": OrderedDict})
    return module.double()


@pytest.fixture(autouse=True, scope="module")
def _settings():
    """torch's thread pool costs this sweep's thousands of tiny ops five times their time on a busy host; and
    warnings given once per process are given every time, so that each case sees them whatever ran before."""
    threads, always = torch.get_num_threads(), (pullback.is_warn_always_enabled(), torch.is_warn_always_enabled())
    torch.set_num_threads(1)
    for lib in (pullback, torch):
        lib.set_warn_always(True)
    yield
    torch.set_num_threads(threads)
    for lib, before in zip((pullback, torch), always):
        lib.set_warn_always(before)


def _check_call(spec, call, mode, pair, rng_seed, random_values):
    (ours, theirs) = pair
    args, kwargs = eval(f"args({call})", _makers(np.random.default_rng(rng_seed)))
    inputs = {lib: (_convert(lib, args), _convert(lib, kwargs)) for lib in (pullback, torch)}

    def forward(lib, m):
        with lib.no_grad() if mode == "no_grad" else lib.enable_grad():
            return m(*inputs[lib][0], **inputs[lib][1])
    (pb_out, pb_warn), (th_out, th_warn) = (_run(lib, lambda lib=lib, m=m: forward(lib, m))
                                            for lib, m in ((pullback, ours), (torch, theirs)))
    where = f"{spec} {mode} ({call})"
    # the inputs afterwards: written as torch writes them (in-place layers), or left alone (errors too)
    if not random_values:
        _same_tensors(_flat(list(inputs[pullback])), _flat(list(inputs[torch])), f"{where}: inputs after")
    if _raised(th_out):
        assert pb_out == th_out, f"{where}: {pb_out} != torch's {th_out}"
        return
    assert not _raised(pb_out), f"{where}: {pb_out}, torch {th_out}"
    assert pb_warn == th_warn, f"{where}: warnings"
    pb_flat, th_flat = _flat(pb_out), _flat(th_out)
    assert len(pb_flat) == len(th_flat), f"{where}: outputs"
    for k, (p, t) in enumerate(zip(pb_flat, th_flat)):
        if isinstance(t, torch.Tensor):
            assert isinstance(p, pullback.Tensor), f"{where}: output {k} {p!r}"
            assert (tuple(p.shape), str(p.dtype), p.requires_grad) == (
                tuple(t.shape), str(t.dtype), t.requires_grad), f"{where}: output {k}"
            names = [x.grad_fn and x.grad_fn.name() for x in (p, t)]
            assert names[0] == names[1], f"{where}: output {k} grad_fn"
    if not random_values:
        _same_tensors(pb_flat, th_flat, f"{where}: output")
    _same_tensors(list(ours.state_dict().values()), list(theirs.state_dict().values()), f"{where}: buffers")
    if random_values:
        return
    # first and second order, with respect to the inputs and every parameter
    wrt = {lib: _leaves(inputs[lib]) + [p for p in m.parameters() if p.requires_grad]
           for lib, m in ((pullback, ours), (torch, theirs))}
    diff = [k for k, t in enumerate(th_flat) if isinstance(t, torch.Tensor) and t.requires_grad]
    if not diff or not wrt[torch]:
        return
    rng = np.random.default_rng(rng_seed + 1)
    weights = [rng.standard_normal(tuple(th_flat[k].shape)) for k in diff]
    outs = {pullback: [pb_flat[k] for k in diff], torch: [th_flat[k] for k in diff]}
    for create_graph in (False, True):
        pb_g, th_g = (_run(lib, lambda lib=lib: _grads(lib, outs[lib], wrt[lib], weights, create_graph))
                      for lib in (pullback, torch))
        assert pb_g[1] == th_g[1], f"{where}: warnings in backward"
        if _raised(th_g[0]) and create_graph:  # torch records no differentiable gradient here
            assert not _raised(pb_g[0]) or pb_g[0] == th_g[0], f"{where}: {pb_g[0]} != torch's {th_g[0]}"
            return
        assert _raised(pb_g[0]) == _raised(th_g[0]) and (pb_g[0] == th_g[0] or not _raised(th_g[0])), \
            f"{where}: backward {pb_g[0]} != torch's {th_g[0]}"
        if _raised(th_g[0]):
            return
        pb_g, th_g = pb_g[0], th_g[0]
        _same_tensors(list(pb_g), list(th_g), f"{where}: grad", atol=1e-8, rtol=1e-6)
    assert [g is not None and g.requires_grad for g in pb_g] == [g is not None and g.requires_grad for g in th_g], \
        f"{where}: which gradients are differentiable"
    used = [k for k, g in enumerate(th_g) if g is not None and g.requires_grad]
    if not used:
        return

    def second(lib, gs):
        norm = sum((gs[k] ** 2).sum() for k in used)
        return lib.autograd.grad(norm, wrt[lib], allow_unused=True)
    th_gg = _run(torch, lambda: second(torch, th_g))[0]
    if _raised(th_gg):  # torch has no double backward here (pullback's may go further: docs/differences.md)
        return
    pb_gg = _run(pullback, lambda: second(pullback, pb_g))[0]
    assert not _raised(pb_gg), f"{where}: {pb_gg}"
    for k, (p, t) in enumerate(zip(pb_gg, th_gg)):
        if t is None and p is None:
            continue
        if t is None or p is None:  # an unused gradient is None or zeros in either library
            assert not np.abs(_np(t if p is None else p)).max(initial=0) > 1e-9, f"{where}: grad-grad {k}"
            continue
        _close(p, t, f"{where}: grad-grad {k}", atol=1e-7, rtol=1e-5)


# (layer spec, calls): each call is its arguments over the makers above (r: float64 requiring grad,
# t: constant, p/tp: in (0, 1), i(hi, *shape): indices, b: bool mask, ints(...): given int64 values).
CASES = [
    # linear
    ("nn.Identity()", ["r(2, 3)"]),
    ("nn.Identity(3, foo=4)", ["r(2, 3)"]),
    ("nn.LazyLinear(4)", ["r(2, 3)", "r(3)", "r(2, 5)"]),
    ("nn.Linear(3, 4)", ["r(2, 3)", "r(3)", "r(2, 5, 3)", "r(2, 4)", "f32(2, 3)"]),
    ("nn.Linear(3, 4, bias=False)", ["r(2, 3)", "r(0, 3)"]),
    ("nn.Linear(0, 0)", ["r(2, 0)"]),
    ("nn.Bilinear(2, 3, 4)", ["r(0, 2), r(0, 3)", "r(2, 2), r(2, 3, 1)"]),
    ("nn.Bilinear(2, 3, 4)", ["r(5, 2), r(5, 3)", "r(2), r(3)", "r(5, 2), r(4, 3)", "r(5, 3), r(5, 3)"]),
    ("nn.Bilinear(2, 3, 4, bias=False)", ["r(5, 2), r(5, 3)"]),
    # convolutions
    ("nn.Conv1d(2, 4, 3)", ["r(2, 2, 7)", "r(2, 7)", "r(2, 3, 7)", "r(2, 2, 2)"]),
    ("nn.Conv1d(2, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False)", ["r(2, 2, 8)"]),
    ("nn.Conv1d(2, 4, 3, padding='same', padding_mode='circular')", ["r(2, 2, 6)", "r(2, 6)"]),
    ("nn.Conv1d(2, 4, 3, padding=2, padding_mode='reflect')", ["r(2, 2, 6)", "r(2, 6)", "r(1, 2, 2)"]),
    ("nn.Conv1d(2, 4, 3, padding=1, padding_mode='replicate', stride=2)", ["r(2, 2, 7)"]),
    ("nn.Conv1d(2, 4, 3, padding='valid')", ["r(1, 2, 5)"]),
    ("nn.Conv1d(2, 4, 4, padding='same', dilation=3)", ["r(1, 2, 9)", "r(1, 2, 2)"]),
    ("nn.Conv1d(2, 4, 4, padding='same', padding_mode='reflect')", ["r(1, 2, 6)"]),
    ("nn.Conv1d(2, 4, 3, padding=3, padding_mode='reflect')", ["r(1, 2, 3)"]),
    ("nn.Conv1d(4, 4, 3, groups=2)", ["r(1, 2, 5)", "f32(1, 4, 5)"]),
    ("nn.Conv2d(2, 4, 3)", ["r(2, 2, 5, 6)", "r(2, 5, 6)", "r(2, 3, 5, 6)", "r(2, 2, 6)"]),
    ("nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 1))", ["r(1, 2, 7, 5)"]),
    ("nn.Conv2d(2, 4, 3, padding_mode='reflect', padding=1)", ["r(2, 2, 4, 5)", "r(2, 4, 5)"]),
    ("nn.Conv2d(2, 4, 3, padding_mode='replicate', padding=(2, 1))", ["r(1, 2, 4, 5)"]),
    ("nn.Conv2d(2, 4, 3, padding_mode='replicate')", ["r(1, 2, 4, 5)"]),
    ("nn.Conv2d(2, 4, (3,), stride=(1, 1))", ["r(1, 2, 4, 5)"]),
    ("nn.LazyConv1d(4, 3)", ["r(2, 3, 6)", "r(3, 6)"]),
    ("nn.LazyConv2d(4, 3, stride=2, bias=False)", ["r(1, 2, 5, 6)"]),
    ("nn.LazyConv3d(4, 3)", ["r(1, 2, 3, 4, 3)"]),
    ("nn.LazyConvTranspose1d(4, 3)", ["r(2, 3, 4)"]),
    ("nn.LazyConvTranspose2d(4, 3, output_padding=1, stride=2)", ["r(1, 2, 3, 3)"]),
    ("nn.LazyConvTranspose3d(4, 3)", ["r(1, 2, 2, 2, 3)"]),
    ("nn.Conv2d(2, 4, 3, padding_mode='circular', padding=(1, 2), stride=2)", ["r(1, 2, 5, 5)"]),
    ("nn.Conv2d(4, 4, 3, groups=4, bias=False, padding='same')", ["r(1, 4, 5, 5)"]),
    ("nn.Conv2d(2, 4, 2, padding='same', dilation=2)", ["r(1, 2, 5, 6)"]),
    ("nn.Conv3d(2, 4, 3)", ["r(1, 2, 4, 4, 5)", "r(2, 4, 4, 5)"]),
    ("nn.Conv3d(2, 4, (1, 2, 3), stride=2, padding=(0, 1, 2), groups=2)", ["r(1, 2, 3, 4, 5)"]),
    ("nn.Conv3d(2, 2, 2, padding=1, padding_mode='circular')", ["r(1, 2, 3, 3, 3)"]),
    ("nn.ConvTranspose1d(2, 4, 3)", ["r(2, 2, 5)", "r(2, 5)", "r(2, 3, 5)"]),
    ("nn.ConvTranspose1d(2, 4, 3, stride=2, output_padding=1, bias=False)", ["r(2, 2, 5)",
                                                                              "r(2, 2, 5), output_size=[12]"]),
    ("nn.ConvTranspose1d(4, 2, 3, stride=3, padding=1, output_padding=2, dilation=2, groups=2)", ["r(1, 4, 4)"]),
    ("nn.ConvTranspose2d(2, 4, 3)", ["r(1, 2, 3, 4)", "r(2, 3, 4)"]),
    ("nn.ConvTranspose2d(2, 4, (3, 2), stride=2, padding=1, output_padding=(1, 0), groups=2, dilation=(1, 2))",
     ["r(2, 2, 3, 4)"]),
    ("nn.ConvTranspose3d(2, 4, 3)", ["r(1, 2, 2, 3, 2)"]),
    ("nn.ConvTranspose3d(2, 4, 2, stride=2, bias=False)", ["r(1, 2, 2, 2, 3)"]),
    ("nn.ConvTranspose2d(2, 2, 3, stride=2)", ["r(1, 2, 3, 3), output_size=(8, 8)", "r(1, 2, 3, 3), output_size=(9, 9)",
                                               "r(2, 3, 3), output_size=[7, 8]"]),
    ("nn.ConvTranspose2d(2, 2, 3, padding_mode='reflect')", ["r(1, 2, 3, 3)"]),
    ("nn.Fold((4, 5), 2)", ["r(2, 8, 12)", "r(8, 12)", "r(2, 7, 12)"]),
    ("nn.Fold(output_size=4, kernel_size=(2, 3), dilation=2, padding=1, stride=(1, 2))", ["r(1, 6, 6)"]),
    ("nn.Unfold(2)", ["r(2, 2, 3, 4)", "r(2, 3, 4)"]),
    ("nn.Unfold((2, 3), dilation=2, padding=1, stride=2)", ["r(1, 2, 5, 6)"]),
    # pooling
    ("nn.MaxPool1d(2)", ["r(2, 3, 7)", "r(3, 7)", "r(3, 1)"]),
    ("nn.MaxPool1d(3, 2, 1, dilation=2, return_indices=True, ceil_mode=True)", ["r(2, 3, 8)"]),
    ("nn.MaxPool2d(2)", ["r(2, 3, 5, 4)", "r(3, 5, 4)"]),
    ("nn.MaxPool2d((3, 2), stride=(2, 1), padding=1)", ["r(1, 2, 5, 4)"]),
    ("nn.MaxPool2d(3, stride=2, padding=1, dilation=2, return_indices=True, ceil_mode=True)",
     ["r(1, 2, 7, 6)", "r(2, 7, 6)"]),
    ("nn.MaxPool2d(2, padding=2)", ["r(1, 2, 5, 4)"]),
    ("nn.MaxPool3d(2)", ["r(1, 2, 4, 4, 5)"]),
    ("nn.MaxPool3d(3, stride=2, padding=1, ceil_mode=True)", ["r(1, 2, 4, 5, 5)"]),
    ("nn.AvgPool1d(2)", ["r(2, 3, 7)", "r(3, 7)"]),
    ("nn.AvgPool1d(3, 2, 1, ceil_mode=True, count_include_pad=False)", ["r(2, 3, 8)"]),
    ("nn.AvgPool1d(2, padding=2)", ["r(2, 3, 8)"]),
    ("nn.AvgPool2d(2)", ["r(2, 3, 5, 4)", "r(3, 5, 4)"]),
    ("nn.AvgPool2d((3, 2), stride=1, padding=1, divisor_override=2)", ["r(1, 2, 5, 4)"]),
    ("nn.AvgPool3d(2)", ["r(1, 2, 4, 4, 5)"]),
    ("nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False, divisor_override=3)", ["r(1, 2, 4, 5, 5)"]),
    ("nn.MaxUnpool1d(2)", ["r(2, 3, 4), picks(1, 2, 2, 3, 8)", "r(2, 3, 4), picks(1, 2, 2, 3, 8), output_size=[9]"]),
    ("nn.MaxUnpool2d(2, stride=1)", ["r(1, 2, 3, 3), picks(2, 2, 1, 2, 4, 4, stride=1)"]),
    ("nn.MaxUnpool3d(2)", ["r(1, 1, 2, 2, 2), picks(3, 2, 1, 1, 4, 4, 4)"]),
    ("nn.MaxUnpool2d((2, 3), padding=1)", ["r(1, 2, 3, 2), picks(2, (2, 3), 1, 2, 4, 4, padding=1)",
                                            "r(1, 2, 3, 2), picks(2, (2, 3), 1, 2, 4, 4, padding=1), output_size=(5, 4)"]),
    ("nn.LPPool1d(2, 3)", ["p(2, 3, 7)", "p(3, 7)"]),
    ("nn.LPPool1d(1.5, 3, stride=2, ceil_mode=True)", ["p(2, 3, 8)"]),
    ("nn.LPPool2d(2, (2, 3))", ["p(1, 2, 5, 6)"]),
    ("nn.LPPool2d(3, 2, stride=1, ceil_mode=True)", ["r(1, 2, 3, 4)"]),
    ("nn.LPPool3d(2, 2)", ["p(1, 2, 4, 4, 5)"]),
    ("nn.AdaptiveAvgPool1d(3)", ["r(2, 3, 7)", "r(3, 7)"]),
    ("nn.AdaptiveAvgPool2d((3, None))", ["r(1, 2, 7, 5)"]),
    ("nn.AdaptiveAvgPool2d(3)", ["r(1, 2, 7, 5)", "r(2, 7, 5)"]),
    ("nn.AdaptiveAvgPool3d((1, 2, 3))", ["r(1, 2, 3, 5, 7)"]),
    ("nn.AdaptiveMaxPool1d(3, return_indices=True)", ["r(2, 3, 7)"]),
    ("nn.AdaptiveMaxPool2d((2, 2))", ["r(1, 2, 5, 7)", "r(2, 5, 7)"]),
    ("nn.AdaptiveMaxPool3d(2)", ["r(1, 2, 3, 5, 4)"]),
    ("nn.AdaptiveAvgPool2d((5, 1))", ["r(1, 2, 3, 4)"]),
    ("nn.AdaptiveMaxPool2d((4, 3), return_indices=True)", ["r(1, 2, 3, 5)", "r(2, 3, 5)"]),
    ("nn.FractionalMaxPool2d(2, output_size=3, _random_samples=torch.tensor([[[0.3, 0.7], [0.1, 0.9]]]))",
     ["r(1, 2, 6, 7)"]),
    ("nn.FractionalMaxPool2d((2, 3), output_ratio=0.5, return_indices=True, "
     "_random_samples=torch.tensor([[[0.5, 0.2], [0.8, 0.4]]]))", ["r(1, 2, 8, 9)"]),
    ("nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.5), "
     "_random_samples=torch.tensor([[[0.3, 0.6, 0.9]]]))", ["r(1, 1, 6, 6, 4)"]),
    ("nn.FractionalMaxPool2d(2, output_size=3)", ["r(1, 2, 6, 7)", "r(2, 6, 7)", "r(1, 2, 3, 2)"]),
    ("nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.5), return_indices=True)", ["r(1, 1, 6, 6, 4)"]),
    # padding
    ("nn.ConstantPad1d(2, 3.5)", ["r(2, 3, 4)", "r(3, 4)"]),
    ("nn.ConstantPad1d((1, 2), 0)", ["r(2, 3, 4)"]),
    ("nn.ConstantPad2d(1, -1.0)", ["r(2, 3, 4)", "r(2, 2, 3, 4)"]),
    ("nn.ConstantPad2d((1, 2, 3, 4), 2)", ["r(1, 2, 3, 4)"]),
    ("nn.ConstantPad3d(1, 0.5)", ["r(1, 2, 2, 2, 3)"]),
    ("nn.ZeroPad1d((1, 2))", ["r(2, 3, 4)"]),
    ("nn.ZeroPad1d(2)", ["r(3, 4)"]),
    ("nn.ZeroPad2d(1)", ["r(1, 2, 3, 4)"]),
    ("nn.ZeroPad2d((1, 2, 3, 4))", ["r(2, 3, 4)"]),
    ("nn.ZeroPad2d((1, -1, 3, 0))", ["r(2, 3, 4)"]),
    ("nn.ZeroPad3d(2)", ["r(1, 1, 2, 2, 3)"]),
    ("nn.ReflectionPad1d(2)", ["r(2, 3, 4)", "r(3, 4)", "r(2, 3, 2)"]),
    ("nn.ReflectionPad2d((1, 0, 2, 1))", ["r(2, 3, 4, 4)", "r(3, 4, 4)"]),
    ("nn.ReflectionPad3d(1)", ["r(1, 2, 3, 3, 3)"]),
    ("nn.ReflectionPad2d(3)", ["r(1, 2, 3, 3)"]),
    ("nn.ReplicationPad1d((1, 2))", ["r(2, 3, 4)", "r(3, 4)"]),
    ("nn.ReplicationPad2d(2)", ["r(1, 2, 3, 4)"]),
    ("nn.ReplicationPad3d((1, 1, 2, 2, 0, 1))", ["r(1, 2, 2, 3, 3)"]),
    ("nn.CircularPad1d(1)", ["r(2, 3, 4)", "r(3, 4)"]),
    ("nn.CircularPad2d((1, 2, 0, 1))", ["r(1, 2, 3, 4)"]),
    ("nn.CircularPad3d(1)", ["r(1, 2, 2, 3, 3)"]),
    ("nn.CircularPad1d(4)", ["r(2, 3, 3)"]),
    ("nn.ConstantPad2d((-1, 2, 0, -2), 1.5)", ["r(1, 2, 3, 4)"]),
    ("nn.ReplicationPad1d(2)", ["r(2, 0, 3)", "r(2, 3, 0)"]),
    # normalization
    ("nn.BatchNorm1d(3)", ["r(4, 3)", "r(4, 3, 5)", "r(1, 3)", "r(4, 2)"]),
    ("nn.BatchNorm1d(3, momentum=1.0)", ["r(0, 3)", "r(2, 3, 1)", "f32(4, 3)", "r(3)"]),
    ("nn.BatchNorm2d(3, momentum=0.0)", ["r(2, 3, 1, 1)", "r(1, 3, 1, 1)", "r(2, 3, 4)"]),
    ("nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False)", ["r(4, 3)", "r(5, 3)"]),
    ("nn.BatchNorm2d(3, track_running_stats=False)", ["r(2, 3, 4, 5)"]),
    ("nn.BatchNorm2d(3, momentum=0.3)", ["r(2, 3, 4, 5)", "r(3, 4, 5)"]),
    ("nn.BatchNorm2d(3, momentum=0.3, bias=False)", ["r(2, 3, 4, 5)"]),
    ("nn.LazyBatchNorm1d()", ["r(4, 3)", "r(4, 3, 2)"]),
    ("nn.LazyBatchNorm2d(affine=False)", ["r(2, 3, 2, 2)"]),
    ("nn.LazyBatchNorm3d(track_running_stats=False)", ["r(2, 3, 2, 2, 2)"]),
    ("nn.SyncBatchNorm(3, affine=False, process_group=None)", ["r(4, 3)"]),
    ("nn.LazyInstanceNorm1d()", ["r(2, 3, 4)"]),
    ("nn.LazyInstanceNorm2d(affine=True)", ["r(2, 3, 4, 4)"]),
    ("nn.LazyInstanceNorm3d(track_running_stats=True)", ["r(2, 3, 2, 3, 2)"]),
    ("nn.BatchNorm3d(3, affine=False, track_running_stats=False)", ["r(2, 3, 2, 3, 2)"]),
    ("nn.BatchNorm3d(3)", ["r(2, 3, 2, 3, 2)"]),
    ("nn.SyncBatchNorm(3)", ["r(4, 3, 2)"]),
    ("nn.InstanceNorm1d(3)", ["r(2, 3, 5)", "r(3, 5)"]),
    ("nn.InstanceNorm1d(3, affine=True)", ["r(2, 3, 5)", "r(2, 4, 5)"]),
    ("nn.InstanceNorm1d(3)", ["r(2, 4, 5)", "r(2, 3, 1)"]),
    ("nn.InstanceNorm2d(3, track_running_stats=True)", ["r(2, 3, 4, 5)", "r(3, 4, 5)"]),
    ("nn.InstanceNorm3d(3, eps=1e-3, momentum=0.2, affine=True, track_running_stats=True)", ["r(2, 3, 2, 3, 2)"]),
    ("nn.InstanceNorm2d(3, momentum=None, track_running_stats=True)", ["r(2, 3, 3, 4)", "r(2, 3, 3, 4)"]),
    ("nn.LayerNorm(4)", ["r(2, 3, 4)", "r(4)", "r(2, 3)"]),
    ("nn.LayerNorm(4, elementwise_affine=False, bias=False)", ["r(0, 4)", "r(2, 4) * 0"]),
    ("nn.LayerNorm(4, eps=0.0)", ["r(2, 4) * 0"]),
    ("nn.BatchNorm1d(3, eps=0.0)", ["r(4, 3)"]),
    ("nn.LayerNorm([2, 3], eps=1e-6, elementwise_affine=False)", ["r(4, 2, 3)"]),
    ("nn.LayerNorm((2, 3), bias=False)", ["r(4, 2, 3)"]),
    ("nn.GroupNorm(2, 4)", ["r(3, 4, 5)", "r(3, 4)", "r(3, 3, 5)"]),
    ("nn.GroupNorm(4, 4)", ["r(0, 4, 2)", "r(2, 4, 1)", "r(4)"]),
    ("nn.GroupNorm(1, 3, eps=1e-3, affine=False)", ["r(2, 3, 2, 2)"]),
    ("nn.GroupNorm(3, 4)", []),
    ("nn.LocalResponseNorm(2)", ["r(2, 4, 5)", "r(2, 4, 3, 3)"]),
    ("nn.LocalResponseNorm(3, alpha=1e-3, beta=0.5, k=2.0)", ["r(2, 5, 3, 2, 2)"]),
    ("nn.CrossMapLRN2d(3)", ["r(2, 4, 3, 3)"]),
    ("nn.CrossMapLRN2d(5, alpha=1e-3, beta=0.5, k=2)", ["r(2, 6, 3, 3)"]),
    ("nn.RMSNorm(4)", ["r(2, 3, 4)", "r(2, 3)"]),
    ("nn.RMSNorm([2, 3], eps=1e-5)", ["r(4, 2, 3)"]),
    ("nn.RMSNorm(4, elementwise_affine=False)", ["r(3, 4)"]),
    ("nn.RMSNorm([2, 3], eps=None)", ["r(4, 2, 3)", "r(4, 3, 2)"]),
    # dropout (random in train(), identities in eval())
    ("nn.Dropout()", ["r(4, 5)"]),
    ("nn.Dropout(0.0)", ["r(4, 5)"]),
    ("nn.Dropout(0.2, inplace=True)", ["rn(4, 5)"]),
    ("nn.Dropout1d(0.3)", ["r(2, 3, 4)", "r(3, 4)"]),
    ("nn.Dropout2d()", ["r(2, 3, 4, 4)", "r(3, 4, 4)"]),
    ("nn.Dropout3d(0.1, True)", ["rn(2, 3, 2, 2, 2)"]),
    ("nn.AlphaDropout()", ["r(4, 5)"]),
    ("nn.AlphaDropout(0.2, inplace=True)", ["rn(4, 5)"]),
    ("nn.FeatureAlphaDropout(0.4)", ["r(2, 3, 4)"]),
    # activations
    ("nn.ReLU()", ["r(3, 4)"]),
    ("nn.ReLU(inplace=True)", ["rn(3, 4)"]),
    ("nn.ReLU6()", ["r(3, 4) * 4"]),
    ("nn.ReLU6(True)", ["rn(3, 4) * 4"]),
    ("nn.LeakyReLU()", ["r(3, 4)"]),
    ("nn.LeakyReLU(0.2, inplace=True)", ["rn(3, 4)"]),
    ("nn.ELU()", ["r(3, 4)"]),
    ("nn.ELU(alpha=0.5, inplace=True)", ["rn(3, 4)"]),
    ("nn.CELU()", ["r(3, 4)"]),
    ("nn.CELU(2.0, True)", ["rn(3, 4)"]),
    ("nn.CELU(0.0)", ["r(3, 4)"]),
    ("nn.SELU()", ["r(3, 4)"]),
    ("nn.SELU(inplace=True)", ["rn(3, 4)"]),
    ("nn.GELU()", ["r(3, 4)"]),
    ("nn.GELU(approximate='tanh')", ["r(3, 4)"]),
    ("nn.SiLU()", ["r(3, 4)"]),
    ("nn.SiLU(inplace=True)", ["rn(3, 4)"]),
    ("nn.Mish()", ["r(3, 4)"]),
    ("nn.Mish(inplace=True)", ["rn(3, 4)"]),
    ("nn.Sigmoid()", ["r(3, 4)"]),
    ("nn.Tanh()", ["r(3, 4)"]),
    ("nn.Hardsigmoid()", ["r(3, 4) * 4"]),
    ("nn.Hardsigmoid(inplace=True)", ["rn(3, 4)"]),
    ("nn.Hardswish()", ["r(3, 4) * 4"]),
    ("nn.Hardswish(True)", ["rn(3, 4)"]),
    ("nn.Hardtanh()", ["r(3, 4) * 2"]),
    ("nn.Hardtanh(-2, 3, inplace=True)", ["rn(3, 4)"]),
    ("nn.Hardtanh(-2.5, 0.5)", ["r(3, 4) * 2"]),
    ("nn.Hardtanh(2, -1)", []),
    ("nn.Hardshrink()", ["r(3, 4)"]),
    ("nn.Hardshrink(0.3)", ["r(3, 4)"]),
    ("nn.Softshrink()", ["r(3, 4)"]),
    ("nn.Softshrink(1)", ["r(3, 4)"]),
    ("nn.Tanhshrink()", ["r(3, 4)"]),
    ("nn.Softsign()", ["r(3, 4)"]),
    ("nn.Softplus()", ["r(3, 4)"]),
    ("nn.Softplus(beta=2, threshold=1)", ["r(3, 4)"]),
    ("nn.Softplus(beta=2, threshold=10)", ["r(3, 4) * 8"]),
    ("nn.Softplus(0.5, 5.0)", ["r(3, 4) * 8"]),
    ("nn.LogSigmoid()", ["r(3, 4)"]),
    ("nn.Threshold(0.1, 20)", ["r(3, 4)"]),
    ("nn.Threshold(1, 2.5, inplace=True)", ["rn(3, 4)"]),
    ("nn.GLU()", ["r(3, 4)", "r(3, 5)"]),
    ("nn.GLU(dim=1)", ["r(3, 4, 2)"]),
    ("nn.Softmax()", ["r(3, 4)", "r(2, 3, 4)"]),
    ("nn.Softmax(dim=1)", ["r(3, 4)"]),
    ("nn.Softmin(0)", ["r(3, 4)"]),
    ("nn.Softmax(-1)", ["r(3, 4)"]),
    ("nn.Softmin()", ["r(3, 4)", "r(4)", "r(2, 3, 4)"]),
    ("nn.LogSoftmax()", ["r(3, 4)"]),
    ("nn.LogSoftmax(dim=2)", ["r(2, 3, 4)", "r(3, 4)"]),
    ("nn.Softmax2d()", ["r(2, 3, 4, 5)", "r(3, 4, 5)", "r(3, 4)"]),
    ("nn.Softmax()", ["r(4)", "r(2, 3, 4, 5)", "r()"]),
    ("nn.LogSoftmax()", ["r(2, 3, 4)", "r()"]),
    ("nn.PReLU()", ["r(2, 3, 4)", "r(3)"]),
    ("nn.PReLU(3, init=0.1)", ["r(2, 3, 4)", "r(2, 4)"]),
    ("nn.PReLU(4)", ["r(2, 3)", "r(4)"]),
    ("nn.RReLU()", ["r(3, 4)"]),
    ("nn.RReLU(0.1, 0.3, inplace=True)", ["rn(3, 4)"]),
    # attention
    ("nn.MultiheadAttention(4, 2)", [
        "r(3, 2, 4), r(5, 2, 4), r(5, 2, 4)", "r(3, 4), r(5, 4), r(5, 4)",
        "r(3, 2, 4), r(5, 2, 4), r(5, 2, 4), key_padding_mask=b(2, 5), average_attn_weights=False",
        "r(3, 2, 4), r(5, 2, 4), r(5, 2, 4), attn_mask=causal(5)[:3], need_weights=False",
        "r(3, 2, 4), r(3, 2, 4), r(3, 2, 4), attn_mask=b(4, 3, 3), is_causal=False",
        "r(3, 2, 4), r(5, 2, 4), r(5, 2, 3)"]),
    ("nn.MultiheadAttention(4, 2, batch_first=True, dropout=0.0)",
     ["r(3, 4), r(5, 4), r(5, 4), key_padding_mask=b(5)", "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), attn_mask=t(4, 3, 5)",
      "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), key_padding_mask=b(2, 5) * 1.0, attn_mask=b(3, 5)",
      "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), key_padding_mask=ints([1] * 5, [0] * 5) == 1"]),
    ("nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False, batch_first=True)",
     ["r(2, 3, 4), r(2, 6, 3), r(2, 6, 5)", "r(2, 3, 4), r(2, 6, 3), r(2, 6, 5), key_padding_mask=b(2, 6)",
      "r(3, 4), r(6, 3), r(6, 5)"]),
    ("nn.MultiheadAttention(4, 1, add_bias_kv=True, add_zero_attn=True)",
     ["r(3, 2, 4), r(5, 2, 4), r(5, 2, 4), key_padding_mask=b(2, 5)"]),
    ("nn.MultiheadAttention(4, 2, dropout=0.5)", ["r(3, 2, 4), r(5, 2, 4), r(5, 2, 4)"]),
    ("nn.MultiheadAttention(4, 2, batch_first=True)", [
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), attn_mask=t(3, 4)",
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), key_padding_mask=b(5, 2)",
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), attn_mask=ints([1, 0, 0, 0, 0], [0] * 5, [0] * 5)",
        "r(3, 4), r(5, 4), r(5, 4), attn_mask=b(2, 3, 5)",
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), attn_mask=f32(3, 5) * 0",
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), key_padding_mask=b(2, 5) * -1e9, attn_mask=t(3, 5)",
        "r(2, 3, 4), r(2, 3, 4), r(2, 3, 4), attn_mask=causal(3), is_causal=True, need_weights=False",
        "r(2, 3, 4), r(2, 3, 4), r(2, 3, 4), is_causal=True", "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), attn_mask=t(2, 5)",
        "r(2, 3, 4), r(2, 5, 4), r(2, 5, 4), key_padding_mask=b(2, 5), attn_mask=t(3, 5)"]),
    ("nn.MultiheadAttention(4, 1, dropout=0.1, add_bias_kv=True, add_zero_attn=True)",
     ["r(3, 2, 4), r(5, 2, 4), r(5, 2, 4)"]),
    # shape
    ("nn.Flatten()", ["r(2, 3, 4)"]),
    ("nn.Flatten(0, 2)", ["r(2, 3, 4, 1)"]),
    ("nn.Unflatten(1, (2, 3))", ["r(2, 6)", "r(2, 5)"]),
    ("nn.Unflatten(-1, torch.Size([2, 2]))", ["r(3, 4)"]),
    ("nn.Unflatten(1, [2, 3])", ["r(2, 6, 2)"]),
    ("nn.Unflatten(1, (2, 3.0))", ["r(2, 6)"]),
    ("nn.Unflatten(1, 6)", ["r(2, 6)"]),
    ("nn.Unflatten('features', (('C', 2), ('H', 3)))", ["r(2, 6)"]),
    ("nn.PixelShuffle(2)", ["r(2, 8, 2, 3)", "r(8, 2, 3)", "r(2, 6, 2, 3)"]),
    ("nn.PixelShuffle(3)", ["r(2, 9)", "r(1, 2, 9, 1, 2)"]),
    ("nn.PixelUnshuffle(2)", ["r(1, 2, 4, 6)", "r(1, 2, 3, 6)"]),
    ("nn.PixelUnshuffle(3)", ["r(2, 3, 6)"]),
    ("nn.ChannelShuffle(2)", ["r(2, 4, 3)", "r(2, 4, 2, 2)"]),
    ("nn.ChannelShuffle(3)", ["r(2, 4, 3)", "r(4, 3)"]),
    ("nn.Upsample(scale_factor=2)", ["r(1, 2, 3)", "r(1, 2, 2, 3)", "r(1, 1, 2, 2, 2)"]),
    ("nn.Upsample(size=(3, 4), mode='bilinear')", ["r(1, 2, 2, 3)", "r(2, 2, 3)"]),
    ("nn.Upsample(scale_factor=2.0, mode='bicubic', align_corners=True)", ["r(1, 2, 3, 3)"]),
    ("nn.Upsample(scale_factor=1.5, mode='linear')", ["r(2, 2, 4)"]),
    ("nn.Upsample(size=(3, 4, 2), mode='trilinear', align_corners=False)", ["r(1, 1, 2, 3, 3)"]),
    ("nn.Upsample(scale_factor=(2, 1.5), mode='nearest-exact')", ["r(1, 2, 3, 4)"]),
    ("nn.Upsample(size=5)", ["r(1, 2, 3)"]),
    ("nn.Upsample(scale_factor=1.7, mode='bilinear', recompute_scale_factor=True)", ["r(1, 2, 3, 4)"]),
    ("nn.Upsample(scale_factor=1.7, mode='bicubic')", ["r(1, 2, 3, 4)"]),
    ("nn.Upsample(scale_factor=2, mode='nearest', align_corners=True)", ["r(1, 2, 3)"]),
    ("nn.Upsample(size=4, mode='trilinear')", ["r(1, 2, 3, 3)"]),
    ("nn.Upsample(scale_factor=0.6, mode='area')", ["r(1, 2, 5, 5)"]),
    ("nn.UpsamplingNearest2d(scale_factor=2)", ["r(1, 2, 2, 3)"]),
    ("nn.UpsamplingNearest2d(size=3)", ["r(1, 2, 2, 3)", "r(2, 2, 3)"]),
    ("nn.UpsamplingBilinear2d(size=(2, 3))", ["r(1, 2, 4, 5)"]),
    ("nn.UpsamplingBilinear2d(scale_factor=1.5)", ["r(1, 2, 3, 3)"]),
    # distance
    ("nn.CosineSimilarity()", ["r(3, 4), r(3, 4)", "r(3, 4), r(1, 4)", "r(3, 4), r(2, 4)"]),
    ("nn.CosineSimilarity(dim=0, eps=1e-6)", ["r(3, 4), r(3, 4)"]),
    ("nn.CosineSimilarity(dim=-1, eps=1e-3)", ["r(3, 4) * 0, r(3, 4)", "r(2, 1, 4), r(3, 4)"]),
    ("nn.PairwiseDistance(p=0.5, keepdim=True)", ["r(2, 1, 4), r(3, 4)", "r(3, 4), r(3, 4) * 1"]),
    ("nn.PairwiseDistance()", ["r(3, 4), r(3, 4)", "r(4), r(4)"]),
    ("nn.PairwiseDistance(p=1.0, eps=1e-3, keepdim=True)", ["r(3, 4), r(3, 4)"]),
    ("nn.PairwiseDistance(p=3.0)", ["r(3, 4), r(3, 4)"]),
    # sparse
    ("nn.Embedding(10, 3)", ["i(10, 2, 4)", "i(10, 5)", "ints(3, 10)", "ints(1, -11)"]),
    ("nn.Embedding(10, 3, padding_idx=-1, max_norm=1.0, norm_type=3.0, scale_grad_by_freq=True)",
     ["ints(1, 9, 1, 2)", "i(10, 3, 4)"]),
    ("nn.Embedding(5, 2, padding_idx=0)", ["ints(0, 1, 1, 4)"]),
    ("nn.Embedding(5, 2, max_norm=0.5)", ["ints(0, 1, 1, 4)", "ints([2, 2], [3, 0])", "ints(5)"]),
    ("nn.Embedding(5, 2, scale_grad_by_freq=True, padding_idx=2)", ["ints([2, 2], [3, 3])"]),
    ("nn.Embedding.from_pretrained(torch.ones(3, 2), freeze=False)", ["ints(0, 2, 2)"]),
    ("nn.Embedding.from_pretrained(torch.ones(3, 2))", ["ints(0, 2, 2)"]),
    ("nn.EmbeddingBag(10, 3)", ["i(10, 2, 4)", "ints(1, 2, 3, 4, 5), ints(0, 2)",
                                "i(10, 2, 4), ints(0, 1)"]),
    ("nn.EmbeddingBag(10, 3, mode='sum', max_norm=2.0, padding_idx=1)",
     ["ints(1, 2, 3, 1, 5), ints(0, 2, 2)", "i(10, 2, 4), per_sample_weights=tp(2, 4)"]),
    ("nn.EmbeddingBag(10, 3, mode='max', include_last_offset=True)", ["ints(1, 2, 3, 4, 5), ints(0, 2, 5)"]),
    ("nn.EmbeddingBag(10, 3, mode='max', include_last_offset=True, scale_grad_by_freq=True)",
     ["ints(1, 2, 3, 4, 1), ints(0, 2, 5)"]),
    ("nn.EmbeddingBag.from_pretrained(torch.zeros(4, 2), mode='sum')", ["ints(0, 1, 3), ints(0, 1)"]),
    ("nn.EmbeddingBag(10, 3, mode='mean', scale_grad_by_freq=True)", ["ints(1, 1, 3, 1), ints(0, 2)"]),
    ("nn.EmbeddingBag(10, 3, mode='mean', padding_idx=2)", ["ints(2, 2, 3, 1, 2), ints(0, 2, 2, 4)",
                                                            "ints(1, 2), ints(1)", "ints(1, 2), ints(0, 3)",
                                                            "ints(1, 3), ints(0, 1), per_sample_weights=tp(2)"]),
    ("nn.EmbeddingBag(10, 3, mode='max', padding_idx=1)", ["ints([1, 2], [1, 1], [3, 4])"]),
    # recurrent
    ("nn.RNN(3, 4)", ["r(3, 2, 3)", "r(3, 3)", "r(3, 2, 3), r(1, 2, 4)", "r(3, 2, 2)", "r(3, 2, 3), r(2, 2, 4)"]),
    ("nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True)", ["r(2, 3, 3)", "r(3, 3)"]),
    ("nn.RNN(3, 4, num_layers=2, bidirectional=True)", ["r(3, 2, 3)", "r(3, 2, 3), r(4, 2, 4)"]),
    ("nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5)", ["r(2, 3, 3)"]),
    ("nn.LSTM(3, 4)", ["r(3, 2, 3)", "r(3, 3)", "r(3, 2, 3), (r(1, 2, 4), r(1, 2, 4))"]),
    ("nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True, proj_size=2)",
     ["r(2, 3, 3)", "r(2, 3, 3), (r(4, 2, 2), r(4, 2, 4))", "r(2, 3, 3), (r(4, 2, 4), r(4, 2, 4))"]),
    ("nn.LSTM(3, 4, bias=False, dropout=0.0)", ["r(3, 2, 3)"]),
    ("nn.LSTM(3, 4, 2, bidirectional=True, proj_size=3)", ["packed([3, 2, 1], 3, 3, 3)",
                                                           "packed([3, 1], 3, 2, 3), (r(4, 2, 3), r(4, 2, 4))"]),
    ("nn.GRU(3, 4, batch_first=True)", ["packed([2, 3], 3, 2, 3)"]),
    ("nn.RNN(3, 4, 2)", ["packed([4, 4, 1], 4, 3, 3), r(2, 3, 4)", "r(3, 0, 3)", "packed([2, 1], 2, 2, 2)"]),
    ("nn.LSTM(3, 4, proj_size=2, batch_first=True)", ["r(3, 3)", "r(3, 3), (r(1, 2), r(1, 4))", "f32(2, 3, 3)",
                                                      "r(2, 3, 3), (r(1, 2, 2), r(1, 2, 2))"]),
    ("nn.GRU(3, 4, batch_first=True)", ["r(2, 3, 3), r(1, 3, 4)", "r(3, 3), r(1, 1, 4)", "r(2, 3, 3), r(2, 4)"]),
    ("nn.GRU(3, 4)", ["r(3, 2, 3)", "r(3, 3), r(1, 4)"]),
    ("nn.GRU(3, 4, 2, bidirectional=True, batch_first=True)", ["r(2, 3, 3)"]),
    ("nn.GRU(3, 4, 3, dropout=0.25, bidirectional=True)", ["r(3, 2, 3)"]),
    ("nn.RNNBase('LSTM', 3, 4)", ["r(3, 2, 3)"]),
    ("nn.RNNCellBase(3, 4, True, 2)", ["r(2, 3)"]),
    ("nn.RNNCell(3, 4)", ["r(2, 3)", "r(3)", "r(2, 3), r(2, 4)", "r(2, 2)"]),
    ("nn.RNNCell(3, 4, bias=False, nonlinearity='relu')", ["r(2, 3)"]),
    ("nn.RNNCell(3, 4)", ["r(2, 3), r(3, 4)", "r(2, 3), r(4)", "f32(2, 3)"]),
    ("nn.LSTMCell(3, 4)", ["r(2, 3)", "r(3), (r(4), r(4))"]),
    ("nn.LSTMCell(3, 4, bias=False)", ["r(2, 3)"]),
    ("nn.GRUCell(3, 4)", ["r(2, 3)", "r(3), r(4)", "r(2, 3), r(3, 4)"]),
    ("nn.GRUCell(3, 4, False)", ["r(2, 3)"]),
    # transformer
    ("nn.TransformerEncoderLayer(4, 2, 8)", ["r(3, 2, 4)"]),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)",
     ["r(2, 3, 4), src_key_padding_mask=ints([0, 0, 1], [0, 0, 0]) == 1", "r(2, 3, 4), src_mask=b(3, 3)",
      "r(2, 3, 4), src_key_padding_mask=b(2, 3) * 1.0"]),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True), 2)",
     ["r(2, 3, 4), src_key_padding_mask=ints([0, 0, 1], [0, 1, 1]) == 1", "r(2, 3, 4), mask=causal(3), is_causal=True"]),
    ("nn.TransformerDecoderLayer(4, 2, 8)", ["r(3, 2, 4), r(5, 2, 4)"]),
    ("nn.TransformerDecoderLayer(4, 1, 6, activation=torch.nn.functional.gelu, layer_norm_eps=1e-3)",
     ["r(3, 2, 4), r(5, 2, 4)"]),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 2, enable_nested_tensor=False)", ["r(3, 2, 4)"]),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, batch_first=True), 3, nn.LayerNorm(4), "
     "enable_nested_tensor=False)", ["r(2, 3, 4)"]),
    ("nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 2, nn.LayerNorm(4))", ["r(3, 2, 4), r(5, 2, 4)"]),
    ("nn.Transformer(8, 2, 1, 2, 16)", ["r(3, 2, 8), r(2, 2, 8)"]),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0)", [
        "r(3, 2, 4)", "r(3, 4)", "r(3, 2, 4), src_mask=causal(3)", "r(3, 2, 4), src_key_padding_mask=b(2, 3)"]),
    ("nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, activation='gelu', batch_first=True, norm_first=True, "
     "bias=False)", ["r(2, 3, 4)", "r(2, 3, 4), src_mask=causal(3), is_causal=True"]),
    ("nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0)", [
        "r(3, 2, 4), r(5, 2, 4)", "r(3, 2, 4), r(5, 2, 4), tgt_mask=causal(3), memory_key_padding_mask=b(2, 5)"]),
    ("nn.TransformerDecoderLayer(4, 1, 6, dropout=0.0, activation=torch.nn.functional.gelu, layer_norm_eps=1e-3, "
     "norm_first=True)", ["r(3, 2, 4), r(5, 2, 4)"]),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0), 2, enable_nested_tensor=False)",
     ["r(3, 2, 4)", "r(3, 2, 4), mask=causal(3)"]),
    ("nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True), 2, nn.LayerNorm(4), "
     "enable_nested_tensor=False)", ["r(2, 3, 4), src_key_padding_mask=b(2, 3)"]),
    ("nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0), 2, nn.LayerNorm(4))",
     ["r(3, 2, 4), r(5, 2, 4)"]),
    ("nn.Transformer(4, 2, 1, 1, 8, dropout=0.0)",
     ["r(3, 2, 4), r(2, 2, 4), src_key_padding_mask=b(2, 3), memory_key_padding_mask=b(2, 3), "
      "tgt_is_causal=True, tgt_mask=causal(2)", "r(3, 4), r(2, 4)", "r(3, 2, 4), r(2, 3, 4)"]),
    ("nn.Transformer(4, 1, 1, 1, 8, dropout=0.0, batch_first=True, norm_first=True)",
     ["r(2, 3, 4), r(2, 2, 4)", "r(2, 3, 4), r(2, 2, 4), tgt_mask=causal(2)", "r(2, 3, 4), r(2, 2, 5)"]),
    # losses
    ("nn.L1Loss()", ["r(3, 4), t(3, 4)", "r(3, 4), r(3, 4)", "r(3, 4), t(4)", "r(3, 4), t(2, 4)"]),
    ("nn.L1Loss(reduction='sum')", ["r(3, 4), t(3, 4)"]),
    ("nn.MSELoss(reduction='none')", ["r(3, 4), t(3, 4)"]),
    ("nn.MSELoss(size_average=False)", ["r(3, 4), t(3, 4)"]),
    ("nn.CrossEntropyLoss()", ["r(3, 5), i(5, 3)", "r(5), ints(2)[0]", "r(3, 5, 2), i(5, 3, 2)", "r(3, 5), p(3, 5)",
                               "r(3, 5), i(5, 4)", "r(3, 5), ints(0, 5, 1)"]),
    ("nn.CrossEntropyLoss(weight=torch.rand(3), ignore_index=1, label_smoothing=0.1)",
     ["r(4, 3), i(3, 4)", "r(4, 3), tp(4, 3)"]),
    ("nn.CrossEntropyLoss(reduction='none', label_smoothing=0.2)", ["r(4, 3), i(3, 4)"]),
    ("nn.CrossEntropyLoss(weight=torch.rand(3), label_smoothing=0.3, reduction='none')",
     ["r(4, 3), tp(4, 3)", "r(4, 3, 2), i(3, 4, 2)"]),
    ("nn.CrossEntropyLoss(ignore_index=2)", ["r(3, 4), ints(2, 2, 2)", "r(3, 4), ints(0, 2, 4)",
                                             "r(3, 4), ints(0, -1, 2)"]),
    ("nn.CrossEntropyLoss(reduction='mean')", ["r(0, 4), ints()", "r(0, 4), tp(0, 4)", "r(2, 4), tp(2, 4) * 0"]),
    ("nn.CrossEntropyLoss(weight=torch.rand(4), reduction='mean')", ["r(2, 4), tp(2, 4)", "r(3, 4), i(4, 3)",
                                                                     "r(3, 5), i(4, 3)"]),
    ("nn.CrossEntropyLoss(label_smoothing=1.5)", ["r(3, 4), ints(2, 2, 2)"]),
    ("nn.NLLLoss()", ["r(3, 5), i(5, 3)", "r(3, 5, 2), i(5, 3, 2)"]),
    ("nn.NLLLoss(weight=torch.rand(2), reduction='sum')", ["r(3, 2), i(2, 3)"]),
    ("nn.NLLLoss(ignore_index=1, reduction='mean')", ["r(3, 4), ints(1, 0, 1)", "r(3, 4), ints(1, 1, 1)",
                                                      "r(3, 4), ints(0, 1)", "r(3, 4), ints(0, 1, 2) * 1.0"]),
    ("nn.NLLLoss2d()", ["r(2, 3, 2, 2), i(3, 2, 2, 2)"]),
    ("nn.BCELoss()", ["p(3, 2), tp(3, 2)", "p(3, 2), tp(3, 3)"]),
    ("nn.BCELoss(weight=torch.rand(2))", ["p(3, 2), tp(3, 2)"]),
    ("nn.BCELoss(reduction='sum')", ["r(3, 2) * 3, tp(3, 2)", "p(3, 2), tp(2)", "p(3, 2), p(3, 2)"]),
    ("nn.BCEWithLogitsLoss()", ["r(3, 2), tp(3, 2)"]),
    ("nn.BCEWithLogitsLoss(pos_weight=torch.rand(3))", ["r(2, 3), tp(2, 3)"]),
    ("nn.BCEWithLogitsLoss(weight=torch.rand(2), pos_weight=torch.rand(2), reduction='sum')", ["r(3, 2), tp(3, 2)"]),
    ("nn.KLDivLoss()", ["r(3, 4), tp(3, 4)"]),
    ("nn.KLDivLoss(reduction='batchmean', log_target=True)", ["r(3, 4), t(3, 4)"]),
    ("nn.KLDivLoss(reduction='mean')", ["r(3, 4), tp(3, 4)"]),
    ("nn.KLDivLoss(reduction='sum')", ["r(3, 4), r(3, 4)"]),
    ("nn.HuberLoss()", ["r(3, 4), t(3, 4)"]),
    ("nn.HuberLoss(delta=0.5, reduction='sum')", ["r(3, 4), t(3, 4)"]),
    ("nn.SmoothL1Loss()", ["r(3, 4), t(3, 4)"]),
    ("nn.SmoothL1Loss(beta=0.5)", ["r(3, 4), t(3, 4)"]),
    ("nn.SmoothL1Loss(beta=0.0)", ["r(3, 4), t(3, 4)"]),
    ("nn.HuberLoss(delta=0.0)", ["r(3, 4), t(3, 4)"]),
    ("nn.SoftMarginLoss()", ["r(3, 4), sign(3, 4)"]),
    ("nn.PoissonNLLLoss()", ["r(3, 4), tp(3, 4)"]),
    ("nn.PoissonNLLLoss(log_input=False, full=True, eps=1e-6)", ["p(3, 4), tp(3, 4) * 5"]),
    ("nn.PoissonNLLLoss(full=True, reduction='none')", ["r(3, 4), tp(3, 4) * 3"]),
    ("nn.GaussianNLLLoss()", ["r(3, 4), t(3, 4), p(3, 4)", "r(3, 4), t(3, 4), p(3, 1)", "r(3, 4), t(3, 4), p(2, 4)"]),
    ("nn.GaussianNLLLoss(full=True, eps=1e-3, reduction='sum')", ["r(3, 4), t(3, 4), p(3, 4)"]),
    ("nn.GaussianNLLLoss(reduction='none')", ["r(3, 4), t(3, 4), p(3)", "r(3, 4), t(3, 4), t(3, 4)",
                                              "r(4), t(4), p(4)"]),
    ("nn.CTCLoss()", ["logp(6, 2, 4), ints(1, 2, 1, 3, 2, 2), ints(6, 5), ints(3, 3)"]),
    ("nn.CTCLoss(blank=1, zero_infinity=True, reduction='sum')",
     ["logp(4, 2, 3), ints(0, 2, 0, 2, 0, 2), ints(4, 4), ints(3, 3)"]),
    ("nn.CTCLoss(reduction='none')", ["logp(5, 2, 4), ints(1, 2, 3), (5, 4), (2, 1)",
                                      "logp(5, 4), ints(1, 2), ints(5), ints(2)",
                                      "logp(5, 2, 4), ints([1, 2], [3, 3]), ints(5, 5), ints(2, 0)"]),
    ("nn.HingeEmbeddingLoss()", ["r(3, 4), sign(3, 4)"]),
    ("nn.HingeEmbeddingLoss(margin=2.0)", ["r(3, 4), sign(3, 4)"]),
    ("nn.CosineEmbeddingLoss(margin=0.5)", ["r(3, 4), r(3, 4), sign(3)", "r(4), r(4), sign()"]),
    ("nn.CosineEmbeddingLoss()", ["r(3, 4), r(1, 4), sign(3)", "r(3, 4), r(3, 4), sign(3, 1)", "r(4), r(4), sign(1)",
                                  "r(3, 4), r(2, 4), sign(3)"]),
    ("nn.MarginRankingLoss(1.0)", ["r(5), r(5), sign(5)"]),
    ("nn.MarginRankingLoss(0.5, reduction='none')", ["r(2, 5), r(5), sign(1, 5)"]),
    ("nn.MultiLabelMarginLoss()", ["r(2, 4), ints([3, 0, -1, 1], [1, 2, 3, -1])", "r(4), ints(2, -1, 0, 0)"]),
    ("nn.MultiLabelSoftMarginLoss(weight=torch.rand(3))", ["r(2, 3), i(2, 2, 3)"]),
    ("nn.MultiLabelSoftMarginLoss(reduction='none')", ["r(2, 3), tp(2, 3)"]),
    ("nn.SoftMarginLoss(reduction='sum')", ["r(3, 4), sign(4)"]),
    ("nn.MultiMarginLoss()", ["r(3, 4), i(4, 3)", "r(4), ints(1)[0]"]),
    ("nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.rand(3))", ["r(2, 3), i(3, 2)"]),
    ("nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.ones(3), reduction='none')", ["r(2, 3), i(3, 2)"]),
    ("nn.TripletMarginLoss()", ["r(3, 4), r(3, 4), r(3, 4)"]),
    ("nn.TripletMarginLoss(margin=2.0, p=1, swap=True)", ["r(3, 4), r(3, 4), r(3, 4)"]),
    ("nn.TripletMarginLoss(reduction='none', eps=1e-3)", ["r(4), r(4), r(4)", "r(3, 4), r(3, 4), r(2, 4)"]),
    ("nn.TripletMarginWithDistanceLoss()", ["r(3, 4), r(3, 4), r(3, 4)"]),
    ("nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(), margin=0.5, swap=True)",
     ["r(3, 4), r(3, 4), r(3, 4)"]),
    ("nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4, 8])", ["r(3, 8), i(10, 3)", "r(8), ints(9)[0]"]),
    ("nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4], div_value=2.0, head_bias=True)", ["r(3, 8), i(10, 3)"]),
    ("nn.LinearCrossEntropyLoss(5, 10)", ["r(3, 5), i(10, 3)", "r(5), ints(2)[0]", "r(3, 4), i(10, 3)"]),
    ("nn.LinearCrossEntropyLoss(5, 4, out_features=(2, 3), bias=True, weight=torch.rand(4), ignore_index=-1)",
     ["r(2, 3, 5), i(4, 2, 3)", "r(3, 5), ints(1, -1, 3)"]),
    # containers
    ("nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))", ["r(4, 2)"]),
    ("nn.Sequential(nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)), nn.Flatten())", ["r(2, 1, 4, 4)"]),
    ("nn.Sequential(OrderedDict([('fc', nn.Linear(2, 3)), ('act', nn.Tanh()), ('out', nn.Sequential())]))",
     ["r(4, 2)"]),
    ("nn.DataParallel(nn.Linear(2, 3))", ["r(4, 2)"]),
    ("nn.Container(a=nn.Linear(2, 2), b=nn.ReLU())", ["r(4, 2)"]),
]

def _draws(module, training):
    """Whether torch's module draws random numbers in this mode (pullback's draws are not torch's: then only
    what does not depend on them is compared: shapes, dtypes, grad_fn names, errors, buffers)."""
    for m in module.modules():
        if isinstance(m, (torch.nn.FractionalMaxPool2d, torch.nn.FractionalMaxPool3d)) and m._random_samples is None:
            return True
        if training and (isinstance(m, torch.nn.RReLU) or isinstance(m, torch.nn.modules.dropout._DropoutNd) and m.p > 0
                         or isinstance(m, (torch.nn.MultiheadAttention, torch.nn.RNNBase)) and m.dropout > 0):
            return True
    return False


@pytest.mark.parametrize("spec, calls", CASES, ids=[spec for spec, _ in CASES])
def test_layer_numbers(spec, calls):
    torch.manual_seed(0)
    ours, theirs = _run(pullback, lambda: _build(pullback, spec))[0], _run(torch, lambda: _build(torch, spec))[0]
    if _raised(theirs):
        assert ours == theirs
        return
    if any(isinstance(t, (torch.nn.UninitializedParameter, torch.nn.UninitializedBuffer))
           for t in theirs.state_dict(keep_vars=True).values()):  # lazy: shaped by a first call, in each library
        args, kwargs = eval(f"args({calls[0]})", _makers(np.random.default_rng(0)))
        for lib, m in ((pullback, ours), (torch, theirs)):
            with lib.no_grad():
                m.eval()(*_convert(lib, args), **_convert(lib, kwargs))
    state = {k: pullback.tensor(v.numpy()) for k, v in theirs.state_dict().items()}
    ours.load_state_dict(state)
    seed = zlib.crc32(spec.encode())
    for mode in ("train", "eval", "no_grad"):  # (no_grad: in eval(), where torch takes its inference fast paths)
        for m in (ours, theirs):
            m.train(mode == "train")
        for n, call in enumerate(calls):
            _check_call(spec, call, mode, (ours, theirs), seed + n, _draws(theirs, mode == "train"))


def test_table_runs_every_layer_class_of_the_module_sweep():
    """Every class test_module_api_sweep builds, bar the containers with no forward, is run here."""
    def classes(specs):
        built = (_run(pullback, lambda spec=spec: _build(pullback, spec))[0] for spec in specs)
        return {type(m).__name__ for m in built if not _raised(m)}
    no_forward = {"Module", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"}
    assert classes(LAYERS) - no_forward - classes(spec for spec, _ in CASES) == set()
