# Shared by Scripts/run and Scripts/test (sourced, not run): the Debian packages, Swift, a UTF-8 locale.

# Installs those of the named Debian packages that are not installed: apt-get update first, sudo only when
# not root. Returns 1 with the command to run when it cannot install (neither root nor sudo).
ensure_debian_packages() {
  if ! command -v dpkg >/dev/null 2>&1; then
    echo "Not a Debian system (no dpkg): make sure the equivalents of these are installed: $*" >&2
    return 0
  fi
  local missing=() p
  for p in "$@"; do
    # dpkg -s also succeeds for a removed package whose configuration files remain: read its status.
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "These Debian packages are missing: ${missing[*]}" >&2
      echo "Installing them needs root, and sudo is not installed. As root, run:" >&2
      echo "    apt-get update && apt-get install -y ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "Installing the missing Debian packages: ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

# Puts swift on PATH: the one already there, else the toolchain in /opt/swift.
ensure_swift() {
  command -v swift >/dev/null 2>&1 && return 0
  if [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
    return 0
  fi
  echo "Swift 6 is not installed (not on PATH, not in /opt/swift/usr/bin). StudioDesk is tested with 6.3.1:" >&2
  echo "install it from https://www.swift.org/install/linux/ and run this again." >&2
  return 1
}

# The screens and the tests draw Chinese: without a UTF-8 locale ncursesw cannot.
ensure_utf8_locale() {
  if [ "$(locale charmap 2>/dev/null)" != "UTF-8" ]; then
    export LANG=C.UTF-8 LC_ALL=C.UTF-8
  fi
}
