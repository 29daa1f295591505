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
import functools
from collections import Counter

from . import autograd
from .autograd import forward_ad
from .autograd.forward_ad import set_tangent, tangent_of
from .autograd.grad_mode import enable_grad, is_grad_enabled
from ._pytree import flatten, spec_repr, spec_pprint, tree_map, unflatten
from ._rearrange import rearrange
from ._transform_levels import levels, made_outside
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


def _no_saved_tensors_hooks():
    """Around grad, vjp and jacrev (and so hessian) running their function, as in torch."""
    from .autograd.graph import disable_saved_tensors_hooks
    return disable_saved_tensors_hooks("torch.func.{grad, vjp, jacrev, hessian} don't yet support saved tensor hooks. "
                                       "Please open an issue with your use case.")


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
    leaf = x.detach()._set_requires_grad()
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
    transform's own stand-in leaves `inner` and leaves made inside its function: a tensor the
    function closed over (torch.func keeps a result attached to it, so an outer backward sees
    through the transform)."""
    from .autograd.node import AccumulateGrad
    inner_ids = {id(t) for t in inner if _is_tensor(t)}
    stack, seen = [], set()
    for t in tensors:
        if not _is_tensor(t) or not t.requires_grad:
            continue
        if t.grad_fn is None:
            if id(t) not in inner_ids and made_outside(t):
                return True
        else:
            stack.append(t.grad_fn)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if type(node) is AccumulateGrad:
            if id(node.variable) not in inner_ids and made_outside(node.variable):
                return True
            continue
        stack.extend(child for child, _ in node.next_functions if child is not None and child not in seen)
    return False


def _exit_all(tensors, outer, inner, graph=True):
    """_exit for each of `tensors`, keeping attached those whose graph reaches a closed-over tensor;
    none where grad mode was off around the transform (`graph`: torch records no outer graph then)."""
    if not graph:
        return [_exit(t, False) for t in tensors]
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


def _split_aux(out, api):
    """(output, aux) of a function transformed with has_aux=True, which must return a pair."""
    if not (isinstance(out, tuple) and len(out) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) if has_aux is True")
    return out


def _check_aux(aux):
    """torch.func unwraps aux from the transform's level, which takes (containers of) tensors only."""
    for x in flatten(aux)[0]:
        if not _is_tensor(x):
            raise RuntimeError(f"Expected tensors, got unsupported type {type(x)}")


def _check_outputs(leaves, api):
    """The outputs of a function given to vjp, jacrev or jvp: at least one, and all tensors."""
    if not leaves or (len(leaves) == 1 and leaves[0] is None):
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output (got output = {leaves})")
    for o in leaves:
        if not _is_tensor(o):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got unsupported type {type(o)}")


def _check_vjp_outputs(leaves):
    _check_outputs(leaves, "vjp(f, *primals)")
    for o in leaves:
        if not o.is_floating_point():
            raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got Tensor "
                               f"with dtype {o.dtype}")


def _zeros_for_none(grads, refs):
    from ._creation import zeros_like
    return [zeros_like(r) if g is None else g for g, r in zip(grads, refs)]


def _outer_requires_grad(tree):
    return any(_is_tensor(x) and x.requires_grad for x in flatten(tree)[0])


# ------------------------------------------------------------------ reverse mode
def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (gradient of func's scalar output w.r.t. args[argnums], output)
    (with has_aux: (gradient, (output, aux)))."""
    @functools.wraps(func)  # (torch's transforms keep func's name, doc and __wrapped__)
    def wrapper(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args))
        _check_transform_inputs(flatten([args[i] for i in nums])[0])
        graph = is_grad_enabled()
        outer = graph and _outer_requires_grad([args[i] for i in nums])
        with enable_grad(), _no_saved_tensors_hooks():
            args = list(args)
            for i in nums:
                args[i] = tree_map(_enter, args[i])
            with _Level():
                out = func(*args, **kwargs)
            aux = None
            if has_aux:
                out, aux = _split_aux(out, "grad_and_value(f)(*args)")
            if not _is_tensor(out):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got "
                                   f"{type(out)}")
            if out.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got "
                                   f"tensor with {out.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs "
                                   "instead?")
            diff = tuple(args[i] for i in nums)
            leaves, spec = flatten(diff)
            grads = autograd.grad(out, leaves, create_graph=True, allow_unused=True) if out.requires_grad \
                else [None] * len(leaves)
            if has_aux:
                _check_aux(aux)
            aux_leaves, aux_spec = flatten(aux)
            done = _exit_all(_zeros_for_none(grads, leaves) + [out] + aux_leaves, outer, leaves, graph)
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

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux=False):
    """(func(*primals), vjp_fn[, aux]); vjp_fn(cotangents) returns one gradient per primal."""
    _check_transform_inputs(flatten(primals)[0])
    graph = is_grad_enabled()
    outer = graph and _outer_requires_grad(primals)
    with enable_grad(), _no_saved_tensors_hooks():
        ins = tree_map(_enter, list(primals))
        with _Level():
            out = func(*ins)
        aux = None
        if has_aux:
            out, aux = _split_aux(out, "vjp(f, *primals)")
            _check_aux(aux)
    out_leaves, out_spec = flatten(out)
    _check_vjp_outputs(out_leaves)
    in_leaves, in_spec = flatten(ins)

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        cot_leaves, cot_spec = flatten(cotangents)
        if cot_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree structure of "
                               f"outputs to the function. cotangents: {spec_pprint(cot_spec)}, primal output: "
                               f"{spec_pprint(out_spec)}")
        if create_graph is None:
            create_graph = is_grad_enabled()
        with enable_grad():
            pairs = [(o, c) for o, c in zip(out_leaves, cot_leaves) if o.requires_grad]
            grads = autograd.grad([o for o, _ in pairs], in_leaves, [c for _, c in pairs], retain_graph=retain_graph,
                                  create_graph=True, allow_unused=True) if pairs else [None] * len(in_leaves)
        grads = _zeros_for_none(grads, in_leaves)
        grads = _exit_all(grads, outer or _outer_requires_grad(cotangents), in_leaves) if create_graph \
            else [_exit(g, False) for g in grads]
        return tuple(unflatten(in_spec, grads))

    aux_leaves, aux_spec = flatten(aux)
    done = _exit_all(out_leaves + aux_leaves, outer, in_leaves, graph)
    result = unflatten(out_spec, done[:len(out_leaves)])
    return (result, vjp_fn, unflatten(aux_spec, done[len(out_leaves):])) if has_aux else (result, vjp_fn)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None, _preallocate_and_copy=False):
    """A function returning the Jacobian of func w.r.t. args[argnums], one reverse pass per output
    element: shape output.shape + input.shape, nested (outputs) then (inputs)."""
    from . import stack
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    @functools.wraps(func)
    def wrapper(*args):
        nums = _argnums_tuple(argnums, len(args))
        _check_transform_inputs(flatten([args[i] for i in nums])[0])
        graph = is_grad_enabled()
        outer = graph and _outer_requires_grad([args[i] for i in nums])
        with enable_grad(), _no_saved_tensors_hooks():
            args = list(args)
            for i in nums:
                args[i] = tree_map(_enter, args[i])
            with _Level():
                out = func(*args)
            aux = None
            if has_aux:  # (jacrev is vjp's: its checks and messages)
                out, aux = _split_aux(out, "vjp(f, *primals)")
                _check_aux(aux)
            in_leaves, in_spec = flatten(tuple(args[i] for i in nums))
            out_leaves, out_spec = flatten(out)
            _check_vjp_outputs(out_leaves)
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
            done = _exit_all(blocks + aux_leaves, outer, in_leaves, graph)
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
    p_leaves, p_spec = flatten(primals)
    t_leaves, t_spec = flatten(tangents)
    if p_spec != t_spec:
        raise RuntimeError("jvp(f, primals, tangents): Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got "
                           f"primals with structure {spec_repr(p_spec)} and tangents with structure "
                           f"{spec_repr(t_spec)}")
    for leaves, name in ((p_leaves, "primals"), (t_leaves, "tangents")):
        if not leaves:
            raise RuntimeError(f"jvp(f, primals, tangents): Expected {name} to contain at least one Tensor.")
        for x in leaves:
            if not _is_tensor(x):
                raise RuntimeError(f"jvp(f, primals, tangents): Expected {name} to only contain Tensors, got "
                                   f"{type(x)}")
    for p, t in zip(p_leaves, t_leaves):
        if p.shape != t.shape:
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                               f"Tensor, this is not supported. Tensor is of size {list(p.shape)} while the given "
                               f"forward gradient is of size {list(t.shape)}.")
    run = _jvp_forward if forward_ad.state.level is None else _jvp_double_backward
    out, out_tangents, aux = run(func, p_leaves, t_leaves, p_spec, has_aux, strict)
    return (out, out_tangents, aux) if has_aux else (out, out_tangents)


_JVP = "jvp(f, primals, tangents)"


def _jvp_outputs(out, has_aux):
    """(output leaves, their spec, aux) of the function a jvp ran, checked as torch.func does."""
    aux = None
    if has_aux:
        out, aux = _split_aux(out, _JVP)
        _check_aux(aux)
    leaves, spec = flatten(out)
    _check_outputs(leaves, _JVP)
    return leaves, spec, aux


def _output_tangents(leaves, tangents, strict):
    """Each output's tangent, zeros where it has none (refused with strict=True, as torch.func does)."""
    from ._creation import zeros_like
    if strict and any(t is None for t in tangents):
        raise RuntimeError("jvp(f, primals, tangents, strict=True): The output of f is independent of the inputs. "
                           "This is not allowed with strict=True.")
    return [zeros_like(o) if t is None else t for o, t in zip(leaves, tangents)]


def _jvp_forward(func, p_leaves, t_leaves, spec, has_aux, strict):
    with forward_ad.dual_level():
        duals = [forward_ad.make_dual(p, t) for p, t in zip(p_leaves, t_leaves)]
        with _Level():
            out = func(*unflatten(spec, duals))
        leaves, out_spec, aux = _jvp_outputs(out, has_aux)
        primals, tangents = zip(*(forward_ad.unpack_dual(o) for o in leaves))
        tangents = _output_tangents(leaves, tangents, strict)
    return unflatten(out_spec, list(primals)), unflatten(out_spec, tangents), aux


def _jvp_double_backward(func, p_leaves, t_leaves, spec, has_aux, strict):
    """J v as d/du <u^T J, v>: for a jvp while a dual level is already live."""
    from ._creation import ones_like
    outer = is_grad_enabled() and (_outer_requires_grad(p_leaves) or _outer_requires_grad(t_leaves))
    with enable_grad():
        ins = [_enter(p) for p in p_leaves]
        with _Level():
            out = func(*unflatten(spec, ins))
        leaves, out_spec, aux = _jvp_outputs(out, has_aux)
        us = [ones_like(o, requires_grad=True) for o in leaves]  # any u: the vjp is linear in it
        live = [(o, u) for o, u in zip(leaves, us) if o.requires_grad]
        vjps = autograd.grad([o for o, _ in live], ins, [u for _, u in live], create_graph=True,
                             allow_unused=True) if live else [None] * len(ins)
        inner = sum((g * t).sum() for g, t in zip(vjps, t_leaves) if g is not None)
        jv = autograd.grad(inner, us, create_graph=True, allow_unused=True) if _is_tensor(inner) \
            and inner.requires_grad else [None] * len(us)
        jv = _output_tangents(leaves, jv, strict)
    return (unflatten(out_spec, [_exit(o, outer) for o in leaves]),
            unflatten(out_spec, [_exit(j, outer) for j in jv]), aux)


def linearize(func, *primals):
    """(func(*primals), jvp_fn), where jvp_fn(*tangents) gives J @ tangents at `primals`.

    As torch.func.linearize: the output is a plain call's, and jvp_fn's result keeps the output's
    non-tensor leaves; each call of jvp_fn runs forward mode again rather than replaying a trace."""
    p_leaves, p_spec = flatten(primals)
    _check_transform_inputs(p_leaves)
    out = func(*primals)
    out_leaves, out_spec = flatten(out)
    is_tensor = [_is_tensor(o) for o in out_leaves]

    def tensor_outputs(*args):
        return tuple(o for o in flatten(func(*args))[0] if _is_tensor(o))

    def jvp_fn(*tangents):
        t_leaves, t_spec = flatten(tangents)
        if t_spec != p_spec:
            raise RuntimeError(f"Expected the tangents {spec_repr(t_spec)} to have the same argspec as the primals "
                               f"{spec_repr(p_spec)}")
        for i, (t, p) in enumerate(zip(t_leaves, p_leaves)):
            for what, a, b in (("shape", t.shape, p.shape), ("dtype", t.dtype, p.dtype)):
                if a != b:
                    raise RuntimeError(f"tangent:{i} with {what} {a} in flattened pytree doesn't match the {what} {b} "
                                       "of the corresponding primal.")
        jvps = iter(jvp(tensor_outputs, primals, tangents)[1] if any(is_tensor) else ())
        return unflatten(out_spec, [next(jvps) if t else o for o, t in zip(out_leaves, is_tensor)])
    return out, jvp_fn


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """A function returning the Jacobian of func w.r.t. args[argnums], one forward pass per input
    element: shape output.shape + input.shape, nested (outputs) then (inputs)."""
    from . import stack
    from ._creation import zeros_like

    @functools.wraps(func)
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

        # torch vmaps its jvp over the basis: one sample per input element, with vmap's randomness
        with _Randomness(_checked_randomness(randomness)) as rng:
            for k, x in enumerate(in_leaves):
                for j in range(x.numel()):
                    rng.each_sample()
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
        per_output, numels = [], [x.numel() for x in in_leaves]
        for n, o in enumerate(out_leaves):
            cols = [c[n] for k in range(len(in_leaves)) for c in columns[k]]
            if not cols:
                jac = [_stack_rows(stack, [], o, x) for x in in_leaves]
            else:  # laid out as torch's: the batch of columns moved to the end, split by input
                parts = stack(cols).movedim(0, -1).split(numels, dim=-1)
                jac = [part.squeeze(-1) if x.dim() == 0 else part.unflatten(-1, tuple(x.shape))
                       for part, x in zip(parts, in_leaves)]
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
    if isinstance(func, functools.partial):
        return f"functools.partial({_get_name(func.func)}, ...)"
    return getattr(func, "__name__", repr(func))


def _broadcast_dims(dims, tree):
    """`dims` (an int or None, or a pytree prefix of `tree` of them) spread to one dim per leaf of
    `tree`; None where the structures do not match (torch's _broadcast_to_and_flatten)."""
    if not isinstance(dims, (tuple, list, dict)):  # a leaf (an int, None, or anything vmap then refuses)
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
        return _broadcast_dims([dims[k] for k in tree], list(tree.values()))  # by key, in the tree's order
    return None


_RANDOM_IN_ERROR_MODE = ("vmap: called random operation while in randomness error mode. Please either use the 'same' "
                         "or 'different' randomness flags on vmap or perform the randomness operation out of vmap")


class _NoRandomness:
    """Stands in for the global generator inside vmap(randomness="error"): drawing a number fails
    as in torch (saving or restoring the state, as checkpoint does, still works)."""

    def __init__(self, rng, message):
        self.bit_generator = _StateOnly(rng.bit_generator, message)
        self.message = message

    def __getattr__(self, name):
        raise RuntimeError(self.message)


class _StateOnly:
    """The engine under _NoRandomness: its state can be read and set, its words not drawn."""

    def __init__(self, bit_generator, message):
        self._bits, self.message = bit_generator, message

    state = property(lambda self: self._bits.state, lambda self, value: setattr(self._bits, "state", value))

    def __getattr__(self, name):
        raise RuntimeError(self.message)


class _Randomness:
    """Around the loop of a vmap: `error` hides the generator, `same` replays one state per sample.
    `message`: what a draw raises in error mode (torch's legacy vmap, under autograd.functional, words
    it otherwise)."""

    def __init__(self, mode, message=_RANDOM_IN_ERROR_MODE):
        from . import _creation
        self.mode, self.rngs, self.message = mode, _creation._rng, message

    def __enter__(self):
        from . import _creation
        self.saved = self.rngs[0]
        if self.mode == "error":
            self.guard = self.rngs[0] = _NoRandomness(self.saved, self.message)
        elif self.mode == "same":
            self.start = _creation.get_rng_state()
        return self

    def each_sample(self):
        if self.mode == "same":
            from . import _creation
            _creation.set_rng_state(self.start)

    def __exit__(self, *exc):
        if self.mode == "error" and self.rngs[0] is self.guard:  # (manual_seed inside replaced it: keep that)
            self.rngs[0] = self.saved


def _checked_randomness(mode):
    if mode not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or 'same'. Got {mode}")
    return mode


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
    _checked_randomness(randomness)
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    from . import stack
    name = _get_name(func)

    @functools.wraps(func)
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
            raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`. in_dims has "
                             f"structure {spec_repr(flatten(in_dims)[1])} but inputs has structure {spec_repr(spec)}.")
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
            if d < 0:  # (as torch, only a negative one is wrapped: a bool stays one, for size() to refuse)
                dim_leaves[i] = d % x.dim()
        sizes = [x.size(d) for x, d in zip(leaves, dim_leaves) if d is not None]
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
                          f"structure of `outputs`. out_dims has structure {spec_repr(flatten(out_dims)[1])} but "
                          f"outputs has structure {spec_repr(flatten(output)[1])}.")
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
    if not all(type(m) is type(models[0]) for m in models):
        raise RuntimeError("stack_module_state: Expected all models to be of the same class.")

    def stacked(tensors, name):
        """One leaf of the stacked tensors, requiring grad where they all do (torch refuses a mix)."""
        if len({t.requires_grad for t in tensors}) > 1:
            raise RuntimeError(f"Expected {name} from each model to have the same .requires_grad")
        result = stack(tensors)
        return result.detach().requires_grad_() if tensors[0].requires_grad else result

    all_params = [dict(m.named_parameters()) for m in models]
    all_buffers = [dict(m.named_buffers()) for m in models]
    return ({n: stacked([p[n] for p in all_params], n) for n in all_params[0]},
            {n: stacked([b[n] for b in all_buffers], n) for n in all_buffers[0]})


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

