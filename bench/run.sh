#!/usr/bin/env bash
# Benchmark the workflow engine on a real PostgreSQL and compare with raw pgbench.
#
#   bench/run.sh            # full run (~6-11 min on 2 cores): writes bench/results/latest.md
#   bench/run.sh --quick    # smoke run (~2 min): prints the table, writes no file
#   bench/run.sh --only c --out /tmp/c.md   # any args go to the harness (--help);
#                           # with args, only an explicit --out writes a file
#
# Starts a throwaway PostgreSQL (fsync on) on a free 127.0.0.1 port in a temp dir
# and always stops and deletes it again; or uses the server in
# VERZUIM_BENCH_POSTGRES (an Npgsql connection string, e.g.
# "Host=127.0.0.1;Port=5432;Username=u;Password=p;Database=postgres") where it
# may CREATE DATABASE; the databases it makes there are dropped at the end.
# For (d), end to end through RabbitMQ, it also builds src/Verzuim.Host and starts
# a throwaway RabbitMQ with scripts/services.sh (stopped again at the end), or uses
# the broker in VERZUIM_BENCH_RABBITMQ (amqp://user:pass@host:port/; the host
# consumes its queue verzuim-berichten there). `--only a,b,c` skips both.
#
# Env: VERZUIM_BENCH_PGBENCH_SECONDS (default 20, quick 5),
#      VERZUIM_BENCH_OS_USER (OS user for the throwaway server when root; default postgres).
set -euo pipefail
SELF=$(readlink -f "${BASH_SOURCE[0]}")
cd "$(dirname "$SELF")/.."
REPO=$PWD
RUN_STARTED=$(date +%s)
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '[run.sh] %s\n' "$*" >&2; }
die() { printf '[run.sh] ERROR: %s\n' "$*" >&2; exit 1; }

QUICK=0
WANT_E2E=1   # (d) and (e) need the host build and a broker; not when --only leaves both out
prev=""
for a in "$@"; do
    case $a in
        --quick) QUICK=1 ;;
        -h|--help) sed -n '2,20p' "$SELF" | sed 's/^# \{0,1\}//'
                   echo "Harness options: dotnet run -c Release --project bench/Verzuim.Benchmarks -- --help"; exit 0 ;;
    esac
    if [ "$prev" = --only ]; then case ,$a, in *[dDeE]*) WANT_E2E=1 ;; *) WANT_E2E=0 ;; esac; fi
    prev=$a
done
PGBENCH_SECONDS=${VERZUIM_BENCH_PGBENCH_SECONDS:-$([ $QUICK = 1 ] && echo 5 || echo 20)}
OS_USER=${VERZUIM_BENCH_OS_USER:-postgres}

find_pg_bin() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/pgbench" ] && { echo "$d"; return 0; }
    done
    d=$(dirname "$(readlink -f "$(command -v pgbench 2>/dev/null || echo /nonexistent)")")
    [ -x "$d/pgbench" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    return 1
}
PG_BIN=$(find_pg_bin) || die "PostgreSQL server binaries (initdb, pg_ctl, pgbench) not found; apt-get install postgresql"

# PostgreSQL refuses to run as root: run the throwaway server as an unprivileged user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$OS_USER" -- "$@"; else "$@"; fi; }

# ------------------------------------------------------------------ build --
say "dotnet build bench/Verzuim.Benchmarks -c Release"
dotnet build bench/Verzuim.Benchmarks/Verzuim.Benchmarks.csproj -c Release -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
HARNESS=$REPO/bench/Verzuim.Benchmarks/bin/Release/net10.0/Verzuim.Benchmarks.dll
[ -f "$HARNESS" ] || die "harness not built: $HARNESS"
HOST_DLL=$REPO/src/Verzuim.Host/bin/Release/net10.0/Verzuim.Host.dll
if [ $WANT_E2E = 1 ]; then
    # the host as deployed, front-ends included (its build runs npm for them when they changed)
    say "dotnet build src/Verzuim.Host -c Release"
    dotnet build src/Verzuim.Host/Verzuim.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
    [ -f "$HOST_DLL" ] || die "host not built: $HOST_DLL"
fi

# ----------------------------------------------------------------- server --
PG_ROOT=""
SCRIPT_DIR=""
SERVER_PID_ARGS=()
SVC_DIR=""
PGBENCH_DB=vzbench_pgbench_$$
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ "$rc" -eq 0 ] || say "failed (exit code $rc)"
    [ -n "$SCRIPT_DIR" ] && rm -rf "$SCRIPT_DIR"
    if [ -n "$SVC_DIR" ]; then
        say "stopping the throwaway RabbitMQ"
        VERZUIM_SERVICES_DIR=$SVC_DIR "$REPO/scripts/services.sh" stop >/dev/null 2>&1 || true
    fi
    if [ -n "$PG_ROOT" ]; then
        say "stopping the throwaway PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_ROOT"
    elif [ -n "${CONNINFO:-}" ]; then
        "$PG_BIN/psql" -X -q -d "$CONNINFO" -c "DROP DATABASE IF EXISTS $PGBENCH_DB" >/dev/null 2>&1 || true
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

if [ -n "${VERZUIM_BENCH_POSTGRES:-}" ]; then
    SERVER_CS=$VERZUIM_BENCH_POSTGRES
    SERVER_NOTE="given by VERZUIM_BENCH_POSTGRES"
    # Npgsql "Key=Value;..." -> libpq conninfo for psql/pgbench (password via PGPASSWORD).
    CONNINFO=""
    IFS=';' read -ra parts <<<"$SERVER_CS"
    for part in "${parts[@]}"; do
        [ -z "${part// /}" ] && continue
        key=$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
        val=${part#*=}
        case $key in
            host|server) CONNINFO+="host=$val " ;;
            port) CONNINFO+="port=$val " ;;
            username|user|userid|"user id") CONNINFO+="user=$val " ;;
            password) export PGPASSWORD=$val ;;
            database|db) SERVER_DB=$val ;;
            sslmode|"ssl mode") CONNINFO+="sslmode=$(printf '%s' "$val" | tr '[:upper:]' '[:lower:]') " ;;
        esac
    done
    ADMIN_CONNINFO="${CONNINFO}dbname=${SERVER_DB:-postgres}"
    "$PG_BIN/psql" -X -q -d "$ADMIN_CONNINFO" -c "CREATE DATABASE $PGBENCH_DB" >/dev/null
    CONNINFO=$ADMIN_CONNINFO   # from here on: what cleanup drops the pgbench database through
    PGBENCH_CONNINFO="${ADMIN_CONNINFO% dbname=*} dbname=$PGBENCH_DB"
    DATA_NOTE=""
else
    PG_ROOT=$(mktemp -d /tmp/verzuim-bench-pg.XXXXXX)
    chmod 700 "$PG_ROOT"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER:" "$PG_ROOT"
    PORT=26432
    while port_busy "$PORT"; do PORT=$((PORT + 1)); [ $PORT -lt 26932 ] || die "no free port"; done
    PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    as_pg sh -c "umask 077; printf '%s\n' '$PASSWORD' > '$PG_ROOT/pw'"
    say "initdb in $PG_ROOT (as ${OS_USER}), port $PORT"
    as_pg "$PG_BIN/initdb" -D "$PG_ROOT/data" -U verzuim --pwfile="$PG_ROOT/pw" -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_ROOT/initdb.log" 2>&1 ||
        { tail -n 20 "$PG_ROOT/initdb.log" >&2; die "initdb failed"; }
    rm -f "$PG_ROOT/pw"
    # --no-sync above only skips flushing initdb's own files; the server runs with fsync on.
    as_pg sh -c "cat >> '$PG_ROOT/data/postgresql.conf'" <<EOF

# --- verzuim benchmark server ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PG_ROOT'
max_connections = 100
shared_buffers = 256MB
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
EOF
    as_pg "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/postgres.log" -w -t 60 start >/dev/null ||
        { tail -n 30 "$PG_ROOT/postgres.log" >&2; die "PostgreSQL did not start"; }
    SERVER_CS="Host=127.0.0.1;Port=$PORT;Username=verzuim;Password=$PASSWORD;Database=postgres"
    export PGPASSWORD=$PASSWORD
    CONNINFO="host=127.0.0.1 port=$PORT user=verzuim dbname=postgres"
    "$PG_BIN/psql" -X -q -d "$CONNINFO" -c "CREATE DATABASE $PGBENCH_DB" >/dev/null
    PGBENCH_CONNINFO="host=127.0.0.1 port=$PORT user=verzuim dbname=$PGBENCH_DB"
    SERVER_NOTE="throwaway, started by bench/run.sh on 127.0.0.1:$PORT"
    DATA_NOTE="; data directory on $(df -T "$PG_ROOT" | awk 'NR==2 {print $2 " on " $1}')"
    SERVER_PID_ARGS=(--server-pid "$(head -n 1 "$PG_ROOT/data/postmaster.pid")")
fi

# --------------------------------------------------------------- broker --
E2E_ARGS=()
RMQ_NOTE=""
if [ $WANT_E2E = 1 ]; then
    if [ -n "${VERZUIM_BENCH_RABBITMQ:-}" ]; then
        E2E_ARGS=(--rabbitmq "$VERZUIM_BENCH_RABBITMQ")
        RMQ_NOTE="given by VERZUIM_BENCH_RABBITMQ"
    else
        # services.sh also starts a PostgreSQL of its own; it stays idle (the host uses the server above)
        SVC_DIR=$(mktemp -u /tmp/verzuim-bench-svc.XXXXXX)
        say "starting a throwaway RabbitMQ (scripts/services.sh, $SVC_DIR)"
        out=$(VERZUIM_SERVICES_DIR=$SVC_DIR "$REPO/scripts/services.sh" start 2>&1) ||
            { printf '%s\n' "$out" >&2; die "scripts/services.sh start failed"; }
        RMQ_URI=$(. "$SVC_DIR/env.sh" && printf '%s' "$VERZUIM_TEST_RABBITMQ")
        RMQ_PID=$(. "$SVC_DIR/state.sh" && printf '%s' "${RMQ_PID:-}")
        E2E_ARGS=(--rabbitmq "$RMQ_URI")
        [ -n "$RMQ_PID" ] && E2E_ARGS+=(--broker-pid "$RMQ_PID")
        RMQ_NOTE="throwaway, started by scripts/services.sh on 127.0.0.1:$(. "$SVC_DIR/env.sh" && printf '%s' "$VERZUIM_RABBITMQ_PORT")"
    fi
    E2E_ARGS+=(--host-dll "$HOST_DLL")
fi

# --------------------------------------------------------------- pgbench --
say "pgbench baseline: -i -s 1, then single-row UPDATE for ${PGBENCH_SECONDS}s at -c 1 and -c 4"
"$PG_BIN/pgbench" -i -s 1 -q "$PGBENCH_CONNINFO" >/dev/null 2>&1 || die "pgbench -i failed"
SCRIPT_DIR=$(mktemp -d /tmp/verzuim-bench-script.XXXXXX)
cat >"$SCRIPT_DIR/update.sql" <<'EOF'
\set aid random(1, 100000)
UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;
EOF
PGBENCH_ARGS=()
run_pgbench() {  # clients threads
    local out tps lat
    out=$("$PG_BIN/pgbench" -n -c "$1" -j "$2" -T "$PGBENCH_SECONDS" -f "$SCRIPT_DIR/update.sql" "$PGBENCH_CONNINFO" 2>&1) ||
        { printf '%s\n' "$out" >&2; die "pgbench -c $1 failed"; }
    tps=$(printf '%s\n' "$out" | awk '/^tps = / {print $3; exit}')
    lat=$(printf '%s\n' "$out" | awk '/^latency average = / {print $4; exit}')
    [ -n "$tps" ] && [ -n "$lat" ] || { printf '%s\n' "$out" >&2; die "could not read pgbench output"; }
    say "pgbench -c $1 -j $2: $(printf '%.1f' "$tps") TPS, latency average $(printf '%.1f' "$lat") ms"
    PGBENCH_ARGS+=(--pgbench "$1,$2,$PGBENCH_SECONDS,$tps,$lat")
}
run_pgbench 1 1
run_pgbench 4 2
# start the harness from a checkpointed server, not in the middle of pgbench's checkpoint
"$PG_BIN/psql" -X -q -d "$CONNINFO" -c "CHECKPOINT" >/dev/null 2>&1 || true

# ----------------------------------------------------------------- harness --
CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
MEM=$(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')
OS=$( (. /etc/os-release 2>/dev/null && printf '%s' "$PRETTY_NAME") || uname -s)
HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$REPO" status --porcelain -- src 2>/dev/null | wc -l)
SOURCE="commit $HEAD"
if [ "$DIRTY" -gt 0 ]; then SOURCE+=" + $DIRTY uncommitted change(s) under src/"; fi
FACTS=(
    --fact "CPU=$CPU"
    --fact "cores (nproc)=$(nproc)"
    --fact "memory (free -h)=$MEM"
    --fact "OS=$OS, kernel $(uname -r)"
    --fact "PostgreSQL server=$SERVER_NOTE$DATA_NOTE"
)
if [ -n "$RMQ_NOTE" ]; then FACTS+=(--fact "RabbitMQ server=$RMQ_NOTE"); fi
FACTS+=(
    --fact "engine source=$SOURCE"
    --fact "load average (1/5/15 min)=$LOAD_AT_START at start of run.sh, $(cut -d' ' -f1-3 /proc/loadavg) before the harness"
)
# Only a plain full run (no arguments) replaces the committed figures.
OUT_ARGS=()
if [ $# -eq 0 ]; then OUT_ARGS=(--out "$REPO/bench/results/latest.md"); fi

say "harness: dotnet Verzuim.Benchmarks.dll $*"
dotnet "$HARNESS" --server "$SERVER_CS" --run-started "$RUN_STARTED" "${SERVER_PID_ARGS[@]}" "${E2E_ARGS[@]}" "${PGBENCH_ARGS[@]}" "${FACTS[@]}" "${OUT_ARGS[@]}" "$@"
say "done in $(( $(date +%s) - RUN_STARTED )) s"
