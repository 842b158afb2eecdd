"""The reference of `make bench-compare`: the same scoring in DuckDB, on one thread.

Usage: duckdb_score.py (realtime-race|weekend-slots) EVENTS.ndjson

Prints one JSON object: the query's wall time in seconds, the wagers counted and the
top 100 scores (best first), so the script can check both tools agree. The
semantics are the tournaments' own: the filter, one count per wagerId, the
multipliers, currency conversion, and for weekend-slots the cap of 5000 points per
player per hour (points are never negative, so capping each hour's sum is the same
as capping wager by wager).
"""

import json
import sys
import time

import duckdb

COLUMNS = {
    "wagerId": "VARCHAR",
    "playerId": "VARCHAR",
    "operatorId": "VARCHAR",
    "gameId": "VARCHAR",
    "gameCategory": "VARCHAR",
    "wagerAmount": "DECIMAL(18,2)",
    "currency": "VARCHAR",
    "playerSegment": "VARCHAR",
    "jurisdiction": "VARCHAR",
    "timestamp": "TIMESTAMPTZ",
}

WINDOW = """operatorId = 'operator-123'
  AND "timestamp" >= TIMESTAMPTZ '2024-11-15 00:00:00+00'
  AND "timestamp" < TIMESTAMPTZ '2024-11-18 00:00:00+00'"""

RACE = f"""
WITH w AS (
  SELECT DISTINCT ON (wagerId) * FROM events
  WHERE {WINDOW} AND gameId IS NOT NULL AND currency IN ('EUR', 'USD', 'GBP')
),
p AS (
  SELECT playerId,
         wagerAmount * (CASE WHEN gameCategory = 'slots' THEN 2 ELSE 1 END)
           * (CASE currency WHEN 'EUR' THEN 1.00 WHEN 'USD' THEN 0.92 ELSE 1.17 END) AS points
  FROM w
)
SELECT playerId, sum(points) AS score, count(*) AS n FROM p GROUP BY playerId
"""

WEEKEND = f"""
WITH w AS (
  SELECT DISTINCT ON (wagerId) * FROM events
  WHERE {WINDOW} AND gameCategory = 'slots' AND currency = 'EUR' AND wagerAmount >= 10.00
    AND playerSegment IN ('VIP', 'Gold')
    AND (jurisdiction IS NULL OR jurisdiction <> 'GB')
),
h AS (
  SELECT playerId, date_trunc('hour', "timestamp") AS hour,
         least(sum(wagerAmount * (CASE WHEN gameId IN ('slot-1', 'slot-2') THEN 2 ELSE 1 END)), 5000) AS points,
         count(*) AS n
  FROM w GROUP BY playerId, hour
)
SELECT playerId, sum(points) AS score, sum(n) AS n FROM h GROUP BY playerId
"""


def main() -> None:
    name, path = sys.argv[1], sys.argv[2]
    query = {"realtime-race": RACE, "weekend-slots": WEEKEND}[name]
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET TimeZone = 'UTC'")
    started = time.perf_counter()
    columns = ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items())
    quoted = path.replace("'", "''")
    con.execute(
        f"CREATE TEMP VIEW events AS SELECT * FROM read_json('{quoted}', "
        f"format = 'newline_delimited', columns = {{{columns}}})"
    )
    rows = con.execute(f"SELECT score, n FROM ({query}) ORDER BY score DESC").fetchall()
    seconds = time.perf_counter() - started
    top = [format(r[0].normalize(), "f") for r in rows[:100]]
    counted = sum(int(r[1]) for r in rows)
    print(json.dumps({"seconds": seconds, "counted": counted, "top": top}))


if __name__ == "__main__":
    main()
