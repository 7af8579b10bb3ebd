"""The benchmark's results: `bench/results.json`, `bench/runs.json` and `bench/results.md`.

Every part of `make bench` (pages over HTTP, background jobs) adds its rows here; a run replaces
only the rows with the same name and scale (docs/benchmark.md). A row is `{"name", "scale",
"rows", "p50_ms", "p95_ms", "queries", "rps", "target_p95_ms", "note"}`, null where a field does
not apply.
"""

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

RESULTS = Path(settings.BASE_DIR) / "bench" / "results.json"
RUNS = Path(settings.BASE_DIR) / "bench" / "runs.json"
MARKDOWN = Path(settings.BASE_DIR) / "bench" / "results.md"
FIELDS = ["name", "scale", "rows", "p50_ms", "p95_ms", "queries", "rps", "target_p95_ms", "note"]


def result_row(name: str, scale: str, **values) -> dict:
    """A result row with every field, null where not given."""
    return {"name": name, "scale": scale} | {f: values.get(f) for f in FIELDS[2:]}


def save_results(
    rows: list[dict], *, scale: str, command: str, load: str, part: str = "pages"
) -> str:
    """Merge `rows` into the results and rewrite the files; returns what was written. The run
    (date, command, machine, load) is recorded per scale and part of the benchmark."""
    existing = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    keys = {(r["name"], r["scale"]) for r in rows}
    # The same number of queries whatever the data: compare with the other scales.
    for row in rows:
        if row["queries"] is None:
            continue
        for other in existing:
            if (
                other["name"] == row["name"]
                and other["scale"] != scale
                and other.get("queries") is not None
            ):
                same = "same" if other["queries"] == row["queries"] else "DIFFERENT"
                row["note"] += f"; {same} queries as at {other['scale']} ({other['queries']})"
    merged = [r for r in existing if (r["name"], r["scale"]) not in keys] + rows
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(merged, ensure_ascii=False, indent=2) + "\n")
    runs = json.loads(RUNS.read_text()) if RUNS.exists() else {}
    runs[f"{scale}, {part}"] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine(),
        "load": load,
    }
    RUNS.write_text(json.dumps(runs, ensure_ascii=False, indent=2) + "\n")
    MARKDOWN.write_text(_markdown(merged, runs))
    return f"Wrote {RESULTS.relative_to(settings.BASE_DIR)} and {MARKDOWN.name}."


def machine() -> str:
    memory = cpu = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, PostgreSQL {postgres}"
    )


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def table(rows: list[dict]) -> str:
    header = ["name", "scale", "rows", "p50 ms", "p95 ms", "queries", "req/s", "target p95 ms"]
    lines = ["| " + " | ".join([*header, "note"]) + " |", "|" + "---|" * len(FIELDS)]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(f)).replace("|", "/") for f in FIELDS) + " |")
    return "\n".join(lines)


def _markdown(rows: list[dict], runs: dict) -> str:
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` from `bench/results.json` (see docs/benchmark.md). Pages are "
        "measured over HTTP against gunicorn (2 sync workers, DEBUG off), one request at a "
        "time after a warm-up; p50 / p95 are the client's latency on localhost; req/s is that "
        "sequential rate; queries are counted in-process for the same page and user. Background "
        "jobs (`bench_jobs`: routing, the SLA sweep, notification delivery) are measured "
        "in-process; their rows say what p50, p95 and req/s mean for them.",
        "",
        "## Runs",
        "",
    ]
    for label, run in sorted(runs.items()):
        parts.append(
            f"- **{label}**: {run['date']}, `{run['command']}`; {run['machine']}; "
            f"{run.get('load', '')}"
        )
    scales = sorted({r["scale"] for r in rows}, key=lambda s: (s != "small", s))
    for scale in scales:
        parts += ["", f"## {scale}", "", table([r for r in rows if r["scale"] == scale])]
    return "\n".join(parts) + "\n"
