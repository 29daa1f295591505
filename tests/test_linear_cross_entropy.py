"""nn.functional.linear_cross_entropy, nn.LinearCrossEntropyLoss and nn.LinearCrossEntropyOptions
against torch 2.13: the reference path (linear + cross_entropy: values, graphs, first and second
order), the chunked path (values, first-order gradients, its node, its refusals), the options'
validation and resolution, and the module's storage, state_dict and repr."""
import importlib
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, check_error

R = np.random.default_rng(11)
N, IN, C = 5, 3, 7
T9 = R.integers(0, 40, 9)                   # targets of 9 rows, 40 classes
T = np.array([0, 1, 6, -100, 2])           # -100: ignored, as ignore_index=None means
T_KDIM = R.integers(0, 4, (N, 2, 3))        # targets of a (N, 4, 2, 3) K-dimensional loss


def F(m):
    return m.nn.functional


def randn(*shape, dtype=np.float64):
    return R.standard_normal(shape).astype(dtype)


def chunks(m, size=2, **kw):
    """Options that chunk; allow_retain_graph so that the oracle may run backward twice."""
    return m.nn.LinearCrossEntropyOptions(batch_chunk_size=size, allow_retain_graph=True, **kw)


def lce(m, x, w, t, **kw):
    return F(m).linear_cross_entropy(x, w, m.tensor(t), **kw)


REFERENCE = [
    ("mean", lambda m, x, w: lce(m, x, w, T), [randn(N, IN), randn(C, IN)]),
    ("sum_bias", lambda m, x, w, b: lce(m, x, w, T, linear_bias=b, reduction="sum"),
     [randn(N, IN), randn(C, IN), randn(C)]),
    ("none_weight_ignore", lambda m, x, w: lce(m, x, w, T.clip(1), weight=m.linspace(0.5, 2, C, dtype=x.dtype),
                                               reduction="none", ignore_index=1),
     [randn(N, IN), randn(C, IN)]),
    ("unbatched", lambda m, x, w: lce(m, x, w, np.array(4)), [randn(IN), randn(C, IN)]),
    ("unbatched_bias", lambda m, x, w, b: lce(m, x, w, np.array(4), linear_bias=b),
     [randn(IN), randn(C, IN), randn(C)]),
    ("kdim_bias", lambda m, x, w, b: lce(m, x, w, T_KDIM, linear_bias=b),
     [randn(N, IN), randn(4, 2, 3, IN), randn(4, 2, 3)]),
    ("kdim_none", lambda m, x, w: lce(m, x, w, T_KDIM, reduction="none"), [randn(N, IN), randn(4, 2, 3, IN)]),
    ("probabilities", lambda m, x, w, p: F(m).linear_cross_entropy(x, w, p.softmax(1)),
     [randn(N, IN), randn(C, IN), randn(N, C)]),
    ("smoothing", lambda m, x, w: lce(m, x, w, T, label_smoothing=0.2), [randn(N, IN), randn(C, IN)]),
    ("float32", lambda m, x, w: lce(m, x, w, T), [randn(N, IN, dtype=np.float32), randn(C, IN, dtype=np.float32)]),
]


@pytest.mark.parametrize("name,fn,arrays", REFERENCE, ids=[s[0] for s in REFERENCE])
def test_reference_path_is_linear_then_cross_entropy(name, fn, arrays):
    atol = 1e-5 if arrays[0].dtype == np.float32 else 1e-6
    check(fn, *arrays, atol=atol)


CHUNKED = [
    ("mean", lambda m, x, w: lce(m, x, w, T, options=chunks(m)), [randn(N, IN), randn(C, IN)]),
    ("mean_bias_weight", lambda m, x, w, b: lce(m, x, w, T, linear_bias=b, options=chunks(m, 3),
                                                weight=m.linspace(0.5, 2, C, dtype=x.dtype)),
     [randn(N, IN), randn(C, IN), randn(C)]),
    ("sum_ignore", lambda m, x, w, b: lce(m, x, w, T.clip(0), linear_bias=b, reduction="sum", ignore_index=6,
                                          options=chunks(m, 1)),
     [randn(N, IN), randn(C, IN), randn(C)]),
    ("none", lambda m, x, w, b: lce(m, x, w, T, linear_bias=b, reduction="none", options=chunks(m)),
     [randn(N, IN), randn(C, IN), randn(C)]),
    ("none_weight", lambda m, x, w: lce(m, x, w, T, reduction="none", options=chunks(m, 4),
                                        weight=m.linspace(0.5, 2, C, dtype=x.dtype)),
     [randn(N, IN), randn(C, IN)]),
    ("class_weight_requiring_grad", lambda m, x, w, cw: lce(m, x, w, T, weight=cw, options=chunks(m)),
     [randn(N, IN), randn(C, IN), np.linspace(0.5, 2, C)]),  # an edge, and no gradient, for the class weight
    ("unbatched", lambda m, x, w: lce(m, x, w, np.array(4), options=chunks(m)), [randn(IN), randn(C, IN)]),
    ("unbatched_none", lambda m, x, w: lce(m, x, w, np.array(4), reduction="none", options=chunks(m)),
     [randn(IN), randn(C, IN)]),
    ("auto", lambda m, x, w: lce(m, x, w, T9,
                                 options=m.nn.LinearCrossEntropyOptions(allow_retain_graph=True)),
     [randn(9, 2), randn(40, 2)]),
    ("aspect_ratio", lambda m, x, w: lce(m, x, w, T9, reduction="sum",
                                         options=chunks(m, None, chunking_method="aspect_ratio")),
     [randn(9, 2), randn(40, 2)]),
    ("float32", lambda m, x, w: lce(m, x, w, T, options=chunks(m)),
     [randn(N, IN, dtype=np.float32), randn(C, IN, dtype=np.float32)]),
    ("all_ignored_mean", lambda m, x, w: lce(m, x, w, np.full(N, -100), options=chunks(m)),
     [randn(N, IN), randn(C, IN)]),
    ("empty_batch_mean", lambda m, x, w: lce(m, x, w, np.zeros(0, np.int64), options=chunks(m)),
     [randn(0, IN), randn(C, IN)]),
]


@pytest.mark.parametrize("name,fn,arrays", CHUNKED, ids=[s[0] for s in CHUNKED])
def test_chunked_path_matches_torch(name, fn, arrays):
    """torch's chunked op: its node, the reference's values and gradients (NaN where torch's chunked
    'mean' of nothing gives NaN), gradients that are constants."""
    atol = 1e-5 if arrays[0].dtype == np.float32 else 1e-6
    out = check(fn, *arrays, atol=atol)
    x = pullback.tensor(arrays[0], requires_grad=True)
    g, = pullback.autograd.grad(fn(pullback, x, *map(pullback.tensor, arrays[1:])).sum(), [x], create_graph=True)
    assert not g.requires_grad  # as torch's: no double backward through the chunked op
    assert out.grad_fn is not None


def test_chunked_float16_computes_in_float32():
    x, w = randn(N, IN, dtype=np.float16), randn(C, IN, dtype=np.float16)
    for reduction in ("mean", "none"):
        check(lambda m, x, w: lce(m, x, w, T, reduction=reduction, options=chunks(m)), x, w, atol=2e-3, rtol=2e-3,
              gradgrad=False)


def test_chunked_path_holds_one_chunk_of_logits(monkeypatch):
    """No call of linear in the chunked path, forward or backward, makes more than a chunk's rows."""
    module = importlib.import_module("pullback.ops.nn.linear_cross_entropy")
    rows = []

    def spy(*args):
        out = pullback.nn.functional.linear(*args)
        rows.append(out.shape[0])
        return out
    monkeypatch.setattr(module, "linear", spy)
    x, w = pullback.tensor(randn(10, IN), requires_grad=True), pullback.tensor(randn(C, IN), requires_grad=True)
    t = pullback.tensor(R.integers(0, C, 10))
    for reduction in ("mean", "none"):
        opts = pullback.nn.LinearCrossEntropyOptions(batch_chunk_size=3)
        pullback.nn.functional.linear_cross_entropy(x, w, t, reduction=reduction, options=opts).sum().backward()
    assert rows and max(rows) == 3 and sum(rows) == 30  # mean: 10 rows; none: 10 forward, 10 backward


def test_chunked_backward_consumes_its_gradients_unless_allowed():
    def run(m, options, reduction="mean", retain=True):
        x = m.tensor(randn(N, IN), requires_grad=True)
        loss = F(m).linear_cross_entropy(x, m.tensor(randn(C, IN)), m.tensor(T), reduction=reduction,
                                         options=options).sum()
        loss.backward(retain_graph=retain)
        loss.backward()
        return x.grad

    for m in (pullback, torch):  # torch and pullback: a second backward is refused ...
        with pytest.raises(RuntimeError, match="chunked backward called twice"):
            run(m, m.nn.LinearCrossEntropyOptions(batch_chunk_size=2))
        with pytest.raises(RuntimeError, match="backward through the graph a second time"):
            run(m, m.nn.LinearCrossEntropyOptions(batch_chunk_size=2), "none", retain=False)
    for retain in (True, False):  # ... unless allowed (a node that saved nothing runs again)
        for reduction in ("mean", "none"):
            if reduction == "none" and not retain:
                continue
            ours = run(pullback, pullback.nn.LinearCrossEntropyOptions(allow_retain_graph=True), reduction, retain)
            theirs = run(torch, torch.nn.LinearCrossEntropyOptions(allow_retain_graph=True), reduction, retain)
            assert ours.shape == theirs.shape


def test_chunked_without_grad_computes_the_loss_only():
    x, w = randn(N, IN), randn(C, IN)
    for m in (pullback, torch):
        with m.no_grad():
            out = lce(m, m.tensor(x, requires_grad=True), m.tensor(w), T, options=chunks(m))
        assert out.grad_fn is None and not out.requires_grad
    ours = lce(pullback, pullback.tensor(x), pullback.tensor(w), T, options=chunks(pullback))
    theirs = lce(torch, torch.tensor(x), torch.tensor(w), T, options=chunks(torch))
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-12)


FALLBACKS = [
    ("smoothing", lambda m, x, w: lce(m, x, w, T, label_smoothing=0.1, options=chunks(m))),
    ("uint8_target", lambda m, x, w: F(m).linear_cross_entropy(x, w, m.tensor(T.clip(0), dtype=m.uint8),
                                                                options=chunks(m))),
    ("kdim", lambda m, x, w: lce(m, x, w.reshape(C, 1, 1, IN), T.reshape(N, 1, 1).clip(0), options=chunks(m))),
    ("probabilities", lambda m, x, w: F(m).linear_cross_entropy(x, w, (x @ w.T).softmax(1), options=chunks(m))),
]


@pytest.mark.parametrize("name,fn", FALLBACKS, ids=[s[0] for s in FALLBACKS])
def test_unsupported_options_fall_back_with_torch_warning(name, fn):
    arrays = randn(N, IN), randn(C, IN)
    messages = []
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fn(m, *(m.tensor(a) for a in arrays))
        assert len(caught) == 1 and caught[0].category is UserWarning and caught[0].filename == __file__
        messages.append(str(caught[0].message))
    assert messages[0] == messages[1]
    check(lambda m, x, w: (warnings.simplefilter("ignore"), fn(m, x, w))[1], *arrays)


BAD_SHAPES = [
    ("input_3d", lambda m, x, w: F(m).linear_cross_entropy(x.reshape(1, N, IN), w, m.tensor(T)),
     "expected input with dimensionality 1 or 2"),
    ("weight_1d", lambda m, x, w: F(m).linear_cross_entropy(x, w[0], m.tensor(T)),
     "expected linear_weight with dimensionality at least 2"),
    ("in_features", lambda m, x, w: F(m).linear_cross_entropy(x[:, :2], w, m.tensor(T)),
     "expected equal input and linear_weight last dimensions"),
    ("bias_shape", lambda m, x, w: lce(m, x, w, T, linear_bias=w[0]), "expected linear_bias shape (7,), got (3,)"),
    ("kdim_unbatched", lambda m, x, w: lce(m, x[0], w.reshape(C, 1, IN), np.array(0)),
     "requires batched input, (N, 3)"),
    ("ignore_with_probabilities", lambda m, x, w: F(m).linear_cross_entropy(x, w, x.new_ones(N, C), ignore_index=1),
     "ignore_index cannot be specified when target contains probabilities"),
    ("chunked_target_range", lambda m, x, w: lce(m, x, w, [0, 1, 7, 2, 2], options=chunks(m)),
     "index 7 is out of bounds for dimension 1 with size 7"),
    ("chunked_negative_target", lambda m, x, w: lce(m, x, w, [0, 1, -5, 2, 2], options=chunks(m)),
     "index -5 is out of bounds for dimension 1 with size 7"),
    ("chunked_short_target", lambda m, x, w: lce(m, x, w, [0, 1, 2, 2], options=chunks(m)),
     "start (4) + length (1) exceeds dimension size (4)"),
    ("chunked_2d_target", lambda m, x, w: lce(m, x, w, [[0], [1], [2], [2], [1]], options=chunks(m)),
     "Index tensor must have the same number of dimensions"),
    ("chunked_dtypes", lambda m, x, w: lce(m, x, w.double(), T, options=chunks(m)),
     "expected m1 and m2 to have the same dtype"),
    ("chunked_acc_dtype", lambda m, x, w: lce(m, x, w, T, options=m.nn.LinearCrossEntropyOptions(acc_dtype=m.float64)),
     "supports float32 acc_dtype with float16/bfloat16 inputs, but got torch.float64 acc_dtype"),
    ("chunk_size_and_method", lambda m, x, w: lce(m, x, w, T, options=m.nn.LinearCrossEntropyOptions(
        batch_chunk_size=3, chunking_method="aspect_ratio")), "give different chunk sizes (3 vs 2); pass only one"),
    ("bad_reduction", lambda m, x, w: (warnings.simplefilter("ignore"), lce(m, x, w, T, reduction="bad",
                                                                            options=chunks(m)))[1],
     "bad is not a valid value for reduction"),
]


@pytest.mark.parametrize("name,fn,phrase", BAD_SHAPES, ids=[s[0] for s in BAD_SHAPES])
def test_errors_match_torch(name, fn, phrase):
    with warnings.catch_warnings():
        assert_same_error(fn, randn(N, IN, dtype=np.float32), randn(C, IN, dtype=np.float32), phrase=phrase)


BAD_OPTIONS = [
    (dict(acc_policy="fast"), "invalid acc_policy: 'fast'"),
    (dict(chunking_method="rows"), "invalid chunking_method: 'rows'"),
    (dict(chunking_method="aspect_ratio:0"), "invalid chunking_method: 'aspect_ratio:0'"),
    (dict(batch_chunk_size=0), "batch_chunk_size must be positive int or None, got 0"),
    (dict(batch_chunk_size=2.0), "batch_chunk_size must be positive int or None, got 2.0"),
    (dict(acc_dtype="int64"), "acc_dtype must be one of {None, torch.float16"),
]


@pytest.mark.parametrize("kwargs,phrase", BAD_OPTIONS, ids=[p.split(":")[0] for _, p in BAD_OPTIONS])
def test_options_refuse_what_torch_refuses(kwargs, phrase):
    def make(m):
        return m.nn.LinearCrossEntropyOptions(**{k: getattr(m, v) if k == "acc_dtype" else v
                                                 for k, v in kwargs.items()})
    assert_same_error(lambda m: make(m), phrase=phrase)


@pytest.mark.parametrize("n,in_features,classes,dtype,kwargs", [
    (100, 8, 1000, "float32", {}), (100, 8, 1000, "float16", {}), (100, 8, 1000, "float32", dict(acc_dtype="float64")),
    (37, 5, 12, "float64", dict(chunking_method="aspect_ratio:4")), (37, 5, 12, "float16", dict(batch_chunk_size=50)),
    (6, 4, 3, "float32", dict(chunking_method=None, acc_policy="balanced")),
])
def test_options_resolve_as_torch(n, in_features, classes, dtype, kwargs):
    """_adjust: the "auto" picks, chunk sizes and accumulation dtype torch resolves for a CPU call."""
    def resolved(m, device):
        kw = {k: getattr(m, v) if k == "acc_dtype" else v for k, v in kwargs.items()}
        return repr(m.nn.LinearCrossEntropyOptions(**kw)._adjust(n, in_features, classes, getattr(m, dtype), device))
    assert resolved(pullback, pullback.device("cpu")) == resolved(torch, torch.device("cpu"))
    assert resolved(pullback, None) == resolved(torch, None)
    assert repr(pullback.nn.LinearCrossEntropyOptions()) == repr(torch.nn.LinearCrossEntropyOptions())


def _modules(**kwargs):
    """The same LinearCrossEntropyLoss in both libraries, pullback's loaded with torch's parameters."""
    torch.manual_seed(0)
    theirs = torch.nn.LinearCrossEntropyLoss(IN, 4, **kwargs)
    ours = pullback.nn.LinearCrossEntropyLoss(IN, 4, **{k: pullback.tensor(v.numpy()) if k == "weight" else v
                                                        for k, v in kwargs.items()})
    ours.load_state_dict({k: pullback.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    return ours, theirs


@pytest.mark.parametrize("kwargs", [dict(), dict(out_features=(2, 3), bias=True, weight=torch.rand(4)),
                                    dict(bias=True, reduction="sum", ignore_index=2, label_smoothing=0.1),
                                    dict(bias=True, weight=torch.rand(4), reduction="none")])
def test_module_matches_torch(kwargs):
    ours, theirs = _modules(**kwargs)
    assert repr(ours) == repr(theirs)
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
           [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    x = randn(N, IN, dtype=np.float32)
    t = R.integers(0, 4, (N, *kwargs.get("out_features", ())))
    out = ours(pullback.tensor(x, requires_grad=True), pullback.tensor(t))
    expected = theirs(torch.tensor(x, requires_grad=True), torch.tensor(t))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-5, atol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-4, atol=1e-6, err_msg=name)


def test_module_with_options_chunks():
    options = dict(bias=True, options=None)
    ours, theirs = _modules(**options)
    ours.options = pullback.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    theirs.options = torch.nn.LinearCrossEntropyOptions(batch_chunk_size=2)
    assert repr(ours) == repr(theirs)
    x, t = randn(N, IN, dtype=np.float32), R.integers(0, 4, N)
    out, expected = ours(pullback.tensor(x), pullback.tensor(t)), theirs(torch.tensor(x), torch.tensor(t))
    assert out.grad_fn.name() == expected.grad_fn.name()
    out.backward()
    expected.backward()
    np.testing.assert_allclose(ours.linear.weight.grad.numpy(), theirs.linear.weight.grad.numpy(), rtol=1e-5,
                               atol=1e-7)


@pytest.mark.parametrize("kwargs,phrase", [(dict(weight=np.ones(3)), "expected weight shape to be (4,), got (3,)"),
                                           (dict(label_smoothing=1.5), "expected label_smoothing to be in range")])
def test_module_refuses_what_torch_refuses(kwargs, phrase):
    def make(m):
        return m.nn.LinearCrossEntropyLoss(IN, 4, **{k: m.tensor(v) if k == "weight" else v for k, v in kwargs.items()})
    assert_same_error(lambda m: make(m), phrase=phrase)
    pb_exc, _ = check_error(lambda m: make(m))
    assert type(pb_exc) is RuntimeError


COVERED = ["F.linear_cross_entropy"]
