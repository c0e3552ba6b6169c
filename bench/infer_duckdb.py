"""DuckDB's schema detection on an NDJSON file, one thread: DESCRIBE over read_json_auto, once with its
default sample (the first 20,480 records) and once reading every record (sample_size=-1), which is what
velo-infer does. Prints `MODE records=N seconds=S cpu_seconds=C` lines."""
import sys
import time

import duckdb

path, n = sys.argv[1], int(sys.argv[2])
con = duckdb.connect()
con.execute("SET threads=1")
for mode, extra in (("describe-sampled", ""), ("describe-full", ", sample_size=-1")):
    start, cpu = time.perf_counter(), time.process_time()
    rows = con.execute(f"DESCRIBE SELECT * FROM read_json_auto('{path}'{extra})").fetchall()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(rows) > 0
    print(f"{mode} records={n} seconds={wall:.3f} cpu_seconds={cpu:.3f}")
