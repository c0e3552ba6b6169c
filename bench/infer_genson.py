"""Schema inference of an NDJSON file with genson (JSON Schema), the way a Python user would do it:
json.loads each line and add it to a SchemaBuilder. Prints `genson records=N seconds=S cpu_seconds=C`."""
import json
import sys
import time

from genson import SchemaBuilder

path = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
builder = SchemaBuilder()
n = 0
with open(path, "rb") as f:
    for line in f:
        builder.add_object(json.loads(line))
        n += 1
schema = builder.to_schema()
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
assert "properties" in schema
print(f"infer records={n} seconds={wall:.3f} cpu_seconds={cpu:.3f}")
