import { pod } from '../testing/fixtures';
import { isPodActive, isPodAvailable, isPodReady, msUntilAvailable } from './pod';

describe('pod state', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');

  it('reads readiness and availability', () => {
    const ready = pod('a', { ready: true, readySince: '2026-01-01T00:00:00Z' });
    expect(isPodReady(ready)).toBe(true);
    expect(isPodReady(pod('b', { ready: false }))).toBe(false);
    expect(isPodReady(pod('c'))).toBe(false);
    expect(isPodAvailable(ready, 0, t0)).toBe(true);
    expect(isPodAvailable(ready, 5, t0 + 5000)).toBe(false);
    expect(isPodAvailable(ready, 5, t0 + 5001)).toBe(true);
    expect(msUntilAvailable(ready, 5, t0 + 2000)).toBe(3001);
    expect(msUntilAvailable(pod('b', { ready: false }), 5, t0)).toBeUndefined();
  });

  it('counts running and pending pods as active, not finished or terminating ones', () => {
    expect(isPodActive(pod('a'))).toBe(true);
    expect(isPodActive(pod('a', { phase: 'Pending' }))).toBe(true);
    expect(isPodActive(pod('a', { phase: 'Succeeded' }))).toBe(false);
    expect(isPodActive(pod('a', { phase: 'Failed' }))).toBe(false);
    expect(isPodActive(pod('a', { deleting: true }))).toBe(false);
  });
});
