#!/usr/bin/env node
// kctl-apiserver: serves the API over gRPC, keeping every object in etcd.
import { parseArgs } from 'util';
import { parseDuration } from '@kctl/api';
import { startApiServer } from './index';

const HELP = `Usage: kctl-apiserver [options]
  --etcd-servers URLS       comma-separated etcd client URLs (default http://127.0.0.1:2379)
  --listen HOST:PORT        address to serve gRPC on (default 127.0.0.1:6443)
  --service-cluster-ip-range CIDR   ClusterIP range (default 10.96.0.0/12)
  --service-node-port-range A-B     NodePort range (default 30000-32767)
  --etcd-compaction-interval D      time between etcd compactions, e.g. 5m; 0 turns it off (default 5m)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'etcd-servers': { type: 'string', default: 'http://127.0.0.1:2379' },
      listen: { type: 'string', default: '127.0.0.1:6443' },
      'service-cluster-ip-range': { type: 'string' },
      'service-node-port-range': { type: 'string' },
      'etcd-compaction-interval': { type: 'string', default: '5m' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const range = values['service-node-port-range']?.split('-').map(Number);
  const server = await startApiServer({
    etcdEndpoints: values['etcd-servers'].split(','),
    listen: values.listen,
    serviceCidr: values['service-cluster-ip-range'],
    nodePortRange: range && range.length === 2 ? [range[0]!, range[1]!] : undefined,
    etcdCompactionIntervalMs: parseDuration(values['etcd-compaction-interval']),
  });
  console.log(`kctl-apiserver listening on ${server.address}`);
  const shutdown = (): void => {
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error(`kctl-apiserver: ${(err as Error).message}`);
  process.exit(1);
});
