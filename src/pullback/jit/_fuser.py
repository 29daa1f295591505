"""The JIT's executor and fuser settings: recorded and validated as torch does; eager code has nothing to fuse."""
import contextlib
import warnings

_settings = {"optimize": True, "onednn": False, "strategy": [("STATIC", 2), ("DYNAMIC", 10)]}


@contextlib.contextmanager
def optimized_execution(should_optimize):
    """Whether the JIT executor optimizes graphs, within the block (recorded: eager runs are not optimized)."""
    stored, _settings["optimize"] = _settings["optimize"], should_optimize
    try:
        yield
    finally:
        _settings["optimize"] = stored


@contextlib.contextmanager
def fuser(name):
    """Select a fuser within the block: "fuser0", "fuser1", "fuser2", "fuser3" or "none" (no effect here)."""
    if name not in ("fuser0", "fuser1", "fuser2", "fuser3", "none"):
        raise Exception(f"unrecognized fuser option (name: {name})")  # noqa: TRY002 - torch raises Exception
    stored = _settings["onednn"]
    _settings["onednn"] = name == "fuser3"
    try:
        yield
    finally:
        _settings["onednn"] = stored


def set_fusion_strategy(strategy):
    """Set the fusion specializations [(type, depth)...]; returns the previous strategy, as torch does."""
    warnings.warn("`torch.jit.set_fusion_strategy` is deprecated. Please use `torch.compile` instead.",
                  DeprecationWarning)
    for kind, _ in strategy:
        if kind not in ("STATIC", "DYNAMIC"):
            raise ValueError(f"FusionBehavior only supported 'STATIC' or 'DYNAMIC', got: {kind}")
    previous, _settings["strategy"] = _settings["strategy"], [(kind, int(depth)) for kind, depth in strategy]
    return previous


def enable_onednn_fusion(enabled):
    """Record whether oneDNN fusion is enabled."""
    _settings["onednn"] = bool(enabled)


def onednn_fusion_enabled():
    """Whether enable_onednn_fusion(True) was called."""
    return _settings["onednn"]


def last_executed_optimized_graph():
    raise RuntimeError("pullback runs TorchScript code eagerly and has no TorchScript IR, so no optimized graph "
                       "was executed")
