"""torch's CPU random numbers: its generator's engine (MT19937, seeded as torch seeds it), its state as torch's
bytes, and the ways its CPU kernels turn the engine's 32-bit words into uniform_, normal_, random_,
exponential_, cauchy_, geometric_, log_normal_, bernoulli, multinomial, gamma and randperm draws, so that
the same seed gives torch's numbers. The engine is NumPy's MT19937, whose words these functions read
(`random_raw`); pullback's other samplers (poisson, binomial) draw from the same engine through NumPy's own
methods, reproducibly but not as torch's do.

A generator here is a pullback Generator: `_rng`, the NumPy Generator around the engine, and
`_normal_cache`, the second normal of torch's last Box-Muller pair (torch's next_double_normal_sample)."""
import math

import numpy as np

_MASK32 = 0xFFFFFFFF
_DOUBLE_MANTISSA = (1 << 53) - 1
_TWO_PI = 2 * math.pi


def engine(seed):
    """A NumPy Generator on an MT19937 engine in the state torch's mt19937(seed) starts in: init_genrand
    of the seed's low 32 bits."""
    key = np.empty(624, np.uint32)
    x = seed & _MASK32
    for i in range(624):
        key[i] = x
        x = (1812433253 * (x ^ (x >> 30)) + i + 1) & _MASK32
    bits = np.random.MT19937()
    bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}
    return np.random.Generator(bits)


STATE_SIZE = 5056  # sizeof(torch's CPUGeneratorImplState)


def get_state(gen):
    """The generator's state as the bytes of torch's CPUGeneratorImplState: its seed, mt19937's `left`, `seeded`
    and `next`, the 624 words of state (as uint64), the legacy normal fields (normal_y holding the cached
    normal) and the unused float normal: a state torch.set_rng_state takes, and the one it gives back."""
    engine = gen._rng.bit_generator.state["state"]
    pos = engine["pos"]
    state = np.zeros(STATE_SIZE, np.uint8)
    state[:24] = np.frombuffer(np.array([gen._seed], "<u8").tobytes() + np.array([625 - pos, 1], "<i4").tobytes()
                               + np.array([pos % 624], "<u8").tobytes(), np.uint8)
    state[24:5016] = np.frombuffer(engine["key"].astype("<u8").tobytes(), np.uint8)
    if gen._normal_cache is not None:
        state[5024:5032] = np.frombuffer(np.array([gen._normal_cache], "<f8").tobytes(), np.uint8)
        state[5040:5044] = np.frombuffer(np.array([1], "<i4").tobytes(), np.uint8)
    return state


def set_state(gen, state):
    """Put the generator in the state get_state (or torch's get_rng_state) gave as bytes."""
    raw = state.tobytes()
    seed = int(np.frombuffer(raw, "<u8", 1, 0)[0])
    left = int(np.frombuffer(raw, "<i4", 1, 8)[0])
    key = np.frombuffer(raw, "<u8", 624, 24).astype(np.uint32)
    # (into the engine in place: whatever stands in for the generator, as vmap's guard does, stays)
    gen._rng.bit_generator.state = {"bit_generator": "MT19937",
                                    "state": {"key": key, "pos": min(max(625 - left, 0), 624)}}
    valid = int(np.frombuffer(raw, "<i4", 1, 5040)[0])
    gen._seed = seed
    gen._normal_cache = float(np.frombuffer(raw, "<f8", 1, 5024)[0]) if valid else None


def _words(gen, n):
    """The engine's next n 32-bit words (torch's random()), as uint64."""
    return gen._rng.bit_generator.random_raw(n)


def _words64(gen, n):
    """n of torch's random64(): two words each, the first the high half."""
    w = _words(gen, 2 * n)
    return (w[0::2] << np.uint64(32)) | w[1::2]


def _unit(gen, n, dtype):
    """n draws of torch's uniform_real_distribution(0, 1), in float64: a random64()'s low 53 bits over 2 ** 53
    for float64; for float32 and float16 (whose kernel draws floats) a word's low 24 bits over 2 ** 24."""
    if dtype == np.float64:
        return (_words64(gen, n) & np.uint64(_DOUBLE_MANTISSA)) * (2.0 ** -53)
    return (_words(gen, n) & np.uint64(0xFFFFFF)) * (2.0 ** -24)


def _memory_order(like):
    """The dims of `like`, the array a kernel writes, outermost first in memory; None for C order."""
    if like is None or like.ndim < 2 or like.flags.c_contiguous:
        return None
    return sorted(range(like.ndim), key=lambda d: -abs(like.strides[d]))


def _in_memory_order(shape, like, fill):
    """An array of `shape` whose elements `fill(n)` gives in the order torch's kernel visits them: the memory
    order of `like`, the array written (None: C order)."""
    order = _memory_order(like)
    if order is None:
        return fill(math.prod(shape)).reshape(shape)
    values = fill(math.prod(shape)).reshape([shape[d] for d in order])
    return np.transpose(values, np.argsort(order))


def uniform(gen, shape, dtype, low, high, like=None):
    """torch's uniform_(low, high) of a tensor of `shape` and `dtype` (float16, float32, float64); `like`: the
    array written, whose memory order the draws follow."""
    dtype = np.dtype(dtype)
    with np.errstate(over="ignore"):  # (the bounds in the tensor's dtype, as torch's kernel)
        span = float(dtype.type(high) - dtype.type(low))
    low = float(dtype.type(low))

    def fill(n):
        with np.errstate(over="ignore"):
            return (_unit(gen, n, dtype) * span + low).astype(dtype)
    return _in_memory_order(shape, like, fill)


def normal(gen, shape, dtype, mean, std, like=None):
    """torch's normal_(mean, std) of a tensor of `shape` and `dtype`: 16 or more elements of a contiguous
    tensor by its normal_fill (Box-Muller on blocks of 16 uniforms of the dtype), others one by one by
    normal_distribution<double> (a pair of double uniforms per two draws, the second kept for the next)."""
    dtype = np.dtype(dtype)
    n = math.prod(shape)
    with np.errstate(all="ignore"):  # (a huge std overflows to inf silently, as torch's)
        if n >= 16 and (like is None or like.flags.c_contiguous):
            return _normal_fill(gen, n, dtype, mean, std).reshape(shape)
        return _in_memory_order(shape, like, lambda m: _serial_normal(gen, m, mean, std).astype(dtype))


def _normal_fill(gen, n, dtype, mean, std):
    """torch's normal_fill: uniforms of the dtype turned into normals 16 at a time (the first 8 of a block
    give the radii, the last 8 the angles); a tail short of 16 takes the last 16 places again, from 16 new
    uniforms. float16 rounds its steps to half, as torch's kernel stores them."""
    whole = n - n % 16
    # float32 and float64 draw all n uniforms first; float16's kernel only those of whole blocks
    data = _unit(gen, whole if dtype == np.float16 else n, dtype).astype(dtype)
    if dtype == np.float16:
        data = np.concatenate([data, np.zeros(n - whole, dtype)])
    if whole:
        data[:whole] = _box_muller16(data[:whole].reshape(-1, 16), mean, std).reshape(-1)
    if n % 16:
        data[n - 16:] = _box_muller16(_unit(gen, 16, dtype).astype(dtype).reshape(1, 16), mean, std).reshape(-1)
    return data


def _libm(fn, x):
    """fn (a `math` function: the C library's, as torch's scalar kernels call) of each element of x, as
    float64. NumPy's own log and log1p differ from it in the last bit now and then."""
    return np.fromiter(map(fn, x.ravel().tolist()), np.float64, x.size).reshape(x.shape)


def _exp(v):
    """The C library's exp, inf past its range (where `math.exp` raises)."""
    try:
        return math.exp(v)
    except OverflowError:
        return math.inf


def _box_muller16(blocks, mean, std):
    dtype = blocks.dtype
    work = np.float64 if dtype == np.float64 else np.float32
    u1 = (1 - blocks[:, :8]).astype(work)
    u2 = blocks[:, 8:].astype(work)
    log = _libm(math.log, u1) if dtype == np.float64 else np.log(u1)  # (float32's: torch's vector library's)
    radius = np.sqrt(work(-2) * log).astype(dtype).astype(work)
    theta = _TWO_PI * u2.astype(np.float64) if dtype == np.float16 else work(_TWO_PI) * u2  # (torch's literals)
    theta = theta.astype(dtype).astype(work)
    return np.concatenate([radius * np.cos(theta) * work(std) + work(mean),
                           radius * np.sin(theta) * work(std) + work(mean)], axis=1).astype(dtype)


def _serial_normal(gen, n, mean, std):
    """n draws of torch's normal_distribution<double>(mean, std), in float64, using and leaving the
    generator's cached second normal."""
    out = np.empty(n)
    start = 0
    if n and gen._normal_cache is not None:
        out[0] = gen._normal_cache * std + mean
        gen._normal_cache = None
        start = 1
    pairs = (n - start + 1) // 2
    if pairs:
        u = (_words64(gen, 2 * pairs) & np.uint64(_DOUBLE_MANTISSA)) * (2.0 ** -53)
        u1, u2 = u[0::2], u[1::2]
        radius = np.sqrt(-2.0 * _libm(math.log1p, -u2))
        theta = 2.0 * math.pi * u1
        draws = np.empty(2 * pairs)
        draws[0::2] = radius * np.cos(theta) * std + mean
        draws[1::2] = radius * np.sin(theta) * std + mean
        out[start:] = draws[:n - start]
        if (n - start) % 2:
            gen._normal_cache = float(radius[-1] * np.sin(theta[-1]))
    return out


def integers(gen, shape, dtype, low, span, like=None):
    """torch's random_(from, to) kernel: low + (a word % span) for each element, a random64() where the span
    (to - from) reaches 2 ** 32."""
    def fill(n):
        if span >= 1 << 64:  # every int64: a random64() as it is (torch's full 64-bit range kernel)
            return _words64(gen, n).view(np.int64).astype(dtype)
        words = _words64(gen, n) if span >= 1 << 32 else _words(gen, n)
        return ((words % np.uint64(span)).astype(np.int64) + low).astype(dtype)
    return _in_memory_order(shape, like, fill)


def full_range(gen, shape, dtype, like=None):
    """torch's random_() kernel: a word modulo the dtype's largest exact integer + 1 (a random64() for
    float64 and int64; bool: the word's low bit)."""
    dtype = np.dtype(dtype)

    def fill(n):
        if dtype == np.bool_:
            return (_words(gen, n) & np.uint64(1)).astype(np.bool_)
        wide = dtype in (np.float64, np.int64)
        words = _words64(gen, n) if wide else _words(gen, n)
        if dtype.kind == "f":
            top = (1 << (np.finfo(dtype).nmant + 1)) + 1
        else:
            top = int(np.iinfo(dtype).max) + 1
        return (words % np.uint64(top)).astype(dtype)
    return _in_memory_order(shape, like, fill)


def bernoulli(gen, p, shape, like=None):
    """torch's bernoulli draws (True with probability p) of `shape`: for a number p a double uniform per element
    (random64), for an array p (broadcast to `shape`) a uniform of p's dtype."""
    if type(p) is not np.ndarray:
        return _in_memory_order(shape, like, lambda n: _unit(gen, n, np.float64) < p)
    order = _memory_order(like)
    ordered = p if order is None else np.transpose(p, order)  # p's elements in the order the output is written
    return _in_memory_order(shape, like, lambda n: _unit(gen, n, p.dtype) < np.ravel(ordered))


def exponential(gen, shape, dtype, lambd, like=None):
    """torch's exponential_(lambd): -1 / lambd * log1p(-u) of a double uniform per element, in `dtype`."""
    def fill(n):
        return (-1.0 / lambd * _libm(math.log1p, -_unit(gen, n, np.float64))).astype(dtype)
    with np.errstate(over="ignore"):
        return _in_memory_order(shape, like, fill)


def cauchy(gen, shape, dtype, median, sigma, like=None):
    """torch's cauchy_: median + sigma * tan(pi * (u - 0.5)) of a double uniform per element."""
    def fill(n):
        return (median + sigma * _libm(math.tan, math.pi * (_unit(gen, n, np.float64) - 0.5))).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        return _in_memory_order(shape, like, fill)


def geometric(gen, shape, dtype, p, like=None):
    """torch's geometric_: ceil(log(u) / log1p(-p)) of a double uniform per element."""
    def fill(n):
        return np.ceil(_libm(math.log, _unit(gen, n, np.float64)) / math.log1p(-p)).astype(dtype)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _in_memory_order(shape, like, fill)


def log_normal(gen, shape, dtype, mean, std, like=None):
    """torch's log_normal_: exp of normal_distribution<double>(mean, std) draws (its Box-Muller pairs and cache)."""
    def fill(n):
        return _libm(_exp, _serial_normal(gen, n, mean, std)).astype(dtype)
    with np.errstate(over="ignore"):
        return _in_memory_order(shape, like, fill)


_THIRD, _SQUEEZE = float(np.float32(1.0 / 3.0)), float(np.float32(0.0331))  # (float literals in torch's sampler)


def gamma(gen, alpha, single=False):
    """torch's sample_gamma of each element of `alpha` (C order), in float64: Marsaglia and Tsang's method on
    its normal_distribution<double> and uniform draws, alpha < 1 boosted by a uniform's power. `single`:
    alpha's own steps in float32, as torch's float kernel takes them. Where alpha is not positive, 0
    without a draw (torch's sampler returns 0 for 0; it never ends for a negative or NaN alpha)."""
    step = (lambda v: float(np.float32(v))) if single else float
    out = np.zeros(alpha.size)
    for i, a in enumerate(alpha.ravel().tolist()):
        if a > 0:
            out[i] = _gamma1(gen, a, step)
    return out.reshape(alpha.shape)


def _gamma1(gen, alpha, step):
    scale = 1.0
    if alpha < 1.0:
        scale *= (1 - float(_unit(gen, 1, np.float64)[0])) ** step(1.0 / alpha)
        alpha = step(alpha + 1.0)
    d = step(alpha - _THIRD)
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = float(_serial_normal(gen, 1, 0.0, 1.0)[0])
        y = 1.0 + c * x
        while y <= 0:
            x = float(_serial_normal(gen, 1, 0.0, 1.0)[0])
            y = 1.0 + c * x
        v = y * y * y
        u = 1 - float(_unit(gen, 1, np.float64)[0])
        xx = x * x
        if u < 1.0 - _SQUEEZE * xx * xx or math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def multinomial(gen, rows, n_sample, replacement):
    """torch's multinomial of each row of weights `rows` (2-D): without replacement (or for one sample) the
    n_sample largest of row / exponential_(), largest first; with it, for each sample a double uniform's
    place in the row's running sum (in the row's dtype, float32 for float16) over the total."""
    if not replacement or n_sample == 1:
        keys = rows / exponential(gen, rows.shape, rows.dtype, 1.0)
        return np.argsort(-keys, axis=1, kind="stable")[:, :n_sample]
    acc = np.float32 if rows.dtype == np.float16 else rows.dtype
    out = np.empty((rows.shape[0], n_sample), np.int64)
    for i, row in enumerate(rows.astype(acc)):
        cumulative = np.cumsum(row)
        cumulative /= cumulative[-1]
        out[i] = np.searchsorted(cumulative, _unit(gen, n_sample, np.float64), side="left")
    return out


def permutation(gen, n):
    """torch's randperm: 0 .. n - 1 shuffled forward, position i swapped with i + a word % (n - i)."""
    perm = np.arange(n, dtype=np.int64)
    if n > 1:
        words = _words(gen, n - 1) if n < 1 << 32 else _words64(gen, n - 1)
        picks = (words % np.arange(n, 1, -1, dtype=np.uint64)).astype(np.int64)
        for i, z in enumerate(picks.tolist()):
            j = i + z
            perm[i], perm[j] = perm[j], perm[i]
    return perm
