#!/usr/bin/env python3
"""DuckDB (one thread) computing the same row-window results as bench/rowwin.sh asks of velo-run.

usage: duckdb_rowwin.py DATA QUERY [CHECK_OUT]
The input is in arrival order (trade_id) with ascending ts, so `ORDER BY ts, trade_id` over the whole
partition gives what velo-run's buffer gives when the buffer covers what each call reads.
Prints `cpu_seconds=C wall_seconds=W`; with CHECK_OUT also writes the result as NDJSON there (untimed).
"""
import sys
import time

import duckdb

W = "PARTITION BY symbol ORDER BY ts, trade_id"
QUERIES = {
    "lag": f"SELECT trade_id, price - LAG(price) OVER ({W}) AS change FROM read_ndjson('{{d}}')",
    "moving": f"SELECT trade_id, AVG(price) OVER ({W} ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS ma10, "
              f"MAX(price) OVER ({W} ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS hi10 FROM read_ndjson('{{d}}')",
    "lead": f"SELECT trade_id, LEAD(price) OVER ({W}) AS next_price FROM read_ndjson('{{d}}')",
}

data, name = sys.argv[1], sys.argv[2]
query = QUERIES[name].format(d=data)
con = duckdb.connect()
con.execute("SET threads=1")
wall, cpu = time.perf_counter(), time.process_time()
con.execute(f"COPY ({query}) TO '/dev/null' (FORMAT JSON)")
print(f"cpu_seconds={time.process_time() - cpu:.3f} wall_seconds={time.perf_counter() - wall:.3f}")
if len(sys.argv) > 3:
    con.execute(f"COPY ({query}) TO '{sys.argv[3]}' (FORMAT JSON)")
