"""pullback.viz: the backward graph as DOT / SVG / PNG / HTML, checked against torch's own graph."""
import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import torch as real_torch

import pullback as torch
from pullback import viz
from pullback.autograd import engine

DOT = shutil.which("dot")
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
needs_dot = pytest.mark.skipif(DOT is None, reason="Graphviz's `dot` is not installed (apt-get install graphviz)")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (apt-get install chromium)")

_NODE = re.compile(r'^\s*(\w+) \[id="\w+", label="((?:[^"\\]|\\.)*)"')
_EDGE = re.compile(r'^\s*(\w+) -> (\w+) \[id="\w+"(?:, label="((?:[^"\\]|\\.)*)")?')


def parse_dot(source):
    """{box id: label lines} and [(src id, dst id, label)] in the order the DOT text lists them."""
    nodes, edges = {}, []
    for line in source.splitlines():
        m = _EDGE.match(line)
        if m:
            edges.append((m[1], m[2], _unquote(m[3] or "")))
            continue
        m = _NODE.match(line)
        if m:
            nodes[m[1]] = _unquote(m[2]).split("\n")
    return nodes, edges


def _unquote(s):
    return s.replace("\\l", "\n").replace("\\n", "\n").replace('\\"', '"').replace("\u00a0", " ").strip("\n")


def _op_name(lines):
    return next(l for l in lines if l.endswith(("Backward0", "Backward1")) or l == "AccumulateGrad")


def tutorial():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return x, y, z, out


def torch_edges(out):
    """(node, child, gradient sent along the edge) for torch's graph of `out`, breadth first, after
    running backward; the same walk as pullback.viz's, so the two lists line up."""
    order, seen, flows = [out.grad_fn], {out.grad_fn}, {}
    i = 0
    while i < len(order):
        node = order[i]
        node.register_hook(lambda gi, go, node=node: flows.__setitem__(node, gi))
        for child, _ in node.next_functions:
            if child is not None and child not in seen:
                seen.add(child)
                order.append(child)
        i += 1
    out.backward()
    name = lambda n: type(n).__name__  # noqa: E731  (AccumulateGrad without its C++ namespace)
    return [(name(n), name(c), flows[n][k]) for n in order for k, (c, _) in enumerate(n.next_functions)
            if c is not None]


def as_array(label):
    return np.array(ast.literal_eval(label), dtype=float)


def test_tutorial_graph_structure_matches_torch():
    x, y, z, out = tutorial()
    nodes, edges = parse_dot(viz.graph(out).source)
    xt = real_torch.ones(2, 2, requires_grad=True)
    yt = xt + 2
    expected = [(a, b) for a, b, _ in torch_edges((yt * yt * 3).mean())]
    drawn = [(_op_name(nodes[s]), _op_name(nodes[d])) for s, d, _ in edges if not s.startswith("o")]
    assert drawn == expected
    assert sorted(_op_name(v) for k, v in nodes.items() if k.startswith("n")) == sorted(
        ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"])
    assert [e[:2] for e in edges if e[0].startswith("o")] == [("o0", "n0")]  # the output feeds the root


def test_names_shapes_dtypes_and_saved_tensors_before_backward():
    x, y, z, out = tutorial()
    nodes, _ = parse_dot(viz.graph(out, params=dict(x=x, y=y, out=out)).source)
    leaf = next(v for v in nodes.values() if "AccumulateGrad" in v)
    assert leaf[:3] == ["x", "(2, 2) float32", "AccumulateGrad"]
    add = next(v for v in nodes.values() if "AddBackward0" in v)
    assert add[:3] == ["y", "AddBackward0", "(2, 2) float32"]
    assert nodes["o0"] == ["out", "() float32", "= 27"]
    square = [v for v in nodes.values() if "MulBackward0" in v][1]  # y * y saved both factors
    assert "self = [[3, 3], [3, 3]]" in square and "other = [[3, 3], [3, 3]]" in square
    times3 = [v for v in nodes.values() if "MulBackward0" in v][0]
    assert "other = 3" in times3


def test_a_saved_second_output_is_shown_by_its_name():
    x = torch.tensor([[[[1.0, 5.0], [2.0, 3.0]]]], requires_grad=True)
    nodes, _ = parse_dot(viz.graph(torch.nn.functional.max_pool2d(x, 2)).source)
    pool = next(v for v in nodes.values() if "MaxPool2DWithIndicesBackward0" in v)
    assert "self = [[[[1, 5], [2, 3]]]]" in pool and "result1 = [[[[1]]]]" in pool  # the input, the argmax


def test_recorded_gradients_equal_the_real_ones_and_formulas_show():
    x, y, z, out = tutorial()
    with viz.record():
        out.backward()
    g = viz.graph(out, params=dict(x=x))
    nodes, edges = parse_dot(g.source)
    xt = real_torch.ones(2, 2, requires_grad=True)
    yt = xt + 2
    expected = torch_edges((yt * yt * 3).mean())
    inner = [e for e in edges if not e[0].startswith("o")]
    assert len(inner) == len(expected) == 5
    for (_, _, label), (_, _, grad) in zip(inner, expected):
        np.testing.assert_allclose(as_array(label), grad.numpy(), rtol=1e-3)
    assert as_array(inner[-1][2]).tolist() == [[4.5, 4.5], [4.5, 4.5]]  # the tutorial's d(out)/dx
    assert edges[0][:2] == ("o0", "n0") and edges[0][2] == "1"  # backward starts from d(out)/d(out) = 1
    labels = ["\n".join(v) for v in nodes.values()]
    assert any("MulBackward0" in t and "grad·other, grad·self" in t for t in labels)
    assert any("MeanBackward0" in t and "grad / numel(self)" in t for t in labels)
    assert any("AccumulateGrad" in t and "x.grad += grad" in t for t in labels)
    # saved tensors were freed by backward, but the recording kept them for the picture
    assert any("self = [[3, 3], [3, 3]]" in t for t in labels)


def test_broadcast_gradients_are_shown_at_each_inputs_shape():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([[1.0, -1.0, 2.0], [0.5, 0.0, 1.0]], requires_grad=True)
    with viz.record():
        (x * w + 1).tanh().sum().backward()
    _, edges = parse_dot(viz.graph((x * w + 1).tanh().sum()).source)  # a fresh graph has nothing recorded
    assert all(label == "" for _, _, label in edges)
    out = (x * w + 1).tanh().sum()
    with viz.record():
        out.backward()
    _, edges = parse_dot(viz.graph(out).source)
    xt = real_torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    wt = real_torch.tensor([[1.0, -1.0, 2.0], [0.5, 0.0, 1.0]], requires_grad=True)
    expected = torch_edges((xt * wt + 1).tanh().sum())
    inner = [e for e in edges if not e[0].startswith("o")]
    assert len(inner) == len(expected)
    for (_, _, label), (_, _, grad) in zip(inner, expected):
        assert as_array(label).shape == tuple(grad.shape)
        np.testing.assert_allclose(as_array(label), grad.numpy(), rtol=1e-3, atol=1e-4)


def test_large_gradients_are_summarised_by_shape_norm_min_max():
    a = torch.linspace(-1, 1, 200).reshape(10, 20).requires_grad_()
    out = (a * a).sum()
    with viz.record():
        out.backward()
    _, edges = parse_dot(viz.graph(out).source)
    label = edges[-1][2]  # one of the two edges a * a sends to a: grad·a = a
    g = np.linspace(-1, 1, 200, dtype=np.float32)
    m = re.fullmatch(r"\(10, 20\) float32\nnorm=(\S+) min=(\S+) max=(\S+)", label)
    assert m, label
    np.testing.assert_allclose([float(v) for v in m.groups()], [np.linalg.norm(g), g.min(), g.max()], rtol=1e-3)


def test_record_costs_nothing_outside_and_cleans_up():
    assert torch.autograd.run_backward is engine.run_backward
    x, y, z, out = tutorial()
    with viz.record():
        assert torch.autograd.run_backward is not engine.run_backward
        with viz.record():  # nesting keeps recording on until the outer block ends
            pass
        assert torch.autograd.run_backward is not engine.run_backward
        out.backward(retain_graph=True)
    assert torch.autograd.run_backward is engine.run_backward
    node = out.grad_fn
    while node is not None:  # the recording hooks are gone again
        assert not node._pre_hooks and not node._post_hooks
        node = node.next_functions[0][0] if node.next_functions else None
    with pytest.raises(KeyError):
        with viz.record():
            raise KeyError("boom")
    assert torch.autograd.run_backward is engine.run_backward


def test_record_works_through_autograd_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    out = (x.exp() * 2).sum()
    with viz.record():
        (gx,) = torch.autograd.grad(out, x)
    _, edges = parse_dot(viz.graph(out).source)
    np.testing.assert_allclose(as_array(edges[-1][2]), gx.numpy(), rtol=1e-3)
    assert x.grad is None


class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * a

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return 2 * a * grad


def test_unknown_nodes_get_the_generic_formula():
    x = torch.tensor([3.0], requires_grad=True)
    out = Square.apply(x).sum()
    with viz.record():
        out.backward()
    nodes, edges = parse_dot(viz.graph(out).source)
    square = next(v for v in nodes.values() if v[0] == "SquareBackward")
    assert "grad·∂result/∂self" in square
    assert as_array(edges[-1][2]).tolist() == [6.0]
    y = x * 2
    assert viz.formula(y.grad_fn) == ("grad·other", "grad·self")
    assert viz.formula(y.mean().grad_fn) == ("grad / numel(self), broadcast", "")  # mean's dtype is no input
    assert viz.formula(y.grad_fn.next_functions[0][0], leaf="x") == ("x.grad += grad",)


def mlp():
    torch.manual_seed(0)
    params = {"fc1.weight": torch.randn(4, 3), "fc1.bias": torch.zeros(4),
              "fc2.weight": torch.randn(2, 4), "fc2.bias": torch.zeros(2)}
    for p in params.values():
        p.requires_grad_()
    x = torch.randn(5, 3)
    h = (x @ params["fc1.weight"].t() + params["fc1.bias"]).relu()
    return params, (h @ params["fc2.weight"].t() + params["fc2.bias"]).sum()


def test_modules_are_framed_by_parameter_prefix():
    params, out = mlp()
    src = viz.graph(out, params=iter(params.items())).source  # (name, tensor) pairs, as named_parameters() gives
    frames = re.findall(r'subgraph cluster_\d+ \{\n\s+label="([^"]+)";.*?\n((?:\s+\w+ \[.*\n)+)\s+\}', src)
    members = {label: re.findall(r'label="([^"]*)"', body) for label, body in frames}
    assert sorted(members) == ["fc1", "fc2"]
    fc1 = " ".join(members["fc1"])
    assert "fc1.weight" in fc1 and "fc1.bias" in fc1
    assert "TBackward0" in fc1 and "MmBackward0" in fc1  # ops on the module's parameters join it
    assert "fc2" not in fc1 and "ReluBackward0" not in fc1


def test_max_nodes_collapses_modules_then_the_rest():
    params, out = mlp()
    full_nodes, _ = parse_dot(viz.graph(out, params=params).source)
    g = viz.graph(out, params=params, max_nodes=6)
    nodes, edges = parse_dot(g.source)
    inner = [k for k in nodes if not k.startswith("o")]
    assert len(inner) <= 6 < len(full_nodes) - 1
    assert any(v[:2] == ["fc1", "5 nodes"] for v in nodes.values())  # weight, bias, transpose, mm, add
    assert all(s in nodes and d in nodes for s, d, _ in edges)

    x = torch.ones(3, requires_grad=True)
    y = x
    for _ in range(60):
        y = y * 1.01 + 0.1
    g = viz.graph(y.sum(), max_nodes=10)
    nodes, edges = parse_dot(g.source)
    assert len([k for k in nodes if not k.startswith("o")]) == 10
    assert nodes["more"][0] == "… 113 more nodes"  # 60 Mul + 60 Add + Sum + AccumulateGrad - 9 drawn
    assert all(s in nodes and d in nodes for s, d, _ in edges)
    with pytest.raises(ValueError):
        viz.graph(y.sum(), max_nodes=0)


def test_output_without_graph_is_an_error():
    with pytest.raises(ValueError, match="does not require grad"):
        viz.graph(torch.ones(2))


def test_missing_dot_gives_a_clear_error_but_dot_and_html_still_work(tmp_path, monkeypatch):
    x, y, z, out = tutorial()
    g = viz.graph(out)
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on this PATH
    with pytest.raises(viz.ExecutableNotFound, match="apt-get install graphviz"):
        g.save(tmp_path / "g.svg")
    with pytest.raises(RuntimeError, match="Graphviz's `dot`"):
        g.save(tmp_path / "g.png")
    assert g.save(tmp_path / "g.dot") and (tmp_path / "g.dot").read_text(encoding="utf-8") == g.source
    page = (tmp_path / "g.html")
    g.save(page)
    assert "MulBackward0" in page.read_text(encoding="utf-8") and "<svg" in g._repr_svg_()


def _python_layout_rects(svg, start):
    rects = re.findall(start + r'"(\w+)"><title>[^<]*</title><rect x="([\d.]+)" y="([\d.]+)" '
                       r'width="([\d.]+)" height="([\d.]+)"', svg)
    return {i: tuple(map(float, r)) for i, *r in rects}


def _apart(a, b):
    (x, y, w, h), (x2, y2, w2, h2) = a, b
    return x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_python_layout_draws_every_box_without_overlaps():
    params, out = mlp()
    with viz.record():
        out.backward()
    g = viz.graph(out, params=params)
    svg = g.html(layout="python")
    boxes = _python_layout_rects(svg, '<g class="node" id=')
    labels = _python_layout_rects(svg, '<g class="edge" data-edge=')
    assert set(boxes) == {b.id for b in g.boxes} and set(labels) == {e.id for e in g.edges if e.label}
    width, height = map(float, re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', svg).groups())
    items = list(boxes.values())
    for i, (x, y, w, h) in enumerate(items):
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
        assert all(_apart(items[i], other) for other in items[i + 1:])
        assert all(_apart(items[i], label) for label in labels.values())
    for x, y, w, h in labels.values():
        assert x + w <= width
    with pytest.raises(ValueError):
        g.html(layout="neato")


@needs_dot
def test_svg_and_png_through_graphviz(tmp_path):
    x, y, z, out = tutorial()
    with viz.record():
        out.backward()
    g = viz.graph(out, params=dict(x=x))
    path = g.save(tmp_path / "g.svg")
    root = ET.parse(path).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = {e.get("id"): e for e in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {b.id for b in g.boxes} <= set(groups) and {e.id for e in g.edges} <= set(groups)
    texts = " ".join(t.text or "" for t in root.iterfind(".//s:text", ns))
    for word in ("MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad", "x.grad += grad", "4.5"):
        assert word in texts
    png = g.save(tmp_path / "g.png")
    assert open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    rendered = g.render(str(tmp_path / "graph"), format="svg")
    assert rendered.endswith("graph.svg") and (tmp_path / "graph").read_text(encoding="utf-8") == g.source
    assert g._repr_svg_().startswith("<svg")
    odd = viz.graph(out, params={'we"ird\\name': x}).pipe("svg").decode()  # quotes and backslashes escaped
    assert "we&quot;ird\\name" in odd


def _chromium(*args, page):
    profile = page.parent / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
           *args, page.as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


HOVER = """<script>
var panel = document.querySelector(".pbv-details");
document.querySelector("g.node#n1").dispatchEvent(new MouseEvent("mouseenter"));
document.body.setAttribute("data-hovered", panel.textContent);
var label = document.querySelector('g.edge[data-edge="e5"]') || document.getElementById("e5");
label.dispatchEvent(new MouseEvent("mouseenter"));
document.body.setAttribute("data-hovered-edge", panel.textContent);
</script></body>"""


@needs_chromium
@pytest.mark.parametrize("layout", ["dot", "python"])
def test_html_page_in_headless_chromium(tmp_path, layout):
    if layout == "dot" and DOT is None:
        pytest.skip("Graphviz's `dot` is not installed (apt-get install graphviz)")
    x, y, z, out = tutorial()
    with viz.record():
        out.backward()
    g = viz.graph(out, params=dict(x=x, y=y, z=z, out=out))
    page = tmp_path / "graph.html"
    html = g.html(layout=layout)
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing to fetch: it works offline
    page.write_text(html.replace("</body>", HOVER), encoding="utf-8")
    dom = _chromium("--dump-dom", page=page).stdout
    for word in ("MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad", "x.grad += grad",
                 "grad·other, grad·self", "4.5", "2.25"):
        assert word in dom, word
    hovered = re.search(r'data-hovered="([^"]*)"', dom)  # the page's script filled the details panel
    assert hovered and hovered[1].startswith("z = MulBackward0") and "gradient arrived" in hovered[1]
    hovered = re.search(r'data-hovered-edge="([^"]*)"', dom)  # an arrow (or its label) shows its gradient
    assert hovered and hovered[1].startswith("gradient sent AddBackward0 → AccumulateGrad") and "4.5" in hovered[1]
    shot = tmp_path / "shot.png"
    _chromium(f"--screenshot={shot}", "--window-size=800,1000", page=page)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and os.path.getsize(shot) > 10_000


def test_jupyter_reprs():
    x, y, z, out = tutorial()
    g = viz.graph(out)
    assert repr(g) == "<pullback.viz.Graph: 6 boxes, 6 arrows>"  # the output, 5 nodes; 5 edges and the output's
    html = g._repr_html_()
    assert html.startswith('<div class="pbv"') and "<svg" in html and "MulBackward0" in html
    assert g._repr_html_() != html  # each display gets its own element ids


def test_several_outputs_share_one_picture():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    a, b = y.sum(), (y * y).sum()
    with viz.record():
        torch.autograd.backward([a, b])
    nodes, edges = parse_dot(viz.graph([a, b], params=dict(a=a, b=b, x=x)).source)
    assert nodes["o0"][0] == "a" and nodes["o1"][0] == "b"
    assert [label for s, _, label in edges if s.startswith("o")] == ["1", "1"]
    assert sum("MulBackward0" in v for v in nodes.values()) == 2  # y = 3x is drawn once
    into_x = [label for _, d, label in edges if "AccumulateGrad" in nodes[d]]
    np.testing.assert_allclose(as_array(into_x[0]), x.grad.numpy(), rtol=1e-3)  # 3 + 18 x


def test_graph_demo_example_writes_the_pictures(tmp_path):
    script = os.path.join(os.path.dirname(__file__), os.pardir, "examples", "graph_demo.py")
    run = subprocess.run([sys.executable, os.path.abspath(script)], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "4.5000" in run.stdout
    page = (tmp_path / "out" / "tutorial_graph.html").read_text(encoding="utf-8")
    assert "x.grad += grad" in page
    assert (tmp_path / "out" / "tutorial_graph.png").exists() == (DOT is not None)


def test_addmm_formulas_follow_its_input_order():
    x = torch.randn(5, 3)
    w = torch.randn(4, 3, requires_grad=True)
    b = torch.zeros(4, requires_grad=True)
    for out in torch.nn.functional.linear(x, w, b), torch.addmm(b, x, w.t()):
        node = out.grad_fn
        assert node.name() == "AddmmBackward0"
        found = {}
        for (child, _), text in zip(node.next_functions, viz.formula(node)):
            while child is not None and not hasattr(child, "variable"):  # through w.t()
                child = child.next_functions[0][0]
            if child is not None:
                found[child.variable is w] = text
        assert found == {True: "alpha·mat1ᵀ·grad", False: "beta·grad"}


def _svg_texts(path):
    root = ET.parse(path).getroot()
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_autograd_tour_writes_the_picture_the_readme_shows(tmp_path):
    """examples/autograd_tour.py (run as torch code through pullback.run) draws the tutorial graph
    with its gradients; the README's picture is that drawing, kept current."""
    root = os.path.join(os.path.dirname(__file__), os.pardir)
    run = subprocess.run([sys.executable, "-m", "pullback.run", os.path.join(root, "examples", "autograd_tour.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "out" / "tour_graph.html").read_text(encoding="utf-8")
    for word in ("MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad", "x.grad += grad",
                 "grad·other, grad·self", "[[4.5, 4.5],"):
        assert word in page, word
    readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    assert "](docs/viz_tutorial.svg)" in readme
    picture = os.path.join(root, "docs", "viz_tutorial.svg")
    texts = _svg_texts(picture)
    assert "x.grad += grad" in texts and "[[4.5, 4.5]," in texts and "out" in texts
    if DOT is None:
        pytest.skip("Graphviz's `dot` is not installed: the tour writes no SVG to compare with the README's")
    assert _svg_texts(tmp_path / "out" / "tour_graph.svg") == texts, \
        "docs/viz_tutorial.svg is stale: copy out/tour_graph.svg from `make demo` over it"


def test_an_nn_module_as_params_frames_its_modules_with_their_class_and_real_gradients():
    """params=model: parameters named as named_parameters() names them, each module framed as
    `prefix (Class)`, and the gradient drawn into each parameter is torch's gradient."""
    rng = np.random.default_rng(5)
    x, target = rng.standard_normal((3, 4)).astype(np.float32), np.array([0, 1, 1])
    grads, graphs = {}, {}
    for m in (torch, real_torch):
        m.manual_seed(0)
        model = m.nn.Sequential(m.nn.Linear(4, 8), m.nn.ReLU(), m.nn.Sequential(m.nn.Linear(8, 8), m.nn.Tanh()),
                                m.nn.Linear(8, 2))
        with m.no_grad():
            for name, p in model.named_parameters():
                p.copy_(m.tensor(rng.standard_normal(tuple(p.shape)).astype(np.float32) * 0.5))
        loss = m.nn.functional.cross_entropy(model(m.tensor(x)), m.tensor(target))
        if m is torch:
            with viz.record():
                loss.backward()
            graphs["full"] = viz.graph(loss, params=model)
            graphs["small"] = viz.graph(loss, params=model, max_nodes=8)
        else:
            loss.backward()
        grads[m] = {name: p.grad.detach().numpy().copy() for name, p in model.named_parameters()}
        rng = np.random.default_rng(5)
        rng.standard_normal((3, 4))  # the same weights for the second library
    src = graphs["full"].source
    frames = re.findall(r'subgraph cluster_\d+ \{\n\s+label="([^"]+)";', src)
    assert sorted(frames) == ["0 (Linear)", "2.0 (Linear)", "3 (Linear)"]
    nodes, edges = parse_dot(src)
    for name, expected in grads[real_torch].items():
        box = next(k for k, v in nodes.items() if v[0] == name and "AccumulateGrad" in v)
        label = next(lab for _, d, lab in edges if d == box)
        if "norm=" in label:
            norm = float(re.search(r"norm=([\d.e+-]+)", label)[1])
            np.testing.assert_allclose(norm, np.linalg.norm(expected), rtol=1e-3, err_msg=name)
        else:
            np.testing.assert_allclose(as_array(label), expected, rtol=1e-3, atol=1e-4, err_msg=name)
        np.testing.assert_allclose(grads[torch][name], expected, rtol=1e-4, atol=1e-6)
    small, _ = parse_dot(graphs["small"].source)
    assert sorted(v[0] for v in small.values() if v[1:2] == ["4 nodes"]) == ["0 (Linear)", "2.0 (Linear)",
                                                                             "3 (Linear)"]


def test_checkpointed_graph_is_drawn_without_rerunning_it():
    import pullback.utils.checkpoint
    calls = []
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)

    def block(t):
        calls.append(1)
        return t.sin() * t
    out = torch.utils.checkpoint.checkpoint(block, x, use_reentrant=False).sum()
    before = viz.graph(out, params=dict(x=x)).source  # drawing does not unpack (that would rerun block)
    assert len(calls) == 1 and "packed (saved_tensors_hooks)" in before
    with viz.record():
        out.backward()
    assert len(calls) == 2  # the one rerun backward needs
    nodes, edges = parse_dot(viz.graph(out, params=dict(x=x)).source)
    into_x = [label for _, d, label in edges if "AccumulateGrad" in nodes[d]]
    xt = real_torch.tensor([0.5, -1.0, 2.0])
    expected = (xt.cos() * xt + xt.sin()).numpy()  # d/dx sum(sin(x) x), reaching x by two edges
    np.testing.assert_allclose(sum(as_array(label) for label in into_x), expected, rtol=1e-3)
