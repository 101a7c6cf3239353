// Runs containerd as a plain background process for one kctl node, in a
// directory of its own (see config.ts), and stops it by PID. Mirrors
// @kctl/etcd: start(options) answers once the CRI socket answers Version.
import { ChildProcess, spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { connectCri } from '../client';
import { cniConflist, containerdConfig, NodeLayout, nodeLayout, registryHostsToml } from './config';
import { deleteLink, deleteRuncContainers, ensureBridgeNetfilter, isAlive, runsWith, shimPids, unmountUnder } from './host-state';
import { findBinary } from './requirements';

export const DEFAULT_SANDBOX_IMAGE = 'kctl.local/pause:3.10';
/** A closed loopback port: pulls from hosts nobody configured fail here instead of leaving the machine. */
export const NO_REGISTRY = 'http://127.0.0.1:1';
const OWNER_FILE = 'kctl-node.json';
export const TEMP_PREFIX = 'kctl-containerd-';

export interface ContainerdOptions {
  /** Node directory; a fresh temporary one when omitted (and removed on stop). */
  dir?: string;
  /** The node's pod range, one /24. */
  podCidr: string;
  /** Host bridge for the node's pods (≤ 15 characters). Default derived from the directory. */
  bridge?: string;
  /** Image of every pod's sandbox (infra) container; must be imported before the first pod. */
  sandboxImage?: string;
  /** Registry (http://host:port) that serves kctl.local images; by default none. */
  registry?: string;
  /** containerd's own log; `<dir>/containerd.log` when omitted. */
  logFile?: string;
  /** Wait at most this long for the socket to answer. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface ContainerdHandle {
  socket: string;
  dir: string;
  pid: number;
  bridge: string;
  podCidr: string;
  layout: NodeLayout;
  /** Directory holding host-local's leases (one file per allocated pod IP). */
  ipamLeaseDir: string;
  /**
   * Removes every pod sandbox, stops containerd (SIGTERM, then SIGKILL), clears
   * what it left on the host (shims, runc containers, mounts, the bridge) and,
   * for a temporary directory, removes it.
   */
  stop(): Promise<void>;
  /** Stops containerd alone (SIGTERM, then SIGKILL): pods keep running under their shims. */
  kill(): Promise<void>;
  /** Starts containerd again after kill(), on the same directory; it finds its pods again. */
  restart(): Promise<void>;
}

interface OwnerRecord {
  ownerPid: number;
  containerdPid: number;
  bridge: string;
}

function writeFiles(layout: NodeLayout, options: ContainerdOptions, bridge: string, network: string): void {
  for (const d of [layout.root, layout.state, layout.runcRoot, layout.cniConfDir, layout.cniIpamDir]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(layout.configFile, containerdConfig(layout, options.sandboxImage ?? DEFAULT_SANDBOX_IMAGE));
  fs.writeFileSync(path.join(layout.cniConfDir, '10-kctl.conflist'), cniConflist({ name: network, bridge, podCidr: options.podCidr, ipamDir: layout.cniIpamDir }));
  const hosts: Record<string, string> = { 'kctl.local': options.registry ?? NO_REGISTRY, 'docker.io': NO_REGISTRY, _default: NO_REGISTRY };
  for (const [host, server] of Object.entries(hosts)) {
    fs.mkdirSync(path.join(layout.certsDir, host), { recursive: true });
    fs.writeFileSync(path.join(layout.certsDir, host, 'hosts.toml'), registryHostsToml(server));
  }
}

async function waitReady(socket: string, child: ChildProcess, timeoutMs: number, log: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`containerd exited (${child.exitCode ?? child.signalCode}) before answering; see ${log}`);
    if (fs.existsSync(socket)) {
      const cri = connectCri({ socket, timeoutMs: 2000 });
      try {
        await cri.runtime.version();
        return;
      } catch (err) {
        lastError = err;
      } finally {
        cri.close();
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`containerd at ${socket} did not answer Version within ${timeoutMs} ms (${String(lastError)}); see ${log}`);
}

/** Stops and removes every pod sandbox of the containerd at `socket`, best effort. */
async function removeAllPods(socket: string): Promise<void> {
  const cri = connectCri({ socket, timeoutMs: 30_000 });
  try {
    for (const pod of await cri.runtime.listPodSandbox()) {
      await cri.runtime.stopPodSandbox(pod.id).catch(() => undefined);
      await cri.runtime.removePodSandbox(pod.id).catch(() => undefined);
    }
  } catch {
    // containerd not answering: the host-level cleanup below still runs
  } finally {
    cri.close();
  }
}

async function killPid(pid: number, exited: Promise<void>, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const timer = setTimeout(() => isAlive(pid) && process.kill(pid, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Clears what a stopped containerd left on the host. containerd must not be running. */
function clearHostState(layout: NodeLayout, bridge: string): void {
  for (const pid of shimPids(layout.socket)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  deleteRuncContainers(layout.runcRoot);
  unmountUnder(layout.dir);
  deleteLink(bridge);
}

/** 'kctl' + 8 hex characters of the directory's hash: unique per node directory, within 15 characters. */
function defaultBridge(dir: string): string {
  return `kctl${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 8)}`;
}

export async function startContainerd(options: ContainerdOptions): Promise<ContainerdHandle> {
  const binary = findBinary('containerd');
  if (process.getuid?.() !== 0) throw new Error('containerd for kctl pods must run as root (it mounts, creates namespaces and bridges)');
  ensureBridgeNetfilter();
  const temporary = !options.dir;
  if (temporary) await reapStaleNodes();
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const layout = nodeLayout(dir);
  const bridge = options.bridge ?? defaultBridge(dir);
  if (bridge.length > 15) throw new Error(`bridge name ${bridge} is longer than 15 characters`);
  writeFiles(layout, options, bridge, `kctl-${bridge}`);
  const logFile = options.logFile ?? path.join(dir, 'containerd.log');
  let child: ChildProcess;
  let exited: Promise<void>;
  // If this process dies without stop(), at least containerd goes with it; the
  // next start reaps the pods it left (reapStaleNodes).
  const onExit = (): void => {
    if (child.pid !== undefined && isAlive(child.pid)) process.kill(child.pid, 'SIGKILL');
  };
  process.on('exit', onExit);
  const launch = async (): Promise<void> => {
    const log = fs.openSync(logFile, 'a');
    child = spawn(binary, ['--config', layout.configFile], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const record: OwnerRecord = { ownerPid: process.pid, containerdPid: child.pid ?? -1, bridge };
    fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(record));
    await waitReady(layout.socket, child, options.readyTimeoutMs ?? 20_000, logFile);
  };
  const kill = async (): Promise<void> => {
    if (child.pid !== undefined) await killPid(child.pid, exited, 5000);
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      await removeAllPods(layout.socket);
      await kill();
      process.removeListener('exit', onExit);
      clearHostState(layout, bridge);
      if (temporary) fs.rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    await launch();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    socket: layout.socket,
    dir,
    get pid() {
      return child.pid ?? -1;
    },
    bridge,
    podCidr: options.podCidr,
    layout,
    ipamLeaseDir: path.join(layout.cniIpamDir, `kctl-${bridge}`),
    stop,
    kill,
    restart: launch,
  };
}

/**
 * Cleans up temporary node directories whose owning process is gone (a test
 * run that was killed): restarts their containerd just long enough to remove
 * the pods it knew (their network namespaces and IPs go with them), then
 * clears the host state and the directory.
 */
export async function reapStaleNodes(base = os.tmpdir()): Promise<string[]> {
  const reaped: string[] = [];
  for (const name of fs.readdirSync(base)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = path.join(base, name);
    let record: OwnerRecord;
    try {
      record = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as OwnerRecord;
    } catch {
      continue; // still being set up, or not ours
    }
    if (isAlive(record.ownerPid)) continue;
    const layout = nodeLayout(dir);
    if (isAlive(record.containerdPid) && runsWith(record.containerdPid, layout.configFile)) {
      await removeAllPods(layout.socket);
      process.kill(record.containerdPid, 'SIGKILL');
    } else if (fs.existsSync(layout.root)) {
      await withContainerdOn(layout, removeAllPods);
    }
    clearHostState(layout, record.bridge);
    fs.rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}

/** Starts containerd on an existing node directory, runs fn against its socket, stops it. */
async function withContainerdOn(layout: NodeLayout, fn: (socket: string) => Promise<void>): Promise<void> {
  const child = spawn(findBinary('containerd'), ['--config', layout.configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitReady(layout.socket, child, 20_000, 'containerd (stale node cleanup)');
    await fn(layout.socket);
  } catch {
    // nothing more to do than the host-level cleanup
  } finally {
    if (child.pid !== undefined) await killPid(child.pid, exited, 5000);
  }
}
