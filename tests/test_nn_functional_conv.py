"""Convolution, pooling and im2col over random geometries (hypothesis), against torch to second order."""
import itertools

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

import pullback
from oracle import check

COVERED = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "unfold", "fold"]


@st.composite
def conv_cases(draw, transposed=False):
    groups = draw(st.integers(1, 2))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 2)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 1)))
    hw = [draw(st.integers(max(1, d * (kk - 1) + 1 - 2 * p), 6)) for d, kk, p in zip(dilation, k, padding)]
    seed = draw(st.integers(0, 2 ** 16))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((draw(st.integers(1, 2)), cin, *hw))
    if transposed:
        w = rng.standard_normal((cin, cout // groups, *k))
        out_pad = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
        assume(all((n - 1) * s - 2 * p + d * (kk - 1) + o + 1 > 0
                   for n, s, p, d, kk, o in zip(hw, stride, padding, dilation, k, out_pad)))
        return x, w, rng.standard_normal(cout), dict(stride=stride, padding=padding, dilation=dilation,
                                                      groups=groups, output_padding=out_pad)
    w = rng.standard_normal((cout, cin // groups, *k))
    return x, w, rng.standard_normal(cout), dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@settings(max_examples=15, deadline=None)
@given(conv_cases())
def test_conv2d_random_geometry(case):
    x, w, b, kw = case
    check(lambda m, x, w, b: m.nn.functional.conv2d(x, w, b, **kw), x, w, b)


@settings(max_examples=15, deadline=None)
@given(conv_cases(transposed=True))
def test_conv_transpose2d_random_geometry(case):
    x, w, b, kw = case
    check(lambda m, x, w, b: m.nn.functional.conv_transpose2d(x, w, b, **kw), x, w, b)


@settings(max_examples=10, deadline=None)
@given(conv_cases())
def test_conv1d_random_geometry(case):
    x, w, b, kw = case
    kw = {k: (v[1] if isinstance(v, tuple) else v) for k, v in kw.items()}
    check(lambda m, x, w, b: m.nn.functional.conv1d(x, w, b, **kw), x[:, :, 0], w[:, :, 0], b)


@st.composite
def pool_cases(draw):
    k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = tuple(draw(st.integers(0, kk // 2)) for kk in k)
    ceil_mode = draw(st.booleans())
    hw = [draw(st.integers(kk, 7)) for kk in k]
    x = np.random.default_rng(draw(st.integers(0, 2 ** 16))).standard_normal((2, 2, *hw))
    return x, dict(kernel_size=k, stride=stride, padding=padding, ceil_mode=ceil_mode)


@settings(max_examples=15, deadline=None)
@given(pool_cases(), st.integers(1, 2))
def test_max_pool2d_random_geometry(case, dilation):
    x, kw = case
    k = kw["kernel_size"]
    kw["padding"] = tuple(min(p, (dilation * (kk - 1) + 1) // 2) for p, kk in zip(kw["padding"], k))
    if min(n + 2 * p - dilation * (kk - 1) - 1 for n, p, kk in zip(x.shape[2:], kw["padding"], k)) < 0:
        return
    check(lambda m, x: m.nn.functional.max_pool2d(x, dilation=dilation, **kw), x)


@settings(max_examples=15, deadline=None)
@given(pool_cases(), st.booleans())
def test_avg_pool2d_random_geometry(case, count_include_pad):
    x, kw = case
    check(lambda m, x: m.nn.functional.avg_pool2d(x, count_include_pad=count_include_pad, **kw), x)


@settings(max_examples=15, deadline=None)
@given(conv_cases())
def test_unfold_fold_random_geometry(case):
    x, w, _, kw = case
    geometry = dict(kernel_size=w.shape[2:], stride=kw["stride"], padding=kw["padding"], dilation=kw["dilation"])
    check(lambda m, x: m.nn.functional.unfold(x, **geometry), x)
    check(lambda m, x: m.nn.functional.fold(m.nn.functional.unfold(x, **geometry), x.shape[2:], **geometry), x)


def test_conv_transpose_output_padding_input_gradient_is_one_node():
    """output_padding adds rows and columns no input reaches: the input's gradient is a plain
    convolution cropped inside its own node (torch's convolution_backward), not a slice of it."""
    rng = np.random.default_rng(5)
    x, w, b = rng.standard_normal((2, 3, 4, 5)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(2)
    # (output_padding may reach the stride only through dilation: the case where rows go past the input)
    check(lambda m, x, w, b: m.nn.functional.conv_transpose2d(x, w, b, stride=1, padding=1, output_padding=(1, 0),
                                                              dilation=2), x, w, b)


def test_convolution_argument_checks_in_torch_order_and_words():
    """Every combination of a bad stride, padding, dilation, groups and output_padding: torch checks
    negative padding and output_padding before the stride, and a transposed kernel names each axis."""
    options = {"stride": [0, 1], "padding": [-1, 0], "dilation": [0, -1, 1], "groups": [0, 1],
               "output_padding": [-1, 0, 3]}
    for d, transposed, batch in itertools.product((1, 2, 3), (False, True), (1, 2)):
        keys = [k for k in options if transposed or k != "output_padding"]
        for values in itertools.product(*(options[k] for k in keys)):
            kwargs = dict(zip(keys, values))
            outcomes = []
            for m in (torch, pullback):
                fn = getattr(m.nn.functional, f"conv_transpose{d}d" if transposed else f"conv{d}d")
                try:
                    outcomes.append(tuple(fn(m.ones((batch, 2) + (4,) * d), m.ones((2, 2) + (3,) * d), **kwargs).shape))
                except RuntimeError as e:
                    outcomes.append(str(e))
            assert outcomes[1] == outcomes[0], (d, transposed, batch, kwargs)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_zero_dilation_is_refused_by_the_kernel_torch_picks(dtype):
    """torch runs a float32 convolution on oneDNN for groups, a kernel past 3x3, a batch or a large
    input, whose refusal of a zero dilation is worded otherwise than its own kernels' (and whose transposed
    convolution computes it where the kernel is 1 wide)."""
    for d, transposed, batch, groups, k, n in itertools.product((1, 2, 3), (False, True), (1, 2), (1, 2), (1, 3, 5),
                                                                (6, 110)):
        if d == 3 and n > 6:
            continue
        outcomes = []
        for m in (torch, pullback):
            fn = getattr(m.nn.functional, f"conv_transpose{d}d" if transposed else f"conv{d}d")
            x = m.ones((batch, 2) + (n,) * d, dtype=getattr(m, dtype))
            w = m.ones((2, 2 // groups) + (k,) * d, dtype=getattr(m, dtype))
            try:  # (oneDNN's transposed convolution takes a zero dilation of a 1-wide kernel)
                outcomes.append(fn(x, w, dilation=0, groups=groups).sum().item())
            except RuntimeError as e:
                outcomes.append(str(e))
        assert outcomes[1] == outcomes[0], (d, transposed, batch, groups, k, n)
