"""Arguments by keyword, against torch: each parameter's own name, and the NumPy-style names torch's
C++ argument parser also takes (axis for dim, keepdims for keepdim, x / a / x1 for input, x2 for
other) where torch takes them, and not where it does not (its Python functions)."""
import inspect
import itertools
import random

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_outcome


def _outcome(fn, m):
    m_ = m.eye(3) + 1
    o = m.ones(3)
    try:
        r = fn(m, m_, o)
    except TypeError as e:
        return "TypeError", None if "unexpected keyword" not in str(e) else "unexpected keyword"
    except Exception as e:  # noqa: BLE001 (the class is the outcome: torch's RuntimeError for a removed function)
        return type(e).__name__, None
    rs = r if isinstance(r, (tuple, list)) else (r,)
    return "ok", [np.asarray(v.tolist() if hasattr(v, "tolist") else v, dtype=float) for v in rs]


def _index(m):
    return m.tensor([0])


CASES = {
    # NumPy-style names, functions
    "sum axis": lambda m, a, o: m.sum(a, axis=0),
    "sum a=": lambda m, a, o: m.sum(a=a),
    "mean axis keepdims": lambda m, a, o: m.mean(a, axis=0, keepdims=True),
    "max axis": lambda m, a, o: m.max(a, axis=0),
    "argmax axis": lambda m, a, o: m.argmax(a, axis=1),
    "softmax axis": lambda m, a, o: m.softmax(a, axis=0),
    "cumsum axis": lambda m, a, o: m.cumsum(a, axis=0),
    "cat axis": lambda m, a, o: m.cat([o, o], axis=0),
    "concatenate axis": lambda m, a, o: m.concatenate([o, o], axis=0),
    "gather axis": lambda m, a, o: m.gather(a, axis=0, index=m.zeros(1, 3, dtype=m.int64)),
    "std axis keepdims": lambda m, a, o: m.std(a, axis=0, keepdims=True),
    "add x1 x2": lambda m, a, o: m.add(x1=o, x2=o),
    "mul input x2": lambda m, a, o: m.mul(o, x2=o),
    "sum dim and axis": lambda m, a, o: m.sum(a, dim=0, axis=1),
    "linalg.vector_norm axis": lambda m, a, o: m.linalg.vector_norm(a, axis=0),
    "special.logsumexp axis": lambda m, a, o: m.special.logsumexp(a, axis=0),
    "F.linear x": lambda m, a, o: m.nn.functional.linear(x=o, weight=a),
    # NumPy-style names, methods
    "T.sum axis": lambda m, a, o: a.sum(axis=0),
    "T.mean axis keepdims": lambda m, a, o: a.mean(axis=1, keepdims=True),
    "T.max axis": lambda m, a, o: a.max(axis=0),
    "T.squeeze axis": lambda m, a, o: o.unsqueeze(0).squeeze(axis=0),
    "T.unsqueeze axis": lambda m, a, o: o.unsqueeze(axis=0),
    "T.add x2": lambda m, a, o: a.add(x2=a),
    "T.size axis": lambda m, a, o: a.size(axis=0),
    "T.index_select axis": lambda m, a, o: a.index_select(axis=0, index=_index(m)),
    # torch's Python functions take no NumPy-style names
    "norm axis": lambda m, a, o: m.norm(a, axis=0),
    "split axis": lambda m, a, o: m.split(a, 1, axis=0),
    "unique axis": lambda m, a, o: m.unique(a, axis=0),
    "T.split axis": lambda m, a, o: a.split(1, axis=0),
    "F.softmax axis": lambda m, a, o: m.nn.functional.softmax(a, axis=0),
    # parameters' own names
    "det input": lambda m, a, o: m.det(input=a),
    "det A": lambda m, a, o: m.det(A=a),
    "linalg.det A": lambda m, a, o: m.linalg.det(A=a),
    "inverse input": lambda m, a, o: m.inverse(input=a),
    "matrix_power input": lambda m, a, o: m.matrix_power(input=a, n=2),
    "linalg.matrix_power input": lambda m, a, o: m.linalg.matrix_power(input=a, n=2),
    "linalg.det A": lambda m, a, o: m.linalg.det(A=a),
    "linalg.inv A": lambda m, a, o: m.linalg.inv(A=a),
    "dot tensor": lambda m, a, o: m.dot(o, tensor=o),
    "dot other": lambda m, a, o: m.dot(o, other=o),
    "T.dot tensor": lambda m, a, o: o.dot(tensor=o),
    "promote_types": lambda m, a, o: [str(m.promote_types(type1=m.float32, type2=m.int64)) == "torch.float32"],
    "swapaxes axis0": lambda m, a, o: m.swapaxes(a, axis0=0, axis1=1),
    "swapaxes dim0": lambda m, a, o: m.swapaxes(a, dim0=0, dim1=1),
    "swapdims dim0": lambda m, a, o: m.swapdims(a, dim0=0, dim1=1),
    "T.swapaxes axis0": lambda m, a, o: a.swapaxes(axis0=0, axis1=1),
    "flip dims": lambda m, a, o: m.flip(o, dims=(0,)),
    "T.flip dims": lambda m, a, o: o.flip(dims=[0]),
    "reshape shape": lambda m, a, o: m.reshape(o, shape=(3, 1)),
    "T.reshape shape": lambda m, a, o: o.reshape(shape=(3, 1)),
    "T.reshape shape twice": lambda m, a, o: o.reshape(3, shape=(3,)),
    "T.reshape size": lambda m, a, o: o.reshape(size=(3,)),
    "permute dims": lambda m, a, o: m.permute(a, dims=(1, 0)),
    "T.permute dims": lambda m, a, o: a.permute(dims=(1, 0)),
    "gather sparse_grad": lambda m, a, o: m.gather(o, 0, _index(m), sparse_grad=False),
    "rand_like generator": lambda m, a, o: [m.rand_like(o, generator=m.Generator()).shape == (3,)],
    "randn_like generator": lambda m, a, o: [m.randn_like(o, generator=m.Generator()).shape == (3,)],
    # torch.linalg: the parser's `input` where the docs say A (but det, inv, solve, svd, qr, lu take A)
    "linalg.cholesky input": lambda m, a, o: m.linalg.cholesky(input=a, upper=True),
    "linalg.cholesky A": lambda m, a, o: m.linalg.cholesky(A=a),
    "linalg.cholesky x": lambda m, a, o: m.linalg.cholesky(x=a),
    "linalg.cholesky_ex input": lambda m, a, o: m.linalg.cholesky_ex(input=a),
    "linalg.cholesky_ex A": lambda m, a, o: m.linalg.cholesky_ex(A=a),
    "linalg.eigh input": lambda m, a, o: m.linalg.eigh(input=a, UPLO="U")[0],
    "linalg.eigh A": lambda m, a, o: m.linalg.eigh(A=a),
    "linalg.eigvalsh input": lambda m, a, o: m.linalg.eigvalsh(input=a),
    "linalg.eigvalsh A": lambda m, a, o: m.linalg.eigvalsh(A=a),
    "linalg.eigvals A": lambda m, a, o: m.linalg.eigvals(A=a),
    "linalg.eig A": lambda m, a, o: m.linalg.eig(A=a),
    "linalg.matrix_exp input": lambda m, a, o: m.linalg.matrix_exp(input=a / 4),
    "linalg.matrix_exp A": lambda m, a, o: m.linalg.matrix_exp(A=a),
    "matrix_exp input": lambda m, a, o: m.matrix_exp(input=a / 4),
    "matrix_exp A": lambda m, a, o: m.matrix_exp(A=a),
    "linalg.solve_triangular input": lambda m, a, o: m.linalg.solve_triangular(input=a.triu(), B=a, upper=True),
    "linalg.solve_triangular A": lambda m, a, o: m.linalg.solve_triangular(A=a.triu(), B=a, upper=True),
    "linalg.tensorsolve input other": lambda m, a, o: m.linalg.tensorsolve(input=a, other=o),
    "linalg.tensorsolve A B": lambda m, a, o: m.linalg.tensorsolve(A=a, B=o),
    "linalg.tensorinv input": lambda m, a, o: m.linalg.tensorinv(input=a, ind=1),
    "linalg.tensorinv A": lambda m, a, o: m.linalg.tensorinv(A=a, ind=1),
    "linalg.lstsq input b": lambda m, a, o: m.linalg.lstsq(input=a, b=a).solution,
    "linalg.lstsq A B": lambda m, a, o: m.linalg.lstsq(A=a, B=a),
    "linalg.householder_product input": lambda m, a, o: m.linalg.householder_product(input=a, tau=o[:2] / 2),
    "linalg.householder_product A": lambda m, a, o: m.linalg.householder_product(A=a, tau=o[:2]),
    "linalg.ldl_factor input": lambda m, a, o: m.linalg.ldl_factor(input=a).LD,
    "linalg.ldl_factor A": lambda m, a, o: m.linalg.ldl_factor(A=a),
    "linalg.ldl_factor_ex input": lambda m, a, o: m.linalg.ldl_factor_ex(input=a).LD,
    "linalg.ldl_factor_ex A": lambda m, a, o: m.linalg.ldl_factor_ex(A=a),
    "linalg.vector_norm input": lambda m, a, o: m.linalg.vector_norm(input=a, ord=1),
    "linalg.vector_norm x": lambda m, a, o: m.linalg.vector_norm(x=a, dim=0),
    "linalg.vector_norm x and input": lambda m, a, o: m.linalg.vector_norm(a, x=a),
    "linalg.matrix_norm input": lambda m, a, o: m.linalg.matrix_norm(input=a, ord=1),
    "linalg.matrix_norm A": lambda m, a, o: m.linalg.matrix_norm(A=a),
    "linalg.norm input": lambda m, a, o: m.linalg.norm(input=a),
    "linalg.norm A": lambda m, a, o: m.linalg.norm(A=a),
    "linalg.cond input": lambda m, a, o: m.linalg.cond(input=a, p=1),
    "linalg.cond A": lambda m, a, o: m.linalg.cond(A=a),
    "linalg.pinv input": lambda m, a, o: m.linalg.pinv(input=a, hermitian=True),
    "linalg.pinv A": lambda m, a, o: m.linalg.pinv(A=a),
    "linalg.matrix_rank input": lambda m, a, o: m.linalg.matrix_rank(input=a, atol=1.5),
    "linalg.matrix_rank A": lambda m, a, o: m.linalg.matrix_rank(A=a),
    "linalg.matrix_rank tol": lambda m, a, o: m.linalg.matrix_rank(a / 2, tol=0.6),
    "linalg.matrix_rank tol positional": lambda m, a, o: m.linalg.matrix_rank(a / 2, 0.6, True),
    "linalg.matrix_rank tol and atol": lambda m, a, o: m.linalg.matrix_rank(a, tol=0.6, atol=0.1),
    "linalg.svd A": lambda m, a, o: m.linalg.svd(A=a).S,
    "linalg.svd input": lambda m, a, o: m.linalg.svd(input=a),
    "linalg.svd driver None": lambda m, a, o: m.linalg.svd(a, driver=None).S,
    "linalg.svd driver": lambda m, a, o: m.linalg.svd(a, driver="gesvd"),
    "linalg.svdvals driver": lambda m, a, o: m.linalg.svdvals(a, driver="gesvdj"),
    # the deprecated torch.* solvers (and their methods): the parser's input, input2, ...
    "cholesky_inverse input": lambda m, a, o: m.cholesky_inverse(input=a.tril()),
    "cholesky_inverse L": lambda m, a, o: m.cholesky_inverse(L=a.tril()),
    "cholesky_solve input input2": lambda m, a, o: m.cholesky_solve(input=a, input2=a.tril()),
    "cholesky_solve B L": lambda m, a, o: m.cholesky_solve(B=a, L=a.tril()),
    "T.cholesky_solve input2": lambda m, a, o: a.cholesky_solve(input2=a.tril(), upper=False),
    "T.cholesky_solve L": lambda m, a, o: a.cholesky_solve(L=a.tril()),
    "T.cholesky_inverse upper": lambda m, a, o: a.triu().cholesky_inverse(upper=True),
    "lu_solve input": lambda m, a, o: m.lu_solve(input=a, LU_data=a.triu() + m.eye(3), LU_pivots=m.tensor(
        [1, 2, 3], dtype=m.int32)),
    "lu_solve b": lambda m, a, o: m.lu_solve(b=a, LU_data=a, LU_pivots=m.tensor([1, 2, 3], dtype=m.int32)),
    "T.lu_solve LU_data": lambda m, a, o: a.lu_solve(LU_data=a.triu() + m.eye(3), LU_pivots=m.tensor(
        [1, 2, 3], dtype=m.int32)),
    "triangular_solve input": lambda m, a, o: m.triangular_solve(input=a, A=a.triu()),
    "triangular_solve b": lambda m, a, o: m.triangular_solve(b=a, A=a.triu()),
    "T.triangular_solve A": lambda m, a, o: a.triangular_solve(A=a.triu(), upper=True),
    "orgqr input input2": lambda m, a, o: m.orgqr(input=a, input2=o[:2] / 2),
    "orgqr tau": lambda m, a, o: m.orgqr(a, tau=o[:2]),
    "T.orgqr input2": lambda m, a, o: a.orgqr(input2=o[:2] / 2),
    "T.orgqr tau": lambda m, a, o: a.orgqr(tau=o[:2]),
    "ormqr input2 input3": lambda m, a, o: m.ormqr(a, input2=o[:2] / 2, input3=a, left=False),
    "ormqr tau other": lambda m, a, o: m.ormqr(a, tau=o[:2], other=a),
    "T.ormqr input2 input3": lambda m, a, o: a.ormqr(input2=o[:2] / 2, input3=a, transpose=True),
    "T.ormqr tau other": lambda m, a, o: a.ormqr(tau=o[:2], other=a),
    # the removed functions' own parameters: the RuntimeError saying so, or a TypeError first
    "eig self": lambda m, a, o: m.eig(self=a),
    "eig input": lambda m, a, o: m.eig(input=a),
    "T.eig eigenvectors": lambda m, a, o: a.eig(eigenvectors=True),
    "T.eig e": lambda m, a, o: a.eig(e=None),
    "T.symeig upper": lambda m, a, o: a.symeig(upper=True),
    "T.solve other": lambda m, a, o: a.solve(other=a),
    "T.solve A": lambda m, a, o: a.solve(A=a),
    "T.lstsq other": lambda m, a, o: a.lstsq(other=a),
    "T.lstsq out": lambda m, a, o: a.lstsq(a, out=None),
    # torch.special: x where the parser says x (and out= throughout)
    "special.airy_ai x": lambda m, a, o: m.special.airy_ai(x=o),
    "special.airy_ai input": lambda m, a, o: m.special.airy_ai(input=o),
    "special.spherical_bessel_j0 x": lambda m, a, o: m.special.spherical_bessel_j0(x=o),
    "special.spherical_bessel_j0 input": lambda m, a, o: m.special.spherical_bessel_j0(input=o),
    "special.scaled_modified_bessel_k0 x": lambda m, a, o: m.special.scaled_modified_bessel_k0(x=o),
    "special.scaled_modified_bessel_k1 input": lambda m, a, o: m.special.scaled_modified_bessel_k1(input=o),
    "special.chebyshev_polynomial_t x n": lambda m, a, o: m.special.chebyshev_polynomial_t(x=o / 2, n=3),
    "special.chebyshev_polynomial_t input": lambda m, a, o: m.special.chebyshev_polynomial_t(input=o, n=3),
    "special.hermite_polynomial_h x": lambda m, a, o: m.special.hermite_polynomial_h(x=2.0, n=o * 2),
    "special.legendre_polynomial_p input": lambda m, a, o: m.special.legendre_polynomial_p(input=o, n=o),
    "special.bessel_j0 input": lambda m, a, o: m.special.bessel_j0(input=o),
    "special.bessel_j0 x": lambda m, a, o: m.special.bessel_j0(x=o),
    "special.i0e a": lambda m, a, o: m.special.i0e(a=o),
    "special.erf out": lambda m, a, o: _out(m, m.special.erf, o),
    "special.ndtri out": lambda m, a, o: _out(m, m.special.ndtri, o / 2),
    "special.airy_ai out": lambda m, a, o: _out(m, m.special.airy_ai, o),
    "special.expit out grad": lambda m, a, o: _out(m, m.special.expit, o.requires_grad_()),
    "special.bessel_y0 out grad": lambda m, a, o: _out(m, m.special.bessel_y0, o.requires_grad_()),
    "special.zeta out": lambda m, a, o: m.special.zeta(o + 1, o, out=m.empty(3)),
    "special.softmax dtype positional": lambda m, a, o: m.special.softmax(a, 0, m.float64),
    "special.softmax out": lambda m, a, o: m.special.softmax(a, 0, out=m.empty(3, 3)),
    "special.log_softmax dtype positional": lambda m, a, o: m.special.log_softmax(a, 0, m.float64),
    # the overloads with a number in place of the input tensor call it self
    "pow self": lambda m, a, o: m.pow(self=2, exponent=o),
    "pow self 0-dim tensor": lambda m, a, o: m.pow(self=m.tensor(2.0), exponent=o),
    "pow self tensor": lambda m, a, o: m.pow(self=o, exponent=o),
    "pow self beside input": lambda m, a, o: m.pow(o, self=2, exponent=o),
    "float_power self": lambda m, a, o: m.float_power(self=2, exponent=o),
    "remainder self": lambda m, a, o: m.remainder(self=5, other=o + 1),
    "bitwise_and self": lambda m, a, o: m.bitwise_and(self=3, other=m.tensor([1, 2])),
    "bitwise_left_shift self": lambda m, a, o: m.bitwise_left_shift(self=3, other=m.tensor([1, 2])),
    "xlogy self": lambda m, a, o: m.xlogy(self=2, other=o * 3),
    "special.xlogy self": lambda m, a, o: m.special.xlogy(self=2.0, other=o * 3),
    "special.xlog1py self": lambda m, a, o: m.special.xlog1py(self=2.0, other=o),
    "special.zeta self": lambda m, a, o: m.special.zeta(self=2.0, other=o),
    "where self": lambda m, a, o: m.where(a > 1, self=2.0, other=a),
    "where self tensor": lambda m, a, o: m.where(a > 1, self=a, other=a),
    "searchsorted self": lambda m, a, o: m.searchsorted(m.arange(3.0), self=1.5),
    "bucketize self": lambda m, a, o: m.bucketize(self=1.5, boundaries=m.arange(3.0)),
    # torch.* forms of the nn functions: ATen's parameters, not torch.nn.functional's
    "dropout train": lambda m, a, o: m.dropout(a, p=0.0, train=True),
    "dropout training": lambda m, a, o: m.dropout(a, 0.0, training=True),
    "dropout no train": lambda m, a, o: m.dropout(a, 0.5),
    "dropout inplace": lambda m, a, o: m.dropout(a, 0.0, True, inplace=False),
    "dropout bad p": lambda m, a, o: m.dropout(a, 1.5, True),
    "F.dropout training": lambda m, a, o: m.nn.functional.dropout(a, 0.0, training=True, inplace=False),
    "alpha_dropout train": lambda m, a, o: m.alpha_dropout(a, 0.5, train=False),
    "alpha_dropout training": lambda m, a, o: m.alpha_dropout(a, 0.5, training=False),
    "feature_alpha_dropout train": lambda m, a, o: m.feature_alpha_dropout(a, 0.5, train=False),
    "feature_alpha_dropout inplace": lambda m, a, o: m.feature_alpha_dropout(a, 0.5, False, inplace=False),
    "celu alpha": lambda m, a, o: m.celu(a - 2, alpha=2.0),
    "celu inplace": lambda m, a, o: m.celu(a, inplace=False),
    "celu_ alpha": lambda m, a, o: m.celu_(a - 2, alpha=2.0),
    "celu_ inplace": lambda m, a, o: m.celu_(a - 2, inplace=True),
    "selu inplace": lambda m, a, o: m.selu(a, inplace=False),
    "threshold out": lambda m, a, o: _out(m, lambda x, out: m.threshold(x, 1.0, 0.0, out=out), o * 2),
    "threshold inplace": lambda m, a, o: m.threshold(a, 1.0, 0.0, inplace=False),
    "rrelu generator": lambda m, a, o: m.rrelu(a - 2, generator=None),
    "rrelu inplace": lambda m, a, o: m.rrelu(a - 2, inplace=False),
    "rrelu_ generator": lambda m, a, o: m.rrelu_(a - 2, training=False, generator=m.Generator()),
    "F.rrelu_ inplace": lambda m, a, o: m.nn.functional.rrelu_(a - 2, inplace=True),
    "F.elu_ scale": lambda m, a, o: m.nn.functional.elu_(a - 2, alpha=1.0, scale=2.0, input_scale=0.5),
    "F.leaky_relu_ inplace": lambda m, a, o: m.nn.functional.leaky_relu_(a - 2, inplace=True),
    "F.hardtanh_ min_val": lambda m, a, o: m.nn.functional.hardtanh_(a - 2, min_val=-0.5),
    "max_pool1d ceil_mode": lambda m, a, o: m.max_pool1d(a[None], 2, ceil_mode=True),
    "max_pool1d return_indices": lambda m, a, o: m.max_pool1d(a[None], 2, return_indices=False),
    "max_pool2d return_indices": lambda m, a, o: m.max_pool2d(a[None], 2, return_indices=False),
    "softmax dim dtype": lambda m, a, o: m.softmax(a, dim=0, dtype=m.float64),
    "softmax dtype positional": lambda m, a, o: m.softmax(a, 0, m.float64),
    "softmax no dim": lambda m, a, o: m.softmax(a),
    "softmax _stacklevel": lambda m, a, o: m.softmax(a, 0, _stacklevel=3),
    "softmax out": lambda m, a, o: m.softmax(a, 0, out=m.empty(3, 3)),
    "softmax out of another dtype": lambda m, a, o: m.softmax(a, 0, out=m.empty(3, 3, dtype=m.float64)),
    "log_softmax _stacklevel": lambda m, a, o: m.log_softmax(a, 1, _stacklevel=3),
    "T.softmax dim": lambda m, a, o: a.softmax(dim=1),
    "T.softmax no dim": lambda m, a, o: a.softmax(),
    "T.log_softmax dtype positional": lambda m, a, o: a.log_softmax(0, m.float64),
    "T.log_softmax _stacklevel": lambda m, a, o: a.log_softmax(0, _stacklevel=3),
    "F.softmax _stacklevel": lambda m, a, o: m.nn.functional.softmax(a, 0, _stacklevel=3),
    "layer_norm cudnn_enable": lambda m, a, o: m.layer_norm(a, [3], eps=1e-3, cudnn_enable=False),
    "F.layer_norm cudnn_enable": lambda m, a, o: m.nn.functional.layer_norm(a, [3], cudnn_enable=False),
    "group_norm cudnn_enabled": lambda m, a, o: m.group_norm(a[None], 3, cudnn_enabled=False),
    "embedding_renorm_ input": lambda m, a, o: m.embedding_renorm_(input=a, indices=_index(m), max_norm=1.0,
                                                                   norm_type=2.0),
    "embedding_renorm_ weight": lambda m, a, o: m.embedding_renorm_(weight=a, indices=_index(m), max_norm=1.0,
                                                                    norm_type=2.0),
    # the split family: torch's overloads name the points indices (a list), sections (an int) or
    # tensor_indices_or_sections (a tensor); Tensor.split's (a Python method) is split_size
    "tensor_split sections": lambda m, a, o: m.tensor_split(a, sections=2, dim=1),
    "tensor_split indices": lambda m, a, o: m.tensor_split(a, indices=[1], dim=1),
    "tensor_split tensor_indices_or_sections": lambda m, a, o: m.tensor_split(a, tensor_indices_or_sections=m.tensor(
        [1, 2])),
    "tensor_split indices_or_sections": lambda m, a, o: m.tensor_split(a, indices_or_sections=2),
    "tensor_split sections list": lambda m, a, o: m.tensor_split(a, sections=[1]),
    "tensor_split indices int": lambda m, a, o: m.tensor_split(a, indices=1),
    "tensor_split two": lambda m, a, o: m.tensor_split(a, 2, sections=2),
    "tensor_split dim twice": lambda m, a, o: m.tensor_split(a, 2, 1, dim=1),
    "tensor_split positional": lambda m, a, o: m.tensor_split(a, 2, 1),
    "tensor_split axis": lambda m, a, o: m.tensor_split(a, [1], axis=1),
    "tensor_split float tensor": lambda m, a, o: m.tensor_split(a, m.tensor([1.0])),
    "T.tensor_split sections": lambda m, a, o: a.tensor_split(sections=3),
    "T.tensor_split indices_or_sections": lambda m, a, o: a.tensor_split(indices_or_sections=3),
    "hsplit sections": lambda m, a, o: m.hsplit(a, sections=3),
    "hsplit indices": lambda m, a, o: m.hsplit(a, indices=[1]),
    "hsplit indices_or_sections": lambda m, a, o: m.hsplit(a, indices_or_sections=3),
    "hsplit tensor": lambda m, a, o: m.hsplit(a, m.tensor([1])),
    "vsplit indices": lambda m, a, o: m.vsplit(a, indices=[2]),
    "T.vsplit sections": lambda m, a, o: a.vsplit(sections=3),
    "dsplit sections": lambda m, a, o: m.dsplit(a[None], sections=1),
    "T.dsplit indices_or_sections": lambda m, a, o: a[None].dsplit(indices_or_sections=1),
    "T.split split_size": lambda m, a, o: a.split(split_size=2),
    "T.split split_size_or_sections": lambda m, a, o: a.split(split_size_or_sections=2),
    "split split_size_or_sections": lambda m, a, o: m.split(a, split_size_or_sections=[1, 2]),
    # Python functions: their own parameters (none for atleast_*d's tensors), positional-only ones
    "atleast_1d input": lambda m, a, o: m.atleast_1d(input=o),
    "atleast_2d tensors": lambda m, a, o: m.atleast_2d(o, a),
    "atleast_3d sequence": lambda m, a, o: m.atleast_3d([o, a]),
    "atleast_1d none": lambda m, a, o: [len(m.atleast_1d()) == 0],
    "atleast_1d number": lambda m, a, o: m.atleast_1d(1.0),
    "is_tensor obj": lambda m, a, o: [m.is_tensor(obj=o)],
    "set_default_dtype d": lambda m, a, o: m.set_default_dtype(d=m.float32),
    "argwhere as_tuple": lambda m, a, o: m.argwhere(a, as_tuple=False),
    "argwhere x": lambda m, a, o: m.argwhere(x=a - 1),
    "std_mean out": lambda m, a, o: m.std_mean(a, out=None),
    "var_mean out": lambda m, a, o: m.var_mean(a, 0, out=None),
    "unflatten axis": lambda m, a, o: m.unflatten(x=o, axis=0, sizes=(1, 3)),
    "T.unflatten axis": lambda m, a, o: o.unflatten(axis=0, sizes=(1, 3)),
    "F.native_channel_shuffle x": lambda m, a, o: m.nn.functional.native_channel_shuffle(x=a[None], groups=3),
    # result_type's overloads: (tensor, other), (scalar, tensor), (scalar1, scalar2)
    "result_type tensor other": lambda m, a, o: [str(m.result_type(tensor=a, other=2.5)) == "torch.float32"],
    "result_type scalar tensor": lambda m, a, o: [str(m.result_type(scalar=2.5, tensor=a.long())) == "torch.float32"],
    "result_type scalar1 scalar2": lambda m, a, o: [str(m.result_type(scalar1=2, scalar2=True)) == "torch.int64"],
    "result_type positional": lambda m, a, o: [str(m.result_type(2, a.long())) == "torch.int64"],
    "result_type tensor1": lambda m, a, o: m.result_type(tensor1=a, tensor2=a),
    "result_type tensor number": lambda m, a, o: m.result_type(tensor=2, other=a),
    # methods: torch's names, and never out=
    "T.copy_ other": lambda m, a, o: o.clone().copy_(other=o * 2),
    "T.copy_ src": lambda m, a, o: o.clone().copy_(src=o),
    "T.map_ other": lambda m, a, o: o.clone().map_(other=o, callable=lambda x, y: x + y),
    "T.map_ tensor": lambda m, a, o: o.clone().map_(tensor=o, callable=lambda x, y: x + y),
    "T.uniform_ from to": lambda m, a, o: [bool((o.clone().uniform_(**{"from": 2, "to": 3}) >= 2).all())],
    "T.uniform_ from_": lambda m, a, o: o.clone().uniform_(from_=2),
    "T.histc out": lambda m, a, o: o.histc(out=m.empty(100)),
    "T.quantile out": lambda m, a, o: o.quantile(0.5, out=m.empty(())),
    "T.inner out": lambda m, a, o: o.inner(o, out=m.empty(())),
    "inner out": lambda m, a, o: m.inner(o, o, out=m.empty(())),
    # the factories' size= (a sequence), beside the sizes given positionally
    "ones size": lambda m, a, o: m.ones(size=(2, 3)),
    "zeros size list": lambda m, a, o: m.zeros(size=[2]),
    "rand size": lambda m, a, o: [m.rand(size=(2,), generator=m.Generator()).shape == (2,)],
    "randn size": lambda m, a, o: [m.randn(size=(2, 1)).shape == (2, 1)],
    "empty size": lambda m, a, o: [m.empty(size=(2,)).shape == (2,)],
    "ones size twice": lambda m, a, o: m.ones(2, size=(3,)),
    "ones size int": lambda m, a, o: m.ones(size=2),
    "ones no size": lambda m, a, o: m.ones(),
    "empty memory_format": lambda m, a, o: [m.empty(1, 2, 3, 4, memory_format=m.channels_last).stride()],
    "empty preserve_format": lambda m, a, o: m.empty(2, memory_format=m.preserve_format),
    # out= where torch takes one: the result in it, the same refusals (another dtype, inputs needing grad)
    "arctan2 out grad": lambda m, a, o: _out(m, lambda x, out: m.arctan2(x, x, out=out), o.requires_grad_()),
    "arctan2 out": lambda m, a, o: _out(m, lambda x, out: m.arctan2(x, x, out=out), o),
    "index_add out": lambda m, a, o: _out(m, lambda x, out: m.index_add(x, 0, _index(m), x[:1], out=out), o),
    "index_add out float64": lambda m, a, o: m.index_add(o, 0, _index(m), o[:1], out=m.empty(3, dtype=m.float64)),
    "index_copy out": lambda m, a, o: _out(m, lambda x, out: m.index_copy(x, 0, _index(m), x[:1] * 2, out=out), o),
    "scatter_add out": lambda m, a, o: _out(m, lambda x, out: m.scatter_add(x, 0, _index(m), x, out=out), o),
    "scatter_reduce out": lambda m, a, o: _out(m, lambda x, out: m.scatter_reduce(x, 0, _index(m), x, "amax",
                                                                                  out=out), o),
    "take out": lambda m, a, o: m.take(a, _index(m), out=m.empty(1)),
    "take out float64": lambda m, a, o: m.take(a, _index(m), out=m.empty(1, dtype=m.float64)),
    "svd out": lambda m, a, o: list(m.svd(a, out=(m.empty(0), m.empty(0), m.empty(0))))[1:2],
    "svd out grad": lambda m, a, o: m.svd(a.requires_grad_(), out=(m.empty(0), m.empty(0), m.empty(0))),
    "slogdet out": lambda m, a, o: list(m.slogdet(a, out=(m.empty(0), m.empty(0)))),
    "slogdet out float64": lambda m, a, o: m.slogdet(a, out=(m.empty(0, dtype=m.float64), m.empty(0))),
    "tensordot out": lambda m, a, o: m.tensordot(a, a, 1, out=m.empty(0)),
    "tensordot out grad": lambda m, a, o: [m.tensordot(a.requires_grad_(), a, 1, out=m.empty(0)).requires_grad],
    "tensordot out float64": lambda m, a, o: m.tensordot(a, a, 1, out=m.empty(0, dtype=m.float64)),
    "orgqr out": lambda m, a, o: m.orgqr(a, o[:2] / 2, out=m.empty(0)),
    "native_batch_norm out": lambda m, a, o: list(m.native_batch_norm(a, None, None, None, None, True, 0.1, 1e-5,
                                                                      out=(m.empty(0), m.empty(0), m.empty(0)))),
    "native_batch_norm out float64": lambda m, a, o: m.native_batch_norm(
        a, None, None, None, None, True, 0.1, 1e-5, out=(m.empty(0, dtype=m.float64), m.empty(0), m.empty(0))),
    # the in-place methods name their operands as torch's (other; mask and value)
    "T.mul_ other": lambda m, a, o: o.clone().mul_(other=o * 2),
    "T.atan2_ other": lambda m, a, o: o.clone().atan2_(other=o),
    "T.hypot_ other": lambda m, a, o: o.clone().hypot_(other=o),
    "T.bitwise_and_ other": lambda m, a, o: m.tensor([3]).bitwise_and_(other=m.tensor([1])),
    "T.logical_xor_ other": lambda m, a, o: o.clone().logical_xor_(other=o),
    "T.true_divide_ other": lambda m, a, o: o.clone().true_divide_(other=o * 2),
    "T.masked_fill_ mask value": lambda m, a, o: a.clone().masked_fill_(mask=a > 1, value=0.0),
    "T.sin_ operand": lambda m, a, o: o.clone().sin_(o),
    # out_dtype: the products' CUDA-only overloads, which torch's CPU build refuses (the methods have none)
    "mm out_dtype": lambda m, a, o: m.mm(a, a, out_dtype=m.float32),
    "mm out_dtype positional": lambda m, a, o: m.mm(a, a, m.float32),
    "bmm out_dtype": lambda m, a, o: m.bmm(a[None], a[None], out_dtype=m.float32),
    "addmm out_dtype": lambda m, a, o: m.addmm(a, a, a, out_dtype=m.float32),
    "baddbmm out_dtype": lambda m, a, o: m.baddbmm(a[None], a[None], a[None], out_dtype=m.float32),
    "addmm beta": lambda m, a, o: m.addmm(a, a, a, beta=2, alpha=0.5),
    "T.mm out_dtype": lambda m, a, o: a.mm(a, out_dtype=m.float32),
    "T.addmm beta": lambda m, a, o: a.addmm(a, a, beta=2),
    "T.baddbmm out_dtype": lambda m, a, o: a[None].baddbmm(a[None], a[None], out_dtype=m.float32),
    # sizes by name: a sequence (an int only positionally)
    "T.view size": lambda m, a, o: a.view(size=(9,)),
    "T.view dtype": lambda m, a, o: a.view(dtype=m.int32),
    "T.view shape": lambda m, a, o: a.view(shape=(9,)),
    "T.view size int": lambda m, a, o: o.view(size=3),
    "T.expand size implicit": lambda m, a, o: o.expand(size=(2, 3), implicit=True),
    "T.expand sizes": lambda m, a, o: o.expand(sizes=(2, 3)),
    "T.sum_to_size size": lambda m, a, o: a.sum_to_size(size=(1, 3)),
    "T.repeat repeats": lambda m, a, o: o.repeat(repeats=(2, 1)),
    "T.repeat repeats int": lambda m, a, o: o.repeat(repeats=2),
    "T.reshape shape int": lambda m, a, o: o.reshape(shape=3),
    "T.flip dims int": lambda m, a, o: o.flip(dims=0),
    # the new_* factories: size=, torch's keyword-only options
    "T.new_zeros size": lambda m, a, o: o.new_zeros(size=(2,), dtype=m.float64, device="cpu", layout=m.strided,
                                                   pin_memory=False),
    "T.new_ones sizes": lambda m, a, o: o.new_ones(2, 3),
    "T.new_empty no size": lambda m, a, o: o.new_empty(),
    "T.new_zeros dtype positional": lambda m, a, o: o.new_zeros((2,), m.int64),
    "T.new_full dtype positional": lambda m, a, o: o.new_full((2,), 1.0, m.int64),
    "T.new_full device": lambda m, a, o: o.new_full(size=(2,), fill_value=3, device="cpu"),
    "T.new_tensor device": lambda m, a, o: o.new_tensor([1.0], device="cpu"),
    "T.new_tensor dtype positional": lambda m, a, o: o.new_tensor([1], m.int64),
    "T.new_empty_strided layout": lambda m, a, o: [o.new_empty_strided((2,), (1,), layout=m.strided).shape == (2,)],
    # to(tensor=), cpu(memory_format=), type(non_blocking=, memory_format=)
    "T.to tensor": lambda m, a, o: [str(o.to(tensor=m.ones(1, dtype=m.int64)).dtype) == "torch.int64"],
    "T.to tensor and dtype": lambda m, a, o: o.to(tensor=o, dtype=m.int64),
    "T.cpu memory_format": lambda m, a, o: [m.ones(1, 2, 3, 4).cpu(memory_format=m.channels_last).stride()],
    "T.type memory_format": lambda m, a, o: [m.ones(1, 2, 3, 4).type(m.float32, memory_format=m.channels_last)
                                            .stride()],
    "T.type non_blocking": lambda m, a, o: o.type(m.float64, non_blocking=True),
    # scatter's reduce= (add or multiply; torch records a node without a derivative)
    "scatter reduce add": lambda m, a, o: m.scatter(a, 0, _index(m)[None].expand(1, 3), a * 2, reduce="add"),
    "scatter value reduce multiply": lambda m, a, o: m.scatter(a, 0, _index(m)[None].expand(1, 3), 3.0,
                                                               reduce="multiply"),
    "scatter reduce mean": lambda m, a, o: m.scatter(a, 0, _index(m)[None].expand(1, 3), a, reduce="mean"),
    "T.scatter_ reduce": lambda m, a, o: a.clone().scatter_(0, _index(m)[None].expand(1, 3), 2.0, reduce="add"),
    "scatter reduce grad": lambda m, a, o: m.scatter(a.requires_grad_(), 0, _index(m)[None].expand(1, 3), 2.0,
                                                     reduce="add").sum().backward(),
    # isin's number forms: element= and test_element=
    "isin element": lambda m, a, o: m.isin(element=1.0, test_elements=o),
    "isin test_element": lambda m, a, o: m.isin(a, test_element=1.0),
    "isin elements tensors": lambda m, a, o: m.isin(elements=a, test_elements=o),
    "isin two numbers": lambda m, a, o: m.isin(element=1, test_element=2),
    "isin element and elements": lambda m, a, o: m.isin(a, o, test_element=1),
    # view_copy's dtype=, set_autocast_enabled's names, save's _disable_byteorder_record
    "view_copy dtype": lambda m, a, o: m.view_copy(o, dtype=m.int32),
    "view_copy size": lambda m, a, o: m.view_copy(a, size=(9,)),
    "view_copy size and dtype": lambda m, a, o: m.view_copy(a, (9,), dtype=m.int32),
    "set_autocast_enabled names": lambda m, a, o: [m.set_autocast_enabled(device_type="cuda", enabled=False)],
    "set_autocast_enabled no enabled": lambda m, a, o: m.set_autocast_enabled(device_type="cuda"),
    "save _disable_byteorder_record": lambda m, a, o: [m.save(o, __import__("io").BytesIO(),
                                                              _disable_byteorder_record=True)],
    # positional-only where torch's take one argument (METH_O) or say so
    "from_numpy ndarray": lambda m, a, o: m.from_numpy(ndarray=np.ones(2)),
    "set_num_threads num_threads": lambda m, a, o: m.set_num_threads(num_threads=m.get_num_threads()),
    "set_num_interop_threads num_threads": lambda m, a, o: m.set_num_interop_threads(num_threads=1),
    "set_autocast_cache_enabled enabled": lambda m, a, o: m.set_autocast_cache_enabled(enabled=True),
    # torch.nn.functional's C++ functions: their parser's names and out=
    "F.one_hot input": lambda m, a, o: m.nn.functional.one_hot(input=_index(m), num_classes=2),
    "F.one_hot x": lambda m, a, o: m.nn.functional.one_hot(x=_index(m), num_classes=2),
    "F.one_hot tensor": lambda m, a, o: m.nn.functional.one_hot(tensor=_index(m)),
    "F.gelu out": lambda m, a, o: _out(m, lambda x, out: m.nn.functional.gelu(x, out=out), o),
    "F.gelu out float64": lambda m, a, o: m.nn.functional.gelu(o, out=m.empty(0, dtype=m.float64)),
    "F.gelu out grad": lambda m, a, o: _out(m, lambda x, out: m.nn.functional.gelu(x, out=out), o.requires_grad_()),
    "F.linear out": lambda m, a, o: m.nn.functional.linear(a, a, out=m.empty(0)),
    "F.linear out float64": lambda m, a, o: m.nn.functional.linear(a, a, out=m.empty(0, dtype=m.float64)),
    "F.softplus out": lambda m, a, o: _out(m, lambda x, out: m.nn.functional.softplus(x, beta=2, out=out), o),
    "F.logsigmoid out float64": lambda m, a, o: m.nn.functional.logsigmoid(o, out=m.empty(0, dtype=m.float64)),
    "F.avg_pool2d out": lambda m, a, o: m.nn.functional.avg_pool2d(a[None], 2, out=m.empty(0)),
    "hardshrink out float64": lambda m, a, o: m.hardshrink(o, out=m.empty(0, dtype=m.float64)),
    # the in-place view methods: their parameters and NumPy-style names, as torch's parser
    "T.swapaxes_ axis0": lambda m, a, o: a.clone().swapaxes_(axis0=0, axis1=1),
    "T.swapaxes_ dim0": lambda m, a, o: a.clone().swapaxes_(dim0=0, dim1=1),
    "T.squeeze_ axis": lambda m, a, o: o[None].clone().squeeze_(axis=0),
    "T.unsqueeze_ axis": lambda m, a, o: o.clone().unsqueeze_(axis=0),
    "T.div_ x2": lambda m, a, o: o.clone().div_(x2=o * 2),
}


def _out(m, fn, x):
    out = m.empty(3)
    return [fn(x, out=out) is out, out.detach()]


@pytest.mark.parametrize("name", CASES)
def test_keyword_names_as_torch(name):
    ours, theirs = _outcome(CASES[name], pullback), _outcome(CASES[name], torch)
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "ok":
        assert len(ours[1]) == len(theirs[1])
        for a, b in zip(ours[1], theirs[1]):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)
    else:
        assert ours[1] == theirs[1] or theirs[1] is None


def test_the_names_cost_nothing_when_unused():
    # the alias layer is a thin wrapper: the function under it is the op itself
    import inspect
    assert inspect.signature(pullback.Tensor.sum) == inspect.signature(inspect.unwrap(pullback.Tensor.sum))
    assert pullback.sum(pullback.ones(2, 2), 0).tolist() == [2.0, 2.0]


def test_every_name_is_torch_parsers():
    # tools/keyword_names.py over every function and method both have: only torch's deprecated
    # async= (a Python keyword) is left, as docs/differences.md says
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(__file__), os.pardir, "tools", "keyword_names.py")
    spec = importlib.util.spec_from_file_location("keyword_names", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    rows = tool.mismatches(extra=True)
    assert {(name, tuple(ours), tuple(theirs)) for name, ours, theirs in rows} == {
        (f"Tensor.{name}", (), ("async",)) for name in ("copy_", "cuda", "type")}, rows


def test_an_invalid_combination_lists_keywords_in_torch_unordered_map_order():
    """torch reads the keywords into a std::unordered_map and names them in its order (hash buckets,
    rehashes past 13 keys): every order and count of keywords, up to 28 of them, against torch's message."""
    rng = random.Random(0)
    conv = ["input", "weight", "bias", "stride", "padding", "dilation", "groups"]
    names = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa", "lambd", "mu", "nu",
             "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "out", "dim"]
    calls = [(lambda m, ks: m.conv2d(**{k: m.ones(1, 1, 3, 3) if k in ("input", "weight") else [None] for k in ks}),
              list(order)) for n in (1, 3, 7) for order in itertools.islice(itertools.permutations(conv, n), 40)]
    calls += [(lambda m, ks: m.clamp(m.ones(1), **{k: "x" for k in ks}), rng.sample(names, rng.randint(10, 26)))
              for _ in range(40)]
    for call, keys in calls:
        assert_same_outcome(lambda m: call(m, keys))


def _python_tensor_methods():
    """torch's Tensor methods written in Python that pullback also has (but the reflected operators, whose
    TypeError torch turns into NotImplemented, and __dir__, which pullback leaves to object)."""
    names = [n for n, v in vars(torch.Tensor).items() if inspect.isfunction(v)]
    return sorted(n for n in names if hasattr(pullback.Tensor, n) and n != "__dir__"
                  and (not n.startswith("__") or n.startswith("__dlpack")))


@pytest.mark.parametrize("name", _python_tensor_methods())
def test_python_level_methods_are_named_as_torchs_in_argument_errors(name):
    assert_same_outcome(lambda m: getattr(m.zeros(4), name)(zzz_unknown=1))
