"""The one hardened HTTP client every source uses.

It is the only place that sets timeouts, the identifying User-Agent, per-host pacing, retries
(exponential backoff with jitter that honours ``Retry-After``), the response size limit and the
recognition of anti-bot challenges. Sources receive an :class:`HttpClient` in their constructor.

Bounds, so that no server can make a fetch hang or exhaust memory: every attempt has connect and
read timeouts, and all attempts of one request together (including the body download and the waits
between attempts) stay within ``request_deadline_s``; redirects are capped (a loop is an error);
bodies are decompressed here, in steps that never produce more than the size limit, so a gzip bomb
is stopped after ``max_response_bytes`` of output rather than inflated in memory.

With a :class:`~extractors.landing.FetchJournal`, every body received is kept in the landing zone as
it arrives (failed ones too), and GETs are conditional: the ETag / Last-Modified of a URL's last
landed body are sent, and a ``304 Not Modified`` is answered with that body.
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
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
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

if TYPE_CHECKING:
    from extractors.landing import FetchJournal, Validators

log = logging.getLogger(__name__)

Expect = Literal["json", "html", "pdf", "any"]
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
ORIGINAL_URL_HEADER = "X-Cgtwatch-Original-Url"
MAX_REDIRECTS = 5
# Only encodings this module can inflate in bounded steps are offered (no br/zstd: see _BoundedDecoder).
ACCEPT_ENCODING = "gzip, deflate"
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
    # GETs answered 304 Not Modified, served from the landing zone instead of downloaded again.
    not_modified: int = 0
    # List, search and roll pages walked (as opposed to articles and attachments).
    pages: int = 0


@dataclass(frozen=True)
class NotModifiedPayload(RawPayload):
    """A payload the server confirmed unchanged (HTTP 304): the previously landed body, not re-downloaded.

    ``status`` is that body's original 200, so parsers and checks treat it like any other answer.
    """


class RobotsDisallowedError(PermanentSourceError):
    """robots.txt of the host disallows the URL for our User-Agent."""


class _RetryableError(Exception):
    """Internal: an attempt failed in a way worth retrying."""

    def __init__(self, message: str, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class _BoundedDecoder:
    """Inflates a gzip or deflate body in steps that never yield more than asked for.

    httpx's own decoders inflate each network chunk whole, and one 64 KiB chunk of a gzip bomb can
    inflate to 64 MiB or more; here every step is capped by zlib's ``max_length``, so memory stays
    at the size limit whatever the compression ratio.

    Raises:
        PermanentSourceError: An encoding other than identity, gzip or deflate (we never offer one).
    """

    def __init__(self, content_encoding: str) -> None:
        encoding = content_encoding.strip().lower()
        self._name = encoding
        self._raw_deflate_fallback = False
        self._wbits: int | None
        if encoding in ("", "identity"):
            self._wbits = None
        elif encoding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif encoding == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: try both.
            self._wbits = zlib.MAX_WBITS
            self._raw_deflate_fallback = True
        else:
            raise PermanentSourceError(
                f"unsupported Content-Encoding {content_encoding!r} (we offer {ACCEPT_ENCODING})"
            )
        # zlib's window bits of the current stream (changes once if raw deflate turns out to be used).
        self._z_wbits = self._wbits if self._wbits is not None else zlib.MAX_WBITS
        self._z = zlib.decompressobj(self._z_wbits) if self._wbits is not None else None
        self._started = False

    def decode(self, data: bytes, budget: int) -> bytes:
        """Inflate ``data``; returns at most ``budget + 1`` bytes (one more than allowed shows the limit is crossed).

        Raises:
            PermanentSourceError: The body is not valid gzip / deflate.
        """
        if self._z is None:
            return data
        out: list[bytes] = []
        produced = 0
        pending = data
        while pending:
            try:
                piece = self._z.decompress(pending, budget + 1 - produced)
            except zlib.error as exc:
                if self._raw_deflate_fallback and not self._started:
                    self._raw_deflate_fallback = False
                    self._z_wbits = -zlib.MAX_WBITS
                    self._z = zlib.decompressobj(self._z_wbits)
                    continue
                raise PermanentSourceError(f"body is not valid {self._name} data: {exc}") from exc
            self._started = True
            out.append(piece)
            produced += len(piece)
            if produced > budget:
                break
            if self._z.eof and self._z.unused_data:
                # Concatenated gzip members: each is a stream of its own.
                pending = self._z.unused_data
                self._z = zlib.decompressobj(self._z_wbits)
            else:
                pending = self._z.unconsumed_tail
        return b"".join(out)

    def flush(self) -> bytes:
        """Whatever the inflater still holds at the end of the body."""
        return self._z.flush() if self._z is not None else b""


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
        journal: Keep every received body and exchange in the landing zone, and make GETs
            conditional on the validators it remembers.
    """

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        record_to: Path | None = None,
        journal: FetchJournal | None = None,
    ) -> None:
        self.settings = settings
        self.stats = HttpStats()
        self.journal = journal
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
            headers={
                "User-Agent": settings.user_agent,
                "Accept-Language": "zh-CN,zh;q=0.9",
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            # A proxy from the environment must never see (or break) the loopback snapshot traffic.
            trust_env=not settings.route_all_to,
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection pool and persist the conditional-GET validators."""
        try:
            self._client.close()
        finally:
            if self.journal is not None:
                self.journal.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Expect = "any",
        listing: bool = False,
    ) -> RawPayload:
        """Send one request with retries and return the body as served.

        Args:
            method: HTTP method.
            url: Absolute URL on the real site.
            data: Form fields, sent ``application/x-www-form-urlencoded``.
            params: Query string parameters.
            headers: Extra headers (Referer, X-Requested-With, ...).
            expect: What the caller needs; a challenge page in its place is reported as blocked.
            listing: The request reads a list, search or roll page (counted as a page in source health).

        Returns:
            The raw payload of the final successful attempt (a :class:`NotModifiedPayload` when a
            conditional GET was answered 304).

        Raises:
            BlockedByChallengeError: The site answered with an anti-bot challenge.
            TransientSourceError: Retries or the time budget ran out on 429, 5xx, timeouts or network errors.
            PermanentSourceError: Any other 4xx, DNS failure, a redirect loop, or a response over the size limit.
        """
        if self.settings.respect_robots:
            self._check_robots(url)
        if listing:
            self.stats.pages += 1
        started = time.monotonic()
        deadline = started + self.settings.request_deadline_s
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_RetryableError),
            # stop_before_delay: never start a wait that would end past the deadline.
            stop=tenacity.stop_after_attempt(self.settings.max_attempts)
            | tenacity.stop_before_delay(self.settings.request_deadline_s),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=self._before_sleep,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._attempt(
                        method, url, data=data, params=params, headers=headers, expect=expect, deadline=deadline
                    )
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
            payload = self._attempt(
                "GET",
                f"{origin}/robots.txt",
                data=None,
                params=None,
                headers=None,
                expect="any",
                deadline=time.monotonic() + self.settings.request_deadline_s,
            )
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

    def _keep(
        self,
        request: httpx.Request,
        requested_url: str,
        data: Mapping[str, str] | None,
        *,
        status: int,
        content_type: str,
        body: bytes | None,
        outcome: str,
        error: BaseException | None = None,
        complete: bool = True,
    ) -> str | None:
        """Log one exchange (and land its body) in the journal, if there is one."""
        if self.journal is None:
            return None
        return self.journal.keep(
            method=request.method,
            url=requested_url,
            status=status,
            content_type=content_type,
            body=body,
            outcome=outcome,
            error=str(error) if error is not None else None,
            form=data,
            complete=complete,
        )

    def _attempt(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        expect: Expect,
        deadline: float,
    ) -> RawPayload:
        request = self._client.build_request(method, url, data=data, params=params, headers=headers)
        requested_url = str(request.url)  # before offline routing rewrites it
        validators = None
        if self.journal is not None and method.upper() == "GET" and not data:
            # Only GET is cacheable; the POST list APIs of CDE and cninfo are always asked afresh.
            validators = self.journal.validators(requested_url)
            if validators is not None and validators.etag:
                request.headers["If-None-Match"] = validators.etag
            if validators is not None and validators.last_modified:
                request.headers["If-Modified-Since"] = validators.last_modified
        self._pace(request.url.host)
        self.stats.requests += 1
        try:
            response = self._client.send(request, stream=True)
        except httpx.TooManyRedirects as exc:
            error = PermanentSourceError(
                f"{method} {url}: more than {MAX_REDIRECTS} redirects (a redirect loop); giving up"
            )
            self._keep(request, requested_url, data, status=0, content_type="", body=None, outcome="error", error=error)
            raise error from exc
        except httpx.TransportError as exc:
            if _is_dns_failure(exc):
                raise PermanentSourceError(
                    f"cannot resolve {httpx.URL(url).host}: no internet connection or DNS"
                ) from exc
            if isinstance(exc, httpx.TimeoutException):
                retry = _RetryableError(f"timed out ({type(exc).__name__}: no answer within the timeout)")
            else:
                retry = _RetryableError(f"network error: {type(exc).__name__}: {exc}")
            self._keep(
                request,
                requested_url,
                data,
                status=0,
                content_type="",
                body=None,
                outcome="retry",
                error=retry,
                complete=False,
            )
            raise retry from exc
        status = response.status_code
        content_type = response.headers.get("Content-Type", "")
        received: list[bytes] = []
        try:
            body = self._read_limited(response, url, deadline, received)
        except (_RetryableError, PermanentSourceError) as exc:
            outcome = "retry" if isinstance(exc, _RetryableError) else "error"
            partial = b"".join(received)
            self._keep(
                request,
                requested_url,
                data,
                status=status,
                content_type=content_type,
                body=partial,
                outcome=outcome,
                error=exc,
                complete=False,
            )
            raise
        finally:
            response.close()
        if status == 304 and validators is not None:
            return self._not_modified(request, requested_url, data, validators, response)
        challenge = looks_like_challenge(status, body, expect)
        failure: BaseException | None = None
        if challenge:
            failure = BlockedByChallengeError(f"blocked by an anti-bot challenge at {url}: {challenge}")
        elif status in RETRY_STATUSES:
            failure = _RetryableError(
                f"HTTP {status}", retry_after_s=parse_retry_after(response.headers.get("Retry-After"))
            )
        elif status >= 400 or status == 304:
            # A 304 to a request we did not make conditional is a server bug: nothing to show for it.
            failure = PermanentSourceError(f"{method} {url} answered HTTP {status}")
        outcome = "ok" if failure is None else "retry" if isinstance(failure, _RetryableError) else "error"
        ref = self._keep(
            request,
            requested_url,
            data,
            status=status,
            content_type=content_type,
            body=body,
            outcome=outcome,
            error=failure,
        )
        if failure is not None:
            raise failure
        etag, last_modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
        if self.journal is not None and ref and status == 200 and method.upper() == "GET" and not data:
            if etag or last_modified:
                self.journal.remember(requested_url, etag, last_modified, ref, content_type)
        return RawPayload(
            url=requested_url,
            status=status,
            content_type=content_type,
            body=body,
            fetched_at=datetime.now(UTC),
            method=method,
            request_form=dict(data) if data else None,
        )

    def _not_modified(
        self,
        request: httpx.Request,
        requested_url: str,
        data: Mapping[str, str] | None,
        validators: Validators,
        response: httpx.Response,
    ) -> RawPayload:
        """The landed body of a URL the server says is unchanged (HTTP 304)."""
        assert self.journal is not None  # validators come only from a journal
        body = self.journal.body(validators.ref)
        if body is None:
            # The landed copy vanished between the check and now: forget it and download afresh.
            self.journal.forget(requested_url)
            raise _RetryableError(f"HTTP 304 for {requested_url} but its landed body {validators.ref} is gone")
        self.stats.not_modified += 1
        self._keep(
            request,
            requested_url,
            data,
            status=304,
            content_type=validators.content_type,
            body=body,
            outcome="not_modified",
        )
        etag = response.headers.get("ETag") or validators.etag
        last_modified = response.headers.get("Last-Modified") or validators.last_modified
        if (etag, last_modified) != (validators.etag, validators.last_modified):
            self.journal.remember(requested_url, etag, last_modified, validators.ref, validators.content_type)
        return NotModifiedPayload(
            url=requested_url,
            status=200,
            content_type=validators.content_type,
            body=body,
            fetched_at=datetime.now(UTC),
            method=request.method,
            request_form=dict(data) if data else None,
        )

    def _read_limited(self, response: httpx.Response, url: str, deadline: float, received: list[bytes]) -> bytes:
        """Read (and inflate) the body into ``received``, within the size limit and the request's deadline.

        ``received`` holds what arrived so far even when this raises, so the caller can land it.
        """
        limit = self.settings.max_response_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise ResponseTooLargeError(
                f"{url} declares {int(declared)} bytes, over the {limit}-byte limit (CGTWATCH_HTTP_MAX_BYTES); "
                "not downloaded"
            )
        size = 0
        try:
            for chunk in self._decoded_chunks(response, limit):
                size += len(chunk)
                if size > limit:
                    received.append(chunk[: max(0, len(chunk) - (size - limit))])
                    raise ResponseTooLargeError(
                        f"{url} sent more than the {limit}-byte limit (CGTWATCH_HTTP_MAX_BYTES, counted after "
                        "decompression); stopped reading there"
                    )
                received.append(chunk)
                if time.monotonic() > deadline:
                    raise _RetryableError(
                        f"the body was still arriving after the {self.settings.request_deadline_s:.0f}s request "
                        f"deadline ({size} bytes so far): the server sends too slowly"
                    )
        except httpx.TimeoutException as exc:
            raise _RetryableError(f"read timed out in the middle of the body after {size} bytes") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _RetryableError(f"connection broke in the middle of the body after {size} bytes: {exc}") from exc
        self.stats.bytes_received += size
        return b"".join(received)

    def _decoded_chunks(self, response: httpx.Response, limit: int) -> Iterator[bytes]:
        """The body's decompressed bytes, never inflating more than the limit allows."""
        if response.is_stream_consumed:
            # An in-memory response (mock and recording transports) was already read and decoded by httpx.
            yield response.content
            return
        decoder = _BoundedDecoder(response.headers.get("Content-Encoding", ""))
        produced = 0
        for raw in response.iter_raw():
            piece = decoder.decode(raw, limit - produced)
            produced += len(piece)
            if piece:
                yield piece
        tail = decoder.flush()
        if tail:
            yield tail
