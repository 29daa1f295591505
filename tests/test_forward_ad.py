"""Forward-mode AD against torch.autograd.forward_ad: the API, printing, and the tangent of
every op of the op table that torch can run in forward mode (sampled generically)."""
import numpy as np
import pytest
import torch
import torch.autograd.forward_ad as th_fw

import pullback
import pullback.autograd.forward_ad as pb_fw
from oracle import assert_close

RNG = np.random.default_rng(7)
A = RNG.uniform(0.2, 0.8, (3, 3))
B = RNG.uniform(0.2, 0.8, (3, 3))
C = RNG.uniform(0.2, 0.8, (3, 3))
TA, TB, TC = (RNG.standard_normal((3, 3)) for _ in range(3))
TANGENTS = {"A": TA, "B": TB, "C": TC}
# argument patterns tried in order; strings name the float inputs above, numbers are dims/sizes
PATTERNS = [("A",), ("A", "B"), ("A", 1), ("A", 0), ("A", "B", "C"), (["A", "B"],), ("A", 1, 1), ("A", 0, 1, 2)]
FW = {pullback: pb_fw, torch: th_fw}


def build(m, pattern, dual):
    def one(p):
        if isinstance(p, list):
            return [one(q) for q in p]
        if isinstance(p, str):
            x = m.tensor({"A": A, "B": B, "C": C}[p])
            return FW[m].make_dual(x, m.tensor(TANGENTS[p])) if dual else x
        return p
    return [one(p) for p in pattern]


def flat(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return [out]


def _resolve(m, path):
    """m.name, or for a dotted path (nn.functional.gelu, linalg.inv) the function it names."""
    obj = m
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def run(m, name, pattern, dual):
    fn = _resolve(m, name)
    if not dual:
        return flat(fn(*build(m, pattern, False))), None
    with FW[m].dual_level():
        outs = flat(fn(*build(m, pattern, True)))
        unpacked = [FW[m].unpack_dual(o) if isinstance(o, (pullback.Tensor, torch.Tensor)) else (o, None)
                    for o in outs]
        return [u[0] for u in unpacked], [u[1] for u in unpacked]


def _random(name):
    """Functions that draw random numbers: sampled generically they could match torch by chance
    on one pattern and not on the next run; they have deterministic cases of their own."""
    return "dropout" in name or name.endswith(("gumbel_softmax", "rrelu", "rrelu_")) or name in (
        "normal", "bernoulli", "poisson", "multinomial", "binomial", "_standard_gamma", "_sample_dirichlet",
        "svd_lowrank", "pca_lowrank", "lobpcg")


def _sample_cases(names):
    cases = []
    for name in names:
        if _random(name):
            continue
        try:
            _resolve(torch, name)
        except AttributeError:
            continue
        for pattern in PATTERNS:
            try:
                outs, _ = run(torch, name, pattern, False)
                if not any(isinstance(o, torch.Tensor) and o.is_floating_point() for o in outs):
                    continue
                th_primal, th_tan = run(torch, name, pattern, True)
                pb_outs, _ = run(pullback, name, pattern, False)
                for p, t in zip(pb_outs, outs):  # ops whose primal differs from torch's are another test's job
                    assert_close(p, t, 1e-6, 1e-6)
            except Exception:  # noqa: BLE001 - this pattern does not fit this op (or torch has no forward AD)
                continue
            cases.append((name, pattern))
            break
    return cases


# read one triangle, or need a positive-definite matrix, where torch's tangent takes the whole tangent
# (its forward and reverse modes differ elsewhere): their own cases in EXPLICIT
STRUCTURED = ("triangular_solve", "cholesky_inverse", "linalg.cholesky_ex")
CASES = _sample_cases([n for n in pullback.ops.__all__ if n not in STRUCTURED])


def _namespace_functions():
    """The op table's functions outside pullback.ops: nn.functional, linalg and special."""
    import inspect
    top = set(pullback.ops.__all__)
    F = pullback.nn.functional
    spaces = [("nn.functional", F, getattr(F, "__all__", [n for n in vars(F) if not n.startswith("_")])),
              ("linalg", pullback.linalg, pullback.linalg.__all__), ("special", pullback.special, pullback.special.__all__)]
    return [f"{prefix}.{n}" for prefix, module, names in spaces for n in sorted(names)
            if callable(getattr(module, n, None)) and not inspect.isclass(getattr(module, n))
            and not (prefix == "nn.functional" and n in top)]


NAMESPACE_FUNCTIONS = _namespace_functions()
# random (gumbel_softmax) or defined on symmetric matrices only (eigh): their own tests below
NAMESPACE_CASES = _sample_cases([n for n in NAMESPACE_FUNCTIONS
                                 if n not in ("nn.functional.gumbel_softmax", "linalg.eigh") + STRUCTURED])


def test_the_sample_covers_most_of_the_op_table():
    assert len(CASES) >= 100, len(CASES)


@pytest.mark.parametrize("name, pattern", CASES + NAMESPACE_CASES, ids=[c[0] for c in CASES + NAMESPACE_CASES])
def test_tangent_matches_torch(name, pattern):
    th_primal, th_tan = run(torch, name, pattern, True)
    pb_primal, pb_tan = run(pullback, name, pattern, True)
    assert len(pb_tan) == len(th_tan)
    for i, (pp, tp, pt, tt) in enumerate(zip(pb_primal, th_primal, pb_tan, th_tan)):
        assert_close(pp, tp, 1e-6, 1e-6, f"{name} primal {i}")
        if tt is None:
            assert pt is None or not np.asarray(pt.detach().numpy()).any(), f"{name} output {i}: torch has no tangent"
            continue
        assert pt is not None, f"{name} output {i}: no tangent, torch has one"
        assert_close(pt, tt, 1e-6, 1e-6, f"{name} tangent {i}")


def _idx(m, values):
    return m.tensor(values)


# ops that need arguments of their own (shapes, indices, modes), and in-place forms
EXPLICIT = {
    # the recurrent functions (padded and packed) and cells: hidden size 2 or 1
    "rnn_tanh": lambda m, a, b, c: m.rnn_tanh(a[None], b[None, :, :2], [c[:2], b[:2, :2]], False, 1, 0.0, True, False,
                                              False),
    "rnn_relu": lambda m, a, b, c: m.rnn_relu(a, m.tensor([2, 1]), b[None, :2, :2], [c[:2], b[:2, :2], a[0, :2],
                                                                                     b[0, :2]], True, 1, 0.0, True, False),
    "lstm": lambda m, a, b, c: m.lstm(a[None], (b[None, :, :1], c[None, :, :1]), [m.cat([c, b])[:4], m.cat([a, b])[:4, :1]],
                                      False, 1, 0.0, True, False, False),
    "gru": lambda m, a, b, c: m.gru(a[:, None], b[None, :, :1], [c, b[:, :1], a[0], b[0]], True, 1, 0.0, True, False, True),
    "rnn_tanh_cell": lambda m, a, b, c: m.rnn_tanh_cell(a, b, c, a, b[0], c[0]),
    "rnn_relu_cell": lambda m, a, b, c: m.rnn_relu_cell(a, b, c, a),
    "lstm_cell": lambda m, a, b, c: m.lstm_cell(a[:, :2], (b[:, :1], c[:, :1]), m.cat([a, b, c])[:4, :2],
                                                m.cat([a, b])[:4, :1]),
    "gru_cell": lambda m, a, b, c: m.gru_cell(a, b[:, :1], c, b[:, :1], a[0], None),
    "native_dropout": lambda m, a, b, c: m.native_dropout(a * b, 0.5, False) + m.native_dropout(c, 0.0, True),
    "native_group_norm": lambda m, a, b, c: m.native_group_norm(a, b[0], c[0], 3, 3, 1, 3, 1e-5),
    "affine_grid_generator": lambda m, a, b, c: m.affine_grid_generator(a[:2][None], [1, 1, 4, 5], False),
    "nn.functional.affine_grid": lambda m, a, b, c: m.nn.functional.affine_grid(a[:2][None], [1, 1, 4, 5],
                                                                                align_corners=False),
    "where": lambda m, a, b, c: m.where(a > 0.5, a, b),
    "masked_fill": lambda m, a, b, c: m.masked_fill(a, b > 0.5, 2.0),
    "reshape": lambda m, a, b, c: m.reshape(a, (9,)),
    "view": lambda m, a, b, c: a.view(1, 9),
    "view_as": lambda m, a, b, c: a.view_as(b),
    "reshape_as": lambda m, a, b, c: a.reshape_as(b.t()),
    "expand": lambda m, a, b, c: a[:1].expand(3, 3) * b,
    "expand_as": lambda m, a, b, c: a[:, :1].expand_as(b),
    "broadcast_to": lambda m, a, b, c: m.broadcast_to(a[0], (2, 3, 3)),
    "meshgrid": lambda m, a, b, c: m.meshgrid(a[0], b[1, :2], indexing="xy"),
    "vander": lambda m, a, b, c: m.vander(a[:, 1] * b[0], 4, increasing=True),
    "combinations": lambda m, a, b, c: m.combinations(a[0] * b[1], 2, with_replacement=True),
    "sum_to_size": lambda m, a, b, c: a.sum_to_size(1, 3),
    "permute": lambda m, a, b, c: a.permute(1, 0),
    "nn.functional.fractional_max_pool2d": lambda m, a, b, c: m.nn.functional.fractional_max_pool2d(
        a[None], 2, output_size=2, _random_samples=m.tensor([[[0.3, 0.8]]], dtype=a.dtype)),
    "nn.functional.fractional_max_pool2d_with_indices": lambda m, a, b, c:
        m.nn.functional.fractional_max_pool2d_with_indices(a[None], 2, output_size=2,
                                                           _random_samples=m.tensor([[[0.6, 0.1]]], dtype=a.dtype))[0],
    "nn.functional.fractional_max_pool3d": lambda m, a, b, c: m.nn.functional.fractional_max_pool3d(
        m.stack([a, b])[None], (1, 2, 2), output_size=(1, 1, 1),
        _random_samples=m.tensor([[[0.3, 0.8, 0.5]]], dtype=a.dtype)),
    "nn.functional.fractional_max_pool3d_with_indices": lambda m, a, b, c:
        m.nn.functional.fractional_max_pool3d_with_indices(m.stack([a, c])[None], (1, 2, 1), output_size=(1, 1, 2),
                                                           _random_samples=m.tensor([[[0.9, 0.2, 0.4]]],
                                                                                    dtype=a.dtype))[0],
    "as_strided": lambda m, a, b, c: (m.as_strided(a, (2, 2), (1, 3), 1), (a * b).as_strided((3, 3), (1, 1))),
    "unflatten": lambda m, a, b, c: a.reshape(9).unflatten(0, (3, 3)),
    "contiguous": lambda m, a, b, c: a.t().contiguous(),
    "repeat": lambda m, a, b, c: a.repeat(2, 1),
    "tile": lambda m, a, b, c: m.tile(a, (1, 2)),
    "flip": lambda m, a, b, c: m.flip(a, (0,)),
    "gather": lambda m, a, b, c: m.gather(a, 1, _idx(m, [[0, 2], [1, 1], [2, 0]])),
    "scatter": lambda m, a, b, c: m.scatter(a, 1, _idx(m, [[0], [2], [1]]), b[:, :1]),
    "scatter_add": lambda m, a, b, c: m.scatter_add(a, 1, _idx(m, [[0], [2], [1]]), b[:, :1]),
    "index_select": lambda m, a, b, c: m.index_select(a, 0, _idx(m, [2, 0])),
    "masked_select": lambda m, a, b, c: m.masked_select(a, b > 0.5),
    "take": lambda m, a, b, c: m.take(a, _idx(m, [0, 4, 8])),
    "index_put": lambda m, a, b, c: m.index_put(a, (_idx(m, [0, 2]),), b[:2]),
    "index_add": lambda m, a, b, c: m.index_add(a, 0, _idx(m, [0, 2]), b[:2]),
    "index_copy": lambda m, a, b, c: m.index_copy(a, 0, _idx(m, [0, 2]), b[:2]),
    "index_fill": lambda m, a, b, c: m.index_fill(a, 1, _idx(m, [1]), 0.5),
    "bmm": lambda m, a, b, c: m.bmm(a[None], b[None]),
    "mv": lambda m, a, b, c: m.mv(a, b[0]),
    "dot": lambda m, a, b, c: m.dot(a[0], b[1]),
    "outer": lambda m, a, b, c: m.outer(a[0], b[1]),
    "addmv": lambda m, a, b, c: m.addmv(a[0], b, c[1], beta=0.5, alpha=2),
    "addr": lambda m, a, b, c: m.addr(a, b[0], c[1], beta=2, alpha=0.5),
    "baddbmm": lambda m, a, b, c: m.baddbmm(a[None], b[None], c[None], alpha=-1),
    "addbmm": lambda m, a, b, c: m.addbmm(a, m.stack([b, c]), m.stack([c, a]), beta=0.5),
    "addmv_": lambda m, a, b, c: (a[0] * 1).addmv_(b, c[1], alpha=2),
    "vdot": lambda m, a, b, c: m.vdot(a[0], b[1]),
    "einsum": lambda m, a, b, c: m.einsum("ij,jk->ik", a, b),
    "conv1d": lambda m, a, b, c: m.conv1d(a[None], b[:, :, None]),
    "conv2d": lambda m, a, b, c: m.conv2d(a[None, None], b[None, None, :2, :2]),
    "conv_transpose1d": lambda m, a, b, c: m.conv_transpose1d(a[None], b[:, :, None]),
    "layer_norm": lambda m, a, b, c: m.layer_norm(a, (3,), b[0], c[0]),
    "max_pool2d": lambda m, a, b, c: m.max_pool2d(a[None, None], 2, 1),
    "bilinear": lambda m, a, b, c: m.bilinear(a, b, c[None]),
    "kl_div": lambda m, a, b, c: m.nn.functional.kl_div(a.log(), b, reduction="sum"),
    "binary_cross_entropy_with_logits": lambda m, a, b, c: m.nn.functional.binary_cross_entropy_with_logits(a, b),
    "cosine_embedding_loss": lambda m, a, b, c: m.nn.functional.cosine_embedding_loss(
        a, b, _idx(m, [1.0, -1.0, 1.0])),
    "margin_ranking_loss": lambda m, a, b, c: m.nn.functional.margin_ranking_loss(
        a[0], b[0], _idx(m, [1.0, -1.0, 1.0])),
    "prelu": lambda m, a, b, c: m.prelu(a - 0.5, b[0]),
    "getitem": lambda m, a, b, c: a[1:, ::2] * b[0, 0],
    "setitem": lambda m, a, b, c: _setitem(a.clone(), b),
    "add_": lambda m, a, b, c: a.clone().add_(b, alpha=2),
    "mul_ on a view": lambda m, a, b, c: _mul_view(a.clone(), b),
    "exp_": lambda m, a, b, c: (a * 1).exp_(),
    "dsplit": lambda m, a, b, c: m.dsplit(a[None], 3),
    "take_along_dim": lambda m, a, b, c: m.take_along_dim(a, _idx(m, [[0, 2], [1, 1], [2, 0]]), 1),
    "index_put_": lambda m, a, b, c: m.index_put_(a.clone(), (_idx(m, [0, 2]),), b[:2]),
    "ger": lambda m, a, b, c: m.ger(a[0], b[1]),
    "conv3d": lambda m, a, b, c: m.conv3d(a[None, None, None], b[None, None, None, :2, :2]),
    "conv_transpose2d": lambda m, a, b, c: m.conv_transpose2d(a[None, None], b[None, None, :2, :2]),
    "conv_transpose3d": lambda m, a, b, c: m.conv_transpose3d(a[None, None, None], b[None, None, None, :2, :2]),
    "dropout": lambda m, a, b, c: m.dropout(a, 0.5, False),
    "fill": lambda m, a, b, c: m.fill(a, b[0, 0]),
    "rms_norm": lambda m, a, b, c: m.rms_norm(a, [3], b[0]),
    "native_layer_norm": lambda m, a, b, c: m.native_layer_norm(a, [3], b[0], c[0], 1e-5)[0],
    "native_batch_norm": lambda m, a, b, c: m.native_batch_norm(a[None], b[0], c[0], None, None, True, 0.1, 1e-5)[0],
    "dropout_": lambda m, a, b, c: m.dropout_(a * 1, 0.5, False),
    "alpha_dropout_": lambda m, a, b, c: m.alpha_dropout_(a * 1, 0.5, False),
    "feature_dropout": lambda m, a, b, c: m.feature_dropout(a, 0.5, False),
    "feature_dropout_": lambda m, a, b, c: m.feature_dropout_(a * 1, 1.0, True),
    "feature_alpha_dropout_": lambda m, a, b, c: m.feature_alpha_dropout_(a * 1, 0.5, False),
    "embedding": lambda m, a, b, c: m.embedding(a, _idx(m, [[0, 2], [1, 1]])),
    "batch_norm": lambda m, a, b, c: m.batch_norm(a[None], b[0], c[0], None, None, True, 0.1, 1e-5, False),
    "instance_norm": lambda m, a, b, c: m.instance_norm(a[None], b[0], c[0], None, None, True, 0.1, 1e-5, False),
    "constant_pad_nd": lambda m, a, b, c: m.constant_pad_nd(a, (1, 2), 0.5),
    "convolution": lambda m, a, b, c: m.convolution(a[None], b[:2, :, None], c[0, :2], [1], [1], [1], False, [0], 1),
    "poisson_nll_loss": lambda m, a, b, c: m.poisson_nll_loss(a, b, True, False, 1e-8, 1),
    "nn.functional.multi_head_attention_forward": lambda m, a, b, c: m.nn.functional.multi_head_attention_forward(
        a[:, None, :2], b[:, None, :2], c[:, None, :2], 2, 1, m.cat([a[:2, :2], b[:2, :2], c[:2, :2]]), None, None,
        None, False, 0.0, c[1:, 1:], None),
    "alpha_dropout": lambda m, a, b, c: m.alpha_dropout(a, 0.5, False),
    "feature_alpha_dropout": lambda m, a, b, c: m.feature_alpha_dropout(a, 0.5, False),
    "rrelu": lambda m, a, b, c: m.rrelu(a - 0.5, training=False),
    "nn.functional.dropout1d": lambda m, a, b, c: m.nn.functional.dropout1d(a, 0.5, training=False),
    "nn.functional.dropout2d": lambda m, a, b, c: m.nn.functional.dropout2d(a[None], 0.5, training=False),
    "nn.functional.dropout3d": lambda m, a, b, c: m.nn.functional.dropout3d(a[None, None], 1.0),
    "max_pool3d": lambda m, a, b, c: m.max_pool3d(a[None, None, None], (1, 2, 2), 1),
    "pixel_shuffle": lambda m, a, b, c: m.pixel_shuffle(m.stack([a, b, c, a])[None], 2),
    "pixel_unshuffle": lambda m, a, b, c: m.pixel_unshuffle(m.stack([a[:2, :2], b[:2, :2]])[None], 2),
    "channel_shuffle": lambda m, a, b, c: m.channel_shuffle(m.stack([a, b, c, a])[None], 2),
    "polygamma": lambda m, a, b, c: m.polygamma(1, a),
    # nn.functional, linalg and special functions that need arguments of their own
    "nn.functional.adaptive_avg_pool2d": lambda m, a, b, c: m.nn.functional.adaptive_avg_pool2d(a[None, None], 2),
    "nn.functional.adaptive_avg_pool3d": lambda m, a, b, c: m.nn.functional.adaptive_avg_pool3d(
        a[None, None, None], (1, 2, 2)),
    "nn.functional.adaptive_max_pool2d": lambda m, a, b, c: m.nn.functional.adaptive_max_pool2d(a[None, None], 2),
    "nn.functional.adaptive_max_pool2d_with_indices":
        lambda m, a, b, c: m.nn.functional.adaptive_max_pool2d_with_indices(a[None, None], 2),
    "nn.functional.adaptive_max_pool3d": lambda m, a, b, c: m.nn.functional.adaptive_max_pool3d(
        a[None, None, None], (1, 2, 2)),
    "nn.functional.adaptive_max_pool3d_with_indices":
        lambda m, a, b, c: m.nn.functional.adaptive_max_pool3d_with_indices(a[None, None, None], (1, 2, 2)),
    "nn.functional.avg_pool2d": lambda m, a, b, c: m.nn.functional.avg_pool2d(a[None, None], 2, 1),
    "nn.functional.avg_pool3d": lambda m, a, b, c: m.nn.functional.avg_pool3d(a[None, None, None], (1, 2, 2), 1),
    "nn.functional.batch_norm": lambda m, a, b, c: m.nn.functional.batch_norm(a, None, None, b[0], c[0],
                                                                              training=True),
    "nn.functional.embedding": lambda m, a, b, c: m.nn.functional.embedding(_idx(m, [2, 0, 2]), a),
    "nn.functional.fold": lambda m, a, b, c: m.nn.functional.fold(m.cat([a, b])[:4, :2][None], (2, 3), (2, 2)),
    "nn.functional.glu": lambda m, a, b, c: m.nn.functional.glu(m.cat([a, b], 1)),
    "nn.functional.instance_norm": lambda m, a, b, c: m.nn.functional.instance_norm(a[None], weight=b[0],
                                                                                    bias=c[0]),
    "nn.functional.interpolate": lambda m, a, b, c: m.nn.functional.interpolate(a[None, None], scale_factor=2,
                                                                                mode="bilinear"),
    "nn.functional.local_response_norm": lambda m, a, b, c: m.nn.functional.local_response_norm(
        m.stack([a, b, c])[None], 2),
    "nn.functional.lp_pool2d": lambda m, a, b, c: m.nn.functional.lp_pool2d(a[None, None], 2, 2, 1),
    "nn.functional.lp_pool3d": lambda m, a, b, c: m.nn.functional.lp_pool3d(a[None, None, None], 2, (1, 2, 2), 1),
    "nn.functional.max_pool2d_with_indices": lambda m, a, b, c: m.nn.functional.max_pool2d_with_indices(
        a[None, None], 2, 1),
    "nn.functional.max_pool3d_with_indices": lambda m, a, b, c: m.nn.functional.max_pool3d_with_indices(
        a[None, None, None], (1, 2, 2), 1),
    "nn.functional.max_unpool1d": lambda m, a, b, c: m.nn.functional.max_unpool1d(
        *m.nn.functional.max_pool1d(a[None], 2, return_indices=True), 2),
    "nn.functional.max_unpool2d": lambda m, a, b, c: m.nn.functional.max_unpool2d(
        *m.nn.functional.max_pool2d(a[None, None], 2, return_indices=True), 2),
    "nn.functional.max_unpool3d": lambda m, a, b, c: m.nn.functional.max_unpool3d(
        *m.nn.functional.max_pool3d(a[None, None, None], (1, 2, 2), return_indices=True), (1, 2, 2)),
    "nn.functional.nll_loss": lambda m, a, b, c: m.nn.functional.nll_loss(a, _idx(m, [0, 2, 1])),
    "nn.functional.one_hot": lambda m, a, b, c: m.nn.functional.one_hot(_idx(m, [0, 2])) * a[0],
    "nn.functional.pad": lambda m, a, b, c: m.nn.functional.pad(a, (1, 2)),
    "nn.functional.pad reflect": lambda m, a, b, c: m.nn.functional.pad(a[None], (1, 1), mode="reflect"),
    "nn.functional.rms_norm": lambda m, a, b, c: m.nn.functional.rms_norm(a, (3,), b[0]),
    "nn.functional.soft_margin_loss": lambda m, a, b, c: m.nn.functional.soft_margin_loss(
        a, _idx(m, [[1.0, -1.0, 1.0]] * 3)),
    "nn.functional.unfold": lambda m, a, b, c: m.nn.functional.unfold(a[None, None], 2),
    "nn.functional.upsample": lambda m, a, b, c: m.nn.functional.upsample(a[None, None], scale_factor=2),
    "nn.functional.upsample_bilinear": lambda m, a, b, c: m.nn.functional.upsample_bilinear(a[None, None],
                                                                                            scale_factor=2),
    "nn.functional.upsample_nearest": lambda m, a, b, c: m.nn.functional.upsample_nearest(a[None, None],
                                                                                          scale_factor=2),
    "linalg.cholesky": lambda m, a, b, c: m.linalg.cholesky(a @ a.mT + m.eye(3, dtype=a.dtype)),
    "linalg.eigh": lambda m, a, b, c: m.linalg.eigh(a + a.mT),
    "linalg.matrix_rank": lambda m, a, b, c: m.linalg.matrix_rank(a),
    "linalg.solve_triangular": lambda m, a, b, c: m.linalg.solve_triangular(a.triu() + m.eye(3, dtype=a.dtype), b,
                                                                            upper=True),
    "linalg.tensorsolve": lambda m, a, b, c: m.linalg.tensorsolve(a, b[0]),
    "triangular_solve": lambda m, a, b, c: m.triangular_solve(b, a.triu() + m.eye(3, dtype=a.dtype)).solution,
    "linalg.cholesky_ex": lambda m, a, b, c: m.linalg.cholesky_ex(a @ a.mT + m.eye(3, dtype=a.dtype)),
    "lu_unpack": lambda m, a, b, c: m.lu_unpack(*m.linalg.lu_factor(a)),
    "lu_solve": lambda m, a, b, c: m.lu_solve(b, *m.linalg.lu_factor(a)),
    "linalg.lu_solve": lambda m, a, b, c: (m.linalg.lu_solve(*m.linalg.lu_factor(a), b, adjoint=True),
                                           m.linalg.lu_solve(*m.linalg.lu_factor(c), b, left=False)),
    "linalg.householder_product": lambda m, a, b, c: m.linalg.householder_product(a, b[0]),
    "orgqr": lambda m, a, b, c: m.orgqr(a, b[0, :2]),
    "special.polygamma": lambda m, a, b, c: m.special.polygamma(2, a),
    "cartesian_prod": lambda m, a, b, c: m.cartesian_prod(a[0], b[1, :2]),
    "scatter_reduce": lambda m, a, b, c: m.scatter_reduce(a, 1, _idx(m, [[0, 2], [1, 1], [2, 0]]), b[:, :2], "mean",
                                                          include_self=False),
    "scatter_reduce amax": lambda m, a, b, c: a.scatter_reduce(0, _idx(m, [[0, 2, 2], [0, 1, 1]]), b[:2], "amax"),
    "scatter_reduce_": lambda m, a, b, c: (a * 1).scatter_reduce_(1, _idx(m, [[0], [2], [2]]), b[:, :1], "sum"),
    "split_with_sizes": lambda m, a, b, c: m.split_with_sizes(a, [1, 2], 1),
    "unsafe_split_with_sizes": lambda m, a, b, c: m.unsafe_split_with_sizes(a, [2, 1]),
    "select_scatter": lambda m, a, b, c: m.select_scatter(a, b[1], 1, 0),
    "diagonal_scatter": lambda m, a, b, c: m.diagonal_scatter(a, b[0, :2], -1),
    # in src only: the tangent in self follows torch's reverse formula, which is not self's derivative
    "as_strided_scatter": lambda m, a, b, c: m.as_strided_scatter(a.detach(), b[0, :2], (2,), (4,), 1),
    "as_strided_copy": lambda m, a, b, c: m.as_strided_copy(a, (2, 2), (1, 3), 1),
    "expand_copy": lambda m, a, b, c: m.expand_copy(a[:1], (2, 3, 3)),
    "permute_copy": lambda m, a, b, c: m.permute_copy(a, (1, 0)),
    "split_with_sizes_copy": lambda m, a, b, c: m.split_with_sizes_copy(a, [1, 2]),
    "view_copy": lambda m, a, b, c: m.view_copy(a, (9,)),
    "masked_scatter": lambda m, a, b, c: m.masked_scatter(a, b > 0.5, c),
    "masked_scatter_": lambda m, a, b, c: (a * 1).masked_scatter_(b > 0.5, c),
    "put": lambda m, a, b, c: m.put(a, _idx(m, [0, 4, 4]), b[0], accumulate=True),
    "put_": lambda m, a, b, c: (a * 1).put_(_idx(m, [1, 5]), b[1, :2]),
    "tril_": lambda m, a, b, c: (a * b).tril_(),
    "triu_": lambda m, a, b, c: (a * b).triu_(1),
    "renorm": lambda m, a, b, c: m.renorm(a - b, 1.5, 0, 0.3),
    "renorm_": lambda m, a, b, c: (a + b).renorm_(2, 1, 0.8),
    "as_strided_": lambda m, a, b, c: (a * b).as_strided_((2, 2), (1, 3), 1),
}

# ops whose outputs are booleans, integers or Python values: no tangent, in torch as here
NO_TANGENT = {
    **{name: (lambda name: lambda m, a, b, c: getattr(m, name)(a, b))(name)
       for name in ("eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
                    "not_equal", "isclose", "allclose", "equal", "logical_and", "logical_or", "logical_xor")},
    **{name: (lambda name: lambda m, a, b, c: getattr(m, name)(a - 0.5))(name)
       for name in ("logical_not", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "signbit", "count_nonzero",
                    "argmax", "argmin", "all", "any", "nonzero", "argwhere")},
    **{name: (lambda name: lambda m, a, b, c: getattr(m, name)(m.tensor([[1, 6], [3, 4]]), m.tensor([5, 2])))(name)
       for name in ("bitwise_and", "bitwise_or", "bitwise_xor")},
    "bitwise_not": lambda m, a, b, c: m.bitwise_not(m.tensor([1, 6])),
    **{name: (lambda name: lambda m, a, b, c: getattr(m, name)(m.tensor([[12, 6], [3, 4]]), m.tensor([8, 2])))(name)
       for name in ("gcd", "lcm", "bitwise_left_shift", "bitwise_right_shift")},
    **{name: (lambda name: lambda m, a, b, c: getattr(m, name)(a))(name)
       for name in ("isreal", "is_complex", "is_conj", "is_neg", "is_signed")},
    "is_nonzero": lambda m, a, b, c: m.is_nonzero(a[0, 0]),
    "is_same_size": lambda m, a, b, c: m.is_same_size(a, b),
    "floor_divide": lambda m, a, b, c: m.floor_divide(a.detach() * 7, b.detach()),
    "argsort": lambda m, a, b, c: m.argsort(a - 0.5, dim=0),
    "unique": lambda m, a, b, c: m.unique(m.tensor([3, 1, 3]), return_counts=True),
    "unique_consecutive": lambda m, a, b, c: m.unique_consecutive(m.tensor([3, 3, 1]), return_inverse=True),
    "bincount": lambda m, a, b, c: m.bincount(m.tensor([0, 2, 2])),
    "unravel_index": lambda m, a, b, c: m.unravel_index(m.tensor([4, 7]), (3, 3)),
    "broadcast_shapes": lambda m, a, b, c: m.broadcast_shapes(a.shape, (2, 1, 1)),
    "isin": lambda m, a, b, c: m.isin(a, a[0]),
    "searchsorted": lambda m, a, b, c: m.searchsorted(m.sort(a[0]).values, b),
    "bucketize": lambda m, a, b, c: m.bucketize(b, m.sort(a[0]).values, right=True),
}

# samplers: the draws differ from torch's, and their tangent is zero in torch (as their gradient is),
# None for an integer output, and bernoulli(input, p) has no forward formula at all
RANDOM_SAMPLERS = {
    "normal": lambda m, a, b, c: m.normal(a, b),
    "normal(Tensor, float)": lambda m, a, b, c: m.normal(a, 2.0),
    "normal(float, Tensor)": lambda m, a, b, c: m.normal(1.0, b),
    "bernoulli": lambda m, a, b, c: m.bernoulli(a),
    "bernoulli(input, p)": lambda m, a, b, c: m.bernoulli(a, 0.5),
    "poisson": lambda m, a, b, c: m.poisson(a),
    "multinomial": lambda m, a, b, c: m.multinomial(a, 2),
    "bernoulli_": lambda m, a, b, c: (a * 1).bernoulli_(b * 0 + 0.5),
    "random_": lambda m, a, b, c: (a * 1).random_(3),
    "exponential_": lambda m, a, b, c: (a * 1).exponential_(),
    "geometric_": lambda m, a, b, c: (a * 1).geometric_(0.5),
    "log_normal_": lambda m, a, b, c: (a * 1).log_normal_(),
    "cauchy_": lambda m, a, b, c: (a * 1).cauchy_(),
    "_standard_gamma": lambda m, a, b, c: m._standard_gamma(a),  # these three refuse forward mode, as torch's
    "_sample_dirichlet": lambda m, a, b, c: m._sample_dirichlet(a),
    "binomial": lambda m, a, b, c: m.binomial(a * 10, b),
}


# a reverse formula torch has, but no forward-mode one: both refuse a dual input with torch's message
TORCH_REFUSES_FORWARD_AD = {"_standard_gamma_grad": lambda m, a, b, c: m._standard_gamma_grad(a, b),
                            "embedding_renorm_": lambda m, a, b, c: m.embedding_renorm_(a * 1, m.tensor([2, 0]), 0.5, 2.0),
                            "segment_reduce": lambda m, a, b, c: m.segment_reduce(a, "max", lengths=m.tensor([1, 2]))}


@pytest.mark.parametrize("name", list(TORCH_REFUSES_FORWARD_AD))
def test_ops_torch_runs_only_in_reverse_mode_refuse_forward_mode(name):
    messages = {}
    for m in (pullback, torch):
        with FW[m].dual_level(), pytest.raises(NotImplementedError) as e:
            TORCH_REFUSES_FORWARD_AD[name](m, *build(m, ("A", "B", "C"), True))
        messages[m] = str(e.value)
    assert messages[pullback] == messages[torch]


@pytest.mark.parametrize("name", list(RANDOM_SAMPLERS))
def test_samplers_carry_the_tangent_torch_gives_them(name):
    results = {}
    for m in (pullback, torch):
        try:
            with FW[m].dual_level():
                primal, tangent = FW[m].unpack_dual(RANDOM_SAMPLERS[name](m, *build(m, ("A", "B", "C"), True)))
                results[m] = (tuple(primal.shape), str(primal.dtype).split(".")[-1],
                              None if tangent is None else tangent.numpy().tolist())
        except NotImplementedError as e:
            results[m] = str(e)
    assert results[pullback] == results[torch]


# torch has no forward-mode formula for these: the tangent is checked against torch's reverse
# mode instead (its Jacobian, row by row, applied to the tangents)
TORCH_HAS_NO_FORWARD_AD = {
    "conv_tbc": lambda m, a, b, c: m.conv_tbc(a[:, None], b[:2, :, None].expand(2, 3, 2), c[0, :2], 1),
    "pdist": lambda m, a, b, c: m.pdist(a + b),
    "cdist": lambda m, a, b, c: m.cdist(a, b + c, p=1.5),
    "rrelu_": lambda m, a, b, c: m.rrelu_(a - 0.5 + b * c, training=False),
    "nn.functional.embedding_bag": lambda m, a, b, c: m.nn.functional.embedding_bag(_idx(m, [2, 0, 1, 2]), a + b,
                                                                                    _idx(m, [0, 2])),
    "nn.functional.multi_margin_loss": lambda m, a, b, c: m.nn.functional.multi_margin_loss(a + b,
                                                                                            _idx(m, [0, 2, 1])),
    "nn.functional.multilabel_margin_loss": lambda m, a, b, c: m.nn.functional.multilabel_margin_loss(
        a + b, _idx(m, [[0, 2, -1], [1, -1, 0], [2, 1, 0]])),
    "special.zeta": lambda m, a, b, c: m.special.zeta(a.detach() + 1.5, b),  # d/dx is not implemented (torch too)
    "nn.functional.grid_sample": lambda m, a, b, c: m.nn.functional.grid_sample(
        a[None, None], m.stack([b, c], -1)[None] * 2 - 1, align_corners=False),
    "grid_sampler": lambda m, a, b, c: m.grid_sampler(a[None, None], m.stack([b, c], -1)[None] * 2 - 1, 2, 1, True),
    "grid_sampler_2d": lambda m, a, b, c: m.grid_sampler_2d(a[None, None], m.stack([b, c], -1)[None] * 2 - 1, 0, 2,
                                                            False),
    "grid_sampler_3d": lambda m, a, b, c: m.grid_sampler_3d(m.stack([a, b])[None, None],
                                                            m.stack([a, b, c], -1)[None, None] * 2 - 1, 0, 0, False),
    "embedding_bag": lambda m, a, b, c: m.embedding_bag(a + b, _idx(m, [2, 0, 1, 2]), _idx(m, [0, 2]), False, 1)[0],
    "igamma": lambda m, a, b, c: m.igamma(a.detach().abs() + 0.5, b.abs() + 0.1),  # d/da is not implemented (torch too)
    "igammac": lambda m, a, b, c: m.igammac(a.detach().abs() + 0.5, b.abs() + 0.1),
    "special.gammainc": lambda m, a, b, c: m.special.gammainc(a.detach().abs() + 0.5, b.abs() + 0.1),
    "special.gammaincc": lambda m, a, b, c: m.special.gammaincc(a.detach().abs() + 0.5, b.abs() + 0.1),
    "index_reduce": lambda m, a, b, c: m.index_reduce(a, 0, _idx(m, [0, 2, 0]), b, "amax"),
    "index_reduce_": lambda m, a, b, c: (a * 1).index_reduce_(1, _idx(m, [2, 2, 0]), b, "prod", include_self=False),
    "ormqr": lambda m, a, b, c: m.ormqr(a, b[0], c) + m.ormqr(a, b[0], c, left=False, transpose=True),
    "cholesky": lambda m, a, b, c: m.cholesky(a @ a.mT + m.eye(3, dtype=a.dtype), upper=True),
    # torch's forward mode disagrees with its reverse mode and with finite differences: its reverse mode's
    "cholesky_inverse": lambda m, a, b, c: m.cholesky_inverse(a.tril() + m.eye(3, dtype=a.dtype)),
}


def _setitem(a, b):
    a[0] = b[1]
    return a


def _mul_view(a, b):
    a[1:].mul_(b[1:])
    return a


@pytest.mark.parametrize("name", list(EXPLICIT))
def test_tangent_of_ops_with_their_own_arguments(name):
    results = {}
    for m in (pullback, torch):
        with FW[m].dual_level():
            args = build(m, ("A", "B", "C"), True)
            out = flat(EXPLICIT[name](m, *args))
            results[m] = [FW[m].unpack_dual(o) for o in out]
    for (pp, pt), (tp, tt) in zip(results[pullback], results[torch]):
        assert_close(pp, tp, 1e-6, 1e-6, f"{name} primal")
        assert (pt is None) == (tt is None), f"{name}: tangent {pt} vs torch's {tt}"
        if tt is not None:
            assert_close(pt, tt, 1e-6, 1e-6, f"{name} tangent")


def test_api_printing_and_errors_match_torch():
    reprs = {}
    for m, fw in FW.items():
        x = m.tensor([1.0, 2.0])
        with fw.dual_level() as level:
            d = fw.make_dual(x, m.tensor([1.0, 0.0]))
            y = d.sin() * 2
            w = m.ones(2, requires_grad=True) * d
            z = m.zeros(2)
            z.add_(d)  # in place: the tangent flows into z
            unpacked = fw.unpack_dual(y)
            reprs[m] = [level, repr(d), repr(y), repr(d.view(2, 1)), repr(z), repr(w).split(",\n")[0],
                        d._base is x, type(unpacked).__name__, unpacked._fields, repr(unpacked.tangent),
                        repr(fw.unpack_dual(x)), repr(d.detach()), d.requires_grad, w.requires_grad]
            with pytest.raises(RuntimeError, match="Trying to set a forward gradient that has a different size"):
                fw.make_dual(x, m.ones(3))
            with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported at the moment"):
                with fw.dual_level():
                    pass
        reprs[m].append(repr(fw.unpack_dual(y)))  # tangents are gone once the level exits
        with pytest.raises(RuntimeError, match="Trying to create a dual Tensor for forward AD but no level exists"):
            fw.make_dual(x, x)
    assert reprs[pullback] == reprs[torch]


def test_tangent_is_differentiable_reverse_over_forward():
    grads = {}
    for m, fw in FW.items():
        x = m.tensor(A[0], requires_grad=True)
        with fw.dual_level():
            y = fw.make_dual(x, m.tensor(TA[0]))
            out = (y.exp() * y.sin()).sum()
            tangent = fw.unpack_dual(out).tangent
        grads[m] = m.autograd.grad(tangent, x)[0]
    assert_close(grads[pullback], grads[torch], 1e-6, 1e-6)


def test_forward_over_reverse_gives_hessian_vector_products():
    hvps = {}
    for m, fw in FW.items():
        with fw.dual_level():
            x = fw.make_dual(m.tensor(A[0]).requires_grad_(), m.tensor(TA[0]))
            g, = m.autograd.grad((x.tanh() * x).sum() ** 2, x, create_graph=True)
            hvps[m] = fw.unpack_dual(g).tangent.detach()
    assert_close(hvps[pullback], hvps[torch], 1e-6, 1e-6)


def test_inplace_on_a_view_updates_the_base_tangent():
    out = {}
    for m, fw in FW.items():
        with fw.dual_level():
            base = fw.make_dual(m.tensor(A[0]), m.tensor(TA[0]))
            view = base[1:]
            view.mul_(m.tensor([2.0, 3.0]))
            out[m] = (fw.unpack_dual(base).tangent.clone(), fw.unpack_dual(view).tangent.clone())
    for p, t in zip(out[pullback], out[torch]):
        assert_close(p, t, 1e-6, 1e-6)


def test_every_op_of_the_op_table_has_its_tangent_checked():
    checked = ({name for name, _ in CASES + NAMESPACE_CASES} | set(EXPLICIT) | set(NO_TANGENT)
               | set(TORCH_HAS_NO_FORWARD_AD) | set(RANDOM_SAMPLERS) | set(NO_DERIVATIVE)
               | set(TORCH_REFUSES_FORWARD_AD)
               | {"nn.functional.gumbel_softmax", "nn.functional.ctc_loss", "ctc_loss"}  # tests/test_ctc_loss.py
               | {"imag"}  # refuses real tensors, in forward mode too: below
               | {"histogram", "histogramdd"}  # refuse forward mode as torch: tests/test_ops_statistics.py
               | {"geqrf", "linalg.ldl_factor", "linalg.ldl_factor_ex", "linalg.ldl_solve"}  # tests/test_ops_factorizations.py
               | {"svd_lowrank", "pca_lowrank", "lobpcg"}  # random starts: tests/test_lowrank.py
               # removed from torch, or complex-valued: they raise (tests/test_ops_matrix_functions.py)
               | {"lstsq", "symeig", "eig", "solve", "matrix_rank", "linalg.eig", "linalg.eigvals"}
               | {"native_norm"}  # refuses every strided tensor, as torch (tests/test_ops_numeric_api.py)
               | {"cond", "while_loop"})  # torch's compiled path drops tangents: tests/test_ops_numeric_api.py
    assert not [name for name in list(pullback.ops.__all__) + NAMESPACE_FUNCTIONS if name not in checked]


def test_gumbel_softmax_tangent_is_the_softmax_tangent_at_the_drawn_noise():
    """The noise is random: recover it from pullback's output, and give torch the same softmax."""
    tau = 0.5
    with FW[pullback].dual_level():
        d = FW[pullback].make_dual(pullback.tensor(A), pullback.tensor(TA))
        y, tangent = FW[pullback].unpack_dual(pullback.nn.functional.gumbel_softmax(d, tau=tau))
    noise = tau * np.log(y.numpy()) - A  # the drawn noise, up to a shift per row that softmax ignores
    with th_fw.dual_level():
        d = th_fw.make_dual(torch.tensor(A), torch.tensor(TA))
        expected_y, expected = th_fw.unpack_dual(torch.softmax((d + torch.tensor(noise)) / tau, -1))
    assert_close(y, expected_y, 1e-6, 1e-6)
    assert_close(tangent, expected, 1e-6, 1e-6)


@pytest.mark.parametrize("name", list(NO_TANGENT))
def test_ops_without_floating_outputs_carry_no_tangent(name):
    results = {}
    for m in (pullback, torch):
        with FW[m].dual_level():
            out = flat(NO_TANGENT[name](m, *build(m, ("A", "B", "C"), True)))
            results[m] = [FW[m].unpack_dual(o) if isinstance(o, (pullback.Tensor, torch.Tensor)) else (o, None)
                          for o in out]
    assert len(results[pullback]) == len(results[torch])
    for (pp, pt), (tp, tt) in zip(results[pullback], results[torch]):
        assert pt is None and tt is None
        assert_close(pp, tp, 0, 0, f"{name} primal")


@pytest.mark.parametrize("name", list(TORCH_HAS_NO_FORWARD_AD))
def test_tangent_of_ops_torch_cannot_run_forward_equals_its_reverse_mode_jvp(name):
    f = TORCH_HAS_NO_FORWARD_AD[name]
    args = {m: [m.tensor(v) for v in (A, B, C)] for m in (pullback, torch)}
    tangents = tuple(torch.tensor(t) for t in (TA, TB, TC))
    with FW[pullback].dual_level():
        duals = [FW[pullback].make_dual(x, pullback.tensor(t)) for x, t in zip(args[pullback], (TA, TB, TC))]
        primal, tangent = FW[pullback].unpack_dual(f(pullback, *duals))
    expected_primal = f(torch, *args[torch])
    jac = torch.autograd.functional.jacobian(lambda *xs: f(torch, *xs), tuple(args[torch]))
    expected = sum((j.reshape(expected_primal.numel(), -1) @ t.reshape(-1)).reshape(expected_primal.shape)
                   for j, t in zip(jac, tangents))
    assert_close(primal, expected_primal, 1e-6, 1e-6, f"{name} primal")
    assert_close(tangent, expected, 1e-6, 1e-6, f"{name} tangent")


# ops torch records without any derivative: forward mode refuses them
NO_DERIVATIVE = {
    "floor_divide": lambda m, d: m.floor_divide(d * 7, m.tensor(B)),
    "detach_copy": lambda m, d: m.detach_copy(d),
    "heaviside": lambda m, d: m.heaviside(m.tensor(B), d),
    "_dirichlet_grad": lambda m, d: m._dirichlet_grad(d / 3, d, d * 3),
    "native_channel_shuffle": lambda m, d: m.native_channel_shuffle(d[None], 3),
    "nonzero_static": lambda m, d: m.nonzero_static(d, size=2),
}


@pytest.mark.parametrize("name", list(NO_DERIVATIVE))
def test_an_op_without_any_derivative_refuses_forward_mode_like_torch(name):
    for m in (pullback, torch):
        with FW[m].dual_level():
            d = FW[m].make_dual(m.tensor(A), m.tensor(TA))
            with pytest.raises(NotImplementedError, match=f"Trying to use forward AD with aten::{name} that "
                                                          "does not support it."):
                NO_DERIVATIVE[name](m, d)
            with pytest.raises(NotImplementedError, match="Trying to use forward AD with aten::remainder"):
                2.0 % d


def test_imag_refuses_a_real_dual_tensor_as_torch():
    for m in (pullback, torch):
        with FW[m].dual_level():
            d = FW[m].make_dual(m.tensor(A), m.tensor(TA))
            with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex dtypes."):
                m.imag(d)


def test_more_api_edges_match_torch():
    out = {}
    for m, fw in FW.items():
        got = []
        with fw.dual_level():
            d = fw.make_dual(m.tensor([1.0, 2.0]), m.tensor([1.0, 5.0]))
            got.append(repr(d.sum()))                             # a 0-dim tangent prints as a number
            z = m.zeros(3)
            z[1:] = d                                             # writing a dual into a view of a plain tensor
            got.append(repr(fw.unpack_dual(z).tangent))
            with m.no_grad():
                got.append(repr(fw.unpack_dual(d.exp()).tangent))  # no_grad does not stop forward mode
            with m.inference_mode():
                got.append(repr(fw.unpack_dual(d.exp()).tangent))  # inference mode does
            for primal, tangent in ((m.tensor([1, 2]), m.tensor([1.0, 0.0])), (m.tensor([1.0, 2.0]), m.tensor([1, 0]))):
                with pytest.raises(ValueError) as info:
                    fw.make_dual(primal, tangent)
                got.append(str(info.value))
        with pytest.raises(RuntimeError, match="Dual level must be a positive number."):
            fw.exit_dual_level()
        out[m] = got
    assert out[pullback] == out[torch]
    assert out[torch][:2] == ["tensor(3., tangent=6.0)", "tensor([0., 1., 5.])"]


@pytest.mark.parametrize("op", ["squeeze_(1)", "unsqueeze_(0)", "transpose_(0, 2)", "t_()", "swapdims_(0, 1)"])
def test_in_place_view_ops_take_their_tangent_along(op):
    results = {}
    for m, fw in FW.items():
        with fw.dual_level():
            x = fw.make_dual(m.tensor(A[:2, None]), m.tensor(TA[:2, None]))
            y = (x[:, 0] if op == "t_()" else x) * 1
            eval(f"y.{op}")
            results[m] = fw.unpack_dual(y).tangent.detach().numpy()
    assert results[pullback].shape == results[torch].shape
    np.testing.assert_array_equal(results[pullback], results[torch])


def test_make_dual_lays_a_tangent_out_as_its_primal():
    # the forward-AD tutorial: a tangent of another layout is copied into the primal's; one of the same
    # layout (strides over dims longer than 1, storage offset) is used as it is
    def run(m):
        fwAD = m.autograd.forward_ad
        cases = [(m.zeros(2, 3), m.ones(3, 2).t()), (m.zeros(2, 3)[:, 1:], m.ones(2, 2)),
                 (m.zeros(2, 3).t(), m.arange(6.).reshape(3, 2)), (m.zeros(3, 1), m.ones(1, 3).t()),
                 (m.zeros(2, 2), m.ones(2, 2)), (m.zeros(4)[::2], m.ones(2)),
                 (m.zeros(2, 3), m.arange(8.).reshape(2, 4)[:, 1:]), (m.zeros(0, 3), m.ones(0, 3))]
        out = []
        with fwAD.dual_level():
            for p, t in cases:
                u = fwAD.unpack_dual(fwAD.make_dual(p, t)).tangent
                out.append((u is t, u.stride(), u.storage_offset(), u.tolist(), u.is_contiguous(),
                            fwAD.unpack_dual(fwAD.make_dual(p, t) * 2).tangent.tolist()))
        return out
    assert run(pullback) == run(torch)


def test_dual_level_decorates_a_function_as_torch():
    def run(m):
        fwad = m.autograd.forward_ad

        @fwad.dual_level()
        def tangent_of_sin(x):
            return fwad.unpack_dual(fwad.make_dual(x, m.ones(2)).sin()).tangent

        return tangent_of_sin(m.tensor([0.0, 1.0], dtype=m.float64)).numpy()
    np.testing.assert_array_equal(run(pullback), run(torch))
