// Pods bound to a kubelet run on its (fake) runtime and their status is
// reported, against a real etcd and apiserver with the kubelet on a FakeClock.
import { isNotFound } from '@kctl/api';
import type { KObject, PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';
import { KubeletHandle, KubeletOptions, startKubelet } from '../kubelet';
import { TEST_MACHINE } from '../node/test-machine';
import { FakeRuntime } from '../runtime/fake/fake-runtime';

/** The fake runtime, remembering the timeout of every stop. */
class RecordingRuntime extends FakeRuntime {
  readonly stopTimeouts: number[] = [];
  override async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    this.stopTimeouts.push(timeoutSeconds);
    return super.stopContainer(id, timeoutSeconds);
  }
}

type Spec = NonNullable<PodObject['spec']>;
type ContainerStatuses = NonNullable<NonNullable<PodObject['status']>['containerStatuses']>;

/** READY as kubectl counts it: containers ready and running, of all containers. */
function readyColumn(pod: PodObject): string {
  const statuses: ContainerStatuses = pod.status?.containerStatuses ?? [];
  return `${statuses.filter((c) => c.ready && c.state?.running).length}/${pod.spec?.containers.length ?? 0}`;
}

describe('kubelet pods (integration)', () => {
  let cp: ControlPlane;
  const running: KubeletHandle[] = [];
  let n = 0;

  beforeAll(async () => {
    cp = await startControlPlane();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((k) => k.stop()));
  });

  afterAll(async () => {
    await cp?.stop();
  });

  async function kubelet(nodeName: string, clock: FakeClock, runtime: FakeRuntime, extra: Partial<KubeletOptions> = {}): Promise<KubeletHandle> {
    const handle = await startKubelet({ client: cp.client, nodeName, nodeIP: '127.0.4.1', clock, machine: TEST_MACHINE, freezeCache: true, runtime, ...extra });
    running.push(handle);
    await handle.ready;
    return handle;
  }

  async function createPod(nodeName: string, spec: Partial<Spec>): Promise<PodObject> {
    const name = `pod-${++n}`;
    return cp.client.create<PodObject>('pods', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
      spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'busybox', command: ['serve'] }], ...spec },
    });
  }

  const getPod = (pod: PodObject): Promise<PodObject> => cp.client.get<PodObject>('pods', 'default', pod.metadata.name!);

  it('runs a bound pod: Running with a pod IP, Ready, its container running, READY 1/1', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    await kubelet('run-1', clock, runtime);
    const created = await createPod('', {}); // unbound, then bound as the scheduler does
    await cp.client.bind('default', created.metadata.name!, 'run-1');
    const pod = await eventually(async () => {
      const p = await getPod(created);
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    expect(pod.status).toMatchObject({ hostIP: '127.0.4.1', hostIPs: [{ ip: '127.0.4.1' }], podIPs: [{ ip: pod.status?.podIP }], qosClass: 'BestEffort' });
    expect(pod.status?.podIP).toMatch(/^10\.88\.0\.\d+$/);
    expect(pod.status?.startTime).toBeDefined();
    const conditions = Object.fromEntries((pod.status?.conditions ?? []).map((c) => [c.type, c.status]));
    expect(conditions).toEqual({ PodScheduled: 'True', PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True' });
    const [container] = await runtime.listContainers();
    expect(pod.status?.containerStatuses).toEqual([{
      name: 'app', image: 'docker.io/library/busybox:latest', imageID: container!.imageRef, containerID: `fake://${container!.id}`,
      ready: true, started: true, restartCount: 0, state: { running: { startedAt: expect.any(String) } }, lastState: {},
    }]);
    expect(readyColumn(pod)).toBe('1/1');
    expect(runtime.calls.indexOf('ImageStatus')).toBeLessThan(runtime.calls.indexOf('PullImage'));
  });

  it('restartPolicy Never: exit 0 is Succeeded/Completed, exit 1 is Failed/Error, and stays so', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    await kubelet('never-1', clock, runtime);
    const ok = await createPod('never-1', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox', command: ['true'] }] });
    const bad = await createPod('never-1', { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'sleep 3; exit 1'] }] });
    const done = await eventually(async () => {
      const p = await getPod(ok);
      expect(p.status?.phase).toBe('Succeeded');
      return p;
    });
    expect(done.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect((await getPod(bad)).status?.phase).toBe('Running');
    await clock.step(3_000); // the container exits; the next relist (1 s) sees it
    await clock.step(1_000);
    const failed = await eventually(async () => {
      const p = await getPod(bad);
      expect(p.status?.phase).toBe('Failed');
      return p;
    });
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    // Finished pods are torn down on the runtime, and their status is final.
    await eventually(async () => expect(await runtime.listPodSandboxes()).toEqual([]));
    await clock.step(5_000);
    expect((await getPod(ok)).status).toEqual(done.status);
  });

  it('reports an image it cannot pull as ErrImagePull, then ImagePullBackOff, and runs it once the pull works', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    runtime.failPulls('registry.local/missing:1', 'not found');
    const reasons: string[] = [];
    await kubelet('pull-1', clock, runtime, {
      onPodChange: (_change, pod) => {
        const reason = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        if (reason && reasons[reasons.length - 1] !== reason) reasons.push(reason);
      },
    });
    const created = await createPod('pull-1', { containers: [{ name: 'app', image: 'registry.local/missing:1' }] });
    await eventually(() => expect(reasons).toEqual(['ErrImagePull', 'ImagePullBackOff']));
    const pod = await getPod(created);
    expect(pod.status?.phase).toBe('Pending');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.local/missing:1"' });
    runtime.failPulls('registry.local/missing:1', undefined);
    await clock.step(10_000);
    await eventually(async () => expect((await getPod(created)).status?.phase).toBe('Running'));
  });

  it('restarts a crashing container under restartPolicy Always with backoff (CrashLoopBackOff)', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    await kubelet('crash-1', clock, runtime);
    const created = await createPod('crash-1', { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'sleep 1; exit 2'] }] });
    const status = async () => (await getPod(created)).status?.containerStatuses?.[0];
    await eventually(async () => expect((await status())?.state?.running).toBeDefined());
    await clock.step(2_000); // exits after 1 s; the next relist sees it and it restarts at once
    await eventually(async () => expect(await status()).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: { exitCode: 2, reason: 'Error' } } }));
    await clock.step(2_000); // exits again: now it waits 10 s from its exit
    await eventually(async () => expect(await status()).toMatchObject({ restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } }));
    expect((await status())?.state?.waiting?.message).toBe(`back-off 10s restarting failed container=app pod=${created.metadata.name}_default(${created.metadata.uid})`);
    expect((await getPod(created)).status?.phase).toBe('Running');
    // Exited at 3 s, seen at 4 s: restarted at 13 s (a longer step would see it crash again).
    await clock.step(8_999);
    expect((await status())?.restartCount).toBe(1);
    await clock.step(1);
    await eventually(async () => expect(await status()).toMatchObject({ restartCount: 2, state: { running: {} } }));
  });

  it('deletes a pod gracefully: stops its containers with the grace period, then the object goes', async () => {
    const clock = new FakeClock();
    const runtime = new RecordingRuntime({ clock });
    await kubelet('del-1', clock, runtime);
    const created = await createPod('del-1', { terminationGracePeriodSeconds: 7 });
    await eventually(async () => expect((await getPod(created)).status?.phase).toBe('Running'));
    const deleting = await cp.client.delete<PodObject>('pods', 'default', created.metadata.name!);
    expect(deleting.metadata.deletionTimestamp).toBeDefined();
    await eventually(async () => {
      const gone = await getPod(created).then(() => false, (err: unknown) => isNotFound(err));
      expect(gone).toBe(true);
    });
    expect(runtime.stopTimeouts).toEqual([7]);
    expect(runtime.calls).toEqual(expect.arrayContaining(['StopContainer', 'StopPodSandbox', 'RemovePodSandbox']));
    await eventually(async () => expect(await runtime.listContainers()).toEqual([]));
  });

  it('restarting the kubelet adopts the running containers without restarting them', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    const first = await kubelet('adopt-1', clock, runtime);
    const created = await createPod('adopt-1', {});
    const before = await eventually(async () => {
      const p = await getPod(created);
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    await first.stop();
    const creates = runtime.calls.filter((c) => c === 'CreateContainer' || c === 'RunPodSandbox').length;
    await kubelet('adopt-1', clock, runtime);
    await clock.step(1_000);
    await clock.step(1_000);
    const after = await getPod(created);
    expect(after.status?.phase).toBe('Running');
    expect(after.status?.containerStatuses).toEqual(before.status?.containerStatuses);
    expect(after.status?.podIP).toBe(before.status?.podIP);
    expect(runtime.calls.filter((c) => c === 'CreateContainer' || c === 'RunPodSandbox')).toHaveLength(creates);
  });

  it('waits with CreateContainerConfigError for a missing ConfigMap, and starts once it exists', async () => {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock });
    await kubelet('cfg-1', clock, runtime);
    const created = await createPod('cfg-1', {
      containers: [{ name: 'app', image: 'busybox', command: ['serve'], env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } }] }],
    });
    await eventually(async () =>
      expect((await getPod(created)).status?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "app-config" not found' }),
    );
    await cp.client.create<KObject>('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { mode: 'fast' } } as KObject);
    await clock.step(10_000);
    await eventually(async () => expect((await getPod(created)).status?.phase).toBe('Running'));
  });
});
