import { ApiClient, FakeClock, LeaderElector } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane, startTcpProxy } from '@kctl/testing';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
});
afterAll(() => cp.stop());

const fast = { leaseDurationMs: 1000, renewDeadlineMs: 800, retryPeriodMs: 100 };

it('elects exactly one leader and hands over when it stops', async () => {
  const leading = new Set<string>();
  const everLed: string[] = [];
  const electors = ['a', 'b', 'c'].map((identity) => new LeaderElector({ client: cp.client, name: 'test-lock', identity, ...fast }));
  const runs = electors.map((e, i) =>
    e.run({
      onStartedLeading: (signal) => {
        const id = ['a', 'b', 'c'][i]!;
        leading.add(id);
        everLed.push(id);
        signal.addEventListener('abort', () => leading.delete(id));
      },
    }),
  );
  await eventually(() => expect(leading.size).toBe(1));
  const first = [...leading][0]!;
  // Several renewals later there is still exactly one leader, the same one.
  await eventually(async () => {
    const lease = await cp.client.get('leases', 'kube-system', 'test-lock');
    expect((lease.spec as { holderIdentity: string }).holderIdentity).toBe(first);
    expect(Number(lease.metadata.resourceVersion)).toBeGreaterThan(0);
  });
  expect(leading.size).toBe(1);

  const index = ['a', 'b', 'c'].indexOf(first);
  await electors[index]!.stop();
  await eventually(() => {
    expect(leading.size).toBe(1);
    expect([...leading][0]).not.toBe(first);
  });
  const lease = await cp.client.get('leases', 'kube-system', 'test-lock');
  expect((lease.spec as { leaseTransitions: number }).leaseTransitions).toBeGreaterThanOrEqual(1);
  for (const e of electors) await e.stop();
  await Promise.all(runs);
  expect(everLed.length).toBe(2);
});

it('a leader that cannot renew stops leading', async () => {
  let aborted = false;
  let started = false;
  const elector = new LeaderElector({ client: cp.client, name: 'steal-lock', identity: 'victim', ...fast });
  const run = elector.run({
    onStartedLeading: (signal) => {
      started = true;
      signal.addEventListener('abort', () => (aborted = true));
    },
  });
  await eventually(() => expect(started).toBe(true));
  // Another holder takes the lease by force (as a partitioned leader would find on return).
  const lease = await cp.client.get('leases', 'kube-system', 'steal-lock');
  await cp.client.update('leases', { ...lease, spec: { ...(lease.spec as object), holderIdentity: 'thief', leaseDurationSeconds: 3600 } });
  await eventually(() => expect(aborted).toBe(true));
  expect(elector.isLeader).toBe(false);
  await elector.stop();
  await run;
});

/** A client that counts its calls in flight, so a test knows when real I/O has settled. */
function counting(client: ApiClient): { client: ApiClient; inFlight: () => number } {
  let inFlight = 0;
  const wrapped = new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !['get', 'create', 'update'].includes(String(prop))) return value;
      return (...args: unknown[]) => {
        inFlight++;
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).finally(() => inFlight--);
      };
    },
  });
  return { client: wrapped, inFlight: () => inFlight };
}

/** Steps fake time by stepMs until until() holds, waiting for settled() before each step. */
async function advanceUntil(clock: FakeClock, settled: () => boolean, stepMs: number, until: () => boolean, maxMs = 120_000): Promise<void> {
  for (let elapsed = 0; !until(); elapsed += stepMs) {
    if (elapsed > maxMs) throw new Error(`condition not reached within ${maxMs} ms of fake time`);
    await eventually(() => expect(settled()).toBe(true));
    await clock.step(stepMs);
  }
}

it('a leader cut off from the apiserver steps down within renewDeadline, before a standby takes over', async () => {
  const clock = new FakeClock();
  const proxy = await startTcpProxy(cp.address);
  const cutOff = new ApiClient({ server: proxy.address, timeoutMs: 30_000 });
  const viaProxy = counting(cutOff);
  const direct = counting(cp.client);
  let partitioned = false;
  // Real calls have finished, except those that hang on the partition until their deadline.
  const settled = (): boolean => direct.inFlight() === 0 && (partitioned || viaProxy.inFlight() === 0) && clock.pending >= 2;
  // Kubernetes' defaults: leaseDuration 15 s, renewDeadline 10 s, retryPeriod 2 s.
  const leader = new LeaderElector({ client: viaProxy.client, name: 'partition-lock', identity: 'leader', clock });
  const standby = new LeaderElector({ client: direct.client, name: 'partition-lock', identity: 'standby', clock });
  const log: { who: string; what: string; at: number }[] = [];
  const track = (who: string) => ({
    onStartedLeading: (signal: AbortSignal) => {
      log.push({ who, what: 'started', at: clock.now() });
      signal.addEventListener('abort', () => log.push({ who, what: 'aborted', at: clock.now() }));
    },
    onStoppedLeading: () => log.push({ who, what: 'stopped', at: clock.now() }),
  });
  const has = (who: string, what: string): boolean => log.some((e) => e.who === who && e.what === what);
  const at = (who: string, what: string): number => log.find((e) => e.who === who && e.what === what)!.at;
  try {
    const runLeader = leader.run(track('leader'));
    await eventually(() => expect(has('leader', 'started')).toBe(true));
    const runStandby = standby.run(track('standby'));
    // A few renewals go through.
    await advanceUntil(clock, settled, 500, () => clock.now() - at('leader', 'started') >= 6000);
    const renewed = await cp.client.get<{ spec: { renewTime: string } } & import('@kctl/api').KObject>('leases', 'kube-system', 'partition-lock');
    const lastRenew = Date.parse(renewed.spec.renewTime);
    expect(lastRenew).toBeGreaterThan(at('leader', 'started'));

    proxy.partition();
    partitioned = true;
    await advanceUntil(clock, settled, 500, () => has('standby', 'started'));
    // The stale leader stopped acting (signal aborted, then told) no later than renewDeadline
    // after its last renewal, and before the standby began.
    expect(log.filter((e) => e.who === 'leader').map((e) => e.what)).toEqual(['started', 'aborted', 'stopped']);
    expect(at('leader', 'aborted') - lastRenew).toBeLessThanOrEqual(10_000);
    expect(at('leader', 'stopped')).toBeLessThan(at('standby', 'started'));
    expect(at('standby', 'started') - lastRenew).toBeGreaterThanOrEqual(15_000);
    expect(leader.isLeader).toBe(false);

    proxy.heal();
    partitioned = false;
    const stopping = [leader.stop(), standby.stop()];
    await clock.step(5000);
    await Promise.all(stopping);
    await Promise.all([runLeader, runStandby]);
  } finally {
    cutOff.close();
    await proxy.close();
  }
});
