"""Grad mode: whether ops record the graph. Thread-local, as in torch."""
import functools
import inspect
import sys
import threading
import warnings

class _State(threading.local):
    enabled = True      # class attributes are each new thread's defaults; whether ops record
    grad_mode = True    # torch's grad mode: `enabled` but in inference mode, where ops never record
    inference = False
    on_arrays = False   # the engine is running a formula on ndarrays: saved tensors unpack to arrays
    multithreading = True  # torch's switch for device worker threads in backward (pullback's run on the caller)
    view_replay = False  # views made now record their ops, and a view changed in place replays them (no AsStrided)


_state = _State()
# How many inference_mode blocks are open, in all threads: new tensors test the thread's own flag
# (a thread-local read, ~35 ns) only while one is. The Tensor module registers `on_open(bool)`
# to keep that as one of its own globals (the cheapest test on its hot path).
_open_blocks = [0]
_blocks_lock = threading.Lock()
on_open = None


def _count_block(change):
    with _blocks_lock:
        _open_blocks[0] += change
        if on_open is not None:
            on_open(_open_blocks[0] > 0)


def is_grad_enabled():
    return _state.enabled or (_state.inference and _state.grad_mode)


def _set_enabled(mode):
    _state.grad_mode = mode
    _state.enabled = mode and not _state.inference


def is_inference_mode_enabled():
    return _state.inference


class _DecoratorContextManager:
    """A context manager that also decorates functions (torch.utils._contextlib's): each call of the
    decorated function runs inside a fresh copy of the manager (`clone`)."""

    def __call__(self, orig_func):
        if inspect.isclass(orig_func):
            warnings.warn("Decorating classes is deprecated and will be disabled in future versions. You should only "
                          "decorate functions or methods. To preserve the current behavior of class decoration, you "
                          "can directly decorate the `__init__` method and nothing else.", FutureWarning, stacklevel=2)
            func = lambda *args, **kwargs: orig_func(*args, **kwargs)  # noqa: E731 (torch's wrapper)
        else:
            func = orig_func
        return context_decorator(self.clone, func)

    def clone(self):
        return self.__class__()


class _NoParamDecoratorContextManager(_DecoratorContextManager):
    """A decorating context manager that may also decorate without parentheses (`@no_grad`): given
    anything but None, the constructor decorates it with a new manager, as torch's does."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


def context_decorator(ctx, func):
    """`func` run inside a context manager from `ctx` (a factory, or one reusable manager) at each call;
    a generator function has each of its steps run inside it (torch.utils._contextlib's)."""
    if callable(ctx) and hasattr(ctx, "__enter__"):
        raise AssertionError(f"Passed in {ctx} is both callable and also a valid context manager (has __enter__), "
                             "making it ambiguous which interface to use.  If you intended to pass a context manager "
                             "factory, rewrite your call as context_decorator(lambda: ctx()); if you intended to pass "
                             "a context manager directly, rewrite your call as context_decorator(lambda: ctx)")
    ctx_factory = ctx if callable(ctx) else (lambda: ctx)
    if inspect.isclass(func):
        raise RuntimeError("Cannot decorate classes; it is ambiguous whether or not only the constructor or all "
                           "methods should have the context manager applied; additionally, decorating a class at "
                           "definition-site will prevent use of the identifier as a conventional type.  To specify "
                           "which methods to decorate, decorate each of them individually.")
    if inspect.isgeneratorfunction(func):
        return _wrap_generator(ctx_factory, func)

    @functools.wraps(func)
    def decorate_context(*args, **kwargs):
        with ctx_factory():
            return func(*args, **kwargs)

    return decorate_context


def _wrap_generator(ctx_factory, func):
    """A decorated generator function runs each of its steps inside the mode, and the caller's code
    between its yields outside it (torch.utils._contextlib._wrap_generator)."""
    @functools.wraps(func)
    def generator_context(*args, **kwargs):
        gen = func(*args, **kwargs)
        try:
            with ctx_factory():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with ctx_factory():
                        gen.close()
                    raise
                except BaseException:
                    with ctx_factory():
                        response = gen.throw(*sys.exc_info())
                else:
                    with ctx_factory():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value

    return generator_context


class _GradModeBlock(_NoParamDecoratorContextManager):
    mode = True

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set_enabled(self.mode)

    def __exit__(self, *exc):
        _set_enabled(self.prev)


class no_grad(_GradModeBlock):
    """Disables recording of the graph inside its block: results do not require grad."""
    mode = False

    def __init__(self):  # (torch's takes no argument: no_grad(None) is its TypeError)
        self.prev = False


class enable_grad(_GradModeBlock):
    """Enables recording of the graph inside its block, e.g. within a no_grad region."""
    mode = True


class _SetAtOnce(_DecoratorContextManager):
    """A thread-local switch set when constructed (a function call), restored when a `with` block ends."""
    _name = ""

    def __init__(self, mode):
        if not isinstance(mode, bool):
            raise TypeError(f"{self._name}(): argument 'enabled' (position 1) must be bool, not {type(mode).__name__}")
        self.prev = self._get()
        self.mode = mode
        self._set(mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        self._set(self.prev)

    def clone(self):
        return self.__class__(self.mode)


class set_grad_enabled(_SetAtOnce):
    """Sets grad mode to `mode` at once; as a context manager, restores it on exit."""
    _name = "set_grad_enabled"
    _get, _set = staticmethod(is_grad_enabled), staticmethod(_set_enabled)

    def __call__(self, func):
        # the constructor already switched the mode; decorating a function must not leave it switched
        _set_enabled(self.prev)
        return super().__call__(func)


def is_multithreading_enabled():
    """Whether backward may run on device worker threads (torch's default); pullback's engine runs it on
    the calling thread either way, having no devices."""
    return _state.multithreading


def _set_multithreading(mode):
    _state.multithreading = mode


class set_multithreading_enabled(_SetAtOnce):
    """Enables or disables multithreaded backward (for this thread), at once or for a `with` block."""
    _name = "set_multithreading_enabled"
    _get, _set = staticmethod(is_multithreading_enabled), staticmethod(_set_multithreading)


def is_view_replay_enabled():
    """Whether views made now in this thread record their ops to be replayed after an in-place change."""
    return _state.view_replay


view_replay_used = [False]  # (a view op only looks at the thread's flag once some thread has set it)
on_view_replay = None  # the op table's callback, keeping that as one of its own globals (the cheapest test)


def _set_view_replay(mode):
    if mode and not view_replay_used[0]:
        view_replay_used[0] = True
        on_view_replay()
    _state.view_replay = mode


class _force_original_view_tracking(_SetAtOnce):
    """Sets view replay for this thread at once (restored when a `with` block ends): a view made while it
    is on gets, after an in-place change to it or its base, a history that replays the view's own ops
    (SelectBackward0, TBackward0, ...) rather than one AsStridedBackward0."""
    _name = "set_view_replay_enabled"
    _get, _set = staticmethod(is_view_replay_enabled), staticmethod(_set_view_replay)

    def __call__(self, func):
        _set_view_replay(self.prev)  # as set_grad_enabled: decorating must not leave the mode switched
        return super().__call__(func)


class inference_mode(_DecoratorContextManager):
    """Like no_grad (ops record nothing), reported by torch.is_inference_mode_enabled(); tensors made
    here (but views of other tensors) are inference tensors: outside the mode they may not be
    changed in place nor saved for a backward."""

    def __new__(cls, mode=True):  # (a bool is a mode; anything else is decorated, as torch's)
        if isinstance(mode, bool):
            return super().__new__(cls)
        return cls()(mode)

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self.prev = (is_grad_enabled(), is_inference_mode_enabled())
        # torch's InferenceMode(mode) sets grad mode to the opposite: InferenceMode(false) turns it on,
        # also inside no_grad
        _state.inference = self.mode
        _set_enabled(not self.mode)
        if self.mode:
            _count_block(1)

    def __exit__(self, *exc):
        _state.inference = self.prev[1]
        _set_enabled(self.prev[0])
        if self.mode:
            _count_block(-1)

    def clone(self):
        return self.__class__(self.mode)
