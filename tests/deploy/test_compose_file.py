"""docker-compose.yml and .env.example: complete, consistent and using settings this Airflow knows."""

from __future__ import annotations

import runpy

import pytest

from tests.conftest import ROOT
from tests.deploy.compose import (
    ENV_EXAMPLE,
    INIT_SERVICE,
    MissingVariableError,
    airflow_services,
    interpolate,
    load_compose,
    read_env_file,
    service_environment,
)

pytestmark = pytest.mark.unit

AIRFLOW_COMPONENTS = {
    "airflow-apiserver": "api-server",
    "airflow-scheduler": "scheduler",
    "airflow-dag-processor": "dag-processor",
    "airflow-triggerer": "triggerer",
    "airflow-worker-1": "celery worker --celery-hostname worker-1@%h",
    "airflow-worker-2": "celery worker --celery-hostname worker-2@%h",
}


@pytest.fixture(scope="module")
def compose():
    return load_compose(read_env_file(ENV_EXAMPLE))


def test_interpolation_follows_compose_rules():
    variables = {"SET": "x", "EMPTY": ""}
    assert interpolate("a${SET}b $SET", variables) == "axb x"
    assert interpolate("${UNSET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d}", variables) == "d d  d"
    assert interpolate("$$HOSTNAME $${SET}", variables) == "$HOSTNAME ${SET}"
    assert interpolate("${UNSET}", variables) == ""
    with pytest.raises(MissingVariableError, match="EMPTY: needed"):
        interpolate("${EMPTY:?needed}", variables)


def test_env_example_sets_every_required_variable():
    variables = read_env_file(ENV_EXAMPLE)
    load_compose(variables)
    for secret in ("POSTGRES_PASSWORD", "AIRFLOW_JWT_SECRET", "AIRFLOW_API_SECRET_KEY", "AIRFLOW_ADMIN_PASSWORD"):
        with pytest.raises(MissingVariableError, match=secret):
            load_compose({k: v for k, v in variables.items() if k != secret})


def test_the_stack_has_every_production_component(compose):
    services = compose["services"]
    assert set(services) == {"postgres", "redis", INIT_SERVICE, *AIRFLOW_COMPONENTS}
    assert {name: s["command"] for name, s in airflow_services(compose).items()} == AIRFLOW_COMPONENTS
    workers = [s for s in services.values() if str(s.get("command", "")).startswith("celery worker")]
    assert len({w["hostname"] for w in workers}) == 2
    for name, service in services.items():
        if name != INIT_SERVICE:
            assert service["healthcheck"]["test"], name
            assert service["restart"] == "always", name
    assert services[INIT_SERVICE]["restart"] == "no"


def test_components_start_in_dependency_order(compose):
    needs_api = {"airflow-triggerer", "airflow-worker-1", "airflow-worker-2"}
    for name, service in airflow_services(compose).items():
        depends = {dep: cond["condition"] for dep, cond in service["depends_on"].items()}
        assert depends["postgres"] == depends["redis"] == "service_healthy", name
        if name in needs_api:
            assert depends["airflow-apiserver"] == "service_healthy", name
        else:
            assert depends[INIT_SERVICE] == "service_completed_successfully", name


def test_every_task_runner_shares_the_data_volume(compose):
    for name, service in [*airflow_services(compose).items(), (INIT_SERVICE, compose["services"][INIT_SERVICE])]:
        data_dir = service_environment(service)["CGTWATCH_DATA_DIR"]
        assert f"cgtwatch-data:{data_dir}" in service["volumes"], name


def test_every_airflow_setting_exists_in_the_installed_airflow(compose):
    from airflow.configuration import conf

    described = conf.configuration_description
    for name, service in compose["services"].items():
        for key in service_environment(service):
            if key.startswith("AIRFLOW__"):
                _, section, option = key.split("__", 2)
                assert option.lower() in described.get(section.lower(), {}).get("options", {}), f"{name}: {key}"


def test_components_point_at_each_other(compose):
    env = service_environment(compose["services"]["airflow-scheduler"])
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert compose["services"]["airflow-apiserver"]["ports"] == ["127.0.0.1:8080:8080"]
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://airflow:")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@postgres:5432/airflow")
    assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://redis:6379/0"
    assert env["CGTWATCH_INGEST_SCHEDULE"] == "none"


def test_init_creates_the_pool_the_load_task_runs_in(compose):
    production = runpy.run_path(str(ROOT / "dags" / "cgtwatch_production.py"))
    pool = production["WAREHOUSE_POOL"]
    assert production["process_dag"].get_task("load").pool == pool
    script = compose["services"][INIT_SERVICE]["command"][-1]
    assert f"airflow pools set {pool} 1 " in script
    assert "airflow db migrate" in script
