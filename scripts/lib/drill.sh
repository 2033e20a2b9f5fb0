# Sourced by the drills. drill_begin NAME makes $work, a temporary folder, and a trap that at exit stops the load
# ($load, a process group) and the server ($server) when they are set and removes $work; fail MESSAGE says
# "NAME: FAILED: MESSAGE" with the tail of $work/server.log and exits 1. stop_load stops the load run started in
# $load with SIGINT (wrk then prints its RESULT line into $work/load.log) and sets $result and, from it, $requests,
# $non2xx and $socket_errors.
drill_begin() {
    drill_name=$1
    work=$(mktemp -d)
    server=
    load=
    trap drill_cleanup EXIT
}

drill_cleanup() {
    [ -z "$load" ] || kill -- -"$load" 2>/dev/null || true
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}

fail() {
    echo "$drill_name: FAILED: $*" >&2
    tail -20 "$work/server.log" >&2
    exit 1
}

stop_load() {
    kill -0 "$load" 2>/dev/null || fail "the load stopped before the drill ended: $(tail -5 "$work/load.log")"
    kill -INT -- -"$load"
    wait "$load" || fail "the load run failed: $(tail -5 "$work/load.log")"
    load=
    result=$(grep '^RESULT ' "$work/load.log") || fail "no RESULT line from loadtest.sh: $(tail -5 "$work/load.log")"
    requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$result")
    non2xx=$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$result")
    socket_errors=$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$result")
}
