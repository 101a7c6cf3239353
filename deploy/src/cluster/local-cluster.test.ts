import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiClient } from '@kctl/client';
import { testing } from '@kctl/controller-manager';
import { freePort } from '@kctl/etcd';
import { startLocalCluster } from './local-cluster';
import { assertPortFree, PortInUseError } from './ports';

/** A free port whose successor (etcd's peer port) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await assertPortFree('127.0.0.1', port + 1, 'peer').then(() => true, () => false))) return port;
  }
}

describe('local cluster', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-local-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the scheduler and controller-manager as processes that turn a Deployment into running pods', async () => {
    const cluster = await startLocalCluster({ dataDir: path.join(dir, 'etcd'), etcdPort: await freePortPair(), apiPort: await freePort(), log: () => undefined });
    const client = new ApiClient({ server: cluster.apiserverAddress });
    const nodes = await testing.startSimulatedNodes({ client, nodes: 2, bind: false, registerNodes: true });
    try {
      expect(cluster.components.map((c) => c.name)).toEqual(['apiserver', 'scheduler', 'controller-manager']);
      const template = { metadata: { labels: { app: 'demo' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
      await client.create('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'demo', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'demo' } }, template } });
      for (let ready = 0; ready !== 2; ) {
        const d = await client.get('deployments', 'default', 'demo');
        ready = (d.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const pods = await client.list('pods', { namespace: 'default', labelSelector: 'app=demo' });
      expect(pods.items.map((p) => (p.spec as { nodeName: string }).nodeName).sort()).toEqual(['node-1', 'node-2']);
    } finally {
      await nodes.stop();
      client.close();
      await cluster.stop();
    }
    for (const c of cluster.components) expect(await c.exited).toBe(0);
  });

  it('keeps objects across a restart and refuses ports in use', async () => {
    const options = { dataDir: path.join(dir, 'etcd'), etcdPort: await freePortPair(), apiPort: await freePort(), apiserverOnly: true, log: () => undefined };
    const first = await startLocalCluster(options);
    try {
      await expect(startLocalCluster(options)).rejects.toThrow(PortInUseError);
      const client = new ApiClient({ server: first.apiserverAddress });
      await client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' } });
      client.close();
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(dir, 'etcd.log'))).toBe(true);

    const second = await startLocalCluster(options);
    try {
      const client = new ApiClient({ server: second.apiserverAddress });
      const cm = await client.get('configmaps', 'default', 'kept');
      expect(cm.metadata.name).toBe('kept');
      client.close();
    } finally {
      await second.stop();
    }
  });
});
