"""Gradients that torch records as one node of their own (elu_backward, softplus_backward, the
losses' *_backward): an op whose forward is the gradient formula and whose node is torch's
<Op>BackwardBackward0.

The formula is written once, in Tensor ops. Its first-order use runs it as it is (nothing
recorded); under create_graph it is one node, and that node's derivative, asked for by double
backward, is autograd's through the same formula, rerun on the saved inputs. So the graph a
create_graph gradient prints is torch's, and no second formula has to be kept in step with the
first. Two shortcuts skip the rerun where torch's own formulas are this simple: an elementwise
activation's gradient is grad_output times a factor (its derivative there is the node again, on
the incoming gradient), and where it reads its input only through masks that input's derivative
is zero.
"""
import inspect
import threading

import numpy as np

from .. import _creation
from ..autograd import forward_ad, grad_mode
from ._op import Op
from .pointwise import tensors_in_float32
from .shape import Alias

_state = grad_mode._state
_fw = forward_ad.state
_NOTHING = np.empty(0)
_recorded = threading.local()  # the formula's graph, from GradientOp.apply to the forward it calls


def gradient_node(op, kind, **attributes):
    """The class of `op`'s gradient node: a subclass of `kind` named <Op>Backward (so it prints
    as torch's <Op>BackwardBackward0), with `op` and `attributes` on it."""
    return type(op.__qualname__ + "Backward", (kind,), {"op": op, "__module__": op.__module__, **attributes})


class GradientOp(Op):
    """Subclasses define `formula(*tensors, *params)` (a static or class method) on Tensors: the
    first `tensors` arguments (None allowed for an absent optional tensor), returning one Tensor,
    or `n_outputs` of them. Every tensor argument is saved. Under create_graph a node that is not
    `linear` records the formula as it runs, on detached copies of its inputs, and keeps that graph
    for a plain double backward (a norm's formula is long: rerunning it cost a third of a gradient
    penalty step); a third order reruns it on aliases, which connect its result to the inputs."""
    tensors = 1
    formula = None
    zero_when_unused = False  # an input the formula does not depend on gets zeros, as torch's
                              # zeros_like(self) (an activation's), not no gradient (a norm's bias)
    linear = False  # one output, grad_output times a factor of the other inputs, elementwise: the map is its
                    # own adjoint, so the node is its own derivative in grad_output
    masks = False   # the other inputs are read only through masks: their derivatives are zero
    half_in_float32 = False  # float16 tensors computed in float32, the result rounded once (torch's activation kernels)
    self_derivative = None  # optional (gg, *inputs, *params) -> the derivative in input 1 written out (torch's
                            # elu_double_backward...), or None where it is not: then the rerun gives it

    def __init_subclass__(cls, **kwargs):
        if cls.formula is not None:
            cls.saves = tuple(range(cls.tensors))
            # named as the formula names them, as torch's: grad_output, self, target, ...
            cls.saved_names = tuple(inspect.signature(cls.formula).parameters)[:cls.tensors]
        super().__init_subclass__(**kwargs)

    @classmethod
    def apply(cls, *args):
        if not _state.enabled and not _state.on_arrays and not _fw.active:
            return cls._formula(args)  # nothing to record: no node, no wrapping
        k = cls.tensors
        if cls.linear or _state.on_arrays or _fw.active or not any(
                isinstance(t, Tensor) and t._requires_grad for t in args[:k]):
            return super().apply(*args)
        leaves = [_stand_in(t, True, False) if isinstance(t, Tensor) and t._requires_grad else t for t in args[:k]]
        _recorded.graph = (leaves, cls.formula(*leaves, *args[k:]))
        try:
            return super().apply(*args)
        finally:
            _recorded.graph = None

    @classmethod
    def forward(cls, ctx, *args):
        k = cls.tensors
        ctx.params = args[k:]
        graph = getattr(_recorded, "graph", None)
        if graph is not None:  # recorded by apply, for this node
            _recorded.graph = None
            ctx.graph = graph
            out = graph[1]
        else:
            enabled, on_arrays = _state.enabled, _state.on_arrays
            _state.enabled = _state.on_arrays = False  # the formula's own ops are not recorded
            try:
                out = cls._formula([None if a is None else Tensor._wrap(a) for a in args[:k]] + list(args[k:]))
            finally:
                _state.enabled, _state.on_arrays = enabled, on_arrays
        if type(out) is not tuple:
            return out._data
        # an output the caller did not ask for (a norm's weight gradient without a weight): empty
        return tuple([_NOTHING if o is None else o._data for o in out])

    @classmethod
    def _formula(cls, args):
        """The formula on `args`, recording nothing (grad mode is off)."""
        if cls.half_in_float32:
            return tensors_in_float32(cls.formula, args[:cls.tensors], *args[cls.tensors:])
        return cls.formula(*args)

    graph = None

    def _free(self):
        Op._free(self)
        self.graph = None

    def backward(ctx, *grads):
        inputs = ctx.saved_tensors
        wanted = [i for i, need in enumerate(ctx.needs_input_grad[:len(inputs)]) if need]
        result = [None] * ctx._arity
        if ctx.linear and wanted and wanted[0] == 0:
            result[0] = type(ctx).apply(grads[0], *inputs[1:], *ctx.params)
            wanted = wanted[1:]
        if ctx.masks:
            for i in wanted:
                result[i] = _creation.zeros_like(inputs[i])
            return tuple(result)
        if wanted == [1] and ctx.self_derivative is not None:
            result[1] = ctx.self_derivative(grads[0], *inputs, *ctx.params)
            if result[1] is not None:
                return tuple(result)
        if not wanted:
            return tuple(result)
        create_graph = _state.enabled
        graph = None if create_graph else ctx.graph
        if graph is None:
            _state.enabled = True
            try:
                inputs = [_stand_in(t, i in wanted, create_graph) for i, t in enumerate(inputs)]
                graph = inputs, type(ctx).formula(*inputs, *ctx.params)
            finally:
                _state.enabled = create_graph
        inputs, out = graph
        out = out if type(out) is tuple else (out,)
        pairs = [(o, g) for o, g in zip(out, grads) if g is not None and o is not None and o.requires_grad]
        found = [None] * len(wanted)
        if pairs:
            from ..autograd import grad  # (autograd's package imports the ops)
            # a kept graph may be asked again (retain_graph): it goes with the node's saved tensors
            found = grad([o for o, _ in pairs], [inputs[i] for i in wanted], [g for _, g in pairs],
                         create_graph=create_graph, retain_graph=True, allow_unused=True)
        for i, g in zip(wanted, found):
            result[i] = _creation.zeros_like(inputs[i]) if g is None and ctx.zero_when_unused else g
        return tuple(result)


def _stand_in(t, wanted, connected):
    """What the formula is rerun on for input `t`: an alias of a wanted input when the result must
    connect to it (create_graph; its gradient is the formula's partial derivative, not also what
    reaches one input through another, as the first gradient depends on x), else a detached copy
    (the walk then need not see the graph above)."""
    if t is None or not wanted:
        return None if t is None else t.detach()
    return Alias.apply(t) if connected else t.detach()._set_requires_grad()


from .._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
