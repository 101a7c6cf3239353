import { isUnavailable } from '@kctl/api';
import { checkHealth, FakeClock } from '@kctl/client';
import { freePort, startEtcd } from '@kctl/etcd';
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

it('fails each request on its own while etcd is down, and serves the first one after it is back', async () => {
  const cluster = await startTestCluster();
  try {
    const { client, etcd } = cluster;
    await client.create('configmaps', configMap('steady'));
    await etcd.kill();
    // Many failures in a row: with a shared circuit breaker these would keep failing after etcd returns.
    const failures = await Promise.all(Array.from({ length: 20 }, (_, i) => client.get('configmaps', 'default', `steady-${i}`).catch((err: unknown) => err)));
    for (const err of failures) expect(isUnavailable(err)).toBe(true);
    for (let i = 0; i < 5; i++) await rejectsWith(client.create('configmaps', configMap(`during-${i}`)), 'ServiceUnavailable');
    await etcd.restart();
    expect((await client.get('configmaps', 'default', 'steady')).metadata.name).toBe('steady');
    expect((await client.create('configmaps', configMap('right-after'))).metadata.name).toBe('right-after');
  } finally {
    await cluster.stop();
  }
});

it('reports NOT_SERVING while etcd does not answer and SERVING once it does', async () => {
  const clock = new FakeClock();
  const intervalMs = 5000;
  const cluster = await startTestCluster({ clock, healthCheckIntervalMs: intervalMs });
  try {
    const address = cluster.server.address;
    expect(await checkHealth(address)).toBe('SERVING');
    await cluster.etcd.kill();
    await eventually(async () => {
      await clock.step(intervalMs);
      expect(await checkHealth(address)).toBe('NOT_SERVING');
    }, 30_000);
    await cluster.etcd.restart();
    await eventually(async () => {
      await clock.step(intervalMs);
      expect(await checkHealth(address)).toBe('SERVING');
    }, 30_000);
  } finally {
    await cluster.stop();
  }
});
