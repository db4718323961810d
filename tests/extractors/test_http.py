"""The hardened HTTP client: retries, Retry-After, challenges, size limit, routing, pacing."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import httpx
import pytest

from cgtwatch.config import HttpSettings
from cgtwatch.errors import (
    BlockedByChallengeError,
    PermanentSourceError,
    ResponseTooLargeError,
    TransientSourceError,
)
from extractors.http import HttpClient, looks_like_challenge, parse_retry_after

pytestmark = pytest.mark.unit

RUISHU_PAGE = (
    b'<html><head><meta content="{qqqqqqqqqqqqq.abc" r="m"><script r="m">$_ts=window["$_ts"];'
    b"if(!$_ts)$_ts={};</script></head><body></body></html>"
)


def make_client(
    handler: Callable[[httpx.Request], httpx.Response], **overrides: object
) -> tuple[HttpClient, list[float]]:
    slept: list[float] = []
    settings = HttpSettings(
        **{  # type: ignore[arg-type]
            "max_attempts": 4,
            "backoff_base_s": 1.0,
            "min_interval_per_host_s": 0.0,
            "respect_robots": False,
            **overrides,
        }
    )
    client = HttpClient(settings, transport=httpx.MockTransport(handler), sleep=slept.append)
    return client, slept


def sequence(*responses: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def test_retries_5xx_then_succeeds_and_counts():
    client, slept = make_client(sequence(httpx.Response(503), httpx.Response(500), httpx.Response(200, json={"a": 1})))
    payload = client.request("GET", "http://example.test/x", expect="json")
    assert payload.body == b'{"a":1}'
    assert client.stats.requests == 3
    assert client.stats.retries == 2
    assert len(slept) == 2
    assert all(0 < s <= 30 for s in slept)


def test_honours_retry_after_seconds_on_429():
    client, slept = make_client(sequence(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200)))
    client.request("GET", "http://example.test/x")
    assert slept == [7.0]


def test_retry_after_is_capped_by_backoff_max():
    client, slept = make_client(
        sequence(httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200)), backoff_max_s=5.0
    )
    client.request("GET", "http://example.test/x")
    assert slept == [5.0]


def test_gives_up_after_max_attempts_with_a_clear_error():
    client, _ = make_client(sequence(httpx.Response(503)), max_attempts=3)
    with pytest.raises(TransientSourceError, match=r"failed after 3 attempts.*HTTP 503"):
        client.request("GET", "http://example.test/x")
    assert client.stats.requests == 3


def test_404_is_permanent_and_not_retried():
    client, slept = make_client(sequence(httpx.Response(404)))
    with pytest.raises(PermanentSourceError, match="HTTP 404"):
        client.request("GET", "http://example.test/missing")
    assert client.stats.requests == 1
    assert slept == []


def test_timeouts_are_retried():
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, content=b"ok")

    client, _ = make_client(handler)
    assert client.request("GET", "http://example.test/x").body == b"ok"
    assert calls["n"] == 2


def test_dns_failure_fails_fast_without_retries():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    client, slept = make_client(handler)
    with pytest.raises(PermanentSourceError, match=r"cannot resolve example\.test"):
        client.request("GET", "http://example.test/x")
    assert slept == []


@pytest.mark.parametrize(
    ("status", "body", "expect"),
    [
        (412, RUISHU_PAGE, "html"),
        (202, RUISHU_PAGE, "json"),
        (200, RUISHU_PAGE, "json"),
    ],
)
def test_challenge_pages_are_reported_as_blocked(status, body, expect):
    client, _ = make_client(sequence(httpx.Response(status, content=body, headers={"Content-Type": "text/html"})))
    with pytest.raises(BlockedByChallengeError, match=r"blocked by an anti-bot challenge"):
        client.request("POST", "http://example.test/api", expect=expect)


def test_ordinary_html_is_not_a_challenge():
    assert (
        looks_like_challenge(200, b"<html><body><h1>title</h1><script>var a=1;</script></body></html>", "html") is None
    )


def test_size_limit_counts_decompressed_bytes():
    bomb = gzip.compress(b"0" * 200_000)
    client, _ = make_client(
        sequence(httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})), max_response_bytes=100_000
    )
    assert len(bomb) < 100_000
    with pytest.raises(ResponseTooLargeError, match="100000-byte limit"):
        client.request("GET", "http://example.test/big")


def test_declared_length_over_limit_is_refused_before_reading():
    client, _ = make_client(
        sequence(httpx.Response(200, content=b"x" * 10, headers={"Content-Length": "999999999"})),
        max_response_bytes=1000,
    )
    with pytest.raises(ResponseTooLargeError, match="declares 999999999 bytes"):
        client.request("GET", "http://example.test/big")


def test_identifying_user_agent_is_sent():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200)

    client, _ = make_client(handler, user_agent="cgtwatch-test/1.0 (+contact)")
    client.request("GET", "http://example.test/")
    assert seen == ["cgtwatch-test/1.0 (+contact)"]


def test_offline_routing_keeps_the_real_url_and_host():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"{}")

    client, _ = make_client(handler, route_all_to="http://127.0.0.1:9999")
    payload = client.request("POST", "http://www.cninfo.com.cn/new/hisAnnouncement/query", data={"a": "1"})
    assert str(seen[0].url) == "http://127.0.0.1:9999/new/hisAnnouncement/query"
    assert seen[0].headers["Host"] == "www.cninfo.com.cn"
    assert seen[0].headers["X-Cgtwatch-Original-Url"] == "http://www.cninfo.com.cn/new/hisAnnouncement/query"
    assert payload.url == "http://www.cninfo.com.cn/new/hisAnnouncement/query"
    assert payload.request_form == {"a": "1"}


def test_pacing_waits_between_requests_to_the_same_host():
    client, slept = make_client(sequence(httpx.Response(200)), min_interval_per_host_s=1.0)
    client.request("GET", "http://a.test/1")
    client.request("GET", "http://a.test/2")
    client.request("GET", "http://b.test/1")
    assert len(slept) == 1
    assert 0.5 < slept[0] <= 1.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [("120", 120.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_parse_retry_after(header, expected):
    assert parse_retry_after(header) == expected


ROBOTS = b"User-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n"


def robots_site(
    robots_status: int, robots_body: bytes = ROBOTS
) -> tuple[Callable[[httpx.Request], httpx.Response], list[str]]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(robots_status, content=robots_body)
        return httpx.Response(200, content=b"ok")

    return handler, seen


def test_robots_txt_is_fetched_once_per_host_and_obeyed():
    handler, seen = robots_site(200)
    client, _ = make_client(handler, respect_robots=True)
    assert client.request("GET", "http://site.test/public/1").body == b"ok"
    client.request("GET", "http://site.test/public/2")
    with pytest.raises(PermanentSourceError, match=r"robots\.txt of http://site\.test disallows"):
        client.request("GET", "http://site.test/private/x")
    assert seen == ["/robots.txt", "/public/1", "/public/2"]


def test_robots_rules_for_other_agents_do_not_apply():
    handler, _ = robots_site(200)
    client, _ = make_client(handler, respect_robots=True, user_agent="cgtwatch/0.1")
    assert client.request("GET", "http://site.test/anything").status == 200


@pytest.mark.parametrize("status", [404, 500])
def test_missing_or_broken_robots_txt_allows(status):
    handler, seen = robots_site(status, b"<html>not here</html>")
    client, _ = make_client(handler, respect_robots=True, max_attempts=1)
    assert client.request("GET", "http://site.test/private/x").body == b"ok"
    assert seen[-1] == "/private/x"


def test_list_pages_are_counted_apart_from_other_requests():
    client, _ = make_client(sequence(httpx.Response(503), httpx.Response(200, json={"rows": []})))
    client.request("GET", "http://example.test/list?page=1", expect="json", listing=True)
    client.request("GET", "http://example.test/article/1.html")
    # One list page however many attempts it took; the article is a request, not a page.
    assert (client.stats.pages, client.stats.requests) == (1, 3)
