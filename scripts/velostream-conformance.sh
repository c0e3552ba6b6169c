#!/usr/bin/env bash
# Runs Velostream's own demo and example SQL through `velo-run --check`, and its test specs through
# `velo-run --spec` (a folder's `test_spec.yaml` with each of its SQL files), in a scratch folder, and prints
# one table of the results (docs/velostream-compatibility.md holds the latest output and explains each
# difference).
#
#   scripts/velostream-conformance.sh PATH_TO_VELOSTREAM_GIT [VELO_RUN]
#
# PATH_TO_VELOSTREAM_GIT is a clone or a bare repository of velostreamai/velostream; its HEAD is used.
# VELO_RUN defaults to velo-run on PATH, else .build/debug/velo-run. Nothing is written outside a temporary folder.
set -uo pipefail

if [ $# -lt 1 ]; then
    echo "usage: $0 PATH_TO_VELOSTREAM_GIT [VELO_RUN]" >&2
    exit 2
fi
repo=$1
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${2:-$(command -v velo-run || echo "$here/.build/debug/velo-run")}
if [ ! -x "$bin" ]; then
    echo "$0: no velo-run at '$bin' (build it: swift build --product velo-run)" >&2
    exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") # the runs below change folder
gitdir=$repo
[ -d "$repo/.git" ] && gitdir=$repo/.git
if ! git --git-dir="$gitdir" rev-parse --verify -q HEAD >/dev/null; then
    echo "$0: '$repo' is not a git repository" >&2
    exit 2
fi
command -v jq >/dev/null || { echo "$0: jq is needed (deps/apt.txt)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git --git-dir="$gitdir" archive HEAD demo examples | tar -x -C "$work"
echo "velostream $(git --git-dir="$gitdir" rev-parse --short HEAD), $("$bin" --version 2>/dev/null || echo velo-run)"
echo

# 1. Every SQL file through --check (run from the file's folder, as a user would).
printf '%-62s %s\n' "SQL file (--check)" result
checked=0; accepted=0
while IFS= read -r sql; do
    rel=${sql#"$work"/}
    checked=$((checked + 1))
    if out=$(cd "$(dirname "$sql")" && "$bin" --check "$(basename "$sql")" 2>&1); then
        accepted=$((accepted + 1))
        printf '%-62s %s\n' "$rel" "ok"
    else
        first=$(printf '%s\n' "$out" | grep -m1 'error:' | sed 's/^velo-run: error: //' | cut -c1-110)
        printf '%-62s %s\n' "$rel" "FAIL ${first}"
    fi
done < <(find "$work" -name '*.sql' | sort)
echo "accepted $accepted of $checked"
echo

# 2. Every test spec through --spec, with the SQL file of the same name (beside it, or in ../apps). A
# `test_spec.yaml` covers every SQL file of its folder (Velostream's demo/quickstart): each file runs with it
# (file-only mode when all its sources and sinks are files), and each query counts once, from the run of
# the file that holds its job (the other runs report it skipped).
printf '%-62s %s\n' "spec query (--spec)" result
queries=0; passed=0
report_queries() { # $1 = label prefix, stdin = the JSON report
    jq -r '.queries[] | select(.status != "skipped") | [.name, .status,
        ((.error // "") + ([.assertions[]? | select(.passed == false) | .type + " (" + .message + ")"] | if length > 0 then " failed: " + join(", ") else "" end)
        | .[0:110])] | @tsv' | while IFS=$'\t' read -r name status detail; do
        printf '%-62s %s\n' "$1: $name" "$status${detail:+ $detail}"
    done
}
run_spec() { # $1 = spec, $2 = SQL file; prints the table rows and counts
    local dir rel report
    dir=$(dirname "$2")
    rel=${1#"$work"/}
    report=$(cd "$dir" && timeout 300 "$bin" --spec "$1" "$2" -o json --seed 42 2>"$work/stderr")
    if ! printf '%s' "$report" | jq -e . >/dev/null 2>&1; then
        printf '%-62s %s\n' "$rel ($(basename "$2"))" "ERROR $(grep -m1 'error' "$work/stderr" | cut -c1-100)"
        return
    fi
    printf '%s' "$report" | report_queries "$rel"
    queries=$((queries + $(printf '%s' "$report" | jq '[.queries[] | select(.status != "skipped")] | length')))
    passed=$((passed + $(printf '%s' "$report" | jq '[.queries[] | select(.status == "passed")] | length')))
}
while IFS= read -r spec; do
    dir=$(dirname "$spec")
    if [ "$(basename "$spec")" = test_spec.yaml ]; then
        while IFS= read -r sql; do run_spec "$spec" "$sql"; done < <(find "$dir" -maxdepth 1 -name '*.sql' | sort)
        continue
    fi
    base=$(basename "$spec" .test.yaml)
    sql=""
    for candidate in "$dir/$base.sql" "$dir/../apps/$base.sql"; do
        [ -f "$candidate" ] && { sql=$candidate; break; }
    done
    if [ -z "$sql" ]; then
        printf '%-62s %s\n' "${spec#"$work"/}" "no SQL file named $base.sql"
        continue
    fi
    run_spec "$spec" "$sql"
done < <(find "$work" \( -name '*.test.yaml' -o -name test_spec.yaml \) | sort)
echo "passed $passed of $queries spec queries"

# 3. What the file-only runs wrote (Velostream's quickstart writes its outputs under output/).
written=$(cd "$work" && find . -path '*/output/*' -type f | sed 's|^\./||' | sort)
if [ -n "$written" ]; then
    echo
    echo "files written by file-only runs:"
    while IFS= read -r f; do
        printf '  %-60s %s lines\n' "$f" "$(wc -l <"$work/$f" | tr -d ' ')"
    done <<<"$written"
fi
