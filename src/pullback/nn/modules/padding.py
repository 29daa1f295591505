"""Padding layers: constant (zero), reflection, replication and circular padding via nn.functional.pad."""
from .. import functional as F
from .module import Module
from .utils import _ntuple


class _PadNd(Module):
    _dims = 1
    _mode = "constant"

    def __init__(self, padding, value=0.0):
        super().__init__()
        self.padding = _ntuple(2 * self._dims)(padding)  # (as torch's: a size of any type, checked by F.pad)
        if self._mode == "constant":
            self.value = value

    def forward(self, input):
        if self._mode == "constant":
            return F.pad(input, self.padding, "constant", self.value)
        return F.pad(input, self.padding, self._mode)

    def extra_repr(self):
        return f"{self.padding}"


def _padding_class(name, dims, mode, doc):
    return type(name, (_PadNd,), {"_dims": dims, "_mode": mode, "__doc__": doc, "__module__": __name__})


class _ConstantPad(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding, value)

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPad):
    """Pads the last dimension with a constant."""
    _dims = 1


class ConstantPad2d(_ConstantPad):
    """Pads the last two dimensions with a constant."""
    _dims = 2


class ConstantPad3d(_ConstantPad):
    """Pads the last three dimensions with a constant."""
    _dims = 3


ZeroPad1d = _padding_class("ZeroPad1d", 1, "constant", "Pads the last dimension with zeros.")
ZeroPad2d = _padding_class("ZeroPad2d", 2, "constant", "Pads the last two dimensions with zeros.")
ReflectionPad1d = _padding_class("ReflectionPad1d", 1, "reflect", "Pads the last dimension by reflection.")
ReflectionPad2d = _padding_class("ReflectionPad2d", 2, "reflect", "Pads the last two dimensions by reflection.")
ReplicationPad1d = _padding_class("ReplicationPad1d", 1, "replicate", "Pads the last dimension with edge values.")
ReplicationPad2d = _padding_class("ReplicationPad2d", 2, "replicate",
                                  "Pads the last two dimensions with edge values.")
CircularPad1d = _padding_class("CircularPad1d", 1, "circular", "Pads the last dimension by wrapping around.")
CircularPad2d = _padding_class("CircularPad2d", 2, "circular", "Pads the last two dimensions by wrapping around.")
ZeroPad3d = _padding_class("ZeroPad3d", 3, "constant", "Pads the last three dimensions with zeros.")
ReflectionPad3d = _padding_class("ReflectionPad3d", 3, "reflect", "Pads the last three dimensions by reflection.")
ReplicationPad3d = _padding_class("ReplicationPad3d", 3, "replicate",
                                  "Pads the last three dimensions with edge values.")
CircularPad3d = _padding_class("CircularPad3d", 3, "circular", "Pads the last three dimensions by wrapping around.")
