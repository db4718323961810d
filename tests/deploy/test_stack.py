"""The compose deployment, natively: the same Airflow components, with the settings parsed from docker-compose.yml.

PostgreSQL (127.0.0.1:5432, trust auth) and Redis (127.0.0.1:6379) stand in for the compose services; only
their host names, the API server's address and the container paths are replaced. The extract DAGs fetch
from the offline snapshot server, the process DAG loads, and the warehouse must equal what the embedded
``cgtwatch run --offline`` produces.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from cgtwatch.snapshot_server import SnapshotServer
from extractors.registry import SOURCES as REGISTERED
from tests.conftest import DEMO_SNAPSHOT, ROOT, airflow_env, run_cli
from tests.deploy.compose import (
    ENV_EXAMPLE,
    INIT_SERVICE,
    airflow_services,
    load_compose,
    read_env_file,
    service_environment,
)

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
SOURCES = ("cde", "policy")
WINDOW = {"since": "2025-01-01", "until": "2025-12-31"}
# The compose settings the native stack changes: exactly those naming another container (a service
# host, or a path on a volume). Anything else added to docker-compose.yml is used as written.
LOCALISED_KEYS = {
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CELERY__RESULT_BACKEND",
    "AIRFLOW__CELERY__BROKER_URL",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
    "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE",
    "CGTWATCH_DATA_DIR",
}
STARTUP_TIMEOUT_S = 120
PIPELINE_TIMEOUT_S = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def postgres_user() -> str:
    import psycopg2

    for user in ("postgres", "root"):
        try:
            psycopg2.connect(host="127.0.0.1", port=5432, user=user, dbname="postgres").close()
        except psycopg2.OperationalError:
            continue
        return user
    pytest.fail("PostgreSQL on 127.0.0.1:5432 accepts neither user postgres nor root without a password")


def postgres_admin(user: str, sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(host="127.0.0.1", port=5432, user=user, dbname="postgres")
    con.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        con.cursor().execute(sql)
    finally:
        con.close()


@dataclass
class Component:
    name: str
    process: subprocess.Popen[bytes]
    log: Path


@dataclass
class Stack:
    """The running components and how to reach them."""

    api: str
    token: str
    data_dir: Path
    home: Path
    compose: dict[str, Any]
    envs: dict[str, dict[str, str]]
    logs: dict[str, Path] = field(default_factory=dict)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.api, headers={"Authorization": f"Bearer {self.token}"}, timeout=30)

    def print_logs(self, lines: int = 80) -> None:
        for name, path in self.logs.items():
            text = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.exists() else []
            print(f"----- {name} ({path}), last {lines} lines -----\n" + "\n".join(text[-lines:]))
        for path in sorted((self.home / "logs").rglob("*.log")):
            if "dag_id=" in str(path):
                print(f"----- task log {path.relative_to(self.home)} -----\n{path.read_text(errors='replace')[-3000:]}")

    @contextlib.contextmanager
    def logs_on_failure(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            self.print_logs()
            raise


def localiser(mapping: Mapping[str, str]) -> Any:
    def localise(value: str) -> str:
        for container, native in mapping.items():
            value = value.replace(container, native)
        return value

    return localise


def inherited_env() -> dict[str, str]:
    """This process's environment without Airflow or cgtwatch settings, with the venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "CGTWATCH_"))}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def wait_for(what: str, check: Any, timeout: float, interval: float = 1.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def stop(components: list[Component]) -> None:
    """Terminate each component's whole process group (Celery pools, uvicorn workers), then kill what is left."""
    for component in components:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(component.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for component in components:
        try:
            component.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(component.process.pid, signal.SIGKILL)
        component.process.wait(timeout=10)


def healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/api/v2/monitor/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not (reachable(5432) and reachable(6379)):
        pytest.skip("needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379")
    base = tmp_path_factory.mktemp("stack")
    home, data_dir = base / "airflow", base / "data"
    home.mkdir()
    user = postgres_user()
    database = f"cgtwatch_airflow_test_{os.getpid()}"
    redis_db = 1 + os.getpid() % 15
    api_port, health_port = free_port(), free_port()
    api = f"http://127.0.0.1:{api_port}"
    password = secrets.token_urlsafe(16)
    # What .env gives docker compose: the example file with every change-me replaced (airflow-init refuses
    # placeholders), this machine's database and a known admin password.
    variables = {
        **{k: secrets.token_urlsafe(16) if v == "change-me" else v for k, v in read_env_file(ENV_EXAMPLE).items()},
        "POSTGRES_USER": user,
        "POSTGRES_DB": database,
        "AIRFLOW_ADMIN_PASSWORD": password,
        "AIRFLOW_API_WORKERS": "1",
    }
    compose = load_compose(variables)
    localise = localiser(
        {
            "@postgres:5432/": "@127.0.0.1:5432/",
            "redis://redis:6379/0": f"redis://127.0.0.1:6379/{redis_db}",
            "http://airflow-apiserver:8080/": f"{api}/",
            "/opt/cgtwatch-data": str(data_dir),
            "/opt/airflow": str(home),
        }
    )
    # Native stand-ins for what each container has of its own: a home, a host name, its own ports.
    native = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT": str(health_port),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "tests.deploy.hostname.from_env",
        "PYTHONPATH": str(ROOT),
        # The test decides when extract runs happen, and they read the snapshot, not the internet.
        **{f"CGTWATCH_SCHEDULE_{name.upper()}": "none" for name in REGISTERED},
        "CGTWATCH_OFFLINE": "1",
    }
    envs: dict[str, dict[str, str]] = {}
    for name, service in [*airflow_services(compose).items(), (INIT_SERVICE, compose["services"][INIT_SERVICE])]:
        written = service_environment(service)
        localised = {key: localise(value) for key, value in written.items()}
        assert {k for k in written if localised[k] != written[k]} == LOCALISED_KEYS, name
        assert not set(native) & set(written), "a native stand-in would silently override docker-compose.yml"
        envs[name] = {
            **inherited_env(),
            **variables,  # env_file: .env
            **localised,
            **native,
            "CGTWATCH_TEST_HOSTNAME": name,
            "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        }
    components: list[Component] = []
    stack = Stack(api, "", data_dir, home, compose, envs)
    server = SnapshotServer(sorted(p.parent for p in DEMO_SNAPSHOT.glob("*/manifest.jsonl"))).start()
    try:
        for env in envs.values():
            env["CGTWATCH_ROUTE_ALL_TO"] = server.url
        postgres_admin(user, f'CREATE DATABASE "{database}"')
        init = compose["services"][INIT_SERVICE]
        init_log = base / "airflow-init.log"
        stack.logs[INIT_SERVICE] = init_log
        with init_log.open("wb") as sink, stack.logs_on_failure():
            init_process = subprocess.Popen(
                [init["entrypoint"], *init["command"]],
                env=envs[INIT_SERVICE],
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            components.append(Component(INIT_SERVICE, init_process, init_log))
            assert init_process.wait(timeout=300) == 0, "airflow-init failed"
        for name, service in airflow_services(compose).items():
            log = base / f"{name}.log"
            stack.logs[name] = log
            with log.open("wb") as sink:
                process = subprocess.Popen(
                    [str(BIN / "airflow"), *shlex.split(service["command"])],
                    env=envs[name],
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, so teardown reaches its children
                    cwd=base,
                )
            components.append(Component(name, process, log))
        with stack.logs_on_failure():
            wait_for("the API server", lambda: healthy(api), STARTUP_TIMEOUT_S)
            # The first request warms the API server up (and hashes the password); with the suite running
            # on both cores that can take longer than httpx's 5 s default.
            login = httpx.post(
                f"{api}/auth/token",
                json={"username": variables["AIRFLOW_ADMIN_USER"], "password": password},
                timeout=120,
            )
            assert login.status_code == 201, login.text
            stack.token = login.json()["access_token"]
        yield stack
    finally:
        stop(components)
        server.stop()
        postgres_admin(user, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=redis_db).flushdb()


def dag_runs(client: httpx.Client, dag_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v2/dags/{dag_id}/dagRuns")
    response.raise_for_status()
    runs: list[dict[str, Any]] = response.json()["dag_runs"]
    return runs


def warehouse_counts(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: con.execute(f"SELECT source, count(*) FROM {table} GROUP BY 1 ORDER BY 1").fetchall()
            for table in ("documents", "entity_mentions", "event_evidence", "quarantine")
        } | {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchall()
            for table in ("events", "entities", "ingest_state")
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, airflow_home: Path) -> Path:
    """The warehouse `cgtwatch run --offline` (the in-process ingest DAG) builds from the same snapshot."""
    data = tmp_path_factory.mktemp("embedded")
    args = ["run", "--offline", *(f"--source={s}" for s in SOURCES), f"--since={WINDOW['since']}"]
    done = run_cli([*args, f"--until={WINDOW['until']}"], {**airflow_env(airflow_home), "CGTWATCH_DATA_DIR": str(data)})
    assert done.returncode == 0, done.stderr[-3000:]
    return data / "demo.duckdb"


@pytest.fixture(scope="module")
def pipeline_run(stack: Stack) -> Stack:
    """Both extract DAGs triggered over the REST API, and every process run they cause finished."""
    queue = stack.data_dir / "demo" / "staging" / "queue"
    with stack.logs_on_failure(), stack.client() as client:
        wanted = {"cgtwatch_process", *(f"cgtwatch_extract_{s}" for s in SOURCES)}

        def parsed() -> bool:
            dags = client.get("/api/v2/dags", params={"dag_id_pattern": "cgtwatch", "limit": 100}).json()["dags"]
            return wanted <= {d["dag_id"] for d in dags if not d["is_paused"]}

        wait_for("the DAG processor to register the DAGs, unpaused", parsed, STARTUP_TIMEOUT_S)
        # Both workers consuming before the first task is queued, or the first one up takes them all.
        workers = [name for name in stack.logs if "worker" in name]
        wait_for(
            "both Celery workers",
            lambda: all(" ready." in stack.logs[w].read_text(errors="replace") for w in workers),
            STARTUP_TIMEOUT_S,
        )
        for source in SOURCES:
            response = client.post(
                f"/api/v2/dags/cgtwatch_extract_{source}/dagRuns", json={"logical_date": None, "conf": WINDOW}
            )
            assert response.status_code == 200, response.text

        def finished() -> bool:
            runs = [r for s in SOURCES for r in dag_runs(client, f"cgtwatch_extract_{s}")]
            processed = dag_runs(client, "cgtwatch_process")
            failed = [r for r in [*runs, *processed] if r["state"] == "failed"]
            assert not failed, f"failed runs: {failed}"
            pending = list((queue / "pending").glob("*.json"))
            return (
                all(r["state"] == "success" for r in runs)
                and bool(processed)
                and all(r["state"] == "success" for r in processed)
                and not pending
            )

        wait_for("the extract runs and the process runs they trigger", finished, PIPELINE_TIMEOUT_S, interval=2)
    return stack


def test_deployment_loads_what_the_embedded_run_loads(pipeline_run: Stack, embedded: Path):
    with pipeline_run.logs_on_failure():
        db = pipeline_run.data_dir / "demo.duckdb"
        assert warehouse_counts(db) == warehouse_counts(embedded)
        con = duckdb.connect(str(db), read_only=True)
        try:
            runs = con.execute("SELECT run_id, status, sources FROM runs ORDER BY run_id").fetchall()
        finally:
            con.close()
        # One run-log entry per extract batch, named after the extract run that staged it.
        assert [(r[0].split(":")[0], r[1], r[2]) for r in runs] == [
            (f"cgtwatch_extract_{s}", "ok", [s]) for s in sorted(SOURCES)
        ]
        loaded = sorted(p.stem for p in (pipeline_run.data_dir / "demo" / "staging" / "queue" / "loaded").iterdir())
        assert [k.split("__")[0] for k in loaded] == [f"cgtwatch_extract_{s}_manual" for s in sorted(SOURCES)]


def test_tasks_ran_on_both_workers_and_loads_in_the_pool(pipeline_run: Stack):
    with pipeline_run.logs_on_failure(), pipeline_run.client() as client:
        response = client.get("/api/v2/dags/~/dagRuns/~/taskInstances", params={"limit": 200})
        response.raise_for_status()
        instances = [t for t in response.json()["task_instances"] if t["dag_id"].startswith("cgtwatch_")]
        assert instances
        # A process run whose batches an earlier run already took maps transform/validate over nothing;
        # the weekly digest of a week that ended before the first load has nothing to read.
        assert {(t["task_id"], t["state"]) for t in instances if t["state"] != "success"} <= {
            ("transform", "skipped"),
            ("validate", "skipped"),
            ("digest", "skipped"),
        }
        ran_on = {
            (t["dag_id"], t["dag_run_id"], t["task_id"], t["map_index"]): t["hostname"]
            for t in instances
            if t["state"] == "success"  # a skipped task never reached a worker
        }
        assert set(ran_on.values()) == {"airflow-worker-1", "airflow-worker-2"}, ran_on
        loads = [t for t in instances if t["task_id"] == "load"]
        assert loads
        assert {t["pool"] for t in loads} == {"cgtwatch_warehouse"}
        # The weekly digest runs its latest week as soon as the deployment is up (catchup off).
        assert {t["dag_id"] for t in instances} - {"cgtwatch_digest"} == {
            "cgtwatch_process",
            *(f"cgtwatch_extract_{s}" for s in SOURCES),
        }


def test_compose_health_checks_pass(pipeline_run: Stack):
    """Each service's own health check, run natively against its component."""
    with pipeline_run.logs_on_failure():
        api_port = pipeline_run.envs["airflow-apiserver"]["AIRFLOW__API__PORT"]
        health_port = pipeline_run.envs["airflow-scheduler"]["AIRFLOW__SCHEDULER__SCHEDULER_HEALTH_CHECK_SERVER_PORT"]
        local = localiser({"localhost:8080": f"127.0.0.1:{api_port}", "localhost:8974": f"127.0.0.1:{health_port}"})
        checks = {}
        for name, service in airflow_services(pipeline_run.compose).items():
            kind, *command = service["healthcheck"]["test"]
            argv = ["bash", "-c", local(command[0])] if kind == "CMD-SHELL" else [local(c) for c in command]
            # In a container $HOSTNAME, the host name Airflow records and Celery's %h agree; natively
            # Airflow records this component's stand-in name and Celery uses the machine's.
            hostname = socket.gethostname() if "celery" in argv[-1] else name
            checks[name] = subprocess.Popen(
                argv,
                env={**pipeline_run.envs[name], "HOSTNAME": hostname},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            results = {name: p.communicate(timeout=120) for name, p in checks.items()}
        finally:
            stop([Component(name, p, Path(os.devnull)) for name, p in checks.items()])
        failing = {
            name: out.decode(errors="replace")[-1500:] for name, (out, _) in results.items() if checks[name].returncode
        }
        assert not failing, json.dumps(failing, indent=2)
