"""CosineSimilarity and PairwiseDistance between two inputs."""
from ._wrapper import FunctionalModule


class CosineSimilarity(FunctionalModule):
    """Cosine of the angle between x1 and x2 along `dim`."""
    _fn = "cosine_similarity"
    _options = (("dim", 1), ("eps", 1e-8))
    _positional = 2


class PairwiseDistance(FunctionalModule):
    """p-norm distance between x1 and x2 along the last dimension."""
    _fn = "pairwise_distance"
    _options = (("p", 2.0), ("eps", 1e-6), ("keepdim", False))
    _positional = 3
