"""torch.func: function transforms (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap).

The transforms are built on pullback's two AD modes: reverse mode (`autograd.grad` with
create_graph, so a transform's result stays differentiable for an outer transform) and
forward mode (`autograd.forward_ad`). Inputs are replaced by fresh leaves that keep any
tangent they carry, so transforms nest: hessian is jacfwd(jacrev(f)), and jvp(grad(f))
gives Hessian-vector products. Only one dual level exists at a time, so a jvp inside a jvp
uses the double-backward trick instead (same numbers). vmap maps over the batch dimension
with a loop and stacks the results, which gives torch.func.vmap's values.

Inputs and outputs may be Tensors or (nested) tuples, lists and dicts of them.
"""
import threading
from collections import Counter

from . import autograd
from .autograd import forward_ad
from .autograd.forward_ad import set_tangent, tangent_of
from .autograd.grad_mode import enable_grad
from ._pytree import flatten, tree_map, unflatten
from ._rearrange import rearrange
from .nn.utils.stateless import _functional_call

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "linearize", "jacrev", "jacfwd", "hessian", "vmap",
           "functional_call", "stack_module_state", "rearrange", "replace_all_batch_norm_modules_", "debug_unwrap"]


# ------------------------------------------------------------------ transform levels
class _Level:
    """While a transform runs its function: counts what custom autograd.Functions check (as torch's
    functorch levels: a Function needs setup_context under any transform, and a vmap rule under vmap)."""

    def __init__(self, vmap=False):
        self.vmap = vmap

    def __enter__(self):
        levels.transforms += 1
        levels.vmaps += self.vmap

    def __exit__(self, *exc):
        levels.transforms -= 1
        levels.vmaps -= self.vmap


class _Levels(threading.local):
    transforms = 0
    vmaps = 0


levels = _Levels()


# ------------------------------------------------------------------ pytrees of tensors
def _is_tensor(x):
    from ._tensor import Tensor
    return isinstance(x, Tensor)


# ------------------------------------------------------------------ leaves in and out of a transform
def _enter(x):
    """A stand-in for an input being differentiated: it requires grad, keeps the history an outer
    transform differentiates through, and keeps its tangent."""
    if not _is_tensor(x):
        return x
    if x.requires_grad:
        return x.view_as(x)
    leaf = x.detach().requires_grad_()
    tangent = tangent_of(x)
    if tangent is not None:
        set_tangent(leaf, tangent)
    return leaf


def _exit(x, outer):
    """A result handed back: detached from this transform's leaves unless an outer transform
    differentiates through them (`outer`); its tangent is kept either way."""
    if not _is_tensor(x) or outer:
        return x
    out = x.detach()
    tangent = tangent_of(x)
    if tangent is not None:
        set_tangent(out, tangent.detach())
    return out


def _reaches_outer(tensors, inner):
    """Whether the graph of `tensors` reaches a tensor that requires grad other than this
    transform's own stand-in leaves `inner`: a tensor the function closed over (torch.func
    keeps a result attached to it, so an outer backward sees through the transform)."""
    from .autograd.node import AccumulateGrad
    inner_ids = {id(t) for t in inner if _is_tensor(t)}
    stack, seen = [], set()
    for t in tensors:
        if not _is_tensor(t) or not t.requires_grad:
            continue
        if t.grad_fn is None:
            if id(t) not in inner_ids:
                return True
        else:
            stack.append(t.grad_fn)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if type(node) is AccumulateGrad:
            if id(node.variable) not in inner_ids:
                return True
            continue
        stack.extend(child for child, _ in node.next_functions if child is not None and child not in seen)
    return False


def _exit_all(tensors, outer, inner):
    """_exit for each of `tensors`, keeping attached those whose graph reaches a closed-over tensor."""
    if outer or not _reaches_outer(tensors, inner):
        return [_exit(t, outer) for t in tensors]
    return [_exit(t, _reaches_outer([t], inner)) for t in tensors]


def _argnums_tuple(argnums, n_args):
    """The argument positions `argnums` names (an int or a tuple of ints), checked as torch.func does."""
    if not isinstance(argnums, (int, tuple)):
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    for a in nums:
        if not isinstance(a, int):
            raise RuntimeError(f"argnum must be int, got: {type(a)}")
        if not -n_args <= a < n_args:
            raise RuntimeError(f"Got argnum={a}, but only {n_args} positional inputs")
    nums = tuple(a % n_args for a in nums)
    if isinstance(argnums, tuple):
        if not nums:
            raise RuntimeError("argnums must be non-empty")
        if len(set(nums)) != len(nums):
            raise RuntimeError(f"argnums elements must be unique, got {nums}")
    return nums


def _check_transform_inputs(leaves):
    for x in leaves:
        if not _is_tensor(x):
            raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")


def _zeros_for_none(grads, refs):
    from ._creation import zeros_like
    return [zeros_like(r) if g is None else g for g, r in zip(grads, refs)]


def _outer_requires_grad(tree):
    return any(_is_tensor(x) and x.requires_grad for x in flatten(tree)[0])


# ------------------------------------------------------------------ reverse mode
def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (gradient of func's scalar output w.r.t. args[argnums], output)
    (with has_aux: (gradient, (output, aux)))."""
    def wrapper(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args))
        outer = _outer_requires_grad([args[i] for i in nums])
        with enable_grad():
            args = list(args)
            for i in nums:
                args[i] = tree_map(_enter, args[i])
            with _Level():
                out = func(*args, **kwargs)
            aux = None
            if has_aux:
                if not (isinstance(out, tuple) and len(out) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                                       "(output, aux) if has_aux is True")
                out, aux = out
            if not _is_tensor(out):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                                   f"{type(out)}")
            if out.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            diff = tuple(args[i] for i in nums)
            leaves, spec = flatten(diff)
            _check_transform_inputs(leaves)
            grads = autograd.grad(out, leaves, create_graph=True, allow_unused=True) if out.requires_grad \
                else [None] * len(leaves)
            aux_leaves, aux_spec = flatten(aux)
            done = _exit_all(_zeros_for_none(grads, leaves) + [out] + aux_leaves, outer, leaves)
            grads, value, aux = done[:len(leaves)], done[len(leaves)], unflatten(aux_spec, done[len(leaves) + 1:])
        result = unflatten(spec, grads)
        result = result if isinstance(argnums, tuple) else result[0]
        if has_aux:
            return result, (value, aux)
        return result, value
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """A function returning the gradient of func's scalar output w.r.t. args[argnums]
    (with has_aux: (gradient, aux))."""
    inner = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux=False):
    """(func(*primals), vjp_fn[, aux]); vjp_fn(cotangents) returns one gradient per primal."""
    outer = _outer_requires_grad(primals)
    with enable_grad():
        ins = tree_map(_enter, list(primals))
        with _Level():
            out = func(*ins)
        aux = None
        if has_aux:
            out, aux = out
    out_leaves, out_spec = flatten(out)
    in_leaves, in_spec = flatten(ins)

    def vjp_fn(cotangents):
        cot_leaves, cot_spec = flatten(cotangents)
        if cot_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of "
                               "outputs to the function")
        with enable_grad():
            pairs = [(o, c) for o, c in zip(out_leaves, cot_leaves) if o.requires_grad]
            grads = autograd.grad([o for o, _ in pairs], in_leaves, [c for _, c in pairs], retain_graph=True,
                                  create_graph=True, allow_unused=True) if pairs else [None] * len(in_leaves)
        grads = _exit_all(_zeros_for_none(grads, in_leaves), outer or _outer_requires_grad(cotangents), in_leaves)
        return tuple(unflatten(in_spec, grads))

    _check_transform_inputs(in_leaves)
    aux_leaves, aux_spec = flatten(aux)
    done = _exit_all(out_leaves + aux_leaves, outer, in_leaves)
    result = unflatten(out_spec, done[:len(out_leaves)])
    return (result, vjp_fn, unflatten(aux_spec, done[len(out_leaves):])) if has_aux else (result, vjp_fn)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """A function returning the Jacobian of func w.r.t. args[argnums], one reverse pass per output
    element: shape output.shape + input.shape, nested (outputs) then (inputs)."""
    from . import stack

    def wrapper(*args):
        nums = _argnums_tuple(argnums, len(args))
        outer = _outer_requires_grad([args[i] for i in nums])
        with enable_grad():
            args = list(args)
            for i in nums:
                args[i] = tree_map(_enter, args[i])
            with _Level():
                out = func(*args)
            aux = None
            if has_aux:
                out, aux = out
            in_leaves, in_spec = flatten(tuple(args[i] for i in nums))
            _check_transform_inputs(in_leaves)
            out_leaves, out_spec = flatten(out)
            blocks = []
            for o in out_leaves:
                rows = [[] for _ in in_leaves]
                flat = o.reshape(-1)
                for j in range(o.numel()):
                    g = autograd.grad(flat[j], in_leaves, retain_graph=True, create_graph=True, allow_unused=True) \
                        if o.requires_grad else [None] * len(in_leaves)
                    for row, gj in zip(rows, _zeros_for_none(g, in_leaves)):
                        row.append(gj)
                blocks += [_stack_rows(stack, row, o, x) for row, x in zip(rows, in_leaves)]
            aux_leaves, aux_spec = flatten(aux)
            done = _exit_all(blocks + aux_leaves, outer, in_leaves)
        per_output, n = [], len(in_leaves)
        for k in range(len(out_leaves)):
            jac = unflatten(in_spec, done[k * n:(k + 1) * n])
            per_output.append(jac if isinstance(argnums, tuple) else jac[0])
        result = unflatten(out_spec, per_output)
        return (result, unflatten(aux_spec, done[len(blocks):])) if has_aux else result
    return wrapper


def _stack_rows(stack, rows, out, inp):
    from ._creation import zeros
    if not rows:
        return zeros(*(tuple(out.shape) + tuple(inp.shape)), dtype=inp.dtype)
    return stack(rows).reshape(tuple(out.shape) + tuple(inp.shape))


# ------------------------------------------------------------------ forward mode
def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """(func(*primals), J @ tangents[, aux]) by forward-mode AD."""
    if not isinstance(primals, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    if not isinstance(tangents, tuple):
        raise RuntimeError("jvp(f, primals, tangents): Expected tangents to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    p_leaves, p_spec = flatten(primals)
    t_leaves, t_spec = flatten(tangents)
    if p_spec != t_spec:
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           "structure.")
    for p, t in zip(p_leaves, t_leaves):
        if not _is_tensor(p) or not _is_tensor(t):
            raise RuntimeError(f"jvp(f, primals, tangents): Expected primals and tangents to only contain Tensors, got "
                               f"unsupported type {type(t if _is_tensor(p) else p)}")
        if p.shape != t.shape:
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                               f"Tensor, this is not supported. Tensor is of size {list(p.shape)} while the given "
                               f"forward gradient is of size {list(t.shape)}.")
    if forward_ad.state.level is None:
        out, out_tangents, aux = _jvp_forward(func, p_leaves, t_leaves, p_spec, has_aux)
    else:
        out, out_tangents, aux = _jvp_double_backward(func, p_leaves, t_leaves, p_spec, has_aux)
    return (out, out_tangents, aux) if has_aux else (out, out_tangents)


def _jvp_forward(func, p_leaves, t_leaves, spec, has_aux):
    from ._creation import zeros_like
    with forward_ad.dual_level():
        duals = [forward_ad.make_dual(p, t) for p, t in zip(p_leaves, t_leaves)]
        with _Level():
            out = func(*unflatten(spec, duals))
        aux = None
        if has_aux:
            out, aux = out
        leaves, out_spec = flatten(out)
        _only_tensors(leaves)
        primals, tangents = [], []
        for o in leaves:
            primal, tangent = forward_ad.unpack_dual(o)
            primals.append(primal)
            tangents.append(zeros_like(o) if tangent is None else tangent)
    return unflatten(out_spec, primals), unflatten(out_spec, tangents), aux


def _only_tensors(outputs):
    for o in outputs:
        if not _is_tensor(o):
            raise RuntimeError("jvp(f, primals, tangents): expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(o)}")


def _jvp_double_backward(func, p_leaves, t_leaves, spec, has_aux):
    """J v as d/du <u^T J, v>: for a jvp while a dual level is already live."""
    from ._creation import ones_like
    outer = _outer_requires_grad(p_leaves) or _outer_requires_grad(t_leaves)
    with enable_grad():
        ins = [_enter(p) for p in p_leaves]
        with _Level():
            out = func(*unflatten(spec, ins))
        aux = None
        if has_aux:
            out, aux = out
        leaves, out_spec = flatten(out)
        _only_tensors(leaves)
        us = [ones_like(o, requires_grad=True) for o in leaves]  # any u: the vjp is linear in it
        live = [(o, u) for o, u in zip(leaves, us) if o.requires_grad]
        vjps = autograd.grad([o for o, _ in live], ins, [u for _, u in live], create_graph=True,
                             allow_unused=True) if live else [None] * len(ins)
        inner = sum((g * t).sum() for g, t in zip(vjps, t_leaves) if g is not None)
        jv = autograd.grad(inner, us, create_graph=True, allow_unused=True) if _is_tensor(inner) \
            and inner.requires_grad else [None] * len(us)
        jv = _zeros_for_none(jv, leaves)
    return (unflatten(out_spec, [_exit(o, outer) for o in leaves]),
            unflatten(out_spec, [_exit(j, outer) for j in jv]), aux)


def linearize(func, *primals):
    """(func(*primals), jvp_fn), where jvp_fn(*tangents) gives J @ tangents at `primals`.

    As torch.func.linearize; each call of jvp_fn runs forward mode again rather than replaying
    a trace."""
    from ._creation import zeros_like
    p_leaves, p_spec = flatten(primals)
    _check_transform_inputs(p_leaves)
    out, _ = jvp(func, primals, unflatten(p_spec, [zeros_like(p) for p in p_leaves]))

    def jvp_fn(*tangents):
        t_leaves, t_spec = flatten(tangents)
        if t_spec != p_spec:
            raise RuntimeError("Expected the tangents to have the same argspec as the primals")
        for i, (t, p) in enumerate(zip(t_leaves, p_leaves)):
            for what, a, b in (("shape", t.shape, p.shape), ("dtype", t.dtype, p.dtype)):
                if a != b:
                    raise RuntimeError(f"tangent:{i} with {what} {a} in flattened pytree doesn't match the {what} {b} "
                                       "of the corresponding primal.")
        return jvp(func, primals, tangents)[1]
    return out, jvp_fn


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """A function returning the Jacobian of func w.r.t. args[argnums], one forward pass per input
    element: shape output.shape + input.shape, nested (outputs) then (inputs)."""
    from . import stack
    from ._creation import zeros_like

    def wrapper(*args):
        nums = _argnums_tuple(argnums, len(args))
        in_leaves, in_spec = flatten(tuple(args[i] for i in nums))
        columns = [[] for _ in in_leaves]  # per input: one jvp output (flattened outputs) per element
        out = aux = None

        def f(*diff):
            full = list(args)
            for i, d in zip(nums, unflatten(in_spec, list(diff))):
                full[i] = d
            return func(*full)

        for k, x in enumerate(in_leaves):
            for j in range(x.numel()):
                basis = [zeros_like(y) for y in in_leaves]
                basis[k] = _onehot(x, j)
                res = jvp(f, tuple(in_leaves), tuple(basis), has_aux=has_aux)
                out, tangent = res[0], res[1]
                aux = res[2] if has_aux else None
                columns[k].append(flatten(tangent)[0])
        if out is None:
            out = f(*in_leaves)
            if has_aux:
                out, aux = out
        out_leaves, out_spec = flatten(out)
        per_output = []
        for n, o in enumerate(out_leaves):
            jac = []
            for k, x in enumerate(in_leaves):
                cols = [c[n] for c in columns[k]]
                jac.append(stack(cols, dim=-1).reshape(tuple(o.shape) + tuple(x.shape)) if cols else
                           _stack_rows(stack, [], o, x))
            jac = unflatten(in_spec, jac)
            per_output.append(jac if isinstance(argnums, tuple) else jac[0])
        result = unflatten(out_spec, per_output)
        return (result, aux) if has_aux else result
    return wrapper


def _onehot(x, j):
    import numpy as np
    from ._tensor import Tensor
    data = np.zeros(x.numel(), x._data.dtype)
    data[j] = 1
    return Tensor._wrap(data.reshape(x._data.shape))


def hessian(func, argnums=0):
    """The Hessian of a scalar function: jacfwd(jacrev(func))."""
    return jacfwd(jacrev(func, argnums), argnums)


# ------------------------------------------------------------------ vmap
def _get_name(func):
    import functools
    if isinstance(func, functools.partial):
        return f"functools.partial({_get_name(func.func)}, ...)"
    return getattr(func, "__name__", repr(func))


def _broadcast_dims(dims, tree):
    """`dims` (an int or None, or a pytree prefix of `tree` of them) spread to one dim per leaf of
    `tree`; None where the structures do not match (torch's _broadcast_to_and_flatten)."""
    if dims is None or isinstance(dims, int):
        return [dims] * len(flatten(tree)[0])
    if isinstance(dims, (tuple, list)) and type(dims) is type(tree) and len(dims) == len(tree):
        out = []
        for d, sub in zip(dims, tree):
            flat = _broadcast_dims(d, sub)
            if flat is None:
                return None
            out += flat
        return out
    if isinstance(dims, dict) and isinstance(tree, dict) and dims.keys() == tree.keys():
        return _broadcast_dims(list(dims.values()), list(tree.values()))
    return None


_RANDOM_IN_ERROR_MODE = ("vmap: called random operation while in randomness error mode. Please either use the 'same' "
                         "or 'different' randomness flags on vmap or perform the randomness operation out of vmap")


class _NoRandomness:
    """Stands in for the global generator inside vmap(randomness="error"): drawing a number fails
    as in torch (saving or restoring the state, as checkpoint does, still works)."""

    def __init__(self, rng):
        self.bit_generator = rng.bit_generator

    def __getattr__(self, name):
        raise RuntimeError(_RANDOM_IN_ERROR_MODE)


class _Randomness:
    """Around the loop of a vmap: `error` hides the generator, `same` replays one state per sample."""

    def __init__(self, mode):
        from . import _creation
        self.mode, self.rngs = mode, _creation._rng

    def __enter__(self):
        self.saved = self.rngs[0]
        if self.mode == "error":
            self.guard = self.rngs[0] = _NoRandomness(self.saved)
        elif self.mode == "same":
            self.start = self.saved.bit_generator.state
        return self

    def each_sample(self):
        if self.mode == "same":
            self.rngs[0].bit_generator.state = self.start

    def __exit__(self, *exc):
        if self.mode == "error" and self.rngs[0] is self.guard:  # (manual_seed inside replaced it: keep that)
            self.rngs[0] = self.saved


def _unbatched(column):
    """The output of a sample when every sample returned the same (torch: not a BatchedTensor), else None."""
    first = column[0]
    if not _is_tensor(first):
        return first
    for o in column[1:]:
        if o is not first and not (_is_tensor(o) and o.shape == first.shape and o.dtype == first.dtype
                                   and bool((o._data == first._data).all())):
            return None
    return first


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """func mapped over a dimension of its inputs, its outputs stacked along out_dims.

    in_dims (an int, None, or a tuple with one entry per argument, nesting like the arguments)
    says which dimension of each input is mapped; out_dims likewise for the outputs (None for
    an output that does not depend on the mapped inputs). Keyword arguments are passed to
    every call unmapped.

    The batch is run one sample at a time and the results stacked, which gives vmap's values.
    Unlike torch's batching, it does not refuse .item() or an in-place update of an unmapped
    input inside func (an outer tensor updated in place is updated once per sample)."""
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {randomness}")
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    from . import stack
    name = _get_name(func)

    def wrapper(*args, **kwargs):
        if not all(d is None or isinstance(d, int) for d in flatten(out_dims)[0]):
            raise ValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, None or a python "
                             "collection of ints representing where in the outputs the vmapped dimension should "
                             "appear.")
        where = f"vmap({name}, in_dims={in_dims}, ...)(<inputs>)"
        if not isinstance(in_dims, (int, tuple)):
            raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) tuple matching the "
                             f"structure of inputs, got: {type(in_dims)}.")
        if not args:
            raise ValueError(f"vmap({name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are "
                             "trying to vmap over a function with no inputs. The latter is unsupported.")
        leaves, spec = flatten(tuple(args))
        dim_leaves = _broadcast_dims(in_dims, tuple(args))
        if dim_leaves is None:
            raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`.")
        for i, (x, d) in enumerate(zip(leaves, dim_leaves)):
            if d is None:
                continue
            if not isinstance(d, int):
                raise ValueError(f"{where}: Got in_dim={d} for an input but in_dim must be either an integer "
                                 "dimension or None.")
            if not _is_tensor(x):
                raise ValueError(f"{where}: Got in_dim={d} for an input but the input is of type {type(x)}. We "
                                 "cannot vmap over non-Tensor arguments, please use None as the respective in_dim")
            if not -x.dim() <= d < x.dim():
                raise ValueError(f"{where}: Got in_dim={d} for some input, but that input is a Tensor of "
                                 f"dimensionality {x.dim()} so expected in_dim to satisfy -{x.dim()} <= in_dim < "
                                 f"{x.dim()}.")
            dim_leaves[i] = d % x.dim()
        sizes = [x.shape[d] for x, d in zip(leaves, dim_leaves) if d is not None]
        if not sizes:
            raise ValueError("vmap: Expected at least one Tensor to vmap over")
        if any(n != sizes[0] for n in sizes):
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                             f"{sizes} for the mapped dimension")
        batch = sizes[0]
        results = []
        with _Randomness(randomness) as rng, _Level(vmap=True):
            for b in range(max(batch, 1)):  # an empty batch runs one stand-in sample, for the output's form
                rng.each_sample()
                sliced = [x if d is None else x.select(d, b) if batch else _sample_stand_in(x, d)
                          for x, d in zip(leaves, dim_leaves)]
                results.append(func(*unflatten(spec, sliced), **kwargs))
        flat_per_sample = [flatten(r)[0] for r in results]
        out_spec = flatten(results[0])[1]
        odims = _broadcast_out_dims(out_dims, results[0], name)
        outs = []
        for i, od in enumerate(odims):
            column = [leaves_b[i] for leaves_b in flat_per_sample]
            if od is None:
                value = _unbatched(column)
                if value is None:
                    raise ValueError(f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim is None")
                outs.append(value)
                continue
            if not all(_is_tensor(o) for o in column):
                bad = next(o for o in column if not _is_tensor(o))
                raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(bad)}. Did "
                                 "you mean to set out_dims= to None for output?")
            if not batch:
                out = column[0].unsqueeze(od)
                outs.append(out.narrow(od % out.dim(), 0, 0))
                continue
            outs.append(stack(column, dim=od))
        return unflatten(out_spec, outs)
    return wrapper


def _sample_stand_in(x, d):
    """A zero sample of `x` without its (empty) mapped dimension `d`."""
    from ._creation import zeros
    return zeros(*(x.shape[:d] + x.shape[d + 1:]), dtype=x.dtype)


def _broadcast_out_dims(out_dims, output, name):
    def incompatible():
        return ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not compatible with the "
                          "structure of `outputs`.")
    if _is_tensor(output):  # torch's special case: a single Tensor takes an int, None or a 1-tuple
        if out_dims is None or isinstance(out_dims, int):
            flat = [out_dims]
        elif isinstance(out_dims, tuple) and len(out_dims) == 1:
            flat = list(out_dims)
        else:
            raise incompatible()
    else:
        flat = _broadcast_dims(out_dims, output)
        if flat is None:
            raise incompatible()
    return flat


# ------------------------------------------------------------------ modules as functions
def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True,
                    strict=False):
    """module(*args, **kwargs) with some parameters and buffers (by dotted name; a dict, or a list/tuple of
    dicts with no name twice) replaced for this call only: a module as a function of its weights, for
    grad/vmap/jacrev. tie_weights: a value given for one name of a tied tensor serves all its names; strict:
    every parameter and buffer must be given, and nothing else."""
    if isinstance(parameter_and_buffer_dicts, dict):
        parameters_and_buffers = parameter_and_buffer_dicts
    elif isinstance(parameter_and_buffer_dicts, (list, tuple)):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be dictionaries")
        counts = Counter(k for d in parameter_and_buffer_dicts for k in d)
        repeated = [k for k, n in counts.items() if n > 1]
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of functional call is ambiguous")
        parameters_and_buffers = {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    else:
        raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, "
                         f"but got {type(parameter_and_buffer_dicts)}")
    return _functional_call(module, parameters_and_buffers, args, kwargs, tie_weights=tie_weights, strict=strict)


def stack_module_state(models):
    """(parameters, buffers) of same-shaped models, each stacked along a new leading dim: with
    functional_call and vmap, an ensemble runs as one batched model. Stacked parameters are new
    leaves that require grad."""
    from . import stack
    if len(models) == 0:
        raise RuntimeError("stack_module_state: Expected at least one model, got 0.")
    if not (all(m.training for m in models) or not any(m.training for m in models)):
        raise RuntimeError("stack_module_state: Expected all models to have the same training/eval mode.")
    names = [n for n, _ in models[0].named_parameters()]
    params = {n: stack([dict(m.named_parameters())[n].detach() for m in models]).requires_grad_() for n in names}
    buffer_names = [n for n, _ in models[0].named_buffers()]
    buffers = {n: stack([dict(m.named_buffers())[n] for m in models]) for n in buffer_names}
    return params, buffers


def replace_all_batch_norm_modules_(root):
    """root, its BatchNorm modules changed in place to keep no running statistics (running_mean,
    running_var and num_batches_tracked None, track_running_stats False): batch statistics always, as
    vmap over a model needs."""
    from .nn.modules.normalization import _BatchNorm
    for module in root.modules():  # (root itself first)
        if isinstance(module, _BatchNorm) and module.track_running_stats:
            module.running_mean = None
            module.running_var = None
            module.num_batches_tracked = None
            module.track_running_stats = False
    return root


def debug_unwrap(tensor, *, recurse=True):
    """The tensor a transform wraps, for debugging. pullback's transforms pass plain tensors (no wrapper
    tensors), so this is `tensor` itself, as torch's is for a tensor no transform wraps."""
    return tensor

