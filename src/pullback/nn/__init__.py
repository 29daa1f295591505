"""torch.nn: Module, Parameter, the layers, functional, grad, init and utils."""
from . import attention, functional, grad, init, utils  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import module as _module_file
from .parameter import Buffer, Parameter, UninitializedBuffer, UninitializedParameter  # noqa: F401

Module = _module_file.Module
