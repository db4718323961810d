"""Settings from the environment: defaults, per-source overrides, and the demo/live separation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cgtwatch.config import Settings, with_overrides
from cgtwatch.errors import ConfigError
from extractors.cde.settings import CdeConfig
from extractors.nmpa.settings import NmpaConfig
from extractors.registry import SOURCES

pytestmark = pytest.mark.unit


def test_defaults_put_everything_under_data(tmp_path):
    settings = Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path)})
    assert settings.warehouse_path == tmp_path / "warehouse.duckdb"
    assert settings.landing_dir == tmp_path / "landing"
    assert settings.offline is False
    assert settings.http.respect_robots is True


def test_offline_uses_the_demo_warehouse_and_refuses_the_live_one(tmp_path):
    demo = Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path), "CGTWATCH_OFFLINE": "1"})
    assert demo.warehouse_path == tmp_path / "demo.duckdb"
    assert demo.landing_dir == tmp_path / "demo" / "landing"
    with pytest.raises(ConfigError, match="refusing to load offline snapshot data into the live warehouse"):
        Settings.from_env(
            {
                "CGTWATCH_DATA_DIR": str(tmp_path),
                "CGTWATCH_OFFLINE": "1",
                "CGTWATCH_WAREHOUSE": str(tmp_path / "warehouse.duckdb"),
            }
        )


def test_routing_to_a_snapshot_needs_offline_mode(tmp_path):
    with pytest.raises(ConfigError, match="only allowed with CGTWATCH_OFFLINE=1"):
        Settings.from_env({"CGTWATCH_DATA_DIR": str(tmp_path), "CGTWATCH_ROUTE_ALL_TO": "http://127.0.0.1:1"})


def test_source_overrides_are_typed():
    settings = Settings.from_env(
        {
            "CGTWATCH_CDE_PAGE_SIZE": "20",
            "CGTWATCH_CDE_LISTS": "acceptance, ind_approval",
            "CGTWATCH_NMPA_FETCH_PDF_ATTACHMENTS": "no",
        }
    )
    cde = with_overrides(CdeConfig(), settings.overrides_for("cde"), "CGTWATCH_CDE_")
    assert (cde.page_size, cde.lists) == (20, ("acceptance", "ind_approval"))
    nmpa = with_overrides(NmpaConfig(), settings.overrides_for("nmpa"), "CGTWATCH_NMPA_")
    assert nmpa.fetch_pdf_attachments is False


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"page_sise": "20"}, "unknown setting CGTWATCH_CDE_PAGE_SISE"),
        ({"page_size": "many"}, "CGTWATCH_CDE_PAGE_SIZE must be int"),
        ({"page_size": "100"}, "invalid CGTWATCH_CDE_\\* setting"),
    ],
)
def test_bad_overrides_are_clear_errors(overrides, message):
    with pytest.raises(ConfigError, match=message):
        with_overrides(CdeConfig(), overrides, "CGTWATCH_CDE_")


def test_every_source_package_is_registered():
    packages = {p.parent.name for p in (Path(__file__).parents[2] / "extractors").glob("*/__init__.py")}
    assert packages == set(SOURCES)
