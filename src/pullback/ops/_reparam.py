"""Implicit reparameterization gradients of gamma and beta draws, on arrays.

For a draw x of a law with CDF F(x; a), the derivative of x in a at fixed noise is
-(dF/da) / (dF/dx). torch computes it by approximations in ATen's Distributions.h
(standard_gamma_grad_one, dirichlet_grad_one): a Taylor series near zero, Rice saddle-point
expansions for large parameters, and fitted rational functions elsewhere. The same
approximations are written here elementwise, with the same branch points and coefficients, in
float64 as torch's CPU kernels compute them (parts of the beta gradient in the input's dtype, as
there), so the values agree with torch's to rounding.
"""
import numpy as np

from .special import _PSI_10, _PSI_ASYMPTOTIC, _digamma

_F32 = np.float32  # C float literals (0.8f): a boundary is the float nearest, not the decimal


# ------------------------------------------------------------------ standard gamma
def _gamma_grad_taylor(alpha, x):
    """Small x: the series of the regularized lower incomplete gamma and its alpha-derivative."""
    numer = np.ones_like(x)
    denom = alpha.copy()
    series1 = numer / denom
    series2 = numer / (denom * denom)
    for i in range(1, 6):
        numer = numer * (-x / i)
        denom = denom + 1
        series1 = series1 + numer / denom
        series2 = series2 + numer / (denom * denom)
    pow_x_alpha = np.power(x, alpha)
    pdf = np.power(x, alpha - 1) * np.exp(-x)
    cdf = pow_x_alpha * series1
    cdf_alpha = (np.log(x) - _digamma(alpha)) * cdf - pow_x_alpha * series2
    result = -cdf_alpha / pdf
    return np.where(np.isnan(result), 0.0, result)


def _gamma_grad_rice(alpha, x):
    """Large alpha: Rice's saddle-point expansion, with a polynomial near the mode."""
    numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
    numer_2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha + alpha * (107 + 3600 * x)
    near_mode = numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
    denom = np.sqrt(8 * alpha)
    term2 = denom / (alpha - x)
    term3 = np.power(x - alpha - alpha * np.log(x / alpha), -1.5)
    term23 = np.where(x < alpha, term2 - term3, term2 + term3)
    term1 = np.log(x / alpha) * term23 - np.sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x))
    stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
    far = -stirling * (x * term1) / denom
    return np.where((_F32(0.9) * alpha <= x) & (x <= _F32(1.1) * alpha), near_mode, far)


_GAMMA_UV = np.array([
    [0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084],
    [0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623],
    [0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
     -1.5247877e-07],
])


def _gamma_grad_rational(alpha, x):
    """Elsewhere: a rational function of u = log(x / alpha) and v = log(alpha)."""
    u = np.log(x / alpha)[..., None]
    v = np.log(alpha)
    c = _GAMMA_UV[0] + u * (_GAMMA_UV[1] + u * _GAMMA_UV[2])
    p = c[..., 0] + v * (c[..., 1] + v * (c[..., 2] + v * c[..., 3]))
    q = c[..., 4] + v * (c[..., 5] + v * (c[..., 6] + v * c[..., 7]))
    return np.exp(p / q)


def standard_gamma_grad(alpha, x):
    """d x / d alpha for draws x of Gamma(alpha, 1), in alpha's dtype (computed in float64)."""
    a, s = np.broadcast_arrays(alpha.astype(np.float64), x.astype(np.float64))
    out = np.where(s < _F32(0.8), _gamma_grad_taylor(a, s),
                   np.where(a > 8, _gamma_grad_rice(a, s), _gamma_grad_rational(a, s)))
    return out.astype(alpha.dtype)


# ------------------------------------------------------------------ beta / dirichlet
def _digamma_in(dt, v):
    """torch's digamma_one<scalar_t, double>: argument and result in the input's dtype; for float32
    its recurrence and logarithm also run in float32, as the kernel's arithmetic on a float does."""
    v = np.asarray(v).astype(dt)
    if dt != np.float32:
        return _digamma(v).astype(dt)
    x = v.copy()
    result = np.zeros(x.shape)
    low = x < 10
    while low.any():  # positive arguments only (the gradients' parameters)
        result[low] -= 1 / x[low]
        x[low] += 1
        low = x < 10
    z = 1.0 / (x * x).astype(np.float64)
    tail = np.where(x < _F32(1e17), z * np.polyval(_PSI_ASYMPTOTIC, z), 0.0)
    out = np.where(x == 10, result + _PSI_10, result + np.log(x) - _F32(0.5) / x - tail)
    return out.astype(dt)


def _beta_grad_alpha_small(x, alpha, beta):
    """x near 0: a Taylor expansion of the alpha-gradient (in the input's dtype)."""
    dt = x.dtype
    factor = _digamma_in(dt, alpha) - _digamma_in(dt, alpha + beta) - np.log(x)
    numer = np.ones_like(x)
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        i = dt.type(i)
        numer = numer * ((i - beta) * x / i)
        denom = alpha + i
        series = series + numer / denom * (factor + 1 / denom)
    result = x * np.power(1 - x, -beta) * series
    return np.where(np.isnan(result), dt.type(0), result)


def _beta_grad_beta_small(x, alpha, beta):
    """x near 0: a Taylor expansion of the beta-gradient (in the input's dtype)."""
    dt = x.dtype
    factor = _digamma_in(dt, alpha + beta) - _digamma_in(dt, beta)
    numer, betas, dbetas = np.ones_like(x), np.ones_like(x), np.zeros_like(x)
    series = factor / alpha
    for i in range(1, 9):
        i = dt.type(i)
        numer = numer * (-x / i)
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series = series + numer / (alpha + i) * (dbetas + factor * betas)
    result = -np.power(1 - x, 1 - beta) * series
    return np.where(np.isnan(result), dt.type(0), result)


def _beta_grad_alpha_mid(x, alpha, beta):
    """alpha and beta both large: Rice's saddle-point expansion, in float64."""
    total = alpha + beta
    mean = alpha / total
    std = np.sqrt(alpha * beta / (total + 1)) / total
    poly = 47 * x * (beta * beta) * (beta * beta) + alpha * (
        (43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta + alpha * (
            3 * (59 + 180 * beta - 90 * x) * (beta * beta) + alpha * (
                (453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
                    8 * (1 - x) * (135 * beta - 11)))))
    prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
    prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
    near_mean = prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / np.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1 = term1_num / (np.sqrt(2 * alpha / beta) * np.power(total, 1.5) * axbx * axbx)
    term2 = 0.5 * np.log(alpha / (total * x))
    term3 = np.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4 = np.power(beta * np.log(beta / (total * (1 - x))) + alpha * np.log(alpha / (total * x)), -1.5)
    far = stirling * prefactor * (term1 + term2 * (term3 + np.where(x < mean, term4, -term4)))
    return np.where((mean - 0.1 * std <= x) & (x <= mean + 0.1 * std), near_mean, far)


# the rational correction's coefficients: [numerator, denominator][power of u][power of a][power of b]
_BETA_RATIONAL = np.array([
    [[[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863],
      [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033],
      [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
     [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814],
      [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057],
      [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05]],
     [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565],
      [0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181],
      [0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05]]],
    [[[1, -0.02924021934, -0.04438342661, 0.007285809825],
      [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521],
      [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
     [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273],
      [0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956],
      [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05]],
     [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05],
      [0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05],
      [-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06]]],
])


def _beta_grad_rational(x, alpha, total, dt):
    """Elsewhere: a rational correction to x (psi(total) - psi(alpha)) / beta, in float64."""
    u = np.log(x)
    a = np.log(alpha) - u
    b = np.log(total) - a
    ua = np.stack([np.ones_like(u), u, u * u])[:, None] * np.stack([np.ones_like(a), a, a * a])[None]
    c = _BETA_RATIONAL
    poly = c[..., 0] + b[..., None, None, None] * (c[..., 1] + b[..., None, None, None] * (
        c[..., 2] + b[..., None, None, None] * c[..., 3]))  # (..., 2, 3, 3)
    p = (np.moveaxis(ua, (0, 1), (-2, -1)) * poly[..., 0, :, :]).sum((-2, -1))
    q = (np.moveaxis(ua, (0, 1), (-2, -1)) * poly[..., 1, :, :]).sum((-2, -1))
    approx = x * (_digamma_in(dt, total) - _digamma_in(dt, alpha)) / (total - alpha)
    return p / q * approx


def dirichlet_grad(x, alpha, total):
    """The scaled reparameterized gradient of a Beta(alpha, total - alpha) draw x in alpha,
    -(dF/dalpha) / pdf / (1 - x), from which the Dirichlet's gradient is assembled."""
    dt = x.dtype
    x, alpha, total = np.broadcast_arrays(x, alpha, total)
    beta = total - alpha
    boundary = total * x * (1 - x)
    x64, alpha64, total64 = (v.astype(np.float64) for v in (x, alpha, total))
    out = np.where(
        (x <= _F32(0.5)) & (boundary < _F32(2.5)), _beta_grad_alpha_small(x, alpha, beta),
        np.where((x >= _F32(0.5)) & (boundary < _F32(0.75)), -_beta_grad_beta_small(1 - x, beta, alpha),
                 np.where((alpha > 6) & (beta > 6), _beta_grad_alpha_mid(x64, alpha64, total64 - alpha64),
                          _beta_grad_rational(x64, alpha64, total64, dt))))
    return out.astype(dt)
