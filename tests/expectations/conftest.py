"""One GX context per test session: loading GX takes seconds, validating takes milliseconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from expectations.runner import GxDirs, load_context


@pytest.fixture(scope="session")
def gx_dirs(tmp_path_factory: pytest.TempPathFactory) -> GxDirs:
    """Results and Data Docs of the whole session, in a temporary data dir."""
    dirs = GxDirs.under(Path(tmp_path_factory.mktemp("gxdata")))
    load_context(dirs)
    return dirs
