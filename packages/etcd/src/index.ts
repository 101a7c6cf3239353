// Starts a real etcd on free loopback ports in its own data directory. Used by
// tests, benchmarks and the local cluster launcher.
import { spawn, ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export interface EtcdOptions {
  /** Data directory; a fresh temporary one when omitted (and removed on stop). */
  dataDir?: string;
  clientPort?: number;
  peerPort?: number;
  /** Where etcd's own log goes; discarded when omitted. */
  logFile?: string;
  /** Wait at most this long for etcd to answer. Default 20 s. */
  readyTimeoutMs?: number;
}

export interface EtcdHandle {
  /** Client URL, e.g. http://127.0.0.1:23791. */
  endpoint: string;
  dataDir: string;
  pid: number;
  /** Stops etcd (SIGTERM, then SIGKILL) and removes a temporary data dir. */
  stop(): Promise<void>;
  /** Stops etcd but keeps its data, to start it again on the same ports. */
  kill(): Promise<void>;
  /** Starts etcd again after kill(), on the same ports and data. */
  restart(): Promise<void>;
}

export function findEtcdBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat(['/usr/bin', '/usr/local/bin'])) {
    const candidate = path.join(dir, 'etcd');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('etcd is not installed. On Debian run, as root: apt-get install -y etcd-server etcd-client (or run `npm run setup`).');
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode} before becoming ready`);
    try {
      const res = await fetch(`${endpoint}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`etcd at ${endpoint} did not become healthy within ${timeoutMs} ms`);
}

export async function startEtcd(options: EtcdOptions = {}): Promise<EtcdHandle> {
  const binary = findEtcdBinary();
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-etcd-'));
  const clientPort = options.clientPort ?? (await freePort());
  const peerPort = options.peerPort ?? (await freePort());
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'kctl',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `kctl=${peer}`,
    '--log-level', 'warn',
    // Idle watchers learn the current revision every few seconds (apiserver bookmarks use it).
    '--experimental-watch-progress-notify-interval', '5s',
  ];
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    const log = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
    child = spawn(binary, args, { stdio: ['ignore', log, log] });
    if (typeof log === 'number') fs.closeSync(log);
    await waitHealthy(endpoint, child, options.readyTimeoutMs ?? 20_000);
  };
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  await launch();
  return {
    endpoint,
    dataDir,
    get pid() {
      return child.pid ?? -1;
    },
    kill,
    restart: launch,
    async stop() {
      await kill();
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Version string of the installed etcd, for benchmark reports. */
export function etcdVersion(): string {
  const out = execFileSync(findEtcdBinary(), ['--version']).toString();
  return /etcd Version: (\S+)/.exec(out)?.[1] ?? 'unknown';
}
