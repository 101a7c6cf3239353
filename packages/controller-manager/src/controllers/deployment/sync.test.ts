import { isAlreadyExists } from '@kctl/api';
import { deployment, replicaSet } from '../../testing/fixtures';
import type { DeploymentObject, ReplicaSetObject } from '@kctl/api';
import { harness } from './test-harness';
import { computeHash } from './util';

const image = (rs: ReplicaSetObject): string => rs.spec.template?.spec?.containers[0]?.image ?? '';

describe('Deployment sync', () => {
  it('creates the new ReplicaSet named by the template hash, with the hash in selector, labels and template', async () => {
    const h = harness();
    const d = await h.create(deployment('web', { replicas: 3 }));
    await h.sync();
    const [rs] = h.replicaSets();
    const hash = computeHash(d.spec.template);
    expect(rs?.metadata.name).toBe(`web-${hash}`);
    expect(rs?.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs?.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs?.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs?.spec.replicas).toBe(3);
    expect(rs?.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(rs?.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
    const got = h.get();
    expect(got.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(got.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` });
    expect(h.recorder.messages('ScalingReplicaSet')).toEqual([`Scaled up replica set web-${hash} from 0 to 3`]);
  });

  it('is idempotent: a second pass with nothing new writes nothing', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 2 }));
    await h.sync();
    h.settle();
    await h.sync();
    h.api.clearActions();
    await h.sync();
    expect(h.api.writes()).toEqual([]);
  });

  it('takes AlreadyExists for its own ReplicaSet (a cache behind its writes) as no collision', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 2 }));
    await h.sync();
    // A fresh controller (empty mutation cache) whose cache misses the ReplicaSet.
    const rs = h.replicaSets()[0]!;
    h.ctx.rsCache.deleted(`default/${rs.metadata.name}`);
    h.api.informer('replicasets').apply('DELETED', rs);
    await h.sync();
    expect(h.replicaSets()).toHaveLength(1);
    expect(h.get().status?.collisionCount).toBeUndefined();
    // It did not announce a scale-up for the ReplicaSet it found.
    expect(h.recorder.messages('ScalingReplicaSet')).toHaveLength(1);
  });

  it('bumps collisionCount when another object holds the hash name, and then uses a new name', async () => {
    const h = harness();
    const d = deployment('web', { replicas: 1 });
    const hash = computeHash((await h.create(d)).spec.template);
    // Someone else's ReplicaSet with our name and another template.
    h.api.seed('replicasets', replicaSet(`web-${hash}`, 0, { labels: { app: 'other' }, image: 'img:other' }));
    const err = await h.sync().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAlreadyExists(err)).toBe(true);
    expect(h.get().status?.collisionCount).toBe(1);
    await h.sync();
    const [rs] = h.replicaSets();
    expect(rs?.metadata.name).toBe(`web-${computeHash(h.get().spec.template, 1)}`);
    expect(rs?.metadata.name).not.toBe(`web-${hash}`);
  });

  it('adopts a matching orphan ReplicaSet and releases an owned one that no longer matches', async () => {
    const h = harness();
    const d = await h.create(deployment('web', { replicas: 2 }));
    const hash = computeHash(d.spec.template);
    const orphan = replicaSet(`web-${hash}`, 2, { labels: { app: 'web', 'pod-template-hash': hash } });
    orphan.spec.template = { metadata: { labels: { app: 'web', 'pod-template-hash': hash } }, spec: JSON.parse(JSON.stringify(d.spec.template.spec)) as DeploymentObject['spec']['template']['spec'] };
    h.api.seed('replicasets', orphan);
    h.api.seed('replicasets', replicaSet('web-stray', 1, { labels: { app: 'elsewhere' }, owner: d }));
    await h.sync();
    expect(h.api.stored<ReplicaSetObject>('replicasets', `default/web-${hash}`)?.metadata.ownerReferences?.[0]?.uid).toBe(d.metadata.uid);
    expect(h.api.stored<ReplicaSetObject>('replicasets', 'default/web-stray')?.metadata.ownerReferences).toBeUndefined();
    expect(h.api.writes('create', 'replicasets')).toHaveLength(0);
  });

  it('deletes old ReplicaSets beyond revisionHistoryLimit once the rollout is complete', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 1, revisionHistoryLimit: 1 }));
    for (let v = 2; v <= 4; v++) {
      await h.settleRollout();
      await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = `img:${v}`));
    }
    await h.settleRollout();
    expect(h.replicaSets().map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], image(rs), rs.spec.replicas])).toEqual([
      ['3', 'img:3', 0],
      ['4', 'img:4', 1],
    ]);
    expect(h.api.writes('delete', 'replicasets')).toHaveLength(2);
  });

  it('reuses an old ReplicaSet when the template is reverted, giving it the next revision', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 1 }));
    await h.settleRollout();
    const first = h.replicaSets()[0]!;
    await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
    await h.settleRollout();
    await h.edit((d) => {
      d.spec.template.spec!.containers[0]!.image = 'img:1';
      d.metadata.annotations = { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'undo' };
    });
    await h.settleRollout();
    const rss = h.replicaSets();
    expect(rss).toHaveLength(2);
    const reused = rss.find((rs) => rs.metadata.uid === first.metadata.uid)!;
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'undo' });
    expect(reused.spec.replicas).toBe(1);
    expect(h.get().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('only updates status for a Deployment being deleted', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 2 }));
    await h.sync();
    h.settle();
    await h.api.delete('deployments', 'default', 'web', { propagationPolicy: 'Foreground' });
    await h.edit((d) => (d.spec.replicas = 5));
    h.api.clearActions();
    await h.sync();
    expect(h.api.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual(['updateStatus deployments']);
    expect(h.replicaSets()[0]?.spec.replicas).toBe(2);
  });

  it('refuses to act on an empty selector', async () => {
    const h = harness();
    const d = deployment('web');
    d.spec.selector = {};
    h.api.seed('deployments', d);
    await h.sync();
    expect(h.recorder.messages('SelectingAll')).toEqual(['This deployment is selecting all pods. A non-empty selector is required.']);
    expect(h.api.writes('create')).toHaveLength(0);
  });
});
