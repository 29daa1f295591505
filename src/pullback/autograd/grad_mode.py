"""Grad mode: whether ops record the graph. Thread-local, as in torch."""
import functools
import threading

class _State(threading.local):
    enabled = True      # class attributes are each new thread's defaults
    inference = False


_state = _State()


def is_grad_enabled():
    return _state.enabled


def _set_enabled(mode):
    _state.enabled = mode


def is_inference_mode_enabled():
    return _state.inference


class _DecoratorContextManager:
    """A context manager that also decorates functions: `@no_grad()` and bare `@no_grad`."""

    def __new__(cls, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], bool):
            return cls()(args[0])
        return super().__new__(cls)

    def __call__(self, func):
        if isinstance(func, type):
            raise TypeError("grad mode context managers decorate functions, not classes")

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)

        return wrapper

    def clone(self):
        return self.__class__()


class _GradModeBlock(_DecoratorContextManager):
    mode = True

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set_enabled(self.mode)

    def __exit__(self, *exc):
        _set_enabled(self.prev)


class no_grad(_GradModeBlock):
    """Disables recording of the graph inside its block: results do not require grad."""
    mode = False


class enable_grad(_GradModeBlock):
    """Enables recording of the graph inside its block, e.g. within a no_grad region."""
    mode = True


class set_grad_enabled(_DecoratorContextManager):
    """Sets grad mode to `mode` at once; as a context manager, restores it on exit."""

    def __init__(self, mode):
        self.prev = is_grad_enabled()
        self.mode = bool(mode)
        _set_enabled(self.mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        _set_enabled(self.prev)

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """Like no_grad (tensors made here never require grad), and reported by
    torch.is_inference_mode_enabled()."""

    def __init__(self, mode=True):
        self.mode = mode

    def __enter__(self):
        self.prev = (is_grad_enabled(), is_inference_mode_enabled())
        if self.mode:
            _set_enabled(False)
            _state.inference = True

    def __exit__(self, *exc):
        _set_enabled(self.prev[0])
        _state.inference = self.prev[1]

    def clone(self):
        return self.__class__(self.mode)

    def __call__(self, func=None):
        # torch allows both @inference_mode and @inference_mode()
        if isinstance(func, bool):
            return self.__class__(func)
        return super().__call__(func)
