"""A real HTTP server on 127.0.0.1 that replays recorded responses of the real sites.

``make demo`` and the tests run the unchanged source adapters against it: the HTTP client routes
every request here (offline mode only) and keeps the original URL in a header, so recordings are
keyed by the real site's method, host, path, query and form fields.

A snapshot is a directory with ``manifest.jsonl``; each line is one recorded exchange::

    {"method": "POST", "url": "http://www.cninfo.com.cn/new/hisAnnouncement/query",
     "form": {"pageNum": "1", ...}, "status": 200,
     "content_type": "application/json;charset=UTF-8", "body": "cninfo/query/....json"}

Recorded 200 answers to GET carry an ``ETag`` (a hash of the body) and a ``Last-Modified`` (the body
file's modification time), and a conditional GET that matches them is answered ``304 Not Modified``,
as real sites do: that is what the client's conditional GET is tested against.

**Fault injection.** A fault plan (:class:`FaultPlan`) makes chosen requests misbehave the way real
sites do: error statuses that recover after N tries or never, stalls, connections reset or cut in the
middle of a body, truncated or replaced bodies, wrong charsets, huge bodies, gzip bombs, endless
pagination and redirect loops. Tests pass a plan to :class:`SnapshotServer`; a server built without
one reads ``CGTWATCH_FAULTS`` (a JSON file path or inline JSON), so a whole ``cgtwatch run --offline``
can be faulted from the shell::

    CGTWATCH_FAULTS='[{"kind": "status", "url": "www.cde.org.cn/", "method": "POST", "status": 503}]' \
        cgtwatch run --offline
"""

from __future__ import annotations

import base64
import email.utils
import functools
import hashlib
import json
import logging
import os
import re
import socket
import struct
import sys
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from cgtwatch.errors import ConfigError

log = logging.getLogger(__name__)

ORIGINAL_URL_HEADER = "X-Cgtwatch-Original-Url"
FAULTS_ENV = "CGTWATCH_FAULTS"
DEFAULT_SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
# Request fields that change on every call (cache busters, trace ids) and so never take part in matching.
VOLATILE_FIELDS = frozenset({"_", "r", "req_trace", "t", "timestamp"})
_CHUNK = 64 * 1024

RequestKey = tuple[str, str, str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


def request_key(method: str, url: str, form: Mapping[str, str] | Iterable[tuple[str, str]] | None = None) -> RequestKey:
    """Normalised identity of a request: scheme, port and volatile fields do not count."""
    parts = urlsplit(url)
    query = tuple(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in VOLATILE_FIELDS))
    items = form.items() if isinstance(form, Mapping) else (form or ())
    form_items = tuple(sorted((k, v) for k, v in items if k not in VOLATILE_FIELDS))
    host = (parts.hostname or "").lower()
    return (method.upper(), host, parts.path or "/", query, form_items)


@dataclass(frozen=True)
class Recording:
    """One recorded exchange."""

    status: int
    content_type: str
    body_path: Path
    headers: Mapping[str, str] = field(default_factory=dict)


def load_manifest(root: Path) -> dict[RequestKey, Recording]:
    """Read ``root/manifest.jsonl`` into a lookup table.

    Raises:
        ConfigError: The manifest is missing, malformed, or points at a missing body file.
    """
    manifest = root / "manifest.jsonl"
    if not manifest.is_file():
        raise ConfigError(f"no snapshot manifest at {manifest}")
    table: dict[RequestKey, Recording] = {}
    for lineno, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            key = request_key(entry.get("method", "GET"), entry["url"], entry.get("form"))
            body = root / entry["body"]
            rec = Recording(
                status=int(entry.get("status", 200)),
                content_type=entry.get("content_type", "application/octet-stream"),
                body_path=body,
                headers=entry.get("headers", {}),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{manifest}:{lineno}: malformed snapshot entry: {exc}") from exc
        if not body.is_file():
            raise ConfigError(f"{manifest}:{lineno}: body file {body} is missing")
        table[key] = rec
    return table


# ---------------------------------------------------------------------------------------------- faults

FAULT_KINDS: Mapping[str, str] = {
    "status": "answer `status` (with `retry_after` as Retry-After, if given) instead of the recording",
    "stall": "read the request, then send nothing for `stall_s` (the client's read timeout fires)",
    "read_timeout": "send the headers and the first `fraction` of the body, then stall for `stall_s`",
    "reset": "send the headers and the first `fraction` of the body, then reset the connection (TCP RST)",
    "truncate": "a well-formed response whose body is only the first `fraction` of the recording",
    "replace": "serve `body_text` / `body_file` / `body_b64` (as `content_type`) instead of the recording",
    "transcode": "re-encode the recorded UTF-8 body as `encoding`, keeping the declared (now wrong) charset",
    "huge": "stream `size` bytes of filler; `declare_length` says whether Content-Length announces it",
    "gzip_bomb": "a gzip body (Content-Encoding: gzip) that inflates to `size` bytes",
    "endless_pages": "JSON list pages whose `grow_fields` (totals) grow with `page_field`: a next page always exists",
    "redirect_loop": "answer 302 with a Location pointing back at the same URL",
}


@dataclass(frozen=True)
class Fault:
    """One misbehaviour, applied to the requests it matches.

    Args:
        kind: One of :data:`FAULT_KINDS`.
        url: Regular expression searched in the request's original URL (``""`` matches every URL).
        method: Only requests with this method (any when None).
        form: Field values a request's form or query must all have (a subset match).
        times: How many matching answers of one request (same key) are faulty before it is answered
            normally; None means the fault never recovers.
    """

    kind: str
    url: str = ""
    method: str | None = None
    form: Mapping[str, str] = field(default_factory=dict)
    times: int | None = None
    status: int = 503
    retry_after: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    fraction: float = 0.5
    stall_s: float = 30.0
    size: int = 50 * 1024 * 1024
    declare_length: bool = True
    encoding: str = "gb18030"
    grow_fields: tuple[str, ...] = ("totalAnnouncement", "totalRecordNum", "total")
    page_field: str = "pageNum"

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ConfigError(f"unknown fault kind {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.fraction <= 1.0:
            raise ConfigError(f"fault {self.kind}: fraction must be within [0, 1], got {self.fraction}")
        try:
            re.compile(self.url)
        except re.error as exc:
            raise ConfigError(f"fault {self.kind}: bad url pattern {self.url!r}: {exc}") from exc

    def matches(self, method: str, url: str, fields: Mapping[str, str]) -> bool:
        """Whether a request (its original URL, and its form and query fields) is subject to this fault."""
        if self.method and self.method.upper() != method.upper():
            return False
        if self.url and not re.search(self.url, url):
            return False
        return all(fields.get(k) == v for k, v in self.form.items())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base: Path | None = None) -> Fault:
        """Build a fault from its JSON form; ``body_file`` is relative to ``base`` (the plan's directory).

        Raises:
            ConfigError: Unknown keys or kinds, or an unreadable body file.
        """
        known = {f for f in cls.__dataclass_fields__ if f != "body"} | {"body_text", "body_file", "body_b64"}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown fault field(s) {sorted(unknown)}; known: {sorted(known)}")
        values = {k: v for k, v in data.items() if k not in {"body_text", "body_file", "body_b64"}}
        if "body_text" in data:
            values["body"] = str(data["body_text"]).encode("utf-8")
        elif "body_b64" in data:
            values["body"] = base64.b64decode(data["body_b64"])
        elif "body_file" in data:
            path = Path(data["body_file"])
            path = path if path.is_absolute() or base is None else base / path
            try:
                values["body"] = path.read_bytes()
            except OSError as exc:
                raise ConfigError(f"fault {data.get('kind')}: cannot read body_file {path}: {exc}") from exc
        if "grow_fields" in values:
            values["grow_fields"] = tuple(values["grow_fields"])
        try:
            return cls(**values)
        except TypeError as exc:
            raise ConfigError(f"malformed fault {dict(data)!r}: {exc}") from exc


@dataclass(frozen=True)
class FaultPlan:
    """The faults a server applies; the first matching fault that is still active wins."""

    faults: tuple[Fault, ...] = ()

    @classmethod
    def parse(cls, text: str, base: Path | None = None) -> FaultPlan:
        """Read a plan: a JSON list of faults, or an object with a ``faults`` list.

        Raises:
            ConfigError: Malformed JSON or faults.
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"fault plan is not JSON: {exc}") from exc
        items = data.get("faults") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ConfigError('a fault plan is a JSON list of faults or {"faults": [...]}')
        return cls(tuple(Fault.from_dict(item, base) for item in items))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FaultPlan:
        """The plan named by ``CGTWATCH_FAULTS`` (inline JSON, or the path of a JSON file); empty when unset.

        Raises:
            ConfigError: The file cannot be read, or the plan is malformed.
        """
        value = env.get(FAULTS_ENV, "").strip()
        if not value:
            return cls()
        if value[0] in "[{":
            return cls.parse(value)
        path = Path(value)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{FAULTS_ENV}={value}: cannot read the fault plan: {exc}") from exc
        return cls.parse(text, base=path.parent)


@functools.lru_cache(maxsize=4)
def gzip_bomb(inflated_size: int) -> bytes:
    """A gzip stream of zeros that inflates to ``inflated_size`` bytes (about 1000:1), built in constant memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts: list[bytes] = []
    remaining = inflated_size
    while remaining > 0:
        piece = block if remaining >= len(block) else bytes(remaining)
        parts.append(compressor.compress(piece))
        remaining -= len(piece)
    parts.append(compressor.flush())
    return b"".join(parts)


def _grow_pages(body: bytes, page: int, fields: tuple[str, ...]) -> bytes:
    """A JSON list page whose totals always promise another page after ``page``."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        log.warning("endless_pages fault: the recording is not JSON; served unchanged")
        return body
    if isinstance(data, dict):
        # Far more than any page size times the page reached: a client trusting the total never stops.
        total = (page + 2) * 10_000
        for name in fields:
            if name in data:
                data[name] = total
        if "hasMore" in data:
            data["hasMore"] = True
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------- server


@dataclass
class ServedRequest:
    """One request the server saw, for tests that count requests."""

    method: str
    url: str
    form: dict[str, str]
    status: int
    # The fault kind applied to this answer, None for a faithful replay.
    fault: str | None = None
    conditional: bool = False


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(headers: Mapping[str, str], etag: str, last_modified: float) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    headers = {k.lower(): v for k, v in headers.items()}
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since:
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        return int(last_modified) <= when.timestamp()
    return False


class _QuietServer(ThreadingHTTPServer):
    """A threading server that treats a client hanging up as routine, not as an error to print."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            # Clients that gave up (timeouts, size limits) close mid-exchange; that is what faults provoke.
            log.debug("snapshot server: client %s hung up: %s", client_address, exc)
            return
        log.error("snapshot server: error while serving %s", client_address, exc_info=exc)


class SnapshotServer:
    """Serves one or more snapshot directories on 127.0.0.1 (an ephemeral port by default).

    Args:
        roots: Snapshot directories; a later one overrides an earlier one for the same request.
        port: Port to bind; 0 picks a free one.
        faults: Faults to inject; when None, the plan named by ``CGTWATCH_FAULTS`` (if any).
    """

    def __init__(self, roots: Iterable[Path], port: int = 0, faults: FaultPlan | None = None) -> None:
        self.recordings: dict[RequestKey, Recording] = {}
        for root in roots:
            self.recordings.update(load_manifest(Path(root)))
        # Demo runs build the server in the CLI: reading the plan here lets a shell fault a whole run.
        self.faults = faults if faults is not None else FaultPlan.from_env(os.environ)
        self.requests: list[ServedRequest] = []
        self._lock = threading.Lock()
        self._fault_hits: dict[tuple[int, RequestKey], int] = {}
        self._etags: dict[Path, str] = {}
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", port), self._handler_class())
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL the HTTP client routes to."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SnapshotServer:
        """Serve in a background thread."""
        for fault in self.faults.faults:
            if fault.kind == "gzip_bomb":
                # Built before serving: compressing hundreds of MiB inside the first request takes longer
                # than a client's read timeout on a busy machine, which would turn the bomb into a timeout.
                gzip_bomb(fault.size)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="snapshot-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port (stalled fault answers are released at once)."""
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def count(self, path_contains: str = "", method: str | None = None, status: int | None = None) -> int:
        """Number of requests whose URL contains ``path_contains`` (and had ``method`` / ``status``)."""
        with self._lock:
            return sum(
                1
                for r in self.requests
                if path_contains in r.url
                and (method is None or r.method == method.upper())
                and (status is None or r.status == status)
            )

    def _record(self, served: ServedRequest) -> None:
        with self._lock:
            self.requests.append(served)

    def _active_fault(self, method: str, url: str, fields: Mapping[str, str], key: RequestKey) -> Fault | None:
        """The first matching fault that has not yet used up its ``times`` for this request."""
        with self._lock:
            for index, fault in enumerate(self.faults.faults):
                if not fault.matches(method, url, fields):
                    continue
                hits = self._fault_hits.get((index, key), 0)
                if fault.times is not None and hits >= fault.times:
                    continue
                self._fault_hits[(index, key)] = hits + 1
                return fault
        return None

    def etag_of(self, rec: Recording) -> str:
        """The ETag a recording is served with (a hash of its body, computed once)."""
        with self._lock:
            tag = self._etags.get(rec.body_path)
        if tag is None:
            tag = _etag(rec.body_path.read_bytes())
            with self._lock:
                self._etags[rec.body_path] = tag
        return tag

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                log.debug("snapshot server: " + format, *args)

            def finish(self) -> None:
                # After a reset or an abandoned stall the socket is gone; flushing it can only fail.
                try:
                    super().finish()
                except OSError as exc:
                    log.debug("snapshot server: connection already closed: %s", exc)

            def _original_url(self) -> str:
                original = self.headers.get(ORIGINAL_URL_HEADER)
                if original:
                    return original
                return f"http://{self.headers.get('Host', 'localhost')}{self.path}"

            def _send(
                self, status: int, ctype: str, body: bytes, headers: Mapping[str, str], *, length: int | None = None
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()

            def _write(self, data: bytes) -> bool:
                """Write to the client; False when it hung up (expected once a client gives up)."""
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError) as exc:
                    log.debug("snapshot server: client went away: %s", exc)
                    self.close_connection = True
                    return False
                return True

            def _stall(self, seconds: float) -> None:
                server._stopping.wait(seconds)
                self.close_connection = True

            def _reset(self) -> None:
                # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

            def _serve(self, method: str) -> None:
                url = self._original_url()
                form: dict[str, str] = {}
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    raw = self.rfile.read(length)
                    if "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
                        form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                key = request_key(method, url, form)
                fields = {**dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)), **form}
                fault = server._active_fault(method, url, fields, key)
                rec = server.recordings.get(key)
                if fault is not None and fault.kind == "endless_pages" and rec is None:
                    # Pages past the recorded ones are served from the first page's recording.
                    first = {**form, fault.page_field: "1"} if fault.page_field in form else form
                    rec = server.recordings.get(request_key(method, url, first))
                if fault is not None:
                    self._serve_fault(method, url, form, fault, rec, fields)
                    return
                if rec is None:
                    message = f"not in the offline snapshot: {method} {url} form={json.dumps(form, ensure_ascii=False)}"
                    body = message.encode("utf-8")
                    server._record(ServedRequest(method, url, form, 404))
                    self._send(404, "text/plain; charset=utf-8", body, {})
                    if method != "HEAD":
                        self._write(body)
                    return
                headers = dict(rec.headers)
                conditional = False
                if rec.status == 200 and method in {"GET", "HEAD"}:
                    etag = server.etag_of(rec)
                    mtime = rec.body_path.stat().st_mtime
                    headers.setdefault("ETag", etag)
                    headers.setdefault("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
                    conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
                    if _not_modified(dict(self.headers.items()), etag, mtime):
                        server._record(ServedRequest(method, url, form, 304, conditional=True))
                        self.send_response(304)
                        self.send_header("ETag", headers["ETag"])
                        self.send_header("Last-Modified", headers["Last-Modified"])
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                body = rec.body_path.read_bytes()
                server._record(ServedRequest(method, url, form, rec.status, conditional=conditional))
                self._send(rec.status, rec.content_type, body, headers)
                if method != "HEAD":
                    self._write(body)

            def _serve_fault(
                self,
                method: str,
                url: str,
                form: dict[str, str],
                fault: Fault,
                rec: Recording | None,
                fields: Mapping[str, str],
            ) -> None:
                recorded = rec.body_path.read_bytes() if rec is not None else b""
                ctype = fault.content_type or (rec.content_type if rec is not None else "text/html; charset=utf-8")
                status = rec.status if rec is not None else 200
                kind = fault.kind

                def record(code: int) -> None:
                    server._record(ServedRequest(method, url, form, code, fault=kind))

                if kind == "status":
                    body = f"injected fault: HTTP {fault.status}".encode()
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    record(fault.status)
                    self._send(fault.status, "text/plain; charset=utf-8", body, headers)
                    self._write(body)
                elif kind == "stall":
                    record(0)
                    self._stall(fault.stall_s)
                elif kind in {"read_timeout", "reset"}:
                    record(status)
                    self._send(status, ctype, recorded, {})
                    if self._write(recorded[: int(len(recorded) * fault.fraction)]):
                        self.wfile.flush()
                        if kind == "read_timeout":
                            self._stall(fault.stall_s)
                        else:
                            self._reset()
                elif kind in {"truncate", "replace", "transcode", "endless_pages"}:
                    if kind == "truncate":
                        body = recorded[: int(len(recorded) * fault.fraction)]
                    elif kind == "replace":
                        body = fault.body or b""
                    elif kind == "transcode":
                        try:
                            body = recorded.decode("utf-8").encode(fault.encoding, errors="replace")
                        except UnicodeDecodeError as exc:
                            # Misapplied to a recording that is not UTF-8: say so loudly rather than replay it.
                            body = f"transcode fault: {url} is not recorded as UTF-8: {exc}".encode()
                            status, ctype = 500, "text/plain; charset=utf-8"
                    else:
                        page = int(fields.get(fault.page_field, "1") or 1)
                        body = _grow_pages(recorded, page, fault.grow_fields)
                    record(status)
                    self._send(status, ctype, body, {})
                    self._write(body)
                elif kind == "huge":
                    record(status)
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    if fault.declare_length:
                        self.send_header("Content-Length", str(fault.size))
                    else:
                        # No length and no chunking: the body ends when the connection closes (HTTP/1.0 style).
                        self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    filler = (b"<p>" + b"x" * (_CHUNK - 7) + b"</p>\n")[:_CHUNK]
                    sent = 0
                    while sent < fault.size and not server._stopping.is_set():
                        piece = filler[: min(_CHUNK, fault.size - sent)]
                        if not self._write(piece):
                            break
                        sent += len(piece)
                elif kind == "gzip_bomb":
                    body = gzip_bomb(fault.size)
                    record(status)
                    self._send(status, ctype, body, {"Content-Encoding": "gzip"})
                    self._write(body)
                elif kind == "redirect_loop":
                    record(302)
                    self._send(302, "text/plain; charset=utf-8", b"", {"Location": url})
                else:  # pragma: no cover - Fault.__post_init__ admits only known kinds
                    raise AssertionError(f"unhandled fault kind {kind}")

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

        return Handler


@contextmanager
def serving(roots: Iterable[Path], faults: FaultPlan | None = None) -> Iterator[SnapshotServer]:
    """Run a snapshot server for the duration of a ``with`` block."""
    server = SnapshotServer(roots, faults=faults).start()
    try:
        yield server
    finally:
        server.stop()
