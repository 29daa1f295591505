"""The functions and Tensor methods parsed against torch's own signatures (_signatures,
_signature_table), against torch: every one, as a function and as a method, called with a grid of
arguments (ints, floats, strings, None, bools, NumPy integers, 0-d tensors, int lists good and bad, by
position and by keyword). Where torch refuses a call with a TypeError, pullback's message is torch's
whole message (the invalid-combination listing and its "didn't match" lines included); where it refuses
otherwise, the same class and first line; where it takes the call, pullback takes it too and returns
the same values."""
import os
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback import _signatures
from pullback._signature_table import KERNELS, SIGNATURES

VALUES = {"1.0": lambda m: 1.0, "'a'": lambda m: "a", "None": lambda m: None, "True": lambda m: True,
          "(0, 1.0)": lambda m: (0, 1.0), "[0, 'a']": lambda m: [0, "a"], "(0, 1)": lambda m: (0, 1),
          "(1.0, 0)": lambda m: (1.0, 0), "(0, True)": lambda m: (0, True), "[0]": lambda m: [0],
          "np.int64(0)": lambda m: np.int64(0), "tensor(0)": lambda m: m.tensor(0), "tensor(1.)": lambda m: m.tensor(1.0),
          "0": lambda m: 0, "-1": lambda m: -1, "1": lambda m: 1, "ones(2, 3, 4)": lambda m: m.ones(2, 3, 4)}


def _calls():
    """(positional argument names, keyword argument names) of each call of the grid."""
    for v in VALUES:
        yield (v,), {}
        yield ("0", v), {}
        yield ("1", "0", v), {}
        yield (), {"dim": v}
        yield (), {"keepdim": v}
        yield ("0",), {"keepdim": v}


# the functions whose values are random, or memory left as it was (by their names' starts; new by its own)
_UNSET_VALUES = ("rand", "empty", "new_empty", "bernoulli", "normal", "uniform_", "cauchy_", "exponential_",
                 "log_normal_", "geometric_", "random_")


def _unset(name):
    return name.startswith(_UNSET_VALUES) or name == "new"


# calls torch takes where NumPy has no array to give: sizes with a negative one whose product is 0 pass torch's
# overflow check (a tensor of size (0, -1)); pullback refuses them with that check's error (docs/differences.md)
_NEGATIVE_EMPTY_SIZES = {("resize_", ("0", "-1")), ("resize_", ("1", "0", "-1"))}

# the factorizations, pseudo-inverses and condition numbers of the grid's matrices, of rank 2: the singular
# vectors of their zero singular values, R's signs there and the cut of rounding-level singular values are
# not determined (the values of these are compared on full-rank inputs in tests/test_ops_linalg.py)
_ILL_POSED = ("linalg_cond", "linalg_pinv", "pinverse", "linalg_svd", "svd", "qr")

# the functions with poles at the grid's non-positive integers, where torch's float32 values are rounding's
# (polygamma(1) at -10: 5e12 in torch, inf in exact arithmetic): compared elsewhere only
_POLES = ("polygamma", "polygamma_")
_GRID = np.arange(24.0).reshape(2, 3, 4) - 10
_OFF_POLES = (_GRID > 0) | (_GRID != np.round(_GRID))

FORMS = [(name, method) for name, forms in sorted(SIGNATURES.items()) for method in (False, True)
         if forms[method] is not None and name not in KERNELS]  # (those: through the functions calling them)


def _outcome(m, name, method, args, kwargs):
    x = m.tensor(_GRID, dtype=m.float32)
    given = [VALUES[a](m) for a in args]
    named = {k: VALUES[v](m) for k, v in kwargs.items()}
    try:
        fn = (getattr(x, name) if method else getattr(m.special, name[8:]) if name.startswith("special_")
              else getattr(m.linalg, name[7:]) if name.startswith("linalg_")
              else getattr(m, name, None) or getattr(m.nn.functional, name))
        return None, (fn(*given, **named) if method else fn(x, *given, **named))
    except Exception as e:  # noqa: BLE001 (the error is the outcome compared)
        return e, None


def _arrays(result):
    """A result's tensors (and numbers) as float arrays, nested results flattened in order (a dtype as its
    printed name)."""
    if isinstance(result, (tuple, list)):
        return [a for r in result for a in _arrays(r)]
    if hasattr(result, "is_floating_point") and not hasattr(result, "detach"):  # (a dtype)
        return [np.asarray(str(result))]
    if isinstance(result, str):  # (x.type()'s name)
        return [np.asarray(result)]
    return [np.asarray(result.detach().numpy() if hasattr(result, "detach") else result, dtype=float)]


@pytest.mark.parametrize("name,method", FORMS, ids=[f"{'Tensor.' if m else ''}{n}" for n, m in FORMS])
def test_arguments_as_torch_parses_them(name, method):
    for args, kwargs in _calls():
        where = f"{'x.' if method else 'torch.'}{name}({', '.join(args + tuple(f'{k}={v}' for k, v in kwargs.items()))})"
        te, tr = _outcome(torch, name, method, args, kwargs)
        pe, pr = _outcome(pullback, name, method, args, kwargs)
        if te is None and (name, args) in _NEGATIVE_EMPTY_SIZES and not kwargs:
            assert isinstance(pe, RuntimeError) and str(pe) == "numel: integer multiplication overflow", where
            continue
        if te is None:
            assert pe is None, f"{where}: pullback raised {type(pe).__name__}: {pe}"
            want, got = _arrays(tr), _arrays(pr)
            assert len(got) == len(want), where
            for t, p in zip(want, got):
                assert p.shape == t.shape, where
                if t.dtype.kind == "U":
                    assert p == t, where
                elif name in _POLES:
                    np.testing.assert_allclose(p[_OFF_POLES], t[_OFF_POLES], rtol=1e-5, atol=1e-6, err_msg=where)
                elif not _unset(name) and name not in _ILL_POSED:  # (values: random, unset, or not determined)
                    np.testing.assert_allclose(p, t, rtol=1e-5, atol=1e-6, err_msg=where)
            continue
        assert pe is not None, f"{where}: torch raised {type(te).__name__}: {te}; pullback did not"
        assert type(pe).__name__ == type(te).__name__, f"{where}: pullback {pe!r}, torch {te!r}"
        if isinstance(te, TypeError):
            assert str(pe) == str(te), where
        else:
            assert _key_phrase(pe) == _key_phrase(te), where


def _key_phrase(error):
    """An error's first line; of the dispatcher's refusal of a backend, its first sentence (torch's goes on to
    list its build's dispatch keys)."""
    line = str(error).splitlines()[0] if str(error) else ""
    return line.split(" backend. ")[0] if line.startswith("Could not run ") else line


@pytest.mark.parametrize("call", [
    lambda m, x: x.squeeze(0, 2), lambda m, x: x.flip(0, 2), lambda m, x: x.count_nonzero(0, 2),
    lambda m, x: x.sum((np.int64(0), m.tensor(2))), lambda m, x: x.amax(m.tensor(1), keepdim=True),
    lambda m, x: x.transpose(np.int64(0), m.tensor(1)), lambda m, x: m.sum(x, axis=(0, True), keepdims=True),
    lambda m, x: x.topk(np.array(1)), lambda m, x: m.cat([x, x], np.int64(1)), lambda m, x: x.select(0, m.tensor(1)),
])
def test_ints_read_as_torch_reads_them(call):
    """Arguments only the parser takes (NumPy integers, 0-d integer tensors, an int list's bool, dims given
    one by one) reach the function as the ints they stand for."""
    x_t = torch.arange(12.0).reshape(2, 1, 6) - 3
    x_p = pullback.arange(12.0).reshape(2, 1, 6) - 3
    want, got = call(torch, x_t), call(pullback, x_p)
    for t, p in zip(want if isinstance(want, tuple) else (want,), got if isinstance(got, tuple) else (got,)):
        np.testing.assert_array_equal(p.numpy(), t.numpy())


def test_invalid_combination_is_coloured_on_a_terminal(monkeypatch):
    """On a terminal torch marks the arguments that fail an overload in red, those that fit in green."""
    try:
        torch.zeros(2).max(1.0)
    except TypeError as e:
        plain = str(e)
    monkeypatch.setattr(_signatures.os, "isatty", lambda fd: True)
    with pytest.raises(TypeError) as caught:
        pullback.zeros(2).max(1.0)
    coloured = str(caught.value)
    assert "\33[31;1mfloat\33[0m" in coloured
    assert coloured.replace("\33[31;1m", "!").replace("\33[0m", "!") == plain


def test_table_is_torchs():
    """The table holds the signatures the installed torch parses (tools/torch_signatures.py rewrites it)."""
    import subprocess
    import sys
    tool = os.path.join(os.path.dirname(__file__), "..", "tools", "torch_signatures.py")
    done = subprocess.run([sys.executable, tool, "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_refused_call_leaves_the_tensor_as_it_was():
    x = pullback.ones(2, 3)
    with pytest.raises(TypeError):
        x.requires_grad_(1)
    assert not x.requires_grad


@pytest.mark.parametrize("call", [
    lambda m, x, o: x.to(m.float64, False, True), lambda m, x, o: x.to("cpu", m.float64, False, True),
    lambda m, x, o: x.to(o, False, True), lambda m, x, o: x.to(m.float32, False, True),
    lambda m, x, o: x.to(1.0), lambda m, x, o: x.to(1.0, True), lambda m, x, o: x.to(True),
    lambda m, x, o: x.to(np.float32(2)), lambda m, x, o: x.to(0, True), lambda m, x, o: x.to(None, m.int32),
    lambda m, x, o: x.to("cpu", float), lambda m, x, o: x.to(tensor=o), lambda m, x, o: x.to(o, copy=True),
])
def test_to_forms_as_torch_tells_them_apart(call):
    """Tensor.to's three forms (device, dtype or tensor first, then non_blocking and copy by position), a
    number standing for a tensor of it: the dtype, and whether the result is a copy, as torch's."""
    outcomes = {}
    for m in (torch, pullback):
        x, o = m.ones(2), m.ones(1, dtype=m.float64)
        y = call(m, x, o)
        outcomes[m] = (str(y.dtype), y is x)
    assert outcomes[pullback] == outcomes[torch]


@pytest.mark.parametrize("call", [
    lambda m, x: x.type(m.DoubleTensor), lambda m, x: x.type(m.Tensor), lambda m, x: x.type("torch.Tensor"),
    lambda m, x: x.type("torch.LongTensor"), lambda m, x: x.type(m.int32, True), lambda m, x: x.type(),
])
def test_type_reads_classes_by_name_as_torch(call):
    """Tensor.type takes a legacy tensor class (torch.DoubleTensor) or torch.Tensor (the default dtype) by its
    name, as torch does."""
    outcomes = {m: call(m, m.ones(2)) for m in (torch, pullback)}
    got, want = outcomes[pullback], outcomes[torch]
    assert (got if isinstance(got, str) else str(got.dtype)) == (want if isinstance(want, str) else str(want.dtype))


@pytest.mark.parametrize("call", [
    lambda m, x: m.quantile(x, np.bool_(True)), lambda m, x: m.quantile(x, np.complex128(0.5 + 1j)),
    lambda m, x: x.nanquantile(np.complex64(0.25)), lambda m, x: x.bernoulli_(np.bool_(True)),
    lambda m, x: m.histogram(x, 3, range=(np.bool_(False), 1.0)), lambda m, x: m.logspace(0, 1, 3, np.bool_(True)),
    lambda m, x: m.histogram(x, 3, range=(0.0, np.complex128(4.0))),
    lambda m, x: m.logspace(0, 1, 3, np.complex128(2 + 1j)),
])
def test_doubles_read_as_torch_reads_them(call):
    """A float parameter takes what THPUtils_checkDouble takes, NumPy's bools and complex numbers too, and
    reads it by its __float__ (a complex one's real part, with NumPy's ComplexWarning)."""
    outcomes = {}
    for m in (torch, pullback):
        x = m.arange(6.0).reshape(2, 3) / 5
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = call(m, x)
        outcomes[m] = [r.numpy() for r in (result if isinstance(result, tuple) else (result,))], \
            [w.category.__name__ for w in caught]
    (want, want_warnings), (got, got_warnings) = outcomes[torch], outcomes[pullback]
    assert got_warnings == want_warnings
    for t, p in zip(want, got, strict=True):
        np.testing.assert_array_equal(p, t)


@pytest.mark.parametrize("value", ["strided", "contiguous_format", "device('cpu')", "default_generator", "Generator()",
                                   "Size([1])", "float32"])
def test_torch_classes_named_as_torch_names_them(value):
    """A refused argument of one of torch's own classes is named by its C type name (torch.layout,
    torch._C.Generator), in the invalid-combination listing and in a single overload's message."""
    for call in ("m.lerp(x, x, m.{})", "m.abs(m.{})"):
        messages = []
        for m in (torch, pullback):
            with pytest.raises(TypeError) as caught:
                eval(call.format(value), {"m": m, "x": m.ones(2)})
            messages.append(str(caught.value))
        assert messages[1] == messages[0]
