// Command-line options of the local cluster launcher.
import * as path from 'path';
import { parseArgs } from 'util';

export const HELP = `Usage: node deploy/dist/local-cluster.js [options]   (or: npm start -- [options])
Runs etcd, the apiserver, the scheduler and the controller-manager on 127.0.0.1
(each its own process, logs in <repo>/.kctl/) and points kctl at them.
  --data-dir DIR         etcd data directory (default <repo>/.kctl/etcd; objects persist across restarts)
  --etcd-port PORT       etcd client port (default 2379; the peer port is PORT+1)
  --port PORT            apiserver port (default 6443)
  --simulated-nodes N    also run N simulated nodes (node-1 … node-N) that renew their Leases and
                         report the pods scheduled to them Running and Ready, to try workloads
                         without kubelets
  --apiserver-only       start only etcd and the apiserver
  -h, --help             show this help`;

export interface LauncherOptions {
  help: boolean;
  dataDir: string;
  etcdPort: number;
  apiPort: number;
  simulatedNodes: number;
  apiserverOnly: boolean;
}

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} must be a port number (1-65535), got "${value}"`);
  return n;
}

function nodeCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`--simulated-nodes must be a whole number from 0 to 1000, got "${value}"`);
  return n;
}

export function parseLauncherArgs(argv: string[], repoRoot: string): LauncherOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: path.join(repoRoot, '.kctl', 'etcd') },
      'etcd-port': { type: 'string', default: '2379' },
      port: { type: 'string', default: '6443' },
      'simulated-nodes': { type: 'string', default: '0' },
      'apiserver-only': { type: 'boolean', default: false },
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
    simulatedNodes: nodeCount(values['simulated-nodes']),
    apiserverOnly: values['apiserver-only'],
  };
}
