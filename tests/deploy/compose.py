"""Reading docker-compose.yml as Docker Compose does: YAML merge keys, ``${VAR:-default}``, .env files."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
AIRFLOW_IMAGE = "cgtwatch-airflow:latest"
INIT_SERVICE = "airflow-init"

# $$ (a literal $), ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, $NAME.
_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


class MissingVariableError(ValueError):
    """A ``${NAME:?message}`` variable is unset (or empty)."""


def interpolate(value: str, variables: Mapping[str, str]) -> str:
    """One string with Compose's variable syntax resolved against ``variables``."""

    def resolve(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        op, arg = match["op"], match["arg"]
        current = variables.get(name)
        # With a colon, an empty value counts as unset, as in the shell.
        missing = current is None or (op is not None and op.startswith(":") and current == "")
        if op and op.endswith("-") and missing:
            return interpolate(arg, variables)
        if op and op.endswith("?") and missing:
            raise MissingVariableError(f"{name}: {arg}")
        return current or ""

    return _VARIABLE.sub(resolve, value)


def interpolate_all(node: Any, variables: Mapping[str, str]) -> Any:
    """Every string in a loaded YAML document interpolated (keys are left alone, as Compose does)."""
    if isinstance(node, str):
        return interpolate(node, variables)
    if isinstance(node, list):
        return [interpolate_all(item, variables) for item in node]
    if isinstance(node, dict):
        return {key: interpolate_all(value, variables) for key, value in node.items()}
    return node


def read_env_file(path: Path) -> dict[str, str]:
    """A Compose .env file: KEY=VALUE lines, comments and blank lines ignored, optional quotes removed."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition("=")
        if not sep:
            raise ValueError(f"{path}: not KEY=VALUE: {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        found[key.strip()] = value
    return found


def load_compose(variables: Mapping[str, str]) -> dict[str, Any]:
    """docker-compose.yml with merge keys applied (PyYAML does) and variables interpolated."""
    document: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    resolved: dict[str, Any] = interpolate_all(document, variables)
    return resolved


def airflow_services(compose: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The long-running Airflow components: every service on the cgtwatch image but the init job."""
    return {
        name: service
        for name, service in compose["services"].items()
        if service.get("image") == AIRFLOW_IMAGE and name != INIT_SERVICE
    }


def service_environment(service: Mapping[str, Any]) -> dict[str, str]:
    """A service's ``environment`` as strings (YAML may hold numbers or booleans)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {str(key): str(value) for key, value in env.items()}
