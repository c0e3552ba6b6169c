#!/usr/bin/env python3
"""DuckDB (one thread) on the same NDJSON file and queries as bench/run.sh runs through velo-run.

usage: duckdb_queries.py DATA QUERY [CHECK_OUT]
Prints `cpu_seconds=C wall_seconds=W` for the query written to /dev/null; with CHECK_OUT, also writes the
result as NDJSON there (untimed) for the cross-check.
"""
import sys

import duckdb
from duckdb_timed import timed_copy

QUERIES = {
    "filter": "SELECT trade_id, symbol, price * quantity AS notional FROM read_ndjson('{d}') "
              "WHERE price > 900 AND side = 'BUY'",
    "groupby": "SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price "
               "FROM read_ndjson('{d}') GROUP BY symbol",
    "tumbling": "SELECT symbol, COUNT(*) AS n, SUM(quantity) AS qty, AVG(price) AS avg_price, "
                "ts - ts % 1000 AS ws FROM read_ndjson('{d}') GROUP BY symbol, ts - ts % 1000",
}

data, name = sys.argv[1], sys.argv[2]
query = QUERIES[name].format(d=data)
con = duckdb.connect()
con.execute("SET threads=1")
timed_copy(con, query)
if len(sys.argv) > 3:
    con.execute(f"COPY ({query}) TO '{sys.argv[3]}' (FORMAT JSON)")
