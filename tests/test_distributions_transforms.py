"""torch.distributions.transforms, constraints and the constraint registry against torch: each
transform's forward map, inverse and log |det J| (values, gradients, second order, graphs),
shapes, domains, reprs and caching; each constraint's check and repr; biject_to / transform_to."""
import numpy as np
import pytest
import torch

import pullback
from oracle import assert_same_error, check, gradcheck_fd

R = np.random.default_rng(29)


def T(m):
    return m.distributions.transforms


def C(m):
    return m.distributions.constraints


# name: (build(m, *params) -> transform, params, x in the domain)
TRANSFORMS = {
    "Exp": (lambda m: T(m).ExpTransform(), [], R.standard_normal((2, 3))),
    "Affine": (lambda m, a, b: T(m).AffineTransform(a, b), [R.standard_normal(3), R.uniform(0.5, 2, 3)],
               R.standard_normal((2, 3))),
    "Affine negative scale": (lambda m, a: T(m).AffineTransform(a, -2.0), [R.standard_normal(3)],
                              R.standard_normal(3)),
    "Affine event_dim": (lambda m, a, b: T(m).AffineTransform(a, b, event_dim=1), [R.standard_normal(3),
                                                                                  R.uniform(0.5, 2, 3)],
                         R.standard_normal((2, 3))),
    "Sigmoid": (lambda m: T(m).SigmoidTransform(), [], R.standard_normal((2, 3))),
    "Tanh": (lambda m: T(m).TanhTransform(), [], R.standard_normal((2, 3))),
    "Softplus": (lambda m: T(m).SoftplusTransform(), [], R.standard_normal((2, 3))),
    "Abs": (lambda m: T(m).AbsTransform(), [], R.standard_normal((2, 3))),
    "Power": (lambda m, e: T(m).PowerTransform(e), [R.uniform(0.5, 2, 3)], R.uniform(0.5, 2, (2, 3))),
    "Softmax": (lambda m: T(m).SoftmaxTransform(), [], R.standard_normal((2, 3))),
    "StickBreaking": (lambda m: T(m).StickBreakingTransform(), [], R.standard_normal((2, 3))),
    "LowerCholesky": (lambda m: T(m).LowerCholeskyTransform(), [], R.standard_normal((2, 3, 3))),
    "PositiveDefinite": (lambda m: T(m).PositiveDefiniteTransform(), [], R.standard_normal((2, 3, 3))),
    "CorrCholesky": (lambda m: T(m).CorrCholeskyTransform(), [], R.standard_normal((2, 3))),
    "Compose": (lambda m, b: T(m).ComposeTransform([T(m).ExpTransform(), T(m).AffineTransform(1.0, b)]),
                [R.uniform(0.5, 2, 3)], R.standard_normal((2, 3))),
    "Compose with event dims": (lambda m: T(m).ComposeTransform([T(m).StickBreakingTransform(),
                                                                 T(m).PowerTransform(2.0)]), [],
                                R.standard_normal((2, 3))),
    "Compose empty": (lambda m: T(m).ComposeTransform([]), [], R.standard_normal(3)),
    "Independent": (lambda m: T(m).IndependentTransform(T(m).ExpTransform(), 1), [], R.standard_normal((2, 3))),
    "Reshape": (lambda m: T(m).ReshapeTransform((2, 3), (3, 2)), [], R.standard_normal((4, 2, 3))),
    "Cat": (lambda m: T(m).CatTransform([T(m).ExpTransform(), T(m).SigmoidTransform()], dim=1, lengths=[2, 1]), [],
            R.standard_normal((2, 3))),
    "Stack": (lambda m: T(m).StackTransform([T(m).ExpTransform(), T(m).TanhTransform()], dim=0), [],
              R.standard_normal((2, 3))),
    "CumulativeDistribution": (lambda m, a, b: T(m).CumulativeDistributionTransform(m.distributions.Normal(a, b)),
                               [R.standard_normal(3), R.uniform(0.5, 2, 3)], R.standard_normal((2, 3))),
    "inverse of Exp": (lambda m: T(m).ExpTransform().inv, [], R.uniform(0.5, 2, (2, 3))),
    "inverse of Affine": (lambda m, b: T(m).AffineTransform(0.5, b).inv, [R.uniform(0.5, 2, 3)],
                          R.standard_normal((2, 3))),
    "identity": (lambda m: T(m).identity_transform, [], R.standard_normal(3)),
}
# the inverse of a non-injective transform (Abs) or one torch leaves unimplemented is not compared
NO_INVERSE = {"Abs"}


def _apply(name, kind):
    """fn(m, *params, x): the transform's forward map, inverse (of the forward's output) or log |det J|."""
    build = TRANSFORMS[name][0]

    def fn(m, *xs):
        t = build(m, *xs[:-1])
        x = xs[-1]
        y = t(x)
        if kind == "forward":
            return y
        if kind == "inverse":
            return t.inv(y)
        return t.log_abs_det_jacobian(x, y)
    return fn


KINDS = ["forward", "inverse", "log_abs_det_jacobian"]
CASES = [(n, k) for n in TRANSFORMS for k in KINDS if not (k == "inverse" and n in NO_INVERSE)]


@pytest.mark.parametrize("name,kind", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_transforms_match_torch(name, kind):
    _, params, x = TRANSFORMS[name]
    try:
        _apply(name, kind)(torch, *[torch.tensor(p) for p in params], torch.tensor(x))
    except NotImplementedError:  # (log |det J| of a transform that does not preserve dimension)
        assert_same_error(_apply(name, kind), *params, x, phrase="")
        return
    check(_apply(name, kind), *params, x, atol=1e-8)


@pytest.mark.parametrize("name", [n for n in TRANSFORMS if n not in ("PositiveDefinite", "LowerCholesky")])
def test_forward_maps_by_finite_differences(name):
    _, params, x = TRANSFORMS[name]
    gradcheck_fd(_apply(name, "forward"), *params, x)


def _structure(m, name):
    build, params, x = TRANSFORMS[name]
    t = build(m, *[m.tensor(p) for p in params])
    out = {"repr": repr(t), "inv repr": repr(t.inv), "bijective": t.bijective,
           "domain": repr(t.domain), "codomain": repr(t.codomain), "inv inv is t": t.inv.inv is t,
           "equal to itself": t == t, "forward_shape": tuple(t.forward_shape(x.shape)),
           "inverse_shape": tuple(t.inverse_shape(t.forward_shape(x.shape)))}
    for attr in ("event_dim", "sign"):  # (a transform whose domain and codomain differ has no event_dim)
        try:
            value = getattr(t, attr)
            out[attr] = value.tolist() if isinstance(value, m.Tensor) else value
        except (NotImplementedError, ValueError) as e:
            out[attr] = f"{type(e).__name__}: {e}"
    return out


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_transform_structure_matches_torch(name):
    assert _structure(pullback, name) == _structure(torch, name)


def test_transform_caching_and_equality_as_torch():
    for m in (pullback, torch):
        t = T(m).ExpTransform(cache_size=1)
        x = m.tensor([0.5, 1.0])
        y = t(x)
        assert t(x) is y and t.inv(y) is x  # the cache returns the very tensors
        assert T(m).ExpTransform() == T(m).ExpTransform() and T(m).ExpTransform() != T(m).SigmoidTransform()
        assert T(m).AffineTransform(1.0, 2.0) == T(m).AffineTransform(1.0, 2.0)
        assert T(m).AffineTransform(1.0, 2.0) != T(m).AffineTransform(1.0, 3.0)
        assert T(m).PowerTransform(2.0) == T(m).PowerTransform(2.0)
        with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
            T(m).ExpTransform(cache_size=2)
        assert T(m).ExpTransform().with_cache(1)._cache_size == 1
    assert_same_error(lambda m: T(m).ReshapeTransform((2, 3), (4,)),
                      phrase="in_shape, out_shape have different numbers of elements")
    assert_same_error(lambda m: T(m).ReshapeTransform((2, 3), (3, 2)).forward_shape((5,)),
                      phrase="Too few dimensions on input")


# ---------------------------------------------------------------- constraints
CONSTRAINTS = {
    "real": lambda m: C(m).real, "positive": lambda m: C(m).positive, "nonnegative": lambda m: C(m).nonnegative,
    "unit_interval": lambda m: C(m).unit_interval, "boolean": lambda m: C(m).boolean,
    "nonnegative_integer": lambda m: C(m).nonnegative_integer, "positive_integer": lambda m: C(m).positive_integer,
    "integer_interval": lambda m: C(m).integer_interval(0, 2), "interval": lambda m: C(m).interval(-1.0, 1.5),
    "half_open_interval": lambda m: C(m).half_open_interval(-1.0, 1.0),
    "greater_than": lambda m: C(m).greater_than(0.5), "greater_than_eq": lambda m: C(m).greater_than_eq(0.5),
    "less_than": lambda m: C(m).less_than(0.5), "real_vector": lambda m: C(m).real_vector,
    "independent": lambda m: C(m).independent(C(m).positive, 1), "simplex": lambda m: C(m).simplex,
    "one_hot": lambda m: C(m).one_hot, "multinomial": lambda m: C(m).multinomial(3),
    "lower_triangular": lambda m: C(m).lower_triangular, "lower_cholesky": lambda m: C(m).lower_cholesky,
    "corr_cholesky": lambda m: C(m).corr_cholesky, "square": lambda m: C(m).square,
    "symmetric": lambda m: C(m).symmetric, "positive_semidefinite": lambda m: C(m).positive_semidefinite,
    "positive_definite": lambda m: C(m).positive_definite,
    "cat": lambda m: C(m).cat([C(m).positive, C(m).real], dim=-1, lengths=[1, 2]),
    "stack": lambda m: C(m).stack([C(m).positive, C(m).real, C(m).unit_interval], dim=-1),
    "mixture": lambda m: C(m).MixtureSameFamilyConstraint(C(m).positive),
}
VALUES = [
    np.array([[-1.0, 0.0, 0.5], [1.0, 2.0, np.nan]]),
    np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]]),
    np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 3.0]]),
    np.array([[[1.0, 0.0, 0.0], [0.5, 1.0, 0.0], [0.1, 0.2, 3.0]],
              [[1.0, 0.5, 0.1], [0.5, 1.0, 0.2], [0.1, 0.2, 1.0]]]),
    np.array([[[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [0.0, 0.6, 0.8]], [[2.0, 1.0, 0.0], [1.0, -1.0, 0.0],
                                                                    [0.0, 0.0, 1.0]]]),
]


@pytest.mark.parametrize("name", list(CONSTRAINTS))
def test_constraints_check_as_torch(name):
    ours, theirs = CONSTRAINTS[name](pullback), CONSTRAINTS[name](torch)
    if name != "mixture":
        assert repr(ours) == repr(theirs)
    assert (ours.is_discrete, ours.event_dim) == (theirs.is_discrete, theirs.event_dim)
    for v in VALUES:
        if v.ndim < theirs.event_dim or (theirs.event_dim == 2 and v.shape[-1] != v.shape[-2]):
            continue
        try:
            expected = theirs.check(torch.tensor(v))
        except (ValueError, RuntimeError, AssertionError) as e:
            with pytest.raises(type(e)):
                ours.check(pullback.tensor(v))
            continue
        got = ours.check(pullback.tensor(v))
        assert got.dtype == pullback.bool and got.tolist() == expected.tolist(), (name, v)


def test_dependent_constraints_as_torch():
    for m in (pullback, torch):
        c = C(m)
        assert c.is_dependent(c.dependent) and not c.is_dependent(c.real)
        with pytest.raises(ValueError, match="Cannot determine validity of dependent constraint"):
            c.dependent.check(m.zeros(1))
        with pytest.raises(NotImplementedError, match="cannot be determined statically"):
            c.dependent.event_dim
        d = c.dependent(is_discrete=True, event_dim=1)
        assert (d.is_discrete, d.event_dim) == (True, 1)
        support = m.distributions.Uniform.support
        assert c.is_dependent(support) and (support.is_discrete, support.event_dim) == (False, 0)
        assert repr(c.dependent) == "Dependent()"


# ---------------------------------------------------------------- biject_to / transform_to
REGISTRY = ["real", "positive", "nonnegative", "unit_interval", "interval", "half_open_interval", "greater_than",
            "greater_than_eq", "less_than", "real_vector", "independent", "simplex", "lower_cholesky",
            "corr_cholesky", "positive_definite", "positive_semidefinite", "cat", "stack"]


@pytest.mark.parametrize("registry", ["biject_to", "transform_to"])
@pytest.mark.parametrize("name", REGISTRY)
def test_constraint_registry_matches_torch(registry, name):
    def fn(m, x):
        constraint = CONSTRAINTS[name](m)
        t = getattr(m.distributions, registry)(constraint)
        y = t(x)
        return y, t.log_abs_det_jacobian(x, y) if t.bijective and name not in (
            "lower_cholesky", "positive_definite", "positive_semidefinite") else y.sum()

    shapes = {"lower_cholesky": (2, 3, 3), "positive_definite": (2, 3, 3), "positive_semidefinite": (2, 3, 3),
              "corr_cholesky": (2, 3)}
    x = R.standard_normal(shapes.get(name, (2, 3)))
    try:
        getattr(torch.distributions, registry)(CONSTRAINTS[name](torch))
    except NotImplementedError:
        assert_same_error(lambda m: getattr(m.distributions, registry)(CONSTRAINTS[name](m)),
                          phrase="Cannot transform")
        return
    ours = getattr(pullback.distributions, registry)(CONSTRAINTS[name](pullback))
    theirs = getattr(torch.distributions, registry)(CONSTRAINTS[name](torch))
    assert repr(ours) == repr(theirs)
    check(fn, x, atol=1e-8)


def test_the_registry_refuses_what_torch_refuses():
    assert_same_error(lambda m: m.distributions.biject_to(C(m).boolean), phrase="Cannot transform _Boolean constraints")
    assert_same_error(lambda m: m.distributions.biject_to.register(3, lambda c: None),
                      phrase="Expected constraint to be either a Constraint subclass or instance, but got 3")
    for m in (pullback, torch):
        class MyConstraint(C(m).Constraint):
            pass
        registry = m.distributions.constraint_registry.ConstraintRegistry()
        registry.register(MyConstraint, lambda c: T(m).ExpTransform())
        assert isinstance(registry(MyConstraint()), T(m).ExpTransform)
