# What the demo scripts share (sourced, not run): bold headings, the processes a scene started
# and stops at exit, and waits on loopback ports. A script sets DEMO_LOGS (where to look when
# something does not start) before sourcing this file, and appends what it starts to PIDS.
PIDS=()

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
stop_started() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap stop_started EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Exits the scene unless every port given is free.
require_free_ports() {
  for port in "$@"; do
    port_free "$port" || {
      echo "demo: port $port on 127.0.0.1 is in use; stop what uses it first" >&2
      exit 1
    }
  done
}
# Until something listens on the port (at most 10 s), else exits the scene.
wait_for_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "demo: nothing is listening on 127.0.0.1:$1; see ${DEMO_LOGS:-var/}" >&2
  exit 1
}
