"""Every code snippet of the four tutorials pullback grew from (/work/shared/seeds, kept verbatim in
tests/tutorial_snippets/) prints the same text and raises the same error under pullback as under torch.

Each snippet runs as `__main__` in a fresh namespace, once in a process where `import torch` is real
PyTorch and once in a process where it is pullback (pullback.run's alias). The random sources the
snippets use (`torch.randn`/`rand`/`randint`, their `_like` forms, `Tensor.uniform_`/`normal_`, which nn
layers' default init calls, with `manual_seed` reseeding) are replaced in both by the same NumPy draws,
reseeded per snippet as is Python's `random`, so random starting points print equal numbers.
Text must be equal up to object addresses; numbers may differ only in the last float32 digits and
must be printed in the same format (same decimals, same notation).
"""
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNIPPETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tutorial_snippets")
NAMES = sorted(f for f in os.listdir(SNIPPETS) if f.endswith(".py"))

DRIVER = r"""
import contextlib, io, json, random, runpy, sys, traceback
import numpy as np
if sys.argv[1] == "pullback":
    from pullback.run import install
    install()
import torch

# One NumPy stream feeds every random source the snippets use, in both libraries alike.
stream = [np.random.RandomState(0)]
original_manual_seed = torch.manual_seed


def _size(size):
    return tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list, torch.Size)) else size


def _drawn(values, dtype, requires_grad):
    return torch.tensor(values, dtype=dtype or torch.get_default_dtype(), requires_grad=requires_grad)


def randn(*size, dtype=None, requires_grad=False, **kw):
    return _drawn(stream[0].standard_normal(_size(size)), dtype, requires_grad)


def rand(*size, dtype=None, requires_grad=False, **kw):
    return _drawn(stream[0].random_sample(_size(size)), dtype, requires_grad)


def randint(*args, size=None, dtype=None, requires_grad=False, **kw):
    if size is None:
        *bounds, size = args
    else:
        bounds = args
    low, high = (0, bounds[0]) if len(bounds) == 1 else bounds
    return torch.tensor(stream[0].randint(low, high, _size((size,))), dtype=dtype or torch.int64)


def randn_like(t, dtype=None, requires_grad=False, **kw):
    return randn(tuple(t.shape), dtype=dtype or t.dtype, requires_grad=requires_grad)


def rand_like(t, dtype=None, requires_grad=False, **kw):
    return rand(tuple(t.shape), dtype=dtype or t.dtype, requires_grad=requires_grad)


def manual_seed(seed):
    stream[0] = np.random.RandomState(seed)
    return original_manual_seed(seed)


def _fill(self, values):
    # In place under no_grad, as the tensor methods it replaces (nn layers' default init calls them).
    with torch.no_grad():
        self.copy_(torch.tensor(values, dtype=self.dtype).reshape(self.shape))
    return self


def uniform_(self, low=0.0, high=1.0, *, generator=None):
    return _fill(self, stream[0].uniform(low, high, tuple(self.shape)))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    return _fill(self, stream[0].normal(mean, std, tuple(self.shape)))


torch.randn, torch.rand, torch.randint = randn, rand, randint
torch.randn_like, torch.rand_like, torch.manual_seed = randn_like, rand_like, manual_seed
torch.Tensor.uniform_, torch.Tensor.normal_ = uniform_, normal_


def run(path):
    stream[0] = np.random.RandomState(0)
    random.seed(0)
    out, error = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
    except Exception as e:
        error = f"{type(e).__name__}: {e}"
    return {"stdout": out.getvalue(), "error": error}

print(json.dumps({p: run(p) for p in sys.argv[2:]}))
"""

NUMBER = re.compile(r"-?(?:\d+\.\d*|\d+)(?:e[+-]?\d+)?")


def _run_all(library):
    paths = [os.path.join(SNIPPETS, n) for n in NAMES]
    proc = subprocess.run([sys.executable, "-c", DRIVER, library, *paths], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return {os.path.basename(p): r for p, r in json.loads(proc.stdout.splitlines()[-1]).items()}


@pytest.fixture(scope="module")
def results():
    return _run_all("torch"), _run_all("pullback")


def _shape(token):
    """How a number is written: digits before the point ignored, decimals and notation kept (a
    Python float's shortest repr, over 8 decimals, may differ in length with its last bit)."""
    mantissa, _, exponent = token.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return ("." in mantissa, decimals if decimals <= 8 else "many", bool(exponent))


def _float32_repr(token):
    """Whether `token` is how Python prints a float32 value (a `.item()`): its shortest repr, of a
    value float32 holds exactly. Such a repr's length follows the value's last bits (a loss near
    82127 reads 82127.5625 or, a bit away, 82127.5703125), so two of them are one format."""
    value = float(token)
    return repr(value) == token and float(np.float32(value)) == value


def _same_format(x, y):
    return _shape(x) == _shape(y) or (float(x) != float(y) and _float32_repr(x) and _float32_repr(y))


def _assert_same_text(mine, ref, what):
    mine = re.sub(r"0x[0-9a-f]+", "ADDR", mine or "")
    ref = re.sub(r"0x[0-9a-f]+", "ADDR", ref or "")
    mine_lines, ref_lines = mine.splitlines(), ref.splitlines()
    assert len(mine_lines) == len(ref_lines), f"{what}:\n{mine}\n--- torch:\n{ref}"
    for a, b in zip(mine_lines, ref_lines):
        assert NUMBER.sub("#", a) == NUMBER.sub("#", b), f"{what}: {a!r} != torch's {b!r}"
        for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
            assert _same_format(x, y), f"{what}: {a!r} != torch's {b!r}"
            tolerance = max(1e-5 * max(1.0, abs(float(y))), _last_place(y))
            assert abs(float(x) - float(y)) <= tolerance, f"{what}: {a!r} != torch's {b!r}"


def _last_place(number):
    """One unit in the last printed decimal of `number`: values a float32 ulp apart round to prints that
    far apart when they straddle a rounding boundary (1.29425 printed with 4 decimals); 0 for a number
    printed without decimals (an integer, `7.`), which must match exactly."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals) * 1.000001 if decimals else 0.0


@pytest.mark.parametrize("name", NAMES)
def test_snippet_prints_and_raises_as_torch(results, name):
    theirs, ours = results[0][name], results[1][name]
    _assert_same_text(ours["stdout"], theirs["stdout"], f"{name} stdout")
    _assert_same_text(ours["error"], theirs["error"], f"{name} error")


def test_snippets_show_the_tutorials_numbers(results):
    ours = results[1]
    assert "tensor([[4.5000, 4.5000]," in ours["seed0_2_backward_accumulates.py"]["stdout"]
    assert "tensor([[6.5000, 6.5000]," in ours["seed0_2_backward_accumulates.py"]["stdout"]
    assert ours["seed0_2_backward_accumulates.py"]["error"].startswith(
        "RuntimeError: Trying to backward through the graph a second time")
    assert ours["seed0_4_no_grad.py"]["error"] == (
        "RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn")
    assert ours["seed1_1_steps.py"]["stdout"].startswith("tensor(7.)\ntensor(7.)\ntensor(5.)\n")
    assert ours["seed2_2_vector_function.py"]["stdout"] == "tensor(5.)\ntensor(18.)\n"
    assert "Epoch 90, Loss: " in ours["seed1_2_linear_regression.py"]["stdout"]


def test_every_seed_has_snippets():
    assert {n[:5] for n in NAMES if n.startswith("seed")} == {"seed0", "seed1", "seed2", "seed3"}


def test_next_functions_list_only_tensor_inputs():
    import torch
    import pullback

    def edges(m):
        a = m.ones(2, 2, requires_grad=True)
        return [len(t.grad_fn.next_functions) for t in
                (a.sum(), a.sum(0), a.mean(), (a * a).sum(), a ** 2, 2 ** a, a.view(4), 1 - a, a[0], a.t())]
    assert edges(pullback) == edges(torch)


def test_number_formats_tell_fixed_formats_from_float32_reprs():
    # Two reprs of float32 values a last bit apart are one format; a tensor's 4 decimals against a
    # repr, or the same value printed two ways, are not.
    assert _same_format("82127.5625", "82127.5703125")
    assert _same_format("2156.19921875", "2156.198974609375")
    assert not _same_format("82127.5703", "82127.5703125")
    assert not _same_format("0.5000", "0.5")
    assert not _same_format("2.5", "2.50")
    assert not _same_format("7", "7.")
