#!/usr/bin/env python3
"""Writes deterministic order-like NDJSON records (about 105 bytes each) for the benchmarks.

usage: gen-orders.py COUNT OUTPUT   (OUTPUT '-' for stdout; written to a temp file, then renamed)
"""
import os
import random
import sys

STATUSES = ["new", "paid", "shipped", "delivered", "cancelled"]


def records(count):
    rng = random.Random(42)
    ts = 1_700_000_000_000
    for i in range(count):
        ts += rng.randint(0, 40)
        quantity = rng.randint(1, 9)
        price = rng.randint(100, 99_999) / 100
        # Some whole amounts written as floats (95496.0) so the round trip of ".0" is exercised.
        amount = float(rng.randint(1, 99_999)) if i % 10 == 0 else round(price * quantity, 2)
        yield ('{"id":%d,"cust":"C%05d","qty":%d,"price":%s,'
               '"amount":%s,"status":"%s","ts":%d}\n'
               % (1_000_000 + i, rng.randint(0, 99_999), quantity, repr(price),
                  repr(amount), rng.choice(STATUSES), ts))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    count, output = int(sys.argv[1]), sys.argv[2]
    if output == "-":
        sys.stdout.writelines(records(count))
        return
    tmp = output + ".tmp"
    with open(tmp, "w") as f:
        f.writelines(records(count))
    os.replace(tmp, output)


if __name__ == "__main__":
    main()
