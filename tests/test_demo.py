"""The digits demo (examples/train_digits.py), trained for a bounded number of epochs."""
import os
import sys

import pytest

import pullback

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
import train_digits  # noqa: E402


@pytest.fixture(scope="module")
def trained():
    return train_digits.train(epochs=5, progress=False)


def test_demo_reaches_high_test_accuracy(trained):
    model, history, accuracy = trained
    assert accuracy >= 0.97
    assert len(history["train"]) == len(history["val"]) == 5
    assert history["train"][-1] < history["train"][0] / 10


def test_demo_outputs_plot_graph_and_checkpoint(trained, tmp_path):
    model, history, accuracy = trained
    train_digits.plot_losses(history, tmp_path / "loss.png")
    assert (tmp_path / "loss.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    graphs = train_digits.save_graph(model, str(tmp_path / "graph"))
    assert graphs[0].endswith("graph.html") and all(os.path.getsize(g) > 0 for g in graphs)
    pullback.save(model.state_dict(), tmp_path / "cnn.pt")
    fresh = train_digits.DigitsCNN()
    fresh.load_state_dict(pullback.load(tmp_path / "cnn.pt"))
    fresh.eval()
    model.eval()
    x = pullback.rand(4, 1, 8, 8)
    assert (fresh(x) - model(x)).abs().max().item() == 0


def test_demo_respects_max_steps():
    _, history, _ = train_digits.train(epochs=5, max_steps=3, progress=False)
    assert len(history["train"]) == 1


def test_linear_regression_example_recovers_the_line():
    import linear_regression
    w, b, loss = linear_regression.fit(steps=200)
    assert abs(w - 2) < 0.05 and abs(b - 1) < 0.05 and loss < 0.02


def test_hvp_example_agrees_with_full_hessian_and_finite_differences():
    import numpy as np
    import hvp
    product, full, finite = hvp.main()
    np.testing.assert_allclose(product.numpy(), full.numpy(), rtol=1e-12)
    np.testing.assert_allclose(product.numpy(), finite.numpy(), rtol=1e-6, atol=1e-8)


def test_char_rnn_example_learns_and_samples():
    import char_rnn
    model, chars, losses = char_rnn.train(steps=40, seq_len=16, batch_size=8, log_every=0)
    assert sum(losses[-5:]) / 5 < 0.75 * losses[0]
    text = char_rnn.sample(model, chars, length=20)
    assert text.startswith("The ") and len(text) == 24 and set(text) <= set(chars)
