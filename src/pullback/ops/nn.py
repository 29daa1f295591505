"""Neural-network ops (activations with their own nodes, softmax family, losses, convolution, pooling).

Public functions here are re-exported by pullback.nn.functional (and those torch also has at top
level, such as torch.softmax, by pullback itself through __all__).
"""
from ._op import Op  # noqa: F401

__all__ = []
METHODS = {}
