// A ReplicaSet on its own: pods, adoption, release, replacement, status.
import type { PodObject, ReplicaSetObject } from '@kctl/api';
import { eventually, isReady, listPods, startTestCluster, TestCluster } from './cluster';
import { Tracker } from './tracker';

const NS = 'default';

function replicaSet(name: string, replicas: number): ReplicaSetObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, tier: 'x' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.0' }] } },
    },
  };
}

describe('ReplicaSet controller (integration)', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    await cluster.startManager({ controllers: ['replicaset', 'garbagecollector'] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps spec.replicas pods, replaces deleted ones, and reports status', async () => {
    const rs = await cluster.client.create('replicasets', replicaSet('solo', 4));
    const pods = await eventually(async () => {
      const list = await listPods(cluster.client, NS, 'app=solo');
      expect(list.filter(isReady)).toHaveLength(4);
      return list;
    });
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^solo-[a-z0-9]{5}$/);
      expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'solo', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await eventually(async () => {
      const got = await cluster.client.get<ReplicaSetObject>('replicasets', NS, 'solo');
      expect(got.status).toEqual({ replicas: 4, fullyLabeledReplicas: 4, readyReplicas: 4, availableReplicas: 4, observedGeneration: 1 });
    });

    await cluster.client.delete('pods', NS, pods[0]!.metadata.name!);
    await eventually(async () => {
      const list = await listPods(cluster.client, NS, 'app=solo');
      expect(list.filter(isReady)).toHaveLength(4);
      expect(list.map((p) => p.metadata.name)).not.toContain(pods[0]!.metadata.name);
    });
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', async () => {
    await cluster.client.create('replicasets', replicaSet('adopt', 2));
    await eventually(async () => expect((await listPods(cluster.client, NS, 'app=adopt')).filter(isReady)).toHaveLength(2));
    const rs = await cluster.client.get<ReplicaSetObject>('replicasets', NS, 'adopt');

    // An orphan with matching labels is adopted, and one of the extra pods is deleted.
    await cluster.client.create<PodObject>('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: NS, labels: { app: 'adopt' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.0' }] } });
    await eventually(async () => {
      const list = (await listPods(cluster.client, NS, 'app=adopt')).filter((p) => !p.metadata.deletionTimestamp);
      expect(list).toHaveLength(2);
      for (const pod of list) expect(pod.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
    });

    // A pod relabelled out of the selector is released and replaced.
    const [victim] = (await listPods(cluster.client, NS, 'app=adopt')).filter((p) => !p.metadata.deletionTimestamp);
    await cluster.client.patch('pods', NS, victim!.metadata.name!, { metadata: { labels: { app: 'elsewhere' } } });
    await eventually(async () => {
      const released = await cluster.client.get<PodObject>('pods', NS, victim!.metadata.name!);
      expect(released.metadata.ownerReferences).toBeUndefined();
      expect((await listPods(cluster.client, NS, 'app=adopt')).filter((p) => !p.metadata.deletionTimestamp && isReady(p))).toHaveLength(2);
    });
  });

  it('counts only pods ready for minReadySeconds as available', async () => {
    const rs = replicaSet('slow', 2);
    rs.spec.minReadySeconds = 1;
    const seen: { ready: number; available: number }[] = [];
    const tracker = await Tracker.start<ReplicaSetObject>(cluster.client, 'replicasets', { namespace: NS }, (list) => {
      const s = list.find((x) => x.metadata.name === 'slow')?.status;
      if (s) seen.push({ ready: s.readyReplicas ?? 0, available: s.availableReplicas ?? 0 });
      return undefined;
    });
    try {
      await cluster.client.create('replicasets', rs);
      // Ready first, available a second later (the controller requeues for it).
      await eventually(async () => {
        const got = await cluster.client.get<ReplicaSetObject>('replicasets', NS, 'slow');
        expect(got.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2 });
      });
    } finally {
      await tracker.stop();
    }
    // A pod counted ready was not yet counted available (how far apart the two pods became
    // ready is up to the machine), and availability never ran ahead of readiness.
    expect(seen.some((s) => s.available < s.ready)).toBe(true);
    expect(seen.every((s) => s.available <= s.ready)).toBe(true);
  });
});
