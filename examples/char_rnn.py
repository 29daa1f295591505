"""A character-level GRU language model trained on a short text bundled with the examples.

Embedding -> GRU -> Linear predicts the next character; training uses Adam with gradient
clipping (nn.utils.clip_grad_norm_). After training it samples new text from a prompt.
Run with `python examples/char_rnn.py`.
"""
import os

import numpy as np

import pullback as torch
import pullback.nn as nn
import pullback.nn.functional as F

TEXT = os.path.join(os.path.dirname(__file__), "data", "tiny_text.txt")


class CharGRU(nn.Module):
    def __init__(self, vocab_size, embed=32, hidden=128):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed)
        self.gru = nn.GRU(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab_size)

    def forward(self, x, h=None):
        out, h = self.gru(self.embed(x), h)
        return self.head(out), h


def load_text():
    text = open(TEXT, encoding="utf-8").read()
    chars = sorted(set(text))
    return text, chars, np.array([chars.index(c) for c in text])


def train(steps=300, seq_len=32, batch_size=16, lr=5e-3, seed=0, log_every=50):
    """Returns (model, chars, losses): losses[i] is the cross-entropy at step i (nats per character)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    text, chars, codes = load_text()
    model = CharGRU(len(chars))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        starts = rng.integers(0, len(codes) - seq_len - 1, batch_size)
        batch = torch.tensor(np.stack([codes[s:s + seq_len + 1] for s in starts]))
        logits, _ = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, len(chars)), batch[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses.append(loss.item())
        if log_every and step % log_every == 0:
            print(f"step {step:4d}  loss {loss.item():.3f}")
    return model, chars, losses


def sample(model, chars, prompt="The ", length=200, temperature=0.6, seed=0):
    """Continue `prompt` one character at a time, feeding the hidden state forward."""
    rng = np.random.default_rng(seed)
    model.eval()
    out = prompt
    with torch.no_grad():
        logits, h = model(torch.tensor([[chars.index(c) for c in prompt]]))
        for _ in range(length):
            p = F.softmax(logits[0, -1] / temperature, dim=-1).numpy().astype(np.float64)
            code = int(rng.choice(len(chars), p=p / p.sum()))
            out += chars[code]
            logits, h = model(torch.tensor([[code]]), h)
    model.train()
    return out


if __name__ == "__main__":
    model, chars, losses = train()
    print(f"loss: {losses[0]:.3f} -> {np.mean(losses[-20:]):.3f} nats/char")
    print(sample(model, chars))
