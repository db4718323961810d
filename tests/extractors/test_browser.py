"""The opt-in browser transport against a local site whose content needs JavaScript (a Ruishu look-alike)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from cgtwatch.config import HttpSettings, Settings
from cgtwatch.errors import BlockedByChallengeError, ConfigError, PermanentSourceError
from extractors.browser import (
    DEFAULT_CHROMIUM_PATH,
    BrowserSettings,
    BrowserTransport,
    BrowserUnavailableError,
    ChallengeNotPassedError,
    transport_for,
)
from extractors.charset import decode_html
from extractors.http import HttpClient, RobotsDisallowedError, looks_like_challenge

CHALLENGE_TEMPLATE = """<html><head><meta content="{{qqqqqqqq.challenge" r="m">
<script r="m">$_ts=window['$_ts']||{{}};
setTimeout(function () {{ document.cookie = "{cookie}; path={path}"; location.reload(); }}, 150);
</script></head><body></body></html>"""

HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>首页</title></head>
<body><p>国家药品监督管理局 — a home page with enough visible text to count as real content.</p></body></html>"""

SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>受理品种信息</title></head>
<body><p>受理品种信息 — the shell page whose table is filled by a JSON POST.</p></body></html>"""

# The items exist only after the script ran: the served bytes hold data, not the <li> markup.
LIST_PAGE = """<!DOCTYPE html><html><head><meta charset="gbk"><title>药品监管要闻</title></head>
<body><div class="list"><ul id="items"></ul></div>
<script>
var items = [["2025-11-18", "国家药监局批准一款干细胞治疗产品上市", "/yaowen/20251118172544130.html"],
             ["2025-11-17", "关于发布细胞治疗产品指导原则的通告", "/yaowen/20251117090000000.html"]];
document.getElementById("items").innerHTML = items.map(function (i) {
  return '<li><a href="' + i[2] + '" title="' + i[1] + '">' + i[1] + '</a><span>' + i[0] + '</span></li>';
}).join("");
</script></body></html>"""


@dataclass
class SiteState:
    """What the fake site accepts and what it saw."""

    token: str = "pass1"
    log: list[tuple[str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_handler(state: SiteState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def _cookies(self) -> dict[str, str]:
            raw = self.headers.get("Cookie", "")
            return dict(part.strip().split("=", 1) for part in raw.split(";") if "=" in part)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            with state.lock:
                state.log.append((self.command, self.path, status))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _challenge(self, status: int, cookie: str | None = None, path: str = "/") -> None:
            page = CHALLENGE_TEMPLATE.format(cookie=cookie or f"rs_token={state.token}", path=path)
            self._send(status, page.encode(), "text/html; charset=utf-8")

        def do_GET(self) -> None:
            passed = self._cookies().get("rs_token") == state.token
            if self.path == "/robots.txt":
                self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif self.path.startswith("/trap/"):
                # Sets a cookie the site never accepts: the challenge reloads forever.
                self._challenge(412, cookie="trap=1", path="/trap/")
            elif not passed:
                self._challenge(412)
            elif self.path == "/":
                self._send(200, HOME.encode(), "text/html; charset=utf-8")
            elif self.path == "/yaowen/index.html":
                self._send(200, LIST_PAGE.encode("gbk"), "text/html")
            elif self.path == "/main/xxgk/listpage/abc":
                self._send(200, SHELL.encode(), "text/html; charset=utf-8")
            else:
                self._send(404, b"<html><body>not found</body></html>", "text/html")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
            passed = self._cookies().get("rs_token") == state.token
            if self.path != "/main/xxgk/getMenuListHc":
                self._send(404, b"{}", "application/json")
            elif not passed or self.headers.get("X-Requested-With") != "XMLHttpRequest":
                self._challenge(202)
            else:
                answer = {
                    "code": 200,
                    "data": {"records": [{"acceptid": "CXSL2500123", "drgnamecn": "间充质干细胞注射液"}], "total": 1},
                    "echo": form,
                    "referer": self.headers.get("Referer"),
                }
                self._send(200, json.dumps(answer, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    return Handler


@dataclass
class Site:
    url: str
    state: SiteState


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    state = SiteState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}", state)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_ready() -> None:
    """Chromium and playwright must be present; only a non-root machine that lacks chromium skips."""
    if importlib.util.find_spec("playwright") is None:
        pytest.fail("playwright is not installed: uv pip install --python .venv/bin/python playwright")
    if shutil.which(DEFAULT_CHROMIUM_PATH) is None:
        if os.geteuid() != 0:
            pytest.skip("chromium is not installed and cannot be installed without root (apt-get install -y chromium)")
        pytest.fail("chromium is missing: run apt-get install -y chromium")


def browser_client(timeout_s: float = 15.0, *, respect_robots: bool = False) -> HttpClient:
    settings = HttpSettings(min_interval_per_host_s=0, max_attempts=1, respect_robots=respect_robots)
    return HttpClient(settings, transport=BrowserTransport(BrowserSettings(timeout_s=timeout_s)))


@pytest.mark.integration
def test_plain_client_only_gets_the_challenge(site: Site) -> None:
    with httpx.Client(trust_env=False) as plain:
        page = plain.get(f"{site.url}/yaowen/index.html")
        api = plain.post(f"{site.url}/main/xxgk/getMenuListHc", data={"pageNum": "1"})
    assert page.status_code == 412
    assert looks_like_challenge(page.status_code, page.content, "html") == "HTTP 412 with a JavaScript challenge page"
    assert "干细胞" not in page.text
    assert looks_like_challenge(api.status_code, api.content, "json") == "HTTP 202 with a JavaScript challenge page"
    client = HttpClient(HttpSettings(min_interval_per_host_s=0, max_attempts=1, respect_robots=False))
    with client, pytest.raises(BlockedByChallengeError):
        client.request("GET", f"{site.url}/yaowen/index.html", expect="html")


@pytest.mark.integration
def test_browser_passes_the_challenge_renders_the_page_and_posts_json(site: Site, browser_ready: None) -> None:
    started = time.monotonic()
    site.state.log.clear()
    with browser_client(respect_robots=True) as client:
        page = client.request("GET", f"{site.url}/yaowen/index.html", expect="html")
        text, encoding = decode_html(page.body, page.content_type)
        assert page.status == 200
        assert encoding == "gb18030"  # the rendered DOM keeps the page's own charset
        assert "<span>2025-11-18</span>" in text  # markup that only the page's script produced
        assert "国家药监局批准一款干细胞治疗产品上市" in text
        assert looks_like_challenge(page.status, page.body, "json") is None

        shell = f"{site.url}/main/xxgk/listpage/abc"
        form = {"pageSize": "10", "pageNum": "1", "drugtype": "swzp", "year": "2025"}
        headers = {"X-Requested-With": "XMLHttpRequest", "Referer": shell, "Origin": site.url}
        answer = client.request(
            "POST", f"{site.url}/main/xxgk/getMenuListHc", data=form, headers=headers, expect="json"
        )
        data = json.loads(answer.body)
        assert data["data"]["records"][0]["acceptid"] == "CXSL2500123"
        assert data["echo"] == form
        assert data["referer"] == shell

        # The site rotates its token: the stale cookie gets a 202 challenge, the shell page is reloaded
        # (the challenge runs again) and the POST is retried once, transparently.
        site.state.token = "pass2"
        again = client.request("POST", f"{site.url}/main/xxgk/getMenuListHc", data=form, headers=headers, expect="json")
        assert json.loads(again.body)["data"]["total"] == 1

        # robots.txt came through the browser as served (text/plain), so its rules apply.
        with pytest.raises(RobotsDisallowedError):
            client.request("GET", f"{site.url}/private/x.html", expect="html")
    site.state.token = "pass1"

    seen = [entry for entry in site.state.log if entry[1] != "/favicon.ico"]
    assert seen == [
        ("GET", "/", 412),  # warm-up on the home page: challenged, the script sets the cookie and reloads
        ("GET", "/", 200),
        ("GET", "/robots.txt", 200),
        ("GET", "/yaowen/index.html", 200),  # the cookie is kept: no challenge any more
        ("GET", "/main/xxgk/listpage/abc", 200),  # the Referer's shell page hosts the fetch()
        ("POST", "/main/xxgk/getMenuListHc", 200),
        ("POST", "/main/xxgk/getMenuListHc", 202),  # stale token
        ("GET", "/main/xxgk/listpage/abc", 412),  # shell reloaded, challenge runs again
        ("GET", "/main/xxgk/listpage/abc", 200),
        ("POST", "/main/xxgk/getMenuListHc", 200),  # the one retry
    ]
    assert time.monotonic() - started < 20


@pytest.mark.integration
def test_browser_reports_a_challenge_it_cannot_pass(site: Site, browser_ready: None) -> None:
    with browser_client(timeout_s=2.5) as client:
        started = time.monotonic()
        with pytest.raises(ChallengeNotPassedError, match="still shows an anti-bot challenge") as caught:
            client.request("GET", f"{site.url}/trap/index.html", expect="html")
        assert time.monotonic() - started < 10
        assert isinstance(caught.value, BlockedByChallengeError)
        assert caught.value.status == "blocked"
    # A real 404 behind a passed challenge keeps its status. Its own client with a roomier budget: the short
    # one above exists to make the trap fail fast, and passing a challenge on a loaded machine can take longer.
    with browser_client(timeout_s=15) as client, pytest.raises(PermanentSourceError, match="HTTP 404"):
        client.request("GET", f"{site.url}/nope.html", expect="html")


@pytest.mark.unit
def test_settings_from_env() -> None:
    assert BrowserSettings.from_env({}) == BrowserSettings()
    assert BrowserSettings().sources == ()
    configured = BrowserSettings.from_env(
        {
            "CGTWATCH_BROWSER_SOURCES": " NMPA, cde，nmpa ",
            "CGTWATCH_CHROMIUM_PATH": "/opt/chromium",
            "CGTWATCH_BROWSER_TIMEOUT": "12.5",
        }
    )
    assert configured.sources == ("nmpa", "cde")
    assert configured.chromium_path == "/opt/chromium"
    assert configured.timeout_s == 12.5
    assert configured.enabled_for("cde")
    assert not configured.enabled_for("news")
    with pytest.raises(ConfigError, match="CGTWATCH_BROWSER_TIMEOUT"):
        BrowserSettings.from_env({"CGTWATCH_BROWSER_TIMEOUT": "soon"})
    with pytest.raises(ConfigError, match="CGTWATCH_BROWSER_TIMEOUT"):
        BrowserSettings.from_env({"CGTWATCH_BROWSER_TIMEOUT": "0"})


@pytest.mark.unit
def test_transport_for(tmp_path: Path) -> None:
    live = Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path)})
    offline = Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path), "CGTWATCH_OFFLINE": "1"})
    assert transport_for("nmpa", live, {}) is None
    assert transport_for("news", live, {"CGTWATCH_BROWSER_SOURCES": "nmpa"}) is None
    assert transport_for("nmpa", offline, {"CGTWATCH_BROWSER_SOURCES": "nmpa"}) is None
    with pytest.raises(ConfigError, match="unknown sources nmap"):
        transport_for("nmpa", live, {"CGTWATCH_BROWSER_SOURCES": "nmap"})
    with pytest.raises(BrowserUnavailableError, match="apt-get install -y chromium"):
        transport_for("nmpa", live, {"CGTWATCH_BROWSER_SOURCES": "nmpa", "CGTWATCH_CHROMIUM_PATH": "/nonexistent/x"})
    if shutil.which(DEFAULT_CHROMIUM_PATH) and importlib.util.find_spec("playwright"):
        transport = transport_for("nmpa", live, {"CGTWATCH_BROWSER_SOURCES": "nmpa"})
        assert isinstance(transport, BrowserTransport)  # chromium starts lazily: nothing to stop yet
        transport.close()
        transport.close()
