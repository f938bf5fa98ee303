"""Reads back what `benbao export` wrote, in pandas: python3 tools/check_export.py DIR

DIR holds, for each table T (articles, people, events, directives, spells,
dyads, dyad-counts, panel), T.csv, T.bom.csv (--bom), T.jsonl, T.parquet and
T.dta. Checks that every file loads (read_csv, read_json(lines=True),
read_parquet, read_stata) with the same rows and columns; that the .dta and
the Parquet file, read by pyarrow and by DuckDB, hold the CSV's text in every
cell (numbers as printed, missing as empty, 0/1 for true/false, event-type
labels as their names); that the Parquet columns are typed BIGINT, BOOLEAN
or VARCHAR for DuckDB, each of the three used somewhere; that the .dta labels
every column; and that the panel is balanced: its rows are the sum over
persons of the months from their first to their last spell, times the event
types. The R twin is tools/check_export.R. Needs pandas, pyarrow and duckdb.
"""

from __future__ import annotations

import sys

import duckdb
import pandas as pd

TABLES = ["articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel"]


def as_text(col: pd.Series) -> pd.Series:
    if isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype(object)
    return col.map(lambda v: "" if pd.isna(v) else str(int(v)) if isinstance(v, (int, float)) else str(v))


def same_cells(t: str, what: str, got: pd.DataFrame, csv: pd.DataFrame) -> None:
    """Exits unless every cell of `got` prints as the CSV's text."""
    for c in csv.columns:
        want = csv[c]
        g = as_text(got[c])
        if set(want) <= {"true", "false", ""} and set(g) <= {"0", "1", ""} and set(want) & {"true", "false"}:
            want = want.map({"true": "1", "false": "0", "": ""})
        if g.tolist() != want.tolist():
            i = next(i for i, (x, y) in enumerate(zip(g, want)) if x != y)
            sys.exit(f"{t}: column {c} row {i + 1}: the {what} has {g[i]!r}, the CSV {want[i]!r}")


def months(a: str, z: str) -> int:
    (ya, ma), (yz, mz) = (map(int, a[:7].split("-")), map(int, z[:7].split("-")))
    return (yz - ya) * 12 + mz - ma + 1


def main(d: str) -> None:
    types: set[str] = set()
    for t in TABLES:
        csv = pd.read_csv(f"{d}/{t}.csv", dtype=str, keep_default_na=False)
        bom = pd.read_csv(f"{d}/{t}.bom.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        rows = {
            "csv": len(csv),
            "csv with BOM": len(bom),
            "jsonl": len(pd.read_json(f"{d}/{t}.jsonl", lines=True)),
            "parquet": len(pq := pd.read_parquet(f"{d}/{t}.parquet")),
            "dta": len(dta := pd.read_stata(f"{d}/{t}.dta")),
        }
        if len(set(rows.values())) != 1:
            sys.exit(f"{t}: row counts differ: {rows}")
        if not (list(bom.columns) == list(csv.columns) == list(pq.columns) == list(dta.columns)):
            sys.exit(f"{t}: columns differ")
        same_cells(t, ".dta", dta, csv)
        same_cells(t, "Parquet file (pyarrow)", pq, csv)
        path = f"{d}/{t}.parquet"
        same_cells(t, "Parquet file (DuckDB)", duckdb.read_parquet(path).df(), csv)
        for name, kind, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall():
            if kind not in ("BIGINT", "BOOLEAN", "VARCHAR"):
                sys.exit(f"{t}: DuckDB reads column {name} as {kind}")
            types.add(kind)
        with pd.io.stata.StataReader(f"{d}/{t}.dta") as r:
            labels, value_labels = r.variable_labels(), r.value_labels()
        if not all(labels[c] for c in csv.columns):
            sys.exit(f"{t}: a column of the .dta has no variable label")
        if {"type", "event_type"} & set(csv.columns) and value_labels.get("event_type", {}).get(1) != "inspection":
            sys.exit(f"{t}: the .dta has no value label event_type (1 = inspection)")
        print(f"{t}: {len(csv)} rows, {len(csv.columns)} columns: csv, csv with BOM, jsonl, parquet (pyarrow, DuckDB) and dta agree")
    if types != {"BIGINT", "BOOLEAN", "VARCHAR"}:
        sys.exit(f"the Parquet files use the column types {sorted(types)}, not all of BIGINT, BOOLEAN, VARCHAR")
    print("Parquet: DuckDB reads every column as BIGINT, BOOLEAN or VARCHAR, and the cells match the CSV")
    spells = pd.read_csv(f"{d}/spells.csv", dtype=str, keep_default_na=False)
    spells = spells[spells.first_date.str.len() >= 7]
    span = spells.groupby("person_id").agg(a=("first_date", "min"), z=("last_date", "max"))
    types = pd.read_csv(f"{d}/events.csv", dtype=str, keep_default_na=False)["type"].nunique()
    want = sum(months(a, z) for a, z in zip(span.a, span.z)) * types
    got = len(pd.read_csv(f"{d}/panel.csv", dtype=str))
    if got != want:
        sys.exit(f"panel: {got} rows, but the spells' months × event types make {want}")
    print(f"panel: {got} rows = the months of {len(span)} persons' spells × {types} event types")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 tools/check_export.py DIR")
    main(sys.argv[1])
