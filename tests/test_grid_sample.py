"""grid_sample and affine_grid against torch: values, grad_fn names, first- and second-order
gradients for every mode x padding x align_corners on grids reaching outside [-1, 1], finite
differences, torch's warnings and errors, and a spatial transformer backpropagated to theta."""
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, check_error, gradcheck_fd

RNG = np.random.default_rng(7)
PADDINGS = ("zeros", "border", "reflection")
COMBOS_2D = [(m, p, a) for m in ("bilinear", "nearest", "bicubic") for p in PADDINGS for a in (False, True)]
COMBOS_3D = [(m, p, a) for m in ("bilinear", "nearest") for p in PADDINGS for a in (False, True)]


def F(m):
    return m.nn.functional


def _grid(shape, dtype, reach=1.6):
    return RNG.uniform(-reach, reach, shape).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("mode,padding,align", COMBOS_2D)
def test_grid_sample_2d(mode, padding, align, dtype):
    x = RNG.standard_normal((2, 3, 4, 5)).astype(dtype)
    check(lambda m, x, g: F(m).grid_sample(x, g, mode, padding, align), x, _grid((2, 3, 4, 2), dtype))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("mode,padding,align", COMBOS_3D)
def test_grid_sample_3d(mode, padding, align, dtype):
    x = RNG.standard_normal((2, 2, 3, 4, 5)).astype(dtype)
    check(lambda m, x, g: F(m).grid_sample(x, g, mode, padding, align), x, _grid((2, 2, 3, 2, 3), dtype))


@pytest.mark.parametrize("mode,padding,align", COMBOS_2D + [("3d",) + c[1:] for c in COMBOS_3D if c[0] == "bilinear"])
def test_finite_differences(mode, padding, align):
    if mode == "3d":
        x, g, mode = RNG.standard_normal((1, 2, 3, 3, 4)), _grid((1, 2, 2, 2, 3), np.float64), "bilinear"
    else:
        x, g = RNG.standard_normal((1, 2, 4, 3)), _grid((1, 3, 2, 2), np.float64)
    gradcheck_fd(lambda m, x, g: F(m).grid_sample(x, g, mode, padding, align), x, g)


@pytest.mark.parametrize("mode,padding,align", COMBOS_2D)
def test_grid_on_edges_and_pixel_centres(mode, padding, align):
    """Coordinates exactly on the borders (clipped: derivative 0) and on pixels, as torch."""
    at = np.array([-1.0, 1.0, 0.0, 0.5, -0.5, 0.25, -1.25, 1.5])
    g = np.stack(np.meshgrid(at, at, indexing="ij"), -1)[None].repeat(2, 0)
    check(lambda m, x, g: F(m).grid_sample(x, g, mode, padding, align), RNG.standard_normal((2, 2, 5, 5)), g,
          gradgrad=False)


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("align", [False, True])
def test_unit_and_empty_sizes(padding, align):
    check(lambda m, x, g: F(m).grid_sample(x, g, "bilinear", padding, align),
          RNG.standard_normal((1, 2, 1, 3)), _grid((1, 2, 3, 2), np.float64, 2.0))
    check(lambda m, x, g: F(m).grid_sample(x, g, "bicubic", padding, align),
          RNG.standard_normal((0, 2, 3, 3)), np.zeros((0, 2, 2, 2)))


@pytest.mark.parametrize("mode,padding,align", COMBOS_2D + [("3d" + c[0],) + c[1:] for c in COMBOS_3D])
def test_non_finite_grid_values(mode, padding, align):
    """NaN and infinite coordinates land where torch's kernels put them (2-D and 3-D differ)."""
    g = np.array([[[[np.nan, 0.2], [0.1, np.inf], [5.0, -np.inf], [-np.inf, np.nan]]]], np.float32)
    x = RNG.standard_normal((1, 2, 3, 4)).astype(np.float32)
    if mode.startswith("3d"):
        mode = mode[2:]
        g = np.concatenate([g, np.full_like(g[..., :1], 0.3)], -1)[:, None]
        x = np.stack([x, -x], 2)
    check(lambda m, x, g: F(m).grid_sample(x, g, mode, padding, align), x, g, grad=False)


def test_one_input_requiring_grad_and_strided_inputs():
    x, g = RNG.standard_normal((2, 3, 5, 4)), _grid((2, 3, 3, 2), np.float64)
    for rg in [(True, False), (False, True)]:
        check(lambda m, x, g: F(m).grid_sample(x, g, "bilinear", "reflection", False), x, g, requires_grad=rg)
    check(lambda m, x, g: F(m).grid_sample(x.transpose(2, 3), g.transpose(1, 2), "bicubic", "border", True), x, g)


def test_nearest_gives_the_grid_zero_gradient():
    for m in (torch, pullback):
        x = m.tensor(RNG.standard_normal((1, 2, 4, 4)), requires_grad=True)
        g = m.tensor(_grid((1, 3, 3, 2), np.float64), requires_grad=True)
        gi, gg = m.autograd.grad(F(m).grid_sample(x, g, "nearest", "zeros", False).sum(), (x, g), create_graph=True)
        assert not gg.detach().numpy().any() and gg.grad_fn.name() == "GridSampler2DBackwardBackward0"
        dx, dg = m.autograd.grad((gi * gi).sum() + gg.sum(), (x, g), allow_unused=True)
        assert dx is None and not dg.numpy().any()  # torch: nothing for x, zeros for the grid


@pytest.mark.parametrize("size", [(2, 3, 4, 5), [2, 1, 1, 5], (2, 3, 3, 4, 2)])
@pytest.mark.parametrize("align", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_affine_grid(size, align, dtype):
    d = len(size) - 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unit sizes with align_corners warn (tested below)
        check(lambda m, th: F(m).affine_grid(th, size, align), RNG.standard_normal((2, d, d + 1)).astype(dtype))
        check(lambda m, th: m.affine_grid_generator(th, size, align),
              RNG.standard_normal((2, d, d + 1)).astype(dtype))


@pytest.mark.parametrize("mode", ["bilinear", "nearest", "bicubic"])
def test_spatial_transformer(mode):
    """affine_grid then grid_sample, backpropagated (twice) to theta and the image."""
    theta = np.array([[0.9, 0.2, 0.1], [-0.15, 1.1, -0.05]]) + 0.05 * RNG.standard_normal((2, 2, 3))
    image = RNG.standard_normal((2, 3, 6, 7))
    for dt in (np.float32, np.float64):
        check(lambda m, th, x: F(m).grid_sample(x, F(m).affine_grid(th, (2, 3, 5, 4), False), mode, "border", False),
              theta.astype(dt), image.astype(dt))
    theta3 = np.concatenate([np.eye(3), np.zeros((3, 1))], 1) + 0.1 * RNG.standard_normal((2, 3, 4))
    if mode != "bicubic":
        check(lambda m, th, x: F(m).grid_sample(x, F(m).affine_grid(th, (2, 2, 3, 4, 3), True), mode, "zeros", True),
              theta3, RNG.standard_normal((2, 2, 4, 3, 5)))


def test_torch_namespace_functions():
    x, g = RNG.standard_normal((2, 3, 4, 5)), _grid((2, 3, 3, 2), np.float64)
    check(lambda m, x, g: m.grid_sampler(x, g, 2, 2, True), x, g)
    check(lambda m, x, g: m.grid_sampler_2d(x, g, 0, 1, False), x, g)
    x3, g3 = RNG.standard_normal((1, 2, 3, 4, 5)), _grid((1, 2, 2, 2, 3), np.float64)
    check(lambda m, x, g: m.grid_sampler_3d(x, g, 1, 0, False), x3, g3)


def test_mode_numbers_are_atens():
    """grid_sampler's interpolation_mode 0, 1, 2 is bilinear, nearest, bicubic; padding_mode 0, 1, 2
    zeros, border, reflection: grid_sample's strings, as torch maps them."""
    x, g = RNG.standard_normal((1, 2, 4, 5)), _grid((1, 3, 3, 2), np.float64)
    for i, mode in enumerate(("bilinear", "nearest", "bicubic")):
        for j, padding in enumerate(PADDINGS):
            for m in (pullback, torch):
                by_number = m.grid_sampler(m.tensor(x), m.tensor(g), i, j, True)
                by_name = F(m).grid_sample(m.tensor(x), m.tensor(g), mode, padding, True)
                assert np.array_equal(by_number.numpy(), by_name.numpy())


@pytest.mark.parametrize("fn,phrase", [
    (lambda m, x, g: m.grid_sampler(x, g, 0, 0, 1), "grid_sampler(): argument 'align_corners' (position 5) must be "
     "bool, not int"),
    (lambda m, x, g: m.grid_sampler(x, g, 0.0, 0, False), "grid_sampler(): argument 'interpolation_mode' (position 3) "
     "must be int, not float"),
    (lambda m, x, g: m.grid_sampler_2d(x, g, True, 0, False), "argument 'interpolation_mode' (position 3) must be "
     "int, not bool"),
    (lambda m, x, g: m.grid_sampler_2d(x, g, 0, None, False), "argument 'padding_mode' (position 4) must be int, "
     "not NoneType"),
    (lambda m, x, g: m.grid_sampler_3d(x, g, 0, 0, False), "grid_sampler(): expected 5D input and grid with same "
     "number of dimensions"),
    (lambda m, x, g: m.grid_sampler(x[0, 0], g[0], 0, 0, False), "expected grid and input to have same batch size"),
    (lambda m, x, g: F(m).grid_sample(x, g, align_corners=1), "grid_sampler(): argument 'align_corners' (position 5) "
     "must be bool, not int"),
])
def test_grid_sampler_argument_errors(fn, phrase):
    assert_same_error(fn, RNG.standard_normal((2, 3, 4, 5)), _grid((2, 3, 3, 2), np.float64), phrase=phrase)


def test_grid_sampler_refuses_modes_torch_leaves_undefined():
    x, g = pullback.zeros(1, 1, 2, 2), pullback.zeros(1, 1, 1, 2)
    for modes in ((3, 0), (0, -1)):
        with pytest.raises(RuntimeError, match="expected interpolation_mode and padding_mode in 0, 1, 2"):
            pullback.grid_sampler(x, g, *modes, False)


@pytest.mark.parametrize("theta_shape,size,phrase", [
    ((2, 2, 3), (2, 3, 4), "AffineGridGenerator needs 4d (spatial) or 5d (volumetric) inputs."),
    ((2, 2, 3), (3, 3, 4, 5), "Expected size for first two dimensions of batch2 tensor to be: [3, 3] but got: [2, 3]."),
    ((2, 2, 3), (2, 3, 4, 5, 6), "Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [2, "
     "3]."),
    ((2, 3, 3), (2, 1, 2, 2), "shape '[2, 2, 2, 2]' is invalid for input of size 24"),
    ((1, 2, 3, 1), (1, 1, 2, 2), "batch2 must be a 3D tensor"),
    ((2, 3), (2, 1, 2, 2), "Dimension out of range (expected to be in range of [-2, 1], but got 2)"),
])
def test_affine_grid_generator_errors(theta_shape, size, phrase):
    assert_same_error(lambda m, th: m.affine_grid_generator(th, size, False), RNG.standard_normal(theta_shape),
                      phrase=phrase)
    assert_same_error(lambda m, th: m.affine_grid_generator(th, (2, 1, 2, 2), 1), RNG.standard_normal((2, 2, 3)),
                      phrase="affine_grid_generator(): argument 'align_corners' (position 3) must be bool, not int")


def test_affine_grid_generator_sizes_affine_grid_refuses():
    """Without affine_grid's checks: empty outputs, and integer thetas (their grid truncated, as torch's)."""
    check(lambda m, th: m.affine_grid_generator(th, (2, 3, 0, 5), False), RNG.standard_normal((2, 2, 3)))
    check(lambda m, th: m.affine_grid_generator(th, [1, 1, 3, 4], False), np.arange(6).reshape(1, 2, 3))
    check(lambda m, th: m.affine_grid_generator(th, [1, 1, 3, 1, 2], True), np.arange(12).reshape(1, 3, 4))


def _warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [(w.category, str(w.message)) for w in caught]


def test_warnings_as_torch():
    x, g, th = RNG.standard_normal((1, 2, 3, 3)), _grid((1, 2, 2, 2), np.float64), RNG.standard_normal((1, 2, 3))
    cases = [lambda m: F(m).grid_sample(m.tensor(x), m.tensor(g)),
             lambda m: F(m).affine_grid(m.tensor(th), (1, 2, 3, 3)),
             lambda m: F(m).affine_grid(m.tensor(th), (1, 2, 1, 3), align_corners=True),
             lambda m: F(m).grid_sample(m.tensor(x), m.tensor(g), align_corners=False)]
    for case in cases:
        assert _warnings(lambda: case(pullback)) == _warnings(lambda: case(torch))
    assert _warnings(lambda: cases[0](pullback))[0][0] is UserWarning


@pytest.mark.parametrize("x_shape,g_shape,kw,phrase", [
    ((3, 4, 5), (2, 3, 3, 2), {}, "expected grid and input to have same batch size"),
    ((2, 3, 4, 5), (2, 3, 3, 3), {}, "expected grid to have size 2 in last dimension"),
    ((2, 3, 4, 5), (2, 3, 3, 2, 2), {}, "expected 4D input and grid with same number of dimensions"),
    ((2, 3, 4, 5, 6), (2, 3, 3, 3), {}, "expected 5D input and grid with same number of dimensions"),
    ((2, 3, 0, 5), (2, 3, 3, 2), {}, "expected input to have non-empty spatial dimensions"),
    ((2, 3, 4, 5, 6), (2, 3, 3, 3, 3), {"mode": "bicubic"}, "bicubic interpolation only supports 4D input"),
    ((2, 3, 4, 5), (2, 3, 3, 2), {"mode": "linear"}, "expected mode to be 'bilinear', 'nearest' or 'bicubic'"),
    ((2, 3, 4, 5), (2, 3, 3, 2), {"padding_mode": "wrap"}, "expected padding_mode to be 'zeros', 'border'"),
])
def test_grid_sample_errors(x_shape, g_shape, kw, phrase):
    assert_same_error(lambda m, x, g: F(m).grid_sample(x, g, align_corners=False, **kw),
                      np.zeros(x_shape, np.float32), np.zeros(g_shape, np.float32), phrase=phrase)


def test_grid_sample_dtype_errors():
    x, g = np.zeros((1, 2, 3, 3), np.float32), np.zeros((1, 2, 2, 2), np.float32)
    assert_same_error(lambda m, x, g: F(m).grid_sample(x, g, align_corners=False), x, g.astype(np.float64),
                      phrase="expected scalar type Float but found Double")
    assert_same_error(lambda m, x, g: F(m).grid_sample(x, g, align_corners=False), x.astype(np.int32), g,
                      phrase='"grid_sampler_2d_cpu_kernel_impl" not implemented for \'Int\'')
    assert_same_error(lambda m, x, g: F(m).grid_sample(x, g, align_corners=False),
                      np.zeros((1, 2, 3, 3, 3), np.int64), np.zeros((1, 2, 2, 2, 3), np.int64),
                      phrase="not implemented for 'Long'")


@pytest.mark.parametrize("theta_shape,size,phrase", [
    ((2, 3, 3), (2, 3, 4, 5), "Expected a batch of 2D affine matrices of shape Nx2x3"),
    ((2, 2, 3), (2, 3, 4, 5, 6), "Expected a batch of 3D affine matrices of shape Nx3x4"),
    ((2, 2, 3), (2, 3, 4), "affine_grid only supports 4D and 5D sizes"),
    ((2, 2, 3), (2, 3, 0, 5), "Expected non-zero, positive output size"),
    ((2, 2, 3), (3, 3, 4, 5), "Expected size for first two dimensions of batch2 tensor to be: [3, 3] but got: [2, 3]"),
])
def test_affine_grid_errors(theta_shape, size, phrase):
    assert_same_error(lambda m, th: F(m).affine_grid(th, size, align_corners=False),
                      np.zeros(theta_shape, np.float32), phrase=phrase)


def test_affine_grid_needs_floating_theta():
    pb_exc, th_exc = check_error(lambda m, th: F(m).affine_grid(th, (2, 3, 4, 5), False), np.zeros((2, 2, 3), np.int64))
    assert str(pb_exc) == str(th_exc)


def test_forward_mode_tangents():
    """affine_grid's tangent is torch's; grid_sample's (torch has no forward AD for it) is the
    transpose of torch's gradient: <J v, u> = <v, J^T u>."""
    theta, t_theta = RNG.standard_normal((2, 2, 3)), RNG.standard_normal((2, 2, 3))
    tangents = []
    for m in (torch, pullback):
        with m.autograd.forward_ad.dual_level():
            dual = m.autograd.forward_ad.make_dual(m.tensor(theta), m.tensor(t_theta))
            out = F(m).affine_grid(dual, (2, 1, 3, 4), False)
            tangents.append(m.autograd.forward_ad.unpack_dual(out).tangent.numpy())
    np.testing.assert_allclose(tangents[1], tangents[0], atol=1e-12)

    x, g = RNG.standard_normal((1, 2, 4, 5)), _grid((1, 3, 2, 2), np.float64)
    vx, vg = RNG.standard_normal(x.shape), RNG.standard_normal(g.shape)
    fw = pullback.autograd.forward_ad
    with fw.dual_level():
        dual_x = fw.make_dual(pullback.tensor(x), pullback.tensor(vx))
        dual_g = fw.make_dual(pullback.tensor(g), pullback.tensor(vg))
        out = F(pullback).grid_sample(dual_x, dual_g, "bicubic", "reflection", True)
        jv = fw.unpack_dual(out).tangent.numpy()
    u = RNG.standard_normal(jv.shape)
    tx, tg = torch.tensor(x, requires_grad=True), torch.tensor(g, requires_grad=True)
    jtu = torch.autograd.grad(F(torch).grid_sample(tx, tg, "bicubic", "reflection", True), (tx, tg), torch.tensor(u))
    np.testing.assert_allclose((jv * u).sum(), (vx * jtu[0].numpy()).sum() + (vg * jtu[1].numpy()).sum(), rtol=1e-10)
