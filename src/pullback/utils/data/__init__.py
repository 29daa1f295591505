"""torch.utils.data: datasets, samplers, default collation and the DataLoader (single process), in
torch's modules (dataset, sampler, distributed, dataloader, _utils.collate), so that their import
paths work as torch's.

Random order comes from pullback's generators: reproducible under manual_seed or an explicit
Generator, though not the same numbers torch would draw.
"""
from . import _utils, dataloader, dataset, distributed, sampler  # noqa: F401 (torch's submodules)
from ._utils.collate import default_collate, default_convert
from ._utils.worker import get_worker_info
from .dataloader import DataLoader
from .dataset import (ChainDataset, ConcatDataset, Dataset, IterableDataset, StackDataset, Subset, TensorDataset,
                      random_split)
from .distributed import DistributedSampler
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, SubsetRandomSampler,
                      WeightedRandomSampler)

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "StackDataset", "Subset", "ConcatDataset", "ChainDataset",
           "random_split", "Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler", "DistributedSampler", "DataLoader", "default_collate",
           "default_convert", "get_worker_info"]
