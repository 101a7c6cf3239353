import { FakeClock } from './clock';
import { ExponentialRateLimiter, WorkQueue } from './workqueue';
import { PermanentError, runWorkers } from './reconcile-loop';

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WorkQueue', () => {
  it('hands out a key once however often it was added', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect(await queue.get()).toBe('a');
    expect(await queue.get()).toBe('b');
  });

  it('never gives a key in work to a second worker, and runs it again after done', async () => {
    const queue = new WorkQueue();
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    expect(queue.length).toBe(0);
    let second: string | undefined;
    void queue.get().then((k) => (second = k));
    await settle();
    expect(second).toBeUndefined();
    queue.done(first!);
    await settle();
    expect(second).toBe('a');
  });

  it('delays addAfter and rate-limited adds on the injected clock', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, rateLimiter: new ExponentialRateLimiter(10, 40) });
    queue.addAfter('later', 100);
    queue.addRateLimited('retry');
    expect(queue.length).toBe(0);
    await clock.step(10);
    expect(queue.length).toBe(1);
    await clock.step(90);
    expect(queue.length).toBe(2);
    // The limiter doubles per failure and stops at its cap.
    expect([queue.rateLimiter.when('x'), queue.rateLimiter.when('x'), queue.rateLimiter.when('x'), queue.rateLimiter.when('x')]).toEqual([10, 20, 40, 40]);
    queue.forget('x');
    expect(queue.numRequeues('x')).toBe(0);
  });

  it('wakes waiting workers with undefined on shutdown', async () => {
    const queue = new WorkQueue();
    const waiting = queue.get();
    queue.shutDown();
    expect(await waiting).toBeUndefined();
    queue.add('ignored');
    expect(queue.length).toBe(0);
  });
});

describe('runWorkers', () => {
  it('retries failures with backoff, gives up after maxRetries and drops permanent errors at once', async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, rateLimiter: new ExponentialRateLimiter(100, 1000) });
    const attempts = new Map<string, number>();
    const failures: [string, boolean][] = [];
    const done = runWorkers(
      queue,
      async (key) => {
        attempts.set(key, (attempts.get(key) ?? 0) + 1);
        if (key === 'flaky' && attempts.get(key)! < 3) throw new Error('try again');
        if (key === 'broken') throw new Error('always');
        if (key === 'invalid') throw new PermanentError('bad input');
      },
      { workers: 2, maxRetries: 2, onError: (key, _err, permanent) => failures.push([key, permanent]) },
    );
    queue.add('flaky');
    queue.add('broken');
    queue.add('invalid');
    await settle();
    await clock.step(100);
    await clock.step(200);
    await clock.step(1000);
    queue.shutDown();
    await done;
    expect(attempts.get('flaky')).toBe(3);
    expect(attempts.get('broken')).toBe(3);
    expect(attempts.get('invalid')).toBe(1);
    expect(failures.filter(([, permanent]) => permanent).map(([key]) => key).sort()).toEqual(['broken', 'invalid']);
  });
});
