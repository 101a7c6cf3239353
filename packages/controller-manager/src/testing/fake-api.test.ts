import { isAlreadyExists, isConflict, isNotFound, KObject } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import { FakeApi, mergePatch } from './fake-api';
import { deployment, pod } from './fixtures';

describe('FakeApi', () => {
  it('creates with generateName, defaults, uid and increasing resourceVersions', async () => {
    const api = new FakeApi();
    const fresh = (): PodObject => ({ ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    const a = await api.create('pods', fresh());
    const b = await api.create('pods', fresh());
    expect(a.metadata.name).toMatch(/^web-/);
    expect(a.metadata.name).not.toBe(b.metadata.name);
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(a.status).toEqual({ phase: 'Pending' });
    const err = await api.create('pods', a).catch((e: unknown) => e);
    expect(isAlreadyExists(err)).toBe(true);
  });

  it('checks resourceVersions, keeps status apart, and bumps generation on spec changes', async () => {
    const api = new FakeApi();
    const d = await api.create('deployments', deployment('web'));
    expect(d.spec.revisionHistoryLimit).toBe(10);
    const updated = await api.update('deployments', { ...d, spec: { ...d.spec, replicas: 5 }, status: { replicas: 99 } });
    expect(updated.metadata.generation).toBe(2);
    expect(updated.status).toBeUndefined();
    expect(isConflict(await api.update('deployments', d).catch((e: unknown) => e))).toBe(true);
    const withStatus = await api.updateStatus('deployments', { ...updated, spec: { ...updated.spec, replicas: 1 }, status: { replicas: 5 } });
    expect(withStatus.spec.replicas).toBe(5);
    expect(withStatus.status).toEqual({ replicas: 5 });
    expect(withStatus.metadata.generation).toBe(2);
  });

  it('deletes with finalizers and grace periods as the apiserver does', async () => {
    const api = new FakeApi();
    await api.create('pods', pod('bound', { node: 'n1' }));
    const terminating = await api.delete<KObject>('pods', 'default', 'bound');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    await api.delete('pods', 'default', 'bound', { gracePeriodSeconds: 0 });
    expect(api.stored('pods', 'default/bound')).toBeUndefined();

    await api.create('deployments', deployment('web'));
    await api.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    const held = api.stored('deployments', 'default/web');
    expect(held?.metadata.finalizers).toEqual(['foregroundDeletion']);
    await api.patch('deployments', 'default', 'web', { metadata: { finalizers: null } });
    expect(api.stored('deployments', 'default/web')).toBeUndefined();
    expect(isNotFound(await api.get('deployments', 'default', 'web').catch((e: unknown) => e))).toBe(true);
  });

  it('holds events of chosen resources until flushed', async () => {
    const api = new FakeApi({ hold: ['pods'] });
    const informer = api.informer('pods');
    await api.create('pods', pod('a'));
    expect(informer.list()).toHaveLength(0);
    api.flush();
    expect(informer.list()).toHaveLength(1);
    expect(Object.isFrozen(informer.list()[0])).toBe(true);
  });

  it('merge-patches as RFC 7386', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null, e: 4 }, f: [1] })).toEqual({ a: 1, b: { d: 3, e: 4 }, f: [1] });
  });
});
