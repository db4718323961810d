"""The data-quality report judges runs by their sources: a failed source makes its run red, with the reason."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from cgtwatch.report import build_report, load_report_rows, render_report_html, write_report
from tests.warehouse.test_db import write_jsonl
from warehouse import loaders
from warehouse.db import open_reader, open_writer

pytestmark = pytest.mark.unit
T0 = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)
CDE_REASON = "POST https://www.cde.org.cn/main/xxgk/getMenuListPage failed after 3 attempts in 0s: HTTP 503"


def run_row(run_id: str, status: str, sources: list[str], finished: datetime = T0) -> dict:
    return {"run_id": run_id, "status": status, "sources": sources, "finished_at": finished, "offline": False}


def source_row(run_id: str, source: str, status: str = "ok", **counts) -> dict:
    return {"run_id": run_id, "source": source, "status": status, "reason": counts.pop("reason", None), **counts}


def test_a_failed_source_makes_the_run_red_even_when_nothing_else_failed():
    report = build_report(
        [run_row("r1", "partial", ["cde", "nmpa"])],
        [source_row("r1", "cde", "failed", reason=CDE_REASON), source_row("r1", "nmpa", fetched=3, loaded=3)],
        [],
        [],
    )
    (run,) = report.runs
    assert run.verdict == "red"
    assert run.headline.startswith("FAILED: 1 of 2 sources")
    assert "cde failed" in run.headline
    cde, nmpa = run.sources
    assert (cde.verdict, cde.status_text, cde.reason) == ("red", "FAILED", CDE_REASON)
    assert (nmpa.verdict, nmpa.counts["loaded"]) == ("green", 3)


def test_a_source_listed_in_the_run_but_never_reported_is_missing_and_red():
    report = build_report([run_row("r1", "ok", ["cde", "news"])], [source_row("r1", "cde")], [], [])
    (run,) = report.runs
    assert run.verdict == "red"
    assert [(s.source, s.status, s.verdict) for s in run.sources] == [
        ("cde", "ok", "green"),
        ("news", "missing", "red"),
    ]


def test_quarantine_and_failed_expectations_make_a_source_amber_with_the_most_frequent_first():
    quarantine = [
        {"run_id": "r1", "source": "nmpa", "reason": "no article body", "n": 1},
        {"run_id": "r1", "source": "nmpa", "reason": "attachment is not a PDF", "n": 4},
    ]
    failures = [
        {
            "run_id": "r1",
            "source": "nmpa",
            "suite": "documents.staged",
            "expectation_type": "expect_column_value_lengths_to_be_between",
            "column_name": "title",
            "severity": "critical",
            "unexpected_count": 2,
        }
    ]
    report = build_report(
        [run_row("r1", "ok", ["nmpa"])], [source_row("r1", "nmpa", fetched=9, loaded=4)], quarantine, failures
    )
    (run,) = report.runs
    (nmpa,) = run.sources
    assert (run.verdict, nmpa.verdict, nmpa.quarantined) == ("amber", "amber", 5)
    assert [q.label for q in nmpa.quarantine_reasons] == ["attachment is not a PDF", "no article body"]
    assert nmpa.failed_expectations[0].label.startswith("documents.staged: expect_column_value_lengths_to_be_between")
    assert run.headline == "Completed with losses: 5 rows quarantined, 1 failed expectations, 0 warnings"


def test_a_clean_run_is_green_and_trends_run_in_time_order():
    runs = [run_row("r2", "ok", ["cde"], T0 + timedelta(days=1)), run_row("r1", "ok", ["cde"], T0)]
    sources = [source_row("r1", "cde", fetched=5, loaded=5), source_row("r2", "cde", fetched=2, loaded=1)]
    report = build_report(runs, sources, [], [])
    assert [r.verdict for r in report.runs] == ["green", "green"]
    assert [(p.run_id, p.fetched, p.loaded) for p in report.trend] == [("r1", 5, 5), ("r2", 2, 1)]


def write_failed_run(db, tmp_path) -> None:
    """Two runs through the real loader: a clean one, then one where CDE failed and NMPA lost rows."""
    quarantined = write_jsonl(
        tmp_path / "q.jsonl",
        [
            {
                "quarantine_id": f"q{i}",
                "source": "nmpa",
                "stage": "parse",
                "native_id": str(i),
                "reason": "attachment is not a PDF (starts <html>)",
                "raw_ref": "r",
                "row_json": {"url": "u"},
            }
            for i in range(2)
        ],
    )
    with open_writer(db, "run-2") as con:
        loaders.record_run(
            con,
            loaders.RunRecord("run-1", T0, T0, "ok", date(2025, 1, 1), date(2025, 1, 7), False, ["cde", "nmpa"], None),
            [
                {"source": "cde", "status": "ok", "requests": 8, "fetched": 27, "new": 27, "loaded": 27},
                {"source": "nmpa", "status": "ok", "requests": 25, "fetched": 13, "new": 13, "loaded": 13},
            ],
        )
        later = T0 + timedelta(days=1)
        loaders.record_run(
            con,
            loaders.RunRecord(
                "run-2", later, later, "partial", date(2025, 1, 8), date(2025, 1, 14), False, ["cde", "nmpa"], None
            ),
            [
                {"source": "cde", "status": "failed", "reason": CDE_REASON, "requests": 3},
                {"source": "nmpa", "status": "ok", "requests": 9, "fetched": 6, "new": 4, "loaded": 4, "rejected": 2},
            ],
        )
        loaders.quarantine_rows(con, [quarantined], "run-2", later)
        con.execute(
            "INSERT INTO dq_results VALUES ('run-2', 'documents.staged', 'nmpa', 'e1', "
            "'expect_column_values_to_not_be_null', 'published_at', 'critical', false, 1, ?, '', NULL)",
            [json.dumps(["None"])],
        )


@pytest.fixture
def failed_run_report(tmp_path):
    db = tmp_path / "w.duckdb"
    write_failed_run(db, tmp_path)
    docs = tmp_path / "gx" / "data_docs" / "index.html"
    docs.parent.mkdir(parents=True)
    docs.write_text("<html></html>", encoding="utf-8")
    return db, write_report(db, tmp_path / "reports" / "quality.html", docs)


def test_the_report_page_shows_the_failed_source_red_with_its_reason(failed_run_report):
    db, page = failed_run_report
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    latest = soup.select_one("#run-1")
    assert latest["data-run-id"] == "run-2"
    assert latest["data-verdict"] == "red"
    banner = latest.select_one(".banner")
    assert "red" in banner["class"]
    assert banner.get_text().startswith("FAILED")
    assert "Succeeded" not in soup.get_text()
    cde = latest.select_one('tr[data-source="cde"]')
    assert "red" in cde["class"]
    assert cde.select_one(".badge").get_text() == "FAILED"
    assert CDE_REASON in latest.select_one('tr[data-details-for="cde"]').get_text()
    nmpa_details = latest.select_one('tr[data-details-for="nmpa"]').get_text()
    assert "2 × attachment is not a PDF (starts <html>)" in nmpa_details, "reasons shown verbatim, escaped"
    assert "expect_column_values_to_not_be_null (published_at) [critical]: 1 unexpected" in nmpa_details
    assert soup.select_one("#data-docs-link")["href"] == "../gx/data_docs/index.html"
    # The clean run before it stays green.
    assert soup.select_one("#run-2")["data-verdict"] == "green"
    # Every count on the page is the warehouse's.
    with open_reader(db) as con:
        expected = con.execute("SELECT source, fetched, loaded FROM run_sources WHERE run_id = 'run-2'").fetchall()
    shown = [
        (
            tr["data-source"],
            int(tr.select_one('[data-col="fetched"]').text),
            int(tr.select_one('[data-col="loaded"]').text),
        )
        for tr in latest.select("tr[data-source]")
    ]
    assert sorted(shown) == sorted(expected)


def test_report_rows_are_limited_to_the_latest_runs(failed_run_report):
    db, _ = failed_run_report
    with open_reader(db) as con:
        rows = load_report_rows(con, max_runs=1)
    assert [r["run_id"] for r in rows["runs"]] == ["run-2"]
    assert {r["run_id"] for r in rows["run_sources"]} == {"run-2"}
    report = build_report(rows["runs"], rows["run_sources"], rows["quarantine"], rows["failures"])
    assert "2 × attachment is not a PDF (starts &lt;html&gt;)" in render_report_html(report)
