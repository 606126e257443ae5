#!/bin/bash
# Rehearse the README's "Two commands" on a fresh, minimal Debian 12, without Docker.
#
# Usage (as root):
#   tools/rehearse-debian12.sh [--remove] [DIR]
#
#   DIR       where the Debian 12 root file system is made; it must not exist or be
#             empty (default: a new /tmp/rehearse-debian12.XXXXXX).
#   --remove  delete DIR at the end (by default it is kept, for inspection:
#             `chroot DIR /bin/bash`, the project is in DIR/root/src).
#
# Environment (all optional):
#   MIRROR           Debian mirror for bookworm and bookworm-updates (default: the first
#                    one /etc/apt/sources.list or /etc/apt/sources.list.d/* names for
#                    bookworm, else http://deb.debian.org/debian). Use an http mirror:
#                    minbase has no CA bundle until ca-certificates is installed.
#   SECURITY_MIRROR  mirror for bookworm-security (default: the host's, else
#                    http://deb.debian.org/debian-security).
#   LOGDIR           where the logs go (default: DIR-logs, next to DIR, outside it).
#   HOST_CA_BUNDLE   a CA bundle to trust inside the chroot (default: $SSL_CERT_FILE or
#                    $PIP_CERT when set on the host and the file exists; empty: none).
#
# What it does:
#   1. debootstrap --variant=minbase bookworm DIR MIRROR (the same variant as the
#      debian:bookworm container image the GitHub workflow uses);
#   2. bind-mounts /proc, /sys, /dev, /dev/pts (and a fresh tmpfs on /dev/shm, which
#      Chromium needs), copies /etc/resolv.conf in;
#   3. installs exactly what .github/workflows/site.yml installs, nothing else:
#      ca-certificates git make python3 python3-venv;
#   4. clones the committed HEAD of this repository into DIR/root/src (through a git
#      bundle: no untracked or ignored file such as .venv, _build or _vendor leaks in);
#   5. runs `make html`, then `make test` there, each timed, with the output in LOGDIR;
#   6. prints the Debian and python3 versions, each command's status and duration.
# It exits non-zero if either command fails. Mounts are undone on exit, even on failure.
# Nothing is cached in the repository. Uncommitted changes are not rehearsed.
set -u

die() { echo "rehearse-debian12: $*" >&2; exit 2; }

REMOVE=0
ROOT=""
for arg in "$@"; do
  case "$arg" in
    --remove) REMOVE=1 ;;
    -h|--help) sed -n '2,/^set -u$/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $arg (see --help)" ;;
    *) [ -z "$ROOT" ] || die "only one DIR, please"; ROOT=$arg ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, mount and chroot need it)"
command -v debootstrap >/dev/null 2>&1 || die "debootstrap is missing: apt-get install -y debootstrap"

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) || die "not inside a git repository"
COMMIT=$(git -C "$REPO" rev-parse HEAD) || die "the repository has no commit"
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
  echo "Note: $REPO has uncommitted changes; only the commit $COMMIT is rehearsed."
fi

# The first URI the host's apt sources name for SUITE (one-line and deb822 formats).
host_mirror() {
  suite=$1
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case "$f" in
      *.sources)
        awk -v suite="$suite" 'BEGIN { RS = "" }
          { types = ""; uris = ""; suites = ""; enabled = "yes"
            n = split($0, line, "\n")
            for (i = 1; i <= n; i++) {
              l = line[i]
              if (l ~ /^[ \t]*#/) continue
              key = tolower(l); sub(/:.*/, "", key)
              val = l; sub(/^[^:]*:[ \t]*/, "", val)
              if (key == "types") types = val
              else if (key == "uris") uris = val
              else if (key == "suites") suites = val
              else if (key == "enabled") enabled = tolower(val)
            }
            if ((" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ") && enabled != "no") {
              split(uris, u, /[ \t]+/); print u[1]; exit
            }
          }' "$f" ;;
      *)
        awk -v suite="$suite" '/^[ \t]*deb[ \t]/ { sub(/\[[^]]*\]/, ""); if ($3 == suite) { print $2; exit } }' "$f" ;;
    esac
  done | head -n 1
}

MIRROR=${MIRROR:-$(host_mirror bookworm)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-$(host_mirror bookworm-security)}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}

if [ -z "$ROOT" ]; then
  ROOT=$(mktemp -d /tmp/rehearse-debian12.XXXXXX) || die "cannot make a directory in /tmp"
else
  if [ -e "$ROOT" ] && [ -n "$(ls -A "$ROOT")" ]; then die "$ROOT exists and is not empty"; fi
  mkdir -p "$ROOT" || die "cannot make $ROOT"
fi
ROOT=$(cd "$ROOT" && pwd -P)
LOGDIR=${LOGDIR:-$ROOT-logs}
mkdir -p "$LOGDIR" || die "cannot make $LOGDIR"
LOGDIR=$(cd "$LOGDIR" && pwd -P)

if [ -z "${HOST_CA_BUNDLE+set}" ]; then
  HOST_CA_BUNDLE=""
  for f in "${SSL_CERT_FILE:-}" "${PIP_CERT:-}"; do
    if [ -n "$f" ] && [ -f "$f" ]; then HOST_CA_BUNDLE=$f; break; fi
  done
fi

MOUNTED=()   # in mount order; undone in reverse
cleanup() {
  status=$?
  trap - EXIT INT TERM
  # Processes left inside the chroot (a browser, a test server) would keep it busy:
  # stop those, by their id (only processes whose root is this fresh DIR).
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$ROOT" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" \
      || echo "rehearse-debian12: could not unmount ${MOUNTED[i]}" >&2
  done
  if [ "$REMOVE" = 1 ]; then
    if grep -q " $ROOT[/ ]" /proc/mounts; then
      echo "rehearse-debian12: something is still mounted under $ROOT; not removing it" >&2
    else
      rm -rf --one-file-system "$ROOT" && echo "Removed $ROOT"
    fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Repository: $REPO at $COMMIT"
echo "Root file system: $ROOT"
echo "Logs: $LOGDIR"
echo "Mirrors: $MIRROR, $SECURITY_MIRROR"

# 1. A minimal Debian 12.
echo "== debootstrap --variant=minbase bookworm $ROOT $MIRROR (log: $LOGDIR/debootstrap.log)"
if ! debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$LOGDIR/debootstrap.log" 2>&1; then
  tail -n 20 "$LOGDIR/debootstrap.log" >&2
  die "debootstrap failed (see $LOGDIR/debootstrap.log)"
fi

# 2. Mounts, name resolution, apt sources as in the debian:bookworm image.
bind() {
  mkdir -p "$ROOT$1" && mount --bind "$1" "$ROOT$1" || die "cannot bind-mount $1"
  MOUNTED+=("$ROOT$1")
}
bind /proc
bind /sys
bind /dev
bind /dev/pts
if mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$ROOT/dev/shm"; then
  MOUNTED+=("$ROOT/dev/shm")
else
  bind /dev/shm
fi
rm -f "$ROOT/etc/resolv.conf"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" || die "cannot copy /etc/resolv.conf"

rm -f "$ROOT/etc/apt/sources.list"
cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

# If the host's apt reaches the mirror through a proxy, so does the chroot's.
apt-config dump 2>/dev/null | grep -E '^Acquire::(https?|ftp)::Proxy ' \
  >"$ROOT/etc/apt/apt.conf.d/01rehearsal-proxy" || rm -f "$ROOT/etc/apt/apt.conf.d/01rehearsal-proxy"

# The environment inside: what the container has (PATH, HOME), plus any proxy settings.
CHROOT_ENV=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb)
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!v:-}" ] && CHROOT_ENV+=("$v=${!v}")
done
# Only for machines whose traffic goes through a TLS-intercepting proxy (as on the
# machines this was written on): trust the proxy's CA inside the chroot too. It lives
# outside /etc/ssl so that installing ca-certificates does not overwrite it. A user's
# machine does not need this (set HOST_CA_BUNDLE= to leave it out).
if [ -n "$HOST_CA_BUNDLE" ]; then
  cp -L "$HOST_CA_BUNDLE" "$ROOT/usr/local/share/rehearsal-host-ca.crt" || die "cannot copy $HOST_CA_BUNDLE"
  ca=/usr/local/share/rehearsal-host-ca.crt
  CHROOT_ENV+=(PIP_CERT=$ca SSL_CERT_FILE=$ca REQUESTS_CA_BUNDLE=$ca NODE_EXTRA_CA_CERTS=$ca GIT_SSL_CAINFO=$ca)
  echo "Trusting $HOST_CA_BUNDLE inside the chroot (TLS-intercepting proxy)"
fi

in_chroot() { chroot "$ROOT" /usr/bin/env -i "${CHROOT_ENV[@]}" "$@"; }

# 3. Exactly what the workflow installs.
echo "== apt-get install ca-certificates git make python3 python3-venv (log: $LOGDIR/apt.log)"
if ! in_chroot DEBIAN_FRONTEND=noninteractive /bin/sh -c \
  'apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates git make python3 python3-venv' \
  >"$LOGDIR/apt.log" 2>&1; then
  tail -n 20 "$LOGDIR/apt.log" >&2
  die "apt-get failed (see $LOGDIR/apt.log)"
fi

# 4. A fresh clone of the committed HEAD (and the branches and tags, as a full checkout has).
git -C "$REPO" bundle create "$ROOT/root/src.bundle" HEAD --branches --tags >"$LOGDIR/clone.log" 2>&1 \
  || die "git bundle failed (see $LOGDIR/clone.log)"
if ! in_chroot /bin/sh -c "git clone -q /root/src.bundle /root/src && cd /root/src && git checkout -q --detach $COMMIT && git log -1 --oneline" \
  >>"$LOGDIR/clone.log" 2>&1; then
  cat "$LOGDIR/clone.log" >&2
  die "git clone failed (see $LOGDIR/clone.log)"
fi
rm -f "$ROOT/root/src.bundle"

DEBIAN_VERSION=$(cat "$ROOT/etc/debian_version")
PYTHON_VERSION=$(in_chroot python3 --version 2>&1)

# 5. The README's two commands, exactly, each timed.
run() {  # name command...
  name=$1; shift
  echo "== $* (in /root/src; log: $LOGDIR/$name.log)"
  start=$(date +%s)
  in_chroot /bin/sh -c 'cd /root/src && exec "$@"' sh "$@" 2>&1 | tee "$LOGDIR/$name.log"
  rc=${PIPESTATUS[0]}
  secs=$(( $(date +%s) - start ))
  printf -v "RC_$name" %s "$rc"
  printf -v "SECS_$name" %s "$secs"
  echo "== $* exited $rc after $((secs / 60))m$((secs % 60))s"
}
run html make html
run test make test

# 6. Summary.
fmt() { echo "$(($1 / 60))m$(printf %02d $(($1 % 60)))s"; }
echo
echo "Rehearsal on a fresh Debian 12 (minbase) of $COMMIT"
echo "  Debian:      $DEBIAN_VERSION"
echo "  python3:     $PYTHON_VERSION"
echo "  make html:   exit $RC_html, $(fmt "$SECS_html")"
echo "  make test:   exit $RC_test, $(fmt "$SECS_test")"
echo "  logs:        $LOGDIR"
if [ "$REMOVE" = 1 ]; then
  echo "  root fs:     $ROOT (removed on exit)"
else
  echo "  root fs:     $ROOT (kept: chroot $ROOT /bin/bash; remove with rm -rf --one-file-system $ROOT)"
fi
[ "$RC_html" = 0 ] && [ "$RC_test" = 0 ]
