"""Views changed in place, or whose base was: the history they take (view replay or AsStrided) and
torch's refusals by creation meta (no_grad mode, multi-output ops, custom Functions), against torch."""
import threading

import numpy as np
import pytest
import torch

import pullback

LIBS = (pullback, torch)


def graph(fn, depth=0, out=None):
    """A node's graph as (depth, class name) pairs, depth first."""
    out = [] if out is None else out
    out.append((depth, None if fn is None else type(fn).__name__))
    if fn is not None and depth < 7:
        for f, _ in fn.next_functions:
            graph(f, depth + 1, out)
    return out


def outcome(m, build):
    """What `build(m, x)` gives: the result's graph and x's gradient, or the error's class and message."""
    x = m.tensor(np.arange(12.0).reshape(3, 4) / 10, requires_grad=True)
    try:
        out = build(m, x)
        g = graph(out.grad_fn)
        out.sum().backward()
        return g, np.round(x.grad.numpy(), 6).tolist()
    except RuntimeError as e:
        return type(e), str(e)


def replay(m, mode=True):
    return m.autograd._force_original_view_tracking(mode)


# ----------------------------------------------------------------- view replay
def _select_changed(m, x):
    a = x.clone()
    with replay(m):
        v = a[0]
        v.mul_(2)
    return v


def _chain_of_views_changed(m, x):
    a = x.clone()
    with replay(m):
        w = a.t()[1:]
        w.add_(1)
    return w


def _base_changed(m, x):
    b = x.clone()
    with replay(m):
        u = b.unsqueeze(0).transpose(1, 2)
        b.mul_(3)
    return u


def _view_of_flat_view(m, x):
    a = x.clone()
    with replay(m):
        v = a.view(-1)[2:9].view(7, 1).expand(7, 3)
    a.sin_()
    return v


def _parent_without_child_with(m, x):
    a = x.clone()
    v = a[0]
    with replay(m):
        w = v[1:]
    a.mul_(2)
    return w


def _parent_with_child_without(m, x):
    a = x.clone()
    with replay(m):
        v = a.t()
    w = v[1:]
    a.mul_(2)
    return w


def _with_without_with(m, x):
    a = x.clone()
    with replay(m):
        v = a.t()
    w = v[1:]
    with replay(m):
        u = w.unsqueeze(0)
    u.add_(1)
    return u


def _as_strided_view(m, x):
    a = x.clone()
    with replay(m):
        v = a.as_strided((2, 2), (1, 4), 1)
    v.mul_(3)
    return v


def _diagonal_zeroed(m, x):
    a = x.clone()
    with replay(m):
        a.diagonal().zero_()
    return a


def _made_by_decorated_function(m, x):
    @replay(m)
    def narrow(a):
        return a.narrow(1, 1, 2)
    v = narrow(x.clone())
    v.pow_(2)
    return v


def _made_outside_changed_inside(m, x):
    a = x.clone()
    v = a[1]
    with replay(m):
        v.mul_(2)
    return v


def _replay_switched_off(m, x):
    a = x.clone()
    with replay(m, False):
        v = a[1]
    v.mul_(2)
    return v


REPLAYS = [_select_changed, _chain_of_views_changed, _base_changed, _view_of_flat_view, _parent_without_child_with,
           _parent_with_child_without, _with_without_with, _as_strided_view, _diagonal_zeroed,
           _made_by_decorated_function, _made_outside_changed_inside, _replay_switched_off]


@pytest.mark.parametrize("build", REPLAYS, ids=lambda f: f.__name__.strip("_"))
def test_a_changed_view_takes_torch_history_and_gradient(build):
    ours, theirs = (outcome(m, build) for m in LIBS)
    assert ours == theirs


def test_view_ops_changed_in_place_replay_to_the_same_gradient():
    # torch's replay of a view changed by t_/unsqueeze_ gets the shapes wrong (its backward raises);
    # pullback's history is the view ops in order, with the gradient of the plain computation
    def build(m, x, tracking):
        a = x.clone()
        with replay(m, tracking):
            v = a[1:]
            v.t_()
            v.unsqueeze_(0)
        a.exp_()
        return v
    pb = outcome(pullback, lambda m, x: build(m, x, True))
    assert [name for _, name in pb[0][:3]] == ["UnsqueezeBackward1", "TBackward1", "SliceBackward0"]
    plain = outcome(torch, lambda m, x: build(m, x, False))
    assert pb[1] == plain[1]


def test_replay_flag_is_set_at_once_restored_by_with_and_thread_local():
    for m in LIBS:
        assert not m.autograd.is_view_replay_enabled()
        switch = m.autograd._force_original_view_tracking(True)
        assert m.autograd.is_view_replay_enabled()
        seen = []
        t = threading.Thread(target=lambda: seen.append(m.autograd.is_view_replay_enabled()))
        t.start()
        t.join()
        assert seen == [False]
        with switch:
            assert m.autograd.is_view_replay_enabled()
        assert not m.autograd.is_view_replay_enabled()

        @m.autograd._force_original_view_tracking(True)
        def inside():
            return m.autograd.is_view_replay_enabled()
        assert not m.autograd.is_view_replay_enabled()
        assert inside() and not m.autograd.is_view_replay_enabled()


def test_replay_flag_must_be_a_bool():
    for m in LIBS:
        with pytest.raises(TypeError, match=r"set_view_replay_enabled\(\): argument 'enabled' \(position 1\) must be "
                                            r"bool, not int"):
            m.autograd._force_original_view_tracking(1)
        assert not m.autograd.is_view_replay_enabled()


# ----------------------------------------------------------------- refusals by creation meta
def _split_output_changed(m, x):
    a = x.clone()
    p, q = a.split(2, 1)
    q.mul_(2)
    return q


def _split_base_changed(m, x):
    a = x.clone()
    p, q = a.split(2, 1)
    a.mul_(2)
    return q


def _chunk_base_changed(m, x):
    a = x.clone()
    c = a.chunk(2, 1)
    a.add_(1)
    return c[0]


def _split_with_sizes_changed(m, x):
    a = x.clone()
    p, q = a.split([1, 3], 1)
    q.mul_(2)
    return q


def _unbind_base_changed_through_another_view(m, x):
    a = x.clone()
    u = a.unbind(0)
    a[0].zero_()
    return u[2]


def _sibling_used_out_of_place(m, x):
    a = x.clone()
    p, q = a.split(2, 1)
    p.mul(2)
    return q


def _base_changed_through_detach(m, x):
    a = x.clone()
    p, q = a.split(2, 1)
    a.detach().mul_(2)
    return q


def _base_changed_in_no_grad(m, x):
    a = x.clone()
    c = a.chunk(2, 1)
    with m.no_grad():
        a.zero_()
    return c[0]


def _view_of_split_output_changed(m, x):
    a = x.clone()
    w = a.split(2, 1)[1][0]
    w.mul_(2)
    return w


def _transposed_split_output_base_changed(m, x):
    a = x.clone()
    w = a.split(2, 1)[1].t()
    a.mul_(2)
    return w


def _squeezed_unbind_output_changed(m, x):
    a = x.clone()
    w = a.unbind(0)[1].unsqueeze(0).squeeze(0)
    w.mul_(2)
    return w


def _no_grad_view_of_unbind_output(m, x):
    a = x.clone()
    w = a.unbind(0)[1]
    with m.no_grad():
        w2 = w[1:]
    a.mul_(2)
    return w2


def _view_of_no_grad_unbind_output(m, x):
    a = x.clone()
    with m.no_grad():
        w = a.unbind(0)[1]
    w2 = w[1:]
    a.mul_(2)
    return w2


def _view_of_no_grad_view_changed(m, x):
    a = x.clone()
    with m.no_grad():
        w = a[1]
    w2 = w[1:]
    w2.mul_(2)
    return w2


def _no_grad_view_changed(m, x):
    a = x.clone()
    with m.no_grad():
        w = a[1]
    w.mul_(2)
    return w


def _split_of_a_base_that_takes_grad_later(m, x):
    b = x.detach().clone()
    w = b.unbind(0)[1]
    b.requires_grad_()
    w.mul_(2)
    return w


def _split_with_replay(m, x):
    a = x.clone()
    with replay(m):
        p, q = a.split(2, 1)
    a.mul_(2)
    return q


def _unsafe_split_changed(m, x):
    a = x.clone()
    p, q = a.unsafe_split(2, 1)
    q.mul_(2)
    return q


def _tensor_split_changed(m, x):
    a = x.clone()
    p, q = a.tensor_split(2, 1)
    q.mul_(2)
    return q


REFUSALS = [_split_output_changed, _split_base_changed, _chunk_base_changed, _split_with_sizes_changed,
            _unbind_base_changed_through_another_view, _sibling_used_out_of_place, _base_changed_through_detach,
            _base_changed_in_no_grad, _view_of_split_output_changed, _transposed_split_output_base_changed,
            _squeezed_unbind_output_changed, _no_grad_view_of_unbind_output, _view_of_no_grad_unbind_output,
            _view_of_no_grad_view_changed, _no_grad_view_changed, _split_of_a_base_that_takes_grad_later,
            _split_with_replay, _unsafe_split_changed, _tensor_split_changed]


@pytest.mark.parametrize("build", REFUSALS, ids=lambda f: f.__name__.strip("_"))
def test_views_refused_a_new_history_as_torch_refuses_them(build):
    ours, theirs = (outcome(m, build) for m in LIBS)
    assert ours == theirs


def _custom_functions(m):
    class Two(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a[0], a[1]

        @staticmethod
        def backward(ctx, g0, g1):
            return m.stack([g0, g1])

    class ViewAndPlain(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a[0], a * 2

        @staticmethod
        def backward(ctx, g0, g1):
            return g1 * 2

    class One(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a[0]

        @staticmethod
        def backward(ctx, g):
            return m.stack([g, g * 0])

    class Same(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a

        @staticmethod
        def backward(ctx, g):
            return g
    return Two, ViewAndPlain, One, Same


@pytest.mark.parametrize("case", ["two views", "view and plain", "one view", "one view, base changed",
                                  "input as is", "view input as is", "view of the output"])
def test_custom_function_views_refused_as_torch(case):
    def run(m):
        Two, ViewAndPlain, One, Same = _custom_functions(m)
        a = m.ones(2, 3, requires_grad=True).clone()
        try:
            if case == "two views":
                Two.apply(a)[1].mul_(2)
            elif case == "view and plain":
                ViewAndPlain.apply(a)[0].mul_(2)
            elif case == "one view":
                One.apply(a).mul_(2)
            elif case == "one view, base changed":
                p = One.apply(a)
                a.mul_(2)
                p.grad_fn
            elif case == "input as is":
                Same.apply(a).mul_(2)
            elif case == "view input as is":
                Same.apply(a[0]).mul_(2)
            else:
                One.apply(a)[1:].mul_(2)
        except RuntimeError as e:
            return str(e)
    ours, theirs = run(pullback), run(torch)
    assert theirs is not None and ours == theirs


# ----------------------------------------------------------------- torch.autograd names
def test_autograd_namespace_names_as_torch():
    y = pullback.randn(2, requires_grad=True).exp()
    assert isinstance(y.grad_fn._raw_saved_result, pullback.autograd.SavedTensor)
    assert pullback.autograd.kineto_available() == torch.autograd.kineto_available()
    assert pullback.autograd.ProfilerActivity is pullback.profiler.ProfilerActivity
    assert pullback.autograd.DeviceType.CPU == pullback.profiler.DeviceType.CPU
    for m in LIBS:
        with pytest.raises(RuntimeError, match=r"torch.autograd.variable\(...\) is deprecated, use torch.tensor\(...\) "
                                               r"instead"):
            m.autograd.variable(1.0)
        assert m.autograd.variable.Variable is m.autograd.Variable
