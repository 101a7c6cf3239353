// The scheduling core against a fake API: assumptions, binds in flight,
// bind failures, and failure reporting. The integration tests cover the real wiring.
import { PodCondition, PodObject } from '@kctl/api';
import { StatusError } from '@kctl/api';
import { EventType, FakeClock } from '@kctl/client';
import { SchedulerApi } from './api';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './test/fixtures';

interface PendingBind {
  pod: PodObject;
  nodeName: string;
  resolve(): void;
  reject(err: Error): void;
}

class FakeApi implements SchedulerApi {
  binds: PendingBind[] = [];
  /** Answer binds at once unless holding. */
  hold = false;
  failWith?: Error;
  conditions: { pod: string; condition: PodCondition }[] = [];
  events: { pod: string; type: EventType; reason: string; message: string }[] = [];

  bind(pod: PodObject, nodeName: string): Promise<void> {
    if (!this.hold) return this.failWith ? Promise.reject(this.failWith) : Promise.resolve();
    return new Promise((resolve, reject) => this.binds.push({ pod, nodeName, resolve, reject }));
  }

  async setPodScheduledCondition(pod: PodObject, condition: PodCondition): Promise<void> {
    this.conditions.push({ pod: pod.metadata.name!, condition });
  }

  event(pod: PodObject, type: EventType, reason: string, message: string): void {
    this.events.push({ pod: pod.metadata.name!, type, reason, message });
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Scheduler', () => {
  let clock: FakeClock;
  let api: FakeApi;
  let scheduler: Scheduler;
  let stop: AbortController;
  let loop: Promise<void>;

  const startLoop = (options: { maxInFlightBinds?: number } = {}): void => {
    scheduler = new Scheduler({ api, clock, random: () => 0, ...options });
    stop = new AbortController();
    loop = scheduler.run(stop.signal);
  };

  beforeEach(() => {
    clock = new FakeClock();
    api = new FakeApi();
  });

  afterEach(async () => {
    stop.abort();
    await loop;
    for (const b of api.binds) b.resolve();
    await scheduler.close();
  });

  it('counts a pod on its node before the bind returns, so two pods never double-book', async () => {
    api.hold = true;
    startLoop();
    scheduler.onNodeAdd(makeNode('n1', { cpu: '4' }));
    scheduler.onNodeAdd(makeNode('n2', { cpu: '4' }));
    scheduler.onPodAdd(makePod('a', { cpu: '3' }));
    scheduler.onPodAdd(makePod('b', { cpu: '3' }));
    await until(() => api.binds.length === 2, 'two binds in flight');
    expect(new Set(api.binds.map((b) => b.nodeName))).toEqual(new Set(['n1', 'n2']));
    expect(scheduler.cache.assumedCount).toBe(2);
    // The third pod fits nowhere while both are assumed.
    scheduler.onPodAdd(makePod('c', { cpu: '3' }));
    await until(() => scheduler.queue.locate('default/c') === 'unschedulable', 'c unschedulable');
    expect(api.events.find((e) => e.pod === 'c')?.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
  });

  it('keeps scheduling while binds are in flight, up to the limit', async () => {
    api.hold = true;
    startLoop({ maxInFlightBinds: 5 });
    scheduler.onNodeAdd(makeNode('n1', { pods: '110' }));
    for (let i = 0; i < 8; i++) scheduler.onPodAdd(makePod(`p${i}`));
    await until(() => api.binds.length === 5, 'five binds in flight');
    expect(scheduler.queue.counts.active).toBe(3);
    api.binds.shift()!.resolve();
    await until(() => api.binds.length === 5 && scheduler.queue.counts.active === 2, 'the next pod after a slot frees');
    expect(scheduler.stats.bound).toBe(1);
  });

  it('confirms the assumption when the informer shows the pod bound', async () => {
    startLoop();
    scheduler.onNodeAdd(makeNode('n1'));
    const pod = makePod('a');
    scheduler.onPodAdd(pod);
    await until(() => scheduler.stats.bound === 1, 'bound');
    expect(scheduler.cache.isAssumed('default/a')).toBe(true);
    expect(api.events.map((e) => e.message)).toEqual(['Successfully assigned default/a to n1']);
    const placed = { ...pod, spec: { ...pod.spec!, nodeName: 'n1' } };
    scheduler.onPodUpdate(pod, placed);
    expect(scheduler.cache.isAssumed('default/a')).toBe(false);
    expect(scheduler.cache.getNodeInfo('n1')!.pods.size).toBe(1);
    expect(scheduler.queue.locate('default/a')).toBeUndefined();
  });

  it('drops a pod whose bind answers Conflict and forgets its assumption', async () => {
    api.failWith = new StatusError('Conflict', 'Operation cannot be fulfilled on pods/binding "a": pod a is already assigned to node "n9"');
    startLoop();
    scheduler.onNodeAdd(makeNode('n1'));
    scheduler.onPodAdd(makePod('a', { cpu: '1' }));
    await until(() => scheduler.stats.bindConflicts === 1, 'conflict');
    await until(() => scheduler.queue.counts.inFlight === 0, 'done');
    expect(scheduler.queue.locate('default/a')).toBeUndefined();
    expect(scheduler.cache.getNodeInfo('n1')!.requested.milliCpu).toBe(0);
  });

  it('forgets the assumption and retries after backoff when a bind fails otherwise', async () => {
    api.failWith = new StatusError('ServiceUnavailable', 'etcd is down');
    startLoop();
    scheduler.onNodeAdd(makeNode('n1'));
    scheduler.onPodAdd(makePod('a', { cpu: '1' }));
    await until(() => scheduler.stats.bindErrors === 1, 'bind error');
    await until(() => scheduler.queue.locate('default/a') === 'backoff', 'backoff');
    expect(scheduler.cache.getNodeInfo('n1')!.requested.milliCpu).toBe(0);
    api.failWith = undefined;
    await clock.step(1000);
    await until(() => scheduler.stats.bound === 1, 'bound on retry');
  });

  it('reports an unschedulable pod once and schedules it when a node is added', async () => {
    startLoop();
    scheduler.onNodeAdd(makeNode('n1', { cpu: '1' }));
    scheduler.onPodAdd(makePod('big', { cpu: '2' }));
    await until(() => scheduler.queue.locate('default/big') === 'unschedulable', 'unschedulable');
    expect(api.events).toEqual([{ pod: 'big', type: 'Warning', reason: 'FailedScheduling', message: '0/1 nodes are available: 1 Insufficient cpu.' }]);
    await until(() => api.conditions.length === 1, 'condition');
    expect(api.conditions[0]!.condition).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' });
    // A pod deleted elsewhere retries it at once: same outcome, so no second event within the interval.
    const other = makePod('other', { nodeName: 'n1' });
    scheduler.onPodAdd(other);
    scheduler.onPodDelete(other);
    await clock.step(1000);
    await until(() => scheduler.stats.unschedulable === 2, 'second attempt');
    expect(api.events).toHaveLength(1);
    expect(api.conditions).toHaveLength(1);
    // After 60 s in unschedulable it is retried again, and the repeat is recorded.
    await clock.step(60_000);
    await until(() => scheduler.stats.unschedulable === 3, 'third attempt');
    expect(api.events).toHaveLength(2);
    scheduler.onNodeAdd(makeNode('n2', { cpu: '4' }));
    await clock.step(10_000); // past its backoff
    await until(() => scheduler.stats.bound === 1, 'bound after node add');
  });

  it('frees the room of a pod that finished', async () => {
    startLoop();
    scheduler.onNodeAdd(makeNode('n1', { cpu: '1' }));
    const running = makePod('old', { cpu: '1', nodeName: 'n1', phase: 'Running' });
    scheduler.onPodAdd(running);
    scheduler.onPodAdd(makePod('new', { cpu: '1' }));
    await until(() => scheduler.queue.locate('default/new') === 'unschedulable', 'unschedulable');
    scheduler.onPodUpdate(running, { ...running, status: { phase: 'Succeeded' } });
    await clock.step(1000);
    await until(() => scheduler.stats.bound === 1, 'bound after the old pod finished');
  });

  it('ignores pods of other schedulers, placed pods and pods being deleted', async () => {
    startLoop();
    scheduler.onNodeAdd(makeNode('n1'));
    scheduler.onPodAdd(makePod('other', { schedulerName: 'my-scheduler' }));
    scheduler.onPodAdd(makePod('placed', { nodeName: 'n1' }));
    scheduler.onPodAdd(makePod('going', { deletionTimestamp: '2026-01-01T00:00:00Z' }));
    scheduler.onPodAdd(makePod('mine'));
    await until(() => scheduler.stats.bound === 1, 'bound');
    expect(scheduler.stats.attempts).toBe(1);
  });

  it('schedules a pod created again under the name of a placed pod, even when seen as one update', async () => {
    startLoop();
    scheduler.onNodeAdd(makeNode('n1', { cpu: '1' }));
    const old = makePod('a', { cpu: '1', nodeName: 'n1', uid: 'uid-old', phase: 'Running' });
    scheduler.onPodAdd(old);
    const again = makePod('a', { cpu: '1', uid: 'uid-new' });
    scheduler.onPodUpdate(old, again);
    await until(() => scheduler.stats.bound === 1, 'the new pod bound');
    expect(scheduler.cache.getPod('default/a')?.metadata.uid).toBe('uid-new');
    expect(scheduler.cache.getNodeInfo('n1')!.requested.milliCpu).toBe(1000);
  });
});
