"""torch.jit.save / load: TorchScript archives hold compiled TorchScript code, which pullback cannot write or run."""
import os
import warnings

_USE_TORCH_SAVE = ("pullback has no TorchScript, so it cannot {}: save the module's weights with "
                   "torch.save(module.state_dict(), f) and load them with module.load_state_dict(torch.load(f)) into "
                   "a module built from its Python class")


def save(m, f, _extra_files=None):
    """torch.jit.save: refused (no TorchScript archive can be written without TorchScript code)."""
    warnings.warn("`torch.jit.save` is deprecated. Please switch to `torch.export`.", DeprecationWarning)
    if isinstance(f, (str, os.PathLike)):
        return m.save(f, _extra_files=_extra_files or {})  # a module that is not scripted has no save, as in torch
    return m.save_to_buffer(_extra_files=_extra_files or {})


def load(f, map_location=None, _extra_files=None, _restore_shapes=False):
    """torch.jit.load: refused (a TorchScript archive's code needs the TorchScript interpreter)."""
    warnings.warn("`torch.jit.load` is deprecated. Please switch to `torch.export`.", DeprecationWarning)
    if isinstance(f, (str, os.PathLike)):
        if not os.path.exists(f):
            raise ValueError(f"The provided filename {f} does not exist")
        if os.path.isdir(f):
            raise ValueError(f"The provided filename {f} is a directory")
    raise RuntimeError(_USE_TORCH_SAVE.format("load a TorchScript archive (torch.jit.save's format)"))
