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


def _as_text(col):
    """A column as the CSV prints it: missing as "", whole numbers without a decimal point, categories as their names."""
    import pandas as pd

    if isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(object)
    return col.map(lambda v: "" if pd.isna(v) else str(int(v)) if isinstance(v, (int, float)) else str(v))


@pytest.mark.parametrize("what", TABLES)
def test_every_format_reads_back_alike_in_pandas(sample_archive, cli, what):
    """The CSV, JSONL, Parquet and Stata .dta of a table load in pandas with the same rows; the .dta holds the CSV's text."""
    import pandas as pd

    def export(fmt: str) -> io.BytesIO:
        return io.BytesIO(cli("export", "--archive", str(sample_archive), "--format", fmt, "--what", what))

    csv = pd.read_csv(export("csv"), dtype=str, keep_default_na=False)
    dta = pd.read_stata(export("dta"))
    assert len(csv) > 0
    assert len(pd.read_json(export("jsonl"), lines=True)) == len(pd.read_parquet(export("parquet"))) == len(dta) == len(csv)
    assert list(dta.columns) == list(csv.columns)
    for name in csv.columns:
        want = csv[name]
        if set(want) <= {"true", "false"} and dta[name].dtype.kind == "i":
            want = want.map({"true": "1", "false": "0"})
        assert _as_text(dta[name]).tolist() == want.tolist(), name
    with pd.io.stata.StataReader(export("dta")) as r:
        labels = r.variable_labels()
        value_labels = r.value_labels()
    assert all(labels[c] for c in csv.columns)
    if "type" in csv.columns or "event_type" in csv.columns:
        assert value_labels["event_type"][1] == "inspection"
        col = dta["type" if "type" in csv.columns else "event_type"]
        assert isinstance(col.dtype, pd.CategoricalDtype)


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
