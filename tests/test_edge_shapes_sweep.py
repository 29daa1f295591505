"""An edge-case sweep of the op surface pullback shares with torch.

Every op of the table runs on the inputs where bugs hide: 0-d, empty ((0,), (2, 0, 3), (0, 0)),
size-1 dims, non-contiguous views (transposed, stepped, expanded with stride 0), int64, bool,
float32 and uint8 dtypes, NaN/inf values; with negative dims, dim tuples, dim=None and keepdim both ways. Both
libraries run the same call on the same data, and the sweep compares values (exactly, NaN positions
included, except where the op's summation order is not torch's), dtypes, shapes, what users see of
the layout (is_contiguous()), first- and second-order gradients of float64 inputs (empty ones
included), errors (class and first line) and torch's warnings.
"""
import math
import warnings

import numpy as np
import pytest
import torch

import pullback


# ---------------------------------------------------------------------------------------------------
# Input kinds: (base array, view applied in the library). Float64 bases require grad.

def _floats(seed, shape):
    return np.random.default_rng(seed).standard_normal(shape).round(2)


def _special(seed, shape):
    v = _floats(seed, shape)
    flat = v.reshape(-1)
    flat[[1, 5]] = np.nan
    flat[[2, 9]] = np.inf
    flat[7] = -np.inf
    flat[[3, 10]] = flat[0]  # ties
    return v


def _ints(seed, shape):
    return np.random.default_rng(seed).integers(-3, 4, shape)


def _bools(seed, shape):
    return np.random.default_rng(seed).random(shape) < 0.5


KINDS = {  # name: (array maker, view)
    "0d": (lambda s: np.array(_floats(s, ()) + 0.5), None),
    "empty": (lambda s: np.zeros((0,)), None),
    "empty203": (lambda s: np.zeros((2, 0, 3)), None),
    "empty00": (lambda s: np.zeros((0, 0)), None),
    "ones": (lambda s: _floats(s, (1, 3, 1)), None),
    "mat": (lambda s: _floats(s, (3, 4)), None),
    "t": (lambda s: _floats(s, (4, 3)), lambda x: x.t()),
    "step": (lambda s: _floats(s, (3, 8)), lambda x: x[:, ::2]),
    "expand": (lambda s: _floats(s, (3, 1)), lambda x: x.expand(3, 4)),
    "special": (lambda s: _special(s, (3, 4)), None),
    "int": (lambda s: _ints(s, (3, 4)), None),
    "bool": (lambda s: _bools(s, (3, 4)), None),
    # other dtypes (no gradients): float32 with NaN/inf, uint8 (wrap-around of negative numbers)
    "f32": (lambda s: _special(s, (3, 4)).astype(np.float32), None),
    "u8": (lambda s: (_ints(s, (3, 4)) + 3).astype(np.uint8), None),
}


def make_inputs(m, kind, n, seed=0):
    """n tensors of the kind in module m: (leaves, the views the op is called on)."""
    make, view = KINDS[kind]
    leaves, xs = [], []
    for i in range(n):
        a = make(seed + 7 * i)
        t = m.tensor(a)
        if t.dtype == m.float64:
            t.requires_grad_()
        leaves.append(t)
        xs.append(view(t) if view else t)
    return leaves, xs


# ---------------------------------------------------------------------------------------------------
# The op table: name -> (number of tensor inputs, call variants). A variant is fn(m, *xs).

def _v(*fns):
    return list(fns)


def _picked(m, x, result, dim, keepdim):
    """(values, the input's values at the indices) of a (values, indices) result: which of equal
    values torch's kernels pick is not determined, that they picked an equal one is."""
    if not x.dim():
        return tuple(result)
    indices = result.indices if keepdim else result.indices.unsqueeze(dim)
    return result.values, x.gather(dim, indices)


UNARY = ["abs", "neg", "exp", "log", "sqrt", "sin", "tanh", "sigmoid", "floor", "round", "frac", "sign", "sgn",
         "reciprocal", "rsqrt", "square", "expm1", "erf", "relu", "isnan", "isinf", "isfinite", "signbit",
         "nan_to_num", "logical_not", "bitwise_not", "asin", "acosh", "erfinv", "lgamma", "digamma", "sinc", "logit",
         "i0"]
BINARY = ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "atan2", "maximum", "minimum",
          "fmax", "fmin", "eq", "lt", "ge", "logical_and", "logical_xor", "bitwise_and", "hypot", "copysign", "xlogy",
          "logaddexp", "float_power", "isclose", "nextafter", "ldexp", "dist"]

OPS = {}
for _n in UNARY:
    OPS[_n] = (1, _v(lambda m, x, _n=_n: getattr(m, _n)(x)))
for _n in BINARY:
    OPS[_n] = (2, _v(lambda m, x, y, _n=_n: getattr(m, _n)(x, y),
                     lambda m, x, y, _n=_n: getattr(m, _n)(x, y[..., :1])))  # broadcast against size 1
OPS.update({
    "clamp": (1, _v(lambda m, x: m.clamp(x, -0.5, 0.5), lambda m, x: m.clamp(x, min=0),
                    lambda m, x: x.clamp(max=-1))),
    "clamp_t": (3, _v(lambda m, x, lo, hi: m.clamp(x, lo, hi), lambda m, x, lo, hi: m.clamp(x, max=hi))),
    "where": (3, _v(lambda m, c, x, y: m.where(c > 0, x, y), lambda m, c, x, y: m.where(c > 0, x, 0.5),
                    lambda m, c, x, y: m.where(c > 0))),
    "lerp": (3, _v(lambda m, x, y, w: m.lerp(x, y, w), lambda m, x, y, w: m.lerp(x, y, 0.25))),
    "addcmul": (3, _v(lambda m, x, y, z: m.addcmul(x, y, z, value=0.5))),
    "addcdiv": (3, _v(lambda m, x, y, z: m.addcdiv(x, y, z, value=2))),
    # reductions
    "sum": (1, _v(lambda m, x: m.sum(x), lambda m, x: m.sum(x, -1), lambda m, x: x.sum((0, -1), keepdim=True),
                  lambda m, x: m.sum(x, dim=None, keepdim=True), lambda m, x: x.sum(dim=())),
            ),
    "nansum": (1, _v(lambda m, x: m.nansum(x), lambda m, x: m.nansum(x, -1, keepdim=True))),
    "mean": (1, _v(lambda m, x: m.mean(x), lambda m, x: x.mean(-1), lambda m, x: x.mean((0, -1), True),
                   lambda m, x: m.mean(x, dim=None, keepdim=True))),
    "nanmean": (1, _v(lambda m, x: m.nanmean(x), lambda m, x: m.nanmean(x, 0, keepdim=True))),
    "prod": (1, _v(lambda m, x: m.prod(x), lambda m, x: m.prod(x, -1), lambda m, x: x.prod(0, keepdim=True))),
    "amax": (1, _v(lambda m, x: m.amax(x), lambda m, x: m.amax(x, -1), lambda m, x: x.amax((0, -1), True))),
    "amin": (1, _v(lambda m, x: m.amin(x, 0), lambda m, x: x.amin(dim=(), keepdim=True))),
    "aminmax": (1, _v(lambda m, x: m.aminmax(x), lambda m, x: m.aminmax(x, dim=-1, keepdim=True))),
    "max": (1, _v(lambda m, x: m.max(x), lambda m, x: m.max(x, -1), lambda m, x: x.max(0, keepdim=True),
                  lambda m, x: x.max(dim=1))),
    "min": (1, _v(lambda m, x: m.min(x), lambda m, x: m.min(x, -1, True))),
    "argmax": (1, _v(lambda m, x: m.argmax(x), lambda m, x: m.argmax(x, -1), lambda m, x: x.argmax(0, True),
                     lambda m, x: m.argmax(x, keepdim=True))),
    "argmin": (1, _v(lambda m, x: m.argmin(x), lambda m, x: m.argmin(x, dim=-1, keepdim=True))),
    "median": (1, _v(lambda m, x: m.median(x), lambda m, x: m.median(x, -1), lambda m, x: x.median(0, True))),
    "nanmedian": (1, _v(lambda m, x: m.nanmedian(x), lambda m, x: m.nanmedian(x, -1))),
    "mode": (1, _v(lambda m, x: _picked(m, x, m.mode(x), -1, False),
                   lambda m, x: _picked(m, x, m.mode(x, 0, keepdim=True), 0, True))),
    "kthvalue": (1, _v(lambda m, x: _picked(m, x, m.kthvalue(x, 1), -1, False),
                       lambda m, x: _picked(m, x, m.kthvalue(x, 2, 0, True), 0, True))),
    "topk": (1, _v(lambda m, x: _picked(m, x, m.topk(x, 1), -1, True), lambda m, x: _picked(m, x, m.topk(x, 0, dim=0), 0, True),
                   lambda m, x: _picked(m, x, x.topk(2, largest=False), -1, True))),
    "sort": (1, _v(lambda m, x: m.sort(x), lambda m, x: m.sort(x, 0, descending=True),
                   lambda m, x: m.sort(x, stable=True, dim=-1))),
    "argsort": (1, _v(lambda m, x: m.argsort(x), lambda m, x: m.argsort(x, dim=0, descending=True, stable=True))),
    "msort": (1, _v(lambda m, x: m.msort(x))),
    "unique": (1, _v(lambda m, x: m.unique(x), lambda m, x: m.unique(x, return_inverse=True, return_counts=True),
                     lambda m, x: m.unique(x, dim=0), lambda m, x: m.unique(x, dim=-1, return_inverse=True))),
    "unique_consecutive": (1, _v(lambda m, x: m.unique_consecutive(x, return_counts=True, return_inverse=True),
                                 lambda m, x: m.unique_consecutive(x, dim=0))),
    "std": (1, _v(lambda m, x: m.std(x), lambda m, x: m.std(x, -1, correction=0), lambda m, x: x.std((0, -1), keepdim=True),
                  lambda m, x: m.std(x, dim=None, correction=2))),
    "var": (1, _v(lambda m, x: m.var(x), lambda m, x: m.var(x, 0, unbiased=False, keepdim=True))),
    "var_mean": (1, _v(lambda m, x: m.var_mean(x), lambda m, x: m.var_mean(x, -1))),
    "std_mean": (1, _v(lambda m, x: m.std_mean(x, (0, -1), keepdim=True))),
    "norm": (1, _v(lambda m, x: m.norm(x), lambda m, x: m.norm(x, 1, -1), lambda m, x: x.norm(float("inf"), dim=(0, -1)),
                   lambda m, x: m.norm(x, p=0), lambda m, x: m.norm(x, dim=0, keepdim=True))),
    "vector_norm": (1, _v(lambda m, x: m.linalg.vector_norm(x), lambda m, x: m.linalg.vector_norm(x, 3, dim=-1),
                          lambda m, x: m.linalg.vector_norm(x, -math.inf, dim=(0, -1)))),
    "logsumexp": (1, _v(lambda m, x: m.logsumexp(x, -1), lambda m, x: m.logsumexp(x, (0, -1), keepdim=True),
                        lambda m, x: m.logsumexp(x, ()))),
    "all": (1, _v(lambda m, x: m.all(x), lambda m, x: m.all(x, -1), lambda m, x: x.all((0, -1), keepdim=True))),
    "any": (1, _v(lambda m, x: m.any(x), lambda m, x: x.any(0, True))),
    "count_nonzero": (1, _v(lambda m, x: m.count_nonzero(x), lambda m, x: m.count_nonzero(x, -1),
                            lambda m, x: m.count_nonzero(x, (0, -1)))),
    # scans
    "cumsum": (1, _v(lambda m, x: m.cumsum(x, -1), lambda m, x: x.cumsum(0))),
    "cumprod": (1, _v(lambda m, x: m.cumprod(x, -1), lambda m, x: x.cumprod(0))),
    "cummax": (1, _v(lambda m, x: m.cummax(x, -1), lambda m, x: x.cummax(0))),
    "cummin": (1, _v(lambda m, x: m.cummin(x, 0))),
    "logcumsumexp": (1, _v(lambda m, x: m.logcumsumexp(x, -1), lambda m, x: x.logcumsumexp(0))),
    # shape and view ops
    "reshape": (1, _v(lambda m, x: m.reshape(x, (-1,)), lambda m, x: x.reshape(x.shape[::-1]),
                      lambda m, x: x.reshape(0, -1))),
    "view": (1, _v(lambda m, x: x.view(-1), lambda m, x: x.view(*x.shape, 1))),
    "flatten": (1, _v(lambda m, x: m.flatten(x), lambda m, x: x.flatten(-2, -1), lambda m, x: x.ravel())),
    "unflatten": (1, _v(lambda m, x: x.unflatten(-1, (-1, 1)))),
    "squeeze": (1, _v(lambda m, x: m.squeeze(x), lambda m, x: x.squeeze(-1), lambda m, x: x.squeeze((0, -1)))),
    "unsqueeze": (1, _v(lambda m, x: m.unsqueeze(x, -1), lambda m, x: x.unsqueeze(0))),
    "permute": (1, _v(lambda m, x: x.permute(*range(x.dim() - 1, -1, -1)), lambda m, x: m.permute(x, (0, -1)))),
    "transpose": (1, _v(lambda m, x: m.transpose(x, 0, -1), lambda m, x: x.swapaxes(-1, -2), lambda m, x: x.t(),
                        lambda m, x: x.T, lambda m, x: x.mT)),
    "movedim": (1, _v(lambda m, x: m.movedim(x, 0, -1), lambda m, x: m.moveaxis(x, (0, -1), (-1, 0)))),
    "narrow": (1, _v(lambda m, x: m.narrow(x, -1, 0, 1), lambda m, x: x.narrow(0, 1, 0))),
    "select": (1, _v(lambda m, x: m.select(x, -1, 0), lambda m, x: x[..., -1], lambda m, x: x[None, ..., None])),
    "slice": (1, _v(lambda m, x: x[1:], lambda m, x: x[..., ::2], lambda m, x: x[5:9], lambda m, x: x[:, 1:3:2])),
    "unbind": (1, _v(lambda m, x: m.unbind(x, -1), lambda m, x: x.unbind())),
    "chunk": (1, _v(lambda m, x: m.chunk(x, 2, -1), lambda m, x: x.chunk(3))),
    "split": (1, _v(lambda m, x: m.split(x, 2, -1), lambda m, x: x.split([1, 2], 0), lambda m, x: x.split(1))),
    "tensor_split": (1, _v(lambda m, x: m.tensor_split(x, 3, -1), lambda m, x: x.tensor_split([1, 2]))),
    "hsplit": (1, _v(lambda m, x: m.hsplit(x, 2), lambda m, x: m.vsplit(x, [1]))),
    "flip": (1, _v(lambda m, x: m.flip(x, -1), lambda m, x: x.flip((0, -1)), lambda m, x: m.fliplr(x),
                   lambda m, x: m.flipud(x))),
    "roll": (1, _v(lambda m, x: m.roll(x, 1, -1), lambda m, x: x.roll(-5), lambda m, x: x.roll((1, 1), (0, -1)))),
    "rot90": (1, _v(lambda m, x: m.rot90(x), lambda m, x: x.rot90(-1, (-1, 0)), lambda m, x: m.rot90(x, 2, (0, 1)))),
    "tril": (1, _v(lambda m, x: m.tril(x), lambda m, x: x.triu(1), lambda m, x: m.tril(x, -5))),
    "diag": (1, _v(lambda m, x: m.diag(x), lambda m, x: m.diag(x, -1))),
    "diagonal": (1, _v(lambda m, x: m.diagonal(x), lambda m, x: x.diagonal(1, -1, 0), lambda m, x: x.diagonal(dim1=-2, dim2=-1))),
    "diag_embed": (1, _v(lambda m, x: m.diag_embed(x), lambda m, x: m.diag_embed(x, -1, 0, -1))),
    "diagflat": (1, _v(lambda m, x: m.diagflat(x), lambda m, x: m.diagflat(x, 1))),
    "repeat": (1, _v(lambda m, x: x.repeat(2, *[1] * x.dim()), lambda m, x: m.tile(x, (2,)),
                     lambda m, x: x.repeat_interleave(2, -1), lambda m, x: m.repeat_interleave(x, 2))),
    "expand": (1, _v(lambda m, x: x.expand(2, *x.shape), lambda m, x: x.expand(*[-1] * x.dim()),
                     lambda m, x: m.broadcast_to(x, (2,) + tuple(x.shape)))),
    "contiguous": (1, _v(lambda m, x: x.contiguous(), lambda m, x: m.clone(x), lambda m, x: x.clone(memory_format=m.contiguous_format))),
    "trace": (1, _v(lambda m, x: m.trace(x))),
    # indexing
    "gather": (1, _v(lambda m, x: m.gather(x, -1, m.argsort(x, -1)), lambda m, x: x.gather(0, m.zeros_like(x, dtype=m.long)),
                     lambda m, x: m.take_along_dim(x, m.argsort(x, 0), 0), lambda m, x: m.take_along_dim(x, m.argmax(x)))),
    "scatter": (1, _v(lambda m, x: m.scatter(x, -1, m.argsort(x, -1), x * 2),
                      lambda m, x: x.scatter(0, m.zeros_like(x, dtype=m.long), 1.5),
                      lambda m, x: m.scatter_add(x, -1, m.argsort(x, -1), x),
                      lambda m, x: x.scatter_reduce(0, m.zeros_like(x, dtype=m.long), x, "amax", include_self=False))),
    "index_select": (1, _v(lambda m, x: m.index_select(x, -1, m.tensor([0, 0])), lambda m, x: x.index_select(0, m.tensor([], dtype=m.long)),
                           lambda m, x: x.index_select(0, m.tensor(0)))),
    "index_add": (1, _v(lambda m, x: m.index_add(x, 0, m.zeros(x.shape[:1], dtype=m.long), x, alpha=2),
                        lambda m, x: x.index_fill(-1, m.tensor([0]), -1.0),
                        lambda m, x: x.index_copy(0, m.arange(x.shape[0] if x.dim() else 1).flip(0), x * 3))),
    "masked": (1, _v(lambda m, x: m.masked_select(x, x > 0), lambda m, x: x.masked_fill(x > 0, 0.5),
                     lambda m, x: x.masked_scatter(x > 0, x * 2), lambda m, x: x[x > 0])),
    "take": (1, _v(lambda m, x: m.take(x, m.tensor([0, -1])), lambda m, x: x.take(m.tensor([], dtype=m.long)),
                   lambda m, x: x.put(m.tensor([0, -1]), m.tensor([1.0, 2.0], dtype=x.dtype), accumulate=True))),
    "nonzero": (1, _v(lambda m, x: m.nonzero(x), lambda m, x: m.nonzero(x, as_tuple=True), lambda m, x: m.argwhere(x))),
    "index": (1, _v(lambda m, x: x[m.tensor([0, 0])], lambda m, x: x[..., m.tensor([[0], [-1]])], lambda m, x: x[[0, 0], :1])),
    # products
    "matmul": (2, _v(lambda m, x, y: m.matmul(x, y.mT), lambda m, x, y: x @ y.reshape(-1),
                     lambda m, x, y: m.matmul(x.reshape(-1), y.reshape(-1)))),
    "mm": (2, _v(lambda m, x, y: m.mm(x, y.t()), lambda m, x, y: m.mv(x, y[0]))),
    "bmm": (2, _v(lambda m, x, y: m.bmm(x, y.mT))),
    "dot": (2, _v(lambda m, x, y: m.dot(x.reshape(-1), y.reshape(-1)), lambda m, x, y: m.outer(x.reshape(-1), y.reshape(-1)),
                  lambda m, x, y: m.inner(x, y), lambda m, x, y: m.vdot(x.reshape(-1), y.reshape(-1)))),
    "einsum": (2, _v(lambda m, x, y: m.einsum("...ij,...kj->...ik", x, y), lambda m, x, y: m.einsum("...->", x),
                     lambda m, x, y: m.einsum("ij->ji", x))),
    "tensordot": (2, _v(lambda m, x, y: m.tensordot(x, y, dims=x.dim()), lambda m, x, y: m.tensordot(x, y, dims=([0], [0])),
                        lambda m, x, y: m.tensordot(x, y, 0))),
    "kron": (2, _v(lambda m, x, y: m.kron(x, y))),
    "cross": (2, _v(lambda m, x, y: m.linalg.cross(x[..., :3], y[..., :3]))),
    "linalg": (1, _v(lambda m, x: m.linalg.det(x @ x.mT), lambda m, x: m.inverse(x @ x.mT + m.eye(x.shape[-2], dtype=x.dtype)),
                     lambda m, x: m.linalg.matrix_norm(x), lambda m, x: m.linalg.norm(x), lambda m, x: m.slogdet(x @ x.mT))),
    # joining
    "cat": (2, _v(lambda m, x, y: m.cat([x, y], -1), lambda m, x, y: m.cat((x, m.tensor([], dtype=x.dtype))),
                  lambda m, x, y: m.concat([x, y]))),
    "stack": (2, _v(lambda m, x, y: m.stack([x, y], -1), lambda m, x, y: m.hstack([x, y]), lambda m, x, y: m.vstack([x, y]),
                    lambda m, x, y: m.dstack([x, y]), lambda m, x, y: m.column_stack([x, y]))),
    # more reductions and scans, dtype= and NaN-aware ones
    "dtype_arg": (1, _v(lambda m, x: m.sum(x, -1, dtype=m.float64), lambda m, x: x.cumsum(0, dtype=m.int32),
                        lambda m, x: m.prod(x, dtype=m.float64), lambda m, x: x.mean(dtype=m.float64))),
    "quantile": (1, _v(lambda m, x: m.quantile(x.double(), 0.25), lambda m, x: m.nanquantile(x.double(), 0.5, dim=-1),
                       lambda m, x: m.quantile(x.double(), m.tensor([0.0, 1.0], dtype=m.float64), dim=0, keepdim=True,
                                               interpolation="midpoint"))),
    "cummax_nan": (1, _v(lambda m, x: m.cummin(x, -1), lambda m, x: m.logcumsumexp(x.double(), 0))),
    "extremum_pair": (2, _v(lambda m, x, y: m.max(x, y), lambda m, x, y: m.min(x, other=y), lambda m, x, y: x.clamp_min(y))),
    "diff": (1, _v(lambda m, x: m.diff(x), lambda m, x: m.diff(x, n=2, dim=0), lambda m, x: m.diff(x, prepend=x, dim=-1))),
    "search": (2, _v(lambda m, x, y: m.searchsorted(m.sort(x, -1).values, y),
                     lambda m, x, y: m.bucketize(y, m.sort(x.reshape(-1)).values, right=True))),
    "cov": (1, _v(lambda m, x: m.cov(x), lambda m, x: m.corrcoef(x))),
    "joins": (2, _v(lambda m, x, y: m.block_diag(x, y), lambda m, x, y: m.atleast_2d(x), lambda m, x, y: m.atleast_3d(x),
                    lambda m, x, y: m.broadcast_tensors(x, y[..., :1]), lambda m, x, y: m.cartesian_prod(x.reshape(-1), y.reshape(-1)))),
    "unfold": (1, _v(lambda m, x: x.unfold(-1, 2, 1), lambda m, x: x.unfold(0, 1, 2), lambda m, x: m.narrow_copy(x, -1, 0, 1))),
    "renorm": (1, _v(lambda m, x: m.renorm(x, 2, 0, 1.0), lambda m, x: m.nn.functional.normalize(x, dim=-1))),
    "softmax": (1, _v(lambda m, x: m.softmax(x, -1), lambda m, x: m.log_softmax(x, 0), lambda m, x: m.nn.functional.softmin(x, dim=-1))),
    "inplace": (1, _v(lambda m, x: x.clone().add_(1), lambda m, x: x.clone().clamp_(0), lambda m, x: x.clone().t_(),
                      lambda m, x: x.clone().squeeze_(), lambda m, x: x.clone().unsqueeze_(-1), lambda m, x: x.clone().fill_(2))),
    # in place on the view itself (an expanded one shares memory between elements: only fills may write)
    "inplace_view": (1, _v(lambda m, x: x.detach().add_(1), lambda m, x: x.detach().zero_(),
                           lambda m, x: x.detach().fill_(2), lambda m, x: x.detach().fill_(m.tensor(2)),
                           lambda m, x: x.detach().index_fill_(-1, m.tensor([0]), 1),
                           lambda m, x: x.detach().masked_fill_(x.detach() > 0, 1))),
})

# ops whose float results are compared to a tolerance: summation order or library kernels differ
APPROX = {"sum", "nansum", "mean", "nanmean", "prod", "std", "var", "var_mean", "std_mean", "norm", "vector_norm",
          "logsumexp", "cumsum", "cumprod", "logcumsumexp", "dtype_arg", "quantile", "cummax_nan", "cov",
          "renorm", "softmax", "matmul", "mm", "bmm", "dot", "einsum", "tensordot", "kron", "cross", "linalg",
          "dist", "lerp", "addcdiv", "addcmul", "index_add", "scatter", "exp", "log", "sqrt", "sin", "tanh",
          "sigmoid", "expm1", "erf", "rsqrt", "asin", "acosh", "erfinv", "lgamma", "digamma", "sinc", "logit",
          "i0", "pow", "float_power", "atan2", "xlogy", "logaddexp", "hypot",
          "ldexp"}  # a floating exponent: torch's pow(2, e) is Sleef's, whose AVX-512 build differs by an ulp


# ---------------------------------------------------------------------------------------------------
# Running and comparing

def _flat(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in _flat(o)]
    return [out]


def _run(m, fn, kind, n):
    """(leaves, flat outputs or None, the error or None, the warnings given as (category, message))."""
    leaves, xs = make_inputs(m, kind, n)
    always = m.is_warn_always_enabled()
    m.set_warn_always(True)  # (a warn-once warning given earlier in the process is given again)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                out, err = _flat(fn(m, *xs)), None
            except Exception as e:  # noqa: BLE001 - the error is compared
                out, err = None, e
    finally:
        m.set_warn_always(always)
    # NumPy's floating-point RuntimeWarnings (invalid value, divide by zero) that some kernels leak on
    # NaN/inf data are left out (docs/differences.md); torch's own warnings are compared
    warned = sorted({(w.category.__name__, str(w.message).split(" (Triggered internally")[0]) for w in caught
                     if not issubclass(w.category, RuntimeWarning)})
    return leaves, out, err, warned


def _np(t):
    return t.detach().numpy() if isinstance(t, pullback.Tensor) else t.detach().numpy(force=True)


def _same_values(p, t, approx, what):
    a, b = _np(p), _np(t)
    assert a.shape == b.shape, f"{what}: shape {a.shape} != torch's {b.shape}"
    if approx and a.dtype.kind == "f":
        tol = 1e-9 if a.dtype == np.float64 else 1e-5  # float32: last bits of library kernels (docs/differences.md)
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol * 1e-3, equal_nan=True, err_msg=what)
    else:
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), f"{what}: {a} != torch's {b}"


def _first_line(e):
    return str(e).strip().split("\n")[0].replace("pullback", "torch")


def _grads(m, outs, leaves, seed):
    """Gradients (None where unused) of the float outputs requiring grad: first order without and
    with create_graph (formulas run on arrays, and recorded), and second order."""
    pairs = [o for o in outs if isinstance(o, m.Tensor) and o.requires_grad]
    if not pairs:
        return None
    rng = np.random.default_rng(seed)
    cots = [m.tensor(rng.standard_normal(tuple(o.shape)).round(2)) for o in pairs]
    plain = m.autograd.grad(pairs, leaves, cots, retain_graph=True, allow_unused=True)
    g1 = m.autograd.grad(pairs, leaves, cots, create_graph=True, allow_unused=True)
    with_graph = [(g, m.tensor(rng.standard_normal(tuple(g.shape)).round(2))) for g in g1
                  if g is not None and g.requires_grad]
    if not with_graph:
        return plain, g1, None
    s = sum((g * v).sum() for g, v in with_graph)
    return plain, g1, m.autograd.grad(s, leaves, allow_unused=True)


def compare(name, variant, kind, layout=True, grads=True):
    n, fns = OPS[name]
    fn = fns[variant]
    t_leaves, t_out, t_err, t_warned = _run(torch, fn, kind, n)
    p_leaves, p_out, p_err, p_warned = _run(pullback, fn, kind, n)
    assert p_warned == t_warned, f"warnings {p_warned} != torch's {t_warned}"
    if t_err is not None:
        assert p_err is not None, f"torch raises {type(t_err).__name__}: {_first_line(t_err)}; pullback returns"
        got, want = (type(p_err).__name__, _first_line(p_err)), (type(t_err).__name__, _first_line(t_err))
        assert got == want, f"pullback raises {got}, torch {want}"
        return
    assert p_err is None, f"pullback raises {type(p_err).__name__}: {p_err}"
    assert len(p_out) == len(t_out), f"{len(p_out)} outputs != torch's {len(t_out)}"
    approx = name in APPROX
    for i, (p, t) in enumerate(zip(p_out, t_out)):
        if not isinstance(t, torch.Tensor):
            assert p == t, f"output {i}: {p!r} != torch's {t!r}"
            continue
        assert str(p.dtype) == str(t.dtype), f"output {i}: {p.dtype} != {t.dtype}"
        _same_values(p, t, approx, f"output {i}")
        assert not layout or p.is_contiguous() == t.is_contiguous(), f"output {i}: is_contiguous {p.is_contiguous()}"
        assert p.requires_grad == t.requires_grad, f"output {i}: requires_grad {p.requires_grad}"
    if not grads:
        return
    try:
        t_g = _grads(torch, t_out, t_leaves, 1)
    except Exception as e:  # noqa: BLE001 - a derivative torch does not have
        with pytest.raises(Exception) as info:
            _grads(pullback, p_out, p_leaves, 1)
        got, want = (type(info.value).__name__, _first_line(info.value)), (type(e).__name__, _first_line(e))
        assert got == want, f"backward: pullback raises {got}, torch {want}"
        return
    p_g = _grads(pullback, p_out, p_leaves, 1)
    if t_g is None:
        return
    for order, (tg, pg) in zip((1, 1, 2), zip(t_g, p_g)):
        if tg is None:
            assert pg is None or all(g is None or not _np(g).any() for g in pg), f"order {order}: torch has none"
            continue
        for i, (leaf, a, b) in enumerate(zip(t_leaves, pg or [None] * n, tg)):
            a = np.zeros(tuple(leaf.shape)) if a is None else _np(a)
            b = np.zeros(tuple(leaf.shape)) if b is None else _np(b)
            assert a.shape == b.shape, f"order-{order} grad of input {i}: shape {a.shape} != torch's {b.shape}"
            np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True,
                                       err_msg=f"order-{order} grad of input {i}")


# Cases where torch's result is not determined (left out), or where pullback knowingly differs in the
# layout of a result (compared but for is_contiguous; docs/differences.md)
UNDETERMINED = {
    ("median", 1, "expand"): "torch's median along a stride-0 dim reads uninitialised memory",
    ("nanmedian", 1, "expand"): "torch's median along a stride-0 dim reads uninitialised memory",
    **{("mode", v, kind): "torch's mode sorts NaN with <, which orders nothing"
       for v in (0, 1) for kind in ("special", "f32")},
    **{("var_mean", 1, kind): "torch's one-pass mean of a row holding inf is NaN, mean()'s is inf"
       for kind in ("special", "f32")},
    ("select", 1, "empty"): "torch names dim 1 of a 1-d tensor when an empty ellipsis precedes the index",
    ("index_add", 1, "empty"): "torch's index_fill of a 1-d empty tensor fails inside its kernel (setStorage)",
    ("inplace_view", 4, "empty"): "torch's index_fill of a 1-d empty tensor fails inside its kernel (setStorage)",
}
LAYOUT_DIFFERS = {("index", 1, "t"), ("index", 1, "step"), ("index", 1, "expand"), ("kron", 0, "t")}
# equal values tie for the k-th place: which one takes the gradient is the kernel's pick
TIED_GRADIENTS = {("kthvalue", 0, "special"), ("topk", 2, "special")}  # (float64 inputs only take gradients)


def _compare_case(name, v, kind):
    compare(name, v, kind, layout=(name, v, kind) not in LAYOUT_DIFFERS, grads=(name, v, kind) not in TIED_GRADIENTS)

CASES = [(name, v, kind) for name, (n, fns) in OPS.items() for v in range(len(fns)) for kind in KINDS
         if (name, v, kind) not in UNDETERMINED]


@pytest.mark.parametrize("kind", KINDS)
def test_ops_on_edge_inputs_as_torch(kind):
    """Every variant of every op of the table on this kind of input: torch's values, dtypes, layout,
    gradients (first and second order) and errors. Every mismatch is reported, one line each."""
    failures = []
    for name, v, k in CASES:
        if k != kind:
            continue
        try:
            _compare_case(name, v, kind)
        except Exception as e:  # noqa: BLE001 - every case is reported
            failures.append(f"{name}[{v}] on {kind}: {type(e).__name__}: " + str(e).replace("\n", " | ")[:400])
    assert not failures, f"{len(failures)} mismatches:\n" + "\n".join(failures)


def test_input_kinds_are_what_they_claim():
    """The kinds cover what the sweep promises: 0-d, empty, size-1, non-contiguous (stepped, expanded
    with stride 0, transposed), NaN/inf, integer and bool inputs."""
    xs = {kind: make_inputs(torch, kind, 1)[1][0] for kind in KINDS}
    assert xs["0d"].dim() == 0 and xs["empty"].shape == (0,) and xs["empty203"].shape == (2, 0, 3)
    assert xs["empty00"].shape == (0, 0) and 1 in xs["ones"].shape
    assert not xs["t"].is_contiguous() and not xs["step"].is_contiguous() and 0 in xs["expand"].stride()
    assert xs["special"].isnan().any() and xs["special"].isinf().any()
    assert xs["int"].dtype == torch.int64 and xs["bool"].dtype == torch.bool
    assert xs["f32"].dtype == torch.float32 and xs["f32"].isnan().any() and xs["u8"].dtype == torch.uint8


if __name__ == "__main__":  # python tests/test_edge_shapes_sweep.py [op ...]: every mismatch, one line each
    import sys
    only = sys.argv[1:]
    bad = 0
    for name, v, kind in CASES:
        if only and name not in only:
            continue
        try:
            _compare_case(name, v, kind)
        except Exception as e:  # noqa: BLE001
            bad += 1
            print(f"{name}[{v}] {kind}: {type(e).__name__}: " + str(e).replace("\n", " | ")[:300])
    print(bad, "of", len(CASES))


EMPTY_VIEWS = ["x.t()", "x.transpose(0, 2)", "x[:, 1:]", "x.unsqueeze(1)", "x.view(2, 0, 3)", "x.expand(4, 2, 0, 3)",
               "x.unfold(2, 2, 1)", "x.narrow(2, 1, 2)", "x.permute(2, 0, 1)", "x.diagonal()", "x.flatten()", "x[:, :, 1]",
               "x.movedim(0, 2)", "x.unbind(2)[0]", "x.split(1, 0)[1]", "x.chunk(3, 2)[1]", "x.squeeze()",
               "x.reshape(3, 0, 2)", "x.as_strided((2, 0), (5, 7))", "x.contiguous()", "x.mT", "x.view(-1, 3)",
               "x.t().t()", "x.transpose(0, 1)[1:].unsqueeze(0)", "x.permute(2, 0, 1)[1]", "x.select(2, 1).t()",
               "x.unflatten(2, (3, 1))", "x.diagonal(0, 0, 2)", "x[None, :, None]", "x[..., ::2]",
               "x.movedim((0, 1), (2, 0))", "x.tensor_split(2, 2)[1]", "x.split_with_sizes([1, 2], 2)[1]"]


@pytest.mark.parametrize("shape", [(2, 0, 3), (0, 4, 3), (1, 0, 3), (0, 0, 3)], ids=str)
def test_views_of_empty_tensors_have_torchs_strides(shape):
    """NumPy gives a new empty array zero strides and its views keep them; torch computes a view's strides
    from its base's (the transpose of a (0, 3) tensor steps (1, 3))."""
    def layouts(m):
        seen = []
        for view in EMPTY_VIEWS:
            x = m.zeros(*shape, requires_grad=True)
            try:
                y = eval(view, {"x": x})
                seen.append((view, tuple(y.shape), y.stride(), y.is_contiguous()))
            except (RuntimeError, IndexError) as e:
                seen.append((view, type(e).__name__))
        return seen
    assert layouts(pullback) == layouts(torch)
