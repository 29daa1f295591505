"""torch.autograd: backward, grad, grad modes and the legacy Variable."""
import operator
from collections.abc import Mapping

import numpy as np

from .._size import tp_name
from .engine import run_backward
from .grad_mode import (_force_original_view_tracking, enable_grad, inference_mode, is_grad_enabled,
                        is_inference_mode_enabled, is_multithreading_enabled, is_view_replay_enabled, no_grad,
                        set_grad_enabled, set_multithreading_enabled)
from .node import Node, RawSavedTensor as SavedTensor  # torch's name for the type of grad_fn._raw_saved_*
from . import function, graph
from .function import Function, once_differentiable

__all__ = ["backward", "grad", "Variable", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "is_grad_enabled", "is_inference_mode_enabled", "Node", "Function", "gradcheck", "gradgradcheck",
           "detect_anomaly", "set_detect_anomaly", "is_multithreading_enabled", "set_multithreading_enabled"]


def _as_tuple(x):
    """torch's reading of tensors / inputs: one Tensor or GradientEdge (a namedtuple, taken whole), else any
    iterable of them (a generator too); anything else is its TypeError (not iterable)."""
    if x is None:
        return None
    if isinstance(x, (_tensor_class(), graph.GradientEdge)):
        return (x,)
    if not hasattr(x, "__iter__") and not hasattr(x, "__getitem__"):  # (a node's class prints as MulBackward0)
        raise TypeError(f"'{tp_name(x)}' object is not iterable")
    return tuple(x)


def _grads_tuple(grads, n):
    """torch's _tensor_or_tensors_to_tuple: None for each output, a lone Tensor, or any iterable."""
    if grads is None:
        return (None,) * n
    if isinstance(grads, _tensor_class()):
        return (grads,)
    return tuple(grads)


def _start_grads(outputs, grads):
    """_make_grads, then the engine's checks in torch's order: the counts, then each output's history."""
    result = _make_grads(outputs, grads)
    if len(result) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(result)} gradients")
    for i, t in enumerate(outputs):
        if not t._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
    return result


def _make_grads(outputs, grads):
    """The gradient to start each output from: given (shape-checked) or, for one element, 1."""
    Tensor = _tensor_class()
    result = []
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if not isinstance(out, Tensor) and not isinstance(out, tuple):
            raise AssertionError("Expected output to be a torch.Tensor")
        if g is None:
            if not out._requires_grad:
                result.append(None)  # the engine refuses it next, as torch's
                continue
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if out._data.dtype.kind != "f":
                raise RuntimeError(f"grad can be implicitly created only for real scalar outputs but got "
                                   f"{out.dtype}")
            shape = out._data.shape  # np.array(1) is a quarter of np.ones' cost for a scalar loss
            result.append(Tensor._wrap(np.array(1, out._data.dtype) if shape == () else np.ones(shape, out._data.dtype)))
        elif isinstance(g, Tensor):
            if g._data.shape != out._data.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and output[{i}] "
                                   f"has a shape of {out.shape}.")
            if g._data.dtype.kind == "c" or out._data.dtype.kind == "c":
                if g._data.dtype != out._data.dtype:
                    raise RuntimeError(f"For complex Tensors, both grad_output and output are required to have the "
                                       f"same dtype. Mismatch in dtype: grad_output[{i}] has a dtype of {g.dtype} "
                                       f"and output[{i}] has a dtype of {out.dtype}.")
            elif g._data.dtype.kind != "f" and out._data.dtype.kind == "f":
                g = g.detach().to(out.dtype)  # torch casts an integer or bool gradient to the output's dtype
            elif g._data.dtype != out._data.dtype and out._data.dtype.kind == "f":
                g = g.to(out.dtype)  # and a floating one, as its engine does every gradient entering a node
            result.append(g)
        else:
            raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
    return result


def _tensor_class():
    global _Tensor
    if _Tensor is None:
        from .._tensor import Tensor as _Tensor  # the Tensor module imports autograd: looked up on first use
    return _Tensor


_Tensor = None


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulate the gradients of `tensors` (weighted by `grad_tensors`) into the leaves' .grad."""
    from .._transform_levels import levels
    if levels.transforms:
        raise RuntimeError("backward() called inside a functorch transform. This is not supported, please use "
                           "functorch.grad or functorch.vjp instead or call backward() outside of functorch "
                           "transforms.")
    tensors = _as_tuple(tensors)
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = _start_grads(tensors, _grads_tuple(grad_tensors if grad_tensors is not None else grad_variables,
                                               len(tensors)))
    if retain_graph is None:
        retain_graph = create_graph
    retain_graph, create_graph = _engine_flag(retain_graph), _engine_flag(create_graph)
    if create_graph:
        from .._runtime import warn_once
        warn_once("Using backward() with create_graph=True will create a reference cycle between the parameter and "
                  "its gradient which can cause a memory leak. We recommend using autograd.grad when creating the "
                  "graph to avoid this. If you have to use this function, make sure to reset the .grad fields of "
                  "your parameters to None after use to break the cycle and avoid the leak.")
    _checkpoint_valid.append(inputs is None)
    try:
        run_backward(tensors, grads, retain_graph, create_graph, inputs=inputs, accumulate=True)
    finally:
        _checkpoint_valid.pop()


# whether the backward in progress (innermost last) accumulates into every leaf, as torch's
# reentrant checkpoint needs: not under autograd.grad() or backward(inputs=...)
_checkpoint_valid = [True]


def _engine_flag(value):
    """retain_graph, create_graph or allow_unused as torch's engine call reads it (an unsigned char):
    an integer from 0 to 255, taken as a bool; else Python's TypeError or OverflowError."""
    value = operator.index(value)
    if not 0 <= value <= 255:
        raise OverflowError(f"unsigned byte integer is {'less than minimum' if value < 0 else 'greater than maximum'}")
    return bool(value)


def _is_checkpoint_valid():
    return _checkpoint_valid[-1]


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of `outputs` with respect to `inputs`, returned (not accumulated into .grad)."""
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outputs = _as_tuple(outputs)
    if type(inputs) is dict:  # gradients come back as a dict with its keys
        keys, inputs = list(inputs), tuple(inputs.values())
        return dict(zip(keys, grad(outputs, inputs, grad_outputs, retain_graph, create_graph, only_inputs,
                                   allow_unused, is_grads_batched, materialize_grads)))
    if isinstance(inputs, Mapping):
        raise TypeError(f"`inputs` argument to `grad()` must be a dict, not {type(inputs).__name__}. "
                        "Other Mapping types are not supported.")
    inputs_t = _as_tuple(inputs)
    if not inputs_t:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if not only_inputs:
        import warnings
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.", FutureWarning,
                      stacklevel=2)
    grad_outputs = _grads_tuple(grad_outputs, len(outputs))
    if is_grads_batched:
        for i, t in enumerate(outputs):
            if not t._requires_grad:
                raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        return _batched_grad(outputs, inputs_t, grad_outputs, retain_graph, create_graph, allow_unused,
                             materialize_grads)
    grads = _start_grads(outputs, grad_outputs)
    if retain_graph is None:
        retain_graph = create_graph
    retain_graph, create_graph, _ = map(_engine_flag, (retain_graph, create_graph, allow_unused))
    _checkpoint_valid.append(False)
    try:
        result = run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs_t, accumulate=False)
    finally:
        _checkpoint_valid.pop()
    out = []
    for i, (t, g) in enumerate(zip(inputs_t, result)):
        if g is None:
            if materialize_grads:
                from .._creation import zeros_like
                g = zeros_like(t, requires_grad=create_graph)
            elif not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
        out.append(g)
    return tuple(out)


def _batched_grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused, materialize_grads):
    """grad with is_grads_batched: one vector-Jacobian product per row of the grad_outputs (their
    first dim), stacked. torch vmaps the product; this runs it row by row, keeping the graph for
    all rows but the last."""
    from .._creation import zeros_like
    from ..ops import stack
    sizes = set()
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            raise RuntimeError("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is "
                               "a Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.")
        if not g._data.ndim:
            raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in "
                             "C++ to convert a 0-dim tensor to a number")
        if g._data.shape[1:] != out._data.shape:
            raise RuntimeError(f"If `is_grads_batched=True`, we interpret the first dimension of each grad_output as "
                               f"the batch dimension. The sizes of the remaining dimensions are expected to match the "
                               f"shape of corresponding output, but a mismatch was detected: grad_output[{i}] has a "
                               f"shape of {g.shape[1:]} and output[{i}] has a shape of {out.shape}. If you only want "
                               "some tensors in `grad_output` to be considered batched, consider using vmap.")
        sizes.add(g._data.shape[0])
    if len(sizes) > 1:
        raise ValueError(f"vmap: Expected all tensors to have the same size in the mapped dimension, got sizes "
                         f"{[g._data.shape[0] for g in grad_outputs]} for the mapped dimension")
    n = sizes.pop()
    if retain_graph is None:
        retain_graph = create_graph
    rows = [grad(outputs, inputs, [g[k] for g in grad_outputs], retain_graph=retain_graph or k < n - 1,
                 create_graph=create_graph, allow_unused=True) for k in range(n)]
    out = []
    for i, t in enumerate(inputs):
        column = [row[i] for row in rows]
        if all(c is None for c in column):
            if materialize_grads:
                out.append(zeros_like(t, requires_grad=create_graph))  # unbatched: torch materializes after its vmap
                continue
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior.")
            out.append(None)
        else:
            out.append(stack([zeros_like(t) if c is None else c for c in column]))
    return tuple(out)


def Variable(data, requires_grad=False, volatile=False):
    """The legacy wrapper: Variable(t, requires_grad=True) is t, as a leaf that requires grad."""
    from .._tensor import Tensor
    if not isinstance(data, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
    if volatile:
        import warnings
        warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                      stacklevel=2)
    # a new leaf sharing the data, outside any graph, as torch's Variable(t) is
    data = data.detach()
    if requires_grad:
        data.requires_grad_(True)
    return data


from . import anomaly_mode, forward_ad  # noqa: E402
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: E402
from .gradcheck import gradcheck, gradgradcheck  # noqa: E402  (the functions shadow the module, as in torch)
from . import profiler, profiler_util  # noqa: E402  (torch.autograd.profiler; its hooks load when a profile starts)
from ._profiler_types import DeviceType, ProfilerActivity  # noqa: E402
from .profiler import kineto_available  # noqa: E402


def variable(*args, **kwargs):
    """Removed in torch (a deprecated constructor): raises, pointing to torch.tensor."""
    raise RuntimeError("torch.autograd.variable(...) is deprecated, use torch.tensor(...) instead")


variable.Variable = Variable  # (torch keeps torch.autograd.variable.Variable reachable through the function)


def __getattr__(name):
    # functional needs Tensor, and this package is imported by the Tensor module: load it on first use
    if name != "functional":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    module = importlib.import_module(f"{__name__}.functional")
    globals()[name] = module
    return module
