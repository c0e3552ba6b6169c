# Sourced by the bench scripts: the trades data, a release velo-run and DuckDB's Python package.

# trades_file N PATH: N NDJSON trades over 1,000 symbols, generated once.
trades_file() {
    if [ ! -f "$2" ]; then
        echo "generating $2" >&2
        python3 bench/gen_trades.py "$1" 1000 10000 "$2"
    fi
}

# build_velo_run: a release velo-run in $BIN.
build_velo_run() {
    echo "building velo-run (release)" >&2
    swift build -c release --product velo-run >/dev/null
    BIN=$(swift build -c release --show-bin-path)/velo-run
}

# with_duckdb: $PY is a Python with duckdb (installed into bench/.venv when missing); HAVE_DUCKDB=1 if so.
with_duckdb() {
    PY=${PY:-bench/.venv/bin/python}
    if [ ! -x "$PY" ] || ! "$PY" -c 'import duckdb' 2>/dev/null; then
        python3 -m venv bench/.venv >/dev/null 2>&1 || true
        bench/.venv/bin/pip install -q duckdb >/dev/null 2>&1 || true
    fi
    HAVE_DUCKDB=0
    "$PY" -c 'import duckdb' 2>/dev/null && HAVE_DUCKDB=1
    return 0
}
