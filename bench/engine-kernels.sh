#!/usr/bin/env bash
# Micro-benchmarks of the SQL runtime kernels (window store, group keys, expressions, timestamps,
# histogram, JSON output). Needs a release build (`make bench` does it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/EngineKernelsBench
[ -x "$bin" ] || swift build -c release --product EngineKernelsBench
"$bin" --records "${RECORDS:-2000000}" --keys "${KEYS:-1000}"
