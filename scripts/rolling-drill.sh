#!/usr/bin/env bash
# Rolling-update drill: proves that replacing Jokemeter instances behind nginx (the engine of ingress-nginx)
# fails no request. On loopback, a private nginx proxies to the instances that are ready; an endpoints
# controller loop plays Kubernetes + ingress-nginx: every 100 ms it probes each instance's /api/v1/ready, and
# when the set answering 200 changes it rewrites the upstream and reloads nginx. Under wrk load all along
# (scripts/loadtest/predict.lua): a phase with A and B; SIGTERM A (it drains and exits); start C; once C answers
# through nginx and A has exited, SIGTERM B; B drains and exits; a phase with C alone.
# Passes when wrk made requests with no non-2xx answer and no socket error, nginx's error log names no request
# an instance lost in flight (which nginx would have sent again elsewhere), and A and B exited 0.
# With FIRE_MODEL=emb, a second wrk keeps that model past its capacity all along (64 connections that back off
# as its 503s ask), and the drill also needs its answers to be 200 or 503 with Retry-After, some 200, and no
# socket error: the work each instance had queued when it was told to stop is rated, not dropped.
# gRPC load goes through nginx too (grpc_pass to each instance's gRPC port; scripts/loadtest/grpc_infer.py, 2
# clients calling ModelInfer on lr): every call must end OK, through each instance's drain (GOAWAY, the calls in
# flight finished).
#
# usage: [FIRE_MODEL=NAME] scripts/rolling-drill.sh BIN [seconds-per-phase=4 (whole seconds)]
#   BIN  a jokemeter binary, e.g. .build/static/jokemeter
# Installs nginx and wrk from Debian if missing; the system nginx service and its config are left alone.
# The last line is the summary: rolling-drill: PASS|FAIL requests=… rps=… non2xx=… socket_errors=… grpc_calls=… grpc_failed=…
#   reloads=… retried=… lost=…
set -euo pipefail
bin=$(realpath "${1:?usage: scripts/rolling-drill.sh BIN [seconds-per-phase]}")
phase_seconds=${2:-4}
cd "$(dirname "$0")/.."
[ -x "$bin" ] || { echo "rolling-drill: $bin is not an executable" >&2; exit 2; }
drain_seconds=2
connections=32

# RUNLEVEL=1: the Debian package must not start the system nginx (on port 80) as a service.
for tool in nginx wrk; do
  command -v "$tool" >/dev/null || { RUNLEVEL=1 apt-get install -y -qq "$tool" >/dev/null 2>&1 || { apt-get update -qq && RUNLEVEL=1 apt-get install -y -qq "$tool"; }; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rolling-drill.XXXXXX")
mkdir "$work/pods"      # one file per instance, named after it, holding its port: what the controller probes
: >"$work/reloads"      # a line per nginx reload
# Stops the background jobs still running: only those, as the pid of one that has ended may now be another's.
cleanup() {
  local pid
  for pid in $(jobs -pr); do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=()
fail_now() {
  tail -n 5 "$work"/*.log >&2 || true
  echo "rolling-drill: FAIL $*"
  exit 1
}
running() { jobs -pr | grep -qx "$1"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http_status() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$1" || true; }
nginx_args=(-p "$work" -c "$work/nginx.conf" -e "$work/error.log")   # a private nginx: prefix, config, logs in $work

declare -A instance_pid instance_port
start_instance() {
  local name=$1 port grpc_port
  port=$(free_port)
  grpc_port=$(free_port)
  PORT=$port GRPC_PORT=$grpc_port HOST=127.0.0.1 MODELS_DIR="$PWD/models" DRAIN_SECONDS=$drain_seconds LOG_LEVEL=warning \
    "$bin" serve >"$work/$name.log" 2>&1 &
  instance_pid[$name]=$!
  instance_port[$name]=$port
  echo "$port $grpc_port" >"$work/pods/$name"
}
wait_ready() {
  local name=$1
  for _ in $(seq 100); do
    [ "$(http_status "http://127.0.0.1:${instance_port[$name]}/api/v1/ready")" = 200 ] && return
    running "${instance_pid[$name]}" || fail_now "instance $name exited before it was ready"
    sleep 0.1
  done
  fail_now "instance $name was not ready within 10 s"
}
# Until a request through nginx is answered by the instance (nginx names the upstream in X-Upstream-Addr).
wait_routed() {
  local name=$1
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 -w '%header{x-upstream-addr}' "$nginx_url/api/v1/version" \
      | grep -q ":${instance_port[$name]}\b" && return
    sleep 0.1
  done
  fail_now "nginx did not route to instance $name within 10 s"
}
# SIGTERM to an instance, which must still be running.
terminate() {
  local name=$1 status=0
  if running "${instance_pid[$name]}"; then
    kill -TERM "${instance_pid[$name]}"
    return
  fi
  wait "${instance_pid[$name]}" || status=$?
  fail_now "instance $name ended before its SIGTERM, with exit status $status"
}
# The exit status of an instance sent SIGTERM (a failure when it outlives its drain by 5 s); once gone it leaves pods/.
await_exit() {
  local name=$1 pid=${instance_pid[$1]} status=0
  for _ in $(seq $(((drain_seconds + 5) * 10))); do
    running "$pid" || break
    sleep 0.1
  done
  if running "$pid"; then
    failures+=("$name still ran $((drain_seconds + 5)) s after SIGTERM")
    return
  fi
  wait "$pid" || status=$?
  rm "$work/pods/$name"
  [ "$status" = 0 ] || failures+=("$name exited with status $status after SIGTERM")
}

# The endpoints controller: the upstream holds exactly the instances whose readiness answers 200 (nginx needs a
# server in an upstream, so with none ready it holds one that is down: requests get 502).
sync_endpoints() {
  local pod port grpc_port
  : >"$work/upstream.next"
  : >"$work/grpc-upstream.next"
  for pod in "$work"/pods/*; do
    read -r port grpc_port <"$pod" 2>/dev/null || continue
    if [ "$(http_status "http://127.0.0.1:$port/api/v1/ready")" = 200 ]; then
      echo "server 127.0.0.1:$port;" >>"$work/upstream.next"
      echo "server 127.0.0.1:$grpc_port;" >>"$work/grpc-upstream.next"
    fi
  done
  [ -s "$work/upstream.next" ] || echo "server 127.0.0.1:1 down;" >"$work/upstream.next"
  [ -s "$work/grpc-upstream.next" ] || echo "server 127.0.0.1:1 down;" >"$work/grpc-upstream.next"
  cmp -s "$work/upstream.next" "$work/upstream.conf" && cmp -s "$work/grpc-upstream.next" "$work/grpc-upstream.conf" && return
  mv "$work/upstream.next" "$work/upstream.conf"
  mv "$work/grpc-upstream.next" "$work/grpc-upstream.conf"
  if [ -s "$work/nginx.pid" ]; then
    nginx "${nginx_args[@]}" -s reload 2>>"$work/controller.log" || echo "nginx -s reload failed" >>"$work/controller.log"
    echo reload >>"$work/reloads"
  fi
}
run_endpoints_controller() {
  while :; do
    sync_endpoints
    sleep 0.1
  done
}

start_instance A
start_instance B
wait_ready A
wait_ready B
sync_endpoints

nginx_port=$(free_port)
nginx_grpc_port=$(free_port)
nginx_url=http://127.0.0.1:$nginx_port
cat >"$work/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log notice;
events { worker_connections 4096; }
http {
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    log_format upstreams '\$status \$upstream_addr \$upstream_status';
    access_log $work/access.log upstreams buffer=64k;
    upstream jokemeter {
        include $work/upstream.conf;
        # Upstream keepalive as ingress-nginx sets it (upstream-keepalive-connections, -requests, -timeout).
        keepalive 320;
        keepalive_requests 10000;
        keepalive_timeout 60s;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        # A reload makes the old workers close their clients' keep-alive connections, and a client that has just
        # sent its next request sees a reset (ingress-nginx changes endpoints through Lua, without a reload): so
        # one request per client connection here, which leaves the instance replacement as the thing under test.
        keepalive_timeout 0;
        location / {
            proxy_pass http://jokemeter;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # A prediction is a pure function of the request, so a POST is safe to send again to another instance.
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 3;
            proxy_connect_timeout 1s;
            add_header X-Upstream-Addr \$upstream_addr always;
        }
    }
    upstream jokemeter_grpc {
        include $work/grpc-upstream.conf;
        keepalive 32;
    }
    server {
        listen 127.0.0.1:$nginx_grpc_port http2;
        location / {
            grpc_pass grpc://jokemeter_grpc;
            # ModelInfer is a pure function of its request: safe to send again to another instance.
            grpc_next_upstream error timeout http_502 http_503 non_idempotent;
            grpc_next_upstream_tries 3;
            grpc_connect_timeout 1s;
        }
    }
}
EOF
nginx "${nginx_args[@]}" &
nginx_pid=$!
wait_routed A   # nginx is up
run_endpoints_controller &
controller_pid=$!

export JOKES_LUA=$work/jokes.lua RUN_NAME=rolling-drill
python3 scripts/loadtest/jokes_to_lua.py data/clean_comedy_gold_ru.csv "$JOKES_LUA"
# Runs until interrupted (wrk reports on SIGINT); the duration is only a bound.
wrk -t2 -c"$connections" -d$((phase_seconds * 4 + drain_seconds * 4 + 60))s -s scripts/loadtest/predict.lua \
  "$nginx_url/api/v1/predict" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
# Paced (2 clients, 5 ms apart): the Python client's CPU would otherwise starve emb's lower-priority threads.
python3 scripts/loadtest/grpc_infer.py "127.0.0.1:$nginx_grpc_port" lr 2 0.005 >"$work/grpc.out" 2>&1 &
grpc_pid=$!
if [ -n "${FIRE_MODEL:-}" ]; then
  RUN_NAME=fire MODEL_MIX=$FIRE_MODEL:1 COUNT_STATUSES=1 HONOR_RETRY_AFTER=1 wrk -t1 -c64 --timeout 15s \
    -d$((phase_seconds * 4 + drain_seconds * 4 + 60))s -s scripts/loadtest/predict.lua "$nginx_url/api/v1/predict" \
    >"$work/fire.out" 2>&1 &
  fire_pid=$!
fi

sleep "$phase_seconds"
terminate A
start_instance C
wait_ready C
wait_routed C
await_exit A
terminate B
await_exit B
sleep "$phase_seconds"

kill "$controller_pid"
for pid in $wrk_pid ${fire_pid:-} $grpc_pid; do
  if running "$pid"; then kill -INT "$pid"; else failures+=("a load generator stopped before the drill ended"); fi
  wait "$pid" || true
done
# A graceful stop, which writes out the buffered access log.
if running "$nginx_pid"; then kill -QUIT "$nginx_pid"; else failures+=("nginx exited during the drill"); fi
wait "$nginx_pid" || true

result=$(grep '^RESULT ' "$work/wrk.out" || true)
[ -n "$result" ] || fail_now "wrk printed no RESULT line: $(tail -n 3 "$work/wrk.out")"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
requests=$(field requests) rps=$(field rps) non2xx=$(field non2xx) socket_errors=$(field socket_errors)
[ "$requests" -gt 0 ] || failures+=("no requests")
[ "$non2xx" = 0 ] || failures+=("$non2xx non-2xx answers")
[ "$socket_errors" = 0 ] || failures+=("$socket_errors socket errors")
grpc_result=$(grep '^RESULT ' "$work/grpc.out" || true)
[ -n "$grpc_result" ] || fail_now "the gRPC load printed no RESULT line: $(tail -n 3 "$work/grpc.out")"
grpc_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$grpc_result"; }
grpc_calls=$(grpc_field calls) grpc_failed=$(grpc_field failed)
[ "$(grpc_field ok)" -gt 0 ] || failures+=("no gRPC call succeeded")
[ "$grpc_failed" = 0 ] || failures+=("$grpc_failed gRPC calls failed ($(grpc_field codes))")
reloads=$(wc -l <"$work/reloads")
fire_summary=
if [ -n "${FIRE_MODEL:-}" ]; then
  fire_result=$(grep '^RESULT ' "$work/fire.out" || true)
  [ -n "$fire_result" ] || fail_now "the $FIRE_MODEL wrk printed no RESULT line: $(tail -n 3 "$work/fire.out")"
  fire_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$fire_result"; }
  statuses=$(fire_field statuses)
  [ -z "$(tr ',' '\n' <<<"$statuses" | grep -vE '^(200|503):')" ] || failures+=("$FIRE_MODEL answered $statuses")
  grep -q '200:' <<<"$statuses" || failures+=("$FIRE_MODEL rated nothing")
  [ "$(fire_field no_retry_after)" = 0 ] || failures+=("$(fire_field no_retry_after) of $FIRE_MODEL's 503s had no Retry-After")
  [ "$(fire_field socket_errors)" = 0 ] || failures+=("$(fire_field socket_errors) socket errors on $FIRE_MODEL")
  fire_summary=" ${FIRE_MODEL}_statuses=$statuses ${FIRE_MODEL}_socket_errors=$(fire_field socket_errors)"
fi
retried=$(grep -c ', ' "$work/access.log" || true)
# A request an instance had taken and then lost (closed or reset under it, or left unanswered) is one nginx may
# have sent again elsewhere, hiding it from wrk; its error log names each.
lost=$(grep -cE 'prematurely closed|reset by peer|upstream timed out' "$work/error.log" || true)
[ "$lost" = 0 ] || failures+=("$lost requests lost by an instance (nginx's error log)")

summary="requests=$requests rps=$rps non2xx=$non2xx socket_errors=$socket_errors grpc_calls=$grpc_calls grpc_failed=$grpc_failed reloads=$reloads retried=$retried lost=$lost$fire_summary"
if [ ${#failures[@]} -eq 0 ]; then
  echo "rolling-drill: PASS $summary"
else
  grep -v '^RESULT ' "$work/wrk.out" >&2 || true
  grep -vE '\[notice\]' "$work/error.log" | tail -n 10 >&2 || true
  reasons=$(printf '%s; ' "${failures[@]}")
  echo "rolling-drill: FAIL $summary: ${reasons%; }"
  exit 1
fi
