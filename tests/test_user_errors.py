"""The mistakes users make, run against real torch: each case is a snippet run with `m = torch`
and with `m = pullback` on the same inputs; both must raise the same exception class with the
same first line of message (or, where noted, the same key phrase), print the same warnings, and a
refused in-place op must leave pullback's tensor unchanged.

A case is `fn(m)` or `fn(m, keep)`: `keep(t)` records a tensor whose values must survive the error.
"""
import copy
import inspect
import re
import warnings

import numpy as np
import pytest
import torch

import pullback

CASES = {}


def case(name, fn, *, phrase=None, whole=False):
    """Register fn under name. phrase: compare only this key phrase of the first line (the
    reason is given where the case is written); whole: compare the whole message, all lines."""
    assert name not in CASES, name
    CASES[name] = (fn, phrase, whole)


def x(m, *shape, rg=False, dtype=None):
    """A deterministic float tensor (0.1, 0.2, ...) of the given shape."""
    n = int(np.prod(shape)) if shape else 1
    t = m.arange(1, n + 1, dtype=dtype or m.float32).reshape(shape) / 10  # (not a view: a leaf of its own)
    return t.requires_grad_() if rg else t


# ---------------------------------------------------------------- shapes: products
case("matmul_inner", lambda m: x(m, 2, 3) @ x(m, 2, 3))
case("matmul_fn_inner", lambda m: m.matmul(x(m, 4, 3), x(m, 4)))
case("mm_inner", lambda m: m.mm(x(m, 2, 3), x(m, 2, 3)))
case("mm_1d", lambda m: m.mm(x(m, 3), x(m, 3, 2)))
case("mm_3d", lambda m: m.mm(x(m, 2, 2, 3), x(m, 3, 2)))
case("bmm_inner", lambda m: m.bmm(x(m, 2, 3, 4), x(m, 2, 5, 6)))
case("bmm_2d", lambda m: m.bmm(x(m, 3, 4), x(m, 4, 3)))
case("bmm_batch", lambda m: m.bmm(x(m, 2, 3, 4), x(m, 3, 4, 5)))
case("matmul_batch_broadcast", lambda m: m.matmul(x(m, 2, 3, 4), x(m, 5, 4, 2)))
case("matmul_1d_1d", lambda m: x(m, 3) @ x(m, 4))
case("matmul_1d_2d", lambda m: x(m, 3) @ x(m, 4, 2))
case("matmul_2d_1d", lambda m: x(m, 2, 4) @ x(m, 3))
case("matmul_0d", lambda m: m.matmul(m.tensor(2.0), x(m, 3)))
case("dot_2d", lambda m: m.dot(x(m, 3), x(m, 3, 1)))
case("dot_sizes", lambda m: m.dot(x(m, 3), x(m, 4)))
case("mv_sizes", lambda m: m.mv(x(m, 2, 3), x(m, 4)))
case("linear_fn_inner", lambda m: m.nn.functional.linear(x(m, 2, 3), x(m, 4, 5)))
case("einsum_sizes", lambda m: m.einsum("ij,jk->ik", x(m, 2, 3), x(m, 2, 3)))
case("einsum_operands", lambda m: m.einsum("ij,jk->ik", x(m, 2, 3)))
case("addmm_sizes", lambda m: m.addmm(x(m, 2, 2), x(m, 2, 3), x(m, 2, 3)))

# ---------------------------------------------------------------- shapes: broadcasting
case("add_broadcast", lambda m: x(m, 2, 3) + x(m, 3, 2))
case("mul_broadcast", lambda m: x(m, 2, 3) * x(m, 4))
case("sub_broadcast_fn", lambda m: m.sub(x(m, 5), x(m, 4)))
case("where_broadcast", lambda m: m.where(x(m, 2) > 0, x(m, 3), x(m, 4)))
case("masked_fill_broadcast", lambda m: x(m, 2, 3).masked_fill(m.ones(3, 2, dtype=m.bool), 0.0))
case("broadcast_tensors", lambda m: m.broadcast_tensors(x(m, 2), x(m, 3)))
case("broadcast_to", lambda m: m.broadcast_to(x(m, 2, 3), (3, 3)))


def iadd_grows(m, keep):
    a = keep(x(m, 2, 3))
    a += x(m, 2, 1, 3)


def iadd_mismatch(m, keep):
    a = keep(x(m, 2, 3))
    a.add_(x(m, 4))


def copy_mismatch(m, keep):
    a = keep(x(m, 2, 3))
    a.copy_(x(m, 4))


def setitem_mismatch(m, keep):
    a = keep(x(m, 2, 3))
    a[0] = x(m, 4)


def setitem_mask_mismatch(m, keep):
    a = keep(x(m, 2, 3))
    a[a > 0.25] = x(m, 2)


case("iadd_grows", iadd_grows)
case("add_inplace_mismatch", iadd_mismatch)
case("copy_mismatch", copy_mismatch)
case("copy_grows", lambda m: m.zeros(3).copy_(m.zeros(2, 3)))
case("masked_fill_mask_longer", lambda m: m.zeros(2, 3).masked_fill(m.zeros(4) > 0, 0.0))
case("masked_fill_value_1d", lambda m: m.zeros(2, 3).masked_fill(m.zeros(2, 3) > 0, m.zeros(2)))
case("where_broadcast_cond", lambda m: m.where(m.zeros(2, 1) > 0, x(m, 3), x(m, 4, 1)))
case("setitem_mismatch", setitem_mismatch)
case("setitem_mask_mismatch", setitem_mask_mismatch)

# ---------------------------------------------------------------- shapes: cat / stack
case("cat_sizes", lambda m: m.cat([x(m, 2, 3), x(m, 2, 4)]))
case("cat_sizes_dim1", lambda m: m.cat([x(m, 2, 3), x(m, 3, 3)], dim=1))
case("cat_empty", lambda m: m.cat([]))
case("cat_ranks", lambda m: m.cat([x(m, 2, 3), x(m, 3)]))
case("cat_dim", lambda m: m.cat([x(m, 2, 3), x(m, 2, 3)], dim=2))
case("cat_dtype_list", lambda m: m.cat((x(m, 2), [1.0, 2.0])))
case("cat_zero_dim", lambda m: m.cat([m.tensor(1.0), m.tensor(2.0)]))
case("stack_sizes", lambda m: m.stack([x(m, 2, 3), x(m, 3, 2)]))
case("stack_empty", lambda m: m.stack([]))
case("stack_dim", lambda m: m.stack([x(m, 2), x(m, 2)], dim=3))
case("hstack_empty", lambda m: m.hstack([]))
case("vstack_empty", lambda m: m.vstack(()))
case("column_stack_empty", lambda m: m.column_stack([]))
case("cat_none", lambda m: m.cat([x(m, 2), None]))
case("stack_number", lambda m: m.stack([x(m, 2), 1.5]))

# ---------------------------------------------------------------- shapes: views and reshapes
case("view_noncontiguous", lambda m: x(m, 2, 3).t().view(6))
case("view_numel", lambda m: x(m, 2, 3).view(4, 2))
case("view_two_inferred", lambda m: x(m, 2, 3).view(-1, -1))
case("view_negative", lambda m: x(m, 2, 3).view(-2, 3))
case("reshape_negative", lambda m: x(m, 2, 3).reshape(2, -5))
case("reshape_numel", lambda m: x(m, 2, 3).reshape(4))
case("reshape_inferred", lambda m: x(m, 2, 3).reshape(-1, 4))
case("reshape_zero_inferred", lambda m: m.zeros(0, 3).reshape(-1, 0))
case("expand_nonsingleton", lambda m: x(m, 2, 3).expand(4, 3))
case("expand_fewer", lambda m: x(m, 2, 3).expand(3))
case("expand_negative_new", lambda m: x(m, 3).expand(-1, 3))
case("expand_as", lambda m: x(m, 2, 3).expand_as(x(m, 3, 3)))
case("repeat_fewer", lambda m: x(m, 2, 3).repeat(2))
case("flatten_dims", lambda m: x(m, 2, 3).flatten(1, 0))
case("unflatten_sizes", lambda m: x(m, 2, 3).unflatten(1, (2, 2)))
case("squeeze_dim", lambda m: x(m, 2, 3).squeeze(2))
case("unsqueeze_dim", lambda m: x(m, 2, 3).unsqueeze(3))
case("unsqueeze_negative", lambda m: x(m, 2, 3).unsqueeze(-4))
case("transpose_dim", lambda m: x(m, 2, 3).transpose(0, 2))
case("t_3d", lambda m: x(m, 2, 3, 4).t())
case("permute_count", lambda m: x(m, 2, 3).permute(0))
case("permute_repeated", lambda m: x(m, 2, 3).permute(0, 0))
case("permute_dim", lambda m: x(m, 2, 3).permute(0, 2))
case("movedim_repeated", lambda m: m.movedim(x(m, 2, 3), (0, 0), (0, 1)))
case("movedim_repeated_destination", lambda m: m.movedim(x(m, 2, 3), (0, 1), (-1, 1)))
case("select_index", lambda m: x(m, 2, 3).select(0, 2))
case("select_dim", lambda m: x(m, 2, 3).select(2, 0))
case("narrow_length", lambda m: x(m, 2, 3).narrow(1, 2, 2))
case("narrow_start", lambda m: x(m, 2, 3).narrow(1, 4, 0))
case("sum_dim", lambda m: x(m, 2, 3).sum(2))
case("mean_dim", lambda m: x(m, 2, 3).mean(-3))
case("softmax_dim", lambda m: x(m, 2, 3).softmax(2))
case("argmax_dim", lambda m: x(m, 2, 3).argmax(5))
case("cumsum_dim", lambda m: x(m, 2, 3).cumsum(2))
case("chunk_zero", lambda m: x(m, 6).chunk(0))
case("split_sizes", lambda m: x(m, 6).split([2, 3]))
case("split_size_zero", lambda m: x(m, 6).split(0))
case("topk_k", lambda m: x(m, 3).topk(4))
case("kthvalue_k", lambda m: x(m, 3).kthvalue(4))
case("max_empty", lambda m: m.zeros(0).max())
case("diagonal_dims", lambda m: x(m, 2, 3).diagonal(0, 0, 0))
case("roll_shifts", lambda m: x(m, 2, 3).roll((1, 2), (0,)))
case("flip_repeated", lambda m: x(m, 2, 3).flip(0, 0))
case("tile_negative", lambda m: x(m, 2, 3).tile(-1))

# ---------------------------------------------------------------- shapes: indexing
case("index_int", lambda m: x(m, 2, 3)[2])
case("index_int_dim1", lambda m: x(m, 2, 3)[:, 3])
case("index_negative", lambda m: x(m, 2, 3)[-3])
case("index_too_many", lambda m: x(m, 2, 3)[0, 0, 0])
case("index_tensor", lambda m: x(m, 2, 3)[m.tensor([0, 5])])
case("index_list", lambda m: x(m, 2, 3)[[0, 2]])
case("index_mask_shape", lambda m: x(m, 2, 3)[m.ones(3, dtype=m.bool)])
case("index_float_tensor", lambda m: x(m, 3)[m.tensor([0.0, 1.0])])
case("index_float", lambda m: x(m, 3)[1.0])
case("index_select_index", lambda m: x(m, 3).index_select(0, m.tensor([3])))
case("index_select_float", lambda m: x(m, 3).index_select(0, m.tensor([0.0])))
case("gather_index", lambda m: x(m, 2, 3).gather(1, m.tensor([[0, 3]])))
case("gather_rank", lambda m: x(m, 2, 3).gather(1, m.tensor([0, 1])))


def scatter_index(m, keep):
    a = keep(m.zeros(2, 3))
    a.scatter_(1, m.tensor([[0, 3]]), 1.0)


def index_put_oob(m, keep):
    a = keep(m.zeros(3))
    a[m.tensor([0, 3])] = 1.0


case("scatter_index", scatter_index)
case("index_put_oob", index_put_oob)
case("setitem_oob", lambda m: m.zeros(3).__setitem__(3, 1.0))
case("one_hot_classes", lambda m: m.nn.functional.one_hot(m.tensor([0, 3]), 3))
case("one_hot_float", lambda m: m.nn.functional.one_hot(m.tensor([0.0, 1.0]), 3))

# ---------------------------------------------------------------- dtypes


def ce(m, inp, tgt, **kw):
    return m.nn.functional.cross_entropy(inp, tgt, **kw)


case("cross_entropy_float_target", lambda m: ce(m, x(m, 2, 3), m.tensor([0.0, 1.0])))
case("cross_entropy_int_target", lambda m: ce(m, x(m, 2, 3), m.tensor([0, 1], dtype=m.int32)))
case("cross_entropy_batch", lambda m: ce(m, x(m, 2, 3), m.tensor([0, 1, 2])))
case("cross_entropy_target_2d", lambda m: ce(m, x(m, 2, 3), m.tensor([[0], [1]])))
case("cross_entropy_class_oob", lambda m: ce(m, x(m, 2, 3), m.tensor([0, 3])))
case("cross_entropy_negative", lambda m: ce(m, x(m, 2, 3), m.tensor([0, -5])))
case("cross_entropy_probs_shape", lambda m: ce(m, x(m, 2, 3), x(m, 2, 4)))
case("cross_entropy_long_input", lambda m: ce(m, m.ones(2, 3, dtype=m.long), m.tensor([0, 1])))
case("cross_entropy_module_float", lambda m: m.nn.CrossEntropyLoss()(x(m, 2, 3), m.tensor([1.0, 2.0])))
case("cross_entropy_weight", lambda m: ce(m, x(m, 2, 3), m.tensor([0, 1]), weight=x(m, 4)))
case("nll_loss_float_target", lambda m: m.nn.functional.nll_loss(x(m, 2, 3), m.tensor([0.0, 1.0])))
case("nll_loss_spatial", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4), m.tensor([[0, 1, 2, 1]])))
case("mse_loss_long", lambda m: m.nn.functional.mse_loss(m.arange(3), m.arange(3)))
case("mse_loss_bool", lambda m: m.nn.MSELoss()(m.ones(2, dtype=m.bool), m.ones(2, dtype=m.bool)))
case("smooth_l1_loss_long", lambda m: m.nn.functional.smooth_l1_loss(m.arange(3), m.arange(3)))
case("l1_loss_long", lambda m: m.nn.functional.l1_loss(m.arange(3), m.arange(3)))
case("mse_loss_sizes", lambda m: m.nn.functional.mse_loss(x(m, 3), x(m, 4)))
case("mse_loss_broadcast_warns", lambda m: m.nn.functional.mse_loss(x(m, 3, 1), x(m, 3)))
case("l1_loss_broadcast_warns", lambda m: m.nn.L1Loss()(x(m, 3, 1), x(m, 3)))
case("bce_sizes", lambda m: m.nn.functional.binary_cross_entropy(x(m, 3).sigmoid(), x(m, 3, 1)))
case("bce_range", lambda m: m.nn.functional.binary_cross_entropy(x(m, 3) * 10, x(m, 3)))
case("bce_long_target", lambda m: m.nn.functional.binary_cross_entropy(x(m, 3).sigmoid(), m.tensor([0, 1, 1])))
case("bce_logits_sizes", lambda m: m.nn.functional.binary_cross_entropy_with_logits(x(m, 3), x(m, 3, 1)))
case("mm_float_double", lambda m: m.mm(x(m, 2, 3), x(m, 3, 2, dtype=m.float64)))
case("matmul_long_float", lambda m: m.arange(6).reshape(2, 3) @ x(m, 3, 2))
case("dot_long_float", lambda m: m.dot(m.arange(3), x(m, 3)))
case("linear_double_input", lambda m: m.nn.Linear(3, 4)(x(m, 2, 3, dtype=m.float64)))
case("linear_long_input", lambda m: m.nn.Linear(3, 4)(m.ones(2, 3, dtype=m.long)))
case("linear_fn_dtype", lambda m: m.nn.functional.linear(x(m, 2, 3), x(m, 4, 3, dtype=m.float64)))
case("conv1d_fn_dtype", lambda m: m.nn.functional.conv1d(x(m, 1, 2, 5), x(m, 3, 2, 2, dtype=m.float64)))
case("requires_grad_long", lambda m: m.arange(3).requires_grad_())
case("requires_grad_attr_long", lambda m: setattr(m.arange(3), "requires_grad", True))
case("tensor_long_requires_grad", lambda m: m.tensor([1, 2], requires_grad=True))
case("zeros_long_requires_grad", lambda m: m.zeros(3, dtype=m.long, requires_grad=True))
case("parameter_long", lambda m: m.nn.Parameter(m.arange(3)))


def iadd_float_into_long(m, keep):
    t = keep(m.arange(3))
    t += 0.5


def imul_float_into_long(m, keep):
    t = keep(m.arange(3))
    t *= 1.5


def idiv_long(m, keep):
    t = keep(m.arange(3))
    t /= 2


def add_float_tensor_into_long(m, keep):
    t = keep(m.arange(3))
    t.add_(x(m, 3))


def exp_long_inplace(m, keep):
    t = keep(m.arange(3))
    t.exp_()


def sqrt_long_inplace(m, keep):
    t = keep(m.arange(3))
    t.sqrt_()


def iadd_double_into_float_ok_then_bool(m, keep):
    t = keep(m.tensor([True, False]))
    t += 1


def isub_bool(m, keep):
    t = keep(m.tensor([True, False]))
    t -= m.tensor([True, True])


def ifloordiv_float_into_long(m, keep):
    t = keep(m.arange(3))
    t //= 1.5


case("iadd_float_into_long", iadd_float_into_long)
case("imul_float_into_long", imul_float_into_long)
case("idiv_long", idiv_long)
case("add_float_tensor_into_long", add_float_tensor_into_long)
case("exp_long_inplace", exp_long_inplace)
case("sqrt_long_inplace", sqrt_long_inplace)
case("iadd_int_into_bool", iadd_double_into_float_ok_then_bool)
case("isub_bool", isub_bool)
case("ifloordiv_float_into_long", ifloordiv_float_into_long)
case("neg_bool", lambda m: -m.tensor([True, False]))
case("neg_bool_fn", lambda m: m.neg(m.tensor([True, False])))
case("sub_bool_bool", lambda m: m.tensor([True, False]) - m.tensor([True, True]))
case("rsub_bool_scalar", lambda m: 1 - m.tensor([True, False]))
case("bitwise_not_float", lambda m: ~x(m, 3))
case("and_float", lambda m: x(m, 3) & x(m, 3))
case("or_float_bool", lambda m: x(m, 3) | m.tensor([True, False, True]))
case("xor_float", lambda m: x(m, 3) ^ 1)
case("lshift_float", lambda m: x(m, 3) << 1)
case("mean_long", lambda m: m.arange(4).mean())
case("std_long", lambda m: m.arange(4).std())
case("softmax_long", lambda m: m.arange(3).softmax(0))
case("randn_long", lambda m: m.randn(3, dtype=m.long))
case("rand_long", lambda m: m.rand(3, dtype=m.long))
case("normal_long_inplace", lambda m: m.zeros(3, dtype=m.long).normal_())
case("uniform_long_inplace", lambda m: m.zeros(3, dtype=m.long).uniform_())
case("lerp_long", lambda m: m.lerp(m.arange(3), m.arange(3), 0.5))
case("det_long", lambda m: m.det(m.eye(2, dtype=m.long)))
case("inverse_long", lambda m: m.linalg.inv(m.eye(2, dtype=m.long)))
case("arange_float_step_zero", lambda m: m.arange(0, 1, 0))
case("linspace_negative_steps", lambda m: m.linspace(0, 1, -1))
case("full_bool_fill", lambda m: m.full((2,), 1.5, dtype=m.bool).add_(1))
case("tensor_ragged", lambda m: m.tensor([[1, 2], [3]]))
case("tensor_of_tensors", lambda m: m.tensor([x(m, 2), x(m, 2)]))
case("tensor_str", lambda m: m.tensor("abc"))
case("tensor_from_tensor_warns", lambda m: m.tensor(x(m, 3)))
case("as_tensor_ragged", lambda m: m.as_tensor([[1.0], [2.0, 3.0]]))
case("zeros_negative", lambda m: m.zeros(-1))
case("zeros_negative_2d", lambda m: m.zeros((2, -3)))
case("empty_negative", lambda m: m.empty(2, -3))
case("rand_negative", lambda m: m.rand(-2, 3))
case("full_negative", lambda m: m.full((2, -1), 1.0))
case("new_ones_negative", lambda m: x(m, 2).new_ones(-1))
case("repeat_negative", lambda m: x(m, 2, 3).repeat(-1, 1))
case("randint_empty_range", lambda m: m.randint(5, 5, (3,)))
case("randint_negative_size", lambda m: m.randint(5, 2, (-1,)))
case("tensor_of_tensors_mixed", lambda m: m.tensor([1.0, x(m, 2)]))
case("as_tensor_of_tensors", lambda m: m.as_tensor([x(m, 2), x(m, 2)]))
case("ones_float_size", lambda m: m.ones(2.5))
case("randint_range", lambda m: m.randint(5, 2, (3,)))
case("multinomial_more", lambda m: m.multinomial(x(m, 3), 4))
case("multinomial_negative", lambda m: m.multinomial(m.tensor([0.5, -0.1]), 1))
case("clamp_no_bounds", lambda m: x(m, 3).clamp())
case("pow_long_negative", lambda m: m.arange(1, 4) ** -1)
case("floor_divide_zero", lambda m: m.arange(3) // 0)
case("remainder_long_zero", lambda m: m.arange(3) % 0)
case("div_mode", lambda m: m.div(x(m, 3), 2, rounding_mode="round"))
case("to_bad_dtype", lambda m: x(m, 3).to("float32"))
case("type_bad", lambda m: x(m, 3).type("torch.NoSuchTensor"))
case("item_long_to_int_bad", lambda m: int(m.tensor(float("nan"))))

# ---------------------------------------------------------------- autograd


def backward_nonscalar(m):
    a = x(m, 3, rg=True)
    (a * 2).backward()


def grad_nonscalar(m):
    a = x(m, 3, rg=True)
    m.autograd.grad(a * 2, a)


def backward_twice(m):
    a = x(m, 3, rg=True)
    y = (a * a).sum()
    y.backward()
    y.backward()


def grad_twice(m):
    a = x(m, 3, rg=True)
    y = (a.exp()).sum()
    m.autograd.grad(y, a)
    m.autograd.grad(y, a)


def grad_unused(m):
    a, b = x(m, 3, rg=True), x(m, 3, rg=True)
    m.autograd.grad((a * 2).sum(), [a, b])


def grad_not_requiring(m):
    a, b = x(m, 3, rg=True), x(m, 3)
    m.autograd.grad((a * b).sum(), b)


def grad_output_not_requiring(m):
    a = x(m, 3, rg=True)
    m.autograd.grad(x(m, 3).sum(), a)


def grad_grad_outputs_shape(m):
    a = x(m, 3, rg=True)
    m.autograd.grad(a * 2, a, grad_outputs=x(m, 4))


def backward_gradient_shape(m):
    a = x(m, 3, rg=True)
    (a * 2).backward(x(m, 4))


def backward_no_grad_fn(m):
    x(m, 3).sum().backward()


def backward_under_no_grad(m):
    a = x(m, 3, rg=True)
    with m.no_grad():
        y = (a * 2).sum()
    y.backward()


def backward_detached(m):
    a = x(m, 3, rg=True)
    (a * 2).detach().sum().backward()


def backward_inputs_not_leaf(m):
    a = x(m, 3, rg=True)
    b = a * 2
    (b * 3).sum().backward(inputs=[x(m, 3)])


def leaf_iadd(m, keep):
    a = keep(x(m, 3, rg=True))
    a += 1


def leaf_add_(m, keep):
    a = keep(x(m, 3, rg=True))
    a.add_(1)


def leaf_setitem(m, keep):
    a = keep(x(m, 3, rg=True))
    a[0] = 5.0


def leaf_zero_(m, keep):
    a = keep(x(m, 3, rg=True))
    a.zero_()


def leaf_relu_inplace(m, keep):
    a = keep(x(m, 3, rg=True))
    m.nn.functional.relu(a, inplace=True)


def view_made_leaf_inplace(m, keep):
    a = keep(m.zeros(4)[:2].requires_grad_())
    a.add_(1)


def leaf_view_inplace(m, keep):
    a = keep(x(m, 3, rg=True))
    a[:2].mul_(2)


def parameter_inplace(m, keep):
    lin = m.nn.Linear(2, 2)
    keep(lin.weight)
    lin.weight -= 0.1


def parameter_uniform_(m, keep):
    w = keep(m.nn.Parameter(x(m, 3)))
    w.fill_(0.5)


def _modified_saved(m, op):
    a = x(m, 3, rg=True)
    b = a * 2
    c = op(b)
    return b, c


def modified_saved_exp(m):
    a = x(m, 3, rg=True)
    c = (a * 2).exp()
    c.add_(1)
    c.sum().backward()


def modified_saved_mul(m):
    a = x(m, 3, rg=True)
    b = a * 2
    c = b * b
    b.add_(1)
    c.sum().backward()


def modified_saved_twice(m):
    a = x(m, 2, 3, rg=True)
    b = a + 1
    c = b.sigmoid()
    c.mul_(2)
    c.mul_(3)
    c.sum().backward()


def modified_saved_relu(m):
    lin = m.nn.Linear(3, 3)
    h = m.nn.functional.relu(lin(x(m, 2, 3)))
    out = lin(h)
    h += 1
    out.sum().backward()


def modified_saved_view(m):
    a = x(m, 4, rg=True)
    b = a.clone()
    c = b[:2] * b[:2]
    b[:2].zero_()
    c.sum().backward()


def modified_saved_matmul(m):
    w = x(m, 3, 3, rg=True)
    h = x(m, 2, 3) @ w
    y = h @ w
    w.data.add_(1)  # .data: not counted
    h.mul_(2)
    y.sum().backward()


def multi_output_view_inplace(m):
    a = x(m, 2, 3, rg=True)
    parts = (a * 1).unbind(0)
    parts[0].mul_(2)


def split_view_inplace(m):
    a = x(m, 4, rg=True)
    parts = (a * 1).split(2)
    parts[1].add_(1)


def no_grad_view_inplace(m):
    a = x(m, 3, rg=True)
    b = a * 2
    with m.no_grad():
        v = b[:2]
    v.mul_(2)


def numpy_requires_grad(m):
    x(m, 3, rg=True).numpy()


def numpy_nonleaf(m):
    (x(m, 3, rg=True) * 2).numpy()


def tolist_ok_then_numpy_param(m):
    m.nn.Linear(2, 2).weight.numpy()


case("backward_nonscalar", backward_nonscalar)
case("grad_nonscalar", grad_nonscalar)
case("backward_twice", backward_twice)
case("grad_twice", grad_twice)
case("grad_unused", grad_unused)
case("grad_not_requiring", grad_not_requiring)
case("grad_output_not_requiring", grad_output_not_requiring)
case("grad_outputs_shape", grad_grad_outputs_shape)
case("backward_gradient_shape", backward_gradient_shape)
case("backward_no_grad_fn", backward_no_grad_fn)
case("backward_under_no_grad", backward_under_no_grad)
case("backward_detached", backward_detached)
case("leaf_iadd", leaf_iadd)
case("leaf_add_", leaf_add_)
case("leaf_setitem", leaf_setitem)
case("leaf_zero_", leaf_zero_)
case("leaf_relu_inplace", leaf_relu_inplace)
case("leaf_view_inplace", leaf_view_inplace)
case("view_made_leaf_inplace", view_made_leaf_inplace)
case("parameter_inplace", parameter_inplace)
case("parameter_fill_", parameter_uniform_)
case("modified_saved_exp", modified_saved_exp, whole=True)
case("modified_saved_mul", modified_saved_mul, whole=True)
case("modified_saved_twice", modified_saved_twice, whole=True)
case("modified_saved_relu", modified_saved_relu, whole=True)
case("modified_saved_view", modified_saved_view, whole=True)
case("modified_saved_matmul", modified_saved_matmul, whole=True)
case("multi_output_view_inplace", multi_output_view_inplace)
case("split_view_inplace", split_view_inplace)
case("no_grad_view_inplace", no_grad_view_inplace)
case("numpy_requires_grad", numpy_requires_grad)
case("numpy_nonleaf", numpy_nonleaf)
case("numpy_parameter", tolist_ok_then_numpy_param)
case("item_many", lambda m: x(m, 3).item())
case("item_empty", lambda m: m.zeros(0).item())
case("float_many", lambda m: float(x(m, 3)))
case("int_many", lambda m: int(x(m, 2, 2)))
case("bool_many", lambda m: bool(x(m, 3)))
case("if_tensor", lambda m: 1 if x(m, 2) > 0 else 0)
case("index_many", lambda m: [1, 2, 3][m.tensor([0, 1])])
case("range_tensor", lambda m: range(x(m, 1)))
case("len_0d", lambda m: len(m.tensor(1.0)))
case("iter_0d", lambda m: iter(m.tensor(1.0)))


def retain_grad_no_grad(m):
    x(m, 3).retain_grad()


def grad_wrong_shape(m):
    a = x(m, 3, rg=True)
    a.grad = x(m, 4)


def grad_wrong_dtype(m):
    a = x(m, 3, rg=True)
    a.grad = x(m, 3, dtype=m.float64)


def grad_list(m):
    a = x(m, 3, rg=True)
    a.grad = [1.0, 2.0, 3.0]


def hook_no_grad(m):
    x(m, 3).register_hook(lambda g: g)


def hook_returns_wrong_shape(m):
    a = x(m, 3, rg=True)
    a.register_hook(lambda g: g[:2])
    (a * 2).sum().backward()


def requires_grad_false_nonleaf(m):
    a = x(m, 3, rg=True)
    (a * 2).requires_grad_(False)


def requires_grad_attr_nonleaf(m):
    a = x(m, 3, rg=True)
    (a * 2).requires_grad = False


def nonleaf_grad_warns(m):
    a = x(m, 3, rg=True)
    b = a * 2
    b.sum().backward()
    return b.grad


def deepcopy_nonleaf(m):
    a = x(m, 3, rg=True)
    copy.deepcopy(a * 2)


def detach_view_inplace_then_backward(m):
    a = x(m, 3, rg=True)
    b = a.sigmoid()
    b.detach().zero_()
    b.sum().backward()


def function_no_ctx(m):
    class F(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

    F.apply(x(m, 3, rg=True)).sum().backward()


def function_wrong_grad_count(m):
    class F(m.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g

    F.apply(x(m, 3, rg=True), x(m, 3, rg=True)).sum().backward()


def function_called_directly(m):
    class F(m.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    F()(x(m, 3))


case("retain_grad_no_grad", retain_grad_no_grad)
case("grad_wrong_shape", grad_wrong_shape)
case("grad_wrong_dtype", grad_wrong_dtype)
case("grad_list", grad_list)
case("hook_no_grad", hook_no_grad)
case("hook_wrong_shape", hook_returns_wrong_shape)
case("requires_grad_false_nonleaf", requires_grad_false_nonleaf)
case("requires_grad_attr_nonleaf", requires_grad_attr_nonleaf)
case("nonleaf_grad_warns", nonleaf_grad_warns)
case("deepcopy_nonleaf", deepcopy_nonleaf)
case("detach_inplace_then_backward", detach_view_inplace_then_backward, whole=True)
case("function_no_backward", function_no_ctx)
case("function_wrong_grad_count", function_wrong_grad_count)
case("function_called_directly", function_called_directly)

# ---------------------------------------------------------------- nn


def net(m):
    class Net(m.nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = m.nn.Linear(3, 4)
            self.fc2 = m.nn.Linear(4, 2)

        def forward(self, a):
            return self.fc2(self.fc1(a).relu())

    m.manual_seed(0)
    return Net()


def no_super_init(m):
    class Net(m.nn.Module):
        def __init__(self):
            self.fc = m.nn.Linear(3, 4)

    Net()


def no_super_init_param(m):
    class Net(m.nn.Module):
        def __init__(self):
            self.w = m.nn.Parameter(x(m, 3))

    Net()


def no_super_init_buffer(m):
    class Net(m.nn.Module):
        def __init__(self):
            self.register_buffer("b", x(m, 3))

    Net()


def assign_str_as_module(m):
    n = net(m)
    n.fc1 = "a"


def assign_tensor_as_parameter(m):
    lin = m.nn.Linear(3, 4)
    lin.weight = x(m, 4, 3)


def forward_missing(m):
    class Net(m.nn.Module):
        pass

    Net()(x(m, 3))


def sd(m, **changes):
    state = dict(net(m).state_dict())
    for k, v in changes.items():
        if v is None:
            del state[k.replace("_", ".")]
        else:
            state[k.replace("_", ".")] = v
    return state


case("linear_in_features", lambda m: m.nn.Linear(3, 4)(x(m, 2, 5)))
case("linear_1d", lambda m: m.nn.Linear(3, 4)(x(m, 5)))
case("linear_0d", lambda m: m.nn.Linear(3, 4)(m.tensor(1.0)))
case("linear_fn_0d_weight", lambda m: m.nn.functional.linear(x(m, 3), m.tensor(1.0)))
case("net_wrong_input", lambda m: net(m)(x(m, 2, 4)))
case("conv2d_2d_input", lambda m: m.nn.Conv2d(3, 8, 3)(x(m, 8, 8)))
case("conv2d_5d_input", lambda m: m.nn.Conv2d(3, 8, 3)(x(m, 1, 1, 3, 8, 8)))
case("conv2d_channels", lambda m: m.nn.Conv2d(3, 8, 3)(x(m, 1, 4, 8, 8)))
case("conv2d_unbatched_channels", lambda m: m.nn.Conv2d(3, 8, 3)(x(m, 4, 8, 8)))
case("conv2d_kernel_too_big", lambda m: m.nn.Conv2d(3, 8, 5)(x(m, 1, 3, 3, 3)))
case("conv1d_4d_input", lambda m: m.nn.Conv1d(3, 4, 3)(x(m, 2, 3, 4, 5)))
case("conv3d_4d_channels", lambda m: m.nn.Conv3d(3, 4, 1)(x(m, 2, 2, 2, 2)))
case("conv2d_groups", lambda m: m.nn.Conv2d(3, 8, 3, groups=2))
case("conv2d_padding_string_stride", lambda m: m.nn.Conv2d(3, 8, 3, stride=2, padding="same"))
case("conv2d_bad_padding_mode", lambda m: m.nn.Conv2d(3, 8, 3, padding_mode="zero"))
case("conv_transpose_channels", lambda m: m.nn.ConvTranspose2d(3, 4, 2)(x(m, 1, 4, 3, 3)))
case("maxpool_too_small", lambda m: m.nn.MaxPool2d(4)(x(m, 1, 1, 2, 2)))
case("avgpool_padding", lambda m: m.nn.AvgPool2d(2, padding=2)(x(m, 1, 1, 4, 4)))
case("adaptive_pool_2d", lambda m: m.nn.AdaptiveAvgPool2d(2)(x(m, 4)))
case("batchnorm_channels", lambda m: m.nn.BatchNorm1d(4)(x(m, 2, 3)))
case("batchnorm2d_channels", lambda m: m.nn.BatchNorm2d(4)(x(m, 2, 3, 2, 2)))
case("batchnorm_batch_of_one", lambda m: m.nn.BatchNorm1d(3)(x(m, 1, 3)))
case("batchnorm2d_single_value", lambda m: m.nn.BatchNorm2d(3)(x(m, 1, 3, 1, 1)))
case("batchnorm2d_3d_input", lambda m: m.nn.BatchNorm2d(3)(x(m, 2, 3, 4)))
case("batchnorm1d_4d_input", lambda m: m.nn.BatchNorm1d(3)(x(m, 2, 3, 4, 4)))
case("layernorm_shape", lambda m: m.nn.LayerNorm(4)(x(m, 2, 3)))
case("groupnorm_groups", lambda m: m.nn.GroupNorm(2, 3))
case("instancenorm_channels", lambda m: m.nn.InstanceNorm1d(3, affine=True)(x(m, 2, 4, 5)))
case("embedding_oob", lambda m: m.nn.Embedding(10, 3)(m.tensor([10])))
case("embedding_negative", lambda m: m.nn.Embedding(10, 3)(m.tensor([-11])))
case("embedding_float", lambda m: m.nn.Embedding(10, 3)(x(m, 2)))
case("embedding_fn_float", lambda m: m.nn.functional.embedding(x(m, 2), x(m, 10, 3)))
case("embedding_padding_idx", lambda m: m.nn.Embedding(10, 3, padding_idx=10))
case("embedding_bag_offsets", lambda m: m.nn.EmbeddingBag(10, 3)(m.tensor([1, 2]), m.tensor([1])))
case("lstm_4d", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 4, 2, 3)))
case("lstm_1d", lambda m: m.nn.LSTM(4, 8)(x(m, 4)))
case("lstm_input_size", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 2, 3)))
case("lstm_hidden_shape", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 2, 4), (m.zeros(1, 3, 8), m.zeros(1, 3, 8))))
case("lstm_cell_shape", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 2, 4), (m.zeros(1, 2, 8), m.zeros(1, 2, 7))))
case("lstm_hidden_tensor", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 2, 4), m.zeros(1, 2, 8)))
case("lstm_unbatched_hidden", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 4), (m.zeros(1, 2, 8), m.zeros(1, 2, 8))))
case("gru_hidden_shape", lambda m: m.nn.GRU(4, 8, batch_first=True)(x(m, 2, 5, 4), m.zeros(1, 5, 8)))
case("rnn_input_size", lambda m: m.nn.RNN(4, 8)(x(m, 5, 2, 3)))
case("rnn_bad_nonlinearity", lambda m: m.nn.RNN(4, 8, nonlinearity="sigmoid"))
case("lstmcell_input", lambda m: m.nn.LSTMCell(4, 8)(x(m, 2, 3)))
case("multihead_embed_heads", lambda m: m.nn.MultiheadAttention(10, 3))
case("transformer_nhead", lambda m: m.nn.TransformerEncoderLayer(10, 3))
case("dropout_p", lambda m: m.nn.Dropout(1.5))
case("module_missing_attr", lambda m: net(m).fc3)
case("module_missing_method", lambda m: net(m).predict(x(m, 3)))
case("module_no_super_init", no_super_init)
case("module_no_super_init_param", no_super_init_param)
case("module_no_super_init_buffer", no_super_init_buffer)
case("module_assign_str", assign_str_as_module)
case("module_assign_tensor_param", assign_tensor_as_parameter)
case("module_forward_missing", forward_missing)
case("module_buffer_dot", lambda m: net(m).register_buffer("a.b", x(m, 3)))
case("module_buffer_exists", lambda m: net(m).register_buffer("fc1", x(m, 3)))
case("module_buffer_not_tensor", lambda m: net(m).register_buffer("b", [1.0]))
case("module_param_not_parameter", lambda m: net(m).register_parameter("p", x(m, 3)))
case("module_add_module_exists", lambda m: net(m).add_module("training", m.nn.ReLU()))
case("module_add_module_type", lambda m: net(m).add_module("r", "relu"))
case("module_get_submodule", lambda m: net(m).get_submodule("fc3"))
case("module_get_parameter", lambda m: net(m).get_parameter("fc1.w"))
case("module_to_bad", lambda m: net(m).to("float"))
case("sequential_index", lambda m: m.nn.Sequential(m.nn.ReLU())[5])
case("sequential_wrong_input", lambda m: m.nn.Sequential(m.nn.Linear(3, 4), m.nn.Linear(5, 2))(x(m, 2, 3)))
case("sequential_non_module", lambda m: m.nn.Sequential(m.nn.ReLU(), lambda t: t))
case("sequential_class_not_instance", lambda m: m.nn.Sequential(m.nn.ReLU),
     phrase="is not a Module subclass")  # the class's path is pullback's (docs/differences.md: class paths)
case("modulelist_non_module", lambda m: m.nn.ModuleList([m.nn.ReLU()]).append(1))
case("modulelist_call", lambda m: m.nn.ModuleList([m.nn.ReLU()])(x(m, 3)))
case("moduledict_missing", lambda m: m.nn.ModuleDict({"a": m.nn.ReLU()})["b"])
case("parameterlist_index", lambda m: m.nn.ParameterList([m.nn.Parameter(x(m, 2))])[3])
case("load_state_dict_missing", lambda m: net(m).load_state_dict(sd(m, fc2_bias=None)), whole=True)
case("load_state_dict_unexpected", lambda m: net(m).load_state_dict(sd(m, fc3_weight=x(m, 2))), whole=True)
case("load_state_dict_size", lambda m: net(m).load_state_dict(sd(m, fc1_weight=x(m, 4, 2))), whole=True)
case("load_state_dict_all_three", lambda m: net(m).load_state_dict(
    sd(m, fc1_weight=x(m, 4, 2), fc2_bias=None, extra=x(m, 1))), whole=True)
case("load_state_dict_size_not_strict", lambda m: net(m).load_state_dict(
    sd(m, fc1_weight=x(m, 4, 2), fc2_bias=None), strict=False), whole=True)
case("load_state_dict_prefixed", lambda m: net(m).load_state_dict(
    {"module." + k: v for k, v in sd(m).items()}), whole=True)
case("load_state_dict_list", lambda m: net(m).load_state_dict([1, 2]))
case("load_state_dict_not_tensor", lambda m: net(m).load_state_dict(sd(m, fc1_bias=[1.0, 2.0, 3.0, 4.0])),
     whole=True)

# ---------------------------------------------------------------- optimizers and schedulers


def opt(m, **kw):
    return m.optim.SGD(net(m).parameters(), lr=0.1, **kw)


def sgd_nonleaf(m):
    a = x(m, 3, rg=True)
    m.optim.SGD([a * 2], lr=0.1)


def sgd_duplicate_warns(m):
    a = x(m, 3, rg=True)
    m.optim.SGD([a, a], lr=0.1)


def sgd_duplicate_groups(m):
    a = x(m, 3, rg=True)
    m.optim.SGD([{"params": [a]}, {"params": [a]}], lr=0.1)


def add_param_group_overlap(m):
    a = x(m, 3, rg=True)
    o = m.optim.SGD([a], lr=0.1)
    o.add_param_group({"params": [a]})


def scheduler_before_step_warns(m):
    o = opt(m)
    s = m.optim.lr_scheduler.StepLR(o, 1)
    s.step()


def scheduler_epoch_warns(m):
    o = opt(m)
    s = m.optim.lr_scheduler.StepLR(o, 1)
    o.step()
    s.step(3)


def scheduler_get_lr_warns(m):
    o = opt(m)
    s = m.optim.lr_scheduler.StepLR(o, 1)
    return s.get_lr()


def onecycle_too_many(m):
    o = opt(m)
    s = m.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=2)
    for _ in range(3):
        o.step()
        s.step()


def plateau_no_metric(m):
    o = opt(m)
    m.optim.lr_scheduler.ReduceLROnPlateau(o).step()


def optimizer_load_state_groups(m):
    o = opt(m)
    state = o.state_dict()
    state["param_groups"] = state["param_groups"] * 2
    o.load_state_dict(state)


def optimizer_load_state_sizes(m):
    o = opt(m)
    o2 = m.optim.SGD(list(net(m).parameters())[:2], lr=0.1)
    o.load_state_dict(o2.state_dict())


def lbfgs_no_closure(m):
    o = m.optim.LBFGS(net(m).parameters())
    o.step()


def step_on_tensor_lr(m):
    a = x(m, 3, rg=True)
    m.optim.Adam([a], lr=m.tensor([0.1, 0.2]))


case("optimizer_empty", lambda m: m.optim.SGD([], lr=0.1))
case("optimizer_empty_generator", lambda m: m.optim.Adam(m.nn.ReLU().parameters()))
case("optimizer_tensor_params", lambda m: m.optim.SGD(x(m, 3, rg=True), lr=0.1))
case("optimizer_non_leaf", sgd_nonleaf)
case("optimizer_duplicate_warns", sgd_duplicate_warns)
case("optimizer_duplicate_groups", sgd_duplicate_groups)
case("optimizer_add_group_overlap", add_param_group_overlap)
case("optimizer_negative_lr", lambda m: opt(m, momentum=-1))
case("adam_negative_lr", lambda m: m.optim.Adam(net(m).parameters(), lr=-1))
case("adam_betas", lambda m: m.optim.Adam(net(m).parameters(), betas=(1.5, 0.9)))
case("adam_eps", lambda m: m.optim.Adam(net(m).parameters(), eps=-1e-8))
case("adam_weight_decay", lambda m: m.optim.AdamW(net(m).parameters(), weight_decay=-0.1))
case("adam_tensor_lr", step_on_tensor_lr)
case("sgd_nesterov", lambda m: opt(m, nesterov=True))
case("sgd_no_params_kw", lambda m: m.optim.SGD(lr=0.1))
case("optimizer_load_state_groups", optimizer_load_state_groups)
case("optimizer_load_state_sizes", optimizer_load_state_sizes)
case("lbfgs_no_closure", lbfgs_no_closure)
case("scheduler_not_optimizer", lambda m: m.optim.lr_scheduler.StepLR(net(m), 1))
case("scheduler_missing_step_size", lambda m: m.optim.lr_scheduler.StepLR(opt(m)))
case("scheduler_before_step_warns", scheduler_before_step_warns)
case("scheduler_epoch_warns", scheduler_epoch_warns)
case("scheduler_get_lr_warns", scheduler_get_lr_warns)
case("scheduler_lambda_count", lambda m: m.optim.lr_scheduler.LambdaLR(opt(m), [lambda e: 1.0] * 3))
case("scheduler_onecycle_too_many", onecycle_too_many)
case("scheduler_onecycle_no_total", lambda m: m.optim.lr_scheduler.OneCycleLR(opt(m), max_lr=0.1))
case("scheduler_plateau_no_metric", plateau_no_metric)
case("scheduler_plateau_mode", lambda m: m.optim.lr_scheduler.ReduceLROnPlateau(opt(m), mode="min_"))
case("scheduler_multistep_gamma", lambda m: m.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt(m), T_0=0))

# ---------------------------------------------------------------- data


def loader(m, dataset, **kw):
    return list(m.utils.data.DataLoader(dataset, **kw))


def ragged_dataset(m):
    return [x(m, 3), x(m, 4)]


class Ragged:
    """A map-style dataset whose items differ in length."""

    def __init__(self, m):
        self.m = m

    def __len__(self):
        return 4

    def __getitem__(self, i):
        return self.m.ones(i + 1), i


case("collate_ragged", lambda m: loader(m, ragged_dataset(m), batch_size=2))
case("collate_ragged_tuples", lambda m: loader(m, Ragged(m), batch_size=2))
case("collate_objects", lambda m: loader(m, [object(), object()], batch_size=2))
case("collate_fn_direct", lambda m: m.utils.data.default_collate([x(m, 2), x(m, 3)]))
case("collate_mixed_lengths", lambda m: m.utils.data.default_collate([(1, 2), (3,)]))
case("tensordataset_sizes", lambda m: m.utils.data.TensorDataset(x(m, 3, 2), x(m, 4)))
case("dataloader_batch_zero", lambda m: m.utils.data.DataLoader([1, 2], batch_size=0))
case("dataloader_shuffle_sampler", lambda m: m.utils.data.DataLoader(
    [1, 2], shuffle=True, sampler=m.utils.data.SequentialSampler([1, 2])))
case("dataloader_batch_sampler_bs", lambda m: m.utils.data.DataLoader(
    [1, 2], batch_size=2, batch_sampler=[[0, 1]]))
case("dataloader_workers", lambda m: m.utils.data.DataLoader([1, 2], num_workers=-1))
case("random_split_sum", lambda m: m.utils.data.random_split(range(10), [3, 3]))
case("random_split_fraction_warns", lambda m: m.utils.data.random_split(range(1), [0.5, 0.5]))
case("subset_oob", lambda m: m.utils.data.Subset(m.utils.data.TensorDataset(x(m, 3)), [5])[0])
case("tensordataset_oob", lambda m: m.utils.data.TensorDataset(x(m, 3))[3])

# ---------------------------------------------------------------- devices
case("cuda_method", lambda m: x(m, 3).cuda())
case("to_cuda", lambda m: x(m, 3).to("cuda"))
case("to_cuda_device", lambda m: x(m, 3).to(m.device("cuda:0")))
case("factory_cuda", lambda m: m.ones(3, device="cuda"))
case("module_cuda", lambda m: m.nn.Linear(3, 4).cuda())
case("module_to_cuda", lambda m: m.nn.Linear(3, 4).to("cuda"))
case("device_typo", lambda m: m.device("cudaa"))
case("device_dtype_name", lambda m: m.device("float32"))
case("device_empty", lambda m: m.device(""))
case("device_trailing_colon", lambda m: m.device("cuda:"))
case("device_index_typo", lambda m: m.device("cuda:x"))
case("device_negative", lambda m: m.device("cpu", -1))
case("cuda_current_device", lambda m: m.cuda.current_device())
case("cuda_synchronize", lambda m: m.cuda.synchronize())
case("cuda_device_name", lambda m: m.cuda.get_device_name(0))
case("pin_memory_no_accelerator", lambda m: x(m, 3).pin_memory())


# ---------------------------------------------------------------- a second sweep
case("softmax_no_dim", lambda m: m.softmax(x(m, 2, 3)))
case("softmax_method_no_dim", lambda m: x(m, 2, 3).softmax())
case("log_softmax_no_dim", lambda m: m.log_softmax(x(m, 2, 3)))
case("log_softmax_method_no_dim", lambda m: x(m, 2, 3).log_softmax())
case("special_softmax_no_dim", lambda m: m.special.softmax(x(m, 2, 3)))
case("special_log_softmax_none", lambda m: m.special.log_softmax(x(m, 2, 3), None))
case("softmax_fn_no_dim_warns", lambda m: m.nn.functional.softmax(x(m, 2, 3)))
case("log_softmax_fn_no_dim_warns", lambda m: m.nn.functional.log_softmax(x(m, 2, 3, 4)))
case("index_str", lambda m: x(m, 2, 3)["a"])
case("index_str_long", lambda m: x(m, 2, 3)["abc"])
case("index_str_empty", lambda m: x(m, 2, 3)[""])
case("index_bytes", lambda m: x(m, 2, 3)[b"a"])
case("index_tuple_str", lambda m: x(m, 2, 3)[0, "a"])
case("index_list_str", lambda m: x(m, 2, 3)[[0, "a"]])
case("index_list_none_warns", lambda m: x(m, 2, 3)[[None, 1]])
case("index_list_slice_warns", lambda m: x(m, 2, 3)[[slice(None), 0]])
case("index_list_range_warns", lambda m: x(m, 2, 3)[[range(2)]])
case("index_list_dict", lambda m: x(m, 2, 3)[(0, [{0: 1}])])
case("index_list_nan", lambda m: x(m, 3)[[float("nan")]])
case("index_list_float_oob", lambda m: x(m, 3)[[3.5]])
case("index_list_complex", lambda m: x(m, 3)[[1j]])
case("index_dict", lambda m: x(m, 3)[{0: 1}])
case("index_numpy_float", lambda m: x(m, 3)[np.float64(1.0)])
case("index_0d_float_tensor", lambda m: x(m, 3)[m.tensor(1.0)])
case("index_list_of_float_tensor", lambda m: x(m, 3)[[[m.tensor(1.5)]]])


case("nll_loss_target_2d", lambda m: m.nn.functional.nll_loss(x(m, 2, 3), m.tensor([[0], [1]])))
case("nll_loss_1d_long_target", lambda m: m.nn.functional.nll_loss(x(m, 3), m.tensor([0, 1])))
case("nll_loss_0d_target_batch", lambda m: m.nn.functional.nll_loss(x(m, 2, 3), m.tensor(0)))
case("nll_loss_0d_input", lambda m: m.nn.functional.nll_loss(m.tensor(1.0), m.tensor(0)))
case("nll_loss_1d_float_target", lambda m: m.nn.functional.nll_loss(x(m, 3), x(m, 2)))
case("nll_loss_3d_target_size", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4), m.tensor([0, 1])))
case("nll_loss_4d_target_rank", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4, 5), m.zeros(2, 4, dtype=m.long)))
case("nll_loss_4d_target_size", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4, 5), m.zeros(2, 4, 6, dtype=m.long)))
case("nll_loss_4d_float_target", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4, 5), m.zeros(2, 4, 6)))
case("nll_loss_5d_target_size", lambda m: m.nn.functional.nll_loss(x(m, 2, 3, 4, 5, 6), m.zeros(2, 4, 5, dtype=m.long)))
case("nll_loss_spatial_weight", lambda m: m.nn.functional.nll_loss(
    x(m, 2, 3, 4), m.zeros(2, 4, dtype=m.long), weight=m.ones(2)))
case("nll_loss_weight_shape_before_dtype", lambda m: m.nn.functional.nll_loss(
    x(m, 2, 3), m.tensor([0, 1]), weight=m.ones(2, dtype=m.float64)))
case("cross_entropy_1d_long_target", lambda m: ce(m, x(m, 3), m.tensor([0, 1])))
case("cross_entropy_smoothing_batch", lambda m: ce(m, x(m, 2, 3), m.tensor([0]), label_smoothing=0.1))
case("cross_entropy_3d_target_size", lambda m: ce(m, x(m, 2, 3, 4), m.zeros(2, 5, dtype=m.long)))
case("cross_entropy_0d", lambda m: ce(m, m.tensor(1.0), m.tensor(0)))
case("cross_entropy_0d_probs", lambda m: ce(m, m.tensor(1.0), m.tensor(0.5)))
case("cross_entropy_probs_long", lambda m: ce(m, x(m, 2, 3), m.ones(2, 3, dtype=m.long)))
case("cross_entropy_probs_ignore_index", lambda m: ce(m, x(m, 2, 3), x(m, 2, 3), ignore_index=1))


case("bce_logits_long_target", lambda m: m.nn.functional.binary_cross_entropy_with_logits(x(m, 3), m.tensor([0, 1, 1])))
case("bce_logits_module_long_target", lambda m: m.nn.BCEWithLogitsLoss()(x(m, 3, dtype=m.float64), m.tensor([0, 1, 1])))
case("bce_logits_int_target", lambda m: m.nn.functional.binary_cross_entropy_with_logits(
    x(m, 3), m.tensor([0, 1, 1], dtype=m.int32), pos_weight=m.ones(3)))
case("bce_logits_bool_target", lambda m: m.nn.functional.binary_cross_entropy_with_logits(
    x(m, 3), m.tensor([False, True, True])))
case("bce_logits_long_input", lambda m: m.nn.functional.binary_cross_entropy_with_logits(m.ones(3, dtype=m.long), x(m, 3)))
case("bce_long_input_target", lambda m: m.nn.functional.binary_cross_entropy(
    m.ones(3, dtype=m.long), m.ones(3, dtype=m.long)))


def test_bce_with_logits_result_has_the_targets_dtype():
    """torch's loss is (1 - target).mul_(input)...: of the target's dtype, whatever the input's."""
    for m in (torch, pullback):
        for a, b in ((m.float64, m.float32), (m.float32, m.float16)):
            out = m.nn.functional.binary_cross_entropy_with_logits(x(m, 3, dtype=a), x(m, 3, dtype=b))
            assert out.dtype == b, (m.__name__, a, b)


def test_torch_bce_with_logits_takes_an_input_broadcasting_to_the_target():
    """torch.binary_cross_entropy_with_logits (F's kernel, without F's size check) writes the loss into
    (1 - target): an input broadcasting to the target's shape is taken. Its gradient is computed in place
    into the input's shape, refused there, unless recorded (create_graph), then summed back."""
    def run(m):
        inp = x(m, 3, rg=True)
        loss = m.binary_cross_entropy_with_logits(inp, x(m, 2, 3), x(m, 3), None, 1)
        with pytest.raises(RuntimeError) as refused:
            loss.backward(retain_graph=True)
        grad, = m.autograd.grad(loss, inp, create_graph=True)
        return loss.item(), grad.tolist(), str(refused.value)
    want, got = run(torch), run(pullback)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-5)
    assert got[2] == want[2]


case("bce_with_logits_weight_requiring_grad_before_dtypes", lambda m: m.nn.functional.binary_cross_entropy_with_logits(
    m.ones(3, dtype=m.long), x(m, 3), weight=x(m, 3, rg=True)))
case("torch_bce_with_logits_target_smaller", lambda m: m.binary_cross_entropy_with_logits(x(m, 2, 3), x(m, 3)))
case("torch_bce_with_logits_long_target", lambda m: m.binary_cross_entropy_with_logits(x(m, 3), m.arange(3)))
case("torch_bce_with_logits_pos_weight_growing_input", lambda m: m.binary_cross_entropy_with_logits(
    x(m, 3), x(m, 3), None, x(m, 2, 3)))
case("torch_bce_with_logits_pos_weight_before_target", lambda m: m.binary_cross_entropy_with_logits(
    x(m, 2, 3), m.ones(3, dtype=m.bool), None, x(m, 4, 1, 1)))
case("bmm_float_double", lambda m: m.bmm(x(m, 2, 3, 4), x(m, 2, 4, 5, dtype=m.float64)))
case("bmm_long_float", lambda m: m.bmm(m.ones(2, 3, 4, dtype=m.long), x(m, 2, 4, 5)))
case("matmul_3d_float_double", lambda m: x(m, 2, 3, 4) @ x(m, 2, 4, 5, dtype=m.float64))
case("matmul_1d_3d_float_double", lambda m: x(m, 4) @ x(m, 2, 4, 5, dtype=m.float64))
case("mv_float_double", lambda m: m.mv(x(m, 3, 4), x(m, 4, dtype=m.float64)))
case("matmul_2d_1d_long", lambda m: x(m, 3, 4) @ m.ones(4, dtype=m.long))
case("addmm_float_double", lambda m: m.addmm(x(m, 3, 5), x(m, 3, 4), x(m, 4, 5, dtype=m.float64)))
case("baddbmm_double_self", lambda m: m.baddbmm(x(m, 2, 3, 5, dtype=m.float64), x(m, 2, 3, 4), x(m, 2, 4, 5)))
case("conv2d_double_input", lambda m: m.nn.Conv2d(2, 3, 2)(x(m, 1, 2, 5, 5, dtype=m.float64)))
case("conv1d_long_input", lambda m: m.nn.Conv1d(2, 3, 2)(m.ones(1, 2, 5, dtype=m.long)))
case("conv3d_double_unbatched", lambda m: m.nn.Conv3d(2, 3, 2)(x(m, 2, 3, 3, 3, dtype=m.float64)))
case("conv2d_double_no_bias", lambda m: m.nn.Conv2d(2, 3, 2, bias=False)(x(m, 1, 2, 5, 5, dtype=m.float64)))
case("conv2d_reflect_double", lambda m: m.nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect")(
    x(m, 1, 2, 5, 5, dtype=m.float64)))
case("conv2d_fn_bias_before_shapes", lambda m: m.nn.functional.conv2d(
    x(m, 1, 3, 5, 5, dtype=m.float64), x(m, 3, 2, 3, 3), x(m, 4)))
case("conv2d_same_double", lambda m: m.nn.functional.conv2d(x(m, 1, 2, 5, 5, dtype=m.float64), x(m, 3, 2, 3, 3),
                                                              x(m, 3), padding="same"))
case("conv_transpose2d_long_input", lambda m: m.nn.ConvTranspose2d(2, 3, 2)(m.ones(1, 2, 5, 5, dtype=m.long)))
case("conv_transpose2d_long_double_bias", lambda m: m.nn.functional.conv_transpose2d(
    m.ones(1, 2, 5, 5, dtype=m.long), m.ones(2, 3, 2, 2, dtype=m.long), x(m, 3, dtype=m.float64)))


def test_conv_bias_of_another_dtype_added_where_torch_adds_it():
    """A transposed convolution, or one with a padding string, adds a bias of another dtype into its output."""
    for m in (torch, pullback):
        F = m.nn.functional
        a = F.conv_transpose2d(x(m, 1, 2, 3, 3), x(m, 2, 3, 2, 2), x(m, 3, dtype=m.float64))
        b = F.conv2d(m.ones(1, 2, 4, 4, dtype=m.long), m.ones(3, 2, 3, 3, dtype=m.long), x(m, 3) * 10, padding="valid")
        assert (a.dtype, b.dtype) == (m.float32, m.int64), m.__name__
        assert b.flatten().tolist()[::4] == [19, 20, 21], m.__name__


case("groupnorm_channels", lambda m: m.nn.GroupNorm(2, 4)(x(m, 2, 6, 3)))
case("groupnorm_fewer_channels", lambda m: m.nn.GroupNorm(2, 4)(x(m, 2, 2, 3)))
case("group_norm_fn_bias", lambda m: m.nn.functional.group_norm(x(m, 2, 6, 3), 2, m.ones(6), m.ones(4)))
case("group_norm_fn_bias_no_weight", lambda m: m.nn.functional.group_norm(x(m, 2, 6, 3), 2, None, m.ones(4)))
case("group_norm_fn_weight_2d", lambda m: m.nn.functional.group_norm(x(m, 2, 6, 3), 2, m.ones(3, 2)))
case("group_norm_fn_long", lambda m: m.nn.functional.group_norm(m.ones(2, 6, 3, dtype=m.long), 2))
case("group_norm_fn_zero_groups", lambda m: m.nn.functional.group_norm(x(m, 2, 6, 3), 0))
case("lstm_double_input", lambda m: m.nn.LSTM(4, 8)(x(m, 5, 2, 4, dtype=m.float64)))
case("gru_double_unbatched", lambda m: m.nn.GRU(4, 8)(x(m, 5, 4, dtype=m.float64)))
case("rnn_long_input", lambda m: m.nn.RNN(4, 8)(m.ones(5, 2, 4, dtype=m.long)))
case("rnn_double_input_4d", lambda m: m.nn.RNN(4, 8)(x(m, 5, 2, 3, 4, dtype=m.float64)))
case("lstm_double_model_float_input", lambda m: m.nn.LSTM(4, 8, dtype=m.float64)(x(m, 5, 2, 3)))
case("lstm_dropout_one_layer_warns", lambda m: m.nn.LSTM(4, 8, dropout=0.5))
case("gru_dropout_int_warns", lambda m: m.nn.GRU(4, 8, dropout=1))
case("rnn_dropout_one_layer_warns", lambda m: m.nn.RNN(4, 8, num_layers=1, dropout=0.2))


def backward_inputs_no_grad(m):
    a = x(m, 3, rg=True)
    (a * 2).sum().backward(inputs=[x(m, 3)])


def backward_inputs_number(m):
    a = x(m, 3, rg=True)
    (a * 2).sum().backward(inputs=[a, 1.0])


def backward_inputs_empty(m):
    a = x(m, 3, rg=True)
    m.autograd.backward((a * 2).sum(), inputs=[])


case("backward_inputs_no_grad", backward_inputs_no_grad)
case("backward_inputs_number", backward_inputs_number)
case("backward_inputs_empty", backward_inputs_empty)
case("cat_tensor", lambda m: m.cat(x(m, 2, 3)))
case("cat_tensor_dim", lambda m: m.cat(x(m, 2, 3), dim=1))
case("concat_tensor", lambda m: m.concat(x(m, 2, 3)))
case("stack_tensor", lambda m: m.stack(x(m, 2, 3)))
case("stack_generator", lambda m: m.stack(t for t in [x(m, 2)]))
case("stack_ndarray", lambda m: m.stack(np.ones((2, 2))))
case("stack_ndarray_list", lambda m: m.stack([np.ones(2), np.ones(2)]))
case("cat_ndarray_element", lambda m: m.cat((x(m, 2), np.ones(2))))
case("vstack_list_element", lambda m: m.vstack([x(m, 2), [1, 2]]))
case("hstack_tensor", lambda m: m.hstack(x(m, 2, 3)))
case("row_stack_tensor", lambda m: m.row_stack(x(m, 2, 3)))
case("dstack_list_element", lambda m: m.dstack([x(m, 2), [1, 2]]))
case("column_stack_ndarray_element", lambda m: m.column_stack([x(m, 2), np.ones(2)]))


case("max_pool1d_1d", lambda m: m.nn.functional.max_pool1d(x(m, 4), 2))
case("max_pool1d_4d_indices", lambda m: m.nn.functional.max_pool1d(x(m, 1, 2, 4, 4), 2, return_indices=True))
case("max_pool1d_empty_indices", lambda m: m.nn.functional.max_pool1d(m.ones(1, 0, 4), 2, return_indices=True))
case("maxpool1d_module_4d", lambda m: m.nn.MaxPool1d(2)(x(m, 1, 2, 4, 4)))
case("max_pool2d_1d", lambda m: m.nn.functional.max_pool2d(x(m, 4), 2))
case("maxpool2d_module_5d", lambda m: m.nn.MaxPool2d(2, return_indices=True)(x(m, 1, 1, 1, 4, 4)))
case("max_pool3d_2d", lambda m: m.nn.functional.max_pool3d(x(m, 4, 4), 2))
case("avg_pool1d_1d", lambda m: m.nn.functional.avg_pool1d(x(m, 4), 2))
case("avgpool1d_module_4d", lambda m: m.nn.AvgPool1d(2)(x(m, 1, 2, 4, 4)))
case("avg_pool2d_1d", lambda m: m.nn.functional.avg_pool2d(x(m, 4), 2))
case("avg_pool2d_0d", lambda m: m.nn.functional.avg_pool2d(m.tensor(1.0), 2))
case("avgpool2d_module_5d", lambda m: m.nn.AvgPool2d(2)(x(m, 1, 1, 1, 4, 4)))
case("avgpool3d_module_2d", lambda m: m.nn.AvgPool3d(2)(x(m, 4, 4)))
case("lppool2d_1d", lambda m: m.nn.LPPool2d(2, 2)(x(m, 4)))
case("adaptive_avg_pool1d_4d", lambda m: m.nn.AdaptiveAvgPool1d(2)(x(m, 1, 1, 4, 4)))
case("adaptive_max_pool1d_1d", lambda m: m.nn.AdaptiveMaxPool1d(2)(x(m, 4)))
case("torch_max_pool1d_with_indices_1d", lambda m: m.max_pool1d_with_indices(x(m, 4), 2))


def test_cross_entropy_ignores_negative_label_smoothing():
    """torch applies label smoothing only when it is positive (and refuses it above 1 only)."""
    for tgt in (lambda m: m.tensor([0, 2]), lambda m: x(m, 2, 3)):
        a, b = (ce(m, x(m, 2, 3), tgt(m), label_smoothing=-0.5) for m in (torch, pullback))
        np.testing.assert_allclose(b.numpy(), a.numpy(), rtol=1e-6)


def setitem_list_none_warns(m, keep):
    a = keep(x(m, 2, 3))
    a[[None, 1]] = 0.0
    a.copy_(x(m, 2, 3))


case("setitem_list_none_warns", setitem_list_none_warns)


def test_float_list_index_is_cut_to_int():
    """A list index of floats is read as torch reads it: cut toward zero to int64 (x[[1.9, -1.9]] is x[[1, -1]])."""
    for m in (torch, pullback):
        t = m.arange(6.0)
        assert t[[1.9, -1.9]].tolist() == [1.0, 5.0]
        assert t[:, None][[True, 2.5]].tolist() == [[1.0], [2.0]]


# ---------------------------------------------------------------- indices, membership, factories, optimizers
# an int index's error names its position in the index (torch's real_dim), not the dim it lands on
case("index_second_int_out_of_range", lambda m: x(m, 2, 3)[0, 5])
case("index_negative_out_of_range", lambda m: x(m, 2, 3)[1, -4])
case("index_after_ellipsis", lambda m: x(m, 2, 3, 4)[..., 9])
case("index_after_none", lambda m: x(m, 2, 3, 4)[None, 0, 1, 9])
case("index_0d_tensor_out_of_range", lambda m: x(m, 2, 3)[0, m.tensor(7)])
case("setitem_second_int_out_of_range", lambda m, keep: keep(x(m, 2, 3)).__setitem__((0, 5), 1.0))
case("contains_string", lambda m: "a" in x(m, 2, 3))
case("contains_tensor_of_another_shape", lambda m: x(m, 2) in x(m, 2, 3))
case("addcmul_sizes_in_input_order", lambda m: m.addcmul(x(m, 2), x(m, 3), x(m, 2)))
case("addcdiv_sizes_in_input_order", lambda m: m.addcdiv(x(m, 3), x(m, 2), x(m, 2)))
case("masked_fill_float_mask", lambda m: x(m, 2).masked_fill(x(m, 2), 1.0))
case("masked_fill_long_mask", lambda m: x(m, 2).masked_fill(m.zeros(2, dtype=m.int64), 1.0))
case("sgd_lr_string", lambda m: m.optim.SGD([x(m, 2, rg=True)], lr="a"))
case("sgd_lr_none", lambda m: m.optim.SGD([x(m, 2, rg=True)], lr=None))
case("sgd_negative_momentum", lambda m: m.optim.SGD([x(m, 2, rg=True)], lr=0.1, momentum=-1))
case("adam_lr_none", lambda m: m.optim.Adam([x(m, 2, rg=True)], lr=None))
case("adam_betas_float", lambda m: m.optim.Adam([x(m, 2, rg=True)], betas=0.9))
case("adamw_betas_one", lambda m: m.optim.AdamW([x(m, 2, rg=True)], betas=(0.9,)))
case("repeat_interleave_negative", lambda m: x(m, 3).repeat_interleave(-1))
case("repeat_interleave_negative_tensor", lambda m: x(m, 3).repeat_interleave(m.tensor([1, -1, 1])))
def _given(call, value):
    """A case calling `call(m, v)` with v = value(m) (cases take only m, or m and keep)."""
    return lambda m: call(m, value(m))


# repeats that are not a vector of int32/int64 counts, alone and beside an input (checked in torch's order)
for _label, _repeats in {"float": lambda m: m.ones(3), "float_0d": lambda m: m.tensor(2.0),
                         "bool": lambda m: m.tensor([True, False, True]), "int8": lambda m: m.ones(3, dtype=m.int8),
                         "2d": lambda m: m.ones(1, 3, dtype=m.int64), "0d": lambda m: m.tensor(2),
                         "2d_float_wrong_size": lambda m: m.ones(2, 2)}.items():
    case(f"repeat_interleave_counts_{_label}", _given(lambda m, r: m.repeat_interleave(r), _repeats))
    if _label != "0d":  # (a 0-d count repeats every element)
        case(f"repeat_interleave_repeats_{_label}", _given(lambda m, r: x(m, 3).repeat_interleave(r, 0), _repeats))
case("repeat_interleave_counts_negative", lambda m: m.repeat_interleave(m.tensor([1, -1])))
case("repeat_interleave_float_wrong_size", lambda m: x(m, 3).repeat_interleave(m.ones(2)))
# an index that is not a vector of the integer dtypes each function takes, in each one's order and words
for _label, _index in {"2d_float": lambda m: m.zeros(2, 2), "1d_float": lambda m: m.zeros(2),
                       "2d_long": lambda m: m.zeros(2, 2, dtype=m.int64), "0d_float": lambda m: m.tensor(0.0),
                       "1d_int32": lambda m: m.zeros(2, dtype=m.int32), "2d_int32": lambda m: m.zeros(2, 2, dtype=m.int32)
                       }.items():
    if _label != "1d_int32":  # (which these take)
        case(f"index_select_{_label}", _given(lambda m, i: x(m, 2, 3).index_select(0, i), _index))
        case(f"index_add_{_label}", _given(lambda m, i: x(m, 2, 3).index_add(0, i, x(m, 2, 3)), _index))
        case(f"index_reduce_{_label}", _given(lambda m, i: x(m, 2, 3).index_reduce(0, i, x(m, 2, 3), "prod"), _index))
    case(f"index_copy_{_label}", _given(lambda m, i: x(m, 2, 3).index_copy(0, i, x(m, 2, 3)), _index))
    case(f"index_fill_{_label}", _given(lambda m, i: x(m, 2, 3).index_fill(0, i, 1.0), _index))
case("eye_negative_n", lambda m: m.eye(-1))
case("eye_negative_m", lambda m: m.eye(3, -1))
# (pullback has no complex or uint16-64 dtypes: its list of supported types is shorter than torch's)
case("tensor_of_a_string_array", lambda m: m.tensor(np.array(["a"])), phrase="can't convert np.ndarray of type numpy.str_")
case("tensor_of_an_object_array", lambda m: m.tensor(np.array([1, 2], dtype=object)),
     phrase="can't convert np.ndarray of type numpy.object_")
case("view_size_then_an_int", lambda m: m.arange(6).view((2, 3), 1), whole=True)
case("zeros_float_then_int", lambda m: m.zeros(1.0, 2))
case("ones_requires_grad_int", lambda m: m.ones((2, 3), requires_grad=1))
case("linspace_tensor_start", lambda m: m.linspace(m.zeros(2), 1.0, 3))
case("logspace_tensor_end", lambda m: m.logspace(0.0, m.zeros(2, 2), 3))
case("split_float_size", lambda m: x(m, 2, 3).split(2.0))
case("split_float_in_sizes", lambda m: x(m, 2, 3).split([1, 1.0]))
case("split_function_string_size", lambda m: m.split(x(m, 2, 3), "a"))
case("conv2d_groups_not_dividing", lambda m: m.nn.functional.conv2d(x(m, 1, 4, 8, 8), x(m, 4, 2, 3, 3), groups=3))
case("tensordot_int_dims_mismatch", lambda m: m.tensordot(x(m, 2, 3), x(m, 2, 3), dims=1))
case("tensordot_two_dims_mismatch", lambda m: m.tensordot(x(m, 2, 3, 4), x(m, 3, 2, 3), dims=2))
case("tensordot_listed_dims_mismatch", lambda m: m.tensordot(x(m, 2, 3), x(m, 2, 3), dims=([1], [0])))
case("cross_entropy_label_smoothing_2", lambda m: m.nn.functional.cross_entropy(x(m, 2, 3), m.tensor([0, 1]),
                                                                                label_smoothing=2.0))
case("grad_of_a_node", lambda m: m.autograd.grad((x(m, 3, rg=True) * 2).sum(), (x(m, 3, rg=True) * 2).grad_fn))
case("grad_of_a_number", lambda m: m.autograd.grad(x(m, 3, rg=True).sum(), 3))
case("vecdot_of_longs", lambda m: m.linalg.vecdot(m.arange(3), m.arange(3)))
case("vecdot_of_two_dtypes", lambda m: m.linalg.vecdot(x(m, 3), m.arange(3)), whole=True)
case("matrix_norm_order_before_dim", lambda m: m.linalg.matrix_norm(x(m, 2, 3), 0, [0]))
case("matrix_norm_dims_wrapped", lambda m: m.linalg.matrix_norm(x(m, 2, 3, 4), dim=(-1, 2)))
case("nuclear_norm_one_dim_listed", lambda m: m.nuclear_norm(x(m, 2, 3), [0]))
case("solve_dtypes_before_shapes", lambda m: m.linalg.solve(x(m, 2, 3), m.arange(2)))
case("matrix_rank_hermitian_not_square", lambda m: m.linalg.matrix_rank(x(m, 2, 3), hermitian=True))
case("matrix_rank_tolerance_not_broadcasting", lambda m: m.linalg.matrix_rank(x(m, 2, 3, 4), atol=x(m, 2, 3, 4)))
case("matrix_rank_long_with_tolerances", lambda m: m.linalg.matrix_rank(m.arange(6).reshape(2, 3), atol=1.0, rtol=0.0))
case("pinv_tolerance_not_broadcasting", lambda m: m.linalg.pinv(x(m, 2, 3, 4), rtol=x(m, 2, 3, 4)))
case("eigh_of_longs", lambda m: m.linalg.eigh(m.arange(9).reshape(3, 3)))
case("cond_float_tensor_order", lambda m: m.linalg.cond(x(m, 3, 4), m.tensor(1.0)))
case("cuda_of_the_cpu", lambda m: x(m, 2).cuda("cpu"))
case("cuda_negative_index", lambda m: x(m, 2).cuda(-1))
case("is_pinned_numpy_index", lambda m: x(m, 2).is_pinned(np.int64(0)))
case("pin_memory_meta", lambda m: x(m, 2).pin_memory("meta"))
case("pin_memory_cuda", lambda m: x(m, 2).pin_memory("cuda"), whole=True)
case("device_numpy_index", lambda m: m.device(np.int64(0)))
case("new_tensor_of_a_string", lambda m: x(m, 2).new_tensor("a"), whole=True)
case("new_tensor_of_none", lambda m: x(m, 2).new_tensor(None), whole=True)
case("tensor_of_none_as_long", lambda m: m.tensor(None, dtype=m.int64), whole=True)
case("as_subclass_of_a_number", lambda m: x(m, 2).as_subclass(1.0), whole=True)
case("index_put_none_index", lambda m: x(m, 2, 3).index_put((None, m.tensor([0])), m.tensor(1.0)), whole=True)
case("histogramdd_bins_minus_one_before_zero", lambda m: m.histogramdd(x(m, 3, 4), [2, 0, 2, -1]))
case("histogramdd_bins_below_minus_one", lambda m: m.histogramdd(x(m, 3, 4), [0, -2, 2, 2]))
case("type_of_a_number", lambda m: x(m, 2).type(1.0), whole=True)
case("type_of_a_python_type", lambda m: x(m, 2).type(float), whole=True)
case("type_of_a_class_of_no_tensor_type", lambda m: x(m, 2).type(dict), whole=True)
case("vsplit_function_of_two_ints", lambda m: m.vsplit(x(m, 4, 2), 1, 3), whole=True)
case("hsplit_method_of_ints_not_dividing", lambda m: x(m, 2, 3).hsplit(2))
case("dsplit_keyword_list_of_a_float", lambda m: x(m, 1, 1, 4).dsplit(indices=[1, 2.0]), whole=True)


def test_reduction_dim_of_one_integer_element():
    """A dim given as a tensor of one integer element reads as its int (torch's __index__); a tensor of
    several dims is refused with a TypeError (torch's words vary with the reduction's overloads)."""
    for call in (lambda m: m.arange(6.0).reshape(2, 3).sum(m.tensor(0)),
                 lambda m: m.arange(6.0).reshape(2, 3).mean(m.tensor(1)),
                 lambda m: m.arange(6.0).reshape(2, 3).amax(m.tensor([[0]]))):
        assert call(pullback).tolist() == call(torch).tolist()
    for m in (torch, pullback):
        with pytest.raises(TypeError):
            m.arange(6.0).reshape(2, 3).sum(m.tensor([0, 1]))


def test_autograd_takes_any_iterable():
    """grad's and backward's tensors and inputs: one Tensor, or any iterable of them (a generator too)."""
    for m in (torch, pullback):
        w = x(m, 3, rg=True)
        g, = m.autograd.grad((t for t in [(w * 2).sum()]), (t for t in [w]))
        assert g.tolist() == [2.0, 2.0, 2.0]
        m.autograd.backward((t for t in [(w * 3).sum()]), inputs=(t for t in [w]))
        assert w.grad.tolist() == [3.0, 3.0, 3.0]


def test_membership():
    """`v in t`: any element equal (a number, or a tensor compared broadcast), as torch answers."""
    for probe in (lambda m: 0.2 in x(m, 2, 3), lambda m: 7 in x(m, 2, 3), lambda m: x(m, 3) in x(m, 2, 3),
                  lambda m: m.tensor(0.5) in x(m, 2, 3), lambda m: True in m.ones(2, dtype=m.bool)):
        assert probe(pullback) == probe(torch)


def test_sgd_takes_a_nan_learning_rate():
    """SGD refuses only a learning rate below zero (torch's test), so NaN passes; Adam refuses it."""
    for m in (torch, pullback):
        m.optim.SGD([x(m, 2, rg=True)], lr=float("nan"))
        with pytest.raises(ValueError, match="Invalid learning rate: nan"):
            m.optim.Adam([x(m, 2, rg=True)], lr=float("nan"))


def test_arange_of_a_0d_tensor():
    """A 0-d tensor's value counts as the number it holds: arange(tensor(5)) is int64, as torch's."""
    for v in (5, 5.0):
        p, t = pullback.arange(pullback.tensor(v)), torch.arange(torch.tensor(v))
        assert str(p.dtype) == str(t.dtype) and p.tolist() == t.tolist()


# ---------------------------------------------------------------- the harness


def _first_line(text):
    return _sorted_sets(text.split("\n", 1)[0])


_SET_OF_STRINGS = re.compile(r"\{('[^']*'(?:, '[^']*')*)\}")


def _sorted_sets(text):
    """`text` with each printed set of strings in sorted order: a set literal's order comes from the hash
    seed of the process that compiled it (torch's cached bytecode), not from the code."""
    return _SET_OF_STRINGS.sub(lambda m: "{" + ", ".join(sorted(m.group(1).split(", "))) + "}", text)


def _warning(w):
    """A warning's class and message, less the C++ source location torch appends to its own."""
    text = str(w.message)
    at = text.find(" (Triggered internally at ")
    return w.category.__name__, text if at < 0 else text[:at]


def _run(fn, m):
    """Run a case; return (exception or None, [(warning class name, message)], [(tensor, values)])."""
    kept = []

    def keep(t):
        kept.append((t, t.detach().clone()))
        return t

    args = (m, keep) if len(inspect.signature(fn).parameters) == 2 else (m,)
    m.manual_seed(0)
    always = m.is_warn_always_enabled()
    m.set_warn_always(True)  # (a once-per-process warning either library gave in an earlier test warns again)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fn(*args)
            exc = None
        except Exception as e:  # noqa: BLE001 - the case's error is what is compared
            exc = e
        finally:
            m.set_warn_always(always)
    return exc, [_warning(w) for w in caught], kept


@pytest.mark.parametrize("name", list(CASES))
def test_user_error(name):
    fn, phrase, whole = CASES[name]
    th_exc, th_warn, _ = _run(fn, torch)
    pb_exc, pb_warn, kept = _run(fn, pullback)
    assert th_exc is not None or th_warn, "torch neither raises nor warns: not a user error"
    clip = (lambda w: w) if whole else (lambda w: (w[0], _first_line(w[1])))
    assert [clip(w) for w in pb_warn] == [clip(w) for w in th_warn]
    if th_exc is None:
        assert pb_exc is None, f"pullback raised {type(pb_exc).__name__}: {pb_exc}"
    else:
        assert pb_exc is not None, f"pullback raised nothing; torch: {type(th_exc).__name__}: {th_exc}"
        assert type(pb_exc).__name__ == type(th_exc).__name__, \
            f"pullback {type(pb_exc).__name__}: {pb_exc}\ntorch {type(th_exc).__name__}: {th_exc}"
        for base in (IndexError, KeyError, ValueError, TypeError, AttributeError, RuntimeError):
            assert isinstance(pb_exc, base) == isinstance(th_exc, base), base
        th_msg, pb_msg = str(th_exc), str(pb_exc)
        if phrase is not None:
            assert phrase in th_msg, f"torch's message changed: {th_msg}"
            assert phrase in pb_msg, f"pullback's message lacks {phrase!r}: {pb_msg}"
        elif whole:
            assert _sorted_sets(pb_msg) == _sorted_sets(th_msg)
        else:
            assert _first_line(pb_msg) == _first_line(th_msg)
    for t, before in kept:
        np.testing.assert_array_equal(t.detach().numpy(), before.numpy(), err_msg="a refused op changed its tensor")


def test_loss_of_long_and_float_is_float32():
    """mse_loss promotes as torch does (long with float32 is float32, not NumPy's float64)."""
    for m in (torch, pullback):
        assert str(m.nn.functional.mse_loss(m.arange(3), m.arange(3.0)).dtype).endswith("float32")
