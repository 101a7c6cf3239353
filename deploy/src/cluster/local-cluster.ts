// The local cluster: etcd, then the apiserver, then — once the apiserver answers
// its health check — the scheduler and the controller-manager, each its own
// process as in a real cluster. Stopping goes the other way round.
import * as fs from 'fs';
import * as path from 'path';
import { checkHealth } from '@kctl/client';
import { startEtcd, EtcdHandle } from '@kctl/etcd';
import { ComponentProcess, spawnComponent, tail } from './component-process';
import { assertPortFree } from './ports';

export const LOOPBACK = '127.0.0.1';

export interface LocalClusterOptions {
  /** etcd's data directory; kept across restarts. */
  dataDir: string;
  /** etcd client port; the peer port is the next one. */
  etcdPort: number;
  /** apiserver port on 127.0.0.1. */
  apiPort: number;
  /** Where the components' logs go. Default: beside the data directory. */
  logDir?: string;
  /** Start only etcd and the apiserver. */
  apiserverOnly?: boolean;
  /** Progress messages; default console.log. */
  log?: (line: string) => void;
}

export interface LocalClusterHandle {
  etcd: EtcdHandle;
  etcdLogFile: string;
  /** host:port of the apiserver. */
  apiserverAddress: string;
  components: ComponentProcess[];
  stop(): Promise<void>;
}

/** The compiled entry point of a workspace package, e.g. @kctl/scheduler → …/dist/main.js. */
function entryPoint(pkg: string): string {
  return path.join(path.dirname(require.resolve(pkg)), 'main.js');
}

async function waitHealthy(address: string, component: ComponentProcess): Promise<void> {
  let exitCode: number | null | undefined;
  void component.exited.then((code) => (exitCode = code));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exitCode !== undefined) throw new Error(`${component.name} exited (code ${exitCode}) before it was ready:\n${tail(component.logFile)}`);
    if ((await checkHealth(address, '', 1000).catch(() => '')) === 'SERVING') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${component.name} did not become healthy within 30 s; see ${component.logFile}`);
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalClusterHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const peerPort = options.etcdPort + 1;
  await assertPortFree(LOOPBACK, options.etcdPort, 'etcd client port, --etcd-port');
  await assertPortFree(LOOPBACK, peerPort, 'etcd peer port, --etcd-port + 1');
  await assertPortFree(LOOPBACK, options.apiPort, 'apiserver port, --port');

  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const logDir = options.logDir ?? path.dirname(path.resolve(options.dataDir));
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = (name: string): string => path.join(logDir, `${name}.log`);
  const etcdLogFile = logFile('etcd');
  log(`Starting etcd on ${LOOPBACK}:${options.etcdPort} (data ${options.dataDir}) ...`);
  const etcd = await startEtcd({ dataDir: options.dataDir, clientPort: options.etcdPort, peerPort, logFile: etcdLogFile });

  const apiserverAddress = `${LOOPBACK}:${options.apiPort}`;
  const components: ComponentProcess[] = [];
  const stopComponents = async (): Promise<void> => {
    for (const component of [...components].reverse()) {
      log(`Stopping ${component.name} (pid ${component.pid}) ...`);
      await component.stop();
    }
  };
  try {
    log(`Starting apiserver on ${apiserverAddress} ...`);
    const apiserver = spawnComponent('apiserver', entryPoint('@kctl/apiserver'), ['--etcd-servers', etcd.endpoint, '--listen', apiserverAddress], logFile('apiserver'));
    components.push(apiserver);
    await waitHealthy(apiserverAddress, apiserver);
    if (!options.apiserverOnly) {
      for (const name of ['scheduler', 'controller-manager']) {
        log(`Starting ${name} ...`);
        components.push(spawnComponent(name, entryPoint(`@kctl/${name}`), ['--server', apiserverAddress], logFile(name)));
      }
    }
  } catch (err) {
    await stopComponents();
    await etcd.stop();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await stopComponents();
    log(`Stopping etcd (pid ${etcd.pid}) ...`);
    await etcd.stop();
    log('Stopped. Data kept in ' + options.dataDir);
  };
  return { etcd, etcdLogFile, apiserverAddress, components, stop: () => (stopping ??= stop()) };
}
