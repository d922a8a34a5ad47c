#!/bin/sh
# bench/python/run.sh -- `make bench-python`: the programs bench/python/bm_*.py
# under pymalloc, objheap, glibc malloc and mimalloc, on one libpython.
#
# Usage: PYTHON=STOCK sh bench/python/run.sh LAUNCHER
#   STOCK     the stock python3.11 linked against the libpython that
#             LAUNCHER (build/objheap-python) embeds: the Makefile's PYTHON
#   BENCH_RUNS   runs per program and configuration (default 5)
#   BENCH_ONLY   comma-separated program names (default: all)
# The table (markdown) is printed and kept in build/bench-python.md.
: "${PYTHON:?set PYTHON to the matching stock interpreter}"
exec "$PYTHON" "$(dirname "$0")/run.py" --python "$PYTHON" \
    --launcher "$1" --runs "${BENCH_RUNS:-5}" --only "${BENCH_ONLY:-}" \
    --out build/bench-python.md
