"""benbao.Archive: the export tables as pyarrow Tables, search."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import benbao

TABLES = ["articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel"]


@pytest.mark.parametrize("what", TABLES)
def test_tables_are_the_commands_export(sample_archive, cli, what):
    a = benbao.Archive(sample_archive)
    got = a.table(what)
    want = pq.read_table(io.BytesIO(cli("export", "--archive", str(sample_archive), "--format", "parquet", "--what", what)))
    assert isinstance(got, pa.Table)
    assert got.equals(want)
    method = getattr(a, what.replace("-", "_"))
    assert method().equals(want)


def test_every_format_reads_back_alike_in_pandas(sample_archive, cli, root, tmp_path):
    """Every table's CSV (with and without BOM), JSONL, Parquet and Stata .dta load in pandas with the
    same rows, the .dta holds the CSV's text, and the panel is balanced (tools/check_export.py)."""
    import runpy

    for what in TABLES:
        for name, extra in [(f"{what}.csv", []), (f"{what}.bom.csv", ["--bom"]), (f"{what}.jsonl", []), (f"{what}.parquet", []), (f"{what}.dta", [])]:
            cli("export", "--archive", str(sample_archive), "--what", what, "-o", str(tmp_path / name), *extra)
    check = runpy.run_path(str(root / "tools" / "check_export.py"))
    check["main"](str(tmp_path))


def test_tables_hold_the_sample_pages(sample_archive):
    a = benbao.Archive(sample_archive)
    stats = a.stats()
    assert stats["pages"] == 41
    arts = a.articles()
    assert arts.num_rows == stats["articles"] > 40
    df = arts.to_pandas()
    assert len(df) == arts.num_rows
    assert set(df["paper"].dropna()) >= {"xwlb"}
    assert a.events().num_rows == stats["events"] > 0
    assert a.people().num_rows > 0


def test_polars_when_installed(sample_archive):
    pl = pytest.importorskip("polars")
    df = pl.from_arrow(benbao.Archive(sample_archive).articles())
    assert df.height > 40


def test_search(sample_archive, cli):
    import json

    a = benbao.Archive(sample_archive)
    hits = a.search("高新区", limit=5)
    assert isinstance(hits, pa.Table)
    want = json.loads(cli("search", "--archive", str(sample_archive), "--json", "--limit", "5", "高新区"))
    assert int(hits.schema.metadata[b"total"]) == want["total"] > 0
    assert hits.column("article_id").to_pylist() == [h["article_id"] for h in want["hits"]]
    assert hits.num_rows == min(5, want["total"])
    res = a.search_results("高新区", limit=3, facets=True, paper="zhengzhou-gaoxin")
    assert res["total"] > 0 and "paper" in res["facets"]
    assert all(h["paper"] == "zhengzhou-gaoxin" for h in res["hits"])
    assert a.search("没有这个词组合的文章xyz").num_rows == 0


def test_archive_errors(tmp_path, sample_archive):
    with pytest.raises(benbao.ArchiveError, match="no archive"):
        benbao.Archive(tmp_path / "none")
    a = benbao.Archive(sample_archive)
    with pytest.raises(benbao.QueryError):
        a.search("(" * 40 + "a" + ")" * 40)
    with pytest.raises(benbao.QueryError, match="from_"):
        a.search("a", from_="2024-99")
    with pytest.raises(ValueError):
        a.table("nonsense")
