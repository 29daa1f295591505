"""nn.utils.parametrize, nn.utils.parametrizations, the hook-based weight/spectral norm, fusion,
skip_init and the weight memory-format conversions, against torch with the same initial weights."""
import copy
import pickle
import warnings

import numpy as np
import pytest
import torch

import pullback
from pullback.nn.utils._weight_norm import _weight_norm, norm_except_dim
from oracle import check, gradcheck_fd

LIBS = (pullback, torch)
COVERED = []  # nn.utils is no op table: its functions are exercised by the module tests below


def values(t):
    return t.detach().numpy()


def build(lib, make, seed=0):
    """make(lib) with every floating parameter and buffer set to the same numbers in both libraries."""
    m = make(lib)
    rng = np.random.default_rng(seed)
    with lib.no_grad():
        for _, t in sorted(list(m.named_parameters()) + list(m.named_buffers())):
            if t.is_floating_point():
                t.copy_(lib.tensor(rng.standard_normal(tuple(t.shape)) * 0.5 + 0.2, dtype=t.dtype))
    return m


def both(make, seed=0):
    return build(pullback, make, seed), build(torch, make, seed)


def assert_same_state(pm, tm, atol=1e-10):
    psd, tsd = pm.state_dict(), tm.state_dict()
    assert list(psd) == list(tsd)
    for k in tsd:
        np.testing.assert_allclose(values(psd[k]), values(tsd[k]), atol=atol, rtol=1e-7, err_msg=k)


def run_both(pm, tm, x, atol=1e-10):
    """Forward and backward of sum(out**2) through both modules; outputs and every parameter's grad agree."""
    outs = []
    for m, lib in ((pm, pullback), (tm, torch)):
        xi = lib.tensor(x, requires_grad=True)
        y = m(xi)
        (y * y).sum().backward()
        outs.append((y, xi.grad, {n: p.grad for n, p in m.named_parameters()}))
    (py, pxg, pg), (ty, txg, tg) = outs
    np.testing.assert_allclose(values(py), values(ty), atol=atol, rtol=1e-7)
    np.testing.assert_allclose(values(pxg), values(txg), atol=atol, rtol=1e-7)
    assert list(pg) == list(tg)
    for n in tg:
        np.testing.assert_allclose(values(pg[n]), values(tg[n]), atol=atol, rtol=1e-7, err_msg=n)


def same_error(fn, phrase, exc=None):
    got = []
    for lib in LIBS:
        with pytest.raises(Exception) as info:
            fn(lib)
        got.append(info.value)
    assert type(got[0]).__name__ == type(got[1]).__name__, got
    assert exc is None or isinstance(got[0], exc)
    assert phrase in str(got[1]), f"torch's message changed: {got[1]}"
    assert phrase in str(got[0]), f"{got[0]!r} lacks {phrase!r}"


def symmetric(lib):
    class Symmetric(lib.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(-1, -2)

        def right_inverse(self, A):
            return A.triu()
    return Symmetric()


def scale(lib, factor=2.0):
    class Scale(lib.nn.Module):
        def forward(self, X):
            return X * factor
    return Scale()


def split(lib):
    class Split(lib.nn.Module):
        """Two originals: the weight is their sum."""
        def forward(self, A, B):
            return A + B

        def right_inverse(self, W):
            return W * 0.25, W * 0.75
    return Split()


def linear(lib):
    return lib.nn.Linear(4, 4).double()


# ---------------------------------------------------------------- parametrize
def test_register_parametrization_class_repr_state_and_gradients():
    pm, tm = both(linear)
    for lib, m in zip(LIBS, (pm, tm)):
        P = lib.nn.utils.parametrize
        assert P.register_parametrization(m, "weight", symmetric(lib)) is m
        assert P.is_parametrized(m) and P.is_parametrized(m, "weight") and not P.is_parametrized(m, "bias")
        assert P.type_before_parametrizations(m) is lib.nn.Linear
        assert isinstance(m.parametrizations.weight, P.ParametrizationList)
    assert type(pm).__name__ == type(tm).__name__ == "ParametrizedLinear"
    assert repr(pm) == repr(tm)
    assert [n for n, _ in pm.named_parameters()] == [n for n, _ in tm.named_parameters()]
    assert_same_state(pm, tm)
    np.testing.assert_allclose(values(pm.weight), values(tm.weight))
    assert pm.weight.grad_fn.name() == tm.weight.grad_fn.name()
    run_both(pm, tm, np.random.default_rng(1).standard_normal((3, 4)))
    # another instance of the class keeps its plain weight
    other = pullback.nn.Linear(4, 4)
    assert type(other) is pullback.nn.Linear and isinstance(other.weight, pullback.nn.Parameter)


def test_assignment_goes_through_right_inverse():
    pm, tm = both(linear)
    target = np.random.default_rng(2).standard_normal((4, 4))
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrize.register_parametrization(m, "weight", symmetric(lib))
        original = m.parametrizations.weight.original
        m.weight = lib.tensor(target)
        assert m.parametrizations.weight.original is original
    assert_same_state(pm, tm)
    np.testing.assert_allclose(values(pm.weight), values(tm.weight))


def test_chained_parametrizations_and_unsafe():
    pm, tm = both(linear)
    for lib, m in zip(LIBS, (pm, tm)):
        P = lib.nn.utils.parametrize
        P.register_parametrization(m, "weight", symmetric(lib))
        P.register_parametrization(m, "weight", scale(lib, 3.0))
        assert len(m.parametrizations.weight) == 2 and not m.parametrizations.weight.unsafe
        P.register_parametrization(m, "bias", scale(lib), unsafe=True)
        assert m.parametrizations.bias.unsafe
    assert repr(pm) == repr(tm)
    assert_same_state(pm, tm)
    run_both(pm, tm, np.random.default_rng(3).standard_normal((2, 4)))
    # assigning needs every parametrization's right_inverse
    same_error(lambda lib: setattr(
        lib.nn.utils.parametrize.register_parametrization(linear(lib), "weight", scale(lib)), "weight",
        lib.zeros(4, 4, dtype=lib.float64)), "does not implement right_inverse", RuntimeError)


def test_several_originals():
    pm, tm = both(linear)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrize.register_parametrization(m, "weight", split(lib))
        assert not m.parametrizations.weight.is_tensor and m.parametrizations.weight.ntensors == 2
    assert_same_state(pm, tm)
    run_both(pm, tm, np.random.default_rng(4).standard_normal((2, 4)))
    for lib, m in zip(LIBS, (pm, tm)):
        m.weight = lib.ones(4, 4, dtype=lib.float64)
    assert_same_state(pm, tm)
    same_error(lambda lib: lib.nn.utils.parametrize.remove_parametrizations(
        lib.nn.utils.parametrize.register_parametrization(linear(lib), "weight", split(lib)), "weight", False),
        "Cannot leave unparametrized", ValueError)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
        assert isinstance(m.weight, lib.nn.Parameter)
    assert_same_state(pm, tm)


@pytest.mark.parametrize("leave", [True, False])
def test_remove_parametrizations(leave):
    pm, tm = both(linear)
    for lib, m in zip(LIBS, (pm, tm)):
        P = lib.nn.utils.parametrize
        P.register_parametrization(m, "weight", symmetric(lib))
        P.register_parametrization(m, "bias", scale(lib))
        P.remove_parametrizations(m, "weight", leave_parametrized=leave)
        assert type(m).__name__ == "ParametrizedLinear" and P.is_parametrized(m)
        P.remove_parametrizations(m, "bias", leave_parametrized=leave)
        assert type(m) is lib.nn.Linear and not P.is_parametrized(m) and not hasattr(m, "parametrizations")
        assert isinstance(m.weight, lib.nn.Parameter)
    assert repr(pm) == repr(tm)
    assert_same_state(pm, tm)


def test_buffer_parametrization():
    def make(lib):
        m = lib.nn.BatchNorm1d(3).double()
        return m.eval()
    pm, tm = both(make)
    for lib, m in zip(LIBS, (pm, tm)):
        with lib.no_grad():
            m.running_var.abs_()
        lib.nn.utils.parametrize.register_parametrization(m, "running_var", scale(lib))
        assert "running_var" not in dict(m.named_buffers())
    assert list(dict(pm.named_buffers())) == list(dict(tm.named_buffers()))
    assert_same_state(pm, tm)
    run_both(pm, tm, np.random.default_rng(5).standard_normal((4, 3)))


def test_cached():
    for lib in LIBS:
        m = lib.nn.utils.parametrize.register_parametrization(linear(lib), "weight", symmetric(lib))
        assert m.weight is not m.weight
        with lib.nn.utils.parametrize.cached():
            w = m.weight
            assert m.weight is w
            with lib.nn.utils.parametrize.cached():
                assert m.weight is w
            assert m.weight is w
        assert m.weight is not w


def test_training_mode_follows_the_module_and_copies():
    for lib in LIBS:
        m = linear(lib).eval()
        lib.nn.utils.parametrize.register_parametrization(m, "weight", symmetric(lib))
        assert not m.parametrizations.weight[0].training
        c = copy.deepcopy(m)
        assert type(c).__name__ == "ParametrizedLinear" and c.parametrizations is not m.parametrizations
        np.testing.assert_allclose(values(c.weight), values(m.weight))
        with pytest.raises(RuntimeError, match="only supported through state_dict"):
            pickle.dumps(m)


def test_transfer_parametrizations_and_params():
    pm, tm = both(linear)
    outs = []
    for lib, m in zip(LIBS, (pm, tm)):
        P = lib.nn.utils.parametrize
        P.register_parametrization(m, "weight", symmetric(lib))
        P.register_parametrization(m, "bias", scale(lib))
        to = lib.nn.Linear(4, 4).double()
        assert P.transfer_parametrizations_and_params(m, to, "weight") is to
        assert P.is_parametrized(to, "weight") and not P.is_parametrized(to, "bias")
        assert to.parametrizations.weight.original is m.parametrizations.weight.original
        to2 = P.transfer_parametrizations_and_params(m, lib.nn.Linear(4, 4).double())
        assert P.is_parametrized(to2, "bias")
        outs.append((to2.weight, to2.bias))
    for p, t in zip(*outs):
        np.testing.assert_allclose(values(p), values(t))


def test_register_errors():
    def shape_changer(lib):
        class Flat(lib.nn.Module):
            def forward(self, X):
                return X.flatten()
        return Flat()

    def dtype_changer(lib):
        class Half(lib.nn.Module):
            def forward(self, X):
                return X.float()
        return Half()

    def not_a_tensor(lib):
        class Num(lib.nn.Module):
            def forward(self, X):
                return 1
        return Num()

    reg = lambda lib, p, name="weight", **kw: lib.nn.utils.parametrize.register_parametrization(  # noqa: E731
        linear(lib), name, p(lib), **kw)
    same_error(lambda lib: reg(lib, scale, "nothing"), "does not have a parameter, a buffer, or a parametrized",
               ValueError)
    same_error(lambda lib: reg(lib, shape_changer), "may not change the shape of the tensor", ValueError)
    same_error(lambda lib: reg(lib, dtype_changer), "may not change the dtype of the tensor", ValueError)
    same_error(lambda lib: reg(lib, not_a_tensor), "A parametrization must return a tensor. Got int.", ValueError)
    # on an already parametrized tensor, the new parametrization is checked on the current value
    again = lambda lib, p: lib.nn.utils.parametrize.register_parametrization(  # noqa: E731
        reg(lib, scale), "weight", p(lib))
    same_error(lambda lib: again(lib, shape_changer), "module.weight.shape: torch.Size([4, 4])", ValueError)
    same_error(lambda lib: again(lib, dtype_changer), "parametrization(module.weight).dtype: torch.float32",
               ValueError)
    for lib in LIBS:  # unsafe skips the checks
        m = reg(lib, shape_changer, unsafe=True)
        assert m.weight.shape == (16,)
    same_error(lambda lib: lib.nn.utils.parametrize.remove_parametrizations(linear(lib), "weight"),
               "does not have a parametrization on weight", ValueError)
    same_error(lambda lib: lib.nn.utils.parametrize.ParametrizationList([], lib.zeros(2)),
               "ParametrizationList requires one or more modules.", ValueError)
    same_error(lambda lib: setattr(reg(lib, symmetric), "weight", lib.zeros(4, 4)),
               "has dtype torch.float32 while `original` has dtype torch.float64", ValueError)


# ---------------------------------------------------------------- weight_norm
@pytest.mark.parametrize("dim", [0, 1, 2, -1, None])
def test_weight_norm_parametrization(dim):
    pm, tm = both(lambda lib: lib.nn.Conv1d(4, 3, 2).double())
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrizations.weight_norm(m, dim=dim)
    assert repr(pm) == repr(tm)
    assert_same_state(pm, tm)
    assert pm.weight.grad_fn.name() == tm.weight.grad_fn.name()
    run_both(pm, tm, np.random.default_rng(6).standard_normal((2, 4, 5)))
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrize.remove_parametrizations(m, "weight")
    assert_same_state(pm, tm)


def test_weight_norm_loads_the_hook_based_state_dict():
    old = build(pullback, linear)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        pullback.nn.utils.weight_norm(old)
    assert list(old.state_dict()) == ["bias", "weight_g", "weight_v"]
    new = pullback.nn.utils.parametrizations.weight_norm(pullback.nn.Linear(4, 4).double())
    assert str(new.load_state_dict(old.state_dict())) == "<All keys matched successfully>"
    np.testing.assert_allclose(values(new.weight), values(old.weight))


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_weight_norm_op(dim):
    rng = np.random.default_rng(7)
    v = rng.standard_normal((3, 4, 2))
    g = values(norm_except_dim(pullback.tensor(v), 2, dim)) * rng.uniform(0.5, 2, 1)
    fn = lambda lib, v, g: _weight_norm(v, g, dim) if lib is pullback else torch._weight_norm(v, g, dim)  # noqa: E731
    # torch's C++ norm records NormBackward0/1 where pullback's norm records LinalgVectorNormBackward0
    fused = dim in (0, 2)
    check(fn, v, g, grad_name=False, whole_graph=fused, check_name=fused)
    check(fn, v.astype(np.float32), g.astype(np.float32), atol=1e-5, rtol=1e-4, grad_name=False, whole_graph=fused,
          check_name=fused)
    gradcheck_fd(fn, v, g)
    check(lambda lib, v: norm_except_dim(v, 2, dim) if lib is pullback else torch.norm_except_dim(v, 2, dim), v,
          check_name=False)


# ---------------------------------------------------------------- spectral_norm
def copy_uv(pm, tm, prefix):
    """Give torch the power iteration's state pullback drew (the generators differ)."""
    with torch.no_grad():
        for suffix in ("u", "v"):
            getattr(tm, prefix + suffix).copy_(torch.tensor(values(getattr(pm, prefix + suffix))))


@pytest.mark.parametrize("make, dim, x_shape", [(lambda lib: lib.nn.Linear(5, 3).double(), 0, (2, 5)),
                                                (lambda lib: lib.nn.Conv2d(2, 3, 2).double(), 0, (1, 2, 4, 4)),
                                                (lambda lib: lib.nn.ConvTranspose2d(2, 3, 2).double(), 1, (1, 2, 3, 3))])
def test_spectral_norm_parametrization(make, dim, x_shape):
    pm, tm = both(make)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrizations.spectral_norm(m)
        assert m.parametrizations.weight[0].dim == dim
    assert repr(pm) == repr(tm)
    assert list(pm.state_dict()) == list(tm.state_dict()) == [
        "bias", "parametrizations.weight.original", "parametrizations.weight.0._u", "parametrizations.weight.0._v"]
    sn = pm.parametrizations.weight[0]
    mat = values(sn._reshape_weight_to_matrix(pm.parametrizations.weight.original))
    assert abs(np.linalg.norm(values(sn._u)) - 1) < 1e-12 and abs(np.linalg.norm(values(sn._v)) - 1) < 1e-12
    for _ in range(20):
        pm.weight
    np.testing.assert_allclose(np.linalg.norm(values(sn._reshape_weight_to_matrix(pm.weight)), 2), 1, rtol=1e-6)
    assert np.linalg.norm(mat, 2) != pytest.approx(1)
    # from the same u and v, torch computes the same weight, output and gradients, in both modes
    copy_uv(pm.parametrizations.weight[0], tm.parametrizations.weight[0], "_")
    x = np.random.default_rng(8).standard_normal(x_shape)
    run_both(pm, tm, x)
    assert_same_state(pm, tm)
    for m in (pm, tm):
        m.eval()
    u = values(pm.parametrizations.weight[0]._u).copy()
    run_both(pm, tm, x)
    np.testing.assert_array_equal(values(pm.parametrizations.weight[0]._u), u)


def test_spectral_norm_of_a_vector_and_errors():
    for lib in LIBS:
        m = lib.nn.Module()
        m.w = lib.nn.Parameter(lib.tensor([3.0, 4.0]))
        lib.nn.utils.parametrizations.spectral_norm(m, "w")
        np.testing.assert_allclose(values(m.w), [0.6, 0.8], rtol=1e-6)
        assert list(m.state_dict()) == ["parametrizations.w.original"]
    SN = lambda lib, **kw: lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(3, 2), **kw)  # noqa: E731
    same_error(lambda lib: SN(lib, dim=2), "Dimension out of range (expected to be in range of [-2, 1] but got 2)",
               IndexError)
    same_error(lambda lib: SN(lib, n_power_iterations=0), "Expected n_power_iterations to be positive", ValueError)
    same_error(lambda lib: SN(lib, name="nothing"), "has no parameter or buffer with name 'nothing'", ValueError)


# ---------------------------------------------------------------- orthogonal
@pytest.mark.parametrize("omap", [None, "matrix_exp", "cayley", "householder"])
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5)])
def test_orthogonal(omap, shape):
    def make(lib):
        return lib.nn.Linear(shape[1], shape[0]).double()
    pm, tm = both(make)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrizations.orthogonal(m, orthogonal_map=omap)
    assert repr(pm) == repr(tm)
    assert list(pm.state_dict()) == list(tm.state_dict())
    w = values(pm.weight)
    gram = w.T @ w if shape[0] >= shape[1] else w @ w.T
    np.testing.assert_allclose(gram, np.eye(min(shape)), atol=1e-12)
    if shape[0] == shape[1]:  # a square weight's base is deterministic: the same numbers as torch
        assert_same_state(pm, tm)
        run_both(pm, tm, np.random.default_rng(9).standard_normal((2, shape[1])))


@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5)])
def test_orthogonal_householder_without_trivialization(shape):
    def make(lib):
        return lib.nn.Linear(shape[1], shape[0]).double()
    pm, tm = both(make)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.parametrizations.orthogonal(m, orthogonal_map="householder", use_trivialization=False)
    assert_same_state(pm, tm)
    run_both(pm, tm, np.random.default_rng(10).standard_normal((2, shape[1])))


def test_orthogonal_errors():
    orth = lambda lib, m, **kw: lib.nn.utils.parametrizations.orthogonal(m, **kw)  # noqa: E731
    same_error(lambda lib: orth(lib, lib.nn.Linear(3, 3), orthogonal_map="qr"),
               'orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: qr', ValueError)
    same_error(lambda lib: orth(lib, lib.nn.Linear(3, 3), name="bias"),
               "Expected a matrix or batch of matrices. Got a tensor of 1 dimensions.", ValueError)
    same_error(lambda lib: setattr(orth(lib, lib.nn.Linear(3, 3), use_trivialization=False), "weight",
                                   lib.eye(3)), "It is not possible to assign to the matrix exponential",
               NotImplementedError)
    same_error(lambda lib: setattr(orth(lib, lib.nn.Linear(3, 3)), "weight", lib.eye(2)),
               "Expected a matrix or batch of matrices of shape torch.Size([3, 3])", ValueError)


# ---------------------------------------------------------------- hook-based weight_norm, spectral_norm
def test_hook_weight_norm():
    pm, tm = both(linear)
    for lib, m in zip(LIBS, (pm, tm)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert lib.nn.utils.weight_norm(m, dim=1) is m
        assert [(w.category, str(w.message)) for w in caught] == [
            (FutureWarning, "`torch.nn.utils.weight_norm` is deprecated in favor of "
                            "`torch.nn.utils.parametrizations.weight_norm`.")]
    assert repr(pm) == repr(tm)
    assert_same_state(pm, tm)
    run_both(pm, tm, np.random.default_rng(11).standard_normal((3, 4)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        same_error(lambda lib: lib.nn.utils.weight_norm(lib.nn.utils.weight_norm(lib.nn.Linear(2, 2))),
                   "Cannot register two weight_norm hooks on the same parameter weight", RuntimeError)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.remove_weight_norm(m)
        assert isinstance(m.weight, lib.nn.Parameter) and not m._forward_pre_hooks
    assert_same_state(pm, tm)
    same_error(lambda lib: lib.nn.utils.remove_weight_norm(lib.nn.Linear(2, 2)), "weight_norm of 'weight' not found",
               ValueError)


def test_hook_spectral_norm():
    pm, tm = both(lambda lib: lib.nn.Conv2d(2, 3, 2).double())
    for lib, m in zip(LIBS, (pm, tm)):
        assert lib.nn.utils.spectral_norm(m, n_power_iterations=2) is m
    assert list(pm.state_dict()) == list(tm.state_dict()) == ["bias", "weight_orig", "weight_u", "weight_v"]
    assert pm.state_dict()._metadata[""]["spectral_norm"] == tm.state_dict()._metadata[""]["spectral_norm"]
    copy_uv(pm, tm, "weight_")
    x = np.random.default_rng(12).standard_normal((1, 2, 4, 4))
    run_both(pm, tm, x)
    assert_same_state(pm, tm)
    for _ in range(30):
        pm(pullback.tensor(x))
    np.testing.assert_allclose(np.linalg.norm(values(pm.weight).reshape(3, -1), 2), 1, rtol=1e-6)
    for m in (pm, tm):
        m.eval()
    copy_uv(pm, tm, "weight_")
    run_both(pm, tm, x)
    # a state dict saved before version 1 holds `weight` and no `weight_v`
    sd = pm.state_dict()
    sd._metadata[""]["spectral_norm"]["weight.version"] = 0
    sd["weight"] = pm.weight.detach().clone()
    del sd["weight_v"]
    assert str(pm.load_state_dict(sd)) == "<All keys matched successfully>"
    same_error(lambda lib: lib.nn.utils.spectral_norm(lib.nn.utils.spectral_norm(lib.nn.Linear(2, 2))),
               "Cannot register two spectral_norm hooks on the same parameter weight", RuntimeError)
    same_error(lambda lib: lib.nn.utils.spectral_norm(lib.nn.Linear(2, 2, bias=False), "bias"),
               "`SpectralNorm` cannot be applied as parameter `bias` is None", ValueError)
    for lib, m in zip(LIBS, (pm, tm)):
        lib.nn.utils.remove_spectral_norm(m)
        assert list(m.state_dict()) == ["bias", "weight"] and not m._state_dict_hooks
    assert_same_state(pm, tm)
    same_error(lambda lib: lib.nn.utils.remove_spectral_norm(lib.nn.Linear(2, 2)),
               "spectral_norm of 'weight' not found", ValueError)


# ---------------------------------------------------------------- fusion, skip_init, memory formats
@pytest.mark.parametrize("kind", ["Conv2d", "ConvTranspose2d", "Conv1d"])
def test_fuse_conv_bn_eval(kind):
    bn_kind = "BatchNorm1d" if kind == "Conv1d" else "BatchNorm2d"

    def make(lib):
        return lib.nn.Sequential(getattr(lib.nn, kind)(3, 4, 2), getattr(lib.nn, bn_kind)(4)).double().eval()
    pm, tm = both(make)
    with pullback.no_grad(), torch.no_grad():
        for m in (pm, tm):
            m[1].running_var.abs_()
    fused = [lib.nn.utils.fuse_conv_bn_eval(m[0], m[1], transpose=kind.startswith("ConvT"))
             for lib, m in zip(LIBS, (pm, tm))]
    assert repr(fused[0]) == repr(fused[1])
    assert isinstance(fused[0].weight, pullback.nn.Parameter) and fused[0].weight.requires_grad
    assert_same_state(*fused)
    x = np.random.default_rng(13).standard_normal((1, 3, 5) if kind == "Conv1d" else (1, 3, 5, 5))
    np.testing.assert_allclose(values(fused[0](pullback.tensor(x))), values(pm(pullback.tensor(x))), atol=1e-12)
    run_both(fused[0], fused[1], x)
    same_error(lambda lib: lib.nn.utils.fuse_conv_bn_eval(lib.nn.Conv2d(1, 1, 1), lib.nn.BatchNorm2d(1)),
               "Fusion only for eval!", AssertionError)


def test_fuse_weights_defaults():
    outs = []
    for lib in LIBS:
        w, b = lib.nn.utils.fuse_conv_bn_weights(lib.ones(2, 1, 1, 1), None, lib.tensor([1.0, 2.0]),
                                                 lib.tensor([4.0, 9.0]), 0.0, None, None)
        lw, lb = lib.nn.utils.fuse_linear_bn_weights(lib.ones(2, 3, requires_grad=True), None, lib.tensor([1.0, 2.0]),
                                                     lib.tensor([4.0, 9.0]), 0.0, lib.ones(2), lib.zeros(2))
        outs.append([(values(t), t.dtype == lib.float32, t.requires_grad) for t in (w, b, lw, lb)])
    for (pv, pd, pr), (tv, td, tr) in zip(*outs):
        np.testing.assert_allclose(pv, tv)
        assert pd == td and pr == tr


def test_fuse_linear_bn_eval():
    def make(lib):
        return lib.nn.Sequential(lib.nn.Linear(3, 4), lib.nn.BatchNorm1d(4)).double().eval()
    pm, tm = both(make)
    with pullback.no_grad(), torch.no_grad():
        for m in (pm, tm):
            m[1].running_var.abs_()
    fused = [lib.nn.utils.fuse_linear_bn_eval(m[0], m[1]) for lib, m in zip(LIBS, (pm, tm))]
    assert_same_state(*fused)
    x = np.random.default_rng(14).standard_normal((2, 3))
    np.testing.assert_allclose(values(fused[0](pullback.tensor(x))), values(pm(pullback.tensor(x))), atol=1e-12)
    run_both(fused[0], fused[1], x)
    same_error(lambda lib: lib.nn.utils.fuse_linear_bn_eval(lib.nn.Linear(3, 4).eval(), lib.nn.BatchNorm1d(5).eval()),
               "To fuse, linear.out_features == bn.num_features or bn.num_features == 1", AssertionError)


def test_convert_weight_memory_format():
    strides = []
    for lib in LIBS:
        m = lib.nn.Sequential(lib.nn.Conv2d(3, 4, 2), lib.nn.Sequential(lib.nn.ConvTranspose2d(4, 2, 2)),
                              lib.nn.Conv3d(1, 2, 2), lib.nn.Linear(2, 2))
        params = list(m.parameters())
        assert lib.nn.utils.convert_conv2d_weight_memory_format(m, lib.channels_last) is m
        assert m[0].weight.is_contiguous(memory_format=lib.channels_last)
        lib.nn.utils.convert_conv3d_weight_memory_format(m, lib.channels_last_3d)
        assert m[2].weight.is_contiguous(memory_format=lib.channels_last_3d)
        assert all(p is q for p, q in zip(params, m.parameters()))
        strides.append([p.stride() for p in m.parameters()])
    assert strides[0] == strides[1]


def test_skip_init():
    for lib in LIBS:
        m = lib.nn.utils.skip_init(lib.nn.Linear, 3, 4, dtype=lib.float64)
        assert type(m) is lib.nn.Linear and m.weight.shape == (4, 3) and m.weight.dtype == lib.float64
        assert isinstance(m.weight, lib.nn.Parameter) and m.weight.requires_grad

    class NoDevice(pullback.nn.Module):
        pass
    with pytest.raises(RuntimeError, match="Module must support a 'device' arg to skip initialization"):
        pullback.nn.utils.skip_init(NoDevice)
    same_error(lambda lib: lib.nn.utils.skip_init(int), "Expected a Module; got <class 'int'>", RuntimeError)
