// The kubelet against a real etcd and apiserver, with its time on a FakeClock:
// registration, restart, Lease renewal, status on change, its own pods only.
import { NODE_LEASE_NAMESPACE, parseTime } from '@kctl/api';
import type { LeaseObject, NodeObject, PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';
import { KubeletHandle, KubeletOptions, startKubelet } from '../kubelet';
import { TEST_MACHINE } from '../node/test-machine';
import { FakeRuntime } from '../runtime/fake/fake-runtime';

describe('kubelet (integration)', () => {
  let cp: ControlPlane;
  const running: KubeletHandle[] = [];

  beforeAll(async () => {
    cp = await startControlPlane();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((k) => k.stop()));
  });

  afterAll(async () => {
    await cp?.stop();
  });

  async function kubelet(nodeName: string, clock: FakeClock, extra: Partial<KubeletOptions> = {}): Promise<KubeletHandle> {
    const handle = await startKubelet({
      client: cp.client, nodeName, nodeIP: '127.0.3.1', clock, machine: TEST_MACHINE, freezeCache: true,
      runtime: extra.runtime ?? new FakeRuntime({ clock, version: { runtimeName: 'fake', runtimeVersion: '0.1.0' } }),
      ...extra,
    });
    running.push(handle);
    await handle.ready;
    return handle;
  }

  const getNode = (name: string): Promise<NodeObject> => cp.client.get<NodeObject>('nodes', '', name);
  const getLease = (name: string): Promise<LeaseObject> => cp.client.get<LeaseObject>('leases', NODE_LEASE_NAMESPACE, name);
  const ready = (node: NodeObject) => node.status?.conditions?.find((c) => c.type === 'Ready');

  it('registers its Node with labels, addresses, capacity, conditions and nodeInfo', async () => {
    const clock = new FakeClock();
    await kubelet('reg-1', clock);
    const node = await getNode('reg-1');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'reg-1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: '127.0.3.1' }, { type: 'Hostname', address: 'reg-1' }]);
    expect(node.status?.capacity).toEqual({ cpu: '4', memory: '8388608Ki', pods: '110' });
    expect(node.status?.allocatable).toMatchObject({ cpu: '4', pods: '110' });
    expect(node.status?.conditions?.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      'MemoryPressure=False/KubeletHasSufficientMemory', 'DiskPressure=False/KubeletHasNoDiskPressure', 'PIDPressure=False/KubeletHasSufficientPID', 'Ready=True/KubeletReady',
    ]);
    expect(node.status?.nodeInfo).toMatchObject({
      containerRuntimeVersion: 'fake://0.1.0', kubeletVersion: 'v0.1.0', kernelVersion: '6.1.0-test', osImage: 'Debian GNU/Linux 12 (bookworm)',
      operatingSystem: 'linux', architecture: 'amd64', machineID: 'machine-1', bootID: 'boot-1',
    });
    expect(node.status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10250);
  });

  it('creates its Lease owned by the Node and renews it as the clock moves', async () => {
    const clock = new FakeClock();
    await kubelet('lease-1', clock);
    const node = await getNode('lease-1');
    const lease = await getLease('lease-1');
    expect(lease.spec).toMatchObject({ holderIdentity: 'lease-1', leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'lease-1', uid: node.metadata.uid }]);
    const first = parseTime(lease.spec?.renewTime);
    expect(first).toBe(clock.now());

    await clock.step(9_000);
    expect((await getLease('lease-1')).spec?.renewTime).toBe(lease.spec?.renewTime);
    await clock.step(1_500); // 10 s plus at most 4 % jitter
    const renewed = await eventually(async () => {
      const next = await getLease('lease-1');
      expect(parseTime(next.spec?.renewTime)).toBeGreaterThan(first!);
      return next;
    });
    expect(parseTime(renewed.spec?.renewTime)! - first!).toBeGreaterThanOrEqual(10_000);
    expect(parseTime(renewed.spec?.renewTime)! - first!).toBeLessThanOrEqual(10_400);
  });

  it('keeps renewing after the apiserver was away, and stops renewing when stopped', async () => {
    const clock = new FakeClock();
    const handle = await kubelet('lease-2', clock);
    await cp.stopApiServer();
    await clock.step(10_500);
    await clock.step(10_000);
    await cp.startApiServer();
    await eventually(async () => {
      await clock.step(1_000);
      expect(parseTime((await getLease('lease-2')).spec?.renewTime)).toBeGreaterThanOrEqual(clock.now() - 10_000);
    }, 30_000);
    await handle.stop();
    const last = (await getLease('lease-2')).spec?.renewTime;
    await clock.step(60_000);
    expect((await getLease('lease-2')).spec?.renewTime).toBe(last);
    expect(clock.pending).toBe(0);
  });

  it('restarts without failing when its Node exists, keeping transition times and putting back its labels', async () => {
    const clock = new FakeClock();
    const first = await kubelet('restart-1', clock);
    const before = await getNode('restart-1');
    await first.stop();
    await cp.client.patch('nodes', '', 'restart-1', { metadata: { labels: { 'kubernetes.io/os': 'other', team: 'a' } } });
    await clock.step(120_000);
    await kubelet('restart-1', clock);
    const after = await getNode('restart-1');
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.metadata.labels).toMatchObject({ 'kubernetes.io/os': 'linux', team: 'a' });
    expect(ready(after)?.lastTransitionTime).toBe(ready(before)?.lastTransitionTime);
    expect(parseTime(ready(after)?.lastHeartbeatTime)).toBe(Math.floor(clock.now() / 1000) * 1000);
  });

  it('pushes a runtime problem at once: Ready False with the reason', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    await kubelet('status-1', clock, { runtime, runtimeCheckPeriodMs: 5_000 });
    runtime.setCondition('NetworkReady', false, 'NetworkPluginNotReady', 'cni plugin not initialized');
    await clock.step(5_000); // the next runtime check, before the 10 s status period
    const notReady = await eventually(async () => {
      const node = await getNode('status-1');
      expect(ready(node)?.status).toBe('False');
      return node;
    });
    expect(ready(notReady)).toMatchObject({
      reason: 'KubeletNotReady',
      message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized',
    });
    runtime.setCondition('NetworkReady', true);
    await clock.step(5_000);
    await eventually(async () => expect(ready(await getNode('status-1'))).toMatchObject({ status: 'True', reason: 'KubeletReady' }));
  });

  it('writes an unchanged status only every report period, and corrects a status others changed', async () => {
    const clock = new FakeClock();
    const handle = await kubelet('status-2', clock, { nodeStatusReportFrequencyMs: 60_000 });
    const rv = (await getNode('status-2')).metadata.resourceVersion;
    // Passes are driven by hand here, so each one surely ran before the clock moves on.
    for (let i = 0; i < 5; i++) {
      await clock.step(10_000);
      await handle.syncNodeStatus();
      expect((await getNode('status-2')).metadata.resourceVersion).toBe(rv);
    }
    await clock.step(10_000);
    await handle.syncNodeStatus();
    const reported = await getNode('status-2');
    expect(reported.metadata.resourceVersion).not.toBe(rv);
    expect(parseTime(ready(reported)?.lastHeartbeatTime)).toBe(clock.now());

    // As the node-lifecycle controller would after a silence.
    const node = await getNode('status-2');
    const unknown = node.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c));
    await cp.client.patch('nodes', '', 'status-2', { status: { conditions: unknown } }, { status: true });
    await clock.step(10_000);
    await handle.syncNodeStatus();
    expect(ready(await getNode('status-2'))).toMatchObject({ status: 'True', reason: 'KubeletReady' });
  });

  it('sees only the pods bound to its node', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const handle = await kubelet('pods-1', clock, { onPodChange: (change, pod) => seen.push(`${change} ${pod.metadata.name}`) });
    const pod = (name: string, nodeName?: string): PodObject => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName, containers: [{ name: 'c', image: 'busybox' }] },
    });
    await cp.client.create('pods', pod('mine', 'pods-1'));
    await cp.client.create('pods', pod('theirs', 'pods-elsewhere'));
    await cp.client.create('pods', pod('unbound'));
    await eventually(() => expect(handle.podManager.podKeys()).toEqual(['default/mine']));
    await cp.client.bind('default', 'unbound', 'pods-1');
    await eventually(() => expect(handle.podManager.podKeys()).toEqual(['default/mine', 'default/unbound']));
    await cp.client.delete('pods', 'default', 'mine', { gracePeriodSeconds: 0 });
    await eventually(() => expect(seen).toContain('deleted mine'));
    expect(seen.filter((s) => s.includes('theirs'))).toEqual([]);
  });

  it('deletes its Node on a graceful leave when asked, and registers again when it comes back', async () => {
    const clock = new FakeClock();
    const handle = await kubelet('leave-1', clock, { deleteNodeOnStop: true });
    await handle.stop();
    await expect(getNode('leave-1')).rejects.toMatchObject({ reason: 'NotFound' });
    await kubelet('leave-1', clock);
    expect(ready(await getNode('leave-1'))?.status).toBe('True');
  });

  it('registers again when its Node is deleted under it, and the Lease follows the new Node', async () => {
    const clock = new FakeClock();
    const handle = await kubelet('gone-1', clock);
    const before = await getNode('gone-1');
    await cp.client.delete('nodes', '', 'gone-1');
    await handle.syncNodeStatus();
    const after = await getNode('gone-1');
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(ready(after)?.status).toBe('True');
    await clock.step(10_500);
    await eventually(async () => expect((await getLease('gone-1')).metadata.ownerReferences?.[0]?.uid).toBe(after.metadata.uid));
  });

  it('runs 100 kubelets in one process: all register and renew', async () => {
    const clock = new FakeClock();
    const names = Array.from({ length: 100 }, (_, i) => `hollow-${i}`);
    await Promise.all(names.map((name, i) => kubelet(name, clock, { runtime: new FakeRuntime({ clock, podIPPrefix: `10.90.${i}.` }) })));
    const leases = await cp.client.listAll<LeaseObject>('leases', { namespace: NODE_LEASE_NAMESPACE });
    const start = clock.now();
    expect(leases.items.filter((l) => names.includes(l.metadata.name!))).toHaveLength(100);
    await clock.step(10_500);
    await eventually(async () => {
      const renewed = (await cp.client.listAll<LeaseObject>('leases', { namespace: NODE_LEASE_NAMESPACE })).items.filter(
        (l) => names.includes(l.metadata.name!) && parseTime(l.spec?.renewTime)! > start,
      );
      expect(renewed).toHaveLength(100);
    }, 30_000);
    const nodes = (await cp.client.listAll<NodeObject>('nodes')).items.filter((n) => names.includes(n.metadata.name!));
    expect(nodes.every((n) => ready(n)?.status === 'True')).toBe(true);
  });
});
