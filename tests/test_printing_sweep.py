"""A seeded sweep of tensor printing against torch: repr, str, print, f-strings and format specs.

Each case is plain data (a NumPy array plus how to wrap and print it), built the same way in both
libraries and compared character for character: a deterministic table of edge cases and a few
thousand random draws over dtypes, shapes, value distributions and print options.
"""
import contextlib
import io
import math
import warnings

import numpy as np
import pytest
import torch

import pullback

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
FLOATS = ("float16", "float32", "float64")


def _restore(m):
    m.set_printoptions(profile="default")
    m.set_default_dtype(m.float32)


def _wrap(m, data, wrap):
    """The tensor of case data built in module m, then wrapped as the case says."""
    t = m.tensor(data.tolist() if wrap == "list" else data)
    if wrap in ("plain", "list"):
        return t
    if wrap == "requires_grad":
        return t.requires_grad_()
    if wrap == "grad_fn":
        return t.requires_grad_() * 2
    if wrap == "param":
        return m.nn.Parameter(t, requires_grad=t.is_floating_point())
    if wrap == "param_nograd":
        return m.nn.Parameter(t, requires_grad=False)
    if wrap == "no_grad":
        x = t.requires_grad_() if t.is_floating_point() else t
        with m.no_grad():
            return x * 1
    if wrap == "inference":
        with m.inference_mode():
            return m.tensor(data) + 0
    if wrap == "transpose":  # non-contiguous view, with a view's grad_fn when it can have one
        x = t.requires_grad_() if t.is_floating_point() else t
        return x.transpose(0, -1) if x.dim() else x.view(1)
    if wrap == "strided":  # every other element of the last dim
        x = t.requires_grad_() if t.is_floating_point() else t
        return x[..., ::2] if x.dim() else x
    if wrap == "expand":
        x = t.requires_grad_() if t.is_floating_point() else t
        return x.unsqueeze(0).expand(2, *x.shape)
    if wrap == "detach":
        return (t.requires_grad_() * 1).detach() if t.is_floating_point() else t.detach()
    raise ValueError(wrap)


def _render(m, case):
    """Every printed form of the case's tensor in module m (an exception's type and text counts)."""
    data, wrap, opts, default, specs = case
    out = []
    try:
        if default:
            m.set_default_dtype(getattr(m, default))
        if opts:
            m.set_printoptions(**opts)
        t = _wrap(m, data, wrap)
        buf = io.StringIO()
        # printing warns of nothing (NumPy's overflow warnings included)
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(buf):
            warnings.simplefilter("always")
            print(t)
            out += [repr(t), str(t), buf.getvalue(), f"{t}"]  # containers print repr: see SPECIAL
            for spec in specs:
                try:
                    out.append(format(t, spec))
                except Exception as e:  # noqa: BLE001 - the error is part of what is compared
                    out.append(f"{type(e).__name__}: {e}".replace("pullback", "torch"))
        out.append(f"warnings: {[str(w.message) for w in caught]}")
    finally:
        _restore(m)
    return out


def _describe(case):
    data, wrap, opts, default, specs = case
    return (f"dtype={data.dtype} shape={data.shape} wrap={wrap} opts={opts} default={default} "
            f"specs={specs}\ndata={np.array2string(data.reshape(-1)[:12], precision=17)}")


def _mismatch(case):
    """None when both libraries print the case alike, else a report of the case and the first difference."""
    want = _render(torch, case)
    try:
        got = _render(pullback, case)
    except Exception as e:  # noqa: BLE001 - reported with the case's inputs
        got = [f"raised {type(e).__name__}: {e}"]
    for g, w in zip(got, want):
        if g != w:
            return f"{_describe(case)}\npullback:\n{g}\ntorch:\n{w}"
    return None


WRAPS = ["plain", "list", "requires_grad", "grad_fn", "param", "param_nograd", "no_grad", "inference",
         "transpose", "strided", "expand", "detach"]
INT_LIMITS = {d: (np.iinfo(d).min, np.iinfo(d).max) for d in DTYPES[1:6]}


def _shape(rng):
    kind = rng.random()
    if kind < 0.08:  # empty, somewhere
        nd = int(rng.integers(1, 5))
        shape = [int(rng.integers(0, 4)) for _ in range(nd)]
        shape[int(rng.integers(nd))] = 0
        return tuple(shape)
    if kind < 0.2:  # around the summarization threshold (1000) and edgeitems
        return [(int(rng.integers(990, 1012)),), (int(rng.integers(30, 34)), int(rng.integers(30, 34))),
                (int(rng.integers(5, 12)), 10, int(rng.integers(9, 12))), (2, 2, 16, 16),
                (int(rng.integers(3, 9)),), (int(rng.integers(1, 9)), int(rng.integers(1, 9)))][int(rng.integers(6))]
    nd = int(rng.choice([0, 1, 1, 2, 2, 3, 4]))
    return tuple(int(rng.integers(1, 7 if nd < 3 else 4)) for _ in range(nd))


def _floats(rng, n):
    kind = rng.integers(9)
    if kind == 0:  # one magnitude
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 13)
    elif kind == 1:  # mixed magnitudes: scientific notation by the ratio rule
        v = rng.standard_normal(n) * 10.0 ** rng.integers(-12, 13, n)
    elif kind == 2:  # integers stored as floats, sometimes huge
        v = np.round(rng.standard_normal(n) * 10.0 ** rng.integers(0, 12)).astype(np.float64)
    elif kind == 3:  # around the 1e-4 / 1e8 / ratio-1000 edges
        v = rng.choice([1e-4, 9.999e-5, 1.0001e-4, 1e8, 1.00000001e8, 99999999.0, 1.0, 1000.0, 1000.5, 0.001,
                        0.5, 2.0, -1.0, 123.456], n)
    elif kind == 4:  # uniform in [-1, 1), rounded to few decimals: exact ties at the print precision
        v = np.round(rng.uniform(-1, 1, n), int(rng.integers(1, 7)))
    elif kind == 5:  # all special
        v = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0], n)
    elif kind == 6:  # near the float range's ends
        v = rng.choice([1e-10, 1e10, 1e30, -1e-30, 3e38, 1e-38, 1e300, 5e-324, 65504.0, 6e-8], n)
    else:
        v = rng.standard_normal(n) * rng.choice([1.0, 100.0, 0.01])
    if rng.random() < 0.3:  # sprinkle special values
        mask = rng.random(n) < 0.2
        v = np.where(mask, rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0], n), v)
    return v


def _data(rng, dtype, shape):
    n = math.prod(shape)
    if dtype == "bool":
        v = rng.random(n) < rng.random()
    elif dtype in FLOATS:
        with np.errstate(over="ignore"):
            v = _floats(rng, n).astype(dtype)
    else:
        lo, hi = INT_LIMITS[dtype]
        kind = rng.integers(4)
        if kind == 0:
            v = rng.integers(lo, hi, n, dtype=dtype, endpoint=True)
        elif kind == 1:
            v = rng.choice([lo, hi, 0, -1 if lo else 1, lo + 1, hi - 1], n).astype(dtype)
        else:
            v = rng.integers(max(lo, -1000), min(hi, 1000), n, dtype=dtype, endpoint=True)
    return v.reshape(shape)


def _options(rng):
    if rng.random() < 0.55:
        return None
    opts = {}
    if rng.random() < 0.2:
        opts["profile"] = str(rng.choice(["default", "short", "full"]))
    if rng.random() < 0.5:
        opts["precision"] = int(rng.integers(0, 11))
    if rng.random() < 0.3:
        opts["threshold"] = [0, 1, 5, 10, 50, 1000, math.inf][int(rng.integers(7))]
    if rng.random() < 0.3:
        opts["edgeitems"] = int(rng.integers(0, 6))
    if rng.random() < 0.4:
        opts["linewidth"] = int(rng.choice([1, 10, 20, 40, 60, 80, 120, 200]))
    if rng.random() < 0.4:
        opts["sci_mode"] = [True, False][int(rng.integers(2))]
    return opts


def random_case(rng):
    dtype = DTYPES[int(rng.integers(len(DTYPES)))]
    shape = _shape(rng)
    data = _data(rng, dtype, shape)
    wrap = WRAPS[int(rng.integers(len(WRAPS)))]
    if wrap in ("requires_grad", "grad_fn") and dtype not in FLOATS:
        wrap = "plain"
    specs = []
    if not shape or rng.random() < 0.1:
        specs = [str(rng.choice(["", ".3f", ".2e", "10.4g", ">12", "d", "+.1%"]))]
    return data, wrap, _options(rng), "float64" if rng.random() < 0.2 else None, specs


# ---- deterministic edge cases --------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")
I64 = np.iinfo(np.int64)


def _a(values, dtype="float32", shape=None):
    a = np.array(values, dtype=dtype)
    return a.reshape(shape) if shape is not None else a


EDGE_DATA = {
    "0d": _a(1.5), "0d_int": _a(7, "int64"), "0d_bool": _a(True, "bool"), "0d_nan": _a(NAN),
    "0d_negzero": _a(-0.0), "0d_big": _a(1e10, "float64"), "0d_tiny": _a(1e-10, "float64"),
    "empty": _a([]), "empty_0x3": np.zeros((0, 3), "float32"), "empty_2x0x3": np.zeros((2, 0, 3), "float32"),
    "empty_int": np.zeros((0,), "int64"), "empty_i32": np.zeros((2, 0), "int32"), "empty_bool": np.zeros((0, 1), bool),
    "tiny": _a([1e-10, 2e-10, -3e-10]), "huge": _a([1e10, -2e10, 3e10]), "mixed": _a([1e-5, 1.0, 123.25]),
    "ratio_1000": _a([1.0, 1000.0]), "ratio_over": _a([1.0, 1000.5]), "at_1e8": _a([1e8, 1.0], "float64"),
    "over_1e8": _a([1.00000001e8, 1.0], "float64"), "at_1e-4": _a([1e-4, 0.01], "float64"),
    "under_1e-4": _a([9.9999e-5, 0.01], "float64"), "int_floats": _a([1.0, -2.0, 300.0]),
    "int_floats_big": _a([1e15, 3.0], "float64"), "negzero": _a([-0.0, 0.0, 1.5]), "zeros": _a([0.0, -0.0]),
    "specials": _a([NAN, INF, -INF, 1.5]), "specials_int": _a([NAN, INF, -INF, 2.0]), "all_nan": _a([NAN, NAN]),
    "all_inf": _a([INF, -INF], "float64"), "nan_zero": _a([NAN, 0.0]), "half": _a([1.0, 2.5, 65504.0, 6e-8], "float16"),
    "half_int": _a([[1.0, 2.0], [3.0, -4.0]], "float16"), "subnormal": _a([5e-324, 1.0], "float64"),
    "f64_max": _a([1.7976931348623157e308, -1e-300], "float64"), "f32_max": _a([3.4028235e38, 1.0]),
    "i64_limits": _a([I64.min, I64.max, 0], "int64"), "i64_near": _a([I64.max - 1, -1], "int64"),
    "i32_limits": _a([-2**31, 2**31 - 1], "int32"), "u8": _a([0, 255, 7], "uint8"), "i8": _a([-128, 127], "int8"),
    "i16": _a([[-32768, 1], [2, 32767]], "int16"), "bools": _a([[True, False], [False, True]], bool),
    "3d": (np.arange(24, dtype="float32").reshape(2, 3, 4) / 7), "4d": np.arange(-8, 8, dtype="int32").reshape(2, 2, 2, 2),
    "4d_float": np.linspace(-1, 1, 48).reshape(2, 3, 2, 4), "n1000": np.arange(1000, dtype="float32"),
    "n1001": np.arange(1001, dtype="float32") / 3, "int_2000": np.arange(2000).reshape(40, 50),
    "wide_3d": np.arange(2 * 3 * 400, dtype="float64").reshape(2, 3, 400) * 1.5, "row_50": np.arange(50.0) * 1.37,
    "row_wrap_int": np.arange(-60, 60, dtype="int64") ** 3, "row_72": np.full(12, 1.2345, "float32"),
    "rounds_up": _a([9.99995, 0.5, 2.5]), "long_sci": _a([1.5e-30, 2.5e30, -3.0]), "single_neg": _a([-1.0]),
}
EDGE_OPTS = [None, dict(precision=0), dict(precision=1), dict(precision=10), dict(precision=15),
             dict(sci_mode=True), dict(sci_mode=False), dict(sci_mode=False, precision=2),
             dict(threshold=5), dict(threshold=5, edgeitems=1), dict(threshold=0), dict(threshold=5, edgeitems=0),
             dict(edgeitems=0), dict(linewidth=1), dict(linewidth=20), dict(linewidth=200),
             dict(profile="short"), dict(profile="full"), dict(profile="short", sci_mode=True),
             dict(threshold=math.inf, linewidth=40)]
EDGE_CASES = [(k, data, "plain", None, None, [".3f", ".2e", "", "10.4g", ">8"]) for k, data in EDGE_DATA.items()]
# each option set and each wrapping meets a rotating share of the data (all of it would take too long);
# tensors big enough to summarize meet only options that summarize them
_SMALL = [(i, k, data) for i, (k, data) in enumerate(EDGE_DATA.items())]
EDGE_CASES += [(f"{k}-opts{j}", data, "plain", opts, None, []) for i, k, data in _SMALL
               for j, opts in enumerate(EDGE_OPTS[1:], 1)
               if (i + j) % 3 == 0 and (data.size < 200 or opts.get("threshold") is not None)]
EDGE_CASES += [(f"{k}-{wrap}", data, wrap, None, None, [".3f", ""]) for i, k, data in _SMALL
               for j, wrap in enumerate(WRAPS[1:]) if (i + j) % 3 == 0 and data.size < 1000
               and (data.dtype.kind == "f" or wrap not in ("requires_grad", "grad_fn"))]
EDGE_CASES += [(f"{k}-default_{d}", data, w, None, d, [".3f"]) for i, k, data in _SMALL if data.size < 200
               for d in ("float64", "float16") for w in ("plain", "list", "grad_fn" if data.dtype.kind == "f" else "param")
               if i % 2 == (d == "float16")]

@pytest.mark.parametrize("case", [c[1:] for c in EDGE_CASES], ids=[c[0] for c in EDGE_CASES])
def test_edge_case_prints_as_torch(case):
    assert (problem := _mismatch(case)) is None, problem


# ---- seeded random cases, in batches -------------------------------------------------------------

RANDOM_BATCHES = 4
RANDOM_PER_BATCH = 500


@pytest.mark.parametrize("batch", range(RANDOM_BATCHES))
def test_random_cases_print_as_torch(batch):
    rng = np.random.default_rng(1234 + batch)
    problems = [p for p in (_mismatch(random_case(rng)) for _ in range(RANDOM_PER_BATCH)) if p]
    assert not problems, f"{len(problems)} of {RANDOM_PER_BATCH} differ; the first:\n" + "\n\n".join(problems[:3])


# ---- what the data table cannot say: subclasses, tangents, graphs, containers ---------------------

def _subclass(m, parent, name="MyTensor"):
    return type(name, (parent,), {})


def _tangent(m, primal, tangent):
    fa = m.autograd.forward_ad
    with fa.dual_level():
        return repr(fa.make_dual(primal, tangent)), repr(fa.make_dual(primal, tangent) * 2)


def _custom_node(m):
    class Square(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * x

        @staticmethod
        def backward(ctx, g):
            return g

    return Square.apply(m.ones(2, requires_grad=True))


def _fmt(t, spec):
    try:
        return format(t, spec)
    except TypeError as e:
        return str(e)


SPECIAL = {
    "subclass": lambda m: m.tensor([1.0, 2.0]).as_subclass(_subclass(m, m.Tensor)),
    "subclass_0d_format": lambda m: (f"{m.tensor(3.0).as_subclass(_subclass(m, m.Tensor))}",
                                     _fmt(m.tensor(3.0).as_subclass(_subclass(m, m.Tensor)), ".2f")),
    "subclass_wraps": lambda m: (m.arange(40.0) / 3).as_subclass(_subclass(m, m.Tensor, "LongNamedTensorType")),
    "parameter_subclass": lambda m: _subclass(m, m.nn.Parameter, "MyParam")(m.ones(2)),
    "parameter_0d_format": lambda m: (f"{m.nn.Parameter(m.tensor(2.0))}", _fmt(m.nn.Parameter(m.tensor(2.0)), ".3f")),
    "tensor_contents": lambda m: (m.tensor([1.5]).__repr__(tensor_contents="[contents]"),
                                  m.zeros(0, 2).__repr__(tensor_contents="[none]")),
    "tangent": lambda m: _tangent(m, m.ones(2), m.full((2,), 0.5)),
    "tangent_0d": lambda m: _tangent(m, m.tensor(1.5), m.tensor(0.25)),
    "custom_node": _custom_node,
    "view_nodes": lambda m: [f(m.ones(2, 3, requires_grad=True)) for f in (
        lambda x: x.t(), lambda x: x[0], lambda x: x[:, 1:], lambda x: x.view(3, 2), lambda x: x.expand(2, 2, 3),
        lambda x: x.permute(1, 0), lambda x: x.unsqueeze(0), lambda x: x.diagonal(), lambda x: x[None],
        lambda x: x.unfold(1, 2, 1), lambda x: x.as_strided((2, 2), (1, 1)), lambda x: x.mT, lambda x: x[0, 0])],
    "containers": lambda m: (str([m.ones(2), m.tensor(1)]), str((m.zeros(2, 2),)), str({"w": m.ones(1, dtype=m.int8)})),
    "no_grad_print": lambda m: _in(m.no_grad(), lambda: repr(m.ones(2, requires_grad=True) * 2)),
    "sum_node": lambda m: (m.ones(2, 3, requires_grad=True) * 3).sum(),
}


def _in(ctx, f):
    with ctx:
        return f()


@pytest.mark.parametrize("name", SPECIAL)
def test_special_prints_as_torch(name):
    assert repr(SPECIAL[name](pullback)) == repr(SPECIAL[name](torch))


def test_tensor_str_printoptions_context_and_dict():
    for m in (pullback, torch):
        with m._tensor_str.printoptions(precision=2, sci_mode=True):
            inside = (repr(m.tensor([1.2345, 10.0])), m._tensor_str.get_printoptions())
        outside = (repr(m.tensor([1.2345, 10.0])), m._tensor_str.get_printoptions())
        if m is pullback:
            ours = inside, outside
    assert ours == (inside, outside)
