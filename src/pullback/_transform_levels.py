"""How deep in torch.func transforms the running code is, kept apart from func.py so that Tensor and
autograd can read it without importing the transforms."""
import threading


class _Levels(threading.local):
    transforms = 0  # transformed functions running (any transform)
    vmaps = 0       # of which vmap's


levels = _Levels()


def note_leaf(t):
    """`t` starts to require grad: inside a transformed function it belongs to that transform (torch
    wraps it at the transform's level), so the transform's results are not kept attached to it."""
    if levels.transforms:
        t.__dict__["_transform_depth"] = levels.transforms


def made_outside(t):
    """Whether leaf `t` required grad before the innermost transformed function now running began."""
    return t.__dict__.get("_transform_depth", 0) <= levels.transforms
