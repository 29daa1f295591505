"""torch._tensor_str's public names: the print options that code reaches through torch._tensor_str."""
from ._printing import PRINT_OPTS, get_printoptions, printoptions, set_printoptions

__all__ = ["PRINT_OPTS", "get_printoptions", "printoptions", "set_printoptions"]
