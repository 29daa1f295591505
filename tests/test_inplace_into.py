"""In-place arithmetic outside autograd computes into the tensor's own memory (Op.into): the same
bits as the out-of-place op, the version bumped, aliasing operands read before they are written,
and every input the fast path does not take (other dtypes, broadcasting past the tensor's shape,
expanded views, integer tensors) still given torch's result or torch's error, the tensor unchanged."""
import numpy as np
import pytest
import torch

import pullback
from pullback.ops import _op

R = np.random.default_rng(5)

CASES = {
    "add_": lambda x, a, b: x.add_(a),
    "add_ alpha": lambda x, a, b: x.add_(a, alpha=-0.3),
    "sub_": lambda x, a, b: x.sub_(a),
    "sub_ alpha": lambda x, a, b: x.sub_(a, alpha=2.5),
    "mul_": lambda x, a, b: x.mul_(a),
    "mul_ number": lambda x, a, b: x.mul_(0.9),
    "div_": lambda x, a, b: x.div_(a),
    "div_ number": lambda x, a, b: x.div_(3),
    "addcmul_": lambda x, a, b: x.addcmul_(a, b, value=0.1),
    "addcdiv_": lambda x, a, b: x.addcdiv_(a, b, value=-0.01),
    "add_ row": lambda x, a, b: x.add_(a[0]),
    "addcmul_ row": lambda x, a, b: x.addcmul_(a[:1], b, value=2),
    "lerp_": lambda x, a, b: x.lerp_(a, 0.1),  # (Adam's first moment)
    "lerp_ past half": lambda x, a, b: x.lerp_(a, 0.75),
    "lerp_ row": lambda x, a, b: x.lerp_(a[0], -2.5),
}


def _run(m, name, x, a, b):
    xt = m.tensor(x)
    v = xt._version
    out = CASES[name](xt, m.tensor(a), m.tensor(b))
    assert out is xt and xt._version == v + 1
    return xt.numpy()


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_same_bits_as_the_general_path_and_torch_values(name, dtype, monkeypatch):
    x, a, b = (R.standard_normal((4, 5)).astype(dtype) for _ in range(3))
    b[0, 0] = 0.0  # a division by zero, silently inf as in torch
    fits = []
    original = _op._fits_in_place
    monkeypatch.setattr(_op, "_fits_in_place", lambda *args: fits.append(original(*args)) or fits[-1])
    fast = _run(pullback, name, x, a, b)
    assert fits == [True]
    monkeypatch.setattr(_op, "_fits_in_place", lambda *args: False)
    np.testing.assert_array_equal(fast, _run(pullback, name, x, a, b))
    np.testing.assert_allclose(fast, _run(torch, name, x, a, b), rtol=1e-6 if dtype == np.float32 else 1e-14)


def test_aliasing_operands(monkeypatch):
    x = R.standard_normal(6).astype(np.float32)

    def run(m):
        t = m.tensor(x)
        t.add_(t, alpha=2).addcmul_(t, t, value=0.5).addcdiv_(t, t.abs() + 1, value=3).mul_(t).lerp_(t, 0.7)
        return t.numpy()
    fast = run(pullback)
    np.testing.assert_allclose(fast, run(torch), rtol=1e-6)
    monkeypatch.setattr(_op, "_fits_in_place", lambda *args: False)
    np.testing.assert_array_equal(fast, run(pullback))


@pytest.mark.parametrize("case", [
    lambda m: (m.tensor([1, 2, 3]), lambda t: t.add_(m.tensor([1, 1, 1]), alpha=2)),   # integer tensor
    lambda m: (m.tensor([1.0, 2.0]), lambda t: t.add_(m.tensor([1, 2]))),               # other dtype
    lambda m: (m.tensor([1.0, 2.0]), lambda t: t.mul_(m.tensor([1.0, 2.0], dtype=m.float64))),
    lambda m: (m.tensor([1.0, 2.0], dtype=m.float16), lambda t: t.add_(0.1)),           # half stays half
])
def test_other_inputs_take_the_general_path_as_torch(case):
    results = []
    for m in (torch, pullback):
        t, op = case(m)
        op(t)
        results.append((str(t.dtype).split(".")[-1], t.numpy()))
    assert results[1][0] == results[0][0]
    np.testing.assert_array_equal(results[1][1], results[0][1])


@pytest.mark.parametrize("case, phrase", [
    (lambda m: (m.zeros(3), lambda t: t.add_(m.ones(2, 3))), "doesn't match the broadcast shape"),
    (lambda m: (m.zeros(1).expand(3), lambda t: t.add_(m.ones(3))), "more than one element"),
    (lambda m: (m.zeros(3, dtype=m.int64), lambda t: t.add_(m.ones(3), alpha=2)), "can't be cast"),
    (lambda m: (m.zeros(3), lambda t: t.lerp_(m.ones(3), 1e300)), "without overflow"),  # (the weight in float32)
])
def test_errors_leave_the_tensor_unchanged(case, phrase):
    for m in (torch, pullback):
        t, op = case(m)
        before = t.clone()
        with pytest.raises(RuntimeError, match=phrase):
            op(t)
        assert m.equal(t, before)


@pytest.mark.parametrize("op", [
    lambda x: x.view(-1)[1:].add_(x.view(-1)[:-1]), lambda x: x.view(-1)[1:].copy_(x.view(-1)[:-1]),
    lambda x: x.mul_(x.t()), lambda x: x.add_(x[0]), lambda x: x.addcmul_(x.t(), x),
])
def test_partial_overlap_is_refused_and_changes_nothing(op):
    for m in (torch, pullback):
        x = m.arange(9.0).reshape(3, 3)
        before = x.clone()
        with pytest.raises(RuntimeError, match="some elements of the input tensor and the written-to tensor"):
            op(x)
        assert m.equal(x, before)


@pytest.mark.parametrize("op", [
    lambda x: x.add_(x), lambda x: x.add_(x.detach()), lambda x: x.view(-1)[::2].add_(x.view(-1)[1::2]),
    lambda x: x.mul_(x.view(3, 4)), lambda x: x[:3, :3].mul_(x[:3, 1:]), lambda x: x[:, :2].add_(x[:, 1:3]),
])
def test_full_or_untellable_overlap_is_allowed(op):
    """torch judges only tensors whose elements fill their memory; others it lets through."""
    results = []
    for m in (torch, pullback):
        x = m.arange(12.0).reshape(3, 4)
        op(x)
        results.append(x.numpy())
    np.testing.assert_array_equal(results[1], results[0])


@pytest.mark.parametrize("other, alpha", [(3, 7), (7, 0.001), (2.5, -0.3), (True, 2)])
def test_add_with_a_number_and_alpha_keeps_dtype_and_in_place_agrees(other, alpha):
    x = R.standard_normal(1000).astype(np.float32)
    out = pullback.tensor(x).add(other, alpha=alpha)
    inplace = pullback.tensor(x)
    inplace.add_(other, alpha=alpha)
    assert str(out.dtype) == str(torch.tensor(x).add(other, alpha=alpha).dtype) == "torch.float32"
    np.testing.assert_array_equal(inplace.numpy(), out.numpy())
    np.testing.assert_allclose(out.numpy(), torch.tensor(x).add(other, alpha=alpha).numpy(), rtol=1e-6, atol=1e-7)


def test_a_value_read_as_a_number_is_no_overlap():
    """fill_, masked_fill_ and index_fill_ read a 0-d tensor value as torch does, as a number."""
    results = []
    for m in (torch, pullback):
        a = m.arange(6.0)
        a.fill_(a[1])
        b = m.arange(6.0).reshape(2, 3)
        b.masked_fill_(b > 2, b[0, 1])
        c = m.arange(6.0)
        c.index_fill_(0, m.tensor([2, 3]), c[1])
        results.append([a.tolist(), b.tolist(), c.tolist()])
    assert results[1] == results[0]
    for m in (torch, pullback):
        d = m.arange(6.0)
        with pytest.raises(RuntimeError, match="refer to a single memory location"):
            d.add_(d[1])


ALPHA_CASES = [
    lambda m: m.ones(3, dtype=m.bool).add(True, alpha=2), lambda m: m.ones(3, dtype=m.int32).add(3, alpha=0.5),
    lambda m: m.ones(3, dtype=m.int8).add(100, alpha=2), lambda m: m.ones(3).add(2.0, alpha=True),
    lambda m: m.ones(3).sub(2.0, alpha=True), lambda m: m.ones(3, dtype=m.int32).add_(3, alpha=0.5),
    lambda m: m.ones(3, dtype=m.int32).add(m.ones(3, dtype=m.int32), alpha=0.5),
    lambda m: m.ones(3, dtype=m.int32).add(2.5, alpha=2), lambda m: m.ones(3, dtype=m.bool).add(m.ones(3, dtype=m.bool), alpha=2),
    lambda m: m.ones(3, dtype=m.int64).add(2, alpha=1.0), lambda m: m.ones(3).add_(m.ones(3), alpha=True),
    lambda m: m.ones(3, dtype=m.int8).sub_(100, alpha=2), lambda m: m.ones(2, dtype=m.uint8).add(200, alpha=2),
    lambda m: m.rsub(m.tensor([1.0, 2.0]), 3, alpha=2), lambda m: m.add(m.tensor([True, False]), 3, alpha=2),
    lambda m: m.tensor([True, False]).add_(3, alpha=2),
    lambda m: m.add(m.tensor([1.0], dtype=m.float16), m.tensor([2], dtype=m.int8), alpha=1.0),
    lambda m: m.sub(m.tensor([1.0, 2.0]), m.tensor([True, False]), alpha=1.0),
    lambda m: m.sub(m.tensor([True, False]), m.tensor([True, True]), alpha=True),
    lambda m: m.tensor([1.0, 2.0]).sub_(m.tensor([True, False]), alpha=1.0),
    lambda m: m.add(m.tensor([1, 2], dtype=m.int8), m.tensor([1, 2], dtype=m.int8), alpha=300),
    lambda m: m.add(m.tensor([1, 2], dtype=m.uint8), 3, alpha=256),
    lambda m: m.add(m.tensor([1.0, 2.0]), m.tensor([1.0, 2.0]), alpha=1 + 0j),
    lambda m: m.ones(3, dtype=m.int8).add_(m.ones(3), alpha=True),  # the cast is refused before alpha
    lambda m: m.ones(3, dtype=m.bool).add_(m.ones(3), alpha=True),
    lambda m: m.ones(3, dtype=m.int8).sub_(m.ones(3), alpha=2.5),
    lambda m: m.ones(3, dtype=m.int64).add_(m.ones(3, dtype=m.bool), alpha=True),
    lambda m: m.tensor([1, 0, 1]).add(m.tensor(3), alpha=2), lambda m: m.tensor([1, 0, 1]).sub_(m.tensor(3), alpha=2),
    lambda m: m.tensor([1, 0, 1]).add(m.tensor(1.5), alpha=2),
    lambda m: m.tensor([1, 0, 1], dtype=m.int32).add(m.tensor([3, 4, 5]), alpha=2),
    lambda m: m.tensor([True, False]).add(m.tensor(True), alpha=True),
]


@pytest.mark.parametrize("case", ALPHA_CASES)
def test_alpha_checks_and_integer_wrap_like_torch(case):
    results = []
    for m in (torch, pullback):
        try:
            r = case(m)
            results.append((r.tolist(), str(r.dtype)))
        except RuntimeError as e:
            results.append(str(e))
    assert results[1] == results[0]
