"""backward / grad semantics, grad modes, in-place and version counters, views: against torch."""
import threading
import warnings

import numpy as np
import pytest
import torch

import pullback
from oracle import as_numpy, assert_same_outcome


def _normalise(v):
    if isinstance(v, (pullback.Tensor, torch.Tensor)):
        return ("tensor", str(v.dtype).replace("torch.", ""), tuple(v.shape), as_numpy(v).tolist())
    if isinstance(v, (list, tuple)):
        return type(v).__name__, [_normalise(x) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if hasattr(v, "name") and callable(v.name):  # a graph node
        return ("node", v.name())
    return repr(v)


def _assert_same(a, b, path="obs"):
    if isinstance(a, tuple) and a and a[0] == "tensor":
        assert a[:3] == b[:3], f"{path}: {a[:3]} != {b[:3]}"
        np.testing.assert_allclose(np.array(a[3], dtype=float), np.array(b[3], dtype=float), rtol=1e-5, atol=1e-6,
                                   err_msg=path)
    elif isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        assert len(a) == len(b), f"{path}: {a} != {b}"
        for i, (x, y) in enumerate(zip(a, b)):
            _assert_same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert abs(a - b) <= 1e-5 * max(1, abs(b)), f"{path}: {a} != {b}"
    else:
        assert a == b, f"{path}: {a} != {b}"


def same_story(fn):
    """fn(m) returns a list of observations; both libraries must observe the same."""
    _assert_same(_normalise(fn(pullback)), _normalise(fn(torch)))


def raises_like_torch(fn, phrase):
    for m in (torch, pullback):
        with pytest.raises(RuntimeError) as info:
            fn(m)
        assert phrase in str(info.value), f"{m.__name__}: {info.value}"


# ---------------------------------------------------------------- stories
def tutorial_accumulation(m):
    x = m.ones(2, 2, requires_grad=True)
    obs = []
    for _ in range(3):
        (3 * (x + 2) ** 2).mean().backward()
        obs.append(x.grad.clone())
    x.grad.data.zero_()
    x.sum().backward()
    obs.append(x.grad)
    x.grad.zero_()
    obs.append(x.grad)
    return obs


def next_functions_structure(m):
    x = m.ones(2, requires_grad=True)
    w = m.ones(2)
    y = x * w + 2
    fn = y.grad_fn
    mul = fn.next_functions[0][0]
    return [fn, [n for n, _ in fn.next_functions], [i for _, i in fn.next_functions],
            [n for n, _ in mul.next_functions], mul.next_functions[0][0].variable is x, x.grad_fn, y.is_leaf,
            y.requires_grad, (x * 2).grad_fn.next_functions[1]]


def retain_graph_and_second_backward(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    z = (x + 1).sum()  # nothing saved: a second traversal is allowed, as in torch
    z.backward()
    z.backward()
    return [x.grad]


def vjp_with_gradient(m):
    x = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 2
    while y.data.norm() < 1000:
        y = y * 2
    y.backward(m.tensor([0.1, 1.0, 0.0001]))
    return [y, x.grad]


def index_assembly(m):
    x1 = m.tensor(1.0, requires_grad=True)
    x2 = m.tensor(2.0, requires_grad=True)
    x3 = m.tensor(3.0, requires_grad=True)
    y = m.zeros(3)
    y[0] = x1 ** 2 + 2 * x2 + x3
    y[1] = x1 + x2 ** 3 + x3 ** 2
    y[2] = 2 * x1 + x2 ** 2 + x3 ** 3
    obs = [y.grad_fn, [n for n, _ in y.grad_fn.next_functions], y.is_leaf, y._version]
    y.backward(m.tensor([3.0, 2.0, 1.0]))
    return obs + [x1.grad, x2.grad, x3.grad]


def higher_order(m):
    x = m.tensor(2.0, requires_grad=True)
    y = x ** 3
    (g1,) = m.autograd.grad(y, x, create_graph=True)
    (g2,) = m.autograd.grad(g1, x, create_graph=True)
    (g3,) = m.autograd.grad(g2, x)
    z = (x.sin() * x).exp()
    (h1,) = m.autograd.grad(z, x, create_graph=True)
    h1.backward()
    return [g1, g2, g3, h1, x.grad, g1.requires_grad, g3.requires_grad]


def grad_api(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    w = m.tensor([3.0, 4.0], requires_grad=True)
    unused = m.tensor(1.0, requires_grad=True)
    y = (x * w).sum()
    gx, gu = m.autograd.grad(y, [x, unused], allow_unused=True, retain_graph=True)
    gw, = m.autograd.grad([y], [w], grad_outputs=[m.tensor(2.0)], retain_graph=True)
    nonleaf = x * 3
    out = (nonleaf ** 2).sum()
    gn, = m.autograd.grad(out, nonleaf)
    return [gx, gu, gw, gn, x.grad, w.grad]


def backward_inputs(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    w = m.tensor([3.0, 4.0], requires_grad=True)
    (x * w).sum().backward(inputs=[w])
    return [x.grad, w.grad]


def retain_grad_story(m):
    x = m.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    z = (y * y).sum()
    z.backward()
    return [y.grad, x.grad, y.retains_grad, x.retains_grad]


def grad_modes(m):
    x = m.ones(2, requires_grad=True)
    obs = []
    with m.no_grad():
        a = x * 2
        with m.enable_grad():
            b = x * 2
    obs += [a.requires_grad, a.grad_fn, b.requires_grad, m.is_grad_enabled()]
    m.set_grad_enabled(False)
    obs.append((x * 2).requires_grad)
    m.set_grad_enabled(True)
    with m.set_grad_enabled(False):
        obs.append((x * 2).requires_grad)
    obs.append((x * 2).requires_grad)
    with m.inference_mode():
        obs += [(x * 2).requires_grad, m.is_inference_mode_enabled()]

    @m.no_grad()
    def f(t):
        return t * 2

    @m.no_grad
    def g(t):
        return t * 2

    @m.enable_grad()
    def h(t):
        return t * 2

    with m.no_grad():
        obs.append(h(x).requires_grad)
    obs += [f(x).requires_grad, g(x).requires_grad, m.is_grad_enabled()]
    x1 = m.tensor(1.0, requires_grad=True)
    y1 = x1 ** 2
    with m.no_grad():
        y2 = x1 ** 3
    y3 = y1 + y2
    y3.backward()
    obs += [y2.requires_grad, x1.grad]
    return obs


def data_and_detach(m):
    x = m.ones(3, requires_grad=True)
    y = 2 * x
    x.data *= 100
    y.sum().backward()
    d = x.detach()
    d[0] = 5  # shares storage (and version counter)
    v_after_detach_write = x._version
    e = x.data
    e[1] = 7  # shares storage, not the version counter
    obs = [x, x.grad, d.requires_grad, v_after_detach_write, x._version, e.requires_grad]
    z = (x * 3)
    z.detach_()
    obs += [z.requires_grad, z.grad_fn, z.is_leaf]
    x.data = m.zeros(3)
    obs.append(x)
    return obs


def inplace_story(m):
    a = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    b = a * 1
    v0 = b._version
    b.add_(1)
    b.mul_(a)
    b += 2
    b *= 2
    b.clamp_(0, 1e6)
    b.sub_(a, alpha=2)
    b.pow_(2)
    b.div_(2)
    obs = [b.grad_fn, b._version - v0]
    b.sum().backward()
    obs.append(a.grad)
    c = a.detach().clone()
    c.zero_()
    c.fill_(3)
    c.neg_()
    c.copy_(m.tensor([1.0, 2.0, 4.0]))
    obs += [c, c._version]
    return obs


def views_and_inplace(m):
    a = m.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    b = a * 1
    v = b[0]
    v.mul_(10)
    obs = [b.grad_fn, v.grad_fn]
    b.sum().backward()
    obs.append(a.grad)
    # an in-place change of the base is seen by the view's history
    a2 = m.tensor([1.0, 2.0], requires_grad=True)
    base = a2 * 1
    view = base[1:]
    base.mul_(3)
    view.sum().backward()
    obs.append(a2.grad)
    # setitem with a value that requires grad, into a tensor that also has history
    p = m.tensor([1.0, 2.0, 3.0], requires_grad=True)
    q = m.tensor(5.0, requires_grad=True)
    r = p * 2
    r[1] = q * q
    r.sum().backward()
    obs += [r, p.grad, q.grad]
    return obs


def view_shares_version(m):
    a = m.ones(2, 3)
    v = a.view(6)
    t = a.t()
    v[0] = 5
    return [a._version, v._version, t._version, a, t.is_contiguous(), a[0].is_contiguous()]


def broadcast_grads(m):
    a = m.ones(3, 1, requires_grad=True)
    b = m.ones(4, requires_grad=True)
    c = m.tensor(2.0, dtype=m.float64, requires_grad=True)
    y = a * b + c
    y.sum().backward()
    return [y.dtype, a.grad, b.grad, c.grad, c.grad.dtype]


def sgd_story(m):
    a = m.tensor(2.0, requires_grad=True)
    b = m.tensor(3.0, requires_grad=True)
    opt = m.optim.SGD([a, b], lr=0.01)
    z = a ** 2 + 3 * b + a * b
    z.backward()
    obs = [a.grad, b.grad]
    opt.step()
    obs += [a, b]
    opt.zero_grad()
    obs += [a.grad, b.grad]
    (a * b).backward()
    opt.zero_grad(set_to_none=False)
    obs.append(a.grad)
    return obs


def linear_regression(m):
    x_train = m.tensor([[1.0], [2.0], [3.0]])
    y_train = m.tensor([[2.0], [3.0], [4.0]])
    w = m.tensor([[0.0]], requires_grad=True)
    b = m.tensor([[0.0]], requires_grad=True)
    losses = []
    for _ in range(100):
        loss = ((x_train.mm(w) + b - y_train) ** 2).mean()
        loss.backward()
        with m.no_grad():
            w -= 0.01 * w.grad
            b -= 0.01 * b.grad
        w.grad.zero_()
        b.grad.zero_()
        losses.append(round(loss.item(), 4))
    return [losses, w.is_leaf, w.requires_grad, w.grad]


def variable_legacy(m):
    from importlib import import_module
    Variable = import_module(m.__name__ + ".autograd").Variable
    x = Variable(m.ones(2, 2), requires_grad=True)
    out = ((x + 2) * (x + 2) * 3).mean()
    out.backward()
    return [x, x.grad, x.is_leaf, Variable(m.ones(1)).requires_grad]


def gradient_dtypes(m):
    """backward/grad with an integer, bool or float64 gradient: torch casts it to the output's dtype."""
    obs = []
    for g in (m.ones(2, dtype=m.int64), m.tensor([True, False]), m.ones(2, dtype=m.float64)):
        a = m.ones(2, requires_grad=True)
        (a * 2).backward(g)
        obs.append(a.grad)
    a = m.ones(2, requires_grad=True)
    obs.append(m.autograd.grad((a * 3).sum(), a, grad_outputs=m.tensor(2)))
    return obs


def sibling_view_takes_a_history(m):
    """A view taken before its base took a history through another view, in place: it requires grad
    afterwards, and gradients flow through what it reads of the written part."""
    w = m.tensor([2.0, 3.0], requires_grad=True)
    x = m.ones(4)
    u = x[1:]                 # overlaps the part written below
    x[:2].mul_(w)             # the base takes a history
    before = u.requires_grad
    loss = (u * u).sum() + (x[3:] * 5).sum()
    loss.backward()
    return [before, u.grad_fn.name(), x.grad_fn.name(), w.grad]


def no_grad_view_stays_out(m):
    """A view made in no_grad mode of a base that took no history stays out of the graph."""
    x = m.ones(3)
    with m.no_grad():
        v = x[:1]
    x.mul_(2)
    return [v.requires_grad, v.grad_fn, v, x.requires_grad]


def inference_tensors(m):
    """Tensors made in inference_mode are inference tensors (views follow their base, detached
    aliases theirs, clones made outside are normal); inside the mode they change in place freely."""
    x = m.ones(3)
    w = m.ones(3, requires_grad=True)
    with m.inference_mode():
        y, z, v = x * 2, m.zeros(2), x[:2]
        p = m.ones(2, requires_grad=True)
        inside = [y.is_inference(), z.is_inference(), v.is_inference(), x.is_inference(), y.requires_grad,
                  p.is_inference(), p.requires_grad, (p * 2).requires_grad, m.tensor([1.0]).is_inference()]
        y.add_(1)
        x.mul_(2)  # a normal tensor changes in place in inference mode too
    with m.no_grad():
        plain = m.ones(1).is_inference()
    loss = (w + y).sum()  # nothing saved: an inference tensor may take part
    loss.backward()
    return [inside, plain, y, x, y.view(3).is_inference(), y[1:].is_inference(), y.detach().is_inference(),
            y.data.is_inference(), y.clone().is_inference(), (y * 1).is_inference(), w.grad]


STORIES = [inference_tensors, sibling_view_takes_a_history, no_grad_view_stays_out, gradient_dtypes, tutorial_accumulation, next_functions_structure, retain_graph_and_second_backward, vjp_with_gradient,
           index_assembly, higher_order, grad_api, backward_inputs, retain_grad_story, grad_modes, data_and_detach,
           inplace_story, views_and_inplace, view_shares_version, broadcast_grads, sgd_story, linear_regression,
           variable_legacy]


@pytest.mark.parametrize("story", STORIES, ids=lambda f: f.__name__)
def test_story_matches_torch(story):
    same_story(story)


# ---------------------------------------------------------------- errors
def _no_grad_view_modified(m):
    w = m.ones(2, requires_grad=True) * 1
    with m.no_grad():
        v = w[:1]
    v.mul_(2)


def _no_grad_view_of_plain_base_modified(m):
    x = m.ones(3)
    with m.no_grad():
        v = x[:1]
    v.mul_(m.ones(1, requires_grad=True))


def _no_grad_view_whose_base_changed(m):
    w = m.ones(2, requires_grad=True) * 1
    with m.no_grad():
        v = w[:1]
    w.mul_(2)
    return v * 2


def _inference_tensor(m):
    with m.inference_mode():
        return m.ones(3) * 2


def _twice(m):
    x = m.ones(2, requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def _modified(m):
    x = m.ones(3, requires_grad=True)
    y = x * 1
    z = y * y
    y.add_(1)
    z.sum().backward()


def _modified_output(m):
    x = m.ones(3, requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


ERRORS = [
    (lambda m: (m.ones(2, requires_grad=True) * 2).backward(), "grad can be implicitly created only for scalar outputs"),
    (lambda m: m.ones(3, requires_grad=True).exp().backward(m.ones(2)), "Mismatch in shape"),
    (lambda m: m.ones(2).sum().backward(), "element 0 of tensors does not require grad and does not have a grad_fn"),
    (_twice, "Trying to backward through the graph a second time"),
    (_modified, "modified by an inplace operation"),
    (_modified_output, "modified by an inplace operation"),
    (lambda m: m.ones(2, requires_grad=True).add_(1), "a leaf Variable that requires grad is being used in an in-place"),
    (lambda m: m.ones(2, 2, requires_grad=True)[0].mul_(2), "a view of a leaf Variable that requires grad"),
    (lambda m: _inference_tensor(m).add_(1), "Inplace update to inference tensor outside InferenceMode is not allowed"),
    (lambda m: _inference_tensor(m)[:2].zero_(), "Inplace update to inference tensor outside InferenceMode"),
    (lambda m: _inference_tensor(m).unsqueeze_(0), "Inplace update to inference tensor outside InferenceMode"),
    (lambda m: _inference_tensor(m).__setitem__(0, 1.0), "Inplace update to inference tensor outside InferenceMode"),
    (lambda m: (_inference_tensor(m) * m.ones(3, requires_grad=True)).sum(),
     "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode"),
    (lambda m: _inference_tensor(m).requires_grad_(),
     "Setting requires_grad=True on inference tensor outside InferenceMode is not allowed."),
    (_no_grad_view_modified, "A view was created in no_grad mode and is being modified inplace with grad mode enabled"),
    (_no_grad_view_of_plain_base_modified, "A view was created in no_grad mode and is being modified inplace"),
    (_no_grad_view_whose_base_changed, "A view was created in no_grad mode and its base or another view of its base "
                                       "has been modified inplace with grad mode enabled"),
    (lambda m: setattr(m.ones(2, requires_grad=True) * 2, "requires_grad", False),
     "you can only change requires_grad flags of leaf variables"),
    (lambda m: m.autograd.grad((m.ones(1, requires_grad=True) * 2).sum(), m.ones(1, requires_grad=True)),
     "The differentiated Tensor at index 0 appears to not have been used in the graph"),
    (lambda m: (lambda x: m.autograd.grad((x * 2).sum(), [x, m.ones(1, requires_grad=True)]))(
        m.ones(1, requires_grad=True)), "The differentiated Tensor at index 1 appears to not have been used"),
    (lambda m: m.autograd.grad((m.ones(1, requires_grad=True) * 2).sum(), m.ones(1)),
     "does not require grad"),
    (lambda m: m.ones(2, 3).view(4), "is invalid for input of size"),
    (lambda m: m.ones(2, 3).t().view(6), "view size is not compatible with input tensor's size and stride"),
    (lambda m: m.ones(2, dtype=m.int64).add_(1.5), "can't be cast to the desired output type"),
    (lambda m: m.ones(3).add_(m.ones(2, 3)), "doesn't match the broadcast shape"),
    (lambda m: m.ones(2, 3) + m.ones(4), "must match the size of tensor b"),
    (lambda m: m.ones(2, 3).mm(m.ones(2, 3)), "cannot be multiplied"),
    (lambda m: m.ones(2, requires_grad=True).numpy(), "Can't call numpy()"),
]


@pytest.mark.parametrize("i", range(len(ERRORS)))
def test_errors_match_torch(i):
    fn, phrase = ERRORS[i]
    raises_like_torch(fn, phrase)


def test_failed_inplace_leaves_tensor_unchanged():
    a = pullback.ones(2, dtype=pullback.int64)
    with pytest.raises(RuntimeError):
        a.add_(1.5)
    assert a.tolist() == [1, 1] and a._version == 0
    b = pullback.ones(3)
    with pytest.raises(RuntimeError):
        b.add_(pullback.ones(2, 3))
    assert b.tolist() == [1.0, 1.0, 1.0] and b._version == 0


# ---------------------------------------------------------------- grad mode is thread-local
def test_grad_mode_is_thread_local():
    seen = {}
    entered = threading.Event()
    release = threading.Event()

    def worker():
        x = pullback.ones(1, requires_grad=True)
        entered.set()
        release.wait(5)
        seen["worker"] = (x * 2).requires_grad

    t = threading.Thread(target=worker)
    with pullback.no_grad():
        t.start()
        entered.wait(5)
        release.set()
        t.join(5)
        seen["main"] = (pullback.ones(1, requires_grad=True) * 2).requires_grad
    assert seen == {"worker": True, "main": False}


def test_finite_differences_witness_for_the_tutorial_function():
    from oracle import gradcheck_fd
    gradcheck_fd(lambda m, x: (3 * (x + 2) ** 2).mean(), np.ones((2, 2)))
    gradcheck_fd(lambda m, a, b: a ** 2 + 3 * b + a * b, np.array(2.0), np.array(3.0))


def test_non_leaf_grad_access_warns_like_torch():
    texts = []
    for m in (torch, pullback):
        y = m.ones(2, requires_grad=True) * 2
        with pytest.warns(UserWarning, match="is not a leaf Tensor is being accessed") as rec:
            assert y.grad is None
        assert rec[0].filename == __file__
        texts.append(str(rec[0].message).split(" (Triggered internally")[0])  # torch names its build path
    assert texts[0] == texts[1]


# ---------------------------------------------------------------- grad-mode decorators and Variable
def _grad_mode_decorators(m):
    obs = []

    @m.set_grad_enabled(False)
    def f(x):
        return (x * 2).requires_grad, m.is_grad_enabled()
    obs.append(m.is_grad_enabled())  # decorating must not switch grad off for the caller
    x = m.ones(1, requires_grad=True)
    obs.append(f(x))
    obs.append(m.is_grad_enabled())

    @m.no_grad()
    def steps(x):
        for i in range(2):
            yield (x * i).requires_grad, m.is_grad_enabled()
        return "done"
    it = steps(x)
    obs.append(next(it))
    obs.append(((x * 2).requires_grad, m.is_grad_enabled()))  # between yields: the caller's mode
    obs.append(next(it))
    with pytest.raises(StopIteration) as info:
        next(it)
    obs.append(info.value.value)
    with m.inference_mode(False):
        obs.append((x * 2).requires_grad)
    with pytest.raises(TypeError) as info:
        m.set_grad_enabled("yes")
    obs.append(str(info.value))
    return obs


def test_grad_mode_decorators_match_torch():
    assert _grad_mode_decorators(pullback) == _grad_mode_decorators(torch)


def _decorator_outcomes(m):
    """What each grad-mode manager's constructor and decorator make of their arguments (a function, a class,
    anything else, None), with the warnings they give, as names: torch's are _contextlib's."""
    class Box:
        def __init__(self, value=1):
            self.value = value

    def f(v):
        return v, m.is_grad_enabled()

    calls = {
        "no_grad(f)": lambda: m.no_grad(f)(1), "no_grad(orig_func=f)": lambda: m.no_grad(orig_func=f)(2),
        "no_grad(1)": lambda: m.no_grad(1), "no_grad(1)()": lambda: m.no_grad(1)(),
        "no_grad(None)": lambda: m.no_grad(None), "no_grad(1, 2)": lambda: m.no_grad(1, 2),
        "no_grad(mode=1)": lambda: m.no_grad(mode=1), "no_grad(Box)": lambda: m.no_grad(Box)(5).value,
        "no_grad()(Box)": lambda: m.no_grad()(Box)(6).value, "enable_grad(None)": lambda: m.enable_grad(None),
        "enable_grad(f)": lambda: m.enable_grad(f)(3), "inference_mode(f)": lambda: m.inference_mode(f)(4),
        "inference_mode(1)": lambda: m.inference_mode(1), "inference_mode(None)": lambda: m.inference_mode(None),
        "inference_mode()(True)": lambda: m.inference_mode()(True),
        "inference_mode()(Box)": lambda: m.inference_mode()(Box)(7).value,
        "set_grad_enabled(f)": lambda: m.set_grad_enabled(f),
        "set_grad_enabled(False)(f)": lambda: m.set_grad_enabled(False)(f)(8),
        "no_grad()(f).__wrapped__": lambda: m.no_grad()(f).__wrapped__ is f,
    }
    seen = {}
    for name, call in calls.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                r = call()
                seen[name] = r if type(r) in (int, bool, tuple) else type(r).__name__
            except Exception as e:  # noqa: BLE001 - the error is the outcome compared
                seen[name] = f"{type(e).__name__}: {e}"
        seen[name] = (seen[name], [(w.category.__name__, str(w.message)) for w in caught], m.is_grad_enabled())
    return seen


def test_grad_mode_constructors_decorate_as_torch():
    assert _decorator_outcomes(pullback) == _decorator_outcomes(torch)


def test_variable_is_a_detached_leaf_sharing_data_as_torch():
    def story(m):
        x = m.ones(2, requires_grad=True)
        y = x * 2
        t = m.ones(2)
        obs = []
        for data, rg in ((x, False), (x, True), (y, False), (y, True), (t, False), (t, True)):
            v = m.autograd.Variable(data, requires_grad=rg)
            obs.append((v is data, v.requires_grad, v.is_leaf, v.grad_fn is None, v.data_ptr() == data.data_ptr()))
        with pytest.warns(UserWarning, match="volatile was removed"):
            m.autograd.Variable(t, volatile=True)
        obs.append((repr(m.contiguous_format), repr(m.channels_last),
                    m.ones(2, 3).t().clone(memory_format=m.contiguous_format).is_contiguous()))
        return obs
    assert story(pullback) == story(torch)


# next_functions lists one edge per tensor input of torch's op: numbers that torch wraps as tensors
# (x * 2) and absent optional tensors (a norm's weight) as (None, 0); dims, flags, exponents and
# index/mask/target tensors not at all
_EDGE_CASES = {
    "x * 2": lambda m, x, y: x * 2, "2 * x": lambda m, x, y: 2 * x, "2 + x": lambda m, x, y: 2 + x,
    "x - 2": lambda m, x, y: x - 2, "2 - x": lambda m, x, y: 2 - x, "2 / x": lambda m, x, y: 2 / x,
    "x ** 2": lambda m, x, y: x ** 2, "2 ** x": lambda m, x, y: 2 ** x, "x ** y": lambda m, x, y: x ** y,
    "add alpha": lambda m, x, y: x.add(2, alpha=3), "sub tensor alpha": lambda m, x, y: x.sub(y, alpha=2),
    "sum dim": lambda m, x, y: x.sum(0), "mean keepdim": lambda m, x, y: x.mean(1, True),
    "clamp": lambda m, x, y: x.clamp(0, 1), "clamp tensor": lambda m, x, y: x.clamp(y),
    "addcmul": lambda m, x, y: m.addcmul(x, x, y, value=2), "where": lambda m, x, y: m.where(x > 0, x, y),
    "where number": lambda m, x, y: m.where(x > 0, x, 2.0),
    "index_select": lambda m, x, y: x.index_select(0, m.tensor([0])),
    "gather": lambda m, x, y: x.gather(0, m.tensor([[0, 1, 0]])),
    "masked_fill": lambda m, x, y: x.masked_fill(x > 0, 1.0), "softmax": lambda m, x, y: x.softmax(1),
    "cross_entropy": lambda m, x, y: m.nn.functional.cross_entropy(x, m.tensor([0, 1])),
    "mse_loss": lambda m, x, y: m.nn.functional.mse_loss(x, y), "view": lambda m, x, y: x.view(-1),
    "cat": lambda m, x, y: m.cat([x, y]), "getitem": lambda m, x, y: x[0], "max dim": lambda m, x, y: x.max(1)[0],
    "lerp": lambda m, x, y: m.lerp(x, y, 0.5), "remainder": lambda m, x, y: x % 2,
    "xlogy number": lambda m, x, y: m.xlogy(2.0, x), "norm dim": lambda m, x, y: x.norm(dim=1),
    "leaky_relu": lambda m, x, y: m.nn.functional.leaky_relu(x, 0.1),
    "layer_norm": lambda m, x, y: m.nn.functional.layer_norm(x, (3,)),
    "layer_norm affine": lambda m, x, y: m.nn.functional.layer_norm(x, (3,), y[0], y[1]),
    "batch_norm": lambda m, x, y: m.nn.functional.batch_norm(x, None, None, training=True),
    "in place pow": lambda m, x, y: (x * 1).pow_(2),
}


@pytest.mark.parametrize("fn", list(_EDGE_CASES.values()), ids=list(_EDGE_CASES))
def test_next_functions_list_torchs_inputs(fn):
    def edges(m):
        x = m.tensor(np.arange(6.0).reshape(2, 3) / 7 + 0.1, requires_grad=True)
        y = m.tensor(np.full((2, 3), 0.5), requires_grad=True)
        node = fn(m, x, y).grad_fn
        return node.name(), [None if c is None else c.name() for c, _ in node.next_functions]
    assert edges(pullback) == edges(torch)


def test_inference_mode_marks_tensors_of_its_own_thread_only():
    seen = {}

    def other_thread(m):
        seen[m] = m.ones(1).is_inference()

    for m in (pullback, torch):
        @m.inference_mode()
        def made_inside():
            with m.inference_mode():  # nested: still inside after the inner block ends
                pass
            t = threading.Thread(target=other_thread, args=(m,))
            t.start()
            t.join()
            return m.ones(1).is_inference()

        assert made_inside()
        assert not m.ones(1).is_inference()
        try:
            with m.inference_mode():
                raise ValueError
        except ValueError:
            pass
        assert not m.ones(1).is_inference()  # the block closed on the exception
    assert seen == {pullback: False, torch: False}


def _view_without_history(m, how):
    x = m.tensor([1.0, -2.0, 3.0], requires_grad=True)
    if how == "no_grad view of a leaf":
        with m.no_grad():
            return x, x[:2]
    if how == "no_grad view of a result":
        y = x * 2
        with m.no_grad():
            return x, y[:2]
    base = m.tensor([1.0, -2.0, 3.0])
    v = base[:2]
    base.requires_grad_()  # the view was made before its base required grad
    return base, v


@pytest.mark.parametrize("how", ["no_grad view of a leaf", "no_grad view of a result", "view before requires_grad"])
def test_a_view_without_history_requires_grad_through_its_base(how):
    """As torch's: a floating view requires grad when its base does, even with no history; what is
    computed from it records a node whose edge for it goes nowhere, so no gradient reaches anything,
    and autograd.grad finds it unused."""
    seen = []
    for m in (torch, pullback):
        base, v = _view_without_history(m, how)
        z = v * 2
        observed = [v.requires_grad, v.grad_fn is None, v.is_leaf, repr(v).split(", ")[-1], z.requires_grad,
                    [e is None for e, _ in z.grad_fn.next_functions], v.view(m.int64).requires_grad]
        z.sum().backward()
        observed += [base.grad is None and v.grad is None, m.autograd.grad((v * 3).sum(), v, allow_unused=True)]
        with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
            m.autograd.grad((v * 3).sum(), v)
        v.requires_grad_(False)  # its own flag: the base's still shows through
        observed.append(v.requires_grad)
        seen.append(observed)
    assert seen[0] == seen[1]


def _node_types(m):
    x = m.ones(2, requires_grad=True)
    b = x.clone()
    b[0:1].mul_(2)

    class Twice(m.autograd.Function):
        @staticmethod
        def forward(ctx, t):
            return t * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    nodes = [(x ** 3).sum().grad_fn, (x * x).grad_fn.next_functions[0][0], b.grad_fn, x.exp().grad_fn,
             x.max(0).values.grad_fn, x.expand(3, 2).grad_fn, Twice.apply(x).grad_fn]
    shown = [(repr(type(n)), type(n).__name__) for n in nodes]
    try:
        nodes[0].no_such_attribute
    except AttributeError as e:
        shown.append(str(e))
    return shown


def test_node_classes_are_named_and_shown_as_torch_names_them():
    ours, theirs = _node_types(pullback), _node_types(torch)
    assert ours[:-2] == theirs[:-2] and ours[-1] == theirs[-1]
    # a custom Function's node is a Python class in both: its own module shows
    assert ours[-2][1] == theirs[-2][1] == "TwiceBackward"
    assert ours[-2][0] == "<class 'pullback.autograd.function.TwiceBackward'>"


def _multithreading_switch(m):
    seen = [m.autograd.is_multithreading_enabled()]
    with m.autograd.set_multithreading_enabled(False):
        seen.append(m.autograd.is_multithreading_enabled())
        other = []
        t = threading.Thread(target=lambda: other.append(m.autograd.is_multithreading_enabled()))
        t.start()
        t.join()
        seen += other  # thread-local: another thread keeps the default
    seen.append(m.autograd.is_multithreading_enabled())

    @m.autograd.set_multithreading_enabled(False)  # as torch's: decorating switches it, and it stays
    def inside():
        return m.autograd.is_multithreading_enabled()
    seen += [inside(), m.autograd.is_multithreading_enabled()]
    m.autograd.set_multithreading_enabled(True)
    x = m.ones(2, requires_grad=True)
    with m.autograd.set_multithreading_enabled(False):
        (x * 3).sum().backward()
    seen.append(x.grad.tolist())
    for bad in ("yes", 1, None):
        try:
            m.autograd.set_multithreading_enabled(bad)
        except TypeError as e:
            seen.append(str(e))
    return seen


def test_multithreading_switch_matches_torch():
    assert _multithreading_switch(pullback) == _multithreading_switch(torch)


@pytest.mark.parametrize("value", [1.5, None, 256, -1, 2, "x", [1], True])
@pytest.mark.parametrize("call", [
    lambda m, x, v: ((x * 2).sum().backward(retain_graph=v), x.grad)[1],
    lambda m, x, v: ((x * 2).sum().backward(create_graph=v), x.grad)[1],
    lambda m, x, v: m.autograd.grad((x * 2).sum(), x, allow_unused=v),
    lambda m, x, v: m.autograd.grad((x * 2).sum(), x, create_graph=v),
], ids=["backward retain_graph", "backward create_graph", "grad allow_unused", "grad create_graph"])
def test_engine_flags_are_read_as_torch_engine_call_reads_them(call, value):
    """torch's engine call takes its flags as an unsigned char: an integer 0-255 (any truthy one is True),
    a float or str its TypeError, a number out of range its OverflowError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (backward's create_graph warning)
        assert_same_outcome(lambda m: call(m, m.ones(2, requires_grad=True), value))


@pytest.mark.parametrize("value", [1, 0, "x", None, 1.0, np.True_, "tensor"])
@pytest.mark.parametrize("leaf", [True, False])
def test_requires_grad_takes_only_a_bool_as_torch(value, leaf):
    def assign(m):
        x = m.ones(2) if leaf else m.ones(2, requires_grad=True) * 2
        x.requires_grad = m.tensor(True) if isinstance(value, str) and value == "tensor" else value
    assert_same_outcome(assign)
