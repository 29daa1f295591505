"""Each node's local derivative, in plain notation: one formula per input edge.

`grad` is the gradient arriving at the node, `self` / `other` its first / second input,
`result` its output; `·` multiplies, `ᵀ` transposes, `[c]` is 1 where c holds, else 0,
`Σ` sums, `f′` is a derivative. The names follow torch's tools/autograd/derivatives.yaml.

An entry is a tuple (one formula per input, one per input position (`_edges`); inputs are
named as INPUT_NAMES says, else self, other, input2, ...) or a string (the same formula for
every input).
"""
from ._inspect import node_name

FORMULAS = {
    # pointwise, unary
    "NegBackward0": ("−grad",),
    "AbsBackward0": ("grad·sign(self)",),
    "SignBackward0": ("0",),
    "CeilBackward0": ("0",),
    "FloorBackward0": ("0",),
    "RoundBackward0": ("0",),
    "RoundBackward1": ("0",),
    "TruncBackward0": ("0",),
    "FracBackward0": ("grad",),
    "ExpBackward0": ("grad·result",),
    "Exp2Backward0": ("grad·result·ln 2",),
    "Expm1Backward0": ("grad·(result + 1)",),
    "LogBackward0": ("grad / self",),
    "Log2Backward0": ("grad / (self·ln 2)",),
    "Log10Backward0": ("grad / (self·ln 10)",),
    "Log1PBackward0": ("grad / (1 + self)",),
    "SqrtBackward0": ("grad / (2·result)",),
    "RsqrtBackward0": ("−grad·result³ / 2",),
    "ReciprocalBackward0": ("−grad·result²",),
    "SinBackward0": ("grad·cos(self)",),
    "CosBackward0": ("−grad·sin(self)",),
    "TanBackward0": ("grad·(1 + result²)",),
    "AsinBackward0": ("grad / √(1 − self²)",),
    "AcosBackward0": ("−grad / √(1 − self²)",),
    "AtanBackward0": ("grad / (1 + self²)",),
    "SinhBackward0": ("grad·cosh(self)",),
    "CoshBackward0": ("grad·sinh(self)",),
    "TanhBackward0": ("grad·(1 − result²)",),
    "AsinhBackward0": ("grad / √(self² + 1)",),
    "AcoshBackward0": ("grad / √(self² − 1)",),
    "AtanhBackward0": ("grad / (1 − self²)",),
    "ErfBackward0": ("grad·2/√π·exp(−self²)",),
    "ErfcBackward0": ("−grad·2/√π·exp(−self²)",),
    "SigmoidBackward0": ("grad·result·(1 − result)",),
    "LogSigmoidBackward0": ("grad·(1 − sigmoid(self))",),
    "LogitBackward0": ("grad / (self·(1 − self))",),
    "ReluBackward0": ("grad·[result > 0]",),
    "LeakyReluBackward0": ("grad·(self > 0 ? 1 : negative_slope)",),
    "HardtanhBackward0": ("grad·[min_val < self < max_val]",),
    "EluBackward0": ("grad·elu′(self)",),
    "GeluBackward0": ("grad·gelu′(self)",),
    "SiluBackward0": ("grad·sigmoid(self)·(1 + self·(1 − sigmoid(self)))",),
    "MishBackward0": ("grad·mish′(self)",),
    "SoftplusBackward0": ("grad·sigmoid(beta·self)",),
    "ClampBackward1": ("grad·[min ≤ self ≤ max]",),
    "ClampMinBackward0": ("grad·[self ≥ min]",),
    "CloneBackward0": ("grad",),
    "ToCopyBackward0": ("grad.to(self.dtype)",),
    "FillBackward0": ("0",),
    "ZeroBackward0": ("0",),
    "MaskedFillBackward0": ("grad·[not mask]",),
    "CopySlices": ("grad, its view's part through the in-place op's formula",),
    "CopyBackwards": ("0", "grad"),
    # pointwise, binary and more
    "AddBackward0": ("grad", "grad·alpha"),
    "SubBackward0": ("grad", "−grad·alpha"),
    "RsubBackward0": ("−grad", "grad"),
    "RsubBackward1": ("−grad",),
    "MulBackward0": ("grad·other", "grad·self"),
    "DivBackward0": ("grad / other", "−grad·self / other²"),
    "DivBackward1": ("grad / other",),
    "PowBackward0": ("grad·exponent·self^(exponent−1)",),
    "PowBackward1": ("grad·exponent·self^(exponent−1)", "grad·result·ln(self)"),
    "PowBackward2": ("", "grad·result·ln(self)"),
    "Atan2Backward0": ("grad·other / (self² + other²)", "−grad·self / (self² + other²)"),
    "HypotBackward0": ("grad·self / result", "grad·other / result"),
    "LogaddexpBackward0": ("grad·exp(self − result)", "grad·exp(other − result)"),
    "MaximumBackward0": ("grad·[self > other] (half where equal)", "grad·[other > self] (half where equal)"),
    "MinimumBackward0": ("grad·[self < other] (half where equal)", "grad·[other < self] (half where equal)"),
    "WhereBackward0": ("", "grad·[condition]", "grad·[not condition]"),
    "AddcmulBackward0": ("grad", "grad·value·tensor2", "grad·value·tensor1"),
    "AddcdivBackward0": ("grad", "grad·value / tensor2", "−grad·value·tensor1 / tensor2²"),
    "LerpBackward0": ("grad·(1 − weight)", "grad·weight"),
    "LerpBackward1": ("grad·(1 − weight)", "grad·weight", "grad·(end − self)"),
    # reductions
    "SumBackward0": ("grad broadcast to self.shape",),
    "SumBackward1": ("grad broadcast along dim",),
    "MeanBackward0": ("grad / numel(self), broadcast",),
    "MeanBackward1": ("grad / size(dim), broadcast along dim",),
    "NormBackward1": ("grad·self·|self|^(p−2) / result^(p−1)",),
    "LinalgVectorNormBackward0": ("grad·self·|self|^(p−2) / result^(p−1)",),
    "TraceBackward0": ("grad·I",),
    # linear algebra
    "MmBackward0": ("grad·otherᵀ", "selfᵀ·grad"),
    "BmmBackward0": ("grad·otherᵀ", "selfᵀ·grad"),
    "MvBackward0": ("grad ⊗ vec", "selfᵀ·grad"),
    "DotBackward0": ("grad·other", "grad·self"),
    "AddmmBackward0": ("beta·grad", "alpha·grad·mat2ᵀ", "alpha·mat1ᵀ·grad"),
    "LinalgDetBackward0": ("grad·result·self⁻ᵀ",),
    "LinalgInvExBackward0": ("−resultᵀ·grad·resultᵀ",),
    "LinalgSolveExBackward0": ("−self⁻ᵀ·grad·resultᵀ", "self⁻ᵀ·grad"),
    # movement
    "ViewBackward0": ("grad.view(self.shape)",),
    "UnsafeViewBackward0": ("grad.view(self.shape)",),
    "ReshapeAliasBackward0": ("grad.reshape(self.shape)",),
    "ExpandBackward0": ("grad summed to self.shape",),
    "TBackward0": ("gradᵀ",),
    "TransposeBackward0": ("grad.transpose(dim0, dim1)",),
    "PermuteBackward0": ("grad.permute(inverse of dims)",),
    "SqueezeBackward0": ("grad.view(self.shape)",),
    "SqueezeBackward1": ("grad.unsqueeze(dim)",),
    "SqueezeBackward2": ("grad.unsqueeze(dims)",),
    "UnsqueezeBackward0": ("grad.squeeze(dim)",),
    "FlipBackward0": ("grad.flip(dims)",),
    "RollBackward0": ("grad.roll(−shifts, dims)",),
    "RepeatBackward0": ("grad summed over the repeats",),
    "TrilBackward0": ("grad.tril(diagonal)",),
    "TriuBackward0": ("grad.triu(diagonal)",),
    "CatBackward0": "grad's slice for this input",
    "StackBackward0": "grad's slice for this input",
    "SplitBackward0": ("cat of the pieces' grads",),
    "UnbindBackward0": ("stack of the pieces' grads",),
    "ConstantPadNdBackward0": ("grad without the padding",),
    "SelectBackward0": ("zeros(self.shape), grad put at index",),
    "SliceBackward0": ("zeros(self.shape), grad put in the slice",),
    "DiagonalBackward0": ("zeros(self.shape), grad put on the diagonal",),
    "IndexBackward0": ("zeros(self.shape), grad added at indices",),
    "IndexSelectBackward0": ("zeros(self.shape), grad added at index",),
    "GatherBackward0": ("zeros(self.shape), grad scatter-added at index",),
    "MaskedSelectBackward0": ("zeros(self.shape), grad put where mask",),
    # neural-network ops
    "SoftmaxBackward0": ("result·(grad − Σ grad·result)",),
    "LogSoftmaxBackward0": ("grad − exp(result)·Σ grad",),
    "MseLossBackward0": ("2·(self − target)·grad / N", "−2·(self − target)·grad / N"),
    "HuberLossBackward0": ("grad·clamp(self − target, −delta, delta) / N",),
    "SmoothL1LossBackward0": ("grad·clamp((self − target) / beta, −1, 1) / N",),
    "BinaryCrossEntropyBackward0": ("grad·(self − target) / (self·(1 − self)) / N",),
    "BinaryCrossEntropyWithLogitsBackward0": ("grad·(sigmoid(self) − target) / N",),
    "NllLossBackward0": ("−grad·weight at target / N",),
    "NllLoss2DBackward0": ("−grad·weight at target / N",),
    "EmbeddingBackward0": ("zeros(weight.shape), grad rows added at indices",),
    "ConvolutionBackward0": ("conv_transpose(grad, weight)", "conv of input with grad", "Σ grad per channel"),
    "MaxPool2DWithIndicesBackward0": ("grad routed to each window's max",),
    "AvgPool2DBackward0": ("grad spread evenly over each window",),
    "AdaptiveAvgPool2DBackward0": ("grad spread evenly over each window",),
    "NativeBatchNormBackward0": ("weight·(grad − mean(grad) − x̂·mean(grad·x̂)) / σ (training)", "Σ grad·x̂",
                                 "Σ grad"),
    "NativeLayerNormBackward0": ("(g − mean(g) − x̂·mean(g·x̂)) / σ, g = grad·weight", "Σ grad·x̂", "Σ grad"),
}

# what the formulas call each input, where not self, other, input2, ... (saved tensors take these names too)
INPUT_NAMES = {
    "PowBackward0": ("self", "exponent"),
    "PowBackward1": ("self", "exponent"),
    "PowBackward2": ("self", "exponent"),
    "MvBackward0": ("self", "vec"),
    "AddmmBackward0": ("self", "mat1", "mat2"),
    "WhereBackward0": ("condition", "self", "other"),
    "MaskedFillBackward0": ("self", "mask"),
    "ClampBackward1": ("self", "min", "max"),
    "AddcmulBackward0": ("self", "tensor1", "tensor2"),
    "AddcdivBackward0": ("self", "tensor1", "tensor2"),
    "LerpBackward0": ("self", "end", "weight"),
    "LerpBackward1": ("self", "end", "weight"),
    "CopyBackwards": ("self", "src"),
    "MseLossBackward0": ("self", "target"),
    "HuberLossBackward0": ("self", "target"),
    "SmoothL1LossBackward0": ("self", "target"),
    "BinaryCrossEntropyBackward0": ("self", "target"),
    "BinaryCrossEntropyWithLogitsBackward0": ("self", "target"),
    "NllLossBackward0": ("self", "target", "weight"),
    "NllLoss2DBackward0": ("self", "target", "weight"),
    "EmbeddingBackward0": ("weight", "indices"),
    "ConvolutionBackward0": ("input", "weight", "bias"),
    "NativeBatchNormBackward0": ("input", "weight", "bias"),
    "NativeLayerNormBackward0": ("input", "weight", "bias"),
}


def _arg_names(node):
    """The names of an op-table node's forward arguments, () for other nodes."""
    from ..ops._op import Op
    if not isinstance(node, Op):
        return ()
    code = type(node).forward.__code__
    return tuple(n for n in code.co_varnames[:code.co_argcount] if n not in ("cls", "ctx"))


def lookup(node):
    """(input names, formulas) for each of `node`'s input edges; "" where there is no formula."""
    n = len(node._edges)
    name = node_name(node)
    names = INPUT_NAMES.get(name, ("self", "other"))
    names += tuple(f"input{i}" for i in range(len(names), n))
    entry = FORMULAS.get(name)
    if entry is None:  # the chain rule, spelled out
        args = _arg_names(node)
        names = args if len(args) == n else names
        return names[:n], tuple(f"grad·∂result/∂{names[i]}" for i in range(n))
    if isinstance(entry, str):
        return names[:n], (entry,) * n
    return names[:n], entry[:n] + ("",) * (n - len(entry))


def formula(node, leaf="leaf"):
    """The local derivative formula of each of `node`'s input edges (a grad_fn), as text.

    From FORMULAS ("" for an input it has none for), or the generic chain-rule term for a
    node the table does not know; an AccumulateGrad gives `leaf.grad += grad`.
    """
    if node_name(node) == "AccumulateGrad":
        return (f"{leaf}.grad += grad",)
    return lookup(node)[1]
