"""See the graph: the backward graph of a tensor as DOT, SVG, PNG or a self-contained HTML page.

    g = pullback.viz.graph(out, params=dict(x=x))   # or params=model.named_parameters()
    g.save("graph.svg")                             # .dot, .svg, .png, .pdf, .html

Every backward run inside `with pullback.viz.record():` also records the gradient that
flowed along each edge; the picture then shows it, with each node's derivative formula.
"""
from ._formulas import FORMULAS, INPUT_NAMES, formula
from ._graph import ExecutableNotFound, Graph, graph
from ._record import record

__all__ = ["graph", "record", "Graph", "ExecutableNotFound", "formula"]  # and the plain tables FORMULAS, INPUT_NAMES
