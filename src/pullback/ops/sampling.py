"""Random sampling: normal, bernoulli, poisson, multinomial, binomial, the gamma and Dirichlet draws
behind torch.distributions (_standard_gamma, _sample_dirichlet, with their reparameterization
gradients _standard_gamma_grad and _dirichlet_grad) and the in-place samplers (normal_, uniform_,
random_, exponential_, geometric_, log_normal_, cauchy_, bernoulli_).

Draws come from the generators (`_creation`: the global one that manual_seed seeds, or a Generator
passed as `generator=`), torch's CPU engine: normal, bernoulli, multinomial, the gamma and Dirichlet draws
and the in-place samplers draw its words as torch's kernels do (`_torch_random`), so the same seed gives
torch's numbers; poisson and binomial use NumPy's methods on it (torch's laws, not its numbers).
Every differentiable sampler records the node torch records (NormalBackward0/1/2/3,
BernoulliBackward0/1/2, PoissonBackward0, ExponentialBackward0, ...), whose gradient is zero as in
torch: a sample's derivative with respect to its parameters is not defined by these ops (the
reparameterised forms live in torch.distributions' rsample, built from ordinary ops). The
generator travels as a trailing forward argument, which the node lists no edge for.
"""
import warnings

import numpy as np

from .. import _creation, _torch_random
from ._op import Op, _Scratch, _invalid_combination, int_argument
from .._dtype import cpp_type_name, not_implemented_for, scalar_type_name
from ._reparam import dirichlet_grad, standard_gamma_grad
from .pointwise import _NoDerivative, _broadcast_error, _zeros_like
from .shape import Expand

__all__ = ["normal", "bernoulli", "multinomial", "poisson", "binomial", "_standard_gamma", "_standard_gamma_grad",
           "_sample_dirichlet", "_dirichlet_grad"]


def _rng(generator, fn):
    """The NumPy generator behind `generator` (None: the global one), refusing anything else."""
    if generator is not None and not isinstance(generator, _creation.Generator):
        raise TypeError(f"{fn}() received an invalid combination of arguments - got an argument 'generator' of "
                        f"type {type(generator).__name__}, but expected one of: torch.Generator generator = None")
    return _creation._gen(generator)


def _g(v):
    """A number as C++'s ostream prints it in torch's messages (-1, 1.5, nan)."""
    return f"{float(v):g}"


def _draw(values, dtype):
    """Draws made in float64 (or bool/int64), in the output's dtype; what overflows it becomes inf."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(values).astype(dtype, copy=False)


class _ZeroGradient(Op):
    """A sampler whose gradient torch defines as zero for every tensor input (zeros_like(grad))."""

    def backward(ctx, grad):
        needs = ctx.needs_input_grad
        return tuple(_zeros_like(grad) if need else None for need in needs)


# ---------------------------------------------------------------- normal
def _floating(x, kernel):
    if x.dtype.kind != "f":
        raise not_implemented_for(kernel, x)


def _check_std(std):
    if not std >= 0.0:  # NaN fails too, as in torch
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_g(std)}")


def _check_std_tensor(std):
    if std.size and not np.min(std) >= 0.0:
        raise RuntimeError("normal expects all elements of std >= 0.0")


def _normal(generator, shape, mean, std, dtype, like=None):
    """N(mean, std^2) draws of `shape` (mean and std numbers or broadcastable arrays), in `dtype`, as torch
    draws them: its normal_(mean, std) kernel for numbers; else normal_(0, std) plus a mean tensor, or
    normal_(0, 1) times a std tensor plus the mean."""
    gen = _creation._generator(generator)
    dtype = np.dtype(dtype)
    if type(std) is not np.ndarray:
        if type(mean) is not np.ndarray:
            return _torch_random.normal(gen, shape, dtype, mean, std, like)
        return _draw(_torch_random.normal(gen, shape, dtype, 0.0, std) + mean.astype(dtype, copy=False), dtype)
    draws = _torch_random.normal(gen, shape, dtype, 0.0, 1.0) * std.astype(dtype, copy=False)
    return _draw(draws + (mean.astype(dtype, copy=False) if type(mean) is np.ndarray else mean), dtype)


class NormalTensorFloat(_ZeroGradient):
    """normal(mean: Tensor, std: float)."""
    node_name = "NormalBackward1"

    def forward(ctx, mean, std, generator):
        _check_std(std)
        _floating(mean, "normal_kernel_cpu")
        return _normal(generator, mean.shape, mean, std, mean.dtype)


class NormalFloatTensor(_ZeroGradient):
    """normal(mean: float, std: Tensor): the result takes std's shape and dtype."""
    node_name = "NormalBackward2"

    def forward(ctx, mean, std, generator):
        _check_std_tensor(std)
        _floating(std, "normal_kernel_cpu")
        return _normal(generator, std.shape, mean, std, std.dtype)


class NormalTensorTensor(_ZeroGradient):
    """normal(mean: Tensor, std: Tensor): broadcast shape, mean's dtype (torch fills a tensor made
    like mean and multiplies std in place)."""
    node_name = "NormalBackward3"

    def forward(ctx, mean, std, generator):
        try:
            shape = np.broadcast_shapes(mean.shape, std.shape)
        except ValueError:
            raise _broadcast_error(mean, std) from None
        _check_std_tensor(std)
        _floating(mean, "normal_kernel_cpu")
        return _normal(generator, shape, mean, std, mean.dtype)


_NORMAL_SIGNATURES = (" * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                      " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
                      " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                      " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
                      "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
                      "torch.device device = None, bool pin_memory = False, bool requires_grad = False)\n")


_UNSET = object()


def normal(mean, std=_UNSET, size=None, *, generator=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """Samples from N(mean, std^2): tensor means and/or stds elementwise (broadcast), or
    normal(mean: float, std: float, size) for a new tensor of that size."""
    is_number = (int, float, np.integer, np.floating)
    creation_kwargs = {k: v for k, v in (("dtype", dtype), ("layout", layout), ("device", device),
                                         ("requires_grad", requires_grad)) if v not in (None, False)}
    args = (mean,) + (() if std is _UNSET else (std,)) + (() if size is None else (size,))
    given = dict(creation_kwargs, **({} if generator is None else {"generator": generator}))
    if generator is not None and not isinstance(generator, _creation.Generator):
        raise _invalid_combination("normal", args, given, _NORMAL_SIGNATURES)
    if isinstance(mean, Tensor) and size is None and not creation_kwargs:
        if isinstance(std, Tensor):
            return NormalTensorTensor.apply(mean, std, generator)
        if std is _UNSET or isinstance(std, is_number):
            return NormalTensorFloat.apply(mean, 1.0 if std is _UNSET else float(std), generator)
    elif isinstance(mean, is_number) and isinstance(std, Tensor) and size is None and not creation_kwargs:
        return NormalFloatTensor.apply(float(mean), std, generator)
    elif isinstance(mean, is_number) and isinstance(std, is_number) and isinstance(size, (tuple, list)):
        shape = _creation._int_list(size, "normal", "size", 3)
        if any(s < 0 for s in shape):
            raise RuntimeError(f"Trying to create tensor with negative dimension {min(shape)}: {list(shape)}")
        _check_std(std)
        dt = _creation._floating_kernel(dtype, "normal_kernel_cpu")
        return _creation._finish(_normal(generator, shape, float(mean), float(std), dt), requires_grad, device)
    raise _invalid_combination("normal", args, given, _NORMAL_SIGNATURES)


# ---------------------------------------------------------------- bernoulli
def _check_probabilities(p):
    if p.size and not ((p >= 0) & (p <= 1)).all():  # NaN fails too
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message "
                           "be improved?  If so, please report an enhancement request to PyTorch.)")


def _check_p(p):
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={_g(p)}")


def _coin(generator, p, shape, dtype, like=None):
    # u in [0, 1) is below p with probability p: p = 0 never fires, p = 1 always does
    return _draw(_torch_random.bernoulli(_creation._generator(generator), p, shape, like), dtype)


class Bernoulli(_ZeroGradient):
    """bernoulli(input): each element 1 with the probability it holds, in input's dtype."""

    def forward(ctx, p, generator):
        _floating(p, "bernoulli_tensor_cpu_p_")
        _check_probabilities(p)
        return _coin(generator, p, p.shape, p.dtype)


class BernoulliFloat(_NoDerivative):
    """bernoulli(input, p): torch records a node with no derivative formula for this overload."""
    node_name = "torch::autograd::NotImplemented"
    aten = "bernoulli"

    def forward(ctx, x, p, generator):
        _check_p(p)
        return _coin(generator, p, x.shape, x.dtype)


class BernoulliTensor_(_ZeroGradient):
    """self.bernoulli_(p: Tensor): p broadcast to self's shape (expand's rules and errors)."""
    node_name = "BernoulliBackward1"

    def forward(ctx, x, p, generator):
        _floating(p, "bernoulli_tensor_cpu_p_")
        p = Expand.forward(_Scratch(), p, x.shape)
        _check_probabilities(p)
        return _coin(generator, p, x.shape, x.dtype, x)


class BernoulliFloat_(_ZeroGradient):
    """self.bernoulli_(p: float); self may be of any dtype."""
    node_name = "BernoulliBackward2"

    def forward(ctx, x, p, generator):
        _check_p(p)
        return _coin(generator, p, x.shape, x.dtype, x)


def bernoulli(input, p=None, *, generator=None):
    """0/1 samples in input's dtype: each element 1 with probability input[i] (or with `p` for all).

    Behind torch's parser: p is a number and generator a Generator, or None."""
    if p is None:
        return Bernoulli.apply(input, generator)
    return BernoulliFloat.apply(input, float(p), generator)


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill self in place with Bernoulli(p) samples (p a number or a tensor broadcast to self)."""
    _rng(generator, "bernoulli_")
    if isinstance(p, Tensor):
        return BernoulliTensor_.apply_(self, p, generator)
    return BernoulliFloat_.apply_(self, float(p), generator)


# ---------------------------------------------------------------- poisson
class Poisson(_ZeroGradient):
    _LIMIT = 9.2e18  # NumPy's sampler refuses larger rates; torch's overflows int64 there

    def forward(ctx, rates, generator):
        _floating(rates, "poisson_cpu")
        if rates.size and not np.min(rates) >= 0:
            raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
        lam = rates.astype(np.float64)
        huge = lam >= Poisson._LIMIT
        out = _creation._gen(generator).poisson(np.where(huge, 0.0, lam)).astype(np.float64)
        out[huge] = -2.0 ** 63  # what torch's int64 count becomes past its range
        return _draw(out, rates.dtype)


def poisson(input, generator=None):
    """Samples from Poisson(input[i]) elementwise, in input's dtype."""
    _rng(generator, "poisson")
    return Poisson.apply(input, generator)


# ---------------------------------------------------------------- gamma, dirichlet, binomial
def _same_dtype(x, *others):
    """torch's TensorIterator check: every input in the first one's dtype."""
    for o in others:
        if o.dtype != x.dtype:
            raise RuntimeError(f"Found dtype {scalar_type_name(o.dtype)} but expected "
                               f"{scalar_type_name(x.dtype)}")


def _broadcast(*arrays):
    try:
        return np.broadcast_arrays(*arrays)
    except ValueError:
        raise _broadcast_error(*arrays[:2]) from None


class StandardGamma(Op):
    """Gamma(input, 1) draws; the gradient is the implicit reparameterization one (torch's
    grad * _standard_gamma_grad(self, result))."""
    saves = (0, "result")
    no_forward_ad = "_standard_gamma"

    def forward(ctx, alpha, generator):
        _floating(alpha, "gamma_cpu")
        tiny = np.finfo(alpha.dtype).tiny
        draws = _torch_random.gamma(_creation._generator(generator), alpha, single=alpha.dtype != np.float64)
        return np.maximum(_draw(draws, alpha.dtype), tiny)

    def backward(ctx, grad):
        alpha, result = ctx.saved_tensors
        return grad * _standard_gamma_grad(alpha, result), None


class StandardGammaGrad(Op):
    """d sample / d alpha of Gamma(alpha, 1) draws, which torch does not differentiate further."""
    no_forward_ad = "_standard_gamma_grad"

    def forward(ctx, alpha, output):
        _floating(alpha, "_standard_gamma_grad_cpu")
        _same_dtype(alpha, output)
        return standard_gamma_grad(*_broadcast(alpha, output))

    def backward(ctx, grad):
        raise NotImplementedError("the derivative for '_standard_gamma_grad' is not implemented.")


class SampleDirichlet(_NoDerivative):
    """Dirichlet(input) draws along the last dim: gamma draws in float64 normalized, clamped into
    [tiny, 1) in the input's dtype as torch's kernel does."""
    node_name = "torch::autograd::NotImplemented"
    aten = "_sample_dirichlet"

    def forward(ctx, alpha, generator):
        _floating(alpha, "dirichlet")
        gamma = np.maximum(_torch_random.gamma(_creation._generator(generator), alpha.astype(np.float64)),
                           np.finfo(np.float64).tiny)  # (in float64 whatever alpha's dtype, as torch's kernel)
        total = gamma.sum(-1, keepdims=True) if gamma.ndim else gamma
        ratio = _draw(gamma / total, alpha.dtype)
        return np.clip(ratio, np.finfo(alpha.dtype).tiny, np.nextafter(alpha.dtype.type(1), alpha.dtype.type(0)))


class DirichletGrad(_NoDerivative):
    node_name = "torch::autograd::NotImplemented"
    aten = "_dirichlet_grad"

    def forward(ctx, x, alpha, total):
        _floating(x, "_dirichlet_grad_cpu")
        _same_dtype(x, alpha, total)
        return dirichlet_grad(*_broadcast(x, alpha, total))


class Binomial(_NoDerivative):
    """Binomial(count, prob) draws, in count's dtype (torch's sample_binomial: 0 for count <= 0 or
    prob <= 0, count for prob >= 1, NaN for a NaN prob)."""
    node_name = "torch::autograd::NotImplemented"
    aten = "binomial"

    def forward(ctx, count, prob, generator):
        for x, name in ((count, "count"), (prob, "prob")):
            if x.dtype.kind != "f":
                raise ValueError(f"binomial only supports floating-point dtypes for {name}, got: "
                                 f"{scalar_type_name(x.dtype)}")
        _same_dtype(count, prob)
        n, p = (v.astype(np.float64) for v in _broadcast(count, prob))
        trials = (n > 0) & (p > 0) & (p < 1)  # NaN is none of these
        whole = np.floor(np.where(trials, n, 0)).astype(np.int64)
        draws = _creation._gen(generator).binomial(whole, np.where(trials, p, 0.5)).astype(np.float64)
        out = np.where(trials, draws, np.where((n > 0) & (p >= 1), n, 0.0))
        out[np.isnan(p) | np.isnan(n)] = np.nan
        return _draw(out, count.dtype)


def _standard_gamma(input, generator=None):
    """Samples from Gamma(input[i], 1) elementwise; differentiable through the implicit
    reparameterization gradient."""
    _rng(generator, "_standard_gamma")
    return StandardGamma.apply(input, generator)


def _standard_gamma_grad(input, output):
    """The derivative of Gamma(input, 1) draws `output` in their concentration `input`."""
    return StandardGammaGrad.apply(input, output)


def _sample_dirichlet(input, generator=None):
    """Samples from Dirichlet(input) over the last dim."""
    _rng(generator, "_sample_dirichlet")
    return SampleDirichlet.apply(input, generator)


def _dirichlet_grad(x, alpha, total):
    """The reparameterization gradient of Beta(alpha, total - alpha) draws x in alpha, over (1 - x)."""
    return DirichletGrad.apply(x, alpha, total)


def binomial(count, prob, generator=None):
    """Samples from Binomial(count[i], prob[i]) elementwise, in count's dtype."""
    _rng(generator, "binomial")
    return Binomial.apply(count, prob, generator)


# ---------------------------------------------------------------- multinomial
def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices (int64) drawn from each row of `input`'s (unnormalised) weights: 1-D input gives
    num_samples indices, 2-D one row of them per input row."""
    if isinstance(num_samples, bool) or not isinstance(num_samples, (int, np.integer)):
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                        f"{type(num_samples).__name__}")
    _rng(generator, "multinomial")
    p = input._data
    if p.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if p.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{scalar_type_name(p.dtype)}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    n_categories = p.shape[-1]
    if not replacement and num_samples > n_categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if n_categories > 2 ** 24:  # torch keeps indices in float32 on the way
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = p.reshape(p.shape[0] if p.ndim == 2 else 1, n_categories)
    out_shape = (num_samples,) if p.ndim == 1 else (p.shape[0], num_samples)
    if rows.shape[0] == 0:
        return Tensor._wrap(np.zeros(out_shape, np.int64))
    if not replacement or num_samples == 1:
        if n_categories == 0:  # torch's validity check reduces over the empty rows first
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                               "identity.")
        if not (rows.max() < np.inf and rows.min() >= 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if (rows.sum(axis=1) == 0).any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    else:
        for row in rows:
            bad = ~(row >= 0)
            if bad.any():
                raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
            if not np.isfinite(row).all():
                raise RuntimeError("invalid multinomial distribution (encountering probability entry = infinity "
                                   "or NaN)")
            if not row.sum() > 0:
                raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    idx = _torch_random.multinomial(_creation._generator(generator), rows, num_samples, replacement)
    return Tensor._wrap(idx.reshape(out_shape))


# ---------------------------------------------------------------- in-place samplers
def _continuous(x, name, spelled):
    if x.dtype.kind != "f":
        raise RuntimeError(f"{name} distribution is a continuous probability distribution. dtype must be a floating "
                           f"point but you specified {spelled(x.dtype)}")


class Exponential(_ZeroGradient):
    def forward(ctx, x, lambd, generator):
        if not lambd > 0.0:
            raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_g(lambd)}")
        _continuous(x, "Exponential", lambda d: scalar_type_name(d))
        return _torch_random.exponential(_creation._generator(generator), x.shape, x.dtype, lambd, x)


class Geometric(_ZeroGradient):
    """The number of Bernoulli(p) trials up to and including the first success: 1, 2, ..."""

    def forward(ctx, x, p, generator):
        if not 0 < p < 1:
            raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_g(p)}")
        if x.dtype.kind == "b":
            raise not_implemented_for("geometric_cpu", x)
        return _torch_random.geometric(_creation._generator(generator), x.shape, x.dtype, p, x)


class LogNormal(_ZeroGradient):
    """exp of N(mean, std^2): mean and std are the underlying normal's."""

    def forward(ctx, x, mean, std, generator):
        if not std > 0.0:
            raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_g(std)}")
        _floating(x, "log_normal_cpu")
        return _torch_random.log_normal(_creation._generator(generator), x.shape, x.dtype, mean, std, x)


class Cauchy(_ZeroGradient):
    def forward(ctx, x, median, sigma, generator):
        if not sigma > 0.0:
            raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_g(sigma)}")
        _continuous(x, "Cauchy", cpp_type_name)
        return _torch_random.cauchy(_creation._generator(generator), x.shape, x.dtype, median, sigma, x)


class Normal(_ZeroGradient):
    def forward(ctx, x, mean, std, generator):
        _check_std(std)
        _floating(x, "normal_kernel_cpu")
        return _normal(generator, x.shape, mean, std, x.dtype, x)


class Uniform(_ZeroGradient):
    def forward(ctx, x, low, high, generator):
        _floating(x, "check_uniform_bounds")
        top = float(np.finfo(x.dtype).max)
        for value, name in ((low, "from"), (high, "to")):
            if not -top <= value <= top:
                raise RuntimeError(f"{name} is out of bounds for {cpp_type_name(x.dtype)}")
        if low > high:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={_g(low)} > "
                               f"to={_g(high)}")
        if high - low > top:
            raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{scalar_type_name(x.dtype)}>::max(), "
                               f"but found to={_g(high)} and from={_g(low)} which result in to-from to exceed the limit")
        return _torch_random.uniform(_creation._generator(generator), x.shape, x.dtype, low, high, x)


def _dtype_limits(dt):
    """(lowest, highest) value random_ may produce for dtype dt, and for floats the mantissa digits."""
    if dt.kind == "f":
        digits = np.finfo(dt).nmant + 1
        return float(np.finfo(dt).min), float(np.finfo(dt).max), digits
    if dt.kind == "b":
        return 0, 1, None
    info = np.iinfo(dt)
    return int(info.min), int(info.max), None


def _check_range(dt, low, high_inclusive):
    """torch's check_from_to_in_range: an error past the dtype's range, and for floats a warning
    past the integers it represents exactly."""
    lo, hi, digits = _dtype_limits(dt)
    name = cpp_type_name(dt)
    for value, what in ((low, "from"), (high_inclusive, "to - 1")):
        if not lo <= value <= hi:
            raise RuntimeError(f"{what} is out of bounds for {name}")
    if digits is not None:
        for value, what in ((low, "from"), (high_inclusive, "to - 1")):
            if not -(2 ** digits) <= value <= 2 ** digits:
                warnings.warn(f"{what} is out of bounds [-(2^{digits}), 2^{digits}]. Due to precision limitations "
                              f"{name} can support discrete uniform distribution only within this range. This warning "
                              "will become an error in version 1.7 release, please fix the code in advance",
                              UserWarning, stacklevel=4)


def _integers(generator, low, high_inclusive, x):
    """torch's random_ draws from low to high_inclusive for the elements of x."""
    return _torch_random.integers(_creation._generator(generator), x.shape, x.dtype, low, high_inclusive - low + 1, x)


def _default_high(dt):
    """The top of random_'s default range: 2^digits for floats (every integer below is exact), the
    dtype's maximum for integers, True for bool."""
    lo, hi, digits = _dtype_limits(dt)
    return 2 ** digits if digits is not None else hi


class RandomFromTo(_ZeroGradient):
    """random_(from, to): integers in [from, to); with to=None, from up to random_'s default top."""
    node_name = "RandomBackward0"

    def forward(ctx, x, low, high, generator):
        dt = x.dtype
        if high is not None:
            if not low < high:
                raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
            if dt.kind == "f":
                low, high = _update_from(low, dt), _update_to(high, dt)
                if not low < high:
                    raise RuntimeError("random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                                       f"but got from={low} >= to={high}")
            top = high - 1
        else:
            top = _default_high(dt)
            if dt.kind == "f":
                low = _update_from(low, dt)
                if not low < top:
                    raise RuntimeError("random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                                       f"casted to dtype, but got from={low} > to_inc={top}")
        if high is not None or low != -2 ** 63:  # the full int64 range is drawn without checks, as in torch
            _check_range(dt, low, top)
        return _integers(generator, low, top, x)


def _rounded(value, dt):
    """`value` cast to the floating dtype dt and back to an integer (None past dt's range)."""
    f = dt.type(value)
    return int(f) if np.isfinite(f) else None


# torch's update_from / update_to: a bound that the float dtype rounds past itself (2^25 - 1 becomes
# 2^25 in float32) moves to the nearest representable integer inside the range, so no draw rounds
# onto or past `to`
def _update_from(low, dt):
    from_plus_1 = _rounded(low + 1, dt)
    if from_plus_1 is not None and from_plus_1 < low:
        low = from_plus_1 + (1 << (abs(low + 1).bit_length() - 1 - _dtype_limits(dt)[2] + 1))
    return low


def _update_to(high, dt):
    to_minus_1 = _rounded(high - 1, dt)
    if to_minus_1 is not None and to_minus_1 >= high:
        high = to_minus_1 - (1 << (abs(high - 1).bit_length() - 1 - _dtype_limits(dt)[2] + 1))
    return high


class RandomTo(_ZeroGradient):
    """random_(to): integers in [0, to)."""
    node_name = "RandomBackward1"

    def forward(ctx, x, high, generator):
        if not 0 < high:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from=0 >= to={high}")
        _check_range(x.dtype, 0, high - 1)
        return _integers(generator, 0, high - 1, x)


class Random(_ZeroGradient):
    """random_(): integers from 0 to random_'s default top for the dtype."""
    node_name = "RandomBackward2"

    def forward(ctx, x, generator):
        return _torch_random.full_range(_creation._generator(generator), x.shape, x.dtype, x)


_RANDOM_SIGNATURES = (" * (*, torch.Generator generator = None)\n"
                      " * (int from, int to, *, torch.Generator generator = None)\n"
                      " * (int to, *, torch.Generator generator = None)\n")


def random_(self, *args, generator=None, **kwargs):
    """Fill self in place with integers drawn uniformly: random_() over the dtype's exactly
    representable non-negative range, random_(to) over [0, to), random_(from, to) over [from, to)
    (to=None: from up to that default top). `from`, a Python keyword, can be passed as **{"from": ...}."""
    if len(args) > 2:
        raise TypeError(f"random_() takes 2 positional arguments but {len(args)} were given")
    shown = dict(kwargs, **({} if generator is None else {"generator": generator}))
    invalid = _invalid_combination("random_", args, shown, _RANDOM_SIGNATURES)
    if set(kwargs) - {"from", "to"} or generator is not None and not isinstance(generator, _creation.Generator):
        raise invalid
    if "from" in kwargs:
        if len(args) + ("to" in kwargs) > 1:
            raise invalid
        low, high = kwargs["from"], (args[0] if args else kwargs.get("to"))
    elif len(args) == 2 and "to" not in kwargs:
        low, high = args
    elif len(args) == 1 and "to" in kwargs:
        low, high = args[0], kwargs["to"]
    elif len(args) + ("to" in kwargs) == 1:
        high = args[0] if args else kwargs["to"]
        if not int_argument(high):
            raise invalid
        return RandomTo.apply_(self, int(high), generator)
    elif not args and not kwargs:
        return Random.apply_(self, generator)
    else:
        raise invalid
    if not int_argument(low) or not (high is None or int_argument(high)):
        raise invalid
    return RandomFromTo.apply_(self, int(low), None if high is None else int(high), generator)


def exponential_(self, lambd=1.0, *, generator=None):
    """Fill self in place with Exponential(lambd) samples (density lambd * exp(-lambd x))."""
    _rng(generator, "exponential_")
    return Exponential.apply_(self, float(lambd), generator)


def geometric_(self, p, *, generator=None):
    """Fill self in place with Geometric(p) samples on {1, 2, ...}: the trial of the first success."""
    _rng(generator, "geometric_")
    return Geometric.apply_(self, float(p), generator)


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Fill self in place with exp(N(mean, std^2)) samples."""
    _rng(generator, "log_normal_")
    return LogNormal.apply_(self, float(mean), float(std), generator)


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Fill self in place with N(mean, std^2) samples."""
    _rng(generator, "normal_")
    return Normal.apply_(self, float(mean), float(std), generator)


def uniform_(self, *args, generator=None, **bounds):
    """Fill self in place with U(from, to) samples (from 0 to 1 by default), the bounds given positionally
    or as from= and to= (torch's names; `from` is a Python keyword, hence **bounds)."""
    if len(args) > 2:
        raise TypeError(f"uniform_() takes from 0 to 2 positional arguments but {len(args)} were given")
    given = dict(zip(("from", "to"), args))
    for name, value in bounds.items():
        if name not in ("from", "to") or name in given:
            raise TypeError(f"uniform_() got an unexpected keyword argument '{name}'")
        given[name] = value
    _rng(generator, "uniform_")
    return Uniform.apply_(self, float(given.get("from", 0.0)), float(given.get("to", 1.0)), generator)


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Fill self in place with Cauchy(median, sigma) samples."""
    _rng(generator, "cauchy_")
    return Cauchy.apply_(self, float(median), float(sigma), generator)


def _bernoulli_method(self, p=None, *, generator=None):
    """bernoulli(): 0/1 samples with self's probabilities (or with `p` for every element)."""
    return bernoulli(self, p, generator=generator)


def _multinomial_method(self, num_samples, replacement=False, *, generator=None):
    """See torch.multinomial."""
    return multinomial(self, num_samples, replacement, generator=generator)


METHODS = {"bernoulli": _bernoulli_method, "bernoulli_": bernoulli_, "multinomial": _multinomial_method,
           "random_": random_, "exponential_": exponential_, "geometric_": geometric_, "log_normal_": log_normal_,
           "cauchy_": cauchy_, "normal_": normal_, "uniform_": uniform_}

from .._tensor import Tensor  # noqa: E402
