"""Warehouse: migrations, idempotent document upsert, versions, quarantine, single writer."""

from __future__ import annotations

import json
import multiprocessing
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cgtwatch.errors import WarehouseError
from warehouse import loaders
from warehouse.db import migrate, migrations, open_reader, open_writer, schema_version

pytestmark = pytest.mark.unit
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def doc_row(doc_id: str, content_hash: str = "h1", title: str = "关于干细胞注射液获得临床试验批准的公告") -> dict:
    return {
        "doc_id": doc_id,
        "source": "cninfo",
        "native_id": doc_id,
        "url": f"http://www.cninfo.com.cn/new/disclosure/detail?announcementId={doc_id}",
        "title": title,
        "published_at": "2025-03-04T00:00:00+08:00",
        "doc_type": "announcement",
        "language": "zh",
        "company_code": "600645",
        "company_name": "中源协和",
        "attachment_url": None,
        "body_text": "正文",
        "metadata": {"orgId": "gssh0600645"},
        "content_hash": content_hash,
        "raw_ref": "cninfo/objects/ab/abc.json",
    }


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_migrations_are_numbered_and_apply_once(tmp_path):
    versions = [m.version for m in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert migrate(con) == versions
    assert migrate(con) == []
    assert schema_version(con) == versions[-1]
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"runs", "run_sources", "documents", "document_versions", "quarantine", "schema_migrations"} <= tables


def test_upsert_is_idempotent_and_versions_changed_documents(tmp_path):
    db = tmp_path / "w.duckdb"
    staged = write_jsonl(tmp_path / "a.jsonl", [doc_row("1"), doc_row("2"), doc_row("2")])
    with open_writer(db, "run-1") as con:
        first = loaders.upsert_documents(con, [staged], "run-1", NOW)
    assert first == {"cninfo": loaders.UpsertCounts(new=2, updated=0, unchanged=0)}
    with open_writer(db, "run-2") as con:
        before = con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
        second = loaders.upsert_documents(con, [staged], "run-2", NOW)
        after = con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
    assert second == {"cninfo": loaders.UpsertCounts(new=0, updated=0, unchanged=2)}
    assert before == after
    changed = write_jsonl(tmp_path / "b.jsonl", [doc_row("1", content_hash="h2", title="更正后的标题")])
    with open_writer(db, "run-3") as con:
        third = loaders.upsert_documents(con, [changed], "run-3", NOW)
        row = con.execute("SELECT title, version, load_id, first_run_id FROM documents WHERE doc_id = '1'").fetchone()
        count = con.execute("SELECT count(*) FROM documents").fetchone()
    assert third == {"cninfo": loaders.UpsertCounts(new=0, updated=1, unchanged=0)}
    assert row == ("更正后的标题", 2, "run-3", "run-1")
    assert count == (2,)
    with open_writer(db, "run-4") as con:
        history = con.execute("SELECT doc_id, version, title, load_id FROM document_versions ORDER BY 1, 2").fetchall()
    assert history == [
        ("1", 1, "关于干细胞注射液获得临床试验批准的公告", "run-1"),
        ("1", 2, "更正后的标题", "run-3"),
        ("2", 1, "关于干细胞注射液获得临床试验批准的公告", "run-1"),
    ]


def test_missing_staged_files_load_nothing(tmp_path):
    with open_writer(tmp_path / "w.duckdb", "run-1") as con:
        assert loaders.upsert_documents(con, [tmp_path / "absent.jsonl"], "run-1", NOW) == {}


def test_quarantine_does_not_repeat_across_runs(tmp_path):
    rows = [
        {
            "quarantine_id": "q1",
            "source": "cninfo",
            "stage": "parse",
            "native_id": "9",
            "reason": "attachment is not a PDF",
            "raw_ref": "r",
            "row_json": {"url": "u"},
        }
    ]
    staged = write_jsonl(tmp_path / "q.jsonl", rows)
    db = tmp_path / "w.duckdb"
    with open_writer(db, "run-1") as con:
        assert loaders.quarantine_rows(con, [staged], "run-1", NOW) == 1
    with open_writer(db, "run-2") as con:
        assert loaders.quarantine_rows(con, [staged], "run-2", NOW) == 0
        assert con.execute("SELECT run_id, reason FROM quarantine").fetchall() == [("run-1", "attachment is not a PDF")]


def _hold_writer(db: str, seconds: float, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    with open_writer(Path(db), "holder-run", wait_s=1):
        ready.set()
        time.sleep(seconds)


def test_second_writer_gets_an_error_naming_the_holder(tmp_path):
    db = tmp_path / "w.duckdb"
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_writer, args=(str(db), 5.0, ready))
    holder.start()
    try:
        assert ready.wait(30)
        with (
            pytest.raises(WarehouseError, match=r"being written by run holder-run \(pid \d+"),
            open_writer(db, "second-run", wait_s=0.5),
        ):
            pass
    finally:
        holder.join(30)
    with open_writer(db, "third-run", wait_s=5) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)


def test_reader_explains_a_missing_warehouse(tmp_path):
    with pytest.raises(WarehouseError, match="no warehouse at"), open_reader(tmp_path / "none.duckdb"):
        pass


def test_upgrading_an_older_warehouse_keeps_its_data(tmp_path):
    """A warehouse left at schema v1 (the first release) upgrades in place without losing a row."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    migrate(con, target=1)
    assert schema_version(con) == 1
    staged = write_jsonl(tmp_path / "a.jsonl", [doc_row("1"), doc_row("2")])
    loaders._stage(con, "stage_documents", [staged], loaders.STAGED_DOCUMENT_COLUMNS)
    con.execute(
        "INSERT INTO documents BY NAME SELECT *, 1 AS version, now() AS first_seen_at, 'old-run' AS first_run_id, "
        "now() AS updated_at, 'old-run' AS load_id FROM stage_documents"
    )
    con.execute(
        "INSERT INTO runs VALUES ('old-run', now(), now(), 'ok', '2025-01-01', '2025-01-31', false, ['cninfo'], null)"
    )
    con.execute("INSERT INTO run_sources (run_id, source, status, fetched) VALUES ('old-run', 'cninfo', 'ok', 2)")
    before = con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
    con.close()
    with open_writer(db, "new-run") as con:
        assert schema_version(con) == migrations()[-1].version
        assert con.execute("SELECT * FROM documents ORDER BY doc_id").fetchall() == before
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        assert con.execute("SELECT doc_id, version, load_id FROM document_versions ORDER BY 1").fetchall() == [
            ("1", 1, "old-run"),
            ("2", 1, "old-run"),
        ]
        assert con.execute("SELECT dq_warnings, pages, skipped FROM run_sources").fetchall() == [(0, 0, 0)]
        # A source that ran before the sources table existed is known from its runs.
        assert con.execute("SELECT source, schedule FROM sources").fetchall() == [("cninfo", "unknown")]
        assert con.execute("SELECT run_id, source, fetched FROM source_health").fetchall() == [("old-run", "cninfo", 2)]
        upsert = loaders.upsert_documents(con, [staged], "new-run", NOW)
    assert upsert == {"cninfo": loaders.UpsertCounts(new=0, updated=0, unchanged=2)}


def test_registered_sources_are_upserted(tmp_path):
    with open_writer(tmp_path / "w.duckdb", "r1") as con:
        loaders.register_sources(con, [("cde", "CDE lists", "@daily"), ("news", "news", "@hourly")], NOW)
        later = datetime(2025, 7, 1, tzinfo=UTC)
        loaders.register_sources(con, [("cde", "CDE acceptance and IND lists", "0 6 * * *")], later)
        rows = con.execute("SELECT source, description, schedule, registered_at, updated_at FROM sources ORDER BY 1")
        assert rows.fetchall() == [
            ("cde", "CDE acceptance and IND lists", "0 6 * * *", NOW, later),
            ("news", "news", "@hourly", NOW, NOW),
        ]


def test_run_record_keeps_every_health_figure(tmp_path):
    run = loaders.RunRecord(
        run_id="r1",
        started_at=NOW,
        finished_at=NOW,
        status="partial",
        window_start=NOW.date(),
        window_end=NOW.date(),
        offline=True,
        sources=["cde", "nmpa"],
        message="nmpa: blocked",
    )
    health = [
        {"source": "cde", "status": "ok", "requests": 9, "pages": 4, "bytes": 1000, "not_modified": 2, "skipped": 3},
        {"source": "nmpa", "status": "blocked", "reason": "blocked by an anti-bot challenge (HTTP 412)"},
    ]
    with open_writer(tmp_path / "w.duckdb", "r1") as con:
        loaders.record_run(con, run, health)
        loaders.record_run(con, run, health)  # re-recording replaces
        rows = con.execute(
            "SELECT source, status, reason, requests, pages, bytes, not_modified, skipped, loaded "
            "FROM source_health ORDER BY source"
        ).fetchall()
    assert rows == [
        ("cde", "ok", None, 9, 4, 1000, 2, 3, 0),
        ("nmpa", "blocked", "blocked by an anti-bot challenge (HTTP 412)", 0, 0, 0, 0, 0, 0),
    ]


def test_lexicon_seeding_is_idempotent_and_updates_owners(tmp_path):
    entries = [("drug", "艾米迈托赛注射液", ("睿铂生", "艾米迈托赛注射液"), "铂生卓越"), ("region", "上海", (), None)]
    with open_writer(tmp_path / "w.duckdb", "r1") as con:
        loaders.seed_lexicon(con, entries, NOW)
        loaders.seed_lexicon(con, [("drug", "艾米迈托赛注射液", ("睿铂生", "Aimi Maitosai"), "铂生卓越生物")], NOW)
        entities = con.execute("SELECT entity_type, canonical, owner FROM entities ORDER BY 1").fetchall()
        aliases = con.execute("SELECT alias FROM entity_aliases ORDER BY 1").fetchall()
    assert entities == [("drug", "艾米迈托赛注射液", "铂生卓越生物"), ("region", "上海", None)]
    assert aliases == [("Aimi Maitosai",), ("睿铂生",)]
