#!/usr/bin/env python3
"""Python's json module on the NDJSON benchmark file: parse, write and round trip.

usage: ndjson_python.py FILE    prints `MODE records=N seconds=S cpu_seconds=C` lines like ndjson-bench
"""
import json
import os
import sys
import time


def timed(mode, records, work):
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{mode} records={records} seconds={wall} cpu_seconds={cpu}", flush=True)


def main():
    path = sys.argv[1]
    values = []

    def parse():
        with open(path, "rb") as f:
            for line in f:
                if line.strip():
                    values.append(json.loads(line))

    timed("parse", sum(1 for _ in open(path, "rb")), parse)

    def write():
        with open(os.devnull, "w") as out:
            dumps = json.dumps
            for value in values:
                out.write(dumps(value, separators=(",", ":"), ensure_ascii=False))
                out.write("\n")

    timed("write", len(values), write)

    def roundtrip():
        with open(path, "rb") as f, open(os.devnull, "w") as out:
            for line in f:
                out.write(json.dumps(json.loads(line), separators=(",", ":"), ensure_ascii=False))
                out.write("\n")

    timed("roundtrip", len(values), roundtrip)


if __name__ == "__main__":
    main()
