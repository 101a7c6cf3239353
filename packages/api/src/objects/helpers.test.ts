import { removeCondition, setCondition } from './conditions';
import { firstUntolerated, isNodeReady, toleratesTaint } from './node';
import { resolveTargetPort } from './service';
import { formatMicroTime, formatTime, parseTime } from './time';
import type { NodeObject, PodObject } from './types';

describe('time', () => {
  it('formats metav1.Time without and MicroTime with fractional seconds', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(formatTime(ms)).toBe('2026-01-02T03:04:05Z');
    expect(formatMicroTime(ms)).toBe('2026-01-02T03:04:05.678000Z');
    expect(parseTime(formatTime(ms))).toBe(ms - 678);
    expect(parseTime('yesterday')).toBeUndefined();
    expect(parseTime(undefined)).toBeUndefined();
  });
});

describe('conditions', () => {
  it('keeps the transition time while the status stays and replaces it when it changes', () => {
    type C = { type: string; status: string; lastTransitionTime?: string; reason?: string };
    const first = setCondition<C>(undefined, { type: 'Ready', status: 'True', lastTransitionTime: 't1' });
    const same = setCondition<C>(first, { type: 'Ready', status: 'True', lastTransitionTime: 't2', reason: 'Again' });
    expect(same).toEqual([{ type: 'Ready', status: 'True', lastTransitionTime: 't1', reason: 'Again' }]);
    const flipped = setCondition<C>([...same, { type: 'Other', status: 'False' }], { type: 'Ready', status: 'False', lastTransitionTime: 't3' });
    expect(flipped.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe('t3');
    expect(removeCondition(flipped, 'Ready').map((c) => c.type)).toEqual(['Other']);
  });
});

describe('nodes and taints', () => {
  const node = (status: string): NodeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status }] } });

  it('reads readiness', () => {
    expect(isNodeReady(node('True'))).toBe(true);
    expect(isNodeReady(node('Unknown'))).toBe(false);
  });

  it('matches tolerations as Kubernetes does', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
    expect(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', value: 'w' }, taint)).toBe(false);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(firstUntolerated([taint, { key: 'x', effect: 'NoExecute' }], [{ key: 'k', operator: 'Exists' }])).toEqual({ key: 'x', effect: 'NoExecute' });
  });
});

describe('resolveTargetPort', () => {
  const pod: PodObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'http', containerPort: 8080 }] }] },
  };

  it('takes numbers as they are and looks names up by protocol', () => {
    expect(resolveTargetPort({ port: 80 }, pod)).toBe(80);
    expect(resolveTargetPort({ port: 80, targetPort: 9000 }, pod)).toBe(9000);
    expect(resolveTargetPort({ port: 80, targetPort: 'http' }, pod)).toBe(8080);
    expect(resolveTargetPort({ port: 53, targetPort: 'dns', protocol: 'UDP' }, pod)).toBe(53);
    expect(resolveTargetPort({ port: 53, targetPort: 'dns' }, pod)).toBeUndefined();
  });
});
