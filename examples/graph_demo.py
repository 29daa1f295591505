"""Draw the autograd tutorial's graph, with the gradients that flowed through it.

    out = mean(z),  z = 3 y²,  y = x + 2,  x = ones(2, 2)
    d(out)/dx = 6 (x + 2) / 4 = 4.5

Writes out/tutorial_graph.html (opens offline in any browser; hover for details) and,
when Graphviz's `dot` is installed, out/tutorial_graph.svg and out/tutorial_graph.png.
Run with `python examples/graph_demo.py`.
"""
import os

import pullback as torch
from pullback import viz

x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
with viz.record():  # remember the gradient that flows along each edge
    out.backward()
print("x.grad =", x.grad)

g = viz.graph(out, params=dict(x=x, y=y, z=z, out=out))
os.makedirs("out", exist_ok=True)
print("wrote", g.save("out/tutorial_graph.html"))
try:
    print("wrote", g.save("out/tutorial_graph.svg"))
    print("wrote", g.save("out/tutorial_graph.png"))
except viz.ExecutableNotFound as e:
    print("no SVG/PNG:", e)
