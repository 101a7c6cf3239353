import { isPodActive, isPodAvailable, isPodReady, isPodTerminal, msUntilAvailable } from './pod';
import type { PodObject } from './types';

interface PodOptions {
  phase?: string;
  ready?: boolean;
  readySince?: string;
  deleting?: boolean;
}

function pod(options: PodOptions = {}): PodObject {
  const conditions = options.ready === undefined ? [] : [{ type: 'Ready', status: options.ready ? 'True' : 'False', lastTransitionTime: options.readySince }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { containers: [{ name: 'main', image: 'busybox' }] },
    status: { phase: options.phase ?? 'Running', conditions },
  };
}

describe('pod state', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');

  it('reads readiness and availability', () => {
    const ready = pod({ ready: true, readySince: '2026-01-01T00:00:00Z' });
    expect(isPodReady(ready)).toBe(true);
    expect(isPodReady(pod({ ready: false }))).toBe(false);
    expect(isPodReady(pod())).toBe(false);
    expect(isPodAvailable(ready, 0, t0)).toBe(true);
    expect(isPodAvailable(ready, 5, t0 + 5000)).toBe(false);
    expect(isPodAvailable(ready, 5, t0 + 5001)).toBe(true);
    expect(msUntilAvailable(ready, 5, t0 + 2000)).toBe(3001);
    expect(msUntilAvailable(pod({ ready: false }), 5, t0)).toBeUndefined();
  });

  it('counts running and pending pods as active, not finished or terminating ones', () => {
    expect(isPodActive(pod())).toBe(true);
    expect(isPodActive(pod({ phase: 'Pending' }))).toBe(true);
    expect(isPodActive(pod({ phase: 'Succeeded' }))).toBe(false);
    expect(isPodActive(pod({ phase: 'Failed' }))).toBe(false);
    expect(isPodActive(pod({ deleting: true }))).toBe(false);
    expect(isPodTerminal(pod({ phase: 'Failed' }))).toBe(true);
    expect(isPodTerminal(pod({ deleting: true }))).toBe(false);
  });
});
