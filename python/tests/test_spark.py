"""The Spark job (python -m benbao.spark) in local mode: its tables are benbao export's."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import SAMPLE, has_pdftotext

if os.environ.get("BENBAO_REQUIRE_SPARK") == "1":
    import pyspark  # noqa: F401  (a missing pyspark is a failure here)

    assert shutil.which("java"), "BENBAO_REQUIRE_SPARK=1 but no java on PATH"
else:
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark; it needs Java 17)")
    if not shutil.which("java"):
        pytest.skip("no java on PATH (Spark needs Java 17)", allow_module_level=True)

import pyarrow.dataset as ds  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

TABLES = ["articles", "people", "events", "dyads"]
IDS = {"article_id", "page_id", "appearance_id", "person_id", "event_id", "page_hash", "year"}


def _rows(table) -> list:
    return table.to_pylist()


def _key(row) -> str:
    return hashlib.sha256(json.dumps(sorted(row.items()), ensure_ascii=False, default=str).encode()).hexdigest()


def _content(rows, article_of) -> Counter:
    """Each row without its ids, tied to its article by (path, position): a multiset of hashes."""
    out = Counter()
    for r in rows:
        art = article_of(r)
        out[_key({**{k: v for k, v in r.items() if k not in IDS}, "@article": art})] += 1
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, root):
    bad = tmp_path_factory.mktemp("bad")
    page = bad / "zzgx" / "2022-02-14"
    page.mkdir(parents=True)
    # the sample's articles under another paper and date (a line more: not the same content)
    (page / "01.txt").write_bytes((root / SAMPLE).read_bytes() + b"\n")
    (page / "02.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)  # a broken scan
    (page / "03.txt").write_bytes(b"")  # an empty page
    (page / "04.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")  # a broken PDF
    ins = ["samples", str(bad)]
    if has_pdftotext():
        ins.append("tests/fixtures/pdf")
    return ins, bad


@pytest.fixture(scope="module")
def spark_out(inputs, tmp_path_factory, root):
    ins, _ = inputs
    out = tmp_path_factory.mktemp("spark") / "out"
    p = subprocess.run(
        [sys.executable, "-m", "benbao.spark", *ins, "--out", str(out), "--master", "local[2]", "--ocr"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert p.returncode == 0, f"the Spark job failed:\n{p.stdout}\n{p.stderr[-5000:]}"
    print(p.stdout)
    return out, p


@pytest.fixture(scope="module")
def cli_archive(inputs, cli, tmp_path_factory):
    ins, _ = inputs
    arch = tmp_path_factory.mktemp("cli") / "a"
    cli("ingest", *ins, "--archive", str(arch), ok=False)  # exit 1: the bad pages
    return arch


def _spark_table(out: Path, name: str):
    return ds.dataset(out / name, format="parquet", partitioning="hive").to_table()


def _cli_table(cli, arch: Path, name: str):
    import io

    return pq.read_table(io.BytesIO(cli("export", "--archive", str(arch), "--format", "parquet", "--what", name)))


def test_spark_tables_equal_the_cli_export(spark_out, cli_archive, cli):
    out, _ = spark_out
    s_arts = _rows(_spark_table(out, "articles"))
    c_arts = _rows(_cli_table(cli, cli_archive, "articles"))
    assert len(s_arts) == len(c_arts) > 40
    s_art = {(r["page_hash"], r["article_id"]): (r["path"], r["position"]) for r in s_arts}
    c_art = {r["article_id"]: (r["path"], r["position"]) for r in c_arts}
    assert len(set(s_art.values())) == len(s_arts)
    # the articles, one content hash each
    assert _content(s_arts, lambda r: None) == _content(c_arts, lambda r: None)
    for r in s_arts:
        assert r["year"] == (int(r["page_date"][:4]) if r["page_date"] else None)
    for name in TABLES[1:]:
        s_rows = _rows(_spark_table(out, name))
        c_rows = _rows(_cli_table(cli, cli_archive, name))
        assert len(s_rows) == len(c_rows), name
        got = _content(s_rows, lambda r: s_art[(r["page_hash"], r["article_id"])])
        want = _content(c_rows, lambda r: c_art[r["article_id"]])
        assert got == want, name
    assert len(_rows(_spark_table(out, "events"))) > 0 and len(_rows(_spark_table(out, "dyads"))) > 0


def test_tables_are_partitioned_by_paper_and_year(spark_out):
    out, _ = spark_out
    for name in TABLES:
        parts = {p.relative_to(out / name).parts[:2] for p in (out / name).rglob("*.parquet")}
        # the study visits are all on the Zhengzhou page
        assert ("paper=xwlb", "year=2024") in parts or name == "dyads", (name, parts)
        assert ("paper=zzgx", "year=2022") in parts, (name, parts)
    arts = {p.relative_to(out / "articles").parts[:2] for p in (out / "articles").rglob("*.parquet")}
    assert {("paper=zhengzhou-gaoxin", "year=2022"), ("paper=zzgx", "year=2022")} <= arts


def test_bad_pages_land_in_the_failures_table(spark_out, inputs):
    out, p = spark_out
    _, bad = inputs
    failures = {Path(r["path"]).name: r for r in pq.read_table(out / "failures").to_pylist()}
    assert set(failures) == {"02.png", "03.txt", "04.pdf"}
    assert "empty" in failures["03.txt"]["error"]
    assert failures["02.png"]["paper"] == "zzgx" and failures["02.png"]["date"] == "2022-02-14"
    for r in failures.values():
        assert r["error"] and r["path"].startswith(str(bad.resolve()))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["failed"] == 3 and summary["duplicates"] == 0
    assert summary["pages"] == summary["files"] - 3
    assert "02.png" in p.stderr


def test_scans_need_ocr_and_copies_are_stored_once(tmp_path, root):
    """Without --ocr a scan is a failure that says what to do, and the job still succeeds;
    a file with the content of one named before it is stored once, as ingest does."""
    import benbao

    news = "samples/xwlb/2024-01-02/01.txt"  # a national news page: no study visit on it
    d = tmp_path / "in" / "xwlb" / "2024-01-02"
    d.mkdir(parents=True)
    shutil.copy(root / news, d / "01.txt")
    shutil.copy(root / news, d / "09.txt")
    (d / "02.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    out = tmp_path / "out"
    from benbao import spark

    # read with SparkContext.binaryFiles (--rdd) here, with the binaryFile source in the tests above
    s = spark.run([str(tmp_path / "in")], str(out), master="local[1]", rdd_api=True)
    n = len(benbao.parse(news, date="2024-01-02")["articles"])
    assert s["pages"] == 1 and s["duplicates"] == 1 and s["articles"] == n > 0
    assert [f["error"] for f in s["failures"]] == ["a scan (PNG): give --ocr to read scans with Tesseract"]
    paths = {r["path"] for r in ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table().to_pylist()}
    assert paths == {str((d / "01.txt").resolve())}
    # an empty table is still a table, with its columns
    assert s["dyads"] == 0
    empty = ds.dataset(out / "dyads", format="parquet").to_table()
    assert empty.num_rows == 0 and "origin_code" in empty.column_names


ALL_TABLES = ["articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel"]


def _normalized(rows, art) -> Counter:
    """Rows without ids; every article id replaced by its article's (path, position)."""
    out = Counter()
    for r in rows:
        row = {}
        for k, v in r.items():
            if k.endswith("article_id"):
                row[k] = art.get(v)
            elif not k.endswith("_id"):
                row[k] = v
        out[_key(row)] += 1
    return out


def test_ingest_from_parquet_makes_the_same_archive(spark_out, cli_archive, cli, tmp_path):
    """benbao ingest --from-parquet DIR stores the job's pages as ingest stores the files."""
    out, _ = spark_out
    arch = tmp_path / "from-parquet"
    log = cli("ingest", "--from-parquet", str(out), "--archive", str(arch)).decode()
    assert "0 failed" in log, log

    def arts(a, key):
        return {r["article_id"]: key(r) for r in _rows(_cli_table(cli, a, "articles"))}

    def place(r):
        return (r["path"], r["position"])

    def day(r):
        return r["date"] or r["page_date"]

    got_art, want_art = arts(arch, place), arts(cli_archive, place)
    assert len(got_art) == len(want_art) > 40
    for name in ALL_TABLES:
        got = _rows(_cli_table(cli, arch, name))
        want = _rows(_cli_table(cli, cli_archive, name))
        assert len(got) == len(want), name
        if name == "spells":
            # a spell's first and last article are those of its first and last date; between two
            # articles of one day the lower id wins, and ids follow the order pages were stored in
            assert _normalized(got, arts(arch, day)) == _normalized(want, arts(cli_archive, day)), name
        else:
            assert _normalized(got, got_art) == _normalized(want, want_art), name
    # searchable: the same hits, by article
    for q in ["高新区", '"考察组"', "type:study_visit"]:
        g = json.loads(cli("search", "--archive", str(arch), "--json", "--limit", "500", q))
        w = json.loads(cli("search", "--archive", str(cli_archive), "--json", "--limit", "500", q))
        assert g["total"] == w["total"] > 0, q
        assert sorted(got_art[h["article_id"]] for h in g["hits"]) == sorted(want_art[h["article_id"]] for h in w["hits"]), q
    # a second run adds nothing: every page is there already
    again = cli("ingest", "--from-parquet", str(out), "--archive", str(arch)).decode()
    assert " 0 added" in again, again


def test_ingest_from_parquet_refuses_a_folder_without_pages(cli, tmp_path):
    from conftest import _bin

    p = subprocess.run([_bin(), "ingest", "--from-parquet", str(tmp_path), "--archive", str(tmp_path / "a")], capture_output=True, text=True)
    assert p.returncode == 2 and "no pages table" in p.stderr
