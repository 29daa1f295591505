"""Run an unmodified PyTorch script on pullback:  python -m pullback.run script.py [args...]

Every `import torch` / `import torch.X` / `from torch.X import Y` in the script (and in what it
imports) is served by `pullback` / `pullback.X`.
"""
import builtins
import importlib
import importlib.abc
import importlib.util
import os
import runpy
import sys
import types


class _TorchAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves torch and torch.* to the pullback module of the same dotted name."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        real = "pullback" + fullname[len("torch"):]
        if importlib.util.find_spec(real) is None:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        return importlib.import_module("pullback" + spec.name[len("torch"):])

    def exec_module(self, module):
        pass  # the pullback module is already executed


def install():
    """Make `import torch` mean `import pullback` in this process."""
    if not any(isinstance(f, _TorchAlias) for f in sys.meta_path):
        sys.meta_path.insert(0, _TorchAlias())
    import pullback
    sys.modules.setdefault("torch", pullback)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    install()
    # As `python script.py` does: sys.argv[0] is the path as given, the code's filename is
    # absolute (__file__, and what warnings and tracebacks show), and the script's folder
    # replaces the current one at the head of sys.path, so the script imports the modules
    # beside it.  (runpy.run_path would make sys.argv[0] and __file__ the same path.)
    sys.argv = list(argv)
    script = os.path.abspath(argv[0])
    if not os.path.isfile(script):
        runpy.run_path(argv[0], run_name="__main__")  # a folder or zip with __main__.py
        return 0
    here = sys.path[0] if sys.path else None
    if here is not None and os.path.abspath(here or ".") == os.getcwd():
        sys.path[0] = os.path.dirname(script)  # `python -m pullback.run` put the cwd there
    else:
        sys.path.insert(0, os.path.dirname(script))
    with open(script, "rb") as f:
        code = compile(f.read(), script, "exec")
    module = types.ModuleType("__main__")
    module.__dict__.update(__file__=script, __cached__=None, __loader__=None, __spec__=None,
                           __builtins__=builtins)
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = module  # pickle finds the script's classes, as in `python script.py`
    try:
        exec(code, module.__dict__)
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
