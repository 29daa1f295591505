"""The code users paste from PyTorch's advanced autograd tutorials and notes (double backward with
custom Functions, forward-mode AD, torch.func's transforms, per-sample gradients, ensembling, NTKs,
Extending PyTorch, saved-tensor hooks, Autograd mechanics; one script per section in
tests/tutorial_snippets_advanced/) prints the same text and raises the same error under pullback as
under torch.

The scripts run as test_tutorial_snippets' do (its driver: fresh `__main__` namespaces, `torch.randn`
replaced in both libraries by the same NumPy draws) and are compared by its rules (text equal up to
object addresses, numbers to float32's last digits, printed in the same format).
"""
import json
import os
import subprocess
import sys

import pytest

from test_tutorial_snippets import DRIVER, ROOT, _assert_same_text

SNIPPETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tutorial_snippets_advanced")
NAMES = sorted(f for f in os.listdir(SNIPPETS) if f.endswith(".py"))


def _run_all(library):
    paths = [os.path.join(SNIPPETS, n) for n in NAMES]
    proc = subprocess.run([sys.executable, "-c", DRIVER, library, *paths], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return {os.path.basename(p): r for p, r in json.loads(proc.stdout.splitlines()[-1]).items()}


@pytest.fixture(scope="module")
def results():
    return _run_all("torch"), _run_all("pullback")


@pytest.mark.parametrize("name", NAMES)
def test_snippet_prints_and_raises_as_torch(results, name):
    theirs, ours = results[0][name], results[1][name]
    _assert_same_text(ours["stdout"], theirs["stdout"], f"{name} stdout")
    _assert_same_text(ours["error"], theirs["error"], f"{name} error")


def test_every_snippet_prints_something(results):
    # a script that fails early in both libraries would compare equal while checking nothing
    for name in NAMES:
        assert results[0][name]["stdout"], name
