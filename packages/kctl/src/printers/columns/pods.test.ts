// READY, STATUS and RESTARTS from pod statuses shaped as the kubelet writes them.
import type { KObject } from '@kctl/api';
import { summarizePod } from './pods';

const NOW = Date.parse('2026-03-01T10:10:00Z');
type ContainerStatus = Record<string, unknown>;

function pod(statuses: ContainerStatus[], phase: string, ready: boolean): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'demo' },
    spec: { containers: statuses.map((s) => ({ name: s.name, image: 'busybox' })) },
    status: {
      phase,
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: statuses,
    },
  } as unknown as KObject;
}

const base = { image: 'docker.io/library/busybox:latest', imageID: 'sha256:1', containerID: 'fake://c1', lastState: {} };

describe('summarizePod on kubelet-written statuses', () => {
  it('a running, ready container is 1/1 Running', () => {
    const p = pod([{ ...base, name: 'app', ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2026-03-01T10:00:00Z' } } }], 'Running', true);
    expect(summarizePod(p, NOW)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });

  it('finished containers show their reason: Completed, Error', () => {
    const done = (exitCode: number, reason: string) => [{ ...base, name: 'app', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode, reason, finishedAt: '2026-03-01T10:05:00Z' } } }];
    expect(summarizePod(pod(done(0, 'Completed'), 'Succeeded', false), NOW)).toMatchObject({ ready: '0/1', status: 'Completed' });
    expect(summarizePod(pod(done(1, 'Error'), 'Failed', false), NOW)).toMatchObject({ ready: '0/1', status: 'Error' });
  });

  it('a container in backoff shows CrashLoopBackOff and its restarts with the last one', () => {
    const p = pod([{
      ...base, name: 'app', ready: false, started: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-03-01T10:09:00Z' } },
    }], 'Running', false);
    expect(summarizePod(p, NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '3 (60s ago)' });
  });

  it('an image that cannot be pulled shows ImagePullBackOff', () => {
    const p = pod([{ name: 'app', image: 'registry.local/missing:1', imageID: '', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } }, lastState: {} }], 'Pending', false);
    expect(summarizePod(p, NOW)).toMatchObject({ ready: '0/1', status: 'ImagePullBackOff' });
  });
});
