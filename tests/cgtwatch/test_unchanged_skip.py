"""A re-run over documents the warehouse already holds re-tags and re-validates none of them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cgtwatch import pipeline
from cgtwatch.cli import SNAPSHOT_DIR
from cgtwatch.config import Settings
from cgtwatch.snapshot_server import SnapshotServer
from warehouse.db import open_reader, open_writer

pytestmark = pytest.mark.integration
SOURCE = "policy"


@pytest.fixture(scope="module")
def server():
    replay = SnapshotServer([SNAPSHOT_DIR / SOURCE]).start()
    yield replay
    replay.stop()


def run(settings: Settings, run_id: str) -> dict[str, Any]:
    params = {"sources": [SOURCE], "since": "2025-01-01", "until": "2025-12-31", "refetch": True}
    plan = pipeline.plan_run(params, run_id, datetime.now(UTC), settings)
    reports = {
        stage.__name__: stage(settings, plan, SOURCE)
        for stage in (pipeline.fetch_stage, pipeline.parse_stage, pipeline.transform_stage, pipeline.validate_stage)
    }
    # Read before the load, which removes the run's staging directory once the run is recorded.
    staged = settings.staging_dir / plan.key / f"{SOURCE}.mentions.jsonl"
    reports["tagged_doc_ids"] = {json.loads(line)["doc_id"] for line in staged.read_text(encoding="utf-8").splitlines()}
    return {**reports, "summary": pipeline.load_stage(settings, plan)}


def tag_counts(settings: Settings) -> dict[str, int]:
    with open_reader(settings.warehouse_path) as con:
        return {
            table: int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
            for table in ("entity_mentions", "event_evidence", "events")
        }


def test_rerun_skips_known_documents_and_a_new_lexicon_processes_them_again(tmp_path: Path, server, monkeypatch):
    settings = Settings.from_env(
        {"CGTWATCH_OFFLINE": "1", "CGTWATCH_DATA_DIR": str(tmp_path), "CGTWATCH_ROUTE_ALL_TO": server.url}
    )
    cold = run(settings, "cold")
    parsed = cold["parse_stage"]["parsed"]
    assert parsed > 5
    assert cold["parse_stage"]["unchanged_known"] == 0
    assert cold["transform_stage"]["documents"] == parsed
    assert cold["validate_stage"]["suites"] == 4
    docs_index = Path(cold["summary"]["data_docs"])
    built_at = docs_index.stat().st_mtime_ns

    warm = run(settings, "warm")
    assert warm["parse_stage"]["unchanged_known"] == parsed
    assert warm["transform_stage"]["documents"] == 0
    assert warm["validate_stage"]["suites"] == 0
    assert docs_index.stat().st_mtime_ns == built_at  # nothing validated: Data Docs left as they were
    (row,) = warm["summary"]["sources"]
    assert (row["status"], row["unchanged"], row["skipped"], row["loaded"]) == ("no_new_data", parsed, parsed, 0)

    counts = tag_counts(settings)
    assert counts["entity_mentions"] > 0
    with open_reader(settings.warehouse_path) as con:
        health = con.execute("SELECT run_id, skipped FROM source_health ORDER BY started_at").fetchall()
    assert health == [("cold", 0), ("warm", parsed)]

    # Tagging rules changed: the stored tags are stale, so every document goes through again.
    monkeypatch.setattr(pipeline, "lexicon_version", lambda: "a-newer-lexicon")
    retag = run(settings, "retag")
    assert retag["parse_stage"]["unchanged_known"] == 0
    assert retag["transform_stage"]["documents"] == parsed
    assert tag_counts(settings) == counts
    with open_reader(settings.warehouse_path) as con:
        seeded = con.execute("SELECT value FROM warehouse_state WHERE key = 'seeded_lexicon_version'").fetchone()
    assert seeded == ("a-newer-lexicon",)


def test_a_changed_document_is_processed_while_the_others_are_skipped(tmp_path: Path, server):
    settings = Settings.from_env(
        {"CGTWATCH_OFFLINE": "1", "CGTWATCH_DATA_DIR": str(tmp_path), "CGTWATCH_ROUTE_ALL_TO": server.url}
    )
    cold = run(settings, "cold")
    parsed = cold["parse_stage"]["parsed"]
    # An editor fixed one stored document's text since: the warehouse version no longer matches.
    with open_writer(settings.warehouse_path, "edit") as con:
        doc_id = con.execute("SELECT min(doc_id) FROM documents").fetchall()[0][0]
        con.execute("UPDATE documents SET content_hash = 'stale' WHERE doc_id = ?", [doc_id])
    warm = run(settings, "warm")
    assert warm["parse_stage"]["unchanged_known"] == parsed - 1
    assert warm["transform_stage"]["documents"] == 1
    assert warm["validate_stage"]["suites"] == 4
    assert warm["tagged_doc_ids"] == {doc_id}


def test_a_warehouse_left_part_migrated_counts_as_empty(tmp_path: Path):
    """A first load killed before its migrations finished leaves a file without the later tables."""
    import duckdb

    from warehouse.db import migrate

    settings = Settings.from_env({"CGTWATCH_OFFLINE": "1", "CGTWATCH_DATA_DIR": str(tmp_path)})
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse_path))
    migrate(con, target=1)
    con.close()
    assert pipeline.read_ingest_state(settings, SOURCE) is None
    assert pipeline._known_documents(settings, {"doc": "hash"}) == set()
    assert pipeline._row_count_history(settings, SOURCE) == []


@pytest.mark.unit
def test_the_version_stamp_changes_with_the_transform_code(tmp_path, monkeypatch):
    # A release that changes how events are read must re-tag stored documents, not mix old and new readings.
    (tmp_path / "rules.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "_TRANSFORMS_DIR", tmp_path)
    before = pipeline.rules_digest.__wrapped__()
    (tmp_path / "rules.py").write_text("A = 2\n", encoding="utf-8")
    assert pipeline.rules_digest.__wrapped__() != before
    assert f"+rules-{pipeline.rules_digest()}" in pipeline.lexicon_version()
