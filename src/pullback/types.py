"""torch.types: the type aliases torch's signatures use (Number, Device, _size, ...)."""
import os
from typing import IO, Union

from ._dtype import dtype as _dtype
from ._size import Size
from ._storage import TypedStorage, UntypedStorage
from ._tensor import Tensor, device as _device

_bool, _int, _float, _complex, _str, _bytes = bool, int, float, complex, str, bytes
_TensorOrTensors = Union[Tensor, tuple[Tensor, ...]]
_TensorOrOptionalTensors = Union[Tensor, None, tuple[Union[Tensor, None], ...]]
_size = Union[Size, list[int], tuple[int, ...]]
Number = Union[int, float, bool]
_Number = (int, float, bool)
Device = Union[_device, str, int, None]
Storage = Union[TypedStorage, UntypedStorage]
FileLike = Union[str, os.PathLike, IO[bytes]]

__all__ = ["Number", "Device", "Storage", "FileLike"]
