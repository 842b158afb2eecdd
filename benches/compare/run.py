"""`make bench-compare`: tourney beside what an operator would use instead, in one
run, interleaved, several rounds; prints the medians and the ratios as a table.

Measured here: scoring an NDJSON export with `tourney dry-run` and with DuckDB (one
thread, the same semantics: `duckdb_score.py`), each result checked against the
other; and a process start of `tourney` beside `/bin/true`.
"""

import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOURNEY = os.path.join(ROOT, "target", "release", "tourney")
TOURNAMENTS = {
    "realtime-race": os.path.join(HERE, "realtime-race.tourney"),
    "weekend-slots": os.path.join(ROOT, "examples", "tournaments", "weekend-slots.tourney"),
}


def tourney_score(name: str, events: str) -> tuple[float, int, list[str]]:
    started = time.perf_counter()
    out = subprocess.run(
        [TOURNEY, "dry-run", TOURNAMENTS[name], "--events", events, "--format", "json"],
        check=True,
        capture_output=True,
    ).stdout
    seconds = time.perf_counter() - started
    report = json.loads(out)
    top = [row["score"] for row in report["board"]]
    return seconds, report["summary"]["counted"], top


def duckdb_score(name: str, events: str) -> tuple[float, int, list[str]]:
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "duckdb_score.py"), name, events],
        check=True,
        capture_output=True,
    ).stdout
    r = json.loads(out)
    return r["seconds"], r["counted"], r["top"]


def starts(cmd: list[str], n: int = 300) -> float:
    """The median wall time of starting `cmd`, in milliseconds."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    events, rounds = sys.argv[1], int(sys.argv[2])
    lines = sum(1 for _ in open(events, "rb"))
    rows = []
    for name in TOURNAMENTS:
        ours, theirs = [], []
        for _ in range(rounds):
            t, counted, top = tourney_score(name, events)
            d, d_counted, d_top = duckdb_score(name, events)
            if (counted, top) != (d_counted, d_top[: len(top)]):
                sys.exit(f"{name}: tourney and DuckDB disagree ({counted} vs {d_counted} counted)")
            ours.append(t)
            theirs.append(d)
        a, b = statistics.median(ours), statistics.median(theirs)
        rows.append(
            (
                f"score {lines:,} NDJSON lines, {name} ({counted:,} counted, same board)",
                f"{a:.2f} s",
                f"DuckDB, one thread: {b:.2f} s",
                f"{b / a:.2f}",
            )
        )
    ours = [starts([TOURNEY, "--version"]) for _ in range(rounds)]
    true = [starts(["/bin/true"]) for _ in range(rounds)]
    a, b = statistics.median(ours), statistics.median(true)
    rows.append(
        (
            "a process start (`tourney --version`)",
            f"{a:.2f} ms",
            f"`/bin/true`: {b:.2f} ms",
            f"+{a - b:.2f} ms",
        )
    )
    print(f"medians of {rounds} interleaved rounds\n")
    print("| measure | tourney | reference, same run | ratio (reference / tourney) |")
    print("|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
