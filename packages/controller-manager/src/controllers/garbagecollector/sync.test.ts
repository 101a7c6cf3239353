import { KObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { deployment, pod, replicaSet } from '../../testing/fixtures';
import { silentLogger } from '../../util/client-types';
import { newControllerRef } from '../../util/controller-ref';
import { ControllerContext } from '../types';
import { GarbageCollector } from './controller';

function setup() {
  const clock = new FakeClock();
  const api = new FakeApi({ clock });
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => new FakeRecorder(), logger: silentLogger, workers: 1 };
  const gc = new GarbageCollector(ctx, ['deployments', 'replicasets', 'pods', 'configmaps']);
  /** Runs the queue until it is empty (what the workers would do). */
  const drain = async (): Promise<string[]> => {
    const seen: string[] = [];
    for (let i = 0; i < 200 && gc.queue.length > 0; i++) {
      const key = (await gc.queue.get())!;
      seen.push(key);
      try {
        await gc.syncer.sync(key);
      } finally {
        gc.queue.done(key);
      }
    }
    return seen;
  };
  /** A Deployment → ReplicaSet → 2 pods (bound, so they terminate gracefully). */
  const tree = () => {
    const d = api.seed('deployments', deployment('web'));
    const rs = api.seed('replicasets', replicaSet('web-abc', 2, { owner: d }));
    const pods = [api.seed('pods', pod('web-abc-1', { owner: rs, node: 'n1' })), api.seed('pods', pod('web-abc-2', { owner: rs, node: 'n1' }))];
    return { d, rs, pods };
  };
  const names = (resource: string): string[] => api.all(resource).map((o) => o.metadata.name ?? '').sort();
  return { api, gc, drain, tree, names };
}

describe('garbage collector', () => {
  it('leaves objects with live owners alone, without reading the server', async () => {
    const { api, drain, tree } = setup();
    tree();
    api.clearActions();
    await drain();
    expect(api.actions).toEqual([]);
  });

  it('background: deletes dependents once their owner is gone, after a live check', async () => {
    const { api, drain, tree, names } = setup();
    const { pods } = tree();
    await api.delete('deployments', 'default', 'web');
    api.clearActions();
    await drain();
    // The owner was looked up on the server before its ReplicaSet was deleted.
    const verbs = api.actions.map((a) => `${a.verb} ${a.resource}/${a.name}`);
    expect(verbs.indexOf('get deployments/web')).toBeGreaterThanOrEqual(0);
    expect(verbs.indexOf('get deployments/web')).toBeLessThan(verbs.indexOf('delete replicasets/web-abc'));
    expect(names('replicasets')).toEqual([]);
    // Bound pods terminate gracefully (a kubelet finishes them).
    expect(api.all('pods').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(api.writes('delete', 'pods').map((a) => a.options?.preconditions?.uid).sort()).toEqual(pods.map((p) => p.metadata.uid).sort());
  });

  it('treats an owner recreated under the same name as gone', async () => {
    const { api, drain, names } = setup();
    const old = deployment('web');
    old.metadata.uid = 'old-uid';
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ownerReferences: [newControllerRef(old, 'apps/v1', 'Deployment')] } };
    api.seed('deployments', deployment('web'));
    api.seed('configmaps', cm);
    await drain();
    expect(names('configmaps')).toEqual([]);
  });

  it('removes only the reference to a missing owner when another owner remains', async () => {
    const { api, drain } = setup();
    const d = api.seed('deployments', deployment('web'));
    const gone = deployment('gone');
    gone.metadata.uid = 'gone-uid';
    api.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment'), { apiVersion: 'apps/v1', kind: 'Deployment', name: 'gone', uid: 'gone-uid' }] } });
    await drain();
    expect(api.stored('configmaps', 'default/cfg')?.metadata.ownerReferences?.map((r) => r.uid)).toEqual([d.metadata.uid]);
  });

  it('orphan: removes the owner reference from dependents, then the finalizer', async () => {
    const { api, drain, tree, names } = setup();
    tree();
    await api.delete('deployments', 'default', 'web', { propagationPolicy: 'Orphan' });
    expect(api.stored('deployments', 'default/web')?.metadata.finalizers).toEqual(['orphan']);
    await drain();
    expect(names('deployments')).toEqual([]);
    expect(api.stored('replicasets', 'default/web-abc')?.metadata.ownerReferences).toBeUndefined();
    expect(names('pods')).toEqual(['web-abc-1', 'web-abc-2']);
    expect(api.writes('delete', 'pods')).toEqual([]);
  });

  it('foreground: the owner stays until its blocking dependents are gone', async () => {
    const { api, drain, tree, names } = setup();
    tree();
    await api.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    await drain();
    // The ReplicaSet has dependents of its own: it goes in the foreground too.
    expect(api.stored('replicasets', 'default/web-abc')?.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(api.all('pods').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    expect(names('deployments')).toEqual(['web']);

    // A kubelet finishes one pod: still waiting.
    api.remove('pods', 'default/web-abc-1');
    await drain();
    expect(names('replicasets')).toEqual(['web-abc']);
    expect(names('deployments')).toEqual(['web']);

    api.remove('pods', 'default/web-abc-2');
    await drain();
    expect(names('replicasets')).toEqual([]);
    expect(names('deployments')).toEqual([]);
  });

  it('foreground does not wait for dependents that do not block', async () => {
    const { api, drain, names } = setup();
    const d = api.seed('deployments', deployment('web'));
    api.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid ?? '' }] } });
    await api.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    await drain();
    expect(names('deployments')).toEqual([]);
    expect(names('configmaps')).toEqual([]);
  });

  it('keeps dependents whose owner is of a kind it does not know', async () => {
    const { api, drain, names } = setup();
    api.seed('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w-uid' }] } });
    await drain();
    expect(names('configmaps')).toEqual(['cfg']);
  });
});
