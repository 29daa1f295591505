"""Flatten parameters into one vector and back."""
import pullback

from ..._tensor import Tensor
from ..modules.module import typename


def parameters_to_vector(parameters):
    """One 1-D tensor holding every parameter's values in order."""
    return pullback.cat([p.view(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Make each parameter a view of its slice of `vec` (the inverse of parameters_to_vector)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    views, pointer = [], 0
    for param in parameters:  # every view first: a too-short vec fails before any parameter changes
        n = param.numel()
        views.append((param, vec[pointer:pointer + n].view_as(param)))
        pointer += n
    for param, view in views:
        param.data = view.data
