"""The gamma family and the other special functions of torch.special.

The kernels follow the ones torch runs on the CPU (Cephes' digamma, trigamma and Hurwitz zeta,
the C library's lgamma), in float64, so values agree with torch's to rounding. Each derivative
is the next function of the family, so every order of derivative exists.
"""
import math

import numpy as np

from .. import _dtype
from ._op import Op
from .pointwise import (AddScalar, MulScalar, Xlogy, _broadcast_error, _erf_erfc, _erfinv, _floating, _promote, _times_log,
                        _unary, erf)

_ndarray = np.ndarray
_lgamma_scalar = np.frompyfunc(lambda v: math.lgamma(v) if v > 0 or v != math.floor(v) else math.inf, 1, 1)


def _lgamma(x):
    x64 = np.asarray(x, dtype=np.float64)
    out = np.empty_like(x64)
    finite = np.isfinite(x64)
    out[finite] = _lgamma_scalar(x64[finite]).astype(np.float64)
    out[~finite] = np.abs(x64[~finite])  # lgamma(+-inf) = inf, NaN stays NaN
    return out


_PSI_10 = 2.25175258906672110764
_PSI_ASYMPTOTIC = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
                   -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
                   8.33333333333333333333e-2)


def _digamma(x):
    x = np.array(x, dtype=np.float64)
    zero = x == 0
    at_zero = np.where(np.signbit(x), np.inf, -np.inf)  # psi(+0) = -inf and psi(-0) = inf, as in torch
    result = np.zeros_like(x)
    # reflection for negative x, through the fractional part: tan(pi * r) keeps its digits
    neg = x < 0
    if neg.any():
        xn = x[neg]
        result[neg] = np.where(xn == np.trunc(xn), np.nan, -math.pi / np.tan(math.pi * np.fmod(xn, 1.0)))
        x[neg] = 1 - xn
    # push x to >= 10 by the recurrence psi(x) = psi(x + 1) - 1/x
    low = x < 10
    while low.any():
        result[low] -= 1 / x[low]
        x[low] += 1
        low = x < 10
    z = 1.0 / (x * x)
    tail = np.where(x < 1e17, z * np.polyval(_PSI_ASYMPTOTIC, z), 0.0)
    out = np.where(x == 10, result + _PSI_10, result + np.log(x) - 0.5 / x - tail)
    out[zero] = at_zero[zero]
    return out


def _trigamma(x):
    x = np.array(x, dtype=np.float64)
    sign = np.ones_like(x)
    result = np.zeros_like(x)
    reflect = x < 0.5
    if reflect.any():
        sin_pi_x = np.sin(math.pi * x[reflect])
        result[reflect] = -(math.pi * math.pi) / (sin_pi_x * sin_pi_x)
        sign[reflect] = -1
        x[reflect] = 1 - x[reflect]
    for _ in range(6):
        result += 1 / (x * x)
        x += 1
    ixx = 1 / (x * x)
    result += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x
    return sign * result


_MACHEP = 1.11022302462515654042e-16
_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
           -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
           1.8152105401943546773e17, -7.1661652561756670113e18)


def _zeta(x, q):
    """The Hurwitz zeta function sum_k (k + q)^-x (Cephes' algorithm, elementwise, broadcast)."""
    x, q = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(q, dtype=np.float64))
    shape_out = x.shape
    x, q = x.ravel(), q.ravel()
    out = np.full(x.shape, np.nan)
    done = (x <= 1) | np.isnan(x) | np.isnan(q)
    out[x == 1] = np.inf
    pole = ~done & (q <= 0) & (q == np.floor(q))
    out[pole] = np.inf
    done |= pole | (~done & (q <= 0) & (x != np.floor(x)))
    idx = np.flatnonzero(~done)
    if idx.size:
        xs, qs = x[idx], q[idx]
        with np.errstate(all="ignore"):
            s = qs ** -xs
            a = qs.copy()
            b = np.zeros_like(s)
            live = np.ones(idx.size, bool)
            i = 0
            while True:  # direct sum until the terms vanish, at least 9 of them and up to a > 9
                step = live & ((i < 9) | (a <= 9.0))
                if not step.any():
                    break
                i += 1
                a[step] += 1
                b[step] = a[step] ** -xs[step]
                s[step] += b[step]
                converged = step & (-_MACHEP * s < b) & (b < _MACHEP * s)
                live &= ~converged
            tail = live
            w = a.copy()
            s[tail] += b[tail] * w[tail] / (xs[tail] - 1) - 0.5 * b[tail]
            fa = np.ones_like(s)
            k = np.zeros_like(s)
            for coefficient in _ZETA_A:  # Euler-Maclaurin tail
                if not tail.any():
                    break
                fa[tail] *= xs[tail] + k[tail]
                b[tail] /= w[tail]
                t = fa[tail] * b[tail] / coefficient
                s[tail] += t
                small = np.abs(t / s[tail]) < _MACHEP
                k[tail] += 1
                fa[tail] *= xs[tail] + k[tail]
                b[tail] /= w[tail]
                k[tail] += 1
                sub = np.flatnonzero(tail)
                tail[sub[small]] = False
        out[idx] = s
    return out.reshape(shape_out)


def _polygamma(x, n):
    if n == 0:
        return _digamma(x)
    if n == 1:
        return _trigamma(x)
    sign = 1.0 if n % 2 else -1.0
    with np.errstate(all="ignore"):
        return sign * math.exp(math.lgamma(n + 1.0)) * _zeta(n + 1.0, x)


def _in_dtype_of(fn, x, *args):
    """A float64 kernel's result in x's (floating) dtype."""
    return np.asarray(fn(x, *args), dtype=np.float64).astype(x.dtype, copy=False)


Lgamma = _unary("Lgamma", lambda x: _in_dtype_of(_lgamma, x), lambda g, x: g * digamma(x), quiet=True)
Digamma = _unary("Digamma", lambda x: _in_dtype_of(_digamma, x), lambda g, x: g * polygamma(1, x), quiet=True)


class Polygamma(Op):
    """The n-th derivative of psi (PolygammaBackward0)."""
    saves = (0,)

    def forward(ctx, x, n):
        ctx.n = n
        x = _floating(x)
        with np.errstate(all="ignore"):
            return _in_dtype_of(_polygamma, x, n)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad * polygamma(ctx.n + 1, x), None


class PolygammaInplace(Polygamma):
    """polygamma_ records torch's other overload."""
    node_name = "PolygammaBackward1"


class Mvlgamma(Op):
    """The multivariate log-gamma function of dimension p (MvlgammaBackward0)."""
    saves = (0,)

    def forward(ctx, x, p):
        ctx.p = p
        x = _floating(x)
        with np.errstate(all="ignore"):
            terms = _lgamma(x[..., None] - np.arange(p) / 2.0).sum(-1)
            out = terms + p * (p - 1) / 4.0 * math.log(math.pi)
        return out.astype(x.dtype, copy=False)

    def backward(ctx, grad):
        x, = ctx.saved_tensors
        shifts = Tensor._wrap(-np.arange(ctx.p, dtype=x._data.dtype) / 2)
        return grad * digamma(x.unsqueeze(-1) + shifts).sum(-1), None


class Zeta(Op):
    """The Hurwitz zeta function (SpecialZetaBackward0): differentiable in q only, as in torch."""
    saves = (0, 1)
    node_name = "SpecialZetaBackward0"

    def forward(ctx, x, q):
        x, q = _promote(x, q)
        x, q = (_floating(v) if type(v) is _ndarray else v for v in (x, q))
        dtype = next(v.dtype for v in (x, q) if type(v) is _ndarray)
        try:
            np.broadcast_shapes(np.shape(x), np.shape(q))
        except ValueError:
            raise _broadcast_error(x, q) from None
        return _zeta(x, q).astype(dtype, copy=False)

    def backward(ctx, grad):
        x, q = ctx.saved_tensors
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'zeta' is not implemented.")
        return None, grad * -x * zeta(x + 1, q)


def _entr(x):
    with np.errstate(all="ignore"):
        out = np.where(x > 0, -x * np.log(x), np.where(x == 0, 0.0, -np.inf))
    return np.where(np.isnan(x), np.nan, out).astype(x.dtype, copy=False)


Entr = _unary("Entr", _entr, lambda g, x: g * -(x.log() + 1), node_name="SpecialEntrBackward0")


class Xlog1py(Xlogy):
    """x * log1p(y), 0 where x == 0 and y is not NaN (SpecialXlog1PyBackward0)."""
    node_name = "SpecialXlog1PyBackward0"
    forward = _times_log(np.log1p)
    _pole = -1

    def _same(ctx, x, y):
        return xlog1py(x, y)

    def _log_argument(ctx, other):
        return other + 1


def _erf_scaled(x):
    """exp(x^2) erfc(x) without overflow (erfcx), in x's dtype."""
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        direct = np.exp(x64 * x64) * _erf_erfc(x64)[1]
        # beyond 26 erfc underflows: the asymptotic series 1/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) ...)
        inv = 1.0 / (2 * x64 * x64)
        series = (1 - inv * (1 - 3 * inv * (1 - 5 * inv * (1 - 7 * inv)))) / (x64 * math.sqrt(math.pi))
    return np.where(x64 > 26, series, direct).astype(x.dtype, copy=False)


Erfcx = _unary("Erfcx", _erf_scaled, lambda g, x, result: g * (2 * x * result - 2 / math.sqrt(math.pi)),
               saves=(0, "result"), node_name="SpecialErfcxBackward0")


_SQRT_2PI = math.sqrt(2 * math.pi)


def _log_ndtr(x):
    """log of the standard normal CDF without underflow (torch's calc_log_ndtr), in x's dtype."""
    x64 = np.asarray(x, dtype=np.float64)
    t = x64 * math.sqrt(0.5)
    with np.errstate(all="ignore"):
        lower = np.log(_erf_scaled(-t) / 2) - t * t   # below -1 the CDF is erfcx-scaled: no underflow
        upper = np.log1p(-_erf_erfc(t)[1] / 2)
    return np.where(x64 < -1, lower, upper).astype(x.dtype, copy=False)


def _ndtri(p):
    """The standard normal quantile: Newton's method on log_ndtr, from erfinv's (or, in the far
    tail, the asymptotic) guess; the upper half by symmetry, as Cephes' ndtri does."""
    p64 = np.asarray(p, dtype=np.float64)
    with np.errstate(all="ignore"):
        upper = p64 > 0.5
        q = np.where(upper, 1 - p64, p64)   # q in [0, 0.5]: solve ndtr(y) = q, y <= 0
        log_q = np.log(q)
        tail = -2 * log_q
        y = np.where(q > 1e-8, math.sqrt(2) * _erfinv(2 * q - 1),
                     -np.sqrt(tail - np.log(tail) - math.log(2 * math.pi)))
        inside = (q > 0) & (q <= 0.5)
        y = np.where(inside, y, 0.0)
        for _ in range(6):
            log_cdf = _log_ndtr(y)
            y = y - (log_cdf - log_q) * np.exp(log_cdf + 0.5 * y * y) * _SQRT_2PI
        y = np.where(inside, y, np.where(q == 0, -np.inf, np.nan))
    return np.where(upper, -y, y).astype(p.dtype, copy=False)


LogNdtr = _unary("LogNdtr", _log_ndtr, lambda g, x, result: g * ((x * x / -2 - result).exp() / _SQRT_2PI),
                 saves=(0, "result"), node_name="SpecialLogNdtrBackward0")
Ndtri = _unary("Ndtri", _ndtri, lambda g, result: g * (_SQRT_2PI * (result * result / 2).exp()),
               saves=("result",), node_name="SpecialNdtriBackward0")


# ---------------------------------------------------------------- functions
def lgamma(input):
    """log |Gamma(input)| elementwise (torch.lgamma)."""
    return Lgamma.apply(input)


def digamma(input):
    """The logarithmic derivative of Gamma, elementwise (torch.digamma)."""
    return Digamma.apply(input)


def polygamma(n, input):
    """The n-th derivative of digamma, elementwise (torch.polygamma)."""
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return Polygamma.apply(input, int(n))


def mvlgamma(input, p):
    """The multivariate log-gamma function of dimension p (torch.mvlgamma)."""
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    return Mvlgamma.apply(input, int(p))


def _number_variants(cls):
    """cls, and its forms for a number first or second operand (torch's Backward1 / Backward2 nodes)."""
    base = cls.node_name[:-1]
    return (cls, type(cls.__name__ + "NumberSelf", (cls,), {"node_name": base + "1", "__module__": __name__}),
            type(cls.__name__ + "NumberOther", (cls,), {"node_name": base + "2", "__module__": __name__}))


def _apply_binary(variants, name, input, other):
    if isinstance(input, Tensor):
        return variants[0 if isinstance(other, Tensor) else 2].apply(input, other)
    if isinstance(other, Tensor):
        return variants[1].apply(input, other)
    raise TypeError(f"{name}() expects at least one Tensor argument")


_ZETA = _number_variants(Zeta)
_XLOG1PY = _number_variants(Xlog1py)


def zeta(input, other):
    """The Hurwitz zeta function of (input, other) (torch.special.zeta)."""
    return _apply_binary(_ZETA, "zeta", input, other)


def entr(input):
    """-input * log(input) elementwise (torch.special.entr)."""
    return Entr.apply(input)


def xlog1py(input, other):
    """input * log1p(other), 0 where input is 0 (torch.special.xlog1py)."""
    return _apply_binary(_XLOG1PY, "xlog1py", input, other)


def erfcx(input):
    """The scaled complementary error function exp(x^2) erfc(x) (torch.special.erfcx)."""
    return Erfcx.apply(input)


def log_ndtr(input):
    """log of the standard normal CDF, accurate far into the lower tail (torch.special.log_ndtr)."""
    return LogNdtr.apply(input)


def ndtri(input):
    """The standard normal quantile, the inverse of ndtr (torch.special.ndtri)."""
    return Ndtri.apply(input)


def ndtr(input):
    """The standard normal CDF, (1 + erf(x / sqrt(2))) / 2 (torch.special.ndtr, composite as in torch)."""
    if not input.is_floating_point():
        input = input.to(_dtype.get_default_dtype())
    return MulScalar.apply(AddScalar.apply(erf(MulScalar.apply(input, _SQRT1_2)), 1), 0.5)


_SQRT1_2 = math.sqrt(0.5)

__all__ = ["lgamma", "digamma", "polygamma", "mvlgamma"]

METHODS = {
    "lgamma": lgamma, "digamma": digamma, "mvlgamma": mvlgamma,
    "polygamma": lambda self, n: polygamma(n, self),
    "lgamma_": lambda self: Lgamma.apply_(self),
    "digamma_": lambda self: Digamma.apply_(self),
    "polygamma_": lambda self, n: PolygammaInplace.apply_(self, int(n)),
    "mvlgamma_": lambda self, p: Mvlgamma.apply_(self, int(p)),
}
for _name, _fn in list(METHODS.items()):
    if _fn.__name__ == "<lambda>":
        _fn.__name__ = _fn.__qualname__ = _name


from .._tensor import Tensor  # noqa: E402
