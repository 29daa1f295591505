"""torch.utils.data._utils.collate: how a DataLoader turns samples into a batch."""
import collections.abc
import numbers

import numpy as np

from .... import _creation, _dtype
from ...._tensor import Tensor


def default_convert(data):
    """NumPy arrays (of numbers) become tensors, inside mappings and sequences too; the rest is unchanged."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        return _creation.as_tensor(data)
    if isinstance(data, np.generic) and data.dtype.kind in "biuf":
        return _creation.as_tensor(np.asarray(data))
    if isinstance(data, collections.abc.Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        return [default_convert(d) for d in data]
    return data


def default_collate(batch):
    """Stack a list of samples into a batch: tensors/arrays/numbers become a tensor with a new first
    dimension; dicts, named tuples and sequences are collated field by field."""
    elem = batch[0]
    if isinstance(elem, Tensor):
        from .... import stack
        return stack(batch, 0)
    if isinstance(elem, np.ndarray) and elem.dtype.kind in "biuf":
        return _creation.as_tensor(np.stack(batch))
    if isinstance(elem, np.ndarray) and elem.dtype.kind in "SaUO":  # torch names the array's dtype
        raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
                        f"found {elem.dtype}")
    if isinstance(elem, np.generic) and elem.dtype.kind in "biuf":
        return _creation.as_tensor(np.array(batch))
    if isinstance(elem, bool):
        return _creation.tensor(batch, dtype=_dtype.bool)
    if isinstance(elem, numbers.Integral):
        return _creation.tensor(batch, dtype=_dtype.int64)
    if isinstance(elem, numbers.Real):
        return _creation.tensor(batch, dtype=_dtype.float64)
    if isinstance(elem, (str, bytes)):
        return batch
    if isinstance(elem, collections.abc.Mapping):
        return {key: default_collate([d[key] for d in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):
        return type(elem)(*(default_collate(samples) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        if any(len(e) != len(elem) for e in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(samples) for samples in zip(*batch)]
    raise TypeError("default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found "
                    f"{type(elem)}")
