import { closedLoop, pacedLoop } from './load';
import { percentile, summarize } from './stats';

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarizes nanosecond latencies in ms and ops/s', () => {
    const s = summarize([1_000_000n, 2_000_000n, 3_000_000n, 4_000_000n], 2_000_000_000n, 1, 'boom');
    expect(s).toMatchObject({ ops: 4, errors: 1, firstError: 'boom', seconds: 2, throughput: 2, p50Ms: 2, maxMs: 4 });
  });
});

describe('load', () => {
  it('runs every index once with at most `concurrency` in flight', async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let peak = 0;
    const result = await closedLoop(
      async (i) => {
        seen.push(i);
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        if (i === 12) throw new Error('twelve');
      },
      { count: 20, concurrency: 4, first: 10 },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
    expect(peak).toBe(4);
    expect(result.ops).toBe(19);
    expect(result.errors).toBe(1);
    expect(result.firstError).toMatch(/twelve/);
  });

  it('paces operations at the requested rate', async () => {
    const result = await pacedLoop(() => Promise.resolve(), { rate: 100, seconds: 0.2 });
    expect(result.ops).toBe(20);
    expect(result.seconds).toBeGreaterThanOrEqual(0.18);
  });
});
