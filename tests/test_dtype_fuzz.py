"""Dtype and number-semantics fuzzer: seeded random expressions run under torch and pullback.

Operands are tensors of every dtype pullback has (0-d and dimensioned), Python bool/int/float
scalars and NumPy scalars; values include wraparound edges, zeros, negatives, NaN, inf and -0.0.
Each case goes through an operator, a torch.* function or Tensor method, its in-place form or its
`out=` form, and the two libraries must agree on the result's dtype, shape, value bits (NaN payloads
aside; a tolerance only for libm-computed ops), repr, warnings, and on errors (class and first line),
with inputs left unchanged by a refused in-place op. A second generator differentiates through mixed
float16/float32/float64/int operands in float64-checked gradients.

    python tests/test_dtype_fuzz.py LO HI     # hunt: run seeds LO..HI-1, print each discrepancy
"""
import math
import sys
import warnings

import numpy as np
import pytest
import torch

import pullback

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
INTS = DTYPES[1:6]
FLOATS = DTYPES[6:]
SHAPES = [(), (3,), (2, 3), (1, 3)]
NP_SCALARS = [np.bool_, np.int8, np.uint8, np.int32, np.int64, np.float16, np.float32, np.float64]


# ---------------------------------------------------------------------------------------------
# operands: specs that both libraries build the same way

def _values(rng, dtype, n):
    if dtype == "bool":
        return rng.random(n) < 0.5
    info = np.iinfo(dtype) if dtype in INTS else None
    if info is not None:
        small = rng.integers(max(info.min, -6), min(info.max, 6) + 1, n)
        edge = rng.choice([info.min, info.max, 0, 1, -1 if info.min < 0 else 2, info.max // 2 + 1], n)
        return np.where(rng.random(n) < 0.8, small, edge).astype(dtype)
    small = np.round(rng.uniform(-4, 4, n), int(rng.integers(0, 3)))
    edge = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 0.5, -2.5, 1e4, 70000.0, 1e-8], n)
    return np.where(rng.random(n) < 0.8, small, edge).astype(dtype)


def tensor_spec(rng, dtype=None, shape=None):
    dtype = dtype or DTYPES[rng.integers(len(DTYPES))]
    shape = SHAPES[rng.integers(len(SHAPES))] if shape is None else shape
    return ("t", _values(rng, dtype, int(np.prod(shape, dtype=int))).reshape(shape))


def scalar_spec(rng):
    kind = rng.integers(4)
    if kind == 0:
        return ("py", bool(rng.random() < 0.5))
    if kind == 1:
        return ("py", int(rng.choice([0, 1, 2, 3, -1, -3, 7, 300, -129, 2 ** 40])))
    if kind == 2:
        return ("py", float(rng.choice([0.5, -1.5, 2.0, 0.0, -0.0, 3.25, math.inf, math.nan, 1e-3])))
    cls = NP_SCALARS[rng.integers(len(NP_SCALARS))]
    return ("np", cls(rng.choice([0, 1, 2, 3]) if cls in (np.bool_, np.uint8) else rng.choice([-2, 0, 1, 3])))


def operand_spec(rng, scalar_p=0.3):
    return scalar_spec(rng) if rng.random() < scalar_p else tensor_spec(rng)


def build(m, spec):
    kind, v = spec
    if kind == "t":
        return m.tensor(v)
    return v


def dtype_of(m, name):
    return getattr(m, name)


# ---------------------------------------------------------------------------------------------
# the ops: name -> (fn(m, *args), exact): True for bits, False for a tolerance (libm, fused
# multiply-adds), ZERO_SIGN for bits but the sign of a zero

ZERO_SIGN = "bits but the sign of zeros"

def _defined(m, x):
    """Integers brought inside the range where torch's kernels are defined and agree (ldexp's C int
    exponent, which past the float range its loops scale differently; gcd's std::abs of the minimum)."""
    if isinstance(x, m.Tensor) and x.dtype in (m.int8, m.int16, m.int32, m.int64):
        return x % 64 - 32
    return x % 32 if isinstance(x, m.Tensor) and x.dtype == m.uint8 else x


def _binop(sym):
    code = compile(f"lambda m, a, b: a {sym} b", sym, "eval")
    return eval(code)


BINARY = {
    **{f"op{s}": (_binop(s), s not in ("**",)) for s in
       ["+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "==", "!=", "<", "<=", ">", ">="]},
    "add": (lambda m, a, b: m.add(a, b), True),
    # (with an alpha torch fuses a multiply-add in float32/64, and its float16 vector loop rounds
    # otherwise than its scalar loop, whose rounding pullback's is)
    "add_alpha": (lambda m, a, b: m.add(a, b, alpha=2), False),
    "add_alpha_f": (lambda m, a, b: m.add(a, b, alpha=0.5), False),
    "sub": (lambda m, a, b: m.sub(a, b), True),
    "sub_alpha": (lambda m, a, b: m.sub(a, b, alpha=3), False),
    "mul": (lambda m, a, b: m.mul(a, b), True),
    "div": (lambda m, a, b: m.div(a, b), True),
    "div_floor": (lambda m, a, b: m.div(a, b, rounding_mode="floor"), True),
    "div_trunc": (lambda m, a, b: m.div(a, b, rounding_mode="trunc"), True),
    "true_divide": (lambda m, a, b: m.true_divide(a, b), True),
    "floor_divide": (lambda m, a, b: m.floor_divide(a, b), True),
    "remainder": (lambda m, a, b: m.remainder(a, b), True),
    "fmod": (lambda m, a, b: m.fmod(a, b), True),
    "pow": (lambda m, a, b: m.pow(a, b), False),
    "float_power": (lambda m, a, b: m.float_power(a, b), False),
    "bitwise_and": (lambda m, a, b: m.bitwise_and(a, b), True),
    "bitwise_or": (lambda m, a, b: m.bitwise_or(a, b), True),
    "bitwise_xor": (lambda m, a, b: m.bitwise_xor(a, b), True),
    "bitwise_left_shift": (lambda m, a, b: m.bitwise_left_shift(a, b), True),
    "bitwise_right_shift": (lambda m, a, b: m.bitwise_right_shift(a, b), True),
    "logical_and": (lambda m, a, b: m.logical_and(a, b), True),
    "logical_or": (lambda m, a, b: m.logical_or(a, b), True),
    "logical_xor": (lambda m, a, b: m.logical_xor(a, b), True),
    # (which of +0.0 and -0.0 a tie gives is unspecified: torch's vector and scalar loops differ)
    "maximum": (lambda m, a, b: m.maximum(a, b), ZERO_SIGN),
    "minimum": (lambda m, a, b: m.minimum(a, b), ZERO_SIGN),
    "fmax": (lambda m, a, b: m.fmax(a, b), ZERO_SIGN),
    "fmin": (lambda m, a, b: m.fmin(a, b), ZERO_SIGN),
    "atan2": (lambda m, a, b: m.atan2(a, b), False),
    "copysign": (lambda m, a, b: m.copysign(a, b), True),
    "nextafter": (lambda m, a, b: m.nextafter(a, b), True),
    "hypot": (lambda m, a, b: m.hypot(a, b), False),
    # (torch's ldexp of an input the exponent broadcasts warns of an internal resize: docs/differences.md)
    "ldexp": (lambda m, a, b: m.ldexp(a.expand(m.broadcast_shapes(a.shape, b.shape)) if isinstance(b, m.Tensor)
                                      else a, _defined(m, b)), False),
    "xlogy": (lambda m, a, b: m.xlogy(a, b), False),
    "gcd": (lambda m, a, b: m.gcd(_defined(m, a), _defined(m, b)), True),
    "lcm": (lambda m, a, b: m.lcm(_defined(m, a), _defined(m, b)), True),
    "rsub": (lambda m, a, b: m.rsub(a, b), True),
    "heaviside": (lambda m, a, b: m.heaviside(a, b), True),
    "logaddexp": (lambda m, a, b: m.logaddexp(a, b), False),
    "eq": (lambda m, a, b: m.eq(a, b), True),
    "ne": (lambda m, a, b: m.ne(a, b), True),
    "lt": (lambda m, a, b: m.lt(a, b), True),
    "ge": (lambda m, a, b: m.ge(a, b), True),
    "isclose": (lambda m, a, b: m.isclose(a, b), True),
    "isclose_nan": (lambda m, a, b: m.isclose(a, b, rtol=0.1, atol=0.5, equal_nan=True), True),
    "allclose": (lambda m, a, b: m.allclose(a, b), True),
    "equal": (lambda m, a, b: m.equal(a, b), True),
    "result_type": (lambda m, a, b: m.result_type(a, b), True),
    "clamp_min": (lambda m, a, b: m.clamp(a, min=b), ZERO_SIGN),
    "clamp_max": (lambda m, a, b: m.clamp(a, max=b), ZERO_SIGN),
    "matmul": (lambda m, a, b: a @ b, False),
}
# ops whose first operand must be a tensor (methods); the rest may take a scalar first where torch does
METHOD_ONLY = {"add_alpha", "add_alpha_f", "sub_alpha", "clamp_min", "clamp_max", "isclose", "isclose_nan",
               "allclose", "equal"}

UNARY = {
    "neg": (lambda m, a: -a, True),
    "abs": (lambda m, a: abs(a), True),
    "invert": (lambda m, a: ~a, True),
    "pos": (lambda m, a: +a, True),
    "sign": (lambda m, a: m.sign(a), True),
    "sgn": (lambda m, a: m.sgn(a), True),
    "round": (lambda m, a: m.round(a), True),
    "round_d1": (lambda m, a: m.round(a, decimals=1), True),
    "round_dm1": (lambda m, a: m.round(a, decimals=-1), True),
    "trunc": (lambda m, a: m.trunc(a), True),
    "frac": (lambda m, a: m.frac(a), True),
    "floor": (lambda m, a: m.floor(a), True),
    "ceil": (lambda m, a: m.ceil(a), True),
    "logical_not": (lambda m, a: m.logical_not(a), True),
    "bitwise_not": (lambda m, a: m.bitwise_not(a), True),
    "sum": (lambda m, a: a.sum(), False),
    "sum_dim": (lambda m, a: a.sum(-1), False),
    "sum_f64": (lambda m, a: a.sum(dtype=m.float64), False),
    "sum_i8": (lambda m, a: m.sum(a, 0, dtype=m.int8), True),
    "prod": (lambda m, a: a.prod(), False),
    "prod_dim": (lambda m, a: a.prod(0), False),
    "prod_i32": (lambda m, a: a.prod(dtype=m.int32), True),
    "mean": (lambda m, a: a.mean(), False),
    "mean_f64": (lambda m, a: a.mean(dtype=m.float64), False),
    "cumsum": (lambda m, a: a.cumsum(0), False),
    "cumsum_i16": (lambda m, a: a.cumsum(-1, dtype=m.int16), True),
    "cumprod": (lambda m, a: a.cumprod(0), False),
    "argmax": (lambda m, a: a.argmax(), True),
    "argmin_dim": (lambda m, a: a.argmin(0), True),
    "max": (lambda m, a: a.max(), True),
    "amax": (lambda m, a: a.amax(-1), True),
    "int": (lambda m, a: a.int(), True),
    "half": (lambda m, a: a.half(), True),
    "bool": (lambda m, a: a.bool(), True),
    "long": (lambda m, a: a.long(), True),
    "byte": (lambda m, a: a.byte(), True),
    "char": (lambda m, a: a.char(), True),
    "to_f32": (lambda m, a: a.to(m.float32), True),
    "to_i16": (lambda m, a: a.to(dtype=m.int16), True),
    "type_f64": (lambda m, a: a.type(m.float64), True),
    "type_str": (lambda m, a: a.type("torch.IntTensor"), True),
    "type_name": (lambda m, a: a.type(), True),
    "item": (lambda m, a: a.reshape(-1)[0].item(), True),
    "tolist": (lambda m, a: a.tolist(), True),
    "float_py": (lambda m, a: float(a.reshape(-1)[0]), True),
    "int_py": (lambda m, a: int(a.reshape(-1)[0]), True),
    "bool_py": (lambda m, a: bool(a.reshape(-1)[0]), True),
    "exp": (lambda m, a: m.exp(a), False),
    "sqrt": (lambda m, a: m.sqrt(a), False),
    "reciprocal": (lambda m, a: m.reciprocal(a), True),
    "square": (lambda m, a: m.square(a), True),
    "signbit": (lambda m, a: m.signbit(a), True),
    "isnan": (lambda m, a: m.isnan(a), True),
    "isfinite": (lambda m, a: m.isfinite(a), True),
    "nan_to_num": (lambda m, a: m.nan_to_num(a), True),
    "clamp_mixed": (lambda m, a: m.clamp(a, -1.5, 2), ZERO_SIGN),
    "clamp_int": (lambda m, a: m.clamp(a, min=-2, max=3), ZERO_SIGN),
    "count_nonzero": (lambda m, a: m.count_nonzero(a), True),
    "requires_grad_": (lambda m, a: a.requires_grad_(), True),
    "requires_grad_kw": (lambda m, a: m.tensor(a.tolist(), dtype=a.dtype, requires_grad=True), True),
    "zeros_like_grad": (lambda m, a: m.zeros_like(a, requires_grad=True), True),
    "grad_of_int": (lambda m, a: m.autograd.grad((a.double() * 2).sum(), a), True),
    "to_other": (lambda m, a: a.to(m.ones(1, dtype=m.float16)), True),
    "type_as": (lambda m, a: a.type_as(m.ones(1, dtype=m.int16)), True),
    "new_tensor": (lambda m, a: a.new_tensor([1.5, -2]), True),
    "float_to_half_big": (lambda m, a: (a.double() * 1000).half(), True),
    "any": (lambda m, a: a.any(), True),
    "all_dim": (lambda m, a: a.all(-1), True),
}

TERNARY = {
    "where": (lambda m, a, b, c: m.where(a > 0 if not isinstance(a, (bool, int, float, np.generic)) else a, b, c), True),
    "lerp": (lambda m, a, b, c: m.lerp(a, b, c), False),
    "addcmul": (lambda m, a, b, c: m.addcmul(a, b, c, value=2), False),  # (torch fuses a multiply-add)
    "addcdiv": (lambda m, a, b, c: m.addcdiv(a, b, c, value=0.5), False),
    "clamp": (lambda m, a, b, c: m.clamp(a, b, c), ZERO_SIGN),
    "addcmul_f": (lambda m, a, b, c: m.addcmul(a, b, c, value=0.5), False),
}

INPLACE = {  # name -> fn(m, a, b) modifying a
    "iadd": lambda m, a, b: a.__iadd__(b), "isub": lambda m, a, b: a.__isub__(b),
    "imul": lambda m, a, b: a.__imul__(b), "itruediv": lambda m, a, b: a.__itruediv__(b),
    "ifloordiv": lambda m, a, b: a.__ifloordiv__(b), "imod": lambda m, a, b: a.__imod__(b),
    "ipow": lambda m, a, b: a.__ipow__(b), "iand": lambda m, a, b: a.__iand__(b),
    "ior": lambda m, a, b: a.__ior__(b), "ixor": lambda m, a, b: a.__ixor__(b),
    "ilshift": lambda m, a, b: a.__ilshift__(b), "irshift": lambda m, a, b: a.__irshift__(b),
    "add_": lambda m, a, b: a.add_(b, alpha=2), "sub_": lambda m, a, b: a.sub_(b),
    "mul_": lambda m, a, b: a.mul_(b), "div_": lambda m, a, b: a.div_(b),
    "div_floor_": lambda m, a, b: a.div_(b, rounding_mode="floor"),
    "div_trunc_": lambda m, a, b: a.div_(b, rounding_mode="trunc"),
    "floor_divide_": lambda m, a, b: a.floor_divide_(b), "remainder_": lambda m, a, b: a.remainder_(b),
    "fmod_": lambda m, a, b: a.fmod_(b), "pow_": lambda m, a, b: a.pow_(b),
    "float_power_": lambda m, a, b: a.float_power_(b),
    "bitwise_and_": lambda m, a, b: a.bitwise_and_(b), "logical_or_": lambda m, a, b: a.logical_or_(b),
    "bitwise_left_shift_": lambda m, a, b: a.bitwise_left_shift_(b),
    "maximum_out": None, "clamp_": lambda m, a, b: a.clamp_(min=b),
    "copysign_": lambda m, a, b: a.copysign_(b), "atan2_": lambda m, a, b: a.atan2_(b),
    "hypot_": lambda m, a, b: a.hypot_(b), "xlogy_": lambda m, a, b: a.xlogy_(b),
    "gcd_": lambda m, a, b: a.gcd_(b), "lerp_": lambda m, a, b: a.lerp_(b, 0.5),
    "eq_": lambda m, a, b: a.eq_(b), "lt_": lambda m, a, b: a.lt_(b),
    "copy_": lambda m, a, b: a.copy_(b), "neg_": lambda m, a, b: a.neg_(),
    "true_divide_": lambda m, a, b: a.true_divide_(b), "mul_int_": lambda m, a, b: a.mul_(3),
    "clamp_both_": lambda m, a, b: a.clamp_(-1.5, b), "masked_fill_": lambda m, a, b: a.masked_fill_(a > 0, b),
    "abs_": lambda m, a, b: a.abs_(), "round_": lambda m, a, b: a.round_(),
    "sign_": lambda m, a, b: a.sign_(), "trunc_": lambda m, a, b: a.trunc_(),
    "frac_": lambda m, a, b: a.frac_(), "bitwise_not_": lambda m, a, b: a.bitwise_not_(),
    "logical_not_": lambda m, a, b: a.logical_not_(), "square_": lambda m, a, b: a.square_(),
    "addcmul_": lambda m, a, b: a.addcmul_(b, b), "sqrt_": lambda m, a, b: a.sqrt_(),
    "fill_": lambda m, a, b: a.fill_(b) if not isinstance(b, m.Tensor) else a.fill_(b.reshape(-1)[0]),
}
del INPLACE["maximum_out"]
INEXACT_INPLACE = {"ipow", "pow_", "float_power_", "atan2_", "hypot_", "xlogy_", "lerp_", "sqrt_", "itruediv",
                   "div_", "true_divide_", "add_", "addcmul_"}

OUT_OPS = {  # name -> fn(m, a, b, out)
    "add": lambda m, a, b, o: m.add(a, b, out=o), "mul": lambda m, a, b, o: m.mul(a, b, out=o),
    "div": lambda m, a, b, o: m.div(a, b, out=o),
    "div_floor": lambda m, a, b, o: m.div(a, b, rounding_mode="floor", out=o),
    "remainder": lambda m, a, b, o: m.remainder(a, b, out=o), "fmod": lambda m, a, b, o: m.fmod(a, b, out=o),
    "maximum": lambda m, a, b, o: m.maximum(a, b, out=o), "eq": lambda m, a, b, o: m.eq(a, b, out=o),
    "bitwise_and": lambda m, a, b, o: m.bitwise_and(a, b, out=o),
    "logical_and": lambda m, a, b, o: m.logical_and(a, b, out=o),
    "pow": lambda m, a, b, o: m.pow(a, b, out=o), "float_power": lambda m, a, b, o: m.float_power(a, b, out=o),
    "atan2": lambda m, a, b, o: m.atan2(a, b, out=o), "where": lambda m, a, b, o: m.where(a > 1, a, b, out=o),
    "neg": lambda m, a, b, o: m.neg(a, out=o), "abs": lambda m, a, b, o: m.abs(a, out=o),
    "sign": lambda m, a, b, o: m.sign(a, out=o), "round": lambda m, a, b, o: m.round(a, out=o),
    "sum": lambda m, a, b, o: m.sum(a, -1, out=o), "cumsum": lambda m, a, b, o: m.cumsum(a, 0, out=o),
    "prod": lambda m, a, b, o: m.prod(a, 0, out=o), "mean": lambda m, a, b, o: m.mean(a, 0, out=o),
    "clamp": lambda m, a, b, o: m.clamp(a, min=b, out=o), "sqrt": lambda m, a, b, o: m.sqrt(a, out=o),
    "logical_not": lambda m, a, b, o: m.logical_not(a, out=o), "isclose": None,
}
del OUT_OPS["isclose"]
INEXACT_OUT = {"pow", "float_power", "atan2", "mean", "sqrt", "div", "sum", "cumsum", "prod"}


def _dtype_pair(rng):
    return DTYPES[rng.integers(len(DTYPES))], DTYPES[rng.integers(len(DTYPES))]


META = {  # dtype-level functions: name -> fn(m, d1, d2)
    "promote_types": lambda m, a, b: m.promote_types(getattr(m, a), getattr(m, b)),
    "can_cast": lambda m, a, b: m.can_cast(getattr(m, a), getattr(m, b)),
}


def _list_value(rng):
    k = rng.integers(5)
    return [True, False][rng.integers(2)] if k == 0 else int(rng.integers(-3, 4)) if k < 3 else \
        float(rng.choice([0.5, -1.0, 2.0, math.nan])) if k == 3 else np.float32(1.5)


# ---------------------------------------------------------------------------------------------
# generating one case: (label, fn(m) -> result, exact, inputs to check unchanged or None)

def make_case(rng):
    kind = rng.choice(["bin", "bin", "bin", "un", "un", "ter", "inplace", "inplace", "out", "meta", "list"])
    if kind == "bin":
        name = list(BINARY)[rng.integers(len(BINARY))]
        fn, exact = BINARY[name]
        a = tensor_spec(rng) if name in METHOD_ONLY or rng.random() < 0.8 else scalar_spec(rng)
        b = operand_spec(rng) if a[0] == "t" else tensor_spec(rng)
        if name == "matmul":
            a = tensor_spec(rng, shape=(2, 3))
            b = tensor_spec(rng, a[1].dtype.name if rng.random() < .7 else None, (3,) if rng.random() < .5 else (3, 2))
        if rng.random() < 0.3 and a[0] == "t" and b[0] == "t":  # same dtype more often than chance
            b = ("t", b[1].astype(a[1].dtype))
        if name in DIVISIONS:
            a, b = _no_int_min(a), _no_int_min(b)
        return f"{name}({_show(a)}, {_show(b)})", lambda m: fn(m, build(m, a), build(m, b)), exact, [a, b]
    if kind == "un":
        name = list(UNARY)[rng.integers(len(UNARY))]
        fn, exact = UNARY[name]
        a = tensor_spec(rng)
        return f"{name}({_show(a)})", lambda m: fn(m, build(m, a)), exact, [a]
    if kind == "ter":
        name = list(TERNARY)[rng.integers(len(TERNARY))]
        fn, exact = TERNARY[name]
        specs = [tensor_spec(rng)] + [operand_spec(rng, 0.4) for _ in range(2)]
        if name == "lerp" and rng.random() < 0.7:  # lerp wants matching floats: make it valid often
            d = FLOATS[rng.integers(3)]
            specs = [("t", s[1].astype(d)) if s[0] == "t" else s for s in specs]
        return f"{name}({', '.join(map(_show, specs))})", \
            lambda m: fn(m, *[build(m, s) for s in specs]), exact, specs
    if kind == "inplace":
        name = list(INPLACE)[rng.integers(len(INPLACE))]
        fn = INPLACE[name]
        a, b = tensor_spec(rng), operand_spec(rng)
        if b[0] == "t" and rng.random() < 0.5:
            b = ("t", _values(rng, b[1].dtype.name, a[1].size).reshape(a[1].shape))
        if name in DIVISIONS:
            a, b = _no_int_min(a), _no_int_min(b)
        exact = ZERO_SIGN if name.startswith("clamp") else name not in INEXACT_INPLACE
        return f"{name}({_show(a)}, {_show(b)})", lambda m: _inplace(m, fn, a, b), exact, None
    if kind == "out":
        name = list(OUT_OPS)[rng.integers(len(OUT_OPS))]
        fn = OUT_OPS[name]
        a, b = tensor_spec(rng), operand_spec(rng)
        o = tensor_spec(rng, shape=[(), (3,), (2, 3), (0,), (4,)][rng.integers(5)]) if rng.random() < .5 else \
            tensor_spec(rng, shape=a[1].shape)
        if name in DIVISIONS:
            a, b = _no_int_min(a), _no_int_min(b)
        exact = ZERO_SIGN if name == "clamp" else name not in INEXACT_OUT
        return f"{name}({_show(a)}, {_show(b)}, out={_show(o)})", lambda m: _with_out(m, fn, a, b, o), exact, None
    if kind == "meta":
        name = list(META)[rng.integers(len(META))]
        d1, d2 = _dtype_pair(rng)
        return f"{name}({d1}, {d2})", lambda m: META[name](m, d1, d2), True, None
    vals = [_list_value(rng) for _ in range(rng.integers(1, 4))]
    nested = rng.random() < 0.3
    dt = [None, "float16", "int32", "bool", "uint8"][rng.integers(5)]
    return f"tensor({vals}, dtype={dt})", \
        lambda m: m.tensor([vals, vals] if nested else vals, dtype=dt and getattr(m, dt)), True, None


# integer divisions: torch's kernels trap (SIGFPE) on the smallest int32/int64 divided by -1
DIVISIONS = {"op//", "op%", "div", "div_floor", "div_trunc", "true_divide", "floor_divide", "remainder", "fmod",
             "ifloordiv", "imod", "div_", "div_floor_", "div_trunc_", "floor_divide_", "remainder_", "fmod_"}


def _no_int_min(spec):
    kind, v = spec
    if kind == "t" and v.dtype.kind == "i":
        return ("t", np.where(v == np.iinfo(v.dtype).min, v + 1, v))
    return spec


def _show(spec):
    kind, v = spec
    if kind == "t":
        return f"tensor({v.tolist()}, {v.dtype})"
    return f"{type(v).__module__ == 'numpy' and 'np.' or ''}{type(v).__name__}({v!r})"


def _inplace(m, fn, a, b):
    x, y = build(m, a), build(m, b)
    before = x.clone()
    try:
        r = fn(m, x, y)
    except Exception:
        if m is torch:
            raise  # (torch's kernels may have written part of the result: pullback writes nothing)
        after = x.detach().numpy()
        assert after.dtype == before.numpy().dtype and np.array_equal(after, before.numpy(), equal_nan=True), \
            "a refused in-place op changed its input"
        raise
    return r, r is x, x


def _with_out(m, fn, a, b, o):
    out = build(m, o)
    r = fn(m, build(m, a), build(m, b), out)
    return r, r is out


# ---------------------------------------------------------------------------------------------
# observing and comparing

def observe(fn, m):
    """What `fn(m)` shows: ('ok', result, warnings) or ('err', class name, first line, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = fn(m)
            out = ("ok", r)
        except Exception as e:  # the error is the observation
            out = ("err", type(e).__name__, str(e).strip().split("\n")[0])
    ws = sorted({(w.category.__name__, str(w.message).split("\n")[0].split(" (Triggered internally at")[0])
                 for w in caught})
    return out, ws


def _normal(x):
    """A result as comparable data: tensors as (dtype, shape, array, repr)."""
    if isinstance(x, (torch.Tensor, pullback.Tensor)):
        return ("T", str(x.dtype).replace("torch.", ""), tuple(x.shape), x.detach().numpy().copy(), repr(x))
    if isinstance(x, (tuple, list)):
        return [_normal(e) for e in x]
    if isinstance(x, (torch.dtype, pullback.dtype)):
        return ("dtype", str(x))
    if isinstance(x, float) and math.isnan(x):
        return ("py", "float", "nan")
    return ("py", type(x).__name__, repr(x))


def _same_array(a, e, exact, least_eps=0.0):
    if a.dtype != e.dtype or a.shape != e.shape:
        return False
    if a.dtype.kind != "f":
        return np.array_equal(a, e)
    if not np.array_equal(np.isnan(a), np.isnan(e)):
        return False
    ok = ~np.isnan(a)
    if exact:  # bits, so that -0.0 and 0.0 differ
        if exact is ZERO_SIGN:
            a, e = a + a.dtype.type(0), e + e.dtype.type(0)  # (-0.0 + 0.0 is 0.0)
        return np.array_equal(a[ok].view(f"u{a.itemsize}"), e[ok].view(f"u{a.itemsize}"))
    a64, e64 = a[ok].astype(np.float64), e[ok].astype(np.float64)
    if not np.array_equal(np.isinf(a64), np.isinf(e64)) or not np.array_equal(a64[np.isinf(a64)], e64[np.isinf(e64)]):
        return False
    fin = np.isfinite(a64)
    eps = max(np.finfo(a.dtype).eps * (2 if a.dtype == np.float16 else 64), least_eps)  # (half: a rounding)
    return np.allclose(a64[fin], e64[fin], rtol=eps, atol=eps * 1e-3)


def _diff(p, t, exact, where="result", least_eps=0.0):
    if type(p) is not type(t) or (isinstance(p, list) and len(p) != len(t)):
        return f"{where}: pullback {p!r:.200} vs torch {t!r:.200}"
    if isinstance(p, list):
        for i, (pp, tt) in enumerate(zip(p, t)):
            d = _diff(pp, tt, exact, f"{where}[{i}]", least_eps)
            if d:
                return d
        return None
    if p[0] == "T" and t[0] == "T":
        if p[1:3] != t[1:3]:
            return f"{where}: dtype/shape {p[1:3]} vs torch {t[1:3]}"
        if not _same_array(p[3], t[3], exact, least_eps):
            return f"{where}: values {p[3].tolist()} vs torch {t[3].tolist()}"
        if exact is True and p[4] != t[4]:
            return f"{where}: repr {p[4]!r} vs torch {t[4]!r}"
        return None
    if p != t:
        if exact or p[0] != "py" or p[1] != "float" or t[1] != "float" or \
                not math.isclose(float(p[2]), float(t[2]), rel_tol=1e-6):
            return f"{where}: {p} vs torch {t}"
    return None


def compare(fn, exact):
    """None when pullback and torch agree on fn, else a description of the first difference."""
    (tr, tw), (pr, pw) = observe(fn, torch), observe(fn, pullback)
    if tr[0] != pr[0] or (tr[0] == "err" and tr[1] != pr[1]):
        return f"outcome: pullback {pr[:3]!r:.300} vs torch {tr[:3]!r:.300}"
    if tr[0] == "err":
        if tr[2] != pr[2]:
            return f"message: pullback {pr[2]!r} vs torch {tr[2]!r}"
    else:
        d = _diff(_normal(pr[1]), _normal(tr[1]), exact)
        if d:
            return d
    if tw != pw:
        return f"warnings: pullback {pw} vs torch {tw}"
    return None


def run_seed(seed, n=25):
    rng = np.random.default_rng(seed)
    found = []
    for i in range(n):
        with np.errstate(all="ignore"):  # (the generator's own casts wrap and overflow on purpose)
            label, fn, exact, _ = make_case(rng)
        d = compare(fn, exact)
        if d:
            found.append(f"seed {seed} case {i}: {label}\n    {d}")
    return found


# ---------------------------------------------------------------------------------------------
# autograd through mixed dtypes

GRAD_BINARY = ["add", "sub", "mul", "div", "pow", "atan2", "hypot", "maximum", "xlogy", "copysign",
               "remainder", "fmod", "float_power", "add_alpha_f", "clamp_min", "minimum", "fmax"]
GRAD_TERNARY = ["where", "lerp", "addcmul", "addcdiv", "clamp"]


def make_grad_case(rng):
    def operand(force_tensor=False, shape=None):
        r = rng.random()
        if r < 0.6 or force_tensor:
            d = FLOATS[rng.integers(3)]
            shape = ((3,) if rng.random() < .7 else ()) if shape is None else shape
            v = np.round(rng.uniform(0.3, 2.5, shape) * rng.choice([1, -1]), 2)
            return ("g", np.asarray(v, d))
        if r < 0.8:
            return tensor_spec(rng, INTS[rng.integers(len(INTS))], (3,) if rng.random() < .5 else ())
        return ("py", float(rng.choice([1.5, -2.0, 0.5]))) if rng.random() < .5 else ("py", int(rng.integers(1, 4)))
    if rng.random() < 0.7:
        name = GRAD_BINARY[rng.integers(len(GRAD_BINARY))]
        fn = BINARY[name][0]
        specs = [operand(True), operand()]
    else:
        name = GRAD_TERNARY[rng.integers(len(GRAD_TERNARY))]
        fn = TERNARY[name][0]
        # (torch's backward fails for a 0-dim clamp input with wider bounds, and for addcdiv by an integer
        # tensor2: docs/differences.md)
        specs = [operand(True, (3,) if name == "clamp" else None), operand(), operand(name == "addcdiv")]
    return f"grad {name}({', '.join(map(_show_g, specs))})", lambda m: _grads(m, fn, specs)


def _show_g(spec):
    return f"leaf({spec[1].tolist()}, {spec[1].dtype})" if spec[0] == "g" else _show(spec)


def _grads(m, fn, specs):
    ins = [m.tensor(s[1]).requires_grad_() if s[0] == "g" else build(m, s) for s in specs]
    y = fn(m, *ins)
    leaves = [t for t, s in zip(ins, specs) if s[0] == "g"]
    g = m.from_numpy(np.linspace(-1, 1.5, y.numel()).reshape(tuple(y.shape))).to(y.dtype)
    grads = m.autograd.grad(y, leaves, g, allow_unused=True)
    return y, type(y.grad_fn).__name__, [x if x is None else x for x in grads]


def grad_compare(fn):
    (tr, tw), (pr, pw) = observe(fn, torch), observe(fn, pullback)
    if tr[0] != pr[0] or (tr[0] == "err" and tr[1:] != pr[1:]):
        return f"outcome: pullback {pr[:3]!r:.300} vs torch {tr[:3]!r:.300}"
    if tr[0] == "ok":  # (a float64 gradient of float32 math is as exact as float32)
        return _diff(_normal(pr[1]), _normal(tr[1]), False, least_eps=64 * float(np.finfo(np.float32).eps))
    return None


def run_grad_seed(seed, n=8):
    rng = np.random.default_rng(10_000 + seed)
    found = []
    for i in range(n):
        label, fn = make_grad_case(rng)
        d = grad_compare(fn)
        if d:
            found.append(f"seed {seed} grad case {i}: {label}\n    {d}")
    return found


# ---------------------------------------------------------------------------------------------
# minimized regression cases (each once a discrepancy): label -> (fn(m), exact)

def _t(values, dtype):
    return ("t", np.asarray(values, dtype))


def _ip(fn, a, b):
    """An in-place case: fn(m, a, b) on fresh tensors, a refused one leaving `a` unchanged."""
    return lambda m: _inplace(m, fn, a, b)


def _grad(fn, *specs):
    return lambda m: _grads(m, fn, [("g", np.asarray(v, d)) if kind == "g" else (kind, np.asarray(v, d))
                                    for kind, v, d in specs])


REGRESSIONS = {
    # NumPy scalars are numbers to torch's parser, np.bool_ a float
    "np_bool_is_a_float": (lambda m: m.tensor([1, 2]) + np.True_, True),
    "np_bool_xor": (lambda m: m.tensor([1, 2]) ^ np.True_, True),
    "np_scalar_compared": (lambda m: (m.tensor(3.0) == np.float32(3), np.float16(0) != m.tensor(3.34)), True),
    "np_scalar_result_type": (lambda m: m.result_type(m.tensor([1], dtype=m.int8), np.int8(1)), True),
    "np_scalar_in_place": (_ip(lambda m, a, b: a.__iand__(np.True_), _t([6, 5], "int32"), _t(0, "int32")), True),
    "np_scalar_type_name": (lambda m: m.nextafter(np.uint8(1), m.tensor([1])), True),
    # functions taking a Tensor first
    "fmod_number_first": (lambda m: m.fmod(True, m.tensor([1, 2])), True),
    "maximum_number_first": (lambda m: m.maximum(1.5, m.tensor([1.0])), True),
    "eq_number_first": (lambda m: m.eq(2, m.tensor([1])), True),
    "equal_number": (lambda m: m.equal(m.tensor([1]), 2), True),
    "allclose_number": (lambda m: m.allclose(m.tensor([1]), 1), True),
    "atan2_inplace_number": (lambda m: m.tensor([1.0]).atan2_(True), True),
    "where_out_number": (lambda m: m.where(m.tensor([True, False]), 1, m.tensor([2]), out=m.tensor([1, 2])), True),
    # out= dtypes
    "neg_out_other_dtype": (lambda m: m.neg(m.tensor([4, 128], dtype=m.uint8), out=m.empty(2, dtype=m.int8)), True),
    "frac_out_before_kernel": (lambda m: m.frac(m.tensor([4], dtype=m.uint8), out=m.empty(1)), True),
    "neg_bool_out": (lambda m: m.neg(m.tensor([True]), out=m.empty(1)), True),
    "clamp_out_promoted": (lambda m: m.clamp(m.tensor([1, 5], dtype=m.int8), 2.0, out=m.empty(2, dtype=m.bool)), True),
    "clamp_tensor_bound_out": (lambda m: m.clamp(m.tensor([1, 5], dtype=m.int8), m.tensor(2.5), out=m.empty(2)),
                               True),
    "where_out_dtype": (lambda m: m.where(m.tensor([True]), m.tensor([1.0]), m.tensor([2.0]),
                                          out=m.empty(1, dtype=m.float64)), True),
    "float_power_out": (lambda m: m.float_power(m.tensor([2.0]), 2, out=m.empty(1)), True),
    "amax_out": (lambda m: m.amax(m.tensor([[1.0, 2.0]]), 0, out=m.empty(0, dtype=m.float64)), True),
    "sum_out_computes_in_its_dtype": (lambda m: m.sum(m.tensor([[-2.4, 3.63, -0.8]], dtype=m.float64), 0,
                                                      out=m.empty(0, dtype=m.uint8)), True),
    "cumsum_bool_out": (lambda m: m.cumsum(m.tensor([1, 2]), 0, out=m.empty(0, dtype=m.bool)), True),
    "any_uint8_out": (lambda m: m.any(m.tensor([[-2.4, 0.8]], dtype=m.float64), 0, out=m.empty(0, dtype=m.uint8)),
                      True),
    "all_float_out": (lambda m: m.all(m.tensor([[1, 0]]), 0, out=m.empty(0)), True),
    "signbit_out": (lambda m: m.signbit(m.tensor([-1.0]), out=m.empty(1)), True),
    "mean_int_out": (lambda m: m.mean(m.tensor([[1.0, 2.0]], dtype=m.float64), 0, out=m.empty(1, dtype=m.int64)),
                     True),
    "bitwise_out_cast_first": (lambda m: m.bitwise_and(m.tensor([1.0]), m.tensor([1], dtype=m.int8),
                                                       out=m.empty(1, dtype=m.bool)), True),
    "kernel_refusal_resizes_out": (lambda m: m.fmod(m.tensor(6), m.tensor([[True, False]]), out=m.tensor(6)), True),
    # in place: shape, then cast, then the kernel; nothing written
    "iand_cast_before_kernel": (_ip(lambda m, a, b: a.__iand__(b), _t([6, 5], "int32"), _t([0.5, 1], "float16")),
                                True),
    "irshift_shape_first": (_ip(lambda m, a, b: a.__irshift__(b), _t(3, "int32"), _t([[2.3, 0.6]], "float32")), True),
    "imod_shape_before_zero_division": (_ip(lambda m, a, b: a.__imod__(b), _t([[4, 2]], "int64"),
                                            _t([[0, 5], [1, 3]], "int16")), True),
    "add_alpha_inplace_shape_first": (_ip(lambda m, a, b: a.add_(b, alpha=2), _t(False, "bool"),
                                          _t([3, 5], "int64")), True),
    "sub_bool_inplace": (_ip(lambda m, a, b: a.sub_(b, alpha=2), _t([3.4, -2.4], "float16"),
                             _t([[True, True], [False, False]], "bool")), True),
    "lerp_inplace_bool": (_ip(lambda m, a, b: a.lerp_(b, 0.5), _t([False, True], "bool"),
                              _t([[False, False], [True, True]], "bool")), True),
    "addcmul_inplace_bool": (_ip(lambda m, a, b: a.addcmul_(b, b), _t([True, False], "bool"), _t([False, True], "bool")),
                             True),
    "pow_bool_negative": (_ip(lambda m, a, b: a.pow_(-3), _t([True], "bool"), _t(0, "int64")), True),
    # integer wraparound of Python ints, and their checks
    "ixor_wraps": (_ip(lambda m, a, b: a.__ixor__(300), _t([3, -1, 127], "int8"), _t(0, "int64")), True),
    "imul_wraps": (_ip(lambda m, a, b: a.__imul__(-129), _t([128, 1], "uint8"), _t(0, "int64")), True),
    "compare_wraps": (lambda m: m.tensor(-6, dtype=m.int8) < -129, True),
    "and_wraps": (lambda m: (2 ** 40) & m.tensor([1, 2], dtype=m.uint8), True),
    "pow_exponent_checked": (lambda m: m.tensor([1], dtype=m.uint8) ** (2 ** 40), True),
    "rsub_number_first": (lambda m: m.rsub(2.0, m.tensor([1])), True),
    "masked_fill_value_dims": (lambda m: m.tensor([1.0, 2.0]).masked_fill(m.tensor([True, False]),
                                                                          m.tensor([3.0, 4.0])), True),
    "clamp_float_bound_checked": (lambda m: m.clamp(m.tensor([1.5], dtype=m.float16), 70000.0), True),
    "atan2_ints_from_own_dtype": (lambda m: m.atan2(m.tensor([-6, 2], dtype=m.int16), m.tensor(-2 ** 31, dtype=m.int32)),
                                  True),
    "add_alpha_half_scalar_loop": (lambda m: [m.add(m.tensor([2.0, 5.0], dtype=m.float16),
                                                    m.tensor([3.16015625, 2.779296875], dtype=m.float16), alpha=a)
                                              for a in (3, -3, 0.3)], True),
    "np_bool_out_cast_first": (lambda m: m.bitwise_and(m.tensor(-4, dtype=m.int16), np.False_,
                                                       out=m.tensor([2, 1], dtype=m.uint8)), True),
    "mean_out_computes_in_its_dtype": (lambda m: m.mean(m.tensor([2.0, 0.5, 3.0]), 0, out=m.empty(0, dtype=m.float64)),
                                       True),
    "mean_int_input_float_out": (lambda m: m.mean(m.tensor([1, 2]), 0, out=m.empty(0)), True),
    "clamp_np_bound_out": (lambda m: m.clamp(m.tensor([-4, 5], dtype=m.int32), np.float16(3.0), out=m.empty(2)), True),
    "xlogy_number_in_half": (lambda m: m.xlogy(m.tensor(1.0, dtype=m.float16), 2 ** 40), True),
    "lerp_all_zero_dim": (lambda m: m.lerp(m.tensor(2.14), m.tensor(1.87), m.tensor(-1.22, dtype=m.float64)), True),
    "lcm_wraps_after_abs": (lambda m: m.lcm(m.tensor([-1, 127, -6], dtype=m.int8), m.tensor(2, dtype=m.int16)), True),
    "pow_number_base_wraps": (lambda m: m.pow(np.int32(-2), m.tensor([2, 0, 4], dtype=m.uint8)), True),
    "where_number_checked": (lambda m: m.where(m.tensor([True, False]), m.tensor([1, 2], dtype=m.uint8), 300), True),
    "where_number_wraps_not": (lambda m: m.where(m.tensor([True, False]), m.tensor([1, 2], dtype=m.uint8), -1), True),
    "xlogy_number_not_wrapped": (lambda m: m.xlogy(np.int64(-2), m.tensor([5, 3], dtype=m.uint8)), True),
    "floor_divide_wraps": (lambda m: m.tensor([5, 3], dtype=m.uint8) // 300, True),
    "floor_divide_by_false": (lambda m: m.div(m.tensor([5]), False, rounding_mode="floor"), True),
    "sub_bool_alpha": (lambda m: m.sub(m.tensor([True]), np.uint8(1), alpha=3), True),
    "positive_bool": (lambda m: +m.tensor([True]), True),
    # values
    "remainder_zero_sign": (lambda m: m.remainder(m.tensor([0.0, -0.0, 4.0, -3.0]), m.tensor([-3.5, 7.0, -4.0, 3.0])),
                            True),
    "clamp_mixed_bounds": (lambda m: m.clamp(m.tensor([1.0, 2.0]), m.tensor([0.0, 0.0]), 1.0), True),
    "clamp_method_mixed_bounds": (lambda m: m.tensor([1.0, 2.0]).clip(m.tensor([0.0, 0.0]), 1.0), True),
    "clamp_zero_dim_bound": (lambda m: m.clamp(m.tensor([1.0, 2.0]), m.tensor(0.5), 1.0), True),
    "true_divide_ints": (lambda m: m.div(m.tensor(-6, dtype=m.int8), m.tensor([0, 3, 6], dtype=m.uint8)), True),
    "add_alpha_in_result_dtype": (lambda m: [m.add(m.tensor([1.0, 2.0]), m.tensor([127, -5], dtype=m.int8), alpha=2),
                                             m.add(m.tensor([2.0], dtype=m.float16), m.tensor([-2 ** 63]), alpha=2),
                                             m.add(m.tensor([1.0, 2.0], dtype=m.float16),
                                                   m.tensor([1.0009765625, -5.0], dtype=m.float16), alpha=0.3)], True),
    "half_times_scalar_tensor": (lambda m: [m.tensor([1.0, 3.0, 0.1, 100.0], dtype=m.float16) * m.tensor(0.3),
                                            m.tensor([1.0, 3.0, 0.1, 100.0], dtype=m.float16) / m.tensor(0.3),
                                            m.tensor([3.0, 0.1], dtype=m.float16) * m.tensor(2049),
                                            m.tensor([3.0, 0.1], dtype=m.float16) + m.tensor(2049)], True),
    "addcmul_half": (lambda m: m.addcmul(m.tensor(3, dtype=m.uint8), m.tensor(1.03),
                                         m.tensor([2.400390625, -3.6], dtype=m.float16), value=0.5), True),
    "addcdiv_half": (lambda m: m.addcdiv(m.tensor([-3.0, 2.0], dtype=m.float16), m.tensor(-3.3, dtype=m.float16),
                                         m.tensor([-1.509765625, -3.98046875], dtype=m.float16), value=0.7), True),
    "lerp_zero_dim_weight": (lambda m: [m.lerp(m.tensor([-0.9, -1.1]), m.tensor([-1.9, -1.1]),
                                               m.tensor(1.9, dtype=m.float64)),
                                        m.lerp(m.tensor([-2.109375, -0.39990234375], dtype=m.float16),
                                               m.tensor(0.419921875, dtype=m.float16), m.tensor(2.36))], True),
    "prod_overflow_silent": (lambda m: (m.tensor([10000.0, 2.7, 2.9], dtype=m.float16).prod(0),
                                        m.tensor([[-0.0, -np.inf]]).prod(dtype=m.int32)), True),
    # torch.tensor of numbers into integer dtypes
    "tensor_float_past_uint8": (lambda m: m.tensor([0, -1.0], dtype=m.uint8), True),
    "tensor_float_then_int_wrapping": (lambda m: m.tensor([0.5, -2], dtype=m.uint8), True),
    "tensor_np_float_into_int": (lambda m: m.tensor([np.float32(1.5), 2], dtype=m.int32), True),
    "tensor_np_float_into_bool": (lambda m: m.tensor([True, np.float32(1.5)], dtype=m.bool), True),
    # gradients through mixed dtypes
    "grad_add_alpha_half": (_grad(lambda m, a, b: m.add(a, b, alpha=0.5), ("g", [-2.48, -2.22], "float16"),
                                  ("g", 1.13, "float32")), False),
    "grad_div_half_by_scalar_tensor": (_grad(lambda m, a, b: a / b, ("g", [-1.75, -2.24], "float16"),
                                             ("g", 1.19, "float32")), False),
    "grad_pow_exponent_of_half_base": (_grad(lambda m, a, b: a ** b, ("g", 2.119140625, "float16"),
                                             ("g", [-0.33, -2.02], "float32")), False),
    "grad_lerp_zero_dim_weight": (_grad(lambda m, a, b, w: m.lerp(a, b, w), ("g", [-0.9, -1.1], "float32"),
                                        ("g", [-1.9, -1.1], "float32"), ("g", 1.9, "float64")), False),
}


# ---------------------------------------------------------------------------------------------
# tests

@pytest.mark.parametrize("name", list(REGRESSIONS))
def test_regression(name):
    fn, exact = REGRESSIONS[name]
    d = compare(fn, exact)
    assert d is None, d

@pytest.mark.parametrize("seed", range(40))
def test_fuzz(seed):
    found = run_seed(seed)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("seed", range(10))
def test_grad_fuzz(seed):
    found = run_grad_seed(seed)
    assert not found, "\n".join(found)


if __name__ == "__main__":
    lo, hi = int(sys.argv[1]), int(sys.argv[2])
    total = 0
    for s in range(lo, hi):
        for f in run_seed(s) + run_grad_seed(s):
            total += 1
            print(f)
    print(f"{total} discrepancies")
