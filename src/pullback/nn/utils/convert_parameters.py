"""Flatten parameters into one vector and back."""
import pullback

from ..._tensor import Tensor
from ..modules.module import typename


def parameters_to_vector(parameters):
    """One 1-D tensor holding every parameter's values in order."""
    vec, device = [], None
    for param in parameters:
        device = _check_param_device(param, device)
        vec.append(param.view(-1))
    return pullback.cat(vec)


def _check_param_device(param, device):
    """torch's: every parameter on the first one's device (read first, so a non-tensor is its AttributeError)."""
    if device is not None and param.device != device:
        raise TypeError("Found two parameters on different devices, this is currently not supported.")
    return param.device


def vector_to_parameters(vec, parameters):
    """Make each parameter a view of its slice of `vec` (the inverse of parameters_to_vector)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    views, pointer, device = [], 0, None
    for param in parameters:  # every view first: a too-short vec fails before any parameter changes
        device = _check_param_device(param, device)
        n = param.numel()
        views.append((param, vec[pointer:pointer + n].view_as(param)))
        pointer += n
    for param, view in views:
        param.data = view.data
