#!/usr/bin/env python3
"""DuckDB (one thread) on the same subqueries as bench/subquery.sh runs through velo-run.

usage: duckdb_subquery.py DATA TABLE_CSV QUERY [CHECK_OUT]
Prints `cpu_seconds=C wall_seconds=W` for the query written to a scratch file in memory (/dev/shm): DuckDB
locks the file it copies to, so two benchmarks writing to /dev/null at once fail. With CHECK_OUT, also
writes the result as NDJSON there (untimed) for the cross-check.
"""
import os
import sys
import tempfile
import time

import duckdb

QUERIES = {
    "in": "SELECT trade_id, symbol FROM read_ndjson('{d}') "
          "WHERE symbol IN (SELECT symbol FROM read_csv('{t}') WHERE active = 1)",
    "exists": "SELECT trade_id, symbol FROM read_ndjson('{d}') t "
              "WHERE EXISTS (SELECT 1 FROM read_csv('{t}') r WHERE r.symbol = t.symbol AND r.active = 1)",
    "not_exists": "SELECT trade_id, symbol FROM read_ndjson('{d}') t "
                  "WHERE NOT EXISTS (SELECT 1 FROM read_csv('{t}') r WHERE r.symbol = t.symbol AND r.max_qty < t.quantity)",
    "scalar": "SELECT trade_id, (SELECT max_qty FROM read_csv('{t}') r WHERE r.symbol = t.symbol) AS max_qty "
              "FROM read_ndjson('{d}') t",
}

data, table, name = sys.argv[1], sys.argv[2], sys.argv[3]
query = QUERIES[name].format(d=data, t=table)
con = duckdb.connect()
con.execute("SET threads=1")
scratch_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
fd, scratch = tempfile.mkstemp(suffix=".json", dir=scratch_dir)
os.close(fd)
wall, cpu = time.perf_counter(), time.process_time()
con.execute(f"COPY ({query}) TO '{scratch}' (FORMAT JSON)")
os.unlink(scratch)
print(f"cpu_seconds={time.process_time() - cpu:.3f} wall_seconds={time.perf_counter() - wall:.3f}")
if len(sys.argv) > 4:
    con.execute(f"COPY ({query}) TO '{sys.argv[4]}' (FORMAT JSON)")
