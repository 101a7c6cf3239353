import { PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { makePod } from '../test/fixtures';

import { QueuedPodInfo, SchedulingQueue } from './scheduling-queue';

/** Pops what is in active right now (pop() resolves synchronously then). */
async function drain(queue: SchedulingQueue): Promise<string[]> {
  const names: string[] = [];
  while (queue.counts.active > 0) {
    const info = await queue.pop();
    names.push(info!.pod.metadata.name!);
    queue.done(info!.key);
  }
  return names;
}

async function popOne(queue: SchedulingQueue): Promise<QueuedPodInfo> {
  expect(queue.counts.active).toBeGreaterThan(0);
  return (await queue.pop())!;
}

/** Pops the pod and marks it unschedulable, as a failed cycle does. */
async function fail(queue: SchedulingQueue): Promise<QueuedPodInfo> {
  const info = await popOne(queue);
  queue.addUnschedulableIfNotPresent(info);
  queue.done(info.key);
  return info;
}

describe('SchedulingQueue', () => {
  let clock: FakeClock;
  let queue: SchedulingQueue;

  beforeEach(() => {
    clock = new FakeClock();
    queue = new SchedulingQueue({ clock });
  });

  afterEach(() => queue.close());

  it('pops higher priority first, then first in first out', async () => {
    queue.add(makePod('low1', { priority: 0 }));
    await clock.step(1);
    queue.add(makePod('high', { priority: 100 }));
    queue.add(makePod('low2'));
    queue.add(makePod('mid', { priority: 10 }));
    queue.add(makePod('low3'));
    expect(await drain(queue)).toEqual(['high', 'mid', 'low1', 'low2', 'low3']);
  });

  it('adds a pod once however often it is added', async () => {
    queue.add(makePod('a'));
    queue.add(makePod('a'));
    expect(queue.counts.active).toBe(1);
  });

  it('hands a pod to a waiting pop', async () => {
    const popped = queue.pop();
    queue.add(makePod('a'));
    expect((await popped)?.pod.metadata.name).toBe('a');
  });

  it('resolves a waiting pop with undefined on close or abort', async () => {
    const waiting = queue.pop();
    queue.close();
    expect(await waiting).toBeUndefined();
    const q2 = new SchedulingQueue({ clock });
    const ac = new AbortController();
    const p = q2.pop(ac.signal);
    ac.abort();
    expect(await p).toBeUndefined();
    q2.add(makePod('a'));
    expect(q2.counts.active).toBe(1);
    q2.close();
  });

  it('backs off 1 s after the first failure, doubling to a 10 s cap', async () => {
    queue.add(makePod('a'));
    const expected = [1000, 2000, 4000, 8000, 10_000, 10_000];
    for (const wait of expected) {
      const info = await popOne(queue);
      queue.addBackoff(info);
      queue.done(info.key);
      expect(queue.locate(info.key)).toBe('backoff');
      await clock.step(wait - 1);
      expect(queue.locate(info.key)).toBe('backoff');
      await clock.step(1);
      expect(queue.locate(info.key)).toBe('active');
    }
  });

  it('re-activates unschedulable pods when a node is added (move request)', async () => {
    queue.add(makePod('a'));
    await fail(queue);
    expect(queue.locate('default/a')).toBe('unschedulable');
    await clock.step(5000); // past its 1 s backoff
    queue.moveAllToActiveOrBackoff();
    expect(queue.locate('default/a')).toBe('active');
  });

  it('sends a pod still backing off to backoff on a move request, then to active', async () => {
    queue.add(makePod('a'));
    await fail(queue);
    await clock.step(200);
    queue.moveAllToActiveOrBackoff();
    expect(queue.locate('default/a')).toBe('backoff');
    await clock.step(800);
    expect(queue.locate('default/a')).toBe('active');
  });

  it('moves unschedulable pods back after 60 s without any event', async () => {
    queue.add(makePod('a'));
    await fail(queue);
    await clock.step(59_999);
    expect(queue.locate('default/a')).toBe('unschedulable');
    await clock.step(1);
    expect(queue.locate('default/a')).toBe('active');
  });

  it('sends a pod that failed after a move request during its cycle to backoff, not unschedulable', async () => {
    queue.add(makePod('a'));
    const info = await popOne(queue);
    queue.moveAllToActiveOrBackoff(); // e.g. a node was added while the pod was being scheduled
    queue.addUnschedulableIfNotPresent(info);
    queue.done(info.key);
    expect(queue.locate('default/a')).toBe('backoff');
    await clock.step(1000);
    expect(queue.locate('default/a')).toBe('active');
  });

  it('retries an unschedulable pod whose spec changed, but not on status-only updates', async () => {
    const pod = makePod('a', { cpu: '100' });
    queue.add(pod);
    await fail(queue);
    const withStatus: PodObject = { ...pod, metadata: { ...pod.metadata, resourceVersion: '2' }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] } };
    queue.update(pod, withStatus);
    expect(queue.locate('default/a')).toBe('unschedulable');
    const smaller = makePod('a', { cpu: '1' });
    await clock.step(2000);
    queue.update(withStatus, smaller);
    expect(queue.locate('default/a')).toBe('active');
    expect((await popOne(queue)).pod.spec?.containers[0]?.resources?.requests?.['cpu']).toBe('1');
  });

  it('forgets deleted pods, also while they are in flight', async () => {
    queue.add(makePod('a'));
    queue.add(makePod('b'));
    queue.delete(makePod('a'));
    expect(queue.locate('default/a')).toBeUndefined();
    const info = await popOne(queue);
    queue.delete(info.pod);
    queue.addUnschedulableIfNotPresent(info);
    queue.done(info.key);
    expect(queue.locate('default/b')).toBeUndefined();
  });

  it('keeps gated pods aside until their gates are removed', async () => {
    const gated = makePod('a', { schedulingGates: ['example.com/wait'] });
    queue.add(gated);
    expect(queue.locate('default/a')).toBe('gated');
    queue.moveAllToActiveOrBackoff();
    expect(queue.locate('default/a')).toBe('gated');
    queue.update(gated, makePod('a'));
    expect(queue.locate('default/a')).toBe('active');
  });

  it('puts a pod back without counting the attempt on requeue', async () => {
    queue.add(makePod('a'));
    const info = await popOne(queue);
    expect(info.attempts).toBe(1);
    queue.requeue(info);
    expect(queue.locate('default/a')).toBe('active');
    expect((await popOne(queue)).attempts).toBe(1);
  });

  it('reorders a queued pod whose priority changed', async () => {
    queue.add(makePod('a'));
    queue.add(makePod('b'));
    queue.update(makePod('b'), makePod('b', { priority: 5 }));
    expect(await drain(queue)).toEqual(['b', 'a']);
  });
});
