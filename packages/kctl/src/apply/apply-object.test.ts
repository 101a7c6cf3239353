import { conflict, findResource, KObject, notFound } from '@kctl/api';
import type { ApiClient } from '@kctl/client';
import { applyObject } from './apply-object';
import { LAST_APPLIED, withLastApplied } from './last-applied';

const info = findResource('configmaps')!;
const manifest = (data: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data });

/** A fake apiserver holding one object, able to fail the next N updates with Conflict. */
function fakeServer(initial?: KObject, conflicts = 0) {
  let stored = initial ? structuredClone(initial) : undefined;
  let rv = 1;
  const calls: string[] = [];
  const client = {
    async get(): Promise<KObject> {
      calls.push('get');
      if (!stored) throw notFound('configmaps', 'cfg');
      return structuredClone(stored);
    },
    async create(_r: string, obj: KObject, o: { dryRun?: boolean }): Promise<KObject> {
      calls.push(o.dryRun ? 'create(dry)' : 'create');
      const created = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv), uid: 'u1' } };
      if (!o.dryRun) stored = created;
      return created;
    },
    async update(_r: string, obj: KObject): Promise<KObject> {
      calls.push('update');
      if (conflicts-- > 0) {
        stored = { ...stored!, metadata: { ...stored!.metadata, resourceVersion: String(++rv) } };
        throw conflict('configmaps', 'cfg');
      }
      if (obj.metadata.resourceVersion !== stored!.metadata.resourceVersion) throw conflict('configmaps', 'cfg');
      stored = { ...structuredClone(obj), metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
      return structuredClone(stored);
    },
  };
  return { client: client as unknown as ApiClient, calls, stored: () => stored };
}

const quiet = { dryRun: 'none' as const, warn: () => undefined };

describe('applyObject', () => {
  test('creates with the last-applied annotation', async () => {
    const s = fakeServer();
    expect((await applyObject(s.client, info, manifest({ a: '1' }), quiet)).outcome).toBe('created');
    expect(s.stored()!.metadata.annotations![LAST_APPLIED]).toBe('{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"cfg","namespace":"default"}}\n');
  });

  test('unchanged sends nothing; configured updates with the live resourceVersion', async () => {
    const live = { ...withLastApplied(manifest({ a: '1' })), metadata: { ...(withLastApplied(manifest({ a: '1' })) as KObject).metadata, resourceVersion: '5' } } as KObject;
    const s = fakeServer(live);
    expect((await applyObject(s.client, info, manifest({ a: '1' }), quiet)).outcome).toBe('unchanged');
    expect(s.calls).toEqual(['get']);
    expect((await applyObject(s.client, info, manifest({ b: '2' }), quiet)).outcome).toBe('configured');
    expect(s.stored()!.data).toEqual({ b: '2' });
  });

  test('a Conflict is retried with a fresh read', async () => {
    const live = { ...(withLastApplied(manifest({ a: '1' })) as KObject) };
    live.metadata = { ...live.metadata, resourceVersion: '5' };
    const s = fakeServer(live, 2);
    expect((await applyObject(s.client, info, manifest({ a: '2' }), quiet)).outcome).toBe('configured');
    expect(s.calls).toEqual(['get', 'update', 'get', 'update', 'get', 'update']);
    expect(s.stored()!.data).toEqual({ a: '2' });
  });

  test('warns when the live object was not created by apply', async () => {
    const s = fakeServer({ ...manifest({ a: '1' }), metadata: { name: 'cfg', namespace: 'default', resourceVersion: '3' } });
    const warnings: string[] = [];
    expect((await applyObject(s.client, info, manifest({ a: '1' }), { dryRun: 'none', warn: (m) => warnings.push(m) })).outcome).toBe('configured');
    expect(warnings).toEqual([expect.stringMatching(/^Warning: resource configmaps\/cfg is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/)]);
  });

  test('status and server-owned metadata in a manifest (creationTimestamp: null) do not count as changes', async () => {
    const generated = { ...manifest({ a: '1' }), metadata: { name: 'cfg', namespace: 'default', creationTimestamp: null }, status: {} } as unknown as KObject;
    const s = fakeServer();
    await applyObject(s.client, info, generated, quiet);
    s.stored()!.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    expect((await applyObject(s.client, info, generated, quiet)).outcome).toBe('unchanged');
  });

  test('client dry run sends nothing; server dry run asks the server', async () => {
    const s = fakeServer();
    expect((await applyObject(s.client, info, manifest({ a: '1' }), { ...quiet, dryRun: 'client' })).outcome).toBe('created');
    expect((await applyObject(s.client, info, manifest({ a: '1' }), { ...quiet, dryRun: 'server' })).outcome).toBe('created');
    expect(s.calls).toEqual(['get', 'get', 'create(dry)']);
    expect(s.stored()).toBeUndefined();
  });
});
