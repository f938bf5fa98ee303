"""The shapes of what benbao returns, as ``TypedDict``s (for type checkers and readers).

They describe the JSON of ``benbao parse --format json`` and ``benbao
extract`` (the fields are explained in the repository's README); the values
themselves are plain dicts and lists.
"""

from __future__ import annotations

import sys
from typing import List, Optional, Tuple

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover
    from typing import TypedDict

    from typing_extensions import NotRequired  # type: ignore[import-not-found]

__all__ = [
    "Byline",
    "Jurisdiction",
    "Post",
    "Person",
    "Organization",
    "Place",
    "Event",
    "Article",
    "PersonRecord",
    "ParsedPage",
    "ExtractedArticle",
    "SearchHit",
]


class Byline(TypedDict):
    """Who wrote an article: ``reporters`` (记者…), ``correspondents`` (通讯员, 实习生),
    ``photographers`` (摄影, only when present), ``photo`` (文/图, 摄), ``signature``
    (本报评论员 closing a commentary, only when present)."""

    reporters: List[str]
    correspondents: List[str]
    photographers: NotRequired[List[str]]
    photo: bool
    signature: NotRequired[str]


class Jurisdiction(TypedDict):
    """The administrative division whose body a post belongs to (name and division code)."""

    name: str
    code: Optional[str]


class Post(TypedDict):
    post: str
    organization: Optional[str]
    jurisdiction: Optional[Jurisdiction]


class Person(TypedDict):
    """An official named in an article, with the title chain printed before the name and its posts;
    ``mentions`` are character offsets (end exclusive) into the paragraphs joined with ``\\n``."""

    name: str
    title: Optional[str]
    posts: List[Post]
    mentions: List[Tuple[int, int]]


class Organization(TypedDict):
    name: str
    mentions: List[Tuple[int, int]]


class Place(TypedDict):
    name: str
    code: Optional[str]
    level: Optional[str]
    mentions: List[Tuple[int, int]]


class Event(TypedDict):
    """``inspection``, ``study_visit``, ``meeting``, ``reception``, ``message`` or ``speech``, with its roles."""

    type: str
    date: Optional[str]
    actors: List[str]
    counterparts: List[str]
    place: Optional[str]
    origin: Optional[Jurisdiction]
    destination: Optional[Jurisdiction]
    organizer: Optional[str]
    topic: Optional[str]
    participants: List[str]
    directives: list


class Article(TypedDict):
    """One article of a page: kicker, headline, dateline, date, paragraphs, byline; where it stands
    on the page (``page``, ``lines``); and, unless ``entities=False``, its people, organizations,
    places and events."""

    kicker: Optional[str]
    overline: NotRequired[Optional[str]]
    headline: Optional[str]
    subheadline: NotRequired[Optional[str]]
    dateline: Optional[str]
    date: Optional[str]
    paragraphs: List[str]
    byline: Byline
    page: int
    lines: Tuple[int, int]
    continued: NotRequired[bool]
    warnings: NotRequired[List[str]]
    boxes: NotRequired[list]
    people: NotRequired[List[Person]]
    organizations: NotRequired[List[Organization]]
    places: NotRequired[List[Place]]
    events: NotRequired[List[Event]]


class PersonRecord(TypedDict):
    """Each official once per file, with every post, title and mention (article index, date, offsets)."""

    name: str
    posts: List[Post]
    titles: List[str]
    mentions: list


class ParsedPage(TypedDict):
    """The document ``benbao parse --format json`` prints for one page file."""

    source: str
    paper: NotRequired[str]
    date: Optional[str]
    articles: List[Article]
    persons: List[PersonRecord]
    encoding: str
    pages: int
    sizes: NotRequired[List[Tuple[float, float]]]
    furniture: list
    warnings: List[str]


class ExtractedArticle(TypedDict):
    """What ``benbao extract`` prints for one article's plain text (without ``source``)."""

    kicker: Optional[str]
    headline: Optional[str]
    dateline: Optional[str]
    date: Optional[str]
    paragraphs: List[str]
    byline: Byline
    people: List[Person]
    organizations: List[Organization]
    places: List[Place]
    events: List[Event]


class SearchHit(TypedDict):
    article_id: int
    score: float
    date: Optional[str]
    page_date: Optional[str]
    paper: Optional[str]
    path: str
    sheet: int
    lines: Tuple[int, int]
    kicker: Optional[str]
    headline: Optional[str]
    lead: str
    snippet: str
    highlights: List[Tuple[int, int]]
