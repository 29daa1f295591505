"""Arguments by keyword, against torch: each parameter's own name, and the NumPy-style names torch's
C++ argument parser also takes (axis for dim, keepdims for keepdim, x / a / x1 for input, x2 for
other) where torch takes them, and not where it does not (its Python functions)."""
import numpy as np
import pytest
import torch

import pullback


def _outcome(fn, m):
    m_ = m.eye(3) + 1
    o = m.ones(3)
    try:
        r = fn(m, m_, o)
    except TypeError as e:
        return "TypeError", None if "unexpected keyword" not in str(e) else "unexpected keyword"
    rs = r if isinstance(r, (tuple, list)) else (r,)
    return "ok", [np.asarray(v.tolist() if hasattr(v, "tolist") else v, dtype=float) for v in rs]


def _index(m):
    return m.tensor([0])


CASES = {
    # NumPy-style names, functions
    "sum axis": lambda m, a, o: m.sum(a, axis=0),
    "sum a=": lambda m, a, o: m.sum(a=a),
    "mean axis keepdims": lambda m, a, o: m.mean(a, axis=0, keepdims=True),
    "max axis": lambda m, a, o: m.max(a, axis=0),
    "argmax axis": lambda m, a, o: m.argmax(a, axis=1),
    "softmax axis": lambda m, a, o: m.softmax(a, axis=0),
    "cumsum axis": lambda m, a, o: m.cumsum(a, axis=0),
    "cat axis": lambda m, a, o: m.cat([o, o], axis=0),
    "concatenate axis": lambda m, a, o: m.concatenate([o, o], axis=0),
    "gather axis": lambda m, a, o: m.gather(a, axis=0, index=m.zeros(1, 3, dtype=m.int64)),
    "std axis keepdims": lambda m, a, o: m.std(a, axis=0, keepdims=True),
    "add x1 x2": lambda m, a, o: m.add(x1=o, x2=o),
    "mul input x2": lambda m, a, o: m.mul(o, x2=o),
    "sum dim and axis": lambda m, a, o: m.sum(a, dim=0, axis=1),
    "linalg.vector_norm axis": lambda m, a, o: m.linalg.vector_norm(a, axis=0),
    "special.logsumexp axis": lambda m, a, o: m.special.logsumexp(a, axis=0),
    "F.linear x": lambda m, a, o: m.nn.functional.linear(x=o, weight=a),
    # NumPy-style names, methods
    "T.sum axis": lambda m, a, o: a.sum(axis=0),
    "T.mean axis keepdims": lambda m, a, o: a.mean(axis=1, keepdims=True),
    "T.max axis": lambda m, a, o: a.max(axis=0),
    "T.squeeze axis": lambda m, a, o: o.unsqueeze(0).squeeze(axis=0),
    "T.unsqueeze axis": lambda m, a, o: o.unsqueeze(axis=0),
    "T.add x2": lambda m, a, o: a.add(x2=a),
    "T.size axis": lambda m, a, o: a.size(axis=0),
    "T.index_select axis": lambda m, a, o: a.index_select(axis=0, index=_index(m)),
    # torch's Python functions take no NumPy-style names
    "norm axis": lambda m, a, o: m.norm(a, axis=0),
    "split axis": lambda m, a, o: m.split(a, 1, axis=0),
    "unique axis": lambda m, a, o: m.unique(a, axis=0),
    "T.split axis": lambda m, a, o: a.split(1, axis=0),
    "F.softmax axis": lambda m, a, o: m.nn.functional.softmax(a, axis=0),
    # parameters' own names
    "det input": lambda m, a, o: m.det(input=a),
    "det A": lambda m, a, o: m.det(A=a),
    "linalg.det A": lambda m, a, o: m.linalg.det(A=a),
    "inverse input": lambda m, a, o: m.inverse(input=a),
    "matrix_power input": lambda m, a, o: m.matrix_power(input=a, n=2),
    "linalg.matrix_power input": lambda m, a, o: m.linalg.matrix_power(input=a, n=2),
    "linalg.det A": lambda m, a, o: m.linalg.det(A=a),
    "linalg.inv A": lambda m, a, o: m.linalg.inv(A=a),
    "dot tensor": lambda m, a, o: m.dot(o, tensor=o),
    "dot other": lambda m, a, o: m.dot(o, other=o),
    "T.dot tensor": lambda m, a, o: o.dot(tensor=o),
    "promote_types": lambda m, a, o: [str(m.promote_types(type1=m.float32, type2=m.int64)) == "torch.float32"],
    "swapaxes axis0": lambda m, a, o: m.swapaxes(a, axis0=0, axis1=1),
    "swapaxes dim0": lambda m, a, o: m.swapaxes(a, dim0=0, dim1=1),
    "swapdims dim0": lambda m, a, o: m.swapdims(a, dim0=0, dim1=1),
    "T.swapaxes axis0": lambda m, a, o: a.swapaxes(axis0=0, axis1=1),
    "flip dims": lambda m, a, o: m.flip(o, dims=(0,)),
    "T.flip dims": lambda m, a, o: o.flip(dims=[0]),
    "reshape shape": lambda m, a, o: m.reshape(o, shape=(3, 1)),
    "T.reshape shape": lambda m, a, o: o.reshape(shape=(3, 1)),
    "T.reshape shape twice": lambda m, a, o: o.reshape(3, shape=(3,)),
    "T.reshape size": lambda m, a, o: o.reshape(size=(3,)),
    "permute dims": lambda m, a, o: m.permute(a, dims=(1, 0)),
    "T.permute dims": lambda m, a, o: a.permute(dims=(1, 0)),
    "gather sparse_grad": lambda m, a, o: m.gather(o, 0, _index(m), sparse_grad=False),
    "rand_like generator": lambda m, a, o: [m.rand_like(o, generator=m.Generator()).shape == (3,)],
    "randn_like generator": lambda m, a, o: [m.randn_like(o, generator=m.Generator()).shape == (3,)],
}


@pytest.mark.parametrize("name", CASES)
def test_keyword_names_as_torch(name):
    ours, theirs = _outcome(CASES[name], pullback), _outcome(CASES[name], torch)
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "ok":
        assert len(ours[1]) == len(theirs[1])
        for a, b in zip(ours[1], theirs[1]):
            np.testing.assert_allclose(a, b, rtol=1e-6)
    else:
        assert ours[1] == theirs[1] or theirs[1] is None


def test_the_names_cost_nothing_when_unused():
    # the alias layer is a thin wrapper: the function under it is the op itself
    import inspect
    assert inspect.signature(pullback.Tensor.sum) == inspect.signature(inspect.unwrap(pullback.Tensor.sum))
    assert pullback.sum(pullback.ones(2, 2), 0).tolist() == [2.0, 2.0]
