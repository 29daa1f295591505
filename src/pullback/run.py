"""Run an unmodified PyTorch script on pullback:  python -m pullback.run script.py [args...]

Every `import torch` / `import torch.X` / `from torch.X import Y` in the script (and in what it
imports) is served by `pullback` / `pullback.X`.
"""
import importlib
import importlib.abc
import importlib.util
import runpy
import sys


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
    sys.argv = argv
    runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
