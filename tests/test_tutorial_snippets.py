"""Every code snippet of the four tutorials pullback grew from (/work/shared/seeds, kept verbatim in
tests/tutorial_snippets/) prints the same text and raises the same error under pullback as under torch.

Each snippet runs as `__main__` in a fresh namespace, once in a process where `import torch` is real
PyTorch and once in a process where it is pullback (pullback.run's alias). `torch.randn` is replaced in
both by the same NumPy draws (reseeded per snippet), so random starting points print equal numbers.
Text must be equal up to object addresses; numbers may differ only in the last float32 digits and
must be printed in the same format (same decimals, same notation).
"""
import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNIPPETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tutorial_snippets")
NAMES = sorted(f for f in os.listdir(SNIPPETS) if f.endswith(".py"))

DRIVER = r"""
import contextlib, io, json, runpy, sys, traceback
import numpy as np
if sys.argv[1] == "pullback":
    from pullback.run import install
    install()
import torch

def run(path):
    rs = np.random.RandomState(0)

    def randn(*size, dtype=None, requires_grad=False, **kw):
        if len(size) == 1 and isinstance(size[0], (tuple, list)):
            size = tuple(size[0])
        return torch.tensor(rs.standard_normal(size), dtype=dtype or torch.get_default_dtype(),
                            requires_grad=requires_grad)

    torch.randn = randn
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


def _assert_same_text(mine, ref, what):
    mine = re.sub(r"0x[0-9a-f]+", "ADDR", mine or "")
    ref = re.sub(r"0x[0-9a-f]+", "ADDR", ref or "")
    mine_lines, ref_lines = mine.splitlines(), ref.splitlines()
    assert len(mine_lines) == len(ref_lines), f"{what}:\n{mine}\n--- torch:\n{ref}"
    for a, b in zip(mine_lines, ref_lines):
        assert NUMBER.sub("#", a) == NUMBER.sub("#", b), f"{what}: {a!r} != torch's {b!r}"
        for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
            assert _shape(x) == _shape(y), f"{what}: {a!r} != torch's {b!r}"
            assert abs(float(x) - float(y)) <= 1e-5 * max(1.0, abs(float(y))), f"{what}: {a!r} != torch's {b!r}"


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
    assert {n[:5] for n in NAMES} == {"seed0", "seed1", "seed2", "seed3"}


def test_next_functions_list_only_tensor_inputs():
    import torch
    import pullback

    def edges(m):
        a = m.ones(2, 2, requires_grad=True)
        return [len(t.grad_fn.next_functions) for t in
                (a.sum(), a.sum(0), a.mean(), (a * a).sum(), a ** 2, 2 ** a, a.view(4), 1 - a, a[0], a.t())]
    assert edges(pullback) == edges(torch)
