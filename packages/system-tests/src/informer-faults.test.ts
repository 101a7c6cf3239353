// An informer on a real apiserver and etcd through a connection that breaks:
// it resumes, meets compacted history (Gone), relists and reports the delete
// it missed with a tombstone; a throwing handler never stops the others.
import { isGone, KObject } from '@kctl/api';
import { ApiClient, DeletedFinalStateUnknown, FakeClock, Informer, keyOf } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane, startTcpProxy, TcpProxy } from '@kctl/testing';

const FIVE_MINUTES = 5 * 60_000;
const apiClock = new FakeClock();
let cp: ControlPlane;
let proxy: TcpProxy;
let viaProxy: ApiClient;

beforeAll(async () => {
  cp = await startControlPlane({ apiServer: { clock: apiClock, etcdCompactionIntervalMs: FIVE_MINUTES, watchCache: { windowSize: 2 } } });
  proxy = await startTcpProxy(cp.address);
  viaProxy = new ApiClient({ server: proxy.address, timeoutMs: 10_000 });
});
afterAll(async () => {
  viaProxy.close();
  await proxy.close();
  await cp.stop();
});

const cm = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v: name } });

it('survives a broken connection across a compaction: Gone, relist, tombstones, isolated handlers, resync', async () => {
  const a = await cp.client.create('configmaps', cm('a'));
  await cp.client.create('configmaps', cm('b'));
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const handlerErrors: unknown[] = [];
  const informer = new Informer(viaProxy, 'configmaps', {
    namespace: 'default',
    clock,
    resyncPeriodMs: 60_000,
    backoff: { minMs: 100, maxMs: 100 },
    onError: (err) => errors.push(err),
    onHandlerError: (err) => handlerErrors.push(err),
  });
  informer.addEventHandler({
    onAdd: () => {
      throw new Error('broken handler');
    },
  });
  const adds: string[] = [];
  const resyncs: string[] = [];
  const deletes: { key: string; tombstone?: DeletedFinalStateUnknown }[] = [];
  informer.addEventHandler({
    onAdd: (o) => adds.push(keyOf(o)),
    onUpdate: (o, n) => {
      if (o === n) resyncs.push(keyOf(n));
    },
    onDelete: (o, tombstone) => deletes.push({ key: keyOf(o), tombstone }),
  });
  informer.start();
  try {
    await informer.waitForSync();
    expect(adds.sort()).toEqual(['default/a', 'default/b']);
    expect(handlerErrors).toHaveLength(2);

    await clock.step(60_000);
    expect(resyncs.sort()).toEqual(['default/a', 'default/b']);

    // Cut the informer off; meanwhile a goes, more writes push its revision out of the
    // watch cache's window, and etcd compacts past it.
    proxy.partition();
    await cp.client.delete('configmaps', 'default', 'a');
    for (let i = 0; i < 4; i++) await cp.client.create('configmaps', cm(`c${i}`));
    const compactor = cp.apiServer!.compactor;
    await apiClock.step(FIVE_MINUTES);
    await cp.client.create('configmaps', cm('d'));
    await eventually(async () => {
      await apiClock.step(FIVE_MINUTES);
      expect(compactor.compactedRevision).toBeGreaterThan(Number(a.metadata.resourceVersion));
    });

    proxy.reset();
    await eventually(async () => {
      await clock.step(100);
      expect(deletes.map((d) => d.key)).toEqual(['default/a']);
    });
    expect(deletes[0]!.tombstone).toEqual({ key: 'default/a', obj: expect.objectContaining({ metadata: expect.objectContaining({ resourceVersion: a.metadata.resourceVersion }) }) });
    expect(errors.some(isGone)).toBe(true);
    expect(informer.list().map(keyOf).sort()).toEqual(['default/b', 'default/c0', 'default/c1', 'default/c2', 'default/c3', 'default/d']);
    // The new objects reached the working handler although the other one threw on each.
    expect(adds.sort()).toEqual(['default/a', 'default/b', 'default/c0', 'default/c1', 'default/c2', 'default/c3', 'default/d']);
    expect(handlerErrors).toHaveLength(7);
  } finally {
    await informer.stop();
  }
});
