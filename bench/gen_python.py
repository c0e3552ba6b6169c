"""The velo-gen benchmark's peer: the same 7-field orders shape from Python Faker or Mimesis, as NDJSON.

usage: gen_python.py faker|mimesis N OUT    (prints `records=N seconds=S cpu_seconds=C`)
"""
import json
import random
import sys
import time

STATUSES = ["PENDING", "PAID", "SHIPPED", "DELIVERED", "CANCELLED"]
WEIGHTS = [10, 30, 30, 25, 5]


def main():
    library, n, out = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
    started, cpu = time.perf_counter(), time.process_time()
    if library == "faker":
        from faker import Faker
        fake = Faker()
        Faker.seed(1)
        order_id = lambda: fake.bothify("ORD-???-######", letters="ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        note = lambda: fake.pystr(min_chars=5, max_chars=12)
        customers = [fake.numerify("CUST-######") for _ in range(1000)]
        rng = fake.random
    else:
        from mimesis import Generic
        from mimesis.random import Random
        generic = Generic(seed=1)
        rng = Random(1)
        order_id = lambda: "ORD-" + generic.random.generate_string_by_mask("@@@-######")
        note = lambda: generic.text.word()
        customers = ["CUST-%06d" % i for i in range(1, 1001)]
    now = int(time.time() * 1000)
    start, step = now - 3_600_000, 3_600_000 / n
    with open(out, "w") as f:
        for i in range(n):
            amount = rng.gauss(120, 40)
            while not 0 <= amount <= 1000:
                amount = rng.gauss(120, 40)
            record = {
                "order_id": order_id(),
                "status": rng.choices(STATUSES, WEIGHTS)[0],
                "amount": round(amount, 4),
                "quantity": rng.randint(1, 10),
                "event_time": int(start + (i + rng.random()) * step),
                "note": None if rng.random() < 0.1 else note(),
                "customer_id": rng.choice(customers),
            }
            f.write(json.dumps(record, separators=(",", ":")))
            f.write("\n")
    print(f"records={n} seconds={time.perf_counter() - started:.3f} cpu_seconds={time.process_time() - cpu:.3f}")


if __name__ == "__main__":
    main()
