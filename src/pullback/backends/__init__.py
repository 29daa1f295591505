"""torch.backends: the switches training scripts set for accelerator libraries. pullback runs on
NumPy on the CPU, so none of these libraries is there; the flags can be read and set (scripts that
write `torch.backends.cudnn.benchmark = True` run unchanged) and change nothing."""
from . import cuda, cudnn, mps

__all__ = ["cuda", "cudnn", "mps"]
