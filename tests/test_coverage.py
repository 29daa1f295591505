"""Every public op has samples in the op tables, and docs/api.md lists what exists.

Each op-table test module declares COVERED: the public functions its samples exercise against
torch. A function added to a namespace without samples fails here.
"""
import importlib
import inspect
import os
import subprocess
import sys

import pullback

TABLE_MODULES = ["test_foundation_ops", "test_ops_pointwise", "test_ops_pointwise_more", "test_ops_reduction",
                 "test_ops_shape", "test_sampling", "test_ops_indexing", "test_ops_linalg",
                 "test_ops_matrix_functions", "test_ops_special", "test_nn_functional", "test_as_strided",
                 "test_fractional_max_pool", "test_ops_scatter_copy", "test_tensor_api_more", "test_creation_more",
                 "test_torch_forms", "test_ops_products", "test_ops_statistics", "test_ops_factorizations",
                 "test_distribution_ops", "test_linear_cross_entropy", "test_lowrank", "test_recurrent",
                 "test_ops_numeric_api"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _covered():
    names = set()
    for mod in TABLE_MODULES:
        try:
            module = importlib.import_module(mod)
        except ImportError:
            continue
        names |= set(getattr(module, "COVERED", ()))
    return names


def _public_functions(module, names):
    return {n for n in names if callable(getattr(module, n, None)) and not inspect.isclass(getattr(module, n))}


def test_every_op_table_function_has_samples():
    public = _public_functions(pullback, pullback.ops.__all__)
    public |= {f"linalg.{n}" for n in _public_functions(pullback.linalg, getattr(pullback.linalg, "__all__", ()))}
    public |= {f"special.{n}" for n in _public_functions(pullback.special, pullback.special.__all__)}
    F = pullback.nn.functional
    public |= {f"F.{n}" for n in _public_functions(F, getattr(F, "__all__", [n for n in vars(F) if not n.startswith("_")]))}
    covered = _covered()
    # a function is covered under its own name or under its namespace-qualified name
    missing = sorted(n for n in public if n not in covered and n.split(".")[-1] not in covered)
    assert not missing, f"public ops without samples in the op tables: {missing}"


def test_api_doc_is_current():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "api_doc.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
