import { LeaderElector } from '@kctl/client';
import { ControlPlane, eventually, startControlPlane } from '@kctl/testing';

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
