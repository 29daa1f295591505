"""The window functions of torch.signal.windows.

torch writes these in Python as compositions of its own ops (linspace in the requested dtype, then
pointwise ops), so each is that same composition of pullback's ops: the last bits follow from the
order of operations, and with requires_grad=True the window is linspace's leaf carried through the
ops, a non-leaf with torch's grad_fn (empty and one-point windows are leaves).
"""
import importlib
import math
from collections.abc import Iterable

from ... import _dtype
from ...ops import abs, cos, exp, i0, minimum, pow, sin, sqrt

__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall"]


def _window_function_checks(function_name, M, dtype, layout):
    """torch's checks, in its order, before any window is computed."""
    if M < 0:
        raise ValueError(f"{function_name} requires non-negative window length, got M={M}")
    if layout is not _dtype.strided:
        raise ValueError(f"{function_name} is implemented for strided tensors only, got: {layout}")
    if dtype not in (_dtype.float32, _dtype.float64):
        raise ValueError(f"{function_name} expects float32 or float64 dtypes, got: {dtype}")


def _torch():
    """The package, whose factories the windows call as torch's call torch's: behind torch's argument parser,
    which refuses what the windows pass on unchecked (a float M, requires_grad=1) in torch's words. (Looked up
    at the call: the package puts the parser in front of them after importing this module.)"""
    return importlib.import_module(__name__.split(".")[0])


def _linspace(start, end, M, dtype, layout, device, requires_grad):
    return _torch().linspace(start=start, end=end, steps=M, dtype=dtype, layout=layout, device=device,
                             requires_grad=requires_grad)


def _empty(dtype, layout, device, requires_grad):
    return _torch().empty((0,), dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def _one(dtype, layout, device, requires_grad):
    return _torch().ones((1,), dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=_dtype.strided, device=None,
                requires_grad=False):
    """The exponential (Poisson) window exp(-|n - center| / tau)."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("exponential", M, dtype, layout)
    if tau <= 0:
        raise ValueError(f"Tau must be positive, got: {tau} instead.")
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    if center is None:
        center = (M if not sym and M > 1 else M - 1) / 2.0
    constant = 1 / tau
    k = _linspace(-center * constant, (-center + (M - 1)) * constant, M, dtype, layout, device, requires_grad)
    return exp(-abs(k))


def cosine(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The cosine (sine) window sin(pi (n + 0.5) / M), as SciPy's."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("cosine", M, dtype, layout)
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    start = 0.5
    constant = math.pi / (M + 1 if not sym and M > 1 else M)
    k = _linspace(start * constant, (start + (M - 1)) * constant, M, dtype, layout, device, requires_grad)
    return sin(k)


def gaussian(M, *, std=1.0, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The Gaussian window exp(-n^2 / (2 std^2)), n counted from the window's centre."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("gaussian", M, dtype, layout)
    if std <= 0:
        raise ValueError(f"Standard deviation must be positive, got: {std} instead.")
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    start = -(M if not sym and M > 1 else M - 1) / 2.0
    constant = 1 / (std * math.sqrt(2))
    k = _linspace(start * constant, (start + (M - 1)) * constant, M, dtype, layout, device, requires_grad)
    return exp(-(k ** 2))


def kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The Kaiser window I0(beta sqrt(1 - ((n - N/2) / (N/2))^2)) / I0(beta), N = M - 1 if sym else M."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("kaiser", M, dtype, layout)
    if beta < 0:
        raise ValueError(f"beta must be non-negative, got: {beta} instead.")
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    if M == 1:
        return _one(dtype, layout, device, requires_grad)
    # beta as a tensor of the dtype, so that the arithmetic below rounds in it and the end point
    # never passes beta (which would make the square root's argument negative: NaN)
    beta = _torch().tensor(beta, dtype=dtype, device=device)
    start = -beta
    constant = 2.0 * beta / (M if not sym else M - 1)
    end = minimum(beta, start + (M - 1) * constant)
    k = _linspace(start, end, M, dtype, layout, device, requires_grad)
    return i0(sqrt(beta * beta - pow(k, 2))) / i0(beta)


def hamming(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The Hamming window 0.54 - 0.46 cos(2 pi n / (M - 1))."""
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def hann(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The Hann window 0.5 - 0.5 cos(2 pi n / (M - 1))."""
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The Blackman window 0.42 - 0.5 cos(2 pi n / (M - 1)) + 0.08 cos(4 pi n / (M - 1))."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("blackman", M, dtype, layout)
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def bartlett(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The triangular Bartlett window 1 - |2n / (M - 1) - 1|."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("bartlett", M, dtype, layout)
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    if M == 1:
        return _one(dtype, layout, device, requires_grad)
    start = -1
    constant = 2 / (M if not sym else M - 1)
    k = _linspace(start, start + (M - 1) * constant, M, dtype, layout, device, requires_grad)
    return 1 - abs(k)


def general_cosine(M, *, a, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """The sum over i of (-1)^i a[i] cos(2 pi i n / (M - 1)), for the coefficients `a`."""
    if dtype is None:
        dtype = _dtype.get_default_dtype()
    _window_function_checks("general_cosine", M, dtype, layout)
    if M == 0:
        return _empty(dtype, layout, device, requires_grad)
    if M == 1:
        return _one(dtype, layout, device, requires_grad)
    if not isinstance(a, Iterable):
        raise TypeError("Coefficients must be a list/tuple")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    constant = 2 * math.pi / (M if not sym else M - 1)
    k = _linspace(0, (M - 1) * constant, M, dtype, layout, device, requires_grad)
    a_i = _torch().tensor([(-1) ** i * w for i, w in enumerate(a)], device=device, dtype=dtype,
                          requires_grad=requires_grad)
    i = _torch().arange(a_i.shape[0], dtype=a_i.dtype, device=a_i.device, requires_grad=a_i.requires_grad)
    return (a_i.unsqueeze(-1) * cos(i.unsqueeze(-1) * k)).sum(0)


def general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=_dtype.strided, device=None,
                    requires_grad=False):
    """The generalized Hamming window alpha - (1 - alpha) cos(2 pi n / (M - 1))."""
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def nuttall(M, *, sym=True, dtype=None, layout=_dtype.strided, device=None, requires_grad=False):
    """Nuttall's minimum 4-term Blackman-Harris window."""
    return general_cosine(M, a=[0.3635819, 0.4891775, 0.1365995, 0.0106411], sym=sym, dtype=dtype, layout=layout,
                          device=device, requires_grad=requires_grad)
