import { KObject } from '@kctl/api';
import { Informer, indexers, keyOf } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
});
afterAll(() => cp.stop());

const cm = (name: string, labels: Record<string, string> = {}, owner?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels, ownerReferences: owner ? [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner }] : undefined },
});

interface Recorded {
  adds: string[];
  updates: [string, string][];
  deletes: string[];
}

function record(informer: Informer): Recorded {
  const seen: Recorded = { adds: [], updates: [], deletes: [] };
  informer.addEventHandler({
    onAdd: (o) => seen.adds.push(keyOf(o)),
    onUpdate: (a, b) => seen.updates.push([a.metadata.resourceVersion!, b.metadata.resourceVersion!]),
    onDelete: (o) => seen.deletes.push(keyOf(o)),
  });
  return seen;
}

it('lists, then follows changes with (old, new) updates, indexes and frozen objects', async () => {
  await cp.client.create('configmaps', cm('inf-a', { app: 'x' }, 'owner-1'));
  const informer = new Informer(cp.client, 'configmaps', { freeze: true });
  informer.addIndexer('owner', indexers.ownerUid);
  informer.addIndexer('app', indexers.label('app'));
  const seen = record(informer);
  informer.start();
  await informer.waitForSync();
  expect(informer.hasSynced()).toBe(true);
  expect(seen.adds).toEqual(['default/inf-a']);
  expect(informer.byIndex('owner', 'owner-1').map(keyOf)).toEqual(['default/inf-a']);

  const cached = informer.get('default/inf-a')!;
  expect(() => {
    (cached.metadata as { name?: string }).name = 'changed';
  }).toThrow(TypeError);

  const updated = await cp.client.patch('configmaps', 'default', 'inf-a', { metadata: { labels: { app: 'y' } } });
  await cp.client.create('configmaps', cm('inf-b', { app: 'y' }));
  await cp.client.delete('configmaps', 'default', 'inf-a');
  await eventually(() => expect(seen.deletes).toEqual(['default/inf-a']));
  expect(seen.adds).toEqual(['default/inf-a', 'default/inf-b']);
  expect(seen.updates).toEqual([[cached.metadata.resourceVersion, updated.metadata.resourceVersion]]);
  expect(informer.byIndex('app', 'y').map(keyOf)).toEqual(['default/inf-b']);
  expect(informer.byIndex('owner', 'owner-1')).toEqual([]);
  await informer.stop();
});

it('recovers from an apiserver restart and reports deletes it missed by relisting after Gone', async () => {
  const informer = new Informer(cp.client, 'configmaps', { namespace: 'default', backoff: { minMs: 50, maxMs: 500 } });
  const seen = record(informer);
  informer.start();
  await informer.waitForSync();
  await cp.client.create('configmaps', cm('survivor'));
  await cp.client.create('configmaps', cm('victim'));
  await eventually(() => expect(informer.get('default/victim')).toBeDefined());

  await cp.stopApiServer();
  // While the apiserver is away: a delete, then history compacted past it, so a resume must relist.
  const { Etcd3 } = await import('etcd3');
  const raw = new Etcd3({ hosts: cp.etcd.endpoint });
  await raw.delete().key('/registry/configmaps/default/victim');
  await raw.put('/registry/configmaps/default/late').value(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'default', uid: 'u-late' } }));
  const rev = Number((await raw.kv.range({ key: Buffer.from('/') })).header.revision);
  await raw.kv.compact({ revision: String(rev), physical: true });
  raw.close();

  await cp.startApiServer();
  await eventually(() => {
    expect(seen.deletes).toContain('default/victim');
    expect(informer.get('default/late')).toBeDefined();
  }, 20_000);
  expect(informer.get('default/survivor')).toBeDefined();
  await informer.stop();
});
