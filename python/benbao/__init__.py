"""benbao (本报): Chinese newspaper pages into articles, officials and events.

The Python face of benbao's Rust crates: the same page reader, parser and
extractor as the ``benbao`` command, so
``benbao.parse(path)`` is the document ``benbao parse --format json PATH``
prints, and an :class:`Archive`'s tables are ``benbao export``'s.

>>> import benbao
>>> page = benbao.parse("samples/zhengzhou-gaoxin-2022-02.txt", date="2022-02")
>>> page["articles"][0]["byline"]["reporters"]
['孙庆辉']

Every call into the native module releases the GIL while it reads, parses
and extracts, so threads parse pages in parallel.
"""

from __future__ import annotations

import datetime as _dt
import io as _io
import json as _json
import os as _os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Union

from . import _benbao
from ._benbao import ArchiveError, PageError, QueryError
from .shapes import Article, Byline, Event, ExtractedArticle, ParsedPage, Person, SearchHit

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

__version__: str = _benbao.__version__

__all__ = [
    "parse",
    "extract",
    "read_pages",
    "Page",
    "Archive",
    "PageError",
    "ArchiveError",
    "QueryError",
    "Article",
    "Byline",
    "Person",
    "Event",
    "ParsedPage",
    "ExtractedArticle",
    "SearchHit",
    "__version__",
]

DateLike = Union[str, int, _dt.date, None]
Source = Union[str, "_os.PathLike[str]", bytes, bytearray, memoryview]


def _date(d: DateLike) -> Optional[str]:
    """A page date as benbao reads it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    if d is None:
        return None
    if isinstance(d, _dt.datetime):
        d = d.date()
    if isinstance(d, _dt.date):
        return d.isoformat()
    if isinstance(d, int):
        return f"{d:04d}"
    if isinstance(d, str):
        return d
    raise TypeError(f"date: expected a str (YYYY, YYYY-MM, YYYY-MM-DD), an int year or a datetime.date, not {type(d).__name__}")


def parse(
    source: Source,
    date: DateLike = None,
    paper: Optional[str] = None,
    *,
    place: Optional[str] = None,
    script: str = "auto",
    entities: bool = True,
    name: Optional[str] = None,
) -> ParsedPage:
    """Parse one page file into its articles, with their people, organizations, places and events.

    ``source`` is a path (``str`` without a line break, or ``os.PathLike``), the
    file's bytes (text in any encoding benbao detects, a PDF, a PNG/JPEG/TIFF
    scan), or page text as a ``str`` holding at least one line break.

    ``date`` is the page's publication date as far as known (``"2022"``,
    ``"2022-02"``, ``"2022-02-14"``, an int year or a ``datetime.date``); it is
    used to read the dates in the text. ``paper`` is the newspaper's name: it
    is added to the result as ``"paper"`` (with ``paper=None`` the result is
    exactly the document ``benbao parse --format json`` prints). ``place`` is
    the paper's home locality (``"郑州高新区"`` or a division code), what 我区
    and a bare 区委 mean; ``script`` the script scans are printed in (``auto``,
    ``simplified``, ``traditional``); ``entities=False`` leaves out people,
    organizations, places and events. ``name`` names bytes or text in the
    result's ``source`` and in errors (default ``"<bytes>"`` / ``"<text>"``).

    Raises :class:`PageError` (a ``ValueError``) naming the file and the
    problem when the file cannot be read or holds no article, and
    ``ValueError`` for a bad ``date``, ``place`` or ``script``.
    """
    d = _date(date)
    if isinstance(source, (bytes, bytearray, memoryview)):
        doc = _benbao.parse_bytes(bytes(source), name or "<bytes>", d, place, script, entities)
    elif isinstance(source, str) and ("\n" in source or "\r" in source):
        doc = _benbao.parse_bytes(source.encode("utf-8"), name or "<text>", d, place, script, entities)
    elif isinstance(source, (str, _os.PathLike)):
        doc = _benbao.parse_path(_os.fspath(source), d, place, script, entities)
    else:
        raise TypeError(f"parse: expected a path, bytes or page text, not {type(source).__name__}")
    out: dict[str, Any] = _json.loads(doc)
    if paper is not None:
        out = {"source": out["source"], "paper": paper, **{k: v for k, v in out.items() if k != "source"}}
    return out  # type: ignore[return-value]


def extract(text: str, date: DateLike = None, *, place: Optional[str] = None) -> ExtractedArticle:
    """Extract the people, organizations, places, events and directives of one article's plain text.

    ``text`` has the article's paragraphs on lines (what ``benbao extract FILE``
    reads); ``date`` is the publication date as far as known. Returns the
    object ``benbao extract`` prints for the file, without its ``source``: the
    article's fields (``paragraphs``, ``date``, …) and ``people``,
    ``organizations``, ``places``, ``events``.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract: expected article text (str), not {type(text).__name__}")
    return _json.loads(_benbao.extract_text(text, _date(date), place))  # type: ignore[no-any-return]


@dataclass
class Page:
    """One page file as read by :func:`read_pages`.

    ``paper`` and ``date`` come from the path as ``benbao ingest`` reads them
    (``zzgx/2022-02-14/02.txt`` → paper ``zzgx``, date ``2022-02-14``) unless
    given; ``text`` is the page's lines as read (for PDFs and scans, the lines
    the layout reader found), ``document`` the same dict :func:`parse` returns.
    A page that failed (with ``errors="keep"``) has ``error`` set and no
    articles.
    """

    source: str
    paper: Optional[str] = None
    date: Optional[str] = None
    text: str = ""
    document: dict = field(default_factory=dict)
    error: Optional[str] = None

    @property
    def articles(self) -> list[Article]:
        """The page's articles (with their entities)."""
        return self.document.get("articles", [])

    @property
    def encoding(self) -> Optional[str]:
        """The text's encoding (``UTF-8``, ``GB18030``, …), or ``PDF``, ``PNG``, ``JPEG``, ``TIFF``."""
        return self.document.get("encoding")

    @property
    def ok(self) -> bool:
        return self.error is None


def read_pages(
    paths: Union[str, "_os.PathLike[str]", Iterable[Union[str, "_os.PathLike[str]"]]],
    *,
    date: DateLike = None,
    paper: Optional[str] = None,
    place: Optional[str] = None,
    script: str = "auto",
    errors: str = "raise",
) -> Iterator[Page]:
    """Read page files one by one, yielding a :class:`Page` for each.

    ``paths`` are files, folders (searched recursively for ``*.txt``,
    ``*.pdf``, ``*.png``, ``*.jpg``, ``*.tif``) and globs, expanded as
    ``benbao ingest`` expands them. ``date`` and ``paper`` apply to every page;
    by default each page's come from its path. ``errors="raise"`` raises
    :class:`PageError` at the first file that cannot be read (or a path that
    names nothing); ``errors="keep"`` yields it as a ``Page`` with ``error``
    set and goes on.
    """
    if errors not in ("raise", "keep"):
        raise ValueError(f"errors: {errors!r}: expected 'raise' or 'keep'")
    if isinstance(paths, (str, _os.PathLike)):
        paths = [paths]
    files, problems = _benbao.expand([_os.fspath(p) for p in paths])
    for path, problem in problems:
        if errors == "raise":
            raise PageError(f"{path}: {problem}")
        yield Page(source=path, error=problem)
    d = _date(date)
    for f in files:
        try:
            doc, raw, pdate, ppaper = _benbao.read_page(f, d, paper, place, script)
        except PageError as e:
            if errors == "raise":
                raise
            pdate, ppaper = _benbao.describe(f)
            msg = str(e)
            yield Page(source=f, paper=paper or ppaper, date=d or pdate, error=msg[len(f) + 2 :] if msg.startswith(f + ": ") else msg)
            continue
        yield Page(source=f, paper=ppaper, date=pdate, text=raw, document=_json.loads(doc))


_TABLES = ("articles", "people", "events", "directives", "spells", "dyads", "dyad-counts", "panel")


class Archive:
    """An archive made by ``benbao ingest`` (SQLite + a tantivy index), read-only.

    Each table method returns a ``pyarrow.Table`` with exactly the rows and
    columns of ``benbao export --format parquet --what NAME``; call
    ``.to_pandas()`` on it, or ``polars.from_arrow(table)`` when polars is
    installed.

    >>> a = benbao.Archive("benbao-archive")            # doctest: +SKIP
    >>> a.search('"万人助万企"', limit=5).to_pandas()   # doctest: +SKIP
    """

    def __init__(self, dir: Union[str, "_os.PathLike[str]"] = "benbao-archive") -> None:
        self.dir = _os.fspath(dir)
        # opened once here, so a folder that is no archive is said at once
        self.stats()

    def stats(self) -> dict:
        """Row counts: ``pages``, ``indexed_pages``, ``articles``, ``people``, ``events``, …"""
        return _json.loads(_benbao.archive_stats(self.dir))  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"benbao.Archive({self.dir!r})"

    def table(self, what: str) -> "pyarrow.Table":
        """One export table by name: ``articles``, ``people``, ``events``, ``directives``,
        ``spells``, ``dyads``, ``dyad-counts`` or ``panel``."""
        import pyarrow.parquet as pq

        if what not in _TABLES and what.replace("_", "-") not in _TABLES:
            raise ValueError(f"{what!r}: expected one of {', '.join(_TABLES)}")
        data = _benbao.export_parquet(self.dir, what)
        return pq.read_table(_io.BytesIO(data))

    def articles(self) -> "pyarrow.Table":
        """Articles: one row each, with its page's path, paper, dates, kicker, headline, text, byline."""
        return self.table("articles")

    def people(self) -> "pyarrow.Table":
        """People mentioned: one row per person × article, with title and posts."""
        return self.table("people")

    def events(self) -> "pyarrow.Table":
        """Events (inspections, study visits, meetings, receptions, …) with their roles and dates."""
        return self.table("events")

    def directives(self) -> "pyarrow.Table":
        """Directives (一是…二是…) with their speaker and event."""
        return self.table("directives")

    def spells(self) -> "pyarrow.Table":
        """Careers: person × post × organization × jurisdiction, first and last date seen."""
        return self.table("spells")

    def dyads(self) -> "pyarrow.Table":
        """Study visits one by one: origin → destination, with division codes."""
        return self.table("dyads")

    def dyad_counts(self) -> "pyarrow.Table":
        """Study visits counted by origin × destination × year."""
        return self.table("dyad-counts")

    def panel(self) -> "pyarrow.Table":
        """Person × month × event type counts, zero-filled."""
        return self.table("panel")

    def search_results(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        paper: Optional[str] = None,
        person: Optional[str] = None,
        org: Optional[str] = None,
        place: Optional[str] = None,
        type: Optional[str] = None,
        year: Optional[Union[str, int]] = None,
        facets: bool = False,
    ) -> dict:
        """What ``benbao search --json`` prints: ``total``, ``hits``, ``facets`` (when asked), ``took_ms``.

        The query syntax is the command's: terms match inside words, ``"quoted
        phrases"`` exactly, AND, OR, NOT or -term, parentheses, and ``paper:``,
        ``person:``, ``org:``, ``type:``, ``year:`` in the query. A refused
        query raises :class:`QueryError`.
        """
        return _json.loads(
            _benbao.search_json(
                self.dir,
                query,
                _date(from_),
                _date(to),
                paper,
                person,
                org,
                place,
                type,
                None if year is None else str(year),
                limit,
                offset,
                facets,
                None,
            )
        )

    def search(self, query: str, *, limit: int = 20, **filters: Any) -> "pyarrow.Table":
        """The hits of a query as a ``pyarrow.Table``, best first: ``article_id``, ``score``,
        ``date``, ``page_date``, ``paper``, ``path``, ``sheet``, ``lines``, ``kicker``,
        ``headline``, ``lead``, ``snippet``, ``highlights``. The table's schema
        metadata holds ``total`` (all hits, not only those returned). Filters are
        :meth:`search_results`'s."""
        import pyarrow as pa

        res = self.search_results(query, limit=limit, **filters)
        hits = res["hits"]
        schema = pa.schema(
            [
                ("article_id", pa.int64()),
                ("score", pa.float32()),
                ("date", pa.string()),
                ("page_date", pa.string()),
                ("paper", pa.string()),
                ("path", pa.string()),
                ("sheet", pa.int64()),
                ("lines", pa.list_(pa.int64())),
                ("kicker", pa.string()),
                ("headline", pa.string()),
                ("lead", pa.string()),
                ("snippet", pa.string()),
                ("highlights", pa.list_(pa.list_(pa.int64()))),
            ],
            metadata={"total": str(res["total"])},
        )
        return pa.Table.from_pylist(hits, schema=schema)
