import { startEtcd } from '@kctl/etcd';
import { freePort } from '@kctl/etcd';
import { startApiServer } from '../index';
import { configMap } from './manifests';
import { eventually, rejectsWith, startTestCluster } from './cluster';

it('refuses to start when etcd is unreachable, saying where it looked', async () => {
  const port = await freePort();
  await expect(startApiServer({ etcdEndpoints: [`http://127.0.0.1:${port}`], listen: '127.0.0.1:0', etcdStartupTimeoutMs: 1500 })).rejects.toThrow(
    `cannot reach etcd at http://127.0.0.1:${port}`,
  );
});

it('answers Unavailable while etcd is down and recovers when it returns', async () => {
  const cluster = await startTestCluster();
  try {
    const { client, etcd } = cluster;
    await client.create('configmaps', configMap('before'));
    await etcd.kill();
    const err = await rejectsWith(client.get('configmaps', 'default', 'before'), 'ServiceUnavailable');
    expect(err.message).toContain('storage is unavailable');
    await etcd.restart();
    await eventually(async () => {
      await client.create('configmaps', configMap('after'));
    }, 30_000);
    expect((await client.list('configmaps', { namespace: 'default' })).items.map((o) => o.metadata.name)).toEqual(['after', 'before']);
    // The watch cache reconnected to etcd too: a new write reaches a new watch.
    const stream = client.watch('configmaps', { resourceVersion: (await client.list('configmaps')).resourceVersion });
    const created = await client.create('configmaps', configMap('watched'));
    for await (const ev of stream) {
      expect(ev.object.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      break;
    }
    stream.stop();
  } finally {
    await cluster.stop();
  }
});

it('serves the gRPC health service', async () => {
  const etcd = await startEtcd();
  const server = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: '127.0.0.1:0' });
  try {
    const { checkHealth } = await import('@kctl/client');
    expect(await checkHealth(server.address)).toBe('SERVING');
  } finally {
    await server.stop();
    await etcd.stop();
  }
});
