#!/usr/bin/env bash
# Throwaway PostgreSQL + RabbitMQ + an SMTP server (Exim) (+ Chromium path) for the test suite.
#
#   scripts/services.sh install   # apt-install what is missing (idempotent)
#   scripts/services.sh start     # fresh servers on free 127.0.0.1 ports
#   scripts/services.sh env       # print the export lines (also in $dir/env.sh)
#   scripts/services.sh stop      # stop them, delete the dir (KEEP_SERVICES=1 keeps it)
#
# Everything lives under ${VERZUIM_SERVICES_DIR:-<repo>/.tmp/services}; nothing
# touches the system PostgreSQL cluster, the system RabbitMQ/epmd or a system MTA:
# Exim runs unprivileged with its own config, spool and log, and delivers every
# recipient into one maildir ($DIR/smtp/maildir, header Envelope-to names who).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${VERZUIM_SERVICES_DIR:-$REPO/.tmp/services}
STATE=$DIR/state.sh   # what `start` launched, so `stop` can undo exactly that
# Unprivileged OS user for PostgreSQL (it refuses to run as root).
SVC_USER=${VERZUIM_SERVICES_USER:-verzuim}
PG_START_TIMEOUT=${VERZUIM_PG_START_TIMEOUT:-60}
RMQ_START_TIMEOUT=${VERZUIM_RABBITMQ_START_TIMEOUT:-90}

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# Run as root directly, otherwise through passwordless sudo (fails clearly).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
    else die "need root (or passwordless sudo) for: $*"; fi
}

# ---------------------------------------------------------------- discovery --

find_pg_bin() {
    local d c
    # Prefer a versioned Debian server dir (has pg_ctl, postgres, pgbench together).
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
    done
    c=$(command -v pg_ctl 2>/dev/null) || return 1
    d=$(dirname "$(readlink -f "$c")")
    [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && { echo "$d"; return 0; }
    return 1
}

# Debian's /usr/sbin/rabbitmq* are wrappers that switch to the `rabbitmq` user
# and reset HOME/env when run as root; use the real scripts so our env sticks.
find_rmq_sbin() {
    local d
    for d in $(ls -d /usr/lib/rabbitmq/lib/rabbitmq_server-*/sbin 2>/dev/null | sort -V -r) \
             /usr/lib/rabbitmq/bin; do
        [ -x "$d/rabbitmq-server" ] && [ -x "$d/rabbitmqctl" ] && { echo "$d"; return 0; }
    done
    command -v rabbitmq-server >/dev/null && { dirname "$(readlink -f "$(command -v rabbitmq-server)")"; return 0; }
    return 1
}

find_exim() {
    local c
    for c in /usr/sbin/exim4 /usr/sbin/exim; do [ -x "$c" ] && { echo "$c"; return 0; }; done
    return 1
}

find_chromium() {
    local c
    for c in "${VERZUIM_TEST_CHROMIUM:-}" /usr/bin/chromium chromium chromium-browser google-chrome; do
        [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
    done
    return 1
}

# ------------------------------------------------------------------ install --

cmd_install() {
    local pkgs=()
    find_pg_bin >/dev/null || pkgs+=(postgresql)        # bookworm: pgbench ships in postgresql-15
    find_rmq_sbin >/dev/null || pkgs+=(rabbitmq-server)
    find_chromium >/dev/null || pkgs+=(chromium)
    find_exim >/dev/null || pkgs+=(exim4-daemon-light)
    command -v ss >/dev/null || pkgs+=(iproute2)
    command -v runuser >/dev/null || pkgs+=(util-linux)
    if [ ${#pkgs[@]} -eq 0 ]; then log "install: nothing to do"; return 0; fi

    log "install: apt-get install ${pkgs[*]} (quiet; takes a minute on a fresh machine)"
    export DEBIAN_FRONTEND=noninteractive
    # Keep maintainer scripts from starting the system postgresql/rabbitmq
    # (5432/5672/epmd 4369): policy-rc.d exit 101 = "don't start services".
    # Only add it if absent, and only for the duration of the install.
    local own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        own_policy=1
        trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT   # also if interrupted
    fi
    local rc=0
    # Update once; a broken third-party source must not block Debian packages.
    as_root apt-get -qq -o DPkg::Lock::Timeout=300 update >/dev/null 2>&1 || log "apt-get update reported errors (continuing)"
    as_root apt-get -qq -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${pkgs[@]}" \
        >"${TMPDIR:-/tmp}/verzuim-apt.log" 2>&1 || rc=$?
    if [ $own_policy -eq 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
    if [ $rc -ne 0 ]; then
        tail -n 30 "${TMPDIR:-/tmp}/verzuim-apt.log" >&2
        die "apt-get install failed (rc=$rc), full log: ${TMPDIR:-/tmp}/verzuim-apt.log"
    fi

    # Belt and braces: if a package still started its system instance anyway,
    # stop it and keep it from coming back (only for packages we installed).
    local p
    for p in "${pkgs[@]}"; do
        case $p in
            postgresql)
                command -v pg_ctlcluster >/dev/null && command -v pg_lsclusters >/dev/null &&
                    pg_lsclusters -h 2>/dev/null | awk '$4=="online"{print $1, $2}' |
                    while read -r v c; do as_root pg_ctlcluster "$v" "$c" stop || true; done
                stop_system_service postgresql ;;
            rabbitmq-server)
                stop_system_service rabbitmq-server
                # An epmd (4369) the package's scripts left behind; we use a private one.
                local pids; pids=$(pgrep -u rabbitmq -x epmd 2>/dev/null || true)
                [ -z "$pids" ] || as_root kill $pids 2>/dev/null || true ;;
            exim4-daemon-light) stop_system_service exim4 ;;
        esac
    done
    find_pg_bin >/dev/null || die "PostgreSQL server binaries still not found after install"
    find_rmq_sbin >/dev/null || die "rabbitmq-server still not found after install"
    find_chromium >/dev/null || die "chromium still not found after install"
    find_exim >/dev/null || die "exim4 still not found after install"
    log "install: done"
}

stop_system_service() {
    if [ -d /run/systemd/system ]; then
        as_root systemctl disable --now "$1" >/dev/null 2>&1 || true
    elif [ -x "/etc/init.d/$1" ]; then
        as_root service "$1" stop >/dev/null 2>&1 || true
    fi
}

# -------------------------------------------------------------------- ports --

# Defaults sit below Linux's ephemeral range (32768-60999): a port in that
# range can be grabbed as the local end of any outgoing connection (even a
# TCP self-connect of a probe), and the server then fails with EADDRINUSE.
TAKEN=" "
port_busy() {
    # ss only looks; a connect probe could itself occupy the port (self-connect).
    if command -v ss >/dev/null; then
        [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}
# pick_port VAR BASE: first free port >= BASE not yet handed out in this run.
pick_port() {
    local p=$2
    while [ "$p" -lt $(( $2 + 500 )) ]; do
        if [[ $TAKEN != *" $p "* ]] && ! port_busy "$p"; then
            TAKEN+="$p "; printf -v "$1" '%s' "$p"; return 0
        fi
        p=$((p + 1))
    done
    die "no free port in $2..$p"
}

wait_port_closed() {  # port timeout_s
    local i
    for ((i = 0; i < $2 * 10; i++)); do port_busy "$1" || return 0; sleep 0.1; done
    return 1
}

# ------------------------------------------------------------------- start --

ensure_svc_user() {
    [ "$(id -u)" -ne 0 ] && return 0   # non-root: run servers as ourselves
    id -u "$SVC_USER" >/dev/null 2>&1 && return 0
    log "creating system user $SVC_USER (PostgreSQL will not run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$SVC_USER"
}

as_svc() {  # run a command as the unprivileged service user
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi
}

cmd_start() {
    local pg_bin rmq_sbin chromium exim
    pg_bin=$(find_pg_bin) || die "PostgreSQL not installed; run: $0 install"
    rmq_sbin=$(find_rmq_sbin) || die "RabbitMQ not installed; run: $0 install"
    chromium=$(find_chromium) || die "Chromium not installed; run: $0 install"
    exim=$(find_exim) || die "Exim not installed; run: $0 install"

    # A stale dir means an earlier run died without cleanup: stop what it
    # left running (so its ports/processes go away), then start from scratch.
    if [ -e "$DIR" ]; then log "removing stale $DIR"; KEEP_SERVICES=0 cmd_stop; fi
    mkdir -p "$DIR"
    # Don't leave half a setup running if anything below fails or is interrupted.
    trap 'rc=$?; [ $rc -eq 0 ] || { log "start failed; stopping what was started (KEEP_SERVICES=1 keeps $DIR)"; cmd_stop; }' EXIT
    ensure_svc_user

    local t0=$SECONDS
    # RabbitMQ boots in ~8 s: launch it first and set PostgreSQL up meanwhile.
    start_rabbitmq "$rmq_sbin"
    start_postgres "$pg_bin"
    start_smtp "$exim"
    wait_rabbitmq
    write_env "$chromium"
    trap - EXIT
    log "start: PostgreSQL :$PG_PORT, RabbitMQ :$RMQ_PORT, SMTP :$SMTP_PORT ready in $((SECONDS - t0)) s"
}

save_state() { printf '%s=%q\n' "$1" "$2" >>"$STATE"; }

start_postgres() {
    local pg_bin=$1
    pick_port PG_PORT "${VERZUIM_PG_PORT:-25432}"
    PG_ROOT=$DIR/pg
    # The server user must reach the dir, and a unix socket path must stay
    # under ~107 bytes; otherwise (repo under /root, deep CI paths) use /tmp.
    mkdir -p "$PG_ROOT"; chmod 755 "$DIR"
    if ! as_svc test -x "$PG_ROOT" 2>/dev/null || [ ${#PG_ROOT} -gt 80 ]; then
        rmdir "$PG_ROOT"
        PG_ROOT=$(mktemp -d /tmp/verzuim-pg.XXXXXX)
    fi
    save_state PG_ROOT "$PG_ROOT"
    PG_BIN=$pg_bin; save_state PG_BIN "$pg_bin"
    save_state PG_PORT "$PG_PORT"
    PG_DATA=$PG_ROOT/data
    save_state PG_DATA "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown "$SVC_USER:" "$PG_ROOT"
    chmod 700 "$PG_ROOT"

    local pw=$PG_ROOT/pw
    as_svc sh -c "umask 077; echo verzuim > '$pw'"
    # --no-sync only skips flushing initdb's own files (throwaway cluster);
    # the running server keeps fsync=on, which the durability tests rely on.
    as_svc "$pg_bin/initdb" -D "$PG_DATA" -U verzuim --pwfile="$pw" -E UTF8 --locale=C \
        --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$DIR/initdb.log" 2>&1 ||
        { tail -n 20 "$DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pw"
    # Settings go into postgresql.conf so a bare `pg_ctl start` (fault tests) reuses them.
    as_svc sh -c "cat >> '$PG_DATA/postgresql.conf'" <<EOF

# --- verzuim test instance ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_ROOT'
# test assemblies run side by side, each with several hosts and their connection pools
max_connections = 600
fsync = on
synchronous_commit = on
full_page_writes = on
logging_collector = off
EOF
    as_svc "$pg_bin/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/postgres.log" -w -t "$PG_START_TIMEOUT" start \
        >/dev/null 2>&1 || { tail -n 30 "$PG_ROOT/postgres.log" >&2; die "PostgreSQL did not start (log above)"; }
    # The role `verzuim` (superuser, from initdb -U) exists; add its database.
    as_svc "$pg_bin/createdb" -h "$PG_ROOT" -p "$PG_PORT" -U verzuim -O verzuim verzuim

    # Fault tests run as root but pg_ctl refuses root: give them a wrapper.
    make_wrapper pg_ctl
}

# Environment shared by rabbitmq-server and rabbitmqctl: all state under
# $RMQ_BASE, private ports, private epmd, private Erlang cookie via HOME.
rmq_env() {
    export HOME=$RMQ_BASE
    export RABBITMQ_NODENAME=$RMQ_NODE
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT=$RMQ_PORT
    export RABBITMQ_DIST_PORT=$RMQ_DIST_PORT
    export ERL_EPMD_PORT=$RMQ_EPMD_PORT
    export ERL_EPMD_ADDRESS=127.0.0.1
    export RABBITMQ_CONFIG_FILE=$RMQ_BASE/rabbitmq.conf
    export RABBITMQ_ADVANCED_CONFIG_FILE=$RMQ_BASE/advanced.config
    export RABBITMQ_CONF_ENV_FILE=$RMQ_BASE/rabbitmq-env.conf
    export RABBITMQ_ENABLED_PLUGINS_FILE=$RMQ_BASE/enabled_plugins
    export RABBITMQ_MNESIA_BASE=$RMQ_BASE/mnesia
    export RABBITMQ_LOG_BASE=$RMQ_BASE/log
    export RABBITMQ_PID_FILE=$RMQ_BASE/rabbitmq.pid
    export RABBITMQ_LOGS=-          # log to stdout -> our log file
    # CLI default dist range is DIST_PORT+10000.. which can exceed 65535.
    export RABBITMQ_CTL_DIST_PORT_MIN=$RMQ_CTL_PORT
    export RABBITMQ_CTL_DIST_PORT_MAX=$((RMQ_CTL_PORT + 10))
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rabbitmq() {
    local sbin=$1
    RMQ_BASE=$DIR/rabbitmq
    pick_port RMQ_PORT "${VERZUIM_RABBITMQ_PORT:-25682}"
    pick_port RMQ_DIST_PORT 25690      # Erlang distribution (default AMQP+20000 could exceed 65535)
    pick_port RMQ_EPMD_PORT 25691      # private epmd, never the system one on 4369
    pick_port RMQ_CTL_PORT 25700       # rabbitmqctl's own node uses CTL..CTL+10
    local i; for i in $(seq 1 10); do TAKEN+="$((RMQ_CTL_PORT + i)) "; done
    RMQ_NODE=verzuim-test-$RMQ_PORT@localhost
    mkdir -p "$RMQ_BASE/mnesia" "$RMQ_BASE/log"
    for v in RMQ_BASE RMQ_PORT RMQ_DIST_PORT RMQ_EPMD_PORT RMQ_CTL_PORT RMQ_NODE; do save_state "$v" "${!v}"; done
    save_state RMQ_SBIN "$sbin"

    # Private cookie: HOME points here, so we never share ~/.erlang.cookie.
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RMQ_BASE/.erlang.cookie")
    chmod 400 "$RMQ_BASE/.erlang.cookie"
    : >"$RMQ_BASE/rabbitmq-env.conf"   # ignore /etc/rabbitmq/rabbitmq-env.conf
    echo '[].' >"$RMQ_BASE/advanced.config"
    local mgmt=""
    if [ "${VERZUIM_RABBITMQ_MANAGEMENT:-0}" = 1 ]; then
        pick_port RMQ_MGMT_PORT 25683; save_state RMQ_MGMT_PORT "$RMQ_MGMT_PORT"
        echo '[rabbitmq_management].' >"$RMQ_BASE/enabled_plugins"
        mgmt="management.tcp.ip = 127.0.0.1
management.tcp.port = $RMQ_MGMT_PORT"
    else
        echo '[].' >"$RMQ_BASE/enabled_plugins"   # management is optional and slows boot
    fi
    # default_user is created with full permissions on vhost / at first boot.
    cat >"$RMQ_BASE/rabbitmq.conf" <<EOF
default_user = verzuim
default_pass = verzuim
default_vhost = /
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
disk_free_limit.absolute = 50MB
$mgmt
EOF
    log "starting RabbitMQ $RMQ_NODE on 127.0.0.1:$RMQ_PORT (epmd :$RMQ_EPMD_PORT)"
    # setsid: own process group (clean kill), and Ctrl-C in the terminal does
    # not hit the broker before our trap can stop it in order.
    ( rmq_env; cd "$RMQ_BASE"; exec setsid "$sbin/rabbitmq-server" ) \
        >"$RMQ_BASE/server.log" 2>&1 </dev/null &
    RMQ_PID=$!
    save_state RMQ_PID "$RMQ_PID"
}

# AMQP 0-9-1 protocol header in, first byte of a method frame (01) back?
amqp_answers() {
    local reply
    port_busy "$1" || return 1   # connect only to a real listener (no self-connect)
    reply=$(exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'AMQP\0\0\11\1' >&3 &&
            timeout 3 head -c 1 <&3 | od -An -tx1 | tr -d ' \n') 2>/dev/null || true
    [ "$reply" = 01 ]
}

wait_rabbitmq() {
    local deadline=$((SECONDS + RMQ_START_TIMEOUT))
    # Poll with a real AMQP handshake: cheap, and unlike a bare port check it
    # also waits out the window where the listener is up but the broker is
    # still booting and drops connections. (rabbitmqctl would cost a VM start per try.)
    until amqp_answers "$RMQ_PORT"; do
        if ! kill -0 "$RMQ_PID" 2>/dev/null; then
            tail -n 40 "$RMQ_BASE/server.log" >&2
            die "RabbitMQ exited during startup (log above: $RMQ_BASE/server.log)"
        fi
        if [ $SECONDS -ge $deadline ]; then
            tail -n 40 "$RMQ_BASE/server.log" >&2
            die "RabbitMQ did not answer AMQP on 127.0.0.1:$RMQ_PORT within ${RMQ_START_TIMEOUT}s (log above)"
        fi
        sleep 0.3
    done
    make_wrapper rabbitmqctl
}

# Exim as the service user with a private config (-C drops root; it never needs
# it: port > 1024, own spool/log, local delivery as that same user). Accepts
# mail from 127.0.0.1 for any address and delivers all of it into one maildir.
start_smtp() {
    local exim=$1 conf user group
    SMTP_ROOT=$DIR/smtp
    pick_port SMTP_PORT "${VERZUIM_SMTP_PORT:-25250}"
    mkdir -p "$SMTP_ROOT"; chmod 755 "$DIR"
    # as for PostgreSQL: the server user must reach the dir (not so under /root); else use /tmp
    if ! as_svc test -x "$SMTP_ROOT" 2>/dev/null; then
        rmdir "$SMTP_ROOT"
        SMTP_ROOT=$(mktemp -d /tmp/verzuim-smtp.XXXXXX)
        chmod 755 "$SMTP_ROOT"
    fi
    mkdir -p "$SMTP_ROOT/spool" "$SMTP_ROOT/log" "$SMTP_ROOT/maildir"
    if [ "$(id -u)" -eq 0 ]; then user=$SVC_USER; group=$(id -gn "$SVC_USER"); else user=$(id -un); group=$(id -gn); fi
    for v in SMTP_ROOT SMTP_PORT; do save_state "$v" "${!v}"; done
    conf=$SMTP_ROOT/exim.conf
    cat >"$conf" <<EXIMCONF
exim_user = $user
exim_group = $group
never_users =
primary_hostname = verzuim-test.localhost
local_interfaces = 127.0.0.1
daemon_smtp_ports = $SMTP_PORT
spool_directory = $SMTP_ROOT/spool
log_file_path = $SMTP_ROOT/log/%slog
pid_file_path = $SMTP_ROOT/exim.pid
deliver_drop_privilege = true
keep_environment =
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data = accept

begin acl
acl_check_rcpt:
  accept hosts = 127.0.0.1
  deny message = relay from 127.0.0.1 only

begin routers
everyone:
  driver = accept
  transport = maildir

begin transports
# One maildir for every recipient (a per-recipient path from the address would
# be tainted data, which Exim refuses); Envelope-to says whose copy it is.
maildir:
  driver = appendfile
  directory = $SMTP_ROOT/maildir
  maildir_format
  create_directory
  directory_mode = 0755
  mode = 0644
  envelope_to_add
  delivery_date_add
  return_path_add
  user = $user
  group = $group

begin retry
*   *   F,1h,15s
EXIMCONF
    [ "$(id -u)" -eq 0 ] && chown -R "$SVC_USER:" "$SMTP_ROOT"
    log "starting Exim on 127.0.0.1:$SMTP_PORT (maildir $SMTP_ROOT/maildir)"
    # -bdf: daemon in the foreground (we keep its pid); -q15s retries deferred mail.
    local run=(); [ "$(id -u)" -eq 0 ] && run=(runuser -u "$SVC_USER" --)
    ( cd "$SMTP_ROOT"; exec setsid "${run[@]}" "$exim" -C "$conf" -bdf -q15s -odi ) \
        >"$SMTP_ROOT/daemon.log" 2>&1 </dev/null &
    SMTP_PID=$!
    save_state SMTP_PID "$SMTP_PID"
    local deadline=$((SECONDS + 20))
    until smtp_answers "$SMTP_PORT"; do
        if ! kill -0 "$SMTP_PID" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
            cat "$SMTP_ROOT/daemon.log" "$SMTP_ROOT"/log/* 2>/dev/null | tail -n 20 >&2
            die "Exim did not answer SMTP on 127.0.0.1:$SMTP_PORT (log above)"
        fi
        sleep 0.2
    done
}

# An SMTP greeting ("220 ...") from the port?
smtp_answers() {
    local reply
    port_busy "$1" || return 1
    reply=$(exec 3<>"/dev/tcp/127.0.0.1/$1" && timeout 3 head -c 3 <&3 && printf 'QUIT\r\n' >&3) 2>/dev/null || true
    [ "$reply" = 220 ]
}

# $DIR/<tool>: a tiny script that re-enters this file with the right dir,
# so tests and developers can call it without knowing users, ports or env.
make_wrapper() {
    printf '#!/usr/bin/env bash\nVERZUIM_SERVICES_DIR=%q exec %q %q "$@"\n' "$DIR" "$REPO/scripts/services.sh" "$1" >"$DIR/$1"
    chmod 755 "$DIR/$1"
}

# Single-quoted values: readable, and safe for the ';' in the connection string.
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
exp() { printf 'export %s=%s\n' "$1" "$(sq "$2")"; }

write_env() {
    {
        echo "# generated by scripts/services.sh start; source me"
        exp VERZUIM_SERVICES_DIR "$DIR"
        exp VERZUIM_TEST_POSTGRES "Host=127.0.0.1;Port=$PG_PORT;Username=verzuim;Password=verzuim;Database=verzuim"
        exp VERZUIM_TEST_RABBITMQ "amqp://verzuim:verzuim@127.0.0.1:$RMQ_PORT/"
        exp VERZUIM_TEST_CHROMIUM "$1"
        exp VERZUIM_PG_BIN "$PG_BIN"
        exp VERZUIM_PG_DATA "$PG_DATA"
        exp VERZUIM_PG_PORT "$PG_PORT"
        exp VERZUIM_PG_CTL "$DIR/pg_ctl"
        exp VERZUIM_RABBITMQ_PORT "$RMQ_PORT"
        exp VERZUIM_RABBITMQ_NODE "$RMQ_NODE"
        exp VERZUIM_RABBITMQCTL "$DIR/rabbitmqctl"
        exp VERZUIM_TEST_SMTP_HOST 127.0.0.1
        exp VERZUIM_TEST_SMTP_PORT "$SMTP_PORT"
        exp VERZUIM_TEST_MAILDIR "$SMTP_ROOT/maildir"
        if [ -n "${RMQ_MGMT_PORT:-}" ]; then exp VERZUIM_RABBITMQ_MANAGEMENT_URL "http://127.0.0.1:$RMQ_MGMT_PORT/"; fi
    } >"$DIR/env.sh"
}

cmd_env() {
    [ -f "$DIR/env.sh" ] || die "services not started ($DIR/env.sh missing); run: $0 start"
    grep '^export ' "$DIR/env.sh"
}

# -------------------------------------------------------------------- stop --

cmd_stop() {
    if [ -f "$STATE" ]; then
        # shellcheck disable=SC1090
        ( . "$STATE"; stop_postgres; stop_rabbitmq; stop_smtp ) || true
    fi
    if [ "${KEEP_SERVICES:-0}" = 1 ]; then
        log "stop: keeping $DIR (KEEP_SERVICES=1)"
    else
        if [ -f "$STATE" ]; then
            local r; r=$(. "$STATE"; echo "${PG_ROOT:-}")
            case $r in /tmp/verzuim-pg.*) rm -rf "$r" ;; esac
            r=$(. "$STATE"; echo "${SMTP_ROOT:-}")
            case $r in /tmp/verzuim-smtp.*) rm -rf "$r" ;; esac
        fi
        rm -rf "$DIR"
    fi
}

stop_postgres() {
    [ -n "${PG_DATA:-}" ] || return 0
    if [ -f "$PG_DATA/postmaster.pid" ]; then
        log "stopping PostgreSQL :$PG_PORT"
        as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    # A postmaster interrupted mid-start may not have written its pid file yet:
    # find it by its data dir; SIGQUIT = immediate shutdown, then SIGKILL.
    local pids i
    for ((i = 0; i < 50; i++)); do
        pids=$(ps -eo pid=,args= | awk -v d="$PG_BIN/postgres -D $PG_DATA" 'index($0, d) {print $1}')
        [ -n "$pids" ] || return 0
        if [ "$i" -eq 0 ]; then kill -QUIT $pids 2>/dev/null || true; fi
        if [ "$i" -eq 40 ]; then kill -KILL $pids 2>/dev/null || true; fi
        sleep 0.1
    done
}

stop_rabbitmq() {
    [ -n "${RMQ_NODE:-}" ] || return 0
    local pid=${RMQ_PID:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "stopping RabbitMQ $RMQ_NODE"
        # SIGTERM to the rabbitmq-server script = graceful shutdown (~2 s,
        # cheaper than `rabbitmqctl stop`, which boots a VM); then the group.
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    fi
    # Leftovers of its process group (beam, erl_child_setup), e.g. after the
    # script itself was killed; only processes that mention our dir.
    if [ -n "$pid" ]; then
        local left
        left=$(ps -eo pid=,pgid=,args= | awk -v g="$pid" -v d="$RMQ_BASE" '$2 == g && index($0, d) {print $1}')
        [ -n "$left" ] && kill -KILL $left 2>/dev/null || true
    fi
    # epmd daemonizes out of the broker's process group: kill our private one.
    if [ -n "${RMQ_EPMD_PORT:-}" ] && port_busy "$RMQ_EPMD_PORT"; then
        local epmd; epmd=$(command -v epmd || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n1)
        [ -n "$epmd" ] && ERL_EPMD_PORT=$RMQ_EPMD_PORT "$epmd" -kill >/dev/null 2>&1 || true
        wait_port_closed "$RMQ_EPMD_PORT" 5 ||
            log "warning: epmd still listening on :$RMQ_EPMD_PORT"
    fi
}

stop_smtp() {
    [ -n "${SMTP_PID:-}" ] || return 0
    if kill -0 "$SMTP_PID" 2>/dev/null; then
        log "stopping Exim :$SMTP_PORT"
        kill -TERM "$SMTP_PID" 2>/dev/null || true
        local i
        for ((i = 0; i < 50; i++)); do kill -0 "$SMTP_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    # queue runners and deliveries it forked, found by our config path
    local left
    left=$(ps -eo pid=,args= | awk -v d="$SMTP_ROOT/exim.conf" 'index($0, d) {print $1}')
    [ -n "$left" ] && kill -KILL $left 2>/dev/null || true
}

# ------------------------------------------------ tools for fault tests --

load_state() { [ -f "$STATE" ] || die "services not started ($STATE missing)"; . "$STATE"; }

# pg_ctl on the test cluster as the server's OS user, e.g. `stop -m immediate`, `start`.
cmd_pg_ctl() {
    load_state
    as_svc "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/postgres.log" -w "$@"
}

# rabbitmqctl against the test broker (same node name, epmd port and cookie).
cmd_rabbitmqctl() {
    load_state
    rmq_env
    exec "$RMQ_SBIN/rabbitmqctl" -n "$RMQ_NODE" "$@"
}

# -------------------------------------------------------------------- main --

case "${1:-}" in
    install) cmd_install ;;
    start)   cmd_start ;;
    stop)    cmd_stop ;;
    env)     cmd_env ;;
    pg_ctl)      shift; cmd_pg_ctl "$@" ;;
    rabbitmqctl) shift; cmd_rabbitmqctl "$@" ;;
    *) echo "usage: $0 install|start|stop|env|pg_ctl ARGS|rabbitmqctl ARGS" >&2; exit 2 ;;
esac
