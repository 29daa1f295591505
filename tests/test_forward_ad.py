"""Forward-mode AD against torch.autograd.forward_ad: the API, printing, and the tangent of
every op of the op table that torch can run in forward mode (sampled generically)."""
import numpy as np
import pytest
import torch
import torch.autograd.forward_ad as th_fw

import pullback
import pullback.autograd.forward_ad as pb_fw
from oracle import assert_close

RNG = np.random.default_rng(7)
A = RNG.uniform(0.2, 0.8, (3, 3))
B = RNG.uniform(0.2, 0.8, (3, 3))
C = RNG.uniform(0.2, 0.8, (3, 3))
TA, TB, TC = (RNG.standard_normal((3, 3)) for _ in range(3))
TANGENTS = {"A": TA, "B": TB, "C": TC}
# argument patterns tried in order; strings name the float inputs above, numbers are dims/sizes
PATTERNS = [("A",), ("A", "B"), ("A", 1), ("A", 0), ("A", "B", "C"), (["A", "B"],), ("A", 1, 1), ("A", 0, 1, 2)]
FW = {pullback: pb_fw, torch: th_fw}


def build(m, pattern, dual):
    def one(p):
        if isinstance(p, list):
            return [one(q) for q in p]
        if isinstance(p, str):
            x = m.tensor({"A": A, "B": B, "C": C}[p])
            return FW[m].make_dual(x, m.tensor(TANGENTS[p])) if dual else x
        return p
    return [one(p) for p in pattern]


def flat(out):
    if isinstance(out, (tuple, list)):
        return [t for o in out for t in flat(o)]
    return [out]


def run(m, name, pattern, dual):
    fn = getattr(m, name)
    if not dual:
        return flat(fn(*build(m, pattern, False))), None
    with FW[m].dual_level():
        outs = flat(fn(*build(m, pattern, True)))
        unpacked = [FW[m].unpack_dual(o) if isinstance(o, (pullback.Tensor, torch.Tensor)) else (o, None)
                    for o in outs]
        return [u[0] for u in unpacked], [u[1] for u in unpacked]


def _sample_cases():
    cases = []
    for name in pullback.ops.__all__:
        if not hasattr(torch, name):
            continue
        for pattern in PATTERNS:
            try:
                outs, _ = run(torch, name, pattern, False)
                if not any(isinstance(o, torch.Tensor) and o.is_floating_point() for o in outs):
                    continue
                th_primal, th_tan = run(torch, name, pattern, True)
                pb_outs, _ = run(pullback, name, pattern, False)
                for p, t in zip(pb_outs, outs):  # ops whose primal differs from torch's are another test's job
                    assert_close(p, t, 1e-6, 1e-6)
            except Exception:  # noqa: BLE001 - this pattern does not fit this op (or torch has no forward AD)
                continue
            cases.append((name, pattern))
            break
    return cases


CASES = _sample_cases()


def test_the_sample_covers_most_of_the_op_table():
    assert len(CASES) >= 100, len(CASES)


@pytest.mark.parametrize("name, pattern", CASES, ids=[c[0] for c in CASES])
def test_tangent_matches_torch(name, pattern):
    th_primal, th_tan = run(torch, name, pattern, True)
    pb_primal, pb_tan = run(pullback, name, pattern, True)
    assert len(pb_tan) == len(th_tan)
    for i, (pp, tp, pt, tt) in enumerate(zip(pb_primal, th_primal, pb_tan, th_tan)):
        assert_close(pp, tp, 1e-6, 1e-6, f"{name} primal {i}")
        if tt is None:
            assert pt is None or not np.asarray(pt.detach().numpy()).any(), f"{name} output {i}: torch has no tangent"
            continue
        assert pt is not None, f"{name} output {i}: no tangent, torch has one"
        assert_close(pt, tt, 1e-6, 1e-6, f"{name} tangent {i}")


def test_api_printing_and_errors_match_torch():
    reprs = {}
    for m, fw in FW.items():
        x = m.tensor([1.0, 2.0])
        with fw.dual_level() as level:
            d = fw.make_dual(x, m.tensor([1.0, 0.0]))
            y = d.sin() * 2
            w = m.ones(2, requires_grad=True) * d
            z = m.zeros(2)
            z.add_(d)  # in place: the tangent flows into z
            unpacked = fw.unpack_dual(y)
            reprs[m] = [level, repr(d), repr(y), repr(d.view(2, 1)), repr(z), repr(w).split(",\n")[0],
                        d._base is x, type(unpacked).__name__, unpacked._fields, repr(unpacked.tangent),
                        repr(fw.unpack_dual(x)), repr(d.detach()), d.requires_grad, w.requires_grad]
            with pytest.raises(RuntimeError, match="Trying to set a forward gradient that has a different size"):
                fw.make_dual(x, m.ones(3))
            with pytest.raises(RuntimeError, match="Nested forward mode AD is not supported at the moment"):
                with fw.dual_level():
                    pass
        reprs[m].append(repr(fw.unpack_dual(y)))  # tangents are gone once the level exits
        with pytest.raises(RuntimeError, match="Trying to create a dual Tensor for forward AD but no level exists"):
            fw.make_dual(x, x)
    assert reprs[pullback] == reprs[torch]


def test_tangent_is_differentiable_reverse_over_forward():
    grads = {}
    for m, fw in FW.items():
        x = m.tensor(A[0], requires_grad=True)
        with fw.dual_level():
            y = fw.make_dual(x, m.tensor(TA[0]))
            out = (y.exp() * y.sin()).sum()
            tangent = fw.unpack_dual(out).tangent
        grads[m] = m.autograd.grad(tangent, x)[0]
    assert_close(grads[pullback], grads[torch], 1e-6, 1e-6)


def test_forward_over_reverse_gives_hessian_vector_products():
    hvps = {}
    for m, fw in FW.items():
        with fw.dual_level():
            x = fw.make_dual(m.tensor(A[0]).requires_grad_(), m.tensor(TA[0]))
            g, = m.autograd.grad((x.tanh() * x).sum() ** 2, x, create_graph=True)
            hvps[m] = fw.unpack_dual(g).tangent.detach()
    assert_close(hvps[pullback], hvps[torch], 1e-6, 1e-6)


def test_inplace_on_a_view_updates_the_base_tangent():
    out = {}
    for m, fw in FW.items():
        with fw.dual_level():
            base = fw.make_dual(m.tensor(A[0]), m.tensor(TA[0]))
            view = base[1:]
            view.mul_(m.tensor([2.0, 3.0]))
            out[m] = (fw.unpack_dual(base).tangent.clone(), fw.unpack_dual(view).tangent.clone())
    for p, t in zip(out[pullback], out[torch]):
        assert_close(p, t, 1e-6, 1e-6)
