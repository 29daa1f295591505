"""Whether the running code is "scripted" or "traced", as torch's is_scripting / is_tracing answer it.

pullback runs scripted and traced code eagerly, so the answer comes from the call stack: code runs
"as TorchScript" while a ScriptFunction or a scripted module's method is on this thread's stack,
unless an @ignore'd / @unused function sits nearer (torch runs those in Python)."""
import sys
import threading


class _Depth(threading.local):
    scripting = 0  # script entry frames on this thread's stack
    tracing = 0    # trace runs and traced replays on this thread's stack


depth = _Depth()
entry_codes = set()        # code objects of the wrappers that enter script
python_only_codes = set()  # code objects of @ignore / @unused functions


def is_scripting():
    """True inside a function or module method compiled by torch.jit.script (run eagerly here), else False."""
    if not depth.scripting:
        return False
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code in python_only_codes:
            return False
        if code in entry_codes:
            return True
        frame = frame.f_back
    return False


def is_tracing():
    """True while torch.jit.trace runs the traced code (and while a traced function replays it)."""
    if is_scripting():
        return False
    return depth.tracing > 0


class scripting:
    """Marks the code run inside as scripted (the frame of its caller must be in entry_codes)."""
    __slots__ = ()

    def __enter__(self):
        depth.scripting += 1

    def __exit__(self, *exc):
        depth.scripting -= 1


class tracing:
    __slots__ = ()

    def __enter__(self):
        depth.tracing += 1

    def __exit__(self, *exc):
        depth.tracing -= 1
