# shellcheck shell=bash
# Sourced by the shell scripts that need the services and their ports. The one table is
# libs/config/src/ports.json (the ports of libs/config/src/topology.ts), read with sed rather
# than node because build-and-push.sh also runs where node is not installed; Prettier keeps
# the file one `"<service>": <port>` line per service, in start order.

# service_ports ROOT → "<service> <port>" per line, in start order; fails on an unreadable table
service_ports() {
  local table="$1/libs/config/src/ports.json" lines
  lines=$(sed -n 's/^  "\([a-z-]*\)": \([0-9]*\),\{0,1\}$/\1 \2/p' "$table") || return 1
  if [[ -z "$lines" ]]; then
    echo "no \"<service>\": <port> lines in $table" >&2
    return 1
  fi
  printf '%s\n' "$lines"
}
