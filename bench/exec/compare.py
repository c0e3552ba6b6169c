#!/usr/bin/env python3
"""Cross-checks velo-run's output against DuckDB's: same rows (as multisets), numbers equal to 1e-6.

usage: compare.py VELO.ndjson DUCKDB.ndjson KEY,KEY…   exit 1 on any difference.
"""
import json
import sys


def rows(path):
    out = []
    with open(path) as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                out.append({k: (round(v, 6) if isinstance(v, float) else v) for k, v in o.items()})
    return out


velo, duck, keys = rows(sys.argv[1]), rows(sys.argv[2]), sys.argv[3].split(",")
key = lambda r: tuple(str(r.get(k)) for k in keys)
a, b = sorted(velo, key=key), sorted(duck, key=key)
if len(a) != len(b):
    print(f"DIFFERENT: velo-run {len(a)} rows, duckdb {len(b)} rows")
    sys.exit(1)
for x, y in zip(a, b):
    for k in y:
        vx, vy = x.get(k), y.get(k)
        if isinstance(vx, (int, float)) and isinstance(vy, (int, float)):
            if abs(vx - vy) > 1e-6 * max(1, abs(vy)):
                print(f"DIFFERENT at {key(y)} {k}: velo-run {vx}, duckdb {vy}")
                sys.exit(1)
        elif vx != vy:
            print(f"DIFFERENT at {key(y)} {k}: velo-run {vx}, duckdb {vy}")
            sys.exit(1)
print(f"same {len(a)} rows")
