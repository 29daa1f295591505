"""Convolution and transposed convolution over 1-3 spatial dims: one node whose input gradient
is the other kind of convolution and whose weight gradient (ConvolutionWeight) is bilinear in
(input, grad_output), so every order of derivative stays in these two ops."""
import math
import numbers

import numpy as np

from ... import _memory_format
from ...autograd import grad_mode
from .._op import Op
from ..._dtype import cpp_type_name, scalar_type_name
from ..._runtime import get_num_threads, warn_once
from ..reduction import SumDim
from ..shape import pad
from ._common import _tuple
from ._sliding import _col2im, _pad_np, _windows


def _group_slices(n, groups):
    size = n // groups
    return [slice(g * size, (g + 1) * size) for g in range(groups)]


def _cols(x, kernel, stride, pads, dilation, groups, size=None):
    """im2col as (groups, C/groups * prod(kernel), N * prod(out)): each window a column, kernel-major
    within a channel, the batch folded into the columns so that a convolution is one matrix product
    per group; `size` crops the windows to the leading ones (see _conv_weight_np)."""
    d = len(kernel)
    win = _windows(_pad_np(x, pads), kernel, stride, dilation)
    if size is not None:
        win = win[(slice(None),) * 2 + tuple(map(slice, size))]
    out = win.shape[2:2 + d]
    perm = (1,) + tuple(range(2 + d, 2 + 2 * d)) + (0,) + tuple(range(2, 2 + d))
    n, c = x.shape[:2]
    return win.transpose(perm).reshape(groups, c // groups * math.prod(kernel), n * math.prod(out)), out


def _conv_np(x, w, b, stride, pads, dilation, groups):
    """Cross-correlation plus bias: x (N, C, *size), w (O, C/groups, *kernel), b (O,) or None ->
    (N, O, *out), and x's im2col columns (_cols), which the weight's gradient reads again."""
    cols, out = _cols(x, w.shape[2:], stride, pads, dilation, groups)
    n, o = x.shape[0], w.shape[0]
    res = np.matmul(w.reshape(groups, o // groups, cols.shape[1]), cols).reshape(o, n, math.prod(out))  # (O, N, L)
    if b is not None:  # while the output dims are (O, N * L): long rows, one value each
        res += b.reshape(-1, 1, 1)
    return np.ascontiguousarray(res.transpose(1, 0, 2)).reshape((n, o) + out), cols


def _conv_transpose_np(g, w, stride, pads, dilation, groups, out_size):
    """The adjoint of _conv_np in x: g (N, O, *out), w (O, C/groups, *kernel) -> (N, C, *out_size)."""
    d = w.ndim - 2
    cols = [np.moveaxis(np.tensordot(g[:, oi], w[oi], axes=([1], [0])), 1 + d, 1)
            for oi in _group_slices(w.shape[0], groups)]
    cols = cols[0] if groups == 1 else np.concatenate(cols, axis=1)
    return _col2im(cols, out_size, stride, pads, dilation)


def _conv_weight_np(x, g, kernel, stride, pads, dilation, groups, cols=None):
    """The adjoint of _conv_np in w: x (N, C, *size), g (N, O, *out) -> (O, C/groups, *kernel);
    `cols`: x's columns if the forward kept them."""
    if cols is None:  # a transposed conv's output_padding may leave windows past the last one that reached g
        cols, _ = _cols(x, kernel, stride, pads, dilation, groups, g.shape[2:])
    n, o = g.shape[:2]
    gm = g.reshape(n, groups, o // groups, cols.shape[2] // n if n else 0)
    gm = gm.transpose(1, 2, 0, 3).reshape(groups, o // groups, cols.shape[2])
    return np.matmul(gm, cols.swapaxes(-1, -2)).reshape((o, x.shape[1] // groups) + tuple(kernel))


# A conv keeps its input's im2col columns for the weight's gradient up to this size: for small
# inputs rebuilding them is a large part of the backward (W7: ~25 of ~90 us); larger ones would
# hold kernel-size times the input's memory for the life of the graph.
KEEP_COLUMNS_BYTES = 1 << 20


class Convolution(Op):
    """conv (transposed=False) or transposed conv over the dims after (N, C).

    For transposed, `out_size` is the output's spatial size (from output_padding)."""
    on_arrays = True
    saves = (0, 1)
    _listed = 0b100  # a bias left None is an absent optional tensor, listed by torch
    cols = None

    def forward(ctx, x, w, b, stride, pads, dilation, transposed, out_size, groups):
        ctx.args = stride, pads, dilation, groups
        ctx.transposed, ctx.in_size = transposed, x.shape[2:]
        if transposed:
            out = _conv_transpose_np(x, w, stride, pads, dilation, groups, out_size)
            if b is not None:
                out += b.reshape((-1,) + (1,) * (x.ndim - 2))
        else:
            out, cols = _conv_np(x, w, b, stride, pads, dilation, groups)
            if cols.nbytes <= KEEP_COLUMNS_BYTES:
                ctx.cols = cols
        if x.flags.c_contiguous and w.flags.c_contiguous:
            return out
        return _channels_last_if_asked(out, x, w)

    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        stride, pads, dilation, groups = ctx.args
        return _gradients(grad, x, w, stride, pads, dilation, ctx.transposed, ctx.in_size, groups,
                          ctx.needs_input_grad[:3], ctx.cols) + (None,) * 6

    def _free(self):
        Op._free(self)
        self.cols = None  # freed with the saved tensors it was built from


def _gradients(grad, x, w, stride, pads, dilation, transposed, in_size, groups, mask, cols=None):
    """A convolution's gradients for (input, weight, bias) where `mask` asks for them (else None),
    as Tensors or, under the engine's on-arrays mode, as arrays."""
    need_x, need_w, need_b = mask
    gx = gw = gb = None
    if need_x:  # the adjoint in x: the other kind of convolution with the same weight
        gx = ConvolutionInput.apply(grad, w, None, stride, pads, dilation, not transposed, in_size, groups)
    if need_w:
        pair = (grad, x) if transposed else (x, grad)
        gw = ConvolutionWeight.apply(*pair, tuple(w.shape[2:]), stride, pads, dilation, groups, cols)
    if need_b:
        gb = ConvolutionBias.apply(grad, x, w)
    return gx, gw, gb


def _channels_last_if_asked(out, x, w):
    """out laid out channels-last where the input or the weight is (torch's CPU convolutions,
    mkldnn_conv_use_channels_last), else as it is."""
    fmt = _memory_format.suggested(x)
    if fmt.name == "contiguous_format":
        fmt = _memory_format.suggested(w)
    return out if fmt.name == "contiguous_format" else _memory_format.copy(out, fmt)


class ConvolutionInput(Convolution):
    """A convolution's input gradient: the other kind of convolution, recorded as torch's
    convolution_backward node. For a transposed convolution's input it is a plain one, cropped to
    `out_size` (the input's size) where output_padding added rows and columns no input reached."""
    node_name = "ConvolutionBackwardBackward0"

    def forward(ctx, x, w, b, stride, pads, dilation, transposed, out_size, groups):
        out = Convolution.forward(ctx, x, w, b, stride, pads, dilation, transposed, out_size, groups)
        if not transposed and out.shape[2:] != tuple(out_size):
            ctx.cols = None  # (of windows past the crop: the weight's gradient takes the leading ones)
            out = np.ascontiguousarray(out[(Ellipsis,) + tuple(map(slice, out_size))])
        return out


class ConvolutionBias(Op):
    """A convolution's bias gradient, grad summed over all dims but the channels, recorded as
    torch's convolution_backward node: the input and weight are its inputs too (so it requires
    grad as they do), which get no gradient from it."""
    node_name = "ConvolutionBackwardBackward0"

    def forward(ctx, grad, x, w):
        return SumDim.forward(ctx, grad, (0,) + tuple(range(2, grad.ndim)), False, None)

    def backward(ctx, gg):
        return SumDim.backward(ctx, gg)[0], None, None


class ConvolutionWeight(Op):
    """The weight gradient of a convolution, bilinear in (input, grad_output); its own gradients
    are convolutions again, so any order of derivative stays in these two ops."""
    node_name = "ConvolutionBackwardBackward0"
    saves = (0, 1)

    def forward(ctx, x, g, kernel, stride, pads, dilation, groups, cols=None):
        ctx.args = kernel, stride, pads, dilation, groups
        ctx.in_size, ctx.g_size = x.shape[2:], g.shape[2:]
        return _conv_weight_np(x, g, kernel, stride, pads, dilation, groups, cols)

    def backward(ctx, ggw):
        x, g = ctx.saved_tensors
        kernel, stride, pads, dilation, groups = ctx.args
        need_x, need_g = ctx.needs_input_grad[:2]
        gx = Convolution.apply(g, ggw, None, stride, pads, dilation, True, ctx.in_size, groups) if need_x else None
        gg = None
        if need_g:
            gg = _crop(Convolution.apply(x, ggw, None, stride, pads, dilation, False, None, groups), ctx.g_size)
        return (gx, gg) + (None,) * (ctx._arity - 2)


def _crop(t, size):
    """The leading `size` block of t's spatial dims: a conv of a transposed conv's gradient can reach
    past the input when output_padding added rows and columns that no input position touched."""
    if tuple(t.shape[2:]) == tuple(size):
        return t
    return t[(Ellipsis,) + tuple(map(slice, size))]


class ConvolutionBackward(Op):
    """torch's convolution_backward as one node, ConvolutionBackwardBackward0 with edges (grad_output,
    input, weight), whose outputs are a convolution's gradients for (input, weight, bias) where
    output_mask asks for them (an empty placeholder where not). Its forward is Convolution's own
    backward (_gradients, run on arrays); its derivative is torch's _convolution_double_backward: the
    convolution, linear in each argument, in grad_output, and in input and weight the first
    gradients again with the incoming ggW and ggI in their places."""
    n_outputs = 3
    saves = (0, 1, 2)
    saved_names = ("grad_output", "input", "weight")

    def forward(ctx, grad_output, input, weight, stride, pads, dilation, transposed, groups, mask, given):
        ctx.args, ctx.given = (stride, pads, dilation, groups), given
        ctx.transposed, ctx.mask = transposed, mask
        ctx.in_size, ctx.out_size = input.shape[2:], grad_output.shape[2:]
        state = grad_mode._state
        enabled, on_arrays = state.enabled, state.on_arrays
        state.enabled, state.on_arrays = False, True  # the formula's ops take and give arrays here
        try:
            grads = _gradients(grad_output, input, weight, stride, pads, dilation, transposed, ctx.in_size, groups,
                               mask)
        finally:
            state.enabled, state.on_arrays = enabled, on_arrays
        return tuple(np.empty(0, grad_output.dtype) if g is None else g for g in grads)

    def backward(ctx, ggi, ggw, ggb):
        go, x, w = ctx.saved_tensors
        stride, pads, dilation, groups = ctx.args
        transposed, in_size, out_size = ctx.transposed, ctx.in_size, ctx.out_size
        ggi, ggw, ggb = [g if m else None for g, m in zip((ggi, ggw, ggb), ctx.mask)]  # (a masked output's zeros)
        need_go, need_x, need_w = ctx.needs_input_grad[:3]
        g_go = g_x = g_w = None
        if need_go:
            for a, b in ((ggi, w), (x, ggw)):
                if a is not None and b is not None:
                    t = _crop(Convolution.apply(a, b, None, stride, pads, dilation, transposed, out_size, groups),
                              out_size)
                    g_go = t if g_go is None else g_go + t
            if ggb is not None:
                t = ggb.reshape((1, -1) + (1,) * len(out_size)).expand(go.shape)
                g_go = t if g_go is None else g_go + t
        if need_x and ggw is not None:  # the input gradient for weight ggW: the other kind of convolution
            g_x = _crop(Convolution.apply(go, ggw, None, stride, pads, dilation, not transposed, in_size, groups),
                        in_size)
        if need_w and ggi is not None:
            pair = (go, ggi) if transposed else (ggi, go)
            g_w = ConvolutionWeight.apply(*pair, tuple(w.shape[2:]), stride, pads, dilation, groups)
        return (g_go, g_x, g_w) + (None,) * (ctx._arity - 3)


_BACKWARD_SCHEMA = ("aten::convolution_backward(Tensor grad_output, Tensor input, Tensor weight, SymInt[]? bias_sizes, "
                    "SymInt[] stride, SymInt[] padding, SymInt[] dilation, bool transposed, SymInt[] output_padding, "
                    "SymInt groups, bool[3] output_mask) -> (Tensor, Tensor, Tensor)")


def _schema_error(position, name, expected, value):
    return RuntimeError("Overloaded torch operator invoked from Python failed to match any schema:\n"
                        f"aten::convolution_backward() Expected a value of type '{expected}' for argument '{name}' but "
                        f"instead found type '{type(value).__name__}'.\nPosition: {position}\nValue: {value!r}\n"
                        f"Declaration: {_BACKWARD_SCHEMA}")


def _int_list(value, position, name):
    if isinstance(value, numbers.Integral):
        return (int(value),)
    if not isinstance(value, (tuple, list)) or not all(isinstance(v, numbers.Integral) for v in value):
        raise _schema_error(position, name, "List[int]", value)
    return tuple(int(v) for v in value)


def convolution_backward(grad_output, input, weight, bias_sizes, stride, padding, dilation, transposed, output_padding,
                         groups, output_mask):
    """torch.ops.aten.convolution_backward: the gradients of convolution(input, weight, bias, ...) for
    grad_output, as (grad_input, grad_weight, grad_bias) with None where output_mask asks for none;
    checked as torch checks them, recorded as one ConvolutionBackwardBackward0 node."""
    for position, name, t in ((0, "grad_output", grad_output), (1, "input", input), (2, "weight", weight)):
        if not isinstance(t, Tensor):
            raise _schema_error(position, name, "Tensor", t)
    given = {name: _int_list(v, position, name) for position, name, v in (
        (4, "stride", stride), (5, "padding", padding), (6, "dilation", dilation),
        (8, "output_padding", output_padding))}
    if not isinstance(groups, numbers.Integral):
        raise _schema_error(9, "groups", "int", groups)
    d = weight.ndim - 2
    if d <= 0:
        raise RuntimeError("weight should have at least three dimensions")
    stride, padding, dilation, output_padding = (_tuple(v, d, name) for name, v in given.items())
    _check_backward_shapes(grad_output, input, weight, stride, padding, dilation, bool(transposed), output_padding,
                           groups, output_mask)
    mask = tuple(bool(m) for m in output_mask)
    pads = tuple((p, p) for p in padding)
    given.update(transposed=bool(transposed), groups=int(groups))
    grads = ConvolutionBackward.apply(grad_output, input, weight, stride, pads, dilation, bool(transposed), int(groups),
                                      mask, given)
    return tuple(g if m else None for g, m in zip(grads, mask))


def _check_backward_shapes(grad_output, input, weight, stride, padding, dilation, transposed, output_padding, groups,
                           mask):
    """torch's checks of convolution_backward's arguments (check_shape_backward, then its CPU kernels'), in
    its words and order."""
    ws, xs, k = list(weight.shape), list(input.shape), input.ndim
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(v < 0 for v in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if groups <= 0:
        raise RuntimeError(f"expected groups to be greater than 0, but got groups={groups}")
    if len(ws) != k:
        raise RuntimeError(f"Expected {len(ws)}-dimensional input for {len(ws)}-dimensional weight {ws}, but got {k}-"
                           f"dimensional input of size {xs} instead")
    if ws[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {ws} instead")
    if ws[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{ws}] instead")
    kernel = ws[2:]
    if transposed:
        if xs[1] != ws[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {ws}, expected input{xs} to have {ws[0]} channels, "
                               f"but got {xs[1]} channels instead")
    else:
        if xs[1] != ws[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {ws}, expected input{xs} to have "
                               f"{ws[1] * groups} channels, but got {xs[1]} channels instead")
        padded = [n + 2 * p for n, p in zip(xs[2:], padding)]
        eff = [dl * (kk - 1) + 1 for dl, kk in zip(dilation, kernel)]
        if any(e > n for e, n in zip(eff, padded)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                               f"size: ({' x '.join(map(str, eff))}). Kernel size can't be greater than actual input "
                               "size")
    if grad_output.ndim != k:
        raise RuntimeError("Expected input and grad_output to have the same number of dimensions, but got: "
                           f"{k} and {grad_output.ndim}")
    if not transposed and any(output_padding):
        raise RuntimeError("output_padding is not supported for non-transposed convolutions; got: "
                           + " ".join(map(str, output_padding)))
    # the CPU kernels' own checks (slow_conv2d / slow_conv3d; a 1-d convolution runs as a 2-d one)
    if any(v == 0 for v in dilation):
        raise RuntimeError(f"dilation should be greater than zero, but got {list(dilation)}")
    for t in (weight, grad_output):
        if t.dtype != input.dtype:
            raise RuntimeError(f"expected scalar type {scalar_type_name(input.dtype)} but found "
                               f"{scalar_type_name(t.dtype)}")
    if not input.is_floating_point():
        kind = "input" if mask[0] else "weight" if mask[1] else "bias"
        raise NotImplementedError(f'"slow_conv{3 if len(kernel) == 3 else 2}d_cpu_grad_{kind}" not implemented for '
                                  f"'{scalar_type_name(input.dtype)}'")
    if transposed:
        out = [(n - 1) * s - 2 * p + dl * (kk - 1) + op + 1
               for n, s, p, dl, kk, op in zip(xs[2:], stride, padding, dilation, kernel, output_padding)]
        channels = ws[1] * groups
    else:
        out = [(n + 2 * p - dl * (kk - 1) - 1) // s + 1
               for n, s, p, dl, kk in zip(xs[2:], stride, padding, dilation, kernel)]
        channels = ws[0]
    gs = list(grad_output.shape)
    for axis, size in [(1, channels)] + list(enumerate(out, 2)) + [(0, xs[0])]:
        if gs[axis] != size:
            raise RuntimeError(f"Expected a tensor of dimension {k} and tensor.size[{axis}] == {size} but got: "
                               f"dimension {k} and tensor.size[{axis}] = {gs[axis]}")


def _takes_onednn(x, w, groups):
    """Whether torch's CPU convolution of a dilated (or strided) float32 input runs on oneDNN (its
    ConvParams::use_mkldnn): groups, a kernel past 3x3, a batch, or a large input; a 1-d one as 2-d."""
    if x.dtype != np.float32:
        return False
    xs, ws = (x.shape[:2] + (1,) + x.shape[2:], w.shape[:2] + (1,) + w.shape[2:]) if x.ndim == 3 else (x.shape, w.shape)
    return groups > 1 or (ws[-1] > 3 and ws[-2] > 3) or xs[0] > 1 or math.prod(xs[:4]) > 20480


def _by_axis(name, values, height_of_1d, sep=" "):
    """A transposed convolution kernel's values as its messages name them: name_height: 0 name_width: 2 (a
    1-d one runs with a height of `height_of_1d`)."""
    if len(values) == 1:
        values = (height_of_1d,) + tuple(values)
    axes = ("depth", "height", "width")[3 - len(values):]
    return sep.join(f"{name}_{axis}: {v}" for axis, v in zip(axes, values))


def _convolution(input, weight, bias, stride, padding, dilation, groups, d, transposed=False, output_padding=0):
    """Shared argument handling of conv1d/conv2d/conv_transpose*: checks in torch's words, then one op."""
    x, w = input._data, weight._data
    if bias is not None and bias.dtype != input.dtype and not (transposed or isinstance(padding, str)):
        raise RuntimeError(f"Input type ({cpp_type_name(x.dtype)}) and bias type ({cpp_type_name(bias._data.dtype)}) "
                           "should be the same")  # conv1d/2d/3d's first check
    unbatched = x.ndim == d + 1
    if x.ndim not in (d + 1, d + 2):
        raise RuntimeError(f"Expected {d + 1}D (unbatched) or {d + 2}D (batched) input to "
                           f"conv{'_transpose' if transposed else ''}{d}d, but got input of size: {list(x.shape)}")
    if unbatched:
        input = input.unsqueeze(0)
        x = input._data
    if w.ndim != d + 2:
        if w.ndim < 3:
            raise RuntimeError("weight should have at least three dimensions")
        if d > 1:  # torch expands the d strides to the weight's dims first; only a single one would do
            raise RuntimeError(f"expected stride to be a single integer value or a list of {w.ndim - 2} values to "
                               f"match the convolution dimensions, but got stride={list(_tuple(stride, d, 'stride'))}")
        raise RuntimeError(f"Expected {w.ndim}-dimensional input for {w.ndim}-dimensional weight {list(w.shape)}, but "
                           f"got {x.ndim}-dimensional input of size {list(x.shape)} instead")
    if isinstance(padding, str) and padding == "same":  # torch's _convolution_mode, before convolution's checks
        _same_padding(stride, dilation, w.shape[2:], d)
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    # torch's _convolution: each parameter expanded to d values, then checked, in its order
    stride = _tuple(stride, d, "stride")
    p = None if isinstance(padding, str) else _tuple(padding, d, "padding")
    dilation = _tuple(dilation, d, "dilation")
    op = _tuple(output_padding, d, "output_padding") if transposed else None
    if p is not None and any(v < 0 for v in p):
        raise RuntimeError("negative padding is not supported")
    if op is not None and any(v < 0 for v in op):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(v < 0 for v in dilation):
        raise RuntimeError("dilation should be greater than zero")
    kernel = w.shape[2:]
    in_ch = x.shape[1]
    if w.shape[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got "
                           f"weight of size {list(w.shape)} instead")
    if w.shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but "
                           f"got weight of size [{list(w.shape)}] instead")  # (torch's double brackets)
    if transposed:
        if in_ch != w.shape[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {list(w.shape)}, expected input{list(x.shape)} to "
                               f"have {w.shape[0]} channels, but got {in_ch} channels instead")
        out_ch = w.shape[1] * groups
    else:
        if in_ch != w.shape[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {list(w.shape)}, expected input{list(x.shape)} "
                               f"to have {w.shape[1] * groups} channels, but got {in_ch} channels instead")
        out_ch = w.shape[0]
    if bias is not None and tuple(bias.shape) != (out_ch,):
        raise RuntimeError(f"Given weight of size {list(w.shape)}, expected bias to be 1-dimensional with "
                           f"{out_ch} elements, but got bias of size {list(bias.shape)} instead")
    if isinstance(padding, str):
        if padding == "valid":
            pads = ((0, 0),) * d
        elif padding == "same":
            totals = [dl * (k - 1) for dl, k in zip(dilation, kernel)]
            pads = tuple((t // 2, t // 2) for t in totals)
            if any(t % 2 for t in totals):  # as torch: the odd extra zero on the right, by a padded copy
                input = pad(input, [v for t in reversed(totals) for v in (0, t % 2)])
                x = input._data
        else:
            raise RuntimeError(f"Invalid padding string: '{padding}'")
    else:
        pads = tuple((v, v) for v in p)
    # the CPU kernels' checks (a 1-d convolution runs as a 2-d one, of height 1), oneDNN's where torch picks it
    if any(v == 0 for v in dilation):
        if not (_takes_onednn(x, w, groups) and not (transposed and any(o >= s for o, s in zip(op, stride)))):
            raise RuntimeError("dilation should be greater than zero, but got " + (
                _by_axis("dilation", dilation, 1, ", ") if transposed else f"{[1] * (d == 1) + list(dilation)}"))
        if not transposed:
            raise RuntimeError("non-positive dilation is not supported")
        if d == 3:
            raise RuntimeError("dimensions are invalid")
        if any(k != 1 for k, dl in zip(w.shape[2:], dilation) if dl == 0):  # (a 1-wide kernel has none to apply)
            raise RuntimeError("could not create a primitive descriptor for the deconvolution forward propagation "
                               "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get "
                               "additional diagnostic information.")
    hw = x.shape[2:]
    out_hw = None
    if transposed:
        if any(o >= max(s, dl) for o, s, dl in zip(op, stride, dilation)):
            raise RuntimeError("output padding must be smaller than either stride or dilation, but got "
                               f"{_by_axis('output_padding', op, 0)} {_by_axis('stride', stride, 1)} "
                               f"{_by_axis('dilation', dilation, 1)}")
        _check_same_dtype(input, weight, stride, dilation, groups)
        out_hw = tuple((n - 1) * s - sum(p) + dl * (k - 1) + o + 1
                       for n, s, p, dl, k, o in zip(hw, stride, pads, dilation, kernel, op))
        if min(out_hw) <= 0:
            raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, hw))}). Calculated output size "
                               f"per channel: ({' x '.join(map(str, out_hw))}). Output size is too small")
    else:
        padded = [n + sum(p) for n, p in zip(hw, pads)]
        eff = [dl * (k - 1) + 1 for dl, k in zip(dilation, kernel)]
        if any(e > n for e, n in zip(eff, padded)):
            raise RuntimeError(f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). Kernel "
                               f"size: ({' x '.join(map(str, eff))}). Kernel size can't be greater than actual input "
                               "size")
        _check_same_dtype(input, weight, stride, dilation, groups)
    if bias is not None and bias.dtype != input.dtype:
        bias = _bias_of_another_dtype(input, bias, transposed)
    out = Convolution.apply(input, weight, bias, stride, pads, dilation, transposed, out_hw, groups)
    return out.squeeze(0) if unbatched else out


def _check_same_dtype(input, weight, stride, dilation, groups):
    """The backend's check of the weight's dtype, which torch makes after the shapes' (and before its
    kernel's check of a transposed convolution's output size)."""
    x, w = input._data, weight._data
    if x.dtype != w.dtype:
        if x.dtype == np.float32 and _onednn_runs(x.shape, w.shape, stride, dilation, groups):
            raise RuntimeError(f"Input type ({input.type()}) and weight type ({weight.type()}) should be the same or "
                               "input should be a MKLDNN tensor and weight is a dense tensor")
        raise RuntimeError(f"expected scalar type {scalar_type_name(x.dtype)} but found {scalar_type_name(w.dtype)}")


def _onednn_runs(x_shape, w_shape, stride, dilation, groups):
    """Whether torch's CPU build runs a float32 convolution through oneDNN (ConvParams::use_mkldnn, on
    shapes viewed as 2-d), which refuses a weight of another dtype in words of its own."""
    if len(x_shape) == 3:  # a 1-d convolution runs as a 2-d one of height 1
        x_shape, w_shape = (*x_shape[:2], 1, x_shape[2]), (*w_shape[:2], 1, w_shape[2])
    n, kh, kw = x_shape[0], w_shape[-2], w_shape[-1]
    strided_or_dilated = any(v != 1 for v in _tuple(stride, len(x_shape) - 2, "stride")) or \
        any(v != 1 for v in _tuple(dilation, len(x_shape) - 2, "dilation"))
    return ((strided_or_dilated or n >= 16 or kh != 1 or kw != 1 or get_num_threads() > 1)
            and (groups > 1 or (kw > 3 and kh > 3) or n > 1 or math.prod(x_shape[:4]) > 20480))


def _same_padding(stride, dilation, kernel, d):
    """padding='same': refused with a stride; an odd total padding (even kernel, odd dilation) warns, once."""
    if any(v != 1 for v in _tuple(stride, d, "stride")):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    if any(dl * (k - 1) % 2 for dl, k in zip(_tuple(dilation, d, "dilation"), kernel)):
        warn_once("Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy "
                  "of the input be created")


def _bias_of_another_dtype(input, bias, transposed):
    """A bias of another dtype, which conv1d/2d/3d refuse first of all: a transposed convolution adds it into
    its output in place (a floating one refused for an integer output), one with a padding string casts it."""
    if transposed and bias.dtype.is_floating_point and not input.dtype.is_floating_point:
        raise RuntimeError(f"result type {scalar_type_name(bias._data.dtype)} can't be cast to the desired output type "
                           f"{scalar_type_name(input._data.dtype)}")
    return bias.to(input.dtype)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d cross-correlation over (N, C, L) (ConvolutionBackward0)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d cross-correlation over (N, C, H, W); padding may be a number, a pair, 'valid' or 'same'."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-d cross-correlation over (N, C, D, H, W)."""
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 3)


def _no_padding_string(name, padding):
    """The transposed convolutions' parser takes no padding string."""
    if isinstance(padding, str):
        raise TypeError(f"{name}(): argument 'padding' must be tuple of ints, not str")


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv1d in its input ("deconvolution"); weight is (C_in, C_out / groups, k)."""
    _no_padding_string("conv_transpose1d", padding)
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 1, True, output_padding)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv2d in its input ("deconvolution"); weight is (C_in, C_out / groups, kh, kw)."""
    _no_padding_string("conv_transpose2d", padding)
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 2, True, output_padding)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """The adjoint of conv3d in its input; weight is (C_in, C_out / groups, kd, kh, kw)."""
    _no_padding_string("conv_transpose3d", padding)
    return _convolution(input, weight, bias, stride, padding, dilation, groups, 3, True, output_padding)


from ..._tensor import Tensor  # noqa: E402  (the Tensor module imports the op table at its end)
