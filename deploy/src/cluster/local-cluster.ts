// The local cluster as a library: etcd, then the apiserver on it, in this
// process. Stopping goes the other way: apiserver first, then etcd.
import * as fs from 'fs';
import * as path from 'path';
import { startApiServer, ApiServerHandle } from '@kctl/apiserver';
import { startEtcd, EtcdHandle } from '@kctl/etcd';
import { assertPortFree } from './ports';

export const LOOPBACK = '127.0.0.1';

export interface LocalClusterOptions {
  /** etcd's data directory; kept across restarts. */
  dataDir: string;
  /** etcd client port; the peer port is the next one. */
  etcdPort: number;
  /** apiserver port on 127.0.0.1. */
  apiPort: number;
  /** etcd's own log. Default: <dataDir>.log, e.g. .kctl/etcd.log. */
  etcdLogFile?: string;
  /** Progress messages; default console.log. */
  log?: (line: string) => void;
}

export interface LocalClusterHandle {
  etcd: EtcdHandle;
  apiserver: ApiServerHandle;
  etcdLogFile: string;
  stop(): Promise<void>;
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalClusterHandle> {
  const log = options.log ?? ((line: string) => console.log(line));
  const peerPort = options.etcdPort + 1;
  await assertPortFree(LOOPBACK, options.etcdPort, 'etcd client port, --etcd-port');
  await assertPortFree(LOOPBACK, peerPort, 'etcd peer port, --etcd-port + 1');
  await assertPortFree(LOOPBACK, options.apiPort, 'apiserver port, --port');

  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const etcdLogFile = options.etcdLogFile ?? `${path.resolve(options.dataDir)}.log`;
  log(`Starting etcd on ${LOOPBACK}:${options.etcdPort} (data ${options.dataDir}, log ${etcdLogFile}) ...`);
  const etcd = await startEtcd({ dataDir: options.dataDir, clientPort: options.etcdPort, peerPort, logFile: etcdLogFile });

  let apiserver: ApiServerHandle;
  try {
    log(`Starting apiserver on ${LOOPBACK}:${options.apiPort} ...`);
    apiserver = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: `${LOOPBACK}:${options.apiPort}` });
  } catch (err) {
    await etcd.stop();
    throw err;
  }

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    log('Stopping apiserver ...');
    await apiserver.stop();
    log(`Stopping etcd (pid ${etcd.pid}) ...`);
    await etcd.stop();
    log('Stopped. Data kept in ' + options.dataDir);
  };
  return {
    etcd,
    apiserver,
    etcdLogFile,
    stop: () => (stopping ??= stop()),
  };
}
