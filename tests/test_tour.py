"""The tutorial tour prints the same lines under pullback (via the runner) and under torch."""
import os
import re
import subprocess
import sys

import pytest

from oracle import assert_same_error

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOUR = os.path.join(ROOT, "examples", "autograd_tour.py")
NUMBER = re.compile(r"-?\d+\.\d+(?:e[+-]?\d+)?|-?\d+")


def _decimals(token):
    mantissa, _, exponent = token.partition("e")
    return len(mantissa.partition(".")[2]), bool(exponent)


def _run(*args):
    out = subprocess.run([sys.executable, *args, TOUR], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return re.sub(r"0x[0-9a-f]+", "ADDR", out.stdout).splitlines()


def test_tour_matches_torch_line_by_line():
    theirs = _run()
    ours = _run("-m", "pullback.run")
    assert len(ours) == len(theirs)
    for mine, ref in zip(ours, theirs):
        # same text once numbers are masked, and the numbers equal within float32 tolerance
        assert NUMBER.sub("#", mine) == NUMBER.sub("#", ref), (mine, ref)
        for a, b in zip(NUMBER.findall(mine), NUMBER.findall(ref)):
            assert _decimals(a) == _decimals(b), (mine, ref)  # printed in the same format (4.5000, not 4.5)
            assert abs(float(a) - float(b)) <= 1e-5 * max(1.0, abs(float(b))), (mine, ref)


def test_tour_reproduces_the_tutorials_numbers():
    text = "\n".join(_run("-m", "pullback.run"))
    assert "tensor([[4.5000, 4.5000]," in text          # d(mean(3(x+2)^2))/dx
    assert "tensor(7.)" in text                          # d(x^2+3x+1)/dx at 2
    assert "tensor(10.) tensor(34.) tensor(42.)" in text  # v.J with v = (3, 2, 1)
    assert "<CopySlices object at ADDR>" in text


def test_runner_serves_torch_submodules(tmp_path):
    script = tmp_path / "s.py"
    script.write_text("import torch, torch.nn as nn, torch.nn.functional as F\n"
                      "from torch.autograd import Variable\n"
                      "import sys\n"
                      "print(torch.__name__, nn.__name__, F.__name__, sys.argv[1:])\n")
    out = subprocess.run([sys.executable, "-m", "pullback.run", str(script), "a", "b"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["pullback", "pullback.nn", "pullback.nn.functional", "['a',", "'b']"]


def test_runner_sets_up_the_script_as_python_does(tmp_path):
    # `python sub/s.py`: the script imports the module beside it, and its __file__ (which
    # warnings and tracebacks show) is absolute, while sys.argv[0] is the path as given
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "helper_beside.py").write_text("VAL = 42\n")
    (sub / "s.py").write_text("import sys, helper_beside\n"
                              "print(helper_beside.VAL, __file__, sys.argv[0])\n")
    outs = [subprocess.run([sys.executable, *pre, os.path.join("sub", "s.py")],
                           capture_output=True, text=True, cwd=tmp_path)
            for pre in ([], ["-m", "pullback.run"])]
    for out in outs:
        assert out.returncode == 0, out.stderr
    assert outs[1].stdout == outs[0].stdout
    assert outs[0].stdout.split() == ["42", str(sub / "s.py"), os.path.join("sub", "s.py")]


def test_cuda_probe_runs_unchanged():
    import pullback
    device = pullback.device("cuda" if pullback.cuda.is_available() else "cpu")
    assert str(device) == "cpu" and pullback.cuda.device_count() == 0
    assert pullback.ones(2).to(device).device == device


@pytest.mark.parametrize("fn", [
    lambda m: m.ones(1).to("cuda"), lambda m: m.ones(1).cuda(), lambda m: m.ones(2, device="cuda"),
    lambda m: m.zeros(2, device="cuda:0"), lambda m: m.nn.Linear(2, 2).cuda(), lambda m: m.nn.Linear(2, 2).to("cuda"),
], ids=["to", "cuda()", "ones device", "zeros device", "module cuda()", "module to"])
def test_cuda_on_a_cpu_machine_fails_as_torch(fn):
    assert_same_error(fn, phrase="Torch not compiled with CUDA enabled")


def test_device_objects_name_any_device_as_torch():
    """torch.device('cuda') is only a name (the Tensors tutorial reads its .index on a CPU machine)."""
    import torch
    import pullback
    for spec in [("cuda",), ("cuda:1",), ("cuda", 0), ("mps",), ("cpu",), ("cpu", 0), ("cpu:0",), ("meta",)]:
        pb, th = pullback.device(*spec), torch.device(*spec)
        assert (repr(pb), str(pb), pb.type, pb.index) == (repr(th), str(th), th.type, th.index)
    assert pullback.device("cuda") != pullback.device("cpu") and pullback.device("cuda") != pullback.device("cuda:0")
    assert pullback.device("cpu") == pullback.device("cpu") and pullback.ones(1).device == pullback.device("cpu")
    assert (pullback.device("cpu") == "cpu") == (torch.device("cpu") == "cpu")
    assert len({pullback.device("cpu"), pullback.device("cpu")}) == 1
    assert str(pullback.zeros(1, device="cpu:0").device) == "cpu"


def test_accelerator_probe_picks_the_cpu():
    """The Learn-the-Basics tutorials' device line."""
    import torch
    import pullback
    for m in (torch, pullback):
        device = m.accelerator.current_accelerator().type if m.accelerator.is_available() else "cpu"
        assert device == "cpu" and m.accelerator.device_count() == 0
        assert m.accelerator.current_accelerator() is None


def test_default_device_is_the_cpu():
    """Learning PyTorch with Examples: torch.set_default_device(device) with the CUDA probe's answer."""
    import torch
    import pullback
    for m in (torch, pullback):
        for d in ("cpu", m.device("cpu"), None):
            m.set_default_device(d)
            assert m.get_default_device() == m.device("cpu") and m.zeros(1).device == m.device("cpu")
        assert repr(m.get_default_device()) == "device(type='cpu')"
    assert_same_error(lambda m: m.set_default_device("foo"), phrase="Expected one of cpu, cuda")


def test_a_default_device_this_machine_lacks_fails_at_the_first_tensor():
    name, phrase = "cuda", "Torch not compiled with CUDA enabled"

    def fn(m):
        m.set_default_device(name)  # accepted, as torch does
        try:
            m.ones(2)
        finally:
            m.set_default_device(None)
    assert_same_error(fn, phrase=phrase)
    assert_same_error(lambda m: (m.set_default_device(name), m.get_default_device()), phrase=phrase)
    for m in (torch_module(), pullback_module()):
        m.set_default_device(None)
        assert m.zeros(1).device == m.device("cpu")


def torch_module():
    import torch
    return torch


def pullback_module():
    import pullback
    return pullback


@pytest.mark.parametrize("fn, phrase", [
    (lambda m: m.device("foo"), "Expected one of cpu, cuda"), (lambda m: m.device("cuda:x"), "Invalid device string"),
    (lambda m: m.device("cuda", -1), "Device index must not be negative"),
    (lambda m: m.device("cuda:0", 1), "type (string) must not include an index"),
    (lambda m: m.device(0), "Cannot access accelerator device when none is available"),
    (lambda m: m.zeros(2).to("mps"), "PyTorch is not linked with support for mps devices"),
    (lambda m: m.nn.Linear(2, 2).to("xla"), "PyTorch is not linked with support for xla devices"),
    (lambda m: m.zeros(2, device=m.device("cuda")), "Torch not compiled with CUDA enabled"),
])
def test_device_errors_as_torch(fn, phrase):
    assert_same_error(fn, phrase=phrase)


RUNTIME_SCRIPT = """
import torch
import torch.backends.cudnn as cudnn
cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
torch.set_num_threads(2)
print(torch.get_num_threads())
print(torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32)
torch.set_float32_matmul_precision("high")
print(torch.get_float32_matmul_precision(), torch.backends.cuda.matmul.allow_tf32)
torch.use_deterministic_algorithms(True)
print(torch.are_deterministic_algorithms_enabled())
model = torch.compile(torch.nn.Linear(2, 2))
print(model(torch.ones(1, 2)).shape)
print(torch.typename(torch.ones(1)), torch.typename(torch.ones(1, dtype=torch.long)), torch.typename(3))
print(torch.inf, torch.nan, torch.pi, torch.e)
print(torch.backends.mps.is_available(), torch.backends.cudnn.is_available(), torch.cuda.is_available())
try:
    torch.set_num_threads(0)
except RuntimeError as e:
    print(e)
"""


def test_runtime_switches_of_training_scripts_run_unchanged(tmp_path):
    """cudnn flags, thread counts, matmul precision, determinism and torch.compile: recorded, harmless."""
    script = tmp_path / "switches.py"
    script.write_text(RUNTIME_SCRIPT)
    outs = []
    for args in ([], ["-m", "pullback.run"]):
        proc = subprocess.run([sys.executable, *args, str(script)], capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        outs.append(proc.stdout)
    assert outs[1] == outs[0]
