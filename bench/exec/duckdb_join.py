#!/usr/bin/env python3
"""DuckDB (one thread) on the same files and joins as bench/join.sh runs through velo-run.

usage: duckdb_join.py table TRADES INSTRUMENTS [CHECK_OUT]
       duckdb_join.py interval TRADES QUOTES [CHECK_OUT]
Prints `cpu_seconds=C wall_seconds=W` for the query written to /dev/null; with CHECK_OUT, also writes the
result as NDJSON there (untimed) for the cross-check.
"""
import sys

import duckdb
from duckdb_timed import timed_copy

QUERIES = {
    "table": "SELECT t.trade_id, t.symbol, t.price * t.quantity AS notional, i.sector, i.lot "
             "FROM read_ndjson('{a}') t LEFT JOIN read_csv('{b}', header = true) i ON t.symbol = i.symbol",
    "interval": "SELECT t.trade_id, q.quote_id, t.price - q.bid AS spread "
                "FROM read_ndjson('{a}') t JOIN read_ndjson('{b}') q ON t.symbol = q.symbol "
                "AND q.ts BETWEEN t.ts - 50 AND t.ts + 50",
}

name, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
query = QUERIES[name].format(a=a, b=b)
con = duckdb.connect()
con.execute("SET threads=1")
timed_copy(con, query)
if len(sys.argv) > 4:
    con.execute(f"COPY ({query}) TO '{sys.argv[4]}' (FORMAT JSON)")
