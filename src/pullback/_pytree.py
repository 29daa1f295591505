"""Pytrees: nested tuples, lists (named tuples too) and dicts, and their leaves (torch.utils._pytree's
flatten and unflatten for the containers pullback's transforms and control flow take)."""


def flatten(tree):
    """(leaves, spec): the leaves left to right, and what unflatten needs to rebuild the tree."""
    if isinstance(tree, (tuple, list)):
        leaves, specs = [], []
        for t in tree:
            sub, spec = flatten(t)
            leaves += sub
            specs.append((len(sub), spec))
        return leaves, (type(tree), specs)
    if isinstance(tree, dict):
        leaves, spec = flatten(list(tree.values()))
        return leaves, (dict, (list(tree.keys()), spec))
    return [tree], None


def unflatten(spec, leaves):
    """The tree of `spec` (from flatten) with `leaves` in place of its leaves."""
    if spec is None:
        return leaves[0]
    kind, specs = spec
    if kind is dict:
        keys, inner = specs
        return dict(zip(keys, unflatten(inner, leaves)))
    out, i = [], 0
    for n, sub in specs:
        out.append(unflatten(sub, leaves[i:i + n]))
        i += n
    return kind(out) if kind in (tuple, list) else kind(*out)


def tree_map(fn, tree):
    """The tree with fn applied to each leaf."""
    leaves, spec = flatten(tree)
    return unflatten(spec, [fn(x) for x in leaves])
