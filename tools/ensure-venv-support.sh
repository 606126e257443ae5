#!/bin/sh
# Debian's python3 has no 'venv' module until python3-venv is installed. Check for it
# (and install it as root) before make creates the virtual environment.
# Usage: tools/ensure-venv-support.sh PYTHON
set -eu
python=${1:-python3}
if "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  exit 0
fi
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
package="python$version-venv"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing $package (needed to create the virtual environment)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$package"
else
  echo "$python cannot create a virtual environment. Install it with:" >&2
  echo "    sudo apt-get install -y $package" >&2
  exit 1
fi
