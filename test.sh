#!/usr/bin/env bash
# Run every test against throwaway PostgreSQL/RabbitMQ servers.
#
#   ./test.sh                      # whole solution
#   ./test.sh --filter Name~Foo    # extra args go to `dotnet test`
#
# Installs missing PostgreSQL/RabbitMQ/Chromium (apt), starts private servers
# on free 127.0.0.1 ports, runs the tests and always stops the servers again.
# Last line: "N passed, N failed[, N skipped]"; exit code = dotnet test's.
# Env: VERZUIM_TEST_TARGET (default Verzuim.sln), KEEP_SERVICES=1 to keep the
# server dir (.tmp/services) for debugging.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
REPO=$PWD
TARGET=${VERZUIM_TEST_TARGET:-Verzuim.sln}
RESULTS=$REPO/.tmp/test-results
export VERZUIM_SERVICES_DIR=${VERZUIM_SERVICES_DIR:-$REPO/.tmp/services}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '[test.sh] %s\n' "$*" >&2; }

# One run per checkout at a time: runs share .tmp/services and bin/obj.
# Children get `9>&-` so a lingering server/build process never holds the lock.
mkdir -p .tmp
exec 9>.tmp/test.lock
if ! flock -n 9; then
    say "another ./test.sh is running in this checkout; waiting for it..."
    flock -w 3600 9 || { say "gave up waiting for the lock"; exit 1; }
fi

# Build before starting servers: compile errors fail fast and cheaply.
say "dotnet build $TARGET -c Release"
# In CI, no persistent MSBuild/compiler servers: they outlive the job and can
# hold its output pipe open. Locally they stay (faster rebuilds).
no_servers=()
[ "${CI:-}" = true ] && no_servers=(--disable-build-servers)
brc=0
dotnet build "$TARGET" -c Release "${no_servers[@]}" 9>&- || brc=$?
if [ $brc -ne 0 ]; then say "build failed (exit $brc); no tests were run"; exit $brc; fi

scripts/services.sh install 9>&-

# Stop the servers however we leave (failure, Ctrl-C, kill). INT/TERM just
# exit; the EXIT trap then does the cleanup exactly once.
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    scripts/services.sh stop 9>&- || true
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/services.sh start 9>&-
# shellcheck disable=SC1091
. "$VERZUIM_SERVICES_DIR/env.sh"

# Fresh results dir so the summary only counts this run.
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
say "dotnet test $TARGET -c Release --no-build $*"
# dotnet test runs in its own session in the background so that Ctrl-C/TERM
# reach *this* script at once (bash defers traps while a foreground child
# runs, and VSTest keeps going until a running test returns). We then end the
# whole test process tree (dotnet, vstest.console, testhost, browsers) ourselves.
setsid dotnet test "$TARGET" -c Release --no-build "${no_servers[@]}" \
    --logger "console;verbosity=normal" --logger trx --results-directory "$RESULTS" \
    "$@" 9>&- </dev/null &
test_pid=$!
stop_tests() {
    trap - INT TERM
    say "interrupted: stopping the test run"
    kill -TERM -- "-$test_pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do   # until gone or a zombie (reaped on exit)
        case $(ps -o stat= -p "$test_pid" 2>/dev/null) in ''|Z*) break ;; esac
        sleep 0.2
    done
    kill -KILL -- "-$test_pid" 2>/dev/null || true
    exit "$1"
}
trap 'stop_tests 130' INT
trap 'stop_tests 143' TERM
rc=0
wait "$test_pid" || rc=$?
trap 'exit 130' INT
trap 'exit 143' TERM

# Stop now (not only in the trap) so the summary really is the last line.
scripts/services.sh stop 9>&- || true

# Sum the <Counters .../> of every trx file (one per test project).
shopt -s nullglob globstar
trx=("$RESULTS"/**/*.trx)
read -r total passed failed skipped < <(
    cat /dev/null "${trx[@]}" | grep -o '<Counters [^>]*>' | awk '
        function attr(n) { return match($0, " " n "=\"[0-9]+\"") ? substr($0, RSTART + length(n) + 3, RLENGTH - length(n) - 4) + 0 : 0 }
        { t += attr("total"); p += attr("passed")
          f += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
          s += attr("total") - attr("executed") }   # xunit skips count as not executed
        END { print t + 0, p + 0, f + 0, s + 0 }')

if [ ${#trx[@]} -eq 0 ] || [ "$total" -eq 0 ]; then
    if [ ${#trx[@]} -eq 0 ]; then
        say "ERROR: no tests ran: no test results at all. Does $TARGET contain a test project?"
    elif [ $rc -ne 0 ]; then
        say "ERROR: no test results recorded; the test run aborted (dotnet test exit code $rc, see above)."
    else
        say "ERROR: no tests ran. Did --filter match nothing, or are the test projects empty?"
    fi
    echo "0 passed, 0 failed"
    exit $(( rc == 0 ? 1 : rc ))
fi
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
    say "dotnet test exited with $rc although no test failed (test host crash? see output above)"
fi
if [ "$failed" -gt 0 ]; then
    # Name the failures again here: CI keeps only the tail of the output.
    echo "[test.sh] failed tests:"
    cat "${trx[@]}" | grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' \
        | grep -o 'testName="[^"]*"' | sed 's/^testName="/  - /; s/"$//' | sed 's/&quot;/"/g; s/&amp;/\&/g' || true
fi
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit "$rc"
