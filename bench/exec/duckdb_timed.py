"""One timed DuckDB COPY of a query to /dev/null, shared by the bench scripts' DuckDB peers."""
import time

import duckdb


def timed_copy(con, query):
    """Prints `cpu_seconds=C wall_seconds=W` for COPY (query) TO '/dev/null'.

    DuckDB locks its COPY target, so another benchmark writing to /dev/null at the same moment makes it
    fail at once; wait for that one to finish (the timed run is the one that succeeds).
    """
    for attempt in range(120):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            con.execute(f"COPY ({query}) TO '/dev/null' (FORMAT JSON)")
            break
        except duckdb.IOException as e:
            if "lock" not in str(e) or attempt == 119:
                raise
            time.sleep(1)
    print(f"cpu_seconds={time.process_time() - cpu:.3f} wall_seconds={time.perf_counter() - wall:.3f}")
