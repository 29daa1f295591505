"""DLPack: tensors shared with other libraries (NumPy, torch, JAX...) without a copy, through NumPy's
DLPack support. torch.from_dlpack and torch.to_dlpack, and Tensor.__dlpack__ / __dlpack_device__
(torch's checks first: no tensor that requires grad, no stream on the CPU).
"""
import enum

import numpy as np


class DLDeviceType(enum.IntEnum):
    """The device types of the DLPack specification (pullback's tensors are all kDLCPU)."""
    kDLCPU = 1
    kDLCUDA = 2
    kDLCUDAHost = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLROCMHost = 11
    kDLExtDev = 12
    kDLCUDAManaged = 13
    kDLOneAPI = 14
    kDLWebGPU = 15
    kDLHexagon = 16
    kDLMAIA = 17


_INVALID_CAPSULE = ("from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed only once, "
                    "so you might have already constructed a tensor from it once.")


def _exported(tensor):
    """The tensor's elements as an ndarray that may be exported: a view writable wherever its memory is
    (NumPy marks broadcast views read-only, and refuses to export those without DLPack 1.0's flag,
    where torch exports an expanded tensor as any other)."""
    a = tensor._data
    if a.flags.writeable:
        return a
    from .ops._op import _Scratch
    from .ops.strided import AsStridedView, _geometry
    return AsStridedView.forward(_Scratch(), a, *_geometry(a))


class _Capsule:
    """A bare capsule offered to NumPy's from_dlpack, which takes only objects with __dlpack__."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return DLDeviceType.kDLCPU, 0


def from_dlpack(ext_tensor, *, device=None, copy=None):
    """A tensor sharing memory with `ext_tensor`: an object with __dlpack__ (a NumPy array, a torch or
    pullback tensor...) or a DLPack capsule (to_dlpack's; it can be used once). copy=True copies,
    copy=False refuses to. `device`: the CPU, pullback's only device."""
    from ._creation import _sharing
    if hasattr(ext_tensor, "__dlpack__"):
        if device is not None:
            from ._tensor import _check_device
            _check_device(device)
        data = np.from_dlpack(ext_tensor, copy=copy)
    else:
        if device is not None or copy is not None:
            raise AssertionError("device and copy kwargs not supported when ext_tensor is already a DLPack capsule.")
        try:
            data = np.from_dlpack(_Capsule(ext_tensor))
        except (TypeError, ValueError):
            raise RuntimeError(_INVALID_CAPSULE) from None
    return _sharing(data)


def to_dlpack(data):
    """A DLPack capsule (the unversioned kind torch's to_dlpack makes) sharing the tensor `data`'s
    memory, for another library's from_dlpack; it can be used once."""
    if not isinstance(data, Tensor):
        raise TypeError(f"_to_dlpack(): argument 'data' (position 1) must be Tensor, not {type(data).__name__}")
    return _exported(data).__dlpack__()


def __dlpack__(self, *, stream=-1, max_version=None, dl_device=None, copy=None):
    """A DLPack capsule of the tensor (DLPack 1.0's when max_version allows, else the unversioned
    kind), sharing its memory unless copy=True. Refused for a tensor that requires grad."""
    if self.requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if stream is not None and type(stream) is not int:
        raise TypeError("stream must be ``int`` or ``none``")
    if stream is not None and stream != -1:
        raise AssertionError("stream should be None on cpu.")
    data = _exported(self)
    if max_version is None or max_version[0] < 1:
        return data.__dlpack__(dl_device=dl_device, copy=copy)
    return data.__dlpack__(max_version=max_version, dl_device=dl_device, copy=copy)


def __dlpack_device__(self):
    """(DLDeviceType.kDLCPU, 0): where the tensor's memory is, for DLPack consumers."""
    return DLDeviceType.kDLCPU, 0


METHODS = {"__dlpack__": __dlpack__, "__dlpack_device__": __dlpack_device__}

from ._tensor import Tensor  # noqa: E402
