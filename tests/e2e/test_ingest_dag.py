"""End to end: the real CLI runs the ingest DAG (dag.test) over loopback snapshots into DuckDB."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from cgtwatch.snapshot_server import SnapshotServer, load_manifest
from tests.conftest import DATA_TABLES, DEMO_SNAPSHOT, FIXTURES, env_for, run_cli, table_digest

pytestmark = pytest.mark.integration

CNINFO_DEMO = DEMO_SNAPSHOT / "cninfo"
EDGE_CASES = FIXTURES / "cninfo" / "edge_cases"
SMALL_PAGES = FIXTURES / "cninfo" / "small_pages"


def recorded_announcements(snapshot: Path) -> dict[str, dict]:
    """Every announcement the snapshot's recorded query pages contain, by announcementId."""
    found: dict[str, dict] = {}
    for line in (snapshot / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["url"].endswith("/hisAnnouncement/query"):
            body = json.loads((snapshot / entry["body"]).read_text(encoding="utf-8"))
            for item in body.get("announcements") or []:
                found[str(item["announcementId"])] = item
    return found


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_demo_run_succeeds_and_prints_a_summary(demo_run):
    _, db, first, _, _ = demo_run
    assert first.returncode == 0, first.stderr[-3000:]
    assert "cninfo" in first.stdout
    for column in ("requests", "pages", "fetched", "new", "updated", "unchanged", "rejected", "loaded", "errors"):
        assert column in first.stdout
    assert str(db) in first.stdout.replace("\n", "")
    assert "[fetch] cninfo" in first.stderr


def test_demo_warehouse_holds_every_snapshot_announcement(demo_run):
    _, db, _, _, _ = demo_run
    expected = recorded_announcements(CNINFO_DEMO)
    rows = query(
        db, "SELECT native_id, title, published_at, company_code, body_text FROM documents WHERE source = 'cninfo'"
    )
    quarantined = {r[0] for r in query(db, "SELECT native_id FROM quarantine WHERE source = 'cninfo'")}
    assert {r[0] for r in rows} | quarantined == set(expected)
    assert len(rows) >= 40
    for native_id, title, published_at, company_code, body in rows:
        item = expected[native_id]
        assert "<em>" not in title
        assert title == item["announcementTitle"].replace("<em>", "").replace("</em>", "")
        assert published_at.utcoffset().total_seconds() == 8 * 3600
        assert int(published_at.timestamp() * 1000) == item["announcementTime"]
        assert company_code == (item["secCode"][0] if isinstance(item["secCode"], list) else item["secCode"])
        assert len(body) > 100
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body)


def test_demo_never_touches_the_live_warehouse(demo_run):
    tmp, _, _, _, _ = demo_run
    assert not (tmp / "warehouse.duckdb").exists()
    assert (tmp / "demo" / "landing" / "cninfo" / "objects").is_dir()
    assert query(tmp / "demo.duckdb", "SELECT DISTINCT offline FROM runs") == [(True,)]


def test_second_run_changes_nothing(demo_run):
    _, db, _, second, after_first = demo_run
    assert second.returncode == 0, second.stderr[-3000:]
    assert set(after_first) == set(DATA_TABLES)
    for table, rows in after_first.items():
        assert table_digest(db, table) == rows, f"{table} changed on re-run"
    runs = query(db, "SELECT run_id FROM runs ORDER BY finished_at")
    assert len(runs) == 2
    last = query(
        db,
        "SELECT source, status, new, updated, loaded, fetched = unchanged FROM run_sources WHERE run_id = ? "
        "ORDER BY source",
        [runs[-1][0]],
    )
    per_source = dict(query(db, "SELECT source, count(*) FROM documents GROUP BY source"))
    assert last == [(s, "no_new_data", 0, 0, 0, True) for s in sorted(per_source)]
    assert "0 documents re-tagged" in second.stderr
    # The second run resumes where the first stopped: only the overlap window is fetched again.
    requests = query(
        db,
        "SELECT s.source, list(s.requests ORDER BY r.finished_at) FROM run_sources s JOIN runs r USING (run_id) "
        "GROUP BY 1",
    )
    for source, (cold, warm) in requests:
        assert warm < cold, f"{source}: {warm} requests on the re-run vs {cold} cold"
    assert "resuming after earlier runs" in second.stderr
    # Source health: every source walked list pages; on the re-run the unchanged GET list pages
    # of the overlap window were answered 304 and every document was skipped, not re-processed.
    health = query(
        db,
        "SELECT source, list(pages ORDER BY started_at), list(not_modified ORDER BY started_at), "
        "list(skipped ORDER BY started_at), list(fetched ORDER BY started_at) FROM source_health GROUP BY 1",
    )
    for source, pages, not_modified, skipped, fetched in health:
        assert pages[0] > 0, source
        assert not_modified[0] == 0, source
        assert skipped == [0, fetched[1]], source
    assert sum(nm[1] for _, _, nm, _, _ in health) > 0


def test_demo_loads_every_registered_source_with_events_and_evidence(demo_run):
    from extractors.registry import SOURCES

    _, db, _, _, _ = demo_run
    per_source = dict(query(db, "SELECT source, count(*) FROM documents GROUP BY source"))
    assert set(per_source) == set(SOURCES)
    assert all(n > 0 for n in per_source.values())
    assert query(db, "SELECT count(*) FROM events")[0][0] > 10
    types = {r[0] for r in query(db, "SELECT DISTINCT entity_type FROM entity_mentions")}
    assert {"drug", "company", "indication"} <= types
    # Every evidence sentence is verbatim in its document, at the stored offsets.
    rows = query(
        db,
        """
        SELECT v.evidence, v.field, v.start_offset, v.end_offset, d.title, d.body_text
        FROM event_evidence v JOIN documents d USING (doc_id)
        """,
    )
    for sentence, field, start, end, title, body in rows:
        text = title if field == "title" else body
        assert text[start:end] == sentence
    # Every mention's surface is verbatim too.
    for surface, field, start, end, title, body in query(
        db,
        "SELECT m.surface, m.field, m.start_offset, m.end_offset, d.title, d.body_text "
        "FROM entity_mentions m JOIN documents d USING (doc_id)",
    ):
        assert (title if field == "title" else body)[start:end] == surface
    # China's first stem-cell drug approval is one event reported by several documents.
    (approval,) = query(
        db,
        "SELECT event_date, evidence_count FROM events "
        "WHERE event_type = 'drug_approval' AND drug = '艾米迈托赛注射液'",
    )
    assert approval[0] == "2025-01-02"
    assert approval[1] >= 2


def test_landing_zone_lets_every_document_be_reparsed(demo_run):
    """Every loaded document of every source re-parses from the landing zone alone, to the same row."""
    tmp, db, _, _, _ = demo_run
    from cgtwatch.pipeline import content_hash
    from extractors.landing import LandingZone
    from extractors.registry import SOURCES

    landing = LandingZone(tmp / "demo" / "landing")
    stored = {(s, n): h for s, n, h in query(db, "SELECT source, native_id, content_hash FROM documents")}
    reparsed = {}
    for name, spec in SOURCES.items():
        batches = sorted((tmp / "demo" / "landing" / name / "batches").glob("*.jsonl"))
        assert batches, name
        for raw, _ in landing.read_batch(batches[0]):
            if (name, raw.native_id) in stored:
                reparsed[(name, raw.native_id)] = content_hash(spec.parse(raw))
    assert reparsed == stored


def test_edge_cases_load_good_rows_and_quarantine_bad_ones(tmp_path, airflow_home):
    snapshot = json.loads((EDGE_CASES / "snapshot.json").read_text(encoding="utf-8"))
    env = env_for(
        tmp_path,
        airflow_home,
        CGTWATCH_SNAPSHOT_DIRS=str(EDGE_CASES),
        CGTWATCH_CNINFO_KEYWORDS=",".join(snapshot["keywords"]),
    )
    done = run_cli(["run", "--offline", "--source", "cninfo"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    db = tmp_path / "demo.duckdb"
    expected = recorded_announcements(EDGE_CASES)
    quarantined = query(db, "SELECT native_id, stage, reason FROM quarantine")
    assert quarantined, "the HTML-instead-of-PDF announcement must be quarantined"
    assert all(stage == "parse" and "not a PDF" in reason for _, stage, reason in quarantined)
    loaded = {r[0] for r in query(db, "SELECT native_id FROM documents")}
    assert loaded | {q[0] for q in quarantined} == set(expected)
    assert not loaded & {q[0] for q in quarantined}
    array_codes = [i for i in expected.values() if isinstance(i["secCode"], list)]
    for item in array_codes:
        assert query(db, "SELECT company_code FROM documents WHERE native_id = ?", [str(item["announcementId"])]) == [
            (item["secCode"][0],)
        ]
    (row,) = query(db, "SELECT fetched, rejected, new FROM run_sources")
    assert row == (len(expected), len(quarantined), len(expected) - len(quarantined))


def test_every_page_is_fetched_once_with_small_pages(tmp_path, airflow_home):
    snapshot = json.loads((SMALL_PAGES / "snapshot.json").read_text(encoding="utf-8"))
    server = SnapshotServer([SMALL_PAGES]).start()
    try:
        env = env_for(
            tmp_path,
            airflow_home,
            CGTWATCH_SNAPSHOT_DIRS=str(SMALL_PAGES),
            CGTWATCH_ROUTE_ALL_TO=server.url,
            CGTWATCH_CNINFO_PAGE_SIZE=str(snapshot["page_size"]),
        )
        done = run_cli(["run", "--offline", "--source", "cninfo"], env)
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    queries = [r for r in server.requests if r.url.endswith("/hisAnnouncement/query")]
    assert all(r.status == 200 for r in server.requests if not r.url.endswith("/robots.txt"))
    pages = sorted((r.form["searchkey"], int(r.form["pageNum"])) for r in queries)
    assert len(pages) == len(set(pages)), "a page was requested twice"
    stem_pages = [n for k, n in pages if k == "干细胞"]
    assert stem_pages == list(range(1, len(stem_pages) + 1))
    assert len(stem_pages) >= 4
    expected = recorded_announcements(SMALL_PAGES)
    pdfs = [r for r in server.requests if r.url.endswith(".PDF")]
    assert len(pdfs) == len(expected), "each distinct announcement's PDF is fetched exactly once"
    assert query(tmp_path / "demo.duckdb", "SELECT count(*) FROM documents") == [(len(expected),)]


def test_live_run_without_network_fails_fast_per_source(tmp_path, airflow_home):
    """`cgtwatch run` (live) with the network unreachable: non-zero exit, one clear line per source, fast.

    Fast means the source gives up after its first request's retry budget (a handful of attempts, seconds of
    backoff), not after walking its pages; the run as a whole is bounded loosely, because most of its time is
    Airflow starting in-process, which a loaded two-core machine can double (63 s beside the other test worker, 35 s
    alone, on one machine).
    """
    env = env_for(
        tmp_path,
        airflow_home,
        # A proxy on a closed loopback port stands in for "no internet", whatever this machine can reach.
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        ALL_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
        CGTWATCH_HTTP_BACKOFF_BASE="0.5",
    )
    started = time.monotonic()
    done = run_cli(["run", "--source", "cninfo"], env, timeout=120)
    elapsed = time.monotonic() - started
    assert done.returncode != 0
    assert elapsed < 110, f"took {elapsed:.0f}s"
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("cninfo failed:")]
    assert len(error_lines) == 1, done.stderr[-3000:]
    assert "make demo" in done.stderr
    assert not (tmp_path / "demo.duckdb").exists()
    assert query(tmp_path / "warehouse.duckdb", "SELECT count(*) FROM documents") == [(0,)]
    # (the session's opening request and the first query, within one request's retry budget, then the source stops:
    # no walk over pages or keywords; CGTWATCH_HTTP_MAX_ATTEMPTS is 4 by default)
    [(requests, retries)] = query(
        tmp_path / "warehouse.duckdb", "SELECT requests, retries FROM run_sources WHERE source = 'cninfo'"
    )
    assert requests <= 2, requests
    assert retries <= 3, retries


def test_record_writes_a_snapshot_that_replays_to_the_same_documents(tmp_path, airflow_home):
    """`cgtwatch record` (here recording the edge-case snapshot server) produces a replayable snapshot."""
    snapshot = json.loads((EDGE_CASES / "snapshot.json").read_text(encoding="utf-8"))
    window = snapshot["window"]
    keywords = ",".join(snapshot["keywords"])
    server = SnapshotServer([EDGE_CASES]).start()
    out = tmp_path / "recorded"
    try:
        env = env_for(
            tmp_path,
            airflow_home,
            CGTWATCH_OFFLINE="1",
            CGTWATCH_ROUTE_ALL_TO=server.url,
            CGTWATCH_CNINFO_KEYWORDS=keywords,
        )
        done = run_cli(
            ["record", "--source", "cninfo", "--out", str(out), "--since", window["since"], "--until", window["until"]],
            env,
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stderr[-3000:]
    recorded = json.loads((out / "snapshot.json").read_text(encoding="utf-8"))
    assert recorded["window"] == window
    assert recorded["documents"] == len(recorded_announcements(EDGE_CASES))
    assert recorded_announcements(out) == recorded_announcements(EDGE_CASES)
    assert len(load_manifest(out)) == recorded["requests"]
    run_env = env_for(
        tmp_path / "replay", airflow_home, CGTWATCH_SNAPSHOT_DIRS=str(out), CGTWATCH_CNINFO_KEYWORDS=keywords
    )
    (tmp_path / "replay").mkdir()
    replayed = run_cli(["run", "--offline", "--source", "cninfo"], run_env)
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    loaded = query(tmp_path / "replay" / "demo.duckdb", "SELECT count(*) FROM documents")[0][0]
    assert loaded == len(recorded_announcements(EDGE_CASES)) - 1  # the HTML-instead-of-PDF one is quarantined


def test_query_and_export_commands_read_the_demo_warehouse(demo_run, airflow_home, tmp_path):
    tmp, db, _, _, _ = demo_run
    env = env_for(tmp, airflow_home)
    table = run_cli(["query", "--demo", "SELECT source, count(*) AS n FROM documents GROUP BY 1 ORDER BY 1"], env)
    assert table.returncode == 0, table.stderr
    assert "cninfo" in table.stdout
    csv_out = run_cli(["query", "--demo", "--csv", "SELECT count(*) AS n FROM documents"], env)
    assert csv_out.stdout.splitlines() == ["n", str(query(db, "SELECT count(*) FROM documents")[0][0])]
    json_out = run_cli(["query", "--demo", "--json", "SELECT event_type FROM events LIMIT 2"], env)
    assert all(json.loads(line)["event_type"] for line in json_out.stdout.splitlines())
    bad = run_cli(["query", "--demo", "SELECT * FROM no_such_table"], env)
    assert bad.returncode == 1
    assert "query failed" in bad.stderr
    exported = run_cli(["export", "--demo", "--format", "parquet", str(tmp_path / "out")], env)
    assert exported.returncode == 0, exported.stderr
    files = {p.stem for p in (tmp_path / "out").glob("*.parquet")}
    assert {"documents", "events", "v_ind_approvals", "v_drug_timeline", "v_quality"} <= files
    n_events = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'out' / 'events.parquet'}'").fetchall()[0][0]
    assert n_events == query(db, "SELECT count(*) FROM events")[0][0]


def bad_rows_snapshot(target: Path) -> dict[str, str]:
    """The edge-case snapshot with two announcements made bad in ways only the GX suites catch."""
    shutil.copytree(EDGE_CASES, target)
    page_path = target / "query" / "ganxibao_p1.json"
    page = json.loads(page_path.read_text(encoding="utf-8"))
    good = [a for a in page["announcements"] if str(a["announcementId"]) != "1222881603"]
    ancient, tiny = good[0], good[1]
    ancient["announcementTime"] = 315504000000  # 1980-01-01: before any plausible CGT filing
    tiny["announcementTitle"] = "公"  # a one-character title
    page_path.write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    return {"ancient": str(ancient["announcementId"]), "tiny": str(tiny["announcementId"])}


def test_bad_rows_are_quarantined_by_the_suites_and_good_rows_load(tmp_path, airflow_home):
    snapshot = tmp_path / "snapshot"
    bad = bad_rows_snapshot(snapshot)
    keywords = ",".join(json.loads((snapshot / "snapshot.json").read_text(encoding="utf-8"))["keywords"])
    env = env_for(tmp_path, airflow_home, CGTWATCH_SNAPSHOT_DIRS=str(snapshot), CGTWATCH_CNINFO_KEYWORDS=keywords)
    done = run_cli(["run", "--offline", "--source", "cninfo"], env)
    assert done.returncode == 0, done.stderr[-3000:]
    db = tmp_path / "demo.duckdb"
    loaded = {r[0] for r in query(db, "SELECT native_id FROM documents")}
    expected = recorded_announcements(snapshot)
    assert loaded == set(expected) - set(bad.values()) - {"1222881603"}
    reasons = dict(query(db, "SELECT native_id, reason FROM quarantine WHERE stage = 'validate'"))
    assert "documents.staged" in reasons[bad["ancient"]]
    assert "published_day" in reasons[bad["ancient"]]
    assert "title_length" in reasons[bad["tiny"]]
    row = query(db, "SELECT row_json FROM quarantine WHERE native_id = ?", [bad["tiny"]])[0][0]
    assert json.loads(row)["title"] == "公"
    failed = query(
        db,
        "SELECT suite, expectation_type, column_name, unexpected_count FROM dq_results "
        "WHERE NOT success AND severity = 'critical' ORDER BY column_name",
    )
    assert ("documents.staged", "expect_column_values_to_be_between", "published_day", 1) in failed
    assert query(db, "SELECT DISTINCT source FROM dq_runs") == [("cninfo",)]
    index = tmp_path / "demo" / "gx" / "data_docs" / "index.html"
    assert index.exists()
    report = run_cli(["report", "--demo", "--no-open"], env)
    assert report.returncode == 0
    assert str(index) in report.stdout.replace("\n", "")


def test_readme_example_queries_run_on_the_demo_warehouse(demo_run):
    _, db, _, _, _ = demo_run
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, re.S)
    assert len(blocks) >= 8
    for sql in blocks:
        rows = query(db, sql)
        if "dq_results" not in sql:  # a clean demo has no failing expectation
            assert rows, f"README example returns nothing on the demo warehouse:\n{sql}"
