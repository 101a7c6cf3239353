// Command-line options of the local cluster launcher.
import * as path from 'path';
import { parseArgs } from 'util';

export const HELP = `Usage: node deploy/dist/local-cluster.js [options]   (or: npm start)
Runs etcd and the apiserver on 127.0.0.1 and points kctl at them.
  --data-dir DIR     etcd data directory (default <repo>/.kctl/etcd; objects persist across restarts)
  --etcd-port PORT   etcd client port (default 2379; the peer port is PORT+1)
  --port PORT        apiserver port (default 6443)
  -h, --help         show this help`;

export interface LauncherOptions {
  help: boolean;
  dataDir: string;
  etcdPort: number;
  apiPort: number;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} must be a port number (1-65535), got "${value}"`);
  return n;
}

export function parseLauncherArgs(argv: string[], repoRoot: string): LauncherOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: path.join(repoRoot, '.kctl', 'etcd') },
      'etcd-port': { type: 'string', default: '2379' },
      port: { type: 'string', default: '6443' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const etcdPort = port(values['etcd-port'], '--etcd-port');
  if (etcdPort === 65535) throw new Error('--etcd-port must leave room for the peer port (PORT+1)');
  const apiPort = port(values.port, '--port');
  if (apiPort === etcdPort || apiPort === etcdPort + 1) throw new Error(`--port ${apiPort} collides with etcd's ports (${etcdPort} and ${etcdPort + 1})`);
  return {
    help: values.help,
    dataDir: path.resolve(values['data-dir']),
    etcdPort,
    apiPort,
  };
}
