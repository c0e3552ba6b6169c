#!/usr/bin/env python3
"""DuckDB's read_ndjson on one thread: parse every column into a table, then write it back as NDJSON.

usage: ndjson_duckdb.py FILE OUT    prints `MODE records=N seconds=S cpu_seconds=C` lines like ndjson-bench
"""
import os
import sys
import time

import duckdb


def timed(mode, work):
    wall, cpu = time.perf_counter(), time.process_time()
    records = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{mode} records={records} seconds={wall} cpu_seconds={cpu}", flush=True)


def main():
    path, out = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute("SET threads=1")

    def parse():
        # A table of all columns forces every field to be parsed (a count(*) could skip them).
        con.execute(f"CREATE TABLE orders AS SELECT * FROM read_ndjson('{path}')")
        return con.execute("SELECT count(*) FROM orders").fetchone()[0]

    timed("parse", parse)

    def write():
        con.execute(f"COPY orders TO '{out}' (FORMAT JSON)")
        return con.execute("SELECT count(*) FROM orders").fetchone()[0]

    timed("write", write)
    os.remove(out)
    print(f"version {duckdb.__version__}")


if __name__ == "__main__":
    main()
