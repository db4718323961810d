"""The committed GX project equals what the code builds, and suites cover every source."""

from __future__ import annotations

import json

import pytest

from expectations.project import committed_files, render_project
from expectations.settings import GX_DIR
from expectations.suites import build_suites
from extractors.registry import SOURCES

pytestmark = pytest.mark.unit


def test_committed_project_matches_code():
    wanted, committed = render_project(), committed_files(GX_DIR)
    drift = sorted(rel for rel in set(wanted) | set(committed) if wanted.get(rel) != committed.get(rel))
    assert not drift, f"run `python -m expectations.sync`; out of sync: {drift}"


def test_generated_output_is_not_committed():
    assert (GX_DIR / ".gitignore").read_text(encoding="utf-8").splitlines() == ["uncommitted/"]
    config = (GX_DIR / "great_expectations.yml").read_text(encoding="utf-8")
    assert "${CGTWATCH_GX_RESULTS_DIR}" in config
    assert "${CGTWATCH_GX_DOCS_DIR}" in config
    assert not (GX_DIR / "uncommitted").exists()


def test_a_raw_suite_per_registered_source():
    names = set(build_suites())
    assert {f"raw_documents.{s}" for s in SOURCES} <= names
    assert {"documents.staged", "entity_mentions.staged", "events.staged"} <= names


def test_every_expectation_has_a_deliberate_severity_and_stable_id():
    ids = []
    for rel, text in render_project().items():
        if rel.startswith("expectations/"):
            for expectation in json.loads(text)["expectations"]:
                assert expectation["severity"] in {"critical", "warning"}
                ids.append(expectation["id"])
    assert len(ids) == len(set(ids))
    assert render_project() == render_project()
