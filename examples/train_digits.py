"""Train a small convolutional network on scikit-learn's handwritten digits, with pullback.

The code is ordinary PyTorch (`import pullback as torch`): nn.Module, Conv2d, DataLoader, Adam,
a learning-rate schedule, state_dict checkpointing. The 1797 8x8 images ship with scikit-learn,
so nothing is downloaded. Prints the test accuracy and writes into out/:
    digits_loss.png     training and validation loss per epoch
    digits_graph.html   the computation graph of one forward pass (pullback.viz), and
    digits_graph.png    the same as an image when Graphviz's `dot` is installed
    digits_cnn.pt       the trained weights (pullback.save)
Run with `python examples/train_digits.py` (about a minute on two cores).
"""
import os
import time

import numpy as np

import pullback as torch
import pullback.nn as nn
import pullback.nn.functional as F
from pullback.utils.data import DataLoader, TensorDataset, random_split

OUT = "out"


class DigitsCNN(nn.Module):
    """Two conv blocks (8x8 -> 4x4 -> 2x2) and a two-layer classifier head."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(32 * 2 * 2, 64), nn.ReLU(), nn.Dropout(0.2),
                                        nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def load_digits(seed=0):
    """Train / validation / test splits (70 / 10 / 20 %) of the digits as TensorDatasets."""
    from sklearn.datasets import load_digits as sklearn_digits
    digits = sklearn_digits()
    images = torch.tensor(digits.images.astype(np.float32) / 16.0).unsqueeze(1)  # (N, 1, 8, 8) in [0, 1]
    labels = torch.tensor(digits.target)
    dataset = TensorDataset(images, labels)
    return random_split(dataset, [0.7, 0.1, 0.2], generator=torch.Generator().manual_seed(seed))


def evaluate(model, loader):
    """(mean cross-entropy, accuracy) over a loader, in eval mode and without building a graph."""
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            logits = model(images)
            total_loss += F.cross_entropy(logits, labels, reduction="sum").item()
            correct += (logits.argmax(dim=1) == labels).sum().item()
            count += len(labels)
    model.train()
    return total_loss / count, correct / count


def train(epochs=12, batch_size=32, lr=3e-3, max_steps=None, seed=0, progress=True):
    """Train DigitsCNN; returns (model, history, test accuracy). max_steps bounds the optimizer steps."""
    torch.manual_seed(seed)
    train_set, val_set, test_set = load_digits(seed)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                              generator=torch.Generator().manual_seed(seed))
    val_loader = DataLoader(val_set, batch_size=256)
    test_loader = DataLoader(test_set, batch_size=256)
    model = DigitsCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, epochs=epochs,
                                                    steps_per_epoch=len(train_loader))
    history = {"train": [], "val": []}
    steps = 0
    for epoch in range(epochs):
        batches = train_loader
        if progress:
            from tqdm import tqdm
            batches = tqdm(train_loader, desc=f"epoch {epoch + 1:2d}/{epochs}", leave=True)
        running, seen = 0.0, 0
        for images, labels in batches:
            loss = F.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += loss.item() * len(labels)
            seen += len(labels)
            steps += 1
            if progress:
                batches.set_postfix(loss=f"{running / seen:.4f}", refresh=False)  # redrawn at tqdm's own pace
            if max_steps is not None and steps >= max_steps:
                break
        history["train"].append(running / seen)
        history["val"].append(evaluate(model, val_loader)[0])
        if max_steps is not None and steps >= max_steps:
            break
    return model, history, evaluate(model, test_loader)[1]


def plot_losses(history, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    epochs = range(1, len(history["train"]) + 1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(epochs, history["train"], marker="o", label="training")
    ax.plot(epochs, history["val"], marker="o", label="validation")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.set_title("Digits CNN trained with pullback")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def save_graph(model, stem):
    """The backward graph of one forward pass, drawn by pullback.viz: stem.html, and stem.png when
    Graphviz is installed. Returns the paths written."""
    from pullback import viz
    model.eval()
    loss = F.cross_entropy(model(torch.zeros(1, 1, 8, 8)), torch.tensor([0]))
    model.train()
    graph = viz.graph(loss, params=model.named_parameters())
    written = [graph.save(stem + ".html")]
    try:
        written.append(graph.save(stem + ".png"))
    except viz.ExecutableNotFound:
        pass
    return written


def main():
    start = time.time()
    model, history, accuracy = train()
    os.makedirs(OUT, exist_ok=True)
    plot_losses(history, os.path.join(OUT, "digits_loss.png"))
    torch.save(model.state_dict(), os.path.join(OUT, "digits_cnn.pt"))
    graphs = save_graph(model, os.path.join(OUT, "digits_graph"))
    print(f"test accuracy: {accuracy:.2%}  ({time.time() - start:.0f} s)")
    print("wrote " + ", ".join([f"{OUT}/digits_loss.png", f"{OUT}/digits_cnn.pt"] + graphs))


if __name__ == "__main__":
    main()
