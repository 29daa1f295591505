"""torch.func.rearrange: einops-style reordering of a tensor's dims ("b h w c -> b c h w",
"b (h1 h) w c -> (b h1) h w c"), by one reshape into the pattern's elementary axes, one permute
and one reshape into the result's groups.

The pattern grammar, its checks and their messages are torch's (functorch/einops/_parsing.py, from
einops); torch binds the axes to first-class dims, whose DimensionBindError messages are kept for
sizes that do not fit. As torch's, an unnamed axis on the left ("1" or "()") is summed over."""
import keyword
import math
import warnings

_ELLIPSIS = "\u2026"  # "...", as one character once parsed


class DimensionBindError(Exception):
    """Axis sizes that do not bind to the tensor's (functorch.dim's error, which torch's rearrange raises)."""


class _Anonymous:
    """A numbered axis ("2"): parsed so that its message is torch's, refused by rearrange."""

    def __init__(self, value):
        self.value = int(value)
        if self.value < 1:
            raise ValueError(f"Anonymous axis should have positive length, not {self.value}")

    def __repr__(self):
        return f"{self.value}-axis"


def _axis_name_problem(name):
    if not name.isidentifier():
        return "not a valid python identifier"
    if name[0] == "_" or name[-1] == "_":
        return "axis name should should not start or end with underscore"
    if keyword.iskeyword(name):
        warnings.warn(f"It is discouraged to use axes names that are keywords: {name}", RuntimeWarning)
    if name == "axis":
        warnings.warn("It is discouraged to use 'axis' as an axis name and will raise an error in future",
                      FutureWarning)
    return None


class _Expression:
    """One side of a pattern: `composition` has a list of axis names per dim (empty for "1" and "()")
    or the ellipsis; `identifiers` the names (and the ellipsis) it uses."""

    def __init__(self, expression):
        self.has_ellipsis = False
        self.has_ellipsis_parenthesized = None
        self.identifiers = set()
        self.has_non_unitary_anonymous_axes = False
        self.composition = []
        if "." in expression:
            if "..." not in expression:
                raise ValueError("Expression may contain dots only inside ellipsis (...)")
            if expression.count("...") != 1 or expression.count(".") != 3:
                raise ValueError("Expression may contain dots only inside ellipsis (...); only one ellipsis for tensor ")
            expression = expression.replace("...", _ELLIPSIS)
            self.has_ellipsis = True
        self._group = None
        current = None
        for char in expression:
            if char in "() ":
                if current is not None:
                    self._add(current)
                current = None
                if char == "(":
                    if self._group is not None:
                        raise ValueError("Axis composition is one-level (brackets inside brackets not allowed)")
                    self._group = []
                elif char == ")":
                    if self._group is None:
                        raise ValueError("Brackets are not balanced")
                    self.composition.append(self._group)
                    self._group = None
            elif char.isalnum() or char in ("_", _ELLIPSIS):
                current = char if current is None else current + char
            else:
                raise ValueError(f"Unknown character '{char}'")
        if self._group is not None:
            raise ValueError(f"Imbalanced parentheses in expression: '{expression}'")
        if current is not None:
            self._add(current)

    def _add(self, name):
        group = self._group
        if name in self.identifiers:
            raise ValueError(f"Indexing expression contains duplicate dimension '{name}'")
        if name == _ELLIPSIS:
            self.identifiers.add(_ELLIPSIS)
            (self.composition if group is None else group).append(_ELLIPSIS)
            self.has_ellipsis_parenthesized = group is not None
            return
        is_number = name.isdecimal()
        if is_number and int(name) == 1:
            if group is None:  # a dim of its own with no name; inside brackets it changes nothing
                self.composition.append([])
            return
        problem = None if is_number else _axis_name_problem(name)
        if problem is not None:
            raise ValueError(f"Invalid axis identifier: {name}\n{problem}")
        axis = _Anonymous(name) if is_number else name
        self.identifiers.add(axis)
        self.has_non_unitary_anonymous_axes |= is_number
        if group is None:
            self.composition.append([axis])
        else:
            group.append(axis)


def _parse(pattern, axes_lengths):
    try:
        left_text, right_text = pattern.split("->")
    except ValueError:
        raise ValueError("Pattern must contain a single '->' separator") from None
    if _ELLIPSIS in axes_lengths:
        raise ValueError(f"'{_ELLIPSIS}' is not an allowed axis identifier")
    left, right = _Expression(left_text), _Expression(right_text)
    if not left.has_ellipsis and right.has_ellipsis:
        raise ValueError(f"Ellipsis found in right side, but not left side of a pattern {pattern}")
    if left.has_ellipsis and left.has_ellipsis_parenthesized:
        raise ValueError(f"Ellipsis is parenthesis in the left side is not allowed: {pattern}")
    for length in axes_lengths.values():
        if type(length) is not int:
            raise TypeError(f"rearrange axis lengths must be integers, got: {type(length)}")
    if left.has_non_unitary_anonymous_axes or right.has_non_unitary_anonymous_axes:
        raise ValueError("rearrange only supports unnamed axes of size 1")
    difference = set.symmetric_difference(left.identifiers, right.identifiers)
    if difference:
        raise ValueError(f"Identifiers only on one side of rearrange expression (should be on both): {difference}")
    unmatched = axes_lengths.keys() - left.identifiers
    if unmatched:
        raise ValueError(f"Identifiers not found in rearrange expression: {unmatched}")
    return left, right


def _bind(sizes, size, axes, numbers):
    """Bind the axes of one group (with their first-class dim numbers) to a dim of `size`."""
    unknown = [i for i, a in enumerate(axes) if a not in sizes]
    known = math.prod(sizes[a] for a in axes if a in sizes)
    if len(unknown) > 1:
        raise DimensionBindError(f"cannot infer the sizes of two dimensions at once d{numbers[unknown[0]]} and "
                                 f"d{numbers[unknown[1]]}")
    if unknown:
        if size % known:
            shown = tuple("?" if a not in sizes else sizes[a] for a in axes)
            raise DimensionBindError(f"inferred dimension does not evenly fit into larger dimension: {size} vs {shown}")
        sizes[axes[unknown[0]]] = size // known
    elif known != size:
        pack = "(" + ", ".join(f"d{n}" for n in numbers) + ("," if len(numbers) == 1 else "") + ")"
        raise DimensionBindError(f"Dimension sizes to do not match ({size} != {known}) when matching dimension "
                                 f"pack {pack}")


def rearrange(tensor, pattern, **axes_lengths):
    """tensor (or a sequence of tensors, stacked first) with its dims reordered, split and merged as the
    einops pattern says: "b h w c -> b c h w" permutes, "b h w c -> b (h w) c" merges, "b (h1 h) w c ->
    b h1 h w c" splits (h1=2 given), "... c -> c ..." spans the dims "..." stands for, and "1" or "()"
    adds (right) or sums over (left) a dim with no name."""
    from . import _tensor, ops
    if not isinstance(tensor, _tensor.Tensor):
        tensor = ops.stack(tensor)
    left, right = _parse(pattern, axes_lengths)
    ndim = tensor.ndim
    n_anonymous = sum(not axes for axes in left.composition if axes != _ELLIPSIS)
    if left.has_ellipsis:
        n_ellipsis = ndim - (len(left.composition) - 1)
        if (pattern_ndim := n_anonymous + len(left.identifiers) - 1) > ndim:
            raise ValueError(f"Number of dimensions in pattern ({pattern_ndim}) must be less than or equal to the "
                             f"number of dimensions in the tensor ({ndim})")
    else:
        n_ellipsis = 0
        if (pattern_ndim := len(left.composition)) != ndim:
            raise ValueError(f"Number of dimensions in pattern ({pattern_ndim}) must be equal to the number of "
                             f"dimensions in the tensor ({ndim})")
    if n_anonymous + len(left.identifiers) - left.has_ellipsis + n_ellipsis == 0:
        return tensor

    # the elementary axes in the left's order: names, the ellipsis's dims, one per unnamed dim
    sizes = dict(axes_lengths)
    order, number, dim = [], 0, 0
    summed = []
    for axes in left.composition:
        if axes == _ELLIPSIS:
            for k in range(n_ellipsis):
                sizes[(_ELLIPSIS, k)] = tensor.shape[dim + k]
                order.append((_ELLIPSIS, k))
            number += n_ellipsis
            dim += n_ellipsis
            continue
        if not axes:
            axes = [("1", dim)]
            summed.append(len(order))
        _bind(sizes, tensor.shape[dim], axes, list(range(number, number + len(axes))))
        order.extend(axes)
        number += len(axes)
        dim += 1
    out = tensor.reshape([sizes[a] for a in order])
    if summed:
        out = out.sum(summed)
        order = [a for i, a in enumerate(order) if i not in summed]
    targets, shape = [], []
    for axes in right.composition:
        if axes == _ELLIPSIS:
            targets.extend((_ELLIPSIS, k) for k in range(n_ellipsis))
            shape.extend(sizes[(_ELLIPSIS, k)] for k in range(n_ellipsis))
        else:  # a group may hold the ellipsis ("b ... -> (b ...)"): its dims merge in place
            axes = [e for a in axes for e in ([(_ELLIPSIS, k) for k in range(n_ellipsis)] if a == _ELLIPSIS else [a])]
            targets.extend(axes)
            shape.append(math.prod(sizes[a] for a in axes))
    permutation = [order.index(a) for a in targets]
    if permutation != list(range(len(order))):
        out = out.permute(permutation)
    return out.reshape(shape) if list(out.shape) != shape else out
