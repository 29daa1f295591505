"""gradcheck / gradgradcheck against torch's verdicts and messages."""
import re

import numpy as np
import pytest
import torch

import pullback
from oracle import RNG


def square_fn(m, first_order_ok=True, second_order_ok=True):
    """x ** 2 with a backward that is right, wrong, or right but not differentiable (detach)."""
    class Square(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 2

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            if not first_order_ok:
                return g
            return g * 2 * (x if second_order_ok else x.detach())
    return Square.apply


CASES = {
    "mul and sum": lambda m: lambda x, y: (x * y.sin(), (x ** 3).sum()),
    "non-tensor argument": lambda m: lambda x, k: (x * k).tanh(),
    "matmul": lambda m: lambda a, b: m.matmul(a, b).exp(),
    "good Function": lambda m: square_fn(m),
    "wrong first order": lambda m: square_fn(m, first_order_ok=False),
    "not twice differentiable": lambda m: square_fn(m, second_order_ok=False),
}
ARGS = {
    "mul and sum": [(3,), (3,)], "non-tensor argument": [(2, 2), 3.0], "matmul": [(2, 3), (3, 2)],
    "good Function": [(4,)], "wrong first order": [(4,)], "not twice differentiable": [(4,)],
}


def make_args(m, key):
    return tuple(m.tensor(RNG_ARGS[key][i], dtype=m.float64, requires_grad=True) if isinstance(s, tuple) else s
                 for i, s in enumerate(ARGS[key]))


RNG_ARGS = {k: [RNG.uniform(0.5, 1.5, s) if isinstance(s, tuple) else s for s in v] for k, v in ARGS.items()}


def verdict(m, check, key):
    fn = getattr(m.autograd, check)
    try:
        return fn(CASES[key](m), make_args(m, key)), None
    except RuntimeError as e:
        return type(e).__name__, str(e).split("\n")[0]


@pytest.mark.parametrize("check", ["gradcheck", "gradgradcheck"])
@pytest.mark.parametrize("key", list(CASES))
def test_verdicts_and_first_line_match_torch(check, key):
    assert verdict(pullback, check, key) == verdict(torch, check, key)


def test_report_names_the_element_and_error_class():
    from pullback.autograd.gradcheck import GradcheckError
    with pytest.raises(GradcheckError) as info:
        pullback.autograd.gradcheck(square_fn(pullback, first_order_ok=False),
                                    (pullback.tensor([1.0, 2.0], dtype=pullback.float64, requires_grad=True),))
    assert isinstance(info.value, RuntimeError)
    assert "numerical:tensor([[2.0000, 0.0000],\n        [0.0000, 4.0000]], dtype=torch.float64)" in str(info.value)
    assert "input 0 element 0 (flat) vs output 0 element 0 (flat)" in str(info.value)
    assert pullback.autograd.gradcheck(square_fn(pullback, first_order_ok=False),
                                       (pullback.ones(2, dtype=pullback.float64, requires_grad=True),),
                                       raise_exception=False) is False


@pytest.mark.parametrize("fn, args, exc, phrase", [
    (lambda m: lambda x: x * 2, lambda m: (m.ones(2, dtype=m.float64),), ValueError,
     "gradcheck expects at least one input tensor to require gradient"),
    (lambda m: lambda x: x.detach() * 2, lambda m: (m.ones(2, dtype=m.float64, requires_grad=True),), RuntimeError,
     "Numerical gradient for function expected to be zero"),
])
def test_errors(fn, args, exc, phrase):
    for m in (pullback, torch):
        with pytest.raises(exc, match=phrase):
            m.autograd.gradcheck(fn(m), args(m))


def test_single_precision_input_warns_like_torch():
    for m in (pullback, torch):
        with pytest.warns(UserWarning, match="Input #0 requires gradient and is not a double precision"):
            m.autograd.gradcheck(lambda x: x * 2, (m.ones(2, requires_grad=True),), raise_exception=False)


def test_every_first_order_op_on_a_small_table_passes():
    fns = [lambda x: x.exp(), lambda x: x.sigmoid(), lambda x: (x * x).mean(), lambda x: x.reshape(2, 2).t(),
           lambda x: x.clamp(0.7, 1.2), lambda x: x.tanh().pow(3)]
    x = pullback.tensor(np.array([0.6, 0.9, 1.1, 1.4]), requires_grad=True)
    for f in fns:
        assert pullback.autograd.gradcheck(f, (x,)) and pullback.autograd.gradgradcheck(f, (x,))


def forward_mode_fn(m, jvp_ok):
    """x ** 2 with a right backward and a right or wrong jvp."""
    class Square(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            ctx.x = x  # torch's jvp reads no saved_tensors unless save_for_forward
            return x ** 2

        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 2 * x

        @staticmethod
        def jvp(ctx, t):
            return t * 2 * ctx.x if jvp_ok else t
    return Square.apply


@pytest.mark.parametrize("fn", [
    lambda m: forward_mode_fn(m, True),
    lambda m: forward_mode_fn(m, False),
    lambda m: lambda x, y: (x.sin() * y, (x * x).sum()),
])
def test_check_forward_ad_matches_torch(fn):
    def verdict(m):
        args = tuple(m.tensor(a, dtype=m.float64, requires_grad=True) for a in (RNG_ARGS["mul and sum"]))
        f = fn(m)
        if f.__name__ == "apply":
            args = args[:1]
        try:
            return m.autograd.gradcheck(f, args, check_forward_ad=True, check_backward_ad=False), None
        except RuntimeError as e:
            return type(e).__name__, str(e).split("\n")[0]
    assert verdict(pullback) == verdict(torch)


def test_nondeterministic_and_unscaled_backwards_are_caught_like_torch():
    verdicts = {}
    for m in (pullback, torch):
        calls = [0]

        class Drifting(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 2

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                calls[0] += 1
                return g * 2 * x + calls[0] * 1e-4  # differs per call, and ignores a zero g
        x = m.tensor([1.0, 2.0], dtype=m.float64, requires_grad=True)
        first = verdict_of(lambda: m.autograd.gradcheck(Drifting.apply, (x,), atol=1e-2))
        second = verdict_of(lambda: m.autograd.gradcheck(Drifting.apply, (x,), atol=1e-2, nondet_tol=1e-2))
        verdicts[m] = (first, second)
    assert verdicts[pullback] == verdicts[torch]
    assert verdicts[torch][0][1].startswith("Backward is not reentrant")
    assert verdicts[torch][1][1] == "backward not multiplied by grad_output"


def verdict_of(call):
    try:
        return call(), None
    except RuntimeError as e:
        return type(e).__name__, str(e).split("\n")[0]


def test_gradcheck_stays_the_function_whatever_is_imported_first():
    import subprocess
    import sys
    code = ("from pullback.autograd.gradcheck import GradcheckError\n"
            "import pullback\n"
            "assert callable(pullback.autograd.gradcheck) and callable(pullback.autograd.gradgradcheck)\n")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


@pytest.mark.parametrize("fn", [
    lambda m: lambda x: (x * 2, x.detach() * 2),       # a detached output next to a differentiable one
    lambda m: lambda x: (x * 2, (x > 1.5).long()),     # an integer output that jumps under the step
    lambda m: lambda x: m.ones(3, dtype=m.float64),    # no differentiable output, constant
])
def test_outputs_that_do_not_require_grad_are_only_checked_when_nothing_else_is(fn):
    for m in (pullback, torch):
        x = m.tensor([1.0, 1.5, 3.0], dtype=m.float64, requires_grad=True)
        assert m.autograd.gradcheck(fn(m), (x,)) is True


def test_report_names_a_later_input_and_element_in_plain_numbers():
    def bad_second(m):
        wrong = square_fn(m, first_order_ok=False)
        return lambda a, b: a * 3 + wrong(b)
    lines = {}
    for m in (pullback, torch):
        args = (m.tensor([1.0, 2.0], dtype=m.float64, requires_grad=True),
                m.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=m.float64, requires_grad=True))
        with pytest.raises(RuntimeError) as info:
            m.autograd.gradcheck(bad_second(m), args)
        lines[m] = str(info.value).split("\n")
    assert lines[pullback][0] == lines[torch][0] == "Jacobian mismatch for output 0 with respect to input 1,"
    first = next(line for line in lines[pullback] if line.startswith("First disagreement"))
    assert re.fullmatch(r"First disagreement: input 1 element 0 \(flat\) vs output 0 element 0 \(flat\): "
                        r"numerical 2\.00000\d*, analytical 1\.0\.", first), first
