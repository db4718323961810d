"""The host name a natively started Airflow component records, as a container's ``hostname:`` would give it.

tests/deploy runs both Celery workers on one machine; ``[core] hostname_callable`` pointing here makes
the task instances of each worker show its own name, so the test can tell which worker ran what.
"""

from __future__ import annotations

import os


def from_env() -> str:
    """The component's name, set by the test in ``CGTWATCH_TEST_HOSTNAME``."""
    return os.environ["CGTWATCH_TEST_HOSTNAME"]
