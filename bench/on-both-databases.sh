#!/usr/bin/env bash
# Run a benchmark on SQLite and then on a throwaway PostgreSQL cluster:
#   bench/on-both-databases.sh bench/search_quality.py [options]
set -euo pipefail
cd "$(dirname "$0")/.."
script=$1
shift
echo "== SQLite"
env -u DATABASE_URL .venv/bin/python "$script" "$@"
echo "== PostgreSQL"
.ci/with-postgres .venv/bin/python "$script" "$@"
