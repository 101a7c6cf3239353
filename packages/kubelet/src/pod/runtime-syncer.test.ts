// Pod workers on the fake runtime: a pod's sandbox and containers come and go.
import type { PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { FakeRuntime } from '../runtime/fake/fake-runtime';
import { PodWorkers } from './pod-workers';
import { POD_UID_LABEL, RuntimePodSyncer, sandboxConfig } from './runtime-syncer';

const pod = (uid: string, extra: Partial<PodObject['metadata']> = {}): PodObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${uid}`, namespace: 'demo', uid, labels: { app: 'web' }, ...extra },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'job', image: 'busybox', command: ['sh', '-c', 'sleep 5; exit 1'] }] },
});

describe('RuntimePodSyncer with PodWorkers', () => {
  let clock: FakeClock;
  let runtime: FakeRuntime;
  let workers: PodWorkers;
  let syncer: RuntimePodSyncer;
  const errors: unknown[] = [];
  const pods = new Map<string, PodObject>();

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new FakeRuntime({ clock, images: ['busybox'] });
    errors.length = 0;
    syncer = new RuntimePodSyncer(runtime, { dnsServers: ['10.96.0.10'], clock, resync: (uid) => workers.update(pods.get(uid)!) });
    workers = new PodWorkers({ syncer, clock, onError: (_p, err) => errors.push(err) });
  });

  afterEach(() => workers.stop());

  it('runs a sandbox with the pod labels and DNS, pulls what is missing, and starts each container once', async () => {
    workers.update(pod('u1'));
    await workers.idle();
    const [sandbox] = await runtime.listPodSandboxes({ labelSelector: { [POD_UID_LABEL]: 'u1' } });
    expect(sandbox?.labels).toMatchObject({ app: 'web', 'io.kubernetes.pod.name': 'web-u1', 'io.kubernetes.pod.namespace': 'demo' });
    const containers = await runtime.listContainers({ podSandboxId: sandbox!.id });
    expect(containers.map((c) => [c.metadata.name, c.state])).toEqual([['nginx', 'running'], ['job', 'running']]);
    expect(runtime.calls.filter((c) => c === 'PullImage')).toHaveLength(1);
    workers.update(pod('u1'));
    await workers.idle();
    expect(runtime.calls.filter((c) => c === 'RunPodSandbox' || c === 'CreateContainer')).toHaveLength(3);
    await clock.step(5_000);
    const job = (await runtime.listContainers({ podSandboxId: sandbox!.id })).find((c) => c.metadata.name === 'job')!;
    expect(await runtime.containerStatus(job.id)).toMatchObject({ state: 'exited', exitCode: 1 });
  });

  it('records a failed pull, backs off, and pulls again once the backoff ends', async () => {
    runtime.failPulls('nginx:1.27', 'connection refused');
    pods.set('u2', pod('u2'));
    workers.update(pods.get('u2')!);
    await workers.idle();
    expect(errors).toEqual([]);
    expect(syncer.waitingOf('u2').get('nginx')).toEqual({ reason: 'ErrImagePull', message: 'failed to pull and unpack image "docker.io/library/nginx:1.27": connection refused' });
    // The other container does not wait for this one.
    expect((await runtime.listContainers({ state: 'running' })).map((c) => c.metadata.name)).toEqual(['job']);
    workers.update(pods.get('u2')!);
    await workers.idle();
    expect(syncer.waitingOf('u2').get('nginx')).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.27"' });
    expect(runtime.calls.filter((c) => c === 'PullImage')).toHaveLength(1);
    runtime.failPulls('nginx:1.27', undefined);
    await clock.step(10_000);
    await workers.idle();
    const containers = await runtime.listContainers({ state: 'running' });
    expect(containers.map((c) => c.metadata.name).sort()).toEqual(['job', 'nginx']);
    expect(syncer.waitingOf('u2').get('nginx')).toBeUndefined();
    expect(await runtime.listPodSandboxes()).toHaveLength(1);
  });

  it('restarts a crashing container at once, then after 10 s, then 20 s (CrashLoopBackOff)', async () => {
    const crashing: PodObject = { ...pod('u5'), spec: { containers: [{ name: 'crash', image: 'busybox', command: ['false'] }] } };
    pods.set('u5', crashing);
    const attempts = async (): Promise<number[]> => (await runtime.listContainers()).map((c) => c.metadata.attempt).sort();
    workers.update(crashing);
    await workers.idle();
    expect(await attempts()).toEqual([0]);
    workers.update(crashing); // the relist saw it exit: restarted at once
    await workers.idle();
    expect(await attempts()).toEqual([0, 1]);
    workers.update(crashing);
    await workers.idle();
    expect(syncer.waitingOf('u5').get('crash')).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=crash pod=web-u5_demo(u5)' });
    await clock.step(9_999);
    await workers.idle();
    expect(await attempts()).toEqual([0, 1]);
    await clock.step(1);
    await workers.idle();
    expect(await attempts()).toEqual([1, 2]); // only the newest exit is kept
    workers.update(crashing);
    await workers.idle();
    expect(syncer.waitingOf('u5').get('crash')?.message).toMatch(/^back-off 20s /);
  });

  it('runs init containers one at a time, each to completion, before the containers', async () => {
    const withInit: PodObject = {
      ...pod('u6'),
      spec: { initContainers: [{ name: 'wait', image: 'busybox', command: ['sleep', '2'] }, { name: 'setup', image: 'busybox', command: ['true'] }], containers: [{ name: 'app', image: 'busybox', command: ['serve'] }] },
    };
    pods.set('u6', withInit);
    const names = async (): Promise<string[]> => (await runtime.listContainers()).map((c) => `${c.metadata.name}:${c.state}`).sort();
    workers.update(withInit);
    await workers.idle();
    expect(await names()).toEqual(['wait:running']);
    await clock.step(2_000);
    workers.update(withInit);
    await workers.idle();
    expect(await names()).toEqual(['setup:exited', 'wait:exited']);
    workers.update(withInit);
    await workers.idle();
    expect(await names()).toEqual(['app:running', 'setup:exited', 'wait:exited']);
  });

  it('stops and removes everything of a deleted pod', async () => {
    workers.update(pod('u3'));
    await workers.idle();
    workers.update(pod('u3', { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 2 }));
    await workers.idle();
    expect(await runtime.listPodSandboxes()).toEqual([]);
    expect(await runtime.listContainers()).toEqual([]);
    expect(runtime.calls).toEqual(expect.arrayContaining(['StopContainer', 'StopPodSandbox', 'RemovePodSandbox']));
  });

  it('maps host ports into the sandbox config', () => {
    expect(sandboxConfig(pod('u4')).portMappings).toEqual([{ protocol: 'TCP', containerPort: 80, hostPort: 8080, hostIp: undefined }]);
  });
});
