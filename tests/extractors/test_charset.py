"""Charset handling: the bytes decide, not what the headers claim."""

from __future__ import annotations

import pytest

from extractors.charset import decode_html

pytestmark = pytest.mark.unit
TEXT = "国家药监局附条件批准艾米迈托赛注射液上市，用于治疗急性移植物抗宿主病。"
TRAD = "國家藥監局附條件批准艾米邁托賽注射液上市，用於治療急性移植物抗宿主病。"


def page(charset: str, body: str) -> bytes:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'.encode(charset)


@pytest.mark.parametrize(
    ("body", "content_type", "expected_text", "expected_encoding"),
    [
        (page("utf-8", TEXT), "text/html; charset=utf-8", TEXT, "utf-8"),
        (page("gbk", TEXT), "text/html; charset=utf-8", TEXT, "gb18030"),  # header lies, meta is right
        (page("gb2312", TEXT), "text/html", TEXT, "gb18030"),
        (page("big5", TRAD), "text/html; charset=ISO-8859-1", TRAD, "big5hkscs"),
        (f"<html><body>{TEXT}</body></html>".encode("gb18030"), "text/html; charset=utf-8", TEXT, None),
        (b"\xef\xbb\xbf" + TEXT.encode(), "", TEXT, "utf-8"),
    ],
    ids=["utf8", "gbk-header-lies", "gb2312-superset", "big5", "gbk-undeclared", "bom"],
)
def test_decode_html(body, content_type, expected_text, expected_encoding):
    text, encoding = decode_html(body, content_type)
    assert expected_text in text
    if expected_encoding:
        assert encoding == expected_encoding
