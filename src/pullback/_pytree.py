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


def _children(spec):
    """(torch's node type name, its context as torch prints it, the child specs) of a container spec."""
    kind, specs = spec
    if kind is dict:
        keys, (_, values) = specs
        return "dict", str(keys), [s for _, s in values]
    if kind in (tuple, list):
        return kind.__name__, "None", [s for _, s in specs]
    return "namedtuple", str(kind), [s for _, s in specs]


def spec_repr(spec, indent=0):
    """repr of torch's TreeSpec for `spec` (torch.func prints it in its messages): `*` for a leaf,
    `TreeSpec(tuple, None, [*,\\n  *])` for a pair."""
    if spec is None:
        return "*"
    name, context, children = _children(spec)
    inner = ""
    if children:
        indent += 2
        inner = spec_repr(children[0], indent) + ("," if len(children) > 1 else "")
        inner += ",".join("\n" + " " * indent + spec_repr(c, indent) for c in children[1:])
    return f"TreeSpec({name}, {context}, [{inner}])"


class _Asterisk(str):
    def __repr__(self):
        return "*"


def spec_pprint(spec):
    """torch's treespec_pprint: the tree of `spec` with `*` for each leaf, as Python prints it."""
    def leaves(s):
        return 1 if s is None else sum(leaves(c) for c in _children(s)[2])
    return repr(unflatten(spec, [_Asterisk("*")] * leaves(spec)))
