"""Decoding pages whose headers lie: UTF-8, GBK/GB18030 and Big5 are all common on Chinese sites."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*['\"]?([A-Za-z0-9_-]+)", re.IGNORECASE)
# GB2312 and GBK pages routinely contain characters only GB18030 defines; decode with the superset.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs", "cp936": "gb18030"}


def _normalise(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, _SUPERSETS.get(name.lower(), canonical))


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page, trusting only an encoding that decodes it without errors.

    Order: byte-order mark, then the ``<meta charset>``, then the HTTP header, then UTF-8, then
    detection by charset-normalizer; a declared encoding that fails to decode is ignored.

    Returns:
        The text and the encoding actually used.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8"
    candidates: list[str] = []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", errors="ignore"))
    header = _HEADER_CHARSET.search(content_type or "")
    if header:
        candidates.append(header.group(1))
    candidates.append("utf-8")
    for name in candidates:
        encoding = _normalise(name)
        if encoding:
            text = _strict(body, encoding)
            if text is not None:
                return text, encoding
    best = charset_normalizer.from_bytes(body).best()
    if best is not None and best.encoding:
        encoding = _normalise(best.encoding) or best.encoding
        return body.decode(encoding, errors="replace"), encoding
    return body.decode("utf-8", errors="replace"), "utf-8"
