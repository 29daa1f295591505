"""Tensor's legacy constructor, storages, set_/resize_, element maps, device-kind flags and the
runtime switches, compared with torch: values, printed forms, errors, warnings and autograd."""
import pickle
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

COVERED = ["resize_as_", "get_device", "is_inference", "can_cast", "is_storage", "set_warn_always",
           "is_warn_always_enabled", "set_flush_denormal", "is_vulkan_available", "compiled_with_cxx11_abi",
           "set_default_tensor_type", "get_deterministic_debug_mode", "set_deterministic_debug_mode"]


def _outcome(fn, m):
    """('ok', repr of fn(m)) or ('err', class name, message), warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", repr(fn(m))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            return "err", type(e).__name__, str(e)


def _first_line(outcome):
    return outcome[:2] + (outcome[2].split("\n")[0],) if outcome[0] == "err" else outcome


def _inference_tensor(m):
    with m.inference_mode():
        return m.ones(3)


def _sub(m):
    return type("Sub", (m.Tensor,), {})


def _partial(t):
    try:
        t.apply_(lambda v: v + 10 if v < 2 else 1 / 0)
    except ZeroDivisionError:
        pass
    return t, t._version


def _set_in_no_grad(m):
    r = m.ones(3, requires_grad=True)
    with m.no_grad():
        r.set_(m.zeros(2))
    return r, r.requires_grad, r.grad_fn


def _geometry(t):
    return t.tolist(), tuple(t.shape), t.stride(), t.storage_offset(), t._version


def _edges(fn):
    return [None if f is None else f.name() for f, _ in fn.next_functions]


class _Float:
    def __float__(self):
        return 2.5


class _Index:
    def __index__(self):
        return 7


class _Int:
    def __int__(self):
        return 7


# ----------------------------------------------------------------- the legacy constructor
LEGACY = {
    "new()": lambda m: m.ones(2, dtype=m.float64).new(),
    "new(*sizes)": lambda m: (m.ones(2).new(2, 3).shape, m.ones(2).new(2, 3).dtype),
    "new(tuple) is data": lambda m: m.ones(2, dtype=m.float64).new((2, 3)),
    "new(Size)": lambda m: m.ones(2).new(m.Size([2, 3])).shape,
    "new(Size([]))": lambda m: m.ones(2).new(m.Size([])).shape,
    "new(size=)": lambda m: m.ones(2).new(size=(2,)).shape,
    "new(int tensor, 2)": lambda m: m.ones(2).new(m.tensor(3), 2).shape,
    "new(np.int64)": lambda m: m.ones(2).new(np.int64(3)).shape,
    "new(2, True)": lambda m: m.ones(2).new(2, True).shape,
    "new(range)": lambda m: m.ones(2).new(range(3)),
    "new([])": lambda m: m.ones(2).new([]),
    "new(int list) truncates": lambda m: m.tensor([1]).new([1.5, 2]),
    "new(bool)": lambda m: m.tensor([True]).new([1, 0]),
    "new(numpy)": lambda m: m.ones(2).new(np.array([1, 2])),
    "new(numpy float) into int": lambda m: m.tensor([1]).new(np.array([1.5])),
    "new(device=cpu)": lambda m: m.ones(2).new([1, 2], device="cpu"),
    "new(0-d tensor)": lambda m: m.ones(2).new(m.tensor(2.)),
    "new(tensor) is a view": lambda m: (lambda x: (x.new(x).add_(1), x, x._version))(m.ones(2)),
    "new(tensor) keeps strides": lambda m: m.ones(2, 3).new(m.ones(2, 3).t()).stride(),
    "new(tensor) of other dtype": lambda m: m.ones(2, dtype=m.float64).new(m.tensor([1, 2])),
    "new(requires grad)": lambda m: m.ones(2).new(m.ones(2, requires_grad=True) * 2),
    "new(requires grad) base": lambda m: m.ones(2).new(m.ones(2, requires_grad=True))._base is not None,
    "Tensor(tensor) of any dtype": lambda m: m.Tensor(m.tensor([1, 2])),
    "FloatTensor(double)": lambda m: m.FloatTensor(m.tensor([1., 2.], dtype=m.float64)),
    "DoubleTensor(double)": lambda m: m.DoubleTensor(m.tensor([1., 2.], dtype=m.float64)),
    "Tensor(size=)": lambda m: m.Tensor(size=(2,)).shape,
    "Tensor(numpy) shares": lambda m: (lambda a: (m.Tensor(a).add_(1), a.tolist())[1])(np.zeros(2, np.float32)),
    "Tensor subclass": lambda m: type(_sub(m)([1.])).__name__,
    "Tensor(storage)": lambda m: m.Tensor(m.ones(3).untyped_storage()),
    "Tensor(typed storage)": lambda m: m.Tensor(m.ones(3).storage()),
    "new(storage) shares": lambda m: (lambda x: (lambda y: (y, y.data_ptr() == x.data_ptr()))(
        x.new(x.untyped_storage())))(m.arange(3.)),
    # errors
    "new(cuda)": lambda m: m.ones(2).new(2, device="cuda"),
    "new(tensor, device)": lambda m: m.ones(2).new(m.ones(2), device="cpu"),
    "Tensor(tensor, device)": lambda m: m.Tensor(m.ones(2), device="cpu"),
    "new(2.5)": lambda m: m.ones(2).new(2.5),
    "new(True)": lambda m: m.ones(2).new(True),
    "new(None)": lambda m: m.ones(2).new(None),
    "new(dict)": lambda m: m.ones(2).new({}),
    "new(np.float64)": lambda m: m.ones(2).new(np.float64(2)),
    "new(str)": lambda m: m.ones(2).new("a"),
    "new(-1)": lambda m: m.ones(2).new(-1),
    "new(2, (3,))": lambda m: m.ones(2).new(2, (3,)),
    "new(2, 3.)": lambda m: m.ones(2).new(2, 3.),
    "new(2, np.float64)": lambda m: m.ones(2).new(2, np.float64(3.)),
    "new(2, float tensor)": lambda m: m.ones(2).new(2, m.tensor(3.)),
    "new([1, 'a'])": lambda m: m.ones(2).new([1, "a"]),
    "new(ragged)": lambda m: m.ones(2).new([[1], [2, 3]]),
    "Tensor(typed double)": lambda m: m.Tensor(m.ones(3, dtype=m.float64).storage()),
    "DoubleTensor(float storage)": lambda m: m.DoubleTensor(m.ones(3).storage()),
    "new_empty_strided": lambda m: (lambda t: (t.shape, t.stride(), t.dtype, t.requires_grad))(
        m.ones(2, dtype=m.float64).new_empty_strided((2, 3), (1, 2))),
    "new_empty_strided dtype": lambda m: m.ones(2).new_empty_strided((2, 3), (3, 1), dtype=m.int32).dtype,
    "new_empty_strided grad": lambda m: m.ones(2).new_empty_strided((2,), (1,), requires_grad=True).requires_grad,
    "new_empty_strided memory": lambda m: [(lambda t: (t.stride(), t.untyped_storage().nbytes()))(
        m.ones(2).new_empty_strided(*a)) for a in [((2, 0), (5, 7)), ((2, 3), (0, 0)), ((), ()), ([2, 3], [3, 1])]],
    "new_empty_strided int grad": lambda m: m.ones(2).new_empty_strided((2,), (1,), dtype=m.int64,
                                                                       requires_grad=True),
    "new_empty_strided ranks": lambda m: m.ones(2).new_empty_strided((2, 3), (1,)),
    "new_empty_strided negative": lambda m: m.ones(2).new_empty_strided((2, -3), (1, 1)),
    "new_empty_strided negative stride": lambda m: m.ones(2).new_empty_strided((2, 3), (-1, 1)),
    "new_empty_strided int": lambda m: m.ones(2).new_empty_strided(2, 1),
    "new_empty_strided float": lambda m: m.ones(2).new_empty_strided((2.,), (1,)),
    "new_empty_strided cuda": lambda m: m.ones(2).new_empty_strided((2,), (1,), device="cuda"),
}

# invalid argument combinations: torch lists why each signature did not match; the first line is compared
FIRST_LINE = {
    "new(dtype=)": lambda m: m.ones(2).new([1, 2], dtype=m.float32),
    "Tensor(dtype=)": lambda m: m.Tensor([1], dtype=m.int32),
    "new(foo=)": lambda m: m.ones(2).new(2, foo=1),
    "new(True, 2)": lambda m: m.ones(2).new(True, 2),
    "new(x, x)": lambda m: m.ones(2).new(m.ones(1), m.ones(1)),
    "new([1], [2])": lambda m: m.ones(2).new([1], [2]),
    "Tensor(2, size=)": lambda m: m.Tensor(2, size=(2,)),
    "set_(int)": lambda m: m.ones(1).set_(1),
}


# ----------------------------------------------------------------- storages, set_, resize_
STORAGE = {
    "resize_ to 2x3": lambda m: _geometry(m.arange(6.).resize_(2, 3)),
    "resize_ shrinks": lambda m: (lambda x: (_geometry(x.resize_(2, 2)), x.untyped_storage().nbytes()))(m.arange(6.)),
    "resize_ grows": lambda m: (lambda x: (x.resize_(7)[:6].tolist(), x.untyped_storage().nbytes(), x._version))(
        m.arange(6.)),
    "resize_ sizes forms": lambda m: [m.arange(6.).resize_(s).shape for s in [(3,), [3], m.Size([3])]]
    + [m.arange(6.).resize_(size=(2, 3)).shape],
    "resize_ to 0": lambda m: (lambda x: (_geometry(x.resize_(0)), x.untyped_storage().nbytes()))(m.arange(6.)),
    "resize_ same sizes keeps strides": lambda m: _geometry(m.arange(6.).view(2, 3).t().resize_(3, 2)),
    "resize_ same sizes in a format": lambda m: _geometry(
        m.arange(6.).view(2, 3).t().resize_(3, 2, memory_format=m.contiguous_format)),
    "resize_ of a transpose": lambda m: _geometry(m.arange(6.).view(2, 3).t().resize_(2, 3)),
    "resize_ channels_last": lambda m: _geometry(
        m.arange(24.).view(2, 3, 2, 2).resize_(2, 2, 2, 3, memory_format=m.channels_last)),
    "resize_ of views": lambda m: (lambda b: (_geometry(b[:3].resize_(2)), _geometry(b[:3].resize_(4)), b.tolist()))(
        m.arange(6.)),
    "resize_ view past the end": lambda m: (lambda b: (b[2:].resize_(10)[:4].tolist(), b.tolist()))(m.arange(6.)),
    "resize_ view shares memory": lambda m: (lambda b: (b[1:].resize_(2, 2).fill_(7), b.tolist())[1])(m.arange(6.)),
    "resize_ int": lambda m: m.arange(3).resize_(5)[:3],
    "resize_ float16": lambda m: m.ones(2, dtype=m.float16).resize_(1),
    "resize_ version": lambda m: (lambda x: [(x.resize_(*s), x._version)[1] for s in [(3,), (2,), (2, 1), (5,)]])(
        m.zeros(3)),
    "resize_as_": lambda m: m.resize_as_(m.ones(2), m.ones(3, 3)).shape,
    "resize_as_ template layout": lambda m: m.ones(2).resize_as_(
        m.ones(1, 2, 3, 4).to(memory_format=m.channels_last)).stride(),
    "resize_as_ memory_format": lambda m: m.ones(2).resize_as_(m.ones(1, 2, 3, 4),
                                                               memory_format=m.channels_last).stride(),
    "resize_as_ preserve_format": lambda m: m.ones(2).resize_as_(
        m.ones(1, 2, 3, 4).to(memory_format=m.channels_last), memory_format=m.preserve_format).stride(),
    "resize_as_ same sizes": lambda m: (lambda x: (x.resize_as_(m.zeros(3, 2)).stride(), x._version))(
        m.zeros(2, 3).t()),
    "resize_(-1)": lambda m: m.arange(6.).resize_(-1),
    "resize_(2, -1)": lambda m: m.arange(6.).resize_(2, -1),
    "resize_()": lambda m: m.arange(6.).resize_(),
    "resize_(2, 3.)": lambda m: m.arange(6.).resize_(2, 3.),
    "resize_ channels_last rank": lambda m: m.zeros(2).resize_(2, 2, 2, memory_format=m.channels_last),
    "resize_ preserve_format": lambda m: m.zeros(2).resize_(2, memory_format=m.preserve_format),
    "resize_ memory_format dtype": lambda m: m.zeros(2).resize_(2, memory_format=m.float32),
    "resize_ requires grad": lambda m: m.ones(3, requires_grad=True).resize_(2),
    "resize_ requires grad, same sizes": lambda m: m.ones(3, requires_grad=True).resize_(3),
    "resize_ non-leaf": lambda m: (m.ones(3, requires_grad=True) * 2).resize_(3),
    "resize_ Parameter": lambda m: m.nn.Parameter(m.ones(2)).resize_(3),
    "resize_ inference tensor": lambda m: _inference_tensor(m).resize_(2),
    "resize_as_(input=int)": lambda m: m.resize_as_(1, m.ones(3, 3)),
    "resize_as_(list)": lambda m: m.ones(2).resize_as_([1, 2]),
    "resize (deprecated)": lambda m: m.arange(6.).resize(2, 3),
    "resize_as (deprecated)": lambda m: m.arange(6.).resize_as(m.ones(3, 2)),
    "resize of another numel": lambda m: m.arange(6.).resize(2, 2),
    "set_(tensor)": lambda m: (lambda x, y: (x.set_(y), x.data_ptr() == y.data_ptr(), x.is_set_to(y), y.is_set_to(x),
                                             x._version, y._version))(m.arange(6.), m.zeros(2)),
    "set_()": lambda m: (lambda x: (x.set_(), x.shape, x._version, x.untyped_storage().nbytes()))(m.arange(6.)),
    "set_(storage)": lambda m: m.arange(6.).set_(m.ones(4).untyped_storage()),
    "set_(storage, offset, size, stride)": lambda m: m.arange(6.).set_(m.arange(4.).untyped_storage(), 1, (2,), (1,)),
    "set_ keywords": lambda m: m.arange(6.).set_(m.arange(4.).untyped_storage(), storage_offset=1, size=(3,),
                                                 stride=(1,)),
    "set_ contiguous strides": lambda m: m.zeros(1).set_(m.arange(6.).untyped_storage(), 0, (2, 3)).stride(),
    "set_(typed storage)": lambda m: m.zeros(1).set_(m.arange(3.).storage()),
    "set_(tensor, offset, size, stride)": lambda m: m.zeros(1).set_(m.arange(6.), 1, (2,), (2,)),
    "set_(view)": lambda m: (lambda x: (x.set_(m.arange(6.)[2:4]), x.storage_offset()))(m.zeros(1)),
    "set_(transpose)": lambda m: m.zeros(1).set_(m.arange(6.).view(2, 3).t()).stride(),
    "set_ on a view": lambda m: (lambda b: (b[:3].set_(m.zeros(2)), b.tolist()))(m.arange(6.)),
    "set_ in no_grad": lambda m: _set_in_no_grad(m),
    "set_ to a tensor requiring grad": lambda m: (lambda z, r: (z.set_(r), z.requires_grad, z.is_leaf,
                                                                z.grad_fn.name(), _edges(z.grad_fn)))(
        m.zeros(3), m.ones(3, requires_grad=True)),
    "set_ of a non-leaf": lambda m: (lambda x: (x.set_(m.zeros(2)), x.grad_fn.name(), _edges(x.grad_fn)))(
        m.ones(3, requires_grad=True) * 2),
    "set_() of a non-leaf": lambda m: (lambda x: (x.set_(), _edges(x.grad_fn)))(m.ones(3, requires_grad=True) * 2),
    "set_(storage) of a non-leaf": lambda m: (lambda x: (x.set_(m.zeros(2).untyped_storage()), _edges(x.grad_fn)))(
        m.ones(3, requires_grad=True) * 2),
    "set_ to the storage of a tensor requiring grad": lambda m: (lambda z: (z.set_(
        m.ones(3, requires_grad=True).untyped_storage()), z.requires_grad))(m.zeros(3)),
    "set_ backward": lambda m: (lambda z: (z.set_(m.ones(3, requires_grad=True) * 2), z.sum().backward()))(m.zeros(3)),
    "set_ dtype": lambda m: m.arange(6.).set_(m.zeros(2, dtype=m.float64)),
    "set_ into int": lambda m: m.ones(2, dtype=m.int64).set_(m.zeros(2)),
    "set_ negative offset": lambda m: m.zeros(1).set_(m.zeros(2).untyped_storage(), -1, (1,), (1,)),
    "set_ negative size": lambda m: m.zeros(1).set_(m.zeros(2).untyped_storage(), 0, (-1,), (1,)),
    "set_ ranks": lambda m: m.zeros(1).set_(m.zeros(2).untyped_storage(), 0, (1, 2), (1,)),
    "set_ typed storage dtype": lambda m: m.zeros(1).set_(m.zeros(2, dtype=m.float64).storage()),
    "set_ leaf requiring grad": lambda m: m.ones(3, requires_grad=True).set_(m.zeros(3)),
    "set_ inference tensor": lambda m: _inference_tensor(m).set_(m.zeros(1)),
    "is_set_to": lambda m: (lambda b: (b[:3].is_set_to(b[:3]), b[:3].is_set_to(b), b.is_set_to(b),
                                       b.view(2, 3).is_set_to(b), b.view(6).is_set_to(b),
                                       m.ones(0).is_set_to(m.ones(0))))(m.arange(6.)),
    "is_set_to(int)": lambda m: m.ones(1).is_set_to(1),
    "untyped_storage": lambda m: (lambda x: (lambda u: (
        u.nbytes(), u.size(), len(u), u.element_size(), u.data_ptr() == x.data_ptr(), u.device, u.tolist()[:8],
        u[0], u[3], u[-1], u.is_shared(), u.is_pinned(), u.get_device(), u.type(), u is x.untyped_storage(),
        u.untyped() is u, x[1:].untyped_storage() is u))(x.untyped_storage()))(m.tensor([1., 2., 3.])),
    "untyped_storage repr": lambda m: (m.tensor([1., 2.]).untyped_storage(), m.tensor([1, 2]).untyped_storage(),
                                       m.ones(0).untyped_storage()),
    "untyped_storage slice": lambda m: (lambda u: (u[4:8].data_ptr() - u.data_ptr(), u[2:]))(
        m.arange(4.).untyped_storage()),
    "untyped_storage writes": lambda m: (lambda t: (t.untyped_storage().__setitem__(slice(0, 4), 0), t,
                                                    t.untyped_storage().fill_(0), t))(m.ones(2)),
    "UntypedStorage()": lambda m: (m.UntypedStorage(3).nbytes(), m.UntypedStorage([1, 2]).tolist()),
    "untyped_storage index": lambda m: m.arange(4.).untyped_storage()[100],
    "storage": lambda m: (lambda x: (lambda s: (
        s.size(), len(s), s.nbytes(), s.element_size(), s.dtype, s.data_ptr() == x.data_ptr(), s.tolist(), s[1],
        s[-1], s.device, s.type(), s.is_shared(), s, s.untyped()))(x.storage()))(m.tensor([1., 2., 3.])),
    "storage of bool": lambda m: m.tensor([True]).storage(),
    "storage writes": lambda m: (lambda x: (x.storage().__setitem__(1, 7.), x, x.storage().fill_(3.), x))(
        m.arange(3.)),
    "storage index": lambda m: m.arange(4.).storage()[10],
    "storage slice": lambda m: m.arange(4.).storage()[1:2],
    "storage_type": lambda m: (m.ones(1).storage_type().__name__, m.tensor([1]).storage_type().__name__),
    "is_storage": lambda m: (m.is_storage(m.ones(1).untyped_storage()), m.is_storage(m.ones(1).storage()),
                             m.is_storage(m.ones(1)), m.is_storage(m.FloatStorage), m.is_storage(m.FloatStorage(2))),
    "legacy storage types": lambda m: (isinstance(m.ones(1).storage(), m.FloatStorage),
                                       isinstance(m.ones(1).storage(), m.DoubleStorage),
                                       type(m.FloatStorage(2)).__name__, m.FloatStorage(2).dtype,
                                       m.FloatStorage([1, 2]).tolist(), len(m.LongStorage(3))),
    "TypedStorage()": lambda m: (m.TypedStorage(3, dtype=m.float64).size(),
                                 m.TypedStorage([1, 2], dtype=m.int32).tolist()),
    "share_memory_": lambda m: (lambda x: (x.is_shared(), x.share_memory_() is x, x.is_shared(), x[1:].is_shared(),
                                           m.ones(2).is_shared()))(m.ones(2)),
    "share_memory_ requiring grad": lambda m: (lambda x: (x.share_memory_(), x.is_shared()))(
        m.ones(2, requires_grad=True)),
}


# ----------------------------------------------------------------- apply_, map_, map2_
MAPS = {
    "apply_": lambda m: (lambda x: (x.apply_(lambda v: v * 2), x._version))(m.arange(6.).view(2, 3)),
    "apply_ arguments": lambda m: [m.arange(3.).apply_(lambda v: float(type(v) is float)),
                                   m.arange(3).apply_(lambda v: int(type(v) is int)),
                                   m.tensor([True, False]).apply_(lambda v: type(v) is bool),
                                   m.tensor([0.1], dtype=m.float16).apply_(lambda v: v == 0.0999755859375)],
    "apply_ results": lambda m: [m.arange(3).apply_(lambda v: v + 0.7), m.arange(3.).apply_(lambda v: 2),
                                 m.arange(3.).apply_(lambda v: True), m.arange(3.).apply_(lambda v: m.tensor(5.)),
                                 m.arange(3.).apply_(lambda v: np.float64(5.)), m.arange(3.).apply_(lambda v: 1e300),
                                 m.ones(1, dtype=m.float16).apply_(lambda v: 65519.),
                                 m.ones(1).apply_(lambda v: _Float()), m.ones(1).apply_(lambda v: _Index())],
    "apply_ into int": lambda m: [m.ones(1, dtype=m.int64).apply_(lambda v: r) for r in
                                  (_Index(), m.tensor(3), np.int64(3), -2.9, -2 ** 63, True)],
    "apply_ into bool": lambda m: [m.ones(2, dtype=m.bool).apply_(lambda v: r) for r in
                                   (0.5, 0.0, 1j, float("nan"), m.tensor(3), _Index())],
    "apply_ into uint8 wraps": lambda m: [m.ones(1, dtype=m.uint8).apply_(lambda v: r) for r in (-1, -255)],
    "apply_ on a view": lambda m: (lambda b: (b[::2].apply_(lambda v: -v), b))(m.arange(6.)),
    "apply_ visits in C order": lambda m: (lambda seen: (m.arange(6.).view(2, 3).t().apply_(
        lambda v: seen.append(v) or v), seen))([]),
    "apply_ on empty and 0-d": lambda m: (m.ones(0).apply_(lambda v: 1 / 0), m.tensor(2.).apply_(lambda v: v * 3)),
    "apply_ partial": lambda m: _partial(m.arange(3.)),
    "apply_ on detached": lambda m: (lambda b: (b.detach().apply_(lambda q: q * 2), b))(m.ones(3, requires_grad=True)),
    "apply_ inference tensor": lambda m: _inference_tensor(m).apply_(lambda v: v + 1),
    "map_": lambda m: (lambda x: (x.map_(m.tensor([10., 20., 30.]), lambda a, b: a + b), x._version))(m.arange(3.)),
    "map_ broadcasts": lambda m: m.zeros(2, 3).map_(m.arange(3.), lambda a, b: a + b),
    "map_ itself": lambda m: (lambda z: z.map_(z, lambda a, b: a + b))(m.arange(3.)),
    "map_ keyword": lambda m: m.zeros(3).map_(m.ones(3), callable=lambda a, b: b),
    "map2_": lambda m: m.zeros(3).map2_(m.ones(3), m.arange(3.), lambda a, b, c: a + b + c),
    "map2_ broadcasts": lambda m: m.zeros(2, 3).map2_(m.ones(1), m.arange(3.), lambda a, b, c: a + b + c),
    # errors
    "apply_ None": lambda m: m.arange(3.).apply_(lambda v: None),
    "apply_ str": lambda m: m.arange(3.).apply_(lambda v: "a"),
    "apply_ complex": lambda m: m.arange(3.).apply_(lambda v: 1j),
    "apply_ 2-element tensor": lambda m: m.arange(3.).apply_(lambda v: m.tensor([1., 2.])),
    "apply_ huge int": lambda m: m.arange(3.).apply_(lambda v: 10 ** 400),
    "apply_ __int__ only": lambda m: m.ones(1).apply_(lambda v: _Int()),
    "apply_ __float__ into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: _Float()),
    "apply_ float tensor into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: m.tensor(2.5)),
    "apply_ np.float32 into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: np.float32(2.5)),
    "apply_ 2**63 into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: 2 ** 63),
    "apply_ inf into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: float("inf")),
    "apply_ nan into int": lambda m: m.ones(1, dtype=m.int64).apply_(lambda v: float("nan")),
    "apply_ 300 into int8": lambda m: m.ones(1, dtype=m.int8).apply_(lambda v: 300),
    "apply_ -256 into uint8": lambda m: m.ones(1, dtype=m.uint8).apply_(lambda v: -256),
    "apply_ -0.5 into uint8": lambda m: m.ones(1, dtype=m.uint8).apply_(lambda v: -0.5),
    "apply_ None into bool": lambda m: m.ones(1, dtype=m.bool).apply_(lambda v: None),
    "apply_ raising": lambda m: m.arange(3.).apply_(lambda v: 1 / 0),
    "apply_ not callable": lambda m: m.arange(3.).apply_(3),
    "apply_ requires grad": lambda m: m.ones(2, requires_grad=True).apply_(lambda v: v),
    "apply_ non-leaf": lambda m: (m.ones(2, requires_grad=True) * 2).apply_(lambda v: v),
    "map_ other requires grad": lambda m: m.zeros(3).map_(m.ones(3, requires_grad=True), lambda a, b: a + b),
    "map_ grad before dtype": lambda m: m.zeros(3).map_(m.ones(3, dtype=m.float64, requires_grad=True), lambda a, b: a),
    "map_ self requires grad": lambda m: m.zeros(3, requires_grad=True).map_(m.ones(3), lambda a, b: a + b),
    "map_ dtype": lambda m: m.zeros(3).map_(m.arange(3), lambda a, b: a + b),
    "map_ broadcast rank": lambda m: m.zeros(3).map_(m.zeros(2, 3), lambda a, b: a + b),
    "map_ broadcast size": lambda m: m.zeros(3).map_(m.zeros(2), 5),
    "map_(int)": lambda m: m.zeros(3).map_(3, lambda a, b: a + b),
    "map_ not callable": lambda m: m.zeros(3).map_(m.ones(3), 5),
    "map2_ requires grad": lambda m: m.zeros(3).map2_(m.ones(3), m.ones(3, requires_grad=True), lambda a, b, c: a),
    "map2_ x dtype": lambda m: m.zeros(3).map2_(m.ones(3, dtype=m.float64), m.ones(3), lambda a, b, c: a),
    "map2_ y dtype": lambda m: m.zeros(3).map2_(m.ones(3), m.ones(3, dtype=m.int64), lambda a, b, c: a),
    "map2_(x=int)": lambda m: m.zeros(3).map2_(5, m.ones(3), lambda a, b, c: a),
    "map2_(y=int)": lambda m: m.zeros(3).map2_(m.ones(3), 5, lambda a, b, c: a),
    "map2_ shape": lambda m: m.zeros(3).map2_(m.ones(3), m.ones(2), lambda a, b, c: a),
}


# ----------------------------------------------------------------- attributes and flags
ATTRIBUTES = {
    "device kinds": lambda m: [getattr(m.ones(1), n) for n in (
        "is_cpu is_cuda is_sparse is_sparse_csr is_quantized is_meta is_mkldnn is_nested is_mps is_xla is_xpu "
        "is_vulkan is_ipu is_maia is_mtia").split()],
    "get_device": lambda m: (m.ones(1).get_device(), m.get_device(m.ones(1)), m.get_device(input=m.ones(1))),
    "layout": lambda m: (m.ones(1).layout, m.ones(1).layout is m.strided, type(m.strided).__name__,
                         pickle.loads(pickle.dumps(m.strided)) is m.strided, str(m.strided)),
    "is_pinned": lambda m: (m.ones(1).is_pinned(), m.ones(1).is_pinned("cpu"), m.ones(1).is_pinned(None)),
    "const_data_ptr": lambda m: (lambda x: x.const_data_ptr() == x.data_ptr())(m.ones(2)),
    "name": lambda m: (m.ones(1).name, m.tensor(1).name),
    "to_dense": lambda m: (lambda x: (x.to_dense() is x, x.to_dense(m.float64), x.to_dense(masked_grad=True) is x))(
        m.ones(2)),
    "dim_order": lambda m: [m.empty(s).dim_order() for s in [(2, 3, 4), (1, 2), (), (5,)]] + [
        m.empty(2, 3, 4).transpose(0, 1).dim_order(), m.empty(3, 4, 5).permute(2, 0, 1).dim_order(),
        m.empty(2, 3, 4, 5).to(memory_format=m.channels_last).dim_order(),
        m.empty(3, 1).expand(3, 4).dim_order(), m.empty(3, 4)[:, ::2].dim_order(),
        m.empty(3, 1, 4).expand(3, 5, 4).dim_order(), m.empty(4, 3, 2).permute(1, 2, 0)[::2].dim_order()],
    "dim_order ambiguity_check": lambda m: (
        m.empty(1, 2, 3, 4).dim_order(ambiguity_check=[m.contiguous_format, m.channels_last]),
        m.empty(2, 2, 3, 4).dim_order(ambiguity_check=True)),
    "as_subclass": lambda m: (lambda y: (lambda s: (type(s).__name__, s.grad_fn.name(), s.requires_grad,
                                                    s.data_ptr() == y.data_ptr(), s.is_leaf, s._base is y))(
        y.as_subclass(_sub(m))))(m.tensor([1., 2.], requires_grad=True) * 2),
    "as_subclass of a leaf": lambda m: (lambda x: (lambda s: (s.grad_fn.name(), s.is_leaf, s is x, s.sum().backward(),
                                                              x.grad))(x.as_subclass(m.Tensor)))(
        m.tensor([1., 2.], requires_grad=True)),
    "as_subclass shares": lambda m: (lambda z: (z.as_subclass(_sub(m)).add_(1), z, z._version)[1:])(m.ones(3)),
    "as_subclass Parameter": lambda m: type(m.ones(1).as_subclass(m.nn.Parameter)).__name__,
    "volatile": lambda m: (m.ones(1).volatile, m.ones(1, requires_grad=True).volatile),
    "volatile set": lambda m: (lambda x: (setattr(x, "volatile", True), x.requires_grad))(m.ones(1, requires_grad=True)),
    "Python 2 names": lambda m: (m.tensor([4., 2.]).__div__(2), m.tensor([4., 2.]).__rdiv__(2),
                                 m.tensor(3.).__nonzero__(), m.tensor(3.7).__long__(),
                                 (lambda x: (x.__idiv__(2), x)[1])(m.tensor([4.]))),
    "is_inference": lambda m: (m.is_inference(m.ones(1)), m.is_inference(_inference_tensor(m)),
                               m.is_inference(input=m.ones(1))),
    "can_cast": lambda m: [(a, b) for a in [m.bool, m.uint8, m.int8, m.int16, m.int32, m.int64, m.float16, m.float32,
                                            m.float64]
                           for b in [m.bool, m.uint8, m.int8, m.int16, m.int32, m.int64, m.float16, m.float32,
                                     m.float64] if not m.can_cast(a, b)] + [m.can_cast(from_=m.int32, to=m.float32)],
    # errors
    "get_device(int)": lambda m: m.get_device(1),
    "is_inference(int)": lambda m: m.is_inference(1),
    "is_pinned(1)": lambda m: m.ones(1).is_pinned(1),
    "pin_memory": lambda m: m.ones(1).pin_memory(),
    "pin_memory(cpu)": lambda m: m.ones(1).pin_memory("cpu"),
    "pin_memory(1)": lambda m: m.ones(1).pin_memory(1),
    "name is read-only": lambda m: setattr(m.ones(1), "name", "w"),
    "dim_order ambiguous": lambda m: m.empty(1, 2, 3, 4).dim_order(ambiguity_check=True),
    "dim_order ambiguous []": lambda m: m.empty(2, 3, 1).dim_order(ambiguity_check=[]),
    "dim_order tie": lambda m: m.empty(3, 1).expand(3, 4).dim_order(ambiguity_check=True),
    "dim_order str": lambda m: m.empty(1, 2).dim_order(ambiguity_check="ILLEGAL"),
    "dim_order list of int": lambda m: m.empty(1, 2).dim_order(ambiguity_check=[1]),
    "dim_order positional": lambda m: m.empty(1, 2).dim_order(True),
    "as_subclass(int)": lambda m: m.ones(1).as_subclass(int),
    "as_subclass(class)": lambda m: m.ones(1).as_subclass(_Float),
    "reinforce": lambda m: m.ones(1).reinforce(1),
    "can_cast(int, dtype)": lambda m: m.can_cast(1, m.int32),
    "can_cast(dtype, int)": lambda m: m.can_cast(m.int32, 1),
}


# ----------------------------------------------------------------- runtime switches (state restored after each)
RUNTIME = {
    "warn_always": lambda m: (m.is_warn_always_enabled(), m.set_warn_always(True), m.is_warn_always_enabled(),
                              m.set_warn_always(False), m.is_warn_always_enabled()),
    "flags": lambda m: (m.is_vulkan_available(), m.compiled_with_cxx11_abi()),
    "deterministic debug mode": lambda m: [(m.set_deterministic_debug_mode(v), m.get_deterministic_debug_mode(),
                                            m.are_deterministic_algorithms_enabled(),
                                            m.is_deterministic_algorithms_warn_only_enabled())
                                           for v in ["warn", 2, "default", 1, "error", 0]],
    "debug mode of use_deterministic_algorithms": lambda m: (
        m.use_deterministic_algorithms(True, warn_only=True), m.get_deterministic_debug_mode(),
        m.use_deterministic_algorithms(True), m.get_deterministic_debug_mode()),
    "set_default_tensor_type": lambda m: (m.set_default_tensor_type(m.DoubleTensor), m.get_default_dtype(),
                                          m.tensor([1.]).dtype, m.Tensor([1]).dtype, m.Tensor().type(),
                                          m.set_default_tensor_type("torch.HalfTensor"), m.get_default_dtype(),
                                          m.set_default_tensor_type("torch.FloatTensor"), m.get_default_dtype()),
    # errors
    "set_warn_always(1)": lambda m: m.set_warn_always(1),
    "set_warn_always(None)": lambda m: m.set_warn_always(None),
    "set_flush_denormal(1)": lambda m: m.set_flush_denormal(1),
    "set_deterministic_debug_mode('bad')": lambda m: m.set_deterministic_debug_mode("bad"),
    "set_deterministic_debug_mode(3)": lambda m: m.set_deterministic_debug_mode(3),
    "set_deterministic_debug_mode(1.0)": lambda m: m.set_deterministic_debug_mode(1.0),
    "set_default_tensor_type(LongTensor)": lambda m: m.set_default_tensor_type(m.LongTensor),
    "set_default_tensor_type('torch.LongTensor')": lambda m: m.set_default_tensor_type("torch.LongTensor"),
    "set_default_tensor_type('torch.Foo')": lambda m: m.set_default_tensor_type("torch.Foo"),
    "set_default_tensor_type('torch.nn.Foo')": lambda m: m.set_default_tensor_type("torch.nn.Foo"),
    "set_default_tensor_type(module missing)": lambda m: m.set_default_tensor_type("no_such_module_here"),
    "set_default_tensor_type(1)": lambda m: m.set_default_tensor_type(1),
    "set_default_tensor_type(Tensor)": lambda m: m.set_default_tensor_type(m.Tensor),
    "set_default_tensor_type(dtype)": lambda m: m.set_default_tensor_type(m.float64),
    "set_default_tensor_type(cuda)": lambda m: m.set_default_tensor_type("torch.cuda.FloatTensor"),
}


@pytest.fixture
def restore_runtime():
    yield
    for m in (pullback, torch):
        m.set_default_dtype(m.float32)
        m.set_warn_always(False)
        m.use_deterministic_algorithms(False)
        m.set_grad_enabled(True)


@pytest.mark.parametrize("name", list({**LEGACY, **STORAGE, **MAPS, **ATTRIBUTES}))
def test_same_as_torch(name, restore_runtime):
    fn = {**LEGACY, **STORAGE, **MAPS, **ATTRIBUTES}[name]
    assert _outcome(fn, pullback) == _outcome(fn, torch)


@pytest.mark.parametrize("name", list(RUNTIME))
def test_runtime_same_as_torch(name, restore_runtime):
    assert _outcome(RUNTIME[name], pullback) == _outcome(RUNTIME[name], torch)


@pytest.mark.parametrize("name", list(FIRST_LINE))
def test_invalid_arguments(name):
    assert _first_line(_outcome(FIRST_LINE[name], pullback)) == _first_line(_outcome(FIRST_LINE[name], torch))


def test_runtime_flags_describe_the_build():
    # what pullback has (torch's flags describe its own build): LAPACK through NumPy, no FFT module,
    # no MKL or OpenMP, and no way to flush denormals
    assert pullback.has_lapack is True
    assert (pullback.has_spectral, pullback.has_mkl, pullback.has_openmp) == (False, False, False)
    assert not hasattr(pullback, "fft")
    assert pullback.set_flush_denormal(True) is False and pullback.set_flush_denormal(False) is False
    assert pullback.tensor([1e-310], dtype=pullback.float64).item() == 1e-310


# ----------------------------------------------------------------- autograd through the aliases
def _legacy_alias(m, x):
    return x.new(x) * 2


def _as_subclass(m, x):
    return x.as_subclass(m.Tensor).exp()


def _torch_tensor_of(m, x):
    return m.Tensor(x.sin())


@pytest.mark.parametrize("fn", [_legacy_alias, _as_subclass, _torch_tensor_of])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_aliases_are_differentiable(fn, dtype):
    x = np.random.default_rng(1).standard_normal((2, 3)).astype(dtype)
    check(fn, x, atol=1e-5 if dtype == np.float32 else 1e-6)
    gradcheck_fd(lambda m, t: fn(m, t).sum(), x.astype(np.float64))


def test_deprecated_resize_is_a_reshape_with_its_own_node():
    x = np.arange(6.0).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda m, t: (t * 1).resize(3, 2), x)
        check(lambda m, t: t.t().resize(6), x, whole_graph=False)
        check(lambda m, t: t.resize_as(t.new_zeros(3, 2)), x)
        gradcheck_fd(lambda m, t: (t.resize(3, 2) ** 2).sum(), x)


def test_to_dense_casts_in_the_graph():
    check(lambda m, t: t.to_dense(m.float64), np.arange(3.0, dtype=np.float32))
    check(lambda m, t: t.to_dense() * 3, np.arange(3.0))


def test_set_records_a_node_without_derivative():
    assert_same_error(lambda m, a, b: m.zeros(3, dtype=m.float64).set_(a * b).sum().backward(), np.ones(3),
                      np.ones(3), phrase="derivative for set_ is not implemented")
    assert_same_error(lambda m, a: (a * 2).set_().sum().backward(), np.ones(3),
                      phrase="derivative for set_ is not implemented")


def _saved_then_set(m, a, source):
    y = a * 2
    z = y * y  # saves y
    y.set_(*source(m))
    z.sum().backward()


@pytest.mark.parametrize("source", [lambda m: (m.zeros(3, dtype=m.float64),), lambda m: ()])
def test_set_bumps_the_version_seen_by_saved_tensors(source):
    assert_same_error(lambda m, a: _saved_then_set(m, a, source), np.ones(3), phrase="modified by an inplace operation")


def test_set_and_retain_grad():
    for m in (pullback, torch):
        x = m.ones(3, requires_grad=True)
        y = x * 2
        y.retain_grad()
        y.set_(x * 3)
        assert y.retains_grad and y.grad_fn.name() == "torch::autograd::NotImplemented"


# ----------------------------------------------------------------- warnings
def _warnings(fn, m):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn(m)
    return [(w.category.__name__, str(w.message).split(" (Triggered internally")[0]) for w in caught]


WARNING_CASES = {
    "volatile": lambda m: m.ones(1).volatile,
    "volatile set": lambda m: setattr(m.ones(1), "volatile", True),
    "resize": lambda m: m.ones(2).resize(2),
    "resize_as": lambda m: m.ones(2).resize_as(m.ones(2)),
    "is_pinned(device)": lambda m: m.ones(1).is_pinned("cpu"),
    "pin_memory(device)": lambda m: pytest.raises(RuntimeError, m.ones(1).pin_memory, "cpu"),
    "no warning": lambda m: (m.ones(2).new(2), m.ones(2).untyped_storage(), m.ones(2).resize_(3),
                             m.ones(2).set_(m.ones(3)), m.ones(2).apply_(abs), m.ones(2).is_shared()),
}


@pytest.mark.parametrize("name", list(WARNING_CASES))
def test_warnings_as_torch(name):
    assert _warnings(WARNING_CASES[name], pullback) == _warnings(WARNING_CASES[name], torch)


def test_typed_storage_warns_once_per_process():
    from pullback import _storage
    _storage._warned_typed.clear()
    torch.storage._reset_warn_typed_storage_removal()
    for m in (pullback, torch):
        first = _warnings(lambda m: (m.ones(2).storage(), m.ones(2).storage_type()), m)
        assert len(first) == 1 and "TypedStorage is deprecated" in first[0][1]
        assert _warnings(lambda m: m.FloatStorage(2).tolist(), m) == []


def test_default_tensor_type_warns_once_unless_warn_always(restore_runtime):
    for m in (pullback, torch):
        _warnings(lambda m: m.set_default_tensor_type(m.FloatTensor), m)  # the first time in the process
        assert _warnings(lambda m: m.set_default_tensor_type(m.FloatTensor), m) == []
        m.set_warn_always(True)
        warned = _warnings(lambda m: m.set_default_tensor_type(m.FloatTensor), m)
        assert warned == [("UserWarning", "torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                                          "torch.set_default_dtype() and torch.set_default_device() as alternatives.")]
        assert _warnings(lambda m: m.set_default_tensor_type(m.FloatTensor), m) == warned
        m.set_warn_always(False)
        assert _warnings(lambda m: m.set_default_tensor_type(m.FloatTensor), m) == []


def test_warn_once_counts_only_warnings_given_once():
    from pullback import _runtime
    pullback.set_warn_always(True)
    try:
        assert len(_warnings(lambda m: _runtime.warn_once("a message for this test"), pullback)) == 1
    finally:
        pullback.set_warn_always(False)
    # warned under warn_always only: the first plain warning is still to come, as torch's TORCH_WARN_ONCE
    assert len(_warnings(lambda m: _runtime.warn_once("a message for this test"), pullback)) == 1
    assert _warnings(lambda m: _runtime.warn_once("a message for this test"), pullback) == []


# ----------------------------------------------------------------- what pullback keeps of torch's storage sharing
def test_growing_memory_leaves_other_tensors_on_the_old_memory():
    # torch reallocates the shared storage in place; NumPy cannot, so only the resized tensor moves
    base = pullback.arange(4.0)
    view = base[1:]
    view.resize_(10)
    assert view.untyped_storage() is not base.untyped_storage()
    assert view[:3].tolist() == [1.0, 2.0, 3.0] and base.tolist() == [0.0, 1.0, 2.0, 3.0]
    view.resize_(2)  # (shrinking keeps the memory, as torch's)
    assert base.untyped_storage().nbytes() == 4 * 4 and view.untyped_storage().nbytes() == (1 + 10) * 4


@pytest.mark.parametrize("code", [
    "m.ByteTensor([-1, 300])", "m.IntTensor([2 ** 40])", "m.DoubleTensor(np.arange(4.)[::-1])",
    "m.LongTensor([2 ** 70])", "m.Tensor(['a'])", "m.tensor([2 ** 70])",
    "m.tensor(['a'])", "m.tensor([1, 'a'])", "m.tensor([[1], ['a']])", "m.tensor([None])", "m.tensor([1, None])",
    "m.FloatTensor(np.arange(3.))", "m.ByteTensor([-1])", "m.tensor([2 ** 70, 1.5])",
    "m.tensor([1, None], dtype=m.float32)", "m.tensor([1, 'a'], dtype=m.int32)", "m.tensor([2 ** 70], dtype=m.float64)",
    "m.tensor([True, None], dtype=m.bool)", "m.tensor('ab')",
])
def test_legacy_and_tensor_constructors_check_data_as_torch(code):
    outcomes = []
    for m in (pullback, torch):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = eval(code, {"m": m, "np": np})
            outcomes.append((t.tolist(), str(t.dtype)))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, str(e)))
    assert outcomes[0] == outcomes[1]


def test_an_array_of_strings_is_refused_as_torch():
    for m in (pullback, torch):
        for make in (m.from_numpy, m.Tensor):
            with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy.str_. The only supported types"):
                make(np.array(["a"]))


@pytest.mark.parametrize("code", [
    "m.FloatTensor(m.ones(3).untyped_storage())._version", "m.UntypedStorage([1, 2, 300]).tolist()",
    "m.UntypedStorage([-1, 2]).tolist()", "m.ByteStorage([1, 300]).tolist()", "m.IntStorage([1, 2 ** 40]).tolist()",
    "m.FloatStorage((1, 2)).tolist()", "m.LongStorage(range(3)).tolist()",
])
def test_storages_from_numbers_as_torch(code):
    outcomes = []
    for m in (pullback, torch):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outcomes.append(("ok", eval(code, {"m": m})))
        except Exception as e:  # noqa: BLE001 - the class and message are what is compared
            outcomes.append((type(e).__name__, str(e)))
    assert outcomes[0] == outcomes[1]
