from __future__ import annotations

import io
import json

import pytest

from transforms.extract_cli import InputError, parse_input_line, run_extract

pytestmark = pytest.mark.unit

GOOD = {
    "id": "a",
    "title": "睿铂生获批",
    "text": "1月2日，国家药监局附条件批准睿铂生上市。",
    "published_at": "2025-01-03",
}


def _run(engine, lines):
    out, err = io.StringIO(), io.StringIO()
    rc = run_extract(io.StringIO("\n".join(lines) + "\n"), out, err, engine=engine)
    return rc, [json.loads(x) for x in out.getvalue().splitlines()], err.getvalue(), out.getvalue()


def test_contract_output(engine):
    rc, outs, err, raw = _run(engine, [json.dumps(GOOD, ensure_ascii=False)])
    assert rc == 0
    assert err == ""
    assert "睿铂生" in raw  # ensure_ascii=False
    (out,) = outs
    assert list(out) == ["id", "entities", "events"]
    assert out["entities"] == [
        {"type": "drug", "text": "睿铂生", "canonical": "艾米迈托赛注射液", "field": "title", "start": 0, "end": 3},
        {"type": "drug", "text": "睿铂生", "canonical": "艾米迈托赛注射液", "field": "text", "start": 15, "end": 18},
    ]
    (ev,) = out["events"]
    assert list(ev) == [
        "type",
        "date",
        "drug",
        "company",
        "indication",
        "policy",
        "region",
        "amount",
        "evidence",
        "confidence",
    ]
    assert ev["type"] == "drug_approval"
    assert ev["date"] == "2025-01-02"
    assert ev["company"] == "铂生卓越"
    assert ev["amount"] is None
    assert ev["policy"] is None


def test_malformed_lines_are_reported_and_rest_processed(engine):
    lines = [
        json.dumps({"id": "1", "text": "干细胞"}),
        "not json",
        json.dumps({"id": 3, "text": "x"}),
        "",
        json.dumps(["list"]),
        json.dumps({"id": "6", "text": "x", "published_at": "2025/01/01"}),
        json.dumps({"id": "7", "text": "无事件"}),
    ]
    rc, outs, err, _ = _run(engine, lines)
    assert rc == 1
    assert [o["id"] for o in outs] == ["1", "7"]
    assert err.splitlines() == [
        "line 2: invalid JSON: Expecting value at column 1",
        "line 3: field 'id' must be a string, got int",
        "line 5: expected a JSON object, got list",
        "line 6: field 'published_at' must be YYYY-MM-DD, got '2025/01/01'",
    ]
    assert outs[1] == {"id": "7", "entities": [], "events": []}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x"}', "missing required field 'id'"),
        ('{"id": "x"}', "missing required field 'text'"),
        ('{"id": "x", "text": "y", "title": 5}', "field 'title' must be a string or null"),
    ],
)
def test_parse_input_line_errors(line, message):
    with pytest.raises(InputError, match=message):
        parse_input_line(line)
