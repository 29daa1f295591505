"""torch.testing: assert_close (with torch's tolerances and messages), make_tensor, assert_allclose.

assert_close walks sequences and mappings in step and compares what it finds pair by pair, as
torch's: None with None, booleans by identity, Python and NumPy numbers within tolerances, and
tensor-likes (pullback tensors, or two NumPy arrays) by shape, dtype, device, optionally strides,
then values; the first mismatch is raised with torch's message.
"""
import cmath
import collections.abc
import contextlib
import math
import warnings

import numpy as np

from . import _creation, _dtype
from ._tensor import Tensor

__all__ = ["assert_close", "make_tensor", "assert_allclose"]

# default (rtol, atol) per dtype; integers and booleans compare exactly
_PRECISIONS = {"float16": (1e-3, 1e-5), "float32": (1.3e-6, 1e-5), "float64": (1e-7, 1e-7)}
_NUMBER_DTYPES = {int: "int64", float: "float64", complex: "complex128"}


class _Mismatch(Exception):
    """A failed comparison: the exception class to raise, its message, and where it happened."""

    def __init__(self, kind, message, where=()):
        super().__init__(message)
        self.kind, self.message, self.where = kind, message, where

    def error(self, msg=None):
        if isinstance(msg, str):
            return self.kind(msg)
        message = self.message
        if self.where:
            message += f"\n\nThe failure occurred for item {''.join(str([item]) for item in self.where)}"
        return self.kind(msg(message) if callable(msg) else message)


def _check_tolerances(options, where):
    rtol, atol = options["rtol"], options["atol"]
    if (rtol is None) != (atol is None):
        raise _Mismatch(ValueError, "Both 'rtol' and 'atol' must be either specified or omitted, but got no "
                                    f"{'rtol' if rtol is None else 'atol'}.", where)


def _tolerances(dtype_names, options, where):
    """(rtol, atol): as given (both or neither), else the loosest defaults of the dtypes."""
    _check_tolerances(options, where)
    if options["rtol"] is not None:
        return options["rtol"], options["atol"]
    pairs = [_PRECISIONS.get(name, (0.0, 0.0)) for name in dtype_names]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _mismatch_message(identifier, extra, abs_diff, abs_idx, atol, rel_diff, rel_idx, rtol):
    equality = rtol == 0 and atol == 0

    def line(kind, diff, idx, tol):
        text = f"{kind.title()} difference: {diff}" if idx is None else f"Greatest {kind} difference: {diff} at index {idx}"
        return text + ("" if equality else f" (up to {tol} allowed)") + "\n"
    message = f"{identifier} are not {'equal' if equality else 'close'}!\n\n"
    if extra:
        message += f"{extra.strip()}\n"
    message += line("absolute", abs_diff, abs_idx, atol) + line("relative", rel_diff, rel_idx, rtol)
    return message.strip()


def _scalar_message(actual, expected, rtol, atol):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch_message("Scalars", f"Expected {expected} but got {actual}.", abs_diff, None, atol, rel_diff, None,
                             rtol)


def _compare_none(actual, expected, where, options):
    if not (actual is None and expected is None):
        raise _Mismatch(AssertionError, f"None mismatch: {actual} is not {expected}", where)


def _compare_booleans(actual, expected, where, options):
    actual, expected = bool(actual), bool(expected)
    if actual is not expected:
        raise _Mismatch(AssertionError, f"Booleans mismatch: {actual} is not {expected}", where)


def _compare_numbers(actual, expected, where, options):
    actual, expected = (x.item() if isinstance(x, np.number) else x for x in (actual, expected))
    rtol, atol = _tolerances([_NUMBER_DTYPES[type(x)] for x in (actual, expected)], options, where)
    if options["check_dtype"] and type(actual) is not type(expected):
        raise _Mismatch(AssertionError, f"The (d)types do not match: {type(actual)} != {type(expected)}.", where)
    if actual == expected or (options["equal_nan"] and cmath.isnan(actual) and cmath.isnan(expected)):
        return
    abs_diff = abs(actual - expected)
    if cmath.isfinite(abs_diff) and abs_diff <= atol + rtol * abs(expected):
        return
    raise _Mismatch(AssertionError, _scalar_message(actual, expected, rtol, atol), where)


def _compare_tensor_likes(actual, expected, where, options):
    actual, expected = (x if isinstance(x, Tensor) else Tensor._wrap(x) for x in (actual, expected))
    a, e = actual._data, expected._data
    rtol, atol = _tolerances([a.dtype.name, e.dtype.name], options, where)
    for name, mine, theirs, checked in (("shape", actual.shape, expected.shape, True),
                                        ("stride()", actual.stride(), expected.stride(), options["check_stride"]),
                                        ("dtype", actual.dtype, expected.dtype, options["check_dtype"])):
        if checked and mine != theirs:
            raise _Mismatch(AssertionError, f"The values for attribute '{name}' do not match: {mine} != {theirs}.",
                            where)
    if a.dtype != e.dtype:
        common = _dtype.promote_types(actual.dtype, expected.dtype).np
        a, e = a.astype(common), e.astype(common)
    with np.errstate(invalid="ignore", over="ignore"):  # torch.isclose: |a - e| <= atol + rtol |e|
        matches = np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=options["equal_nan"]) \
            if a.dtype.kind in "fc" or rtol or atol else a == e
    if matches.all():
        return
    if a.ndim == 0:
        raise _Mismatch(AssertionError, _scalar_message(a.item(), e.item(), rtol, atol), where)
    raise _Mismatch(AssertionError, _tensor_message(a, e, matches, rtol, atol), where)


def _comparison(actual, expected, options):
    """The comparison that takes this pair (torch's pair types, tried in order), or None."""
    if actual is None or expected is None:
        return _compare_none
    booleans = (bool, np.bool_)
    if isinstance(actual, booleans) and isinstance(expected, booleans):
        return _compare_booleans
    numbers = (int, float, complex, np.number)
    if isinstance(actual, numbers) and isinstance(expected, numbers) and not isinstance(actual, booleans) \
            and not isinstance(expected, booleans):
        return _compare_numbers
    related = isinstance(actual, type(expected)) or isinstance(expected, type(actual))
    if related and (options["allow_subclasses"] or type(actual) is type(expected)) \
            and all(isinstance(x, (Tensor, np.ndarray)) for x in (actual, expected)):
        return _compare_tensor_likes
    return None


def _tensor_message(a, e, matches, rtol, atol):
    """torch's message for tensors: how many elements differ, and the largest differences and where."""
    total = matches.size
    wrong = total - int(matches.sum())
    extra = f"Mismatched elements: {wrong} / {total} ({wrong / total:.1%})"
    shape = a.shape
    a, e, matches = a.reshape(-1), e.reshape(-1), matches.reshape(-1)
    if a.dtype.kind != "f":  # torch compares integers as int64 and divides them in float32
        a, e = a.astype(np.int64), e.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        abs_diff = np.abs(a - e)
        abs_diff[matches] = 0
        rel_diff = abs_diff / np.abs(e) if a.dtype.kind == "f" else \
            abs_diff.astype(np.float32) / np.abs(e).astype(np.float32)
    rel_diff[matches] = 0
    abs_at, rel_at = int(np.argmax(abs_diff)), int(np.argmax(rel_diff))  # (NaN counts as the largest, as torch.max)

    def index(flat):
        return tuple(int(i) for i in np.unravel_index(flat, shape))
    return _mismatch_message("Tensor-likes", extra, abs_diff[abs_at].item(), index(abs_at), atol,
                             rel_diff[rel_at].item(), index(rel_at), rtol)


def _pairs(actual, expected, where, options):
    """(comparison, actual, expected, where) for each leaf pair, walking sequences and mappings in
    step; their lengths and keys must agree, and a comparison must take each pair."""
    if isinstance(actual, collections.abc.Sequence) and not isinstance(actual, str) and \
            isinstance(expected, collections.abc.Sequence) and not isinstance(expected, str):
        if len(actual) != len(expected):
            raise _Mismatch(AssertionError, f"The length of the sequences mismatch: {len(actual)} != {len(expected)}",
                            where)
        items = [(i, actual[i], expected[i]) for i in range(len(actual))]
    elif isinstance(actual, collections.abc.Mapping) and isinstance(expected, collections.abc.Mapping):
        keys, other = set(actual.keys()), set(expected.keys())
        if keys != other:
            raise _Mismatch(AssertionError, "The keys of the mappings do not match:\n"
                                            f"Missing keys in the actual mapping: {sorted(other - keys)}\n"
                                            f"Additional keys in the actual mapping: {sorted(keys - other)}", where)
        with contextlib.suppress(Exception):
            keys = sorted(keys)
        items = [(k, actual[k], expected[k]) for k in keys]
    else:
        compare = _comparison(actual, expected, options)
        if compare is None:
            raise _Mismatch(TypeError, f"No comparison pair was able to handle inputs of type {type(actual)} and "
                                       f"{type(expected)}.", where)
        if compare in (_compare_numbers, _compare_tensor_likes):
            _check_tolerances(options, where)  # (one tolerance without the other is refused before comparing)
        return [(compare, actual, expected, where)]
    return [pair for key, a, e in items for pair in _pairs(a, e, where + (key,), options)]


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False, check_device=True,
                 check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless actual and expected are close: tensors (and NumPy arrays) of
    equal shape and dtype whose values satisfy |actual - expected| <= atol + rtol * |expected|
    (default tolerances from the dtype), numbers likewise, and sequences or mappings of them
    elementwise; `msg` (a string, or a callable given the message) replaces torch's message."""
    __tracebackhide__ = True
    options = dict(allow_subclasses=allow_subclasses, rtol=rtol, atol=atol, equal_nan=equal_nan,
                   check_dtype=check_dtype, check_stride=check_stride)
    try:
        pairs = _pairs(actual, expected, (), options)
        for compare, a, e, where in pairs:
            compare(a, e, where, options)
    except _Mismatch as mismatch:
        raise mismatch.error(msg) from None


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated: assert_close with dtypes allowed to differ (torch's FutureWarning)."""
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed in a future release. "
                  "Please use `torch.testing.assert_close()` instead. You can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning, stacklevel=2)
    if not isinstance(actual, Tensor):
        actual = _creation.tensor(actual)
    if not isinstance(expected, Tensor):
        expected = _creation.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = _tolerances([actual._data.dtype.name, expected._data.dtype.name],
                                 dict(rtol=None, atol=None), ())
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True, check_dtype=False,
                 check_stride=False, msg=msg or None)


def make_tensor(*shape, dtype, device=None, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of `shape` and `dtype` filled with values drawn uniformly from [low, high)
    (default [-9, 9) for floats, [-9, 10) for integers, {False, True} for bool) from pullback's
    generator: torch's make_tensor, other numbers."""
    if len(shape) == 1 and isinstance(shape[0], collections.abc.Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError(f"The parameters `noncontiguous` and `memory_format` are mutually exclusive, but got "
                         f"noncontiguous={noncontiguous} and memory_format={memory_format}")
    np_dtype = np.dtype(dtype.np)
    integral = np_dtype.kind in "biu"
    if requires_grad and integral:
        raise ValueError(f"`requires_grad=True` is not supported for boolean and integral dtypes, but got "
                         f"dtype={dtype}")
    noncontiguous = noncontiguous and math.prod(shape) > 1
    drawn = shape[:-1] + (2 * shape[-1],) if noncontiguous else shape
    if np_dtype.kind == "b":
        low, high = _interval(dtype, low, high, 0, 2, 0, 2, True)
    elif integral:
        info = np.iinfo(np_dtype)
        low, high = _interval(dtype, low, high, int(info.min), int(info.max) + (np_dtype != np.int64), -9, 10, True)
    else:
        info = np.finfo(np_dtype)
        low, high = _interval(dtype, low, high, float(info.min), float(info.max), -9, 9, False)
    if integral:
        result = _creation.randint(low, high, drawn, dtype=dtype)
    else:
        result = _creation.empty(drawn, dtype=dtype)
        if high - low >= float(np.finfo(np_dtype).max):
            result.uniform_(low / 2, high / 2).mul_(2)
        else:
            result.uniform_(low, high)
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result[result == 0] = 1 if integral else float(np.finfo(np_dtype).tiny)
    if not integral:
        result.requires_grad = requires_grad
    return result


def _interval(dtype, low, high, lowest, highest, default_low, default_high, integral):
    """make_tensor's [low, high), defaulted, checked and clamped to what `dtype` holds."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got low={low} and high={high}")
    if low == high and not integral:
        warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or complex types is deprecated "
                      "since 2.1 and will be removed in 2.3. Use `torch.full(...)` instead.", FutureWarning,
                      stacklevel=3)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), but {dtype} only "
                         f"supports [{lowest}, {highest})")
    low, high = min(max(low, lowest), highest), min(max(high, lowest), highest)
    return (math.ceil(low), math.ceil(high)) if integral else (low, high)
