"""The report file is self-contained and accessible: inlined images, no requests, captions and alt texts."""
import base64
import html
import re

from debrieftools import tables


def test_no_external_references(report):
    """Does the report name no http(s) resource, and forbid all requests by its Content-Security-Policy?"""
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", report)
    assert "@import" not in report and "<script" not in report
    assert "default-src 'none'; img-src data:" in report


def test_images_inlined_as_png_with_alt(report):
    """Is every image a data URI holding a real PNG, with a non-empty alt text?"""
    images = re.findall(r"<img src='data:image/png;base64,([^']+)' alt='([^']*)'", report)
    assert len(images) == report.count("<img") >= 6
    for data, alt in images:
        assert base64.b64decode(data)[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(alt) > 20


def test_branch_chart_alt_text_carries_the_counts(report):
    """Does the branch diagram's alt text say 3 of 5 went to the CEO?"""
    alts = re.findall(r"alt='([^']*)'", report)
    jerome = [a for a in alts if "choices as Jerome" in a]
    assert len(jerome) == 1
    text = html.unescape(jerome[0])
    assert re.search(r"Word gets back → Go to the CEO[^;]*: 3 of 5 \(60%\)", text)
    assert re.search(r"Word gets back → Say nothing[^;]*: 2 of 5 \(40%\)", text)
    assert "of 0" not in text  # scenes nobody reached are left out of the description


def test_every_table_has_a_caption_and_header(report):
    """Does every table have a caption and column headers, and the page a language and headings?"""
    found = tables(report)
    assert found and all(t["caption"].strip() for t in found)
    assert report.count("<table>") == report.count("<caption>") == len(found)
    assert "<html lang='en'>" in report and "<h1>" in report and report.count("<h2>") >= 5
