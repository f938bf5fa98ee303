"""benbao.parse and benbao.extract give what the command prints."""

from __future__ import annotations

import datetime
import threading
import time
from pathlib import Path

import pytest

import benbao
from conftest import SAMPLE, has_pdftotext


def test_sample_page_has_its_six_articles(root):
    import json

    doc = benbao.parse(SAMPLE, date="2022-02")
    assert len(doc["articles"]) == 6
    second = doc["articles"][1]
    assert second["kicker"] == "■新年开新局"
    assert second["dateline"] == "本报讯"
    assert second["date"] == "2022-02-09"
    assert second["byline"] == {"reporters": ["孙庆辉"], "correspondents": ["宋贞"], "photo": False}
    assert second["paragraphs"][0].startswith("2月9日，高新区党工委委员、管委会副主任王德敏")
    # every field the scorer reads is the seed page's gold (the sample is that page)
    gold = json.loads((root / "tests/fixtures/seed/0000.gold.json").read_text(encoding="utf-8"))["articles"]
    fields = ("kicker", "headline", "dateline", "date", "paragraphs")
    assert [{k: a[k] for k in fields} for a in doc["articles"]] == [{k: g[k] for k in fields} for g in gold]
    assert [p["name"] for p in doc["articles"][0]["people"]] == ["王晓红", "李占宾", "吕沛", "王德敏"]


def test_parse_is_the_commands_json(cli_json):
    assert benbao.parse(SAMPLE, date="2022-02") == cli_json("parse", "--format", "json", "--date", "2022-02", SAMPLE)
    # options reach the same rules: no entities, a home locality
    assert benbao.parse(SAMPLE, date="2022-02", entities=False) == cli_json("parse", "--no-entities", "--date", "2022-02", SAMPLE)
    assert benbao.parse(SAMPLE, date="2022-02", place="郑州高新区") == cli_json("parse", "--date", "2022-02", "--place", "郑州高新区", SAMPLE)


def test_every_sample_page_is_the_commands_json(cli_json, root):
    pages = sorted((root / "samples" / "xwlb").glob("*/*.txt"))
    assert len(pages) == 40
    for p in pages[:8]:
        rel = str(p.relative_to(root))
        date = p.parent.name
        assert benbao.parse(rel, date=date) == cli_json("parse", "--date", date, rel), rel


def test_bytes_text_and_pathlike_give_the_same_articles(root):
    by_path = benbao.parse(Path(SAMPLE), date="2022-02")
    raw = (root / SAMPLE).read_bytes()
    by_bytes = benbao.parse(raw, date="2022-02")
    by_text = benbao.parse(raw.decode("utf-8"), date="2022-02", name="seed")
    assert by_bytes["source"] == "<bytes>" and by_text["source"] == "seed"
    for d in (by_bytes, by_text):
        assert d["articles"] == by_path["articles"]
        assert d["persons"] == by_path["persons"]


def test_dates_of_every_kind():
    a = benbao.parse(SAMPLE, date=datetime.date(2022, 2, 14))
    assert a["date"] == "2022-02-14"
    assert benbao.parse(SAMPLE, date=2022)["date"] == "2022"
    with pytest.raises(ValueError, match="date"):
        benbao.parse(SAMPLE, date="2022-13")
    with pytest.raises(TypeError):
        benbao.parse(SAMPLE, date=2022.5)


def test_paper_is_added_and_nothing_else_changes():
    plain = benbao.parse(SAMPLE, date="2022-02")
    named = benbao.parse(SAMPLE, date="2022-02", paper="zzgx")
    assert list(named)[:2] == ["source", "paper"] and named["paper"] == "zzgx"
    assert {k: v for k, v in named.items() if k != "paper"} == plain


@pytest.mark.skipif(not has_pdftotext(), reason="poppler-utils (pdftotext) is not installed")
def test_pdf_page_is_the_commands_json(cli_json, root):
    pdf = "tests/fixtures/pdf/0001.pdf"
    doc = benbao.parse(pdf, date="2024-01-02")
    assert doc == cli_json("parse", "--date", "2024-01-02", pdf)
    assert doc["encoding"] == "PDF" and len(doc["articles"]) > 0 and "sizes" in doc
    # a PDF's bytes go through the same layout reader
    from_bytes = benbao.parse((root / pdf).read_bytes(), date="2024-01-02")
    assert from_bytes["articles"] == doc["articles"]


def test_bad_input_raises_page_error_naming_the_file(tmp_path):
    with pytest.raises(benbao.PageError, match=r"^nope/missing\.txt: no such file"):
        benbao.parse("nope/missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(benbao.PageError, match=r"empty\.txt: .*empty"):
        benbao.parse(str(empty))
    furniture = tmp_path / "blank.txt"
    furniture.write_text("\n\n   \n")
    with pytest.raises(benbao.PageError, match="no articles found"):
        benbao.parse(str(furniture))
    with pytest.raises(benbao.PageError, match=r"^<bytes>: "):
        benbao.parse(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    # PageError is a ValueError: callers that catch ValueError keep working
    assert issubclass(benbao.PageError, ValueError)
    with pytest.raises(ValueError, match="script"):
        benbao.parse(SAMPLE, script="cyrillic")
    with pytest.raises(ValueError, match="place"):
        benbao.parse(SAMPLE, place="亚特兰蒂斯")
    with pytest.raises(TypeError):
        benbao.parse(42)  # type: ignore[arg-type]


def test_extract_is_the_commands_json(cli, tmp_path):
    import json

    doc = benbao.parse(SAMPLE, date="2022-02")
    text = "\n".join(doc["articles"][1]["paragraphs"])
    f = tmp_path / "article.txt"
    f.write_text(text, encoding="utf-8")
    want = json.loads(cli("extract", "--date", "2022-02", str(f)))
    assert want.pop("source") == str(f)
    got = benbao.extract(text, date="2022-02")
    assert got == want
    assert got["people"], "the seed page's second article names officials"
    # the same people parse finds in the page
    assert [p["name"] for p in got["people"]] == [p["name"] for p in doc["articles"][1]["people"]]


def test_parsing_releases_the_gil(root):
    """While one thread parses a big page, another thread keeps running Python."""
    page = (root / SAMPLE).read_bytes()
    big = page * 150  # about 2 MB of page text: well over a second of parse and extraction
    done = threading.Event()
    result = {}

    def work():
        t = time.perf_counter()
        result["doc"] = benbao.parse(big, date="2022-02")
        result["secs"] = time.perf_counter() - t
        done.set()

    th = threading.Thread(target=work)
    ticks = 0
    th.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    while not done.is_set():
        ticks += 1
    spent = time.perf_counter() - t0
    th.join()
    assert len(result["doc"]["articles"]) == 6 * 150
    assert result["secs"] > 0.3, "the page should take long enough to measure"
    # a thread holding the GIL would let this loop run only at each switch
    # interval (5 ms); with the GIL released it spins freely the whole time
    assert ticks / spent > 100_000, f"{ticks} loop turns in {spent:.2f} s while parsing"
