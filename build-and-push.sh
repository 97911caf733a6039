#!/usr/bin/env bash
# Builds the service images for linux/amd64 and linux/arm64 with Docker buildx and pushes them
# to one repository, tagged <service>-<version> and <service>-latest (version from package.json).
set -euo pipefail

DEFAULT_REPO=quay.io/metoro/metoro-demo-applications
PLATFORMS=linux/amd64,linux/arm64

# The build context is the repository root, wherever the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/ports.sh
source scripts/ports.sh
# service:port in start order, from the topology's port table (libs/config/src/ports.json)
ports=$(service_ports .) || exit 1
SERVICES=()
while read -r name port; do SERVICES+=("$name:$port"); done <<<"$ports"

usage() {
  cat <<EOF
Usage: ./build-and-push.sh [--dry-run] [service]

Builds one service's image, or all of them when no service is named, for ${PLATFORMS}
with docker buildx, and pushes <repo>:<service>-<version> and <repo>:<service>-latest.

  --dry-run   print the commands instead of running them
  -h, --help  show this help

Services: ${SERVICES[*]%%:*}
Environment: IMAGE_REPO  repository to push to (default ${DEFAULT_REPO})
Needs: docker login to the registry, and a buildx builder that can build both platforms
       (e.g. docker buildx create --use).
EOF
}

fail_usage() {
  echo "build-and-push.sh: $1" >&2
  usage >&2
  exit 1
}

dry_run=false
names=()
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      usage
      exit 0
      ;;
    --dry-run) dry_run=true ;;
    -*) fail_usage "unknown option: $arg" ;;
    *) names+=("$arg") ;;
  esac
done
((${#names[@]} <= 1)) || fail_usage "too many arguments: expected at most one service"

selected=()
for entry in "${SERVICES[@]}"; do
  if ((${#names[@]} == 0)) || [[ "${entry%%:*}" == "${names[0]}" ]]; then selected+=("$entry"); fi
done
((${#selected[@]} > 0)) || fail_usage "unknown service: '${names[0]}'"

if command -v node >/dev/null 2>&1; then
  version=$(node -p 'require("./package.json").version')
else
  # No node (e.g. a bare CI image): the first top-level "version" field of package.json.
  version=$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' package.json | head -n 1)
fi
[[ -n "$version" ]] || {
  echo "build-and-push.sh: cannot read \"version\" from package.json" >&2
  exit 1
}

repo=${IMAGE_REPO:-$DEFAULT_REPO}

# Checked before the first build so a missing plugin fails in a second, not after a long build.
if ! $dry_run && ! docker buildx version >/dev/null 2>&1; then
  echo "build-and-push.sh: 'docker buildx version' failed: Docker buildx is required for" \
    "multi-arch builds (install the docker-buildx plugin, see" \
    "https://docs.docker.com/build/install-buildx/)" >&2
  exit 1
fi

# One word as a POSIX shell reads it back: bare when safe, else single-quoted. (printf %q
# would also escape the comma in linux/amd64,linux/arm64, which is legal but hard to read.)
quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$1"
  else
    # sed rather than ${1//…}: backslashes in a substitution differ between bash 3.2 and 5.2.
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
  fi
}

# Prints the command (copy-pasteable), then runs it unless this is a dry run.
run() {
  local line word
  line=$(quote "$1")
  for word in "${@:2}"; do line+=" $(quote "$word")"; done
  if $dry_run; then
    echo "$line"
  else
    echo "+ $line"
    "$@"
  fi
}

for entry in "${selected[@]}"; do
  name=${entry%%:*}
  port=${entry##*:}
  run docker buildx build --platform "$PLATFORMS" -f docker/Dockerfile \
    --build-arg "APP=$name" --build-arg "PORT=$port" --build-arg "VERSION=$version" \
    -t "$repo:$name-$version" -t "$repo:$name-latest" --push .
done

if ! $dry_run; then
  echo "Pushed ${#selected[@]} image(s) to $repo, tags <service>-$version and <service>-latest."
fi
