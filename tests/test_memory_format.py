"""Memory formats against torch: clone, contiguous, to, the *_like factories and is_contiguous keep
an input's layout (preserve_format) or lay out in the one asked for, and refuse as torch does."""
import numpy as np
import pytest
import torch

import pullback

LAYOUTS = {
    "contiguous": lambda m: m.tensor(np.arange(120.0).reshape(2, 3, 4, 5)),
    "transposed": lambda m: m.tensor(np.arange(120.0).reshape(2, 3, 4, 5)).transpose(1, 3),
    "strided": lambda m: m.tensor(np.arange(240.0).reshape(2, 3, 4, 10))[..., ::2],
    "channels last": lambda m: m.tensor(np.arange(120.0).reshape(2, 4, 5, 3)).permute(0, 3, 1, 2),
    "matrix": lambda m: m.tensor(np.arange(12.0).reshape(3, 4)).t(),
    "empty": lambda m: m.zeros(0, 3, 2, 2).transpose(1, 2),
}
FORMATS = [None, "preserve_format", "contiguous_format", "channels_last"]


def _fmt(m, name):
    return None if name is None else getattr(m, name)


def _observe(fn):
    """fn(module)'s strides, values, contiguity in each format and grad_fn name, or its error."""
    seen = []
    for m in (torch, pullback):
        try:
            t = fn(m)
        except (RuntimeError, TypeError) as e:
            seen.append((type(e).__name__, str(e)))
            continue
        # an empty tensor's strides are NumPy's, and torch judges its channels-last layout by them
        seen.append((t.stride() if t.numel() else None, t.shape, t.detach().numpy().tolist() if t.numel() else None,
                     t.is_contiguous(), t.numel() and t.is_contiguous(memory_format=m.channels_last), t.dtype == m.float64,
                     None if t.grad_fn is None else t.grad_fn.name()))
    return seen


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("call", [
    lambda t, f: t.clone(memory_format=f), lambda t, f: t.contiguous(memory_format=f),
    lambda t, f: t.to(memory_format=f), lambda t, f: t.to(pullback.float32 if isinstance(t, pullback.Tensor)
                                                          else torch.float32, memory_format=f),
    lambda t, f: t.float(memory_format=f),
], ids=["clone", "contiguous", "to", "to dtype", "float"])
def test_copies_lay_out_as_torch(layout, fmt, call):
    def fn(m):
        x = LAYOUTS[layout](m).requires_grad_()
        return call(x, _fmt(m, fmt))
    theirs, ours = _observe(fn)
    if layout == "empty" and fmt == "channels_last":  # torch reads an empty tensor's (own) strides as
        theirs, ours = theirs[:-1], ours[:-1]         # not channels-last and copies; NumPy's pass
    assert ours == theirs


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("factory", ["zeros_like", "ones_like", "empty_like", "full_like", "rand_like", "randn_like"])
def test_like_factories_lay_out_as_torch(layout, fmt, factory):
    def fn(m):
        x = LAYOUTS[layout](m)
        args = (3.0,) if factory == "full_like" else ()
        out = getattr(m, factory)(x, *args, memory_format=_fmt(m, fmt))
        return out if factory in ("full_like", "zeros_like", "ones_like") else out.zero_()  # random values differ
    torch_seen, ours = _observe(fn)
    assert ours == torch_seen


def test_is_contiguous_in_each_format_as_torch():
    for layout in set(LAYOUTS) - {"empty"}:
        seen = [[LAYOUTS[layout](m).is_contiguous(memory_format=_fmt(m, f)) for f in FORMATS[1:]] + [
            LAYOUTS[layout](m).is_contiguous()] for m in (torch, pullback)]
        assert seen[0] == seen[1], layout


@pytest.mark.parametrize("shape, perm", [((2, 3, 4, 5), None), ((2, 3, 4, 5), (0, 2, 3, 1)), ((2, 3, 1, 1), None),
                                         ((2, 3, 1, 1), (0, 2, 3, 1)), ((2, 1, 4, 5), (0, 2, 3, 1)),
                                         ((1, 3, 1, 5), (0, 3, 2, 1)), ((2, 3, 4, 5, 6), (0, 2, 3, 4, 1)),
                                         ((4, 1, 1, 1), None), ((2, 3, 4, 5), (0, 3, 2, 1))])
def test_to_a_memory_format_copies_where_torch_suggests_another(shape, perm):
    """to(memory_format=) aliases when the tensor's suggested format (channels-last strides, read as
    torch reads them around dims of size 1) is the one asked for, and copies (ToCopyBackward0) otherwise."""
    for name in ("contiguous_format", "channels_last", "channels_last_3d"):
        seen = []
        for m in (torch, pullback):
            base = m.zeros(shape if perm is None else tuple(shape[i] for i in perm))
            x = base if perm is None else base.permute(*[perm.index(i) for i in range(len(shape))])
            try:
                y = x.to(memory_format=getattr(m, name))
                seen.append((y is x, y.stride()))
            except RuntimeError as e:
                seen.append(str(e))
        assert seen[0] == seen[1], name


def test_a_channels_last_copy_passes_the_gradient_back_in_the_inputs_layout():
    grads = []
    for m in (torch, pullback):
        x = m.tensor(np.random.default_rng(0).standard_normal((2, 3, 4, 5)), requires_grad=True)
        y = x.contiguous(memory_format=m.channels_last)
        (y * m.arange(5.0)).sum().backward()
        grads.append((x.grad.stride(), x.grad.numpy(), y.contiguous(memory_format=m.channels_last) is y))
    assert grads[0][0] == grads[1][0] and grads[0][2] == grads[1][2]
    np.testing.assert_array_equal(grads[1][1], grads[0][1])


@pytest.mark.parametrize("call", [
    lambda m: m.ones(3, 4).clone(memory_format=m.channels_last),
    lambda m: m.ones(3, 4, 5, 6).clone(memory_format=m.channels_last_3d),
    lambda m: m.ones(3, 4).t().contiguous(memory_format=m.preserve_format),
    lambda m: m.ones(3, 4).clone(memory_format=m.float32),
    lambda m: m.zeros_like(m.ones(3), memory_format=3),
    lambda m: m.ones(3).contiguous(memory_format="channels_last"),
    lambda m: m.ones(3).is_contiguous(memory_format=m.float64),
    lambda m: m.ones(2, 3).to(memory_format=m.channels_last),
    lambda m: m.ones(2, 3).contiguous(memory_format=None), lambda m: m.ones(2, 3).is_contiguous(memory_format=None),
], ids=["contiguous None", "is_contiguous None", "rank 4", "rank 5", "contiguous preserve", "dtype as format", "int as format", "str as format",
        "is_contiguous dtype", "to rank"])
def test_refusals_match_torch(call):
    seen = []
    for m in (torch, pullback):
        with pytest.raises((RuntimeError, TypeError)) as info:
            call(m)
        seen.append((info.type, str(info.value)))
    assert seen[0] == seen[1]


def test_module_to_a_memory_format_lays_out_its_4d_and_5d_tensors():
    seen = []
    for m in (torch, pullback):
        net = m.nn.Sequential(m.nn.Conv2d(3, 4, 3), m.nn.BatchNorm2d(4), m.nn.Linear(2, 2))
        weight = net[0].weight
        out = net.to(m.float64, memory_format=m.channels_last)
        seen.append([(name, p.stride(), p.dtype == m.float64, type(p).__name__) for name, p in out.named_parameters()]
                    + [net[1].num_batches_tracked.dtype == m.int64, net[0].weight is weight])
        with pytest.raises(RuntimeError) as info:
            m.nn.Conv3d(2, 2, 1).to(memory_format=m.channels_last)
        seen.append(str(info.value))
    assert seen[:2] == seen[2:]


def test_convolutions_return_channels_last_where_input_or_weight_is():
    """torch's CPU convolutions (mkldnn_conv_use_channels_last): the output, and so the gradients
    that flow back, are channels-last where the input or the weight is."""
    res = {}
    for m in (pullback, torch):
        F = m.nn.functional
        out = []
        x = m.ones(2, 3, 5, 5).to(memory_format=m.channels_last).requires_grad_()
        w = m.ones(4, 3, 3, 3, requires_grad=True)
        y = F.conv2d(x, w, padding=1)
        y.sum().backward()
        out += [y.stride(), x.grad.stride(), w.grad.stride()]
        x2 = m.ones(2, 3, 5, 5, requires_grad=True)
        w2 = m.ones(4, 3, 3, 3).to(memory_format=m.channels_last).requires_grad_()
        y2 = F.conv2d(x2, w2)
        y2.sum().backward()
        out += [y2.stride(), x2.grad.stride(), w2.grad.stride()]
        out.append(F.conv3d(m.ones(2, 3, 4, 5, 5).to(memory_format=m.channels_last_3d), m.ones(4, 3, 3, 3, 3)).stride())
        out.append(F.conv_transpose2d(m.ones(2, 3, 5, 5).to(memory_format=m.channels_last), m.ones(3, 4, 3, 3)).stride())
        out.append(F.conv2d(m.ones(2, 3, 5, 5), m.ones(4, 3, 3, 3)).stride())
        res[m] = out
    assert res[pullback] == res[torch]
