"""torch.special: the special functions under torch's names (most are also pullback.* functions)."""
from .ops import _with_out, log_softmax as _log_softmax, softmax as _softmax
from .ops.nn.torch_forms import _NO_DIM, _required_dim
from .ops.pointwise import erf, erfc, erfinv, exp2, expm1, log1p, logit, round as _round, sigmoid, sinc, xlogy
from .ops.reduction import logsumexp
from .ops.special import (airy_ai, bessel_j0, bessel_j1, bessel_y0, bessel_y1, chebyshev_polynomial_t,
                          chebyshev_polynomial_u, chebyshev_polynomial_v, chebyshev_polynomial_w, digamma, entr, erfcx,
                          gammainc, gammaincc, hermite_polynomial_h, hermite_polynomial_he, i0, i0e, i1, i1e,
                          laguerre_polynomial_l, legendre_polynomial_p, lgamma, log_ndtr, modified_bessel_i0,
                          modified_bessel_i1, modified_bessel_k0, modified_bessel_k1, mvlgamma, ndtr, ndtri, polygamma,
                          scaled_modified_bessel_k0, scaled_modified_bessel_k1, shifted_chebyshev_polynomial_t,
                          shifted_chebyshev_polynomial_u, shifted_chebyshev_polynomial_v,
                          shifted_chebyshev_polynomial_w, spherical_bessel_j0, xlog1py, zeta)

expit = sigmoid
gammaln = lgamma
psi = digamma
multigammaln = mvlgamma


def round(input, *, decimals=0):
    """input rounded half to even at 10**-decimals (torch.special.round: RoundBackward1 even at 0)."""
    return _round(input, decimals=decimals)


def softmax(input, dim=_NO_DIM, dtype=None):
    """softmax along dim, computed in `dtype` when given (torch.special.softmax)."""
    _required_dim("special_softmax", dim, 2)
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=_NO_DIM, *, dtype=None):
    """log_softmax along dim, computed in `dtype` when given (torch.special.log_softmax)."""
    _required_dim("special_log_softmax", dim, 2)
    return _log_softmax(input, dim, dtype=dtype)


__all__ = ["airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "chebyshev_polynomial_t",
           "chebyshev_polynomial_u", "chebyshev_polynomial_v", "chebyshev_polynomial_w", "digamma", "entr", "erf", "erfc",
           "erfcx", "erfinv", "exp2", "expit", "expm1", "gammainc", "gammaincc", "gammaln", "hermite_polynomial_h",
           "hermite_polynomial_he", "i0", "i0e", "i1", "i1e", "laguerre_polynomial_l", "legendre_polynomial_p", "log1p",
           "log_ndtr", "log_softmax", "logit", "logsumexp", "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
           "modified_bessel_k1", "multigammaln", "ndtr", "ndtri", "polygamma", "psi", "round", "scaled_modified_bessel_k0",
           "scaled_modified_bessel_k1", "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
           "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "sinc", "softmax", "spherical_bessel_j0",
           "xlog1py", "xlogy", "zeta"]

# every torch.special function but the softmaxes takes out=; torch's kernel names it in its messages
_KERNELS = {"expit": "sigmoid", "psi": "digamma", "gammaln": "lgamma", "gammainc": "igamma", "gammaincc": "igammac",
            "multigammaln": "mvlgamma"}
_SPECIAL_KERNELS = ("entr", "erfcx", "i0e", "i1", "i1e", "log_ndtr", "ndtri", "xlog1py", "zeta")
# torch has no derivative for these (ndtr's out= form neither): an input that requires grad takes out=
_NOT_DIFFERENTIABLE = ("airy_ai", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0",
                       "modified_bessel_i1", "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0",
                       "scaled_modified_bessel_k1", "spherical_bessel_j0", "ndtr")
globals().update({
    name: _with_out(globals()[name], "special_" + name if name in _SPECIAL_KERNELS else _KERNELS.get(name, name),
                    grad_check=name not in _NOT_DIFFERENTIABLE and "polynomial" not in name)
    for name in __all__ if name not in ("softmax", "log_softmax")})
