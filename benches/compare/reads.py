"""Reads beside Redis: a random player's rank and the top 100, over `tourney run`'s
HTTP read API with `wrk` and over Redis with `redis-benchmark`, at 1 and 8
connections, interleaved, medians of the rounds. Both hold the same board: Redis is
loaded with every player's score from `tourney dry-run` on the same events.

Usage: reads.py EVENTS ROUNDS TOURNEY
"""

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
RACE = os.path.join(HERE, "realtime-race.tourney")
ID = "realtime-race"
TOKEN = "bench-compare-token"
SECONDS = int(os.environ.get("TOURNEY_COMPARE_READ_SECONDS", "5"))
KEY = "board"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scores(tourney: str, events: str) -> list[tuple[str, float]]:
    """Every player on the race's board with its score, from the dry-run."""
    out = subprocess.run(
        [tourney, "dry-run", RACE, "--events", events, "--format", "json", "--top", "100000000"],
        check=True,
        capture_output=True,
    ).stdout
    return [(e["player_id"], float(e["score"])) for e in json.loads(out)["board"]]


def resp(*args: str) -> bytes:
    parts = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(parts)


def redis_member(place: int) -> str:
    """The member of the player at `place` (from 0): `player-` and the 12 digits
    `redis-benchmark`'s `__rand_int__` puts in, so every key it asks is on the board."""
    return f"player-{place:012d}"


def start_redis(board: list[tuple[str, float]]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    load = b"".join(resp("ZADD", KEY, repr(s), redis_member(i)) for i, (_, s) in enumerate(board))
    subprocess.run(["redis-cli", "-p", str(port), "--pipe"], input=load, check=True, capture_output=True)
    return server, port


def get(url: str):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def start_tourney(tourney: str, events: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, TOURNEY_TOKENS=f"operator-123={TOKEN}")
    server = subprocess.Popen(
        [tourney, "run", RACE, "--events", events, "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            if finished(base):
                return server, base
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    sys.exit("bench-compare: `tourney run` did not finish reading the events in 300 s")


def finished(base: str) -> bool:
    return get(f"{base}/v1/tournaments/{ID}").get("phase") == "finished"


WRK_SCRIPT = """
math.randomseed(7)
local players = {}
for line in io.lines("%s") do players[#players + 1] = line end
wrk.headers["Authorization"] = "Bearer %s"
request = function()
  return wrk.format("GET", "/v1/tournaments/%s/players/" .. players[math.random(1, #players)])
end
"""


def wrk(base: str, path: str, conns: int, script: str | None) -> tuple[float, float]:
    """Requests per second and p99 in ms."""
    cmd = ["wrk", "-t1", f"-c{conns}", f"-d{SECONDS}s", "--latency"]
    cmd += ["-s", script] if script else ["-H", f"Authorization: Bearer {TOKEN}"]
    out = subprocess.run(cmd + [base + path], check=True, capture_output=True, text=True).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        sys.exit(f"bench-compare: wrk saw error answers:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def bench(port: int, conns: int, requests: int, players: int, *command: str) -> tuple[float, float]:
    cmd = ["redis-benchmark", "-p", str(port), "-c", str(conns), "-n", str(requests)]
    cmd += ["-r", str(players), "--csv", *command]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    row = [line for line in out.splitlines() if not line.startswith('"test"')][-1]
    cells = [c.strip('"') for c in row.split(",")]
    return float(cells[1]), float(cells[6])


def main() -> None:
    events, rounds, tourney = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    board = scores(tourney, events)
    players = len(board)
    redis, rport = start_redis(board)
    server, base = start_tourney(tourney, events)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("".join(p + "\n" for p, _ in board))
        names = f.name
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % (names, TOKEN, ID))
        script = f.name
    cases = {}
    try:
        for _ in range(rounds):
            for conns in (1, 8):
                cases.setdefault(("rank", conns), []).append(
                    (wrk(base, "/", conns, script), bench(rport, conns, 200000, players, "ZREVRANK", KEY, "player-__rand_int__"))
                )
                cases.setdefault(("top 100", conns), []).append(
                    (wrk(base, f"/v1/tournaments/{ID}/leaderboard?top=100", conns, None), bench(rport, conns, 50000, players, "ZREVRANGE", KEY, "0", "99", "WITHSCORES"))
                )
    finally:
        server.kill()
        redis.kill()
        os.unlink(script)
        os.unlink(names)
    print(f"\nreads over {players:,} players, medians of {rounds} interleaved rounds, {SECONDS} s per wrk run\n")
    print("| read | connections | tourney (wrk, HTTP) | Redis (redis-benchmark) | throughput ratio | p99 ratio |")
    print("|---|---|---|---|---|---|")
    for (what, conns), runs in cases.items():
        ours_rps = statistics.median(r[0][0] for r in runs)
        ours_p99 = statistics.median(r[0][1] for r in runs)
        theirs_rps = statistics.median(r[1][0] for r in runs)
        theirs_p99 = statistics.median(r[1][1] for r in runs)
        print(
            f"| {what} | {conns} | {ours_rps:,.0f} req/s, p99 {ours_p99:.3f} ms | "
            f"{theirs_rps:,.0f} req/s, p99 {theirs_p99:.3f} ms | "
            f"{ours_rps / theirs_rps:.2f} | {theirs_p99 / ours_p99:.2f} |"
        )


if __name__ == "__main__":
    main()
