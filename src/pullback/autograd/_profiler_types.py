"""The profiler's enums as torch's C++ ones show through pybind11: ProfilerActivity, DeviceType,
RecordScope. Members print as <ProfilerActivity.CPU: 0>, give their value to int(), hash as it,
and equal only themselves (ProfilerActivity.CPU == 0 is False, as torch's)."""


class _CEnum:
    __slots__ = ("_name", "_value")
    __members__ = {}

    def __init__(self, name, value):
        self._name, self._value = name, value

    @property
    def name(self):
        return self._name

    @property
    def value(self):
        return self._value

    def __repr__(self):
        return f"<{type(self).__name__}.{self._name}: {self._value}>"

    def __str__(self):
        return f"{type(self).__name__}.{self._name}"

    def __int__(self):
        return self._value

    __index__ = __int__

    def __hash__(self):
        return hash(self._value)

    def __eq__(self, other):
        return type(other) is type(self) and other._value == self._value

    def __ne__(self, other):
        return not self == other

    def __reduce__(self):
        return getattr, (type(self), self._name)


def _enum(name, members, doc):
    cls = type(name, (_CEnum,), {"__slots__": (), "__doc__": doc, "__module__": __name__})
    cls.__members__ = {}
    for member, value in members:
        instance = cls(member, value)
        setattr(cls, member, instance)
        cls.__members__[member] = instance
    return cls


ProfilerActivity = _enum("ProfilerActivity", [("CPU", 0), ("XPU", 1), ("MTIA", 4), ("CUDA", 2), ("HPU", 3),
                                              ("PrivateUse1", 5)],
                         "Members: CPU, XPU, MTIA, CUDA, HPU, PrivateUse1")
DeviceType = _enum("DeviceType", [("CPU", 0), ("CUDA", 1), ("MKLDNN", 2), ("OPENGL", 3), ("OPENCL", 4), ("IDEEP", 5),
                                  ("HIP", 6), ("FPGA", 7), ("MAIA", 8), ("XLA", 9), ("Vulkan", 10), ("Metal", 11),
                                  ("XPU", 12), ("MPS", 13), ("MTIA", 19), ("Meta", 14), ("HPU", 15), ("VE", 16),
                                  ("Lazy", 17), ("IPU", 18), ("PrivateUse1", 20)],
                   "Members: CPU, CUDA, MKLDNN, OPENGL, OPENCL, IDEEP, HIP, FPGA, MAIA, XLA, Vulkan, Metal, XPU, MPS, "
                   "MTIA, Meta, HPU, VE, Lazy, IPU, PrivateUse1")
RecordScope = _enum("RecordScope", [("FUNCTION", 0), ("BACKWARD_FUNCTION", 1), ("TORCHSCRIPT_FUNCTION", 2),
                                    ("KERNEL_FUNCTION_DTYPE", 3), ("CUSTOM_CLASS", 4), ("BUILD_FEATURE", 5),
                                    ("LITE_INTERPRETER", 6), ("USER_SCOPE", 7), ("STATIC_RUNTIME_OP", 8),
                                    ("STATIC_RUNTIME_MODEL", 9)],
                    "Members: FUNCTION, BACKWARD_FUNCTION, TORCHSCRIPT_FUNCTION, KERNEL_FUNCTION_DTYPE, CUSTOM_CLASS, "
                    "BUILD_FEATURE, LITE_INTERPRETER, USER_SCOPE, STATIC_RUNTIME_OP, STATIC_RUNTIME_MODEL")
