"""Typed settings read from the environment at the composition root (CLI, DAG task wrappers).

Extractors, transforms and the warehouse receive plain typed values from here; they never read
``os.environ`` themselves.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cgtwatch.errors import ConfigError

DEFAULT_USER_AGENT = "cgtwatch/0.1 (+https://github.com/cgtwatch/cgtwatch; open-source CGT news ETL; polite crawler)"
# Sources whose configuration dataclass takes CGTWATCH_<SOURCE>_<FIELD> overrides.
SOURCE_CONFIG_PREFIXES = ("cde", "nmpa", "eastmoney", "news", "policy")
CNINFO_DEFAULT_KEYWORDS = ("干细胞", "间充质", "细胞治疗", "CAR-T", "基因治疗", "免疫细胞")


ConfigT = TypeVar("ConfigT")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.replace("，", ",").split(",") if item.strip())


def _convert(raw: str, kind: Any, name: str) -> Any:
    """Turn one environment string into the type a config field declares."""
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return None if raw == "" else _convert(raw, options[0], name)
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered not in _TRUE | _FALSE:
            raise ConfigError(f"{name} must be true or false, got {raw!r}")
        return lowered in _TRUE
    if kind in (int, float, str):
        try:
            return kind(raw)
        except ValueError:
            raise ConfigError(f"{name} must be {kind.__name__}, got {raw!r}") from None
    if origin is tuple:
        return _split_list(raw)
    raise ConfigError(f"{name} cannot be set from the environment")


def with_overrides(config: ConfigT, overrides: Mapping[str, str], prefix: str) -> ConfigT:
    """A source config with fields replaced by ``CGTWATCH_<SOURCE>_<FIELD>`` values.

    Args:
        config: The defaults (a frozen dataclass).
        overrides: Field name (lower case) to raw string, as collected by :class:`Settings`.
        prefix: The environment prefix, for error messages (``CGTWATCH_CDE_``).

    Raises:
        ConfigError: An unknown field, or a value of the wrong type.
    """
    if not dataclasses.is_dataclass(config) or isinstance(config, type):
        raise TypeError("with_overrides needs a dataclass instance")
    hints = typing.get_type_hints(type(config))
    names = {f.name for f in dataclasses.fields(config)}
    changes: dict[str, Any] = {}
    for key, raw in overrides.items():
        if key not in names:
            raise ConfigError(f"unknown setting {prefix}{key.upper()}; known: {', '.join(sorted(names))}")
        changes[key] = _convert(raw, hints[key], f"{prefix}{key.upper()}")
    try:
        return dataclasses.replace(config, **changes)
    except ValueError as exc:
        raise ConfigError(f"invalid {prefix}* setting: {exc}") from exc


@dataclass(frozen=True)
class HttpSettings:
    """How the one HTTP client behaves towards every site."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_attempts: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    # Total time one request (all its retries) may take before the source is given up.
    request_deadline_s: float = 90.0
    min_interval_per_host_s: float = 1.0
    max_response_bytes: int = 30 * 1024 * 1024
    respect_robots: bool = True
    # Offline demo only: every request is routed to this local snapshot server.
    route_all_to: str | None = None


@dataclass(frozen=True)
class CninfoSettings:
    """cninfo sweep configuration (SOURCES.md section 1)."""

    keywords: tuple[str, ...] = CNINFO_DEFAULT_KEYWORDS
    page_size: int = 30
    column: str = "szse"
    max_pages_per_keyword: int = 200
    fetch_pdfs: bool = True


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, resolved once."""

    data_dir: Path
    warehouse_path: Path
    landing_dir: Path
    staging_dir: Path
    lookback_days: int = 7
    # Days before the end of the already-covered range that are fetched again (back-filled sites).
    overlap_days: int = 3
    offline: bool = False
    http: HttpSettings = field(default_factory=HttpSettings)
    cninfo: CninfoSettings = field(default_factory=CninfoSettings)
    # CGTWATCH_<SOURCE>_<FIELD> values by source, applied by each source's factory.
    source_overrides: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # How long a load waits for a process holding the warehouse file (a reader, another writer).
    warehouse_lock_wait_s: float = 60.0

    @property
    def profile_dir(self) -> Path:
        """The directory of this deployment's generated files (``data`` live, ``data/demo`` offline)."""
        return self.data_dir / "demo" if self.offline else self.data_dir

    @property
    def jieba_cache_dir(self) -> Path:
        """The project's own jieba dictionary cache, never the shared ``/tmp/jieba.cache``."""
        return self.data_dir / "cache" / "jieba"

    def overrides_for(self, source: str) -> Mapping[str, str]:
        """The raw ``CGTWATCH_<SOURCE>_*`` settings of one source, keyed by lower-case field name."""
        return self.source_overrides.get(source, {})

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``CGTWATCH_*`` environment variables (see the README's table).

        Args:
            env: The environment to read; ``os.environ`` when omitted.

        Returns:
            The resolved settings.

        Raises:
            ConfigError: A value is malformed, or an offline run would write to the live warehouse.
        """
        env = os.environ if env is None else env
        offline = env.get("CGTWATCH_OFFLINE", "0").lower() in {"1", "true", "yes"}
        data_dir = Path(env.get("CGTWATCH_DATA_DIR", "data")).resolve()
        profile_dir = data_dir / "demo" if offline else data_dir
        default_warehouse = data_dir / ("demo.duckdb" if offline else "warehouse.duckdb")
        warehouse = Path(env.get("CGTWATCH_WAREHOUSE", str(default_warehouse))).resolve()
        live_warehouse = (data_dir / "warehouse.duckdb").resolve()
        if offline and warehouse == live_warehouse:
            raise ConfigError(
                f"refusing to load offline snapshot data into the live warehouse {warehouse}; "
                "demo data goes to data/demo.duckdb"
            )
        try:
            http = HttpSettings(
                user_agent=env.get("CGTWATCH_USER_AGENT", DEFAULT_USER_AGENT),
                connect_timeout_s=float(env.get("CGTWATCH_HTTP_CONNECT_TIMEOUT", "10")),
                read_timeout_s=float(env.get("CGTWATCH_HTTP_READ_TIMEOUT", "30")),
                max_attempts=int(env.get("CGTWATCH_HTTP_MAX_ATTEMPTS", "4")),
                backoff_base_s=float(env.get("CGTWATCH_HTTP_BACKOFF_BASE", "1")),
                backoff_max_s=float(env.get("CGTWATCH_HTTP_BACKOFF_MAX", "30")),
                request_deadline_s=float(env.get("CGTWATCH_HTTP_DEADLINE", "90")),
                # The demo talks to a local replay server: pacing it would only slow the demo down.
                min_interval_per_host_s=float(env.get("CGTWATCH_HTTP_MIN_INTERVAL", "0" if offline else "1.0")),
                max_response_bytes=int(env.get("CGTWATCH_HTTP_MAX_BYTES", str(30 * 1024 * 1024))),
                respect_robots=env.get("CGTWATCH_HTTP_RESPECT_ROBOTS", "1").lower() not in {"0", "false", "no"},
                route_all_to=env.get("CGTWATCH_ROUTE_ALL_TO") or None,
            )
            cninfo = CninfoSettings(
                keywords=_split_list(env["CGTWATCH_CNINFO_KEYWORDS"])
                if env.get("CGTWATCH_CNINFO_KEYWORDS")
                else CNINFO_DEFAULT_KEYWORDS,
                page_size=int(env.get("CGTWATCH_CNINFO_PAGE_SIZE", "30")),
                column=env.get("CGTWATCH_CNINFO_COLUMN", "szse"),
                max_pages_per_keyword=int(env.get("CGTWATCH_CNINFO_MAX_PAGES", "200")),
                fetch_pdfs=env.get("CGTWATCH_CNINFO_FETCH_PDFS", "1") not in {"0", "false", "no"},
            )
            lookback = int(env.get("CGTWATCH_LOOKBACK_DAYS", "7"))
            overlap = int(env.get("CGTWATCH_OVERLAP_DAYS", "3"))
            lock_wait = float(env.get("CGTWATCH_WAREHOUSE_LOCK_WAIT", "60"))
        except ValueError as exc:
            raise ConfigError(f"invalid CGTWATCH_* setting: {exc}") from exc
        if http.route_all_to and not offline:
            raise ConfigError("CGTWATCH_ROUTE_ALL_TO is only allowed with CGTWATCH_OFFLINE=1 (demo runs)")
        source_overrides: dict[str, dict[str, str]] = {}
        for key, value in env.items():
            for source in SOURCE_CONFIG_PREFIXES:
                prefix = f"CGTWATCH_{source.upper()}_"
                if key.startswith(prefix) and value != "":
                    source_overrides.setdefault(source, {})[key[len(prefix) :].lower()] = value
        return cls(
            source_overrides=source_overrides,
            data_dir=data_dir,
            warehouse_path=warehouse,
            landing_dir=Path(env.get("CGTWATCH_LANDING_DIR", str(profile_dir / "landing"))).resolve(),
            staging_dir=Path(env.get("CGTWATCH_STAGING_DIR", str(profile_dir / "staging"))).resolve(),
            lookback_days=lookback,
            overlap_days=overlap,
            warehouse_lock_wait_s=lock_wait,
            offline=offline,
            http=http,
            cninfo=cninfo,
        )


#: The placeholder `.env.example` ships for every secret; a deployment must replace each one.
PLACEHOLDER_SECRET = "change-me"  # noqa: S105 - the value refused, not a secret
#: The deployment's secrets, as ``.env`` names them and as Airflow reads them.
SECRET_VARIABLES = (
    "POSTGRES_PASSWORD",
    "AIRFLOW_API_SECRET_KEY",
    "AIRFLOW_JWT_SECRET",
    "AIRFLOW_ADMIN_PASSWORD",
    "AIRFLOW__API__SECRET_KEY",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CELERY__RESULT_BACKEND",
)


def placeholder_secrets(env: Mapping[str, str]) -> list[str]:
    """The secret variables still set to the ``change-me`` placeholder (also inside a connection URL)."""
    return [
        name
        for name in SECRET_VARIABLES
        if env.get(name) == PLACEHOLDER_SECRET or f":{PLACEHOLDER_SECRET}@" in env.get(name, "")
    ]


def refuse_placeholder_secrets(env: Mapping[str, str] | None = None, env_file: str | None = None) -> int:
    """Start-up check of a deployment: 1 (and one line on stderr per secret) while any is ``change-me``.

    Args:
        env: The environment to check (``os.environ`` when omitted).
        env_file: A ``.env`` file whose ``NAME=value`` lines are checked too, if it exists.
    """
    values = dict(os.environ if env is None else env)
    if env_file and Path(env_file).is_file():
        for line in Path(env_file).read_text(encoding="utf-8").splitlines():
            name, sep, value = line.partition("=")
            if sep and not name.lstrip().startswith("#"):
                values.setdefault(name.strip(), value.strip().strip("'\""))
    found = placeholder_secrets(values)
    for name in found:
        sys.stderr.write(f"refusing to start: {name} is still {PLACEHOLDER_SECRET!r}; set a real secret in .env\n")
    return 1 if found else 0
