#!/usr/bin/env bash
# Checks Scripts/setup.sh's package installation without touching the machine: fake dpkg, apt-get, sudo and id
# on a PATH of their own record what would have been run. Fast; Scripts/test does not need it.
#     bash Scripts/setup-test.sh
set -euo pipefail
scripts="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
sandbox="$(mktemp -d)"
trap 'rm -rf "$sandbox"' EXIT
failures=0

# A fresh sandbox: $1 the uid `id -u` reports, $2 "sudo" to provide sudo; dpkg reports installed what
# $sandbox/installed lists.
prepare() {
  rm -rf "$sandbox/bin" "$sandbox/calls"
  mkdir -p "$sandbox/bin"
  : >"$sandbox/calls"
  for tool in env grep; do ln -s "$(command -v "$tool")" "$sandbox/bin/$tool"; done
  cat >"$sandbox/bin/dpkg" <<FAKE
#!$BASH
[ "\$1" = -s ] || exit 2
if grep -qx "\$2" "$sandbox/installed"; then printf 'Package: %s\nStatus: install ok installed\n' "\$2"
else echo "dpkg-query: package '\$2' is not installed" >&2; exit 1; fi
FAKE
  printf '#!%s\n[ "$1" = -u ] && echo %s\n' "$BASH" "$1" >"$sandbox/bin/id"
  printf '#!%s\necho "apt-get $*" >>"%s/calls"\n' "$BASH" "$sandbox" >"$sandbox/bin/apt-get"
  if [ "${2:-}" = sudo ]; then
    printf '#!%s\necho "sudo $*" >>"%s/calls"\nexec "$@"\n' "$BASH" "$sandbox" >"$sandbox/bin/sudo"
  fi
  chmod +x "$sandbox"/bin/*
}

# Runs ensure_debian_packages with the sandbox's PATH only; prints its exit status.
ensure() {
  (PATH="$sandbox/bin"; . "$scripts/setup.sh"; ensure_debian_packages "$@" 2>"$sandbox/stderr") && echo 0 || echo $?
}

expect() {  # name, expected, actual
  if [ "$2" = "$3" ]; then echo "ok   $1"
  else printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; failures=$((failures + 1)); fi
}

echo tmux >"$sandbox/installed"

prepare 0
status=$(ensure tmux sqlite3)
expect "as root: apt-get update, then install what is missing, no sudo" \
  "0|apt-get update -qq|apt-get install -y -qq sqlite3" "$status|$(paste -sd'|' "$sandbox/calls")"

prepare 0
status=$(ensure tmux)
expect "nothing missing: apt-get is not called" "0|" "$status|$(paste -sd'|' "$sandbox/calls")"

prepare 1000 sudo
status=$(ensure tmux sqlite3 unzip)
expect "not root: through sudo" \
  "0|sudo apt-get update -qq|apt-get update -qq|sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 unzip|apt-get install -y -qq sqlite3 unzip" \
  "$status|$(paste -sd'|' "$sandbox/calls")"

prepare 1000
status=$(ensure tmux sqlite3)
expect "neither root nor sudo: fails, installs nothing" "1|" "$status|$(paste -sd'|' "$sandbox/calls")"
expect "neither root nor sudo: says what to run as root" "yes" \
  "$(grep -q 'apt-get update && apt-get install -y sqlite3' "$sandbox/stderr" && echo yes || cat "$sandbox/stderr")"

[ $failures -eq 0 ] && echo "all passed" || { echo "$failures failed"; exit 1; }
