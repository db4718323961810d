"""The generated corpus is deterministic, lazy and in the loader's staged-row format."""

from __future__ import annotations

import types

import pytest

from benchmarks.corpus import document_text, generate_documents
from warehouse.loaders import STAGED_DOCUMENT_COLUMNS

pytestmark = pytest.mark.unit


def test_same_seed_same_documents_and_slices_match():
    first = list(generate_documents(40, seed=7))
    assert first == list(generate_documents(40, seed=7))
    assert first[10:15] == list(generate_documents(5, seed=7, start=10))
    assert first != list(generate_documents(40, seed=8))


def test_rows_have_the_staged_columns_and_unique_ids():
    rows = list(generate_documents(200))
    assert all(list(r) == list(STAGED_DOCUMENT_COLUMNS) for r in rows)
    assert len({r["doc_id"] for r in rows}) == len(rows)
    assert {r["source"] for r in rows} == {"cde", "cninfo", "eastmoney", "news", "nmpa", "policy"}
    assert all(r["body_text"] and document_text(r).startswith(r["title"]) for r in rows)


def test_generator_is_lazy():
    corpus = generate_documents(10_000_000)
    assert isinstance(corpus, types.GeneratorType)
    assert next(corpus)["native_id"].endswith("0000000")
