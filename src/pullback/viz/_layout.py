"""A simple layered drawing of a graph as SVG, in Python, for when Graphviz is not installed.

Boxes go in rows by their longest distance from the outputs; each row is ordered by the
mean position of the boxes above it (a few barycentre sweeps); arrows are straight lines;
an edge's label sits just above the box it points to, which its row leaves room for.
Modules are not framed here (Graphviz draws those frames).
"""
from collections import deque
from html import escape

FILL = {"output": "#c8e6b0", "leaf": "#cfe2f3", "op": "#ececec", "group": "#fbe3c0", "more": "#ffffff"}

FONT = 12
LINE = 15        # line height
CHAR = 7.3       # width of one character of a 12px monospace font
PAD = 8
GAP_X = 28
GAP_Y = 36
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"


def _size(lines):
    return max(len(line) for line in lines) * CHAR + 2 * PAD, len(lines) * LINE + 2 * PAD - 4


def _text(x, y, lines, anchor="middle"):
    spans = "".join(f'<tspan x="{x:.1f}" y="{y + (i + 1) * LINE - 3:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text text-anchor="{anchor}" font-family="{MONO}" font-size="{FONT}">{spans}</text>'


def layered_svg(boxes, edges, uid="g"):
    """SVG text drawing `boxes` (objects with id, lines, kind, details) and `edges` (src, dst, label, details)."""
    ids = [b.id for b in boxes]
    parents = {i: [] for i in ids}
    children = {i: [] for i in ids}
    for e in edges:
        parents[e.dst].append(e.src)
        children[e.src].append(e.dst)

    rank = {}  # longest path from a box without parents, in topological order
    indegree = {i: len(parents[i]) for i in ids}
    ready = deque(i for i in ids if indegree[i] == 0)
    while ready:
        i = ready.popleft()
        rank[i] = max((rank[p] + 1 for p in parents[i]), default=0)
        for c in children[i]:
            indegree[c] -= 1
            if indegree[c] == 0:
                ready.append(c)
    rows = [[] for _ in range(max(rank.values(), default=-1) + 1)]
    for i in ids:
        rows[rank[i]].append(i)

    pos = {i: (k + 0.5) / len(row) for row in rows for k, i in enumerate(row)}  # 0..1 across a row
    for _ in range(4):
        for row in rows[1:]:
            row.sort(key=lambda i: sum(pos[p] for p in parents[i]) / len(parents[i]))
            pos.update((i, (k + 0.5) / len(row)) for k, i in enumerate(row))

    size = {b.id: _size(b.lines) for b in boxes}
    label_lines = {e: e.label.split("\n") if e.label else [] for e in edges}
    slot = {}   # the labels of the arrows into a box stack up just above it, right of its centre
    above = {}  # label lines above each box
    room = {i: size[i][0] for i in ids}  # width a box takes in its row, its labels included
    for e in edges:
        slot[e] = above.get(e.dst, 0)
        above[e.dst] = slot[e] + len(label_lines[e])
        if label_lines[e]:
            w = size[e.dst][0] / 2 + 4 + max(len(s) for s in label_lines[e]) * CHAR
            room[e.dst] = max(room[e.dst], w)
    # centre each row's boxes (labels may stick out to the right, into the row's own room)
    spans = [sum(room[i] for i in row[:-1]) + size[row[-1]][0] + GAP_X * (len(row) - 1) for row in rows]
    middle = max(spans, default=0) / 2 + GAP_X
    width = max((middle + span / 2 - size[row[-1]][0] + room[row[-1]] for row, span in zip(rows, spans)),
                default=0) + GAP_X
    xy = {}
    height = GAP_Y / 2
    for row, span in zip(rows, spans):
        height += max(above.get(i, 0) for i in row) * LINE
        x = middle - span / 2
        for i in row:
            xy[i] = (x, height)
            x += room[i] + GAP_X
        height += max(size[i][1] for i in row) + GAP_Y

    arrows, labels = [], []  # labels go on top of every arrow
    seen = {}
    for e in edges:
        n = seen[e.src, e.dst] = seen.get((e.src, e.dst), -1) + 1
        offset = (n + 1) // 2 * 14 * (1 if n % 2 else -1)  # parallel arrows side by side
        (sx, sy), (sw, sh) = xy[e.src], size[e.src]
        (dx, dy), (dw, _) = xy[e.dst], size[e.dst]
        x1, y1, x2, y2 = sx + sw / 2 + offset, sy + sh, dx + dw / 2 + offset, dy
        arrows.append(f'<g class="edge" id="{e.id}"><title>{escape(e.details)}</title>'
                      f'<path d="M{x1:.1f},{y1:.1f} L{x2:.1f},{y2 - 2:.1f}" stroke="#555" fill="none" '
                      f'marker-end="url(#{uid}-arrow)"/></g>')
        lines = label_lines[e]
        if lines:
            ly = y2 - 6 - (above[e.dst] - slot[e]) * LINE
            lx = dx + dw / 2 + 4 + max(offset, 0)
            w = max(len(s) for s in lines) * CHAR
            labels.append(f'<g class="edge" data-edge="{e.id}"><title>{escape(e.details)}</title>'
                          f'<rect x="{lx:.1f}" y="{ly:.1f}" width="{w:.1f}" height="{len(lines) * LINE:.1f}" '
                          f'fill="#ffffff" fill-opacity="0.9"/>{_text(lx, ly, lines, anchor="start")}</g>')
    nodes = []
    for b in boxes:
        (x, y), (w, h) = xy[b.id], size[b.id]
        dash = ' stroke-dasharray="4,3"' if b.kind in ("more", "group") else ""
        nodes.append(f'<g class="node" id="{b.id}"><title>{escape(b.details)}</title>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" '
                     f'fill="{FILL[b.kind]}" stroke="#555"{dash}/>{_text(x + w / 2, y + PAD - 2, b.lines)}</g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" style="white-space: pre"><defs>'
            f'<marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>'
            f'{"".join(arrows + labels + nodes)}</svg>')
