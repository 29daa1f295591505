"""Pointwise ops: unary, then binary, then ternary, then comparisons, logic and bits.

Forward runs on NumPy arrays; promotion follows torch.result_type (see `_promote`), and
any broadcasting in forward is undone once, by the engine, never in these formulas.
Formulas are written in Tensor ops, so every one of them can be differentiated again.
"""
import inspect
import math
import operator

import numpy as np

from .. import _dtype, _memory_format
from . import _parallel
from ._op import Op, check_inplace_shape, check_result_cast, float_operand, unary_operator
from .._argument_types import argument_error
from .._dtype import not_implemented_for, scalar_type_name

_ndarray = np.ndarray
_HALF = np.dtype(np.float16)
_float32, _float64 = np.float32, np.float64
_PARALLEL_MIN = _parallel.EXPENSIVE_MIN  # (a module global: read by every small op)
_LN2 = math.log(2.0)
_LN10 = math.log(10.0)
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


# ---------------------------------------------------------------- dtype helpers
def _result_np_dtype(a, b):
    """torch.result_type for two operands given as arrays or Python numbers."""
    ops = [_DtypeProxy(x) if type(x) is _ndarray else x for x in (a, b)]
    return _dtype.result_type(*ops).np


class _DtypeProxy:
    __slots__ = ("dtype", "ndim")

    def __init__(self, arr):
        self.dtype = _dtype.from_numpy_dtype(arr.dtype)
        self.ndim = arr.ndim


def _promote(a, b):
    """Cast two operands to torch's result dtype; Python numbers stay weak NumPy scalars."""
    ta = type(a) is _ndarray
    tb = type(b) is _ndarray
    if ta and tb:
        if a.dtype is b.dtype or a.dtype == b.dtype:
            return a, b
    elif ta:
        if a.dtype.kind == "f" or (a.dtype.kind in "iu" and type(b) is int) or (type(b) is bool):
            return a, b
    elif tb:
        if b.dtype.kind == "f" or (b.dtype.kind in "iu" and type(a) is int) or (type(a) is bool):
            return a, b
    dt = _result_np_dtype(a, b)
    return _cast(a, dt), _cast(b, dt)


_INT_RANGES = {np.dtype(t): (np.iinfo(t).min, np.iinfo(t).max) for t in (np.uint8, np.int8, np.int16, np.int32, np.int64)}


def _ints_wrapped(a, b):
    """Promoted operands of an op computing in an integer dtype: a Python int meeting an integer
    array as torch's kernel takes it, cast to the array's dtype, wrapping around past its range
    (300 as int8 is 44, so int8 -6 < -129). (Ops computing in floating point read the int as is.)"""
    if type(b) is int and type(a) is _ndarray and a.dtype.kind in "iu":
        lo, hi = _INT_RANGES[a.dtype]
        if not lo <= b <= hi:
            b = np.array(b).astype(a.dtype)
    elif type(a) is int and type(b) is _ndarray and b.dtype.kind in "iu":
        lo, hi = _INT_RANGES[b.dtype]
        if not lo <= a <= hi:
            a = np.array(a).astype(b.dtype)
    return a, b


def _cast(x, dt):
    if type(x) is _ndarray:
        return x if x.dtype == dt else x.astype(dt)
    return np.asarray(x, dtype=dt)


def _floating(x):
    """Integer and bool inputs of floating ops compute in the default float dtype, as in torch."""
    if type(x) is not _ndarray:
        if not isinstance(x, np.generic):
            return np.asarray(x, dtype=_dtype.get_default_dtype().np)
        x = np.asarray(x)  # what NumPy makes of 0-d arrays in a formula run on arrays: its dtype stands
    return x if x.dtype.kind == "f" else x.astype(_dtype.get_default_dtype().np)


def _require_kind(x, kinds, kernel):
    if x.dtype.kind not in kinds:
        raise not_implemented_for(kernel, x)
    return x


def _broadcast_error(*xs):
    """torch's error for operands (arrays or numbers) whose shapes do not broadcast."""
    sa = ()
    for x in xs:
        sb = np.shape(x)
        try:
            sa = np.broadcast_shapes(sa, sb)
        except ValueError:
            return _shape_mismatch(sa, sb)
    return RuntimeError(f"shapes {[list(np.shape(x)) for x in xs]} cannot be broadcast")


def _shape_mismatch(sa, sb):
    for i in range(1, max(len(sa), len(sb)) + 1):
        x = sa[-i] if i <= len(sa) else 1
        y = sb[-i] if i <= len(sb) else 1
        if x != y and x != 1 and y != 1:
            return RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                                f"at non-singleton dimension {max(len(sa), len(sb)) - i}")
    return RuntimeError(f"shapes {list(sa)} and {list(sb)} cannot be broadcast")


def _binary(ufunc, a, b):
    if type(a) is _ndarray and type(b) is _ndarray and a.dtype is b.dtype:  # nothing to promote
        if a.size < _PARALLEL_MIN:  # (the usual case, first: each test here costs every small op)
            try:
                return ufunc(a, b)
            except ValueError:
                raise _broadcast_error(a, b) from None
    else:
        a, b = _promote(a, b)
        if type(b) is int or type(a) is int:  # (an array and a float skip the call)
            a, b = _ints_wrapped(a, b)
    try:
        if type(a) is _ndarray and a.size >= _PARALLEL_MIN:  # large: maybe split across threads
            return _parallel.call(ufunc, a, b)
        if (type(a) is not _ndarray or type(b) is not _ndarray) and ufunc is np.multiply and _half_with_number(a, b):
            return _in_float32(ufunc, a, b)
        return ufunc(a, b)
    except ValueError:
        raise _broadcast_error(a, b) from None


def _half_with_number(a, b):
    """A float16 array with a Python number, which torch's mul and div kernels compute in float32 (their
    math type for half) with the number as it is, not first rounded to half as NumPy would (x * 1.0004).
    (Its add and sub round the number to half, as NumPy does.)"""
    array, number = (a, b) if type(a) is _ndarray else (b, a)
    return type(array) is _ndarray and array.dtype == np.float16 and type(number) in (float, int)


def _in_float32(ufunc, a, b):
    a, b = (a.astype(np.float32) if type(a) is _ndarray else a), (b.astype(np.float32) if type(b) is _ndarray else b)
    return ufunc(a, b).astype(np.float16)


def computes_half_in_float32(forward):
    """An elementwise forward(ctx, x, ...) computing a float16 x in float32 and rounding once, as torch's
    CPU kernels compute half (in float, their math type), where NumPy's half arithmetic rounds each step."""
    def forward_in_float32(ctx, x, *rest):
        if type(x) is _ndarray and x.dtype is _HALF:
            return forward(ctx, x.astype(np.float32), *rest).astype(_HALF)
        return forward(ctx, x, *rest)
    return forward_in_float32


def tensors_in_float32(formula, tensors, *rest):
    """formula(*tensors, *rest) with its float16 Tensors computed in float32 and the result rounded once, as
    torch's kernels compute half (for a formula written in Tensor ops, with nothing recorded)."""
    if any(isinstance(t, Tensor) and t._data.dtype is _HALF for t in tensors):
        return formula(*[t.float() if isinstance(t, Tensor) and t._data.dtype is _HALF else t for t in tensors],
                       *rest).half()
    return formula(*tensors, *rest)


def _half_by_scalar_tensor(a, b):
    """Whether torch's mul or div of `a` by the one-element `b` takes its float16 kernels' scalar
    path: a float16 result, for which the kernel reads b's own value (not rounded to half) in
    float32, the math type, as for a Python number (a float16 b gives the same either way)."""
    return type(a) is _ndarray and a.dtype == np.float16 and b.dtype != np.float16 and \
        _result_np_dtype(a, b) == np.float16


def _check_int_divisor(b):
    if (type(b) is _ndarray and b.dtype.kind in "iub" and not b.all()) or (type(b) in (int, bool) and not b):
        raise RuntimeError("ZeroDivisionError")


def _zeros_like(grad):
    """A gradient that is identically zero (and depends on nothing); an array for an array."""
    if not isinstance(grad, Tensor):
        return np.zeros_like(grad)
    return Tensor._wrap(np.zeros_like(grad._data))


def _is_bool(x):
    return (type(x) is _ndarray and x.dtype.kind == "b") or type(x) is bool


def _check_bool_subtraction(a, b):
    if _is_bool(a) and _is_bool(b):
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if _is_bool(a) or _is_bool(b):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead.")


# ---------------------------------------------------------------- erf
# W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969):
# erf on |x| <= 0.46875, exp(x^2) erfc(x) on (0.46875, 4] and beyond; accurate to float64 rounding.
_ERF_A = (1.85777706184603153e-1, 3.16112374387056560e0, 1.13864154151050156e2, 3.77485237685302021e2,
          3.20937758913846947e3)
_ERF_B = (1.0, 2.36012909523441209e1, 2.44024637934444173e2, 1.28261652607737228e3, 2.84423683343917062e3)
_ERF_C = (2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e0, 6.61191906371416295e1,
          2.98635138197400131e2, 8.81952221241769090e2, 1.71204761263407058e3, 2.05107837782607147e3,
          1.23033935479799725e3)
_ERF_D = (1.0, 1.57449261107098347e1, 1.17693950891312499e2, 5.37181101862009858e2, 1.62138957456669019e3,
          3.29079923573345963e3, 4.36261909014324716e3, 3.43936767414372164e3, 1.23033935480374942e3)
_ERF_P = (1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
          1.60837851487422766e-2, 6.58749161529837803e-4)
_ERF_Q = (1.0, 2.56852019228982242e0, 1.87295284992346047e0, 5.27905102951428412e-1, 6.05183413124413191e-2,
          2.33520497626869185e-3)
_ONE_OVER_SQRT_PI = 1.0 / math.sqrt(math.pi)


def _erf_erfc(x):
    """(erf(x), erfc(x)) of a float array, each in x's dtype; computed in float64."""
    x64 = np.array(x, dtype=np.float64)  # an array even for a 0-dim input
    y = np.abs(x64)
    erf = x64.copy()          # NaN stays NaN
    erfc = np.full_like(x64, np.nan)
    small = y <= 0.46875
    z = x64[small] ** 2
    erf[small] = x64[small] * np.polyval(_ERF_A, z) / np.polyval(_ERF_B, z)
    erfc[small] = 1.0 - erf[small]
    large = y > 0.46875
    # erfc(40) is 0 in float64: clipping keeps the arithmetic finite for infinities
    yl = np.minimum(y[large], 40.0)
    mid = yl <= 4.0
    r = np.empty_like(yl)
    r[mid] = np.polyval(_ERF_C, yl[mid]) / np.polyval(_ERF_D, yl[mid])
    yt = yl[~mid]
    zt = 1.0 / (yt * yt)
    r[~mid] = (_ONE_OVER_SQRT_PI - zt * np.polyval(_ERF_P, zt) / np.polyval(_ERF_Q, zt)) / yt
    # exp(-y^2) split in two, as Cody does, so the rounding of y^2 costs no accuracy
    ysq = np.trunc(yl * 16.0) / 16.0
    r = r * np.exp(-ysq * ysq) * np.exp(-(yl - ysq) * (yl + ysq))
    neg = x64[large] < 0
    erf[large] = np.where(neg, r - 1.0, 1.0 - r)
    erfc[large] = np.where(neg, 2.0 - r, r)
    return erf.astype(x.dtype, copy=False), erfc.astype(x.dtype, copy=False)


# M. Giles, "Approximating the erfinv function" (GPU Gems 4, 2010): a single-precision start that
# Newton steps on the accurate erf above bring to float64 accuracy.
_ERFINV_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                   -0.00417768164, 0.246640727, 1.50140941)
_ERFINV_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                0.00943887047, 1.00167406, 2.83297682)
_SQRT_PI_OVER_2 = math.sqrt(math.pi) / 2


def _erfinv(x):
    """The inverse of erf on [-1, 1] (+-inf at +-1, NaN outside), in x's dtype; computed in float64."""
    x64 = x.astype(np.float64)
    a = np.abs(x64)
    w = -np.log((1.0 - a) * (1.0 + a))
    y = a * np.where(w < 5.0, np.polyval(_ERFINV_CENTRAL, w - 2.5), np.polyval(_ERFINV_TAIL, np.sqrt(w) - 3.0))
    inside = a < 1
    y = np.where(inside, y, 0.0)
    near_zero = a <= 0.5
    for _ in range(4):
        erf, erfc = _erf_erfc(y)
        # near 1, solve log(erfc(y)) = log(1 - a) instead: 1 - a is exact there, erf(y) has no digits left
        residual = np.where(near_zero, erf - a, (np.log(1.0 - a) - np.log(erfc)) * erfc)
        y = y - residual * _SQRT_PI_OVER_2 * np.exp(y * y)
    out = np.where(inside, y, np.where(a == 1, np.inf, np.nan))
    return (np.sign(x64) * out).astype(x.dtype, copy=False)


def _sigmoid(x):
    # torch's kernel's formula: exp(-x) overflowing to inf gives 0, as it should (errors are silenced by the op's
    # caller); a split by sign (e / (1 + e) below 0) cost 5 us more on small arrays and differs from torch's bits
    return 1 / (1 + np.exp(-x))


def _round_like_torch(x, decimals):
    if x.dtype.kind != "f":
        return x.copy()
    return np.round(x, decimals)


# ================================================================= unary
def _unary(name, fn, derivative, saves=(0,), floating=True, node_name=None, on_arrays=False, half_in_float32=False):
    """An elementwise op: `fn` on the NumPy array, gradient `derivative(grad, *saved)`.

    floating: integer and bool inputs compute in the default float dtype.
    half_in_float32: fn composes several NumPy steps, which torch's kernel computes for float16 in float32.
    """
    # a NumPy ufunc on a large array is split across threads (_parallel.call)
    run = _parallel.call if isinstance(fn, np.ufunc) else lambda fn, x: fn(x)
    if not isinstance(fn, np.ufunc):
        fn = _kept_layout(fn)
    least = _parallel.EXPENSIVE_MIN
    if floating:
        def forward(ctx, x):
            if type(x) is not _ndarray or x.dtype.kind != "f":
                x = _floating(x)
            return fn(x) if x.size < least else run(fn, x)
    else:
        def forward(ctx, x):
            return fn(x) if type(x) is not _ndarray or x.size < least else run(fn, x)

    def backward(ctx, grad):
        return derivative(grad, *ctx.saved_tensors)

    if half_in_float32:
        forward = computes_half_in_float32(forward)
    attrs = {"forward": forward, "backward": backward, "saves": saves, "__module__": __name__,
             "__doc__": f"elementwise {name.lower()}", "on_arrays": on_arrays}
    if node_name:
        attrs["node_name"] = node_name
    return type(name, (Op,), attrs)


def _kept_layout(kernel):
    """A kernel returning C order made to return its result in the input's layout, as torch's
    TensorIterator does (a ufunc keeps it by itself: order K)."""
    def fn(x):
        out = kernel(x)
        if type(x) is not _ndarray or x.flags.c_contiguous or type(out) is not _ndarray or out.shape != x.shape \
                or not out.flags.c_contiguous:
            return out
        laid = np.empty_like(x, dtype=out.dtype)  # order K: the layout a ufunc gives x's result
        laid[...] = out
        return laid
    return fn


def _neg(x):
    if x.dtype.kind == "b":
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
                           "to invert a mask, use the `~` or `logical_not()` operator instead.")
    return np.negative(x)


def _relu(x):
    if x.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    if x.dtype.kind == "f":  # torch's x < 0 ? 0 : x, which keeps -0.0 and NaN
        if x.dtype in _MAXIMUM_IS_RELU:  # into zeros: NumPy's SIMD loop wants two full arrays (0-d: 5x slower)
            out = np.zeros(x.shape, x.dtype) if x.flags.c_contiguous else np.zeros_like(x)  # (x's layout)
            return np.maximum(out, x, out=out)
        return _fill(x, x < 0, np.zeros((), x.dtype))
    return np.maximum(x, 0)


def _maximum_is_relu(dtype, maximum=np.maximum):
    """Whether maximum(0, x) is torch's relu bit for bit for this dtype on this NumPy and processor:
    a tie of 0 and -0 must give the second operand, a NaN keep its sign and payload. Checked once on
    values that cover each SIMD width and its tail; where it fails relu selects bits instead."""
    bits = np.dtype(f"u{dtype.itemsize}")
    special = np.array([-0.0, np.nan, -np.nan, -np.inf, np.inf, 0.0, -1.0, 1.0, -5e-324, 5e-324], np.float64)
    x = np.resize(special.astype(dtype), 173)
    x[::7] = np.copysign(np.nan, -1.0)
    x.view(bits)[::11] |= 1  # NaN payloads, denormals
    for probe in (x, x[1:], x[3:40]):
        got = maximum(np.zeros(probe.shape, dtype), probe)
        want = _fill(probe, probe < 0, np.zeros((), dtype))
        if not np.array_equal(got.view(bits), want.view(bits)):
            return False
    return True



def _integral_kept(fn, kernel):
    """floor/ceil/trunc/round leave integer tensors unchanged (and have no bool kernel)."""
    return lambda x: fn(x) if x.dtype.kind == "f" else _require_kind(x, "iu", kernel).copy()


def _sign(x):
    if x.dtype.kind == "b":
        return x.copy()
    s = np.sign(x)
    if x.dtype.kind == "f" and np.isnan(s).any():  # torch's (0 < x) - (x < 0): 0 for NaN
        s = np.where(np.isnan(s), 0, s).astype(x.dtype)
    return s


def _sinc(x):
    px = np.pi * x
    return np.where(x == 0, np.ones_like(x), np.sin(px) / px)


def _sinc_grad(grad, x):
    """torch's sinc_backward: 0 where pi * x * x is 0 (x == 0, or so small that it underflows)."""
    px = x * math.pi
    squared = x * x * math.pi
    return where(squared == 0, 0, grad * (px * px.cos() - px.sin()) / squared)


def _zero_grad(grad, *saved):
    return _zeros_like(grad)


def _erf(x):
    return _erf_erfc(x)[0]


def _erfc(x):
    return _erf_erfc(x)[1]


Neg = _unary("Neg", _neg, lambda g: -g, saves=(), floating=False, on_arrays=True)
Abs = _unary("Abs", lambda x: np.abs(_require_kind(x, "iuf", "abs_cpu")), lambda g, x: g * Sign.apply(x),
             floating=False, on_arrays=True)
Sign = _unary("Sign", _sign, _zero_grad, saves=(), floating=False)
Sgn = _unary("Sgn", _sign, _zero_grad, saves=(), floating=False)  # sign for real inputs, its own node
Relu = _unary("Relu", _relu, lambda g, r: ThresholdBackward.apply(g, r, 0), saves=("result",), floating=False,
              on_arrays=True)
Floor = _unary("Floor", _integral_kept(np.floor, "floor_vml_cpu"), _zero_grad, saves=(), floating=False)
Ceil = _unary("Ceil", _integral_kept(np.ceil, "ceil_vml_cpu"), _zero_grad, saves=(), floating=False)
Trunc = _unary("Trunc", _integral_kept(np.trunc, "trunc_vml_cpu"), _zero_grad, saves=(), floating=False)
Round = _unary("Round", _integral_kept(np.rint, "round_vml_cpu"), _zero_grad, saves=(), floating=False)
Frac = _unary("Frac", lambda x: x - np.trunc(_require_kind(x, "f", "frac_cpu")), lambda g: g, saves=(),
              floating=False, on_arrays=True)

Exp = _unary("Exp", np.exp, lambda g, r: g * r, saves=("result",), on_arrays=True)
Exp2 = _unary("Exp2", np.exp2, lambda g, r: times(g * r, _LN2), saves=("result",), on_arrays=True)
Expm1 = _unary("Expm1", np.expm1, lambda g, r: g * (r + 1), saves=("result",), on_arrays=True)
Log = _unary("Log", np.log, lambda g, x: g / x, on_arrays=True)
Log2 = _unary("Log2", np.log2, lambda g, x: g / (x * _LN2), on_arrays=True)
Log10 = _unary("Log10", np.log10, lambda g, x: g / (x * _LN10), on_arrays=True)
Log1p = _unary("Log1p", np.log1p, lambda g, x: g / (x + 1), node_name="Log1PBackward0", on_arrays=True)
Sqrt = _unary("Sqrt", np.sqrt, lambda g, r: g / (2 * r), saves=("result",), on_arrays=True)
Rsqrt = _unary("Rsqrt", lambda x: 1 / np.sqrt(x), lambda g, r: g * (-0.5 * Pow.apply(r, 3)), saves=("result",), on_arrays=True)
Reciprocal = _unary("Reciprocal", np.reciprocal, lambda g, r: g * -(r * r), saves=("result",),
                    on_arrays=True)
Sin = _unary("Sin", np.sin, lambda g, x: g * Cos.apply(x), on_arrays=True)
Cos = _unary("Cos", np.cos, lambda g, x: g * -Sin.apply(x), on_arrays=True)
Tan = _unary("Tan", np.tan, lambda g, r: g * (1 + r * r), saves=("result",), on_arrays=True)
Asin = _unary("Asin", np.arcsin, lambda g, x: g * Rsqrt.apply(1 - x * x), on_arrays=True)
Acos = _unary("Acos", np.arccos, lambda g, x: -g * Rsqrt.apply(1 - x * x), on_arrays=True)
Atan = _unary("Atan", np.arctan, lambda g, x: g / (x * x + 1), on_arrays=True)
Sinh = _unary("Sinh", np.sinh, lambda g, x: g * Cosh.apply(x), on_arrays=True)
Cosh = _unary("Cosh", np.cosh, lambda g, x: g * Sinh.apply(x), on_arrays=True)
Tanh = _unary("Tanh", np.tanh, lambda g, r: TanhBackward.apply(g, r), saves=("result",), on_arrays=True)
Asinh = _unary("Asinh", np.arcsinh, lambda g, x: g * Rsqrt.apply(x * x + 1), on_arrays=True)
Acosh = _unary("Acosh", np.arccosh, lambda g, x: g * Rsqrt.apply(x * x - 1), on_arrays=True)
Atanh = _unary("Atanh", np.arctanh, lambda g, x: g / (1 - x * x), on_arrays=True)
Sigmoid = _unary("Sigmoid", _sigmoid, lambda g, r: SigmoidBackward.apply(g, r), saves=("result",), on_arrays=True,
                 half_in_float32=True)
Erf = _unary("Erf", _erf, lambda g, x: g * (_TWO_OVER_SQRT_PI * Exp.apply(-(x * x))), on_arrays=True)
Erfc = _unary("Erfc", _erfc, lambda g, x: g * (-_TWO_OVER_SQRT_PI * Exp.apply(-(x * x))), on_arrays=True)
Deg2rad = _unary("Deg2rad", lambda x: times(x, math.pi / 180), lambda g: times(g, math.pi / 180), saves=(),
                  node_name="Deg2RadBackward0", on_arrays=True)
Rad2deg = _unary("Rad2deg", lambda x: times(x, 180 / math.pi), lambda g: times(g, 180 / math.pi), saves=(),
                  node_name="Rad2DegBackward0", on_arrays=True)
Sinc = _unary("Sinc", _sinc, _sinc_grad, half_in_float32=True)
Erfinv = _unary("Erfinv", _erfinv, lambda g, r: g * (_SQRT_PI_OVER_2 * Exp.apply(r * r)), saves=("result",),
                on_arrays=True)


class ThresholdBackward(Op):
    """The gradient of relu and threshold, 0 where x <= threshold and grad elsewhere (a NaN x
    passes it), as one node (torch's threshold_backward), differentiable again."""
    on_arrays = True
    saves = (1,)
    node_name = "ThresholdBackwardBackward0"

    def forward(ctx, grad, x, threshold):
        ctx.threshold = threshold
        return _fill(grad, x <= threshold, np.zeros((), grad.dtype))

    def backward(ctx, gg):
        x, = ctx.saved_tensors
        need_grad, need_x = ctx.needs_input_grad[:2]
        return ((ThresholdBackward.apply(gg, x, ctx.threshold) if need_grad else None),
                (_zeros_like(gg) if need_x else None), None)


class TanhBackward(Op):
    """tanh's gradient, grad * (1 - result**2), as one node (torch's tanh_backward): one op instead
    of three in every backward through tanh, and differentiable again."""
    on_arrays = True
    saves = (0, 1)
    node_name = "TanhBackwardBackward0"

    def forward(ctx, grad, result):  # (1.0 as a 0-d array: NumPy combines a Python number with an array slower)
        one = float_operand(1.0, result.dtype)
        if type(one) is float and result.dtype is _HALF:  # torch's half kernel: in float32, rounded once
            return TanhBackward.forward(ctx, grad.astype(np.float32), result.astype(np.float32)).astype(_HALF)
        return grad * (one - result * result)

    def backward(ctx, gg):
        grad, result = ctx.saved_tensors
        need_grad, need_result = ctx.needs_input_grad
        return ((TanhBackward.apply(gg, result) if need_grad else None),  # torch's tanh_backward(grad, output)
                (gg * grad * result * -2 if need_result else None))


class SigmoidBackward(Op):
    """sigmoid's gradient, grad * (1 - result) * result, as one node (torch's sigmoid_backward, in its order)."""
    on_arrays = True
    saves = (0, 1)
    node_name = "SigmoidBackwardBackward0"

    def forward(ctx, grad, result):
        return grad * (float_operand(1.0, result.dtype) - result) * result

    def backward(ctx, gg):
        grad, result = ctx.saved_tensors
        need_grad, need_result = ctx.needs_input_grad
        return ((gg * (result * (1 - result)) if need_grad else None),
                (gg * grad * (1 - 2 * result) if need_result else None))


class RoundDecimals(Op):
    """round(decimals=d) (RoundBackward1): round half to even at 10**-d."""
    node_name = "RoundBackward1"

    def forward(ctx, x, decimals):
        return np.round(_require_kind(x, "f", "round_cpu"), decimals)

    def backward(ctx, grad):
        return _zeros_like(grad), None


class Logit(Op):
    """log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps is given."""
    saves = (0,)

    def forward(ctx, x, eps):
        x = _floating(x)
        ctx.eps = eps
        if eps is not None:  # (torch's x < lo ? lo : x > hi ? hi : x, so lo wins when eps > 0.5)
            lo, hi = x.dtype.type(eps), x.dtype.type(1 - eps)
            x = np.where(x < lo, lo, np.where(x > hi, hi, x))
        return np.log(x / (1 - x))

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        eps = ctx.eps
        # torch's logit_backward: 0 (nan without eps) below eps or above 1 - eps, else the formula
        lo, hi, outside = (0, 1, float("nan")) if eps is None else (eps, 1 - eps, 0)
        return where((x < lo).logical_or(x > hi), outside, grad / (x * (1 - x))), None


class NanToNum(Op):
    """nan_to_num: NaN and infinities replaced by finite numbers; their gradient is 0."""
    saves = (0,)

    def forward(ctx, x, nan, posinf, neginf):
        if x.dtype.kind != "f":
            return x.copy()
        info = np.finfo(x.dtype)
        return np.nan_to_num(x, nan=0.0 if nan is None else nan,
                             posinf=info.max if posinf is None else posinf,
                             neginf=info.min if neginf is None else neginf)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad.masked_fill(x.isfinite().logical_not(), 0), None, None, None


class Clone(Op):
    def forward(ctx, x, memory_format):
        return _memory_format.copy(x, memory_format)

    def backward(ctx, grad):
        return grad, None


class ToCopy(Op):
    def forward(ctx, x, dtype, memory_format):
        return _memory_format.copy(x, memory_format, dtype.np)

    def backward(ctx, grad):
        return grad, None, None  # the engine casts it back to the input's dtype


class Fill(Op):
    """fill_ with a number (FillBackward2): every element replaced by it."""
    node_name = "FillBackward2"
    _scalar_inputs = 0b10
    fills = True  # (over an expanded tensor too, as torch's)

    def forward(ctx, x, value):
        return np.full_like(x, _dtype.checked_scalar(value, x.dtype))

    def backward(ctx, grad):
        return Tensor._wrap(np.zeros_like(grad._data)), grad.sum()  # self: zeros_like(grad), as torch's


class FillTensor(Fill):
    """fill_ with a 0-dim tensor (FillBackward3), which gets the sum of the gradient."""
    node_name = "FillBackward3"
    _listed = 0b10  # x[1:] = 2.5 fills with the number wrapped as a tensor: torch lists it
    fills = False  # (torch's fill_ with a tensor copies it: refused where x repeats an element)

    def forward(ctx, x, value):
        if np.ndim(value):  # (setitem fills with a number through this node too)
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {np.ndim(value)} "
                               "dimensions.")
        return Fill.forward(ctx, x, value)


class FillOutOfPlace(Fill):
    """torch.fill(x, number): a new tensor of x's shape full of it (FillBackward0)."""
    node_name = "FillBackward0"


class FillTensorOutOfPlace(FillTensor):
    """torch.fill(x, 0-dim tensor) (FillBackward1)."""
    node_name = "FillBackward1"


def fill(input, value):
    """A tensor of input's shape and dtype with every element `value` (a number or a 0-dim tensor)."""
    return (FillTensorOutOfPlace if isinstance(value, Tensor) else FillOutOfPlace).apply(input, value)


class Zero(Op):
    fills = True  # (over an expanded tensor too, as torch's)

    def forward(ctx, x):
        return np.zeros_like(x)

    def backward(ctx, grad):
        return Tensor._wrap(np.zeros_like(grad._data))  # torch's ZeroBackward0: zeros_like(grad), not None


class Copy(Op):
    """copy_(src) (CopyBackwards): the destination's old values get a zero gradient, as in torch."""
    node_name = "torch::autograd::CopyBackwards"
    _listed = 0b10  # x[...] = 2.5 of a 0-dim x copies the number wrapped as a tensor: torch lists it

    def forward(ctx, dst, src):
        try:  # in dst's dtype: copy_ casts any dtype into any other (a float into an int truncates)
            return np.broadcast_to(np.asarray(src), dst.shape).astype(dst.dtype, copy=False)
        except ValueError:
            try:
                shape = np.broadcast_shapes(dst.shape, np.shape(src))
            except ValueError:
                raise _shape_mismatch(dst.shape, np.shape(src)) from None
            raise RuntimeError(f"output with shape {list(dst.shape)} doesn't match the broadcast shape "
                               f"{list(shape)}") from None

    def backward(ctx, grad):
        zeros = Tensor._wrap(np.zeros_like(grad._data)) if ctx.needs_input_grad[0] else None
        return zeros, grad


# ================================================================= binary
class Add(Op):
    on_arrays = True
    _listed = 0b11  # x * 2: torch wraps the number as a tensor and lists it
    def forward(ctx, a, b):
        return _binary(np.add, a, b)

    @staticmethod
    def into(x, b):
        np.add(x, b, out=x)

    def backward(ctx, grad):
        return grad, grad


def _scaled(other, alpha, a):
    """alpha * other for add/sub with `a`. A Python number `other` scales as a Python number,
    which then adds as a weak scalar (keeping a float tensor's dtype, as torch's wrapped number
    does). Into an integer or bool result the product is computed in that dtype, wrapping around,
    with alpha refused as torch refuses one the dtype cannot hold."""
    if type(other) is _ndarray and type(a) is _ndarray and other.dtype is a.dtype and a.dtype.kind == "f" and (
            type(alpha) is float or type(alpha) is int):  # nothing to promote (an optimizer's step)
        if a.dtype.itemsize >= 4 and other.size < _PARALLEL_MIN:  # (half: in float32, as _binary)
            return np.asarray(np.multiply(other, float_operand(alpha, a.dtype) if type(alpha) is float else alpha))
        if a.dtype is _HALF:  # torch's scalar loop: alpha in half (refused past its range), the product rounded to half
            return np.asarray(np.multiply(other, _dtype.checked_scalar(alpha, _HALF)))
        return np.asarray(_binary(np.multiply, other, alpha))
    floating = type(a) is _ndarray and a.dtype.kind == "f"  # then so is the result
    result = _result_np_dtype(a, other) if type(alpha) in (int, bool) and not floating else None
    if result is not None and result.kind in "iub":
        alpha = _dtype.checked_scalar(alpha, result)
        if type(other) in (int, float, bool):
            return np.asarray(other * alpha.item()).astype(result)
        return np.asarray(np.multiply(np.asarray(other).astype(result, copy=False), alpha))  # as torch: in its dtype
    elif type(other) in (int, float, bool):
        return other * alpha
    # as torch, other in the result's dtype first (an int8 127 times 2 is 254, not -2), scaled there
    other = np.asarray(other)
    result = _result_np_dtype(a, other)
    if other.dtype != result:
        other = other.astype(result)
    return np.asarray(_binary(np.multiply, other, alpha))  # (a 0-d product is a NumPy scalar)


def _inplace_alpha(scaled_op, op, self, other, alpha):
    """add_/sub_: the op with alpha (sub's negated) unless alpha is 1, after torch's checks: the
    result's cast into self first, then alpha."""
    if type(alpha) is not int or alpha != 1:
        if self._data.dtype.kind != "f":  # (a floating self takes any real result; torch's checks in order)
            if scaled_op is SubAlpha:
                _check_bool_subtraction(self._data, other._data if isinstance(other, Tensor) else other)
            check_inplace_shape(self._data, (other._data,) if isinstance(other, Tensor) else ())
            check_result_cast(_result_np_dtype(self._data, other._data if isinstance(other, Tensor) else other),
                              self._data.dtype)
        alpha = _checked_alpha(self, other, alpha)
    if alpha != 1:
        return scaled_op.apply_(self, other, -alpha if scaled_op is SubAlpha else alpha)
    return op.apply_(self, other)


def _checked_alpha(input, other, alpha):
    """add's and sub's alpha (other than the int 1) as torch's parser reads a Scalar (a NumPy scalar as a
    Python number: np.bool_ a float), after torch's alpha_check (alpha as given, before sub negates it)."""
    data = input._data if isinstance(input, Tensor) else input
    if (type(alpha) is float or type(alpha) is int) and type(data) is _ndarray and data.dtype.kind == "f":
        return alpha  # a floating result takes any number but a bool (the optimizers' case, kept cheap)
    if isinstance(alpha, np.generic):
        alpha = _dtype.parsed_number(alpha)
    kind = _result_np_dtype(data, other._data if isinstance(other, Tensor) else other).kind
    if isinstance(alpha, bool) and kind != "b":
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if isinstance(alpha, complex) and kind != "c":
        raise RuntimeError("For non-complex input tensors, argument alpha must not be a complex number.")
    if kind in "iub" and not isinstance(alpha, int):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    return alpha


class AddAlpha(Op):
    """add with `alpha`: a + alpha * b (AddBackward0, like plain add)."""
    on_arrays = True
    _listed = 0b11  # x * 2: torch wraps the number as a tensor and lists it
    node_name = "AddBackward0"

    def forward(ctx, a, b, alpha):
        ctx.alpha = alpha
        return _binary(np.add, a, _scaled(b, alpha, a))

    @staticmethod
    def into(x, b, alpha):
        np.add(x, _scaled(b, alpha, x), out=x)

    def backward(ctx, grad):
        return grad, times(grad, ctx.alpha), None  # torch's maybe_multiply(grad, alpha): mul by a Scalar


class SubAlpha(AddAlpha):
    """sub with `alpha`, run as a + (-alpha) * b (SubBackward0)."""
    node_name = "SubBackward0"

    def forward(ctx, a, b, alpha):
        _check_bool_subtraction(a, b)
        return AddAlpha.forward(ctx, a, b, alpha)

    @staticmethod
    def into(x, b, alpha):
        _check_bool_subtraction(x, b)
        AddAlpha.into(x, b, alpha)

    def backward(ctx, grad):
        return grad, times(-grad, -ctx.alpha), None  # torch's maybe_multiply(-grad, alpha)


class Sub(Op):
    on_arrays = True
    _listed = 0b11  # x * 2: torch wraps the number as a tensor and lists it
    def forward(ctx, a, b):
        _check_bool_subtraction(a, b)
        return _binary(np.subtract, a, b)

    @staticmethod
    def into(x, b):
        np.subtract(x, b, out=x)

    def backward(ctx, grad):
        return grad, -grad


class Rsub(Op):
    """other - input, for a Python number `other` (RsubBackward1)."""
    on_arrays = True
    node_name = "RsubBackward1"

    def forward(ctx, a, b):
        _check_bool_subtraction(a, b)
        return _binary(np.subtract, b, a)

    def backward(ctx, grad):
        return -grad, (grad if ctx.needs_input_grad[1] else None)


class RsubTensor(Rsub):
    """other - input, for a tensor `other` (RsubBackward0)."""
    node_name = "RsubBackward0"


class Mul(Op):
    on_arrays = True
    _listed = 0b11  # x * 2: torch wraps the number as a tensor and lists it
    saves = (0, 1)
    saves_needed_by = (1, 0)  # self is read only for other's gradient, and other only for self's

    def forward(ctx, a, b):
        if type(b) is _ndarray and type(a) is _ndarray and a.dtype is not b.dtype and b.size == 1 \
                and _half_by_scalar_tensor(a, b):
            return _in_float32(np.multiply, a, b)
        return _binary(np.multiply, a, b)

    @staticmethod
    def into(x, b):
        np.multiply(x, b, out=x)

    def backward(ctx, grad):
        saved = ctx._saved  # x * 0.5 on arrays: the number takes no gradient
        if saved is not None and (type(saved[1]) is float or type(saved[1]) is int):
            tg = type(grad)
            if tg is _float32 or tg is _float64:  # a 0-d array's product: a NumPy scalar, whose own arithmetic is fastest
                return grad * saved[1], None
            if tg is not Tensor and not isinstance(grad, Tensor):
                return _by_number(np.multiply, grad, saved[1]), None
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if type(grad) is _ndarray:  # on arrays
            if a is b and need_a:  # x * x: one product for both inputs (the engine sums them, same bits)
                g = grad * a
                return g, g
        return (grad * b if need_a else None), (grad * a if need_b else None)


class Div(Op):
    on_arrays = True
    _listed = 0b11  # x * 2: torch wraps the number as a tensor and lists it
    saves = (0, 1)
    saves_needed_by = (1, None)  # self is read only for other's gradient

    def forward(ctx, a, b):
        if type(b) is _ndarray and type(a) is _ndarray and a.dtype is not b.dtype and b.size == 1 \
                and _half_by_scalar_tensor(a, b):
            return _in_float32(np.true_divide, a, b)
        pa, pb = _promote(a, b)
        if np.result_type(pa, pb).kind != "f":  # true division of integers gives the default float,
            pa, pb = _floating(a), _floating(b)  # each operand converted from its own dtype (int8 -6 stays -6)
        a, b = pa, pb
        try:
            if (type(a) is not _ndarray or type(b) is not _ndarray) and _half_with_number(a, b):
                return _in_float32(np.true_divide, a, b)
            return np.true_divide(a, b)
        except ValueError:
            raise _broadcast_error(a, b) from None

    @staticmethod
    def into(x, b):
        np.true_divide(x, b, out=x)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if (type(b) is float or type(b) is int) and not isinstance(grad, Tensor):  # x / 0.5 on arrays: as torch's kernel
            return over(grad, b), None
        return (grad / b if need_a else None), (-grad * (a / b / b) if need_b else None)  # torch's order


def _with_a_scalar(op, backward=None):
    """`op` of a tensor and a number inside a composite op, as torch's C++ add/sub/mul/div(Tensor,
    Scalar) record it: its Backward1 node, with no edge for the number (from Python, torch wraps
    the number as a tensor: the Backward0 node, the number listed)."""
    attrs = {"node_name": f"{op.__qualname__}Backward1", "_listed": 0, "__module__": __name__,
             "__doc__": f"{op.__qualname__} of a tensor and a number in a composite op"}
    if backward is not None:
        attrs["backward"] = backward
    return type(f"{op.__qualname__}Scalar", (op,), attrs)


def times(t, number):
    """t * number in a derivative formula: torch's MulBackward1 when recorded; on arrays (or a 0-d one's NumPy
    scalar) as torch's kernels compute it, float16 in float32."""
    if isinstance(t, Tensor):
        return MulScalar.apply(t, number)
    return _by_number(np.multiply, t, number)


def over(t, number):
    """t / number in a derivative formula: torch's DivBackward1 when recorded; on arrays as `times`."""
    if isinstance(t, Tensor):
        return DivScalar.apply(t, number)
    return _by_number(np.true_divide, t, number)


def _by_number(ufunc, t, number):
    """ufunc(t, number) for an array or NumPy scalar `t` and a Python number, as torch's kernels: a float16
    t in float32 (the number not first rounded to half); a float in t's dtype as a 0-d array, which NumPy
    combines with an array fastest; a NumPy scalar by its own arithmetic, faster still."""
    if type(t) is _ndarray:
        dtype = t.dtype
        if dtype is not _HALF:
            return ufunc(t, float_operand(number, dtype) if type(number) is float else number)
    elif t.dtype is not _HALF:
        return _SCALAR_OPERATORS[ufunc](t, number)
    return _in_float32(ufunc, np.asarray(t), number)


_SCALAR_OPERATORS = {np.multiply: operator.mul, np.true_divide: operator.truediv}


AddScalar, SubScalar = _with_a_scalar(Add), _with_a_scalar(Sub)
# their gradients scale by the number as torch's do: Tensor-Scalar ops again
MulScalar = _with_a_scalar(Mul, lambda ctx, grad: (times(grad, ctx.saved_tensors[1]), None))
DivScalar = _with_a_scalar(Div, lambda ctx, grad: (over(grad, ctx.saved_tensors[1]), None))


def _rounded_division(a, b, mode):
    """a / b rounded toward zero ('trunc') or down ('floor'), in the promoted dtype."""
    a, b = _ints_wrapped(*_promote(a, b))
    kind = np.result_type(a, b).kind
    if kind == "b":
        raise not_implemented_for(f"div_{mode}_cpu", np.asarray(a))
    if kind in "iu":
        _check_int_divisor(b)
        q = np.floor_divide(a, b)
        if mode == "trunc":  # floor and trunc differ where the exact quotient is negative and inexact
            q = q + ((q < 0) & (q * b != a))
        return q
    return np.floor_divide(a, b) if mode == "floor" else np.trunc(np.true_divide(a, b))


class DivMode(Op):
    """div with rounding_mode (DivBackward2): piecewise constant, so its gradient is zero."""
    node_name = "DivBackward2"
    _listed = 0b11  # x.div(3, rounding_mode=...): torch wraps the number as a tensor and lists it

    def forward(ctx, a, b, mode):
        try:
            return _rounded_division(a, b, mode)
        except ValueError:
            raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        need_a, need_b = ctx.needs_input_grad[:2]
        return (_zeros_like(grad) if need_a else None), (_zeros_like(grad) if need_b else None), None


class _NoDerivative(Op):
    """Ops torch records but cannot differentiate: backward raises as torch's does."""
    node_name = "torch::autograd::NotImplemented"
    aten = ""

    def backward(ctx, *grads):  # (all outputs' gradients where the engine passes them all: anomaly mode, hooks)
        raise RuntimeError(f"derivative for aten::{ctx.aten} is not implemented")


class FloorDivide(_NoDerivative):
    node_name = "torch::autograd::NotImplemented"
    aten = "floor_divide"

    def forward(ctx, a, b):
        return DivMode.forward(ctx, a, b, "floor")


def _remainder(a, b, ufunc):
    a, b = _ints_wrapped(*_promote(a, b))
    kind = np.result_type(a, b).kind
    if kind == "b":
        raise not_implemented_for(f"{'remainder' if ufunc is np.remainder else 'fmod'}_cpu", np.asarray(a))
    if kind in "iu":
        _check_int_divisor(b)
    try:
        r = ufunc(a, b)
    except ValueError:
        raise _broadcast_error(a, b) from None
    if kind == "f" and ufunc is np.remainder:
        # torch's remainder is fmod moved into the divisor's sign, so a zero keeps the dividend's sign
        # (NumPy's takes the divisor's)
        zero = r == 0
        if zero.any():
            r = np.where(zero, np.copysign(r, a), r)
    return r


def _modulo(ufunc):
    def forward(ctx, a, b):
        return _remainder(a, b, ufunc)
    return forward


class Remainder(Op):
    """Python's %: the result has the divisor's sign (RemainderBackward0 for a number divisor).
    Fmod is the same op over C's fmod, its quotient rounded toward zero."""
    saves = (0, 1)
    forward = _modulo(np.remainder)
    _rounding = "floor"  # how the quotient in a - b * quotient is rounded

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        gb = -grad * a.div(b, rounding_mode=ctx._rounding) if ctx.needs_input_grad[1] else None
        return grad, gb


class RemainderTensor(Remainder):
    node_name = "RemainderBackward1"


class RemainderNumberSelf(_NoDerivative):
    """number % tensor."""
    node_name = "torch::autograd::NotImplemented"
    aten = "remainder"

    def forward(ctx, a, b):
        return _remainder(a, b, np.remainder)


class Fmod(Remainder):
    """C's fmod: the result has the dividend's sign (FmodBackward0 for a number divisor)."""
    forward = _modulo(np.fmod)
    _rounding = "trunc"


class FmodTensor(Fmod):
    node_name = "FmodBackward1"


# torch computes these powers of a float tensor with products, square roots and divisions: the same
# bits as its results (np.power differs at -0 and -inf for 0.5, in the last bit for -2 in float64)
# and 2-50x faster than pow.
_POWER_BY_OPS = {2: lambda x: x * x, 3: lambda x: x * x * x, 0.5: np.sqrt, -0.5: lambda x: 1 / np.sqrt(x),
                 -1: np.reciprocal, -2: lambda x: 1 / (x * x)}
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


class Pow(Op):
    """tensor ** number (PowBackward0)."""
    on_arrays = True
    saves = (0, 1)

    def forward(ctx, x, exponent):
        if x.dtype.kind in "iub" and isinstance(exponent, float):
            x = _floating(x)
        if x.dtype.kind in "iub" and isinstance(exponent, int):
            if exponent < 0:  # (bool too: an integer base)
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            if x.dtype.kind != "b":
                exponent = _dtype.checked_scalar(exponent, x.dtype).item()  # the kernel's scalar_t exponent
        if x.dtype.kind == "b" and type(exponent) is bool:  # stays bool: x ** True is x, x ** False is 1
            return x.copy() if exponent else np.ones_like(x)
        by_ops = _POWER_BY_OPS.get(exponent) if type(exponent) in (int, float) else None
        if by_ops is not None and x.dtype in _FLOATS:
            return by_ops(x)
        return np.power(x, exponent)

    def backward(ctx, grad):
        x, exponent = ctx.saved_tensors
        if exponent == 0:
            return _zeros_like(grad), None
        return grad * times(Pow.apply(x, exponent - 1), exponent), None  # torch's exponent * x ** (e - 1)


def _integer_power(a, b):
    """a ** b of integers where b may be negative, as torch's kernel computes it (NumPy refuses):
    1 for a base of 1, +-1 for -1, 0 for any other base."""
    negative = b < 0
    if not negative.any():
        return np.power(a, b)
    out = np.power(a, np.where(negative, 0, b))
    small = np.where(np.abs(b) % 2 == 1, a, np.ones_like(a))  # (-1) ** b, 1 ** b
    return np.where(negative, np.where((a == 1) | (a == -1), small, 0), out).astype(out.dtype, copy=False)


class PowTensor(Op):
    """tensor ** tensor (PowBackward1)."""
    saves = (0, 1, "result")
    node_name = "PowBackward1"

    def forward(ctx, a, b):
        a, b = _promote(a, b)
        kind = np.result_type(a, b).kind
        if kind == "b":
            raise not_implemented_for("pow", np.asarray(a))
        try:
            return _integer_power(a, b) if kind in "iu" else np.power(a, b)
        except ValueError:
            raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = where(b == 0, 0, grad * (b * a ** (b - 1))) if need_a else None
        # d/db a**b = a**b * log(a), taken as 0 where a == 0 and b >= 0 (torch's convention)
        gb = None
        if need_b:
            safe = (a == 0).logical_and(b >= 0)
            base = a if a.dtype == result.dtype else a.to(result.dtype)  # torch's self.to(promoted dtype)
            gb = grad * where(safe, 0, result * base.log())
        return ga, gb


class PowScalarBase(Op):
    """number ** tensor (PowBackward2)."""
    saves = (1, "result")
    node_name = "PowBackward2"

    def forward(ctx, base, x):
        ctx.base = base
        x = _floating(x) if isinstance(base, float) else x
        if x.dtype.kind == "b":  # an int base makes a bool exponent int64; bool ** bool has no kernel
            if isinstance(base, (bool, np.bool_)):
                raise not_implemented_for("pow", x)
            x = x.astype(np.int64)
        if x.dtype.kind in "iu":  # (an int base the exponent's dtype cannot hold wraps into it, as torch's)
            return _integer_power(*_ints_wrapped(base, x))
        base = np.asarray(base, dtype=x.dtype)
        return np.power(base, x)

    def backward(ctx, grad):
        x, result = ctx.saved_tensors
        base = ctx.base
        with np.errstate(divide="ignore", invalid="ignore"):
            log_base = float(np.log(np.float64(base)))
        if base == 0:  # 0 ** x is flat for x >= 0; torch's select keeps its nan second derivative
            return None, grad * where(x >= 0, 0, result * log_base)
        return None, grad * (result * log_base)


def _binary_floating(ufunc, kernel, kinds="iubf"):
    """Forward of a binary op computed in floating point (integer inputs refused unless `kinds` allows)."""
    def forward(ctx, a, b):
        pa, pb = _promote(a, b)
        _require_kind(np.asarray(pa), kinds, kernel)
        if np.result_type(pa, pb).kind == "f":
            a, b = pa, pb
        # integers straight to the float they compute in, each from its own dtype; numbers stay weak
        a, b = (_floating(x) if type(x) is _ndarray else x for x in (a, b))
        try:
            return ufunc(a, b)
        except ValueError:
            raise _broadcast_error(a, b) from None
    return forward


def _times_log(log):
    """forward of input * log(other) for a NumPy `log`: 0 where input == 0 and other is not NaN."""
    def forward(ctx, a, b):
        pa, pb = _promote(a, b)
        if np.result_type(pa, pb).kind == "f":
            a, b = pa, pb
        a, b = (_floating(x) if type(x) is _ndarray else x for x in (a, b))  # (integers each from its own dtype)
        # a Python number is first held in the result's dtype (2 ** 40 is inf in half), its log then kept a
        # Python float: a weak operand that keeps float16 float16
        if type(b) is not _ndarray:
            held = a.dtype if type(a) is _ndarray and a.dtype.kind == "f" else _dtype.get_default_dtype().np
            b = float(np.asarray(b, held))
        log_b = log(b) if type(b) is _ndarray else float(log(np.float64(b)))
        try:
            out = np.where(np.equal(a, 0), 0, np.multiply(a, log_b))
        except ValueError:
            raise _broadcast_error(a, b) from None
        return np.where(np.isnan(b), np.nan, out).astype(out.dtype, copy=False)
    return forward


class Xlogy(Op):
    """input * log(other), 0 where input == 0 and other is not NaN (XlogyBackward0).
    special.xlog1py is the same op over log1p: its class overrides forward and the hooks below."""
    saves = (0, 1)
    forward = _times_log(np.log)
    _pole = 0  # log(other) is -inf or NaN at and below it; input == 0 there still has gradient 0

    def _same(ctx, x, y):
        return xlogy(x, y)

    def _log_argument(ctx, other):
        return other

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = None
        if need_a:
            ga = ctx._same(grad, b)
            at_zero = a == 0
            if isinstance(b, Tensor):
                ga = ga.masked_fill(at_zero.logical_and(b <= ctx._pole), 0)
            elif b <= ctx._pole:
                ga = ga.masked_fill(at_zero, 0)
        return ga, (grad * a / ctx._log_argument(b) if need_b else None)


class XlogyNumberSelf(Xlogy):
    node_name = "XlogyBackward1"


class XlogyNumberOther(Xlogy):
    node_name = "XlogyBackward2"


class Copysign(Op):
    """|input| with the sign of other (CopysignBackward0; a number other: CopysignBackward1)."""
    saves = (0, "result")

    def forward(ctx, a, b):
        a, b = _promote(a, b)
        a, b = (_floating(x) if type(x) is _ndarray else x for x in (a, b))
        try:
            return np.copysign(a, b)
        except ValueError:
            raise _broadcast_error(a, b) from None

    def backward(ctx, grad):
        a, result = ctx.saved_tensors
        gb = _zeros_like(grad) if ctx.needs_input_grad[1] else None
        return grad * (result / a).masked_fill(a == 0, 0), gb


class CopysignNumber(Copysign):
    node_name = "CopysignBackward1"


class Atan2(Op):
    saves = (0, 1)
    forward = _binary_floating(np.arctan2, "atan2_cpu")

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        denom = a * a + b * b
        recip = where(denom == 0, 0, denom.reciprocal())  # torch's: 0 where a * a + b * b underflows to 0
        return grad * b * recip, grad * -a * recip


class Hypot(Op):
    saves = (0, 1, "result")
    saves_needed_by = (0, 1, None)  # each input only for its own gradient, as torch's
    forward = _binary_floating(np.hypot, "hypot_cpu", "f")

    def backward(ctx, grad):
        a, b, result = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * a / result if need_a else None), (grad * b / result if need_b else None)  # torch's order


class Logaddexp(Op):
    saves = (0, 1)
    forward = _binary_floating(np.logaddexp, "logaddexp_cpu", "f")

    def backward(ctx, grad):  # torch's grad / (1 + exp(other - self)), and the same for other
        a, b = ctx.saved_tensors
        return grad / AddScalar.apply((b - a).exp(), 1), grad / AddScalar.apply((a - b).exp(), 1)


class Logaddexp2(Op):
    """log2(2 ** input + 2 ** other), computed stably."""
    saves = (0, 1)
    forward = _binary_floating(np.logaddexp2, "logaddexp2_cpu", "f")

    def backward(ctx, grad):  # torch's grad / (1 + 2 ** (other - self)), and the same for other
        a, b = ctx.saved_tensors
        return grad / AddScalar.apply(2 ** (b - a), 1), grad / AddScalar.apply(2 ** (a - b), 1)


def _ufunc_forward(ufunc):
    def forward(ctx, a, b):
        return _binary(ufunc, a, b)
    return forward


class Maximum(Op):
    """Elementwise max, NaN propagating; a tie splits the gradient in half, as in torch."""
    saves = (0, 1)
    forward = _ufunc_forward(np.maximum)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        split = where(a == b, grad / 2, grad)
        a_loses, b_loses = (a < b, a > b) if type(ctx) is Maximum else (a > b, a < b)
        return split.masked_fill(a_loses, 0), split.masked_fill(b_loses, 0)


class Minimum(Maximum):
    forward = _ufunc_forward(np.minimum)


class Fmax(Op):
    """Elementwise max ignoring NaN; a tie gives the whole gradient to `input`, as in torch."""
    saves = (0, 1)
    forward = _ufunc_forward(np.fmax)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        a_wins = (a >= b if type(ctx) is Fmax else a <= b).logical_or(b.isnan())
        return grad.masked_fill(a_wins.logical_not(), 0), grad.masked_fill(a_wins, 0)


class Fmin(Fmax):
    forward = _ufunc_forward(np.fmin)


# ================================================================= ternary
class Where(Op):
    """where(condition, input, other): input where condition holds, else other."""
    _listed = 0b110
    saves = (0,)

    def forward(ctx, cond, a, b):
        if cond.dtype.kind != "b":
            raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype "
                               f"{scalar_type_name(cond.dtype)}")
        a, b = _promote(a, b)
        dt = np.result_type(a, b)
        if dt.kind in "iu":  # a number the result's integer dtype cannot hold is refused, as torch's
            a, b = (_dtype.checked_scalar(x, dt) if type(x) in (int, float) else x for x in (a, b))
        try:
            return np.where(cond, a, b)
        except ValueError:
            raise _broadcast_error(cond, a, b) from None  # (torch's order)

    def backward(ctx, grad):
        cond, = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[1:]
        return None, (where(cond, grad, 0) if need_a else None), (where(cond, 0, grad) if need_b else None)


def _widened(x):
    """A float16 operand in float32, the math type of torch's CPU kernels for half."""
    return x.astype(np.float32)


def _promote_all(*xs):
    """Cast every non-None operand to their common torch result dtype."""
    present = [x for x in xs if x is not None]
    dt = _dtype.result_type(*[_DtypeProxy(x) if type(x) is _ndarray else x for x in present]).np
    return [None if x is None else _cast(x, dt) for x in xs]


_CLAMP_COMPLEX = "clamp is not supported for complex types"


def _complex_bound(*bounds):
    return any(isinstance(b, complex) for b in bounds)


def _real_bound(b):
    """A number bound as clamp's kernel reads it for a floating self: through a double, which a complex
    number reaches only without an imaginary part (c10 names the double, not the tensor's type)."""
    if isinstance(b, complex):
        if b.imag:
            raise RuntimeError("value cannot be converted to type double without overflow")
        return b.real
    return b


class Clamp(Op):
    """clamp with Python-number bounds (ClampBackward1): gradient passes inside [min, max], bounds included."""
    reads_complex = True  # a complex bound gets torch's own error (_complex_bound)
    saves = (0,)
    node_name = "ClampBackward1"

    def forward(ctx, x, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        if _complex_bound(lo, hi):
            if x.dtype.kind != "f":  # torch's meta promotes a non-floating self to a complex result, then refuses it
                raise NotImplementedError(_CLAMP_COMPLEX)
            lo, hi = (_real_bound(b) for b in (lo, hi))  # a floating self keeps its dtype
        ctx.lo, ctx.hi = lo, hi
        bounds = [b for b in (lo, hi) if b is not None]
        result = _dtype.result_type(_DtypeProxy(x), *bounds).np
        if result.kind in "iuf":  # bounds as the kernel's scalar_t: checked, a negative one wrapping if unsigned
            lo, hi = (None if b is None else _dtype.checked_scalar(b, result) for b in (lo, hi))
        x = _promote_all(x, lo, hi)[0]
        if x.dtype.kind == "b":
            raise not_implemented_for("clamp_scalar_cpu" if lo is not None and hi is not None else
                                      "clamp_min_scalar_cpu" if lo is not None else "clamp_max_scalar_cpu", x)
        if lo is not None:
            x = np.maximum(x, lo)
        return x if hi is None else np.minimum(x, hi)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        lo, hi = ctx.lo, ctx.hi
        if lo is not None and hi is not None:
            inside = (x >= lo).logical_and(x <= hi)
        else:
            inside = x >= lo if lo is not None else x <= hi
        return where(inside, grad, 0), None, None


class ClampTensor(Op):
    """clamp with tensor bounds (ClampBackward0); a bound gets the gradient where it is the result."""
    _listed = 0b110  # a bound left None is an absent optional tensor, listed by torch
    saves = (0, 1, 2)
    node_name = "ClampBackward0"

    def forward(ctx, x, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        x, lo, hi = _promote_all(x, lo, hi)
        if x.dtype.kind == "b" and lo is not None and hi is not None:  # (one bound: clamp_min/max, which take bool)
            raise not_implemented_for("clamp_cpu", x)
        try:
            out = x if lo is None else np.maximum(x, lo)
            return out if hi is None else np.minimum(out, hi)
        except ValueError:
            raise _broadcast_error(x, lo, hi) from None

    def backward(ctx, grad):
        x, lo, hi = ctx.saved_tensors
        need_x, need_lo, need_hi = ctx.needs_input_grad
        gx = glo = ghi = None
        if lo is not None and hi is not None:
            if need_x:
                gx = where((x >= lo).logical_and(x <= hi), grad, 0)
            if need_lo:
                glo = where((x < lo).logical_and(lo < hi), grad, 0)
            if need_hi:
                ghi = where((x > hi).logical_or(hi < lo), grad, 0)
        elif lo is not None:
            gx = where(x >= lo, grad, 0) if need_x else None
            glo = where(x < lo, grad, 0) if need_lo else None
        else:
            gx = where(x <= hi, grad, 0) if need_x else None
            ghi = where(x > hi, grad, 0) if need_hi else None
        return gx, glo, ghi


class ClampMin(Clamp):
    node_name = "ClampMinBackward0"


class ClampMax(Clamp):
    node_name = "ClampMaxBackward0"


class ClampMinTensor(ClampTensor):
    node_name = "ClampMinBackward1"
    _listed = 0  # clamp_min(x, t) has no max argument to list


class ClampMaxTensor(ClampTensor):
    node_name = "ClampMaxBackward1"
    _listed = 0  # clamp_max(x, t) has no min argument to list


class Lerp(Op):
    """input + weight * (end - input); a number weight (LerpBackward0), the only thing its gradients read."""
    reads_complex = True  # a complex weight gets torch's own error (_lerp_weight)
    _scalar_inputs = 0b100  # (the weight)

    def forward(ctx, a, b, w):
        ctx.weight = w
        if b.dtype != a.dtype:  # torch's lerp promotes nothing (a 0-dim weight excepted)
            raise RuntimeError(f"expected dtype {_dtype.cpp_type_name(a)} for `end` but got dtype "
                               f"{_dtype.cpp_type_name(b)}")
        if type(w) is _ndarray and w.ndim and w.dtype != a.dtype:
            raise RuntimeError(f"expected dtype {_dtype.cpp_type_name(a)} for `weight` but got dtype "
                               f"{_dtype.cpp_type_name(w)}")
        _require_kind(a, "f", "lerp_kernel_scalar" if type(w) is not _ndarray else "lerp_kernel_tensor")
        if type(w) is not _ndarray:
            w = _lerp_weight(w, a.dtype)
        if type(w) is _ndarray and w.dtype != a.dtype:  # a 0-dim weight: the three promoted (all 0-dim: wider)
            a, b, w = _promote_all(a, b, w)
        half = a.dtype == np.float16
        if half:  # torch's math type for half: float32, rounded once
            a, b, w = _widened(a), _widened(b), (_widened(w) if type(w) is _ndarray else w)
        diff = b - a
        if type(w) is _ndarray and w.ndim:  # torch's two-sided form, chosen per element
            out = np.where(np.abs(w) < 0.5, a + w * diff, b - diff * (1 - w))
        else:
            out = np.asarray(_lerp_form(a, b, diff, w))
        return out.astype(np.float16) if half else out

    @staticmethod
    def into(a, b, w):
        np.copyto(a, _lerp_form(a, b, b - a, _lerp_weight(w, a.dtype)))

    def backward(ctx, grad):
        need_a, need_b, _ = ctx.needs_input_grad
        w = ctx.weight  # torch's grad * Scalar (MulBackward1)
        return (times(grad, 1 - w) if need_a else None), (times(grad, w) if need_b else None), None


def _lerp_weight(w, dtype):
    """A number weight as the kernel's weight.to<opmath_t>() reads it: refused where it overflows (or is complex)."""
    return float(_dtype.checked_scalar(w, np.float64 if dtype == np.float64 else np.float32))


def _lerp_form(a, b, diff, w):
    """torch's two-sided lerp for one weight `w`: exact at both ends (weight 0 gives input, weight 1 gives end)."""
    return a + w * diff if np.abs(w) < 0.5 else b - diff * (1 - w)


class LerpTensor(Op):
    """lerp with a tensor weight (LerpBackward1); input and end are read only for the weight's gradient.
    (Not a Lerp: grad_fn._saved_weight is a saved tensor here, a number there.)"""
    node_name = "LerpBackward1"
    saves = (0, 1, 2)
    saves_needed_by = (2, 2, None)
    forward = Lerp.forward

    def backward(ctx, grad):
        a, b, w = ctx.saved_tensors
        need_a, need_b, need_w = ctx.needs_input_grad
        return (grad * (1 - w) if need_a else None), (grad * w if need_b else None), \
            (grad * (b - a) if need_w else None)


class Addcmul(Op):
    """input + value * tensor1 * tensor2."""
    saves = (1, 2)
    _scalar_inputs = 0b1000  # (the value)

    def forward(ctx, x, t1, t2, value):
        ctx.value = value
        x, t1, t2 = _promote_all(x, t1, t2)
        if x.dtype.kind == "b":
            raise not_implemented_for("addcmul_cpu_out", x)
        if x.dtype.kind in "iu":  # the kernel's scalar_t value: truncated, as a C++ cast, wrapping into the dtype
            value = _ints_wrapped(x, int(value))[1]
        try:
            if x.dtype == np.float16:  # torch's math type for half: float32, rounded once
                return (_widened(x) + value * _widened(t1) * _widened(t2)).astype(np.float16)
            return x + value * t1 * t2
        except ValueError:
            raise _broadcast_error(x, t1, t2) from None

    @staticmethod
    def into(x, t1, t2, value):
        np.add(x, value * t1 * t2, out=x)

    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        _, need_1, need_2, _ = ctx.needs_input_grad
        v = ctx.value
        # torch's grad * (tensor2 * value): the number by mul(Tensor, Scalar)
        return grad, (grad * times(t2, v) if need_1 else None), (grad * times(t1, v) if need_2 else None), None


class Addcdiv(Op):
    """input + value * tensor1 / tensor2."""
    saves = (1, 2)
    _scalar_inputs = 0b1000  # (the value)

    def forward(ctx, x, t1, t2, value):
        if t1.dtype.kind in "iub" and t2.dtype.kind in "iub":
            raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  release "
                               "addcdiv will perform a true division of tensor1 and tensor2. The historic addcdiv "
                               "behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2))"
                               ".to(input.dtype) for integer inputs and as (input + value * tensor1 / tensor2) for "
                               "float inputs. The future addcdiv behavior is just the latter implementation: "
                               "(input + value * tensor1 / tensor2), for all dtypes.")
        ctx.value = value
        x, t1, t2 = _promote_all(x, t1, t2)
        try:  # (a division by zero is quiet: Op runs every forward with floating-point errors ignored)
            if x.dtype == np.float16:  # torch's math type for half: float32, rounded once
                return (_widened(x) + value * _widened(t1) / _widened(t2)).astype(np.float16)
            return x + value * t1 / t2
        except ValueError:
            raise _broadcast_error(x, t1, t2) from None

    @staticmethod
    def into(x, t1, t2, value):
        np.add(x, value * t1 / t2, out=x)

    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        _, need_1, need_2, _ = ctx.needs_input_grad
        v = ctx.value
        # torch's grad * (value / tensor2) and -grad * (value * tensor1 / (tensor2 * tensor2)), the
        # number wrapped as C++ wraps it (DivBackward0, not Python's reciprocal-and-multiply)
        return grad, (grad * Div.apply(v, t2) if need_1 else None), \
            (-grad * (times(t1, v) / (t2 * t2)) if need_2 else None), None


def _fill(x, mask, value):
    """np.where(mask, value, x) for a 0-dim value. Where shapes agree it selects bits instead:
    NumPy's where branches per element, ~15x slower on an unpredictable mask (relu's backward)."""
    if mask.shape != x.shape or value.ndim or not x.ndim or x.dtype.itemsize not in (1, 2, 4, 8):
        return np.where(mask, value, x)  # (a 0-d mask is a NumPy scalar, whose bit arithmetic warns)
    bits = np.dtype(f"u{x.dtype.itemsize}")
    keep = mask.view(np.uint8).astype(bits)
    keep -= 1  # all ones where x is kept, zeros where it is filled
    out = x.view(bits) & keep
    fill = value.view(bits)
    if fill:
        out |= fill & ~keep
    return out.view(x.dtype)


# relu's fast path, checked on import against _fill
_MAXIMUM_IS_RELU = frozenset(d for d in map(np.dtype, (np.float32, np.float64)) if _maximum_is_relu(d))


class MaskedFill(Op):
    reads_complex = True  # a complex value gets torch's own error (checked_scalar)
    fills = "masked_fill_"  # (over an expanded tensor too, with torch's deprecation warning)
    contiguous_output = True  # torch fills a contiguous clone
    saves = (1,)
    _scalar_inputs = 0b100

    def forward(ctx, x, mask, value):
        if mask.dtype.kind != "b":
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype "
                               f"{_dtype.cpp_type_name(mask.dtype)}")
        if type(value) is _ndarray:  # a 0-d tensor's value is checked as a number is (fill_'s is not)
            if value.ndim:
                raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                                   f"{value.ndim} dimension(s).")
            value = value.item()
        try:
            return _fill(x, mask, _dtype.checked_scalar(value, x.dtype))
        except ValueError:
            raise _shape_mismatch(mask.shape, x.shape) from None  # (the mask is expanded to x)

    def backward(ctx, grad):
        mask, = ctx.saved_tensors
        gv = None
        if ctx.needs_input_grad[2]:
            gv = grad.masked_fill(mask.logical_not(), 0).sum()
        return grad.masked_fill(mask, 0), None, gv


class MaskedFillTensor(MaskedFill):
    """masked_fill with a 0-dim tensor value (MaskedFillBackward1), which gets the filled places' gradient."""
    node_name = "MaskedFillBackward1"


# ================================================================= comparisons, logic and bits
def _predicate(name, ufunc, kinds=None):
    """A non-differentiable elementwise op on one or two operands (bool or integer result)."""
    kernel = f"{name.lower().replace('bitwise', 'bitwise_')}_cpu"

    def forward(ctx, *xs):
        if len(xs) == 2:
            xs = _ints_wrapped(*_promote(*xs))
        if kinds is not None and np.result_type(*xs).kind not in kinds:  # (the common dtype names the kernel)
            raise not_implemented_for(kernel, np.result_type(*xs))
        try:
            return ufunc(*xs)
        except ValueError:
            raise _broadcast_error(*xs) from None
    return type(name, (Op,), {"differentiable": False, "forward": forward, "__module__": __name__,
                              "__doc__": f"elementwise {ufunc.__name__}"})


Eq = _predicate("Eq", np.equal)
Ne = _predicate("Ne", np.not_equal)
Lt = _predicate("Lt", np.less)
Le = _predicate("Le", np.less_equal)
Gt = _predicate("Gt", np.greater)
Ge = _predicate("Ge", np.greater_equal)
LogicalAnd = _predicate("LogicalAnd", np.logical_and)
LogicalOr = _predicate("LogicalOr", np.logical_or)
LogicalXor = _predicate("LogicalXor", np.logical_xor)
LogicalNot = _predicate("LogicalNot", np.logical_not)
IsNan = _predicate("IsNan", np.isnan)
IsInf = _predicate("IsInf", np.isinf)
IsFinite = _predicate("IsFinite", np.isfinite)
IsPosInf = _predicate("IsPosInf", np.isposinf)
IsNegInf = _predicate("IsNegInf", np.isneginf)
Signbit = _predicate("Signbit", np.signbit)
BitwiseAnd = _predicate("BitwiseAnd", np.bitwise_and, "iub")
BitwiseOr = _predicate("BitwiseOr", np.bitwise_or, "iub")
BitwiseXor = _predicate("BitwiseXor", np.bitwise_xor, "iub")
BitwiseNot = _predicate("BitwiseNot", np.invert, "iub")


class IsClose(Op):
    differentiable = False

    def forward(ctx, a, b, rtol, atol, equal_nan):
        if a.dtype != b.dtype:
            raise RuntimeError(f"{scalar_type_name(a.dtype)} did not match "
                               f"{scalar_type_name(b.dtype)}")
        try:
            return np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)
        except ValueError:
            raise _broadcast_error(a, b) from None


# ================================================================= functions (torch.* and Tensor methods)
_UNARY_METHODS = {}  # name -> op class, for methods that take the operators' shortcut


def _unary_function(name, cls):
    def fn(input):
        return cls.apply(input)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"Elementwise {name} of `input` (torch.{name})."
    _UNARY_METHODS[name] = cls
    return fn


def _named(name, fn):
    """Give a method made by a factory its torch name (for help(), tracebacks and pickling)."""
    fn.__name__ = fn.__qualname__ = name
    return fn


def _apply_inplace(cls, *names):
    """The in-place method applying `cls`, taking its operands under torch's `names` (none, other, ...)."""
    if not names:
        return lambda self: cls.apply_(self)
    if names == ("other",):
        return lambda self, other: cls.apply_(self, other)
    if names == ("value",):
        return lambda self, value: cls.apply_(self, value)
    if names == ("mask", "value"):
        return lambda self, mask, value: cls.apply_(self, mask, value)
    raise ValueError(names)


neg = negative = _unary_function("neg", Neg)
abs = absolute = _unary_function("abs", Abs)
sign = _unary_function("sign", Sign)
sgn = _unary_function("sgn", Sgn)
relu = _unary_function("relu", Relu)
floor = _unary_function("floor", Floor)
ceil = _unary_function("ceil", Ceil)
trunc = fix = _unary_function("trunc", Trunc)
frac = _unary_function("frac", Frac)
exp = _unary_function("exp", Exp)
exp2 = _unary_function("exp2", Exp2)
expm1 = _unary_function("expm1", Expm1)
log = _unary_function("log", Log)
log2 = _unary_function("log2", Log2)
log10 = _unary_function("log10", Log10)
log1p = _unary_function("log1p", Log1p)
sqrt = _unary_function("sqrt", Sqrt)
rsqrt = _unary_function("rsqrt", Rsqrt)
reciprocal = _unary_function("reciprocal", Reciprocal)
sin = _unary_function("sin", Sin)
cos = _unary_function("cos", Cos)
tan = _unary_function("tan", Tan)
asin = arcsin = _unary_function("asin", Asin)
acos = arccos = _unary_function("acos", Acos)
atan = arctan = _unary_function("atan", Atan)
sinh = _unary_function("sinh", Sinh)
cosh = _unary_function("cosh", Cosh)
tanh = _unary_function("tanh", Tanh)
asinh = arcsinh = _unary_function("asinh", Asinh)
acosh = arccosh = _unary_function("acosh", Acosh)
atanh = arctanh = _unary_function("atanh", Atanh)
sigmoid = _unary_function("sigmoid", Sigmoid)
erf = _unary_function("erf", Erf)
erfc = _unary_function("erfc", Erfc)
erfinv = _unary_function("erfinv", Erfinv)
deg2rad = _unary_function("deg2rad", Deg2rad)
rad2deg = _unary_function("rad2deg", Rad2deg)
sinc = _unary_function("sinc", Sinc)
isposinf = _unary_function("isposinf", IsPosInf)
isneginf = _unary_function("isneginf", IsNegInf)
signbit = _unary_function("signbit", Signbit)


def positive(input):
    """`input` itself (unary plus); refused for bool tensors, as in torch."""
    if input._data.dtype.kind == "b":
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def copysign(input, other):
    """The magnitude of `input` with the sign of `other`, in floating point."""
    return (Copysign if isinstance(other, Tensor) else CopysignNumber).apply(input, other)
isnan = _unary_function("isnan", IsNan)
isinf = _unary_function("isinf", IsInf)
isfinite = _unary_function("isfinite", IsFinite)
logical_not = _unary_function("logical_not", LogicalNot)
bitwise_not = _unary_function("bitwise_not", BitwiseNot)


def clone(input, *, memory_format=None):
    """A copy of `input` that stays in the graph (CloneBackward0), laid out as `input` is
    (preserve_format) or in the given memory format."""
    return Clone.apply(input, _memory_format.checked("clone", memory_format, _dtype.preserve_format))


def to_dtype(input, dtype, memory_format=_dtype.preserve_format):
    """A copy of `input` cast to `dtype` (and laid out in `memory_format`) that stays in the graph
    (ToCopyBackward0); an integer or bool copy leaves it, as in torch (only floating tensors can
    require grad)."""
    if not dtype.is_floating_point:
        input = input.detach()
    return ToCopy.apply(input, dtype, memory_format)


def square(input):
    """input * input, recorded as pow(input, 2) as torch does; bool squares to int64."""
    if input._data.dtype.kind == "b":
        input = input.to(_dtype.int64)
    return Pow.apply(input, 2)


def _round(input, decimals):
    # an explicit decimals, even 0, is torch's other overload (RoundBackward1)
    return (Round, (input,)) if decimals is None else (RoundDecimals, (input, decimals))


def round(input, *, decimals=None):
    """Round half to even, at 10**-decimals (0 when not given)."""
    cls, args = _round(input, decimals)
    return cls.apply(*args)


def logit(input, eps=None):
    """log(p / (1 - p)), p clamped to [eps, 1 - eps] when eps is given."""
    return Logit.apply(input, eps)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """NaN, +inf and -inf replaced by `nan`, `posinf` and `neginf` (default: the dtype's extremes)."""
    return NanToNum.apply(input, nan, posinf, neginf)


# ---------------------------------------------------------------- binary
def add(input, other, *, alpha=1):
    """input + alpha * other; with alpha, the product rounded before the sum (torch fuses them, so
    some elements can differ in the last bit)."""
    if type(alpha) is not int or alpha != 1:
        alpha = _checked_alpha(input, other, alpha)
    if alpha != 1:
        return AddAlpha.apply(input, other, alpha)
    return Add.apply(input, other)


def sub(input, other, *, alpha=1):
    """input - alpha * other (with alpha rounded as add's)."""
    if type(alpha) is not int or alpha != 1:
        _check_bool_subtraction(input._data if isinstance(input, Tensor) else input,
                                other._data if isinstance(other, Tensor) else other)  # (torch's check first)
        alpha = _checked_alpha(input, other, alpha)
    if alpha != 1:
        return SubAlpha.apply(input, other, -alpha)
    return Sub.apply(input, other)


subtract = sub


def rsub(input, other, *, alpha=1):
    """other - alpha * input"""
    if type(alpha) is not int or alpha != 1:  # (True too: sub refuses a bool alpha for a non-bool result)
        return sub(other, input, alpha=alpha)
    return (RsubTensor if isinstance(other, Tensor) else Rsub).apply(input, other)


def mul(input, other):
    """input * other"""
    return Mul.apply(input, other)


multiply = mul


class _Unset:
    """A keyword's default where torch tells 'not given' from None: div's rounding_mode picks
    torch's overload, DivBackward0 without it and DivBackward2 with it, None included."""

    def __repr__(self):
        return "None"


_UNSET = _Unset()


class DivGivenNoMode(Div):
    """true division with rounding_mode=None given (DivBackward2, torch's div.Tensor_mode)."""
    node_name = "DivBackward2"


def _div(input, other, rounding_mode):
    if rounding_mode is _UNSET:
        return Div, (input, other)
    if rounding_mode is None:
        return DivGivenNoMode, (input, other)
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    return DivMode, (input, other, rounding_mode)


def div(input, other, *, rounding_mode=_UNSET):
    """input / other: true division, or rounded toward zero ('trunc') or down ('floor')."""
    if rounding_mode is _UNSET:
        return Div.apply(input, other)
    cls, args = _div(input, other, rounding_mode)
    return cls.apply(*args)


divide = div


def true_divide(input, other):
    """input / other, always in floating point."""
    return Div.apply(input, other)


def floor_divide(input, other):
    """input // other: division rounded down (not differentiable in torch either)."""
    return FloorDivide.apply(input, other)


def _remainder_op(input, other):
    if not isinstance(input, Tensor):
        return RemainderNumberSelf
    return RemainderTensor if isinstance(other, Tensor) else Remainder


def remainder(input, other):
    """Python's modulus: the result takes the sign of `other`."""
    return _remainder_op(input, other).apply(input, other)


def fmod(input, other):
    """C's fmod: the result takes the sign of `input`."""
    return (FmodTensor if isinstance(other, Tensor) else Fmod).apply(input, other)


def _pow_op(input, exponent):
    if not isinstance(input, Tensor):
        return PowScalarBase
    return PowTensor if isinstance(exponent, Tensor) else Pow


def pow(input, exponent):
    """input ** exponent, either side a number or a tensor."""
    return _pow_op(input, exponent).apply(input, exponent)


def _double(x):
    return x.to(_dtype.float64) if isinstance(x, Tensor) else float(x)


def float_power(input, exponent):
    """input ** exponent computed in float64."""
    return pow(_double(input), _double(exponent))


def _float_power_(self, exponent):
    if self._data.dtype != np.float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {scalar_type_name(self.dtype)} but the operation's "
                           "result requires dtype Double")
    exponent = _double(exponent)
    return _pow_op(self, exponent).apply_(self, exponent)


def xlogy(input, other):
    """input * log(other), and 0 where input is 0 (unless other is NaN)."""
    if not isinstance(input, Tensor):
        return XlogyNumberSelf.apply(input, other)
    return (Xlogy if isinstance(other, Tensor) else XlogyNumberOther).apply(input, other)


def atan2(input, other):
    """The angle of the point (other, input), quadrant-aware."""
    return Atan2.apply(_tensor_input("atan2", input), _tensor_other("atan2", other))


arctan2 = atan2


def hypot(input, other):
    """sqrt(input**2 + other**2) without overflow."""
    return Hypot.apply(_tensor_input("hypot", input), _tensor_other("hypot", other))


def logaddexp(input, other):
    """log(exp(input) + exp(other)), computed stably."""
    return Logaddexp.apply(_tensor_input("logaddexp", input), _tensor_other("logaddexp", other))


def logaddexp2(input, other):
    """log2(2 ** input + 2 ** other), computed stably."""
    return Logaddexp2.apply(_tensor_input("logaddexp2", input), _tensor_other("logaddexp2", other))


def _tensor_input(name, value, argument="input", position=1):
    """`value`, where torch's signature wants a Tensor; else torch's TypeError."""
    if not isinstance(value, Tensor):
        raise argument_error(name, argument, f" (position {position})", "Tensor", value)
    return value


def _tensor_other(name, other):
    return _tensor_input(name, other, "other", 2)


def maximum(input, other):
    """Elementwise maximum (NaN propagates); ties split the gradient evenly."""
    return Maximum.apply(_tensor_input("maximum", input), _tensor_other("maximum", other))


def minimum(input, other):
    """Elementwise minimum (NaN propagates); ties split the gradient evenly."""
    return Minimum.apply(_tensor_input("minimum", input), _tensor_other("minimum", other))


def fmax(input, other):
    """Elementwise maximum that ignores NaN."""
    return Fmax.apply(_tensor_input("fmax", input), _tensor_other("fmax", other))


def fmin(input, other):
    """Elementwise minimum that ignores NaN."""
    return Fmin.apply(_tensor_input("fmin", input), _tensor_other("fmin", other))


# ---------------------------------------------------------------- ternary
def where(condition, input=None, other=None):
    """Elements of `input` where `condition` holds, else of `other`; with only a condition,
    the indices of its nonzero elements (nonzero(as_tuple=True))."""
    if not isinstance(condition, Tensor):
        got = ", ".join("Tensor" if isinstance(a, Tensor) else type(a).__name__
                        for a in (condition, input, other) if a is not None)
        raise TypeError(f"where() received an invalid combination of arguments - got ({got}), but expected a Tensor "
                        "condition")
    if input is None and other is None:
        from .shape import nonzero  # shape imports this module: a call-time import
        return nonzero(condition, as_tuple=True)
    return Where.apply(condition, input, other)


def _clamp(input, min, max):
    """clamp's op entry and arguments: Tensor bounds, or Number bounds. The parser has refused anything
    else, and a 0-d tensor beside a number reaches here only as torch's parser reads it: a number."""
    lo_t, hi_t = isinstance(min, Tensor), isinstance(max, Tensor)
    if lo_t and hi_t or (lo_t or hi_t) and (min is None or max is None):
        return ClampTensor, (input, min, max)
    if lo_t or hi_t:
        min, max = (min.item(), max) if lo_t else (min, max.item())
    return Clamp, (input, min, max)


def clamp(input, min=None, max=None):
    """Each element limited to [min, max]; bounds may be numbers or tensors."""
    return _apply_clamp(*_clamp(input, min, max))


def _apply_clamp(cls, args):
    return cls.apply(*args)


def clip(input, min=None, max=None):
    """Each element limited to [min, max] (clamp's alias)."""
    return _apply_clamp(*_clamp(input, min, max))


def _clamp_min(input, min):
    if _complex_bound(min):  # clamp_min's meta refuses a complex number first, whatever self's dtype
        raise NotImplementedError(_CLAMP_COMPLEX)
    return (ClampMinTensor if isinstance(min, Tensor) else ClampMin), (input, min, None)


def _clamp_max(input, max):
    if _complex_bound(max):
        raise NotImplementedError(_CLAMP_COMPLEX)
    return (ClampMaxTensor if isinstance(max, Tensor) else ClampMax), (input, None, max)


def _unpromoted(cls, args):
    """(cls, args) of an in-place clamp, after the check torch's clamp with number bounds makes itself:
    no promotion of a non-floating self, its dtype named by its C++ type."""
    self = args[0]._data
    if cls in (Clamp, ClampMin, ClampMax) and self.dtype.kind != "f":
        if _complex_bound(*args[1:]):  # the result type is the default complex dtype (no complex in numpy's stand-in)
            name = {"float16": "ComplexHalf", "float64": "ComplexDouble"}.get(_dtype.get_default_dtype().np.name,
                                                                              "ComplexFloat")
            raise RuntimeError(f"result type {name} can't be cast to the desired output type "
                               f"{_dtype.cpp_type_name(self)}")
        result = _promote_all(np.empty(0, self.dtype), *args[1:])[0].dtype  # (an empty stand-in: no copy)
        if result != self.dtype:
            raise RuntimeError(f"result type {scalar_type_name(result)} can't be cast to the desired output type "
                               f"{_dtype.cpp_type_name(self)}")
    return cls, args


def clamp_min(input, min):
    """Each element at least `min` (a number or a tensor)."""
    cls, args = _clamp_min(input, min)
    return cls.apply(*args)


def clamp_max(input, max):
    """Each element at most `max` (a number or a tensor)."""
    cls, args = _clamp_max(input, max)
    return cls.apply(*args)


def lerp(input, end, weight):
    """input + weight * (end - input)"""
    return _lerp_op(weight).apply(input, end, weight)


def _lerp_op(weight):
    """lerp's op entry: the parser has taken a Tensor end and a Tensor or Number weight, and nothing else."""
    return LerpTensor if isinstance(weight, Tensor) else Lerp


def _tensor_factors(fn, tensor1, tensor2, first):
    """addcmul's and addcdiv's factors, which torch's parser takes only as Tensors (`first`: tensor1's
    position, 2 for the function and 1 for the method)."""
    for name, value, position in (("tensor1", tensor1, first), ("tensor2", tensor2, first + 1)):
        if not isinstance(value, Tensor):
            raise argument_error(fn, name, f" (position {position})", "Tensor", value)


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2"""
    _tensor_factors("addcmul", tensor1, tensor2, 2)
    return Addcmul.apply(input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2"""
    _tensor_factors("addcdiv", tensor1, tensor2, 2)
    return Addcdiv.apply(input, tensor1, tensor2, value)


def _addc_method(name, fn, op, inplace):
    def method(self, tensor1, tensor2, *, value=1):
        _tensor_factors(name, tensor1, tensor2, 1)
        return op.apply_(self, tensor1, tensor2, value) if inplace else op.apply(self, tensor1, tensor2, value)
    method.__doc__ = fn.__doc__
    return _named(name, method)


def _lerp_method(name, inplace):
    def method(self, end, weight):
        op = _lerp_op(weight)
        return op.apply_(self, end, weight) if inplace else op.apply(self, end, weight)
    method.__doc__ = lerp.__doc__
    return _named(name, method)


def masked_fill(input, mask, value):
    """`input` with `value` where `mask` is True."""
    return (MaskedFillTensor if isinstance(value, Tensor) else MaskedFill).apply(input, mask, value)


# ---------------------------------------------------------------- comparisons, logic and bits
def eq(input, other):
    """input == other, elementwise (a bool tensor)."""
    return Eq.apply(input, other)


def ne(input, other):
    """input != other, elementwise (a bool tensor)."""
    return Ne.apply(input, other)


def lt(input, other):
    """input < other, elementwise (a bool tensor)."""
    return Lt.apply(input, other)


def le(input, other):
    """input <= other, elementwise (a bool tensor)."""
    return Le.apply(input, other)


def gt(input, other):
    """input > other, elementwise (a bool tensor)."""
    return Gt.apply(input, other)


def ge(input, other):
    """input >= other, elementwise (a bool tensor)."""
    return Ge.apply(input, other)


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def logical_and(input, other):
    """Elementwise AND of the operands' truth values (a bool tensor)."""
    return LogicalAnd.apply(_tensor_input("logical_and", input), _tensor_other("logical_and", other))


def logical_or(input, other):
    """Elementwise OR of the operands' truth values (a bool tensor)."""
    return LogicalOr.apply(_tensor_input("logical_or", input), _tensor_other("logical_or", other))


def logical_xor(input, other):
    """Elementwise XOR of the operands' truth values (a bool tensor)."""
    return LogicalXor.apply(_tensor_input("logical_xor", input), _tensor_other("logical_xor", other))


def bitwise_and(input, other):
    """Bitwise AND of integer or bool tensors (the `&` operator)."""
    return BitwiseAnd.apply(input, other)


def bitwise_or(input, other):
    """Bitwise OR of integer or bool tensors (the `|` operator)."""
    return BitwiseOr.apply(input, other)


def bitwise_xor(input, other):
    """Bitwise XOR of integer or bool tensors (the `^` operator)."""
    return BitwiseXor.apply(input, other)


def _invert(input):
    if input._data.dtype.kind not in "iub":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return BitwiseNot.apply(input)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol * |other|, elementwise (same dtypes required)."""
    return IsClose.apply(_tensor_input("isclose", input), _tensor_other("isclose", other), rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when isclose holds everywhere."""
    _tensor_input("allclose", input), _tensor_other("allclose", other)
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other):
    """True when both tensors have the same shape and the same values."""
    a, b = _tensor_input("equal", input)._data, _tensor_other("equal", other)._data
    return a.shape == b.shape and bool(np.array_equal(a, b))


__all__ = ["fill", 
    "add", "sub", "subtract", "rsub", "mul", "multiply", "div", "divide", "true_divide", "floor_divide",
    "remainder", "fmod", "pow", "float_power", "xlogy", "neg", "negative", "reciprocal", "abs", "absolute", "sign", "sgn", "exp", "exp2", "expm1",
    "log", "log2", "log10", "log1p", "sqrt", "rsqrt", "square", "sin", "cos", "tan", "asin", "arcsin", "acos",
    "arccos", "atan", "arctan", "atan2", "arctan2", "sinh", "cosh", "tanh", "asinh", "arcsinh", "acosh", "arccosh",
    "atanh", "arctanh", "sigmoid", "logit", "erf", "erfc", "erfinv", "deg2rad", "rad2deg", "sinc", "copysign", "positive", "relu", "floor", "ceil", "round", "trunc", "fix", "frac",
    "clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "fmax", "fmin", "where", "lerp", "addcmul", "addcdiv", "hypot",
    "logaddexp", "logaddexp2", "nan_to_num", "clone", "masked_fill",
    "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal",
    "isclose", "allclose", "equal", "logical_and", "logical_or", "logical_xor", "logical_not", "isnan", "isinf",
    "isfinite", "isposinf", "isneginf", "signbit", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not",
]


# ---------------------------------------------------------------- Tensor methods and operators
def _inplace_dispatch(name, dispatch):
    """The in-place method of a function whose op entry depends on its arguments."""
    def method(self, *args, **kwargs):
        cls, op_args = dispatch(self, *args, **kwargs)
        return cls.apply_(*op_args)
    method.__signature__ = inspect.signature(dispatch)  # (its parameters are the method's)
    return _named(name, method)


def _underivable_inplace(name, cls):
    """torch records asinh_/acosh_/atanh_ with a node of their own that cannot be differentiated."""
    def backward(ctx, grad):
        raise NotImplementedError(f"the derivative for 'inplace version of {name}' is not implemented.")
    return type(cls.__qualname__ + "Inplace", (cls,), {"node_name": cls.__qualname__ + "Backward1", "backward": backward,
                                                   "__module__": __name__})


def _inplace_comparison(name, cls):
    """x.gt_(other): the comparison written into x, which torch records with a zero gradient for
    x and other (GtBackward0 for a number other, GtBackward1 for a tensor)."""
    def backward(ctx, grad):
        return tuple(_zeros_like(grad) if need else None for need in ctx.needs_input_grad)
    number, tensor = (type(f"{cls.__qualname__}Inplace{nr}", (cls,), {
        "differentiable": True, "written_in_place": True, "backward": backward,
        "node_name": f"{cls.__qualname__}Backward{nr}",
        "__module__": __name__}) for nr in (0, 1))
    return _named(name, lambda self, other: (tensor if isinstance(other, Tensor) else number).apply_(self, other))


def _alias(name, fn):
    alias = _named(name, lambda *args, **kwargs: fn(*args, **kwargs))
    alias.__signature__ = inspect.signature(fn)  # (fn's parameters)
    return alias


def _reflected(name, fn):
    return _named(name, lambda self, other: fn(other, self))


_INPLACE_UNARY = {
    "neg": Neg, "abs": Abs, "sign": Sign, "sgn": Sgn, "relu": Relu, "floor": Floor, "ceil": Ceil, "trunc": Trunc,
    "frac": Frac, "exp": Exp, "exp2": Exp2, "expm1": Expm1, "log": Log, "log2": Log2,
    "log10": Log10, "log1p": Log1p, "sqrt": Sqrt, "rsqrt": Rsqrt, "reciprocal": Reciprocal, "sin": Sin, "cos": Cos,
    "tan": Tan, "asin": Asin, "acos": Acos, "atan": Atan, "sinh": Sinh, "cosh": Cosh, "tanh": Tanh,
    "asinh": Asinh, "acosh": Acosh, "atanh": Atanh, "sigmoid": Sigmoid, "erf": Erf, "erfc": Erfc, "erfinv": Erfinv,
    "deg2rad": Deg2rad, "rad2deg": Rad2deg, "sinc": Sinc,
    "logical_not": LogicalNot, "bitwise_not": BitwiseNot,
}
_INPLACE_BINARY = {
    "mul": Mul, "xlogy": Xlogy, "true_divide": Div, "floor_divide": FloorDivide, "atan2": Atan2, "hypot": Hypot,
    "logical_and": LogicalAnd, "logical_or": LogicalOr,
    "logical_xor": LogicalXor, "bitwise_and": BitwiseAnd, "bitwise_or": BitwiseOr, "bitwise_xor": BitwiseXor,
    "fill": Fill, "zero": Zero,
}

METHODS = {name: globals()[name] for name in __all__ if name not in ("rsub", "allclose", "equal", "where")}
# x.tanh(): self is a Tensor, so the method takes the operators' shortcut through Op.apply
METHODS.update({name: _named(name, unary_operator(cls)) for name, cls in _UNARY_METHODS.items()
                if name in METHODS and cls.differentiable and cls._one_plain_output})
_INPLACE_OPERANDS = {"fill": ("value",), "zero": ()}
METHODS.update({name + "_": _named(name + "_", _apply_inplace(cls))
                for name, cls in _INPLACE_UNARY.items()})
METHODS.update({name + "_": _named(name + "_", _apply_inplace(cls, *_INPLACE_OPERANDS.get(name, ("other",))))
                for name, cls in _INPLACE_BINARY.items()})

METHODS.update({
    # a number and a tensor argument record different nodes in torch
    "fill_": _named("fill_", lambda self, value: (FillTensor if isinstance(value, Tensor) else Fill).apply_(self, value)),
    "masked_fill_": _named("masked_fill_", lambda self, mask, value: (
        MaskedFillTensor if isinstance(value, Tensor) else MaskedFill).apply_(self, mask, value)),
    "xlogy_": _named("xlogy_", lambda self, other: (
        Xlogy if isinstance(other, Tensor) else XlogyNumberOther).apply_(self, other)),
    "to_dtype": to_dtype,
    "allclose": allclose,
    "equal": equal,
    "where": _named("where", lambda self, condition, other: where(condition, self, other)),
    "add_": _named("add_", lambda self, other, *, alpha=1: _inplace_alpha(AddAlpha, Add, self, other, alpha)),
    "sub_": _named("sub_", lambda self, other, *, alpha=1: _inplace_alpha(SubAlpha, Sub, self, other, alpha)),
    "div_": _inplace_dispatch("div_", lambda self, other, *, rounding_mode=_UNSET: _div(self, other, rounding_mode)),
    "pow_": _inplace_dispatch("pow_", lambda self, exponent: (_pow_op(self, exponent), (self, exponent))),
    "remainder_": _inplace_dispatch("remainder_", lambda self, other: (_remainder_op(self, other), (self, other))),
    "fmod_": _inplace_dispatch("fmod_", lambda self, other: (
        FmodTensor if isinstance(other, Tensor) else Fmod, (self, other))),
    "round_": _inplace_dispatch("round_", lambda self, *, decimals=None: _round(self, decimals)),
    "clamp_": _inplace_dispatch("clamp_", lambda self, min=None, max=None: _unpromoted(*_clamp(self, min, max))),
    "clamp": _named("clamp", lambda self, min=None, max=None: _apply_clamp(*_clamp(self, min, max))),
    "clip": _named("clip", lambda self, min=None, max=None: _apply_clamp(*_clamp(self, min, max))),
    "clamp_min_": _inplace_dispatch("clamp_min_", lambda self, min: _unpromoted(*_clamp_min(self, min))),
    "clamp_max_": _inplace_dispatch("clamp_max_", lambda self, max: _unpromoted(*_clamp_max(self, max))),
    "lerp": _lerp_method("lerp", False), "lerp_": _lerp_method("lerp_", True),
    "addcmul": _addc_method("addcmul", addcmul, Addcmul, False),
    "addcmul_": _addc_method("addcmul_", addcmul, Addcmul, True),
    "addcdiv": _addc_method("addcdiv", addcdiv, Addcdiv, False),
    "addcdiv_": _addc_method("addcdiv_", addcdiv, Addcdiv, True),
    "logit_": _named("logit_", lambda self, eps=None: Logit.apply_(self, eps)),
    "nan_to_num_": _named("nan_to_num_", lambda self, nan=0.0, posinf=None, neginf=None: NanToNum.apply_(
        self, nan, posinf, neginf)),
    "square_": _named("square_", lambda self: Pow.apply_(self, 2)),
    "float_power_": _named("float_power_", _float_power_),
    "copysign_": _named("copysign_", lambda self, other: (
        Copysign if isinstance(other, Tensor) else CopysignNumber).apply_(self, other)),
    "copy_": _named("copy_", lambda self, other, non_blocking=False: Copy.apply_(self, other)),
    "__floordiv__": floor_divide, "__rfloordiv__": _reflected("__rfloordiv__", floor_divide),
    "__mod__": remainder, "__rmod__": _reflected("__rmod__", remainder),
    "__and__": bitwise_and, "__rand__": _reflected("__rand__", bitwise_and),
    "__or__": bitwise_or, "__ror__": _reflected("__ror__", bitwise_or),
    "__xor__": bitwise_xor, "__rxor__": _reflected("__rxor__", bitwise_xor),
    "__invert__": _named("__invert__", _invert),
})
METHODS.update({name + "_": _inplace_comparison(name + "_", cls)
                for name, cls in (("eq", Eq), ("ne", Ne), ("lt", Lt), ("le", Le), ("gt", Gt), ("ge", Ge))})
METHODS.update({name + "_": _named(name + "_", _apply_inplace(_underivable_inplace(name, cls)))
                for name, cls in (("asinh", Asinh), ("acosh", Acosh), ("atanh", Atanh))})
METHODS.update({alias: _alias(alias, METHODS[name]) for alias, name in (
    ("divide_", "div_"), ("subtract_", "sub_"), ("multiply_", "mul_"), ("clip_", "clamp_"), ("negative_", "neg_"),
    ("absolute_", "abs_"), ("arcsin_", "asin_"), ("arccos_", "acos_"), ("arctan_", "atan_"),
    ("arcsinh_", "asinh_"), ("arccosh_", "acosh_"), ("arctanh_", "atanh_"), ("arctan2_", "atan2_"), ("fix_", "trunc_"),
    ("__ifloordiv__", "floor_divide_"), ("__imod__", "remainder_"), ("__iand__", "bitwise_and_"),
    ("__ior__", "bitwise_or_"), ("__ixor__", "bitwise_xor_"), ("greater_", "gt_"), ("greater_equal_", "ge_"),
    ("less_", "lt_"), ("less_equal_", "le_"), ("not_equal_", "ne_"))})


from .._tensor import Tensor  # noqa: E402
