"""Custom autograd.Function against torch: the same Function written once for both libraries."""
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import RNG, assert_close, check


def cube_fn(m, setup_context=False):
    """x ** 3 * k with a hand-written backward that uses differentiable ops (double backward works)."""
    if setup_context:
        class Cube(m.autograd.Function):
            @staticmethod
            def forward(x, k):
                return x ** 3 * k

            @staticmethod
            def setup_context(ctx, inputs, output):
                ctx.save_for_backward(inputs[0])
                ctx.k = inputs[1]

            @staticmethod
            def backward(ctx, grad):
                x, = ctx.saved_tensors
                return grad * 3 * x ** 2 * ctx.k, None
    else:
        class Cube(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                ctx.save_for_backward(x)
                ctx.k = k
                return x ** 3 * k

            @staticmethod
            def backward(ctx, grad):
                x, = ctx.saved_tensors
                return grad * 3 * x ** 2 * ctx.k, None
    return Cube


@pytest.mark.parametrize("setup_context", [False, True])
def test_cube_values_grads_and_double_backward(setup_context):
    x = RNG.standard_normal((3, 4))
    out = check(lambda m, x: cube_fn(m, setup_context).apply(x, 2.5), x)
    assert out.grad_fn.name() == "CubeBackward" and type(out.grad_fn).__name__ == "CubeBackward"


def two_outputs(m, materialize=True, save_output=False):
    class Split(m.autograd.Function):
        @staticmethod
        def forward(ctx, x, y, tag):
            ctx.set_materialize_grads(materialize)
            ctx.seen = []
            a, b = x.exp(), x * y
            ctx.save_for_backward(a if save_output else x, y)
            return a, b, tag

        @staticmethod
        def backward(ctx, ga, gb, gtag):
            ctx.seen.append((ga is None, gb is None, gtag is None))
            s, y = ctx.saved_tensors
            e = s if save_output else s.exp()
            gx = (0 if ga is None else ga * e) + (0 if gb is None else gb * y)
            return gx, (None if gb is None else gb * e.log()), None
    return Split


@pytest.mark.parametrize("save_output", [False, True])
def test_multiple_outputs_non_tensor_output_and_saved_output(save_output):
    x, y = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 3))
    out = check(lambda m, x, y: two_outputs(m, save_output=save_output).apply(x, y, "tag")[:2], x, y)
    assert out[0].grad_fn is out[1].grad_fn


@pytest.mark.parametrize("materialize", [True, False])
def test_materialize_grads(materialize):
    seen = {}
    for m in (pullback, torch):
        x = m.tensor([1.0, 2.0], requires_grad=True)
        fn = two_outputs(m, materialize)
        a, b, tag = fn.apply(x, m.ones(2), "t")
        assert tag == "t"
        a.sum().backward()
        seen[m] = (a.grad_fn.seen, x.grad.detach().numpy())
    assert seen[pullback][0] == seen[torch][0]
    assert_close(seen[pullback][1], seen[torch][1], 1e-6, 1e-6)


def test_needs_input_grad_grad_mode_and_next_functions():
    seen = {}
    for m in (pullback, torch):
        class Probe(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, k, y):
                seen.setdefault(m, []).append((ctx.needs_input_grad, m.is_grad_enabled()))
                return x * k + y

            @staticmethod
            def backward(ctx, g):
                return g, None, g
        x = m.ones(2, requires_grad=True)
        out = Probe.apply(x, 2, m.ones(2))
        nf = out.grad_fn.next_functions
        seen[m].append((len(nf), type(nf[0][0]).__name__, nf[1][0]))
        with m.no_grad():
            seen[m].append(Probe.apply(x, 2, m.ones(2)).requires_grad)
    assert seen[pullback] == seen[torch]


def test_mark_dirty_and_non_differentiable():
    results = {}
    for m in (pullback, torch):
        class Double(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 2

        class SortIdx(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = (x > 0).long()
                ctx.mark_non_differentiable(idx)
                return x * 1, idx

            @staticmethod
            def backward(ctx, g, gi):
                return g * 3
        x = m.tensor([1.0, -2.0], requires_grad=True)
        a = x * 1
        b = Double.apply(a)
        y, idx = SortIdx.apply(b)
        (y.sum() * 1).backward()
        results[m] = (b is a, a._version, type(a.grad_fn).__name__, idx.requires_grad, x.grad.tolist())
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad has been used in an in-place"):
            Double.apply(m.ones(1, requires_grad=True))
    assert results[pullback] == results[torch]


def test_input_returned_unchanged_is_an_alias():
    for m in (pullback, torch):
        class Ident(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, g):
                return g
        x = m.ones(2, requires_grad=True)
        y = Ident.apply(x)
        assert y is not x and y.grad_fn.name() == "IdentBackward"
        y.sum().backward()
        assert x.grad.tolist() == [1.0, 1.0]


def test_wrong_number_of_gradients_and_version_check():
    for m in (pullback, torch):
        class Bad(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * 2

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return g * x, g
        x = m.ones(2, requires_grad=True)
        with pytest.raises(RuntimeError, match=r"function BadBackward returned an incorrect number of gradients "
                                               r"\(expected 1, got 2\)"):
            Bad.apply(x).sum().backward()
        c = x.clone()
        y = Bad.apply(c)
        c.add_(1)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            y.sum().backward()


def test_once_differentiable_runs_backward_without_graph():
    for m in (pullback, torch):
        class Triple(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 3

            @staticmethod
            @m.autograd.function.once_differentiable
            def backward(ctx, g):
                return g * 3
        x = m.ones(2, requires_grad=True)
        g, = m.autograd.grad(Triple.apply(x).sum(), x, create_graph=True)
        assert g.tolist() == [3.0, 3.0] and not g.requires_grad
        with pytest.raises(RuntimeError, match="does not require grad"):
            g.sum().backward()


def test_function_inside_a_larger_graph_matches_torch():
    x = RNG.standard_normal((4,))
    check(lambda m, x: (cube_fn(m).apply(x.sin(), 1.5) * x).exp(), x, atol=1e-5)


def test_forward_mode_through_a_function_uses_its_jvp():
    out = {}
    for m in (pullback, torch):
        fw = m.autograd.forward_ad

        class Scale(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                ctx.k = k
                return x * k

            @staticmethod
            def backward(ctx, g):
                return g * ctx.k, None

        class ScaleJvp(Scale):
            @staticmethod
            def jvp(ctx, tx, tk):
                return tx * ctx.k

        class Square(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_forward(x)
                return x * x

            @staticmethod
            def backward(ctx, g):
                return g

            @staticmethod
            def jvp(ctx, tx):
                x, = ctx.saved_tensors
                return 2 * x * tx
        with fw.dual_level():
            d = fw.make_dual(m.ones(2), m.tensor([1.0, 2.0]))
            with pytest.raises(NotImplementedError, match="You must implement the jvp function"):
                Scale.apply(d, 3)
            out[m] = (repr(ScaleJvp.apply(d, 3)), repr(ScaleJvp.apply(m.ones(2), 3)),
                      repr(Square.apply(fw.make_dual(m.tensor([1.0, 3.0]), m.tensor([1.0, 2.0])))))
    assert out[pullback] == out[torch]


def test_mark_dirty_on_a_view_rewrites_the_base_history():
    out = {}
    for m in (pullback, torch):
        class ScaleInPlace(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, w):
                x.mul_(w)
                ctx.mark_dirty(x)
                ctx.save_for_backward(w)
                return x

            @staticmethod
            def backward(ctx, g):
                w, = ctx.saved_tensors
                return g * w, None
        x = m.ones(4, requires_grad=True)
        b = x * 1
        v = b[1:3]
        r = ScaleInPlace.apply(v, m.tensor(3.0))
        names = (r is v, v.grad_fn.name(), b.grad_fn.name(), [f and f.name() for f, _ in b.grad_fn.next_functions])
        (b * m.arange(4.0)).sum().backward()
        with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is being used in an "
                                               "in-place operation."):
            ScaleInPlace.apply(m.ones(4, requires_grad=True)[:2], m.tensor(2.0))

        class TwoOut(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                x.mul_(2)
                ctx.mark_dirty(x)
                return x, x * 1

            @staticmethod
            def backward(ctx, g, g2):
                return g
        with pytest.raises(RuntimeError, match="cannot return more than one Tensor"):
            TwoOut.apply((m.ones(4, requires_grad=True) * 1)[:2])
        out[m] = (names, x.grad.tolist())
    assert out[pullback] == out[torch]
    assert out[torch][1] == [0.0, 3.0, 6.0, 3.0]


@pytest.mark.parametrize("case, exc, phrase", [
    ("dirty input not returned", RuntimeError, "Some elements marked as dirty during the forward method were not "
                                               "returned as output."),
    ("gradient for a non-tensor", RuntimeError, "function FBackward returned a gradient different than None at "
                                                "position 2, but the corresponding forward input was not a Variable"),
    ("save a non-tensor", TypeError, "save_for_backward can only save variables, but argument 1 is of type int"),
    ("legacy call", RuntimeError, "Legacy autograd function with non-static forward method is deprecated."),
])
def test_function_misuse_errors_match_torch(case, exc, phrase):
    for m in (pullback, torch):
        class F(m.autograd.Function):
            @staticmethod
            def forward(ctx, x, k):
                if case == "dirty input not returned":
                    x.mul_(k)
                    ctx.mark_dirty(x)
                if case == "save a non-tensor":
                    ctx.save_for_backward(x, k)
                return x * k

            @staticmethod
            def backward(ctx, g):
                return g, g
        x = m.ones(2, requires_grad=True) * 1
        with pytest.raises(exc) as info:
            if case == "legacy call":
                F()(x, 2)
            F.apply(x, 2).sum().backward()
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


def test_non_differentiable_input_returned_and_node_repr():
    out = {}
    for m in (pullback, torch):
        class Pass(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.mark_non_differentiable(x)
                return x

            @staticmethod
            def backward(ctx, g):
                return g
        x = m.ones(2, requires_grad=True)
        a = Pass.apply(x)
        y = cube_fn(m).apply(x, 2.0)
        out[m] = (a is x, a.requires_grad, a.grad_fn, repr(y.grad_fn).split(" object at ")[0].split(".")[-1],
                  repr(y.grad_fn).startswith(f"<{m.__name__}.autograd.function.CubeBackward object at 0x"))
    assert out[pullback] == out[torch] == (False, False, None, "CubeBackward", True)


def test_saved_tensor_version_messages_match_torch():
    """torch names the node without `Backward0` (Add, Pow1, F) and hints at check_nan=False."""
    messages = {}
    for m in (pullback, torch):
        class F(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * 2

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return g * x
        x = m.ones(2, requires_grad=True)
        found = []
        for make, change in [(lambda: x * 1, lambda c: c.add_(1)),         # an input of F, output of Add
                             (lambda: F.apply(x), lambda c: c.mul_(1)),    # saved by sin, output of F
                             (lambda: x.abs() ** x, lambda c: c.detach().mul_(1)),  # output of Pow1
                             (lambda: (x * 1).unsqueeze(0), lambda c: c.mul_(1))]:  # a view: AsStrided
            c = make()
            y = F.apply(c) if len(found) == 0 else c.sin()
            change(c)
            with pytest.raises(RuntimeError) as info:
                y.sum().backward()
            found.append(str(info.value))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with m.autograd.detect_anomaly():
                c = x * 1
                y = c.sin()
                c.add_(1)
                with pytest.raises(RuntimeError) as info:
                    y.sum().backward()
        found.append(str(info.value))
        messages[m] = found
    assert messages[pullback] == messages[torch]
    assert "which is output 0 of Pow1," in messages[torch][2] and "Good luck!" in messages[torch][4]


def test_views_returned_by_a_function_cannot_be_modified_in_place():
    """Its CopySlices would bypass the Function's own backward: torch forbids it (and names the class)."""
    messages = {}
    for m in (pullback, torch):
        class Row(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x[0]

            @staticmethod
            def backward(ctx, g):
                r = m.zeros(2, 3)
                r[0] = g * 10  # a custom backward the in-place change would silently skip
                return r

        class Rows(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x[0], x[1]

            @staticmethod
            def backward(ctx, g, h):
                return m.stack([g, h])
        found = []
        for fn in (Row, Rows):
            out = fn.apply(m.ones(2, 3, requires_grad=True) * 1)
            with pytest.raises(RuntimeError) as info:
                (out if fn is Row else out[0]).mul_(2)
            found.append(str(info.value))
        y = Row.apply(m.ones(2, 3, requires_grad=True) * 1).clone()
        y.mul_(2)  # a clone is fine
        messages[m] = found
    assert messages[pullback] == messages[torch]
    assert messages[torch][0].startswith("Output 0 of Row is a view and is being modified inplace. This view was "
                                         "created inside a custom Function")


def test_backward_must_return_tensors_or_none():
    for m in (pullback, torch):
        class F(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return 3
        with pytest.raises(RuntimeError, match=r"expected Variable or None \(got int\)"):
            F.apply(m.ones(2, requires_grad=True)).sum().backward()
