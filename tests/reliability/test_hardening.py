"""Issue #17: one bad record must not cost a run its data; bounded tagging; safe export and query; fast failures.

Each test reproduces one case of the issue through the production code path (the stages, the CLI in a
subprocess, the real DuckDB and Airflow set-up) and fails on the code before the fix.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from cgtwatch import pipeline
from cgtwatch.config import Settings, placeholder_secrets, refuse_placeholder_secrets
from cgtwatch.digest import digest_task, write_digest
from cgtwatch.errors import ParseError, WarehouseBusyError
from cgtwatch.pipeline import RunPlan
from cgtwatch.snapshot_server import Fault
from extractors.base import FetchWindow
from tests.conftest import ROOT, airflow_env, run_cli
from tests.reliability.harness import FAST_HTTP, fault_server, run_source, snapshot_window
from tests.reliability.hostile import cninfo_pdf_urls, recursive_pdf, surrogate_fault, surrogate_page
from transforms.engine import MAX_PIECE_CHARS, TransformEngine, split_pieces
from transforms.types import InputDocument
from warehouse.db import open_writer


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> TransformEngine:
    return TransformEngine(tmp_dir=str(tmp_path_factory.mktemp("jieba")))


def data_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {"CGTWATCH_DATA_DIR": str(data_dir), **FAST_HTTP, **extra}


def empty_warehouse(data_dir: Path, name: str = "warehouse.duckdb") -> Path:
    """A migrated, empty warehouse in ``data_dir``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / name
    with open_writer(path, "setup"):
        pass
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------ 1. one bad record, one source


@pytest.mark.integration
def test_lone_surrogate_in_a_cninfo_title_is_repaired_at_parse_and_noted(tmp_path):
    body, native_id = surrogate_page()
    with fault_server(surrogate_fault(body)) as server:
        result = run_source("cninfo", server.url, tmp_path)
    assert result.parse["parsed"] == 47
    (row,) = [r for r in result.staged if r["native_id"] == native_id]
    assert row["title"] == "干细胞公告\ufffd（修订稿）"
    assert "lone surrogates replaced" in row["metadata"]["repaired"]
    assert "title" in row["metadata"]["repaired"]


@pytest.mark.integration
def test_pdf_that_makes_pypdf_recurse_quarantines_that_document_only(tmp_path):
    pdf_id, pdf_url = sorted(cninfo_pdf_urls().items())[0]
    fault = Fault("replace", url=f"^{pdf_url}$", body=recursive_pdf(), content_type="application/pdf")
    with fault_server(fault) as server:
        result = run_source("cninfo", server.url, tmp_path)
    (rejected,) = result.rejected
    assert rejected["native_id"] == pdf_id
    assert "RecursionError" in rejected["reason"]
    assert result.parse["parsed"] == 46


@pytest.mark.unit
def test_pdf_reading_is_bounded_in_time_and_the_reader_restarts():
    from extractors.pdf_worker import PdfWorker, PdfWorkerError
    from tests.reliability.test_faults import make_pdf

    # Starting the child alone takes longer than this budget: the read is stopped, not waited for.
    worker = PdfWorker(timeout_s=0.001)
    try:
        with pytest.raises(PdfWorkerError, match="longer than"):
            worker.read(make_pdf(""))
        worker.timeout_s = 60
        assert worker.read(make_pdf("")) == {"pages": [""]}
        with pytest.raises(PdfWorkerError, match="RecursionError"):
            worker.read(recursive_pdf())
        assert worker.read(make_pdf("")) == {"pages": [""]}  # the same child goes on after a hostile file
    finally:
        worker.close()


def staged_run(tmp_path: Path, server_url: str, sources: tuple[str, ...]) -> tuple[Settings, RunPlan]:
    """Settings and a plan over the snapshot window for ``sources``; fetch and parse already run."""
    settings = Settings.from_env(
        {"CGTWATCH_OFFLINE": "1", "CGTWATCH_ROUTE_ALL_TO": server_url, **data_env(tmp_path / "data")}
    )
    window = FetchWindow(date(2025, 1, 1), date(2025, 12, 31))
    plan = RunPlan("isolation-run", sources, window, datetime.now(UTC), offline=True, refetch=True)
    for source in sources:
        pipeline.fetch_stage(settings, plan, source)
        pipeline.parse_stage(settings, plan, source)
    return settings, plan


@pytest.mark.integration
def test_a_crashed_transform_keeps_its_source_out_while_the_others_load(tmp_path, monkeypatch):
    with fault_server() as server:
        settings, plan = staged_run(tmp_path, server.url, ("cninfo", "policy"))
    pipeline.transform_stage(settings, plan, "policy")
    pipeline.validate_stage(settings, plan, "policy")

    def broken(self: Any, doc: InputDocument) -> Any:
        raise MemoryError("tagger ran out of memory")

    with monkeypatch.context() as patch:
        patch.setattr(TransformEngine, "extract", broken)
        with pytest.raises(MemoryError):
            pipeline.transform_stage(settings, plan, "cninfo")
    # validate never ran for cninfo (Airflow marks it upstream_failed); load runs all the same.
    summary = pipeline.load_stage(settings, plan)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        loaded = dict(con.execute("SELECT source, count(*) FROM documents GROUP BY 1").fetchall())
        states = {r[0] for r in con.execute("SELECT source FROM ingest_state").fetchall()}
        reason = con.execute("SELECT reason FROM run_sources WHERE source = 'cninfo'").fetchone()[0]
    finally:
        con.close()
    assert loaded == {"policy": 12}  # nothing untagged or unvalidated reached the warehouse
    assert states == {"policy"}  # cninfo's window is fetched again next run
    assert "transform task did not finish" in reason
    assert "MemoryError: tagger ran out of memory" in reason
    assert {s["source"]: s["status"] for s in summary["sources"]} == {"cninfo": "failed", "policy": "ok"}
    assert not (settings.staging_dir / plan.key).exists()  # a finished run's staging directory is removed


@pytest.mark.integration
def test_a_document_the_tagger_cannot_handle_is_quarantined_and_the_rest_tagged(tmp_path, monkeypatch):
    with fault_server() as server:
        settings, plan = staged_run(tmp_path, server.url, ("policy",))
    stage = settings.staging_dir / plan.key
    victim = json.loads((stage / "policy.documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    real = TransformEngine.extract

    def flaky(self: TransformEngine, doc: InputDocument) -> Any:
        if doc.id == victim["doc_id"]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, doc)

    monkeypatch.setattr(TransformEngine, "extract", flaky)
    report = pipeline.transform_stage(settings, plan, "policy")
    assert (report["documents"], report["failed"]) == (11, 1)
    staged = [json.loads(x) for x in (stage / "policy.documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert victim["doc_id"] not in {d["doc_id"] for d in staged}
    (quarantined,) = [json.loads(x) for x in (stage / "policy.rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (quarantined["stage"], quarantined["native_id"]) == ("transform", victim["native_id"])
    assert "RecursionError" in quarantined["reason"]


# ------------------------------------------------------------------------------ 2. bounded tagging


@pytest.mark.integration
def test_oversized_documents_are_caught_before_tagging(tmp_path, monkeypatch):
    with fault_server() as server:
        settings, plan = staged_run(tmp_path, server.url, ("policy",))
    path = settings.staging_dir / plan.key / "policy.documents.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["title"] = "干细胞" + "长" * 1_000_000
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    tagged: list[int] = []
    real = TransformEngine.extract

    def counting(self: TransformEngine, doc: InputDocument) -> Any:
        tagged.append(len(doc.title or ""))
        return real(self, doc)

    monkeypatch.setattr(TransformEngine, "extract", counting)
    report = pipeline.transform_stage(settings, plan, "policy")
    assert report["oversize"] == 1
    assert len(tagged) == 11
    assert max(tagged) < 1_000  # the 1 MB title never reached the tagger
    pipeline.validate_stage(settings, plan, "policy")
    rejected = (settings.staging_dir / plan.key / "policy.rejected.jsonl").read_text(encoding="utf-8")
    assert "title_length" in rejected  # validation still quarantines it, with its reason


@pytest.mark.unit
def test_long_fields_are_cut_into_bounded_pieces_at_sentence_ends():
    text = ("间充质干细胞治疗临床试验进展顺利。" * 2000) + "x" * (3 * MAX_PIECE_CHARS)
    pieces = split_pieces(text)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= MAX_PIECE_CHARS for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert pieces[0][1].endswith("。")  # cut after a sentence, not inside one


@pytest.mark.unit
def test_long_documents_are_tagged_in_pieces_with_offsets_into_the_original(engine):
    sentence = "2025年1月2日，国家药监局附条件批准艾米迈托赛注射液上市。"
    filler = "行业资讯与市场评论持续更新。" * (MAX_PIECE_CHARS // 14 + 10)
    text = filler + sentence + filler + sentence
    assert len(text) > 2 * MAX_PIECE_CHARS
    result = engine.extract(InputDocument(id="long", text=text, title="长文", published_at="2025-01-03"))
    drugs = [e for e in result.entities if e.type == "drug"]
    assert len(drugs) >= 2
    assert max(e.start for e in drugs) > MAX_PIECE_CHARS  # found in a later piece
    for entity in result.entities:
        assert text[entity.start : entity.end] == entity.text
    for event in result.events:
        assert text[event.evidence_start : event.evidence_end] == event.evidence


@pytest.mark.unit
@pytest.mark.parametrize("dag_file", ["cgtwatch_ingest.py", "cgtwatch_production.py"])
def test_every_dag_task_has_an_execution_timeout(dag_file):
    import importlib.util

    from airflow.sdk import DAG

    spec = importlib.util.spec_from_file_location(f"timeout_{dag_file[:-3]}", ROOT / "dags" / dag_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dags = [v for v in vars(module).values() if isinstance(v, DAG)]
    assert dags
    for dag in dags:
        for task in dag.tasks:
            assert task.execution_timeout is not None, (dag.dag_id, task.task_id)


# ------------------------------------------------------------------------------ 3. Airflow set-up, Ctrl-C


PREPARE = "import sys; from cgtwatch.embedded import prepare_airflow_env; prepare_airflow_env()"


@pytest.mark.integration
def test_first_airflow_setup_survives_interruption_and_racing_runs(tmp_path):
    from cgtwatch.embedded import metadata_db_complete

    home = tmp_path / "af"
    env = {**os.environ, **airflow_env(home)}
    env.pop("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", None)
    # An incomplete DB from an interrupted set-up of an older release: detected and rebuilt.
    home.mkdir()
    import sqlite3

    con = sqlite3.connect(home / "airflow.db")
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
    con.commit()
    con.close()
    assert not metadata_db_complete(home / "airflow.db")
    # Ctrl-C part-way through the set-up leaves no database that looks usable.
    setup = subprocess.Popen([sys.executable, "-c", PREPARE], env=env, cwd=tmp_path, start_new_session=True)
    time.sleep(4)
    os.killpg(setup.pid, signal.SIGINT)
    setup.wait(timeout=60)
    assert not (home / "airflow.db").exists() or metadata_db_complete(home / "airflow.db")
    # Two first runs at once: serialised by the set-up lock, both succeed on one complete database.
    racers = [subprocess.Popen([sys.executable, "-c", PREPARE], env=env, cwd=tmp_path) for _ in range(2)]
    assert [r.wait(timeout=300) for r in racers] == [0, 0]
    assert metadata_db_complete(home / "airflow.db")
    assert not list(home.glob("airflow.db.partial*"))


@pytest.mark.integration
def test_ctrl_c_stops_the_whole_run_exits_130_and_leaves_nothing_half_loaded(tmp_path, airflow_home):
    data = tmp_path / "data"
    data.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CGTWATCH_")},
        **airflow_env(airflow_home),
        **data_env(data),
    }
    # One source keeps the test short; the run still goes through the same DAG runner and process group.
    args = ["run", "--offline", "--source", "policy"]
    cli = subprocess.Popen(
        [sys.executable, "-m", "cgtwatch", *args],
        env=env,
        cwd=data,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in cli.stderr:
        seen.append(line)
        if line.startswith("[parse]"):
            break
    cli.send_signal(signal.SIGINT)  # what Ctrl-C sends the CLI
    rest = cli.stderr.read()
    assert cli.wait(timeout=30) == 130, "".join(seen) + rest
    assert "interrupted" in rest
    # Nothing of the run is left running: no DAG runner child of this data directory.
    time.sleep(1)
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            assert not (b"cgtwatch.embedded" in cmdline and str(data).encode() in cmdline), cmdline
    db = data / "demo.duckdb"

    def state() -> tuple[int, int]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return (
                con.execute("SELECT count(*) FROM documents").fetchone()[0],
                con.execute("SELECT count(*) FROM runs").fetchone()[0],
            )
        finally:
            con.close()

    interrupted = state() if db.exists() else (0, 0)
    again = run_cli(args, {**airflow_env(airflow_home), **data_env(data)})
    assert again.returncode == 0, again.stderr[-3000:]
    complete, _ = state()
    assert complete > 0
    # Stopped before or after the load transaction, never inside it: nothing, or the whole source.
    assert interrupted in {(0, 0), (complete, 1)}


# ------------------------------------------------------------------------------ 4. export


@pytest.mark.integration
@pytest.mark.parametrize("name", ["it's here", "x'); COPY (SELECT 1) TO '/tmp/pwned.csv'; --", 'd"q'])
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_passes_the_path_safely_and_counts_files_written(tmp_path, name, fmt):
    data = tmp_path / "data"
    db = empty_warehouse(data)
    con = duckdb.connect(str(db), read_only=True)
    tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'").fetchone()[0]
    con.close()
    out = tmp_path / name
    done = run_cli(["export", str(out), "--format", fmt], data_env(data))
    assert done.returncode == 0, done.stderr
    written = sorted(out.glob(f"*.{fmt}"))
    assert len(written) == tables
    assert f"exported {tables} tables and views to {tables} {fmt} files" in " ".join(done.stdout.split())
    assert not Path("/tmp/pwned.csv").exists()


# ------------------------------------------------------------------------------ 5. query


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
        ("SELECT * FROM '/etc/hostname'", "query failed"),
        ("COPY (SELECT 1) TO '{out}'", "got a COPY statement"),
        ("ATTACH '{out}' AS x", "got a ATTACH statement"),
        ("SET enable_external_access = true", "got a SET statement"),
        ("PRAGMA version", "got a PRAGMA statement"),
        ("INSTALL httpfs", "statement"),
        ("SELECT 1; SELECT 2", "one statement at a time"),
        ("", "no SQL given"),
        ("   ;  ", "no SQL given"),
        ("selec 1", "query failed: Parser Error"),
        ("SELECT * FROM no_such_table", "query failed: Catalog Error"),
    ],
)
@pytest.mark.integration
def test_query_cannot_reach_outside_the_warehouse_and_fails_cleanly(tmp_path, sql, message):
    data = tmp_path / "data"
    empty_warehouse(data)
    out = tmp_path / "written.csv"
    done = run_cli(["query", sql.format(out=out)], data_env(data))
    assert done.returncode == 1
    assert message in " ".join(done.stderr.split()), done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.integration
def test_demo_query_never_touches_the_live_warehouse(tmp_path):
    data = tmp_path / "data"
    live = empty_warehouse(data)
    empty_warehouse(data, "demo.duckdb")
    before = sha(live)
    for sql in (f"COPY (SELECT 1 AS x) TO '{live}'", f"ATTACH '{live}' AS live", "CREATE TABLE x AS SELECT 1"):
        done = run_cli(["query", "--demo", sql], data_env(data))
        assert done.returncode == 1, sql
    assert sha(live) == before


@pytest.mark.integration
def test_query_rows_are_capped_with_a_clear_message(tmp_path):
    data = tmp_path / "data"
    empty_warehouse(data)
    done = run_cli(["query", "--csv", "--limit", "10", "SELECT range AS n FROM range(10000000)"], data_env(data))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", *map(str, range(10))]
    assert "showing the first 10 rows" in done.stderr
    described = run_cli(["query", "--json", "DESCRIBE documents"], data_env(data))
    assert described.returncode == 0, described.stderr
    assert '"column_name": "doc_id"' in described.stdout


# ------------------------------------------------------------------------------ 6. a reader holding the warehouse


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
time.sleep(120)
"""


def hold(db: Path, mode: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db), mode], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.mark.integration
def test_a_reader_holding_the_warehouse_fails_the_load_naming_the_lock_and_the_run_is_recorded(tmp_path):
    data = tmp_path / "data"
    db = empty_warehouse(data)
    settings = Settings.from_env({**data_env(data), "CGTWATCH_WAREHOUSE_LOCK_WAIT": "1"})
    window = snapshot_window("policy")
    blocked = RunPlan("blocked-run", ("policy",), window, datetime.now(UTC), offline=False)
    reader = hold(db, "ro")
    try:
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError, match="lock is held by") as caught:
            pipeline.load_stage(settings, blocked)
        assert time.monotonic() - started < 30
        assert f"PID {reader.pid}" in str(caught.value)
        assert "CGTWATCH_WAREHOUSE_LOCK_WAIT" in str(caught.value)
        assert "busy" in pipeline.deferred_failure_reason(settings, "blocked-run")
    finally:
        reader.kill()
        reader.wait()
    later = RunPlan("later-run", ("policy",), window, datetime.now(UTC), offline=False)
    pipeline.load_stage(settings, later)
    con = duckdb.connect(str(db), read_only=True)
    try:
        status, message = con.execute("SELECT status, message FROM runs WHERE run_id = 'blocked-run'").fetchone()
    finally:
        con.close()
    assert status == "failed"
    assert "lock is held by" in message
    assert pipeline.deferred_failure_reason(settings, "blocked-run") is None


@pytest.mark.integration
def test_the_weekly_digest_waits_out_a_load_holding_the_warehouse(tmp_path, monkeypatch):
    data = tmp_path / "data"
    db = empty_warehouse(data)
    for name, value in data_env(data, CGTWATCH_WAREHOUSE_LOCK_WAIT="60").items():
        monkeypatch.setenv(name, value)
    week = (datetime(2025, 3, 2, 16, tzinfo=UTC), datetime(2025, 3, 9, 16, tzinfo=UTC))
    writer = hold(db, "rw")
    try:
        # Someone typing a query is told at once that a load holds the file ...
        with pytest.raises(WarehouseBusyError, match=f"PID {writer.pid}"):
            write_digest(db, date(2025, 3, 3), date(2025, 3, 9), tmp_path / "out")
        # ... while the scheduled digest waits for the load to finish instead of failing its try.
        release = threading.Timer(2.0, writer.kill)
        release.start()
        written = digest_task(*week)
    finally:
        writer.kill()
        writer.wait()
    assert written["since"] == "2025-03-03"
    assert written["until"] == "2025-03-09"
    assert Path(written["html"]).is_file()
    assert Path(written["markdown"]).read_text(encoding="utf-8")


@pytest.mark.integration
def test_query_during_a_load_says_the_warehouse_is_busy(tmp_path):
    data = tmp_path / "data"
    db = empty_warehouse(data)
    writer = hold(db, "rw")
    try:
        done = run_cli(["query", "SELECT 1"], data_env(data))
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 1
    assert "is busy" in done.stderr
    assert "Traceback" not in done.stderr


# ------------------------------------------------------------------------------ 7. arguments checked first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "bogus"], "unknown source 'bogus'"),
        (["--since", "2025-02-01", "--until", "2025-01-01"], "--since 2025-02-01 is after --until 2025-01-01"),
        (["--since", "2025-13-01"], "--since must be YYYY-MM-DD"),
        (["--offline", "--source", "cde", "--source", "nope"], "unknown source 'nope'"),
    ],
)
@pytest.mark.integration
def test_bad_run_arguments_fail_before_airflow_starts(tmp_path, args, message):
    home = tmp_path / "never-created"
    done = run_cli(["run", *args], {**data_env(tmp_path), **airflow_env(home)})
    assert done.returncode == 1
    assert message in " ".join(done.stderr.split())
    assert not home.exists()  # Airflow was never set up, let alone started


@pytest.mark.integration
def test_a_corrupted_warehouse_fails_fast_and_says_corrupted(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db = data / "warehouse.duckdb"
    db.write_bytes(b"not a database " * 1000)
    home = tmp_path / "never-created"
    done = run_cli(["run", "--source", "cde"], {**data_env(data), **airflow_env(home)})
    assert done.returncode == 1
    assert "corrupted" in done.stderr
    assert str(db) in " ".join(done.stderr.split()).replace(" ", "") or db.name in done.stderr
    assert not home.exists()
    queried = run_cli(["query", "SELECT 1"], data_env(data))
    assert queried.returncode == 1
    assert "corrupted" in queried.stderr


@pytest.mark.integration
def test_a_source_that_sent_nothing_is_not_validated(tmp_path):
    settings = Settings.from_env(data_env(tmp_path / "data"))
    plan = RunPlan("all-failed", ("policy",), snapshot_window("policy"), datetime.now(UTC), offline=False)
    stage = settings.staging_dir / plan.key
    stage.mkdir(parents=True)
    (stage / "policy.fetch.json").write_text(json.dumps({"status": "failed", "reason": "HTTP 503"}))
    report = pipeline.validate_stage(settings, plan, "policy")
    assert report["suites"] == 0  # no Great Expectations context built for a source that sent nothing


# ------------------------------------------------------------------------------ 8. extract


BAD_LINES = [
    (b'{"id": "a", "text": "\xff\xfe bad bytes"}', "invalid UTF-8 at byte"),
    (b"\x00\x01\x02binary\x00", "binary data"),
    (b'{"id": "s", "text": "\\ud800 lone"}', "lone surrogate (U+D800)"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b"[1, 2]", "expected a JSON object, got list"),
    (b'"just a string"', "expected a JSON object, got str"),
]


@pytest.mark.unit
@pytest.mark.parametrize(("bad", "message"), BAD_LINES, ids=["utf8", "binary", "surrogate", "nesting", "list", "str"])
def test_extract_rejects_each_bad_line_with_its_number_and_processes_the_rest(engine, bad, message):
    from transforms.extract_cli import run_extract

    good = json.dumps({"id": "ok", "text": "国家药监局批准艾米迈托赛注射液上市。"}, ensure_ascii=False).encode()
    out, err = io.StringIO(), io.StringIO()
    code = run_extract(io.BytesIO(good + b"\n" + bad + b"\n" + good + b"\n"), out, err, engine=engine)
    assert code == 1
    assert err.getvalue().startswith("line 2: ")
    assert message in err.getvalue()
    assert [json.loads(x)["id"] for x in out.getvalue().splitlines()] == ["ok", "ok"]


@pytest.mark.integration
def test_extract_cli_exit_codes_and_its_own_jieba_cache(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    good = json.dumps({"id": "ok", "text": "国家药监局批准艾米迈托赛注射液上市。"}, ensure_ascii=False).encode()
    path = tmp_path / "in.jsonl"
    path.write_bytes(good + b"\n" + b'{"id": "x", "text": "\xff"}\n' + good + b"\n")
    mixed = run_cli(["extract", str(path)], data_env(data))
    assert mixed.returncode == 1
    assert len(mixed.stdout.splitlines()) == 2
    assert "line 2: invalid UTF-8" in mixed.stderr
    assert list((data / "cache" / "jieba").glob("jieba*.cache"))  # the project's cache, not /tmp/jieba.cache
    missing = run_cli(["extract", str(tmp_path / "missing.jsonl")], data_env(data))
    assert missing.returncode == 2
    assert "No such file" in missing.stderr


# ------------------------------------------------------------------------------ 9. smaller items


@pytest.mark.integration
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_is_one_clear_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "干细胞" * 5000}, ensure_ascii=False) + "\n", encoding="utf-8")
    done = run_cli(["extract", str(path), "-o", "/dev/full"], data_env(tmp_path))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines == ["error: disk full (no space left on device); free space and run again"], done.stderr


@pytest.mark.integration
def test_failed_nmpa_attachment_is_quarantined_not_loaded_truncated(tmp_path):
    fault = Fault("status", status=404, url=r"www\.nmpa\.gov\.cn/.*\.pdf$")
    with fault_server(fault) as server:
        result = run_source("nmpa", server.url, tmp_path)
    assert result.fetch["status"] == "ok"
    assert result.rejected, "an article with a failed attachment must not be staged as complete"
    for row in result.rejected:
        assert "incomplete" in row["reason"]
        assert "HTTP 404" in row["reason"]
    staged_ids = {r["native_id"] for r in result.staged}
    assert staged_ids.isdisjoint({r["native_id"] for r in result.rejected})


@pytest.mark.unit
def test_placeholder_secrets_are_refused_and_8080_is_published_on_loopback_only(tmp_path, capsys):
    import yaml

    env = {"POSTGRES_PASSWORD": "change-me", "AIRFLOW_ADMIN_PASSWORD": "s3cret"}
    assert placeholder_secrets(env) == ["POSTGRES_PASSWORD"]
    assert placeholder_secrets({"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": "postgresql://a:change-me@db/x"}) == [
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"
    ]
    dotenv = tmp_path / ".env"
    dotenv.write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    assert refuse_placeholder_secrets({}, env_file=str(dotenv)) == 1
    assert "AIRFLOW_JWT_SECRET is still 'change-me'" in capsys.readouterr().err
    assert refuse_placeholder_secrets({"AIRFLOW_ADMIN_PASSWORD": "s3cret"}) == 0
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    for service in compose["services"].values():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), port
    assert "refuse_placeholder_secrets" in compose["services"]["airflow-init"]["command"][1]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    airflow_target = makefile.split("\nairflow:", 1)[1].split("\n\n", 1)[0]
    assert "refuse_placeholder_secrets" in airflow_target
    assert "AIRFLOW__API__HOST=127.0.0.1" in airflow_target


@pytest.mark.unit
def test_parse_errors_of_hostile_payloads_become_quarantine_reasons():
    from extractors.base import RawDocument, RawPayload, parse_guarded

    raw = RawDocument("news", "x", RawPayload("https://example.org/x", 200, "text/html", b"", datetime.now(UTC)))

    def deep(_raw: RawDocument) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    with pytest.raises(ParseError, match="RecursionError"):
        parse_guarded(deep, raw, "news article")
