"""torch.jit.fork / wait, run eagerly: fork calls the function at once and returns a completed Future."""
import warnings


class Future:
    """The result of an asynchronous call (torch.futures.Future's API); pullback's are made complete."""

    def __init__(self):
        self._done, self._value, self._error, self._callbacks = False, None, None, []

    def done(self):
        return self._done

    def wait(self):
        """The result (raises the call's exception if it failed)."""
        if self._error is not None:
            raise self._error
        if not self._done:
            raise RuntimeError("pullback runs calls at once: this Future has no result set and never will")
        return self._value

    value = wait

    def set_result(self, result):
        if self._done:
            raise RuntimeError("Future can only be marked completed once")
        self._done, self._value = True, result
        self._run_callbacks()

    def set_exception(self, result):
        if self._done:
            raise RuntimeError("Future can only be marked completed once")
        self._done, self._error = True, result
        self._run_callbacks()

    def then(self, callback):
        """A Future completed with callback(self) once this one completes."""
        out = Future()

        def chained(fut):
            try:
                out.set_result(callback(fut))
            except Exception as e:  # noqa: BLE001 - the error is the chained future's result
                out.set_exception(e)
        self.add_done_callback(chained)
        return out

    def add_done_callback(self, callback):
        if self._done:
            callback(self)
        else:
            self._callbacks.append(callback)

    def _run_callbacks(self):
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(self)

    def __class_getitem__(cls, item):  # Future[int] in annotations
        return cls


def fork(func, *args, **kwargs):
    """Call func(*args, **kwargs) now and return a Future holding its result (its exception propagates, as in
    torch's eager fork)."""
    warnings.warn("`torch.jit.fork` is deprecated. Please use `torch.compile` instead.", DeprecationWarning)
    future = Future()
    future.set_result(func(*args, **kwargs))
    return future


def wait(future):
    """The result of a Future from fork."""
    warnings.warn("`torch.jit.wait` is deprecated. Please use `torch.compile` instead.", DeprecationWarning)
    return future.wait()
