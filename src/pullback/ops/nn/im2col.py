"""unfold (im2col) and fold (col2im): every sliding window of an image as a column, and back;
each op's gradient is the other."""
from .._op import Op
from ._common import _batched, _tuple
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
                               f"but got input.size(1)={ckk} and kernel_size=({kh}, {kw})")
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
    if input.dim() not in (3, 4):
        raise NotImplementedError(f"Input Error: Only 4D input Tensors are supported (got {input.dim()}D)")
    return Im2Col.apply(input, _tuple(kernel_size, 2, "kernel_size"), _tuple(dilation, 2, "dilation"),
                        _tuple(padding, 2, "padding"), _tuple(stride, 2, "stride"))


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: sum the columns of unfold back into an (N, C, *output_size) image (Col2ImBackward0)."""
    if input.dim() not in (2, 3):
        raise NotImplementedError(f"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported "
                                  f"(got {input.dim()}D)")
    return Col2Im.apply(input, _tuple(output_size, 2, "output_size"), _tuple(kernel_size, 2, "kernel_size"),
                        _tuple(dilation, 2, "dilation"), _tuple(padding, 2, "padding"), _tuple(stride, 2, "stride"))
