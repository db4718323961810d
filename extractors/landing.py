"""The landing zone: every raw payload as served, content-addressed, plus one batch file per fetch.

Layout under the landing root::

    <source>/objects/<sha256[:2]>/<sha256>.<ext>   # response bodies, written once, never changed
    <source>/batches/<batch_id>.jsonl              # one line per RawDocument, pointing at objects
    <source>/exchanges/<batch_id>.jsonl            # one line per HTTP exchange of that fetch (FetchJournal)
    <source>/validators.json                       # ETag / Last-Modified per URL, for conditional GET

A batch file is enough to re-run ``parse`` on a past fetch without touching the network. The exchange
log also covers what never became a document: error pages, bodies cut off by a timeout or a reset,
bodies stopped at the size limit, pages a source could not read. Nothing is ever written outside the
landing root: file names come from content hashes and checked source and batch names, never from URLs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cgtwatch.errors import ParseError
from extractors.base import RawDocument, RawPayload

log = logging.getLogger(__name__)
# Source names and batch ids become directory and file names: a strict alphabet, so none can climb out.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$")
_EXTENSIONS = {"json": ".json", "pdf": ".pdf", "html": ".html", "xml": ".xml", "javascript": ".js", "text": ".txt"}


def _extension(content_type: str) -> str:
    lowered = content_type.lower()
    return next((ext for key, ext in _EXTENSIONS.items() if key in lowered), ".bin")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see either nothing or the whole content (temp file + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(name: str, what: str) -> str:
    """``name`` if it is safe as one path component (no separators, not ``..``), else ValueError.

    Raises:
        ValueError: The name could address a file outside its directory.
    """
    if not _SAFE_NAME.match(name) or ".." in name:
        raise ValueError(f"unsafe {what} {name!r} for a landing-zone path")
    return name


class LandingZone:
    """Stores raw payloads and batch files under ``root``.

    Args:
        root: The landing directory (``data/landing`` live, ``data/demo/landing`` for the demo).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def store(self, source: str, payload: RawPayload) -> str:
        """Keep one payload; returns its reference relative to the landing root."""
        return self.store_bytes(source, payload.body, payload.content_type)

    def store_bytes(self, source: str, body: bytes, content_type: str) -> str:
        """Keep one body under its content address; returns its reference relative to the landing root."""
        digest = hashlib.sha256(body).hexdigest()
        ref = f"{safe_name(source, 'source')}/objects/{digest[:2]}/{digest}{_extension(content_type)}"
        target = self.root / ref
        if not target.exists():
            atomic_write_bytes(target, body)
        return ref

    def resolve(self, ref: str) -> Path:
        """The file of a stored reference, refusing references that point outside the landing root.

        Raises:
            ParseError: The reference escapes the landing root (a tampered batch file).
        """
        root = self.root.resolve()
        target = (root / ref).resolve()
        if not target.is_relative_to(root):
            raise ParseError(f"landing reference {ref!r} points outside the landing zone")
        return target

    def journal(self, source: str, batch_id: str) -> FetchJournal:
        """The journal one fetch's HTTP client writes every exchange to."""
        return FetchJournal(self, source, batch_id)

    def _payload_meta(self, source: str, payload: RawPayload) -> dict[str, Any]:
        return {
            "url": payload.url,
            "method": payload.method,
            "status": payload.status,
            "content_type": payload.content_type,
            "fetched_at": payload.fetched_at.isoformat(),
            "request_form": dict(payload.request_form) if payload.request_form else None,
            "sha256": payload.sha256,
            "ref": self.store(source, payload),
        }

    def batch_path(self, source: str, batch_id: str) -> Path:
        """Where the batch file of one fetch lives."""
        return self.root / safe_name(source, "source") / "batches" / f"{safe_name(batch_id, 'batch id')}.jsonl"

    def write_batch(self, source: str, batch_id: str, docs: Iterable[RawDocument]) -> tuple[Path, int]:
        """Store every document's payloads and write the batch file, streaming.

        The batch file is renamed into place even when ``docs`` raises part-way, so that what was
        received before a failure is kept; the exception then propagates.

        Returns:
            The batch file path and the number of documents in it.
        """
        path = self.batch_path(source, batch_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".jsonl.tmp")
        count = 0
        try:
            with tmp.open("w", encoding="utf-8") as handle:
                for doc in docs:
                    line = {
                        "source": doc.source,
                        "native_id": doc.native_id,
                        "record": self._payload_meta(source, doc.record),
                        "attachments": [self._payload_meta(source, a) for a in doc.attachments],
                        "fetch_errors": list(doc.fetch_errors),
                        "context": dict(doc.context),
                    }
                    handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                    count += 1
        finally:
            if tmp.exists():
                tmp.replace(path)
        return path, count

    def _load_payload(self, meta: dict[str, Any]) -> RawPayload:
        try:
            body = self.resolve(meta["ref"]).read_bytes()
        except OSError as exc:
            raise ParseError(f"landing object {meta['ref']} is missing: {exc}") from exc
        return RawPayload(
            url=meta["url"],
            status=int(meta["status"]),
            content_type=meta["content_type"],
            body=body,
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            method=meta.get("method", "GET"),
            request_form=meta.get("request_form"),
        )

    def read_batch(self, path: Path) -> Iterator[tuple[RawDocument, str]]:
        """Yield each stored document of a batch with the reference of its record payload."""
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                entry = json.loads(line)
                yield (
                    RawDocument(
                        source=entry["source"],
                        native_id=entry["native_id"],
                        record=self._load_payload(entry["record"]),
                        attachments=tuple(self._load_payload(a) for a in entry["attachments"]),
                        fetch_errors=tuple(entry.get("fetch_errors", ())),
                        context=entry.get("context", {}),
                    ),
                    entry["record"]["ref"],
                )


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version of a URL's body, and where that body is landed."""

    etag: str | None
    last_modified: str | None
    ref: str
    content_type: str


class FetchJournal:
    """Everything one source's HTTP client received during one fetch, kept in the landing zone.

    Each response body -- also error pages and bodies cut short by a timeout, a reset or the size
    limit -- is stored content-addressed as it arrives, and each exchange gets one line in
    ``<source>/exchanges/<batch_id>.jsonl`` (URL, status, outcome, error, body reference). So a
    failure leaves its evidence behind even when no document came of it.

    It also keeps the conditional-GET validators of the source's URLs (``<source>/validators.json``):
    the client sends them on the next GET of the same URL and, on ``304``, re-uses the landed body.

    Args:
        zone: The landing zone.
        source: The source's name.
        batch_id: The fetch's batch id (the run key).
    """

    def __init__(self, zone: LandingZone, source: str, batch_id: str) -> None:
        self.zone = zone
        self.source = safe_name(source, "source")
        self.path = zone.root / self.source / "exchanges" / f"{safe_name(batch_id, 'batch id')}.jsonl"
        self.validators_path = zone.root / self.source / "validators.json"
        self._lock = threading.Lock()
        self._validators: dict[str, dict[str, Any]] | None = None
        self._changed: dict[str, dict[str, Any] | None] = {}

    def keep(
        self,
        *,
        method: str,
        url: str,
        status: int,
        content_type: str,
        body: bytes | None,
        outcome: str,
        error: str | None = None,
        form: Mapping[str, str] | None = None,
        complete: bool = True,
    ) -> str | None:
        """Store a received body (if any) and log the exchange; returns the body's reference.

        Args:
            method: The request method.
            url: The requested URL (the real site's).
            status: The HTTP status (0 when no response arrived).
            content_type: The response's Content-Type.
            body: What was received (decompressed), possibly only part of the body; None for nothing.
            outcome: ``ok``, ``not_modified``, ``retry`` (a failed attempt that will be retried) or ``error``.
            error: Why the exchange failed, for anything but ``ok`` and ``not_modified``.
            form: The request's form fields.
            complete: False when the body was cut short (timeout, reset, size limit).
        """
        ref = self.zone.store_bytes(self.source, body, content_type) if body else None
        line = {
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": method,
            "url": url,
            "form": dict(form) if form else None,
            "status": status,
            "content_type": content_type,
            "outcome": outcome,
            "error": error,
            "bytes": len(body) if body else 0,
            "complete": complete,
            "ref": ref,
        }
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One short append per exchange: a killed run keeps every line written before it died.
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        return ref

    def exchanges(self) -> list[dict[str, Any]]:
        """The exchanges logged so far (empty when none)."""
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def _load_validators(self) -> dict[str, dict[str, Any]]:
        if self._validators is None:
            self._validators = self._read_validators_file()
        return self._validators

    def _read_validators_file(self) -> dict[str, dict[str, Any]]:
        if not self.validators_path.exists():
            return {}
        try:
            loaded = json.loads(self.validators_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            # Losing the validators costs one full download per URL, never data: start afresh, but say so.
            log.warning("ignoring unreadable %s: %s", self.validators_path, exc)
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def validators(self, url: str) -> Validators | None:
        """The validators remembered for ``url``, if its landed body is still there to fall back on."""
        with self._lock:
            entry = self._load_validators().get(url)
        if not entry:
            return None
        try:
            present = self.zone.resolve(str(entry["ref"])).is_file()
        except (KeyError, ParseError) as exc:
            log.warning("ignoring malformed validators of %s: %s", url, exc)
            return None
        if not present:
            return None
        return Validators(
            entry.get("etag"), entry.get("last_modified"), str(entry["ref"]), entry.get("content_type", "")
        )

    def remember(self, url: str, etag: str | None, last_modified: str | None, ref: str, content_type: str) -> None:
        """Keep the validators of ``url``'s body (landed at ``ref``) for the next conditional GET."""
        entry = {"etag": etag, "last_modified": last_modified, "ref": ref, "content_type": content_type}
        with self._lock:
            self._load_validators()[url] = entry
            self._changed[url] = entry

    def forget(self, url: str) -> None:
        """Drop ``url``'s validators (its landed body is gone, or the server no longer honours them)."""
        with self._lock:
            self._load_validators().pop(url, None)
            self._changed[url] = None

    def body(self, ref: str) -> bytes | None:
        """A landed body by reference, None when it is missing."""
        try:
            return self.zone.resolve(ref).read_bytes()
        except (OSError, ParseError) as exc:
            log.warning("landed body %s unavailable: %s", ref, exc)
            return None

    def close(self) -> None:
        """Persist changed validators, merged into the file's current content (another run may have added some)."""
        with self._lock:
            if not self._changed:
                return
            merged = self._read_validators_file()
            for url, entry in self._changed.items():
                if entry is None:
                    merged.pop(url, None)
                else:
                    merged[url] = entry
            atomic_write_bytes(self.validators_path, json.dumps(merged, ensure_ascii=False).encode("utf-8"))
            self._changed.clear()
