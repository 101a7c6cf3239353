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
  const errors: unknown[] = [];

  beforeEach(() => {
    clock = new FakeClock();
    runtime = new FakeRuntime({ clock, images: ['busybox'] });
    errors.length = 0;
    workers = new PodWorkers({ syncer: new RuntimePodSyncer(runtime, { dnsServers: ['10.96.0.10'] }), clock, onError: (_p, err) => errors.push(err) });
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

  it('retries a failed pull after the retry period and then starts the pod', async () => {
    runtime.failPulls('nginx:1.27', 'connection refused');
    workers.update(pod('u2'));
    await workers.idle();
    expect(errors).toHaveLength(1);
    runtime.failPulls('nginx:1.27', undefined);
    await clock.step(10_000);
    await workers.idle();
    const containers = await runtime.listContainers({ state: 'running' });
    expect(containers.map((c) => c.metadata.name).sort()).toEqual(['job', 'nginx']);
    expect(await runtime.listPodSandboxes()).toHaveLength(1);
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
