"""torch.signal.windows against torch: values of every window for empty, one-point, even, odd and long
lengths, symmetric and periodic, in float32 and float64 and the default dtype; requires_grad (which
node, or a leaf, holds the window); and the checks with their errors."""
import subprocess
import sys
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_error, assert_same_outcome, whole_graph

# (window, parameters): every window with its defaults, and each parameter away from its default
CASES = [
    ("bartlett", {}), ("blackman", {}), ("cosine", {}), ("hamming", {}), ("hann", {}), ("nuttall", {}),
    ("exponential", {}), ("exponential", {"tau": 0.3}), ("exponential", {"tau": 3.7}),
    ("gaussian", {}), ("gaussian", {"std": 0.4}), ("gaussian", {"std": 7.3}),
    ("kaiser", {}), ("kaiser", {"beta": 0.0}), ("kaiser", {"beta": 2.5}), ("kaiser", {"beta": 30.0}),
    ("general_hamming", {}), ("general_hamming", {"alpha": 0.3}),
    ("general_cosine", {"a": [0.46, 0.23, 0.31]}), ("general_cosine", {"a": (1, 2)}),
    ("general_cosine", {"a": [1.0]}),
]
SIZES = [0, 1, 2, 3, 4, 7, 10, 64, 257]
NAMES = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming", "hamming",
         "hann", "kaiser", "nuttall"]


def _id(case):
    name, params = case
    return name + "".join(f"-{k}={v}" for k, v in params.items())


def _ulps(name, params):
    """How far, in eps * (1 + |value|), pullback's window may be from torch's.

    The windows are torch's own compositions of ops, so the only differences are the ops' last bits:
    NumPy's exp, sin, cos and sqrt against torch's vectorized ones (an ulp), and pullback's i0
    against torch's (a few ulps), which kaiser's sqrt near beta amplifies by about beta."""
    if name == "bartlett":  # linspace, abs and 1 - x: exact in both
        return 0
    if name == "kaiser":
        return 6 + params.get("beta", 12.0) / 4
    return 2


def assert_same_window(p, t, ulps):
    assert isinstance(p, pullback.Tensor)
    assert str(p.dtype) == str(t.dtype), f"dtype {p.dtype} != torch's {t.dtype}"
    assert tuple(p.shape) == tuple(t.shape), f"shape {tuple(p.shape)} != torch's {tuple(t.shape)}"
    assert p.requires_grad == t.requires_grad and p.is_leaf == t.is_leaf
    a, e = as_numpy(p), as_numpy(t)
    if ulps == 0:
        np.testing.assert_array_equal(a, e)
    else:
        eps = np.finfo(e.dtype).eps
        np.testing.assert_allclose(a, e, rtol=ulps * eps, atol=ulps * eps)


def both(name, *args, **kwargs):
    """The window from pullback and from torch, with the dtype named as a string in kwargs."""
    out = []
    for m in (pullback, torch):
        kw = dict(kwargs)
        if isinstance(kw.get("dtype"), str):
            kw["dtype"] = getattr(m, kw["dtype"])
        out.append(getattr(m.signal.windows, name)(*args, **kw))
    return out


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("sym", [True, False])
@pytest.mark.parametrize("M", SIZES)
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_window_matches_torch(case, M, sym, dtype):
    name, params = case
    p, t = both(name, M, sym=sym, dtype=dtype, **params)
    assert_same_window(p, t, _ulps(name, params))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_default_dtype(case):
    """Without dtype=, the window is of the default dtype (float32, or what set_default_dtype made it)."""
    name, params = case
    p, t = both(name, 9, **params)
    assert_same_window(p, t, _ulps(name, params))
    old = (pullback.get_default_dtype(), torch.get_default_dtype())
    pullback.set_default_dtype(pullback.float64)
    torch.set_default_dtype(torch.float64)
    try:
        p, t = both(name, 9, sym=False, **params)
    finally:
        pullback.set_default_dtype(old[0])
        torch.set_default_dtype(old[1])
    assert str(t.dtype) == "torch.float64"
    assert_same_window(p, t, _ulps(name, params))


@pytest.mark.parametrize("M", [0, 1, 2, 5, 10])
@pytest.mark.parametrize("center", [0.0, 1.3, 4.0, -2.5])
def test_exponential_center(M, center):
    """A periodic exponential window centred where asked."""
    p, t = both("exponential", M, center=center, sym=False, tau=1.5, dtype="float64")
    assert_same_window(p, t, 2)


def test_keyword_names_and_positional_M():
    p, t = both("hann", M=6, sym=False)
    assert_same_window(p, t, 2)
    p, t = both("general_cosine", M=6, a=[0.5, 0.5])
    assert_same_window(p, t, 2)


@pytest.mark.parametrize("M", [0, 1, 2, 5])
@pytest.mark.parametrize("case", CASES, ids=_id)
def test_requires_grad(case, M):
    """requires_grad=True: an empty or one-point window is a leaf (where torch returns one directly),
    else the window is computed from a linspace leaf and has torch's graph; its gradient flows."""
    name, params = case
    p, t = both(name, M, requires_grad=True, dtype="float64", **params)
    assert_same_window(p, t, _ulps(name, params))
    assert p.requires_grad
    assert whole_graph(p.grad_fn) == whole_graph(t.grad_fn)
    if not p.is_leaf:
        p.sum().backward()  # through the graph to the (unreachable) linspace leaf
        t.sum().backward()


@pytest.mark.parametrize("name", NAMES)
def test_no_grad_by_default(name):
    params = {"a": [0.5, 0.5]} if name == "general_cosine" else {}
    p, t = both(name, 5, **params)
    assert not p.requires_grad and p.is_leaf and p.grad_fn is None
    assert_same_window(p, t, _ulps(name, params))


def _errors():
    cases = []
    for name in NAMES:
        a = {"a": [0.5, 0.5]} if name == "general_cosine" else {}
        # hann, hamming, general_hamming and nuttall are general_cosine underneath, and say so
        said = "general_cosine" if name in ("hamming", "hann", "general_hamming", "nuttall") else name
        cases += [
            (f"{name}-negative", name, (-1,), a, ValueError, f"{said} requires non-negative window length, got M=-1"),
            (f"{name}-float16", name, (5,), dict(a, dtype="float16"), ValueError,
             f"{said} expects float32 or float64 dtypes, got: torch.float16"),
            (f"{name}-int64", name, (5,), dict(a, dtype="int64"), ValueError,
             f"{said} expects float32 or float64 dtypes, got: torch.int64"),
            (f"{name}-layout-none", name, (5,), dict(a, layout=None), ValueError,
             f"{said} is implemented for strided tensors only, got: None"),
            # the length is checked first, then the layout, then the dtype
            (f"{name}-negative-before-dtype", name, (-2,), dict(a, dtype="int64", layout=None), ValueError,
             "requires non-negative window length, got M=-2"),
            (f"{name}-layout-before-dtype", name, (5,), dict(a, dtype="int64", layout=None), ValueError,
             "is implemented for strided tensors only"),
            (f"{name}-sym-positional", name, (5, True), a, TypeError, "takes 1 positional argument but 2"),
        ]
    # blackman checks under its own name before general_cosine does
    cases += [
        ("blackman-float16-empty", "blackman", (0,), {"dtype": "float16"}, ValueError,
         "blackman expects float32 or float64 dtypes"),
        ("gaussian-std-zero", "gaussian", (5,), {"std": 0}, ValueError,
         "Standard deviation must be positive, got: 0 instead."),
        ("gaussian-std-negative", "gaussian", (0,), {"std": -1.5}, ValueError,
         "Standard deviation must be positive, got: -1.5 instead."),
        ("exponential-tau-zero", "exponential", (5,), {"tau": 0}, ValueError, "Tau must be positive, got: 0 instead."),
        ("exponential-tau-negative", "exponential", (5,), {"tau": -2.0, "center": 1.0}, ValueError,
         "Tau must be positive, got: -2.0 instead."),
        ("exponential-center-sym", "exponential", (5,), {"center": 1.0}, ValueError,
         "Center must be None for symmetric windows"),
        ("exponential-center-sym-empty", "exponential", (0,), {"center": 0.0, "sym": True}, ValueError,
         "Center must be None for symmetric windows"),
        ("kaiser-beta-negative", "kaiser", (5,), {"beta": -1}, ValueError,
         "beta must be non-negative, got: -1 instead."),
        ("general_cosine-empty-a", "general_cosine", (5,), {"a": []}, ValueError, "Coefficients cannot be empty"),
        ("general_cosine-number-a", "general_cosine", (5,), {"a": 5}, TypeError, "Coefficients must be a list/tuple"),
        ("general_cosine-no-a", "general_cosine", (5,), {}, TypeError,
         "general_cosine() missing 1 required keyword-only argument: 'a'"),
        ("hann-unknown-keyword", "hann", (5,), {"alpha": 0.3}, TypeError, "got an unexpected keyword argument 'alpha'"),
        # a length or requires_grad that linspace's parser refuses: torch's TypeError from linspace
        ("hann-float-length", "hann", (4.0,), {}, TypeError, "linspace() received an invalid combination of arguments"),
        ("gaussian-float-length", "gaussian", (2.5,), {}, TypeError, "linspace() received an invalid combination"),
        ("exponential-bool-length", "exponential", (True,), {}, TypeError,
         "linspace() received an invalid combination"),
        ("cosine-int-requires-grad", "cosine", (3,), {"requires_grad": 1}, TypeError,
         "linspace() received an invalid combination"),
    ]
    return cases


ERRORS = _errors()


@pytest.mark.parametrize("name,args,kwargs,exc,phrase", [c[1:] for c in ERRORS], ids=[c[0] for c in ERRORS])
def test_errors_match_torch(name, args, kwargs, exc, phrase):
    def call(m):
        kw = dict(kwargs)
        if "dtype" in kw:
            kw["dtype"] = getattr(m, kw["dtype"])
        return getattr(m.signal.windows, name)(*args, **kw)
    assert_same_error(call, phrase=phrase)
    with pytest.raises(exc):
        call(pullback)


@pytest.mark.parametrize("M,requires_grad", [(5, 1), (5, None), (4.5, False), (6, True), (0, 1), (1, None)])
@pytest.mark.parametrize("name", NAMES)
def test_linspace_reads_what_the_windows_pass_on(name, M, requires_grad):
    """What a window passes on to linspace unchecked, linspace's parser reads as torch's: refused in its
    whole message (listing the keywords torch's windows pass, layout= too), or taken (requires_grad=None)."""
    a = {"a": [0.5, 0.5]} if name == "general_cosine" else {}
    assert_same_outcome(lambda m: getattr(m.signal.windows, name)(M, requires_grad=requires_grad, **a))


@pytest.mark.parametrize("M", [0, 1])
def test_checks_pass_where_no_window_is_computed(M):
    """An empty or one-point general_cosine never looks at its coefficients (as torch's)."""
    p, t = both("general_cosine", M, a=5)
    assert_same_window(p, t, 0)


@pytest.mark.parametrize("M", [0.0, True, False, np.int64(6)])
@pytest.mark.parametrize("name", ["hann", "bartlett", "kaiser"])
def test_lengths_torch_takes(name, M):
    """Lengths that torch's checks let through without reaching linspace (0.0, a bool where the
    window is empty or one point) or that linspace takes (a NumPy integer)."""
    p, t = both(name, M)
    assert_same_window(p, t, _ulps(name, {}))


def test_namespace_as_torch():
    """torch.signal.windows offers the same names, and is reachable without importing it."""
    assert pullback.signal.windows.__all__ == torch.signal.windows.__all__
    assert pullback.signal.__all__ == torch.signal.__all__
    for name in torch.signal.windows.__all__:
        assert callable(getattr(pullback.signal.windows, name)) and getattr(pullback.signal.windows, name).__doc__
        assert getattr(pullback.signal.windows.windows, name) is getattr(pullback.signal.windows, name)
    code = "import pullback as torch; print(torch.signal.windows.hann(4).tolist())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(torch.signal.windows.hann(4).tolist())


@pytest.mark.parametrize("name", NAMES)
def test_signature_as_torch(name):
    """The same parameters, keyword-only where torch's are, with torch's defaults."""
    import inspect
    ps = inspect.signature(getattr(pullback.signal.windows, name)).parameters
    ts = inspect.signature(getattr(torch.signal.windows, name)).parameters
    assert list(ps) == list(ts)
    for key in ts:
        assert ps[key].kind == ts[key].kind, key
        default = ts[key].default
        if default is inspect.Parameter.empty or default is None or isinstance(default, (bool, float)):
            assert ps[key].default == default, key
        else:  # a torch object (layout=torch.strided): pullback's counterpart
            assert str(ps[key].default) == str(default), key


PRINTED = [
    lambda m: m.signal.windows.hann(10, requires_grad=True),
    lambda m: m.signal.windows.blackman(5),
    lambda m: m.signal.windows.kaiser(5, sym=False, beta=0.9, dtype=m.float64),
    lambda m: m.signal.windows.exponential(10, sym=False, tau=0.5),
    lambda m: m.signal.windows.gaussian(0, requires_grad=True),
]


@pytest.mark.parametrize("fn", PRINTED)
def test_printed_as_torch(fn):
    assert str(fn(pullback)) == str(fn(torch))


def test_tensor_parameters():
    """0-d tensors for beta, std and center compute as torch's numbers do; kaiser copies its beta
    tensor with torch.tensor, and warns as torch does."""
    for name, kw in [("kaiser", {"beta": 2.0}), ("gaussian", {"std": 2.0}),
                     ("exponential", {"center": 1.0, "sym": False})]:
        got = {}
        for m in (pullback, torch):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                window = getattr(m.signal.windows, name)(7, **{k: m.tensor(v) if isinstance(v, float) else v
                                                               for k, v in kw.items()})
            got[m] = window, sorted(str(w.message).split(",")[0] for w in caught)
        assert_same_window(got[pullback][0], got[torch][0], _ulps(name, {}))
        assert got[pullback][1] == got[torch][1]


def test_tensor_coefficients_refused():
    assert_same_error(lambda m: m.signal.windows.general_cosine(3, a=m.tensor([1.0, 2.0])),
                      phrase="Boolean value of Tensor with more than one value is ambiguous")


@pytest.mark.skipif(torch.cuda.is_available(), reason="torch here has CUDA")
def test_device_this_machine_lacks():
    assert_same_error(lambda m: m.signal.windows.hann(3, device="cuda"), phrase="Torch not compiled with CUDA enabled")
    p, t = both("hann", 3, device="cpu")
    assert_same_window(p, t, 2)
