#!/usr/bin/env bash
# The 30-second tour from the README, run against the freshly built release binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
export PATH="$PWD/$BIN:$PATH"
tools=$(ls Sources | grep '^velo-' || true)
if [[ -z "$tools" ]]; then
  echo "No tools are built yet: only the Shared library exists. Run 'make test' to run its suite."
  exit 0
fi
echo "Built tools: $tools"
