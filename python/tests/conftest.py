"""Shared fixtures: the repository's root, the benbao binary, and an archive of the bundled samples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "samples/zhengzhou-gaoxin-2022-02.txt"


def _bin() -> str:
    b = os.environ.get("BENBAO_BIN") or str(ROOT / "target" / "release" / "benbao")
    if not Path(b).exists():
        pytest.fail(f"the benbao binary is needed to compare with ({b}): cargo build --release -p benbao-cli, or set BENBAO_BIN")
    return b


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    # paths in the tests (and in the documents' "source") are relative to the repository's root
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def cli():
    """Runs the benbao binary; returns its standard output (bytes)."""
    b = _bin()

    def run(*args: str, ok: bool = True) -> bytes:
        p = subprocess.run([b, *args], cwd=ROOT, capture_output=True)
        if ok and p.returncode != 0:
            raise AssertionError(f"benbao {' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}")
        return p.stdout

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    def run(*args: str):
        return json.loads(cli(*args))

    return run


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


@pytest.fixture(scope="session")
def sample_archive(cli, tmp_path_factory) -> Path:
    """An archive of every bundled sample page, made by `benbao ingest`."""
    d = tmp_path_factory.mktemp("archive") / "a"
    cli("ingest", "samples", "--archive", str(d))
    return d
