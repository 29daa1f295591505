"""torch.profiler and torch.autograd.profiler against torch's own profiler on the same programs:
which events are recorded and how they nest, the tables, schedules, traces and errors. No timings
are compared (only their consistency: a range's total covers its children)."""
import collections
import gzip
import inspect
import json
import re
import threading
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback import _profiling


def _mlp(m):
    m.manual_seed(0)
    model = m.nn.Sequential(m.nn.Linear(8, 16), m.nn.ReLU(), m.nn.Linear(16, 4))
    with m.no_grad():
        for p, a in zip(model.parameters(), _mlp_weights()):
            p.copy_(m.tensor(a))
    return model, m.tensor(np.linspace(-1, 1, 40, dtype=np.float32).reshape(5, 8))


def _mlp_weights():
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s).astype(np.float32) for s in ((16, 8), (16,), (4, 16), (4,))]


def _run_mlp(m, prof):
    model, x = _mlp(m)
    with prof:
        with m.profiler.record_function("model_inference"):
            y = model(x).sum()
        y.backward()
    return prof, model


# each program makes its inputs (outside the profile: torch.tensor records ops of its own) and
# returns what is profiled
def _elementwise(m):
    x = m.tensor([0.5, -1.0, 2.0, 3.0], requires_grad=True)

    def run():
        y = ((x * 2).sin() + x.exp() - 1.5).tanh().sum()
        y.backward()
    return run


def _mlp_functional(m):
    F = m.nn.functional
    w = m.tensor(np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4), requires_grad=True)
    x = m.tensor(np.ones((2, 4), np.float32))

    def run():
        loss = (F.relu(F.linear(x, w)) ** 2).mean()
        loss.backward()
    return run


def _inplace(m):
    x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)

    def run():
        y = x.clone()
        y.mul_(2)
        y.add_(1)
        y[1:].sub_(0.5)
        y.relu_()
        y.sum().backward()
    return run


def _views_and_reductions(m):
    a = m.tensor(np.arange(12, dtype=np.float32).reshape(3, 4) / 7, requires_grad=True)

    def run():
        b = a.t().contiguous().reshape(12)[2:8].view(2, 3)
        (b.softmax(-1) * b.log_softmax(-1)).sum(1).mean().backward()
    return run


def _factories(m):
    def run():
        m.zeros(3) + m.ones(3) + m.full((3,), 2.0) + m.arange(3)
        m.ones_like(m.empty(2, 2))
    return run


def _events(m, program, **kwargs):
    run = program(m)
    with m.profiler.profile(**kwargs) as prof:
        run()
    return prof


def _top_level(prof):
    return collections.Counter(e.name for e in prof.events() if e.cpu_parent is None)


@pytest.mark.parametrize("program", [_elementwise, _mlp_functional, _inplace, _views_and_reductions, _factories])
def test_top_level_events_are_torchs(program):
    ours, theirs = _top_level(_events(pullback, program)), _top_level(_events(torch, program))
    assert ours == theirs


def test_mlp_events_their_counts_and_nesting_are_torchs():
    prof, _ = _run_mlp(pullback, pullback.profiler.profile())
    tprof, _ = _run_mlp(torch, torch.profiler.profile())
    assert _top_level(prof) == _top_level(tprof)
    ours = collections.Counter(e.name for e in prof.events())
    theirs = collections.Counter(e.name for e in tprof.events())
    # every event pullback records is one torch records, as often: pullback's ops do not decompose
    # further into ATen's helpers (aten::transpose, aten::as_strided, aten::copy_...)
    for name in ("aten::linear", "aten::t", "aten::addmm", "aten::relu", "aten::sum", "aten::mm", "aten::view",
                 "aten::threshold_backward", "AddmmBackward0", "TBackward0", "ReluBackward0", "SumBackward0",
                 "torch::autograd::AccumulateGrad", "aten::ones_like"):
        assert ours[name] == theirs[name], name

    def children(p, name):
        return [[c.name for c in e.cpu_children if not c.name.startswith(("aten::as_strided", "aten::resolve_conj",
                                                                            "aten::transpose", "aten::expand",
                                                                            "aten::copy_", "aten::clone",
                                                                            "aten::fill_", "aten::detach"))]
                for e in p.events() if e.name == name]
    for name in ("model_inference", "aten::linear", "autograd::engine::evaluate_function: AddmmBackward0",
                 "AddmmBackward0", "autograd::engine::evaluate_function: ReluBackward0", "ReluBackward0",
                 "autograd::engine::evaluate_function: TBackward0", "TBackward0"):
        assert children(prof, name) == children(tprof, name), name


def test_ranges_cover_their_children_and_self_time_is_total_less_children():
    prof, _ = _run_mlp(pullback, pullback.profiler.profile())
    events = prof.events()
    assert [e.id for e in events] == sorted(e.id for e in events)
    for e in events:
        assert e.time_range.end >= e.time_range.start
        for c in e.cpu_children:
            assert c.cpu_parent is e
            assert e.time_range.start <= c.time_range.start and c.time_range.end <= e.time_range.end
        assert e.self_cpu_time_total == pytest.approx(e.cpu_time_total - sum(c.cpu_time_total for c in e.cpu_children))
    (root,) = [e for e in events if e.name == "model_inference"]
    assert root.is_user_annotation and root.scope == 7 and root.cpu_parent is None
    assert root.cpu_time_total >= sum(c.cpu_time_total for c in root.cpu_children) > 0
    node = [e for e in events if e.name == "ReluBackward0"][0]
    assert node.scope == 1 and node.cpu_parent.name == "autograd::engine::evaluate_function: ReluBackward0"
    forward = [e for e in events if e.name == "aten::relu"][0]
    assert forward.sequence_nr == node.sequence_nr >= 0  # the forward op and its node share a sequence number


def test_profiling_changes_no_result_or_gradient():
    def grads(prof):
        model, x = _mlp(pullback)
        with prof:
            y = model(x).sum()
            y.backward()
        return y.item(), [p.grad.numpy().copy() for p in model.parameters()]
    plain = grads(pullback.autograd.profiler.profile(enabled=False))
    for kwargs in ({}, {"record_shapes": True, "profile_memory": True, "with_stack": True, "with_flops": True}):
        profiled = grads(pullback.profiler.profile(**kwargs))
        assert plain[0] == profiled[0]
        for a, b in zip(plain[1], profiled[1]):
            np.testing.assert_array_equal(a, b)


def test_the_hooks_are_taken_out_when_the_profile_ends():
    from pullback.autograd import engine
    from pullback.ops._op import Op
    from pullback.ops._gradient_op import GradientOp
    from pullback.ops.nn import dense
    before = (Op.__dict__["apply"], Op.__dict__["apply_"], GradientOp.__dict__["apply"],
              pullback.Tensor.__dict__["__mul__"], pullback.Tensor.__dict__["tanh"], engine._run_node,
              pullback.autograd._make_grads, pullback.autograd.run_backward, dense.linear.__code__)
    with pullback.profiler.profile():
        with pullback.profiler.profile():  # nested: the hooks stay until the last one ends
            pass
        assert engine._profiling and Op.__dict__["apply"] is not before[0]
        assert dense.linear.__code__ is not before[-1]
        assert str(inspect.signature(pullback.nn.functional.linear)) == "(input, weight, bias=None)"
    after = (Op.__dict__["apply"], Op.__dict__["apply_"], GradientOp.__dict__["apply"],
             pullback.Tensor.__dict__["__mul__"], pullback.Tensor.__dict__["tanh"], engine._run_node,
             pullback.autograd._make_grads, pullback.autograd.run_backward, dense.linear.__code__)
    assert all(a is b for a, b in zip(before, after))
    assert not engine._profiling and _profiling._recorder is None and "__signature__" not in vars(dense.linear)


def test_nested_profiles_each_see_their_window():
    x = pullback.ones(3)
    with pullback.profiler.profile() as outer:
        x + 1
        with pullback.profiler.profile() as inner:
            x * 2
        x - 3
    assert [e.name for e in inner.events()] == ["aten::mul"]
    assert [e.name for e in outer.events()] == ["aten::add", "aten::mul", "aten::sub"]


def test_events_come_from_the_thread_that_started_the_profile():
    x = pullback.ones(3, requires_grad=True)
    results = []

    def work():
        with pullback.profiler.record_function("elsewhere"):
            y = (x * 3).sum()
        y.backward()
        results.append(y.item())
    with pullback.profiler.profile() as prof:
        (x + 1).sum()
        t = threading.Thread(target=work)
        t.start()
        t.join()
    assert results == [9.0] and x.grad.tolist() == [3.0, 3.0, 3.0]
    assert [e.name for e in prof.events()] == ["aten::add", "aten::sum"]


TABLE_HEADER = re.compile(r"(-+  )+")


def _table_lines(m, **kwargs):
    prof, _ = _run_mlp(m, m.profiler.profile(record_shapes=True))
    return prof, prof.key_averages(**kwargs.pop("averages", {})).table(**kwargs).splitlines()


@pytest.mark.parametrize("kwargs", [
    {"sort_by": "cpu_time_total", "row_limit": 10},
    {"sort_by": "self_cpu_time_total", "row_limit": 5},
    {"sort_by": "count", "row_limit": 3, "max_name_column_width": 30},
    {"row_limit": 4, "header": "A HEADER", "top_level_events_only": True},
    {"sort_by": "cpu_time", "row_limit": 6, "averages": {"group_by_input_shape": True}},
])
def test_tables_have_torchs_layout(kwargs):
    prof, ours = _table_lines(pullback, **dict(kwargs))
    _, theirs = _table_lines(torch, **dict(kwargs))
    body = 3 + 2 * ("header" in kwargs) + 2 * bool(kwargs.get("top_level_events_only"))
    assert ours[:body] == theirs[:body]  # the same header text, widths and separators
    assert len(ours) == len(theirs) and ours[-2] == theirs[-2]
    assert re.fullmatch(r"Self CPU time total: \d+\.\d{3}(us|ms|s)", ours[-1])
    rows = ours[body:-2]
    assert all(len(row) == len(theirs[body]) for row in rows)  # the same columns
    # the rows: the averages ordered by the key, descending (insertion order without one), row_limit of them
    averages = prof.key_averages(**kwargs.get("averages", {}))
    if kwargs.get("top_level_events_only"):
        averages = [e for e in averages if e.cpu_parent is None]
    if kwargs.get("sort_by"):
        averages = sorted(averages, key=lambda e: getattr(e, kwargs["sort_by"]), reverse=True)
    width = kwargs.get("max_name_column_width", 55)
    names = [e.key if len(e.key) < width - 3 else e.key[:width - 3] + "..." for e in averages][:kwargs["row_limit"]]
    assert [row[:len(theirs[body - 1].split("  ")[0])].strip() for row in rows] == names


def test_time_formats_and_percentages_are_torchs():
    from pullback.autograd import profiler_util as ours
    from torch.autograd import profiler_util as theirs
    for t in (0.0, 0.5, 999.9994, 1000.0, 123456.7, 1e6, 2.5e7):
        assert ours._format_time(t) == theirs._format_time(t)
        assert ours._format_time_share(t, 3e7) == theirs._format_time_share(t, 3e7)
    for n in (0, 12, -4, 2048, 3 * 1024 ** 2, -5 * 1024 ** 3):
        assert ours._format_memory(n) == theirs._format_memory(n)


def test_input_shapes_are_torchs():
    prof, _ = _run_mlp(pullback, pullback.profiler.profile(record_shapes=True))
    tprof, _ = _run_mlp(torch, torch.profiler.profile(record_shapes=True))

    def shapes(p):
        return collections.Counter((e.key, str(e.input_shapes)) for e in p.key_averages(group_by_input_shape=True)
                                   if e.key in ("aten::linear", "aten::addmm", "aten::t", "aten::relu", "aten::mm",
                                                "aten::threshold_backward", "aten::view", "AddmmBackward0",
                                                "TBackward0", "ReluBackward0", "model_inference"))
    assert shapes(prof) == shapes(tprof)
    line = [r for r in prof.key_averages(group_by_input_shape=True).table(row_limit=-1).splitlines()
            if "aten::addmm" in r]
    assert any(r.rstrip().endswith("[[16], [5, 8], [8, 16], [], []]") for r in line)


def test_sort_by_an_unknown_key_raises_as_torch():
    prof, _ = _run_mlp(pullback, pullback.profiler.profile())
    tprof, _ = _run_mlp(torch, torch.profiler.profile())
    with pytest.raises(AttributeError) as ours:
        prof.key_averages().table(sort_by="cpu_time_totl")
    with pytest.raises(AttributeError) as theirs:
        tprof.key_averages().table(sort_by="cpu_time_totl")
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("method", ["key_averages", "events", "export_stacks", "export_chrome_trace"])
def test_results_before_the_profile_started_raise_as_torch(method, tmp_path):
    args = (str(tmp_path / "out"),) if method.startswith("export") else ()
    messages = []
    for m in (pullback, torch):
        with pytest.raises(AssertionError) as info:
            getattr(m.profiler.profile(), method)(*args)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_results_while_running_are_empty_as_torchs():
    for m in (pullback, torch):
        with m.profiler.profile() as prof:
            m.ones(2) + 1
            assert len(prof.events()) == 0 and prof.key_averages().table() == ""


def _schedule_run(m, n, **kwargs):
    ready = []

    def on_ready(p):
        names = [e.trace_name for e in p.events() if e.name == "ProfilerStep*"]
        adds = sum(e.name == "aten::add" for e in p.events())
        ready.append((p.step_num, names, adds))
    x = m.ones(3)
    actions = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with m.profiler.profile(schedule=m.profiler.schedule(**kwargs), on_trace_ready=on_ready) as p:
            for i in range(n):
                x + i
                p.step()
                actions.append(p.current_action.name)
    return ready, actions


@pytest.mark.parametrize("kwargs", [
    {"wait": 1, "warmup": 1, "active": 2, "repeat": 2, "skip_first": 1},
    {"wait": 0, "warmup": 0, "active": 1},
    {"wait": 2, "warmup": 1, "active": 3, "repeat": 1},
    {"wait": 1, "warmup": 2, "active": 2, "skip_first": 3, "skip_first_wait": 1},
])
def test_schedules_record_the_steps_torchs_do(kwargs):
    assert _schedule_run(pullback, 12, **kwargs) == _schedule_run(torch, 12, **kwargs)


def test_schedule_checks_and_warnings_are_torchs():
    for m in (pullback, torch):
        with pytest.raises(AssertionError, match="Invalid profiler schedule arguments. Got wait=-1"):
            m.profiler.schedule(wait=-1, warmup=0, active=1)
        with pytest.warns(UserWarning, match="Profiler won't be using warmup"):
            s = m.profiler.schedule(wait=1, warmup=0, active=2, repeat=1)
        assert [s(i).name for i in range(5)] == ["NONE", "RECORD", "RECORD_AND_SAVE", "NONE", "NONE"]
        with pytest.raises(ValueError, match="DEVICE_STOPPED is set internally"):
            m.profiler.profile(schedule=lambda step: m.profiler.ProfilerAction.DEVICE_STOPPED)


def test_chrome_trace_is_json_with_the_ops(tmp_path):
    prof, _ = _run_mlp(pullback, pullback.profiler.profile(record_shapes=True))
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(str(path))
    trace = json.loads(path.read_text())
    assert trace["schemaVersion"] == 1 and trace["record_shapes"] == 1
    spans = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(spans) == len(prof.events())
    names = {e["name"] for e in spans}
    assert {"model_inference", "aten::linear", "aten::addmm", "autograd::engine::evaluate_function: AddmmBackward0",
            "AddmmBackward0"} <= names
    (addmm,) = [e for e in spans if e["name"] == "aten::addmm" and e["args"]["Input Dims"][1] == [5, 8]]
    assert addmm["cat"] == "cpu_op" and addmm["dur"] >= 0 and addmm["args"]["Input type"][:3] == ["float"] * 3
    assert [e["cat"] for e in spans if e["name"] == "model_inference"] == ["user_annotation"]
    gz = tmp_path / "trace.json.gz"
    prof.export_chrome_trace(str(gz))
    assert json.loads(gzip.open(gz).read())["traceEvents"]


def test_tensorboard_trace_handler_writes_a_trace_per_cycle(tmp_path):
    x = pullback.ones(2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        handler = pullback.profiler.tensorboard_trace_handler(str(tmp_path / "logs"), worker_name="w")
        with pullback.profiler.profile(schedule=pullback.profiler.schedule(wait=0, warmup=1, active=1, repeat=2),
                                       on_trace_ready=handler) as p:
            for _ in range(5):
                x * 2
                p.step()
    files = sorted((tmp_path / "logs").iterdir())
    assert len(files) == 2 and all(f.name.startswith("w.") and f.name.endswith(".pt.trace.json") for f in files)
    assert any(e["name"] == "aten::mul" for e in json.loads(files[0].read_text())["traceEvents"])


def test_legacy_autograd_profiler():
    for m in (pullback, torch):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        p = m.autograd.profiler.profile()
        assert repr(p) == str(p) == "<unfinished torch.autograd.profile>"
        with p:
            y = (x ** 2).sum()
            with m.autograd.profiler.record_function("label-z"):
                z = y * 3
            z.backward()
        names = [e.name for e in p.function_events]
        assert {"aten::pow", "aten::sum", "label-z", "aten::mul", "PowBackward0"} <= set(names)
        assert p.self_cpu_time_total == pytest.approx(sum(e.self_cpu_time_total for e in p.function_events))
        assert p.total_average().key == "Total" and p.total_average().count == len(names)
        assert p.table(sort_by="self_cpu_time_total").splitlines()[1].split() == \
            ["Name", "Self", "CPU", "%", "Self", "CPU", "CPU", "total", "%", "CPU", "total", "CPU", "time", "avg",
             "#", "of", "Calls"]
        with pytest.raises(RuntimeError, match="Profiler context manager is not reentrant"):
            with p:
                pass
        assert m.autograd.profiler.profile(enabled=False).__enter__() is None


def test_legacy_profiler_warnings_are_torchs():
    caught = []
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            m.autograd.profiler.profile(use_cuda=True)
            m.autograd.profiler.profile(use_device="tpu")
            m.profiler.profile(use_cuda=False)
        caught.append([(i.category, str(i.message)) for i in w])
    assert caught[0] == caught[1]


def test_record_function_outside_a_profile_and_as_a_decorator():
    @pullback.profiler.record_function("decorated")
    def f(x):
        return x * 2
    assert f(pullback.ones(2)).tolist() == [2.0, 2.0]
    with pullback.profiler.record_function("alone") as r:
        pass
    assert r.record is not None
    x = pullback.ones(2)
    with pullback.profiler.profile() as prof:
        f(x)
    assert [(e.name, e.cpu_parent and e.cpu_parent.name) for e in prof.events()] == \
        [("decorated", None), ("aten::mul", "decorated")]


def test_emit_itt_and_emit_nvtx_behave_as_torchs_cpu_build():
    for m in (pullback, torch):
        with m.autograd.profiler.emit_itt() as e:
            assert (m.ones(2) + 1).tolist() == [2.0, 2.0]
        assert isinstance(e, m.autograd.profiler.emit_itt)
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            with m.autograd.profiler.emit_nvtx():
                pass
        assert m.autograd.profiler.emit_nvtx(enabled=False).__enter__() is None
        assert m.profiler.itt.is_available()


def test_profile_memory_counts_the_bytes_of_new_outputs():
    def program(m):
        x = m.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)

        def run():
            y = x.sin().view(2, 2).sum()
            y.backward()
        return run
    ours = {e.key: e for e in _events(pullback, program, profile_memory=True).key_averages()}
    theirs = {e.key: e for e in _events(torch, program, profile_memory=True).key_averages()}
    for name in ("aten::sin", "aten::sum", "aten::view", "aten::cos", "aten::ones_like"):
        assert ours[name].cpu_memory_usage == theirs[name].cpu_memory_usage, name
    table = _events(pullback, program, profile_memory=True).key_averages().table()
    assert "CPU Mem  Self CPU Mem" in table.splitlines()[1]


def test_flops_are_torchs_estimates():
    def program(m):
        def run():
            a, b = m.ones(3, 4), m.ones(4, 5)
            a @ b
            m.addmm(m.zeros(5), a, b)
            m.bmm(m.ones(2, 3, 4), m.ones(2, 4, 3))
            m.nn.functional.conv2d(m.ones(2, 3, 8, 8), m.ones(5, 3, 3, 3), padding=1, stride=2)
        return run
    flops = [{e.key: e.flops for e in _events(m, program, with_flops=True).key_averages()} for m in (pullback, torch)]
    for name in ("aten::mm", "aten::addmm", "aten::bmm", "aten::conv2d"):
        assert flops[0][name] == flops[1][name] > 0
    assert "Total FLOPs" in _events(pullback, program, with_flops=True).key_averages().table().splitlines()[1]


def test_with_stack_records_the_calling_lines():
    with pullback.profiler.profile(with_stack=True) as prof:
        pullback.ones(2) * 3  # the line
    (mul,) = [e for e in prof.events() if e.name == "aten::mul"]
    assert re.search(r"test_profiler\.py\(\d+\): test_with_stack_records_the_calling_lines", mul.stack[0])
    assert "Source Location" in prof.key_averages(group_by_stack_n=1).table().splitlines()[1]


def test_enums_print_as_torchs():
    for ours, theirs in ((pullback.profiler.ProfilerActivity, torch.profiler.ProfilerActivity),
                         (pullback.profiler.DeviceType, torch.profiler.DeviceType)):
        assert list(ours.__members__) == list(theirs.__members__)
        for name in ours.__members__:
            a, b = getattr(ours, name), getattr(theirs, name)
            assert (repr(a), str(a), int(a), a.name, a.value) == (repr(b), str(b), int(b), b.name, b.value)
    assert pullback.profiler.ProfilerActivity.CPU != 0
    assert pullback.profiler.supported_activities() == {pullback.profiler.ProfilerActivity.CPU}
    assert repr(pullback.profiler.ProfilerAction.RECORD) == repr(torch.profiler.ProfilerAction.RECORD)


@pytest.mark.parametrize("name,aten", [("Mul", "mul"), ("NativeLayerNorm", "native_layer_norm"), ("Log1p", "log1p"),
                                       ("MaxPool2DWithIndices", "max_pool2d_with_indices"), ("T", "t"),
                                       ("UnsafeView", "_unsafe_view"), ("SmoothL1Loss", "smooth_l1_loss")])
def test_event_names_from_node_names(name, aten):
    from pullback.ops._op import Op
    cls = next(c for c in _profiling._op_classes() if c.__qualname__ == name)
    assert issubclass(cls, Op) and _profiling.aten_name(cls) == "aten::" + aten
    assert _profiling.aten_name(cls, inplace=True) == "aten::" + aten + "_"


def _custom_function_events(m):
    class Twice(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    x = m.ones(3, requires_grad=True)
    with m.profiler.profile() as prof:
        Twice.apply(x).sum().backward()
    events = {e.name: e for e in prof.events()}
    return (events["Twice"].count if hasattr(events["Twice"], "count") else 1,
            "aten::mul" in [c.name for c in events["Twice"].cpu_children],
            "autograd::engine::evaluate_function: TwiceBackward" in events, x.grad.tolist())


def test_a_custom_function_is_an_event_named_after_its_class_as_torchs():
    apply = pullback.autograd.Function.__dict__["apply"]
    assert _custom_function_events(pullback) == _custom_function_events(torch)
    assert pullback.autograd.Function.__dict__["apply"] is apply  # put back when the profile ends
