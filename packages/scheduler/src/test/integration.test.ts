// The scheduler against a real etcd + apiserver (no kubelet: nodes are
// registered by the test, pods stay Pending once bound).
import { PodObject } from '@kctl/api';
import { KObject } from '@kctl/api';
import { start, SchedulerHandle, SchedulerOptions } from '../index';

import { eventually, startTestCluster, TestCluster } from './cluster';

jest.setTimeout(60_000);

const OWNER = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'aaaaaaaa-0000-4000-8000-000000000001', controller: true };

interface EventObject extends KObject {
  involvedObject: { name: string; uid: string };
  reason: string;
  message: string;
  type: string;
  source?: { component?: string; host?: string };
}

describe('scheduler integration', () => {
  let cluster: TestCluster;
  const handles: SchedulerHandle[] = [];

  const startScheduler = async (options: Partial<SchedulerOptions> = {}): Promise<SchedulerHandle> => {
    const handle = await start({ server: cluster.address, leaderElection: false, freezeCache: true, ...options });
    handles.push(handle);
    return handle;
  };

  const nodeOf = async (name: string): Promise<string> => {
    const pod = await cluster.getPod(name);
    if (!pod.spec?.nodeName) throw new Error(`pod ${name} is not bound yet`);
    return pod.spec.nodeName;
  };

  const eventsFor = async (podName: string): Promise<EventObject[]> => {
    const list = await cluster.client.list<EventObject>('events', { namespace: 'default' });
    return list.items.filter((e) => e.involvedObject.name === podName);
  };

  const podScheduled = (pod: PodObject): { status: string; reason?: string; message?: string } | undefined => pod.status?.conditions?.find((c) => c.type === 'PodScheduled');

  beforeEach(async () => {
    cluster = await startTestCluster();
  });

  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
    await cluster.stop();
  });

  it('binds pending pods to nodes', async () => {
    for (const n of ['n1', 'n2', 'n3']) await cluster.createNode(n);
    await startScheduler();
    const names = ['a', 'b', 'c', 'd', 'e'];
    await Promise.all(names.map((n) => cluster.createPod(n, { cpu: '100m' })));
    await eventually(async () => {
      for (const n of names) expect(['n1', 'n2', 'n3']).toContain(await nodeOf(n));
    });
    const pod = await cluster.getPod('a');
    expect(podScheduled(pod)?.status).toBe('True');
    await eventually(async () => expect((await eventsFor('a')).map((e) => e.reason)).toContain('Scheduled'));
    const scheduled = (await eventsFor('a')).find((e) => e.reason === 'Scheduled')!;
    expect(scheduled.type).toBe('Normal');
    expect(scheduled.message).toBe(`Successfully assigned default/a to ${pod.spec?.nodeName}`);
    expect(scheduled.source?.component).toBe('default-scheduler');
  });

  it('spreads pods of the same owner over the nodes', async () => {
    for (const n of ['n1', 'n2', 'n3']) await cluster.createNode(n);
    await startScheduler();
    await Promise.all(['w1', 'w2', 'w3'].map((n) => cluster.client.create('pods', podWithOwner(n))));
    await eventually(async () => {
      const nodes = await Promise.all(['w1', 'w2', 'w3'].map(nodeOf));
      expect(new Set(nodes).size).toBe(3);
    });
  });

  it('places no pods on a cordoned node', async () => {
    await cluster.createNode('n1');
    await cluster.createNode('n2', { unschedulable: true });
    await cluster.createNode('n3');
    await startScheduler();
    const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
    await Promise.all(names.map((n) => cluster.createPod(n)));
    await eventually(async () => {
      for (const n of names) expect(['n1', 'n3']).toContain(await nodeOf(n));
    });
  });

  it('leaves a pod that fits nowhere Pending with a FailedScheduling event and PodScheduled=False', async () => {
    for (const n of ['n1', 'n2', 'n3']) await cluster.createNode(n);
    await startScheduler();
    await cluster.createPod('huge', { cpu: '100' });
    await eventually(async () => {
      const pod = await cluster.getPod('huge');
      expect(podScheduled(pod)).toMatchObject({ status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' });
    });
    const pod = await cluster.getPod('huge');
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.phase).toBe('Pending');
    await eventually(async () => {
      const events = await eventsFor('huge');
      expect(events).toContainEqual(expect.objectContaining({ type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.' }));
    });
  });

  it('schedules a pod waiting for room once a node is added', async () => {
    await cluster.createNode('small', { cpu: '1' });
    const handle = await startScheduler();
    await cluster.createPod('waiting', { cpu: '2' });
    await eventually(async () => expect(podScheduled(await cluster.getPod('waiting'))?.status).toBe('False'));
    expect(handle.scheduler.queue.locate('default/waiting')).toBe('unschedulable');
    await cluster.createNode('big', { cpu: '4' });
    // Well before the 60 s periodic retry: the node add is what moves it.
    await eventually(async () => expect(await nodeOf('waiting')).toBe('big'), 10_000);
  });

  it('schedules a pod waiting for room once a pod on the node is deleted', async () => {
    await cluster.createNode('n1', { cpu: '1' });
    await startScheduler();
    await cluster.createPod('first', { cpu: '1' });
    await eventually(async () => expect(await nodeOf('first')).toBe('n1'));
    await cluster.createPod('second', { cpu: '1' });
    await eventually(async () => expect(podScheduled(await cluster.getPod('second'))?.message).toBe('0/1 nodes are available: 1 Insufficient cpu.'));
    await cluster.client.delete('pods', 'default', 'first', { gracePeriodSeconds: 0 });
    await eventually(async () => expect(await nodeOf('second')).toBe('n1'), 10_000);
  });

  it('respects nodeSelector, taints and tolerations', async () => {
    await cluster.createNode('ssd', { labels: { disk: 'ssd' } });
    await cluster.createNode('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    await cluster.createNode('plain');
    await startScheduler();
    await cluster.createPod('wants-ssd', { nodeSelector: { disk: 'ssd' } });
    await cluster.createPod('tolerates-gpu', { nodeSelector: { 'kubernetes.io/hostname': 'gpu' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    await cluster.createPod('intolerant', { nodeSelector: { 'kubernetes.io/hostname': 'gpu' } });
    const others = Array.from({ length: 6 }, (_, i) => `any${i}`);
    await Promise.all(others.map((n) => cluster.createPod(n)));
    await eventually(async () => {
      expect(await nodeOf('wants-ssd')).toBe('ssd');
      expect(await nodeOf('tolerates-gpu')).toBe('gpu');
      for (const n of others) expect(['ssd', 'plain']).toContain(await nodeOf(n));
    });
    await eventually(async () => {
      expect(podScheduled(await cluster.getPod('intolerant'))?.message).toBe(
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.",
      );
    });
  });

  it('places no pods on a node that is not Ready', async () => {
    await cluster.createNode('down', { ready: 'False' });
    await startScheduler();
    await cluster.createPod('p');
    await eventually(async () =>
      expect(podScheduled(await cluster.getPod('p'))?.message).toBe('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.'),
    );
    await cluster.createNode('up');
    await eventually(async () => expect(await nodeOf('p')).toBe('up'), 10_000);
  });

  it('with leader election, only the leader binds, and the standby takes over when it stops', async () => {
    for (const n of ['n1', 'n2', 'n3']) await cluster.createNode(n);
    const leaderElection = { leaseDurationMs: 1000, renewDeadlineMs: 800, retryPeriodMs: 200 };
    const one = await startScheduler({ identity: 'one', leaderElection });
    const two = await startScheduler({ identity: 'two', leaderElection });
    await eventually(() => expect([one.isLeader(), two.isLeader()].filter(Boolean)).toHaveLength(1));
    const [leader, standby] = one.isLeader() ? [one, two] : [two, one];
    const lease = await cluster.client.get<KObject & { spec: { holderIdentity: string } }>('leases', 'kube-system', 'kube-scheduler');
    expect(lease.spec.holderIdentity).toBe(leader.identity);

    const first = Array.from({ length: 6 }, (_, i) => `first${i}`);
    await Promise.all(first.map((n) => cluster.createPod(n)));
    await eventually(async () => {
      for (const n of first) await nodeOf(n);
    });
    expect(leader.scheduler.stats.bound).toBe(6);
    expect(standby.scheduler.stats.attempts).toBe(0);
    expect(standby.isLeader()).toBe(false);
    for (const n of first) {
      await eventually(async () => expect((await eventsFor(n)).find((e) => e.reason === 'Scheduled')?.source?.host).toBe(leader.identity));
    }

    await leader.stop();
    await eventually(() => expect(standby.isLeader()).toBe(true));
    const second = Array.from({ length: 4 }, (_, i) => `second${i}`);
    await Promise.all(second.map((n) => cluster.createPod(n)));
    await eventually(async () => {
      for (const n of second) await nodeOf(n);
    });
    expect(standby.scheduler.stats.bound).toBe(4);
  });
});

function podWithOwner(name: string): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, ownerReferences: [OWNER] },
    spec: { containers: [{ name: 'web', image: 'busybox' }] },
  };
}
