"""Anomaly detection: remember where each node was created, and name the node that fails.

While enabled, every recorded node keeps the Python stack of the forward call that created
it; if running a node in backward raises, or (with check_nan) returns NaN, that stack is
shown as a warning, and NaN raises "Function 'XBackward0' returned nan values in its 0th
output.", as torch does. Recording costs one flag test per node while disabled.
"""
import os
import threading
import traceback
import warnings

import numpy as np

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled", "is_anomaly_check_nan_enabled"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class _State(threading.local):
    enabled = False
    check_nan = True


_state = _State()


def is_anomaly_enabled():
    return _state.enabled


def is_anomaly_check_nan_enabled():
    return _state.check_nan


def set_anomaly_enabled(enabled, check_nan=True):
    _state.enabled = bool(enabled)
    _state.check_nan = bool(check_nan)


class detect_anomaly:
    """Context manager (and decorator) that turns anomaly detection on in its block."""

    def __init__(self, check_nan=True):
        self.prev = (_state.enabled, _state.check_nan)
        self.check_nan = check_nan
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
                      "enabled for debugging.", stacklevel=2)

    def __enter__(self):
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc):
        set_anomaly_enabled(*self.prev)

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Sets anomaly detection on or off at once; as a context manager, restores it on exit."""

    def __init__(self, mode, check_nan=True):
        self.prev = (_state.enabled, _state.check_nan)
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        set_anomaly_enabled(*self.prev)


_running = []  # nodes whose backward is running (innermost last), while anomaly mode is on


def record_stack(node):
    """Keep the user's part of the current stack on a node being created, and, for a node made
    by another node's backward (create_graph), that node as its parent (torch's `parent_`)."""
    frames = [f for f in traceback.extract_stack()[:-1] if not f.filename.startswith(_PACKAGE_DIR)]
    node.metadata["traceback_"] = traceback.format_list(frames)
    if _running:
        node.metadata["parent_"] = _running[-1]


def run_checked(run, node, *args, release=None):
    """Run a node as the engine would; on error or NaN, show where the node was created (and,
    for a node created by a backward, the forward calls that induced it). `release(node)`, if
    given, frees what the node saved before its gradients are checked, as torch's engine does."""
    _running.append(node)
    try:
        outs = run(node, *args)
        if release is not None:
            release(node)
        if outs is not None and _state.check_nan:
            for i, g in enumerate(outs):
                if g is not None and g._data.dtype.kind == "f" and np.isnan(g._data).any():
                    raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
        return outs
    except Exception:
        stack = node.metadata.get("traceback_")
        if stack is not None:
            warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n"
                          + "".join(stack), stacklevel=2)
            parent = node.metadata.get("parent_")
            while parent is not None and "traceback_" in parent.metadata:
                warnings.warn(f"\n\nPrevious calculation was induced by {parent.name()}. Traceback of forward call "
                              "that induced the previous calculation:\n" + "".join(parent.metadata["traceback_"]),
                              stacklevel=2)
                parent = parent.metadata.get("parent_")
        else:  # a node recorded outside anomaly mode
            warnings.warn(f"Error detected in {node.name()}. No forward pass information available. Enable detect "
                          "anomaly during forward pass for more information.", stacklevel=2)
        raise
    finally:
        _running.pop()
