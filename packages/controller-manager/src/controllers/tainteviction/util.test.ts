import type { Taint, Toleration } from '@kctl/api';
import { evictionTime, toleratedForMs } from './util';

const T0 = Date.UTC(2026, 0, 1);
const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const tolerate = (key: string, seconds?: number): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) });
const since = (): number => T0;

describe('taint eviction: how long a taint is tolerated', () => {
  it('is not at all without a matching toleration', () => {
    expect(toleratedForMs(unreachable, undefined)).toBe(0);
    expect(toleratedForMs(unreachable, [tolerate('node.kubernetes.io/not-ready', 300)])).toBe(0);
    expect(toleratedForMs(unreachable, [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }])).toBe(0);
  });

  it('is the smallest tolerationSeconds among the matching tolerations', () => {
    expect(toleratedForMs(unreachable, [tolerate('node.kubernetes.io/unreachable', 300), { operator: 'Exists', tolerationSeconds: 60 }])).toBe(60_000);
    expect(toleratedForMs(unreachable, [tolerate('node.kubernetes.io/unreachable', -5)])).toBe(0);
  });

  it('is forever with a matching toleration without tolerationSeconds, unless another matching one limits it', () => {
    expect(toleratedForMs(unreachable, [tolerate('node.kubernetes.io/unreachable')])).toBe(Infinity);
    expect(toleratedForMs(unreachable, [tolerate('node.kubernetes.io/unreachable'), tolerate('node.kubernetes.io/unreachable', 30)])).toBe(30_000);
  });
});

describe('taint eviction: when a pod goes', () => {
  it('goes at once when a NoExecute taint is not tolerated', () => {
    expect(evictionTime([unreachable], [], since)).toBe(T0);
  });

  it('goes after the tolerationSeconds, counted from when the taint came', () => {
    const added = (t: Taint): number => (t.key === unreachable.key ? T0 + 10_000 : T0);
    expect(evictionTime([unreachable], [tolerate(unreachable.key!, 300)], added)).toBe(T0 + 310_000);
  });

  it('goes at the earliest of its taints', () => {
    const added = (t: Taint): number => (t.key === unreachable.key ? T0 + 100_000 : T0);
    expect(evictionTime([unreachable, notReady], [tolerate(unreachable.key!, 30), tolerate(notReady.key!, 300)], added)).toBe(T0 + 130_000);
  });

  it('never goes when every NoExecute taint is tolerated without limit, and ignores other effects', () => {
    expect(evictionTime([unreachable], [tolerate(unreachable.key!)], since)).toBeUndefined();
    expect(evictionTime([{ key: 'k', effect: 'NoSchedule' }], [], since)).toBeUndefined();
    expect(evictionTime([], [], since)).toBeUndefined();
  });
});
