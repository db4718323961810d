"""Shared pieces of the offline snapshot builders (``scripts/build_*_snapshot.py``).

A snapshot directory is what :mod:`cgtwatch.snapshot_server` replays: ``manifest.jsonl`` (one JSON object a
request: method, url, form, status, content_type, body), the bodies it names and, usually, ``snapshot.json``
describing the set. Every helper here is deterministic: the same input writes the same bytes.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from fpdf import FPDF

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]
# The demo snapshots cover calendar 2025.
DEMO_SINCE = date(2025, 1, 1)
DEMO_UNTIL = date(2025, 12, 31)
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

# ------------------------------------------------------------------------------------------------- JSON


def json_text(obj: Any, *, compact: bool = False, indent: int | None = None) -> str:
    """``obj`` as JSON with CJK kept readable; ``compact`` drops the spaces after separators."""
    separators = (",", ":") if compact else None
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=separators)


def json_bytes(obj: Any, *, compact: bool = False, indent: int | None = None) -> bytes:
    """:func:`json_text` encoded as UTF-8: a response body."""
    return json_text(obj, compact=compact, indent=indent).encode("utf-8")


def read_json(path: Path) -> Any:
    """A hand-written UTF-8 data file."""
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------- snapshot dirs


def write_meta(root: Path, meta: dict[str, Any]) -> None:
    """Write ``snapshot.json``: the set's description, indented for review."""
    (root / "snapshot.json").write_text(json_text(meta, indent=2) + "\n", encoding="utf-8")


class SnapshotWriter:
    """Writes one snapshot directory from scratch: bodies plus a manifest line per request.

    Bodies go under ``body_dir`` (``""`` for the directory itself, sub-folders made as needed). A ``compact``
    manifest has no spaces after separators and no ``form`` key on requests without a form.
    """

    def __init__(self, root: Path, *, body_dir: str = "bodies", compact: bool = False) -> None:
        self.root = root
        self.body_dir = body_dir
        self.compact = compact
        if root.exists():
            shutil.rmtree(root)
        (root / body_dir).mkdir(parents=True)
        self.entries: list[dict[str, Any]] = []

    def add(
        self,
        name: str,
        url: str,
        body: bytes,
        content_type: str,
        *,
        method: str = "GET",
        form: dict[str, str] | None = None,
        status: int = 200,
    ) -> None:
        """Record ``method url`` (with ``form``) as answering ``status`` and ``body``, saved as ``name``."""
        rel = f"{self.body_dir}/{name}" if self.body_dir else name
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        entry: dict[str, Any] = {"method": method, "url": url, "form": form}
        if self.compact and form is None:
            del entry["form"]
        entry.update(status=status, content_type=content_type, body=rel)
        self.entries.append(entry)

    def finish(self, meta: dict[str, Any] | None = None) -> None:
        """Write ``manifest.jsonl`` and, given ``meta``, ``snapshot.json`` (``meta["requests"]`` is set here)."""
        lines = "".join(json_text(e, compact=self.compact) + "\n" for e in self.entries)
        (self.root / "manifest.jsonl").write_text(lines, encoding="utf-8")
        if meta is not None:
            meta["requests"] = len(self.entries)
            write_meta(self.root, meta)


def output_dirs(source: str) -> tuple[Path, Path]:
    """Where ``source``'s demo snapshot and its test fixtures go, relative to the output root."""
    return Path("cgtwatch/snapshot") / source, Path("tests/fixtures") / source


def demo_meta(
    source: str,
    built_by: str,
    *,
    what: str = "records",
    sites: str = "site",
    since: date = DEMO_SINCE,
    until: date = DEMO_UNTIL,
) -> dict[str, Any]:
    """The opening keys of a ``snapshot.json``: source, window, provenance and the not-recorded note."""
    return {
        "source": source,
        "window": {"since": since.isoformat(), "until": until.isoformat()},
        "built_by": built_by,
        "note": f"Illustrative {what} written by the cgtwatch project, not recorded from the live {sites}.",
    }


# ----------------------------------------------------------------------------------------------- paging


def page_slice(items: Sequence[T], page: int, size: int) -> list[T]:
    """Page ``page`` (1-based) of ``items`` in pages of ``size``; empty past the end."""
    return list(items[(page - 1) * size : page * size])


def paginate(items: Sequence[T], size: int) -> list[list[T]]:
    """All pages of ``items``: at least one, which is empty when there are no items (as the sites answer)."""
    return [page_slice(items, page, size) for page in range(1, max(1, math.ceil(len(items) / size)) + 1)]


# ------------------------------------------------------------------------------------------- HTTP, HTML


def request_url(url: str, params: dict[str, str] | None = None) -> str:
    """The URL exactly as httpx (and so the project's HttpClient) sends it."""
    import httpx

    return str(httpx.Request("GET", url, params=params).url)


def highlight(text: str, terms: Iterable[str]) -> str:
    """Wrap every case-insensitive occurrence of each term in ``<em>…</em>``, longest terms first."""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda m: f"<em>{m.group(0)}</em>", text)


def paragraphs_html(paragraphs: Iterable[str], *, indent: str = "\u3000\u3000", attrs: str = "") -> str:
    """One escaped ``<p{attrs}>`` a paragraph, each opened by ``indent`` (two ideographic spaces by default)."""
    return "\n".join(f"<p{attrs}>{indent}{html.escape(p)}</p>" for p in paragraphs)


def link_item(href: str, title: str, tail: str, *, css_class: str | None = None) -> str:
    """A list page's ``<li>``: a link opening in a new tab, titled and labelled ``title``, then ``tail``."""
    cls = f' class="{css_class}"' if css_class else ""
    text = html.escape(title)
    return f'<li><a{cls} href="{html.escape(href)}" target="_blank" title="{text}">{text}</a>{tail}</li>'


def ruishu_challenge(token: str, nsd: int, cd: str, loader: str) -> bytes:
    """A page shaped like a Ruishu (瑞数) challenge: an obfuscated meta, an r="m" script setting $_ts, a loader."""
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta content="{{{token}}}" r="m">
<script r="m">$_ts=window['$_ts'];if(!$_ts)$_ts={{}};$_ts.nsd={nsd};$_ts.cd="{cd}";</script>
<script type="text/javascript" r="m" src="{loader}" charset="iso-8859-1"></script>
</head><body></body></html>
""".encode()


# ------------------------------------------------------------------------------------------------ PDFs


def find_cjk_font() -> Path:
    """The CJK TrueType font to embed (``CGTWATCH_CJK_FONT`` first); exits with the install hint if none."""
    env = os.environ.get("CGTWATCH_CJK_FONT")
    for candidate in ((env,) if env else ()) + CJK_FONTS:
        if Path(candidate).is_file():
            return Path(candidate)
    sys.exit("no CJK font found: apt-get install -y fonts-wqy-microhei (or set CGTWATCH_CJK_FONT)")


def cjk_pdf(font: Path, family: str, created: datetime, **options: Any) -> FPDF:
    """A new fpdf2 document (``options`` go to ``FPDF``) with ``font`` registered as ``family``.

    The fixed creation date keeps the bytes identical across builds.
    """
    from fpdf import FPDF

    pdf = FPDF(**options)
    pdf.set_creation_date(created)
    pdf.add_font(family, fname=str(font))
    return pdf


# ------------------------------------------------------------------------------------------------- CLI


def print_summary(name: str, meta: dict[str, Any], breakdown: str) -> None:
    """Print a built set's one-line summary: its documents (split by ``meta[breakdown]``) and requests."""
    print(f"{name}: {meta['documents']} documents {meta[breakdown]}, {meta['requests']} requests")


def root_parser(description: str | None) -> argparse.ArgumentParser:
    """The builders' command line: ``--root`` is the directory the output paths are relative to."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--root", type=Path, default=REPO, help="directory the output paths are relative to (the repository)"
    )
    return parser
