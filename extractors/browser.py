"""An opt-in, browser-backed httpx transport for sources behind a JavaScript challenge.

When to use it
    Only for a source whose site answers plain HTTP clients with an anti-bot challenge that needs
    JavaScript to pass, e.g. NMPA's Ruishu (瑞数) page (HTTP 412 + ``$_ts`` script) or a CDE API that
    keeps answering HTTP 202 + a challenge script although the source warmed up (SOURCES.md sections 3
    and 4). Everything else should keep using the plain :class:`~extractors.http.HttpClient`
    transport: it is faster, cheaper and deterministic.

How to enable it
    It is off by default. Install the system browser and the Python driver, then name the sources::

        apt-get install -y chromium                       # Debian's chromium, /usr/bin/chromium
        uv pip install --python .venv/bin/python playwright   # never `playwright install`
        export CGTWATCH_BROWSER_SOURCES=nmpa,cde          # comma-separated source names
        export CGTWATCH_CHROMIUM_PATH=/usr/bin/chromium   # default
        export CGTWATCH_BROWSER_TIMEOUT=30                # seconds to pass the challenge, per request
        export CGTWATCH_BROWSER_USER_AGENT=...            # optional; default: chromium's own UA

    :func:`transport_for` turns those settings into a :class:`BrowserTransport` for a listed source,
    which the composition root passes to ``HttpClient(settings.http, transport=...)``. The client's
    retries, pacing, robots.txt check, size limit and challenge recognition all still apply. Offline
    (demo) runs never use the browser: they replay recorded, already-rendered pages.

What it does
    One headless Chromium (a temporary profile, deleted on :meth:`BrowserTransport.close`) with one
    persistent page serves every request of the transport; its cookies persist between requests.
    Before the first request to a site it visits the site's home page (the warm-up NMPA and CDE
    crawlers do). A GET navigates the page, waits until the challenge has run and the real document
    is present (load + network idle, no challenge status or markers), bounded by the timeout, and
    returns the *rendered* HTML with the real status; non-HTML answers (robots.txt, JSON) come back as
    served, and attachments (``.pdf``, ``.doc`` …) are fetched through the context's request API with
    the same cookies. A POST (CDE's form APIs) runs ``fetch()`` inside the page, on the Referer's
    shell page when one is given, so the challenge cookies and any script hooks apply, and returns the
    body as served; if that body is a challenge, the shell page is reloaded and the POST retried once.

Costs
    Starting Chromium takes about a second and 150–300 MB of memory; every page navigation downloads
    the page's scripts, styles and XHRs (several times the bytes of the HTML alone, and not paced by
    the client, which only sees the request we were asked for) and takes seconds instead of
    milliseconds. The warm-up and shell-page loads are extra requests to the site. Rendered HTML is
    the DOM after scripts ran, not the bytes the server sent; parsers and recorded fixtures must use
    rendered pages (SOURCES.md section 3). Requests are served one at a time.
"""

from __future__ import annotations

import base64
import codecs
import importlib.util
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import httpx

from cgtwatch.config import Settings
from cgtwatch.errors import BlockedByChallengeError, ConfigError
from extractors.http import looks_like_challenge

if TYPE_CHECKING:
    from playwright.sync_api import APIResponse, BrowserContext, Page, Playwright
    from playwright.sync_api import Response as PageResponse

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium"
DEFAULT_TIMEOUT_S = 30.0
INSTALL_CHROMIUM = "apt-get install -y chromium"
INSTALL_PLAYWRIGHT = "uv pip install --python .venv/bin/python playwright"
# This machine's network is closed: everything chromium would fetch on its own must be switched off.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Navigating to these starts a download instead of rendering a page; they are fetched directly.
BINARY_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".7z", ".wps", ".ppt", ".pptx")
# Statuses Ruishu-style challenges answer with (412 for pages, 202 for APIs).
CHALLENGE_STATUSES = frozenset({202, 412})
# A page with challenge markers and less visible text than this is still the challenge.
_MIN_REAL_TEXT = 40
# Long-polling pages never go network-idle; do not let one wait eat the whole budget.
_IDLE_WAIT_CAP_S = 5.0
_POLL_S = 0.1
_LOAD_STATES: tuple[Literal["load", "networkidle"], ...] = ("load", "networkidle")
# Headers fetch() refuses to set (the browser owns them) or the transport must not forward.
_DROPPED_HEADERS = frozenset(
    {
        "accept-charset",
        "accept-encoding",
        "connection",
        "content-length",
        "cookie",
        "date",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "via",
        "x-cgtwatch-original-url",
    }
)

_SNAPSHOT_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const doctype = document.doctype ? new XMLSerializer().serializeToString(document.doctype) : '';
  return {
    status: nav && nav.responseStatus ? nav.responseStatus : 0,
    html: doctype + (document.documentElement ? document.documentElement.outerHTML : ''),
    charset: document.characterSet || 'UTF-8',
    contentType: document.contentType || 'text/html',
    textLength: document.body ? document.body.innerText.trim().length : 0,
    url: location.href,
  };
}"""

_FETCH_JS = """async ([url, method, headers, body, referrer, timeoutMs]) => {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    const init = {method, headers, credentials: 'include', signal: ctrl.signal, redirect: 'follow'};
    if (body !== null) init.body = body;
    if (referrer) init.referrer = referrer;
    const r = await fetch(url, init);
    const bytes = new Uint8Array(await r.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return {status: r.status, contentType: r.headers.get('content-type') || '', body: btoa(bin)};
  } finally {
    clearTimeout(timer);
  }
}"""


class BrowserUnavailableError(ConfigError):
    """Chromium or the playwright package is missing, or chromium cannot start."""


class ChallengeNotPassedError(BlockedByChallengeError):
    """The page still showed the anti-bot challenge when the browser timeout ran out."""


@dataclass(frozen=True)
class BrowserSettings:
    """Which sources fetch through headless Chromium, and how.

    Attributes:
        sources: Source names (``nmpa``, ``cde`` …) that use the browser; empty means none.
        chromium_path: The chromium executable (Debian's ``chromium`` package by default).
        timeout_s: How long one request may take to load and pass the challenge.
        user_agent: A User-Agent for the browser; ``None`` keeps chromium's own.
        warm_up: Visit a site's home page before its first request.
    """

    sources: tuple[str, ...] = ()
    chromium_path: str = DEFAULT_CHROMIUM_PATH
    timeout_s: float = DEFAULT_TIMEOUT_S
    user_agent: str | None = None
    warm_up: bool = True

    def __post_init__(self) -> None:
        if not self.timeout_s > 0:
            raise ConfigError(f"CGTWATCH_BROWSER_TIMEOUT must be a positive number of seconds, got {self.timeout_s}")
        if not self.chromium_path:
            raise ConfigError("CGTWATCH_CHROMIUM_PATH must not be empty")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> BrowserSettings:
        """Read ``CGTWATCH_BROWSER_SOURCES``, ``CGTWATCH_CHROMIUM_PATH``, ``CGTWATCH_BROWSER_TIMEOUT``.

        Also ``CGTWATCH_BROWSER_USER_AGENT`` (optional).

        Raises:
            ConfigError: The timeout is not a positive number.
        """
        raw_sources = env.get("CGTWATCH_BROWSER_SOURCES", "").replace("，", ",")
        sources = tuple(dict.fromkeys(s.strip().lower() for s in raw_sources.split(",") if s.strip()))
        raw_timeout = env.get("CGTWATCH_BROWSER_TIMEOUT", "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT_S
        except ValueError:
            raise ConfigError(f"CGTWATCH_BROWSER_TIMEOUT must be a number of seconds, got {raw_timeout!r}") from None
        return cls(
            sources=sources,
            chromium_path=env.get("CGTWATCH_CHROMIUM_PATH", "").strip() or DEFAULT_CHROMIUM_PATH,
            timeout_s=timeout,
            user_agent=env.get("CGTWATCH_BROWSER_USER_AGENT", "").strip() or None,
        )

    def enabled_for(self, source_name: str) -> bool:
        """Whether ``source_name`` is configured to fetch through the browser."""
        return source_name.lower() in self.sources


def transport_for(source_name: str, settings: Settings, env: Mapping[str, str]) -> httpx.BaseTransport | None:
    """The transport a source's :class:`~extractors.http.HttpClient` should use, or None for the default.

    Args:
        source_name: The registered source being built.
        settings: The run's settings (offline runs never use the browser).
        env: The environment holding the ``CGTWATCH_BROWSER_*`` settings.

    Raises:
        ConfigError: ``CGTWATCH_BROWSER_SOURCES`` names an unknown source, a setting is malformed, or
            the source is listed but chromium or playwright is missing.
    """
    browser = BrowserSettings.from_env(env)
    if not browser.sources:
        return None
    from extractors.registry import SOURCES  # here, not at import time: the registry imports the sources

    unknown = sorted(set(browser.sources) - set(SOURCES))
    if unknown:
        raise ConfigError(
            f"CGTWATCH_BROWSER_SOURCES names unknown sources {', '.join(unknown)}; known: {', '.join(sorted(SOURCES))}"
        )
    if not browser.enabled_for(source_name):
        return None
    if settings.offline or settings.http.route_all_to:
        log.info("%s: offline run replays recorded pages; not starting a browser", source_name)
        return None
    return BrowserTransport(browser)


def check_browser_available(chromium_path: str) -> None:
    """Raise :class:`BrowserUnavailableError` naming the install command if a piece is missing."""
    if importlib.util.find_spec("playwright") is None:
        raise BrowserUnavailableError(
            f"the browser fetcher needs the Python package playwright: run `{INSTALL_PLAYWRIGHT}` "
            "(do not run `playwright install`; the system chromium is used)"
        )
    resolved = shutil.which(chromium_path)
    if resolved is None or not os.access(resolved, os.X_OK):
        raise BrowserUnavailableError(
            f"chromium not found or not executable at {chromium_path}: install it with `{INSTALL_CHROMIUM}` "
            "or set CGTWATCH_CHROMIUM_PATH"
        )


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def _is_html(content_type: str) -> bool:
    lowered = content_type.lower()
    return "html" in lowered or lowered == ""


def _encode(html: str, charset: str) -> tuple[bytes, str]:
    """The rendered DOM in the document's own charset, so a ``<meta charset>`` in it stays true."""
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        name = "utf-8"
    return html.encode(name, errors="xmlcharrefreplace"), name


def _response(request: httpx.Request, status: int, content_type: str, body: bytes) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return httpx.Response(status, headers=headers, content=body, request=request)


class BrowserTransport(httpx.BaseTransport):
    """Serves httpx requests with one headless Chromium page (see the module docstring).

    Every Playwright call runs on one worker thread that the transport owns, so the transport can be
    used from any thread (and from code with a running asyncio loop); requests are serialised.
    Chromium starts on the first request, not on construction.

    Args:
        settings: Chromium path, timeout, User-Agent and warm-up.

    Raises:
        BrowserUnavailableError: playwright or chromium is missing (checked on construction).
    """

    def __init__(self, settings: BrowserSettings | None = None) -> None:
        self.settings = settings or BrowserSettings()
        check_browser_available(self.settings.chromium_path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cgtwatch-browser")
        self._guard = threading.Lock()
        self._closed = False
        # Touched only on the worker thread:
        self._playwright: Playwright | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._profile_dir: str | None = None
        self._warmed: set[str] = set()
        self._shell: str | None = None  # the URL the page was last navigated to for in-page fetches
        self._last_document: PageResponse | None = None
        self._error_types: tuple[type[Exception], type[Exception]] | None = None
        self.navigations = 0

    # -- httpx interface -------------------------------------------------------------------------

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request through the browser (blocks until it is done)."""
        with self._guard:
            if self._closed:
                raise httpx.ConnectError("the browser transport is closed", request=request)
            future = self._executor.submit(self._handle, request)
        return future.result()

    def close(self) -> None:
        """Close the browser, stop Playwright and delete the temporary profile (idempotent)."""
        with self._guard:
            if self._closed:
                return
            self._closed = True
        try:
            self._executor.submit(self._teardown).result(timeout=60)
        finally:
            self._executor.shutdown(wait=True)

    # -- worker thread ---------------------------------------------------------------------------

    @property
    def _ms(self) -> float:
        return self.settings.timeout_s * 1000

    def _start(self) -> Page:
        if self._page is not None:
            return self._page
        try:
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise BrowserUnavailableError(f"cannot import playwright ({exc}); run `{INSTALL_PLAYWRIGHT}`") from exc
        self._error_types = (PlaywrightError, PlaywrightTimeoutError)
        self._profile_dir = tempfile.mkdtemp(prefix="cgtwatch-chromium-")
        started = time.monotonic()
        try:
            self._playwright = sync_playwright().start()
            options: dict[str, Any] = {}
            if self.settings.user_agent:
                options["user_agent"] = self.settings.user_agent
            self._context = self._playwright.chromium.launch_persistent_context(
                self._profile_dir,
                executable_path=shutil.which(self.settings.chromium_path) or self.settings.chromium_path,
                headless=True,
                args=list(CHROMIUM_ARGS),
                locale="zh-CN",
                timeout=self._ms,
                **options,
            )
        except PlaywrightError as exc:
            self._teardown()
            raise BrowserUnavailableError(
                f"chromium at {self.settings.chromium_path} did not start: {exc}; "
                f"reinstall it with `{INSTALL_CHROMIUM}` if it is broken"
            ) from exc
        self._context.set_default_timeout(self._ms)
        page = self._context.pages[0] if self._context.pages else self._context.new_page()
        page.on("response", self._on_response)
        self._page = page
        log.info("started headless chromium in %.1fs (profile %s)", time.monotonic() - started, self._profile_dir)
        return page

    def _teardown(self) -> None:
        context, playwright, profile = self._context, self._playwright, self._profile_dir
        self._context = self._page = self._playwright = self._profile_dir = None
        self._last_document = None
        self._shell = None
        self._warmed.clear()
        if context is not None:
            try:
                context.close()
            except Exception as exc:  # a crashed browser cannot be closed politely
                log.debug("closing the browser context failed: %s", exc)
        if playwright is not None:
            try:
                playwright.stop()
            except Exception as exc:
                log.debug("stopping playwright failed: %s", exc)
        if profile is not None:
            shutil.rmtree(profile, ignore_errors=True)

    def _on_response(self, response: PageResponse) -> None:
        try:
            if response.request.is_navigation_request() and self._page is not None:
                if response.frame == self._page.main_frame:
                    self._last_document = response
        except Exception as exc:  # service-worker responses have no frame
            log.debug("ignoring a response without a frame: %s", exc)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        try:
            self._start()
            request.read()
            path = request.url.path.lower()
            if request.method.upper() == "GET" and not path.endswith(BINARY_SUFFIXES):
                self._warm_up(request.url)
                return self._navigate(request, str(request.url), request.headers.get("Referer"))
            if request.method.upper() == "GET":
                self._warm_up(request.url)
                return self._context_request(request)
            return self._fetch_in_page(request)
        except Exception as exc:
            if self._error_types is not None and isinstance(exc, self._error_types[0]):
                translated = self._translate(exc, request)
                raise translated from (translated.__cause__ or exc)
            raise

    def _translate(self, exc: Exception, request: httpx.Request) -> httpx.TransportError:
        """Map a Playwright failure onto the httpx errors the HttpClient knows how to retry."""
        assert self._error_types is not None
        message = f"chromium: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        if isinstance(exc, self._error_types[1]) or "AbortError" in str(exc):
            return httpx.ReadTimeout(message, request=request)
        if "ERR_NAME_NOT_RESOLVED" in str(exc):
            error = httpx.ConnectError(message, request=request)
            # The HttpClient recognises DNS failures by a socket.gaierror in the cause chain.
            error.__cause__ = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return error
        if "has been closed" in str(exc) or "Target crashed" in str(exc) or "Connection closed" in str(exc):
            log.warning("chromium went away (%s); it is restarted on the next request", message)
            self._teardown()
        return httpx.ConnectError(message, request=request)

    def _warm_up(self, url: httpx.URL) -> None:
        """Visit the site's home page once before its first request (keeps the challenge cookies)."""
        origin = _origin(url)
        if origin in self._warmed:
            return
        self._warmed.add(origin)
        home = f"{origin}/"
        if not self.settings.warm_up or str(url) == home:
            return
        log.info("warming up on %s", home)
        try:
            self._load(home, referer=None)
        except BlockedByChallengeError as exc:
            log.warning("warm-up on %s did not pass the challenge (%s); trying the request anyway", home, exc)

    def _navigate(self, request: httpx.Request, url: str, referer: str | None) -> httpx.Response:
        status, content_type, body = self._load(url, referer)
        if status == 0:  # a download: fetch the bytes instead of rendering
            return self._context_request(request)
        return _response(request, status, content_type, body)

    def _load(self, url: str, referer: str | None) -> tuple[int, str, bytes]:
        """Navigate and wait out the challenge; (status, content type, body), status 0 for a download."""
        assert self._error_types is not None
        page = self._start()
        deadline = time.monotonic() + self.settings.timeout_s
        self._last_document = None
        self._shell = None
        self.navigations += 1
        response: PageResponse | None = None
        try:
            response = page.goto(url, wait_until="commit", timeout=self._ms, referer=referer)
        except self._error_types[0] as exc:
            text = str(exc)
            if "Download is starting" in text:
                return 0, "", b""
            # A challenge script may reload before the first navigation settles: keep waiting.
            if "interrupted by another navigation" not in text and "ERR_ABORTED" not in text:
                raise
        if response is not None:
            content_type = response.headers.get("content-type", "")
            if not _is_html(content_type):
                return response.status, content_type, response.body()
        return self._wait_for_content(url, deadline)

    def _wait_for_content(self, url: str, deadline: float) -> tuple[int, str, bytes]:
        """Poll the page until it shows a real document (not a challenge) or the timeout runs out."""
        assert self._error_types is not None
        assert self._page is not None
        page = self._page
        status = 0
        while True:
            for state in _LOAD_STATES:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    page.wait_for_load_state(state, timeout=min(remaining, _IDLE_WAIT_CAP_S) * 1000)
                except self._error_types[1]:
                    break
            snapshot = self._snapshot()
            if snapshot is not None:
                status = int(snapshot["status"]) or (self._last_document.status if self._last_document else 200)
                body, charset = _encode(str(snapshot["html"]), str(snapshot["charset"]))
                if not self._challenged(status, body, int(snapshot["textLength"])):
                    return status, f"{snapshot['contentType']}; charset={charset}", body
            if time.monotonic() >= deadline:
                raise ChallengeNotPassedError(
                    f"{url} still shows an anti-bot challenge after {self.settings.timeout_s:.0f}s in headless "
                    f"chromium (HTTP {status or 'none'}); raise CGTWATCH_BROWSER_TIMEOUT or check the site by hand"
                )
            page.wait_for_timeout(_POLL_S * 1000)

    def _snapshot(self) -> dict[str, Any] | None:
        """Status and DOM of the current document in one step; None while the page is navigating."""
        assert self._error_types is not None
        assert self._page is not None
        try:
            result = self._page.evaluate(_SNAPSHOT_JS)
        except self._error_types[0] as exc:
            if "has been closed" in str(exc) or "crashed" in str(exc):
                raise
            return None  # "Execution context was destroyed": a navigation is under way
        return result if isinstance(result, dict) else None

    @staticmethod
    def _challenged(status: int, body: bytes, text_length: int) -> bool:
        if status in CHALLENGE_STATUSES or looks_like_challenge(status, body, "html"):
            return True
        # Some challenges answer 200: markers ("json" asks looks_like_challenge about them alone) and no text.
        return text_length < _MIN_REAL_TEXT and looks_like_challenge(status, body, "json") is not None

    def _context_request(self, request: httpx.Request) -> httpx.Response:
        """Send a request with the browser context's cookies but without rendering (attachments)."""
        assert self._context is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROPPED_HEADERS}
        if "referer" in request.headers:
            headers["Referer"] = request.headers["Referer"]
        answer: APIResponse = self._context.request.fetch(
            str(request.url),
            method=request.method,
            headers=headers,
            data=request.content or None,
            timeout=self._ms,
        )
        try:
            return _response(request, answer.status, answer.headers.get("content-type", ""), answer.body())
        finally:
            answer.dispose()

    def _fetch_in_page(self, request: httpx.Request) -> httpx.Response:
        """POST (or any non-GET) with ``fetch()`` from a page of the same site, retried once if challenged."""
        assert self._page is not None
        url = request.url
        origin = _origin(url)
        referer = request.headers.get("Referer")
        shell = referer if referer and referer.startswith(f"{origin}/") else f"{origin}/"
        try:
            body_text: str | None = request.content.decode("utf-8") if request.content else None
        except UnicodeDecodeError:
            self._warm_up(url)
            return self._context_request(request)  # binary bodies cannot go through page.evaluate
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _DROPPED_HEADERS}
        for attempt in (1, 2):
            if self._shell != shell or attempt == 2:
                self._warm_up(url)
                # A same-site page is needed for fetch(); the Referer's shell page when there is one.
                if shell != f"{origin}/" or attempt == 2 or not self._page.url.startswith(f"{origin}/"):
                    self._load(shell, referer=None)
                self._shell = shell
            answer = self._page.evaluate(_FETCH_JS, [str(url), request.method, headers, body_text, referer, self._ms])
            status = int(answer["status"])
            body = base64.b64decode(answer["body"])
            if attempt == 1 and looks_like_challenge(status, body, "json"):
                log.info(
                    "%s %s answered a challenge in the browser; reloading %s and retrying once",
                    request.method,
                    url,
                    shell,
                )
                continue
            return _response(request, status, str(answer["contentType"]), body)
        raise AssertionError("unreachable")  # pragma: no cover
