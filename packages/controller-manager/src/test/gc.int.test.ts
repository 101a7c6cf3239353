// Cascading deletion end to end: background, orphan and foreground.
import { isNotFound, KObject } from '@kctl/api';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { eventually, listPods, listReplicaSets, newDeployment, startTestCluster, TestCluster, waitForRollout } from './cluster';
import { Tracker } from './tracker';

const NS = 'default';

async function gone(cluster: TestCluster, resource: string, name: string): Promise<void> {
  const err = await cluster.client.get(resource, NS, name).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isNotFound(err)).toBe(true);
}

describe('garbage collector (integration)', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.startManager();
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('deletes ReplicaSets and pods after their Deployment (background)', async () => {
    await cluster.client.create('deployments', newDeployment('bg', { replicas: 3 }));
    await waitForRollout(cluster.client, NS, 'bg');
    const rsTracker = await Tracker.start<ReplicaSetObject>(cluster.client, 'replicasets', { namespace: NS, labelSelector: 'app=bg' });
    const dTracker = await Tracker.start<DeploymentObject>(cluster.client, 'deployments', { namespace: NS });
    try {
      await cluster.client.delete('deployments', NS, 'bg');
      await eventually(async () => {
        expect(await listReplicaSets(cluster.client, NS, 'app=bg')).toHaveLength(0);
        expect(await listPods(cluster.client, NS, 'app=bg')).toHaveLength(0);
      });
      await eventually(() => expect(rsTracker.deletedAt.size).toBe(1));
    } finally {
      await rsTracker.stop();
      await dTracker.stop();
    }
    // Background: the owner went first.
    expect(Math.min(...rsTracker.deletedAt.values())).toBeGreaterThan(dTracker.deletedAt.get(`${NS}/bg`)!);
  });

  it('orphans dependents: they stay, without owner references', async () => {
    await cluster.client.create('deployments', newDeployment('orph', { replicas: 2 }));
    await waitForRollout(cluster.client, NS, 'orph');
    const [rsBefore] = await listReplicaSets(cluster.client, NS, 'app=orph');
    await cluster.client.delete('deployments', NS, 'orph', { propagationPolicy: 'Orphan' });
    await eventually(() => gone(cluster, 'deployments', 'orph'));
    const rss = await listReplicaSets(cluster.client, NS, 'app=orph');
    expect(rss).toHaveLength(1);
    expect(rss[0]?.metadata.uid).toBe(rsBefore?.metadata.uid);
    expect(rss[0]?.metadata.ownerReferences).toBeUndefined();
    const pods = await listPods(cluster.client, NS, 'app=orph');
    expect(pods).toHaveLength(2);
    // The pods still belong to their ReplicaSet, which keeps running them.
    for (const pod of pods) expect(pod.metadata.ownerReferences?.[0]?.uid).toBe(rsBefore?.metadata.uid);
    // Deleting the orphaned ReplicaSet (default: background) now takes its pods.
    await cluster.client.delete('replicasets', NS, rss[0]!.metadata.name!);
    await eventually(async () => expect(await listPods(cluster.client, NS, 'app=orph')).toHaveLength(0));
  });

  it('foreground: dependents are gone before the owner disappears', async () => {
    await cluster.client.create('deployments', newDeployment('fg', { replicas: 3 }));
    await waitForRollout(cluster.client, NS, 'fg');
    const pods = await Tracker.start<PodObject>(cluster.client, 'pods', { namespace: NS, labelSelector: 'app=fg' });
    const rss = await Tracker.start<ReplicaSetObject>(cluster.client, 'replicasets', { namespace: NS, labelSelector: 'app=fg' });
    const owners = await Tracker.start<DeploymentObject>(cluster.client, 'deployments', { namespace: NS });
    try {
      const marked = await cluster.client.delete<KObject>('deployments', NS, 'fg', { propagationPolicy: 'Foreground' });
      expect(marked.metadata.finalizers).toContain('foregroundDeletion');
      expect(marked.metadata.deletionTimestamp).toBeDefined();
      await eventually(() => gone(cluster, 'deployments', 'fg'));
      await eventually(() => {
        expect(pods.deletedAt.size).toBe(3);
        expect(rss.deletedAt.size).toBe(1);
        expect(owners.deletedAt.has(`${NS}/fg`)).toBe(true);
      });
    } finally {
      await pods.stop();
      await rss.stop();
      await owners.stop();
    }
    const ownerGone = owners.deletedAt.get(`${NS}/fg`)!;
    const rsGone = Math.max(...rss.deletedAt.values());
    expect(Math.max(...pods.deletedAt.values())).toBeLessThan(rsGone);
    expect(rsGone).toBeLessThan(ownerGone);
  });
});
