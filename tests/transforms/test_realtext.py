"""The real-text corpus: committed records are well-formed and never held out; the tooling loads and scores them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from transforms import evaluate, realtext
from transforms.types import ENTITY_TYPES, EVENT_TYPES

pytestmark = pytest.mark.unit

HELDOUT = Path(__file__).resolve().parents[2].parent / "shared" / "heldout_urls.sha256"
RECORDS = realtext.load_records()
RECORD_KEYS = {"id", "url", "url_sha256", "query", "genre", "sha256", "length", "published_at", "gold"}
ENTITY_KEYS = {"type", "text", "canonical", "field", "start", "end"}
EVENT_KEYS = {
    "type", "date", "drug", "company", "indication", "policy", "region", "amount_cny", "evidence_start", "evidence_end",
}  # fmt: skip


def _heldout() -> set[str]:
    if not HELDOUT.is_file():
        pytest.skip(f"{HELDOUT} is absent: the held-out list is kept beside the repository, not in it")
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


@pytest.mark.parametrize("record", RECORDS, ids=_ids(RECORDS))
def test_record_url_hash_is_its_url_and_not_held_out(record: dict[str, Any]) -> None:
    assert record["url_sha256"] == realtext.sha256_hex(record["url"])
    assert record["url_sha256"] not in _heldout()


@pytest.mark.parametrize("record", RECORDS, ids=_ids(RECORDS))
def test_record_schema(record: dict[str, Any]) -> None:
    assert set(record) == RECORD_KEYS
    assert isinstance(record["length"], int)
    assert record["length"] > 0
    assert len(record["sha256"]) == 64
    assert int(record["sha256"], 16) >= 0
    assert set(record["gold"]) == {"entities", "events"}
    for ent in record["gold"]["entities"]:
        assert set(ent) == ENTITY_KEYS, ent
        assert ent["type"] in ENTITY_TYPES
        assert ent["field"] in ("title", "text")
        assert 0 <= ent["start"] < ent["end"] <= record["length"], ent
    for ev in record["gold"]["events"]:
        assert set(ev) == EVENT_KEYS, ev
        assert ev["type"] in EVENT_TYPES, ev
        assert ev["date"] is None or len(ev["date"]) in (4, 7, 10), ev
        assert 0 <= ev["evidence_start"] < ev["evidence_end"] <= record["length"], ev


def test_record_ids_are_unique() -> None:
    ids = _ids(RECORDS)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("record", RECORDS, ids=_ids(RECORDS))
def test_offsets_match_the_cached_text(record: dict[str, Any]) -> None:
    path = realtext.cache_path(record["id"])
    if not path.is_file():
        pytest.skip(f"{path} is not cached (python -m transforms.realtext check says how to fill it)")
    text = path.read_text(encoding="utf-8")
    assert realtext.text_problem(record, text) is None
    for ent in record["gold"]["entities"]:
        if ent["field"] == "text":
            assert text[ent["start"] : ent["end"]] == ent["text"], ent


def test_part_is_fixed_by_the_url_hash() -> None:
    assert realtext.part_of("0" * 63 + "3") == "test"
    assert realtext.part_of("0" * 63 + "4") == "dev"
    hashes = [realtext.sha256_hex(f"https://example.org/{i}") for i in range(300)]
    share = sum(realtext.part_of(h) == "test" for h in hashes) / len(hashes)
    assert 0.25 < share < 0.42


def _record(rid: str, text: str, url: str) -> dict[str, Any]:
    return {
        "id": rid,
        "url": url,
        "url_sha256": realtext.sha256_hex(url),
        "query": "q",
        "genre": "news",
        "sha256": realtext.sha256_hex(text),
        "length": len(text),
        "published_at": "2025-03-10",
        "gold": {"entities": [], "events": []},
    }


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path, list[dict[str, Any]]]:
    """A two-record corpus (one dev, one test) in tmp_path, with its cache folder (empty)."""
    records: list[dict[str, Any]] = []
    i = 0
    while {realtext.part_of(r["url_sha256"]) for r in records} != {"dev", "test"}:
        rec = _record(f"r{i}", f"某公司宣布完成A轮融资{i}。", f"https://example.org/p{i}")
        if realtext.part_of(rec["url_sha256"]) not in {realtext.part_of(r["url_sha256"]) for r in records}:
            records.append(rec)
        i += 1
    rdir, cache = tmp_path / "realtext", tmp_path / "cache"
    rdir.mkdir()
    (rdir / "batch_a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return rdir, cache, records


def test_missing_text_names_the_id_and_the_recipe(corpus: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    _rdir, cache, records = corpus
    with pytest.raises(realtext.CacheMissing) as err:
        realtext.load_texts(records, cache)
    assert set(err.value.ids) == {r["id"] for r in records}
    assert records[0]["id"] in str(err.value)
    assert "transforms.realtext check" in str(err.value)


def test_mismatching_text_names_the_id(corpus: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    _rdir, cache, records = corpus
    cache.mkdir()
    for r in records:
        realtext.cache_path(r["id"], cache).write_text("另一段文字", encoding="utf-8")
    with pytest.raises(realtext.CacheMismatch) as err:
        realtext.load_texts(records, cache)
    assert records[0]["id"] in err.value.ids
    assert "length" in str(err.value)


def test_put_cuts_to_length_and_check_passes(corpus: tuple[Path, Path, list[dict[str, Any]]], tmp_path: Path) -> None:
    rdir, cache, records = corpus
    for r in records:
        src = tmp_path / f"{r['id']}.src"
        src.write_text(f"某公司宣布完成A轮融资{r['id'][1:]}。后面还有别的页面文字", encoding="utf-8")
        assert (
            realtext.main(["--records", str(rdir), "--cache", str(cache), "put", r["id"], str(src)], io.StringIO()) == 0
        )
    out = io.StringIO()
    assert realtext.main(["--records", str(rdir), "--cache", str(cache), "check"], out) == 0
    assert "2 of 2" in out.getvalue()
    bad = tmp_path / "bad.src"
    bad.write_text("完全不同的文字，长度也足够长足够长足够长", encoding="utf-8")
    assert realtext.main(["--records", str(rdir), "--cache", str(cache), "put", records[0]["id"], str(bad)], out) == 1


def test_eval_real_without_cache_says_how_to_fill_it(corpus: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    rdir, cache, _records = corpus
    out = io.StringIO()
    assert evaluate.main(["--real", "--real-dir", str(rdir), "--cache", str(cache)], out) == 0
    assert "page corpus" in out.getvalue()
    assert "transforms.realtext check" in out.getvalue()


@pytest.mark.parametrize("part", ["test", "all"])
def test_eval_real_refuses_errors_outside_dev(corpus: tuple[Path, Path, list[dict[str, Any]]], part: str) -> None:
    rdir, cache, _records = corpus
    out = io.StringIO()
    code = evaluate.main(["--real", "--part", part, "--errors", "--real-dir", str(rdir), "--cache", str(cache)], out)
    assert code == 2
    assert "only allowed with --part dev" in out.getvalue()


def test_eval_real_scores_each_part(corpus: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    rdir, cache, records = corpus
    cache.mkdir()
    for r in records:
        realtext.cache_path(r["id"], cache).write_text(f"某公司宣布完成A轮融资{r['id'][1:]}。", encoding="utf-8")
    out = io.StringIO()
    assert evaluate.main(["--real", "--part", "all", "--real-dir", str(rdir), "--cache", str(cache)], out) == 0
    text = out.getvalue()
    assert "real text, dev (1 documents)" in text
    assert "real text, test (1 documents)" in text
    assert "ENTITIES w/o region" in text
    assert "event financing" in text


def test_eval_real_scores_a_part_with_one_excerpt_missing_and_names_it(tmp_path: Path) -> None:
    # One page the corpus no longer returns verbatim must not block a round; many missing still do.
    records = [_record(f"r{i}", f"某公司宣布完成A轮融资{i}。", f"https://example.org/q{i}") for i in range(90)]
    dev = [r for r in records if realtext.part_of(r["url_sha256"]) == "dev"][:25]
    rdir, cache = tmp_path / "realtext", tmp_path / "cache"
    rdir.mkdir()
    cache.mkdir()
    (rdir / "batch_a.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dev))
    for r in dev[1:]:
        realtext.cache_path(r["id"], cache).write_text(f"某公司宣布完成A轮融资{r['id'][1:]}。", encoding="utf-8")
    out = io.StringIO()
    assert evaluate.main(["--real", "--part", "dev", "--real-dir", str(rdir), "--cache", str(cache)], out) == 0
    assert f"missing: {dev[0]['id']}" in out.getvalue()
    assert "real text, dev (24 documents)" in out.getvalue()
    for r in dev[1:5]:
        realtext.cache_path(r["id"], cache).unlink()
    out = io.StringIO()
    assert evaluate.main(["--real", "--part", "dev", "--real-dir", str(rdir), "--cache", str(cache)], out) == 0
    assert "ENTITIES" not in out.getvalue()
