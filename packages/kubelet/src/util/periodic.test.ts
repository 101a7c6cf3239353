import { FakeClock } from '@kctl/client';
import { RetryDelay, startPeriodic } from './periodic';

describe('startPeriodic', () => {
  it('runs at once, then after each pause; wake runs early; stop ends it', async () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const task = startPeriodic(clock, async () => void runs.push(clock.now()), () => 1000, () => {});
    await clock.step(0);
    expect(runs).toHaveLength(1);
    await clock.step(999);
    expect(runs).toHaveLength(1);
    await clock.step(1);
    expect(runs).toHaveLength(2);
    task.wake();
    await clock.step(0);
    expect(runs).toHaveLength(3);
    await task.stop();
    await clock.step(10_000);
    expect(runs).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });

  it('never overlaps runs: a wake during a run runs once more afterwards', async () => {
    const clock = new FakeClock();
    let active = 0;
    let maxActive = 0;
    let count = 0;
    let release = (): void => {};
    const task = startPeriodic(
      clock,
      async () => {
        active++;
        count++;
        maxActive = Math.max(maxActive, active);
        if (count === 1) await new Promise<void>((resolve) => (release = resolve));
        active--;
      },
      () => 60_000,
      () => {},
    );
    task.wake();
    task.wake();
    release();
    await clock.step(0);
    expect(count).toBe(2);
    expect(maxActive).toBe(1);
    await task.stop();
  });

  it('reports failures and keeps the schedule', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const task = startPeriodic(clock, () => Promise.reject(new Error('boom')), () => 500, (err) => errors.push(err));
    await clock.step(0);
    await clock.step(1000);
    expect(errors).toHaveLength(3);
    await task.stop();
  });
});

describe('RetryDelay', () => {
  it('doubles up to its cap and starts over on reset', () => {
    const backoff = new RetryDelay(200, 1000);
    expect([backoff.step(), backoff.step(), backoff.step(), backoff.step()]).toEqual([200, 400, 800, 1000]);
    backoff.reset();
    expect(backoff.step()).toBe(200);
  });
});
