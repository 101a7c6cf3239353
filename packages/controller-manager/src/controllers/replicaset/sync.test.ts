import { KObject } from '@kctl/api';
import { FakeClock, keyOf } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { pod, replicaSet } from '../../testing/fixtures';
import { drainQueue } from '../../testing/queue';
import type { PodObject, ReplicaSetObject } from '@kctl/api';
import { silentLogger } from '../../util/client-types';
import { ControllerContext } from '../types';
import { ReplicaSetController } from './controller';
import { EXPECTATIONS_TIMEOUT_MS } from './expectations';

/** holdPods: pod events reach the informer only on api.flush(). */
function setup(options: { holdPods?: boolean } = {}) {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const api = new FakeApi({ clock, hold: options.holdPods ? ['pods'] : [] });
  const recorder = new FakeRecorder();
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => recorder, logger: silentLogger, workers: 1 };
  const controller = new ReplicaSetController(ctx);
  return { clock, api, recorder, controller, sync: (key = 'default/web-abc') => controller.syncer.sync(key) };
}

const creates = (api: FakeApi): KObject[] => api.writes('create', 'pods').map((a) => a.object!);

describe('ReplicaSet sync', () => {
  it('creates spec.replicas pods from the template, named after the ReplicaSet and owned by it', async () => {
    const { api, recorder, sync } = setup();
    const rs = api.seed('replicasets', replicaSet('web-abc', 3));
    await sync();
    const made = creates(api);
    expect(made).toHaveLength(3);
    for (const p of made) {
      expect(p.metadata.generateName).toBe('web-abc-');
      expect(p.metadata.labels).toEqual(rs.spec.template?.metadata?.labels);
      expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      expect((p.spec as PodObject['spec'])?.containers[0]?.image).toBe('img:1');
    }
    expect(recorder.messages('SuccessfulCreate')).toHaveLength(3);
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status).toMatchObject({ replicas: 0, observedGeneration: 1 });
    // The informer saw the pods: the next pass creates nothing and reports them.
    api.clearActions();
    await sync();
    expect(creates(api)).toHaveLength(0);
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status).toMatchObject({ replicas: 3, readyReplicas: 0 });
  });

  it('is not fooled by repeated events while its creates are not yet observed (expectations)', async () => {
    const { api, controller, sync } = setup({ holdPods: true });
    api.seed('replicasets', replicaSet('web-abc', 5));
    api.flush();
    await sync();
    expect(creates(api)).toHaveLength(5);
    expect(controller.expectations.pending('default/web-abc')).toEqual({ adds: 5, deletes: 0 });
    // A burst of events for the ReplicaSet: each pass sees no pods in the cache yet.
    for (let i = 0; i < 5; i++) await sync();
    expect(creates(api)).toHaveLength(5);
    // The informer delivers the pods (twice even): expectations are met, nothing more is created.
    api.flush();
    expect(controller.expectations.satisfied('default/web-abc')).toBe(true);
    for (const p of api.all<PodObject>('pods')) api.informer('pods').apply('MODIFIED', p);
    await sync();
    expect(creates(api)).toHaveLength(5);
    expect(api.informer('pods').list()).toHaveLength(5);
  });

  it('stops trusting expectations after five minutes', async () => {
    const { api, clock, sync } = setup({ holdPods: true });
    api.seed('replicasets', replicaSet('web-abc', 2));
    api.flush();
    await sync();
    await clock.step(EXPECTATIONS_TIMEOUT_MS + 1);
    await sync();
    // The watch lost the pods: after the timeout the controller acts on what it sees.
    expect(creates(api)).toHaveLength(4);
  });

  it('lowers expectations for creates that failed or never ran, and reports ReplicaFailure', async () => {
    const { api, controller, recorder, sync } = setup({ holdPods: true });
    api.seed('replicasets', replicaSet('web-abc', 10));
    api.flush();
    let n = 0;
    api.failWith = (a) => (a.verb === 'create' && ++n === 2 ? new Error('pods "x" is forbidden: exceeded quota') : undefined);
    await expect(sync()).rejects.toThrow('exceeded quota');
    // Batch 1 (1 pod) then batch 2 (2 pods, one failed): 2 created, 8 never expected.
    expect(api.all('pods')).toHaveLength(2);
    expect(controller.expectations.pending('default/web-abc')).toEqual({ adds: 2, deletes: 0 });
    expect(recorder.messages('FailedCreate')).toEqual(['Error creating: pods "x" is forbidden: exceeded quota']);
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status?.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }),
    ]);
  });

  it('deletes surplus pods in order: unscheduled, pending, not ready, ready for less time', async () => {
    const { api, controller, sync } = setup({ holdPods: true });
    const rs = api.seed('replicasets', replicaSet('web-abc', 2, { labels: { app: 'web' } }));
    api.seed('pods', pod('ready-old', { owner: rs, node: 'n1', ready: true, readySince: '2025-12-01T00:00:00Z' }));
    api.seed('pods', pod('ready-new', { owner: rs, node: 'n2', ready: true, readySince: '2025-12-31T00:00:00Z' }));
    api.seed('pods', pod('not-ready', { owner: rs, node: 'n3', ready: false }));
    api.seed('pods', pod('pending', { owner: rs, node: 'n4', phase: 'Pending' }));
    api.seed('pods', pod('unscheduled', { owner: rs, phase: 'Pending' }));
    api.flush();
    await sync();
    expect(api.writes('delete', 'pods').map((a) => a.name)).toEqual(['unscheduled', 'pending', 'not-ready']);
    // Bound pods terminate gracefully; until the informer shows it, no second round.
    await sync();
    expect(api.writes('delete', 'pods')).toHaveLength(3);
    api.flush();
    expect(controller.expectations.satisfied('default/web-abc')).toBe(true);
    await sync();
    expect(api.writes('delete', 'pods')).toHaveLength(3);
    // Terminating pods do not count: status shows the two left.
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it('adopts matching orphans and releases owned pods that stopped matching', async () => {
    const { api, sync } = setup();
    const rs = api.seed('replicasets', replicaSet('web-abc', 1, { labels: { app: 'web' } }));
    api.seed('pods', pod('orphan', { labels: { app: 'web' }, ready: true }));
    api.seed('pods', pod('strayed', { labels: { app: 'other' }, owner: rs, ready: true }));
    api.seed('pods', pod('foreign', { labels: { app: 'web' }, owner: replicaSet('other-rs', 1), ready: true }));
    await sync();
    expect(api.stored('pods', 'default/orphan')?.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: rs.metadata.uid, controller: true })]);
    expect(api.stored('pods', 'default/strayed')?.metadata.ownerReferences).toBeUndefined();
    // Someone else's pod is left alone; the adopted one fills the single replica.
    expect(api.stored('pods', 'default/foreign')?.metadata.ownerReferences?.[0]?.name).toBe('other-rs');
    expect(creates(api)).toHaveLength(0);
    expect(api.writes('delete')).toHaveLength(0);
  });

  it('does not adopt for a ReplicaSet being deleted, nor create pods for it', async () => {
    const { api, sync } = setup();
    const rs = replicaSet('web-abc', 2, { labels: { app: 'web' } });
    rs.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    rs.metadata.finalizers = ['foregroundDeletion'];
    api.seed('replicasets', rs);
    api.seed('pods', pod('orphan', { labels: { app: 'web' } }));
    await sync();
    expect(api.writes('patch')).toHaveLength(0);
    expect(creates(api)).toHaveLength(0);
  });

  it('writes status only when it changes, and requeues for minReadySeconds', async () => {
    const { api, clock, sync } = setup();
    const rs = replicaSet('web-abc', 1, { labels: { app: 'web' } });
    rs.spec.minReadySeconds = 30;
    const seeded = api.seed('replicasets', rs);
    api.seed('pods', pod('a', { owner: seeded, node: 'n1', ready: true, readySince: '2026-01-01T00:00:00Z' }));
    await clock.step(10_000);
    const first = await sync();
    expect(first).toEqual({ requeueAfterMs: 20_001 });
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    api.clearActions();
    await sync();
    expect(api.writes('updateStatus')).toHaveLength(0);
    await clock.step(20_001);
    expect(await sync()).toBeUndefined();
    expect(api.stored<ReplicaSetObject>('replicasets', 'default/web-abc')?.status).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  it('handlers enqueue the owning ReplicaSet for pod events and orphans for all matching ReplicaSets', async () => {
    const { api, controller } = setup();
    const rs = api.seed('replicasets', replicaSet('web-abc', 1, { labels: { app: 'web' } }));
    api.seed('replicasets', replicaSet('web-def', 1, { labels: { app: 'web' } }));
    api.seed('replicasets', replicaSet('db-xyz', 1, { labels: { app: 'db' } }));
    const keys = (): Promise<string[]> => drainQueue(controller.queue);
    await keys();
    api.seed('pods', pod('owned', { owner: rs, labels: { app: 'web' } }));
    expect(await keys()).toEqual(['default/web-abc']);
    api.seed('pods', pod('orphan', { labels: { app: 'web' } }));
    expect(await keys()).toEqual(['default/web-abc', 'default/web-def']);
    expect(keyOf(rs)).toBe('default/web-abc');
  });
});
