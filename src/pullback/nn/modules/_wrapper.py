"""The shape shared by activation and loss modules: constructor options passed on to one functional."""
import inspect

from ...ops.nn.loss import legacy_reduction
from .. import functional as F
from .module import Module


REQUIRED = inspect.Parameter.empty  # the default of an option the constructor cannot do without


def _bind(cls_name, options, args, kwargs):
    """Constructor arguments (positional in `options` order, or by keyword) over the defaults, refused
    as Python refuses a call that does not fit the signature."""
    if len(args) > len(options):
        raise TypeError(f"{cls_name}.__init__() takes {len(options) + 1} positional arguments but "
                        f"{len(args) + 1} were given")
    values = dict(options)
    values.update(zip(values, args))
    for key, value in kwargs.items():
        if key not in values:
            raise TypeError(f"{cls_name}.__init__() got an unexpected keyword argument '{key}'")
        values[key] = value
    missing = [f"'{name}'" for name, value in values.items() if value is REQUIRED]
    if missing:
        listed = missing[0] if len(missing) == 1 else (
            f"{missing[0]} and {missing[1]}" if len(missing) == 2 else ", ".join(missing[:-1]) + f", and {missing[-1]}")
        raise TypeError(f"{cls_name}.__init__() missing {len(missing)} required positional "
                        f"argument{'s' if len(missing) > 1 else ''}: {listed}")
    return values


class FunctionalModule(Module):
    """forward(*inputs) is nn.functional.<_fn>(*inputs, **options); subclasses declare the table."""

    _fn = None
    _options = ()          # (name, default) in the constructor's positional order
    _tensor_options = ()   # options kept as buffers (loss class weights)
    _repr_options = ()     # options printed by extra_repr as name=value
    _repr_inplace = True   # whether "inplace=True" is printed when set
    _positional = 0        # the leading options torch's forward passes by position (a function torch parses in
                           # C++ counts positions in its errors)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # the constructor's parameters as torch's, for inspect.signature and help()
        cls.__signature__ = inspect.Signature([inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                                 default=default) for name, default in cls._options])

    def __init__(self, *args, **kwargs):
        super().__init__()
        values = _bind(type(self).__name__, self._options, args, kwargs)
        size_average, reduce = values.pop("size_average", None), values.pop("reduce", None)
        if size_average is not None or reduce is not None:
            values["reduction"] = legacy_reduction(size_average, reduce)
        for name, value in values.items():
            if name in self._tensor_options:
                self.register_buffer(name, value)
            else:
                setattr(self, name, value)
        self._passed = [name for name in values]

    def __setstate__(self, state):
        super().__setstate__(state)
        if "_passed" not in self.__dict__:  # pickled by torch, whose modules keep the same options as attributes
            self._passed = [name for name, _ in self._options if name not in ("size_average", "reduce")]

    def forward(self, *inputs):
        passed, k = self._passed, self._positional
        if k:
            inputs += tuple(getattr(self, name) for name in passed[:k])
            passed = passed[k:]
        return getattr(F, self._fn)(*inputs, **{name: getattr(self, name) for name in passed})

    def extra_repr(self):
        parts = [f"{name}={getattr(self, name)!r}" for name in self._repr_options]
        if self._repr_inplace and getattr(self, "inplace", False):
            parts.append("inplace=True")
        return ", ".join(parts)
