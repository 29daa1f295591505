"""Custom differentiable functions: torch.autograd.Function.

A subclass defines static `forward(ctx, *args)` (or `forward(*args)` plus
`setup_context(ctx, inputs, output)`) and `backward(ctx, *grad_outputs)`. `Function.apply`
runs forward with grad mode off and, when some tensor input requires grad, records one node
of the class `<Name>Backward` (made per subclass, as torch does). That node is also the
`ctx`: it holds what forward saved and is run by the engine like any other node.
"""
import functools
import inspect
import warnings
import weakref

import numpy as np

from . import forward_ad, grad_mode
from .anomaly_mode import _state as _anomaly, record_stack
from .node import IN_CUSTOM_FUNCTION, MULTI_OUTPUT_NODE, Node, SavedTensor, _sequence, gradient_edge, move_retain_grad


class FunctionCtx:
    """What forward can tell autograd through `ctx`."""

    _to_save = ()
    _dirty = ()
    _non_differentiable = ()
    materialize_grads = True

    def save_for_backward(self, *tensors):
        """Keep tensors (or None) for backward; read them back through `ctx.saved_tensors`."""
        from .._tensor import Tensor
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} is of type "
                                f"{type(t).__name__}")
        self._to_save = tensors

    def save_for_forward(self, *tensors):
        """Keep tensors for jvp, which reads them back through `ctx.saved_tensors`."""
        self._to_save_for_forward = tensors

    def mark_dirty(self, *tensors):
        """Declare the inputs forward modified in place."""
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        """Declare outputs that never require grad (indices, masks)."""
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        """With False, backward receives None (not zeros) for outputs without a gradient."""
        self.materialize_grads = bool(value)


class BackwardCFunction(FunctionCtx, Node):
    """The node of one custom Function call; its class is `<Name>Backward`."""

    _forward_cls = None
    _named_as_torch = False
    _tensor_positions = ()
    needs_input_grad = ()  # per argument of apply (shadows Node's per-edge property)
    _grad_out_metas = ()
    _runs_without_grads = True
    _frees_more = True  # freed also when it saved nothing: ctx.saved_tensors then refuses, as torch's

    def _free(self):
        self._saved = None

    def name(self):
        return type(self).__name__

    def __repr__(self):  # a Python class in torch too: its module shows
        return f"<{type(self).__module__}.{type(self).__name__} object at {hex(id(self))}>"

    def apply(self, *grads):
        return self._forward_cls.backward(self, *grads)

    def backward_grads(self, grads):
        if self.materialize_grads:
            grads = [g if g is not None or meta is None else _zeros(meta)
                     for g, meta in zip(grads, self._grad_out_metas)]
        result = self._forward_cls.backward(self, *grads)
        if type(result) is not tuple:
            result = (result,)
        n_args = len(self.needs_input_grad)
        if len(result) != n_args:
            if len(result) < n_args or any(r is not None for r in result[n_args:]):
                raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients "
                                   f"(expected {n_args}, got {len(result)})")
            result = result[:n_args]
        tensor_positions = self._tensor_positions
        if len(tensor_positions) != n_args:
            for i, r in enumerate(result):
                if r is not None and i not in tensor_positions:
                    raise RuntimeError(f"function {self.name()} returned a gradient different than None at position "
                                       f"{i + 1}, but the corresponding forward input was not a Variable")
        from .._tensor import Tensor
        for r in result:
            if r is not None and not isinstance(r, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(r).__name__})")
        return tuple(result[i] if self.needs_input_grad[i] else None for i in tensor_positions)


def _zeros(meta):
    from .._tensor import Tensor
    shape, dtype = meta
    return Tensor._wrap(np.zeros(shape, dtype))


class _FunctionMeta(type):
    """Gives every Function subclass its own node class, named like torch's (`MulFnBackward`)."""

    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})


class Function(metaclass=_FunctionMeta):
    """Base class of custom autograd functions; call them through `MyFunction.apply(*args)`."""

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd functions are all static, "
                      "so you should invoke them on the class itself. Instantiating an autograd function will raise "
                      "an error in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method. (Example: "
                           "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    # torch.func.vmap: a Function must override `vmap` or set generate_vmap_rule = True. pullback's vmap
    # runs the function once per sample, so the rule itself is not called.
    generate_vmap_rule = False

    @staticmethod
    def vmap(info, in_dims, *args):
        raise NotImplementedError("To use autograd.Function with vmap, you must either override the vmap staticmethod "
                                  "or set generate_vmap_rule=True.")

    @classmethod
    def apply(cls, *args, **kwargs):
        from .._tensor import Tensor
        from .._transform_levels import levels
        if levels.transforms:
            _check_transformable(cls, levels.vmaps)
        args, kwargs = _bind(cls, args, kwargs)
        ctx = cls._backward_cls.__new__(cls._backward_cls)
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        ctx._tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        record = grad_mode.is_grad_enabled() and any(ctx.needs_input_grad)
        # edges first: an input that forward modifies in place must keep its old history
        edges = tuple(gradient_edge(args[i]) for i in ctx._tensor_positions) if record else ()
        tangents = _input_tangents(args)
        with grad_mode.no_grad(), forward_ad._inactive():
            if cls.setup_context is Function.setup_context:
                output = cls.forward(ctx, *args, **kwargs)
            else:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
        output = _wrap_outputs(ctx, args, output, record, edges)
        if tangents is not None:
            _set_output_tangents(cls, ctx, output, tangents)
        return output


def _bind(cls, args, kwargs):
    """apply's arguments as forward's positional ones, which torch takes as the Function's inputs: keywords
    bound by forward's signature, and with setup_context its defaults too (torch's bind_default_args)."""
    new_style = cls.setup_context is not Function.setup_context
    if not kwargs and not new_style:
        return args, kwargs
    signature = _signatures.get(cls.forward)
    if signature is None:
        signature = _signatures[cls.forward] = inspect.signature(cls.forward)
    if new_style:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return bound.args, bound.kwargs
    try:
        bound = signature.bind(None, *args, **kwargs)  # (ctx)
    except TypeError:
        return args, kwargs  # forward itself refuses them, in Python's words
    return bound.args[1:], bound.kwargs


_signatures = weakref.WeakKeyDictionary()  # forward -> its signature


def _check_transformable(cls, under_vmap):
    """torch.func's refusals of a Function it cannot transform (checked while a transform runs)."""
    if cls.setup_context is Function.setup_context:
        raise RuntimeError("In order to use an autograd.Function with functorch transforms (vmap, grad, jvp, jacrev, "
                           "...), it must override the setup_context staticmethod. For more details, please see "
                           "https://pytorch.org/docs/main/notes/extending.func.html")
    if under_vmap and cls.vmap is Function.vmap and not cls.generate_vmap_rule:
        raise RuntimeError(f"You tried to vmap over {cls.__name__}, but it does not have vmap support. Please override "
                           "and implement the vmap staticmethod or set generate_vmap_rule=True. For more details, "
                           "please see https://pytorch.org/docs/main/notes/extending.func.html")


def _input_tangents(args):
    """Each argument's tangent (None where it has none), or None when no argument has one."""
    if forward_ad.state.level is None:
        return None
    from .._tensor import Tensor
    tangents = [forward_ad.tangent_of(a) if isinstance(a, Tensor) else None for a in args]
    return tangents if any(t is not None for t in tangents) else None


def _set_output_tangents(cls, ctx, output, tangents):
    """Forward mode through a custom Function: its own `jvp(ctx, *tangents)` gives the output tangents."""
    from .._tensor import Tensor
    saved = ctx._saved
    ctx._saved = tuple(getattr(ctx, "_to_save_for_forward", ()))  # what jvp reads as ctx.saved_tensors
    try:
        with forward_ad._inactive():
            out_tangents = cls.jvp(ctx, *tangents)
    finally:
        ctx._saved = saved
    outputs = output if type(output) is tuple else (output,)
    out_tangents = out_tangents if type(out_tangents) is tuple else (out_tangents,)
    for o, t in zip(outputs, out_tangents):
        if isinstance(o, Tensor) and t is not None:
            forward_ad.set_tangent(o, t)


def _wrap_outputs(ctx, args, output, record, edges):
    from .._tensor import Tensor
    from ..ops._op import CopySlices
    is_tuple = type(output) is tuple
    outputs = output if is_tuple else (output,)
    dirty = {id(t) for t in ctx._dirty}
    nondiff = {id(t) for t in ctx._non_differentiable}
    input_ids = {id(a) for a in args if isinstance(a, Tensor)}
    for t in ctx._dirty:  # bumped before torch's checks of them
        t._vc[0] += 1
    if not dirty <= {id(o) for o in outputs}:
        raise RuntimeError("Some elements marked as dirty during the forward method were not returned as output. The "
                           "inputs that are modified inplace must all be outputs of the Function.")
    dirty_views = [t for t in ctx._dirty if t._base is not None] if record else []
    if dirty_views and sum(isinstance(o, Tensor) for o in outputs) > 1:
        raise RuntimeError(
            "If your Function modifies inplace an input that is a view of another Tensor, your Function cannot "
            "return more than one Tensor. This is not supported by the current autograd engine. You should either "
            "make sure the input is not a view (using .clone() for example) or make your Function only return one "
            "Tensor (potentially splitting it into two Functions: one doing the inplace that returns a single Tensor "
            "and a second one that does the other operations). You can ask on the forum "
            "https://discuss.pytorch.org/ if you need help to do this change.")
    for t in ctx._dirty:
        if record and t._requires_grad:
            if t._grad_fn is None and t._base is None:
                raise RuntimeError("a leaf Variable that requires grad has been used in an in-place operation.")
            if t._base is not None and t._creation_meta is not None:  # (a view made in no_grad or a Function)
                from ..ops._op import view_rebase_error
                raise view_rebase_error(t, indirect=False)
            if t._base is not None and t._base._grad_fn is None:
                raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place "
                                   "operation.")
    if record:
        ctx._seq = next(_sequence)
        if _anomaly.enabled:
            record_stack(ctx)
        ctx.next_functions = edges
        ctx._metas = tuple((args[i]._data.shape, args[i]._data.dtype) for i in ctx._tensor_positions)
        ctx._n_outputs = len(outputs)
        ctx._grad_out_metas = tuple((o._data.shape, o._data.dtype) if isinstance(o, Tensor) else None
                                    for o in outputs)
    wrapped = []
    # torch's creation meta for the views among the outputs (none for one changed in place, which takes the
    # Function's node as its own)
    view_meta = MULTI_OUTPUT_NODE if sum(isinstance(o, Tensor) and id(o) not in nondiff and o._data.dtype.kind == "f"
                                         for o in outputs) > 1 else IN_CUSTOM_FUNCTION
    for i, o in enumerate(outputs):
        if isinstance(o, Tensor):
            is_input, is_modified = id(o) in input_ids, id(o) in dirty
            if not (record and id(o) not in nondiff and o._data.dtype.kind == "f"):
                # not differentiable (torch's set_history): an input never comes back as itself, but as
                # a view where it does not require grad, else detached (changed in place or not)
                if not o._requires_grad:
                    if is_input and not is_modified:
                        with grad_mode.no_grad():
                            o = o.view_as(o)
                elif is_input:
                    o = o.detach()
                elif o._base is None:
                    o.detach_()
            else:
                if is_input and not is_modified:  # an input returned as is: a view, taking the node
                    o = o.view_as(o)
                if o._base is not None and not is_modified:
                    o._creation_meta = view_meta
                if is_modified:  # torch resets a changed input's .grad; its retain_grad follows it
                    o._grad = None
                    if o._retains_grad:
                        move_retain_grad(o, ctx, i)
                o._grad_fn = ctx
                o._output_nr = i
                o._requires_grad = True
        wrapped.append(o)
    for t in dirty_views:  # the base takes the Function's node as its CopySlices; the view re-derives from it
        base = t._base
        position = next(k for k, i in enumerate(ctx._tensor_positions) if args[i] is t)
        base_edge = gradient_edge(base)
        base._grad_fn = CopySlices(base_edge, base._data, t._view_ops, ctx, position)
        base._output_nr = 0
        base._requires_grad = True
    if record:
        ctx._saved = tuple(_saved(t, wrapped) for t in ctx._to_save)
    else:
        ctx._saved = tuple(ctx._to_save)
    return tuple(wrapped) if is_tuple else wrapped[0]


def _saved(t, outputs):
    """A SavedTensor; one of this node's own outputs is saved without a reference to it (no cycle)."""
    if t is None:
        return None
    for nr, o in enumerate(outputs):
        if o is t and o._grad_fn is not None:
            return SavedTensor(t, is_output=True, output_nr=nr)
    return SavedTensor(t)


def once_differentiable(fn):
    """Decorates a backward that is not itself differentiable: it runs with grad mode off."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with grad_mode.no_grad():
            return fn(ctx, *args)

    return wrapper

