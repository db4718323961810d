"""Write the suites defined in code into the committed GX project: ``python -m expectations.sync``.

``--check`` changes nothing and exits 1 when the committed project differs from the code (CI).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from expectations.project import committed_files, render_project
from expectations.settings import GX_DIR

log = logging.getLogger(__name__)


def sync(gx_dir: Path = GX_DIR) -> list[str]:
    """Make ``gx_dir`` hold exactly the rendered project files.

    Args:
        gx_dir: The GX project folder (``expectations/gx``).

    Returns:
        The relative paths written or removed.
    """
    wanted = render_project()
    current = committed_files(gx_dir)
    changed: list[str] = []
    for rel, text in wanted.items():
        if current.get(rel) != text:
            path = gx_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(rel)
    for rel in sorted(set(current) - set(wanted)):
        (gx_dir / rel).unlink()
        changed.append(rel)
    return changed


def diff(gx_dir: Path = GX_DIR) -> list[str]:
    """The relative paths whose committed content differs from the code (missing, stale or changed)."""
    wanted, current = render_project(), committed_files(gx_dir)
    return sorted(rel for rel in set(wanted) | set(current) if wanted.get(rel) != current.get(rel))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point.

    Returns:
        The process exit code.
    """
    parser = argparse.ArgumentParser(prog="python -m expectations.sync", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report drift; exit 1 if any")
    parser.add_argument("--gx-dir", type=Path, default=GX_DIR)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.check:
        drift = diff(args.gx_dir)
        for rel in drift:
            log.error("out of sync: %s", rel)
        return 1 if drift else 0
    for rel in sync(args.gx_dir):
        log.info("wrote %s", rel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
