"""Argument types, against torch: a binary function's, method's or operator's second operand (a
Tensor; for most, a number too), a function's input (a Tensor), a fill value (a Number), an int
argument (not a bool, float or None; a NumPy integer or 0-d tensor reads as its value). Anything else
(None, a string, a list, a dict, an array where a Tensor is asked for) raises torch's TypeError: the
same class and first line, positions counted as torch counts them (from the first argument after self
for a method, none for a keyword), operators returning NotImplemented so that Python names them. A
refused in-place call leaves its tensor as it was."""
import numpy as np
import pytest
import torch

import pullback
from test_autograd_fuzz import compare_error

TENSOR_ONLY = ["atan2", "arctan2", "maximum", "minimum", "fmax", "fmin", "hypot", "logaddexp", "logaddexp2",
               "logical_and", "logical_or", "logical_xor", "nextafter", "ldexp", "igamma", "igammac", "dist",
               "isclose", "allclose", "equal"]
NUMBERS_TOO = ["add", "sub", "mul", "div"]
OVERLOADED = ["subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "fmod", "pow",
              "float_power", "xlogy", "copysign", "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal",
              "less", "less_equal", "not_equal"]
INTEGER_ONLY = ["gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
                "bitwise_right_shift"]
NAMES = TENSOR_ONLY + NUMBERS_TOO + OVERLOADED + INTEGER_ONLY

BAD = {"None": lambda m: None, "str": lambda m: "a", "list": lambda m: [1.0, 2.0, 3.0], "tuple": lambda m: (1.0,),
       "dict": lambda m: {}, "object": lambda m: object, "ndarray": lambda m: np.ones(3)}
GOOD = {"int": lambda m: 2, "float": lambda m: 0.5, "bool": lambda m: True, "np.float32": lambda m: np.float32(1.5),
        "np.int64": lambda m: np.int64(3), "0-d tensor": lambda m: m.tensor(2.0), "tensor": lambda m: m.full((3,), 1.5)}


def _self(m, name):
    return m.tensor([1, 2, 3]) if name in INTEGER_ONLY else m.tensor([1.0, 2.0, 3.0])


def _forms(name):
    """Each way to call `name` with operand v: (form, call(m, self, v))."""
    param = "exponent" if name in ("pow", "float_power") else "other"
    forms = [("function", lambda m, t, v: getattr(m, name)(t, v)),
             ("method", lambda m, t, v: getattr(t, name)(v)),
             ("keyword", lambda m, t, v: getattr(t, name)(**{param: v}))]
    if hasattr(torch.Tensor, name + "_"):
        forms.append(("in place", lambda m, t, v: getattr(t, name + "_")(v)))
    return forms


def _outcome(call, m, name, value):
    t = _self(m, name)
    before = t.tolist()
    try:
        result = call(m, t, value(m))
    except Exception as e:  # noqa: BLE001 (the error is the outcome compared)
        assert t.tolist() == before, "a refused call changed its tensor"
        return e, None
    return None, result


CASES = [(name, form, call, kind) for name in NAMES for form, call in _forms(name) for kind in BAD]


@pytest.mark.parametrize("name,form,call,kind", CASES, ids=[f"{n}-{f}-{k}" for n, f, _, k in CASES])
def test_refused_operand(name, form, call, kind):
    te, _ = _outcome(call, torch, name, BAD[kind])
    pe, _ = _outcome(call, pullback, name, BAD[kind])
    assert te is not None
    compare_error(pe, te, f"{name} {form} with {kind}")


INPUT_CASES = [(name, kind) for name in NAMES for kind in ("None", "str", "list", "int")]


@pytest.mark.parametrize("name,kind", INPUT_CASES, ids=[f"{n}-{k}" for n, k in INPUT_CASES])
def test_refused_input(name, kind):
    """A function's input: a Tensor, or for some a number (torch.add(2, x), torch.pow(2, x)); by position,
    and for the refused kinds by keyword too (a number's overload names it self=, not input=)."""
    value = {"int": lambda m: 2, **BAD}[kind]
    calls = [lambda m, t, v: getattr(m, name)(v, t)]
    if kind != "int" and name not in ("pow", "float_power"):  # (their operand is exponent=)
        calls.append(lambda m, t, v: getattr(m, name)(input=v, other=t))
    for call in calls:
        te, _ = _outcome(call, torch, name, value)
        pe, _ = _outcome(call, pullback, name, value)
        compare_error(pe, te, f"{name} with a {kind} input")


@pytest.mark.parametrize("name", ["xlogy", "xlog1py", "zeta"])
@pytest.mark.parametrize("kind", ["None", "str", "list"])
def test_refused_special_operand(name, kind):
    """torch.special's functions are named special_<name> in torch's messages."""
    errors = []
    for m in (torch, pullback):
        with pytest.raises(TypeError) as info:
            getattr(m.special, name)(m.ones(3), BAD[kind](m))
        errors.append(info.value)
    compare_error(errors[1], errors[0], f"special.{name}")


GOOD_CASES = [(name, form, call, kind) for name in NUMBERS_TOO + OVERLOADED + TENSOR_ONLY[:4]
              for form, call in _forms(name) for kind in GOOD]


@pytest.mark.parametrize("name,form,call,kind", GOOD_CASES, ids=[f"{n}-{f}-{k}" for n, f, _, k in GOOD_CASES])
def test_taken_operand(name, form, call, kind):
    te, tr = _outcome(call, torch, name, GOOD[kind])
    pe, pr = _outcome(call, pullback, name, GOOD[kind])
    compare_error(pe, te, f"{name} {form} with {kind}")
    if te is None:
        np.testing.assert_allclose(np.asarray(pr.tolist() if hasattr(pr, "tolist") else pr, dtype=float),
                                   np.asarray(tr.tolist() if hasattr(tr, "tolist") else tr, dtype=float), rtol=1e-6)


OPERATORS = {
    "+": lambda t, v: t + v, "r+": lambda t, v: v + t, "-": lambda t, v: t - v, "r-": lambda t, v: v - t,
    "*": lambda t, v: t * v, "r*": lambda t, v: v * t, "/": lambda t, v: t / v, "r/": lambda t, v: v / t,
    "**": lambda t, v: t ** v, "r**": lambda t, v: v ** t, "@": lambda t, v: t @ v, "//": lambda t, v: t // v,
    "%": lambda t, v: t % v, "<": lambda t, v: t < v, "==": lambda t, v: t == v,
}


def _augmented(op):
    def run(t, v):
        u = t
        if op == "+=":
            u += v
        elif op == "-=":
            u -= v
        elif op == "*=":
            u *= v
        elif op == "/=":
            u /= v
        else:
            u **= v
        return u
    return run


OPERATORS.update({op: _augmented(op) for op in ("+=", "-=", "*=", "/=", "**=")})
OPERATOR_CASES = [(op, kind) for op in OPERATORS for kind in ("None", "str", "list", "tuple", "dict", "object")]


@pytest.mark.parametrize("op,kind", OPERATOR_CASES, ids=[f"{o}-{k}" for o, k in OPERATOR_CASES])
def test_operator_operand(op, kind):
    outcomes = []
    for m in (torch, pullback):
        t = m.tensor([1.0, 2.0, 3.0])
        try:
            r = OPERATORS[op](t, BAD[kind](m))
            outcomes.append((None, r))
        except Exception as e:  # noqa: BLE001
            assert t.tolist() == [1.0, 2.0, 3.0]
            outcomes.append((e, None))
    (te, tr), (pe, pr) = outcomes
    compare_error(pe, te, f"x {op} {kind}")
    if te is None:  # (x == None is False in both)
        assert pr == tr


def test_invalid_combination_keywords_as_torch_lists_them():
    """Keywords come after the positional arguments, in the reverse of their order, each followed by a
    comma where no positional argument comes first (torch's listing)."""
    for call in (lambda m: m.remainder(input=m.ones(3), other=None),
                 lambda m: m.remainder(m.ones(3), out=None, other=None),
                 lambda m: m.ones(3).div(other=None, rounding_mode="floor"),
                 lambda m: m.ones(3).remainder(other=None)):
        errors = []
        for m in (torch, pullback):
            with pytest.raises(TypeError) as info:
                call(m)
            errors.append(info.value)
        compare_error(errors[1], errors[0], "keywords")


def test_optimizer_step_without_gradient():
    """The usual slip: a step on a parameter whose .grad is still None."""
    errors = []
    for m in (torch, pullback):
        w = m.ones(3, requires_grad=True)
        with m.no_grad(), pytest.raises(TypeError) as info:
            w.add_(w.grad, alpha=-0.1)
        assert w.tolist() == [1.0, 1.0, 1.0]
        errors.append(info.value)
    compare_error(errors[1], errors[0], "add_(None)")


def _same_outcome(run, where):
    """run(m) with torch and with pullback: the same error (class and first line), or equal values (each
    of a tuple's)."""
    outcomes = []
    for m in (torch, pullback):
        try:
            outcomes.append((None, run(m)))
        except Exception as e:  # noqa: BLE001 (the error is the outcome compared)
            outcomes.append((e, None))
    (te, tr), (pe, pr) = outcomes
    compare_error(pe, te, where)
    if te is None:
        for p, t in zip(pr if isinstance(pr, tuple) else (pr,), tr if isinstance(tr, tuple) else (tr,)):
            np.testing.assert_allclose(p.tolist(), t.tolist(), rtol=1e-6)


TENSOR_INPUTS = {
    "Linear on a list": lambda m: m.nn.Linear(3, 4)([1.0, 2.0, 3.0]),
    "Linear on an array": lambda m: m.nn.Linear(3, 4)(np.zeros((2, 3))),
    "sum of a list": lambda m: m.sum([1, 2]),
    "sqrt of a float": lambda m: m.sqrt(4.0),
    "exp of None": lambda m: m.exp(None),
    "zeros_like of a list": lambda m: m.zeros_like([1, 2]),
    "numel of a list": lambda m: m.numel([1]),
    "is_floating_point of a list": lambda m: m.is_floating_point([1.0]),
    "F.linear input= a list": lambda m: m.nn.functional.linear(input=[1.0], weight=m.ones(1, 1)),
    "linalg.norm of a list": lambda m: m.linalg.vector_norm([1.0, 2.0]),
    "linalg.inv of a list": lambda m: m.linalg.inv([[1.0]]),
    "linalg.det of None": lambda m: m.linalg.det(None),
    "special.erf of a list": lambda m: m.special.erf([1.0]),
    "bucketize of a number": lambda m: m.bucketize(3, m.tensor([1, 5])),
    "matmul by None": lambda m: m.matmul(m.ones(2, 3), None),
    "matmul method by None": lambda m: m.ones(2, 3).matmul(None),
    "mm by a list": lambda m: m.ones(2, 3).mm([1.0]),
    "kron by a list": lambda m: m.kron(m.ones(2), [1]),
    "dot by a list": lambda m: m.dot(m.ones(2), [1.0, 2.0]),
    "outer by None": lambda m: m.outer(m.ones(2), None),
    "mv by None": lambda m: m.mv(m.ones(2, 3), None),
    "cross_entropy of a label list": lambda m: m.nn.functional.cross_entropy(m.zeros(4, 3), [0, 1, 2, 1]),
    "cross_entropy of a list": lambda m: m.nn.functional.cross_entropy([[0.0]], m.tensor([0])),
    "nll_loss of a label list": lambda m: m.nn.functional.nll_loss(m.zeros(4, 3), [0, 1, 2, 1]),
    "Embedding of a list": lambda m: m.nn.Embedding(10, 3)([1, 2]),
    "F.embedding of a weight list": lambda m: m.nn.functional.embedding(m.tensor([0]), [[1.0]]),
    "F.relu of a list": lambda m: m.nn.functional.relu([1.0, -1.0]),
    "F.leaky_relu of a list": lambda m: m.nn.functional.leaky_relu([1.0]),
    "F.elu of a list": lambda m: m.nn.functional.elu([1.0]),
    "F.silu of a list": lambda m: m.nn.functional.silu([1.0]),
    "F.hardtanh of a list": lambda m: m.nn.functional.hardtanh([1.0]),
    "F.relu6 of a list": lambda m: m.nn.functional.relu6([1.0]),
    "F.logsigmoid of a list": lambda m: m.nn.functional.logsigmoid([1.0]),
    "F.dropout of a list": lambda m: m.nn.functional.dropout([1.0]),
    "F.max_pool2d of a list": lambda m: m.nn.functional.max_pool2d([[[1.0]]], 1),
    "F.layer_norm of a list": lambda m: m.nn.functional.layer_norm([1.0], (1,)),
    "F.batch_norm of a list": lambda m: m.nn.functional.batch_norm([[1.0]], None, None),
    "F.pad of a list": lambda m: m.nn.functional.pad([1.0], (1, 1)),
    "F.kl_div of a list": lambda m: m.nn.functional.kl_div([1.0], m.ones(1), reduction="sum"),
    "F.relu of a tensor": lambda m: m.nn.functional.relu(m.tensor([1.0, -1.0])),
    "sum of a Parameter": lambda m: m.sum(m.nn.Parameter(m.ones(2))),
    "clamp of a tensor": lambda m: m.clamp(m.tensor([-1.0, 2.0]), 0.0, 1.0),
}


@pytest.mark.parametrize("name", TENSOR_INPUTS)
def test_tensor_input(name):
    """A function whose input torch's parser types as a Tensor refuses anything else with its TypeError
    (a list or an array passed to a model is the usual case), by position or by keyword."""
    _same_outcome(TENSOR_INPUTS[name], name)


INT_CALLS = {
    "chunk": lambda m, t, v: t.chunk(v), "topk": lambda m, t, v: t.topk(v).values,
    "transpose dim0": lambda m, t, v: t.transpose(v, 1), "transpose dim1": lambda m, t, v: m.transpose(t, 0, v),
    "unsqueeze": lambda m, t, v: t.unsqueeze(v), "flatten": lambda m, t, v: t.flatten(v),
    "argmax": lambda m, t, v: t.argmax(v), "argmin keyword": lambda m, t, v: t.argmin(dim=v),
    "cumsum": lambda m, t, v: t.cumsum(v), "cumsum keyword": lambda m, t, v: t.cumsum(dim=v),
    "cumprod": lambda m, t, v: m.cumprod(t, v), "triu": lambda m, t, v: m.triu(t, v), "tril": lambda m, t, v: t.tril(v),
    "cat": lambda m, t, v: m.cat([t, t], v), "stack": lambda m, t, v: m.stack([t, t], v),
    "select": lambda m, t, v: t.select(v, 0), "diagonal": lambda m, t, v: t.diagonal(v),
    "kthvalue": lambda m, t, v: t.kthvalue(v).values, "unbind": lambda m, t, v: t.unbind(v),
    "diff": lambda m, t, v: m.diff(t, v), "diag": lambda m, t, v: m.diag(t, v),
    "softmax": lambda m, t, v: t.softmax(v), "log_softmax": lambda m, t, v: m.log_softmax(t, v),
    "one_hot": lambda m, t, v: m.nn.functional.one_hot(m.tensor([0, 1]), v),
}
INT_VALUES = {"float": lambda m: 1.0, "str": lambda m: "a", "None": lambda m: None, "bool": lambda m: True,
              "tuple": lambda m: (0,), "numpy int": lambda m: np.int64(1), "0-d tensor": lambda m: m.tensor(1),
              "int": lambda m: 1}
INT_CASES = [(c, v) for c in INT_CALLS for v in INT_VALUES]


@pytest.mark.parametrize("call,value", INT_CASES, ids=[f"{c}-{v}" for c, v in INT_CASES])
def test_int_argument(call, value):
    """An int argument of a function with one signature: a bool, a float, None (unless optional) or a
    sequence is torch's TypeError; a NumPy integer or a 0-d integer tensor reads as its value."""
    _same_outcome(lambda m: INT_CALLS[call](m, m.arange(6.0).reshape(2, 3), INT_VALUES[value](m)),
                  f"{call} with {value}")


BOOL_CALLS = {
    "sum": lambda m, t, v: t.sum(0, v), "sum keyword": lambda m, t, v: t.sum(0, keepdim=v),
    "torch.sum": lambda m, t, v: m.sum(t, 0, v), "mean": lambda m, t, v: t.mean(0, v),
    "max": lambda m, t, v: t.max(0, v).values, "amax": lambda m, t, v: t.amax(0, v),
    "argmax": lambda m, t, v: t.argmax(0, v), "prod": lambda m, t, v: t.prod(0, v),
    "logsumexp": lambda m, t, v: t.logsumexp(0, v), "median": lambda m, t, v: t.median(0, v).values,
    "topk largest": lambda m, t, v: t.topk(1, largest=v).values,
    "nonzero as_tuple": lambda m, t, v: m.nonzero(t, as_tuple=v),
    "requires_grad_": lambda m, t, v: t.clone().requires_grad_(v),
}
BOOL_VALUES = {"int 1": lambda: 1, "int 0": lambda: 0, "str": lambda: "yes", "None": lambda: None,
               "numpy bool": lambda: np.bool_(True), "float": lambda: 1.0, "True": lambda: True, "False": lambda: False}
BOOL_CASES = [(c, v) for c in BOOL_CALLS for v in BOOL_VALUES]


@pytest.mark.parametrize("call,value", BOOL_CASES, ids=[f"{c}-{v}" for c, v in BOOL_CASES])
def test_bool_argument(call, value):
    """keepdim, largest, as_tuple, requires_grad: a Python bool only (not an int, not a NumPy bool)."""
    _same_outcome(lambda m: BOOL_CALLS[call](m, m.arange(6.0).reshape(2, 3), BOOL_VALUES[value]()),
                  f"{call} with {value}")
