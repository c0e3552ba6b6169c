#!/usr/bin/env python3
"""Deterministic data for bench/join.sh.

  gen_join.py instruments OUT.csv   1,000 reference rows: symbol,name,sector,lot. SYM0000–SYM0899 are the
                                    trade symbols of gen_trades.py (SYM0900–SYM0999 get no row, so a LEFT
                                    JOIN has misses); 100 more rows name symbols no trade has.
  gen_join.py quotes N KEYS RATE OUT  N quote records {"quote_id","symbol","bid","ts"}, KEYS symbols, event
                                    time from 2024-01-01T00:00:00Z advancing 1000/RATE ms per record.
Same arguments → byte-identical output.
"""
import random
import sys

kind = sys.argv[1]
if kind == "instruments":
    out = sys.argv[2]
    sectors = ("tech", "energy", "finance", "health", "retail")
    with open(out, "w") as f:
        f.write("symbol,name,sector,lot\n")
        for i in list(range(900)) + list(range(1000, 1100)):
            f.write("SYM%04d,Instrument %d,%s,%d\n" % (i, i, sectors[i % 5], 1 + i % 100))
elif kind == "quotes":
    n, keys, rate, out = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    rng = random.Random(7)
    start = 1704067200000
    step = 1000.0 / rate
    with open(out, "w") as f:
        buf = []
        for i in range(n):
            buf.append('{"quote_id":%d,"symbol":"SYM%04d","bid":%s,"ts":%d}\n'
                       % (i, rng.randrange(keys), repr(rng.randrange(100, 100000) / 100), start + int(i * step)))
            if len(buf) >= 10000:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))
else:
    sys.exit("usage: gen_join.py instruments OUT | quotes N KEYS RATE OUT")
