"""A real HTTP server on 127.0.0.1 that replays recorded responses of the real sites.

``make demo`` and the tests run the unchanged source adapters against it: the HTTP client routes
every request here (offline mode only) and keeps the original URL in a header, so recordings are
keyed by the real site's method, host, path, query and form fields.

A snapshot is a directory with ``manifest.jsonl``; each line is one recorded exchange::

    {"method": "POST", "url": "http://www.cninfo.com.cn/new/hisAnnouncement/query",
     "form": {"pageNum": "1", ...}, "status": 200,
     "content_type": "application/json;charset=UTF-8", "body": "cninfo/query/....json"}
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from cgtwatch.errors import ConfigError

log = logging.getLogger(__name__)

ORIGINAL_URL_HEADER = "X-Cgtwatch-Original-Url"
DEFAULT_SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
# Request fields that change on every call (cache busters, trace ids) and so never take part in matching.
VOLATILE_FIELDS = frozenset({"_", "r", "req_trace", "t", "timestamp"})

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


@dataclass
class ServedRequest:
    """One request the server saw, for tests that count requests."""

    method: str
    url: str
    form: dict[str, str]
    status: int


class SnapshotServer:
    """Serves one or more snapshot directories on 127.0.0.1 (an ephemeral port by default).

    Args:
        roots: Snapshot directories; a later one overrides an earlier one for the same request.
        port: Port to bind; 0 picks a free one.
    """

    def __init__(self, roots: Iterable[Path], port: int = 0) -> None:
        self.recordings: dict[RequestKey, Recording] = {}
        for root in roots:
            self.recordings.update(load_manifest(Path(root)))
        self.requests: list[ServedRequest] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL the HTTP client routes to."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SnapshotServer:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="snapshot-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def count(self, path_contains: str = "", method: str | None = None) -> int:
        """Number of requests whose URL contains ``path_contains``."""
        with self._lock:
            return sum(
                1 for r in self.requests if path_contains in r.url and (method is None or r.method == method.upper())
            )

    def _record(self, served: ServedRequest) -> None:
        with self._lock:
            self.requests.append(served)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                log.debug("snapshot server: " + format, *args)

            def _original_url(self) -> str:
                original = self.headers.get(ORIGINAL_URL_HEADER)
                if original:
                    return original
                return f"http://{self.headers.get('Host', 'localhost')}{self.path}"

            def _serve(self, method: str) -> None:
                url = self._original_url()
                form: dict[str, str] = {}
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    raw = self.rfile.read(length)
                    if "x-www-form-urlencoded" in self.headers.get("Content-Type", ""):
                        form = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                rec = server.recordings.get(request_key(method, url, form))
                if rec is None:
                    message = f"not in the offline snapshot: {method} {url} form={json.dumps(form, ensure_ascii=False)}"
                    body = message.encode("utf-8")
                    status, ctype, headers = 404, "text/plain; charset=utf-8", {}
                else:
                    body = rec.body_path.read_bytes()
                    status, ctype, headers = rec.status, rec.content_type, dict(rec.headers)
                server._record(ServedRequest(method, url, form, status))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if method != "HEAD":
                    self.wfile.write(body)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_HEAD(self) -> None:
                self._serve("HEAD")

        return Handler


@contextmanager
def serving(roots: Iterable[Path]) -> Iterator[SnapshotServer]:
    """Run a snapshot server for the duration of a ``with`` block."""
    server = SnapshotServer(roots).start()
    try:
        yield server
    finally:
        server.stop()
