"""Shared fixtures: one engine per test session (building it loads jieba, ~0.6 s)."""

from __future__ import annotations

import pytest

from transforms.engine import TransformEngine


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> TransformEngine:
    return TransformEngine(tmp_dir=str(tmp_path_factory.mktemp("jieba")))
