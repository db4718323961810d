"""Every fault mode of the snapshot server, run through the production fetch and parse stages.

Each test serves the bundled demo snapshot with one fault and checks: the fault's outcome is recorded
with a reason a person understands, retries are bounded in count (counted by the server) and time,
nothing partial is staged for loading, and what was received is kept in the landing zone.
"""

from __future__ import annotations

import io
import json
import tracemalloc

import pypdf
import pytest

from cgtwatch.config import HttpSettings
from cgtwatch.errors import ConfigError, ResponseTooLargeError
from cgtwatch.snapshot_server import Fault, FaultPlan, load_manifest, request_key
from extractors.http import HttpClient
from tests.conftest import DEMO_SNAPSHOT
from tests.reliability.harness import StageResult, blackhole, fault_server, run_source

pytestmark = pytest.mark.integration

CDE_PRIORITY_P1 = {"url": "cde.org.cn/main/priority", "method": "POST", "form": {"pageNum": "1"}}
NEWS_ARTICLE = "https://finance.sina.com.cn/roll/2025-01-03/doc-inecahz1735856.shtml"
EASTMONEY_ARTICLE = "https://finance.eastmoney.com/a/202501023291047718.html"
CNINFO_PDF = "http://static.cninfo.com.cn/finalpage/2025-12-23/1225415746.PDF"
CNINFO_PDF_ID = "1225415746"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StageResult]:
    """Each source fetched and parsed once without faults: the baseline every faulted run is compared to."""
    results: dict[str, StageResult] = {}
    with fault_server() as server:
        for source in ("cninfo", "cde", "news", "eastmoney", "nmpa", "policy"):
            results[source] = run_source(source, server.url, tmp_path_factory.mktemp(f"clean-{source}"))
    for source, result in results.items():
        assert result.fetch["status"] == "ok", (source, result.fetch["reason"])
    return results


def ids(result: StageResult) -> set[str]:
    return {row["native_id"] for row in result.staged}


def hashes(result: StageResult) -> dict[str, str]:
    return {row["native_id"]: row["content_hash"] for row in result.staged}


def recorded_body(url: str, method: str = "GET", form: dict[str, str] | None = None) -> bytes:
    for root in DEMO_SNAPSHOT.iterdir():
        if (root / "manifest.jsonl").exists():
            rec = load_manifest(root).get(request_key(method, url, form))
            if rec is not None:
                return rec.body_path.read_bytes()
    raise AssertionError(f"{url} is not in the demo snapshot")


def assert_failed_cleanly(result: StageResult, *reason_parts: str) -> None:
    """Failed with a readable reason, and nothing staged for loading."""
    assert result.fetch["status"] == "failed"
    for part in reason_parts:
        assert part in result.fetch["reason"], result.fetch["reason"]
    assert result.staged == []


# ------------------------------------------------------------------------------------------ error statuses


def test_429_retry_after_is_honoured_and_the_page_recovers(clean, tmp_path):
    fault = Fault("status", status=429, retry_after="1", times=2, **CDE_PRIORITY_P1)
    with fault_server(fault) as server:
        result = run_source("cde", server.url, tmp_path, {"CGTWATCH_HTTP_BACKOFF_MAX": "5"})
        faulted = [r for r in server.requests if r.fault]
    assert result.fetch["status"] == "ok"
    assert [r.status for r in faulted] == [429, 429]
    assert result.fetch["requests"] == clean["cde"].fetch["requests"] + 2
    assert result.fetch["retries"] == 2
    assert result.elapsed_s >= 2.0, "Retry-After: 1 was not waited for twice"
    assert result.elapsed_s < 30
    assert hashes(result) == hashes(clean["cde"])


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_that_recovers_after_two_tries_loses_nothing(clean, tmp_path, status):
    fault = Fault("status", status=status, times=2, **CDE_PRIORITY_P1)
    with fault_server(fault) as server:
        result = run_source("cde", server.url, tmp_path)
        faulted = [r.status for r in server.requests if r.fault]
    assert result.fetch["status"] == "ok"
    assert faulted == [status, status]
    assert result.fetch["retries"] == 2
    assert result.fetch["requests"] == clean["cde"].fetch["requests"] + 2
    assert hashes(result) == hashes(clean["cde"])
    # The error pages themselves are kept, as failed attempts, in the fetch journal.
    retried = [e for e in result.exchanges if e["outcome"] == "retry"]
    assert [e["status"] for e in retried] == [status, status]
    assert all(result.landed(e["ref"]) == f"injected fault: HTTP {status}".encode() for e in retried)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_error_status_that_never_recovers_fails_the_source_after_bounded_retries(tmp_path, status):
    fault = Fault("status", status=status, url="cde.org.cn/main/", method="POST")
    with fault_server(fault) as server:
        result = run_source("cde", server.url, tmp_path)
        faulted = server.count("cde.org.cn/main/", method="POST", status=status)
    assert_failed_cleanly(result, "failed after 3 attempts", f"HTTP {status}")
    assert faulted == 3  # CGTWATCH_HTTP_MAX_ATTEMPTS, then the source gives up
    assert result.elapsed_s < 10
    assert [e["status"] for e in result.exchanges if e["status"] == status] == [status] * 3


# ------------------------------------------------------------------------------------------ network faults


def test_connect_timeout_fails_the_source_within_its_budget(tmp_path):
    with blackhole() as url:
        result = run_source("cde", url, tmp_path, {"CGTWATCH_HTTP_RESPECT_ROBOTS": "0"})
    assert_failed_cleanly(result, "failed after 3 attempts", "timed out (ConnectTimeout")
    assert result.fetch["requests"] == 3
    assert result.elapsed_s < 10
    assert [e["outcome"] for e in result.exchanges] == ["retry"] * 3


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("read_timeout", "read timed out in the middle of the body"),
        ("reset", "connection broke in the middle of the body"),
        ("stall", "timed out (ReadTimeout"),
    ],
)
def test_broken_article_download_rejects_that_article_only(clean, tmp_path, kind, reason):
    fault = Fault(kind, url=f"^{NEWS_ARTICLE}$", stall_s=5)
    with fault_server(fault) as server:
        result = run_source("news", server.url, tmp_path)
        tries = server.count(NEWS_ARTICLE)
    assert result.fetch["status"] == "ok"
    assert tries == 3
    assert result.elapsed_s < 15
    (rejected,) = result.rejected
    assert "article fetch failed" in rejected["reason"]
    assert reason in rejected["reason"]
    assert ids(result) == ids(clean["news"]) - {rejected["native_id"]}
    partial = [e for e in result.exchanges if e["url"] == NEWS_ARTICLE]
    assert [e["outcome"] for e in partial] == ["retry"] * 3
    assert {e["complete"] for e in partial} == {False}
    full = recorded_body(NEWS_ARTICLE)
    if kind == "read_timeout":
        # Half the body arrived before the server stalled: it is kept, marked incomplete.
        assert {result.landed(e["ref"]) for e in partial} == {full[: len(full) // 2]}
    elif kind == "reset":
        # A reset may discard data still in the socket buffer: whatever arrived is a prefix of the page.
        for e in partial:
            assert e["ref"] is None or full.startswith(result.landed(e["ref"]))


def test_broken_download_that_recovers_on_retry_loses_nothing(clean, tmp_path):
    with fault_server(Fault("reset", url=f"^{NEWS_ARTICLE}$", times=1)) as server:
        result = run_source("news", server.url, tmp_path)
        tries = server.count(NEWS_ARTICLE)
    assert tries == 2
    assert result.rejected == []
    assert hashes(result) == hashes(clean["news"])


# ------------------------------------------------------------------------------------------ bad bodies


@pytest.mark.parametrize(
    ("source", "fault", "reason"),
    [
        ("cninfo", Fault("truncate", url="hisAnnouncement/query"), "query page is not JSON"),
        ("cde", Fault("truncate", url="cde.org.cn/main/", method="POST"), "list page is not JSON"),
        ("policy", Fault("truncate", url="search-gov"), "policy search is not JSON"),
        ("eastmoney", Fault("truncate", url="search-api-web.eastmoney.com/search"), "neither JSONP nor JSON"),
    ],
)
def test_truncated_json_list_fails_the_source_and_keeps_the_body(tmp_path, source, fault, reason):
    with fault_server(fault) as server:
        result = run_source(source, server.url, tmp_path)
        truncated = next(r for r in server.requests if r.fault)
    assert_failed_cleanly(result, reason)
    assert result.fetch["retries"] == 0  # a broken body is not a transient error
    body = recorded_body(truncated.url, truncated.method, truncated.form or None)
    kept = [e for e in result.exchanges if e["url"].startswith(truncated.url.split("?")[0])]
    assert body[: len(body) // 2] in {result.landed(e["ref"]) for e in kept}


def test_malformed_list_html_fails_the_source_with_the_reason(tmp_path):
    garbage = b"<html><body><ul class=list><li><a href='x'>\x00<<</ul></td></table><div"
    with fault_server(Fault("replace", url=r"nmpa\.gov\.cn/.*/index", body=garbage)) as server:
        result = run_source("nmpa", server.url, tmp_path)
    assert_failed_cleanly(
        result, "nmpa 药品监管要闻: no .list ul li on https://www.nmpa.gov.cn/yaowen/ypjgyw/index.html"
    )


def test_malformed_article_html_is_quarantined_with_the_reason(clean, tmp_path):
    garbage = b"<html><head><title>x</title><body><div><p>unclosed<div><<script>alert(1)"
    with fault_server(Fault("replace", url=f"^{NEWS_ARTICLE}$", body=garbage)) as server:
        result = run_source("news", server.url, tmp_path)
    assert result.fetch["status"] == "ok"
    (rejected,) = result.rejected
    assert "no article body" in rejected["reason"]
    assert ids(result) == ids(clean["news"]) - {rejected["native_id"]}


def test_gbk_body_declared_utf8_parses_to_the_same_documents(clean, tmp_path):
    with fault_server(Fault("transcode", url="finance.sina.com.cn/roll/", encoding="gbk")) as server:
        result = run_source("news", server.url, tmp_path)
        transcoded = [r for r in server.requests if r.fault]
    assert len(transcoded) >= 5
    assert all(r.status == 200 for r in transcoded)
    assert hashes(result) == hashes(clean["news"])


def test_50mb_streamed_response_is_cut_at_the_limit(clean, tmp_path):
    fault = Fault("huge", url=f"^{CNINFO_PDF}$", size=50 * 1024 * 1024, declare_length=False)
    with fault_server(fault) as server:
        result = run_source("cninfo", server.url, tmp_path, {"CGTWATCH_HTTP_MAX_BYTES": str(5 * 1024 * 1024)})
        tries = server.count(CNINFO_PDF)
    assert tries == 1  # over the limit is permanent: never retried
    assert result.elapsed_s < 30
    (rejected,) = result.rejected
    assert rejected["native_id"] == CNINFO_PDF_ID
    assert "sent more than the 5242880-byte limit" in rejected["reason"]
    assert ids(result) == ids(clean["cninfo"]) - {CNINFO_PDF_ID}
    (kept,) = [e for e in result.exchanges if e["url"] == CNINFO_PDF]
    assert (kept["bytes"], kept["complete"]) == (5 * 1024 * 1024, False)


def test_50mb_declared_response_is_refused_before_download(tmp_path):
    fault = Fault("huge", url=f"^{CNINFO_PDF}$", size=50 * 1024 * 1024, declare_length=True)
    with fault_server(fault) as server:
        result = run_source("cninfo", server.url, tmp_path)
    (rejected,) = result.rejected
    assert f"declares {50 * 1024 * 1024} bytes, over the {30 * 1024 * 1024}-byte limit" in rejected["reason"]


def test_gzip_bomb_is_stopped_at_the_limit_without_inflating_it(tmp_path):
    """A 256 MiB gzip bomb against a 1 MiB limit: refused after 1 MiB of output, memory stays small."""
    limit = 1024 * 1024
    with fault_server(Fault("gzip_bomb", url=r"\.PDF$", size=256 * 1024 * 1024)) as server:
        settings = HttpSettings(
            max_response_bytes=limit, min_interval_per_host_s=0, respect_robots=False, route_all_to=server.url
        )
        with HttpClient(settings) as client:
            tracemalloc.start()
            try:
                with pytest.raises(ResponseTooLargeError, match="counted after decompression"):
                    client.request("GET", CNINFO_PDF, expect="pdf")
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
        assert server.count(CNINFO_PDF) == 1
    # httpx's own decoder inflates each 64 KiB network chunk whole (tens of MiB here); ours stays near the limit.
    assert peak < 8 * limit, f"peak {peak / 2**20:.1f} MiB while refusing a gzip bomb"


def test_gzip_bomb_attachment_is_quarantined_in_the_source_run(clean, tmp_path):
    with fault_server(Fault("gzip_bomb", url=f"^{CNINFO_PDF}$", size=256 * 1024 * 1024)) as server:
        result = run_source("cninfo", server.url, tmp_path, {"CGTWATCH_HTTP_MAX_BYTES": str(4 * 1024 * 1024)})
    (rejected,) = result.rejected
    assert "attachment fetch failed" in rejected["reason"]
    assert "counted after decompression" in rejected["reason"]
    assert ids(result) == ids(clean["cninfo"]) - {CNINFO_PDF_ID}


def test_redirect_loop_is_an_error_not_a_hang(clean, tmp_path):
    with fault_server(Fault("redirect_loop", url=f"^{EASTMONEY_ARTICLE}$")) as server:
        result = run_source("eastmoney", server.url, tmp_path)
        hops = server.count(EASTMONEY_ARTICLE)
    assert hops == 6  # the request and five redirects, then it stops; a loop is never retried
    rejected = [r for r in result.rejected if "redirect loop" in r["reason"]]
    assert len(rejected) == 1
    assert "article fetch failed" in rejected[0]["reason"]
    assert ids(result) == ids(clean["eastmoney"]) - {rejected[0]["native_id"]}


def test_endless_pagination_is_bounded_by_the_page_cap_and_reported(clean, tmp_path):
    """Totals that grow with every page: the sweep stops at CGTWATCH_CNINFO_MAX_PAGES per keyword.

    What was found loads, but the source is failed with the reason, so its window is fetched again.
    """
    with fault_server(Fault("endless_pages", url="hisAnnouncement/query")) as server:
        result = run_source("cninfo", server.url, tmp_path, {"CGTWATCH_CNINFO_MAX_PAGES": "4"})
        pages = [r.form for r in server.requests if "hisAnnouncement/query" in r.url]
    per_keyword: dict[str, int] = {}
    for form in pages:
        per_keyword[form["searchkey"]] = per_keyword.get(form["searchkey"], 0) + 1
    assert per_keyword
    assert max(per_keyword.values()) == 4
    assert result.elapsed_s < 30
    assert ids(result) == ids(clean["cninfo"])
    assert result.fetch["status"] == "failed"
    assert "stopped at the page cap" in result.fetch["reason"]
    assert "CGTWATCH_CNINFO_MAX_PAGES" in result.fetch["reason"]


def make_pdf(encrypt_with: str | None) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    if encrypt_with is not None:
        writer.encrypt(user_password=encrypt_with, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>Please log in</body></html>", "attachment is not a PDF"),
        (make_pdf("secret"), "attachment PDF is encrypted with a password"),
    ],
    ids=["not-a-pdf", "encrypted-pdf"],
)
def test_bad_pdf_attachment_is_quarantined_and_kept(clean, tmp_path, body, reason):
    fault = Fault("replace", url=f"^{CNINFO_PDF}$", body=body, content_type="application/pdf")
    with fault_server(fault) as server:
        result = run_source("cninfo", server.url, tmp_path)
    (rejected,) = result.rejected
    assert (rejected["native_id"], rejected["stage"]) == (CNINFO_PDF_ID, "parse")
    assert reason in rejected["reason"]
    assert ids(result) == ids(clean["cninfo"]) - {CNINFO_PDF_ID}
    (kept,) = [e for e in result.exchanges if e["url"] == CNINFO_PDF]
    assert result.landed(kept["ref"]) == body


def test_owner_password_only_pdf_is_read():
    """Many announcements restrict printing with an owner password only; their text is still readable."""
    from extractors.pdf import pdf_text

    assert pdf_text(make_pdf("")) == ""  # opens (a blank page has no text) rather than raising


# ------------------------------------------------------------------------------------------ the fault plan


def test_fault_plan_from_env_file_and_inline(tmp_path):
    body = tmp_path / "page.html"
    body.write_bytes(b"<html>x</html>")
    plan_file = tmp_path / "faults.json"
    plan_file.write_text(json.dumps({"faults": [{"kind": "replace", "url": "a", "body_file": "page.html"}]}))
    from_file = FaultPlan.from_env({"CGTWATCH_FAULTS": str(plan_file)})
    assert from_file.faults[0].body == b"<html>x</html>"
    inline = FaultPlan.from_env({"CGTWATCH_FAULTS": '[{"kind": "status", "status": 500, "times": 2}]'})
    assert (inline.faults[0].status, inline.faults[0].times) == (500, 2)
    with pytest.raises(ConfigError, match="unknown fault kind"):
        FaultPlan.parse('[{"kind": "explode"}]')
    with pytest.raises(ConfigError, match="unknown fault field"):
        FaultPlan.parse('[{"kind": "status", "sttaus": 500}]')


def test_server_reads_the_fault_plan_from_the_environment(monkeypatch):
    """`cgtwatch run --offline` builds its server without a plan: CGTWATCH_FAULTS must reach it."""
    import httpx

    from cgtwatch.snapshot_server import SnapshotServer

    monkeypatch.setenv("CGTWATCH_FAULTS", '[{"kind": "status", "status": 418, "url": "cninfo"}]')
    server = SnapshotServer([DEMO_SNAPSHOT / "cninfo"]).start()
    try:
        response = httpx.get(server.url + "/x", headers={"X-Cgtwatch-Original-Url": CNINFO_PDF})
    finally:
        server.stop()
    assert response.status_code == 418
