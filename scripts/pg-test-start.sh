#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the store's story test.
#
#   eval "$(scripts/pg-test-start.sh)"    # exports XXGK_TEST_PG_URL and XXGK_TEST_PG_DIR
#   cargo nextest run -p xxgk-store ...
#   scripts/pg-test-stop.sh               # stops it and removes the directory
#
# The cluster lives in a fresh temp directory, listens on 127.0.0.1 on a free
# port, trusts local connections and runs as the `postgres` user when started
# by root (PostgreSQL refuses to run as root). Needs the Debian package
# `postgresql`. Only the `export` lines go to stdout; progress goes to stderr.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bindir" || ! -x "$bindir/pg_ctl" ]]; then
    echo "pg-test-start: no PostgreSQL server found under /usr/lib/postgresql (apt-get install -y postgresql)" >&2
    exit 2
fi

dir=$(mktemp -d /tmp/xxgk-pg.XXXXXX)
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo "pg-test-start: no free port found" >&2
    exit 2
}
port=$(free_port)

as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    as_pg=(runuser -u postgres --)
fi

"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 2; }
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >&2 || { cat "$dir/server.log" >&2; exit 2; }
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres xxgk_test >&2

echo "pg-test-start: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
echo "export XXGK_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/xxgk_test"
echo "export XXGK_TEST_PG_DIR=$dir"
