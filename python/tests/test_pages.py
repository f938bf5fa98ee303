"""benbao.read_pages: every page kind, papers and dates from the paths as ingest reads them."""

from __future__ import annotations

import pytest

import benbao
from conftest import SAMPLE, has_pdftotext


def test_read_pages_takes_dates_from_the_paths(root):
    pages = list(benbao.read_pages("samples/xwlb"))
    assert len(pages) == 40
    for p in pages:
        assert isinstance(p, benbao.Page) and p.ok
        folder = p.source.split("/")[-2]
        assert p.date == folder, p.source
        assert p.paper == "xwlb"
        assert p.encoding == "UTF-8"
        # the page's lines as read; articles count lines in them
        assert p.text.rstrip("\n") == (root / p.source).read_text(encoding="utf-8").rstrip("\n")
        last = p.articles[-1]["lines"][1]
        assert last <= len(p.text.split("\n"))
        # the document is parse's, with the path's date
        assert p.document == benbao.parse(p.source, date=p.date)


def test_read_pages_options_and_single_path():
    [p] = benbao.read_pages(SAMPLE, date="2022-02", paper="zzgx")
    assert (p.paper, p.date) == ("zzgx", "2022-02")
    assert len(p.articles) == 6
    # the sample's own name gives its month and no paper (the date is in the file name)
    [q] = benbao.read_pages([SAMPLE])
    assert q.date == "2022-02" and q.paper == "zhengzhou-gaoxin"


def test_bad_pages_raise_or_are_kept(tmp_path):
    good = tmp_path / "zzgx" / "2022-02-14" / "01.txt"
    good.parent.mkdir(parents=True)
    good.write_bytes(open(SAMPLE, "rb").read())
    bad = tmp_path / "zzgx" / "2022-02-14" / "02.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(benbao.PageError, match=r"02\.png: "):
        list(benbao.read_pages(tmp_path))
    pages = list(benbao.read_pages([tmp_path, tmp_path / "nothing-here"], errors="keep"))
    by_name = {p.source.rsplit("/", 1)[-1]: p for p in pages}
    assert set(by_name) == {"01.txt", "02.png", "nothing-here"}
    assert by_name["01.txt"].ok and len(by_name["01.txt"].articles) == 6
    assert by_name["01.txt"].paper == "zzgx" and by_name["01.txt"].date == "2022-02-14"
    png = by_name["02.png"]
    assert not png.ok and png.articles == [] and png.paper == "zzgx" and png.date == "2022-02-14"
    assert "PNG" in png.error or "png" in png.error
    assert by_name["nothing-here"].error == "no such file or folder"
    with pytest.raises(ValueError):
        list(benbao.read_pages(tmp_path, errors="ignore"))


@pytest.mark.skipif(not has_pdftotext(), reason="poppler-utils (pdftotext) is not installed")
def test_read_pages_reads_pdfs():
    [p] = benbao.read_pages("tests/fixtures/pdf/0025.pdf", date="2024-01-17")
    assert p.encoding == "PDF" and p.articles and p.text
    assert p.document == benbao.parse("tests/fixtures/pdf/0025.pdf", date="2024-01-17")
