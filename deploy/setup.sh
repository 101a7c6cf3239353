#!/usr/bin/env bash
# Installs what kctl needs from Debian's packages when it is missing: etcd
# (server and etcdctl). As root it installs; otherwise it says what to run.
set -euo pipefail

missing=()
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || missing+=(etcd-client)
[ -d node_modules ] || npm install --no-audit --no-fund

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "kctl needs these Debian packages: ${missing[*]}" >&2
  echo "Install them as root with: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
