"""unfold (im2col) and fold (col2im): every sliding window of an image as a column, and back;
each op's gradient is the other."""
import collections.abc

from ... import _signatures
from .._op import Op
from ._common import _batched, _int_or_ints, _tuple
from ._sliding import _col2im, _pad_np, _windows


class Im2Col(Op):
    """unfold: (N, C, H, W) -> (N, C * kh * kw, L), each column one sliding window."""

    def forward(ctx, x, kernel, dilation, padding, stride):
        x4 = _batched(x)
        ctx.args, ctx.in_hw, ctx.batched = (kernel, dilation, padding, stride), x4.shape[2:], x.ndim == 4
        win = _windows(_pad_np(x4, tuple((p, p) for p in padding)), kernel, stride, dilation)
        n, c, ho, wo, kh, kw = win.shape
        out = win.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, ho * wo)
        return out if ctx.batched else out[0]

    def backward(ctx, grad):
        return (Col2Im.apply(grad, ctx.in_hw, *ctx.args),) + (None,) * 4


class Col2Im(Op):
    """fold: the adjoint of unfold, summing overlapping window entries back into an image."""

    def forward(ctx, cols, out_hw, kernel, dilation, padding, stride):
        ctx.args = kernel, dilation, padding, stride
        c3 = cols[None] if cols.ndim == 2 else cols
        n, ckk, length = c3.shape
        kh, kw = kernel
        pads = tuple((p, p) for p in padding)
        blocks = [(o + 2 * p - d * (k - 1) - 1) // s + 1 for o, p, d, k, s in zip(out_hw, padding, dilation,
                                                                                      kernel, stride)]
        if ckk % (kh * kw):
            raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the product of kernel_size, "
                               f"but got input.size(1)={ckk} and kernel_size=({kh}, {kw}).")
        if blocks[0] * blocks[1] != length:
            raise RuntimeError(f"Given output_size=({out_hw[0]}, {out_hw[1]}), kernel_size=({kh}, {kw}), "
                               f"dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, {padding[1]}), "
                               f"stride=({stride[0]}, {stride[1]}), expected size of input's dimension 2 to match the "
                               f"calculated number of sliding blocks {blocks[0]} * {blocks[1]} = "
                               f"{blocks[0] * blocks[1]}, but got input.size(2)={length}.")
        six = c3.reshape(n, ckk // (kh * kw), kh, kw, *blocks).transpose(0, 1, 4, 5, 2, 3)
        out = _col2im(six, out_hw, stride, pads, dilation)
        return out if cols.ndim == 3 else out[0]

    def backward(ctx, grad):
        return (Im2Col.apply(grad, *ctx.args),) + (None,) * 5


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: every sliding (kernel_size) window of a 4-d input as a column (Im2ColBackward0)."""
    kernel_size, dilation, padding, stride = _parsed_sizes("im2col", input, kernel_size, dilation, padding, stride)
    args = (_tuple(kernel_size, 2, "kernel_size"), _tuple(dilation, 2, "dilation"), _tuple(padding, 2, "padding"),
            _tuple(stride, 2, "stride"))
    _check_im2col(input, *args)
    return Im2Col.apply(input, *args)


_WINDOW_CHECKS = {"kernel": ("kernel size should be greater than zero", "kernel", lambda v: v <= 0),
                  "dilation": ("dilation should be greater than zero", "dilation", lambda v: v <= 0),
                  "padding": ("padding should be non-negative", "pad", lambda v: v < 0),
                  "stride": ("stride should be greater than zero", "stride", lambda v: v <= 0)}


def _parsed_sizes(kernel, input, *sizes):
    """torch's F.unfold / F.fold hand each size as a pair (_pair: an iterable as a tuple, else repeated) to
    their kernel, whose parser refuses a bool or float and reads NumPy ints and 0-d tensors as ints."""
    if all(map(_int_or_ints, sizes)):
        return sizes
    pairs = [tuple(v) if isinstance(v, collections.abc.Iterable) else (v, v) for v in sizes]
    return _signatures.as_parsed_by(kernel, [input] + pairs)[1:]


def _check_window_args(**args):
    """The window arguments' checks of torch's im2col/col2im_shape_check, in the order given."""
    for key, values in args.items():
        what, name, bad = _WINDOW_CHECKS[key]
        if any(bad(v) for v in values):
            raise RuntimeError(f"{what}, but got {name}_height: {values[0]} {name}_width: {values[1]}")


def _check_im2col(input, kernel, dilation, padding, stride):
    """torch's im2col_shape_check, in its order and words."""
    _check_window_args(kernel=kernel, dilation=dilation, padding=padding, stride=stride)
    n = input.dim()
    if n < 3:  # the check reads input.size(2) first
        raise IndexError(f"Dimension out of range (expected to be in range of [{-max(n, 1)}, {max(n, 1) - 1}], but "
                         f"got 2)")
    shape = list(input.shape)
    if n not in (3, 4) or 0 in shape[n - 3:]:
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           f"dimensions for input, but got: {shape}")
    hw = shape[-2:]
    blocks = [(x + 2 * p - (dl * (k - 1) + 1)) // s + 1  # (floor division, as torch's div_rtn)
              for x, p, dl, k, s in zip(hw, padding, dilation, kernel, stride)]
    if min(blocks) < 1:
        raise RuntimeError(f"Given input with spatial size ({hw[0]}, {hw[1]}), kernel_size=({kernel[0]}, {kernel[1]}), "
                           f"dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, {padding[1]}), calculated "
                           f"shape of the array of sliding blocks as ({blocks[0]}, {blocks[1]}), but its components "
                           "must be at least one.")


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: sum the columns of unfold back into an (N, C, *output_size) image (Col2ImBackward0)."""
    output_size, kernel_size, dilation, padding, stride = _parsed_sizes("col2im", input, output_size, kernel_size,
                                                                        dilation, padding, stride)
    kernel, dilation = _tuple(kernel_size, 2, "kernel_size"), _tuple(dilation, 2, "dilation")
    padding, stride = _tuple(padding, 2, "padding"), _tuple(stride, 2, "stride")
    _check_window_args(kernel=kernel, stride=stride, dilation=dilation, padding=padding)  # col2im_shape_check's order
    shape = list(input.shape)
    if input.dim() not in (2, 3) or 0 in shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           f"dimensions for input, but got: {shape}")
    return Col2Im.apply(input, _tuple(output_size, 2, "output_size"), kernel, dilation, padding, stride)
