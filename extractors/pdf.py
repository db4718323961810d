"""Text of PDF attachments (announcements, notices): pypdf, plus repair of Chinese line wrapping."""

from __future__ import annotations

import re

from cgtwatch.errors import ParseError
from extractors.pdf_worker import PdfWorkerError, read_pdf_pages

PDF_MAGIC = b"%PDF"
_SPACE_RUN = re.compile(r"[ \t\u3000]+")
_PARAGRAPH_ENDS = ("。", "！", "？", "：", "；", "!", "?", ":")
# A line shorter than this share of the longest line is a header, title or signature, not wrapped prose.
_FULL_LINE_SHARE = 0.7
# The 证券代码/证券简称/公告编号 header of every announcement is a line of its own, however long.
_CODE_HEADER = re.compile(r"^(证券代码|股票代码|债券代码|证券简称)")


def pdf_text(body: bytes) -> str:
    """Extract the text of an announcement PDF.

    A PDF encrypted with only an owner password (restricting printing or copying, common for
    announcements) opens with the empty user password and is read; one that needs a password is not.

    Raises:
        ParseError: The body is not a PDF, needs a password, or cannot be read.
    """
    if not body.lstrip()[:4].startswith(PDF_MAGIC):
        raise ParseError(f"attachment is not a PDF (starts {body[:24]!r})")
    # Read in a child process, bounded in time and memory (extractors/pdf_worker.py says why).
    try:
        read = read_pdf_pages(body)
    except PdfWorkerError as exc:
        raise ParseError(f"attachment PDF cannot be read: {exc}") from exc
    if read.get("encrypted"):
        raise ParseError("attachment PDF is encrypted with a password; its text cannot be read")
    pages: list[str] = read["pages"]
    raw_lines = [line for page in pages for line in page.splitlines() if line.strip()]
    return join_wrapped_lines(raw_lines)


def join_wrapped_lines(lines: list[str]) -> str:
    """Undo the PDF's line wrapping, which splits Chinese words and codes mid-way.

    A line starts a new paragraph when it is indented (全角 spaces), when the previous line ended
    a sentence (。！？：；), or when the previous line is clearly shorter than a full line (a header,
    a title, a signature); otherwise it continues the previous line.
    """
    if not lines:
        return ""
    full = max(len(line.strip()) for line in lines)
    out: list[str] = []
    previous = ""
    for raw in lines:
        line = _SPACE_RUN.sub(" ", raw).strip()
        indented = raw[:1] in ("\u3000", "\t") or raw.startswith("  ")
        if not out:
            out.append(line)
        elif (
            indented
            or previous.endswith(_PARAGRAPH_ENDS)
            or len(previous) < _FULL_LINE_SHARE * full
            or _CODE_HEADER.match(previous)
        ):
            out.append("\n" + line)
        elif previous[-1:].isascii() and previous[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum():
            out.append(" " + line)
        else:
            out.append(line)
        previous = line
    return "".join(out)
