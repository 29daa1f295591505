"""Anomaly detection against torch: NaN in backward names the node and shows the forward stack."""
import warnings

import pytest
import torch

import pullback


def nan_backward(m):
    x = m.tensor([0.0, 1.0], requires_grad=True)
    y = x * float("nan")  # the line the warning must point at
    return y.sum()


@pytest.mark.parametrize("style", ["detect_anomaly", "set_detect_anomaly"])
def test_nan_in_backward_names_the_node_and_shows_the_forward_line(style):
    messages = {}
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ctx = m.autograd.detect_anomaly() if style == "detect_anomaly" else m.autograd.set_detect_anomaly(True)
            with ctx:
                loss = nan_backward(m)
                with pytest.raises(RuntimeError) as info:
                    loss.backward()
        stack_warnings = [str(w.message) for w in caught if "Error detected in" in str(w.message)]
        assert len(stack_warnings) == 1, [str(w.message) for w in caught]
        assert 'y = x * float("nan")  # the line the warning must point at' in stack_warnings[0]
        messages[m] = (str(info.value), stack_warnings[0].split("\n")[0])
        assert not m.is_anomaly_enabled()
    assert messages[pullback] == messages[torch]
    assert messages[pullback][0] == "Function 'MulBackward0' returned nan values in its 0th output."


def test_without_anomaly_mode_nan_passes_silently_and_no_stack_is_kept():
    for m in (pullback, torch):
        loss = nan_backward(m)
        loss.backward()
    assert "traceback_" not in (pullback.tensor([1.0], requires_grad=True) * 2).grad_fn.metadata


def test_check_nan_false_and_other_errors_show_the_stack():
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with m.autograd.detect_anomaly(check_nan=False):
                nan_backward(m).backward()  # NaN allowed
                x = m.ones(2, requires_grad=True)
                c = x * 1
                y = c.sin()
                c.add_(1)
                with pytest.raises(RuntimeError, match="modified by an inplace operation"):
                    y.sum().backward()
        assert any("Error detected in SinBackward0" in str(w.message) for w in caught)
        assert any("Anomaly Detection has been enabled" in str(w.message) for w in caught)


def test_anomaly_in_a_custom_function_backward():
    names = {}
    for m in (pullback, torch):
        class Bad(m.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 1

            @staticmethod
            def backward(ctx, g):
                return g * float("nan")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with m.autograd.detect_anomaly():
                with pytest.raises(RuntimeError) as info:
                    Bad.apply(m.ones(2, requires_grad=True)).sum().backward()
        names[m] = str(info.value)
    assert names[pullback] == names[torch] == "Function 'BadBackward' returned nan values in its 0th output."


def test_nan_in_a_node_made_by_backward_also_shows_the_forward_that_induced_it():
    """create_graph: the failing DivBackward0 was made by SqrtBackward0's formula; torch's second
    warning points at the forward line of the sqrt."""
    seen = {}
    for m in (pullback, torch):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            x = m.tensor([0.0, 1.0], requires_grad=True)
            with m.autograd.detect_anomaly():
                y = x.sqrt().sum()  # the forward call that induced the failing node
                g, = m.autograd.grad(y, x, create_graph=True)
                with pytest.raises(RuntimeError) as info:
                    (g * 0).sum().backward()
        texts = [str(w.message) for w in caught if "Error detected" in str(w.message) or "Previous" in str(w.message)]
        assert len(texts) == 2, texts
        assert "g, = m.autograd.grad(y, x, create_graph=True)" in texts[0]
        assert "y = x.sqrt().sum()  # the forward call that induced the failing node" in texts[1]
        seen[m] = (str(info.value), texts[0].split("\n")[0], texts[1].strip().split("\n")[0])
    assert seen[pullback] == seen[torch]
    assert seen[torch][2] == ("Previous calculation was induced by SqrtBackward0. Traceback of forward call that "
                              "induced the previous calculation:")


def test_a_multi_output_node_without_derivative_raises_torchs_error_under_anomaly_mode():
    # anomaly mode runs every node through the engine's general path, which hands it all outputs' gradients
    a = [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]]
    for m in (pullback, torch):
        x = m.tensor(a, dtype=m.float64, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with m.autograd.detect_anomaly():
                with pytest.raises(RuntimeError, match="derivative for aten::linalg_ldl_factor_ex is not implemented"):
                    m.linalg.ldl_factor_ex(x)[0].sum().backward()
