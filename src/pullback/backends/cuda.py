"""torch.backends.cuda: not available (no GPU); the flags are kept and have no effect."""
from .. import _runtime


class _Matmul:
    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True

    @property
    def allow_tf32(self):  # torch ties it to the float32 matmul precision
        return _runtime.get_float32_matmul_precision() != "highest"

    @allow_tf32.setter
    def allow_tf32(self, value):
        _runtime.set_float32_matmul_precision("high" if value else "highest")


matmul = _Matmul()


def is_built():
    return False
