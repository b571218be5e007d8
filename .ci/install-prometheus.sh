#!/usr/bin/env bash
# Puts Debian's prometheus and promtool binaries (package "prometheus"; bookworm: 2.42.0) into $PROMETHEUS_HOME/bin
# without installing the package: no service is started, no user or /etc file is created. The rule tests run promtool
# and PrometheusIT runs prometheus from there.
#
#   PROMETHEUS_HOME=/some/dir .ci/install-prometheus.sh      # default: ${XDG_CACHE_HOME:-$HOME/.cache}/cmk-worker/prometheus
#
# Idempotent: does nothing when both binaries run. Runs `apt-get update` only when the package list lacks the package
# (root only; elsewhere it says what to run). Prints the directory. Exit codes: 0 installed or already there, 1 not.
set -euo pipefail
home="${PROMETHEUS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/cmk-worker/prometheus}"
if "$home/bin/promtool" --version >/dev/null 2>&1 && "$home/bin/prometheus" --version >/dev/null 2>&1; then
  echo "$home"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
download() { (cd "$work" && apt-get -qq download prometheus) >/dev/null 2>&1; }
if ! download; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-prometheus: 'apt-get download prometheus' failed; run 'apt-get update' as root first" >&2
    exit 1
  fi
  apt-get -qq update >/dev/null
  download || { echo "install-prometheus: 'apt-get download prometheus' failed after 'apt-get update'" >&2; exit 1; }
fi
mkdir -p "$work/x" "$(dirname "$home")"
dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -x -C "$work/x" ./usr/bin/prometheus ./usr/bin/promtool
# Built beside the target and moved in one step, so a run that is stopped halfway leaves no half-filled directory.
new="$home.new.$$"
rm -rf "$new"
mkdir -p "$new"
mv "$work/x/usr/bin" "$new/bin"
"$new/bin/promtool" --version 2>&1 | head -1 > "$new/VERSION"
rm -rf "$home"
mv "$new" "$home"
echo "$home"
