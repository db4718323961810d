"""Reliability end to end: the real `cgtwatch run` CLI (Airflow dag.test, DuckDB) under faults, kills and contention.

A few runs only (each costs ~25-40 s): several faults are injected into different sources of the same
run, hostile content rides along in a snapshot overlay, and real processes are killed and raced.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cgtwatch.snapshot_server import Fault, load_manifest, request_key
from tests.conftest import DEMO_SNAPSHOT, ROOT, airflow_env, run_cli
from tests.reliability.harness import FAST_HTTP, fault_server, run_source
from tests.reliability.hostile import FIRST_PAGE_FORM
from tests.reliability.test_faults import CNINFO_PDF, CNINFO_PDF_ID, NEWS_ARTICLE, make_pdf

pytestmark = pytest.mark.integration

QUERY_URL = "http://www.cninfo.com.cn/new/hisAnnouncement/query"
ENCRYPTED_PDF_ID = "1225307223"
SQL_TITLE = "关于干细胞项目的公告'); DROP TABLE documents; --"
SCRIPT_TITLE = "<script>alert('x')</script>细胞治疗<img src=x onerror=alert(1)>公告"
CONTROL_TITLE = "间充质\x07\x1b[31m干细胞\u202e公告\x08"
LONG_TITLE = "干细胞" + "长" * 1_000_000


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def private_airflow(airflow_home: Path, target: Path) -> dict[str, str]:
    """A copy of the migrated Airflow home, so that two runs at once do not share one SQLite file."""
    shutil.copytree(airflow_home, target)
    return {**airflow_env(target), "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{target / 'airflow.db'}"}


def cli_env(data_dir: Path, airflow: dict[str, str], **extra: str) -> dict[str, str]:
    return {**airflow, "CGTWATCH_DATA_DIR": str(data_dir), **FAST_HTTP, **extra}


def hostile_overlay(target: Path) -> dict[str, str]:
    """A snapshot root replacing cninfo's first 干细胞 page with hostile titles and a path-traversal attachment."""
    form = dict(FIRST_PAGE_FORM)
    rec = load_manifest(DEMO_SNAPSHOT / "cninfo")[request_key("POST", QUERY_URL, form)]
    page = json.loads(rec.body_path.read_text(encoding="utf-8"))
    items = [a for a in page["announcements"] if a["announcementId"] not in {CNINFO_PDF_ID, ENCRYPTED_PDF_ID}]
    chosen = {}
    for item, (name, title) in zip(
        items,
        [("sql", SQL_TITLE), ("script", SCRIPT_TITLE), ("control", CONTROL_TITLE), ("long", LONG_TITLE)],
        strict=False,
    ):
        item["announcementTitle"] = title
        chosen[name] = str(item["announcementId"])
    traversal = items[4]
    traversal["adjunctUrl"] = "../../../../etc/passwd.pdf"
    chosen["traversal"] = str(traversal["announcementId"])
    target.mkdir()
    (target / "page.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")
    entry = {"method": "POST", "url": QUERY_URL, "form": form, "status": 200, "content_type": rec.content_type}
    (target / "manifest.jsonl").write_text(json.dumps({**entry, "body": "page.json"}, ensure_ascii=False) + "\n")
    return chosen


def test_faults_in_several_sources_of_one_run(tmp_path, airflow_home, demo_run):
    """cde answers 503 for ever, eastmoney's search is truncated, two cninfo PDFs are bad, hostile data rides along."""
    hostile = hostile_overlay(tmp_path / "overlay")
    sina = (DEMO_SNAPSHOT / "news").resolve()
    article = load_manifest(sina)[request_key("GET", NEWS_ARTICLE)].body_path.read_bytes()
    invalid_utf8 = article.replace("。".encode(), "。".encode() + b"\xff\xfe\xc3(", 3)
    faults = [
        Fault("status", status=503, url="cde.org.cn/main/", method="POST"),
        Fault("truncate", url="search-api-web.eastmoney.com/search"),
        Fault("replace", url=f"^{CNINFO_PDF}$", body=b"<html>login first</html>", content_type="application/pdf"),
        Fault("replace", url=f"{ENCRYPTED_PDF_ID}\\.PDF$", body=make_pdf("secret"), content_type="application/pdf"),
        Fault("replace", url=f"^{NEWS_ARTICLE}$", body=invalid_utf8, content_type="text/html; charset=utf-8"),
    ]
    roots = [*sorted(p.parent for p in DEMO_SNAPSHOT.glob("*/manifest.jsonl")), tmp_path / "overlay"]
    data = tmp_path / "data"
    data.mkdir()
    with fault_server(*faults, roots=roots) as server:
        started = time.monotonic()
        done = run_cli(["run", "--offline"], cli_env(data, airflow_env(airflow_home), CGTWATCH_ROUTE_ALL_TO=server.url))
        elapsed = time.monotonic() - started
        cde_posts = server.count("cde.org.cn/main/", method="POST")
        # The clean sources' expected documents, from the same server without the CLI.
        expected = {s: run_source(s, server.url, tmp_path / f"expect-{s}").staged for s in ("nmpa", "policy")}
    db = data / "demo.duckdb"
    assert done.returncode == 1, done.stderr[-3000:]
    assert elapsed < 180
    rows = {r[0]: r[1:] for r in query(db, "SELECT source, status, reason, loaded, rejected FROM run_sources")}
    # The failing sources: recorded with a reason a person can act on, and nothing of theirs loaded.
    assert rows["cde"][0] == "failed"
    assert "failed after 3 attempts" in rows["cde"][1]
    assert "HTTP 503" in rows["cde"][1]
    assert cde_posts == 3
    assert rows["eastmoney"][0] == "failed"
    assert "search page is neither JSONP nor JSON" in rows["eastmoney"][1]
    assert query(db, "SELECT count(*) FROM documents WHERE source IN ('cde', 'eastmoney')") == [(0,)]
    assert [line for line in done.stderr.splitlines() if line.startswith(("cde failed:", "eastmoney failed:"))]
    assert query(db, "SELECT status FROM runs") == [("partial",)]
    # The others complete.
    for source in ("nmpa", "policy"):
        assert rows[source][0] == "ok"
        loaded = {r[0] for r in query(db, "SELECT native_id FROM documents WHERE source = ?", [source])}
        assert loaded == {d["native_id"] for d in expected[source]}
    assert rows["news"][0] == "ok"
    assert rows["cninfo"][0] == "ok"
    reasons = dict(query(db, "SELECT native_id, reason FROM quarantine WHERE source = 'cninfo'"))
    assert "attachment is not a PDF" in reasons[CNINFO_PDF_ID]
    assert "encrypted with a password" in reasons[ENCRYPTED_PDF_ID]
    assert "attachment fetch failed" in reasons[hostile["traversal"]]
    assert "title_length" in reasons[hostile["long"]]
    assert rows["cninfo"][3] == 4
    assert query(db, "SELECT count(*) FROM documents WHERE source = 'cninfo'") == [(47 - 4,)]
    # Hostile titles are data: stored verbatim, executed nowhere, the tables intact.
    titles = dict(query(db, "SELECT native_id, title FROM documents WHERE source = 'cninfo'"))
    assert titles[hostile["sql"]] == SQL_TITLE
    assert titles[hostile["script"]] == SCRIPT_TITLE
    assert "干细胞" in titles[hostile["control"]]
    assert query(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'") == [(1,)]
    # Invalid UTF-8 in a page: decoded with replacement characters or quarantined, never a crash.
    sina_ids = {r[0] for r in query(db, "SELECT native_id FROM documents WHERE url = ?", [NEWS_ARTICLE])}
    quarantined_news = query(db, "SELECT reason FROM quarantine WHERE source = 'news'")
    assert sina_ids or quarantined_news
    # Nothing was written outside the data directory; the traversal attachment name was never a path.
    assert not list(tmp_path.rglob("passwd*"))
    landing = data / "demo" / "landing"
    for path in landing.rglob("*"):
        assert path.resolve().is_relative_to(landing.resolve())
    # What cde answered is kept: three 503 pages in its fetch journal, bodies landed.
    (journal,) = (landing / "cde" / "exchanges").glob("*.jsonl")
    failures = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    posts = [e for e in failures if e["method"] == "POST"]
    assert [e["status"] for e in posts] == [503, 503, 503]
    assert all((landing / e["ref"]).read_bytes() == b"injected fault: HTTP 503" for e in posts)
    # Afterwards a normal run over the same data directory ends where a fresh machine's demo does.
    assert_next_run_equals_a_fresh_demo(data, demo_run[1], airflow_home, "--refetch")


def assert_next_run_equals_a_fresh_demo(data: Path, fresh_demo: Path, airflow_home: Path, *args: str) -> None:
    """A clean run over ``data`` succeeds and leaves what a fresh machine's demo run left in ``fresh_demo``."""
    again = run_cli(["run", "--offline", *args], cli_env(data, airflow_env(airflow_home)))
    assert again.returncode == 0, again.stderr[-3000:]
    assert current_counts(data / "demo.duckdb") == current_counts(fresh_demo)


def current_counts(db: Path) -> dict[str, Any]:
    """What an analyst sees: documents per source and the derived tables (not history or quarantine)."""
    return {
        "documents": dict(query(db, "SELECT source, count(*) FROM documents GROUP BY 1")),
        **{t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in ("entity_mentions", "events", "event_evidence")},
    }


# ------------------------------------------------------------------------------------------ crash safety


def lock_held(lock_file: Path) -> bool:
    """Whether another process holds the warehouse writer lock right now."""
    if not lock_file.exists():
        return False
    fd = os.open(lock_file, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def start_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cgtwatch", *args],
        env={**{k: v for k, v in os.environ.items() if not k.startswith("CGTWATCH_")}, **env},
        cwd=env["CGTWATCH_DATA_DIR"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill reaches it and nothing else
    )


def warehouse_counts(db: Path) -> dict[str, int]:
    tables = ("documents", "document_versions", "entity_mentions", "events", "event_evidence", "quarantine")
    counts = {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    counts["distinct_doc_ids"] = query(db, "SELECT count(DISTINCT doc_id) FROM documents")[0][0]
    return counts


# The real pipeline stages in a child process, its load held open inside the transaction (after the
# documents, mentions and evidence were written) until the test kills it. The patch is test code:
# production has no pause hook. The child signals through a marker file once it is mid-load.
STALLED_LOAD = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from cgtwatch import pipeline
from cgtwatch.config import Settings
from warehouse import loaders

marker = Path(sys.argv[1])
real_load_extractions = loaders.load_extractions

def stalled(con, **kwargs):
    counts = real_load_extractions(con, **kwargs)
    marker.write_text("inside the load transaction", encoding="utf-8")
    time.sleep(600)
    return counts

loaders.load_extractions = stalled
settings = Settings.from_env()
params = {"sources": ["cninfo"], "since": "2025-01-01", "until": "2025-12-31"}
plan = pipeline.plan_run(params, "crashed-run", datetime.now(UTC), settings)
for stage in (pipeline.fetch_stage, pipeline.parse_stage, pipeline.transform_stage, pipeline.validate_stage):
    stage(settings, plan, "cninfo")
pipeline.load_stage(settings, plan)
"""


def test_sigkill_during_load_leaves_a_consistent_warehouse_and_the_next_run_completes(tmp_path, airflow_home):
    from cgtwatch.snapshot_server import SnapshotServer

    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crash"
    clean_dir.mkdir()
    crash_dir.mkdir()
    args = ["run", "--offline", "--source", "cninfo"]
    clean = start_cli(args, cli_env(clean_dir, private_airflow(airflow_home, tmp_path / "af-clean")))
    marker = tmp_path / "mid-load"
    server = SnapshotServer([DEMO_SNAPSHOT / "cninfo"]).start()
    try:
        env = {"CGTWATCH_OFFLINE": "1", "CGTWATCH_DATA_DIR": str(crash_dir), "CGTWATCH_ROUTE_ALL_TO": server.url}
        child = subprocess.Popen(
            [sys.executable, "-c", STALLED_LOAD, str(marker)],
            env={**{k: v for k, v in os.environ.items() if not k.startswith("CGTWATCH_")}, **env},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), child.communicate(timeout=30)[1][-3000:]
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate(timeout=60)
    finally:
        server.stop()
    assert child.returncode == -signal.SIGKILL
    db = crash_dir / "demo.duckdb"
    # Documents, mentions and evidence had been written inside the transaction; none survive the kill.
    assert query(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM runs)") == [(0, 0)]
    assert query(db, "SELECT count(*) FROM entity_mentions") == [(0,)]
    # The next run (the real CLI) needs no repair and loads everything exactly once.
    resumed = run_cli(args, cli_env(crash_dir, private_airflow(airflow_home, tmp_path / "af-resume")), timeout=150)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    _, clean_err = clean.communicate(timeout=300)
    assert clean.returncode == 0, clean_err[-3000:]
    assert warehouse_counts(db) == warehouse_counts(clean_dir / "demo.duckdb")
    assert warehouse_counts(db)["documents"] == warehouse_counts(db)["distinct_doc_ids"] == 47


# ------------------------------------------------------------------------------------------ concurrency


def test_two_runs_at_once_both_complete_without_duplicates(tmp_path, airflow_home):
    data = tmp_path / "data"
    data.mkdir()
    args = ["run", "--offline", "--source", "cninfo"]
    runs = [start_cli(args, cli_env(data, private_airflow(airflow_home, tmp_path / f"af-{i}"))) for i in range(2)]
    outputs = [p.communicate(timeout=300) for p in runs]
    for proc, (_, err) in zip(runs, outputs, strict=True):
        assert proc.returncode == 0, err[-3000:]
    db = data / "demo.duckdb"
    counts = warehouse_counts(db)
    assert counts["documents"] == counts["distinct_doc_ids"] == 47
    statuses = query(db, "SELECT status, count(*) FROM runs GROUP BY 1")
    assert statuses == [("ok", 2)]
    # One run loaded everything; the other found every document unchanged.
    per_run = sorted(query(db, "SELECT new, unchanged FROM run_sources"))
    assert per_run == [(0, 47), (47, 0)]


WRITER = """
import sys, time
from pathlib import Path
from warehouse.db import open_writer
with open_writer(Path(sys.argv[1]), sys.argv[2], wait_s=float(sys.argv[3])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[4]))
"""


def test_a_second_writer_gives_up_naming_the_run_that_holds_the_warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), "run-A", "1", "60"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-c", WRITER, str(db), "run-B", "1", "0"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.communicate(timeout=30)
    assert second.returncode != 0
    assert f"is being written by run run-A (pid {holder.pid}" in second.stderr
    assert "gave up after waiting 1s" in second.stderr
    assert waited >= 1.0
    # Once the holder is gone (even killed), the warehouse is writable again and intact.
    again = subprocess.run(
        [sys.executable, "-c", WRITER, str(db), "run-C", "1", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 0, again.stderr


# ------------------------------------------------------------------------------------------ issue #17 end to end


def test_hostile_run_then_a_normal_run_equals_a_fresh_demo(tmp_path, airflow_home, demo_run):
    """The fault plan of the run above plus issue #17's records: a lone surrogate in a cninfo title, a PDF
    that makes pypdf recurse, a 1 MB title. The next plain run (no --refetch) ends where a fresh demo does."""
    from tests.reliability.hostile import SURROGATE_TITLE, cninfo_pdf_urls, page_body, recursive_pdf

    hostile = hostile_overlay(tmp_path / "overlay")
    page_path = tmp_path / "overlay" / "page.json"
    page = json.loads(page_path.read_text(encoding="utf-8"))
    used = {*hostile.values(), CNINFO_PDF_ID, ENCRYPTED_PDF_ID}
    surrogate = next(a for a in page["announcements"] if str(a["announcementId"]) not in used)
    surrogate["announcementTitle"] = SURROGATE_TITLE
    page_path.write_bytes(page_body(page))  # the lone surrogate travels as a JSON escape, as an API would send it
    used.add(str(surrogate["announcementId"]))
    recursing_id, recursing_url = next((i, u) for i, u in sorted(cninfo_pdf_urls().items()) if i not in used)
    sina = (DEMO_SNAPSHOT / "news").resolve()
    article = load_manifest(sina)[request_key("GET", NEWS_ARTICLE)].body_path.read_bytes()
    faults = [
        Fault("status", status=503, url="cde.org.cn/main/", method="POST"),
        Fault("truncate", url="search-api-web.eastmoney.com/search"),
        Fault("replace", url=f"^{CNINFO_PDF}$", body=b"<html>login first</html>", content_type="application/pdf"),
        Fault("replace", url=f"{ENCRYPTED_PDF_ID}\\.PDF$", body=make_pdf("secret"), content_type="application/pdf"),
        Fault("replace", url=f"^{recursing_url}$", body=recursive_pdf(), content_type="application/pdf"),
        Fault(
            "replace",
            url=f"^{NEWS_ARTICLE}$",
            body=article.replace("。".encode(), "。".encode() + b"\xff\xfe\xc3(", 3),
            content_type="text/html; charset=utf-8",
        ),
    ]
    roots = [*sorted(p.parent for p in DEMO_SNAPSHOT.glob("*/manifest.jsonl")), tmp_path / "overlay"]
    data = tmp_path / "data"
    data.mkdir()
    with fault_server(*faults, roots=roots) as server:
        done = run_cli(["run", "--offline"], cli_env(data, airflow_env(airflow_home), CGTWATCH_ROUTE_ALL_TO=server.url))
    db = data / "demo.duckdb"
    assert done.returncode == 1, done.stderr[-3000:]
    status = dict(query(db, "SELECT source, status FROM run_sources"))
    expected = dict.fromkeys(("cninfo", "news", "nmpa", "policy"), "ok")
    assert status == {**expected, "cde": "failed", "eastmoney": "failed"}
    reasons = dict(query(db, "SELECT native_id, reason FROM quarantine WHERE source = 'cninfo'"))
    assert "RecursionError" in reasons[recursing_id]
    assert "title_length" in reasons[hostile["long"]]
    # The surrogate is repaired at parse (replaced, and the repair noted); its neighbours all load.
    title, metadata = query(
        db, "SELECT title, metadata FROM documents WHERE native_id = ?", [str(surrogate["announcementId"])]
    )[0]
    assert title == SURROGATE_TITLE.replace("\ud800", "\ufffd")
    assert "lone surrogates replaced" in json.loads(metadata)["repaired"]
    # Every loaded document was tagged and validated: none without its transform state.
    untagged = "SELECT count(*) FROM documents LEFT JOIN transform_state t USING (doc_id) WHERE t.doc_id IS NULL"
    assert query(db, untagged) == [(0,)]
    # The windows of the sources with failures or quarantined documents were not marked covered.
    assert {r[0] for r in query(db, "SELECT source FROM ingest_state")} == {"news", "nmpa", "policy"}
    # A plain run afterwards (no --refetch) fetches what is missing and ends where a fresh demo does.
    assert_next_run_equals_a_fresh_demo(data, demo_run[1], airflow_home)
    # The bad records stay in quarantine with their reasons.
    kept = {r[0] for r in query(db, "SELECT native_id FROM quarantine WHERE source = 'cninfo'")}
    assert {recursing_id, hostile["long"]} <= kept
