"""gradcheck / gradgradcheck: compare backward's Jacobian with central finite differences.

As torch does, the numerical Jacobian is taken in the inputs' own dtype (use float64: the
check warns otherwise), laid out (input elements) x (output elements), and compared
elementwise with |analytical - numerical| <= atol + rtol * |numerical|.
"""
import warnings

import numpy as np

from . import grad as _grad
from .grad_mode import no_grad

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """Raised by gradcheck and gradgradcheck when the gradients disagree."""


def _tensor_type():
    from .._tensor import Tensor
    return Tensor


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _differentiable_outputs(out):
    return tuple(o for o in _as_tuple(out) if o.requires_grad)


def _wrap(array):
    return _tensor_type()._wrap(array)


def _numerical_jacobians(func, inputs, diff_idx, eps):
    """[output][input] -> ndarray (input numel, output numel), by central differences."""
    base = [x._data.copy() if isinstance(x, _tensor_type()) else x for x in inputs]

    def evaluate():
        args = [_wrap(a.copy()) if isinstance(x, _tensor_type()) else a for a, x in zip(base, inputs)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return [o._data.astype(o._data.dtype, copy=True) for o in _as_tuple(func(*args))
                    if isinstance(o, _tensor_type())]

    n_out = None
    result = None
    for k, i in enumerate(diff_idx):
        flat = base[i].reshape(-1)
        columns = []
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            plus = evaluate()
            flat[j] = orig - eps
            minus = evaluate()
            flat[j] = orig
            columns.append([((p - m) / (2 * eps)).reshape(-1) for p, m in zip(plus, minus)])
        if result is None:
            n_out = len(evaluate()) if not columns else len(columns[0])
            result = [[None] * len(diff_idx) for _ in range(n_out)]
        for o in range(n_out):
            size = columns[0][o].size if columns else 0
            result[o][k] = np.array([c[o] for c in columns]).reshape(flat.size, size)
    return result


def _analytical_jacobians(outputs, inputs, diff_idx):
    """[output][input] -> ndarray (input numel, output numel), one backward per output element."""
    diff_inputs = [inputs[i] for i in diff_idx]
    result = []
    for out in outputs:
        jac = [np.zeros((x._data.size, out._data.size), x._data.dtype) for x in diff_inputs]
        for j in range(out._data.size):
            onehot = np.zeros(out._data.size, out._data.dtype)
            onehot[j] = 1
            grads = _grad(out, diff_inputs, _wrap(onehot.reshape(out._data.shape)), retain_graph=True,
                          allow_unused=True)
            for k, g in enumerate(grads):
                if g is not None:
                    jac[k][:, j] = g._data.reshape(-1)
        result.append(jac)
    return result


def _forward_jacobians(func, inputs, diff_idx, n_outputs):
    """[output][input] -> ndarray (input numel, output numel), one forward-mode pass per input element."""
    from . import forward_ad
    result = [[] for _ in range(n_outputs)]
    for i in diff_idx:
        x = inputs[i]
        columns = []
        for j in range(x._data.size):
            basis = np.zeros(x._data.size, x._data.dtype)
            basis[j] = 1
            with forward_ad.dual_level():
                args = list(inputs)
                args[i] = forward_ad.make_dual(x.detach(), _wrap(basis.reshape(x._data.shape)))
                outs = [o for o in _as_tuple(func(*args)) if isinstance(o, _tensor_type()) and o.requires_grad
                        or forward_ad.tangent_of(o) is not None]
                columns.append([np.zeros(o._data.size, o._data.dtype) if forward_ad.tangent_of(o) is None
                                else forward_ad.tangent_of(o)._data.reshape(-1).copy() for o in outs])
        for o in range(n_outputs):
            size = columns[0][o].size if columns else 0
            result[o].append(np.array([c[o] for c in columns]).reshape(x._data.size, size))
    return result


def _mismatch_message(o, i, numerical, analytical, atol, rtol, mode=""):
    with no_grad():
        num_t, ana_t = _wrap(numerical), _wrap(analytical)
    bad = np.argwhere(~_close(analytical, numerical, atol, rtol))
    r, c = bad[0]
    return (f"Jacobian {mode}mismatch for output {o} with respect to input {i},\nnumerical:{num_t!r}\n"
            f"analytical:{ana_t!r}\n"
            f"First disagreement: input {i} element {r} (flat) vs output {o} element {c} (flat): "
            f"numerical {float(numerical[r, c])!r}, analytical {float(analytical[r, c])!r}.\n")


def _close(a, n, atol, rtol):
    return np.abs(a - n) <= atol + rtol * np.abs(n)


def _fail(message, raise_exception):
    if raise_exception:
        raise GradcheckError(message)
    return False


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, nondet_tol=0.0,
              check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
              check_batched_forward_grad=False, check_forward_ad=False, check_backward_ad=True, fast_mode=False,
              masked=None):
    """True if backward's Jacobian of `func` at `inputs` matches finite differences; otherwise
    raises GradcheckError naming the output, input and element that disagree (or returns
    False with raise_exception=False)."""
    inputs = _as_tuple(inputs)
    Tensor = _tensor_type()
    diff_idx = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not diff_idx:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, but none of them "
                         "have requires_grad=True.")
    for i in diff_idx:
        if inputs[i]._data.dtype != np.float64:
            warnings.warn(f"Input #{i} requires gradient and is not a double precision floating point or complex. "
                          "This check will likely fail if all the inputs are not of double precision floating "
                          "point or complex. ")
    func_out = _as_tuple(func(*inputs))
    numerical = _numerical_jacobians(func, inputs, diff_idx, eps)
    outputs = _differentiable_outputs(func_out)
    if not outputs:  # as torch: only then must the outputs not move (others are simply not checked)
        if any(n.any() for per_input in numerical for n in per_input):
            return _fail("Numerical gradient for function expected to be zero", raise_exception)
        return True
    numerical = [n for n, out in zip(numerical, func_out) if isinstance(out, Tensor) and out.requires_grad]
    checks = []
    if check_backward_ad:
        analytical = _analytical_jacobians(outputs, inputs, diff_idx)
        again = _analytical_jacobians(outputs, inputs, diff_idx)
        if any(np.abs(a - b).max(initial=0) > nondet_tol for x, y in zip(analytical, again) for a, b in zip(x, y)):
            return _fail(_NONDET_MESSAGE.format(nondet_tol=nondet_tol), raise_exception)
        checks.append(("", analytical))
    if check_forward_ad:
        checks.append(("computed with forward mode ", _forward_jacobians(func, inputs, diff_idx, len(outputs))))
    for mode, analytical in checks:
        for o, (nums, anas) in enumerate(zip(numerical, analytical)):
            for k, (n, a) in enumerate(zip(nums, anas)):
                if n.shape != a.shape or not _close(a, n, atol, rtol).all():
                    return _fail(_mismatch_message(o, diff_idx[k], n, a, atol, rtol, mode), raise_exception)
    if check_backward_ad and outputs and not _zero_in_zero_out(outputs, [inputs[i] for i in diff_idx]):
        return _fail("backward not multiplied by grad_output", raise_exception)
    return True


_NONDET_MESSAGE = (
    "Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives "
    "different values, although analytical gradient matches numerical gradient.The tolerance for nondeterminism "
    "was {nondet_tol}.\n\nNOTE: If your op relies on non-deterministic operations, this failure might be expected: "
    "call gradcheck/gradgradcheck with `nondet_tol=<tol>` as a keyword argument.\n")


def _zero_in_zero_out(outputs, diff_inputs):
    """A zero grad_output must give zero gradients: backward multiplies by it."""
    zeros = [_wrap(np.zeros_like(o._data)) for o in outputs]
    grads = _grad(outputs, diff_inputs, zeros, retain_graph=True, allow_unused=True)
    return all(g is None or not g._data.any() for g in grads)


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False, check_batched_grad=False,
                  check_fwd_over_rev=False, check_rev_over_rev=True, fast_mode=False, masked=False):
    """gradcheck of the function (inputs, grad_outputs) -> the first-order gradients: checks
    second derivatives (random grad_outputs in [-1, 1) unless given)."""
    inputs = _as_tuple(inputs)
    Tensor = _tensor_type()
    if grad_outputs is None:
        outputs = _differentiable_outputs(func(*inputs))
        rng = np.random.default_rng()
        grad_outputs = tuple(_wrap(rng.uniform(-1, 1, o._data.shape).astype(o._data.dtype)).requires_grad_()
                             for o in outputs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    diff_inputs = {i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad}
    diff_grads = {i for i, g in enumerate(grad_outputs) if g.requires_grad}

    def first_order(*args):
        ins = tuple(x.requires_grad_() if i in diff_inputs else x for i, x in enumerate(args[:-n_out]))
        outs = _differentiable_outputs(func(*ins))
        gos = tuple(g.requires_grad_() if i in diff_grads else g for i, g in enumerate(args[-n_out:]))
        grads = _grad(outs, [x for i, x in enumerate(ins) if i in diff_inputs], gos, create_graph=True,
                      allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(first_order, inputs + grad_outputs, eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, nondet_tol=nondet_tol)
