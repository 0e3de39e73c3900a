"""Many targets in one run: ``hauberk assess --batch targets.toml`` (nightly registry runs).

``targets.toml`` lists the targets, each an ``assess.toml`` of its own::

    [[target]]
    name = "digits-cnn"              # the report goes to OUTPUT_DIR/digits-cnn/
    config = "digits/assess.toml"    # relative to targets.toml

Every config is parsed before any work starts (a bad one is a usage error naming the target);
the executor (a Ray cluster with ``--ray``) is opened once for the whole batch. Each target gets
its reports in its own folder, and ``index.json`` / ``index.html`` list them all with their
grade, worst finding and exit code, so one page shows the night's run.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hauberk.assess._config import AssessConfig, load_config, read_toml
from hauberk.core import ConfigError, Policy, Progress, Registry, write_atomic, write_reports
from hauberk.core._executor import Executor

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MAX_TARGETS = 10_000


@dataclass(frozen=True)
class BatchTarget:
    name: str
    config: AssessConfig


def load_batch(path: Path, registry: Registry) -> list[BatchTarget]:
    """Parse ``targets.toml`` and every config it names; any problem is a ConfigError."""
    raw = read_toml(path)
    extra = sorted(set(raw) - {"target"})
    if extra:
        raise ConfigError(f"{path}: unknown key {extra[0]!r}; give [[target]] tables only")
    entries = raw.get("target")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[target]] tables; give name and config for each")
    if len(entries) > MAX_TARGETS:
        raise ConfigError(f"{path}: {len(entries)} targets, more than {MAX_TARGETS}")
    out: list[BatchTarget] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: [[target]] #{i}"
        if not isinstance(entry, dict) or set(entry) != {"name", "config"}:
            raise ConfigError(f"{where}: give exactly name = '...' and config = 'assess.toml'")
        name, config = entry["name"], entry["config"]
        if not isinstance(name, str) or not NAME.match(name):
            raise ConfigError(f"{where}: name {name!r} must be letters, digits, '.', '_', '-'")
        if name in seen:
            raise ConfigError(f"{where}: name {name!r} is used twice")
        seen.add(name)
        if not isinstance(config, str):
            raise ConfigError(f"{where}: config must be a path string")
        file = Path(config) if Path(config).is_absolute() else path.parent / config
        try:
            parsed = load_config(file, registry)
        except ConfigError as exc:
            raise ConfigError(f"{where} ({name}): {exc}") from None
        out.append(BatchTarget(name, parsed))
    return out


def run_batch(
    targets: Sequence[BatchTarget],
    out_dir: Path,
    *,
    formats: Sequence[str],
    policy: Policy,
    registry: Registry,
    executor: Executor,
    progress: Progress,
) -> tuple[dict[str, Any], int]:
    """Assess every target with ``executor``; write their reports and the index.
    Returns the index and the batch's exit code (the worst of the targets')."""
    from hauberk.assess._run import assess

    rows: list[dict[str, Any]] = []
    for target in targets:
        folder = out_dir / target.name
        folder.mkdir(parents=True, exist_ok=True)
        report = assess(target.config, registry=registry, progress=progress, executor=executor)
        paths = write_reports(report, formats, folder)
        summary = report.summary()
        code = policy.exit_code(report)
        rows.append(
            {
                "name": target.name,
                "target": report.target.get("name", target.name),
                "exit_code": code,
                "complete": summary["complete"],
                "worst": summary["worst"],
                "findings": summary["findings"],
                "checks": summary["checks"],
                "grades": {k: v["grade"] for k, v in summary["lifecycle"].items()},
                "reports": [str(p.relative_to(out_dir)) for p in paths],
            }
        )
    code = max((r["exit_code"] for r in rows), default=0)
    index = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "executor": executor.name,
        "fail_on": policy.fail_on.label,
        "exit_code": code,
        "targets": rows,
    }
    write_atomic(out_dir / "index.json", json.dumps(index, indent=2, sort_keys=True) + "\n")
    write_atomic(out_dir / "index.html", index_html(index))
    return index, code


def index_html(index: dict[str, Any]) -> str:
    """One self-contained page: a row per target, linking to its own HTML report."""
    e = html.escape
    rows = []
    for r in index["targets"]:
        link = next((p for p in r["reports"] if p.endswith(".html")), None)
        name = f'<a href="{e(link)}">{e(r["name"])}</a>' if link else e(r["name"])
        grades = ", ".join(f"{e(k)}: {e(str(v))}" for k, v in r["grades"].items() if v != "n/a")
        status = "complete" if r["complete"] else "INCOMPLETE"
        rows.append(
            f"<tr><td>{name}</td><td>{e(str(r['worst'] or '-'))}</td><td>{r['findings']}</td>"
            f"<td>{status}</td><td>{grades}</td><td>{r['exit_code']}</td></tr>"
        )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>hauberk batch</title>"
        "<style>body{font-family:sans-serif}td,th{padding:4px 10px;border-bottom:1px solid #ccc}"
        "</style></head><body>"
        f"<h1>hauberk batch: {len(index['targets'])} targets</h1>"
        f"<p>created {e(index['created'])}, executor {e(index['executor'])}, fail on "
        f"{e(index['fail_on'])}, exit code {index['exit_code']}</p><table>"
        "<tr><th>target</th><th>worst</th><th>findings</th><th>run</th><th>grades</th>"
        "<th>exit</th></tr>" + "".join(rows) + "</table></body></html>\n"
    )
