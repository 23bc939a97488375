#!/usr/bin/env bash
# Starts the local PostgreSQL the data-center tests run against, and makes
# sure the role they log in as exists: `fieldkit` (password `fieldkit`,
# CREATEDB), reached over TCP on 127.0.0.1:5432.  The tests create and drop
# one database per test, so nothing here holds test data.
#
# Idempotent: a server that already answers is left running; a missing
# cluster is created.  Starting a cluster needs root (there is no systemd
# here); a non-root run only reports.  Exports nothing: the tests' default
# URL is postgresql://fieldkit:fieldkit@127.0.0.1:5432/postgres
# ($FIELDKIT_TEST_POSTGRES_URL overrides it).
set -euo pipefail

log() { printf '[start-postgres] %s\n' "$*" >&2; }

host=127.0.0.1
port=5432

as_postgres() {
    if command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

role_works() {
    PGPASSWORD=fieldkit PGCONNECT_TIMEOUT=5 psql -h "$host" -p "$port" -U fieldkit -d postgres \
        -Atqc 'select 1' >/dev/null 2>&1
}

if role_works; then
    log "PostgreSQL on $host:$port already answers as role fieldkit"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    log "PostgreSQL on $host:$port does not answer as role fieldkit, and starting it needs root."
    log "Run this script as root, or start a server and set FIELDKIT_TEST_POSTGRES_URL."
    exit 0
fi

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    log "PostgreSQL is not installed; run scripts/bootstrap.sh dev as root first"
    exit 1
fi

# The newest installed server version, and its cluster on $port (Debian names it "main").
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
cluster="$(pg_lsclusters -h | awk -v p="$port" '$3 == p { print $1 "/" $2; exit }')"
if [ -z "$cluster" ]; then
    log "creating cluster $version/main on port $port"
    pg_createcluster --port "$port" "$version" main >/dev/null
    cluster="$version/main"
fi
ver="${cluster%/*}"
name="${cluster#*/}"

if ! pg_lsclusters -h | awk -v v="$ver" -v n="$name" '$1 == v && $2 == n { print $4 }' | grep -q online; then
    log "starting cluster $ver/$name"
    pg_ctlcluster "$ver" "$name" start
fi

# pg_ctlcluster returns once the server accepts connections; wait on readiness, bounded.
for _ in $(seq 1 60); do
    pg_isready -q -h "$host" -p "$port" && break
    pg_isready -q -h /var/run/postgresql -p "$port" && break
    sleep 0.5
done

as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -Atq -d postgres <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fieldkit') THEN
        CREATE ROLE fieldkit LOGIN CREATEDB PASSWORD 'fieldkit';
    ELSE
        ALTER ROLE fieldkit LOGIN CREATEDB PASSWORD 'fieldkit';
    END IF;
END
$$;
SQL

if role_works; then
    log "PostgreSQL $ver/$name is up on $host:$port; role fieldkit can log in"
else
    log "PostgreSQL $ver/$name is up, but role fieldkit cannot log in over TCP; check pg_hba.conf"
    exit 1
fi
