r"""torch.profiler: profile pullback's ops, their backward nodes and record_function ranges.

``profile`` (a context manager, with ``schedule``/``step``/``on_trace_ready``), ``key_averages().table()``
as torch prints it, and ``export_chrome_trace`` (Chrome's JSON). CPU is the one activity.
"""
# torch.profiler's namespace, names beyond __all__ included (RecordScope, itt, _KinetoProfile...)
from ..autograd._profiler_types import DeviceType, ProfilerActivity, RecordScope  # noqa: F401
from ..autograd.profiler import KinetoStepTracker, _ExperimentalConfig, kineto_available, record_function  # noqa: F401
from . import itt  # noqa: F401
from .profiler import (ExecutionTraceObserver, ProfilerAction, _KinetoProfile, profile, schedule,  # noqa: F401
                       supported_activities, tensorboard_trace_handler)

__all__ = ["profile", "schedule", "supported_activities", "tensorboard_trace_handler", "ProfilerAction",
           "ProfilerActivity", "kineto_available", "DeviceType", "record_function", "ExecutionTraceObserver"]
