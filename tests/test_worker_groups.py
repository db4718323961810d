"""The suite's own set-up: under `make test` each file's tests share one pytest-xdist worker."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit


def test_this_files_tests_are_one_xdist_group(request: pytest.FixtureRequest):
    # A module fixture (a deployment, the demo warehouse) is built once only if its file's tests stay on one
    # worker; a pytest or pytest-xdist upgrade that loses the groups would double the suite's slowest set-ups.
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by `make test` (pytest-xdist with --dist loadgroup)")
    assert request.node.nodeid.endswith(f"@{request.node.path}")
