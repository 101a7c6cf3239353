// Deployments end to end: real etcd + apiserver + controller-manager, with
// simulated nodes standing in for scheduler and kubelet.
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { eventually, isReady, listPods, listReplicaSets, newDeployment, startTestCluster, TestCluster, waitForRollout } from './cluster';
import { Tracker } from './tracker';

const NS = 'default';

function templateHash(pod: PodObject): string {
  return pod.metadata.labels?.['pod-template-hash'] ?? '';
}

async function setImage(cluster: TestCluster, name: string, image: string): Promise<void> {
  await cluster.client.patch('deployments', NS, name, { spec: { template: { spec: { containers: [{ name: 'main', image }] } } } });
}

async function events(cluster: TestCluster, name: string): Promise<string[]> {
  const list = await cluster.client.list<{ apiVersion: string; kind: string; metadata: { name?: string }; involvedObject?: { name?: string }; reason?: string; message?: string }>('events', { namespace: NS });
  return list.items.filter((e) => e.involvedObject?.name === name).map((e) => `${e.reason}: ${e.message}`);
}

describe('Deployment controller (integration)', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.startManager();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  afterEach(() => {
    // Cached objects are frozen: a controller writing to one would have logged a TypeError.
    expect(cluster.errors.filter((e) => /TypeError|read.only|not extensible/i.test(e))).toEqual([]);
  });

  it('creates one ReplicaSet and 3 ready pods, and reports the Deployment available', async () => {
    await cluster.client.create('deployments', newDeployment('web', { replicas: 3, annotations: { 'kubernetes.io/change-cause': 'first' } }));
    const d = await waitForRollout(cluster.client, NS, 'web');
    const rss = await listReplicaSets(cluster.client, NS, 'app=web');
    expect(rss).toHaveLength(1);
    const rs = rss[0]!;
    const hash = rs.metadata.labels?.['pod-template-hash'];
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true })]);
    expect(rs.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'kubernetes.io/change-cause': 'first',
    });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');

    const pods = await listPods(cluster.client, NS, 'app=web');
    expect(pods.filter(isReady)).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(pod.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true })]);
    }
    const available = d.status?.conditions?.find((c) => c.type === 'Available');
    expect(available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    await eventually(async () => expect(await events(cluster, 'web')).toContain(`ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} from 0 to 3`));
  });

  it('scales to 10 and to 0', async () => {
    await cluster.client.updateScale('deployments', NS, 'web', 10);
    await waitForRollout(cluster.client, NS, 'web');
    expect((await listPods(cluster.client, NS, 'app=web')).filter(isReady)).toHaveLength(10);
    const [rs] = await listReplicaSets(cluster.client, NS, 'app=web');
    expect(rs?.spec.replicas).toBe(10);
    expect(rs?.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('10');

    await cluster.client.updateScale('deployments', NS, 'web', 0);
    await eventually(async () => expect(await listPods(cluster.client, NS, 'app=web')).toHaveLength(0));
    const d = await waitForRollout(cluster.client, NS, 'web');
    expect(d.status).toMatchObject({ replicas: 0, availableReplicas: 0 });
    await eventually(async () => expect(await events(cluster, 'web')).toContain(`ScalingReplicaSet: Scaled down replica set ${rs?.metadata.name} from 10 to 0`));
  });

  it.each([
    { name: 'roll-a', replicas: 4, maxSurge: 1, maxUnavailable: 1 },
    { name: 'roll-b', replicas: 5, maxSurge: 2, maxUnavailable: 0 },
    { name: 'roll-c', replicas: 4, maxSurge: '25%', maxUnavailable: '25%' },
    { name: 'roll-d', replicas: 3, maxSurge: 0, maxUnavailable: 1 },
    { name: 'roll-e', replicas: 10, maxSurge: 3, maxUnavailable: 2 },
  ])('rolls out a new template within maxSurge and maxUnavailable ($name)', async ({ name, replicas, maxSurge, maxUnavailable }) => {
    const surge = typeof maxSurge === 'number' ? maxSurge : Math.ceil((replicas * parseInt(maxSurge)) / 100);
    const unavailable = typeof maxUnavailable === 'number' ? maxUnavailable : Math.floor((replicas * parseInt(maxUnavailable)) / 100);
    await cluster.client.create('deployments', newDeployment(name, { replicas, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } } }));
    await waitForRollout(cluster.client, NS, name);
    let maxSeen = 0;
    let minAvailable = Infinity;
    const tracker = await Tracker.start<PodObject>(cluster.client, 'pods', { namespace: NS, labelSelector: `app=${name}` }, (pods) => {
      const active = pods.filter((p) => !p.metadata.deletionTimestamp);
      const available = active.filter(isReady).length;
      maxSeen = Math.max(maxSeen, active.length);
      minAvailable = Math.min(minAvailable, available);
      if (active.length > replicas + surge) return `${active.length} pods exceed ${replicas} + ${surge}`;
      if (available < replicas - unavailable) return `${available} available pods are fewer than ${replicas} - ${unavailable}`;
      return undefined;
    });
    const hashes = new Set<string>();
    const rsTracker = await Tracker.start<ReplicaSetObject>(cluster.client, 'replicasets', { namespace: NS, labelSelector: `app=${name}` }, (rss) => {
      const specs = rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
      for (const rs of rss) hashes.add(rs.metadata.name ?? '');
      return specs > replicas + surge ? `ReplicaSets want ${specs} pods, more than ${replicas} + ${surge}` : undefined;
    });
    try {
      await setImage(cluster, name, 'busybox:2.0');
      await waitForRollout(cluster.client, NS, name);
    } finally {
      await tracker.stop();
      await rsTracker.stop();
    }
    expect(tracker.violations).toEqual([]);
    expect(rsTracker.violations).toEqual([]);
    // The rollout really replaced pods in steps.
    expect(hashes.size).toBe(2);
    expect(maxSeen).toBeGreaterThanOrEqual(replicas);
    const pods = await listPods(cluster.client, NS, `app=${name}`);
    expect(pods.every((p) => p.spec?.containers[0]?.image === 'busybox:2.0' && isReady(p))).toBe(true);
    const rss = await listReplicaSets(cluster.client, NS, `app=${name}`);
    expect(rss.map((rs) => [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.spec.replicas]).sort()).toEqual([
      ['1', 0],
      ['2', replicas],
    ]);
    expect(minAvailable).toBeGreaterThanOrEqual(replicas - unavailable);
  });

  it('reuses the first ReplicaSet with a new revision when the template is reverted', async () => {
    await cluster.client.create('deployments', newDeployment('rev', { replicas: 2, annotations: { 'kubernetes.io/change-cause': 'v1' } }));
    await waitForRollout(cluster.client, NS, 'rev');
    const [first] = await listReplicaSets(cluster.client, NS, 'app=rev');
    const original = (await cluster.client.get<DeploymentObject>('deployments', NS, 'rev')).spec.template;

    await cluster.client.patch('deployments', NS, 'rev', { metadata: { annotations: { 'kubernetes.io/change-cause': 'v2' } }, spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox:2.0' }] } } } });
    await waitForRollout(cluster.client, NS, 'rev');
    await cluster.client.patch('deployments', NS, 'rev', { metadata: { annotations: { 'kubernetes.io/change-cause': 'v3' } }, spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox:3.0' }] } } } });
    await waitForRollout(cluster.client, NS, 'rev');
    expect(await listReplicaSets(cluster.client, NS, 'app=rev')).toHaveLength(3);

    // What `kubectl rollout undo --to-revision=1` does: copy the old template back.
    await cluster.client.patch('deployments', NS, 'rev', { metadata: { annotations: { 'kubernetes.io/change-cause': 'v1' } }, spec: { template: original } });
    const d = await waitForRollout(cluster.client, NS, 'rev');
    const rss = await listReplicaSets(cluster.client, NS, 'app=rev');
    expect(rss).toHaveLength(3);
    const reused = rss.find((rs) => rs.metadata.uid === first?.metadata.uid);
    expect(reused?.spec.replicas).toBe(2);
    expect(reused?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'v1' });
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    const pods = await listPods(cluster.client, NS, 'app=rev');
    expect(pods.every((p) => templateHash(p) === first?.metadata.labels?.['pod-template-hash'])).toBe(true);
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', async () => {
    await cluster.client.create('deployments', newDeployment('hist', { replicas: 1, spec: { revisionHistoryLimit: 2 } }));
    for (let v = 2; v <= 5; v++) {
      await waitForRollout(cluster.client, NS, 'hist');
      await setImage(cluster, 'hist', `busybox:${v}.0`);
    }
    await waitForRollout(cluster.client, NS, 'hist');
    const rss = await eventually(async () => {
      const list = await listReplicaSets(cluster.client, NS, 'app=hist');
      expect(list).toHaveLength(3);
      return list;
    });
    const revisions = rss.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'])).sort();
    expect(revisions).toEqual([3, 4, 5]);
  });

  it('does not roll out a paused Deployment until it is resumed', async () => {
    await cluster.client.create('deployments', newDeployment('paused', { replicas: 2 }));
    await waitForRollout(cluster.client, NS, 'paused');
    await cluster.client.patch('deployments', NS, 'paused', { spec: { paused: true } });
    await setImage(cluster, 'paused', 'busybox:2.0');
    await cluster.client.patch('deployments', NS, 'paused', { spec: { replicas: 3 } });
    // The controller has seen the change (observedGeneration) and only scaled.
    const d = await eventually(async () => {
      const got = await cluster.client.get<DeploymentObject>('deployments', NS, 'paused');
      expect(got.status?.observedGeneration).toBe(got.metadata.generation);
      expect(got.status?.replicas).toBe(3);
      return got;
    });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(await listReplicaSets(cluster.client, NS, 'app=paused')).toHaveLength(1);
    expect((await listPods(cluster.client, NS, 'app=paused')).every((p) => p.spec?.containers[0]?.image === 'busybox:1.0')).toBe(true);

    await cluster.client.patch('deployments', NS, 'paused', { spec: { paused: false } });
    await waitForRollout(cluster.client, NS, 'paused');
    const pods = await listPods(cluster.client, NS, 'app=paused');
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.spec?.containers[0]?.image === 'busybox:2.0')).toBe(true);
    expect(await listReplicaSets(cluster.client, NS, 'app=paused')).toHaveLength(2);
  });

  it('Recreate never runs old and new pods at once', async () => {
    await cluster.client.create('deployments', newDeployment('recreate', { replicas: 3, spec: { strategy: { type: 'Recreate' } } }));
    await waitForRollout(cluster.client, NS, 'recreate');
    const tracker = await Tracker.start<PodObject>(cluster.client, 'pods', { namespace: NS, labelSelector: 'app=recreate' }, (pods) => {
      const hashes = new Set(pods.map(templateHash));
      return hashes.size > 1 ? `pods of ${hashes.size} templates at once: ${pods.map((p) => p.metadata.name).join(', ')}` : undefined;
    });
    try {
      await setImage(cluster, 'recreate', 'busybox:2.0');
      await waitForRollout(cluster.client, NS, 'recreate');
    } finally {
      await tracker.stop();
    }
    expect(tracker.violations).toEqual([]);
    expect(tracker.deletedAt.size).toBeGreaterThanOrEqual(3);
    expect((await listPods(cluster.client, NS, 'app=recreate')).every((p) => p.spec?.containers[0]?.image === 'busybox:2.0')).toBe(true);
  });

  it('reports ProgressDeadlineExceeded for a stuck rollout and scales proportionally mid-rollout', async () => {
    await cluster.client.create('deployments', newDeployment('stuck', { replicas: 4, spec: { progressDeadlineSeconds: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } } } }));
    await waitForRollout(cluster.client, NS, 'stuck');
    // New pods never become ready: the rollout stops at maxUnavailable.
    await setImage(cluster, 'stuck', 'busybox:unready');
    const d = await eventually(async () => {
      const got = await cluster.client.get<DeploymentObject>('deployments', NS, 'stuck');
      expect(got.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
      return got;
    });
    // 4 replicas, surge 2, unavailable 1: old keeps 3 available, new has 3 unready. The
    // 1 s deadline may pass between the rollout's steps, which go on after it.
    const [oldRS, newRS] = await eventually(async () => {
      const rss = await listReplicaSets(cluster.client, NS, 'app=stuck');
      const created = rss.find((rs) => rs.spec.template?.spec?.containers[0]?.image === 'busybox:unready')!;
      const old = rss.find((rs) => rs !== created)!;
      expect([old.spec.replicas, created.spec.replicas]).toEqual([3, 3]);
      return [old, created] as const;
    });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.message).toBe(`ReplicaSet "${newRS.metadata.name}" has timed out progressing.`);
    expect(d.status?.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True' });

    // Doubling the Deployment doubles both ReplicaSets (proportional scaling: 6 → 12 allowed).
    await cluster.client.updateScale('deployments', NS, 'stuck', 8);
    await eventually(async () => {
      const now = await listReplicaSets(cluster.client, NS, 'app=stuck');
      const sizes = Object.fromEntries(now.map((rs) => [rs.metadata.name, rs.spec.replicas]));
      expect(sizes).toEqual({ [oldRS.metadata.name!]: 5, [newRS.metadata.name!]: 5 });
    });
  });
});
