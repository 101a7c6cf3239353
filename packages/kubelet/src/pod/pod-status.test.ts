// The pod status from spec and runtime state, with fixed inputs.
import type { PodObject } from '@kctl/api';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/runtime';
import { computePodStatus, ContainerWaiting, ObservedPod, PodStatusInputs } from './pod-status';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const pod = (spec: Partial<NonNullable<PodObject['spec']>> = {}, status: PodObject['status'] = {}): PodObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'demo', uid: 'u1' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
  status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: at(-5) }], ...status },
});

const sandbox = (state: 'ready' | 'notready' = 'ready'): PodSandboxStatus => ({
  id: 'sb1', metadata: { name: 'web', namespace: 'demo', uid: 'u1', attempt: 0 }, state, createdAt: T0, labels: {}, annotations: {}, ips: state === 'ready' ? ['10.88.0.2'] : [],
});

const container = (name: string, state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
  id: `c-${name}-${extra.metadata?.attempt ?? 0}`, podSandboxId: 'sb1', metadata: { name, attempt: 0 }, image: { image: 'docker.io/library/nginx:1.27' },
  imageRef: 'sha256:abc', state, createdAt: T0, startedAt: state === 'created' ? 0 : T0 + 1000, finishedAt: 0, exitCode: 0, reason: '', message: '',
  labels: {}, annotations: {}, logPath: '', ...extra,
});

function status(p: PodObject, observed: ObservedPod, extra: Partial<PodStatusInputs> = {}, waiting: Record<string, ContainerWaiting> = {}) {
  return computePodStatus({ pod: p, observed, waiting: new Map(Object.entries(waiting)), runtimeName: 'fake', nodeIP: '10.0.0.5', now: T0 + 2000, ...extra });
}

const conditions = (s: ReturnType<typeof status>): string[] => (s.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);

describe('computePodStatus', () => {
  it('reports a running container as Running and Ready, with IPs from the sandbox and the node', () => {
    const s = status(pod(), { sandbox: sandbox(), containers: [container('app', 'running')] });
    expect(s).toMatchObject({
      phase: 'Running', hostIP: '10.0.0.5', hostIPs: [{ ip: '10.0.0.5' }], podIP: '10.88.0.2', podIPs: [{ ip: '10.88.0.2' }], startTime: at(2), qosClass: 'BestEffort',
    });
    expect(conditions(s)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(s.conditions?.find((c) => c.type === 'PodScheduled')?.lastTransitionTime).toBe(at(-5));
    expect(s.containerStatuses).toEqual([{
      name: 'app', image: 'docker.io/library/nginx:1.27', imageID: 'sha256:abc', containerID: 'fake://c-app-0', ready: true, started: true, restartCount: 0,
      state: { running: { startedAt: at(1) } }, lastState: {},
    }]);
  });

  it('keeps lastTransitionTime while a condition holds, and startTime once set', () => {
    const first = status(pod(), { sandbox: sandbox(), containers: [container('app', 'running')] });
    const again = status(pod({}, first), { sandbox: sandbox(), containers: [container('app', 'running')] }, { now: T0 + 60_000 });
    expect(again).toEqual(first);
    const exited = container('app', 'exited', { exitCode: 1, reason: 'Error', finishedAt: T0 + 50_000 });
    const crashed = status(pod({}, first), { sandbox: sandbox(), containers: [exited] }, { now: T0 + 60_000 }, { app: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } });
    expect(crashed.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]', lastTransitionTime: at(60) });
    expect(crashed.conditions?.find((c) => c.type === 'Initialized')?.lastTransitionTime).toBe(at(2));
    expect(crashed.startTime).toBe(at(2));
  });

  it('shows a container in backoff as waiting with the exit in lastState; the pod stays Running under Always', () => {
    const exited = container('app', 'exited', { metadata: { name: 'app', attempt: 3 }, exitCode: 2, reason: 'Error', finishedAt: T0 + 1500 });
    const s = status(pod(), { sandbox: sandbox(), containers: [exited] }, {}, { app: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } });
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses?.[0]).toMatchObject({
      restartCount: 3, ready: false, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
      lastState: { terminated: { exitCode: 2, reason: 'Error', startedAt: at(1), finishedAt: '2026-03-01T10:00:01Z', containerID: 'fake://c-app-3' } },
    });
  });

  it('Never: exit 0 is Succeeded/Completed, exit 1 is Failed/Error, and the pod is not Ready (PodCompleted)', () => {
    const never = pod({ restartPolicy: 'Never' });
    const ok = status(never, { sandbox: sandbox(), containers: [container('app', 'exited', { exitCode: 0, reason: 'Completed', finishedAt: T0 + 1800 })] });
    expect(ok.phase).toBe('Succeeded');
    expect(ok.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(conditions(ok)).toContain('Ready=False/PodCompleted');
    const bad = status(never, { sandbox: sandbox(), containers: [container('app', 'exited', { exitCode: 1, reason: 'Error', finishedAt: T0 + 1800 })] });
    expect(bad.phase).toBe('Failed');
    expect(bad.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('OnFailure: a success finishes the pod, a failure keeps it Running', () => {
    const onFailure = pod({ restartPolicy: 'OnFailure' });
    const exit = (code: number) => [container('app', 'exited', { exitCode: code, finishedAt: T0 + 1800 })];
    expect(status(onFailure, { sandbox: sandbox(), containers: exit(0) }).phase).toBe('Succeeded');
    expect(status(onFailure, { sandbox: sandbox(), containers: exit(1) }).phase).toBe('Running');
  });

  it('reports image pull failures and containers not yet created as waiting, the pod Pending', () => {
    const p = pod({ containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'ghcr.io/x/side:1' }] });
    const s = status(p, { sandbox: sandbox(), containers: [] }, {}, { side: { reason: 'ErrImagePull', message: 'failed to pull' } });
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.map((c) => [c.name, c.image, c.state?.waiting?.reason])).toEqual([['app', 'nginx:1.27', 'ContainerCreating'], ['side', 'ghcr.io/x/side:1', 'ErrImagePull']]);
    expect(s.conditions?.find((c) => c.type === 'ContainersReady')?.message).toBe('containers with unready status: [app side]');
  });

  it('without a sandbox there is no pod IP and PodReadyToStartContainers is False', () => {
    const s = status(pod(), { containers: [] });
    expect(s.podIP).toBeUndefined();
    expect(conditions(s)[0]).toBe('PodReadyToStartContainers=False');
  });

  it('holds the containers at PodInitializing until every init container succeeded', () => {
    const p = pod({ initContainers: [{ name: 'setup', image: 'busybox' }] });
    const running = status(p, { sandbox: sandbox(), containers: [container('setup', 'running')] });
    expect(running.phase).toBe('Pending');
    expect(conditions(running)).toContain('Initialized=False/ContainersNotInitialized');
    expect(running.containerStatuses?.[0]?.state?.waiting?.reason).toBe('PodInitializing');
    expect(running.initContainerStatuses?.[0]?.state?.running).toBeDefined();
    const done = status(p, { sandbox: sandbox(), containers: [container('setup', 'exited', { exitCode: 0, finishedAt: T0 + 1500 }), container('app', 'running')] });
    expect(done.phase).toBe('Running');
    expect(conditions(done)).toContain('Initialized=True');
    const failed = status(pod({ initContainers: [{ name: 'setup', image: 'busybox' }], restartPolicy: 'Never' }), { sandbox: sandbox(), containers: [container('setup', 'exited', { exitCode: 1, finishedAt: T0 + 1500 })] });
    expect(failed.phase).toBe('Failed');
  });

  it('after termination: containers stopped by signal make the pod Failed, and the last pod IP stays', () => {
    const p = pod({}, { podIP: '10.88.0.2', podIPs: [{ ip: '10.88.0.2' }] });
    const s = status(p, { sandbox: sandbox('notready'), containers: [container('app', 'exited', { exitCode: 143, reason: 'Error', finishedAt: T0 + 1900 })] }, { terminated: true });
    expect(s.phase).toBe('Failed');
    expect(s.podIP).toBe('10.88.0.2');
    expect(conditions(s)).toEqual(expect.arrayContaining(['PodReadyToStartContainers=False', 'Ready=False/PodCompleted']));
  });
});
