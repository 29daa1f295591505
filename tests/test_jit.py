"""pullback.jit against torch.jit: scripted and traced functions and modules run eagerly with torch's values,
gradients, warnings and errors; is_scripting / is_tracing answer as inside torch's compiled code."""
import copy
import io
import pickle
import warnings
from typing import Dict, List, Optional, Tuple

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_close

RNG = np.random.default_rng(7)
X = RNG.standard_normal((4, 3)).astype(np.float32)
Y = RNG.standard_normal((4, 3)).astype(np.float32)


# ---------------------------------------------------------------- code as users write it (module level: torch
# reads the source of what it scripts)
def affine(x, y, k: int = 2):
    return (x * k + y).tanh()


def which_path(x):
    if torch.jit.is_scripting():
        return x * 2
    return x * 3


def which_path_pb(x):
    if pullback.jit.is_scripting():
        return x * 2
    return x * 3


def poly(x, y):
    return (2 * x + y) ** 2


def make_net(m):
    class Net(m.nn.Module):
        __constants__ = ["scale"]

        def __init__(self):
            super().__init__()
            self.lin = m.nn.Linear(3, 2)
            self.register_buffer("shift", m.ones(2))
            self.scale = 3

        def forward(self, x):
            return self.helper(self.lin(x)) + self.shift

        def helper(self, h):
            return h.relu() * self.scale

        @m.jit.export
        def doubled(self, x):
            return self.forward(x) * 2
    return Net


def both(fn, *arrays):
    """fn(module) on pullback and torch, with the same input arrays as tensors requiring grad."""
    pb = [pullback.tensor(a).requires_grad_() for a in arrays]
    th = [torch.tensor(a).requires_grad_() for a in arrays]
    return (fn(pullback, *pb), pb), (fn(torch, *th), th)


def same_values_and_grads(pb_out, pb_in, th_out, th_in):
    assert_close(pb_out, th_out, 1e-6, 1e-5, "value")
    cot = RNG.standard_normal(tuple(th_out.shape)).astype(np.float32)
    pb_g = pullback.autograd.grad(pb_out, pb_in, pullback.tensor(cot))
    th_g = torch.autograd.grad(th_out, th_in, torch.tensor(cot))
    for p, t in zip(pb_g, th_g):
        assert_close(p, t, 1e-5, 1e-5, "grad")


def caught(fn):
    """fn() -> (result or exception, [(category, message)] of the warnings it emitted)."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            out = fn()
        except Exception as e:  # noqa: BLE001 - compared with torch's
            out = e
    return out, [(x.category.__name__, str(x.message)) for x in w]


def same_error(pb_fn, th_fn):
    pb, _ = caught(pb_fn)
    th, _ = caught(th_fn)
    assert isinstance(th, Exception), f"torch raised nothing: {th!r}"
    assert isinstance(pb, Exception), f"pullback raised nothing: {pb!r}"
    assert type(pb).__name__ == type(th).__name__, f"{type(pb)} vs torch's {type(th)}: {th}"
    key = str(th).split("\n")[0]
    assert key in str(pb).replace("pullback", "torch"), f"{pb!r} lacks torch's {key!r}"


def warning_kinds(fn_pb, fn_th):
    return caught(fn_pb)[1], caught(fn_th)[1]


# ---------------------------------------------------------------- script
def test_script_function_values_grads_and_warning():
    (pb, pb_in), (th, th_in) = both(lambda m, x, y: m.jit.script(affine)(x, y, 3), X, Y)
    same_values_and_grads(pb, pb_in, th, th_in)
    pw, tw = warning_kinds(lambda: pullback.jit.script(affine), lambda: torch.jit.script(affine))
    assert pw == tw and tw[0][0] == "DeprecationWarning"


def test_script_function_attributes():
    pf, tf = pullback.jit.script(affine), torch.jit.script(affine)
    assert isinstance(pf, pullback.jit.ScriptFunction)
    assert pf.name == tf.name
    assert pf.qualified_name == tf.qualified_name
    assert pullback.jit.script(pf) is pf
    with pytest.raises(RuntimeError, match="no TorchScript IR"):
        pf.graph
    with pytest.raises(RuntimeError, match="no TorchScript IR"):
        pf.code


def test_is_scripting_inside_scripted_code_is_torchs():
    x = np.ones(2, np.float32)
    th = torch.jit.script(which_path)(torch.tensor(x))
    pb = pullback.jit.script(which_path_pb)(pullback.tensor(x))
    assert_close(pb, th, 0, 0, "scripted branch")
    assert_close(which_path_pb(pullback.tensor(x)), which_path(torch.tensor(x)), 0, 0, "eager branch")
    assert pullback.jit.is_scripting() is torch.jit.is_scripting() is False


class _Flags(torch.nn.Module):
    def forward(self, x):
        return x + self.python_side(x) + float(torch.jit.is_scripting())

    @torch.jit.ignore
    def python_side(self, x):
        return x * 0 + float(torch.jit.is_scripting())


def make_flags(m):
    class Flags(m.nn.Module):
        def forward(self, x):
            return x + self.python_side(x) + float(m.jit.is_scripting())

        @m.jit.ignore
        def python_side(self, x):
            return x * 0 + float(m.jit.is_scripting())
    return Flags


def test_ignored_method_runs_as_python():
    x = np.zeros(2, np.float32)
    th = torch.jit.script(_Flags())(torch.tensor(x))
    pb = pullback.jit.script(make_flags(pullback)())(pullback.tensor(x))
    assert_close(pb, th, 0, 0, "is_scripting in forward and in the @ignore'd method")


class _Unused(torch.nn.Module):
    @torch.jit.unused
    def slow(self, x):
        return x + 10

    def forward(self, x):
        return self.slow(x)


def test_unused_method_raises_in_scripted_module():
    class PbUnused(pullback.nn.Module):
        @pullback.jit.unused
        def slow(self, x):
            return x + 10

        def forward(self, x):
            return self.slow(x)
    x = np.ones(2, np.float32)
    same_error(lambda: pullback.jit.script(PbUnused())(pullback.tensor(x)),
               lambda: torch.jit.script(_Unused())(torch.tensor(x)))
    assert_close(PbUnused()(pullback.tensor(x)), _Unused()(torch.tensor(x)), 0, 0, "eager call")


def test_script_module_shares_parameters_not_state():
    for m in (pullback, torch):
        torch.manual_seed(0)
        net = make_net(m)()
        sm = m.jit.script(net)
        assert isinstance(sm, m.jit.ScriptModule) and isinstance(sm, m.jit.RecursiveScriptModule)
        assert sm.lin.weight is net.lin.weight and sm.shift is net.shift
        assert list(sm.state_dict()) == list(net.state_dict())
        assert [n for n, _ in sm.named_parameters()] == [n for n, _ in net.named_parameters()]
        sm.eval()
        assert (net.training, sm.training, sm.lin.training) == (True, False, False)
        with pytest.raises(RuntimeError, match="Can't set constant 'scale' which has value:3"):
            sm.scale = 5
        sm.note = "scripted"
        assert not hasattr(net, "note")
        assert sm.original_name == "Net" and sm.lin.original_name == "Linear"
    assert repr(pullback.jit.script(make_net(pullback)())) == repr(torch.jit.script(make_net(torch)()))


def test_script_module_values_grads_exported_method():
    net_pb, net_th = make_net(pullback)(), make_net(torch)()
    net_pb.load_state_dict({k: pullback.tensor(v.detach().numpy()) for k, v in net_th.state_dict().items()})
    (pb, pb_in), (th, th_in) = both(lambda m, x: m.jit.script(net_pb if m is pullback else net_th)(x), X)
    same_values_and_grads(pb, pb_in, th, th_in)
    (pb, pb_in), (th, th_in) = both(lambda m, x: m.jit.script(net_pb if m is pullback else net_th).doubled(x), X)
    same_values_and_grads(pb, pb_in, th, th_in)
    # gradients reach the shared parameters
    pullback.jit.script(net_pb)(pullback.tensor(X)).sum().backward()
    torch.jit.script(net_th)(torch.tensor(X)).sum().backward()
    assert_close(net_pb.lin.weight.grad, net_th.lin.weight.grad, 1e-5, 1e-5, "parameter grad")


def test_script_module_hooks_copy_and_pickle():
    for m in (pullback, torch):
        seen = []
        lin = m.nn.Linear(2, 2)
        if m is pullback:  # torch compiles the hooks it finds, so they must be TorchScript (no closures)
            lin.register_forward_hook(lambda mod, i, o: seen.append(m.jit.is_scripting()))
        sm = m.jit.script(lin).eval()
        sm(m.ones(2))
        dup = copy.deepcopy(sm)
        assert type(dup) is type(sm) and not dup.training and dup.weight is not sm.weight
        assert_close(dup(m.ones(2)), sm(m.ones(2)), 0, 0, "deepcopy")
        if m is pullback:
            assert seen == [True, True, True]
    pb, _ = caught(lambda: pickle.dumps(pullback.jit.script(pullback.nn.Linear(2, 2))))
    th, _ = caught(lambda: pickle.dumps(torch.jit.script(torch.nn.Linear(2, 2))))
    assert type(pb) is type(th) is RuntimeError  # torch's names a mangled class; the phrase is the same
    assert str(th).startswith("Tried to serialize object") and str(pb).startswith("Tried to serialize object")


def test_script_module_refuses_hooks_like_torch():
    same_error(lambda: pullback.jit.script(pullback.nn.Linear(2, 2)).register_forward_hook(lambda *a: None),
               lambda: torch.jit.script(torch.nn.Linear(2, 2)).register_forward_hook(lambda *a: None))
    same_error(lambda: pullback.jit.script(pullback.nn.Linear(2, 2)).requires_grad_(False),
               lambda: torch.jit.script(torch.nn.Linear(2, 2)).requires_grad_(False))


@pytest.mark.parametrize("what", ["int", "str", "module class", "builtin function"])
def test_script_argument_errors(what):
    pick = {"int": lambda m: 3, "str": lambda m: "s", "module class": lambda m: m.nn.Linear,
            "builtin function": lambda m: len}[what]
    same_error(lambda: pullback.jit.script(pick(pullback)), lambda: torch.jit.script(pick(torch)))


def test_script_optimize_warns_like_torch():
    pw, tw = warning_kinds(lambda: pullback.jit.script(pullback.nn.Linear(2, 2), optimize=True),
                           lambda: torch.jit.script(torch.nn.Linear(2, 2), optimize=True))
    assert pw == tw


def test_script_containers_are_copies():
    for m in (pullback, torch):
        src = [1, 2]
        out = m.jit.script(src)
        assert list(out) == src
        out.append(3)
        assert src == [1, 2]


# ---------------------------------------------------------------- trace
def counting(calls, m):
    def fn(x, y):
        calls.append((m.jit.is_tracing(), m.jit.is_scripting()))
        return poly(x, y)
    return fn


def test_trace_function_values_grads_runs_and_warnings():
    calls = {pullback: [], torch: []}
    traced = {}

    def run(m, x, y):
        traced[m] = m.jit.trace(counting(calls[m], m), (x.detach(), y.detach()))
        return traced[m](x, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (pb, pb_in), (th, th_in) = both(run, X, Y)
    same_values_and_grads(pb, pb_in, th, th_in)
    # torch runs the Python function three times when tracing (trace, check trace, Python check), with is_tracing
    # True in the two traces; its replay runs no Python, pullback's runs it again as traced
    assert calls[pullback][:3] == calls[torch]
    assert calls[pullback][3:] == [(True, False)]
    pw, tw = warning_kinds(lambda: pullback.jit.trace(poly, (pullback.tensor(X), pullback.tensor(Y))),
                           lambda: torch.jit.trace(poly, (torch.tensor(X), torch.tensor(Y))))
    assert pw == tw and len(tw) == 2
    assert isinstance(traced[pullback], pullback.jit.ScriptFunction)
    assert traced[pullback].name == traced[torch].name and not hasattr(traced[pullback], "__name__")


def test_trace_module_keeps_trace_time_modes():
    def run(m):
        m.manual_seed(0)
        net = m.nn.Sequential(m.nn.Linear(3, 3), m.nn.Dropout(0.5)).eval()
        tm = m.jit.trace(net, m.ones(2, 3))
        tm.train()  # torch's trace recorded eval-mode dropout: the traced module keeps it
        return tm, net
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (pb, pb_net), (th, th_net) = run(pullback), run(torch)
    assert type(pb).__name__ == type(th).__name__ == "TopLevelTracedModule"
    assert repr(pb) == repr(th)
    assert pb.training and pb[0].weight is pb_net[0].weight
    x = pullback.ones(2, 3)
    assert_close(pb(x), pb_net.eval()(x), 0, 0, "dropout stays off")


def test_trace_check_warns_on_random_outputs():
    def run(m):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            m.jit.trace(m.nn.Dropout(0.5), m.ones(64))
            m.jit.trace(m.nn.Sequential(m.nn.Dropout(0.5)), m.ones(64))
            m.jit.trace(lambda x: m.nn.functional.dropout(x), m.ones(64))
        return [(x.category.__name__, str(x.message).split("\n")[0]) for x in w]
    assert run(pullback) == run(torch)


@pytest.mark.parametrize("case", ["int output", "None output", "dict output", "int input", "str input",
                                  "module without inputs", "module method", "trace_module of int",
                                  "trace_module without dict", "not a function"])
def test_trace_argument_errors(case):
    def call(m):
        x = m.ones(2)
        return {"int output": lambda: m.jit.trace(lambda a: 3, x),
                "None output": lambda: m.jit.trace(lambda a: None, x),
                "dict output": lambda: m.jit.trace(lambda a: {"k": a}, x),
                "int input": lambda: m.jit.trace(lambda a, b: a * b, (x, 2)),
                "str input": lambda: m.jit.trace(lambda a, s: a, (x, "s")),
                "module without inputs": lambda: m.jit.trace(m.nn.Linear(2, 2)),
                "module method": lambda: m.jit.trace(m.nn.Linear(2, 2).extra_repr, x),
                "trace_module of int": lambda: m.jit.trace_module(3, {}),
                "trace_module without dict": lambda: m.jit.trace_module(m.nn.Linear(2, 2), x),
                "not a function": lambda: m.jit.trace(3, x)}[case]()
    same_error(lambda: call(pullback), lambda: call(torch))


def test_trace_nonstrict_dict_and_kwargs():
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = m.jit.trace(lambda a: {"k": a * 2}, m.ones(2), strict=False)(m.ones(2))
            assert out["k"].tolist() == [2.0, 2.0]
            f = m.jit.trace(lambda a, b: a * b, example_kwarg_inputs={"a": m.ones(2), "b": m.full((2,), 3.0)})
            assert f(m.ones(2), m.full((2,), 2.0)).tolist() == [2.0, 2.0]


def test_script_if_tracing():
    seen = {pullback: [], torch: []}

    def make(m):
        @m.jit.script_if_tracing
        def inner(x):
            seen[m].append(m.jit.is_scripting())
            return x + 1
        return inner
    for m in (pullback, torch):
        inner = make(m)
        inner(m.ones(1))
    assert seen[pullback] == seen[torch] == [False]


# ---------------------------------------------------------------- the rest of the API
def test_fork_wait():
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fut = m.jit.fork(lambda a, b=0: a + b, m.ones(2), b=2)
            assert fut.done() and m.jit.wait(fut).tolist() == [3.0, 3.0] and fut.value().tolist() == [3.0, 3.0]
    pw, tw = warning_kinds(lambda: pullback.jit.wait(pullback.jit.fork(len, [1])),
                           lambda: torch.jit.wait(torch.jit.fork(len, [1])))
    assert pw == tw
    same_error(lambda: pullback.jit.fork(lambda: 1 / 0), lambda: torch.jit.fork(lambda: 1 / 0))


@pytest.mark.parametrize("obj, typ", [([1, 2], List[int]), ([1, "a"], List[int]), ({"a": [1.0]}, Dict[str, List[float]]),
                                      ({"a": [1]}, Dict[str, List[float]]), (None, Optional[int]), (3, Optional[int]),
                                      ((1, "a"), Tuple[int, str]), ((1, 2), Tuple[int, str]), ([], List[str]),
                                      (3, (str, int)), ([[1], [2, 3]], List[List[int]]), (1.0, int | None)])
def test_isinstance_containers(obj, typ):
    pb, pw = caught(lambda: pullback.jit.isinstance(obj, typ))
    th, tw = caught(lambda: torch.jit.isinstance(obj, typ))
    assert pb == th and pw == tw


def test_isinstance_tensors_and_errors():
    assert pullback.jit.isinstance([pullback.ones(1)], List[pullback.Tensor])
    assert not pullback.jit.isinstance([torch.ones(1)], List[pullback.Tensor])
    same_error(lambda: pullback.jit.isinstance([1], List), lambda: torch.jit.isinstance([1], List))
    same_error(lambda: pullback.jit.isinstance([1], Dict), lambda: torch.jit.isinstance([1], Dict))
    same_error(lambda: pullback.jit.isinstance([1], [int]), lambda: torch.jit.isinstance([1], [int]))


def test_decorators_and_annotations():
    for m in (pullback, torch):
        v = []
        assert m.jit.annotate(List[int], v) is v
        assert m.jit.Final[int] == torch.jit.Final[int]
        a = m.jit.Attribute(0.5, float)
        assert (a.value, a.type, tuple(a)) == (0.5, float, (0.5, float))
        f = lambda x: x  # noqa: E731
        assert m.jit.ignore(f) is f and m.jit.unused(f) is f and m.jit.export(f) is f
    same_error(lambda: pullback.jit.ignore(3), lambda: torch.jit.ignore(3))
    pw, tw = warning_kinds(lambda: pullback.jit.ignore(True)(lambda x: x), lambda: torch.jit.ignore(True)(lambda x: x))
    assert pw == tw


class _Iface:
    def run(self, x: torch.Tensor) -> torch.Tensor:
        pass


class _IfaceChild(_Iface):
    pass


def test_interface():
    pw, tw = warning_kinds(lambda: pullback.jit.interface(_Iface), lambda: torch.jit.interface(_Iface))
    assert pw == tw
    same_error(lambda: pullback.jit.interface(3), lambda: torch.jit.interface(3))
    same_error(lambda: pullback.jit.interface(_IfaceChild), lambda: torch.jit.interface(_IfaceChild))


def test_freeze_and_optimize_for_inference():
    same_error(lambda: pullback.jit.freeze(pullback.jit.script(pullback.nn.Linear(2, 2))),
               lambda: torch.jit.freeze(torch.jit.script(torch.nn.Linear(2, 2))))
    same_error(lambda: pullback.jit.freeze(pullback.nn.Linear(2, 2)), lambda: torch.jit.freeze(torch.nn.Linear(2, 2)))
    same_error(lambda: pullback.jit.optimize_for_inference(pullback.nn.Linear(2, 2)),
               lambda: torch.jit.optimize_for_inference(torch.nn.Linear(2, 2)))
    th_lin = torch.nn.Linear(3, 2)
    pb_lin = pullback.nn.Linear(3, 2)
    pb_lin.load_state_dict({k: pullback.tensor(v.detach().numpy()) for k, v in th_lin.state_dict().items()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        th = torch.jit.optimize_for_inference(torch.jit.script(th_lin))
        pb = pullback.jit.optimize_for_inference(pullback.jit.script(pb_lin))
        assert type(pb).__name__ == type(th).__name__
        assert list(pb.parameters()) == list(th.parameters()) == []
        assert pb_lin.training  # the original is untouched
        x = X[:, :3]
        pb_out, th_out = pb(pullback.tensor(x, requires_grad=True)), th(torch.tensor(x, requires_grad=True))
    assert_close(pb_out, th_out, 1e-6, 1e-5, "frozen output")
    assert pb_out.requires_grad == th_out.requires_grad


def test_fusion_settings():
    for m in (pullback, torch):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            prev = m.jit.set_fusion_strategy([("STATIC", 3)])
            assert m.jit.set_fusion_strategy(prev) == [("STATIC", 3)]
        assert m.jit.onednn_fusion_enabled() is False
        m.jit.enable_onednn_fusion(True)
        assert m.jit.onednn_fusion_enabled() is True
        m.jit.enable_onednn_fusion(False)
        with m.jit.optimized_execution(False), m.jit.fuser("fuser1"):
            pass
    same_error(lambda: pullback.jit.set_fusion_strategy([("FOO", 1)]), lambda: torch.jit.set_fusion_strategy([("FOO", 1)]))
    same_error(lambda: pullback.jit.fuser("x").__enter__(), lambda: torch.jit.fuser("x").__enter__())
    pw, tw = warning_kinds(lambda: pullback.jit.strict_fusion(), lambda: torch.jit.strict_fusion())
    assert pw == tw


def test_save_load_refused_clearly(tmp_path):
    same_error(lambda: pullback.jit.save(pullback.nn.Linear(2, 2), io.BytesIO()),
               lambda: torch.jit.save(torch.nn.Linear(2, 2), io.BytesIO()))
    same_error(lambda: pullback.jit.load(str(tmp_path / "none.pt")), lambda: torch.jit.load(str(tmp_path / "none.pt")))
    with pytest.raises(RuntimeError, match="torch.save"):
        pullback.jit.save(pullback.jit.script(pullback.nn.Linear(2, 2)), io.BytesIO())
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), tmp_path / "m.pt")
    with pytest.raises(RuntimeError, match="torch.load"):
        pullback.jit.load(tmp_path / "m.pt")


def test_compilation_unit_refused():
    with pytest.raises(RuntimeError, match="no TorchScript compiler"):
        pullback.jit.CompilationUnit("def f(x):\n  return x\n")


def test_script_module_subclass_with_script_method():
    class Pb(pullback.jit.ScriptModule):
        def __init__(self):
            super().__init__()
            self.k = pullback.jit.Attribute(2.0, float)

        @pullback.jit.script_method
        def forward(self, x):
            return x * self.k + float(pullback.jit.is_scripting())

    class Th(torch.jit.ScriptModule):
        def __init__(self):
            super().__init__()
            self.k = torch.jit.Attribute(2.0, float)

        @torch.jit.script_method
        def forward(self, x):
            return x * self.k + float(torch.jit.is_scripting())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pb, th = Pb(), Th()
    assert pb.k == th.k == 2.0
    assert_close(pb(pullback.ones(2)), th(torch.ones(2)), 0, 0, "script_method")


def test_public_names_match_torch():
    assert set(torch.jit.__all__) <= set(dir(pullback.jit))
