"""The digest and the data-quality report of the demo warehouse, opened in headless Chromium with the network cut.

Each page must render from its own file alone (every other request is blocked and recorded), log no
console error, show every section, and show the numbers the same SQL gives over the warehouse.
Screenshots go to the test's tmp dir.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from cgtwatch.digest import SECTIONS
from tests.cgtwatch.test_report import CDE_REASON, failed_run_report  # noqa: F401  (fixture)
from tests.conftest import env_for, run_cli
from tests.e2e.test_ingest_dag import query
from tests.expectations.test_data_docs_browser import chromium  # noqa: F401  (installs Debian's chromium)

pytestmark = pytest.mark.integration
SINCE, UNTIL = "2025-01-01", "2025-12-31"
# The digest's window rule, written out again here so that the page is checked against SQL, not itself.
WINDOW_EVENTS = """
    SELECT * FROM events
    WHERE coalesce(CASE WHEN length(event_date) = 10 THEN try_cast(event_date AS DATE) END,
                   CAST(first_published_at AS DATE)) BETWEEN ?::DATE AND ?::DATE
"""


@contextmanager
def offline_page(chromium_path: Path, page_file: Path, screenshot: Path) -> Iterator[tuple[Any, dict[str, list]]]:
    """Open ``page_file`` with every other request blocked; yields the page and what it tried and logged."""
    from playwright.sync_api import sync_playwright

    own = page_file.resolve().as_uri()
    seen: dict[str, list] = {"requests": [], "blocked": [], "console_errors": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900}, offline=True)

            def gate(route: Any) -> None:
                if route.request.url == own:
                    route.continue_()
                else:
                    seen["blocked"].append(route.request.url)
                    route.abort()

            context.route("**/*", gate)
            page = context.new_page()
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.on("console", lambda m: seen["console_errors"].append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen["console_errors"].append(str(e)))
            page.goto(own, wait_until="load")
            page.screenshot(path=str(screenshot), full_page=True)
            yield page, seen
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000, "a blank screenshot"


@pytest.fixture(scope="module")
def demo_pages(demo_run, airflow_home, tmp_path_factory):
    """The digest of the demo year and the report, written by the real CLI from the demo warehouse."""
    data_dir, db, *_ = demo_run
    env = env_for(data_dir, airflow_home)
    out = tmp_path_factory.mktemp("digests")
    made = run_cli(["digest", "--demo", "--since", SINCE, "--until", UNTIL, "-o", str(out)], env)
    assert made.returncode == 0, made.stderr
    html_path, md_path = (Path(line) for line in made.stdout.split())
    assert html_path == out / f"{SINCE}_{UNTIL}.html"
    assert md_path.read_text(encoding="utf-8").startswith("# ")
    reported = run_cli(["report", "--demo", "--no-open"], env)
    assert reported.returncode == 0, reported.stderr
    report_line, docs_line = reported.stdout.splitlines()
    report_path = Path(report_line)
    assert docs_line == f"Data Docs (drill-down): {data_dir / 'demo' / 'gx' / 'data_docs' / 'index.html'}"
    assert report_path == data_dir / "demo" / "reports" / "quality.html"
    return db, html_path, report_path


def test_digest_page_offline_every_section_and_the_numbers_of_the_warehouse(demo_pages, chromium, tmp_path):  # noqa: F811
    db, html_path, _ = demo_pages
    with offline_page(chromium, html_path, tmp_path / "digest.png") as (page, seen):
        assert seen["console_errors"] == []
        assert seen["blocked"] == []
        assert seen["requests"] == [html_path.resolve().as_uri()]
        for key, title, _ in SECTIONS:
            section = page.locator(f"#sec-{key}")
            assert section.count() == 1, key
            assert title in section.locator("h2").inner_text()
        for chart in ("events", "financing", "products", "companies"):
            assert page.locator(f"#chart-{chart} svg").count() == 1, chart
        expected = dict(query(db, f"SELECT event_type, count(*) FROM ({WINDOW_EVENTS}) GROUP BY 1", [SINCE, UNTIL]))
        assert expected, "the demo year has events"
        for key, _, _ in SECTIONS:
            shown = int(page.locator(f"#sec-{key} h2 .count").inner_text())
            assert shown == expected.get(key, 0), key
            assert page.locator(f"#sec-{key} article.item").count() == shown
        assert int(page.locator("#total-events").inner_text()) == sum(expected.values())
        ((total,),) = query(
            db, f"SELECT sum(amount_cny) FROM ({WINDOW_EVENTS}) WHERE event_type = 'financing'", [SINCE, UNTIL]
        )
        assert total
        shown_total = re.match(r"¥([\d,]+)", page.locator("#financing-total").inner_text())
        assert shown_total
        assert int(shown_total.group(1).replace(",", "")) == round(total)
        # Every report of every event is linked, with its evidence sentence for the first one.
        evidence = dict(
            query(
                db,
                f"SELECT e.event_id, count(*) FROM ({WINDOW_EVENTS}) e JOIN event_evidence v USING (event_id) "
                "GROUP BY 1",
                [SINCE, UNTIL],
            )
        )
        items = page.locator("article.item")
        shown_links = {
            items.nth(i).get_attribute("data-event-id"): items.nth(i).locator("ul.sources li").count()
            for i in range(items.count())
        }
        assert shown_links == evidence
        ((first_evidence, event_id),) = query(
            db,
            "SELECT v.evidence, e.event_id FROM events e JOIN event_evidence v "
            "ON v.event_id = e.event_id AND v.doc_id = e.first_doc_id "
            "WHERE e.event_type = 'drug_approval' AND e.event_date = '2025-01-02'",
        )
        quote = page.locator(f'article[data-event-id="{event_id}"] blockquote.evidence').inner_text()
        assert quote.strip() == first_evidence.strip()


def test_report_page_offline_every_section_and_the_numbers_of_the_warehouse(demo_pages, chromium, tmp_path):  # noqa: F811
    db, _, report_path = demo_pages
    with offline_page(chromium, report_path, tmp_path / "report.png") as (page, seen):
        assert seen["console_errors"] == []
        assert seen["blocked"] == []
        for section in ("#drilldown", "#runs", "#trends", "#chart-fetched svg", "#chart-loaded svg"):
            assert page.locator(section).count() == 1, section
        runs = query(db, "SELECT run_id FROM runs ORDER BY finished_at DESC")
        assert [page.locator(f"#run-{i + 1}").get_attribute("data-run-id") for i in range(len(runs))] == [
            r[0] for r in runs
        ]
        for i, (run_id,) in enumerate(runs):
            block = page.locator(f"#run-{i + 1}")
            expected = query(
                db,
                """
                SELECT s.source, s.status, s.fetched, s.loaded,
                       (SELECT count(*) FROM quarantine q WHERE q.run_id = s.run_id AND q.source = s.source)
                FROM run_sources s WHERE run_id = ? ORDER BY 1
                """,
                [run_id],
            )
            ((losses,),) = query(
                db,
                "SELECT (SELECT count(*) FROM quarantine WHERE run_id = $1) + (SELECT count(*) FROM dq_results "
                "WHERE run_id = $1 AND NOT success) + (SELECT sum(rejected + dq_warnings) FROM run_sources "
                "WHERE run_id = $1)",
                [run_id],
            )
            failed = any(status in {"failed", "blocked"} for _, status, *_ in expected)
            verdict = "red" if failed else "amber" if losses else "green"
            assert block.get_attribute("data-verdict") == verdict, run_id
            rows = block.locator("tr[data-source]")
            shown = [
                (
                    rows.nth(r).get_attribute("data-source"),
                    rows.nth(r).get_attribute("data-status"),
                    int(rows.nth(r).locator('[data-col="fetched"]').inner_text()),
                    int(rows.nth(r).locator('[data-col="loaded"]').inner_text()),
                    int(rows.nth(r).locator('[data-col="quarantined"]').inner_text()),
                )
                for r in range(rows.count())
            ]
            assert shown == expected
        docs = page.locator("#data-docs-link").get_attribute("href")
        assert docs
        assert (report_path.parent / docs).resolve().exists(), "the Data Docs drill-down link resolves"


def test_failed_source_is_red_in_the_browser_with_its_reason(failed_run_report, chromium, tmp_path):  # noqa: F811
    _, page_file = failed_run_report
    with offline_page(chromium, page_file, tmp_path / "failed.png") as (page, seen):
        assert seen["console_errors"] == []
        row = page.locator('#run-1 tr[data-source="cde"]')
        assert row.locator(".badge").inner_text() == "FAILED"
        background = row.locator("td").first.evaluate("td => getComputedStyle(td).backgroundColor")
        assert background == "rgb(253, 232, 231)", "the failed source's row is red"
        banner = page.locator("#run-1 .banner")
        assert banner.inner_text().startswith("FAILED")
        assert banner.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(253, 232, 231)"
        assert CDE_REASON in page.locator('#run-1 tr[data-details-for="cde"]').inner_text()
        assert "Succeeded" not in page.inner_text("body")


def test_events_command_prints_whole_evidence_and_every_url(demo_run, airflow_home):
    """`cgtwatch events` finds a product by its trade name and cuts nothing off."""
    data_dir, db, *_ = demo_run
    done = run_cli(
        ["events", "--demo", "--product", "睿铂生", "--type", "drug_approval"], env_for(data_dir, airflow_home)
    )
    assert done.returncode == 0, done.stderr
    approval = (
        "FROM events e JOIN event_evidence v USING (event_id) JOIN documents d ON d.doc_id = v.doc_id "
        "WHERE e.event_type = 'drug_approval' AND e.drug = ?"
    )
    urls = query(db, f"SELECT d.url {approval}", ["艾米迈托赛注射液"])
    assert urls
    printed_lines = {line.strip() for line in done.stdout.splitlines()}
    for (url,) in urls:
        assert any(line.endswith(" " + url) for line in printed_lines), url
    ((lead,),) = query(db, f"SELECT v.evidence {approval} AND v.doc_id = e.first_doc_id", ["艾米迈托赛注射液"])
    assert "".join(lead.split()) in "".join(done.stdout.split()), "the evidence sentence is whole (wrapped, not cut)"
    assert "1 events" in done.stderr
