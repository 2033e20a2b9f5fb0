# Sourced by the drills. logged_port LOG PID prints the port that a `jokemeter serve` started with PORT=0
# reports in LOG ("listening on 127.0.0.1:PORT"); it fails, saying why on stderr, if the process PID exits
# first or nothing is logged within 30 s.
logged_port() {
  local log=$1 pid=$2 port
  for _ in $(seq 1 300); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "the server exited at startup" >&2; return 1; }
    sleep 0.1
  done
  echo "the server did not log its port within 30 s" >&2
  return 1
}
