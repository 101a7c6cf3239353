#!/usr/bin/env bash
# Installs what kctl needs from Debian's packages when it is missing: etcd
# (server and etcdctl) for the control plane; containerd (with ctr), runc, the
# CNI plugins and busybox-static for real pods; gcc and the static C library
# to build the pause and HTTP server images. As root it installs, quietly;
# otherwise it says what to run. Running it again installs nothing.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

missing=()
need() { # need <package> <test...>: add the package when the test fails
  local pkg=$1; shift
  "$@" >/dev/null 2>&1 || missing+=("$pkg")
}
need etcd-server command -v etcd
need etcd-client command -v etcdctl
need containerd command -v containerd
need containerd command -v ctr
need runc command -v runc
need containernetworking-plugins test -x /usr/lib/cni/bridge -a -x /usr/lib/cni/host-local -a -x /usr/lib/cni/portmap
# Debian's busybox (dynamic) also installs /bin/busybox; images need the static one.
need busybox-static bash -c 'b=$(command -v busybox) && ! ldd "$b"'
need gcc command -v gcc
need libc6-dev test -f /usr/lib/x86_64-linux-gnu/libc.a
need iptables command -v iptables
need iproute2 command -v ip
[ -d node_modules ] || npm install --no-audit --no-fund

if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -ne 0 ]; then
    echo "kctl needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root with: apt-get update && apt-get install -y ${missing[*]}" >&2
    # Without etcd nothing runs; without the node packages only the real-pod
    # tests cannot run, and those skip for a user who is not root anyway.
    case " ${missing[*]} " in *" etcd-"*) exit 1 ;; esac
    exit 0
  fi
  echo "Installing ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Pod traffic crossing the node bridge must pass the packet filter (Services).
if [ "$(id -u)" -eq 0 ] && [ -w /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
  echo 1 > /proc/sys/net/bridge/bridge-nf-call-iptables
fi
