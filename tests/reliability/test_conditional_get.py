"""Conditional GET: validators remembered per URL in the landing zone, 304 answered from the landed body."""

from __future__ import annotations

import pytest

from cgtwatch.errors import ParseError
from extractors.landing import LandingZone, safe_name
from tests.reliability.harness import fault_server, run_source

pytestmark = pytest.mark.integration


def test_second_fetch_of_unchanged_pages_gets_304_and_the_same_documents(tmp_path):
    with fault_server() as server:
        first = run_source("nmpa", server.url, tmp_path, run_id="first")
        gets_first = [r for r in server.requests if r.method == "GET" and r.status == 200]
        del server.requests[:]
        second = run_source("nmpa", server.url, tmp_path, run_id="second")
        statuses = [r.status for r in server.requests if r.method == "GET" and not r.url.endswith("/robots.txt")]
    assert first.fetch["not_modified"] == 0
    assert gets_first
    # Every page and PDF of the first fetch is asked for again, conditionally, and answered 304.
    assert statuses == [304] * len(statuses)
    assert second.fetch["not_modified"] == len(statuses) == first.fetch["requests"] - 1  # robots.txt: a 404
    assert second.fetch["bytes"] < 1000 < first.fetch["bytes"]  # only robots.txt's 404 page is downloaded
    assert second.staged == first.staged
    outcomes = {e["outcome"] for e in second.exchanges if not e["url"].endswith("/robots.txt")}
    assert outcomes == {"not_modified"}


def test_changed_page_is_downloaded_again(tmp_path):
    with fault_server() as server:
        run_source("nmpa", server.url, tmp_path, run_id="first")
    # The same URLs now answer with a different body: the old validators no longer match.
    from cgtwatch.snapshot_server import Fault

    page = b"<html><body>changed</body></html>"
    with fault_server(Fault("replace", url=r"ypjgyw/index\.html$", body=page)) as server:
        again = run_source("nmpa", server.url, tmp_path, run_id="second")
        answered = [r.status for r in server.requests if r.url.endswith("ypjgyw/index.html")]
    assert answered == [200]
    assert again.fetch["status"] == "failed"  # the changed page has no list: the new body was used
    assert "no .list ul li" in again.fetch["reason"]


def test_post_is_never_conditional(tmp_path):
    with fault_server() as server:
        run_source("cde", server.url, tmp_path, run_id="first")
        del server.requests[:]
        second = run_source("cde", server.url, tmp_path, run_id="second")
        posts = [r for r in server.requests if r.method == "POST"]
    assert posts
    assert all(r.status == 200 and not r.conditional for r in posts)
    assert second.fetch["not_modified"] == 1  # only the GET warm-up of the home page


@pytest.mark.unit
@pytest.mark.parametrize("name", ["../etc", "..", "a/b", "/abs", "", "x\x00y", "..\\win"])
def test_landing_refuses_names_that_leave_its_directory(tmp_path, name):
    with pytest.raises(ValueError, match="unsafe"):
        safe_name(name, "source")
    zone = LandingZone(tmp_path / "landing")
    with pytest.raises(ValueError, match="unsafe"):
        zone.batch_path(name, "run")


@pytest.mark.unit
def test_landing_refuses_references_outside_the_zone(tmp_path):
    zone = LandingZone(tmp_path / "landing")
    with pytest.raises(ParseError, match="outside the landing zone"):
        zone.resolve("../../etc/passwd")
    ref = zone.store_bytes("cninfo", b"%PDF-1.4", "application/pdf")
    assert zone.resolve(ref).read_bytes() == b"%PDF-1.4"
    assert zone.resolve(ref).is_relative_to((tmp_path / "landing").resolve())
