// Node lifecycle end to end on a real etcd, driven by a FakeClock: a node whose
// kubelet stops renewing its Lease goes Unknown and is tainted unreachable, its
// ReplicaSet's pods are evicted once their tolerationSeconds ran out and are
// replaced on the live node, a returning kubelet clears the taints, and pod GC
// removes the pods of a deleted node and the oldest terminated pods.
import { isNotFound, NODE_LEASE_NAMESPACE, nodeReadyCondition, parseTime } from '@kctl/api';
import type { LeaseObject, NodeObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { SimulatedNodes, startSimulatedNodes } from '../testing/simulated-nodes';
import { eventually, listPods, startTestCluster, TestCluster } from './cluster';

const NS = 'default';
const DONE_NS = 'finished';
const ALIVE = 'alive';
const DOOMED = 'doomed';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

function replicaSet(name: string, replicas: number): ReplicaSetObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'busybox:1.0' }], tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] },
      },
    },
  };
}

const bare = (name: string, namespace: string, nodeName: string): PodObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { nodeName, containers: [{ name: 'main', image: 'busybox:1.0' }] },
});

async function isGone(cluster: TestCluster, namespace: string, name: string): Promise<boolean> {
  return cluster.client.get('pods', namespace, name).then(
    () => false,
    (err: unknown) => {
      if (isNotFound(err)) return true;
      throw err;
    },
  );
}

describe('node lifecycle, taint eviction and pod GC (integration)', () => {
  let cluster: TestCluster;
  let sim: SimulatedNodes;
  const clock = new FakeClock(Date.now());

  /** Moves the clock 5 s at a time, each time waiting until the live node's Lease renewal for that moment is written. */
  async function advance(ms: number): Promise<void> {
    for (let done = 0; done < ms; done += 5_000) {
      await clock.step(5_000);
      const due = clock.now() - 10_000;
      await eventually(async () => {
        const lease = await cluster.client.get<LeaseObject>('leases', NODE_LEASE_NAMESPACE, ALIVE);
        expect(parseTime(lease.spec?.renewTime)).toBeGreaterThan(due);
      });
    }
  }

  const getNode = (name: string): Promise<NodeObject> => cluster.client.get<NodeObject>('nodes', '', name);
  const podsOn = async (node: string): Promise<PodObject[]> => (await listPods(cluster.client, NS, 'app=web')).filter((p) => p.spec?.nodeName === node);

  beforeAll(async () => {
    cluster = await startTestCluster({ nodes: false });
    await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DONE_NS } });
    sim = await startSimulatedNodes({ client: cluster.client, nodes: [ALIVE, DOOMED], namespace: NS, registerNodes: true, clock });
    await cluster.startManager({ clock, nodeMonitorPeriodMs: 5_000, nodeMonitorGracePeriodMs: 50_000, podGCPeriodMs: 20_000, terminatedPodGCThreshold: 2 });
  });

  afterAll(async () => {
    await sim?.stop();
    await cluster?.stop();
  });

  it('marks a silent node Unknown and unreachable, evicts its pods after their toleration, and clears the taints when it is back', async () => {
    await cluster.client.create('replicasets', replicaSet('web', 4));
    await eventually(async () => {
      for (const node of [ALIVE, DOOMED]) expect((await podsOn(node)).filter((p) => p.status?.phase === 'Running')).toHaveLength(2);
    });
    const doomedPods = (await podsOn(DOOMED)).map((p) => p.metadata.name);

    sim.stopNode(DOOMED);
    await advance(60_000);
    const silent = await eventually(async () => {
      const node = await getNode(DOOMED);
      expect(nodeReadyCondition(node)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
      expect(node.spec?.taints?.map((t) => `${t.key}:${t.effect}`).sort()).toEqual([`${UNREACHABLE}:NoExecute`, `${UNREACHABLE}:NoSchedule`]);
      return node;
    });
    const added = parseTime(silent.spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded);
    expect(added).toBeDefined();
    const alive = await getNode(ALIVE);
    expect(nodeReadyCondition(alive)?.status).toBe('True');
    expect(alive.spec?.taints ?? []).toEqual([]);

    // Within their 30 s toleration the pods stay, no longer Ready.
    await eventually(async () => {
      const pods = await podsOn(DOOMED);
      expect(pods.map((p) => p.metadata.name).sort()).toEqual([...doomedPods].sort());
      for (const pod of pods) {
        expect(pod.metadata.deletionTimestamp).toBeUndefined();
        expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
      }
    });

    // Past it they are evicted (left Terminating, no kubelet finishes them) and replaced on the live node.
    await advance(Math.max(0, added! + 30_000 - clock.now()) + 5_000);
    await eventually(async () => {
      for (const pod of await podsOn(DOOMED)) expect(pod.metadata.deletionTimestamp).toBeDefined();
      const running = (await podsOn(ALIVE)).filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
      expect(running).toHaveLength(4);
    });

    // The kubelet comes back: Lease renewed, Ready posted, taints gone; it finishes the evicted pods.
    await sim.startNode(DOOMED);
    await eventually(async () => {
      const node = await getNode(DOOMED);
      expect(nodeReadyCondition(node)?.status).toBe('True');
      expect(node.spec?.taints ?? []).toEqual([]);
      expect(await podsOn(DOOMED)).toEqual([]);
    });
    await advance(60_000);
    expect((await getNode(DOOMED)).spec?.taints ?? []).toEqual([]);
  });

  it('force-deletes the pods of a deleted node, terminating or not', async () => {
    sim.stopNode(DOOMED);
    await cluster.client.create('pods', bare('orphan', NS, DOOMED));
    await cluster.client.create('pods', bare('orphan-going', NS, DOOMED));
    await cluster.client.delete('pods', NS, 'orphan-going');
    expect((await cluster.client.get<PodObject>('pods', NS, 'orphan-going')).metadata.deletionTimestamp).toBeDefined();

    await cluster.client.delete('nodes', '', DOOMED);
    await eventually(async () => {
      expect(await isGone(cluster, NS, 'orphan')).toBe(true);
      expect(await isGone(cluster, NS, 'orphan-going')).toBe(true);
    });
    // The pods on the live node stay.
    expect((await podsOn(ALIVE)).filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(4);
  });

  it('deletes the oldest terminated pods above the threshold', async () => {
    for (const name of ['done-a', 'done-b', 'done-c']) {
      const pod = await cluster.client.create<PodObject>('pods', bare(name, DONE_NS, ALIVE));
      await cluster.client.updateStatus('pods', { ...pod, status: { ...pod.status, phase: 'Succeeded' } });
    }
    await advance(20_000);
    await eventually(async () => expect(await isGone(cluster, DONE_NS, 'done-a')).toBe(true));
    expect(await isGone(cluster, DONE_NS, 'done-b')).toBe(false);
    expect(await isGone(cluster, DONE_NS, 'done-c')).toBe(false);
  });
});
