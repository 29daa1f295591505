"""Forward-mode AD: dual tensors carry a tangent through every op of the op table.

No op has a hand-written JVP rule. Each op's derivative formula (its VJP) is linear in the
output cotangent u, so the JVP is the transpose of the VJP:

    tangent_out = d/du < vjp(u), tangent_in >

computed with pullback's own reverse mode: run the op with its tangent-carrying inputs
requiring grad (so it records its node), call the node's formula on a u that requires grad
(grad mode on), then differentiate <vjp(u), tangent_in> with respect to u. This is exact,
and it keeps the tangent itself differentiable, so reverse-over-forward and
forward-over-reverse compose. View ops apply themselves to the tangent (so a view's tangent
is a view of its base's tangent). Outputs a formula saves get their tangent back when
unpacked (`_fw_out_tangents`), which forward-over-reverse needs.

Only one dual level exists at a time, as in torch. `Op.apply` pays one flag test
(`state.active`) when no level is active.
"""
import itertools
from collections import namedtuple

from .grad_mode import _DecoratorContextManager, enable_grad

__all__ = ["dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "UnpackedDualTensor"]


class _State:
    active = False   # read by Op.apply on every call: keep it one attribute of a plain object
    level = None     # the id of the live level; tangents of older levels are ignored


state = _State()
_level_ids = itertools.count()

UnpackedDualTensor = namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def enter_dual_level():
    """Open the (single) dual level; returns its index, 0."""
    if state.level is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    state.level = next(_level_ids)
    state.active = True
    return 0


def exit_dual_level(*, level=None):
    """Close the dual level: every tangent created in it is forgotten."""
    if state.level is None:
        raise RuntimeError("Dual level must be a positive number.")
    state.level = None
    state.active = False


class dual_level(_DecoratorContextManager):
    """Context manager for a forward-AD level: `with dual_level(): ...`, or `@dual_level()` on a function."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()


def tangent_of(t):
    """The tangent of `t` at the live level, or None."""
    entry = t.__dict__.get("_fw_tangent")
    if entry is not None and entry[0] == state.level and state.level is not None:
        return entry[1]
    return None


def set_tangent(t, tangent):
    t.__dict__["_fw_tangent"] = (state.level, tangent)


def make_dual(tensor, tangent, *, level=None):
    """A view of `tensor` that carries `tangent` (same shape) at the live level."""
    if state.level is None:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if tangent._data.shape != tensor._data.shape:
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor._data.shape)} while the "
                           f"given forward gradient is of size {list(tangent._data.shape)}.")
    if tensor._data.dtype.kind != "f":
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if tangent._data.dtype.kind != "f":
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    with _inactive():
        dual = tensor.view_as(tensor)
        tangent = _in_layout_of(tangent, tensor)
    set_tangent(dual, tangent)
    return dual


def _in_layout_of(tangent, primal):
    """`tangent` itself where its layout is the primal's (strides over dims longer than 1, storage
    offset), else a copy of it laid out as the primal is, as torch's make_dual does."""
    shape, stride, offset = primal._data.shape, primal.stride(), primal.storage_offset()
    if tangent._requires_grad or (tangent.storage_offset() == offset and all(
            a == b for a, b, n in zip(stride, tangent.stride(), shape) if n > 1)):
        return tangent
    from .._creation import zeros
    from .grad_mode import no_grad
    extent = offset + 1 + sum((n - 1) * s for n, s in zip(shape, stride)) if primal.numel() else offset
    with no_grad():
        return zeros(extent, dtype=tangent.dtype).as_strided(shape, stride, offset).copy_(tangent)


def unpack_dual(tensor, *, level=None):
    """(primal, tangent): a tangent-free view of `tensor`, and its tangent (None if it has none)."""
    tangent = tangent_of(tensor)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    with _inactive():
        primal = tensor.view_as(tensor)
    return UnpackedDualTensor(primal, tangent)


class _inactive:
    """Run ops without tangent propagation (for the primal, and inside the JVP computation)."""

    def __enter__(self):
        self.prev = state.active
        state.active = False

    def __exit__(self, *exc):
        state.active = self.prev


# ------------------------------------------------------------------ propagation (called by Op.apply)
def _tensor_type():
    from .._tensor import Tensor
    return Tensor


def _computes_tangents():
    from .grad_mode import is_inference_mode_enabled
    return not is_inference_mode_enabled()  # inference mode computes no forward gradients, as torch


def apply(cls, args):
    """Op.apply while a level is live: the primal result, with tangents where inputs have them."""
    Tensor = _tensor_type()
    tangents = [tangent_of(a) if isinstance(a, Tensor) else None for a in args]
    with _inactive():
        if all(t is None for t in tangents) or not cls.differentiable or not _computes_tangents():
            return cls.apply(*args)
        out, out_tangents = _jvp(cls, args, tangents)
        for o, t in zip(out if type(out) is tuple else (out,), out_tangents):
            if t is not None:
                set_tangent(o, t)
    return out


def apply_inplace(cls, self, others):
    """Op.apply_ while a level is live: update the primal in place, and its tangent too."""
    Tensor = _tensor_type()
    args = (self,) + tuple(others)
    tangents = [tangent_of(a) if isinstance(a, Tensor) else None for a in args]
    new_tangent = None
    with _inactive():
        if cls.differentiable and any(t is not None for t in tangents) and _computes_tangents():
            _, (new_tangent,) = _jvp(cls, (self._history_alias(copy=True),) + tuple(others), tangents)
        cls.apply_(self, *others)
        if new_tangent is not None:
            old = tangent_of(self)
            if old is None and self._base is not None and not new_tangent._requires_grad:
                old = _view_of_base_tangent(self)  # writing into a view: its base gets the tangent too
            if old is not None and not old._requires_grad and not new_tangent._requires_grad:
                old._data[...] = new_tangent._data  # in place, so views sharing the tangent see it
            else:
                set_tangent(self, new_tangent)
    return self


def _view_of_base_tangent(view):
    """The part of its base's tangent (zeros where the base had none) that `view` looks at."""
    from .._creation import zeros_like
    from ..ops._op import replay_view
    base = view._base
    base_tangent = tangent_of(base)
    if base_tangent is None:
        base_tangent = zeros_like(base)
        set_tangent(base, base_tangent)
    if base_tangent._requires_grad:
        return None
    t = replay_view(view._view_ops, base_tangent)
    set_tangent(view, t)
    return t


def _proxy(a, tangent):
    """A leaf standing for `a` in the node recorded for its op: it keeps `a`'s tangent, so the formula's
    saved inputs still carry it when the graph is kept (a backward run inside a live level, as a jvp of a
    gradient of a function closing over a dual tensor, then propagates it)."""
    proxy = a.detach()._set_requires_grad()
    set_tangent(proxy, tangent)
    return proxy


def _jvp(cls, args, tangents):
    """(the op's outputs, one tangent per output or None) for inputs `args` with `tangents`."""
    if cls.node_name == "torch::autograd::NotImplemented":  # no derivative at all (floor_divide)
        raise NotImplementedError(f"Trying to use forward AD with aten::{cls.aten} that does not support it.")
    if cls.no_forward_ad:  # a reverse formula, but none for forward mode in torch (_standard_gamma)
        raise NotImplementedError(
            f"Trying to use forward AD with {cls.no_forward_ad} that does not support it because it has not been "
            "implemented yet.\nPlease file an issue to PyTorch at https://github.com/pytorch/pytorch/issues/new?"
            "template=feature-request.yml so that we can prioritize its implementation or submit a PR adding the "
            "implementation to derivatives.yaml")
    if cls.is_view and tangents[0] is not None and all(t is None for t in tangents[1:]):
        return cls.apply(*args), (cls.apply(tangents[0], *args[1:]),)  # linear: a view of the tangent
    from . import grad
    from .._creation import ones_like, zeros_like
    from .engine import _fit
    from .grad_mode import is_grad_enabled
    Tensor = _tensor_type()
    record = is_grad_enabled() and any(isinstance(a, Tensor) and a._requires_grad for a in args)
    keep_graph = record or (is_grad_enabled() and any(t is not None and t._requires_grad for t in tangents))
    with enable_grad():
        # inputs with a tangent must require grad for the op to record the node whose formula we transpose
        proxies = [_proxy(a, t) if t is not None and not a._requires_grad else a for a, t in zip(args, tangents)]
        out = cls.apply(*proxies)
        outs = out if type(out) is tuple else (out,)
        diff = [i for i, o in enumerate(outs) if o._requires_grad]
        if not diff:
            return out, (None,) * len(outs)
        node = outs[diff[0]]._grad_fn
        # any u works for a formula linear in it; ones stay clear of log|u| in formulas like logcumsumexp's
        us = [ones_like(o, requires_grad=True) if i in diff else zeros_like(o) for i, o in enumerate(outs)]
        vjps = node.backward_grads(us)
        inner = None
        for i, (g, t) in enumerate(zip(vjps, tangents)):
            if g is not None and t is not None:
                term = (_fit(g, node._metas[i], node, i) * t).sum()
                inner = term if inner is None else inner + term
        if inner is None or not inner._requires_grad:
            jvps = (None,) * len(diff)
        else:
            jvps = grad(inner, [us[i] for i in diff], create_graph=keep_graph, allow_unused=True)
    result = [None] * len(outs)
    for i, j in zip(diff, jvps):
        result[i] = zeros_like(outs[i]) if j is None else j
    node._fw_out_tangents = (state.level, result)  # for the outputs the formula saved (SavedTensor.unpack)
    if not record:  # the caller asked for no graph: plain results, not the proxies' history
        outs = tuple(Tensor._wrap(o._data) for o in outs)
        out = outs if type(out) is tuple else outs[0]
    return out, tuple(result)
