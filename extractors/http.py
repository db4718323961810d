"""The one hardened HTTP client every source uses.

It is the only place that sets timeouts, the identifying User-Agent, per-host pacing, retries
(exponential backoff with jitter that honours ``Retry-After``), the response size limit and the
recognition of anti-bot challenges. Sources receive an :class:`HttpClient` in their constructor.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import re
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl

import httpx
import tenacity

from cgtwatch.config import HttpSettings
from cgtwatch.errors import (
    BlockedByChallengeError,
    PermanentSourceError,
    ResponseTooLargeError,
    TransientSourceError,
)
from extractors.base import RawPayload

log = logging.getLogger(__name__)

Expect = Literal["json", "html", "pdf", "any"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
ORIGINAL_URL_HEADER = "X-Cgtwatch-Original-Url"
_CHALLENGE_MARKERS = (
    re.compile(rb"\$_ts\s*=", re.IGNORECASE),
    re.compile(rb"<script[^>]*\sr=['\"]m['\"]", re.IGNORECASE),
    re.compile(rb"<meta[^>]+content=\"\{qqqq", re.IGNORECASE),
    re.compile(rb"(enable|requires?)\s+javascript", re.IGNORECASE),
    re.compile(rb"document\.cookie\s*=", re.IGNORECASE),
)


@dataclass
class HttpStats:
    """What one client did; becomes part of a source's health record."""

    requests: int = 0
    retries: int = 0
    bytes_received: int = 0
    not_modified: int = 0


class RobotsDisallowedError(PermanentSourceError):
    """robots.txt of the host disallows the URL for our User-Agent."""


class _RetryableError(Exception):
    """Internal: an attempt failed in a way worth retrying."""

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class _RoutedTransport(httpx.BaseTransport):
    """Sends every request to one local server, keeping the original Host header and URL.

    Used only by offline demo runs: the sources build the real sites' URLs and the snapshot server
    answers them, so the demo exercises exactly the code paths of a live run.
    """

    def __init__(self, target: str, inner: httpx.BaseTransport) -> None:
        self._target = httpx.URL(target)
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.headers[ORIGINAL_URL_HEADER] = str(request.url)
        request.url = request.url.copy_with(scheme=self._target.scheme, host=self._target.host, port=self._target.port)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class RecordingTransport(httpx.BaseTransport):
    """Writes every exchange into a snapshot directory that the snapshot server can replay.

    ``cgtwatch record`` wraps the live transport with this to refresh fixtures from the real sites.
    """

    def __init__(self, inner: httpx.BaseTransport, directory: Path) -> None:
        self._inner = inner
        self._dir = directory
        self._bodies = directory / "bodies"
        self._bodies.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request, append the exchange to the manifest and return the response."""
        original = request.headers.get(ORIGINAL_URL_HEADER, str(request.url))
        form = None
        if request.method == "POST" and "x-www-form-urlencoded" in request.headers.get("Content-Type", ""):
            form = dict(parse_qsl(request.read().decode("utf-8"), keep_blank_values=True))
        response = self._inner.handle_request(request)
        body = response.read()
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        digest = hashlib.sha256(body).hexdigest()
        name = f"{digest[:16]}{_guess_suffix(content_type)}"
        entry = {
            "method": request.method,
            "url": original,
            "form": form,
            "status": response.status_code,
            "content_type": content_type,
            "body": f"bodies/{name}",
        }
        with self._lock:
            (self._bodies / name).write_bytes(body)
            with (self._dir / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
                manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
        # The body was consumed above; hand the caller a fresh response with the decoded bytes.
        headers = [
            (k, v) for k, v in response.headers.items() if k.lower() not in {"content-encoding", "content-length"}
        ]
        return httpx.Response(response.status_code, headers=headers, content=body, request=request)

    def close(self) -> None:
        """Close the wrapped transport."""
        self._inner.close()


def _guess_suffix(content_type: str) -> str:
    lowered = content_type.lower()
    for key, suffix in (("json", ".json"), ("pdf", ".pdf"), ("html", ".html"), ("javascript", ".js")):
        if key in lowered:
            return suffix
    return ".bin"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date), if any."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def looks_like_challenge(status: int, body: bytes, expect: Expect) -> str | None:
    """Recognise an anti-bot challenge page; returns a description, or None for a normal answer.

    Ruishu-style (瑞数) protection answers plain clients with HTTP 412, or HTTP 202 plus a script
    that sets ``$_ts`` and reloads; some sites return such a page with 200 where JSON was expected.
    """
    head = body[:20000]
    scripted = any(marker.search(head) for marker in _CHALLENGE_MARKERS)
    if status == 412:
        return "HTTP 412 with a JavaScript challenge page" if scripted else "HTTP 412 (precondition failed)"
    if status == 202 and (scripted or b"<script" in head.lower()):
        return "HTTP 202 with a JavaScript challenge page"
    if scripted and expect in {"json", "pdf"}:
        return f"a JavaScript challenge page where {expect.upper()} was expected (HTTP {status})"
    return None


def _is_dns_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror) or "Name or service not known" in str(current):
            return True
        current = current.__cause__ or current.__context__
    return False


class HttpClient:
    """A polite, bounded HTTP client; one per source per task.

    Args:
        settings: Timeouts, retries, pacing and size limit.
        transport: An httpx transport to use instead of the network (tests, offline routing).
        sleep: The sleep function, injectable so tests need not wait.
        record_to: Record every exchange into this snapshot directory (``cgtwatch record``).
    """

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        record_to: Path | None = None,
    ) -> None:
        self.settings = settings
        self.stats = HttpStats()
        self._sleep = sleep
        self._host_locks: dict[str, threading.Lock] = {}
        self._host_last: dict[str, float] = {}
        self._guard = threading.Lock()
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        inner = transport or httpx.HTTPTransport(retries=0)
        if record_to is not None:
            inner = RecordingTransport(inner, record_to)
        if settings.route_all_to:
            inner = _RoutedTransport(settings.route_all_to, inner)
        self._client = httpx.Client(
            transport=inner,
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.read_timeout_s,
                pool=settings.connect_timeout_s,
            ),
            headers={"User-Agent": settings.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
            follow_redirects=True,
            max_redirects=5,
            # A proxy from the environment must never see (or break) the loopback snapshot traffic.
            trust_env=not settings.route_all_to,
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Expect = "any",
    ) -> RawPayload:
        """Send one request with retries and return the body as served.

        Args:
            method: HTTP method.
            url: Absolute URL on the real site.
            data: Form fields, sent ``application/x-www-form-urlencoded``.
            params: Query string parameters.
            headers: Extra headers (Referer, X-Requested-With, ...).
            expect: What the caller needs; a challenge page in its place is reported as blocked.

        Returns:
            The raw payload of the final successful attempt.

        Raises:
            BlockedByChallengeError: The site answered with an anti-bot challenge.
            TransientSourceError: Retries and the time budget ran out on 429, 5xx or network errors.
            PermanentSourceError: Any other 4xx, DNS failure, or a response over the size limit.
        """
        if self.settings.respect_robots:
            self._check_robots(url)
        started = time.monotonic()
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_RetryableError),
            stop=tenacity.stop_after_attempt(self.settings.max_attempts)
            | tenacity.stop_after_delay(self.settings.request_deadline_s),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._attempt(method, url, data=data, params=params, headers=headers, expect=expect)
        except _RetryableError as exc:
            elapsed = time.monotonic() - started
            raise TransientSourceError(
                f"{method} {url} failed after {self.stats_attempts(retrying)} attempts in {elapsed:.0f}s: {exc}"
            ) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    def _check_robots(self, url: str) -> None:
        """Refuse URLs that the host's robots.txt disallows (fetched once per host, RFC 9309 rules)."""
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        with self._guard:
            parser = self._robots.get(origin)
        if parser is None:
            parser = self._load_robots(origin)
            with self._guard:
                self._robots[origin] = parser
        if not parser.can_fetch(self.settings.user_agent, url):
            raise RobotsDisallowedError(
                f"robots.txt of {origin} disallows {url} for our User-Agent "
                "(set CGTWATCH_HTTP_RESPECT_ROBOTS=0 only if you have the site's permission)"
            )

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        try:
            payload = self._attempt("GET", f"{origin}/robots.txt", data=None, params=None, headers=None, expect="any")
        except (PermanentSourceError, BlockedByChallengeError, _RetryableError) as exc:
            status = getattr(exc, "status", None)
            # 4xx (incl. a missing file) means no restrictions; an unreachable or erroring robots.txt
            # is treated as "allow" too, but logged, because the data requests will surface the outage.
            log.info("robots.txt of %s unavailable (%s, %s); proceeding", origin, status, exc)
            parser.parse([])
            return parser
        text = payload.body.decode("utf-8", errors="replace")
        if "<html" in text[:500].lower():
            # Many sites answer /robots.txt with an HTML page (a soft 404): no rules.
            parser.parse([])
        else:
            parser.parse(text.splitlines())
        return parser

    @staticmethod
    def stats_attempts(retrying: tenacity.Retrying) -> int:
        """Number of attempts tenacity made in its last call."""
        return int(retrying.statistics.get("attempt_number", 0))

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _RetryableError) and exc.retry_after_s is not None:
            return min(exc.retry_after_s, self.settings.backoff_max_s)
        backoff = tenacity.wait_exponential_jitter(
            initial=self.settings.backoff_base_s, max=self.settings.backoff_max_s, jitter=self.settings.backoff_base_s
        )
        return float(backoff(state))

    def _before_sleep(self, state: tenacity.RetryCallState) -> None:
        self.stats.retries += 1
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning("retrying after %s (attempt %d, waiting %.1fs)", exc, state.attempt_number, wait)

    def _pace(self, host: str) -> None:
        """Keep at least ``min_interval_per_host_s`` between two requests to the same host."""
        with self._guard:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            last = self._host_last.get(host)
            if last is not None:
                remaining = self.settings.min_interval_per_host_s - (time.monotonic() - last)
                if remaining > 0:
                    self._sleep(remaining)
            self._host_last[host] = time.monotonic()

    def _attempt(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        expect: Expect,
    ) -> RawPayload:
        request = self._client.build_request(method, url, data=data, params=params, headers=headers)
        requested_url = str(request.url)  # before offline routing rewrites it
        self._pace(request.url.host)
        self.stats.requests += 1
        try:
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise _RetryableError(f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            if _is_dns_failure(exc):
                raise PermanentSourceError(
                    f"cannot resolve {httpx.URL(url).host}: no internet connection or DNS"
                ) from exc
            raise _RetryableError(f"network error: {type(exc).__name__}: {exc}") from exc
        try:
            body = self._read_limited(response, url)
        finally:
            response.close()
        status = response.status_code
        challenge = looks_like_challenge(status, body, expect)
        if challenge:
            raise BlockedByChallengeError(f"blocked by an anti-bot challenge at {url}: {challenge}")
        if status in RETRY_STATUSES:
            raise _RetryableError(
                f"HTTP {status}", retry_after_s=parse_retry_after(response.headers.get("Retry-After"))
            )
        if status >= 400:
            raise PermanentSourceError(f"{method} {url} answered HTTP {status}")
        return RawPayload(
            url=requested_url,
            status=status,
            content_type=response.headers.get("Content-Type", ""),
            body=body,
            fetched_at=datetime.now(UTC),
            method=method,
            request_form=dict(data) if data else None,
        )

    def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        limit = self.settings.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLargeError(f"{url} declares {int(declared)} bytes, over the {limit}-byte limit")
        chunks: list[bytes] = []
        size = 0
        try:
            # iter_bytes yields decoded (decompressed) bytes, so a small gzip bomb is caught too.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise ResponseTooLargeError(f"{url} sent more than the {limit}-byte limit")
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise _RetryableError(f"read timed out after {size} bytes") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _RetryableError(f"connection broke after {size} bytes: {exc}") from exc
        self.stats.bytes_received += size
        return b"".join(chunks)
