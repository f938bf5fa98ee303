"""Type stubs of the native module ``benbao._benbao`` (built from python/src/lib.rs).

Use the functions of :mod:`benbao` rather than these: they take paths, bytes
and dates of any kind and return dicts and tables. Every function here
releases the GIL while it works.
"""

from typing import List, Optional, Tuple

__version__: str

class PageError(ValueError):
    """A page file (or page text) that cannot be read, or holds no article; the message names the file and the problem."""

class ArchiveError(OSError):
    """An archive that cannot be opened or read."""

class QueryError(ValueError):
    """A search query or filter the archive refuses (syntax, limits, dates)."""

def parse_path(path: str, date: Optional[str] = None, place: Optional[str] = None, script: str = "auto", entities: bool = True) -> str:
    """The JSON document of ``benbao parse --format json PATH``."""

def parse_bytes(
    data: bytes, source: str, date: Optional[str] = None, place: Optional[str] = None, script: str = "auto", entities: bool = True
) -> str:
    """The JSON document of a page file's bytes, named ``source``."""

def read_page(
    path: str, date: Optional[str] = None, paper: Optional[str] = None, place: Optional[str] = None, script: str = "auto"
) -> Tuple[str, str, Optional[str], Optional[str]]:
    """(JSON document, raw lines, date, paper) of one page file, the date and paper from the path unless given."""

def describe(path: str) -> Tuple[Optional[str], Optional[str]]:
    """(date, paper) a path names, as ``benbao ingest`` reads them."""

def expand(paths_: List[str]) -> Tuple[List[str], List[Tuple[str, str]]]:
    """Files, folders and globs → (page files, [(path, problem)])."""

def extract_text(text: str, date: Optional[str] = None, place: Optional[str] = None) -> str:
    """The JSON ``benbao extract`` prints for one article's plain text, without ``source``."""

def export_parquet(dir: str, what: str) -> bytes:
    """One table of ``benbao export --format parquet --what WHAT``, as Parquet bytes."""

def archive_stats(dir: str) -> str:
    """An archive's row counts, as JSON."""

def search_json(
    dir: str,
    query: str,
    from_: Optional[str] = None,
    to: Optional[str] = None,
    paper: Optional[str] = None,
    person: Optional[str] = None,
    org: Optional[str] = None,
    place: Optional[str] = None,
    event_type: Optional[str] = None,
    year: Optional[str] = None,
    limit: int = 20,
    offset: int = 0,
    facets: bool = False,
    snippet: Optional[int] = None,
) -> str:
    """What ``benbao search --json`` prints."""

def table_schema(what: str) -> bytes:
    """A table of ``benbao export --format parquet`` with no rows (its columns and types)."""

def page_tables(
    data: bytes,
    path: str,
    date: Optional[str] = None,
    paper: Optional[str] = None,
    place: Optional[str] = None,
    script: str = "auto",
    ocr: bool = False,
) -> Tuple[Optional[str], Optional[str], str, str, List[Tuple[str, bytes]]]:
    """One page file's bytes, read as ``benbao ingest`` reads the file at ``path`` → (page date, paper,
    content hash, the page as ingest stores it (JSON, for ``benbao ingest --from-parquet``),
    [(table, Parquet bytes)] for articles, people, events and dyads); ids count from 1 within the
    page. Scans are read only with ``ocr``. Raises PageError."""
