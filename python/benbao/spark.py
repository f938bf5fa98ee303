"""Parse a newspaper archive on Spark: ``python -m benbao.spark INPUT... --out DIR``.

Each page file is read with ``binaryFiles``; on the executors, inside
``mapInArrow``, benbao's page reader, parser and extractor turn it into the
rows of ``benbao export --what articles|people|events|dyads`` (every rule as
``benbao ingest`` + ``benbao export`` apply it: papers and dates come from
the paths, the same tables and columns). The tables are written as Parquet
under ``DIR/articles``, ``DIR/people``, ``DIR/events``, ``DIR/dyads``,
partitioned by ``paper`` and ``year`` (hive style: ``paper=xwlb/year=2024``);
``DIR/pages`` holds each page as ``benbao ingest`` stores it (JSON in
``record``), which ``benbao ingest --from-parquet DIR`` makes an archive of;
files that cannot be read go to ``DIR/failures`` (path, paper, date, error)
and a bad page never fails the job. A file whose content was read already
under another path is stored once, as ``benbao ingest`` does.
``DIR/summary.json`` counts it all.

Ids (``article_id``, ``appearance_id``, ``person_id``, ``event_id``,
``page_id``) count from 1 within each page; ``page_hash`` (the content hash
``benbao ingest`` keys pages by) with ``article_id`` names an article across
the output. Who is who across pages (``person_id`` over the whole archive)
is decided by ``benbao ingest --from-parquet DIR``, which sees them all.

Usage::

    python -m benbao.spark samples --out /tmp/out --master 'local[2]'
    spark-submit --master spark://host:7077 -m benbao.spark ...   # see the README
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from typing import Iterator, List, Optional

TABLES = ("articles", "people", "events", "dyads")

# what the first pass keeps of each page: its place in the partitions, its
# problem if any, and its rows of each table as Parquet bytes
PAGES_SCHEMA = (
    "path string, paper string, date string, year int, page_hash string, error string, record string, "
    + ", ".join(f"{t} binary" for t in TABLES)
)


def _local_path(uri: str) -> str:
    """``file:/a/b`` (what ``binaryFiles`` gives) → ``/a/b``."""
    if uri.startswith("file://"):
        return uri[len("file://") :]
    if uri.startswith("file:"):
        return uri[len("file:") :]
    return uri


def read_pages_arrow(batches, *, date=None, paper=None, place=None, script="auto", ocr=False):
    """The executors' part: (path, content) batches → one row per page (see ``PAGES_SCHEMA``)."""
    import pyarrow as pa

    from benbao import PageError, _benbao

    names = ["path", "paper", "date", "year", "page_hash", "error", "record", *TABLES]
    for batch in batches:
        cols = {n: [] for n in names}
        for uri, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
            path = _local_path(uri)
            row = dict.fromkeys(names)
            row["path"] = path
            try:
                pdate, ppaper, h, record, tables = _benbao.page_tables(content, path, date, paper, place, script, ocr)
                row.update(paper=ppaper, date=pdate, page_hash=h, record=record)
                for name, data in tables:
                    row[name] = data
            except PageError as e:
                msg = str(e)
                row["error"] = msg[len(path) + 2 :] if msg.startswith(path + ": ") else msg
                row["date"], row["paper"] = _benbao.describe(path)
                if paper is not None:
                    row["paper"] = paper
                if date is not None:
                    row["date"] = date
            except Exception as e:  # a bad page never fails the job
                row["error"] = f"internal error: {type(e).__name__}: {e}"
            d = row["date"]
            row["year"] = int(d[:4]) if d else None
            for n in names:
                cols[n].append(row[n])
        schema = pa.schema(
            [(n, pa.string()) for n in ["path", "paper", "date"]]
            + [("year", pa.int32()), ("page_hash", pa.string()), ("error", pa.string()), ("record", pa.string())]
            + [(t, pa.binary()) for t in TABLES]
        )
        yield pa.RecordBatch.from_pydict(cols, schema=schema)


def table_schema(name: str):
    """The Arrow schema of one output table: ``benbao export``'s columns, then ``page_hash`` and ``year``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from benbao import _benbao

    s = pq.read_schema(io.BytesIO(_benbao.table_schema(name)))
    return pa.schema(list(s) + [pa.field("page_hash", pa.string()), pa.field("year", pa.int32())])


def explode_arrow(batches, name: str):
    """Each page's Parquet bytes of table ``name`` → its rows, with the page's hash and year."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = table_schema(name)
    for batch in batches:
        for blob, h, year in zip(batch.column(name).to_pylist(), batch.column("page_hash").to_pylist(), batch.column("year").to_pylist()):
            t = pq.read_table(io.BytesIO(blob))
            if t.num_rows == 0:
                continue
            t = t.append_column("page_hash", pa.array([h] * t.num_rows, pa.string()))
            t = t.append_column("year", pa.array([year] * t.num_rows, pa.int32()))
            yield from t.cast(schema).to_batches()


def _write(spark, rows, path: str) -> int:
    """Writes a table partitioned by paper and year; returns its rows. An empty
    table (Spark writes no file for it) gets one empty file with its columns."""
    rows.write.mode("overwrite").partitionBy("paper", "year").parquet(path)
    # counted from the files written (their footers), not by computing the rows again
    n = spark.read.schema(rows.schema).parquet(path).count()
    if n == 0:
        spark.createDataFrame([], rows.schema).coalesce(1).write.mode("overwrite").parquet(path)
    return n


def run(
    inputs: List[str],
    out: str,
    *,
    master: Optional[str] = None,
    ocr: bool = False,
    date: Optional[str] = None,
    paper: Optional[str] = None,
    place: Optional[str] = None,
    script: str = "auto",
    partitions: Optional[int] = None,
    rdd_api: bool = False,
    spark=None,
) -> dict:
    """Runs the job; returns the summary (also written to ``OUT/summary.json``)."""
    from pyspark.sql import SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    from benbao import _benbao

    # the executors' Python is this one (the package is installed in it)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    files, problems = _benbao.expand(list(inputs))
    problems = list(problems)
    n_files = len(files) + len(problems)
    files = [os.path.realpath(f) for f in files]  # the paths ingest stores
    own = spark is None
    if own:
        b = SparkSession.builder.appName("benbao")
        if master:
            b = b.master(master)
        spark = b.config("spark.sql.execution.arrow.pyspark.enabled", "true").getOrCreate()
    sc = spark.sparkContext
    t0 = time.perf_counter()
    n_parts = partitions or max(1, min(len(files), 4 * sc.defaultParallelism))
    # the shuffles after the first pass (one page per content hash) carry a row per page: few partitions
    spark.conf.set("spark.sql.shuffle.partitions", str(n_parts))
    # the inputs are files already (expanded above): Spark's file index asks each for its status
    # on the driver, not in a listing job of one task per path (3,000 pages: 29 s → 3 s)
    spark.conf.set("spark.sql.sources.parallelPartitionDiscovery.threshold", str(max(32, len(files) + 1)))
    if rdd_api:
        # SparkContext.binaryFiles: small files come back as one partition, read one by one in the JVM
        rdd = sc.binaryFiles(",".join(files), minPartitions=n_parts).repartition(n_parts) if files else sc.emptyRDD()
        raw = spark.createDataFrame(rdd, "path string, content binary")
    elif files:
        # binaryFiles as a DataFrame (Spark's binaryFile source): the JVM reads the files in
        # parallel and hands them to mapInArrow as Arrow batches, with no trip through Python.
        # The scan itself is cut into n_parts splits (a page file is small: the cost of opening
        # it is its size), so the pages reach the executors without a shuffle of their bytes.
        total = sum(os.path.getsize(f) for f in files)
        spark.conf.set("spark.sql.files.openCostInBytes", "0")
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(max(1, -(-total // n_parts))))
        spark.conf.set("spark.sql.files.minPartitionNum", str(n_parts))
        raw = spark.read.format("binaryFile").load(files).select("path", "content")
    else:
        raw = spark.createDataFrame([], "path string, content binary")
    opts = dict(date=date, paper=paper, place=place, script=script, ocr=ocr)
    pages = raw.mapInArrow(lambda it: read_pages_arrow(it, **opts), PAGES_SCHEMA).persist()
    n_pages = pages.count()
    t_read = time.perf_counter() - t0
    # a page whose content was read already (the same hash) is stored once, as
    # ingest does: the first in the order the inputs name the files
    order = spark.createDataFrame(list(enumerate(files)), "order long, path string")
    first = Window.partitionBy("page_hash").orderBy("order")
    ok = (
        pages.where("error IS NULL")
        .join(order, "path")
        .withColumn("_n", F.row_number().over(first))
        .where("_n = 1")
        .drop("_n", "order")
    )
    # the tables below all read these rows: computed once
    ok = ok.persist()
    n_ok = ok.count()
    counts = {}
    for name in TABLES:
        schema = from_arrow_schema(table_schema(name))
        rows = ok.select("page_hash", "year", name).mapInArrow(lambda it, name=name: explode_arrow(it, name), schema)
        counts[name] = _write(spark, rows, os.path.join(out, name))
    # each page as ingest stores it: what `benbao ingest --from-parquet DIR` reads
    _write(spark, ok.select("path", "paper", "date", "year", "page_hash", "record"), os.path.join(out, "pages"))
    failed = pages.where("error IS NOT NULL").select("path", "paper", "date", "error")
    n_bad = failed.count()
    # files the reader never got: Spark's file sources skip empty files; the page reader says what they are
    seen = {r.path for r in pages.select("path").collect()}
    for f in files:
        if f not in seen:
            try:
                _benbao.page_tables(b"", f)
                problem = "not read by Spark"
            except Exception as e:
                problem = str(e)[len(f) + 2 :] if str(e).startswith(f + ": ") else str(e)
            d, p = _benbao.describe(f)
            problems.append((f, problem, paper or p, date or d))
    if problems:
        rows = [(x[0], x[2] if len(x) > 2 else None, x[3] if len(x) > 2 else None, x[1]) for x in problems]
        named = spark.createDataFrame(rows, "path string, paper string, date string, error string")
        failed = failed.unionByName(named)
    failures = sorted((r.path, r.error) for r in failed.collect())
    failed.coalesce(1).write.mode("overwrite").parquet(os.path.join(out, "failures"))
    secs = time.perf_counter() - t0
    ok.unpersist()
    pages.unpersist()
    summary = {
        "files": n_files,
        "pages": n_ok,
        "duplicates": n_pages - n_bad - n_ok,
        "failed": len(failures),
        "failures": [{"path": p, "error": e} for p, e in failures],
        **counts,
        "seconds": round(secs, 3),
        # reading, parsing and extracting every page (the first pass), apart from writing the tables
        "read_seconds": round(t_read, 3),
        "read_pages_per_s": round(n_pages / t_read, 1) if t_read > 0 else None,
        "pages_per_s": round(n_pages / secs, 1) if secs > 0 else None,
        "master": sc.master,
    }
    with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
    if own:
        spark.stop()
    return summary


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benbao.spark", description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT", help="page files, folders (read recursively) and globs, as for benbao ingest")
    ap.add_argument("--out", required=True, metavar="DIR", help="where the Parquet tables go")
    ap.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    ap.add_argument("--ocr", action="store_true", help="read scans (PNG, JPEG, TIFF) with Tesseract (it must be on the executors)")
    ap.add_argument("--date", help="the publication date of every page (else from the paths)")
    ap.add_argument("--paper", help="the paper of every page (else from the paths)")
    ap.add_argument("--place", help="the papers' home locality (郑州高新区 or a division code)")
    ap.add_argument("--script", default="auto", help="auto, simplified or traditional (scans)")
    ap.add_argument("--partitions", type=int, help="input partitions (default: 4 per core)")
    ap.add_argument("--rdd", action="store_true", help="read with SparkContext.binaryFiles (slower on many small files) instead of the binaryFile source")
    a = ap.parse_args(argv)
    s = run(a.inputs, a.out, master=a.master, ocr=a.ocr, date=a.date, paper=a.paper, place=a.place, script=a.script, partitions=a.partitions, rdd_api=a.rdd)
    print(
        f"benbao.spark: {s['files']} files, {s['pages']} pages read, {s['failed']} failed, {s['duplicates']} duplicates; "
        f"{s['articles']} articles, {s['people']} people, {s['events']} events, {s['dyads']} dyads "
        f"in {s['seconds']} s ({s['pages_per_s']} pages/s, {s['master']}) → {a.out}"
    )
    for f in s["failures"]:
        print(f"  failed: {f['path']}: {f['error']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
