#!/usr/bin/env bash
# Stops the cluster started by scripts/pg-test-start.sh and removes its
# directory. Takes the directory as $1 or from XXGK_TEST_PG_DIR.
set -euo pipefail

dir=${1:-${XXGK_TEST_PG_DIR:-}}
if [[ -z "$dir" || ! -d "$dir/data" ]]; then
    echo "pg-test-stop: no cluster directory (pass it or set XXGK_TEST_PG_DIR)" >&2
    exit 0
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
rm -rf "$dir"
echo "pg-test-stop: stopped and removed $dir" >&2
