#!/bin/sh
# The container's entry point (also /usr/local/bin/trellis in the image): the first argument
# chooses what runs. One image serves the gateway and every subgraph.
#
#   docker run … trellis gateway                  the gateway (default)
#   docker run … trellis brands|inventory|partners|platform  a core subgraph
#   docker run … trellis sustainability            the example subgraph of a platform team
#   docker run … trellis trellis subgraph list …   the registry CLI
#   docker run … trellis token|audit|keys …        token, audit export, keys (as `trellis token` …)
#
# Each service migrates its own database at start (one replica at a time), so there is no
# separate migrate step. TRELLIS_ENTRYPOINT_DRY_RUN=1 prints the command instead of running it.
set -eu

self="$(readlink -f "$0")"
app="$(cd "$(dirname "$self")/.." && pwd)"
command="${1:-gateway}"
[ "$#" -gt 0 ] && shift

usage() {
  cat <<USAGE
usage: <image> gateway | brands | inventory | partners | platform | sustainability
       <image> trellis <command> …     (trellis --help)
       <image> token | audit | keys …  (… --help)
USAGE
}

case "$command" in
  gateway) set -- "$app/dist/gateway/src/main.js" "$@" ;;
  brands | inventory | partners | platform) set -- "$app/dist/subgraphs/$command/src/main.js" "$@" ;;
  sustainability) set -- "$app/dist/examples/sustainability/src/main.js" "$@" ;;
  trellis) set -- "$app/dist/scripts/trellis.js" "$@" ;;
  token | audit | keys) set -- "$app/dist/scripts/trellis.js" "$command" "$@" ;;
  help | -h | --help)
    usage
    exit 0
    ;;
  *)
    echo "trellis: unknown command \"$command\"" >&2
    usage >&2
    exit 2
    ;;
esac

if [ "${TRELLIS_ENTRYPOINT_DRY_RUN:-}" = 1 ]; then
  echo node --enable-source-maps "$@"
  exit 0
fi
exec node --enable-source-maps "$@"
