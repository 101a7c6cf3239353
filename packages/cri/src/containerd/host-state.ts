// Host state a node's containerd leaves behind when it is not shut down
// cleanly: mounts under its directory, runc containers in its runc root, shims
// serving its socket, its CNI bridge. Each helper touches only what belongs to
// one node directory, found by path, never by process name.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Mount points under `dir` (deepest first), read from /proc/self/mountinfo. */
export function mountsUnder(dir: string): string[] {
  const prefix = `${path.resolve(dir)}/`;
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mp): mp is string => mp !== undefined)
    .map(unescape)
    .filter((mp) => mp.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}

export function unmountUnder(dir: string): void {
  for (const mp of mountsUnder(dir)) {
    try {
      execFileSync('umount', ['-l', mp], { stdio: 'ignore' });
    } catch {
      // already gone (a parent's lazy unmount took it)
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** True when `pid` runs with `arg` among its arguments (guards against PID reuse). */
export function runsWith(pid: number, arg: string): boolean {
  return cmdline(pid).includes(arg);
}

/** PIDs of containerd shims serving the containerd at `socket` (they run with `-address <socket>`). */
export function shimPids(socket: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const args = cmdline(pid);
      const at = args.indexOf('-address');
      return at >= 0 && args[at + 1] === socket && (args[0] ?? '').includes('containerd-shim');
    });
}

/** Force-deletes every container in a runc root (kills its processes, frees its cgroups). */
export function deleteRuncContainers(runcRoot: string): void {
  if (!fs.existsSync(runcRoot)) return;
  for (const ns of fs.readdirSync(runcRoot)) {
    const root = path.join(runcRoot, ns);
    for (const id of fs.readdirSync(root)) {
      try {
        execFileSync('runc', ['--root', root, 'delete', '--force', id], { stdio: 'ignore' });
      } catch {
        // gone already
      }
    }
  }
}

export function linkExists(name: string): boolean {
  return fs.existsSync(`/sys/class/net/${name}`);
}

export function deleteLink(name: string): void {
  if (!linkExists(name)) return;
  execFileSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
}

const BRIDGE_NF = '/proc/sys/net/bridge/bridge-nf-call-iptables';

/**
 * Bridged pod traffic must pass iptables/nftables, or pod → ClusterIP → pod on
 * the same bridge fails. Turns it on when it is off; throws when the kernel
 * lacks br_netfilter.
 */
export function ensureBridgeNetfilter(): void {
  if (!fs.existsSync(BRIDGE_NF)) {
    try {
      execFileSync('modprobe', ['br_netfilter'], { stdio: 'ignore' });
    } catch {
      // built in or unavailable: checked just below
    }
  }
  if (!fs.existsSync(BRIDGE_NF)) throw new Error(`${BRIDGE_NF} is missing: the kernel needs br_netfilter for pod networking`);
  if (fs.readFileSync(BRIDGE_NF, 'utf8').trim() !== '1') fs.writeFileSync(BRIDGE_NF, '1');
}
