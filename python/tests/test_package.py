"""The package as installed: stubs that match the native module, documented public names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import benbao
from benbao import _benbao


def test_stubs_name_every_native_function():
    stub = Path(_benbao.__file__).with_name("_benbao.pyi")
    assert stub.exists(), "the .pyi stub is installed beside the module"
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    native = {n for n in dir(_benbao) if not n.startswith("_")}
    assert stubbed == native
    assert (Path(benbao.__file__).parent / "py.typed").exists()


def test_public_names_are_documented():
    for name in benbao.__all__:
        obj = getattr(benbao, name)
        if callable(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"benbao.{name} has no docstring"


def test_abi3_module():
    # one wheel for every CPython from 3.9 on
    assert Path(_benbao.__file__).name in ("_benbao.abi3.so", "_benbao.pyd")


def test_no_module_shadows_the_standard_library():
    """spark-submit runs benbao/spark.py as a script, with benbao/ first on sys.path:
    a benbao/types.py there once hid the standard library's types module."""
    import sys

    names = {p.stem for p in Path(benbao.__file__).parent.glob("*.py")}
    assert not names & set(getattr(sys, "stdlib_module_names", ())), names


def test_docstring_examples_run():
    import doctest

    res = doctest.testmod(benbao, optionflags=doctest.ELLIPSIS)
    assert res.attempted >= 3 and res.failed == 0
