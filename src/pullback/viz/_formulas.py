"""Each node's local derivative, in plain notation: one formula per input edge.

`grad` is the gradient arriving at the node, `self` / `other` its first / second input,
`result` its output; `·` multiplies, `ᵀ` transposes. The names follow torch's
tools/autograd/derivatives.yaml.
"""
FORMULAS = {
    # leaves
    "AccumulateGrad": ("{leaf}.grad += grad",),
    # pointwise, unary
    "NegBackward0": ("−grad",),
    "AbsBackward0": ("grad·sign(self)",),
    "ExpBackward0": ("grad·result",),
    "LogBackward0": ("grad / self",),
    "SqrtBackward0": ("grad / (2·result)",),
    "SinBackward0": ("grad·cos(self)",),
    "CosBackward0": ("−grad·sin(self)",),
    "TanhBackward0": ("grad·(1 − result²)",),
    "SigmoidBackward0": ("grad·result·(1 − result)",),
    "ReluBackward0": ("grad·[result > 0]",),
    "ReciprocalBackward0": ("−grad·result²",),
    "ClampBackward1": ("grad·[min ≤ self ≤ max]",),
    "CloneBackward0": ("grad",),
    "ToCopyBackward0": ("grad.to(self.dtype)",),
    "CopySlices": ("grad, its view's part through the in-place op's formula",),
    "MaskedFillBackward0": ("grad·[not mask]",),
    # pointwise, binary
    "AddBackward0": ("grad", "grad·alpha"),
    "SubBackward0": ("grad", "−grad·alpha"),
    "RsubBackward1": ("−grad",),
    "MulBackward0": ("grad·other", "grad·self"),
    "DivBackward0": ("grad / other", "−grad·self / other²"),
    "PowBackward0": ("grad·exponent·self^(exponent−1)",),
    "PowBackward1": ("grad·exponent·self^(exponent−1)", "grad·result·ln(self)"),
    "PowBackward2": ("grad·result·ln(self)",),
    "MaximumBackward0": ("grad·[self ≥ other]", "grad·[other > self]"),
    "MinimumBackward0": ("grad·[self ≤ other]", "grad·[other < self]"),
    "WhereBackward0": ("", "grad·[condition]", "grad·[not condition]"),
    # reductions
    "SumBackward0": ("grad broadcast to self.shape",),
    "SumBackward1": ("grad broadcast along dim",),
    "MeanBackward0": ("grad / numel(self), broadcast",),
    "MeanBackward1": ("grad / size(dim), broadcast along dim",),
    "LinalgVectorNormBackward0": ("grad·self / result",),
    # linear algebra
    "MmBackward0": ("grad·otherᵀ", "selfᵀ·grad"),
    "BmmBackward0": ("grad·otherᵀ", "selfᵀ·grad"),
    "MvBackward0": ("grad ⊗ vec", "selfᵀ·grad"),
    "DotBackward0": ("grad·other", "grad·self"),
    "AddmmBackward0": ("grad", "grad·mat2ᵀ", "mat1ᵀ·grad"),
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
    "UnsqueezeBackward0": ("grad.squeeze(dim)",),
    "SelectBackward0": ("zeros(self.shape), grad put at index",),
    "SliceBackward0": ("zeros(self.shape), grad put in the slice",),
    "IndexBackward0": ("zeros(self.shape), grad added at indices",),
    # neural-network ops
    "SoftmaxBackward0": ("result·(grad − Σ grad·result)",),
    "LogSoftmaxBackward0": ("grad − exp(result)·Σ grad",),
    "MseLossBackward0": ("2·(self − target)·grad / N", "−2·(self − target)·grad / N"),
    "NllLossBackward0": ("−grad at target / N",),
}

_INPUT_NAMES = ("self", "other")


def formula(node_name, n_inputs, leaf="leaf"):
    """The local derivative formula of each of a node's `n_inputs` input edges, as text.

    From FORMULAS ("" for inputs it has none for), or the generic chain-rule term for a node
    the table does not know.
    """
    parts = FORMULAS.get(node_name)
    if parts is None:
        names = _INPUT_NAMES if n_inputs <= 2 else [f"input{i}" for i in range(n_inputs)]
        return tuple(f"grad·∂result/∂{names[i]}" for i in range(n_inputs))
    parts = tuple(p.format(leaf=leaf) for p in parts[:n_inputs])
    return parts + ("",) * (n_inputs - len(parts))
