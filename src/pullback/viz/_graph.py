"""graph(): the backward graph reachable from a tensor, as a picture."""
import itertools
import json
import os
import shutil
import subprocess

from .._tensor import Tensor
from ..autograd.node import AccumulateGrad, gradient_edge
from ._formulas import formula, lookup
from ._inspect import Value, node_name, reachable, saved_items, shape_text
from ._layout import FILL, layered_svg
from ._record import flow


class ExecutableNotFound(RuntimeError):
    """Graphviz's `dot` is needed for this output format but is not installed."""


class Box:
    """One box of the picture: a node, a leaf, an output, or several nodes collapsed into one."""

    __slots__ = ("id", "lines", "kind", "details", "group", "names")

    def __init__(self, id, lines, kind, details, names=(), group=None):
        self.id, self.lines, self.kind, self.details = id, lines, kind, details
        self.names = list(names)  # the node names it stands for
        self.group = group        # module it belongs to, if any


class Edge:
    """An arrow from a node to a node it sends gradient to, labelled with that gradient if recorded."""

    __slots__ = ("id", "src", "dst", "label", "details")

    def __init__(self, src, dst, label, details):
        self.id, self.src, self.dst, self.label, self.details = None, src, dst, label, details


def graph(out, params=None, max_nodes=None, group_modules=True):
    """The backward graph reachable from `out` (a tensor or a sequence of tensors).

    params: names for tensors, a dict or (name, tensor) pairs such as
        `model.named_parameters()` or `dict(x=x, y=y)`; leaves and intermediate results
        found in the graph are labelled with them. An nn.Module names its parameters and
        buffers, and its modules' frames say their class (`fc1 (Linear)`).
    max_nodes: collapse larger graphs, first each module (the dotted prefix of parameter
        names, e.g. `encoder.0`) into one box, then everything past the first nodes.
    group_modules: draw the nodes of each module inside one frame.
    Gradients recorded by the latest backward inside `record()` label the edges.
    """
    outputs = [out] if isinstance(out, Tensor) else list(out)
    by_leaf, by_output, module_types = _names(params)
    boxes, edges = [], []
    roots = []
    for i, t in enumerate(outputs):
        node, nr = gradient_edge(t)
        if node is None:
            raise ValueError(f"output {i} does not require grad, so it has no backward graph to draw")
        roots.append((node, nr))
    nodes = reachable([node for node, _ in roots])
    ids = {node: f"n{j}" for j, node in enumerate(nodes)}
    metas = {}  # (node, output_nr) -> (shape, dtype) of that output
    for node in nodes:
        for (child, nr), meta in zip(node._edges, node._metas):
            if child is not None and meta is not None:
                metas.setdefault((child, nr), meta)

    for i, (t, (node, nr)) in enumerate(zip(outputs, roots)):
        metas.setdefault((node, nr), (t._data.shape, t._data.dtype))
        value = Value(t._data)
        name = by_output.pop((node, nr), None) or by_leaf.get(id(t)) or "output"  # named once, on its box
        scalar = value.array is not None and value.array.size == 1
        lines = [name, value.meta] + ([f"= {value.label()}"] if scalar else [])
        boxes.append(Box(f"o{i}", lines, "output", f"{name}\n{value.details()}"))
        f = flow(node)
        seed = f.grad_outputs[nr] if f is not None else None
        edges.append(Edge(f"o{i}", ids[node], seed.label() if seed else "",
                          f"gradient of {name} with respect to itself\n{seed.details()}" if seed else name))

    for node in nodes:
        boxes.append(_node_box(node, ids[node], metas, by_leaf, by_output))
        f = flow(node)
        for i, (child, nr) in enumerate(node._edges):
            if child is None:
                continue
            g = f.grad_inputs[i] if f is not None and f.grad_inputs is not None else None
            where = f"{node_name(node)} → {node_name(child)} (input {i})"
            meta = node._metas[i]
            edges.append(Edge(ids[node], ids[child], g.label() if g else "",
                              f"gradient sent {where}\n{g.details()}" if g else
                              f"{where}\ntensor {shape_text(*meta)}" if meta else where))

    if group_modules or max_nodes is not None:
        _assign_groups(nodes, ids, boxes[len(outputs):], by_leaf, module_types)
    if max_nodes is not None:
        boxes, edges = _collapse(boxes, edges, max_nodes)
    for j, e in enumerate(edges):
        e.id = f"e{j}"
    return Graph(boxes, edges, framed=group_modules)


def _names(params):
    """({id(leaf): name}, {(node, output_nr): name}, {module prefix: class name})."""
    by_leaf, by_output, module_types = {}, {}, {}
    if params is None:
        return by_leaf, by_output, module_types
    if hasattr(params, "named_parameters") and hasattr(params, "named_modules"):  # an nn.Module
        module_types = {name: type(mod).__name__ for name, mod in params.named_modules() if name}
        params = list(params.named_parameters()) + list(params.named_buffers())
    for name, t in (params.items() if hasattr(params, "items") else params):
        if not isinstance(t, Tensor):
            continue
        if t.grad_fn is None:
            by_leaf[id(t)] = name
        else:
            by_output[(t.grad_fn, t._output_nr)] = name
    return by_leaf, by_output, module_types


def _node_box(node, box_id, metas, by_leaf, by_output):
    name = node_name(node)
    f = flow(node)
    if type(node) is AccumulateGrad:
        var = node.variable
        leaf = by_leaf.get(id(var), "")
        value = Value(var._data)
        rule = formula(node, leaf or "leaf")[0]
        lines = ([leaf] if leaf else []) + [value.meta, name] + ([rule] if f is not None else [])
        details = f"{leaf or 'leaf tensor'} ({name})\n{rule}\nvalue: {value.details()}"
        if var._grad is not None:
            details += f"\n.grad: {Value(var._grad._data).details()}"
        return Box(box_id, lines, "leaf", details, [name])

    names = [by_output[(node, nr)] for nr in range(node._n_outputs) if (node, nr) in by_output]
    out_metas = "; ".join(shape_text(*metas[(node, nr)]) for nr in range(node._n_outputs) if (node, nr) in metas)
    inputs, parts = lookup(node)
    saved = saved_items(node, inputs)
    if saved is None and f is not None:
        saved = f.saved  # freed by backward, but recorded before
    lines = ([", ".join(names)] if names else []) + [name] + ([out_metas] if out_metas else [])
    if f is not None:
        lines.append(", ".join(p for p, (child, _) in zip(parts, node._edges) if child is not None and p))
    details = [f"{', '.join(names)} = {name}" if names else name, f"output: {out_metas}"]
    for i, ((child, _), meta) in enumerate(zip(node._edges, node._metas)):
        if child is not None:
            details.append(f"input {i} ({inputs[i]}): {shape_text(*meta) if meta else '?'}, "
                           f"gradient {parts[i] or '?'}")
    if saved is None:
        details.append("saved tensors: freed by backward (retain_graph=False)")
    for key, v in saved or ():
        text = v.text(limit=32)
        lines.append(f"{key} = {' '.join(text.split())}" if text else f"{key}: {v.meta}")
        details.append(f"saved {key}: {v.details()}")
    if f is not None:
        details += [f"gradient arrived at output {nr}: {g.details()}" for nr, g in enumerate(f.grad_outputs) if g]
    return Box(box_id, lines, "op", "\n".join(details), [name])


# ops that only reshape or copy a tensor: applied to a parameter (a weight's transpose), they belong to its module
_MOVEMENT = {"TBackward0", "TransposeBackward0", "PermuteBackward0", "ViewBackward0", "UnsafeViewBackward0",
             "ReshapeAliasBackward0", "ExpandBackward0", "SqueezeBackward0", "SqueezeBackward1", "SqueezeBackward2",
             "UnsqueezeBackward0", "CloneBackward0", "ToCopyBackward0", "SelectBackward0", "SliceBackward0"}


def _assign_groups(nodes, ids, boxes, by_leaf, module_types=None):
    """Module of each node: a parameter's dotted prefix (with its class, when known); an op joins
    the one module whose parameters it uses, directly or through a movement op on them (like a
    weight's transpose)."""
    module_types = module_types or {}

    def group(name):
        prefix = name.rpartition(".")[0] or None
        return f"{prefix} ({module_types[prefix]})" if prefix in module_types else prefix
    module = {n: group(by_leaf.get(id(n.variable), "")) for n in nodes if type(n) is AccumulateGrad}
    pure = dict(module)  # parameters, and movement ops on one module's parameters
    for n in nodes:
        if n.name() in _MOVEMENT:
            kids = {c for c, _ in n.next_functions if c is not None}
            mods = {module.get(c) for c in kids}
            pure[n] = mods.pop() if kids <= module.keys() and len(mods) == 1 else None
    by_id = {b.id: b for b in boxes}
    for n in nodes:
        used = {pure.get(c) for c, _ in n.next_functions if c is not None} - {None}
        by_id[ids[n]].group = module[n] if n in module else used.pop() if len(used) == 1 else None


def _collapse(boxes, edges, max_nodes):
    """Merge each module into one box, then everything past the first `max_nodes` boxes into one."""
    if max_nodes < 1:
        raise ValueError(f"max_nodes must be at least 1, got {max_nodes}")
    outputs = [b for b in boxes if b.kind == "output"]
    inner = [b for b in boxes if b.kind != "output"]
    rep = {}  # box id -> id of the box standing for it
    if len(inner) > max_nodes:
        members = {}
        for b in inner:
            if b.group is not None:
                members.setdefault(b.group, []).append(b)
        stand_in = {}
        for j, (g, bs) in enumerate(members.items()):
            if len(bs) > 1:
                stand_in[g] = _summary_box(f"g{j}", g, bs, "group")
                rep.update((b.id, stand_in[g].id) for b in bs)
        shown, placed = [], set()  # a module's box goes where its first member was
        for b in inner:
            if b.id not in rep:
                shown.append(b)
            elif b.group not in placed:
                placed.add(b.group)
                shown.append(stand_in[b.group])
        inner = shown
    if len(inner) > max_nodes:
        cut = inner[max_nodes - 1:]
        inner = inner[:max_nodes - 1] + [_summary_box("more", None, cut, "more")]
        cut_ids = {b.id for b in cut}
        rep = {k: ("more" if v in cut_ids else v) for k, v in rep.items()}
        rep.update((i, "more") for i in cut_ids if i not in rep)  # boxes that were not in a module
    result, merged = [], {}  # merged: (src, dst) -> [edge, how many edges it stands for]
    for e in edges:
        src, dst = rep.get(e.src, e.src), rep.get(e.dst, e.dst)
        if src == dst:
            continue
        if (src, dst) == (e.src, e.dst):
            result.append(e)
        elif (src, dst) in merged:
            merged[src, dst][1] += 1
        else:
            merged[src, dst] = [Edge(src, dst, e.label, e.details), 1]
            result.append(merged[src, dst][0])
    for e, n in merged.values():
        if n > 1:  # several gradients now share one arrow
            e.label, e.details = f"{n} edges", f"{n} edges; the first:\n{e.details}"
    return outputs + inner, result


def _summary_box(box_id, title, bs, kind):
    names = [n for b in bs for n in b.names]
    counts = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    kinds = "\n".join(f"{c}× {n}" for n, c in counts.items())
    head = title if title is not None else f"… {len(names)} more nodes"
    lines = [head, f"{len(names)} nodes" if title is not None else "not drawn (max_nodes)"]
    return Box(box_id, lines, kind, f"{head}\n{kinds}", names)


_uids = itertools.count()

_DOT_MISSING = ("Graphviz's `dot` program was not found on PATH; it is needed for {} output. Install "
                "Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; conda: "
                "conda install graphviz). Without it, `.source` still gives the DOT text and "
                "`.save('graph.html')` draws the graph with pullback's own layout.")


def _quote(text, left=False):
    """A DOT string; `left` justifies every line to the left (for numbers in columns)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    if left:  # dot drops leading spaces; no-break spaces keep the columns of an array aligned
        text = "\n".join("\u00a0" * (len(line) - len(line.lstrip(" "))) + line.lstrip(" ") for line in text.split("\n"))
    return '"' + (text.replace("\n", "\\l") + "\\l" if left else text.replace("\n", "\\n")) + '"'


class Graph:
    """A drawn backward graph (made by `pullback.viz.graph`).

    `.source` is its Graphviz DOT text; `.save(path)` writes .dot/.gv, .svg, .png, .pdf
    (these three through Graphviz's `dot`) or .html (a self-contained page with hover
    details, laid out by `dot` when installed and by pullback otherwise). In Jupyter it
    displays itself.
    """

    def __init__(self, boxes, edges, framed=True):
        self.boxes, self.edges, self.framed = boxes, edges, framed

    def __repr__(self):
        return f"<pullback.viz.Graph: {len(self.boxes)} boxes, {len(self.edges)} arrows>"

    @property
    def source(self):
        """The graph in Graphviz's DOT language."""
        out = ["digraph backward {",
               '  graph [rankdir=TB, nodesep=0.3, ranksep=0.4, fontname="Helvetica", tooltip="backward graph"]',
               '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, color="#555555", '
               'margin="0.12,0.05"]',
               '  edge [fontname="Helvetica", fontsize=9, color="#555555", arrowsize=0.7]']
        frames = {}
        for b in self.boxes:
            style = ', style="rounded,filled,dashed"' if b.kind in ("more", "group") else ""
            line = (f'{b.id} [id="{b.id}", label={_quote(chr(10).join(b.lines))}, fillcolor="{FILL[b.kind]}"'
                    f'{style}, tooltip={_quote(b.details)}]')
            if self.framed and b.group is not None:
                frames.setdefault(b.group, []).append(line)
            else:
                out.append("  " + line)
        for j, (group, lines) in enumerate(frames.items()):
            out.append(f'  subgraph cluster_{j} {{')
            out.append(f'    label={_quote(group)}; style="dashed,rounded"; color="#7a7aa8"; fontsize=10;')
            out.extend("    " + line for line in lines)
            out.append("  }")
        for e in self.edges:
            label = f", label={_quote(e.label, left=True)}" if e.label else ""
            out.append(f'  {e.src} -> {e.dst} [id="{e.id}"{label}, tooltip={_quote(e.details)}]')
        out.append("}")
        return "\n".join(out) + "\n"

    def pipe(self, format="svg"):
        """The graph rendered by Graphviz's `dot` in `format` (svg, png, pdf, ...), as bytes."""
        dot = shutil.which("dot")
        if dot is None:
            raise ExecutableNotFound(_DOT_MISSING.format(format.upper()))
        args = [dot, f"-T{format}"] + (["-Gdpi=144"] if format == "png" else [])
        run = subprocess.run(args, input=self.source.encode("utf-8"), capture_output=True)
        if run.returncode != 0:
            raise RuntimeError(f"dot failed: {run.stderr.decode('utf-8', 'replace').strip()}")
        return run.stdout

    def save(self, path, format=None):
        """Write the graph to `path`, in `format` or the one its suffix names; returns `path`."""
        path = os.fspath(path)
        format = (format or os.path.splitext(path)[1].lstrip(".") or "dot").lower()
        if format in ("dot", "gv"):
            data = self.source.encode("utf-8")
        elif format in ("html", "htm"):
            data = self.html().encode("utf-8")
        else:
            data = self.pipe(format)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def render(self, filename="graph", format="svg"):
        """Like graphviz's `Source.render`: write the DOT text to `filename` and the drawing to
        `filename.format`; returns the drawing's path."""
        self.save(filename, "dot")
        return self.save(f"{filename}.{format}", format)

    def _svg(self, layout, uid):
        if layout == "dot" or layout == "auto" and shutil.which("dot"):
            svg = self.pipe("svg").decode("utf-8")
            return svg[svg.index("<svg"):]  # drop the XML prolog to embed it in HTML
        if layout in ("auto", "python"):
            return layered_svg(self.boxes, self.edges, uid)
        raise ValueError(f"layout must be 'auto', 'dot' or 'python', got {layout!r}")

    def _fragment(self, layout="auto"):
        uid = f"pbv{next(_uids)}"
        details = {b.id: b.details for b in self.boxes}
        details.update((e.id, e.details) for e in self.edges)
        data = json.dumps(details, ensure_ascii=False).replace("</", "<\\/")
        return f"""<div class="pbv" id="{uid}">
<style>
#{uid} {{display: flex; gap: 12px; align-items: flex-start; font-family: sans-serif}}
#{uid} .pbv-graph {{overflow: auto; max-width: 100%}}
#{uid} .pbv-details {{position: sticky; top: 8px; min-width: 18em; max-width: 32em; margin: 0; padding: 8px;
  border: 1px solid #ccc; background: #fafafa; font-size: 12px; white-space: pre-wrap}}
#{uid} g.node, #{uid} g.edge {{cursor: pointer}}
#{uid} g.pbv-hot path, #{uid} g.pbv-hot polygon, #{uid} g.pbv-hot rect {{stroke: #d9480f; stroke-width: 2}}
</style>
<div class="pbv-graph">{self._svg(layout, uid)}</div>
<pre class="pbv-details">Hover over a node or an arrow for its details.</pre>
<script>
(function () {{
  var root = document.getElementById("{uid}"), panel = root.querySelector(".pbv-details");
  var details = {data};
  root.querySelectorAll("g.node, g.edge").forEach(function (g) {{
    var key = g.id || g.getAttribute("data-edge");  // an arrow's label is drawn apart from the arrow
    if (!(key in details)) return;
    g.addEventListener("mouseenter", function () {{ panel.textContent = details[key]; g.classList.add("pbv-hot"); }});
    g.addEventListener("mouseleave", function () {{ g.classList.remove("pbv-hot"); }});
  }});
}})();
</script>
</div>"""

    def html(self, layout="auto"):
        """A self-contained HTML page (no network needed) showing the graph with hover details.

        layout: "dot" (Graphviz), "python" (pullback's own layered layout, no dependency) or
        "auto" (dot when installed)."""
        return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                "<title>pullback backward graph</title>\n</head>\n<body>\n"
                f"{self._fragment(layout)}\n</body>\n</html>\n")

    def _repr_svg_(self):
        return self._svg("auto", f"pbv{next(_uids)}")

    def _repr_html_(self):
        return self._fragment()
