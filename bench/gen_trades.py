#!/usr/bin/env python3
"""Deterministic trade records for bench/run.sh: gen_trades.py N KEYS RATE_PER_SEC OUT.

Each line: {"trade_id":i,"symbol":"SYM0042","price":123.45,"quantity":17,"side":"BUY","ts":<epoch ms>}.
Event time starts at 2024-01-01T00:00:00Z and advances by 1000/RATE ms per record (ascending), so a
1-second tumbling window holds RATE records. Same arguments → byte-identical output.
"""
import random
import sys

n, keys, rate, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(42)
start = 1704067200000
step = 1000.0 / rate
sides = ("BUY", "SELL")
with open(out, "w") as f:
    buf = []
    for i in range(n):
        sym = "SYM%04d" % rng.randrange(keys)
        price = rng.randrange(100, 100000) / 100
        qty = rng.randrange(1, 1000)
        ts = start + int(i * step)
        buf.append('{"trade_id":%d,"symbol":"%s","price":%s,"quantity":%d,"side":"%s","ts":%d}\n'
                   % (i, sym, repr(price), qty, sides[i & 1], ts))
        if len(buf) >= 10000:
            f.write("".join(buf))
            buf = []
    f.write("".join(buf))
