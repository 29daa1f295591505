"""grad_fn._saved_<name> of common nodes, named and valued as torch's.

torch's generated nodes expose what their derivative formula keeps: the tensors
(`_saved_self`, `_saved_mat2`, `_saved_result`) and the other arguments (`_saved_dim`,
`_saved_keepdim`, `_saved_alpha`, `_saved_self_sym_sizes`, ...). pullback's op-table nodes
keep the same facts under their own names (`Op.saves`, attributes set by forward). This
module gives them torch's names:

* `SAVED_NAMES`: the names of an op's saved tensors where torch's differ from the ones the
  op table derives from forward's parameters (mm saves `self` and `mat2`, where saves
  `condition`); `Node.__getattr__` serves them, with version checks, and refuses them once
  backward has freed them.
* `ARGUMENTS`: the non-tensor arguments, as read-only properties on the node classes (so
  `dir(grad_fn)` lists them, as torch's does). Like torch's, they stay readable after backward.

What a node does not keep (e.g. the dim of `squeeze(dim)`) is not made up: the attribute is
absent. Negative dims are given as the dims they name (torch prints a negative int64 as an
unsigned number, 18446744073709551615 for -1).
"""
from .node import FREED_MESSAGE, SavedTensor

INT64_MAX = 9223372036854775807
_REDUCTION = {"none": 0, "mean": 1, "sum": 2}  # torch's Reduction enum, as _saved_reduction gives it


def _full(node, dims):
    """True when `dims` are all the dims of the node's input (torch saved None for them: x.var())."""
    shape = getattr(node, "in_shape", None)
    if shape is None and node._metas and node._metas[0] is not None:
        shape = node._metas[0][0]
    return shape is not None and tuple(sorted(dims)) == tuple(range(len(shape)))


def _freed_check(state):
    """True, or torch's refusal for a saved value the graph has freed."""
    if state is None:
        raise RuntimeError(FREED_MESSAGE)
    return True


def _dims_or_none(node):
    return None if _full(node, node.dims) else tuple(node.dims)


def _slice_part(node, k):
    s = node.key[-1]
    return (s.start if s.start is not None else 0, s.stop if s.stop is not None else INT64_MAX,
            s.step if s.step is not None else 1)[k]


def _reduction(node):
    return _REDUCTION.get(node.reduction, node.reduction)


def _wrapped_number(position):
    """A saved argument as torch's wrapped-number tensor when it was a Python number (x * 2)."""
    def get(node):
        saved = node._saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        s = saved[position]
        if type(s) is SavedTensor:
            return s.unpack(node)
        if isinstance(s, (bool, int, float)):
            import numpy as np
            from .._tensor import Tensor
            return Tensor._wrap(np.array(s))  # int64, float64 or bool, as torch wraps a Python scalar
        return s
    return get


def _index_tensor(array):
    from .._tensor import Tensor
    return Tensor._wrap(array.astype("int64", copy=False) if array.dtype.kind in "iu" else array)


def _input_shape(node, i=0):
    """The shape of the node's i-th input (kept for its gradient)."""
    meta = node._metas[i] if i < len(node._metas) else None
    if meta is None:
        raise AttributeError("the node kept no shape for this input")
    return tuple(meta[0])


def _strides(node, position):
    """The element strides of a saved input, as torch's _saved_*_sym_strides."""
    saved = node._saved[position] if node._saved else None
    if type(saved) is not SavedTensor or saved.tensor is None:
        raise AttributeError("the node did not keep this input")
    data = saved.tensor._data
    return tuple(st // data.itemsize for st in data.strides)


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _reshaped_saved(position, shape_attr):
    """A saved tensor as torch's kernel received it (prelu's weight, shaped to broadcast)."""
    def get(node):
        saved = node._saved
        if saved is None:
            raise RuntimeError(FREED_MESSAGE)
        return saved[position].unpack(node).reshape(getattr(node, shape_attr))
    return get


_SIZES = {"self_sym_sizes": lambda n: tuple(n.in_shape)}
_MATRICES = {"self_sym_sizes": lambda n: _input_shape(n, 0), "mat2_sym_sizes": lambda n: _input_shape(n, 1),
             "self_sym_strides": lambda n: _strides(n, 0), "mat2_sym_strides": lambda n: _strides(n, 1)}
_NORM = {"eps": lambda n: n.eps}
_MAX_POOL = {name: (lambda n, i=i: n.args[i]) for i, name in
             enumerate(("kernel_size", "stride", "padding", "dilation", "ceil_mode"))}
_DIM_KEEPDIM = {"dim": lambda n: tuple(n.dims), "keepdim": lambda n: n.keepdim}

# node class name -> {torch's attribute (without `_saved_`): getter(node)}
_SCALED = {"alpha": lambda n: n.alpha, "beta": lambda n: n.beta}  # beta * input + alpha * product

ARGUMENTS = {
    # pointwise
    "Add": {"alpha": lambda n: 1},
    "AddAlpha": {"alpha": lambda n: n.alpha},
    "Sub": {"alpha": lambda n: 1},
    "SubAlpha": {"alpha": lambda n: -n.alpha},
    "PowScalarBase": {"self": lambda n: n.base},
    "Clamp": {"min": lambda n: n.lo, "max": lambda n: n.hi},
    "Logit": {"eps": lambda n: n.eps},
    "Addcmul": {"value": lambda n: n.value},
    "Lerp": {"weight": lambda n: n.weight},
    # reductions
    "Sum": dict(_SIZES),
    "SumDim": {**_SIZES, **_DIM_KEEPDIM},
    "Mean": {**_SIZES, "self_sym_numel": lambda n: _numel(n.in_shape)},
    "MeanDim": {**_SIZES, **_DIM_KEEPDIM, "self_sym_numel": lambda n: _numel(n.in_shape)},
    "MaxDim": {**_SIZES, "dim": lambda n: n.dim, "keepdim": lambda n: n.keepdim,
               "indices": lambda n: _index_tensor(n.indices)},
    "MinDim": {**_SIZES, "dim": lambda n: n.dim, "keepdim": lambda n: n.keepdim,
               "indices": lambda n: _index_tensor(n.indices)},
    "Amax": dict(_DIM_KEEPDIM),
    "Amin": dict(_DIM_KEEPDIM),
    "Logsumexp": dict(_DIM_KEEPDIM),
    "Var": {"dim": _dims_or_none, "keepdim": lambda n: n.keepdim,
            "correction": lambda n: None if _full(n, n.dims) and n.correction == 1 else n.correction},
    "Std": {"dim": _dims_or_none, "keepdim": lambda n: n.keepdim,
            "correction": lambda n: None if _full(n, n.dims) and n.correction == 1 else n.correction},
    "LinalgVectorNorm": {"dim": lambda n: None if n.over_all else tuple(n.dims), "keepdim": lambda n: n.keepdim,
                         "ord": lambda n: int(n.p) if float(n.p).is_integer() else n.p},
    "Cumsum": {"dim": lambda n: n.dim},
    "Cumprod": {"dim": lambda n: n.dim},
    "Sort": {**_SIZES, "dim": lambda n: n.dim, "indices": lambda n: _index_tensor(n.indices)},
    "Topk": {**_SIZES, "dim": lambda n: n.dim, "indices": lambda n: _index_tensor(n.indices)},
    "Kthvalue": {**_SIZES, "dim": lambda n: n.dim, "keepdim": lambda n: n.keepdim,
                 "indices": lambda n: _index_tensor(n.indices)},
    "Softmax": {"dim": lambda n: n.dim},
    "LogSoftmax": {"dim": lambda n: n.dim},
    # shape
    "View": dict(_SIZES),
    "UnsafeView": dict(_SIZES),
    "Expand": dict(_SIZES),
    "Trace": dict(_SIZES),
    "SqueezeDim": dict(_SIZES),
    "Transpose": {"dim0": lambda n: n.dims[0], "dim1": lambda n: n.dims[1]},
    "Permute": {"dims": lambda n: tuple(n.dims)},
    "Unsqueeze": {"dim": lambda n: n.dim},
    "Select": {**_SIZES, "dim": lambda n: n.dim, "index": lambda n: n.index},
    "Slice": {**_SIZES, "dim": lambda n: len(n.key) - 1, "start": lambda n: _slice_part(n, 0),
              "end": lambda n: _slice_part(n, 1), "step": lambda n: _slice_part(n, 2)},
    "Cat": {"dim": lambda n: n.dim},
    "Split": {"dim": lambda n: n.dim, "self_sym_sizes": lambda n: _input_shape(n)},
    "Stack": {"dim": lambda n: n.dim},
    "Unbind": {"dim": lambda n: n.dim},
    "Flip": {"dims": lambda n: tuple(n.dims)},
    "Roll": {"shifts": lambda n: tuple(n.shifts), "dims": lambda n: tuple(n.dims)},
    "Repeat": {**_SIZES, "repeats": lambda n: tuple(n.repeats)},
    "Tril": {"diagonal": lambda n: n.diagonal},
    "Triu": {"diagonal": lambda n: n.diagonal},
    "ConstantPadNd": {"pad": lambda n: tuple(n.pad)},
    "DiagEmbed": {"offset": lambda n: n.args[0], "dim1": lambda n: n.args[1], "dim2": lambda n: n.args[2]},
    "Diagonal": {**_SIZES, "offset": lambda n: n.args[0], "dim1": lambda n: n.args[1], "dim2": lambda n: n.args[2]},
    "Unfold": {**_SIZES, "dimension": lambda n: n.args[0], "size": lambda n: n.args[1], "step": lambda n: n.args[2]},
    "IndexSelect": {**_SIZES, "dim": lambda n: n.dim, "index": lambda n: _index_tensor(n.index)},
    "Gather": {"dim": lambda n: n.dim, "sparse_grad": lambda n: False, "index": lambda n: _index_tensor(n.index)},
    "ScatterAdd": {"dim": lambda n: n.dim, "index": lambda n: _index_tensor(n.index)},
    "IndexPut": {"accumulate": lambda n: n.accumulate,
                 "indices": lambda n: tuple(_index_tensor(k) for k in n.key)},
    "Index": {**_SIZES, "indices": lambda n: _freed_check(n.key) and tuple(_index_tensor(k) for k in n.key)},
    "MaskedSelect": {"mask": lambda n: _index_tensor(n.mask)},
    # matrix products
    "Mm": dict(_MATRICES),
    "Addmm": {"alpha": lambda n: n.alpha, "beta": lambda n: n.beta,
              "mat1_sym_sizes": lambda n: _input_shape(n, 1), "mat2_sym_sizes": lambda n: _input_shape(n, 2),
              "mat1_sym_strides": lambda n: _strides(n, 0), "mat2_sym_strides": lambda n: _strides(n, 1)},
    "Addmv": dict(_SCALED),
    "Addr": dict(_SCALED),
    "Baddbmm": dict(_SCALED),
    "Addbmm": {**_SCALED, "batch1_sym_argsize_0": lambda n: _input_shape(n, 1)[0],
               "batch1_sym_argsize_1": lambda n: _input_shape(n, 1)[1],
               "batch2_sym_argsize_2": lambda n: _input_shape(n, 2)[2]},
    "Dist": {"p": lambda n: n.p},
    "Renorm": {"p": lambda n: n.p, "dim": lambda n: n.dim, "maxnorm": lambda n: n.maxnorm},
    # nn
    "Gelu": {"approximate": lambda n: n.params[0]},
    "LeakyRelu": {"negative_slope": lambda n: n.params[0]},
    "Elu": {"alpha": lambda n: n.params[0], "scale": lambda n: n.params[1], "input_scale": lambda n: n.params[2]},
    "Celu": {"alpha": lambda n: n.params[0]},
    "Softplus": {"beta": lambda n: n.params[0], "threshold": lambda n: n.params[1]},
    "Hardtanh": {"min_val": lambda n: n.params[0], "max_val": lambda n: n.params[1]},
    "Threshold": {"threshold": lambda n: n.threshold},
    "ThresholdBackward": {"threshold": lambda n: n.threshold},
    "Softshrink": {"lambd": lambda n: n.params[0]},
    "Hardshrink": {"lambd": lambda n: n.params[0]},
    "Glu": {"dim": lambda n: n.params[0]},
    "MseLoss": {"reduction": _reduction},
    "L1Loss": {"reduction": _reduction},
    "BinaryCrossEntropy": {"reduction": _reduction},
    "BinaryCrossEntropyWithLogits": {"reduction": _reduction},
    "SmoothL1Loss": {"reduction": _reduction, "beta": lambda n: n.param},
    "HuberLoss": {"reduction": _reduction, "delta": lambda n: n.param},
    "NllLoss": {"reduction": _reduction},
    "Prelu": {"weight": _reshaped_saved(1, "wshape")},
    "NativeLayerNorm": {"normalized_shape": lambda n: tuple(n.view[d] for d in n.dims)},
    "NativeGroupNorm": {**_NORM, "N": lambda n: n.view[0], "group": lambda n: n.view[1], "C": lambda n: n.pshape[1],
                        "HxW": lambda n: _numel(_input_shape(n)[2:])},
    "NativeBatchNorm": dict(_NORM),
    "Embedding": {"indices": lambda n: _index_tensor(n.idx),
                  "padding_idx": lambda n: -1 if n.padding_idx is None else n.padding_idx,
                  "scale_grad_by_freq": lambda n: n.by_freq, "sparse": lambda n: False,
                  "weight_sym_argsize_0": lambda n: n.w_shape[0]},
    "ConvolutionBackward": {name: (lambda n, name=name: n.given[name]) for name in
                            ("stride", "padding", "dilation", "transposed", "output_padding", "groups")},
    "MaxPool2DWithIndices": _MAX_POOL,
    "MaxPool3DWithIndices": _MAX_POOL,
}

# node class name -> torch's names of its saved tensors (in the order of the class's `saves`)
SAVED_NAMES = {
    "Mm": ("self", "mat2"),
    "Bmm": ("self", "mat2"),
    "Mv": ("self", "vec"),
    "Dot": ("self", "tensor"),
    "Addmm": ("mat1", "mat2"),
    "PowTensor": ("self", "exponent", "result"),
    "PowScalarBase": ("exponent", "result"),
    "Where": ("condition",),
    "ThresholdBackward": ("self",),
    "LerpTensor": ("self", "end", "weight"),
    "Addcmul": ("tensor1", "tensor2"),
    "Prelu": ("self", "weight"),
    "MseLoss": ("self", "target"),
    "BinaryCrossEntropy": ("self", "target"),
    "BinaryCrossEntropyWithLogits": ("self", "target"),
    "SmoothL1Loss": ("self", "target"),
    "HuberLoss": ("self", "target"),
    "L1Loss": ("self", "target"),
    "NativeLayerNorm": ("input", "weight", "bias"),
    "NativeGroupNorm": ("input", "weight"),
    "NativeBatchNorm": ("input", "weight"),
}

WRAPPED_NUMBERS = {"Mul": ("self", "other"), "Div": ("self", "other")}


def _node_classes():
    """Every op-table node class (and its in-place variants), by class name."""
    from ..ops._op import Op
    found, stack = {}, [Op]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            found.setdefault(sub.__qualname__, []).append(sub)
            stack.append(sub)
    return found


def _property(name, getter):
    prop = property(getter)
    prop.__doc__ = f"torch's grad_fn._saved_{name}"
    return prop


def install():
    from ..ops._op import set_pack_order
    classes = _node_classes()
    for cls_name, names in SAVED_NAMES.items():
        for cls in classes.get(cls_name, ()):
            if len(getattr(cls, "saves", ())) == len(names):
                cls.saved_names = names
                set_pack_order(cls)
    for cls_name, attrs in ARGUMENTS.items():
        for cls in classes.get(cls_name, ()):
            for name, getter in attrs.items():
                setattr(cls, f"_saved_{name}", _property(name, getter))
    for cls_name, names in WRAPPED_NUMBERS.items():
        for cls in classes.get(cls_name, ()):
            for position, name in enumerate(names):
                setattr(cls, f"_saved_{name}", _property(name, _wrapped_number(position)))
