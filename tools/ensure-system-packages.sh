#!/bin/sh
# Install the Debian packages the build or the tests need, when they are missing.
# Usage: tools/ensure-system-packages.sh PACKAGE:COMMAND ...
#   e.g. tools/ensure-system-packages.sh chromium:chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu
# A package counts as present when its COMMAND is on the PATH (or, for a value
# starting with /, when that file or folder exists; for a value like libfoo.so.1,
# when the dynamic linker knows that library). As root the missing
# ones are installed with apt-get; as any other user the script stops and prints
# the exact command to run.
set -eu
missing=""
for spec in "$@"; do
  package=${spec%%:*}
  command=${spec#*:}
  case "$command" in
    /*) [ -e "$command" ] || missing="$missing $package" ;;
    *.so|*.so.*) /sbin/ldconfig -p 2>/dev/null | grep -q "[[:space:]]$command " || missing="$missing $package" ;;
    *) command -v "$command" >/dev/null 2>&1 || missing="$missing $package" ;;
  esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "These system packages are missing:$missing" >&2
  echo "Install them, then run make again:" >&2
  echo "    sudo apt-get install -y$missing" >&2
  exit 1
fi
