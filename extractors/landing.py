"""The landing zone: every raw payload as served, content-addressed, plus one batch file per fetch.

Layout under the landing root::

    <source>/objects/<sha256[:2]>/<sha256>.<ext>   # response bodies, written once, never changed
    <source>/batches/<batch_id>.jsonl              # one line per RawDocument, pointing at objects

A batch file is enough to re-run ``parse`` on a past fetch without touching the network.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from cgtwatch.errors import ParseError
from extractors.base import RawDocument, RawPayload

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


class LandingZone:
    """Stores raw payloads and batch files under ``root``.

    Args:
        root: The landing directory (``data/landing`` live, ``data/demo/landing`` for the demo).
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def store(self, source: str, payload: RawPayload) -> str:
        """Keep one payload; returns its reference relative to the landing root."""
        digest = payload.sha256
        ref = f"{source}/objects/{digest[:2]}/{digest}{_extension(payload.content_type)}"
        target = self.root / ref
        if not target.exists():
            atomic_write_bytes(target, payload.body)
        return ref

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
        return self.root / source / "batches" / f"{batch_id}.jsonl"

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
        ref = self.root / meta["ref"]
        try:
            body = ref.read_bytes()
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
