"""torch.autograd.profiler: the profile context manager (the backend of torch.profiler), record_function,
and the NVTX/ITT annotators, profiling pullback's own ops (see pullback/_profiling.py for what is
recorded and how it hooks in). Adapted from torch/autograd/profiler.py (BSD-3-Clause, (c) PyTorch
contributors): same arguments, checks, warnings and errors; kineto's results are pullback's recorder's.
"""
import copy
import uuid
from collections import defaultdict
from contextlib import ContextDecorator as _ContextDecorator
from dataclasses import dataclass
from time import perf_counter_ns
from warnings import warn

from ._profiler_types import DeviceType, ProfilerActivity
from .profiler_util import (MEMORY_EVENT_NAME, OUT_OF_MEMORY_EVENT_NAME, EventList, FunctionEvent,  # noqa: F401
                            MemRecordsAcc, _filter_name, _filter_stack_entry, _rewrite_name)  # (torch's names here)

__all__ = ["profile", "record_function", "emit_itt", "emit_nvtx", "load_nvprof", "EnforceUnique",
           "parse_nvprof_trace", "KinetoStepTracker", "EventList", "FunctionEvent", "MemRecordsAcc"]


def kineto_available():
    """Whether the Kineto profiler backs torch.profiler: pullback's recorder stands in for it."""
    return True


def _supported_activities():
    return {ProfilerActivity.CPU}


class _ExperimentalConfig:
    """An experimental config for Kineto features (accepted as torch's; pullback uses trace_only)."""

    def __init__(self, profiler_metrics=(), profiler_measure_per_kernel=False, verbose=False, performance_events=(),
                 enable_cuda_sync_events=False, adjust_profiler_step=False, disable_external_correlation=False,
                 profile_all_threads=False, capture_overload_names=False, record_python_gc_info=False,
                 expose_kineto_event_metadata=False, custom_profiler_config="", adjust_timestamps=False,
                 trace_only=False):
        self.custom_profiler_config = custom_profiler_config
        self.trace_only = trace_only


def _kineto_step():
    """Kineto's step counter: nothing counts steps here."""


# global python state - whether profiler is currently enabled
# useful for fast python checks to reduce latency
_is_profiler_enabled: bool = False


def _set_is_profiler_enabled(enable: bool):
    global _is_profiler_enabled
    _is_profiler_enabled = enable


def _run_on_profiler_start():
    _set_is_profiler_enabled(True)


def _run_on_profiler_stop():
    _set_is_profiler_enabled(False)


def _recorder():
    from .. import _profiling  # the op table's hooks: imported when a profile first starts
    return _profiling


@dataclass
class _ProfilerStats:
    "Profiler timing and stats used by developers to catch issues/regressions"

    profiling_window_duration_sec: float = 0
    number_of_events: int = 0
    profiler_prepare_call_duration_us: int = 0
    profiler_enable_call_duration_us: int = 0
    profiler_disable_call_duration_us: int = 0
    parse_kineto_call_duration_us: int = 0
    function_events_build_tree_call_duration_us: int = 0


class profile:
    """Context manager that manages autograd profiler state and holds a summary of results.

    .. note::
        This is the backend, most people should use :mod:`torch.profiler` instead.

    It records every op pullback runs (``aten::<op>`` events, nested as they call each other),
    each backward node the engine runs, and record_function ranges, from the thread that started
    it; ``key_averages().table()`` prints them as torch prints its own.

    Args:
        enabled (bool, optional): Setting this to False makes this context manager a no-op.
        use_cuda (bool, optional): deprecated; there is no CUDA here (a warning, then CPU only).
        use_device (str, optional): 'cuda', 'xpu', 'mtia', 'hpu': none is available here.
        record_shapes (bool, optional): record each op's input shapes (and types), for
            ``key_averages(group_by_input_shape=True)``.
        with_flops (bool, optional): estimate the FLOPs of matrix products, 2-d convolutions and
            elementwise mul/add from their input shapes, as torch's formulas do.
        profile_memory (bool, optional): the bytes of new memory each op's outputs hold.
        with_stack (bool, optional): record the Python frames calling each op.
        with_modules (bool): accepted, as torch's (TorchScript only).
        use_kineto, use_cpu, experimental_config, acc_events, custom_trace_id_callback,
        post_processing_timeout_s: as torch's.
    """

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 experimental_config=None, acc_events=False, custom_trace_id_callback=None,
                 post_processing_timeout_s=None, activity_filters=None):
        self.enabled: bool = enabled
        if not self.enabled:
            return
        self.use_cuda = use_cuda
        if self.use_cuda:
            warn("The attribute `use_cuda` will be deprecated soon, please use ``use_device = 'cuda'`` instead.",
                 FutureWarning, stacklevel=2)
            self.use_device = "cuda"
        else:
            self.use_device = use_device
        self._function_events = None
        self._old_function_events = None
        # Function event processing is done lazily
        self._needs_processing = False
        self.entered = False
        self.record_shapes = record_shapes
        self.with_flops = with_flops
        self.record_shapes |= self.with_flops
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_modules = with_modules
        self.use_cpu = use_cpu
        self.acc_events = acc_events
        if experimental_config is None:
            experimental_config = _ExperimentalConfig()
        if experimental_config.trace_only and with_stack:
            warn("trace_only=True is incompatible with with_stack=True (stack traces require event post-processing). "
                 "Disabling trace_only.")
            experimental_config = copy.copy(experimental_config)
            experimental_config.trace_only = False
        self.experimental_config = experimental_config
        self.kineto_results = None
        self.profiling_start_time_ns = 0
        self.profiling_end_time_ns = 0
        self._stats = _ProfilerStats()
        self.custom_trace_id_callback = custom_trace_id_callback
        self.post_processing_timeout_s = post_processing_timeout_s
        self.activity_filters = activity_filters or {}
        self.trace_id = ""
        self._session = None
        if not self.use_cpu:
            if not use_kineto:
                raise AssertionError("Device-only events supported only with Kineto (use_kineto=True)")

        if self.use_device is not None:
            VALID_DEVICE_OPTIONS = ["cuda", "xpu", "mtia", "hpu"]
            if self.use_device not in VALID_DEVICE_OPTIONS:
                warn(f"The {self.use_device} is not a valid device option.", stacklevel=2)
                self.use_device = None

            if self.use_device == "cuda":
                warn("CUDA is not available, disabling CUDA profiling", stacklevel=2)
                self.use_cuda = False
                self.use_device = None

            if self.use_device == "xpu":
                warn("XPU is not available, disabling XPU profiling", stacklevel=2)
                self.use_device = None

            if self.use_device == "hpu":
                warn("HPU is not available, disabling HPU profiling", stacklevel=2)
                self.use_device = None

        self.kineto_activities = set()
        if self.use_cpu:
            self.kineto_activities.add(ProfilerActivity.CPU)

        if self.use_device == "mtia":
            raise AssertionError("Legacy MTIA profiling is not supported. Requires use_kineto=True on MTIA devices.")

        if len(self.kineto_activities) == 0:
            raise AssertionError("No activities specified for the profiler")

        if self.post_processing_timeout_s is not None and self.post_processing_timeout_s < 0:
            raise ValueError("post_processing_timeout_s must be non-negative")

    def default_trace_id(self):
        # Generate a UUID
        uuid_raw = uuid.uuid4()

        return f"{uuid_raw.int:032X}"

    def create_trace_id(self):
        if self.custom_trace_id_callback:
            return self.custom_trace_id_callback()
        return self.default_trace_id()

    def __enter__(self):
        if not self.enabled:
            return
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self._prepare_trace()
        self._start_trace()
        return self

    def _prepare_trace(self):
        self.entered = True
        t0 = perf_counter_ns()
        self.trace_id = self.create_trace_id()
        t1 = perf_counter_ns()
        self._stats.profiler_prepare_call_duration_us = int((t1 - t0) / 1000)

    def _start_trace(self):
        self.entered = True
        _run_on_profiler_start()
        t0 = perf_counter_ns()
        if ProfilerActivity.CPU in self.kineto_activities and self._session is None:
            self._session = _recorder().start(self.record_shapes, self.profile_memory, self.with_stack,
                                              self.with_flops)
        t1 = perf_counter_ns()
        self._stats.profiler_enable_call_duration_us = int((t1 - t0) / 1000)
        self.profiling_start_time_ns = t1

    def __exit__(self, exc_type, exc_val, exc_tb):
        if not self.enabled:
            return
        if self._function_events and self.acc_events:
            self._old_function_events = self._function_events
        self._function_events = None
        self._needs_processing = True

        t0 = perf_counter_ns()

        session, self._session = self._session, None
        self.kineto_results = _recorder().stop(session) if session is not None else None
        t1 = perf_counter_ns()
        self._stats.profiler_disable_call_duration_us = int((t1 - t0) / 1000)
        self.profiling_end_time_ns = t0

        _run_on_profiler_stop()

        self._stats.profiling_window_duration_sec = (
            (self.profiling_end_time_ns - self.profiling_start_time_ns) * 1.0 / 1e9)

        # If we plan to accumulate events we should post process the function events
        # right away to retain the state across multiple start/stop calls
        if self.acc_events and not self.experimental_config.trace_only:
            self._ensure_function_events()
        return False

    def __repr__(self):
        if self._needs_processing:
            self._ensure_function_events()
        if self._function_events is None:
            return "<unfinished torch.autograd.profile>"
        return repr(self._function_events)

    def __str__(self):
        if self._needs_processing:
            self._ensure_function_events()
        if self._function_events is None:
            return "<unfinished torch.autograd.profile>"
        return str(self._function_events)

    def _ensure_function_events(self):
        """Process function events lazily if required"""
        if self.experimental_config.trace_only:
            raise RuntimeError("events() is not available when trace_only=True in ExperimentalConfig. Use "
                               "export_chrome_trace() instead.")
        if self._function_events is not None:
            return
        self._needs_processing = False

        t0 = perf_counter_ns()
        parsed_results = []
        if self.kineto_results:
            parsed_results = self._parse_kineto_results(self.kineto_results)
        t1 = perf_counter_ns()
        self._stats.parse_kineto_call_duration_us = int((t1 - t0) / 1000)

        self._function_events = EventList(parsed_results, use_device=self.use_device,
                                          profile_memory=self.profile_memory, with_flops=self.with_flops)
        t0 = perf_counter_ns()
        # the recorder knows each event's parent: the tree is taken as recorded, not guessed from times
        self._function_events._remove_dup_nodes()
        self._function_events._set_backward_stacktraces()
        self._function_events._tree_built = True
        t1 = perf_counter_ns()
        self._stats.function_events_build_tree_call_duration_us = int((t1 - t0) / 1000)
        self._stats.number_of_events = len(self._function_events)

        if self._old_function_events and self.acc_events:
            for evt in self._old_function_events:
                self._function_events.append(evt)
            self._old_function_events = None

    @property
    def function_events(self):
        if self._function_events is None or self._needs_processing:
            self._ensure_function_events()
        return self._function_events

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False):
        self._ensure_function_events()
        if self._function_events is None:
            raise AssertionError("Expected profiling results")
        return self._function_events.table(
            sort_by=sort_by, row_limit=row_limit, max_src_column_width=max_src_column_width,
            max_name_column_width=max_name_column_width, max_shapes_column_width=max_shapes_column_width,
            header=header, top_level_events_only=top_level_events_only)

    table.__doc__ = EventList.table.__doc__

    def export_chrome_trace(self, path, metadata=None, use_python_export=False):
        """
        Exports the collected trace in Chrome JSON format. If kineto is enabled, only
        last cycle in schedule is exported.
        """
        if self.kineto_results is None:
            self._ensure_function_events()
            return self._function_events.export_chrome_trace(path)
        self.kineto_results.save(path, metadata, self.trace_id)

    def export_stacks(self, path: str, metric: str = "self_cpu_time_total"):
        self._ensure_function_events()
        if self._function_events is None:
            raise AssertionError("Expected profiling results")
        if not self.with_stack:
            raise AssertionError("export_stacks() requires with_stack=True")
        return self._function_events.export_stacks(path, metric)

    def toggle_collection_dynamic(self, enabled, activities):
        """
        Toggles the collection of activities for the current profiler instance.
        """
        if ProfilerActivity.CPU in set(activities) and self._session is not None:
            _recorder().pause(self._session, enabled)

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        self._ensure_function_events()
        if self._function_events is None:
            raise AssertionError("Expected profiling results")
        return self._function_events.key_averages(group_by_input_shape, group_by_stack_n, group_by_overload_name)

    key_averages.__doc__ = EventList.key_averages.__doc__

    def total_average(self):
        self._ensure_function_events()
        if self._function_events is None:
            raise AssertionError("Expected profiling results")
        return self._function_events.total_average()

    total_average.__doc__ = EventList.total_average.__doc__

    @property
    def self_cpu_time_total(self):
        """Returns total time spent on CPU.

        The total time is a sum of all self times across all the events.
        """
        self._ensure_function_events()
        if self._function_events is None:
            raise AssertionError("Expected profiling results")
        return self._function_events.self_cpu_time_total

    def _parse_kineto_results(self, result):
        """The recorder's events as FunctionEvents, in torch's order (by start, outer first), each
        linked to the event it ran inside."""
        trace_start_ns = result.trace_start_ns()
        session = result.session
        events = []
        by_record = {}
        for i, rec in enumerate(result.records, 1):
            if _filter_name(rec.name):
                continue
            shapes = rec.shapes if session.record_shapes and rec.shapes is not None else []
            fe = FunctionEvent(
                id=i,
                name=_rewrite_name(name=rec.name, with_wildcard=True),
                overload_name="",
                trace_name=_rewrite_name(name=rec.name, with_wildcard=False),
                thread=rec.tid,
                start_us=(rec.start - trace_start_ns) / 1000,
                end_us=(rec.end - trace_start_ns) / 1000,
                fwd_thread=rec.fwd_thread,
                input_shapes=shapes,
                concrete_inputs=rec.concrete if session.record_shapes and rec.concrete is not None else [],
                kwinputs={},
                stack=[entry for entry in rec.stack if _filter_stack_entry(entry)]
                if session.with_stack and rec.stack is not None else [],
                scope=rec.scope,
                use_device=self.use_device,
                cpu_memory_usage=rec.memory if session.profile_memory else 0,
                device_memory_usage=0,
                is_async=False,
                sequence_nr=rec.seq,
                device_type=DeviceType.CPU,
                device_index=0,
                device_resource_id=rec.tid,
                flops=rec.flops if session.with_flops else 0,
                is_user_annotation=rec.user,
                input_dtypes=rec.dtypes if session.record_shapes and rec.dtypes is not None else [],
            )
            parent = by_record.get(id(rec.parent)) if rec.parent is not None else None
            if parent is not None:
                parent.append_cpu_child(fe)
                fe.set_cpu_parent(parent)
            by_record[id(rec)] = fe
            events.append(fe)
        events.sort(key=lambda evt: [evt.time_range.start, -evt.time_range.end])
        return events


class record_function(_ContextDecorator):
    """Context manager/function decorator that adds a label to a code block/function when running autograd profiler.
    Label will only appear if CPU activity tracing is enabled.

    It is useful when tracing the code profile.

    Args:
        name (str): Label assigned to the block of code.
        node_id (int): ID of node, for distributed profiling. Unset in
        non-distributed cases.

    Example:
        >>> x = torch.randn((1, 1), requires_grad=True)
        >>> with torch.autograd.profiler.profile() as prof:
        ...     y = x**2
        ...     with torch.autograd.profiler.record_function("label-z"):  # label the block
        ...         z = y**3
        ...     y.backward()
        >>> print(prof.key_averages().table(sort_by="self_cpu_time_total"))
    """

    def __init__(self, name: str, args=None):
        self.name: str = name
        self.args = args
        # Whether or not we should run record function's end callbacks when exiting.
        self.run_callbacks_on_exit: bool = True
        self.record = None

    def __enter__(self):
        rec = _recorder().begin_range(self.name)
        self.record = _NOT_RECORDED if rec is None else rec
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if not self.run_callbacks_on_exit:
            return

        # Local variable is needed by TorchScript to refine Optional[T] to T
        record = self.record
        if record is None:
            raise AssertionError("Expected record to be set")
        if record is not _NOT_RECORDED:
            _recorder().end_range(record)

    def _call_end_callbacks_on_future(self, fut):
        """Use for profiling async calls that return a future: the range ends when `fut` completes
        (its `then` or `add_done_callback`), and the returned future gives fut's value."""
        # Throw if we have already attached a callback onto the future.
        if not self.run_callbacks_on_exit:
            raise RuntimeError("_call_end_callbacks_on_future can only be called once.")

        # We are scheduling to run this RecordFunction's end callbacks when the
        # passed in future completes, so don't run end callbacks on exit.
        self.run_callbacks_on_exit = False

        # Local variable is needed by TorchScript to refine Optional[T] to T
        record = self.record
        if record is None:
            raise AssertionError("Expected record to be set")

        def end(f):
            if record is not _NOT_RECORDED:
                _recorder().end_range(record)
            return f.result() if hasattr(f, "result") else f.value()
        if hasattr(fut, "then"):
            return fut.then(end)
        fut.add_done_callback(end)
        return fut


_NOT_RECORDED = object()  # record_function's record while no profile records on this thread


class _RangeEmitter:
    """emit_itt / emit_nvtx: a context manager that is a no-op when not enabled and not reentrant."""
    _kind = ""

    def __init__(self, enabled=True, record_shapes=False):
        self.enabled = enabled
        self.entered = False
        self.record_shapes = record_shapes

    def __enter__(self):
        if not self.enabled:
            return
        if self.entered:
            raise RuntimeError(f"{self._kind} annotation context manager is not reentrant")
        self.entered = True
        self._start()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if not self.enabled:
            return
        _run_on_profiler_stop()
        return False


class emit_itt(_RangeEmitter):
    """Context manager that makes every autograd operation emit an ITT range.

    It is useful when running the program under Intel(R) VTune Profiler. pullback's ops emit no
    ITT ranges (there is no ITT library), so this is, as torch's without VTune attached, a
    context manager that changes nothing.

    Args:
        enabled (bool, optional): Setting ``enabled=False`` makes this context manager a no-op.
            Default: ``True``.
        record_shapes (bool, optional): If ``record_shapes=True``, the itt range wrapping
            each autograd op will append information about the sizes of Tensor arguments received
            by that op. Default: ``False``
    """
    _kind = "ITT"

    @staticmethod
    def _start():
        _run_on_profiler_start()


class emit_nvtx(_RangeEmitter):
    """Context manager that makes every autograd operation emit an NVTX range.

    It is useful when running the program under nvprof. Without CUDA it raises on entry, as torch
    built without CUDA does (``torch.cuda.synchronize()``).

    Args:
        enabled (bool, optional): Setting ``enabled=False`` makes this context manager a no-op.
            Default: ``True``.
        record_shapes (bool, optional): If ``record_shapes=True``, the nvtx range wrapping
            each autograd op will append information about the sizes of Tensor arguments received
            by that op. Default: ``False``
    """
    _kind = "NVTX"

    @staticmethod
    def _start():
        raise AssertionError("Torch not compiled with CUDA enabled")


def load_nvprof(path):
    """Open an nvprof trace file and parses autograd annotations.

    Args:
        path (str): path to nvprof trace
    """
    return EventList(parse_nvprof_trace(path))


class EnforceUnique:
    """Raises an error if a key is seen more than once."""

    def __init__(self):
        self.seen = set()

    def see(self, *key):
        r"""
        Observe a key and raise an error if it is seen multiple times.
        """
        if key in self.seen:
            raise RuntimeError("duplicate key: " + str(key))
        self.seen.add(key)


def parse_nvprof_trace(path):
    """The autograd annotations of an nvprof trace (an SQLite file) as FunctionEvents."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row

    # Parse strings table
    strings = {}
    for r in conn.execute("SELECT _id_ as id, value FROM StringTable"):
        strings[r["id"]] = r["value"]

    # First, find all functions and create FunctionEvents for them
    marker_query = """
    SELECT
        start.id AS marker_id, start.name, start.timestamp AS start_time, end.timestamp AS end_time
    FROM
        CUPTI_ACTIVITY_KIND_MARKER AS start INNER JOIN CUPTI_ACTIVITY_KIND_MARKER AS end
        ON start.id = end.id
    WHERE
        start.name != 0 AND end.name = 0
    """
    functions = []
    functions_map = {}
    unique = EnforceUnique()
    for row in conn.execute(marker_query):
        unique.see(row["marker_id"])
        evt = FunctionEvent(id=row["marker_id"], node_id=0, name=strings[row["name"]], start_us=row["start_time"],
                            end_us=row["end_time"], thread=0)
        functions.append(evt)
        functions_map[evt.id] = evt

    # Now, correlate all kernels with FunctionEvents
    kernel_query = """
    SELECT
        start.id AS marker_id, start.name, start.timestamp, end.timestamp,
        runtime._id_ AS runtime_id, runtime.cbid, runtime.start AS runtime_start, runtime.end AS runtime_end,
        kernel.start AS kernel_start, kernel.end AS kernel_end, kernel.name AS kernel_name
    FROM
        CUPTI_ACTIVITY_KIND_MARKER AS start
        INNER JOIN CUPTI_ACTIVITY_KIND_MARKER AS end
            ON start.id = end.id
        INNER JOIN CUPTI_ACTIVITY_KIND_RUNTIME as runtime
            ON (start.timestamp < runtime.start AND runtime.end < end.timestamp)
        INNER JOIN CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL AS kernel
            ON kernel.correlationId = runtime.correlationId
    """
    unique = EnforceUnique()
    for row in conn.execute(kernel_query):
        unique.see(row["marker_id"], row["runtime_id"])
        # 211 is cudaKernelLaunch for cuda >= 9.2
        if row["cbid"] != 211:
            raise AssertionError(f"Expected cbid to be 211, but got {row['cbid']}")
        evt = functions_map[row["marker_id"]]
        evt.append_kernel(row["kernel_name"], 0, row["kernel_end"] - row["kernel_start"])

    functions.sort(key=lambda evt: evt.time_range.start)
    return functions


class KinetoStepTracker:
    """Provides an abstraction for incrementing the step count globally.

    Steps are counted per requester ({"ProfilerStep": 100, "Optimizer1Step": 101, ...}); the global
    step count is the largest of them, and Kineto's step is advanced only when it grows.
    """

    _current_step = 0
    _step_dict: dict = defaultdict(int)

    @classmethod
    def init_step_count(cls, requester: str):
        r"""
        Initialize for a given requester.
        """
        cls._step_dict[requester] = cls._current_step

    @classmethod
    def erase_step_count(cls, requester: str) -> bool:
        r"""
        Remove a given requester.
        """
        return cls._step_dict.pop(requester, None) is not None

    @classmethod
    def increment_step(cls, requester: str) -> int:
        """Increments the step count for the requester.

        Additionally if the max over all step counts has incremented then
        trigger the _kineto_step() returns global step count
        """
        if requester not in cls._step_dict:
            cls.init_step_count(requester)
        cls._step_dict[requester] += 1

        new_step = max(cls._step_dict.values())
        if new_step > cls._current_step:
            delta = new_step - cls._current_step
            if delta > 1:
                warn("Profiler step count has increased more than 1 - "
                     f"current_step = {cls._current_step} step dict =  {cls._step_dict}", stacklevel=2)
            for _ in range(delta):
                _kineto_step()
            cls._current_step = new_step
        return cls._current_step

    @classmethod
    def current_step(cls) -> int:
        r"""
        Get the latest step for any requester
        """
        return cls._current_step
